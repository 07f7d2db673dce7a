//! Plain request and response values between the UI and the core.
//!
//! Every call the UI makes into the core goes through one of these
//! serde-serialisable values, so the work can move into a Web Worker (which
//! exchanges messages) without changing either side.

mod held_export;
mod summary_rows;

pub use held_export::{ExportView, HeldExport, MappingPreview};
pub use summary_rows::{summary_rows_to_bytes, SummaryRowsDecoder};

use super::data::activity::{monthly_activity, MonthActivity};
use super::data::dataset::CustomerData;
use super::data::import::{
    parse_transactions, ImportError, ImportReport, RejectedRow, RowProblem, TransactionStream,
};
use super::data::mapping::{guess_mapping, header_signature, Layout};
use super::data::orders::{OrderImport, OrderProblem};
use super::data::sheet::{RawRow, RawTable};
use super::data::shop_import::{
    read_file, FileError, FileFormat, ImportChoices, ImportPlan, PlanProblem, ReadFile, ReadOptions,
};
use super::data::summary::{summarize, CustomerSummary, DatasetStats, TimeUnit};
use super::data::summary_csv::{is_summary_csv, read_summary_csv, SummaryCsvError, SummaryRow};
use super::data::transactions::{
    date_from_days, days_from_epoch, CompactBytesError, CompactLog, CompactLogError, TransactionLog,
};
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

/// A text file in Kundenwert's own `customer_id,date,amount`: nothing to map.
pub fn is_own_format(export: &ReadExport) -> bool {
    matches!(export.file.format, FileFormat::Text { .. })
        && guess_mapping(&export.file.table).layout == Layout::Kundenwert
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// [`summary`] of either kind of data: a summary file's customers as of its
/// own date, without activity per month (it has no transactions).
pub fn data_summary(data: &CustomerData, req: &SummaryRequest) -> SummaryResponse {
    let customers = data.customers(req.end, req.unit);
    SummaryResponse {
        stats: data.stats(&customers),
        months: data
            .transactions()
            .map(|log| monthly_activity(log, req.end))
            .unwrap_or_default(),
        customers,
    }
}

/// The message a worker sends once it listens.
pub const WORKER_READY: &str = "ready";

/// Fit the models on the data (sent to a worker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub data: CustomerData,
    pub request: super::valuation::report::ModelRequest,
}

/// The models fitted, or why they could not be (the worker's answer; a
/// request it cannot read is answered by [`WorkerResponse::BadRequest`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportResponse {
    pub result: Result<super::valuation::report::ModelReport, super::estimation::fit::FitError>,
}

/// Fits the models a [`ReportRequest`] asks for.
pub fn report(request: ReportRequest) -> ReportResponse {
    let ReportRequest { data, request } = request;
    let customers = data.customers(request.end, request.unit);
    ReportResponse {
        result: super::valuation::report::data_report(&data, &customers, &request),
    }
}

/// How large the pieces are in which the worker reads a dropped file (and so
/// how often it reports progress and looks for a cancel).
pub const READ_CHUNK: usize = 256 * 1024;

/// How much of a file tells Kundenwert's own format from a shop export.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// A message to the worker, as JSON (a file or buffer it refers to travels
/// next to it, see `src/ui/worker.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum WorkerRequest {
    /// Fit the models; answered by [`WorkerResponse::Report`].
    Report(ReportRequest),
    /// Read the `File` posted with this message: answered by
    /// [`WorkerResponse::Progress`] messages, then `Read` (our own format),
    /// `MappingReady` (any other file, now held for the mapping step),
    /// `SummaryRead` or `SummaryFailed` (a summary file), `Failed` or `Cancelled`.
    ReadFile {
        file_name: String,
        size: u64,
        /// The time unit of the page's summary, which the worker computes too.
        unit: TimeUnit,
    },
    /// The mapping step's view of the held file with these options and
    /// choices; answered by [`WorkerResponse::MappingPreview`].
    PreviewImport {
        options: ReadOptions,
        choices: ImportChoices,
    },
    /// Take the held file's orders with the confirmed mapping; answered by
    /// `Read` (with the layout) or `PlanProblems`.
    TakeImport {
        options: ReadOptions,
        choices: ImportChoices,
        unit: TimeUnit,
    },
    /// Stop reading the file (answered by [`WorkerResponse::Cancelled`] if
    /// the reading had not ended already) and let go of a held one. Nothing
    /// changes.
    Cancel,
}

