//! [`SharedView`]: everything a share link shows, built in one call from the
//! workspace's settings and data, the customers' summary, the fitted report
//! and the date, and the workspace "save as a new workspace" makes of it.

use super::equity::SharedEquity;
use super::goals::{goal_views, SharedGoal};
use super::model::SharedModel;
use super::round::parameter;
use super::segments::SharedSegments;
use crate::clv::data::dataset::CustomerData;
use crate::clv::data::summary::CustomerSummary;
use crate::clv::equity::prepared::EquityView;
use crate::clv::goals::{self, GoalView};
use crate::clv::valuation::report::{FittedModels, ModelReport};
use crate::workspace::{Settings, Workspace, WorkspaceData};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Parameter draws behind the interval of a goal's model projection, as on the Goals page.
pub const PROJECTION_DRAWS: usize = 20;
/// The seed of those draws, as on the Goals page.
pub const PROJECTION_SEED: u64 = 7;

/// What a share link shows: aggregated figures and the settings, never a
/// customer id or anything per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    /// The date the figures are as of (the observation end).
    pub as_of: NaiveDate,
    /// The settings (model settings, segment definitions, goals with
    /// check-ins, equity book with its scenarios, currency, time unit),
    /// without the remembered import layouts and the language.
    pub settings: Settings,
    /// Customers the figures are on.
    pub customers: usize,
    /// Each goal's figures (empty without transactions: summaries have no KPI history).
    pub goals: Vec<SharedGoal>,
    pub segments: SharedSegments,
    /// With a fitted model only.
    pub model: Option<SharedModel>,
    /// With a fitted model only.
    pub equity: Option<SharedEquity>,
}

impl SharedView {
    /// The view of `data` with `settings` as of `today`: `customers` are the
    /// data's customers as of `today` and `report` the models fitted on them
    /// (`None` before a fit; the model, equity and model-based figures are
    /// then missing, as on the pages).
    pub fn of(
        data: &CustomerData,
        settings: &Settings,
        customers: &[CustomerSummary],
        report: Option<&ModelReport>,
        today: NaiveDate,
    ) -> SharedView {
        let report = report.filter(|r| r.scores.len() == customers.len());
        let scores = report.map(|r| r.scores.as_slice());
        SharedView {
            as_of: today,
            settings: shared_settings(settings, today),
            customers: customers.len(),
            goals: shared_goals(data, settings, report, today),
            segments: SharedSegments::of(customers, scores, &settings.segments, today),
            model: report.map(SharedModel::of),
            equity: report.map(|r| {
                let view = EquityView::prepare(
                    r,
                    customers,
                    data.transactions().map(|log| settings.kpi_context(log)),
                    settings.equity.acquisition,
                    settings.equity_settings(),
                    today,
                );
                SharedEquity::of(&view, &settings.equity)
            }),
        }
    }

    /// The Goals page's views of the shared goals (see [`goal_views`]).
    pub fn goal_views(&self) -> Vec<GoalView> {
        goal_views(&self.settings.goals, &self.goals, self.as_of)
    }

    /// "Save as a new workspace": the shared settings with no customer
    /// data ([`WorkspaceData::empty`]; the observation end stays the view's date).
    pub fn saved_workspace(&self) -> Workspace {
        Workspace {
            data: WorkspaceData::empty(),
            settings: self.settings.clone(),
        }
    }
}

/// The settings as shared: the date fixed, no language (the reader's own
/// applies), no remembered import layouts (they name the sharer's columns),
/// and the goals' measured baselines, targets and milestones at
/// [`PARAMETER_DIGITS`](super::round::PARAMETER_DIGITS) significant digits.
fn shared_settings(settings: &Settings, as_of: NaiveDate) -> Settings {
    let mut shared = Settings {
        observation_end: Some(as_of),
        lang: None,
        import_choices: Vec::new(),
        ..settings.clone()
    };
    for goal in &mut shared.goals.goals {
        goal.baseline = parameter(goal.baseline);
        goal.target = parameter(goal.target);
        goal.stretch = goal.stretch.map(parameter);
        for m in &mut goal.milestones {
            m.value = parameter(m.value);
        }
    }
    shared
}

