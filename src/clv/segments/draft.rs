//! A custom segment as the segment builder edits it: each condition with its
//! value as typed (text), turned into a [`CustomSegment`] with the conditions
//! that parse. A condition whose value does not parse (yet) is left out, so
//! the live count follows the user's typing without an error per keystroke.
//!
//! Numbers accept a decimal comma ("2,5"); a first-purchase condition takes an
//! ISO date, compared as days since 1970-01-01 like [`Measure::FirstPurchase`].

use super::super::transactions::days_from_epoch;
use super::rfm::RfmSegment;
use super::rules::{Combine, Condition, CustomSegment, Measure, Op};
use chrono::NaiveDate;

/// What a condition tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConditionKind {
    /// A measure compared with a value (orders ≥ 2).
    #[default]
    Compare,
    /// Membership of an RFM segment.
    InRfmSegment,
    /// Membership of another custom segment.
    InSegment,
    /// Not a member of another custom segment.
    NotInSegment,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 4] = [
        ConditionKind::Compare,
        ConditionKind::InRfmSegment,
        ConditionKind::InSegment,
        ConditionKind::NotInSegment,
    ];

    /// A stable key (the form's option values).
    pub fn key(self) -> &'static str {
        match self {
            ConditionKind::Compare => "measure",
            ConditionKind::InRfmSegment => "rfm",
            ConditionKind::InSegment => "in",
            ConditionKind::NotInSegment => "not-in",
        }
    }

    /// The kind with this [`ConditionKind::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One condition being edited; every field is kept while the kind changes,
/// so switching back restores what was entered.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionDraft {
    pub kind: ConditionKind,
    pub measure: Measure,
    pub op: Op,
    /// The value as typed.
    pub value: String,
    pub rfm: RfmSegment,
    /// The name of the other custom segment.
    pub segment: String,
}

impl Default for ConditionDraft {
    /// "Orders ≥ 2": repeat buyers, the most common first condition.
    fn default() -> Self {
        ConditionDraft {
            kind: ConditionKind::Compare,
            measure: Measure::Orders,
            op: Op::Ge,
            value: "2".into(),
            rfm: RfmSegment::Champions,
            segment: String::new(),
        }
    }
}

impl ConditionDraft {
    /// The condition, `None` while the value does not parse.
    pub fn condition(&self) -> Option<Condition> {
        Some(match self.kind {
            ConditionKind::InRfmSegment => Condition::InRfmSegment(self.rfm),
            ConditionKind::InSegment => Condition::InSegment(self.segment.clone()),
            ConditionKind::NotInSegment => Condition::NotInSegment(self.segment.clone()),
            ConditionKind::Compare => {
                let value = if self.measure == Measure::FirstPurchase {
                    let date: NaiveDate = self.value.trim().parse().ok()?;
                    days_from_epoch(date) as f64
                } else {
                    self.value.trim().replace(',', ".").parse().ok()?
                };
                Condition::Compare {
                    measure: self.measure,
                    op: self.op,
                    value,
                }
            }
        })
    }
}

/// The segment named `name` (trimmed) with the drafts' conditions that parse.
pub fn draft_segment(name: &str, combine: Combine, drafts: &[ConditionDraft]) -> CustomSegment {
    CustomSegment {
        name: name.trim().to_owned(),
        combine,
        conditions: drafts
            .iter()
            .filter_map(ConditionDraft::condition)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_draft_is_repeat_buyers() {
        assert_eq!(
            ConditionDraft::default().condition(),
            Some(Condition::Compare {
                measure: Measure::Orders,
                op: Op::Ge,
                value: 2.0
            })
        );
    }

    #[test]
    fn a_value_takes_a_decimal_comma_and_surrounding_spaces() {
        let draft = ConditionDraft {
            measure: Measure::Revenue,
            value: " 2,5 ".into(),
            ..ConditionDraft::default()
        };
        assert_eq!(
            draft.condition(),
            Some(Condition::Compare {
                measure: Measure::Revenue,
                op: Op::Ge,
                value: 2.5
            })
        );
    }

    #[test]
    fn a_first_purchase_value_is_a_date_in_days_since_1970() {
        let draft = ConditionDraft {
            measure: Measure::FirstPurchase,
            op: Op::Lt,
            value: "1970-02-01".into(),
            ..ConditionDraft::default()
        };
        assert_eq!(
            draft.condition(),
            Some(Condition::Compare {
                measure: Measure::FirstPurchase,
                op: Op::Lt,
                value: 31.0
            })
        );
        let not_a_date = ConditionDraft {
            value: "31".into(),
            ..draft
        };
        assert_eq!(not_a_date.condition(), None);
    }

    #[test]
    fn a_condition_that_does_not_parse_is_left_out_of_the_segment() {
        let drafts = [
            ConditionDraft {
                value: "zwei".into(),
                ..ConditionDraft::default()
            },
            ConditionDraft {
                kind: ConditionKind::InRfmSegment,
                rfm: RfmSegment::AtRisk,
                ..ConditionDraft::default()
            },
            ConditionDraft {
                kind: ConditionKind::NotInSegment,
                segment: "VIP".into(),
                ..ConditionDraft::default()
            },
        ];
        let segment = draft_segment("  Win back ", Combine::Any, &drafts);
        assert_eq!(segment.name, "Win back");
        assert_eq!(segment.combine, Combine::Any);
        assert_eq!(
            segment.conditions,
            [
                Condition::InRfmSegment(RfmSegment::AtRisk),
                Condition::NotInSegment("VIP".into())
            ]
        );
    }

    #[test]
    fn condition_kinds_round_trip_through_their_keys() {
        for kind in ConditionKind::ALL {
            assert_eq!(ConditionKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(
            ConditionKind::from_key("measure"),
            Some(ConditionKind::Compare)
        );
        assert_eq!(ConditionKind::from_key("nope"), None);
    }
}
