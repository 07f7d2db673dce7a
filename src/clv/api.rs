//! Plain request and response values between the UI and the core.
//!
//! Every call the UI makes into the core goes through one of these
//! serde-serialisable values, so the work can move into a Web Worker (which
//! exchanges messages) without changing either side.

use super::data::activity::{monthly_activity, MonthActivity};
use super::data::import::{parse_transactions, ImportError, ImportReport, RejectedRow};
use super::data::summary::{summarize, CustomerSummary, DatasetStats, TimeUnit};
use super::data::transactions::TransactionLog;
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

/// The message a worker sends once it listens.
pub const WORKER_READY: &str = "ready";

/// Fit the models on a log (sent to a worker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub log: TransactionLog,
    pub request: super::valuation::report::ModelRequest,
}

/// The models fitted (the worker's answer); `Err` also where the request could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportResponse {
    pub result: Result<super::valuation::report::ModelReport, ReportFailure>,
}

/// Why a report request produced no report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReportFailure {
    Fit(super::estimation::fit::FitError),
    /// The message was not a readable request (a bug, not a data problem).
    BadRequest(String),
}

/// Answers a JSON [`ReportRequest`] with a JSON [`ReportResponse`].
pub fn handle_report_message(message: &str) -> String {
    let result = match serde_json::from_str::<ReportRequest>(message) {
        Err(e) => Err(ReportFailure::BadRequest(e.to_string())),
        Ok(ReportRequest { log, request }) => {
            let customers = summarize(&log, request.end, request.unit);
            super::valuation::report::model_report(&log, &customers, &request)
                .map_err(ReportFailure::Fit)
        }
    };
    // Reports hold only finite numbers; a failure to serialise is a bug, reported as such.
    serde_json::to_string(&ReportResponse { result }).unwrap_or_else(|e| {
        serde_json::to_string(&ReportResponse {
            result: Err(ReportFailure::BadRequest(e.to_string())),
        })
        .expect("a failure message serialises")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_through_the_worker_messages_equals_the_direct_one() {
        use crate::clv::valuation::report::{model_report, ModelRequest};
        let log = crate::clv::data::demo::generate(&crate::clv::data::demo::DemoConfig::synthetic(
            400, 3,
        ))
        .log;
        let end = log.date_range().unwrap().1;
        let request = ModelRequest::weekly_bg_nbd(end);
        let message = serde_json::to_string(&ReportRequest {
            log: log.clone(),
            request: request.clone(),
        })
        .unwrap();
        let response: ReportResponse =
            serde_json::from_str(&handle_report_message(&message)).unwrap();
        let direct = model_report(&log, &summarize(&log, end, TimeUnit::Week), &request).unwrap();
        let via_message = response.result.unwrap();
        assert_eq!(via_message.scores.len(), direct.scores.len());
        assert_eq!(via_message.purchase.params, direct.purchase.params);
        assert_eq!(via_message.total_clv, direct.total_clv);
        // Floats survive JSON exactly.
        assert_eq!(via_message, direct);

        let bad: ReportResponse =
            serde_json::from_str(&handle_report_message("{not json")).unwrap();
        assert!(matches!(bad.result, Err(ReportFailure::BadRequest(_))));
    }

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
