//! The laid-out map kept between reads: a re-read gives what a fresh read gives, before and
//! after edits that change the layout and edits that do not; and the router's work on a
//! large account is bounded and its result the same every time.

use std::collections::HashMap;

use stakemap_core::layout::{self, RouteInput};
use stakemap_core::{
    AccountInput, PersonInput, RatingKind, RelationInput, RelationKind, Side, Workspace,
};

fn account(n: usize) -> (tempfile::TempDir, Workspace, String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("c.stakemap")).unwrap();
    let (account, ids) = ws
        .write(|tx| {
            let account = tx
                .create_account(&AccountInput {
                    name: "Big".into(),
                    industry: String::new(),
                    notes: String::new(),
                })?
                .id;
            let mut ids: Vec<String> = Vec::new();
            let mut seed = 42u64;
            for i in 0..n {
                let id = tx
                    .add_person(
                        &account,
                        &PersonInput {
                            side: Some(Side::Customer),
                            name: format!("P{i}"),
                            ..Default::default()
                        },
                    )?
                    .id;
                if i > 0 {
                    tx.add_relation(
                        &account,
                        &rel(RelationKind::ReportsTo, &id, &ids[(i - 1) / 6]),
                    )?;
                }
                ids.push(id);
            }
            for i in 0..n {
                seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
                let j = (seed % n as u64) as usize;
                if j != i {
                    tx.add_relation(&account, &rel(RelationKind::Influence, &ids[i], &ids[j]))?;
                }
            }
            Ok((account, ids))
        })
        .unwrap();
    (dir, ws, account, ids)
}

fn rel(kind: RelationKind, from: &str, to: &str) -> RelationInput {
    RelationInput {
        kind,
        from: from.into(),
        to: to.into(),
        strength: Some(2),
        sign: Some(1),
        note: String::new(),
    }
}

#[test]
fn a_reread_after_any_edit_equals_a_fresh_read() {
    let (dir, mut ws, account, ids) = account(60);
    let path = dir.path().join("c.stakemap");
    let fresh = |ws: &Workspace| {
        let _ = ws;
        Workspace::open(&path)
            .unwrap()
            .account_map(&account)
            .unwrap()
    };
    let first = ws.account_map(&account).unwrap();
    assert_eq!(first, fresh(&ws));
    // A rating: the same layout and routes, the new rating shown.
    ws.write(|tx| tx.set_rating(&ids[5], RatingKind::Intimacy, Some(5)))
        .unwrap();
    let rated = ws.account_map(&account).unwrap();
    assert_eq!(rated, fresh(&ws));
    assert_eq!(rated.routes, first.routes);
    assert_ne!(rated.people, first.people, "the rating is read anew");
    // A new line: routed.
    let line = ws
        .write(|tx| tx.add_relation(&account, &rel(RelationKind::Influence, &ids[59], &ids[1])))
        .unwrap();
    let more = ws.account_map(&account).unwrap();
    assert_eq!(more, fresh(&ws));
    assert!(more.routes.iter().any(|r| r.relation_id == line.id));
    // A card moved by hand: its lines follow it.
    ws.write(|tx| tx.set_position(&account, &ids[59], 5_000.0, -900.0))
        .unwrap();
    let moved = ws.account_map(&account).unwrap();
    assert_eq!(moved, fresh(&ws));
    assert_ne!(moved.routes, more.routes);
}

#[test]
fn the_router_work_on_1000_people_is_bounded_and_repeatable() {
    let (_dir, ws, account, _) = account(1000);
    let people = ws.people(&account).unwrap();
    let relations = ws.relations(&account).unwrap();
    let laid = stakemap_core::map::auto_layout(&people, &relations, &Default::default());
    let cards: HashMap<&str, RouteInput> =
        layout::drawn(&laid.positions, &laid.stacked, &laid.hidden);
    let (a, work) = layout::route_lines_counted(&relations, &cards, &[]);
    let (b, again) = layout::route_lines_counted(&relations, &cards, &[]);
    assert_eq!(a, b, "the same routes every time");
    assert_eq!(work, again);
    assert!(work.searched >= 900, "{work:?}");
    assert!(
        work.steps <= 200_000,
        "steps bounded by the map's budget: {work:?}"
    );
    assert_eq!(a.len() + work.unrouted, relations.len(), "{work:?}");
    assert!(work.unrouted < work.searched, "some lines routed: {work:?}");
}
