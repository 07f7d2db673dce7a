//! The customer-value core: from transactions to customer values.
//!
//! This module uses no web crate. Data and the current date always come in as
//! arguments, so everything here builds and tests natively with `cargo test`.

pub mod api;
pub mod data;
pub mod equity;
pub mod estimation;
pub mod fast_map;
pub mod goals;
pub mod models;
pub mod segments;
pub mod valuation;
