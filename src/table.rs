//! Searching and sorting the customers table (pure, so it is tested natively
//! and stays quick for hundreds of thousands of rows).

use crate::clv::data::summary::CustomerSummary;
use crate::clv::valuation::value::CustomerScore;
use crate::i18n::Texts;
use std::cmp::Ordering;

/// A sortable column of the customers table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerColumn {
    Customer,
    FirstPurchase,
    LastPurchase,
    Frequency,
    Recency,
    Age,
    Orders,
    Total,
    AverageOrderValue,
    /// Model columns: only with scores.
    PAlive,
    ExpectedPurchases,
    ExpectedSpend,
    Clv,
}

impl CustomerColumn {
    /// The columns from the purchase history.
    pub const HISTORY: [CustomerColumn; 9] = [
        CustomerColumn::Customer,
        CustomerColumn::FirstPurchase,
        CustomerColumn::LastPurchase,
        CustomerColumn::Frequency,
        CustomerColumn::Recency,
        CustomerColumn::Age,
        CustomerColumn::Orders,
        CustomerColumn::Total,
        CustomerColumn::AverageOrderValue,
    ];

    /// The columns from a fitted model.
    pub const SCORES: [CustomerColumn; 4] = [
        CustomerColumn::PAlive,
        CustomerColumn::ExpectedPurchases,
        CustomerColumn::ExpectedSpend,
        CustomerColumn::Clv,
    ];

    pub fn title(self, t: &Texts) -> &'static str {
        match self {
            CustomerColumn::Customer => t.col_customer,
            CustomerColumn::FirstPurchase => t.col_first_purchase,
            CustomerColumn::LastPurchase => t.col_last_purchase,
            CustomerColumn::Frequency => t.col_frequency,
            CustomerColumn::Recency => t.col_recency,
            CustomerColumn::Age => t.col_age,
            CustomerColumn::Orders => t.col_orders,
            CustomerColumn::Total => t.col_total,
            CustomerColumn::AverageOrderValue => t.col_aov,
            CustomerColumn::PAlive => t.col_p_alive,
            CustomerColumn::ExpectedPurchases => t.col_expected_purchases,
            CustomerColumn::ExpectedSpend => t.col_expected_spend,
            CustomerColumn::Clv => t.col_clv,
        }
    }

    /// Whether the column needs model scores.
    pub fn is_score(self) -> bool {
        Self::SCORES.contains(&self)
    }

    /// Numbers are right-aligned and sort largest first on the first click.
    pub fn is_numeric(self) -> bool {
        !matches!(self, CustomerColumn::Customer)
    }

    fn compare(
        self,
        a: &CustomerSummary,
        b: &CustomerSummary,
        sa: Option<&CustomerScore>,
        sb: Option<&CustomerScore>,
    ) -> Ordering {
        let score = |f: fn(&CustomerScore) -> f64| match (sa, sb) {
            (Some(x), Some(y)) => f(x).total_cmp(&f(y)),
            _ => Ordering::Equal,
        };
        match self {
            CustomerColumn::Customer => {
                natural_key(&a.customer_id).cmp(&natural_key(&b.customer_id))
            }
            CustomerColumn::FirstPurchase => a.first_purchase.cmp(&b.first_purchase),
            CustomerColumn::LastPurchase => a.last_purchase.cmp(&b.last_purchase),
            CustomerColumn::Frequency => a.frequency.cmp(&b.frequency),
            CustomerColumn::Recency => a.recency.total_cmp(&b.recency),
            CustomerColumn::Age => a.age.total_cmp(&b.age),
            CustomerColumn::Orders => a.orders.cmp(&b.orders),
            CustomerColumn::Total => a.total.total_cmp(&b.total),
            CustomerColumn::AverageOrderValue => {
                a.average_order_value.total_cmp(&b.average_order_value)
            }
            CustomerColumn::PAlive => score(|s| s.p_alive),
            CustomerColumn::ExpectedPurchases => score(|s| s.expected_purchases),
            CustomerColumn::ExpectedSpend => score(|s| s.expected_spend),
            CustomerColumn::Clv => score(|s| s.clv.estimate),
        }
    }
}

/// A sort key for ids so that "K-9" comes before "K-10": the lower-cased stem,
/// then the trailing number (by length, then digits), then the id itself.
fn natural_key(id: &str) -> (String, usize, &str, &str) {
    let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = id[stem.len()..].trim_start_matches('0');
    (stem.to_lowercase(), digits.len(), digits, id)
}

