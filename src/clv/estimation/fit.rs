//! Maximum-likelihood estimation shared by all models.
//!
//! Method: the negative log-likelihood (per customer, so tolerances do not
//! depend on the data size) is minimised over the logarithms of the parameters,
//! which keeps every parameter positive, with argmin's BFGS and the
//! More–Thuente line search (Nocedal & Wright 2006, *Numerical Optimization*,
//! ch. 6 and 3.5), from several starting points; the best optimum wins.
//!
//! Uncertainty: the observed information is the Hessian of the negative total
//! log-likelihood at the optimum, here in log-parameters, taken by central
//! differences of the gradient. Its inverse is the asymptotic covariance of the
//! log-parameters; a parameter's standard error follows by the delta method
//! (`se(θ) = θ · se(log θ)`), and its 95% interval is `exp(log θ ± 1.96 se)`, which
//! stays positive.

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::BFGS;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// A model's log-likelihood over its data, as a function of its parameters.
pub trait Likelihood {
    /// Parameter names, in the order of the parameter slices.
    fn names(&self) -> &'static [&'static str];

    /// Number of customers (or cohort members) behind the likelihood; used to scale the objective.
    fn size(&self) -> f64;

    /// Total log-likelihood at the (positive) natural parameters. May return a
    /// non-finite value for parameters far outside the plausible range.
    fn log_likelihood(&self, params: &[f64]) -> f64;

    /// Gradient of the total log-likelihood with respect to the natural
    /// parameters, where the model has it in closed form; `None` means central
    /// differences are used.
    fn gradient(&self, _params: &[f64]) -> Option<Vec<f64>> {
        None
    }

    /// Starting points (natural parameters) for the optimiser.
    fn starts(&self) -> Vec<Vec<f64>>;
}

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub enum FitError {
    #[error("too few customers to fit the model: {found}, at least {needed} needed")]
    TooFewCustomers { found: usize, needed: usize },
    #[error("no customer has a repeat purchase, so purchase rates cannot be estimated")]
    NoRepeatBuyers,
    #[error("input row {row} has an invalid {field}: {value}")]
    InvalidInput {
        row: usize,
        field: &'static str,
        value: f64,
    },
    #[error("the optimiser did not find a finite maximum of the likelihood")]
    NoConvergence,
}

/// The serialised form of [`FitError`], with an owned field name.
#[derive(Deserialize)]
enum FitErrorMessage {
    TooFewCustomers {
        found: usize,
        needed: usize,
    },
    NoRepeatBuyers,
    InvalidInput {
        row: usize,
        field: String,
        value: f64,
    },
    NoConvergence,
}

impl<'de> Deserialize<'de> for FitError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match FitErrorMessage::deserialize(deserializer)? {
            FitErrorMessage::TooFewCustomers { found, needed } => {
                FitError::TooFewCustomers { found, needed }
            }
            FitErrorMessage::NoRepeatBuyers => FitError::NoRepeatBuyers,
            // Field names are a handful of short literals; an error read from a
            // message (e.g. from a worker) keeps its name for the process's life.
            FitErrorMessage::InvalidInput { row, field, value } => FitError::InvalidInput {
                row,
                field: Box::leak(field.into_boxed_str()),
                value,
            },
            FitErrorMessage::NoConvergence => FitError::NoConvergence,
        })
    }
}

/// A fitted model's parameters with their uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub names: Vec<String>,
    pub params: Vec<f64>,
    /// Standard errors (delta method); `None` where the observed information is
    /// not positive definite (a flat or degenerate likelihood).
    pub std_errors: Option<Vec<f64>>,
    /// Asymptotic covariance of the log-parameters, for drawing parameter sets.
    pub log_covariance: Option<Vec<Vec<f64>>>,
    /// Total log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// Whether the optimiser met its convergence criterion.
    pub converged: bool,
    pub iterations: u64,
}

impl Estimate {
    /// The value of the named parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| self.params[i])
    }

    /// 95% interval `exp(log θ ± 1.96 se(log θ))` of parameter `i`.
    pub fn interval95(&self, i: usize) -> Option<(f64, f64)> {
        let cov = self.log_covariance.as_ref()?;
        let se = cov[i][i].sqrt();
        let log = self.params[i].ln();
        Some(((log - 1.96 * se).exp(), (log + 1.96 * se).exp()))
    }

    /// Akaike's information criterion, `2k − 2 LL`.
    pub fn aic(&self) -> f64 {
        2.0 * self.params.len() as f64 - 2.0 * self.log_likelihood
    }
}

