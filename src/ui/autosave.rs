//! Saving the workspace: debounced, and only when its stored form changed.
//!
//! A change of the data, the settings or the levers schedules a save
//! [`SAVE_DELAY`] later; a newer change moves it on (a generation counter), so
//! dragging a slider saves once when the hand stops rather than on every input
//! event. The save encodes the workspace and writes it only when the text differs
//! from the one written last ([`WorkspaceStore::save_if_changed`]). A pending
//! save is written at once when the page is hidden or left (`visibilitychange`,
//! `pagehide`), so closing the tab loses nothing.

use super::state::SaveStatus;
use crate::clv::equity::customer_equity::Levers;
use crate::storage::{BrowserStorage, SaveError, SaveOutcome, StorageError, WorkspaceStore};
use crate::workspace::{Settings, WorkspaceData};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How long the workspace must stay unchanged before it is saved.
pub const SAVE_DELAY: Duration = Duration::from_millis(400);

/// The signals a save reads, and the status it reports to.
#[derive(Clone, Copy)]
struct Sources {
    data: RwSignal<WorkspaceData>,
    settings: RwSignal<Settings>,
    levers: RwSignal<Levers>,
    paused: RwSignal<Option<super::state::LoadProblem>>,
    status: RwSignal<SaveStatus>,
}

/// The saver: the store, and which scheduled save is the newest.
struct Saver {
    store: WorkspaceStore<BrowserStorage>,
    /// Bumped by every change; a scheduled save runs only if it is still the newest.
    generation: Cell<u64>,
    /// Whether a change waits to be saved.
    pending: Cell<bool>,
    sources: Sources,
}

impl Saver {
    /// Saves now if a change is waiting (and saving is not paused).
    fn flush(&self) {
        if !self.pending.replace(false) {
            return;
        }
        let s = self.sources;
        if s.paused.with_untracked(Option::is_some) {
            return;
        }
        let mut settings = s.settings.get_untracked();
        settings.equity.levers = s.levers.get_untracked();
        let outcome = s
            .data
            .with_untracked(|d| self.store.save_if_changed(d, &settings));
        let status = match outcome {
            Ok(SaveOutcome::Written { bytes }) => SaveStatus::Saved { bytes },
            Ok(SaveOutcome::Unchanged) => return,
            Err(SaveError::TooLarge { bytes }) => SaveStatus::TooLarge { bytes },
            Err(SaveError::Storage(StorageError::Unavailable(reason))) => {
                SaveStatus::Unavailable(reason)
            }
            Err(e) => SaveStatus::Failed(e.to_string()),
        };
        s.status.set(status);
    }
}

/// Starts saving: one effect schedules, a timer and the page-hide events write.
pub(super) fn start(
    store: WorkspaceStore<BrowserStorage>,
    data: RwSignal<WorkspaceData>,
    settings: RwSignal<Settings>,
    levers: RwSignal<Levers>,
    paused: RwSignal<Option<super::state::LoadProblem>>,
    status: RwSignal<SaveStatus>,
) {
    let saver = Rc::new(Saver {
        store,
        generation: Cell::new(0),
        pending: Cell::new(false),
        sources: Sources {
            data,
            settings,
            levers,
            paused,
            status,
        },
    });

    let scheduler = Rc::clone(&saver);
    // The effect returns whether saving was paused, so the next run sees the
    // moment the pause ends (the user reset the unreadable saved workspace):
    // that writes at once, as the user just asked for it.
    Effect::new(move |was_paused: Option<bool>| {
        // Subscribe to everything that is saved (and to the pause).
        data.track();
        settings.track();
        levers.track();
        let is_paused = paused.with(Option::is_some);
        // The first run is the loaded (or demo) workspace: nothing to save yet.
        let Some(was_paused) = was_paused else {
            return is_paused;
        };
        if is_paused {
            return true;
        }
        scheduler.pending.set(true);
        if was_paused {
            scheduler.flush();
            return false;
        }
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
        false
    });

    let on_hide = Rc::clone(&saver);
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| on_hide.flush());
    let on_visibility = Rc::clone(&saver);
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            on_visibility.flush();
        }
    });
    // The app lives as long as the page.
    std::mem::forget(hidden);
    std::mem::forget(visibility);
}
