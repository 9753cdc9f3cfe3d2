//! One data row of a people file, as [`super::sheet`] reads it and [`super::mapping`]
//! turns it into a record. A plain type at the bottom of the import, so that the two
//! modules above it do not import each other.

use serde::{Deserialize, Serialize};

/// One data row and the line it starts on (the sheet's row number for .xlsx).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetRow {
    pub line: u32,
    /// Trimmed cells; trailing empty cells may be left out.
    pub cells: Vec<String>,
}
