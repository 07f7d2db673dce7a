//! Dates as people write them in a shop export: [`parse_date`] under a given
//! [`DateOrder`], and [`decide_date_order`] for a whole column.
//!
//! A date is three fields of digits with one separator, `-`, `.` or `/`,
//! used for both gaps:
//!
//! - Year first, with four digits (`2024-12-31`, `2024/12/31`, `2024.12.31`):
//!   year, month, day, read under every order, since a four-digit first field
//!   can only be a year. ISO 8601 is this form.
//! - Year last, with four or two digits (`31.12.2024`, `12/31/2024`,
//!   `31-12-24`): day and month (1 or 2 digits each) in the order
//!   [`DateOrder::Dmy`] or [`DateOrder::Mdy`]. [`DateOrder::Ymd`] reads only
//!   the year-first form. A two-digit year is 2000–2069 for `00`–`69` and
//!   1970–1999 for `70`–`99` (the window of POSIX `strptime`'s `%y`); it is
//!   always the last field, so `24-12-31` is 24 December 2031, not
//!   31 December 2024.
//!
//! A time of day may follow, after `T` or whitespace (a comma before the
//! whitespace is allowed, `31.12.2024, 10:00`): `H:MM` or `HH:MM`, optional
//! `:SS` and fraction, optional `AM`/`PM` (then the hour is 1–12), optional
//! zone `Z`, `UTC`, `GMT`, `+HH`, `+HHMM` or `+HH:MM` (or `-`), with or without
//! a space before it. Shopify writes `2024-03-05 14:22:10 +0100`, WooCommerce
//! `2024-03-05 14:22:10`. The time is checked and dropped.
//!
//! The date is the local calendar date as written: an offset is never applied.
//! An order placed at `2024-12-31 23:30 +0100` belongs to 31 December for the
//! shop, although it was 30 December 22:30 in UTC.
//!
//! Which order a column uses is decided from the whole column, never row by
//! row, by [`decide_date_order`]. Each non-empty value is read under every
//! order:
//!
//! - year first, it is read the same under every order;
//! - year last and read under only one of `Dmy` and `Mdy`, it proves that
//!   order: `13.04.2024` proves `Dmy`, `04/13/2024` proves `Mdy`;
//! - year last and read the same under both (`05.05.2024`), it is neutral;
//! - year last and read differently (`03.04.2024`), it is ambiguous on its own;
//! - read under no order (`29.02.2023`, `13/13/2024`, text), it is not a date
//!   and gives no evidence.
//!
//! The column is [`OrderDecision::NotDates`] when it has no non-empty value or
//! fewer than half of its non-empty values are dates. Otherwise it is
//! [`OrderDecision::Ambiguous`] when both `Dmy` and `Mdy` are proven; decided
//! when one of them is (year-first values in the same column do not conflict:
//! every order reads them); and when none is proven, `Ymd` if every date is
//! year first, `Ambiguous` if any date is ambiguous (a column of `03.04.2024`
//! is never guessed), and `Dmy` if the rest is neutral, which `Dmy` and `Mdy`
//! read to the same dates. Dotted dates are the German convention, but they
//! too are decided by evidence only; [`default_for_dotted`] offers `Dmy` as a
//! suggestion for a person to confirm.
//!
//! Spreadsheets store dates as serial numbers, read by [`from_excel_serial`].

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The order of day, month and year in a written date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `31.12.2024`, `31/12/2024`: German, British, most of the world.
    Dmy,
    /// `12/31/2024`: American.
    Mdy,
    /// `2024-12-31`: ISO 8601, Shopify, WooCommerce.
    Ymd,
}

/// The date order of a column, as [`decide_date_order`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderDecision {
    /// Every date of the column is read under this order as written.
    Decided(DateOrder),
    /// The values do not tell, or contradict each other: ask.
    Ambiguous,
    /// Fewer than half of the non-empty values are dates (or none is there).
    NotDates,
}

