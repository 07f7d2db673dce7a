//! Gamma-Gamma model of the average spend per transaction.
//!
//! Source: Colombo & Jiang (1999), "A stochastic RFM model", *Journal of
//! Interactive Marketing* 13(3); Fader, Hardie & Lee (2005), "RFM and CLV:
//! using iso-value curves for customer base analysis", *Journal of Marketing
//! Research* 42(4); and Fader & Hardie (2013), "The Gamma-Gamma model of
//! monetary value" (note 025 at brucehardie.com).
//!
//! Model: a customer's transaction values are `z ~ Gamma(shape p, rate ν)`,
//! so the customer's mean spend is `p/ν`, and `ν ~ Gamma(shape q, rate γ)`
//! across customers; spend is independent of the purchase process. What is
//! observed per customer is the number of repeat transactions `x` and their
//! mean value `m`. The density of `m` given `x` (the note, eq. 1a) is
//!
//! ```text
//! f(m | p, q, γ, x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m x)^(px+q)
//! ```
//!
//! and the log-likelihood is summed in log space with `ln Γ` from `statrs`.
//! The mean spend over customers is `p·γ/(q − 1)`, defined only for `q > 1`.
//! Given `x` and `m`, the expected mean spend (the posterior mean of `p/ν`,
//! Fader, Hardie & Lee 2005; the note) is
//!
//! ```text
//! E(M | p, q, γ, m, x) = p (γ + m x) / (p x + q − 1)
//!                      = (q − 1)/(p x + q − 1) · p γ/(q − 1) + p x/(p x + q − 1) · m,
//! ```
//!
//! a weighted average of the population mean and the observed mean (for `q > 1`).
//!
//! Input rule (as in the papers, and in the `lifetimes` package): only repeat
//! buyers (`x > 0`) with a positive mean repeat spend enter the fit. Customers
//! without a repeat purchase, and repeat buyers whose mean repeat spend is zero
//! or negative (refunds exceeding the orders, free orders), are left out of the
//! fit and counted in [`SpendSkipped`]; in predictions they get the population
//! mean (see [`GammaGamma::conditional_expected_average`]).

use crate::clv::estimation::fit::{maximize, Estimate, FitError, FitSettings, Likelihood};
use serde::{Deserialize, Serialize};
use statrs::function::gamma::{digamma, ln_gamma};
use std::cell::Cell;
use std::collections::HashMap;

/// Gamma-Gamma parameters: `p` the shape of the transaction values, `q` and
/// `gamma` the shape and rate of the customers' rate `ν`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// Repeat buyers' spend for fitting: repeat transactions `x` and mean repeat
/// spend `m`, each distinct row once with its count as weight.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SpendData {
    pub x: Vec<f64>,
    pub mean_spend: Vec<f64>,
    pub weight: Vec<f64>,
}

/// Customers that [`SpendData::from_rows`] left out of the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpendSkipped {
    /// No repeat purchase (`x = 0`): no repeat spend was observed.
    pub no_repeat: usize,
    /// Repeat buyers whose mean repeat spend is zero or negative, which the
    /// model (positive transaction values) cannot describe.
    pub non_positive_spend: usize,
}

/// Something to know about a fitted spend model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpendWarning {
    /// `q <= 1`: the mean spend over customers, `p·γ/(q−1)`, is infinite, so
    /// customers without usable spend have no model-based expectation; see
    /// [`GammaGamma::conditional_expected_average`] and
    /// [`GammaGammaFit::expected_average`] for the fallbacks.
    MeanUndefined,
}

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaFit {
    pub model: GammaGamma,
    pub estimate: Estimate,
    pub warnings: Vec<SpendWarning>,
    /// Customer-weighted mean of the fitted customers' mean repeat spend; the
    /// fallback expectation for customers without usable spend when the
    /// population mean is undefined.
    pub sample_mean: f64,
}

/// Fewest repeat buyers [`GammaGamma::fit`] accepts (three parameters).
pub const MIN_SPEND_CUSTOMERS: usize = 3;

