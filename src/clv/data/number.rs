//! Numbers as a person types them into a field: `12.5` or `12,5`.

/// A number typed into a number field: `12.5` or `12,5`, spaces around
/// ignored; `None` for anything else, including infinities and NaN.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.trim().replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
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
}
