//! Widgets more than one page uses: the chart card, the info tip, the model
//! status notice (with the effect that fits the models a page needs), the
//! notice in place of what needs transactions, and the
//! labelled inputs and field errors of inline forms.

mod chart_card;
mod info;
mod inputs;
mod model_status;
mod needs_transactions;

pub use chart_card::{CardHead, ChartCard, ChartTable};
pub use info::Info;
pub use inputs::{
    labelled_input, DateInput, Field, FieldError, InlineForm, InputKind, Label, SettingInput,
    TableHead,
};
pub use model_status::{use_fitted_models, ModelStatus};
pub use needs_transactions::NeedsTransactions;
