//! User-defined segments: conditions on customer measures, combined with AND
//! or OR, which may refer to RFM segments and to other user-defined segments.
//!
//! A [`CustomSegment`] is data (saved in the workspace); [`members`] evaluates
//! it against the current customers. Segments refer to each other by name;
//! references are resolved in the list of all segments, each segment is
//! evaluated once per call, and a cycle (A uses B uses A) is an error rather
//! than a hang.

use super::super::data::summary::CustomerSummary;
use super::super::data::transactions::days_from_epoch;
use super::super::valuation::value::CustomerScore;
use super::rfm::{recency_days, RfmScore, RfmSegment};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A number known for each customer that a condition can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Days from the last purchase to the observation end (RFM recency, not
    /// the model's first-to-last-purchase time).
    RecencyDays,
    /// Repeat purchases: purchase days after the first.
    Frequency,
    Orders,
    /// Net revenue, orders less refunds.
    Revenue,
    AverageOrderValue,
    /// Model: probability that the customer is still active.
    PAlive,
    /// Model: expected purchases over the horizon.
    ExpectedPurchases,
    /// Model: lifetime value (point estimate).
    Clv,
    /// The first purchase's date, as days since 1970-01-01.
    FirstPurchase,
    RScore,
    FScore,
    MScore,
}

impl Measure {
    pub const ALL: [Measure; 12] = [
        Measure::RecencyDays,
        Measure::Frequency,
        Measure::Orders,
        Measure::Revenue,
        Measure::AverageOrderValue,
        Measure::PAlive,
        Measure::ExpectedPurchases,
        Measure::Clv,
        Measure::FirstPurchase,
        Measure::RScore,
        Measure::FScore,
        Measure::MScore,
    ];

    /// Whether the measure comes from a fitted model (needs [`SegmentContext::scores`]).
    pub fn needs_scores(self) -> bool {
        matches!(
            self,
            Measure::PAlive | Measure::ExpectedPurchases | Measure::Clv
        )
    }

    /// The English display name.
    pub fn name(self) -> &'static str {
        match self {
            Measure::RecencyDays => "Days since last purchase",
            Measure::Frequency => "Repeat purchases",
            Measure::Orders => "Orders",
            Measure::Revenue => "Revenue",
            Measure::AverageOrderValue => "Average order value",
            Measure::PAlive => "P(alive)",
            Measure::ExpectedPurchases => "Expected purchases",
            Measure::Clv => "CLV",
            Measure::FirstPurchase => "First purchase",
            Measure::RScore => "R score",
            Measure::FScore => "F score",
            Measure::MScore => "M score",
        }
    }

    /// The stable kebab-case key (as serialised), e.g. "p-alive".
    pub fn key(self) -> &'static str {
        match self {
            Measure::RecencyDays => "recency-days",
            Measure::Frequency => "frequency",
            Measure::Orders => "orders",
            Measure::Revenue => "revenue",
            Measure::AverageOrderValue => "average-order-value",
            Measure::PAlive => "p-alive",
            Measure::ExpectedPurchases => "expected-purchases",
            Measure::Clv => "clv",
            Measure::FirstPurchase => "first-purchase",
            Measure::RScore => "r-score",
            Measure::FScore => "f-score",
            Measure::MScore => "m-score",
        }
    }

    /// The measure's value for customer `i`. The caller has checked that
    /// `ctx` has the rfm scores and, for a model measure, the scores.
    fn value(self, ctx: &SegmentContext, i: usize) -> f64 {
        let c = &ctx.customers[i];
        let score = || &ctx.scores.expect("checked before evaluation")[i];
        match self {
            Measure::RecencyDays => recency_days(c, ctx.end) as f64,
            Measure::Frequency => c.frequency as f64,
            Measure::Orders => c.orders as f64,
            Measure::Revenue => c.total,
            Measure::AverageOrderValue => c.average_order_value,
            Measure::PAlive => score().p_alive,
            Measure::ExpectedPurchases => score().expected_purchases,
            Measure::Clv => score().clv.estimate,
            Measure::FirstPurchase => days_from_epoch(c.first_purchase) as f64,
            Measure::RScore => ctx.rfm[i].r as f64,
            Measure::FScore => ctx.rfm[i].f as f64,
            Measure::MScore => ctx.rfm[i].m as f64,
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub const ALL: [Op; 6] = [Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq, Op::Ne];

    /// The mathematical symbol, e.g. "≤".
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::Eq => "=",
            Op::Ne => "≠",
        }
    }

    /// `a op b`. Equality allows a relative difference of 1e-9 (so a revenue of
    /// 0.1 + 0.2 equals 0.3); a value that is not a number satisfies only `≠`.
    pub fn test(self, a: f64, b: f64) -> bool {
        let equal = || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => equal(),
            Op::Ne => !equal(),
        }
    }
}

