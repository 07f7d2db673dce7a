//! Tables as CSV files (machine-readable: ISO dates, `.` decimals, stable headers).

use crate::clv::summary::{CustomerSummary, TimeUnit};
use crate::clv::value::CustomerScore;

/// The customers table as CSV, rows in the order of `order` (indices into
/// `customers`); with model columns when `scores` (aligned with `customers`) are given.
pub fn customers_csv(
    customers: &[CustomerSummary],
    scores: Option<&[CustomerScore]>,
    order: &[usize],
    unit: TimeUnit,
) -> String {
    let scores = scores.filter(|s| s.len() == customers.len());
    let unit_name = match unit {
        TimeUnit::Day => "days",
        TimeUnit::Week => "weeks",
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let recency = format!("recency_{unit_name}");
    let age = format!("T_{unit_name}");
    let header = [
        "customer_id",
        "first_purchase",
        "last_purchase",
        "orders",
        "frequency",
        recency.as_str(),
        age.as_str(),
        "net_revenue",
        "refunds",
        "average_order_value",
    ];
    let score_header = [
        "p_alive",
        "expected_purchases",
        "expected_revenue",
        "clv",
        "clv_low",
        "clv_high",
    ];
    let header: Vec<&str> = header
        .iter()
        .chain(scores.map_or(&[][..], |_| &score_header[..]))
        .copied()
        .collect();
    // Writing into a Vec cannot fail.
    w.write_record(header).expect("write to memory");
    for &i in order {
        let c = &customers[i];
        let mut record = vec![
            c.customer_id.clone(),
            c.first_purchase.to_string(),
            c.last_purchase.to_string(),
            c.orders.to_string(),
            c.frequency.to_string(),
            round(c.recency, 4),
            round(c.age, 4),
            round(c.total, 2),
            round(c.refunds, 2),
            round(c.average_order_value, 4),
        ];
        if let Some(s) = scores.map(|s| &s[i]) {
            record.extend([
                round(s.p_alive, 6),
                round(s.expected_purchases, 6),
                round(s.expected_spend, 2),
                round(s.clv.estimate, 2),
                round(s.clv.low, 2),
                round(s.clv.high, 2),
            ]);
        }
        w.write_record(record).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory"))
        .expect("CSV of UTF-8 fields is UTF-8")
}

/// A number with at most `decimals` decimals and no trailing zeros.
fn round(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" {
        "0".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::import::parse_transactions;
    use crate::clv::summary::summarize;

    #[test]
    fn customers_table_as_csv() {
        let file = "customer_id,date,amount\n\"Müller, Anna\",2024-01-01,10\n\"Müller, Anna\",2024-01-15,5.25\nB,2024-01-08,-1\nB,2024-01-08,3\n";
        let log = parse_transactions(file.as_bytes()).unwrap().log;
        let s = summarize(&log, "2024-01-29".parse().unwrap(), TimeUnit::Week);
        let csv = customers_csv(&s, None, &[0, 1], TimeUnit::Week);
        assert_eq!(
            csv,
            "customer_id,first_purchase,last_purchase,orders,frequency,recency_weeks,T_weeks,net_revenue,refunds,average_order_value\n\
             \"Müller, Anna\",2024-01-01,2024-01-15,2,1,2,4,15.25,0,7.625\n\
             B,2024-01-08,2024-01-08,1,0,0,3,2,1,2\n"
        );
    }

    #[test]
    fn model_columns_follow_when_scored() {
        use crate::clv::uncertainty::Interval;
        let file = "customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,20\n";
        let log = parse_transactions(file.as_bytes()).unwrap().log;
        let s = summarize(&log, "2024-01-08".parse().unwrap(), TimeUnit::Day);
        let score = |p: f64| CustomerScore {
            p_alive: p,
            expected_purchases: 1.25,
            spend_per_purchase: 8.0,
            expected_spend: 10.0,
            clv: Interval {
                estimate: 9.5,
                low: 7.126,
                high: 12.0,
            },
        };
        let csv = customers_csv(&s, Some(&[score(1.0), score(0.5)]), &[1], TimeUnit::Day);
        assert_eq!(
            csv,
            "customer_id,first_purchase,last_purchase,orders,frequency,recency_days,T_days,net_revenue,refunds,average_order_value,\
             p_alive,expected_purchases,expected_revenue,clv,clv_low,clv_high\n\
             b,2024-01-02,2024-01-02,1,0,0,6,20,0,20,0.5,1.25,10,9.5,7.13,12\n"
        );
    }

    #[test]
    fn rounding_drops_trailing_zeros() {
        assert_eq!(round(2.5, 2), "2.5");
        assert_eq!(round(3.0, 4), "3");
        assert_eq!(round(-0.0001, 2), "0");
        assert_eq!(round(1.0 / 3.0, 4), "0.3333");
    }
}
