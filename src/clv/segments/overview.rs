//! Everything the Segments page shows, computed in one pass over the customers.

use super::rfm::{recency_days, rfm_scores, RfmScore, RfmSegment};
use super::rules::SegmentContext;
use super::stats::{lorenz_curve, segment_stats, top_share, SegmentStats};
use super::tiers::{clv_tiers, risk_band, ClvTier, RiskBand, RiskCuts, TierCuts};
use crate::clv::summary::CustomerSummary;
use crate::clv::uncertainty::quantile;
use crate::clv::value::CustomerScore;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Weeks-since-last-purchase bins of the P(alive) matrix (lower edges; the last is open).
pub const RECENCY_BIN_WEEKS: [f64; 7] = [0.0, 4.0, 8.0, 13.0, 26.0, 52.0, 78.0];
/// Repeat-purchase rows of the P(alive) matrix: 0..7, the last pooling 7 and more.
pub const FREQUENCY_ROWS: usize = 8;
/// Bins of the CLV histogram (the last also holds the top 1%).
pub const HISTOGRAM_BINS: usize = 20;

/// One cell of the R×F grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCellData {
    pub segment: RfmSegment,
    pub members: Vec<usize>,
    pub clv_mean: Option<f64>,
}

/// The Segments page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentsOverview {
    /// Each customer's scores, aligned with the customers.
    pub rfm_scores: Vec<RfmScore>,
    /// Every RFM segment with its members (indices) and statistics.
    pub rfm: Vec<(RfmSegment, Vec<usize>, SegmentStats)>,
    /// CLV tiers and risk bands (empty without scores).
    pub tiers: Vec<(ClvTier, Vec<usize>, SegmentStats)>,
    pub bands: Vec<(RiskBand, Vec<usize>, SegmentStats)>,
    /// `grid[r − 1][f − 1]`.
    pub grid: Vec<Vec<GridCellData>>,
    /// Concentration curve of CLV (empty without scores) and the top 20%'s share.
    pub lorenz: Vec<(f64, f64)>,
    pub top20_share: f64,
    /// CLV histogram: bin edges and counts (none without scores).
    pub histogram: Option<(Vec<f64>, Vec<usize>)>,
    /// Mean P(alive) by repeat purchases (rows) and recency bin (columns); empty without scores.
    pub p_alive_matrix: Vec<Vec<Option<f64>>>,
    /// Column labels of the matrix, e.g. "0–4", "78+".
    pub recency_bins: Vec<String>,
}

impl SegmentsOverview {
    /// What custom segments are evaluated against: these customers with the
    /// overview's RFM scores (`customers` and `scores` as given to
    /// [`segments_overview`]).
    pub fn segment_context<'a>(
        &'a self,
        customers: &'a [CustomerSummary],
        scores: Option<&'a [CustomerScore]>,
        end: NaiveDate,
    ) -> SegmentContext<'a> {
        SegmentContext {
            customers,
            rfm: &self.rfm_scores,
            scores,
            end,
        }
    }
}

