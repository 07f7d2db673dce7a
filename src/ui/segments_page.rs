//! The Segments page: RFM segments, CLV tiers and churn-risk bands with their
//! value, the concentration of value, the R×F grid, the CLV distribution,
//! P(alive) by frequency and recency, user-defined segments and migration.

use super::widgets::{use_fitted_models, ChartCard, ChartTable, ModelStatus};
use super::AppState;
use crate::charts::{
    grid_svg, histogram_svg, lorenz_svg, segment_shares_svg, GridCell, SegmentShare,
};
use crate::clv::segments::migration::migration;
use crate::clv::segments::overview::{segments_overview, SegmentsOverview};
use crate::clv::segments::rfm::RfmSegment;
use crate::clv::segments::rules::{
    members, Combine, Condition, CustomSegment, Measure, Op, SegmentContext, SegmentError,
};
use crate::clv::segments::stats::{segment_stats, SegmentStats};
use crate::format;
use crate::i18n::{fill, Texts};
use leptos::prelude::*;

/// Everything on the page, computed from the summary and the current scores.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Tiers, bands and value need the model: fit it if there is no current fit.
    use_fitted_models(state);
    let overview = Memo::new(move |_| {
        let end = state.observation_end.get().unwrap_or_default();
        state.scores.with(|scores| {
            state
                .summary
                .with(|s| segments_overview(&s.customers, scores.as_deref(), end))
        })
    });
    let intro = move || {
        let end = state.observation_end_text();
        fill(state.t().segments_intro, &[("end", &end)])
    };
    view! {
        <h1>{move || state.t().segments_title}</h1>
        <p class="lead">{intro}</p>
        <ModelStatus
            waiting=Signal::derive(move || state.scores.with(Option::is_none))
            need=|t| t.segments_need_model
            testid="segments-model-status"
        />
        <SegmentTable
            title=Signal::derive(move || state.t().seg_rfm.to_owned())
            rows=Signal::derive(move || overview.with(|o| o.rfm.iter().map(|(s, members, stats)| (state.lang().rfm_name(*s).to_owned(), members.clone(), *stats)).collect()))
            testid="rfm-segments"
        />
        <div class="chart-grid">
            <SharesChart overview=overview/>
            <LorenzChart overview=overview/>
        </div>
        <RfmGrid overview=overview/>
        <div class="two-col even">
            <SegmentTable
                title=Signal::derive(move || state.t().seg_tiers.to_owned())
                rows=Signal::derive(move || overview.with(|o| o.tiers.iter().map(|(s, m, st)| (state.lang().tier_name(*s).to_owned(), m.clone(), *st)).collect()))
                testid="clv-tiers"
            />
            <SegmentTable
                title=Signal::derive(move || state.t().seg_risk.to_owned())
                rows=Signal::derive(move || overview.with(|o| o.bands.iter().map(|(s, m, st)| (state.lang().band_name(*s).to_owned(), m.clone(), *st)).collect()))
                testid="risk-bands"
            />
        </div>
        <div class="chart-grid">
            <ClvHistogram overview=overview/>
            <PAliveMatrix overview=overview/>
        </div>
        <SegmentBuilder overview=overview/>
        <MigrationCard/>
    }
}

