//! Reading a people file into rows: CSV (comma, semicolon or tab; UTF-8 with or without
//! BOM, UTF-16 with BOM, or Shift_JIS/CP932), Excel workbooks (.xlsx, the first
//! worksheet) and the kind detection that also sends vCard files to [`super::vcard`].
//!
//! Everything that is refused is refused with [`Error::FileRefused`] and a reason the
//! user can act on. An .xlsx is a zip archive; before it is handed to the workbook reader
//! its directory and the real size of every XML part are checked with bounded memory, so
//! a zip bomb is refused after reading at most the sizes it declares.

use crate::error::{n32, Reason};
use std::fmt;
use std::io::Cursor;
use std::str::FromStr;

use calamine::{DataRef, Reader, Xlsx};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::mapping::is_known_header;
pub use super::sheet_row::SheetRow;
use super::xlsx_zip::{check_zip, damaged};

/// The largest file imported.
pub const MAX_FILE_BYTES: usize = 200 << 20;
/// The most data rows (or vCards) a file may hold.
pub const MAX_ROWS: u32 = 1_000_000;
/// The longest cell.
pub const MAX_CELL_BYTES: usize = 64 << 10;
/// The most columns.
pub const MAX_COLUMNS: usize = 1000;
/// The most cells, up to the last non-empty one of each row, of a whole file.
pub const MAX_CELLS: usize = 10_000_000;

/// Rows searched for the header below a preamble.
const HEADER_SEARCH_ROWS: usize = 30;
const BINARY_PROBE_BYTES: usize = 8192;

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

crate::model::string_enum!(
    /// What kind of file an import reads.
    SheetKind {
        Csv => "csv",
        Xlsx => "xlsx",
        Vcard => "vcard",
    }
);

/// A table read from a CSV file or the first worksheet of a workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Sheet {
    pub kind: SheetKind,
    /// `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE` or `Shift_JIS` (.xlsx: `UTF-8`).
    pub encoding: String,
    /// The line (row) of the header, after any preamble.
    pub header_line: u32,
    pub columns: Vec<String>,
    /// The data rows below the header; rows whose cells are all empty are left out.
    pub rows: Vec<SheetRow>,
}

fn extension(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// True when the text starts with `BEGIN:VCARD` (after a BOM and white space).
fn looks_like_vcard(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let rest = &rest[start..];
    rest.len() >= 11 && rest[..11].eq_ignore_ascii_case(b"BEGIN:VCARD")
}

/// The kind of a file, from its first bytes, then its name. Refuses what is none of
/// them: an old .xls or a password-protected workbook, a PDF, a file named .xlsx that is
/// not a workbook, and any file over [`MAX_FILE_BYTES`].
pub fn detect_kind(file_name: &str, bytes: &[u8]) -> Result<SheetKind> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::refused(
            file_name,
            Reason::TooBig {
                limit_mb: n32(MAX_FILE_BYTES >> 20),
            },
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(SheetKind::Xlsx);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(Error::refused(file_name, Reason::OldExcel));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(Error::refused(file_name, Reason::Pdf));
    }
    if looks_like_vcard(bytes) {
        return Ok(SheetKind::Vcard);
    }
    let ext = extension(file_name);
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xltx" | "xltm") {
        return Err(Error::refused(file_name, Reason::NotZip { ext }));
    }
    if matches!(ext.as_str(), "xls" | "xlsb" | "numbers" | "ods") {
        return Err(Error::refused(file_name, Reason::Unsupported { ext }));
    }
    Ok(SheetKind::Csv)
}

/// Reads a CSV file or the first worksheet of an .xlsx. A vCard file is refused here:
/// read it with [`super::vcard::read_vcards`].
pub fn read_sheet(file_name: &str, bytes: &[u8]) -> Result<Sheet> {
    match detect_kind(file_name, bytes)? {
        SheetKind::Csv => read_csv(file_name, bytes),
        SheetKind::Xlsx => read_xlsx(file_name, bytes),
        SheetKind::Vcard => Err(Error::refused(file_name, Reason::VcardNotTable)),
    }
}

