//! The probabilistic customer-base models, one file each, each citing its source.
//!
//! - [`bg_nbd`], [`mbg_nbd`], [`pareto_nbd`]: the non-contractual purchase
//!   models (when customers buy and when they silently leave). They implement
//!   [`PurchaseModel`] and fit on [`rfm_data::RfmData`], whose one row check
//!   ([`rfm_data::RfmData::validate`]) all three run; [`PurchaseModelKind`]
//!   names them and fits or rebuilds one by kind;
//! - [`gamma_gamma`]: the spend per purchase;
//! - [`sbg`]: the shifted-beta-geometric model of contracts and subscriptions.
//!
//! The rows come from the customer summaries of [`super::data`]; the fits use
//! the optimiser and special functions of [`super::estimation`];
//! [`super::valuation`] turns fitted models into customer values.

pub mod bg_nbd;
pub mod gamma_gamma;
pub mod mbg_nbd;
pub mod pareto_nbd;
pub mod rfm_data;
pub mod sbg;

use crate::clv::estimation::fit::{Estimate, FitError, FitSettings};
use bg_nbd::BgNbd;
use mbg_nbd::MbgNbd;
use pareto_nbd::ParetoNbd;
use rfm_data::RfmData;

/// A fitted model of when customers purchase and when they silently leave
/// (the non-contractual setting). Times are in the unit the data was summarised in.
///
/// `x` is the number of repeat purchases, `t_x` the time of the last purchase
/// and `t` the age `T`, all measured from the first purchase.
pub trait PurchaseModel {
    /// The model's name, e.g. "BG/NBD".
    fn name(&self) -> &'static str;

    /// Probability that the customer is still active at `t` (now).
    fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64;

    /// Probability that the customer is still active `h` time units after now.
    fn p_alive_after(&self, x: f64, t_x: f64, t: f64, h: f64) -> f64;

    /// Expected number of purchases in `(t, t + h]`, given the history.
    fn expected_purchases(&self, x: f64, t_x: f64, t: f64, h: f64) -> f64;

    /// Expected number of repeat purchases of a new customer in `(0, t]`.
    fn expected_purchases_new(&self, t: f64) -> f64;

    /// Expected purchases in `(t, t + h]` of a customer with `x` repeat
    /// purchases by age `t` who is known to be alive at `t`.
    ///
    /// In all three models the conditional expectation factors as
    /// `expected_purchases(x, t_x, t, h) = p_alive(x, t_x, t) ×
    /// expected_purchases_if_alive(x, t, h)`: once the customer is known to be
    /// alive at `t`, the posterior of their purchase and dropout rates depends
    /// on `x` and `t` only, not on when the last purchase was (Fader, Hardie &
    /// Lee 2005, eq. 10, and Schmittlein, Morrison & Colombo 1987, eq. 22, both
    /// `P(alive) × E[Y(h) | alive]`). Valuing many customers then needs the
    /// horizon sum once per `(x, T)` and only `p_alive` per customer. The
    /// default divides at `t_x = t`, where `p_alive` is far from 0.
    fn expected_purchases_if_alive(&self, x: f64, t: f64, h: f64) -> f64 {
        let p = self.p_alive(x, t, t);
        if p > 0.0 {
            self.expected_purchases(x, t, t, h) / p
        } else {
            0.0
        }
    }

    /// Probability that a new customer makes exactly `n` repeat purchases in `(0, t]`.
    fn prob_purchases_new(&self, n: u32, t: f64) -> f64;
}

/// The purchase models on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PurchaseModelKind {
    #[default]
    BgNbd,
    MbgNbd,
    ParetoNbd,
}

impl PurchaseModelKind {
    pub const ALL: [PurchaseModelKind; 3] = [
        PurchaseModelKind::BgNbd,
        PurchaseModelKind::MbgNbd,
        PurchaseModelKind::ParetoNbd,
    ];

