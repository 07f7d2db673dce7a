//! What the Equity page shows, prepared by the core so that the page only
//! renders: the [`EquityModel`] built from the fitted report, the monthly
//! acquisition history and its projection, the report's relative interval,
//! today's customer equity KPI (as the Goals page measures it), and the
//! figures derived from an [`Equity`] against today's (no levers).
//!
//! # What is prepared
//!
//! - [`EquityView::prepare`]: today's customers valued by the report's models,
//!   each in its RFM segment ([`rfm_scores`]), the new customers per month
//!   of the customers ([`acquisitions_by_month`]) projected with the chosen method
//!   ([`project_acquisitions`]; a method that cannot project expects no new
//!   customers), and the KPI customer equity on today's customers at `today`.
//! - [`RelativeInterval`]: the report's interval of today's customers' value
//!   relative to its estimate, `(low / estimate, high / estimate)`, `(1, 1)`
//!   for a non-positive estimate. The page's interval of the total scales
//!   only today's customers: `low = current · l + future`, `high = current · h
//!   + future` (the future cohorts carry no interval).
//! - [`EquityFigures`]: that interval, the change against today
//!   `Δ = total − base`, the relative change `Δ / |base|` (0 for a zero base),
//!   and the mean new customers per cohort month.
//! - [`stack_months`], [`EquityView::acquisition_series`], [`segment_values`],
//!   [`EquityView::scenario_goal`], [`EquityView::seek`]: what the charts,
//!   tables, scenarios and goal-seek draw or act on.
//!
//! The model is the one of Gupta, Lehmann & Stuart (2004) described in
//! [`super::customer_equity`]; nothing here changes a value, it only gathers
//! and derives.

use super::acquisition::{
    acquisitions_by_month, project_acquisitions, AcquisitionError, AcquisitionForecast,
    AcquisitionMethod,
};
use super::book::scenario_goal;
use super::customer_equity::{
    goal_seek, Cohort, Equity, EquityInputs, EquityLever, EquityModel, EquityPart, EquitySettings,
    GoalSeek, Levers, Scenario,
};
use crate::clv::data::summary::CustomerSummary;
use crate::clv::estimation::uncertainty::Interval;
use crate::clv::goals::{Goal, Kpi, KpiContext, KpiEngine, Scope};
use crate::clv::segments::{rfm_scores, RfmSegment};
use crate::clv::valuation::report::ModelReport;
use chrono::{Months, NaiveDate};

/// History months the acquisition preview averages.
pub const PREVIEW_MONTHS: usize = 6;

/// The report's interval of today's customers' value relative to its estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelativeInterval {
    /// Lower bound over the estimate.
    pub low: f64,
    /// Upper bound over the estimate.
    pub high: f64,
}

impl RelativeInterval {
    /// `(low / estimate, high / estimate)`, or `(1, 1)` when the estimate is not positive.
    pub fn of(total: &Interval) -> Self {
        if total.estimate > 0.0 {
            RelativeInterval {
                low: total.low / total.estimate,
                high: total.high / total.estimate,
            }
        } else {
            RelativeInterval {
                low: 1.0,
                high: 1.0,
            }
        }
    }
}

/// Everything the Equity page is built on; rebuilt when the data, the fit or
/// the equity settings change, not when a lever moves.
pub struct EquityView {
    pub model: EquityModel,
    /// (first day of month, new customers) up to `today`.
    pub history: Vec<(NaiveDate, u32)>,
    /// The projection of `history` by the chosen method.
    pub forecast: Result<AcquisitionForecast, AcquisitionError>,
    /// The report's relative interval of today's customers' value.
    pub interval: RelativeInterval,
    /// Customer equity as the Goals page measures it (today's customers,
    /// model horizon), if it can be measured.
    pub kpi_today: Option<f64>,
    /// The observation end the customers are valued at.
    pub today: NaiveDate,
}

/// The acquisition preview: the projection's first month against the recent average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AcquisitionPreview {
    /// Expected new customers next month.
    pub next: f64,
    /// Mean new customers of the last [`PREVIEW_MONTHS`] history months.
    pub recent_average: f64,
}

