//! The Data page: what was imported, the observation settings, and the import.

use super::import::ImportPanel;
use super::widgets::{ChartCard, ChartTable};
use super::AppState;
use crate::charts::{monthly_activity_svg, MonthlyActivityLabels};
use crate::clv::data::summary::TimeUnit;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{Field, NeedsTransactions};
use crate::workspace::{DataOrigin, WorkspaceData};
use leptos::prelude::*;

/// Numbers about the data set, the observation settings and the import card.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <h1>{move || state.t().data_title}</h1>
        <SourceLine />
        <DataStats />
        <NeedsTransactions notice=|t| t.needs_transactions_monthly>
            <MonthlyActivity />
        </NeedsTransactions>
        <div class="two-col">
            <ObservationSettings />
            <ImportPanel />
        </div>
    }
}

/// Where the data came from, with a way back to the demo.
#[component]
fn SourceLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = state.t();
        let text = state.data.with(|d| match (&d.origin, d.data.summaries()) {
            (DataOrigin::Demo, _) => None,
            (DataOrigin::Empty, _) => Some(t.source_empty.to_owned()),
            (DataOrigin::Imported { file_name, .. }, Some(table)) => Some(fill(
                t.source_summaries,
                &[
                    ("file", file_name),
                    ("date", &format::date(table.as_of(), lang)),
                    ("unit", lang.time_unit_in_text(table.unit())),
                ],
            )),
            (DataOrigin::Imported { file_name, .. }, None) => {
                Some(fill(t.source_imported, &[("file", file_name)]))
            }
        });
        match text {
            None => {
                let customers = state.summary.with(|s| s.stats.customers);
                view! {
                    <p class="lead" data-testid="source">
                        {fill(t.source_demo, &[("customers", &format::count(customers, lang))])}
                    </p>
                }
                .into_any()
            }
            Some(text) => view! {
                <p class="lead" data-testid="source">
                    {text}
                    " "
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| state.replace_data(WorkspaceData::demo())
                    >
                        {t.load_demo}
                    </button>
                </p>
            }
            .into_any(),
        }
    }
}

/// One figure with its label and an optional detail line.
#[component]
fn Stat(
    /// What the figure is.
    label: &'static str,
    /// The figure, formatted.
    value: String,
    /// A smaller line under the figure.
    #[prop(optional)]
    detail: Option<String>,
    /// For tests: `data-testid` of the figure.
    testid: &'static str,
    /// A long figure (a date range) gets a smaller font.
    #[prop(optional)]
    long: bool,
) -> impl IntoView {
    view! {
        <div class="stat" class:stat-long=long>
            <span class="stat-label">{label}</span>
            <span class="stat-value" data-testid=testid>
                {value}
            </span>
            {detail
                .filter(|d| !d.is_empty())
                .map(|d| view! { <span class="stat-detail">{d}</span> })}
        </div>
    }
}

/// The data set's figures: customers, transactions, date range, revenue, rejected rows.
#[component]
fn DataStats() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = state.t();
        let st = state.summary.with(|s| s.stats.clone());
        let summaries = !state.has_transactions.get();
        let currency = state.currency();
        let (rows_read, rejected) = state.data.with(|d| match d.origin {
            DataOrigin::Imported {
                rows_read,
                rejected_rows,
                ..
            } => (rows_read, rejected_rows),
            DataOrigin::Demo | DataOrigin::Empty => (0, 0),
        });
        let range = match (st.first_date, st.last_date) {
            (Some(a), Some(b)) => format!("{} – {}", format::date(a, lang), format::date(b, lang)),
            _ => "–".to_owned(),
        };
        view! {
            <div class="stats" aria-live="polite">
                <Stat
                    label=t.stat_customers
                    value=format::count(st.customers, lang)
                    testid="stat-customers"
                />
                <Stat
                    label=if summaries { t.col_orders } else { t.stat_transactions }
                    value=format::count(st.transactions, lang)
                    detail=if summaries {
                        t.stat_summary_orders.to_owned()
                    } else {
                        fill(
                            t.stat_orders_refunds,
                            &[
                                ("orders", &format::count(st.orders, lang)),
                                ("refunds", &format::count(st.refund_count, lang)),
                            ],
                        )
                    }
                    testid="stat-transactions"
                />
                <Stat label=t.stat_date_range value=range testid="stat-range" long=true />
                <Stat
                    label=t.stat_net_revenue
                    value=format::money(st.net_revenue, &currency, lang)
                    detail=if summaries {
                        t.stat_repeat_revenue.to_owned()
                    } else {
                        fill(
                            t.stat_gross_refunds,
                            &[
                                ("gross", &format::money(st.gross_revenue, &currency, lang)),
                                ("refunds", &format::money(st.refunds, &currency, lang)),
                            ],
                        )
                    }
                    testid="stat-revenue"
                />
                <Stat
                    label=t.stat_rejected
                    value=if rows_read == 0 {
                        t.stat_rejected_none.to_owned()
                    } else {
                        format::count(rejected, lang)
                    }
                    detail={if rows_read > 0 {
                        fill(t.stat_rejected_detail, &[("rows", &format::count(rows_read, lang))])
                    } else {
                        String::new()
                    }}
                    testid="stat-rejected"
                />
            </div>
        }
    }
}

