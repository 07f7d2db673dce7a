//! Special functions the models need beyond `statrs` (which gives ln Γ, ln B, ψ).
//!
//! The Gauss hypergeometric function 2F1 is summed as its power series
//! (Abramowitz & Stegun 15.1.1) with the argument kept in [0, 1): a negative
//! argument is first mapped there by Pfaff's transformation (A&S 15.3.5),
//! `2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1))`.
//! The series stops when a term no longer changes the sum, or after
//! [`HYP2F1_MAX_TERMS`] terms.

/// The most terms the 2F1 series sums before giving up.
pub const HYP2F1_MAX_TERMS: usize = 1_000_000;

/// Why 2F1 could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum Hyp2f1Error {
    #[error("2F1 is evaluated for z < 1 only (z = {0})")]
    OutOfDomain(f64),
    #[error("2F1 is undefined for c = {0} (zero or a negative integer)")]
    PoleInC(f64),
    #[error("the 2F1 series did not converge within its term limit")]
    NoConvergence,
    #[error("2F1 overflowed or an argument is not a number")]
    NotFinite,
}

/// Gauss's hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    if !(a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite()) {
        return Err(Hyp2f1Error::NotFinite);
    }
    if z >= 1.0 {
        return Err(Hyp2f1Error::OutOfDomain(z));
    }
    if c <= 0.0 && c.fract() == 0.0 {
        return Err(Hyp2f1Error::PoleInC(c));
    }
    if z < 0.0 {
        let w = z / (z - 1.0);
        let series = hyp2f1_series(a, c - b, c, w)?;
        let value = (1.0 - z).powf(-a) * series;
        return if value.is_finite() {
            Ok(value)
        } else {
            Err(Hyp2f1Error::NotFinite)
        };
    }
    hyp2f1_series(a, b, c, z)
}

/// The power series for 0 ≤ z < 1.
fn hyp2f1_series(a: f64, b: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 0..HYP2F1_MAX_TERMS {
        let k = k as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        let next = sum + term;
        if !next.is_finite() {
            return Err(Hyp2f1Error::NotFinite);
        }
        // A terminating series (a or b a non-positive integer) reaches term = 0.
        if next == sum && (term == 0.0 || k > 2.0 * (a.abs() + b.abs()).min(1e6)) {
            return Ok(next);
        }
        sum = next;
    }
    Err(Hyp2f1Error::NoConvergence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn closed_forms() {
        for z in [-20.0f64, -3.5, -0.5, 0.0, 0.1, 0.5, 0.9, 0.99] {
            // 2F1(1, 1; 2; z) = −ln(1 − z) / z
            let expected = if z == 0.0 { 1.0 } else { -(1.0 - z).ln() / z };
            assert!(
                close(hyp2f1(1.0, 1.0, 2.0, z).unwrap(), expected, 1e-13),
                "z = {z}"
            );
            // 2F1(a, b; b; z) = (1 − z)^(−a)
            assert!(
                close(
                    hyp2f1(2.5, 1.7, 1.7, z).unwrap(),
                    (1.0 - z).powf(-2.5),
                    1e-13
                ),
                "z = {z}"
            );
        }
        // A terminating series: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
        let (b, c, z) = (3.0, 5.0, 0.4);
        let expected = 1.0 - 2.0 * b * z / c + b * (b + 1.0) * z * z / (c * (c + 1.0));
        assert!(close(hyp2f1(-2.0, b, c, z).unwrap(), expected, 1e-14));
    }

    #[test]
    fn domain_errors() {
        assert_eq!(
            hyp2f1(1.0, 1.0, 2.0, 1.0),
            Err(Hyp2f1Error::OutOfDomain(1.0))
        );
        assert_eq!(hyp2f1(1.0, 1.0, -3.0, 0.5), Err(Hyp2f1Error::PoleInC(-3.0)));
        assert_eq!(hyp2f1(f64::NAN, 1.0, 2.0, 0.5), Err(Hyp2f1Error::NotFinite));
    }
}
