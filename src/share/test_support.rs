//! The demo workspace as a user would share it: five goals on different
//! KPIs started a year ago with monthly tracking and check-ins, a custom
//! segment, two equity scenarios, and the report fitted with its settings.

use crate::clv::data::demo::demo_log;
use crate::clv::data::summary::{summarize, CustomerSummary};
use crate::clv::data::transactions::TransactionLog;
use crate::clv::equity::customer_equity::{EquityLever, Levers};
use crate::clv::goals::{
    measure_baseline, CheckIn, Goal, Kpi, Lever, Milestone, Scope, SegmentRef,
};
use crate::clv::segments::{Combine, Condition, CustomSegment, Measure, Op, RfmSegment};
use crate::clv::valuation::report::{model_report, ModelReport, ModelRequest};
use crate::workspace::{Settings, Workspace};
use chrono::{Months, NaiveDate};
use std::sync::OnceLock;

/// The shared demo: its workspace, log, customers, report and date.
pub(crate) struct SharedDemo {
    pub workspace: Workspace,
    pub log: TransactionLog,
    pub customers: Vec<CustomerSummary>,
    pub report: ModelReport,
    pub today: NaiveDate,
}

/// Built once for all tests.
pub(crate) fn shared_demo() -> &'static SharedDemo {
    static DEMO: OnceLock<SharedDemo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let mut workspace = Workspace::demo();
        let log = demo_log();
        let today = log.date_range().unwrap().1;
        let customers = summarize(&log, today, workspace.settings.time_unit);
        let report = model_report(&log, &customers, &request(&workspace.settings, today)).unwrap();
        add_segment_and_scenarios(&mut workspace.settings);
        add_goals(&mut workspace.settings, &log, &report, today);
        SharedDemo {
            workspace,
            log,
            customers,
            report,
            today,
        }
    })
}

/// What the Models page fits with `settings` (20 draws for the intervals).
fn request(settings: &Settings, end: NaiveDate) -> ModelRequest {
    let m = &settings.model;
    ModelRequest {
        model: m.purchase,
        gamma_gamma: m.gamma_gamma,
        end,
        unit: settings.time_unit,
        holdout_months: m.holdout_months,
        horizon_months: m.horizon_months as f64,
        annual_discount: m.discount_percent / 100.0,
        margin: m.margin_percent / 100.0,
        draws: 20,
    }
}

fn add_segment_and_scenarios(settings: &mut Settings) {
    settings.segments.push(CustomSegment {
        name: "Big spenders".into(),
        combine: Combine::All,
        conditions: vec![Condition::Compare {
            measure: Measure::Revenue,
            op: Op::Ge,
            value: 500.0,
        }],
    });
    let book = &mut settings.equity;
    book.acquisition_cost = 25.0;
    book.save_scenario(
        "Loyalty programme",
        Levers::default().with(EquityLever::Retention, 0.1),
    )
    .unwrap();
    book.save_scenario(
        "Growth push",
        Levers::default()
            .with(EquityLever::AcquisitionVolume, 0.2)
            .with(EquityLever::OrderValue, 0.05),
    )
    .unwrap();
}

/// Five goals started a year before `today`, due six months after it, each
/// from its measured baseline.
fn add_goals(
    settings: &mut Settings,
    log: &TransactionLog,
    report: &ModelReport,
    today: NaiveDate,
) {
    let start = today - Months::new(12);
    let deadline = today + Months::new(6);
    let models = report.fitted_models(0, 7);
    let ctx = settings.kpi_context(log).with_model(models.value_model());
    let plans = [
        (
            "Grow revenue by 15 %",
            Kpi::Revenue,
            Scope::All,
            1.15,
            Lever::Development,
            20_000.0,
        ),
        (
            "Keep new customers",
            Kpi::ChurnRate,
            Scope::NewSince(start - Months::new(12)),
            0.8,
            Lever::Retention,
            8_000.0,
        ),
        (
            "More repeat buyers",
            Kpi::RepeatPurchaseRate,
            Scope::All,
            1.1,
            Lever::Retention,
            0.0,
        ),
        (
            "Raise the Champions' CLV",
            Kpi::AverageClv,
            Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions)),
            1.1,
            Lever::Development,
            5_000.0,
        ),
        (
            "Win more customers each quarter",
            Kpi::NewCustomersPerQuarter,
            Scope::All,
            1.25,
            Lever::Acquisition,
            15_000.0,
        ),
    ];
    let mut goals = Vec::new();
    for (name, kpi, scope, factor, lever, cost) in plans {
        let baseline = measure_baseline(&ctx, &kpi, &scope, start, today)
            .unwrap()
            .unwrap();
        let target = baseline * factor;
        goals.push(Goal {
            id: 0,
            name: name.into(),
            kpi,
            scope,
            baseline,
            target,
            stretch: None,
            start,
            deadline,
            lever,
            owner: "CRM team".into(),
            cost,
            notes: String::new(),
            milestones: vec![Milestone {
                date: today,
                value: baseline + (target - baseline) * 2.0 / 3.0,
            }],
            check_ins: check_ins(start),
            revisions: Vec::new(),
        });
    }
    for goal in goals {
        settings.goals.add(goal).unwrap();
    }
}

/// A check-in every quarter of the first year.
fn check_ins(start: NaiveDate) -> Vec<CheckIn> {
    (1..=4)
        .map(|q| CheckIn {
            date: start + Months::new(3 * q),
            note: format!("Quarter {q} reviewed"),
            confidence: Some(50 + 10 * q as u8),
        })
        .collect()
}

/// The shared demo's view, built once.
pub(crate) fn demo_view() -> &'static crate::share::SharedView {
    static VIEW: OnceLock<crate::share::SharedView> = OnceLock::new();
    VIEW.get_or_init(|| {
        let d = shared_demo();
        let ws = &d.workspace;
        crate::share::SharedView::of(
            &ws.data.data,
            &ws.settings,
            &d.customers,
            Some(&d.report),
            d.today,
        )
    })
}

/// Whether `a` and `b` agree to four significant digits (a rounding step of
/// the larger apart).
pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 5e-4 * a.abs().max(b.abs()) + 1e-12
}
