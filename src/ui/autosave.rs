//! Saving the open workspace: debounced, only what changed, one write at a time.
//!
//! A change of the data, the settings or the levers schedules a save
//! [`SAVE_DELAY`] later; a newer change moves it on (a generation counter), so
//! dragging a slider saves once when the hand stops rather than on every input
//! event. The save writes the head when it differs from the one written last
//! and the data bytes only when the data was replaced since
//! ([`OpenWorkspace::prepare_save`]); a save asked for while one is being
//! written follows it. A pending save is started at once when the page is
//! left or hidden (`beforeunload`, `visibilitychange`; Chromium aborts an
//! IndexedDB write begun in `pagehide`, so that one is only a last try);
//! IndexedDB commits it whole or not at all. Since the page may be gone before
//! that write commits (a reload from the service worker unloads it within
//! milliseconds), the page being left also keeps a waiting or unfinished save
//! in localStorage, which is written synchronously
//! ([`crate::storage::library::WorkspaceLibrary::keep_unsaved`]); the next
//! opening of the workspace writes it where it is newer than what is stored.

use super::session::{tell_tabs, Library, TabMessage};
use super::state::{SaveStatus, TabNotice};
use crate::clv::equity::customer_equity::Levers;
use crate::storage::library::{OpenWorkspace, PendingSave, SaveError, SaveOutcome};
use crate::storage::{StorageError, WorkspaceMeta};
use crate::workspace::{Settings, Workspace, WorkspaceData};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// How long the workspace must stay unchanged before it is saved.
pub const SAVE_DELAY: Duration = Duration::from_millis(400);

/// The signals a save reads and reports to.
#[derive(Clone, Copy)]
pub(super) struct Sources {
    pub data: RwSignal<WorkspaceData>,
    pub settings: RwSignal<Settings>,
    pub levers: RwSignal<Levers>,
    pub status: RwSignal<SaveStatus>,
    pub workspace: RwSignal<WorkspaceMeta>,
    pub workspaces: RwSignal<Vec<WorkspaceMeta>>,
    pub notice: RwSignal<Option<TabNotice>>,
}

/// The saver: the library, the open workspace and what of it is written.
pub(super) struct Saver {
    pub library: Rc<Library>,
    open: RefCell<OpenWorkspace>,
    /// Bumped by every change; a scheduled save runs only if it is still the newest.
    generation: Cell<u64>,
    /// A change waits to be saved.
    pending: Cell<bool>,
    /// A write is in flight.
    writing: Cell<bool>,
    /// Bumped whenever the data is replaced; `stored_data` is the one written.
    data_generation: Cell<u64>,
    stored_data: Cell<u64>,
    /// The next run of the scheduling effect is the loading of a workspace, not a change.
    loading: Cell<bool>,
    sources: Sources,
}

thread_local! {
    static SAVER: RefCell<Option<Rc<Saver>>> = const { RefCell::new(None) };
}

/// The page's saver (there is one, started by [`start`]).
pub(super) fn saver() -> Rc<Saver> {
    SAVER.with(|s| {
        s.borrow()
            .clone()
            .expect("the saver is started with the app")
    })
}

impl Saver {
    /// The open workspace's id.
    pub fn open_id(&self) -> String {
        self.open.borrow().id().to_owned()
    }

    /// The open workspace's entry as this tab knows it.
    pub fn open_meta(&self) -> WorkspaceMeta {
        self.open.borrow().meta.clone()
    }

    /// Whether a change of this tab waits or is being written.
    pub fn busy(&self) -> bool {
        self.pending.get() || self.writing.get()
    }

    /// The data was replaced (an import): the next save writes its bytes.
    pub fn data_replaced(&self) {
        self.data_generation.set(self.data_generation.get() + 1);
    }

    /// Another workspace (or a newer copy of this one) is now open; what it
    /// holds is what is stored.
    pub fn opened(&self, open: OpenWorkspace) {
        self.generation.set(self.generation.get() + 1);
        self.pending.set(false);
        self.stored_data.set(self.data_generation.get());
        self.loading.set(true);
        self.sources.workspace.set(open.meta.clone());
        *self.open.borrow_mut() = open;
    }

    /// Takes `open` as the open workspace's stored state without reloading
    /// the signals (a rename, or this tab's state kept as a new workspace):
    /// the next save goes over it.
    /// `data_written`: the write stored the data as it is now.
    pub fn adopt(&self, open: OpenWorkspace, data_written: bool) {
        if data_written {
            self.stored_data.set(self.data_generation.get());
        }
        self.sources.workspace.set(open.meta.clone());
        *self.open.borrow_mut() = open;
    }

    /// The workspace as it is in the signals now (levers included).
    pub fn current(&self) -> Workspace {
        let s = self.sources;
        let mut settings = s.settings.get_untracked();
        settings.equity.levers = s.levers.get_untracked();
        Workspace {
            data: s.data.get_untracked(),
            settings,
        }
    }

