//! The workspaces of this browser: opening the one used last (migrating a
//! workspace saved by an earlier build in localStorage), saving, creating,
//! renaming, duplicating, deleting with undo and switching.
//!
//! Generic over where workspaces are kept ([`WorkspaceDb`]: IndexedDB in the
//! page, [`super::db::MemoryDb`] in tests) and where small preferences are
//! kept ([`StorageBackend`]: localStorage, [`super::MemoryStorage`]). Every
//! write names the revision it was made from ([`Expect`]): a tab never
//! overwrites a newer save of another tab; it gets
//! [`SaveOutcome::Conflict`] and the user decides.
//!
//! A page left while a save waits or is being written may be gone before
//! IndexedDB commits (a reload served by the service worker unloads the page
//! within milliseconds). So the page also keeps that save in the preferences,
//! which are written synchronously ([`WorkspaceLibrary::keep_unsaved`]); the
//! next [`WorkspaceLibrary::open`] of that workspace writes it if it is newer
//! than what is stored, and drops it otherwise.

use super::catalog::{sort_recent_first, unique_name, WorkspaceMeta};
use super::db::{Expect, Listing, StoredWorkspace, WorkspaceDb, Write, WriteOutcome};
use super::{StorageBackend, StorageError, LAST_WORKSPACE_KEY, LEGACY_WORKSPACE_KEY};
use crate::workspace::record::{data_bytes, head_json, WorkspaceRecord};
use crate::workspace::{DataOrigin, DecodeError, Settings, Workspace, WorkspaceData};
use base64::Engine as _;

/// Why a write did not happen. What was stored before is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaveError {
    #[error("the workspace ({bytes} bytes) does not fit into the browser's storage")]
    TooLarge { bytes: usize },
    #[error(transparent)]
    Storage(StorageError),
}

fn save_error(e: StorageError, bytes: usize) -> SaveError {
    match e {
        StorageError::QuotaExceeded => SaveError::TooLarge { bytes },
        e => SaveError::Storage(e),
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    /// Written; the workspace's entry now.
    Written(WorkspaceMeta),
    /// Nothing changed since the last write: nothing was written.
    Unchanged,
    /// Another tab saved (or deleted) this workspace first: nothing was
    /// written; the stored entry as it is now.
    Conflict { stored: Option<WorkspaceMeta> },
}

/// The workspace open in a tab: its entry as last written or read.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenWorkspace {
    pub meta: WorkspaceMeta,
    /// A hash of the head written (or read) last, to skip writing it again.
    head_hash: u64,
}

/// A save made ready from the workspace as it is now ([`OpenWorkspace::prepare_save`]),
/// to be written by [`WorkspaceLibrary::write_save`].
#[derive(Debug, Clone, PartialEq)]
pub struct PendingSave {
    meta: WorkspaceMeta,
    head: String,
    data: Option<Vec<u8>>,
    expect: u64,
}

impl PendingSave {
    /// The size the write needs.
    pub fn bytes(&self) -> usize {
        self.meta.bytes()
    }
}

/// The preferences key of a save the page was left with ([`WorkspaceLibrary::keep_unsaved`]).
pub const UNSAVED_KEY: &str = "kundenwert.unsaved";

/// A save with more data bytes than this is not kept in the preferences
/// (localStorage holds about 5 MB in all).
pub const UNSAVED_MAX_DATA: usize = 1 << 20;

/// A save kept in the preferences: the head and, where the data changed, its
/// bytes as base64.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Unsaved {
    version: u32,
    id: String,
    updated_ms: f64,
    head: String,
    data: Option<String>,
}

