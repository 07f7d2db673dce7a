//! A table as read from a file, before anything is interpreted: the header
//! row and the data rows as text, each row with the line (CSV) or row
//! (spreadsheet) it came from, so that every message can point at it.
//!
//! Every reader (delimited text, Excel and OpenDocument workbooks) produces a
//! [`RawTable`]; the column mapping and the order assembly read only this.

use serde::{Deserialize, Serialize};

/// One data row: its cells as text and where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based line (CSV) or row (spreadsheet) number in the file; the header
    /// is line 1 unless blank lines precede it.
    pub line: u64,
    pub cells: Vec<String>,
}

/// A header row and the data rows under it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RawTable {
    /// The header names as the user sees them (trimmed; a byte-order mark removed).
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

impl RawRow {
    pub fn new(line: u64, cells: &[&str]) -> RawRow {
        RawRow {
            line,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }
}

impl RawTable {
    /// A table with a header on line 1 and the rows on the lines after it.
    pub fn new(headers: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow::new(i as u64 + 2, r))
                .collect(),
        }
    }

    /// The cell of `row` in `column`, trimmed; empty where the row is short.
    pub fn cell<'a>(&self, row: &'a RawRow, column: usize) -> &'a str {
        row.cells.get(column).map_or("", |c| c.trim())
    }

    /// The non-empty values of `column` in the first `limit` rows, for guessing
    /// what the column holds and for deciding its conventions.
    pub fn column_values(&self, column: usize, limit: usize) -> Vec<&str> {
        self.rows
            .iter()
            .take(limit)
            .map(|r| self.cell(r, column))
            .filter(|v| !v.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RawTable {
        RawTable {
            headers: vec!["Kunde".into(), "Betrag".into()],
            rows: vec![
                RawRow {
                    line: 2,
                    cells: vec![" K1 ".into(), "1,50".into()],
                },
                RawRow {
                    line: 3,
                    cells: vec!["K2".into()],
                },
                RawRow {
                    line: 5,
                    cells: vec!["".into(), "7".into()],
                },
            ],
        }
    }

    #[test]
    fn a_cell_is_trimmed_and_a_short_row_reads_empty() {
        let t = table();
        assert_eq!(t.cell(&t.rows[0], 0), "K1");
        assert_eq!(t.cell(&t.rows[1], 1), "");
    }

    #[test]
    fn column_values_skip_empty_cells_and_stop_at_the_limit() {
        let t = table();
        assert_eq!(t.column_values(0, 10), ["K1", "K2"]);
        assert_eq!(t.column_values(1, 10), ["1,50", "7"]);
        assert_eq!(t.column_values(1, 1), ["1,50"]);
    }

    #[test]
    fn a_new_table_numbers_its_rows_from_the_line_after_the_header() {
        let t = RawTable::new(&["a", "b"], &[&["1", "2"], &["3"]]);
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows[0], RawRow::new(2, &["1", "2"]));
        assert_eq!(t.rows[1].line, 3);
    }
}