/// The acquisition chart's series.
#[derive(Debug, Clone, PartialEq)]
pub struct AcquisitionSeries {
    /// (first day of month, new customers) of the history.
    pub history: Vec<(NaiveDate, f64)>,
    /// The method's values over the history months (`NaN` where it has none;
    /// empty when the projection failed).
    pub fitted: Vec<f64>,
    /// (month, expected new customers with the acquisition volume lever) after the history.
    pub projection: Vec<(NaiveDate, f64)>,
}

/// What a goal-seek aims at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SeekTarget {
    /// A customer-equity goal (today's customers): the same relative change
    /// `target / baseline` of today's customers' value.
    Goal { baseline: f64, target: f64 },
    /// A total customer equity.
    Total(f64),
}

impl SeekTarget {
    /// A chosen goal `(baseline, target)` with a positive baseline, else the typed total.
    pub fn choose(goal: Option<(f64, f64)>, typed: Option<f64>) -> Option<SeekTarget> {
        match (goal, typed) {
            (Some((baseline, target)), _) if baseline > 0.0 => {
                Some(SeekTarget::Goal { baseline, target })
            }
            (_, Some(value)) => Some(SeekTarget::Total(value)),
            _ => None,
        }
    }
}

impl EquityView {
    /// Prepares the page for `customers` (those `report` was fitted on) as of
    /// `today`: acquisitions from their first orders projected by `method`,
    /// the model with `settings`, the customers in their RFM segments, and
    /// the KPI customer equity in `kpi` with the report's models (where there
    /// are KPIs: not for summaries without transactions).
    pub fn prepare(
        report: &ModelReport,
        customers: &[CustomerSummary],
        kpi: Option<KpiContext>,
        method: AcquisitionMethod,
        settings: EquitySettings,
        today: NaiveDate,
    ) -> EquityView {
        let history = acquisitions_by_month(customers.iter().map(|c| c.first_purchase), today);
        let forecast = project_acquisitions(&history, method, settings.horizon_months);
        let none = AcquisitionForecast::none(method);
        let segment_of: Vec<usize> = rfm_scores(customers, today)
            .iter()
            .map(|s| s.segment().index())
            .collect();
        let inputs = EquityInputs::from_report(
            report,
            customers,
            settings,
            forecast.as_ref().unwrap_or(&none),
        )
        .with_segments(&segment_of, RfmSegment::ALL.len());
        let model = EquityModel::new(inputs);
        let models = report.fitted_models(0, 7);
        let kpi_today = kpi.and_then(|kpi| {
            let kpi = kpi.with_model(models.value_model());
            KpiEngine::new(&kpi)
                .value(&Kpi::CustomerEquity, &Scope::All, today)
                .ok()
                .flatten()
        });
        EquityView {
            model,
            history,
            forecast,
            interval: RelativeInterval::of(&report.total_clv),
            kpi_today,
            today,
        }
    }

    /// Equity today: no lever moved.
    pub fn base(&self) -> Equity {
        self.model.evaluate(&Levers::default())
    }

    /// Expected new customers next month (`None` if the projection failed or is empty).
    pub fn next_month_acquisitions(&self) -> Option<f64> {
        self.forecast.as_ref().ok()?.per_month.first().copied()
    }

    /// Next month's projection with the recent average, `None` as [`Self::next_month_acquisitions`].
    pub fn acquisition_preview(&self) -> Option<AcquisitionPreview> {
        let next = self.next_month_acquisitions()?;
        let recent: Vec<f64> = self
            .history
            .iter()
            .rev()
            .take(PREVIEW_MONTHS)
            .map(|(_, n)| *n as f64)
            .collect();
        let recent_average = recent.iter().sum::<f64>() / recent.len().max(1) as f64;
        Some(AcquisitionPreview {
            next,
            recent_average,
        })
    }

    /// The history, the method's values aligned with its last months, and
    /// the projection scaled by `1 + volume` (the acquisition volume lever),
    /// in the months after the history (after `today` without history).
    pub fn acquisition_series(&self, volume: f64) -> AcquisitionSeries {
        let history: Vec<(NaiveDate, f64)> =
            self.history.iter().map(|(d, n)| (*d, *n as f64)).collect();
        let (fitted, per_month) = match &self.forecast {
            // The method's values belong to the last months of the history.
            Ok(f) => {
                let missing = history.len().saturating_sub(f.fitted.len());
                let mut fitted = vec![f64::NAN; missing];
                fitted.extend(f.fitted.iter().take(history.len()));
                (fitted, f.per_month.as_slice())
            }
            Err(_) => (Vec::new(), &[][..]),
        };
        let after = history.last().map(|(d, _)| *d).unwrap_or(self.today);
        let projection = months_after(after, per_month.len())
            .into_iter()
            .zip(per_month)
            .map(|(d, n)| (d, n * (1.0 + volume)))
            .collect();
        AcquisitionSeries {
            history,
            fitted,
            projection,
        }
    }

