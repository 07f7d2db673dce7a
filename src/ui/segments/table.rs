//! A table of segments (RFM, tiers or bands) with size and value.

use crate::clv::segments::stats::SegmentStats;
use crate::format;
use crate::ui::AppState;
use leptos::prelude::*;

/// Segments with their size and value; each can be listed on the Customers page.
#[component]
pub(super) fn SegmentTable(
    /// Heading.
    #[prop(into)]
    title: Signal<String>,
    /// (name, member indices, statistics) per segment.
    #[prop(into)]
    rows: Signal<Vec<(String, Vec<usize>, SegmentStats)>>,
    /// `data-testid` of the table.
    testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        let money = |v: f64| format::money(v, &currency, lang);
        let pct = |v: f64| format!("{}\u{a0}%", format::number(v * 100.0, 1, lang));
        rows.get()
            .into_iter()
            .map(|(name, members, st)| {
                let label = name.clone();
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td class="num">{format::count(st.customers, lang)}</td>
                        <td class="num">{pct(st.customer_share)}</td>
                        <td class="num">{money(st.revenue)}</td>
                        <td class="num">{pct(st.revenue_share)}</td>
                        <td class="num">{st.clv_sum.map(money).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">
                            {st.clv_mean.map(money).unwrap_or_else(|| "–".into())}
                        </td>
                        <td class="num">
                            {st.equity_share.map(pct).unwrap_or_else(|| "–".into())}
                        </td>
                        <td class="num">
                            {st
                                .p_alive_mean
                                .map(|p| format::number(p, 2, lang))
                                .unwrap_or_else(|| "–".into())}
                        </td>
                        <td class="num">{money(st.average_order_value)}</td>
                        <td>
                            <button
                                type="button"
                                class="small"
                                disabled=st.customers == 0
                                on:click=move |_| {
                                    state.show_customers(label.clone(), members.clone())
                                }
                            >
                                {t.show_customers}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{move || title.get()}</h2>
            <div class="table-wrap">
                <table data-testid=testid>
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().col_segment}</th>
                            <th scope="col" class="num">
                                {move || state.t().stat_customers}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_customer_share}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_total}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_revenue_share}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_clv_sum}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_clv_mean}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_equity_share}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_p_alive_mean}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().col_aov}
                            </th>
                            <th scope="col">
                                <span class="visually-hidden">
                                    {move || state.t().show_customers}
                                </span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}
