//! Customer equity: how it builds up over the horizon (today's customers and
//! the customers still to be won, stacked), new customers per month (history,
//! the method's fit and its projection), and the waterfall from one total to
//! another.
//!
//! In all three the data never shares an element type with its legend sample:
//! areas are `<polygon>`s (their samples `<rect>`s), bars are `<rect>`s (their
//! samples `<polygon>`s) and lines are `<polyline>`s (their samples `<rect>`s),
//! so each series can be counted exactly.

use super::kit::axes::{self, Frame, PlotBox, ValueAxis};
use super::kit::document::{self, Root};
use super::kit::legend::{self, Legend, SAMPLE_WIDTH};
use super::kit::palette;
use super::kit::text::{self, chars_within, text_width, wrap, AXIS_FONT, NOTE_FONT};
use super::kit::ticks::{date_ticks, month_labels, value_range, MIN_SPAN_DAYS};
use super::ChartError;
use chrono::{Datelike, NaiveDate, TimeDelta};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Opacity of today's customers' area.
const CURRENT_OPACITY: f64 = 0.75;
/// Opacity of the future cohorts' area.
const FUTURE_OPACITY: f64 = 0.55;
/// Opacity of a history bar.
const HISTORY_OPACITY: f64 = 0.85;
/// Opacity of a projected bar.
const PROJECTION_OPACITY: f64 = 0.22;
/// Opacity of a projected bar's dashed outline.
const PROJECTION_OUTLINE_OPACITY: f64 = 0.7;
/// The widest bar of the acquisition chart (px), so a few months do not make slabs.
const MAX_BAR: i32 = 56;
/// Dash and gap (px) of the projection's line.
const DASH: (i32, i32) = (7, 5);

pub const WIDTH: u32 = 880;
pub const HEIGHT: u32 = 340;

/// Customer equity building up over the horizon, stacked: today's customers
/// below, customers still to be won above.
#[derive(Debug, Clone, PartialEq)]
pub struct EquityStackData {
    /// Month ends of the horizon, ascending (e.g. 36 of them).
    pub months: Vec<NaiveDate>,
    /// Cumulative discounted value of today's customers realised by each month
    /// end (non-decreasing).
    pub current: Vec<f64>,
    /// Cumulative discounted net value (after acquisition cost; may be negative
    /// early on) of the future cohorts by each month end.
    pub future: Vec<f64>,
}

/// Texts the equity stack shows, in the user's language.
#[derive(Clone)]
pub struct EquityStackLabels<'a> {
    pub current: &'a str,
    pub future: &'a str,
    pub total: &'a str,
    /// Twelve short month names, January first.
    pub month_names: [&'a str; 12],
    /// Formats a value (money) for the axis and the total, in the user's language.
    pub value: &'a dyn Fn(f64) -> String,
}

/// New customers per month: history as bars, the method's fit over the
/// history as a line, the projection as lighter bars after the history with
/// a dashed line.
#[derive(Debug, Clone, PartialEq)]
pub struct AcquisitionChartData {
    /// (first day of month, new customers) of the history.
    pub history: Vec<(NaiveDate, f64)>,
    /// The method's values over the history months (same length as history;
    /// may be empty).
    pub fitted: Vec<f64>,
    /// (first day of month, expected new customers) of the projection,
    /// following the history.
    pub projection: Vec<(NaiveDate, f64)>,
}

/// Texts the acquisition chart shows, in the user's language.
#[derive(Debug, Clone)]
pub struct AcquisitionChartLabels<'a> {
    pub history: &'a str,
    pub fitted: &'a str,
    pub projection: &'a str,
    /// Twelve short month names, January first.
    pub month_names: [&'a str; 12],
}

/// One change in a waterfall.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterfallStep {
    pub label: String,
    pub delta: f64,
}

/// A waterfall: the starting total, one step per change, the final total.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterfallData {
    pub start_label: String,
    pub start: f64,
    pub steps: Vec<WaterfallStep>,
    pub end_label: String,
    pub end: f64,
}

/// How the waterfall writes its values, in the user's language.
#[derive(Clone)]
pub struct WaterfallLabels<'a> {
    /// Formats a value (money) for the axis and the bars; steps get an
    /// explicit sign in front of the formatted amount.
    pub value: &'a dyn Fn(f64) -> String,
}

