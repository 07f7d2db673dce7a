//! Persistence of the workspace behind a [`StorageBackend`].
//!
//! The core never touches browser storage: [`WorkspaceStore`] encodes and
//! decodes the versioned workspace text and talks to a backend, which is
//! [`MemoryStorage`] in native tests and `BrowserStorage` (localStorage through
//! `gloo-storage`) in the browser. A failed write leaves the previous value in
//! place: localStorage's `setItem` is all-or-nothing.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub use browser::BrowserStorage;

use crate::workspace::{DecodeError, Workspace};
use std::cell::RefCell;
use std::collections::HashMap;

/// The key the workspace is stored under.
pub const WORKSPACE_KEY: &str = "kundenwert.workspace";

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
}

impl MemoryStorage {
    pub fn with_quota(quota_bytes: usize) -> Self {
        MemoryStorage {
            values: RefCell::default(),
            quota_bytes: Some(quota_bytes),
        }
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

/// Why the saved workspace could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The stored text exists but cannot be read; `text` is kept for download.
    #[error("{error}")]
    Unreadable { error: DecodeError, text: String },
}

/// Why the workspace could not be saved. The previously saved value is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaveError {
    #[error("the workspace ({bytes} bytes) does not fit into browser storage")]
    TooLarge { bytes: usize },
    #[error(transparent)]
    Storage(StorageError),
}

/// Loads and saves the workspace in a backend.
#[derive(Debug)]
pub struct WorkspaceStore<B: StorageBackend> {
    backend: B,
}

impl<B: StorageBackend> WorkspaceStore<B> {
    pub fn new(backend: B) -> Self {
        WorkspaceStore { backend }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The saved workspace; `Ok(None)` when nothing has been saved yet.
    pub fn load(&self) -> Result<Option<Workspace>, LoadError> {
        let Some(text) = self.backend.read(WORKSPACE_KEY)? else {
            return Ok(None);
        };
        Workspace::decode(&text)
            .map(Some)
            .map_err(|error| LoadError::Unreadable { error, text })
    }

    /// Saves the workspace; returns the stored size in bytes (UTF-16, as browsers count).
    pub fn save(&self, workspace: &Workspace) -> Result<usize, SaveError> {
        let text = workspace.encode();
        let bytes = utf16_bytes(&text) + utf16_bytes(WORKSPACE_KEY);
        match self.backend.write(WORKSPACE_KEY, &text) {
            Ok(()) => Ok(bytes),
            Err(StorageError::QuotaExceeded) => Err(SaveError::TooLarge { bytes }),
            Err(e) => Err(SaveError::Storage(e)),
        }
    }

    /// Forgets the saved workspace.
    pub fn reset(&self) -> Result<(), StorageError> {
        self.backend.remove(WORKSPACE_KEY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::transactions::TransactionLogBuilder;
    use crate::workspace::DataOrigin;

    fn big_workspace(customers: usize) -> Workspace {
        let mut b = TransactionLogBuilder::new();
        for i in 0..customers {
            b.push(
                &format!("customer-{i:06}"),
                "2024-05-01".parse().unwrap(),
                i as f64 + 0.5,
            );
        }
        let mut ws = Workspace::demo();
        ws.replace_data(
            DataOrigin::Imported {
                file_name: "big.csv".into(),
                rows_read: customers,
                rejected_rows: 0,
            },
            b.finish(),
        );
        ws
    }

    #[test]
    fn nothing_saved_loads_as_none() {
        let store = WorkspaceStore::new(MemoryStorage::default());
        assert_eq!(store.load(), Ok(None));
    }

    #[test]
    fn save_then_load_round_trips() {
        let store = WorkspaceStore::new(MemoryStorage::default());
        let ws = big_workspace(10);
        store.save(&ws).unwrap();
        assert_eq!(store.load().unwrap(), Some(ws));
        store.reset().unwrap();
        assert_eq!(store.load(), Ok(None));
    }

    #[test]
    fn too_large_keeps_the_previous_state() {
        let store = WorkspaceStore::new(MemoryStorage::with_quota(20_000));
        let small = big_workspace(10);
        store.save(&small).unwrap();
        let err = store.save(&big_workspace(5_000)).unwrap_err();
        assert!(
            matches!(err, SaveError::TooLarge { bytes } if bytes > 20_000),
            "{err:?}"
        );
        assert_eq!(store.load().unwrap(), Some(small));
    }

    #[test]
    fn unreadable_text_is_reported_and_kept() {
        let store = WorkspaceStore::new(MemoryStorage::default());
        store
            .backend()
            .write(WORKSPACE_KEY, "{\"version\":1, oops")
            .unwrap();
        match store.load() {
            Err(LoadError::Unreadable {
                error: DecodeError::NotJson(_),
                text,
            }) => {
                assert_eq!(text, "{\"version\":1, oops")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            store.backend().read(WORKSPACE_KEY).unwrap().as_deref(),
            Some("{\"version\":1, oops")
        );
    }
}
