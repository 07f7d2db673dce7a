//! The goal's revisions, newest first, and the form (behind a disclosure
//! button) that revises target or deadline.

use super::Formats;
use crate::clv::goals::{KpiUnit, Revision, RevisionEntry};
use crate::format;
use crate::i18n::{fill, Lang};
use crate::ui::goals::input_scale;
use crate::ui::widgets::{labelled_input, FieldError, InlineForm, InputKind};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The revision form's fields as typed, its error and whether it is open,
/// kept while the detail redraws (as it does after every attempt).
#[derive(Debug, Clone, Copy)]
pub(super) struct RevisionDraft {
    /// In the form's scale (percent for shares); empty keeps the target.
    target: RwSignal<String>,
    /// An ISO date; empty keeps the deadline.
    deadline: RwSignal<String>,
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    open: RwSignal<bool>,
}

impl RevisionDraft {
    pub(super) fn new() -> Self {
        RevisionDraft {
            target: RwSignal::new(String::new()),
            deadline: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            open: RwSignal::new(false),
        }
    }

    /// Revises goal `id` as typed, on `today`: then clears and closes the
    /// form, or shows why the revision was refused.
    fn submit(self, state: AppState, id: u32, unit: KpiUnit, today: NaiveDate) {
        if state.settings.with_untracked(|s| s.goals.get(id).is_none()) {
            return;
        }
        let scale = input_scale(unit);
        let (target, deadline) = (self.target.get_untracked(), self.deadline.get_untracked());
        let mut result = Ok(());
        state.settings.update(|s| {
            let surveys = &s.goals.surveys;
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                let direction = g.kpi.direction(surveys);
                let reason = self.reason.get_untracked();
                let entry = RevisionEntry {
                    target: &target,
                    deadline: &deadline,
                    reason: &reason,
                };
                result = entry.apply_to(g, today, scale, direction);
            }
        });
        match result {
            Ok(()) => {
                self.target.set(String::new());
                self.deadline.set(String::new());
                self.reason.set(String::new());
                self.error.set(None);
                self.open.set(false);
            }
            Err(e) => self.error.set(Some(fill(
                state.t().goal_invalid,
                &[("reason", &state.lang().goal_error(&e))],
            ))),
        }
    }
}

/// The revisions, newest first (or a note that there are none).
#[component]
pub(super) fn RevisionList(revisions: Vec<Revision>, fmt: Formats) -> impl IntoView {
    let (lang, t) = (fmt.lang, fmt.lang.texts());
    let entry = |r: &Revision| {
        fill(
            t.goal_revision_entry,
            &[
                ("date", &format::date(r.date, lang)),
                ("old_target", &fmt.value(r.previous_target)),
                ("target", &fmt.value(r.target)),
                ("old_deadline", &format::date(r.previous_deadline, lang)),
                ("deadline", &format::date(r.deadline, lang)),
            ],
        )
    };
    let list = if revisions.is_empty() {
        view! { <p class="muted">{t.goal_revisions_none}</p> }.into_any()
    } else {
        view! {
            <ul class="timeline" data-testid="goal-revisions">
                {revisions
                    .iter()
                    .rev()
                    .map(|r| {
                        view! {
                            <li>
                                {entry(r)}
                                {(!r.reason.is_empty())
                                    .then(|| {
                                        view! {
                                            <br />
                                            <span class="muted">{r.reason.clone()}</span>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h3>{t.goal_revisions}</h3>
        {list}
    }
}

/// The disclosure button and, while open, the form for a new target,
/// deadline and reason with the error of the last attempt.
#[component]
pub(super) fn RevisionForm(
    /// The goal's id.
    id: u32,
    draft: RevisionDraft,
    /// The observation end (the revision's date).
    today: Signal<NaiveDate>,
    /// The goal's KPI unit (shares are typed in percent).
    unit: Signal<KpiUnit>,
    lang: Lang,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = lang.texts();
    let RevisionDraft {
        target,
        deadline,
        reason,
        error,
        open,
    } = draft;
    view! {
        <button
            type="button"
            class="disclosure"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|r| *r = !*r)
        >
            {t.goal_revise}
        </button>
        <Show when=move || open.get()>
            <InlineForm
                on_submit=Callback::new(move |()| draft.submit(state, id, unit.get(), today.get()))
                submit=|t| t.goal_revise_save
                submit_testid="revise-save"
            >
                {labelled_input(|t| t.goal_target, target, InputKind::Decimal, "revise-target")}
                {labelled_input(
                    |t| t.goal_deadline_label,
                    deadline,
                    InputKind::Date,
                    "revise-deadline",
                )}
                {labelled_input(|t| t.goal_revise_reason, reason, InputKind::Text, "revise-reason")}
            </InlineForm>
            <FieldError message=error testid="revise-error" />
        </Show>
    }
}
