//! Model input: customers as (x, t_x, T) rows, identical rows merged with a weight.

use super::super::data::summary::CustomerSummary;
use super::super::estimation::fit::FitError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Purchase histories for fitting: frequency `x`, recency `t_x` and age `T`
/// (in one time unit), with each distinct row once and its count as weight.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RfmData {
    pub x: Vec<f64>,
    pub t_x: Vec<f64>,
    pub t: Vec<f64>,
    pub weight: Vec<f64>,
}

impl RfmData {
    /// Builds the weighted rows, checking every input row: `x` a whole number
    /// ≥ 0, `0 ≤ t_x ≤ T`, all finite, and `t_x = 0` when `x = 0`.
    pub fn from_rows(rows: impl IntoIterator<Item = (f64, f64, f64)>) -> Result<Self, FitError> {
        let mut index: HashMap<(u64, u64, u64), usize> = HashMap::new();
        let mut data = RfmData::default();
        for (row, (x, t_x, t)) in rows.into_iter().enumerate() {
            let bad =
                |field: &'static str, value: f64| FitError::InvalidInput { row, field, value };
            if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
                return Err(bad("frequency", x));
            }
            if !(t.is_finite() && t >= 0.0) {
                return Err(bad("T", t));
            }
            if !(t_x.is_finite() && t_x >= 0.0 && t_x <= t) || (x == 0.0 && t_x != 0.0) {
                return Err(bad("recency", t_x));
            }
            let key = (x.to_bits(), t_x.to_bits(), t.to_bits());
            match index.get(&key) {
                Some(&i) => data.weight[i] += 1.0,
                None => {
                    index.insert(key, data.x.len());
                    data.x.push(x);
                    data.t_x.push(t_x);
                    data.t.push(t);
                    data.weight.push(1.0);
                }
            }
        }
        Ok(data)
    }

    /// The rows of customer summaries.
    pub fn from_summaries(customers: &[CustomerSummary]) -> Result<Self, FitError> {
        Self::from_rows(
            customers
                .iter()
                .map(|c| (c.frequency as f64, c.recency, c.age)),
        )
    }

    /// Distinct rows.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Customers (the sum of the weights).
    pub fn customers(&self) -> f64 {
        self.weight.iter().sum()
    }

    /// Customers with at least one repeat purchase.
    pub fn repeat_buyers(&self) -> f64 {
        self.x
            .iter()
            .zip(&self.weight)
            .filter(|(x, _)| **x > 0.0)
            .map(|(_, w)| w)
            .sum()
    }

    /// The checks every purchase model needs before fitting.
    pub fn check_fittable(&self, needed: usize) -> Result<(), FitError> {
        let found = self.customers() as usize;
        if found < needed {
            return Err(FitError::TooFewCustomers { found, needed });
        }
        if self.repeat_buyers() == 0.0 {
            return Err(FitError::NoRepeatBuyers);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_are_merged() {
        let d = RfmData::from_rows([
            (0.0, 0.0, 10.0),
            (2.0, 5.0, 10.0),
            (0.0, 0.0, 10.0),
            (2.0, 5.0, 12.0),
        ])
        .unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d.weight, [2.0, 1.0, 1.0]);
        assert_eq!(d.customers(), 4.0);
        assert_eq!(d.repeat_buyers(), 2.0);
    }

    #[test]
    fn invalid_rows_are_named() {
        let err = RfmData::from_rows([(1.0, 1.0, 2.0), (1.5, 1.0, 2.0)]).unwrap_err();
        assert_eq!(
            err,
            FitError::InvalidInput {
                row: 1,
                field: "frequency",
                value: 1.5
            }
        );
        let err = RfmData::from_rows([(1.0, 3.0, 2.0)]).unwrap_err();
        assert_eq!(
            err,
            FitError::InvalidInput {
                row: 0,
                field: "recency",
                value: 3.0
            }
        );
        assert!(matches!(
            RfmData::from_rows([(1.0, 1.0, f64::NAN)]),
            Err(FitError::InvalidInput { field: "T", .. })
        ));
        assert!(matches!(
            RfmData::from_rows([(0.0, 1.0, 2.0)]),
            Err(FitError::InvalidInput {
                field: "recency",
                ..
            })
        ));
    }

    #[test]
    fn fittable_needs_customers_and_repeat_buyers() {
        let d = RfmData::from_rows([(0.0, 0.0, 10.0), (0.0, 0.0, 8.0)]).unwrap();
        assert_eq!(
            d.check_fittable(3),
            Err(FitError::TooFewCustomers {
                found: 2,
                needed: 3
            })
        );
        assert_eq!(d.check_fittable(2), Err(FitError::NoRepeatBuyers));
    }
}
