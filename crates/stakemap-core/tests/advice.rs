//! The advice (stances, access through the org chart, external influence, risks, levers,
//! actions, what if someone left) on small hand-made accounts whose answers are worked
//! out in the comments, and on the demo account.
//!
//! Weights: weak (1) 0.3, medium (2) 0.6, strong (3) 0.9. Threshold 0.25.

use std::collections::HashMap;
use std::sync::Arc;

use stakemap_core::analysis::{
    analyze, analyze_with, stale_risks, without, ActionKind, Analysis, LeverKind, RiskKind,
    Settings, Stance, DEFAULT_THRESHOLD,
};
use stakemap_core::{
    demo, AccountInput, DealMemberInput, Error, FixedClock, InfluenceLevel, Lang, Person,
    PersonInput, Ratings, Relation, RelationKind, Role, Side, Workspace,
};

const EPS: f64 = 1e-9;

fn person(id: &str, side: Side, roles: &[Role], key: bool, solution: Option<u8>) -> Person {
    let account = (side != Side::Ours).then_some("acme");
    Person {
        roles: roles.to_vec(),
        key_person: key,
        ratings: Ratings {
            intimacy: Some(3),
            solution,
            price: Some(3),
        },
        ..Person::bare(id, account, side, &format!("N-{id}"))
    }
}

fn cust(id: &str, solution: Option<u8>) -> Person {
    person(id, Side::Customer, &[Role::User], false, solution)
}

fn staff(id: &str) -> Person {
    person(id, Side::Ours, &[], false, None)
}

fn line(kind: RelationKind, from: &str, to: &str, strength: u8, sign: i8) -> Relation {
    Relation {
        id: format!("{kind}:{from}->{to}"),
        account_id: "acme".into(),
        kind,
        from: from.into(),
        to: to.into(),
        strength,
        sign,
        note: String::new(),
    }
}

fn inf(from: &str, to: &str, strength: u8, sign: i8) -> Relation {
    line(RelationKind::Influence, from, to, strength, sign)
}

fn covers(from: &str, to: &str, strength: u8) -> Relation {
    line(RelationKind::Covers, from, to, strength, 1)
}

fn reports(from: &str, to: &str) -> Relation {
    line(RelationKind::ReportsTo, from, to, 2, 1)
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// (kind, key person, person, reach) of a risk.
type RiskRow<'a> = (RiskKind, Option<&'a str>, Option<&'a str>, Option<f64>);

/// Every risk, in order.
fn risks(a: &Analysis) -> Vec<RiskRow<'_>> {
    a.risks
        .iter()
        .map(|r| {
            (
                r.kind,
                r.key_person.as_deref(),
                r.person.as_deref(),
                r.reach.map(|x| (x * 1e6).round() / 1e6),
            )
        })
        .collect()
}

/// (kind, key person, target, gain) of every action, in rank order.
fn actions(a: &Analysis) -> Vec<(ActionKind, &str, &str, f64)> {
    for (i, x) in a.actions.iter().enumerate() {
        assert_eq!(x.rank as usize, i + 1);
    }
    a.actions
        .iter()
        .map(|x| {
            (
                x.kind,
                x.key_person.as_str(),
                x.target.as_str(),
                (x.gain * 1e6).round() / 1e6,
            )
        })
        .collect()
}

