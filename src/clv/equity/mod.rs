//! Customer equity: the value of the whole customer base, today's customers
//! and the ones still to be acquired, and what changes it.
//!
//! - [`retention`]: the retention-based CLV formula for a constant retention
//!   rate (the simple, contractual view);
//! - [`acquisition`]: new customers per month in the data and their projection
//!   (trend, logistic curve);
//! - [`customer_equity`]: the equity of the fitted purchase model
//!   ([`super::models`]) over a horizon, split into parts, with the levers a
//!   manager can move ([`customer_equity::EquityLever`]), the waterfall from
//!   base to scenario, and goal-seek;
//! - [`book`]: saved scenarios, and the goal a scenario suggests
//!   ([`super::goals`]);
//! - [`prepared`]: everything the Equity page shows, prepared from the model
//!   report ([`super::valuation`]) so that the page only renders.
//!
//! Summaries come from [`super::data`]; "today" is always an argument and
//! nothing here uses a web crate.

pub mod acquisition;
pub mod book;
pub mod customer_equity;
pub mod prepared;
pub mod retention;

pub use acquisition::{
    acquisitions_by_month, monthly_acquisitions, project_acquisitions, AcquisitionError,
    AcquisitionForecast, AcquisitionMethod, LogisticCurve,
};
pub use retention::{retention_clv, RetentionError, RetentionInputs};
