//! A goal's detail: chart, numbers, check-ins, revisions and ROI.

use super::{goal_chart, input_scale, parse_number};
use crate::clv::goals::{CheckIn, ForecastMethod, Goal, GoalView, Kpi, KpiUnit};
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// A goal's chart, numbers, check-ins, revisions and ROI.
#[component]
pub(super) fn GoalDetail(
    /// The goal's id.
    id: u32,
    /// Tracking of every goal.
    views: Memo<Vec<GoalView>>,
    /// The goal whose detail is open (set to `None` to close).
    selected: RwSignal<Option<u32>>,
    /// The goal in the form, if any.
    editing: RwSignal<Option<Goal>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goal = Memo::new(move |_| state.settings.with(|s| s.goals.get(id).cloned()));
    let view_of = Memo::new(move |_| views.with(|v| v.iter().find(|v| v.id == id).cloned()));
    let today = move || state.observation_end.get().unwrap_or_default();
    let unit = move || {
        state
            .settings
            .with(|s| goal.with(|g| g.as_ref().map(|g| g.kpi.unit(&s.goals.surveys))))
            .unwrap_or(KpiUnit::Number)
    };
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let currency = state.currency();
        let (Some(g), Some(v)) = (goal.get(), view_of.get()) else {
            return (String::new(), ChartTable::default());
        };
        match &v.tracking {
            Some(tr) => goal_chart(&g, &v.series, tr, today(), unit(), &currency, lang),
            None => (String::new(), ChartTable::default()),
        }
    });
    let alt = move || {
        let lang = state.lang();
        let g = goal.get();
        let first = view_of.with(|v| v.as_ref().and_then(|v| v.series.first().map(|s| s.0)));
        let last = view_of.with(|v| v.as_ref().and_then(|v| v.series.last().map(|s| s.0)));
        fill(
            state.t().goal_chart_alt,
            &[
                ("kpi", &g.map(|g| lang.kpi_name(&g.kpi)).unwrap_or_default()),
                (
                    "first",
                    &first.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
                (
                    "last",
                    &last.map(|d| format::date(d, lang)).unwrap_or_default(),
                ),
            ],
        )
    };
    let value = move |v: f64| {
        let currency = state.currency();
        format::kpi_value(v, unit(), &currency, state.lang())
    };
    let money = move |v: f64| {
        let currency = state.currency();
        format::money(v, &currency, state.lang())
    };

    // Check-in form.
    let check_in_date = RwSignal::new(String::new());
    let check_in_note = RwSignal::new(String::new());
    let check_in_confidence = RwSignal::new(String::new());
    let check_in_error = RwSignal::new(None::<String>);
    let add_check_in = move |_| {
        let date = check_in_date
            .get_untracked()
            .parse::<NaiveDate>()
            .unwrap_or_else(|_| today());
        let confidence = check_in_confidence
            .get_untracked()
            .trim()
            .parse::<u8>()
            .ok();
        let mut result = Ok(());
        state.settings.update(|s| {
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                result = g.check_in(CheckIn {
                    date,
                    note: check_in_note.get_untracked(),
                    confidence,
                });
            }
        });
        match result {
            Ok(()) => {
                check_in_note.set(String::new());
                check_in_confidence.set(String::new());
                check_in_error.set(None);
            }
            Err(e) => check_in_error.set(Some(state.lang().goal_error(&e))),
        }
    };

    // Revision form.
    let revise_target = RwSignal::new(String::new());
    let revise_deadline = RwSignal::new(String::new());
    let revise_reason = RwSignal::new(String::new());
    let revise_error = RwSignal::new(None::<String>);
    let revising = RwSignal::new(false);
    let revise = move |_| {
        let Some(g) = goal.get_untracked() else {
            return;
        };
        let scale = input_scale(unit());
        let target = match revise_target.get_untracked().trim() {
            "" => g.target,
            s => parse_number(s) / scale,
        };
        let deadline = revise_deadline
            .get_untracked()
            .parse::<NaiveDate>()
            .unwrap_or(g.deadline);
        let today = today();
        let mut result = Ok(());
        state.settings.update(|s| {
            let direction = g.kpi.direction(&s.goals.surveys);
            if let Some(g) = s.goals.goals.iter_mut().find(|g| g.id == id) {
                result = g.revise(
                    today,
                    target,
                    deadline,
                    revise_reason.get_untracked(),
                    direction,
                );
            }
        });
        match result {
            Ok(()) => {
                revise_target.set(String::new());
                revise_deadline.set(String::new());
                revise_reason.set(String::new());
                revise_error.set(None);
                revising.set(false);
            }
            Err(e) => revise_error.set(Some(fill(
                state.t().goal_invalid,
                &[("reason", &state.lang().goal_error(&e))],
            ))),
        }
    };
    let delete = move |_| {
        let Some(g) = goal.get_untracked() else {
            return;
        };
        let question = fill(state.t().goal_delete_confirm, &[("name", &g.name)]);
        if window().confirm_with_message(&question).unwrap_or(false) {
            state.settings.update(|s| s.goals.remove(id));
            selected.set(None);
        }
    };

    move || {
        let g = goal.get()?;
        let t = state.t();
        let lang = state.lang();
        let v = view_of.get();
        let tracking = v.as_ref().and_then(|v| v.tracking.clone());
        let roi = v.as_ref().and_then(|v| v.roi);
        let basis_revenue = crate::clv::goals::value_basis(&g.kpi) == Kpi::Revenue;
        let kpi_settings = state.settings.with(|s| s.goals.kpi);
        let thresholds = state.settings.with(|s| s.goals.thresholds);
        let row = |label: &'static str, text: String, testid: &'static str| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="num" data-testid=testid>
                        {text}
                    </td>
                </tr>
            }
        };
        let fc = tracking.as_ref().and_then(|t| t.forecast);
        Some(view! {
            <section class="goal-detail" data-testid="goal-detail" aria-label=g.name.clone()>
                <div class="card-head detail-head">
                    <h2>{g.name.clone()}</h2>
                    <div class="actions">
                        <button
                            type="button"
                            class="small"
                            data-testid="goal-edit"
                            on:click=move |_| editing.set(goal.get_untracked())
                        >
                            {t.goal_edit}
                        </button>
                        <button
                            type="button"
                            class="small danger"
                            data-testid="goal-delete"
                            on:click=delete
                        >
                            {t.goal_delete}
                        </button>
                        <button type="button" class="small" on:click=move |_| selected.set(None)>
                            {t.goal_close}
                        </button>
                    </div>
                </div>
                <p class="help">
                    {lang.kpi_name(&g.kpi)}": "{lang.kpi_definition(&g.kpi, &kpi_settings)}
                </p>
                <ChartCard
                    title=Signal::derive(move || state.t().goal_chart_title.to_owned())
                    svg=Signal::derive(move || chart.with(|c| c.0.clone()))
                    alt=Signal::derive(alt)
                    table=Signal::derive(move || chart.with(|c| c.1.clone()))
                    file_name="kundenwert-goal.svg"
                    testid="goal-chart"
                />
                <div class="two-col even">
                    <section class="card">
                        <h3>{t.goal_progress}</h3>
                        <table class="facts">
                            <tbody>
                                {row(t.goal_baseline, value(g.baseline), "detail-baseline")}
                                {row(
                                    t.goal_current,
                                    tracking
                                        .as_ref()
                                        .and_then(|t| t.current)
                                        .map(value)
                                        .unwrap_or_else(|| "–".into()),
                                    "detail-current",
                                )} {row(t.goal_target, value(g.target), "detail-target")}
                                {g.stretch.map(|s| row(t.goal_stretch, value(s), "detail-stretch"))}
                                {row(
                                    t.goal_progress,
                                    tracking
                                        .as_ref()
                                        .and_then(|t| t.progress)
                                        .map(|p| format::percent(p, 1, lang))
                                        .unwrap_or_else(|| "–".into()),
                                    "detail-progress",
                                )}
                                {row(
                                    t.goal_start_label,
                                    format::date(g.start, lang),
                                    "detail-start",
                                )}
                                {row(
                                    t.goal_deadline_label,
                                    format::date(g.deadline, lang),
                                    "detail-deadline",
                                )}
                                {row(
                                    t.goal_forecast,
                                    fc
                                        .map(|f| fill(
                                            t.goal_forecast_value,
                                            &[
                                                ("value", &value(f.value)),
                                                ("low", &value(f.low)),
                                                ("high", &value(f.high)),
                                            ],
                                        ))
                                        .unwrap_or_else(|| t.goal_forecast_none.to_owned()),
                                    "detail-forecast",
                                )}
                                {row(
                                    t.goal_lever,
                                    lang.goal_lever_name(g.lever).to_owned(),
                                    "detail-lever",
                                )}
                                {(!g.owner.is_empty())
                                    .then(|| row(t.goal_owner, g.owner.clone(), "detail-owner"))}
                                {row(t.goal_cost, money(g.cost), "detail-cost")}
                            </tbody>
                        </table>
                        <p class="help" data-testid="detail-forecast-method">
                            {match fc.map(|f| f.method) {
                                Some(ForecastMethod::Model) => t.goal_forecast_help_model,
                                _ => t.goal_forecast_help,
                            }}
                        </p>
                        <p class="help">
                            {fill(
                                t.status_help,
                                &[
                                    ("on", &format::number(thresholds.on_track * 100.0, 0, lang)),
                                    ("risk", &format::number(thresholds.at_risk * 100.0, 0, lang)),
                                ],
                            )}
                        </p>
                        {(!g.milestones.is_empty())
                            .then(|| {
                                view! {
                                    <h3>{t.goal_milestones}</h3>
                                    <ul class="plain">
                                        {g
                                            .milestones
                                            .iter()
                                            .map(|m| {
                                                view! {
                                                    <li>{format::date(m.date, lang)}": "{value(m.value)}</li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        {(!g.notes.is_empty())
                            .then(|| {
                                view! {
                                    <h3>{t.goal_notes}</h3>
                                    <p class="notes">{g.notes.clone()}</p>
                                }
                            })}
                        <h3>{t.goal_roi}</h3>
                        <p data-testid="goal-roi">
                            {match roi {
                                Some(r) => {
                                    fill(
                                        t.goal_roi_value,
                                        &[
                                            ("gain", &money(r.gain)),
                                            ("cost", &money(r.cost)),
                                            (
                                                "roi",
                                                &r
                                                    .roi
                                                    .map(|x| format::percent(x, 0, lang))
                                                    .unwrap_or_else(|| "–".into()),
                                            ),
                                        ],
                                    )
                                }
                                None if g.cost <= 0.0 => t.goal_roi_none.to_owned(),
                                None => t.goal_roi_needs_model.to_owned(),
                            }}
                        </p>
                        <p class="help">
                            {if basis_revenue {
                                t.goal_roi_help_revenue
                            } else {
                                t.goal_roi_help_equity
                            }}
                        </p>
                    </section>
                    <section class="card">
                        <h3>{t.goal_check_ins}</h3>
                        {if g.check_ins.is_empty() {
                            view! { <p class="muted">{t.goal_check_ins_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="timeline" data-testid="goal-check-ins">
                                    {g
                                        .check_ins
                                        .iter()
                                        .rev()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <strong>{format::date(c.date, lang)}</strong>
                                                    {c.confidence.map(|v| format!(" · {v}\u{a0}%"))}
                                                    <br />
                                                    <span>{c.note.clone()}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <form
                            class="inline-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                add_check_in(());
                            }
                        >
                            <label>
                                <span>{t.goal_date}</span>
                                <input
                                    type="date"
                                    data-testid="check-in-date"
                                    prop:value=move || {
                                        let v = check_in_date.get();
                                        if v.is_empty() { today().to_string() } else { v }
                                    }
                                    on:input=move |ev| check_in_date.set(event_target_value(&ev))
                                />
                            </label>
                            <label class="grow">
                                <span>{t.goal_check_in_note}</span>
                                <input
                                    type="text"
                                    data-testid="check-in-note"
                                    prop:value=move || check_in_note.get()
                                    on:input=move |ev| check_in_note.set(event_target_value(&ev))
                                />
                            </label>
                            <label>
                                <span>{t.goal_check_in_confidence}</span>
                                <input
                                    type="number"
                                    min="0"
                                    max="100"
                                    step="5"
                                    class="short"
                                    data-testid="check-in-confidence"
                                    prop:value=move || check_in_confidence.get()
                                    on:input=move |ev| {
                                        check_in_confidence.set(event_target_value(&ev))
                                    }
                                />
                            </label>
                            <button type="submit" class="small" data-testid="check-in-add">
                                {t.goal_check_in_add}
                            </button>
                        </form>
                        {move || {
                            check_in_error
                                .get()
                                .map(|e| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <h3>{t.goal_revisions}</h3>
                        {if g.revisions.is_empty() {
                            view! { <p class="muted">{t.goal_revisions_none}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="timeline" data-testid="goal-revisions">
                                    {g
                                        .revisions
                                        .iter()
                                        .rev()
                                        .map(|r| {
                                            view! {
                                                <li>
                                                    {fill(
                                                        t.goal_revision_entry,
                                                        &[
                                                            ("date", &format::date(r.date, lang)),
                                                            ("old_target", &value(r.previous_target)),
                                                            ("target", &value(r.target)),
                                                            ("old_deadline", &format::date(r.previous_deadline, lang)),
                                                            ("deadline", &format::date(r.deadline, lang)),
                                                        ],
                                                    )}
                                                    {(!r.reason.is_empty())
                                                        .then(|| {
                                                            view! {
                                                                <br />
                                                                <span class="muted">{r.reason.clone()}</span>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <button
                            type="button"
                            class="disclosure"
                            aria-expanded=move || revising.get().to_string()
                            on:click=move |_| revising.update(|r| *r = !*r)
                        >
                            {t.goal_revise}
                        </button>
                        <Show when=move || revising.get()>
                            <form
                                class="inline-form"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    revise(());
                                }
                            >
                                <label>
                                    <span>{t.goal_target}</span>
                                    <input
                                        type="number"
                                        step="any"
                                        class="short"
                                        data-testid="revise-target"
                                        prop:value=move || revise_target.get()
                                        on:input=move |ev| {
                                            revise_target.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <label>
                                    <span>{t.goal_deadline_label}</span>
                                    <input
                                        type="date"
                                        data-testid="revise-deadline"
                                        prop:value=move || revise_deadline.get()
                                        on:input=move |ev| {
                                            revise_deadline.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <label class="grow">
                                    <span>{t.goal_revise_reason}</span>
                                    <input
                                        type="text"
                                        data-testid="revise-reason"
                                        prop:value=move || revise_reason.get()
                                        on:input=move |ev| {
                                            revise_reason.set(event_target_value(&ev))
                                        }
                                    />
                                </label>
                                <button type="submit" class="small" data-testid="revise-save">
                                    {t.goal_revise_save}
                                </button>
                            </form>
                            {move || {
                                revise_error
                                    .get()
                                    .map(|e| {
                                        view! {
                                            <p
                                                class="field-error"
                                                role="alert"
                                                data-testid="revise-error"
                                            >
                                                {e}
                                            </p>
                                        }
                                    })
                            }}
                        </Show>
                    </section>
                </div>
            </section>
        })
    }
}
