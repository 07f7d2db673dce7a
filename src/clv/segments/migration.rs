//! How customers moved between RFM segments from one date to another.
//!
//! Each date is an observation end of its own: the log is summarised as of
//! that date (later transactions ignored) and scored against the customers of
//! that date. Scores are quintiles, so a customer can also move because the
//! others changed, e.g. when many new customers arrive. A customer with an
//! order by the first date has one by the second, so every row's customers
//! reappear in some column; customers who first bought in between come from
//! the row "not a customer yet".

use super::super::summary::{summarize, CustomerSummary, TimeUnit};
use super::super::transactions::TransactionLog;
use super::super::value::CustomerScore;
use super::rfm::{rfm_scores, RfmSegment};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Each customer with an order on or before `as_of`, by index in the log
/// (ascending), with their RFM segment as of that date.
pub fn rfm_segments_as_of(log: &TransactionLog, as_of: NaiveDate) -> Vec<(u32, RfmSegment)> {
    let customers = summarize(log, as_of, TimeUnit::Day);
    // `summarize` keeps the customers with an order by `as_of`, in index order.
    let mut ordered = vec![false; log.customer_ids().len()];
    for t in log.transactions().iter().take_while(|t| t.date <= as_of) {
        if !t.is_refund() {
            ordered[t.customer as usize] = true;
        }
    }
    let indices: Vec<u32> = (0..ordered.len() as u32)
        .filter(|&i| ordered[i as usize])
        .collect();
    debug_assert_eq!(indices.len(), customers.len());
    indices
        .into_iter()
        .zip(rfm_scores(&customers, as_of))
        .map(|(i, score)| (i, score.segment()))
        .collect()
}

/// Customers and value moving between segments: a matrix of rows `from`
/// (the 11 segments in [`RfmSegment::ALL`] order, then `None` for "not a
/// customer yet") by columns `to` (the 11 segments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    /// Row labels; `None` is "not a customer yet" (no order by `from_date`).
    pub from: Vec<Option<RfmSegment>>,
    /// Column labels.
    pub to: Vec<RfmSegment>,
    /// Customers per cell, `[from][to]`.
    pub customers: Vec<Vec<usize>>,
    /// The sum of `value_of` over each cell's customers, `[from][to]`.
    pub value: Vec<Vec<f64>>,
}

impl Migration {
    /// The row of a starting segment (`None`: not a customer yet).
    pub fn row(from: Option<RfmSegment>) -> usize {
        from.map_or(RfmSegment::ALL.len(), RfmSegment::index)
    }

    /// Customers and value moving from `from` to `to`.
    pub fn cell(&self, from: Option<RfmSegment>, to: RfmSegment) -> (usize, f64) {
        let r = Self::row(from);
        (self.customers[r][to.index()], self.value[r][to.index()])
    }

    /// Customers counted, i.e. those with an order by `to_date`.
    pub fn total_customers(&self) -> usize {
        self.customers.iter().flatten().sum()
    }

    /// Customers who were in a segment at `from_date` and still are at `to_date`.
    pub fn stayed(&self) -> usize {
        (0..RfmSegment::ALL.len())
            .map(|s| self.customers[s][s])
            .sum()
    }

