//! Widgets more than one page uses: the chart card, the info tip and the
//! model status notice (with the effect that fits the models a page needs).

mod chart_card;
mod info;
mod model_status;

pub use chart_card::{ChartCard, ChartTable};
pub use info::Info;
pub use model_status::{use_fitted_models, ModelStatus};
