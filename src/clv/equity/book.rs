//! The Equity page's saved choices: horizon, acquisition cost and projection,
//! the levers, named scenarios and the simple retention mode; and how a
//! scenario becomes a goal.

use super::acquisition::AcquisitionMethod;
use super::customer_equity::{Equity, EquityLever, EquitySettings, Levers, Scenario};
use super::retention::{retention_clv, RetentionError, RetentionInputs};
use crate::clv::goals::{Goal, Kpi, Lever as GoalLever, Scope};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Everything the Equity page keeps with the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EquityBook {
    pub horizon_months: u32,
    /// What winning one new customer costs.
    pub acquisition_cost: f64,
    pub acquisition: AcquisitionMethod,
    /// The levers as last set.
    pub levers: Levers,
    pub scenarios: Vec<Scenario>,
    /// Simple mode: the retention formula's inputs (a year per period).
    pub simple: RetentionInputs,
    /// Simple mode: customers valued.
    pub simple_customers: f64,
}

impl Default for EquityBook {
    fn default() -> Self {
        EquityBook {
            horizon_months: 36,
            acquisition_cost: 0.0,
            acquisition: AcquisitionMethod::default(),
            levers: Levers::default(),
            scenarios: Vec::new(),
            simple: RetentionInputs {
                margin: 100.0,
                retention: 0.8,
                discount: 0.1,
                growth: 0.0,
                periods: None,
            },
            simple_customers: 1000.0,
        }
    }
}

/// Why a scenario cannot be saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ScenarioError {
    #[error("a scenario needs a name that no other scenario has")]
    Name,
}

impl EquityBook {
    /// The settings of the equity computation, with the discount rate and
    /// margin of the Models page.
    pub fn settings(&self, annual_discount: f64, margin: f64) -> EquitySettings {
        EquitySettings {
            horizon_months: self.horizon_months.clamp(1, 120),
            annual_discount,
            margin,
            acquisition_cost: self.acquisition_cost.max(0.0),
        }
    }

    /// Saves `levers` under a new, unique, non-empty name.
    pub fn save_scenario(&mut self, name: &str, levers: Levers) -> Result<(), ScenarioError> {
        let name = name.trim();
        if name.is_empty() || self.scenarios.iter().any(|s| s.name == name) {
            return Err(ScenarioError::Name);
        }
        self.scenarios.push(Scenario {
            name: name.to_owned(),
            levers,
        });
        Ok(())
    }

    pub fn remove_scenario(&mut self, name: &str) {
        self.scenarios.retain(|s| s.name != name);
    }

    /// Simple mode: one customer's value by the retention formula and that
    /// of all customers valued.
    pub fn simple_equity(&self) -> Result<SimpleEquity, RetentionError> {
        let clv = retention_clv(&self.simple)?;
        Ok(SimpleEquity {
            clv,
            customers: self.simple_customers,
            equity: clv * self.simple_customers,
        })
    }
}

/// Simple mode's result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimpleEquity {
    /// One customer's value by the retention formula.
    pub clv: f64,
    /// Customers valued.
    pub customers: f64,
    /// `clv · customers`.
    pub equity: f64,
}

/// The goal lever a scenario works on: that of its largest lever change.
pub fn goal_lever(levers: &Levers) -> GoalLever {
    let largest = EquityLever::ALL
        .into_iter()
        .filter(|l| levers.get(*l) != 0.0)
        .max_by(|a, b| levers.get(*a).abs().total_cmp(&levers.get(*b).abs()));
    match largest {
        Some(EquityLever::Retention) => GoalLever::Retention,
        Some(EquityLever::Frequency | EquityLever::OrderValue) => GoalLever::Development,
        Some(EquityLever::AcquisitionVolume | EquityLever::AcquisitionCost) => {
            GoalLever::Acquisition
        }
        Some(EquityLever::Margin) | None => GoalLever::Other,
    }
}

