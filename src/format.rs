//! Locale formats for numbers, money and dates (German and English).

use crate::lang::Lang;
use chrono::NaiveDate;

/// `x` with `decimals` decimals and thousands grouping: `1,234.56` or `1.234,56`.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let (group, point) = match lang {
        Lang::En => (',', '.'),
        Lang::De => ('.', ','),
    };
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 2);
    // "-0.00" is shown as "0.00"
    if x < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A whole count with grouping: `12,345` or `12.345`.
/// A number as short as it is exact (`2.5`, `0.142857…` in full), with the
/// language's decimal mark and no grouping: for echoing a value a file held.
pub fn plain_number(x: f64, lang: Lang) -> String {
    let text = x.to_string();
    match lang {
        Lang::En => text,
        Lang::De => text.replace('.', ","),
    }
}

pub fn count(n: usize, lang: Lang) -> String {
    number(n as f64, 0, lang)
}

/// An amount of money in the workspace currency: `€1,234.56` or `1.234,56 €`.
pub fn money(x: f64, currency: &str, lang: Lang) -> String {
    money_to(x, 2, currency, lang)
}

/// An amount to the whole unit (`€1,235`), for figures kept to the whole unit.
pub fn money_whole(x: f64, currency: &str, lang: Lang) -> String {
    money_to(x, 0, currency, lang)
}

fn money_to(x: f64, decimals: usize, currency: &str, lang: Lang) -> String {
    let n = number(x, decimals, lang);
    match lang {
        Lang::En => match n.strip_prefix('−') {
            Some(rest) => format!("−{currency}{rest}"),
            None => format!("{currency}{n}"),
        },
        Lang::De => format!("{n}\u{a0}{currency}"),
    }
}

/// A date: ISO `2024-12-31` in English, `31.12.2024` in German.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%Y-%m-%d").to_string(),
        Lang::De => d.format("%d.%m.%Y").to_string(),
    }
}

/// A KPI value in its unit: money, a count of customers, a percentage or a number.
pub fn kpi_value(x: f64, unit: crate::clv::goals::KpiUnit, currency: &str, lang: Lang) -> String {
    use crate::clv::goals::KpiUnit;
    match unit {
        KpiUnit::Money => money(x, currency, lang),
        KpiUnit::Customers => number(x, 0, lang),
        KpiUnit::Share => percent(x, 1, lang),
        KpiUnit::Number => number(x, 2, lang),
    }
}

/// A share as a percentage: `12.5 %`-style with a non-breaking space in German, `12.5%` in English.
pub fn percent(share: f64, decimals: usize, lang: Lang) -> String {
    let n = number(share * 100.0, decimals, lang);
    match lang {
        Lang::En => format!("{n}%"),
        Lang::De => format!("{n}\u{a0}%"),
    }
}

/// A change in money with its sign always shown: `+€12.00`, `−€5.00`, `€0.00`.
pub fn signed_money(x: f64, currency: &str, lang: Lang) -> String {
    with_sign(x, money(x.abs(), currency, lang))
}

/// A change as a whole percentage with its sign always shown: `+12%`, `−5%`, `0%`.
pub fn signed_percent(x: f64, lang: Lang) -> String {
    with_sign(x, percent(x.abs(), 0, lang))
}

/// `magnitude`, the formatted absolute value of `x`, after `x`'s sign: `+` above
/// zero, `−` below, none at zero (or for NaN).
fn with_sign(x: f64, magnitude: String) -> String {
    if x > 0.0 {
        format!("+{magnitude}")
    } else if x < 0.0 {
        format!("−{magnitude}")
    } else {
        magnitude
    }
}

/// A size in bytes, for messages: `4.2 MB`.
pub fn bytes(n: u64, lang: Lang) -> String {
    if n >= 1_000_000_000 {
        format!("{}\u{a0}GB", number(n as f64 / 1e9, 1, lang))
    } else if n >= 1_000_000 {
        format!("{}\u{a0}MB", number(n as f64 / 1e6, 1, lang))
    } else {
        format!("{}\u{a0}kB", number(n as f64 / 1e3, 0, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_and_use_the_locale_decimal_mark() {
        assert_eq!(number(1234.56, 2, Lang::En), "1,234.56");
        assert_eq!(number(1234.56, 2, Lang::De), "1.234,56");
        assert_eq!(number(1234567.0, 0, Lang::De), "1.234.567");
        assert_eq!(number(999.0, 0, Lang::En), "999");
        assert_eq!(number(-1234.5, 1, Lang::En), "−1,234.5");
        assert_eq!(number(-0.001, 2, Lang::En), "0.00");
        assert_eq!(number(0.125, 2, Lang::En), "0.12"); // round half to even of the binary value
        assert_eq!(number(f64::NAN, 2, Lang::En), "–");
        assert_eq!(count(100_000, Lang::En), "100,000");
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(1234.5, "€", Lang::En), "€1,234.50");
        assert_eq!(money(-3.0, "€", Lang::En), "−€3.00");
        assert_eq!(money(1234.5, "€", Lang::De), "1.234,50\u{a0}€");
    }

    #[test]
    fn signed_changes_always_show_their_sign() {
        assert_eq!(signed_money(12.0, "€", Lang::En), "+€12.00");
        assert_eq!(signed_money(-5.0, "€", Lang::En), "−€5.00");
        assert_eq!(signed_money(-1234.5, "€", Lang::De), "−1.234,50\u{a0}€");
        assert_eq!(signed_money(0.0, "€", Lang::En), "€0.00");
        assert_eq!(signed_percent(0.12, Lang::En), "+12%");
        assert_eq!(signed_percent(-0.05, Lang::De), "−5\u{a0}%");
        assert_eq!(signed_percent(0.0, Lang::En), "0%");
        // The sign follows the value, even where the rounded magnitude is zero.
        assert_eq!(signed_percent(0.001, Lang::En), "+0%");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(date(d, Lang::En), "2024-12-31");
        assert_eq!(date(d, Lang::De), "31.12.2024");
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(bytes(4_200_000, Lang::En), "4.2\u{a0}MB");
        assert_eq!(bytes(4_200_000, Lang::De), "4,2\u{a0}MB");
        assert_eq!(bytes(12_345, Lang::En), "12\u{a0}kB");
        assert_eq!(bytes(4_295_000_000, Lang::De), "4,3\u{a0}GB");
    }

    #[test]
    fn whole_amounts_have_no_cents() {
        assert_eq!(money_whole(1234.6, "€", Lang::En), "€1,235");
        assert_eq!(money_whole(-1234.4, "€", Lang::De), "−1.234\u{a0}€");
    }
}
