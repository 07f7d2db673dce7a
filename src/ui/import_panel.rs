//! Importing a transactions CSV: drop zone, file picker, and the review of
//! rejected rows before anything changes.

use super::AppState;
use crate::clv::api::{self, ImportRequest, ImportedFile};
use crate::clv::import::ImportError;
use crate::format;
use crate::i18n::fill;
use crate::workspace::{DataOrigin, WorkspaceData};
use leptos::prelude::*;
use leptos::web_sys;

/// How many rejected rows the review lists before summarising the rest.
const REJECTED_SHOWN: usize = 20;

/// The last import's outcome, rendered in the current language.
#[derive(Debug, Clone, PartialEq)]
enum ImportOutcome {
    Reading {
        file: String,
    },
    Failed {
        file: String,
        error: ImportError,
    },
    Done {
        file: String,
        customers: usize,
        transactions: usize,
    },
}

/// Replaces the workspace data with an imported file.
fn apply(state: AppState, file: ImportedFile) -> ImportOutcome {
    let outcome = ImportOutcome::Done {
        file: file.file_name.clone(),
        customers: file.log.customer_ids().len(),
        transactions: file.log.len(),
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
    pending: RwSignal<Option<ImportedFile>>,
) {
    let name = file.name();
    outcome.set(Some(ImportOutcome::Reading { file: name.clone() }));
    pending.set(None);
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
        match api::import(ImportRequest {
            file_name: name.clone(),
            bytes,
        }) {
            Err(error) => outcome.set(Some(ImportOutcome::Failed { file: name, error })),
            Ok(file) if file.rejected.is_empty() => outcome.set(Some(apply(state, file))),
            Ok(file) => {
                outcome.set(None);
                pending.set(Some(file));
            }
        }
    });
}

/// The import card: a drop zone with a file picker, the outcome of the last
/// import, and the review of rejected rows.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<ImportOutcome>);
    let pending = RwSignal::new(None::<ImportedFile>);
    let dragging = RwSignal::new(false);

    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(state, file, outcome, pending);
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
            read_file(state, file, outcome, pending);
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
                        accept=".csv,.txt,text/csv,text/plain"
                        data-testid="import-file"
                        on:change=on_change
                    />
                    {move || state.t().import_choose}
                </label>
            </div>
            {move || outcome.get().map(|o| view! { <OutcomeNotice outcome=o dismiss=outcome /> })}
            {move || {
                pending
                    .get()
                    .map(|file| {
                        view! { <RejectedReview file=file pending=pending outcome=outcome /> }
                    })
            }}
        </section>
    }
}

/// A one-line message about the last import.
#[component]
fn OutcomeNotice(
    /// What happened.
    outcome: ImportOutcome,
    /// Cleared by the dismiss button.
    dismiss: RwSignal<Option<ImportOutcome>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = {
        let outcome = outcome.clone();
        move || {
            let lang = state.lang();
            let t = state.t();
            match &outcome {
                ImportOutcome::Reading { file } => fill(t.import_reading, &[("file", file)]),
                ImportOutcome::Failed { file, error } => fill(
                    t.import_failed,
                    &[("file", file), ("reason", &lang.import_error(error))],
                ),
                ImportOutcome::Done {
                    file,
                    customers,
                    transactions,
                } => fill(
                    t.import_done,
                    &[
                        ("file", file),
                        ("customers", &format::count(*customers, lang)),
                        ("transactions", &format::count(*transactions, lang)),
                    ],
                ),
            }
        }
    };
    let (class, role) = match outcome {
        ImportOutcome::Reading { .. } => ("notice", "status"),
        ImportOutcome::Failed { .. } => ("notice notice-error", "alert"),
        ImportOutcome::Done { .. } => ("notice notice-ok", "status"),
    };
    view! {
        <div class=class role=role data-testid="import-outcome">
            <p>{text}</p>
            <button type="button" class="link" on:click=move |_| dismiss.set(None)>
                {move || state.t().dismiss}
            </button>
        </div>
    }
}

/// Lists the rows that could not be read and lets the user import the rest or cancel.
#[component]
fn RejectedReview(
    /// The parsed file, waiting for the user's decision.
    file: ImportedFile,
    /// Cleared when the user decides.
    pending: RwSignal<Option<ImportedFile>>,
    /// Set to the import's outcome when the user imports the rest.
    outcome: RwSignal<Option<ImportOutcome>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let bad = file.rejected.len();
    let rows = file.rows_read;
    let good = rows - bad;
    let name = file.file_name.clone();
    let shown: Vec<_> = file.rejected.iter().take(REJECTED_SHOWN).cloned().collect();
    let title = move || {
        let lang = state.lang();
        fill(
            state.t().import_rejected_title,
            &[
                ("bad", &format::count(bad, lang)),
                ("rows", &format::count(rows, lang)),
                ("file", &name),
            ],
        )
    };
    let import_rest = move |_| {
        if let Some(file) = pending.get_untracked() {
            pending.set(None);
            outcome.set(Some(apply(state, file)));
        }
    };
    view! {
        <div
            class="notice notice-warn review"
            role="alertdialog"
            aria-labelledby="review-title"
            data-testid="rejected-review"
        >
            <h3 id="review-title">{title}</h3>
            <p>{move || state.t().import_rejected_question}</p>
            <div class="table-wrap">
                <table class="rejected">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().col_line}</th>
                            <th scope="col">{move || state.t().col_column}</th>
                            <th scope="col">{move || state.t().col_problem}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown
                            .into_iter()
                            .map(|row| {
                                let column = row
                                    .column
                                    .as_ref()
                                    .map(|(i, n)| format!("{i} ({n})"))
                                    .unwrap_or_default();
                                let problem = row.problem.clone();
                                view! {
                                    <tr>
                                        <td class="num">{row.line}</td>
                                        <td>{column}</td>
                                        <td>{move || state.lang().row_problem(&problem)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(bad > REJECTED_SHOWN)
                .then(|| {
                    view! {
                        <p class="muted">
                            {move || fill(
                                state.t().import_more_rejected,
                                &[("n", &format::count(bad - REJECTED_SHOWN, state.lang()))],
                            )}
                        </p>
                    }
                })}
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="import-rest"
                    on:click=import_rest
                >
                    {move || fill(
                        state.t().import_rest,
                        &[("good", &format::count(good, state.lang()))],
                    )}
                </button>
                <button
                    type="button"
                    data-testid="import-cancel"
                    on:click=move |_| pending.set(None)
                >
                    {move || state.t().import_cancel}
                </button>
            </div>
        </div>
    }
}
