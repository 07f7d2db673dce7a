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

fn temp_bytes(name: &str, contents: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("kundenwert-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
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

#[test]
fn a_german_semicolon_file_reads_comma_decimals_and_dotted_dates() {
    // Windows-1252, as Excel saves "CSV" in Germany: "Grüße" is G r 0xFC 0xDF e.
    let mut bytes = b"Kundennummer;Bestelldatum;Betrag (EUR);Bemerkung\n\
        K1;03.04.2024;10,00;erste\n\
        K1;31.12.2024;1.234,56;zweite\n\
        K2;13.04.2024;12,50;Gr"
        .to_vec();
    bytes.extend([0xFC, 0xDF, b'e', b'\n']);
    let file = temp_bytes("german.csv", &bytes);
    let o = kundenwert(&[
        "summarize",
        "--transactions",
        &file,
        "--end",
        "2024-12-31",
        "--unit",
        "day",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\nK1,1,272,272,1234.56\nK2,0,0,262,0\n"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "read {file}: text, windows-1252, ';'; layout german-spreadsheet; \
             columns: customer=Kundennummer, date=Bestelldatum, amount=Betrag (EUR); \
             decimal ','; dates day-month-year; 3 orders\n"
        )
    );
}

#[test]
fn a_shopify_export_counts_each_order_once_however_many_line_items_it_has() {
    let file = temp_file(
        "shopify.csv",
        "Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Lineitem name\n\
         #1001,anna@example.com,paid,EUR,100.00,0.00,2024-03-05 14:22:10 +0100,Tea\n\
         #1001,,,,,,,Cup\n\
         #1002,ben@example.com,paid,EUR,80.00,0.00,2024-03-10 09:00:00 +0100,Pot\n\
         #1003,Anna@Example.com,partially_refunded,EUR,70.00,20.00,2024-03-20 10:00:00 +0100,Tea\n\
         #1003,,,,,,,Cup\n\
         #1003,,,,,,,Saucer\n\
         #1004,ben@example.com,refunded,EUR,30.00,30.00,2024-03-21 10:00:00 +0100,Tea\n\
         #1005,cleo@example.com,voided,EUR,20.00,0.00,2024-03-22 10:00:00 +0100,Tea\n",
    );
    let o = kundenwert(&[
        "summarize",
        "--transactions",
        &file,
        "--end",
        "2024-03-31",
        "--unit",
        "day",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Anna: #1001 and #1003 (70 less 20 refunded), one customer whatever the case.
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\nanna@example.com,1,15,26,50\nben@example.com,0,0,21,0\n"
    );
    let err = stderr(&o);
    assert!(err.contains("; layout shopify-orders; "), "{err}");
    assert!(
        err.ends_with(
            "; currency EUR; 3 orders, 3 line items folded, 1 refunded, excluded: voided 1\n"
        ),
        "{err}"
    );
}

/// Two amount columns: the guess takes `Betrag`, `--map` the net amount.
const TWO_AMOUNTS: &str = "Kundennummer;Bestelldatum;Betrag;Netto (EUR)\n\
    K1;03.04.2024;12,00;10,00\n\
    K1;13.04.2024;24,00;20,00\n";

#[test]
fn map_sets_a_column_and_the_role_leaves_the_guessed_one() {
    let file = temp_file("two-amounts.csv", TWO_AMOUNTS);
    let summarize = |extra: &[&str]| {
        let mut args = vec![
            "summarize",
            "--transactions",
            &file,
            "--end",
            "2024-04-30",
            "--unit",
            "day",
        ];
        args.extend(extra);
        kundenwert(&args)
    };
    let o = summarize(&[]);
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\nK1,1,10,27,24\n"
    );
    // Named as written or normalised (`netto` for `Netto (EUR)`).
    for map in ["amount=Netto (EUR)", "amount=netto"] {
        let o = summarize(&["--map", map]);
        assert!(o.status.success(), "{map}: {}", stderr(&o));
        assert_eq!(
            stdout(&o),
            "customer_id,frequency,recency,T,monetary_value\nK1,1,10,27,20\n"
        );
        assert!(
            stderr(&o)
                .contains("columns: customer=Kundennummer, date=Bestelldatum, amount=Netto (EUR);"),
            "{}",
            stderr(&o)
        );
    }
    // An unknown role or header is named.
    let o = summarize(&["--map", "price=Netto (EUR)"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown role \"price\""),
        "{}",
        stderr(&o)
    );
    let o = summarize(&["--map", "amount=Preis"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no column is headed \"Preis\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn date_order_answers_a_column_that_could_be_day_or_month_first() {
    let file = temp_file(
        "ambiguous-dates.csv",
        "Kundennummer;Bestelldatum;Betrag\nK1;03.04.2024;1.234,56\nK1;05.06.2024;7,50\n",
    );
    let summarize = |extra: &[&str]| {
        let mut args = vec![
            "summarize",
            "--transactions",
            &file,
            "--end",
            "2024-06-30",
            "--unit",
            "day",
        ];
        args.extend(extra);
        kundenwert(&args)
    };
    let o = summarize(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "kundenwert: {file}: the dates could be read day first or month first: \
             pass --date-order dmy or --date-order mdy\n"
        )
    );
    // 3 April to 5 June; 4 March to 6 May.
    let o = summarize(&["--date-order", "dmy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\nK1,1,63,88,7.5\n"
    );
    assert!(stderr(&o).contains("; dates day-month-year; "));
    let o = summarize(&["--date-order", "mdy"]);
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\nK1,1,63,118,7.5\n"
    );
}

#[test]
fn a_missing_role_fails_naming_the_role_and_the_option() {
    let file = temp_file(
        "no-date.csv",
        "Kundennummer;Bemerkung;Betrag\nK1;erste;10,50\nK2;zweite;7,25\n",
    );
    let o = kundenwert(&["segment", "--transactions", &file, "--end", "2024-06-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "kundenwert: {file}: no column is mapped to date: pass --map date=HEADER \
             (the columns are \"Kundennummer\", \"Bemerkung\", \"Betrag\")\n"
        )
    );
}

#[test]
fn our_own_format_keeps_iso_dates_and_a_decimal_point() {
    // `1.500` alone could be either mark; in customer_id,date,amount it is 1.5.
    let file = temp_file(
        "own-points.csv",
        "customer_id,date,amount\na,2024-01-01,1.500\na,2024-01-08,2.250\n",
    );
    let o = kundenwert(&["summarize", "--transactions", &file, "--end", "2024-01-29"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "customer_id,frequency,recency,T,monetary_value\na,1,1,4,2.25\n"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "read {file}: text, utf-8, ','; layout kundenwert; \
             columns: customer=customer_id, date=date, amount=amount; \
             decimal '.'; dates year-month-day; 2 orders\n"
        )
    );
}