impl OpenWorkspace {
    fn stored(meta: WorkspaceMeta, head: &str) -> OpenWorkspace {
        OpenWorkspace {
            meta,
            head_hash: text_hash(head),
        }
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// What a save of the workspace as it is now writes: the head (it is
    /// small), and the data bytes where `data_changed` since the last write;
    /// `None` where nothing changed.
    pub fn prepare_save(
        &self,
        data: &WorkspaceData,
        settings: &Settings,
        data_changed: bool,
        now_ms: f64,
    ) -> Option<PendingSave> {
        let head = head_json(data, settings);
        if !data_changed && self.head_hash == text_hash(&head) {
            return None;
        }
        let bytes = data_changed.then(|| data_bytes(data));
        Some(PendingSave {
            meta: self
                .meta
                .written(data, head.len(), bytes.as_ref().map(Vec::len), now_ms),
            head,
            data: bytes,
            expect: self.meta.revision,
        })
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A stored workspace that could not be read: reported, and left alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub meta: WorkspaceMeta,
    pub error: DecodeError,
}

/// A workspace an earlier build saved in localStorage that cannot be read:
/// kept there (for download) until the user discards it.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyProblem {
    pub error: DecodeError,
    pub text: String,
}

/// What opening the library found.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// Every workspace, the most recently saved first.
    pub list: Vec<WorkspaceMeta>,
    pub open: OpenWorkspace,
    pub workspace: Workspace,
    /// The workspace came from localStorage (an earlier build) just now.
    pub migrated: bool,
    /// Workspaces that could not be read (the others open as usual).
    pub unreadable: Vec<Unreadable>,
    pub legacy_problem: Option<LegacyProblem>,
}

/// New ids and the clock, from the page (deterministic in tests).
pub trait Clock {
    fn now_ms(&self) -> f64;
    fn new_id(&self) -> String;
}

/// The workspaces in a [`WorkspaceDb`] and the preferences next to them.
#[derive(Debug)]
pub struct WorkspaceLibrary<D, P> {
    db: D,
    prefs: P,
}

/// The name a workspace of this data gets by default.
pub fn default_name(data: &WorkspaceData, demo_name: &str) -> String {
    match &data.origin {
        DataOrigin::Demo | DataOrigin::Empty => demo_name.to_owned(),
        DataOrigin::Imported { file_name, .. } => file_name.clone(),
    }
}

impl<D: WorkspaceDb, P: StorageBackend> WorkspaceLibrary<D, P> {
    pub fn new(db: D, prefs: P) -> Self {
        WorkspaceLibrary { db, prefs }
    }

    pub fn db(&self) -> &D {
        &self.db
    }

    pub fn prefs(&self) -> &P {
        &self.prefs
    }

    /// Every workspace, the most recently saved first.
    pub async fn list(&self) -> Result<Vec<WorkspaceMeta>, StorageError> {
        let Listing { mut entries, .. } = self.db.list().await?;
        sort_recent_first(&mut entries);
        Ok(entries)
    }

    /// Opens the workspace used last (else the most recent readable one);
    /// with none stored, moves an earlier build's localStorage workspace in,
    /// else creates the demo workspace named `demo_name`.
    pub async fn open(&self, clock: &impl Clock, demo_name: &str) -> Result<Opened, SaveError> {
        let mut list = self.list().await.map_err(SaveError::Storage)?;
        let mut migrated = false;
        let mut legacy_problem = None;
        if list.is_empty() {
            let legacy = self
                .prefs
                .read(LEGACY_WORKSPACE_KEY)
                .map_err(SaveError::Storage)?;
            let first = match legacy.map(|text| (Workspace::decode(&text), text)) {
                Some((Ok(ws), _)) => {
                    migrated = true;
                    ws
                }
                Some((Err(error), text)) => {
                    legacy_problem = Some(LegacyProblem { error, text });
                    Workspace::demo()
                }
                None => Workspace::demo(),
            };
            let name = default_name(&first.data, demo_name);
            self.create(clock, &name, &first, &[]).await?;
            if migrated {
                // Only once the copy is committed: an interrupted move loses nothing.
                let _ = self.prefs.remove(LEGACY_WORKSPACE_KEY);
            }
            list = self.list().await.map_err(SaveError::Storage)?;
        }
        let last = self.prefs.read(LAST_WORKSPACE_KEY).ok().flatten();
        let mut order: Vec<&WorkspaceMeta> = list.iter().collect();
        if let Some(i) = order.iter().position(|m| Some(&m.id) == last.as_ref()) {
            let chosen = order.remove(i);
            order.insert(0, chosen);
        }
        let mut unreadable = Vec::new();
        for meta in order {
            match self.read(&meta.id).await.map_err(SaveError::Storage)? {
                Some(Ok((mut open, mut workspace))) => {
                    self.recover_unsaved(&mut open, &mut workspace, clock).await;
                    self.remember_current(open.id());
                    return Ok(Opened {
                        list,
                        open,
                        workspace,
                        migrated,
                        unreadable,
                        legacy_problem,
                    });
                }
                Some(Err(error)) => unreadable.push(Unreadable {
                    meta: meta.clone(),
                    error,
                }),
                None => {}
            }
        }
        // Nothing readable: a new demo workspace, the others left as they are.
        let demo = Workspace::demo();
        let open = self.create(clock, demo_name, &demo, &list).await?;
        self.remember_current(open.id());
        Ok(Opened {
            list: self.list().await.map_err(SaveError::Storage)?,
            open,
            workspace: demo,
            migrated,
            unreadable,
            legacy_problem,
        })
    }