/// One condition on a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// `measure op value`, e.g. revenue ≥ 500.
    Compare {
        measure: Measure,
        op: Op,
        value: f64,
    },
    /// The customer's RFM segment is this one.
    InRfmSegment(RfmSegment),
    /// The customer is a member of the custom segment with this name.
    InSegment(String),
    /// The customer is not a member of the custom segment with this name.
    NotInSegment(String),
}

/// How a segment's conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Combine {
    /// Every condition holds (AND).
    #[default]
    All,
    /// At least one condition holds (OR).
    Any,
}

/// A user-defined segment.
///
/// Without conditions, [`Combine::All`] takes every customer (no condition
/// fails) and [`Combine::Any`] none (no condition holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomSegment {
    /// Unique among the workspace's segments; other segments refer to it by it.
    pub name: String,
    pub combine: Combine,
    pub conditions: Vec<Condition>,
}

/// What segments are evaluated against, aligned by customer index.
#[derive(Debug, Clone, Copy)]
pub struct SegmentContext<'a> {
    pub customers: &'a [CustomerSummary],
    /// RFM scores as of `end` (see [`super::rfm::rfm_scores`]).
    pub rfm: &'a [RfmScore],
    /// Model predictions, if a model has been fitted.
    pub scores: Option<&'a [CustomerScore]>,
    /// The observation end (for days since the last purchase).
    pub end: NaiveDate,
}

/// Why a segment cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum SegmentError {
    #[error("segment “{segment}” uses {}, which needs a fitted model", .measure.name())]
    NeedsModel { segment: String, measure: Measure },
    #[error("segment “{segment}” refers to “{reference}”, which does not exist")]
    UnknownSegment { segment: String, reference: String },
    #[error("segments refer to each other in a circle: {}", .path.join(" → "))]
    Cycle {
        /// The names along the cycle, the first repeated at the end.
        path: Vec<String>,
    },
    #[error("a segment needs a name")]
    EmptyName,
    #[error("segment “{segment}” compares {} with {value}, which is not a finite number", .measure.name())]
    NonFiniteValue {
        segment: String,
        measure: Measure,
        value: f64,
    },
    #[error("the segment data do not fit together: {customers} customers, {rfm} RFM scores, {scores:?} model scores")]
    Misaligned {
        customers: usize,
        rfm: usize,
        scores: Option<usize>,
    },
}

/// The indices (ascending) of the customers in `segment`.
///
/// References to other segments are looked up by exact name in `all` (the
/// first with that name); `segment` itself need not be in `all` (e.g. while it
/// is edited), but a reference back to its name is a cycle. Errors are
/// reported before any customer is looked at, so they do not depend on the
/// data: a model measure without scores, an unknown or empty name, a cycle,
/// a comparison with NaN or infinity, and context slices of different lengths.
pub fn members(
    segment: &CustomSegment,
    all: &[CustomSegment],
    ctx: &SegmentContext,
) -> Result<Vec<usize>, SegmentError> {
    let n = ctx.customers.len();
    if ctx.rfm.len() != n || ctx.scores.is_some_and(|s| s.len() != n) {
        return Err(SegmentError::Misaligned {
            customers: n,
            rfm: ctx.rfm.len(),
            scores: ctx.scores.map(<[_]>::len),
        });
    }
    let mut evaluator = Evaluator {
        all,
        ctx,
        done: HashMap::new(),
        stack: Vec::new(),
    };
    let mask = evaluator.mask(segment)?;
    Ok((0..n).filter(|&i| mask[i]).collect())
}

