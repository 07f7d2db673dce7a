//! Customers summarised elsewhere, as a data set of their own.
//!
//! A summary file (`customer_id,frequency,recency,T,monetary_value`, read by
//! [`super::summary_csv`]) is how data aggregated in DuckDB or Spark gets in.
//! It carries what the models need and nothing more: repeat purchases `x`,
//! recency `t_x` and age `T` in the file's time unit, and the mean repeat
//! purchase `m`. A [`SummaryTable`] is those rows with the two facts the file
//! does not hold: its time unit and the date it was taken (`as_of`).
//!
//! Placed on the calendar from `as_of`, customer `i`'s first purchase is
//! `as_of − T_i` and the last `first + t_x,i` (each rounded to whole days); the
//! customer placed `x_i + 1` orders. The value known is that of the repeat
//! purchases, `x_i · m_i`: the first purchase's value is not in the file, so
//! revenue here is repeat revenue and the average order value is `m_i`. The
//! models see the file's numbers exactly (converted between units by the ratio
//! of their lengths, never through the rounded dates).
//!
//! With the columns `holdout_purchases,holdout_spend` the rows are a
//! calibration period's summaries as of `as_of`, and the holdout period runs
//! to `holdout_end` (lifetimes' `calibration_and_holdout_data` layout): the
//! models are validated on it, as on a log's last months.
//!
//! What needs individual transactions (activity per month, value migration,
//! KPI history) cannot be had from a summary: [`super::dataset::CustomerData`]
//! says so by having no log.

use super::summary::{CustomerSummary, DatasetStats, HoldoutActivity, TimeUnit};
use super::summary_csv::SummaryRow;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Per-customer summaries read from a file, with their unit and date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryTable {
    unit: TimeUnit,
    as_of: NaiveDate,
    holdout_end: Option<NaiveDate>,
    rows: Vec<SummaryRow>,
}

/// Why summary rows do not make a [`SummaryTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum SummaryTableError {
    #[error("the file has no customers")]
    NoCustomers,
    /// The file has holdout columns: the holdout period's end is needed.
    #[error("the file has holdout columns; give the date the holdout period ends")]
    HoldoutEndMissing,
    #[error("the holdout period must end after {as_of}, not on {holdout_end}")]
    HoldoutEndTooEarly {
        as_of: NaiveDate,
        holdout_end: NaiveDate,
    },
    /// `T` reaches back before the calendar's first day.
    #[error("customer {customer_id}: T reaches back before the year 1")]
    TooOld { customer_id: String },
}

/// The holdout period of a calibration summary: each customer's purchases in
/// it (in the rows' order) and its length in the asked unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryHoldout {
    pub activity: Vec<HoldoutActivity>,
    pub length: f64,
}

impl SummaryTable {
    /// Rows in `unit`, taken on `as_of`; `holdout_end` is needed (and only
    /// kept) where the rows have holdout columns.
    pub fn new(
        rows: Vec<SummaryRow>,
        unit: TimeUnit,
        as_of: NaiveDate,
        holdout_end: Option<NaiveDate>,
    ) -> Result<SummaryTable, SummaryTableError> {
        let holdout_end = Self::check(&rows, unit, as_of, holdout_end)?;
        Ok(SummaryTable {
            unit,
            as_of,
            holdout_end,
            rows,
        })
    }

    /// Whether [`SummaryTable::new`] would take these rows and dates (without
    /// taking the rows); `Ok` holds the holdout end it would keep.
    pub fn check(
        rows: &[SummaryRow],
        unit: TimeUnit,
        as_of: NaiveDate,
        holdout_end: Option<NaiveDate>,
    ) -> Result<Option<NaiveDate>, SummaryTableError> {
        if rows.is_empty() {
            return Err(SummaryTableError::NoCustomers);
        }
        let has_holdout = rows.iter().any(|r| r.holdout.is_some());
        let holdout_end = match (has_holdout, holdout_end) {
            (false, _) => None,
            (true, None) => return Err(SummaryTableError::HoldoutEndMissing),
            (true, Some(end)) if end <= as_of => {
                return Err(SummaryTableError::HoldoutEndTooEarly {
                    as_of,
                    holdout_end: end,
                })
            }
            (true, Some(end)) => Some(end),
        };
        if let Some(r) = rows
            .iter()
            .find(|r| days_before(as_of, r.t, unit).is_none())
        {
            return Err(SummaryTableError::TooOld {
                customer_id: r.customer_id.clone(),
            });
        }
        Ok(holdout_end)
    }

    /// The file's time unit.
    pub fn unit(&self) -> TimeUnit {
        self.unit
    }

