//! Reading a transactions CSV (`customer_id,date,amount`) into a [`TransactionLog`].
//!
//! [`parse_transactions`] reads with the `csv-core` state machine (comma, semicolon or tab
//! delimited, quoted fields, CRLF or LF). Header names are matched case-,
//! space-, underscore- and hyphen-insensitively against a few common English
//! and German synonyms ([`Column::from_header`]). Rows that cannot be read are
//! collected as [`RejectedRow`]s with their line and column; a file that is not
//! a transactions CSV at all is an [`ImportError`].
//!
//! Line numbers are counted from the bytes (a quoted field spanning lines moves
//! the following rows down), not taken from the `csv` crate, which reports
//! where it started reading a record, before any blank lines.

use super::transactions::{TransactionLog, TransactionLogBuilder};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The columns a transactions file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    CustomerId,
    Date,
    Amount,
}

impl Column {
    pub const ALL: [Column; 3] = [Column::CustomerId, Column::Date, Column::Amount];

    /// The canonical header name.
    pub fn name(self) -> &'static str {
        match self {
            Column::CustomerId => "customer_id",
            Column::Date => "date",
            Column::Amount => "amount",
        }
    }
}

/// Why one row was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum RowProblem {
    #[error("expected {expected} fields, found {found}")]
    FieldCount { expected: usize, found: usize },
    #[error("the customer id is empty")]
    EmptyCustomerId,
    #[error("expected a date like 2024-12-31, found {value:?}")]
    BadDate { value: String },
    #[error("expected an amount like 1234.56, found {value:?}")]
    BadAmount { value: String },
    #[error("the row is not valid UTF-8 text")]
    NotUtf8,
}

/// A row that could not be read, located by line (1-based, the header is line 1)
/// and, where one field is at fault, column (1-based) and its header name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedRow {
    pub line: u64,
    pub column: Option<(usize, String)>,
    pub problem: RowProblem,
}

impl std::fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some((i, name)) => write!(
                f,
                "line {}, column {} ({}): {}",
                self.line, i, name, self.problem
            ),
            None => write!(f, "line {}: {}", self.line, self.problem),
        }
    }
}

/// The result of reading a file whose header was understood.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub log: TransactionLog,
    /// Data rows read (good and rejected), excluding the header and blank lines.
    pub rows_read: usize,
    /// Every rejected row, in file order.
    pub rejected: Vec<RejectedRow>,
}

/// A file that is not a transactions CSV of the expected shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("line 1: expected the columns {}, found {}", .missing.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "), if .found.is_empty() { "none".to_string() } else { .found.join(", ") })]
    MissingColumns {
        missing: Vec<Column>,
        found: Vec<String>,
    },
    #[error("the file has a header but no data rows")]
    NoRows,
    #[error("no row could be read; first problem: {first}")]
    NoGoodRows { rows: usize, first: RejectedRow },
    #[error("line {line}: {reason}")]
    Unreadable { line: u64, reason: NotCsv },
    /// The browser (or the file system) could not hand over the file's bytes.
    #[error("the file could not be read: {message}")]
    FileNotRead { message: String },
}

/// Why a file is not a readable CSV text at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum NotCsv {
    #[error("this is not a text file (CSV expected)")]
    Binary,
    #[error("the file is UTF-16 text; save it as \"CSV UTF-8\"")]
    Utf16,
    #[error("this is an Excel workbook or another zip archive, not a CSV file; save it as CSV")]
    Archive,
    #[error("the file is not UTF-8 text; save it as \"CSV UTF-8\"")]
    NotUtf8,
    /// What the CSV reader said.
    #[error("{0}")]
    Csv(String),
}

/// Header names (normalised: lowercase, without spaces, `_` and `-`) that
/// identify each required column.
const SYNONYMS: [(Column, &[&str]); 3] = [
    (
        Column::CustomerId,
        &[
            "customerid",
            "customer",
            "clientid",
            "userid",
            "kundenid",
            "kundennummer",
            "kunde",
        ],
    ),
    (
        Column::Date,
        &[
            "date",
            "orderdate",
            "transactiondate",
            "createdat",
            "datum",
            "bestelldatum",
        ],
    ),
    (
        Column::Amount,
        &[
            "amount",
            "total",
            "value",
            "revenue",
            "betrag",
            "umsatz",
            "ordertotal",
        ],
    ),
];

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Column {
    /// The column a header name stands for, if any.
    ///
    /// The name is trimmed, lowercased and stripped of whitespace, `_` and `-`,
    /// then compared with: customer id `customerid`, `customer`, `clientid`,
    /// `userid`, `kundenid`, `kundennummer`, `kunde`; date `date`, `orderdate`,
    /// `transactiondate`, `createdat`, `datum`, `bestelldatum`; amount `amount`,
    /// `total`, `value`, `revenue`, `betrag`, `umsatz`, `ordertotal`.
    pub fn from_header(name: &str) -> Option<Column> {
        let normalised: String = name
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .collect();
        SYNONYMS
            .iter()
            .find(|(_, names)| names.contains(&normalised.as_str()))
            .map(|(column, _)| *column)
    }

    fn index(self) -> usize {
        match self {
            Column::CustomerId => 0,
            Column::Date => 1,
            Column::Amount => 2,
        }
    }
}