/// Computes the page's data; `scores`, when given, are aligned with `customers`.
pub fn segments_overview(
    customers: &[CustomerSummary],
    scores: Option<&[CustomerScore]>,
    end: NaiveDate,
) -> SegmentsOverview {
    let scores = scores.filter(|s| s.len() == customers.len());
    let rfm_scores = rfm_scores(customers, end);

    let mut grid_members = vec![vec![Vec::new(); 5]; 5];
    let mut by_segment = vec![Vec::new(); RfmSegment::ALL.len()];
    for (i, s) in rfm_scores.iter().enumerate() {
        grid_members[(s.r - 1) as usize][(s.f - 1) as usize].push(i);
        by_segment[s.segment().index()].push(i);
    }
    let stats = |members: &[usize]| segment_stats(members, customers, scores);
    let rfm = RfmSegment::ALL
        .into_iter()
        .map(|seg| {
            (
                seg,
                by_segment[seg.index()].clone(),
                stats(&by_segment[seg.index()]),
            )
        })
        .collect();
    let clv_mean = |members: &[usize]| {
        scores.filter(|_| !members.is_empty()).map(|sc| {
            members.iter().map(|&i| sc[i].clv.estimate).sum::<f64>() / members.len() as f64
        })
    };
    let grid = (0..5)
        .map(|r| {
            (0..5)
                .map(|f| {
                    let members = std::mem::take(&mut grid_members[r][f]);
                    GridCellData {
                        segment: super::rfm::rfm_segment(r as u8 + 1, f as u8 + 1),
                        clv_mean: clv_mean(&members),
                        members,
                    }
                })
                .collect()
        })
        .collect();

    let recency_bins = RECENCY_BIN_WEEKS
        .iter()
        .enumerate()
        .map(|(i, lo)| match RECENCY_BIN_WEEKS.get(i + 1) {
            Some(hi) => format!("{lo}–{hi}"),
            None => format!("{lo}+"),
        })
        .collect();
    let mut overview = SegmentsOverview {
        rfm_scores,
        rfm,
        tiers: Vec::new(),
        bands: Vec::new(),
        grid,
        lorenz: Vec::new(),
        top20_share: 0.0,
        histogram: None,
        p_alive_matrix: Vec::new(),
        recency_bins,
    };
    let Some(sc) = scores else {
        return overview;
    };

    let clv: Vec<f64> = sc.iter().map(|s| s.clv.estimate).collect();
    let tiers = clv_tiers(&clv, &TierCuts::default());
    overview.tiers = ClvTier::ALL
        .into_iter()
        .map(|tier| {
            let m: Vec<usize> = (0..tiers.len()).filter(|&i| tiers[i] == tier).collect();
            let st = stats(&m);
            (tier, m, st)
        })
        .collect();
    let cuts = RiskCuts::default();
    let bands: Vec<RiskBand> = sc.iter().map(|s| risk_band(s.p_alive, &cuts)).collect();
    overview.bands = RiskBand::ALL
        .into_iter()
        .map(|band| {
            let m: Vec<usize> = (0..bands.len()).filter(|&i| bands[i] == band).collect();
            let st = stats(&m);
            (band, m, st)
        })
        .collect();
    overview.lorenz = lorenz_curve(&clv, 50);
    overview.top20_share = top_share(&clv, 0.2);

    if !clv.is_empty() {
        let mut sorted = clv.clone();
        let top = quantile(&mut sorted, 0.99).max(f64::MIN_POSITIVE);
        let lo = sorted[0].min(0.0);
        let width = (top - lo) / HISTOGRAM_BINS as f64;
        let edges: Vec<f64> = (0..=HISTOGRAM_BINS)
            .map(|k| lo + k as f64 * width)
            .collect();
        let mut counts = vec![0usize; HISTOGRAM_BINS];
        for v in &clv {
            let k = (((v - lo) / width).floor().max(0.0) as usize).min(HISTOGRAM_BINS - 1);
            counts[k] += 1;
        }
        overview.histogram = Some((edges, counts));
    }

    let mut sums = vec![vec![(0.0, 0usize); RECENCY_BIN_WEEKS.len()]; FREQUENCY_ROWS];
    for (c, s) in customers.iter().zip(sc) {
        let row = (c.frequency as usize).min(FREQUENCY_ROWS - 1);
        let weeks = recency_days(c, end) as f64 / 7.0;
        let col = RECENCY_BIN_WEEKS
            .iter()
            .rposition(|lo| weeks >= *lo)
            .unwrap_or(0);
        sums[row][col].0 += s.p_alive;
        sums[row][col].1 += 1;
    }
    overview.p_alive_matrix = sums
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(sum, n)| (n > 0).then(|| sum / n as f64))
                .collect()
        })
        .collect();
    overview
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::demo::demo_log;
    use crate::clv::summary::{summarize, TimeUnit};
    use crate::clv::uncertainty::Interval;

    fn scored() -> (Vec<CustomerSummary>, Vec<CustomerScore>, NaiveDate) {
        let log = demo_log();
        let end = log.date_range().unwrap().1;
        let customers = summarize(&log, end, TimeUnit::Week);
        // Stand-in scores with a known order: value grows with revenue, P(alive) falls with age.
        let scores = customers
            .iter()
            .map(|c| CustomerScore {
                p_alive: 1.0 / (1.0 + c.age / 52.0),
                expected_purchases: 1.0,
                spend_per_purchase: 1.0,
                expected_spend: 1.0,
                clv: Interval {
                    estimate: c.total.max(0.0),
                    low: 0.0,
                    high: 0.0,
                },
            })
            .collect();
        (customers, scores, end)
    }

    #[test]
    fn every_customer_is_in_exactly_one_segment_cell_tier_and_band() {
        let (customers, scores, end) = scored();
        let o = segments_overview(&customers, Some(&scores), end);
        let n = customers.len();
        assert_eq!(o.rfm.iter().map(|(_, m, _)| m.len()).sum::<usize>(), n);
        assert_eq!(
            o.grid
                .iter()
                .flatten()
                .map(|c| c.members.len())
                .sum::<usize>(),
            n
        );
        assert_eq!(o.tiers.iter().map(|(_, m, _)| m.len()).sum::<usize>(), n);
        assert_eq!(o.bands.iter().map(|(_, m, _)| m.len()).sum::<usize>(), n);
        assert_eq!(o.tiers[0].1.len(), n.div_ceil(100), "top 1%");
        let shares: f64 = o.rfm.iter().map(|(_, _, s)| s.customer_share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        // The grid's cells carry the segment of their R and F scores.
        for (r, row) in o.grid.iter().enumerate() {
            for (f, cell) in row.iter().enumerate() {
                for &i in &cell.members {
                    assert_eq!(
                        (o.rfm_scores[i].r as usize, o.rfm_scores[i].f as usize),
                        (r + 1, f + 1)
                    );
                }
            }
        }
        let (edges, counts) = o.histogram.unwrap();
        assert_eq!(
            (edges.len(), counts.iter().sum::<usize>()),
            (HISTOGRAM_BINS + 1, n)
        );
        assert!(o.top20_share > 0.2 && o.top20_share <= 1.0);
        let matrix_total: usize = customers.len();
        assert_eq!(o.p_alive_matrix.len(), FREQUENCY_ROWS);
        assert!(o
            .p_alive_matrix
            .iter()
            .flatten()
            .flatten()
            .all(|p| (0.0..=1.0).contains(p)));
        assert_eq!(matrix_total, n);
    }

    #[test]
    fn without_scores_only_rfm_and_the_grid() {
        let (customers, _, end) = scored();
        let o = segments_overview(&customers, None, end);
        assert_eq!(o.rfm.len(), 11);
        assert!(
            o.tiers.is_empty()
                && o.bands.is_empty()
                && o.lorenz.is_empty()
                && o.histogram.is_none()
        );
        assert!(o.grid.iter().flatten().all(|c| c.clv_mean.is_none()));
    }
}
