//! Plain request and response values between the UI and the core.
//!
//! Every call the UI makes into the core goes through one of these
//! serde-serialisable values, so the work can move into a Web Worker (which
//! exchanges messages) without changing either side.

use super::activity::{monthly_activity, MonthActivity};
use super::import::{parse_transactions, ImportError, ImportReport, RejectedRow};
use super::summary::{summarize, CustomerSummary, DatasetStats, TimeUnit};
use super::TransactionLog;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Read a transactions file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportRequest {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file read into transactions, with the rows that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    pub file_name: String,
    pub log: TransactionLog,
    pub rows_read: usize,
    pub rejected: Vec<RejectedRow>,
}

pub fn import(req: ImportRequest) -> Result<ImportedFile, ImportError> {
    let ImportReport {
        log,
        rows_read,
        rejected,
    } = parse_transactions(&req.bytes)?;
    Ok(ImportedFile {
        file_name: req.file_name,
        log,
        rows_read,
        rejected,
    })
}

/// Summarise the customers of a log as of an observation end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummaryRequest {
    pub end: NaiveDate,
    pub unit: TimeUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryResponse {
    pub stats: DatasetStats,
    pub customers: Vec<CustomerSummary>,
    /// Activity per month up to the observation end.
    pub months: Vec<MonthActivity>,
}

pub fn summary(log: &TransactionLog, req: &SummaryRequest) -> SummaryResponse {
    SummaryResponse {
        stats: DatasetStats::of(log),
        customers: summarize(log, req.end, req.unit),
        months: monthly_activity(log, req.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_responses_survive_a_message_round_trip() {
        let req = ImportRequest {
            file_name: "a.csv".into(),
            bytes: b"customer_id,date,amount\nk1,2024-01-01,10\nk1,2024-01-08,5.5\nk2,oops,1\n"
                .to_vec(),
        };
        let req: ImportRequest =
            serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
        let file = import(req).unwrap();
        assert_eq!(
            (file.rows_read, file.rejected.len(), file.log.len()),
            (3, 1, 2)
        );
        let back: ImportedFile =
            serde_json::from_str(&serde_json::to_string(&file).unwrap()).unwrap();
        assert_eq!(back, file);

        let resp = summary(
            &file.log,
            &SummaryRequest {
                end: "2024-01-15".parse().unwrap(),
                unit: TimeUnit::Week,
            },
        );
        assert_eq!(resp.customers.len(), 1);
        assert_eq!(
            (
                resp.customers[0].frequency,
                resp.customers[0].recency,
                resp.customers[0].age
            ),
            (1, 1.0, 2.0)
        );
        let back: SummaryResponse =
            serde_json::from_str(&serde_json::to_string(&resp).unwrap()).unwrap();
        assert_eq!(back, resp);
    }
}
