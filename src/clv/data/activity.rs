//! Activity per calendar month: orders, new customers and net revenue.

use super::transactions::TransactionLog;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One calendar month of activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthActivity {
    /// The month's first day.
    pub month: NaiveDate,
    /// Orders (amount >= 0) in the month.
    pub orders: usize,
    /// Customers whose first order falls into the month.
    pub new_customers: usize,
    /// Orders less refunds in the month.
    pub net_revenue: f64,
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn month_start(index: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .expect("a valid month")
}

/// Every month from the first transaction's to `end`'s (empty months included);
/// transactions after `end` are ignored.
pub fn monthly_activity(log: &TransactionLog, end: NaiveDate) -> Vec<MonthActivity> {
    let Some((first, _)) = log.date_range() else {
        return Vec::new();
    };
    if end < first {
        return Vec::new();
    }
    let base = month_index(first);
    let mut months: Vec<MonthActivity> = (base..=month_index(end))
        .map(|i| MonthActivity {
            month: month_start(i),
            orders: 0,
            new_customers: 0,
            net_revenue: 0.0,
        })
        .collect();
    let mut seen = vec![false; log.customer_ids().len()];
    for t in log.transactions().iter().take_while(|t| t.date <= end) {
        let m = &mut months[(month_index(t.date) - base) as usize];
        m.net_revenue += t.amount;
        if !t.is_refund() {
            m.orders += 1;
            if !std::mem::replace(&mut seen[t.customer as usize], true) {
                m.new_customers += 1;
            }
        }
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::transactions::TransactionLogBuilder;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_by_hand() {
        let mut b = TransactionLogBuilder::new();
        b.push("a", d("2023-11-30"), 10.0);
        b.push("a", d("2024-01-02"), 20.0);
        b.push("b", d("2024-01-31"), 5.0);
        b.push("a", d("2024-01-15"), -4.0);
        b.push("c", d("2024-02-01"), -1.0); // a refund is not a first order
        b.push("c", d("2024-03-01"), 7.0); // after the end
        let m = monthly_activity(&b.finish(), d("2024-02-29"));
        let months: Vec<_> = m.iter().map(|x| x.month).collect();
        assert_eq!(
            months,
            [
                d("2023-11-01"),
                d("2023-12-01"),
                d("2024-01-01"),
                d("2024-02-01")
            ]
        );
        let counts: Vec<_> = m.iter().map(|x| (x.orders, x.new_customers)).collect();
        assert_eq!(counts, [(1, 1), (0, 0), (2, 1), (0, 0)]);
        let revenue: Vec<_> = m.iter().map(|x| x.net_revenue).collect();
        assert_eq!(revenue, [10.0, 0.0, 21.0, -1.0]);
    }

    #[test]
    fn new_customers_add_up_to_all_customers_with_an_order() {
        let log = crate::clv::data::demo::demo_log();
        let (_, last) = log.date_range().unwrap();
        let m = monthly_activity(&log, last);
        assert_eq!(m.len(), 24);
        assert_eq!(m.iter().map(|x| x.new_customers).sum::<usize>(), 3_000);
        let stats = crate::clv::data::summary::DatasetStats::of(&log);
        assert_eq!(m.iter().map(|x| x.orders).sum::<usize>(), stats.orders);
        assert!((m.iter().map(|x| x.net_revenue).sum::<f64>() - stats.net_revenue).abs() < 1e-6);
    }

    #[test]
    fn empty_log_or_early_end_gives_no_months() {
        assert!(monthly_activity(&TransactionLog::default(), d("2024-01-01")).is_empty());
        let mut b = TransactionLogBuilder::new();
        b.push("a", d("2024-05-05"), 1.0);
        assert!(monthly_activity(&b.finish(), d("2024-04-30")).is_empty());
    }
}
