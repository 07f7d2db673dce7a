//! Per-customer summaries and data-set statistics as of an observation end.
//!
//! Definitions follow Fader, Hardie & Lee (2005), "Counting your customers the
//! easy way": frequency `x` is the number of repeat purchases (purchase days
//! after the first; several orders on one day count as one purchase), recency
//! `t_x` is the time from the first to the last purchase, and age `T` the time
//! from the first purchase to the observation end, all in an explicit
//! [`TimeUnit`]. Transactions after the observation end are ignored.

use super::transactions::{Transaction, TransactionLog};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The unit recency, age and (later) horizons are expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    Day,
    #[default]
    Week,
}

impl TimeUnit {
    /// Length of one unit in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
        }
    }

    /// Converts a number of days into this unit.
    pub fn from_days(self, days: i64) -> f64 {
        days as f64 / self.days()
    }
}

/// One customer's purchase history, summarised as of the observation end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub customer_id: String,
    pub first_purchase: NaiveDate,
    pub last_purchase: NaiveDate,
    /// Orders (transactions with an amount >= 0).
    pub orders: u32,
    /// Repeat purchases: distinct purchase days after the first.
    pub frequency: u32,
    /// Time from the first to the last purchase, in the chosen unit.
    pub recency: f64,
    /// Time from the first purchase to the observation end, in the chosen unit.
    pub age: f64,
    /// Net revenue: orders less refunds.
    pub total: f64,
    /// Refunds and returns, as a positive sum.
    pub refunds: f64,
    /// Net revenue per order.
    pub average_order_value: f64,
    /// Mean value of the repeat purchases (purchase days after the first, each
    /// day's orders summed; refunds not deducted), as the Gamma-Gamma spend model
    /// uses it; 0 without repeat purchases.
    pub monetary_value: f64,
}

#[cfg(test)]
impl CustomerSummary {
    /// Test support: a customer without an id who placed `orders` orders worth
    /// `total` net between `first` and `last`, `orders − 1` of them repeat
    /// purchases; recency, age, refunds and repeat spend are 0. For tests that
    /// look only at orders, revenue and purchase dates.
    pub(crate) fn with_orders(first: NaiveDate, last: NaiveDate, orders: u32, total: f64) -> Self {
        CustomerSummary {
            customer_id: String::new(),
            first_purchase: first,
            last_purchase: last,
            orders,
            frequency: orders.saturating_sub(1),
            recency: 0.0,
            age: 0.0,
            total,
            refunds: 0.0,
            average_order_value: total / orders as f64,
            monetary_value: 0.0,
        }
    }
}

/// Totals over the whole log (not only up to the observation end).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DatasetStats {
    pub customers: usize,
    pub transactions: usize,
    pub orders: usize,
    pub refund_count: usize,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Sum of all order amounts (before refunds).
    pub gross_revenue: f64,
    /// Refunds as a positive sum.
    pub refunds: f64,
    /// Gross revenue less refunds.
    pub net_revenue: f64,
}

impl DatasetStats {
    pub fn of(log: &TransactionLog) -> Self {
        let mut s = DatasetStats {
            customers: log.customer_ids().len(),
            transactions: log.len(),
            ..Default::default()
        };
        if let Some((first, last)) = log.date_range() {
            s.first_date = Some(first);
            s.last_date = Some(last);
        }
        for t in log.transactions() {
            if t.is_refund() {
                s.refund_count += 1;
                s.refunds -= t.amount;
            } else {
                s.orders += 1;
                s.gross_revenue += t.amount;
            }
        }
        s.net_revenue = s.gross_revenue - s.refunds;
        s
    }
}

/// Summarises every customer with at least one order on or before `end`.
///
/// Customers appear in the order of their external id's first appearance in
/// the log. Refunds count towards the customer's totals but are not purchases.
pub fn summarize(log: &TransactionLog, end: NaiveDate, unit: TimeUnit) -> Vec<CustomerSummary> {
    let mut tallies = vec![PurchaseTally::EMPTY; log.customer_ids().len()];
    for t in log.transactions().iter().take_while(|t| t.date <= end) {
        tallies[t.customer as usize].add(t);
    }
    log.customer_ids()
        .iter()
        .zip(&tallies)
        .filter_map(|(id, tally)| tally.summary(id, end, unit))
        .collect()
}

