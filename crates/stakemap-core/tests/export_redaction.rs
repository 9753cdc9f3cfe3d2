//! Redacted sharing: markers planted in every private field (account, line and opportunity
//! notes; each person's portrait, e-mail and phone; a negative influence line's note) must
//! not appear in any export format once redacted, and ratings must be gone. Without
//! redaction the same markers are there, so the test can fail.

use std::path::Path;
use std::process::Command;

use stakemap_core::export::{self, ExportFormat, ExportOptions, Redaction};
use stakemap_core::store::OpportunityInput;
use stakemap_core::{
    Account, AccountInput, PersonInput, Ratings, RelationInput, RelationKind, Side, Workspace,
};

const MARKERS: &[&str] = &[
    "MARKACCOUNTNOTES",
    "MARKPORTRAIT",
    "markemail@example.invalid",
    "MARKPHONE",
    "MARKLINENOTE",
    "MARKNEGATIVENOTE",
    "MARKOPPNOTES",
    "MARKPLANTEXT",
    "MARKPRIORITY",
    "MARKSTRATEGY",
    "MARKDEALNOTE",
];

fn planted(dir: &Path) -> (Workspace, Account) {
    let mut ws = Workspace::open(dir.join("w.stakemap")).unwrap();
    let account = ws
        .write(|tx| {
            let a = tx.create_account(&AccountInput {
                name: "Marker Co".into(),
                industry: "Testing".into(),
                notes: "MARKACCOUNTNOTES".into(),
            })?;
            let boss = tx.add_person(
                &a.id,
                &PersonInput {
                    name: "Boss Person".into(),
                    title: "CEO".into(),
                    notes: "MARKPORTRAIT".into(),
                    email: "markemail@example.invalid".into(),
                    phone: "MARKPHONE".into(),
                    key_person: true,
                    ratings: Ratings {
                        intimacy: Some(4),
                        solution: Some(5),
                        price: Some(3),
                    },
                    ..Default::default()
                },
            )?;
            let rival = tx.add_person(
                &a.id,
                &PersonInput {
                    name: "Rival Person".into(),
                    title: "CFO".into(),
                    ratings: Ratings {
                        intimacy: Some(2),
                        solution: Some(1),
                        price: Some(2),
                    },
                    ..Default::default()
                },
            )?;
            let ours = tx.add_person(
                "",
                &PersonInput {
                    side: Some(Side::Ours),
                    name: "Our Rep".into(),
                    ..Default::default()
                },
            );
            let ours = match ours {
                Ok(p) => p,
                Err(_) => tx.add_person(
                    &a.id,
                    &PersonInput {
                        side: Some(Side::Partner),
                        name: "Partner Rep".into(),
                        ..Default::default()
                    },
                )?,
            };
            tx.add_relation(
                &a.id,
                &RelationInput {
                    kind: RelationKind::ReportsTo,
                    from: rival.id.clone(),
                    to: boss.id.clone(),
                    strength: None,
                    sign: None,
                    note: "MARKLINENOTE".into(),
                },
            )?;
            tx.add_relation(
                &a.id,
                &RelationInput {
                    kind: RelationKind::Influence,
                    from: rival.id.clone(),
                    to: boss.id.clone(),
                    strength: Some(3),
                    sign: Some(-1),
                    note: "MARKNEGATIVENOTE".into(),
                },
            )?;
            tx.add_relation(
                &a.id,
                &RelationInput {
                    kind: RelationKind::Influence,
                    from: ours.id.clone(),
                    to: boss.id.clone(),
                    strength: Some(2),
                    sign: Some(1),
                    note: String::new(),
                },
            )?;
            tx.add_opportunity(
                &a.id,
                &OpportunityInput {
                    name: "Big deal".into(),
                    stage: "proposal".into(),
                    amount: 1000.0,
                    currency: "JPY".into(),
                    close_date: "2027-03-31".into(),
                    status: String::new(),
                    notes: "MARKOPPNOTES".into(),
                },
            )?;
            Ok(a)
        })
        .unwrap();
    // The plan's text, and a negative deal-only line with a note.
    ws.set_plan(
        &account.id,
        &stakemap_core::plan::PlanInput {
            industry_customer: "MARKPLANTEXT".into(),
            priorities: vec!["MARKPRIORITY".into()],
            strategy: "MARKSTRATEGY".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let people = ws.people(&account.id).unwrap();
    let deal = ws.opportunities(&account.id).unwrap().remove(0);
    ws.write(|tx| {
        tx.add_deal_line(
            &deal.id,
            &RelationInput {
                kind: RelationKind::Influence,
                from: people[0].id.clone(),
                to: people[1].id.clone(),
                strength: Some(2),
                sign: Some(1),
                note: "MARKDEALNOTE".into(),
            },
        )
    })
    .unwrap();
    (ws, account)
}

/// Everything a reader of the export can get at, as text: the files themselves, and for
/// PDF and PNG what poppler extracts (PNG is drawn from the same SVG, checked as SVG).
fn readable(
    dir: &Path,
    ws: &Workspace,
    account: &Account,
    format: ExportFormat,
    r: Redaction,
) -> String {
    let mut opts = ExportOptions::new(format);
    opts.redaction = r;
    let out = dir.join(format!(
        "out-{}-{}.{}",
        r.any(),
        format.as_str(),
        format.extension()
    ));
    let files = export::export_to(ws, &account.id, &opts, &out).unwrap();
    let mut text = String::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        match format {
            ExportFormat::Pdf | ExportFormat::BriefPdf => {
                let o = Command::new("pdftotext")
                    .arg(&f)
                    .arg("-")
                    .output()
                    .expect("pdftotext (poppler-utils) is missing: run scripts/setup.sh");
                assert!(o.status.success());
                text.push_str(&String::from_utf8_lossy(&o.stdout));
                // And the raw bytes, in case some text is stored uncompressed.
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
            ExportFormat::Png => {
                assert!(bytes.starts_with(b"\x89PNG"));
                let mut svg = ExportOptions::new(ExportFormat::Svg);
                svg.redaction = r;
                for f in export::export(ws, &account.id, &svg).unwrap() {
                    text.push_str(&String::from_utf8_lossy(&f.bytes));
                }
            }
            ExportFormat::Pptx => {
                // Every part of the package, unpacked.
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
                for i in 0..zip.len() {
                    let mut part = String::new();
                    std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut part)
                        .unwrap();
                    text.push_str(&part);
                }
            }
            _ => text.push_str(&String::from_utf8_lossy(&bytes)),
        }
    }
    text
}

#[test]
fn no_export_format_contains_a_private_field_once_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = planted(dir.path());

    // Planted: the unredacted JSON export (the whole account) holds every marker.
    let full = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Json,
        Redaction::none(),
    );
    for m in MARKERS {
        assert!(full.contains(m), "the plant worked: {m} in the full JSON");
    }
    let full_html = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Html,
        Redaction::none(),
    );
    assert!(full_html.contains("MARKPORTRAIT") && full_html.contains("MARKPHONE"));
    let full_csv = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Csv,
        Redaction::none(),
    );
    assert!(full_csv.contains("MARKPORTRAIT") && full_csv.contains("MARKNEGATIVENOTE"));

    for format in ExportFormat::ALL {
        let text = readable(dir.path(), &ws, &account, *format, Redaction::all());
        for m in MARKERS {
            assert!(
                !text.contains(m),
                "{format} export still contains {m} after redaction"
            );
        }
        // The people are still there (the brief shows the key persons only).
        if !matches!(
            format,
            ExportFormat::Pdf
                | ExportFormat::Png
                | ExportFormat::BriefPdf
                | ExportFormat::BriefHtml
        ) {
            assert!(
                text.contains("Boss Person"),
                "{format} still shows the people"
            );
        }
    }
}

