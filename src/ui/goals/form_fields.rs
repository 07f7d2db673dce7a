//! The goal form's fields, each bound to the goal being edited: KPI, scope
//! (with its date), dates, numbers in the KPI's input scale, lever and text.

use super::{input_number, parse_number};
use crate::clv::goals::{Goal, Kpi, Lever, Scope};
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::ui::widgets::{Field, Label};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The KPI `<select>`: the measured KPIs, then the survey KPIs; with the
/// definition of the chosen KPI under it.
#[component]
pub(super) fn KpiSelect(goal: RwSignal<Goal>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let option = move |kpi: Kpi, label: Signal<String>| {
        let chosen = kpi.clone();
        view! {
            <option value=kpi.key() selected=move || goal.with(|g| g.kpi == chosen)>
                {label}
            </option>
        }
    };
    let measured = Kpi::MEASURED
        .into_iter()
        .map(|k| {
            let name = k.clone();
            option(
                k,
                Signal::derive(move || state.lang().kpi_name(&name).to_string()),
            )
        })
        .collect_view();
    let surveys = move || {
        let surveys = state.settings.with(|s| s.goals.surveys.clone());
        (!surveys.is_empty()).then(|| {
            view! {
                <optgroup label=state
                    .t()
                    .kpi_group_surveys>
                    {surveys
                        .into_iter()
                        .map(|s| option(Kpi::Survey(s.name.clone()), Signal::stored(s.name)))
                        .collect_view()}
                </optgroup>
            }
        })
    };
    view! {
        <Field id="goal-form-kpi" label=|t| t.goal_kpi>
            <select
                id="goal-form-kpi"
                data-testid="goal-kpi"
                on:change=move |ev| {
                    if let Some(k) = Kpi::from_key(&event_target_value(&ev)) {
                        goal.update(|g| g.kpi = k);
                    }
                }
            >
                <optgroup label=move || state.t().kpi_group_measured>{measured}</optgroup>
                {surveys}
            </select>
            <p class="help" data-testid="goal-kpi-definition">
                {move || {
                    let settings = state.settings.with(|s| s.goals.kpi);
                    goal.with(|g| state.lang().kpi_definition(&g.kpi, &settings))
                }}
            </p>
            {move || {
                goal.with(|g| g.kpi.needs_model())
                    .then(|| view! { <p class="help">{state.t().kpi_model_note}</p> })
            }}
        </Field>
    }
}

/// The scope `<select>` (all, new since, existing before, the RFM segments,
/// CLV tiers, risk bands and custom segments), with the date of a dated scope.
#[component]
pub(super) fn ScopeSelect(goal: RwSignal<Goal>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = move || {
        let t = state.t();
        let lang = state.lang();
        let current = goal.with(|g| g.scope.form_key());
        let date = goal.with_untracked(|g| g.start);
        let opt = |scope: Scope, label: String| {
            let key = scope.form_key();
            let selected = key == current;
            view! {
                <option value=key selected=selected>
                    {label}
                </option>
            }
        };
        let group = |label: &'static str, options: Vec<(Scope, String)>| {
            (!options.is_empty()).then(|| {
                view! {
                    <optgroup label=label>
                        {options.into_iter().map(|(s, l)| opt(s, l)).collect_view()}
                    </optgroup>
                }
            })
        };
        let segment = |s| Scope::Segment(s);
        use crate::clv::goals::SegmentRef::{Custom, Rfm, Risk, Tier};
        let rfm = RfmSegment::ALL.map(|s| (segment(Rfm(s)), lang.rfm_name(s).to_owned()));
        let tiers = ClvTier::ALL.map(|x| (segment(Tier(x)), lang.tier_name(x).to_owned()));
        let risks = RiskBand::ALL.map(|x| (segment(Risk(x)), lang.band_name(x).to_owned()));
        let customs: Vec<(Scope, String)> = state.settings.with(|s| {
            s.segments
                .iter()
                .map(|s| (segment(Custom(s.name.clone())), s.name.clone()))
                .collect()
        });
        view! {
            {opt(Scope::All, t.scope_all.into())}
            {opt(Scope::NewSince(date), t.scope_new_since_option.into())}
            {opt(Scope::ExistingBefore(date), t.scope_existing_option.into())}
            {group(t.scope_segment_rfm, rfm.to_vec())}
            {group(t.scope_segment_tier, tiers.to_vec())}
            {group(t.scope_segment_risk, risks.to_vec())}
            {group(t.scope_segment_custom, customs)}
        }
        .into_any()
    };
    let scope_date = move || {
        goal.with(|g| g.scope.date()).map(|d| {
            view! {
                <label class="sub-label" for="goal-form-scope-date">
                    {state.t().goal_form_scope_date}
                </label>
                <input
                    id="goal-form-scope-date"
                    type="date"
                    data-testid="goal-scope-date"
                    prop:value=d.to_string()
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>() {
                            goal.update(|g| g.scope.set_date(d));
                        }
                    }
                />
            }
        })
    };
    view! {
        <Field id="goal-form-scope" label=|t| t.goal_scope>
            <select
                id="goal-form-scope"
                data-testid="goal-scope"
                on:change=move |ev| {
                    let date = goal.with_untracked(|g| g.start);
                    if let Some(s) = Scope::from_form_key(&event_target_value(&ev), date) {
                        goal.update(|g| g.scope = s);
                    }
                }
            >
                {options}
            </select>
            {scope_date}
        </Field>
    }
}

