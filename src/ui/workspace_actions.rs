//! What the Workspaces page and the notices do with the library: open,
//! create, rename, duplicate, delete and undo, and answering other tabs.
//! Each action runs its IndexedDB work asynchronously and puts the result
//! into the [`AppState`] signals.

use super::autosave::{replace_entry, saver, settled};
use super::session::{listen_to_tabs, tell_tabs, BrowserClock, TabMessage, DEMO_NAME};
use super::state::{AppState, SaveStatus, TabNotice};
use crate::share::{encode_share_fragment, SharedView};
use crate::storage::library::{OpenWorkspace, SaveError, SaveOutcome};
use crate::storage::{WorkspaceDb, WorkspaceMeta};
use crate::workspace::file::{
    decode_workspace_file, encode_workspace_file, workspace_file_name, WorkspaceFileError,
};
use crate::workspace::{Settings, Workspace, WorkspaceData};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a new workspace starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewWorkspace {
    Demo,
    Empty,
}

impl AppState {
    /// Shows `workspace` (read from storage as `open`) in place of the current one.
    fn show_workspace(&self, open: OpenWorkspace, workspace: Workspace) {
        let saver = saver();
        saver.library.remember_current(open.id());
        saver.opened(open);
        self.load_workspace_data(workspace);
    }

    fn load_workspace_data(&self, workspace: Workspace) {
        self.customer_filter.set(None);
        self.report.set(None);
        self.levers.set(workspace.settings.equity.levers);
        self.data.set(workspace.data);
        self.settings.set(workspace.settings);
    }

    fn save_failed(&self, e: SaveError) {
        self.save.set(match e {
            SaveError::TooLarge { bytes } => SaveStatus::TooLarge { bytes },
            e => SaveStatus::Failed(e.to_string()),
        });
    }

    /// Reads the list again (after another tab changed it).
    pub fn refresh_workspaces(&self) {
        let state = *self;
        spawn_local(async move {
            if let Ok(list) = saver().library.list().await {
                state.workspaces.set(list);
            }
        });
    }

    /// Opens the stored workspace `id` (the current one's last change saved first).
    pub fn open_workspace(&self, id: String) {
        let state = *self;
        spawn_local(async move {
            settled().await;
            match saver().library.read(&id).await {
                Ok(Some(Ok((open, workspace)))) => {
                    // A notice about the workspace left behind no longer applies (an undo still does).
                    state.notice.update(|n| {
                        if !matches!(n, Some(TabNotice::Deleted { .. })) {
                            *n = None;
                        }
                    });
                    state.show_workspace(open, workspace);
                }
                Ok(Some(Err(_))) | Ok(None) => state.refresh_workspaces(),
                Err(e) => state.save.set(SaveStatus::Unavailable(e.to_string())),
            }
        });
    }

    /// Creates a workspace and opens it; `import` then goes to the Data page's import.
    pub fn new_workspace(&self, kind: NewWorkspace, name: String, import: bool) {
        let workspace = Workspace {
            data: match kind {
                NewWorkspace::Demo => WorkspaceData::demo(),
                NewWorkspace::Empty => WorkspaceData::empty(),
            },
            settings: Settings {
                lang: self.settings.with_untracked(|s| s.lang),
                ..Settings::default()
            },
        };
        let then = import.then_some(super::state::Page::Data);
        self.create_and_open(name, workspace, then);
    }

    /// Adds a workspace (read from a file, saved from a share link) and opens it.
    pub fn add_workspace(&self, name: String, workspace: Workspace) {
        self.create_and_open(name, workspace, None);
    }

    /// Writes `workspace` as a new one (this tab's last change saved first),
    /// opens it and then goes to `then`.
    fn create_and_open(
        &self,
        name: String,
        workspace: Workspace,
        then: Option<super::state::Page>,
    ) {
        let state = *self;
        spawn_local(async move {
            settled().await;
            match state.create_listed(&name, &workspace).await {
                Ok(open) => {
                    state.show_workspace(open, workspace);
                    if let Some(page) = then {
                        let _ = window().location().set_hash(page.hash());
                    }
                }
                Err(e) => state.save_failed(e),
            }
        });
    }

