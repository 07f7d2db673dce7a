//! Intermediate targets of the goal in the form.

use super::{input_number, parse_number};
use crate::clv::goals::{Goal, Milestone};
use crate::format;
use crate::ui::widgets::{labelled_input, InputKind};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Intermediate targets of the goal in the form.
#[component]
pub(super) fn MilestonesEditor(
    /// The goal being edited.
    goal: RwSignal<Goal>,
    /// Input scale of the KPI (100 for shares entered in percent).
    scale: Signal<f64>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let date = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let add = move |_| {
        let (Ok(d), v) = (
            date.get_untracked().parse::<NaiveDate>(),
            parse_number(&value.get_untracked()),
        ) else {
            return;
        };
        if v.is_finite() {
            // (The scale reads the goal: read it before the update locks the goal.)
            let value_in_unit = v / scale.get_untracked();
            goal.update(|g| {
                g.milestones.push(Milestone {
                    date: d,
                    value: value_in_unit,
                });
                g.milestones.sort_by_key(|m| m.date);
            });
            value.set(String::new());
        }
    };
    view! {
        <fieldset class="milestones">
            <legend>{move || state.t().goal_milestones}</legend>
            <ul class="plain">
                {move || {
                    goal.with(|g| {
                        g.milestones
                            .iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let text = format!(
                                    "{} · {}",
                                    format::date(m.date, state.lang()),
                                    input_number(m.value * scale.get()),
                                );
                                view! {
                                    <li>
                                        {text}" "
                                        <button
                                            type="button"
                                            class="link"
                                            on:click=move |_| {
                                                goal.update(|g| {
                                                    g.milestones.remove(i);
                                                })
                                            }
                                        >
                                            {state.t().goal_remove}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
            </ul>
            <div class="inline-form">
                {labelled_input(|t| t.goal_date, date, InputKind::Date, "milestone-date")}
                {labelled_input(|t| t.goal_value, value, InputKind::Decimal, "milestone-value")}
                <button type="button" class="small" data-testid="milestone-add" on:click=add>
                    {move || state.t().goal_milestone_add}
                </button>
            </div>
        </fieldset>
    }
}
