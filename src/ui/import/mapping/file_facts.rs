//! The layout recognised, how the file was read, and its reading choices.

use super::{select_options, Draft};
use crate::clv::data::delimited::Delimiter;
use crate::clv::data::shop_import::FileFormat;
use crate::clv::data::text::TextEncoding;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// The layout recognised, how the file was read, and its reading choices.
#[component]
pub(super) fn FileFacts(draft: Draft, remembered: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let layout = move || {
        let lang = state.lang();
        draft.preview.with(|p| {
            p.as_ref().map(|p| {
                fill(
                    state.t().mapping_layout,
                    &[("layout", lang.layout_name(p.plan.layout))],
                )
            })
        })
    };
    let format_line = move || {
        let (t, lang) = (state.t(), state.lang());
        draft.view.with(|v| match v.as_ref().map(|v| &v.format) {
            Ok(FileFormat::Text {
                encoding,
                delimiter,
            }) => fill(
                t.mapping_format_text,
                &[
                    ("encoding", encoding.label()),
                    ("delimiter", lang.delimiter_name(*delimiter)),
                ],
            ),
            Ok(FileFormat::Workbook { sheet, .. }) => fill(
                t.mapping_format_workbook,
                &[("sheet", sheet.as_deref().unwrap_or(t.mapping_first_sheet))],
            ),
            Err(e) => lang.file_error(e),
        })
    };
    view! {
        <p data-testid="mapping-layout">{layout}</p>
        {remembered
            .then(|| {
                view! {
                    <p class="help" data-testid="mapping-remembered">
                        {move || state.t().mapping_remembered}
                    </p>
                }
            })}
        <p class="help" data-testid="mapping-format">
            {format_line}
        </p>
        <ReadChoices draft=draft />
    }
}

/// Encoding and separator of a text file, or the sheet of a workbook.
#[component]
fn ReadChoices(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let format = draft
            .view
            .with(|v| v.as_ref().ok().map(|v| v.format.clone()))?;
        let t = state.t();
        let lang = state.lang();
        Some(match format {
            FileFormat::Text {
                encoding,
                delimiter,
            } => view! {
                <div class="inline-form">
                    <label>
                        <span>{t.mapping_encoding}</span>
                        <select
                            data-testid="mapping-encoding"
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                let chosen = TextEncoding::ALL
                                    .into_iter()
                                    .find(|e| e.label() == key);
                                draft.read.update(|r| r.encoding = chosen);
                            }
                        >
                            {select_options(
                                TextEncoding::ALL,
                                encoding,
                                |e| e.label().to_string(),
                                |e| e.label().to_string(),
                            )}
                        </select>
                    </label>
                    <label>
                        <span>{t.mapping_delimiter}</span>
                        <select
                            data-testid="mapping-delimiter"
                            on:change=move |ev| {
                                let key = event_target_value(&ev);
                                let chosen = Delimiter::ALL.into_iter().find(|d| d.label() == key);
                                draft.read.update(|r| r.delimiter = chosen);
                            }
                        >
                            {select_options(
                                Delimiter::ALL,
                                delimiter,
                                |d| d.label().to_string(),
                                |d| lang.delimiter_name(d).to_string(),
                            )}
                        </select>
                    </label>
                </div>
            }
            .into_any(),
            FileFormat::Workbook { sheets, sheet } => view! {
                <div class="inline-form">
                    <label>
                        <span>{t.mapping_sheet}</span>
                        <select
                            data-testid="mapping-sheet"
                            on:change=move |ev| {
                                let chosen = Some(event_target_value(&ev))
                                    .filter(|s| !s.is_empty());
                                draft.read.update(|r| r.sheet = chosen);
                            }
                        >
                            <option value="" selected=sheet.is_none()>
                                {t.mapping_first_sheet}
                            </option>
                            {sheets
                                .into_iter()
                                .map(|s| {
                                    let selected = sheet.as_deref() == Some(s.as_str());
                                    view! {
                                        <option value=s.clone() selected=selected>
                                            {s.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
            }
            .into_any(),
        })
    }
}
