//! A summary file's rows in a compact binary form, as the file worker sends
//! them to the page (a million rows as JSON would take the page longer to
//! parse than the worker took to read the file), decoded a slice at a time.
//!
//! Little endian: the row count, then per row the id (length-prefixed
//! UTF-8), frequency, recency and T (`f64`), a flag byte (bit 0: a monetary
//! value follows as `f64`; bit 1: holdout purchases `u32` and spend `f64`
//! follow).

use super::{string, take};
use crate::clv::data::summary::HoldoutActivity;
use crate::clv::data::summary_csv::SummaryRow;
use crate::clv::data::transactions::CompactBytesError;

const MONETARY: u8 = 1;
const HOLDOUT: u8 = 2;
/// The smallest row: an empty id's length, three numbers and the flags.
const MIN_ROW: usize = 4 + 3 * 8 + 1;

/// `rows` in the compact form.
pub fn summary_rows_to_bytes(rows: &[SummaryRow]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + rows.len() * (MIN_ROW + 16));
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for r in rows {
        out.extend_from_slice(&(r.customer_id.len() as u32).to_le_bytes());
        out.extend_from_slice(r.customer_id.as_bytes());
        for x in [r.frequency, r.recency, r.t] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let flags = u8::from(r.monetary_value.is_some()) * MONETARY
            + u8::from(r.holdout.is_some()) * HOLDOUT;
        out.push(flags);
        if let Some(m) = r.monetary_value {
            out.extend_from_slice(&m.to_le_bytes());
        }
        if let Some(h) = r.holdout {
            out.extend_from_slice(&h.purchases.to_le_bytes());
            out.extend_from_slice(&h.spend.to_le_bytes());
        }
    }
    out
}

/// Reads [`summary_rows_to_bytes`] some rows at a time.
pub struct SummaryRowsDecoder<'a> {
    rest: &'a [u8],
    left: usize,
    rows: Vec<SummaryRow>,
}

fn number(b: &mut &[u8]) -> Result<f64, CompactBytesError> {
    Ok(f64::from_le_bytes(take(b)?))
}

impl<'a> SummaryRowsDecoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Self, CompactBytesError> {
        let mut rest = bytes;
        let n = u32::from_le_bytes(take(&mut rest)?) as usize;
        if n.saturating_mul(MIN_ROW) > rest.len() {
            return Err(CompactBytesError::Truncated);
        }
        Ok(SummaryRowsDecoder {
            rest,
            left: n,
            rows: Vec::with_capacity(n),
        })
    }

    /// Decodes up to `max` more rows; `true` once all are.
    pub fn decode(&mut self, max: usize) -> Result<bool, CompactBytesError> {
        let b = &mut self.rest;
        for _ in 0..max.min(self.left) {
            let customer_id = string(b)?;
            let (frequency, recency, t) = (number(b)?, number(b)?, number(b)?);
            let [flags] = take::<1>(b)?;
            let monetary_value = (flags & MONETARY != 0).then(|| number(b)).transpose()?;
            let holdout = if flags & HOLDOUT != 0 {
                Some(HoldoutActivity {
                    purchases: u32::from_le_bytes(take(b)?),
                    spend: number(b)?,
                })
            } else {
                None
            };
            self.rows.push(SummaryRow {
                customer_id,
                frequency,
                recency,
                t,
                monetary_value,
                holdout,
            });
            self.left -= 1;
        }
        Ok(self.left == 0)
    }

    /// The rows decoded.
    pub fn finish(self) -> Vec<SummaryRow> {
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::summary_csv::read_summary_csv;

    fn decode_all(bytes: &[u8], step: usize) -> Result<Vec<SummaryRow>, CompactBytesError> {
        let mut decoder = SummaryRowsDecoder::new(bytes)?;
        while !decoder.decode(step)? {}
        Ok(decoder.finish())
    }

    #[test]
    fn rows_round_trip_exactly_whatever_the_step() {
        let rows = read_summary_csv(
            "customer_id,frequency,recency,T,monetary_value,holdout_purchases,holdout_spend\n\
             a,2,3.5,10,12.25,1,9.5\n\"Kundé \"\"7\"\"\",0,0,0.1428571428571428,,0,0\n,,,,,,\n"
                .as_bytes(),
        )
        .unwrap();
        let plain = read_summary_csv(b"customer_id,frequency,recency,T\nx,1,0.5,2\n").unwrap();
        for rows in [rows, plain, Vec::new()] {
            let bytes = summary_rows_to_bytes(&rows);
            for step in [1, 2, usize::MAX] {
                assert_eq!(decode_all(&bytes, step).unwrap(), rows);
            }
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let rows = read_summary_csv(b"customer_id,frequency,recency,T,monetary_value\na,1,1,2,3\n")
            .unwrap();
        let bytes = summary_rows_to_bytes(&rows);
        for cut in 0..bytes.len() {
            assert!(decode_all(&bytes[..cut], 1).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        bad[8] = 0xff;
        assert_eq!(decode_all(&bad, 1), Err(CompactBytesError::NotUtf8));
    }
}
