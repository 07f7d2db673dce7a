//! Application state shared by the components, and the one effect that saves it.

use crate::clv::api::{self, SummaryRequest, SummaryResponse};
use crate::i18n::{Lang, Texts};
use crate::storage::{BrowserStorage, LoadError, SaveError, StorageError, WorkspaceStore};
use crate::workspace::{DecodeError, Workspace};
use leptos::prelude::*;

/// The pages of the app, addressed by the URL hash (`#/customers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Data,
    Customers,
}

impl Page {
    pub const ALL: [Page; 2] = [Page::Data, Page::Customers];

    pub fn hash(self) -> &'static str {
        match self {
            Page::Data => "#/data",
            Page::Customers => "#/customers",
        }
    }

    pub fn from_hash(hash: &str) -> Page {
        Page::ALL
            .into_iter()
            .find(|p| p.hash() == hash)
            .unwrap_or(Page::Data)
    }

    pub fn title(self, t: &Texts) -> &'static str {
        match self {
            Page::Data => t.nav_data,
            Page::Customers => t.nav_customers,
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Page::Data => "▤",
            Page::Customers => "☰",
        }
    }
}

/// What happened to the last save.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved {
        bytes: usize,
    },
    /// Not saving: the stored workspace is unreadable and the user has not decided yet.
    Paused,
    TooLarge {
        bytes: usize,
    },
    Failed(String),
    Unavailable(String),
}

/// A saved workspace that could not be read, kept for the user to decide about.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    pub error: DecodeError,
    pub text: String,
}

/// Signals shared by all components (`Copy`, provided as context).
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    pub workspace: RwSignal<Workspace>,
    pub page: RwSignal<Page>,
    pub save: RwSignal<SaveStatus>,
    pub load_problem: RwSignal<Option<LoadProblem>>,
    /// The customer summary as of the observation end, recomputed when data or settings change.
    pub summary: Memo<SummaryResponse>,
    browser_lang: Lang,
}

fn browser_lang() -> Lang {
    let navigator = window().navigator();
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if languages.is_empty() {
        return Lang::from_tag(&navigator.language().unwrap_or_default());
    }
    Lang::from_preferences(languages.iter().map(String::as_str))
}

fn current_page() -> Page {
    Page::from_hash(&window().location().hash().unwrap_or_default())
}

impl AppState {
    /// Loads the saved workspace (or the demo), and starts saving and routing.
    pub fn start() -> Self {
        let store = WorkspaceStore::new(BrowserStorage);
        let (initial, problem, save) = match store.load() {
            Ok(Some(ws)) => (ws, None, SaveStatus::Saved { bytes: 0 }),
            Ok(None) => (Workspace::demo(), None, SaveStatus::Saved { bytes: 0 }),
            Err(LoadError::Unreadable { error, text }) => (
                Workspace::demo(),
                Some(LoadProblem { error, text }),
                SaveStatus::Paused,
            ),
            Err(LoadError::Storage(e)) => (
                Workspace::demo(),
                None,
                SaveStatus::Unavailable(e.to_string()),
            ),
        };
        let workspace = RwSignal::new(initial);
        let load_problem = RwSignal::new(problem);
        let save = RwSignal::new(save);
        let page = RwSignal::new(current_page());

        let summary = Memo::new(move |_| {
            workspace.with(|w| {
                let end = w.observation_end().unwrap_or_default();
                api::summary(
                    &w.log,
                    &SummaryRequest {
                        end,
                        unit: w.settings.time_unit,
                    },
                )
            })
        });

        // Persistence: one effect, run whenever the workspace changes.
        Effect::new(move |_| {
            let paused = load_problem.with(|p| p.is_some());
            workspace.with(|w| {
                if paused {
                    return;
                }
                let status = match store.save(w) {
                    Ok(bytes) => SaveStatus::Saved { bytes },
                    Err(SaveError::TooLarge { bytes }) => SaveStatus::TooLarge { bytes },
                    Err(SaveError::Storage(StorageError::Unavailable(reason))) => {
                        SaveStatus::Unavailable(reason)
                    }
                    Err(e) => SaveStatus::Failed(e.to_string()),
                };
                save.set(status);
            });
        });

        let handle =
            window_event_listener(leptos::ev::hashchange, move |_| page.set(current_page()));
        // The app lives as long as the page.
        std::mem::forget(handle);

        AppState {
            workspace,
            page,
            save,
            load_problem,
            summary,
            browser_lang: browser_lang(),
        }
    }

    /// The language in use: the chosen one, else the browser's.
    pub fn lang(&self) -> Lang {
        self.workspace
            .with(|w| w.settings.lang)
            .unwrap_or(self.browser_lang)
    }

    pub fn t(&self) -> &'static Texts {
        self.lang().texts()
    }

    /// Forgets the unreadable saved workspace and starts saving the current one.
    pub fn reset_saved(&self) {
        let store = WorkspaceStore::new(BrowserStorage);
        if let Err(e) = store.reset() {
            self.save.set(SaveStatus::Unavailable(e.to_string()));
            return;
        }
        self.load_problem.set(None);
    }
}
