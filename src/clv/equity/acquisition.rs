//! Customer acquisition: new customers per month from the log, and projections
//! of future acquisitions.
//!
//! - **History** ([`monthly_acquisitions`]): a customer is acquired on the date
//!   of their first order (first non-refund transaction); customers with only
//!   refunds are not customers. Counted per calendar month, complete months
//!   only.
//! - **Projections** ([`project_acquisitions`]), with `t` the month's position
//!   in the history (0 = its first month):
//!   - *recent average*: the mean of the last `months` months;
//!   - *linear trend*: the ordinary least-squares line through the monthly
//!     counts, extended; negative values are replaced by 0;
//!   - *logistic*: the diffusion curve of Gupta, Lehmann & Stuart (2004),
//!     "Valuing Customers", *Journal of Marketing Research* 41(1), 7–18
//!     (eq. 6), for the cumulative number of customers,
//!     `N(t) = α / (1 + exp(−β − γt))`, fitted by (nonlinear) least squares to
//!     the cumulative counts as in that paper; new customers in month `t` are
//!     `N(t) − N(t−1)`;
//!   - *manual*: a number entered by hand.
//!
//! The logistic fit searches over `(log(α − N_last), β, log γ)`, so that
//! `α > N_last` (the customers already acquired) and `γ > 0`, with argmin's
//! Nelder–Mead simplex (Nelder & Mead 1965, *The Computer Journal* 7(4)) from
//! several starting points, each the linearised fit `logit(N_t/α) = β + γt`
//! for one trial `α`; the best run is restarted once. What the fit gives
//! depends on the shape of the data, and nothing is capped:
//!
//! - S-shaped or saturating growth: the curve itself (exact curve data are
//!   recovered).
//! - Accelerating growth like the curve's lower, exponential tail: α grows
//!   without bound (`N ≈ α e^{β+γt}` fits better the larger α); the search
//!   stops at its iteration limit with a large but finite α, and the
//!   projection continues the exponential growth.
//! - Steady or gently rising monthly counts (a straight or slightly convex
//!   cumulative line, such as the demo data): a logistic, rising from 0,
//!   cannot follow a straight line for long, and the least-squares curve
//!   saturates soon after the history, so the projection FALLS month by month
//!   (on the demo data: about 87 new customers in the first month after and 18
//!   a year later, against 126–166 in its last months). The linear trend or
//!   the recent average suit such data better.
//!
//! A fit whose values are not all finite is reported as
//! [`AcquisitionError::NotConverged`]: the projection never holds NaN.

use super::super::data::transactions::TransactionLog;
use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;
use chrono::{Datelike, NaiveDate};
use ndarray::Array1;
use serde::{Deserialize, Serialize};

/// New customers (first order, i.e. first non-refund transaction) per
/// calendar month, from the month of the first order to the last COMPLETE
/// month on or before `end` (a month is complete if `end` is on or after its
/// last day). Months with no new customers appear with 0. Refund-only
/// customers are not customers. Transactions after `end` are ignored; the
/// result is empty when no complete month holds a first order.
pub fn monthly_acquisitions(log: &TransactionLog, end: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let mut acquired = vec![false; log.customer_ids().len()];
    // Transactions are sorted by date, so the first order seen is the first.
    let first_orders = log.transactions().iter().filter(|t| {
        let first = !t.is_refund() && acquired.get(t.customer as usize).is_some_and(|seen| !*seen);
        if first {
            acquired[t.customer as usize] = true;
        }
        first
    });
    acquisitions_by_month(first_orders.map(|t| t.date), end)
}

/// [`monthly_acquisitions`] from each customer's first order date (any
/// order): how customers summarised elsewhere, who have no log, count.
pub fn acquisitions_by_month(
    first_orders: impl IntoIterator<Item = NaiveDate>,
    end: NaiveDate,
) -> Vec<(NaiveDate, u32)> {
    let complete_through = if end
        .succ_opt()
        .is_none_or(|next| next.month() != end.month())
    {
        month_index(end)
    } else {
        month_index(end) - 1
    };
    let months: Vec<i32> = first_orders
        .into_iter()
        .map(month_index)
        .filter(|m| *m <= complete_through)
        .collect();
    let Some(first) = months.iter().copied().min() else {
        return Vec::new();
    };
    let mut counts = vec![0u32; (complete_through - first + 1) as usize];
    for m in months {
        counts[(m - first) as usize] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(k, n)| (month_start(first + k as i32), n))
        .collect()
}