impl SpendData {
    /// Builds the weighted rows from `(x, m)` per customer: `x` the number of
    /// repeat purchases, `m` the mean value of those repeat purchases.
    ///
    /// `x` must be a finite whole number ≥ 0 and `m` finite, else the row is
    /// rejected with [`FitError::InvalidInput`] (fields `"frequency"` and
    /// `"mean_spend"`). Rows with `x = 0` (whatever `m`) and rows with `m <= 0`
    /// are left out and counted in the returned [`SpendSkipped`].
    pub fn from_rows(
        rows: impl IntoIterator<Item = (f64, f64)>,
    ) -> Result<(SpendData, SpendSkipped), FitError> {
        let mut index: HashMap<(u64, u64), usize> = HashMap::new();
        let mut data = SpendData::default();
        let mut skipped = SpendSkipped::default();
        for (row, (x, m)) in rows.into_iter().enumerate() {
            if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
                return Err(FitError::InvalidInput {
                    row,
                    field: "frequency",
                    value: x,
                });
            }
            if !m.is_finite() {
                return Err(FitError::InvalidInput {
                    row,
                    field: "mean_spend",
                    value: m,
                });
            }
            if x == 0.0 {
                skipped.no_repeat += 1;
                continue;
            }
            if m <= 0.0 {
                skipped.non_positive_spend += 1;
                continue;
            }
            match index.entry((x.to_bits(), m.to_bits())) {
                std::collections::hash_map::Entry::Occupied(e) => data.weight[*e.get()] += 1.0,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(data.x.len());
                    data.x.push(x);
                    data.mean_spend.push(m);
                    data.weight.push(1.0);
                }
            }
        }
        Ok((data, skipped))
    }

    /// Distinct rows.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Customers (the sum of the weights).
    pub fn customers(&self) -> f64 {
        self.weight.iter().sum()
    }

    /// Customer-weighted mean of the mean repeat spend; 0 without customers.
    pub fn sample_mean(&self) -> f64 {
        let total = self.customers();
        if total > 0.0 {
            self.mean_spend
                .iter()
                .zip(&self.weight)
                .map(|(m, w)| m * w)
                .sum::<f64>()
                / total
        } else {
            0.0
        }
    }
}

impl GammaGamma {
    /// Fits the model to the repeat buyers by maximum likelihood (see
    /// [`crate::clv::estimation::fit`]), with the analytic gradient.
    ///
    /// Errors: [`FitError::NoRepeatBuyers`] for empty data,
    /// [`FitError::TooFewCustomers`] below [`MIN_SPEND_CUSTOMERS`], and
    /// [`FitError::NoConvergence`] if no finite optimum is found. A fit with
    /// `q <= 1` carries [`SpendWarning::MeanUndefined`].
    pub fn fit(data: &SpendData, settings: &FitSettings) -> Result<GammaGammaFit, FitError> {
        let found = data.customers();
        if found <= 0.0 {
            return Err(FitError::NoRepeatBuyers);
        }
        if found < MIN_SPEND_CUSTOMERS as f64 {
            return Err(FitError::TooFewCustomers {
                found: found as usize,
                needed: MIN_SPEND_CUSTOMERS,
            });
        }
        let likelihood = SpendLikelihood::new(data);
        let estimate = maximize(&likelihood, settings)?;
        let model = GammaGamma {
            p: estimate.params[0],
            q: estimate.params[1],
            gamma: estimate.params[2],
        };
        let warnings = if model.q <= 1.0 {
            vec![SpendWarning::MeanUndefined]
        } else {
            Vec::new()
        };
        Ok(GammaGammaFit {
            model,
            estimate,
            warnings,
            sample_mean: data.sample_mean(),
        })
    }