    /// The save of the workspace as it is now over the stored state, if anything changed.
    fn prepare(&self) -> Option<PendingSave> {
        let s = self.sources;
        let mut settings = s.settings.get_untracked();
        settings.equity.levers = s.levers.get_untracked();
        let data_changed = self.data_generation.get() != self.stored_data.get();
        s.data.with_untracked(|d| {
            self.open
                .borrow()
                .prepare_save(d, &settings, data_changed, js_sys::Date::now())
        })
    }

    /// The page is being left: a change that waits or is being written is
    /// also kept in localStorage, in case the page is gone before it commits.
    pub fn leaving(self: &Rc<Self>) {
        if self.busy() {
            if let Some(save) = self.prepare() {
                self.library.keep_unsaved(&save);
            }
        }
        self.flush();
    }

    /// Starts writing a waiting change (unless a write is in flight: then it follows).
    pub fn flush(self: &Rc<Self>) {
        if self.writing.get() || !self.pending.replace(false) {
            return;
        }
        let data_generation = self.data_generation.get();
        let Some(save) = self.prepare() else {
            return;
        };
        self.writing.set(true);
        let saver = Rc::clone(self);
        leptos::task::spawn_local(async move {
            let mut open = saver.open.borrow().clone();
            let result = saver.library.write_save(&mut open, save).await;
            saver.writing.set(false);
            // The user may have opened another workspace meanwhile.
            if open.id() != saver.open_id() {
                return;
            }
            saver.finish(result, open, data_generation);
            saver.flush();
        });
    }

    fn finish(
        &self,
        result: Result<SaveOutcome, SaveError>,
        open: OpenWorkspace,
        data_generation: u64,
    ) {
        let s = self.sources;
        let status = match result {
            Ok(SaveOutcome::Written(meta)) => {
                self.library.forget_unsaved(&meta.id);
                self.stored_data.set(data_generation);
                *self.open.borrow_mut() = open;
                s.workspace.set(meta.clone());
                s.workspaces.update(|list| replace_entry(list, &meta));
                tell_tabs(&TabMessage::Saved {
                    id: meta.id.clone(),
                    revision: meta.revision,
                });
                SaveStatus::Saved {
                    bytes: meta.bytes(),
                }
            }
            Ok(SaveOutcome::Unchanged) => return,
            Ok(SaveOutcome::Conflict { stored }) => {
                s.notice.set(Some(TabNotice::Conflict { stored }));
                SaveStatus::Conflict
            }
            Err(SaveError::TooLarge { bytes }) => SaveStatus::TooLarge { bytes },
            Err(SaveError::Storage(StorageError::Unavailable(reason))) => {
                SaveStatus::Unavailable(reason)
            }
            Err(e) => SaveStatus::Failed(e.to_string()),
        };
        s.status.set(status);
    }
}

/// `list` with `meta`'s entry replaced (or added).
pub(super) fn replace_entry(list: &mut Vec<WorkspaceMeta>, meta: &WorkspaceMeta) {
    match list.iter_mut().find(|m| m.id == meta.id) {
        Some(m) => *m = meta.clone(),
        None => list.insert(0, meta.clone()),
    }
}

/// Starts saving: one effect schedules, a timer and the page-hide events write.
pub(super) fn start(library: Rc<Library>, open: OpenWorkspace, sources: Sources) {
    let saver = Rc::new(Saver {
        library,
        open: RefCell::new(open),
        generation: Cell::new(0),
        pending: Cell::new(false),
        writing: Cell::new(false),
        data_generation: Cell::new(0),
        stored_data: Cell::new(0),
        loading: Cell::new(false),
        sources,
    });
    SAVER.with(|s| *s.borrow_mut() = Some(Rc::clone(&saver)));

    let scheduler = Rc::clone(&saver);
    Effect::new(move |first: Option<()>| {
        // Subscribe to everything that is saved.
        sources.data.track();
        sources.settings.track();
        sources.levers.track();
        // The first run is the opened workspace, a loading run another one: nothing to save.
        if first.is_none() || scheduler.loading.replace(false) {
            return;
        }
        scheduler.pending.set(true);
        let generation = scheduler.generation.get() + 1;
        scheduler.generation.set(generation);
        let saver = Rc::clone(&scheduler);
        set_timeout(
            move || {
                if saver.generation.get() == generation {
                    saver.flush();
                }
            },
            SAVE_DELAY,
        );
    });

    // IndexedDB still commits a write started in `beforeunload` (and while
    // the page turns hidden); Chromium aborts one started in `pagehide`.
    let on_leave = Rc::clone(&saver);
    let leaving = window_event_listener(leptos::ev::beforeunload, move |_| on_leave.leaving());
    let on_hide = Rc::clone(&saver);
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| on_hide.leaving());
    let on_visibility = Rc::clone(&saver);
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            on_visibility.flush();
        }
    });
    // The app lives as long as the page.
    std::mem::forget(leaving);
    std::mem::forget(hidden);
    std::mem::forget(visibility);
}

/// Waits until no write of this tab is in flight (a switch waits for the last save).
pub(super) async fn settled() {
    let saver = saver();
    saver.flush();
    while saver.writing.get() {
        super::session::sleep(20).await;
    }
}
