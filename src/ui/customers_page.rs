//! The Customers page: one row per customer, sortable, searchable, paginated,
//! exportable as CSV.

use super::download;
use super::state::CustomerFilter;
use super::AppState;
use crate::format;
use crate::i18n::fill;
use crate::table::{customer_rows, keep_members, CustomerColumn, TablePage};
use leptos::prelude::*;

/// Rows per page: small enough to render at once, however many customers there are.
const PAGE_SIZE: usize = 50;

/// The customers table with search, sorting, paging and CSV export.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((CustomerColumn::Total, true));
    let page = RwSignal::new(0usize);

    // Indices into the summary's customers, filtered and sorted.
    // Model scores, when the last fit matches the data and settings.
    let scores = state.scores;
    // A segment chosen on the Segments page narrows the table.
    let filter = Memo::new(move |_| state.current_filter());
    let rows = Memo::new(move |_| {
        let (column, descending) = sort.get();
        let mut rows = query.with(|q| {
            scores.with(|sc| {
                state
                    .summary
                    .with(|s| customer_rows(&s.customers, sc.as_deref(), q, column, descending))
            })
        });
        filter.with(|f| {
            if let Some(f) = f {
                let n = state.summary.with(|s| s.customers.len());
                keep_members(&mut rows, &f.members, n);
            }
        });
        rows
    });
    // Back to the first page when the selection changes.
    Effect::new(move |_| {
        query.track();
        sort.track();
        filter.track();
        page.set(0);
    });
    // Derived, not a memo: a memo here would sit between `rows` and the table body, and a
    // re-sort (same length, same page) would not reach the body.
    let table_page =
        Signal::derive(move || TablePage::new(rows.with(Vec::len), page.get(), PAGE_SIZE));

    let unit_name = move || {
        let unit = state.settings.with(|s| s.time_unit);
        state.lang().time_unit_in_text(unit)
    };
    let intro = move || {
        let end = state.observation_end_text();
        fill(
            state.t().customers_intro,
            &[("end", &end), ("unit", unit_name())],
        )
    };
    let export = move |_| {
        let unit = state.settings.with_untracked(|s| s.time_unit);
        let csv = state.summary.with_untracked(|s| {
            scores.with_untracked(|sc| {
                rows.with_untracked(|r| {
                    crate::export::customers_csv(&s.customers, sc.as_deref(), r, unit)
                })
            })
        });
        download::text_file("kundenwert-customers.csv", "text/csv;charset=utf-8", &csv);
    };

    let range = move || {
        let lang = state.lang();
        let p = table_page.get();
        fill(
            state.t().page_range,
            &[
                ("from", &format::count(p.first_shown(), lang)),
                ("to", &format::count(p.end, lang)),
                ("n", &format::count(p.rows, lang)),
            ],
        )
    };
    let empty_message = move || {
        if rows.with(Vec::is_empty) {
            let text = if query.with(|q| q.trim().is_empty()) {
                state.t().no_customers.to_owned()
            } else {
                fill(state.t().no_match, &[("query", query.get().trim())])
            };
            Some(view! {
                <p class="empty" data-testid="customers-empty">
                    {text}
                </p>
            })
        } else {
            None
        }
    };

    view! {
        <h1>{move || state.t().customers_title}</h1>
        <p class="lead">{intro}</p>
        <div class="toolbar">
            <label class="search">
                <span class="visually-hidden">{move || state.t().search_label}</span>
                <input
                    type="search"
                    data-testid="customer-search"
                    placeholder=move || state.t().search_label
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <span class="count" data-testid="customers-range" aria-live="polite">
                {range}
            </span>
            <button type="button" data-testid="export-customers" on:click=export>
                {move || state.t().export_csv}
            </button>
        </div>
        <FilterNotice filter=filter />
        <ScoresHint />
        <div class="table-wrap">
            <table class="customers" data-testid="customers-table">
                <thead>
                    <tr>
                        {CustomerColumn::HISTORY
                            .into_iter()
                            .map(|key| view! { <SortHeader key=key sort=sort /> })
                            .collect_view()}
                        {move || {
                            scores
                                .with(Option::is_some)
                                .then(|| {
                                    view! {
                                        {CustomerColumn::SCORES
                                            .into_iter()
                                            .map(|key| view! { <SortHeader key=key sort=sort /> })
                                            .collect_view()}
                                        <th scope="col" class="num">
                                            {move || state.t().col_clv_interval}
                                        </th>
                                    }
                                })
                        }}
                    </tr>
                </thead>
                <tbody>
                    <CustomerRows rows=rows page=table_page />
                </tbody>
            </table>
        </div>
        {empty_message}
        <Pager page=page pages=Signal::derive(move || table_page.get().pages) />
    }
}

