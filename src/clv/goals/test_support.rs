//! Fixtures shared by the goal modules' tests: dates from text, a goal over
//! 2026 and a transaction log from its rows.

use super::goal::{Goal, Lever};
use super::kpi::{Kpi, Scope};
use crate::clv::data::transactions::{TransactionLog, TransactionLogBuilder};
use chrono::NaiveDate;

/// The date written `YYYY-MM-DD`.
pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A goal with id 1 on `kpi` from `baseline` to `target` over 2026 (January 1
/// to December 31, 364 days), for all customers, on the retention lever;
/// without a name, stretch, owner, cost, notes, milestones, check-ins or
/// revisions. Tests change what they need with `Goal { .., ..goal_over_2026(..) }`.
pub(crate) fn goal_over_2026(kpi: Kpi, baseline: f64, target: f64) -> Goal {
    Goal {
        id: 1,
        name: String::new(),
        kpi,
        scope: Scope::All,
        baseline,
        target,
        stretch: None,
        start: d("2026-01-01"),
        deadline: d("2026-12-31"),
        lever: Lever::Retention,
        owner: String::new(),
        cost: 0.0,
        notes: String::new(),
        milestones: vec![],
        check_ins: vec![],
        revisions: vec![],
    }
}

/// A transaction log of `(customer id, date, amount)` rows, pushed in their order.
pub(crate) fn log_of<S: AsRef<str>>(
    rows: impl IntoIterator<Item = (S, NaiveDate, f64)>,
) -> TransactionLog {
    let mut b = TransactionLogBuilder::new();
    for (customer, date, amount) in rows {
        b.push(customer.as_ref(), date, amount);
    }
    b.finish()
}
