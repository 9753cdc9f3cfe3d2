//! Merging a colleague's workspace file or JSON export into mine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stakemap_core::export::{self, ExportFormat, ExportOptions, Redaction};
use stakemap_core::merge::{self, Conflict, FieldDiff};
use stakemap_core::store::SCHEMA_VERSION;
use stakemap_core::UndoLabel;
use stakemap_core::{
    demo, Account, AccountInput, Error, Lang, Person, PersonInput, RatingKind, Relation,
    RelationKind, Workspace,
};

fn person(ws: &Workspace, account: &str, name: &str) -> Person {
    ws.people(account)
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not found"))
}

fn manager(ws: &Workspace, account: &str, person_id: &str) -> Vec<String> {
    ws.relations(account)
        .unwrap()
        .into_iter()
        .filter(|l| l.kind == RelationKind::ReportsTo && l.from == person_id)
        .map(|l| l.to)
        .collect()
}

/// Everything of the workspace an undo must restore.
#[derive(Debug, PartialEq)]
struct Snapshot {
    accounts: Vec<Account>,
    people: Vec<Person>,
    relations: Vec<Relation>,
    history: BTreeMap<String, Vec<stakemap_core::RatingChange>>,
    positions: Vec<(String, (f64, f64))>,
}

fn snapshot(ws: &Workspace) -> Snapshot {
    let accounts = ws.accounts().unwrap();
    let mut people = Vec::new();
    let mut relations = Vec::new();
    let mut positions = Vec::new();
    for a in &accounts {
        people.extend(ws.people(&a.id).unwrap());
        relations.extend(ws.relations(&a.id).unwrap());
        let mut pos: Vec<_> = ws.manual_positions(&a.id).unwrap().into_iter().collect();
        pos.sort_by(|x, y| x.0.cmp(&y.0));
        positions.extend(pos);
    }
    let history = people
        .iter()
        .map(|p| (p.id.clone(), ws.rating_history(&p.id).unwrap()))
        .collect();
    Snapshot {
        accounts,
        people,
        relations,
        history,
        positions,
    }
}

/// My workspace with the demo, and the colleague's copy of it (saved before either side
/// changed anything).
fn mine_and_copy(dir: &Path) -> (Workspace, Account, PathBuf) {
    let mut ws = Workspace::open(dir.join("mine.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap();
    let theirs = dir.join("colleague.stakemap");
    ws.save_copy(&theirs).unwrap();
    (ws, account, theirs)
}

fn retitle(ws: &mut Workspace, account: &str, name: &str, title: &str) {
    let p = person(ws, account, name);
    ws.write(|tx| {
        let input = PersonInput {
            id: None,
            side: Some(p.side),
            name: p.name.clone(),
            reading: p.reading.clone(),
            title: title.into(),
            department: p.department.clone(),
            level: p.level,
            email: p.email.clone(),
            phone: p.phone.clone(),
            notes: p.notes.clone(),
            roles: p.roles.clone(),
            influence: p.influence,
            key_person: p.key_person,
            ratings: p.ratings,
        };
        tx.update_person(&p.id, &input)
    })
    .unwrap();
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn colleagues_copy_previews_one_addition_and_one_conflict_and_merges_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, account, theirs_path) = mine_and_copy(dir.path());
    let cio = person(&ws, &account.id, "Daniel Osei");
    let cfo = person(&ws, &account.id, "Priya Raman");

    // The colleague adds a person reporting to the CFO and retitles the CIO.
    {
        let mut theirs = Workspace::open(&theirs_path).unwrap();
        theirs
            .write(|tx| {
                let p = tx.add_person(
                    &account.id,
                    &PersonInput {
                        name: "Kenta Ono".into(),
                        title: "Treasury Manager".into(),
                        ..Default::default()
                    },
                )?;
                tx.set_manager(&account.id, &p.id, Some(&cfo.id))
            })
            .unwrap();
        retitle(&mut theirs, &account.id, "Daniel Osei", "CIO and CDO");
    }
    // I retitle the CIO differently and change his intimacy (4 → 5).
    retitle(&mut ws, &account.id, "Daniel Osei", "Chief Digital Officer");
    ws.write(|tx| tx.set_rating(&cio.id, RatingKind::Intimacy, Some(5)))
        .unwrap();

    // Reading the colleague's file leaves it (and its folder) exactly as it was.
    let bytes_before = std::fs::read(&theirs_path).unwrap();
    let listing_before = files_in(dir.path());
    let docs = merge::read_workspace_docs(&theirs_path, None).unwrap();
    assert_eq!(std::fs::read(&theirs_path).unwrap(), bytes_before);
    assert_eq!(files_in(dir.path()), listing_before);
    assert_eq!(docs.len(), 1);

    let preview = merge::merge_preview(&ws, &docs).unwrap();
    assert_eq!(preview.accounts.len(), 1);
    let a = &preview.accounts[0];
    assert_eq!(a.account_id, account.id);
    assert_eq!(a.name, "Northwind Precision Industries");
    assert!(!a.is_new);
    assert_eq!(a.people_added, vec!["Kenta Ono".to_string()]);
    assert_eq!(a.people_added_count, 1);
    assert_eq!(a.lines_added_count, 1);
    assert_eq!(
        a.conflicts,
        vec![Conflict {
            key: format!("person:{}", cio.id),
            label: "Daniel Osei".into(),
            fields: vec![
                FieldDiff {
                    field: "title".into(),
                    mine: "Chief Digital Officer".into(),
                    theirs: "CIO and CDO".into(),
                },
                FieldDiff {
                    field: "intimacy".into(),
                    mine: "5".into(),
                    theirs: "4".into(),
                },
            ],
        }]
    );

    ws.enable_undo().unwrap();
    let before = snapshot(&ws);
    let report = merge::merge_apply(&mut ws, &docs, &[a.conflicts[0].key.clone()]).unwrap();
    assert_eq!(report.people_added, 1);
    assert_eq!(report.people_updated, 1);
    assert_eq!(report.lines_added, 1);
    assert_eq!(report.accounts_added, 0);
    let merged_cio = ws.person(&cio.id).unwrap();
    assert_eq!(merged_cio.title, "CIO and CDO");
    assert_eq!(merged_cio.ratings.intimacy, Some(4));
    // The rating history ends at the rating taken.
    let last = ws
        .rating_history(&cio.id)
        .unwrap()
        .into_iter()
        .rfind(|c| c.rating == RatingKind::Intimacy)
        .unwrap();
    assert_eq!(last.value, Some(4));
    let kenta = person(&ws, &account.id, "Kenta Ono");
    assert_eq!(manager(&ws, &account.id, &kenta.id), vec![cfo.id.clone()]);
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::Merge));

    // The same file again: nothing left to merge.
    let again = merge::merge_preview(&ws, &docs).unwrap();
    assert_eq!(again.accounts[0].people_added_count, 0);
    assert_eq!(again.accounts[0].lines_added_count, 0);
    assert!(again.accounts[0].conflicts.is_empty());

    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Merge));
    assert_eq!(snapshot(&ws), before);
    assert_eq!(ws.person(&cio.id).unwrap().title, "Chief Digital Officer");
}