/// The equity stack as an SVG document (`WIDTH` x `HEIGHT`, scalable by its viewBox).
///
/// The x axis is time (labelled at month starts as in the goal chart); the
/// y axis starts at 0 unless the future cohorts pull the total below it.
/// Today's customers fill the area from 0 to `current`; the future cohorts
/// fill the band from `current` to `current + future`, which lies below the
/// current line where `future` is negative. The total is a thin line,
/// labelled with its name and last value at the right end. Missing or
/// non-finite values count as 0; a single month is drawn as one stacked column.
pub fn equity_stack_svg(
    data: &EquityStackData,
    labels: &EquityStackLabels,
) -> Result<String, ChartError> {
    let value_at = |values: &[f64], i: usize| {
        values
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    // Month by month in date order: (date, current, total).
    let mut points: Vec<(NaiveDate, f64, f64)> = data
        .months
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let current = value_at(&data.current, i);
            (d, current, current + value_at(&data.future, i))
        })
        .collect();
    points.sort_by_key(|p| p.0);
    let first = points.first().map(|p| p.0);
    let day = |d: NaiveDate| first.map_or(0.0, |f| (d - f).num_days() as f64);
    let span = points.last().map_or(0.0, |p| day(p.0));
    // A short horizon (a single month) sits in the middle of a short axis.
    let short = span < MIN_SPAN_DAYS as f64;
    let (x_lo, x_hi) = if short {
        let half = MIN_SPAN_DAYS as f64 / 2.0;
        (span / 2.0 - half, span / 2.0 + half)
    } else {
        (0.0, span)
    };
    let (y_lo, y_hi) =
        value_range(std::iter::once(0.0).chain(points.iter().flat_map(|&(_, c, t)| [c, t])));
    let ticks = match first {
        Some(_) if short => month_labels(points.iter().map(|p| p.0), &labels.month_names),
        Some(f) => date_ticks(f, f + TimeDelta::days(span as i64), &labels.month_names),
        None => Vec::new(),
    };
    let y_axis = ValueAxis::new(y_lo, y_hi, labels.value);
    // Room on the right for the total's name and last value.
    let end_value = points.last().map(|p| (labels.value)(p.2));
    let end_label_width = match &end_value {
        Some(v) => text_width(labels.total, NOTE_FONT).max(text_width(v, NOTE_FONT)) + 14,
        None => 0,
    };

    let legend = Legend::new(
        vec![
            (
                EquitySample::Area(palette::BRAND, CURRENT_OPACITY),
                labels.current,
            ),
            (
                EquitySample::Area(palette::ACCENT, FUTURE_OPACITY),
                labels.future,
            ),
            (EquitySample::Line(palette::INK, 2), labels.total),
        ],
        WIDTH,
    );

    document::svg((WIDTH, HEIGHT), |root| {
        let (_, body) = root.split_vertically(legend.height());
        let frame = Frame {
            right: axes::MARGIN + end_label_width as u32,
            ..Frame::under_legend(y_axis.width)
        };
        let mut chart = axes::value_plot(&body, frame, x_lo..x_hi, &y_axis)?;
        let PlotBox { top, bottom, .. } = PlotBox::of(&chart);
        axes::draw_x_ticks(
            root,
            &chart,
            ticks.into_iter().map(|(d, text)| (day(d), text)),
        )?;
        axes::draw_zero_line(root, &chart)?;

        let current_style = palette::BRAND.mix(CURRENT_OPACITY).filled();
        let future_style = palette::ACCENT.mix(FUTURE_OPACITY).filled();
        let total_style = palette::INK.stroke_width(2);
        if let [(d, current, total)] = points[..] {
            // One month: a stacked column.
            let (x, y_current) = chart.backend_coord(&(day(d), current));
            let y_zero = chart.backend_coord(&(day(d), 0.0)).1;
            let y_total = chart.backend_coord(&(day(d), total)).1;
            let (a, b) = (x - 14, x + 14);
            root.draw(&Polygon::new(
                vec![(a, y_zero), (a, y_current), (b, y_current), (b, y_zero)],
                current_style,
            ))?;
            root.draw(&Polygon::new(
                vec![(a, y_total), (b, y_total), (b, y_current), (a, y_current)],
                future_style,
            ))?;
            root.draw(&PathElement::new(
                vec![(a, y_total), (b, y_total)],
                total_style,
            ))?;
        } else if let (Some(&(d0, ..)), Some(&(dn, ..))) = (points.first(), points.last()) {
            let current: Vec<(f64, f64)> = std::iter::once((day(d0), 0.0))
                .chain(points.iter().map(|&(d, c, _)| (day(d), c)))
                .chain(std::iter::once((day(dn), 0.0)))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(current, current_style)))?;
            // The band between the current line and the total, above or below it.
            let future: Vec<(f64, f64)> = points
                .iter()
                .map(|&(d, _, t)| (day(d), t))
                .chain(points.iter().rev().map(|&(d, c, _)| (day(d), c)))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(future, future_style)))?;
            chart.draw_series(std::iter::once(PathElement::new(
                points
                    .iter()
                    .map(|&(d, _, t)| (day(d), t))
                    .collect::<Vec<_>>(),
                total_style,
            )))?;
        }

        // The total's name and last value beside the line's end.
        if let (Some(&(d, _, total)), Some(value)) = (points.last(), end_value) {
            let (x, y) = chart.backend_coord(&(day(d), total));
            let x = if short { x + 14 } else { x };
            root.draw(&Circle::new((x, y), 3, palette::INK.filled()))?;
            let h = NOTE_FONT as i32;
            let y = y.clamp(top + h, bottom - h);
            let font = |color: &RGBColor, v: VPos| {
                text::style(NOTE_FONT, *color).pos(Pos::new(HPos::Left, v))
            };
            root.draw(&Text::new(
                labels.total.to_owned(),
                (x + 8, y - 1),
                font(&palette::MUTED, VPos::Bottom),
            ))?;
            root.draw(&Text::new(
                value,
                (x + 8, y + 1),
                font(&palette::INK, VPos::Top),
            ))?;
        }

        legend.draw(root)
    })
}

