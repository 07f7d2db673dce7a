//! The name of every enum value the pages show, in the user's language.

use super::{fill, Lang};
use crate::clv::goals::{GoalStatus, Kpi, KpiSettings, Lever};

impl Lang {
    /// A KPI's name.
    pub fn kpi_name(self, kpi: &Kpi) -> String {
        let t = self.texts();
        match kpi {
            Kpi::CustomerEquity => t.kpi_customer_equity,
            Kpi::AverageClv => t.kpi_average_clv,
            Kpi::ActiveCustomers => t.kpi_active_customers,
            Kpi::RecentlyActiveCustomers => t.kpi_recently_active,
            Kpi::RepeatPurchaseRate => t.kpi_repeat_rate,
            Kpi::ChurnRate => t.kpi_churn_rate,
            Kpi::PurchaseFrequency => t.kpi_purchase_frequency,
            Kpi::AverageOrderValue => t.kpi_aov,
            Kpi::RevenuePerCustomer => t.kpi_revenue_per_customer,
            Kpi::Revenue => t.kpi_revenue,
            Kpi::NewCustomers => t.kpi_new_customers,
            Kpi::NewCustomersPerQuarter => t.kpi_new_customers_quarter,
            Kpi::Customers => t.kpi_customers,
            Kpi::ValueShare => t.kpi_value_share,
            Kpi::Survey(name) => return name.clone(),
        }
        .to_owned()
    }

    /// A KPI's one-line definition, with the workspace's windows and cut-offs.
    pub fn kpi_definition(self, kpi: &Kpi, settings: &KpiSettings) -> String {
        let t = self.texts();
        match kpi {
            Kpi::CustomerEquity => t.kpi_customer_equity_def.to_owned(),
            Kpi::AverageClv => t.kpi_average_clv_def.to_owned(),
            Kpi::ActiveCustomers => fill(
                t.kpi_active_customers_def,
                &[(
                    "p",
                    &crate::format::number(settings.active_p_alive, 2, self),
                )],
            ),
            Kpi::RecentlyActiveCustomers => fill(
                t.kpi_recently_active_def,
                &[("days", &settings.active_days.to_string())],
            ),
            Kpi::RepeatPurchaseRate => t.kpi_repeat_rate_def.to_owned(),
            Kpi::ChurnRate => fill(
                t.kpi_churn_rate_def,
                &[("days", &settings.churn_window_days.to_string())],
            ),
            Kpi::PurchaseFrequency => t.kpi_purchase_frequency_def.to_owned(),
            Kpi::AverageOrderValue => t.kpi_aov_def.to_owned(),
            Kpi::RevenuePerCustomer => t.kpi_revenue_per_customer_def.to_owned(),
            Kpi::Revenue => t.kpi_revenue_def.to_owned(),
            Kpi::NewCustomers => t.kpi_new_customers_def.to_owned(),
            Kpi::NewCustomersPerQuarter => t.kpi_new_customers_quarter_def.to_owned(),
            Kpi::Customers => t.kpi_customers_def.to_owned(),
            Kpi::ValueShare => t.kpi_value_share_def.to_owned(),
            Kpi::Survey(_) => t.kpi_survey_def.to_owned(),
        }
    }

    pub fn goal_status(self, status: GoalStatus) -> &'static str {
        let t = self.texts();
        match status {
            GoalStatus::NotStarted => t.status_not_started,
            GoalStatus::NoData => t.status_no_data,
            GoalStatus::OnTrack => t.status_on_track,
            GoalStatus::AtRisk => t.status_at_risk,
            GoalStatus::OffTrack => t.status_off_track,
            GoalStatus::Achieved => t.status_achieved,
            GoalStatus::Missed => t.status_missed,
        }
    }

    pub fn lever(self, lever: Lever) -> &'static str {
        let t = self.texts();
        match lever {
            Lever::Acquisition => t.lever_acquisition,
            Lever::Retention => t.lever_retention,
            Lever::Development => t.lever_development,
            Lever::Other => t.lever_other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::goals::{Direction, GoalError};

    #[test]
    fn every_kpi_status_lever_and_goal_error_is_named_in_both_languages() {
        let settings = KpiSettings::default();
        for lang in Lang::ALL {
            let mut names: Vec<String> = Kpi::MEASURED.iter().map(|k| lang.kpi_name(k)).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                Kpi::MEASURED.len(),
                "{lang:?}: distinct KPI names"
            );
            for k in Kpi::MEASURED {
                let def = lang.kpi_definition(&k, &settings);
                assert!(
                    def.len() > 20 && !def.contains('{'),
                    "{lang:?} {k:?}: {def}"
                );
            }
        }
        assert!(Lang::En
            .kpi_definition(&Kpi::ChurnRate, &settings)
            .contains("90 days"));
        assert!(Lang::De
            .kpi_definition(&Kpi::ActiveCustomers, &settings)
            .contains("0,50"));
        assert_eq!(Lang::De.goal_status(GoalStatus::OffTrack), "Nicht im Plan");
        assert_eq!(Lang::En.lever(Lever::Retention), "Retention");
        let wrong_side = GoalError::TargetWrongSide {
            baseline: 0.4,
            target: 0.5,
            direction: Direction::LowerIsBetter,
        };
        assert!(Lang::En
            .goal_error(&wrong_side)
            .contains("below the baseline"));
        assert_eq!(
            Lang::De.goal_error(&GoalError::NotFinite { field: "target" }),
            "Ziel muss eine Zahl sein"
        );
    }
}
