//! Numbers as people write them: typed into a field ([`parse_decimal`]) and
//! written in a shop export ([`parse_amount`], [`decide_decimal_mark`]).
//!
//! An amount is written with one decimal mark, [`DecimalMark::Point`]
//! (`1,234.56`) or [`DecimalMark::Comma`] (`1.234,56`), and [`parse_amount`]
//! reads it under the mark it is given:
//!
//! - The integer part is plain digits (`1234`) or groups of three digits after
//!   a first group of one to three (`1,234,567`), separated by one kind of
//!   thousands separator throughout: the other mark (`,` for `Point`, `.` for
//!   `Comma`), a space, a no-break space (U+00A0), a narrow no-break space
//!   (U+202F), a thin space (U+2009) or an apostrophe (`'` or `’`, Swiss).
//!   A grouped number does not start with `0` (`0,123` is not a thousands
//!   grouping).
//! - After the decimal mark come one or more digits; `12.` and `.5` are not
//!   amounts.
//! - One currency sign or code may stand before or after, with or without a
//!   space: `€`, `$`, `£`, `EUR`, `USD`, `GBP`, `CHF` (codes in any case).
//! - One negative sign: `-12,00`, `−12,00` (U+2212), `(12.00)` or `12,00-`;
//!   a `+` is allowed and changes nothing. Sign and currency may nest either
//!   way (`-€12.00`, `€-12.00`, `(12,00 €)`).
//! - The result is finite, and `-0` is `0` (a zero is never a refund).
//!
//! Which mark a column uses is decided from the whole column, never row by
//! row, by [`decide_decimal_mark`]. Every non-empty value is read under both
//! marks:
//!
//! - read under only one mark, it proves that mark: `12,5`, `12,50`, `1,2345`,
//!   `1.234,56` and `0,123` prove `Comma`; `12.5`, `1,234.56` and
//!   `1,234,567` prove `Point`;
//! - read under both to the same value, it is neutral: `1234`, `1 234`;
//! - read under both to different values, it is ambiguous on its own: `1,234`
//!   and `1.234` (one separator, exactly three digits after it);
//! - read under neither, it is not an amount and gives no evidence.
//!
//! The column is [`MarkDecision::NotNumbers`] when it has no non-empty value
//! or fewer than half of its non-empty values are read under either mark.
//! Otherwise, when both marks are proven the column is
//! [`MarkDecision::Ambiguous`] (the file mixes conventions; a person must
//! say which one is meant); when one mark is proven it is decided; when none is
//! proven the column is decided as `Point` only if every amount is neutral
//! (any mark reads it the same), and is ambiguous otherwise: a column of
//! `1.234` alone is never guessed.

use serde::{Deserialize, Serialize};

/// A number typed into a number field: `12.5` or `12,5`, spaces around
/// ignored; `None` for anything else, including infinities and NaN.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.trim().replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

/// The character that separates the integer part from the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecimalMark {
    /// `1,234.56`: English, Shopify, WooCommerce.
    Point,
    /// `1.234,56`: German and most of continental Europe.
    Comma,
}

impl DecimalMark {
    /// The decimal mark itself.
    pub fn as_char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }

    /// The other mark, which under this one can only separate thousands.
    fn grouping_char(self) -> char {
        match self {
            DecimalMark::Point => ',',
            DecimalMark::Comma => '.',
        }
    }
}

/// The decimal mark of a column, as [`decide_decimal_mark`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkDecision {
    /// Every amount of the column is read under this mark as written.
    Decided(DecimalMark),
    /// The values do not tell, or contradict each other: ask.
    Ambiguous,
    /// Fewer than half of the non-empty values are amounts (or none is there).
    NotNumbers,
}

/// Currency signs and codes that may stand before or after an amount.
const CURRENCIES: [&str; 7] = ["€", "$", "£", "EUR", "USD", "GBP", "CHF"];

