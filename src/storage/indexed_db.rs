//! [`WorkspaceDb`] in the browser's IndexedDB, through the `idb` crate.
//!
//! Database `kundenwert`, version 1, three object stores keyed by workspace
//! id: `meta` (the catalogue entry as JSON text), `head` (the record's JSON
//! head) and `data` (the record's data bytes as a `Uint8Array`). A write puts
//! all three in one `readwrite` transaction after checking the stored
//! revision inside it: IndexedDB commits a transaction whole or not at all,
//! so a quota error or a tab closed mid-write leaves the previous state. All
//! of a write's requests are queued at once (the revision check aborts the
//! transaction from the read's success event), so that a save started while
//! the page is being hidden or closed needs no further turn of the event loop.

use super::catalog::WorkspaceMeta;
use super::db::{Expect, Listing, StoredWorkspace, WorkspaceDb, Write, WriteOutcome};
use super::StorageError;
use crate::workspace::record::WorkspaceRecord;
use idb::{Database, Factory, ObjectStoreParams, TransactionMode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "kundenwert";
const DB_VERSION: u32 = 1;
const META: &str = "meta";
const HEAD: &str = "head";
const DATA: &str = "data";
const STORES: [&str; 3] = [META, HEAD, DATA];

/// The workspaces in this origin's IndexedDB.
#[derive(Debug)]
pub struct IndexedDb {
    db: Database,
}

fn unavailable(e: impl std::fmt::Display) -> StorageError {
    StorageError::Unavailable(e.to_string())
}

/// A DOM error as a storage error (quota errors are recognised).
fn dom_error(e: &web_sys::DomException) -> StorageError {
    if e.name() == "QuotaExceededError" || e.name().contains("QUOTA") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Unavailable(format!("{}: {}", e.name(), e.message()))
    }
}

impl IndexedDb {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<IndexedDb, StorageError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens a database of another name (tests keep theirs apart).
    pub async fn open_named(name: &str) -> Result<IndexedDb, StorageError> {
        Self::open_in(Factory::new().map_err(unavailable)?, name).await
    }

    /// Opens a database of `factory` (a storage bucket's, with a quota of its own, in tests).
    pub async fn open_in(factory: Factory, name: &str) -> Result<IndexedDb, StorageError> {
        let mut request = factory.open(name, Some(DB_VERSION)).map_err(unavailable)?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = idb::event::DatabaseEvent::database(&event) else {
                return;
            };
            for store in STORES {
                if !db.store_names().iter().any(|s| s == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(unavailable)?;
        Ok(IndexedDb { db })
    }

    /// Deletes a database whole (tests).
    pub async fn delete_named(name: &str) -> Result<(), StorageError> {
        let factory = Factory::new().map_err(unavailable)?;
        factory
            .delete(name)
            .map_err(unavailable)?
            .await
            .map_err(unavailable)
    }

    /// Closes the connection (so that the database can be deleted).
    pub fn close(&self) {
        self.db.close();
    }

    fn transaction(
        &self,
        mode: TransactionMode,
    ) -> Result<(idb::Transaction, web_sys::IdbTransaction), StorageError> {
        let tx = self.db.transaction(&STORES, mode).map_err(unavailable)?;
        let raw = web_sys::IdbTransaction::from(tx);
        Ok((idb::Transaction::from(raw.clone()), raw))
    }
}

fn js_error(e: JsValue) -> StorageError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(dom) => dom_error(dom),
        None => StorageError::Unavailable(format!("{e:?}")),
    }
}

fn key(id: &str) -> JsValue {
    JsValue::from_str(id)
}

fn parse_meta(value: &JsValue) -> Option<WorkspaceMeta> {
    serde_json::from_str(&value.as_string()?).ok()
}

/// Waits for a transaction to end; an abort is reported with its reason.
///
/// The handlers are the promise's own `resolve` (complete) and `reject`
/// (abort), not Rust closures: a transaction ends once, but the error events of
/// its requests bubble up to it first (an aborted write fails every queued
/// put), and a Rust handler dropped at the first of them would be called again
/// after being dropped.
async fn finish(tx: idb::Transaction, raw: &web_sys::IdbTransaction) -> Result<(), StorageError> {
    let ended = js_sys::Promise::new(&mut |resolve, reject| {
        raw.set_oncomplete(Some(&resolve));
        raw.set_onabort(Some(&reject));
    });
    let committed = wasm_bindgen_futures::JsFuture::from(ended).await.is_ok();
    drop(tx);
    if committed {
        Ok(())
    } else {
        Err(raw
            .error()
            .map(|e| dom_error(&e))
            .unwrap_or_else(|| StorageError::Unavailable("the write was aborted".into())))
    }
}

impl WorkspaceDb for IndexedDb {
    async fn list(&self) -> Result<Listing, StorageError> {
        let (tx, raw) = self.transaction(TransactionMode::ReadOnly)?;
        let store = tx.object_store(META).map_err(unavailable)?;
        let values = store
            .get_all(None, None)
            .map_err(unavailable)?
            .await
            .map_err(unavailable)?;
        finish(tx, &raw).await?;
        let mut listing = Listing::default();
        for value in values {
            match parse_meta(&value) {
                Some(meta) => listing.entries.push(meta),
                None => listing.unreadable += 1,
            }
        }
        Ok(listing)
    }