    /// The date the summaries were taken: the observation end.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The end of the holdout period, where the file has one.
    pub fn holdout_end(&self) -> Option<NaiveDate> {
        self.holdout_end
    }

    pub fn rows(&self) -> &[SummaryRow] {
        &self.rows
    }

    /// Whether the rows carry a monetary value (else no spend model and no value).
    pub fn has_monetary_value(&self) -> bool {
        self.rows.iter().any(|r| r.monetary_value.is_some())
    }

    /// Each customer as of [`SummaryTable::as_of`], recency and age in `unit`
    /// (see the module header for the dates and the revenue).
    pub fn customers(&self, unit: TimeUnit) -> Vec<CustomerSummary> {
        let convert = |units: f64| {
            if unit == self.unit {
                units
            } else {
                units * self.unit.days() / unit.days()
            }
        };
        self.rows
            .iter()
            .map(|r| {
                let first = days_before(self.as_of, r.t, self.unit).expect("checked in new");
                let last = first
                    .checked_add_days(Days::new(whole_days(r.recency, self.unit)))
                    .unwrap_or(self.as_of)
                    .min(self.as_of);
                let frequency = r.frequency as u32;
                let monetary_value = r.monetary_value.unwrap_or(0.0);
                CustomerSummary {
                    customer_id: r.customer_id.clone(),
                    first_purchase: first,
                    last_purchase: last,
                    orders: frequency + 1,
                    frequency,
                    recency: convert(r.recency),
                    age: convert(r.t),
                    total: frequency as f64 * monetary_value,
                    refunds: 0.0,
                    average_order_value: monetary_value,
                    monetary_value,
                }
            })
            .collect()
    }

    /// Totals over the customers (revenue of the repeat purchases).
    pub fn stats(&self, customers: &[CustomerSummary]) -> DatasetStats {
        let orders: usize = customers.iter().map(|c| c.orders as usize).sum();
        let revenue: f64 = customers.iter().map(|c| c.total).sum();
        DatasetStats {
            customers: customers.len(),
            transactions: orders,
            orders,
            refund_count: 0,
            first_date: customers.iter().map(|c| c.first_purchase).min(),
            last_date: customers.iter().map(|c| c.last_purchase).max(),
            gross_revenue: revenue,
            refunds: 0.0,
            net_revenue: revenue,
        }
    }

    /// The holdout period in `unit`, where the file has one.
    pub fn holdout(&self, unit: TimeUnit) -> Option<SummaryHoldout> {
        let end = self.holdout_end?;
        Some(SummaryHoldout {
            activity: self
                .rows
                .iter()
                .map(|r| r.holdout.unwrap_or_default())
                .collect(),
            length: unit.from_days((end - self.as_of).num_days()),
        })
    }
}

/// `units` of `unit` as whole days (rounded to the nearest day).
fn whole_days(units: f64, unit: TimeUnit) -> u64 {
    (units * unit.days()).round() as u64
}

