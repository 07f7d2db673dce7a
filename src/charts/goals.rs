//! A goal over time: the KPI as measured, the plan from baseline to target,
//! the forecast with its band, target and stretch lines, milestones, check-ins
//! and "today"; and the sparkline on a goal card.

use super::kit::axes::{self, Frame, PlotBox, ValueAxis};
use super::kit::document::{self, Root};
use super::kit::legend::{self, Legend, SAMPLE_WIDTH};
use super::kit::palette;
use super::kit::text::{self, text_width, NOTE_FONT};
use super::kit::ticks::{date_ticks, value_range, MIN_SPAN_DAYS};
use super::ChartError;
use chrono::{Datelike, Days, NaiveDate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Everything the goal chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalChartData {
    /// The KPI as measured, ascending dates (solid line with dots).
    pub actual: Vec<(NaiveDate, f64)>,
    /// Plan line from (start, baseline) to (deadline, target) (dashed).
    pub plan: [(NaiveDate, f64); 2],
    /// Forecast points (date, value, low, high), ascending, typically from the
    /// last actual date to the deadline: a dotted line with a translucent band low..high.
    pub forecast: Vec<(NaiveDate, f64, f64, f64)>,
    pub target: f64,
    pub stretch: Option<f64>,
    /// Milestones (date, value): marked as diamonds.
    pub milestones: Vec<(NaiveDate, f64)>,
    /// "Today": a vertical line with a small label.
    pub today: NaiveDate,
    /// Check-in dates: small triangles on the x axis, each with its date in a `<title>`.
    pub check_ins: Vec<NaiveDate>,
}

/// Texts the goal chart shows, in the user's language.
#[derive(Clone)]
pub struct GoalChartLabels<'a> {
    pub actual: &'a str,
    pub plan: &'a str,
    pub forecast: &'a str,
    pub target: &'a str,
    pub stretch: &'a str,
    pub milestone: &'a str,
    pub today: &'a str,
    pub check_in: &'a str,
    /// Twelve short month names, January first.
    pub month_names: [&'a str; 12],
    /// Formats a y value for the axis (money, percent, count), in the user's language.
    pub value: &'a dyn Fn(f64) -> String,
}

pub const WIDTH: u32 = 880;
pub const HEIGHT: u32 = 340;
/// The sparkline's size.
pub const SPARKLINE_WIDTH: u32 = 120;
pub const SPARKLINE_HEIGHT: u32 = 36;

/// Radius of an actual point's dot.
const DOT_RADIUS: u32 = 4;

/// The chart as an SVG document (`WIDTH` x `HEIGHT`, scalable by its viewBox).
///
/// The x axis counts days since the earliest date shown, labelled at month
/// starts ("Jan 26"); the y axis covers every value shown with some padding.
/// The legend runs in a line above the plot (wrapping when its texts are
/// long), so it never covers data. Milestone and check-in markers carry
/// their text in a `<title>` (a tooltip in the browser).
pub fn goal_chart_svg(
    data: &GoalChartData,
    labels: &GoalChartLabels,
) -> Result<String, ChartError> {
    let dates = data
        .actual
        .iter()
        .map(|p| p.0)
        .chain(data.plan.iter().map(|p| p.0))
        .chain(data.forecast.iter().map(|p| p.0))
        .chain(data.milestones.iter().map(|p| p.0))
        .chain(data.check_ins.iter().copied())
        .chain(std::iter::once(data.today));
    let (first, last) = dates.fold((data.today, data.today), |(lo, hi), d| {
        (lo.min(d), hi.max(d))
    });
    let day = |d: NaiveDate| (d - first).num_days() as f64;
    let span = (last - first).num_days().max(MIN_SPAN_DAYS) as f64;
    let x_pad = (span * 0.02).max(1.0);
    let (y_lo, y_hi) = value_range(
        data.actual
            .iter()
            .map(|p| p.1)
            .chain(data.plan.iter().map(|p| p.1))
            .chain(data.forecast.iter().flat_map(|&(_, v, lo, hi)| [v, lo, hi]))
            .chain(std::iter::once(data.target))
            .chain(data.stretch)
            .chain(data.milestones.iter().map(|p| p.1)),
    );
    let ticks = date_ticks(first, first + Days::new(span as u64), &labels.month_names);
    let y_axis = ValueAxis::new(y_lo, y_hi, labels.value);
    let legend = legend_entries(data, labels);

    // (points of a marker polygon, its tooltip), added as `<title>` once drawn
    let mut titles: Vec<(Vec<(i32, i32)>, String)> = Vec::new();
    let mut svg = document::svg((WIDTH, HEIGHT), |root| {
        let (_, body) = root.split_vertically(legend.height());
        let mut chart = axes::value_plot(
            &body,
            Frame::under_legend(y_axis.width),
            -x_pad..span + x_pad,
            &y_axis,
        )?;
        let plot = PlotBox::of(&chart);
        // x axis: a tick and a label at each month start.
        axes::draw_x_ticks(
            root,
            &chart,
            ticks.into_iter().map(|(d, text)| (day(d), text)),
        )?;

        // Forecast band, under everything else.
        if !data.forecast.is_empty() {
            let band: Vec<(f64, f64)> = data
                .forecast
                .iter()
                .map(|&(d, _, _, hi)| (day(d), hi))
                .chain(
                    data.forecast
                        .iter()
                        .rev()
                        .map(|&(d, _, lo, _)| (day(d), lo)),
                )
                .filter(|p| p.1.is_finite())
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                palette::ACCENT.mix(0.18).filled(),
            )))?;
        }

        // Target and stretch: full-width lines, labelled at the left end.
        let mut goal_lines = vec![(data.target, palette::GREEN, labels.target)];
        if let Some(s) = data.stretch {
            goal_lines.push((s, palette::LIGHT_GREEN, labels.stretch));
        }
        goal_lines.retain(|l| l.0.is_finite());
        for &(v, color, _) in &goal_lines {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(-x_pad, v), (span + x_pad, v)],
                color.stroke_width(2),
            )))?;
        }

        // Today.
        let today = chart.backend_coord(&(day(data.today), y_lo)).0;
        root.draw(&PathElement::new(
            vec![(today, plot.top), (today, plot.bottom)],
            palette::INK.stroke_width(1),
        ))?;

        // Plan, dashed.
        chart.draw_series(DashedLineSeries::new(
            data.plan
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|&(d, v)| (day(d), v)),
            8,
            6,
            palette::MUTED.stroke_width(2),
        ))?;

        // Forecast, dotted.
        chart.draw_series(DashedLineSeries::new(
            data.forecast
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|&(d, v, _, _)| (day(d), v)),
            4,
            4,
            palette::ACCENT.stroke_width(3),
        ))?;

        // Milestones: green diamonds on a white halo.
        for &(d, v) in data.milestones.iter().filter(|m| m.1.is_finite()) {
            let c = chart.backend_coord(&(day(d), v));
            root.draw(&Polygon::new(diamond(c, 8), WHITE.filled()))?;
            let shape = diamond(c, 6);
            root.draw(&Polygon::new(shape.clone(), palette::GREEN.filled()))?;
            titles.push((
                shape,
                format!(
                    "{}: {} · {}",
                    labels.milestone,
                    long_date(d, &labels.month_names),
                    (labels.value)(v)
                ),
            ));
        }

        // Actual, solid with a dot per measurement.
        let actual: Vec<(f64, f64)> = data
            .actual
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|&(d, v)| (day(d), v))
            .collect();
        chart.draw_series(LineSeries::new(
            actual.iter().copied(),
            palette::BRAND.stroke_width(3),
        ))?;
        chart.draw_series(
            actual
                .iter()
                .map(|&p| Circle::new(p, DOT_RADIUS, palette::BRAND.filled())),
        )?;

        // Check-ins: small triangles standing on the x axis.
        for &d in &data.check_ins {
            let x = chart.backend_coord(&(day(d), y_lo)).0;
            let shape = vec![
                (x, plot.bottom - 9),
                (x + 5, plot.bottom),
                (x - 5, plot.bottom),
            ];
            root.draw(&Polygon::new(shape.clone(), palette::MUTED.filled()))?;
            titles.push((
                shape,
                format!("{}: {}", labels.check_in, long_date(d, &labels.month_names)),
            ));
        }

        // Labels inside the plot, each on a light background.
        let note = |text: &str, (x, y): (i32, i32), h: HPos, v: VPos, color: RGBColor| {
            let w = text_width(text, NOTE_FONT);
            let h_px = NOTE_FONT as i32;
            let x0 = match h {
                HPos::Left => x,
                HPos::Center => x - w / 2,
                HPos::Right => x - w,
            };
            let y0 = match v {
                VPos::Top => y,
                VPos::Center => y - h_px / 2,
                VPos::Bottom => y - h_px,
            };
            let background = Rectangle::new(
                [(x0 - 3, y0 - 1), (x0 + w + 3, y0 + h_px + 1)],
                WHITE.mix(0.85).filled(),
            );
            let text = Text::new(
                text.to_owned(),
                (x, y),
                text::style(NOTE_FONT, color).pos(Pos::new(h, v)),
            );
            (background, text)
        };
        // The upper of two goal lines is labelled above it, the lower one below,
        // so the two labels never collide; near the plot's edge they flip inside.
        let upper = goal_lines.iter().map(|l| l.0).fold(f64::MIN, f64::max);
        for &(v, _, name) in &goal_lines {
            let y = chart.backend_coord(&(0.0, v)).1;
            let above = if goal_lines.len() > 1 {
                v >= upper
            } else {
                true
            };
            let above = if above {
                y - plot.top > NOTE_FONT as i32 + 6
            } else {
                plot.bottom - y <= NOTE_FONT as i32 + 18
            };
            let (at, v_pos) = if above {
                ((plot.left + 8, y - 4), VPos::Bottom)
            } else {
                ((plot.left + 8, y + 4), VPos::Top)
            };
            let text = format!("{}: {}", name, (labels.value)(v));
            let (background, text) = note(&text, at, HPos::Left, v_pos, palette::GREEN);
            root.draw(&background)?;
            root.draw(&text)?;
        }
        // "Today" beside its line at the top, on the left when near the right edge.
        let today_w = text_width(labels.today, NOTE_FONT);
        let (at, h_pos) = if today + 6 + today_w > plot.right {
            ((today - 5, plot.top + 4), HPos::Right)
        } else {
            ((today + 5, plot.top + 4), HPos::Left)
        };
        let (background, text) = note(labels.today, at, h_pos, VPos::Top, palette::INK);
        root.draw(&background)?;
        root.draw(&text)?;

        legend.draw(root)
    })?;
    for (shape, title) in titles {
        let points = svg_points(&shape);
        let plain = format!(r#"points="{points}"/>"#);
        let titled = format!(
            r#"points="{points}"><title>{}</title></polygon>"#,
            escape_xml(&title)
        );
        svg = svg.replacen(&plain, &titled, 1);
    }
    Ok(svg)
}