/// Months since year 0 (`year · 12 + month − 1`).
fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The first day of a [`month_index`].
fn month_start(index: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .expect("the month of a valid date")
}

/// How future acquisitions are projected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum AcquisitionMethod {
    /// The mean of the last `months` complete months (default 6); all months
    /// if the history is shorter.
    RecentAverage { months: u32 },
    /// An ordinary least-squares line through the monthly counts, extended (never below 0).
    LinearTrend,
    /// The logistic curve of Gupta, Lehmann & Stuart (2004, eq. 6) fitted by least squares to the cumulative number of customers: N(t) = α / (1 + exp(−β − γ t)), t in months since the first month; new customers in month t = N(t) − N(t−1).
    Logistic,
    /// Entered by hand: this many new customers every month.
    Manual { per_month: f64 },
}

impl AcquisitionMethod {
    /// The method's key in a form's `<select>`.
    pub fn key(self) -> &'static str {
        match self {
            AcquisitionMethod::RecentAverage { .. } => "recent",
            AcquisitionMethod::LinearTrend => "trend",
            AcquisitionMethod::Logistic => "logistic",
            AcquisitionMethod::Manual { .. } => "manual",
        }
    }

    /// The method of a [`AcquisitionMethod::key`]: the recent average of six
    /// months, or by hand starting at `per_month` (rounded); the recent
    /// average for an unknown key.
    pub fn from_key(key: &str, per_month: f64) -> AcquisitionMethod {
        match key {
            "trend" => AcquisitionMethod::LinearTrend,
            "logistic" => AcquisitionMethod::Logistic,
            "manual" => AcquisitionMethod::Manual {
                per_month: per_month.round(),
            },
            _ => AcquisitionMethod::default(),
        }
    }
}

impl Default for AcquisitionMethod {
    fn default() -> Self {
        AcquisitionMethod::RecentAverage { months: 6 }
    }
}

/// The fitted logistic curve `N(t) = α / (1 + exp(−β − γt))` of the cumulative
/// number of customers: `N(t)` at an integer `t` is the count at the end of
/// month `t`, months counted from the history's first month (`t = 0`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LogisticCurve {
    /// Saturation level: the total number of customers ever acquired.
    pub alpha: f64,
    /// Location (the curve is at α/2 at `t = −β/γ`).
    pub beta: f64,
    /// Speed of diffusion per month (> 0).
    pub gamma: f64,
}

impl LogisticCurve {
    /// Cumulative customers `N(t) = α / (1 + exp(−β − γt))`.
    pub fn cumulative(&self, t: f64) -> f64 {
        self.alpha * sigmoid(self.beta + self.gamma * t)
    }

    /// New customers in month `t`, `N(t) − N(t−1)`, computed without
    /// cancellation as `α (1 − e^{−γ}) σ(β + γt) σ(−β − γ(t−1))` (σ the
    /// logistic function); never negative for `γ ≥ 0`.
    pub fn monthly(&self, t: f64) -> f64 {
        let now = self.beta + self.gamma * t;
        let before = self.beta + self.gamma * (t - 1.0);
        self.alpha * -(-self.gamma).exp_m1() * sigmoid(now) * sigmoid(-before)
    }
}

/// `1 / (1 + e^{−z})`, without overflow.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Projected acquisitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcquisitionForecast {
    pub method: AcquisitionMethod,
    /// Expected new customers in each of the `horizon` months after the history's last month (index 0 = the first month after).
    pub per_month: Vec<f64>,
    /// The method's values over the history months, for the chart, aligned
    /// with the END of the history: `fitted[k]` belongs to
    /// `history[history.len() − fitted.len() + k]`. For
    /// [`AcquisitionMethod::RecentAverage`] it covers only the months averaged
    /// (the mean repeated); for the others every history month: the line
    /// (clamped at 0) for `LinearTrend`, the curve's monthly differences
    /// `N(t) − N(t−1)` for `Logistic`, the constant for `Manual`.
    pub fitted: Vec<f64>,
    /// The fitted curve, for `Logistic` only.
    pub logistic: Option<LogisticCurve>,
}

