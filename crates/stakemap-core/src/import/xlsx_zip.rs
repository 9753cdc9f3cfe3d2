//! The checks of an .xlsx archive before the workbook reader opens it: a zip bomb, a
//! part that unpacks to more than its header says, and cell references beyond Excel's
//! last cell (the workbook reader's arithmetic on them overflows).

use crate::error::{n32, Reason};
use std::fmt;
use std::io::{Cursor, Read};

use crate::error::{Error, Result};

const MAX_ZIP_ENTRIES: usize = 2000;
const MAX_ENTRY_BYTES: u64 = 100 << 20;
const MAX_TOTAL_BYTES: u64 = 200 << 20;
/// Largest compression ratio of an entry bigger than [`RATIO_FROM_BYTES`].
const MAX_RATIO: u64 = 200;
const RATIO_FROM_BYTES: u64 = 1 << 20;
/// Excel's last row and column (XFD).
const LAST_ROW: u64 = 1_048_576;
const LAST_COLUMN: u64 = 16_384;

/// The little-endian integer at `at`.
fn le(bytes: &[u8], at: usize, len: usize) -> u64 {
    bytes[at..at + len]
        .iter()
        .rev()
        .fold(0u64, |n, &b| (n << 8) | u64::from(b))
}

pub(super) fn damaged(file_name: &str, detail: impl fmt::Display) -> Error {
    Error::refused(
        file_name,
        Reason::DamagedWorkbook {
            detail: detail.to_string(),
        },
    )
}

/// The archive unpacks to far more than a workbook of people: its part `part` to `bytes`
/// (all its parts, when `part` is empty).
fn bomb(file_name: &str, part: &str, bytes: u64) -> Error {
    Error::refused(
        file_name,
        Reason::ZipBomb {
            part: part.to_string(),
            unpacked_mb: n32((bytes + (1 << 19)) >> 20),
        },
    )
}

fn too_many_parts(file_name: &str, parts: u64) -> Error {
    Error::refused(
        file_name,
        Reason::TooManyParts {
            parts: n32(parts),
            limit: n32(MAX_ZIP_ENTRIES),
        },
    )
}

/// Checks an .xlsx archive before it is read: the number of entries (from the end of
/// central directory record, before the directory is parsed), every entry's declared
/// size and compression ratio, and then the real size of every part, whatever its name,
/// counted as it is inflated through a reader that stops one byte past the declared size
/// (so a false size header costs no more than the size it declares). While a part is
/// inflated its cell references are checked (see [`RefCheck`]).
pub(super) fn check_zip(file_name: &str, bytes: &[u8]) -> Result<()> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let eocd = bytes[from..]
        .windows(4)
        .rposition(|w| w == EOCD)
        .map(|i| from + i)
        .filter(|&i| i + 22 <= bytes.len())
        .ok_or_else(|| damaged(file_name, "no zip directory"))?;
    let declared_entries = le(bytes, eocd + 10, 2);
    if declared_entries != 0xFFFF && declared_entries > MAX_ZIP_ENTRIES as u64 {
        return Err(too_many_parts(file_name, declared_entries));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(file_name, e))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_many_parts(file_name, zip.len() as u64));
    }
    let mut total = 0u64;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(file_name, e))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        let name = entry.name().to_string();
        if entry.encrypted() {
            return Err(Error::refused(file_name, Reason::WorkbookEncrypted));
        }
        if size > MAX_ENTRY_BYTES {
            return Err(bomb(file_name, &name, size));
        }
        total += size;
        if total > MAX_TOTAL_BYTES {
            return Err(bomb(file_name, "", MAX_TOTAL_BYTES));
        }
        if size > RATIO_FROM_BYTES && size / packed.max(1) > MAX_RATIO {
            return Err(bomb(file_name, &name, size));
        }
        parts.push((i, name, size));
    }
    let mut real_total = 0u64;
    for (i, name, size) in parts {
        let entry = zip.by_index(i).map_err(|e| damaged(file_name, e))?;
        let mut check = RefCheck::default();
        std::io::copy(&mut entry.take(size + 1), &mut check)
            .map_err(|e| damaged(file_name, format!("part {name}: {e}")))?;
        if check.bytes > size {
            return Err(damaged(
                file_name,
                format!("part {name} holds more data than its header declares ({size} bytes)"),
            ));
        }
        if let Some(reference) = check.bad {
            return Err(Error::refused(
                file_name,
                Reason::CellBeyondExcel {
                    cell: reference.to_string(),
                },
            ));
        }
        real_total += check.bytes;
        if real_total > MAX_TOTAL_BYTES {
            return Err(bomb(file_name, "", MAX_TOTAL_BYTES));
        }
    }
    Ok(())
}

/// Where a [`RefCheck`] is in the text.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Outside an attribute that holds cell references.
    #[default]
    Text,
    /// After white space: reading what may be an attribute's name.
    Name,
    /// After `r`, `ref` or `sqref` (and white space): expecting `=`.
    Equals,
    /// After `=`: expecting the opening quote.
    Quote,
    /// Inside the value, up to this closing quote.
    Value(u8),
}

