//! Goal-seek: which change in one lever reaches a typed total or a
//! customer-equity goal.

use super::PreparedMemo;
use crate::clv::data::number::parse_decimal;
use crate::clv::equity::customer_equity::{EquityLever, EquityPart, GoalSeek};
use crate::clv::equity::prepared::{seekable_goals, SeekTarget};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// Which change in one lever reaches a target.
#[component]
pub(super) fn GoalSeekCard(
    /// The prepared view (its equity model).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = RwSignal::new(String::new());
    let lever = RwSignal::new(EquityLever::Retention);
    // A goal chosen instead of a number: its id.
    let goal = RwSignal::new(None::<u32>);
    let result = RwSignal::new(None::<Result<(GoalSeek, EquityPart), ()>>);
    let run = move |_| {
        let base = state.levers.get_untracked();
        let chosen = goal.get_untracked().and_then(|id| {
            state
                .settings
                .with_untracked(|s| s.goals.get(id).map(|g| (g.baseline, g.target)))
        });
        let typed = parse_decimal(&target.get_untracked());
        let lever = lever.get_untracked();
        let target = SeekTarget::choose(chosen, typed);
        let outcome = prepared.with_untracked(|p| {
            let p = p.as_ref()?;
            Some(
                target
                    .map(|target| p.0.seek(&base, lever, target))
                    .ok_or(()),
            )
        });
        result.set(outcome);
    };
    let t = move || state.t();
    view! {
        <section class="card" data-testid="equity-goal-seek">
            <h2>{move || t().equity_goal_seek}</h2>
            <p class="help">{move || t().equity_goal_seek_intro}</p>
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run(());
                }
            >
                <label>
                    <span>{move || t().equity_goal_seek_target}</span>
                    <input
                        type="number"
                        step="any"
                        data-testid="goal-seek-target"
                        prop:value=move || target.get()
                        on:input=move |ev| {
                            target.set(event_target_value(&ev));
                            goal.set(None);
                        }
                    />
                </label>
                <SeekGoalSelect goal=goal />
                <label>
                    <span>{move || t().equity_goal_seek_lever}</span>
                    <select
                        data-testid="goal-seek-lever"
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            if let Some(l) = EquityLever::ALL.into_iter().find(|l| l.key() == key) {
                                lever.set(l)
                            }
                        }
                    >
                        {EquityLever::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l
                                        .key()>{move || state.lang().equity_lever_name(l)}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="small primary" data-testid="goal-seek-run">
                    {move || t().equity_goal_seek_run}
                </button>
            </form>
            {move || {
                goal.get().map(|_| view! { <p class="help">{t().equity_goal_seek_goal_help}</p> })
            }}
            <SeekResult result=result lever=lever />
        </section>
    }
}

/// A customer-equity goal to seek instead of a typed total (when there is one).
#[component]
fn SeekGoalSelect(goal: RwSignal<Option<u32>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    move || {
        let goals: Vec<(String, u32)> = state.settings.with(|s| {
            seekable_goals(&s.goals.goals)
                .map(|g| (g.name.clone(), g.id))
                .collect()
        });
        (!goals.is_empty()).then(|| {
            view! {
                <label>
                    <span>{t().equity_goal_seek_from_goal}</span>
                    <select
                        data-testid="goal-seek-goal"
                        on:change=move |ev| {
                            goal.set(event_target_value(&ev).parse::<u32>().ok())
                        }
                    >
                        <option value="">"–"</option>
                        {goals
                            .into_iter()
                            .map(|(n, id)| {
                                view! {
                                    <option
                                        value=id.to_string()
                                        selected=move || goal.get() == Some(id)
                                    >
                                        {n}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// The lever change that reaches the target, with a button to apply it; or
/// the range the lever can reach.
#[component]
fn SeekResult(
    result: RwSignal<Option<Result<(GoalSeek, EquityPart), ()>>>,
    lever: RwSignal<EquityLever>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p data-testid="goal-seek-result" role="status">
            {move || {
                let lang = state.lang();
                let t = state.t();
                let currency = state.currency();
                match result.get() {
                    None => view! { <span></span> }.into_any(),
                    Some(Err(())) => {
                        view! { <span class="field-error">{t.equity_goal_seek_invalid}</span> }
                            .into_any()
                    }
                    Some(Ok((GoalSeek::Reached { value, equity }, part))) => {
                        let l = lever.get_untracked();
                        let text = match part {
                            EquityPart::Total => t.equity_goal_seek_reached,
                            EquityPart::Current => t.equity_goal_seek_reached_current,
                        };
                        view! {
                            <span>
                                {fill(
                                    text,
                                    &[
                                        ("lever", lang.equity_lever_name(l)),
                                        ("value", &format::signed_percent(value, lang)),
                                        ("equity", &format::money(equity, &currency, lang)),
                                    ],
                                )}
                            </span>
                            " "
                            <button
                                type="button"
                                class="small"
                                data-testid="goal-seek-apply"
                                on:click=move |_| {
                                    state.levers.update(|levers| levers.set(l, value))
                                }
                            >
                                {t.equity_goal_seek_apply}
                            </button>
                        }
                            .into_any()
                    }
                    Some(Ok((GoalSeek::NotReachable { lowest, highest }, _))) => {
                        view! {
                            <span class="field-error">
                                {fill(
                                    t.equity_goal_seek_unreachable,
                                    &[
                                        ("lowest", &format::money(lowest, &currency, lang)),
                                        ("highest", &format::money(highest, &currency, lang)),
                                    ],
                                )}
                            </span>
                        }
                            .into_any()
                    }
                }
            }}
        </p>
    }
}