/// Settings of the optimiser.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSettings {
    pub max_iterations: u64,
    /// Stop when the gradient norm of the per-customer objective (in log-parameters) is below this.
    pub gradient_tolerance: f64,
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings {
            max_iterations: 300,
            gradient_tolerance: 1e-7,
        }
    }
}

/// The per-customer negative log-likelihood over log-parameters, for argmin.
struct Objective<'a, L: ?Sized> {
    model: &'a L,
    scale: f64,
}

/// Larger than any real objective value; returned for impossible parameters so
/// that the line search backs off.
const IMPOSSIBLE: f64 = 1e30;

impl<L: Likelihood + ?Sized> Objective<'_, L> {
    fn value(&self, log_params: &[f64]) -> f64 {
        let params: Vec<f64> = log_params.iter().map(|v| v.exp()).collect();
        if params.iter().any(|p| !p.is_finite() || *p <= 0.0) {
            return IMPOSSIBLE;
        }
        let ll = self.model.log_likelihood(&params);
        if ll.is_finite() {
            -ll / self.scale
        } else {
            IMPOSSIBLE
        }
    }

    fn grad(&self, log_params: &[f64]) -> Vec<f64> {
        let params: Vec<f64> = log_params.iter().map(|v| v.exp()).collect();
        if let Some(g) = self.model.gradient(&params) {
            if g.iter().all(|v| v.is_finite()) {
                // d/d(log θ) = θ · d/dθ
                return g
                    .iter()
                    .zip(&params)
                    .map(|(gi, p)| -gi * p / self.scale)
                    .collect();
            }
        }
        central_gradient(|x| self.value(x), log_params)
    }
}

fn central_gradient(f: impl Fn(&[f64]) -> f64, x: &[f64]) -> Vec<f64> {
    let mut point = x.to_vec();
    (0..x.len())
        .map(|i| {
            let h = 1e-6 * (1.0 + x[i].abs());
            point[i] = x[i] + h;
            let up = f(&point);
            point[i] = x[i] - h;
            let down = f(&point);
            point[i] = x[i];
            (up - down) / (2.0 * h)
        })
        .collect()
}

impl<L: Likelihood + ?Sized> CostFunction for Objective<'_, L> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, p: &Array1<f64>) -> Result<f64, argmin::core::Error> {
        Ok(self.value(p.as_slice().expect("contiguous")))
    }
}

impl<L: Likelihood + ?Sized> Gradient for Objective<'_, L> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;
    fn gradient(&self, p: &Array1<f64>) -> Result<Array1<f64>, argmin::core::Error> {
        Ok(Array1::from(self.grad(p.as_slice().expect("contiguous"))))
    }
}

/// One BFGS run from `start` (natural parameters): (log-parameters, objective, converged, iterations).
fn run_bfgs<L: Likelihood + ?Sized>(
    objective: &Objective<'_, L>,
    start: &[f64],
    settings: &FitSettings,
) -> Option<(Vec<f64>, f64, bool, u64)> {
    let n = start.len();
    let x0 = Array1::from_iter(start.iter().map(|v| v.ln()));
    if !objective.value(x0.as_slice()?).is_finite() || objective.value(x0.as_slice()?) >= IMPOSSIBLE
    {
        return None;
    }
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(settings.gradient_tolerance)
        .ok()?
        .with_tolerance_cost(1e-14)
        .ok()?;
    let result = Executor::new(
        Objective {
            model: objective.model,
            scale: objective.scale,
        },
        solver,
    )
    .configure(|state| {
        state
            .param(x0)
            .inv_hessian(Array2::eye(n))
            .max_iters(settings.max_iterations)
    })
    .run();
    let result = match result {
        Ok(r) => r,
        Err(_) => return None,
    };
    let (best, cost, solver_converged, iterations) = best_of_run(result.state())?;
    let converged = solver_converged || {
        let g = objective.grad(&best);
        g.iter().map(|v| v * v).sum::<f64>().sqrt() < 1e-4
    };
    Some((best, cost, converged, iterations))
}

