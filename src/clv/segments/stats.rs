//! Segment statistics and value concentration.
//!
//! [`segment_stats`] describes a group of customers against all of them: size,
//! revenue, and with a fitted model their customer equity (the sum of their
//! lifetime values) and mean P(alive). [`lorenz_curve`] and [`top_share`]
//! show how concentrated a value is ("the top 20% of customers hold 80% of
//! revenue"): customers sorted by value, largest first, against the
//! cumulative share of the total. Between whole customers the curve is
//! interpolated linearly, so any share of customers has a value share.

use super::super::data::summary::CustomerSummary;
use super::super::valuation::value::CustomerScore;
use serde::{Deserialize, Serialize};

/// Figures of one segment. Shares are relative to all customers; an empty
/// segment has zeros and `None` means, never NaN.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SegmentStats {
    pub customers: usize,
    /// Members / all customers.
    pub customer_share: f64,
    /// Net revenue of the members.
    pub revenue: f64,
    /// Members' revenue / all customers' revenue (0 if the latter is 0).
    pub revenue_share: f64,
    /// With a model: the members' summed CLV (their customer equity).
    pub clv_sum: Option<f64>,
    /// With a model and members: mean CLV.
    pub clv_mean: Option<f64>,
    /// With a model: the members' CLV / all customers' CLV (0 if the latter is 0).
    pub equity_share: Option<f64>,
    /// With a model and members: mean P(alive).
    pub p_alive_mean: Option<f64>,
    /// Members' revenue / members' orders (0 without orders).
    pub average_order_value: f64,
}

/// `a / b`, or 0 when `b` is 0.
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// Statistics of the customers at `members` (indices into `customers`).
/// `scores`, aligned with `customers`, give the model figures; scores of a
/// different length are ignored (as in the customers table).
pub fn segment_stats(
    members: &[usize],
    customers: &[CustomerSummary],
    scores: Option<&[CustomerScore]>,
) -> SegmentStats {
    let scores = scores.filter(|s| s.len() == customers.len());
    let count = members.len();
    let revenue: f64 = members.iter().map(|&i| customers[i].total).sum();
    let orders: u64 = members.iter().map(|&i| customers[i].orders as u64).sum();
    let all_revenue: f64 = customers.iter().map(|c| c.total).sum();
    let mean = |sum: f64| (count > 0).then(|| sum / count as f64);
    let (clv_sum, clv_mean, equity_share, p_alive_mean) = match scores {
        Some(s) => {
            let clv: f64 = members.iter().map(|&i| s[i].clv.estimate).sum();
            let equity: f64 = s.iter().map(|x| x.clv.estimate).sum();
            let p_alive: f64 = members.iter().map(|&i| s[i].p_alive).sum();
            (
                Some(clv),
                mean(clv),
                Some(ratio(clv, equity)),
                mean(p_alive),
            )
        }
        None => (None, None, None, None),
    };
    SegmentStats {
        customers: count,
        customer_share: ratio(count as f64, customers.len() as f64),
        revenue,
        revenue_share: ratio(revenue, all_revenue),
        clv_sum,
        clv_mean,
        equity_share,
        p_alive_mean,
        average_order_value: ratio(revenue, orders as f64),
    }
}

/// Values sorted largest first, negative and not-a-number values as 0 (a net
/// refund holds no share of the value), with their prefix sums (`n + 1`).
fn cumulative(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .map(|&x| if x > 0.0 { x } else { 0.0 })
        .collect();
    v.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut sums = Vec::with_capacity(v.len() + 1);
    let mut s = 0.0;
    sums.push(s);
    for x in v {
        s += x;
        sums.push(s);
    }
    sums
}

/// The share of the total held by the top `x` (0..=1) of customers, from
/// prefix sums of the values sorted largest first. Without any value the
/// share is `x` (all equal).
fn share_at(sums: &[f64], x: f64) -> f64 {
    let n = sums.len() - 1;
    let total = sums[n];
    let x = if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
    if n == 0 || total <= 0.0 {
        return x;
    }
    let position = x * n as f64;
    let k = (position.floor() as usize).min(n);
    let partial = if k < n {
        (sums[k + 1] - sums[k]) * (position - k as f64)
    } else {
        0.0
    };
    ((sums[k] + partial) / total).min(1.0)
}

/// The concentration ("Lorenz") curve of `values`: `points` evenly spaced
/// customer shares `x` from 0 to 1 (at least 2), each with the share of the
/// total value held by the top `x` of customers. Starts at (0, 0) and ends at
/// (1, 1); lies on the diagonal when all values are equal (or there are none)
/// and above it otherwise. Negative values count as 0.
pub fn lorenz_curve(values: &[f64], points: usize) -> Vec<(f64, f64)> {
    let sums = cumulative(values);
    let points = points.max(2);
    (0..points)
        .map(|i| {
            let x = i as f64 / (points - 1) as f64;
            (x, share_at(&sums, x))
        })
        .collect()
}

