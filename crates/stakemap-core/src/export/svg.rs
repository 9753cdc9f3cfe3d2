//! The map as SVG: cards where the user put them, lines, and the legend.

use super::{ExportData, ExportOptions};

/// The map of `data` as a standalone SVG document.
pub fn render(_data: &ExportData, _opts: &ExportOptions) -> String {
    String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"/>") // PLACEHOLDER: being built
}