/// One decision maker k, and around them:
///   b (opponent) -3-> k          a blocker at 0.9
///   n (opponent) -3(-)-> k       on a negative line: k leans the other way, no blocker
///   r (competitor) -3-> c -3-> k  the competitor reaches k only through c: 0.81
///   s (supporter) -2-> k         a champion at 0.6 (k is neutral)
///   s -1-> b                     s can help win b over (0.3)
///   pa (partner) -1-> k          a partner at 0.3
///   u1 covers c weakly           our only way in: 0.3 × 0.9 = 0.27, weak
fn hand() -> (Vec<Person>, Vec<Relation>) {
    let people = vec![
        staff("u1"),
        person("k", Side::Customer, &[Role::DecisionMaker], false, Some(3)),
        cust("b", Some(1)),
        cust("n", Some(2)),
        cust("c", Some(3)),
        cust("s", Some(5)),
        person("r", Side::Competitor, &[], false, None),
        person("pa", Side::Partner, &[], false, None),
    ];
    let relations = vec![
        inf("b", "k", 3, 1),
        inf("n", "k", 3, -1),
        inf("r", "c", 3, 1),
        inf("c", "k", 3, 1),
        inf("s", "k", 2, 1),
        inf("s", "b", 1, 1),
        inf("pa", "k", 1, 1),
        covers("u1", "c", 1),
    ];
    (people, relations)
}

#[test]
fn stances_and_price_objections_come_from_the_ratings() {
    let (mut people, relations) = hand();
    people[4].ratings.price = Some(2); // c resists our price
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    let st = |id: &str| a.stances[id];
    assert_eq!(st("k"), Stance::Neutral);
    assert_eq!(st("b"), Stance::Opponent);
    assert_eq!(st("n"), Stance::Opponent);
    assert_eq!(st("s"), Stance::Supporter);
    assert_eq!(st("r"), Stance::Unknown);
    assert!(
        !a.stances.contains_key("u1"),
        "our own staff have no stance"
    );
    assert_eq!(a.price_objections, ids(&["c"]));
    // c, with a price objection, now sways k positively at 0.9: a blocker too.
    assert!(risks(&a).contains(&(RiskKind::Blocker, Some("k"), Some("c"), Some(0.9))));
}

#[test]
fn risks_levers_and_external_influence_of_one_key_person() {
    let (people, relations) = hand();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(
        risks(&a),
        vec![
            (RiskKind::SingleThreaded, None, Some("u1"), None),
            (RiskKind::WeakCoverage, Some("k"), Some("u1"), Some(0.27)),
            // b sways k at 0.9 with a positive polarity; n's line is negative: no blocker.
            (RiskKind::Blocker, Some("k"), Some("b"), Some(0.9)),
            // r -> c -> k: 0.9 × 0.9, through a customer-side person.
            (RiskKind::Competitor, Some("k"), Some("r"), Some(0.81)),
        ]
    );
    let competitor = a
        .risks
        .iter()
        .find(|r| r.kind == RiskKind::Competitor)
        .unwrap();
    assert_eq!(competitor.path.as_deref(), Some(&ids(&["r", "c", "k"])[..]));
    let weak = &a.risks[1];
    assert_eq!(weak.path.as_deref(), Some(&ids(&["u1", "c", "k"])[..]));

    let levers: Vec<(LeverKind, &str, &str, f64)> = a
        .levers
        .iter()
        .map(|l| (l.kind, l.person.as_str(), l.key_person.as_str(), l.reach))
        .collect();
    assert_eq!(
        levers,
        vec![
            (LeverKind::Champion, "s", "k", 0.6),
            (LeverKind::Partner, "pa", "k", 0.3),
        ]
    );

    let external: Vec<(&str, Side, f64, i8, Vec<String>)> = a
        .external_influences
        .iter()
        .map(|e| {
            (
                e.person.as_str(),
                e.side,
                (e.reach * 1e6).round() / 1e6,
                e.polarity,
                e.path.clone(),
            )
        })
        .collect();
    assert_eq!(
        external,
        vec![
            ("r", Side::Competitor, 0.81, 1, ids(&["r", "c", "k"])),
            ("pa", Side::Partner, 0.3, 1, ids(&["pa", "k"])),
        ]
    );
}

