//! The goals of a workspace and everything the Goals page shows about them,
//! computed in one sweep through the log for all goals together.

use super::super::segments::RfmSegment;
use super::goal::{Goal, GoalError, Lever};
use super::kpi::{
    check, month_ends, Kpi, KpiContext, KpiEngine, KpiError, KpiSettings, Scope, SegmentRef, Survey,
};
use super::tracking::{
    roi, track, value_basis, with_projection, GoalStatus, GoalTracking, Roi, StatusThresholds,
};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Months of history shown before a goal's start.
pub const HISTORY_MONTHS: u32 = 6;

/// The goals of a workspace with their settings (saved with the workspace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalBook {
    pub goals: Vec<Goal>,
    pub surveys: Vec<Survey>,
    pub kpi: KpiSettings,
    pub thresholds: StatusThresholds,
    /// A running goal without a check-in for longer than this is flagged for review.
    pub review_days: u32,
    /// The id the next goal gets.
    pub next_id: u32,
}

impl Default for GoalBook {
    fn default() -> Self {
        GoalBook {
            goals: Vec::new(),
            surveys: Vec::new(),
            kpi: KpiSettings::default(),
            thresholds: StatusThresholds::default(),
            review_days: 30,
            next_id: 1,
        }
    }
}

impl GoalBook {
    /// Adds a validated goal under a new id; returns the id.
    pub fn add(&mut self, mut goal: Goal) -> Result<u32, GoalError> {
        goal.validate(goal.kpi.direction(&self.surveys))?;
        goal.id = self.next_id;
        self.next_id += 1;
        self.goals.push(goal);
        Ok(self.next_id - 1)
    }

    /// Replaces the goal with the same id by a validated new version.
    pub fn update(&mut self, goal: Goal) -> Result<(), GoalError> {
        goal.validate(goal.kpi.direction(&self.surveys))?;
        if let Some(slot) = self.goals.iter_mut().find(|g| g.id == goal.id) {
            *slot = goal;
        }
        Ok(())
    }

    pub fn remove(&mut self, id: u32) {
        self.goals.retain(|g| g.id != id);
    }

    pub fn get(&self, id: u32) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

/// What the Goals page shows about one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalView {
    pub id: u32,
    /// The KPI at the series dates: month ends from [`HISTORY_MONTHS`]
    /// before the start to the evaluation date, plus the start itself.
    pub series: Vec<(NaiveDate, Option<f64>)>,
    /// `None` if the KPI cannot be computed (see `error`).
    pub tracking: Option<GoalTracking>,
    /// `None` without a cost or where the value basis cannot be computed (no model).
    pub roi: Option<Roi>,
    pub needs_review: bool,
    pub error: Option<KpiError>,
}

/// The dashboard's filters; `None` lets every goal through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalFilter {
    pub status: Option<GoalStatus>,
    pub lever: Option<Lever>,
    pub scope: Option<Scope>,
}

impl GoalFilter {
    /// The ids of the goals passing the filter, in the book's order. A status
    /// filter lets through only goals with that status in `views` (a goal
    /// whose KPI cannot be computed has none).
    pub fn shown(&self, book: &GoalBook, views: &[GoalView]) -> Vec<u32> {
        let status_of = |id: u32| {
            views
                .iter()
                .find(|v| v.id == id)
                .and_then(|v| v.tracking.as_ref())
                .map(|t| t.status)
        };
        book.goals
            .iter()
            .filter(|g| self.lever.is_none_or(|l| g.lever == l))
            .filter(|g| self.scope.as_ref().is_none_or(|s| g.scope == *s))
            .filter(|g| self.status.is_none_or(|s| status_of(g.id) == Some(s)))
            .map(|g| g.id)
            .collect()
    }
}

impl GoalBook {
    /// The scopes the goals are set on, each once, in the book's order.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut scopes: Vec<Scope> = Vec::new();
        for g in &self.goals {
            if !scopes.contains(&g.scope) {
                scopes.push(g.scope.clone());
            }
        }
        scopes
    }
}