    /// Writes a new workspace and puts it in the list (here and in the other tabs).
    async fn create_listed(
        &self,
        name: &str,
        workspace: &Workspace,
    ) -> Result<OpenWorkspace, SaveError> {
        let taken = self.workspaces.get_untracked();
        let open = saver()
            .library
            .create(&BrowserClock, name, workspace, &taken)
            .await?;
        self.workspaces.update(|l| replace_entry(l, &open.meta));
        tell_tabs(&TabMessage::Listed);
        Ok(open)
    }

    /// Downloads a workspace as a workspace file (the open one as it is now).
    pub fn export_workspace(&self, meta: WorkspaceMeta) {
        let state = *self;
        spawn_local(async move {
            let saver = saver();
            if meta.id == saver.open_id() {
                settled().await;
            }
            match saver.library.db().read(&meta.id).await {
                Ok(Some(stored)) => {
                    let bytes = encode_workspace_file(&stored.meta.name, &stored.record);
                    let name = workspace_file_name(&stored.meta.name);
                    super::download::bytes_file(&name, "application/octet-stream", &bytes);
                }
                Ok(None) => state.refresh_workspaces(),
                Err(e) => state.save.set(SaveStatus::Unavailable(e.to_string())),
            }
        });
    }

    /// Reads a workspace file and adds it as a new workspace (opened at once);
    /// a file that is not one, or is damaged, changes nothing and is reported.
    pub fn import_workspace_file(&self, file: web_sys::File) {
        let state = *self;
        let file_name = file.name();
        spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => Vec::new(),
            };
            let read = decode_workspace_file(&bytes).and_then(|(name, record)| {
                let workspace = record.decode().map_err(WorkspaceFileError::Record)?;
                Ok((name, workspace))
            });
            match read {
                Ok((name, workspace)) => {
                    state.file_problem.set(None);
                    state.add_workspace(name, workspace);
                }
                Err(error) => state.file_problem.set(Some((file_name, error))),
            }
        });
    }

    /// Renames a workspace (to a unique name).
    pub fn rename_workspace(&self, meta: WorkspaceMeta, name: String) {
        let state = *self;
        spawn_local(async move {
            let saver = saver();
            let is_open = meta.id == saver.open_id();
            if is_open {
                settled().await;
            }
            let meta = if is_open { saver.open_meta() } else { meta };
            let taken = state.workspaces.get_untracked();
            let result = saver
                .library
                .rename(&meta, &name, &taken, js_sys::Date::now())
                .await;
            match result {
                Ok(SaveOutcome::Written(renamed)) => {
                    if is_open {
                        if let Ok(Some(Ok((open, _)))) = saver.library.read(&renamed.id).await {
                            saver.adopt(open, false);
                        }
                    }
                    state.workspaces.update(|l| replace_entry(l, &renamed));
                    tell_tabs(&TabMessage::Saved {
                        id: renamed.id.clone(),
                        revision: renamed.revision,
                    });
                }
                Ok(_) => state.refresh_workspaces(),
                Err(e) => state.save_failed(e),
            }
        });
    }

    /// Copies a workspace under a new name.
    pub fn duplicate_workspace(&self, meta: WorkspaceMeta, name: String) {
        let state = *self;
        spawn_local(async move {
            if meta.id == saver().open_id() {
                settled().await;
            }
            let taken = state.workspaces.get_untracked();
            match saver()
                .library
                .duplicate(&BrowserClock, &meta.id, &name, &taken)
                .await
            {
                Ok(Some(copy)) => {
                    state.workspaces.update(|l| replace_entry(l, &copy));
                    tell_tabs(&TabMessage::Listed);
                }
                Ok(None) => state.refresh_workspaces(),
                Err(e) => state.save_failed(e),
            }
        });
    }

    /// Deletes a workspace (an undo is offered while the page is open); the
    /// open one is replaced by the most recent other one, or a new demo.
    pub fn delete_workspace(&self, id: String) {
        let state = *self;
        spawn_local(async move {
            let saver = saver();
            let was_open = id == saver.open_id();
            if was_open {
                settled().await;
            }
            let stored = match saver.library.delete(&id).await {
                Ok(stored) => stored,
                Err(e) => {
                    state.save.set(SaveStatus::Unavailable(e.to_string()));
                    return;
                }
            };
            tell_tabs(&TabMessage::Deleted { id: id.clone() });
            state.workspaces.update(|l| l.retain(|m| m.id != id));
            if was_open {
                let next = state
                    .workspaces
                    .with_untracked(|l| l.first().map(|m| m.id.clone()));
                match next {
                    Some(next) => state.open_workspace(next),
                    None => state.new_workspace(NewWorkspace::Demo, DEMO_NAME.into(), false),
                }
            }
            if let Some(stored) = stored {
                state.notice.set(Some(TabNotice::Deleted { stored }));
            }
        });
    }

    /// Puts the workspace deleted last back.
    pub fn undo_delete(&self) {
        let Some(TabNotice::Deleted { stored }) = self.notice.get_untracked() else {
            return;
        };
        let state = *self;
        spawn_local(async move {
            match saver().library.restore(&stored).await {
                Ok(()) => {
                    state.notice.set(None);
                    state.workspaces.update(|l| replace_entry(l, &stored.meta));
                    tell_tabs(&TabMessage::Listed);
                }
                Err(e) => state.save_failed(e),
            }
        });
    }

    /// Conflict: shows the copy another tab saved, dropping this tab's changes.
    pub fn take_newer_copy(&self) {
        self.notice.set(None);
        self.open_workspace(saver().open_id());
    }

    /// Conflict: keeps this tab's state as a new workspace.
    pub fn keep_as_copy(&self) {
        let state = *self;
        let current = saver().current();
        let name = format!(
            "{} ({})",
            self.workspace.get_untracked().name,
            self.t().workspace_mine
        );
        self.notice.set(None);
        spawn_local(async move {
            match state.create_listed(&name, &current).await {
                Ok(open) => {
                    let saver = saver();
                    saver.library.remember_current(open.id());
                    saver.adopt(open, true);
                    state.save.set(SaveStatus::Saved { bytes: 0 });
                }
                Err(e) => state.save_failed(e),
            }
        });
    }

    /// Answers the other tabs' messages from now on.
    pub fn listen_to_other_tabs(&self) {
        let state = *self;
        listen_to_tabs(move |message| state.on_tab_message(message));
    }

    fn on_tab_message(&self, message: TabMessage) {
        self.refresh_workspaces();
        let saver = saver();
        match message {
            TabMessage::Saved { id, revision } if id == saver.open_id() => {
                if revision <= saver.open_meta().revision {
                    return;
                }
                if saver.busy() {
                    let stored = self
                        .workspaces
                        .get_untracked()
                        .into_iter()
                        .find(|m| m.id == id);
                    self.notice.set(Some(TabNotice::Conflict { stored }));
                    return;
                }
                let state = *self;
                spawn_local(async move {
                    if let Ok(Some(Ok((open, workspace)))) = saver.library.read(&id).await {
                        state.show_workspace(open, workspace);
                        state.notice.set(Some(TabNotice::UpdatedElsewhere));
                    }
                });
            }
            TabMessage::Deleted { id } if id == saver.open_id() => {
                self.notice.set(Some(TabNotice::Conflict { stored: None }));
            }
            _ => {}
        }
    }

    /// A link to the read-only view of the open workspace (this page's
    /// address with `#share=v1.…`): goals, scenarios, settings, the fitted
    /// model's parameters and aggregated figures, no customer data.
    pub fn share_link(&self) -> String {
        let end = self.observation_end.get_untracked().unwrap_or_default();
        let report = self
            .report
            .get_untracked()
            .filter(|_| !self.report_is_stale())
            .and_then(|r| r.result.ok());
        let settings = saver().current().settings;
        let view = self.data.with_untracked(|d| {
            self.summary.with_untracked(|s| {
                SharedView::of(&d.data, &settings, &s.customers, report.as_ref(), end)
            })
        });
        let location = window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        format!("{base}#{}", encode_share_fragment(&view))
    }

    /// Asks the browser to keep the storage and reads its estimate.
    pub fn measure_storage(&self) {
        let state = *self;
        spawn_local(async move {
            super::session::request_persistence().await;
            state.storage_use.set(super::session::storage_use().await);
        });
    }
}
