//! Spreadsheet workbooks (Excel `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and
//! OpenDocument `.ods`) as a [`RawTable`], read from the dropped file's bytes
//! with `calamine`; the format is recognised from the bytes, not the name.
//!
//! Rules:
//!
//! - Only worksheets count (no chart or macro sheets). [`read_sheet`] with
//!   `None` reads the first worksheet that has a non-empty cell.
//! - The first row with a non-empty cell is the header, its names trimmed;
//!   rows without a non-empty cell are skipped, below it as above it.
//! - Each row keeps its 1-based row number in the sheet as its `line`, and its
//!   cells from the sheet's first used column on, without trailing empty cells.
//! - Cells become text as a person would type them into a CSV: text as it is;
//!   numbers with a `.` decimal point, no grouping, no exponent and at most 15
//!   significant digits (what the spreadsheet shows, hiding binary noise such
//!   as `0.30000000000000004`): `1234.56`, `12`; booleans `true` / `false`;
//!   dates (date-formatted numbers in Excel, date values in OpenDocument) as
//!   ISO `YYYY-MM-DD`, followed by ` HH:MM:SS` only when the time is not
//!   midnight; times of day alone as `HH:MM:SS`; Excel durations as
//!   `H:MM:SS`, OpenDocument durations as written (`PT10H30M00S`); error cells
//!   (`#DIV/0!`, ...) as empty.

use super::sheet::{RawRow, RawTable};
use calamine::{Data, ExcelDateTime, Range, Reader, SheetType};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

/// Why a workbook (or one of its sheets) cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum WorkbookError {
    #[error("this is not an Excel or OpenDocument workbook")]
    NotAWorkbook,
    #[error("the workbook has no sheet with data")]
    NoSheetWithData,
    #[error("the workbook has no sheet named {0:?}")]
    NoSuchSheet(String),
    /// What the workbook reader said.
    #[error("the workbook could not be read: {0}")]
    Read(String),
}

type Workbook<'a> = calamine::Sheets<Cursor<&'a [u8]>>;

fn open(bytes: &[u8]) -> Result<Workbook<'_>, WorkbookError> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| WorkbookError::NotAWorkbook)
}

/// The names of the worksheets, in the workbook's order.
fn worksheet_names(workbook: &Workbook<'_>) -> Vec<String> {
    workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect()
}

/// The names of the workbook's worksheets, in its order, for the user to choose from.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, WorkbookError> {
    Ok(worksheet_names(&open(bytes)?))
}

/// The sheet `sheet` (or, with `None`, the first worksheet with data) as a
/// table; see the module rules.
///
/// A named sheet without data is [`WorkbookError::NoSheetWithData`] too.
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, WorkbookError> {
    let mut workbook = open(bytes)?;
    let names = worksheet_names(&workbook);
    let candidates: Vec<&str> = match sheet {
        Some(name) if names.iter().any(|n| n == name) => vec![name],
        Some(name) => return Err(WorkbookError::NoSuchSheet(name.to_owned())),
        None => names.iter().map(String::as_str).collect(),
    };
    for name in candidates {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| WorkbookError::Read(e.to_string()))?;
        if let Some(table) = table_of(&range) {
            return Ok(table);
        }
    }
    Err(WorkbookError::NoSheetWithData)
}

/// The range's header and rows; `None` without a non-empty cell.
fn table_of(range: &Range<Data>) -> Option<RawTable> {
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut rows = range.rows().enumerate().filter_map(|(i, cells)| {
        let mut texts: Vec<String> = cells.iter().map(cell_text).collect();
        while texts.last().is_some_and(|t| t.trim().is_empty()) {
            texts.pop();
        }
        let line = first_row + i as u64 + 1;
        (!texts.is_empty()).then_some(RawRow { line, cells: texts })
    });
    let header = rows.next()?;
    Some(RawTable {
        headers: header.cells.iter().map(|c| c.trim().to_owned()).collect(),
        rows: rows.collect(),
    })
}

/// A cell as text; see the module rules.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date_time_text(dt),
        Data::DateTimeIso(s) => iso_date_time_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number rounded to 15 significant digits, written out in full with a `.`.
fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    // Adding 0.0 turns -0.0 into 0.0.
    format!("{}", rounded + 0.0)
}

