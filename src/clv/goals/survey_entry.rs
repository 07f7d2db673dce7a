//! Survey KPIs as the surveys card enters them: a new survey from its name,
//! unit and direction, and a dated value from the text of its fields.
//!
//! Values of a share survey are entered in percent; numbers accept a decimal
//! comma ("2,5"). "Today" is an argument.

use super::kpi::{Direction, KpiUnit, Survey, SurveyValue};
use super::review::parse_number;
use chrono::NaiveDate;

/// Why a survey or a survey value is not added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyError {
    #[error("a survey needs a name")]
    EmptyName,
    #[error("there is a survey named {0} already")]
    NameTaken(String),
    #[error("{0:?} is not a date")]
    BadDate(String),
    #[error("{0:?} is not a number")]
    NotANumber(String),
}

impl SurveyError {
    /// Whether the error is about the survey's name (else about a value).
    pub fn is_about_the_name(&self) -> bool {
        matches!(self, SurveyError::EmptyName | SurveyError::NameTaken(_))
    }
}

/// A new survey named `name` (trimmed) without values: refused with an empty
/// name or one of `existing`.
pub fn new_survey(
    existing: &[Survey],
    name: &str,
    unit: KpiUnit,
    direction: Direction,
) -> Result<Survey, SurveyError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SurveyError::EmptyName);
    }
    if existing.iter().any(|s| s.name == name) {
        return Err(SurveyError::NameTaken(name.to_owned()));
    }
    Ok(Survey {
        name: name.to_owned(),
        unit,
        direction,
        values: Vec::new(),
    })
}

/// A value for one survey, ready to be added.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSurveyValue {
    /// The survey's name.
    pub survey: String,
    /// In the survey's unit (a share as a fraction).
    pub value: SurveyValue,
}

impl NewSurveyValue {
    /// The value typed for the survey `chosen` (empty: the first of
    /// `surveys`) on `date` (empty: `today`). A share survey's value is typed
    /// in percent.
    pub fn parse(
        surveys: &[Survey],
        chosen: &str,
        date: &str,
        value: &str,
        today: NaiveDate,
    ) -> Result<Self, SurveyError> {
        let survey = match chosen {
            "" => surveys.first().map(|s| s.name.clone()).unwrap_or_default(),
            name => name.to_owned(),
        };
        let date = match date {
            "" => today,
            s => s.parse().map_err(|_| SurveyError::BadDate(s.to_owned()))?,
        };
        let number = parse_number(value);
        if !number.is_finite() {
            return Err(SurveyError::NotANumber(value.to_owned()));
        }
        let share = surveys
            .iter()
            .any(|s| s.name == survey && s.unit == KpiUnit::Share);
        let value = if share { number / 100.0 } else { number };
        Ok(NewSurveyValue {
            survey,
            value: SurveyValue { date, value },
        })
    }

    /// Adds the value to its survey in `surveys` (nothing if there is none
    /// of that name).
    pub fn add_to(self, surveys: &mut [Survey]) {
        if let Some(s) = surveys.iter_mut().find(|s| s.name == self.survey) {
            s.values.push(self.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::d;
    use super::*;

    fn survey(name: &str, unit: KpiUnit) -> Survey {
        Survey {
            name: name.into(),
            unit,
            direction: Direction::HigherIsBetter,
            values: vec![],
        }
    }

    fn surveys() -> Vec<Survey> {
        vec![
            survey("NPS", KpiUnit::Number),
            survey("Satisfied", KpiUnit::Share),
        ]
    }

    #[test]
    fn a_new_survey_is_named_without_surrounding_spaces() {
        let s = new_survey(
            &surveys(),
            "  Effort score ",
            KpiUnit::Number,
            Direction::LowerIsBetter,
        );
        assert_eq!(
            s,
            Ok(Survey {
                name: "Effort score".into(),
                unit: KpiUnit::Number,
                direction: Direction::LowerIsBetter,
                values: vec![],
            })
        );
    }

    #[test]
    fn a_survey_without_a_name_is_refused() {
        let s = new_survey(&[], "   ", KpiUnit::Number, Direction::HigherIsBetter);
        assert_eq!(s, Err(SurveyError::EmptyName));
        assert!(SurveyError::EmptyName.is_about_the_name());
    }

    #[test]
    fn a_survey_named_like_an_existing_one_is_refused() {
        let s = new_survey(
            &surveys(),
            " NPS",
            KpiUnit::Share,
            Direction::HigherIsBetter,
        );
        assert_eq!(s, Err(SurveyError::NameTaken("NPS".into())));
        assert!(SurveyError::NameTaken("NPS".into()).is_about_the_name());
    }

    #[test]
    fn a_value_goes_to_the_first_survey_on_today_unless_chosen_and_dated() {
        let today = d("2024-12-31");
        let v = NewSurveyValue::parse(&surveys(), "", "", "34", today).unwrap();
        assert_eq!(
            v,
            NewSurveyValue {
                survey: "NPS".into(),
                value: SurveyValue {
                    date: today,
                    value: 34.0
                },
            }
        );
        let v = NewSurveyValue::parse(&surveys(), "NPS", "2024-06-30", "-2,5", today).unwrap();
        assert_eq!(v.value.date, d("2024-06-30"));
        assert_eq!(v.value.value, -2.5);
    }

    #[test]
    fn a_share_survey_value_is_typed_in_percent() {
        let v = NewSurveyValue::parse(&surveys(), "Satisfied", "", "85", d("2024-12-31")).unwrap();
        assert!((v.value.value - 0.85).abs() < 1e-12);
    }

    #[test]
    fn a_value_without_a_date_or_a_number_is_refused() {
        let today = d("2024-12-31");
        let bad_date = NewSurveyValue::parse(&surveys(), "", "31.12.2024", "34", today);
        assert_eq!(bad_date, Err(SurveyError::BadDate("31.12.2024".into())));
        let no_number = NewSurveyValue::parse(&surveys(), "", "", "", today);
        assert_eq!(no_number, Err(SurveyError::NotANumber(String::new())));
        let not_a_number = NewSurveyValue::parse(&surveys(), "", "", "many", today);
        assert_eq!(not_a_number, Err(SurveyError::NotANumber("many".into())));
        assert!(!SurveyError::BadDate(String::new()).is_about_the_name());
    }

    #[test]
    fn a_value_is_added_to_its_survey_only() {
        let mut all = surveys();
        let v = NewSurveyValue::parse(&all, "Satisfied", "2024-06-30", "80", d("2024-12-31"));
        v.unwrap().add_to(&mut all);
        assert!(all[0].values.is_empty());
        assert_eq!(all[1].values.len(), 1);
        assert_eq!(all[1].values[0].date, d("2024-06-30"));
    }

    #[test]
    fn a_value_for_an_unknown_survey_is_dropped() {
        let mut all = surveys();
        let v = NewSurveyValue::parse(&all, "CSAT", "", "4", d("2024-12-31")).unwrap();
        v.add_to(&mut all);
        assert!(all.iter().all(|s| s.values.is_empty()));
    }
}
