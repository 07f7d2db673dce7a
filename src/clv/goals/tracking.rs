//! How a goal is tracking: plan line, progress, status, forecast and ROI.
//!
//! - **Plan:** a straight line from the baseline at the start to the target at
//!   the deadline.
//! - **Progress** = (current − baseline) / (target − baseline). The sign of
//!   `target − baseline` carries the KPI's direction, so "cut churn from 40%
//!   to 30%" and "raise CLV from 100 to 110" both read 50% half-way.
//! - **Status**, judged at the evaluation date (today, or the deadline once it
//!   has passed), in this order: *not started* (before the start), *no data*
//!   (no value yet), *achieved* (progress ≥ 100%), *missed* (deadline passed
//!   without), then actual against planned progress (the share of the time
//!   elapsed): at least `on_track` (default 95%) of it *on track*, at least
//!   `at_risk` (75%) *at risk*, below *off track*. On the start day (nothing
//!   planned yet) a goal is on track.
//! - **Forecast:** the ordinary least-squares line through the KPI series
//!   from the start to the evaluation date (the last six values if fewer than
//!   three lie in that span), extrapolated to the deadline with its 95%
//!   prediction interval (Student t with n − 2 degrees of freedom; e.g.
//!   Montgomery, Peck & Vining, "Introduction to Linear Regression Analysis",
//!   §2.4.2). For customer equity and average CLV the model's own projection
//!   ([`super::kpi::KpiEngine::project`]) replaces the trend
//!   ([`with_projection`]).
//! - **ROI** = (value gained − cost) / cost, the value gained being the change
//!   in the KPI's money value ([`value_basis`]).

use super::goal::Goal;
use super::kpi::{month_ends, Direction, Kpi, Projection};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Thresholds on actual / planned progress.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusThresholds {
    /// At least this share of the planned progress is on track (default 0.95).
    pub on_track: f64,
    /// At least this share is at risk, below it off track (default 0.75).
    pub at_risk: f64,
}

impl Default for StatusThresholds {
    fn default() -> Self {
        StatusThresholds {
            on_track: 0.95,
            at_risk: 0.75,
        }
    }
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    NotStarted,
    NoData,
    OnTrack,
    AtRisk,
    OffTrack,
    Achieved,
    Missed,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 7] = [
        GoalStatus::OnTrack,
        GoalStatus::AtRisk,
        GoalStatus::OffTrack,
        GoalStatus::Achieved,
        GoalStatus::Missed,
        GoalStatus::NotStarted,
        GoalStatus::NoData,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not-started",
            GoalStatus::NoData => "no-data",
            GoalStatus::OnTrack => "on-track",
            GoalStatus::AtRisk => "at-risk",
            GoalStatus::OffTrack => "off-track",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Missed => "missed",
        }
    }
}

/// How a forecast was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForecastMethod {
    /// The least-squares trend of the KPI series.
    Trend,
    /// The purchase and spend models' projection.
    Model,
}

/// A straight-line trend with what its prediction interval needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// Value at `origin`.
    pub intercept: f64,
    /// Change per day.
    pub slope: f64,
    pub origin: NaiveDate,
    /// Points the line was fitted to.
    pub n: usize,
    /// Mean of the points' day offsets from `origin`.
    pub mean_day: f64,
    /// Sum of squared deviations of the day offsets.
    pub sxx: f64,
    /// Residual standard error (0 with two points).
    pub residual_se: f64,
    /// The 97.5% Student t quantile with n − 2 degrees of freedom (0 with two points).
    pub t_quantile: f64,
}

