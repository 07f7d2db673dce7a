//! The figures the Goals page draws, prepared from a goal's [`GoalView`]:
//! a goal card's numbers ([`GoalCardFigures`]) and what the detail says
//! about the ROI ([`RoiOutcome`]). Formatting and texts are the page's.

use super::board::GoalView;
use super::goal::Goal;
use super::kpi::{Kpi, KpiError};
use super::tracking::{value_basis, Forecast, GoalStatus, Roi};

/// Days to a goal's deadline, or past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysLeft {
    /// The deadline is this many days ahead (0: today).
    Left(u64),
    /// The deadline passed this many days ago.
    Over(u64),
}

impl Default for DaysLeft {
    /// A goal without tracking: "0 days left".
    fn default() -> Self {
        DaysLeft::Left(0)
    }
}

impl DaysLeft {
    /// From days to the deadline, negative once it has passed.
    pub fn of(days: i64) -> Self {
        if days >= 0 {
            DaysLeft::Left(days.unsigned_abs())
        } else {
            DaysLeft::Over(days.unsigned_abs())
        }
    }
}

/// What a goal's card shows. The default is a goal without a view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoalCardFigures {
    /// `None` if the KPI cannot be computed.
    pub status: Option<GoalStatus>,
    /// The latest KPI value.
    pub current: Option<f64>,
    /// Progress from baseline to target (1 = reached), not clamped.
    pub progress: Option<f64>,
    /// The progress bar's width in percent: progress clamped to 0–100 %.
    pub bar_percent: f64,
    /// Where the plan is by now, in percent of the way.
    pub planned_percent: f64,
    pub days: DaysLeft,
    pub forecast: Option<Forecast>,
    /// The KPI's values for the sparkline, oldest first, without the gaps.
    pub sparkline: Vec<f64>,
    pub error: Option<KpiError>,
    pub needs_review: bool,
}

impl GoalCardFigures {
    /// The card's figures of the goal with `view`.
    pub fn of(view: &GoalView) -> Self {
        let tracking = view.tracking.as_ref();
        let progress = tracking.and_then(|t| t.progress);
        GoalCardFigures {
            status: tracking.map(|t| t.status),
            current: tracking.and_then(|t| t.current),
            progress,
            bar_percent: progress.map_or(0.0, |p| p.clamp(0.0, 1.0) * 100.0),
            planned_percent: tracking.map_or(0.0, |t| t.planned_progress * 100.0),
            days: DaysLeft::of(tracking.map_or(0, |t| t.days_left)),
            forecast: tracking.and_then(|t| t.forecast),
            sparkline: view.series.iter().filter_map(|(_, v)| *v).collect(),
            error: view.error.clone(),
            needs_review: view.needs_review,
        }
    }
}

/// What the detail says about a goal's ROI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RoiOutcome {
    /// Gain, cost and ROI.
    Computed(Roi),
    /// The goal has no cost: no ROI.
    NoCost,
    /// The value basis needs the fitted model.
    NeedsModel,
}

impl RoiOutcome {
    /// From the ROI of the goal's view (`None` without a cost or a model).
    pub fn of(goal: &Goal, roi: Option<Roi>) -> Self {
        match roi {
            Some(r) => RoiOutcome::Computed(r),
            None if goal.cost <= 0.0 => RoiOutcome::NoCost,
            None => RoiOutcome::NeedsModel,
        }
    }
}

/// Whether the goal's ROI is valued on revenue (else on customer equity).
pub fn valued_on_revenue(goal: &Goal) -> bool {
    value_basis(&goal.kpi) == Kpi::Revenue
}

#[cfg(test)]
mod tests {
    use super::super::goal::Lever;
    use super::super::test_support::{d, goal_over_2026};
    use super::super::tracking::{ForecastMethod, GoalTracking};
    use super::*;

    fn tracking(progress: Option<f64>, days_left: i64) -> GoalTracking {
        GoalTracking {
            evaluated_at: d("2026-07-01"),
            current: Some(105.0),
            progress,
            planned_progress: 0.5,
            status: GoalStatus::OnTrack,
            days_left,
            forecast: None,
        }
    }

    fn view(tracking: Option<GoalTracking>) -> GoalView {
        GoalView {
            id: 1,
            series: vec![
                (d("2026-04-30"), Some(101.0)),
                (d("2026-05-31"), None),
                (d("2026-06-30"), Some(105.0)),
            ],
            tracking,
            roi: None,
            needs_review: true,
            error: None,
        }
    }

