//! Transactions and the transaction log.
//!
//! A [`TransactionLog`] keeps customer ids once (an interned table) and the
//! transactions as rows pointing into it, sorted by date then customer. Its
//! [`CompactLog`] form stores the same data column-wise with delta-encoded days,
//! which is what the workspace persists.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One order (positive or zero amount) or refund (negative amount).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// Index into [`TransactionLog::customer_ids`].
    pub customer: u32,
    pub date: NaiveDate,
    /// In the shop's currency; negative for refunds and returns.
    pub amount: f64,
}

impl Transaction {
    /// Refunds and returns carry a negative amount.
    pub fn is_refund(&self) -> bool {
        self.amount < 0.0
    }
}

/// All transactions of a workspace, sorted by (date, customer, amount).
///
/// Serialises as its [`CompactLog`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "CompactLog", try_from = "CompactLog")]
pub struct TransactionLog {
    customer_ids: Vec<String>,
    transactions: Vec<Transaction>,
}

/// Collects transactions by external customer id, then sorts them into a log.
#[derive(Debug, Default)]
pub struct TransactionLogBuilder {
    index: HashMap<String, u32>,
    log: TransactionLog,
}

impl TransactionLogBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one transaction for the customer with this external id.
    pub fn push(&mut self, customer_id: &str, date: NaiveDate, amount: f64) {
        let customer = match self.index.get(customer_id) {
            Some(&i) => i,
            None => {
                let i = self.log.customer_ids.len() as u32;
                self.log.customer_ids.push(customer_id.to_owned());
                self.index.insert(customer_id.to_owned(), i);
                i
            }
        };
        self.log.transactions.push(Transaction {
            customer,
            date,
            amount,
        });
    }

    pub fn finish(mut self) -> TransactionLog {
        self.log.sort();
        self.log
    }
}

impl TransactionLog {
    /// External customer ids; `Transaction::customer` indexes into this.
    pub fn customer_ids(&self) -> &[String] {
        &self.customer_ids
    }

    /// Transactions sorted by date, then customer, then amount.
    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }

    pub fn is_empty(&self) -> bool {
        self.transactions.is_empty()
    }

    pub fn len(&self) -> usize {
        self.transactions.len()
    }

    /// First and last transaction date, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((
            self.transactions.first()?.date,
            self.transactions.last()?.date,
        ))
    }

    fn sort(&mut self) {
        self.transactions.sort_by(|a, b| {
            (a.date, a.customer)
                .cmp(&(b.date, b.customer))
                .then(a.amount.total_cmp(&b.amount))
        });
    }

    /// The log as a transactions CSV (`customer_id,date,amount`, amounts in
    /// cents precision), the format [`super::import::parse_transactions`] reads.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(self.transactions.len() * 28));
        w.write_record(["customer_id", "date", "amount"])
            .expect("write to memory");
        for t in &self.transactions {
            let id = &self.customer_ids[t.customer as usize];
            w.write_record([
                id.as_str(),
                &t.date.to_string(),
                &format!("{:.2}", t.amount),
            ])
            .expect("write to memory");
        }
        String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
    }

    /// The column-wise form used for storage.
    pub fn to_compact(&self) -> CompactLog {
        let mut day_delta = Vec::with_capacity(self.transactions.len());
        let mut previous = 0i32;
        for t in &self.transactions {
            let day = days_from_epoch(t.date);
            day_delta.push(day - previous);
            previous = day;
        }
        CompactLog {
            customer_ids: self.customer_ids.clone(),
            customer: self.transactions.iter().map(|t| t.customer).collect(),
            day_delta,
            amount: self.transactions.iter().map(|t| t.amount).collect(),
        }
    }

    /// Rebuilds a log from its stored form, checking that the columns agree.
    pub fn from_compact(c: CompactLog) -> Result<Self, CompactLogError> {
        let n = c.customer.len();
        if c.day_delta.len() != n || c.amount.len() != n {
            return Err(CompactLogError::ColumnLengths);
        }
        let mut transactions = Vec::with_capacity(n);
        let mut day = 0i32;
        let mut date = EPOCH;
        for i in 0..n {
            day = day
                .checked_add(c.day_delta[i])
                .ok_or(CompactLogError::BadDate(i))?;
            // Most transactions share the previous one's day: no date arithmetic then.
            if i == 0 || c.day_delta[i] != 0 {
                date = date_from_days(day).ok_or(CompactLogError::BadDate(i))?;
            }
            let customer = c.customer[i];
            if customer as usize >= c.customer_ids.len() {
                return Err(CompactLogError::BadCustomer(i));
            }
            if !c.amount[i].is_finite() {
                return Err(CompactLogError::BadAmount(i));
            }
            transactions.push(Transaction {
                customer,
                date,
                amount: c.amount[i],
            });
        }
        let mut log = TransactionLog {
            customer_ids: c.customer_ids,
            transactions,
        };
        log.sort();
        Ok(log)
    }
}

impl From<TransactionLog> for CompactLog {
    fn from(log: TransactionLog) -> Self {
        log.to_compact()
    }
}

