//! The model choices (purchase and spend model, horizon, discount, margin,
//! holdout) and the fit button with the fit's status.

use crate::clv::data::number::parse_decimal;
use crate::clv::models::PurchaseModelKind;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{Field, Label};
use crate::ui::AppState;
use crate::workspace::ModelSettings;
use leptos::prelude::*;

/// The model choices and the fit button.
#[component]
pub(super) fn ModelSettingsCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let settings = move || state.settings.with(|s| s.model.clone());
    view! {
        <section class="card" aria-labelledby="model-settings-title">
            <h2 id="model-settings-title">{move || state.t().model_settings}</h2>
            <div class="form-grid">
                <Field id="purchase-model" label=|t| t.model_purchase>
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
                </Field>
                <Field id="spend-model" label=|t| t.model_spend>
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
                </Field>
                {NUMBER_SETTINGS
                    .into_iter()
                    .map(|setting| view! { <SettingNumber setting=setting /> })
                    .collect_view()}
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
                <FitStatus />
            </div>
        </section>
    }
}

/// A number of the model settings, taken when it is within `min..=max`.
#[derive(Clone, Copy)]
struct NumberSetting {
    /// The input's id and test id.
    id: &'static str,
    label: Label,
    get: fn(&ModelSettings) -> f64,
    set: fn(&mut ModelSettings, f64),
    min: f64,
    max: f64,
    /// Only for transactions (a summary brings its own holdout period).
    needs_transactions: bool,
}

/// Horizon, discount, margin and holdout, in this order.
const NUMBER_SETTINGS: [NumberSetting; 4] = [
    NumberSetting {
        id: "horizon-months",
        label: |t| t.horizon_months,
        get: |m| m.horizon_months as f64,
        set: |m, v| m.horizon_months = v.round() as u32,
        min: 1.0,
        max: 120.0,
        needs_transactions: false,
    },
    NumberSetting {
        id: "discount-percent",
        label: |t| t.discount_annual,
        get: |m| m.discount_percent,
        set: |m, v| m.discount_percent = v,
        min: 0.0,
        max: 100.0,
        needs_transactions: false,
    },
    NumberSetting {
        id: "margin-percent",
        label: |t| t.margin_percent,
        get: |m| m.margin_percent,
        set: |m, v| m.margin_percent = v,
        min: 0.0,
        max: 100.0,
        needs_transactions: false,
    },
    NumberSetting {
        id: "holdout-months",
        label: |t| t.holdout_months,
        get: |m| m.holdout_months as f64,
        set: |m, v| m.holdout_months = v.round() as u32,
        min: 0.0,
        max: 36.0,
        needs_transactions: true,
    },
];

/// One of the [`NUMBER_SETTINGS`].
#[component]
fn SettingNumber(setting: NumberSetting) -> impl IntoView {
    let NumberSetting {
        id,
        label,
        get,
        set,
        min,
        max,
        needs_transactions,
    } = setting;
    let state = expect_context::<AppState>();
    view! {
        <Field id=id label=label>
            <input
                id=id
                type="number"
                min=min
                max=max
                step="any"
                data-testid=id
                disabled=move || needs_transactions && !state.has_transactions.get()
                prop:value=move || state.settings.with(|s| get(&s.model)).to_string()
                on:change=move |ev| {
                    if let Some(v) = parse_decimal(&event_target_value(&ev)) {
                        if (min..=max).contains(&v) {
                            state.settings.update(|s| set(&mut s.model, v));
                        }
                    }
                }
            />
        </Field>
    }
}

/// Whether a fit is running, stale, or how long the last one took.
#[component]
fn FitStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
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
    }
}
