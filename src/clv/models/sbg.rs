//! Shifted-beta-geometric (sBG) model of contract renewals and subscriptions.
//!
//! Source: Fader & Hardie (2007), "How to project customer retention",
//! *Journal of Interactive Marketing* 21(1); the discounted expected residual
//! lifetime from Fader & Hardie (2010), "Customer-base valuation in a
//! contractual setting: the perils of ignoring heterogeneity", *Marketing
//! Science* 29(1), eq. 6.
//!
//! Model: at the end of every period a customer churns with a fixed probability
//! `θ`, and `θ ~ Beta(α, β)` across customers. With `T` the period in which a
//! customer churns (`T = 1, 2, …`),
//!
//! ```text
//! P(T = t) = B(α + 1, β + t − 1) / B(α, β),    S(t) = P(T > t) = B(α, β + t) / B(α, β),
//! r_t = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1),
//! ```
//!
//! so the retention rate rises over time: the customers likely to churn leave
//! first. Both are evaluated by the recursions `S(t) = S(t−1) r_t` and
//! `P(T = t) = S(t−1) (1 − r_t)`. The model is fitted to one cohort:
//! `alive[t]` customers are active at the start of period `t + 1` (after `t`
//! renewals), `alive[0]` is the cohort size, and the log-likelihood is
//! `Σ_t (n_{t−1} − n_t) ln P(T = t) + n_last ln S(last)`.

use crate::clv::estimation::fit::{maximize, Estimate, FitError, FitSettings, Likelihood};
use crate::clv::estimation::special::hyp2f1;
use serde::{Deserialize, Serialize};
use statrs::function::beta::ln_beta;

/// sBG parameters: the churn probability is `Beta(alpha, beta)` across customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShiftedBetaGeometric {
    pub alpha: f64,
    pub beta: f64,
}

/// A fitted sBG model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SbgFit {
    pub model: ShiftedBetaGeometric,
    pub estimate: Estimate,
}

/// Beyond this many periods `S(t)` comes from `ln B` instead of the product.
const PRODUCT_LIMIT: u32 = 10_000;

impl ShiftedBetaGeometric {
    /// Fits the model to one cohort by maximum likelihood (see
    /// [`crate::clv::estimation::fit`]), with the analytic gradient.
    ///
    /// `alive[t]` is the number of customers active after `t` renewals;
    /// `alive[0]` is the cohort size. Pass counts, not shares: the standard
    /// errors depend on the cohort size. Errors, all typed:
    /// - a negative or non-finite value: [`FitError::InvalidInput`] with field `"alive"`;
    /// - a value above the one before: field `"alive (above the period before)"`;
    /// - fewer than three values (two periods are needed to tell `α` from `β`):
    ///   field `"alive (fewer than 3 values)"`, with the number of values;
    /// - an empty cohort (`alive[0] = 0`): [`FitError::TooFewCustomers`].
    pub fn fit(alive: &[f64], settings: &FitSettings) -> Result<SbgFit, FitError> {
        validate(alive)?;
        let estimate = maximize(&CohortLikelihood { alive }, settings)?;
        let model = ShiftedBetaGeometric {
            alpha: estimate.params[0],
            beta: estimate.params[1],
        };
        Ok(SbgFit { model, estimate })
    }

    /// Log-likelihood of a cohort (validated as in [`Self::fit`]).
    pub fn log_likelihood(&self, alive: &[f64]) -> Result<f64, FitError> {
        validate(alive)?;
        Ok(CohortLikelihood { alive }.log_likelihood(&[self.alpha, self.beta]))
    }

    /// Retention rate of period `t`: the share of those active after `t − 1`
    /// renewals who renew once more, `(β + t − 1)/(α + β + t − 1)`; 1 for `t = 0`.
    pub fn retention_rate(&self, t: u32) -> f64 {
        if t == 0 {
            return 1.0;
        }
        let k = f64::from(t) - 1.0;
        (self.beta + k) / (self.alpha + self.beta + k)
    }

    /// `S(t)`: probability that a new customer is still active after `t` renewals.
    pub fn survival(&self, t: u32) -> f64 {
        if t > PRODUCT_LIMIT {
            return (ln_beta(self.alpha, self.beta + f64::from(t))
                - ln_beta(self.alpha, self.beta))
            .exp();
        }
        (1..=t).map(|i| self.retention_rate(i)).product()
    }

    /// `P(T = t)`: probability that a new customer churns in period `t`
    /// (after `t − 1` renewals); 0 for `t = 0`.
    pub fn churn_probability(&self, t: u32) -> f64 {
        if t == 0 {
            return 0.0;
        }
        self.survival(t - 1) * (1.0 - self.retention_rate(t))
    }

