//! A customer value goal: a target on a KPI for a scope of customers by a
//! deadline, with its plan, owner, cost, check-ins and revisions.
//!
//! The structure follows the goal-setting practice of management by
//! objectives (a measurable KPI, a baseline, a target, a deadline, an owner)
//! as it is applied to customer value in Gupta & Lehmann (2005), "Managing
//! Customers as Investments", ch. 7: goals on customer equity and its drivers
//! (acquisition, retention, development) rather than on revenue alone.

use super::kpi::{Direction, Kpi, Scope};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the initiative behind a goal works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lever {
    Acquisition,
    Retention,
    /// Development: up- and cross-selling.
    Development,
    Other,
}

impl Lever {
    pub const ALL: [Lever; 4] = [
        Lever::Acquisition,
        Lever::Retention,
        Lever::Development,
        Lever::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Lever::Acquisition => "acquisition",
            Lever::Retention => "retention",
            Lever::Development => "development",
            Lever::Other => "other",
        }
    }
}

/// An intermediate target on the way.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub date: NaiveDate,
    pub value: f64,
}

/// A dated review of a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: NaiveDate,
    pub note: String,
    /// How confident the owner is that the goal will be met, 0–100 %.
    pub confidence: Option<u8>,
}

/// A change of target or deadline, keeping what they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub date: NaiveDate,
    pub previous_target: f64,
    pub previous_deadline: NaiveDate,
    pub target: f64,
    pub deadline: NaiveDate,
    pub reason: String,
}

/// A goal on a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Unique in the workspace; never reused.
    pub id: u32,
    pub name: String,
    pub kpi: Kpi,
    pub scope: Scope,
    /// The KPI at the start date (measured, may be edited).
    pub baseline: f64,
    pub target: f64,
    /// A more ambitious target beyond `target`.
    pub stretch: Option<f64>,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub lever: Lever,
    pub owner: String,
    /// Cost of the initiative behind the goal, in the shop's currency.
    pub cost: f64,
    pub notes: String,
    pub milestones: Vec<Milestone>,
    pub check_ins: Vec<CheckIn>,
    pub revisions: Vec<Revision>,
}

/// Why a goal cannot be saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum GoalError {
    #[error("a goal needs a name")]
    EmptyName,
    #[error("the deadline {deadline} is not after the start {start}")]
    DeadlineNotAfterStart {
        start: NaiveDate,
        deadline: NaiveDate,
    },
    #[error("{field} is not a finite number")]
    NotFinite { field: &'static str },
    #[error("the target {target} does not improve on the baseline {baseline} ({direction:?})")]
    TargetWrongSide {
        baseline: f64,
        target: f64,
        direction: Direction,
    },
    #[error("the stretch target {stretch} is not beyond the target {target}")]
    StretchNotBeyond { target: f64, stretch: f64 },
    #[error("the milestone on {date} is outside the goal's time ({start} to {deadline})")]
    MilestoneOutside {
        date: NaiveDate,
        start: NaiveDate,
        deadline: NaiveDate,
    },
    #[error("the cost {0} is negative")]
    NegativeCost(f64),
    #[error("a confidence of {0} % is above 100 %")]
    Confidence(u8),
}

