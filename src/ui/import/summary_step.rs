//! The summary step: a per-customer summary file (made in DuckDB, Spark or
//! lifetimes) asks for the two facts it does not hold, its time unit and the
//! date it was taken (and, with holdout columns, the holdout period's end),
//! before anything changes.

use super::ImportOutcome;
use crate::clv::data::dataset::CustomerData;
use crate::clv::data::summary::TimeUnit;
use crate::clv::data::summary_csv::SummaryRow;
use crate::clv::data::summary_table::SummaryTable;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{DateInput, Field};
use crate::ui::AppState;
use crate::workspace::{DataOrigin, WorkspaceData};
use chrono::NaiveDate;
use leptos::prelude::*;

/// A summary file read, waiting for its unit and dates.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SummaryInput {
    pub file_name: String,
    pub rows: Vec<SummaryRow>,
    /// The date the step proposes: today.
    pub today: NaiveDate,
}

/// The summary step of one file.
#[component]
pub(super) fn SummaryStep(
    input: SummaryInput,
    /// Cleared when the step closes.
    summary: RwSignal<Option<SummaryInput>>,
    outcome: RwSignal<Option<ImportOutcome>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let SummaryInput {
        file_name,
        rows,
        today,
    } = input;
    let customers = rows.len();
    let has_holdout = rows.iter().any(|r| r.holdout.is_some());
    let has_monetary = rows.iter().any(|r| r.monetary_value.is_some());
    let rows = StoredValue::new(rows);
    let unit = RwSignal::new(TimeUnit::Week);
    let as_of = RwSignal::new(Some(today));
    let holdout_end = RwSignal::new(None::<NaiveDate>);
    // Whether the choices make a table, or why not (checked on the rows in
    // place: a million rows are not copied on every change of a date).
    let checked = Memo::new(move |_| {
        let as_of = as_of.get()?;
        let (unit, holdout_end) = (unit.get(), holdout_end.get());
        Some(rows.with_value(|r| SummaryTable::check(r, unit, as_of, holdout_end).map(|_| ())))
    });
    let name = file_name.clone();
    let confirm = move |_| {
        let (Some(as_of), Some(Ok(()))) = (as_of.get_untracked(), checked.get_untracked()) else {
            return;
        };
        let taken = rows.try_update_value(std::mem::take).unwrap_or_default();
        let Ok(table) = SummaryTable::new(
            taken,
            unit.get_untracked(),
            as_of,
            holdout_end.get_untracked(),
        ) else {
            return;
        };
        state.replace_data(WorkspaceData {
            origin: DataOrigin::Imported {
                file_name: name.clone(),
                rows_read: customers,
                rejected_rows: 0,
            },
            data: CustomerData::Summaries(table),
        });
        summary.set(None);
        outcome.set(Some(ImportOutcome::SummariesDone {
            file: name.clone(),
            customers,
            as_of,
        }));
    };
    let t = move || state.t();
    let intro = move || {
        fill(
            t().summary_step_intro,
            &[
                ("file", &file_name),
                ("customers", &format::count(customers, state.lang())),
            ],
        )
    };
    let problem = move || {
        checked.with(|c| match c {
            Some(Err(e)) => Some(state.lang().summary_table_error(e)),
            _ => None,
        })
    };
    view! {
        <div
            class="mapping review"
            role="dialog"
            aria-labelledby="summary-title"
            data-testid="summary-step"
        >
            <h3 id="summary-title">{move || t().summary_step_title}</h3>
            <p class="help">{intro}</p>
            {(!has_monetary)
                .then(|| view! { <p class="help">{move || t().summary_step_no_monetary}</p> })}
            <div class="form-grid">
                <Field id="summary-unit" label=|t| t.summary_unit>
                    <select
                        id="summary-unit"
                        data-testid="summary-unit"
                        on:change=move |ev| {
                            unit.set(
                                if event_target_value(&ev) == "day" {
                                    TimeUnit::Day
                                } else {
                                    TimeUnit::Week
                                },
                            )
                        }
                    >
                        <option value="week" selected=true>
                            {move || state.lang().time_unit_name(TimeUnit::Week)}
                        </option>
                        <option value="day">
                            {move || state.lang().time_unit_name(TimeUnit::Day)}
                        </option>
                    </select>
                </Field>
                <DateInput
                    id="summary-as-of"
                    label=|t| t.summary_as_of
                    shown=as_of
                    chosen=Callback::new(move |d| as_of.set(d))
                />
                {has_holdout
                    .then(|| {
                        view! {
                            <DateInput
                                id="summary-holdout-end"
                                label=|t| t.summary_holdout_end
                                shown=holdout_end
                                chosen=Callback::new(move |d| holdout_end.set(d))
                            />
                        }
                    })}
            </div>
            <p class="help">{move || t().summary_as_of_help}</p>
            {has_holdout.then(|| view! { <p class="help">{move || t().summary_holdout_help}</p> })}
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <p class="field-error" role="alert" data-testid="summary-problem">
                                {p}
                            </p>
                        }
                    })
            }}
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="summary-confirm"
                    disabled=move || !checked.with(|c| matches!(c, Some(Ok(()))))
                    on:click=confirm
                >
                    {move || {
                        fill(
                            t().summary_import,
                            &[("customers", &format::count(customers, state.lang()))],
                        )
                    }}
                </button>
                <button
                    type="button"
                    data-testid="summary-cancel"
                    on:click=move |_| summary.set(None)
                >
                    {move || t().import_cancel}
                </button>
            </div>
        </div>
    }
}
