//! The library in headless Chromium (`wasm-bindgen-test`; run by `.ci/test`):
//! the storage layer against the real IndexedDB and localStorage, and the core's results
//! being the same as natively.
#![cfg(target_arch = "wasm32")]

use kundenwert::clv::data::demo::{demo_log, fingerprint};
use kundenwert::clv::data::transactions::TransactionLogBuilder;
use kundenwert::storage::db::{Expect, WorkspaceDb, Write, WriteOutcome};
use kundenwert::storage::indexed_db::IndexedDb;
use kundenwert::storage::library::{Clock, SaveError, SaveOutcome, WorkspaceLibrary};
use kundenwert::storage::{BrowserStorage, MemoryStorage, StorageBackend, LEGACY_WORKSPACE_KEY};
use kundenwert::workspace::record::WorkspaceRecord;
use kundenwert::workspace::{DataOrigin, DecodeError, Workspace, WorkspaceData};
use std::cell::Cell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Default)]
struct TestClock(Cell<u32>);

impl Clock for TestClock {
    fn now_ms(&self) -> f64 {
        self.0.set(self.0.get() + 1);
        f64::from(self.0.get())
    }
    fn new_id(&self) -> String {
        self.0.set(self.0.get() + 1);
        format!("id-{}", self.0.get())
    }
}