/// The acquisition chart as an SVG document (`WIDTH` x `HEIGHT`, scalable by its viewBox).
///
/// One slot per calendar month from the first month shown to the last, the
/// history as solid bars, the projection as light bars (with a dashed
/// outline when at least 12 px wide) after a thin dashed divider; the fit as a solid line over the history
/// bars, continued by the projection's dashed line. Labels at month starts
/// every one to 24 months (January always among them). Non-finite history
/// and projection values are drawn as 0, non-finite fitted values left out.
pub fn acquisition_svg(
    data: &AcquisitionChartData,
    labels: &AcquisitionChartLabels,
) -> Result<String, ChartError> {
    let month = |d: NaiveDate| d.year() as i64 * 12 + d.month0() as i64;
    let months = data.history.iter().chain(&data.projection).map(|p| p.0);
    let first = months.clone().min();
    let base = first.map_or(0, month);
    let slot = |d: NaiveDate| (month(d) - base) as f64;
    let slots = months.map(|d| month(d) - base + 1).max().unwrap_or(1);
    let clean = |v: f64| if v.is_finite() { v } else { 0.0 };
    let fitted: Vec<(f64, f64)> = data
        .history
        .iter()
        .zip(&data.fitted)
        .filter(|p| p.1.is_finite())
        .map(|(h, &v)| (slot(h.0), v))
        .collect();
    let (y_lo, y_hi) = value_range(
        std::iter::once(0.0)
            .chain(data.history.iter().map(|p| clean(p.1)))
            .chain(fitted.iter().map(|p| p.1))
            .chain(data.projection.iter().map(|p| clean(p.1))),
    );
    let ticks = match first {
        Some(f) if slots > 1 => date_ticks(
            f.with_day(1).unwrap_or(f),
            f.with_day(1).unwrap_or(f) + chrono::Months::new(slots as u32 - 1),
            &labels.month_names,
        ),
        Some(f) => month_labels(std::iter::once(f), &labels.month_names),
        None => Vec::new(),
    };
    let y_axis = ValueAxis::new(y_lo, y_hi, &count_label);

    let mut entries = Vec::new();
    if !data.history.is_empty() {
        entries.push((
            EquitySample::Bar(palette::BRAND, HISTORY_OPACITY),
            labels.history,
        ));
    }
    if !fitted.is_empty() {
        entries.push((EquitySample::Line(palette::ACCENT, 3), labels.fitted));
    }
    if !data.projection.is_empty() {
        entries.push((EquitySample::Projection, labels.projection));
    }
    let legend = Legend::new(entries, WIDTH);

    document::svg((WIDTH, HEIGHT), |root| {
        let (_, body) = root.split_vertically(legend.height());
        let mut chart = axes::value_plot(
            &body,
            Frame::under_legend(y_axis.width),
            -0.5..slots as f64 - 0.5,
            &y_axis,
        )?;
        let PlotBox { top, bottom, .. } = PlotBox::of(&chart);
        axes::draw_x_ticks(
            root,
            &chart,
            ticks.into_iter().map(|(d, text)| (slot(d), text)),
        )?;

        // A bar's pixel corners: the slot less a gap, from 0 to the value.
        let bar = |d: NaiveDate, v: f64| -> [(i32, i32); 2] {
            let s = slot(d);
            let (a, y_zero) = chart.backend_coord(&(s - 0.5, 0.0));
            let (b, y) = chart.backend_coord(&(s + 0.5, clean(v)));
            // A fifth of the slot between bars, but never wider than MAX_BAR.
            let gap = ((b - a) as f64 * 0.2).round().max(1.0) as i32;
            let gap = gap.max(b - a - MAX_BAR);
            let (a, b) = (a + gap / 2, (b - (gap - gap / 2)).max(a + gap / 2 + 1));
            [(a, y.min(y_zero)), (b, y.max(y_zero))]
        };
        for &(d, v) in &data.history {
            root.draw(&Rectangle::new(
                bar(d, v),
                palette::BRAND.mix(HISTORY_OPACITY).filled(),
            ))?;
        }
        if let (Some(h), Some(p)) = (data.history.last(), data.projection.first()) {
            // The divider between history and projection.
            let x = chart
                .backend_coord(&((slot(h.0) + slot(p.0)) / 2.0, y_lo))
                .0;
            root.draw(&DashedPathElement::new(
                vec![(x, top), (x, bottom)],
                3,
                3,
                palette::MUTED.stroke_width(1),
            ))?;
        }
        for &(d, v) in &data.projection {
            let corners = bar(d, v);
            root.draw(&Rectangle::new(
                corners,
                palette::BRAND.mix(PROJECTION_OPACITY).filled(),
            ))?;
            // (On narrow bars the dashes would only blur them.)
            if corners[1].0 - corners[0].0 >= 12 {
                draw_dashed_outline(root, corners)?;
            }
        }

        // A line over the bar centres; a single point as a level across its bar.
        let slot_px =
            (chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0).max(1) as f64;
        let half = (0.4f64).min((MAX_BAR / 2 + 6) as f64 / slot_px);
        let line = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
            match points {
                [(s, v)] => vec![(s - half, *v), (s + half, *v)],
                _ => points.to_vec(),
            }
        };
        let fitted = line(&fitted);
        if !fitted.is_empty() {
            chart.draw_series(std::iter::once(PathElement::new(
                fitted.clone(),
                palette::ACCENT.stroke_width(3),
            )))?;
        }
        if !data.projection.is_empty() {
            // Continues from the fit's end.
            let projection: Vec<(f64, f64)> = fitted
                .last()
                .copied()
                .into_iter()
                .chain(data.projection.iter().map(|&(d, v)| (slot(d), clean(v))))
                .collect();
            chart.draw_series(DashedLineSeries::new(
                line(&projection),
                DASH.0,
                DASH.1,
                palette::ACCENT.stroke_width(2),
            ))?;
        }

        legend.draw(root)
    })
}

