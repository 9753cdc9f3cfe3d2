//! Reading one CSV file row by row: UTF-8 with or without BOM, a header that names the
//! columns (any order, case-insensitive, unknown columns ignored), and the 1-based line on
//! which each row starts, counted on the file as the user sees it.

use std::collections::HashMap;

use csv::StringRecord;

use super::sheet::{MAX_COLUMNS, MAX_ROWS};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A problem of one line of a file.
pub(crate) struct Problem {
    pub file: &'static str,
    pub line: u64,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.reason)
    }
}

/// One data row and the file line it starts on.
pub(crate) struct Row {
    pub line: u64,
    record: StringRecord,
}

/// A CSV file being read.
pub(crate) struct Table<'a> {
    label: &'static str,
    data: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    columns: Vec<String>,
    /// Each column's place (the first, for a name given twice).
    index: HashMap<String, usize>,
    /// Data rows read so far.
    rows: u32,
    record: StringRecord,
    /// Lines counted so far: (byte offset, line number at that offset).
    counted: (usize, u64),
    done: bool,
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

impl<'a> Table<'a> {
    /// Opens the file and reads its header. `required` columns must be present;
    /// `example` is a header line shown to the user when they are not.
    pub(crate) fn open(
        label: &'static str,
        bytes: &'a [u8],
        required: &[&str],
        example: &str,
    ) -> Result<Self, Vec<Problem>> {
        let data = bytes.strip_prefix(BOM).unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(data) {
            let line = 1 + newlines(&data[..e.valid_up_to()]);
            return Err(vec![Problem {
                file: label,
                line,
                reason: "the file is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8) and import again".into(),
            }]);
        }
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut table = Table {
            label,
            data,
            reader,
            columns: Vec::new(),
            index: HashMap::new(),
            rows: 0,
            record: StringRecord::new(),
            counted: (0, 1),
            done: false,
        };
        let header = loop {
            match table.next_record() {
                None => {
                    let reason = format!(
                        "the file is empty; its first line must name the columns, e.g. {example}"
                    );
                    return Err(vec![table.at(1, reason)]);
                }
                Some(Err(e)) => return Err(vec![e]),
                Some(Ok(row)) if row.record.iter().all(|c| c.trim().is_empty()) => continue,
                Some(Ok(row)) => break row,
            }
        };
        if header.record.len() > MAX_COLUMNS {
            let reason = format!(
                "the header has {} columns; a file may have at most {MAX_COLUMNS}. Delete the columns you do not need and import again",
                header.record.len()
            );
            return Err(vec![table.at(header.line, reason)]);
        }
        let mut problems = Vec::new();
        for cell in header.record.iter() {
            let name = cell.trim().to_lowercase();
            let at = table.columns.len();
            if !name.is_empty() && table.index.contains_key(&name) {
                problems.push(format!("the column '{name}' appears twice in the header"));
            } else {
                table.index.entry(name.clone()).or_insert(at);
            }
            table.columns.push(name);
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !table.has(c)).collect();
        if !missing.is_empty() {
            let names = missing
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(", ");
            let what = if missing.len() == 1 {
                "column"
            } else {
                "columns"
            };
            problems.push(format!(
                "the header has no {what} {names}; the first line must name the columns, e.g. {example}"
            ));
        }
        if problems.is_empty() {
            Ok(table)
        } else {
            Err(problems
                .into_iter()
                .map(|p| table.at(header.line, p))
                .collect())
        }
    }

    /// A problem of a line of this file.
    pub(crate) fn at(&self, line: u64, reason: impl Into<String>) -> Problem {
        Problem {
            file: self.label,
            line,
            reason: reason.into(),
        }
    }

    /// True when the header names this column.
    pub(crate) fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }

    /// The trimmed cell of a column, `None` when the header has no such column.
    pub(crate) fn cell<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        let &i = self.index.get(column)?;
        Some(row.record.get(i).unwrap_or("").trim())
    }

    /// The next data row. Rows whose cells are all empty are skipped; a row with another
    /// number of cells than the header is an error naming its line.
    pub(crate) fn next_row(&mut self) -> Option<Result<Row, Problem>> {
        loop {
            let row = match self.next_record()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            };
            if row.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            self.rows += 1;
            if self.rows > MAX_ROWS {
                self.done = true;
                return Some(Err(self.at(
                    row.line,
                    format!("the file has more than {MAX_ROWS} rows; split it into smaller files and import them one by one"),
                )));
            }
            if row.record.len() != self.columns.len() {
                return Some(Err(self.at(
                    row.line,
                    format!(
                        "the row has {} cells but the header has {}; a cell that contains a comma must be in double quotes",
                        row.record.len(),
                        self.columns.len()
                    ),
                )));
            }
            return Some(Ok(row));
        }
    }

    fn next_record(&mut self) -> Option<Result<Row, Problem>> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte()) as usize;
                let line = self.line_at(start);
                Some(Ok(Row {
                    line,
                    record: self.cleaned(),
                }))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                let line = e
                    .position()
                    .map_or(self.counted.1, |p| self.line_at(p.byte() as usize));
                Some(Err(
                    self.at(line, format!("the file cannot be read as CSV ({e})"))
                ))
            }
        }
    }

    /// The record just read with control characters and direction overrides taken out
    /// (see [`crate::doc::clean`]): a `notes` or `note` column keeps its line breaks, the
    /// others are one line.
    fn cleaned(&self) -> StringRecord {
        use crate::doc::clean::{clean_line, clean_text, is_unsafe};
        if !self.record.iter().any(|c| c.chars().any(is_unsafe)) {
            return self.record.clone();
        }
        self.record
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let multiline = matches!(
                    self.columns.get(i).map(String::as_str),
                    Some("notes" | "note")
                );
                if multiline {
                    clean_text(cell)
                } else {
                    clean_line(cell)
                }
            })
            .collect()
    }

    /// The line of the first character at or after `byte` that is not a line break
    /// (a record's position points just past the previous record's terminator).
    fn line_at(&mut self, mut byte: usize) -> u64 {
        while byte < self.data.len() && matches!(self.data[byte], b'\r' | b'\n') {
            byte += 1;
        }
        let byte = byte.min(self.data.len());
        let (from, line) = self.counted;
        if byte < from {
            return 1 + newlines(&self.data[..byte]);
        }
        let line = line + newlines(&self.data[from..byte]);
        self.counted = (byte, line);
        line
    }
}
