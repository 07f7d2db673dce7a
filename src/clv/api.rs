//! Plain request and response values between the UI and the core.
//!
//! Every call the UI makes into the core goes through one of these
//! serde-serialisable values, so the work can move into a Web Worker (which
//! exchanges messages) without changing either side.

use super::data::activity::{monthly_activity, MonthActivity};
use super::data::import::{parse_transactions, ImportError, ImportReport, RejectedRow, RowProblem};
use super::data::mapping::{header_signature, Layout};
use super::data::orders::{OrderImport, OrderProblem};
use super::data::sheet::{RawRow, RawTable};
use super::data::shop_import::{
    read_file, FileError, ImportChoices, ImportPlan, PlanProblem, ReadFile, ReadOptions,
};
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

/// A shop export read into a table, waiting for its mapping to be confirmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadExport {
    pub file_name: String,
    pub file: ReadFile,
}

/// Reads a dropped file into a table (no mapping yet).
pub fn read_export(
    file_name: String,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<ReadExport, FileError> {
    Ok(ReadExport {
        file_name,
        file: read_file(bytes, options)?,
    })
}

/// Rows of the table the mapping step shows.
pub const PREVIEW_ROWS: usize = 5;

/// What the mapping step shows for a table and the user's choices: the plan,
/// the first rows, and what importing would give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub plan: ImportPlan,
    /// The first [`PREVIEW_ROWS`] rows.
    pub sample: Vec<RawRow>,
    /// Identifies the layout of the headers, to remember the choices by.
    pub signature: String,
    /// What importing would give; `None` while the plan has problems.
    pub figures: Option<ImportFigures>,
}

/// What an import gives, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportFigures {
    pub customers: usize,
    pub orders: usize,
    pub line_items: usize,
    pub net_revenue: f64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub rejected: usize,
    pub refunded: usize,
    /// Orders left out for their status.
    pub excluded: usize,
    /// Orders in other currencies, left out.
    pub other_currency: usize,
}

impl ImportFigures {
    pub fn of(import: &OrderImport) -> ImportFigures {
        let range = import.log.date_range();
        ImportFigures {
            customers: import.log.customer_ids().len(),
            orders: import.orders,
            line_items: import.line_items,
            net_revenue: import.net_revenue(),
            first: range.map(|r| r.0),
            last: range.map(|r| r.1),
            rejected: import.rejected.len(),
            refunded: import.refunded,
            excluded: import.excluded.iter().map(|(_, n)| n).sum(),
            other_currency: import.other_currencies.iter().map(|(_, n)| n).sum(),
        }
    }
}

/// The mapping step's view of `table` with `choices`.
pub fn preview_import(table: &RawTable, choices: &ImportChoices) -> ImportPreview {
    let plan = ImportPlan::propose(table, choices);
    let figures = plan.assemble(table).ok().map(|i| ImportFigures::of(&i));
    ImportPreview {
        sample: table.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
        signature: header_signature(&table.headers),
        plan,
        figures,
    }
}

/// Takes the orders of a confirmed mapping; its rejected rows come along
/// with the line, the column as the user sees it, and the problem.
pub fn take_import(
    export: &ReadExport,
    choices: &ImportChoices,
) -> Result<(ImportedFile, Layout), Vec<PlanProblem>> {
    let plan = ImportPlan::propose(&export.file.table, choices);
    let import = plan
        .assemble(&export.file.table)
        .map_err(<[PlanProblem]>::to_vec)?;
    let rejected = import
        .rejected
        .iter()
        .map(|r| RejectedRow {
            line: r.line,
            column: Some((r.column + 1, r.header.clone())),
            problem: match &r.problem {
                OrderProblem::EmptyCustomer => RowProblem::EmptyCustomerId,
                OrderProblem::BadDate { value } => RowProblem::BadDate {
                    value: value.clone(),
                },
                OrderProblem::BadAmount { value } => RowProblem::BadAmount {
                    value: value.clone(),
                },
            },
        })
        .collect();
    let file = ImportedFile {
        file_name: export.file_name.clone(),
        rows_read: import.rows - import.line_items,
        log: import.log,
        rejected,
    };
    Ok((file, plan.layout))
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