/// A message from the worker, as JSON (with a buffer next to it for `Read`).
// A message is built, sent and dropped: the size of its largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum WorkerResponse {
    Report(ReportResponse),
    Progress(ReadProgress),
    /// A file in Kundenwert's own format, read; its log follows as the
    /// [`TransactionLog::to_bytes`] buffer next to this message.
    Read(ReadResult),
    /// Not Kundenwert's own format: the worker holds the file, the page
    /// opens the mapping step and asks for previews.
    MappingReady {
        view: Result<ExportView, FileError>,
    },
    MappingPreview(MappingPreview),
    /// The confirmed mapping cannot be taken (the page enables the button
    /// only when it can: a late change).
    PlanProblems {
        problems: Vec<PlanProblem>,
    },
    /// A summary file, read: its rows follow as the
    /// [`summary_rows_to_bytes`] buffer next to this message.
    SummaryRead {
        file_name: String,
    },
    SummaryFailed {
        file_name: String,
        error: SummaryCsvError,
    },
    Failed {
        file_name: String,
        error: ImportError,
    },
    Cancelled,
    /// The message was not a readable request (a bug).
    BadRequest {
        message: String,
    },
}

/// How far reading a file got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadProgress {
    pub bytes: u64,
    pub total: u64,
    /// Data rows read so far.
    pub rows: usize,
}

/// An [`ImportedFile`] and the page's first summary of it, without the log
/// and the customers' rows (which travel as bytes, see [`ReadResult::of`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadResult {
    pub file_name: String,
    pub rows_read: usize,
    pub rejected: Vec<RejectedRow>,
    /// What the summary was computed for: the last transaction date (the
    /// default observation end after an import) and the page's unit.
    pub summary_request: SummaryRequest,
    pub stats: DatasetStats,
    pub months: Vec<MonthActivity>,
    /// The layout a shop export was read as (`None`: our own format).
    #[serde(default)]
    pub layout: Option<Layout>,
}

/// An imported file with the summary the page shows first, as it arrives from the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadImport {
    pub file: ImportedFile,
    pub summary_request: SummaryRequest,
    pub summary: SummaryResponse,
    pub layout: Option<Layout>,
}

