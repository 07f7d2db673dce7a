//! The Workspaces page: every workspace of this browser with its data, size
//! and last save; open, rename, duplicate, delete; new ones; the storage the
//! browser grants.

use super::session::DEMO_NAME;
use super::workspace_actions::NewWorkspace;
use super::AppState;
use crate::format;
use crate::i18n::{fill, Texts};
use crate::storage::WorkspaceMeta;
use crate::workspace::DataOrigin;
use leptos::prelude::*;

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.measure_storage();
    view! {
        <h1>{move || state.t().workspaces_title}</h1>
        <p class="lead">{move || state.t().workspaces_intro}</p>
        <UnreadableWorkspaces />
        <WorkspaceTable />
        <div class="two-col">
            <NewWorkspaceCard />
            <StorageCard />
        </div>
        <ShareCard />
    }
}

/// Makes a share link of the open workspace, shows it with its length, copies it.
#[component]
fn ShareCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    // A link is of the workspace open when it was made.
    let open_id = Memo::new(move |_| state.workspace.with(|w| w.id.clone()));
    Effect::new(move |_| {
        open_id.track();
        link.set(None);
    });
    let copy = move |_| {
        if let Some(text) = link.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    view! {
        <section class="card" aria-labelledby="share-title">
            <h2 id="share-title">{move || state.t().share_title}</h2>
            <p class="help">{move || state.t().share_explained}</p>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="share-create"
                    on:click=move |_| {
                        copied.set(false);
                        link.set(Some(state.share_link()));
                    }
                >
                    {move || state.t().share_create}
                </button>
            </div>
            {move || {
                link.get()
                    .map(|text| {
                        let length = fill(
                            state.t().share_length,
                            &[("n", &format::count(text.chars().count(), state.lang()))],
                        );
                        view! {
                            <div class="share-link">
                                <label for="share-link">{state.t().share_link_label}</label>
                                <input
                                    id="share-link"
                                    type="text"
                                    readonly=true
                                    data-testid="share-link"
                                    prop:value=text
                                    on:focus=move |e| {
                                        let input: web_sys::HtmlInputElement = event_target(&e);
                                        input.select();
                                    }
                                />
                                <button type="button" data-testid="share-copy" on:click=copy>
                                    {move || {
                                        if copied.get() {
                                            state.t().share_copied
                                        } else {
                                            state.t().share_copy
                                        }
                                    }}
                                </button>
                                <span class="help" data-testid="share-length">
                                    {length}
                                </span>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// Buttons that make a new workspace and open it.
#[component]
fn NewWorkspaceCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let create = move |kind: NewWorkspace, import: bool| {
        let t = state.t();
        let name = match kind {
            NewWorkspace::Demo => DEMO_NAME,
            NewWorkspace::Empty => t.workspace_new_name,
        };
        state.new_workspace(kind, name.to_owned(), import);
    };
    view! {
        <section class="card" aria-labelledby="new-workspace-title">
            <h2 id="new-workspace-title">{move || state.t().workspace_new_title}</h2>
            <div class="actions">
                {[
                    (NewWorkspace::Demo, false, "new-workspace-demo"),
                    (NewWorkspace::Empty, true, "new-workspace-file"),
                    (NewWorkspace::Empty, false, "new-workspace-empty"),
                ]
                    .into_iter()
                    .map(|(kind, import, testid)| {
                        let label = move || {
                            let t = state.t();
                            match (kind, import) {
                                (NewWorkspace::Demo, _) => t.workspace_new_demo,
                                (NewWorkspace::Empty, true) => t.workspace_new_file,
                                (NewWorkspace::Empty, false) => t.workspace_new_empty,
                            }
                        };
                        view! {
                            <button
                                type="button"
                                data-testid=testid
                                on:click=move |_| create(kind, import)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()} <WorkspaceFileInput />
            </div>
            <WorkspaceFileProblem />
        </section>
    }
}

/// "From a workspace file…": a file input styled as a button.
#[component]
fn WorkspaceFileInput() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_change = move |e: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            state.import_workspace_file(file);
        }
        input.set_value("");
    };
    view! {
        <label class="button file-button">
            {move || state.t().workspace_new_from_file}
            <input
                type="file"
                class="visually-hidden"
                accept=format!(".{}", crate::workspace::file::EXTENSION)
                data-testid="workspace-file-input"
                on:change=on_change
            />
        </label>
    }
}

/// Why the last workspace file could not be imported (nothing changed).
#[component]
fn WorkspaceFileProblem() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.file_problem.get().map(|(file, error)| {
            let lang = state.lang();
            let text = fill(
                state.t().workspace_file_failed,
                &[
                    ("file", &file),
                    ("reason", &lang.workspace_file_error(&error)),
                ],
            );
            view! {
                <p class="notice notice-error" role="alert" data-testid="workspace-file-problem">
                    {text}
                </p>
            }
        })
    }
}

/// How much the browser stores for this app, and whether it is kept.
#[component]
fn StorageCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="card" aria-labelledby="storage-title" data-testid="storage-use">
            <h2 id="storage-title">{move || state.t().storage_title}</h2>
            {move || {
                let lang = state.lang();
                let t = state.t();
                let total: usize = state
                    .workspaces
                    .with(|l| l.iter().map(WorkspaceMeta::bytes).sum());
                let ours = fill(
                    t.storage_workspaces,
                    &[("size", &format::bytes(total as u64, lang))],
                );
                let browser = state
                    .storage_use
                    .get()
                    .map(|u| {
                        let used = fill(
                            t.storage_use,
                            &[
                                ("used", &format::bytes(u.used as u64, lang)),
                                ("quota", &format::bytes(u.quota as u64, lang)),
                            ],
                        );
                        let kept = if u.persistent {
                            t.storage_persistent
                        } else {
                            t.storage_best_effort
                        };
                        view! {
                            <p>{used}</p>
                            <p class="help">{kept}</p>
                        }
                    });
                view! {
                    <p>{ours}</p>
                    {browser}
                }
            }}
        </section>
    }
}

/// Workspaces whose stored form cannot be read.
#[component]
fn UnreadableWorkspaces() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        state
            .unreadable
            .get()
            .into_iter()
            .map(|u| {
                let text = fill(
                    state.t().workspace_unreadable,
                    &[
                        ("name", &u.meta.name),
                        ("reason", &lang.decode_error(&u.error)),
                    ],
                );
                view! {
                    <p class="notice notice-error" role="alert" data-testid="workspace-unreadable">
                        {text}
                    </p>
                }
            })
            .collect_view()
    }
}

