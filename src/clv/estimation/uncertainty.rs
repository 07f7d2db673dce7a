//! Parameter uncertainty carried into predictions.
//!
//! A fitted model's log-parameters are asymptotically normal with the inverse
//! observed information as covariance (see [`super::fit`]). Drawing parameter
//! sets from that normal and recomputing a prediction for each gives the
//! prediction's sampling distribution; its 2.5% and 97.5% quantiles are the
//! 95% interval (the "parametric bootstrap" of Efron & Tibshirani 1993, ch. 6).

use super::fit::{cholesky, Estimate};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// `n` parameter sets (natural scale) drawn from the estimate's asymptotic
/// normal on log-parameters; `None` without a covariance. Deterministic for a seed.
pub fn draw_parameters(estimate: &Estimate, n: usize, seed: u64) -> Option<Vec<Vec<f64>>> {
    let cov = estimate.log_covariance.as_ref()?;
    let k = estimate.params.len();
    let l = cholesky(cov)?;
    let mean: Vec<f64> = estimate.params.iter().map(|p| p.ln()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Some(
        (0..n)
            .map(|_| {
                let z: Vec<f64> = (0..k).map(|_| StandardNormal.sample(&mut rng)).collect();
                (0..k)
                    .map(|i| (mean[i] + (0..=i).map(|j| l[i][j] * z[j]).sum::<f64>()).exp())
                    .collect()
            })
            .collect(),
    )
}

/// The `q`-quantile (0..1) of `values` by linear interpolation; sorts in place.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
}

/// A point estimate with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// The point estimate with the 2.5% and 97.5% quantiles of `draws` (reordered).
    pub fn from_draws(estimate: f64, draws: &mut [f64]) -> Self {
        if draws.is_empty() {
            return Interval {
                estimate,
                low: estimate,
                high: estimate,
            };
        }
        Interval {
            estimate,
            low: quantile(draws, 0.025),
            high: quantile(draws, 0.975),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate() -> Estimate {
        Estimate {
            names: vec!["a".into(), "b".into()],
            params: vec![2.0, 0.5],
            std_errors: None,
            log_covariance: Some(vec![vec![0.04, 0.01], vec![0.01, 0.09]]),
            log_likelihood: -1.0,
            converged: true,
            iterations: 1,
        }
    }

    #[test]
    fn draws_have_the_estimated_mean_and_covariance_on_the_log_scale() {
        let n = 20_000;
        let draws = draw_parameters(&estimate(), n, 7).unwrap();
        let logs: Vec<[f64; 2]> = draws.iter().map(|d| [d[0].ln(), d[1].ln()]).collect();
        let mean = |i: usize| logs.iter().map(|l| l[i]).sum::<f64>() / n as f64;
        let (m0, m1) = (mean(0), mean(1));
        // standard error of a mean: sqrt(var / n) = 0.2 / 141 = 0.0014; allow 4 of them
        assert!((m0 - 2f64.ln()).abs() < 0.006, "{m0}");
        assert!((m1 - 0.5f64.ln()).abs() < 0.009, "{m1}");
        let cov = |i: usize, j: usize, mi: f64, mj: f64| {
            logs.iter().map(|l| (l[i] - mi) * (l[j] - mj)).sum::<f64>() / (n - 1) as f64
        };
        // standard error of a sample variance ≈ var · sqrt(2 / n) = 1% relative
        assert!((cov(0, 0, m0, m0) - 0.04).abs() < 0.04 * 0.04);
        assert!((cov(1, 1, m1, m1) - 0.09).abs() < 0.09 * 0.04);
        assert!((cov(0, 1, m0, m1) - 0.01).abs() < 0.0025);
        assert_eq!(
            draws,
            draw_parameters(&estimate(), n, 7).unwrap(),
            "deterministic"
        );
    }

    #[test]
    fn no_covariance_no_draws() {
        let mut e = estimate();
        e.log_covariance = None;
        assert!(draw_parameters(&e, 10, 1).is_none());
        e.log_covariance = Some(vec![vec![1.0, 2.0], vec![2.0, 1.0]]);
        assert!(
            draw_parameters(&e, 10, 1).is_none(),
            "not positive definite"
        );
    }

    #[test]
    fn quantiles_interpolate() {
        let mut v = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(quantile(&mut v, 0.5), 3.0);
        assert_eq!(quantile(&mut v, 0.0), 1.0);
        assert_eq!(quantile(&mut v, 0.125), 1.5);
        let i = Interval::from_draws(3.0, &mut v);
        assert!((i.low - 1.1).abs() < 1e-12 && (i.high - 4.9).abs() < 1e-12);
    }
}
