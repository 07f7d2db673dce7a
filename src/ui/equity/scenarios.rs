//! Named scenarios: saved lever sets compared with today, applied, deleted
//! or turned into a customer-equity goal.

use super::{EquityMemo, PreparedMemo};
use crate::clv::equity::customer_equity::{Equity, Scenario};
use crate::clv::equity::prepared::EquityFigures;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{labelled_input, FieldError, InlineForm, InputKind, TableHead};
use crate::ui::AppState;
use leptos::prelude::*;

/// Named scenarios, compared side by side.
#[component]
pub(super) fn ScenariosCard(
    /// The prepared view (evaluates each scenario, makes its goal).
    prepared: PreparedMemo,
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let notice = RwSignal::new(None::<String>);
    let save = move |()| {
        let levers = state.levers.get_untracked();
        let mut result = Ok(());
        let n = name.get_untracked();
        state
            .settings
            .update(|s| result = s.equity.save_scenario(&n, levers));
        match result {
            Ok(()) => {
                name.set(String::new());
                error.set(None);
            }
            Err(_) => error.set(Some(state.t().equity_scenario_err_name)),
        }
    };
    let t = move || state.t();
    view! {
        <section class="card" data-testid="equity-scenarios">
            <h2>{move || t().equity_scenarios}</h2>
            <p class="help">{move || t().equity_scenarios_intro}</p>
            <InlineForm
                on_submit=Callback::new(save)
                submit=|t| t.equity_scenario_save
                submit_testid="scenario-save"
            >
                {labelled_input(|t| t.equity_scenario_name, name, InputKind::Text, "scenario-name")}
            </InlineForm>
            <FieldError message=Signal::derive(move || error.get().map(String::from)) />
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice notice-ok" role="status" data-testid="scenario-notice">
                                {n}
                            </p>
                        }
                    })
            }}
            <ScenarioTable prepared=prepared equity=equity notice=notice />
        </section>
    }
}

/// Today and every saved scenario: total, change, current and future customers.
#[component]
fn ScenarioTable(
    prepared: PreparedMemo,
    equity: EquityMemo,
    /// Says that a scenario's goal was made.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        // A row evaluates its scenario with the prepared model.
        prepared.track();
        let (lang, t) = (state.lang(), state.t());
        let currency = state.currency();
        let money = |x: f64| format::money(x, &currency, lang);
        let scenarios = state.settings.with(|s| s.equity.scenarios.clone());
        let Some((_, base)) = equity.get() else {
            return view! { <p></p> }.into_any();
        };
        if scenarios.is_empty() {
            return view! { <p class="muted">{t.equity_scenario_none}</p> }.into_any();
        }
        let rows = scenarios
            .into_iter()
            .map(|scenario| {
                view! { <ScenarioRow scenario=scenario base=base.clone() prepared=prepared notice=notice /> }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table data-testid="scenario-table">
                    <TableHead
                        columns=&[
                            |t| t.equity_col_scenario,
                            |t| t.equity_total,
                            |t| t.equity_col_change,
                            |t| t.equity_current,
                            |t| t.equity_future,
                        ]
                        actions=true
                    />
                    <tbody>
                        <tr>
                            <th scope="row">{t.equity_today_row}</th>
                            <td class="num">{money(base.total)}</td>
                            <td class="num">"–"</td>
                            <td class="num">{money(base.current)}</td>
                            <td class="num">{money(base.future)}</td>
                            <td></td>
                        </tr>
                        {rows}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// One scenario: its equity against today's, and apply, make a goal, delete.
#[component]
fn ScenarioRow(
    scenario: Scenario,
    /// Equity without levers.
    base: Equity,
    prepared: PreparedMemo,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (lang, t) = (state.lang(), state.t());
    let currency = state.currency();
    let money = |x: f64| format::money(x, &currency, lang);
    let evaluated = prepared.with_untracked(|p| {
        p.as_ref()
            .map(|p| (p.0.model.evaluate(&scenario.levers), p.0.interval))
    });
    let Some((e, interval)) = evaluated else {
        return view! { <tr></tr> }.into_any();
    };
    let change = EquityFigures::new(&e, &base, interval).change;
    let levers_text = scenario
        .levers
        .changed()
        .map(|(l, v)| {
            format!(
                "{} {}",
                lang.equity_lever_name(l),
                format::signed_percent(v, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let levers = scenario.levers;
    let name = scenario.name.clone();
    let make_goal = {
        let scenario = scenario.clone();
        move |_| {
            let Some(p) = prepared.get_untracked() else {
                return;
            };
            let Some(goal) = p.0.scenario_goal(&scenario) else {
                return;
            };
            let mut added = Err(());
            state
                .settings
                .update(|s| added = s.goals.add(goal).map_err(|_| ()));
            if added.is_ok() {
                let done = fill(
                    state.t().equity_scenario_goal_done,
                    &[("name", &scenario.name)],
                );
                notice.set(Some(done));
            }
        }
    };
    view! {
        <tr data-testid=format!("scenario-{}", scenario.name)>
            <th scope="row">
                {scenario.name.clone()}<br /><small class="muted">{levers_text}</small>
            </th>
            <td class="num" data-testid="scenario-total">
                {money(e.total)}
            </td>
            <td class="num">{format::signed_money(change, &currency, lang)}</td>
            <td class="num">{money(e.current)}</td>
            <td class="num">{money(e.future)}</td>
            <td class="actions-cell">
                <button
                    type="button"
                    class="small"
                    data-testid="scenario-apply"
                    on:click=move |_| state.levers.set(levers)
                >
                    {t.equity_scenario_apply}
                </button>
                <button type="button" class="small" data-testid="scenario-goal" on:click=make_goal>
                    {t.equity_scenario_goal}
                </button>
                <button
                    type="button"
                    class="small danger"
                    data-testid="scenario-delete"
                    on:click=move |_| state.settings.update(|s| s.equity.remove_scenario(&name))
                >
                    {t.equity_scenario_delete}
                </button>
            </td>
        </tr>
    }
    .into_any()
}
