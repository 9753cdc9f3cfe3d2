//! Reviews on real workspace files: snapshots that cannot be changed and survive a restart
//! and a move of the file, the comparison of two states, rating trends and the cadence.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use stakemap_core::analysis::MapStatus;
use stakemap_core::review::State;
use stakemap_core::UndoLabel;
use stakemap_core::{demo, Clock, Lang, Person, RatingKind, Workspace};

struct StepClock(Mutex<DateTime<Utc>>);

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl StepClock {
    fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
}

struct Demo {
    dir: tempfile::TempDir,
    ws: Workspace,
    clock: Arc<StepClock>,
    account: String,
    people: Vec<Person>,
}

fn setup() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(StepClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
    )));
    let mut ws =
        Workspace::open_with(dir.path().join("work.stakemap"), clock.clone(), None).unwrap();
    ws.enable_undo().unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let people = ws.people(&account).unwrap();
    Demo {
        dir,
        ws,
        clock,
        account,
        people,
    }
}

impl Demo {
    fn id(&self, name: &str) -> String {
        self.people
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .id
            .clone()
    }
    fn rate(&mut self, name: &str, kind: RatingKind, value: Option<u8>) {
        let id = self.id(name);
        self.ws
            .write_step(UndoLabel::SetRating, |tx| tx.set_rating(&id, kind, value))
            .unwrap();
    }
}