/// Reads a transactions CSV into a log, collecting the rows it cannot read.
///
/// - A UTF-8 byte order mark is skipped; CRLF and LF line ends both work.
/// - The delimiter is `,`, unless the first line has no comma (outside quotes)
///   but semicolons or tabs, whichever are more frequent.
/// - The first non-blank record is the header; see [`Column::from_header`].
///   Extra columns are ignored, including their text encoding.
/// - Blank lines (also lines of only delimiters and spaces) are skipped and not
///   counted as rows.
/// - Dates are ISO `YYYY-MM-DD`, optionally followed by a time
///   (`THH:MM[:SS...]` or ` HH:MM[:SS...]`) that is ignored. Amounts use `.` as
///   the decimal separator and may carry a sign; refunds are negative.
///
/// Each rejected row reports its first problem only. Runs in time linear in the
/// input and never panics.
pub fn parse_transactions(bytes: &[u8]) -> Result<ImportReport, ImportError> {
    let mut stream = TransactionStream::new();
    stream.push(bytes);
    stream.finish()
}

/// How many bytes [`TransactionStream`] holds back before it decides how to
/// read the file (the part [`foreign_format`] looks at).
const SNIFF_LEN: usize = 1024;

/// [`parse_transactions`] fed in chunks: the same log, rows and rejected rows
/// (and the same error) whatever the chunk boundaries, also inside a quoted
/// field, between the `\r` and `\n` of a line end or inside a multi-byte
/// character, so a large file can be read piece by piece with progress.
///
/// The first bytes are held back until they show how to read the file (at
/// least [`SNIFF_LEN`] bytes and a complete first non-blank line); then every
/// chunk goes straight through the CSV state machine. A file that cannot be
/// read at all fails early ([`TransactionStream::failed`]); later chunks are
/// then ignored.
pub struct TransactionStream {
    /// Bytes held back before reading starts; `None` once it started.
    head: Option<Vec<u8>>,
    /// The CSV state machine, once reading started (and not failed).
    reader: Option<csv_core::Reader>,
    /// Field bytes and field ends of the record being read.
    fields: Vec<u8>,
    ends: Vec<usize>,
    field_len: usize,
    ends_len: usize,
    /// Line of the current record's first byte, once seen.
    record_line: Option<u64>,
    /// Line breaks counted so far, plus one.
    line: u64,
    previous_cr: bool,
    header: Option<Header>,
    builder: TransactionLogBuilder,
    rows_read: usize,
    good_rows: usize,
    rejected: Vec<RejectedRow>,
    error: Option<ImportError>,
}

impl Default for TransactionStream {
    fn default() -> Self {
        Self::new()
    }
}

impl TransactionStream {
    pub fn new() -> Self {
        TransactionStream {
            head: Some(Vec::new()),
            reader: None,
            fields: vec![0; 1024],
            ends: vec![0; 16],
            field_len: 0,
            ends_len: 0,
            record_line: None,
            line: 1,
            previous_cr: false,
            header: None,
            builder: TransactionLogBuilder::new(),
            rows_read: 0,
            good_rows: 0,
            rejected: Vec::new(),
            error: None,
        }
    }

    /// Data rows read so far (good and rejected).
    pub fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// Whether the file already turned out unreadable: the rest need not be read.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        // Empty input tells the CSV reader that the file ended: only `finish` gives it.
        if self.error.is_some() || chunk.is_empty() {
            return;
        }
        match self.head.as_mut() {
            Some(head) => {
                head.extend_from_slice(chunk);
                if head_is_enough(head) {
                    self.start();
                }
            }
            None => self.feed(chunk),
        }
    }

    /// Reads what is left and gives the result [`parse_transactions`] gives.
    pub fn finish(mut self) -> Result<ImportReport, ImportError> {
        if self.head.is_some() && self.error.is_none() {
            self.start();
        }
        if self.error.is_none() {
            self.feed(&[]);
        }
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.header.is_none() {
            return Err(ImportError::Empty);
        }
        if self.rows_read == 0 {
            return Err(ImportError::NoRows);
        }
        if self.good_rows == 0 {
            if let Some(first) = self.rejected.into_iter().next() {
                return Err(ImportError::NoGoodRows {
                    rows: self.rows_read,
                    first,
                });
            }
            return Err(ImportError::NoRows);
        }
        Ok(ImportReport {
            log: self.builder.finish(),
            rows_read: self.rows_read,
            rejected: self.rejected,
        })
    }

    /// Decides how to read from the bytes held back, then reads them.
    fn start(&mut self) {
        let head = self.head.take().unwrap_or_default();
        let text = head.strip_prefix(UTF8_BOM).unwrap_or(&head);
        if let Some(reason) = foreign_format(text) {
            self.error = Some(ImportError::Unreadable { line: 1, reason });
            return;
        }
        self.reader = Some(
            csv_core::ReaderBuilder::new()
                .delimiter(detect_delimiter(text))
                .build(),
        );
        self.feed(text);
    }

    /// Runs `input` through the CSV reader (empty input: the end of the file).
    fn feed(&mut self, input: &[u8]) {
        use csv_core::ReadRecordResult;
        let Some(mut reader) = self.reader.take() else {
            return;
        };
        let mut input = input;
        loop {
            let (result, nin, nout, nend) = reader.read_record(
                input,
                &mut self.fields[self.field_len..],
                &mut self.ends[self.ends_len..],
            );
            self.count_lines(&input[..nin]);
            input = &input[nin..];
            self.field_len += nout;
            self.ends_len += nend;
            match result {
                // All input consumed (at the end, empty input made the reader finish its record).
                ReadRecordResult::InputEmpty => break,
                ReadRecordResult::OutputFull => {
                    let len = self.fields.len();
                    self.fields.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    let line = self.record_line.take().unwrap_or(self.line);
                    self.record(line);
                    self.field_len = 0;
                    self.ends_len = 0;
                    if self.error.is_some() {
                        return;
                    }
                }
                ReadRecordResult::End => break,
            }
        }
        self.reader = Some(reader);
    }

    /// Counts the line breaks (`\n`, `\r\n`, a lone `\r`) of bytes the reader
    /// consumed, noting the line of the current record's first byte.
    fn count_lines(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\r' => self.line += 1,
                b'\n' => self.line += u64::from(!self.previous_cr),
                _ => {
                    if self.record_line.is_none() {
                        self.record_line = Some(self.line);
                    }
                }
            }
            self.previous_cr = b == b'\r';
        }
    }

    /// One record read, starting on `line`.
    fn record(&mut self, line: u64) {
        let record = Fields {
            bytes: &self.fields[..self.field_len],
            ends: &self.ends[..self.ends_len],
        };
        if record.is_blank() {
            return;
        }
        let Some(header) = &self.header else {
            match read_header(&record, line) {
                Ok(header) => self.header = Some(header),
                Err(e) => self.error = Some(e),
            }
            return;
        };
        self.rows_read += 1;
        match header.parse_row(&record) {
            Ok(row) => {
                self.builder.push(row.customer_id, row.date, row.amount);
                self.good_rows += 1;
            }
            Err((column, problem)) => self.rejected.push(RejectedRow {
                line,
                column: column.map(|i| (i + 1, header.names[i].clone())),
                problem,
            }),
        }
    }
}