/// A finished run's best point (log-parameters), its objective, whether the
/// solver says it converged, and the iterations; `None` if the best objective
/// is not finite or marks an impossible point.
fn best_of_run<S>(state: &S) -> Option<(Vec<f64>, f64, bool, u64)>
where
    S: State<Param = Array1<f64>, Float = f64>,
{
    let best = state.get_best_param()?.to_vec();
    let cost = state.get_best_cost();
    if !cost.is_finite() || cost >= IMPOSSIBLE {
        return None;
    }
    let converged = matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(TerminationReason::SolverConverged)
    );
    Some((best, cost, converged, state.get_iter()))
}

/// One Nelder–Mead run from `start` (natural parameters), the fallback when
/// BFGS fails: (log-parameters, objective, converged, iterations).
fn run_nelder_mead<L: Likelihood + ?Sized>(
    objective: &Objective<'_, L>,
    start: &[f64],
    settings: &FitSettings,
) -> Option<(Vec<f64>, f64, bool, u64)> {
    use argmin::solver::neldermead::NelderMead;
    let x0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    if objective.value(&x0) >= IMPOSSIBLE {
        return None;
    }
    // The initial simplex: the start and one step of 0.5 (in log) along each axis.
    let mut simplex = vec![Array1::from(x0.clone())];
    for i in 0..x0.len() {
        let mut v = x0.clone();
        v[i] += 0.5;
        simplex.push(Array1::from(v));
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-12).ok()?;
    let result = Executor::new(
        Objective {
            model: objective.model,
            scale: objective.scale,
        },
        solver,
    )
    .configure(|state| state.max_iters(settings.max_iterations * 20))
    .run()
    .ok()?;
    best_of_run(result.state())
}

/// Maximises the likelihood from each of the model's starting points and
/// returns the best estimate with its uncertainty.
pub fn maximize<L: Likelihood + ?Sized>(
    model: &L,
    settings: &FitSettings,
) -> Result<Estimate, FitError> {
    let scale = model.size().max(1.0);
    let objective = Objective { model, scale };
    let mut best: Option<(Vec<f64>, f64, bool, u64)> = None;
    let starts = model.starts();
    for start in &starts {
        if let Some(run) = run_bfgs(&objective, start, settings) {
            if best.as_ref().is_none_or(|b| run.1 < b.1) {
                best = Some(run);
            }
        }
    }
    // Where every line search failed (typically a likelihood that keeps rising
    // towards a boundary, e.g. no spread of spend between customers), the
    // derivative-free simplex still finds the best point within its budget.
    if best.is_none() {
        for start in &starts {
            if let Some(run) = run_nelder_mead(&objective, start, settings) {
                if best.as_ref().is_none_or(|b| run.1 < b.1) {
                    best = Some(run);
                }
            }
        }
    }
    let (log_params, cost, converged, iterations) = best.ok_or(FitError::NoConvergence)?;
    let params: Vec<f64> = log_params.iter().map(|v| v.exp()).collect();
    let log_covariance = observed_information(&objective, &log_params).and_then(|h| invert_spd(&h));
    let std_errors = log_covariance.as_ref().map(|c| {
        params
            .iter()
            .enumerate()
            .map(|(i, p)| p * c[i][i].sqrt())
            .collect()
    });
    Ok(Estimate {
        names: model.names().iter().map(|s| s.to_string()).collect(),
        params,
        std_errors,
        log_covariance,
        log_likelihood: -cost * scale,
        converged,
        iterations,
    })
}

/// Hessian of the total negative log-likelihood in log-parameters, by central
/// differences of the gradient, symmetrised.
fn observed_information<L: Likelihood + ?Sized>(
    objective: &Objective<'_, L>,
    x: &[f64],
) -> Option<Vec<Vec<f64>>> {
    let n = x.len();
    let mut h = vec![vec![0.0; n]; n];
    let mut point = x.to_vec();
    for j in 0..n {
        let step = 1e-4 * (1.0 + x[j].abs());
        point[j] = x[j] + step;
        let up = objective.grad(&point);
        point[j] = x[j] - step;
        let down = objective.grad(&point);
        point[j] = x[j];
        for i in 0..n {
            h[i][j] = (up[i] - down[i]) / (2.0 * step) * objective.scale;
        }
    }
    #[allow(clippy::needless_range_loop)]
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (h[i][j] + h[j][i]);
            h[i][j] = m;
            h[j][i] = m;
        }
    }
    h.iter().flatten().all(|v| v.is_finite()).then_some(h)
}

