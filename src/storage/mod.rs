//! Where workspaces are kept.
//!
//! Workspaces live in a [`WorkspaceDb`] (IndexedDB in the browser,
//! `indexed_db`; [`MemoryDb`] in native tests): per workspace a catalogue
//! entry, the JSON head and the data bytes of its
//! [`crate::workspace::record::WorkspaceRecord`], written together in one
//! transaction, so a failed or interrupted write leaves the previous state
//! readable. Small preferences (which workspace opens next) sit in a
//! [`StorageBackend`]: localStorage through `gloo-storage`
//! (`BrowserStorage`), [`MemoryStorage`] in tests. [`WorkspaceLibrary`] holds
//! the rules: open the last one, move an earlier build's localStorage
//! workspace in, save only over the revision a tab has seen.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub use browser::BrowserStorage;

#[cfg(target_arch = "wasm32")]
pub mod indexed_db;

pub mod catalog;
pub mod db;
pub mod library;

pub use catalog::WorkspaceMeta;
pub use db::{MemoryDb, WorkspaceDb};
pub use library::{OpenWorkspace, SaveError, SaveOutcome, WorkspaceLibrary};

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// The key under which builds before IndexedDB kept the one workspace (read
/// once to move it into IndexedDB, then removed).
pub const LEGACY_WORKSPACE_KEY: &str = "kundenwert.workspace";
/// The key of the id of the workspace used last.
pub const LAST_WORKSPACE_KEY: &str = "kundenwert.last-workspace";

/// Why a backend could not read or write.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    /// The value does not fit into the storage quota; nothing was written.
    #[error("the browser's storage quota is exceeded")]
    QuotaExceeded,
    /// Storage is switched off or not reachable (private mode, blocked cookies, ...).
    #[error("storage is not available: {0}")]
    Unavailable(String),
}

/// A string key-value store (localStorage-like): a write either happens whole or not at all.
pub trait StorageBackend {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn write(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
}

/// An in-memory backend with an optional quota in bytes (counted as UTF-16 code
/// units times two, as browsers do), for tests.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    values: RefCell<HashMap<String, String>>,
    quota_bytes: Option<usize>,
    writes: Cell<usize>,
}

impl MemoryStorage {
    pub fn with_quota(quota_bytes: usize) -> Self {
        MemoryStorage {
            quota_bytes: Some(quota_bytes),
            ..MemoryStorage::default()
        }
    }

    /// How many writes were attempted.
    pub fn writes(&self) -> usize {
        self.writes.get()
    }
}

fn utf16_bytes(s: &str) -> usize {
    s.encode_utf16().count() * 2
}

impl StorageBackend for MemoryStorage {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.values.borrow().get(key).cloned())
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.writes.set(self.writes.get() + 1);
        let mut values = self.values.borrow_mut();
        if let Some(quota) = self.quota_bytes {
            let others: usize = values
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| utf16_bytes(k) + utf16_bytes(v))
                .sum();
            if others + utf16_bytes(key) + utf16_bytes(value) > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        values.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.values.borrow_mut().remove(key);
        Ok(())
    }
}
