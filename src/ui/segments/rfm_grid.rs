//! The 5×5 recency × frequency grid as a clickable heat map.

use crate::charts::{grid_svg, GridCell};
use crate::clv::segments::overview::SegmentsOverview;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::CardHead;
use crate::ui::AppState;
use leptos::prelude::*;

/// The 5×5 R×F grid as a clickable heat map.
#[component]
pub(super) fn RfmGrid(
    /// The segments (holding the grid).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let money = move |v: f64| format::money(v, &state.currency(), state.lang());
    let max_count = move || {
        overview.with(|o| {
            o.grid
                .iter()
                .flatten()
                .map(|c| c.members.len())
                .max()
                .unwrap_or(0)
                .max(1)
        })
    };
    let rows = move || {
        let t = state.t();
        let lang = state.lang();
        let max = max_count() as f64;
        overview.with(|o| {
            (0..5)
                .map(|ri| {
                    let r = 5 - ri;
                    let cells = (1..=5)
                        .map(|f| {
                            let cell = o.grid[(r - 1) as usize][(f - 1) as usize].clone();
                            let name = lang.rfm_name(cell.segment).to_owned();
                            let n = cell.members.len();
                            let intensity = n as f64 / max;
                            let label = fill(
                                t.grid_cell_label,
                                &[("r", &r.to_string()), ("f", &f.to_string()), ("segment", &name), ("n", &format::count(n, lang))],
                            );
                            let filter_label = format!("{name} (R {r}, F {f})");
                            let members = cell.members.clone();
                            view! {
                                <td>
                                    <button
                                        type="button"
                                        class="grid-cell"
                                        class:dark={intensity > 0.45}
                                        style=format!("--intensity: {:.3}", 0.1 + 0.8 * intensity)
                                        aria-label=label
                                        data-testid=format!("grid-r{r}-f{f}")
                                        on:click=move |_| {
                                            state.show_customers(filter_label.clone(), members.clone())
                                        }
                                    >
                                        <span class="cell-segment">{name}</span>
                                        <span class="cell-count">{format::count(n, lang)}</span>
                                        <span class="cell-value">
                                            {cell.clv_mean.map(money).unwrap_or_default()}
                                        </span>
                                    </button>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">"R " {r}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let grid_svg_text = move || {
        let t = state.t();
        let lang = state.lang();
        let max = max_count() as f64;
        let svg = overview.with(|o| {
            let cells: Vec<Vec<GridCell>> = (0..5)
                .map(|ri| {
                    let r = 5 - ri;
                    (1..=5)
                        .map(|f| {
                            let cell = &o.grid[r - 1][f - 1];
                            let mut lines = vec![
                                lang.rfm_name(cell.segment).to_owned(),
                                format::count(cell.members.len(), lang),
                            ];
                            if let Some(v) = cell.clv_mean {
                                lines.push(money(v));
                            }
                            GridCell {
                                intensity: cell.members.len() as f64 / max,
                                lines,
                            }
                        })
                        .collect()
                })
                .collect();
            let rows: Vec<String> = (1..=5).rev().map(|r| format!("R {r}")).collect();
            let cols: Vec<String> = (1..=5).map(|f| format!("F {f}")).collect();
            grid_svg(&cells, &rows, &cols, t.axis_r_score, t.axis_f_score).unwrap_or_default()
        });
        svg
    };
    view! {
        <section class="card">
            <CardHead
                title=Signal::derive(move || state.t().grid_title.to_owned())
                file_name="kundenwert-rfm-grid.svg"
                svg=Callback::new(move |()| grid_svg_text())
            />
            <p class="help">{move || state.t().grid_help}</p>
            <div class="table-wrap">
                <table class="rfm-grid" data-testid="rfm-grid">
                    <caption class="visually-hidden">{move || state.t().grid_title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"R \\ F"</th>
                            {(1..=5)
                                .map(|f| view! { <th scope="col">"F " {f}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="help">
                {move || state.t().axis_r_score} " · " {move || state.t().axis_f_score}
            </p>
        </section>
    }
}