/// An amount as written in an export, under the decimal mark `mark`: see the
/// module header for what is read. `None` for an empty text, anything that is
/// not one amount, and thousands separators out of place (`1.23,4`).
pub fn parse_amount(text: &str, mark: DecimalMark) -> Option<f64> {
    let (negative, core) = strip_sign_and_currency(text);
    let value = read_unsigned(core, mark)?;
    // Adding 0.0 turns -0.0 into 0.0.
    Some(if negative { -value } else { value } + 0.0)
}

/// The decimal mark of a column of amounts, decided from all of its values
/// by the rules of the module header.
pub fn decide_decimal_mark<'a>(values: impl IntoIterator<Item = &'a str>) -> MarkDecision {
    let (mut non_empty, mut readable) = (0usize, 0usize);
    let (mut point, mut comma, mut ambiguous) = (0usize, 0usize, 0usize);
    for value in values {
        if value.trim().is_empty() {
            continue;
        }
        non_empty += 1;
        match (
            parse_amount(value, DecimalMark::Point),
            parse_amount(value, DecimalMark::Comma),
        ) {
            (None, None) => continue,
            (Some(_), None) => point += 1,
            (None, Some(_)) => comma += 1,
            (Some(a), Some(b)) if a != b => ambiguous += 1,
            (Some(_), Some(_)) => {}
        }
        readable += 1;
    }
    if non_empty == 0 || 2 * readable < non_empty {
        return MarkDecision::NotNumbers;
    }
    match (point > 0, comma > 0) {
        (true, true) => MarkDecision::Ambiguous,
        (true, false) => MarkDecision::Decided(DecimalMark::Point),
        (false, true) => MarkDecision::Decided(DecimalMark::Comma),
        (false, false) if ambiguous == 0 => MarkDecision::Decided(DecimalMark::Point),
        (false, false) => MarkDecision::Ambiguous,
    }
}

/// The text without its sign and currency, trimmed, and whether it was
/// negative. At most one sign and one currency are taken off, in either
/// nesting; anything else left over makes the amount unreadable.
fn strip_sign_and_currency(text: &str) -> (bool, &str) {
    let mut s = text.trim();
    let (mut negative, mut signed, mut currency) = (false, false, false);
    loop {
        let mut changed = false;
        if !currency {
            if let Some(rest) = strip_currency(s) {
                (s, currency, changed) = (rest.trim(), true, true);
            }
        }
        if !signed {
            if let Some((is_negative, rest)) = strip_sign(s) {
                (s, negative, signed, changed) = (rest.trim(), is_negative, true, true);
            }
        }
        if !changed {
            return (negative, s);
        }
    }
}

/// `s` without one currency sign or code at its start or end.
fn strip_currency(s: &str) -> Option<&str> {
    CURRENCIES.iter().find_map(|code| {
        let n = code.len();
        let starts = s.get(..n).is_some_and(|p| p.eq_ignore_ascii_case(code));
        let ends = s.len() >= n
            && s.get(s.len() - n..)
                .is_some_and(|p| p.eq_ignore_ascii_case(code));
        if starts {
            s.get(n..)
        } else if ends {
            s.get(..s.len() - n)
        } else {
            None
        }
    })
}

/// `s` without one sign (`-`, `−`, `+` before, `-`, `−` after, or enclosing
/// parentheses), and whether that sign is negative.
fn strip_sign(s: &str) -> Option<(bool, &str)> {
    const MINUS: [char; 2] = ['-', '\u{2212}'];
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some((true, inner))
    } else if let Some(rest) = s.strip_prefix(MINUS).or_else(|| s.strip_suffix(MINUS)) {
        Some((true, rest))
    } else {
        s.strip_prefix('+').map(|rest| (false, rest))
    }
}

/// Characters that may separate thousands under `mark`, besides the other mark.
const GROUP_SPACES: [char; 6] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\'', '\u{2019}'];

