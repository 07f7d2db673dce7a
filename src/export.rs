//! Tables as CSV files (machine-readable: ISO dates, `.` decimals, stable headers).

use crate::clv::data::import::{RejectedRow, RowProblem};
use crate::clv::data::summary::{CustomerSummary, TimeUnit};
use crate::clv::valuation::value::CustomerScore;
use crate::lang::Lang;

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

/// The goals table as CSV: one row per goal with its definition and how it is
/// tracking (machine-readable: ISO dates, `.` decimals, keys for KPI, scope,
/// lever and status; shares as fractions).
pub fn goals_csv(
    book: &crate::clv::goals::GoalBook,
    views: &[crate::clv::goals::GoalView],
) -> String {
    use crate::clv::goals::{Scope, SegmentRef};
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "name",
        "kpi",
        "scope",
        "baseline",
        "target",
        "stretch",
        "start",
        "deadline",
        "lever",
        "owner",
        "cost",
        "current",
        "progress",
        "planned_progress",
        "status",
        "days_left",
        "forecast",
        "forecast_low",
        "forecast_high",
        "forecast_reaches_target",
        "value_gained",
        "roi",
        "review_due",
        "check_ins",
        "revisions",
    ])
    .expect("write to memory");
    let opt = |v: Option<f64>, digits: usize| v.map_or(String::new(), |v| round(v, digits));
    for goal in &book.goals {
        let view = views.iter().find(|v| v.id == goal.id);
        let tracking = view.and_then(|v| v.tracking.as_ref());
        let forecast = tracking.and_then(|t| t.forecast);
        let roi = view.and_then(|v| v.roi);
        let scope = match &goal.scope {
            Scope::All => "all".to_owned(),
            Scope::NewSince(d) => format!("new-since:{d}"),
            Scope::ExistingBefore(d) => format!("existing-before:{d}"),
            Scope::Segment(SegmentRef::Rfm(s)) => format!("rfm:{}", s.key()),
            Scope::Segment(SegmentRef::Tier(t)) => format!("tier:{}", t.key()),
            Scope::Segment(SegmentRef::Risk(b)) => format!("risk:{}", b.key()),
            Scope::Segment(SegmentRef::Custom(name)) => format!("custom:{name}"),
        };
        w.write_record([
            goal.id.to_string(),
            goal.name.clone(),
            goal.kpi.key(),
            scope,
            round(goal.baseline, 6),
            round(goal.target, 6),
            opt(goal.stretch, 6),
            goal.start.to_string(),
            goal.deadline.to_string(),
            goal.lever.key().to_owned(),
            goal.owner.clone(),
            round(goal.cost, 2),
            opt(tracking.and_then(|t| t.current), 6),
            opt(tracking.and_then(|t| t.progress), 4),
            opt(tracking.map(|t| t.planned_progress), 4),
            tracking.map_or("", |t| t.status.key()).to_owned(),
            tracking.map_or(String::new(), |t| t.days_left.to_string()),
            opt(forecast.map(|f| f.value), 6),
            opt(forecast.map(|f| f.low), 6),
            opt(forecast.map(|f| f.high), 6),
            forecast.map_or(String::new(), |f| f.reaches_target.to_string()),
            opt(roi.map(|r| r.gain), 2),
            opt(roi.and_then(|r| r.roi), 4),
            view.is_some_and(|v| v.needs_review).to_string(),
            goal.check_ins.len().to_string(),
            goal.revisions.len().to_string(),
        ])
        .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("CSV of UTF-8 strings")
}

/// The rows an import could not read, as CSV: line, column (number and header
/// as in the file), the value at fault and the problem in the user's language.
pub fn rejected_rows_csv(rejected: &[RejectedRow], lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["line", "column", "column_name", "value", "problem"]);
    for r in rejected {
        let (column, name) = r
            .column
            .as_ref()
            .map_or((String::new(), String::new()), |(i, n)| {
                (i.to_string(), n.clone())
            });
        let value = match &r.problem {
            RowProblem::BadDate { value } | RowProblem::BadAmount { value } => value.clone(),
            _ => String::new(),
        };
        let problem = lang.row_problem(&r.problem);
        let _ = w.write_record([r.line.to_string(), column, name, value, problem]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::import::parse_transactions;
    use crate::clv::data::summary::summarize;

    #[test]
    fn rejected_rows_are_listed_with_line_column_value_and_the_problem_in_the_users_language() {
        let file = "customer_id,date,amount\nk1,2024-01-01,10\nk2,31/12/2024,5\nk3,2024-01-02,zehn\n,2024-01-03,1\n";
        let rejected = parse_transactions(file.as_bytes()).unwrap().rejected;
        assert_eq!(
            rejected_rows_csv(&rejected, Lang::En),
            "line,column,column_name,value,problem\n\
             3,2,date,31/12/2024,\"expected a date like 2024-12-31, found “31/12/2024”\"\n\
             4,3,amount,zehn,\"expected an amount like 1234.56, found “zehn”\"\n\
             5,1,customer_id,,the customer id is empty\n"
        );
        assert!(rejected_rows_csv(&rejected, Lang::De).contains("Betrag wie 1234.56 erwartet"));
    }

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
        use crate::clv::estimation::uncertainty::Interval;
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

    #[test]
    fn goals_export_has_one_row_per_goal_with_its_tracking() {
        use crate::clv::data::transactions::TransactionLogBuilder;
        use crate::clv::goals::{goal_views, GoalBook, GoalTemplate, Kpi, KpiContext, Scope};
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let mut b = TransactionLogBuilder::new();
        for m in 1..=6 {
            b.push(&format!("C{m}"), d(&format!("2026-{m:02}-10")), 100.0);
        }
        let log = b.finish();
        let mut book = GoalBook::default();
        let mut goal =
            GoalTemplate::WinNewCustomers.draft("Grow, fast".into(), d("2026-02-15"), 2.0);
        goal.kpi = Kpi::Customers;
        goal.scope = Scope::NewSince(d("2026-01-01"));
        goal.target = 12.0;
        goal.deadline = d("2026-12-31");
        book.add(goal).unwrap();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let views = goal_views(&ctx, &book, d("2026-06-30"), 1.0);
        let csv = goals_csv(&book, &views);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("id,name,kpi,scope,baseline,target"));
        assert!(
            lines[1].starts_with(
                "1,\"Grow, fast\",customers,new-since:2026-01-01,2,12,,2026-02-15,2026-12-31,acquisition,,0,6,0.4,0.4232,at-risk,184,"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",,,true,0,0"), "{}", lines[1]);
    }
}
