//! One goal on the dashboard: status, numbers, sparkline, progress and forecast.

use super::status_class;
use crate::charts::sparkline_svg;
use crate::clv::goals::{ForecastMethod, GoalView};
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
