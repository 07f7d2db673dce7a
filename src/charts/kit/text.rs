//! Text in charts: the house font and its sizes, how wide a text comes out,
//! and a label wrapped into the lines that fit under a bar.
//!
//! Widths are reckoned, not measured: the same on every platform, so a
//! chart's layout does not depend on where it is drawn.

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// The charts' font family.
pub const FAMILY: &str = "sans-serif";
/// Axis labels and axis descriptions.
pub const AXIS_FONT: u32 = 14;
/// Notes inside a plot: a goal line's value, "today", a bar's value, a marker's text.
pub const NOTE_FONT: u32 = 13;
/// Legend texts.
pub const LEGEND_FONT: u32 = 15;

/// The house font at `size` in `color`.
pub fn style(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// A rough width of `text` in pixels at a plotters font size (which the SVG
/// backend writes as `size / 1.24` px): each character an average
/// [`char_width`].
pub fn text_width(text: &str, size: u32) -> i32 {
    (text.chars().count() as f64 * size as f64 / 1.24 * 0.55).ceil() as i32
}

/// The average character's width in pixels at a plotters font size, as
/// [`text_width`] reckons it.
pub fn char_width(size: u32) -> f64 {
    size as f64 / 1.24 * 0.55
}

/// How many average characters fit into `width` pixels at `size` (0 when none do).
pub fn chars_within(width: i32, size: u32) -> usize {
    (width as f64 / char_width(size)).floor().max(0.0) as usize
}

/// `text` in at most `max_lines` lines of at most `chars` characters: broken
/// at spaces and after hyphens, a word longer than a line hyphenated, the
/// last line ending in "…" when the text does not fit.
pub fn wrap(text: &str, chars: usize, max_lines: usize) -> Vec<String> {
    let chars = chars.max(2);
    let len = |s: &str| s.chars().count();
    // Pieces with whether a space precedes them.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in text.split_whitespace() {
        let mut space = true;
        for part in word.split_inclusive('-') {
            let mut part: Vec<char> = part.chars().collect();
            while part.len() > chars {
                let rest = part.split_off(chars - 1);
                pieces.push((part.iter().collect::<String>() + "-", space));
                space = false;
                part = rest;
            }
            pieces.push((part.into_iter().collect(), space));
            space = false;
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (piece, space) in pieces {
        let joined = if line.is_empty() {
            piece.clone()
        } else if space {
            format!("{line} {piece}")
        } else {
            format!("{line}{piece}")
        };
        if len(&joined) <= chars {
            line = joined;
        } else {
            lines.push(std::mem::replace(&mut line, piece));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        // The last line holds as much of the rest as fits before the "…".
        let rest = lines.split_off(max_lines.max(1) - 1);
        let rest = rest.iter().skip(1).fold(rest[0].clone(), |text, line| {
            if text.ends_with('-') {
                text + line
            } else {
                text + " " + line
            }
        });
        let kept: String = rest.chars().take(chars - 1).collect();
        lines.push(kept.trim_end_matches(['-', ' ']).to_owned() + "…");
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_width_counts_characters_not_bytes() {
        assert_eq!(text_width("", AXIS_FONT), 0);
        // 6 × 15 / 1.24 × 0.55 = 39.9
        assert_eq!(text_width("Actual", LEGEND_FONT), 40);
        // 8 characters (9 bytes): 8 × 14 / 1.24 × 0.55 = 49.7
        assert_eq!(text_width("Rückgang", AXIS_FONT), 50);
        assert_eq!(text_width("Today", NOTE_FONT), 29);
    }

    #[test]
    fn chars_within_a_width() {
        assert!((char_width(AXIS_FONT) - 6.2097).abs() < 1e-4);
        assert_eq!(chars_within(100, AXIS_FONT), 16);
        assert_eq!(chars_within(6, AXIS_FONT), 0);
        assert_eq!(chars_within(-5, AXIS_FONT), 0);
        // What fits is no wider than the width.
        let fits = "x".repeat(chars_within(100, AXIS_FONT));
        assert!(text_width(&fits, AXIS_FONT) <= 100);
    }

    #[test]
    fn wrap_breaks_at_spaces_hyphens_and_shortens() {
        assert_eq!(wrap("New customers", 16, 3), ["New customers"]);
        assert_eq!(wrap("Higher order value", 12, 3), ["Higher order", "value"]);
        assert_eq!(wrap("Cross-sell", 6, 3), ["Cross-", "sell"]);
        assert_eq!(wrap("a b c d e f", 3, 2), ["a b", "c…"]);
        assert_eq!(wrap("Rückstellung", 6, 3), ["Rücks-", "tellu-", "ng"]);
        assert_eq!(wrap("   ", 6, 3), Vec::<String>::new());
    }
}
