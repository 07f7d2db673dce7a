//! Model input of the purchase models (BG/NBD, MBG/NBD, Pareto/NBD):
//! customers as `(x, t_x, T)` rows, identical rows merged with a weight.
//!
//! `x` is the number of repeat purchases, `t_x` the time of the last one and
//! `T` the age, all from the first purchase in one time unit. A row is a
//! possible history only if `x` is a whole number ≥ 0, `0 ≤ t_x ≤ T`, all are
//! finite and `t_x = 0` when `x = 0`; its weight (how many customers share it)
//! is finite and > 0. [`RfmData::validate`] is that one check, which every
//! purchase model runs before fitting.

use crate::clv::data::summary::CustomerSummary;
use crate::clv::estimation::fit::FitError;
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

/// Checks one row (see the module docs); `row` names it in the error.
fn check_row(row: usize, x: f64, t_x: f64, t: f64, weight: f64) -> Result<(), FitError> {
    let bad = |field: &'static str, value: f64| FitError::InvalidInput { row, field, value };
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
        return Err(bad("frequency", x));
    }
    if !(t.is_finite() && t >= 0.0) {
        return Err(bad("T", t));
    }
    if !(t_x.is_finite() && t_x >= 0.0 && t_x <= t) || (x == 0.0 && t_x != 0.0) {
        return Err(bad("recency", t_x));
    }
    if !(weight.is_finite() && weight > 0.0) {
        return Err(bad("weight", weight));
    }
    Ok(())
}

