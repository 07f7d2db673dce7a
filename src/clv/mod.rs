//! The customer-value core: transactions, per-customer summaries, the demo data
//! generator and (later) the probabilistic CLV models.
//!
//! This module uses no web crate. Data and the current date always come in as
//! arguments, so everything here builds and tests natively with `cargo test`.

pub mod activity;
pub mod api;
pub mod data;
pub mod demo;
pub mod equity;
pub mod fit;
pub mod goals;
pub mod import;
pub mod models;
pub mod report;
pub mod segments;
pub mod special;
pub mod summary;
pub mod summary_csv;
pub mod transactions;
pub mod uncertainty;
pub mod validation;
pub mod value;

pub use transactions::{Transaction, TransactionLog};