impl Trend {
    /// Least squares through `points` (date, value); `None` with fewer than two
    /// distinct dates or a non-finite value.
    pub fn fit(points: &[(NaiveDate, f64)]) -> Option<Trend> {
        let origin = points.first()?.0;
        let n = points.len();
        if n < 2 || points.iter().any(|(_, v)| !v.is_finite()) {
            return None;
        }
        let xs: Vec<f64> = points
            .iter()
            .map(|(d, _)| (*d - origin).num_days() as f64)
            .collect();
        let mean_day = xs.iter().sum::<f64>() / n as f64;
        let mean_value = points.iter().map(|(_, v)| v).sum::<f64>() / n as f64;
        let sxx: f64 = xs.iter().map(|x| (x - mean_day).powi(2)).sum();
        if sxx <= 0.0 {
            return None;
        }
        let sxy: f64 = xs
            .iter()
            .zip(points)
            .map(|(x, (_, v))| (x - mean_day) * (v - mean_value))
            .sum();
        let slope = sxy / sxx;
        let intercept = mean_value - slope * mean_day;
        let (residual_se, t_quantile) = if n > 2 {
            let sse: f64 = xs
                .iter()
                .zip(points)
                .map(|(x, (_, v))| (v - intercept - slope * x).powi(2))
                .sum();
            let df = (n - 2) as f64;
            let t = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(0.975);
            ((sse / df).sqrt(), t)
        } else {
            (0.0, 0.0)
        };
        Some(Trend {
            intercept,
            slope,
            origin,
            n,
            mean_day,
            sxx,
            residual_se,
            t_quantile,
        })
    }

    /// The line's value at `date` with its 95% prediction interval.
    pub fn at(&self, date: NaiveDate) -> (f64, f64, f64) {
        let x = (date - self.origin).num_days() as f64;
        let value = self.intercept + self.slope * x;
        let half = self.t_quantile
            * self.residual_se
            * (1.0 + 1.0 / self.n as f64 + (x - self.mean_day).powi(2) / self.sxx).sqrt();
        (value, value - half, value + half)
    }
}

/// The expected KPI at the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub method: ForecastMethod,
    /// The line of a trend forecast.
    pub trend: Option<Trend>,
    /// Where a model projection starts: the last value and its date.
    pub from: Option<(NaiveDate, f64)>,
    /// The forecast's date (the deadline).
    pub at: NaiveDate,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Whether the expected value reaches the target.
    pub reaches_target: bool,
}

/// Everything the goal card and chart show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalTracking {
    /// Today, or the deadline once it has passed.
    pub evaluated_at: NaiveDate,
    /// The latest KPI value on or before `evaluated_at`.
    pub current: Option<f64>,
    pub progress: Option<f64>,
    /// The share of the goal's time elapsed at `evaluated_at`.
    pub planned_progress: f64,
    pub status: GoalStatus,
    /// Days from today to the deadline (negative once passed).
    pub days_left: i64,
    pub forecast: Option<Forecast>,
}

/// The plan line's value at `date` (baseline before the start, target after the deadline).
pub fn plan_at(goal: &Goal, date: NaiveDate) -> f64 {
    goal.baseline + (goal.target - goal.baseline) * time_share(goal, date)
}

/// The share of the goal's time elapsed at `date`, in [0, 1].
pub fn time_share(goal: &Goal, date: NaiveDate) -> f64 {
    let total = (goal.deadline - goal.start).num_days() as f64;
    if total <= 0.0 {
        return 1.0;
    }
    ((date - goal.start).num_days() as f64 / total).clamp(0.0, 1.0)
}

/// Progress from baseline to target of `value` (1 = target reached).
pub fn progress(goal: &Goal, value: f64) -> Option<f64> {
    let span = goal.target - goal.baseline;
    (span != 0.0).then(|| (value - goal.baseline) / span)
}