    /// `S(0), S(1), …, S(periods)` (`periods + 1` values).
    pub fn survival_curve(&self, periods: u32) -> Vec<f64> {
        let mut s = 1.0;
        let mut curve = Vec::with_capacity(periods as usize + 1);
        curve.push(s);
        for t in 1..=periods {
            s *= self.retention_rate(t);
            curve.push(s);
        }
        curve
    }

    /// Expected lifetime in periods of a new customer, `E(T) = Σ_{t≥0} S(t) =
    /// (α + β − 1)/(α − 1)`; `None` (infinite) unless `α > 1`.
    pub fn expected_lifetime(&self) -> Option<f64> {
        (self.alpha > 1.0).then(|| (self.alpha + self.beta - 1.0) / (self.alpha - 1.0))
    }

    /// Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6) of a
    /// customer who has renewed `renewals_so_far` times (`n − 1` in the paper),
    /// seen just before the next renewal decision: the expected number of
    /// future renewals, each discounted at `discount` per period, the next one
    /// undiscounted,
    ///
    /// ```text
    /// DERL = Σ_{t ≥ n} S(t)/S(n−1) (1+d)^−(t−n)
    ///      = (β + n − 1)/(α + β + n − 1) · 2F1(1, β + n; α + β + n; 1/(1 + d)),   n = renewals_so_far + 1.
    /// ```
    ///
    /// Multiplied by the payment per period this is the expected residual value.
    /// For `discount = 0` it is `(β + n − 1)/(α − 1)` if `α > 1`, else infinite
    /// (`None`). `None` too for a negative or non-finite discount.
    pub fn discounted_expected_residual_lifetime(
        &self,
        discount: f64,
        renewals_so_far: u32,
    ) -> Option<f64> {
        if !(discount.is_finite() && discount >= 0.0) {
            return None;
        }
        let n = f64::from(renewals_so_far) + 1.0;
        let (a, b) = (self.alpha, self.beta);
        if discount == 0.0 {
            return (a > 1.0).then(|| (b + n - 1.0) / (a - 1.0));
        }
        let f = hyp2f1(1.0, b + n, a + b + n, 1.0 / (1.0 + discount)).ok()?;
        let value = (b + n - 1.0) / (a + b + n - 1.0) * f;
        value.is_finite().then_some(value)
    }
}

fn validate(alive: &[f64]) -> Result<(), FitError> {
    for (row, &value) in alive.iter().enumerate() {
        if !(value.is_finite() && value >= 0.0) {
            return Err(FitError::InvalidInput {
                row,
                field: "alive",
                value,
            });
        }
        if row > 0 && value > alive[row - 1] {
            return Err(FitError::InvalidInput {
                row,
                field: "alive (above the period before)",
                value,
            });
        }
    }
    if alive.len() < 3 {
        return Err(FitError::InvalidInput {
            row: alive.len(),
            field: "alive (fewer than 3 values)",
            value: alive.len() as f64,
        });
    }
    if alive[0] == 0.0 {
        return Err(FitError::TooFewCustomers {
            found: 0,
            needed: 1,
        });
    }
    Ok(())
}

/// The cohort likelihood; `alive` is validated.
struct CohortLikelihood<'a> {
    alive: &'a [f64],
}