/// The waterfall as an SVG document (`WIDTH` x `HEIGHT`, scalable by its viewBox).
///
/// Bars left to right: the start total (brand colour, from 0), one floating
/// bar per step from the running total to the running total plus its delta
/// (green up, red down, a zero step as a thin grey bar), the end total
/// (brand colour, from 0). Thin connectors join the bars at the running
/// total. Each bar carries its value above it, a decrease below it (an
/// increase as "+" and the formatted value, a decrease as the formatted
/// negative value, a zero step as "±" and the formatted 0); the categories are
/// written under the bars, wrapped to three lines at most and shortened with
/// "…" when longer. The y axis always includes 0. Non-finite values count as 0.
pub fn waterfall_svg(data: &WaterfallData, labels: &WaterfallLabels) -> Result<String, ChartError> {
    let clean = |v: f64| if v.is_finite() { v } else { 0.0 };
    // A total's bar, from 0.
    let total = |label, value: f64| (label, 0.0, value, palette::BRAND, (labels.value)(value));
    // (label, from, to, colour, value text)
    let mut bars: Vec<(&str, f64, f64, RGBColor, String)> = Vec::new();
    let start = clean(data.start);
    bars.push(total(data.start_label.as_str(), start));
    let mut running = start;
    for step in &data.steps {
        let delta = clean(step.delta);
        // A decrease keeps the formatter's own minus sign, as on the axis.
        let (color, text) = if delta > 0.0 {
            (palette::GREEN, format!("+{}", (labels.value)(delta)))
        } else if delta < 0.0 {
            (palette::RED, (labels.value)(delta))
        } else {
            (palette::MUTED, format!("±{}", (labels.value)(0.0)))
        };
        bars.push((&step.label, running, running + delta, color, text));
        running += delta;
    }
    bars.push(total(data.end_label.as_str(), clean(data.end)));
    let n = bars.len();

    let (lo, hi) = value_range(bars.iter().flat_map(|b| [0.0, b.1, b.2]));
    // Head (and foot) room for the value labels.
    let room = (hi - lo) * 0.07;
    let (y_lo, y_hi) = (if lo < 0.0 { lo - room } else { lo }, hi + room);
    let y_axis = ValueAxis::new(y_lo, y_hi, labels.value);
    // Category labels: as many characters per line as a slot holds.
    let slot_width = (WIDTH as i32 - 2 * axes::MARGIN as i32 - y_axis.width as i32) / n as i32;
    let chars = chars_within(slot_width - 8, AXIS_FONT).max(4);
    let categories: Vec<Vec<String>> = bars.iter().map(|b| wrap(b.0, chars, 3)).collect();
    let lines = categories.iter().map(Vec::len).max().unwrap_or(1).max(1) as u32;
    let line_height = AXIS_FONT as i32 + 2;

    document::svg((WIDTH, HEIGHT), |root| {
        // Room on top for a value over the highest bar, below for the categories.
        let frame = Frame {
            top: 16,
            ..Frame::new(axes::MARGIN, 12 + lines * line_height as u32, y_axis.width)
        };
        let chart = axes::value_plot(root, frame, -0.5..n as f64 - 0.5, &y_axis)?;
        let plot = PlotBox::of(&chart);
        let y_of = |v: f64| chart.backend_coord(&(0.0, v)).1;
        axes::draw_zero_line(root, &chart)?;
        let half = ((plot.right - plot.left) as f64 / n as f64 * 0.31).clamp(3.0, 48.0) as i32;
        let centre = |i: usize| chart.backend_coord(&(i as f64, 0.0)).0;

        // Connectors first, so the bars cover their ends.
        for (i, pair) in bars.windows(2).enumerate() {
            let y = y_of(pair[0].2);
            root.draw(&PathElement::new(
                vec![(centre(i) + half, y), (centre(i + 1) - half, y)],
                palette::MUTED.stroke_width(1),
            ))?;
        }
        let h = NOTE_FONT as i32;
        for (i, (_, from, to, color, text)) in bars.iter().enumerate() {
            let x = centre(i);
            let (y_a, y_b) = (y_of(*from), y_of(*to));
            let (mut y0, mut y1) = (y_a.min(y_b), y_a.max(y_b));
            if from == to {
                // A zero step (or total): a thin bar at its level.
                (y0, y1) = (y0 - 1, y0 + 1);
            }
            root.draw(&Rectangle::new(
                [(x - half, y0), (x + half, y1)],
                color.filled(),
            ))?;
            // The value above the bar, a decrease (or a negative total) below
            // it, unless there is no room there.
            let falls = to < from || (from == &0.0 && *to < 0.0);
            let below = falls && plot.bottom - y1 >= h + 6 || !falls && y0 - plot.top < h + 6;
            let (at, v) = if below {
                ((x, y1 + 4), VPos::Top)
            } else {
                ((x, y0 - 4), VPos::Bottom)
            };
            let text_color = if *color == palette::MUTED || *color == palette::BRAND {
                palette::INK
            } else {
                *color
            };
            root.draw(&Text::new(
                text.clone(),
                at,
                text::style(NOTE_FONT, text_color).pos(Pos::new(HPos::Center, v)),
            ))?;
        }
        // The categories under the bars.
        for (i, lines) in categories.iter().enumerate() {
            for (j, line) in lines.iter().enumerate() {
                root.draw(&Text::new(
                    line.clone(),
                    (centre(i), plot.bottom + 8 + j as i32 * line_height),
                    text::style(AXIS_FONT, palette::INK).pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
            }
        }
        Ok(())
    })
}

/// A count for the acquisition chart's axis: whole numbers without decimals.
fn count_label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.1}")
    }
}

