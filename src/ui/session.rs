//! The workspaces of this browser as the page uses them: opening the last one
//! before the app mounts ([`boot`]), the library shared by the components, the
//! clock and ids, the browser's storage estimate and persistence, and the
//! messages between tabs.
//!
//! Tabs tell each other what they wrote on a `BroadcastChannel`
//! ([`TabMessage`]): a tab showing a workspace another tab saved reloads it
//! when it has no change of its own waiting, and otherwise shows a conflict
//! (its next save would be refused anyway: every write names the revision it
//! was made from).

use crate::storage::indexed_db::PageDb;
use crate::storage::library::{Clock, Opened, SaveError, WorkspaceLibrary};
use crate::storage::{BrowserStorage, MemoryDb, StorageError};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The workspaces of this page.
pub type Library = WorkspaceLibrary<PageDb, BrowserStorage>;

/// The name of the demo workspace made on a first visit.
pub const DEMO_NAME: &str = "Demo";

/// The page's clock and random ids.
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn new_id(&self) -> String {
        crate::storage::catalog::new_id(
            js_sys::Date::now(),
            (js_sys::Math::random() * f64::from(u32::MAX)) as u32,
        )
    }
}

/// What the app mounts with: the library and the workspace it opened.
pub struct Boot {
    pub library: Rc<Library>,
    pub opened: Opened,
}

/// Opens IndexedDB (else memory, with the reason shown) and the workspace used last.
pub async fn boot() -> Boot {
    let library = Rc::new(WorkspaceLibrary::new(PageDb::open().await, BrowserStorage));
    match library.open(&BrowserClock, DEMO_NAME).await {
        Ok(opened) => Boot { library, opened },
        Err(e) => {
            let reason = match e {
                SaveError::Storage(e) => e,
                SaveError::TooLarge { .. } => StorageError::QuotaExceeded,
            };
            let library = Rc::new(WorkspaceLibrary::new(
                PageDb::Memory(MemoryDb::default(), reason),
                BrowserStorage,
            ));
            let opened = library
                .open(&BrowserClock, DEMO_NAME)
                .await
                .expect("memory always opens");
            Boot { library, opened }
        }
    }
}

/// How much this origin stores and may store, and whether it is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageUse {
    pub used: f64,
    pub quota: f64,
    /// The browser promised not to clear it under storage pressure.
    pub persistent: bool,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Missing on insecure origins and in some embedded views.
    js_sys::Reflect::get(&navigator, &"storage".into())
        .ok()
        .filter(|s| !s.is_undefined())?;
    Some(navigator.storage())
}

async fn promise(p: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok()
}

/// Asks the browser to keep this origin's storage (`navigator.storage.persist()`).
pub async fn request_persistence() -> bool {
    let Some(manager) = storage_manager() else {
        return false;
    };
    promise(manager.persist())
        .await
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The browser's estimate of this origin's storage.
pub async fn storage_use() -> Option<StorageUse> {
    let manager = storage_manager()?;
    let estimate: web_sys::StorageEstimate = promise(manager.estimate()).await?.unchecked_into();
    let persistent = promise(manager.persisted())
        .await
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    Some(StorageUse {
        used: estimate.get_usage().unwrap_or(0.0),
        quota: estimate.get_quota().unwrap_or(0.0),
        persistent,
    })
}

/// What one tab tells the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TabMessage {
    /// A workspace was written at this revision.
    Saved { id: String, revision: u64 },
    /// A workspace was deleted.
    Deleted { id: String },
    /// The list changed (created, renamed, duplicated, restored).
    Listed,
}

const CHANNEL: &str = "kundenwert.workspaces";

thread_local! {
    static TABS: Option<web_sys::BroadcastChannel> = web_sys::BroadcastChannel::new(CHANNEL).ok();
}

/// Tells the other tabs of this origin.
pub fn tell_tabs(message: &TabMessage) {
    let text = serde_json::to_string(message).expect("a tab message serialises");
    TABS.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&JsValue::from_str(&text));
        }
    });
}

/// Calls `on_message` with every message of the other tabs.
pub fn listen_to_tabs(on_message: impl Fn(TabMessage) + 'static) {
    TABS.with(|c| {
        let Some(c) = c else { return };
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(message) = e
                    .data()
                    .as_string()
                    .and_then(|t| serde_json::from_str::<TabMessage>(&t).ok())
                {
                    on_message(message);
                }
            });
        c.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The page keeps listening as long as it lives.
        handler.forget();
    });
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