/// A tiny line (no axes, no text) for a goal card: `values` in order,
/// `SPARKLINE_WIDTH` x `SPARKLINE_HEIGHT` px on a transparent background;
/// the last point emphasised with a dot; a dashed horizontal line at `target`
/// if it lies within (or near) the range. Empty or single-value input still gives a valid SVG.
pub fn sparkline_svg(values: &[f64], target: Option<f64>) -> Result<String, ChartError> {
    let points: Vec<(usize, f64)> = values
        .iter()
        .copied()
        .enumerate()
        .filter(|p| p.1.is_finite())
        .collect();
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    // The target counts when it is no further than half the values' range
    // (or 20 % of their size when they are all equal) outside them.
    let target = target.filter(|t| {
        t.is_finite()
            && (points.is_empty() || {
                let near = (hi - lo).max(hi.abs().max(lo.abs()) * 0.2) * 0.5;
                *t >= lo - near && *t <= hi + near
            })
    });
    let (lo, hi) = match target {
        Some(t) if points.is_empty() => (t, t),
        Some(t) => (lo.min(t), hi.max(t)),
        None => (lo, hi),
    };
    let (lo, hi) = if lo > hi {
        (0.0, 1.0)
    } else if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()).max(1.0) {
        // All equal: a flat line in the middle.
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let (w, h) = (SPARKLINE_WIDTH as i32, SPARKLINE_HEIGHT as i32);
    // Room for the last point's dot.
    let inset = 4;
    // A single value sits at the right end, where the latest value always is.
    let x_of = |i: usize| -> i32 {
        let n = values.len().saturating_sub(1) as f64;
        let share = if n > 0.0 { i as f64 / n } else { 1.0 };
        inset + ((w - 2 * inset - 1) as f64 * share).round() as i32
    };
    let y_of = |v: f64| -> i32 {
        let t = (v - lo) / (hi - lo);
        inset + ((h - 2 * inset - 1) as f64 * (1.0 - t)).round() as i32
    };
    document::transparent_svg((SPARKLINE_WIDTH, SPARKLINE_HEIGHT), |root| {
        if let Some(t) = target {
            let y = y_of(t);
            root.draw(&DashedPathElement::new(
                vec![(1, y), (w - 2, y)],
                4,
                3,
                palette::GREEN.stroke_width(1),
            ))?;
        }
        let line: Vec<(i32, i32)> = points.iter().map(|&(i, v)| (x_of(i), y_of(v))).collect();
        if line.len() > 1 {
            root.draw(&PathElement::new(
                line.clone(),
                palette::BRAND.stroke_width(2),
            ))?;
        }
        if let Some(&last) = line.last() {
            root.draw(&Circle::new(last, 3, palette::BRAND.filled()))?;
        }
        Ok(())
    })
}

