//! Kundenwert: a customer-value workbench that runs in the browser.
//!
//! Layers, with dependencies pointing inward only:
//! - [`clv`]: the pure core (no web crate; data and dates come in as
//!   arguments), in folders that follow the data: [`clv::data`] (transactions
//!   and customer summaries) → [`clv::models`] fitted with [`clv::estimation`]
//!   → [`clv::valuation`] (customer values), and on top [`clv::segments`],
//!   [`clv::goals`] and [`clv::equity`];
//! - [`workspace`], [`lang`], [`format`], [`i18n`]: application state, the
//!   languages, locale formats and texts, also pure ([`format`] and [`i18n`] both
//!   build on [`lang`]; [`i18n`] may use [`format`], never the other way round);
//! - [`share`]: share links, a workspace's aggregated figures without customer
//!   data, built on [`clv`] and [`workspace`], also pure;
//! - [`storage`]: persistence behind the [`storage::StorageBackend`] trait, with a
//!   browser implementation at the edge;
//! - `ui` (wasm only): the Leptos components.

pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod clv;
pub mod export;
pub mod format;
pub mod i18n;
pub mod lang;
pub mod share;
pub mod storage;
pub mod table;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod ui;
