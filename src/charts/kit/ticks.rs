//! Where an axis gets its labels: the value range of a y axis and how many
//! labels it holds, month ticks along a time axis, a label per month for
//! monthly bars, and labels at the whole-number positions of categories.

use chrono::{Datelike, Days, Months, NaiveDate};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;

/// Shortest time axis in days, so a single date still gets a proper axis.
pub const MIN_SPAN_DAYS: i64 = 14;

/// The y range: every finite value, never empty, with 8 % padding that does
/// not cross zero when the values themselves do not.
pub fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    let size = hi.abs().max(lo.abs());
    let (a, b) = if hi - lo <= f64::EPSILON * size.max(1.0) * 16.0 {
        // All equal: 20 % of the value around it (or ±1 around zero).
        let half = if size > 0.0 { size * 0.1 } else { 1.0 };
        (lo - half, hi + half)
    } else {
        (lo, hi)
    };
    let pad = (b - a) * 0.08;
    let mut range = (a - pad, b + pad);
    if lo >= 0.0 && range.0 < 0.0 {
        range.0 = 0.0;
    }
    if hi <= 0.0 && lo < 0.0 && range.1 > 0.0 {
        range.1 = 0.0;
    }
    range
}

/// How many y labels to ask for: as many as six, fewer when the value
/// format would print neighbouring ones the same ("0 €", "0 €").
pub fn y_label_count(lo: f64, hi: f64, format: &dyn Fn(f64) -> String) -> usize {
    let axis = RangedCoordf64::from(lo..hi);
    (2..=6)
        .rev()
        .find(|&n| {
            let labels: Vec<String> = axis.key_points(n).into_iter().map(format).collect();
            labels.windows(2).all(|w| w[0] != w[1])
        })
        .unwrap_or(2)
}

/// Labelled x ticks from `first` to `last`: month starts ("Jan 26"), every
/// one to every 24th month so that there are at most ten, aligned so January
/// is always among them; days ("3 Feb") when fewer than two months start in the range.
pub fn date_ticks(
    first: NaiveDate,
    last: NaiveDate,
    month_names: &[&str; 12],
) -> Vec<(NaiveDate, String)> {
    let mut month_starts = Vec::new();
    let mut m = first.with_day(1).unwrap_or(first);
    if m < first {
        m = m + Months::new(1);
    }
    while m <= last {
        month_starts.push(m);
        m = m + Months::new(1);
    }
    if month_starts.len() >= 2 {
        let step = [1, 2, 3, 4, 6, 12, 24, 60, 120]
            .into_iter()
            .find(|s| month_starts.len() / s <= 9)
            .unwrap_or(240);
        return month_starts
            .into_iter()
            .filter(|d| {
                if step < 12 {
                    d.month0() % step as u32 == 0
                } else {
                    d.month0() == 0 && d.year().rem_euclid(step as i32 / 12) == 0
                }
            })
            .map(|d| (d, month_label(d, month_names)))
            .collect();
    }
    let days = (last - first).num_days().max(0) as u64;
    let step = [1, 2, 7, 14]
        .into_iter()
        .find(|s| days / s <= 8)
        .unwrap_or(28);
    (0..=days / step)
        .map(|i| first + Days::new(i * step))
        .map(|d| (d, day_label(d, month_names)))
        .collect()
}

/// "Jan 25": a month's short name and its year in two digits.
pub fn month_label(d: NaiveDate, month_names: &[&str; 12]) -> String {
    let name = month_names[d.month0() as usize];
    format!("{} {:02}", name, d.year().rem_euclid(100))
}

/// "3 Feb": a day of the month and the month's short name.
pub fn day_label(d: NaiveDate, month_names: &[&str; 12]) -> String {
    let name = month_names[d.month0() as usize];
    format!("{} {}", d.day(), name)
}

/// "Jan 25" for each distinct month of `dates` (an axis too short for month starts).
pub fn month_labels(
    dates: impl Iterator<Item = NaiveDate>,
    month_names: &[&str; 12],
) -> Vec<(NaiveDate, String)> {
    let mut labels: Vec<(NaiveDate, String)> = Vec::new();
    for d in dates {
        if labels
            .iter()
            .any(|l| (l.0.year(), l.0.month()) == (d.year(), d.month()))
        {
            continue;
        }
        labels.push((d, month_label(d, month_names)));
    }
    labels
}

/// The labels under one bar per month (`months` in order): every month's
/// ("Jan 25") when there are at most twelve; else every third, sixth or
/// twelfth month's (from 13, 25 and 49 months on), counted from January, so
/// that there are about twelve at most; "" under the others.
pub fn month_bar_labels(months: &[NaiveDate], month_names: &[&str; 12]) -> Vec<String> {
    let step = match months.len() {
        0..=12 => 1,
        13..=24 => 3,
        25..=48 => 6,
        _ => 12,
    };
    months
        .iter()
        .map(|&m| {
            if (m.month0() as usize) % step == 0 {
                month_label(m, month_names)
            } else {
                String::new()
            }
        })
        .collect()
}

/// The label at position `v` of a category axis, where category `i` sits at
/// `i`: `label(i)` at a whole number from 0 on, "" anywhere else (plotters
/// also asks for positions between the categories).
pub fn category_label(v: f64, label: impl Fn(usize) -> String) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    label(i as usize)
}