/// The fields of a written date, before the order is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    YearFirst { year: i32, month: u32, day: u32 },
    YearLast { first: u32, second: u32, year: i32 },
}

/// The local calendar date written in `text` (see the module header for the
/// forms), its day and month in `order` unless the year comes first. `None`
/// for anything else, impossible dates (`29.02.2023`) and bad times.
pub fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    match read_written(text)?.0 {
        Written::YearFirst { year, month, day } => NaiveDate::from_ymd_opt(year, month, day),
        Written::YearLast {
            first,
            second,
            year,
        } => match order {
            DateOrder::Dmy => NaiveDate::from_ymd_opt(year, second, first),
            DateOrder::Mdy => NaiveDate::from_ymd_opt(year, first, second),
            DateOrder::Ymd => None,
        },
    }
}

/// The date order of a column of dates, decided from all of its values by
/// the rules of the module header.
pub fn decide_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> OrderDecision {
    let (mut non_empty, mut readable) = (0usize, 0usize);
    let (mut dmy, mut mdy, mut ambiguous, mut neutral) = (0usize, 0usize, 0usize, 0usize);
    for value in values {
        if value.trim().is_empty() {
            continue;
        }
        non_empty += 1;
        if parse_date(value, DateOrder::Ymd).is_none() {
            match (
                parse_date(value, DateOrder::Dmy),
                parse_date(value, DateOrder::Mdy),
            ) {
                (None, None) => continue,
                (Some(_), None) => dmy += 1,
                (None, Some(_)) => mdy += 1,
                (Some(a), Some(b)) if a != b => ambiguous += 1,
                (Some(_), Some(_)) => neutral += 1,
            }
        }
        readable += 1;
    }
    if non_empty == 0 || 2 * readable < non_empty {
        return OrderDecision::NotDates;
    }
    match (dmy > 0, mdy > 0) {
        (true, true) => OrderDecision::Ambiguous,
        (true, false) => OrderDecision::Decided(DateOrder::Dmy),
        (false, true) => OrderDecision::Decided(DateOrder::Mdy),
        (false, false) if ambiguous > 0 => OrderDecision::Ambiguous,
        (false, false) if neutral > 0 => OrderDecision::Decided(DateOrder::Dmy),
        (false, false) => OrderDecision::Decided(DateOrder::Ymd),
    }
}

/// A suggestion, never a decision: `Some(Dmy)` when the column has dates
/// written year last and all of them are dotted (`31.12.2024`), the German
/// convention. For a column [`decide_date_order`] finds ambiguous, a form may
/// preselect it for the person to confirm.
pub fn default_for_dotted<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let mut dotted = false;
    for value in values {
        if let Some((Written::YearLast { .. }, separator)) = read_written(value) {
            if separator != '.' {
                return None;
            }
            dotted = true;
        }
    }
    dotted.then_some(DateOrder::Dmy)
}

/// The date of an Excel serial date number in the 1900 date system, the
/// default of Excel and LibreOffice.
///
/// Serial 1 is 1900-01-01 and 59 is 1900-02-28. Excel counts a 29 February
/// 1900 that never was (Lotus 1-2-3 took 1900 for a leap year) as serial 60,
/// which is `None` here; from 61 (1900-03-01) on, the serial is the number of
/// days since 1899-12-30, so 45657 is 2024-12-31. The fractional part is the
/// time of day (0.5 is noon) and is dropped after rounding the serial to the
/// millisecond, as Excel displays it. `None` below 1 (a time without a date),
/// past 2958465 (9999-12-31, Excel's last date), and for NaN and infinities.
/// The 1904 date system of old Mac workbooks is not read.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    const MS_PER_DAY: f64 = 86_400_000.0;
    if !serial.is_finite() {
        return None;
    }
    let day = ((serial * MS_PER_DAY).round() / MS_PER_DAY).floor();
    if !(1.0..=2_958_465.0).contains(&day) {
        return None;
    }
    // In range, so exact and without loss.
    let day = day as u64;
    let epoch = match day {
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        60 => return None,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    epoch.checked_add_days(Days::new(day))
}