#[test]
fn the_actions_are_ranked_by_gain_on_one_key_person() {
    let (people, relations) = hand();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    // cover: candidates (not ours, no opponent, no competitor) by 0.9 × coverage reach to k:
    // c 0.9 × 0.9 = 0.81, s 0.9 × 0.6 = 0.54, pa 0.27; b is an opponent. Gain 0.81 - 0.27.
    // win_over b: 0.9; counter r through the strongest lever s: 0.81; leverage s: 0.6.
    assert_eq!(
        actions(&a),
        vec![
            (ActionKind::WinOver, "k", "b", 0.9),
            (ActionKind::Counter, "k", "s", 0.81),
            (ActionKind::Leverage, "k", "s", 0.6),
            (ActionKind::Cover, "k", "c", 0.54),
        ]
    );
    let win = &a.actions[0];
    assert_eq!(win.helper.as_deref(), Some("s"), "s sways b at 0.3");
    assert_eq!(win.threat.as_deref(), Some("b"));
    assert!(win.via.is_empty(), "none of us reaches b: {:?}", win.via);
    assert!(win.why.contains("N-b opposes our solution") && win.why.contains("N-s"));
    assert_eq!(a.actions[1].threat.as_deref(), Some("r"));
    assert_eq!(a.actions[3].via, ids(&["u1", "c"]));
    assert!(a.actions[3].why.contains("0.27") && a.actions[3].why.contains("0.81"));
}

/// k2 (approver) and k3 (flagged key person) with nobody of ours covering anyone:
///   x (unknown stance) -2-> k2    0.6 >= 0.5: find out where x stands
///   y (unknown stance) -1-> k2    0.3 < 0.5: no
///   k2's own stance is unknown; k3 opposes us and nobody leads to k3.
fn unknowns() -> (Vec<Person>, Vec<Relation>) {
    let people = vec![
        staff("u1"),
        person("k2", Side::Customer, &[Role::Approver], false, None),
        person("k3", Side::Customer, &[Role::Evaluator], true, Some(1)),
        cust("x", None),
        cust("y", None),
    ];
    let relations = vec![inf("x", "k2", 2, 1), inf("y", "k2", 1, 1)];
    (people, relations)
}

#[test]
fn unknown_stances_an_opposed_key_person_and_uncovered_ones() {
    let (people, relations) = unknowns();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(
        risks(&a),
        vec![
            (RiskKind::Uncovered, Some("k2"), None, None),
            (RiskKind::UnknownStance, Some("k2"), Some("x"), Some(0.6)),
            (RiskKind::UnknownStance, Some("k2"), None, None),
            (RiskKind::Uncovered, Some("k3"), None, None),
            (RiskKind::OpposedKeyPerson, Some("k3"), None, None),
        ]
    );
    // Both uncovered; the approver k2 before the evaluator k3. k2: confirm k2 (1.0),
    // confirm x (0.6), cover through x (0.9 × 0.6 = 0.54). k3: win over k3 (1.0) and, as
    // nobody leads to k3, a strong line to k3 themselves (0.9).
    assert_eq!(
        actions(&a),
        vec![
            (ActionKind::Confirm, "k2", "k2", 1.0),
            (ActionKind::Confirm, "k2", "x", 0.6),
            (ActionKind::Cover, "k2", "x", 0.54),
            (ActionKind::WinOver, "k3", "k3", 1.0),
            (ActionKind::Cover, "k3", "k3", 0.9),
        ]
    );
    assert!(a.actions.iter().all(|x| x.via.is_empty()));
}

#[test]
fn an_uncovered_key_person_with_a_blocker_ranks_above_one_we_reach_well() {
    // ka (decision maker) is reached well (u1 covers ka strongly) and has a champion;
    // kb (flagged) is uncovered and swayed by a blocker. kb's actions come first.
    let people = vec![
        staff("u1"),
        person("ka", Side::Customer, &[Role::DecisionMaker], false, Some(3)),
        person("kb", Side::Customer, &[Role::Evaluator], true, Some(3)),
        cust("ch", Some(5)),
        cust("bl", Some(1)),
    ];
    let relations = vec![
        covers("u1", "ka", 3),
        inf("ch", "ka", 3, 1),
        inf("bl", "kb", 1, 1),
    ];
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(
        actions(&a),
        vec![
            // kb: nobody but the opponent bl leads to kb, so cover kb directly (gain 0.9),
            // then win over bl (0.3).
            (ActionKind::Cover, "kb", "kb", 0.9),
            (ActionKind::WinOver, "kb", "bl", 0.3),
            (ActionKind::Leverage, "ka", "ch", 0.9),
        ]
    );
}

