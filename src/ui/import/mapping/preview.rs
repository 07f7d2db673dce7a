//! What importing gives, or what must be answered first.

use super::Draft;
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// What importing gives, or what must be answered first; while the file is
/// previewed again (a large file takes a second or two in the worker), a line
/// saying so.
#[component]
pub(super) fn PreviewFigures(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    let updating = move || {
        draft.updating.get().then(|| {
            view! {
                <p class="help" role="status" data-testid="mapping-updating">
                    {move || state.t().mapping_updating}
                </p>
            }
        })
    };
    let figures = move || {
        let (t, lang) = (state.t(), state.lang());
        let currency = state.currency();
        let preview = draft.preview.with(|p| p.clone())?;
        let problems = preview
            .plan
            .problems
            .iter()
            .map(|p| view! { <li>{lang.plan_problem(p)}</li> })
            .collect_view();
        let figures = preview.figures.map(|f| {
            let date = |d: Option<chrono::NaiveDate>| {
                d.map(|d| format::date(d, lang))
                    .unwrap_or_else(|| "–".into())
            };
            let count = |n: usize| format::count(n, lang);
            let summary = fill(
                t.mapping_preview,
                &[
                    ("customers", &count(f.customers)),
                    ("orders", &count(f.orders)),
                    ("revenue", &format::money(f.net_revenue, &currency, lang)),
                    ("first", &date(f.first)),
                    ("last", &date(f.last)),
                ],
            );
            let details = fill(
                t.mapping_preview_details,
                &[
                    ("items", &count(f.line_items)),
                    ("refunded", &count(f.refunded)),
                    ("excluded", &count(f.excluded)),
                    ("other", &count(f.other_currency)),
                    ("rejected", &count(f.rejected)),
                ],
            );
            view! {
                <p data-testid="mapping-preview">{summary}</p>
                <p class="help" data-testid="mapping-preview-details">
                    {details}
                </p>
            }
        });
        Some(view! {
            <div class="mapping-preview" role="status">
                <h4>{t.mapping_preview_title}</h4>
                {(!preview.plan.problems.is_empty())
                    .then(|| {
                        view! {
                            <ul class="field-error" data-testid="mapping-problems">
                                {problems}
                            </ul>
                        }
                    })}
                {figures}
            </div>
        })
    };
    view! {
        {updating}
        {figures}
    }
}
