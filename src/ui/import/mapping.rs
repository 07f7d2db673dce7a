//! The mapping step: how a shop export's columns are read, shown on its first
//! rows and adjustable, with a live preview of what importing gives. Nothing
//! changes until the user confirms; the confirmed choices are remembered for
//! files with the same headers.

use super::{apply, ImportOutcome, Pending};
use crate::clv::api::{self, ImportPreview, ReadExport};
use crate::clv::data::dates::DateOrder;
use crate::clv::data::delimited::Delimiter;
use crate::clv::data::mapping::{ColumnMapping, ColumnRole};
use crate::clv::data::number::DecimalMark;
use crate::clv::data::orders::{StatusEffect, StatusRule};
use crate::clv::data::shop_import::{FileError, FileFormat, ImportChoices, ReadOptions};
use crate::clv::data::text::TextEncoding;
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// A dropped file waiting for its mapping.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MappingInput {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The read file and the user's choices, shared by the step's parts.
#[derive(Clone, Copy)]
struct Draft {
    read: RwSignal<ReadOptions>,
    export: Memo<Result<ReadExport, FileError>>,
    choices: RwSignal<ImportChoices>,
    preview: Memo<Option<ImportPreview>>,
}

impl Draft {
    /// The mapping shown: chosen, else proposed.
    fn mapping(self) -> Option<ColumnMapping> {
        self.preview
            .with(|p| p.as_ref().map(|p| p.plan.mapping.clone()))
    }
}

/// The mapping step of one file.
#[component]
pub(super) fn MappingStep(
    input: MappingInput,
    /// Cleared when the step closes.
    mapping: RwSignal<Option<MappingInput>>,
    pending: RwSignal<Option<Pending>>,
    outcome: RwSignal<Option<ImportOutcome>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let file_name = input.file_name.clone();
    let bytes = StoredValue::new(input.bytes);
    let read = RwSignal::new(ReadOptions::default());
    let name = file_name.clone();
    let export = Memo::new(move |_| {
        read.with(|r| bytes.with_value(|b| api::read_export(name.clone(), b, r)))
    });
    let signature = export.with_untracked(|e| {
        e.as_ref()
            .map(|e| crate::clv::data::mapping::header_signature(&e.file.table.headers))
            .unwrap_or_default()
    });
    let remembered = state
        .settings
        .with_untracked(|s| s.remembered_import(&signature).cloned());
    let was_remembered = remembered.is_some();
    let choices = RwSignal::new(remembered.unwrap_or_default());
    let preview = Memo::new(move |_| {
        export.with(|e| {
            let e = e.as_ref().ok()?;
            Some(choices.with(|c| api::preview_import(&e.file.table, c)))
        })
    });
    let draft = Draft {
        read,
        export,
        choices,
        preview,
    };
    let confirm = move |_| {
        let Some(Ok(export)) = export.try_get_untracked() else {
            return;
        };
        let chosen = choices.get_untracked();
        let Ok((file, layout)) = api::take_import(&export, &chosen) else {
            return;
        };
        let signature = crate::clv::data::mapping::header_signature(&export.file.table.headers);
        // Remember the mapping as confirmed, so the next file with these headers opens with it.
        let mut remembered = chosen;
        remembered.mapping = draft.mapping();
        state
            .settings
            .update(|s| s.remember_import(signature, remembered));
        mapping.set(None);
        if file.rejected.is_empty() {
            outcome.set(Some(apply(state, file, Some(layout))));
        } else {
            pending.set(Some((file, Some(layout))));
        }
    };
    let t = move || state.t();
    let title = move || fill(t().mapping_title, &[("file", &file_name)]);
    let can_import = move || preview.with(|p| p.as_ref().is_some_and(|p| p.figures.is_some()));
    let confirm_text = move || {
        let orders = preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.figures.as_ref())
                .map_or(0, |f| f.orders)
        });
        fill(
            t().mapping_confirm,
            &[("orders", &format::count(orders, state.lang()))],
        )
    };
    view! {
        <div
            class="mapping review"
            role="dialog"
            aria-labelledby="mapping-title"
            data-testid="mapping-step"
        >
            <h3 id="mapping-title">{title}</h3>
            <p class="help">{move || t().mapping_intro}</p>
            <FileFacts draft=draft remembered=was_remembered />
            <SampleTable draft=draft />
            <Conventions draft=draft />
            <Statuses draft=draft />
            <PreviewFigures draft=draft />
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="mapping-confirm"
                    disabled=move || !can_import()
                    on:click=confirm
                >
                    {confirm_text}
                </button>
                <button
                    type="button"
                    data-testid="mapping-cancel"
                    on:click=move |_| mapping.set(None)
                >
                    {move || t().import_cancel}
                </button>
            </div>
        </div>
    }
}