/// One customer's transactions tallied in date order (as the log keeps
/// them): what [`summarize`] needs, and what the goals' KPI engine keeps
/// while it sweeps the log forward through many dates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PurchaseTally {
    first: Option<NaiveDate>,
    last: NaiveDate,
    last_day_counted: Option<NaiveDate>,
    purchase_days: u32,
    orders: u32,
    gross: f64,
    first_day_gross: f64,
    refunds: f64,
}

impl PurchaseTally {
    pub(crate) const EMPTY: PurchaseTally = PurchaseTally {
        first: None,
        last: NaiveDate::MIN,
        last_day_counted: None,
        purchase_days: 0,
        orders: 0,
        gross: 0.0,
        first_day_gross: 0.0,
        refunds: 0.0,
    };

    /// Counts the next transaction (not earlier than those counted before).
    pub(crate) fn add(&mut self, t: &Transaction) {
        if t.is_refund() {
            self.refunds -= t.amount;
            return;
        }
        self.orders += 1;
        self.gross += t.amount;
        if self.first.is_none() {
            self.first = Some(t.date);
        }
        if self.first == Some(t.date) {
            self.first_day_gross += t.amount;
        }
        if self.last_day_counted != Some(t.date) {
            self.purchase_days += 1;
            self.last_day_counted = Some(t.date);
        }
        self.last = t.date;
    }

    /// The summary as of `end`; `None` before the first order.
    pub(crate) fn summary(
        &self,
        customer_id: &str,
        end: NaiveDate,
        unit: TimeUnit,
    ) -> Option<CustomerSummary> {
        let first = self.first?;
        let total = self.gross - self.refunds;
        let frequency = self.purchase_days - 1;
        Some(CustomerSummary {
            customer_id: customer_id.to_owned(),
            first_purchase: first,
            last_purchase: self.last,
            orders: self.orders,
            frequency,
            recency: unit.from_days((self.last - first).num_days()),
            age: unit.from_days((end - first).num_days()),
            total,
            refunds: self.refunds,
            average_order_value: total / self.orders as f64,
            monetary_value: if frequency > 0 {
                (self.gross - self.first_day_gross) / frequency as f64
            } else {
                0.0
            },
        })
    }
}

/// What a calibration-period customer bought in the holdout period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct HoldoutActivity {
    /// Purchase days in the holdout period (same-day orders count once, as in calibration).
    pub purchases: u32,
    /// Order amounts in the holdout period (refunds not deducted).
    pub spend: f64,
}

