//! The per-customer summary as CSV: `customer_id,frequency,recency,T,monetary_value`.
//!
//! This is the exchange format with the command line and with engines that
//! aggregate elsewhere (SQL in a warehouse, Spark): written by
//! [`write_summary_csv`] (with the holdout period's purchases by
//! [`write_holdout_summary_csv`]), read by [`read_summary_csv`]. Reading is strict: any
//! row that does not fit is an error with its line and column, since a batch
//! result should not silently leave customers out.

use super::summary::{CustomerSummary, HoldoutActivity};
use serde::{Deserialize, Serialize};

/// One customer's summary as read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub customer_id: String,
    /// Repeat purchases `x`.
    pub frequency: f64,
    /// `t_x`, in the file's time unit.
    pub recency: f64,
    /// Age `T`, in the file's time unit.
    pub t: f64,
    /// Mean repeat-purchase value; `None` where the file has no such column.
    pub monetary_value: Option<f64>,
    /// What the customer bought after the summary was taken, where the file
    /// has the columns `holdout_purchases,holdout_spend`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holdout: Option<HoldoutActivity>,
}

/// A summary file that cannot be read, located by line (1-based, header = 1)
/// and column (1-based, with its header name) where one field is at fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("line {line}{}: {problem}", column.as_ref().map(|(i, n)| format!(", column {i} ({n})")).unwrap_or_default())]
pub struct SummaryCsvError {
    pub line: u64,
    pub column: Option<(usize, String)>,
    pub problem: SummaryProblem,
}

/// What is wrong where a [`SummaryCsvError`] points (the page words each in
/// the user's language; this `Display` is the command line's English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum SummaryProblem {
    #[error("the file is empty; expected the header customer_id,frequency,recency,T")]
    Empty,
    /// The file is not CSV as the `csv` crate reads it (e.g. not UTF-8).
    #[error("{0}")]
    Unreadable(String),
    #[error("expected the columns {}, found {}", missing.join(", "), found.join(", "))]
    MissingColumns {
        missing: Vec<String>,
        found: Vec<String>,
    },
    #[error("expected {expected} fields, found {found}")]
    FieldCount { expected: usize, found: usize },
    #[error("the customer id is empty")]
    EmptyId,
    #[error("the customer id {0:?} is in the file twice")]
    DuplicateId(String),
    /// Not a finite number >= 0 (`field` is the column's role).
    #[error("expected {}, found {text:?}", field.expected())]
    NotANumber { field: SummaryField, text: String },
    #[error("expected a whole number, found {0}")]
    NotWhole(f64),
    #[error("recency {recency} is larger than T {t}")]
    RecencyAboveAge { recency: f64, t: f64 },
    #[error("recency {0} without a repeat purchase (frequency 0 has recency 0)")]
    RecencyWithoutRepeat(f64),
    #[error("holdout_purchases and holdout_spend come together; found only {0}")]
    HoldoutHalf(String),
}

/// The columns of a summary file, as a [`SummaryProblem`] names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SummaryField {
    Frequency,
    Recency,
    Age,
    MonetaryValue,
    HoldoutPurchases,
    HoldoutSpend,
}

impl SummaryField {
    fn expected(self) -> &'static str {
        match self {
            SummaryField::Frequency => "a whole number of repeat purchases >= 0",
            SummaryField::Recency => "a recency >= 0",
            SummaryField::Age => "an age T >= 0",
            SummaryField::MonetaryValue => "a monetary value >= 0",
            SummaryField::HoldoutPurchases => "a whole number of holdout purchases >= 0",
            SummaryField::HoldoutSpend => "a holdout spend >= 0",
        }
    }
}

const REQUIRED: [&str; 4] = ["customer_id", "frequency", "recency", "T"];

fn normalise(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_owned()
}