impl Likelihood for CohortLikelihood<'_> {
    fn names(&self) -> &'static [&'static str] {
        &["alpha", "beta"]
    }

    fn size(&self) -> f64 {
        self.alive[0]
    }

    fn log_likelihood(&self, params: &[f64]) -> f64 {
        let (a, b) = (params[0], params[1]);
        // ln S(t−1), accumulated.
        let mut ln_s = 0.0;
        let mut ll = 0.0;
        for t in 1..self.alive.len() {
            let k = (t - 1) as f64;
            let churned = self.alive[t - 1] - self.alive[t];
            if churned > 0.0 {
                ll += churned * (ln_s + a.ln() - (a + b + k).ln());
            }
            ln_s += (b + k).ln() - (a + b + k).ln();
        }
        let survivors = self.alive[self.alive.len() - 1];
        if survivors > 0.0 {
            ll += survivors * ln_s;
        }
        ll
    }

    fn gradient(&self, params: &[f64]) -> Option<Vec<f64>> {
        let (a, b) = (params[0], params[1]);
        // Derivatives of ln S(t−1) with respect to α and β.
        let (mut ds_a, mut ds_b) = (0.0, 0.0);
        let (mut ga, mut gb) = (0.0, 0.0);
        for t in 1..self.alive.len() {
            let k = (t - 1) as f64;
            let churned = self.alive[t - 1] - self.alive[t];
            let inv_total = 1.0 / (a + b + k);
            // ln P(T = t) = ln S(t−1) + ln α − ln(α + β + t − 1)
            ga += churned * (ds_a + 1.0 / a - inv_total);
            gb += churned * (ds_b - inv_total);
            // ln S(t) = ln S(t−1) + ln(β + t − 1) − ln(α + β + t − 1)
            ds_a -= inv_total;
            ds_b += 1.0 / (b + k) - inv_total;
        }
        let survivors = self.alive[self.alive.len() - 1];
        ga += survivors * ds_a;
        gb += survivors * ds_b;
        Some(vec![ga, gb])
    }

    fn starts(&self) -> Vec<Vec<f64>> {
        vec![vec![1.0, 1.0], vec![0.5, 3.0], vec![3.0, 0.5]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// Fader & Hardie (2007), "high end" and "regular" customers: alive of 1000 after 0..7 years.
    const HIGH_END: [f64; 8] = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];
    const REGULAR: [f64; 8] = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];

    #[test]
    fn high_end_fit_matches_published_and_scipy() {
        let fit = ShiftedBetaGeometric::fit(&HIGH_END, &FitSettings::default()).unwrap();
        let m = fit.model;
        // Published (Fader & Hardie 2007): α = 0.668, β = 3.806.
        assert!(
            (m.alpha - 0.668).abs() < 5e-4 && (m.beta - 3.806).abs() < 5e-4,
            "{m:?}"
        );
        // tests/data/sbg_reference.json, high_end.mle (scipy Nelder-Mead, tolerance 1e-12).
        assert!(close(m.alpha, 0.6680883728764352, 1e-6), "{m:?}");
        assert!(close(m.beta, 3.806095381726049, 1e-6), "{m:?}");
        assert!((fit.estimate.log_likelihood - -1611.1581473911551).abs() < 1e-8);
        assert!(fit.estimate.converged);
        let se = fit.estimate.std_errors.as_ref().unwrap();
        assert!(
            se.iter()
                .zip(&fit.estimate.params)
                .all(|(s, p)| *s > 0.0 && *s < *p),
            "{se:?}"
        );
    }

    #[test]
    fn regular_fit_matches_published_and_scipy() {
        let fit = ShiftedBetaGeometric::fit(&REGULAR, &FitSettings::default()).unwrap();
        let m = fit.model;
        // Published (Fader & Hardie 2007): α = 0.704, β = 1.182.
        assert!(
            (m.alpha - 0.704).abs() < 5e-4 && (m.beta - 1.182).abs() < 5e-4,
            "{m:?}"
        );
        // sbg_reference.json, regular.mle.
        assert!(close(m.alpha, 0.7040773019438622, 1e-6), "{m:?}");
        assert!(close(m.beta, 1.1820430307075578, 1e-6), "{m:?}");
        assert!((fit.estimate.log_likelihood - -1680.265188463286).abs() < 1e-8);
    }

    #[test]
    fn quantities_at_published_parameters_match_scipy() {
        // sbg_reference.json, high_end.published and regular.published (scipy, exact betas).
        let cases = [
            (
                ShiftedBetaGeometric {
                    alpha: 0.668,
                    beta: 3.806,
                },
                HIGH_END,
                -1611.158150354921,
                [
                    0.8506928922664282,
                    0.8779685787358421,
                    0.8968180413963547,
                    0.9106234947819106,
                ],
                [0.4889446208937267, 0.37804042018209144], // S(7), S(12)
                [0.14930710773357173, 0.01705599086057255], // P(T=1), P(T=12)
                [5.414856048374033, 5.901753167753005, 6.294260616793186],
            ),
            (
                ShiftedBetaGeometric {
                    alpha: 0.704,
                    beta: 1.182,
                },
                REGULAR,
                -1680.2651905533528,
                [
                    0.6267232237539766,
                    0.756063756063756,
                    0.8188368502316007,
                    0.8559148587801884,
                ],
                [0.23905064169324422, 0.17006257680605033],
                [0.3732767762460233, 0.009827947305160022],
                [2.9646621461320284, 4.103458619598572, 4.870137366534196],
            ),
        ];
        for (model, alive, ll, retention, survival, pmf, derl) in cases {
            assert!((model.log_likelihood(&alive).unwrap() - ll).abs() < 1e-8);
            for (t, r) in retention.into_iter().enumerate() {
                assert!(
                    close(model.retention_rate(t as u32 + 1), r, 1e-14),
                    "t = {}",
                    t + 1
                );
            }
            assert!(close(model.survival(7), survival[0], 1e-13));
            assert!(close(model.survival(12), survival[1], 1e-13));
            assert!(close(model.churn_probability(1), pmf[0], 1e-13));
            assert!(close(model.churn_probability(12), pmf[1], 1e-13));
            // DERL at d = 0.10 for n = 1, 2, 3 (renewals so far 0, 1, 2).
            for (k, value) in derl.into_iter().enumerate() {
                let got = model
                    .discounted_expected_residual_lifetime(0.10, k as u32)
                    .unwrap();
                assert!(close(got, value, 1e-10), "n = {}: {got} vs {value}", k + 1);
            }
        }
    }

    #[test]
    fn survival_agrees_with_beta_functions_and_probabilities_add_up() {
        let m = ShiftedBetaGeometric {
            alpha: 0.704,
            beta: 1.182,
        };
        let curve = m.survival_curve(40);
        assert_eq!(curve.len(), 41);
        assert_eq!(curve[0], 1.0);
        for t in [1u32, 2, 7, 40] {
            let beta_form =
                (ln_beta(m.alpha, m.beta + f64::from(t)) - ln_beta(m.alpha, m.beta)).exp();
            assert!(close(m.survival(t), beta_form, 1e-12), "t = {t}");
            assert!(close(curve[t as usize], m.survival(t), 1e-14));
            let pmf = (ln_beta(m.alpha + 1.0, m.beta + f64::from(t) - 1.0)
                - ln_beta(m.alpha, m.beta))
            .exp();
            assert!(close(m.churn_probability(t), pmf, 1e-12), "t = {t}");
        }
        // P(T <= 40) + S(40) = 1
        let churned: f64 = (1..=40).map(|t| m.churn_probability(t)).sum();
        assert!((churned + m.survival(40) - 1.0).abs() < 1e-14);
        // Past the product limit the ln B form takes over, continuously.
        let (below, above) = (m.survival(PRODUCT_LIMIT), m.survival(PRODUCT_LIMIT + 1));
        assert!(above < below && close(above / below, m.retention_rate(PRODUCT_LIMIT + 1), 1e-9));
        assert_eq!(m.churn_probability(0), 0.0);
        assert_eq!(m.retention_rate(0), 1.0);
        // Retention rises with tenure.
        assert!((1..30).all(|t| m.retention_rate(t + 1) > m.retention_rate(t)));
    }

    #[test]
    fn derl_equals_the_direct_discounted_sum() {
        for model in [
            ShiftedBetaGeometric {
                alpha: 0.668,
                beta: 3.806,
            },
            ShiftedBetaGeometric {
                alpha: 2.5,
                beta: 0.7,
            },
        ] {
            for d in [0.05f64, 0.10, 0.25] {
                for renewals in [0u32, 1, 4, 10] {
                    // Σ_{t ≥ n} S(t)/S(n−1) (1+d)^−(t−n), truncated where (1+d)^−k < 1e-30.
                    let n = renewals + 1;
                    let mut ratio = 1.0; // S(t)/S(n−1)
                    let mut sum = 0.0;
                    for t in n..n + 3000 {
                        ratio *= model.retention_rate(t);
                        sum += ratio / (1.0 + d).powi((t - n) as i32);
                    }
                    let derl = model
                        .discounted_expected_residual_lifetime(d, renewals)
                        .unwrap();
                    assert!(
                        close(derl, sum, 1e-11),
                        "{model:?} d = {d} renewals = {renewals}: {derl} vs {sum}"
                    );
                }
            }
        }
        let m = ShiftedBetaGeometric {
            alpha: 2.5,
            beta: 0.7,
        };
        assert!(close(
            m.discounted_expected_residual_lifetime(0.0, 3).unwrap(),
            (0.7 + 3.0) / 1.5,
            1e-15
        ));
        // α <= 1: the undiscounted residual lifetime is infinite.
        assert_eq!(
            ShiftedBetaGeometric {
                alpha: 0.7,
                beta: 1.0
            }
            .discounted_expected_residual_lifetime(0.0, 0),
            None
        );
        assert_eq!(m.discounted_expected_residual_lifetime(-0.1, 0), None);
        assert_eq!(m.discounted_expected_residual_lifetime(f64::NAN, 0), None);
    }

    #[test]
    fn expected_lifetime_is_the_sum_of_survival() {
        let m = ShiftedBetaGeometric {
            alpha: 3.0,
            beta: 2.0,
        };
        // (α + β − 1)/(α − 1) = 2; S(t) falls like t^−3, so 200,000 terms leave < 1e-9.
        let sum: f64 = m.survival_curve(200_000).iter().sum();
        assert!((m.expected_lifetime().unwrap() - 2.0).abs() < 1e-15);
        assert!((sum - 2.0).abs() < 1e-8, "{sum}");
        assert_eq!(
            ShiftedBetaGeometric {
                alpha: 0.668,
                beta: 3.806
            }
            .expected_lifetime(),
            None
        );
    }

    #[test]
    fn gradient_is_exact() {
        let ll = CohortLikelihood { alive: &REGULAR };
        for params in [[0.7, 1.2], [2.0, 5.0], [0.1, 0.3]] {
            crate::clv::estimation::fit::assert_gradient_matches_differences(&ll, &params, 1e-6);
        }
    }

    #[test]
    fn recovers_simulated_cohort() {
        use rand::SeedableRng;
        use rand_distr::{Beta, Distribution};
        let truth = ShiftedBetaGeometric {
            alpha: 1.3,
            beta: 4.0,
        };
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let theta = Beta::new(truth.alpha, truth.beta).unwrap();
        let periods = 10;
        let mut alive = vec![0.0; periods + 1];
        for _ in 0..100_000 {
            let churn: f64 = theta.sample(&mut rng);
            alive[0] += 1.0;
            for slot in alive.iter_mut().skip(1) {
                if rand::RngExt::random::<f64>(&mut rng) < churn {
                    break;
                }
                *slot += 1.0;
            }
        }
        let fit = ShiftedBetaGeometric::fit(&alive, &FitSettings::default()).unwrap();
        let se = fit.estimate.std_errors.unwrap();
        assert!(
            (fit.model.alpha - truth.alpha).abs() < 4.0 * se[0],
            "{:?} se {se:?}",
            fit.model
        );
        assert!(
            (fit.model.beta - truth.beta).abs() < 4.0 * se[1],
            "{:?} se {se:?}",
            fit.model
        );
        assert!(
            se[0] < 0.1 * truth.alpha && se[1] < 0.1 * truth.beta,
            "{se:?}"
        );
    }

    #[test]
    fn invalid_cohorts_are_typed_errors() {
        let s = FitSettings::default();
        assert_eq!(
            ShiftedBetaGeometric::fit(&[100.0, 80.0, 90.0], &s).unwrap_err(),
            FitError::InvalidInput {
                row: 2,
                field: "alive (above the period before)",
                value: 90.0
            }
        );
        assert_eq!(
            ShiftedBetaGeometric::fit(&[100.0, -1.0, 0.0], &s).unwrap_err(),
            FitError::InvalidInput {
                row: 1,
                field: "alive",
                value: -1.0
            }
        );
        assert!(matches!(
            ShiftedBetaGeometric::fit(&[100.0, f64::NAN, 50.0], &s),
            Err(FitError::InvalidInput {
                row: 1,
                field: "alive",
                ..
            })
        ));
        assert_eq!(
            ShiftedBetaGeometric::fit(&[100.0, 80.0], &s).unwrap_err(),
            FitError::InvalidInput {
                row: 2,
                field: "alive (fewer than 3 values)",
                value: 2.0
            }
        );
        assert_eq!(
            ShiftedBetaGeometric::fit(&[0.0, 0.0, 0.0], &s).unwrap_err(),
            FitError::TooFewCustomers {
                found: 0,
                needed: 1
            }
        );
        let m = ShiftedBetaGeometric {
            alpha: 1.0,
            beta: 1.0,
        };
        assert!(m.log_likelihood(&[10.0, 11.0, 5.0]).is_err());
    }

    #[test]
    fn degenerate_cohorts_give_finite_predictions() {
        // Nobody churns, or everybody churns at once: the optimum lies on the
        // boundary, and the optimiser stops near it with estimates that predict
        // the observed survival.
        for alive in [[500.0, 500.0, 500.0, 500.0], [500.0, 0.0, 0.0, 0.0]] {
            let m = ShiftedBetaGeometric::fit(&alive, &FitSettings::default())
                .unwrap()
                .model;
            assert!(m.alpha > 0.0 && m.beta > 0.0);
            for t in 0..10 {
                let s = m.survival(t);
                assert!((0.0..=1.0).contains(&s), "{alive:?}: S({t}) = {s}");
                assert!((0.0..=1.0).contains(&m.churn_probability(t)));
            }
            let expected_s3 = alive[3] / alive[0];
            assert!(
                (m.survival(3) - expected_s3).abs() < 1e-3,
                "{alive:?}: {m:?}"
            );
        }
    }
}