/// Tracks `goal` with its KPI `series` (ascending dates; `None` where the KPI
/// is undefined) as of `today`.
pub fn track(
    goal: &Goal,
    series: &[(NaiveDate, Option<f64>)],
    today: NaiveDate,
    thresholds: &StatusThresholds,
) -> GoalTracking {
    let evaluated_at = today.min(goal.deadline);
    let known: Vec<(NaiveDate, f64)> = series
        .iter()
        .filter(|(d, _)| *d <= evaluated_at)
        .filter_map(|(d, v)| v.filter(|v| v.is_finite()).map(|v| (*d, v)))
        .collect();
    let current = known.last().map(|&(_, v)| v);
    let progress = current.and_then(|v| progress(goal, v));
    let planned_progress = time_share(goal, evaluated_at);
    let status = if today < goal.start {
        GoalStatus::NotStarted
    } else if let Some(p) = progress {
        if p >= 1.0 {
            GoalStatus::Achieved
        } else if today >= goal.deadline {
            GoalStatus::Missed
        } else if planned_progress <= 0.0 {
            GoalStatus::OnTrack
        } else {
            let ratio = p / planned_progress;
            if ratio >= thresholds.on_track {
                GoalStatus::OnTrack
            } else if ratio >= thresholds.at_risk {
                GoalStatus::AtRisk
            } else {
                GoalStatus::OffTrack
            }
        }
    } else {
        GoalStatus::NoData
    };
    let in_span: Vec<(NaiveDate, f64)> = known
        .iter()
        .copied()
        .filter(|(d, _)| *d >= goal.start)
        .collect();
    let points = if in_span.len() >= 3 {
        in_span
    } else {
        known[known.len().saturating_sub(6)..].to_vec()
    };
    let direction = if goal.target >= goal.baseline {
        Direction::HigherIsBetter
    } else {
        Direction::LowerIsBetter
    };
    let forecast = Trend::fit(&points).map(|trend| {
        let (value, low, high) = trend.at(goal.deadline);
        Forecast {
            method: ForecastMethod::Trend,
            trend: Some(trend),
            from: None,
            at: goal.deadline,
            value,
            low,
            high,
            reaches_target: (value - goal.target) * direction.sign() >= 0.0,
        }
    });
    GoalTracking {
        evaluated_at,
        current,
        progress,
        planned_progress,
        status,
        days_left: (goal.deadline - today).num_days(),
        forecast,
    }
}

impl Forecast {
    /// The forecast path at `date` with its band: the trend line, or for a
    /// projection a straight path from the last value to the projected one,
    /// the band opening linearly to the projection's interval.
    pub fn path_at(&self, date: NaiveDate) -> (f64, f64, f64) {
        match (self.trend, self.from) {
            (Some(trend), _) => trend.at(date),
            (None, Some((start, v0))) => {
                let span = (self.at - start).num_days().max(1) as f64;
                let w = ((date - start).num_days() as f64 / span).clamp(0.0, 1.0);
                let lerp = |end: f64| v0 + (end - v0) * w;
                (lerp(self.value), lerp(self.low), lerp(self.high))
            }
            (None, None) => (self.value, self.low, self.high),
        }
    }
}

/// A point of the forecast path drawn after the last actual value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    pub date: NaiveDate,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl GoalTracking {
    /// The forecast path from the last actual value (`last`) to the deadline,
    /// at the month ends in between: empty without a forecast or once the
    /// last value is at or past the deadline. The first point is at `last`.
    pub fn forecast_path(&self, goal: &Goal, last: NaiveDate) -> Vec<ForecastPoint> {
        let Some(forecast) = self.forecast.filter(|_| last < goal.deadline) else {
            return Vec::new();
        };
        let mut dates = vec![last];
        dates.extend(month_ends(last.succ_opt().unwrap_or(last), goal.deadline));
        dates.push(goal.deadline);
        dates.dedup();
        dates
            .into_iter()
            .map(|date| {
                let (value, low, high) = forecast.path_at(date);
                ForecastPoint {
                    date,
                    value,
                    low,
                    high,
                }
            })
            .collect()
    }
}

/// Replaces the forecast by the model's projection to the deadline, starting
/// from the current value (nothing changes without a current value).
pub fn with_projection(tracking: &mut GoalTracking, goal: &Goal, projection: &Projection) {
    let Some(current) = tracking.current else {
        return;
    };
    let sign = if goal.target >= goal.baseline {
        1.0
    } else {
        -1.0
    };
    tracking.forecast = Some(Forecast {
        method: ForecastMethod::Model,
        trend: None,
        from: Some((tracking.evaluated_at, current)),
        at: goal.deadline,
        value: projection.value,
        low: projection.low,
        high: projection.high,
        reaches_target: (projection.value - goal.target) * sign >= 0.0,
    });
}

/// The money measure whose change is the value a goal on `kpi` gained: the
/// trailing-year net revenue for order value and revenue KPIs (times the
/// margin), customer equity for everything else.
pub fn value_basis(kpi: &Kpi) -> Kpi {
    match kpi {
        Kpi::AverageOrderValue | Kpi::RevenuePerCustomer | Kpi::Revenue => Kpi::Revenue,
        _ => Kpi::CustomerEquity,
    }
}

