//! One goal on the dashboard: status, numbers, sparkline, progress and forecast.
//!
//! The figures come prepared from the core ([`GoalCardFigures`]); the parts
//! below format and draw them. A component's body is untracked: the parts
//! follow the language and the settings because [`GoalCard`] reads both and
//! draws them again.

use super::status_class;
use crate::charts::sparkline_svg;
use crate::clv::goals::{
    DaysLeft, Forecast, ForecastMethod, GoalCardFigures, GoalStatus, GoalView,
};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// One goal on the dashboard.
#[component]
pub(super) fn GoalCard(
    /// The goal's id.
    id: u32,
    /// Tracking of every goal.
    views: Memo<Vec<GoalView>>,
    /// The goal whose detail is open.
    selected: RwSignal<Option<u32>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goal = move || state.settings.with(|s| s.goals.get(id).cloned());
    let figures = move || {
        views.with(|v| {
            v.iter()
                .find(|v| v.id == id)
                .map(GoalCardFigures::of)
                .unwrap_or_default()
        })
    };
    move || {
        let goal = goal()?;
        let f = figures();
        let lang = state.lang();
        let t = state.t();
        let (currency, surveys) = state
            .settings
            .with(|s| (s.currency.clone(), s.goals.surveys.clone()));
        let unit = goal.kpi.unit(&surveys);
        let value = |v: f64| format::kpi_value(v, unit, &currency, lang);
        let status_key = f.status.map_or("error", status_class);
        let spark = sparkline_svg(&f.sparkline, Some(goal.target)).unwrap_or_default();
        Some(view! {
            <article
                class=format!("goal-card status-{status_key}")
                data-testid=format!("goal-card-{id}")
                class:active=move || selected.get() == Some(id)
            >
                <header>
                    <h3>{goal.name.clone()}</h3>
                    {f.status.map(|s| view! { <StatusPill status=s /> })}
                </header>
                <p class="goal-kpi">
                    {lang.kpi_name(&goal.kpi)}" · "{lang.scope_label(&goal.scope)}
                </p>
                {f
                    .error
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
                            {f.current.map(value).unwrap_or_else(|| "–".into())}
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
                <ProgressBar
                    progress=f.progress
                    bar_percent=f.bar_percent
                    planned_percent=f.planned_percent
                />
                <p class="goal-meta">
                    <DaysLeftText days=f.days />
                    {f.needs_review.then(|| view! { <ReviewDue /> })}
                </p>
                <CardForecast
                    forecast=f.forecast
                    value=f.forecast.map(|x| value(x.value)).unwrap_or_default()
                />
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

/// The goal's status as a coloured pill.
#[component]
fn StatusPill(status: GoalStatus) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <span class=format!("status-pill status-{}", status.key()) data-testid="goal-status">
            {state.lang().goal_status_name(status)}
        </span>
    }
}

/// The progress bar with the plan's mark, and progress against the plan in words.
#[component]
fn ProgressBar(
    /// Progress from baseline to target, if known.
    progress: Option<f64>,
    /// The bar's width in percent.
    bar_percent: f64,
    /// Where the plan is by now, in percent.
    planned_percent: f64,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (t, lang) = (state.t(), state.lang());
    let (width, planned) = (bar_percent, planned_percent);
    view! {
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
    }
}

/// "90 days left" or "3 days over".
#[component]
fn DaysLeftText(days: DaysLeft) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (t, lang) = (state.t(), state.lang());
    let (text, days) = match days {
        DaysLeft::Left(d) => (t.goal_days_left, d),
        DaysLeft::Over(d) => (t.goal_days_over, d),
    };
    view! {
        <span data-testid="goal-days-left">
            {fill(text, &[("days", &format::count(days as usize, lang))])}
        </span>
    }
}

/// The badge of a goal due for review.
#[component]
fn ReviewDue() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = state.t();
    let review_days = state.settings.with(|s| s.goals.review_days);
    view! {
        <span
            class="badge badge-warn"
            data-testid="goal-review-due"
            title=fill(t.goal_review_due_help, &[("days", &review_days.to_string())])
        >
            {t.goal_review_due}
        </span>
    }
}

/// The forecast at the deadline and whether it reaches the target.
#[component]
fn CardForecast(
    forecast: Option<Forecast>,
    /// The forecast's value, formatted.
    value: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = state.t();
    let help = match forecast.map(|f| f.method) {
        Some(ForecastMethod::Model) => t.goal_forecast_help_model,
        _ => t.goal_forecast_help,
    };
    view! {
        <p class="goal-forecast" data-testid="goal-forecast" title=help>
            <span class="stat-label">{t.goal_forecast}</span>
            " "
            {match forecast {
                Some(f) => {
                    let reaches = f.reaches_target;
                    let verdict = if reaches {
                        t.goal_forecast_reaches
                    } else {
                        t.goal_forecast_misses
                    };
                    view! {
                        <span class:reaches=reaches class:misses=!reaches>
                            {format!("{value} · {verdict}")}
                        </span>
                    }
                        .into_any()
                }
                None => view! { <span class="muted">{t.goal_forecast_none}</span> }.into_any(),
            }}
        </p>
    }
}
