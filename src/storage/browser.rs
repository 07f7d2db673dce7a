//! The browser's localStorage, through `gloo-storage`.

use super::{StorageBackend, StorageError};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};

/// localStorage of the page's origin.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserStorage;

impl BrowserStorage {
    /// Whether localStorage can be used at all (it throws in some private modes).
    pub fn check() -> Result<(), StorageError> {
        let window =
            web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        match window.local_storage() {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(StorageError::Unavailable("localStorage is missing".into())),
            Err(e) => Err(to_error(e)),
        }
    }
}

fn to_error(e: JsValue) -> StorageError {
    if let Some(dom) = e.dyn_ref::<web_sys::DomException>() {
        // Chromium says QuotaExceededError (code 22); Firefox NS_ERROR_DOM_QUOTA_REACHED.
        if dom.name() == "QuotaExceededError" || dom.code() == 22 || dom.name().contains("QUOTA") {
            return StorageError::QuotaExceeded;
        }
        return StorageError::Unavailable(format!("{}: {}", dom.name(), dom.message()));
    }
    StorageError::Unavailable(format!("{e:?}"))
}

impl StorageBackend for BrowserStorage {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        Self::check()?;
        LocalStorage::raw().get_item(key).map_err(to_error)
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        Self::check()?;
        LocalStorage::raw().set_item(key, value).map_err(to_error)
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        Self::check()?;
        LocalStorage::raw().remove_item(key).map_err(to_error)
    }
}
