//! The `kundenwert` command line, run as a process: outputs, and one-line
//! errors with exit code 2.

use std::io::Write;
use std::process::{Command, Output};

fn kundenwert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kundenwert"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kundenwert-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(contents.as_bytes())
        .unwrap();
    path.to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const TRANSACTIONS: &str = "customer_id,date,amount\na,2024-01-01,10\na,2024-01-15,30\na,2024-01-15,5\nb,2024-01-08,20\nb,2024-02-05,-20\nc,2024-02-01,7\n";

#[test]
fn summarize_prints_the_summary_csv() {
    let file = temp_file("tx.csv", TRANSACTIONS);
    let o = kundenwert(&["summarize", "--transactions", &file, "--end", "2024-01-29"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\na,1,2,4,35\nb,0,0,3,0\n"
    );
    let o = kundenwert(&[
        "summarize",
        "--transactions",
        &file,
        "--end",
        "2024-01-29",
        "--unit",
        "day",
    ]);
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\na,1,14,28,35\nb,0,0,21,0\n"
    );
}

#[test]
fn summarize_with_a_holdout_period() {
    let file = temp_file("tx-holdout.csv", TRANSACTIONS);
    let o = kundenwert(&[
        "summarize",
        "--transactions",
        &file,
        "--end",
        "2024-02-29",
        "--holdout-start",
        "2024-01-15",
        "--unit",
        "day",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value,holdout_purchases,holdout_spend\na,0,0,13,0,1,35\nb,0,0,6,0,0,0\n"
    );
}

#[test]
fn bad_input_is_one_located_line_and_exit_code_2() {
    let bad = temp_file(
        "bad.csv",
        "customer_id,date,amount\na,2024-01-01,10\nb,31.12.2024,5\n",
    );
    let o = kundenwert(&["summarize", "--transactions", &bad, "--end", "2024-12-31"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&bad) && err.contains("line 3, column 2 (date)"),
        "{err}"
    );

    let o = kundenwert(&[
        "summarize",
        "--transactions",
        "/does/not/exist.csv",
        "--end",
        "2024-12-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("kundenwert: /does/not/exist.csv: "),
        "{}",
        stderr(&o)
    );

    let summary = temp_file(
        "bad-summary.csv",
        "customer_id,frequency,recency,T\nc1,1,2,3\nc2,x,1,1\n",
    );
    let o = kundenwert(&["fit", "--model", "bg-nbd", "--summary", &summary]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        format!("kundenwert: {summary}: line 3, column 2 (frequency): expected a whole number of repeat purchases >= 0, found \"x\"")
    );
}

#[test]
fn bad_arguments_exit_with_code_2() {
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["summarize", "--end", "2024-01-01"],
        vec![
            "summarize",
            "--transactions",
            "x.csv",
            "--end",
            "31.12.2024",
        ],
        vec!["fit", "--model", "nope", "--summary", "x.csv"],
        vec!["score", "--model", "bg-nbd", "--summary", "x.csv"],
        vec![
            "score",
            "--model",
            "bg-nbd",
            "--summary",
            "x.csv",
            "--horizon",
            "-3",
        ],
        vec!["fit", "--model"],
    ] {
        let o = kundenwert(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("kundenwert: "), "{args:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "{args:?}: one line");
    }
}

fn cdnow() -> String {
    format!(
        "{}/tests/data/cdnow_summary.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn fit_prints_one_json_object_with_the_published_cdnow_estimates() {
    let o = kundenwert(&["fit", "--model", "bg-nbd", "--summary", &cdnow()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["model"], "bg-nbd");
    assert_eq!(json["customers"], 2357);
    assert_eq!(json["converged"], true);
    // Fader, Hardie & Lee (2005): r 0.2426, alpha 4.414, a 0.793, b 2.426, LL −9582.43
    for (name, published) in [("r", 0.2426), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        let v = json["params"][name].as_f64().unwrap();
        assert!((v / published - 1.0).abs() < 1e-3, "{name} = {v}");
        assert!(json["std_errors"][name].as_f64().unwrap() > 0.0);
    }
    assert!((json["log_likelihood"].as_f64().unwrap() + 9582.43).abs() < 0.01);

    let o = kundenwert(&["fit", "--model", "pareto-nbd", "--summary", &cdnow()]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for (name, published) in [
        ("r", 0.553),
        ("alpha", 10.578),
        ("s", 0.606),
        ("beta", 11.669),
    ] {
        let v = json["params"][name].as_f64().unwrap();
        assert!((v / published - 1.0).abs() < 2e-3, "{name} = {v}");
    }
    assert!((json["log_likelihood"].as_f64().unwrap() + 9594.98).abs() < 0.01);

    let o = kundenwert(&["fit", "--model", "gamma-gamma", "--summary", &cdnow()]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["customers"], 946);
    for (name, published) in [("p", 6.25), ("q", 3.74), ("gamma", 15.44)] {
        let v = json["params"][name].as_f64().unwrap();
        assert!((v - published).abs() < 0.011, "{name} = {v}");
    }
}

#[test]
fn score_prints_one_row_per_customer() {
    let o = kundenwert(&[
        "score",
        "--model",
        "bg-nbd",
        "--summary",
        &cdnow(),
        "--horizon",
        "39",
        "--margin",
        "0.5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("customer_id,p_alive,expected_purchases,expected_spend,clv")
    );
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').skip(1).map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 2357);
    // Customer 1 of CDNOW is (x, t_x, T) = (2, 30.43, 38.86): E[Y(39)] = 1.226 (FHL 2005).
    assert!((rows[0][1] - 1.226).abs() < 0.001, "{:?}", rows[0]);
    for r in &rows {
        assert!(
            (0.0..=1.0).contains(&r[0]) && r[1] >= 0.0 && r[2] >= 0.0 && r[3] >= 0.0,
            "{r:?}"
        );
    }
    // Half the margin, half the value.
    let full = kundenwert(&[
        "score",
        "--model",
        "bg-nbd",
        "--summary",
        &cdnow(),
        "--horizon",
        "39",
    ]);
    let first_full: f64 = stdout(&full)
        .lines()
        .nth(1)
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((rows[0][3] * 2.0 - first_full).abs() < 1e-3);
}

#[test]
fn segment_prints_rfm_tiers_and_bands_per_customer() {
    // 300 synthetic customers from the demo generator, written as a transactions file.
    let log = kundenwert::clv::data::demo::generate(
        &kundenwert::clv::data::demo::DemoConfig::synthetic(300, 5),
    )
    .log;
    let csv = log.to_csv();
    let file = temp_file("segment.csv", &csv);
    let o = kundenwert(&["segment", "--transactions", &file, "--end", "2024-12-31"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("customer_id,r,f,m,rfm_segment,clv_tier,risk_band")
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 300);
    let segments = [
        "champions",
        "loyal-customers",
        "potential-loyalists",
        "new-customers",
        "promising",
        "need-attention",
        "about-to-sleep",
        "at-risk",
        "cant-lose-them",
        "hibernating",
        "lost",
    ];
    for r in &rows {
        for score in &r[1..4] {
            assert!(("1"..="5").contains(&score.as_str()), "{r:?}");
        }
        assert!(segments.contains(&r[4].as_str()), "{r:?}");
        assert!(
            ["top1", "next9", "next40", "bottom50"].contains(&r[5].as_str()),
            "{r:?}"
        );
        assert!(["high", "medium", "low"].contains(&r[6].as_str()), "{r:?}");
    }
    // Quintiles: each R score holds a fifth of the customers.
    for score in ["1", "2", "3", "4", "5"] {
        assert_eq!(
            rows.iter().filter(|r| r[1] == score).count(),
            60,
            "R = {score}"
        );
    }
    assert_eq!(
        rows.iter().filter(|r| r[5] == "top1").count(),
        3,
        "top 1% of 300"
    );

    let o = kundenwert(&["segment", "--transactions", &file]);
    assert_eq!(o.status.code(), Some(2));
}