/// The dates a goal's series is measured at, as of `today`.
pub fn series_dates(goal: &Goal, today: NaiveDate) -> Vec<NaiveDate> {
    let end = today.min(goal.deadline);
    let from = goal
        .start
        .checked_sub_months(Months::new(HISTORY_MONTHS))
        .unwrap_or(goal.start);
    let mut dates = month_ends(from, end);
    if goal.start <= end {
        dates.push(goal.start);
    }
    dates.sort();
    dates.dedup();
    dates
}

/// Tracks every goal of `book` as of `today`, in one pass through the data.
/// `margin` turns revenue into profit for the ROI of revenue goals.
pub fn goal_views(
    ctx: &KpiContext,
    book: &GoalBook,
    today: NaiveDate,
    margin: f64,
) -> Vec<GoalView> {
    // The requests of the goals that can be computed, and their ROI bases.
    let mut requests: Vec<(Kpi, Scope)> = Vec::new();
    let index_of = |r: (Kpi, Scope), requests: &mut Vec<(Kpi, Scope)>| -> usize {
        match requests.iter().position(|q| *q == r) {
            Some(i) => i,
            None => {
                requests.push(r);
                requests.len() - 1
            }
        }
    };
    let mut plans = Vec::with_capacity(book.goals.len());
    let mut all_dates: Vec<NaiveDate> = Vec::new();
    for goal in &book.goals {
        let dates = series_dates(goal, today);
        let plan = match check(ctx, &goal.kpi, &goal.scope) {
            Err(e) => Err(e),
            Ok(()) => {
                let kpi = index_of((goal.kpi.clone(), goal.scope.clone()), &mut requests);
                let basis = (value_basis(&goal.kpi), goal.scope.clone());
                let basis = check(ctx, &basis.0, &basis.1)
                    .ok()
                    .filter(|_| goal.cost > 0.0)
                    .map(|_| index_of(basis, &mut requests));
                all_dates.extend(&dates);
                Ok((kpi, basis))
            }
        };
        plans.push((dates, plan));
    }
    all_dates.sort();
    all_dates.dedup();
    let mut engine = KpiEngine::new(ctx);
    let computed = if requests.is_empty() {
        Ok(Vec::new())
    } else {
        engine.series(&requests, &all_dates)
    };
    let at = |row: &[Option<f64>], date: NaiveDate| -> Option<f64> {
        all_dates.binary_search(&date).ok().and_then(|i| row[i])
    };
    book.goals
        .iter()
        .zip(plans)
        .map(|(goal, (dates, plan))| {
            let needs_review = goal.needs_review(today, book.review_days);
            let computed = match (&computed, plan) {
                (_, Err(e)) => Err(e),
                (Err(e), _) => Err(e.clone()),
                (Ok(rows), Ok(p)) => Ok((rows, p)),
            };
            match computed {
                Err(error) => GoalView {
                    id: goal.id,
                    series: Vec::new(),
                    tracking: None,
                    roi: None,
                    needs_review,
                    error: Some(error),
                },
                Ok((rows, (kpi, basis))) => {
                    let series: Vec<(NaiveDate, Option<f64>)> =
                        dates.iter().map(|&d| (d, at(&rows[kpi], d))).collect();
                    let mut tracking = track(goal, &series, today, &book.thresholds);
                    // Customer equity and average CLV: the model's own projection.
                    if tracking.evaluated_at < goal.deadline {
                        if let Ok(Some(p)) =
                            engine.project(&goal.kpi, &goal.scope, today, goal.deadline)
                        {
                            with_projection(&mut tracking, goal, &p);
                        }
                    }
                    let roi = basis.and_then(|b| {
                        let start = at(&rows[b], goal.start)?;
                        let now = at(&rows[b], tracking.evaluated_at)?;
                        Some(roi(&goal.kpi, start, now, margin, goal.cost))
                    });
                    GoalView {
                        id: goal.id,
                        series,
                        tracking: Some(tracking),
                        roi,
                        needs_review,
                        error: None,
                    }
                }
            }
        })
        .collect()
}

