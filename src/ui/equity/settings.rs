//! The equity settings: horizon, acquisition cost and projection method,
//! with the projection's preview and error.

use super::PreparedMemo;
use crate::clv::equity::acquisition::AcquisitionMethod;
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// Horizon, acquisition cost and projection method.
#[component]
pub(super) fn EquitySettingsCard(
    /// The prepared view (for the projection's preview and error).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let method_key = move || {
        state.settings.with(|s| match s.equity.acquisition {
            AcquisitionMethod::RecentAverage { .. } => "recent",
            AcquisitionMethod::LinearTrend => "trend",
            AcquisitionMethod::Logistic => "logistic",
            AcquisitionMethod::Manual { .. } => "manual",
        })
    };
    let discount_margin = move || {
        let lang = state.lang();
        state.settings.with(|s| {
            fill(
                state.t().equity_discount_margin,
                &[
                    (
                        "discount",
                        &format::percent(s.model.discount_percent / 100.0, 1, lang),
                    ),
                    (
                        "margin",
                        &format::percent(s.model.margin_percent / 100.0, 0, lang),
                    ),
                ],
            )
        })
    };
    view! {
        <section class="card">
            <h2>{move || t().equity_settings}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="equity-horizon">{move || t().equity_horizon}</label>
                    <select
                        id="equity-horizon"
                        data-testid="equity-horizon"
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                state.settings.update(|s| s.equity.horizon_months = v);
                            }
                        }
                    >
                        {[12u32, 24, 36, 60]
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option
                                        value=m.to_string()
                                        selected=move || {
                                            state.settings.with(|s| s.equity.horizon_months == m)
                                        }
                                    >
                                        {m}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="equity-cac">{move || t().equity_cac}</label>
                    <input
                        id="equity-cac"
                        type="number"
                        min="0"
                        step="any"
                        data-testid="equity-cac"
                        prop:value=move || {
                            state.settings.with(|s| s.equity.acquisition_cost.to_string())
                        }
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev)
                                .trim()
                                .replace(',', ".")
                                .parse::<f64>()
                            {
                                if v.is_finite() && v >= 0.0 {
                                    state.settings.update(|s| s.equity.acquisition_cost = v);
                                }
                            }
                        }
                    />
                </div>
                <div class="field wide">
                    <label for="equity-method">{move || t().equity_method}</label>
                    <select
                        id="equity-method"
                        data-testid="equity-method"
                        on:change=move |ev| {
                            let method = match event_target_value(&ev).as_str() {
                                "trend" => AcquisitionMethod::LinearTrend,
                                "logistic" => AcquisitionMethod::Logistic,
                                "manual" => {
                                    let current = prepared
                                        .with_untracked(|p| {
                                            p.as_ref().and_then(|p| p.0.next_month_acquisitions())
                                        })
                                        .unwrap_or(0.0);
                                    AcquisitionMethod::Manual {
                                        per_month: current.round(),
                                    }
                                }
                                _ => {
                                    AcquisitionMethod::RecentAverage {
                                        months: 6,
                                    }
                                }
                            };
                            state.settings.update(|s| s.equity.acquisition = method);
                        }
                    >
                        <option value="recent" selected=move || method_key() == "recent">
                            {move || t().equity_method_recent}
                        </option>
                        <option value="trend" selected=move || method_key() == "trend">
                            {move || t().equity_method_trend}
                        </option>
                        <option value="logistic" selected=move || method_key() == "logistic">
                            {move || t().equity_method_logistic}
                        </option>
                        <option value="manual" selected=move || method_key() == "manual">
                            {move || t().equity_method_manual}
                        </option>
                    </select>
                </div>
                {move || match state.settings.with(|s| s.equity.acquisition) {
                    AcquisitionMethod::Manual { per_month } => {
                        Some(
                            view! {
                                <div class="field">
                                    <label for="equity-manual">{t().equity_manual_per_month}</label>
                                    <input
                                        id="equity-manual"
                                        type="number"
                                        min="0"
                                        step="any"
                                        data-testid="equity-manual"
                                        prop:value=per_month.to_string()
                                        on:change=move |ev| {
                                            if let Ok(v) = event_target_value(&ev)
                                                .trim()
                                                .replace(',', ".")
                                                .parse::<f64>()
                                            {
                                                if v.is_finite() && v >= 0.0 {
                                                    state
                                                        .settings
                                                        .update(|s| {
                                                            s.equity.acquisition = AcquisitionMethod::Manual {
                                                                per_month: v,
                                                            };
                                                        });
                                                }
                                            }
                                        }
                                    />
                                </div>
                            },
                        )
                    }
                    _ => None,
                }}
            </div>
            <p class="help" data-testid="equity-method-preview">
                {move || {
                    let lang = state.lang();
                    let preview = prepared.with(|p| p.as_ref()?.0.acquisition_preview())?;
                    Some(
                        fill(
                            state.t().equity_method_preview,
                            &[
                                ("next", &format::number(preview.next, 1, lang)),
                                ("recent", &format::number(preview.recent_average, 1, lang)),
                            ],
                        ),
                    )
                }}
            </p>
            <p class="help">{discount_margin}</p>
            {move || {
                prepared
                    .with(|p| {
                        p.as_ref()
                            .and_then(|p| p.0.forecast.as_ref().err().map(ToString::to_string))
                    })
                    .map(|e| {
                        view! {
                            <p
                                class="field-error"
                                role="alert"
                                data-testid="equity-acquisition-error"
                            >
                                {fill(state.t().equity_acquisition_error, &[("reason", &e)])}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