impl ReadResult {
    /// The message and the bytes for an imported file: the log's
    /// [`TransactionLog::to_bytes`] (length first), then the summary's
    /// customers ([`customers_to_bytes`]), so the page neither parses JSON of a
    /// million rows nor summarises them itself.
    pub fn of(file: ImportedFile, unit: TimeUnit) -> (ReadResult, Vec<u8>) {
        let end = file
            .log
            .date_range()
            .map(|(_, last)| last)
            .unwrap_or_default();
        let summary_request = SummaryRequest { end, unit };
        let SummaryResponse {
            stats,
            customers,
            months,
        } = summary(&file.log, &summary_request);
        let log = file.log.to_bytes();
        let mut bytes = Vec::with_capacity(4 + log.len() + customers.len() * 80);
        bytes.extend_from_slice(&(log.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&log);
        drop(log);
        customers_to_bytes(&customers, &mut bytes);
        let message = ReadResult {
            file_name: file.file_name,
            rows_read: file.rows_read,
            rejected: file.rejected,
            summary_request,
            stats,
            months,
            layout: None,
        };
        (message, bytes)
    }

    /// The imported file and its summary again, from the message and the bytes.
    pub fn into_import(self, bytes: &[u8]) -> Result<ReadImport, ImportError> {
        let (log, customers) = split_read_bytes(bytes)?;
        let log = decode_log(log)?;
        self.with(log, decode_customers(customers)?)
    }

    /// The imported file and its summary from the message and the decoded parts.
    pub fn with(
        self,
        log: TransactionLog,
        customers: Vec<CustomerSummary>,
    ) -> Result<ReadImport, ImportError> {
        Ok(ReadImport {
            file: ImportedFile {
                file_name: self.file_name,
                log,
                rows_read: self.rows_read,
                rejected: self.rejected,
            },
            summary_request: self.summary_request,
            summary: SummaryResponse {
                stats: self.stats,
                customers,
                months: self.months,
            },
            layout: self.layout,
        })
    }
}

fn bytes_error(e: CompactBytesError) -> ImportError {
    ImportError::FileNotRead {
        message: e.to_string(),
    }
}

/// Where the log's and the customers' bytes of [`ReadResult::of`] lie:
/// `(4..4 + log, 4 + log..)`, checked against the length of all bytes.
pub fn read_bytes_ranges(
    total: usize,
    length: [u8; 4],
) -> Result<(std::ops::Range<usize>, std::ops::Range<usize>), ImportError> {
    let len = u32::from_le_bytes(length) as usize;
    if total < 4 || total - 4 < len {
        return Err(bytes_error(CompactBytesError::Truncated));
    }
    Ok((4..4 + len, 4 + len..total))
}

/// The log's and the customers' parts of [`ReadResult::of`]'s bytes.
fn split_read_bytes(bytes: &[u8]) -> Result<(&[u8], &[u8]), ImportError> {
    let length = bytes
        .first_chunk::<4>()
        .ok_or(bytes_error(CompactBytesError::Truncated))?;
    let (log, customers) = read_bytes_ranges(bytes.len(), *length)?;
    Ok((&bytes[log], &bytes[customers]))
}

/// The log part of [`ReadResult::of`]'s bytes, decoded.
pub fn decode_log(bytes: &[u8]) -> Result<TransactionLog, ImportError> {
    TransactionLog::from_bytes(bytes).map_err(bytes_error)
}

/// The log part of [`ReadResult::of`]'s bytes in two steps (for two tasks of
/// the page): the customer ids and where the columns start, then the log.
pub fn decode_log_ids(bytes: &[u8]) -> Result<(Vec<String>, usize), ImportError> {
    super::data::transactions::CompactLog::ids_from_bytes(bytes).map_err(bytes_error)
}

/// The second step of [`decode_log_ids`]: `bytes` the log part, `columns` where its columns start.
pub fn decode_log_columns(
    ids: Vec<String>,
    bytes: &[u8],
    columns: usize,
) -> Result<TransactionLog, ImportError> {
    log_from_columns(decode_log_compact(ids, bytes, columns)?)
}

/// The first half of [`decode_log_columns`]: the columns read into a [`CompactLog`].
pub fn decode_log_compact(
    ids: Vec<String>,
    bytes: &[u8],
    columns: usize,
) -> Result<CompactLog, ImportError> {
    CompactLog::columns_from_bytes(ids, bytes.get(columns..).unwrap_or_default())
        .map_err(bytes_error)
}

/// The second half of [`decode_log_columns`]: the log from its columns.
pub fn log_from_columns(compact: CompactLog) -> Result<TransactionLog, ImportError> {
    TransactionLog::from_compact(compact).map_err(|e| bytes_error(e.into()))
}

/// The customers part of [`ReadResult::of`]'s bytes, decoded.
pub fn decode_customers(bytes: &[u8]) -> Result<Vec<CustomerSummary>, ImportError> {
    customers_from_bytes(bytes).map_err(bytes_error)
}

/// A [`CustomersDecoder`] over the customers part, its errors as the import's.
pub fn customers_decoder(bytes: &[u8]) -> Result<CustomersDecoder<'_>, ImportError> {
    CustomersDecoder::new(bytes).map_err(bytes_error)
}

/// [`CustomersDecoder::decode`], its errors as the import's.
pub fn decode_some_customers(
    decoder: &mut CustomersDecoder,
    max: usize,
) -> Result<bool, ImportError> {
    decoder.decode(max).map_err(bytes_error)
}

