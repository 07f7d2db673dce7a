//! The Goals page (Kundenwertziele): a dashboard of goal cards with filters,
//! a goal's detail (chart, numbers, check-ins, revisions, ROI), the goal form
//! with a live preview, templates, survey KPIs and the goal settings.
//!
//! One file per card: [`card`] (a goal on the dashboard), [`detail`], [`form`]
//! with [`milestones`], [`chart`], [`surveys`] and [`settings`].

mod card;
mod chart;

mod detail;
mod form;
mod form_fields;
mod milestones;
mod settings;
mod surveys;

use crate::clv::goals::{
    goal_views, parse_number, Goal, GoalFilter, GoalStatus, GoalTemplate, GoalView, KpiContext,
    KpiError, KpiUnit, Lever, NewGoal, Scope,
};
use crate::clv::valuation::report::FittedModels;
use crate::i18n::fill;
use crate::ui::download;
use crate::ui::widgets::{use_fitted_models, ModelStatus, NeedsTransactions};
use crate::ui::AppState;
use card::GoalCard;
pub(crate) use chart::goal_chart;
use chrono::NaiveDate;
use detail::GoalDetail;
use form::GoalForm;
use leptos::prelude::*;
use milestones::MilestonesEditor;
use settings::GoalSettingsCard;
use surveys::SurveysCard;

/// Parameter draws behind the interval of a model projection.
const PROJECTION_DRAWS: usize = 20;

/// Runs `f` with the KPI context of the current workspace and "today" (the
/// observation end), with the fitted model where it matches the data.
fn with_context<R>(state: AppState, f: impl FnOnce(&KpiContext, NaiveDate, f64) -> R) -> Option<R> {
    let current = state.scores.with(Option::is_some);
    let today = state.observation_end.get()?;
    state.settings.with(|ws| {
        state.data.with(|d| {
            state.report.with(|r| {
                let report = r
                    .as_ref()
                    .filter(|_| current)
                    .and_then(|r| r.result.as_ref().ok());
                // With parameter draws for the interval of model projections.
                let models = report.map(|r| r.fitted_models(PROJECTION_DRAWS, 7));
                let ctx = ws
                    .kpi_context(d.transactions()?)
                    .with_model(models.as_ref().map(FittedModels::value_model));
                Some(f(&ctx, today, ws.model.margin_percent / 100.0))
            })
        })
    })
}

fn status_class(status: GoalStatus) -> &'static str {
    status.key()
}

/// Shares are entered in percent.
fn input_scale(unit: KpiUnit) -> f64 {
    if unit == KpiUnit::Share {
        100.0
    } else {
        1.0
    }
}

/// A number for an `<input type=number>` (always `.` decimals, no grouping).
fn input_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{:.6}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Everything on the page.
#[component]
pub fn GoalsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Model-based KPIs need the fit: start it if there is none.
    use_fitted_models(state);
    let views = Memo::new(move |_| {
        with_context(state, |ctx, today, margin| {
            state
                .settings
                .with(|s| goal_views(ctx, &s.goals, today, margin))
        })
        .unwrap_or_default()
    });
    let selected = RwSignal::new(None::<u32>);
    let editing = RwSignal::new(None::<Goal>);
    // A new goal whose baseline waits for the model: `Some(template)`.
    let awaiting_measurement = RwSignal::new(None::<Option<GoalTemplate>>);
    let filter = RwSignal::new(GoalFilter::default());
    let new_goal = Callback::new(move |template: Option<GoalTemplate>| {
        let name = template.map_or(String::new(), |tpl| {
            state.lang().goal_template_name(tpl).to_owned()
        });
        if let Some(new) = with_context(state, |ctx, today, _| {
            NewGoal::measured(ctx, template, name, today)
        }) {
            selected.set(None);
            editing.set(Some(new.goal));
            awaiting_measurement.set(new.awaits_model.then_some(template));
        }
    });
    let intro = move || {
        fill(
            state.t().goals_intro,
            &[("end", &state.observation_end_text())],
        )
    };
    let waiting = Signal::derive(move || {
        views.with(|v| v.iter().any(|v| v.error == Some(KpiError::NeedsModel)))
    });
    let form = move || {
        editing.get().map(|draft| {
            view! { <GoalForm draft=draft editing=editing selected=selected awaiting=awaiting_measurement /> }
        })
    };
    let detail = move || {
        selected.get().map(|id| {
            view! { <GoalDetail id=id views=views selected=selected editing=editing /> }
        })
    };
    view! {
        <h1>{move || state.t().goals_title}</h1>
        <NeedsTransactions notice=|t| t.needs_transactions_goals>
            <p class="lead">{intro}</p>
            <ModelStatus waiting=waiting need=|t| t.goals_need_model testid="goals-model-status" />
            <GoalToolbar new_goal=new_goal />
            {form}
            <GoalDashboard views=views filter=filter selected=selected />
            {detail}
            <SurveysCard />
            <GoalSettingsCard />
        </NeedsTransactions>
    }
}

