//! Importing a file: drop zone, file picker, the mapping step that shows how
//! a shop export's columns are read, and the review of rejected rows before
//! anything changes.
//!
//! [`mapping`] holds the mapping step, [`summary_step`] the step of a
//! per-customer summary file, [`rejected`] the review of rejected rows,
//! [`outcome`] the message about the last import.

mod mapping;
mod outcome;
mod rejected;
mod summary_step;

use crate::clv::api::{self, HeldExport, ImportRequest, ImportedFile, ReadImport, ReadProgress};
use crate::clv::data::import::ImportError;
use crate::clv::data::mapping::Layout;
use crate::clv::data::summary_csv::{self, SummaryCsvError, SummaryRow};
use crate::format;
use crate::i18n::fill;
use crate::ui::worker::{self, ReadOutcome};
use crate::ui::AppState;
use crate::workspace::{DataOrigin, WorkspaceData};
use leptos::prelude::*;
use leptos::web_sys;
use mapping::{MappingInput, MappingSource, MappingStep};
use outcome::{ImportOutcome, OutcomeNotice};
use rejected::RejectedReview;
use summary_step::{SummaryInput, SummaryStep};

/// Today's date in the browser's time zone.
fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// A read file with rejected rows, waiting for the user, and the layout it was read as.
type Pending = (ImportedFile, Option<Layout>);

/// Replaces the workspace data with an imported file (read as `layout`, for a shop export).
fn apply(state: AppState, file: ImportedFile, layout: Option<Layout>) -> ImportOutcome {
    apply_with(file, layout, |data| state.replace_data(data))
}

/// [`apply`], the data set by `replace`.
fn apply_with(
    file: ImportedFile,
    layout: Option<Layout>,
    replace: impl FnOnce(WorkspaceData),
) -> ImportOutcome {
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
    replace(WorkspaceData::imported(origin, file.log));
    outcome
}

/// The signals an import in progress works on.
#[derive(Clone, Copy)]
struct Import {
    state: AppState,
    outcome: RwSignal<Option<ImportOutcome>>,
    pending: RwSignal<Option<Pending>>,
    mapping: RwSignal<Option<MappingInput>>,
    summary: RwSignal<Option<SummaryInput>>,
    /// The file being read in the worker and how far it got.
    progress: RwSignal<Option<(String, ReadProgress)>>,
    /// Bumped by every read and by a cancel: an answer to an older read is dropped.
    generation: RwSignal<u64>,
    /// The outcome shown before the read started, shown again on cancel.
    before: StoredValue<Option<ImportOutcome>>,
}

impl Import {
    /// Reads a file the user picked or dropped: in the file worker where one
    /// runs (the page stays responsive, with progress and a cancel button),
    /// else on the main thread.
    fn read(self, file: web_sys::File) {
        let name = file.name();
        self.before.set_value(self.outcome.get_untracked());
        self.pending.set(None);
        self.mapping.set(None);
        self.summary.set(None);
        self.generation.update(|g| *g += 1);
        let generation = self.generation.get_untracked();
        let current = move || self.generation.get_untracked() == generation;
        self.progress.set(Some((
            name.clone(),
            ReadProgress {
                bytes: 0,
                total: file.size() as u64,
                rows: 0,
            },
        )));
        self.outcome.set(None);
        let main_thread_file = file.clone();
        let file_name = name.clone();
        let started = worker::read_file(
            &file,
            self.state.time_unit.get_untracked(),
            move |p| {
                if current() {
                    self.progress.set(Some((file_name.clone(), p)));
                }
            },
            move |end| {
                if !current() {
                    return;
                }
                self.progress.set(None);
                match end {
                    ReadOutcome::Imported(read) => self.imported_with_summary(*read),
                    ReadOutcome::Mapping(Err(error)) => {
                        MappingSource::Worker.release();
                        self.outcome
                            .set(Some(ImportOutcome::Unreadable { file: name, error }))
                    }
                    ReadOutcome::Mapping(view) => self.mapping.set(Some(MappingInput {
                        file_name: name,
                        source: MappingSource::Worker,
                        view,
                    })),
                    ReadOutcome::Failed(error) => self
                        .outcome
                        .set(Some(ImportOutcome::Failed { file: name, error })),
                    ReadOutcome::Summary(rows) => self.summary_read(name, Ok(rows)),
                    ReadOutcome::SummaryFailed(error) => self.summary_read(name, Err(error)),
                    ReadOutcome::WorkerFailed => self.read_on_main_thread(main_thread_file),
                    ReadOutcome::Cancelled => {}
                }
            },
        );
        if !started {
            self.progress.set(None);
            self.read_on_main_thread(file);
        }
    }

    /// Stops the read in progress; everything stays as it was.
    fn cancel(self) {
        self.generation.update(|g| *g += 1);
        worker::cancel_read();
        self.progress.set(None);
        self.outcome.set(self.before.get_value());
    }

    /// A file read in the worker (or taken by the mapping step) with its
    /// summary (set in a task of its own, after those that decoded it): the
    /// summary is used as it came; rejected rows are reviewed first.
    fn imported_with_summary(self, read: ReadImport) {
        let ReadImport {
            file,
            summary_request,
            summary,
            layout,
        } = read;
        if !file.rejected.is_empty() {
            self.outcome.set(None);
            self.pending.set(Some((file, layout)));
            return;
        }
        let state = self.state;
        let outcome = apply_with(file, layout, |data| {
            state.replace_data_with_summary(data, summary_request, summary)
        });
        self.outcome.set(Some(outcome));
    }