    /// One workspace read and decoded; `None` if it is gone.
    pub async fn read(
        &self,
        id: &str,
    ) -> Result<Option<Result<(OpenWorkspace, Workspace), DecodeError>>, StorageError> {
        Ok(self.db.read(id).await?.map(|stored| {
            let workspace = stored.record.decode()?;
            Ok((
                OpenWorkspace::stored(stored.meta, &stored.record.head),
                workspace,
            ))
        }))
    }

    /// Writes a new workspace named `name` (or `name (2)`, ... where taken in `taken`).
    pub async fn create(
        &self,
        clock: &impl Clock,
        name: &str,
        workspace: &Workspace,
        taken: &[WorkspaceMeta],
    ) -> Result<OpenWorkspace, SaveError> {
        let record = WorkspaceRecord::of(&workspace.data, &workspace.settings);
        let meta = WorkspaceMeta::new(
            clock.new_id(),
            unique_name(name, taken),
            workspace,
            clock.now_ms(),
        );
        let meta = WorkspaceMeta {
            revision: 0,
            ..meta.written(
                &workspace.data,
                record.head.len(),
                Some(record.data.len()),
                clock.now_ms(),
            )
        };
        self.insert(&meta, &record).await?;
        Ok(OpenWorkspace::stored(meta, &record.head))
    }

    async fn insert(
        &self,
        meta: &WorkspaceMeta,
        record: &WorkspaceRecord,
    ) -> Result<(), SaveError> {
        let outcome = self
            .db
            .write(Write {
                meta,
                head: Some(&record.head),
                data: Some(&record.data),
                expect: Expect::New,
            })
            .await
            .map_err(|e| save_error(e, record.bytes()))?;
        match outcome {
            WriteOutcome::Written => Ok(()),
            WriteOutcome::Conflict { .. } => Err(SaveError::Storage(StorageError::Unavailable(
                format!("the workspace id {} is taken", meta.id),
            ))),
        }
    }

    /// Writes a save made ready by [`OpenWorkspace::prepare_save`], over the
    /// revision `open` was at; on success `open` is the written entry.
    pub async fn write_save(
        &self,
        open: &mut OpenWorkspace,
        save: PendingSave,
    ) -> Result<SaveOutcome, SaveError> {
        if save.expect != open.meta.revision || save.meta.id != open.meta.id {
            return Ok(SaveOutcome::Conflict {
                stored: Some(open.meta.clone()),
            });
        }
        let outcome = self
            .db
            .write(Write {
                meta: &save.meta,
                head: Some(&save.head),
                data: save.data.as_deref(),
                expect: Expect::Revision(save.expect),
            })
            .await
            .map_err(|e| save_error(e, save.bytes()))?;
        Ok(match outcome {
            WriteOutcome::Written => {
                *open = OpenWorkspace::stored(save.meta.clone(), &save.head);
                SaveOutcome::Written(save.meta)
            }
            WriteOutcome::Conflict { stored } => SaveOutcome::Conflict { stored },
        })
    }

