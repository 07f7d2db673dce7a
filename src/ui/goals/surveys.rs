//! Survey KPIs: define them and enter their values.
//!
//! The core checks what is typed ([`new_survey`], [`NewSurveyValue`]); the
//! parts below are the list of surveys and the two forms.

use crate::clv::goals::{new_survey, Direction, KpiUnit, NewSurveyValue, SurveyError};
use crate::format;
use crate::i18n::{fill, Lang, Texts};
use crate::ui::widgets::{labelled_input, FieldError, InlineForm, InputKind};
use crate::ui::AppState;
use leptos::prelude::*;

/// The text of a refused survey or survey value.
fn error_text(t: &'static Texts, e: &SurveyError) -> &'static str {
    if e.is_about_the_name() {
        t.survey_err_name
    } else {
        t.survey_err_value
    }
}

/// Survey KPIs: define them and enter their values.
#[component]
pub(super) fn SurveysCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<&'static str>);
    // The value form is drawn again whenever the settings change: its fields
    // live here.
    let value_draft = SurveyValueDraft::new();
    let t = move || state.t();
    view! {
        <section class="card" data-testid="surveys">
            <h2>{move || t().surveys_title}</h2>
            <p class="help">{move || t().surveys_intro}</p>
            <SurveyList />
            <NewSurveyForm error=error />
            {move || {
                let lang = state.lang();
                (!state.settings.with(|s| s.goals.surveys.is_empty()))
                    .then(|| view! { <SurveyValueForm draft=value_draft error=error lang=lang /> })
            }}
            <FieldError message=Signal::derive(move || error.get().map(String::from)) />
        </section>
    }
}

/// Each survey with its number of values and the latest one.
#[component]
fn SurveyList() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = lang.texts();
        let surveys = state.settings.with(|s| s.goals.surveys.clone());
        if surveys.is_empty() {
            return view! { <p class="muted">{t.surveys_none}</p> }.into_any();
        }
        view! {
            <ul class="plain" data-testid="survey-list">
                {surveys
                    .into_iter()
                    .map(|s| {
                        let latest = s.values.iter().max_by_key(|v| v.date).copied();
                        let text = latest
                            .map(|l| fill(
                                t.survey_values,
                                &[
                                    ("count", &s.values.len().to_string()),
                                    ("value", &format::kpi_value(l.value, s.unit, "", lang)),
                                    ("date", &format::date(l.date, lang)),
                                ],
                            ))
                            .unwrap_or_else(|| t.surveys_none.to_owned());
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
    }
}

/// The form that defines a survey: name, unit and direction.
#[component]
fn NewSurveyForm(
    /// Why the last survey or value was refused.
    error: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let unit_share = RwSignal::new(false);
    let lower_better = RwSignal::new(false);
    let add_survey = move || {
        let unit = if unit_share.get_untracked() {
            KpiUnit::Share
        } else {
            KpiUnit::Number
        };
        let direction = if lower_better.get_untracked() {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        };
        let survey = state.settings.with_untracked(|s| {
            name.with_untracked(|n| new_survey(&s.goals.surveys, n, unit, direction))
        });
        match survey {
            Ok(survey) => {
                state.settings.update(|s| s.goals.surveys.push(survey));
                name.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(error_text(state.t(), &e))),
        }
    };
    let t = move || state.t();
    view! {
        <InlineForm
            on_submit=Callback::new(move |()| add_survey())
            submit=|t| t.survey_add
            submit_testid="survey-add"
        >
            {labelled_input(|t| t.survey_name, name, InputKind::Text, "survey-name")}
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
        </InlineForm>
    }
}

/// The value form's fields as typed.
#[derive(Debug, Clone, Copy)]
struct SurveyValueDraft {
    /// The chosen survey's name; empty is the first.
    survey: RwSignal<String>,
    /// An ISO date; empty is today.
    date: RwSignal<String>,
    value: RwSignal<String>,
}

impl SurveyValueDraft {
    fn new() -> Self {
        SurveyValueDraft {
            survey: RwSignal::new(String::new()),
            date: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
        }
    }

    /// Adds the value as typed: then clears the number (survey and date
    /// stay), or says why it was refused.
    fn submit(self, state: AppState, error: RwSignal<Option<&'static str>>) {
        let today = state.observation_end.get_untracked().unwrap_or_default();
        let (survey, date, value) = (
            self.survey.get_untracked(),
            self.date.get_untracked(),
            self.value.get_untracked(),
        );
        let entry = state.settings.with_untracked(|s| {
            NewSurveyValue::parse(&s.goals.surveys, &survey, &date, &value, today)
        });
        match entry {
            Ok(entry) => {
                state
                    .settings
                    .update(|s| entry.add_to(&mut s.goals.surveys));
                self.value.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(error_text(state.t(), &e))),
        }
    }
}

/// The form that enters a dated value of a survey.
#[component]
fn SurveyValueForm(
    draft: SurveyValueDraft,
    /// Why the last survey or value was refused.
    error: RwSignal<Option<&'static str>>,
    lang: Lang,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = lang.texts();
    let SurveyValueDraft {
        survey,
        date,
        value,
    } = draft;
    let options = state.settings.with_untracked(|s| {
        s.goals
            .surveys
            .iter()
            .map(|s| {
                // The stored choice stays the one shown when the form is drawn again.
                let name = s.name.clone();
                let selected = move || survey.with(|v| *v == name);
                view! {
                    <option value=s.name.clone() selected=selected>
                        {s.name.clone()}
                    </option>
                }
            })
            .collect_view()
    });
    view! {
        <InlineForm
            on_submit=Callback::new(move |()| draft.submit(state, error))
            submit=|t| t.survey_add_value
            submit_testid="survey-value-add"
        >
            <label>
                <span>{t.survey_name}</span>
                <select
                    data-testid="survey-value-survey"
                    on:change=move |ev| survey.set(event_target_value(&ev))
                >
                    {options}
                </select>
            </label>
            {labelled_input(|t| t.goal_date, date, InputKind::Date, "survey-value-date")}
            {labelled_input(|t| t.goal_value, value, InputKind::Decimal, "survey-value")}
        </InlineForm>
    }
}
