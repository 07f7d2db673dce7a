//! The shared view: what a share link (`#share=v1.…`) carries, read-only —
//! the figures, model, segments, goals with their charts and the equity with
//! its scenarios — under a banner that says so, with "save as a new
//! workspace". Nothing of the reader's own workspace is shown or changed.

use super::goals::goal_chart;
use super::widgets::{ChartCard, ChartTable};
use super::AppState;
use crate::charts::{waterfall_svg, WaterfallData, WaterfallLabels, WaterfallStep};
use crate::clv::segments::RfmSegment;
use crate::format;
use crate::i18n::{fill, Lang};
use crate::share::{decode_share_fragment, SharedView};
use leptos::prelude::*;

/// The hash's share link decoded, or why it cannot be.
#[component]
pub fn SharedPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let decoded = Memo::new(move |_| {
        state.page.track();
        let hash = window().location().hash().unwrap_or_default();
        decode_share_fragment(hash.trim_start_matches('#'))
    });
    move || match decoded.get() {
        Err(e) => {
            let lang = state.lang();
            let t = state.t();
            view! {
                <h1>{t.shared_title}</h1>
                <section class="notice notice-error" role="alert" data-testid="share-problem">
                    <p>{fill(t.share_link_failed, &[("reason", &lang.share_link_error(&e))])}</p>
                    <a class="button" href="#/data">
                        {t.shared_back}
                    </a>
                </section>
            }
            .into_any()
        }
        Ok(view) => {
            let view = StoredValue::new(view);
            view! {
                <SharedBanner view />
                <SharedFigures view />
                <SharedGoals view />
                <SharedEquity view />
                <SharedSegments view />
                <SharedModel view />
            }
            .into_any()
        }
    }
}

type View = StoredValue<SharedView>;

/// "Shared view, read-only" with the date, and save / back.
#[component]
fn SharedBanner(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved = RwSignal::new(false);
    move || {
        let lang = state.lang();
        let t = state.t();
        let as_of = view.with_value(|v| format::date(v.as_of, lang));
        view! {
            <h1>{t.shared_title}</h1>
            <section class="notice notice-warn shared-banner" data-testid="shared-banner">
                <p>
                    <strong>{t.shared_read_only}</strong>
                    " "
                    {fill(t.shared_explained, &[("date", &as_of)])}
                </p>
                <div class="actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="shared-save"
                        disabled=move || saved.get()
                        on:click=move |_| {
                            saved.set(true);
                            let workspace = view.with_value(SharedView::saved_workspace);
                            state.add_workspace(state.t().shared_workspace_name.into(), workspace);
                            let _ = window().location().set_hash("#/goals");
                        }
                    >
                        {t.shared_save}
                    </button>
                    <a class="button" href="#/data">
                        {t.shared_back}
                    </a>
                </div>
            </section>
        }
    }
}

fn money(view: View, x: f64, lang: Lang) -> String {
    view.with_value(|v| format::money(x, &v.settings.currency, lang))
}

/// The headline figures: customers, CLV and customer equity with its parts.
#[component]
fn SharedFigures(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = state.t();
        let customers = view.with_value(|v| v.customers);
        let clv = view.with_value(|v| v.model.as_ref().map(|m| m.total_clv.0));
        let equity = view.with_value(|v| v.equity.as_ref().map(|e| e.levers));
        let stat = |label: &'static str, value: String, testid: &'static str| {
            view! {
                <div class="stat">
                    <span class="stat-label">{label}</span>
                    <span class="stat-value" data-testid=testid>
                        {value}
                    </span>
                </div>
            }
        };
        view! {
            <section class="stats" aria-label=t.shared_figures>
                {stat(t.stat_customers, format::count(customers, lang), "shared-customers")}
                {clv.map(|c| stat(t.shared_total_clv, money(view, c, lang), "shared-clv"))}
                {equity
                    .map(|e| {
                        view! {
                            {stat(t.shared_equity, money(view, e.total(), lang), "shared-equity")}
                            {stat(
                                t.shared_equity_current,
                                money(view, e.current(), lang),
                                "shared-equity-current",
                            )}
                            {stat(
                                t.shared_equity_future,
                                money(view, e.future(), lang),
                                "shared-equity-future",
                            )}
                        }
                    })}
            </section>
        }
    }
}