struct Evaluator<'s, 'c> {
    all: &'s [CustomSegment],
    ctx: &'s SegmentContext<'c>,
    /// Memberships of the referenced segments evaluated so far, by name.
    done: HashMap<&'s str, Vec<bool>>,
    /// Names of the segments being evaluated, outermost first.
    stack: Vec<String>,
}

impl<'s> Evaluator<'s, '_> {
    /// The referenced segment, evaluated (once) and checked for cycles.
    fn reference(&mut self, segment: &str, name: &str) -> Result<&[bool], SegmentError> {
        if name.trim().is_empty() {
            return Err(SegmentError::EmptyName);
        }
        if let Some(start) = self.stack.iter().position(|s| s == name) {
            let mut path = self.stack[start..].to_vec();
            path.push(name.to_owned());
            return Err(SegmentError::Cycle { path });
        }
        let all = self.all;
        let Some(target) = all.iter().find(|s| s.name == name) else {
            return Err(SegmentError::UnknownSegment {
                segment: segment.to_owned(),
                reference: name.to_owned(),
            });
        };
        if !self.done.contains_key(target.name.as_str()) {
            let mask = self.mask(target)?;
            self.done.insert(target.name.as_str(), mask);
        }
        Ok(&self.done[target.name.as_str()])
    }

    fn mask(&mut self, segment: &CustomSegment) -> Result<Vec<bool>, SegmentError> {
        if segment.name.trim().is_empty() {
            return Err(SegmentError::EmptyName);
        }
        let ctx = self.ctx;
        // Check every condition (and evaluate the references) first.
        self.stack.push(segment.name.clone());
        for condition in &segment.conditions {
            match condition {
                Condition::Compare { measure, value, .. } => {
                    if measure.needs_scores() && ctx.scores.is_none() {
                        return Err(SegmentError::NeedsModel {
                            segment: segment.name.clone(),
                            measure: *measure,
                        });
                    }
                    if !value.is_finite() {
                        return Err(SegmentError::NonFiniteValue {
                            segment: segment.name.clone(),
                            measure: *measure,
                            value: *value,
                        });
                    }
                }
                Condition::InRfmSegment(_) => {}
                Condition::InSegment(name) | Condition::NotInSegment(name) => {
                    self.reference(&segment.name, name)?;
                }
            }
        }
        self.stack.pop();

        let n = ctx.customers.len();
        let all = segment.combine == Combine::All;
        let mut mask = vec![all; n];
        for condition in &segment.conditions {
            let holds: Box<dyn Fn(usize) -> bool + '_> = match condition {
                Condition::Compare { measure, op, value } => {
                    let (measure, op, value) = (*measure, *op, *value);
                    Box::new(move |i| op.test(measure.value(ctx, i), value))
                }
                Condition::InRfmSegment(s) => {
                    let s = *s;
                    Box::new(move |i| ctx.rfm[i].segment() == s)
                }
                Condition::InSegment(name) => {
                    let other = &self.done[name.as_str()];
                    Box::new(move |i| other[i])
                }
                Condition::NotInSegment(name) => {
                    let other = &self.done[name.as_str()];
                    Box::new(move |i| !other[i])
                }
            };
            for (i, m) in mask.iter_mut().enumerate() {
                // Only customers whose outcome is still open are tested.
                if *m == all {
                    *m = holds(i);
                }
            }
        }
        Ok(mask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::estimation::uncertainty::Interval;
    use crate::clv::segments::rfm::rfm_scores;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const END: &str = "2024-12-31";

    /// Five customers: (first purchase, last purchase, orders, revenue).
    fn customers() -> Vec<CustomerSummary> {
        [
            ("2024-01-01", "2024-12-30", 6, 600.0), // 0
            ("2024-03-01", "2024-03-01", 1, 40.0),  // 1
            ("2024-06-01", "2024-11-01", 3, 90.0),  // 2
            ("2023-12-01", "2024-02-01", 2, 0.3),   // 3
            ("2024-12-01", "2024-12-01", 1, 250.0), // 4
        ]
        .iter()
        .enumerate()
        .map(|(i, &(first, last, orders, total))| CustomerSummary {
            customer_id: format!("c{i}"),
            ..CustomerSummary::with_orders(d(first), d(last), orders, total)
        })
        .collect()
    }

    fn scores() -> Vec<CustomerScore> {
        [0.95, 0.2, 0.7, 0.3, 0.5]
            .iter()
            .map(|&p| CustomerScore {
                p_alive: p,
                expected_purchases: 10.0 * p,
                spend_per_purchase: 20.0,
                expected_spend: 200.0 * p,
                clv: Interval {
                    estimate: 100.0 * p,
                    low: 0.0,
                    high: 200.0,
                },
            })
            .collect()
    }

    fn cmp(measure: Measure, op: Op, value: f64) -> Condition {
        Condition::Compare { measure, op, value }
    }

    fn seg(name: &str, combine: Combine, conditions: Vec<Condition>) -> CustomSegment {
        CustomSegment {
            name: name.into(),
            combine,
            conditions,
        }
    }

    fn eval(
        segment: &CustomSegment,
        all: &[CustomSegment],
        with_scores: bool,
    ) -> Result<Vec<usize>, SegmentError> {
        let c = customers();
        let rfm = rfm_scores(&c, d(END));
        let s = scores();
        let ctx = SegmentContext {
            customers: &c,
            rfm: &rfm,
            scores: with_scores.then_some(&s[..]),
            end: d(END),
        };
        members(segment, all, &ctx)
    }

    fn one(condition: Condition) -> Vec<usize> {
        eval(&seg("s", Combine::All, vec![condition]), &[], true).unwrap()
    }

    #[test]
    fn each_operator() {
        use Measure::Orders;
        assert_eq!(one(cmp(Orders, Op::Lt, 3.0)), [1, 3, 4]);
        assert_eq!(one(cmp(Orders, Op::Le, 3.0)), [1, 2, 3, 4]);
        assert_eq!(one(cmp(Orders, Op::Gt, 3.0)), [0]);
        assert_eq!(one(cmp(Orders, Op::Ge, 3.0)), [0, 2]);
        assert_eq!(one(cmp(Orders, Op::Eq, 1.0)), [1, 4]);
        assert_eq!(one(cmp(Orders, Op::Ne, 1.0)), [0, 2, 3]);
        // Equality tolerates rounding: 0.1 + 0.2 is 0.3.
        assert_eq!(one(cmp(Measure::Revenue, Op::Eq, 0.1 + 0.2)), [3]);
        assert!(Op::Ne.test(f64::NAN, 1.0) && !Op::Eq.test(f64::NAN, 1.0));
        assert!(!Op::Lt.test(f64::NAN, 1.0) && !Op::Ge.test(f64::NAN, 1.0));
    }

    #[test]
    fn each_history_measure() {
        // Days since the last purchase: 1, 305, 60, 334, 30.
        assert_eq!(one(cmp(Measure::RecencyDays, Op::Le, 30.0)), [0, 4]);
        assert_eq!(one(cmp(Measure::Frequency, Op::Ge, 2.0)), [0, 2]);
        assert_eq!(one(cmp(Measure::Revenue, Op::Gt, 100.0)), [0, 4]);
        // Average order value: 100, 40, 30, 0.15, 250.
        assert_eq!(
            one(cmp(Measure::AverageOrderValue, Op::Ge, 40.0)),
            [0, 1, 4]
        );
        let march = days_from_epoch(d("2024-03-01")) as f64;
        assert_eq!(one(cmp(Measure::FirstPurchase, Op::Lt, march)), [0, 3]);
        assert_eq!(one(cmp(Measure::FirstPurchase, Op::Eq, march)), [1]);
        // R worst first: 3, 1, 2, 4, 0 → R 1..5; F: 1 (40), 4 (250), 3, 2, 0.
        assert_eq!(one(cmp(Measure::RScore, Op::Eq, 5.0)), [0]);
        assert_eq!(one(cmp(Measure::FScore, Op::Le, 2.0)), [1, 4]);
        // M: 3 (0.3), 1, 2, 4, 0.
        assert_eq!(one(cmp(Measure::MScore, Op::Ge, 4.0)), [0, 4]);
        // RFM segments: 0 is R 5 F 5, 4 is R 4 F 2, 3 is R 1 F 3.
        assert_eq!(one(Condition::InRfmSegment(RfmSegment::Champions)), [0]);
        assert_eq!(
            one(Condition::InRfmSegment(RfmSegment::PotentialLoyalists)),
            [4]
        );
        assert_eq!(one(Condition::InRfmSegment(RfmSegment::AtRisk)), [3]);
        assert!(one(Condition::InRfmSegment(RfmSegment::NewCustomers)).is_empty());
    }

    #[test]
    fn and_or_and_empty_lists() {
        let conditions = vec![
            cmp(Measure::Orders, Op::Ge, 2.0),
            cmp(Measure::RecencyDays, Op::Le, 60.0),
        ];
        let and = seg("and", Combine::All, conditions.clone());
        let or = seg("or", Combine::Any, conditions);
        assert_eq!(eval(&and, &[], false).unwrap(), [0, 2]);
        assert_eq!(eval(&or, &[], false).unwrap(), [0, 2, 3, 4]);
        // Nobody: an impossible combination.
        let none = seg(
            "none",
            Combine::All,
            vec![
                cmp(Measure::Orders, Op::Gt, 5.0),
                cmp(Measure::Revenue, Op::Lt, 100.0),
            ],
        );
        assert!(eval(&none, &[], false).unwrap().is_empty());
        // Empty lists: AND of nothing is everyone, OR of nothing nobody.
        assert_eq!(
            eval(&seg("e", Combine::All, vec![]), &[], false).unwrap(),
            [0, 1, 2, 3, 4]
        );
        assert!(eval(&seg("e", Combine::Any, vec![]), &[], false)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn nested_segment_references() {
        let big = seg(
            "Big",
            Combine::All,
            vec![cmp(Measure::Revenue, Op::Ge, 90.0)],
        );
        let recent = seg(
            "Recent",
            Combine::All,
            vec![cmp(Measure::RecencyDays, Op::Le, 60.0)],
        );
        let big_recent = seg(
            "Big & recent",
            Combine::All,
            vec![
                Condition::InSegment("Big".into()),
                Condition::InSegment("Recent".into()),
            ],
        );
        let big_lapsed = seg(
            "Big & lapsed",
            Combine::All,
            vec![
                Condition::InSegment("Big".into()),
                Condition::NotInSegment("Recent".into()),
            ],
        );
        // Two levels deep: anyone not in "Big & recent".
        let rest = seg(
            "Rest",
            Combine::Any,
            vec![Condition::NotInSegment("Big & recent".into())],
        );
        let all = [
            big.clone(),
            recent.clone(),
            big_recent.clone(),
            big_lapsed.clone(),
            rest.clone(),
        ];
        assert_eq!(eval(&big, &all, false).unwrap(), [0, 2, 4]);
        assert_eq!(eval(&recent, &all, false).unwrap(), [0, 2, 4]);
        assert_eq!(eval(&big_recent, &all, false).unwrap(), [0, 2, 4]);
        // Big and not recent: nobody, the big spenders 0, 2 and 4 are all recent.
        assert!(eval(&big_lapsed, &all, false).unwrap().is_empty());
        assert_eq!(eval(&rest, &all, false).unwrap(), [1, 3]);
        // The same segment referred to twice (diamond) is fine.
        let diamond = seg(
            "Diamond",
            Combine::Any,
            vec![
                Condition::InSegment("Rest".into()),
                Condition::InSegment("Big & recent".into()),
            ],
        );
        assert_eq!(eval(&diamond, &all, false).unwrap(), [0, 1, 2, 3, 4]);
        // Unknown and empty references.
        let unknown = seg("U", Combine::All, vec![Condition::InSegment("Nope".into())]);
        assert_eq!(
            eval(&unknown, &all, false),
            Err(SegmentError::UnknownSegment {
                segment: "U".into(),
                reference: "Nope".into()
            })
        );
        let blank = seg(
            "B",
            Combine::All,
            vec![Condition::NotInSegment("  ".into())],
        );
        assert_eq!(eval(&blank, &all, false), Err(SegmentError::EmptyName));
        assert_eq!(
            eval(&seg(" ", Combine::All, vec![]), &all, false),
            Err(SegmentError::EmptyName)
        );
    }

    #[test]
    fn cycles_are_errors() {
        let a = seg("A", Combine::All, vec![Condition::InSegment("B".into())]);
        let b = seg(
            "B",
            Combine::Any,
            vec![
                cmp(Measure::Orders, Op::Gt, 1.0),
                Condition::NotInSegment("C".into()),
            ],
        );
        let c = seg("C", Combine::All, vec![Condition::InSegment("A".into())]);
        let all = [a.clone(), b.clone(), c];
        assert_eq!(
            eval(&a, &all, false),
            Err(SegmentError::Cycle {
                path: vec!["A".into(), "B".into(), "C".into(), "A".into()]
            })
        );
        let err = eval(&b, &all, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "segments refer to each other in a circle: B → C → A → B"
        );
        // A segment referring to itself, also while it is not saved yet.
        let me = seg("Me", Combine::Any, vec![Condition::InSegment("Me".into())]);
        assert_eq!(
            eval(&me, &[], false),
            Err(SegmentError::Cycle {
                path: vec!["Me".into(), "Me".into()]
            })
        );
        // Without the back edge there is no cycle.
        let c = seg("C", Combine::All, vec![cmp(Measure::Orders, Op::Eq, 1.0)]);
        let all = [a.clone(), b, c];
        assert_eq!(eval(&a, &all, false).unwrap(), [0, 2, 3]);
    }

    #[test]
    fn model_measures_need_scores() {
        let s = seg(
            "Valuable",
            Combine::All,
            vec![
                cmp(Measure::Clv, Op::Ge, 50.0),
                cmp(Measure::PAlive, Op::Lt, 0.9),
            ],
        );
        assert_eq!(eval(&s, &[], true).unwrap(), [2, 4]);
        assert_eq!(
            eval(&s, &[], false),
            Err(SegmentError::NeedsModel {
                segment: "Valuable".into(),
                measure: Measure::Clv
            })
        );
        let e = seg(
            "E",
            Combine::Any,
            vec![cmp(Measure::ExpectedPurchases, Op::Gt, 6.0)],
        );
        assert_eq!(eval(&e, &[], true).unwrap(), [0, 2]);
        // Through a reference, and even with no customers at all.
        let outer = seg(
            "Outer",
            Combine::Any,
            vec![Condition::InSegment("E".into())],
        );
        assert!(matches!(
            eval(&outer, &[e], false),
            Err(SegmentError::NeedsModel { ref segment, measure: Measure::ExpectedPurchases }) if segment == "E"
        ));
        let ctx = SegmentContext {
            customers: &[],
            rfm: &[],
            scores: None,
            end: d(END),
        };
        assert!(matches!(
            members(&s, &[], &ctx),
            Err(SegmentError::NeedsModel { .. })
        ));
        assert_eq!(Measure::ALL.iter().filter(|m| m.needs_scores()).count(), 3);
    }

    #[test]
    fn invalid_values_and_misaligned_data() {
        let s = seg(
            "S",
            Combine::All,
            vec![cmp(Measure::Revenue, Op::Gt, f64::NAN)],
        );
        assert!(matches!(
            eval(&s, &[], false),
            Err(SegmentError::NonFiniteValue {
                measure: Measure::Revenue,
                ..
            })
        ));
        let s = seg(
            "S",
            Combine::All,
            vec![cmp(Measure::Revenue, Op::Gt, f64::INFINITY)],
        );
        assert!(eval(&s, &[], false).is_err());
        let c = customers();
        let ctx = SegmentContext {
            customers: &c,
            rfm: &[],
            scores: None,
            end: d(END),
        };
        assert_eq!(
            members(&seg("S", Combine::All, vec![]), &[], &ctx),
            Err(SegmentError::Misaligned {
                customers: 5,
                rfm: 0,
                scores: None
            })
        );
    }

    #[test]
    fn segments_round_trip_through_json() {
        let s = seg(
            "Mixed",
            Combine::Any,
            vec![
                cmp(Measure::PAlive, Op::Le, 0.5),
                Condition::InRfmSegment(RfmSegment::CantLoseThem),
                Condition::InSegment("Big".into()),
                Condition::NotInSegment("Recent".into()),
            ],
        );
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"name":"Mixed","combine":"any","conditions":[{"compare":{"measure":"p-alive","op":"le","value":0.5}},{"in-rfm-segment":"cant-lose-them"},{"in-segment":"Big"},{"not-in-segment":"Recent"}]}"#
        );
        assert_eq!(serde_json::from_str::<CustomSegment>(&json).unwrap(), s);
        for m in Measure::ALL {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.key())
            );
        }
    }
}
