//! One self-contained HTML file to pan, zoom, filter and click people in any browser.

use super::{ExportData, ExportOptions};

pub fn render(_data: &ExportData, _opts: &ExportOptions) -> String {
    String::new() // PLACEHOLDER: being built
}
