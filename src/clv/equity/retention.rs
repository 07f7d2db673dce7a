//! Retention-based customer lifetime value.
//!
//! The simple CLV of Gupta & Lehmann (2003), "Customers as assets", *Journal
//! of Interactive Marketing* 17(1), 9–24, as used for customer equity by
//! Gupta, Lehmann & Stuart (2004), "Valuing Customers", *Journal of Marketing
//! Research* 41(1), 7–18: a customer acquired now stays from one period to the
//! next with probability `r` (the retention rate) and, in every period `t` it
//! survives, brings a margin `m (1+g)^(t−1)` at the END of that period,
//! discounted at the rate `i` per period:
//!
//! ```text
//! CLV = Σ_{t=1..T} m (1+g)^(t−1) rᵗ / (1+i)ᵗ
//!     = m r / (1 + i − r(1+g)) · [1 − qᵀ],   q = r(1+g)/(1+i)
//!     = T m r / (1+i)                            if q = 1,
//! ```
//!
//! and over an infinite horizon `m r / (1 + i − r(1+g))`, which needs
//! `r(1+g) < 1+i`; with constant margins (`g = 0`) it is the familiar
//! `m · r/(1+i−r)`, the "margin multiple" `r/(1+i−r)` times the margin.
//! (With margins at the START of each period instead, every value would be
//! `(1+i)/r` times larger.) Acquisition costs are not subtracted here.

use serde::{Deserialize, Serialize};

/// What the retention-based CLV is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RetentionInputs {
    /// Margin per customer and period (money), earned at the end of each period survived.
    pub margin: f64,
    /// Share of customers retained from one period to the next, in [0, 1).
    pub retention: f64,
    /// Discount rate per period (e.g. 0.1).
    pub discount: f64,
    /// Growth of the margin per period (0 for constant margins): period t earns m (1+g)^(t−1).
    pub growth: f64,
    /// Periods counted (None: infinite horizon).
    pub periods: Option<u32>,
}

/// Why a retention-based CLV cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum RetentionError {
    /// The named input (`"margin"`, `"retention"`, `"discount"`, `"growth"`),
    /// or the result (`"clv"`, a finite horizon whose value overflows), is not
    /// a finite number.
    #[error("{0} is not a finite number")]
    NotFinite(&'static str),
    #[error("the retention rate must be at least 0 and below 1, found {0}")]
    RetentionOutOfRange(f64),
    #[error("the discount rate must not be negative, found {0}")]
    NegativeDiscount(f64),
    /// Margins cannot shrink by more than 100% per period.
    #[error("the margin growth must be at least −100%, found {0}")]
    GrowthOutOfRange(f64),
    /// Over an infinite horizon the sum diverges when `r(1+g) ≥ 1+i`.
    #[error(
        "with retention {retention} and margin growth {growth} the value grows faster than \
         the discount rate {discount}: an infinite horizon has no finite value"
    )]
    Diverges {
        retention: f64,
        growth: f64,
        discount: f64,
    },
}

/// The retention-based CLV (see the module documentation):
/// `Σ_{t=1..T} m (1+g)^(t−1) rᵗ / (1+i)ᵗ`; infinite horizon
/// `m r / (1 + i − r(1+g))`; finite horizon in closed form
/// `m r/(1+i−r(1+g)) · [1 − (r(1+g)/(1+i))ᵀ]`, or `T m r/(1+i)` when
/// `r(1+g) = 1+i`. Zero periods are worth 0.
///
/// Errors, checked in this order: a non-finite input ([`RetentionError::NotFinite`]),
/// `r` outside `[0, 1)`, `i < 0`, `g < −1`, an infinite horizon with
/// `r(1+g) ≥ 1+i` ([`RetentionError::Diverges`]), and a finite-horizon value
/// too large for `f64` (`NotFinite("clv")`). Negative margins are allowed.
pub fn retention_clv(inputs: &RetentionInputs) -> Result<f64, RetentionError> {
    let RetentionInputs {
        margin: m,
        retention: r,
        discount: i,
        growth: g,
        periods,
    } = *inputs;
    for (name, value) in [
        ("margin", m),
        ("retention", r),
        ("discount", i),
        ("growth", g),
    ] {
        if !value.is_finite() {
            return Err(RetentionError::NotFinite(name));
        }
    }
    if !(0.0..1.0).contains(&r) {
        return Err(RetentionError::RetentionOutOfRange(r));
    }
    if i < 0.0 {
        return Err(RetentionError::NegativeDiscount(i));
    }
    if g < -1.0 {
        return Err(RetentionError::GrowthOutOfRange(g));
    }
    let kept = r * (1.0 + g);
    let value = match periods {
        None => {
            if kept >= 1.0 + i {
                return Err(RetentionError::Diverges {
                    retention: r,
                    growth: g,
                    discount: i,
                });
            }
            m * r / (1.0 + i - kept)
        }
        Some(t) => m * r / (1.0 + i) * geometric_sum(kept / (1.0 + i), t),
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(RetentionError::NotFinite("clv"))
    }
}