/// The share (0..=1) of the total value held by the top `customer_share` of
/// customers, e.g. 0.8 if the top 20% hold 80%. Negative values count as 0;
/// without any value the answer is `customer_share` itself.
pub fn top_share(values: &[f64], customer_share: f64) -> f64 {
    share_at(&cumulative(values), customer_share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::estimation::uncertainty::Interval;
    use chrono::NaiveDate;

    fn customer(orders: u32, total: f64) -> CustomerSummary {
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        CustomerSummary::with_orders(day, day, orders, total)
    }

    fn score(p_alive: f64, clv: f64) -> CustomerScore {
        CustomerScore {
            p_alive,
            expected_purchases: 0.0,
            spend_per_purchase: 0.0,
            expected_spend: 0.0,
            clv: Interval {
                estimate: clv,
                low: clv,
                high: clv,
            },
        }
    }

    #[test]
    fn stats_by_hand() {
        let customers = [
            customer(2, 100.0),
            customer(1, 50.0),
            customer(5, 250.0),
            customer(2, 100.0),
        ];
        let scores = [
            score(0.9, 300.0),
            score(0.2, 10.0),
            score(0.5, 150.0),
            score(0.6, 40.0),
        ];
        let s = segment_stats(&[0, 2], &customers, Some(&scores));
        assert_eq!(s.customers, 2);
        assert_eq!(s.customer_share, 0.5);
        assert_eq!(s.revenue, 350.0);
        assert_eq!(s.revenue_share, 0.7);
        assert_eq!(s.average_order_value, 50.0, "350 over 7 orders");
        assert_eq!(s.clv_sum, Some(450.0));
        assert_eq!(s.clv_mean, Some(225.0));
        assert_eq!(s.equity_share, Some(0.9));
        assert!((s.p_alive_mean.unwrap() - 0.7).abs() < 1e-12);
        // Without a model (or with misaligned scores) the model figures are None.
        let s = segment_stats(&[1], &customers, None);
        assert_eq!(s.revenue_share, 0.1);
        assert_eq!(s.average_order_value, 50.0);
        assert_eq!(
            (s.clv_sum, s.clv_mean, s.equity_share, s.p_alive_mean),
            (None, None, None, None)
        );
        assert_eq!(
            segment_stats(&[1], &customers, Some(&scores[..3])).clv_sum,
            None
        );
    }

    #[test]
    fn empty_segments_and_data_have_no_nan() {
        let customers = [customer(1, 0.0), customer(1, 0.0)];
        let scores = [score(0.5, 0.0), score(0.5, 0.0)];
        let s = segment_stats(&[], &customers, Some(&scores));
        assert_eq!(
            s,
            SegmentStats {
                clv_sum: Some(0.0),
                equity_share: Some(0.0),
                ..SegmentStats::default()
            }
        );
        // Zero revenue and zero equity overall: shares are 0, not NaN.
        let s = segment_stats(&[0], &customers, Some(&scores));
        assert_eq!((s.revenue_share, s.equity_share), (0.0, Some(0.0)));
        assert_eq!(s.customer_share, 0.5);
        let s = segment_stats(&[], &[], None);
        assert_eq!(s, SegmentStats::default());
    }

    #[test]
    fn one_customer_holds_everything() {
        let v = [10.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(top_share(&v, 0.2), 1.0, "top 20% hold 100%");
        assert_eq!(top_share(&v, 0.1), 0.5, "half of the top customer");
        assert_eq!(top_share(&v, 0.0), 0.0);
        assert_eq!(
            lorenz_curve(&v, 6),
            [
                (0.0, 0.0),
                (0.2, 1.0),
                (0.4, 1.0),
                (0.6, 1.0),
                (0.8, 1.0),
                (1.0, 1.0)
            ]
        );
    }

    #[test]
    fn concentration_by_hand() {
        // Sorted: 50, 30, 10, 10 (total 100); the -5 refund counts as 0.
        let v = [10.0, 50.0, -5.0, 10.0, 30.0];
        assert_eq!(top_share(&v, 0.2), 0.5);
        assert_eq!(top_share(&v, 0.4), 0.8);
        assert!(
            (top_share(&v, 0.5) - 0.85).abs() < 1e-12,
            "halfway through the 10"
        );
        assert_eq!(top_share(&v, 1.0), 1.0);
        assert_eq!(top_share(&v, 7.0), 1.0, "shares are clamped");
        let curve = lorenz_curve(&v, 3);
        assert_eq!(curve[0], (0.0, 0.0));
        assert_eq!(curve[1].0, 0.5);
        assert!((curve[1].1 - 0.85).abs() < 1e-12);
        assert_eq!(curve[2], (1.0, 1.0));
        // Increasing and above the diagonal.
        let curve = lorenz_curve(&v, 101);
        assert_eq!(curve.len(), 101);
        for w in curve.windows(2) {
            assert!(w[1].1 >= w[0].1);
        }
        assert!(curve.iter().all(|&(x, y)| y >= x - 1e-12));
    }

    #[test]
    fn equal_or_no_values_lie_on_the_diagonal() {
        for v in [&[4.0, 4.0, 4.0, 4.0][..], &[0.0, 0.0], &[]] {
            for (x, y) in lorenz_curve(v, 5) {
                assert!((x - y).abs() < 1e-12, "{v:?}: {x} {y}");
            }
        }
        assert_eq!(top_share(&[], 0.3), 0.3);
        assert_eq!(lorenz_curve(&[1.0], 0), [(0.0, 0.0), (1.0, 1.0)]);
    }
}
