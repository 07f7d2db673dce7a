//! A chart's SVG document: a string, plotters' SVG backend writing into it,
//! and the drawing area a chart draws on.

use crate::charts::ChartError;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The whole drawing area of a chart's SVG document, in pixels.
pub type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// An SVG document `size` px large on a white background, with what `draw`
/// draws on it.
pub fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&Root<'_>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    document(size, Some(WHITE), draw)
}

/// An SVG document `size` px large on a transparent background (for a
/// sparkline on a card), with what `draw` draws on it.
pub fn transparent_svg(
    size: (u32, u32),
    draw: impl FnOnce(&Root<'_>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    document(size, None, draw)
}

fn document(
    size: (u32, u32),
    background: Option<RGBColor>,
    draw: impl FnOnce(&Root<'_>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        if let Some(color) = background {
            root.fill(&color)?;
        }
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_with_and_without_background() {
        let white = svg((120, 36), |_| Ok(())).unwrap();
        assert!(white.starts_with(r#"<svg width="120" height="36" viewBox="0 0 120 36""#));
        assert!(white
            .contains(r##"<rect x="0" y="0" width="120" height="36" opacity="1" fill="#FFFFFF""##));
        assert!(white.trim_end().ends_with("</svg>"));
        let clear = transparent_svg((120, 36), |_| Ok(())).unwrap();
        assert!(!clear.contains("<rect"));
        let error = svg((10, 10), |_| Err(ChartError("no data".into()))).unwrap_err();
        assert_eq!(error.to_string(), "the chart could not be drawn: no data");
    }
}
