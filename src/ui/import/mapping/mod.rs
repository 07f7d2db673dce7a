//! The mapping step: how a shop export's columns are read, shown on its first
//! rows and adjustable, with a live preview of what importing gives. Nothing
//! changes until the user confirms; the confirmed choices are remembered for
//! files with the same headers.
//!
//! One file per part: [`file_facts`] (layout, encoding, separator, sheet),
//! [`sample`] (the first rows with a role per column), [`conventions`]
//! (decimal mark, date order, currency), [`statuses`], [`preview`];
//! [`source`] is where the file is held (the worker, or the page) and
//! answers the previews.

mod conventions;
mod file_facts;
mod preview;
mod sample;
mod source;
mod statuses;

use crate::clv::api::{ExportView, ImportPreview, ReadImport};
use crate::clv::data::mapping::{header_signature, ColumnMapping};
use crate::clv::data::shop_import::{FileError, ImportChoices, ReadOptions};
use crate::format;
use crate::i18n::fill;
use crate::ui::worker::TakeOutcome;
use crate::ui::AppState;
use conventions::Conventions;
use file_facts::FileFacts;
use leptos::prelude::*;
use preview::PreviewFigures;
use sample::SampleTable;
pub(super) use source::MappingSource;
use statuses::Statuses;

/// A dropped file waiting for its mapping, held by `source`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MappingInput {
    pub file_name: String,
    pub source: MappingSource,
    /// How the file was read with the detected encoding, separator and sheet.
    pub view: Result<ExportView, FileError>,
}

/// The read file and the user's choices, shared by the step's parts.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    pub(super) read: RwSignal<ReadOptions>,
    /// How the file was read with `read`.
    pub(super) view: RwSignal<Result<ExportView, FileError>>,
    pub(super) choices: RwSignal<ImportChoices>,
    /// What `choices` give (as last answered).
    pub(super) preview: RwSignal<Option<ImportPreview>>,
    /// A preview is being computed for newer choices.
    pub(super) updating: RwSignal<bool>,
    source: MappingSource,
    /// The read options and choices waiting for a preview.
    wanted: StoredValue<Option<(ReadOptions, ImportChoices)>>,
    in_flight: StoredValue<bool>,
}

impl Draft {
    /// The mapping shown: chosen, else proposed.
    pub(super) fn mapping(self) -> Option<ColumnMapping> {
        self.preview
            .with(|p| p.as_ref().map(|p| p.plan.mapping.clone()))
    }

    /// Asks for the preview of the newest choices, one request at a time
    /// (choices made meanwhile are asked for when the answer comes).
    fn request_preview(self) {
        if self.in_flight.get_value() {
            return;
        }
        let Some((options, choices)) = self.wanted.try_update_value(Option::take).flatten() else {
            self.updating.set(false);
            return;
        };
        self.in_flight.set_value(true);
        self.updating.set(true);
        let sent = self.source.preview(options, choices, move |answer| {
            self.in_flight.set_value(false);
            if let Some(answer) = answer {
                self.view.set(answer.view);
                self.preview.set(answer.preview);
            }
            self.request_preview();
        });
        if !sent {
            self.in_flight.set_value(false);
            self.updating.set(false);
        }
    }
}

/// The mapping step of one file.
#[component]
pub(super) fn MappingStep(
    input: MappingInput,
    /// Cleared when the step closes.
    mapping: RwSignal<Option<MappingInput>>,
    /// Gets the confirmed import (its rejected rows still to review).
    taken: Callback<ReadImport>,
    /// Gets why the confirmed import could not be taken.
    failed: Callback<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let MappingInput {
        file_name,
        source,
        view,
    } = input;
    let signature = view
        .as_ref()
        .map(|v| header_signature(&v.headers))
        .unwrap_or_default();
    let remembered = state
        .settings
        .with_untracked(|s| s.remembered_import(&signature).cloned());
    let was_remembered = remembered.is_some();
    let draft = Draft {
        read: RwSignal::new(ReadOptions::default()),
        view: RwSignal::new(view),
        choices: RwSignal::new(remembered.unwrap_or_default()),
        preview: RwSignal::new(None),
        updating: RwSignal::new(false),
        source,
        wanted: StoredValue::new(None),
        in_flight: StoredValue::new(false),
    };
    Effect::new(move |_| {
        let wanted = (draft.read.get(), draft.choices.get());
        draft.wanted.set_value(Some(wanted));
        draft.request_preview();
    });
    let taking = RwSignal::new(false);
    let confirm = move |_| {
        let chosen = draft.choices.get_untracked();
        let Some(signature) = draft
            .preview
            .with_untracked(|p| p.as_ref().map(|p| p.signature.clone()))
        else {
            return;
        };
        // Remember the mapping as confirmed, so the next file with these headers opens with it.
        let mut remembered = chosen.clone();
        remembered.mapping = draft.mapping();
        state
            .settings
            .update(|s| s.remember_import(signature, remembered));
        taking.set(true);
        let unit = state.time_unit.get_untracked();
        source.take(draft.read.get_untracked(), chosen, unit, move |outcome| {
            taking.set(false);
            match outcome {
                TakeOutcome::Imported(read) => {
                    mapping.set(None);
                    source.release();
                    taken.run(*read);
                }
                TakeOutcome::Problems(problems) => {
                    let lang = state.lang();
                    let reasons: Vec<String> =
                        problems.iter().map(|p| lang.plan_problem(p)).collect();
                    failed.run(reasons.join(" "));
                }
                TakeOutcome::Failed(e) => failed.run(state.lang().import_error(&e)),
                TakeOutcome::WorkerFailed => failed.run(state.t().import_worker_failed.to_owned()),
            }
        });
    };
    let cancel = move |_| {
        mapping.set(None);
        source.release();
    };
    let t = move || state.t();
    let title = move || fill(t().mapping_title, &[("file", &file_name)]);
    let can_import = move || {
        !taking.get()
            && !draft.updating.get()
            && draft
                .preview
                .with(|p| p.as_ref().is_some_and(|p| p.figures.is_some()))
    };
    let confirm_text = move || {
        if taking.get() {
            return t().mapping_taking.to_owned();
        }
        let orders = draft.preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.figures.as_ref())
                .map_or(0, |f| f.orders)
        });
        fill(
            t().mapping_confirm,
            &[("orders", &format::count(orders, state.lang()))],
        )
    };
    view! {
        <div
            class="mapping review"
            role="dialog"
            aria-labelledby="mapping-title"
            aria-busy=move || draft.updating.get().to_string()
            data-testid="mapping-step"
        >
            <h3 id="mapping-title">{title}</h3>
            <p class="help">{move || t().mapping_intro}</p>
            <FileFacts draft=draft remembered=was_remembered />
            <SampleTable draft=draft />
            <Conventions draft=draft />
            <Statuses draft=draft />
            <PreviewFigures draft=draft />
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="mapping-confirm"
                    disabled=move || !can_import()
                    on:click=confirm
                >
                    {confirm_text}
                </button>
                <button type="button" data-testid="mapping-cancel" on:click=cancel>
                    {move || t().import_cancel}
                </button>
            </div>
        </div>
    }
}

/// The `<option>`s of a select over `values`, `current` selected.
pub(super) fn select_options<T: Copy + PartialEq + 'static>(
    values: impl IntoIterator<Item = T>,
    current: T,
    key: impl Fn(T) -> String,
    name: impl Fn(T) -> String,
) -> impl IntoView {
    values
        .into_iter()
        .map(|v| {
            view! {
                <option value=key(v) selected=v == current>
                    {name(v)}
                </option>
            }
        })
        .collect_view()
}
