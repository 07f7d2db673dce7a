//! Importing a file: drop zone, file picker, the mapping step that shows how
//! a shop export's columns are read, and the review of rejected rows before
//! anything changes.
//!
//! [`mapping`] holds the mapping step, [`rejected`] the review of rejected
//! rows, [`outcome`] the message about the last import.

mod mapping;
mod outcome;
mod rejected;

use crate::clv::api::{self, ImportRequest, ImportedFile};
use crate::clv::data::import::ImportError;
use crate::clv::data::mapping::{guess_mapping, Layout};
use crate::clv::data::shop_import::{FileFormat, ReadOptions};
use crate::ui::AppState;
use crate::workspace::{DataOrigin, WorkspaceData};
use leptos::prelude::*;
use leptos::web_sys;
use mapping::{MappingInput, MappingStep};
use outcome::{ImportOutcome, OutcomeNotice};
use rejected::RejectedReview;

/// A read file with rejected rows, waiting for the user, and the layout it was read as.
type Pending = (ImportedFile, Option<Layout>);

/// Replaces the workspace data with an imported file (read as `layout`, for a shop export).
fn apply(state: AppState, file: ImportedFile, layout: Option<Layout>) -> ImportOutcome {
    let outcome = ImportOutcome::Done {
        file: file.file_name.clone(),
        customers: file.log.customer_ids().len(),
        transactions: file.log.len(),
        layout,
    };
    let origin = DataOrigin::Imported {
        file_name: file.file_name,
        rows_read: file.rows_read,
        rejected_rows: file.rejected.len(),
    };
    state.replace_data(WorkspaceData {
        origin,
        log: file.log,
    });
    outcome
}

/// Reads a file the user picked or dropped, then imports it or asks about rejected rows.
fn read_file(
    state: AppState,
    file: web_sys::File,
    outcome: RwSignal<Option<ImportOutcome>>,
    pending: RwSignal<Option<Pending>>,
    mapping: RwSignal<Option<MappingInput>>,
) {
    let name = file.name();
    outcome.set(Some(ImportOutcome::Reading { file: name.clone() }));
    pending.set(None);
    mapping.set(None);
    leptos::task::spawn_local(async move {
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(e) => {
                let message = e
                    .as_string()
                    .unwrap_or_else(|| "the file could not be read".into());
                outcome.set(Some(ImportOutcome::Failed {
                    file: name,
                    error: ImportError::FileNotRead { message },
                }));
                return;
            }
        };
        // Our own format goes straight in; any other file through the mapping step.
        match api::read_export(name.clone(), &bytes, &ReadOptions::default()) {
            Err(error) => {
                outcome.set(Some(ImportOutcome::Unreadable { file: name, error }));
                return;
            }
            Ok(export) if !is_own_format(&export) => {
                outcome.set(None);
                mapping.set(Some(MappingInput {
                    file_name: name,
                    bytes,
                }));
                return;
            }
            Ok(_) => {}
        }
        match api::import(ImportRequest {
            file_name: name.clone(),
            bytes,
        }) {
            Err(error) => outcome.set(Some(ImportOutcome::Failed { file: name, error })),
            Ok(file) if file.rejected.is_empty() => outcome.set(Some(apply(state, file, None))),
            Ok(file) => {
                outcome.set(None);
                pending.set(Some((file, None)));
            }
        }
    });
}

/// A text file in Kundenwert's own `customer_id,date,amount`: nothing to map.
fn is_own_format(export: &api::ReadExport) -> bool {
    matches!(export.file.format, FileFormat::Text { .. })
        && guess_mapping(&export.file.table).layout == Layout::Kundenwert
}

/// The import card: a drop zone with a file picker, the outcome of the last
/// import, and the review of rejected rows.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<ImportOutcome>);
    let pending = RwSignal::new(None::<Pending>);
    let mapping = RwSignal::new(None::<MappingInput>);
    let dragging = RwSignal::new(false);

    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(state, file, outcome, pending, mapping);
        }
        // Picking the same file again should import it again.
        input.set_value("");
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0))
        {
            read_file(state, file, outcome, pending, mapping);
        }
    };

    view! {
        <section class="card import" aria-labelledby="import-title">
            <h2 id="import-title">{move || state.t().import_title}</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>
                    {move || {
                        if dragging.get() {
                            state.t().import_drop_here
                        } else {
                            state.t().import_hint
                        }
                    }}
                </p>
                <label class="button primary">
                    <input
                        type="file"
                        accept=".csv,.txt,.tsv,.xlsx,.xls,.ods,text/csv,text/plain"
                        data-testid="import-file"
                        on:change=on_change
                    />
                    {move || state.t().import_choose}
                </label>
            </div>
            {move || outcome.get().map(|o| view! { <OutcomeNotice outcome=o dismiss=outcome /> })}
            {move || {
                mapping
                    .get()
                    .map(|input| {
                        view! {
                            <MappingStep
                                input=input
                                mapping=mapping
                                pending=pending
                                outcome=outcome
                            />
                        }
                    })
            }}
            {move || {
                pending
                    .get()
                    .map(|(file, layout)| {
                        view! {
                            <RejectedReview
                                file=file
                                layout=layout
                                pending=pending
                                outcome=outcome
                            />
                        }
                    })
            }}
        </section>
    }
}