/// An unsigned amount without currency, `digits[<grouping>][<mark>digits]`.
fn read_unsigned(core: &str, mark: DecimalMark) -> Option<f64> {
    let (integer, fraction) = match core.split_once(mark.as_char()) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (core, None),
    };
    let mut plain = String::with_capacity(core.len() + 1);
    let mut separator: Option<char> = None;
    let mut group = 0usize;
    for c in integer.chars() {
        if c.is_ascii_digit() {
            plain.push(c);
            group += 1;
        } else if c == mark.grouping_char() || GROUP_SPACES.contains(&c) {
            let in_place = match separator {
                None => (1..=3).contains(&group) && !integer.starts_with('0'),
                Some(first) => first == c && group == 3,
            };
            if !in_place {
                return None;
            }
            (separator, group) = (Some(c), 0);
        } else {
            return None;
        }
    }
    if plain.is_empty() || (separator.is_some() && group != 3) {
        return None;
    }
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(fraction);
    }
    let value: f64 = plain.parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::DecimalMark::{Comma, Point};
    use super::*;

    #[test]
    fn typed_numbers_take_either_decimal_mark_and_nothing_else() {
        assert_eq!(parse_decimal(" 12,5 "), Some(12.5));
        assert_eq!(parse_decimal("12.5"), Some(12.5));
        assert_eq!(parse_decimal("-3"), Some(-3.0));
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("1.234,5"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("12 €"), None);
    }

    #[test]
    fn point_amounts_read_with_and_without_thousands_separators() {
        assert_eq!(parse_amount("1234.56", Point), Some(1234.56));
        assert_eq!(parse_amount("1,234.56", Point), Some(1234.56));
        assert_eq!(parse_amount("1,234,567.8", Point), Some(1_234_567.8));
        assert_eq!(parse_amount("1 234.56", Point), Some(1234.56));
        assert_eq!(parse_amount("1'234.56", Point), Some(1234.56));
        assert_eq!(parse_amount("1’234’567.50", Point), Some(1_234_567.5));
        assert_eq!(parse_amount("0.5", Point), Some(0.5));
        assert_eq!(parse_amount("12.5", Point), Some(12.5));
        assert_eq!(parse_amount("1,234", Point), Some(1234.0));
        assert_eq!(parse_amount("1.234", Point), Some(1.234));
    }

    #[test]
    fn comma_amounts_read_with_and_without_thousands_separators() {
        assert_eq!(parse_amount("1234,56", Comma), Some(1234.56));
        assert_eq!(parse_amount("1.234,56", Comma), Some(1234.56));
        assert_eq!(parse_amount("1.234.567,8", Comma), Some(1_234_567.8));
        assert_eq!(parse_amount("1 234,56", Comma), Some(1234.56));
        assert_eq!(parse_amount("1\u{a0}234,56", Comma), Some(1234.56));
        assert_eq!(
            parse_amount("1\u{202f}234\u{202f}567,56", Comma),
            Some(1_234_567.56)
        );
        assert_eq!(parse_amount("1'234,56", Comma), Some(1234.56));
        assert_eq!(parse_amount("0,5", Comma), Some(0.5));
        assert_eq!(parse_amount("1.234", Comma), Some(1234.0));
        assert_eq!(parse_amount("1,234", Comma), Some(1.234));
    }

    #[test]
    fn plain_integers_read_the_same_under_both_marks() {
        for mark in [Point, Comma] {
            assert_eq!(parse_amount("1234", mark), Some(1234.0));
            assert_eq!(parse_amount("0", mark), Some(0.0));
            assert_eq!(parse_amount("007", mark), Some(7.0));
            assert_eq!(parse_amount(" 42 ", mark), Some(42.0));
        }
    }

    #[test]
    fn currency_signs_and_codes_stand_before_or_after_with_or_without_space() {
        for text in [
            "12,50 €",
            "12,50€",
            "€12,50",
            "€ 12,50",
            "EUR 12,50",
            "12,50 EUR",
            "12,50eur",
            "CHF 12,50",
            "12,50 GBP",
            "USD12,50",
            "$12,50",
            "£ 12,50",
        ] {
            assert_eq!(parse_amount(text, Comma), Some(12.5), "{text}");
        }
        assert_eq!(parse_amount("$1,234.56", Point), Some(1234.56));
        assert_eq!(parse_amount("1,234.56 USD", Point), Some(1234.56));
        assert_eq!(parse_amount("€ 1.234,56", Comma), Some(1234.56));
    }

    #[test]
    fn one_currency_at_most_and_only_known_ones() {
        assert_eq!(parse_amount("€12,50€", Comma), None);
        assert_eq!(parse_amount("EUR 12,50 €", Comma), None);
        assert_eq!(parse_amount("12,50 JPY", Comma), None);
        assert_eq!(parse_amount("12,50 Euro", Comma), None);
        assert_eq!(parse_amount("€", Comma), None);
    }

    #[test]
    fn negatives_in_each_style_with_currency_either_way() {
        for text in [
            "-12,00",
            "−12,00",
            "(12,00)",
            "12,00-",
            "12,00 −",
            "- 12,00",
        ] {
            assert_eq!(parse_amount(text, Comma), Some(-12.0), "{text}");
        }
        for text in [
            "-€12.00",
            "€-12.00",
            "(€12.00)",
            "€(12.00)",
            "(12.00 USD)",
            "12.00 $-",
            "-12.00 EUR",
        ] {
            assert_eq!(parse_amount(text, Point), Some(-12.0), "{text}");
        }
        assert_eq!(parse_amount("-1.234,56 €", Comma), Some(-1234.56));
        assert_eq!(parse_amount("+12,5", Comma), Some(12.5));
    }

    #[test]
    fn one_sign_at_most() {
        assert_eq!(parse_amount("--12", Point), None);
        assert_eq!(parse_amount("-12-", Point), None);
        assert_eq!(parse_amount("(-12)", Point), None);
        assert_eq!(parse_amount("+-12", Point), None);
        assert_eq!(parse_amount("(12", Point), None);
        assert_eq!(parse_amount("-", Point), None);
        assert_eq!(parse_amount("()", Point), None);
    }

    #[test]
    fn negative_zero_is_zero() {
        for text in ["-0", "-0,00", "(0,00)", "0,00-"] {
            let v = parse_amount(text, Comma).unwrap();
            assert_eq!(v, 0.0);
            assert!(v.is_sign_positive(), "{text}");
        }
    }

    #[test]
    fn thousands_separators_out_of_place_are_not_amounts() {
        assert_eq!(parse_amount("1.23,4", Comma), None);
        assert_eq!(parse_amount("12.34,5", Comma), None);
        assert_eq!(parse_amount("1.2345,6", Comma), None);
        assert_eq!(parse_amount("1234.567,8", Comma), None);
        assert_eq!(parse_amount("12,34.5", Point), None);
        assert_eq!(parse_amount("1,23", Point), None);
        assert_eq!(parse_amount("1,2345", Point), None);
        assert_eq!(parse_amount(",234.5", Point), None);
        assert_eq!(parse_amount("1,,234", Point), None);
        // A grouped number does not start with zero.
        assert_eq!(parse_amount("0,123", Point), None);
        assert_eq!(parse_amount("0.123", Comma), None);
        // One kind of separator throughout.
        assert_eq!(parse_amount("1 234.567,8", Comma), None);
        assert_eq!(parse_amount("1.234 567", Comma), None);
    }

    #[test]
    fn two_decimal_marks_or_a_bare_mark_are_not_amounts() {
        assert_eq!(parse_amount("1.234.56", Point), None);
        assert_eq!(parse_amount("1,234,56", Comma), None);
        assert_eq!(parse_amount("1,234.56", Comma), None);
        assert_eq!(parse_amount("1.234,56", Point), None);
        assert_eq!(parse_amount("12.", Point), None);
        assert_eq!(parse_amount(".5", Point), None);
        assert_eq!(parse_amount(",5", Comma), None);
    }

    #[test]
    fn empty_and_garbage_are_not_amounts() {
        for text in [
            "", "   ", "abc", "12a", "1e3", "inf", "NaN", "0x10", "12 34 5", "12,5%", "n/a",
        ] {
            assert_eq!(parse_amount(text, Point), None, "{text}");
            assert_eq!(parse_amount(text, Comma), None, "{text}");
        }
    }

    #[test]
    fn results_are_finite() {
        let huge = "9".repeat(400);
        assert_eq!(parse_amount(&huge, Point), None);
        assert_eq!(
            parse_amount(&format!("1{}", "0".repeat(300)), Point),
            Some(1e300)
        );
    }

    #[test]
    fn a_comma_with_other_than_three_digits_after_it_proves_comma() {
        for column in [
            ["12,5", "1.234"],
            ["12,50", "3"],
            ["1,2345", ""],
            ["1.234,56", "1,234"],
        ] {
            assert_eq!(
                decide_decimal_mark(column),
                MarkDecision::Decided(Comma),
                "{column:?}"
            );
        }
        assert_eq!(decide_decimal_mark(["0,123"]), MarkDecision::Decided(Comma));
        assert_eq!(
            decide_decimal_mark(["€ 1.234,00", "(12,00)"]),
            MarkDecision::Decided(Comma)
        );
    }

    #[test]
    fn a_point_with_other_than_three_digits_after_it_proves_point() {
        for column in [
            ["12.5", "1,234"],
            ["12.50", "3"],
            ["1,234.56", "1.234"],
            ["1,234,567", "7"],
        ] {
            assert_eq!(
                decide_decimal_mark(column),
                MarkDecision::Decided(Point),
                "{column:?}"
            );
        }
        assert_eq!(
            decide_decimal_mark(["$1,234.00", "12.00-"]),
            MarkDecision::Decided(Point)
        );
    }

    #[test]
    fn three_digits_after_one_separator_alone_are_ambiguous() {
        assert_eq!(decide_decimal_mark(["1,234"]), MarkDecision::Ambiguous);
        assert_eq!(
            decide_decimal_mark(["1.234", "5.678", "12"]),
            MarkDecision::Ambiguous
        );
        assert_eq!(
            decide_decimal_mark(["1.234", "5,678"]),
            MarkDecision::Ambiguous
        );
    }

    #[test]
    fn a_column_of_integers_is_read_as_point_since_any_mark_reads_it() {
        assert_eq!(
            decide_decimal_mark(["12", "1234", "-5", "1 234"]),
            MarkDecision::Decided(Point)
        );
    }

    #[test]
    fn both_marks_proven_is_ambiguous() {
        assert_eq!(
            decide_decimal_mark(["12,50", "12.50"]),
            MarkDecision::Ambiguous
        );
        assert_eq!(
            decide_decimal_mark(["1,5", "2,5", "3,5", "4.5"]),
            MarkDecision::Ambiguous
        );
    }

    #[test]
    fn a_column_of_mostly_text_is_not_numbers() {
        assert_eq!(
            decide_decimal_mark(["a", "b", "12,5"]),
            MarkDecision::NotNumbers
        );
        assert_eq!(
            decide_decimal_mark(Vec::<&str>::new()),
            MarkDecision::NotNumbers
        );
        assert_eq!(decide_decimal_mark(["", "  "]), MarkDecision::NotNumbers);
        // Half is enough; empty cells do not count.
        assert_eq!(
            decide_decimal_mark(["a", "12,5", "", ""]),
            MarkDecision::Decided(Comma)
        );
    }

    #[test]
    fn the_decision_comes_from_the_whole_column_not_the_first_rows() {
        let mut column = vec!["1.234"; 50];
        column.push("9,99");
        assert_eq!(
            decide_decimal_mark(column.iter().copied()),
            MarkDecision::Decided(Comma)
        );
        // And under that mark, the ambiguous rows are thousands.
        assert_eq!(parse_amount(column[0], Comma), Some(1234.0));
    }

    #[test]
    fn decimal_marks_serialize_in_kebab_case() {
        assert_eq!(serde_json::to_string(&Point).unwrap(), "\"point\"");
        assert_eq!(
            serde_json::from_str::<DecimalMark>("\"comma\"").unwrap(),
            Comma
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// `cents` written as an amount under `mark`, with the chosen
        /// thousands separator (or none), decimals, currency and negative style.
        fn write(cents: i64, mark: DecimalMark, style: &Style) -> String {
            let units = (cents.unsigned_abs() / 100).to_string();
            let hundredths = cents.unsigned_abs() % 100;
            let mut integer = String::new();
            for (i, c) in units.chars().enumerate() {
                if i > 0 && (units.len() - i) % 3 == 0 {
                    if let Some(separator) = style.separator(mark) {
                        integer.push(separator);
                    }
                }
                integer.push(c);
            }
            let mark = mark.as_char();
            let number = match style.decimals {
                0 if hundredths == 0 => integer,
                1 if hundredths % 10 == 0 => format!("{integer}{mark}{}", hundredths / 10),
                _ => format!("{integer}{mark}{hundredths:02}"),
            };
            let space = if style.currency_space { " " } else { "" };
            let with_currency = match style.currency {
                None => number,
                Some((code, true)) => format!("{code}{space}{number}"),
                Some((code, false)) => format!("{number}{space}{code}"),
            };
            if cents >= 0 {
                return with_currency;
            }
            match style.negative {
                0 => format!("-{with_currency}"),
                1 => format!("\u{2212}{with_currency}"),
                2 => format!("({with_currency})"),
                _ => format!("{with_currency}-"),
            }
        }

        #[derive(Debug, Clone)]
        struct Style {
            /// Index into the separators; past their end, none.
            separator: usize,
            decimals: u8,
            currency: Option<(&'static str, bool)>,
            currency_space: bool,
            negative: u8,
        }

        impl Style {
            fn separator(&self, mark: DecimalMark) -> Option<char> {
                let other = if mark == DecimalMark::Point { ',' } else { '.' };
                [other, ' ', '\u{a0}', '\u{202f}', '\'']
                    .get(self.separator)
                    .copied()
            }
        }

        fn style() -> impl Strategy<Value = Style> {
            (
                0usize..7,
                0u8..3,
                proptest::option::of((
                    proptest::sample::select(CURRENCIES.to_vec()),
                    any::<bool>(),
                )),
                any::<bool>(),
                0u8..4,
            )
                .prop_map(
                    |(separator, decimals, currency, currency_space, negative)| Style {
                        separator,
                        decimals,
                        currency,
                        currency_space,
                        negative,
                    },
                )
        }

        fn mark() -> impl Strategy<Value = DecimalMark> {
            prop_oneof![Just(DecimalMark::Point), Just(DecimalMark::Comma)]
        }

        fn as_cents(v: f64) -> i64 {
            (v * 100.0).round() as i64
        }

        proptest! {
            #[test]
            fn amounts_written_in_either_convention_read_back_exactly(
                cents in -100_000_000_000i64..=100_000_000_000,
                mark in mark(),
                style in style(),
            ) {
                let text = write(cents, mark, &style);
                let read = parse_amount(&text, mark);
                prop_assert_eq!(read.map(as_cents), Some(cents), "{}", text);
            }

            #[test]
            fn a_column_with_two_decimals_somewhere_is_decided_for_its_mark(
                column in proptest::collection::vec((-100_000_000_000i64..=100_000_000_000, style()), 1..30),
                proving in -100_000_000_000i64..=100_000_000_000,
                at in any::<proptest::sample::Index>(),
                mark in mark(),
            ) {
                let mut texts: Vec<String> = column.iter().map(|(c, s)| write(*c, mark, s)).collect();
                // A value with two decimals is read under one mark only.
                let two_decimals = Style { separator: 0, decimals: 2, currency: None, currency_space: false, negative: 0 };
                texts.insert(at.index(texts.len() + 1), write(proving, mark, &two_decimals));
                prop_assert_eq!(decide_decimal_mark(texts.iter().map(String::as_str)), MarkDecision::Decided(mark));
                for text in &texts {
                    prop_assert!(parse_amount(text, mark).is_some(), "{}", text);
                }
            }
        }
    }
}