#[test]
fn reporting_lines_give_access_both_ways_at_the_set_weight_never_through_an_opponent() {
    // boss <- m (m reports to boss), kid -> m (kid reports to m); u1 covers m strongly.
    // kid2 reports to o, an opponent u1 covers strongly: no way through o.
    let people = vec![
        staff("u1"),
        person(
            "boss",
            Side::Customer,
            &[Role::DecisionMaker],
            false,
            Some(3),
        ),
        person("kid", Side::Customer, &[Role::Approver], false, Some(3)),
        person("kid2", Side::Customer, &[Role::Approver], false, Some(3)),
        cust("m", Some(3)),
        cust("o", Some(2)),
    ];
    let relations = vec![
        reports("m", "boss"),
        reports("kid", "m"),
        reports("kid2", "o"),
        covers("u1", "m", 3),
        covers("u1", "o", 3),
    ];
    let gaps = |access: f64| {
        let a = analyze_with(
            &people,
            &relations,
            Settings {
                threshold: DEFAULT_THRESHOLD,
                reporting_access: access,
            },
        );
        assert_eq!(a.reporting_access, access);
        a.coverage_gaps
            .iter()
            .map(|g| {
                (
                    g.person.clone(),
                    g.best_reach.map(|r| (r * 1e6).round() / 1e6),
                )
            })
            .collect::<Vec<_>>()
    };
    // Default 0.3: up to the manager and down to the report, 0.9 × 0.3 = 0.27.
    assert_eq!(
        gaps(0.3),
        vec![
            ("boss".to_string(), Some(0.27)),
            ("kid".to_string(), Some(0.27)),
            ("kid2".to_string(), None),
        ]
    );
    assert_eq!(
        gaps(0.6),
        vec![("kid2".to_string(), None)],
        "0.9 × 0.6 = 0.54 is covered well"
    );
    assert_eq!(
        gaps(0.0),
        vec![
            ("boss".to_string(), None),
            ("kid".to_string(), None),
            ("kid2".to_string(), None),
        ]
    );
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(a.approach_paths[0].path, ids(&["u1", "m", "boss"]));
    // Indirect key persons stay on influence lines: none here.
    assert!(a.indirect_key_persons.is_empty());
}

#[test]
fn a_route_avoids_an_opponent_and_ends_at_one() {
    // u1 covers o (opponent) and m strongly; o -3-> k would give 0.81 but we do not reach
    // a key person through the man who opposes us: u1 -> m -2-> k, 0.54.
    let people = vec![
        staff("u1"),
        person("k", Side::Customer, &[Role::DecisionMaker], false, Some(4)),
        cust("o", Some(1)),
        cust("m", Some(3)),
        person("r", Side::Competitor, &[], false, None),
    ];
    let relations = vec![
        covers("u1", "o", 3),
        covers("u1", "m", 3),
        inf("o", "k", 3, 1),
        inf("m", "k", 2, 1),
        // A competitor we somehow cover does not lead anywhere either.
        covers("u1", "r", 3),
        inf("r", "k", 3, 1),
    ];
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(a.approach_paths[0].path, ids(&["u1", "m", "k"]));
    assert!((a.approach_paths[0].reach - 0.54).abs() < EPS);
    let win = a
        .actions
        .iter()
        .find(|x| x.kind == ActionKind::WinOver)
        .unwrap();
    assert_eq!(
        (win.target.as_str(), win.via.clone()),
        ("o", ids(&["u1", "o"]))
    );
}

