//! The equity settings: horizon, acquisition cost and projection method,
//! with the projection's preview and error.

use super::PreparedMemo;
use crate::clv::data::number::parse_decimal;
use crate::clv::equity::acquisition::AcquisitionMethod;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::Field;
use crate::ui::AppState;
use leptos::prelude::*;

/// Horizons offered, in months.
const HORIZONS: [u32; 4] = [12, 24, 36, 60];

/// Horizon, acquisition cost and projection method.
#[component]
pub(super) fn EquitySettingsCard(
    /// The prepared view (for the projection's preview and error).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let horizons = HORIZONS
        .into_iter()
        .map(|m| {
            let selected = move || state.settings.with(|s| s.equity.horizon_months == m);
            view! {
                <option value=m.to_string() selected=selected>
                    {m}
                </option>
            }
        })
        .collect_view();
    let manual = move || match state.settings.with(|s| s.equity.acquisition) {
        AcquisitionMethod::Manual { per_month } => Some(view! {
            <div class="field">
                <label for="equity-manual">{t().equity_manual_per_month}</label>
                <NonNegativeInput
                    id="equity-manual"
                    value=Signal::stored(per_month)
                    set=|s, v| {
                        s.equity.acquisition = AcquisitionMethod::Manual {
                            per_month: v,
                        };
                    }
                />
            </div>
        }),
        _ => None,
    };
    view! {
        <section class="card">
            <h2>{move || t().equity_settings}</h2>
            <div class="form-grid">
                <Field id="equity-horizon" label=|t| t.equity_horizon>
                    <select
                        id="equity-horizon"
                        data-testid="equity-horizon"
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                state.settings.update(|s| s.equity.horizon_months = v);
                            }
                        }
                    >
                        {horizons}
                    </select>
                </Field>
                <Field id="equity-cac" label=|t| t.equity_cac>
                    <NonNegativeInput
                        id="equity-cac"
                        value=Signal::derive(move || {
                            state.settings.with(|s| s.equity.acquisition_cost)
                        })
                        set=|s, v| s.equity.acquisition_cost = v
                    />
                </Field>
                <MethodSelect prepared=prepared />
                {manual}
            </div>
            <AcquisitionNotes prepared=prepared />
        </section>
    }
}

/// A number field of the settings that takes finite values from 0 up.
#[component]
fn NonNegativeInput(
    /// The input's id and test id.
    id: &'static str,
    value: Signal<f64>,
    set: fn(&mut crate::workspace::Settings, f64),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <input
            id=id
            type="number"
            min="0"
            step="any"
            data-testid=id
            prop:value=move || value.get().to_string()
            on:change=move |ev| {
                if let Some(v) = parse_decimal(&event_target_value(&ev)) {
                    if v >= 0.0 {
                        state.settings.update(|s| set(s, v));
                    }
                }
            }
        />
    }
}

/// How new customers are projected; "by hand" starts from the projection's next month.
#[component]
fn MethodSelect(prepared: PreparedMemo) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || state.settings.with(|s| s.equity.acquisition.key());
    let on_change = move |ev| {
        let next_month = prepared
            .with_untracked(|p| p.as_ref().and_then(|p| p.0.next_month_acquisitions()))
            .unwrap_or(0.0);
        let method = AcquisitionMethod::from_key(&event_target_value(&ev), next_month);
        state.settings.update(|s| s.equity.acquisition = method);
    };
    let option = move |key: &'static str, label: fn(&crate::i18n::Texts) -> &'static str| {
        view! {
            <option value=key selected=move || current() == key>
                {move || label(state.t())}
            </option>
        }
    };
    view! {
        <Field id="equity-method" label=|t| t.equity_method wide=true>
            <select id="equity-method" data-testid="equity-method" on:change=on_change>
                {option("recent", |t| t.equity_method_recent)}
                {option("trend", |t| t.equity_method_trend)}
                {option("logistic", |t| t.equity_method_logistic)}
                {option("manual", |t| t.equity_method_manual)}
            </select>
        </Field>
    }
}

/// The projection's next month against the recent average, the discount and
/// margin in use, and why a projection failed.
#[component]
fn AcquisitionNotes(prepared: PreparedMemo) -> impl IntoView {
    let state = expect_context::<AppState>();
    let preview = move || {
        let lang = state.lang();
        let preview = prepared.with(|p| p.as_ref()?.0.acquisition_preview())?;
        let next = format::number(preview.next, 1, lang);
        let recent = format::number(preview.recent_average, 1, lang);
        Some(fill(
            state.t().equity_method_preview,
            &[("next", &next), ("recent", &recent)],
        ))
    };
    let discount_margin = move || {
        let lang = state.lang();
        let (discount, margin) = state.settings.with(|s| {
            (
                format::percent(s.model.discount_percent / 100.0, 1, lang),
                format::percent(s.model.margin_percent / 100.0, 0, lang),
            )
        });
        fill(
            state.t().equity_discount_margin,
            &[("discount", &discount), ("margin", &margin)],
        )
    };
    let error = move || {
        prepared
            .with(|p| {
                p.as_ref()
                    .and_then(|p| p.0.forecast.as_ref().err().map(ToString::to_string))
            })
            .map(|e| {
                view! {
                    <p class="field-error" role="alert" data-testid="equity-acquisition-error">
                        {fill(state.t().equity_acquisition_error, &[("reason", &e)])}
                    </p>
                }
            })
    };
    view! {
        <p class="help" data-testid="equity-method-preview">
            {preview}
        </p>
        <p class="help">{discount_margin}</p>
        {error}
    }
}