/// The goals' figures as the Goals page tracks them (with the report's
/// models where there is one).
fn shared_goals(
    data: &CustomerData,
    settings: &Settings,
    report: Option<&ModelReport>,
    today: NaiveDate,
) -> Vec<SharedGoal> {
    let Some(log) = data.transactions() else {
        return Vec::new();
    };
    let models = report.map(|r| r.fitted_models(PROJECTION_DRAWS, PROJECTION_SEED));
    let ctx = settings
        .kpi_context(log)
        .with_model(models.as_ref().map(FittedModels::value_model));
    let margin = settings.model.margin_percent / 100.0;
    goals::goal_views(&ctx, &settings.goals, today, margin)
        .iter()
        .map(SharedGoal::of)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::test_support::{close, demo_view, shared_demo};
    use crate::workspace::file::{decode_workspace_file, encode_workspace_file};
    use crate::workspace::record::WorkspaceRecord;

    #[test]
    fn the_goal_views_rebuilt_from_a_link_are_the_goals_pages_to_four_digits() {
        let d = shared_demo();
        let settings = &d.workspace.settings;
        let models = d.report.fitted_models(PROJECTION_DRAWS, PROJECTION_SEED);
        let ctx = settings
            .kpi_context(&d.log)
            .with_model(models.value_model());
        let page = goals::goal_views(&ctx, &settings.goals, d.today, 1.0);
        let shared = demo_view().goal_views();
        assert_eq!(shared.len(), 5);
        for (p, s) in page.iter().zip(&shared) {
            assert_eq!(
                (p.id, p.needs_review, &p.error),
                (s.id, s.needs_review, &s.error)
            );
            assert_eq!(p.series.len(), s.series.len());
            for ((pd, pv), (sd, sv)) in p.series.iter().zip(&s.series) {
                assert_eq!(pd, sd);
                assert!(close(pv.unwrap(), sv.unwrap()), "{pv:?} {sv:?}");
            }
            let (pt, st) = (p.tracking.as_ref().unwrap(), s.tracking.as_ref().unwrap());
            assert_eq!((pt.status, pt.evaluated_at), (st.status, st.evaluated_at));
            let (pf, sf) = (pt.forecast.unwrap(), st.forecast.unwrap());
            assert_eq!(pf.method, sf.method);
            assert!(
                (pf.value - sf.value).abs() <= 2e-3 * pf.value.abs(),
                "{pf:?} {sf:?}"
            );
            assert_eq!(p.roi.map(|r| r.cost), s.roi.map(|r| r.cost));
            if let (Some(pr), Some(sr)) = (p.roi, s.roi) {
                assert!(close(pr.gain, sr.gain) && close(pr.roi.unwrap(), sr.roi.unwrap()));
            }
        }
    }

    #[test]
    fn the_shared_settings_keep_goals_segments_and_scenarios_but_not_the_import_layouts() {
        let mut settings = shared_demo().workspace.settings.clone();
        settings.lang = Some(crate::lang::Lang::De);
        settings.remember_import("kundennummer|betrag".into(), Default::default());
        let shared = shared_settings(&settings, shared_demo().today);
        assert!(shared.import_choices.is_empty() && shared.lang.is_none());
        assert_eq!(shared.observation_end, Some(shared_demo().today));
        assert_eq!(shared.segments, settings.segments);
        assert_eq!(shared.equity, settings.equity);
        assert_eq!(shared.goals.goals.len(), 5);
        for (s, g) in shared.goals.goals.iter().zip(&settings.goals.goals) {
            assert_eq!(
                (&s.name, &s.check_ins, s.deadline),
                (&g.name, &g.check_ins, g.deadline)
            );
            assert!((s.baseline - g.baseline).abs() <= 1e-6 * g.baseline.abs());
        }
    }

    #[test]
    fn a_workspace_saved_from_a_link_has_the_settings_and_no_customer_data() {
        let view = demo_view();
        let ws = view.saved_workspace();
        assert_eq!(ws.settings, view.settings);
        assert_eq!(ws.data.data.customer_count(), 0);
        assert_eq!(ws.observation_end(), Some(view.as_of));
        assert_eq!(ws.data.origin, crate::workspace::DataOrigin::Empty);
        // It is stored and exported like any workspace.
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        assert_eq!(record.decode().unwrap(), ws);
        assert_eq!(Workspace::decode(&ws.encode()).unwrap(), ws);
        let file = encode_workspace_file("Shared", &record);
        assert_eq!(
            decode_workspace_file(&file).unwrap().1.decode().unwrap(),
            ws
        );
    }

    #[test]
    fn a_summary_workspace_before_a_fit_shares_its_segments_only() {
        use crate::workspace::tests::summary_workspace;
        let ws = summary_workspace();
        let today = ws.observation_end().unwrap();
        let customers = ws.data.data.customers(today, ws.settings.time_unit);
        let view = SharedView::of(&ws.data.data, &ws.settings, &customers, None, today);
        assert_eq!(view.customers, 2);
        assert!(view.goals.is_empty() && view.model.is_none() && view.equity.is_none());
        let sizes: usize = view.segments.rfm.iter().map(|f| f.0).sum();
        assert_eq!(sizes, 2);
        assert!(view.segments.tiers.is_empty());
        let back = crate::share::decode_share_fragment(&crate::share::encode_share_fragment(&view));
        assert_eq!(back.unwrap(), view);
    }
}
