//! Undo and redo of edits on a real workspace file.

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
        .write_step("add person", |tx| {
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
    ws.write_step("change rating", |tx| {
        tx.set_rating(&ceo.id, RatingKind::Intimacy, Some(5))
    })
    .unwrap();
    let after_rating = snapshot(&ws, &acc.id);
    // 3: delete the CFO (her lines go with her).
    ws.write_step("delete person", |tx| tx.delete_person(&cfo.id))
        .unwrap();
    assert!(ws.person(&cfo.id).is_err());
    assert_eq!(ws.undo_status().undo.as_deref(), Some("delete person"));

    assert_eq!(ws.undo().unwrap().as_deref(), Some("delete person"));
    assert_eq!(
        snapshot(&ws, &acc.id),
        after_rating,
        "the CFO and her lines are back"
    );
    assert_eq!(ws.undo().unwrap().as_deref(), Some("change rating"));
    assert_eq!(snapshot(&ws, &acc.id), after_add);
    assert_eq!(ws.undo().unwrap().as_deref(), Some("add person"));
    assert_eq!(snapshot(&ws, &acc.id), start);
    assert!(ws.person(&new.id).is_err());
    assert_eq!(ws.undo().unwrap(), None, "nothing more to undo");

    assert_eq!(ws.redo().unwrap().as_deref(), Some("add person"));
    assert_eq!(snapshot(&ws, &acc.id), after_add);
    assert_eq!(ws.redo().unwrap().as_deref(), Some("change rating"));
    assert_eq!(snapshot(&ws, &acc.id), after_rating);
    assert_eq!(
        ws.rating_history(&ceo.id).unwrap().last().unwrap().value,
        Some(5)
    );

    // A new edit after undo drops the redo steps.
    ws.undo().unwrap();
    ws.write_step("rename account", |tx| {
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
        .write_step("add account", |tx| {
            tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let err = ws.write_step("add person", |tx| {
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
    assert_eq!(ws.undo_status().undo.as_deref(), Some("add account"));
}