    /// A file of our own format, read: imported, or its rejected rows reviewed.
    fn imported(self, file: ImportedFile) {
        if file.rejected.is_empty() {
            self.outcome.set(Some(apply(self.state, file, None)));
        } else {
            self.outcome.set(None);
            self.pending.set(Some((file, None)));
        }
    }

    /// A summary file read (in the worker or here): its step, or why it cannot be read.
    fn summary_read(self, file_name: String, read: Result<Vec<SummaryRow>, SummaryCsvError>) {
        match read {
            Ok(rows) => {
                self.outcome.set(None);
                self.summary.set(Some(SummaryInput {
                    file_name,
                    rows,
                    today: today(),
                }));
            }
            Err(error) => self.outcome.set(Some(ImportOutcome::SummaryFailed {
                file: file_name,
                error,
            })),
        }
    }

    /// Reads the file's bytes here (where no worker runs): our own format is
    /// imported, a summary opens its step, any other file is held here for
    /// the mapping step.
    fn read_on_main_thread(self, file: web_sys::File) {
        let name = file.name();
        self.outcome
            .set(Some(ImportOutcome::Reading { file: name.clone() }));
        leptos::task::spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(e) => {
                    let message = e
                        .as_string()
                        .unwrap_or_else(|| "the file could not be read".into());
                    self.outcome.set(Some(ImportOutcome::Failed {
                        file: name,
                        error: ImportError::FileNotRead { message },
                    }));
                    return;
                }
            };
            // A per-customer summary goes through its own step.
            if summary_csv::is_summary_csv(&bytes) {
                return self.summary_read(name, summary_csv::read_summary_csv(&bytes));
            }
            // Our own format goes straight in; any other file through the mapping step.
            let held = HeldExport::new(name.clone(), bytes);
            if !held.is_own_format() {
                let view = MappingSource::hold_on_page(held);
                if let Err(error) = view {
                    self.outcome
                        .set(Some(ImportOutcome::Unreadable { file: name, error }));
                    return;
                }
                self.outcome.set(None);
                self.mapping.set(Some(MappingInput {
                    file_name: name,
                    source: MappingSource::Page,
                    view,
                }));
                return;
            }
            match api::import(ImportRequest {
                file_name: name.clone(),
                bytes: held.into_bytes(),
            }) {
                Err(error) => self
                    .outcome
                    .set(Some(ImportOutcome::Failed { file: name, error })),
                Ok(file) => self.imported(file),
            }
        });
    }
}

/// The file being read in the worker: a progress bar (bytes of the file read,
/// rows so far) and a button that stops it.
#[component]
fn ReadingProgress(import: Import) -> impl IntoView {
    let state = import.state;
    let t = move || state.t();
    move || {
        import.progress.get().map(|(file, p)| {
            let lang = state.lang();
            // Megabytes in the user's number format (1,5 in German).
            let mb = |bytes: u64| format::number(bytes as f64 / 1e6, 1, lang);
            let counts = fill(
                t().import_progress,
                &[
                    ("read", &mb(p.bytes)),
                    ("total", &mb(p.total)),
                    ("rows", &format::count(p.rows, lang)),
                ],
            );
            view! {
                <div class="notice import-progress" role="status" data-testid="import-progress">
                    <p>{fill(t().import_reading, &[("file", &file)])}</p>
                    <progress
                        max=p.total.max(1).to_string()
                        value=p.bytes.to_string()
                        aria-label=t().import_progress_label
                    ></progress>
                    <p data-testid="import-progress-counts">{counts}</p>
                    <button
                        type="button"
                        data-testid="import-cancel-reading"
                        on:click=move |_| import.cancel()
                    >
                        {t().import_cancel_reading}
                    </button>
                </div>
            }
        })
    }
}

/// The import card: a drop zone with a file picker, the outcome of the last
/// import, and the review of rejected rows.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<ImportOutcome>);
    let pending = RwSignal::new(None::<Pending>);
    let mapping = RwSignal::new(None::<MappingInput>);
    let summary = RwSignal::new(None::<SummaryInput>);
    let dragging = RwSignal::new(false);
    let import = Import {
        state,
        outcome,
        pending,
        mapping,
        summary,
        progress: RwSignal::new(None),
        generation: RwSignal::new(0),
        before: StoredValue::new(None),
    };
    // Loading the file worker early: a drop then does not wait for it.
    worker::prepare_reader();

    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            import.read(file);
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
            import.read(file);
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
            <ReadingProgress import=import />
            {move || outcome.get().map(|o| view! { <OutcomeNotice outcome=o dismiss=outcome /> })}
            {move || {
                mapping
                    .get()
                    .map(|input| {
                        let file = input.file_name.clone();
                        view! {
                            <MappingStep
                                input=input
                                mapping=mapping
                                taken=Callback::new(move |read| import.imported_with_summary(read))
                                failed=Callback::new(move |reason| {
                                    outcome
                                        .set(
                                            Some(ImportOutcome::NotTaken {
                                                file: file.clone(),
                                                reason,
                                            }),
                                        )
                                })
                            />
                        }
                    })
            }}
            {move || {
                summary
                    .get()
                    .map(|input| {
                        view! { <SummaryStep input=input summary=summary outcome=outcome /> }
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