impl TryFrom<CompactLog> for TransactionLog {
    type Error = CompactLogError;
    fn try_from(c: CompactLog) -> Result<Self, Self::Error> {
        TransactionLog::from_compact(c)
    }
}

/// Column-wise, delta-encoded transaction log (what is stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompactLog {
    pub customer_ids: Vec<String>,
    pub customer: Vec<u32>,
    /// Days since 1970-01-01, each relative to the previous transaction.
    pub day_delta: Vec<i32>,
    pub amount: Vec<f64>,
}

/// A stored log whose columns do not fit together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompactLogError {
    #[error("the stored columns have different lengths")]
    ColumnLengths,
    #[error("stored transaction {0} has an impossible date")]
    BadDate(usize),
    #[error("stored transaction {0} points to an unknown customer")]
    BadCustomer(usize),
    #[error("stored transaction {0} has an amount that is not a number")]
    BadAmount(usize),
}

/// Why bytes are not a [`CompactLog::to_bytes`] form.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompactBytesError {
    #[error("the bytes end too early")]
    Truncated,
    #[error("a customer id is not UTF-8")]
    NotUtf8,
    #[error(transparent)]
    Log(#[from] CompactLogError),
}

/// A little-endian reader over [`CompactLog::to_bytes`].
struct ByteReader<'a>(&'a [u8]);

impl<'a> ByteReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CompactBytesError> {
        if self.0.len() < n {
            return Err(CompactBytesError::Truncated);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, CompactBytesError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn count(&mut self, width: usize) -> Result<usize, CompactBytesError> {
        let n = self.u32()? as usize;
        // A count cannot promise more items than bytes left (guards the allocation).
        if n.saturating_mul(width) > self.0.len() {
            return Err(CompactBytesError::Truncated);
        }
        Ok(n)
    }
}

impl CompactLog {
    /// A binary form for handing a large log from a worker to the page (far
    /// quicker to read than JSON): customer ids as length-prefixed UTF-8,
    /// then the customer, day-delta and amount columns, little endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let ids: usize = self.customer_ids.iter().map(|id| id.len() + 4).sum();
        let mut out = Vec::with_capacity(16 + ids + self.customer.len() * 16);
        let put = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
        put(&mut out, self.customer_ids.len());
        for id in &self.customer_ids {
            put(&mut out, id.len());
            out.extend_from_slice(id.as_bytes());
        }
        put(&mut out, self.customer.len());
        for c in &self.customer {
            out.extend_from_slice(&c.to_le_bytes());
        }
        put(&mut out, self.day_delta.len());
        for d in &self.day_delta {
            out.extend_from_slice(&d.to_le_bytes());
        }
        put(&mut out, self.amount.len());
        for a in &self.amount {
            out.extend_from_slice(&a.to_le_bytes());
        }
        out
    }

    /// Reads [`CompactLog::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<CompactLog, CompactBytesError> {
        let (customer_ids, rest) = CompactLog::ids_from_bytes(bytes)?;
        CompactLog::columns_from_bytes(customer_ids, &bytes[rest..])
    }

    /// The customer ids at the start of [`CompactLog::to_bytes`], and where the columns start.
    pub fn ids_from_bytes(bytes: &[u8]) -> Result<(Vec<String>, usize), CompactBytesError> {
        let mut r = ByteReader(bytes);
        let n = r.count(4)?;
        let mut customer_ids = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u32()? as usize;
            let id = std::str::from_utf8(r.take(len)?).map_err(|_| CompactBytesError::NotUtf8)?;
            customer_ids.push(id.to_owned());
        }
        Ok((customer_ids, bytes.len() - r.0.len()))
    }

    /// The columns of [`CompactLog::to_bytes`] (after the ids), with the ids read before.
    pub fn columns_from_bytes(
        customer_ids: Vec<String>,
        bytes: &[u8],
    ) -> Result<CompactLog, CompactBytesError> {
        let mut r = ByteReader(bytes);
        let n = r.count(4)?;
        let customer = r
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let n = r.count(4)?;
        let day_delta = r
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let n = r.count(8)?;
        let amount = r
            .take(n * 8)?
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect();
        Ok(CompactLog {
            customer_ids,
            customer,
            day_delta,
            amount,
        })
    }
}

impl TransactionLog {
    /// The log in [`CompactLog::to_bytes`] form.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_compact().to_bytes()
    }

    /// Reads [`TransactionLog::to_bytes`], checking the columns as [`TransactionLog::from_compact`] does.
    pub fn from_bytes(bytes: &[u8]) -> Result<TransactionLog, CompactBytesError> {
        Ok(TransactionLog::from_compact(CompactLog::from_bytes(
            bytes,
        )?)?)
    }
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

/// Days since 1970-01-01.
pub fn days_from_epoch(date: NaiveDate) -> i32 {
    (date - EPOCH).num_days() as i32
}

