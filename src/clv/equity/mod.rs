//! Customer equity.

pub mod acquisition;
pub mod book;
pub mod customer_equity;
pub mod prepared;
pub mod retention;

pub use acquisition::{
    monthly_acquisitions, project_acquisitions, AcquisitionError, AcquisitionForecast,
    AcquisitionMethod, LogisticCurve,
};
pub use retention::{retention_clv, RetentionError, RetentionInputs};