/// The list of workspaces.
#[component]
fn WorkspaceTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="table-wrap">
            <table class="workspaces" data-testid="workspaces">
                <thead>
                    <tr>
                        <th scope="col">{move || state.t().workspace_col_name}</th>
                        <th scope="col">{move || state.t().workspace_col_data}</th>
                        <th scope="col" class="num">
                            {move || state.t().workspace_col_size}
                        </th>
                        <th scope="col">{move || state.t().workspace_col_saved}</th>
                        <th scope="col">
                            <span class="visually-hidden">
                                {move || state.t().workspace_col_actions}
                            </span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || state.workspaces.get()
                        key=|m| (m.id.clone(), m.revision, m.name.clone())
                        children=move |meta| view! { <WorkspaceRow meta /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// What a workspace's data is, in words.
fn data_text(meta: &WorkspaceMeta, state: AppState) -> String {
    let lang = state.lang();
    let t = state.t();
    let customers = format::count(meta.customers, lang);
    match &meta.origin {
        DataOrigin::Demo => fill(t.workspace_data_demo, &[("customers", &customers)]),
        DataOrigin::Empty => t.workspace_data_empty.to_owned(),
        DataOrigin::Imported { file_name, .. } => fill(
            t.workspace_data_file,
            &[("file", file_name), ("customers", &customers)],
        ),
    }
}

/// When a workspace was saved last, in the page's language.
fn saved_text(meta: &WorkspaceMeta, state: AppState) -> String {
    let date = js_sys::Date::new(&meta.updated_ms.into());
    let locale = state.lang().code();
    let options = js_sys::Object::new();
    for (k, v) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    String::from(date.to_locale_string(locale, &options))
}

/// One workspace: its facts and actions (rename and delete ask first).
#[component]
fn WorkspaceRow(meta: WorkspaceMeta) -> impl IntoView {
    let state = expect_context::<AppState>();
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(meta.name.clone());
    let is_open = {
        let id = meta.id.clone();
        Signal::derive(move || state.workspace.with(|w| w.id == id))
    };
    let m = StoredValue::new(meta.clone());
    let rename = move || {
        renaming.set(false);
        let wanted = name.get_untracked();
        if !wanted.trim().is_empty() && wanted != m.with_value(|m| m.name.clone()) {
            state.rename_workspace(m.get_value(), wanted);
        }
    };
    let name_cell = move || {
        if renaming.get() {
            view! {
                <form
                    class="rename"
                    on:submit=move |e| {
                        e.prevent_default();
                        rename();
                    }
                >
                    <input
                        type="text"
                        data-testid="workspace-name-input"
                        aria-label=move || state.t().workspace_name_label
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                    <button type="submit" class="primary">
                        {move || state.t().workspace_save_name}
                    </button>
                    <button type="button" on:click=move |_| renaming.set(false)>
                        {move || state.t().workspace_cancel}
                    </button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <strong data-testid="workspace-name">{m.with_value(|m| m.name.clone())}</strong>
                <Show when=move || is_open.get()>
                    <span class="badge">{move || state.t().workspace_current}</span>
                </Show>
            }
            .into_any()
        }
    };
    view! {
        <tr data-testid="workspace-row" class:current=move || is_open.get()>
            <th scope="row">{name_cell}</th>
            <td>{move || m.with_value(|m| data_text(m, state))}</td>
            <td class="num">
                {move || format::bytes(m.with_value(|m| m.bytes()) as u64, state.lang())}
            </td>
            <td>{move || m.with_value(|m| saved_text(m, state))}</td>
            <td class="actions-cell">
                <div class="row-actions">
                    <Show
                        when=move || confirming.get()
                        fallback=move || {
                            view! { <WorkspaceActions meta=m is_open renaming confirming /> }
                        }
                    >
                        <span class="confirm" role="alert">
                            {move || {
                                fill(
                                    state.t().workspace_delete_confirm,
                                    &[("name", &m.with_value(|m| m.name.clone()))],
                                )
                            }}
                        </span>
                        <button
                            type="button"
                            class="danger"
                            data-testid="workspace-delete-confirm"
                            on:click=move |_| {
                                confirming.set(false);
                                state.delete_workspace(m.with_value(|m| m.id.clone()));
                            }
                        >
                            {move || state.t().workspace_delete}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>
                            {move || state.t().workspace_cancel}
                        </button>
                    </Show>
                </div>
            </td>
        </tr>
    }
}

/// Open, rename, duplicate and delete buttons of a row.
#[component]
fn WorkspaceActions(
    meta: StoredValue<WorkspaceMeta>,
    is_open: Signal<bool>,
    renaming: RwSignal<bool>,
    confirming: RwSignal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = Signal::derive(move || meta.with_value(|m| m.name.clone()));
    view! {
        <Show when=move || !is_open.get()>
            <button
                type="button"
                class="primary"
                data-testid="workspace-open"
                on:click=move |_| {
                    state.open_workspace(meta.with_value(|m| m.id.clone()));
                    let _ = window().location().set_hash(super::state::Page::Data.hash());
                }
            >
                {move || state.t().workspace_open}
            </button>
        </Show>
        <RowButton
            testid="workspace-rename"
            label=|t| t.workspace_rename
            name
            on_click=move || renaming.set(true)
        />
        <RowButton
            testid="workspace-duplicate"
            label=|t| t.workspace_duplicate
            name
            on_click=move || {
                let copy = fill(state.t().workspace_copy_of, &[("name", &name.get_untracked())]);
                state.duplicate_workspace(meta.get_value(), copy);
            }
        />
        <RowButton
            testid="workspace-export"
            label=|t| t.workspace_export
            name
            on_click=move || state.export_workspace(meta.get_value())
        />
        <RowButton
            testid="workspace-delete"
            label=|t| t.workspace_delete
            name
            on_click=move || confirming.set(true)
        />
    }
}

/// One action of a row, its accessible name saying which workspace it acts on.
#[component]
fn RowButton(
    testid: &'static str,
    label: fn(&'static Texts) -> &'static str,
    /// The workspace's name.
    name: Signal<String>,
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            type="button"
            data-testid=testid
            aria-label=move || format!("{} {}", label(state.t()), name.get())
            on:click=move |_| on_click()
        >
            {move || label(state.t())}
        </button>
    }
}
