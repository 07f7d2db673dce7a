//! The Models page: choose and fit the models, see their parameters, how they
//! compare and whether they fit, and what the customer base is worth.

use super::state::ReportState;
use super::widgets::{ChartCard, ChartTable};
use super::AppState;
use crate::charts::{comparison_bars_svg, comparison_lines_svg, ComparisonLabels};
use crate::clv::fit::Estimate;
use crate::clv::models::PurchaseModelKind;
use crate::clv::report::ModelReport;
use crate::clv::validation::{Comparison, POOLED_FROM};
use crate::format;
use crate::i18n::fill;
use leptos::prelude::*;

/// Settings, the fit button, and the results of the last fit.
#[component]
pub fn ModelsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A first visit fits at once, so the page is never empty.
    Effect::new(move |_| {
        if state.report.with_untracked(Option::is_none) && !state.fitting.get_untracked() {
            state.fit_models();
        }
    });
    let intro = move || {
        let end = state.observation_end_text();
        fill(state.t().models_intro, &[("end", &end)])
    };
    view! {
        <h1>{move || state.t().models_title}</h1>
        <p class="lead">{intro}</p>
        <ModelSettingsCard />
        {move || match state.report.get() {
            None => ().into_any(),
            Some(ReportState { result: Err(e), .. }) => {
                view! {
                    <div class="notice notice-error" role="alert" data-testid="fit-error">
                        <p>
                            {fill(state.t().fit_failed, &[("reason", &state.lang().fit_error(&e))])}
                        </p>
                    </div>
                }
                    .into_any()
            }
            Some(ReportState { result: Ok(report), .. }) => {
                view! { <ReportView report=report /> }.into_any()
            }
        }}
    }
}

