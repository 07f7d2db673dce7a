//! Every status value found in the file, with what it does to its orders.

use super::{select_options, Draft};
use crate::clv::data::orders::{StatusEffect, StatusRule};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// Every status value found, with what it does to its orders.
#[component]
pub(super) fn Statuses(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    let set_effect = move |value: String, effect: StatusEffect| {
        draft.choices.update(|c| {
            c.statuses.retain(|r| r.value != value);
            c.statuses.push(StatusRule { value, effect });
        })
    };
    move || {
        let (t, lang) = (state.t(), state.lang());
        let statuses = draft
            .preview
            .with(|p| p.as_ref().map(|p| p.plan.statuses.clone()))?;
        (!statuses.is_empty()).then(|| {
            let rows = statuses
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let label = fill(
                        t.mapping_status_orders,
                        &[
                            ("status", &s.value),
                            ("orders", &format::count(s.orders, lang)),
                        ],
                    );
                    let value = s.value.clone();
                    view! {
                        <label>
                            <span>{label}</span>
                            <select
                                data-testid=format!("mapping-status-{i}")
                                on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    if let Some(e) = StatusEffect::ALL
                                        .into_iter()
                                        .find(|e| e.key() == key)
                                    {
                                        set_effect(value.clone(), e);
                                    }
                                }
                            >
                                {select_options(
                                    StatusEffect::ALL,
                                    s.effect,
                                    |e| e.key().to_string(),
                                    |e| lang.status_effect_name(e).to_string(),
                                )}
                            </select>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="statuses" data-testid="mapping-statuses">
                    <legend>{t.mapping_statuses}</legend>
                    <div class="inline-form">{rows}</div>
                </fieldset>
            }
        })
    }
}
