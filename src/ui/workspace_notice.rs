//! The notice above every page about the open workspace: moved in from an
//! earlier build, updated from another tab, a conflict with another tab, or
//! a workspace just deleted (with its undo).

use super::state::TabNotice;
use super::AppState;
use crate::i18n::fill;
use leptos::prelude::*;

#[component]
pub fn WorkspaceNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let t = state.t();
        let dismiss = move || {
            view! {
                <button type="button" on:click=move |_| state.notice.set(None)>
                    {t.notice_dismiss}
                </button>
            }
        };
        state.notice.get().map(|notice| match notice {
            TabNotice::Migrated => view! {
                <div class="notice notice-ok" role="status" data-testid="workspace-notice">
                    <p>{t.notice_migrated}</p>
                    {dismiss()}
                </div>
            }
            .into_any(),
            TabNotice::UpdatedElsewhere => view! {
                <div class="notice notice-ok" role="status" data-testid="workspace-notice">
                    <p>{t.notice_updated}</p>
                    {dismiss()}
                </div>
            }
            .into_any(),
            TabNotice::Conflict { stored } => {
                let text = if stored.is_some() {
                    t.notice_conflict
                } else {
                    t.notice_conflict_deleted
                };
                view! {
                    <div class="notice notice-warn" role="alert" data-testid="workspace-conflict">
                        <p>{text}</p>
                        <div class="actions">
                            {stored
                                .is_some()
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            data-testid="conflict-take-theirs"
                                            on:click=move |_| state.take_newer_copy()
                                        >
                                            {t.notice_take_theirs}
                                        </button>
                                    }
                                })}
                            <button
                                type="button"
                                class="primary"
                                data-testid="conflict-keep-mine"
                                on:click=move |_| state.keep_as_copy()
                            >
                                {t.notice_keep_mine}
                            </button>
                        </div>
                    </div>
                }
                .into_any()
            }
            TabNotice::Deleted { stored } => view! {
                <div class="notice notice-ok" role="status" data-testid="workspace-deleted">
                    <p>{fill(t.notice_deleted, &[("name", &stored.meta.name)])}</p>
                    <button
                        type="button"
                        class="primary"
                        data-testid="workspace-undo"
                        on:click=move |_| state.undo_delete()
                    >
                        {t.notice_undo}
                    </button>
                    {dismiss()}
                </div>
            }
            .into_any(),
        })
    }
}