/// Customer summaries in a compact binary form (little endian): the count,
/// then per customer its id (length-prefixed UTF-8), first and last purchase
/// (days since 1970), orders, frequency and the six amounts and times.
pub fn customers_to_bytes(customers: &[CustomerSummary], out: &mut Vec<u8>) {
    out.extend_from_slice(&(customers.len() as u32).to_le_bytes());
    for c in customers {
        out.extend_from_slice(&(c.customer_id.len() as u32).to_le_bytes());
        out.extend_from_slice(c.customer_id.as_bytes());
        for day in [c.first_purchase, c.last_purchase].map(days_from_epoch) {
            out.extend_from_slice(&day.to_le_bytes());
        }
        out.extend_from_slice(&c.orders.to_le_bytes());
        out.extend_from_slice(&c.frequency.to_le_bytes());
        for x in [
            c.recency,
            c.age,
            c.total,
            c.refunds,
            c.average_order_value,
            c.monetary_value,
        ] {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// Reads [`customers_to_bytes`].
pub fn customers_from_bytes(bytes: &[u8]) -> Result<Vec<CustomerSummary>, CompactBytesError> {
    let mut decoder = CustomersDecoder::new(bytes)?;
    decoder.decode(usize::MAX)?;
    Ok(decoder.finish())
}

/// Reads [`customers_to_bytes`] some customers at a time, so that the page
/// can let other work run in between.
pub struct CustomersDecoder<'a> {
    rest: &'a [u8],
    left: usize,
    customers: Vec<CustomerSummary>,
}

/// The next `N` bytes of the compact forms here and in [`summary_rows`].
fn take<const N: usize>(b: &mut &[u8]) -> Result<[u8; N], CompactBytesError> {
    let (head, rest) = b
        .split_first_chunk::<N>()
        .ok_or(CompactBytesError::Truncated)?;
    *b = rest;
    Ok(*head)
}

/// The next length-prefixed UTF-8 string.
fn string(b: &mut &[u8]) -> Result<String, CompactBytesError> {
    let len = u32::from_le_bytes(take(b)?) as usize;
    if b.len() < len {
        return Err(CompactBytesError::Truncated);
    }
    let (text, rest) = b.split_at(len);
    *b = rest;
    std::str::from_utf8(text)
        .map(str::to_owned)
        .map_err(|_| CompactBytesError::NotUtf8)
}

impl<'a> CustomersDecoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Self, CompactBytesError> {
        let mut rest = bytes;
        let n = u32::from_le_bytes(take(&mut rest)?) as usize;
        // Each customer takes at least 68 bytes: a count beyond that is damage.
        if n.saturating_mul(68) > rest.len() {
            return Err(CompactBytesError::Truncated);
        }
        Ok(CustomersDecoder {
            rest,
            left: n,
            customers: Vec::with_capacity(n),
        })
    }

    /// Decodes up to `max` more customers; `true` once all are.
    pub fn decode(&mut self, max: usize) -> Result<bool, CompactBytesError> {
        let date = |b: &mut &[u8]| -> Result<NaiveDate, CompactBytesError> {
            date_from_days(i32::from_le_bytes(take(b)?))
                .ok_or(CompactBytesError::Log(CompactLogError::BadDate(0)))
        };
        let b = &mut self.rest;
        for _ in 0..max.min(self.left) {
            let customer_id = string(b)?;
            let first_purchase = date(b)?;
            let last_purchase = date(b)?;
            let orders = u32::from_le_bytes(take(b)?);
            let frequency = u32::from_le_bytes(take(b)?);
            let mut x = [0.0; 6];
            for v in &mut x {
                *v = f64::from_le_bytes(take(b)?);
            }
            let [recency, age, total, refunds, average_order_value, monetary_value] = x;
            self.customers.push(CustomerSummary {
                customer_id,
                first_purchase,
                last_purchase,
                orders,
                frequency,
                recency,
                age,
                total,
                refunds,
                average_order_value,
                monetary_value,
            });
            self.left -= 1;
        }
        Ok(self.left == 0)
    }

    /// The customers decoded.
    pub fn finish(self) -> Vec<CustomerSummary> {
        self.customers
    }
}

/// How reading a file in chunks ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadEnd {
    /// Kundenwert's own format, read as [`import`] reads it.
    Imported(ImportedFile),
    /// Any other file (a shop export, or no table at all), read whole, for
    /// the mapping step ([`HeldExport`]).
    Export(Vec<u8>),
    /// A per-customer summary file, read, for the page's summary step.
    Summary(Vec<SummaryRow>),
    SummaryFailed(SummaryCsvError),
    Failed(ImportError),
}

/// Reading a dropped file chunk by chunk: its first [`SNIFF_BYTES`] decide
/// whether it is Kundenwert's own format (as the page decides it on the whole
/// file with [`is_own_format`]); if so, the rest streams through a
/// [`TransactionStream`]; a summary file is read whole and its rows read
/// ([`read_summary_csv`]); any other file is read whole for the mapping step.
pub struct ChunkedImport {
    file_name: String,
    total: u64,
    bytes: u64,
    stage: Stage,
}

// One per file read: the stream's size does not matter.
#[allow(clippy::large_enum_variant)]
enum Stage {
    Sniffing(Vec<u8>),
    Own(TransactionStream),
    Export(Vec<u8>),
    Summary(Vec<u8>),
}

