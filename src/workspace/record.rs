//! The stored record of a workspace: a small JSON head and the data as bytes.
//!
//! IndexedDB keeps a workspace as these two parts (the head as a string, the
//! data as an `ArrayBuffer`) and the workspace file packs the same two parts:
//! a million transactions as JSON would take the page several times longer to
//! read than their column bytes.
//!
//! The head is `{"version":3,"origin":…,"settings":…}` and, for summaries,
//! `"summary":{"unit":…,"as_of":…,"holdout_end":…}`. The data bytes start with
//! a tag: [`DataTag::None`] (the demo, regenerated from its seed; nothing
//! follows), [`DataTag::Transactions`] ([`CompactLog::to_bytes`] follows) or
//! [`DataTag::Summaries`] ([`summary_rows_to_bytes`] follows).

use super::{DataOrigin, DecodeError, Settings, Workspace, WorkspaceData};
use crate::clv::api::{summary_rows_to_bytes, SummaryRowsDecoder};
use crate::clv::data::dataset::CustomerData;
use crate::clv::data::demo;
use crate::clv::data::summary::TimeUnit;
use crate::clv::data::summary_table::SummaryTable;
use crate::clv::data::transactions::{CompactLog, TransactionLog};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of the head this build writes (1 and 2 were whole JSON texts).
pub const RECORD_VERSION: u64 = 3;

/// What the data bytes hold, their first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum DataTag {
    None = 0,
    Transactions = 1,
    Summaries = 2,
}

/// A workspace as stored: the head (JSON) and the data bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceRecord {
    pub head: String,
    pub data: Vec<u8>,
}

#[derive(Serialize)]
struct HeadRef<'a> {
    version: u64,
    origin: &'a DataOrigin,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<SummaryHead>,
    settings: &'a Settings,
}

#[derive(Deserialize)]
struct Head {
    origin: DataOrigin,
    #[serde(default)]
    summary: Option<SummaryHead>,
    #[serde(default)]
    settings: Settings,
}

/// A summary table's unit and dates (its rows are in the data bytes).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct SummaryHead {
    unit: TimeUnit,
    as_of: NaiveDate,
    holdout_end: Option<NaiveDate>,
}

impl WorkspaceRecord {
    /// The record of a workspace held in parts.
    pub fn of(data: &WorkspaceData, settings: &Settings) -> WorkspaceRecord {
        WorkspaceRecord {
            head: head_json(data, settings),
            data: data_bytes(data),
        }
    }

    /// The size in bytes as stored (head as UTF-8 plus the data bytes).
    pub fn bytes(&self) -> usize {
        self.head.len() + self.data.len()
    }

    /// The workspace again; a head of an unknown version, a head that does
    /// not fit its data or bytes that do not decode are typed errors.
    pub fn decode(&self) -> Result<Workspace, DecodeError> {
        let head = parse_head(&self.head)?;
        let (tag, payload) = split_data(&self.data)?;
        let data = match (&head.origin, tag, head.summary) {
            (DataOrigin::Demo, DataTag::None, None) => CustomerData::Transactions(demo::demo_log()),
            (DataOrigin::Empty, DataTag::None, None) => {
                CustomerData::Transactions(TransactionLog::default())
            }
            (DataOrigin::Imported { .. }, DataTag::Transactions, None) => {
                let compact = CompactLog::from_bytes(payload)
                    .map_err(|e| DecodeError::Invalid(format!("transactions: {e}")))?;
                CustomerData::Transactions(
                    TransactionLog::from_compact(compact)
                        .map_err(|e| DecodeError::Invalid(format!("transactions: {e}")))?,
                )
            }
            (DataOrigin::Imported { .. }, DataTag::Summaries, Some(s)) => {
                let rows = summary_rows(payload)?;
                CustomerData::Summaries(
                    SummaryTable::new(rows, s.unit, s.as_of, s.holdout_end)
                        .map_err(|e| DecodeError::Invalid(format!("summaries: {e}")))?,
                )
            }
            (origin, tag, summary) => {
                return Err(DecodeError::Invalid(format!(
                    "{} data stored as {tag:?}{}",
                    match origin {
                        DataOrigin::Demo => "demo",
                        DataOrigin::Empty => "empty",
                        DataOrigin::Imported { .. } => "imported",
                    },
                    if summary.is_some() {
                        " with a summary head"
                    } else {
                        ""
                    }
                )))
            }
        };
        Ok(Workspace {
            data: WorkspaceData {
                origin: head.origin,
                data,
            },
            settings: head.settings,
        })
    }
}

/// The head of a record: version, origin, settings and a summary's unit and dates.
pub fn head_json(data: &WorkspaceData, settings: &Settings) -> String {
    let head = HeadRef {
        version: RECORD_VERSION,
        origin: &data.origin,
        summary: data.data.summaries().map(|t| SummaryHead {
            unit: t.unit(),
            as_of: t.as_of(),
            holdout_end: t.holdout_end(),
        }),
        settings,
    };
    serde_json::to_string(&head).expect("a workspace head always serialises")
}