/// Whether the bytes held back are enough to decide how to read the file:
/// [`SNIFF_LEN`] bytes (after a byte order mark) and a complete first non-blank line.
fn head_is_enough(head: &[u8]) -> bool {
    let text = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    if text.len() < SNIFF_LEN {
        return false;
    }
    let mut line_start = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' || b == b'\r' {
            if !text[line_start..i].iter().all(u8::is_ascii_whitespace) {
                return true;
            }
            line_start = i + 1;
        }
    }
    false
}

/// The fields of one record as the CSV reader wrote them.
struct Fields<'a> {
    bytes: &'a [u8],
    /// End of each field in `bytes`.
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// A record of nothing but delimiters and ASCII whitespace.
    fn is_blank(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_whitespace)
    }
}

/// A plain explanation if the bytes are recognisably not a UTF-8 text file.
fn foreign_format(text: &[u8]) -> Option<NotCsv> {
    // Text files have no NUL bytes; most binary formats have some early on.
    let has_nul_early = text.iter().take(1024).any(|&b| b == 0);
    if text.starts_with(b"\xFF\xFE") || text.starts_with(b"\xFE\xFF") {
        Some(NotCsv::Utf16)
    } else if text.starts_with(b"PK\x03\x04") {
        Some(NotCsv::Archive)
    } else if has_nul_early {
        Some(NotCsv::Binary)
    } else {
        None
    }
}

/// `,` unless the first non-blank line has no comma outside quotes but
/// semicolons or tabs; then the more frequent of those two.
fn detect_delimiter(text: &[u8]) -> u8 {
    let first_line = text
        .split(|&b| b == b'\n' || b == b'\r')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    for &b in first_line {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => commas += 1,
            b';' if !in_quotes => semicolons += 1,
            b'\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if commas > 0 {
        b','
    } else if semicolons > 0 && semicolons >= tabs {
        b';'
    } else if tabs > 0 {
        b'\t'
    } else {
        b','
    }
}

/// The header: column names as in the file (trimmed) and where the required columns are.
struct Header {
    names: Vec<String>,
    /// Field index of each [`Column`], in the order of [`Column::ALL`].
    positions: [usize; 3],
    /// Fields a row needs to reach every required column.
    fields_needed: usize,
}

/// The fields of one good row.
struct Row<'r> {
    customer_id: &'r str,
    date: NaiveDate,
    amount: f64,
}

fn read_header(record: &Fields<'_>, line: u64) -> Result<Header, ImportError> {
    let looks_binary = record
        .iter()
        .flatten()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7F);
    if looks_binary {
        return Err(ImportError::Unreadable {
            line,
            reason: NotCsv::Binary,
        });
    }
    let mut names = Vec::with_capacity(record.len());
    for field in record.iter() {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.trim().to_owned()),
            Err(_) => {
                return Err(ImportError::Unreadable {
                    line,
                    reason: NotCsv::NotUtf8,
                })
            }
        }
    }
    let mut found: [Option<usize>; 3] = [None; 3];
    for (i, name) in names.iter().enumerate() {
        if let Some(column) = Column::from_header(name) {
            found[column.index()].get_or_insert(i);
        }
    }
    match found {
        [Some(customer), Some(date), Some(amount)] => Ok(Header {
            fields_needed: customer.max(date).max(amount) + 1,
            positions: [customer, date, amount],
            names,
        }),
        _ => {
            let missing = Column::ALL
                .into_iter()
                .filter(|c| found[c.index()].is_none())
                .collect();
            Err(ImportError::MissingColumns {
                missing,
                found: names,
            })
        }
    }
}

impl Header {
    /// The row's values, or the index of the field at fault (if one is) and the problem.
    fn parse_row<'r>(&self, record: &Fields<'r>) -> Result<Row<'r>, (Option<usize>, RowProblem)> {
        let found = record.len();
        if found < self.fields_needed || found > self.names.len() {
            return Err((
                None,
                RowProblem::FieldCount {
                    expected: self.names.len(),
                    found,
                },
            ));
        }
        let mut fields = [""; 3];
        for (field, &i) in fields.iter_mut().zip(&self.positions) {
            let bytes = record.get(i).unwrap_or_default();
            *field = std::str::from_utf8(bytes)
                .map_err(|_| (None, RowProblem::NotUtf8))?
                .trim();
        }
        let [customer_id, date, amount] = fields;
        let [customer_at, date_at, amount_at] = self.positions;
        if customer_id.is_empty() {
            return Err((Some(customer_at), RowProblem::EmptyCustomerId));
        }
        let date = parse_date(date).ok_or_else(|| {
            (
                Some(date_at),
                RowProblem::BadDate {
                    value: date.to_owned(),
                },
            )
        })?;
        let amount = parse_amount(amount).ok_or_else(|| {
            (
                Some(amount_at),
                RowProblem::BadAmount {
                    value: amount.to_owned(),
                },
            )
        })?;
        Ok(Row {
            customer_id,
            date,
            amount,
        })
    }
}