/// A projected bar's dashed outline (top and sides; the axis is its foot).
fn draw_dashed_outline(root: &Root, [(a, y0), (b, y1)]: [(i32, i32); 2]) -> Result<(), ChartError> {
    root.draw(&DashedPathElement::new(
        vec![(a, y1), (a, y0), (b, y0), (b, y1)],
        4,
        3,
        palette::BRAND
            .mix(PROJECTION_OUTLINE_OPACITY)
            .stroke_width(1),
    ))?;
    Ok(())
}

/// How an equity chart's legend entry shows its series (never with the
/// element type of the series).
#[derive(Debug, Clone, Copy, PartialEq)]
enum EquitySample {
    /// A filled area (colour, opacity), as a rectangle.
    Area(RGBColor, f64),
    /// A bar (colour, opacity), as a polygon.
    Bar(RGBColor, f64),
    /// A line (colour, width in px), as a thin rectangle.
    Line(RGBColor, i32),
    /// A projected bar with the dashed line across it.
    Projection,
}

impl legend::Sample for EquitySample {
    fn draw(&self, root: &Root<'_>, x: i32, y: i32) -> Result<(), ChartError> {
        let end = x + SAMPLE_WIDTH;
        let bar = |x: i32| vec![(x, y - 7), (x + 12, y - 7), (x + 12, y + 7), (x, y + 7)];
        match *self {
            EquitySample::Area(c, opacity) => {
                root.draw(&Rectangle::new(
                    [(x, y - 6), (end, y + 6)],
                    c.mix(opacity).filled(),
                ))?;
            }
            EquitySample::Bar(c, opacity) => {
                root.draw(&Polygon::new(bar(x + 5), c.mix(opacity).filled()))?;
            }
            EquitySample::Line(c, w) => {
                root.draw(&Rectangle::new(
                    [(x, y - w / 2), (end, y - w / 2 + w)],
                    c.filled(),
                ))?;
            }
            EquitySample::Projection => {
                root.draw(&Polygon::new(
                    bar(x + 5),
                    palette::BRAND.mix(PROJECTION_OPACITY).filled(),
                ))?;
                draw_dashed_outline(root, [(x + 5, y - 7), (x + 17, y + 7)])?;
                for dash in [x, x + 9, x + 18] {
                    root.draw(&Rectangle::new(
                        [(dash, y - 1), ((dash + 5).min(end), y + 1)],
                        palette::ACCENT.filled(),
                    ))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::kit::test_support::{assert_sane, date, money, one_line, MONTHS};
    use chrono::{Days, Months};

    fn stack_labels() -> EquityStackLabels<'static> {
        EquityStackLabels {
            current: "Today's customers",
            future: "Customers still to be won",
            total: "Customer equity",
            month_names: MONTHS,
            value: &money,
        }
    }

    /// `n` month ends from January 2025.
    fn month_ends(n: u32) -> Vec<NaiveDate> {
        (0..n)
            .map(|i| date("2025-02-01") + Months::new(i) - Days::new(1))
            .collect()
    }

    /// Three years: today's customers level off, the future cohorts cost
    /// more than they bring for the first months.
    fn three_years() -> EquityStackData {
        let months = month_ends(36);
        let current = (0..36)
            .map(|i| 480_000.0 * (1.0 - 0.93f64.powi(i + 1)))
            .collect();
        let future = (0..36)
            .map(|i| {
                let t = i as f64;
                1_500.0 * t.powf(1.5) - 20_000.0 * (1.0 - (-t / 4.0).exp())
            })
            .collect();
        EquityStackData {
            months,
            current,
            future,
        }
    }

    fn stack_svg(data: &EquityStackData) -> String {
        one_line(equity_stack_svg(data, &stack_labels()))
    }

    /// The area of today's customers (its legend sample is a `<rect>`).
    const CURRENT_AREA: &str = r##"<polygon opacity="0.75" fill="#0F4C5C""##;
    /// The band of the future cohorts.
    const FUTURE_AREA: &str = r##"<polygon opacity="0.55" fill="#D98E04""##;
    /// The total line (its legend sample is a `<rect>`).
    const TOTAL_LINE: &str =
        r##"<polyline fill="none" opacity="1" stroke="#17252C" stroke-width="2""##;

    /// The points of the first element starting with `prefix`.
    fn points(svg: &str, prefix: &str) -> Vec<(i32, i32)> {
        let element = &svg[svg.find(prefix).expect(prefix)..];
        let list = element.split("points=\"").nth(1).unwrap();
        list[..list.find('"').unwrap()]
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    /// The number in attribute `name` of the `nth` `<rect>` drawn with `style`.
    fn rect_attribute(svg: &str, style: &str, nth: usize, name: &str) -> i32 {
        let at = svg.match_indices(style).nth(nth).unwrap().0;
        let rect = &svg[svg[..at].rfind("<rect").unwrap()..at];
        rect.split(&format!(" {name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn equity_stack_draws_two_areas_and_the_total() {
        let data = three_years();
        let svg = stack_svg(&data);
        assert_sane(&svg);
        assert_eq!(svg.matches(CURRENT_AREA).count(), 1);
        assert_eq!(svg.matches(FUTURE_AREA).count(), 1);
        assert_eq!(svg.matches(TOTAL_LINE).count(), 1);
        assert_eq!(points(&svg, TOTAL_LINE).len(), 36, "a vertex per month");
        // The area from 0 up to the current line: one vertex per month and two on the axis.
        assert_eq!(points(&svg, CURRENT_AREA).len(), 38);
        assert_eq!(points(&svg, FUTURE_AREA).len(), 72);
        for text in [
            "Today&apos;s customers",
            "Customers still to be won",
            "Customer equity",
        ] {
            assert!(svg.contains(&format!(">{text}</text>")), "{text}");
        }
        let last = 480_000.0 * (1.0 - 0.93f64.powi(36)) + 1_500.0 * 35f64.powf(1.5)
            - 20_000.0 * (1.0 - (-35.0f64 / 4.0).exp());
        assert!(
            svg.contains(&format!(">{}</text>", money(last))),
            "total at the end"
        );
        // Month starts every fourth month over three years.
        for label in ["May 25", "Jan 26", "Sep 27"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert!(svg.contains(">0 €</text>"), "the axis starts at 0");
    }

    #[test]
    fn negative_future_values_draw_the_band_below_the_current_line() {
        let data = three_years();
        assert!(data.future[1] < 0.0);
        let svg = stack_svg(&data);
        assert_sane(&svg);
        let total = points(&svg, TOTAL_LINE);
        let current = points(&svg, CURRENT_AREA);
        // current[0] is on the axis; current[i + 1] is month i.
        assert!(
            total[1].1 > current[2].1,
            "total below current (SVG y grows downwards)"
        );
        assert_eq!(total[1].0, current[2].0);
        assert!(total[35].1 < current[36].1, "and above it later");
        // Future entirely negative: the axis goes below 0, a zero line is drawn.
        let losses = EquityStackData {
            future: vec![-50_000.0; 36],
            current: vec![10_000.0; 36],
            ..data
        };
        let svg = stack_svg(&losses);
        assert_sane(&svg);
        assert_eq!(svg.matches(FUTURE_AREA).count(), 1);
        assert!(svg.contains(">-40000 €</text>"), "the total's value");
    }

    #[test]
    fn equity_stack_degenerate_inputs() {
        let months = month_ends(12);
        for data in [
            EquityStackData {
                months: vec![],
                current: vec![],
                future: vec![],
            },
            EquityStackData {
                months: months.clone(),
                current: vec![0.0; 12],
                future: vec![0.0; 12],
            },
            EquityStackData {
                months: months.clone(),
                current: vec![5.0; 3],
                future: vec![],
            },
            EquityStackData {
                months: months.clone(),
                current: vec![f64::NAN; 12],
                future: vec![f64::INFINITY; 12],
            },
            EquityStackData {
                months: vec![months[0]],
                current: vec![1000.0],
                future: vec![-300.0],
            },
            EquityStackData {
                months: vec![months[0]],
                current: vec![0.0],
                future: vec![0.0],
            },
        ] {
            let svg = stack_svg(&data);
            assert_sane(&svg);
            let drawn = usize::from(!data.months.is_empty());
            assert_eq!(svg.matches(CURRENT_AREA).count(), drawn, "{data:?}");
            assert_eq!(svg.matches(FUTURE_AREA).count(), drawn, "{data:?}");
            assert_eq!(svg.matches(TOTAL_LINE).count(), drawn, "{data:?}");
        }
        let single = EquityStackData {
            months: vec![date("2025-01-31")],
            current: vec![1000.0],
            future: vec![250.0],
        };
        let svg = stack_svg(&single);
        assert!(svg.contains(">Jan 25</text>"), "a single month is labelled");
        assert!(svg.contains(">1250 €</text>"));
        let column = points(&svg, CURRENT_AREA);
        assert_eq!(column.len(), 4);
        assert!(column[2].0 - column[0].0 >= 20, "a proper column");
    }

    fn acquisition_labels() -> AcquisitionChartLabels<'static> {
        AcquisitionChartLabels {
            history: "New customers",
            fitted: "Model fit",
            projection: "Projection",
            month_names: MONTHS,
        }
    }

    /// Two years of history from January 2024, a year of projection.
    fn acquisition() -> AcquisitionChartData {
        let month = |i: u32| date("2024-01-01") + Months::new(i);
        let history: Vec<(NaiveDate, f64)> = (0..24)
            .map(|i| (month(i), 40.0 + (i % 5) as f64 * 6.0 + i as f64))
            .collect();
        let fitted = (0..24).map(|i| 52.0 + i as f64 * 0.9).collect();
        let projection = (24..36)
            .map(|i| (month(i), 52.0 + i as f64 * 0.9))
            .collect();
        AcquisitionChartData {
            history,
            fitted,
            projection,
        }
    }

    fn acquisition_of(data: &AcquisitionChartData) -> String {
        one_line(acquisition_svg(data, &acquisition_labels()))
    }

    /// A history bar (its legend sample is a `<polygon>`).
    const HISTORY_BAR: &str = r##"opacity="0.85" fill="#0F4C5C" stroke="none""##;
    /// A projected bar (its legend sample is a `<polygon>`).
    const PROJECTION_BAR: &str = r##"opacity="0.22" fill="#0F4C5C" stroke="none""##;
    /// The fitted line (its legend sample is a `<rect>`).
    const FITTED_LINE: &str =
        r##"<polyline fill="none" opacity="1" stroke="#D98E04" stroke-width="3""##;
    /// A dash of the projection's line (its legend sample is made of `<rect>`s).
    const PROJECTION_DASH: &str =
        r##"<polyline fill="none" opacity="1" stroke="#D98E04" stroke-width="2""##;

    #[test]
    fn acquisition_bars_fit_and_projection() {
        let data = acquisition();
        let svg = acquisition_of(&data);
        assert_sane(&svg);
        assert_eq!(svg.matches(HISTORY_BAR).count(), data.history.len());
        assert_eq!(svg.matches(PROJECTION_BAR).count(), data.projection.len());
        assert_eq!(svg.matches(FITTED_LINE).count(), 1);
        assert_eq!(points(&svg, FITTED_LINE).len(), 24);
        assert!(svg.matches(PROJECTION_DASH).count() > 10, "a dashed line");
        for text in ["New customers", "Model fit", "Projection"] {
            assert!(svg.contains(&format!(">{text}</text>")), "{text}");
        }
        // 36 months: every fourth, January first.
        for label in ["Jan 24", "May 24", "Sep 24", "Jan 25", "May 26", "Sep 26"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert!(!svg.contains(">Feb 24</text>"));
        assert!(svg.contains(">0</text>"), "the axis starts at 0");
        // The projection's bars follow the history's, left to right.
        let x = |bar: &str| -> i32 { rect_attribute(&svg, bar, 0, "x") };
        assert!(x(PROJECTION_BAR) > x(HISTORY_BAR));
    }

    #[test]
    fn acquisition_without_fit_or_projection() {
        let data = AcquisitionChartData {
            fitted: vec![],
            projection: vec![],
            ..acquisition()
        };
        let svg = acquisition_of(&data);
        assert_sane(&svg);
        assert_eq!(svg.matches(HISTORY_BAR).count(), 24);
        assert_eq!(svg.matches(PROJECTION_BAR).count(), 0);
        assert_eq!(svg.matches(FITTED_LINE).count(), 0);
        assert_eq!(svg.matches(PROJECTION_DASH).count(), 0);
        assert!(!svg.contains(">Model fit</text>") && !svg.contains(">Projection</text>"));
    }

    #[test]
    fn acquisition_degenerate_inputs() {
        let d = date("2025-03-01");
        for data in [
            AcquisitionChartData {
                history: vec![],
                fitted: vec![],
                projection: vec![],
            },
            AcquisitionChartData {
                history: vec![(d, 0.0), (d + Months::new(1), 0.0)],
                fitted: vec![0.0, 0.0],
                projection: vec![(d + Months::new(2), 0.0)],
            },
            AcquisitionChartData {
                history: vec![(d, 7.0)],
                fitted: vec![6.5],
                projection: vec![],
            },
            AcquisitionChartData {
                history: vec![],
                fitted: vec![],
                projection: vec![(d, 3.0)],
            },
            AcquisitionChartData {
                history: vec![(d, f64::NAN), (d + Months::new(1), 4.0)],
                fitted: vec![f64::NAN, 4.0, 5.0],
                projection: vec![(d + Months::new(2), f64::INFINITY)],
            },
        ] {
            let svg = acquisition_of(&data);
            assert_sane(&svg);
            assert_eq!(svg.matches(HISTORY_BAR).count(), data.history.len());
            assert_eq!(svg.matches(PROJECTION_BAR).count(), data.projection.len());
        }
        let single = AcquisitionChartData {
            history: vec![(d, 7.0)],
            fitted: vec![6.5],
            projection: vec![],
        };
        let svg = acquisition_of(&single);
        assert!(svg.contains(">Mar 25</text>"));
        assert_eq!(points(&svg, FITTED_LINE).len(), 2, "a level across the bar");
    }

    fn waterfall_labels() -> WaterfallLabels<'static> {
        WaterfallLabels { value: &money }
    }

    fn waterfall() -> WaterfallData {
        let step = |label: &str, delta: f64| WaterfallStep {
            label: label.to_owned(),
            delta,
        };
        WaterfallData {
            start_label: "Last quarter".to_owned(),
            start: 1_250_000.0,
            steps: vec![
                step("New customers", 180_000.0),
                step("Churn", -95_000.0),
                step("Higher order value", 42_000.0),
                step("Discount rate", 0.0),
                step("Acquisition cost", -60_000.0),
                step("Kundenabwanderungsrückstellung", 12_345.0),
            ],
            end_label: "This quarter".to_owned(),
            end: 1_329_345.0,
        }
    }

    fn waterfall_of(data: &WaterfallData) -> String {
        one_line(waterfall_svg(data, &waterfall_labels()))
    }

    const TOTAL_BAR: &str = r##"opacity="1" fill="#0F4C5C" stroke="none""##;
    const INCREASE_BAR: &str = r##"opacity="1" fill="#2E7D32" stroke="none""##;
    const DECREASE_BAR: &str = r##"opacity="1" fill="#C62828" stroke="none""##;
    const ZERO_BAR: &str = r##"opacity="1" fill="#5B6B73" stroke="none""##;

    #[test]
    fn waterfall_bars_colours_and_labels() {
        let data = waterfall();
        let svg = waterfall_of(&data);
        assert_sane(&svg);
        let count = |bar: &str| svg.matches(bar).count();
        assert_eq!(count(TOTAL_BAR), 2);
        assert_eq!(count(INCREASE_BAR), 3);
        assert_eq!(count(DECREASE_BAR), 2);
        assert_eq!(count(ZERO_BAR), 1);
        assert_eq!(
            count(TOTAL_BAR) + count(INCREASE_BAR) + count(DECREASE_BAR) + count(ZERO_BAR),
            data.steps.len() + 2
        );
        for text in [
            ">1250000 €</text>",
            ">+180000 €</text>",
            ">-95000 €</text>",
            ">±0 €</text>",
            ">+12345 €</text>",
            ">1329345 €</text>",
            ">Last quarter</text>",
            ">Churn</text>",
            ">This quarter</text>",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert!(svg.contains(">0 €</text>"), "the axis starts at 0");
        // Floating bars: a step's top is the running total, not the axis.
        let rect_y = |bar: &str, nth: usize| -> (i32, i32) {
            let attr = |name: &str| rect_attribute(&svg, bar, nth, name);
            (attr("y"), attr("y") + attr("height"))
        };
        let (start_top, axis) = rect_y(TOTAL_BAR, 0);
        let (up_top, up_bottom) = rect_y(INCREASE_BAR, 0);
        assert!(up_bottom.abs_diff(start_top) <= 1 && up_top < up_bottom);
        let (down_top, down_bottom) = rect_y(DECREASE_BAR, 0);
        assert!(down_top.abs_diff(up_top) <= 1 && down_bottom < axis);
    }

    #[test]
    fn waterfall_wraps_long_labels() {
        let svg = waterfall_of(&waterfall());
        assert!(svg.contains(">Higher order</text>") && svg.contains(">value</text>"));
        assert!(
            svg.contains(">Kundenabwande-</text>"),
            "a long word is hyphenated"
        );
        assert_eq!(wrap("Acquisition cost", 12, 3), ["Acquisition", "cost"]);
        assert_eq!(wrap("Net-new customers", 10, 3), ["Net-new", "customers"]);
        assert_eq!(
            wrap("Kundenabwanderung", 8, 3),
            ["Kundena-", "bwander-", "ung"]
        );
        assert_eq!(
            wrap("one two three four five six seven", 9, 2),
            ["one two", "three fo…"]
        );
        assert_eq!(wrap("", 9, 2), Vec::<String>::new());
    }

    #[test]
    fn waterfall_degenerate_inputs() {
        let empty = WaterfallData {
            start_label: "Start".to_owned(),
            start: 0.0,
            steps: vec![],
            end_label: "End".to_owned(),
            end: 0.0,
        };
        let svg = waterfall_of(&empty);
        assert_sane(&svg);
        assert_eq!(svg.matches(TOTAL_BAR).count(), 2);
        let negative = WaterfallData {
            start: 100.0,
            steps: vec![
                WaterfallStep {
                    label: "Loss".to_owned(),
                    delta: -250.0,
                },
                WaterfallStep {
                    label: "Unknown".to_owned(),
                    delta: f64::NAN,
                },
            ],
            end: -150.0,
            ..empty.clone()
        };
        let svg = waterfall_of(&negative);
        assert_sane(&svg);
        assert_eq!(svg.matches(DECREASE_BAR).count(), 1);
        assert_eq!(
            svg.matches(ZERO_BAR).count(),
            1,
            "a non-finite step counts as 0"
        );
        assert!(svg.contains(">-150 €</text>") && svg.contains(">-250 €</text>"));
        let many = WaterfallData {
            steps: (0..6)
                .map(|i| WaterfallStep {
                    label: format!("A rather long category label for the number {i}"),
                    delta: if i % 2 == 0 { 1e6 } else { -4e5 },
                })
                .collect(),
            end: 1.8e6,
            ..empty
        };
        let svg = waterfall_of(&many);
        assert_sane(&svg);
        assert_eq!(svg.matches(INCREASE_BAR).count(), 3);
        assert_eq!(svg.matches(DECREASE_BAR).count(), 3);
        assert!(svg.contains("…</text>"), "shortened to three lines");
    }
}