/// "3 Feb 2025", for tooltips.
fn long_date(d: NaiveDate, month_names: &[&str; 12]) -> String {
    format!(
        "{} {} {}",
        d.day(),
        month_names[d.month0() as usize],
        d.year()
    )
}

/// How a goal chart's legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq)]
enum GoalSample {
    /// A line with a dot: the actual values.
    LineWithDot(RGBColor),
    Line(RGBColor),
    /// A dashed line (dash, gap in px).
    Dashed(RGBColor, i32, i32),
    /// The forecast's band with its dotted line.
    Band,
    Diamond(RGBColor),
    Triangle(RGBColor),
}

impl legend::Sample for GoalSample {
    fn draw(&self, root: &Root<'_>, x: i32, y: i32) -> Result<(), ChartError> {
        let end = x + SAMPLE_WIDTH;
        let middle = x + SAMPLE_WIDTH / 2;
        match *self {
            GoalSample::LineWithDot(c) => {
                root.draw(&PathElement::new(vec![(x, y), (end, y)], c.stroke_width(3)))?;
                root.draw(&Circle::new((middle, y), 3, c.filled()))?;
            }
            GoalSample::Line(c) => {
                root.draw(&PathElement::new(vec![(x, y), (end, y)], c.stroke_width(2)))?
            }
            GoalSample::Dashed(c, dash, gap) => root.draw(&DashedPathElement::new(
                vec![(x, y), (end, y)],
                dash,
                gap,
                c.stroke_width(2),
            ))?,
            GoalSample::Band => {
                root.draw(&Rectangle::new(
                    [(x, y - 6), (end, y + 6)],
                    palette::ACCENT.mix(0.18).filled(),
                ))?;
                root.draw(&DashedPathElement::new(
                    vec![(x, y), (end, y)],
                    4,
                    4,
                    palette::ACCENT.stroke_width(3),
                ))?;
            }
            GoalSample::Diamond(c) => {
                root.draw(&Polygon::new(diamond((middle, y), 6), c.filled()))?
            }
            GoalSample::Triangle(c) => root.draw(&Polygon::new(
                vec![(middle, y - 5), (middle + 5, y + 4), (middle - 5, y + 4)],
                c.filled(),
            ))?,
        }
        Ok(())
    }
}

