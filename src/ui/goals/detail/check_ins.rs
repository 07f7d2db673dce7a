//! The goal's check-ins, newest first, and the form that adds one.

use crate::clv::goals::{CheckIn, CheckInEntry};
use crate::format;
use crate::i18n::Lang;
use crate::ui::widgets::{labelled_input, FieldError, InlineForm, InputKind};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The check-in form's fields as typed and its error, kept while the detail
/// redraws (as it does after every check-in).
#[derive(Debug, Clone, Copy)]
pub(super) struct CheckInDraft {
    /// An ISO date; empty shows (and means) today.
    date: RwSignal<String>,
    note: RwSignal<String>,
    confidence: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl CheckInDraft {
    pub(super) fn new() -> Self {
        CheckInDraft {
            date: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            confidence: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    /// Adds the check-in as typed to goal `id`: then clears note and
    /// confidence (the date stays), or shows why it was refused.
    fn submit(self, state: AppState, id: u32, today: NaiveDate) {
        let (date, confidence) = (self.date.get_untracked(), self.confidence.get_untracked());
        let mut result = Ok(());
        state.settings.update(|s| {
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                let note = self.note.get_untracked();
                let entry = CheckInEntry {
                    date: &date,
                    note: &note,
                    confidence: &confidence,
                };
                result = entry.add_to(g, today);
            }
        });
        match result {
            Ok(()) => {
                self.note.set(String::new());
                self.confidence.set(String::new());
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(state.lang().goal_error(&e))),
        }
    }
}

/// The check-ins, newest first (or a note that there are none).
#[component]
pub(super) fn CheckInList(check_ins: Vec<CheckIn>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let list = if check_ins.is_empty() {
        view! { <p class="muted">{t.goal_check_ins_none}</p> }.into_any()
    } else {
        view! {
            <ul class="timeline" data-testid="goal-check-ins">
                {check_ins
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
    };
    view! {
        <h3>{t.goal_check_ins}</h3>
        {list}
    }
}

/// The form for a check-in on goal `id`: date (today unless changed), note
/// and confidence, with the error of the last attempt.
#[component]
pub(super) fn CheckInForm(
    /// The goal's id.
    id: u32,
    draft: CheckInDraft,
    /// The observation end.
    today: Signal<NaiveDate>,
    lang: Lang,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = lang.texts();
    let CheckInDraft {
        date,
        note,
        confidence,
        error,
    } = draft;
    view! {
        <InlineForm
            on_submit=Callback::new(move |()| draft.submit(state, id, today.get()))
            submit=|t| t.goal_check_in_add
            submit_testid="check-in-add"
        >
            <label>
                <span>{t.goal_date}</span>
                <input
                    type="date"
                    data-testid="check-in-date"
                    prop:value=move || {
                        let v = date.get();
                        if v.is_empty() { today.get().to_string() } else { v }
                    }
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            {labelled_input(|t| t.goal_check_in_note, note, InputKind::Text, "check-in-note")}
            {labelled_input(
                |t| t.goal_check_in_confidence,
                confidence,
                InputKind::Percent,
                "check-in-confidence",
            )}
        </InlineForm>
        <FieldError message=error />
    }
}
