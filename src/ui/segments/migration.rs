//! How customers moved between RFM segments from one date to another.

use crate::charts::{grid_svg, GridCell};
use crate::clv::segments::migration::{migration_by_current_value, Migration};
use crate::format;
use crate::i18n::{fill, Texts};
use crate::lang::Lang;
use crate::ui::widgets::{CardHead, DateInput, NeedsTransactions};
use crate::ui::AppState;
use chrono::{Months, NaiveDate};
use leptos::prelude::*;

/// The migration card: two dates (six months back to the observation end by
/// default) and the table of moves between them, exportable as SVG.
#[component]
pub(super) fn MigrationCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let from = RwSignal::new(None::<NaiveDate>);
    let to = RwSignal::new(None::<NaiveDate>);
    let dates = Signal::derive(move || {
        let end = state.observation_end.get().unwrap_or_default();
        let start = end.checked_sub_months(Months::new(6)).unwrap_or(end);
        (from.get().unwrap_or(start), to.get().unwrap_or(end))
    });
    let result = Memo::new(move |_| {
        let (f, t) = dates.get();
        state.scores.with(|scores| {
            state.data.with(|d| {
                let log = d.transactions()?;
                state.summary.with(|s| {
                    migration_by_current_value(log, &s.customers, scores.as_deref(), f, t).ok()
                })
            })
        })
    });
    let svg = Callback::new(move |()| {
        result.with(|r| {
            r.as_ref()
                .map(|m| migration_svg(m, state.t(), state.lang()))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card">
            <CardHead
                title=Signal::derive(move || state.t().migration_title.to_string())
                file_name="kundenwert-migration.svg"
                svg=svg
            />
            <NeedsTransactions notice=|t| t.needs_transactions_migration>
                <p class="help">{move || state.t().migration_help}</p>
                <div class="form-grid">
                    <DateInput
                        id="migration-from"
                        label=|t| t.migration_from_date
                        shown=Signal::derive(move || Some(dates.get().0))
                        chosen=Callback::new(move |d: Option<NaiveDate>| {
                            if d.is_some() {
                                from.set(d)
                            }
                        })
                    />
                    <DateInput
                        id="migration-to"
                        label=|t| t.migration_to_date
                        shown=Signal::derive(move || Some(dates.get().1))
                        chosen=Callback::new(move |d: Option<NaiveDate>| {
                            if d.is_some() {
                                to.set(d)
                            }
                        })
                    />
                </div>
                {move || result.get().map(|m| view! { <MigrationTable migration=m /> })}
            </NeedsTransactions>
        </section>
    }
}

/// Row labels: the starting segments, then "not a customer yet".
fn row_labels(m: &Migration, t: &Texts, lang: Lang) -> Vec<&'static str> {
    m.from
        .iter()
        .map(|f| f.map(|s| lang.rfm_name(s)).unwrap_or(t.migration_new))
        .collect()
}

/// The moves as a heat table: customers per cell, their value as a tooltip.
#[component]
fn MigrationTable(
    /// The moves between the two dates.
    migration: Migration,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = migration;
    move || {
        let t = state.t();
        let lang = state.lang();
        let max = m.max_customers() as f64;
        let head =
            m.to.iter()
                .map(|s| {
                    view! {
                        <th scope="col" class="num">
                            {lang.rfm_name(*s)}
                        </th>
                    }
                })
                .collect_view();
        let rows = row_labels(&m, t, lang)
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                let cells = m.customers[i]
                    .iter()
                    .enumerate()
                    .map(|(j, &n)| {
                        let stay = m.from[i] == Some(m.to[j]);
                        let share = n as f64 / max;
                        view! {
                            <td
                                class="heat num"
                                class:stay=stay
                                class:dark={share > 0.5}
                                style=format!("--intensity: {:.3}", 0.06 + 0.85 * share)
                                title=format::number(m.value[i][j], 0, lang)
                            >
                                {if n == 0 { "·".to_owned() } else { format::count(n, lang) }}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{label}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let stayed = m.stayed();
        let moved = m.total_customers() - stayed;
        view! {
            <p class="help" data-testid="migration-summary">
                {fill(
                    t.migration_stayed,
                    &[("n", &format::count(stayed, lang)), ("moved", &format::count(moved, lang))],
                )}
            </p>
            <div class="table-wrap">
                <table class="heat-table migration" data-testid="migration">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}

/// The moves as an SVG heat map (for "Save as SVG").
fn migration_svg(m: &Migration, t: &Texts, lang: Lang) -> String {
    let max = m.max_customers() as f64;
    let cells: Vec<Vec<GridCell>> = m
        .customers
        .iter()
        .map(|row| {
            row.iter()
                .map(|&n| GridCell {
                    intensity: n as f64 / max,
                    lines: vec![format::count(n, lang)],
                })
                .collect()
        })
        .collect();
    let rows: Vec<String> = row_labels(m, t, lang)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let cols: Vec<String> = m.to.iter().map(|s| lang.rfm_name(*s).to_owned()).collect();
    grid_svg(
        &cells,
        &rows,
        &cols,
        t.migration_from_date,
        t.migration_to_date,
    )
    .unwrap_or_default()
}
