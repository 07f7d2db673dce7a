//! The one-line message about the last import.

use crate::clv::data::import::ImportError;
use crate::clv::data::mapping::Layout;
use crate::clv::data::shop_import::FileError;
use crate::clv::data::summary_csv::SummaryCsvError;
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The last import's outcome, rendered in the current language.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ImportOutcome {
    Reading {
        file: String,
    },
    Failed {
        file: String,
        error: ImportError,
    },
    /// A file that gives no table (the mapping step's reader).
    Unreadable {
        file: String,
        error: FileError,
    },
    Done {
        file: String,
        customers: usize,
        transactions: usize,
        /// The layout a shop export was read as.
        layout: Option<Layout>,
    },
    /// A mapped file whose orders could not be taken.
    NotTaken {
        file: String,
        reason: String,
    },
    /// A summary file that cannot be read.
    SummaryFailed {
        file: String,
        error: SummaryCsvError,
    },
    /// A summary file imported.
    SummariesDone {
        file: String,
        customers: usize,
        as_of: NaiveDate,
    },
}

/// A one-line message about the last import.
#[component]
pub(super) fn OutcomeNotice(
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
                ImportOutcome::Unreadable { file, error } => fill(
                    t.import_failed,
                    &[("file", file), ("reason", &lang.file_error(error))],
                ),
                ImportOutcome::NotTaken { file, reason } => {
                    fill(t.import_failed, &[("file", file), ("reason", reason)])
                }
                ImportOutcome::SummaryFailed { file, error } => fill(
                    t.summary_failed,
                    &[("file", file), ("reason", &lang.summary_csv_error(error))],
                ),
                ImportOutcome::SummariesDone {
                    file,
                    customers,
                    as_of,
                } => fill(
                    t.summary_done,
                    &[
                        ("file", file),
                        ("customers", &format::count(*customers, lang)),
                        ("date", &format::date(*as_of, lang)),
                    ],
                ),
                ImportOutcome::Done {
                    file,
                    customers,
                    transactions,
                    layout,
                } => {
                    let done = fill(
                        t.import_done,
                        &[
                            ("file", file),
                            ("customers", &format::count(*customers, lang)),
                            ("transactions", &format::count(*transactions, lang)),
                        ],
                    );
                    match layout {
                        Some(l) => format!(
                            "{done} {}",
                            fill(t.mapping_layout, &[("layout", lang.layout_name(*l))])
                        ),
                        None => done,
                    }
                }
            }
        }
    };
    let (class, role) = match outcome {
        ImportOutcome::Reading { .. } => ("notice", "status"),
        ImportOutcome::Failed { .. }
        | ImportOutcome::Unreadable { .. }
        | ImportOutcome::SummaryFailed { .. }
        | ImportOutcome::NotTaken { .. } => ("notice notice-error", "alert"),
        ImportOutcome::Done { .. } | ImportOutcome::SummariesDone { .. } => {
            ("notice notice-ok", "status")
        }
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
