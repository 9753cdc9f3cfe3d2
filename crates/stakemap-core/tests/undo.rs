//! Undo and redo of edits on a real workspace file.

use stakemap_core::UndoLabel;
use stakemap_core::{
    demo, AccountInput, Lang, PersonInput, RatingKind, RelationInput, RelationKind, Workspace,
};

fn snapshot(
    ws: &Workspace,
    account: &str,
) -> (Vec<stakemap_core::Person>, Vec<stakemap_core::Relation>) {
    (ws.people(account).unwrap(), ws.relations(account).unwrap())
}

#[test]
fn every_kind_of_edit_is_undone_and_redone_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("u.stakemap")).unwrap();
    let acc = demo::create_demo(&mut ws, Lang::En).unwrap();
    ws.enable_undo().unwrap();
    let start = snapshot(&ws, &acc.id);
    let ceo = start
        .0
        .iter()
        .find(|p| p.name == "Eleanor Whitfield")
        .unwrap()
        .clone();
    let cfo = start
        .0
        .iter()
        .find(|p| p.name == "Priya Raman")
        .unwrap()
        .clone();

    // 1: add a person reporting to the CFO.
    let new = ws
        .write_step(UndoLabel::AddPerson, |tx| {
            let p = tx.add_person(
                &acc.id,
                &PersonInput {
                    name: "Kenta Ono".into(),
                    title: "Treasury Manager".into(),
                    ..Default::default()
                },
            )?;
            tx.add_relation(
                &acc.id,
                &RelationInput {
                    kind: RelationKind::ReportsTo,
                    from: p.id.clone(),
                    to: cfo.id.clone(),
                    strength: None,
                    sign: None,
                    note: String::new(),
                },
            )?;
            Ok(p)
        })
        .unwrap();
    let after_add = snapshot(&ws, &acc.id);
    // 2: change a rating.
    ws.write_step(UndoLabel::SetRating, |tx| {
        tx.set_rating(&ceo.id, RatingKind::Intimacy, Some(5))
    })
    .unwrap();
    let after_rating = snapshot(&ws, &acc.id);
    // 3: delete the CFO (her lines go with her).
    ws.write_step(UndoLabel::DeletePerson, |tx| tx.delete_person(&cfo.id))
        .unwrap();
    assert!(ws.person(&cfo.id).is_err());
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::DeletePerson));

    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::DeletePerson));
    assert_eq!(
        snapshot(&ws, &acc.id),
        after_rating,
        "the CFO and her lines are back"
    );
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::SetRating));
    assert_eq!(snapshot(&ws, &acc.id), after_add);
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::AddPerson));
    assert_eq!(snapshot(&ws, &acc.id), start);
    assert!(ws.person(&new.id).is_err());
    assert_eq!(ws.undo().unwrap(), None, "nothing more to undo");

    assert_eq!(ws.redo().unwrap(), Some(UndoLabel::AddPerson));
    assert_eq!(snapshot(&ws, &acc.id), after_add);
    assert_eq!(ws.redo().unwrap(), Some(UndoLabel::SetRating));
    assert_eq!(snapshot(&ws, &acc.id), after_rating);
    assert_eq!(
        ws.rating_history(&ceo.id).unwrap().last().unwrap().value,
        Some(5)
    );

    // A new edit after undo drops the redo steps.
    ws.undo().unwrap();
    ws.write_step(UndoLabel::UpdateAccount, |tx| {
        tx.update_account(
            &acc.id,
            &AccountInput {
                name: "Northwind".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_eq!(ws.undo_status().redo, None);
    ws.undo().unwrap();
    assert_eq!(ws.account(&acc.id).unwrap().name, acc.name);
}

#[test]
fn a_failed_edit_leaves_no_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("u.stakemap")).unwrap();
    ws.enable_undo().unwrap();
    let acc = ws
        .write_step(UndoLabel::CreateAccount, |tx| {
            tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let err = ws.write_step(UndoLabel::AddPerson, |tx| {
        tx.add_person(
            &acc.id,
            &PersonInput {
                name: "Sato".into(),
                ..Default::default()
            },
        )?;
        tx.add_person(
            &acc.id,
            &PersonInput {
                name: " ".into(),
                ..Default::default()
            },
        )
    });
    assert!(err.is_err());
    assert!(
        ws.people(&acc.id).unwrap().is_empty(),
        "nothing half-written"
    );
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::CreateAccount));
}

/// Every row of every table an edit can touch, with its rowid, as text.
fn dump(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for table in [
        "account",
        "person",
        "rating_change",
        "relation",
        "position",
        "opportunity",
        "account_team",
        "person_source",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT rowid, * FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells = (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// People and lines of a large account: `a0`..`a9` as the small file has them, with a new
/// title for `a1`, new ratings for `a2`, another manager for `a3`, a stronger line from
/// `a4`, and `n` new people in a reporting tree with influence lines between them.
fn large_files(n: usize) -> (String, String) {
    let mut people = String::from("id,name,title,intimacy,solution,price\n");
    let mut relations = String::from("from,to,kind,strength\n");
    for i in 0..10 {
        let title = if i == 1 { "Chief of staff" } else { "Manager" };
        let ratings = if i == 2 { "5,4,3" } else { "2,,3" };
        people.push_str(&format!("a{i},Person A{i},{title},{ratings}\n"));
    }
    for i in 1..10 {
        let manager = if i == 3 { 2 } else { 0 };
        relations.push_str(&format!("a{i},a{manager},reports_to,\n"));
    }
    relations.push_str("a4,a5,influence,3\n");
    for i in 0..n {
        people.push_str(&format!(
            "b{i},Person B{i},Engineer,{},,{}\n",
            1 + i % 5,
            1 + i % 3
        ));
        let manager = if i == 0 {
            "a0".to_string()
        } else {
            format!("b{}", (i - 1) / 6)
        };
        relations.push_str(&format!("b{i},{manager},reports_to,\n"));
        relations.push_str(&format!(
            "b{i},b{},influence,{}\n",
            (i * 7 + 3) % n,
            1 + i % 3
        ));
    }
    (people, relations)
}

#[test]
fn a_large_import_is_one_step_undone_and_redone_exactly() {
    use stakemap_core::import::import_generic;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.stakemap");
    let mut ws = Workspace::open(&path).unwrap();
    demo::create_demo(&mut ws, Lang::En).unwrap();
    ws.enable_undo().unwrap();
    // The small file: a0 heads a0..a9, a3 under a1, one influence line.
    let mut people = String::from("id,name,title,intimacy,solution,price\n");
    let mut relations = String::from("from,to,kind,strength\n");
    for i in 0..10 {
        people.push_str(&format!("a{i},Person A{i},Manager,2,,3\n"));
        let manager = if i == 3 { 1 } else { 0 };
        if i > 0 {
            relations.push_str(&format!("a{i},a{manager},reports_to,\n"));
        }
    }
    relations.push_str("a4,a5,influence,1\n");
    import_generic(
        &mut ws,
        "Acme",
        people.as_bytes(),
        Some(relations.as_bytes()),
    )
    .unwrap();
    let before = dump(&path);

    let (people, relations) = large_files(2000);
    let report = import_generic(
        &mut ws,
        "Acme",
        people.as_bytes(),
        Some(relations.as_bytes()),
    )
    .unwrap();
    assert_eq!((report.people_added, report.people_updated), (2000, 10));
    assert_eq!((report.lines_added, report.lines_updated), (4001, 9));
    let after = dump(&path);
    assert_ne!(after, before);
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::Import));

    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert_eq!(dump(&path), before, "undo restores every row as it was");
    assert_eq!(ws.redo().unwrap(), Some(UndoLabel::Import));
    assert_eq!(
        dump(&path),
        after,
        "redo puts the import back, rowids and all"
    );
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert_eq!(dump(&path), before);
    ws.redo().unwrap();

    // Edits after the import are steps of their own, undone first.
    let acme = ws.account_by_name("Acme").unwrap().unwrap();
    ws.write_step(UndoLabel::AddPerson, |tx| {
        tx.add_person(
            &acme.id,
            &PersonInput {
                name: "Kenta Ono".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::AddPerson));
    assert_eq!(dump(&path), after);
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert_eq!(dump(&path), before);
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import), "the small one");
}

#[test]
fn a_refused_import_leaves_no_step_and_edits_are_still_recorded() {
    use stakemap_core::import::import_generic;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.stakemap");
    let mut ws = Workspace::open(&path).unwrap();
    ws.enable_undo().unwrap();
    import_generic(&mut ws, "Acme", b"id,name\na1,Aiko\n", None).unwrap();
    let before = dump(&path);
    let err = import_generic(&mut ws, "Acme", b"id,name\na2,Ben\na3,\n", None).unwrap_err();
    assert_eq!(err.kind(), "import_rejected");
    assert_eq!(dump(&path), before);
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::Import));

    let acme = ws.account_by_name("Acme").unwrap().unwrap();
    ws.write_step(UndoLabel::AddPerson, |tx| {
        tx.add_person(
            &acme.id,
            &PersonInput {
                name: "Chie".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::AddPerson));
    assert_eq!(
        dump(&path),
        before,
        "the insert was logged: the triggers are back"
    );
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert!(ws.accounts().unwrap().is_empty());
}

#[test]
fn an_import_that_changes_nothing_is_no_step() {
    use stakemap_core::import::import_generic;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.stakemap");
    let mut ws = Workspace::open(&path).unwrap();
    ws.enable_undo().unwrap();
    let (people, relations) = large_files(50);
    import_generic(
        &mut ws,
        "Acme",
        people.as_bytes(),
        Some(relations.as_bytes()),
    )
    .unwrap();
    let after = dump(&path);
    let report = import_generic(
        &mut ws,
        "Acme",
        people.as_bytes(),
        Some(relations.as_bytes()),
    )
    .unwrap();
    assert_eq!((report.people_updated, report.lines_updated), (60, 110));
    assert_eq!(dump(&path), after, "nothing written, not even a date");
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert!(
        ws.accounts().unwrap().is_empty(),
        "the first import is undone"
    );
    assert_eq!(ws.undo().unwrap(), None);
}