#[test]
fn keeping_mine_still_adds_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, account, theirs_path) = mine_and_copy(dir.path());
    {
        let mut theirs = Workspace::open(&theirs_path).unwrap();
        retitle(&mut theirs, &account.id, "Grace Liu", "Head of Staff");
        theirs
            .write(|tx| {
                tx.add_person(
                    &account.id,
                    &PersonInput {
                        name: "New Analyst".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
    }
    let docs = merge::read_workspace_docs(&theirs_path, None).unwrap();
    let preview = merge::merge_preview(&ws, &docs).unwrap();
    assert_eq!(preview.accounts[0].conflicts.len(), 1);
    merge::merge_apply(&mut ws, &docs, &[]).unwrap();
    assert_eq!(
        person(&ws, &account.id, "Grace Liu").title,
        "Chief of Staff"
    );
    person(&ws, &account.id, "New Analyst");
}

#[test]
fn a_new_manager_of_theirs_is_a_conflict_and_a_cycle_is_refused_with_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, account, theirs_path) = mine_and_copy(dir.path());
    let acc = account.id.as_str();
    let cio = person(&ws, acc, "Daniel Osei");
    let infra = person(&ws, acc, "Sven Larsen");
    let syseng = person(&ws, acc, "Kenji Mori");
    // The colleague moves Kenji under the CIO, and then Sven under Kenji. I keep both.
    {
        let mut theirs = Workspace::open(&theirs_path).unwrap();
        theirs
            .write(|tx| {
                tx.set_manager(acc, &syseng.id, Some(&cio.id))?;
                tx.set_manager(acc, &infra.id, Some(&syseng.id))
            })
            .unwrap();
    }
    let docs = merge::read_workspace_docs(&theirs_path, None).unwrap();
    let preview = merge::merge_preview(&ws, &docs).unwrap();
    let conflicts = &preview.accounts[0].conflicts;
    assert_eq!(conflicts.len(), 2, "{conflicts:#?}");
    let kenji = conflicts
        .iter()
        .find(|c| c.label == "Kenji Mori → Daniel Osei (reports_to)")
        .unwrap();
    assert_eq!(
        kenji.fields,
        vec![FieldDiff {
            field: "to".into(),
            mine: "Sven Larsen".into(),
            theirs: "Daniel Osei".into(),
        }]
    );
    let sven = conflicts
        .iter()
        .find(|c| c.label == "Sven Larsen → Kenji Mori (reports_to)")
        .unwrap();
    assert_eq!(preview.accounts[0].lines_added_count, 0);

    // Taking only Sven's line would close a circle: refused, nothing written.
    ws.enable_undo().unwrap();
    let before = snapshot(&ws);
    let err = merge::merge_apply(&mut ws, &docs, std::slice::from_ref(&sven.key)).unwrap_err();
    match &err {
        Error::ReportingCycle { names } => {
            assert!(names.contains(&"Sven Larsen".to_string()), "{names:?}");
            assert!(names.contains(&"Kenji Mori".to_string()), "{names:?}");
            assert_eq!(names.first(), names.last());
        }
        other => panic!("expected a reporting cycle, got {other:?}"),
    }
    assert_eq!(snapshot(&ws), before);
    assert_eq!(ws.undo_status().undo, None);

    // Keeping mine: the org chart is as it was.
    merge::merge_apply(&mut ws, &docs, &[]).unwrap();
    assert_eq!(manager(&ws, acc, &syseng.id), vec![infra.id.clone()]);
    assert_eq!(manager(&ws, acc, &infra.id), vec![cio.id.clone()]);
    assert_eq!(snapshot(&ws), before);

    // Taking both: theirs, each with one manager.
    merge::merge_apply(&mut ws, &docs, &[kenji.key.clone(), sven.key.clone()]).unwrap();
    assert_eq!(manager(&ws, acc, &syseng.id), vec![cio.id.clone()]);
    assert_eq!(manager(&ws, acc, &infra.id), vec![syseng.id.clone()]);
}

#[test]
fn imported_ids_used_by_another_account_are_derived_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("mine.stakemap")).unwrap();
    let mut theirs = Workspace::open(dir.path().join("theirs.stakemap")).unwrap();
    for (w, account) in [(&mut ws, "Acme"), (&mut theirs, "Globex")] {
        w.write(|tx| {
            let a = tx.create_account(&AccountInput {
                name: account.into(),
                ..Default::default()
            })?;
            for (id, name) in [
                ("E001", format!("Boss of {account}")),
                ("E002", format!("Staff of {account}")),
            ] {
                tx.add_person(
                    &a.id,
                    &PersonInput {
                        id: Some(id.into()),
                        name,
                        ..Default::default()
                    },
                )?;
            }
            tx.set_manager(&a.id, "E002", Some("E001"))
        })
        .unwrap();
    }
    let globex = theirs.accounts().unwrap().remove(0);
    let bytes = export::export(&theirs, &globex.id, &ExportOptions::new(ExportFormat::Json))
        .unwrap()
        .remove(0)
        .bytes;
    let docs = stakemap_core::doc::read_json_docs("globex.json", &bytes).unwrap();
    let preview = merge::merge_preview(&ws, &docs).unwrap();
    assert!(preview.accounts[0].is_new);
    assert_eq!(preview.accounts[0].people_added_count, 2);
    assert_eq!(preview.accounts[0].lines_added_count, 1);
    merge::merge_apply(&mut ws, &docs, &[]).unwrap();

    let people = ws.people(&globex.id).unwrap();
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let tag: String = globex.id.chars().take(8).collect();
    assert_eq!(ids, vec![format!("E001~{tag}"), format!("E002~{tag}")]);
    assert_eq!(
        manager(&ws, &globex.id, &format!("E002~{tag}")),
        vec![format!("E001~{tag}")]
    );
    // Acme's own E001 is untouched.
    assert_eq!(ws.person("E001").unwrap().name, "Boss of Acme");
    // Merging again finds them.
    let again = merge::merge_preview(&ws, &docs).unwrap();
    assert_eq!(again.accounts[0].people_added_count, 0);
    assert!(again.accounts[0].conflicts.is_empty());
}

