//! The review of rejected rows: import the rest or cancel.

use super::{apply, ImportOutcome, Pending};
use crate::clv::api::ImportedFile;
use crate::clv::data::mapping::Layout;
use crate::format;
use crate::i18n::fill;
use crate::ui::download;
use crate::ui::AppState;
use leptos::prelude::*;

/// How many rejected rows the review lists before summarising the rest.
const REJECTED_SHOWN: usize = 20;

/// Lists the rows that could not be read and lets the user import the rest or cancel.
#[component]
pub(super) fn RejectedReview(
    /// The parsed file, waiting for the user's decision.
    file: ImportedFile,
    /// Cleared when the user decides.
    pending: RwSignal<Option<Pending>>,
    /// Set to the import's outcome when the user imports the rest.
    outcome: RwSignal<Option<ImportOutcome>>,
    /// The layout a shop export was read as.
    layout: Option<Layout>,
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
    let all_rejected = StoredValue::new(file.rejected.clone());
    let download = move |_| {
        let csv = all_rejected.with_value(|r| crate::export::rejected_rows_csv(r, state.lang()));
        download::text_file(
            "kundenwert-rejected-rows.csv",
            "text/csv;charset=utf-8",
            &csv,
        );
    };
    let import_rest = move |_| {
        if let Some((file, _)) = pending.get_untracked() {
            pending.set(None);
            outcome.set(Some(apply(state, file, layout)));
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
                <button type="button" data-testid="rejected-download" on:click=download>
                    {move || state.t().import_rejected_download}
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