/// The data bytes of a record (only the tag for the demo).
pub fn data_bytes(data: &WorkspaceData) -> Vec<u8> {
    let (tag, payload) = match (&data.origin, &data.data) {
        (DataOrigin::Demo | DataOrigin::Empty, _) => (DataTag::None, Vec::new()),
        (DataOrigin::Imported { .. }, CustomerData::Transactions(log)) => {
            (DataTag::Transactions, log.to_compact().to_bytes())
        }
        (DataOrigin::Imported { .. }, CustomerData::Summaries(table)) => {
            (DataTag::Summaries, summary_rows_to_bytes(table.rows()))
        }
    };
    let mut out = Vec::with_capacity(1 + payload.len());
    out.push(tag as u8);
    out.extend_from_slice(&payload);
    out
}

fn parse_head(text: &str) -> Result<Head, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let version = value.get("version").and_then(|v| v.as_u64());
    if version != Some(RECORD_VERSION) {
        return Err(DecodeError::VersionMismatch { found: version });
    }
    serde_json::from_value(value).map_err(|e| DecodeError::Invalid(e.to_string()))
}

/// The tag and the payload of data bytes.
pub fn split_data(bytes: &[u8]) -> Result<(DataTag, &[u8]), DecodeError> {
    let (&tag, payload) = bytes
        .split_first()
        .ok_or_else(|| DecodeError::Invalid("no data bytes".into()))?;
    let tag = match tag {
        0 => DataTag::None,
        1 => DataTag::Transactions,
        2 => DataTag::Summaries,
        other => return Err(DecodeError::Invalid(format!("unknown data tag {other}"))),
    };
    if tag == DataTag::None && !payload.is_empty() {
        return Err(DecodeError::Invalid("bytes after the demo's tag".into()));
    }
    Ok((tag, payload))
}

fn summary_rows(
    payload: &[u8],
) -> Result<Vec<crate::clv::data::summary_csv::SummaryRow>, DecodeError> {
    let bad = |e: crate::clv::data::transactions::CompactBytesError| {
        DecodeError::Invalid(format!("summaries: {e}"))
    };
    let mut decoder = SummaryRowsDecoder::new(payload).map_err(bad)?;
    while !decoder.decode(usize::MAX).map_err(bad)? {}
    Ok(decoder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::tests::imported;

    #[test]
    fn an_imported_workspace_round_trips_through_its_record() {
        let ws = imported();
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        assert!(
            record.head.starts_with(r#"{"version":3,"#),
            "{}",
            record.head
        );
        assert!(
            !record.head.contains("A-1"),
            "customer ids stay in the data bytes"
        );
        assert_eq!(record.data[0], DataTag::Transactions as u8);
        assert_eq!(record.decode().unwrap(), ws);
    }

    #[test]
    fn the_demo_is_stored_as_its_tag_alone() {
        let mut ws = Workspace::demo();
        ws.settings.currency = "CHF".into();
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        assert_eq!(record.data, vec![0]);
        assert_eq!(record.decode().unwrap(), ws);
    }

    #[test]
    fn an_empty_workspace_is_stored_as_its_tag_alone() {
        let ws = Workspace {
            data: WorkspaceData::empty(),
            settings: Settings::default(),
        };
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        assert_eq!(record.data, vec![0]);
        let back = record.decode().unwrap();
        assert_eq!(back, ws);
        assert_eq!(back.data.data.customer_count(), 0);
    }

    #[test]
    fn a_summary_workspace_round_trips_with_its_unit_dates_and_holdout() {
        let ws = crate::workspace::tests::summary_workspace();
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        assert_eq!(record.data[0], DataTag::Summaries as u8);
        assert!(
            record.head.contains(r#""summary":{"unit":"week""#),
            "{}",
            record.head
        );
        assert_eq!(record.decode().unwrap(), ws);
    }

    #[test]
    fn a_record_that_does_not_fit_is_a_typed_error() {
        let ws = imported();
        let good = WorkspaceRecord::of(&ws.data, &ws.settings);
        let with = |head: &str, data: &[u8]| {
            WorkspaceRecord {
                head: head.into(),
                data: data.to_vec(),
            }
            .decode()
        };
        assert!(matches!(
            with("{oops", &good.data),
            Err(DecodeError::NotJson(_))
        ));
        let v2 = good.head.replacen("\"version\":3", "\"version\":2", 1);
        assert_eq!(
            with(&v2, &good.data),
            Err(DecodeError::VersionMismatch { found: Some(2) })
        );
        assert!(matches!(
            with(&good.head, &[]),
            Err(DecodeError::Invalid(_))
        ));
        assert!(matches!(
            with(&good.head, &[7]),
            Err(DecodeError::Invalid(_))
        ));
        // The demo's head with transaction bytes, and truncated transactions.
        let demo = Workspace::demo();
        let demo_head = head_json(&demo.data, &demo.settings);
        assert!(matches!(
            with(&demo_head, &good.data),
            Err(DecodeError::Invalid(_))
        ));
        let cut = &good.data[..good.data.len() - 3];
        assert!(matches!(
            with(&good.head, cut),
            Err(DecodeError::Invalid(_))
        ));
    }
}
