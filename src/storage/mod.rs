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

use crate::workspace::{self, DecodeError, Settings, Workspace, WorkspaceData};
use std::cell::{Cell, RefCell};
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

/// What [`WorkspaceStore::save_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// The stored text was written; its size in bytes (UTF-16, as browsers count).
    Written { bytes: usize },
    /// The stored text is the one written last: nothing was written.
    Unchanged,
}

/// Loads and saves the workspace in a backend.
#[derive(Debug)]
pub struct WorkspaceStore<B: StorageBackend> {
    backend: B,
    /// A hash of the text this store wrote last (or loaded), to skip writing it again.
    last_written: Cell<Option<u64>>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl<B: StorageBackend> WorkspaceStore<B> {
    pub fn new(backend: B) -> Self {
        WorkspaceStore {
            backend,
            last_written: Cell::new(None),
        }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The saved workspace; `Ok(None)` when nothing has been saved yet.
    pub fn load(&self) -> Result<Option<Workspace>, LoadError> {
        let Some(text) = self.backend.read(WORKSPACE_KEY)? else {
            return Ok(None);
        };
        self.last_written.set(Some(text_hash(&text)));
        Workspace::decode(&text)
            .map(Some)
            .map_err(|error| LoadError::Unreadable { error, text })
    }

    /// Saves the workspace; returns the stored size in bytes (UTF-16, as browsers count).
    pub fn save(&self, workspace: &Workspace) -> Result<usize, SaveError> {
        self.write_text(&workspace.encode())
    }

    /// Saves the workspace held in parts, unless its stored text is the one this
    /// store wrote (or loaded) last.
    pub fn save_if_changed(
        &self,
        data: &WorkspaceData,
        settings: &Settings,
    ) -> Result<SaveOutcome, SaveError> {
        let text = workspace::encode(data, settings);
        if self.last_written.get() == Some(text_hash(&text)) {
            return Ok(SaveOutcome::Unchanged);
        }
        self.write_text(&text)
            .map(|bytes| SaveOutcome::Written { bytes })
    }

    fn write_text(&self, text: &str) -> Result<usize, SaveError> {
        let bytes = utf16_bytes(text) + utf16_bytes(WORKSPACE_KEY);
        match self.backend.write(WORKSPACE_KEY, text) {
            Ok(()) => {
                self.last_written.set(Some(text_hash(text)));
                Ok(bytes)
            }
            Err(StorageError::QuotaExceeded) => Err(SaveError::TooLarge { bytes }),
            Err(e) => Err(SaveError::Storage(e)),
        }
    }

    /// Forgets the saved workspace.
    pub fn reset(&self) -> Result<(), StorageError> {
        self.last_written.set(None);
        self.backend.remove(WORKSPACE_KEY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::transactions::TransactionLogBuilder;
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
        ws.replace_data(WorkspaceData::imported(
            DataOrigin::Imported {
                file_name: "big.csv".into(),
                rows_read: customers,
                rejected_rows: 0,
            },
            b.finish(),
        ));
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
    fn an_unchanged_workspace_is_not_written_again() {
        let store = WorkspaceStore::new(MemoryStorage::default());
        let ws = big_workspace(10);
        let first = store.save_if_changed(&ws.data, &ws.settings).unwrap();
        assert!(matches!(first, SaveOutcome::Written { bytes } if bytes > 0));
        assert_eq!(
            store.save_if_changed(&ws.data, &ws.settings),
            Ok(SaveOutcome::Unchanged)
        );
        assert_eq!(store.backend().writes(), 1);

        // A setting moved and moved back: written once for the change, not for the return.
        let mut moved = ws.settings.clone();
        moved.currency = "CHF".into();
        assert!(matches!(
            store.save_if_changed(&ws.data, &moved),
            Ok(SaveOutcome::Written { .. })
        ));
        assert!(matches!(
            store.save_if_changed(&ws.data, &ws.settings),
            Ok(SaveOutcome::Written { .. })
        ));
        assert_eq!(store.backend().writes(), 3);
        assert_eq!(store.load().unwrap(), Some(ws));
    }

    #[test]
    fn a_loaded_workspace_is_not_written_back_unchanged() {
        let store = WorkspaceStore::new(MemoryStorage::default());
        let ws = big_workspace(3);
        store.save(&ws).unwrap();
        let reopened = WorkspaceStore::new(MemoryStorage::default());
        reopened
            .backend()
            .write(WORKSPACE_KEY, &ws.encode())
            .unwrap();
        let loaded = reopened.load().unwrap().unwrap();
        assert_eq!(
            reopened.save_if_changed(&loaded.data, &loaded.settings),
            Ok(SaveOutcome::Unchanged)
        );
        assert_eq!(reopened.backend().writes(), 1);
    }

    #[test]
    fn a_failed_write_is_tried_again_next_time() {
        let store = WorkspaceStore::new(MemoryStorage::with_quota(20_000));
        let big = big_workspace(5_000);
        assert!(store.save_if_changed(&big.data, &big.settings).is_err());
        assert!(store.save_if_changed(&big.data, &big.settings).is_err());
        assert_eq!(store.backend().writes(), 2);
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