/// The legend: one entry per series that is there to see.
fn legend_entries<'a>(
    data: &GoalChartData,
    labels: &GoalChartLabels<'a>,
) -> Legend<'a, GoalSample> {
    let mut entries = Vec::new();
    if !data.actual.is_empty() {
        entries.push((GoalSample::LineWithDot(palette::BRAND), labels.actual));
    }
    entries.push((GoalSample::Dashed(palette::MUTED, 8, 6), labels.plan));
    if !data.forecast.is_empty() {
        entries.push((GoalSample::Band, labels.forecast));
    }
    entries.push((GoalSample::Line(palette::GREEN), labels.target));
    if data.stretch.is_some() {
        entries.push((GoalSample::Line(palette::LIGHT_GREEN), labels.stretch));
    }
    if !data.milestones.is_empty() {
        entries.push((GoalSample::Diamond(palette::GREEN), labels.milestone));
    }
    if !data.check_ins.is_empty() {
        entries.push((GoalSample::Triangle(palette::MUTED), labels.check_in));
    }
    Legend::new(entries, WIDTH)
}

/// A diamond around `c` with half-diagonal `r` (pixels).
fn diamond((x, y): (i32, i32), r: i32) -> Vec<(i32, i32)> {
    vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
}

/// The `points` attribute exactly as the SVG backend writes it.
fn svg_points(points: &[(i32, i32)]) -> String {
    points.iter().map(|(x, y)| format!("{x},{y} ")).collect()
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::kit::test_support::{assert_sane, date, money, one_line, MONTHS};
    use chrono::Months;

    fn labels() -> GoalChartLabels<'static> {
        GoalChartLabels {
            actual: "Actual",
            plan: "Plan",
            forecast: "Forecast",
            target: "Target",
            stretch: "Stretch",
            milestone: "Milestone",
            today: "Today",
            check_in: "Check-in",
            month_names: MONTHS,
            value: &money,
        }
    }

    /// Month-end values from January 2025 to `months` later, growing from `from` by `step`.
    fn month_ends(months: u32, from: f64, step: f64) -> Vec<(NaiveDate, f64)> {
        (0..months)
            .map(|i| {
                let d = date("2025-02-01") + Months::new(i) - Days::new(1);
                (d, from + step * i as f64)
            })
            .collect()
    }

    /// A two-year goal: 1000 → 1600, measured for 14 months.
    fn growth() -> GoalChartData {
        let actual = month_ends(14, 1000.0, 25.0);
        let (last_date, last) = *actual.last().unwrap();
        let deadline = date("2026-12-31");
        let forecast = (0..=10)
            .map(|i| {
                let d = last_date + Months::new(i);
                let v = last + 22.0 * i as f64;
                (d, v, v - 8.0 * i as f64, v + 8.0 * i as f64)
            })
            .collect();
        GoalChartData {
            actual,
            plan: [(date("2025-01-01"), 1000.0), (deadline, 1600.0)],
            forecast,
            target: 1600.0,
            stretch: Some(1700.0),
            milestones: vec![(date("2025-12-31"), 1300.0)],
            today: date("2026-03-10"),
            check_ins: vec![date("2025-04-01"), date("2025-10-01"), date("2026-03-01")],
        }
    }

    fn svg_of(data: &GoalChartData) -> String {
        one_line(goal_chart_svg(data, &labels()))
    }

    /// The dots of the actual values (the legend's dot has radius 3).
    fn actual_dots(svg: &str) -> usize {
        svg.matches(r##"r="4" opacity="1" fill="#0F4C5C""##).count()
    }

    fn band(svg: &str) -> usize {
        svg.matches(r##"<polygon opacity="0.18" fill="#D98E04""##)
            .count()
    }

    #[test]
    fn every_series_is_drawn() {
        let data = growth();
        let svg = svg_of(&data);
        assert_sane(&svg);
        assert_eq!(actual_dots(&svg), data.actual.len());
        assert_eq!(
            svg.matches(r##"stroke="#0F4C5C" stroke-width="3""##)
                .count(),
            2,
            "the actual line and its legend sample"
        );
        assert_eq!(band(&svg), 1);
        assert!(
            svg.matches(r##"stroke="#D98E04" stroke-width="3""##)
                .count()
                > 10,
            "a dotted forecast line"
        );
        assert!(
            svg.matches(r##"stroke="#5B6B73" stroke-width="2""##)
                .count()
                > 10,
            "a dashed plan line"
        );
        assert_eq!(
            svg.matches(r##"stroke="#2E7D32" stroke-width="2""##)
                .count(),
            2,
            "the target line and its legend sample"
        );
        assert_eq!(
            svg.matches(r##"stroke="#81C784" stroke-width="2""##)
                .count(),
            2,
            "the stretch line and its legend sample"
        );
        assert!(svg.contains(">Target: 1600 €</text>") && svg.contains(">Stretch: 1700 €</text>"));
        assert_eq!(
            svg.matches(r##"stroke="#17252C" stroke-width="1""##)
                .count(),
            1,
            "the today line"
        );
        assert!(svg.contains(">Today</text>"));
        for legend in [
            "Actual",
            "Plan",
            "Forecast",
            "Target",
            "Stretch",
            "Milestone",
            "Check-in",
        ] {
            assert!(
                svg.contains(&format!(">{legend}</text>")),
                "legend {legend}"
            );
        }
    }

    #[test]
    fn milestones_and_check_ins_carry_titles() {
        let data = growth();
        let svg = svg_of(&data);
        assert_eq!(
            svg.matches(r##"fill="#2E7D32" points="##).count(),
            data.milestones.len() + 1,
            "the milestone diamonds and the legend's"
        );
        assert!(svg.contains("<title>Milestone: 31 Dec 2025 · 1300 €</title></polygon>"));
        assert_eq!(
            svg.matches(r##"fill="#5B6B73" points="##).count(),
            data.check_ins.len() + 1,
            "the check-in triangles and the legend's"
        );
        assert_eq!(
            svg.matches("<title>Check-in: ").count(),
            data.check_ins.len()
        );
        assert!(svg.contains("<title>Check-in: 1 Oct 2025</title>"));
    }

    #[test]
    fn month_labels_over_two_years() {
        let svg = svg_of(&growth());
        // 24 months: every third, January first.
        for label in ["Jan 25", "Apr 25", "Jul 25", "Oct 25", "Jan 26", "Oct 26"] {
            assert!(svg.contains(&format!(">{label}</text>")), "missing {label}");
        }
        assert!(!svg.contains(">Feb 25</text>"));
        let labels = svg.matches(" 25</text>").count() + svg.matches(" 26</text>").count();
        assert!((6..=10).contains(&labels), "{labels} month labels");
    }

    #[test]
    fn no_forecast_no_band() {
        let data = GoalChartData {
            forecast: vec![],
            ..growth()
        };
        let svg = svg_of(&data);
        assert_sane(&svg);
        assert_eq!(band(&svg), 0);
        assert!(!svg.contains(">Forecast</text>"));
    }

    #[test]
    fn equal_values_and_no_actual_still_render() {
        let d = date("2025-06-30");
        let flat = GoalChartData {
            actual: vec![(d, 50.0), (d + Days::new(30), 50.0)],
            plan: [(d, 50.0), (d + Days::new(90), 50.0)],
            forecast: vec![(d + Days::new(30), 50.0, 50.0, 50.0)],
            target: 50.0,
            stretch: None,
            milestones: vec![],
            today: d + Days::new(30),
            check_ins: vec![],
        };
        let svg = svg_of(&flat);
        assert_sane(&svg);
        assert_eq!(actual_dots(&svg), 2);
        let zero = GoalChartData {
            actual: vec![],
            plan: [(d, 0.0), (d, 0.0)],
            forecast: vec![],
            target: 0.0,
            today: d,
            ..flat
        };
        let svg = svg_of(&zero);
        assert_sane(&svg);
        assert_eq!(actual_dots(&svg), 0);
        assert!(!svg.contains(">Actual</text>"));
        assert!(svg.contains(">Target: 0 €</text>"));
        assert_eq!(
            svg.matches(">0 €</text>").count(),
            1,
            "no repeated y labels"
        );
    }

    /// Churn from 30 down to 18, with a stretch at 15: lower is better.
    fn lower() -> GoalChartData {
        let actual = month_ends(8, 30.0, -0.8);
        GoalChartData {
            plan: [(date("2025-01-01"), 30.0), (date("2025-12-31"), 18.0)],
            forecast: vec![
                (actual[7].0, actual[7].1, actual[7].1, actual[7].1),
                (date("2025-12-31"), 21.0, 17.0, 25.0),
            ],
            actual,
            target: 18.0,
            stretch: Some(15.0),
            milestones: vec![(date("2025-06-30"), 24.0)],
            today: date("2025-09-15"),
            check_ins: vec![date("2025-05-01")],
        }
    }

    #[test]
    fn lower_is_better() {
        let data = lower();
        let svg = svg_of(&data);
        assert_sane(&svg);
        assert_eq!(actual_dots(&svg), 8);
        assert_eq!(band(&svg), 1);
        assert!(svg.contains(">Target: 18 €</text>") && svg.contains(">Stretch: 15 €</text>"));
    }

    fn spark_dots(svg: &str) -> usize {
        svg.matches("<circle").count()
    }

    #[test]
    fn sparkline_line_dot_and_target() {
        let svg = sparkline_svg(&[3.0, 5.0, 4.0, 8.0], Some(9.0)).unwrap();
        assert_sane(&svg.replace('\n', ""));
        assert!(svg.contains(r#"width="120" height="36""#));
        let line = svg
            .lines()
            .find(|l| l.starts_with("<polyline") && l.contains(r##"stroke="#0F4C5C""##))
            .unwrap();
        let points = line
            .split("points=\"")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/>");
        assert_eq!(points.split_whitespace().count(), 4, "one vertex per value");
        assert_eq!(spark_dots(&svg), 1, "the last point");
        assert!(
            svg.contains(r##"stroke="#2E7D32" stroke-width="1""##),
            "target"
        );
        assert!(!svg.contains("<text"), "no text");
    }

    #[test]
    fn sparkline_leaves_out_a_far_target() {
        let svg = sparkline_svg(&[10.0, 11.0, 12.0], Some(100.0)).unwrap();
        assert!(!svg.contains(r##"stroke="#2E7D32""##));
    }

    #[test]
    fn sparkline_degenerate_input() {
        for (values, target) in [
            (vec![], None),
            (vec![], Some(5.0)),
            (vec![4.0], None),
            (vec![4.0], Some(4.0)),
            (vec![2.0, 2.0, 2.0], Some(2.0)),
            (vec![0.0, 0.0], None),
            (vec![f64::NAN, 1.0], Some(f64::NAN)),
        ] {
            let svg = sparkline_svg(&values, target).unwrap();
            assert_sane(&svg.replace('\n', ""));
            let finite = values.iter().filter(|v| v.is_finite()).count();
            assert_eq!(spark_dots(&svg), usize::from(finite > 0), "{values:?}");
        }
    }
}