/// For a calibration/holdout split: each customer of
/// `summarize(log, calibration_end, _)` (in the same order) with their purchases
/// in `(calibration_end, holdout_end]`. Customers first seen in the holdout
/// period are not included: the models predict for known customers.
pub fn holdout_activity(
    log: &TransactionLog,
    calibration_end: NaiveDate,
    holdout_end: NaiveDate,
) -> Vec<HoldoutActivity> {
    let n = log.customer_ids().len();
    let mut known = vec![false; n];
    let mut activity = vec![HoldoutActivity::default(); n];
    let mut last_day: Vec<Option<NaiveDate>> = vec![None; n];
    for t in log
        .transactions()
        .iter()
        .take_while(|t| t.date <= holdout_end)
    {
        if t.is_refund() {
            continue;
        }
        let c = t.customer as usize;
        if t.date <= calibration_end {
            known[c] = true;
        } else if known[c] {
            let a = &mut activity[c];
            a.spend += t.amount;
            if last_day[c] != Some(t.date) {
                a.purchases += 1;
                last_day[c] = Some(t.date);
            }
        }
    }
    known
        .into_iter()
        .zip(activity)
        .filter_map(|(k, a)| k.then_some(a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::transactions::TransactionLogBuilder;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sample() -> TransactionLog {
        let mut b = TransactionLogBuilder::new();
        // Anna: orders on Jan 1 (two orders, one purchase day), Jan 15, Feb 12, and a refund.
        b.push("anna", d("2024-01-01"), 20.0);
        b.push("anna", d("2024-01-01"), 10.0);
        b.push("anna", d("2024-01-15"), 40.0);
        b.push("anna", d("2024-01-20"), -15.0);
        b.push("anna", d("2024-02-12"), 50.0);
        // Ben: one order only.
        b.push("ben", d("2024-02-05"), 99.5);
        // Cem: orders after the observation end only.
        b.push("cem", d("2024-03-10"), 12.0);
        // Dora: a refund but no order before the end.
        b.push("dora", d("2024-01-10"), -5.0);
        b.finish()
    }

    #[test]
    fn hand_computed_summary_in_days() {
        let end = d("2024-02-26");
        let s = summarize(&sample(), end, TimeUnit::Day);
        assert_eq!(
            s.len(),
            2,
            "cem (after end) and dora (refund only) are not customers yet"
        );
        let anna = &s[0];
        assert_eq!(anna.customer_id, "anna");
        assert_eq!(anna.orders, 4);
        assert_eq!(
            anna.frequency, 2,
            "Jan 1 counts once; Jan 15 and Feb 12 are repeats"
        );
        assert_eq!(anna.first_purchase, d("2024-01-01"));
        assert_eq!(anna.last_purchase, d("2024-02-12"));
        assert_eq!(anna.recency, 42.0);
        assert_eq!(anna.age, 56.0);
        assert_eq!(anna.total, 105.0);
        assert_eq!(anna.refunds, 15.0);
        assert_eq!(anna.average_order_value, 26.25);
        assert_eq!(
            anna.monetary_value, 45.0,
            "repeat days Jan 15 (40) and Feb 12 (50)"
        );
        let ben = &s[1];
        assert_eq!((ben.frequency, ben.orders), (0, 1));
        assert_eq!((ben.recency, ben.age), (0.0, 21.0));
        assert_eq!(ben.average_order_value, 99.5);
        assert_eq!(ben.monetary_value, 0.0);
    }

    #[test]
    fn weeks_divide_days_by_seven() {
        let s = summarize(&sample(), d("2024-02-26"), TimeUnit::Week);
        assert_eq!(s[0].recency, 6.0);
        assert_eq!(s[0].age, 8.0);
        assert_eq!(s[1].age, 3.0);
    }

    #[test]
    fn later_end_includes_later_orders() {
        let s = summarize(&sample(), d("2024-03-10"), TimeUnit::Day);
        let ids: Vec<_> = s.iter().map(|c| c.customer_id.as_str()).collect();
        assert_eq!(ids, ["anna", "ben", "cem"]);
        assert_eq!(s[2].age, 0.0);
    }

    #[test]
    fn end_before_all_data_gives_no_customers() {
        assert!(summarize(&sample(), d("2023-12-31"), TimeUnit::Day).is_empty());
    }

    #[test]
    fn holdout_purchases_follow_the_calibration_customers() {
        let log = sample();
        let calibration_end = d("2024-01-20");
        let calibration = summarize(&log, calibration_end, TimeUnit::Day);
        let ids: Vec<_> = calibration.iter().map(|c| c.customer_id.as_str()).collect();
        assert_eq!(ids, ["anna"], "ben, cem and dora have no order by Jan 20");
        let holdout = holdout_activity(&log, calibration_end, d("2024-03-31"));
        assert_eq!(
            holdout,
            [HoldoutActivity {
                purchases: 1,
                spend: 50.0
            }]
        );
        // The holdout end cuts off later purchases.
        let holdout = holdout_activity(&log, calibration_end, d("2024-02-11"));
        assert_eq!(
            holdout,
            [HoldoutActivity {
                purchases: 0,
                spend: 0.0
            }]
        );
        // A calibration end before any order: nobody to follow.
        assert!(holdout_activity(&log, d("2023-12-31"), d("2024-12-31")).is_empty());
        let later = d("2024-02-26");
        assert_eq!(
            holdout_activity(&log, later, d("2024-12-31")).len(),
            summarize(&log, later, TimeUnit::Day).len()
        );
    }

    #[test]
    fn dataset_stats_by_hand() {
        let st = DatasetStats::of(&sample());
        assert_eq!(st.customers, 4);
        assert_eq!(st.transactions, 8);
        assert_eq!(st.orders, 6);
        assert_eq!(st.refund_count, 2);
        assert_eq!(st.first_date, Some(d("2024-01-01")));
        assert_eq!(st.last_date, Some(d("2024-03-10")));
        assert!((st.gross_revenue - 231.5).abs() < 1e-9);
        assert!((st.refunds - 20.0).abs() < 1e-9);
        assert!((st.net_revenue - 211.5).abs() < 1e-9);
    }
}
