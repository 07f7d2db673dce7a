//! The library in headless Chromium (`wasm-bindgen-test`; run by `.ci/test`):
//! the storage layer against the real localStorage, and the core's results
//! being the same as natively.
#![cfg(target_arch = "wasm32")]

use kundenwert::clv::data::demo::{demo_log, fingerprint};
use kundenwert::clv::data::transactions::TransactionLogBuilder;
use kundenwert::storage::{
    BrowserStorage, LoadError, SaveError, StorageBackend, StorageError, WorkspaceStore,
    WORKSPACE_KEY,
};
use kundenwert::workspace::{DataOrigin, DecodeError, Workspace, WorkspaceData};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_store() -> WorkspaceStore<BrowserStorage> {
    BrowserStorage.remove(WORKSPACE_KEY).unwrap();
    WorkspaceStore::new(BrowserStorage)
}

fn imported(customers: usize, id_prefix: &str) -> Workspace {
    let mut b = TransactionLogBuilder::new();
    for i in 0..customers {
        b.push(
            &format!("{id_prefix}{i:07}"),
            "2024-06-30".parse().unwrap(),
            10.0 + i as f64 / 100.0,
        );
    }
    let mut ws = Workspace::demo();
    ws.replace_data(WorkspaceData::imported(
        DataOrigin::Imported {
            file_name: "orders.csv".into(),
            rows_read: customers,
            rejected_rows: 0,
        },
        b.finish(),
    ));
    ws
}

#[wasm_bindgen_test]
fn nothing_saved_yet() {
    assert_eq!(fresh_store().load(), Ok(None));
}

#[wasm_bindgen_test]
fn save_and_load_through_local_storage() {
    let store = fresh_store();
    let ws = imported(25, "K-");
    let bytes = store.save(&ws).unwrap();
    assert!(bytes > 100);
    // It really is in localStorage, as versioned JSON.
    let raw = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(WORKSPACE_KEY)
        .unwrap()
        .unwrap();
    assert!(raw.starts_with(r#"{"version":2,"#), "{raw}");
    assert_eq!(store.load().unwrap(), Some(ws));
}

#[wasm_bindgen_test]
fn another_format_version_is_reported_and_kept() {
    let store = fresh_store();
    let old = r#"{"version":0,"origin":{"kind":"demo"}}"#;
    BrowserStorage.write(WORKSPACE_KEY, old).unwrap();
    assert_eq!(
        store.load(),
        Err(LoadError::Unreadable {
            error: DecodeError::VersionMismatch { found: Some(0) },
            text: old.into()
        })
    );
    assert_eq!(
        BrowserStorage.read(WORKSPACE_KEY).unwrap().as_deref(),
        Some(old)
    );
}

#[wasm_bindgen_test]
fn unreadable_value_is_reported_and_kept() {
    let store = fresh_store();
    BrowserStorage
        .write(WORKSPACE_KEY, "edited by hand {")
        .unwrap();
    match store.load() {
        Err(LoadError::Unreadable {
            error: DecodeError::NotJson(_),
            text,
        }) => assert_eq!(text, "edited by hand {"),
        other => panic!("expected an unreadable value, got {other:?}"),
    }
    let wrong_shape = r#"{"version":1,"origin":{"kind":"imported"}}"#;
    BrowserStorage.write(WORKSPACE_KEY, wrong_shape).unwrap();
    assert!(matches!(
        store.load(),
        Err(LoadError::Unreadable {
            error: DecodeError::Invalid(_),
            ..
        })
    ));
    store.reset().unwrap();
    assert_eq!(store.load(), Ok(None));
}

#[wasm_bindgen_test]
fn too_large_for_the_quota_keeps_the_previous_state() {
    let store = fresh_store();
    let small = imported(3, "K-");
    store.save(&small).unwrap();
    // About 12 million characters: above every browser's localStorage quota.
    let huge = imported(400_000, "a-rather-long-customer-identifier-");
    match store.save(&huge) {
        Err(SaveError::TooLarge { bytes }) => assert!(bytes > 10_000_000, "{bytes}"),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(store.load().unwrap(), Some(small));
    // The raw backend reports the quota as such.
    assert_eq!(
        BrowserStorage.write("kundenwert.test", &"x".repeat(12_000_000)),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(BrowserStorage.read("kundenwert.test"), Ok(None));
}

#[wasm_bindgen_test]
fn demo_data_is_the_same_as_natively() {
    // The same figures as the native test `clv::data::demo::tests::demo_fingerprint`.
    assert_eq!(
        fingerprint(&demo_log()),
        (7_440, 7_183, 257, 35_682_896, 1_062_506)
    );
}