/// The layout recognised, how the file was read, and its reading choices.
#[component]
fn FileFacts(draft: Draft, remembered: bool) -> impl IntoView {
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
        draft
            .export
            .with(|e| match e.as_ref().map(|e| &e.file.format) {
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
            .export
            .with(|e| e.as_ref().ok().map(|e| e.file.format.clone()))?;
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

/// The first rows, with a role select over every column.
#[component]
fn SampleTable(draft: Draft) -> impl IntoView {
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
            .export
            .with(|e| e.as_ref().ok().map(|e| e.file.table.headers.clone()))?;
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

/// Decimal mark, date order and the currency kept, each decided from the file or chosen.
#[component]
fn Conventions(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (t, lang) = (state.t(), state.lang());
        let plan = draft.preview.with(|p| p.as_ref().map(|p| p.plan.clone()))?;
        let marks = [DecimalMark::Point, DecimalMark::Comma]
            .map(|m| (m, m.as_char().to_string(), lang.decimal_mark_name(m)));
        let orders = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd]
            .map(|o| (o, format!("{o:?}"), lang.date_order_name(o)));
        let currency = (plan.currencies.len() > 1).then(|| {
            let kept = plan.currency.clone();
            let options = plan
                .currencies
                .iter()
                .map(|(c, n)| {
                    let text = fill(
                        t.mapping_currency_orders,
                        &[("currency", c), ("orders", &format::count(*n, lang))],
                    );
                    view! {
                        <option value=c.clone() selected=kept.as_deref() == Some(c.as_str())>
                            {text}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label>
                    <span>{t.mapping_currency}</span>
                    <select
                        data-testid="mapping-currency"
                        on:change=move |ev| {
                            let c = event_target_value(&ev);
                            draft.choices.update(|ch| ch.currency = Some(c));
                        }
                    >
                        {options}
                    </select>
                </label>
            }
        });
        Some(view! {
            <div class="inline-form conventions">
                <ConventionSelect
                    label=t.mapping_decimal
                    decided=plan.decided_decimal.is_some() && plan.decimal == plan.decided_decimal
                    options=marks.to_vec()
                    current=plan.decimal
                    testid="mapping-decimal"
                    on_change=Callback::new(move |mark| draft.choices.update(|c| c.decimal = mark))
                />
                <ConventionSelect
                    label=t.mapping_date_order
                    decided=plan.decided_date_order.is_some()
                        && plan.date_order == plan.decided_date_order
                    options=orders.to_vec()
                    current=plan.date_order
                    testid="mapping-date-order"
                    on_change=Callback::new(move |order| {
                        draft.choices.update(|c| c.date_order = order)
                    })
                />
                {currency}
            </div>
        })
    }
}

/// The `<option>`s of a select over `values`, `current` selected.
fn select_options<T: Copy + PartialEq + 'static>(
    values: impl IntoIterator<Item = T>,
    current: T,
    key: impl Fn(T) -> String,
    name: impl Fn(T) -> String,
) -> impl IntoView {
    values
        .into_iter()
        .map(|v| {
            view! {
                <option value=key(v) selected=v == current>
                    {name(v)}
                </option>
            }
        })
        .collect_view()
}

/// A convention of the file (decimal mark, date order): decided from the
/// column, or "please choose" until the user does.
#[component]
fn ConventionSelect<T: Copy + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    /// Whether the value in use is the one the column decides.
    decided: bool,
    /// Each value with its `<option>` value and its name.
    options: Vec<(T, String, &'static str)>,
    current: Option<T>,
    testid: &'static str,
    on_change: Callback<Option<T>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = state.t();
    let note = if decided {
        t.mapping_decided
    } else {
        t.mapping_choose
    };
    let keys: Vec<(T, String)> = options.iter().map(|(v, k, _)| (*v, k.clone())).collect();
    let items = options
        .into_iter()
        .map(|(v, key, name)| {
            view! {
                <option value=key selected=current == Some(v)>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <label>
            <span>{label}" ("{note}")"</span>
            <select
                data-testid=testid
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    on_change.run(keys.iter().find(|(_, k)| *k == key).map(|(v, _)| *v));
                }
            >
                <option value="" selected=current.is_none()>
                    {t.mapping_choose}
                </option>
                {items}
            </select>
        </label>
    }
}

/// Every status value found, with what it does to its orders.
#[component]
fn Statuses(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    let set_effect = move |value: String, effect: StatusEffect| {
        draft.choices.update(|c| {
            c.statuses.retain(|r| r.value != value);
            c.statuses.push(StatusRule { value, effect });
        })
    };
    move || {
        let (t, lang) = (state.t(), state.lang());
        let statuses = draft
            .preview
            .with(|p| p.as_ref().map(|p| p.plan.statuses.clone()))?;
        (!statuses.is_empty()).then(|| {
            let rows = statuses
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let label = fill(
                        t.mapping_status_orders,
                        &[
                            ("status", &s.value),
                            ("orders", &format::count(s.orders, lang)),
                        ],
                    );
                    let value = s.value.clone();
                    view! {
                        <label>
                            <span>{label}</span>
                            <select
                                data-testid=format!("mapping-status-{i}")
                                on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    if let Some(e) = StatusEffect::ALL
                                        .into_iter()
                                        .find(|e| e.key() == key)
                                    {
                                        set_effect(value.clone(), e);
                                    }
                                }
                            >
                                {select_options(
                                    StatusEffect::ALL,
                                    s.effect,
                                    |e| e.key().to_string(),
                                    |e| lang.status_effect_name(e).to_string(),
                                )}
                            </select>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="statuses" data-testid="mapping-statuses">
                    <legend>{t.mapping_statuses}</legend>
                    <div class="inline-form">{rows}</div>
                </fieldset>
            }
        })
    }
}

/// What importing gives, or what must be answered first.
#[component]
fn PreviewFigures(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
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
    }
}