#[test]
fn a_redacted_export_does_not_overwrite_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, account, _) = mine_and_copy(dir.path());
    let mut opts = ExportOptions::new(ExportFormat::Json);
    opts.redaction = Redaction::all();
    let bytes = export::export(&ws, &account.id, &opts)
        .unwrap()
        .remove(0)
        .bytes;
    let docs = stakemap_core::doc::read_json_docs("redacted.json", &bytes).unwrap();
    let preview = merge::merge_preview(&ws, &docs).unwrap();
    assert!(preview.accounts[0].conflicts.is_empty(), "{preview:#?}");
    let before = snapshot(&ws);
    merge::merge_apply(&mut ws, &docs, &[]).unwrap();
    assert_eq!(snapshot(&ws), before);
}

// ---------------------------------------------------------------------------------------
// Files refused
// ---------------------------------------------------------------------------------------

#[test]
fn a_newer_workspace_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, _, theirs_path) = mine_and_copy(dir.path());
    {
        let conn = rusqlite::Connection::open(&theirs_path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let bytes_before = std::fs::read(&theirs_path).unwrap();
    let err = merge::read_workspace_docs(&theirs_path, None).unwrap_err();
    match &err {
        Error::NewerSchema { path, found, .. } => {
            assert_eq!(path, &theirs_path);
            assert_eq!(*found, SCHEMA_VERSION + 1);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&theirs_path).unwrap(), bytes_before);
}

#[test]
fn an_older_workspace_file_is_migrated_in_a_copy_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_ws, account, theirs_path) = mine_and_copy(dir.path());
    {
        // Back to file format 2: before the person_source table.
        let conn = rusqlite::Connection::open(&theirs_path).unwrap();
        conn.execute_batch(
            "DROP TABLE plan_target; DROP TABLE account_plan; DROP TABLE snapshot;
             DROP TABLE deal_line; DROP TABLE deal_member;
             DROP TABLE trash; DROP INDEX relation_from; DROP INDEX relation_to; DROP INDEX position_person;
             DROP TABLE person_source; PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let bytes_before = std::fs::read(&theirs_path).unwrap();
    let docs = merge::read_workspace_docs(&theirs_path, None).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].account.id, account.id);
    assert_eq!(docs[0].people.len(), 35);
    assert_eq!(std::fs::read(&theirs_path).unwrap(), bytes_before);
    let conn = rusqlite::Connection::open(&theirs_path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
}