impl AcquisitionForecast {
    /// No new customers expected (what equity uses when `method` cannot project).
    pub fn none(method: AcquisitionMethod) -> Self {
        AcquisitionForecast {
            method,
            per_month: Vec::new(),
            fitted: Vec::new(),
            logistic: None,
        }
    }
}

/// Why acquisitions cannot be projected.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AcquisitionError {
    #[error("there is no complete month of acquisition history")]
    NoHistory,
    #[error("this projection needs at least {needed} months of history, found {found}")]
    TooFewMonths { needed: usize, found: usize },
    /// The logistic curve needs at least one customer in the history.
    #[error("the history has no new customers to fit a curve to")]
    NoCustomers,
    #[error("the logistic curve could not be fitted to the history")]
    NotConverged,
    #[error("new customers per month must be a number of at least 0, found {0}")]
    InvalidManual(f64),
    #[error("the recent average needs at least one month")]
    ZeroMonths,
}

/// Projects new customers for the `horizon` months after the history.
///
/// `history` is a series of consecutive months as returned by
/// [`monthly_acquisitions`]; only the positions are used (month `t` is
/// `history[t]`), the dates are labels. `Manual` needs no history (its
/// `fitted` is then empty); the other methods fail with
/// [`AcquisitionError::NoHistory`] on an empty one, `LinearTrend` needs 2
/// months and `Logistic` 4 ([`AcquisitionError::TooFewMonths`]). A horizon of
/// 0 gives an empty `per_month`.
pub fn project_acquisitions(
    history: &[(NaiveDate, u32)],
    method: AcquisitionMethod,
    horizon: u32,
) -> Result<AcquisitionForecast, AcquisitionError> {
    let counts: Vec<f64> = history.iter().map(|(_, n)| f64::from(*n)).collect();
    let n = counts.len();
    let horizon = horizon as usize;
    if n == 0 && !matches!(method, AcquisitionMethod::Manual { .. }) {
        return Err(AcquisitionError::NoHistory);
    }
    let (per_month, fitted, logistic) = match method {
        AcquisitionMethod::RecentAverage { months } => {
            if months == 0 {
                return Err(AcquisitionError::ZeroMonths);
            }
            let k = (months as usize).min(n);
            let mean = counts[n - k..].iter().sum::<f64>() / k as f64;
            (vec![mean; horizon], vec![mean; k], None)
        }
        AcquisitionMethod::LinearTrend => {
            if n < 2 {
                return Err(AcquisitionError::TooFewMonths {
                    needed: 2,
                    found: n,
                });
            }
            let (intercept, slope) = least_squares_line(&counts);
            let line = |t: usize| (intercept + slope * t as f64).max(0.0);
            (
                (n..n + horizon).map(line).collect(),
                (0..n).map(line).collect(),
                None,
            )
        }
        AcquisitionMethod::Logistic => {
            if n < 4 {
                return Err(AcquisitionError::TooFewMonths {
                    needed: 4,
                    found: n,
                });
            }
            let cumulative: Vec<f64> = counts
                .iter()
                .scan(0.0, |sum, c| {
                    *sum += c;
                    Some(*sum)
                })
                .collect();
            if cumulative[n - 1] <= 0.0 {
                return Err(AcquisitionError::NoCustomers);
            }
            let curve = fit_logistic(&cumulative).ok_or(AcquisitionError::NotConverged)?;
            let per_month: Vec<f64> = (n..n + horizon).map(|t| curve.monthly(t as f64)).collect();
            let fitted: Vec<f64> = (0..n).map(|t| curve.monthly(t as f64)).collect();
            if per_month.iter().chain(&fitted).any(|v| !v.is_finite()) {
                return Err(AcquisitionError::NotConverged);
            }
            (per_month, fitted, Some(curve))
        }
        AcquisitionMethod::Manual { per_month } => {
            if !per_month.is_finite() || per_month < 0.0 {
                return Err(AcquisitionError::InvalidManual(per_month));
            }
            (vec![per_month; horizon], vec![per_month; n], None)
        }
    };
    Ok(AcquisitionForecast {
        method,
        per_month,
        fitted,
        logistic,
    })
}

