//! A goal's detail: chart, numbers, check-ins, revisions and ROI.
//!
//! [`GoalDetail`] keeps what outlives a redraw (the chart, the forms' fields
//! and errors, whether the revision form is open) and draws the parts, one
//! file each: [`chart_card`], [`facts`] (numbers, milestones, notes, ROI),
//! [`check_ins`] and [`revisions`] (each a history and its form).

mod chart_card;
mod check_ins;
mod facts;
mod revisions;

use crate::clv::goals::{Goal, GoalView, KpiUnit};
use crate::format;
use crate::i18n::{fill, Lang};
use crate::ui::AppState;
use chart_card::{chart_memo, DetailChart};
use check_ins::{CheckInDraft, CheckInForm, CheckInList};
use facts::{GoalFacts, GoalRoi, MilestonesAndNotes};
use leptos::prelude::*;
use revisions::{RevisionDraft, RevisionForm, RevisionList};

/// How the detail writes KPI values and amounts: read once per redraw, so
/// the redraw follows the language, the currency and the KPI's unit.
#[derive(Debug, Clone)]
struct Formats {
    lang: Lang,
    unit: KpiUnit,
    currency: String,
}

impl Formats {
    /// A value of the goal's KPI.
    fn value(&self, v: f64) -> String {
        format::kpi_value(v, self.unit, &self.currency, self.lang)
    }

    /// An amount of money.
    fn money(&self, v: f64) -> String {
        format::money(v, &self.currency, self.lang)
    }
}

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
    let today = Signal::derive(move || state.observation_end.get().unwrap_or_default());
    let unit = Signal::derive(move || {
        state
            .settings
            .with(|s| goal.with(|g| g.as_ref().map(|g| g.kpi.unit(&s.goals.surveys))))
            .unwrap_or(KpiUnit::Number)
    });
    let chart = chart_memo(goal, view_of, today, unit);
    let check_in = CheckInDraft::new();
    let revision = RevisionDraft::new();

    move || {
        let g = goal.get()?;
        let lang = state.lang();
        let fmt = Formats {
            lang,
            unit: unit.get(),
            currency: state.currency(),
        };
        let v = view_of.get();
        let tracking = v.as_ref().and_then(|v| v.tracking.clone());
        let roi = v.as_ref().and_then(|v| v.roi);
        let kpi_settings = state.settings.with(|s| s.goals.kpi);
        let thresholds = state.settings.with(|s| s.goals.thresholds);
        Some(view! {
            <section class="goal-detail" data-testid="goal-detail" aria-label=g.name.clone()>
                <DetailHead
                    id=id
                    goal=goal
                    name=g.name.clone()
                    lang=lang
                    selected=selected
                    editing=editing
                />
                <p class="help">
                    {lang.kpi_name(&g.kpi)}": "{lang.kpi_definition(&g.kpi, &kpi_settings)}
                </p>
                <DetailChart chart=chart goal=goal view_of=view_of />
                <div class="two-col even">
                    <section class="card">
                        <GoalFacts
                            goal=g.clone()
                            tracking=tracking
                            thresholds=thresholds
                            fmt=fmt.clone()
                        />
                        <MilestonesAndNotes goal=g.clone() fmt=fmt.clone() />
                        <GoalRoi goal=g.clone() roi=roi fmt=fmt.clone() />
                    </section>
                    <section class="card">
                        <CheckInList check_ins=g.check_ins.clone() lang=lang />
                        <CheckInForm id=id draft=check_in today=today lang=lang />
                        <RevisionList revisions=g.revisions.clone() fmt=fmt />
                        <RevisionForm id=id draft=revision today=today unit=unit lang=lang />
                    </section>
                </div>
            </section>
        })
    }
}

/// The detail's heading with its actions: edit, delete (after asking) and close.
#[component]
fn DetailHead(
    /// The goal's id.
    id: u32,
    /// The goal (edited as it is when the button is pressed).
    goal: Memo<Option<Goal>>,
    /// The goal's name.
    name: String,
    lang: Lang,
    /// The goal whose detail is open.
    selected: RwSignal<Option<u32>>,
    /// The goal in the form.
    editing: RwSignal<Option<Goal>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = lang.texts();
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
    view! {
        <div class="card-head detail-head">
            <h2>{name}</h2>
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
    }
}
