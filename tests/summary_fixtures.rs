//! The summary files the end-to-end tests drop on the page
//! (tests/fixtures/summaries/), checked against what the core writes, so that
//! they cannot drift from the format `kundenwert summarize` prints.
//!
//! `demo_holdout.csv` is the demo data's calibration summary in days as of
//! 2024-06-30 with the holdout columns for the purchases up to the demo's
//! last day (2024-12-31), what
//! `kundenwert summarize --unit day --end 2024-12-31 --holdout-start 2024-07-01`
//! prints for the demo's transactions. After a deliberate change of the demo
//! data or the format, rewrite it with
//! `KUNDENWERT_WRITE_FIXTURES=1 cargo test --test summary_fixtures`.

use chrono::NaiveDate;
use kundenwert::clv::data::demo::demo_log;
use kundenwert::clv::data::summary::{holdout_activity, summarize, TimeUnit};
use kundenwert::clv::data::summary_csv::{read_summary_csv, write_holdout_summary_csv};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_demo_holdout_summary_is_what_summarize_writes() {
    let log = demo_log();
    assert_eq!(log.date_range().map(|r| r.1), Some(d("2024-12-31")));
    let calibration_end = d("2024-06-30");
    let customers = summarize(&log, calibration_end, TimeUnit::Day);
    let holdout = holdout_activity(&log, calibration_end, d("2024-12-31"));
    let written = write_holdout_summary_csv(&customers, &holdout);
    let path = format!(
        "{}/tests/fixtures/summaries/demo_holdout.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("KUNDENWERT_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        committed == written,
        "{path} differs from what the core writes"
    );
    // And it reads back whole, holdout columns included.
    let rows = read_summary_csv(committed.as_bytes()).unwrap();
    assert_eq!(rows.len(), customers.len());
    let bought: u32 = rows.iter().map(|r| r.holdout.unwrap().purchases).sum();
    assert_eq!(bought, holdout.iter().map(|h| h.purchases).sum::<u32>());
    assert!(bought > 0);
}
