//! The workspace file on a real disk: creation, refusal of files it must not touch,
//! the demo account, and the errors a user meets while editing.

use std::sync::Arc;

use chrono::TimeZone;
use stakemap_core::{
    demo, store::SCHEMA_VERSION, AccountInput, Error, FixedClock, Lang, PersonInput, RatingKind,
    Ratings, RelationInput, RelationKind, Side, Workspace,
};

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.stakemap");
    (dir, path)
}

fn person(name: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn a_new_workspace_is_wal_with_foreign_keys_and_the_current_schema() {
    let (_d, path) = temp();
    let ws = Workspace::open(&path).unwrap();
    drop(ws);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(app, stakemap_core::store::APPLICATION_ID);
}

#[test]
fn a_file_from_a_newer_stakemap_is_refused_and_left_unchanged() {
    let (_d, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        demo::create_demo(&mut ws, Lang::En).unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Workspace::open(&path).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("newer version of Stakemap"), "{msg}");
    assert!(msg.contains("Update Stakemap"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file untouched");
    assert!(
        !path.with_extension("stakemap-wal").exists(),
        "no WAL created"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_unchanged() {
    let (_d, path) = temp();
    let text = "name,title\nSato,CFO\n".repeat(100);
    std::fs::write(&path, &text).unwrap();
    let err = Workspace::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotAWorkspace { .. }), "{err:?}");
    assert!(err.to_string().contains("not a SQLite database"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_database_of_another_application_is_refused() {
    let (_d, path) = temp();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    let err = Workspace::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotAWorkspace { .. }), "{err:?}");
    assert!(err.to_string().contains("another application"));
}

#[test]
fn a_damaged_file_is_reported_not_replaced() {
    let (_d, path) = temp();
    {
        let mut ws = Workspace::open(&path).unwrap();
        demo::create_demo(&mut ws, Lang::En).unwrap();
        ws.write(|tx| {
            for i in 0..400 {
                tx.create_account(&AccountInput {
                    name: format!("Account {i} with a long name to fill pages"),
                    industry: "x".repeat(200),
                    notes: "y".repeat(400),
                })?;
            }
            Ok(())
        })
        .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    // Scribble over the middle of the file, as a failing disk or a bad copy would.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 64 * 1024, "file big enough: {}", bytes.len());
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Workspace::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::Corrupt { .. }),
        "expected a corruption report, got {err:?}"
    );
    assert!(err.to_string().contains("damaged"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file left as it was");
}

#[test]
fn the_demo_account_is_a_realistic_customer() {
    for lang in [Lang::En, Lang::Ja] {
        let (_d, path) = temp();
        let mut ws = Workspace::open(&path).unwrap();
        let account = demo::create_demo(&mut ws, lang).unwrap();
        let map = ws.account_map(&account.id).unwrap();
        let customers: Vec<_> = map
            .people
            .iter()
            .filter(|p| p.side == Side::Customer)
            .collect();
        assert!((25..=40).contains(&customers.len()), "{}", customers.len());
        let mut depts: Vec<&str> = customers.iter().map(|p| p.department.as_str()).collect();
        depts.sort_unstable();
        depts.dedup();
        assert!((4..=6).contains(&depts.len()), "{depts:?}");
        assert_eq!(
            map.people.iter().filter(|p| p.side == Side::Ours).count(),
            3
        );
        let count = |k: RelationKind| map.relations.iter().filter(|r| r.kind == k).count();
        assert_eq!(
            count(RelationKind::ReportsTo),
            customers.len() - 1,
            "one root"
        );
        assert!(count(RelationKind::Influence) >= 5);
        assert!(count(RelationKind::Covers) >= 3);
        let rated = customers
            .iter()
            .filter(|p| p.ratings != Ratings::default())
            .count();
        assert!(rated * 10 >= customers.len() * 8, "ratings on most people");
        assert_eq!(map.opportunities.len(), 2);
        assert_eq!(map.team.len(), 3, "the iron triangle is complete");
        assert!(map.missing_team_roles.is_empty());
        assert!(map.team.iter().all(|m| map
            .people
            .iter()
            .any(|p| p.id == m.person_id && p.side == Side::Ours)));
        assert!(!map.key_person_ids.is_empty());
        // Ids are UUIDs, not row numbers.
        assert!(map
            .people
            .iter()
            .all(|p| p.id.len() == 36 && p.id.contains('-')));
        // Every card has a place and no two cards overlap.
        assert_eq!(map.placements.len(), map.people.len());
        for (i, a) in map.placements.iter().enumerate() {
            for b in &map.placements[i + 1..] {
                let apart = (a.x - b.x).abs() >= stakemap_core::layout::CARD_W
                    || (a.y - b.y).abs() >= stakemap_core::layout::CARD_H;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        let ceo_name = match lang {
            Lang::En => "Eleanor Whitfield",
            Lang::Ja => "高橋 誠",
        };
        let ceo = map.people.iter().find(|p| p.name == ceo_name).unwrap();
        let top = map
            .placements
            .iter()
            .filter(|pl| {
                map.people
                    .iter()
                    .any(|p| p.id == pl.person_id && p.side == Side::Customer)
            })
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .unwrap();
        assert_eq!(top.person_id, ceo.id, "the CEO is at the root of the tree");
    }
}

#[test]
fn a_reporting_cycle_is_refused_naming_the_people_and_nothing_changes() {
    let (_d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let (acc, a, b, c) = ws
        .write(|tx| {
            let acc = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let a = tx.add_person(&acc.id, &person("Aoki"))?;
            let b = tx.add_person(&acc.id, &person("Baba"))?;
            let c = tx.add_person(&acc.id, &person("Chiba"))?;
            for (from, to) in [(&b, &a), (&c, &b)] {
                tx.add_relation(
                    &acc.id,
                    &RelationInput {
                        kind: RelationKind::ReportsTo,
                        from: from.id.clone(),
                        to: to.id.clone(),
                        strength: None,
                        sign: None,
                        note: String::new(),
                    },
                )?;
            }
            Ok((acc, a, b, c))
        })
        .unwrap();
    let before = ws.relations(&acc.id).unwrap();
    let err = ws
        .write(|tx| {
            tx.add_relation(
                &acc.id,
                &RelationInput {
                    kind: RelationKind::ReportsTo,
                    from: a.id.clone(),
                    to: c.id.clone(),
                    strength: None,
                    sign: None,
                    note: String::new(),
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "this reporting line would make a cycle: Aoki → Chiba → Baba → Aoki"
    );
    assert_eq!(ws.relations(&acc.id).unwrap(), before);
    let _ = b;
}

#[test]
fn a_rating_out_of_range_is_refused_and_changes_are_kept_with_their_date() {
    let (_d, path) = temp();
    let at = chrono::Utc.with_ymd_and_hms(2026, 9, 30, 9, 0, 0).unwrap();
    let mut ws = Workspace::open_with_clock(&path, Arc::new(FixedClock(at))).unwrap();
    let (_acc, p) = ws
        .write(|tx| {
            let acc = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let p = tx.add_person(&acc.id, &person("Sato"))?;
            Ok((acc, p))
        })
        .unwrap();
    let err = ws
        .write(|tx| tx.set_rating(&p.id, RatingKind::Intimacy, Some(6)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid intimacy: 6 is out of range; use 1 to 5"
    );
    assert_eq!(ws.person(&p.id).unwrap().ratings.intimacy, None);

    ws.write(|tx| tx.set_rating(&p.id, RatingKind::Intimacy, Some(4)))
        .unwrap();
    ws.write(|tx| tx.set_rating(&p.id, RatingKind::Intimacy, None))
        .unwrap();
    let history = ws.rating_history(&p.id).unwrap();
    let values: Vec<_> = history.iter().map(|h| (h.rating, h.value)).collect();
    assert_eq!(
        values,
        [
            (RatingKind::Intimacy, Some(4)),
            (RatingKind::Intimacy, None)
        ]
    );
    assert!(history
        .iter()
        .all(|h| h.changed_at == "2026-09-30T09:00:00.000Z"));
}

#[test]
fn save_copy_writes_a_workspace_that_opens_with_everything_and_never_overwrites() {
    let (d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let acc = demo::create_demo(&mut ws, Lang::En).unwrap();
    let copy = d.path().join("copy.stakemap");
    ws.save_copy(&copy).unwrap();
    let other = Workspace::open(&copy).unwrap();
    assert_eq!(
        other.account_map(&acc.id).unwrap(),
        ws.account_map(&acc.id).unwrap()
    );
    let err = ws.save_copy(&copy).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

#[test]
fn the_iron_triangle_is_made_of_our_staff_and_a_missing_role_is_reported() {
    let (_d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let acc = demo::create_demo(&mut ws, Lang::En).unwrap();
    let map = ws.account_map(&acc.id).unwrap();
    let customer = map
        .people
        .iter()
        .find(|p| p.side == Side::Customer)
        .unwrap();
    let err = ws
        .write(|tx| {
            tx.set_team_role(
                &acc.id,
                stakemap_core::TeamRole::SolutionManager,
                Some(&customer.id),
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("is not on our team"), "{err}");
    ws.write(|tx| tx.set_team_role(&acc.id, stakemap_core::TeamRole::SolutionManager, None))
        .unwrap();
    let map = ws.account_map(&acc.id).unwrap();
    assert_eq!(
        map.missing_team_roles,
        [stakemap_core::TeamRole::SolutionManager]
    );
}

#[test]
fn a_collapsed_team_takes_no_room_and_sits_under_its_manager() {
    let (_d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let acc = demo::create_demo(&mut ws, Lang::En).unwrap();
    let open = ws.account_map(&acc.id).unwrap();
    let cio = open
        .people
        .iter()
        .find(|p| p.name == "Daniel Osei")
        .unwrap();
    let width = |m: &stakemap_core::map::AccountMap| {
        let xs = m.placements.iter().filter(|pl| {
            m.people
                .iter()
                .any(|p| p.id == pl.person_id && p.side == Side::Customer)
        });
        let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), pl| {
            (lo.min(pl.x), hi.max(pl.x))
        });
        hi - lo
    };
    let collapsed: std::collections::HashSet<String> = [cio.id.clone()].into_iter().collect();
    let folded = ws.account_map_collapsed(&acc.id, &collapsed).unwrap();
    assert!(
        width(&folded) < width(&open),
        "the chart narrows: {} < {}",
        width(&folded),
        width(&open)
    );
    let at = |m: &stakemap_core::map::AccountMap, id: &str| {
        let pl = m.placements.iter().find(|pl| pl.person_id == id).unwrap();
        (pl.x, pl.y)
    };
    let arch = open
        .people
        .iter()
        .find(|p| p.name == "Julia Meyer")
        .unwrap();
    assert_eq!(
        at(&folded, &arch.id),
        at(&folded, &cio.id),
        "a hidden report sits at the manager's place"
    );
}

#[test]
fn a_taken_id_is_refused_naming_who_has_it_and_nothing_changes() {
    let (_d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let (acme, globex) = ws
        .write(|tx| {
            let acme = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let globex = tx.create_account(&AccountInput {
                name: "Globex".into(),
                ..Default::default()
            })?;
            let mut aoki = person("Aoki");
            aoki.id = Some("p1".into());
            aoki.ratings.intimacy = Some(4);
            tx.add_person(&acme.id, &aoki)?;
            Ok((acme, globex))
        })
        .unwrap();
    let before = (
        ws.people(&acme.id).unwrap(),
        ws.rating_history("p1").unwrap(),
    );
    for account in [&acme, &globex] {
        let whose = "account Acme";
        let err = ws
            .write(|tx| {
                let mut baba = person("Baba");
                baba.id = Some("p1".into());
                baba.ratings.intimacy = Some(2);
                tx.add_person(&account.id, &baba)
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid id: the id 'p1' is already used by a person of {whose}")
        );
    }
    assert_eq!(
        (
            ws.people(&acme.id).unwrap(),
            ws.rating_history("p1").unwrap()
        ),
        before
    );
}

#[test]
fn the_same_line_twice_is_one_line_and_a_reporting_line_replaces_the_old() {
    let (_d, path) = temp();
    let mut ws = Workspace::open(&path).unwrap();
    let line = |kind, from: &str, to: &str| RelationInput {
        kind,
        from: from.into(),
        to: to.into(),
        strength: Some(3),
        sign: None,
        note: String::new(),
    };
    let (acc, a, b) = ws
        .write(|tx| {
            let acc = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let a = tx.add_person(&acc.id, &person("Aoki"))?;
            let b = tx.add_person(&acc.id, &person("Baba"))?;
            Ok((acc, a.id, b.id))
        })
        .unwrap();
    for kind in [RelationKind::Influence, RelationKind::DottedLine] {
        let first = ws
            .write(|tx| tx.add_relation(&acc.id, &line(kind, &a, &b)))
            .unwrap();
        let again = ws
            .write(|tx| tx.add_relation(&acc.id, &line(kind, &a, &b)))
            .unwrap();
        assert_eq!(again, first, "{kind}: the line already there is answered");
    }
    // The other direction is another line.
    ws.write(|tx| tx.add_relation(&acc.id, &line(RelationKind::Influence, &b, &a)))
        .unwrap();
    for _ in 0..2 {
        ws.write(|tx| tx.add_relation(&acc.id, &line(RelationKind::ReportsTo, &a, &b)))
            .unwrap();
    }
    let relations = ws.relations(&acc.id).unwrap();
    let count = |kind, from: &str, to: &str| {
        relations
            .iter()
            .filter(|r| r.kind == kind && r.from == from && r.to == to)
            .count()
    };
    assert_eq!(count(RelationKind::Influence, &a, &b), 1);
    assert_eq!(count(RelationKind::DottedLine, &a, &b), 1);
    assert_eq!(count(RelationKind::Influence, &b, &a), 1);
    assert_eq!(count(RelationKind::ReportsTo, &a, &b), 1);
    assert_eq!(relations.len(), 4, "{relations:?}");
}
