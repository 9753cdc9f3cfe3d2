//! A refusal reaches the window as a kind with its arguments (never English text from
//! here): a few refusals a user meets, as the data the window words.

use serde_json::json;
use stakemap_core::error::{ErrorData, Reason};
use stakemap_core::import::{sheet, vcard};
use stakemap_core::{AccountInput, Error, PersonInput, RelationInput, RelationKind, Workspace};

fn data(e: Error) -> serde_json::Value {
    serde_json::to_value(e.data()).unwrap()
}

#[test]
fn a_text_file_named_xlsx_is_refused_as_not_a_workbook() {
    let e = sheet::read_sheet("名簿.xlsx", b"name,title\nAiko,CEO\n").unwrap_err();
    assert_eq!(
        data(e),
        json!({"kind": "file_refused", "name": "名簿.xlsx", "reason": {"code": "not_zip", "ext": "xlsx"}})
    );
    // A zip that is no workbook: damaged, with the reader's detail.
    let e = sheet::read_sheet("a.xlsx", b"PK\x05\x06").unwrap_err();
    match e.data() {
        ErrorData::FileRefused {
            reason: Reason::DamagedWorkbook { detail },
            ..
        } => assert!(!detail.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_vcard_whose_notes_are_too_long_names_the_card_line_and_the_limit() {
    let note = "x".repeat(60 << 10);
    let mut card = String::from("BEGIN:VCARD\nVERSION:3.0\nFN:Aiko\n");
    card.insert_str(0, "BEGIN:VCARD\nFN:Bo\nEND:VCARD\n");
    for _ in 0..20 {
        card.push_str(&format!("NOTE:{note}\n"));
    }
    card.push_str("END:VCARD\n");
    let e = vcard::read_vcards("cards.vcf", card.as_bytes()).unwrap_err();
    assert_eq!(
        data(e),
        json!({"kind": "file_refused", "name": "cards.vcf",
               "reason": {"code": "notes_too_long", "line": 4, "limit_kb": 1024}})
    );
}

#[test]
fn a_csv_with_too_many_columns_names_the_line_and_the_limit() {
    let mut csv = String::from("name,title\nAiko,CEO\n");
    csv.push_str(&vec!["x"; sheet::MAX_COLUMNS + 1].join(","));
    csv.push('\n');
    let e = sheet::read_sheet("people.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(
        data(e),
        json!({"kind": "file_refused", "name": "people.csv",
               "reason": {"code": "too_many_columns", "line": 3, "limit": 1000}})
    );
}

#[test]
fn a_value_out_of_range_and_a_reporting_cycle_carry_their_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("w.stakemap")).unwrap();
    let person = |name: &str| PersonInput {
        name: name.into(),
        ..Default::default()
    };
    let line = |from: &str, to: &str| RelationInput {
        kind: RelationKind::ReportsTo,
        from: from.into(),
        to: to.into(),
        strength: Some(9),
        sign: None,
        note: String::new(),
    };
    let (acc, a, b) = ws
        .write(|tx| {
            let acc = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let a = tx.add_person(&acc.id, &person("青木"))?;
            let b = tx.add_person(&acc.id, &person("馬場"))?;
            Ok((acc.id, a.id, b.id))
        })
        .unwrap();
    let e = ws
        .write(|tx| tx.add_relation(&acc, &line(&a, &b)))
        .unwrap_err();
    assert_eq!(
        data(e),
        json!({"kind": "invalid", "field": "strength",
               "reason": {"code": "out_of_range", "value": "9", "min": "1", "max": "3"}})
    );
    let ok = RelationInput {
        strength: None,
        ..line(&a, &b)
    };
    ws.write(|tx| tx.add_relation(&acc, &ok)).unwrap();
    let back = RelationInput {
        strength: None,
        ..line(&b, &a)
    };
    let e = ws.write(|tx| tx.add_relation(&acc, &back)).unwrap_err();
    assert_eq!(
        data(e),
        json!({"kind": "reporting_cycle", "names": ["馬場", "青木", "馬場"]})
    );
    // The CLI prints the English of the same reason.
    let e = ws
        .write(|tx| tx.add_relation(&acc, &line(&a, &b)))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid strength: 9 is out of range; use 1 to 3"
    );
}

/// A missing file given to the bounded reader of imports is a not-found file error with its
/// path (the window words it; the CLI keeps the system's English).
#[test]
fn a_missing_import_file_is_a_not_found_io_error_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.csv");
    let e = stakemap_core::import::read_capped("file", &missing, 1 << 20).unwrap_err();
    assert_eq!(
        e.data(),
        ErrorData::Io {
            io: stakemap_core::error::IoKind::NotFound,
            path: Some(missing.display().to_string())
        }
    );
}
