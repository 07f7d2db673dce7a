//! The Models page's figures in a share link: the fitted parameters with
//! their standard errors, each model's log-likelihood and AIC with its
//! holdout errors, and the value of the customers. The model settings are
//! the shared settings' (`settings.model`, the time unit, the view's date).
//! No customer's score is carried.
//!
//! Parameters and log-likelihoods keep
//! [`PARAMETER_DIGITS`](super::round::PARAMETER_DIGITS) significant digits,
//! so that a model rebuilt from them ([`SharedEstimate::purchase_model`])
//! gives the shared figures to four digits; standard errors and everything
//! else keep four. The 95% intervals are derived from the standard errors
//! as the report derives them from the log-parameters' covariance:
//! `exp(ln θ ± 1.96 se(θ) / θ)` (the delta method's `se(ln θ) = se(θ) / θ`).

use super::round::{amount, figure, parameter};
use crate::clv::estimation::fit::{Estimate, FitError};
use crate::clv::estimation::uncertainty::Interval;
use crate::clv::models::{PurchaseModel, PurchaseModelKind};
use crate::clv::valuation::report::{ModelComparison, ModelReport};
use serde::{Deserialize, Serialize};

/// A fitted report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedModel {
    pub purchase: SharedEstimate,
    /// The Gamma-Gamma spend model, if it was asked for and fitted.
    pub spend: Option<SharedEstimate>,
    pub spend_error: Option<FitError>,
    /// Each purchase model on offer, in the report's order.
    pub comparison: Vec<SharedComparison>,
    /// The customers' total CLV with its interval: (estimate, low, high).
    pub total_clv: (f64, f64, f64),
    /// Expected purchases of all customers over the horizon.
    pub expected_purchases: f64,
    /// Value of a brand-new customer at acquisition.
    pub new_customer_value: f64,
}

/// Fitted parameters by name, with standard errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedEstimate {
    pub names: Vec<String>,
    pub params: Vec<f64>,
    pub std_errors: Option<Vec<f64>>,
    pub log_likelihood: f64,
    pub converged: bool,
}

/// One row of the model comparison: the model, its fit's (log-likelihood,
/// AIC) or why it failed, and its holdout errors (customers, mean absolute
/// error, root mean squared error, actual and predicted total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedComparison(
    pub PurchaseModelKind,
    pub Result<(f64, f64), FitError>,
    pub Option<(usize, f64, f64, f64, f64)>,
);

impl SharedModel {
    /// The figures of `report`.
    pub fn of(report: &ModelReport) -> SharedModel {
        let total = report.total_clv;
        SharedModel {
            purchase: SharedEstimate::of(&report.purchase),
            spend: report.spend.as_ref().map(SharedEstimate::of),
            spend_error: report.spend_error.clone(),
            comparison: report.comparison.iter().map(SharedComparison::of).collect(),
            total_clv: (
                amount(total.estimate),
                figure(total.low),
                figure(total.high),
            ),
            expected_purchases: figure(report.scores.iter().map(|s| s.expected_purchases).sum()),
            new_customer_value: figure(report.new_customer_value),
        }
    }

    /// The customers' total CLV with its interval.
    pub fn total_clv(&self) -> Interval {
        let (estimate, low, high) = self.total_clv;
        Interval {
            estimate,
            low,
            high,
        }
    }
}

impl SharedEstimate {
    pub fn of(e: &Estimate) -> SharedEstimate {
        SharedEstimate {
            names: e.names.clone(),
            params: e.params.iter().copied().map(parameter).collect(),
            std_errors: e
                .std_errors
                .as_ref()
                .map(|s| s.iter().copied().map(figure).collect()),
            log_likelihood: parameter(e.log_likelihood),
            converged: e.converged,
        }
    }

    /// The 95% interval of parameter `i` (see the module documentation).
    pub fn interval95(&self, i: usize) -> Option<(f64, f64)> {
        let theta = *self.params.get(i)?;
        let se_log = self.std_errors.as_ref()?.get(i)? / theta;
        let log = theta.ln();
        Some(((log - 1.96 * se_log).exp(), (log + 1.96 * se_log).exp()))
    }

    /// Akaike's information criterion, `2k − 2 LL`.
    pub fn aic(&self) -> f64 {
        2.0 * self.params.len() as f64 - 2.0 * self.log_likelihood
    }

    /// The purchase model of `kind` with these parameters.
    pub fn purchase_model(&self, kind: PurchaseModelKind) -> Box<dyn PurchaseModel> {
        kind.with_params(&self.params)
    }
}

impl SharedComparison {
    fn of(c: &ModelComparison) -> SharedComparison {
        SharedComparison(
            c.model,
            c.fit
                .as_ref()
                .map(|e| (parameter(e.log_likelihood), parameter(e.aic())))
                .map_err(Clone::clone),
            c.holdout.map(|h| {
                (
                    h.customers,
                    figure(h.mean_absolute_error),
                    figure(h.root_mean_squared_error),
                    figure(h.actual_total),
                    figure(h.predicted_total),
                )
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::share::test_support::{close, demo_view, shared_demo};

    #[test]
    fn the_shared_parameters_reproduce_the_models_figures_to_four_digits() {
        let d = shared_demo();
        let shared = demo_view().model.as_ref().unwrap();
        let kind = d.report.request.model;
        let (fitted, rebuilt) = (
            d.report.purchase_model(),
            shared.purchase.purchase_model(kind),
        );
        for c in d.customers.iter().step_by(97) {
            let (x, t_x, t) = (c.frequency as f64, c.recency, c.age);
            let a = fitted.expected_purchases(x, t_x, t, 52.0);
            let b = rebuilt.expected_purchases(x, t_x, t, 52.0);
            assert!(close(a, b), "{a} {b}");
            assert!(close(fitted.p_alive(x, t_x, t), rebuilt.p_alive(x, t_x, t)));
        }
        for i in 0..shared.purchase.params.len() {
            let (lo, hi) = d.report.purchase.interval95(i).unwrap();
            let (slo, shi) = shared.purchase.interval95(i).unwrap();
            assert!((lo - slo).abs() <= 2e-3 * lo && (hi - shi).abs() <= 2e-3 * hi);
        }
        assert!(close(shared.purchase.aic(), d.report.purchase.aic()));
        assert_eq!(shared.comparison.len(), d.report.comparison.len());
        assert!(close(
            shared.total_clv().estimate,
            d.report.total_clv.estimate
        ));
        assert!(shared.spend.is_some());
    }
}
