//! The Segments page's figures in a share link: each RFM segment, CLV tier,
//! churn-risk band and custom segment with its size and value, and the top
//! 20%'s share of CLV. Which customer is in which segment is not carried.
//!
//! A segment's figures are what cannot be derived: its customers, revenue,
//! summed CLV, mean P(alive) and average order value ([`SegmentFigures`],
//! a JSON array). The shares of [`SegmentStats`] are derived against the
//! RFM segments' sums (they hold every customer once) and the mean CLV
//! from the sum, so they follow the rounded figures.

use super::round::figure;
use crate::clv::data::summary::CustomerSummary;
use crate::clv::segments::overview::segments_overview;
use crate::clv::segments::rules::{members, CustomSegment, SegmentError};
use crate::clv::segments::stats::{segment_stats, SegmentStats};
use crate::clv::valuation::value::CustomerScore;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every segment's figures as of the view's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedSegments {
    /// In [`RfmSegment::ALL`](crate::clv::segments::RfmSegment::ALL) order.
    pub rfm: Vec<SegmentFigures>,
    /// In [`ClvTier::ALL`](crate::clv::segments::ClvTier::ALL) order (empty without a model).
    pub tiers: Vec<SegmentFigures>,
    /// In [`RiskBand::ALL`](crate::clv::segments::RiskBand::ALL) order (empty without a model).
    pub bands: Vec<SegmentFigures>,
    /// The custom segments of the shared settings, in their order.
    pub custom: Vec<Result<SegmentFigures, SegmentError>>,
    /// The top 20% of customers' share of CLV (0 without a model).
    pub top20_share: f64,
}

/// One segment: customers, revenue, summed CLV, mean P(alive), average
/// order value (CLV and P(alive) with a model and members only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentFigures(
    pub usize,
    pub f64,
    pub Option<f64>,
    pub Option<f64>,
    pub f64,
);

impl SharedSegments {
    /// The figures of `customers` (with their `scores`, aligned) as of `end`,
    /// and of the custom `segments`.
    pub fn of(
        customers: &[CustomerSummary],
        scores: Option<&[CustomerScore]>,
        segments: &[CustomSegment],
        end: NaiveDate,
    ) -> SharedSegments {
        let overview = segments_overview(customers, scores, end);
        let ctx = overview.segment_context(customers, scores, end);
        let figures =
            |members: &[usize]| SegmentFigures::of(&segment_stats(members, customers, ctx.scores));
        SharedSegments {
            rfm: overview.rfm.iter().map(|(_, m, _)| figures(m)).collect(),
            tiers: overview.tiers.iter().map(|(_, m, _)| figures(m)).collect(),
            bands: overview.bands.iter().map(|(_, m, _)| figures(m)).collect(),
            custom: segments
                .iter()
                .map(|s| members(s, segments, &ctx).map(|m| figures(&m)))
                .collect(),
            top20_share: figure(overview.top20_share),
        }
    }

    /// The statistics of a segment with these figures, its shares against
    /// all customers (the RFM segments' sums).
    pub fn stats(&self, f: &SegmentFigures) -> SegmentStats {
        let all_customers: usize = self.rfm.iter().map(|r| r.0).sum();
        let all_revenue: f64 = self.rfm.iter().map(|r| r.1).sum();
        let all_clv: f64 = self.rfm.iter().filter_map(|r| r.2).sum();
        let ratio = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
        let SegmentFigures(customers, revenue, clv_sum, p_alive_mean, average_order_value) = *f;
        SegmentStats {
            customers,
            customer_share: ratio(customers as f64, all_customers as f64),
            revenue,
            revenue_share: ratio(revenue, all_revenue),
            clv_sum,
            clv_mean: clv_sum
                .filter(|_| customers > 0)
                .map(|s| s / customers as f64),
            equity_share: clv_sum.map(|s| ratio(s, all_clv)),
            p_alive_mean,
            average_order_value,
        }
    }
}

impl SegmentFigures {
    fn of(s: &SegmentStats) -> SegmentFigures {
        SegmentFigures(
            s.customers,
            figure(s.revenue),
            s.clv_sum.map(figure),
            s.p_alive_mean.map(figure),
            figure(s.average_order_value),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::test_support::{close, demo_view, shared_demo};

    #[test]
    fn the_shared_figures_give_the_segments_pages_statistics_to_four_digits() {
        let d = shared_demo();
        let page = segments_overview(&d.customers, Some(&d.report.scores), d.today);
        let shared = &demo_view().segments;
        assert_eq!(shared.rfm.len(), 11);
        assert_eq!((shared.tiers.len(), shared.bands.len()), (4, 3));
        let rows = page.rfm.iter().map(|(_, _, st)| st);
        let rows = rows
            .chain(page.tiers.iter().map(|(_, _, st)| st))
            .chain(page.bands.iter().map(|(_, _, st)| st));
        let figures = shared.rfm.iter().chain(&shared.tiers).chain(&shared.bands);
        for (p, f) in rows.zip(figures) {
            let s = shared.stats(f);
            assert_eq!(s.customers, p.customers);
            for (a, b) in [
                (p.customer_share, s.customer_share),
                (p.revenue, s.revenue),
                (p.revenue_share, s.revenue_share),
                (p.average_order_value, s.average_order_value),
                (p.clv_sum.unwrap(), s.clv_sum.unwrap()),
                (p.equity_share.unwrap(), s.equity_share.unwrap()),
            ] {
                assert!((a - b).abs() <= 1e-3 * a.abs().max(1e-9), "{a} {b}");
            }
            if let (Some(a), Some(b)) = (p.clv_mean, s.clv_mean) {
                assert!(close(a, b), "{a} {b}");
            }
        }
        // The custom segment "revenue ≥ 500" has fewer customers than all.
        let big = shared.custom[0].as_ref().unwrap();
        assert!(big.0 > 0 && big.0 < d.customers.len());
    }
}