/// `YYYY-MM-DD`, optionally followed by a time that is checked and dropped:
/// `T` or a space, `HH:MM`, optional `:SS`, then optionally fractional seconds
/// or a time zone.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = ascii_number(&b[0..4])?;
    let month = ascii_number(&b[5..7])?;
    let day = ascii_number(&b[8..10])?;
    if b.len() > 10 && !is_time_suffix(&b[10..]) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `THH:MM[:SS][tail]` or ` HH:MM[:SS][tail]`, tail starting with `.`, `,`, `Z`, `+`, `-` or a space.
fn is_time_suffix(t: &[u8]) -> bool {
    let Some((&separator, rest)) = t.split_first() else {
        return false;
    };
    if !matches!(separator, b'T' | b't' | b' ') || rest.len() < 5 || rest[2] != b':' {
        return false;
    }
    match (ascii_number(&rest[0..2]), ascii_number(&rest[3..5])) {
        (Some(hour), Some(minute)) if hour <= 23 && minute <= 59 => {}
        _ => return false,
    }
    let mut tail = &rest[5..];
    if let [b':', s1, s2, after @ ..] = tail {
        match ascii_number(&[*s1, *s2]) {
            Some(second) if second <= 60 => tail = after,
            _ => return false,
        }
    }
    tail.first()
        .is_none_or(|c| matches!(c, b'.' | b',' | b'Z' | b'z' | b'+' | b'-' | b' '))
}