/// A column header that sorts by its column; a second click turns the order.
#[component]
fn SortHeader(key: CustomerColumn, sort: RwSignal<(CustomerColumn, bool)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let aria_sort = move || match sort.get() {
        (k, true) if k == key => "descending",
        (k, false) if k == key => "ascending",
        _ => "none",
    };
    let arrow = move || match sort.get() {
        (k, true) if k == key => "▼",
        (k, false) if k == key => "▲",
        _ => "",
    };
    let on_click = move |_| {
        sort.update(|(k, desc)| {
            if *k == key {
                *desc = !*desc;
            } else {
                *k = key;
                // Numbers start with the largest, names with A.
                *desc = key.is_numeric();
            }
        })
    };
    view! {
        <th scope="col" aria-sort=aria_sort class:num=key.is_numeric()>
            <button
                type="button"
                class="sort"
                title=move || fill(state.t().sort_by, &[("column", key.title(state.t()))])
                on:click=on_click
            >
                {move || key.title(state.t())}
                <span class="arrow" aria-hidden="true">
                    {arrow}
                </span>
            </button>
        </th>
    }
}

/// The rows of the current page, with the model columns when there are scores.
#[component]
fn CustomerRows(rows: Memo<Vec<usize>>, page: Signal<TablePage>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let scores = state.scores;
    move || {
        let lang = state.lang();
        let currency = state.currency();
        let TablePage { start, end, .. } = page.get();
        let sc = scores.get();
        state.summary.with(|s| {
            rows.with(|r| {
                r.iter()
                    .take(end)
                    .skip(start)
                    .map(|&i| {
                        let c = &s.customers[i];
                        let model_cells = sc.as_ref().map(|sc| {
                            let score = sc[i];
                            view! {
                                <td class="num">{format::number(score.p_alive, 2, lang)}</td>
                                <td class="num">
                                    {format::number(score.expected_purchases, 2, lang)}
                                </td>
                                <td class="num">
                                    {format::money(score.expected_spend, &currency, lang)}
                                </td>
                                <td class="num">
                                    {format::money(score.clv.estimate, &currency, lang)}
                                </td>
                                <td class="num interval">
                                    {format!(
                                        "{} – {}",
                                        format::money(score.clv.low, &currency, lang),
                                        format::money(score.clv.high, &currency, lang),
                                    )}
                                </td>
                            }
                        });
                        view! {
                            <tr>
                                <th scope="row">{c.customer_id.clone()}</th>
                                <td>{format::date(c.first_purchase, lang)}</td>
                                <td>{format::date(c.last_purchase, lang)}</td>
                                <td class="num">{c.frequency}</td>
                                <td class="num">{format::number(c.recency, 1, lang)}</td>
                                <td class="num">{format::number(c.age, 1, lang)}</td>
                                <td class="num">{c.orders}</td>
                                <td class="num">{format::money(c.total, &currency, lang)}</td>
                                <td class="num">
                                    {format::money(c.average_order_value, &currency, lang)}
                                </td>
                                {model_cells}
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    }
}

/// The segment the table is narrowed to, with a way back to all customers.
#[component]
fn FilterNotice(filter: Memo<Option<CustomerFilter>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        filter.get().map(|f| {
            let lang = state.lang();
            let n = format::count(f.members.len(), lang);
            view! {
                <div class="notice" role="status" data-testid="customer-filter">
                    <p>{fill(state.t().filter_showing, &[("segment", &f.label), ("n", &n)])}</p>
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| state.customer_filter.set(None)
                    >
                        {state.t().filter_clear}
                    </button>
                </div>
            }
        })
    }
}

/// Without model scores: where to get them.
#[component]
fn ScoresHint() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.scores.with(Option::is_none).then(|| {
            view! {
                <p class="help" data-testid="scores-hint">
                    <a href="#/models">{state.t().scores_hint}</a>
                </p>
            }
        })
    }
}

/// Previous and next page, and where we are.
#[component]
fn Pager(page: RwSignal<usize>, pages: Signal<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="pager" aria-label=move || state.t().pager_label>
            <button
                type="button"
                disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
            >
                {move || state.t().page_prev}
            </button>
            <span>{move || format!("{} / {}", page.get() + 1, pages.get())}</span>
            <button
                type="button"
                data-testid="page-next"
                disabled=move || { page.get() + 1 >= pages.get() }
                on:click=move |_| page.update(|p| *p += 1)
            >
                {move || state.t().page_next}
            </button>
        </nav>
    }
}