/// Whether a file's first line is a summary file's header (it names
/// `customer_id`, `frequency`, `recency` and `T`): how the page tells a
/// summary from transactions before reading it.
pub fn is_summary_csv(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(first) else {
        return false;
    };
    let names: Vec<String> = line.split(',').map(normalise).collect();
    REQUIRED.iter().all(|r| {
        names
            .iter()
            .any(|n| n.trim_matches('"').eq_ignore_ascii_case(r))
    })
}

/// Reads a summary CSV (extra columns ignored; `monetary_value` and the pair
/// `holdout_purchases,holdout_spend` optional).
pub fn read_summary_csv(bytes: &[u8]) -> Result<Vec<SummaryRow>, SummaryCsvError> {
    let err =
        |line: u64, column: Option<(usize, String)>, problem: SummaryProblem| SummaryCsvError {
            line,
            column,
            problem,
        };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(err(1, None, SummaryProblem::Empty)),
        Some(Err(e)) => return Err(err(1, None, SummaryProblem::Unreadable(e.to_string()))),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(normalise).collect();
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|n| find(n).is_none())
        .map(|n| n.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(err(
            1,
            None,
            SummaryProblem::MissingColumns {
                missing,
                found: names.clone(),
            },
        ));
    }
    let [id, freq, rec, age] = REQUIRED.map(|n| find(n).expect("checked above"));
    let monetary = find("monetary_value");
    let holdout = match (find("holdout_purchases"), find("holdout_spend")) {
        (Some(p), Some(s)) => Some((p, s)),
        (None, None) => None,
        (Some(i), None) | (None, Some(i)) => {
            return Err(err(
                1,
                Some((i + 1, names[i].clone())),
                SummaryProblem::HoldoutHalf(names[i].clone()),
            ))
        }
    };
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, None, SummaryProblem::Unreadable(e.to_string()))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at =
            |i: usize, problem: SummaryProblem| err(line, Some((i + 1, names[i].clone())), problem);
        let field = |i: usize| -> Result<&str, SummaryCsvError> {
            record.get(i).map(str::trim).ok_or_else(|| {
                at(
                    i,
                    SummaryProblem::FieldCount {
                        expected: names.len(),
                        found: record.len(),
                    },
                )
            })
        };
        let number = |i: usize, field_role: SummaryField| -> Result<f64, SummaryCsvError> {
            let text = field(i)?;
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    at(
                        i,
                        SummaryProblem::NotANumber {
                            field: field_role,
                            text: text.to_owned(),
                        },
                    )
                })
        };
        let whole = |i: usize, field_role: SummaryField| -> Result<f64, SummaryCsvError> {
            let value = number(i, field_role)?;
            if value.fract() != 0.0 {
                return Err(at(i, SummaryProblem::NotWhole(value)));
            }
            Ok(value)
        };
        let customer_id = field(id)?;
        if customer_id.is_empty() {
            return Err(at(id, SummaryProblem::EmptyId));
        }
        if !seen.insert(customer_id.to_owned()) {
            return Err(at(id, SummaryProblem::DuplicateId(customer_id.to_owned())));
        }
        let frequency = whole(freq, SummaryField::Frequency)?;
        let recency = number(rec, SummaryField::Recency)?;
        let t = number(age, SummaryField::Age)?;
        if recency > t {
            return Err(at(rec, SummaryProblem::RecencyAboveAge { recency, t }));
        }
        if frequency == 0.0 && recency > 0.0 {
            return Err(at(rec, SummaryProblem::RecencyWithoutRepeat(recency)));
        }
        let monetary_value = match monetary {
            Some(i) if !field(i)?.is_empty() => Some(number(i, SummaryField::MonetaryValue)?),
            _ => None,
        };
        let holdout = match holdout {
            Some((p, s)) => Some(HoldoutActivity {
                purchases: whole(p, SummaryField::HoldoutPurchases)? as u32,
                spend: number(s, SummaryField::HoldoutSpend)?,
            }),
            None => None,
        };
        rows.push(SummaryRow {
            customer_id: customer_id.to_owned(),
            frequency,
            recency,
            t,
            monetary_value,
            holdout,
        });
    }
    Ok(rows)
}