/// Indices of the customers whose id contains `query` (case-insensitive),
/// sorted by `column`; ties keep the summary's order. `scores`, aligned with
/// `customers`, are needed to sort by a model column (without them such a sort
/// keeps the summary's order).
pub fn customer_rows(
    customers: &[CustomerSummary],
    scores: Option<&[CustomerScore]>,
    query: &str,
    column: CustomerColumn,
    descending: bool,
) -> Vec<usize> {
    let scores = scores.filter(|s| s.len() == customers.len());
    let q = query.trim().to_lowercase();
    let mut idx: Vec<usize> = (0..customers.len())
        .filter(|&i| q.is_empty() || customers[i].customer_id.to_lowercase().contains(&q))
        .collect();
    if column == CustomerColumn::Customer {
        // Build each id's key once, not at every comparison.
        idx.sort_by_cached_key(|&i| natural_key(&customers[i].customer_id));
        if descending {
            idx.reverse();
        }
    } else {
        idx.sort_by(|&a, &b| {
            let o = column.compare(
                &customers[a],
                &customers[b],
                scores.map(|s| &s[a]),
                scores.map(|s| &s[b]),
            );
            if descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    idx
}

/// Keeps only the rows of the customers in `members` (indices into the
/// summary of `customers` customers; others are ignored), in the rows' order.
pub fn keep_members(rows: &mut Vec<usize>, members: &[usize], customers: usize) {
    let mut member = vec![false; customers];
    for &i in members.iter().filter(|&&i| i < customers) {
        member[i] = true;
    }
    rows.retain(|&i| i < customers && member[i]);
}

/// Page `index` of a table of `rows` rows, `size` rows a page: the rows
/// `start..end` it shows, and how many pages there are (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TablePage {
    pub start: usize,
    pub end: usize,
    pub rows: usize,
    pub pages: usize,
}

impl TablePage {
    pub fn new(rows: usize, index: usize, size: usize) -> TablePage {
        let size = size.max(1);
        let pages = rows.div_ceil(size).max(1);
        let start = (index.min(pages - 1) * size).min(rows);
        TablePage {
            start,
            end: (start + size).min(rows),
            rows,
            pages,
        }
    }

    /// The first row shown, counted from 1 (0 for an empty table).
    pub fn first_shown(&self) -> usize {
        if self.rows == 0 {
            0
        } else {
            self.start + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn customer(id: &str, total: f64, first: &str) -> CustomerSummary {
        let first: NaiveDate = first.parse().unwrap();
        CustomerSummary {
            customer_id: id.into(),
            age: 1.0,
            ..CustomerSummary::with_orders(first, first, 1, total)
        }
    }

    fn table() -> Vec<CustomerSummary> {
        vec![
            customer("K-10", 5.0, "2024-01-03"),
            customer("k-9", 50.0, "2024-01-01"),
            customer("K-009", 7.5, "2024-01-02"),
            customer("Anna", 5.0, "2024-01-05"),
            customer("K-100", -2.0, "2024-01-04"),
        ]
    }

    fn ids(rows: &[usize], t: &[CustomerSummary]) -> Vec<String> {
        rows.iter().map(|&i| t[i].customer_id.clone()).collect()
    }

    #[test]
    fn ids_sort_naturally_and_case_insensitively() {
        let t = table();
        let rows = customer_rows(&t, None, "", CustomerColumn::Customer, false);
        assert_eq!(ids(&rows, &t), ["Anna", "K-009", "k-9", "K-10", "K-100"]);
        let rows = customer_rows(&t, None, "", CustomerColumn::Customer, true);
        assert_eq!(ids(&rows, &t), ["K-100", "K-10", "k-9", "K-009", "Anna"]);
    }

    #[test]
    fn numbers_and_dates_sort_with_stable_ties() {
        let t = table();
        let rows = customer_rows(&t, None, "", CustomerColumn::Total, true);
        assert_eq!(ids(&rows, &t), ["k-9", "K-009", "K-10", "Anna", "K-100"]);
        let rows = customer_rows(&t, None, "", CustomerColumn::FirstPurchase, false);
        assert_eq!(ids(&rows, &t), ["k-9", "K-009", "K-10", "K-100", "Anna"]);
    }

    #[test]
    fn model_columns_sort_by_the_scores() {
        use crate::clv::estimation::uncertainty::Interval;
        let t = table();
        let scores: Vec<CustomerScore> = [0.9, 0.1, 0.5, 0.7, 0.3]
            .iter()
            .map(|&p| CustomerScore {
                p_alive: p,
                expected_purchases: 10.0 * p,
                spend_per_purchase: 1.0,
                expected_spend: 10.0 * p,
                clv: Interval {
                    estimate: 100.0 - p,
                    low: 0.0,
                    high: 200.0,
                },
            })
            .collect();
        let rows = customer_rows(&t, Some(&scores), "", CustomerColumn::PAlive, true);
        assert_eq!(ids(&rows, &t), ["K-10", "Anna", "K-009", "K-100", "k-9"]);
        let rows = customer_rows(&t, Some(&scores), "", CustomerColumn::Clv, true);
        assert_eq!(ids(&rows, &t), ["k-9", "K-100", "K-009", "Anna", "K-10"]);
        // Without (matching) scores a model column keeps the summary's order.
        let rows = customer_rows(&t, None, "", CustomerColumn::Clv, false);
        assert_eq!(rows, [0, 1, 2, 3, 4]);
        let rows = customer_rows(&t, Some(&scores[..2]), "", CustomerColumn::Clv, false);
        assert_eq!(rows, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn search_is_case_insensitive_and_trimmed() {
        let t = table();
        let rows = customer_rows(&t, None, "  k-1 ", CustomerColumn::Customer, false);
        assert_eq!(ids(&rows, &t), ["K-10", "K-100"]);
        assert!(customer_rows(&t, None, "zz", CustomerColumn::Total, true).is_empty());
    }

    #[test]
    fn a_segment_filter_keeps_its_members_in_the_sorted_order() {
        let mut rows = vec![4, 0, 3, 1, 2];
        keep_members(&mut rows, &[1, 3, 4, 99], 5);
        assert_eq!(rows, [4, 3, 1]);
        let mut rows = vec![0, 1];
        keep_members(&mut rows, &[], 2);
        assert!(rows.is_empty());
    }

    #[test]
    fn pages_cover_every_row_once_and_the_last_page_is_short() {
        let page = TablePage::new(120, 2, 50);
        assert_eq!((page.start, page.end, page.pages), (100, 120, 3));
        assert_eq!(page.first_shown(), 101);
        let first = TablePage::new(120, 0, 50);
        assert_eq!((first.start, first.end, first.first_shown()), (0, 50, 1));
        // A page past the end shows the last one; an empty table has one empty page.
        assert_eq!(TablePage::new(120, 9, 50), page);
        let empty = TablePage::new(0, 0, 50);
        assert_eq!(
            (empty.start, empty.end, empty.pages, empty.first_shown()),
            (0, 0, 1, 0)
        );
    }
}