/// A new goal, blank or from a template.
#[component]
fn GoalToolbar(new_goal: Callback<Option<GoalTemplate>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let templates = GoalTemplate::ALL
        .into_iter()
        .map(|tpl| {
            view! {
                <button
                    type="button"
                    class="small"
                    data-testid=format!("goal-template-{}", tpl.key())
                    on:click=move |_| new_goal.run(Some(tpl))
                >
                    {move || state.lang().goal_template_name(tpl)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card goals-toolbar">
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="goal-new"
                    on:click=move |_| new_goal.run(None)
                >
                    {move || state.t().goals_new}
                </button>
                <span class="toolbar-label">{move || state.t().goals_templates}":"</span>
                {templates}
            </div>
        </section>
    }
}

/// The goal cards passing the filters, with the filters, their count and the export.
#[component]
fn GoalDashboard(
    views: Memo<Vec<GoalView>>,
    filter: RwSignal<GoalFilter>,
    selected: RwSignal<Option<u32>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = Memo::new(move |_| {
        filter.with(|f| {
            state
                .settings
                .with(|s| views.with(|v| f.shown(&s.goals, v)))
        })
    });
    let export = move |_| {
        let csv = state
            .settings
            .with_untracked(|s| views.with_untracked(|v| crate::export::goals_csv(&s.goals, v)));
        download::text_file("kundenwert-goals.csv", "text/csv", &csv);
    };
    let count = move || {
        let total = state.settings.with(|s| s.goals.goals.len());
        let shown = shown.with(Vec::len).to_string();
        fill(
            state.t().goals_shown,
            &[("shown", &shown), ("total", &total.to_string())],
        )
    };
    let empty = move || {
        state.settings.with(|s| s.goals.goals.is_empty()).then(|| {
            view! {
                <p class="notice" data-testid="goals-empty">
                    {state.t().goals_empty}
                </p>
            }
        })
    };
    view! {
        <section class="goals-dashboard" aria-labelledby="goals-dashboard-title">
            <div class="dashboard-head">
                <h2 id="goals-dashboard-title" class="visually-hidden">
                    {move || state.t().goals_title}
                </h2>
                <GoalFilters filter=filter />
                <span class="muted" data-testid="goals-shown">
                    {count}
                </span>
                <button type="button" class="small" data-testid="goals-export" on:click=export>
                    {move || state.t().goals_export}
                </button>
            </div>
            {empty}
            <div class="goal-cards">
                <For each=move || shown.get() key=|id| *id let:id>
                    <GoalCard id=id views=views selected=selected />
                </For>
            </div>
        </section>
    }
}

/// Filters by status, lever and the scope a goal is set on.
#[component]
fn GoalFilters(filter: RwSignal<GoalFilter>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let statuses = GoalStatus::ALL
        .into_iter()
        .map(
            |s| view! { <option value=s.key()>{move || state.lang().goal_status_name(s)}</option> },
        )
        .collect_view();
    let levers = Lever::ALL
        .into_iter()
        .map(|l| view! { <option value=l.key()>{move || state.lang().goal_lever_name(l)}</option> })
        .collect_view();
    // The scopes of the goals, by label; an option's value is its place in this list.
    let scopes = Memo::new(move |_| {
        let lang = state.lang();
        let mut scopes: Vec<(String, Scope)> = state
            .settings
            .with(|s| s.goals.scopes())
            .into_iter()
            .map(|s| (lang.scope_label(&s), s))
            .collect();
        scopes.sort_by(|a, b| a.0.cmp(&b.0));
        scopes
    });
    let scope_options = move || {
        scopes.with(|scopes| {
            scopes
                .iter()
                .enumerate()
                .map(|(i, (label, _))| view! { <option value=i.to_string()>{label.clone()}</option> })
                .collect_view()
        })
    };
    let on_status = move |ev| {
        let key = event_target_value(&ev);
        filter.update(|f| f.status = GoalStatus::ALL.into_iter().find(|s| s.key() == key));
    };
    let on_lever = move |ev| {
        let key = event_target_value(&ev);
        filter.update(|f| f.lever = Lever::ALL.into_iter().find(|l| l.key() == key));
    };
    let on_scope = move |ev| {
        let chosen = event_target_value(&ev).parse::<usize>().ok();
        let scope = chosen.and_then(|i| scopes.with_untracked(|s| s.get(i).map(|s| s.1.clone())));
        filter.update(|f| f.scope = scope);
    };
    view! {
        <div class="filters">
            <label>
                <span>{move || t().goals_filter_status}</span>
                <select data-testid="goal-filter-status" on:change=on_status>
                    <option value="">{move || t().goals_filter_all}</option>
                    {statuses}
                </select>
            </label>
            <label>
                <span>{move || t().goals_filter_lever}</span>
                <select data-testid="goal-filter-lever" on:change=on_lever>
                    <option value="">{move || t().goals_filter_all}</option>
                    {levers}
                </select>
            </label>
            <label>
                <span>{move || t().goals_filter_segment}</span>
                <select data-testid="goal-filter-segment" on:change=on_scope>
                    <option value="">{move || t().goals_filter_all}</option>
                    {scope_options}
                </select>
            </label>
        </div>
    }
}