/// Intercept and slope of the least-squares line through `(t, y[t])`, `t = 0, 1, …`
/// (at least two points).
fn least_squares_line(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean_t = (n - 1.0) / 2.0;
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in y.iter().enumerate() {
        let dt = t as f64 - mean_t;
        sxy += dt * (v - mean_y);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    (mean_y - slope * mean_t, slope)
}

/// Larger than any real objective value (the objective is at most about 1 for
/// any sensible curve); returned where the curve is not finite.
const IMPOSSIBLE: f64 = 1e30;

/// Iteration limit of one Nelder–Mead run.
const MAX_ITERATIONS: u64 = 2_000;

/// Mean squared error of the scaled curve against the scaled cumulative counts
/// `y[t] = N_t / N_last`, over `x = (log(α/N_last − 1), β, log γ)`.
struct LogisticObjective<'a> {
    y: &'a [f64],
}

impl LogisticObjective<'_> {
    fn value(&self, x: &[f64]) -> f64 {
        let curve = scaled_curve(x);
        if !(curve.alpha.is_finite() && curve.beta.is_finite() && curve.gamma.is_finite()) {
            return IMPOSSIBLE;
        }
        let sse: f64 = self
            .y
            .iter()
            .enumerate()
            .map(|(t, y)| (curve.cumulative(t as f64) - y).powi(2))
            .sum();
        let mse = sse / self.y.len() as f64;
        if mse.is_finite() {
            mse
        } else {
            IMPOSSIBLE
        }
    }
}

impl CostFunction for LogisticObjective<'_> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, p: &Array1<f64>) -> Result<f64, argmin::core::Error> {
        Ok(self.value(p.as_slice().expect("contiguous")))
    }
}

/// The curve (in units of `N_last`) at search point `x`.
fn scaled_curve(x: &[f64]) -> LogisticCurve {
    LogisticCurve {
        alpha: 1.0 + x[0].exp(),
        beta: x[1],
        gamma: x[2].exp(),
    }
}

/// Least-squares logistic curve through the cumulative counts (`cumulative[t]`
/// at month `t`, last value positive); `None` if no run gives a finite fit.
fn fit_logistic(cumulative: &[f64]) -> Option<LogisticCurve> {
    let n = cumulative.len();
    let last = cumulative[n - 1];
    let y: Vec<f64> = cumulative.iter().map(|c| c / last).collect();
    let objective = LogisticObjective { y: &y };
    let mut best: Option<(Vec<f64>, f64)> = None;
    for alpha in [1.02, 1.2, 1.5, 2.0, 4.0, 10.0, 100.0] {
        let start = linearised_start(&y, alpha);
        if let Some(run) = nelder_mead(&objective, &start) {
            if best.as_ref().is_none_or(|b| run.1 < b.1) {
                best = Some(run);
            }
        }
    }
    // A restart from the best point with a fresh simplex guards against a
    // simplex that collapsed early.
    let (x, cost) = best?;
    let (x, _) = match nelder_mead(&objective, &x) {
        Some(run) if run.1 <= cost => run,
        _ => (x, cost),
    };
    let scaled = scaled_curve(&x);
    let curve = LogisticCurve {
        alpha: scaled.alpha * last,
        ..scaled
    };
    (curve.alpha.is_finite()
        && curve.beta.is_finite()
        && curve.gamma.is_finite()
        && curve.gamma > 0.0)
        .then_some(curve)
}

