//! The Leptos user interface (wasm only). Components read and write the
//! [`AppState`] provided by [`App`]; all numbers come from the core through the
//! request/response values of [`crate::clv::api`].

mod autosave;
mod benchmark;
mod customers_page;
mod data_page;
mod download;
mod equity;
mod goals;
mod import;
mod models;
mod offline;
mod segments;
mod session;
mod shared_page;
mod state;
mod widgets;
mod worker;
mod workspace_actions;
mod workspace_notice;
mod workspaces_page;

pub use session::{boot, Boot};
pub use state::AppState;

use crate::i18n::Lang;
use leptos::prelude::*;
use state::{Page, SaveStatus};

/// The whole app: header with navigation and language switch, the current page,
/// and the save status.
#[component]
pub fn App(
    /// The library and the workspace opened before mounting.
    boot: Boot,
) -> impl IntoView {
    let state = AppState::start(boot);
    provide_context(state);
    state.listen_to_other_tabs();
    offline::register(move || state.update_available.set(true));

    // Keep <html lang> in step with the chosen language (screen readers, hyphenation).
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", state.lang().code());
        }
        document().set_title(&format!("Kundenwert · {}", state.t().app_tagline));
    });

    view! {
        <a class="skip-link" href="#main">
            {move || state.t().skip_to_content}
        </a>
        <div class="shell">
            <header class="topbar">
                <a class="brand" href="#/data">
                    <span class="brand-mark" aria-hidden="true">
                        "K"
                    </span>
                    <span class="brand-text">
                        <strong>"Kundenwert"</strong>
                        <small>{move || state.t().app_tagline}</small>
                    </span>
                </a>
                <a
                    class="workspace-link"
                    href=Page::Workspaces.hash()
                    title=move || state.t().workspace_header_label
                    aria-label=move || {
                        format!(
                            "{}: {}",
                            state.t().workspace_header_label,
                            state.workspace.with(|w| w.name.clone()),
                        )
                    }
                >
                    <span class="workspace-icon" aria-hidden="true">
                        "❏"
                    </span>
                    <span data-testid="current-workspace">
                        {move || state.workspace.with(|w| w.name.clone())}
                    </span>
                </a>
                <LanguageSwitch />
            </header>
            <nav class="sidenav" aria-label=move || state.t().nav_label>
                <NavLink page=Page::Data />
                <NavLink page=Page::Customers />
                <NavLink page=Page::Models />
                <NavLink page=Page::Segments />
                <NavLink page=Page::Goals />
                <NavLink page=Page::Equity />
                <NavLink page=Page::Workspaces />
            </nav>
            <main id="main" tabindex="-1">
                <offline::UpdateNotice />
                <LoadProblemBanner />
                <workspace_notice::WorkspaceNotice />
                {move || match state.page.get() {
                    Page::Data => view! { <data_page::DataPage /> }.into_any(),
                    Page::Customers => view! { <customers_page::CustomersPage /> }.into_any(),
                    Page::Models => view! { <models::ModelsPage /> }.into_any(),
                    Page::Segments => view! { <segments::SegmentsPage /> }.into_any(),
                    Page::Goals => view! { <goals::GoalsPage /> }.into_any(),
                    Page::Equity => view! { <equity::EquityPage /> }.into_any(),
                    Page::Workspaces => view! { <workspaces_page::WorkspacesPage /> }.into_any(),
                    Page::Shared => view! { <shared_page::SharedPage /> }.into_any(),
                }}
            </main>
            <footer class="statusbar">
                <span class="privacy">{move || state.t().privacy_note}</span>
                <SaveIndicator />
            </footer>
        </div>
    }
}

/// One entry of the main navigation.
#[component]
fn NavLink(
    /// The page this entry opens.
    page: Page,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let label = move || page.title(state.t());
    view! {
        <a
            href=page.hash()
            class:active=move || state.page.get() == page
            aria-current=move || (state.page.get() == page).then_some("page")
        >
            <span class="nav-icon" aria-hidden="true">
                {page.icon()}
            </span>
            <span>{label}</span>
        </a>
    }
}

/// DE / EN switch; the browser's language is the default until one is chosen.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="lang-switch" role="group" aria-label=move || state.t().language>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            aria-label=lang.native_name()
                            title=lang.native_name()
                            aria-pressed=move || (state.lang() == lang).to_string()
                            on:click=move |_| state.settings.update(|s| s.lang = Some(lang))
                        >
                            {lang.code().to_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Shown when the workspace an earlier build saved in localStorage cannot be
/// read: explains why and offers to download the text or discard it.
#[component]
fn LoadProblemBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.load_problem.get().map(|problem| {
            let lang = state.lang();
            let t = state.t();
            let reason = lang.decode_error(&problem.error);
            let text = problem.text.clone();
            view! {
                <section class="notice notice-error" role="alert" data-testid="load-problem">
                    <h2>{t.load_unreadable_title}</h2>
                    <p>{crate::i18n::fill(t.load_unreadable_body, &[("reason", &reason)])}</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| state.reset_saved()>
                            {t.load_reset}
                        </button>
                        <button
                            type="button"
                            on:click=move |_| download::text_file(
                                "kundenwert-unreadable.json",
                                "application/json",
                                &text,
                            )
                        >
                            {t.load_download}
                        </button>
                    </div>
                </section>
            }
        })
    }
}

/// "Saved in this browser" or why not.
#[component]
fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = state.t();
        let (class, text) = match state.save.get() {
            SaveStatus::Saved { .. } => ("save-ok", t.saved.to_owned()),
            SaveStatus::Conflict => ("save-warn", t.save_conflict.to_owned()),
            SaveStatus::TooLarge { bytes } => (
                "save-error",
                crate::i18n::fill(
                    t.save_too_large,
                    &[("size", &crate::format::bytes(bytes as u64, lang))],
                ),
            ),
            SaveStatus::Failed(reason) => (
                "save-error",
                crate::i18n::fill(t.save_failed, &[("reason", &reason)]),
            ),
            SaveStatus::Unavailable(reason) => (
                "save-error",
                crate::i18n::fill(t.storage_unavailable, &[("reason", &reason)]),
            ),
        };
        view! {
            <span class=format!("save-status {class}") role="status" data-testid="save-status">
                {text}
            </span>
        }
    }
}