    /// [`OpenWorkspace::prepare_save`] and [`Self::write_save`] in one.
    pub async fn save(
        &self,
        open: &mut OpenWorkspace,
        data: &WorkspaceData,
        settings: &Settings,
        data_changed: bool,
        now_ms: f64,
    ) -> Result<SaveOutcome, SaveError> {
        match open.prepare_save(data, settings, data_changed, now_ms) {
            Some(save) => self.write_save(open, save).await,
            None => Ok(SaveOutcome::Unchanged),
        }
    }

    /// Renames a workspace (the name made unique among `taken`).
    pub async fn rename(
        &self,
        meta: &WorkspaceMeta,
        name: &str,
        taken: &[WorkspaceMeta],
        now_ms: f64,
    ) -> Result<SaveOutcome, SaveError> {
        let others: Vec<WorkspaceMeta> =
            taken.iter().filter(|m| m.id != meta.id).cloned().collect();
        let renamed = meta.renamed(unique_name(name, &others), now_ms);
        let outcome = self
            .db
            .write(Write {
                meta: &renamed,
                head: None,
                data: None,
                expect: Expect::Revision(meta.revision),
            })
            .await
            .map_err(SaveError::Storage)?;
        Ok(match outcome {
            WriteOutcome::Written => SaveOutcome::Written(renamed),
            WriteOutcome::Conflict { stored } => SaveOutcome::Conflict { stored },
        })
    }

    /// A copy of a stored workspace under a new id, named `name` (made unique).
    pub async fn duplicate(
        &self,
        clock: &impl Clock,
        id: &str,
        name: &str,
        taken: &[WorkspaceMeta],
    ) -> Result<Option<WorkspaceMeta>, SaveError> {
        let Some(stored) = self.db.read(id).await.map_err(SaveError::Storage)? else {
            return Ok(None);
        };
        let now = clock.now_ms();
        let copy = WorkspaceMeta {
            id: clock.new_id(),
            name: unique_name(name, taken),
            created_ms: now,
            updated_ms: now,
            revision: 0,
            ..stored.meta
        };
        self.insert(&copy, &stored.record).await?;
        Ok(Some(copy))
    }

    /// Removes a workspace; returns it whole so that [`Self::restore`] can undo.
    pub async fn delete(&self, id: &str) -> Result<Option<StoredWorkspace>, StorageError> {
        let stored = self.db.read(id).await?;
        self.db.delete(id).await?;
        Ok(stored)
    }

    /// Puts a deleted workspace back as it was.
    pub async fn restore(&self, stored: &StoredWorkspace) -> Result<(), SaveError> {
        self.insert(&stored.meta, &stored.record).await
    }

    /// Keeps `save` in the preferences, for a page being left before it is
    /// written; `false` where it is too large or the preferences refuse it.
    pub fn keep_unsaved(&self, save: &PendingSave) -> bool {
        if save
            .data
            .as_ref()
            .is_some_and(|d| d.len() > UNSAVED_MAX_DATA)
        {
            return false;
        }
        let unsaved = Unsaved {
            version: 1,
            id: save.meta.id.clone(),
            updated_ms: save.meta.updated_ms,
            head: save.head.clone(),
            data: save
                .data
                .as_ref()
                .map(|d| base64::engine::general_purpose::STANDARD.encode(d)),
        };
        let text = serde_json::to_string(&unsaved).expect("a kept save always serialises");
        self.prefs.write(UNSAVED_KEY, &text).is_ok()
    }

    /// Drops the kept save of workspace `id`, once a later save is written.
    pub fn forget_unsaved(&self, id: &str) {
        if self.unsaved().is_some_and(|u| u.id == id) {
            let _ = self.prefs.remove(UNSAVED_KEY);
        }
    }

    fn unsaved(&self) -> Option<Unsaved> {
        let text = self.prefs.read(UNSAVED_KEY).ok().flatten()?;
        serde_json::from_str(&text)
            .ok()
            .filter(|u: &Unsaved| u.version == 1)
    }