/// The fields of the date in `text` and the separator used, if `text` is a
/// date of one of the forms of the module header, optionally with a time.
fn read_written(text: &str) -> Option<(Written, char)> {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-')))
        .unwrap_or(text.len());
    let (date, rest) = text.split_at(end);
    if !rest.is_empty() && !is_time_suffix(rest) {
        return None;
    }
    let separator = date.chars().find(|c| !c.is_ascii_digit())?;
    let mut fields = date.split(separator);
    let (a, b, c) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    let short = |f: &str| (1..=2).contains(&f.len());
    let written = if a.len() == 4 && short(b) && short(c) {
        Written::YearFirst {
            year: number(a)? as i32,
            month: number(b)?,
            day: number(c)?,
        }
    } else if short(a) && short(b) && (c.len() == 4 || c.len() == 2) {
        let year = number(c)? as i32;
        Written::YearLast {
            first: number(a)?,
            second: number(b)?,
            year: match (c.len(), year) {
                (2, 0..=69) => 2000 + year,
                (2, _) => 1900 + year,
                _ => year,
            },
        }
    } else {
        return None;
    };
    Some((written, separator))
}

/// The value of a non-empty run of at most four ASCII digits.
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.bytes().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `rest` after a date is a time: `T` and a time, or whitespace (after an
/// optional comma) and a time.
fn is_time_suffix(rest: &str) -> bool {
    let time = if let Some(time) = rest.strip_prefix(['T', 't']) {
        time
    } else {
        let spaced = rest.strip_prefix(',').unwrap_or(rest);
        let time = spaced.trim_start();
        if time.len() == spaced.len() {
            return false;
        }
        time
    };
    read_time(time).is_some()
}

/// `Some` if `t` is a whole time of day: `H:MM[:SS[.f]][ AM|PM][ zone]`.
fn read_time(t: &str) -> Option<()> {
    let (hour, rest) = digits(t, 1, 2)?;
    let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2, 2)?;
    if minute > 59 {
        return None;
    }
    if let Some(after) = rest.strip_prefix(':') {
        let (second, after) = digits(after, 2, 2)?;
        if second > 60 {
            return None;
        }
        rest = after;
        if let Some(fraction) = rest.strip_prefix(['.', ',']) {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            rest = &fraction[n..];
        }
    }
    let mut rest = rest.trim_start();
    let meridiem = rest
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("am") || p.eq_ignore_ascii_case("pm"));
    if meridiem {
        rest = rest[2..].trim_start();
    }
    let hour_ok = if meridiem {
        (1..=12).contains(&hour)
    } else {
        hour <= 23
    };
    (hour_ok && is_zone(rest)).then_some(())
}

/// `z` is nothing, `Z`, `UTC`, `GMT` or an offset `±HH`, `±HHMM`, `±HH:MM`.
fn is_zone(z: &str) -> bool {
    if z.is_empty()
        || ["Z", "UTC", "GMT"]
            .iter()
            .any(|n| z.eq_ignore_ascii_case(n))
    {
        return true;
    }
    let Some(offset) = z.strip_prefix(['+', '-', '\u{2212}']) else {
        return false;
    };
    let Some((hours, rest)) = digits(offset, 2, 2) else {
        return false;
    };
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let minutes_ok = rest.is_empty() || (rest.len() == 2 && number(rest).is_some_and(|m| m <= 59));
    hours <= 23 && minutes_ok
}

/// The value of the `min` to `max` ASCII digits at the start of `s`, and the rest.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((number(&s[..n])?, &s[n..]))
}