    async fn read(&self, id: &str) -> Result<Option<StoredWorkspace>, StorageError> {
        let (tx, raw) = self.transaction(TransactionMode::ReadOnly)?;
        let get = |store: &str| {
            tx.object_store(store)
                .and_then(|s| s.get(key(id)))
                .map_err(unavailable)
        };
        let (meta, head, data) = (get(META)?, get(HEAD)?, get(DATA)?);
        let meta = meta.await.map_err(unavailable)?;
        let head = head.await.map_err(unavailable)?;
        let data = data.await.map_err(unavailable)?;
        finish(tx, &raw).await?;
        let Some(meta) = meta else {
            return Ok(None);
        };
        let meta = parse_meta(&meta).ok_or_else(|| {
            StorageError::Unavailable(format!("workspace {id}: unreadable entry"))
        })?;
        let head = head.and_then(|h| h.as_string()).unwrap_or_default();
        let data = data
            .and_then(|d| d.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|d| d.to_vec())
            .unwrap_or_default();
        Ok(Some(StoredWorkspace {
            meta,
            record: WorkspaceRecord { head, data },
        }))
    }

    async fn write(&self, write: Write<'_>) -> Result<WriteOutcome, StorageError> {
        let (tx, raw) = self.transaction(TransactionMode::ReadWrite)?;
        let store = |name: &str| -> Result<web_sys::IdbObjectStore, StorageError> {
            raw.object_store(name).map_err(js_error)
        };
        let id = key(&write.meta.id);
        // Every request is queued now, before the first wait: a save started
        // as the page is hidden or closed still reaches IndexedDB whole. The
        // stored revision is checked when the read of the entry returns, which
        // is before the transaction can commit: a mismatch aborts it, puts and all.
        let conflict = Rc::new(RefCell::new(None::<Option<WorkspaceMeta>>));
        let check = store(META)?.get(&id).map_err(js_error)?;
        let on_read = {
            let (check, raw, conflict, expect) = (
                check.clone(),
                raw.clone(),
                Rc::clone(&conflict),
                write.expect,
            );
            Closure::<dyn FnMut()>::new(move || {
                let stored = check.result().ok().as_ref().and_then(parse_meta);
                let fits = match (expect, &stored) {
                    (Expect::New, None) => true,
                    (Expect::Revision(r), Some(s)) => s.revision == r,
                    _ => false,
                };
                if !fits {
                    *conflict.borrow_mut() = Some(stored);
                    let _ = raw.abort();
                }
            })
        };
        check.set_onsuccess(Some(on_read.as_ref().unchecked_ref()));
        let meta = serde_json::to_string(write.meta).expect("an entry always serialises");
        let queued = (|| {
            store(META)?
                .put_with_key(&JsValue::from_str(&meta), &id)
                .map_err(js_error)?;
            if let Some(head) = write.head {
                store(HEAD)?
                    .put_with_key(&JsValue::from_str(head), &id)
                    .map_err(js_error)?;
            }
            if let Some(data) = write.data {
                store(DATA)?
                    .put_with_key(&js_sys::Uint8Array::from(data), &id)
                    .map_err(js_error)?;
            }
            Ok(())
        })();
        if let Err(e) = queued {
            // A put refused: nothing of this write may land (the entry without its data).
            let _ = raw.abort();
            return Err(e);
        }
        let result = finish(tx, &raw).await;
        drop(on_read);
        if let Some(stored) = conflict.borrow_mut().take() {
            return Ok(WriteOutcome::Conflict { stored });
        }
        result.map(|()| WriteOutcome::Written)
    }

    async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let (tx, raw) = self.transaction(TransactionMode::ReadWrite)?;
        for name in STORES {
            tx.object_store(name)
                .and_then(|s| s.delete(key(id)))
                .map_err(unavailable)?;
        }
        finish(tx, &raw).await
    }
}

/// Where the page keeps workspaces: IndexedDB, else (IndexedDB refused, as
/// in some private modes) memory for this page only.
#[derive(Debug)]
pub enum PageDb {
    Indexed(IndexedDb),
    /// Nothing survives a reload; the reason is shown.
    Memory(super::MemoryDb, StorageError),
}

impl PageDb {
    /// IndexedDB if it opens, else memory.
    pub async fn open() -> PageDb {
        match IndexedDb::open().await {
            Ok(db) => PageDb::Indexed(db),
            Err(e) => PageDb::Memory(super::MemoryDb::default(), e),
        }
    }

    /// Why nothing is kept, where it is not.
    pub fn unavailable(&self) -> Option<&StorageError> {
        match self {
            PageDb::Indexed(_) => None,
            PageDb::Memory(_, e) => Some(e),
        }
    }
}

impl WorkspaceDb for PageDb {
    async fn list(&self) -> Result<Listing, StorageError> {
        match self {
            PageDb::Indexed(db) => db.list().await,
            PageDb::Memory(db, _) => db.list().await,
        }
    }

    async fn read(&self, id: &str) -> Result<Option<StoredWorkspace>, StorageError> {
        match self {
            PageDb::Indexed(db) => db.read(id).await,
            PageDb::Memory(db, _) => db.read(id).await,
        }
    }

    async fn write(&self, write: Write<'_>) -> Result<WriteOutcome, StorageError> {
        match self {
            PageDb::Indexed(db) => db.write(write).await,
            PageDb::Memory(db, _) => db.write(write).await,
        }
    }

    async fn delete(&self, id: &str) -> Result<(), StorageError> {
        match self {
            PageDb::Indexed(db) => db.delete(id).await,
            PageDb::Memory(db, _) => db.delete(id).await,
        }
    }
}
