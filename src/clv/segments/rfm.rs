//! RFM scores and the RFM segment grid.
//!
//! RFM (Hughes 1994, *Strategic Database Marketing*) describes each customer by
//! three numbers as of an observation end: **recency** (days since the last
//! purchase; fewer is better), **frequency** (here the number of orders; more
//! is better) and **monetary** value (net revenue, orders less refunds; more is
//! better). Each is turned into a score from 1 (worst) to 5 (best) by
//! quintiles of the current customers, as in Fader, Hardie & Lee (2005), "RFM
//! and CLV: using iso-value curves for customer base analysis".
//!
//! # Quintiles by ordinal rank
//!
//! Customers are sorted worst first and the customer at (0-based) rank `k` of
//! `n` scores `1 + ⌊5k / n⌋`, so every quintile holds `n / 5` customers (±1),
//! also when most customers tie: in a typical shop most customers bought once,
//! and cut points on the values themselves ("score 1 = one order") would put
//! 70% of the customers into one score and leave others empty. The price is
//! that tied customers may land in adjacent scores; a secondary key decides
//! between them where it can, and the customer index makes the order total and
//! deterministic:
//!
//! | score | sorted by (worst first)              | ties by               | then by             |
//! |-------|--------------------------------------|-----------------------|---------------------|
//! | R     | days since last purchase, most first | revenue, lowest first | index, lowest first |
//! | F     | orders, fewest first                 | revenue, lowest first | index, lowest first |
//! | M     | revenue, lowest first                | orders, fewest first  | index, lowest first |
//!
//! So among customers who bought on the same day, the one who spent more gets
//! the higher R; among one-order customers, the bigger spender gets the higher
//! F; among equal spenders, the one with more orders gets the higher M. A
//! customer with a better value never scores lower than one with a worse value.
//! Revenue is the natural second key for R and F (it separates the many
//! one-order customers); orders for M (of two equal spenders, the one who came
//! back more often). Only customers equal in both keys are split by index, the
//! customer listed earlier scoring lower.
//!
//! # Segments
//!
//! [`rfm_segment`] names each cell of the R × F grid (see its table). M is not
//! used for the segment: it mostly follows F and is shown alongside.

use super::super::data::summary::CustomerSummary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A customer's recency, frequency and monetary scores, each 1 (worst) ..= 5 (best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RfmScore {
    pub r: u8,
    pub f: u8,
    pub m: u8,
}

impl RfmScore {
    /// The segment of this score's R × F cell.
    pub fn segment(self) -> RfmSegment {
        rfm_segment(self.r, self.f)
    }
}

/// Days from the customer's last purchase to `end` (0 if they bought on `end`).
pub fn recency_days(customer: &CustomerSummary, end: NaiveDate) -> i64 {
    (end - customer.last_purchase).num_days()
}

/// An order-preserving integer key for a float (as `f64::total_cmp`), so sorts
/// compare plain integers.
pub(crate) fn float_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Scores `1 + ⌊5k / n⌋` for customers sorted worst first, as sort keys
/// holding the customer index in their low 32 bits.
fn quintiles(sorted: &[u128], scores: &mut [RfmScore], set: impl Fn(&mut RfmScore, u8)) {
    let n = sorted.len();
    for (k, &key) in sorted.iter().enumerate() {
        set(&mut scores[key as u32 as usize], (1 + 5 * k / n) as u8);
    }
}

