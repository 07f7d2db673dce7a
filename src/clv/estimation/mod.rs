//! Estimation: the numerical machinery the models are fitted with.
//!
//! [`fit`] maximises a likelihood from several starting points (the
//! [`fit::Likelihood`] trait, [`fit::Estimate`] with its observed information,
//! the typed [`fit::FitError`]); [`special`] holds the special functions the
//! likelihoods need beyond `statrs` (chiefly the Gauss hypergeometric 2F1);
//! [`uncertainty`] draws parameters from an estimate's covariance for
//! intervals.
//!
//! The models in [`super::models`] define the likelihoods; this folder knows no
//! model and no customer, only functions of parameters. [`super::valuation`]
//! uses the estimates and the draws to value customers.

pub mod fit;
pub mod special;
pub mod uncertainty;
