//! The Equity page: customer equity of today's and future customers with its
//! interval, how it builds up over the horizon, the acquisition history and
//! projection, lever sliders with instant recomputation, the waterfall of
//! lever contributions, scenarios, goal-seek and the simple retention mode.

use super::widgets::{use_fitted_models, ChartCard, ChartTable, Info, ModelStatus};
use super::AppState;
use crate::charts::{
    acquisition_svg, equity_stack_svg, waterfall_svg, AcquisitionChartData, AcquisitionChartLabels,
    EquityStackData, EquityStackLabels, WaterfallData, WaterfallLabels, WaterfallStep,
};
use crate::clv::equity::acquisition::{
    monthly_acquisitions, project_acquisitions, AcquisitionForecast, AcquisitionMethod,
};
use crate::clv::equity::book::scenario_goal;
use crate::clv::equity::customer_equity::{
    goal_seek, waterfall, Equity, EquityInputs, EquityLever, EquityModel, EquityPart, GoalSeek,
    Levers,
};
use crate::clv::equity::retention::retention_clv;
use crate::clv::goals::{Kpi, KpiEngine, Scope};
use crate::clv::segments::{rfm_scores, RfmSegment};
use crate::format;
use crate::i18n::{fill, Texts};
use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use std::sync::Arc;

/// The inputs the equity model is built from, with what it was built for.
struct Prepared {
    model: EquityModel,
    history: Vec<(NaiveDate, u32)>,
    forecast: Result<AcquisitionForecast, String>,
    /// The report's relative interval of today's customers' value (low, high).
    interval: (f64, f64),
    /// Customer equity as the Goals page measures it (today's customers, model horizon).
    kpi_today: Option<f64>,
    today: NaiveDate,
}

