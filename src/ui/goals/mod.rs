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
mod milestones;
mod settings;
mod surveys;

use crate::clv::goals::{
    goal_views, measure_baseline, Goal, GoalStatus, GoalTemplate, Kpi, KpiContext, KpiError,
    KpiUnit, Lever, Scope, SegmentRef,
};
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::clv::valuation::report::FittedModels;
use crate::i18n::fill;
use crate::ui::download;
use crate::ui::widgets::{use_fitted_models, ModelStatus};
use crate::ui::AppState;
use card::GoalCard;
use chart::goal_chart;
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
                    .kpi_context(&d.log)
                    .with_model(models.as_ref().map(FittedModels::value_model));
                Some(f(&ctx, today, ws.model.margin_percent / 100.0))
            })
        })
    })
}

/// The `<select>` value of a scope (dates are edited next to it).
fn scope_key(scope: &Scope) -> String {
    match scope {
        Scope::All => "all".into(),
        Scope::NewSince(_) => "new-since".into(),
        Scope::ExistingBefore(_) => "existing-before".into(),
        Scope::Segment(SegmentRef::Rfm(s)) => format!("rfm:{}", s.key()),
        Scope::Segment(SegmentRef::Tier(t)) => format!("tier:{}", t.key()),
        Scope::Segment(SegmentRef::Risk(b)) => format!("risk:{}", b.key()),
        Scope::Segment(SegmentRef::Custom(n)) => format!("custom:{n}"),
    }
}

