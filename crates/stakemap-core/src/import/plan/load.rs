//! Reading the file of an import: a sheet through its column mapping, or vCards, into
//! records, with the preview and the warnings about the file itself.

use crate::error::{n32, Reason};
use crate::error::{Error, Result};

use super::super::mapping::{guess, preset_mapping, Field, ImportRecord, Preset};
use super::super::note::{ImportNote, NoteKind};
use super::super::sheet::{detect_kind, read_sheet, SheetKind, SheetRow};
use super::super::vcard::read_vcards;
use super::{ImportSource, PREVIEW_ROWS};

/// The fields a vCard gives, shown as the columns of a vCard file.
const VCARD_FIELDS: &[Field] = &[
    Field::Id,
    Field::Name,
    Field::Reading,
    Field::Title,
    Field::Department,
    Field::Company,
    Field::Email,
    Field::Phone,
    Field::ManagerId,
    Field::ManagerName,
    Field::Notes,
];

pub(super) struct Loaded {
    pub(super) kind: SheetKind,
    pub(super) encoding: String,
    pub(super) preset: Option<Preset>,
    pub(super) mapping: Vec<Field>,
    pub(super) columns: Vec<String>,
    pub(super) header_line: u32,
    pub(super) preview: Vec<SheetRow>,
    pub(super) records: Vec<ImportRecord>,
    /// A problem of the row itself (too many cells), by record.
    pub(super) row_problems: Vec<Option<ImportNote>>,
    pub(super) warnings: Vec<ImportNote>,
}

fn vcard_cell(record: &ImportRecord, field: Field) -> String {
    match field {
        Field::Name => record.full_name(),
        Field::Reading => record.full_reading(),
        other => record.get(other).to_string(),
    }
}

pub(super) fn load(source: &ImportSource) -> Result<Loaded> {
    let name = &source.file_name;
    let kind = detect_kind(name, &source.bytes)?;
    if kind == SheetKind::Vcard {
        let mut file = read_vcards(name, &source.bytes)?;
        file.records.iter_mut().for_each(ImportRecord::clean);
        let preview = file
            .records
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| SheetRow {
                line: r.line,
                cells: VCARD_FIELDS.iter().map(|f| vcard_cell(r, *f)).collect(),
            })
            .collect();
        let n = file.records.len();
        return Ok(Loaded {
            kind,
            encoding: file.encoding,
            preset: None,
            mapping: VCARD_FIELDS.to_vec(),
            columns: VCARD_FIELDS
                .iter()
                .map(|f| f.as_str().to_string())
                .collect(),
            header_line: 0,
            preview,
            records: file.records,
            row_problems: vec![None; n],
            warnings: Vec::new(),
        });
    }
    let sheet = read_sheet(name, &source.bytes)?;
    let (preset, mapping) = match (source.preset, &source.mapping) {
        (preset, Some(mapping)) => {
            if mapping.len() != sheet.columns.len() {
                return Err(Error::invalid(
                    "mapping",
                    Reason::MappingColumns {
                        fields: n32(mapping.len()),
                        columns: n32(sheet.columns.len()),
                        file: name.to_string(),
                    },
                ));
            }
            let preset = preset.unwrap_or_else(|| guess(&sheet.columns).0);
            (preset, mapping.clone())
        }
        (Some(preset), None) => (preset, preset_mapping(preset, &sheet.columns)),
        (None, None) => guess(&sheet.columns),
    };
    let mut warnings = Vec::new();
    let has = |f: Field| mapping.contains(&f);
    let names_by_title = preset == Preset::Organogram && has(Field::Title);
    if !has(Field::Name) && !has(Field::FamilyName) && !has(Field::GivenName) && !names_by_title {
        warnings.push(ImportNote::new(NoteKind::NoNameColumn, &[("file", name)]));
    }
    let width = sheet.columns.len();
    let mut records = Vec::with_capacity(sheet.rows.len());
    let mut row_problems = Vec::with_capacity(sheet.rows.len());
    // Cells right of the last named column: in a CSV file most likely a delimiter that
    // should have been quoted, which shifts the row (rejected); in a workbook a note
    // beside the table (left out, with a warning).
    let mut wide: Vec<u32> = Vec::new();
    for row in &sheet.rows {
        let mut record = ImportRecord::from_row(row, &sheet.columns, &mapping);
        record.clean();
        records.push(record);
        let too_wide = row.cells.len() > width;
        if too_wide && sheet.kind == SheetKind::Xlsx {
            wide.push(row.line);
        }
        row_problems.push((too_wide && sheet.kind != SheetKind::Xlsx).then(|| {
            ImportNote::new(
                NoteKind::TooManyCells,
                &[("cells", row.cells.len()), ("width", width)],
            )
        }));
    }
    if let Some(first) = wide.first() {
        warnings.push(ImportNote::new(
            NoteKind::WideRows,
            &[("line", *first as usize), ("more", wide.len() - 1)],
        ));
    }
    Ok(Loaded {
        kind: sheet.kind,
        encoding: sheet.encoding,
        preset: Some(preset),
        mapping,
        columns: sheet
            .columns
            .into_iter()
            .map(|mut c| {
                crate::doc::clean::clean_in_place(&mut c, false);
                c
            })
            .collect(),
        header_line: sheet.header_line,
        preview: sheet
            .rows
            .into_iter()
            .take(PREVIEW_ROWS)
            .map(|mut row| {
                for c in &mut row.cells {
                    crate::doc::clean::clean_in_place(c, true);
                }
                row
            })
            .collect(),
        records,
        row_problems,
        warnings,
    })
}