/// A starting point for the trial saturation `alpha` (in units of `N_last`,
/// above 1): the least-squares line of `logit(y_t/alpha)` on `t` over the
/// months with customers, or a gentle curve through the last point if that
/// line does not rise.
fn linearised_start(y: &[f64], alpha: f64) -> Vec<f64> {
    let logit = |p: f64| (p / (1.0 - p)).ln();
    let points: Vec<(f64, f64)> = y
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0.0)
        .map(|(t, v)| (t as f64, logit(v / alpha)))
        .collect();
    let mut line = None;
    if points.len() >= 2 {
        let m = points.len() as f64;
        let mean_t = points.iter().map(|p| p.0).sum::<f64>() / m;
        let mean_z = points.iter().map(|p| p.1).sum::<f64>() / m;
        let sxy: f64 = points.iter().map(|p| (p.0 - mean_t) * (p.1 - mean_z)).sum();
        let sxx: f64 = points.iter().map(|p| (p.0 - mean_t).powi(2)).sum();
        let gamma = sxy / sxx;
        if gamma.is_finite() && gamma > 0.0 {
            line = Some((mean_z - gamma * mean_t, gamma));
        }
    }
    let (beta, gamma) = line.unwrap_or_else(|| {
        let gamma = 1.0 / y.len() as f64;
        let last = y.len() - 1;
        (logit(y[last] / alpha) - gamma * last as f64, gamma)
    });
    vec![(alpha - 1.0).ln(), beta, gamma.ln()]
}

