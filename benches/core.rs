//! Benchmarks of the core on synthetic data from the demo generator.
//!
//! `cargo bench --bench core` prints the median of several runs of each case
//! (`cargo bench --bench core -- import` only the import cases). The figures
//! in the README come from this command on the project's CI machine kind (2
//! cores).

use kundenwert::clv::data::activity::monthly_activity;
use kundenwert::clv::data::demo::{generate, DemoConfig};
use kundenwert::clv::data::import::parse_transactions;
use kundenwert::clv::data::shop_import::{read_file, ImportChoices, ImportPlan, ReadOptions};
use kundenwert::clv::data::summary::{summarize, TimeUnit};
use kundenwert::clv::data::transactions::TransactionLog;
use kundenwert::clv::equity::customer_equity::{
    EquityInputs, EquityLever, EquityModel, EquitySettings, Levers,
};
use kundenwert::clv::equity::{monthly_acquisitions, project_acquisitions, AcquisitionMethod};
use kundenwert::clv::estimation::fit::FitSettings;
use kundenwert::clv::goals::{
    month_ends, Kpi, KpiContext, KpiEngine, Scope, SegmentRef, ValueModel,
};
use kundenwert::clv::models::bg_nbd::BgNbd;
use kundenwert::clv::models::gamma_gamma::{GammaGamma, SpendData};
use kundenwert::clv::models::mbg_nbd::MbgNbd;
use kundenwert::clv::models::pareto_nbd::ParetoNbd;
use kundenwert::clv::models::rfm_data::RfmData;
use kundenwert::clv::models::PurchaseModelKind;
use kundenwert::clv::segments::overview::segments_overview;
use kundenwert::clv::segments::RfmSegment;
use kundenwert::clv::valuation::report::{model_report, ModelRequest};
use kundenwert::clv::valuation::value::{score_customers, ClvSettings, ScoreInput};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` `runs` times after one warm-up and prints the median.
fn bench<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2];
    let ms = median.as_secs_f64() * 1e3;
    let digits = if ms < 1.0 { 3 } else { 1 };
    println!("{name:<58} {ms:>10.digits$} ms (median of {runs})");
    median
}

fn main() {
    // `cargo bench` passes --bench; `import` runs the import cases only.
    println!("Kundenwert core benchmarks (release build, one thread)\n");
    if std::env::args().any(|a| a == "import") {
        let big = generate(&DemoConfig::synthetic(440_000, 2)).log;
        return import_benches(&big);
    }

    bench("demo data set (3,000 customers)", 21, || {
        generate(&DemoConfig::demo())
    });
    bench("synthetic data: 100,000 customers", 7, || {
        generate(&DemoConfig::synthetic(100_000, 1))
    });

    // The Models page on the demo data: six fits (three models on all data and on
    // the calibration period), diagnostics, scores, and intervals from draws.
    let demo = generate(&DemoConfig::demo()).log;
    let demo_end = demo.date_range().unwrap().1;
    let demo_customers = summarize(&demo, demo_end, TimeUnit::Week);
    let request_demo = ModelRequest {
        model: PurchaseModelKind::BgNbd,
        gamma_gamma: true,
        end: demo_end,
        unit: TimeUnit::Week,
        holdout_months: 6,
        horizon_months: 12.0,
        annual_discount: 0.1,
        margin: 1.0,
        draws: 100,
    };
    bench("Models page report, demo data, 100 draws", 5, || {
        model_report(&demo, &demo_customers, &request_demo).unwrap()
    });
    let no_intervals = ModelRequest {
        draws: 0,
        ..request_demo.clone()
    };
    bench("Models page report, demo data, no intervals", 5, || {
        model_report(&demo, &demo_customers, &no_intervals).unwrap()
    });

    // Model fits on 100,000 synthetic customers, summarised in weeks.
    let log = generate(&DemoConfig::synthetic(100_000, 1)).log;
    let end = log.date_range().unwrap().1;
    let customers = summarize(&log, end, TimeUnit::Week);
    let rows = RfmData::from_summaries(&customers).unwrap();
    println!(
        "\n(100,000 customers: {} distinct (x, t_x, T) rows)",
        rows.len()
    );
    let settings = FitSettings::default();
    bench("BG/NBD fit, 100,000 customers", 9, || {
        BgNbd::fit(&rows, &settings).unwrap()
    });
    bench("MBG/NBD fit, 100,000 customers", 9, || {
        MbgNbd::fit(&rows, &settings).unwrap()
    });
    bench("Pareto/NBD fit, 100,000 customers", 5, || {
        ParetoNbd::fit(&rows, &settings).unwrap()
    });
    let (spend, _) = SpendData::from_rows(
        customers
            .iter()
            .map(|c| (c.frequency as f64, c.monetary_value)),
    )
    .unwrap();
    bench("Gamma-Gamma fit, repeat buyers of 100,000", 9, || {
        GammaGamma::fit(&spend, &settings).unwrap()
    });

    // Scoring 1,000,000 customers (their own synthetic histories): P(alive),
    // expected purchases and 12-month CLV.
    let model = BgNbd::fit(&rows, &settings).unwrap().model;
    let gg = GammaGamma::fit(&spend, &settings).unwrap().model;

    // Segments for 100,000 customers: RFM scores and segments, the grid, CLV
    // tiers, risk bands, statistics, concentration, histogram, P(alive) matrix.
    let clv12 = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 1.0);
    let inputs_100k: Vec<ScoreInput> = customers
        .iter()
        .map(|c| {
            ScoreInput::of(
                c,
                gg.conditional_expected_average(c.frequency as f64, c.monetary_value),
            )
        })
        .collect();
    let scores_100k = score_customers(&model, &inputs_100k, &clv12);
    bench("segments overview, 100,000 customers", 9, || {
        segments_overview(&customers, Some(&scores_100k), end)
    });
    // Goals: the monthly series of every KPI (all customers, and the equity of
    // the Champions) over two years for 100,000 customers, with the BG/NBD
    // and Gamma-Gamma fits above reused at every month end.
    let kpi_dates = month_ends(end - chrono::Days::new(730), end);
    let kpi_requests: Vec<(Kpi, Scope)> = Kpi::MEASURED
        .into_iter()
        .map(|k| (k, Scope::All))
        .chain([(
            Kpi::CustomerEquity,
            Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions)),
        )])
        .collect();
    let kpi_context = KpiContext::new(&log, TimeUnit::Week).with_model(ValueModel {
        purchase: &model,
        purchase_draws: &[],
        spend: Some(gg),
        clv: clv12.clone(),
    });
    bench(
        &format!(
            "goals: {} KPI series x {} month ends, 100,000 customers",
            kpi_requests.len(),
            kpi_dates.len()
        ),
        5,
        || {
            KpiEngine::new(&kpi_context)
                .series(&kpi_requests, &kpi_dates)
                .unwrap()
        },
    );
    // Equity: 100,000 customers over 36 months; moving a lever. The
    // retention lever re-reads every history under the changed model (a new
    // value each run, so nothing is cached); the others rescale.
    let history = monthly_acquisitions(&log, end);
    let arrivals = project_acquisitions(&history, AcquisitionMethod::default(), 36).unwrap();
    let bg_params = [model.r, model.alpha, model.a, model.b];
    let equity_inputs = || EquityInputs {
        customers: &customers,
        segment_of: None,
        segments: 1,
        model: PurchaseModelKind::BgNbd,
        params: &bg_params,
        spend: Some(gg),
        unit: TimeUnit::Week,
        settings: EquitySettings::default(),
        acquisitions: &arrivals,
    };
    bench(
        "equity: model and one exact re-read of every history, 100,000",
        5,
        || EquityModel::new(equity_inputs()).evaluate(&Levers::default()),
    );
    let equity_model = EquityModel::new(equity_inputs());
    // Warm the retention grid around 10% (its exact points are cached).
    equity_model.evaluate(&Levers::default().with(EquityLever::Retention, 0.12));
    let mut retention = 0.1;
    bench(
        "equity: the retention lever moves (grid warm), 100,000",
        21,
        || {
            retention += 0.001;
            equity_model.evaluate(&Levers::default().with(EquityLever::Retention, retention))
        },
    );
    let mut order_value = 0.0;
    bench("equity: another lever moves, 100,000 customers", 21, || {
        order_value += 0.001;
        equity_model.evaluate(&Levers::default().with(EquityLever::OrderValue, order_value))
    });
    let report_100k = ModelRequest {
        end,
        ..request_demo.clone()
    };
    bench(
        "Models page report, 100,000 customers (draws capped)",
        3,
        || model_report(&log, &customers, &report_100k).unwrap(),
    );
    let million_log = generate(&DemoConfig::synthetic(1_000_000, 3)).log;
    let million = summarize(
        &million_log,
        million_log.date_range().unwrap().1,
        TimeUnit::Week,
    );
    let clv = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 1.0);
    bench(
        "score 1,000,000: P(alive), expected purchases, 12-month CLV",
        3,
        || {
            let inputs: Vec<ScoreInput> = million
                .iter()
                .map(|c| {
                    ScoreInput::of(
                        c,
                        gg.conditional_expected_average(c.frequency as f64, c.monetary_value),
                    )
                })
                .collect();
            score_customers(&model, &inputs, &clv)
        },
    );

    // About 1,000,000 transactions.
    let big = generate(&DemoConfig::synthetic(440_000, 2)).log;
    println!(
        "\n(synthetic log: {} customers, {} transactions)",
        big.customer_ids().len(),
        big.len()
    );
    let end = big.date_range().unwrap().1;
    bench("summary of all customers (1M transactions)", 9, || {
        summarize(&big, end, TimeUnit::Week)
    });
    bench("monthly activity (1M transactions)", 9, || {
        monthly_activity(&big, end)
    });
    bench("stored form: encode (1M transactions)", 5, || {
        serde_json::to_string(&big).unwrap()
    });
    let stored = serde_json::to_string(&big).unwrap();
    bench("stored form: decode (1M transactions)", 5, || {
        serde_json::from_str::<TransactionLog>(&stored).unwrap()
    });

    import_benches(&big);
}

/// Reading 1,000,000 transactions as our own CSV and as a German shop export,
/// and 200,000 of them as an `.xlsx` workbook beside the same rows as CSV.
fn import_benches(big: &TransactionLog) {
    let csv = big.to_csv();
    println!("\n(CSV: {:.1} MB)", csv.len() as f64 / 1e6);
    let mb = csv.len() as f64 / 1e6;
    let own = bench("CSV import (1M rows)", 5, || {
        parse_transactions(csv.as_bytes()).unwrap()
    });
    println!("  {:.0} MB/s", mb / own.as_secs_f64());

    // The same rows as a German spreadsheet export: semicolons, comma decimals,
    // dotted dates, read through the shop-export pipeline (read, plan, assemble).
    let german = german_csv(big, usize::MAX);
    let german_mb = german.len() as f64 / 1e6;
    println!("\n(German CSV: {german_mb:.1} MB)");
    let shop = bench("shop-export import, German CSV (1M rows)", 3, || {
        let file = read_file(german.as_bytes(), &ReadOptions::default()).unwrap();
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        plan.assemble(&file.table).unwrap().orders
    });
    println!("  {:.0} MB/s", german_mb / shop.as_secs_f64());

    // Workbook against text, the same 200,000 rows in one run: the ratio is
    // what to compare (absolute times drift on a shared machine).
    let rows = 200_000;
    let xlsx = german_workbook(big, rows);
    let xlsx_mb = xlsx.len() as f64 / 1e6;
    let text = german_csv(big, rows);
    let text_mb = text.len() as f64 / 1e6;
    println!("\n(the first {rows} rows: .xlsx {xlsx_mb:.1} MB, German CSV {text_mb:.1} MB)");
    let shop_import = |bytes: &[u8]| {
        let file = read_file(bytes, &ReadOptions::default()).unwrap();
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        plan.assemble(&file.table).unwrap().orders
    };
    let workbook = bench("shop-export import, .xlsx (200,000 rows)", 3, || {
        shop_import(&xlsx)
    });
    let same_text = bench("shop-export import, German CSV (200,000 rows)", 3, || {
        shop_import(text.as_bytes())
    });
    println!(
        "  .xlsx: {:.1} MB/s of the file, {:.0} rows/ms; {:.1} times the CSV's time",
        xlsx_mb / workbook.as_secs_f64(),
        rows as f64 / (workbook.as_secs_f64() * 1e3),
        workbook.as_secs_f64() / same_text.as_secs_f64()
    );
}

/// The first `rows` of `log` as an Excel workbook: text, date and number cells
/// under the German spreadsheet's headers.
fn german_workbook(log: &TransactionLog, rows: usize) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (c, header) in ["Kundennummer", "Bestelldatum", "Betrag (EUR)"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    for (i, t) in log.transactions().iter().take(rows).enumerate() {
        let row = i as u32 + 1;
        let day = ExcelDateTime::from_ymd(
            t.date.format("%Y").to_string().parse().unwrap(),
            t.date.format("%m").to_string().parse().unwrap(),
            t.date.format("%d").to_string().parse().unwrap(),
        )
        .unwrap();
        sheet
            .write_string(row, 0, &log.customer_ids()[t.customer as usize])
            .unwrap();
        sheet
            .write_datetime_with_format(row, 1, &day, &date)
            .unwrap();
        sheet.write_number(row, 2, t.amount).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The first `rows` of `log` as a German spreadsheet would write them.
fn german_csv(log: &TransactionLog, rows: usize) -> String {
    let mut out = String::from("Kundennummer;Bestelldatum;Betrag (EUR)\n");
    for t in log.transactions().iter().take(rows) {
        let amount = format!("{:.2}", t.amount).replace('.', ",");
        out.push_str(&format!(
            "{};{};{}\n",
            log.customer_ids()[t.customer as usize],
            t.date.format("%d.%m.%Y"),
            amount
        ));
    }
    out
}