/// The model choices and the fit button.
#[component]
fn ModelSettingsCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let settings = move || state.settings.with(|s| s.model.clone());
    let number_field = move |id: &'static str,
                             label: fn(&crate::i18n::Texts) -> &'static str,
                             get: fn(&crate::workspace::ModelSettings) -> f64,
                             set: fn(&mut crate::workspace::ModelSettings, f64),
                             min: f64,
                             max: f64| {
        view! {
            <div class="field">
                <label for=id>{move || label(state.t())}</label>
                <input
                    id=id
                    type="number"
                    min=min
                    max=max
                    step="any"
                    data-testid=id
                    prop:value=move || get(&settings()).to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev)
                            .trim()
                            .replace(',', ".")
                            .parse::<f64>()
                        {
                            if v.is_finite() && (min..=max).contains(&v) {
                                state.settings.update(|s| set(&mut s.model, v));
                            }
                        }
                    }
                />
            </div>
        }
    };
    let status = move || {
        let t = state.t();
        if state.fitting.get() {
            return view! {
                <span class="fit-status" role="status" data-testid="fit-status">
                    {t.fitting}
                </span>
            }
            .into_any();
        }
        match state.report.get() {
            Some(_) if state.report_is_stale() => view! {
                <span class="fit-status stale" role="status" data-testid="fit-status">
                    {t.fit_stale}
                </span>
            }
            .into_any(),
            Some(r) => {
                let ms = format::number(r.millis, 0, state.lang());
                view! {
                    <span
                        class="fit-status"
                        role="status"
                        data-testid="fit-status"
                        data-engine=r.engine.key()
                    >
                        {fill(t.fit_took, &[("ms", &ms)])}
                    </span>
                }
                .into_any()
            }
            None => ().into_any(),
        }
    };
    view! {
        <section class="card" aria-labelledby="model-settings-title">
            <h2 id="model-settings-title">{move || state.t().model_settings}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="purchase-model">{move || state.t().model_purchase}</label>
                    <select
                        id="purchase-model"
                        data-testid="purchase-model"
                        on:change=move |ev| {
                            if let Some(kind) = PurchaseModelKind::from_cli_name(
                                &event_target_value(&ev),
                            ) {
                                state.settings.update(|s| s.model.purchase = kind);
                            }
                        }
                    >
                        {PurchaseModelKind::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option
                                        value=k.cli_name()
                                        selected=move || settings().purchase == k
                                    >
                                        {k.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="spend-model">{move || state.t().model_spend}</label>
                    <select
                        id="spend-model"
                        data-testid="spend-model"
                        on:change=move |ev| {
                            let gg = event_target_value(&ev) == "gamma-gamma";
                            state.settings.update(|s| s.model.gamma_gamma = gg);
                        }
                    >
                        <option value="gamma-gamma" selected=move || settings().gamma_gamma>
                            {move || state.t().spend_gamma_gamma}
                        </option>
                        <option value="observed" selected=move || !settings().gamma_gamma>
                            {move || state.t().spend_observed}
                        </option>
                    </select>
                </div>
                {number_field(
                    "horizon-months",
                    |t| t.horizon_months,
                    |m| m.horizon_months as f64,
                    |m, v| m.horizon_months = v.round() as u32,
                    1.0,
                    120.0,
                )}
                {number_field(
                    "discount-percent",
                    |t| t.discount_annual,
                    |m| m.discount_percent,
                    |m, v| m.discount_percent = v,
                    0.0,
                    100.0,
                )}
                {number_field(
                    "margin-percent",
                    |t| t.margin_percent,
                    |m| m.margin_percent,
                    |m, v| m.margin_percent = v,
                    0.0,
                    100.0,
                )}
                {number_field(
                    "holdout-months",
                    |t| t.holdout_months,
                    |m| m.holdout_months as f64,
                    |m, v| m.holdout_months = v.round() as u32,
                    0.0,
                    36.0,
                )}
            </div>
            <p class="help">{move || state.t().margin_help}</p>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="fit-models"
                    disabled=move || state.fitting.get()
                    on:click=move |_| state.fit_models()
                >
                    {move || state.t().fit_button}
                </button>
                {status}
            </div>
        </section>
    }
}

/// Formats a parameter value with four significant digits.
fn param(v: f64, lang: crate::i18n::Lang) -> String {
    let decimals = if v.abs() >= 100.0 {
        1
    } else if v.abs() >= 1.0 {
        3
    } else {
        4
    };
    format::number(v, decimals, lang)
}

/// The results of a fit.
#[component]
fn ReportView(
    /// The fitted report.
    report: ModelReport,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = StoredValue::new(report);
    let lang = move || state.lang();
    let currency = move || state.currency();
    let money = move |v: f64| format::money(v, &currency(), lang());
    let interval = move |low: f64, high: f64| {
        fill(
            state.t().interval_95,
            &[("low", &money(low)), ("high", &money(high))],
        )
    };
    let headline = move || {
        let t = state.t();
        report.with_value(|r| {
            let n = r.scores.len().max(1) as f64;
            let purchases: f64 = r.scores.iter().map(|s| s.expected_purchases).sum();
            let months = r.request.horizon_months.to_string();
            view! {
                <div class="stats">
                    <div class="stat">
                        <span class="stat-label">{t.total_clv}</span>
                        <span class="stat-value" data-testid="total-clv">
                            {money(r.total_clv.estimate)}
                        </span>
                        <span class="stat-detail">
                            {interval(r.total_clv.low, r.total_clv.high)}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">{t.average_clv}</span>
                        <span class="stat-value" data-testid="average-clv">
                            {money(r.total_clv.estimate / n)}
                        </span>
                        <span class="stat-detail">
                            {interval(r.total_clv.low / n, r.total_clv.high / n)}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">{t.new_customer_value}</span>
                        <span class="stat-value" data-testid="new-customer-value">
                            {money(r.new_customer_value)}
                        </span>
                        <span class="stat-detail">{t.new_customer_help}</span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">{t.expected_purchases_total}</span>
                        <span class="stat-value" data-testid="expected-purchases">
                            {format::number(purchases, 0, lang())}
                        </span>
                        <span class="stat-detail">
                            {fill(t.over_horizon, &[("months", &months)])}
                        </span>
                    </div>
                </div>
            }
        })
    };
    view! {
        {headline}
        <div class="two-col even">
            <ParameterTable
                title=report.with_value(|r| r.request.model.label().to_owned())
                estimate=report.with_value(|r| r.purchase.clone())
            />
            {report
                .with_value(|r| r.spend.clone())
                .map(|e| view! { <ParameterTable title="Gamma-Gamma".to_owned() estimate=e /> })}
        </div>
        {move || {
            report
                .with_value(|r| r.spend_error.clone())
                .map(|e| {
                    let reason = state.lang().fit_error(&e);
                    view! {
                        <div class="notice notice-warn" data-testid="spend-error">
                            <p>{fill(state.t().spend_fit_failed, &[("reason", &reason)])}</p>
                        </div>
                    }
                })
        }}
        {move || {
            report
                .with_value(|r| !r.spend_warnings.is_empty())
                .then(|| {
                    view! {
                        <div class="notice notice-warn">
                            <p>{state.t().spend_warning_mean_undefined}</p>
                        </div>
                    }
                })
        }}
        <ComparisonTable report=report />
        <h2 class="section-title">{move || state.t().diagnostics_title}</h2>
        <Diagnostics report=report />
    }
}

/// A model's parameters with standard errors, intervals and log-likelihood.
#[component]
fn ParameterTable(
    /// The model's name.
    title: String,
    /// Its estimate.
    estimate: Estimate,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let testid = format!("params-{}", title.to_lowercase().replace('/', "-"));
    let ll = estimate.log_likelihood;
    let rows = move || {
        let lang = state.lang();
        (0..estimate.params.len())
            .map(|i| {
                let se = estimate
                    .std_errors
                    .as_ref()
                    .map(|s| param(s[i], lang))
                    .unwrap_or_else(|| "–".into());
                let ci = estimate
                    .interval95(i)
                    .map(|(lo, hi)| format!("{} – {}", param(lo, lang), param(hi, lang)))
                    .unwrap_or_else(|| "–".into());
                view! {
                    <tr>
                        <th scope="row">{estimate.names[i].clone()}</th>
                        <td class="num">{param(estimate.params[i], lang)}</td>
                        <td class="num">{se}</td>
                        <td class="num">{ci}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{move || state.t().params_title} ": " {title.clone()}</h2>
            <div class="table-wrap">
                <table data-testid=testid>
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().col_parameter}</th>
                            <th scope="col" class="num">
                                {move || state.t().col_estimate}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_std_error}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_interval}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="help">
                {move || state.t().log_likelihood} ": "
                {move || format::number(ll, 2, state.lang())}
            </p>
        </section>
    }
}

/// Log-likelihood, AIC and holdout errors of every purchase model.
#[component]
fn ComparisonTable(
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
        let months = report.with_value(|r| r.request.holdout_months).to_string();
        fill(state.t().comparison_help, &[("months", &months)])
    };
    view! {
        <section class="card">
            <h2>{move || state.t().comparison_title}</h2>
            <div class="table-wrap">
                <table data-testid="model-comparison">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().col_model}</th>
                            <th scope="col" class="num">
                                {move || state.t().log_likelihood}
                            </th>
                            <th scope="col" class="num">
                                "AIC"
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_mae}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_rmse}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_holdout_totals}
                            </th>
                        </tr>
                    </thead>
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
fn Diagnostics(
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
    let histogram_table = Signal::derive(move || {
        let t = state.t();
        let lang = state.lang();
        report.with_value(|r| {
            comparison_table(
                &r.diagnostics.frequency_histogram,
                [t.axis_repeat_purchases, t.legend_actual, model_label()],
                group_name,
                |v| format::number(v, 1, lang),
            )
        })
    });

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
    let conditional_table = Signal::derive(move || {
        let t = state.t();
        let lang = state.lang();
        report.with_value(|r| {
            comparison_table(
                &r.diagnostics.conditional_expectations,
                [t.axis_repeat_purchases, t.legend_actual, model_label()],
                group_name,
                |v| format::number(v, 2, lang),
            )
        })
    });
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
                            <p>{state.t().no_holdout}</p>
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
                <ChartCard
                    title=alt(|t| t.chart_tracking_title)
                    svg=tracking_svg
                    alt=alt(|t| t.chart_tracking_title)
                    table=tracking_table
                    file_name="kundenwert-tracking.svg"
                    testid="chart-tracking"
                />
            </Show>
        </div>
    }
}
