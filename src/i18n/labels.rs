//! The name of every enum value the pages show, in the user's language: KPIs and
//! their definitions, goal statuses, levers, templates and scopes, RFM segments,
//! time units, CLV tiers, risk bands, custom-segment measures and customer-equity
//! levers.

use super::{fill, fill_display};
use crate::clv::data::dates::DateOrder;
use crate::clv::data::delimited::Delimiter;
use crate::clv::data::mapping::{ColumnRole, Layout};
use crate::clv::data::number::DecimalMark;
use crate::clv::data::orders::StatusEffect;
use crate::clv::data::summary::TimeUnit;
use crate::clv::equity::customer_equity::EquityLever;
use crate::clv::goals::{GoalStatus, GoalTemplate, Kpi, KpiSettings, Lever, Scope, SegmentRef};
use crate::clv::segments::rules::Measure;
use crate::clv::segments::{ClvTier, RfmSegment, RiskBand};
use crate::format;
use crate::lang::Lang;

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
                &[("p", &format::number(settings.active_p_alive, 2, self))],
            ),
            Kpi::RecentlyActiveCustomers => fill_display(
                t.kpi_recently_active_def,
                &[("days", &settings.active_days)],
            ),
            Kpi::RepeatPurchaseRate => t.kpi_repeat_rate_def.to_owned(),
            Kpi::ChurnRate => fill_display(
                t.kpi_churn_rate_def,
                &[("days", &settings.churn_window_days)],
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

    /// A goal status's name, for the status pill and the filter.
    pub fn goal_status_name(self, status: GoalStatus) -> &'static str {
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

    /// The name of the lever a goal works through (acquisition, retention, ...).
    pub fn goal_lever_name(self, lever: Lever) -> &'static str {
        let t = self.texts();
        match lever {
            Lever::Acquisition => t.lever_acquisition,
            Lever::Retention => t.lever_retention,
            Lever::Development => t.lever_development,
            Lever::Other => t.lever_other,
        }
    }

    /// A goal template's name, also the name of the goal it drafts.
    pub fn goal_template_name(self, template: GoalTemplate) -> &'static str {
        let t = self.texts();
        match template {
            GoalTemplate::RaiseChampionsClv => t.goals_template_raise_clv,
            GoalTemplate::CutNewCustomerChurn => t.goals_template_cut_churn,
            GoalTemplate::WinNewCustomers => t.goals_template_win_new,
        }
    }

    /// The customers a goal is about, as the user reads them.
    pub fn scope_label(self, scope: &Scope) -> String {
        let t = self.texts();
        match scope {
            Scope::All => t.scope_all.to_owned(),
            Scope::NewSince(d) => fill(t.scope_new_since, &[("date", &format::date(*d, self))]),
            Scope::ExistingBefore(d) => fill(
                t.scope_existing_before,
                &[("date", &format::date(*d, self))],
            ),
            Scope::Segment(SegmentRef::Rfm(s)) => self.rfm_name(*s).to_owned(),
            Scope::Segment(SegmentRef::Tier(tier)) => self.tier_name(*tier).to_owned(),
            Scope::Segment(SegmentRef::Risk(b)) => self.band_name(*b).to_owned(),
            Scope::Segment(SegmentRef::Custom(name)) => name.clone(),
        }
    }

    /// A time unit's name on its own, for the unit switch: "Days".
    pub fn time_unit_name(self, unit: TimeUnit) -> &'static str {
        let t = self.texts();
        match unit {
            TimeUnit::Day => t.unit_days,
            TimeUnit::Week => t.unit_weeks,
        }
    }

    /// A time unit as it reads inside a sentence: "in days", "in Tagen".
    pub fn time_unit_in_text(self, unit: TimeUnit) -> &'static str {
        let t = self.texts();
        match unit {
            TimeUnit::Day => t.unit_days_lower,
            TimeUnit::Week => t.unit_weeks_lower,
        }
    }

    /// An RFM segment's name.
    pub fn rfm_name(self, s: RfmSegment) -> &'static str {
        let t = self.texts();
        match s {
            RfmSegment::Champions => t.seg_champions,
            RfmSegment::LoyalCustomers => t.seg_loyal,
            RfmSegment::PotentialLoyalists => t.seg_potential,
            RfmSegment::NewCustomers => t.seg_new,
            RfmSegment::Promising => t.seg_promising,
            RfmSegment::NeedAttention => t.seg_need_attention,
            RfmSegment::AboutToSleep => t.seg_about_to_sleep,
            RfmSegment::AtRisk => t.seg_at_risk,
            RfmSegment::CantLoseThem => t.seg_cant_lose,
            RfmSegment::Hibernating => t.seg_hibernating,
            RfmSegment::Lost => t.seg_lost,
        }
    }

    /// A CLV tier's name (top 1 %, next 9 %, ...).
    pub fn tier_name(self, tier: ClvTier) -> &'static str {
        let t = self.texts();
        match tier {
            ClvTier::Top1 => t.tier_top1,
            ClvTier::Next9 => t.tier_next9,
            ClvTier::Next40 => t.tier_next40,
            ClvTier::Bottom50 => t.tier_bottom50,
        }
    }

    /// A churn-risk band's name.
    pub fn band_name(self, band: RiskBand) -> &'static str {
        let t = self.texts();
        match band {
            RiskBand::High => t.risk_high,
            RiskBand::Medium => t.risk_medium,
            RiskBand::Low => t.risk_low,
        }
    }

    /// The name of a measure a custom segment's condition compares.
    pub fn measure_name(self, m: Measure) -> &'static str {
        let t = self.texts();
        match m {
            Measure::RecencyDays => t.measure_recency_days,
            Measure::Frequency => t.measure_frequency,
            Measure::Orders => t.measure_orders,
            Measure::Revenue => t.measure_revenue,
            Measure::AverageOrderValue => t.measure_aov,
            Measure::PAlive => t.measure_p_alive,
            Measure::ExpectedPurchases => t.measure_expected_purchases,
            Measure::Clv => t.measure_clv,
            Measure::FirstPurchase => t.measure_first_purchase,
            Measure::RScore => t.measure_r,
            Measure::FScore => t.measure_f,
            Measure::MScore => t.measure_m,
        }
    }

    /// The name of a customer-equity lever (a slider on the Equity page).
    pub fn equity_lever_name(self, lever: EquityLever) -> &'static str {
        let t = self.texts();
        match lever {
            EquityLever::Retention => t.lever_name_retention,
            EquityLever::Frequency => t.lever_name_frequency,
            EquityLever::OrderValue => t.lever_name_order_value,
            EquityLever::Margin => t.lever_name_margin,
            EquityLever::AcquisitionVolume => t.lever_name_volume,
            EquityLever::AcquisitionCost => t.lever_name_cost,
        }
    }

    /// What moving a customer-equity lever means, for its info tip.
    pub fn equity_lever_help(self, lever: EquityLever) -> &'static str {
        let t = self.texts();
        match lever {
            EquityLever::Retention => t.lever_help_retention,
            EquityLever::Frequency => t.lever_help_frequency,
            EquityLever::OrderValue => t.lever_help_order_value,
            EquityLever::Margin => t.lever_help_margin,
            EquityLever::AcquisitionVolume => t.lever_help_volume,
            EquityLever::AcquisitionCost => t.lever_help_cost,
        }
    }
}

