//! Where the value sits: customers' and value's share per RFM segment, the
//! concentration (Lorenz) curve of CLV and its distribution.

use crate::charts::{histogram_svg, lorenz_svg, segment_shares_svg, SegmentShare};
use crate::clv::segments::overview::SegmentsOverview;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use leptos::prelude::*;

/// Share of customers next to share of value per RFM segment.
#[component]
pub(super) fn SharesChart(
    /// The segments.
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let lang = state.lang();
        overview.with(|o| {
            o.rfm
                .iter()
                .map(|(s, _, st)| SegmentShare {
                    label: lang.rfm_name(*s).to_owned(),
                    customers: st.customer_share,
                    value: st.equity_share.unwrap_or(st.revenue_share),
                })
                .collect::<Vec<_>>()
        })
    };
    let svg = Signal::derive(move || {
        let t = state.t();
        segment_shares_svg(&rows(), t.legend_customer_share, t.legend_value_share)
            .unwrap_or_default()
    });
    let table = Signal::derive(move || {
        let lang = state.lang();
        let t = state.t();
        ChartTable {
            headers: vec![
                t.col_segment.into(),
                t.legend_customer_share.into(),
                t.legend_value_share.into(),
            ],
            rows: rows()
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        format!("{}\u{a0}%", format::number(r.customers * 100.0, 1, lang)),
                        format!("{}\u{a0}%", format::number(r.value * 100.0, 1, lang)),
                    ]
                })
                .collect(),
        }
    });
    let title = Signal::derive(move || state.t().chart_shares_title.to_owned());
    view! {
        <ChartCard
            title=title
            svg=svg
            alt=title
            table=table
            file_name="kundenwert-segment-shares.svg"
            testid="chart-shares"
        />
    }
}

/// The Lorenz curve of CLV with "top 20% hold X%".
#[component]
pub(super) fn LorenzChart(
    /// The segments (holding the curve).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let share_text = move || {
        overview.with(|o| {
            format!(
                "{}\u{a0}%",
                format::number(o.top20_share * 100.0, 0, state.lang())
            )
        })
    };
    let svg = Signal::derive(move || {
        let t = state.t();
        let marker = fill(t.lorenz_marker, &[("share", &share_text())]);
        overview.with(|o| {
            lorenz_svg(
                &o.lorenz,
                t.axis_share_customers,
                t.axis_share_value,
                Some((0.2, o.top20_share, &marker)),
            )
            .unwrap_or_default()
        })
    });
    let alt = Signal::derive(move || fill(state.t().lorenz_summary, &[("share", &share_text())]));
    let table = Signal::derive(move || {
        let lang = state.lang();
        let t = state.t();
        ChartTable {
            headers: vec![t.axis_share_customers.into(), t.axis_share_value.into()],
            rows: overview.with(|o| {
                o.lorenz
                    .iter()
                    .map(|(x, y)| {
                        vec![
                            format!("{}\u{a0}%", format::number(x * 100.0, 0, lang)),
                            format!("{}\u{a0}%", format::number(y * 100.0, 1, lang)),
                        ]
                    })
                    .collect()
            }),
        }
    });
    view! {
        <div>
            <ChartCard
                title=Signal::derive(move || state.t().lorenz_title.to_owned())
                svg=svg
                alt=alt
                table=table
                file_name="kundenwert-concentration.svg"
                testid="chart-lorenz"
            />
            <p class="help" data-testid="lorenz-summary">
                {move || alt.get()}
            </p>
        </div>
    }
}

/// Distribution of CLV (needs the model).
#[component]
pub(super) fn ClvHistogram(
    /// The segments (holding the histogram).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = move || state.currency();
    let svg = Signal::derive(move || {
        let t = state.t();
        let lang = state.lang();
        let c = currency();
        overview.with(|o| match &o.histogram {
            Some((edges, counts)) => {
                histogram_svg(edges, counts, t.axis_clv, t.axis_customers, &|v| {
                    format::money(v, &c, lang)
                })
                .unwrap_or_default()
            }
            None => String::new(),
        })
    });
    let table = Signal::derive(move || {
        let t = state.t();
        let lang = state.lang();
        let c = currency();
        ChartTable {
            headers: vec![t.axis_clv.into(), t.axis_customers.into()],
            rows: overview.with(|o| {
                o.histogram
                    .as_ref()
                    .map(|(edges, counts)| {
                        counts
                            .iter()
                            .enumerate()
                            .map(|(i, n)| {
                                vec![
                                    format!(
                                        "{} – {}",
                                        format::money(edges[i], &c, lang),
                                        format::money(edges[i + 1], &c, lang)
                                    ),
                                    format::count(*n, lang),
                                ]
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }),
        }
    });
    let title = Signal::derive(move || state.t().histogram_title.to_owned());
    view! {
        <ChartCard
            title=title
            svg=svg
            alt=title
            table=table
            file_name="kundenwert-clv-histogram.svg"
            testid="chart-clv-histogram"
        />
    }
}