impl RfmData {
    /// Builds the weighted rows, checking every input row: `x` a whole number
    /// ≥ 0, `0 ≤ t_x ≤ T`, all finite, and `t_x = 0` when `x = 0` (each row
    /// counts once, so its weight is 1).
    pub fn from_rows(rows: impl IntoIterator<Item = (f64, f64, f64)>) -> Result<Self, FitError> {
        let mut index: HashMap<(u64, u64, u64), usize> = HashMap::new();
        let mut data = RfmData::default();
        for (row, (x, t_x, t)) in rows.into_iter().enumerate() {
            check_row(row, x, t_x, t, 1.0)?;
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

    /// Checks rows whose fields may have been set directly (they are public):
    /// equal column lengths (a short column is reported at its first missing
    /// row, with the value `NaN`) and every row a possible history with a
    /// finite weight > 0. Every purchase model fits only data that passes.
    pub fn validate(&self) -> Result<(), FitError> {
        let n = self.x.len();
        for (field, len) in [
            ("recency", self.t_x.len()),
            ("T", self.t.len()),
            ("weight", self.weight.len()),
        ] {
            if len != n {
                return Err(FitError::InvalidInput {
                    row: n.min(len),
                    field,
                    value: f64::NAN,
                });
            }
        }
        (0..n).try_for_each(|row| {
            check_row(
                row,
                self.x[row],
                self.t_x[row],
                self.t[row],
                self.weight[row],
            )
        })
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

    use crate::clv::estimation::fit::FitSettings;
    use crate::clv::models::bg_nbd::BgNbd;
    use crate::clv::models::mbg_nbd::MbgNbd;
    use crate::clv::models::pareto_nbd::ParetoNbd;

    /// Twenty valid rows, enough customers and repeat buyers to fit.
    fn fittable() -> RfmData {
        let data = RfmData::from_rows((0..20).map(|i| {
            let t = 10.0 + f64::from(i);
            if i % 2 == 0 {
                (0.0, 0.0, t)
            } else {
                (f64::from(1 + i % 4), 0.5 * t, t)
            }
        }))
        .unwrap();
        assert_eq!(data.len(), 20);
        data
    }

    /// What each purchase model's fit says about the data, in the order
    /// BG/NBD, MBG/NBD, Pareto/NBD (only the error; the models differ). A few
    /// iterations suffice: the rows are checked before the optimiser starts.
    fn every_model(data: &RfmData) -> [Result<(), FitError>; 3] {
        let settings = FitSettings {
            max_iterations: 3,
            ..FitSettings::default()
        };
        [
            BgNbd::fit(data, &settings).map(|_| ()),
            MbgNbd::fit(data, &settings).map(|_| ()),
            ParetoNbd::fit(data, &settings).map(|_| ()),
        ]
    }

    /// Asserts that the data is refused by `validate` and by every model with
    /// the same error.
    fn refused_by_every_model(data: &RfmData, row: usize, field: &'static str, value: f64) {
        let err = data.validate().unwrap_err();
        match &err {
            FitError::InvalidInput {
                row: r,
                field: f,
                value: v,
            } => {
                assert_eq!((*r, *f), (row, field));
                assert!(
                    v == &value || (v.is_nan() && value.is_nan()),
                    "{v} ≠ {value}"
                );
            }
            other => panic!("not an invalid input: {other:?}"),
        }
        for result in every_model(data) {
            let model_err = result.unwrap_err();
            // NaN ≠ NaN, so compare the debug form.
            assert_eq!(format!("{model_err:?}"), format!("{err:?}"));
        }
    }

    #[test]
    fn valid_rows_pass_the_check_every_model_runs() {
        let data = fittable();
        assert_eq!(data.validate(), Ok(()));
        for result in every_model(&data) {
            assert!(
                !matches!(result, Err(FitError::InvalidInput { .. })),
                "{result:?}"
            );
        }
    }

    #[test]
    fn a_row_with_zero_weight_is_refused_by_every_model() {
        let mut data = fittable();
        data.weight[4] = 0.0;
        refused_by_every_model(&data, 4, "weight", 0.0);
    }

    #[test]
    fn a_row_with_a_negative_or_non_finite_weight_is_refused_by_every_model() {
        for w in [-1.0, f64::NAN, f64::INFINITY] {
            let mut data = fittable();
            data.weight[6] = w;
            refused_by_every_model(&data, 6, "weight", w);
        }
    }

    #[test]
    fn a_frequency_that_is_not_a_whole_number_at_least_zero_is_refused_by_every_model() {
        for x in [1.5, -1.0, f64::NAN, f64::INFINITY] {
            let mut data = fittable();
            data.x[3] = x;
            refused_by_every_model(&data, 3, "frequency", x);
        }
    }

    #[test]
    fn a_recency_outside_zero_to_the_age_is_refused_by_every_model() {
        let mut data = fittable();
        let late = data.t[5] + 1.0;
        data.t_x[5] = late;
        refused_by_every_model(&data, 5, "recency", late);
        let mut data = fittable();
        data.t_x[5] = -0.5;
        refused_by_every_model(&data, 5, "recency", -0.5);
    }

    #[test]
    fn a_non_finite_age_or_recency_is_refused_by_every_model() {
        for t in [f64::NAN, f64::INFINITY, -1.0] {
            let mut data = fittable();
            data.t[7] = t;
            refused_by_every_model(&data, 7, "T", t);
        }
        let mut data = fittable();
        data.t_x[7] = f64::NAN;
        refused_by_every_model(&data, 7, "recency", f64::NAN);
    }

    #[test]
    fn a_recency_without_a_repeat_purchase_is_refused_by_every_model() {
        let mut data = fittable();
        assert_eq!(data.x[0], 0.0);
        data.t_x[0] = 1.0;
        refused_by_every_model(&data, 0, "recency", 1.0);
        // `from_rows` refuses the same row.
        assert_eq!(
            RfmData::from_rows([(0.0, 1.0, 10.0)]),
            Err(FitError::InvalidInput {
                row: 0,
                field: "recency",
                value: 1.0
            })
        );
    }

    #[test]
    fn a_short_column_is_refused_by_every_model_at_its_first_missing_row() {
        let mut data = fittable();
        data.weight.pop();
        refused_by_every_model(&data, 19, "weight", f64::NAN);
        let mut data = fittable();
        data.t.truncate(12);
        refused_by_every_model(&data, 12, "T", f64::NAN);
    }
}
