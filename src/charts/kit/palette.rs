//! The charts' colours: the brand colours (brand, ink, muted and the grid's
//! line colour are the stylesheet's `--brand`, `--ink`, `--muted` and
//! `--line`), the accent for a second series, and green and red for good
//! and bad.

use plotters::style::RGBColor;

/// The first series (bars, the actual values), and the brand.
pub const BRAND: RGBColor = RGBColor(0x0f, 0x4c, 0x5c);
/// The second series (the model, forecasts, projections).
pub const ACCENT: RGBColor = RGBColor(0xd9, 0x8e, 0x04);
/// Grid lines and the legend box's border.
pub const GRID: RGBColor = RGBColor(0xdd, 0xe3, 0xe6);
/// Text that is read (legends, notes) and lines that stand out (a total, "today").
pub const INK: RGBColor = RGBColor(0x17, 0x25, 0x2c);
/// Axes, their labels, and secondary lines (a plan, a divider, a marker).
pub const MUTED: RGBColor = RGBColor(0x5b, 0x6b, 0x73);
/// Good: a goal's target line and milestones, a waterfall step that adds value.
pub const GREEN: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
/// A goal's stretch line: a lighter [`GREEN`] (its label stays in [`GREEN`] to be legible).
pub const LIGHT_GREEN: RGBColor = RGBColor(0x81, 0xc7, 0x84);
/// Bad: a waterfall step that takes value away.
pub const RED: RGBColor = RGBColor(0xc6, 0x28, 0x28);