/// A date of the goal.
#[component]
pub(super) fn DateField(
    goal: RwSignal<Goal>,
    get: fn(&Goal) -> NaiveDate,
    set: fn(&mut Goal, NaiveDate),
    /// The input's id; its test id drops the `-form`.
    id: &'static str,
    label: Label,
) -> impl IntoView {
    view! {
        <Field id=id label=label>
            <input
                id=id
                type="date"
                data-testid=id.replacen("goal-form-", "goal-", 1)
                prop:value=move || goal.with(|g| get(g).to_string())
                on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>() {
                        goal.update(|g| set(g, d))
                    }
                }
            />
        </Field>
    }
}

/// A number of the goal in the KPI's input scale (shares in percent); an
/// empty field is `None` where the number is optional.
#[component]
pub(super) fn NumberField(
    goal: RwSignal<Goal>,
    get: fn(&Goal) -> Option<f64>,
    set: fn(&mut Goal, Option<f64>),
    /// Input scale of the KPI (100 for shares entered in percent).
    scale: Signal<f64>,
    testid: &'static str,
    label: Label,
    /// Set when the user edits the field.
    #[prop(optional)]
    edited: Option<RwSignal<bool>>,
    /// A hint after the label, in brackets.
    #[prop(optional)]
    hint: Option<Label>,
    /// The smallest value the input offers.
    #[prop(optional)]
    min: Option<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("goal-form-{}", testid.trim_start_matches("goal-"));
    let hint = move || hint.map(|h| format!(" ({})", h(state.t())));
    view! {
        <div class="field">
            <label for=id.clone()>{move || label(state.t())}{hint}</label>
            <input
                id=id
                type="number"
                step="any"
                min=min
                data-testid=testid
                prop:value=move || {
                    goal.with(get).map(|v| input_number(v * scale.get())).unwrap_or_default()
                }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = (!text.trim().is_empty()).then(|| parse_number(&text) / scale.get());
                    goal.update(|g| set(g, v));
                    if let Some(edited) = edited {
                        edited.set(true);
                    }
                }
            />
        </div>
    }
}

/// The lever `<select>`: what the goal works through.
#[component]
pub(super) fn LeverSelect(goal: RwSignal<Goal>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Field id="goal-form-lever" label=|t| t.goal_lever>
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
                            <option value=l.key() selected=move || goal.with(|g| g.lever == l)>
                                {move || state.lang().goal_lever_name(l)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// A text of the goal: one line, or several with `rows`.
#[component]
pub(super) fn TextField(
    goal: RwSignal<Goal>,
    get: fn(&Goal) -> String,
    set: fn(&mut Goal, String),
    id: &'static str,
    testid: &'static str,
    label: Label,
    /// Rows of a multi-line text.
    #[prop(optional)]
    rows: Option<u32>,
    /// Across the whole form.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = move || goal.with(get);
    let input = move |ev| goal.update(|g| set(g, event_target_value(&ev)));
    let field = match rows {
        Some(rows) => view! { <textarea id=id rows=rows data-testid=testid prop:value=value on:input=input></textarea> }
        .into_any(),
        None => view! { <input id=id type="text" data-testid=testid prop:value=value on:input=input /> }
        .into_any(),
    };
    view! {
        <div class="field" class:wide=wide>
            <label for=id>{move || label(state.t())}</label>
            {field}
        </div>
    }
}
