//! The waterfall of lever contributions from today's equity to the levers'.

use super::PreparedMemo;
use crate::charts::{waterfall_svg, WaterfallData, WaterfallLabels, WaterfallStep};
use crate::clv::equity::customer_equity::waterfall;
use crate::format;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use leptos::prelude::*;

/// The waterfall of lever contributions.
#[component]
pub(super) fn WaterfallChart(
    /// The prepared view (its equity model).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        let levers = state.levers.get();
        prepared.with(|p| {
            let Some(p) = p else {
                return (String::new(), ChartTable::default());
            };
            let (start, steps, end) = waterfall(&p.0.model, &levers);
            let value = |v: f64| format::money(v, &currency, lang);
            let data = WaterfallData {
                start_label: t.equity_waterfall_today.into(),
                start,
                steps: steps
                    .iter()
                    .map(|s| WaterfallStep {
                        label: lang.equity_lever_name(s.lever).into(),
                        delta: s.change,
                    })
                    .collect(),
                end_label: t.equity_waterfall_scenario.into(),
                end,
            };
            let svg = waterfall_svg(&data, &WaterfallLabels { value: &value }).unwrap_or_default();
            let mut rows = vec![vec![t.equity_waterfall_today.to_owned(), value(start)]];
            rows.extend(steps.iter().map(|s| {
                vec![
                    lang.equity_lever_name(s.lever).to_owned(),
                    format::signed_money(s.change, &currency, lang),
                ]
            }));
            rows.push(vec![t.equity_waterfall_scenario.to_owned(), value(end)]);
            (
                svg,
                ChartTable {
                    headers: vec![t.equity_col_levers.into(), t.equity_col_change.into()],
                    rows,
                },
            )
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_waterfall.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || state.t().equity_chart_waterfall_alt.to_owned())
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-equity-waterfall.svg"
            testid="equity-waterfall"
        />
        <p class="help waterfall-help">{move || state.t().equity_waterfall_help}</p>
    }
}
