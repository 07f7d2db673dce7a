//! The goal form with a live preview of the baseline and the chart.

use super::form_fields::{
    DateField, GoalDate, GoalNumber, GoalText, KpiSelect, LeverSelect, NumberField, ScopeSelect,
    TextField,
};
use super::{goal_chart, input_scale, with_context, MilestonesEditor};
use crate::clv::goals::{
    default_target, track, Goal, GoalPreview, GoalTemplate, Kpi, KpiError, KpiUnit, Scope,
};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The measured baseline of the goal in the form: `None` until measured.
type Measured = Option<Result<Option<f64>, KpiError>>;

/// The goal form with a live preview of the baseline and the chart.
#[component]
pub(super) fn GoalForm(
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
    let unit = Signal::derive(move || {
        state
            .settings
            .with(|s| goal.with(|g| g.kpi.unit(&s.goals.surveys)))
    });
    let scale = Signal::derive(move || input_scale(unit.get()));

    // The series depends on what is measured, where and when: not on the name or target.
    let measured_key =
        Memo::new(move |_| goal.with(|g| (g.kpi.clone(), g.scope.clone(), g.start, g.deadline)));
    let preview = Memo::new(move |_| {
        measured_key.track();
        let probe = goal.get_untracked();
        with_context(state, |ctx, today, _| {
            GoalPreview::measure(ctx, &probe, today)
        })
    });
    let measured = Signal::derive(move || {
        preview.with(|p| {
            p.as_ref()
                .map(|r| r.as_ref().map(|p| p.baseline).map_err(Clone::clone))
        })
    });
    let baseline_edited = RwSignal::new(!is_new);
    follow_measured_baseline(goal, measured_key, measured, baseline_edited, awaiting);

    let validation = move || {
        let direction = state
            .settings
            .with(|s| goal.with(|g| g.kpi.direction(&s.goals.surveys)));
        goal.with(|g| g.validate(direction))
    };
    // A goal the data cannot measure is not saved (the reason shows under the fields).
    let measurable = move || !matches!(measured.get(), Some(Err(_)) | None);
    let save = move || {
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
    let t = move || state.t();
    let error = move || {
        validation().err().map(|e| {
            view! {
                <p class="field-error" role="alert" data-testid="goal-form-error">
                    {fill(t().goal_invalid, &[("reason", &state.lang().goal_error(&e))])}
                </p>
            }
        })
    };
    view! {
        <section class="card goal-form" data-testid="goal-form">
            <h2>{move || if is_new { t().goal_form_new } else { t().goal_form_edit }}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                if validation().is_ok() && measurable() {
                    save()
                }
            }>
                <GoalFields goal=goal scale=scale baseline_edited=baseline_edited />
                <p class="help">
                    {move || (unit.get() == KpiUnit::Share).then(|| t().goal_form_percent_hint)}
                </p>
                <MeasuredBaseline
                    goal=goal
                    measured=measured
                    unit=unit
                    baseline_edited=baseline_edited
                />
                <MilestonesEditor goal=goal scale=scale />
                {error}
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
            <PreviewChart goal=goal preview=preview unit=unit />
        </section>
    }
}

/// The baseline follows the measurement (a new KPI, scope or start, or the
/// model arriving) until it is edited by hand; an existing goal keeps its
/// baseline until its KPI, scope or start change. A new goal created before
/// the model was ready gets baseline and target from its first measurement.
fn follow_measured_baseline(
    goal: RwSignal<Goal>,
    measured_key: Memo<(Kpi, Scope, NaiveDate, NaiveDate)>,
    measured: Signal<Measured>,
    baseline_edited: RwSignal<bool>,
    awaiting: RwSignal<Option<Option<GoalTemplate>>>,
) {
    Effect::new(move |previous: Option<(Kpi, Scope, NaiveDate)>| {
        let (kpi, scope, start, _) = measured_key.get();
        let key = (kpi, scope, start);
        if previous.as_ref().is_some_and(|p| *p != key) {
            baseline_edited.set(false);
        }
        if !baseline_edited.get_untracked() {
            if let Some(Ok(Some(b))) = measured.get() {
                if goal.with_untracked(|g| g.baseline != b) {
                    goal.update(|g| g.baseline = b);
                }
            }
        }
        key
    });
    Effect::new(move |_| {
        let Some(template) = awaiting.get() else {
            return;
        };
        if let Some(Ok(Some(b))) = measured.get() {
            goal.update(|g| {
                g.baseline = b;
                g.target = default_target(template, b);
            });
            awaiting.set(None);
        }
    });
}

