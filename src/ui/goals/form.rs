//! The goal form with a live preview of the baseline and the chart.

use super::{
    goal_chart, input_number, input_scale, parse_number, scope_from_key, scope_key, with_context,
    MilestonesEditor,
};
use crate::clv::goals::{
    series_dates, track, Goal, GoalTemplate, Kpi, KpiEngine, KpiUnit, Lever, Scope,
};
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

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
