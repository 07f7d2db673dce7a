//! A goal's review as the detail's forms enter it: a check-in and a revision
//! of target or deadline, each from the text of its fields, checked by
//! [`Goal::check_in`] and [`Goal::revise`].
//!
//! An empty or unreadable field falls back to what the form shows for it:
//! today for a check-in's date, the goal's target and deadline for a
//! revision. Numbers accept a decimal comma ("2,5"). "Today" is an argument.

use super::goal::{CheckIn, Goal, GoalError};
use super::kpi::Direction;
use crate::clv::data::number::parse_decimal;
use chrono::NaiveDate;

/// A number as typed (see [`parse_decimal`]); NaN if unreadable, which a
/// goal's validation then refuses with its reason.
pub fn parse_number(s: &str) -> f64 {
    parse_decimal(s).unwrap_or(f64::NAN)
}

/// A check-in as typed into the detail's check-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInEntry<'a> {
    /// An ISO date; empty or unreadable is today.
    pub date: &'a str,
    pub note: &'a str,
    /// Percent, 0–100; empty or not a whole number from 0 to 255 is none.
    pub confidence: &'a str,
}

impl CheckInEntry<'_> {
    /// The check-in the fields describe, as of `today`.
    pub fn check_in(&self, today: NaiveDate) -> CheckIn {
        CheckIn {
            date: self.date.parse().unwrap_or(today),
            note: self.note.to_owned(),
            confidence: self.confidence.trim().parse().ok(),
        }
    }

    /// Adds the check-in to `goal` (see [`Goal::check_in`]); the goal is
    /// unchanged if it is refused.
    pub fn add_to(&self, goal: &mut Goal, today: NaiveDate) -> Result<(), GoalError> {
        goal.check_in(self.check_in(today))
    }
}

/// A revision as typed into the detail's revision form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevisionEntry<'a> {
    /// The new target in the form's scale (see [`RevisionEntry::apply_to`]);
    /// empty keeps the goal's target.
    pub target: &'a str,
    /// An ISO date; empty or unreadable keeps the goal's deadline.
    pub deadline: &'a str,
    pub reason: &'a str,
}

impl RevisionEntry<'_> {
    /// The target and deadline the fields describe for `goal`. The typed
    /// target is divided by `scale` (100 where shares are entered in
    /// percent); an unreadable one is NaN, which [`Goal::revise`] refuses.
    pub fn target_and_deadline(&self, goal: &Goal, scale: f64) -> (f64, NaiveDate) {
        let target = match self.target.trim() {
            "" => goal.target,
            s => parse_number(s) / scale,
        };
        let deadline = self.deadline.parse().unwrap_or(goal.deadline);
        (target, deadline)
    }

    /// Revises `goal` on `today` (see [`Goal::revise`]) for a KPI with
    /// `direction`; the goal is unchanged if the revision is refused.
    pub fn apply_to(
        &self,
        goal: &mut Goal,
        today: NaiveDate,
        scale: f64,
        direction: Direction,
    ) -> Result<(), GoalError> {
        let (target, deadline) = self.target_and_deadline(goal, scale);
        goal.revise(today, target, deadline, self.reason.to_owned(), direction)
    }
}

#[cfg(test)]
mod tests {
    use super::super::goal::Revision;
    use super::super::kpi::Kpi;
    use super::super::test_support::{d, goal_over_2026};
    use super::*;

    /// Repeat purchase rate from 20 % to 25 % in 2026, without milestones.
    fn goal() -> Goal {
        Goal {
            id: 7,
            name: "More repeat buyers".into(),
            ..goal_over_2026(Kpi::RepeatPurchaseRate, 0.20, 0.25)
        }
    }

