//! The goal's chart: the KPI series against the plan, the forecast and the
//! milestones, with its description and table.

use crate::clv::goals::{Goal, GoalView, KpiUnit};
use crate::format;
use crate::i18n::fill;
use crate::ui::goals::goal_chart;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The chart's SVG and table, drawn again only when what they show changes
/// (not on every redraw of the detail).
pub(super) fn chart_memo(
    goal: Memo<Option<Goal>>,
    view_of: Memo<Option<GoalView>>,
    today: Signal<NaiveDate>,
    unit: Signal<KpiUnit>,
) -> Memo<(String, ChartTable)> {
    let state = expect_context::<AppState>();
    Memo::new(move |_| {
        let lang = state.lang();
        let currency = state.currency();
        let (Some(g), Some(v)) = (goal.get(), view_of.get()) else {
            return (String::new(), ChartTable::default());
        };
        match &v.tracking {
            Some(tr) => goal_chart(&g, &v.series, tr, today.get(), unit.get(), &currency, lang),
            None => (String::new(), ChartTable::default()),
        }
    })
}

/// The chart card of the goal.
#[component]
pub(super) fn DetailChart(
    /// From [`chart_memo`].
    chart: Memo<(String, ChartTable)>,
    /// The goal (its KPI names the chart).
    goal: Memo<Option<Goal>>,
    /// The goal's tracking (its series' dates name the chart's span).
    view_of: Memo<Option<GoalView>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let alt = move || {
        let lang = state.lang();
        let g = goal.get();
        let first = view_of.with(|v| v.as_ref().and_then(|v| v.series.first().map(|s| s.0)));
        let last = view_of.with(|v| v.as_ref().and_then(|v| v.series.last().map(|s| s.0)));
        fill(
            state.t().goal_chart_alt,
            &[
                ("kpi", &g.map(|g| lang.kpi_name(&g.kpi)).unwrap_or_default()),
                (
                    "first",
                    &first.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
                (
                    "last",
                    &last.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
            ],
        )
    };
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().goal_chart_title.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(alt)
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-goal.svg"
            testid="goal-chart"
        />
    }
}
