//! The lever sliders: relative changes from today, in their own signal
//! (`state.levers`) so that a move never touches the saved settings' memo.

use crate::clv::equity::customer_equity::{EquityLever, Levers};
use crate::format;
use crate::ui::widgets::Info;
use crate::ui::AppState;
use leptos::prelude::*;

/// Lever sliders.
#[component]
pub(super) fn LeversCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let set = move |lever: EquityLever, value: f64| {
        state.levers.update(|l| l.set(lever, value));
    };
    view! {
        <section class="card levers" data-testid="equity-levers">
            <div class="card-head">
                <h2>{move || state.t().equity_levers}</h2>
                <button
                    type="button"
                    class="small"
                    data-testid="levers-reset"
                    on:click=move |_| state.levers.set(Levers::default())
                >
                    {move || state.t().equity_levers_reset}
                </button>
            </div>
            <p class="help">{move || state.t().equity_levers_intro}</p>
            {EquityLever::ALL
                .into_iter()
                .map(|lever| {
                    let (lo, hi) = lever.bounds();
                    let value = move || state.levers.with(|l| l.get(lever));
                    let id = format!("lever-{}", lever.key());
                    view! {
                        <div class="lever">
                            <label for=id.clone()>
                                <span>
                                    {move || state.lang().equity_lever_name(lever)}" "
                                    <Info text=Signal::derive(move || {
                                        state.lang().equity_lever_help(lever).to_owned()
                                    }) />
                                </span>
                                <output data-testid=format!(
                                    "{id}-value",
                                )>{move || format::signed_percent(value(), state.lang())}</output>
                            </label>
                            <input
                                id=id.clone()
                                type="range"
                                data-testid=id
                                min=(lo * 100.0).to_string()
                                max=(hi * 100.0).to_string()
                                step="1"
                                prop:value=move || format!("{:.0}", value() * 100.0)
                                on:input=move |ev| {
                                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                        set(lever, v / 100.0);
                                    }
                                }
                            />
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}
