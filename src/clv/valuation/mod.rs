//! Valuation: fitted models turned into customer values and checked.
//!
//! [`value`] scores every customer (expected purchases, probability alive and
//! the discounted lifetime value over a horizon); [`validation`] compares a
//! model fitted on a calibration period with the holdout that followed;
//! [`report`] runs the whole chain for one request: summarise the data
//! ([`super::data`]), fit a purchase and a spend model ([`super::models`],
//! [`super::estimation`]), validate and score, with intervals.
//!
//! Segments, customer equity and goals ([`super::segments`],
//! [`super::equity`], [`super::goals`]) build on the scores made here.

pub mod report;
pub mod validation;
pub mod value;