#[cfg(test)]
mod tests {
    use super::DateOrder::{Dmy, Mdy, Ymd};
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_dates_and_datetimes_read_under_every_order() {
        for order in [Dmy, Mdy, Ymd] {
            for text in [
                "2024-12-31",
                "2024-12-31T10:00:00Z",
                "2024-12-31T10:00:00.123Z",
                "2024-12-31 10:00:00",
                "2024-12-31 10:00",
                "2024-12-31T10:00:00+01:00",
                "2024-12-31T10:00:00-0500",
                "2024-12-31 23:30:00 +0100",
                "2024-12-31 10:00:00 UTC",
                "2024/12/31",
                "2024.12.31",
                " 2024-12-31 ",
            ] {
                assert_eq!(
                    parse_date(text, order),
                    Some(d(2024, 12, 31)),
                    "{text} {order:?}"
                );
            }
        }
    }

    #[test]
    fn shopify_datetimes_give_the_local_date_without_applying_the_offset() {
        assert_eq!(
            parse_date("2024-03-05 14:22:10 +0100", Ymd),
            Some(d(2024, 3, 5))
        );
        // 00:30 at +0100 is 23:30 of the day before in UTC: still the 1st.
        assert_eq!(
            parse_date("2024-03-01 00:30:00 +0100", Ymd),
            Some(d(2024, 3, 1))
        );
        assert_eq!(
            parse_date("2024-03-01T23:30:00-05:00", Ymd),
            Some(d(2024, 3, 1))
        );
    }

