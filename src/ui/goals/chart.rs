//! The goal chart and its table view.

use crate::charts::{goal_chart_svg, GoalChartData, GoalChartLabels};
use crate::clv::goals::{plan_at, Goal, GoalTracking, KpiUnit};
use crate::format;
use crate::i18n::Lang;
use crate::ui::widgets::ChartTable;
use chrono::NaiveDate;

/// The goal chart and its table for a goal with its series and tracking.
pub(crate) fn goal_chart(
    goal: &Goal,
    series: &[(NaiveDate, Option<f64>)],
    tracking: &GoalTracking,
    today: NaiveDate,
    unit: KpiUnit,
    currency: &str,
    lang: Lang,
) -> (String, ChartTable) {
    let t = lang.texts();
    let actual: Vec<(NaiveDate, f64)> = series
        .iter()
        .filter_map(|(d, v)| v.map(|v| (*d, v)))
        .collect();
    let forecast: Vec<(NaiveDate, f64, f64, f64)> = actual
        .last()
        .map(|&(last, _)| tracking.forecast_path(goal, last))
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.date, p.value, p.low, p.high))
        .collect();
    let value = |v: f64| format::kpi_value(v, unit, currency, lang);
    let data = GoalChartData {
        actual: actual.clone(),
        plan: [(goal.start, goal.baseline), (goal.deadline, goal.target)],
        forecast: forecast.clone(),
        target: goal.target,
        stretch: goal.stretch,
        milestones: goal.milestones.iter().map(|m| (m.date, m.value)).collect(),
        today,
        check_ins: goal.check_ins.iter().map(|c| c.date).collect(),
    };
    let labels = GoalChartLabels {
        actual: t.goal_chart_actual,
        plan: t.goal_chart_plan,
        forecast: t.goal_chart_forecast,
        target: t.goal_target,
        stretch: t.goal_stretch,
        milestone: t.goal_chart_milestone,
        today: t.goal_chart_today,
        check_in: t.goal_chart_check_in,
        month_names: lang.month_names(),
        value: &value,
    };
    let svg = goal_chart_svg(&data, &labels).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = series
        .iter()
        .map(|(d, v)| {
            let plan = (*d >= goal.start).then(|| value(plan_at(goal, *d)));
            vec![
                format::date(*d, lang),
                v.map(value).unwrap_or_else(|| "–".into()),
                plan.unwrap_or_else(|| "–".into()),
                "–".into(),
                "–".into(),
                "–".into(),
            ]
        })
        .collect();
    for &(d, v, lo, hi) in forecast.iter().skip(1) {
        rows.push(vec![
            format::date(d, lang),
            "–".into(),
            value(plan_at(goal, d)),
            value(v),
            value(lo),
            value(hi),
        ]);
    }
    let table = ChartTable {
        headers: vec![
            t.goal_date.into(),
            t.goal_chart_actual.into(),
            t.goal_chart_plan.into(),
            t.goal_chart_forecast.into(),
            t.goal_col_forecast_low.into(),
            t.goal_col_forecast_high.into(),
        ],
        rows,
    };
    (svg, table)
}
