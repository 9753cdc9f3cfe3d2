//! Data exports: CSV, JSON and GraphML.

use super::ExportData;
use crate::error::{Error, Result};

/// People and relations as two CSV files (UTF-8 with BOM).
pub fn csv(_data: &ExportData) -> (Vec<u8>, Vec<u8>) {
    (Vec::new(), Vec::new()) // PLACEHOLDER: being built
}

/// The whole account as JSON.
pub fn json(_data: &ExportData) -> Result<Vec<u8>> {
    Err(Error::invalid("format", "PLACEHOLDER: being built"))
}

/// The network as GraphML.
pub fn graphml(_data: &ExportData) -> String {
    String::new() // PLACEHOLDER: being built
}
