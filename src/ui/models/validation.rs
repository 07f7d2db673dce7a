//! How the models compare on the holdout period, and whether they fit.

use crate::charts::{comparison_bars_svg, comparison_lines_svg, ComparisonLabels};
use crate::clv::valuation::report::{Diagnostics, ModelReport};
use crate::clv::valuation::validation::{Comparison, POOLED_FROM};
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{ChartCard, ChartTable, NeedsTransactions, TableHead};
use crate::ui::AppState;
use leptos::prelude::*;

/// Log-likelihood, AIC and holdout errors of every purchase model.
#[component]
pub(super) fn ComparisonTable(
    /// The report holding the comparison.
    report: StoredValue<ModelReport>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let lang = state.lang();
        let t = state.t();
        report.with_value(|r| {
            r.comparison
                .iter()
                .map(|c| {
                    let (ll, aic) = match &c.fit {
                        Ok(e) => (
                            format::number(e.log_likelihood, 1, lang),
                            format::number(e.aic(), 1, lang),
                        ),
                        Err(e) => (lang.fit_error(e), String::new()),
                    };
                    let (mae, rmse, totals) = match &c.holdout {
                        Some(h) => (
                            format::number(h.mean_absolute_error, 3, lang),
                            format::number(h.root_mean_squared_error, 3, lang),
                            format!(
                                "{} / {}",
                                format::number(h.actual_total, 0, lang),
                                format::number(h.predicted_total, 0, lang)
                            ),
                        ),
                        None => ("–".into(), "–".into(), "–".into()),
                    };
                    let chosen = c.model == r.request.model;
                    view! {
                        <tr class:chosen=chosen>
                            <th scope="row">
                                {c.model.label()}
                                {chosen.then(|| view! { <span class="badge">{t.chosen}</span> })}
                            </th>
                            <td class="num">{ll}</td>
                            <td class="num">{aic}</td>
                            <td class="num">{mae}</td>
                            <td class="num">{rmse}</td>
                            <td class="num">{totals}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let help = move || {
        let holdout_end = state
            .data
            .with(|d| d.data.summaries().and_then(|s| s.holdout_end()));
        match holdout_end {
            Some(end) => fill(
                state.t().comparison_help_summary,
                &[("date", &format::date(end, state.lang()))],
            ),
            None => {
                let months = report.with_value(|r| r.request.holdout_months).to_string();
                fill(state.t().comparison_help, &[("months", &months)])
            }
        }
    };
    view! {
        <section class="card">
            <h2>{move || state.t().comparison_title}</h2>
            <div class="table-wrap">
                <table data-testid="model-comparison">
                    <TableHead columns=&[
                        |t| t.col_model,
                        |t| t.log_likelihood,
                        |_| "AIC",
                        |t| t.col_mae,
                        |t| t.col_rmse,
                        |t| t.col_holdout_totals,
                    ] />
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="help">{help}</p>
        </section>
    }
}

fn group_labels() -> Vec<String> {
    (0..=POOLED_FROM)
        .map(|x| {
            if x == POOLED_FROM {
                format!("{x}+")
            } else {
                x.to_string()
            }
        })
        .collect()
}

fn comparison_table(
    rows: &[Comparison],
    headers: [&str; 3],
    first: impl Fn(&Comparison) -> String,
    value: impl Fn(f64) -> String,
) -> ChartTable {
    ChartTable {
        headers: headers.map(str::to_owned).to_vec(),
        rows: rows
            .iter()
            .map(|c| vec![first(c), value(c.actual), value(c.predicted)])
            .collect(),
    }
}

/// The three diagnostic charts.
#[component]
pub(super) fn Diagnostics(
    /// The report holding the diagnostics.
    report: StoredValue<ModelReport>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let model_label = move || report.with_value(|r| r.request.model.label());
    let unit_name = move || {
        let unit = report.with_value(|r| r.request.unit);
        state.lang().time_unit_in_text(unit)
    };
    let groups = group_labels();
    let group_name = move |c: &Comparison| group_labels()[c.at as usize].clone();
    // The numbers of a comparison by number of repeat purchases, as a table.
    let table_of = move |rows: fn(&Diagnostics) -> &[Comparison], decimals: usize| {
        Signal::derive(move || {
            let t = state.t();
            let lang = state.lang();
            report.with_value(|r| {
                comparison_table(
                    rows(&r.diagnostics),
                    [t.axis_repeat_purchases, t.legend_actual, model_label()],
                    group_name,
                    |v| format::number(v, decimals, lang),
                )
            })
        })
    };

    let histogram_svg = Signal::derive(move || {
        let t = state.t();
        let labels = ComparisonLabels {
            actual: t.legend_actual,
            model: model_label(),
            x_axis: t.axis_repeat_purchases,
            y_axis: t.axis_customers,
            groups: Some(groups.clone()),
        };
        report.with_value(|r| {
            comparison_bars_svg(&r.diagnostics.frequency_histogram, &labels).unwrap_or_default()
        })
    });
    let histogram_table = table_of(|d| &d.frequency_histogram, 1);

    let has_holdout = move || report.with_value(|r| r.diagnostics.calibration_end.is_some());
    let conditional_svg = Signal::derive(move || {
        let t = state.t();
        let labels = ComparisonLabels {
            actual: t.legend_actual,
            model: model_label(),
            x_axis: t.axis_repeat_purchases,
            y_axis: t.axis_holdout_purchases,
            groups: None,
        };
        report.with_value(|r| {
            comparison_lines_svg(&r.diagnostics.conditional_expectations, &labels, None)
                .unwrap_or_default()
        })
    });
    let conditional_table = table_of(|d| &d.conditional_expectations, 2);
    let tracking_svg = Signal::derive(move || {
        let t = state.t();
        let axis = fill(t.axis_time, &[("unit", unit_name())]);
        let labels = ComparisonLabels {
            actual: t.legend_actual,
            model: model_label(),
            x_axis: &axis,
            y_axis: t.axis_cumulative,
            groups: None,
        };
        report.with_value(|r| {
            let marker = r
                .diagnostics
                .calibration_at
                .map(|at| (at, t.marker_calibration_end));
            comparison_lines_svg(&r.diagnostics.tracking, &labels, marker).unwrap_or_default()
        })
    });
    let tracking_table = Signal::derive(move || {
        let t = state.t();
        let lang = state.lang();
        let axis = fill(t.axis_time, &[("unit", unit_name())]);
        report.with_value(|r| {
            comparison_table(
                &r.diagnostics.tracking,
                [&axis, t.legend_actual, model_label()],
                |c| format::number(c.at, 0, lang),
                |v| format::number(v, 0, lang),
            )
        })
    });
    let alt = move |title: fn(&crate::i18n::Texts) -> &'static str| {
        Signal::derive(move || title(state.t()).to_owned())
    };
    view! {
        <div class="chart-grid">
            <ChartCard
                title=alt(|t| t.chart_histogram_title)
                svg=histogram_svg
                alt=alt(|t| t.chart_histogram_title)
                table=histogram_table
                file_name="kundenwert-repeat-purchases.svg"
                testid="chart-histogram"
            />
            <Show
                when=has_holdout
                fallback=move || {
                    view! {
                        <div class="notice">
                            <p>
                                {if state.has_transactions.get() {
                                    state.t().no_holdout
                                } else {
                                    state.t().no_holdout_summary
                                }}
                            </p>
                        </div>
                    }
                }
            >
                <ChartCard
                    title=alt(|t| t.chart_conditional_title)
                    svg=conditional_svg
                    alt=alt(|t| t.chart_conditional_title)
                    table=conditional_table
                    file_name="kundenwert-holdout-by-frequency.svg"
                    testid="chart-conditional"
                />
                <NeedsTransactions notice=|t| t.needs_transactions_tracking>
                    <ChartCard
                        title=alt(|t| t.chart_tracking_title)
                        svg=tracking_svg
                        alt=alt(|t| t.chart_tracking_title)
                        table=tracking_table
                        file_name="kundenwert-tracking.svg"
                        testid="chart-tracking"
                    />
                </NeedsTransactions>
            </Show>
        </div>
    }
}
