//! The probabilistic customer-base models, one file each, each citing its source.
//!
//! Non-contractual purchase models (BG/NBD, MBG/NBD, Pareto/NBD) implement
//! [`PurchaseModel`]; Gamma-Gamma models spend per purchase; the
//! shifted-beta-geometric model covers contracts and subscriptions.

pub mod bg_nbd;
pub mod gamma_gamma;
pub mod mbg_nbd;
pub mod pareto_nbd;
pub mod rfm_data;
pub mod sbg;

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