/// The date `units` of `unit` before `date`, if on the calendar.
fn days_before(date: NaiveDate, units: f64, unit: TimeUnit) -> Option<NaiveDate> {
    let days = units * unit.days();
    if !days.is_finite() || days > 3_000_000.0 {
        return None;
    }
    date.checked_sub_days(Days::new(whole_days(units, unit)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::import::parse_transactions;
    use crate::clv::data::summary::{holdout_activity, summarize};
    use crate::clv::data::summary_csv::{
        read_summary_csv, write_holdout_summary_csv, write_summary_csv,
    };

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const LOG: &[u8] = b"customer_id,date,amount\n\
        a,2024-01-01,10\na,2024-01-08,30\na,2024-02-05,50\n\
        b,2024-01-03,5\n\
        c,2024-01-20,12\nc,2024-03-02,8\n";

    /// A log's summary, written and read back as a file.
    fn table_of(end: &str, unit: TimeUnit) -> (Vec<CustomerSummary>, SummaryTable) {
        let log = parse_transactions(LOG).unwrap().log;
        let customers = summarize(&log, date(end), unit);
        let rows = read_summary_csv(write_summary_csv(&customers).as_bytes()).unwrap();
        (
            customers,
            SummaryTable::new(rows, unit, date(end), None).unwrap(),
        )
    }

    #[test]
    fn a_written_summary_read_back_gives_the_same_dates_counts_and_model_inputs() {
        for unit in [TimeUnit::Day, TimeUnit::Week] {
            let (customers, table) = table_of("2024-03-10", unit);
            let read = table.customers(unit);
            for (c, r) in customers.iter().zip(&read) {
                assert_eq!(r.customer_id, c.customer_id);
                assert_eq!(r.first_purchase, c.first_purchase, "{unit:?}");
                assert_eq!(r.last_purchase, c.last_purchase, "{unit:?}");
                assert_eq!((r.frequency, r.orders), (c.frequency, c.orders));
                assert_eq!((r.recency, r.age), (c.recency, c.age));
                assert_eq!(r.monetary_value, c.monetary_value);
            }
        }
    }

    #[test]
    fn revenue_is_the_repeat_purchases_and_the_order_value_their_mean() {
        let (_, table) = table_of("2024-03-10", TimeUnit::Week);
        let customers = table.customers(TimeUnit::Week);
        // a: repeats 30 and 50 (mean 40), b: none, c: 8.
        let totals: Vec<f64> = customers.iter().map(|c| c.total).collect();
        assert_eq!(totals, [80.0, 0.0, 8.0]);
        assert_eq!(customers[0].average_order_value, 40.0);
        let stats = table.stats(&customers);
        assert_eq!((stats.customers, stats.orders), (3, 6));
        assert_eq!(stats.net_revenue, 88.0);
        assert_eq!(stats.first_date, Some(date("2024-01-01")));
        assert_eq!(stats.last_date, Some(date("2024-03-02")));
    }

    #[test]
    fn times_convert_between_units_by_the_ratio_of_their_lengths() {
        let (_, table) = table_of("2024-03-10", TimeUnit::Week);
        let weeks = table.customers(TimeUnit::Week);
        let days = table.customers(TimeUnit::Day);
        assert_eq!(days[0].age, weeks[0].age * 7.0);
        assert_eq!(days[0].age, 69.0);
        assert_eq!(days[2].recency, 42.0);
    }

    #[test]
    fn a_holdout_file_needs_the_end_of_its_holdout_period() {
        let log = parse_transactions(LOG).unwrap().log;
        let calibration_end = date("2024-01-31");
        let customers = summarize(&log, calibration_end, TimeUnit::Day);
        let holdout = holdout_activity(&log, calibration_end, date("2024-03-10"));
        let rows =
            read_summary_csv(write_holdout_summary_csv(&customers, &holdout).as_bytes()).unwrap();
        assert_eq!(
            SummaryTable::new(rows.clone(), TimeUnit::Day, calibration_end, None),
            Err(SummaryTableError::HoldoutEndMissing)
        );
        // The check says the same without taking the rows.
        assert_eq!(
            SummaryTable::check(&rows, TimeUnit::Day, calibration_end, None),
            Err(SummaryTableError::HoldoutEndMissing)
        );
        assert_eq!(
            SummaryTable::check(
                &rows,
                TimeUnit::Day,
                calibration_end,
                Some(date("2024-03-10"))
            ),
            Ok(Some(date("2024-03-10")))
        );
        assert!(matches!(
            SummaryTable::new(
                rows.clone(),
                TimeUnit::Day,
                calibration_end,
                Some(calibration_end)
            ),
            Err(SummaryTableError::HoldoutEndTooEarly { .. })
        ));
        let table = SummaryTable::new(
            rows,
            TimeUnit::Day,
            calibration_end,
            Some(date("2024-03-10")),
        )
        .unwrap();
        let h = table.holdout(TimeUnit::Week).unwrap();
        assert_eq!(h.activity, holdout);
        assert_eq!(h.length, 39.0 / 7.0);
        // a bought once more (50 on 2024-02-05), c once (8 on 2024-03-02).
        assert_eq!(
            h.activity.iter().map(|a| a.purchases).collect::<Vec<_>>(),
            [1, 0, 1]
        );
    }

    #[test]
    fn a_file_without_holdout_columns_keeps_no_holdout_end() {
        let (_, table) = table_of("2024-03-10", TimeUnit::Day);
        let rows = table.rows().to_vec();
        let table = SummaryTable::new(
            rows,
            TimeUnit::Day,
            date("2024-03-10"),
            Some(date("2024-04-01")),
        )
        .unwrap();
        assert_eq!(table.holdout_end(), None);
        assert_eq!(table.holdout(TimeUnit::Day), None);
    }

    #[test]
    fn empty_and_impossible_tables_are_refused() {
        assert_eq!(
            SummaryTable::new(Vec::new(), TimeUnit::Day, date("2024-01-01"), None),
            Err(SummaryTableError::NoCustomers)
        );
        let rows = read_summary_csv(b"customer_id,frequency,recency,T\nold,0,0,1e9\n").unwrap();
        assert_eq!(
            SummaryTable::new(rows, TimeUnit::Week, date("2024-01-01"), None),
            Err(SummaryTableError::TooOld {
                customer_id: "old".into()
            })
        );
    }
}
