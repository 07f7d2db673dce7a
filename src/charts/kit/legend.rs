//! Legends, of two kinds:
//! - [`Legend`]: entries in a row above the plot, wrapping into more rows
//!   when their texts are long, so the legend never covers data (the goal
//!   and equity charts). Each chart brings its own kind of [`Sample`] (a line
//!   with a dot, a band, a diamond, a projected bar, ...); the layout and the
//!   texts are the same for all.
//! - [`draw_boxed`]: plotters' own legend in a box in a corner of the plot,
//!   with [`bar_sample`] and [`line_sample`] as the series' samples (the
//!   comparison, monthly and segment charts).

use super::document::Root;
use super::palette;
use super::text::{self, text_width, LEGEND_FONT};
use crate::charts::ChartError;
use plotters::coord::CoordTranslate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height of one row of a [`Legend`].
pub const ROW: i32 = 22;
/// Width of a sample; it is drawn into `x .. x + SAMPLE_WIDTH`.
pub const SAMPLE_WIDTH: i32 = 22;
/// Gap between a sample and its text.
const SAMPLE_GAP: i32 = 7;
/// Gap between one entry's text and the next entry's sample.
const ENTRY_GAP: i32 = 20;
/// The legend's left and right margin: the plot's.
const MARGIN: i32 = 12;