/// The date `days` days after 1970-01-01, if representable.
pub fn date_from_days(days: i32) -> Option<NaiveDate> {
    EPOCH.checked_add_signed(chrono::Duration::days(days as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn builder_interns_ids_and_sorts_by_date() {
        let mut b = TransactionLogBuilder::new();
        b.push("b", d("2024-03-01"), 10.0);
        b.push("a", d("2024-01-01"), 5.0);
        b.push("b", d("2024-01-01"), -2.0);
        let log = b.finish();
        assert_eq!(log.customer_ids(), &["b".to_string(), "a".to_string()]);
        let dates: Vec<_> = log.transactions().iter().map(|t| t.date).collect();
        assert_eq!(
            dates,
            vec![d("2024-01-01"), d("2024-01-01"), d("2024-03-01")]
        );
        // same date: customer index 0 ("b") before 1 ("a")
        assert_eq!(log.transactions()[0].customer, 0);
        assert!(log.transactions()[0].is_refund());
        assert_eq!(log.date_range(), Some((d("2024-01-01"), d("2024-03-01"))));
    }

    #[test]
    fn compact_round_trip_is_exact() {
        let mut b = TransactionLogBuilder::new();
        b.push("x", d("1999-12-31"), 0.1 + 0.2);
        b.push("y", d("2024-02-29"), -17.05);
        b.push("x", d("2024-02-29"), 1e-7);
        let log = b.finish();
        let compact = log.to_compact();
        assert_eq!(compact.day_delta[0], days_from_epoch(d("1999-12-31")));
        let json = serde_json::to_string(&compact).unwrap();
        let back = TransactionLog::from_compact(serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!(back, log);
    }

    #[test]
    fn csv_round_trip() {
        let mut b = TransactionLogBuilder::new();
        b.push("Müller, A.", d("2024-01-02"), 19.99);
        b.push("B\"2", d("2024-01-01"), -5.0);
        b.push("c", d("2024-03-01"), 1234.5);
        let log = b.finish();
        let text = log.to_csv();
        assert!(
            text.starts_with("customer_id,date,amount\n\"B\"\"2\",2024-01-01,-5.00\n"),
            "{text}"
        );
        let back = crate::clv::data::import::parse_transactions(text.as_bytes()).unwrap();
        assert!(back.rejected.is_empty());
        let rows = |l: &TransactionLog| -> Vec<(String, NaiveDate, f64)> {
            l.transactions()
                .iter()
                .map(|t| {
                    (
                        l.customer_ids()[t.customer as usize].clone(),
                        t.date,
                        t.amount,
                    )
                })
                .collect()
        };
        assert_eq!(rows(&back.log), rows(&log));
        // The demo data survives it too.
        let demo = crate::clv::data::demo::demo_log();
        let again = crate::clv::data::import::parse_transactions(demo.to_csv().as_bytes())
            .unwrap()
            .log;
        assert_eq!(
            crate::clv::data::demo::fingerprint(&again),
            crate::clv::data::demo::fingerprint(&demo)
        );
    }

    #[test]
    fn the_binary_form_round_trips_and_refuses_damage() {
        let mut b = TransactionLogBuilder::new();
        b.push("Müller 😀", d("1999-12-31"), 0.1 + 0.2);
        b.push("", d("2024-02-29"), -17.05);
        b.push("x", d("2024-02-29"), 1e-7);
        let log = b.finish();
        let bytes = log.to_bytes();
        assert_eq!(TransactionLog::from_bytes(&bytes), Ok(log.clone()));
        assert_eq!(
            TransactionLog::from_bytes(&TransactionLog::default().to_bytes()),
            Ok(TransactionLog::default())
        );
        for cut in 0..bytes.len() {
            assert_eq!(
                TransactionLog::from_bytes(&bytes[..cut]),
                Err(CompactBytesError::Truncated),
                "cut at {cut}"
            );
        }
        let mut bad = bytes.clone();
        bad[8] = 0xFF; // inside the first id
        assert_eq!(
            TransactionLog::from_bytes(&bad),
            Err(CompactBytesError::NotUtf8)
        );
        let demo = crate::clv::data::demo::demo_log();
        assert_eq!(TransactionLog::from_bytes(&demo.to_bytes()).unwrap(), demo);
    }

    #[test]
    fn compact_rejects_inconsistent_columns() {
        let good = {
            let mut b = TransactionLogBuilder::new();
            b.push("x", d("2024-01-01"), 1.0);
            b.finish().to_compact()
        };
        let mut c = good.clone();
        c.amount.push(2.0);
        assert_eq!(
            TransactionLog::from_compact(c),
            Err(CompactLogError::ColumnLengths)
        );
        let mut c = good.clone();
        c.customer[0] = 7;
        assert_eq!(
            TransactionLog::from_compact(c),
            Err(CompactLogError::BadCustomer(0))
        );
        let mut c = good.clone();
        c.day_delta[0] = i32::MAX;
        assert_eq!(
            TransactionLog::from_compact(c),
            Err(CompactLogError::BadDate(0))
        );
        let mut c = good;
        c.amount[0] = f64::NAN;
        assert_eq!(
            TransactionLog::from_compact(c),
            Err(CompactLogError::BadAmount(0))
        );
    }
}
