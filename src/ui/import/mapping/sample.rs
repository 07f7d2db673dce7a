//! The first rows of the file, with a role select over every column.

use super::{select_options, Draft};
use crate::clv::data::mapping::ColumnRole;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// The first rows, with a role select over every column.
#[component]
pub(super) fn SampleTable(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    let set_role = move |column: usize, role: ColumnRole| {
        let Some(mut mapping) = draft.mapping() else {
            return;
        };
        mapping.set(column, role);
        draft.choices.update(|c| c.mapping = Some(mapping));
    };
    move || {
        let lang = state.lang();
        let headers = draft
            .view
            .with(|v| v.as_ref().ok().map(|v| v.headers.clone()))?;
        let (sample, roles) = draft.preview.with(|p| {
            p.as_ref()
                .map(|p| (p.sample.clone(), p.plan.mapping.roles.clone()))
        })?;
        let head = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let current = roles.get(i).copied().unwrap_or(ColumnRole::Ignore);
                let label = fill(state.t().mapping_role_of, &[("column", h)]);
                view! {
                    <th scope="col">
                        <span class="column-name">{h.clone()}</span>
                        <select
                            aria-label=label
                            data-testid=format!("mapping-role-{i}")
                            on:change=move |ev| {
                                if let Some(role) = ColumnRole::from_key(&event_target_value(&ev)) {
                                    set_role(i, role);
                                }
                            }
                        >
                            {select_options(
                                ColumnRole::ALL,
                                current,
                                |r| r.key().to_string(),
                                |r| lang.column_role_name(r).to_string(),
                            )}
                        </select>
                    </th>
                }
            })
            .collect_view();
        let rows = sample
            .into_iter()
            .map(|row| {
                let cells = (0..headers.len())
                    .map(|i| view! { <td>{row.cells.get(i).cloned().unwrap_or_default()}</td> })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view();
        Some(view! {
            <div class="table-wrap">
                <table class="mapping-sample" data-testid="mapping-sample">
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    }
}