/// Return on the initiative behind a goal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Roi {
    /// Value gained (money).
    pub gain: f64,
    pub cost: f64,
    /// `(gain − cost) / cost`; `None` without a cost.
    pub roi: Option<f64>,
}

/// ROI from the value basis at the start and at the evaluation date; revenue
/// bases are turned into profit with `margin`.
pub fn roi(kpi: &Kpi, basis_at_start: f64, basis_now: f64, margin: f64, cost: f64) -> Roi {
    let factor = if value_basis(kpi) == Kpi::Revenue {
        margin
    } else {
        1.0
    };
    let gain = (basis_now - basis_at_start) * factor;
    Roi {
        gain,
        cost,
        roi: (cost > 0.0).then(|| (gain - cost) / cost),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::goals::test_support::{d, goal_over_2026};

    /// 100 → 200 over 2026 (364 days from Jan 1 to Dec 31).
    fn raise() -> Goal {
        Goal {
            name: "Raise equity".into(),
            ..goal_over_2026(Kpi::CustomerEquity, 100.0, 200.0)
        }
    }

    /// Churn 40% → 30% over the same year: lower is better.
    fn cut_churn() -> Goal {
        Goal {
            kpi: Kpi::ChurnRate,
            baseline: 0.4,
            target: 0.3,
            ..raise()
        }
    }

    /// The goal tracked on `today` over `series`, with the default thresholds.
    fn tracked(goal: &Goal, series: &[(NaiveDate, Option<f64>)], today: &str) -> GoalTracking {
        track(goal, series, d(today), &StatusThresholds::default())
    }

    fn status_with(goal: &Goal, value: f64, today: &str) -> GoalStatus {
        tracked(goal, &[(d(today), Some(value))], today).status
    }

    /// A model's projection of customer equity at the deadline: 190 (170 to
    /// 210), from 10 customers.
    fn equity_projection() -> Projection {
        Projection {
            value: 190.0,
            low: 170.0,
            high: 210.0,
            customers: 10.0,
        }
    }

    #[test]
    fn plan_and_progress() {
        let g = raise();
        assert_eq!(plan_at(&g, d("2025-06-01")), 100.0);
        assert_eq!(plan_at(&g, d("2026-07-02")), 150.0); // day 182 of 364
        assert_eq!(plan_at(&g, d("2027-06-01")), 200.0);
        assert_eq!(progress(&g, 150.0), Some(0.5));
        let c = cut_churn();
        assert!((progress(&c, 0.35).unwrap() - 0.5).abs() < 1e-12);
        assert!((progress(&c, 0.45).unwrap() + 0.5).abs() < 1e-12);
    }

    #[test]
    fn status_at_the_edges_of_every_threshold_in_both_directions() {
        // Half-way through (day 182 of 364): planned progress 0.5, so the
        // on-track edge is progress 0.475 and the at-risk edge 0.375.
        let mid = "2026-07-02";
        for goal in [raise(), cut_churn()] {
            let at = |p: f64| goal.baseline + (goal.target - goal.baseline) * p;
            let s = |p: f64| status_with(&goal, at(p), mid);
            assert_eq!(s(0.475 + 1e-9), GoalStatus::OnTrack, "{:?}", goal.kpi);
            assert_eq!(s(0.475 - 1e-9), GoalStatus::AtRisk, "{:?}", goal.kpi);
            assert_eq!(s(0.375 + 1e-9), GoalStatus::AtRisk, "{:?}", goal.kpi);
            assert_eq!(s(0.375 - 1e-9), GoalStatus::OffTrack, "{:?}", goal.kpi);
            assert_eq!(s(-0.2), GoalStatus::OffTrack, "{:?}", goal.kpi);
            assert_eq!(s(1.0), GoalStatus::Achieved, "{:?}", goal.kpi);
            // At and after the deadline: achieved or missed, by the value at the deadline.
            let end = |p: f64, today: &str| {
                tracked(&goal, &[(d("2026-12-31"), Some(at(p)))], today).status
            };
            assert_eq!(end(1.0, "2026-12-31"), GoalStatus::Achieved);
            assert_eq!(end(0.999, "2026-12-31"), GoalStatus::Missed);
            assert_eq!(end(0.999, "2027-03-01"), GoalStatus::Missed);
            assert_eq!(s_before(&goal), GoalStatus::NotStarted);
        }
        fn s_before(goal: &Goal) -> GoalStatus {
            tracked(goal, &[], "2025-12-31").status
        }
        // On the start day nothing is planned yet; without a value there is no status.
        assert_eq!(
            status_with(&raise(), 100.0, "2026-01-01"),
            GoalStatus::OnTrack
        );
        assert_eq!(
            tracked(&raise(), &[(d("2026-03-31"), None)], "2026-04-01").status,
            GoalStatus::NoData
        );
        // Thresholds are editable.
        let strict = StatusThresholds {
            on_track: 1.0,
            at_risk: 0.9,
        };
        let t = track(
            &raise(),
            &[(d("2026-07-02"), Some(148.0))],
            d("2026-07-02"),
            &strict,
        );
        assert_eq!(t.status, GoalStatus::AtRisk);
        assert_eq!(t.days_left, 182);
    }

    #[test]
    fn a_straight_series_forecasts_exactly_with_no_band() {
        // 10 a month from 100: the deadline is 364 days from the start.
        let g = raise();
        let series: Vec<(NaiveDate, Option<f64>)> = [0i64, 30, 60, 90]
            .iter()
            .map(|&k| {
                (
                    g.start + chrono::Days::new(k as u64),
                    Some(100.0 + k as f64 / 3.0),
                )
            })
            .collect();
        let t = tracked(&g, &series, "2026-04-01");
        let f = t.forecast.unwrap();
        assert!((f.value - (100.0 + 364.0 / 3.0)).abs() < 1e-9, "{f:?}");
        assert!((f.high - f.low).abs() < 1e-9);
        assert!(f.reaches_target);
        // The same for churn falling 0.01 every 30 days: 0.4 − 0.01·364/30 = 0.2787 < 0.3.
        let c = cut_churn();
        let series: Vec<(NaiveDate, Option<f64>)> = [0i64, 30, 60]
            .iter()
            .map(|&k| {
                (
                    c.start + chrono::Days::new(k as u64),
                    Some(0.4 - 0.01 * k as f64 / 30.0),
                )
            })
            .collect();
        let f = tracked(&c, &series, "2026-03-02").forecast.unwrap();
        assert!((f.value - (0.4 - 0.01 * 364.0 / 30.0)).abs() < 1e-12);
        assert!(f.reaches_target);
    }

    #[test]
    fn the_forecast_band_is_the_regression_prediction_interval() {
        // x = 0, 1, 2, 3 days; y = 1, 3, 2, 4: slope 0.8, intercept 1.3,
        // SSE = 1.8, s = √0.9, t(0.975, 2) = 4.302653, at x = 5:
        // ŷ = 5.3, half = t · s · √(1 + 1/4 + (5 − 1.5)² / 5) = 10.2187...
        let origin = d("2026-01-01");
        let points: Vec<(NaiveDate, f64)> = [1.0, 3.0, 2.0, 4.0]
            .iter()
            .enumerate()
            .map(|(i, &v)| (origin + chrono::Days::new(i as u64), v))
            .collect();
        let trend = Trend::fit(&points).unwrap();
        let (value, low, high) = trend.at(origin + chrono::Days::new(5));
        assert!((value - 5.3).abs() < 1e-12);
        let half = 4.302652729911275 * 0.9f64.sqrt() * (1.0 + 0.25 + 3.5f64.powi(2) / 5.0).sqrt();
        assert!((high - value - half).abs() < 1e-9, "{}", high - value);
        assert!((value - low - half).abs() < 1e-9);
        // One point, or one date, gives no trend.
        assert!(Trend::fit(&points[..1]).is_none());
        assert!(Trend::fit(&[(origin, 1.0), (origin, 2.0)]).is_none());
    }

    #[test]
    fn few_points_since_the_start_use_the_last_six() {
        let g = raise();
        // Values before the start rise by 1 a day; only one point after the start.
        let series: Vec<(NaiveDate, Option<f64>)> = (0..8)
            .map(|k| {
                (
                    d("2025-12-25") + chrono::Days::new(k),
                    Some(90.0 + k as f64),
                )
            })
            .collect();
        let f = tracked(&g, &series, "2026-01-01").forecast.unwrap();
        assert_eq!(f.trend.unwrap().n, 6);
        assert!((f.trend.unwrap().slope - 1.0).abs() < 1e-12);
    }

    #[test]
    fn roi_from_the_value_basis() {
        assert_eq!(value_basis(&Kpi::AverageOrderValue), Kpi::Revenue);
        assert_eq!(value_basis(&Kpi::ChurnRate), Kpi::CustomerEquity);
        assert_eq!(value_basis(&Kpi::AverageClv), Kpi::CustomerEquity);
        // Equity rose by 30,000 for a cost of 10,000: ROI 200%.
        let r = roi(&Kpi::ChurnRate, 100_000.0, 130_000.0, 0.3, 10_000.0);
        assert_eq!((r.gain, r.roi), (30_000.0, Some(2.0)));
        // Revenue rose by 50,000 at a 30% margin: 15,000 gained, ROI 50%.
        let r = roi(&Kpi::AverageOrderValue, 200_000.0, 250_000.0, 0.3, 10_000.0);
        assert_eq!((r.gain, r.roi), (15_000.0, Some(0.5)));
        assert_eq!(roi(&Kpi::Customers, 1.0, 2.0, 1.0, 0.0).roi, None);
    }

    #[test]
    fn a_model_projection_replaces_the_trend_and_draws_a_straight_path() {
        let g = raise();
        let series = [
            (d("2026-03-31"), Some(120.0)),
            (d("2026-04-30"), Some(130.0)),
        ];
        let mut t = tracked(&g, &series, "2026-04-30");
        with_projection(&mut t, &g, &equity_projection());
        let f = t.forecast.unwrap();
        assert_eq!(
            (f.method, f.value, f.reaches_target),
            (ForecastMethod::Model, 190.0, false)
        );
        assert_eq!(f.path_at(d("2026-04-30")), (130.0, 130.0, 130.0));
        assert_eq!(f.path_at(d("2026-12-31")), (190.0, 170.0, 210.0));
        let (v, lo, hi) = f.path_at(d("2026-08-30")); // half-way: 120 of 245 days
        let w = 122.0 / 245.0;
        assert!((v - (130.0 + 60.0 * w)).abs() < 1e-9 && (hi - lo - 40.0 * w).abs() < 1e-9);
        // For a lower-is-better goal the projection must come in below the target.
        let c = cut_churn();
        let mut t = tracked(&c, &[(d("2026-04-30"), Some(0.38))], "2026-04-30");
        with_projection(
            &mut t,
            &c,
            &Projection {
                value: 0.29,
                low: 0.25,
                high: 0.33,
                customers: 1.0,
            },
        );
        assert!(t.forecast.unwrap().reaches_target);
    }

    #[test]
    fn the_forecast_path_runs_from_the_last_value_over_the_month_ends_to_the_deadline() {
        let g = raise();
        let series = [(d("2026-09-30"), Some(150.0))];
        let mut t = tracked(&g, &series, "2026-09-30");
        with_projection(&mut t, &g, &equity_projection());
        let path = t.forecast_path(&g, d("2026-09-30"));
        let dates: Vec<NaiveDate> = path.iter().map(|p| p.date).collect();
        assert_eq!(
            dates,
            [
                d("2026-09-30"),
                d("2026-10-31"),
                d("2026-11-30"),
                d("2026-12-31")
            ]
        );
        let first = path[0];
        assert_eq!((first.value, first.low, first.high), (150.0, 150.0, 150.0));
        let last = path[3];
        assert_eq!((last.value, last.low, last.high), (190.0, 170.0, 210.0));
        // Nothing to draw once the last value is at the deadline, or without a forecast.
        assert!(t.forecast_path(&g, g.deadline).is_empty());
        t.forecast = None;
        assert!(t.forecast_path(&g, d("2026-09-30")).is_empty());
    }
}