fn line_of(text: &[u8], byte: usize) -> u32 {
    1 + text[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
}

fn not_text(file_name: &str) -> Error {
    Error::refused(file_name, Reason::Binary)
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or else
/// Shift_JIS/CP932 when the whole file decodes as such. Returns the text and the name of
/// its encoding. Binary files and text in another encoding are refused.
pub(crate) fn decode_text(file_name: &str, bytes: &[u8]) -> Result<(String, &'static str)> {
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return match encoding.decode_without_bom_handling_and_without_replacement(rest) {
                Some(text) if !text.contains('\0') => Ok((text.into_owned(), name)),
                _ => Err(not_text(file_name)),
            };
        }
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE_BYTES)];
    // NUL and the control characters no text file holds (tab, line breaks, form feed,
    // escape and the DOS end-of-file mark are fine).
    if probe
        .iter()
        .any(|&b| matches!(b, 0..=8 | 0x0E..=0x19 | 0x1C..=0x1F))
    {
        return Err(not_text(file_name));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((text.to_string(), "UTF-8 (BOM)")),
            Err(e) => Err(Error::refused(
                file_name,
                Reason::NotUtf8 {
                    line: line_of(rest, e.valid_up_to()),
                },
            )),
        };
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), "UTF-8")),
        Err(e) => e,
    };
    if let Some(text) =
        encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((text.into_owned(), "Shift_JIS"));
    }
    Err(Error::refused(
        file_name,
        Reason::UnknownEncoding {
            line: line_of(bytes, utf8_error.valid_up_to()),
        },
    ))
}

fn too_many_rows(file_name: &str) -> Error {
    Error::refused(
        file_name,
        Reason::TooManyRows {
            limit: n32(MAX_ROWS),
        },
    )
}

fn cell_too_long(file_name: &str, line: u32) -> Error {
    Error::refused(
        file_name,
        Reason::CellTooLong {
            line,
            limit_kb: n32(MAX_CELL_BYTES >> 10),
        },
    )
}

fn too_many_columns(file_name: &str, line: u32) -> Error {
    Error::refused(
        file_name,
        Reason::TooManyColumns {
            line,
            limit: n32(MAX_COLUMNS),
        },
    )
}

fn too_many_cells(file_name: &str) -> Error {
    Error::refused(
        file_name,
        Reason::TooManyCells {
            limit: n32(MAX_CELLS),
        },
    )
}

/// Counts the cells a file holds and refuses it past [`MAX_CELLS`].
struct CellBudget<'a> {
    file_name: &'a str,
    cells: usize,
    rows: u32,
}

impl CellBudget<'_> {
    /// Trims a row, drops its trailing empty cells, and counts it.
    fn take(&mut self, line: u32, cells: Vec<String>) -> Result<Vec<String>> {
        let mut cells = cells;
        for c in &mut cells {
            if c.len() > MAX_CELL_BYTES {
                return Err(cell_too_long(self.file_name, line));
            }
            let t = c.trim();
            if t.len() != c.len() {
                *c = t.to_string();
            }
        }
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        if cells.len() > MAX_COLUMNS {
            return Err(too_many_columns(self.file_name, line));
        }
        self.cells += cells.len();
        if self.cells > MAX_CELLS {
            return Err(too_many_cells(self.file_name));
        }
        self.rows += 1;
        if self.rows > MAX_ROWS + HEADER_SEARCH_ROWS as u32 {
            return Err(too_many_rows(self.file_name));
        }
        Ok(cells)
    }
}

/// How many cells of the row are header names of some preset.
fn known_headers(cells: &[String]) -> usize {
    cells.iter().filter(|c| is_known_header(c)).count()
}

/// The header: the first of the first rows with two known header names, else the first
/// row. `rows` holds only non-empty rows.
fn header_index(rows: &[SheetRow]) -> usize {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| known_headers(&r.cells) >= 2)
        .unwrap_or(0)
}

/// Splits the rows at the header.
fn into_sheet(
    file_name: &str,
    kind: SheetKind,
    encoding: &str,
    mut rows: Vec<SheetRow>,
) -> Result<Sheet> {
    if rows.is_empty() {
        return Err(Error::refused(file_name, Reason::Empty));
    }
    let at = header_index(&rows);
    let data = rows.split_off(at + 1);
    let header = rows.pop().expect("the header row");
    if data.len() > MAX_ROWS as usize {
        return Err(too_many_rows(file_name));
    }
    Ok(Sheet {
        kind,
        encoding: encoding.to_string(),
        header_line: header.line,
        columns: header.cells,
        rows: data,
    })
}

