//! The results of a fit: the parameters of every model with their standard
//! errors, and what the customer base is worth.

use super::validation::{ComparisonTable, Diagnostics};
use crate::clv::estimation::fit::Estimate;
use crate::clv::valuation::report::ModelReport;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::TableHead;
use crate::ui::AppState;
use leptos::prelude::*;

/// Formats a parameter value with four significant digits.
pub(super) fn param(v: f64, lang: crate::i18n::Lang) -> String {
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
pub(super) fn ReportView(
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
pub(super) fn ParameterTable(
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
                    <TableHead columns=&[
                        |t| t.col_parameter,
                        |t| t.col_estimate,
                        |t| t.col_std_error,
                        |t| t.col_interval,
                    ] />
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