    #[test]
    fn dotted_dates_read_day_first_or_month_first_as_ordered() {
        assert_eq!(parse_date("31.12.2024", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("31.12.2024", Mdy), None);
        assert_eq!(parse_date("03.04.2024", Dmy), Some(d(2024, 4, 3)));
        assert_eq!(parse_date("03.04.2024", Mdy), Some(d(2024, 3, 4)));
        assert_eq!(parse_date("3.4.2024", Dmy), Some(d(2024, 4, 3)));
        assert_eq!(parse_date("31.12.2024 10:00", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("31.12.2024, 10:00", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(
            parse_date("31.12.2024 10:00:59", Dmy),
            Some(d(2024, 12, 31))
        );
    }

    #[test]
    fn slashed_and_dashed_dates_read_in_the_given_order() {
        assert_eq!(parse_date("12/31/2024", Mdy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("12/31/2024", Dmy), None);
        assert_eq!(parse_date("31/12/2024", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("31/12/2024", Mdy), None);
        assert_eq!(parse_date("31-12-2024", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("12-31-2024", Mdy), Some(d(2024, 12, 31)));
        assert_eq!(
            parse_date("12/31/2024 10:00 AM", Mdy),
            Some(d(2024, 12, 31))
        );
        assert_eq!(parse_date("12/31/2024 9:05 pm", Mdy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("12/31/2024 12:00PM", Mdy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("1/2/2024", Mdy), Some(d(2024, 1, 2)));
    }

    #[test]
    fn ymd_order_reads_only_year_first_dates() {
        assert_eq!(parse_date("31.12.2024", Ymd), None);
        assert_eq!(parse_date("12/31/2024", Ymd), None);
        assert_eq!(parse_date("01.02.2024", Ymd), None);
    }

    #[test]
    fn two_digit_years_are_1970_to_2069_and_always_last() {
        assert_eq!(parse_date("31.12.24", Dmy), Some(d(2024, 12, 31)));
        assert_eq!(parse_date("01.01.00", Dmy), Some(d(2000, 1, 1)));
        assert_eq!(parse_date("31.12.69", Dmy), Some(d(2069, 12, 31)));
        assert_eq!(parse_date("01.01.70", Dmy), Some(d(1970, 1, 1)));
        assert_eq!(parse_date("12/31/99", Mdy), Some(d(1999, 12, 31)));
        // A two-digit field first is never the year.
        assert_eq!(parse_date("24-12-31", Dmy), Some(d(2031, 12, 24)));
        assert_eq!(parse_date("24-12-31", Ymd), None);
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(parse_date("29.02.2024", Dmy), Some(d(2024, 2, 29)));
        assert_eq!(parse_date("29.02.2023", Dmy), None);
        assert_eq!(parse_date("2023-02-29", Ymd), None);
        assert_eq!(parse_date("02/29/2000", Mdy), Some(d(2000, 2, 29)));
        assert_eq!(parse_date("1900-02-29", Ymd), None);
        assert_eq!(parse_date("29.02.00", Dmy), Some(d(2000, 2, 29)));
    }

    #[test]
    fn impossible_dates_are_none() {
        for text in [
            "32.01.2024",
            "31.04.2024",
            "00.01.2024",
            "01.13.2024",
            "2024-13-01",
            "2024-00-10",
        ] {
            assert_eq!(parse_date(text, Dmy), None, "{text}");
        }
        assert_eq!(parse_date("13/13/2024", Mdy), None);
    }

    #[test]
    fn malformed_dates_and_times_are_none() {
        for text in [
            "",
            "   ",
            "heute",
            "2024",
            "2024-12",
            "31.12.",
            "31.12.2024.",
            "31.12-2024",
            "2024-12-31-01",
            "31.12.202",
            "123.12.2024",
            "2024-123-01",
            "20241231",
            "2024-12-31X",
            "2024-12-31T",
            "2024-12-31 25:00",
            "2024-12-31 10:60",
            "2024-12-31 10:0",
            "2024-12-31 10:00:61",
            "2024-12-31 10:00 nachmittags",
            "2024-12-31 10:00 +2500",
            "2024-12-31 10:00 +01:60",
            "2024-12-31 10:00:00.Z",
            "12/31/2024 13:00 PM",
            "12/31/2024 0:30 AM",
            "2024-12-3110:00",
        ] {
            for order in [Dmy, Mdy, Ymd] {
                assert_eq!(parse_date(text, order), None, "{text:?} {order:?}");
            }
        }
    }

    #[test]
    fn one_ambiguous_date_alone_is_ambiguous() {
        assert_eq!(decide_date_order(["03.04.2024"]), OrderDecision::Ambiguous);
        assert_eq!(
            decide_date_order(["03.04.2024", "05.06.2024", "01.02.24"]),
            OrderDecision::Ambiguous
        );
    }

    #[test]
    fn a_day_over_twelve_anywhere_decides_the_column() {
        assert_eq!(
            decide_date_order(["03.04.2024", "13.04.2024"]),
            OrderDecision::Decided(Dmy)
        );
        assert_eq!(
            decide_date_order(["03/04/2024", "04/13/2024"]),
            OrderDecision::Decided(Mdy)
        );
        let mut column = vec!["01/02/2024"; 100];
        column.push("12/25/2024 10:00 AM");
        assert_eq!(decide_date_order(column), OrderDecision::Decided(Mdy));
    }

    #[test]
    fn year_first_columns_are_ymd() {
        assert_eq!(
            decide_date_order(["2024-03-04", "2024-03-05 14:22:10 +0100", "2024/12/31"]),
            OrderDecision::Decided(Ymd)
        );
    }

    #[test]
    fn year_first_dates_read_under_every_order_and_do_not_conflict() {
        assert_eq!(
            decide_date_order(["2024-03-04", "13.04.2024"]),
            OrderDecision::Decided(Dmy)
        );
        assert_eq!(
            decide_date_order(["2024-03-04", "03.04.2024"]),
            OrderDecision::Ambiguous
        );
    }

    #[test]
    fn conflicting_evidence_is_ambiguous() {
        assert_eq!(
            decide_date_order(["13.04.2024", "04/13/2024"]),
            OrderDecision::Ambiguous
        );
        assert_eq!(
            decide_date_order(["13.04.2024", "14.04.2024", "04.15.2024"]),
            OrderDecision::Ambiguous
        );
    }

    #[test]
    fn dates_with_day_equal_to_month_read_the_same_under_dmy_and_mdy() {
        assert_eq!(
            decide_date_order(["01.01.2024", "05.05.2024"]),
            OrderDecision::Decided(Dmy)
        );
        assert_eq!(parse_date("05.05.2024", Dmy), parse_date("05.05.2024", Mdy));
    }

    #[test]
    fn a_column_of_mostly_text_is_not_dates() {
        assert_eq!(
            decide_date_order(["a", "b", "13.04.2024"]),
            OrderDecision::NotDates
        );
        assert_eq!(
            decide_date_order(["29.02.2023", "13/13/2024"]),
            OrderDecision::NotDates
        );
        assert_eq!(
            decide_date_order(Vec::<&str>::new()),
            OrderDecision::NotDates
        );
        assert_eq!(decide_date_order(["", " "]), OrderDecision::NotDates);
        // Half is enough; empty cells do not count.
        assert_eq!(
            decide_date_order(["n/a", "13.04.2024", ""]),
            OrderDecision::Decided(Dmy)
        );
    }

    #[test]
    fn dotted_columns_suggest_dmy_but_are_not_decided_by_it() {
        let column = ["03.04.2024", "05.06.2024"];
        assert_eq!(decide_date_order(column), OrderDecision::Ambiguous);
        assert_eq!(default_for_dotted(column), Some(Dmy));
        assert_eq!(default_for_dotted(["03/04/2024"]), None);
        assert_eq!(default_for_dotted(["03.04.2024", "03/04/2024"]), None);
        assert_eq!(default_for_dotted(["2024-03-04"]), None);
        assert_eq!(
            default_for_dotted(["2024-03-04", "03.04.2024", "text"]),
            Some(Dmy)
        );
    }

    #[test]
    fn excel_serials_count_days_in_the_1900_system() {
        assert_eq!(from_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(from_excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(from_excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(from_excel_serial(25569.0), Some(d(1970, 1, 1)));
        assert_eq!(from_excel_serial(45292.0), Some(d(2024, 1, 1)));
        assert_eq!(from_excel_serial(45351.0), Some(d(2024, 2, 29)));
        assert_eq!(from_excel_serial(45657.0), Some(d(2024, 12, 31)));
        assert_eq!(from_excel_serial(2_958_465.0), Some(d(9999, 12, 31)));
    }

    #[test]
    fn excel_serial_60_is_the_fictitious_29_february_1900() {
        assert_eq!(from_excel_serial(60.0), None);
        assert_eq!(from_excel_serial(60.5), None);
    }

    #[test]
    fn the_fraction_of_an_excel_serial_is_the_time_of_day() {
        assert_eq!(from_excel_serial(45657.5), Some(d(2024, 12, 31)));
        assert_eq!(from_excel_serial(45657.99999), Some(d(2024, 12, 31)));
        // Within half a millisecond of midnight it is the next day, as Excel shows it.
        assert_eq!(from_excel_serial(45658.0 - 1e-9), Some(d(2025, 1, 1)));
    }

    #[test]
    fn excel_serials_out_of_range_are_none() {
        for serial in [
            0.0,
            0.5,
            -1.0,
            2_958_466.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(from_excel_serial(serial), None, "{serial}");
        }
    }

    #[test]
    fn date_orders_serialize_in_kebab_case() {
        assert_eq!(serde_json::to_string(&Dmy).unwrap(), "\"dmy\"");
        assert_eq!(serde_json::from_str::<DateOrder>("\"mdy\"").unwrap(), Mdy);
        assert_eq!(serde_json::from_str::<DateOrder>("\"ymd\"").unwrap(), Ymd);
    }

    mod properties {
        use super::super::*;
        use chrono::Datelike;
        use proptest::prelude::*;

        /// A date from 1970-01-01 to 2069-12-31, the two-digit-year window.
        fn date() -> impl Strategy<Value = NaiveDate> {
            let first = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            let last = NaiveDate::from_ymd_opt(2069, 12, 31).unwrap();
            let span = (last - first).num_days() as u64;
            (0..=span).prop_map(move |n| first + Days::new(n))
        }

        fn order() -> impl Strategy<Value = DateOrder> {
            prop_oneof![
                Just(DateOrder::Dmy),
                Just(DateOrder::Mdy),
                Just(DateOrder::Ymd)
            ]
        }

        /// `date` written in `order` in the form numbered `form`, with a time
        /// numbered `time` (0: none).
        fn write(date: NaiveDate, order: DateOrder, form: usize, time: usize) -> String {
            let (y, m, d) = (date.year(), date.month(), date.day());
            let yy = y % 100;
            let (a, b) = match order {
                DateOrder::Dmy => (d, m),
                _ => (m, d),
            };
            let written = match (order, form % 6) {
                (DateOrder::Ymd, 0) => format!("{y}-{m:02}-{d:02}"),
                (DateOrder::Ymd, 1) => format!("{y}/{m:02}/{d:02}"),
                (DateOrder::Ymd, 2) => format!("{y}.{m:02}.{d:02}"),
                (DateOrder::Ymd, 3) => format!("{y}-{m}-{d}"),
                (DateOrder::Ymd, 4) => format!("{y}-{m:02}-{d:02}T10:00:00Z"),
                (DateOrder::Ymd, _) => format!("{y}-{m:02}-{d:02}T23:59:59.5+01:00"),
                (_, 0) => format!("{a:02}.{b:02}.{y}"),
                (_, 1) => format!("{a}.{b}.{y}"),
                (_, 2) => format!("{a:02}.{b:02}.{yy:02}"),
                (_, 3) => format!("{a:02}/{b:02}/{y}"),
                (_, 4) => format!("{a}/{b}/{yy:02}"),
                (_, _) => format!("{a:02}-{b:02}-{y}"),
            };
            let time = [
                "",
                " 10:00",
                " 23:59:59",
                " 9:05 AM",
                " 12:30 pm",
                " 14:22:10 +0100",
                ", 00:00",
            ][time % 7];
            if order == DateOrder::Ymd && form % 6 >= 4 {
                written
            } else {
                written + time
            }
        }

        proptest! {
            #[test]
            fn dates_written_in_each_order_read_back_exactly(
                date in date(),
                order in order(),
                form in 0usize..6,
                time in 0usize..7,
            ) {
                let text = write(date, order, form, time);
                prop_assert_eq!(parse_date(&text, order), Some(date), "{}", text);
            }

            #[test]
            fn a_column_with_a_day_over_twelve_is_decided_for_its_order(
                dates in proptest::collection::vec((date(), 0usize..6, 0usize..7), 0..30),
                late in date(),
                day in 13u32..=28,
                at in any::<proptest::sample::Index>(),
                order in order(),
            ) {
                let mut texts: Vec<String> = dates.iter().map(|&(d, f, t)| write(d, order, f, t)).collect();
                let late = late.with_day(day).unwrap();
                texts.insert(at.index(texts.len() + 1), write(late, order, 0, 0));
                prop_assert_eq!(decide_date_order(texts.iter().map(String::as_str)), OrderDecision::Decided(order));
            }

            #[test]
            fn a_column_with_only_days_up_to_twelve_is_ambiguous(
                dates in proptest::collection::vec((date(), 1u32..=12, 0usize..6, 0usize..7), 0..30),
                different in (1u32..=12, 1u32..=11, 1970i32..=2069),
                at in any::<proptest::sample::Index>(),
                order in prop_oneof![Just(DateOrder::Dmy), Just(DateOrder::Mdy)],
            ) {
                let mut texts: Vec<String> = dates
                    .iter()
                    .map(|&(d, day, f, t)| write(d.with_day(day).unwrap(), order, f, t))
                    .collect();
                // At least one date whose day and month differ, so that the orders read it differently.
                let (month, shift, year) = different;
                let day = (month + shift - 1) % 12 + 1;
                let differing = NaiveDate::from_ymd_opt(year, month, day).unwrap();
                texts.insert(at.index(texts.len() + 1), write(differing, order, 3, 0));
                prop_assert_eq!(decide_date_order(texts.iter().map(String::as_str)), OrderDecision::Ambiguous);
            }
        }
    }
}