/// Counts lines as the reader moves forward through the text.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u32,
}

impl LineCounter<'_> {
    /// The line of the first character at or after `byte` that is not a line break (a
    /// record's position points just past the previous record's line break).
    fn line_at(&mut self, mut byte: usize) -> u32 {
        while byte < self.text.len() && matches!(self.text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte < self.at {
            return line_of(self.text, byte);
        }
        self.line += self.text[self.at..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        self.at = byte;
        self.line
    }
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Of `,`, tab and `;`: the one that splits a row of the first lines into the most known
/// header names, else the one that splits the first row into the most cells.
fn choose_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for delimiter in [b',', b'\t', b';'] {
        let mut reader = csv_reader(text, delimiter);
        let mut headers = 0;
        let mut first_cells = 0;
        for record in reader.records().take(HEADER_SEARCH_ROWS) {
            let Ok(record) = record else { break };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if first_cells == 0 {
                first_cells = record.len();
            }
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            headers = headers.max(known_headers(&cells));
        }
        let score = (headers.min(2), first_cells);
        if score > (best.1.min(2), best.2) {
            best = (delimiter, headers, first_cells);
        }
    }
    best.0
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Sheet> {
    let (text, encoding) = decode_text(file_name, bytes)?;
    let delimiter = choose_delimiter(&text);
    let mut reader = csv_reader(&text, delimiter);
    let mut lines = LineCounter {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut budget = CellBudget {
        file_name,
        cells: 0,
        rows: 0,
    };
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(0, |p| p.byte()) as usize;
                let line = lines.line_at(start);
                if record.len() > MAX_COLUMNS {
                    return Err(too_many_columns(file_name, line));
                }
                let cells = budget.take(line, record.iter().map(str::to_string).collect())?;
                if !cells.is_empty() {
                    rows.push(SheetRow { line, cells });
                }
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(lines.line, |p| lines.line_at(p.byte() as usize));
                return Err(Error::refused(
                    file_name,
                    Reason::BadCsvLine {
                        line: n32(line),
                        detail: e.to_string(),
                    },
                ));
            }
        }
    }
    into_sheet(file_name, SheetKind::Csv, encoding, rows)
}

