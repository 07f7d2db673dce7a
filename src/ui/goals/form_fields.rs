//! The goal form's fields, each bound to the goal being edited: KPI, scope
//! (with its date), dates, numbers in the KPI's input scale, lever and text.

use super::{input_number, parse_number};
use crate::clv::goals::{Goal, Kpi, Lever, Scope};
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::i18n::Texts;
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

/// The goal's dates in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GoalDate {
    Start,
    Deadline,
}

impl GoalDate {
    fn get(self, g: &Goal) -> NaiveDate {
        match self {
            GoalDate::Start => g.start,
            GoalDate::Deadline => g.deadline,
        }
    }

    fn set(self, g: &mut Goal, date: NaiveDate) {
        match self {
            GoalDate::Start => g.start = date,
            GoalDate::Deadline => g.deadline = date,
        }
    }

    /// The field's name: its id is `goal-form-{name}`, its test id `goal-{name}`.
    fn name(self) -> &'static str {
        match self {
            GoalDate::Start => "start",
            GoalDate::Deadline => "deadline",
        }
    }

    fn label(self) -> Label {
        match self {
            GoalDate::Start => |t| t.goal_start_label,
            GoalDate::Deadline => |t| t.goal_deadline_label,
        }
    }
}

/// A date of the goal.
#[component]
pub(super) fn DateField(goal: RwSignal<Goal>, date: GoalDate) -> impl IntoView {
    let id = format!("goal-form-{}", date.name());
    view! {
        <Field id=id.clone() label=date.label()>
            <input
                id=id
                type="date"
                data-testid=format!("goal-{}", date.name())
                prop:value=move || goal.with(|g| date.get(g).to_string())
                on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse::<NaiveDate>() {
                        goal.update(|g| date.set(g, d))
                    }
                }
            />
        </Field>
    }
}

/// The goal's numbers in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GoalNumber {
    Baseline,
    Target,
    /// Optional: an empty field is no stretch target.
    Stretch,
    /// Money, not in the KPI's unit; an empty field is 0.
    Cost,
}

impl GoalNumber {
    fn get(self, g: &Goal) -> Option<f64> {
        match self {
            GoalNumber::Baseline => Some(g.baseline),
            GoalNumber::Target => Some(g.target),
            GoalNumber::Stretch => g.stretch,
            GoalNumber::Cost => Some(g.cost),
        }
    }

    /// Sets what was typed (`None`: empty); an unreadable baseline or target
    /// becomes NaN, which the goal's validation refuses with its reason.
    fn set(self, g: &mut Goal, v: Option<f64>) {
        match self {
            GoalNumber::Baseline => g.baseline = v.unwrap_or(f64::NAN),
            GoalNumber::Target => g.target = v.unwrap_or(f64::NAN),
            GoalNumber::Stretch => g.stretch = v,
            GoalNumber::Cost => g.cost = v.filter(|v| !v.is_nan()).unwrap_or(0.0),
        }
    }

    /// The field's name: its id is `goal-form-{name}`, its test id `goal-{name}`.
    fn name(self) -> &'static str {
        match self {
            GoalNumber::Baseline => "baseline",
            GoalNumber::Target => "target",
            GoalNumber::Stretch => "stretch",
            GoalNumber::Cost => "cost",
        }
    }

    fn label(self, t: &Texts) -> String {
        match self {
            GoalNumber::Baseline => t.goal_baseline.into(),
            GoalNumber::Target => t.goal_target.into(),
            GoalNumber::Stretch => format!("{} ({})", t.goal_stretch, t.goal_form_stretch_hint),
            GoalNumber::Cost => t.goal_cost.into(),
        }
    }

    /// Whether the number is in the KPI's unit (entered in its input scale).
    fn in_kpi_unit(self) -> bool {
        self != GoalNumber::Cost
    }
}

/// A number of the goal, in the KPI's input scale (shares in percent) where
/// it is in the KPI's unit.
#[component]
pub(super) fn NumberField(
    goal: RwSignal<Goal>,
    number: GoalNumber,
    /// Input scale of the KPI (100 for shares entered in percent).
    scale: Signal<f64>,
    /// Set when the user edits the field.
    #[prop(optional)]
    edited: Option<RwSignal<bool>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("goal-form-{}", number.name());
    let scale = move || {
        if number.in_kpi_unit() {
            scale.get()
        } else {
            1.0
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || number.label(state.t())}</label>
            <input
                id=id
                type="number"
                step="any"
                min=(!number.in_kpi_unit()).then_some("0")
                data-testid=format!("goal-{}", number.name())
                prop:value=move || {
                    goal.with(|g| number.get(g))
                        .map(|v| input_number(v * scale()))
                        .unwrap_or_default()
                }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = (!text.trim().is_empty()).then(|| parse_number(&text) / scale());
                    goal.update(|g| number.set(g, v));
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

/// The goal's texts in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GoalText {
    Name,
    Owner,
    /// Several lines, across the form.
    Notes,
}

impl GoalText {
    fn get(self, g: &Goal) -> String {
        match self {
            GoalText::Name => g.name.clone(),
            GoalText::Owner => g.owner.clone(),
            GoalText::Notes => g.notes.clone(),
        }
    }

    fn set(self, g: &mut Goal, text: String) {
        match self {
            GoalText::Name => g.name = text,
            GoalText::Owner => g.owner = text,
            GoalText::Notes => g.notes = text,
        }
    }

    /// The field's name: its id is `goal-form-{name}`, its test id `goal-{name}`.
    fn name(self) -> &'static str {
        match self {
            GoalText::Name => "name",
            GoalText::Owner => "owner",
            GoalText::Notes => "notes",
        }
    }

    fn label(self) -> Label {
        match self {
            GoalText::Name => |t| t.goal_name,
            GoalText::Owner => |t| t.goal_owner,
            GoalText::Notes => |t| t.goal_notes,
        }
    }
}

/// A text of the goal: the notes take several lines; name and notes run across the form.
#[component]
pub(super) fn TextField(goal: RwSignal<Goal>, text: GoalText) -> impl IntoView {
    let id = format!("goal-form-{}", text.name());
    let testid = format!("goal-{}", text.name());
    let value = move || goal.with(|g| text.get(g));
    let input = move |ev| goal.update(|g| text.set(g, event_target_value(&ev)));
    let field = if text == GoalText::Notes {
        view! {
            <textarea
                id=id.clone()
                rows=2
                data-testid=testid
                prop:value=value
                on:input=input
            ></textarea>
        }
        .into_any()
    } else {
        view! { <input id=id.clone() type="text" data-testid=testid prop:value=value on:input=input /> }
            .into_any()
    };
    view! {
        <Field id=id label=text.label() wide=text != GoalText::Owner>
            {field}
        </Field>
    }
}