/// The form's fields, in the order a goal is thought through.
#[component]
fn GoalFields(
    goal: RwSignal<Goal>,
    scale: Signal<f64>,
    baseline_edited: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="form-grid">
            <TextField goal=goal text=GoalText::Name />
            <KpiSelect goal=goal />
            <ScopeSelect goal=goal />
            <DateField goal=goal date=GoalDate::Start />
            <DateField goal=goal date=GoalDate::Deadline />
            <NumberField goal=goal number=GoalNumber::Baseline scale=scale edited=baseline_edited />
            <NumberField goal=goal number=GoalNumber::Target scale=scale />
            <NumberField goal=goal number=GoalNumber::Stretch scale=scale />
            <LeverSelect goal=goal />
            <TextField goal=goal text=GoalText::Owner />
            <NumberField goal=goal number=GoalNumber::Cost scale=scale />
            <TextField goal=goal text=GoalText::Notes />
        </div>
    }
}

/// What the data says the baseline is, with a button to take it.
#[component]
fn MeasuredBaseline(
    goal: RwSignal<Goal>,
    measured: Signal<Measured>,
    unit: Signal<KpiUnit>,
    baseline_edited: RwSignal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let note = move || {
        let (t, lang) = (state.t(), state.lang());
        match measured.get() {
            Some(Ok(Some(b))) => {
                let future = state
                    .observation_end
                    .get()
                    .is_some_and(|today| goal.with(|g| g.start) > today);
                let text = if future {
                    t.goal_form_measured_future
                } else {
                    t.goal_form_measured
                };
                let shown = format::kpi_value(b, unit.get(), &state.currency(), lang);
                let take = move |_| {
                    goal.update(|g| g.baseline = b);
                    baseline_edited.set(false);
                };
                view! {
                    <span>{fill(text, &[("value", &shown)])}</span>
                    " "
                    <button type="button" class="link" on:click=take>
                        {t.goal_form_use_measured}
                    </button>
                }
                .into_any()
            }
            Some(Ok(None)) => {
                view! { <span>{fill(t.goal_form_measured, &[("value", "–")])}</span> }.into_any()
            }
            Some(Err(e)) => {
                let reason = lang.kpi_error(&e);
                view! {
                    <span class="field-error">
                        {fill(t.goal_form_not_measurable, &[("reason", &reason)])}
                    </span>
                }
                .into_any()
            }
            None => view! { <span></span> }.into_any(),
        }
    };
    view! {
        <div class="measured" data-testid="goal-measured" role="status">
            {note}
        </div>
    }
}

/// The goal chart of the goal as it stands in the form (a valid goal only).
#[component]
fn PreviewChart(
    goal: RwSignal<Goal>,
    preview: Memo<Option<Result<GoalPreview, KpiError>>>,
    unit: Signal<KpiUnit>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let svg = move || {
        let today = state.observation_end.get().unwrap_or_default();
        let thresholds = state.settings.with(|s| s.goals.thresholds);
        let direction = state
            .settings
            .with(|s| goal.with(|g| g.kpi.direction(&s.goals.surveys)));
        preview.with(|p| {
            let series = &p.as_ref()?.as_ref().ok()?.series;
            let g = goal.get();
            g.validate(direction).ok()?;
            let tracking = track(&g, series, today, &thresholds);
            let chart = goal_chart(
                &g,
                series,
                &tracking,
                today,
                unit.get(),
                &state.currency(),
                state.lang(),
            );
            Some(chart.0)
        })
    };
    move || {
        svg().map(|svg| {
            view! {
                <h3>{state.t().goal_form_preview}</h3>
                <figure
                    class="chart"
                    data-testid="goal-preview"
                    aria-hidden="true"
                    inner_html=svg
                ></figure>
            }
        })
    }
}
