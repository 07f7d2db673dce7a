//! A goal while it is being written: a new goal from a template measured on
//! today's data, the live preview (series and measured baseline) the form
//! shows, and the keys a scope travels under in a form's `<select>`.
//!
//! The preview measures the KPI at [`series_dates`] plus the baseline date
//! (the start, or today if the start lies ahead) in one sweep, so the baseline
//! the form offers is exactly what [`measure_baseline`] would return.

use super::super::segments::{ClvTier, RfmSegment, RiskBand};
use super::board::{measure_baseline, series_dates, GoalTemplate};
use super::goal::{Goal, Lever};
use super::kpi::{Kpi, KpiContext, KpiEngine, KpiError, Scope, SegmentRef};
use chrono::NaiveDate;

/// A new goal for the form, and whether its baseline still waits for the model.
#[derive(Debug, Clone, PartialEq)]
pub struct NewGoal {
    pub goal: Goal,
    /// The KPI needs a fitted model that is not there yet: baseline and target
    /// are filled in (with [`default_target`]) once it is.
    pub awaits_model: bool,
}

impl NewGoal {
    /// A goal from `template` (or a blank goal on the repeat-purchase rate,
    /// which every data set can measure), starting today for a year, with the
    /// baseline measured as of today and the template's target for it.
    pub fn measured(
        ctx: &KpiContext,
        template: Option<GoalTemplate>,
        name: String,
        today: NaiveDate,
    ) -> NewGoal {
        let mut goal = match template {
            Some(tpl) => tpl.draft(name, today, 0.0),
            None => {
                let mut g = GoalTemplate::WinNewCustomers.draft(name, today, 0.0);
                g.kpi = Kpi::RepeatPurchaseRate;
                g.lever = Lever::Retention;
                g
            }
        };
        let measured = measure_baseline(ctx, &goal.kpi, &goal.scope, goal.start, today);
        if let Ok(Some(b)) = measured {
            goal.baseline = b;
            goal.target = default_target(template, b);
        }
        NewGoal {
            goal,
            awaits_model: measured == Err(KpiError::NeedsModel),
        }
    }
}

/// The target a new goal gets for its baseline: the template's, or 10% above
/// the baseline for a blank goal.
pub fn default_target(template: Option<GoalTemplate>, baseline: f64) -> f64 {
    template.map_or(baseline * 1.1, |tpl| tpl.target(baseline))
}

/// What the goal form shows while a goal is edited.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalPreview {
    /// The KPI at the goal's [`series_dates`].
    pub series: Vec<(NaiveDate, Option<f64>)>,
    /// The KPI at the start (or today, if the start is later): `None` where
    /// the scope holds no customer then.
    pub baseline: Option<f64>,
}

impl GoalPreview {
    /// Measures `goal`'s KPI on its scope for the form, as of `today`. Only
    /// the KPI, scope, start and deadline matter.
    pub fn measure(
        ctx: &KpiContext,
        goal: &Goal,
        today: NaiveDate,
    ) -> Result<GoalPreview, KpiError> {
        let dates = series_dates(goal, today);
        let baseline_at = goal.start.min(today);
        let mut all = dates.clone();
        all.push(baseline_at);
        all.sort();
        all.dedup();
        let row = KpiEngine::new(ctx)
            .series(&[(goal.kpi.clone(), goal.scope.clone())], &all)?
            .remove(0);
        let at = |d: NaiveDate| all.binary_search(&d).ok().and_then(|i| row[i]);
        Ok(GoalPreview {
            series: dates.iter().map(|&d| (d, at(d))).collect(),
            baseline: at(baseline_at),
        })
    }
}