/// Every goal with its status, current value and chart.
#[component]
fn SharedGoals(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goals = move || {
        let lang = state.lang();
        let (book, views, as_of, currency) = view.with_value(|v| {
            (
                v.settings.goals.clone(),
                v.goal_views(),
                v.as_of,
                v.settings.currency.clone(),
            )
        });
        book.goals
            .iter()
            .map(|goal| {
                let unit = goal.kpi.unit(&book.surveys);
                let goal_view = views.iter().find(|v| v.id == goal.id);
                let tracking = goal_view.and_then(|v| v.tracking.clone());
                let (svg, table) = match (goal_view, &tracking) {
                    (Some(v), Some(tr)) => {
                        goal_chart(goal, &v.series, tr, as_of, unit, &currency, lang)
                    }
                    _ => (String::new(), ChartTable::default()),
                };
                let status = tracking
                    .as_ref()
                    .map(|tr| lang.goal_status_name(tr.status))
                    .unwrap_or("–");
                let current = tracking
                    .and_then(|tr| tr.current)
                    .map(|c| format::kpi_value(c, unit, &currency, lang))
                    .unwrap_or_else(|| "–".into());
                let target = format::kpi_value(goal.target, unit, &currency, lang);
                let title = format!("{} · {}", goal.name, lang.kpi_name(&goal.kpi));
                let line = fill(
                    lang.texts().shared_goal_line,
                    &[
                        ("status", status),
                        ("current", &current),
                        ("target", &target),
                    ],
                );
                let alt = format!("{title}: {line}");
                view! {
                    <p class="shared-goal" data-testid="shared-goal">
                        <strong>{goal.name.clone()}</strong>
                        " — "
                        {line}
                    </p>
                    <ChartCard
                        title=title
                        svg=svg
                        alt=alt
                        table=table
                        file_name="kundenwert-shared-goal.svg"
                        testid="shared-goal-chart"
                    />
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="shared-goals-title">
            <h2 id="shared-goals-title">{move || state.t().nav_goals}</h2>
            {goals}
        </section>
    }
}

/// The equity waterfall of the shared levers, and the scenarios.
#[component]
fn SharedEquity(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = move || {
        let lang = state.lang();
        let t = state.t();
        let equity = view.with_value(|v| v.equity.clone())?;
        let value = |v: f64| money(view, v, lang);
        let steps = equity.waterfall_steps();
        let data = WaterfallData {
            start_label: t.equity_waterfall_today.into(),
            start: equity.today.total(),
            steps: steps
                .iter()
                .map(|(lever, change)| WaterfallStep {
                    label: lang.equity_lever_name(*lever).into(),
                    delta: *change,
                })
                .collect(),
            end_label: t.equity_waterfall_scenario.into(),
            end: equity.levers.total(),
        };
        let svg = waterfall_svg(&data, &WaterfallLabels { value: &value }).unwrap_or_default();
        let mut rows = vec![vec![t.equity_waterfall_today.to_owned(), value(data.start)]];
        rows.extend(steps.iter().map(|(lever, change)| {
            vec![
                lang.equity_lever_name(*lever).to_owned(),
                view.with_value(|v| format::signed_money(*change, &v.settings.currency, lang)),
            ]
        }));
        rows.push(vec![
            t.equity_waterfall_scenario.to_owned(),
            value(data.end),
        ]);
        let table = ChartTable {
            headers: vec![t.equity_col_levers.into(), t.equity_col_change.into()],
            rows,
        };
        let scenarios = view.with_value(|v| {
            v.settings
                .equity
                .scenarios
                .iter()
                .zip(&equity.scenarios)
                .map(|(s, parts)| {
                    (
                        s.name.clone(),
                        parts.total(),
                        parts.current(),
                        parts.future(),
                    )
                })
                .collect::<Vec<_>>()
        });
        Some(view! {
            <ChartCard
                title=t.equity_chart_waterfall.to_owned()
                svg=svg
                alt=t.equity_chart_waterfall_alt.to_owned()
                table=table
                file_name="kundenwert-shared-waterfall.svg"
                testid="shared-waterfall"
            />
            <div class="table-wrap">
                <table data-testid="shared-scenarios">
                    <caption>{t.shared_scenarios}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.workspace_col_name}</th>
                            <th scope="col" class="num">
                                {t.shared_equity}
                            </th>
                            <th scope="col" class="num">
                                {t.shared_equity_current}
                            </th>
                            <th scope="col" class="num">
                                {t.shared_equity_future}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {scenarios
                            .into_iter()
                            .map(|(name, total, current, future)| {
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td class="num">{value(total)}</td>
                                        <td class="num">{value(current)}</td>
                                        <td class="num">{value(future)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section aria-labelledby="shared-equity-title">
            <h2 id="shared-equity-title">{move || state.t().nav_equity}</h2>
            {chart}
        </section>
    }
}

/// The RFM segments and the custom segments with their sizes and values.
#[component]
fn SharedSegments(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let lang = state.lang();
        view.with_value(|v| {
            let named = RfmSegment::ALL
                .iter()
                .map(|s| lang.rfm_name(*s).to_owned())
                .zip(v.segments.rfm.iter().copied().map(Ok));
            let custom = v
                .settings
                .segments
                .iter()
                .map(|s| s.name.clone())
                .zip(v.segments.custom.iter().cloned());
            named
                .chain(custom)
                .filter_map(|(name, figures)| figures.ok().map(|f| (name, f)))
                .map(|(name, f)| {
                    let clv =
                        f.2.map(|c| format::money_whole(c, &v.settings.currency, lang));
                    view! {
                        <tr>
                            <th scope="row">{name}</th>
                            <td class="num">{format::count(f.0, lang)}</td>
                            <td class="num">
                                {format::money_whole(f.1, &v.settings.currency, lang)}
                            </td>
                            <td class="num">{clv.unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="shared-segments-title">
            <h2 id="shared-segments-title">{move || state.t().nav_segments}</h2>
            <div class="table-wrap">
                <table data-testid="shared-segments">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t().workspace_col_name}</th>
                            <th scope="col" class="num">
                                {move || state.t().stat_customers}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().stat_net_revenue}
                            </th>
                            <th scope="col" class="num">
                                {move || state.t().shared_total_clv}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The fitted purchase model's parameters.
#[component]
fn SharedModel(view: View) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = state.t();
        let model = view.with_value(|v| v.model.clone())?;
        let kind = view.with_value(|v| v.settings.model.purchase);
        let rows = model
            .purchase
            .names
            .iter()
            .zip(&model.purchase.params)
            .map(|(name, value)| {
                view! {
                    <tr>
                        <th scope="row">{name.clone()}</th>
                        <td class="num">{format::number(*value, 4, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="shared-model-title">
                <h2 id="shared-model-title">{t.nav_models}</h2>
                <div class="table-wrap">
                    <table class="facts" data-testid="shared-model">
                        <caption>{kind.label()}</caption>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        })
    }
}