/// `Σ_{k=0..n−1} qᵏ` for `q ≥ 0`, accurate also for `q` close to 1:
/// `(qⁿ − 1)/(q − 1) = expm1(n ln q) / expm1(ln q)`.
fn geometric_sum(q: f64, n: u32) -> f64 {
    if n == 0 {
        0.0
    } else if q == 1.0 {
        f64::from(n)
    } else if q == 0.0 {
        1.0
    } else {
        let lq = q.ln();
        (f64::from(n) * lq).exp_m1() / lq.exp_m1()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(margin: f64, retention: f64, discount: f64) -> RetentionInputs {
        RetentionInputs {
            margin,
            retention,
            discount,
            growth: 0.0,
            periods: None,
        }
    }

    /// The definition, term by term.
    fn explicit_sum(x: &RetentionInputs, periods: u32) -> f64 {
        (1..=periods)
            .map(|t| {
                let t = t as i32;
                x.margin * (1.0 + x.growth).powi(t - 1) * x.retention.powi(t)
                    / (1.0 + x.discount).powi(t)
            })
            .sum()
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1.0)
    }

    #[test]
    fn infinite_horizon_hand_computed() {
        // 100 · 0.8 / (1.1 − 0.8) = 80 / 0.3
        let v = retention_clv(&inputs(100.0, 0.8, 0.1)).unwrap();
        assert!(close(v, 266.666_666_666_666_7, 1e-12), "{v}");
    }

    #[test]
    fn three_periods_hand_computed() {
        // 100 · (0.8/1.1 + 0.64/1.21 + 0.512/1.331)
        //   = 100 · (0.727272727 + 0.528925620 + 0.384673178) = 164.0871525
        let x = RetentionInputs {
            periods: Some(3),
            ..inputs(100.0, 0.8, 0.1)
        };
        let v = retention_clv(&x).unwrap();
        let expected = 100.0 * (0.8 / 1.1 + 0.64 / 1.21 + 0.512 / 1.331);
        assert!(close(v, expected, 1e-12), "{v} vs {expected}");
        assert!(close(v, 164.087_152_5, 1e-9), "{v}");
    }

    #[test]
    fn growth_hand_computed() {
        // 100 · 0.8 / (1.1 − 0.8 · 1.05) = 80 / 0.26
        let x = RetentionInputs {
            growth: 0.05,
            ..inputs(100.0, 0.8, 0.1)
        };
        let v = retention_clv(&x).unwrap();
        assert!(close(v, 80.0 / 0.26, 1e-12), "{v}");
        assert!(close(v, 307.692_307_692_3, 1e-12), "{v}");
        // Two periods: 100 · 0.8/1.1 + 105 · 0.64/1.21 = 72.7272727 + 55.5371901
        let two = retention_clv(&RetentionInputs {
            periods: Some(2),
            ..x
        })
        .unwrap();
        assert!(close(two, 128.264_462_8, 1e-9), "{two}");
    }

    #[test]
    fn closed_form_equals_explicit_sum() {
        let cases = [
            inputs(100.0, 0.8, 0.1),
            inputs(-40.0, 0.3, 0.0),
            inputs(55.5, 0.95, 0.01),
            RetentionInputs {
                growth: 0.2,
                ..inputs(10.0, 0.9, 0.05)
            },
            // q just below and just above 1
            RetentionInputs {
                growth: 0.3,
                ..inputs(10.0, 0.8, 0.04)
            },
            RetentionInputs {
                growth: 0.3,
                ..inputs(10.0, 0.8, 0.0399)
            },
            RetentionInputs {
                growth: -0.5,
                ..inputs(10.0, 0.7, 0.1)
            },
            RetentionInputs {
                growth: -1.0,
                ..inputs(10.0, 0.7, 0.1)
            },
            inputs(10.0, 0.0, 0.1),
        ];
        for x in cases {
            for t in [0, 1, 2, 3, 7, 20, 60] {
                let v = retention_clv(&RetentionInputs {
                    periods: Some(t),
                    ..x
                })
                .unwrap();
                let e = explicit_sum(&x, t);
                assert!(close(v, e, 1e-11), "{x:?} T={t}: {v} vs {e}");
            }
        }
    }

    #[test]
    fn retention_times_growth_equal_to_discount_factor() {
        // r(1+g) = 0.5 · 2 = 1 = 1 + i: every period is worth m r/(1+i) = 50.
        let x = RetentionInputs {
            growth: 1.0,
            periods: Some(4),
            ..inputs(100.0, 0.5, 0.0)
        };
        assert_eq!(retention_clv(&x).unwrap(), 200.0);
        assert!(close(explicit_sum(&x, 4), 200.0, 1e-12));
        assert_eq!(
            retention_clv(&RetentionInputs { periods: None, ..x }),
            Err(RetentionError::Diverges {
                retention: 0.5,
                growth: 1.0,
                discount: 0.0
            })
        );
    }

    #[test]
    fn finite_horizon_tends_to_infinite() {
        for x in [
            inputs(100.0, 0.8, 0.1),
            RetentionInputs {
                growth: 0.05,
                ..inputs(100.0, 0.8, 0.1)
            },
            inputs(20.0, 0.97, 0.01),
        ] {
            let infinite = retention_clv(&x).unwrap();
            let mut previous = 0.0;
            for t in [1, 5, 10, 50, 200, 2000] {
                let v = retention_clv(&RetentionInputs {
                    periods: Some(t),
                    ..x
                })
                .unwrap();
                // Rising towards the infinite value (equal to it within
                // rounding once qᵀ is negligible).
                assert!(v >= previous, "{x:?} T={t}: {v} < {previous}");
                assert!(v <= infinite * (1.0 + 1e-14), "{x:?} T={t}: {v}");
                previous = v;
            }
            let gap = (infinite - previous).abs();
            assert!(gap < 1e-9 * infinite, "{x:?}: gap {gap}");
        }
    }

    #[test]
    fn zero_periods_and_zero_retention_are_worth_nothing() {
        let x = RetentionInputs {
            periods: Some(0),
            ..inputs(100.0, 0.8, 0.1)
        };
        assert_eq!(retention_clv(&x).unwrap(), 0.0);
        assert_eq!(retention_clv(&inputs(100.0, 0.0, 0.1)).unwrap(), 0.0);
    }

    #[test]
    fn errors() {
        use RetentionError::*;
        let ok = inputs(100.0, 0.8, 0.1);
        let clv = |x: RetentionInputs| retention_clv(&x);
        assert_eq!(
            clv(RetentionInputs {
                retention: 1.0,
                ..ok
            }),
            Err(RetentionOutOfRange(1.0))
        );
        assert_eq!(
            clv(RetentionInputs {
                retention: 1.5,
                ..ok
            }),
            Err(RetentionOutOfRange(1.5))
        );
        assert_eq!(
            clv(RetentionInputs {
                retention: -0.1,
                ..ok
            }),
            Err(RetentionOutOfRange(-0.1))
        );
        assert_eq!(
            clv(RetentionInputs {
                margin: f64::NAN,
                ..ok
            }),
            Err(NotFinite("margin"))
        );
        assert_eq!(
            clv(RetentionInputs {
                retention: f64::NAN,
                ..ok
            }),
            Err(NotFinite("retention"))
        );
        assert_eq!(
            clv(RetentionInputs {
                discount: f64::INFINITY,
                ..ok
            }),
            Err(NotFinite("discount"))
        );
        assert_eq!(
            clv(RetentionInputs {
                growth: f64::NAN,
                ..ok
            }),
            Err(NotFinite("growth"))
        );
        assert_eq!(
            clv(RetentionInputs {
                discount: -0.01,
                ..ok
            }),
            Err(NegativeDiscount(-0.01))
        );
        assert_eq!(
            clv(RetentionInputs { growth: -1.5, ..ok }),
            Err(GrowthOutOfRange(-1.5))
        );
        // 0.8 · 1.5 = 1.2 ≥ 1.1
        assert_eq!(
            clv(RetentionInputs { growth: 0.5, ..ok }),
            Err(Diverges {
                retention: 0.8,
                growth: 0.5,
                discount: 0.1
            })
        );
        // The same inputs over a finite horizon are fine ...
        assert!(clv(RetentionInputs {
            growth: 0.5,
            periods: Some(10),
            ..ok
        })
        .unwrap()
        .is_finite());
        // ... unless the value overflows.
        assert_eq!(
            clv(RetentionInputs {
                growth: 1e6,
                periods: Some(100),
                ..ok
            }),
            Err(NotFinite("clv"))
        );
    }

    #[test]
    fn inputs_round_trip_through_json() {
        let x = RetentionInputs {
            growth: 0.05,
            periods: Some(12),
            ..inputs(100.0, 0.8, 0.1)
        };
        let json = serde_json::to_string(&x).unwrap();
        assert_eq!(serde_json::from_str::<RetentionInputs>(&json).unwrap(), x);
    }
}
