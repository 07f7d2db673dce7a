//! Where workspaces are kept: a [`WorkspaceDb`] holds, per workspace id, its
//! catalogue entry, its head and its data bytes, and writes them in one
//! all-or-nothing transaction. The browser's is IndexedDB
//! (`super::indexed_db`); [`MemoryDb`] is the same contract in memory, with an
//! optional quota, for native tests.

use super::catalog::WorkspaceMeta;
use super::StorageError;
use crate::workspace::record::WorkspaceRecord;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// What a write expects to find, so that no tab overwrites what it has not seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The id must not be taken yet.
    New,
    /// The stored entry must still be at this revision.
    Revision(u64),
}

/// One write of a workspace: the entry always, the head and the data where
/// they changed (a settings change leaves the data bytes as they are).
#[derive(Debug, Clone, PartialEq)]
pub struct Write<'a> {
    pub meta: &'a WorkspaceMeta,
    pub head: Option<&'a str>,
    pub data: Option<&'a [u8]>,
    pub expect: Expect,
}

/// What a write did.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    Written,
    /// Someone (another tab) wrote first, or the id is taken: nothing was
    /// written; the stored entry as it is now (`None`: it was deleted).
    Conflict {
        stored: Option<WorkspaceMeta>,
    },
}

/// A stored workspace read back whole.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWorkspace {
    pub meta: WorkspaceMeta,
    pub record: WorkspaceRecord,
}

/// A store of workspaces whose writes are all-or-nothing.
#[allow(async_fn_in_trait)] // used with concrete types only, on one thread
pub trait WorkspaceDb {
    /// Every catalogue entry (entries that cannot be read are left out and counted).
    async fn list(&self) -> Result<Listing, StorageError>;
    /// One workspace's entry, head and data; `None` if there is no such id.
    async fn read(&self, id: &str) -> Result<Option<StoredWorkspace>, StorageError>;
    /// Writes entry, head and data together, or nothing (quota, conflict, a closed tab).
    async fn write(&self, write: Write<'_>) -> Result<WriteOutcome, StorageError>;
    /// Removes a workspace whole.
    async fn delete(&self, id: &str) -> Result<(), StorageError>;
}

/// The catalogue as read: the entries, and how many could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub entries: Vec<WorkspaceMeta>,
    pub unreadable: usize,
}

/// [`WorkspaceDb`] in memory with an optional quota in bytes.
#[derive(Debug, Default)]
pub struct MemoryDb {
    rows: RefCell<BTreeMap<String, StoredWorkspace>>,
    quota_bytes: Option<usize>,
    writes: Cell<usize>,
}

impl MemoryDb {
    pub fn with_quota(quota_bytes: usize) -> Self {
        MemoryDb {
            quota_bytes: Some(quota_bytes),
            ..MemoryDb::default()
        }
    }

    /// How many writes were attempted.
    pub fn writes(&self) -> usize {
        self.writes.get()
    }

    /// Replaces a stored head as a damaged disk or an old bug might have (tests).
    pub fn corrupt_head(&self, id: &str, head: &str) {
        if let Some(row) = self.rows.borrow_mut().get_mut(id) {
            row.record.head = head.to_owned();
        }
    }

    fn used_without(&self, id: &str) -> usize {
        self.rows
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != id)
            .map(|(_, v)| v.record.bytes())
            .sum()
    }
}

impl WorkspaceDb for MemoryDb {
    async fn list(&self) -> Result<Listing, StorageError> {
        Ok(Listing {
            entries: self
                .rows
                .borrow()
                .values()
                .map(|r| r.meta.clone())
                .collect(),
            unreadable: 0,
        })
    }

    async fn read(&self, id: &str) -> Result<Option<StoredWorkspace>, StorageError> {
        Ok(self.rows.borrow().get(id).cloned())
    }

    async fn write(&self, write: Write<'_>) -> Result<WriteOutcome, StorageError> {
        self.writes.set(self.writes.get() + 1);
        let id = write.meta.id.as_str();
        let stored = self.rows.borrow().get(id).map(|r| r.meta.clone());
        let fits = match (write.expect, &stored) {
            (Expect::New, None) => true,
            (Expect::Revision(r), Some(s)) => s.revision == r,
            _ => false,
        };
        if !fits {
            return Ok(WriteOutcome::Conflict { stored });
        }
        let old = self.rows.borrow().get(id).map(|r| r.record.clone());
        let record = WorkspaceRecord {
            head: write
                .head
                .map(str::to_owned)
                .or_else(|| old.as_ref().map(|o| o.head.clone()))
                .unwrap_or_default(),
            data: write
                .data
                .map(<[u8]>::to_vec)
                .or_else(|| old.map(|o| o.data))
                .unwrap_or_default(),
        };
        if let Some(quota) = self.quota_bytes {
            if self.used_without(id) + record.bytes() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.rows.borrow_mut().insert(
            id.to_owned(),
            StoredWorkspace {
                meta: write.meta.clone(),
                record,
            },
        );
        Ok(WriteOutcome::Written)
    }

    async fn delete(&self, id: &str) -> Result<(), StorageError> {
        self.rows.borrow_mut().remove(id);
        Ok(())
    }
}
