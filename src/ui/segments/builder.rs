//! The custom segment builder: conditions as typed, a live count, and the
//! saved segments with their size and value.

use crate::clv::segments::draft::{draft_segment, ConditionDraft, ConditionKind};
use crate::clv::segments::overview::SegmentsOverview;
use crate::clv::segments::rfm::RfmSegment;
use crate::clv::segments::rules::{members, Combine, CustomSegment, Measure, Op, SegmentError};
use crate::clv::segments::stats::segment_stats;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{Field, TableHead};
use crate::ui::AppState;
use leptos::prelude::*;

/// The members of `segment` (which may refer to the others in `all`) among
/// the current customers.
fn evaluate(
    state: AppState,
    overview: Memo<SegmentsOverview>,
    segment: &CustomSegment,
    all: &[CustomSegment],
) -> Result<Vec<usize>, SegmentError> {
    let end = state.observation_end.get().unwrap_or_default();
    state.scores.with(|scores| {
        overview.with(|o| {
            state.summary.with(|s| {
                members(
                    segment,
                    all,
                    &o.segment_context(&s.customers, scores.as_deref(), end),
                )
            })
        })
    })
}

/// The saved custom segments.
fn saved(state: AppState) -> Vec<CustomSegment> {
    state.settings.with(|s| s.segments.clone())
}

/// The custom segment builder with a live count, and the saved segments.
#[component]
pub(super) fn SegmentBuilder(
    /// The segments (for the RFM scores the rules may use).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let combine = RwSignal::new(Combine::All);
    let conditions = RwSignal::new(vec![ConditionDraft::default()]);
    let draft = move || conditions.with(|c| draft_segment(&name.get(), combine.get(), c));
    let live = move || {
        let mut d = draft();
        if d.name.is_empty() {
            d.name = "draft".into();
        }
        let lang = state.lang();
        match evaluate(state, overview, &d, &saved(state)) {
            Ok(m) => fill(
                state.t().builder_count,
                &[("n", &format::count(m.len(), lang))],
            ),
            Err(e) => lang.segment_error(&e),
        }
    };
    let save = move |_| {
        let d = draft();
        if d.name.is_empty() {
            return;
        }
        state.settings.update(|s| {
            s.segments.retain(|segment| segment.name != d.name);
            s.segments.push(d);
        });
    };
    let name_taken = move || {
        let n = name.get();
        saved(state)
            .iter()
            .any(|s| s.name == n.trim())
            .then(|| view! { <p class="help">{state.t().builder_name_taken}</p> })
    };
    view! {
        <section class="card" aria-labelledby="builder-title">
            <h2 id="builder-title">{move || state.t().builder_title}</h2>
            <div class="form-grid">
                <Field id="segment-name" label=|t| t.builder_name>
                    <input
                        id="segment-name"
                        type="text"
                        data-testid="segment-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    {name_taken}
                </Field>
                <Field id="segment-combine" label=|t| t.builder_match>
                    <select
                        id="segment-combine"
                        data-testid="segment-combine"
                        on:change=move |ev| {
                            combine
                                .set(
                                    if event_target_value(&ev) == "any" {
                                        Combine::Any
                                    } else {
                                        Combine::All
                                    },
                                )
                        }
                    >
                        <option value="all" selected=move || combine.get() == Combine::All>
                            {move || state.t().builder_all}
                        </option>
                        <option value="any" selected=move || combine.get() == Combine::Any>
                            {move || state.t().builder_any}
                        </option>
                    </select>
                </Field>
            </div>
            <div class="conditions">
                {move || {
                    (0..conditions.with(Vec::len))
                        .map(|i| view! { <ConditionRow conditions=conditions index=i /> })
                        .collect_view()
                }}
            </div>
            <div class="actions">
                <button
                    type="button"
                    on:click=move |_| conditions.update(|c| c.push(ConditionDraft::default()))
                >
                    {move || state.t().builder_add}
                </button>
                <button
                    type="button"
                    class="primary"
                    data-testid="segment-save"
                    disabled=move || name.with(|n| n.trim().is_empty())
                    on:click=save
                >
                    {move || state.t().builder_save}
                </button>
                <span class="fit-status" role="status" data-testid="segment-live-count">
                    {live}
                </span>
            </div>
            <SavedSegments overview=overview />
        </section>
    }
}