/// RFM scores of `customers` as of `end`, aligned with `customers`: quintiles
/// of the customers by ordinal rank (see the module documentation for the
/// tie-breaking).
pub fn rfm_scores(customers: &[CustomerSummary], end: NaiveDate) -> Vec<RfmScore> {
    let n = customers.len();
    let mut scores = vec![RfmScore { r: 1, f: 1, m: 1 }; n];
    // Each sort key packs (primary, secondary, index) into one u128, ascending
    // = worst first, so sorting compares plain integers: 32 + 64 + 32 bits for
    // R and F, 64 + 32 + 32 for M. Indices beyond u32 do not occur (the log's
    // customer indices are u32).
    let key = |high: u128, middle: u128, i: usize| high | middle | i as u32 as u128;
    let mut keys: Vec<u128> = Vec::with_capacity(n);

    // R: more days since the last purchase is worse. `-days` is mapped to an
    // order-preserving unsigned key (flipping the sign bit).
    keys.extend(customers.iter().enumerate().map(|(i, c)| {
        let days = recency_days(c, end).clamp(-(i32::MAX as i64), i32::MAX as i64) as i32;
        let recent = (-days) as u32 ^ (1 << 31);
        key(
            (recent as u128) << 96,
            (float_key(c.total) as u128) << 32,
            i,
        )
    }));
    keys.sort_unstable();
    quintiles(&keys, &mut scores, |s, v| s.r = v);

    keys.clear();
    keys.extend(customers.iter().enumerate().map(|(i, c)| {
        key(
            (c.orders as u128) << 96,
            (float_key(c.total) as u128) << 32,
            i,
        )
    }));
    keys.sort_unstable();
    quintiles(&keys, &mut scores, |s, v| s.f = v);

    keys.clear();
    keys.extend(customers.iter().enumerate().map(|(i, c)| {
        key(
            (float_key(c.total) as u128) << 64,
            (c.orders as u128) << 32,
            i,
        )
    }));
    keys.sort_unstable();
    quintiles(&keys, &mut scores, |s, v| s.m = v);
    scores
}

/// A named RFM segment: a group of cells of the R × F grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RfmSegment {
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

impl RfmSegment {
    /// All segments, in display order (roughly from the best to the worst).
    pub const ALL: [RfmSegment; 11] = [
        RfmSegment::Champions,
        RfmSegment::LoyalCustomers,
        RfmSegment::PotentialLoyalists,
        RfmSegment::NewCustomers,
        RfmSegment::Promising,
        RfmSegment::NeedAttention,
        RfmSegment::AboutToSleep,
        RfmSegment::AtRisk,
        RfmSegment::CantLoseThem,
        RfmSegment::Hibernating,
        RfmSegment::Lost,
    ];

    /// The English display name, e.g. "Can't Lose Them".
    pub fn name(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Champions",
            RfmSegment::LoyalCustomers => "Loyal Customers",
            RfmSegment::PotentialLoyalists => "Potential Loyalists",
            RfmSegment::NewCustomers => "New Customers",
            RfmSegment::Promising => "Promising",
            RfmSegment::NeedAttention => "Need Attention",
            RfmSegment::AboutToSleep => "About to Sleep",
            RfmSegment::AtRisk => "At Risk",
            RfmSegment::CantLoseThem => "Can't Lose Them",
            RfmSegment::Hibernating => "Hibernating",
            RfmSegment::Lost => "Lost",
        }
    }

    /// The stable kebab-case key (as serialised), e.g. "cant-lose-them".
    pub fn key(self) -> &'static str {
        match self {
            RfmSegment::Champions => "champions",
            RfmSegment::LoyalCustomers => "loyal-customers",
            RfmSegment::PotentialLoyalists => "potential-loyalists",
            RfmSegment::NewCustomers => "new-customers",
            RfmSegment::Promising => "promising",
            RfmSegment::NeedAttention => "need-attention",
            RfmSegment::AboutToSleep => "about-to-sleep",
            RfmSegment::AtRisk => "at-risk",
            RfmSegment::CantLoseThem => "cant-lose-them",
            RfmSegment::Hibernating => "hibernating",
            RfmSegment::Lost => "lost",
        }
    }

    /// The segment with this [`key`](Self::key).
    pub fn from_key(key: &str) -> Option<RfmSegment> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Position in [`ALL`](Self::ALL).
    pub fn index(self) -> usize {
        self as usize
    }
}

use RfmSegment::{
    AboutToSleep as Sleep, AtRisk as Risk, CantLoseThem as CantLose, Champions as Champ,
    Hibernating as Hib, LoyalCustomers as Loyal, NeedAttention as Attn, NewCustomers as New,
    PotentialLoyalists as PotL, Promising as Prom,
};