    /// The customer-equity goal `scenario` stands for (see
    /// [`scenario_goal`]), `None` when the KPI cannot be measured today.
    pub fn scenario_goal(&self, scenario: &Scenario) -> Option<Goal> {
        let kpi_today = self.kpi_today?;
        let today_equity = self.base();
        let scenario_equity = self.model.evaluate(&scenario.levers);
        Some(scenario_goal(
            scenario,
            kpi_today,
            &today_equity,
            &scenario_equity,
            self.today,
        ))
    }

    /// The value of `lever` (others as in `levers`) reaching `target`, with
    /// the part of equity it measured.
    pub fn seek(
        &self,
        levers: &Levers,
        lever: EquityLever,
        target: SeekTarget,
    ) -> (GoalSeek, EquityPart) {
        match target {
            SeekTarget::Goal { baseline, target } => {
                let aim = self.model.evaluate(levers).current * target / baseline;
                (
                    goal_seek(&self.model, levers, lever, aim, EquityPart::Current),
                    EquityPart::Current,
                )
            }
            SeekTarget::Total(value) => (
                goal_seek(&self.model, levers, lever, value, EquityPart::Total),
                EquityPart::Total,
            ),
        }
    }
}

/// The goals a goal-seek can aim at: customer equity of all customers.
pub fn seekable_goals(goals: &[Goal]) -> impl Iterator<Item = &Goal> {
    goals
        .iter()
        .filter(|g| g.kpi == Kpi::CustomerEquity && g.scope == Scope::All)
}

/// The headline figures of an equity against today's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EquityFigures {
    /// Lower end of the total's interval (today's customers' interval, the future as is).
    pub low: f64,
    /// Upper end of the total's interval.
    pub high: f64,
    /// Total less today's total.
    pub change: f64,
    /// `change` relative to today's total (0 when that is zero).
    pub percent: f64,
    /// Mean new customers per horizon month (0 without cohorts).
    pub new_per_month: f64,
}

impl EquityFigures {
    /// The figures of `equity` against `base`, with the report's `interval`.
    pub fn new(equity: &Equity, base: &Equity, interval: RelativeInterval) -> Self {
        let change = equity.total - base.total;
        let new_per_month = if equity.cohorts.is_empty() {
            0.0
        } else {
            equity.cohorts.iter().map(|c| c.customers).sum::<f64>() / equity.cohorts.len() as f64
        };
        EquityFigures {
            low: equity.current * interval.low + equity.future,
            high: equity.current * interval.high + equity.future,
            change,
            percent: if base.total != 0.0 {
                change / base.total.abs()
            } else {
                0.0
            },
            new_per_month,
        }
    }
}

/// The month `1..=count` months after `start` (`start` itself where the calendar ends).
pub fn months_after(start: NaiveDate, count: usize) -> Vec<NaiveDate> {
    (1..=count as u32)
        .map(|k| start.checked_add_months(Months::new(k)).unwrap_or(start))
        .collect()
}

/// One horizon month of the stacked equity chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackMonth {
    /// `today` plus this many months.
    pub month: NaiveDate,
    /// The cohort won that month, if any.
    pub cohort: Option<Cohort>,
    /// Cumulative value of today's customers by the month's end.
    pub current: f64,
    /// Cumulative net value of the cohorts arrived by then.
    pub future: f64,
    /// `current + future`.
    pub total: f64,
}

/// The horizon months of `equity` after `today`, with their cohorts and cumulative values.
pub fn stack_months(equity: &Equity, today: NaiveDate) -> Vec<StackMonth> {
    months_after(today, equity.current_by_month.len())
        .into_iter()
        .enumerate()
        .zip(equity.current_by_month.iter().zip(&equity.future_by_month))
        .map(|((k, month), (current, future))| StackMonth {
            month,
            cohort: equity.cohorts.get(k).copied(),
            current: *current,
            future: *future,
            total: current + future,
        })
        .collect()
}