/// Segments with their size and value; each can be listed on the Customers page.
#[component]
fn SegmentTable(
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
                        <td class="num">{st.clv_mean.map(money).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{st.equity_share.map(pct).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{st.p_alive_mean.map(|p| format::number(p, 2, lang)).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{money(st.average_order_value)}</td>
                        <td>
                            <button
                                type="button"
                                class="small"
                                disabled=st.customers == 0
                                on:click=move |_| state.show_customers(label.clone(), members.clone())
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
                            <th scope="col" class="num">{move || state.t().stat_customers}</th>
                            <th scope="col" class="num">{move || state.t().col_customer_share}</th>
                            <th scope="col" class="num">{move || state.t().col_total}</th>
                            <th scope="col" class="num">{move || state.t().col_revenue_share}</th>
                            <th scope="col" class="num">{move || state.t().col_clv_sum}</th>
                            <th scope="col" class="num">{move || state.t().col_clv_mean}</th>
                            <th scope="col" class="num">{move || state.t().col_equity_share}</th>
                            <th scope="col" class="num">{move || state.t().col_p_alive_mean}</th>
                            <th scope="col" class="num">{move || state.t().col_aov}</th>
                            <th scope="col"><span class="visually-hidden">{move || state.t().show_customers}</span></th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Share of customers next to share of value per RFM segment.
#[component]
fn SharesChart(
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
    view! { <ChartCard title=title svg=svg alt=title table=table file_name="kundenwert-segment-shares.svg" testid="chart-shares"/> }
}

/// The Lorenz curve of CLV with "top 20% hold X%".
#[component]
fn LorenzChart(
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
            <p class="help" data-testid="lorenz-summary">{move || alt.get()}</p>
        </div>
    }
}

/// The 5×5 R×F grid as a clickable heat map.
#[component]
fn RfmGrid(
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
                                        class:dark={ intensity > 0.45 }
                                        style=format!("--intensity: {:.3}", 0.1 + 0.8 * intensity)
                                        aria-label=label
                                        data-testid=format!("grid-r{r}-f{f}")
                                        on:click=move |_| state.show_customers(filter_label.clone(), members.clone())
                                    >
                                        <span class="cell-segment">{name}</span>
                                        <span class="cell-count">{format::count(n, lang)}</span>
                                        <span class="cell-value">{cell.clv_mean.map(money).unwrap_or_default()}</span>
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
    let export = move |_| {
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
        super::download::text_file("kundenwert-rfm-grid.svg", "image/svg+xml", &svg);
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{move || state.t().grid_title}</h2>
                <button type="button" class="small" on:click=export>{move || state.t().chart_save_svg}</button>
            </div>
            <p class="help">{move || state.t().grid_help}</p>
            <div class="table-wrap">
                <table class="rfm-grid" data-testid="rfm-grid">
                    <caption class="visually-hidden">{move || state.t().grid_title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"R \\ F"</th>
                            {(1..=5).map(|f| view! { <th scope="col">"F " {f}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="help">{move || state.t().axis_r_score} " · " {move || state.t().axis_f_score}</p>
        </section>
    }
}

/// Distribution of CLV (needs the model).
#[component]
fn ClvHistogram(
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
    view! { <ChartCard title=title svg=svg alt=title table=table file_name="kundenwert-clv-histogram.svg" testid="chart-clv-histogram"/> }
}

/// Mean P(alive) by repeat purchases (rows) and weeks since the last purchase (columns).
#[component]
fn PAliveMatrix(
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
                    let label = if x + 1 == o.p_alive_matrix.len() { format!("{x}+") } else { x.to_string() };
                    let cells = row
                        .iter()
                        .map(|cell| match cell {
                            Some(p) => view! {
                                <td class="heat" class:dark={ *p > 0.55 } style=format!("--intensity: {:.3}", 0.08 + 0.85 * p)>
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
    let export = move |_| {
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
        super::download::text_file("kundenwert-p-alive-matrix.svg", "image/svg+xml", &svg);
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{move || state.t().palive_title}</h2>
                <button type="button" class="small" on:click=export>{move || state.t().chart_save_svg}</button>
            </div>
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
                            {move || headers().into_iter().map(|h| view! { <th scope="col" class="num">{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <p class="help">{move || state.t().axis_recency_weeks}</p>
        </section>
    }
}

/// One editable condition of the draft segment.
#[derive(Debug, Clone, PartialEq)]
struct DraftCondition {
    /// "measure", "rfm", "in" or "not-in".
    kind: String,
    measure: Measure,
    op: Op,
    value: String,
    rfm: RfmSegment,
    segment: String,
}

impl Default for DraftCondition {
    fn default() -> Self {
        DraftCondition {
            kind: "measure".into(),
            measure: Measure::Orders,
            op: Op::Ge,
            value: "2".into(),
            rfm: RfmSegment::Champions,
            segment: String::new(),
        }
    }
}

impl DraftCondition {
    fn condition(&self) -> Option<Condition> {
        Some(match self.kind.as_str() {
            "rfm" => Condition::InRfmSegment(self.rfm),
            "in" => Condition::InSegment(self.segment.clone()),
            "not-in" => Condition::NotInSegment(self.segment.clone()),
            _ => {
                let value = if self.measure == Measure::FirstPurchase {
                    let date: chrono::NaiveDate = self.value.trim().parse().ok()?;
                    crate::clv::data::transactions::days_from_epoch(date) as f64
                } else {
                    self.value.trim().replace(',', ".").parse().ok()?
                };
                Condition::Compare {
                    measure: self.measure,
                    op: self.op,
                    value,
                }
            }
        })
    }
}

const OPS: [(Op, &str); 6] = [
    (Op::Lt, "<"),
    (Op::Le, "≤"),
    (Op::Gt, ">"),
    (Op::Ge, "≥"),
    (Op::Eq, "="),
    (Op::Ne, "≠"),
];

/// The custom segment builder with a live count, and the saved segments.
#[component]
fn SegmentBuilder(
    /// The segments (for the RFM scores the rules may use).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let combine = RwSignal::new(Combine::All);
    let conditions = RwSignal::new(vec![DraftCondition::default()]);
    let saved = move || state.settings.with(|s| s.segments.clone());
    let draft = move || CustomSegment {
        name: name.get().trim().to_owned(),
        combine: combine.get(),
        conditions: conditions.with(|c| c.iter().filter_map(DraftCondition::condition).collect()),
    };
    // Evaluates a segment against the current customers.
    let evaluate =
        move |segment: &CustomSegment, all: &[CustomSegment]| -> Result<Vec<usize>, SegmentError> {
            let end = state.observation_end.get().unwrap_or_default();
            state.scores.with(|scores| {
                overview.with(|o| {
                    state.summary.with(|s| {
                        let ctx = SegmentContext {
                            customers: &s.customers,
                            rfm: &o.rfm_scores,
                            scores: scores.as_deref(),
                            end,
                        };
                        members(segment, all, &ctx)
                    })
                })
            })
        };
    let live = move || {
        let mut d = draft();
        if d.name.is_empty() {
            d.name = "draft".into();
        }
        let all = saved();
        let lang = state.lang();
        match evaluate(&d, &all) {
            Ok(m) => fill(
                state.t().builder_count,
                &[("n", &format::count(m.len(), lang))],
            ),
            Err(e) => lang.segment_error(&e),
        }
    };
    let save = move |_| {
        let d = draft();
        if d.name.is_empty() {
            return;
        }
        state.settings.update(|s| {
            s.segments.retain(|segment| segment.name != d.name);
            s.segments.push(d);
        });
    };
    let condition_row = move |i: usize| {
        let get = move || conditions.with(|c| c.get(i).cloned().unwrap_or_default());
        let set = move |f: &dyn Fn(&mut DraftCondition)| {
            conditions.update(|c| {
                if let Some(d) = c.get_mut(i) {
                    f(d)
                }
            })
        };
        let t = move || state.t();
        view! {
            <div class="condition" data-testid=format!("condition-{i}")>
                <select
                    aria-label=move || t().builder_match
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(&|d| d.kind = v.clone());
                    }
                >
                    <option value="measure" selected=move || get().kind == "measure">"…"</option>
                    <option value="rfm" selected=move || get().kind == "rfm">{move || t().measure_in_rfm}</option>
                    <option value="in" selected=move || get().kind == "in">{move || t().measure_in_segment}</option>
                    <option value="not-in" selected=move || get().kind == "not-in">{move || t().measure_not_in_segment}</option>
                </select>
                {move || match get().kind.as_str() {
                    "rfm" => view! {
                        <select on:change=move |ev| {
                            if let Some(s) = RfmSegment::from_key(&event_target_value(&ev)) {
                                set(&|d| d.rfm = s);
                            }
                        }>
                            {RfmSegment::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.key() selected=move || get().rfm == s>{move || state.lang().rfm_name(s)}</option> })
                                .collect_view()}
                        </select>
                    }
                    .into_any(),
                    "in" | "not-in" => view! {
                        <select on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set(&|d| d.segment = v.clone());
                        }>
                            <option value="">"–"</option>
                            {saved()
                                .into_iter()
                                .map(|s| {
                                    let n = s.name.clone();
                                    view! { <option value=n.clone() selected=move || get().segment == n>{s.name.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                    .into_any(),
                    _ => view! {
                        <select
                            data-testid=format!("condition-{i}-measure")
                            on:change=move |ev| {
                                if let Some(m) = Measure::ALL.into_iter().find(|m| format!("{m:?}") == event_target_value(&ev)) {
                                    set(&|d| d.measure = m);
                                }
                            }
                        >
                            {Measure::ALL
                                .into_iter()
                                .map(|m| view! { <option value=format!("{m:?}") selected=move || get().measure == m>{move || state.lang().measure_name(m)}</option> })
                                .collect_view()}
                        </select>
                        <select
                            data-testid=format!("condition-{i}-op")
                            on:change=move |ev| {
                                if let Some((op, _)) = OPS.into_iter().find(|(_, s)| *s == event_target_value(&ev)) {
                                    set(&|d| d.op = op);
                                }
                            }
                        >
                            {OPS.into_iter().map(|(op, s)| view! { <option value=s selected=move || get().op == op>{s}</option> }).collect_view()}
                        </select>
                        <input
                            type="text"
                            inputmode="decimal"
                            data-testid=format!("condition-{i}-value")
                            prop:value=move || get().value
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                set(&|d| d.value = v.clone());
                            }
                        />
                    }
                    .into_any(),
                }}
                <button type="button" class="small" on:click=move |_| conditions.update(|c| {
                    if i < c.len() {
                        c.remove(i);
                    }
                })>
                    {move || t().builder_remove}
                </button>
            </div>
        }
    };
    let saved_rows = move || {
        let all = saved();
        let lang = state.lang();
        all.iter()
            .map(|seg| {
                let label = seg.name.clone();
                let delete_name = seg.name.clone();
                let (count, detail, members_list) = match evaluate(seg, &all) {
                    Ok(m) => {
                        let st = state.scores.with(|scores| {
                            state.summary.with(|s| segment_stats(&m, &s.customers, scores.as_deref()))
                        });
                        let detail = st
                            .clv_sum
                            .map(|v| format::money(v, &state.currency(), lang))
                            .unwrap_or_default();
                        (format::count(m.len(), lang), detail, m)
                    }
                    Err(e) => ("–".into(), lang.segment_error(&e), Vec::new()),
                };
                view! {
                    <tr>
                        <th scope="row">{seg.name.clone()}</th>
                        <td class="num">{count}</td>
                        <td class="num">{detail}</td>
                        <td>
                            <button
                                type="button"
                                class="small"
                                on:click=move |_| state.show_customers(label.clone(), members_list.clone())
                            >
                                {state.t().show_customers}
                            </button>
                            " "
                            <button
                                type="button"
                                class="small"
                                on:click=move |_| state.settings.update(|s| s.segments.retain(|segment| segment.name != delete_name))
                            >
                                {state.t().builder_delete}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="builder-title">
            <h2 id="builder-title">{move || state.t().builder_title}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="segment-name">{move || state.t().builder_name}</label>
                    <input id="segment-name" type="text" data-testid="segment-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    {move || {
                        let n = name.get();
                        saved().iter().any(|s| s.name == n.trim()).then(|| view! { <p class="help">{state.t().builder_name_taken}</p> })
                    }}
                </div>
                <div class="field">
                    <label for="segment-combine">{move || state.t().builder_match}</label>
                    <select id="segment-combine" data-testid="segment-combine" on:change=move |ev| combine.set(if event_target_value(&ev) == "any" { Combine::Any } else { Combine::All })>
                        <option value="all" selected=move || combine.get() == Combine::All>{move || state.t().builder_all}</option>
                        <option value="any" selected=move || combine.get() == Combine::Any>{move || state.t().builder_any}</option>
                    </select>
                </div>
            </div>
            <div class="conditions">
                {move || (0..conditions.with(Vec::len)).map(condition_row).collect_view()}
            </div>
            <div class="actions">
                <button type="button" on:click=move |_| conditions.update(|c| c.push(DraftCondition::default()))>
                    {move || state.t().builder_add}
                </button>
                <button type="button" class="primary" data-testid="segment-save" disabled=move || name.with(|n| n.trim().is_empty()) on:click=save>
                    {move || state.t().builder_save}
                </button>
                <span class="fit-status" role="status" data-testid="segment-live-count">{live}</span>
            </div>
            <h3>{move || state.t().builder_saved_list}</h3>
            {move || saved().is_empty().then(|| view! { <p class="muted">{state.t().builder_none_saved}</p> })}
            <div class="table-wrap">
                <table data-testid="custom-segments">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().col_segment}</th>
                            <th scope="col" class="num">{move || state.t().stat_customers}</th>
                            <th scope="col" class="num">{move || state.t().col_clv_sum}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{saved_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Migration between the RFM segments of two dates.
#[component]
fn MigrationCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let default_dates = move || {
        let end = state.observation_end.get().unwrap_or_default();
        (
            end.checked_sub_months(chrono::Months::new(6))
                .unwrap_or(end),
            end,
        )
    };
    let from = RwSignal::new(None::<chrono::NaiveDate>);
    let to = RwSignal::new(None::<chrono::NaiveDate>);
    let dates = move || {
        let (f, t) = default_dates();
        (from.get().unwrap_or(f), to.get().unwrap_or(t))
    };
    let result = Memo::new(move |_| {
        let (f, t) = dates();
        if f >= t {
            return None;
        }
        state.scores.with(|scores| {
            state.data.with(|w| {
                state.summary.with(|s| {
                    // Value: each customer's current CLV where the model has it, else net revenue.
                    let index: std::collections::HashMap<&str, usize> = s
                        .customers
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (c.customer_id.as_str(), i))
                        .collect();
                    let ids = w.log.customer_ids();
                    let value_of = |c: u32| {
                        let i = index.get(ids[c as usize].as_str()).copied();
                        match (i, scores.as_ref()) {
                            (Some(i), Some(sc)) => sc[i].clv.estimate,
                            (Some(i), None) => s.customers[i].total,
                            _ => 0.0,
                        }
                    };
                    migration(&w.log, f, t, value_of).ok()
                })
            })
        })
    });
    let date_input =
        move |id: &'static str,
              label: fn(&Texts) -> &'static str,
              signal: RwSignal<Option<chrono::NaiveDate>>,
              pick: fn((chrono::NaiveDate, chrono::NaiveDate)) -> chrono::NaiveDate| {
            view! {
                <div class="field">
                    <label for=id>{move || label(state.t())}</label>
                    <input
                        id=id
                        type="date"
                        data-testid=id
                        prop:value=move || pick(dates()).format("%Y-%m-%d").to_string()
                        on:change=move |ev| {
                            if let Ok(d) = event_target_value(&ev).parse() {
                                signal.set(Some(d));
                            }
                        }
                    />
                </div>
            }
        };
    let table = move || {
        let t = state.t();
        let lang = state.lang();
        result.with(|r| {
            r.as_ref().map(|m| {
                let head = m.to.iter().map(|s| view! { <th scope="col" class="num">{lang.rfm_name(*s)}</th> }).collect_view();
                let max = m.customers.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
                let rows = m
                    .from
                    .iter()
                    .enumerate()
                    .map(|(i, from)| {
                        let label = from.map(|s| lang.rfm_name(s)).unwrap_or(t.migration_new);
                        let cells = m.customers[i]
                            .iter()
                            .enumerate()
                            .map(|(j, n)| {
                                let stay = from.is_some_and(|s| s == m.to[j]);
                                view! {
                                    <td class="heat num" class:stay=stay class:dark={ *n as f64 / max > 0.5 } style=format!("--intensity: {:.3}", 0.06 + 0.85 * (*n as f64 / max)) title=format::number(m.value[i][j], 0, lang)>
                                        {if *n == 0 { "·".to_owned() } else { format::count(*n, lang) }}
                                    </td>
                                }
                            })
                            .collect_view();
                        view! { <tr><th scope="row">{label}</th>{cells}</tr> }
                    })
                    .collect_view();
                let stayed: usize = m.from.iter().enumerate().map(|(i, f)| f.map(|s| m.customers[i][s.index()]).unwrap_or(0)).sum();
                let total: usize = m.customers.iter().flatten().sum();
                view! {
                    <p class="help" data-testid="migration-summary">
                        {fill(t.migration_stayed, &[("n", &format::count(stayed, lang)), ("moved", &format::count(total - stayed, lang))])}
                    </p>
                    <div class="table-wrap">
                        <table class="heat-table migration" data-testid="migration">
                            <thead><tr><th scope="col"></th>{head}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            })
        })
    };
    let export = move |_| {
        let t = state.t();
        let lang = state.lang();
        let svg = result.with(|r| {
            r.as_ref()
                .map(|m| {
                    let max = m
                        .customers
                        .iter()
                        .flatten()
                        .copied()
                        .max()
                        .unwrap_or(1)
                        .max(1) as f64;
                    let cells: Vec<Vec<GridCell>> = m
                        .customers
                        .iter()
                        .map(|row| {
                            row.iter()
                                .map(|n| GridCell {
                                    intensity: *n as f64 / max,
                                    lines: vec![format::count(*n, lang)],
                                })
                                .collect()
                        })
                        .collect();
                    let rows: Vec<String> = m
                        .from
                        .iter()
                        .map(|f| {
                            f.map(|s| lang.rfm_name(s))
                                .unwrap_or(t.migration_new)
                                .to_owned()
                        })
                        .collect();
                    let cols: Vec<String> =
                        m.to.iter().map(|s| lang.rfm_name(*s).to_owned()).collect();
                    grid_svg(
                        &cells,
                        &rows,
                        &cols,
                        t.migration_from_date,
                        t.migration_to_date,
                    )
                    .unwrap_or_default()
                })
                .unwrap_or_default()
        });
        super::download::text_file("kundenwert-migration.svg", "image/svg+xml", &svg);
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{move || state.t().migration_title}</h2>
                <button type="button" class="small" on:click=export>{move || state.t().chart_save_svg}</button>
            </div>
            <p class="help">{move || state.t().migration_help}</p>
            <div class="form-grid">
                {date_input("migration-from", |t| t.migration_from_date, from, |d| d.0)}
                {date_input("migration-to", |t| t.migration_to_date, to, |d| d.1)}
            </div>
            {table}
        </section>
    }
}
