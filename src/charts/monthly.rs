//! Orders per month as bars, new customers per month as a line.

use super::kit::axes::{self, Frame, Grid};
use super::kit::document;
use super::kit::legend;
use super::kit::palette;
use super::kit::text::LEGEND_FONT;
use super::kit::ticks::month_bar_labels;
use super::ChartError;
use crate::clv::data::activity::MonthActivity;
use plotters::prelude::*;

/// Texts the monthly chart shows, in the user's language.
#[derive(Debug, Clone)]
pub struct MonthlyActivityLabels<'a> {
    pub orders: &'a str,
    pub new_customers: &'a str,
    /// Twelve short month names, January first.
    pub month_names: [&'a str; 12],
}

pub const WIDTH: u32 = 880;
pub const HEIGHT: u32 = 300;

/// The chart as an SVG document (`WIDTH` x `HEIGHT`, scalable by its viewBox).
pub fn monthly_activity_svg(
    months: &[MonthActivity],
    labels: &MonthlyActivityLabels,
) -> Result<String, ChartError> {
    document::svg((WIDTH, HEIGHT), |root| {
        // Integer ranges are inclusive in plotters: 0..n-1 gives n segments.
        let n = months.len().max(1) as i32;
        let top = months
            .iter()
            .map(|m| m.orders.max(m.new_customers))
            .max()
            .unwrap_or(0)
            .max(1) as u32;
        // Head room for the legend.
        let y_max = top + top / 5 + 1;
        let mut chart = axes::plot(
            root,
            Frame::new(axes::MARGIN, 28, 48),
            // (0..0 would give a zero-width segment: one month gets an empty second slot.)
            (0..(n - 1).max(1)).into_segmented(),
            0u32..y_max,
        )?;
        let month_labels = month_bar_labels(
            &months.iter().map(|m| m.month).collect::<Vec<_>>(),
            &labels.month_names,
        );
        axes::mesh(&mut chart, Grid::Horizontal)
            .x_labels(months.len().max(1))
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    month_labels.get(*i as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_labels(6)
            .draw()?;
        chart
            .draw_series(months.iter().enumerate().map(|(i, m)| {
                let i = i as i32;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0),
                        (SegmentValue::Exact(i + 1), m.orders as u32),
                    ],
                    palette::BRAND.mix(0.85).filled(),
                );
                bar.set_margin(0, 0, 2, 2);
                bar
            }))?
            .label(labels.orders)
            .legend(legend::bar_sample(palette::BRAND));
        chart
            .draw_series(LineSeries::new(
                months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (SegmentValue::CenterOf(i as i32), m.new_customers as u32)),
                palette::ACCENT.stroke_width(3),
            ))?
            .label(labels.new_customers)
            .legend(legend::line_sample(palette::ACCENT));
        legend::draw_boxed(&mut chart, SeriesLabelPosition::UpperLeft, LEGEND_FONT)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::activity::monthly_activity;
    use crate::clv::data::demo::demo_log;

    const LABELS: MonthlyActivityLabels<'static> = MonthlyActivityLabels {
        orders: "Orders",
        new_customers: "New customers",
        month_names: [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    };

    fn bars(svg: &str) -> usize {
        // Bars are the only elements filled with the brand colour at 0.85 opacity.
        svg.matches(r##"opacity="0.85" fill="#0F4C5C""##).count()
    }

    #[test]
    fn one_bar_per_month_and_one_line() {
        let log = demo_log();
        let months = monthly_activity(&log, log.date_range().unwrap().1);
        // plotters puts each text on its own line
        let svg = monthly_activity_svg(&months, &LABELS)
            .unwrap()
            .replace('\n', "");
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert_eq!(bars(&svg), 24);
        let line = r##"stroke="#D98E04" stroke-width="3""##;
        assert_eq!(
            svg.matches(line).count(),
            2,
            "the data line and its legend sample"
        );
        assert!(svg.contains(">Orders</text>") && svg.contains(">New customers</text>"));
        // Quarterly labels over two years: Jan 23, Apr 23, ..., Oct 24.
        for label in ["Jan 23", "Apr 23", "Jul 23", "Oct 23", "Jan 24", "Oct 24"] {
            assert!(svg.contains(&format!(">{label}</text>")), "missing {label}");
        }
        assert!(!svg.contains(">Feb 23</text>"));
    }

    #[test]
    fn a_single_month_draws_one_proper_bar() {
        let months = [MonthActivity {
            month: "2024-01-01".parse().unwrap(),
            orders: 4,
            new_customers: 2,
            net_revenue: 10.0,
        }];
        let svg = monthly_activity_svg(&months, &LABELS).unwrap();
        assert_eq!(bars(&svg), 1);
        assert!(
            !svg.contains("width=\"-") && !svg.contains("height=\"-"),
            "no negative sizes"
        );
    }

    #[test]
    fn empty_data_still_draws_an_empty_chart() {
        let svg = monthly_activity_svg(&[], &LABELS).unwrap();
        assert_eq!(bars(&svg), 0);
        assert!(svg.ends_with("</svg>\n") || svg.ends_with("</svg>"));
    }
}
