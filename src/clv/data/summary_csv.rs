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
}

/// A summary file that cannot be read, located by line (1-based, header = 1)
/// and column (1-based, with its header name) where one field is at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}{}: {message}", column.as_ref().map(|(i, n)| format!(", column {i} ({n})")).unwrap_or_default())]
pub struct SummaryCsvError {
    pub line: u64,
    pub column: Option<(usize, String)>,
    pub message: String,
}

const REQUIRED: [&str; 4] = ["customer_id", "frequency", "recency", "T"];

fn normalise(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_owned()
}

/// Reads a summary CSV (extra columns ignored; `monetary_value` optional).
pub fn read_summary_csv(bytes: &[u8]) -> Result<Vec<SummaryRow>, SummaryCsvError> {
    let err = |line: u64, column: Option<(usize, String)>, message: String| SummaryCsvError {
        line,
        column,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(err(
                1,
                None,
                "the file is empty; expected the header customer_id,frequency,recency,T".into(),
            ))
        }
        Some(Err(e)) => return Err(err(1, None, e.to_string())),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(normalise).collect();
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|n| find(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(err(
            1,
            None,
            format!(
                "expected the columns {}, found {}",
                missing.join(", "),
                names.join(", ")
            ),
        ));
    }
    let [id, freq, rec, age] = REQUIRED.map(|n| find(n).expect("checked above"));
    let monetary = find("monetary_value");
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, None, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| -> Result<&str, SummaryCsvError> {
            record.get(i).map(str::trim).ok_or_else(|| {
                err(
                    line,
                    Some((i + 1, names[i].clone())),
                    format!("expected {} fields, found {}", names.len(), record.len()),
                )
            })
        };
        let number = |i: usize, what: &str| -> Result<f64, SummaryCsvError> {
            let text = field(i)?;
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    err(
                        line,
                        Some((i + 1, names[i].clone())),
                        format!("expected {what}, found {text:?}"),
                    )
                })
        };
        let customer_id = field(id)?;
        if customer_id.is_empty() {
            return Err(err(
                line,
                Some((id + 1, names[id].clone())),
                "the customer id is empty".into(),
            ));
        }
        let frequency = number(freq, "a whole number of repeat purchases >= 0")?;
        if frequency.fract() != 0.0 {
            return Err(err(
                line,
                Some((freq + 1, names[freq].clone())),
                format!("expected a whole number, found {frequency}"),
            ));
        }
        let recency = number(rec, "a recency >= 0")?;
        let t = number(age, "an age T >= 0")?;
        if recency > t {
            return Err(err(
                line,
                Some((rec + 1, names[rec].clone())),
                format!("recency {recency} is larger than T {t}"),
            ));
        }
        let monetary_value = match monetary {
            Some(i) if !field(i)?.is_empty() => Some(number(i, "a monetary value >= 0")?),
            _ => None,
        };
        rows.push(SummaryRow {
            customer_id: customer_id.to_owned(),
            frequency,
            recency,
            t,
            monetary_value,
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
                monetary_value: None
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
}