#[test]
fn the_comparison_shows_exactly_the_ratings_that_moved_and_the_person_removed() {
    let mut d = setup();
    let snap = d.ws.take_snapshot(&d.account, "FY26 Q1 review").unwrap();
    assert_eq!(snap.name, "FY26 Q1 review");
    assert_eq!(snap.people, 32, "the account's people, not our own staff");
    d.clock.advance(Duration::days(90));

    // Two ratings move (one up, one down) and one person leaves (with their lines).
    d.rate("Priya Raman", RatingKind::Solution, Some(4)); // was 2
    d.rate("Sven Larsen", RatingKind::Intimacy, Some(2)); // was 4
    let leaver = d.id("Lucas Brown");
    d.ws.trash_person(&leaver).unwrap();

    let c =
        d.ws.compare(
            &d.account,
            &State::Snapshot(snap.id.clone()),
            &State::Now,
            0.25,
        )
        .unwrap();
    assert_eq!(c.before_label, "FY26 Q1 review");
    assert_eq!(c.after_label, "now");
    assert!(c.people_added.is_empty());
    assert_eq!(
        c.people_removed
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Lucas Brown"]
    );
    type Move = (String, RatingKind, Option<u8>, Option<u8>, i8);
    let moves: Vec<Move> = c
        .rating_moves
        .iter()
        .map(|m| {
            (
                m.person.name.clone(),
                m.rating,
                m.before,
                m.after,
                m.direction(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            (
                "Priya Raman".to_string(),
                RatingKind::Solution,
                Some(2),
                Some(4),
                1
            ),
            (
                "Sven Larsen".to_string(),
                RatingKind::Intimacy,
                Some(4),
                Some(2),
                -1
            ),
        ]
    );
    assert!(
        c.lines_added.is_empty() && c.lines_removed.is_empty(),
        "{c:?}"
    );
    assert!(
        c.gaps_opened.is_empty() && c.gaps_closed.is_empty(),
        "{c:?}"
    );
    assert_eq!(c.status_before, MapStatus::Amber);
    assert!(!c.is_empty());

    // Now against now: nothing.
    let same =
        d.ws.compare(&d.account, &State::Now, &State::Now, 0.25)
            .unwrap();
    assert!(same.is_empty());
}

#[test]
fn snapshots_cannot_be_changed_and_survive_a_restart_and_a_move() {
    let mut d = setup();
    let snap = d.ws.take_snapshot(&d.account, "Kick-off").unwrap();
    let path = d.ws.path().to_path_buf();
    drop(d.ws);

    // SQLite itself refuses to change it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let err = conn
        .execute(
            "UPDATE snapshot SET name = 'edited' WHERE id = ?1",
            [&snap.id],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("a snapshot cannot be changed"),
        "{err}"
    );
    drop(conn);

    let moved = d.dir.path().join("elsewhere").join("moved.stakemap");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&path, &moved).unwrap();
    let ws = Workspace::open(&moved).unwrap();
    assert_eq!(
        ws.snapshots(&d.account).unwrap(),
        std::slice::from_ref(&snap)
    );
    let doc = ws.snapshot_doc(&snap.id).unwrap();
    assert_eq!(
        doc.people.len(),
        35,
        "the account's 32 people and our team of three"
    );
    assert!(ws
        .compare(&d.account, &State::Snapshot(snap.id), &State::Now, 0.25)
        .unwrap()
        .is_empty());
}

#[test]
fn two_snapshots_compare_and_taking_one_is_undone_like_any_edit() {
    let mut d = setup();
    let first = d.ws.take_snapshot(&d.account, "Q1").unwrap();
    d.clock.advance(Duration::days(91));
    d.rate("Grace Liu", RatingKind::Price, Some(4));
    let second = d.ws.take_snapshot(&d.account, "Q2").unwrap();
    assert_eq!(
        d.ws.snapshots(&d.account)
            .unwrap()
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Q2", "Q1"],
        "newest first"
    );
    let c =
        d.ws.compare(
            &d.account,
            &State::Snapshot(first.id.clone()),
            &State::Snapshot(second.id.clone()),
            0.25,
        )
        .unwrap();
    assert_eq!(c.rating_moves.len(), 1);
    assert_eq!(c.rating_moves[0].after, Some(4));
    assert_eq!(c.rating_moves[0].before, None, "unknown before");

    d.ws.undo().unwrap();
    assert_eq!(d.ws.snapshots(&d.account).unwrap().len(), 1);
    assert_eq!(d.ws.snapshot(&second.id).unwrap_err().kind(), "not_found");
    assert_eq!(
        d.ws.take_snapshot(&d.account, "  ").unwrap_err().kind(),
        "invalid"
    );
}

#[test]
fn a_rating_trend_has_every_change_and_the_reviews() {
    let mut d = setup();
    let cfo = d.id("Priya Raman");
    d.ws.take_snapshot(&d.account, "Q1").unwrap();
    for v in [3, 4, 5] {
        d.clock.advance(Duration::days(30));
        d.rate("Priya Raman", RatingKind::Intimacy, Some(v));
    }
    d.clock.advance(Duration::days(1));
    d.ws.take_snapshot(&d.account, "Q2").unwrap();
    let trend = d.ws.rating_trend(&cfo).unwrap();
    let intimacy: Vec<Option<u8>> = trend.points.iter().map(|p| p.intimacy).collect();
    assert_eq!(intimacy.last(), Some(&Some(5)));
    assert!(
        intimacy.ends_with(&[Some(3), Some(4), Some(5)]),
        "{intimacy:?}"
    );
    let reviews: Vec<(String, Option<u8>)> = trend
        .reviews
        .iter()
        .map(|(s, p)| (s.name.clone(), p.as_ref().and_then(|p| p.intimacy)))
        .collect();
    assert_eq!(
        reviews,
        [("Q1".to_string(), Some(2)), ("Q2".to_string(), Some(5))]
    );
}

#[test]
fn cadence_flags_reviews_and_plans_past_their_interval() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let c = stakemap_core::cadence::cadence(
        "a",
        Some("2026-06-01T09:00:00Z"),
        3,
        Some("2026-10-01T00:00:00Z"),
        today,
    );
    assert_eq!(c.review_due.as_deref(), Some("2026-09-01"));
    assert!(c.review_overdue);
    assert!(!c.plan_overdue, "the plan changed 2 months ago");
    let c = stakemap_core::cadence::cadence("a", Some("2026-10-01T09:00:00Z"), 3, None, today);
    assert_eq!(c.review_due.as_deref(), Some("2027-01-01"));
    assert!(!c.review_overdue);
    assert!(c.plan_overdue, "no plan yet");
    let never = stakemap_core::cadence::cadence("a", None, 3, None, today);
    assert!(never.review_overdue && never.review_due.is_none());
}

#[test]
fn snapshots_stay_while_their_account_is_in_the_trash_and_go_when_it_is_emptied() {
    let mut d = setup();
    d.ws.take_snapshot(&d.account, "Q1").unwrap();
    d.ws.trash_account(&d.account).unwrap();
    assert_eq!(d.ws.snapshots(&d.account).unwrap().len(), 1);
    let item = d.ws.trash().unwrap().remove(0);
    d.ws.restore_from_trash(&item.id).unwrap();
    assert_eq!(d.ws.snapshots(&d.account).unwrap().len(), 1, "back with it");
    d.ws.trash_account(&d.account).unwrap();
    d.ws.empty_trash().unwrap();
    assert!(d.ws.snapshots(&d.account).unwrap().is_empty());
}