    fn check_in<'a>(date: &'a str, note: &'a str, confidence: &'a str) -> CheckInEntry<'a> {
        CheckInEntry {
            date,
            note,
            confidence,
        }
    }

    #[test]
    fn a_check_in_takes_its_date_note_and_confidence() {
        let c = check_in("2026-03-15", "Campaign live", " 70 ").check_in(d("2026-04-01"));
        assert_eq!(
            c,
            CheckIn {
                date: d("2026-03-15"),
                note: "Campaign live".into(),
                confidence: Some(70),
            }
        );
    }

    #[test]
    fn a_check_in_without_a_readable_date_is_dated_today() {
        let today = d("2026-04-01");
        assert_eq!(check_in("", "", "").check_in(today).date, today);
        assert_eq!(check_in("15.03.2026", "", "").check_in(today).date, today);
    }

    #[test]
    fn an_empty_or_unreadable_confidence_is_left_out() {
        let today = d("2026-04-01");
        for typed in ["", "  ", "seventy", "7,5", "-5", "300"] {
            assert_eq!(check_in("", "", typed).check_in(today).confidence, None);
        }
    }

    #[test]
    fn a_check_in_is_added_in_date_order() {
        let mut g = goal();
        let today = d("2026-04-01");
        check_in("2026-03-01", "b", "")
            .add_to(&mut g, today)
            .unwrap();
        check_in("2026-02-01", "a", "50")
            .add_to(&mut g, today)
            .unwrap();
        let notes: Vec<&str> = g.check_ins.iter().map(|c| c.note.as_str()).collect();
        assert_eq!(notes, ["a", "b"]);
        assert_eq!(g.check_ins[0].confidence, Some(50));
    }

    #[test]
    fn a_confidence_above_100_percent_is_refused() {
        let mut g = goal();
        let result = check_in("2026-03-01", "sure", "101").add_to(&mut g, d("2026-04-01"));
        assert_eq!(result, Err(GoalError::Confidence(101)));
        assert!(g.check_ins.is_empty());
    }

    fn revision<'a>(target: &'a str, deadline: &'a str, reason: &'a str) -> RevisionEntry<'a> {
        RevisionEntry {
            target,
            deadline,
            reason,
        }
    }

    #[test]
    fn a_revised_target_is_entered_in_the_form_scale() {
        let g = goal();
        let (target, deadline) = revision("30", "", "").target_and_deadline(&g, 100.0);
        assert!((target - 0.30).abs() < 1e-12);
        assert_eq!(deadline, g.deadline);
        let (target, _) = revision(" 27,5 ", "", "").target_and_deadline(&g, 100.0);
        assert!((target - 0.275).abs() < 1e-12);
    }

    #[test]
    fn empty_revision_fields_keep_the_target_and_deadline() {
        let g = goal();
        assert_eq!(
            revision(" ", "", "").target_and_deadline(&g, 100.0),
            (0.25, d("2026-12-31"))
        );
        assert_eq!(
            revision("", "soon", "").target_and_deadline(&g, 1.0),
            (0.25, d("2026-12-31"))
        );
    }

    #[test]
    fn a_revision_keeps_what_target_and_deadline_were() {
        let mut g = goal();
        let today = d("2026-04-01");
        revision("30", "2027-03-31", "Budget doubled")
            .apply_to(&mut g, today, 100.0, Direction::HigherIsBetter)
            .unwrap();
        assert!((g.target - 0.30).abs() < 1e-12);
        assert_eq!(g.deadline, d("2027-03-31"));
        assert_eq!(
            g.revisions,
            [Revision {
                date: today,
                previous_target: 0.25,
                previous_deadline: d("2026-12-31"),
                target: g.target,
                deadline: d("2027-03-31"),
                reason: "Budget doubled".into(),
            }]
        );
    }

    #[test]
    fn a_revised_target_below_the_baseline_is_refused() {
        let mut g = goal();
        let result = revision("19", "", "").apply_to(
            &mut g,
            d("2026-04-01"),
            100.0,
            Direction::HigherIsBetter,
        );
        assert!(matches!(result, Err(GoalError::TargetWrongSide { .. })));
        assert_eq!(g, goal());
    }

    #[test]
    fn an_unreadable_revised_target_is_refused_as_not_finite() {
        let mut g = goal();
        let result = revision("lots", "", "").apply_to(
            &mut g,
            d("2026-04-01"),
            100.0,
            Direction::HigherIsBetter,
        );
        assert_eq!(result, Err(GoalError::NotFinite { field: "target" }));
        assert!(g.revisions.is_empty());
    }

    #[test]
    fn a_revised_deadline_before_the_start_is_refused() {
        let mut g = goal();
        let result = revision("", "2025-12-31", "").apply_to(
            &mut g,
            d("2026-04-01"),
            1.0,
            Direction::HigherIsBetter,
        );
        assert!(matches!(
            result,
            Err(GoalError::DeadlineNotAfterStart { .. })
        ));
        assert_eq!(g.deadline, d("2026-12-31"));
    }
}
