//! Equity building up over the horizon: today's customers and the future
//! cohorts stacked month by month, with the table behind the chart.

use super::EquityMemo;
use crate::charts::{equity_stack_svg, EquityStackData, EquityStackLabels};
use crate::clv::equity::prepared::stack_months;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use leptos::prelude::*;

/// Equity building up over the horizon, stacked.
#[component]
pub(super) fn StackChart(
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = move || state.observation_end.get().unwrap_or_default();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        equity.with(|e| {
            let Some((e, _)) = e else {
                return (String::new(), ChartTable::default());
            };
            let months = stack_months(e, today());
            let value = |v: f64| format::money(v, &currency, lang);
            let data = EquityStackData {
                months: months.iter().map(|m| m.month).collect(),
                current: e.current_by_month.clone(),
                future: e.future_by_month.clone(),
            };
            let labels = EquityStackLabels {
                current: t.equity_current,
                future: t.equity_future,
                total: t.equity_chart_total,
                month_names: lang.month_names(),
                value: &value,
            };
            let svg = equity_stack_svg(&data, &labels).unwrap_or_default();
            // Each month's cohort (customers won that month and their net
            // value today), then the cumulative values the chart stacks.
            let rows = months
                .iter()
                .map(|m| {
                    vec![
                        format::date(m.month, lang),
                        m.cohort
                            .map(|c| format::number(c.customers, 1, lang))
                            .unwrap_or_default(),
                        m.cohort.map(|c| value(c.value_today)).unwrap_or_default(),
                        value(m.current),
                        value(m.future),
                        value(m.total),
                    ]
                })
                .collect();
            let table = ChartTable {
                headers: vec![
                    t.col_month.into(),
                    t.equity_col_cohort_customers.into(),
                    t.equity_col_cohort_value.into(),
                    t.equity_col_current.into(),
                    t.equity_col_future.into(),
                    t.equity_chart_total.into(),
                ],
                rows,
            };
            (svg, table)
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_stack.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || {
                let months = equity
                    .with(|e| e.as_ref().map_or(0, |(e, _)| e.current_by_month.len()));
                fill(state.t().equity_chart_stack_alt, &[("months", &months.to_string())])
            })
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-equity.svg"
            testid="equity-stack"
        />
    }
}