    /// The largest count in a cell (at least 1: the scale of a heat map).
    pub fn max_customers(&self) -> usize {
        self.customers
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// Migration dates that are not in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum MigrationError {
    #[error("the start date {from} must be before the end date {to}")]
    DatesOutOfOrder { from: NaiveDate, to: NaiveDate },
}

/// How customers moved between RFM segments from `from` to `to` (`from < to`),
/// with `value_of(customer index in the log)` summed per cell, e.g. each
/// customer's CLV or revenue.
pub fn migration(
    log: &TransactionLog,
    from: NaiveDate,
    to: NaiveDate,
    value_of: impl Fn(u32) -> f64,
) -> Result<Migration, MigrationError> {
    if from >= to {
        return Err(MigrationError::DatesOutOfOrder { from, to });
    }
    let segments = RfmSegment::ALL.len();
    let mut before: Vec<Option<RfmSegment>> = vec![None; log.customer_ids().len()];
    for (i, s) in rfm_segments_as_of(log, from) {
        before[i as usize] = Some(s);
    }
    let mut m = Migration {
        from_date: from,
        to_date: to,
        from: RfmSegment::ALL
            .into_iter()
            .map(Some)
            .chain([None])
            .collect(),
        to: RfmSegment::ALL.to_vec(),
        customers: vec![vec![0; segments]; segments + 1],
        value: vec![vec![0.0; segments]; segments + 1],
    };
    for (i, after) in rfm_segments_as_of(log, to) {
        let r = Migration::row(before[i as usize]);
        m.customers[r][after.index()] += 1;
        m.value[r][after.index()] += value_of(i);
    }
    Ok(m)
}

/// [`migration`] valued as the Segments page shows it: each customer at their
/// current CLV where the model has scores (`scores` aligned with `customers`),
/// else at their net revenue; customers of the log missing from `customers`
/// count 0.
pub fn migration_by_current_value(
    log: &TransactionLog,
    customers: &[CustomerSummary],
    scores: Option<&[CustomerScore]>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Migration, MigrationError> {
    let index: HashMap<&str, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.customer_id.as_str(), i))
        .collect();
    let ids = log.customer_ids();
    migration(log, from, to, |c| {
        match (index.get(ids[c as usize].as_str()), scores) {
            (Some(&i), Some(scores)) => scores[i].clv.estimate,
            (Some(&i), None) => customers[i].total,
            (None, _) => 0.0,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::transactions::TransactionLogBuilder;
    use RfmSegment::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const A: &str = "2024-06-30";
    const B: &str = "2024-12-31";

    /// Ten customers c0..c9 and one with a refund only (index 0 in the log).
    ///
    /// As of A (c0..c4; score = rank + 1):
    ///
    /// | customer | last  | orders | revenue | R | F | segment        |
    /// |----------|-------|--------|---------|---|---|----------------|
    /// | c0       | 06-25 | 5      | 500     | 5 | 5 | Champions      |
    /// | c1       | 06-20 | 1      | 50      | 4 | 2 | Pot. Loyalists |
    /// | c2       | 03-01 | 3      | 120     | 2 | 4 | At Risk        |
    /// | c3       | 05-20 | 2      | 60      | 3 | 3 | Need Attention |
    /// | c4       | 01-02 | 1      | 20      | 1 | 1 | Lost           |
    ///
    /// As of B (ten customers, two per score):
    ///
    /// | customer | last  | orders | revenue | R | F | segment         |
    /// |----------|-------|--------|---------|---|---|-----------------|
    /// | c0       | 12-20 | 7      | 700     | 4 | 5 | Loyal Customers |
    /// | c1       | 06-20 | 1      | 50      | 2 | 3 | At Risk         |
    /// | c2       | 12-28 | 4      | 160     | 5 | 5 | Champions       |
    /// | c3       | 05-20 | 2      | 60      | 1 | 3 | At Risk         |
    /// | c4       | 01-02 | 1      | 20      | 1 | 1 | Lost            |
    /// | c5       | 12-01 | 3      | 90      | 4 | 4 | Loyal Customers |
    /// | c6       | 12-30 | 1      | 25      | 5 | 2 | Pot. Loyalists  |
    /// | c7       | 07-15 | 1      | 35      | 2 | 2 | Hibernating     |
    /// | c8       | 11-15 | 2      | 90      | 3 | 4 | Loyal Customers |
    /// | c9       | 10-10 | 1      | 15      | 3 | 1 | About to Sleep  |
    ///
    /// (R by last purchase; F by orders, the one-order customers by revenue:
    /// c9, c4, c6, c7, c1.)
    fn history(after_b: bool) -> TransactionLog {
        let mut b = TransactionLogBuilder::new();
        b.push("refund-only", d("2024-03-01"), -10.0);
        let orders: [(&str, &[&str], f64); 10] = [
            (
                "c0",
                &[
                    "2024-01-10",
                    "2024-02-10",
                    "2024-03-10",
                    "2024-04-10",
                    "2024-06-25",
                    "2024-09-10",
                    "2024-12-20",
                ],
                100.0,
            ),
            ("c1", &["2024-06-20"], 50.0),
            (
                "c2",
                &["2024-01-05", "2024-02-05", "2024-03-01", "2024-12-28"],
                40.0,
            ),
            ("c3", &["2024-01-15", "2024-05-20"], 30.0),
            ("c4", &["2024-01-02"], 20.0),
            ("c5", &["2024-08-01", "2024-10-01", "2024-12-01"], 30.0),
            ("c6", &["2024-12-30"], 25.0),
            ("c7", &["2024-07-15"], 35.0),
            ("c8", &["2024-09-01", "2024-11-15"], 45.0),
            ("c9", &["2024-10-10"], 15.0),
        ];
        for (id, dates, amount) in orders {
            for date in dates {
                b.push(id, d(date), amount);
            }
        }
        if after_b {
            // After B: changes nothing as of B.
            b.push("c4", d("2025-01-02"), 999.0);
            b.push("c7", d("2025-01-01"), -35.0);
            b.push("late", d("2025-01-05"), 10.0);
        }
        b.finish()
    }

    /// Log index of customer `c{k}` (the refund-only customer is index 0).
    fn ix(k: u32) -> u32 {
        k + 1
    }

    #[test]
    fn segments_as_of_a_date() {
        let log = history(false);
        assert_eq!(log.customer_ids()[ix(3) as usize], "c3");
        assert_eq!(
            rfm_segments_as_of(&log, d(A)),
            [
                (ix(0), Champions),
                (ix(1), PotentialLoyalists),
                (ix(2), AtRisk),
                (ix(3), NeedAttention),
                (ix(4), Lost),
            ],
            "c5..c9 and the refund-only customer are not customers yet"
        );
        let at_b = rfm_segments_as_of(&log, d(B));
        let segments: Vec<RfmSegment> = at_b.iter().map(|&(_, s)| s).collect();
        assert_eq!(
            at_b.iter().map(|&(i, _)| i).collect::<Vec<_>>(),
            (1..=10).collect::<Vec<_>>()
        );
        assert_eq!(
            segments,
            [
                LoyalCustomers,
                AtRisk,
                Champions,
                AtRisk,
                Lost,
                LoyalCustomers,
                PotentialLoyalists,
                Hibernating,
                LoyalCustomers,
                AboutToSleep,
            ]
        );
        assert!(rfm_segments_as_of(&log, d("2023-12-31")).is_empty());
    }

    #[test]
    fn later_transactions_change_nothing() {
        let (plain, later) = (history(false), history(true));
        for date in [A, B] {
            assert_eq!(
                rfm_segments_as_of(&plain, d(date)),
                rfm_segments_as_of(&later, d(date)),
                "{date}"
            );
        }
        let value = |c: u32| c as f64;
        assert_eq!(
            migration(&plain, d(A), d(B), value).unwrap(),
            migration(&later, d(A), d(B), value).unwrap()
        );
    }

    #[test]
    fn moves_from_a_to_b() {
        let log = history(false);
        // Value: 10 × (k + 1) for customer c{k}.
        let m = migration(&log, d(A), d(B), |i| 10.0 * i as f64).unwrap();
        assert_eq!(m.from.len(), 12);
        assert_eq!(m.from[11], None);
        assert_eq!(m.to, RfmSegment::ALL);
        assert_eq!(m.cell(Some(Champions), LoyalCustomers), (1, 10.0));
        assert_eq!(m.cell(Some(PotentialLoyalists), AtRisk), (1, 20.0));
        assert_eq!(m.cell(Some(AtRisk), Champions), (1, 30.0));
        assert_eq!(m.cell(Some(NeedAttention), AtRisk), (1, 40.0));
        assert_eq!(m.cell(Some(Lost), Lost), (1, 50.0));
        // New since A: c5 and c8 are loyal, c6 a potential loyalist, c7
        // hibernating, c9 about to sleep.
        assert_eq!(m.cell(None, LoyalCustomers), (2, 60.0 + 90.0));
        assert_eq!(m.cell(None, PotentialLoyalists), (1, 70.0));
        assert_eq!(m.cell(None, Hibernating), (1, 80.0));
        assert_eq!(m.cell(None, AboutToSleep), (1, 100.0));
        assert_eq!(m.total_customers(), 10);
        assert_eq!(m.stayed(), 1, "only c4 stayed (lost)");
        let new: usize = m.customers[Migration::row(None)].iter().sum();
        assert_eq!(new, 5);
        let total: f64 = m.value.iter().flatten().sum();
        assert_eq!(total, 550.0);
        // Every other cell is empty.
        let filled = m.customers.iter().flatten().filter(|&&c| c > 0).count();
        assert_eq!(filled, 9);
    }

    #[test]
    fn dates_must_be_in_order() {
        let log = history(false);
        assert_eq!(
            migration(&log, d(B), d(A), |_| 0.0),
            Err(MigrationError::DatesOutOfOrder {
                from: d(B),
                to: d(A)
            })
        );
        assert!(migration(&log, d(A), d(A), |_| 0.0).is_err());
        // Before any order: everyone is new.
        let m = migration(&log, d("2023-01-01"), d(A), |_| 1.0).unwrap();
        assert_eq!(m.customers[Migration::row(None)].iter().sum::<usize>(), 5);
        assert_eq!(m.total_customers(), 5);
        // An empty log.
        let empty = TransactionLogBuilder::new().finish();
        assert_eq!(
            migration(&empty, d(A), d(B), |_| 1.0)
                .unwrap()
                .total_customers(),
            0
        );
    }

    #[test]
    fn migration_by_current_value_sums_net_revenue_without_a_model() {
        let log = history(false);
        let customers = summarize(&log, d(B), TimeUnit::Week);
        let m = migration_by_current_value(&log, &customers, None, d(A), d(B)).unwrap();
        // c0: Champions → Loyal Customers, 700 of net revenue as of B.
        assert_eq!(m.cell(Some(Champions), LoyalCustomers), (1, 700.0));
        // c5 and c8 arrived in between: not a customer yet → Loyal Customers.
        assert_eq!(m.cell(None, LoyalCustomers), (2, 90.0 + 90.0));
        let revenue: f64 = customers.iter().map(|c| c.total).sum();
        let valued: f64 = m.value.iter().flatten().sum();
        assert!((valued - revenue).abs() < 1e-9, "{valued} vs {revenue}");
        assert_eq!(m.max_customers(), 2);
    }

    #[test]
    fn migration_by_current_value_takes_the_model_clv_where_there_is_one() {
        use crate::clv::uncertainty::Interval;
        let log = history(false);
        let customers = summarize(&log, d(B), TimeUnit::Week);
        // A CLV of 1000 + the customer's position, to see who lands where.
        let scores: Vec<CustomerScore> = (0..customers.len())
            .map(|i| CustomerScore {
                p_alive: 1.0,
                expected_purchases: 0.0,
                spend_per_purchase: 0.0,
                expected_spend: 0.0,
                clv: Interval::from_draws(1000.0 + i as f64, &mut []),
            })
            .collect();
        let m = migration_by_current_value(&log, &customers, Some(&scores), d(A), d(B)).unwrap();
        let c0 = customers
            .iter()
            .position(|c| c.customer_id == "c0")
            .unwrap();
        assert_eq!(
            m.cell(Some(Champions), LoyalCustomers),
            (1, 1000.0 + c0 as f64)
        );
    }
}