impl Goal {
    /// Checks the goal for a KPI with `direction`. Errors in the order a form
    /// shows its fields: name, numbers, dates, target, stretch, milestones, cost.
    pub fn validate(&self, direction: Direction) -> Result<(), GoalError> {
        if self.name.trim().is_empty() {
            return Err(GoalError::EmptyName);
        }
        let numbers = [
            ("baseline", self.baseline),
            ("target", self.target),
            ("stretch", self.stretch.unwrap_or(0.0)),
            ("cost", self.cost),
        ];
        if let Some((field, _)) = numbers.iter().find(|(_, v)| !v.is_finite()) {
            return Err(GoalError::NotFinite { field });
        }
        if let Some(m) = self.milestones.iter().find(|m| !m.value.is_finite()) {
            let _ = m;
            return Err(GoalError::NotFinite { field: "milestone" });
        }
        if self.deadline <= self.start {
            return Err(GoalError::DeadlineNotAfterStart {
                start: self.start,
                deadline: self.deadline,
            });
        }
        if (self.target - self.baseline) * direction.sign() <= 0.0 {
            return Err(GoalError::TargetWrongSide {
                baseline: self.baseline,
                target: self.target,
                direction,
            });
        }
        if let Some(stretch) = self.stretch {
            if (stretch - self.target) * direction.sign() <= 0.0 {
                return Err(GoalError::StretchNotBeyond {
                    target: self.target,
                    stretch,
                });
            }
        }
        if let Some(m) = self
            .milestones
            .iter()
            .find(|m| m.date < self.start || m.date > self.deadline)
        {
            return Err(GoalError::MilestoneOutside {
                date: m.date,
                start: self.start,
                deadline: self.deadline,
            });
        }
        if self.cost < 0.0 {
            return Err(GoalError::NegativeCost(self.cost));
        }
        if let Some(c) = self
            .check_ins
            .iter()
            .find_map(|c| c.confidence.filter(|&v| v > 100))
        {
            return Err(GoalError::Confidence(c));
        }
        Ok(())
    }

    /// Changes target and deadline, recording the revision. The revised goal
    /// is validated first; on error nothing changes.
    pub fn revise(
        &mut self,
        date: NaiveDate,
        target: f64,
        deadline: NaiveDate,
        reason: String,
        direction: Direction,
    ) -> Result<(), GoalError> {
        let mut revised = self.clone();
        revised.target = target;
        revised.deadline = deadline;
        revised.validate(direction)?;
        revised.revisions.push(Revision {
            date,
            previous_target: self.target,
            previous_deadline: self.deadline,
            target,
            deadline,
            reason,
        });
        *self = revised;
        Ok(())
    }

    /// Adds a check-in (kept in date order; same-day check-ins in the order added).
    pub fn check_in(&mut self, check_in: CheckIn) -> Result<(), GoalError> {
        if let Some(c) = check_in.confidence.filter(|&v| v > 100) {
            return Err(GoalError::Confidence(c));
        }
        let at = self.check_ins.partition_point(|c| c.date <= check_in.date);
        self.check_ins.insert(at, check_in);
        Ok(())
    }

    /// The date the goal was last looked at: its last check-in or revision, else its start.
    pub fn last_review(&self) -> NaiveDate {
        self.check_ins
            .iter()
            .map(|c| c.date)
            .chain(self.revisions.iter().map(|r| r.date))
            .max()
            .unwrap_or(self.start)
            .max(self.start)
    }

    /// Whether the goal needs a review: not looked at for more than
    /// `review_days` before `today`, and still running.
    pub fn needs_review(&self, today: NaiveDate, review_days: u32) -> bool {
        today <= self.deadline && (today - self.last_review()).num_days() > review_days as i64
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, goal_over_2026};
    use super::*;

    /// Average CLV from 100 to 110 (stretch 120) over 2026, with a milestone
    /// of 105 on June 30, an owner and a cost.
    fn goal() -> Goal {
        Goal {
            name: "Raise average CLV".into(),
            stretch: Some(120.0),
            lever: Lever::Development,
            owner: "CRM".into(),
            cost: 5000.0,
            milestones: vec![Milestone {
                date: d("2026-06-30"),
                value: 105.0,
            }],
            ..goal_over_2026(Kpi::AverageClv, 100.0, 110.0)
        }
    }

    #[test]
    fn a_sound_goal_validates() {
        assert_eq!(goal().validate(Direction::HigherIsBetter), Ok(()));
    }

