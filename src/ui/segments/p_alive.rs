//! Mean P(alive) by repeat purchases and weeks since the last purchase.

use crate::charts::{grid_svg, GridCell};
use crate::clv::segments::overview::SegmentsOverview;
use crate::format;
use crate::ui::widgets::CardHead;
use crate::ui::AppState;
use leptos::prelude::*;

/// Mean P(alive) by repeat purchases (rows) and weeks since the last purchase (columns).
#[component]
pub(super) fn PAliveMatrix(
    /// The segments (holding the matrix).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.lang();
        overview.with(|o| {
            o.p_alive_matrix
                .iter()
                .enumerate()
                .rev()
                .map(|(x, row)| {
                    let label = if x + 1 == o.p_alive_matrix.len() {
                        format!("{x}+")
                    } else {
                        x.to_string()
                    };
                    let cells = row
                        .iter()
                        .map(|cell| match cell {
                            Some(p) => view! {
                                <td
                                    class="heat"
                                    class:dark={*p > 0.55}
                                    style=format!("--intensity: {:.3}", 0.08 + 0.85 * p)
                                >
                                    {format::number(*p, 2, lang)}
                                </td>
                            }
                            .into_any(),
                            None => view! { <td class="heat empty">"·"</td> }.into_any(),
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{label}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let headers = move || overview.with(|o| o.recency_bins.clone());
    let svg = Callback::new(move |()| {
        let t = state.t();
        let lang = state.lang();
        let svg = overview.with(|o| {
            let n = o.p_alive_matrix.len();
            let cells: Vec<Vec<GridCell>> = o
                .p_alive_matrix
                .iter()
                .rev()
                .map(|row| {
                    row.iter()
                        .map(|p| GridCell {
                            intensity: p.unwrap_or(0.0),
                            lines: vec![p
                                .map(|p| format::number(p, 2, lang))
                                .unwrap_or_else(|| "·".into())],
                        })
                        .collect()
                })
                .collect();
            let rows: Vec<String> = (0..n)
                .rev()
                .map(|x| {
                    if x + 1 == n {
                        format!("{x}+")
                    } else {
                        x.to_string()
                    }
                })
                .collect();
            grid_svg(
                &cells,
                &rows,
                &o.recency_bins,
                t.measure_frequency,
                t.axis_recency_weeks,
            )
            .unwrap_or_default()
        });
        svg
    });
    view! {
        <section class="card">
            <CardHead
                title=Signal::derive(move || state.t().palive_title.to_string())
                file_name="kundenwert-p-alive-matrix.svg"
                svg=svg
            />
            <p class="help">{move || state.t().palive_help}</p>
            {move || {
                overview
                    .with(|o| o.p_alive_matrix.is_empty())
                    .then(|| view! { <p class="muted">{state.t().segments_need_model}</p> })
            }}
            <div class="table-wrap">
                <table class="heat-table" data-testid="p-alive-matrix">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().measure_frequency}</th>
                            {move || {
                                headers()
                                    .into_iter()
                                    .map(|h| {
                                        view! {
                                            <th scope="col" class="num">
                                                {h}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <p class="help">{move || state.t().axis_recency_weeks}</p>
        </section>
    }
}
