//! The mapping step: how a shop export's columns are read, shown on its first
//! rows and adjustable, with a live preview of what importing gives. Nothing
//! changes until the user confirms; the confirmed choices are remembered for
//! files with the same headers.
//!
//! One file per part: [`file_facts`] (layout, encoding, separator, sheet),
//! [`sample`] (the first rows with a role per column), [`conventions`]
//! (decimal mark, date order, currency), [`statuses`], [`preview`].

mod conventions;
mod file_facts;
mod preview;
mod sample;
mod statuses;

use super::{apply, ImportOutcome, Pending};
use crate::clv::api::{self, ImportPreview, ReadExport};
use crate::clv::data::mapping::ColumnMapping;
use crate::clv::data::shop_import::{FileError, ImportChoices, ReadOptions};
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use conventions::Conventions;
use file_facts::FileFacts;
use leptos::prelude::*;
use preview::PreviewFigures;
use sample::SampleTable;
use statuses::Statuses;

/// A dropped file waiting for its mapping.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MappingInput {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The file as read with the detected encoding, separator and sheet
    /// (read again only when the user changes one of them).
    pub read: ReadExport,
}

/// The read file and the user's choices, shared by the step's parts.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    pub(super) read: RwSignal<ReadOptions>,
    pub(super) export: Memo<Result<ReadExport, FileError>>,
    pub(super) choices: RwSignal<ImportChoices>,
    pub(super) preview: Memo<Option<ImportPreview>>,
}

impl Draft {
    /// The mapping shown: chosen, else proposed.
    pub(super) fn mapping(self) -> Option<ColumnMapping> {
        self.preview
            .with(|p| p.as_ref().map(|p| p.plan.mapping.clone()))
    }
}

/// The mapping step of one file.
#[component]
pub(super) fn MappingStep(
    input: MappingInput,
    /// Cleared when the step closes.
    mapping: RwSignal<Option<MappingInput>>,
    pending: RwSignal<Option<Pending>>,
    outcome: RwSignal<Option<ImportOutcome>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let file_name = input.file_name.clone();
    let bytes = StoredValue::new(input.bytes);
    let first_read = StoredValue::new(Some(input.read));
    let read = RwSignal::new(ReadOptions::default());
    let name = file_name.clone();
    let export = Memo::new(move |_| {
        read.track();
        // The file was read once to route it here: take that reading first.
        if let Some(first) = first_read.try_update_value(Option::take).flatten() {
            return Ok(first);
        }
        read.with(|r| bytes.with_value(|b| api::read_export(name.clone(), b, r)))
    });
    let signature = export.with_untracked(|e| {
        e.as_ref()
            .map(|e| crate::clv::data::mapping::header_signature(&e.file.table.headers))
            .unwrap_or_default()
    });
    let remembered = state
        .settings
        .with_untracked(|s| s.remembered_import(&signature).cloned());
    let was_remembered = remembered.is_some();
    let choices = RwSignal::new(remembered.unwrap_or_default());
    let preview = Memo::new(move |_| {
        export.with(|e| {
            let e = e.as_ref().ok()?;
            Some(choices.with(|c| api::preview_import(&e.file.table, c)))
        })
    });
    let draft = Draft {
        read,
        export,
        choices,
        preview,
    };
    let confirm = move |_| {
        let Some(Ok(export)) = export.try_get_untracked() else {
            return;
        };
        let chosen = choices.get_untracked();
        let Ok((file, layout)) = api::take_import(&export, &chosen) else {
            return;
        };
        let Some(signature) = preview.with_untracked(|p| p.as_ref().map(|p| p.signature.clone()))
        else {
            return;
        };
        // Remember the mapping as confirmed, so the next file with these headers opens with it.
        let mut remembered = chosen;
        remembered.mapping = draft.mapping();
        state
            .settings
            .update(|s| s.remember_import(signature, remembered));
        mapping.set(None);
        if file.rejected.is_empty() {
            outcome.set(Some(apply(state, file, Some(layout))));
        } else {
            pending.set(Some((file, Some(layout))));
        }
    };
    let t = move || state.t();
    let title = move || fill(t().mapping_title, &[("file", &file_name)]);
    let can_import = move || preview.with(|p| p.as_ref().is_some_and(|p| p.figures.is_some()));
    let confirm_text = move || {
        let orders = preview.with(|p| {
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
                <button
                    type="button"
                    data-testid="mapping-cancel"
                    on:click=move |_| mapping.set(None)
                >
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