    fn goal(kpi: Kpi, cost: f64) -> Goal {
        Goal {
            name: "Raise average CLV".into(),
            lever: Lever::Development,
            cost,
            ..goal_over_2026(kpi, 100.0, 110.0)
        }
    }

    #[test]
    fn a_tracked_goal_shows_its_progress_against_the_plan() {
        let f = GoalCardFigures::of(&view(Some(tracking(Some(0.4), 183))));
        assert_eq!(f.status, Some(GoalStatus::OnTrack));
        assert_eq!(f.current, Some(105.0));
        assert_eq!(f.progress, Some(0.4));
        assert_eq!(f.bar_percent, 40.0);
        assert_eq!(f.planned_percent, 50.0);
        assert_eq!(f.days, DaysLeft::Left(183));
        assert!(f.needs_review);
    }

    #[test]
    fn the_progress_bar_stays_between_empty_and_full() {
        let ahead = GoalCardFigures::of(&view(Some(tracking(Some(1.3), 10))));
        assert_eq!(ahead.bar_percent, 100.0);
        assert_eq!(ahead.progress, Some(1.3));
        let behind = GoalCardFigures::of(&view(Some(tracking(Some(-0.2), 10))));
        assert_eq!(behind.bar_percent, 0.0);
        let unknown = GoalCardFigures::of(&view(Some(tracking(None, 10))));
        assert_eq!(unknown.bar_percent, 0.0);
    }

    #[test]
    fn the_sparkline_skips_dates_without_a_value() {
        let f = GoalCardFigures::of(&view(None));
        assert_eq!(f.sparkline, [101.0, 105.0]);
    }

    #[test]
    fn a_goal_past_its_deadline_counts_the_days_over() {
        assert_eq!(DaysLeft::of(-12), DaysLeft::Over(12));
        assert_eq!(DaysLeft::of(0), DaysLeft::Left(0));
        let f = GoalCardFigures::of(&view(Some(tracking(Some(0.9), -3))));
        assert_eq!(f.days, DaysLeft::Over(3));
    }

    #[test]
    fn an_untracked_goal_shows_no_status_and_zero_days_left() {
        let f = GoalCardFigures::of(&view(None));
        assert_eq!(f.status, None);
        assert_eq!(f.current, None);
        assert_eq!(f.planned_percent, 0.0);
        assert_eq!(f.days, DaysLeft::Left(0));
        assert_eq!(f.forecast, None);
        let none = GoalCardFigures::default();
        assert_eq!(none.days, DaysLeft::Left(0));
        assert!(!none.needs_review);
    }

    #[test]
    fn the_forecast_is_passed_on_with_its_verdict() {
        let mut t = tracking(Some(0.4), 183);
        t.forecast = Some(Forecast {
            method: ForecastMethod::Trend,
            trend: None,
            from: None,
            at: d("2026-12-31"),
            value: 108.0,
            low: 104.0,
            high: 112.0,
            reaches_target: false,
        });
        let f = GoalCardFigures::of(&view(Some(t)));
        let forecast = f.forecast.unwrap();
        assert_eq!(forecast.value, 108.0);
        assert!(!forecast.reaches_target);
    }

    #[test]
    fn without_a_roi_the_detail_tells_a_missing_cost_from_a_missing_model() {
        let roi = Roi {
            gain: 6000.0,
            cost: 5000.0,
            roi: Some(0.2),
        };
        let costly = goal(Kpi::AverageClv, 5000.0);
        assert_eq!(
            RoiOutcome::of(&costly, Some(roi)),
            RoiOutcome::Computed(roi)
        );
        assert_eq!(RoiOutcome::of(&costly, None), RoiOutcome::NeedsModel);
        assert_eq!(
            RoiOutcome::of(&goal(Kpi::AverageClv, 0.0), None),
            RoiOutcome::NoCost
        );
    }

    #[test]
    fn revenue_goals_are_valued_on_revenue_the_others_on_equity() {
        assert!(valued_on_revenue(&goal(Kpi::Revenue, 0.0)));
        assert!(valued_on_revenue(&goal(Kpi::AverageOrderValue, 0.0)));
        assert!(!valued_on_revenue(&goal(Kpi::AverageClv, 0.0)));
        assert!(!valued_on_revenue(&goal(Kpi::ChurnRate, 0.0)));
    }
}