#[test]
fn redacted_data_formats_hold_no_ratings_and_no_negative_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = planted(dir.path());

    let json = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Json,
        Redaction::all(),
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    for p in doc["people"].as_array().unwrap() {
        for k in ["intimacy", "solution", "price"] {
            assert!(
                p["ratings"][k].is_null(),
                "{k} of {} is left out",
                p["name"]
            );
        }
    }
    assert!(doc["rating_history"].as_array().unwrap().is_empty());
    assert!(doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["sign"].as_i64() != Some(-1)));

    let csv = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Csv,
        Redaction::all(),
    );
    let header = csv.lines().next().unwrap();
    assert!(
        !header.contains("intimacy") && !header.contains("price"),
        "{header}"
    );
    assert!(!csv.contains("negative"));

    let graphml = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Graphml,
        Redaction::all(),
    );
    assert!(!graphml.contains("attr.name=\"intimacy\""));
    assert!(!graphml.contains(">-1<"));

    let html = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Html,
        Redaction::all(),
    );
    assert!(
        !html.contains("\"ratings\""),
        "no ratings in the viewer's data"
    );
    assert!(!html.contains("data-sign=\"-1\""), "no negative line drawn");

    // Unredacted, the same checks find what was planted.
    let full = readable(
        dir.path(),
        &ws,
        &account,
        ExportFormat::Html,
        Redaction::none(),
    );
    assert!(full.contains("\"ratings\"") && full.contains("data-sign=\"-1\""));
}
