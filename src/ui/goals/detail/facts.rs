//! The goal's numbers: the facts table with its notes on the forecast and
//! the status, the milestones and notes, and the ROI.

use super::Formats;
use crate::clv::goals::{
    valued_on_revenue, ForecastMethod, Goal, GoalTracking, Roi, RoiOutcome, StatusThresholds,
};
use crate::format;
use crate::i18n::fill;
use leptos::prelude::*;

/// One row of the facts table.
#[component]
fn FactRow(
    label: &'static str,
    text: String,
    /// `data-testid` of the value's cell.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td class="num" data-testid=testid>
                {text}
            </td>
        </tr>
    }
}

/// Baseline, current value, targets, progress, dates, forecast, lever, owner
/// and cost, with how the forecast is made and what the statuses mean.
#[component]
pub(super) fn GoalFacts(
    goal: Goal,
    /// `None` if the KPI cannot be computed.
    tracking: Option<GoalTracking>,
    thresholds: StatusThresholds,
    fmt: Formats,
) -> impl IntoView {
    let (lang, t) = (fmt.lang, fmt.lang.texts());
    let value = |v: f64| fmt.value(v);
    let current = tracking.as_ref().and_then(|t| t.current);
    let progress = tracking.as_ref().and_then(|t| t.progress);
    let fc = tracking.as_ref().and_then(|t| t.forecast);
    let forecast = fc
        .map(|f| {
            fill(
                t.goal_forecast_value,
                &[
                    ("value", &value(f.value)),
                    ("low", &value(f.low)),
                    ("high", &value(f.high)),
                ],
            )
        })
        .unwrap_or_else(|| t.goal_forecast_none.to_owned());
    let forecast_help = match fc.map(|f| f.method) {
        Some(ForecastMethod::Model) => t.goal_forecast_help_model,
        _ => t.goal_forecast_help,
    };
    let status_help = fill(
        t.status_help,
        &[
            ("on", &format::number(thresholds.on_track * 100.0, 0, lang)),
            ("risk", &format::number(thresholds.at_risk * 100.0, 0, lang)),
        ],
    );
    let dash = || "–".to_owned();
    view! {
        <h3>{t.goal_progress}</h3>
        <table class="facts">
            <tbody>
                <FactRow label=t.goal_baseline text=value(goal.baseline) testid="detail-baseline" />
                <FactRow
                    label=t.goal_current
                    text=current.map(value).unwrap_or_else(dash)
                    testid="detail-current"
                />
                <FactRow label=t.goal_target text=value(goal.target) testid="detail-target" />
                {goal
                    .stretch
                    .map(|s| {
                        view! {
                            <FactRow label=t.goal_stretch text=value(s) testid="detail-stretch" />
                        }
                    })}
                <FactRow
                    label=t.goal_progress
                    text=progress.map(|p| format::percent(p, 1, lang)).unwrap_or_else(dash)
                    testid="detail-progress"
                />
                <FactRow
                    label=t.goal_start_label
                    text=format::date(goal.start, lang)
                    testid="detail-start"
                />
                <FactRow
                    label=t.goal_deadline_label
                    text=format::date(goal.deadline, lang)
                    testid="detail-deadline"
                />
                <FactRow label=t.goal_forecast text=forecast testid="detail-forecast" />
                <FactRow
                    label=t.goal_lever
                    text=lang.goal_lever_name(goal.lever).to_owned()
                    testid="detail-lever"
                />
                {(!goal.owner.is_empty())
                    .then(|| {
                        view! {
                            <FactRow
                                label=t.goal_owner
                                text=goal.owner.clone()
                                testid="detail-owner"
                            />
                        }
                    })}
                <FactRow label=t.goal_cost text=fmt.money(goal.cost) testid="detail-cost" />
            </tbody>
        </table>
        <p class="help" data-testid="detail-forecast-method">
            {forecast_help}
        </p>
        <p class="help">{status_help}</p>
    }
}

/// The goal's milestones and notes, each only if there are any.
#[component]
pub(super) fn MilestonesAndNotes(goal: Goal, fmt: Formats) -> impl IntoView {
    let t = fmt.lang.texts();
    let milestones = (!goal.milestones.is_empty()).then(|| {
        view! {
            <h3>{t.goal_milestones}</h3>
            <ul class="plain">
                {goal
                    .milestones
                    .iter()
                    .map(|m| {
                        view! { <li>{format::date(m.date, fmt.lang)}": "{fmt.value(m.value)}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let notes = (!goal.notes.is_empty()).then(|| {
        view! {
            <h3>{t.goal_notes}</h3>
            <p class="notes">{goal.notes.clone()}</p>
        }
    });
    view! {
        {milestones}
        {notes}
    }
}

/// The ROI (or why there is none) and what it is valued on.
#[component]
pub(super) fn GoalRoi(
    goal: Goal,
    /// From the goal's view: `None` without a cost or a model.
    roi: Option<Roi>,
    fmt: Formats,
) -> impl IntoView {
    let (lang, t) = (fmt.lang, fmt.lang.texts());
    let text = match RoiOutcome::of(&goal, roi) {
        RoiOutcome::Computed(r) => fill(
            t.goal_roi_value,
            &[
                ("gain", &fmt.money(r.gain)),
                ("cost", &fmt.money(r.cost)),
                (
                    "roi",
                    &r.roi
                        .map(|x| format::percent(x, 0, lang))
                        .unwrap_or_else(|| "–".into()),
                ),
            ],
        ),
        RoiOutcome::NoCost => t.goal_roi_none.to_owned(),
        RoiOutcome::NeedsModel => t.goal_roi_needs_model.to_owned(),
    };
    let help = if valued_on_revenue(&goal) {
        t.goal_roi_help_revenue
    } else {
        t.goal_roi_help_equity
    };
    view! {
        <h3>{t.goal_roi}</h3>
        <p data-testid="goal-roi">{text}</p>
        <p class="help">{help}</p>
    }
}