fn excel_date_time_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let seconds = (dt.as_f64() * 86_400.0).round();
        if !seconds.is_finite() {
            return String::new();
        }
        let (sign, seconds) = if seconds < 0.0 {
            ("-", -seconds)
        } else {
            ("", seconds)
        };
        // Up to 2^53 seconds; beyond that a duration has no meaning here.
        let seconds = seconds.min(9_007_199_254_740_992.0) as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let (year, month, day, hour, minute, second, _milli) = dt.to_ymd_hms_milli();
    if (0.0..1.0).contains(&dt.as_f64()) {
        // A time of day without a date (its serial number is below one day).
        return format!("{hour:02}:{minute:02}:{second:02}");
    }
    let time = (hour.into(), minute.into(), second.into());
    date_time_text(year.into(), month.into(), day.into(), time)
}

/// `YYYY-MM-DD`, and ` HH:MM:SS` unless the time is midnight.
fn date_time_text(
    year: i32,
    month: u32,
    day: u32,
    (hour, minute, second): (u32, u32, u32),
) -> String {
    let date = format!("{year:04}-{month:02}-{day:02}");
    if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {hour:02}:{minute:02}:{second:02}")
    }
}

/// An OpenDocument date value (`2024-01-15` or `2024-01-15T10:30:00[.fff]`)
/// or time (`10:30:00`); anything else as written.
fn iso_date_time_text(s: &str) -> String {
    let date = |d: NaiveDate, t: NaiveTime| {
        date_time_text(
            d.year(),
            d.month(),
            d.day(),
            (t.hour(), t.minute(), t.second()),
        )
    };
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        date(dt.date(), dt.time())
    } else if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        date(d, NaiveTime::MIN)
    } else if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S%.f") {
        t.format("%H:%M:%S").to_string()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/import/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn numbers_are_written_with_a_point_without_grouping_or_exponent() {
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-0.5), "-0.5");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(1.5e-7), "0.00000015");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn excel_serial_dates_become_iso_dates_with_a_time_only_when_not_midnight() {
        let date =
            |serial| ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(excel_date_time_text(&date(45306.0)), "2024-01-15");
        assert_eq!(
            excel_date_time_text(&date(45306.4375)),
            "2024-01-15 10:30:00"
        );
        assert_eq!(excel_date_time_text(&date(0.4375)), "10:30:00");
        let date_1904 = ExcelDateTime::new(43844.0, calamine::ExcelDateTimeType::DateTime, true);
        assert_eq!(excel_date_time_text(&date_1904), "2024-01-15");
    }

    #[test]
    fn excel_durations_become_hours_minutes_seconds() {
        let duration =
            |days| ExcelDateTime::new(days, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(excel_date_time_text(&duration(1.5)), "36:00:00");
        assert_eq!(excel_date_time_text(&duration(0.0104166667)), "0:15:00");
    }

    #[test]
    fn opendocument_date_values_become_iso_dates() {
        assert_eq!(iso_date_time_text("2024-01-15"), "2024-01-15");
        assert_eq!(iso_date_time_text("2024-01-15T00:00:00"), "2024-01-15");
        assert_eq!(
            iso_date_time_text("2024-01-15T10:30:00.250"),
            "2024-01-15 10:30:00"
        );
        assert_eq!(iso_date_time_text("10:30:00"), "10:30:00");
        assert_eq!(iso_date_time_text("im Januar"), "im Januar");
    }

    #[test]
    fn cells_of_every_kind_become_text() {
        assert_eq!(cell_text(&Data::String(" Größe ".into())), " Größe ");
        assert_eq!(cell_text(&Data::Int(-7)), "-7");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Bool(false)), "false");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::Div0)), "");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(
            cell_text(&Data::DurationIso("PT10H30M00S".into())),
            "PT10H30M00S"
        );
    }

    #[test]
    fn the_first_non_empty_row_is_the_header_and_rows_keep_their_sheet_row() {
        let mut range = Range::new((2, 1), (6, 3));
        range.set_value((2, 1), Data::String(" Kunde ".into()));
        range.set_value((2, 2), Data::String("Betrag".into()));
        range.set_value((3, 1), Data::String("K1".into()));
        range.set_value((3, 2), Data::Float(1.5));
        range.set_value((5, 1), Data::String("K2".into()));
        range.set_value((6, 3), Data::Error(calamine::CellErrorType::NA));
        let table = table_of(&range).unwrap();
        assert_eq!(table.headers, strings(&["Kunde", "Betrag"]));
        assert_eq!(
            table.rows,
            [RawRow::new(4, &["K1", "1.5"]), RawRow::new(6, &["K2"])]
        );
    }

    #[test]
    fn a_range_without_a_non_empty_cell_has_no_table() {
        assert_eq!(table_of(&Range::empty()), None);
        let mut range = Range::new((0, 0), (1, 1));
        range.set_value((1, 1), Data::String("  ".into()));
        assert_eq!(table_of(&range), None);
    }

    const FIXTURES: [&str; 3] = ["orders.xlsx", "orders.xls", "orders.ods"];

    fn expected_orders() -> RawTable {
        RawTable {
            headers: strings(&["Kundennummer", "Bestelldatum", "Betrag", "Bemerkung"]),
            rows: vec![
                RawRow::new(2, &["K1", "2024-01-15", "1234.56", "Größe M"]),
                RawRow::new(3, &["K2", "2024-01-16 10:30:00", "12", "für Müller"]),
                RawRow::new(4, &["K1", "2024-02-03", "99.9"]),
                RawRow::new(6, &["K3", "2024-02-04", "-7.5", "Rückgabe"]),
                RawRow::new(7, &["K4", "2023-12-31", "0.3", "Ärger"]),
            ],
        }
    }

    #[test]
    fn an_xlsx_workbook_reads_its_first_sheet_with_iso_dates() {
        let bytes = fixture("orders.xlsx");
        assert_eq!(read_sheet(&bytes, None), Ok(expected_orders()));
    }

    #[test]
    fn an_ods_workbook_reads_its_first_sheet_with_iso_dates() {
        let bytes = fixture("orders.ods");
        assert_eq!(read_sheet(&bytes, None), Ok(expected_orders()));
    }

    #[test]
    fn an_xls_workbook_reads_its_first_sheet_with_iso_dates() {
        let bytes = fixture("orders.xls");
        assert_eq!(read_sheet(&bytes, None), Ok(expected_orders()));
    }

    #[test]
    fn sheet_names_are_listed_in_the_workbook_order() {
        for name in FIXTURES {
            let names = sheet_names(&fixture(name)).unwrap();
            assert_eq!(names, ["Leer", "Bestellungen", "Notizen"], "{name}");
        }
    }

    #[test]
    fn without_a_sheet_name_the_first_sheet_with_data_is_read() {
        // "Leer" comes first and is empty; "Bestellungen" is read.
        for name in FIXTURES {
            let table = read_sheet(&fixture(name), None).unwrap();
            assert_eq!(table.headers[0], "Kundennummer", "{name}");
        }
    }

    #[test]
    fn a_named_sheet_is_read() {
        for name in FIXTURES {
            let table = read_sheet(&fixture(name), Some("Notizen")).unwrap();
            assert_eq!(table.headers, strings(&["Notiz"]), "{name}");
            assert_eq!(table.rows, [RawRow::new(3, &["Export vom Shop"])], "{name}");
        }
    }

    #[test]
    fn a_missing_or_empty_named_sheet_is_an_error() {
        for name in FIXTURES {
            let bytes = fixture(name);
            assert_eq!(
                read_sheet(&bytes, Some("Umsatz")),
                Err(WorkbookError::NoSuchSheet("Umsatz".into()))
            );
            assert_eq!(
                read_sheet(&bytes, Some("Leer")),
                Err(WorkbookError::NoSheetWithData)
            );
        }
    }

    #[test]
    fn a_csv_file_or_garbage_is_not_a_workbook() {
        let csv = b"Kundennummer;Bestelldatum;Betrag\nK1;2024-01-15;12,50\n";
        assert_eq!(read_sheet(csv, None), Err(WorkbookError::NotAWorkbook));
        assert_eq!(sheet_names(csv), Err(WorkbookError::NotAWorkbook));
        assert_eq!(read_sheet(b"", None), Err(WorkbookError::NotAWorkbook));
        let truncated = &fixture("orders.xlsx")[..200];
        assert_eq!(
            read_sheet(truncated, None),
            Err(WorkbookError::NotAWorkbook)
        );
    }
}
