//! The trash on a real workspace file: a deleted person or account comes back whole, with
//! their ids, lines, positions and rating history; undo and emptying work.

use std::collections::BTreeSet;

use stakemap_core::{demo, Lang, Workspace};

fn lines(ws: &Workspace, account: &str) -> BTreeSet<(String, String, String, i8, u8)> {
    ws.relations(account)
        .unwrap()
        .into_iter()
        .map(|r| (r.kind.to_string(), r.from, r.to, r.sign, r.strength))
        .collect()
}

#[test]
fn a_trashed_person_comes_back_with_their_lines_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("t.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap();
    let map = ws.account_map(&account.id).unwrap();
    // The person with the most lines.
    let busiest = map
        .people
        .iter()
        .filter(|p| p.account_id.is_some())
        .max_by_key(|p| {
            map.relations
                .iter()
                .filter(|l| l.from == p.id || l.to == p.id)
                .count()
        })
        .unwrap()
        .clone();
    let history = ws.rating_history(&busiest.id).unwrap();
    let before = lines(&ws, &account.id);
    ws.set_position_for_test(&account.id, &busiest.id);
    let placed = ws.manual_positions(&account.id).unwrap();

    ws.trash_person(&busiest.id).unwrap();
    assert!(ws.person(&busiest.id).is_err(), "deleted");
    let after_delete = lines(&ws, &account.id);
    assert!(after_delete.len() < before.len());
    let trash = ws.trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].label, busiest.name);
    assert_eq!(trash[0].kind, "person");
    assert_eq!(trash[0].account_name, account.name);
    assert_eq!(trash[0].lines as usize, before.len() - after_delete.len());

    let report = ws.restore_from_trash(&trash[0].id).unwrap();
    assert_eq!(report.people, 1);
    assert_eq!(report.lines_skipped, 0);
    assert_eq!(ws.person(&busiest.id).unwrap(), busiest);
    assert_eq!(lines(&ws, &account.id), before);
    assert_eq!(ws.rating_history(&busiest.id).unwrap(), history);
    assert_eq!(ws.manual_positions(&account.id).unwrap(), placed);
    assert!(
        ws.trash().unwrap().is_empty(),
        "restored entries leave the trash"
    );
}

#[test]
fn a_trashed_account_comes_back_and_undo_and_emptying_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("t.stakemap")).unwrap();
    ws.enable_undo().unwrap();
    let account = demo::create_demo(&mut ws, Lang::Ja).unwrap();
    let map = ws.account_map(&account.id).unwrap();

    ws.trash_account(&account.id).unwrap();
    assert!(ws.accounts().unwrap().is_empty());
    let item = ws.trash().unwrap().remove(0);
    assert_eq!(
        (
            item.kind.as_str(),
            item.people as usize,
            item.lines as usize
        ),
        (
            "account",
            map.people.iter().filter(|p| p.account_id.is_some()).count(),
            map.relations.len()
        )
    );
    ws.restore_from_trash(&item.id).unwrap();
    let back = ws.account_map(&account.id).unwrap();
    assert_eq!(back.people, map.people);
    assert_eq!(lines(&ws, &account.id), lines_of(&map));
    assert_eq!(back.opportunities, map.opportunities);
    assert_eq!(back.team, map.team);

    // Undo of a delete puts it back and takes it out of the trash again.
    let someone = map
        .people
        .iter()
        .find(|p| p.account_id.is_some())
        .unwrap()
        .id
        .clone();
    ws.trash_person(&someone).unwrap();
    assert_eq!(ws.trash().unwrap().len(), 1);
    ws.undo().unwrap();
    assert!(ws.person(&someone).is_ok());
    assert!(ws.trash().unwrap().is_empty());

    // A line to someone deleted since cannot come back; the rest does.
    ws.trash_person(&someone).unwrap();
    let other = map
        .relations
        .iter()
        .find(|l| l.from == someone || l.to == someone)
        .map(|l| {
            if l.from == someone {
                l.to.clone()
            } else {
                l.from.clone()
            }
        })
        .unwrap();
    ws.write(|tx| tx.delete_person(&other)).unwrap();
    let entry = ws.trash().unwrap().remove(0);
    let report = ws.restore_from_trash(&entry.id).unwrap();
    assert!(report.lines_skipped >= 1);
    assert!(ws.person(&someone).is_ok());

    // Emptying the trash.
    ws.trash_person(&someone).unwrap();
    assert_eq!(ws.empty_trash().unwrap(), 1);
    assert!(ws.trash().unwrap().is_empty());
    assert!(ws.restore_from_trash(&entry.id).is_err());
}

fn lines_of(map: &stakemap_core::map::AccountMap) -> BTreeSet<(String, String, String, i8, u8)> {
    map.relations
        .iter()
        .map(|r| {
            (
                r.kind.to_string(),
                r.from.clone(),
                r.to.clone(),
                r.sign,
                r.strength,
            )
        })
        .collect()
}

trait PlaceForTest {
    fn set_position_for_test(&mut self, account: &str, person: &str);
}

impl PlaceForTest for Workspace {
    fn set_position_for_test(&mut self, account: &str, person: &str) {
        self.write(|tx| tx.set_position(account, person, 1234.0, 567.0))
            .unwrap();
    }
}
