//! Survey KPIs: define them and enter their values.

use super::parse_number;
use crate::clv::goals::{Direction, KpiUnit, Survey, SurveyValue};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Survey KPIs: define them and enter their values.
#[component]
pub(super) fn SurveysCard() -> impl IntoView {
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