fn scope_from_key(key: &str, date: NaiveDate) -> Option<Scope> {
    let (kind, rest) = key.split_once(':').unwrap_or((key, ""));
    Some(match kind {
        "all" => Scope::All,
        "new-since" => Scope::NewSince(date),
        "existing-before" => Scope::ExistingBefore(date),
        "rfm" => Scope::Segment(SegmentRef::Rfm(RfmSegment::from_key(rest)?)),
        "tier" => Scope::Segment(SegmentRef::Tier(
            ClvTier::ALL.into_iter().find(|t| t.key() == rest)?,
        )),
        "risk" => Scope::Segment(SegmentRef::Risk(
            RiskBand::ALL.into_iter().find(|b| b.key() == rest)?,
        )),
        "custom" => Scope::Segment(SegmentRef::Custom(rest.to_owned())),
        _ => return None,
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

fn parse_number(s: &str) -> f64 {
    s.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
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
    let status_filter = RwSignal::new(String::new());
    let lever_filter = RwSignal::new(String::new());
    let segment_filter = RwSignal::new(String::new());

    let new_goal = move |template: Option<GoalTemplate>| {
        let lang = state.lang();
        let draft = with_context(state, |ctx, today, _| {
            let mut g = match template {
                Some(tpl) => tpl.draft(lang.goal_template_name(tpl).to_owned(), today, 0.0),
                None => {
                    // A blank goal on a KPI every data set has.
                    let mut g = GoalTemplate::WinNewCustomers.draft(String::new(), today, 0.0);
                    g.kpi = Kpi::RepeatPurchaseRate;
                    g.lever = Lever::Retention;
                    g
                }
            };
            let measured = measure_baseline(ctx, &g.kpi, &g.scope, g.start, today);
            if let Ok(Some(b)) = measured {
                g.baseline = b;
                g.target = template.map_or(b * 1.1, |tpl| tpl.target(b));
            }
            // Not measurable yet (the model is still being fitted): the form
            // fills baseline and target in once it is.
            (g, measured == Err(KpiError::NeedsModel))
        });
        if let Some((g, awaiting)) = draft {
            selected.set(None);
            editing.set(Some(g));
            awaiting_measurement.set(awaiting.then_some(template));
        }
    };

    let export = move |_| {
        let csv = state
            .settings
            .with_untracked(|s| views.with_untracked(|v| crate::export::goals_csv(&s.goals, v)));
        download::text_file("kundenwert-goals.csv", "text/csv", &csv);
    };

    let intro = move || {
        fill(
            state.t().goals_intro,
            &[("end", &state.observation_end_text())],
        )
    };
    let model_notice = move || {
        let waiting = Signal::derive(move || {
            views.with(|v| v.iter().any(|v| v.error == Some(KpiError::NeedsModel)))
        });
        view! { <ModelStatus waiting=waiting need=|t| t.goals_need_model testid="goals-model-status" /> }
    };

    // Goals passing the filters, in the book's order.
    let shown = Memo::new(move |_| {
        let lang = state.lang();
        let (status, lever, segment) = (
            status_filter.get(),
            lever_filter.get(),
            segment_filter.get(),
        );
        state.settings.with(|s| {
            views.with(|views| {
                s.goals
                    .goals
                    .iter()
                    .filter(|g| lever.is_empty() || g.lever.key() == lever)
                    .filter(|g| segment.is_empty() || lang.scope_label(&g.scope) == segment)
                    .filter(|g| {
                        status.is_empty()
                            || views
                                .iter()
                                .find(|v| v.id == g.id)
                                .and_then(|v| v.tracking.as_ref())
                                .is_some_and(|t| t.status.key() == status)
                    })
                    .map(|g| g.id)
                    .collect::<Vec<u32>>()
            })
        })
    });

    view! {
        <h1>{move || state.t().goals_title}</h1>
        <p class="lead">{intro}</p>
        {model_notice}
        <section class="card goals-toolbar">
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="goal-new"
                    on:click=move |_| new_goal(None)
                >
                    {move || state.t().goals_new}
                </button>
                <span class="toolbar-label">{move || state.t().goals_templates}":"</span>
                {GoalTemplate::ALL
                    .into_iter()
                    .map(|tpl| {
                        let label = move || state.lang().goal_template_name(tpl);
                        view! {
                            <button
                                type="button"
                                class="small"
                                data-testid=format!("goal-template-{}", tpl.key())
                                on:click=move |_| new_goal(Some(tpl))
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
        {move || {
            editing
                .get()
                .map(|draft| {
                    view! {
                        <GoalForm
                            draft=draft
                            editing=editing
                            selected=selected
                            awaiting=awaiting_measurement
                        />
                    }
                })
        }}
        <section class="goals-dashboard" aria-labelledby="goals-dashboard-title">
            <div class="dashboard-head">
                <h2 id="goals-dashboard-title" class="visually-hidden">
                    {move || state.t().goals_title}
                </h2>
                <div class="filters">
                    <label>
                        <span>{move || state.t().goals_filter_status}</span>
                        <select
                            data-testid="goal-filter-status"
                            on:change=move |ev| status_filter.set(event_target_value(&ev))
                        >
                            <option value="">{move || state.t().goals_filter_all}</option>
                            {GoalStatus::ALL
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option value=s
                                            .key()>{move || state.lang().goal_status_name(s)}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || state.t().goals_filter_lever}</span>
                        <select
                            data-testid="goal-filter-lever"
                            on:change=move |ev| lever_filter.set(event_target_value(&ev))
                        >
                            <option value="">{move || state.t().goals_filter_all}</option>
                            {Lever::ALL
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <option value=l
                                            .key()>{move || state.lang().goal_lever_name(l)}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || state.t().goals_filter_segment}</span>
                        <select
                            data-testid="goal-filter-segment"
                            on:change=move |ev| segment_filter.set(event_target_value(&ev))
                        >
                            <option value="">{move || state.t().goals_filter_all}</option>
                            {move || {
                                let lang = state.lang();
                                let mut labels: Vec<String> = state
                                    .settings
                                    .with(|s| {
                                        s.goals
                                            .goals
                                            .iter()
                                            .map(|g| lang.scope_label(&g.scope))
                                            .collect()
                                    });
                                labels.sort();
                                labels.dedup();
                                labels
                                    .into_iter()
                                    .map(|l| view! { <option value=l.clone()>{l.clone()}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                </div>
                <span class="muted" data-testid="goals-shown">
                    {move || {
                        let total = state.settings.with(|s| s.goals.goals.len());
                        fill(
                            state.t().goals_shown,
                            &[
                                ("shown", &shown.with(Vec::len).to_string()),
                                ("total", &total.to_string()),
                            ],
                        )
                    }}
                </span>
                <button type="button" class="small" data-testid="goals-export" on:click=export>
                    {move || state.t().goals_export}
                </button>
            </div>
            {move || {
                let empty = state.settings.with(|s| s.goals.goals.is_empty());
                empty
                    .then(|| {
                        view! {
                            <p class="notice" data-testid="goals-empty">
                                {state.t().goals_empty}
                            </p>
                        }
                    })
            }}
            <div class="goal-cards">
                <For each=move || shown.get() key=|id| *id let:id>
                    <GoalCard id=id views=views selected=selected />
                </For>
            </div>
        </section>
        {move || {
            selected
                .get()
                .map(|id| {
                    view! { <GoalDetail id=id views=views selected=selected editing=editing /> }
                })
        }}
        <SurveysCard />
        <GoalSettingsCard />
    }
}