/// Everything on the page.
#[component]
pub fn EquityPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    use_fitted_models(state);
    // The model behind the page, rebuilt when data, fit or settings change
    // (not when a lever moves).
    let settings_key = Memo::new(move |_| {
        state.settings.with(|s| {
            let b = &s.equity;
            let m = &s.model;
            (
                b.horizon_months,
                b.acquisition_cost.to_bits(),
                b.acquisition,
                m.discount_percent.to_bits(),
                m.margin_percent.to_bits(),
            )
        })
    });
    let prepared = Memo::new(move |_| {
        // Rebuilt when the data, the fit or these settings change; the other
        // settings are read untracked (the levers are a signal of their own).
        settings_key.track();
        state.summary.track();
        if !state.scores.with(Option::is_some) {
            return None;
        }
        let today = state.observation_end.get_untracked()?;
        state.settings.with_untracked(|ws| {
            state.data.with_untracked(|d| {
                state.report.with(|r| {
                    let report = r.as_ref()?.result.as_ref().ok()?;
                    state.summary.with(|summary| {
                        let customers = &summary.customers;
                        let m = &ws.model;
                        let book = &ws.equity;
                        let settings =
                            book.settings(m.discount_percent / 100.0, m.margin_percent / 100.0);
                        let history = monthly_acquisitions(&d.log, today);
                        let forecast = project_acquisitions(
                            &history,
                            book.acquisition,
                            settings.horizon_months,
                        )
                        .map_err(|e| e.to_string());
                        let empty = AcquisitionForecast {
                            method: book.acquisition,
                            per_month: Vec::new(),
                            fitted: Vec::new(),
                            logistic: None,
                        };
                        let segment_of: Vec<usize> = rfm_scores(customers, today)
                            .iter()
                            .map(|s| s.segment().index())
                            .collect();
                        let model = EquityModel::new(EquityInputs {
                            customers,
                            segment_of: Some(&segment_of),
                            segments: RfmSegment::ALL.len(),
                            model: report.request.model,
                            params: &report.purchase.params,
                            spend: report.spend_model(),
                            unit: report.request.unit,
                            settings,
                            acquisitions: forecast.as_ref().unwrap_or(&empty),
                        });
                        let total = report.total_clv;
                        let interval = if total.estimate > 0.0 {
                            (total.low / total.estimate, total.high / total.estimate)
                        } else {
                            (1.0, 1.0)
                        };
                        let models = report.fitted_models(0, 7);
                        let ctx = ws.kpi_context(&d.log).with_model(models.value_model());
                        let kpi_today = KpiEngine::new(&ctx)
                            .value(&Kpi::CustomerEquity, &Scope::All, today)
                            .ok()
                            .flatten();
                        Some(PreparedHandle(Arc::new(Prepared {
                            model,
                            history,
                            forecast,
                            interval,
                            kpi_today,
                            today,
                        })))
                    })
                })
            })
        })
    });
    let levers = state.levers;
    let equity = Memo::new(move |_| {
        prepared.with(|p| {
            p.as_ref().map(|p| {
                (
                    p.0.model.evaluate(&levers.get()),
                    p.0.model.evaluate(&Levers::default()),
                )
            })
        })
    });
    let intro = move || {
        fill(
            state.t().equity_intro,
            &[("end", &state.observation_end_text())],
        )
    };
    let currency = move || state.currency();
    let money = move |x: f64| format::money(x, &currency(), state.lang());

    view! {
        <h1>{move || state.t().equity_title}</h1>
        <p class="lead">{intro}</p>
        <ModelStatus
            waiting=Signal::derive(move || prepared.with(Option::is_none))
            need=|t| t.equity_need_model
            testid="equity-model-status"
        />
        {move || {
            equity
                .get()
                .map(|(e, base)| {
                    let t = state.t();
                    let lang = state.lang();
                    let (lo, hi) = prepared
                        .with(|p| p.as_ref().map_or((1.0, 1.0), |p| p.0.interval));
                    let low = e.current * lo + e.future;
                    let high = e.current * hi + e.future;
                    let change = e.total - base.total;
                    let percent = if base.total != 0.0 { change / base.total.abs() } else { 0.0 };
                    let per_month = if e.cohorts.is_empty() {
                        0.0
                    } else {
                        e.cohorts.iter().map(|c| c.customers).sum::<f64>() / e.cohorts.len() as f64
                    };
                    view! {
                        <div class="stats equity-stats">
                            <div class="stat stat-main">
                                <span class="stat-label">
                                    {t.equity_total}" "<Info text=t.equity_total_help />
                                </span>
                                <span class="stat-value" data-testid="equity-total">
                                    {money(e.total)}
                                </span>
                                <span class="stat-detail" data-testid="equity-interval">
                                    {fill(
                                        t.equity_interval,
                                        &[("low", &money(low)), ("high", &money(high))],
                                    )}
                                </span>
                                <span class="stat-detail" data-testid="equity-change">
                                    {fill(
                                        t.equity_change,
                                        &[
                                            (
                                                "change",
                                                &format::signed_money(change, &currency(), lang),
                                            ),
                                            ("percent", &format::signed_percent(percent, lang)),
                                        ],
                                    )}
                                </span>
                            </div>
                            <div class="stat">
                                <span class="stat-label">
                                    {t.equity_current}" "<Info text=t.equity_current_help />
                                </span>
                                <span class="stat-value" data-testid="equity-current">
                                    {money(e.current)}
                                </span>
                            </div>
                            <div class="stat">
                                <span class="stat-label">
                                    {t.equity_future}" "<Info text=t.equity_future_help />
                                </span>
                                <span class="stat-value" data-testid="equity-future">
                                    {money(e.future)}
                                </span>
                            </div>
                            <div class="stat">
                                <span class="stat-label">
                                    {t.equity_new_value}" "<Info text=t.equity_new_value_help />
                                </span>
                                <span class="stat-value" data-testid="equity-new-value">
                                    {money(e.new_customer_value)}
                                </span>
                            </div>
                            <div class="stat">
                                <span class="stat-label">
                                    {t.equity_new_per_month}" "
                                    <Info text=t.equity_new_per_month_help />
                                </span>
                                <span class="stat-value" data-testid="equity-per-month">
                                    {format::number(per_month, 1, lang)}
                                </span>
                            </div>
                        </div>
                    }
                })
        }}
        <div class="two-col even">
            <LeversCard />
            <EquitySettingsCard prepared=prepared />
        </div>
        <StackChart equity=equity />
        <WaterfallChart prepared=prepared />
        <AcquisitionChart prepared=prepared />
        <ScenariosCard prepared=prepared equity=equity />
        <GoalSeekCard prepared=prepared />
        <SegmentValueCard equity=equity />
        <SimpleModeCard />
    }
}

/// `Prepared` shared, compared by identity (a memo needs `PartialEq`).
#[derive(Clone)]
struct PreparedHandle(Arc<Prepared>);

impl PartialEq for PreparedHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

type PreparedMemo = Memo<Option<PreparedHandle>>;
type EquityMemo = Memo<Option<(Equity, Equity)>>;