/// A fresh database of its own for one test.
async fn fresh_db(name: &str) -> IndexedDb {
    IndexedDb::delete_named(name).await.unwrap();
    IndexedDb::open_named(name).await.unwrap()
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
async fn a_workspace_saved_in_indexed_db_reads_back_whole() {
    let lib = WorkspaceLibrary::new(fresh_db("kw-test-save").await, MemoryStorage::default());
    let clock = TestClock::default();
    let opened = lib.open(&clock, "Demo").await.unwrap();
    assert_eq!(opened.workspace, Workspace::demo());
    let ws = imported(2_000, "K-");
    let mut open = lib.create(&clock, "Shop", &ws, &opened.list).await.unwrap();
    let (_, back) = lib.read(open.id()).await.unwrap().unwrap().unwrap();
    assert_eq!(back, ws);
    // A settings change writes the head; the data bytes stay.
    let mut changed = ws.clone();
    changed.settings.currency = "CHF".into();
    let outcome = lib
        .save(&mut open, &changed.data, &changed.settings, false, 99.0)
        .await
        .unwrap();
    let SaveOutcome::Written(meta) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(meta.revision, 1);
    assert!(meta.data_bytes > 2_000 * 8, "{meta:?}");
    // A second connection (another tab) reads the same.
    let other = WorkspaceLibrary::new(
        IndexedDb::open_named("kw-test-save").await.unwrap(),
        MemoryStorage::default(),
    );
    let (_, seen) = other.read(open.id()).await.unwrap().unwrap().unwrap();
    assert_eq!(seen, changed);
    assert_eq!(other.list().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn a_workspace_in_local_storage_of_today_s_format_moves_into_indexed_db() {
    // Today's stored value: version 2 JSON under kundenwert.workspace.
    let earlier = imported(300, "L-");
    let text = earlier.encode();
    assert!(text.starts_with(r#"{"version":2,"#));
    BrowserStorage.write(LEGACY_WORKSPACE_KEY, &text).unwrap();
    let lib = WorkspaceLibrary::new(fresh_db("kw-test-migrate").await, BrowserStorage);
    let opened = lib.open(&TestClock::default(), "Demo").await.unwrap();
    assert!(opened.migrated);
    assert_eq!(opened.workspace, earlier);
    assert_eq!(opened.list.len(), 1);
    assert_eq!(BrowserStorage.read(LEGACY_WORKSPACE_KEY).unwrap(), None);
    // Next visit: read from IndexedDB, nothing migrated again.
    let again = WorkspaceLibrary::new(
        IndexedDb::open_named("kw-test-migrate").await.unwrap(),
        BrowserStorage,
    );
    let reopened = again.open(&TestClock::default(), "Demo").await.unwrap();
    assert!(!reopened.migrated);
    assert_eq!(reopened.workspace, earlier);
}

#[wasm_bindgen_test]
async fn an_unreadable_local_storage_value_is_reported_and_kept() {
    BrowserStorage
        .write(LEGACY_WORKSPACE_KEY, "edited by hand {")
        .unwrap();
    let lib = WorkspaceLibrary::new(fresh_db("kw-test-legacy-bad").await, BrowserStorage);
    let opened = lib.open(&TestClock::default(), "Demo").await.unwrap();
    let problem = opened.legacy_problem.expect("reported");
    assert!(matches!(problem.error, DecodeError::NotJson(_)));
    assert_eq!(problem.text, "edited by hand {");
    assert_eq!(
        BrowserStorage
            .read(LEGACY_WORKSPACE_KEY)
            .unwrap()
            .as_deref(),
        Some("edited by hand {")
    );
    lib.discard_legacy().unwrap();
    assert_eq!(BrowserStorage.read(LEGACY_WORKSPACE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_reported_and_the_others_stay_readable() {
    let db = fresh_db("kw-test-corrupt").await;
    let lib = WorkspaceLibrary::new(db, MemoryStorage::default());
    let clock = TestClock::default();
    let opened = lib.open(&clock, "Demo").await.unwrap();
    let shop = lib
        .create(&clock, "Shop", &imported(10, "C-"), &opened.list)
        .await
        .unwrap();
    // Damage the shop's head as a disk or an old bug might have.
    let outcome = lib
        .db()
        .write(Write {
            meta: &shop.meta.renamed("Shop".into(), 5.0),
            head: Some("{\"version\":3,\"origin\":"),
            data: None,
            expect: Expect::Revision(shop.meta.revision),
        })
        .await
        .unwrap();
    assert_eq!(outcome, WriteOutcome::Written);
    lib.remember_current(shop.id());
    let reopened = lib.open(&clock, "Demo").await.unwrap();
    assert_eq!(reopened.open.id(), opened.open.id());
    assert_eq!(reopened.unreadable.len(), 1);
    assert_eq!(reopened.unreadable[0].meta.name, "Shop");
    assert_eq!(reopened.workspace, Workspace::demo());
    assert_eq!(reopened.list.len(), 2);
}

#[wasm_bindgen_test]
async fn a_write_over_an_older_revision_is_refused_and_changes_nothing() {
    let db = fresh_db("kw-test-conflict").await;
    let lib = WorkspaceLibrary::new(db, MemoryStorage::default());
    let opened = lib.open(&TestClock::default(), "Demo").await.unwrap();
    let (mut tab_a, mut tab_b) = (opened.open.clone(), opened.open);
    let mut a = Workspace::demo();
    a.settings.currency = "CHF".into();
    let saved = lib.save(&mut tab_a, &a.data, &a.settings, false, 1.0).await;
    assert!(matches!(saved, Ok(SaveOutcome::Written(_))));
    let mut b = Workspace::demo();
    b.settings.currency = "$".into();
    let refused = lib.save(&mut tab_b, &b.data, &b.settings, false, 2.0).await;
    assert_eq!(
        refused,
        Ok(SaveOutcome::Conflict {
            stored: Some(tab_a.meta.clone())
        })
    );
    let (_, stored) = lib.read(tab_a.id()).await.unwrap().unwrap().unwrap();
    assert_eq!(stored.settings.currency, "CHF");
    // A new entry over a taken id is refused too.
    let taken = lib
        .db()
        .write(Write {
            meta: &tab_a.meta,
            head: Some("{}"),
            data: Some(&[0]),
            expect: Expect::New,
        })
        .await
        .unwrap();
    assert!(matches!(taken, WriteOutcome::Conflict { stored: Some(_) }));
}

/// An IndexedDB factory of a storage bucket with a real quota of `quota` bytes.
async fn factory_with_quota(bucket: &str, quota: f64) -> idb::Factory {
    use wasm_bindgen::{JsCast, JsValue};
    let navigator = web_sys::window().unwrap().navigator();
    let buckets = js_sys::Reflect::get(&navigator, &"storageBuckets".into()).unwrap();
    let open: js_sys::Function = js_sys::Reflect::get(&buckets, &"open".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"quota".into(), &JsValue::from_f64(quota)).unwrap();
    let promise: js_sys::Promise = open
        .call2(&buckets, &bucket.into(), &options)
        .unwrap()
        .dyn_into()
        .unwrap();
    let bucket = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    let factory: web_sys::IdbFactory = js_sys::Reflect::get(&bucket, &"indexedDB".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    idb::Factory::from(factory)
}

/// A log of `n` customers whose ids and amounts do not compress away.
fn incompressible(n: usize) -> Workspace {
    let mut b = TransactionLogBuilder::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b.push(
            &format!("{x:016x}{i}"),
            "2024-06-30".parse().unwrap(),
            (x % 100_000) as f64 / 100.0,
        );
    }
    let mut ws = Workspace::demo();
    ws.replace_data(WorkspaceData::imported(
        DataOrigin::Imported {
            file_name: "big.csv".into(),
            rows_read: n,
            rejected_rows: 0,
        },
        b.finish(),
    ));
    ws
}

#[wasm_bindgen_test]
async fn quota_exceeded_keeps_the_previous_state_readable() {
    // A storage bucket of 1 MB: IndexedDB refuses more for real (QuotaExceededError).
    let factory = factory_with_quota("kw-test-quota", 1_000_000.0).await;
    let db = IndexedDb::open_in(factory, "kw-test-quota").await.unwrap();
    let lib = WorkspaceLibrary::new(db, MemoryStorage::default());
    let clock = TestClock::default();
    let small = imported(20, "Q-");
    let mut open = lib.create(&clock, "Shop", &small, &[]).await.unwrap();
    let big = incompressible(60_000);
    let refused = lib
        .save(&mut open, &big.data, &big.settings, true, 5.0)
        .await;
    assert!(
        matches!(refused, Err(SaveError::TooLarge { bytes }) if bytes > 1_000_000),
        "{refused:?}"
    );
    let (stored_open, stored) = lib.read(open.id()).await.unwrap().unwrap().unwrap();
    assert_eq!(stored, small);
    assert_eq!(stored_open.meta.revision, open.meta.revision);
    // A later change that fits is written over the same revision.
    let mut smaller = small.clone();
    smaller.settings.currency = "CHF".into();
    let written = lib
        .save(&mut open, &smaller.data, &smaller.settings, false, 6.0)
        .await;
    assert!(
        matches!(written, Ok(SaveOutcome::Written(_))),
        "{written:?}"
    );
}

#[wasm_bindgen_test]
async fn a_deleted_workspace_is_gone_whole_and_its_undo_restores_it() {
    let lib = WorkspaceLibrary::new(fresh_db("kw-test-delete").await, MemoryStorage::default());
    let clock = TestClock::default();
    let opened = lib.open(&clock, "Demo").await.unwrap();
    let ws = imported(50, "D-");
    let shop = lib.create(&clock, "Shop", &ws, &opened.list).await.unwrap();
    let gone = lib.delete(shop.id()).await.unwrap().unwrap();
    assert_eq!(lib.read(shop.id()).await.unwrap(), None);
    assert_eq!(lib.db().read(shop.id()).await.unwrap(), None);
    lib.restore(&gone).await.unwrap();
    let (back_open, back) = lib.read(shop.id()).await.unwrap().unwrap().unwrap();
    assert_eq!(back, ws);
    assert_eq!(back_open.meta, shop.meta);
}

#[wasm_bindgen_test]
async fn the_stored_record_is_the_compact_column_form() {
    let lib = WorkspaceLibrary::new(fresh_db("kw-test-record").await, MemoryStorage::default());
    let clock = TestClock::default();
    let ws = imported(1_000, "R-");
    let open = lib.create(&clock, "Shop", &ws, &[]).await.unwrap();
    let stored = lib.db().read(open.id()).await.unwrap().unwrap();
    assert_eq!(stored.record, WorkspaceRecord::of(&ws.data, &ws.settings));
    assert_eq!(stored.record.data[0], 1, "tagged as transactions");
    // Ids are in the data bytes, not in the JSON head.
    assert!(!stored.record.head.contains("R-0000001"));
}

#[wasm_bindgen_test]
fn demo_data_is_the_same_as_natively() {
    // The same figures as the native test `clv::data::demo::tests::demo_fingerprint`.
    assert_eq!(
        fingerprint(&demo_log()),
        (7_440, 7_183, 257, 35_682_896, 1_062_506)
    );
}
