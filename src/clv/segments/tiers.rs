//! CLV tiers (the customer pyramid) and churn-risk bands.
//!
//! **Tiers** rank customers by lifetime value, highest first, and cut the
//! ranking at cumulative customer shares: by default the top 1%, the next 9%
//! (to 10%), the next 40% (to 50%) and the bottom 50%, the "customer pyramid"
//! of Zeithaml, Rust & Lemon (2001), "The customer pyramid: creating and
//! serving profitable customers". A share `s` of `n` customers is `⌈s·n⌉`
//! customers (so the top tier is never empty while there are customers), and
//! equal values are split by customer index, like the RFM quintiles.
//!
//! **Risk bands** cut P(alive) at fixed thresholds: below 0.3 high risk, from
//! 0.7 on low risk, medium in between.

use super::rfm::float_key;
use serde::{Deserialize, Serialize};

/// A customer's CLV tier (names as with the default cuts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClvTier {
    Top1,
    Next9,
    Next40,
    Bottom50,
}

impl ClvTier {
    /// All tiers, from the highest.
    pub const ALL: [ClvTier; 4] = [
        ClvTier::Top1,
        ClvTier::Next9,
        ClvTier::Next40,
        ClvTier::Bottom50,
    ];

    /// The name with the default cuts, e.g. "Top 1%"; see [`label`](Self::label) for others.
    pub fn name(self) -> &'static str {
        match self {
            ClvTier::Top1 => "Top 1%",
            ClvTier::Next9 => "Next 9%",
            ClvTier::Next40 => "Next 40%",
            ClvTier::Bottom50 => "Bottom 50%",
        }
    }

    /// The stable kebab-case key (as serialised), e.g. "next9".
    pub fn key(self) -> &'static str {
        match self {
            ClvTier::Top1 => "top1",
            ClvTier::Next9 => "next9",
            ClvTier::Next40 => "next40",
            ClvTier::Bottom50 => "bottom50",
        }
    }

    /// The name for these cuts, e.g. "Top 5%" or "Next 15%" (shares rounded to
    /// a tenth of a percent).
    pub fn label(self, cuts: &TierCuts) -> String {
        let c = cuts.sanitized();
        match self {
            ClvTier::Top1 => format!("Top {}%", percent(c.top)),
            ClvTier::Next9 => format!("Next {}%", percent(c.high - c.top)),
            ClvTier::Next40 => format!("Next {}%", percent(c.middle - c.high)),
            ClvTier::Bottom50 => format!("Bottom {}%", percent(1.0 - c.middle)),
        }
    }
}

/// A share as a percentage with at most one decimal: 0.09 → "9", 0.125 → "12.5".
fn percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// Where the tiers end, as cumulative shares of customers (highest CLV first).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TierCuts {
    /// End of the top tier (default 0.01).
    pub top: f64,
    /// End of the second tier (default 0.10).
    pub high: f64,
    /// End of the third tier (default 0.50); the rest is the bottom tier.
    pub middle: f64,
}

impl Default for TierCuts {
    fn default() -> Self {
        TierCuts {
            top: 0.01,
            high: 0.10,
            middle: 0.50,
        }
    }
}

/// Cut points that are not in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum CutsError {
    #[error("tier shares must satisfy 0 < top ≤ high ≤ middle ≤ 1, got {top}, {high}, {middle}")]
    Tiers { top: f64, high: f64, middle: f64 },
    #[error(
        "risk thresholds must satisfy 0 ≤ high-risk ≤ low-risk ≤ 1, got {high_below}, {low_from}"
    )]
    Risk { high_below: f64, low_from: f64 },
}

impl TierCuts {
    /// Checked cuts: `0 < top ≤ high ≤ middle ≤ 1`.
    pub fn new(top: f64, high: f64, middle: f64) -> Result<Self, CutsError> {
        let cuts = TierCuts { top, high, middle };
        cuts.validate()?;
        Ok(cuts)
    }