/// The lower-triangular Cholesky factor `L` with `L Lᵀ = a`; `None` unless `a`
/// is symmetric positive definite.
#[allow(clippy::needless_range_loop)] // index notation mirrors the textbook algorithm
pub fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - sum;
                if d.is_nan() || d <= 0.0 || d.is_infinite() {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Inverse of a symmetric positive definite matrix through its Cholesky factor;
/// `None` if it is not positive definite.
#[allow(clippy::needless_range_loop)]
pub fn invert_spd(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let l = cholesky(a)?;
    // Solve L Lᵀ X = I column by column.
    let mut inv = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let rhs = if i == col { 1.0 } else { 0.0 };
            y[i] = (rhs - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        for i in (0..n).rev() {
            inv[i][col] = (y[i] - (i + 1..n).map(|k| l[k][i] * inv[k][col]).sum::<f64>()) / l[i][i];
        }
    }
    Some(inv)
}

/// `ln(e^a + e^b)` without overflow.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Test support: asserts that a model's closed-form gradient agrees with
/// central differences of its log-likelihood to `rel` (relative, with an
/// absolute floor of `rel` for gradients near zero).
#[cfg(test)]
pub(crate) fn assert_gradient_matches_differences<L: Likelihood + ?Sized>(
    model: &L,
    params: &[f64],
    rel: f64,
) {
    let g = model.gradient(params).expect("a closed-form gradient");
    for i in 0..params.len() {
        let h = 1e-6 * params[i];
        let (mut up, mut down) = (params.to_vec(), params.to_vec());
        up[i] += h;
        down[i] -= h;
        let numeric = (model.log_likelihood(&up) - model.log_likelihood(&down)) / (2.0 * h);
        assert!(
            (g[i] - numeric).abs() <= rel * numeric.abs().max(1.0),
            "{params:?}, parameter {i}: closed form {} vs differences {numeric}",
            g[i]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exponential waiting times with rate λ: LL = n ln λ − λ Σt; MLE λ = n / Σt,
    /// observed information in log λ is n, so se(λ) = λ / √n.
    struct Exponential {
        times: Vec<f64>,
    }

    impl Likelihood for Exponential {
        fn names(&self) -> &'static [&'static str] {
            &["lambda"]
        }
        fn size(&self) -> f64 {
            self.times.len() as f64
        }
        fn log_likelihood(&self, p: &[f64]) -> f64 {
            let n = self.times.len() as f64;
            n * p[0].ln() - p[0] * self.times.iter().sum::<f64>()
        }
        fn starts(&self) -> Vec<Vec<f64>> {
            vec![vec![1.0], vec![100.0]]
        }
    }

    /// Normal with unknown mean (shifted to stay positive) and standard deviation, with a closed-form gradient.
    struct Normal {
        data: Vec<f64>,
    }

    impl Likelihood for Normal {
        fn names(&self) -> &'static [&'static str] {
            &["mu", "sigma"]
        }
        fn size(&self) -> f64 {
            self.data.len() as f64
        }
        fn log_likelihood(&self, p: &[f64]) -> f64 {
            let (mu, s) = (p[0], p[1]);
            self.data
                .iter()
                .map(|x| -s.ln() - 0.5 * ((x - mu) / s).powi(2))
                .sum()
        }
        fn gradient(&self, p: &[f64]) -> Option<Vec<f64>> {
            let (mu, s) = (p[0], p[1]);
            let dmu = self.data.iter().map(|x| (x - mu) / (s * s)).sum();
            let ds = self
                .data
                .iter()
                .map(|x| -1.0 / s + (x - mu).powi(2) / s.powi(3))
                .sum();
            Some(vec![dmu, ds])
        }
        fn starts(&self) -> Vec<Vec<f64>> {
            vec![vec![1.0, 1.0]]
        }
    }

    #[test]
    fn exponential_rate_and_its_standard_error() {
        let model = Exponential {
            times: vec![0.5, 1.5, 2.0, 0.25, 0.75, 3.0, 1.0, 1.0],
        };
        let e = maximize(&model, &FitSettings::default()).unwrap();
        let lambda = 8.0 / 10.0;
        assert!((e.params[0] - lambda).abs() < 1e-7, "{:?}", e.params);
        assert!(e.converged);
        assert!((e.log_likelihood - (8.0 * lambda.ln() - 8.0)).abs() < 1e-9);
        let se = e.std_errors.as_ref().unwrap()[0];
        assert!((se - lambda / 8f64.sqrt()).abs() < 1e-5, "{se}");
        let (lo, hi) = e.interval95(0).unwrap();
        assert!((lo - lambda * (-1.96 / 8f64.sqrt()).exp()).abs() < 1e-5 && hi > lambda);
        assert_eq!(e.get("lambda"), Some(e.params[0]));
        assert!((e.aic() - (2.0 - 2.0 * e.log_likelihood)).abs() < 1e-12);
    }

    #[test]
    fn normal_with_closed_form_gradient() {
        let data = [4.0, 5.0, 6.0, 5.5, 4.5, 5.0];
        let e = maximize(
            &Normal {
                data: data.to_vec(),
            },
            &FitSettings::default(),
        )
        .unwrap();
        let mean = data.iter().sum::<f64>() / 6.0;
        let var = data.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 6.0;
        assert!((e.params[0] - mean).abs() < 1e-6, "{:?}", e.params);
        assert!((e.params[1] - var.sqrt()).abs() < 1e-6, "{:?}", e.params);
        // se(mu) = sigma / sqrt(n)
        let se = e.std_errors.unwrap();
        assert!((se[0] - var.sqrt() / 6f64.sqrt()).abs() < 1e-4, "{se:?}");
    }

    /// A likelihood of one parameter (the one name in `names`) from one
    /// observation, started at 1.
    struct OneParameter {
        names: &'static [&'static str],
        log_likelihood: fn(f64) -> f64,
    }

    impl Likelihood for OneParameter {
        fn names(&self) -> &'static [&'static str] {
            self.names
        }
        fn size(&self) -> f64 {
            1.0
        }
        fn log_likelihood(&self, p: &[f64]) -> f64 {
            (self.log_likelihood)(p[0])
        }
        fn starts(&self) -> Vec<Vec<f64>> {
            vec![vec![1.0]]
        }
    }

    #[test]
    fn impossible_likelihood_is_no_convergence() {
        let flat = OneParameter {
            names: &["x"],
            log_likelihood: |_| f64::NAN,
        };
        assert_eq!(
            maximize(&flat, &FitSettings::default()),
            Err(FitError::NoConvergence)
        );
    }

    #[test]
    fn fit_errors_survive_a_message_round_trip() {
        for e in [
            FitError::TooFewCustomers {
                found: 2,
                needed: 10,
            },
            FitError::NoRepeatBuyers,
            FitError::InvalidInput {
                row: 3,
                field: "recency",
                value: -1.0,
            },
            FitError::NoConvergence,
        ] {
            let back: FitError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
            assert_eq!(back, e);
        }
    }

    #[test]
    fn a_likelihood_rising_to_a_boundary_still_gives_its_best_point() {
        // Increases without bound in θ: no maximum exists, BFGS's line search
        // fails, the fallback returns the best point of its budget, unconverged.
        let unbounded = OneParameter {
            names: &["theta"],
            log_likelihood: |theta| -1.0 / theta,
        };
        let e = maximize(&unbounded, &FitSettings::default()).unwrap();
        assert!(e.params[0] > 100.0, "{:?}", e.params);
        assert!(e.log_likelihood.is_finite() && e.log_likelihood < 0.0);
    }

    #[test]
    fn cholesky_inverse() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = invert_spd(&a).unwrap();
        // inverse of [[4,2],[2,3]] is [[3,-2],[-2,4]] / 8
        let expected = [[0.375, -0.25], [-0.25, 0.5]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((inv[i][j] - expected[i][j]).abs() < 1e-12);
            }
        }
        assert!(invert_spd(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }

    #[test]
    fn log_add_exp_is_stable() {
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_add_exp(f64::NEG_INFINITY, -3.0), -3.0);
        assert!((log_add_exp(0.0, 0.0) - 2f64.ln()).abs() < 1e-15);
    }
}