    /// The model's usual name.
    pub fn label(self) -> &'static str {
        match self {
            PurchaseModelKind::BgNbd => "BG/NBD",
            PurchaseModelKind::MbgNbd => "MBG/NBD",
            PurchaseModelKind::ParetoNbd => "Pareto/NBD",
        }
    }

    /// The name on the command line (`bg-nbd`, ...).
    pub fn cli_name(self) -> &'static str {
        match self {
            PurchaseModelKind::BgNbd => "bg-nbd",
            PurchaseModelKind::MbgNbd => "mbg-nbd",
            PurchaseModelKind::ParetoNbd => "pareto-nbd",
        }
    }

    pub fn from_cli_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.cli_name() == name)
    }

    /// Fits this model; returns it as a trait object with its estimate.
    pub fn fit(
        self,
        data: &RfmData,
        settings: &FitSettings,
    ) -> Result<(Box<dyn PurchaseModel>, Estimate), FitError> {
        Ok(match self {
            PurchaseModelKind::BgNbd => {
                let f = BgNbd::fit(data, settings)?;
                (Box::new(f.model), f.estimate)
            }
            PurchaseModelKind::MbgNbd => {
                let f = MbgNbd::fit(data, settings)?;
                (Box::new(f.model), f.estimate)
            }
            PurchaseModelKind::ParetoNbd => {
                let f = ParetoNbd::fit(data, settings)?;
                (Box::new(f.model), f.estimate)
            }
        })
    }

    /// The model with the given parameters (in the estimate's order).
    pub fn with_params(self, p: &[f64]) -> Box<dyn PurchaseModel> {
        match self {
            PurchaseModelKind::BgNbd => Box::new(BgNbd::from_params(p)),
            PurchaseModelKind::MbgNbd => Box::new(MbgNbd::from_params(p)),
            PurchaseModelKind::ParetoNbd => Box::new(ParetoNbd {
                r: p[0],
                alpha: p[1],
                s: p[2],
                beta: p[3],
            }),
        }
    }
}

/// Test support: customers who buy at a known constant rate and never leave,
/// so `X(t) ~ Poisson(rate · t)` and every expectation is known by hand.
#[cfg(test)]
pub(crate) struct ConstantRate {
    pub rate: f64,
}

#[cfg(test)]
impl PurchaseModel for ConstantRate {
    fn name(&self) -> &'static str {
        "constant rate"
    }
    fn p_alive(&self, _: f64, _: f64, _: f64) -> f64 {
        1.0
    }
    fn p_alive_after(&self, _: f64, _: f64, _: f64, _: f64) -> f64 {
        1.0
    }
    fn expected_purchases(&self, _: f64, _: f64, _: f64, h: f64) -> f64 {
        self.rate * h
    }
    fn expected_purchases_new(&self, t: f64) -> f64 {
        self.rate * t
    }
    fn prob_purchases_new(&self, n: u32, t: f64) -> f64 {
        let m = self.rate * t;
        (-m).exp() * m.powi(n as i32) / (1..=n).map(f64::from).product::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_fits_its_model_and_rebuilds_it_from_the_parameters() {
        let data = bg_nbd::tests::simulate([0.5, 6.0, 0.9, 3.0], 0.0, 400, (20.0, 60.0), 7);
        for kind in PurchaseModelKind::ALL {
            let (model, estimate) = kind.fit(&data, &FitSettings::default()).unwrap();
            assert_eq!(model.name(), kind.label());
            let rebuilt = kind.with_params(&estimate.params);
            assert_eq!(rebuilt.name(), kind.label());
            for (x, t_x, t) in [(0.0, 0.0, 30.0), (3.0, 12.0, 40.0), (8.0, 50.0, 52.0)] {
                assert_eq!(rebuilt.p_alive(x, t_x, t), model.p_alive(x, t_x, t));
                assert_eq!(
                    rebuilt.expected_purchases(x, t_x, t, 10.0),
                    model.expected_purchases(x, t_x, t, 10.0)
                );
            }
        }
        assert_eq!(
            PurchaseModelKind::from_cli_name("pareto-nbd"),
            Some(PurchaseModelKind::ParetoNbd)
        );
        assert_eq!(PurchaseModelKind::from_cli_name("nbd"), None);
    }
}