    /// Whether `0 < top ≤ high ≤ middle ≤ 1` (which rules out NaN).
    pub fn validate(&self) -> Result<(), CutsError> {
        let ok = 0.0 < self.top
            && self.top <= self.high
            && self.high <= self.middle
            && self.middle <= 1.0;
        if ok {
            Ok(())
        } else {
            Err(CutsError::Tiers {
                top: self.top,
                high: self.high,
                middle: self.middle,
            })
        }
    }

    /// The cuts clamped into order: each into `[previous, 1]` (NaN as the previous).
    fn sanitized(&self) -> TierCuts {
        let clamp = |x: f64, lo: f64| if x.is_nan() { lo } else { x.clamp(lo, 1.0) };
        let top = clamp(self.top, 0.0);
        let high = clamp(self.high, top);
        let middle = clamp(self.middle, high);
        TierCuts { top, high, middle }
    }
}

/// `⌈share · n⌉`, where a product within rounding error of a whole number
/// counts as that number (0.07 · 100 is 7, not 8).
fn customers_in(share: f64, n: usize) -> usize {
    let exact = share * n as f64;
    let whole = exact.round();
    let count = if (exact - whole).abs() <= 1e-9 * (n as f64).max(1.0) {
        whole
    } else {
        exact.ceil()
    };
    (count.max(0.0) as usize).min(n)
}

/// The tier of each customer, aligned with `clv`.
///
/// Customers are ranked by CLV, highest first, equal values by index (lower
/// first), values that are not a number last. The customer at 0-based rank `k`
/// of `n` is in [`ClvTier::Top1`] if `k < ⌈top·n⌉`, else in
/// [`ClvTier::Next9`] if `k < ⌈high·n⌉`, else in [`ClvTier::Next40`] if
/// `k < ⌈middle·n⌉`, else in [`ClvTier::Bottom50`]. So with the default cuts,
/// 100 customers split 1 / 9 / 40 / 50, 1,000 split 10 / 90 / 400 / 500 and
/// 7 split 1 / 0 / 3 / 3. Invalid cuts (see [`TierCuts::validate`]) are
/// clamped into order rather than rejected.
pub fn clv_tiers(clv: &[f64], cuts: &TierCuts) -> Vec<ClvTier> {
    let n = clv.len();
    let c = cuts.sanitized();
    let (top, high, middle) = (
        customers_in(c.top, n),
        customers_in(c.high, n),
        customers_in(c.middle, n),
    );
    // (reversed value, index) packed into one integer: highest value first.
    let mut order: Vec<u128> = clv
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let key = if v.is_nan() { 0 } else { float_key(v) };
            ((!key as u128) << 64) | i as u128
        })
        .collect();
    order.sort_unstable();
    let mut tiers = vec![ClvTier::Bottom50; n];
    for (k, &key) in order.iter().enumerate().take(middle) {
        tiers[key as u64 as usize] = if k < top {
            ClvTier::Top1
        } else if k < high {
            ClvTier::Next9
        } else {
            ClvTier::Next40
        };
    }
    tiers
}

/// How likely a customer is to have churned, from P(alive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskBand {
    High,
    Medium,
    Low,
}

impl RiskBand {
    /// All bands, from the highest risk.
    pub const ALL: [RiskBand; 3] = [RiskBand::High, RiskBand::Medium, RiskBand::Low];

    /// The English display name, e.g. "High risk".
    pub fn name(self) -> &'static str {
        match self {
            RiskBand::High => "High risk",
            RiskBand::Medium => "Medium risk",
            RiskBand::Low => "Low risk",
        }
    }

    /// The stable key (as serialised): "high", "medium" or "low".
    pub fn key(self) -> &'static str {
        match self {
            RiskBand::High => "high",
            RiskBand::Medium => "medium",
            RiskBand::Low => "low",
        }
    }
}

/// P(alive) thresholds of the risk bands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiskCuts {
    /// P(alive) below this is high risk (default 0.3).
    pub high_below: f64,
    /// P(alive) from this on is low risk (default 0.7).
    pub low_from: f64,
}