#[test]
fn files_that_are_no_workspace_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.stakemap");
    std::fs::write(&junk, b"PK\x03\x04 this is a zip, not a workspace").unwrap();
    assert!(matches!(
        merge::read_workspace_docs(&junk, None),
        Err(Error::NotAWorkspace { .. })
    ));
    let empty = dir.path().join("empty.stakemap");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        merge::read_workspace_docs(&empty, None),
        Err(Error::NotAWorkspace { .. })
    ));
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
}

fn refused(name: &str, bytes: &[u8]) -> String {
    match stakemap_core::doc::read_json_docs(name, bytes) {
        Err(e @ Error::FileRefused { .. }) => {
            assert_eq!(e.kind(), "file_refused");
            e.to_string()
        }
        other => panic!("expected FileRefused, got {other:?}"),
    }
}

#[test]
fn deeply_nested_json_is_refused_fast() {
    let deep = "[".repeat(10_000);
    let start = std::time::Instant::now();
    let msg = refused("deep.json", deep.as_bytes());
    assert!(msg.contains("nests more than"), "{msg}");
    assert!(msg.starts_with("deep.json cannot be imported"), "{msg}");
    // Deep inside an otherwise good document, and closed properly.
    let inner = format!(
        "{{\"format\":\"stakemap-account\",\"version\":1,\"account\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let msg = refused("deep2.json", inner.as_bytes());
    assert!(msg.contains("nests more than"), "{msg}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn other_json_and_binary_files_are_refused() {
    let msg = refused("x.json", br#"{"format": "something-else", "version": 1}"#);
    assert!(msg.contains("something-else"), "{msg}");
    let msg = refused("x.json", br#"{"name": "just json"}"#);
    assert!(msg.contains("not a Stakemap account export"), "{msg}");
    let msg = refused(
        "x.json",
        br#"[{"format": "stakemap-account", "version": 2}]"#,
    );
    assert!(msg.contains("newer version"), "{msg}");
    let msg = refused("x.json", br#"{"format": "stakemap-account", "version": 1}"#);
    assert!(msg.contains("damaged"), "{msg}");
    let msg = refused("x.json", b"[]");
    assert!(msg.contains("empty"), "{msg}");
    let msg = refused("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    assert!(msg.contains("not a JSON file"), "{msg}");
    let msg = refused("x.json", b"   ");
    assert!(msg.contains("empty"), "{msg}");
    let big = vec![b' '; stakemap_core::doc::MAX_JSON_BYTES + 1];
    let msg = refused("big.json", &big);
    assert!(msg.contains("larger than 100 MiB"), "{msg}");
}

#[test]
fn inconsistent_json_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account, _) = mine_and_copy(dir.path());
    let bytes = export::export(&ws, &account.id, &ExportOptions::new(ExportFormat::Json))
        .unwrap()
        .remove(0)
        .bytes;
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    // A line to somebody who is not in the file.
    doc["relations"][0]["to"] = "nobody".into();
    let msg = refused("x.json", &serde_json::to_vec(&doc).unwrap());
    assert!(msg.contains("'nobody'"), "{msg}");
    // A rating out of range.
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    doc["people"][5]["ratings"]["price"] = 9.into();
    let msg = refused("x.json", &serde_json::to_vec(&doc).unwrap());
    assert!(msg.contains("out of range"), "{msg}");
}
