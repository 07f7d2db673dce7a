//! The Goals page (Kundenwertziele): a dashboard of goal cards with filters,
//! a goal's detail (chart, numbers, check-ins, revisions, ROI), the goal form
//! with a live preview, templates, survey KPIs and the goal settings.

use super::download;
use super::widgets::{use_fitted_models, ChartCard, ChartTable, ModelStatus};
use super::AppState;
use crate::charts::{goal_chart_svg, sparkline_svg, GoalChartData, GoalChartLabels};
use crate::clv::goals::{
    goal_views, measure_baseline, month_ends, series_dates, track, CheckIn, Direction,
    ForecastMethod, Goal, GoalBook, GoalStatus, GoalTemplate, GoalTracking, GoalView, Kpi,
    KpiContext, KpiEngine, KpiError, KpiUnit, Lever, Milestone, Scope, SegmentRef, Survey,
    SurveyValue,
};
use crate::clv::report::FittedModels;
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::format;
use crate::i18n::{fill, Lang};
use chrono::NaiveDate;
use leptos::prelude::*;

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

/// The goal chart and its table for a goal with its series and tracking.
fn goal_chart(
    goal: &Goal,
    series: &[(NaiveDate, Option<f64>)],
    tracking: &GoalTracking,
    today: NaiveDate,
    unit: KpiUnit,
    currency: &str,
    lang: Lang,
) -> (String, ChartTable) {
    let t = lang.texts();
    let actual: Vec<(NaiveDate, f64)> = series
        .iter()
        .filter_map(|(d, v)| v.map(|v| (*d, v)))
        .collect();
    let mut forecast = Vec::new();
    if let (Some(f), Some(&(last, _))) = (tracking.forecast, actual.last()) {
        if last < goal.deadline {
            let mut dates = vec![last];
            dates.extend(month_ends(last.succ_opt().unwrap_or(last), goal.deadline));
            dates.push(goal.deadline);
            dates.dedup();
            forecast = dates
                .into_iter()
                .map(|d| {
                    let (v, lo, hi) = f.path_at(d);
                    (d, v, lo, hi)
                })
                .collect();
        }
    }
    let value = |v: f64| format::kpi_value(v, unit, currency, lang);
    let data = GoalChartData {
        actual: actual.clone(),
        plan: [(goal.start, goal.baseline), (goal.deadline, goal.target)],
        forecast: forecast.clone(),
        target: goal.target,
        stretch: goal.stretch,
        milestones: goal.milestones.iter().map(|m| (m.date, m.value)).collect(),
        today,
        check_ins: goal.check_ins.iter().map(|c| c.date).collect(),
    };
    let labels = GoalChartLabels {
        actual: t.goal_chart_actual,
        plan: t.goal_chart_plan,
        forecast: t.goal_chart_forecast,
        target: t.goal_target,
        stretch: t.goal_stretch,
        milestone: t.goal_chart_milestone,
        today: t.goal_chart_today,
        check_in: t.goal_chart_check_in,
        month_names: lang.month_names(),
        value: &value,
    };
    let svg = goal_chart_svg(&data, &labels).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = series
        .iter()
        .map(|(d, v)| {
            let plan =
                (*d >= goal.start).then(|| value(crate::clv::goals::tracking::plan_at(goal, *d)));
            vec![
                format::date(*d, lang),
                v.map(value).unwrap_or_else(|| "–".into()),
                plan.unwrap_or_else(|| "–".into()),
                "–".into(),
                "–".into(),
                "–".into(),
            ]
        })
        .collect();
    for &(d, v, lo, hi) in forecast.iter().skip(1) {
        rows.push(vec![
            format::date(d, lang),
            "–".into(),
            value(crate::clv::goals::tracking::plan_at(goal, d)),
            value(v),
            value(lo),
            value(hi),
        ]);
    }
    let table = ChartTable {
        headers: vec![
            t.goal_date.into(),
            t.goal_chart_actual.into(),
            t.goal_chart_plan.into(),
            t.goal_chart_forecast.into(),
            t.goal_col_forecast_low.into(),
            t.goal_col_forecast_high.into(),
        ],
        rows,
    };
    (svg, table)
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

/// One goal on the dashboard.
#[component]
fn GoalCard(
    /// The goal's id.
    id: u32,
    /// Tracking of every goal.
    views: Memo<Vec<GoalView>>,
    /// The goal whose detail is open.
    selected: RwSignal<Option<u32>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goal = move || state.settings.with(|s| s.goals.get(id).cloned());
    let view_of = move || views.with(|v| v.iter().find(|v| v.id == id).cloned());
    move || {
        let goal = goal()?;
        let view = view_of();
        let lang = state.lang();
        let t = state.t();
        let (currency, surveys) = state
            .settings
            .with(|s| (s.currency.clone(), s.goals.surveys.clone()));
        let unit = goal.kpi.unit(&surveys);
        let value = |v: f64| format::kpi_value(v, unit, &currency, lang);
        let tracking = view.as_ref().and_then(|v| v.tracking.clone());
        let status = tracking.as_ref().map(|t| t.status);
        let status_key = status.map_or("error", status_class);
        let progress = tracking.as_ref().and_then(|t| t.progress);
        let width = progress.map_or(0.0, |p| p.clamp(0.0, 1.0) * 100.0);
        let planned = tracking
            .as_ref()
            .map_or(0.0, |t| t.planned_progress * 100.0);
        let values: Vec<f64> = view
            .as_ref()
            .map(|v| v.series.iter().filter_map(|(_, v)| *v).collect())
            .unwrap_or_default();
        let spark = sparkline_svg(&values, Some(goal.target)).unwrap_or_default();
        let days = tracking.as_ref().map(|t| t.days_left).unwrap_or(0);
        let days_text = if days >= 0 {
            fill(
                t.goal_days_left,
                &[("days", &format::count(days as usize, lang))],
            )
        } else {
            fill(
                t.goal_days_over,
                &[("days", &format::count((-days) as usize, lang))],
            )
        };
        let forecast = tracking.as_ref().and_then(|t| t.forecast).map(|f| {
            let verdict = if f.reaches_target {
                t.goal_forecast_reaches
            } else {
                t.goal_forecast_misses
            };
            (
                format!("{} · {}", value(f.value), verdict),
                f.reaches_target,
            )
        });
        let forecast_help = match tracking.as_ref().and_then(|t| t.forecast).map(|f| f.method) {
            Some(ForecastMethod::Model) => t.goal_forecast_help_model,
            _ => t.goal_forecast_help,
        };
        let error = view.as_ref().and_then(|v| v.error.clone());
        let needs_review = view.as_ref().is_some_and(|v| v.needs_review);
        let review_days = state.settings.with(|s| s.goals.review_days);
        Some(view! {
            <article
                class=format!("goal-card status-{status_key}")
                data-testid=format!("goal-card-{id}")
                class:active=move || selected.get() == Some(id)
            >
                <header>
                    <h3>{goal.name.clone()}</h3>
                    {status
                        .map(|s| {
                            view! {
                                <span
                                    class=format!("status-pill status-{}", s.key())
                                    data-testid="goal-status"
                                >
                                    {lang.goal_status_name(s)}
                                </span>
                            }
                        })}
                </header>
                <p class="goal-kpi">
                    {lang.kpi_name(&goal.kpi)}" · "{lang.scope_label(&goal.scope)}
                </p>
                {error
                    .map(|e| {
                        view! {
                            <p class="goal-error" data-testid="goal-error">
                                {fill(t.goal_error_kpi, &[("reason", &lang.kpi_error(&e))])}
                            </p>
                        }
                    })}
                <div class="goal-numbers">
                    <div>
                        <span class="stat-label">{t.goal_current}</span>
                        <span class="goal-current" data-testid="card-current">
                            {tracking
                                .as_ref()
                                .and_then(|t| t.current)
                                .map(value)
                                .unwrap_or_else(|| "–".into())}
                        </span>
                    </div>
                    <div>
                        <span class="stat-label">{t.goal_target}</span>
                        <span class="goal-target" data-testid="card-target">
                            {value(goal.target)}
                        </span>
                    </div>
                    <figure class="sparkline" aria-hidden="true" inner_html=spark></figure>
                </div>
                <div
                    class="progress"
                    role="progressbar"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=format!("{:.0}", width)
                    aria-label=t.goal_progress
                >
                    <div class="progress-bar" style=format!("width: {width:.1}%")></div>
                    <div
                        class="progress-plan"
                        style=format!("left: {planned:.1}%")
                        title=t.goal_chart_plan
                    ></div>
                </div>
                <p class="goal-progress-text" data-testid="goal-progress">
                    {progress
                        .map(|p| {
                            fill(
                                t.goal_progress_of_plan,
                                &[
                                    ("progress", &format::percent(p, 0, lang)),
                                    ("planned", &format::percent(planned / 100.0, 0, lang)),
                                ],
                            )
                        })}
                </p>
                <p class="goal-meta">
                    <span data-testid="goal-days-left">{days_text}</span>
                    {needs_review
                        .then(|| {
                            view! {
                                <span
                                    class="badge badge-warn"
                                    data-testid="goal-review-due"
                                    title=fill(
                                        t.goal_review_due_help,
                                        &[("days", &review_days.to_string())],
                                    )
                                >
                                    {t.goal_review_due}
                                </span>
                            }
                        })}
                </p>
                <p class="goal-forecast" data-testid="goal-forecast" title=forecast_help>
                    <span class="stat-label">{t.goal_forecast}</span>
                    " "
                    {match forecast {
                        Some((text, reaches)) => {
                            view! {
                                <span class:reaches=reaches class:misses=!reaches>
                                    {text}
                                </span>
                            }
                                .into_any()
                        }
                        None => {
                            view! { <span class="muted">{t.goal_forecast_none}</span> }.into_any()
                        }
                    }}
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="small"
                        data-testid="goal-open"
                        aria-expanded=move || (selected.get() == Some(id)).to_string()
                        on:click=move |_| {
                            selected.update(|s| *s = if *s == Some(id) { None } else { Some(id) })
                        }
                    >
                        {t.goal_details}
                    </button>
                </div>
            </article>
        })
    }
}

/// A goal's chart, numbers, check-ins, revisions and ROI.
#[component]
fn GoalDetail(
    /// The goal's id.
    id: u32,
    /// Tracking of every goal.
    views: Memo<Vec<GoalView>>,
    /// The goal whose detail is open (set to `None` to close).
    selected: RwSignal<Option<u32>>,
    /// The goal in the form, if any.
    editing: RwSignal<Option<Goal>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goal = Memo::new(move |_| state.settings.with(|s| s.goals.get(id).cloned()));
    let view_of = Memo::new(move |_| views.with(|v| v.iter().find(|v| v.id == id).cloned()));
    let today = move || state.observation_end.get().unwrap_or_default();
    let unit = move || {
        state
            .settings
            .with(|s| goal.with(|g| g.as_ref().map(|g| g.kpi.unit(&s.goals.surveys))))
            .unwrap_or(KpiUnit::Number)
    };
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let currency = state.currency();
        let (Some(g), Some(v)) = (goal.get(), view_of.get()) else {
            return (String::new(), ChartTable::default());
        };
        match &v.tracking {
            Some(tr) => goal_chart(&g, &v.series, tr, today(), unit(), &currency, lang),
            None => (String::new(), ChartTable::default()),
        }
    });
    let alt = move || {
        let lang = state.lang();
        let g = goal.get();
        let first = view_of.with(|v| v.as_ref().and_then(|v| v.series.first().map(|s| s.0)));
        let last = view_of.with(|v| v.as_ref().and_then(|v| v.series.last().map(|s| s.0)));
        fill(
            state.t().goal_chart_alt,
            &[
                ("kpi", &g.map(|g| lang.kpi_name(&g.kpi)).unwrap_or_default()),
                (
                    "first",
                    &first.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
                (
                    "last",
                    &last.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
            ],
        )
    };
    let value = move |v: f64| {
        let currency = state.currency();
        format::kpi_value(v, unit(), &currency, state.lang())
    };
    let money = move |v: f64| {
        let currency = state.currency();
        format::money(v, &currency, state.lang())
    };

    // Check-in form.
    let check_in_date = RwSignal::new(String::new());
    let check_in_note = RwSignal::new(String::new());
    let check_in_confidence = RwSignal::new(String::new());
    let check_in_error = RwSignal::new(None::<String>);
    let add_check_in = move |_| {
        let date = check_in_date
            .get_untracked()
            .parse::<NaiveDate>()
            .unwrap_or_else(|_| today());
        let confidence = check_in_confidence
            .get_untracked()
            .trim()
            .parse::<u8>()
            .ok();
        let mut result = Ok(());
        state.settings.update(|s| {
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                result = g.check_in(CheckIn {
                    date,
                    note: check_in_note.get_untracked(),
                    confidence,
                });
            }
        });
        match result {
            Ok(()) => {
                check_in_note.set(String::new());
                check_in_confidence.set(String::new());
                check_in_error.set(None);
            }
            Err(e) => check_in_error.set(Some(state.lang().goal_error(&e))),
        }
    };

    // Revision form.
    let revise_target = RwSignal::new(String::new());
    let revise_deadline = RwSignal::new(String::new());
    let revise_reason = RwSignal::new(String::new());
    let revise_error = RwSignal::new(None::<String>);
    let revising = RwSignal::new(false);
    let revise = move |_| {
        let Some(g) = goal.get_untracked() else {
            return;
        };
        let scale = input_scale(unit());
        let target = match revise_target.get_untracked().trim() {
            "" => g.target,
            s => parse_number(s) / scale,
        };
        let deadline = revise_deadline
            .get_untracked()
            .parse::<NaiveDate>()
            .unwrap_or(g.deadline);
        let today = today();
        let mut result = Ok(());
        state.settings.update(|s| {
            let direction = g.kpi.direction(&s.goals.surveys);
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                result = g.revise(
                    today,
                    target,
                    deadline,
                    revise_reason.get_untracked(),
                    direction,
                );
            }
        });
        match result {
            Ok(()) => {
                revise_target.set(String::new());
                revise_deadline.set(String::new());
                revise_reason.set(String::new());
                revise_error.set(None);
                revising.set(false);
            }
            Err(e) => revise_error.set(Some(fill(
                state.t().goal_invalid,
                &[("reason", &state.lang().goal_error(&e))],
            ))),
        }
    };
    let delete = move |_| {
        let Some(g) = goal.get_untracked() else {
            return;
        };
        let question = fill(state.t().goal_delete_confirm, &[("name", &g.name)]);
        if window().confirm_with_message(&question).unwrap_or(false) {
            state.settings.update(|s| s.goals.remove(id));
            selected.set(None);
        }
    };

    move || {
        let g = goal.get()?;
        let t = state.t();
        let lang = state.lang();
        let v = view_of.get();
        let tracking = v.as_ref().and_then(|v| v.tracking.clone());
        let roi = v.as_ref().and_then(|v| v.roi);
        let basis_revenue = crate::clv::goals::value_basis(&g.kpi) == Kpi::Revenue;
        let kpi_settings = state.settings.with(|s| s.goals.kpi);
        let thresholds = state.settings.with(|s| s.goals.thresholds);
        let row = |label: &'static str, text: String, testid: &'static str| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="num" data-testid=testid>
                        {text}
                    </td>
                </tr>
            }
        };
        let fc = tracking.as_ref().and_then(|t| t.forecast);
        Some(view! {
            <section class="goal-detail" data-testid="goal-detail" aria-label=g.name.clone()>
                <div class="card-head detail-head">
                    <h2>{g.name.clone()}</h2>
                    <div class="actions">
                        <button
                            type="button"
                            class="small"
                            data-testid="goal-edit"
                            on:click=move |_| editing.set(goal.get_untracked())
                        >
                            {t.goal_edit}
                        </button>
                        <button
                            type="button"
                            class="small danger"
                            data-testid="goal-delete"
                            on:click=delete
                        >
                            {t.goal_delete}
                        </button>
                        <button type="button" class="small" on:click=move |_| selected.set(None)>
                            {t.goal_close}
                        </button>
                    </div>
                </div>
                <p class="help">
                    {lang.kpi_name(&g.kpi)}": "{lang.kpi_definition(&g.kpi, &kpi_settings)}
                </p>
                <ChartCard
                    title=Signal::derive(move || state.t().goal_chart_title.to_owned())
                    svg=Signal::derive(move || chart.with(|c| c.0.clone()))
                    alt=Signal::derive(alt)
                    table=Signal::derive(move || chart.with(|c| c.1.clone()))
                    file_name="kundenwert-goal.svg"
                    testid="goal-chart"
                />
                <div class="two-col even">
                    <section class="card">
                        <h3>{t.goal_progress}</h3>
                        <table class="facts">
                            <tbody>
                                {row(t.goal_baseline, value(g.baseline), "detail-baseline")}
                                {row(
                                    t.goal_current,
                                    tracking
                                        .as_ref()
                                        .and_then(|t| t.current)
                                        .map(value)
                                        .unwrap_or_else(|| "–".into()),
                                    "detail-current",
                                )} {row(t.goal_target, value(g.target), "detail-target")}
                                {g.stretch.map(|s| row(t.goal_stretch, value(s), "detail-stretch"))}
                                {row(
                                    t.goal_progress,
                                    tracking
                                        .as_ref()
                                        .and_then(|t| t.progress)
                                        .map(|p| format::percent(p, 1, lang))
                                        .unwrap_or_else(|| "–".into()),
                                    "detail-progress",
                                )}
                                {row(
                                    t.goal_start_label,
                                    format::date(g.start, lang),
                                    "detail-start",
                                )}
                                {row(
                                    t.goal_deadline_label,
                                    format::date(g.deadline, lang),
                                    "detail-deadline",
                                )}
                                {row(
                                    t.goal_forecast,
                                    fc
                                        .map(|f| fill(
                                            t.goal_forecast_value,
                                            &[
                                                ("value", &value(f.value)),
                                                ("low", &value(f.low)),
                                                ("high", &value(f.high)),
                                            ],
                                        ))
                                        .unwrap_or_else(|| t.goal_forecast_none.to_owned()),
                                    "detail-forecast",
                                )}
                                {row(
                                    t.goal_lever,
                                    lang.goal_lever_name(g.lever).to_owned(),
                                    "detail-lever",
                                )}
                                {(!g.owner.is_empty())
                                    .then(|| row(t.goal_owner, g.owner.clone(), "detail-owner"))}
                                {row(t.goal_cost, money(g.cost), "detail-cost")}
                            </tbody>
                        </table>
                        <p class="help" data-testid="detail-forecast-method">
                            {match fc.map(|f| f.method) {
                                Some(ForecastMethod::Model) => t.goal_forecast_help_model,
                                _ => t.goal_forecast_help,
                            }}
                        </p>
                        <p class="help">
                            {fill(
                                t.status_help,
                                &[
                                    ("on", &format::number(thresholds.on_track * 100.0, 0, lang)),
                                    ("risk", &format::number(thresholds.at_risk * 100.0, 0, lang)),
                                ],
                            )}
                        </p>
                        {(!g.milestones.is_empty())
                            .then(|| {
                                view! {
                                    <h3>{t.goal_milestones}</h3>
                                    <ul class="plain">
                                        {g
                                            .milestones
                                            .iter()
                                            .map(|m| {
                                                view! {
                                                    <li>{format::date(m.date, lang)}": "{value(m.value)}</li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        {(!g.notes.is_empty())
                            .then(|| {
                                view! {
                                    <h3>{t.goal_notes}</h3>
                                    <p class="notes">{g.notes.clone()}</p>
                                }
                            })}
                        <h3>{t.goal_roi}</h3>
                        <p data-testid="goal-roi">
                            {match roi {
                                Some(r) => {
                                    fill(
                                        t.goal_roi_value,
                                        &[
                                            ("gain", &money(r.gain)),
                                            ("cost", &money(r.cost)),
                                            (
                                                "roi",
                                                &r
                                                    .roi
                                                    .map(|x| format::percent(x, 0, lang))
                                                    .unwrap_or_else(|| "–".into()),
                                            ),
                                        ],
                                    )
                                }
                                None if g.cost <= 0.0 => t.goal_roi_none.to_owned(),
                                None => t.goal_roi_needs_model.to_owned(),
                            }}
                        </p>
                        <p class="help">
                            {if basis_revenue {
                                t.goal_roi_help_revenue
                            } else {
                                t.goal_roi_help_equity
                            }}
                        </p>
                    </section>
                    <section class="card">
                        <h3>{t.goal_check_ins}</h3>
                        {if g.check_ins.is_empty() {
                            view! { <p class="muted">{t.goal_check_ins_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="timeline" data-testid="goal-check-ins">
                                    {g
                                        .check_ins
                                        .iter()
                                        .rev()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <strong>{format::date(c.date, lang)}</strong>
                                                    {c.confidence.map(|v| format!(" · {v}\u{a0}%"))}
                                                    <br />
                                                    <span>{c.note.clone()}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <form
                            class="inline-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                add_check_in(());
                            }
                        >
                            <label>
                                <span>{t.goal_date}</span>
                                <input
                                    type="date"
                                    data-testid="check-in-date"
                                    prop:value=move || {
                                        let v = check_in_date.get();
                                        if v.is_empty() { today().to_string() } else { v }
                                    }
                                    on:input=move |ev| check_in_date.set(event_target_value(&ev))
                                />
                            </label>
                            <label class="grow">
                                <span>{t.goal_check_in_note}</span>
                                <input
                                    type="text"
                                    data-testid="check-in-note"
                                    prop:value=move || check_in_note.get()
                                    on:input=move |ev| check_in_note.set(event_target_value(&ev))
                                />
                            </label>
                            <label>
                                <span>{t.goal_check_in_confidence}</span>
                                <input
                                    type="number"
                                    min="0"
                                    max="100"
                                    step="5"
                                    class="short"
                                    data-testid="check-in-confidence"
                                    prop:value=move || check_in_confidence.get()
                                    on:input=move |ev| {
                                        check_in_confidence.set(event_target_value(&ev))
                                    }
                                />
                            </label>
                            <button type="submit" class="small" data-testid="check-in-add">
                                {t.goal_check_in_add}
                            </button>
                        </form>
                        {move || {
                            check_in_error
                                .get()
                                .map(|e| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <h3>{t.goal_revisions}</h3>
                        {if g.revisions.is_empty() {
                            view! { <p class="muted">{t.goal_revisions_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="timeline" data-testid="goal-revisions">
                                    {g
                                        .revisions
                                        .iter()
                                        .rev()
                                        .map(|r| {
                                            view! {
                                                <li>
                                                    {fill(
                                                        t.goal_revision_entry,
                                                        &[
                                                            ("date", &format::date(r.date, lang)),
                                                            ("old_target", &value(r.previous_target)),
                                                            ("target", &value(r.target)),
                                                            ("old_deadline", &format::date(r.previous_deadline, lang)),
                                                            ("deadline", &format::date(r.deadline, lang)),
                                                        ],
                                                    )}
                                                    {(!r.reason.is_empty())
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <span class="muted">{r.reason.clone()}</span>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <button
                            type="button"
                            class="disclosure"
                            aria-expanded=move || revising.get().to_string()
                            on:click=move |_| revising.update(|r| *r = !*r)
                        >
                            {t.goal_revise}
                        </button>
                        <Show when=move || revising.get()>
                            <form
                                class="inline-form"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    revise(());
                                }
                            >
                                <label>
                                    <span>{t.goal_target}</span>
                                    <input
                                        type="number"
                                        step="any"
                                        class="short"
                                        data-testid="revise-target"
                                        prop:value=move || revise_target.get()
                                        on:input=move |ev| {
                                            revise_target.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <label>
                                    <span>{t.goal_deadline_label}</span>
                                    <input
                                        type="date"
                                        data-testid="revise-deadline"
                                        prop:value=move || revise_deadline.get()
                                        on:input=move |ev| {
                                            revise_deadline.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <label class="grow">
                                    <span>{t.goal_revise_reason}</span>
                                    <input
                                        type="text"
                                        data-testid="revise-reason"
                                        prop:value=move || revise_reason.get()
                                        on:input=move |ev| {
                                            revise_reason.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <button type="submit" class="small" data-testid="revise-save">
                                    {t.goal_revise_save}
                                </button>
                            </form>
                            {move || {
                                revise_error
                                    .get()
                                    .map(|e| {
                                        view! {
                                            <p
                                                class="field-error"
                                                role="alert"
                                                data-testid="revise-error"
                                            >
                                                {e}
                                            </p>
                                        }
                                    })
                            }}
                        </Show>
                    </section>
                </div>
            </section>
        })
    }
}

/// The goal form with a live preview of the baseline and the chart.
#[component]
fn GoalForm(
    /// The goal to edit (`id` 0: a new goal).
    draft: Goal,
    /// Cleared when the form closes.
    editing: RwSignal<Option<Goal>>,
    /// Set to the saved goal.
    selected: RwSignal<Option<u32>>,
    /// `Some(template)` while the new goal's baseline waits for the model.
    awaiting: RwSignal<Option<Option<GoalTemplate>>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let is_new = draft.id == 0;
    if !is_new {
        awaiting.set(None);
    }
    let goal = RwSignal::new(draft);
    let today = move || state.observation_end.get().unwrap_or_default();
    let surveys = move || state.settings.with(|s| s.goals.surveys.clone());
    let unit = move || goal.with(|g| g.kpi.unit(&surveys()));
    let scale = move || input_scale(unit());
    let direction = move || goal.with(|g| g.kpi.direction(&surveys()));

    // The series depends on what is measured, where and when: not on the name or target.
    let measured_key =
        Memo::new(move |_| goal.with(|g| (g.kpi.clone(), g.scope.clone(), g.start, g.deadline)));
    let preview_series = Memo::new(move |_| {
        let (kpi, scope, start, deadline) = measured_key.get();
        with_context(state, |ctx, today, _| {
            let probe = Goal {
                kpi: kpi.clone(),
                scope: scope.clone(),
                start,
                deadline,
                ..goal.get_untracked()
            };
            let dates = series_dates(&probe, today);
            let baseline_at = start.min(today);
            let mut all = dates.clone();
            all.push(baseline_at);
            all.sort();
            all.dedup();
            KpiEngine::new(ctx)
                .series(&[(kpi, scope)], &all)
                .map(|mut rows| {
                    let row = rows.remove(0);
                    let baseline = all
                        .iter()
                        .position(|d| *d == baseline_at)
                        .and_then(|i| row[i]);
                    let series: Vec<(NaiveDate, Option<f64>)> = dates
                        .iter()
                        .map(|d| (*d, all.iter().position(|a| a == d).and_then(|i| row[i])))
                        .collect();
                    (series, baseline)
                })
        })
    });
    let measured = move || {
        preview_series.with(|p| {
            p.as_ref()
                .map(|r| r.as_ref().map(|(_, b)| *b).map_err(Clone::clone))
        })
    };
    // The baseline follows the measurement (a new KPI, scope or start, or
    // the model arriving) until it is edited by hand; an existing goal keeps
    // its baseline until its KPI, scope or start change.
    let baseline_edited = RwSignal::new(!is_new);
    Effect::new(move |previous: Option<(Kpi, Scope, NaiveDate)>| {
        let (kpi, scope, start, _) = measured_key.get();
        let key = (kpi, scope, start);
        if previous.as_ref().is_some_and(|p| *p != key) {
            baseline_edited.set(false);
        }
        if !baseline_edited.get_untracked() {
            if let Some(Ok(Some(b))) = measured() {
                if goal.with_untracked(|g| g.baseline != b) {
                    goal.update(|g| g.baseline = b);
                }
            }
        }
        key
    });
    // The first measurement of a goal created before the model was ready.
    Effect::new(move |_| {
        let Some(template) = awaiting.get() else {
            return;
        };
        if let Some(Ok(Some(b))) = measured() {
            goal.update(|g| {
                g.baseline = b;
                g.target = template.map_or(b * 1.1, |tpl| tpl.target(b));
            });
            awaiting.set(None);
        }
    });
    let validation = move || goal.with(|g| g.validate(direction()));
    // A goal the data cannot measure is not saved (the reason shows under the fields).
    let measurable = move || !matches!(measured(), Some(Err(_)) | None);
    let preview = move || {
        let lang = state.lang();
        let currency = state.currency();
        let thresholds = state.settings.with(|s| s.goals.thresholds);
        preview_series.with(|p| {
            let (series, _) = p.as_ref()?.as_ref().ok()?;
            let g = goal.get();
            if g.validate(direction()).is_err() {
                return None;
            }
            let tracking = track(&g, series, today(), &thresholds);
            Some(goal_chart(&g, series, &tracking, today(), unit(), &currency, lang).0)
        })
    };
    let save = move |_| {
        let g = goal.get_untracked();
        let mut result = Ok(g.id);
        state.settings.update(|s| {
            result = if g.id == 0 {
                s.goals.add(g.clone())
            } else {
                s.goals.update(g.clone()).map(|_| g.id)
            };
        });
        if let Ok(id) = result {
            awaiting.set(None);
            editing.set(None);
            selected.set(Some(id));
        }
    };
    let number_input = move |get: fn(&Goal) -> f64,
                             set: fn(&mut Goal, f64),
                             testid: &'static str,
                             label: &'static str,
                             edited: Option<RwSignal<bool>>| {
        let id = format!("goal-form-{testid}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="number"
                    step="any"
                    data-testid=testid
                    prop:value=move || input_number(goal.with(get) * scale())
                    on:change=move |ev| {
                        let v = parse_number(&event_target_value(&ev)) / scale();
                        goal.update(|g| set(g, v));
                        if let Some(edited) = edited {
                            edited.set(true);
                        }
                    }
                />
            </div>
        }
    };
    let t = move || state.t();
    view! {
        <section class="card goal-form" data-testid="goal-form">
            <h2>{move || if is_new { t().goal_form_new } else { t().goal_form_edit }}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                if validation().is_ok() && measurable() {
                    save(())
                }
            }>
                <div class="form-grid">
                    <div class="field wide">
                        <label for="goal-form-name">{move || t().goal_name}</label>
                        <input
                            id="goal-form-name"
                            type="text"
                            data-testid="goal-name"
                            prop:value=move || goal.with(|g| g.name.clone())
                            on:input=move |ev| goal.update(|g| g.name = event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="goal-form-kpi">{move || t().goal_kpi}</label>
                        <select
                            id="goal-form-kpi"
                            data-testid="goal-kpi"
                            on:change=move |ev| {
                                if let Some(k) = Kpi::from_key(&event_target_value(&ev)) {
                                    goal.update(|g| g.kpi = k);
                                }
                            }
                        >
                            <optgroup label=move || {
                                t().kpi_group_measured
                            }>
                                {Kpi::MEASURED
                                    .into_iter()
                                    .map(|k| {
                                        let key = k.key();
                                        let k2 = k.clone();
                                        view! {
                                            <option
                                                value=key
                                                selected=move || goal.with(|g| g.kpi == k2)
                                            >
                                                {move || state.lang().kpi_name(&k)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </optgroup>
                            {move || {
                                let s = surveys();
                                (!s.is_empty())
                                    .then(|| {
                                        view! {
                                            <optgroup label=t()
                                                .kpi_group_surveys>
                                                {s
                                                    .into_iter()
                                                    .map(|s| {
                                                        let k = Kpi::Survey(s.name.clone());
                                                        let k2 = k.clone();
                                                        view! {
                                                            <option
                                                                value=k.key()
                                                                selected=move || goal.with(|g| g.kpi == k2)
                                                            >
                                                                {s.name.clone()}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </optgroup>
                                        }
                                    })
                            }}
                        </select>
                        <p class="help" data-testid="goal-kpi-definition">
                            {move || {
                                let settings = state.settings.with(|s| s.goals.kpi);
                                goal.with(|g| state.lang().kpi_definition(&g.kpi, &settings))
                            }}
                        </p>
                        {move || {
                            goal.with(|g| g.kpi.needs_model())
                                .then(|| view! { <p class="help">{t().kpi_model_note}</p> })
                        }}
                    </div>
                    <div class="field">
                        <label for="goal-form-scope">{move || t().goal_scope}</label>
                        <select
                            id="goal-form-scope"
                            data-testid="goal-scope"
                            on:change=move |ev| {
                                let date = goal.with_untracked(|g| g.start);
                                if let Some(s) = scope_from_key(&event_target_value(&ev), date) {
                                    goal.update(|g| g.scope = s);
                                }
                            }
                        >
                            {move || {
                                let t = state.t();
                                let lang = state.lang();
                                let current = goal.with(|g| scope_key(&g.scope));
                                let opt = |key: String, label: String| {
                                    let selected = key == current;
                                    view! {
                                        <option value=key selected=selected>
                                            {label}
                                        </option>
                                    }
                                };
                                let customs: Vec<String> = state
                                    .settings
                                    .with(|s| s.segments.iter().map(|s| s.name.clone()).collect());
                                view! {
                                    {opt("all".into(), t.scope_all.into())}
                                    {opt("new-since".into(), t.scope_new_since_option.into())}
                                    {opt("existing-before".into(), t.scope_existing_option.into())}
                                    <optgroup label=t
                                        .scope_segment_rfm>
                                        {RfmSegment::ALL
                                            .into_iter()
                                            .map(|s| opt(
                                                format!("rfm:{}", s.key()),
                                                lang.rfm_name(s).into(),
                                            ))
                                            .collect_view()}
                                    </optgroup>
                                    <optgroup label=t
                                        .scope_segment_tier>
                                        {ClvTier::ALL
                                            .into_iter()
                                            .map(|x| opt(
                                                format!("tier:{}", x.key()),
                                                lang.tier_name(x).into(),
                                            ))
                                            .collect_view()}
                                    </optgroup>
                                    <optgroup label=t
                                        .scope_segment_risk>
                                        {RiskBand::ALL
                                            .into_iter()
                                            .map(|x| opt(
                                                format!("risk:{}", x.key()),
                                                lang.band_name(x).into(),
                                            ))
                                            .collect_view()}
                                    </optgroup>
                                    {(!customs.is_empty())
                                        .then(|| {
                                            view! {
                                                <optgroup label=t
                                                    .scope_segment_custom>
                                                    {customs
                                                        .into_iter()
                                                        .map(|n| opt(format!("custom:{n}"), n.clone()))
                                                        .collect_view()}
                                                </optgroup>
                                            }
                                        })}
                                }
                                    .into_any()
                            }}
                        </select>
                        {move || {
                            let date = match goal.with(|g| g.scope.clone()) {
                                Scope::NewSince(d) | Scope::ExistingBefore(d) => Some(d),
                                _ => None,
                            };
                            date.map(|d| {
                                view! {
                                    <label class="sub-label" for="goal-form-scope-date">
                                        {t().goal_form_scope_date}
                                    </label>
                                    <input
                                        id="goal-form-scope-date"
                                        type="date"
                                        data-testid="goal-scope-date"
                                        prop:value=d.to_string()
                                        on:change=move |ev| {
                                            if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>()
                                            {
                                                goal.update(|g| match &mut g.scope {
                                                    Scope::NewSince(x) | Scope::ExistingBefore(x) => *x = d,
                                                    _ => {}
                                                });
                                            }
                                        }
                                    />
                                }
                            })
                        }}
                    </div>
                    <div class="field">
                        <label for="goal-form-start">{move || t().goal_start_label}</label>
                        <input
                            id="goal-form-start"
                            type="date"
                            data-testid="goal-start"
                            prop:value=move || goal.with(|g| g.start.to_string())
                            on:change=move |ev| {
                                if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>() {
                                    goal.update(|g| g.start = d)
                                }
                            }
                        />
                    </div>
                    <div class="field">
                        <label for="goal-form-deadline">{move || t().goal_deadline_label}</label>
                        <input
                            id="goal-form-deadline"
                            type="date"
                            data-testid="goal-deadline"
                            prop:value=move || goal.with(|g| g.deadline.to_string())
                            on:change=move |ev| {
                                if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>() {
                                    goal.update(|g| g.deadline = d)
                                }
                            }
                        />
                    </div>
                    {number_input(
                        |g| g.baseline,
                        |g, v| g.baseline = v,
                        "goal-baseline",
                        t().goal_baseline,
                        Some(baseline_edited),
                    )}
                    {number_input(
                        |g| g.target,
                        |g, v| g.target = v,
                        "goal-target",
                        t().goal_target,
                        None,
                    )}
                    <div class="field">
                        <label for="goal-form-stretch">
                            {move || t().goal_stretch}" ("{move || t().goal_form_stretch_hint}")"
                        </label>
                        <input
                            id="goal-form-stretch"
                            type="number"
                            step="any"
                            data-testid="goal-stretch"
                            prop:value=move || {
                                goal.with(|g| {
                                    g.stretch.map(|s| input_number(s * scale())).unwrap_or_default()
                                })
                            }
                            on:change=move |ev| {
                                let s = event_target_value(&ev);
                                let v = if s.trim().is_empty() {
                                    None
                                } else {
                                    Some(parse_number(&s) / scale())
                                };
                                goal.update(|g| g.stretch = v);
                            }
                        />
                    </div>
                    <div class="field">
                        <label for="goal-form-lever">{move || t().goal_lever}</label>
                        <select
                            id="goal-form-lever"
                            data-testid="goal-lever"
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                if let Some(l) = Lever::ALL.into_iter().find(|l| l.key() == key) {
                                    goal.update(|g| g.lever = l)
                                }
                            }
                        >
                            {Lever::ALL
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <option
                                            value=l.key()
                                            selected=move || goal.with(|g| g.lever == l)
                                        >
                                            {move || state.lang().goal_lever_name(l)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="goal-form-owner">{move || t().goal_owner}</label>
                        <input
                            id="goal-form-owner"
                            type="text"
                            data-testid="goal-owner"
                            prop:value=move || goal.with(|g| g.owner.clone())
                            on:input=move |ev| goal.update(|g| g.owner = event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="goal-form-cost">{move || t().goal_cost}</label>
                        <input
                            id="goal-form-cost"
                            type="number"
                            step="any"
                            min="0"
                            data-testid="goal-cost"
                            prop:value=move || goal.with(|g| input_number(g.cost))
                            on:change=move |ev| {
                                let v = parse_number(&event_target_value(&ev));
                                goal.update(|g| g.cost = if v.is_nan() { 0.0 } else { v });
                            }
                        />
                    </div>
                    <div class="field wide">
                        <label for="goal-form-notes">{move || t().goal_notes}</label>
                        <textarea
                            id="goal-form-notes"
                            rows="2"
                            data-testid="goal-notes"
                            prop:value=move || goal.with(|g| g.notes.clone())
                            on:input=move |ev| goal.update(|g| g.notes = event_target_value(&ev))
                        ></textarea>
                    </div>
                </div>
                <p class="help">
                    {move || (unit() == KpiUnit::Share).then(|| t().goal_form_percent_hint)}
                </p>
                <div class="measured" data-testid="goal-measured" role="status">
                    {move || {
                        let lang = state.lang();
                        let currency = state.currency();
                        match measured() {
                            Some(Ok(Some(b))) => {
                                let text = if goal.with(|g| g.start) > today() {
                                    t().goal_form_measured_future
                                } else {
                                    t().goal_form_measured
                                };
                                let shown = format::kpi_value(b, unit(), &currency, lang);
                                view! {
                                    <span>{fill(text, &[("value", &shown)])}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| {
                                            goal.update(|g| g.baseline = b);
                                            baseline_edited.set(false);
                                        }
                                    >
                                        {t().goal_form_use_measured}
                                    </button>
                                }
                                    .into_any()
                            }
                            Some(Ok(None)) => {
                                view! {
                                    <span>{fill(t().goal_form_measured, &[("value", "–")])}</span>
                                }
                                    .into_any()
                            }
                            Some(Err(e)) => {
                                view! {
                                    <span class="field-error">
                                        {fill(
                                            t().goal_form_not_measurable,
                                            &[("reason", &lang.kpi_error(&e))],
                                        )}
                                    </span>
                                }
                                    .into_any()
                            }
                            None => view! { <span></span> }.into_any(),
                        }
                    }}
                </div>
                <MilestonesEditor goal=goal scale=Signal::derive(scale) />
                {move || {
                    validation()
                        .err()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert" data-testid="goal-form-error">
                                    {fill(
                                        t().goal_invalid,
                                        &[("reason", &state.lang().goal_error(&e))],
                                    )}
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button
                        type="submit"
                        class="primary"
                        data-testid="goal-save"
                        disabled=move || validation().is_err() || !measurable()
                    >
                        {move || t().goal_form_save}
                    </button>
                    <button
                        type="button"
                        on:click=move |_| {
                            awaiting.set(None);
                            editing.set(None);
                        }
                    >
                        {move || t().goal_form_cancel}
                    </button>
                </div>
            </form>
            {move || {
                preview()
                    .map(|svg| {
                        view! {
                            <h3>{t().goal_form_preview}</h3>
                            <figure
                                class="chart"
                                data-testid="goal-preview"
                                aria-hidden="true"
                                inner_html=svg
                            ></figure>
                        }
                    })
            }}
        </section>
    }
}

/// Intermediate targets of the goal in the form.
#[component]
fn MilestonesEditor(
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
                <label>
                    <span>{move || state.t().goal_date}</span>
                    <input
                        type="date"
                        data-testid="milestone-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{move || state.t().goal_value}</span>
                    <input
                        type="number"
                        step="any"
                        class="short"
                        data-testid="milestone-value"
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                </label>
                <button type="button" class="small" data-testid="milestone-add" on:click=add>
                    {move || state.t().goal_milestone_add}
                </button>
            </div>
        </fieldset>
    }
}

/// Survey KPIs: define them and enter their values.
#[component]
fn SurveysCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let unit_share = RwSignal::new(false);
    let lower_better = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let add_survey = move |_| {
        let n = name.get_untracked().trim().to_owned();
        let exists = state
            .settings
            .with_untracked(|s| s.goals.surveys.iter().any(|s| s.name == n));
        if n.is_empty() || exists {
            error.set(Some(state.t().survey_err_name));
            return;
        }
        state.settings.update(|s| {
            s.goals.surveys.push(Survey {
                name: n,
                unit: if unit_share.get_untracked() {
                    KpiUnit::Share
                } else {
                    KpiUnit::Number
                },
                direction: if lower_better.get_untracked() {
                    Direction::LowerIsBetter
                } else {
                    Direction::HigherIsBetter
                },
                values: Vec::new(),
            })
        });
        name.set(String::new());
        error.set(None);
    };
    let value_survey = RwSignal::new(String::new());
    let value_date = RwSignal::new(String::new());
    let value_text = RwSignal::new(String::new());
    let add_value = move |_| {
        let survey = value_survey.get_untracked();
        let survey = if survey.is_empty() {
            state
                .settings
                .with_untracked(|s| s.goals.surveys.first().map(|s| s.name.clone()))
                .unwrap_or_default()
        } else {
            survey
        };
        let today = state.observation_end.get_untracked().unwrap_or_default();
        let date = match value_date.get_untracked().as_str() {
            "" => Ok(today),
            s => s.parse::<NaiveDate>(),
        };
        let v = parse_number(&value_text.get_untracked());
        let Ok(date) = date else {
            error.set(Some(state.t().survey_err_value));
            return;
        };
        if !v.is_finite() {
            error.set(Some(state.t().survey_err_value));
            return;
        }
        state.settings.update(|s| {
            if let Some(s) = s.goals.surveys.iter_mut().find(|s| s.name == survey) {
                let v = if s.unit == KpiUnit::Share {
                    v / 100.0
                } else {
                    v
                };
                s.values.push(SurveyValue { date, value: v });
            }
        });
        value_text.set(String::new());
        error.set(None);
    };
    let t = move || state.t();
    view! {
        <section class="card" data-testid="surveys">
            <h2>{move || t().surveys_title}</h2>
            <p class="help">{move || t().surveys_intro}</p>
            {move || {
                let lang = state.lang();
                let surveys = state.settings.with(|s| s.goals.surveys.clone());
                if surveys.is_empty() {
                    return view! { <p class="muted">{t().surveys_none}</p> }.into_any();
                }
                view! {
                    <ul class="plain" data-testid="survey-list">
                        {surveys
                            .into_iter()
                            .map(|s| {
                                let latest = s.values.iter().max_by_key(|v| v.date).copied();
                                let text = latest
                                    .map(|l| fill(
                                        t().survey_values,
                                        &[
                                            ("count", &s.values.len().to_string()),
                                            ("value", &format::kpi_value(l.value, s.unit, "", lang)),
                                            ("date", &format::date(l.date, lang)),
                                        ],
                                    ))
                                    .unwrap_or_else(|| t().surveys_none.to_owned());
                                view! {
                                    <li>
                                        <strong>{s.name.clone()}</strong>
                                        " · "
                                        {text}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add_survey(());
                }
            >
                <label class="grow">
                    <span>{move || t().survey_name}</span>
                    <input
                        type="text"
                        data-testid="survey-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{move || t().survey_unit}</span>
                    <select
                        data-testid="survey-unit"
                        on:change=move |ev| unit_share.set(event_target_value(&ev) == "share")
                    >
                        <option value="number">{move || t().survey_unit_number}</option>
                        <option value="share">{move || t().survey_unit_percent}</option>
                    </select>
                </label>
                <label>
                    <span>{move || t().survey_direction}</span>
                    <select
                        data-testid="survey-direction"
                        on:change=move |ev| lower_better.set(event_target_value(&ev) == "lower")
                    >
                        <option value="higher">{move || t().survey_higher_better}</option>
                        <option value="lower">{move || t().survey_lower_better}</option>
                    </select>
                </label>
                <button type="submit" class="small" data-testid="survey-add">
                    {move || t().survey_add}
                </button>
            </form>
            {move || {
                (!state.settings.with(|s| s.goals.surveys.is_empty()))
                    .then(|| {
                        view! {
                            <form
                                class="inline-form"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    add_value(());
                                }
                            >
                                <label>
                                    <span>{t().survey_name}</span>
                                    <select
                                        data-testid="survey-value-survey"
                                        on:change=move |ev| {
                                            value_survey.set(event_target_value(&ev))
                                        }
                                    >
                                        {state
                                            .settings
                                            .with(|s| {
                                                s.goals
                                                    .surveys
                                                    .iter()
                                                    .map(|s| {
                                                        view! {
                                                            <option value=s.name.clone()>{s.name.clone()}</option>
                                                        }
                                                    })
                                                    .collect_view()
                                            })}
                                    </select>
                                </label>
                                <label>
                                    <span>{t().goal_date}</span>
                                    <input
                                        type="date"
                                        data-testid="survey-value-date"
                                        prop:value=move || value_date.get()
                                        on:input=move |ev| value_date.set(event_target_value(&ev))
                                    />
                                </label>
                                <label>
                                    <span>{t().goal_value}</span>
                                    <input
                                        type="number"
                                        step="any"
                                        class="short"
                                        data-testid="survey-value"
                                        prop:value=move || value_text.get()
                                        on:input=move |ev| value_text.set(event_target_value(&ev))
                                    />
                                </label>
                                <button type="submit" class="small" data-testid="survey-value-add">
                                    {t().survey_add_value}
                                </button>
                            </form>
                        }
                    })
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// Status thresholds, review period and KPI windows.
#[component]
fn GoalSettingsCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let field = move |label: fn(&crate::i18n::Texts) -> &'static str,
                      get: fn(&GoalBook) -> f64,
                      set: fn(&mut GoalBook, f64),
                      testid: &'static str| {
        view! {
            <label class="field">
                <span class="label">{move || label(state.t())}</span>
                <input
                    type="number"
                    step="any"
                    class="short"
                    data-testid=testid
                    prop:value=move || state.settings.with(|s| input_number(get(&s.goals)))
                    on:change=move |ev| {
                        let v = parse_number(&event_target_value(&ev));
                        if v.is_finite() && v >= 0.0 {
                            state.settings.update(|s| set(&mut s.goals, v));
                        }
                    }
                />
            </label>
        }
    };
    view! {
        <details class="card settings-card">
            <summary>
                <h2>{move || t().goal_settings}</h2>
            </summary>
            <div class="form-grid">
                {field(
                    |t| t.goal_settings_on_track,
                    |b| b.thresholds.on_track * 100.0,
                    |b, v| b.thresholds.on_track = (v / 100.0).max(b.thresholds.at_risk),
                    "setting-on-track",
                )}
                {field(
                    |t| t.goal_settings_at_risk,
                    |b| b.thresholds.at_risk * 100.0,
                    |b, v| b.thresholds.at_risk = (v / 100.0).min(b.thresholds.on_track),
                    "setting-at-risk",
                )}
                {field(
                    |t| t.goal_settings_review_days,
                    |b| b.review_days as f64,
                    |b, v| b.review_days = v.round() as u32,
                    "setting-review-days",
                )}
                {field(
                    |t| t.goal_settings_active_p,
                    |b| b.kpi.active_p_alive * 100.0,
                    |b, v| b.kpi.active_p_alive = (v / 100.0).min(1.0),
                    "setting-active-p",
                )}
                {field(
                    |t| t.goal_settings_active_days,
                    |b| b.kpi.active_days as f64,
                    |b, v| b.kpi.active_days = (v.round() as u32).max(1),
                    "setting-active-days",
                )}
                {field(
                    |t| t.goal_settings_churn_days,
                    |b| b.kpi.churn_window_days as f64,
                    |b, v| b.kpi.churn_window_days = (v.round() as u32).max(1),
                    "setting-churn-days",
                )}
            </div>
        </details>
    }
}