impl Default for RiskCuts {
    fn default() -> Self {
        RiskCuts {
            high_below: 0.3,
            low_from: 0.7,
        }
    }
}

impl RiskCuts {
    /// Checked thresholds: `0 ≤ high_below ≤ low_from ≤ 1`.
    pub fn new(high_below: f64, low_from: f64) -> Result<Self, CutsError> {
        let cuts = RiskCuts {
            high_below,
            low_from,
        };
        cuts.validate()?;
        Ok(cuts)
    }

    /// Whether `0 ≤ high_below ≤ low_from ≤ 1` (which rules out NaN).
    pub fn validate(&self) -> Result<(), CutsError> {
        if 0.0 <= self.high_below && self.high_below <= self.low_from && self.low_from <= 1.0 {
            Ok(())
        } else {
            Err(CutsError::Risk {
                high_below: self.high_below,
                low_from: self.low_from,
            })
        }
    }
}

/// The risk band of a P(alive): `P < high_below` high, `P ≥ low_from` low,
/// medium in between. The high band is tested first, so cuts out of order
/// give high then low; a P(alive) that is not a number is high risk (nothing
/// shows the customer alive).
pub fn risk_band(p_alive: f64, cuts: &RiskCuts) -> RiskBand {
    if p_alive.is_nan() || p_alive < cuts.high_below {
        RiskBand::High
    } else if p_alive >= cuts.low_from {
        RiskBand::Low
    } else {
        RiskBand::Medium
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(tiers: &[ClvTier]) -> [usize; 4] {
        let mut c = [0; 4];
        for &t in tiers {
            c[t as usize] += 1;
        }
        c
    }

    #[test]
    fn default_cuts_at_100_1000_and_7_customers() {
        let cuts = TierCuts::default();
        for (n, want) in [
            (100, [1, 9, 40, 50]),
            (1000, [10, 90, 400, 500]),
            (7, [1, 0, 3, 3]),
            (1, [1, 0, 0, 0]),
            (2, [1, 0, 0, 1]),
            (10, [1, 0, 4, 5]),
            (11, [1, 1, 4, 5]),
        ] {
            // Values in a scrambled order, all different.
            let clv: Vec<f64> = (0..n).map(|i| ((i * 7919) % n) as f64).collect();
            let tiers = clv_tiers(&clv, &cuts);
            assert_eq!(counts(&tiers), want, "n = {n}");
            for a in 0..n {
                for b in 0..n {
                    if clv[a] > clv[b] {
                        assert!(tiers[a] <= tiers[b], "higher CLV, no lower tier");
                    }
                }
            }
        }
        assert!(clv_tiers(&[], &cuts).is_empty());
    }

    #[test]
    fn ranks_by_value_and_splits_ties_by_index() {
        let cuts = TierCuts::default();
        // 7 customers: ranks by value 3 (90), 0 (50), 5 (50), 1 (40), 2, 6, 4.
        let clv = [50.0, 40.0, 10.0, 90.0, -5.0, 50.0, 0.0];
        use ClvTier::*;
        assert_eq!(
            clv_tiers(&clv, &cuts),
            [Next40, Next40, Bottom50, Top1, Bottom50, Next40, Bottom50]
        );
        // All equal: the first customers by index take the upper tiers.
        let tiers = clv_tiers(&[3.0; 100], &cuts);
        assert_eq!(tiers[0], Top1);
        assert!(tiers[1..10].iter().all(|&t| t == Next9));
        assert!(tiers[10..50].iter().all(|&t| t == Next40));
        assert!(tiers[50..].iter().all(|&t| t == Bottom50));
        // Not-a-number ranks last.
        assert_eq!(clv_tiers(&[f64::NAN, 1.0], &cuts), [Bottom50, Top1]);
    }

    #[test]
    fn custom_cuts_and_rounding_at_the_edges() {
        // 0.07 · 100 is 7 up to rounding, not 8.
        let cuts = TierCuts::new(0.07, 0.2, 0.6).unwrap();
        let clv: Vec<f64> = (0..100).map(|i| -(i as f64)).collect();
        assert_eq!(counts(&clv_tiers(&clv, &cuts)), [7, 13, 40, 40]);
        assert_eq!(
            ClvTier::ALL.map(|t| t.label(&cuts)),
            ["Top 7%", "Next 13%", "Next 40%", "Bottom 40%"]
        );
        assert_eq!(
            ClvTier::ALL.map(|t| t.label(&TierCuts::default())),
            ClvTier::ALL.map(|t| t.name().to_string())
        );
        assert_eq!(
            ClvTier::Top1.label(&TierCuts::new(0.125, 1.0, 1.0).unwrap()),
            "Top 12.5%"
        );
        // Everything in the top tier; equal cuts leave the tiers between empty.
        let all_top = TierCuts::new(1.0, 1.0, 1.0).unwrap();
        assert_eq!(counts(&clv_tiers(&clv, &all_top)), [100, 0, 0, 0]);
        let two = TierCuts::new(0.5, 0.5, 0.5).unwrap();
        assert_eq!(counts(&clv_tiers(&clv, &two)), [50, 0, 0, 50]);
    }

    #[test]
    fn tier_cuts_are_validated() {
        assert!(TierCuts::default().validate().is_ok());
        for (t, h, m) in [
            (0.0, 0.1, 0.5),
            (0.2, 0.1, 0.5),
            (0.01, 0.6, 0.5),
            (0.01, 0.1, 1.5),
            (f64::NAN, 0.1, 0.5),
            (-0.1, 0.1, 0.5),
        ] {
            assert!(
                matches!(TierCuts::new(t, h, m), Err(CutsError::Tiers { .. })),
                "{t} {h} {m}"
            );
        }
        // Unchecked invalid cuts are clamped: high below top counts as top.
        let bad = TierCuts {
            top: 0.2,
            high: 0.1,
            middle: f64::NAN,
        };
        let clv: Vec<f64> = (0..10).map(f64::from).collect();
        assert_eq!(counts(&clv_tiers(&clv, &bad)), [2, 0, 0, 8]);
    }

    #[test]
    fn risk_bands_at_the_exact_edges() {
        let cuts = RiskCuts::default();
        assert_eq!(risk_band(0.0, &cuts), RiskBand::High);
        assert_eq!(risk_band(0.299_999_999, &cuts), RiskBand::High);
        assert_eq!(risk_band(0.3, &cuts), RiskBand::Medium);
        assert_eq!(risk_band(0.5, &cuts), RiskBand::Medium);
        assert_eq!(risk_band(0.699_999_999, &cuts), RiskBand::Medium);
        assert_eq!(risk_band(0.7, &cuts), RiskBand::Low);
        assert_eq!(risk_band(1.0, &cuts), RiskBand::Low);
        assert_eq!(risk_band(f64::NAN, &cuts), RiskBand::High);
        // Equal thresholds: no medium band.
        let sharp = RiskCuts::new(0.5, 0.5).unwrap();
        assert_eq!(risk_band(0.49, &sharp), RiskBand::High);
        assert_eq!(risk_band(0.5, &sharp), RiskBand::Low);
        assert!(matches!(
            RiskCuts::new(0.8, 0.2),
            Err(CutsError::Risk { .. })
        ));
        assert!(RiskCuts::new(-0.1, 0.2).is_err());
        assert!(RiskCuts::new(0.1, f64::NAN).is_err());
    }

    #[test]
    fn serde_keys() {
        for t in ClvTier::ALL {
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.key())
            );
        }
        for b in RiskBand::ALL {
            assert_eq!(
                serde_json::to_string(&b).unwrap(),
                format!("\"{}\"", b.key())
            );
        }
        let cuts: TierCuts =
            serde_json::from_str(r#"{"top":0.05,"high":0.2,"middle":0.6}"#).unwrap();
        assert_eq!(cuts, TierCuts::new(0.05, 0.2, 0.6).unwrap());
    }
}