    /// Mean spend per transaction over all customers, `p·γ/(q−1)`; `None`
    /// unless `q > 1` (the mean is infinite).
    pub fn population_mean(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.gamma / (self.q - 1.0))
    }

    /// Expected mean spend per transaction of a customer with `x` repeat
    /// purchases of mean value `m`: `p (γ + m x) / (p x + q − 1)`.
    ///
    /// Never negative or NaN. The rules:
    /// - `x > 0` and `m > 0` (finite): the formula, which lies between `m` and
    ///   the population mean. If `p x + q <= 1` (possible only for `q < 1`) the
    ///   expectation is infinite and the customer's observed mean `m` is returned.
    /// - otherwise (no repeat purchase, or a mean repeat spend of zero or less,
    ///   the customers the fit leaves out): the population mean; if that is
    ///   undefined (`q <= 1`), the observed mean `m` if positive, else 0.
    ///   [`GammaGammaFit::expected_average`] uses the fit's sample mean instead.
    pub fn conditional_expected_average(&self, x: f64, m: f64) -> f64 {
        self.expected_average_or(x, m, if m.is_finite() { m.max(0.0) } else { 0.0 })
    }

    /// As [`Self::conditional_expected_average`], with `fallback` for
    /// customers without usable spend when the population mean is undefined.
    fn expected_average_or(&self, x: f64, m: f64, fallback: f64) -> f64 {
        let usable = x.is_finite() && x > 0.0 && m.is_finite() && m > 0.0;
        if !usable {
            return self
                .population_mean()
                .filter(|v| v.is_finite())
                .unwrap_or(fallback);
        }
        let denominator = self.p * x + self.q - 1.0;
        let value = self.p * (self.gamma + m * x) / denominator;
        if denominator > 0.0 && value.is_finite() {
            value
        } else {
            m
        }
    }

    /// Log-likelihood of one customer's mean repeat spend `m` over `x` repeat
    /// purchases (the note, eq. 1a); −∞ outside the support (`x <= 0` or `m <= 0`).
    pub fn log_likelihood(&self, x: f64, m: f64) -> f64 {
        if !(x > 0.0 && m > 0.0) {
            return f64::NEG_INFINITY;
        }
        let GammaGamma { p, q, gamma } = *self;
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
            + q * gamma.ln()
            + (px - 1.0) * m.ln()
            + px * x.ln()
            - (px + q) * (gamma + m * x).ln()
    }

    /// Total log-likelihood of the data (a weighted sum of [`Self::log_likelihood`]).
    pub fn total_log_likelihood(&self, data: &SpendData) -> f64 {
        SpendLikelihood::new(data).log_likelihood(&[self.p, self.q, self.gamma])
    }
}

impl GammaGammaFit {
    /// [`GammaGamma::conditional_expected_average`], except that customers
    /// without usable spend get [`Self::sample_mean`] when the population mean
    /// is undefined (`q <= 1`). Never negative or NaN.
    pub fn expected_average(&self, x: f64, m: f64) -> f64 {
        self.model.expected_average_or(x, m, self.sample_mean)
    }
}

/// One group of rows with the same `x`.
struct Group {
    x: f64,
    ln_x: f64,
    weight: f64,
}

/// The likelihood prepared for fast evaluation.
///
/// With `a_g = p x_g`, the total log-likelihood is
///
/// ```text
/// Σ_g W_g [ln Γ(a_g + q) − ln Γ(a_g) + a_g ln x_g] − W ln Γ(q) + W q ln γ
///   + p Σ w x ln m − Σ w ln m − p Σ w x ln(γ + m x) − q Σ w ln(γ + m x),
/// ```
///
/// so the Gamma functions are evaluated once per distinct `x`, and the only
/// per-row work is `ln(γ + m x)` and `1/(γ + m x)`, which depend on `γ` alone
/// and are cached for the last `γ` (the optimiser asks for the value and the
/// gradient at the same point).
struct SpendLikelihood {
    groups: Vec<Group>,
    /// Per row: `m x`, `w`, `w x`.
    rows: Vec<[f64; 3]>,
    total_weight: f64,
    /// `Σ w ln m`
    sum_w_ln_m: f64,
    /// `Σ w x ln m`
    sum_wx_ln_m: f64,
    mean: f64,
    /// `γ` bits and `[Σ w x ln(γ+mx), Σ w ln(γ+mx), Σ w x/(γ+mx), Σ w/(γ+mx)]`.
    cache: Cell<Option<(u64, [f64; 4])>>,
}

impl SpendLikelihood {
    fn new(data: &SpendData) -> Self {
        let mut by_x: Vec<(f64, f64)> = Vec::new();
        let mut group_of: HashMap<u64, usize> = HashMap::new();
        let mut rows = Vec::with_capacity(data.len());
        let (mut sum_w_ln_m, mut sum_wx_ln_m) = (0.0, 0.0);
        for ((&x, &m), &w) in data.x.iter().zip(&data.mean_spend).zip(&data.weight) {
            let g = *group_of.entry(x.to_bits()).or_insert_with(|| {
                by_x.push((x, 0.0));
                by_x.len() - 1
            });
            by_x[g].1 += w;
            rows.push([m * x, w, w * x]);
            sum_w_ln_m += w * m.ln();
            sum_wx_ln_m += w * x * m.ln();
        }
        let groups = by_x
            .into_iter()
            .map(|(x, weight)| Group {
                x,
                ln_x: x.ln(),
                weight,
            })
            .collect();
        SpendLikelihood {
            groups,
            rows,
            total_weight: data.customers(),
            sum_w_ln_m,
            sum_wx_ln_m,
            mean: data.sample_mean(),
            cache: Cell::new(None),
        }
    }

