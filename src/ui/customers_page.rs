//! The Customers page: one row per customer, sortable, searchable, paginated,
//! exportable as CSV.

use super::download;
use super::AppState;
use crate::clv::summary::{CustomerSummary, TimeUnit};
use crate::format;
use crate::i18n::{fill, Texts};
use leptos::prelude::*;
use std::cmp::Ordering;

/// Rows per page: small enough to render at once, however many customers there are.
const PAGE_SIZE: usize = 50;

/// A sortable column of the customers table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Customer,
    FirstPurchase,
    LastPurchase,
    Frequency,
    Recency,
    Age,
    Orders,
    Total,
    AverageOrderValue,
}

impl SortKey {
    const ALL: [SortKey; 9] = [
        SortKey::Customer,
        SortKey::FirstPurchase,
        SortKey::LastPurchase,
        SortKey::Frequency,
        SortKey::Recency,
        SortKey::Age,
        SortKey::Orders,
        SortKey::Total,
        SortKey::AverageOrderValue,
    ];

    fn title(self, t: &Texts) -> &'static str {
        match self {
            SortKey::Customer => t.col_customer,
            SortKey::FirstPurchase => t.col_first_purchase,
            SortKey::LastPurchase => t.col_last_purchase,
            SortKey::Frequency => t.col_frequency,
            SortKey::Recency => t.col_recency,
            SortKey::Age => t.col_age,
            SortKey::Orders => t.col_orders,
            SortKey::Total => t.col_total,
            SortKey::AverageOrderValue => t.col_aov,
        }
    }

    fn numeric(self) -> bool {
        !matches!(self, SortKey::Customer)
    }

    fn compare(self, a: &CustomerSummary, b: &CustomerSummary) -> Ordering {
        match self {
            SortKey::Customer => natural_cmp(&a.customer_id, &b.customer_id),
            SortKey::FirstPurchase => a.first_purchase.cmp(&b.first_purchase),
            SortKey::LastPurchase => a.last_purchase.cmp(&b.last_purchase),
            SortKey::Frequency => a.frequency.cmp(&b.frequency),
            SortKey::Recency => a.recency.total_cmp(&b.recency),
            SortKey::Age => a.age.total_cmp(&b.age),
            SortKey::Orders => a.orders.cmp(&b.orders),
            SortKey::Total => a.total.total_cmp(&b.total),
            SortKey::AverageOrderValue => a.average_order_value.total_cmp(&b.average_order_value),
        }
    }
}

/// Compares ids so that "K-9" comes before "K-10".
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let key = |s: &str| {
        let digits: String = s.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
        let stem_len = s.len() - digits.len();
        (s[..stem_len].to_lowercase(), digits.len(), digits.chars().rev().collect::<String>())
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// The customers table with search, sorting, paging and CSV export.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortKey::Total, true));
    let page = RwSignal::new(0usize);

    // Indices into the summary's customers, filtered and sorted.
    let rows = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        let (key, descending) = sort.get();
        state.summary.with(|s| {
            let customers = &s.customers;
            let mut idx: Vec<usize> = (0..customers.len())
                .filter(|&i| q.is_empty() || customers[i].customer_id.to_lowercase().contains(&q))
                .collect();
            idx.sort_by(|&a, &b| {
                let o = key.compare(&customers[a], &customers[b]);
                if descending { o.reverse() } else { o }
            });
            idx
        })
    });
    // Back to the first page when the selection changes.
    Effect::new(move |_| {
        query.track();
        sort.track();
        page.set(0);
    });
    let pages = move || rows.with(|r| r.len().div_ceil(PAGE_SIZE).max(1));

    let unit_name = move || match state.workspace.with(|w| w.settings.time_unit) {
        TimeUnit::Day => state.t().unit_days_lower,
        TimeUnit::Week => state.t().unit_weeks_lower,
    };
    let intro = move || {
        let lang = state.lang();
        let end = state.workspace.with(|w| w.observation_end()).map(|d| format::date(d, lang)).unwrap_or_default();
        fill(state.t().customers_intro, &[("end", &end), ("unit", unit_name())])
    };
    let export = move |_| {
        let unit = state.workspace.with_untracked(|w| w.settings.time_unit);
        let csv = state.summary.with_untracked(|s| {
            rows.with_untracked(|r| crate::export::customers_csv(r.iter().map(|&i| &s.customers[i]), unit))
        });
        download::text_file("kundenwert-customers.csv", "text/csv;charset=utf-8", &csv);
    };

    let header = move |key: SortKey| {
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
                    *desc = key.numeric();
                }
            })
        };
        view! {
            <th scope="col" aria-sort=aria_sort class:num=key.numeric()>
                <button
                    type="button"
                    class="sort"
                    title=move || fill(state.t().sort_by, &[("column", key.title(state.t()))])
                    on:click=on_click
                >
                    {move || key.title(state.t())}
                    <span class="arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    let body = move || {
        let lang = state.lang();
        let currency = state.workspace.with(|w| w.settings.currency.clone());
        let start = page.get() * PAGE_SIZE;
        state.summary.with(|s| {
            rows.with(|r| {
                r.iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| {
                        let c = &s.customers[i];
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
                                <td class="num">{format::money(c.average_order_value, &currency, lang)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };

    let range = move || {
        let lang = state.lang();
        let n = rows.with(Vec::len);
        let from = if n == 0 { 0 } else { page.get() * PAGE_SIZE + 1 };
        let to = ((page.get() + 1) * PAGE_SIZE).min(n);
        fill(
            state.t().page_range,
            &[("from", &format::count(from, lang)), ("to", &format::count(to, lang)), ("n", &format::count(n, lang))],
        )
    };
    let empty_message = move || {
        if rows.with(Vec::is_empty) {
            let text = if query.with(|q| q.trim().is_empty()) {
                state.t().no_customers.to_owned()
            } else {
                fill(state.t().no_match, &[("query", query.get().trim())])
            };
            Some(view! { <p class="empty" data-testid="customers-empty">{text}</p> })
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
            <span class="count" data-testid="customers-range" aria-live="polite">{range}</span>
            <button type="button" data-testid="export-customers" on:click=export>
                {move || state.t().export_csv}
            </button>
        </div>
        <div class="table-wrap">
            <table class="customers" data-testid="customers-table">
                <thead>
                    <tr>{SortKey::ALL.into_iter().map(header).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {empty_message}
        <nav class="pager" aria-label=move || state.t().pager_label>
            <button
                type="button"
                disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
            >
                {move || state.t().page_prev}
            </button>
            <span>{move || format!("{} / {}", page.get() + 1, pages())}</span>
            <button
                type="button"
                data-testid="page-next"
                disabled=move || { page.get() + 1 >= pages() }
                on:click=move |_| page.update(|p| *p += 1)
            >
                {move || state.t().page_next}
            </button>
        </nav>
    }
}