/// `GRID[5 - r][f - 1]`.
const GRID: [[RfmSegment; 5]; 5] = [
    [New, PotL, PotL, Champ, Champ],
    [Prom, PotL, PotL, Loyal, Loyal],
    [Sleep, Sleep, Attn, Loyal, Loyal],
    [Hib, Hib, Risk, Risk, CantLose],
    [RfmSegment::Lost, RfmSegment::Lost, Risk, Risk, CantLose],
];

/// The segment of an R × F cell. A total map of the 25 cells (out-of-range
/// scores are clamped to 1..=5):
///
/// | R \ F | 1              | 2                   | 3                   | 4               | 5               |
/// |-------|----------------|---------------------|---------------------|-----------------|-----------------|
/// | 5     | New Customers  | Potential Loyalists | Potential Loyalists | Champions       | Champions       |
/// | 4     | Promising      | Potential Loyalists | Potential Loyalists | Loyal Customers | Loyal Customers |
/// | 3     | About to Sleep | About to Sleep      | Need Attention      | Loyal Customers | Loyal Customers |
/// | 2     | Hibernating    | Hibernating         | At Risk             | At Risk         | Can't Lose Them |
/// | 1     | Lost           | Lost                | At Risk             | At Risk         | Can't Lose Them |
///
/// Why a grid: the lists of rules over overlapping R, F and M ranges that are
/// widely copied are applied "first match wins", so earlier rules shadow later
/// ones and several segments can never be assigned. Every cell here has exactly
/// one segment and each of the 11 segments has at least one cell. It is the
/// common R × F map of ten segments with its bottom-left corner split: recent
/// enough to remember (R 2) is Hibernating, R 1 is Lost.
pub fn rfm_segment(r: u8, f: u8) -> RfmSegment {
    let r = r.clamp(1, 5) as usize;
    let f = f.clamp(1, 5) as usize;
    GRID[5 - r][f - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn customer(last: NaiveDate, orders: u32, total: f64) -> CustomerSummary {
        CustomerSummary::with_orders(last, last, orders, total)
    }

    #[test]
    fn small_example_by_hand() {
        let end = d("2024-12-31");
        // Ten customers: days since the last purchase, orders, revenue.
        let rows = [
            (0, 1, 70.0),    // 0
            (10, 8, 400.0),  // 1
            (10, 1, 20.0),   // 2
            (30, 3, 90.0),   // 3
            (60, 1, 20.0),   // 4
            (90, 2, 60.0),   // 5
            (120, 5, 300.0), // 6
            (200, 1, 15.0),  // 7
            (300, 2, 45.0),  // 8
            (365, 1, 10.0),  // 9
        ];
        let customers: Vec<_> = rows
            .iter()
            .map(|&(days, orders, total)| {
                customer(end - chrono::Duration::days(days), orders, total)
            })
            .collect();
        let s = rfm_scores(&customers, end);
        // R worst first: 9, 8, 7, 6, 5, 4, 3, then day 10: 2 (20) before 1 (400), then 0.
        // Ranks 0..9 score 1,1,2,2,3,3,4,4,5,5.
        let r: Vec<u8> = s.iter().map(|x| x.r).collect();
        assert_eq!(r, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // F worst first: one order by revenue 9 (10), 7 (15), 2 (20, index 2), 4 (20, index 4), 0 (70);
        // two orders 8 (45), 5 (60); then 3 (3), 6 (5), 1 (8).
        let f: Vec<u8> = s.iter().map(|x| x.f).collect();
        //            0  1  2  3  4  5  6  7  8  9
        assert_eq!(f, [3, 5, 2, 4, 2, 4, 5, 1, 3, 1]);
        // M worst first: 9 (10), 7 (15), 2 and 4 (20, one order each: index), 8 (45), 5 (60),
        // 0 (70), 3 (90), 6 (300), 1 (400).
        let m: Vec<u8> = s.iter().map(|x| x.m).collect();
        assert_eq!(m, [4, 5, 2, 4, 2, 3, 5, 1, 3, 1]);
        use RfmSegment::*;
        let segments: Vec<RfmSegment> = s.iter().map(|x| x.segment()).collect();
        assert_eq!(
            segments,
            [
                PotentialLoyalists, // R 5, F 3
                Champions,          // R 5, F 5
                PotentialLoyalists, // R 4, F 2
                LoyalCustomers,     // R 4, F 4
                AboutToSleep,       // R 3, F 2
                LoyalCustomers,     // R 3, F 4
                CantLoseThem,       // R 2, F 5
                Hibernating,        // R 2, F 1
                AtRisk,             // R 1, F 3
                Lost,               // R 1, F 1
            ]
        );
    }

    #[test]
    fn recency_five_is_the_most_recent() {
        let end = d("2024-06-30");
        let customers: Vec<_> = (0..50)
            .map(|i| customer(end - chrono::Duration::days(i * 3), 2, 100.0))
            .collect();
        let s = rfm_scores(&customers, end);
        assert_eq!(s[0].r, 5);
        assert_eq!(s[49].r, 1);
        for i in 1..50 {
            assert!(s[i].r <= s[i - 1].r, "older purchase, no better R");
        }
        assert_eq!(recency_days(&customers[7], end), 21);
    }

    #[test]
    fn heavy_ties_still_fill_every_quintile() {
        let end = d("2024-12-31");
        // 1,000 customers; 700 bought once, the rest 2..=31 times; revenue and
        // dates vary so that the secondary keys matter too.
        let customers: Vec<_> = (0..1000u32)
            .map(|i| {
                let orders = if i % 10 < 7 { 1 } else { 2 + i % 30 };
                let total = ((i * 37) % 101) as f64 * orders as f64;
                customer(end - chrono::Duration::days((i % 13) as i64), orders, total)
            })
            .collect();
        let s = rfm_scores(&customers, end);
        for score in 1..=5u8 {
            for (name, get) in [
                ("R", (|x: &RfmScore| x.r) as fn(&RfmScore) -> u8),
                ("F", |x: &RfmScore| x.f),
                ("M", |x: &RfmScore| x.m),
            ] {
                let count = s.iter().filter(|x| get(x) == score).count();
                assert_eq!(count, 200, "{name} = {score}");
            }
        }
        // More orders never means a lower F; more revenue never a lower M;
        // a later purchase never a lower R.
        for a in 0..1000 {
            for b in 0..1000 {
                let (ca, cb) = (&customers[a], &customers[b]);
                if ca.orders > cb.orders {
                    assert!(s[a].f >= s[b].f, "{a} {b}");
                }
                if ca.total > cb.total {
                    assert!(s[a].m >= s[b].m, "{a} {b}");
                }
                if ca.last_purchase > cb.last_purchase {
                    assert!(s[a].r >= s[b].r, "{a} {b}");
                }
            }
        }
        // 700 one-order customers: F 1 to 3 entirely, and 100 of them in F 4.
        let one_order_f4 = (0..1000)
            .filter(|&i| customers[i].orders == 1 && s[i].f == 4)
            .count();
        assert_eq!(one_order_f4, 100);
        assert_eq!(s, rfm_scores(&customers, end), "deterministic");
    }

    #[test]
    fn uneven_counts_differ_by_at_most_one() {
        let end = d("2024-12-31");
        for n in [1usize, 2, 3, 4, 6, 7, 13, 99] {
            let customers: Vec<_> = (0..n).map(|_| customer(end, 1, 10.0)).collect();
            let s = rfm_scores(&customers, end);
            let counts: Vec<usize> = (1..=5u8)
                .map(|q| s.iter().filter(|x| x.f == q).count())
                .collect();
            let (lo, hi) = (n / 5, n.div_ceil(5));
            assert!(
                counts.iter().all(|&c| c == lo || c == hi),
                "{n}: {counts:?}"
            );
            assert_eq!(counts.iter().sum::<usize>(), n);
        }
        assert!(rfm_scores(&[], end).is_empty());
        // One customer is in the bottom quintile of a population of one.
        assert_eq!(
            rfm_scores(&[customer(end, 3, 5.0)], end),
            [RfmScore { r: 1, f: 1, m: 1 }]
        );
    }

    #[test]
    fn negative_revenue_and_future_purchases_sort_sensibly() {
        let end = d("2024-12-31");
        let customers = [
            customer(end, 1, -30.0),
            customer(end, 1, 0.0),
            customer(end, 1, 30.0),
            customer(end, 1, -0.0),
            customer(end, 1, 5.0),
        ];
        let m: Vec<u8> = rfm_scores(&customers, end).iter().map(|x| x.m).collect();
        assert_eq!(m, [1, 3, 5, 2, 4], "-30 < -0 < 0 < 5 < 30");
        // A last purchase after `end` (not from `summarize`) counts as most recent.
        let customers = [customer(end, 1, 1.0), customer(d("2025-01-05"), 1, 1.0)];
        let r: Vec<u8> = rfm_scores(&customers, end).iter().map(|x| x.r).collect();
        assert_eq!(r, [1, 3]);
    }

    #[test]
    fn the_grid_is_total_and_uses_every_segment() {
        let mut seen = HashSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                let s = rfm_segment(r, f);
                seen.insert(s);
                for m in 1..=5 {
                    assert_eq!(RfmScore { r, f, m }.segment(), s, "M does not matter");
                }
            }
        }
        assert_eq!(seen.len(), 11);
        assert!(RfmSegment::ALL.iter().all(|s| seen.contains(s)));
        // Spot checks against the documented table.
        assert_eq!(rfm_segment(5, 1), RfmSegment::NewCustomers);
        assert_eq!(rfm_segment(5, 5), RfmSegment::Champions);
        assert_eq!(rfm_segment(4, 1), RfmSegment::Promising);
        assert_eq!(rfm_segment(4, 3), RfmSegment::PotentialLoyalists);
        assert_eq!(rfm_segment(3, 3), RfmSegment::NeedAttention);
        assert_eq!(rfm_segment(3, 2), RfmSegment::AboutToSleep);
        assert_eq!(rfm_segment(3, 4), RfmSegment::LoyalCustomers);
        assert_eq!(rfm_segment(2, 2), RfmSegment::Hibernating);
        assert_eq!(rfm_segment(1, 2), RfmSegment::Lost);
        assert_eq!(rfm_segment(1, 4), RfmSegment::AtRisk);
        assert_eq!(rfm_segment(2, 5), RfmSegment::CantLoseThem);
        // Clamping.
        assert_eq!(rfm_segment(0, 0), RfmSegment::Lost);
        assert_eq!(rfm_segment(9, 200), RfmSegment::Champions);
        // Cell counts per segment add up to 25.
        let cells: usize = RfmSegment::ALL
            .iter()
            .map(|&seg| {
                (1..=5)
                    .flat_map(|r| (1..=5).map(move |f| (r, f)))
                    .filter(|&(r, f)| rfm_segment(r, f) == seg)
                    .count()
            })
            .sum();
        assert_eq!(cells, 25);
    }

    #[test]
    fn names_keys_and_serde_agree() {
        for (i, s) in RfmSegment::ALL.into_iter().enumerate() {
            assert_eq!(s.index(), i);
            assert_eq!(RfmSegment::from_key(s.key()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.key()));
            assert_eq!(serde_json::from_str::<RfmSegment>(&json).unwrap(), s);
        }
        assert_eq!(RfmSegment::CantLoseThem.name(), "Can't Lose Them");
        assert_eq!(RfmSegment::CantLoseThem.key(), "cant-lose-them");
        assert_eq!(RfmSegment::from_key("nope"), None);
        let score = RfmScore { r: 5, f: 4, m: 3 };
        let json = serde_json::to_string(&score).unwrap();
        assert_eq!(json, r#"{"r":5,"f":4,"m":3}"#);
        assert_eq!(serde_json::from_str::<RfmScore>(&json).unwrap(), score);
    }

    #[test]
    fn float_keys_order_like_total_cmp() {
        let v = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -0.0,
            0.0,
            1e-300,
            2.5,
            f64::INFINITY,
        ];
        for w in v.windows(2) {
            assert!(float_key(w[0]) < float_key(w[1]), "{w:?}");
        }
    }
}
