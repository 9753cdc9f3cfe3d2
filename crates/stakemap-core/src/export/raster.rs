//! PNG and PDF from the map's SVG, with the fonts installed on the machine.

use super::PageSize;
use crate::error::{Error, Result};

/// The SVG as PNG at `scale` pixels per map unit.
pub fn png(_svg: &str, _scale: f32) -> Result<Vec<u8>> {
    Err(Error::invalid("format", "PLACEHOLDER: being built"))
}

/// The SVG as a vector PDF on a page of `page`.
pub fn pdf(_svg: &str, _page: PageSize) -> Result<Vec<u8>> {
    Err(Error::invalid("format", "PLACEHOLDER: being built"))
}