impl ChunkedImport {
    pub fn new(file_name: String, total: u64) -> Self {
        ChunkedImport {
            file_name,
            total,
            bytes: 0,
            stage: Stage::Sniffing(Vec::new()),
        }
    }

    /// Reads the next chunk; `false` once the rest need not be read (a file
    /// that already failed).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        self.bytes += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sniffing(head) => {
                head.extend_from_slice(chunk);
                if head.len() >= SNIFF_BYTES {
                    self.decide(false);
                }
                true
            }
            Stage::Own(stream) => {
                stream.push(chunk);
                !stream.failed()
            }
            Stage::Export(bytes) | Stage::Summary(bytes) => {
                bytes.extend_from_slice(chunk);
                true
            }
        }
    }

    pub fn progress(&self) -> ReadProgress {
        ReadProgress {
            bytes: self.bytes,
            total: self.total,
            rows: match &self.stage {
                Stage::Own(stream) => stream.rows_read(),
                _ => 0,
            },
        }
    }

    /// The file has been read (or need not be read further).
    pub fn finish(mut self) -> ReadEnd {
        if matches!(self.stage, Stage::Sniffing(_)) {
            self.decide(true);
        }
        match self.stage {
            Stage::Own(stream) => match stream.finish() {
                Ok(ImportReport {
                    log,
                    rows_read,
                    rejected,
                }) => ReadEnd::Imported(ImportedFile {
                    file_name: self.file_name,
                    log,
                    rows_read,
                    rejected,
                }),
                Err(e) => ReadEnd::Failed(e),
            },
            Stage::Export(bytes) => ReadEnd::Export(bytes),
            Stage::Summary(bytes) => match read_summary_csv(&bytes) {
                Ok(rows) => ReadEnd::Summary(rows),
                Err(e) => ReadEnd::SummaryFailed(e),
            },
            Stage::Sniffing(_) => unreachable!("decided above"),
        }
    }

    /// Our own format or not, from the bytes read so far (`complete`: all of them).
    fn decide(&mut self, complete: bool) {
        let Stage::Sniffing(head) = std::mem::replace(&mut self.stage, Stage::Export(Vec::new()))
        else {
            return;
        };
        if is_summary_csv(&head) {
            self.stage = Stage::Summary(head);
            return;
        }
        // Judge complete lines only (the header is what counts).
        let cut = if complete {
            head.len()
        } else {
            head.iter()
                .rposition(|&b| b == b'\n' || b == b'\r')
                .map_or(head.len(), |i| i + 1)
        };
        let own = read_export(String::new(), &head[..cut], &ReadOptions::default())
            .is_ok_and(|export| is_own_format(&export));
        self.stage = if own {
            let mut stream = TransactionStream::new();
            stream.push(&head);
            Stage::Own(stream)
        } else {
            Stage::Export(head)
        };
    }
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
        // As the worker reads and answers it: JSON in, JSON out.
        let message = serde_json::to_string(&WorkerRequest::Report(ReportRequest {
            data: CustomerData::Transactions(log.clone()),
            request: request.clone(),
        }))
        .unwrap();
        let Ok(WorkerRequest::Report(received)) = serde_json::from_str(&message) else {
            panic!("not a report request: {message}");
        };
        let answer = serde_json::to_string(&WorkerResponse::Report(report(received))).unwrap();
        let Ok(WorkerResponse::Report(response)) = serde_json::from_str(&answer) else {
            panic!("not a report: {answer}");
        };
        let direct = model_report(&log, &summarize(&log, end, TimeUnit::Week), &request).unwrap();
        let via_message = response.result.unwrap();
        assert_eq!(via_message.scores.len(), direct.scores.len());
        assert_eq!(via_message.purchase.params, direct.purchase.params);
        assert_eq!(via_message.total_clv, direct.total_clv);
        // Floats survive JSON exactly.
        assert_eq!(via_message, direct);
    }

    /// Reads `bytes` with a [`ChunkedImport`] in chunks of `size`.
    fn read_in_chunks(bytes: &[u8], size: usize) -> (ReadEnd, Vec<ReadProgress>) {
        let mut job = ChunkedImport::new("f.csv".into(), bytes.len() as u64);
        let mut progress = Vec::new();
        for chunk in bytes.chunks(size) {
            let more = job.push(chunk);
            progress.push(job.progress());
            if !more {
                break;
            }
        }
        (job.finish(), progress)
    }

    #[test]
    fn a_file_read_in_chunks_imports_as_the_one_shot_import() {
        let log = crate::clv::data::demo::generate(&crate::clv::data::demo::DemoConfig::synthetic(
            3_000, 5,
        ))
        .log;
        let mut text = log.to_csv();
        text.push_str("k-bad,2024-13-01,1\n");
        let direct = import(ImportRequest {
            file_name: "f.csv".into(),
            bytes: text.clone().into_bytes(),
        })
        .unwrap();
        assert_eq!(direct.rejected.len(), 1);
        for size in [1_000, 4_096, READ_CHUNK] {
            let (end, progress) = read_in_chunks(text.as_bytes(), size);
            assert_eq!(end, ReadEnd::Imported(direct.clone()), "chunks of {size}");
            let last = progress.last().unwrap();
            assert_eq!(
                (last.bytes, last.total),
                (text.len() as u64, text.len() as u64)
            );
            assert!(progress
                .windows(2)
                .all(|w| w[0].rows <= w[1].rows && w[0].bytes < w[1].bytes));
        }
        // What crosses back to the page: a small message, the log's and the summary's bytes.
        let (message, bytes) = ReadResult::of(direct.clone(), TimeUnit::Day);
        let message: WorkerResponse =
            serde_json::from_str(&serde_json::to_string(&WorkerResponse::Read(message)).unwrap())
                .unwrap();
        let WorkerResponse::Read(message) = message else {
            panic!("{message:?}")
        };
        let request = SummaryRequest {
            end: direct.log.date_range().unwrap().1,
            unit: TimeUnit::Day,
        };
        let expected = summary(&direct.log, &request);
        let back = message.into_import(&bytes).unwrap();
        assert_eq!(
            back,
            ReadImport {
                file: direct,
                summary_request: request,
                summary: expected,
                layout: None,
            }
        );
        let (log_part, _) = split_read_bytes(&bytes).unwrap();
        let (ids, columns) = decode_log_ids(log_part).unwrap();
        assert_eq!(
            decode_log_columns(ids, log_part, columns).unwrap(),
            back.file.log
        );
        for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
            let message = ReadResult::of(back.file.clone(), TimeUnit::Day).0;
            assert!(message.into_import(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn shop_exports_summaries_and_bad_files_are_told_apart_early() {
        // A shop export is read whole, for the mapping step.
        let mut shop = String::from("Name,Email,Financial Status,Created at,Total\n");
        while shop.len() < 3 * SNIFF_BYTES {
            shop.push_str("#1001,a@b.de,paid,2024-01-05 10:00:00 +0100,10.00\n");
        }
        let (end, progress) = read_in_chunks(shop.as_bytes(), 4_096);
        assert_eq!(end, ReadEnd::Export(shop.clone().into_bytes()));
        assert_eq!(progress.last().unwrap().bytes, shop.len() as u64);
        // A summary file is read whole, for the page's summary step.
        let mut summary = String::from("customer_id,frequency,recency,T\n");
        while summary.len() < 3 * SNIFF_BYTES {
            summary.push_str(&format!("c{},1,2,3\n", summary.len()));
        }
        let (end, _) = read_in_chunks(summary.as_bytes(), 4_096);
        assert_eq!(
            end,
            ReadEnd::Summary(read_summary_csv(summary.as_bytes()).unwrap())
        );
        let bad = b"customer_id,frequency,recency,T\nc,1,5,3\n";
        assert_eq!(
            read_in_chunks(bad, 7).0,
            ReadEnd::SummaryFailed(read_summary_csv(bad).unwrap_err())
        );
        // A small one too, and files that give no table.
        for file in [
            &b"id;name\n1;x\n"[..],
            b"",
            b"customer_id,date,amount\n",
            b"PK\x03\x04x",
        ] {
            assert_eq!(
                read_in_chunks(file, 3).0,
                ReadEnd::Export(file.to_vec()),
                "{file:?}"
            );
        }
        // Our own format with no good row fails as the one-shot import does.
        let bad = format!(
            "customer_id,date,amount\n{}",
            "k,2024-99-01,1\n".repeat(10_000)
        );
        let direct = import(ImportRequest {
            file_name: "f.csv".into(),
            bytes: bad.clone().into_bytes(),
        })
        .unwrap_err();
        assert_eq!(
            read_in_chunks(bad.as_bytes(), 10_000).0,
            ReadEnd::Failed(direct)
        );
    }

    #[test]
    fn customers_decoded_a_few_at_a_time_are_the_customers_decoded_at_once() {
        let log = crate::clv::data::demo::demo_log();
        let end = log.date_range().unwrap().1;
        let customers = summarize(&log, end, TimeUnit::Week);
        let mut bytes = Vec::new();
        customers_to_bytes(&customers, &mut bytes);
        let mut decoder = CustomersDecoder::new(&bytes).unwrap();
        let mut steps = 1;
        while !decoder.decode(1_000).unwrap() {
            steps += 1;
        }
        assert_eq!(steps, customers.len().div_ceil(1_000));
        assert_eq!(decoder.finish(), customers);
        assert_eq!(customers_from_bytes(&bytes).unwrap(), customers);
        let mut cut = CustomersDecoder::new(&bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(cut.decode(usize::MAX), Err(CompactBytesError::Truncated));
    }

    #[test]
    fn worker_messages_survive_json() {
        let log =
            crate::clv::data::demo::generate(&crate::clv::data::demo::DemoConfig::synthetic(50, 1))
                .log;
        let end = log.date_range().unwrap().1;
        let requests = [
            WorkerRequest::Report(ReportRequest {
                data: CustomerData::Transactions(log),
                request: crate::clv::valuation::report::ModelRequest::weekly_bg_nbd(end),
            }),
            WorkerRequest::ReadFile {
                file_name: "große Datei.csv".into(),
                size: 28_000_000,
                unit: TimeUnit::Week,
            },
            WorkerRequest::PreviewImport {
                options: ReadOptions::default(),
                choices: ImportChoices::default(),
            },
            WorkerRequest::TakeImport {
                options: ReadOptions::default(),
                choices: ImportChoices::default(),
                unit: TimeUnit::Day,
            },
            WorkerRequest::Cancel,
        ];
        for request in requests {
            let json = serde_json::to_string(&request).unwrap();
            assert!(json.starts_with("{\"kind\":"), "{json}");
            assert_eq!(
                serde_json::from_str::<WorkerRequest>(&json).unwrap(),
                request
            );
        }
        let responses = [
            WorkerResponse::Progress(ReadProgress {
                bytes: 262_144,
                total: 28_000_000,
                rows: 9_000,
            }),
            WorkerResponse::Read(ReadResult {
                file_name: "a.csv".into(),
                rows_read: 3,
                rejected: vec![RejectedRow {
                    line: 3,
                    column: Some((2, "date".into())),
                    problem: RowProblem::BadDate { value: "x".into() },
                }],
                summary_request: SummaryRequest {
                    end: "2024-01-15".parse().unwrap(),
                    unit: TimeUnit::Week,
                },
                stats: DatasetStats::default(),
                months: Vec::new(),
                layout: Some(Layout::ShopifyOrders),
            }),
            WorkerResponse::MappingReady {
                view: Err(FileError::Binary),
            },
            WorkerResponse::MappingPreview(
                HeldExport::new("shop.csv".into(), b"Name,Total\n#1,2\n".to_vec())
                    .preview(&ReadOptions::default(), &ImportChoices::default()),
            ),
            WorkerResponse::PlanProblems {
                problems: vec![PlanProblem::AmbiguousDates],
            },
            WorkerResponse::SummaryRead {
                file_name: "summary.csv".into(),
            },
            WorkerResponse::SummaryFailed {
                file_name: "summary.csv".into(),
                error: read_summary_csv(b"x").unwrap_err(),
            },
            WorkerResponse::Failed {
                file_name: "a.csv".into(),
                error: ImportError::NoRows,
            },
            WorkerResponse::Cancelled,
            WorkerResponse::BadRequest {
                message: "x".into(),
            },
            WorkerResponse::Report(ReportResponse {
                result: Err(crate::clv::estimation::fit::FitError::NoRepeatBuyers),
            }),
        ];
        for response in responses {
            let json = serde_json::to_string(&response).unwrap();
            assert!(json.starts_with("{\"kind\":"), "{json}");
            assert_eq!(
                serde_json::from_str::<WorkerResponse>(&json).unwrap(),
                response
            );
        }
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
