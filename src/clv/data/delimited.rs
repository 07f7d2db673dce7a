//! Delimited text (CSV and its relatives) as a [`RawTable`].
//!
//! Shop exports and spreadsheets saved as text separate their fields by `,`,
//! `;` (Excel on a German Windows, where `,` is the decimal separator), a tab
//! or `|`. [`detect_delimiter`] picks the one that splits the first
//! [`SNIFF_RECORDS`] non-blank records into the most consistent number of
//! fields (more than one); [`read_delimited`] reads with it (or the one the
//! user chose). Rules:
//!
//! - Quotes (`"`, doubled inside a quoted field) are honoured everywhere: a
//!   delimiter or line break inside quotes belongs to the field.
//! - Line ends are `\n`, `\r\n` or a lone `\r`; rows may have any number of
//!   fields (short and long rows are kept as they are).
//! - The first non-blank record is the header, its names trimmed; blank records
//!   (nothing but spaces and delimiters) are skipped before it and among the rows.
//! - Every row keeps the 1-based line of the text it starts on, counted from the
//!   text itself, so a quoted field spanning lines moves the later rows down
//!   ([`LineCounter`], shared with [`super::import`]).
//! - Cells are kept as written (unquoted, not trimmed); a leading byte-order
//!   mark is dropped.
//!
//! The text comes from [`super::text::decode`]; a file that decodes to NUL
//! bytes or control characters in its header is not text ([`DelimitedError::Binary`]).

use super::sheet::{RawRow, RawTable};
use serde::{Deserialize, Serialize};

/// The field separators a delimited file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

impl Delimiter {
    /// Every delimiter, in the order detection prefers them on a tie.
    pub const ALL: [Delimiter; 4] = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];

    /// The separating byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        }
    }

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Delimiter::Comma => "Comma (,)",
            Delimiter::Semicolon => "Semicolon (;)",
            Delimiter::Tab => "Tab",
            Delimiter::Pipe => "Pipe (|)",
        }
    }
}

/// Why a text cannot be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DelimitedError {
    #[error("the file is empty (no header row)")]
    Empty,
    #[error("this is not a text file (it contains binary data)")]
    Binary,
}

/// How many non-blank records [`detect_delimiter`] looks at.
pub const SNIFF_RECORDS: usize = 20;

/// The delimiter of `text`, judged on its first [`SNIFF_RECORDS`] non-blank records.
///
/// Each candidate splits the records (respecting quotes, as [`read_delimited`]
/// does); its score is how many records have its most frequent field count,
/// counted only where that count is above one. The highest score wins; on a
/// tie, the candidate with more fields, then the earlier in [`Delimiter::ALL`].
/// Without any candidate splitting the records, [`Delimiter::Comma`].
pub fn detect_delimiter(text: &str) -> Delimiter {
    let text = strip_bom(text);
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for delimiter in Delimiter::ALL {
        let (records, fields) = consistency(text, delimiter);
        if fields > 1 && (records, fields) > (best.1, best.2) {
            best = (delimiter, records, fields);
        }
    }
    best.0
}