/// One Nelder–Mead run from `start`: (best point, its objective).
fn nelder_mead(objective: &LogisticObjective<'_>, start: &[f64]) -> Option<(Vec<f64>, f64)> {
    if objective.value(start) >= IMPOSSIBLE {
        return None;
    }
    let mut simplex = vec![Array1::from(start.to_vec())];
    for i in 0..start.len() {
        let mut v = start.to_vec();
        v[i] += 0.5;
        simplex.push(Array1::from(v));
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-16).ok()?;
    let result = Executor::new(LogisticObjective { y: objective.y }, solver)
        .configure(|state| state.max_iters(MAX_ITERATIONS))
        .run()
        .ok()?;
    let state = result.state();
    let best = state.get_best_param()?.to_vec();
    let cost = state.get_best_cost();
    (cost.is_finite() && cost < IMPOSSIBLE).then_some((best, cost))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_survives_its_key_and_a_manual_start_is_rounded() {
        for method in [
            AcquisitionMethod::RecentAverage { months: 6 },
            AcquisitionMethod::LinearTrend,
            AcquisitionMethod::Logistic,
            AcquisitionMethod::Manual { per_month: 42.0 },
        ] {
            assert_eq!(AcquisitionMethod::from_key(method.key(), 41.6), method);
        }
        assert_eq!(
            AcquisitionMethod::from_key("crystal-ball", 3.0),
            AcquisitionMethod::RecentAverage { months: 6 }
        );
    }
    use crate::clv::data::transactions::TransactionLogBuilder;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Monthly history from counts, starting in January 2024.
    fn history(counts: &[u32]) -> Vec<(NaiveDate, u32)> {
        counts
            .iter()
            .enumerate()
            .map(|(k, n)| (month_start(2024 * 12 + k as i32), *n))
            .collect()
    }

    fn small_log() -> TransactionLog {
        let mut b = TransactionLogBuilder::new();
        // January: a and b acquired; a buys again in March (not new).
        b.push("a", d("2024-01-05"), 10.0);
        b.push("b", d("2024-01-31"), 20.0);
        b.push("a", d("2024-03-02"), 15.0);
        // Refund-only customer in February: not a customer.
        b.push("r", d("2024-02-10"), -5.0);
        // c refunds first (January), then orders in March: acquired in March.
        b.push("c", d("2024-01-20"), -3.0);
        b.push("c", d("2024-03-15"), 8.0);
        // April: nothing. May: d alone, with a zero-amount order (an order).
        b.push("d", d("2024-05-09"), 0.0);
        // June (incomplete at the end date): e; July (after the end): f.
        b.push("e", d("2024-06-01"), 12.0);
        b.push("f", d("2024-07-01"), 12.0);
        b.finish()
    }

    #[test]
    fn monthly_acquisitions_from_a_small_log() {
        let log = small_log();
        let expected = vec![
            (d("2024-01-01"), 2),
            (d("2024-02-01"), 0),
            (d("2024-03-01"), 1),
            (d("2024-04-01"), 0),
            (d("2024-05-01"), 1),
        ];
        // June is not complete on the 29th ...
        assert_eq!(monthly_acquisitions(&log, d("2024-06-29")), expected);
        // ... but is on the 30th.
        let mut with_june = expected.clone();
        with_june.push((d("2024-06-01"), 1));
        assert_eq!(monthly_acquisitions(&log, d("2024-06-30")), with_june);
        // A later end date adds empty months after the last order.
        let mut later = with_june.clone();
        later.push((d("2024-07-01"), 1));
        later.push((d("2024-08-01"), 0));
        assert_eq!(monthly_acquisitions(&log, d("2024-08-31")), later);
        // No complete month: nothing.
        assert!(monthly_acquisitions(&log, d("2024-01-30")).is_empty());
        assert_eq!(
            monthly_acquisitions(&log, d("2024-01-31")),
            vec![(d("2024-01-01"), 2)]
        );
        assert!(monthly_acquisitions(&TransactionLog::default(), d("2024-12-31")).is_empty());
    }

    #[test]
    fn monthly_acquisitions_across_a_year_end_and_february() {
        let mut b = TransactionLogBuilder::new();
        b.push("a", d("2023-12-31"), 1.0);
        b.push("b", d("2024-02-29"), 1.0);
        let log = b.finish();
        assert_eq!(
            monthly_acquisitions(&log, d("2024-02-29")),
            vec![
                (d("2023-12-01"), 1),
                (d("2024-01-01"), 0),
                (d("2024-02-01"), 1)
            ]
        );
    }

    #[test]
    fn recent_average_hand_computed() {
        let h = history(&[5, 1, 2, 3, 7]);
        // Last three: (2 + 3 + 7) / 3 = 4
        let f =
            project_acquisitions(&h, AcquisitionMethod::RecentAverage { months: 3 }, 2).unwrap();
        assert_eq!(f.per_month, vec![4.0, 4.0]);
        assert_eq!(f.fitted, vec![4.0, 4.0, 4.0]);
        assert_eq!(f.logistic, None);
        // More months than history: all five, 18 / 5 = 3.6.
        let f = project_acquisitions(&h, AcquisitionMethod::default(), 1).unwrap();
        assert_eq!(f.method, AcquisitionMethod::RecentAverage { months: 6 });
        assert!(close(f.per_month[0], 3.6, 1e-12));
        assert_eq!(f.fitted.len(), 5);
    }

    #[test]
    fn linear_trend_hand_computed() {
        // t̄ = 1.5, ȳ = 3, Sxx = 5, Sxy = (−1.5)(−2) + (−0.5)(0) + (0.5)(−1) + (1.5)(3) = 7:
        // slope 1.4, intercept 3 − 1.4 · 1.5 = 0.9.
        let f = project_acquisitions(&history(&[1, 3, 2, 6]), AcquisitionMethod::LinearTrend, 2)
            .unwrap();
        for (a, b) in f.fitted.iter().zip([0.9, 2.3, 3.7, 5.1]) {
            assert!(close(*a, b, 1e-12), "{:?}", f.fitted);
        }
        assert!(close(f.per_month[0], 6.5, 1e-12) && close(f.per_month[1], 7.9, 1e-12));
    }

    #[test]
    fn linear_trend_falling_is_clamped_at_zero() {
        // 9, 7, 5, 3: slope −2, intercept 9; t = 4, 5, 6 give 1, −1, −3.
        let f = project_acquisitions(&history(&[9, 7, 5, 3]), AcquisitionMethod::LinearTrend, 3)
            .unwrap();
        assert_eq!(f.per_month, vec![1.0, 0.0, 0.0]);
        // 10, 0, 0, 0: t̄ = 1.5, ȳ = 2.5, Sxy = −15, Sxx = 5: slope −3,
        // intercept 7; the line 7, 4, 1, −2 is clamped in `fitted` too.
        let f = project_acquisitions(&history(&[10, 0, 0, 0]), AcquisitionMethod::LinearTrend, 2)
            .unwrap();
        assert_eq!(f.fitted, vec![7.0, 4.0, 1.0, 0.0]);
        assert_eq!(f.per_month, vec![0.0, 0.0]);
    }

    #[test]
    fn manual() {
        let method = AcquisitionMethod::Manual { per_month: 12.5 };
        let f = project_acquisitions(&history(&[1, 2]), method, 3).unwrap();
        assert_eq!(f.per_month, vec![12.5; 3]);
        assert_eq!(f.fitted, vec![12.5; 2]);
        // Without history.
        let f = project_acquisitions(&[], method, 2).unwrap();
        assert_eq!(f.per_month, vec![12.5; 2]);
        assert!(f.fitted.is_empty());
    }

    #[test]
    fn errors() {
        use AcquisitionError::*;
        let h = history(&[3, 4, 5]);
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            let r = project_acquisitions(&h, AcquisitionMethod::Manual { per_month: bad }, 3);
            assert!(matches!(r, Err(InvalidManual(v)) if v.to_bits() == bad.to_bits()));
        }
        assert_eq!(
            project_acquisitions(&h[..1], AcquisitionMethod::LinearTrend, 3),
            Err(TooFewMonths {
                needed: 2,
                found: 1
            })
        );
        assert_eq!(
            project_acquisitions(&h, AcquisitionMethod::Logistic, 3),
            Err(TooFewMonths {
                needed: 4,
                found: 3
            })
        );
        for method in [
            AcquisitionMethod::default(),
            AcquisitionMethod::LinearTrend,
            AcquisitionMethod::Logistic,
        ] {
            assert_eq!(project_acquisitions(&[], method, 3), Err(NoHistory));
        }
        assert_eq!(
            project_acquisitions(&h, AcquisitionMethod::RecentAverage { months: 0 }, 3),
            Err(ZeroMonths)
        );
        assert_eq!(
            project_acquisitions(&history(&[0, 0, 0, 0]), AcquisitionMethod::Logistic, 3),
            Err(NoCustomers)
        );
    }

    #[test]
    fn logistic_monthly_is_the_difference_of_the_cumulative() {
        let curve = LogisticCurve {
            alpha: 500.0,
            beta: -2.0,
            gamma: 0.3,
        };
        for t in [-3.0, 0.0, 1.0, 6.5, 20.0] {
            let diff = curve.cumulative(t) - curve.cumulative(t - 1.0);
            assert!(close(curve.monthly(t), diff, 1e-10), "t = {t}");
        }
        // N(−β/γ) = α/2
        assert!(close(curve.cumulative(2.0 / 0.3), 250.0, 1e-10));
    }

    #[test]
    fn logistic_recovers_known_curve() {
        let truth = LogisticCurve {
            alpha: 1_000.0,
            beta: -3.0,
            gamma: 0.25,
        };
        // Exact cumulative values.
        let cumulative: Vec<f64> = (0..30).map(|t| truth.cumulative(t as f64)).collect();
        let fit = fit_logistic(&cumulative).unwrap();
        assert!(close(fit.alpha / truth.alpha, 1.0, 1e-3), "{fit:?}");
        assert!(close(fit.beta / truth.beta, 1.0, 1e-3), "{fit:?}");
        assert!(close(fit.gamma / truth.gamma, 1.0, 1e-3), "{fit:?}");

        // Through monthly counts: a large α makes the rounding negligible.
        let truth = LogisticCurve {
            alpha: 2_000_000.0,
            beta: -2.5,
            gamma: 0.2,
        };
        let rounded: Vec<u32> = (0..24)
            .map(|t| truth.cumulative(t as f64).round() as u32)
            .collect();
        let counts: Vec<u32> = rounded
            .iter()
            .enumerate()
            .map(|(t, c)| if t == 0 { *c } else { c - rounded[t - 1] })
            .collect();
        let f = project_acquisitions(&history(&counts), AcquisitionMethod::Logistic, 6).unwrap();
        let fit = f.logistic.unwrap();
        assert!(close(fit.alpha / truth.alpha, 1.0, 1e-3), "{fit:?}");
        assert!(close(fit.beta / truth.beta, 1.0, 1e-3), "{fit:?}");
        assert!(close(fit.gamma / truth.gamma, 1.0, 1e-3), "{fit:?}");
        for (h, v) in f.per_month.iter().enumerate() {
            let expected = truth.monthly((24 + h) as f64);
            assert!(
                close(v / expected, 1.0, 1e-3),
                "month {h}: {v} vs {expected}"
            );
        }
        assert_eq!(f.fitted.len(), 24);
    }

    #[test]
    fn logistic_on_steady_growth_saturates() {
        // Ten a month: the cumulative line 10, 20, …, 240 is no logistic
        // through 0; the least-squares curve saturates (α ≈ 267) and the
        // projection falls (see the module documentation).
        let f = project_acquisitions(&history(&[10; 24]), AcquisitionMethod::Logistic, 12).unwrap();
        let curve = f.logistic.unwrap();
        assert!(curve.alpha.is_finite() && curve.alpha > 240.0, "{curve:?}");
        for v in f.per_month.iter().chain(&f.fitted) {
            assert!(v.is_finite() && *v >= 0.0, "{f:?}");
        }
        assert!(f.per_month[11] < f.per_month[0], "{:?}", f.per_month);
    }

    #[test]
    fn logistic_on_exponential_growth_has_a_large_alpha() {
        // N_t = e^{0.2 t}: the curve's lower tail with α → ∞.
        let cumulative: Vec<f64> = (0..24).map(|t| (0.2 * t as f64).exp()).collect();
        let fit = fit_logistic(&cumulative).unwrap();
        assert!(
            fit.alpha.is_finite() && fit.alpha > 1e3 * cumulative[23],
            "{fit:?}"
        );
        assert!(close(fit.gamma / 0.2, 1.0, 1e-3), "{fit:?}");
        // The projection keeps growing by e^{0.2} a month.
        let ratio = fit.monthly(25.0) / fit.monthly(24.0);
        assert!(close(ratio, 0.2f64.exp(), 1e-3), "{ratio}");
    }

    #[test]
    fn logistic_on_demo_data() {
        let log = crate::clv::data::demo::demo_log();
        let end = log.date_range().unwrap().1;
        let h = monthly_acquisitions(&log, end);
        assert!(h.len() >= 12, "{} months", h.len());
        let f = project_acquisitions(&h, AcquisitionMethod::Logistic, 24).unwrap();
        assert_eq!(f.per_month.len(), 24);
        assert_eq!(f.fitted.len(), h.len());
        for v in f.per_month.iter().chain(&f.fitted) {
            assert!(v.is_finite() && *v >= 0.0, "{f:?}");
        }
        let curve = f.logistic.unwrap();
        let total: u32 = h.iter().map(|(_, n)| n).sum();
        assert!(
            curve.alpha > f64::from(total) && curve.gamma > 0.0,
            "{curve:?}"
        );
    }

    #[test]
    fn method_serialises_with_a_kind_tag() {
        let json = serde_json::to_string(&AcquisitionMethod::RecentAverage { months: 6 }).unwrap();
        assert_eq!(json, r#"{"kind":"recent-average","months":6}"#);
        assert_eq!(
            serde_json::to_string(&AcquisitionMethod::LinearTrend).unwrap(),
            r#"{"kind":"linear-trend"}"#
        );
        for m in [
            AcquisitionMethod::default(),
            AcquisitionMethod::LinearTrend,
            AcquisitionMethod::Logistic,
            AcquisitionMethod::Manual { per_month: 3.5 },
        ] {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<AcquisitionMethod>(&json).unwrap(), m);
        }
    }

    #[test]
    fn acquisitions_from_the_customers_first_orders_are_the_logs() {
        use crate::clv::data::demo::demo_log;
        use crate::clv::data::summary::{summarize, TimeUnit};
        let log = demo_log();
        let end = log.date_range().unwrap().1;
        let from_log = monthly_acquisitions(&log, end);
        let firsts = summarize(&log, end, TimeUnit::Week)
            .into_iter()
            .map(|c| c.first_purchase);
        assert_eq!(acquisitions_by_month(firsts, end), from_log);
        assert!(from_log.len() > 12);
        assert_eq!(acquisitions_by_month([], end), []);
    }
}
