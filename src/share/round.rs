//! Rounding to significant digits, so that a share link carries figures at
//! the precision they are read at.
//!
//! `round_sig(x, d)` is the decimal number with `d` significant digits
//! nearest to `x` (ties away from zero, as `{:e}` formatting rounds the
//! exact binary value), as the nearest `f64`. Serialised with the shortest
//! representation that reads back exactly (serde_json's `float_roundtrip`),
//! it takes at most `d` digits, and rounding it again changes nothing:
//! a view rounded once encodes and decodes to itself.
//!
//! Aggregates (KPI values, intervals, averages) keep [`AGGREGATE_DIGITS`];
//! money totals shown as headline figures (equity and its parts, total CLV)
//! are kept to the cent ([`amount`]; a segment's revenue and CLV keep four
//! digits and are shown to the whole unit); fitted parameters and trend lines keep
//! [`PARAMETER_DIGITS`], enough for the figures computed from them to agree
//! with the original to [`AGGREGATE_DIGITS`] digits.

/// Significant digits of an aggregate figure.
pub const AGGREGATE_DIGITS: usize = 4;
/// Significant digits of a fitted parameter, a trend line or a standard error.
pub const PARAMETER_DIGITS: usize = 7;

/// `x` rounded to `digits` significant digits (at least 1); zero and
/// non-finite values as they are.
pub fn round_sig(x: f64, digits: usize) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let text = format!("{:.*e}", digits.max(1) - 1, x);
    text.parse().unwrap_or(x)
}

/// An aggregate rounded to [`AGGREGATE_DIGITS`].
pub fn figure(x: f64) -> f64 {
    round_sig(x, AGGREGATE_DIGITS)
}

/// A parameter rounded to [`PARAMETER_DIGITS`].
pub fn parameter(x: f64) -> f64 {
    round_sig(x, PARAMETER_DIGITS)
}

/// An amount of money shown as a headline figure, to the cent (a total
/// rounded to four digits would read as €1,110,000.00 where the page says
/// €1,110,129.36).
pub fn amount(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{x:.2}").parse().unwrap_or(x)
}

/// A figure that is only kept where it is finite (`None` for NaN or ±∞,
/// which JSON cannot carry).
pub fn finite_figure(x: f64) -> Option<f64> {
    x.is_finite().then(|| figure(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn figures_keep_four_significant_digits() {
        assert_eq!(figure(123_456.789), 123_500.0);
        assert_eq!(figure(0.012_345_6), 0.012_35);
        assert_eq!(figure(-98.765), -98.77);
        assert_eq!(figure(7.0), 7.0);
        assert_eq!(figure(0.0), 0.0);
        assert_eq!(parameter(0.243_876_543_21), 0.243_876_5);
        assert_eq!(amount(1_110_129.364), 1_110_129.36);
        assert_eq!(amount(-0.005_1), -0.01);
        assert_eq!(amount(amount(12.345_6)), 12.35);
        assert!(figure(f64::NAN).is_nan());
        assert_eq!(finite_figure(f64::INFINITY), None);
        assert_eq!(finite_figure(2.345_67), Some(2.346));
    }

    #[test]
    fn a_rounded_figure_serialises_in_at_most_its_digits() {
        for x in [123_456.789, 0.012_345_6, 1.0 / 3.0, 2.0e-9, 9.999_9e12] {
            let text = serde_json::to_string(&figure(x)).unwrap();
            let digits = text
                .split(['e', 'E'])
                .next()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            let significant = digits.trim_start_matches('0').trim_end_matches('0');
            assert!(significant.len() <= AGGREGATE_DIGITS, "{x} → {text}");
        }
    }

    proptest! {
        #[test]
        fn rounding_twice_changes_nothing_and_stays_close(x in -1e15f64..1e15, digits in 1usize..10) {
            let once = round_sig(x, digits);
            prop_assert_eq!(round_sig(once, digits), once);
            prop_assert!((once - x).abs() <= x.abs() * 10f64.powi(1 - digits as i32));
        }
    }
}