    /// The per-row sums at `gamma`.
    fn row_sums(&self, gamma: f64) -> [f64; 4] {
        if let Some((bits, sums)) = self.cache.get() {
            if bits == gamma.to_bits() {
                return sums;
            }
        }
        let mut s = [0.0; 4];
        for &[mx, w, wx] in &self.rows {
            let v = gamma + mx;
            let l = v.ln();
            let inv = 1.0 / v;
            s[0] += wx * l;
            s[1] += w * l;
            s[2] += wx * inv;
            s[3] += w * inv;
        }
        self.cache.set(Some((gamma.to_bits(), s)));
        s
    }
}

impl Likelihood for SpendLikelihood {
    fn names(&self) -> &'static [&'static str] {
        &["p", "q", "gamma"]
    }

    fn size(&self) -> f64 {
        self.total_weight
    }

    fn log_likelihood(&self, params: &[f64]) -> f64 {
        let (p, q, gamma) = (params[0], params[1], params[2]);
        let [a, b, _, _] = self.row_sums(gamma);
        let groups: f64 = self
            .groups
            .iter()
            .map(|g| {
                let px = p * g.x;
                g.weight * (ln_gamma(px + q) - ln_gamma(px) + px * g.ln_x)
            })
            .sum();
        let w = self.total_weight;
        groups - w * ln_gamma(q) + w * q * gamma.ln() + p * self.sum_wx_ln_m
            - self.sum_w_ln_m
            - p * a
            - q * b
    }

    fn gradient(&self, params: &[f64]) -> Option<Vec<f64>> {
        let (p, q, gamma) = (params[0], params[1], params[2]);
        let [a, b, d, e] = self.row_sums(gamma);
        let (mut dp, mut dq) = (0.0, 0.0);
        for g in &self.groups {
            let px = p * g.x;
            let psi = digamma(px + q);
            dp += g.weight * g.x * (psi - digamma(px) + g.ln_x);
            dq += g.weight * psi;
        }
        let w = self.total_weight;
        dp += self.sum_wx_ln_m - a;
        dq += -w * digamma(q) + w * gamma.ln() - b;
        let dgamma = w * q / gamma - p * d - q * e;
        Some(vec![dp, dq, dgamma])
    }

    /// Starting points with the population mean `pγ/(q−1)` at the sample mean.
    fn starts(&self) -> Vec<Vec<f64>> {
        let mean = if self.mean > 0.0 && self.mean.is_finite() {
            self.mean
        } else {
            1.0
        };
        [(1.0, 2.0), (5.0, 4.0)]
            .iter()
            .map(|&(p, q)| vec![p, q, mean * (q - 1.0) / p])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// `(x, m)` of every customer in a `customer_id,frequency,recency,T,monetary_value` CSV.
    fn spend_rows(csv: &str) -> Vec<(f64, f64)> {
        csv.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f: Vec<f64> = l
                    .split(',')
                    .skip(1)
                    .map(|v| v.trim().parse().unwrap())
                    .collect();
                (f[0], f[3])
            })
            .collect()
    }

    fn cdnow() -> Vec<(f64, f64)> {
        spend_rows(include_str!("../../../tests/data/cdnow_summary.csv"))
    }

    fn synthetic() -> Vec<(f64, f64)> {
        spend_rows(include_str!("../../../tests/data/synthetic_summary.csv"))
    }

    /// The HANDFUL customers' `(x, m)` of tests/data/lifetimes_reference.json.
    const HANDFUL: [(f64, f64); 8] = [
        (1.0, 11.77),
        (2.0, 22.35),
        (7.0, 30.0),
        (7.0, 73.74),
        (14.0, 40.0),
        (29.0, 26.26),
        (1.0, 100.0),
        (0.0, 0.0),
    ];

    #[test]
    fn cdnow_fit_matches_published_and_lifetimes() {
        let (data, skipped) = SpendData::from_rows(cdnow()).unwrap();
        assert_eq!(data.customers(), 946.0);
        assert_eq!(
            skipped,
            SpendSkipped {
                no_repeat: 1411,
                non_positive_spend: 0
            }
        );
        let fit = GammaGamma::fit(&data, &FitSettings::default()).unwrap();
        let m = fit.model;
        // Published: Fader, Hardie & Lee (2005, JMR) and the note: p = 6.25, q = 3.74, γ = 15.44.
        assert!(
            (m.p - 6.25).abs() < 0.01
                && (m.q - 3.74).abs() < 0.01
                && (m.gamma - 15.44).abs() < 0.01,
            "{m:?}"
        );
        // tests/data/lifetimes_reference.json, cdnow.gammagamma.mle_params and
        // mle_total_log_likelihood (lifetimes 0.11.3, refined by Nelder-Mead).
        assert!(close(m.p, 6.248802972406786, 1e-5), "{m:?}");
        assert!(close(m.q, 3.7445883073730513, 1e-5), "{m:?}");
        assert!(close(m.gamma, 15.447746125401046, 1e-5), "{m:?}");
        assert!(
            (fit.estimate.log_likelihood - -4055.9232435028584).abs() < 1e-6,
            "{}",
            fit.estimate.log_likelihood
        );
        assert!(fit.estimate.converged);
        assert!(fit.warnings.is_empty());
        let se = fit.estimate.std_errors.as_ref().unwrap();
        assert!(se.iter().all(|s| s.is_finite() && *s > 0.0), "{se:?}");
        // lifetimes_reference.json, cdnow.gammagamma.at_mle: conditional_expected_average_profit.
        let at_mle = [
            18.911479285129353,
            24.658615980967156,
            30.305300710783456,
            71.4628511014912,
            39.85310950733133,
            26.39294764969424,
            80.21559350676117,
            35.17100238533913,
        ];
        let mle = GammaGamma {
            p: 6.248802972406786,
            q: 3.7445883073730513,
            gamma: 15.447746125401046,
        };
        for ((x, mean), expected) in HANDFUL.iter().zip(at_mle) {
            assert!(
                close(mle.conditional_expected_average(*x, *mean), expected, 1e-12),
                "x = {x}, m = {mean}"
            );
            assert!(
                close(m.conditional_expected_average(*x, *mean), expected, 1e-4),
                "x = {x}, m = {mean}"
            );
        }
    }

    #[test]
    fn cdnow_values_at_published_parameters() {
        let published = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        let (data, _) = SpendData::from_rows(cdnow()).unwrap();
        // lifetimes_reference.json, cdnow.gammagamma.fixed_total_log_likelihood and at_fixed.
        assert!((published.total_log_likelihood(&data) - -4055.9247127301696).abs() < 1e-8);
        let at_fixed = [
            18.91685205784205,
            24.663713910761157,
            30.307593030759303,
            71.46967089696707,
            39.85483156028369,
            26.39341812055003,
            80.25583982202447,
            35.21897810218978,
        ];
        for ((x, m), expected) in HANDFUL.iter().zip(at_fixed) {
            assert!(
                close(
                    published.conditional_expected_average(*x, *m),
                    expected,
                    1e-12
                ),
                "x = {x}, m = {m}"
            );
        }
        assert!(close(
            published.population_mean().unwrap(),
            6.25 * 15.44 / 2.74,
            1e-15
        ));
    }

    #[test]
    fn synthetic_fit_matches_lifetimes() {
        let (data, skipped) = SpendData::from_rows(synthetic()).unwrap();
        assert_eq!(data.customers(), 1275.0);
        assert_eq!(skipped.no_repeat, 725);
        let fit = GammaGamma::fit(&data, &FitSettings::default()).unwrap();
        let m = fit.model;
        // lifetimes_reference.json, synthetic.gammagamma.mle_params, mle_total_log_likelihood.
        assert!(close(m.p, 8.83241344665804, 1e-5), "{m:?}");
        assert!(close(m.q, 3.7000986103758384, 1e-5), "{m:?}");
        assert!(close(m.gamma, 12.118351717226494, 1e-5), "{m:?}");
        assert!((fit.estimate.log_likelihood - -5601.729455945609).abs() < 1e-6);
        // At the generating parameters (6, 4, 20): fixed_total_log_likelihood and at_fixed.
        let truth = GammaGamma {
            p: 6.0,
            q: 4.0,
            gamma: 20.0,
        };
        assert!((truth.total_log_likelihood(&data) - -5604.460473888803).abs() < 1e-8);
        let at_fixed = [
            21.18,
            25.880000000000003,
            30.666666666666664,
            71.49066666666667,
            40.0,
            26.492881355932205,
            80.0,
            40.0,
        ];
        for ((x, mean), expected) in HANDFUL.iter().zip(at_fixed) {
            assert!(
                close(
                    truth.conditional_expected_average(*x, *mean),
                    expected,
                    1e-12
                ),
                "x = {x}, m = {mean}"
            );
        }
        // synthetic.gammagamma.at_mle
        let at_mle = [
            18.29538940711884,
            24.642524404677985,
            30.403417751907234,
            72.31314009276953,
            39.99232590480166,
            26.39958310457476,
            85.86816405887741,
            39.64088283563253,
        ];
        for ((x, mean), expected) in HANDFUL.iter().zip(at_mle) {
            assert!(
                close(m.conditional_expected_average(*x, *mean), expected, 1e-4),
                "x = {x}, m = {mean}"
            );
        }
    }

    #[test]
    fn grouped_likelihood_equals_per_customer_sum_and_gradient_is_exact() {
        let (data, _) = SpendData::from_rows(cdnow()).unwrap();
        let model = GammaGamma {
            p: 4.0,
            q: 2.5,
            gamma: 20.0,
        };
        let direct: f64 = data
            .x
            .iter()
            .zip(&data.mean_spend)
            .zip(&data.weight)
            .map(|((x, m), w)| w * model.log_likelihood(*x, *m))
            .sum();
        assert!(close(model.total_log_likelihood(&data), direct, 1e-12));
        // One customer by hand: x = 1, m = 10 at p = q = γ = 1:
        // Γ(2)/(Γ(1)Γ(1)) · 1 · 10^0 · 1 / 11^2 = 1/121.
        let unit = GammaGamma {
            p: 1.0,
            q: 1.0,
            gamma: 1.0,
        };
        assert!(close(unit.log_likelihood(1.0, 10.0), -(121f64.ln()), 1e-14));
        assert_eq!(unit.log_likelihood(0.0, 10.0), f64::NEG_INFINITY);
        assert_eq!(unit.log_likelihood(2.0, 0.0), f64::NEG_INFINITY);

        let ll = SpendLikelihood::new(&data);
        crate::clv::estimation::fit::assert_gradient_matches_differences(
            &ll,
            &[4.0, 2.5, 20.0],
            1e-6,
        );
    }

    #[test]
    fn conditional_expectation_shrinks_towards_the_population_mean() {
        let model = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        let mean = model.population_mean().unwrap();
        for x in [1.0, 2.0, 5.0, 50.0] {
            for m in [0.5, 10.0, mean, 80.0, 1e4] {
                let e = model.conditional_expected_average(x, m);
                assert!(
                    e >= m.min(mean) - 1e-9 && e <= m.max(mean) + 1e-9,
                    "x = {x}, m = {m}: {e}"
                );
            }
            // More purchases: closer to the own mean.
            let (few, many) = (
                model.conditional_expected_average(x, 80.0),
                model.conditional_expected_average(x + 1.0, 80.0),
            );
            assert!((80.0 - many).abs() < (80.0 - few).abs());
        }
        // Customers the fit leaves out get the population mean.
        assert_eq!(model.conditional_expected_average(0.0, 0.0), mean);
        assert_eq!(model.conditional_expected_average(3.0, -5.0), mean);
        assert_eq!(model.conditional_expected_average(f64::NAN, 10.0), mean);
    }

    #[test]
    fn q_at_most_one_never_gives_nan_or_negative() {
        for q in [1.0, 0.6, 0.05] {
            let model = GammaGamma {
                p: 0.5,
                q,
                gamma: 10.0,
            };
            assert_eq!(model.population_mean(), None);
            for x in [0.0, 1.0, 2.0, 30.0] {
                for m in [-3.0, 0.0, 1.0, 25.0, f64::NAN] {
                    let e = model.conditional_expected_average(x, m);
                    assert!(e.is_finite() && e >= 0.0, "q = {q}, x = {x}, m = {m}: {e}");
                }
            }
            // p x + q <= 1: the posterior mean is infinite, the observed mean is used.
            if 0.5 + q <= 1.0 {
                assert_eq!(model.conditional_expected_average(1.0, 25.0), 25.0);
            }
            // Finite posterior mean: above the observed mean (the population mean is infinite).
            assert!(model.conditional_expected_average(30.0, 25.0) > 25.0);
            assert_eq!(model.conditional_expected_average(0.0, 0.0), 0.0);
        }
        let fit = GammaGammaFit {
            model: GammaGamma {
                p: 0.5,
                q: 0.8,
                gamma: 10.0,
            },
            estimate: Estimate {
                names: vec![],
                params: vec![],
                std_errors: None,
                log_covariance: None,
                log_likelihood: 0.0,
                converged: true,
                iterations: 0,
            },
            warnings: vec![SpendWarning::MeanUndefined],
            sample_mean: 42.0,
        };
        assert_eq!(fit.expected_average(0.0, 0.0), 42.0);
        assert_eq!(fit.expected_average(2.0, -1.0), 42.0);
        assert!(close(
            fit.expected_average(4.0, 20.0),
            0.5 * (10.0 + 80.0) / (2.0 + 0.8 - 1.0),
            1e-15
        ));
    }

    #[test]
    fn heavy_tailed_spend_warns_that_the_mean_is_undefined() {
        // ν ~ Gamma(q = 0.7, γ = 5): the mean spend has an infinite population mean.
        let truth = GammaGamma {
            p: 3.0,
            q: 0.7,
            gamma: 5.0,
        };
        let data = simulate(truth, 20_000, 11);
        let fit = GammaGamma::fit(&data, &FitSettings::default()).unwrap();
        assert!(fit.model.q < 1.0, "{:?}", fit.model);
        assert_eq!(fit.warnings, [SpendWarning::MeanUndefined]);
        for x in [0.0, 1.0, 5.0] {
            for m in [0.0, 3.0, 400.0] {
                let e = fit.expected_average(x, m);
                assert!(e.is_finite() && e >= 0.0);
            }
        }
        assert_eq!(fit.expected_average(0.0, 0.0), data.sample_mean());
    }

    /// Spend of `n` simulated repeat buyers: x uniform in 1..=12, ν ~ Gamma(q, rate γ),
    /// each transaction Gamma(p, rate ν), m their mean.
    fn simulate(truth: GammaGamma, n: usize, seed: u64) -> SpendData {
        use rand::{RngExt, SeedableRng};
        use rand_distr::{Distribution, Gamma};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let nu_dist = Gamma::new(truth.q, 1.0 / truth.gamma).unwrap();
        let unit = Gamma::new(truth.p, 1.0).unwrap();
        let rows: Vec<(f64, f64)> = (0..n)
            .map(|_| {
                let x = rng.random_range(1..=12u32);
                let nu: f64 = nu_dist.sample(&mut rng);
                let total: f64 = (0..x).map(|_| unit.sample(&mut rng) / nu).sum();
                (f64::from(x), total / f64::from(x))
            })
            .collect();
        SpendData::from_rows(rows).unwrap().0
    }

    #[test]
    fn recovers_simulated_parameters() {
        let truth = GammaGamma {
            p: 4.0,
            q: 3.0,
            gamma: 30.0,
        };
        let data = simulate(truth, 50_000, 3);
        let fit = GammaGamma::fit(&data, &FitSettings::default()).unwrap();
        let se = fit.estimate.std_errors.clone().unwrap();
        let got = [fit.model.p, fit.model.q, fit.model.gamma];
        for (i, want) in [truth.p, truth.q, truth.gamma].into_iter().enumerate() {
            let z = (got[i] - want) / se[i];
            assert!(
                z.abs() < 4.0,
                "{}: {} vs {want}, se {}",
                fit.estimate.names[i],
                got[i],
                se[i]
            );
            assert!(
                se[i] < 0.1 * want,
                "{}: se {}",
                fit.estimate.names[i],
                se[i]
            );
        }
    }

    #[test]
    fn rows_are_validated_merged_and_skipped() {
        let (data, skipped) = SpendData::from_rows([
            (2.0, 10.0),
            (0.0, 0.0),
            (2.0, 10.0),
            (1.0, 0.0),
            (3.0, -4.0),
            (0.0, 7.0),
            (1.0, 5.5),
        ])
        .unwrap();
        assert_eq!(data.x, [2.0, 1.0]);
        assert_eq!(data.mean_spend, [10.0, 5.5]);
        assert_eq!(data.weight, [2.0, 1.0]);
        assert_eq!(
            skipped,
            SpendSkipped {
                no_repeat: 2,
                non_positive_spend: 2
            }
        );
        assert!(close(data.sample_mean(), 25.5 / 3.0, 1e-15));

        let err = SpendData::from_rows([(1.0, 5.0), (1.5, 5.0)]).unwrap_err();
        assert_eq!(
            err,
            FitError::InvalidInput {
                row: 1,
                field: "frequency",
                value: 1.5
            }
        );
        let err = SpendData::from_rows([(-1.0, 5.0)]).unwrap_err();
        assert_eq!(
            err,
            FitError::InvalidInput {
                row: 0,
                field: "frequency",
                value: -1.0
            }
        );
        let err = SpendData::from_rows([(1.0, 5.0), (2.0, f64::INFINITY)]).unwrap_err();
        assert_eq!(
            err,
            FitError::InvalidInput {
                row: 1,
                field: "mean_spend",
                value: f64::INFINITY
            }
        );
        assert!(matches!(
            SpendData::from_rows([(0.0, f64::NAN)]),
            Err(FitError::InvalidInput {
                row: 0,
                field: "mean_spend",
                ..
            })
        ));
    }

    #[test]
    fn too_little_data_is_a_typed_error() {
        let settings = FitSettings::default();
        let (none, _) = SpendData::from_rows([(0.0, 0.0), (1.0, -2.0)]).unwrap();
        assert_eq!(
            GammaGamma::fit(&none, &settings),
            Err(FitError::NoRepeatBuyers)
        );
        let (two, _) = SpendData::from_rows([(1.0, 3.0), (2.0, 4.0)]).unwrap();
        assert_eq!(
            GammaGamma::fit(&two, &settings),
            Err(FitError::TooFewCustomers {
                found: 2,
                needed: 3
            })
        );
    }

    /// `(x, m)` per customer of a transaction log: the purchase days after the
    /// first, same-day orders summed, refunds ignored.
    fn repeat_spend(log: &crate::clv::data::transactions::TransactionLog) -> Vec<(f64, f64)> {
        let n = log.customer_ids().len();
        // Per customer: (last purchase day, purchase days, sum over the days after the first).
        let mut acc: Vec<(Option<chrono::NaiveDate>, u32, f64)> = vec![(None, 0, 0.0); n];
        for t in log.transactions().iter().filter(|t| !t.is_refund()) {
            let a = &mut acc[t.customer as usize];
            if a.0 != Some(t.date) {
                a.0 = Some(t.date);
                a.1 += 1;
            }
            if a.1 > 1 {
                a.2 += t.amount;
            }
        }
        acc.iter()
            .filter(|a| a.1 > 0)
            .map(|&(_, days, sum)| {
                let x = f64::from(days - 1);
                (x, if days > 1 { sum / x } else { 0.0 })
            })
            .collect()
    }

    #[test]
    fn demo_data_recovers_the_generating_spend_parameters() {
        use crate::clv::data::demo::{generate, DemoConfig};
        let cfg = DemoConfig::synthetic(20_000, 5);
        let rows = repeat_spend(&generate(&cfg).log);
        let (data, skipped) = SpendData::from_rows(rows).unwrap();
        assert_eq!(
            skipped.non_positive_spend, 0,
            "orders are at least one cent"
        );
        assert!(data.customers() > 3_000.0, "{}", data.customers());
        let fit = GammaGamma::fit(&data, &FitSettings::default()).unwrap();
        let se = fit.estimate.std_errors.clone().unwrap();
        let got = [fit.model.p, fit.model.q, fit.model.gamma];
        let truth = [cfg.spend.p, cfg.spend.q, cfg.spend.gamma];
        for i in 0..3 {
            // Same-day orders are summed, which the model does not know; a
            // generous margin of 5 standard errors covers that small bias.
            assert!(
                (got[i] - truth[i]).abs() < 5.0 * se[i],
                "{i}: {} vs {}, se {}",
                got[i],
                truth[i],
                se[i]
            );
        }
    }
}