/// The columns [`write_summary_csv`] writes.
const SUMMARY_HEADER: [&str; 5] = ["customer_id", "frequency", "recency", "T", "monetary_value"];

/// One customer's fields under [`SUMMARY_HEADER`].
fn summary_fields(c: &CustomerSummary) -> [String; 5] {
    [
        c.customer_id.clone(),
        c.frequency.to_string(),
        c.recency.to_string(),
        c.age.to_string(),
        c.monetary_value.to_string(),
    ]
}

/// CSV text of a header and its records.
fn csv_text<R: IntoIterator<Item = String>>(
    header: impl IntoIterator<Item = &'static str>,
    records: impl IntoIterator<Item = R>,
) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    for record in records {
        w.write_record(record).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

/// The summary of each customer as CSV.
pub fn write_summary_csv<'a>(customers: impl IntoIterator<Item = &'a CustomerSummary>) -> String {
    csv_text(SUMMARY_HEADER, customers.into_iter().map(summary_fields))
}

/// The calibration summary of each customer as CSV, followed by the columns
/// `holdout_purchases,holdout_spend` from the customer's [`HoldoutActivity`]
/// (`holdout` in the customers' order, as [`super::summary::holdout_activity`] gives it).
pub fn write_holdout_summary_csv(
    customers: &[CustomerSummary],
    holdout: &[HoldoutActivity],
) -> String {
    let header = SUMMARY_HEADER
        .into_iter()
        .chain(["holdout_purchases", "holdout_spend"]);
    let records = customers.iter().zip(holdout).map(|(c, h)| {
        summary_fields(c)
            .into_iter()
            .chain([h.purchases.to_string(), h.spend.to_string()])
    });
    csv_text(header, records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::import::parse_transactions;
    use crate::clv::data::summary::{holdout_activity, summarize, TimeUnit};

    #[test]
    fn round_trip_through_the_summary_format() {
        let log = parse_transactions(
            b"customer_id,date,amount\na,2024-01-01,10\na,2024-01-08,30\n\"b,1\",2024-01-03,5\n",
        )
        .unwrap()
        .log;
        let summary = summarize(&log, "2024-01-15".parse().unwrap(), TimeUnit::Week);
        let text = write_summary_csv(&summary);
        assert_eq!(text, "customer_id,frequency,recency,T,monetary_value\na,1,1,2,30\n\"b,1\",0,0,1.7142857142857142,0\n");
        let rows = read_summary_csv(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].customer_id, "b,1");
        assert_eq!(
            (
                rows[0].frequency,
                rows[0].recency,
                rows[0].t,
                rows[0].monetary_value
            ),
            (1.0, 1.0, 2.0, Some(30.0))
        );
        assert_eq!(rows[1].t, summary[1].age, "floats survive exactly");
    }

    #[test]
    fn a_holdout_summary_adds_each_customers_holdout_purchases_and_spend() {
        let log = parse_transactions(
            b"customer_id,date,amount\na,2024-01-01,10\na,2024-01-20,35\nb,2024-01-08,5\n",
        )
        .unwrap()
        .log;
        let calibration_end = "2024-01-14".parse().unwrap();
        let customers = summarize(&log, calibration_end, TimeUnit::Day);
        let holdout = holdout_activity(&log, calibration_end, "2024-02-29".parse().unwrap());
        assert_eq!(
            write_holdout_summary_csv(&customers, &holdout),
            "customer_id,frequency,recency,T,monetary_value,holdout_purchases,holdout_spend\n\
             a,0,0,13,0,1,35\nb,0,0,6,0,0,0\n"
        );
    }

    #[test]
    fn extra_columns_and_no_monetary_value() {
        let rows =
            read_summary_csv(b"segment,T,recency,frequency,customer_id\nx,10,4,2,c1\n").unwrap();
        assert_eq!(
            rows,
            [SummaryRow {
                customer_id: "c1".into(),
                frequency: 2.0,
                recency: 4.0,
                t: 10.0,
                monetary_value: None,
                holdout: None,
            }]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,1,2,3\nc2,two,2,3\n")
            .unwrap_err();
        assert_eq!(e.to_string(), "line 3, column 2 (frequency): expected a whole number of repeat purchases >= 0, found \"two\"");
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,1,5,3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, column 3 (recency): recency 5 is larger than T 3"
        );
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,1.5,1,3\n").unwrap_err();
        assert_eq!((e.line, e.column.unwrap().0), (2, 2));
        let e = read_summary_csv(b"customer_id,frequency\nc1,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1: expected the columns recency, T, found customer_id, frequency"
        );
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, column 3 (recency): expected 4 fields, found 2"
        );
        assert_eq!(read_summary_csv(b"").unwrap_err().line, 1);
        let e = read_summary_csv(b"customer_id,frequency,recency,T\n,1,1,3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2, column 1 (customer_id): the customer id is empty"
        );
    }

    #[test]
    fn a_holdout_summary_reads_back_with_each_customers_holdout_activity() {
        let log = parse_transactions(
            b"customer_id,date,amount\na,2024-01-01,10\na,2024-01-20,35\nb,2024-01-08,5\nb,2024-01-09,7\n",
        )
        .unwrap()
        .log;
        let calibration_end = "2024-01-14".parse().unwrap();
        let customers = summarize(&log, calibration_end, TimeUnit::Day);
        let holdout = holdout_activity(&log, calibration_end, "2024-02-29".parse().unwrap());
        let rows =
            read_summary_csv(write_holdout_summary_csv(&customers, &holdout).as_bytes()).unwrap();
        let read: Vec<_> = rows.iter().map(|r| r.holdout.unwrap()).collect();
        assert_eq!(read, holdout);
        assert_eq!((rows[1].frequency, rows[1].recency), (1.0, 1.0));
    }

    #[test]
    fn a_summary_file_is_told_by_its_header() {
        assert!(is_summary_csv(
            b"customer_id,frequency,recency,T,monetary_value\n"
        ));
        assert!(is_summary_csv(
            b"\xef\xbb\xbf\"customer_id\",\"T\",\"recency\",\"frequency\"\r\nx,1,0,0"
        ));
        assert!(!is_summary_csv(
            b"customer_id,date,amount\nc1,2024-01-01,3\n"
        ));
        assert!(!is_summary_csv(b"Name,Email,Total\n"));
        assert!(!is_summary_csv(b"\xff\xfec\x00"));
    }

    #[test]
    fn inconsistent_rows_are_refused_where_they_are() {
        let problem = |text: &[u8]| {
            let e = read_summary_csv(text).unwrap_err();
            (e.line, e.column.map(|c| c.0), e.problem)
        };
        assert_eq!(
            problem(b"customer_id,frequency,recency,T\nc1,0,2,3\n"),
            (2, Some(3), SummaryProblem::RecencyWithoutRepeat(2.0))
        );
        assert_eq!(
            problem(b"customer_id,frequency,recency,T\nc1,0,0,3\nc2,1,1,2\nc1,1,1,1\n"),
            (4, Some(1), SummaryProblem::DuplicateId("c1".into()))
        );
        assert_eq!(
            problem(b"customer_id,frequency,recency,T,holdout_spend\nc1,0,0,3,1\n"),
            (
                1,
                Some(5),
                SummaryProblem::HoldoutHalf("holdout_spend".into())
            )
        );
        assert_eq!(
            problem(b"customer_id,frequency,recency,T,holdout_purchases,holdout_spend\nc1,0,0,3,1.5,2\n"),
            (2, Some(5), SummaryProblem::NotWhole(1.5))
        );
    }
}