/// The KPI on `scope` at the goal's start (or today, if the start is later):
/// the baseline a new goal is given.
pub fn measure_baseline(
    ctx: &KpiContext,
    kpi: &Kpi,
    scope: &Scope,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<Option<f64>, KpiError> {
    KpiEngine::new(ctx).value(kpi, scope, start.min(today))
}

/// The common goals, to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalTemplate {
    /// Raise the average CLV of the Champions by 10% in a year.
    RaiseChampionsClv,
    /// Cut the churn rate of the customers won in the last year to 30% in a year.
    CutNewCustomerChurn,
    /// Win 500 new customers per quarter within a year.
    WinNewCustomers,
}

impl GoalTemplate {
    pub const ALL: [GoalTemplate; 3] = [
        GoalTemplate::RaiseChampionsClv,
        GoalTemplate::CutNewCustomerChurn,
        GoalTemplate::WinNewCustomers,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GoalTemplate::RaiseChampionsClv => "raise-champions-clv",
            GoalTemplate::CutNewCustomerChurn => "cut-new-customer-churn",
            GoalTemplate::WinNewCustomers => "win-new-customers",
        }
    }

    pub fn kpi(self) -> Kpi {
        match self {
            GoalTemplate::RaiseChampionsClv => Kpi::AverageClv,
            GoalTemplate::CutNewCustomerChurn => Kpi::ChurnRate,
            GoalTemplate::WinNewCustomers => Kpi::NewCustomersPerQuarter,
        }
    }

    pub fn scope(self, today: NaiveDate) -> Scope {
        match self {
            GoalTemplate::RaiseChampionsClv => {
                Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions))
            }
            GoalTemplate::CutNewCustomerChurn => {
                Scope::NewSince(today.checked_sub_months(Months::new(12)).unwrap_or(today))
            }
            GoalTemplate::WinNewCustomers => Scope::All,
        }
    }

    /// The target for a baseline.
    pub fn target(self, baseline: f64) -> f64 {
        match self {
            GoalTemplate::RaiseChampionsClv => baseline * 1.1,
            GoalTemplate::CutNewCustomerChurn => 0.3,
            GoalTemplate::WinNewCustomers => 500.0,
        }
    }

    pub fn lever(self) -> Lever {
        match self {
            GoalTemplate::RaiseChampionsClv => Lever::Development,
            GoalTemplate::CutNewCustomerChurn => Lever::Retention,
            GoalTemplate::WinNewCustomers => Lever::Acquisition,
        }
    }

    /// A draft goal from today for a year, named `name`, with the measured `baseline`.
    pub fn draft(self, name: String, today: NaiveDate, baseline: f64) -> Goal {
        Goal {
            id: 0,
            name,
            kpi: self.kpi(),
            scope: self.scope(today),
            baseline,
            target: self.target(baseline),
            stretch: None,
            start: today,
            deadline: today.checked_add_months(Months::new(12)).unwrap_or(today),
            lever: self.lever(),
            owner: String::new(),
            cost: 0.0,
            notes: String::new(),
            milestones: Vec::new(),
            check_ins: Vec::new(),
            revisions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::goals::ValueModel;
    use crate::clv::models::ConstantRate;

    use crate::clv::data::summary::TimeUnit;
    use crate::clv::data::transactions::TransactionLog;
    use crate::clv::goals::test_support::{d, log_of};
    use crate::clv::valuation::value::ClvSettings;

    /// One new customer on the 10th of every month of 2026 up to June, each
    /// buying once for 100.
    fn log() -> TransactionLog {
        log_of((1..=6).map(|m| (format!("C{m}"), d(&format!("2026-{m:02}-10")), 100.0)))
    }

    fn ctx<'a>(log: &'a TransactionLog, model: Option<ValueModel<'a>>) -> KpiContext<'a> {
        KpiContext::new(log, TimeUnit::Day).with_model(model)
    }

    fn customers_goal(cost: f64) -> Goal {
        // From 2 customers on Feb 15 to 12 by the end of the year: 10 in 319 days.
        let mut g = GoalTemplate::WinNewCustomers.draft("Grow".into(), d("2026-02-15"), 2.0);
        g.kpi = Kpi::Customers;
        g.target = 12.0;
        g.deadline = d("2026-12-31");
        g.cost = cost;
        g
    }

    /// The customers goal's dates on customer equity, from 100 to 200.
    fn equity_goal() -> Goal {
        Goal {
            kpi: Kpi::CustomerEquity,
            baseline: 100.0,
            target: 200.0,
            ..customers_goal(0.0)
        }
    }

    #[test]
    fn goals_are_tracked_from_one_sweep() {
        let log = log();
        let mut book = GoalBook::default();
        let id = book.add(customers_goal(0.0)).unwrap();
        let equity_id = book.add(equity_goal()).unwrap();
        assert_eq!((id, equity_id, book.next_id), (1, 2, 3));

        let today = d("2026-06-30");
        let views = goal_views(&ctx(&log, None), &book, today, 1.0);
        let v = &views[0];
        assert_eq!(v.error, None);
        // Six months of history before Feb 15, the start itself, month ends to June 30.
        let dates: Vec<NaiveDate> = v.series.iter().map(|(d, _)| *d).collect();
        assert_eq!(dates.first(), Some(&d("2025-08-31")));
        assert!(dates.contains(&d("2026-02-15")));
        assert_eq!(dates.last(), Some(&today));
        let values: Vec<Option<f64>> = v.series.iter().rev().take(3).map(|(_, v)| *v).collect();
        assert_eq!(values, [Some(6.0), Some(5.0), Some(4.0)]);
        let t = v.tracking.as_ref().unwrap();
        // 4 of the 10 planned customers after 135 of 319 days: 0.4 / 0.423 = 0.945 < 0.95.
        assert_eq!(t.current, Some(6.0));
        assert!((t.progress.unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(t.status, GoalStatus::AtRisk);
        // One customer a month: the trend forecast reaches 12 by December 31.
        let f = t.forecast.unwrap();
        assert!(f.value > 11.5 && f.value < 13.0, "{f:?}");
        // The equity goal needs a model: said, and it does not stop the other.
        assert_eq!(views[1].error, Some(KpiError::NeedsModel));
        assert!(views[1].tracking.is_none());
    }

    #[test]
    fn roi_compares_the_equity_gained_with_the_cost() {
        let log = log();
        let model = ConstantRate { rate: 0.01 };
        let value = || ValueModel {
            purchase: &model,
            purchase_draws: &[],
            spend: None,
            clv: ClvSettings::monthly(TimeUnit::Day, 12.0, 0.0, 1.0),
        };
        let mut book = GoalBook::default();
        book.add(customers_goal(500.0)).unwrap();
        let today = d("2026-06-30");
        let context = ctx(&log, Some(value()));
        let views = goal_views(&context, &book, today, 1.0);
        let roi = views[0].roi.unwrap();
        // Each customer is worth 100 × 0.01 × 365.25 (no discounting); 6 now, 2 at the start.
        let each = 100.0 * 0.01 * 365.25;
        assert!((roi.gain - 4.0 * each).abs() < 1e-6, "{roi:?}");
        assert!((roi.roi.unwrap() - (4.0 * each - 500.0) / 500.0).abs() < 1e-9);
        // Without a cost there is no ROI to show.
        book.goals[0].cost = 0.0;
        assert_eq!(goal_views(&context, &book, today, 1.0)[0].roi, None);
    }

    #[test]
    fn a_broken_goal_is_not_added_and_ids_are_not_reused() {
        let mut book = GoalBook::default();
        let mut g = customers_goal(0.0);
        g.target = 1.0; // below the baseline of 2
        assert!(matches!(
            book.add(g),
            Err(GoalError::TargetWrongSide { .. })
        ));
        assert!(book.goals.is_empty());
        let a = book.add(customers_goal(0.0)).unwrap();
        book.remove(a);
        let b = book.add(customers_goal(0.0)).unwrap();
        assert_ne!(a, b);
        let mut changed = book.get(b).unwrap().clone();
        changed.deadline = changed.start;
        assert!(book.update(changed).is_err());
        assert_eq!(book.get(b).unwrap().deadline, d("2026-12-31"));
    }

    #[test]
    fn baselines_are_measured_at_the_start_or_today() {
        let log = log();
        let c = ctx(&log, None);
        let today = d("2026-06-30");
        let at_start = measure_baseline(&c, &Kpi::Customers, &Scope::All, d("2026-03-31"), today);
        assert_eq!(at_start, Ok(Some(3.0)));
        let later = measure_baseline(&c, &Kpi::Customers, &Scope::All, d("2027-01-01"), today);
        assert_eq!(later, Ok(Some(6.0)));
        let templates: Vec<Goal> = GoalTemplate::ALL
            .iter()
            .map(|t| t.draft(t.key().into(), today, 0.5))
            .collect();
        assert_eq!(templates[0].target, 0.55);
        assert_eq!(templates[1].scope, Scope::NewSince(d("2025-06-30")));
        assert_eq!(templates[2].deadline, d("2027-06-30"));
        // The churn template is valid from 50% churn, the others from their baselines.
        for t in templates {
            assert_eq!(t.validate(t.kpi.direction(&[])), Ok(()), "{t:?}");
        }
    }

    #[test]
    fn equity_goals_are_forecast_by_the_models_projection() {
        use crate::clv::goals::{Forecast, ForecastMethod};
        /// The forecast of the book's first goal on `today`.
        fn first_forecast(context: &KpiContext, book: &GoalBook, today: NaiveDate) -> Forecast {
            goal_views(context, book, today, 1.0)[0]
                .tracking
                .as_ref()
                .unwrap()
                .forecast
                .unwrap()
        }
        let log = log();
        let model = ConstantRate { rate: 0.01 };
        let context = ctx(
            &log,
            Some(ValueModel {
                purchase: &model,
                purchase_draws: &[],
                spend: None,
                clv: ClvSettings::monthly(TimeUnit::Day, 12.0, 0.1, 1.0),
            }),
        );
        let mut book = GoalBook::default();
        let g = Goal {
            target: 5000.0,
            ..equity_goal()
        };
        book.add(g.clone()).unwrap();
        let today = d("2026-06-30");
        let f = first_forecast(&context, &book, today);
        let p = KpiEngine::new(&context)
            .project(&g.kpi, &g.scope, today, g.deadline)
            .unwrap()
            .unwrap();
        assert_eq!((f.method, f.value), (ForecastMethod::Model, p.value));
        // Other KPIs keep the trend.
        let views = goal_views(&ctx(&log, None), &book, today, 1.0);
        assert_eq!(views[0].error, Some(KpiError::NeedsModel));
        let mut book = GoalBook::default();
        book.add(customers_goal(0.0)).unwrap();
        let f = first_forecast(&context, &book, today);
        assert_eq!(f.method, ForecastMethod::Trend);
    }

    #[test]
    fn the_filters_let_through_the_goals_with_that_status_lever_and_scope() {
        let log = log();
        let mut book = GoalBook::default();
        let grow = book.add(customers_goal(0.0)).unwrap();
        let equity = book
            .add(Goal {
                lever: Lever::Development,
                ..equity_goal()
            })
            .unwrap();
        let mut newcomers = customers_goal(0.0);
        newcomers.scope = Scope::NewSince(d("2026-01-01"));
        let newcomers = book.add(newcomers).unwrap();
        let views = goal_views(&ctx(&log, None), &book, d("2026-06-30"), 1.0);

        assert_eq!(
            GoalFilter::default().shown(&book, &views),
            [grow, equity, newcomers]
        );
        let lever = GoalFilter {
            lever: Some(Lever::Development),
            ..GoalFilter::default()
        };
        assert_eq!(lever.shown(&book, &views), [equity]);
        let scope = GoalFilter {
            scope: Some(Scope::NewSince(d("2026-01-01"))),
            ..GoalFilter::default()
        };
        assert_eq!(scope.shown(&book, &views), [newcomers]);
        // The equity goal has no status (it needs a model), so no status filter shows it.
        let at_risk = GoalFilter {
            status: Some(GoalStatus::AtRisk),
            ..GoalFilter::default()
        };
        assert_eq!(at_risk.shown(&book, &views), [grow, newcomers]);
        let achieved = GoalFilter {
            status: Some(GoalStatus::Achieved),
            ..GoalFilter::default()
        };
        assert!(achieved.shown(&book, &views).is_empty());
        assert_eq!(
            book.scopes(),
            [Scope::All, Scope::NewSince(d("2026-01-01"))]
        );
    }
}
