//! The core's benchmark cases, run in the browser on the release build: the
//! end-to-end test calls `window.wasmBindings.kundenwert_benchmark(...)` and
//! prints the timings next to the native ones of `cargo bench --bench core`.

use crate::clv::data::demo::{generate, DemoConfig};
use crate::clv::data::summary::{summarize, TimeUnit};
use crate::clv::estimation::fit::FitSettings;
use crate::clv::goals::{month_ends, Kpi, KpiContext, KpiEngine, Scope, SegmentRef, ValueModel};
use crate::clv::models::bg_nbd::BgNbd;
use crate::clv::models::gamma_gamma::{GammaGamma, SpendData};
use crate::clv::models::mbg_nbd::MbgNbd;
use crate::clv::models::pareto_nbd::ParetoNbd;
use crate::clv::models::rfm_data::RfmData;
use crate::clv::segments::RfmSegment;
use crate::clv::valuation::value::{score_customers, ClvSettings, ScoreInput};
use wasm_bindgen::prelude::*;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The median time in milliseconds of `runs` runs of `f` (after one warm-up).
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    std::hint::black_box(f());
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now();
            std::hint::black_box(f());
            now() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// Runs the cases of `cargo bench --bench core` that the issue sets targets
/// for, on the same synthetic data: fits on 100,000 customers, scoring 1,000,000
/// customers, and the summary of about 1,000,000 transactions. Returns
/// `{case: milliseconds}` as JSON.
#[wasm_bindgen]
pub fn kundenwert_benchmark() -> String {
    let mut results = serde_json::Map::new();
    let mut record = |name: &str, ms: f64| {
        results.insert(
            name.to_owned(),
            serde_json::json!((ms * 10.0).round() / 10.0),
        );
    };
    let settings = FitSettings::default();

    let log = generate(&DemoConfig::synthetic(100_000, 1)).log;
    let end = log.date_range().map(|(_, last)| last).unwrap_or_default();
    let summaries = summarize(&log, end, TimeUnit::Week);
    let (Ok(rows), Ok((spend, _))) = (
        RfmData::from_summaries(&summaries),
        SpendData::from_rows(
            summaries
                .iter()
                .map(|c| (c.frequency as f64, c.monetary_value)),
        ),
    ) else {
        return "{}".into();
    };
    record(
        "bg_nbd_fit_100k",
        median_ms(5, || BgNbd::fit(&rows, &settings)),
    );
    record(
        "mbg_nbd_fit_100k",
        median_ms(5, || MbgNbd::fit(&rows, &settings)),
    );
    record(
        "pareto_nbd_fit_100k",
        median_ms(3, || ParetoNbd::fit(&rows, &settings)),
    );
    record(
        "gamma_gamma_fit_100k",
        median_ms(5, || GammaGamma::fit(&spend, &settings)),
    );

    if let (Ok(model), Ok(gg)) = (
        BgNbd::fit(&rows, &settings),
        GammaGamma::fit(&spend, &settings),
    ) {
        // Goals: the monthly series of every KPI over two years (and the
        // equity of the Champions), reusing the fits, as `cargo bench` does.
        let clv12 = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 1.0);
        let dates = month_ends(end - chrono::Days::new(730), end);
        let requests: Vec<(Kpi, Scope)> = Kpi::MEASURED
            .into_iter()
            .map(|k| (k, Scope::All))
            .chain([(
                Kpi::CustomerEquity,
                Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions)),
            )])
            .collect();
        let ctx = KpiContext::new(&log, TimeUnit::Week).with_model(ValueModel {
            purchase: &model.model,
            purchase_draws: &[],
            spend: Some(gg.model),
            clv: clv12,
        });
        record(
            "goals_kpi_series_24_months_100k",
            median_ms(3, || KpiEngine::new(&ctx).series(&requests, &dates)),
        );

        let million_log = generate(&DemoConfig::synthetic(1_000_000, 3)).log;
        let million_end = million_log
            .date_range()
            .map(|(_, last)| last)
            .unwrap_or_default();
        let million = summarize(&million_log, million_end, TimeUnit::Week);
        drop(million_log);
        let clv = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 1.0);
        record(
            "score_1m_p_alive_purchases_clv",
            median_ms(3, || {
                let inputs = ScoreInput::of_customers(&million, Some(&gg.model));
                score_customers(&model.model, &inputs, &clv)
            }),
        );
    }

    let big = generate(&DemoConfig::synthetic(440_000, 2)).log;
    let big_end = big.date_range().map(|(_, last)| last).unwrap_or_default();
    record(
        "summary_1m_transactions",
        median_ms(5, || summarize(&big, big_end, TimeUnit::Week)),
    );
    serde_json::Value::Object(results).to_string()
}

/// A synthetic transactions file (`customer_id,date,amount`) from the demo
/// generator with `customers` customers, for the end-to-end tests of large data.
#[wasm_bindgen]
pub fn kundenwert_synthetic_transactions_csv(customers: u32, seed: u32) -> String {
    generate(&DemoConfig::synthetic(customers as usize, seed as u64))
        .log
        .to_csv()
}