/// Observation end (editable, defaults to the last transaction) and time unit.
#[component]
fn ObservationSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let end_value = move || {
        state
            .observation_end
            .get()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let is_default = move || state.settings.with(|s| s.observation_end.is_none());
    let on_end = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        // An empty or partial date in the picker leaves the setting as it is.
        if let Ok(date) = value.parse() {
            state.settings.update(|s| s.observation_end = Some(date));
        }
    };
    let unit_button = move |unit: TimeUnit| {
        let label = move || state.lang().time_unit_name(unit);
        view! {
            <button
                type="button"
                aria-pressed=move || (state.time_unit.get() == unit).to_string()
                on:click=move |_| state.settings.update(|s| s.time_unit = unit)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{move || state.t().settings_title}</h2>
            <Field id="observation-end" label=|t| t.observation_end>
                <input
                    id="observation-end"
                    type="date"
                    data-testid="observation-end"
                    prop:value=end_value
                    disabled=move || !state.has_transactions.get()
                    on:change=on_end
                />
                <p class="help">
                    {move || {
                        if state.has_transactions.get() {
                            state.t().observation_end_help
                        } else {
                            state.t().observation_end_of_summary
                        }
                    }}
                </p>
                <Show when=move || !is_default()>
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| state.settings.update(|s| s.observation_end = None)
                    >
                        {move || state.t().observation_end_reset}
                    </button>
                </Show>
            </Field>
            <div class="field">
                <span class="label" id="unit-label">
                    {move || state.t().time_unit}
                </span>
                <div class="segmented" role="group" aria-labelledby="unit-label">
                    {unit_button(TimeUnit::Day)}
                    {unit_button(TimeUnit::Week)}
                </div>
            </div>
        </section>
    }
}

/// Orders and new customers per month: the chart, its text alternative, a table
/// view and SVG export.
#[component]
fn MonthlyActivity() -> impl IntoView {
    let state = expect_context::<AppState>();
    let month_label = move |d: chrono::NaiveDate| {
        use chrono::Datelike;
        format!(
            "{} {}",
            state.lang().month_names()[d.month0() as usize],
            d.year()
        )
    };
    let svg = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let labels = MonthlyActivityLabels {
            orders: t.chart_orders,
            new_customers: t.chart_new_customers,
            month_names: lang.month_names(),
        };
        state
            .summary
            .with(|s| monthly_activity_svg(&s.months, &labels).unwrap_or_default())
    });
    let alt = Signal::derive(move || {
        let (first, last) = state.summary.with(|s| {
            (
                s.months.first().map(|m| m.month),
                s.months.last().map(|m| m.month),
            )
        });
        let month = |d: Option<chrono::NaiveDate>| d.map(month_label).unwrap_or_default();
        fill(
            state.t().chart_alt,
            &[("first", &month(first)), ("last", &month(last))],
        )
    });
    let table = Signal::derive(move || {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        ChartTable {
            headers: [
                t.col_month,
                t.chart_orders,
                t.chart_new_customers,
                t.col_total,
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: state.summary.with(|s| {
                s.months
                    .iter()
                    .map(|m| {
                        vec![
                            month_label(m.month),
                            format::count(m.orders, lang),
                            format::count(m.new_customers, lang),
                            format::money(m.net_revenue, &currency, lang),
                        ]
                    })
                    .collect()
            }),
        }
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().chart_monthly_title.to_owned())
            svg=svg
            alt=alt
            table=table
            file_name="kundenwert-monthly.svg"
            testid="monthly-chart"
        />
    }
}