/// The import's mapping step: roles, layouts, conventions, status effects.
impl Lang {
    pub fn column_role_name(self, role: ColumnRole) -> &'static str {
        let t = self.texts();
        match role {
            ColumnRole::Customer => t.role_customer,
            ColumnRole::OrderDate => t.role_date,
            ColumnRole::Amount => t.role_amount,
            ColumnRole::OrderId => t.role_order,
            ColumnRole::OrderStatus => t.role_status,
            ColumnRole::Refunded => t.role_refunded,
            ColumnRole::Currency => t.role_currency,
            ColumnRole::Ignore => t.role_ignore,
        }
    }

    pub fn layout_name(self, layout: Layout) -> &'static str {
        let t = self.texts();
        match layout {
            Layout::Kundenwert => t.layout_kundenwert,
            Layout::ShopifyOrders => t.layout_shopify,
            Layout::WooCommerceAnalytics => t.layout_woo_analytics,
            Layout::WooCommerceOrders => t.layout_woo_orders,
            Layout::GermanSpreadsheet => t.layout_german,
            Layout::Guessed => t.layout_guessed,
        }
    }

    pub fn decimal_mark_name(self, mark: DecimalMark) -> &'static str {
        let t = self.texts();
        match mark {
            DecimalMark::Point => t.decimal_point,
            DecimalMark::Comma => t.decimal_comma,
        }
    }

    pub fn date_order_name(self, order: DateOrder) -> &'static str {
        let t = self.texts();
        match order {
            DateOrder::Dmy => t.date_order_dmy,
            DateOrder::Mdy => t.date_order_mdy,
            DateOrder::Ymd => t.date_order_ymd,
        }
    }

    pub fn status_effect_name(self, effect: StatusEffect) -> &'static str {
        let t = self.texts();
        match effect {
            StatusEffect::Counts => t.effect_counts,
            StatusEffect::PartiallyRefunded => t.effect_partially_refunded,
            StatusEffect::Refunded => t.effect_refunded,
            StatusEffect::Excluded => t.effect_excluded,
        }
    }

    pub fn delimiter_name(self, delimiter: Delimiter) -> &'static str {
        let t = self.texts();
        match delimiter {
            Delimiter::Comma => t.delimiter_comma,
            Delimiter::Semicolon => t.delimiter_semicolon,
            Delimiter::Tab => t.delimiter_tab,
            Delimiter::Pipe => t.delimiter_pipe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::goals::{Direction, GoalError};
    use chrono::NaiveDate;

    /// Asserts that `name` gives each of `all` a non-empty name of its own, in
    /// both languages.
    fn assert_distinct_names<T: Copy, const N: usize>(
        what: &str,
        all: [T; N],
        name: fn(Lang, T) -> &'static str,
    ) {
        for lang in Lang::ALL {
            let names = all.map(|x| name(lang, x));
            assert!(
                names.iter().all(|n| !n.trim().is_empty()),
                "{lang:?} {what}: {names:?}"
            );
            let mut unique = names.to_vec();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), N, "{lang:?} {what}: {names:?}");
        }
    }

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
        assert_eq!(
            Lang::De.goal_status_name(GoalStatus::OffTrack),
            "Nicht im Plan"
        );
        assert_eq!(Lang::En.goal_lever_name(Lever::Retention), "Retention");
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

    #[test]
    fn every_segment_lever_and_template_has_a_distinct_name_in_both_languages() {
        assert_distinct_names("RFM segments", RfmSegment::ALL, Lang::rfm_name);
        assert_distinct_names("CLV tiers", ClvTier::ALL, Lang::tier_name);
        assert_distinct_names("risk bands", RiskBand::ALL, Lang::band_name);
        assert_distinct_names("measures", Measure::ALL, Lang::measure_name);
        assert_distinct_names("goal statuses", GoalStatus::ALL, Lang::goal_status_name);
        assert_distinct_names("goal levers", Lever::ALL, Lang::goal_lever_name);
        assert_distinct_names(
            "goal templates",
            GoalTemplate::ALL,
            Lang::goal_template_name,
        );
        assert_distinct_names("equity levers", EquityLever::ALL, Lang::equity_lever_name);
        assert_distinct_names("lever help", EquityLever::ALL, Lang::equity_lever_help);
        let units = [TimeUnit::Day, TimeUnit::Week];
        assert_distinct_names("time units", units, Lang::time_unit_name);
        assert_distinct_names("time units in text", units, Lang::time_unit_in_text);
    }

    #[test]
    fn a_scope_reads_with_the_language_date_and_segment_names() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(
            Lang::En.scope_label(&Scope::NewSince(d)),
            "New customers since 2024-12-31"
        );
        assert_eq!(
            Lang::De.scope_label(&Scope::ExistingBefore(d)),
            "Bestandskunden vor 31.12.2024"
        );
        let lost = Scope::Segment(SegmentRef::Rfm(RfmSegment::Lost));
        assert_eq!(
            Lang::De.scope_label(&lost),
            Lang::De.rfm_name(RfmSegment::Lost)
        );
        let custom = Scope::Segment(SegmentRef::Custom("VIP".into()));
        assert_eq!(Lang::En.scope_label(&custom), "VIP");
    }
}