#[test]
fn what_if_someone_left() {
    let (people, relations) = hand();
    let settings = Settings::default();
    // u1 is our only way in to k (weak today): without them k is uncovered.
    let d = without(&people, &relations, "u1", settings).unwrap();
    assert_eq!((d.uncovered, d.weakened), (ids(&["k"]), vec![]));
    // Without the champion s: the champion lever on k is lost, coverage stays.
    let d = without(&people, &relations, "s", settings).unwrap();
    let lost: Vec<(LeverKind, &str)> = d
        .levers_lost
        .iter()
        .map(|l| (l.kind, l.person.as_str()))
        .collect();
    assert_eq!(lost, vec![(LeverKind::Champion, "s")]);
    assert!(d.uncovered.is_empty() && d.weakened.is_empty());
    // A well covered key person who would only be weakly covered: u2 covers k strongly,
    // u1 reaches k through c at 0.27.
    let mut people2 = people.clone();
    people2.push(staff("u2"));
    let mut relations2 = relations.clone();
    relations2.push(covers("u2", "k", 3));
    let d = without(&people2, &relations2, "u2", settings).unwrap();
    assert_eq!((d.uncovered, d.weakened), (vec![], ids(&["k"])));
    assert!(matches!(
        without(&people, &relations, "nobody", settings),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn stale_key_persons_from_the_rating_history() {
    let keys = ids(&["a", "b", "c"]);
    let last: HashMap<String, String> = [
        ("a".to_string(), "2025-01-10T09:00:00Z".to_string()),
        ("b".to_string(), "2025-03-01T09:00:00Z".to_string()),
    ]
    .into();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 4, 20).unwrap();
    // a: due 2025-04-10 < today, stale; b: due 2025-06-01; c: no history, left out.
    let stale: Vec<Option<String>> = stale_risks(&keys, &last, 3, today)
        .into_iter()
        .map(|r| r.key_person)
        .collect();
    assert_eq!(stale, vec![Some("a".to_string())]);
    assert!(stale_risks(&keys, &last, 1, today).len() == 2);

    // Through the workspace: ratings set in January, analysed in May with the default
    // 3-month interval.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.stakemap");
    let at = |s: &str| {
        Arc::new(FixedClock(
            chrono::DateTime::parse_from_rfc3339(s).unwrap().into(),
        ))
    };
    let account = {
        let mut ws = Workspace::open_with_clock(&path, at("2025-01-10T09:00:00Z")).unwrap();
        ws.write(|tx| {
            let account = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            tx.add_person(
                &account.id,
                &PersonInput {
                    id: Some("cfo".into()),
                    side: Some(Side::Customer),
                    name: "CFO".into(),
                    roles: vec![Role::Approver],
                    ratings: Ratings {
                        intimacy: Some(3),
                        solution: Some(3),
                        price: Some(3),
                    },
                    ..Default::default()
                },
            )?;
            Ok(account)
        })
        .unwrap()
    };
    let kinds = |clock| {
        let ws = Workspace::open_with_clock(&path, clock).unwrap();
        ws.analyze(&account.id, DEFAULT_THRESHOLD)
            .unwrap()
            .risks
            .into_iter()
            .map(|r| r.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(at("2025-05-01T09:00:00Z")),
        vec![RiskKind::Uncovered, RiskKind::Stale]
    );
    assert_eq!(kinds(at("2025-03-01T09:00:00Z")), vec![RiskKind::Uncovered]);
}

#[test]
fn the_demo_advice_names_the_competitors_sway_on_the_head_of_procurement() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("d.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let people = ws.people(&account).unwrap();
    let id = |title: &str| people.iter().find(|p| p.title == title).unwrap().id.clone();
    let (proc, rival, cfo, ceo) = (
        id("Head of Procurement"),
        id("Account Executive, Apex Systems"),
        id("Chief Financial Officer"),
        id("Chief Executive Officer"),
    );
    let a = ws.analyze(&account, DEFAULT_THRESHOLD).unwrap();
    let competitor = a
        .risks
        .iter()
        .find(|r| r.kind == RiskKind::Competitor && r.key_person.as_ref() == Some(&proc))
        .expect("the competitor's sway on the Head of Procurement is a risk");
    assert_eq!(competitor.person.as_ref(), Some(&rival));
    assert!((competitor.reach.unwrap() - 0.9).abs() < EPS);
    assert!(a
        .external_influences
        .iter()
        .any(|e| e.key_person == proc && e.person == rival && e.side == Side::Competitor));
    let counter = a
        .actions
        .iter()
        .find(|x| x.kind == ActionKind::Counter && x.key_person == proc)
        .expect("an action counters it");
    assert_eq!(counter.threat.as_ref(), Some(&rival));
    assert!(counter.why.contains("Nina Volkova") && counter.why.contains("Samuel Reyes"));
    // The CFO (sceptical) sways the CEO at 0.9: a blocker.
    assert!(a.risks.iter().any(|r| r.kind == RiskKind::Blocker
        && r.person.as_ref() == Some(&cfo)
        && r.key_person.as_ref() == Some(&ceo)
        && (r.reach.unwrap() - 0.9).abs() < EPS));

    // The deal view gets the same advice on its own graph: with the Head of Procurement
    // as its one key person (high importance), the competitor's sway is its risk too.
    let deal = ws.opportunities(&account).unwrap().remove(0);
    let d = ws.analyze_opportunity(&deal.id, DEFAULT_THRESHOLD).unwrap();
    assert!(
        d.analysis.actions.is_empty(),
        "no key person in the deal yet"
    );
    ws.write(|tx| {
        tx.set_deal_member(
            &deal.id,
            &proc,
            &DealMemberInput {
                roles: vec![Role::Procurement],
                importance: Some(InfluenceLevel::High),
            },
        )
    })
    .unwrap();
    let d = ws.analyze_opportunity(&deal.id, DEFAULT_THRESHOLD).unwrap();
    assert_eq!(d.analysis.key_persons, vec![proc.clone()]);
    assert!(d
        .analysis
        .risks
        .iter()
        .any(|r| r.kind == RiskKind::Competitor && r.person.as_ref() == Some(&rival)));
    assert!(d.analysis.actions.iter().all(|x| x.key_person == proc));
    assert_eq!(d.analysis.actions[0].kind, ActionKind::Counter);
    for bad in [-0.1, 1.5, f64::NAN] {
        let err = ws
            .analyze_with(
                &account,
                Settings {
                    threshold: DEFAULT_THRESHOLD,
                    reporting_access: bad,
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("reporting_access"), "{err}");
    }
}

#[test]
fn the_exports_draw_a_competitors_lines_in_the_competitor_colour() {
    use stakemap_core::export::{self, ExportFormat, ExportOptions};
    use stakemap_core::palette::{LINE_COMPETITOR, LINE_INFLUENCE};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("e.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let people = ws.people(&account).unwrap();
    let rival = people.iter().find(|p| p.side == Side::Competitor).unwrap();
    for format in [ExportFormat::Svg, ExportFormat::Html] {
        let files = export::export(&ws, &account, &ExportOptions::new(format)).unwrap();
        let text = String::from_utf8(files.into_iter().next().unwrap().bytes).unwrap();
        // Each line is a <g class="line" ... data-from="..."> with its <path ... stroke="...">.
        let lines: Vec<&str> = text.split("<g class=\"line\"").skip(1).collect();
        let from_rival: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains(&format!("data-from=\"{}\"", rival.id)))
            .collect();
        assert_eq!(from_rival.len(), 1, "{format:?}: the competitor's one line");
        assert!(
            from_rival[0].contains(&format!("stroke=\"{}\"", LINE_COMPETITOR.hex)),
            "{format:?}: {}",
            &from_rival[0][..300.min(from_rival[0].len())]
        );
        assert!(from_rival[0].contains("sm-arrow-comp"));
        assert!(lines.iter().any(|l| l.contains("data-kind=\"influence\"")
            && l.contains(&format!("stroke=\"{}\"", LINE_INFLUENCE.hex))));
    }
}