/// The value of a non-empty run of ASCII digits (at most 4 here).
fn ascii_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// A finite number with `.` as decimal separator and an optional sign; `-0` is 0.
fn parse_amount(s: &str) -> Option<f64> {
    let value: f64 = s.parse().ok()?;
    // Adding 0.0 turns -0.0 into 0.0, so a zero is never a refund.
    value.is_finite().then_some(value + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::transactions::Transaction;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parse(text: &str) -> Result<ImportReport, ImportError> {
        parse_transactions(text.as_bytes())
    }

    /// (customer id, date, amount) of every transaction, in log order.
    fn rows(log: &TransactionLog) -> Vec<(String, NaiveDate, f64)> {
        log.transactions()
            .iter()
            .map(|t: &Transaction| {
                (
                    log.customer_ids()[t.customer as usize].clone(),
                    t.date,
                    t.amount,
                )
            })
            .collect()
    }

    fn row(id: &str, date: &str, amount: f64) -> (String, NaiveDate, f64) {
        (id.to_owned(), d(date), amount)
    }

    fn rejected(line: u64, column: Option<(usize, &str)>, problem: RowProblem) -> RejectedRow {
        RejectedRow {
            line,
            column: column.map(|(i, name)| (i, name.to_owned())),
            problem,
        }
    }

    #[test]
    fn good_rows_become_a_sorted_log() {
        let report = parse(
            "customer_id,date,amount\n\
             k2,2024-03-01,19.99\n\
             k1,2024-01-15,100\n\
             k2,2024-01-15,-5.50\n\
             k1,2024-02-01,+0.01\n",
        )
        .unwrap();
        assert_eq!(report.rows_read, 4);
        assert!(report.rejected.is_empty());
        assert_eq!(
            report.log.customer_ids(),
            ["k2".to_string(), "k1".to_string()]
        );
        assert_eq!(report.log.len(), 4);
        assert_eq!(
            rows(&report.log),
            vec![
                row("k2", "2024-01-15", -5.5),
                row("k1", "2024-01-15", 100.0),
                row("k1", "2024-02-01", 0.01),
                row("k2", "2024-03-01", 19.99),
            ]
        );
    }

    #[test]
    fn fields_and_amounts_are_trimmed_and_signed() {
        let report =
            parse("customer_id,date,amount\n  k 1 , 2024-01-02 , -0 \nk2,2024-01-03,1e2\n")
                .unwrap();
        assert_eq!(
            rows(&report.log),
            vec![
                row("k 1", "2024-01-02", 0.0),
                row("k2", "2024-01-03", 100.0)
            ]
        );
        assert!(
            !report.log.transactions()[0].is_refund(),
            "-0 is not a refund"
        );
        assert!(report.log.transactions()[0].amount.is_sign_positive());
    }

    #[test]
    fn each_kind_of_bad_row_is_located() {
        let report = parse(
            "customer_id,date,amount\n\
             k1,2024-01-01,10\n\
             k1,31/12/2024,10\n\
             ,2024-01-01,10\n\
             k2,2024-01-01,12,50\n\
             k2,2024-01-01\n\
             k3,2024-02-30,1\n\
             k3,2024-01-01,1,5\n\
             k3,2024-01-01,EUR 5\n\
             k3,2024-01-01,inf\n\
             k3,2024-01-01,\n",
        )
        .unwrap();
        assert_eq!(report.rows_read, 10);
        assert_eq!(rows(&report.log), vec![row("k1", "2024-01-01", 10.0)]);
        let date = Some((2, "date"));
        let amount = Some((3, "amount"));
        let bad_amount = |v: &str| RowProblem::BadAmount {
            value: v.to_owned(),
        };
        assert_eq!(
            report.rejected,
            vec![
                rejected(
                    3,
                    date,
                    RowProblem::BadDate {
                        value: "31/12/2024".into()
                    }
                ),
                rejected(4, Some((1, "customer_id")), RowProblem::EmptyCustomerId),
                rejected(
                    5,
                    None,
                    RowProblem::FieldCount {
                        expected: 3,
                        found: 4
                    }
                ),
                rejected(
                    6,
                    None,
                    RowProblem::FieldCount {
                        expected: 3,
                        found: 2
                    }
                ),
                rejected(
                    7,
                    date,
                    RowProblem::BadDate {
                        value: "2024-02-30".into()
                    }
                ),
                rejected(
                    8,
                    None,
                    RowProblem::FieldCount {
                        expected: 3,
                        found: 4
                    }
                ),
                rejected(9, amount, bad_amount("EUR 5")),
                rejected(10, amount, bad_amount("inf")),
                rejected(11, amount, bad_amount("")),
            ]
        );
    }

    #[test]
    fn rejected_rows_display_line_column_and_problem() {
        let report =
            parse("Kunde,Datum,Betrag\nk1,2024-01-01,1\nk1,31/12/2024,1\nk1,2024-01-01,1;5\nk1\n")
                .unwrap();
        let texts: Vec<String> = report.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            texts,
            [
                "line 3, column 2 (Datum): expected a date like 2024-12-31, found \"31/12/2024\"",
                "line 4, column 3 (Betrag): expected an amount like 1234.56, found \"1;5\"",
                "line 5: expected 3 fields, found 1",
            ]
        );
        let row = rejected(
            3,
            Some((2, "date")),
            RowProblem::BadDate {
                value: "31/12/2024".into(),
            },
        );
        assert_eq!(
            row.to_string(),
            "line 3, column 2 (date): expected a date like 2024-12-31, found \"31/12/2024\""
        );
    }

    #[test]
    fn dates_may_carry_a_time_that_is_dropped() {
        let good = [
            "2024-05-06T07:08:09",
            "2024-05-06T07:08:09.123Z",
            "2024-05-06T07:08:09+02:00",
            "2024-05-06T07:08",
            "2024-05-06 23:59",
            "2024-05-06 23:59:60",
        ];
        for value in good {
            assert_eq!(parse_date(value), Some(d("2024-05-06")), "{value}");
        }
        let bad = [
            "2024-5-6",
            "06.05.2024",
            "2024/05/06",
            "2024-05-06x",
            "2024-05-06T",
            "2024-05-06 24:00",
            "2024-05-06 7:08",
            "2024-05-06T07:08:9",
            "2024-05-06T07:08:09x",
            "+024-05-06",
            "2024-13-01",
            "２０２４-05-06",
        ];
        for value in bad {
            assert_eq!(parse_date(value), None, "{value}");
        }
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(parse(""), Err(ImportError::Empty));
        assert_eq!(parse("\u{FEFF}"), Err(ImportError::Empty));
        assert_eq!(parse("\u{FEFF} \r\n\t\n"), Err(ImportError::Empty));
        assert_eq!(
            parse(",,\n , \n"),
            Err(ImportError::Empty),
            "only delimiters and spaces"
        );
    }

    #[test]
    fn header_only_has_no_rows() {
        assert_eq!(parse("customer_id,date,amount"), Err(ImportError::NoRows));
        assert_eq!(
            parse("customer_id,date,amount\r\n\r\n,,\r\n"),
            Err(ImportError::NoRows)
        );
    }

    #[test]
    fn all_rows_bad() {
        let e = parse("customer_id,date,amount\nk1,yesterday,5\nk2,2024-01-01,lots\n").unwrap_err();
        let first = rejected(
            2,
            Some((2, "date")),
            RowProblem::BadDate {
                value: "yesterday".into(),
            },
        );
        assert_eq!(e, ImportError::NoGoodRows { rows: 2, first });
        assert_eq!(
            e.to_string(),
            "no row could be read; first problem: line 2, column 2 (date): \
             expected a date like 2024-12-31, found \"yesterday\""
        );
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let report =
            parse("\u{FEFF}customer_id,date,amount\r\nk1,2024-01-01,1.5\r\n\r\nk1,bad,1\r\n")
                .unwrap();
        assert_eq!(rows(&report.log), vec![row("k1", "2024-01-01", 1.5)]);
        assert_eq!(report.log.customer_ids(), ["k1".to_string()]);
        assert_eq!(report.rows_read, 2);
        assert_eq!(
            report.rejected[0].line, 4,
            "the blank line 3 still counts as a line"
        );
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let report = parse("customer_id,date,amount\rk1,2024-01-01,1\rk1,bad,1\r").unwrap();
        assert_eq!(report.rejected[0].line, 3);
    }

    #[test]
    fn quoted_fields_with_delimiters_quotes_and_line_breaks() {
        let text = "customer_id,date,amount,note\n\
                    \"Müller, Anna\",2024-01-01,10,\"said \"\"hi\"\"\"\n\
                    k2,2024-01-02,20,\"two\nlines\"\n\
                    k3,2024-01-03,oops,\n\
                    \"k\n4\",2024-01-04,bad,\n\
                    k5,2024-01-05,5,\"a\r\nb\"\r\n\
                    k5,2024-01-06,x,\n";
        let report = parse(text).unwrap();
        assert_eq!(report.rows_read, 6);
        assert_eq!(
            rows(&report.log),
            vec![
                row("Müller, Anna", "2024-01-01", 10.0),
                row("k2", "2024-01-02", 20.0),
                row("k5", "2024-01-05", 5.0),
            ]
        );
        let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            [5, 6, 10],
            "each quoted line break shifts the following rows"
        );
    }

    #[test]
    fn semicolon_and_tab_delimiters() {
        let report = parse("Kundennummer;Bestelldatum;Umsatz\nk1;2024-01-01;1.25\n").unwrap();
        assert_eq!(rows(&report.log), vec![row("k1", "2024-01-01", 1.25)]);
        let report = parse("user_id\torder_date\ttotal\nk1\t2024-01-01\t7\n").unwrap();
        assert_eq!(rows(&report.log), vec![row("k1", "2024-01-01", 7.0)]);
        // A comma in the header decides for commas, even next to semicolons.
        let report = parse("id;x,customer,date,amount\n1;2,k1,2024-01-01,3\n").unwrap();
        assert_eq!(rows(&report.log), vec![row("k1", "2024-01-01", 3.0)]);
    }

    #[test]
    fn header_synonyms_ignore_case_spaces_underscores_and_hyphens() {
        let cases = [
            ("Customer ID,Order Date,Order_Total", [0, 1, 2]),
            (" KUNDEN-ID , DATUM , BETRAG ", [0, 1, 2]),
            ("client_id,created_at,revenue", [0, 1, 2]),
            ("Value,Transaction-Date,Customer", [2, 1, 0]),
        ];
        for (header, positions) in cases {
            let mut fields = ["", "", ""];
            fields[positions[0]] = "k1";
            fields[positions[1]] = "2024-01-01";
            fields[positions[2]] = "9.5";
            let report = parse(&format!("{header}\n{}\n", fields.join(","))).unwrap();
            assert_eq!(
                rows(&report.log),
                vec![row("k1", "2024-01-01", 9.5)],
                "{header}"
            );
        }
        assert_eq!(Column::from_header("Kunde"), Some(Column::CustomerId));
        assert_eq!(Column::from_header("customer name"), None);
    }

    #[test]
    fn extra_columns_are_ignored_and_named_in_rejections() {
        let text = "order,Customer,product,date,amount,comment\n\
                    1,k1,shoe,2024-01-01,40,\n\
                    2,k1,sock,2024-01-02,-,\n\
                    3,k2,hat,2024-01-03,15,\"\"\n";
        let report = parse(text).unwrap();
        assert_eq!(
            rows(&report.log),
            vec![row("k1", "2024-01-01", 40.0), row("k2", "2024-01-03", 15.0)]
        );
        assert_eq!(
            report.rejected,
            vec![rejected(
                3,
                Some((5, "amount")),
                RowProblem::BadAmount { value: "-".into() }
            )]
        );
        // Two customer columns: the first one counts.
        let report = parse("customer,kunde,date,amount\na,b,2024-01-01,1\n").unwrap();
        assert_eq!(report.log.customer_ids(), ["a".to_string()]);
    }

    #[test]
    fn rows_may_omit_trailing_columns_that_are_not_needed() {
        let report = parse("customer_id,date,amount,note\nk1,2024-01-01,1\n").unwrap();
        assert_eq!(report.log.len(), 1);
    }

    #[test]
    fn missing_columns_are_listed() {
        assert_eq!(
            parse("Kunde, Datum ,Preis\nk1,2024-01-01,1\n"),
            Err(ImportError::MissingColumns {
                missing: vec![Column::Amount],
                found: vec!["Kunde".into(), "Datum".into(), "Preis".into()]
            })
        );
        assert_eq!(
            parse("hello world\n"),
            Err(ImportError::MissingColumns {
                missing: Column::ALL.to_vec(),
                found: vec!["hello world".into()]
            })
        );
    }

    #[test]
    fn binary_and_other_formats_are_unreadable() {
        let unreadable = |bytes: &[u8]| match parse_transactions(bytes) {
            Err(ImportError::Unreadable { line: 1, reason }) => reason.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            unreadable(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "this is not a text file (CSV expected)"
        );
        assert_eq!(
            unreadable(b"\x01\x02,date,amount\n"),
            "this is not a text file (CSV expected)"
        );
        assert_eq!(
            unreadable(b"customer_id,date,amount\nk1\0,2024-01-01,1\n"),
            "this is not a text file (CSV expected)"
        );
        assert!(unreadable(b"PK\x03\x04\x14\0\x06\0").contains("Excel workbook"));
        assert!(unreadable(b"\xFF\xFEc\0u\0s\0").contains("UTF-16"));
        assert!(unreadable(b"Kunde,Stra\xDFe,Datum\n").contains("not UTF-8"));
    }

    #[test]
    fn a_row_that_is_not_utf8_is_rejected() {
        let report = parse_transactions(
            b"customer_id,date,amount,name\nk\xFC,2024-01-01,1,x\nk1,2024-01-01,2,M\xFCller\n",
        )
        .unwrap();
        assert_eq!(
            report.rejected,
            vec![rejected(2, None, RowProblem::NotUtf8)]
        );
        assert_eq!(
            rows(&report.log),
            vec![row("k1", "2024-01-01", 2.0)],
            "an ignored column may be anything"
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let inputs: [&[u8]; 9] = [
            b"\"",
            b"\"\n\"",
            b"customer_id,date,amount\n\"k1,2024-01-01,1\n",
            b"customer_id,date,amount\n\"\"\"\n",
            b"\n\n\n,",
            b"customer_id,date,amount\nk1,2024-01-01,1,\"",
            b"\xEF\xBB",
            b"\r",
            b"customer_id,date,amount\n\xFF,\xFF,\xFF",
        ];
        for input in inputs {
            let _ = parse_transactions(input);
        }
        // Pseudo-random bytes (a fixed linear congruential sequence).
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for len in [1usize, 7, 100, 5000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (state >> 56) as u8
                })
                .collect();
            assert!(parse_transactions(&bytes).is_err());
        }
        let unterminated = parse_transactions(
            b"customer_id,date,amount\nk1,2024-01-01,1\n\"k2,2024-01-02,2\nk3,2024-01-03,3\n",
        )
        .unwrap();
        assert_eq!(
            unterminated.rows_read, 2,
            "an open quote runs to the end of the file"
        );
        assert_eq!(unterminated.rejected[0].line, 3);
    }

    /// The one-shot reader [`parse_transactions`] was before it read in chunks
    /// (the `csv` crate over all bytes, lines from [`LineCounter`]): the
    /// reference the chunked reading must match exactly.
    fn reference_parse(bytes: &[u8]) -> Result<ImportReport, ImportError> {
        use crate::clv::data::delimited::LineCounter;
        /// A record's line, field bytes and field ends.
        type Record = (u64, Vec<u8>, Vec<usize>);
        fn next_record(
            reader: &mut csv::Reader<&[u8]>,
            record: &mut csv::ByteRecord,
            lines: &mut LineCounter<'_>,
        ) -> Result<Option<Record>, ImportError> {
            let result = reader.read_byte_record(record);
            let offset = record.position().map_or(0, |p| p.byte());
            let line = lines.line_of_record_read_from(offset);
            match result {
                Ok(true) => {
                    let (mut bytes, mut ends) = (Vec::new(), Vec::new());
                    for field in record.iter() {
                        bytes.extend_from_slice(field);
                        ends.push(bytes.len());
                    }
                    Ok(Some((line, bytes, ends)))
                }
                Ok(false) => Ok(None),
                Err(e) => Err(ImportError::Unreadable {
                    line,
                    reason: NotCsv::Csv(e.to_string()),
                }),
            }
        }
        let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::Empty);
        }
        if let Some(reason) = foreign_format(text) {
            return Err(ImportError::Unreadable { line: 1, reason });
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(text))
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut lines = LineCounter::new(text);
        let mut record = csv::ByteRecord::new();
        let (header_line, bytes, ends) = loop {
            match next_record(&mut reader, &mut record, &mut lines)? {
                None => return Err(ImportError::Empty),
                Some((_, bytes, _)) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Some(r) => break r,
            }
        };
        let header = read_header(
            &Fields {
                bytes: &bytes,
                ends: &ends,
            },
            header_line,
        )?;
        let mut builder = TransactionLogBuilder::new();
        let (mut rows_read, mut good_rows, mut rejected) = (0, 0, Vec::new());
        while let Some((line, bytes, ends)) = next_record(&mut reader, &mut record, &mut lines)? {
            let fields = Fields {
                bytes: &bytes,
                ends: &ends,
            };
            if fields.is_blank() {
                continue;
            }
            rows_read += 1;
            match header.parse_row(&fields) {
                Ok(row) => {
                    builder.push(row.customer_id, row.date, row.amount);
                    good_rows += 1;
                }
                Err((column, problem)) => rejected.push(RejectedRow {
                    line,
                    column: column.map(|i| (i + 1, header.names[i].clone())),
                    problem,
                }),
            }
        }
        if rows_read == 0 {
            return Err(ImportError::NoRows);
        }
        if good_rows == 0 {
            return match rejected.into_iter().next() {
                Some(first) => Err(ImportError::NoGoodRows {
                    rows: rows_read,
                    first,
                }),
                None => Err(ImportError::NoRows),
            };
        }
        Ok(ImportReport {
            log: builder.finish(),
            rows_read,
            rejected,
        })
    }

    /// Reads `bytes` in chunks ending at `cuts` (increasing offsets).
    fn parse_in_chunks(bytes: &[u8], cuts: &[usize]) -> Result<ImportReport, ImportError> {
        let mut stream = TransactionStream::new();
        let mut from = 0;
        for &cut in cuts {
            let cut = cut.clamp(from, bytes.len());
            stream.push(&bytes[from..cut]);
            from = cut;
        }
        stream.push(&bytes[from..]);
        stream.finish()
    }

    /// More than [`SNIFF_LEN`] bytes of good rows, so that what follows is
    /// read chunk by chunk rather than held back.
    fn padding_rows() -> String {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!("P{i},2024-01-{:02},{i}.50\n", i % 28 + 1));
        }
        text
    }

    /// Files whose hard parts come after the bytes held back.
    fn tricky_files() -> Vec<Vec<u8>> {
        let pad = padding_rows();
        let bodies = [
            // A quoted field with a delimiter, a doubled quote and a line break.
            "\"Müller, \"\"A\"\"\r\nB\",2024-02-01,10\r\nk2,2024-02-02,5\r\n",
            // CRLF, lone CR and LF line ends, blank lines, a blank record.
            "k1,2024-03-01,1\r\n\r\n\r\nk2,2024-03-02,2\rk3,2024-03-03,3\n  ,  ,\n\nk4,2024-03-04,4",
            // Multi-byte characters (2, 3 and 4 bytes) in ids and bad values.
            "Ärger€😀,2024-04-01,7\nk5,2024-04-0€,1\nk6,2024-04-02,1€\n",
            // Bad rows of every kind, a quote inside an unquoted field, an open quote at the end.
            "k7,2024-13-01,1\n,2024-01-01,1\nk8,2024-01-01\nk9,2024-01-01,x\nab\"c,2024-01-01,2\nk10,\"2024-01-01\",\"3\"\n\"open,2024-01-01,1\nk11,2024-01-01,1\n",
        ];
        let mut files = Vec::new();
        for body in bodies {
            files.push(format!("customer_id,date,amount\r\n{pad}{body}").into_bytes());
            // With a byte order mark, semicolons and the header after blank lines.
            let semi = format!("\u{FEFF}\r\n\nKunde;Datum;Betrag\n{pad}{body}").replace(',', ";");
            files.push(semi.into_bytes());
        }
        // Not UTF-8 in a row, after the held-back part.
        let mut latin = format!("customer_id,date,amount\n{pad}").into_bytes();
        latin.extend_from_slice(b"M\xFCller,2024-01-01,1\nk,2024-01-01,1\n");
        files.push(latin);
        // A header line longer than the bytes held back.
        let long = format!(
            "customer_id,date,amount,{}\n{pad}k,2024-01-01,1,x\n",
            "n".repeat(1500)
        );
        files.push(long.into_bytes());
        files
    }

    #[test]
    fn reading_in_chunks_gives_what_the_one_shot_reader_gives() {
        for file in tricky_files() {
            let expected = reference_parse(&file);
            assert!(expected.is_ok(), "{expected:?}");
            assert_eq!(parse_transactions(&file), expected);
            // Every single cut, also inside quotes, CRLF and characters.
            for cut in 0..=file.len() {
                assert_eq!(parse_in_chunks(&file, &[cut]), expected, "cut at {cut}");
            }
            // Empty chunks in between change nothing.
            let middle = file.len() / 2 + 1;
            assert_eq!(
                parse_in_chunks(&file, &[1100, 1100, middle, middle]),
                expected
            );
            // Chunks of a few bytes each.
            for size in [1, 2, 3, 5, 64, 1000] {
                let cuts: Vec<usize> = (size..file.len()).step_by(size).collect();
                assert_eq!(parse_in_chunks(&file, &cuts), expected, "chunks of {size}");
            }
        }
    }

    #[test]
    fn files_that_fail_fail_alike_in_chunks() {
        let pad = padding_rows();
        let files: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b" \r\n\t\n".to_vec(),
            b",,\n;;\n".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"id;name\n1;x\n".to_vec(),
            b"customer_id,date,amount\n".to_vec(),
            b"customer_id,date,amount\n\n  \n".to_vec(),
            format!("customer_id,date,amount\n{}", "k,bad,1\n".repeat(200)).into_bytes(),
            b"PK\x03\x04rest".to_vec(),
            b"\xFF\xFEc\0u\0".to_vec(),
            b"\x89PNG\r\n\x1a\n\0\0\0".to_vec(),
            format!("{pad}{pad}").into_bytes(),
            b"Kunde,Datum,Betrag\xFF\n".to_vec(),
        ];
        for file in files {
            let expected = reference_parse(&file);
            assert_eq!(
                parse_transactions(&file),
                expected,
                "{:?}",
                String::from_utf8_lossy(&file)
            );
            for size in [1, 3, 700] {
                let cuts: Vec<usize> = (size..file.len()).step_by(size).collect();
                assert_eq!(parse_in_chunks(&file, &cuts), expected, "chunks of {size}");
            }
        }
    }

    #[test]
    fn a_stream_reports_rows_as_it_goes_and_stops_on_a_bad_header() {
        let mut stream = TransactionStream::new();
        stream.push(numbered_rows(1_000).as_bytes());
        assert!(stream.rows_read() >= 990, "{}", stream.rows_read());
        assert!(!stream.failed());
        let mut bad = TransactionStream::new();
        bad.push(format!("id;name\n{}", "1;x\n".repeat(400)).as_bytes());
        assert!(bad.failed());
        assert!(matches!(
            bad.finish(),
            Err(ImportError::MissingColumns { .. })
        ));
    }

    mod chunk_properties {
        use super::*;
        use proptest::prelude::*;

        fn piece() -> impl Strategy<Value = &'static str> {
            proptest::sample::select(vec![
                "k1",
                "Ä",
                "€",
                "😀",
                ",",
                ",",
                ";",
                "\"",
                "\"\"",
                "\r\n",
                "\n",
                "\r",
                " ",
                "2024-01-05",
                "2024-02-30",
                "12.5",
                "-3",
                "x",
            ])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn any_file_in_any_chunks_reads_as_in_one_piece(
                body in proptest::collection::vec(piece(), 0..200),
                cuts in proptest::collection::vec(0usize..3000, 0..12),
            ) {
                let file = format!("customer_id,date,amount\n{}{}", padding_rows(), body.concat()).into_bytes();
                let mut cuts = cuts;
                cuts.sort_unstable();
                let expected = reference_parse(&file);
                prop_assert_eq!(parse_transactions(&file), expected.clone());
                prop_assert_eq!(parse_in_chunks(&file, &cuts), expected);
            }
        }
    }

    fn numbered_rows(rows: usize) -> String {
        let mut text = String::from("customer_id,date,amount\n");
        for i in 0..rows {
            let (customer, month, day, euros, cents) =
                (i % 5000, i % 12 + 1, i % 28 + 1, i % 300, i % 100);
            text.push_str(&format!(
                "K-{customer:05},2024-{month:02}-{day:02},{euros}.{cents:02}\n"
            ));
        }
        text
    }

    #[test]
    fn many_rows() {
        let report = parse(&numbered_rows(50_000)).unwrap();
        assert_eq!(report.rows_read, 50_000);
        assert_eq!(report.log.len(), 50_000);
        assert_eq!(report.log.customer_ids().len(), 5_000);
        assert_eq!(report.log.customer_ids()[4_999], "K-04999");
    }
}