/// A goal on the customer equity KPI (today's customers, as the Goals page
/// measures it) from a scenario: the baseline is the KPI today, the target
/// the baseline raised by the scenario's relative change of today's
/// customers' value, due in a year.
pub fn scenario_goal(
    scenario: &Scenario,
    kpi_today: f64,
    today_equity: &Equity,
    scenario_equity: &Equity,
    today: NaiveDate,
) -> Goal {
    let change = if today_equity.current != 0.0 {
        scenario_equity.current / today_equity.current - 1.0
    } else {
        0.0
    };
    Goal {
        id: 0,
        name: scenario.name.clone(),
        kpi: Kpi::CustomerEquity,
        scope: Scope::All,
        baseline: kpi_today,
        target: kpi_today * (1.0 + change),
        stretch: None,
        start: today,
        deadline: today.checked_add_months(Months::new(12)).unwrap_or(today),
        lever: goal_lever(&scenario.levers),
        owner: String::new(),
        cost: 0.0,
        notes: format!(
            "From the equity scenario “{}”: total customer equity {:.2} (today {:.2}).",
            scenario.name, scenario_equity.total, today_equity.total
        ),
        milestones: Vec::new(),
        check_ins: Vec::new(),
        revisions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn equity(current: f64, total: f64) -> Equity {
        Equity {
            levers: Levers::default(),
            total,
            current,
            future: total - current,
            new_customer_value: 0.0,
            cohorts: Vec::new(),
            by_segment: Vec::new(),
            current_by_month: Vec::new(),
            future_by_month: Vec::new(),
        }
    }

    #[test]
    fn scenarios_need_unique_names() {
        let mut book = EquityBook::default();
        book.save_scenario(
            "Loyalty",
            Levers::default().with(EquityLever::Retention, 0.1),
        )
        .unwrap();
        assert_eq!(
            book.save_scenario(" Loyalty ", Levers::default()),
            Err(ScenarioError::Name)
        );
        assert_eq!(
            book.save_scenario("  ", Levers::default()),
            Err(ScenarioError::Name)
        );
        book.save_scenario("Growth", Levers::default()).unwrap();
        book.remove_scenario("Loyalty");
        assert_eq!(book.scenarios.len(), 1);
        assert_eq!(book.scenarios[0].name, "Growth");
    }

    #[test]
    fn simple_mode_values_all_customers_at_the_retention_formulas_value() {
        let mut book = EquityBook {
            simple_customers: 250.0,
            ..EquityBook::default()
        };
        let clv = retention_clv(&book.simple).unwrap();
        assert_eq!(
            book.simple_equity(),
            Ok(SimpleEquity {
                clv,
                customers: 250.0,
                equity: clv * 250.0
            })
        );
        book.simple.retention = 1.5;
        assert_eq!(
            book.simple_equity(),
            Err(RetentionError::RetentionOutOfRange(1.5))
        );
    }

    #[test]
    fn a_scenario_becomes_a_goal_on_todays_customers() {
        let scenario = Scenario {
            name: "Loyalty programme".into(),
            levers: Levers {
                retention: 0.15,
                order_value: 0.05,
                ..Levers::default()
            },
        };
        let today: NaiveDate = "2024-12-31".parse().unwrap();
        let goal = scenario_goal(
            &scenario,
            50_000.0,
            &equity(100.0, 150.0),
            &equity(112.0, 170.0),
            today,
        );
        assert_eq!(goal.kpi, Kpi::CustomerEquity);
        assert_eq!(goal.baseline, 50_000.0);
        assert!((goal.target - 56_000.0).abs() < 1e-9);
        assert_eq!(goal.deadline, "2025-12-31".parse().unwrap());
        assert_eq!(goal.lever, GoalLever::Retention);
        assert_eq!(
            goal.validate(crate::clv::goals::Direction::HigherIsBetter),
            Ok(())
        );
        assert_eq!(
            goal_lever(&Levers::default().with(EquityLever::AcquisitionCost, -0.5)),
            GoalLever::Acquisition
        );
        assert_eq!(goal_lever(&Levers::default()), GoalLever::Other);
    }
}