/// An Excel serial date as ISO text (`2024-04-01`, or with the time when it has one).
fn excel_date(serial: f64, is_1904: bool) -> Option<String> {
    let epoch = if is_1904 {
        chrono::NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let date = epoch.checked_add_signed(chrono::TimeDelta::try_days(days as i64)?)?;
    if seconds == 0 {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    let time = date.and_hms_opt(0, 0, 0)? + chrono::TimeDelta::try_seconds(seconds)?;
    Some(time.format("%Y-%m-%d %H:%M:%S").to_string())
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn cell_text(cell: DataRef<'_>) -> String {
    match cell {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(f),
        DataRef::String(s) => s,
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            excel_date(d.as_f64(), false).unwrap_or_else(|| number_text(d.as_f64()))
        }
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn read_xlsx(file_name: &str, bytes: &[u8]) -> Result<Sheet> {
    check_zip(file_name, bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| damaged(file_name, e))?;
    let Some(first) = book.sheet_names().into_iter().next() else {
        return Err(Error::refused(file_name, Reason::NoWorksheet));
    };
    let mut reader = book
        .worksheet_cells_reader(&first)
        .map_err(|e| damaged(file_name, e))?;
    // Cells come row by row; a row is kept sparse, as (row number, its cells with their
    // columns). The cells up to the last one of each row are counted against the budget
    // as they come, so a row is only laid out in full once the whole file fits.
    let mut raw: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
    let mut sorted = true;
    let mut cells_seen = 0usize;
    // Cells up to the last one of each row (of each piece of a row, when rows come out
    // of order), and the width of the row being read.
    let mut width_total = 0usize;
    let mut width = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| damaged(file_name, e))? {
        let (row, col) = cell.get_position();
        let text = cell_text(cell.get_value().clone());
        if text.trim().is_empty() {
            continue;
        }
        let line = row.saturating_add(1);
        if text.len() > MAX_CELL_BYTES {
            return Err(cell_too_long(file_name, line));
        }
        if col as usize >= MAX_COLUMNS {
            return Err(too_many_columns(file_name, line));
        }
        cells_seen += 1;
        if cells_seen > MAX_CELLS {
            return Err(too_many_cells(file_name));
        }
        if !matches!(raw.last(), Some((r, _)) if *r == row) {
            if raw.last().is_some_and(|(r, _)| *r > row) {
                sorted = false;
            }
            if raw.len() > MAX_ROWS as usize + HEADER_SEARCH_ROWS {
                return Err(too_many_rows(file_name));
            }
            raw.push((row, Vec::new()));
            width = 0;
        }
        if col as usize >= width {
            width_total += col as usize + 1 - width;
            width = col as usize + 1;
            if width_total > MAX_CELLS {
                return Err(too_many_cells(file_name));
            }
        }
        raw.last_mut().expect("a row").1.push((col, text));
    }
    if !sorted {
        // Rows written in pieces (not in order) are joined again; a later cell wins.
        raw.sort_by_key(|(r, _)| *r);
        let mut merged: Vec<(u32, Vec<(u32, String)>)> = Vec::with_capacity(raw.len());
        for (row, cells) in raw {
            match merged.last_mut() {
                Some((r, existing)) if *r == row => existing.extend(cells),
                _ => merged.push((row, cells)),
            }
        }
        raw = merged;
    }
    let mut budget = CellBudget {
        file_name,
        cells: 0,
        rows: 0,
    };
    let mut rows = Vec::with_capacity(raw.len());
    for (row, sparse) in raw {
        let line = row.saturating_add(1);
        let width = sparse
            .iter()
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut cells = vec![String::new(); width];
        for (col, text) in sparse {
            cells[col as usize] = text;
        }
        let cells = budget.take(line, cells)?;
        if !cells.is_empty() {
            rows.push(SheetRow { line, cells });
        }
    }
    into_sheet(file_name, SheetKind::Xlsx, "UTF-8", rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_header_below_a_preamble_and_keeps_line_numbers() {
        let text = "Exported contacts\n2024-04-01,,\n\nid,name,title\r\nc1,\"Aiko\nSato\",CEO\n\nc2,Ben,CFO\n";
        let sheet = read_sheet("people.csv", text.as_bytes()).unwrap();
        assert_eq!(sheet.header_line, 4);
        assert_eq!(sheet.columns, vec!["id", "name", "title"]);
        let lines: Vec<u32> = sheet.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![5, 8]);
        assert_eq!(sheet.rows[0].cells[1], "Aiko\nSato");
    }

    #[test]
    fn detects_tab_and_semicolon_delimiters() {
        let tsv = "name\ttitle\nAiko, Sato\tCEO\n";
        let sheet = read_sheet("people.txt", tsv.as_bytes()).unwrap();
        assert_eq!(sheet.rows[0].cells, vec!["Aiko, Sato", "CEO"]);
        let ssv = "name;title;department\nAiko;CEO;Board\n";
        let sheet = read_sheet("people.csv", ssv.as_bytes()).unwrap();
        assert_eq!(sheet.rows[0].cells, vec!["Aiko", "CEO", "Board"]);
    }

    #[test]
    fn decodes_shift_jis_and_refuses_binary() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("氏名,役職\n山田太郎,部長\n");
        let sheet = read_sheet("meishi.csv", &bytes).unwrap();
        assert_eq!(sheet.encoding, "Shift_JIS");
        assert_eq!(sheet.rows[0].cells, vec!["山田太郎", "部長"]);
        let err = read_sheet("x.csv", b"\x00\x01\x02binary").unwrap_err();
        assert_eq!(err.kind(), "file_refused");
    }

    #[test]
    fn excel_dates_become_iso_text() {
        assert_eq!(excel_date(45383.0, false).as_deref(), Some("2024-04-01"));
        assert_eq!(
            excel_date(45383.5, false).as_deref(),
            Some("2024-04-01 12:00:00")
        );
        assert_eq!(number_text(1001.0), "1001");
        assert_eq!(number_text(1.5), "1.5");
    }
}