/// One editable condition of the draft: what it tests, and its value.
#[component]
fn ConditionRow(
    /// The draft's conditions.
    conditions: RwSignal<Vec<ConditionDraft>>,
    /// Which of them this row edits.
    index: usize,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i = index;
    let at = ConditionAt { conditions, index };
    let get = move || at.get();
    let set = move |f: &dyn Fn(&mut ConditionDraft)| at.set(f);
    let t = move || state.t();
    let kind_label = move |kind: ConditionKind| match kind {
        ConditionKind::Compare => "…",
        ConditionKind::InRfmSegment => t().measure_in_rfm,
        ConditionKind::InSegment => t().measure_in_segment,
        ConditionKind::NotInSegment => t().measure_not_in_segment,
    };
    let value_fields = move || match get().kind {
        ConditionKind::InRfmSegment => view! {
            <select on:change=move |ev| {
                if let Some(s) = RfmSegment::from_key(&event_target_value(&ev)) {
                    set(&|d| d.rfm = s);
                }
            }>
                {RfmSegment::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option value=s.key() selected=move || get().rfm == s>
                                {move || state.lang().rfm_name(s)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        ConditionKind::InSegment | ConditionKind::NotInSegment => view! {
            <select on:change=move |ev| {
                let v = event_target_value(&ev);
                set(&|d| d.segment = v.clone());
            }>
                <option value="">"–"</option>
                {saved(state)
                    .into_iter()
                    .map(|s| {
                        let n = s.name.clone();
                        view! {
                            <option value=n.clone() selected=move || get().segment == n>
                                {s.name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        ConditionKind::Compare => view! { <CompareFields at=at /> }.into_any(),
    };
    view! {
        <div class="condition" data-testid=format!("condition-{i}")>
            <select
                aria-label=move || t().builder_match
                on:change=move |ev| {
                    if let Some(kind) = ConditionKind::from_key(&event_target_value(&ev)) {
                        set(&|d| d.kind = kind);
                    }
                }
            >
                {ConditionKind::ALL
                    .into_iter()
                    .map(|k| {
                        view! {
                            <option value=k.key() selected=move || get().kind == k>
                                {move || kind_label(k)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {value_fields}
            <button
                type="button"
                class="small"
                on:click=move |_| {
                    conditions
                        .update(|c| {
                            if i < c.len() {
                                c.remove(i);
                            }
                        })
                }
            >
                {move || t().builder_remove}
            </button>
        </div>
    }
}

/// The saved custom segments with their size and CLV; each can be listed on
/// the Customers page or deleted.
#[component]
fn SavedSegments(
    /// The segments (for the RFM scores the rules may use).
    overview: Memo<SegmentsOverview>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        let all = saved(state);
        let lang = state.lang();
        all.iter()
            .map(|seg| {
                let label = seg.name.clone();
                let delete_name = seg.name.clone();
                let (count, detail, members_list) = match evaluate(state, overview, seg, &all) {
                    Ok(m) => {
                        let clv_sum = state.scores.with(|scores| {
                            state.summary.with(|s| {
                                segment_stats(&m, &s.customers, scores.as_deref()).clv_sum
                            })
                        });
                        let detail = clv_sum.map(|v| state.money(v)).unwrap_or_default();
                        (format::count(m.len(), lang), detail, m)
                    }
                    Err(e) => ("–".into(), lang.segment_error(&e), Vec::new()),
                };
                view! {
                    <tr>
                        <th scope="row">{seg.name.clone()}</th>
                        <td class="num">{count}</td>
                        <td class="num">{detail}</td>
                        <td>
                            <button
                                type="button"
                                class="small"
                                on:click=move |_| {
                                    state.show_customers(label.clone(), members_list.clone())
                                }
                            >
                                {state.t().show_customers}
                            </button>
                            " "
                            <button
                                type="button"
                                class="small"
                                on:click=move |_| {
                                    state
                                        .settings
                                        .update(|s| {
                                            s.segments.retain(|segment| segment.name != delete_name)
                                        })
                                }
                            >
                                {state.t().builder_delete}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{move || state.t().builder_saved_list}</h3>
        {move || {
            saved(state)
                .is_empty()
                .then(|| view! { <p class="muted">{state.t().builder_none_saved}</p> })
        }}
        <div class="table-wrap">
            <table data-testid="custom-segments">
                <TableHead
                    columns=&[|t| t.col_segment, |t| t.stat_customers, |t| t.col_clv_sum]
                    actions=true
                />
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One condition of the draft, by its place.
#[derive(Clone, Copy)]
struct ConditionAt {
    conditions: RwSignal<Vec<ConditionDraft>>,
    index: usize,
}

impl ConditionAt {
    fn get(self) -> ConditionDraft {
        self.conditions
            .with(|c| c.get(self.index).cloned().unwrap_or_default())
    }

    fn set(self, f: &dyn Fn(&mut ConditionDraft)) {
        self.conditions.update(|c| {
            if let Some(d) = c.get_mut(self.index) {
                f(d)
            }
        })
    }
}

/// A comparison's measure, operator and value.
#[component]
fn CompareFields(at: ConditionAt) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i = at.index;
    let get = move || at.get();
    let set = move |f: &dyn Fn(&mut ConditionDraft)| at.set(f);
    view! {
        <select
            data-testid=format!("condition-{i}-measure")
            on:change=move |ev| {
                if let Some(m) = Measure::ALL
                    .into_iter()
                    .find(|m| m.key() == event_target_value(&ev))
                {
                    set(&|d| d.measure = m);
                }
            }
        >
            {Measure::ALL
                .into_iter()
                .map(|m| {
                    view! {
                        <option value=m.key() selected=move || get().measure == m>
                            {move || state.lang().measure_name(m)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <select
            data-testid=format!("condition-{i}-op")
            on:change=move |ev| {
                if let Some(op) = Op::ALL
                    .into_iter()
                    .find(|op| op.symbol() == event_target_value(&ev))
                {
                    set(&|d| d.op = op);
                }
            }
        >
            {Op::ALL
                .into_iter()
                .map(|op| {
                    view! {
                        <option value=op.symbol() selected=move || get().op == op>
                            {op.symbol()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <input
            type="text"
            inputmode="decimal"
            data-testid=format!("condition-{i}-value")
            prop:value=move || get().value
            on:input=move |ev| {
                let v = event_target_value(&ev);
                set(&|d| d.value = v.clone());
            }
        />
    }
}