/// Today's customers' value in one segment, with its share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentValue {
    pub segment: RfmSegment,
    pub value: f64,
    /// Of today's customers' value over all segments (0 when that is not positive).
    pub share: f64,
}

/// Today's customers' value in each RFM segment, in [`RfmSegment::ALL`] order.
pub fn segment_values(equity: &Equity) -> Vec<SegmentValue> {
    let total: f64 = equity.by_segment.iter().sum();
    RfmSegment::ALL
        .into_iter()
        .map(|segment| {
            let value = equity
                .by_segment
                .get(segment.index())
                .copied()
                .unwrap_or(0.0);
            SegmentValue {
                segment,
                value,
                share: if total > 0.0 { value / total } else { 0.0 },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::demo::demo_log;
    use crate::clv::data::summary::{summarize, TimeUnit};
    use crate::clv::data::transactions::{TransactionLog, TransactionLogBuilder};
    use crate::clv::equity::acquisition::monthly_acquisitions;
    use crate::clv::valuation::report::{model_report, ModelRequest};
    use std::sync::OnceLock;

    /// The demo log, its customers at its last day and the report fitted on them.
    struct Demo {
        log: TransactionLog,
        customers: Vec<CustomerSummary>,
        report: ModelReport,
        today: NaiveDate,
    }

    fn demo() -> &'static Demo {
        static DEMO: OnceLock<Demo> = OnceLock::new();
        DEMO.get_or_init(|| {
            let log = demo_log();
            let today = log.date_range().unwrap().1;
            let customers = summarize(&log, today, TimeUnit::Week);
            let request = ModelRequest {
                holdout_months: 0,
                margin: 0.5,
                ..ModelRequest::weekly_bg_nbd(today)
            };
            let report = model_report(&log, &customers, &request).unwrap();
            Demo {
                log,
                customers,
                report,
                today,
            }
        })
    }

    fn settings() -> EquitySettings {
        EquitySettings {
            horizon_months: 24,
            annual_discount: 0.1,
            margin: 0.5,
            acquisition_cost: 15.0,
        }
    }

    fn view(method: AcquisitionMethod) -> EquityView {
        let d = demo();
        EquityView::prepare(
            &d.report,
            &d.customers,
            Some(KpiContext::new(&d.log, TimeUnit::Week)),
            method,
            settings(),
            d.today,
        )
    }

    fn recent() -> AcquisitionMethod {
        AcquisitionMethod::RecentAverage { months: 6 }
    }

    fn some_levers() -> Levers {
        Levers {
            retention: 0.1,
            frequency: 0.05,
            order_value: -0.03,
            margin: 0.02,
            acquisition_volume: 0.4,
            acquisition_cost: 0.2,
        }
    }

    #[test]
    fn the_prepared_view_is_what_the_equity_page_computed() {
        let d = demo();
        for method in [recent(), AcquisitionMethod::LinearTrend] {
            let prepared = view(method);
            // The page's former computation, literally.
            let history = monthly_acquisitions(&d.log, d.today);
            let forecast = project_acquisitions(&history, method, settings().horizon_months)
                .map_err(|e| e.to_string());
            let empty = AcquisitionForecast {
                method,
                per_month: Vec::new(),
                fitted: Vec::new(),
                logistic: None,
            };
            let segment_of: Vec<usize> = rfm_scores(&d.customers, d.today)
                .iter()
                .map(|s| s.segment().index())
                .collect();
            let report = &d.report;
            let model = EquityModel::new(EquityInputs {
                customers: &d.customers,
                segment_of: Some(&segment_of),
                segments: RfmSegment::ALL.len(),
                model: report.request.model,
                params: &report.purchase.params,
                spend: report.spend_model(),
                unit: report.request.unit,
                settings: settings(),
                acquisitions: forecast.as_ref().unwrap_or(&empty),
            });
            let total = report.total_clv;
            let interval = if total.estimate > 0.0 {
                (total.low / total.estimate, total.high / total.estimate)
            } else {
                (1.0, 1.0)
            };
            let models = report.fitted_models(0, 7);
            let ctx = KpiContext::new(&d.log, TimeUnit::Week).with_model(models.value_model());
            let kpi_today = KpiEngine::new(&ctx)
                .value(&Kpi::CustomerEquity, &Scope::All, d.today)
                .ok()
                .flatten();

            assert_eq!(prepared.history, history);
            assert_eq!(
                prepared.forecast.as_ref().map_err(|e| e.to_string()),
                forecast.as_ref().map_err(Clone::clone)
            );
            assert!(prepared.forecast.is_ok(), "{method:?} projects the demo");
            assert_eq!((prepared.interval.low, prepared.interval.high), interval);
            assert_eq!(prepared.kpi_today, kpi_today);
            assert!(kpi_today.is_some_and(|v| v > 0.0));
            assert_eq!(prepared.today, d.today);
            for levers in [Levers::default(), some_levers()] {
                assert_eq!(prepared.model.evaluate(&levers), model.evaluate(&levers));
            }
            assert_eq!(prepared.base(), model.evaluate(&Levers::default()));
            assert_eq!(prepared.base().by_segment.len(), RfmSegment::ALL.len());
        }
    }

    #[test]
    fn customers_without_a_complete_month_of_first_orders_bring_no_new_customers() {
        let d = demo();
        let empty = TransactionLogBuilder::new().finish();
        // Every first order after today: no complete month up to today holds one.
        let mut customers = d.customers.clone();
        for c in &mut customers {
            c.first_purchase = d.today + chrono::Days::new(1);
        }
        let prepared = EquityView::prepare(
            &d.report,
            &customers,
            Some(KpiContext::new(&empty, TimeUnit::Week)),
            AcquisitionMethod::LinearTrend,
            settings(),
            d.today,
        );
        assert!(prepared.history.is_empty());
        assert_eq!(prepared.forecast, Err(AcquisitionError::NoHistory));
        assert_eq!(prepared.next_month_acquisitions(), None);
        assert_eq!(prepared.acquisition_preview(), None);
        // No customers in the log: the KPI measures none.
        assert_eq!(prepared.kpi_today, Some(0.0));
        let base = prepared.base();
        assert_eq!(base.future, 0.0);
        assert!(base.current > 0.0);
        assert_eq!(base.current, view(recent()).base().current);
        let series = prepared.acquisition_series(0.5);
        assert!(series.history.is_empty() && series.fitted.is_empty());
        assert!(series.projection.is_empty());
        // Without KPIs (summaries have no log) there is no KPI value, the rest stands.
        let without = EquityView::prepare(
            &d.report,
            &d.customers,
            None,
            AcquisitionMethod::LinearTrend,
            settings(),
            d.today,
        );
        assert_eq!(without.kpi_today, None);
        assert_eq!(without.base(), view(AcquisitionMethod::LinearTrend).base());
    }

    #[test]
    fn the_interval_is_relative_to_the_estimate_and_one_without_a_positive_estimate() {
        let interval = |estimate, low, high| {
            RelativeInterval::of(&Interval {
                estimate,
                low,
                high,
            })
        };
        assert_eq!(
            interval(200.0, 150.0, 260.0),
            RelativeInterval {
                low: 0.75,
                high: 1.3
            }
        );
        let one = RelativeInterval {
            low: 1.0,
            high: 1.0,
        };
        assert_eq!(interval(0.0, -5.0, 5.0), one);
        assert_eq!(interval(-10.0, -20.0, 0.0), one);
        let demo = view(recent()).interval;
        assert!(demo.low < 1.0 && demo.high > 1.0, "{demo:?}");
    }

    #[test]
    fn the_figures_bracket_the_total_and_measure_the_change_against_today() {
        let prepared = view(recent());
        let base = prepared.base();
        let levers = some_levers();
        let equity = prepared.model.evaluate(&levers);
        let figures = EquityFigures::new(&equity, &base, prepared.interval);
        assert!(figures.low <= equity.total && equity.total <= figures.high);
        assert!(figures.low < figures.high);
        assert_eq!(figures.change, equity.total - base.total);
        assert!(figures.change > 0.0);
        assert_eq!(figures.percent, figures.change / base.total.abs());
        // The future cohorts carry no interval: the bounds differ by today's customers' only.
        let (l, h) = (prepared.interval.low, prepared.interval.high);
        assert!((figures.high - figures.low - equity.current * (h - l)).abs() < 1e-6);
        // Recent average: the same new customers every month, scaled by the volume lever.
        let next = prepared.next_month_acquisitions().unwrap();
        assert!((figures.new_per_month - next * 1.4).abs() < 1e-9 * next);
        let today = EquityFigures::new(&base, &base, prepared.interval);
        assert_eq!((today.change, today.percent), (0.0, 0.0));
    }

    #[test]
    fn a_zero_base_gives_a_zero_percent_and_no_cohorts_zero_customers_per_month() {
        let zero = Equity {
            levers: Levers::default(),
            total: 0.0,
            current: 0.0,
            future: 0.0,
            new_customer_value: 0.0,
            cohorts: Vec::new(),
            by_segment: Vec::new(),
            current_by_month: Vec::new(),
            future_by_month: Vec::new(),
        };
        let more = Equity {
            total: 30.0,
            current: 20.0,
            future: 10.0,
            ..zero.clone()
        };
        let half = RelativeInterval {
            low: 0.5,
            high: 2.0,
        };
        assert_eq!(
            EquityFigures::new(&more, &zero, half),
            EquityFigures {
                low: 20.0,
                high: 50.0,
                change: 30.0,
                percent: 0.0,
                new_per_month: 0.0
            }
        );
        // Against a negative base the percent keeps the change's sign.
        let negative = Equity {
            total: -60.0,
            ..zero
        };
        assert_eq!(EquityFigures::new(&more, &negative, half).percent, 1.5);
    }

    #[test]
    fn the_stack_counts_months_from_today_and_adds_up() {
        let prepared = view(recent());
        let equity = prepared.model.evaluate(&some_levers());
        let months = stack_months(&equity, prepared.today);
        assert_eq!(months.len(), settings().horizon_months as usize);
        assert_eq!(months[0].month, "2025-01-31".parse().unwrap());
        assert_eq!(months[1].month, "2025-02-28".parse().unwrap());
        assert_eq!(months[23].month, "2026-12-31".parse().unwrap());
        for (k, m) in months.iter().enumerate() {
            assert_eq!(m.total, m.current + m.future);
            assert_eq!(m.cohort, equity.cohorts.get(k).copied());
        }
        let last = months.last().unwrap();
        assert_eq!(last.current, equity.current);
        assert!((last.total - equity.total).abs() < 1e-9 * equity.total);
    }

    #[test]
    fn months_after_follow_the_calendar() {
        let start: NaiveDate = "2024-01-31".parse().unwrap();
        let months: Vec<String> = months_after(start, 3)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(months, ["2024-02-29", "2024-03-31", "2024-04-30"]);
        assert!(months_after(start, 0).is_empty());
    }

    #[test]
    fn the_acquisition_series_aligns_the_fit_with_the_end_of_the_history() {
        for method in [recent(), AcquisitionMethod::LinearTrend] {
            let prepared = view(method);
            let forecast = prepared.forecast.as_ref().unwrap();
            let series = prepared.acquisition_series(0.25);
            let n = prepared.history.len();
            assert_eq!(series.history.len(), n);
            assert_eq!(series.history[n - 1].1, prepared.history[n - 1].1 as f64);
            assert_eq!(series.fitted.len(), n);
            let missing = n - forecast.fitted.len().min(n);
            assert!(series.fitted[..missing].iter().all(|v| v.is_nan()));
            assert_eq!(&series.fitted[missing..], &forecast.fitted[..n - missing]);
            assert_eq!(series.projection.len(), forecast.per_month.len());
            let after = prepared.history[n - 1].0;
            assert_eq!(series.projection[0].0, months_after(after, 1)[0]);
            for ((_, projected), expected) in series.projection.iter().zip(&forecast.per_month) {
                assert_eq!(*projected, expected * 1.25);
            }
        }
        assert_eq!(
            view(recent())
                .acquisition_series(0.0)
                .fitted
                .iter()
                .filter(|v| !v.is_nan())
                .count(),
            6,
            "the recent average covers only the months it averaged"
        );
    }

    #[test]
    fn the_preview_sets_next_month_against_the_last_six_months() {
        let prepared = view(AcquisitionMethod::LinearTrend);
        let preview = prepared.acquisition_preview().unwrap();
        let last_six: f64 = prepared.history[prepared.history.len() - 6..]
            .iter()
            .map(|(_, n)| *n as f64)
            .sum();
        assert_eq!(preview.recent_average, last_six / 6.0);
        assert_eq!(
            Some(preview.next),
            prepared
                .forecast
                .as_ref()
                .unwrap()
                .per_month
                .first()
                .copied()
        );
        // The recent average projects exactly that average.
        let recent = view(recent()).acquisition_preview().unwrap();
        assert!((recent.next - recent.recent_average).abs() < 1e-9 * recent.next);
    }

    #[test]
    fn segment_values_share_todays_customers_value() {
        let equity = view(recent()).base();
        let values = segment_values(&equity);
        assert_eq!(values.len(), RfmSegment::ALL.len());
        let value: f64 = values.iter().map(|v| v.value).sum();
        let share: f64 = values.iter().map(|v| v.share).sum();
        assert!((value - equity.current).abs() < 1e-9 * equity.current);
        assert!((share - 1.0).abs() < 1e-12);
        for (v, s) in values.iter().zip(RfmSegment::ALL) {
            assert_eq!(v.segment, s);
            assert_eq!(v.value, equity.by_segment[s.index()]);
        }
        let none = Equity {
            by_segment: Vec::new(),
            ..equity
        };
        assert!(segment_values(&none)
            .iter()
            .all(|v| v.value == 0.0 && v.share == 0.0));
    }

    #[test]
    fn a_goal_with_a_positive_baseline_is_sought_before_the_typed_total() {
        assert_eq!(
            SeekTarget::choose(Some((100.0, 120.0)), Some(5.0)),
            Some(SeekTarget::Goal {
                baseline: 100.0,
                target: 120.0
            })
        );
        assert_eq!(
            SeekTarget::choose(Some((0.0, 120.0)), Some(5.0)),
            Some(SeekTarget::Total(5.0))
        );
        assert_eq!(
            SeekTarget::choose(None, Some(5.0)),
            Some(SeekTarget::Total(5.0))
        );
        assert_eq!(SeekTarget::choose(Some((0.0, 1.0)), None), None);
        assert_eq!(SeekTarget::choose(None, None), None);
    }

    #[test]
    fn seeking_a_goal_reaches_its_relative_change_of_todays_customers() {
        let prepared = view(recent());
        let levers = Levers::default().with(EquityLever::Frequency, 0.05);
        let now = prepared.model.evaluate(&levers).current;
        let goal = SeekTarget::Goal {
            baseline: 50_000.0,
            target: 55_000.0,
        };
        match prepared.seek(&levers, EquityLever::Retention, goal) {
            (GoalSeek::Reached { value, equity }, EquityPart::Current) => {
                assert!(value > 0.0);
                assert!((equity - now * 1.1).abs() < 1e-6 * now);
            }
            other => panic!("{other:?}"),
        }
        let total = prepared
            .model
            .evaluate(&levers.with(EquityLever::Margin, 0.2))
            .total;
        match prepared.seek(&levers, EquityLever::Margin, SeekTarget::Total(total)) {
            (GoalSeek::Reached { value, .. }, EquityPart::Total) => {
                assert!((value - 0.2).abs() < 1e-5, "{value}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_scenario_becomes_the_goal_of_its_change_of_todays_customers() {
        let prepared = view(recent());
        let scenario = Scenario {
            name: "Loyalty".into(),
            levers: some_levers(),
        };
        let goal = prepared.scenario_goal(&scenario).unwrap();
        let expected = scenario_goal(
            &scenario,
            prepared.kpi_today.unwrap(),
            &prepared.base(),
            &prepared.model.evaluate(&scenario.levers),
            prepared.today,
        );
        assert_eq!(goal, expected);
        assert!(goal.target > goal.baseline);
        let without_kpi = EquityView {
            kpi_today: None,
            ..prepared
        };
        assert_eq!(without_kpi.scenario_goal(&scenario), None);
        // Only customer equity of all customers can be sought.
        let mut other = goal.clone();
        other.kpi = Kpi::Customers;
        let goals = [goal.clone(), other];
        let seekable: Vec<&Goal> = seekable_goals(&goals).collect();
        assert_eq!(seekable, [&goal]);
    }
}