impl Scope {
    /// The scope's key in a form's `<select>`; a dated scope's date is edited
    /// next to it and not part of the key.
    pub fn form_key(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::NewSince(_) => "new-since".into(),
            Scope::ExistingBefore(_) => "existing-before".into(),
            Scope::Segment(SegmentRef::Rfm(s)) => format!("rfm:{}", s.key()),
            Scope::Segment(SegmentRef::Tier(t)) => format!("tier:{}", t.key()),
            Scope::Segment(SegmentRef::Risk(b)) => format!("risk:{}", b.key()),
            Scope::Segment(SegmentRef::Custom(n)) => format!("custom:{n}"),
        }
    }

    /// The scope of a [`Scope::form_key`]; a dated scope takes `date`.
    pub fn from_form_key(key: &str, date: NaiveDate) -> Option<Scope> {
        let (kind, rest) = key.split_once(':').unwrap_or((key, ""));
        Some(match kind {
            "all" => Scope::All,
            "new-since" => Scope::NewSince(date),
            "existing-before" => Scope::ExistingBefore(date),
            "rfm" => Scope::Segment(SegmentRef::Rfm(RfmSegment::from_key(rest)?)),
            "tier" => Scope::Segment(SegmentRef::Tier(
                ClvTier::ALL.into_iter().find(|t| t.key() == rest)?,
            )),
            "risk" => Scope::Segment(SegmentRef::Risk(
                RiskBand::ALL.into_iter().find(|b| b.key() == rest)?,
            )),
            "custom" => Scope::Segment(SegmentRef::Custom(rest.to_owned())),
            _ => return None,
        })
    }

    /// The date of a dated scope (new since, existing before).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Scope::NewSince(d) | Scope::ExistingBefore(d) => Some(*d),
            _ => None,
        }
    }

    /// Moves a dated scope to `date`; other scopes stay as they are.
    pub fn set_date(&mut self, date: NaiveDate) {
        if let Scope::NewSince(d) | Scope::ExistingBefore(d) = self {
            *d = date;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, log_of};
    use super::*;
    use crate::clv::data::summary::TimeUnit;
    use crate::clv::data::transactions::TransactionLog;

    /// C1 buys in January and again in March; C2 once in February; C3 once in May.
    fn log() -> TransactionLog {
        log_of([
            ("C1", d("2026-01-10"), 100.0),
            ("C2", d("2026-02-10"), 50.0),
            ("C1", d("2026-03-10"), 80.0),
            ("C3", d("2026-05-10"), 40.0),
        ])
    }

    #[test]
    fn a_blank_new_goal_measures_the_repeat_purchase_rate_today_and_aims_ten_percent_higher() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let new = NewGoal::measured(&ctx, None, String::new(), d("2026-06-30"));
        // One of three customers has bought again by June 30.
        assert_eq!(new.goal.kpi, Kpi::RepeatPurchaseRate);
        assert_eq!(new.goal.lever, Lever::Retention);
        assert!((new.goal.baseline - 1.0 / 3.0).abs() < 1e-12);
        assert!((new.goal.target - 1.1 / 3.0).abs() < 1e-12);
        assert_eq!(new.goal.start, d("2026-06-30"));
        assert_eq!(new.goal.deadline, d("2027-06-30"));
        assert!(!new.awaits_model);
    }

    #[test]
    fn a_template_goal_on_a_model_kpi_waits_for_the_model() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let tpl = GoalTemplate::RaiseChampionsClv;
        let new = NewGoal::measured(&ctx, Some(tpl), "Champions".into(), d("2026-06-30"));
        assert!(new.awaits_model);
        assert_eq!(new.goal.name, "Champions");
        assert_eq!(new.goal.kpi, Kpi::AverageClv);
        assert_eq!(new.goal.baseline, 0.0);
    }

    #[test]
    fn a_template_goal_gets_the_templates_target() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let tpl = GoalTemplate::WinNewCustomers;
        let new = NewGoal::measured(&ctx, Some(tpl), "Win".into(), d("2026-06-30"));
        assert_eq!(new.goal.target, 500.0);
        assert_eq!(default_target(Some(tpl), 7.0), 500.0);
        assert!((default_target(None, 7.0) - 7.7).abs() < 1e-12);
    }

    #[test]
    fn the_preview_baseline_is_the_measured_baseline_and_the_series_follows_the_series_dates() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let today = d("2026-06-30");
        let mut goal = NewGoal::measured(&ctx, None, String::new(), today).goal;
        goal.kpi = Kpi::Customers;
        goal.start = d("2026-04-15");
        let preview = GoalPreview::measure(&ctx, &goal, today).unwrap();
        let baseline = measure_baseline(&ctx, &goal.kpi, &goal.scope, goal.start, today);
        assert_eq!(preview.baseline, baseline.unwrap());
        // C1 and C2 have bought by April 15; C3 comes in May.
        assert_eq!(preview.baseline, Some(2.0));
        let dates: Vec<NaiveDate> = preview.series.iter().map(|(d, _)| *d).collect();
        assert_eq!(dates, series_dates(&goal, today));
        // Customers so far at the month ends: 1 in January, 2 in February, 3 from May.
        let at = |s: &str| preview.series.iter().find(|(x, _)| *x == d(s)).unwrap().1;
        assert_eq!(at("2026-01-31"), Some(1.0));
        assert_eq!(at("2026-02-28"), Some(2.0));
        assert_eq!(at("2026-05-31"), Some(3.0));
    }

    #[test]
    fn a_goal_starting_after_today_is_previewed_with_todays_value() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let today = d("2026-03-31");
        let mut goal = NewGoal::measured(&ctx, None, String::new(), today).goal;
        goal.kpi = Kpi::Customers;
        goal.start = d("2026-09-01");
        let preview = GoalPreview::measure(&ctx, &goal, today).unwrap();
        assert_eq!(preview.baseline, Some(2.0));
    }

    #[test]
    fn a_preview_of_a_model_kpi_without_a_model_says_so() {
        let log = log();
        let ctx = KpiContext::new(&log, TimeUnit::Day);
        let mut goal = NewGoal::measured(&ctx, None, String::new(), d("2026-06-30")).goal;
        goal.kpi = Kpi::AverageClv;
        assert_eq!(
            GoalPreview::measure(&ctx, &goal, d("2026-06-30")),
            Err(KpiError::NeedsModel)
        );
    }

    #[test]
    fn every_scope_survives_its_form_key() {
        let date = d("2026-04-01");
        let mut scopes = vec![
            Scope::All,
            Scope::NewSince(date),
            Scope::ExistingBefore(date),
            Scope::Segment(SegmentRef::Custom("VIP: Berlin".into())),
        ];
        scopes.extend(RfmSegment::ALL.map(|s| Scope::Segment(SegmentRef::Rfm(s))));
        scopes.extend(ClvTier::ALL.map(|t| Scope::Segment(SegmentRef::Tier(t))));
        scopes.extend(RiskBand::ALL.map(|b| Scope::Segment(SegmentRef::Risk(b))));
        for scope in scopes {
            assert_eq!(
                Scope::from_form_key(&scope.form_key(), date),
                Some(scope.clone())
            );
        }
        assert_eq!(Scope::from_form_key("rfm:nobody", date), None);
        assert_eq!(Scope::from_form_key("planet:mars", date), None);
    }

    #[test]
    fn only_a_dated_scope_moves_to_a_new_date() {
        let mut dated = Scope::NewSince(d("2026-01-01"));
        dated.set_date(d("2026-02-01"));
        assert_eq!(dated, Scope::NewSince(d("2026-02-01")));
        assert_eq!(dated.date(), Some(d("2026-02-01")));
        let mut all = Scope::All;
        all.set_date(d("2026-02-01"));
        assert_eq!(all, Scope::All);
        assert_eq!(all.date(), None);
    }
}