/// What a [`Legend`] entry shows left of its text: how its series looks.
pub trait Sample {
    /// Draws the sample into `x .. x + SAMPLE_WIDTH` around the row's middle `y`.
    fn draw(&self, root: &Root<'_>, x: i32, y: i32) -> Result<(), ChartError>;
}

/// A legend above the plot: (sample, text) entries left to right, in as many
/// rows as the chart's width needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend<'t, S> {
    entries: Vec<(S, &'t str)>,
    /// Each entry's (x offset, row).
    places: Vec<(i32, i32)>,
    rows: i32,
}

impl<'t, S: Sample> Legend<'t, S> {
    /// The entries laid out across a chart `chart_width` wide (within its margins).
    pub fn new(entries: Vec<(S, &'t str)>, chart_width: u32) -> Self {
        let (places, rows) = layout(entries.iter().map(|e| e.1), chart_width as i32 - 2 * MARGIN);
        Legend {
            entries,
            places,
            rows,
        }
    }

    /// The height the legend takes above the plot.
    pub fn height(&self) -> i32 {
        8 + ROW * self.rows
    }

    /// Draws the legend at the top of `root`, each sample followed by its text.
    pub fn draw(&self, root: &Root<'_>) -> Result<(), ChartError> {
        // The first row's middle.
        let (x, y) = (MARGIN, 4 + ROW / 2);
        for ((sample, label), (dx, row)) in self.entries.iter().zip(&self.places) {
            let (x, y) = (x + dx, y + row * ROW);
            sample.draw(root, x, y)?;
            root.draw(&Text::new(
                label.to_string(),
                (x + SAMPLE_WIDTH + SAMPLE_GAP, y),
                text::style(LEGEND_FONT, palette::INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }
}

/// Where legend entries with these texts go within `width`: each entry's
/// (x offset, row), and the number of rows (at least one). An entry that
/// would cross `width` starts the next row, unless it is first in its row.
pub fn layout<'t>(texts: impl IntoIterator<Item = &'t str>, width: i32) -> (Vec<(i32, i32)>, i32) {
    let mut places = Vec::new();
    let (mut x, mut row) = (0, 0);
    for text in texts {
        let w = SAMPLE_WIDTH + SAMPLE_GAP + text_width(text, LEGEND_FONT);
        if x > 0 && x + w > width {
            x = 0;
            row += 1;
        }
        places.push((x, row));
        x += w + ENTRY_GAP;
    }
    (places, row + 1)
}

/// Draws plotters' legend of the series labelled so far in a box at
/// `position`: white and slightly see-through, with a grid-coloured border,
/// the texts in ink at `font_size` (as a rule [`LEGEND_FONT`]).
pub fn draw_boxed<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    font_size: u32,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(palette::GRID)
        .label_font(text::style(font_size, palette::INK))
        .draw()?;
    Ok(())
}

/// A boxed legend's sample of a filled series (bars) in `color`.
pub fn bar_sample(color: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
}

/// A boxed legend's sample of a line series, 3 px wide, in `color`.
pub fn line_sample(color: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new([(x, y), (x + 14, y)], color.stroke_width(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dot at the sample's left end, to see where samples go.
    struct Dot;

    impl Sample for Dot {
        fn draw(&self, root: &Root<'_>, x: i32, y: i32) -> Result<(), ChartError> {
            root.draw(&Circle::new((x, y), 2, palette::INK.filled()))?;
            Ok(())
        }
    }

    #[test]
    fn layout_places_entries_in_rows_within_the_width() {
        // "Actual": 22 + 7 + 40 px, then a gap of 20; "Plan": 22 + 7 + 27 px.
        assert_eq!(layout(["Actual", "Plan"], 856), (vec![(0, 0), (89, 0)], 1));
        assert_eq!(layout(["Actual", "Plan"], 145), (vec![(0, 0), (89, 0)], 1));
        assert_eq!(layout(["Actual", "Plan"], 144), (vec![(0, 0), (0, 1)], 2));
        assert_eq!(
            layout(["Actual", "Plan", "Forecast"], 160),
            (vec![(0, 0), (89, 0), (0, 1)], 2)
        );
        // Too wide for any row: alone in its row all the same.
        assert_eq!(
            layout(["A legend text far wider than the chart", "Plan"], 50),
            (vec![(0, 0), (0, 1)], 2)
        );
        assert_eq!(layout([], 100), (vec![], 1));
    }

    #[test]
    fn legend_height_grows_by_a_row() {
        let short = Legend::new(vec![(Dot, "Actual"), (Dot, "Plan")], 880);
        assert_eq!(short.height(), 30);
        assert_eq!(Legend::<Dot>::new(vec![], 880).height(), 30);
        let long = Legend::new(
            vec![
                (
                    Dot,
                    "Heutige Kundinnen und Kunden mit ihrem diskontierten Wert",
                ),
                (Dot, "Kundinnen und Kunden, die noch gewonnen werden sollen"),
                (Dot, "Kundenwert insgesamt über den Horizont"),
            ],
            880,
        );
        assert_eq!(long.height(), 52);
    }

    #[test]
    fn legend_draws_each_sample_and_its_text() {
        let legend = Legend::new(vec![(Dot, "Actual"), (Dot, "Plan")], 880);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (880, 40)).into_drawing_area();
            legend.draw(&root).unwrap();
            root.present().unwrap();
        }
        let svg = svg.replace('\n', "");
        // From the margin (12), the first row's middle (15); the text 29 px after the sample.
        assert!(svg.contains(r#"<circle cx="12" cy="15""#), "{svg}");
        assert!(svg.contains(r#"<text x="41" y="15""#), "{svg}");
        assert!(svg.contains(r#"<circle cx="101" cy="15""#), "{svg}");
        assert!(svg.contains(r#"<text x="130" y="15""#), "{svg}");
        assert!(svg.contains(">Actual</text>") && svg.contains(">Plan</text>"));
    }

    #[test]
    fn boxed_legend_samples() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 40)).into_drawing_area();
            root.draw(&bar_sample(palette::BRAND)((10, 20))).unwrap();
            root.draw(&line_sample(palette::ACCENT)((40, 20))).unwrap();
            root.present().unwrap();
        }
        let svg = svg.replace('\n', "");
        assert!(
            svg.contains(
                r##"<rect x="10" y="15" width="12" height="10" opacity="1" fill="#0F4C5C""##
            ),
            "{svg}"
        );
        assert!(
            svg.contains(r##"stroke="#D98E04" stroke-width="3" points="40,20 54,20 ""##),
            "{svg}"
        );
    }
}