/// Lever sliders.
#[component]
fn LeversCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let set = move |lever: EquityLever, value: f64| {
        state.levers.update(|l| l.set(lever, value));
    };
    view! {
        <section class="card levers" data-testid="equity-levers">
            <div class="card-head">
                <h2>{move || state.t().equity_levers}</h2>
                <button
                    type="button"
                    class="small"
                    data-testid="levers-reset"
                    on:click=move |_| state.levers.set(Levers::default())
                >
                    {move || state.t().equity_levers_reset}
                </button>
            </div>
            <p class="help">{move || state.t().equity_levers_intro}</p>
            {EquityLever::ALL
                .into_iter()
                .map(|lever| {
                    let (lo, hi) = lever.bounds();
                    let value = move || state.levers.with(|l| l.get(lever));
                    let id = format!("lever-{}", lever.key());
                    view! {
                        <div class="lever">
                            <label for=id.clone()>
                                <span>
                                    {move || state.lang().equity_lever_name(lever)}" "
                                    <Info text=Signal::derive(move || {
                                        state.lang().equity_lever_help(lever).to_owned()
                                    }) />
                                </span>
                                <output data-testid=format!(
                                    "{id}-value",
                                )>{move || format::signed_percent(value(), state.lang())}</output>
                            </label>
                            <input
                                id=id.clone()
                                type="range"
                                data-testid=id
                                min=(lo * 100.0).to_string()
                                max=(hi * 100.0).to_string()
                                step="1"
                                prop:value=move || format!("{:.0}", value() * 100.0)
                                on:input=move |ev| {
                                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                        set(lever, v / 100.0);
                                    }
                                }
                            />
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// Horizon, acquisition cost and projection method.
#[component]
fn EquitySettingsCard(
    /// The prepared model (for the projection's error).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let method_key = move || {
        state.settings.with(|s| match s.equity.acquisition {
            AcquisitionMethod::RecentAverage { .. } => "recent",
            AcquisitionMethod::LinearTrend => "trend",
            AcquisitionMethod::Logistic => "logistic",
            AcquisitionMethod::Manual { .. } => "manual",
        })
    };
    let discount_margin = move || {
        let lang = state.lang();
        state.settings.with(|s| {
            fill(
                state.t().equity_discount_margin,
                &[
                    (
                        "discount",
                        &format::percent(s.model.discount_percent / 100.0, 1, lang),
                    ),
                    (
                        "margin",
                        &format::percent(s.model.margin_percent / 100.0, 0, lang),
                    ),
                ],
            )
        })
    };
    view! {
        <section class="card">
            <h2>{move || t().equity_settings}</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="equity-horizon">{move || t().equity_horizon}</label>
                    <select
                        id="equity-horizon"
                        data-testid="equity-horizon"
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                state.settings.update(|s| s.equity.horizon_months = v);
                            }
                        }
                    >
                        {[12u32, 24, 36, 60]
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option
                                        value=m.to_string()
                                        selected=move || {
                                            state.settings.with(|s| s.equity.horizon_months == m)
                                        }
                                    >
                                        {m}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="equity-cac">{move || t().equity_cac}</label>
                    <input
                        id="equity-cac"
                        type="number"
                        min="0"
                        step="any"
                        data-testid="equity-cac"
                        prop:value=move || {
                            state.settings.with(|s| s.equity.acquisition_cost.to_string())
                        }
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev)
                                .trim()
                                .replace(',', ".")
                                .parse::<f64>()
                            {
                                if v.is_finite() && v >= 0.0 {
                                    state.settings.update(|s| s.equity.acquisition_cost = v);
                                }
                            }
                        }
                    />
                </div>
                <div class="field wide">
                    <label for="equity-method">{move || t().equity_method}</label>
                    <select
                        id="equity-method"
                        data-testid="equity-method"
                        on:change=move |ev| {
                            let method = match event_target_value(&ev).as_str() {
                                "trend" => AcquisitionMethod::LinearTrend,
                                "logistic" => AcquisitionMethod::Logistic,
                                "manual" => {
                                    let current = prepared
                                        .with_untracked(|p| {
                                            p.as_ref()
                                                .and_then(|p| {
                                                    p.0
                                                        .forecast
                                                        .as_ref()
                                                        .ok()
                                                        .and_then(|f| f.per_month.first().copied())
                                                })
                                        })
                                        .unwrap_or(0.0);
                                    AcquisitionMethod::Manual {
                                        per_month: current.round(),
                                    }
                                }
                                _ => {
                                    AcquisitionMethod::RecentAverage {
                                        months: 6,
                                    }
                                }
                            };
                            state.settings.update(|s| s.equity.acquisition = method);
                        }
                    >
                        <option value="recent" selected=move || method_key() == "recent">
                            {move || t().equity_method_recent}
                        </option>
                        <option value="trend" selected=move || method_key() == "trend">
                            {move || t().equity_method_trend}
                        </option>
                        <option value="logistic" selected=move || method_key() == "logistic">
                            {move || t().equity_method_logistic}
                        </option>
                        <option value="manual" selected=move || method_key() == "manual">
                            {move || t().equity_method_manual}
                        </option>
                    </select>
                </div>
                {move || match state.settings.with(|s| s.equity.acquisition) {
                    AcquisitionMethod::Manual { per_month } => {
                        Some(
                            view! {
                                <div class="field">
                                    <label for="equity-manual">{t().equity_manual_per_month}</label>
                                    <input
                                        id="equity-manual"
                                        type="number"
                                        min="0"
                                        step="any"
                                        data-testid="equity-manual"
                                        prop:value=per_month.to_string()
                                        on:change=move |ev| {
                                            if let Ok(v) = event_target_value(&ev)
                                                .trim()
                                                .replace(',', ".")
                                                .parse::<f64>()
                                            {
                                                if v.is_finite() && v >= 0.0 {
                                                    state
                                                        .settings
                                                        .update(|s| {
                                                            s.equity.acquisition = AcquisitionMethod::Manual {
                                                                per_month: v,
                                                            };
                                                        });
                                                }
                                            }
                                        }
                                    />
                                </div>
                            },
                        )
                    }
                    _ => None,
                }}
            </div>
            <p class="help" data-testid="equity-method-preview">
                {move || {
                    let lang = state.lang();
                    prepared
                        .with(|p| {
                            let p = p.as_ref()?;
                            let next = p.0.forecast.as_ref().ok()?.per_month.first().copied()?;
                            let recent: Vec<f64> = p
                                .0
                                .history
                                .iter()
                                .rev()
                                .take(6)
                                .map(|(_, n)| *n as f64)
                                .collect();
                            let average = recent.iter().sum::<f64>() / recent.len().max(1) as f64;
                            Some(
                                fill(
                                    state.t().equity_method_preview,
                                    &[
                                        ("next", &format::number(next, 1, lang)),
                                        ("recent", &format::number(average, 1, lang)),
                                    ],
                                ),
                            )
                        })
                }}
            </p>
            <p class="help">{discount_margin}</p>
            {move || {
                prepared
                    .with(|p| p.as_ref().and_then(|p| p.0.forecast.as_ref().err().cloned()))
                    .map(|e| {
                        view! {
                            <p
                                class="field-error"
                                role="alert"
                                data-testid="equity-acquisition-error"
                            >
                                {fill(state.t().equity_acquisition_error, &[("reason", &e)])}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// Equity building up over the horizon, stacked.
#[component]
fn StackChart(
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = move || state.observation_end.get().unwrap_or_default();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        equity.with(|e| {
            let Some((e, _)) = e else {
                return (String::new(), ChartTable::default());
            };
            let start = today();
            let months: Vec<NaiveDate> = (1..=e.current_by_month.len() as u32)
                .map(|k| start.checked_add_months(Months::new(k)).unwrap_or(start))
                .collect();
            let value = |v: f64| format::money(v, &currency, lang);
            let data = EquityStackData {
                months: months.clone(),
                current: e.current_by_month.clone(),
                future: e.future_by_month.clone(),
            };
            let labels = EquityStackLabels {
                current: t.equity_current,
                future: t.equity_future,
                total: t.equity_chart_total,
                month_names: lang.month_names(),
                value: &value,
            };
            let svg = equity_stack_svg(&data, &labels).unwrap_or_default();
            // Each month's cohort (customers won that month and their net
            // value today), then the cumulative values the chart stacks.
            let rows = months
                .iter()
                .enumerate()
                .zip(e.current_by_month.iter().zip(&e.future_by_month))
                .map(|((k, m), (c, f))| {
                    let cohort = e.cohorts.get(k);
                    vec![
                        format::date(*m, lang),
                        cohort
                            .map(|c| format::number(c.customers, 1, lang))
                            .unwrap_or_default(),
                        cohort.map(|c| value(c.value_today)).unwrap_or_default(),
                        value(*c),
                        value(*f),
                        value(c + f),
                    ]
                })
                .collect();
            let table = ChartTable {
                headers: vec![
                    t.col_month.into(),
                    t.equity_col_cohort_customers.into(),
                    t.equity_col_cohort_value.into(),
                    t.equity_col_current.into(),
                    t.equity_col_future.into(),
                    t.equity_chart_total.into(),
                ],
                rows,
            };
            (svg, table)
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_stack.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || {
                let months = equity
                    .with(|e| e.as_ref().map_or(0, |(e, _)| e.current_by_month.len()));
                fill(state.t().equity_chart_stack_alt, &[("months", &months.to_string())])
            })
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-equity.svg"
            testid="equity-stack"
        />
    }
}

/// The waterfall of lever contributions.
#[component]
fn WaterfallChart(
    /// The prepared model.
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        let levers = state.levers.get();
        prepared.with(|p| {
            let Some(p) = p else {
                return (String::new(), ChartTable::default());
            };
            let (start, steps, end) = waterfall(&p.0.model, &levers);
            let value = |v: f64| format::money(v, &currency, lang);
            let data = WaterfallData {
                start_label: t.equity_waterfall_today.into(),
                start,
                steps: steps
                    .iter()
                    .map(|s| WaterfallStep {
                        label: lang.equity_lever_name(s.lever).into(),
                        delta: s.change,
                    })
                    .collect(),
                end_label: t.equity_waterfall_scenario.into(),
                end,
            };
            let svg = waterfall_svg(&data, &WaterfallLabels { value: &value }).unwrap_or_default();
            let mut rows = vec![vec![t.equity_waterfall_today.to_owned(), value(start)]];
            rows.extend(steps.iter().map(|s| {
                vec![
                    lang.equity_lever_name(s.lever).to_owned(),
                    format::signed_money(s.change, &currency, lang),
                ]
            }));
            rows.push(vec![t.equity_waterfall_scenario.to_owned(), value(end)]);
            (
                svg,
                ChartTable {
                    headers: vec![t.equity_col_levers.into(), t.equity_col_change.into()],
                    rows,
                },
            )
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_waterfall.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || state.t().equity_chart_waterfall_alt.to_owned())
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-equity-waterfall.svg"
            testid="equity-waterfall"
        />
        <p class="help waterfall-help">{move || state.t().equity_waterfall_help}</p>
    }
}

/// New customers per month with the projection.
#[component]
fn AcquisitionChart(
    /// The prepared model.
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let volume = state.levers.with(|l| l.acquisition_volume);
        prepared.with(|p| {
            let Some(p) = p else {
                return (String::new(), ChartTable::default());
            };
            let history: Vec<(NaiveDate, f64)> =
                p.0.history.iter().map(|(d, n)| (*d, *n as f64)).collect();
            let (fitted, per_month) = match &p.0.forecast {
                // The method's values belong to the last months of the history.
                Ok(f) => {
                    let missing = history.len().saturating_sub(f.fitted.len());
                    let mut fitted = vec![f64::NAN; missing];
                    fitted.extend(f.fitted.iter().take(history.len()));
                    (fitted, f.per_month.clone())
                }
                Err(_) => (Vec::new(), Vec::new()),
            };
            let after = history.last().map(|(d, _)| *d).unwrap_or(p.0.today);
            let projection: Vec<(NaiveDate, f64)> = per_month
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    (
                        after
                            .checked_add_months(Months::new(k as u32 + 1))
                            .unwrap_or(after),
                        n * (1.0 + volume),
                    )
                })
                .collect();
            let data = AcquisitionChartData {
                history: history.clone(),
                fitted: fitted.clone(),
                projection: projection.clone(),
            };
            let labels = AcquisitionChartLabels {
                history: t.equity_history,
                fitted: t.equity_fitted,
                projection: t.equity_projection,
                month_names: lang.month_names(),
            };
            let svg = acquisition_svg(&data, &labels).unwrap_or_default();
            let month = |d: NaiveDate| {
                format!(
                    "{} {}",
                    lang.month_names()[chrono::Datelike::month0(&d) as usize],
                    chrono::Datelike::year(&d)
                )
            };
            let mut rows: Vec<Vec<String>> = history
                .iter()
                .enumerate()
                .map(|(i, (d, n))| {
                    vec![
                        month(*d),
                        format::number(*n, 0, lang),
                        fitted
                            .get(i)
                            .map(|v| format::number(*v, 1, lang))
                            .unwrap_or_default(),
                        String::new(),
                    ]
                })
                .collect();
            rows.extend(projection.iter().map(|(d, n)| {
                vec![
                    month(*d),
                    String::new(),
                    String::new(),
                    format::number(*n, 1, lang),
                ]
            }));
            (
                svg,
                ChartTable {
                    headers: vec![
                        t.col_month.into(),
                        t.equity_history.into(),
                        t.equity_fitted.into(),
                        t.equity_projection.into(),
                    ],
                    rows,
                },
            )
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_acquisition.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || {
                let months = state.settings.with(|s| s.equity.horizon_months);
                fill(state.t().equity_chart_acquisition_alt, &[("months", &months.to_string())])
            })
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-acquisition.svg"
            testid="equity-acquisition"
        />
    }
}

/// Named scenarios, compared side by side.
#[component]
fn ScenariosCard(
    /// The prepared model.
    prepared: PreparedMemo,
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let notice = RwSignal::new(None::<String>);
    let save = move |_| {
        let levers = state.levers.get_untracked();
        let mut result = Ok(());
        let n = name.get_untracked();
        state
            .settings
            .update(|s| result = s.equity.save_scenario(&n, levers));
        match result {
            Ok(()) => {
                name.set(String::new());
                error.set(None);
            }
            Err(_) => error.set(Some(state.t().equity_scenario_err_name)),
        }
    };
    let t = move || state.t();
    view! {
        <section class="card" data-testid="equity-scenarios">
            <h2>{move || t().equity_scenarios}</h2>
            <p class="help">{move || t().equity_scenarios_intro}</p>
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save(());
                }
            >
                <label class="grow">
                    <span>{move || t().equity_scenario_name}</span>
                    <input
                        type="text"
                        data-testid="scenario-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="small" data-testid="scenario-save">
                    {move || t().equity_scenario_save}
                </button>
            </form>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice notice-ok" role="status" data-testid="scenario-notice">
                                {n}
                            </p>
                        }
                    })
            }}
            {move || {
                let lang = state.lang();
                let t = state.t();
                let currency = state.currency();
                let money = |x: f64| format::money(x, &currency, lang);
                let scenarios = state.settings.with(|s| s.equity.scenarios.clone());
                let Some((_, base)) = equity.get() else { return view! { <p></p> }.into_any() };
                if scenarios.is_empty() {
                    return view! { <p class="muted">{t.equity_scenario_none}</p> }.into_any();
                }
                let rows = scenarios
                    .into_iter()
                    .map(|s| {
                        let e = prepared
                            .with(|p| p.as_ref().map(|p| p.0.model.evaluate(&s.levers)));
                        let Some(e) = e else { return view! { <tr></tr> }.into_any() };
                        let levers_text = EquityLever::ALL
                            .into_iter()
                            .filter(|l| s.levers.get(*l) != 0.0)
                            .map(|l| {
                                format!(
                                    "{} {}",
                                    lang.equity_lever_name(l),
                                    format::signed_percent(s.levers.get(l), lang),
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        let apply_levers = s.levers;
                        let name_delete = s.name.clone();
                        let scenario = s.clone();
                        let make_goal = move |_| {
                            let Some(p) = prepared.get_untracked() else { return };
                            let Some(kpi_today) = p.0.kpi_today else { return };
                            let today_equity = p.0.model.evaluate(&Levers::default());
                            let scenario_equity = p.0.model.evaluate(&scenario.levers);
                            let goal = scenario_goal(
                                &scenario,
                                kpi_today,
                                &today_equity,
                                &scenario_equity,
                                p.0.today,
                            );
                            let mut added = Err(());
                            state.settings.update(|s| added = s.goals.add(goal).map_err(|_| ()));
                            if added.is_ok() {
                                notice
                                    .set(
                                        Some(
                                            fill(
                                                state.t().equity_scenario_goal_done,
                                                &[("name", &scenario.name)],
                                            ),
                                        ),
                                    );
                            }
                        };
                        view! {
                            <tr data-testid=format!("scenario-{}", s.name)>
                                <th scope="row">
                                    {s.name.clone()}<br /><small class="muted">{levers_text}</small>
                                </th>
                                <td class="num" data-testid="scenario-total">
                                    {money(e.total)}
                                </td>
                                <td class="num">
                                    {format::signed_money(e.total - base.total, &currency, lang)}
                                </td>
                                <td class="num">{money(e.current)}</td>
                                <td class="num">{money(e.future)}</td>
                                <td class="actions-cell">
                                    <button
                                        type="button"
                                        class="small"
                                        data-testid="scenario-apply"
                                        on:click=move |_| state.levers.set(apply_levers)
                                    >
                                        {t.equity_scenario_apply}
                                    </button>
                                    <button
                                        type="button"
                                        class="small"
                                        data-testid="scenario-goal"
                                        on:click=make_goal
                                    >
                                        {t.equity_scenario_goal}
                                    </button>
                                    <button
                                        type="button"
                                        class="small danger"
                                        data-testid="scenario-delete"
                                        on:click=move |_| {
                                            state
                                                .settings
                                                .update(|s| s.equity.remove_scenario(&name_delete))
                                        }
                                    >
                                        {t.equity_scenario_delete}
                                    </button>
                                </td>
                            </tr>
                        }
                            .into_any()
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table data-testid="scenario-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t.equity_col_scenario}</th>
                                    <th scope="col" class="num">
                                        {t.equity_total}
                                    </th>
                                    <th scope="col" class="num">
                                        {t.equity_col_change}
                                    </th>
                                    <th scope="col" class="num">
                                        {t.equity_current}
                                    </th>
                                    <th scope="col" class="num">
                                        {t.equity_future}
                                    </th>
                                    <th scope="col"></th>
                                </tr>
                            </thead>
                            <tbody>
                                <tr>
                                    <th scope="row">{t.equity_today_row}</th>
                                    <td class="num">{money(base.total)}</td>
                                    <td class="num">"–"</td>
                                    <td class="num">{money(base.current)}</td>
                                    <td class="num">{money(base.future)}</td>
                                    <td></td>
                                </tr>
                                {rows}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Which change in one lever reaches a target.
#[component]
fn GoalSeekCard(
    /// The prepared model.
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = RwSignal::new(String::new());
    let lever = RwSignal::new(EquityLever::Retention);
    // A goal chosen instead of a number: its id.
    let goal = RwSignal::new(None::<u32>);
    let result = RwSignal::new(None::<Result<(GoalSeek, EquityPart), ()>>);
    let run = move |_| {
        let base = state.levers.get_untracked();
        let chosen = goal.get_untracked().and_then(|id| {
            state
                .settings
                .with_untracked(|s| s.goals.get(id).map(|g| (g.baseline, g.target)))
        });
        let typed = target
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>();
        let lever = lever.get_untracked();
        let outcome = prepared.with_untracked(|p| {
            let p = p.as_ref()?;
            Some(match (chosen, typed) {
                // A customer-equity goal measures today's customers: seek the
                // same relative change of their value.
                (Some((baseline, goal_target)), _) if baseline > 0.0 => {
                    let aim = p.0.model.evaluate(&base).current * goal_target / baseline;
                    Ok((
                        goal_seek(&p.0.model, &base, lever, aim, EquityPart::Current),
                        EquityPart::Current,
                    ))
                }
                (_, Ok(value)) => Ok((
                    goal_seek(&p.0.model, &base, lever, value, EquityPart::Total),
                    EquityPart::Total,
                )),
                _ => Err(()),
            })
        });
        result.set(outcome);
    };
    let t = move || state.t();
    view! {
        <section class="card" data-testid="equity-goal-seek">
            <h2>{move || t().equity_goal_seek}</h2>
            <p class="help">{move || t().equity_goal_seek_intro}</p>
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run(());
                }
            >
                <label>
                    <span>{move || t().equity_goal_seek_target}</span>
                    <input
                        type="number"
                        step="any"
                        data-testid="goal-seek-target"
                        prop:value=move || target.get()
                        on:input=move |ev| {
                            target.set(event_target_value(&ev));
                            goal.set(None);
                        }
                    />
                </label>
                {move || {
                    let goals: Vec<(String, u32)> = state
                        .settings
                        .with(|s| {
                            s.goals
                                .goals
                                .iter()
                                .filter(|g| g.kpi == Kpi::CustomerEquity && g.scope == Scope::All)
                                .map(|g| (g.name.clone(), g.id))
                                .collect()
                        });
                    (!goals.is_empty())
                        .then(|| {
                            view! {
                                <label>
                                    <span>{t().equity_goal_seek_from_goal}</span>
                                    <select
                                        data-testid="goal-seek-goal"
                                        on:change=move |ev| {
                                            goal.set(event_target_value(&ev).parse::<u32>().ok())
                                        }
                                    >
                                        <option value="">"–"</option>
                                        {goals
                                            .into_iter()
                                            .map(|(n, id)| {
                                                view! {
                                                    <option
                                                        value=id.to_string()
                                                        selected=move || goal.get() == Some(id)
                                                    >
                                                        {n}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                }}
                <label>
                    <span>{move || t().equity_goal_seek_lever}</span>
                    <select
                        data-testid="goal-seek-lever"
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            if let Some(l) = EquityLever::ALL.into_iter().find(|l| l.key() == key) {
                                lever.set(l)
                            }
                        }
                    >
                        {EquityLever::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l
                                        .key()>{move || state.lang().equity_lever_name(l)}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="small primary" data-testid="goal-seek-run">
                    {move || t().equity_goal_seek_run}
                </button>
            </form>
            {move || {
                goal.get().map(|_| view! { <p class="help">{t().equity_goal_seek_goal_help}</p> })
            }}
            <p data-testid="goal-seek-result" role="status">
                {move || {
                    let lang = state.lang();
                    let t = state.t();
                    let currency = state.currency();
                    match result.get() {
                        None => view! { <span></span> }.into_any(),
                        Some(Err(())) => {
                            view! { <span class="field-error">{t.equity_goal_seek_invalid}</span> }
                                .into_any()
                        }
                        Some(Ok((GoalSeek::Reached { value, equity }, part))) => {
                            let l = lever.get_untracked();
                            let text = match part {
                                EquityPart::Total => t.equity_goal_seek_reached,
                                EquityPart::Current => t.equity_goal_seek_reached_current,
                            };
                            view! {
                                <span>
                                    {fill(
                                        text,
                                        &[
                                            ("lever", lang.equity_lever_name(l)),
                                            ("value", &format::signed_percent(value, lang)),
                                            ("equity", &format::money(equity, &currency, lang)),
                                        ],
                                    )}
                                </span>
                                " "
                                <button
                                    type="button"
                                    class="small"
                                    data-testid="goal-seek-apply"
                                    on:click=move |_| {
                                        state.levers.update(|levers| levers.set(l, value))
                                    }
                                >
                                    {t.equity_goal_seek_apply}
                                </button>
                            }
                                .into_any()
                        }
                        Some(Ok((GoalSeek::NotReachable { lowest, highest }, _))) => {
                            view! {
                                <span class="field-error">
                                    {fill(
                                        t.equity_goal_seek_unreachable,
                                        &[
                                            ("lowest", &format::money(lowest, &currency, lang)),
                                            ("highest", &format::money(highest, &currency, lang)),
                                        ],
                                    )}
                                </span>
                            }
                                .into_any()
                        }
                    }
                }}
            </p>
        </section>
    }
}

/// Today's customers' value by RFM segment.
#[component]
fn SegmentValueCard(
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (e, _) = equity.get()?;
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        let total: f64 = e.by_segment.iter().sum();
        Some(view! {
            <section class="card">
                <h2>{t.equity_by_segment}</h2>
                <div class="table-wrap">
                    <table data-testid="equity-segments">
                        <thead>
                            <tr>
                                <th scope="col">{t.equity_col_segment}</th>
                                <th scope="col" class="num">
                                    {t.equity_col_value}
                                </th>
                                <th scope="col" class="num">
                                    {t.equity_col_share}
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            {RfmSegment::ALL
                                .into_iter()
                                .map(|s| {
                                    let v = e.by_segment.get(s.index()).copied().unwrap_or(0.0);
                                    view! {
                                        <tr>
                                            <th scope="row">{lang.rfm_name(s)}</th>
                                            <td class="num">{format::money(v, &currency, lang)}</td>
                                            <td class="num">
                                                {format::percent(
                                                    if total > 0.0 { v / total } else { 0.0 },
                                                    1,
                                                    lang,
                                                )}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })
    }
}

/// The retention formula, for users without transaction data.
#[component]
fn SimpleModeCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let field = move |label: fn(&Texts) -> &'static str,
                      get: fn(&crate::clv::equity::book::EquityBook) -> String,
                      set: fn(&mut crate::clv::equity::book::EquityBook, Option<f64>),
                      testid: &'static str| {
        view! {
            <label class="field">
                <span class="label">{move || label(state.t())}</span>
                <input
                    type="number"
                    step="any"
                    class="short"
                    data-testid=testid
                    prop:value=move || state.settings.with(|s| get(&s.equity))
                    on:change=move |ev| {
                        let s = event_target_value(&ev);
                        let v = s
                            .trim()
                            .replace(',', ".")
                            .parse::<f64>()
                            .ok()
                            .filter(|v| v.is_finite());
                        state.settings.update(|s| set(&mut s.equity, v));
                    }
                />
            </label>
        }
    };
    let result = move || {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        state.settings.with(|s| {
            let book = &s.equity;
            match retention_clv(&book.simple) {
                Ok(clv) => fill(
                    t.equity_simple_result,
                    &[
                        ("clv", &format::money(clv, &currency, lang)),
                        ("customers", &format::number(book.simple_customers, 0, lang)),
                        (
                            "equity",
                            &format::money(clv * book.simple_customers, &currency, lang),
                        ),
                    ],
                ),
                Err(e) => fill(t.equity_simple_error, &[("reason", &e.to_string())]),
            }
        })
    };
    view! {
        <details class="card settings-card" data-testid="equity-simple">
            <summary>
                <h2>{move || t().equity_simple}</h2>
            </summary>
            <p class="help">{move || t().equity_simple_intro}</p>
            <div class="form-grid">
                {field(
                    |t| t.equity_simple_margin,
                    |b| b.simple.margin.to_string(),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.margin = v;
                        }
                    },
                    "simple-margin",
                )}
                {field(
                    |t| t.equity_simple_retention,
                    |b| format!("{}", b.simple.retention * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.retention = v / 100.0;
                        }
                    },
                    "simple-retention",
                )}
                {field(
                    |t| t.equity_simple_discount,
                    |b| format!("{}", b.simple.discount * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.discount = v / 100.0;
                        }
                    },
                    "simple-discount",
                )}
                {field(
                    |t| t.equity_simple_growth,
                    |b| format!("{}", b.simple.growth * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.growth = v / 100.0;
                        }
                    },
                    "simple-growth",
                )}
                {field(
                    |t| t.equity_simple_years,
                    |b| b.simple.periods.map(|p| p.to_string()).unwrap_or_default(),
                    |b, v| b.simple.periods = v.filter(|v| *v >= 1.0).map(|v| v.round() as u32),
                    "simple-years",
                )}
                {field(
                    |t| t.equity_simple_customers,
                    |b| b.simple_customers.to_string(),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple_customers = v.max(0.0);
                        }
                    },
                    "simple-customers",
                )}
            </div>
            <p class="simple-result" data-testid="simple-result" role="status">
                {result}
            </p>
        </details>
    }
}
