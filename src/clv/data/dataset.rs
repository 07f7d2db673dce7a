//! The data a workspace values: a transaction log, or per-customer summaries
//! made elsewhere ([`super::summary_table`]).
//!
//! Everything the models, scores, segments and equity need comes from either
//! ([`CustomerData::customers`]); what needs individual purchases (activity per
//! month, value migration, KPI history) asks [`CustomerData::transactions`],
//! which a summary does not have.

use super::summary::{summarize, CustomerSummary, DatasetStats, TimeUnit};
use super::summary_table::SummaryTable;
use super::transactions::TransactionLog;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Transactions, or customers summarised elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CustomerData {
    Transactions(TransactionLog),
    Summaries(SummaryTable),
}

/// Identifies a data set cheaply: counts, date range and a sum of its amounts
/// (the bits of an `f64`), to tell whether a result was computed on it.
pub type DataFingerprint = (usize, usize, Option<(NaiveDate, NaiveDate)>, u64);

impl CustomerData {
    /// The individual transactions, where the data has them.
    pub fn transactions(&self) -> Option<&TransactionLog> {
        match self {
            CustomerData::Transactions(log) => Some(log),
            CustomerData::Summaries(_) => None,
        }
    }

    /// The summaries, where the data is a summary file.
    pub fn summaries(&self) -> Option<&SummaryTable> {
        match self {
            CustomerData::Transactions(_) => None,
            CustomerData::Summaries(table) => Some(table),
        }
    }

    /// The date customers are valued at: for a log the `chosen` one, else its
    /// last transaction's date (`None` for an empty log); for summaries the
    /// date they were taken, whatever was chosen.
    pub fn observation_end(&self, chosen: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            CustomerData::Transactions(log) => {
                chosen.or_else(|| log.date_range().map(|(_, last)| last))
            }
            CustomerData::Summaries(table) => Some(table.as_of()),
        }
    }

    /// Each customer as of `end` with times in `unit` (summaries are as of
    /// their own date: `end` is the log's).
    pub fn customers(&self, end: NaiveDate, unit: TimeUnit) -> Vec<CustomerSummary> {
        match self {
            CustomerData::Transactions(log) => summarize(log, end, unit),
            CustomerData::Summaries(table) => table.customers(unit),
        }
    }

    /// Totals over the data; `customers` are [`CustomerData::customers`]
    /// (a summary's totals are theirs).
    pub fn stats(&self, customers: &[CustomerSummary]) -> DatasetStats {
        match self {
            CustomerData::Transactions(log) => DatasetStats::of(log),
            CustomerData::Summaries(table) => table.stats(customers),
        }
    }

    /// Number of customers.
    pub fn customer_count(&self) -> usize {
        match self {
            CustomerData::Transactions(log) => log.customer_ids().len(),
            CustomerData::Summaries(table) => table.rows().len(),
        }
    }

    /// See [`DataFingerprint`].
    pub fn fingerprint(&self) -> DataFingerprint {
        match self {
            CustomerData::Transactions(log) => {
                let sum: f64 = log.transactions().iter().map(|t| t.amount).sum();
                (
                    log.len(),
                    log.customer_ids().len(),
                    log.date_range(),
                    sum.to_bits(),
                )
            }
            CustomerData::Summaries(table) => {
                let sum: f64 = table
                    .rows()
                    .iter()
                    .map(|r| r.frequency + r.recency + r.t + r.monetary_value.unwrap_or(0.0))
                    .sum();
                let dates = (table.as_of(), table.holdout_end().unwrap_or(table.as_of()));
                (0, table.rows().len(), Some(dates), sum.to_bits())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::import::parse_transactions;
    use crate::clv::data::summary_csv::{read_summary_csv, write_summary_csv};

    #[test]
    fn a_log_and_its_summary_file_give_the_same_customers_but_only_the_log_has_transactions() {
        let log = parse_transactions(
            b"customer_id,date,amount\na,2024-01-01,10\na,2024-01-15,30\nb,2024-01-03,5\n",
        )
        .unwrap()
        .log;
        let end: NaiveDate = "2024-02-01".parse().unwrap();
        let from_log = CustomerData::Transactions(log);
        let customers = from_log.customers(end, TimeUnit::Week);
        let rows = read_summary_csv(write_summary_csv(&customers).as_bytes()).unwrap();
        let from_file =
            CustomerData::Summaries(SummaryTable::new(rows, TimeUnit::Week, end, None).unwrap());
        let read = from_file.customers(end, TimeUnit::Week);
        assert_eq!(
            read.iter()
                .map(|c| (c.frequency, c.recency, c.age, c.first_purchase))
                .collect::<Vec<_>>(),
            customers
                .iter()
                .map(|c| (c.frequency, c.recency, c.age, c.first_purchase))
                .collect::<Vec<_>>()
        );
        assert!(from_log.transactions().is_some());
        assert!(from_file.transactions().is_none());
        assert_eq!(from_file.customer_count(), 2);
        assert_ne!(from_log.fingerprint(), from_file.fingerprint());
    }

    #[test]
    fn a_summary_is_valued_at_its_own_date_whatever_was_chosen() {
        let rows = read_summary_csv(b"customer_id,frequency,recency,T\nx,1,2,3\n").unwrap();
        let as_of: NaiveDate = "2024-05-31".parse().unwrap();
        let data =
            CustomerData::Summaries(SummaryTable::new(rows, TimeUnit::Week, as_of, None).unwrap());
        let chosen = "2024-01-01".parse().ok();
        assert_eq!(data.observation_end(chosen), Some(as_of));
        let log = CustomerData::Transactions(
            parse_transactions(b"customer_id,date,amount\na,2024-01-05,1\n")
                .unwrap()
                .log,
        );
        assert_eq!(log.observation_end(chosen), chosen);
        assert_eq!(log.observation_end(None), "2024-01-05".parse().ok());
    }
}