    /// Writes the kept save of the workspace just read, where it is newer than
    /// the stored one (else it is dropped: its write landed, or another tab
    /// saved later). A kept save of another workspace waits for that one.
    async fn recover_unsaved(
        &self,
        open: &mut OpenWorkspace,
        workspace: &mut Workspace,
        clock: &impl Clock,
    ) {
        let Some(unsaved) = self.unsaved() else {
            if self.prefs.read(UNSAVED_KEY).ok().flatten().is_some() {
                let _ = self.prefs.remove(UNSAVED_KEY);
            }
            return;
        };
        if unsaved.id != open.meta.id {
            return;
        }
        let newer = unsaved.updated_ms > open.meta.updated_ms;
        let data = match &unsaved.data {
            Some(text) => base64::engine::general_purpose::STANDARD.decode(text).ok(),
            None => Some(data_bytes(&workspace.data)),
        };
        let record = data.map(|data| WorkspaceRecord {
            head: unsaved.head,
            data,
        });
        if let (true, Some(Ok(kept))) = (newer, record.map(|r| r.decode())) {
            let data_changed = unsaved.data.is_some();
            let written = self
                .save(
                    open,
                    &kept.data,
                    &kept.settings,
                    data_changed,
                    clock.now_ms(),
                )
                .await;
            if matches!(written, Ok(SaveOutcome::Written(_))) {
                *workspace = kept;
            }
        }
        let _ = self.prefs.remove(UNSAVED_KEY);
    }

    /// Remembers which workspace opens next time.
    pub fn remember_current(&self, id: &str) {
        let _ = self.prefs.write(LAST_WORKSPACE_KEY, id);
    }

    /// Forgets an earlier build's unreadable workspace in localStorage.
    pub fn discard_legacy(&self) -> Result<(), StorageError> {
        self.prefs.remove(LEGACY_WORKSPACE_KEY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{MemoryDb, MemoryStorage};
    use crate::workspace::tests::imported;
    use std::cell::Cell;

    /// Runs a future that never waits (the memory backends answer at once).
    fn now<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the memory backends never wait"),
        }
    }

    #[derive(Default)]
    struct TestClock(Cell<u32>);

    impl Clock for TestClock {
        fn now_ms(&self) -> f64 {
            self.0.set(self.0.get() + 1);
            f64::from(self.0.get()) * 1000.0
        }
        fn new_id(&self) -> String {
            self.0.set(self.0.get() + 1);
            format!("id-{}", self.0.get())
        }
    }

    fn library() -> WorkspaceLibrary<MemoryDb, MemoryStorage> {
        WorkspaceLibrary::new(MemoryDb::default(), MemoryStorage::default())
    }

    #[test]
    fn a_first_visit_creates_and_remembers_the_demo_workspace() {
        let lib = library();
        let opened = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        assert_eq!(opened.workspace, Workspace::demo());
        assert_eq!(opened.list.len(), 1);
        assert_eq!(opened.list[0].name, "Demo");
        assert!(!opened.migrated);
        assert_eq!(
            lib.prefs().read(LAST_WORKSPACE_KEY).unwrap().as_deref(),
            Some(opened.open.id())
        );
        // Opening again finds it rather than making another.
        let again = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        assert_eq!(again.list.len(), 1);
        assert_eq!(again.open, opened.open);
    }

