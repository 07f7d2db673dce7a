//! A chart in a card: title, the SVG with its text alternative, the numbers as a
//! table (the accessible view), and "Save as PNG" / "Save as SVG".

use crate::ui::download;
use crate::ui::AppState;
use leptos::prelude::*;

/// The rows behind a chart: column headers (the first column names the row) and cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The PNG's file name of a chart saved as `file_name` (`….svg`).
fn png_name(file_name: &str) -> String {
    format!(
        "{}.png",
        file_name.strip_suffix(".svg").unwrap_or(file_name)
    )
}

/// A chart card's head: its title, "Save as PNG" (twice the size on screen) and "Save as SVG".
#[component]
pub fn CardHead(
    #[prop(into)] title: Signal<String>,
    /// File name for "Save as SVG".
    file_name: &'static str,
    /// Makes the SVG to save.
    svg: Callback<(), String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="card-head">
            <h2>{move || title.get()}</h2>
            <div class="chart-saves">
                <button
                    type="button"
                    class="small"
                    data-testid="chart-save-png"
                    on:click=move |e| {
                        let card = event_target::<web_sys::Element>(&e)
                            .closest(".card")
                            .ok()
                            .flatten();
                        let shown = card
                            .and_then(|c| c.query_selector("figure svg, table").ok().flatten());
                        download::png_of_svg(png_name(file_name), &svg.run(()), shown);
                    }
                >
                    {move || state.t().chart_save_png}
                </button>
                <button
                    type="button"
                    class="small"
                    data-testid="chart-save-svg"
                    on:click=move |_| download::text_file(file_name, "image/svg+xml", &svg.run(()))
                >
                    {move || state.t().chart_save_svg}
                </button>
            </div>
        </div>
    }
}

/// A chart card.
#[component]
pub fn ChartCard(
    /// Heading of the card.
    #[prop(into)]
    title: Signal<String>,
    /// The chart as SVG text.
    #[prop(into)]
    svg: Signal<String>,
    /// One sentence describing the chart, for screen readers.
    #[prop(into)]
    alt: Signal<String>,
    /// The numbers behind the chart.
    #[prop(into)]
    table: Signal<ChartTable>,
    /// File name for "Save as SVG".
    file_name: &'static str,
    /// `data-testid` of the figure; the table gets `{testid}-table`.
    testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let table_id = format!("{testid}-table");
    view! {
        <section class="card chart-card">
            <CardHead
                title=title
                file_name=file_name
                svg=Callback::new(move |()| svg.get_untracked())
            />
            <figure
                class="chart"
                role="img"
                aria-label=move || alt.get()
                data-testid=testid
                inner_html=move || svg.get()
            ></figure>
            <details>
                <summary>{move || state.t().chart_show_table}</summary>
                <div class="table-wrap">
                    <table data-testid=table_id>
                        <thead>
                            <tr>
                                {move || {
                                    table
                                        .with(|t| {
                                            t.headers
                                                .iter()
                                                .enumerate()
                                                .map(|(i, h)| {
                                                    view! {
                                                        <th scope="col" class:num={i > 0}>
                                                            {h.clone()}
                                                        </th>
                                                    }
                                                })
                                                .collect_view()
                                        })
                                }}
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                table
                                    .with(|t| {
                                        t.rows
                                            .iter()
                                            .map(|row| {
                                                let mut cells = row.iter();
                                                let head = cells.next().cloned().unwrap_or_default();
                                                view! {
                                                    <tr>
                                                        <th scope="row">{head}</th>
                                                        {cells
                                                            .map(|c| view! { <td class="num">{c.clone()}</td> })
                                                            .collect_view()}
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