/// "25%": a share (0..1) as a whole percentage.
pub fn percent_label(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::kit::test_support::{date, MONTHS};

    #[test]
    fn ticks_for_short_and_long_ranges() {
        let names = MONTHS;
        let ticks = date_ticks(date("2025-03-05"), date("2025-03-19"), &names);
        assert_eq!(ticks.first().unwrap().1, "5 Mar");
        assert!(ticks.len() >= 2);
        let ticks = date_ticks(date("2020-01-01"), date("2029-12-31"), &names);
        assert!(ticks.len() <= 10 && ticks.len() >= 5, "{ticks:?}");
        assert!(ticks.iter().all(|t| t.1.starts_with("Jan ")));
        let ticks = date_ticks(date("2025-01-15"), date("2025-07-15"), &names);
        assert_eq!(ticks.len(), 6, "Feb to Jul: {ticks:?}");
    }

    #[test]
    fn value_range_pads_and_keeps_zero() {
        let (lo, hi) = value_range([10.0, 20.0].into_iter());
        assert!((lo - 9.2).abs() < 1e-9 && (hi - 20.8).abs() < 1e-9);
        assert_eq!(value_range([0.0, 5.0].into_iter()).0, 0.0);
        let (lo, hi) = value_range([7.0, 7.0, f64::NAN].into_iter());
        assert!(lo < 7.0 && hi > 7.0);
        assert_eq!(value_range(std::iter::empty()), (0.0, 1.0));
        let (lo, hi) = value_range([0.0].into_iter());
        assert!(lo == 0.0 && hi > 0.0);
    }

    #[test]
    fn y_label_count_avoids_repeated_labels() {
        let money = |v: f64| format!("{v:.0} €");
        assert_eq!(y_label_count(0.0, 1000.0, &money), 6);
        let tenth = |v: f64| format!("{v:.1}");
        assert_eq!(y_label_count(0.0, 1000.0, &tenth), 6);
        // Between 0 and 1 whole euros repeat: fewer labels.
        let n = y_label_count(0.0, 1.0, &money);
        assert!(n < 6, "{n}");
        let labels: Vec<String> = RangedCoordf64::from(0.0..1.0)
            .key_points(n)
            .into_iter()
            .map(money)
            .collect();
        assert!(labels.windows(2).all(|w| w[0] != w[1]), "{labels:?}");
    }

    #[test]
    fn month_and_day_labels() {
        assert_eq!(month_label(date("2025-01-31"), &MONTHS), "Jan 25");
        assert_eq!(month_label(date("2007-07-04"), &MONTHS), "Jul 07");
        assert_eq!(day_label(date("2025-02-03"), &MONTHS), "3 Feb");
        let distinct = month_labels(
            [date("2025-01-31"), date("2025-01-15"), date("2025-02-01")].into_iter(),
            &MONTHS,
        );
        assert_eq!(
            distinct,
            [
                (date("2025-01-31"), "Jan 25".to_owned()),
                (date("2025-02-01"), "Feb 25".to_owned())
            ]
        );
    }

    #[test]
    fn month_bar_labels_thin_out_by_length() {
        let months = |from: &str, n: u32| -> Vec<NaiveDate> {
            (0..n).map(|i| date(from) + Months::new(i)).collect()
        };
        let year = month_bar_labels(&months("2024-03-01", 12), &MONTHS);
        assert_eq!(year.len(), 12);
        assert!(year.iter().all(|l| !l.is_empty()));
        assert_eq!((year[0].as_str(), year[11].as_str()), ("Mar 24", "Feb 25"));
        let two_years = month_bar_labels(&months("2023-01-01", 24), &MONTHS);
        let shown: Vec<&str> = two_years
            .iter()
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect();
        assert_eq!(
            shown,
            ["Jan 23", "Apr 23", "Jul 23", "Oct 23", "Jan 24", "Apr 24", "Jul 24", "Oct 24"]
        );
        assert_eq!(two_years[1], "");
        let three_years = month_bar_labels(&months("2022-02-01", 36), &MONTHS);
        assert_eq!(three_years.iter().filter(|l| !l.is_empty()).count(), 6);
        assert_eq!(three_years[5], "Jul 22");
        let five_years = month_bar_labels(&months("2020-03-01", 60), &MONTHS);
        let shown: Vec<&String> = five_years.iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(shown, ["Jan 21", "Jan 22", "Jan 23", "Jan 24", "Jan 25"]);
        assert!(month_bar_labels(&[], &MONTHS).is_empty());
    }

    #[test]
    fn percent_labels() {
        assert_eq!(percent_label(0.25), "25%");
        assert_eq!(percent_label(0.0), "0%");
        assert_eq!(percent_label(1.0), "100%");
        assert_eq!(percent_label(0.3333), "33%");
    }

    #[test]
    fn category_labels_only_at_whole_positions() {
        let label = |i: usize| format!("group {i}");
        assert_eq!(category_label(0.0, label), "group 0");
        assert_eq!(category_label(2.0, label), "group 2");
        assert_eq!(category_label(1.9999999, label), "group 2");
        assert_eq!(category_label(1.5, label), "");
        assert_eq!(category_label(-1.0, label), "");
        assert_eq!(category_label(-0.5, label), "");
    }
}