/// Counts the bytes of a part as they are inflated, keeping none of them, and looks at
/// the values of the attributes `r`, `ref` and `sqref` (cell references such as `B7`,
/// `A1:C10` or `A1 B2:C3`) for a row or column beyond Excel's last cell, in one pass
/// with constant memory.
#[derive(Default)]
struct RefCheck {
    bytes: u64,
    /// Between `<` and `>`.
    in_tag: bool,
    scan: Scan,
    /// The attribute name read so far (only the first bytes matter).
    name: [u8; 8],
    name_len: usize,
    /// The reference being read: its letters and digits, and their values (saturating).
    letters: u32,
    digits: u32,
    column: u64,
    row: u64,
    /// The reference text read so far, for the message (at most 24 bytes).
    text: Vec<u8>,
    bad: Option<String>,
}

impl RefCheck {
    fn end_reference(&mut self) {
        let too_far =
            self.letters > 3 || self.digits > 7 || self.column > LAST_COLUMN || self.row > LAST_ROW;
        if too_far && self.bad.is_none() {
            let mut text = String::from_utf8_lossy(&self.text).into_owned();
            if self.letters + self.digits > 24 {
                text.push('…');
            }
            self.bad = Some(text);
        }
        self.letters = 0;
        self.digits = 0;
        self.column = 0;
        self.row = 0;
        self.text.clear();
    }

    fn byte(&mut self, b: u8) {
        // Attributes are only inside a tag; text between tags may hold anything.
        if !matches!(self.scan, Scan::Value(_)) {
            match b {
                b'<' | b'>' => {
                    self.in_tag = b == b'<';
                    self.scan = Scan::Text;
                    return;
                }
                _ if !self.in_tag => return,
                _ => {}
            }
        }
        self.scan = match self.scan {
            Scan::Name if b == b'=' || (b.is_ascii_whitespace() && self.name_len > 0) => {
                self.after_name(b)
            }
            Scan::Text | Scan::Name if b.is_ascii_whitespace() => {
                self.name_len = 0;
                Scan::Name
            }
            Scan::Text => Scan::Text,
            Scan::Name => {
                if self.name_len < self.name.len() {
                    self.name[self.name_len] = b;
                }
                self.name_len += 1;
                Scan::Name
            }
            Scan::Equals if b == b'=' => Scan::Quote,
            Scan::Equals if b.is_ascii_whitespace() => Scan::Equals,
            Scan::Quote if b == b'"' || b == b'\'' => Scan::Value(b),
            Scan::Quote if b.is_ascii_whitespace() => Scan::Quote,
            Scan::Equals | Scan::Quote => Scan::Text,
            Scan::Value(quote) if b == quote => {
                self.end_reference();
                Scan::Text
            }
            Scan::Value(quote) => {
                self.reference_byte(b);
                Scan::Value(quote)
            }
        };
    }

    fn after_name(&mut self, b: u8) -> Scan {
        let name = &self.name[..self.name_len.min(self.name.len())];
        let names_references =
            self.name_len <= self.name.len() && matches!(name, b"r" | b"ref" | b"sqref");
        self.name_len = 0;
        match (names_references, b) {
            (true, b'=') => Scan::Quote,
            (true, _) => Scan::Equals,
            (false, b'=') => Scan::Text,
            (false, _) => Scan::Name,
        }
    }

    fn reference_byte(&mut self, b: u8) {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' => {
                if self.digits > 0 {
                    self.end_reference();
                }
                self.letters += 1;
                let value = u64::from(b.to_ascii_uppercase() - b'A') + 1;
                self.column = self.column.saturating_mul(26).saturating_add(value);
            }
            b'0'..=b'9' => {
                self.digits += 1;
                self.row = self
                    .row
                    .saturating_mul(10)
                    .saturating_add(u64::from(b - b'0'));
            }
            b'$' => return,
            _ => {
                self.end_reference();
                return;
            }
        }
        if self.text.len() < 24 {
            self.text.push(b);
        }
    }
}

impl std::io::Write for RefCheck {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        for &b in buf {
            self.byte(b);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn bad(xml: &str) -> Option<String> {
        let mut check = RefCheck::default();
        // In small pieces, as the inflater hands them over.
        for piece in xml.as_bytes().chunks(3) {
            check.write_all(piece).unwrap();
        }
        check.bad
    }

    #[test]
    fn finds_references_beyond_the_last_cell() {
        assert_eq!(
            bad(r#"<c r="A4294967295"><v>1</v></c>"#).as_deref(),
            Some("A4294967295")
        );
        assert_eq!(bad(r#"<row r = '99999999'>"#).as_deref(), Some("99999999"));
        assert_eq!(
            bad(r#"<dimension ref="A1:XFE1"/>"#).as_deref(),
            Some("XFE1")
        );
        assert!(bad(r#"<sheetData><row r="1048576"><c r="XFD1048576" s="12345678"><v>12345678901</v></c></row></sheetData>"#).is_none());
        assert!(bad(r#"<x r:id="rId12345678" sqref="A1 B2:$C$3"/><t>ID123456789</t>"#).is_none());
        // Text between tags is no attribute.
        assert!(
            bad(r#"<si><t xml:space="preserve"> r="A99999999" ref='ZZZZ1'</t></si>"#).is_none()
        );
        assert_eq!(
            bad(r#"<t>x</t><c
 r="B99999999"/>"#)
            .as_deref(),
            Some("B99999999")
        );
    }
}