/// `(records, fields)`: the most frequent field count of the first non-blank
/// records (the larger on a tie) and how many records have it.
fn consistency(text: &str, delimiter: Delimiter) -> (usize, usize) {
    let mut reader = reader(text, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut counts: Vec<usize> = Vec::with_capacity(SNIFF_RECORDS);
    while counts.len() < SNIFF_RECORDS && reader.read_byte_record(&mut record).unwrap_or(false) {
        if !is_blank(&record) {
            counts.push(record.len());
        }
    }
    counts.sort_unstable();
    counts
        .chunk_by(|a, b| a == b)
        .map(|run| (run.len(), run[0]))
        .max()
        .unwrap_or((0, 0))
}

/// Reads `text` into a header and rows; see the module rules.
///
/// Never fails on quoting: an unclosed quote runs to the end of the text, as
/// in a spreadsheet program.
pub fn read_delimited(text: &str, delimiter: Delimiter) -> Result<RawTable, DelimitedError> {
    let text = strip_bom(text);
    if text.contains('\0') {
        return Err(DelimitedError::Binary);
    }
    let mut reader = reader(text, delimiter);
    let mut lines = LineCounter::new(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // Reading byte records from memory with flexible rows cannot fail.
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        let offset = record.position().map_or(0, |p| p.byte());
        let line = lines.line_of_record_read_from(offset);
        if is_blank(&record) {
            continue;
        }
        if headers.is_none() {
            if has_control_characters(&record) {
                return Err(DelimitedError::Binary);
            }
            headers = Some(
                record
                    .iter()
                    .map(|f| cell_text(f).trim().to_owned())
                    .collect(),
            );
        } else {
            rows.push(RawRow {
                line,
                cells: record.iter().map(cell_text).collect(),
            });
        }
    }
    let headers = headers.ok_or(DelimitedError::Empty)?;
    Ok(RawTable { headers, rows })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

fn reader(text: &str, delimiter: Delimiter) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// A field of a record split from a `&str` at ASCII bytes, which is UTF-8.
fn cell_text(field: &[u8]) -> String {
    String::from_utf8_lossy(field).into_owned()
}

/// A record of nothing but delimiters and ASCII whitespace.
fn is_blank(record: &csv::ByteRecord) -> bool {
    record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
}

/// Control characters other than tab and line breaks: no header of a text file has them.
fn has_control_characters(record: &csv::ByteRecord) -> bool {
    record
        .iter()
        .flatten()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7F)
}

/// Line numbers of records, counted from the bytes themselves.
///
/// The `csv` crate reports where it *started* reading a record, which may be
/// the line end of the previous record or blank lines before it. Line breaks
/// are `\n`, `\r\n` and a lone `\r`, also inside quoted fields.
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    /// Everything before this offset has been counted.
    counted_to: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            counted_to: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record that `csv` started reading at byte `offset`.
    pub(super) fn line_of_record_read_from(&mut self, offset: u64) -> u64 {
        let text = self.text;
        let mut start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .clamp(self.counted_to, text.len());
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        for i in self.counted_to..start {
            let is_break = match text[i] {
                b'\n' => true,
                b'\r' => text.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += u64::from(is_break);
        }
        self.counted_to = start;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    const GERMAN: &str = "Kundennummer;Bestelldatum;Betrag (EUR);Bemerkung\n\
        K1;15.01.2024;1.234,56;Größe M\n\
        K2;16.01.2024;12,50;\n\
        K1;03.02.2024;99,90;für Müller, bitte\n\
        K3;04.02.2024;7,00;Express\n";

    #[test]
    fn a_comma_file_is_detected_as_comma() {
        assert_eq!(
            detect_delimiter("id,date,amount\nK1,2024-01-15,12.5\nK2,2024-01-16,3\n"),
            Delimiter::Comma
        );
    }

    #[test]
    fn a_semicolon_file_is_detected_as_semicolon() {
        assert_eq!(
            detect_delimiter("id;date;amount\nK1;2024-01-15;12.5\n"),
            Delimiter::Semicolon
        );
    }

    #[test]
    fn a_tab_file_is_detected_as_tab() {
        assert_eq!(
            detect_delimiter("id\tdate\tamount\nK1\t2024-01-15\t12.5\n"),
            Delimiter::Tab
        );
    }

    #[test]
    fn a_pipe_file_is_detected_as_pipe() {
        assert_eq!(
            detect_delimiter("id|date|amount\nK1|2024-01-15|12.5\n"),
            Delimiter::Pipe
        );
    }

    #[test]
    fn a_german_export_with_decimal_commas_is_detected_as_semicolon() {
        assert_eq!(detect_delimiter(GERMAN), Delimiter::Semicolon);
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count() {
        let text = "Name;Notiz\n\"Müller, Hans\";\"a, b, c\"\n\"Meier, Eva\";\"d, e, f\"\n";
        assert_eq!(detect_delimiter(text), Delimiter::Semicolon);
        let text = "name,note\n\"a;b;c\",x\n\"d;e;f\",y\n";
        assert_eq!(detect_delimiter(text), Delimiter::Comma);
    }

    #[test]
    fn on_equal_consistency_the_delimiter_giving_more_fields_wins() {
        assert_eq!(detect_delimiter("a,b;c;d\n1,2;3;4\n"), Delimiter::Semicolon);
    }

    #[test]
    fn blank_lines_do_not_count_in_detection() {
        let text = "\n\nid;amount\n\n;;\nK1;1,5\nK2;2,5\n";
        assert_eq!(detect_delimiter(text), Delimiter::Semicolon);
    }

    #[test]
    fn without_any_split_the_delimiter_is_comma() {
        assert_eq!(detect_delimiter(""), Delimiter::Comma);
        assert_eq!(detect_delimiter("Kunde\nK1\nK2\n"), Delimiter::Comma);
    }

    #[test]
    fn a_german_export_reads_into_headers_and_rows_with_their_lines() {
        let table = read_delimited(GERMAN, Delimiter::Semicolon).unwrap();
        assert_eq!(
            table.headers,
            strings(&["Kundennummer", "Bestelldatum", "Betrag (EUR)", "Bemerkung"])
        );
        assert_eq!(
            table.rows,
            [
                RawRow::new(2, &["K1", "15.01.2024", "1.234,56", "Größe M"]),
                RawRow::new(3, &["K2", "16.01.2024", "12,50", ""]),
                RawRow::new(4, &["K1", "03.02.2024", "99,90", "für Müller, bitte"]),
                RawRow::new(5, &["K3", "04.02.2024", "7,00", "Express"]),
            ]
        );
    }

    #[test]
    fn quoted_fields_keep_their_delimiters_and_quotes_are_unescaped() {
        let text = "name,note\n\"Müller, Hans\",\"he said \"\"hi\"\"\"\n";
        let table = read_delimited(text, Delimiter::Comma).unwrap();
        assert_eq!(
            table.rows,
            [RawRow::new(2, &["Müller, Hans", "he said \"hi\""])]
        );
    }

    #[test]
    fn a_quoted_field_spanning_lines_moves_the_later_rows_down() {
        let text = "id,note\nK1,\"first\nsecond\nthird\"\nK2,plain\r\nK3,\"a\r\nb\"\r\nK4,x\n";
        let table = read_delimited(text, Delimiter::Comma).unwrap();
        assert_eq!(
            table.rows,
            [
                RawRow::new(2, &["K1", "first\nsecond\nthird"]),
                RawRow::new(5, &["K2", "plain"]),
                RawRow::new(6, &["K3", "a\r\nb"]),
                RawRow::new(8, &["K4", "x"]),
            ]
        );
    }

    #[test]
    fn blank_lines_are_skipped_before_the_header_and_among_the_rows() {
        let text = "\n  \n;;\nid;amount\nK1;1\n\n ; \nK2;2\n\n";
        let table = read_delimited(text, Delimiter::Semicolon).unwrap();
        assert_eq!(table.headers, strings(&["id", "amount"]));
        assert_eq!(
            table.rows,
            [RawRow::new(5, &["K1", "1"]), RawRow::new(8, &["K2", "2"])]
        );
    }

    #[test]
    fn crlf_and_lone_cr_line_ends_read_like_lf() {
        let expected = [RawRow::new(2, &["K1", "1"]), RawRow::new(3, &["K2", "2"])];
        for text in ["id,amount\r\nK1,1\r\nK2,2\r\n", "id,amount\rK1,1\rK2,2\r"] {
            let table = read_delimited(text, Delimiter::Comma).unwrap();
            assert_eq!(table.headers, strings(&["id", "amount"]));
            assert_eq!(table.rows, expected);
        }
    }

    #[test]
    fn headers_are_trimmed_and_cells_kept_as_written() {
        let text = "\u{FEFF} id \t amount \n K1 \t 1 \n";
        let table = read_delimited(text, Delimiter::Tab).unwrap();
        assert_eq!(table.headers, strings(&["id", "amount"]));
        assert_eq!(table.rows, [RawRow::new(2, &[" K1 ", " 1 "])]);
    }

    #[test]
    fn short_and_long_rows_are_kept_as_they_are() {
        let text = "a|b|c\n1\n1|2|3|4\n";
        let table = read_delimited(text, Delimiter::Pipe).unwrap();
        assert_eq!(
            table.rows,
            [
                RawRow::new(2, &["1"]),
                RawRow::new(3, &["1", "2", "3", "4"])
            ]
        );
    }

    #[test]
    fn a_header_only_file_gives_zero_rows() {
        let table = read_delimited("id;amount\r\n\r\n", Delimiter::Semicolon).unwrap();
        assert_eq!(table.headers, strings(&["id", "amount"]));
        assert!(table.rows.is_empty());
    }

    #[test]
    fn an_empty_or_blank_text_has_no_header() {
        for text in ["", "\u{FEFF}", "\n \r\n,,\n"] {
            assert_eq!(
                read_delimited(text, Delimiter::Comma),
                Err(DelimitedError::Empty)
            );
        }
    }

    #[test]
    fn nul_bytes_or_control_characters_in_the_header_are_not_text() {
        let zip_as_text = "PK\u{3}\u{4}\u{14}\0\u{6}\0";
        assert_eq!(
            read_delimited(zip_as_text, Delimiter::Comma),
            Err(DelimitedError::Binary)
        );
        assert_eq!(
            read_delimited("a,b\n1,\0\n", Delimiter::Comma),
            Err(DelimitedError::Binary)
        );
        assert_eq!(
            read_delimited("\u{1}\u{2},b\n", Delimiter::Comma),
            Err(DelimitedError::Binary)
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_of_the_text() {
        let table = read_delimited("a,b\n1,\"open\n2,3\n", Delimiter::Comma).unwrap();
        assert_eq!(table.rows, [RawRow::new(2, &["1", "open\n2,3\n"])]);
    }

    #[test]
    fn delimiters_have_their_bytes_and_kebab_case_names() {
        let bytes: Vec<u8> = Delimiter::ALL.iter().map(|d| d.byte()).collect();
        assert_eq!(bytes, b",;\t|");
        assert_eq!(
            serde_json::to_string(&Delimiter::Semicolon).unwrap(),
            "\"semicolon\""
        );
    }
}
