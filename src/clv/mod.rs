//! The customer-value core: from a transactions file to customer values,
//! segments, goals and customer equity.
//!
//! The folders follow the data:
//!
//! - [`data`]: data in. Transactions (imported from a file or generated as
//!   demo data), one summary per customer (repeat purchases, recency, age) and
//!   the activity per month;
//! - [`models`]: the probabilistic models, one file each: the purchase models
//!   BG/NBD, MBG/NBD and Pareto/NBD behind [`models::PurchaseModel`] (chosen
//!   by [`models::PurchaseModelKind`], fitted on [`models::rfm_data::RfmData`]
//!   rows), Gamma-Gamma for the spend per purchase, and the shifted-beta-
//!   geometric model for contracts;
//! - [`estimation`]: what the models are fitted with: maximum likelihood,
//!   special functions, parameter draws for intervals. It knows no model;
//! - [`valuation`]: fitted models turned into a value per customer (CLV with
//!   intervals), checked on a holdout, and the report the Models page shows;
//! - [`segments`], [`goals`], [`equity`]: what is built on the summaries and
//!   the values: RFM segments, tiers and user-defined segments; KPIs, goals
//!   and their tracking; customer equity with its levers and scenarios.
//!
//! Data in → estimation → valuation; the later folders use the earlier ones,
//! never the other way round. [`api`] holds the plain request and response
//! values the UI (or a Web Worker) exchanges with the core, and [`fast_map`]
//! the hash map the core's memo tables share.
//!
//! Nothing here uses a web crate. Data and the current date always come in as
//! arguments, so everything builds and tests natively with `cargo test`.

pub mod api;
pub mod data;
pub mod equity;
pub mod estimation;
pub mod fast_map;
pub mod goals;
pub mod models;
pub mod segments;
pub mod valuation;
