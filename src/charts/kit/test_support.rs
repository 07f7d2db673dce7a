//! What the charts' tests share: month names, dates and a money format for
//! the labels, and the checks every drawn SVG must pass.

use crate::charts::ChartError;
use chrono::NaiveDate;

/// Short English month names, January first.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The date written as "2025-01-31".
pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Whole euros: "1250 €".
pub fn money(v: f64) -> String {
    format!("{v:.0} €")
}

/// A chart drawn without error, on one line (plotters puts each text on a line of its own).
pub fn one_line(svg: Result<String, ChartError>) -> String {
    svg.unwrap().replace('\n', "")
}

/// A whole document, without NaN, infinities or negative sizes.
pub fn assert_sane(svg: &str) {
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    assert!(
        !svg.contains("width=\"-") && !svg.contains("height=\"-") && !svg.contains("r=\"-"),
        "no negative sizes"
    );
}