    #[test]
    fn each_mistake_is_named() {
        let up = Direction::HigherIsBetter;
        let mut g = goal();
        g.name = "  ".into();
        assert_eq!(g.validate(up), Err(GoalError::EmptyName));

        let mut g = goal();
        g.deadline = g.start;
        assert!(matches!(
            g.validate(up),
            Err(GoalError::DeadlineNotAfterStart { .. })
        ));

        let mut g = goal();
        g.target = 100.0; // equal to the baseline: no improvement
        assert!(matches!(
            g.validate(up),
            Err(GoalError::TargetWrongSide { .. })
        ));
        g.target = 90.0;
        assert!(matches!(
            g.validate(up),
            Err(GoalError::TargetWrongSide { .. })
        ));

        let mut g = goal();
        g.stretch = Some(110.0);
        assert!(matches!(
            g.validate(up),
            Err(GoalError::StretchNotBeyond { .. })
        ));

        let mut g = goal();
        g.milestones[0].date = d("2027-01-01");
        assert!(matches!(
            g.validate(up),
            Err(GoalError::MilestoneOutside { .. })
        ));

        let mut g = goal();
        g.cost = -1.0;
        assert_eq!(g.validate(up), Err(GoalError::NegativeCost(-1.0)));

        let mut g = goal();
        g.target = f64::NAN;
        assert_eq!(
            g.validate(up),
            Err(GoalError::NotFinite { field: "target" })
        );
    }

    #[test]
    fn lower_is_better_flips_the_sides() {
        let down = Direction::LowerIsBetter;
        let mut g = goal();
        g.kpi = Kpi::ChurnRate;
        g.baseline = 0.4;
        g.target = 0.3;
        g.stretch = Some(0.25);
        g.milestones.clear();
        assert_eq!(g.validate(down), Ok(()));
        g.target = 0.5;
        assert!(matches!(
            g.validate(down),
            Err(GoalError::TargetWrongSide { .. })
        ));
        g.target = 0.3;
        g.stretch = Some(0.35);
        assert!(matches!(
            g.validate(down),
            Err(GoalError::StretchNotBeyond { .. })
        ));
    }

    #[test]
    fn revisions_keep_the_history_and_refuse_broken_goals() {
        let mut g = goal();
        g.revise(
            d("2026-03-01"),
            115.0,
            d("2027-03-31"),
            "Good start".into(),
            Direction::HigherIsBetter,
        )
        .unwrap();
        assert_eq!((g.target, g.deadline), (115.0, d("2027-03-31")));
        assert_eq!(g.revisions.len(), 1);
        assert_eq!(g.revisions[0].previous_target, 110.0);
        assert_eq!(g.revisions[0].previous_deadline, d("2026-12-31"));
        let before = g.clone();
        // A target below the baseline is refused, and nothing changes.
        let err = g.revise(
            d("2026-04-01"),
            95.0,
            d("2027-03-31"),
            String::new(),
            Direction::HigherIsBetter,
        );
        assert!(matches!(err, Err(GoalError::TargetWrongSide { .. })));
        assert_eq!(g, before);
    }

    #[test]
    fn review_is_due_after_the_period_without_a_check_in() {
        let mut g = goal();
        assert!(!g.needs_review(d("2026-01-31"), 30));
        assert!(g.needs_review(d("2026-02-01"), 30));
        g.check_in(CheckIn {
            date: d("2026-01-20"),
            note: "Campaign live".into(),
            confidence: Some(70),
        })
        .unwrap();
        assert_eq!(g.last_review(), d("2026-01-20"));
        assert!(!g.needs_review(d("2026-02-19"), 30));
        assert!(g.needs_review(d("2026-02-20"), 30));
        // Past the deadline a goal is over, not overdue for review.
        assert!(!g.needs_review(d("2027-02-01"), 30));
        assert_eq!(
            g.check_in(CheckIn {
                date: d("2026-01-21"),
                note: String::new(),
                confidence: Some(101)
            }),
            Err(GoalError::Confidence(101))
        );
        assert_eq!(g.check_ins.len(), 1);
    }

    #[test]
    fn check_ins_stay_in_date_order() {
        let mut g = goal();
        for (date, note) in [
            ("2026-03-01", "b"),
            ("2026-02-01", "a"),
            ("2026-03-01", "c"),
        ] {
            g.check_in(CheckIn {
                date: d(date),
                note: note.into(),
                confidence: None,
            })
            .unwrap();
        }
        let notes: Vec<&str> = g.check_ins.iter().map(|c| c.note.as_str()).collect();
        assert_eq!(notes, ["a", "b", "c"]);
    }
}