    #[test]
    fn a_workspace_saved_in_local_storage_by_an_earlier_build_moves_in_whole() {
        let lib = library();
        let earlier = imported();
        // The version-2 text builds before IndexedDB wrote.
        let text = earlier.encode();
        assert!(text.starts_with(r#"{"version":2,"#));
        lib.prefs().write(LEGACY_WORKSPACE_KEY, &text).unwrap();
        let opened = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        assert!(opened.migrated);
        assert_eq!(opened.workspace, earlier);
        assert_eq!(opened.list[0].name, "orders.csv");
        assert_eq!(opened.list[0].customers, 2);
        assert_eq!(lib.prefs().read(LEGACY_WORKSPACE_KEY).unwrap(), None);
        let again = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        assert!(!again.migrated);
        assert_eq!(again.workspace, earlier);
    }

    #[test]
    fn an_unreadable_earlier_workspace_is_kept_and_reported() {
        let lib = library();
        lib.prefs()
            .write(LEGACY_WORKSPACE_KEY, "{\"version\":2, oops")
            .unwrap();
        let opened = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        let problem = opened.legacy_problem.unwrap();
        assert!(matches!(problem.error, DecodeError::NotJson(_)));
        assert_eq!(problem.text, "{\"version\":2, oops");
        assert_eq!(opened.workspace, Workspace::demo());
        assert_eq!(
            lib.prefs().read(LEGACY_WORKSPACE_KEY).unwrap().as_deref(),
            Some("{\"version\":2, oops")
        );
        lib.discard_legacy().unwrap();
        assert_eq!(lib.prefs().read(LEGACY_WORKSPACE_KEY).unwrap(), None);
    }

    /// A tab's save prepared as the page is left, never written (the page went first).
    fn left_unwritten(
        lib: &WorkspaceLibrary<MemoryDb, MemoryStorage>,
        opened: &Opened,
        data: &WorkspaceData,
        data_changed: bool,
        now_ms: f64,
    ) -> Workspace {
        let mut settings = opened.workspace.settings.clone();
        settings.time_unit = crate::clv::data::summary::TimeUnit::Day;
        let save = opened
            .open
            .prepare_save(data, &settings, data_changed, now_ms)
            .unwrap();
        assert!(lib.keep_unsaved(&save));
        Workspace {
            data: data.clone(),
            settings,
        }
    }

    #[test]
    fn a_change_the_page_was_left_with_is_written_when_the_workspace_opens_next() {
        let lib = library();
        let clock = TestClock::default();
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        let expected = left_unwritten(&lib, &opened, &opened.workspace.data, false, 1e12);
        let again = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(again.workspace, expected);
        assert_eq!(again.open.meta.revision, opened.open.meta.revision + 1);
        assert_eq!(lib.prefs().read(UNSAVED_KEY).unwrap(), None);
        // Stored for good: a third opening reads it from the database.
        assert_eq!(now(lib.open(&clock, "Demo")).unwrap().workspace, expected);
    }

    #[test]
    fn a_kept_change_with_new_data_brings_the_data_back_too() {
        let lib = library();
        let clock = TestClock::default();
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        let expected = left_unwritten(&lib, &opened, &imported().data, true, 1e12);
        let again = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(again.workspace, expected);
        assert_eq!(again.list.len(), 1);
    }

    #[test]
    fn a_kept_change_older_than_the_stored_workspace_is_dropped() {
        let lib = library();
        let clock = TestClock::default();
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        // Kept at an earlier time than the stored entry (its write landed, or another tab saved later).
        left_unwritten(&lib, &opened, &opened.workspace.data, false, 0.0);
        let again = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(again.workspace, opened.workspace);
        assert_eq!(again.open, opened.open);
        assert_eq!(lib.prefs().read(UNSAVED_KEY).unwrap(), None);
    }

    #[test]
    fn a_kept_change_of_another_workspace_waits_and_a_written_save_forgets_it() {
        let lib = library();
        let clock = TestClock::default();
        let demo = now(lib.open(&clock, "Demo")).unwrap();
        left_unwritten(&lib, &demo, &demo.workspace.data, false, 1e12);
        let shop = now(lib.create(&clock, "Shop", &imported(), &demo.list)).unwrap();
        lib.remember_current(shop.id());
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(opened.open.id(), shop.id());
        assert!(lib.prefs().read(UNSAVED_KEY).unwrap().is_some());
        lib.forget_unsaved(shop.id());
        assert!(lib.prefs().read(UNSAVED_KEY).unwrap().is_some());
        lib.forget_unsaved(demo.open.id());
        assert_eq!(lib.prefs().read(UNSAVED_KEY).unwrap(), None);
    }

    #[test]
    fn a_save_with_too_much_data_for_the_preferences_is_not_kept() {
        let lib = library();
        let opened = now(lib.open(&TestClock::default(), "Demo")).unwrap();
        let mut save = opened
            .open
            .prepare_save(&imported().data, &opened.workspace.settings, true, 1e12)
            .unwrap();
        save.data = Some(vec![0; UNSAVED_MAX_DATA + 1]);
        assert!(!lib.keep_unsaved(&save));
        assert_eq!(lib.prefs().read(UNSAVED_KEY).unwrap(), None);
    }

    #[test]
    fn the_workspace_used_last_opens_next_time() {
        let lib = library();
        let clock = TestClock::default();
        let demo = now(lib.open(&clock, "Demo")).unwrap();
        let shop = now(lib.create(&clock, "Shop", &imported(), &demo.list)).unwrap();
        lib.remember_current(demo.open.id());
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(opened.open.id(), demo.open.id());
        lib.remember_current(shop.id());
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(opened.workspace, imported());
        // A remembered id that is gone: the most recently saved one.
        lib.remember_current("deleted-long-ago");
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(opened.open.id(), shop.id());
    }

    #[test]
    fn a_corrupt_workspace_is_reported_and_the_others_stay_readable() {
        let lib = library();
        let clock = TestClock::default();
        let demo = now(lib.open(&clock, "Demo")).unwrap();
        let shop = now(lib.create(&clock, "Shop", &imported(), &demo.list)).unwrap();
        lib.remember_current(shop.id());
        lib.db()
            .corrupt_head(shop.id(), "{\"version\":3,\"origin\":");
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        assert_eq!(opened.open.id(), demo.open.id());
        assert_eq!(opened.unreadable.len(), 1);
        assert_eq!(opened.unreadable[0].meta.name, "Shop");
        assert!(matches!(
            opened.unreadable[0].error,
            DecodeError::NotJson(_)
        ));
        assert_eq!(opened.list.len(), 2, "the broken one is still listed");
    }

    #[test]
    fn a_save_writes_the_data_bytes_only_when_the_data_changed() {
        let lib = library();
        let clock = TestClock::default();
        let mut open = now(lib.open(&clock, "Demo")).unwrap().open;
        let mut ws = Workspace::demo();
        assert_eq!(
            now(lib.save(&mut open, &ws.data, &ws.settings, false, 5.0)),
            Ok(SaveOutcome::Unchanged)
        );
        ws.settings.currency = "CHF".into();
        let Ok(SaveOutcome::Written(meta)) =
            now(lib.save(&mut open, &ws.data, &ws.settings, false, 6.0))
        else {
            panic!("a changed setting is written")
        };
        assert_eq!((meta.revision, meta.data_bytes), (1, 1));
        // New data: its bytes are written with the head.
        ws = imported();
        let Ok(SaveOutcome::Written(meta)) =
            now(lib.save(&mut open, &ws.data, &ws.settings, true, 7.0))
        else {
            panic!("new data is written")
        };
        assert!(meta.data_bytes > 20, "{meta:?}");
        assert_eq!(meta.customers, 2);
        let (_, back) = now(lib.read(open.id())).unwrap().unwrap().unwrap();
        assert_eq!(back, ws);
        assert_eq!(
            now(lib.save(&mut open, &ws.data, &ws.settings, false, 8.0)),
            Ok(SaveOutcome::Unchanged)
        );
    }

    #[test]
    fn quota_exceeded_keeps_the_previous_state_readable() {
        let lib = WorkspaceLibrary::new(MemoryDb::with_quota(4_000), MemoryStorage::default());
        let clock = TestClock::default();
        let mut open = now(lib.open(&clock, "Demo")).unwrap().open;
        let mut big = Workspace::demo();
        let mut b = crate::clv::data::transactions::TransactionLogBuilder::new();
        for i in 0..1_000 {
            b.push(&format!("c-{i}"), "2024-01-01".parse().unwrap(), 1.0);
        }
        big.replace_data(WorkspaceData::imported(
            DataOrigin::Imported {
                file_name: "big.csv".into(),
                rows_read: 1000,
                rejected_rows: 0,
            },
            b.finish(),
        ));
        let err = now(lib.save(&mut open, &big.data, &big.settings, true, 9.0)).unwrap_err();
        assert!(
            matches!(err, SaveError::TooLarge { bytes } if bytes > 4_000),
            "{err:?}"
        );
        let (_, stored) = now(lib.read(open.id())).unwrap().unwrap().unwrap();
        assert_eq!(stored, Workspace::demo());
        // The entry is still the one stored: a later, smaller save goes over it.
        let mut small = Workspace::demo();
        small.settings.currency = "CHF".into();
        assert!(matches!(
            now(lib.save(&mut open, &small.data, &small.settings, false, 10.0)),
            Ok(SaveOutcome::Written(_))
        ));
    }

    #[test]
    fn an_older_copy_in_another_tab_never_overwrites_a_newer_save() {
        let lib = library();
        let clock = TestClock::default();
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        let (mut tab_a, mut tab_b) = (opened.open.clone(), opened.open);
        let mut a = Workspace::demo();
        a.settings.currency = "CHF".into();
        assert!(matches!(
            now(lib.save(&mut tab_a, &a.data, &a.settings, false, 5.0)),
            Ok(SaveOutcome::Written(_))
        ));
        let mut b = Workspace::demo();
        b.settings.currency = "$".into();
        let outcome = now(lib.save(&mut tab_b, &b.data, &b.settings, false, 6.0)).unwrap();
        assert_eq!(
            outcome,
            SaveOutcome::Conflict {
                stored: Some(tab_a.meta.clone())
            }
        );
        let (_, stored) = now(lib.read(tab_a.id())).unwrap().unwrap().unwrap();
        assert_eq!(stored.settings.currency, "CHF");
        // Tab B reads the newer copy; its next save goes over that.
        let (mut reread, _) = now(lib.read(tab_a.id())).unwrap().unwrap().unwrap();
        assert!(matches!(
            now(lib.save(&mut reread, &b.data, &b.settings, false, 7.0)),
            Ok(SaveOutcome::Written(_))
        ));
    }

    #[test]
    fn rename_duplicate_delete_and_undo() {
        let lib = library();
        let clock = TestClock::default();
        let opened = now(lib.open(&clock, "Demo")).unwrap();
        let shop = now(lib.create(&clock, "Shop", &imported(), &opened.list)).unwrap();
        let list = now(lib.list()).unwrap();
        // A rename to a taken name gets a number.
        let Ok(SaveOutcome::Written(renamed)) = now(lib.rename(&shop.meta, "Demo", &list, 50.0))
        else {
            panic!("renamed")
        };
        assert_eq!(renamed.name, "Demo (2)");
        assert_eq!(renamed.revision, shop.meta.revision + 1);
        // Renaming from an old entry is a conflict.
        assert!(matches!(
            now(lib.rename(&shop.meta, "Again", &list, 51.0)),
            Ok(SaveOutcome::Conflict { .. })
        ));
        let list = now(lib.list()).unwrap();
        let copy = now(lib.duplicate(&clock, &renamed.id, "Shop copy", &list))
            .unwrap()
            .unwrap();
        assert_ne!(copy.id, renamed.id);
        assert_eq!(copy.name, "Shop copy");
        let (_, copied) = now(lib.read(&copy.id)).unwrap().unwrap().unwrap();
        assert_eq!(copied, imported());
        // Delete, then undo: back as it was.
        let gone = now(lib.delete(&renamed.id)).unwrap().unwrap();
        assert_eq!(now(lib.list()).unwrap().len(), 2);
        assert_eq!(now(lib.read(&renamed.id)).unwrap(), None);
        now(lib.restore(&gone)).unwrap();
        let (back_meta, back) = now(lib.read(&renamed.id)).unwrap().unwrap().unwrap();
        assert_eq!(back_meta.meta, renamed);
        assert_eq!(back, imported());
    }
}
