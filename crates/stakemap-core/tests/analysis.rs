//! The analysis on hand-made accounts whose answers are worked out in the comments, and on
//! Krackhardt's high-tech managers (Krackhardt, D. (1987) Cognitive social structures.
//! Social Networks 9:109-134), where the expected answers are derived from the raw data.
//!
//! Weights: weak (1) 0.3, medium (2) 0.6, strong (3) 0.9.

#[path = "../../../tests/support/krackhardt.rs"]
mod krackhardt;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use stakemap_core::analysis::{
    self, analyze, what_if, GapKind, MapStatus, WhatIfEffect, DEFAULT_THRESHOLD,
};
use stakemap_core::{
    import, AccountInput, Error, Person, PersonInput, Ratings, Relation, RelationInput,
    RelationKind, Role, Side, Workspace,
};

const EPS: f64 = 1e-12;

fn known(solution: Option<u8>) -> Ratings {
    Ratings {
        intimacy: Some(3),
        solution,
        price: Some(3),
    }
}

fn someone(id: &str, side: Side, roles: &[Role], key: bool, ratings: Ratings) -> Person {
    let account = (side != Side::Ours).then_some("acme");
    Person {
        roles: roles.to_vec(),
        key_person: key,
        ratings,
        ..Person::bare(id, account, side, &format!("Name of {id}"))
    }
}

/// A customer-side person who is not a key person, solution acceptance 3.
fn cust(id: &str) -> Person {
    someone(id, Side::Customer, &[Role::User], false, known(Some(3)))
}

fn approver(id: &str, solution: Option<u8>) -> Person {
    someone(
        id,
        Side::Customer,
        &[Role::Approver],
        false,
        known(solution),
    )
}

fn decision_maker(id: &str, solution: Option<u8>) -> Person {
    someone(
        id,
        Side::Customer,
        &[Role::DecisionMaker],
        false,
        known(solution),
    )
}

fn flagged(id: &str, solution: Option<u8>) -> Person {
    someone(
        id,
        Side::Customer,
        &[Role::Evaluator],
        true,
        known(solution),
    )
}

fn staff(id: &str) -> Person {
    someone(id, Side::Ours, &[], false, Ratings::default())
}

fn line(kind: RelationKind, from: &str, to: &str, strength: u8, sign: i8) -> Relation {
    Relation {
        id: format!("{kind}:{from}->{to}:{strength}{sign}"),
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

/// (person, reach, polarity, path) of the indirect key persons of `key`, in their order.
fn indirect_of(a: &analysis::Analysis, key: &str) -> Vec<(String, f64, i8, Vec<String>)> {
    a.indirect_key_persons
        .iter()
        .filter(|i| i.key_person == key)
        .map(|i| (i.person.clone(), i.reach, i.polarity, i.path.clone()))
        .collect()
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The CFO (approver) and the people around them:
///   sato -3-> tanaka -2-> cfo, sato -1-> cfo, suzuki -2(-)-> tanaka, ito -3(-)-> suzuki,
///   abe -2-> cfo, partner -3-> tanaka.
fn cfo_account() -> (Vec<Person>, Vec<Relation>) {
    let people = vec![
        staff("u1"),
        approver("cfo", Some(4)),
        cust("sato"),
        cust("tanaka"),
        cust("suzuki"),
        cust("ito"),
        cust("abe"),
        someone("partner", Side::Partner, &[], false, Ratings::default()),
        someone("rival", Side::Competitor, &[], false, Ratings::default()),
    ];
    let relations = vec![
        inf("sato", "tanaka", 3, 1),
        inf("tanaka", "cfo", 2, 1),
        inf("sato", "cfo", 1, 1),
        inf("suzuki", "tanaka", 2, -1),
        inf("ito", "suzuki", 3, -1),
        inf("abe", "cfo", 2, 1),
        inf("partner", "tanaka", 3, 1),
        line(RelationKind::ReportsTo, "tanaka", "cfo", 2, 1),
    ];
    (people, relations)
}

#[test]
fn reach_path_and_polarity_follow_the_best_product() {
    let (people, relations) = cfo_account();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(a.key_persons, ids(&["cfo"]));
    assert_eq!(a.threshold, DEFAULT_THRESHOLD);
    let found = indirect_of(&a, "cfo");
    // abe:    abe -> cfo                        0.6, +
    // tanaka: tanaka -> cfo                     0.6, +
    // sato:   max(0.3 direct, 0.9 × 0.6 = 0.54) 0.54 through tanaka, +
    // suzuki: 0.6 (negative) × 0.6              0.36, -
    // ito:    0.9 (neg) × 0.6 (neg) × 0.6       0.324, + (two negatives)
    // The partner reaches the CFO with 0.54 too but is not on the customer side.
    let expected: Vec<(&str, f64, i8, Vec<&str>)> = vec![
        ("abe", 0.6, 1, vec!["abe", "cfo"]),
        ("tanaka", 0.6, 1, vec!["tanaka", "cfo"]),
        ("sato", 0.54, 1, vec!["sato", "tanaka", "cfo"]),
        ("suzuki", 0.36, -1, vec!["suzuki", "tanaka", "cfo"]),
        ("ito", 0.324, 1, vec!["ito", "suzuki", "tanaka", "cfo"]),
    ];
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for ((p, r, s, path), (ep, er, es, epath)) in found.iter().zip(&expected) {
        assert_eq!(p, ep);
        assert!(close(*r, *er), "{p}: reach {r}, expected {er}");
        assert_eq!(s, es, "{p}: polarity");
        assert_eq!(path, &ids(epath), "{p}: path");
    }

    // The influence graph: the customer side, plus the partner (who has an influence line);
    // not our staff member nor the competitor, who have none.
    let nodes: Vec<&str> = a.centrality.pagerank.keys().map(String::as_str).collect();
    assert_eq!(
        nodes,
        ["abe", "cfo", "ito", "partner", "sato", "suzuki", "tanaka"]
    );
    assert_eq!(
        a.centrality.betweenness.keys().collect::<Vec<_>>(),
        a.centrality.pagerank.keys().collect::<Vec<_>>()
    );
}

#[test]
fn the_threshold_cuts_the_list_and_ties_go_to_the_id() {
    let (people, relations) = cfo_account();
    // At 0.5: abe and tanaka (0.6, one line each: by id), sato (0.54).
    let a = analyze(&people, &relations, 0.5);
    assert_eq!(a.threshold, 0.5);
    let order: Vec<String> = indirect_of(&a, "cfo").into_iter().map(|i| i.0).collect();
    assert_eq!(order, ids(&["abe", "tanaka", "sato"]));
    // At 0.35: suzuki (0.36) comes in, ito (0.324) stays out.
    let a = analyze(&people, &relations, 0.35);
    let order: Vec<String> = indirect_of(&a, "cfo").into_iter().map(|i| i.0).collect();
    assert_eq!(order, ids(&["abe", "tanaka", "sato", "suzuki"]));
    // At 1 nobody: no path reaches 1.
    assert!(analyze(&people, &relations, 1.0)
        .indirect_key_persons
        .is_empty());
    // An invalid threshold given to the free function falls back to the default.
    for bad in [0.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
        assert_eq!(
            analyze(&people, &relations, bad).threshold,
            DEFAULT_THRESHOLD
        );
        assert!(matches!(
            analysis::check_threshold(bad),
            Err(Error::Invalid { .. })
        ));
    }
}

#[test]
fn duplicate_influence_lines_keep_the_strongest() {
    let people = vec![approver("k", Some(4)), cust("a"), cust("b")];
    // a -> k three times: weak +, strong -, medium +. The strong negative one is kept:
    // reach 0.9, polarity -1 (not 0.6 or 0.3, and not positive).
    let mut relations = vec![
        inf("a", "k", 1, 1),
        inf("a", "k", 3, -1),
        inf("a", "k", 2, 1),
    ];
    relations.push(inf("b", "a", 2, 1));
    let single = vec![inf("a", "k", 3, -1), inf("b", "a", 2, 1)];
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    let found = indirect_of(&a, "k");
    assert_eq!(found[0].0, "a");
    assert!(close(found[0].1, 0.9));
    assert_eq!(found[0].2, -1);
    // b: 0.6 × 0.9 = 0.54, negative through a.
    assert_eq!(found[1].0, "b");
    assert!(close(found[1].1, 0.54));
    assert_eq!(found[1].2, -1);
    // Centrality sees one edge, the same whatever the order of the lines.
    let reference = analyze(&people, &single, DEFAULT_THRESHOLD);
    assert_eq!(a.centrality, reference.centrality);
    relations.reverse();
    let reversed = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(reversed.indirect_key_persons, a.indirect_key_persons);
    assert_eq!(reversed.centrality, reference.centrality);
}

/// Key persons ceo (decision maker), cfo (approver), cto (flagged), cio (approver); our
/// staff u1 and u2.
///   u1 covers cfo strong (0.9); u1 covers ceo weak (0.3); cfo -2-> ceo;
///   u2 covers tanaka weak (0.3); tanaka -3-> cto; cfo -3(-)-> cto; cfo -2(-)-> cio;
///   cio -2-> ceo.
fn coverage_account() -> (Vec<Person>, Vec<Relation>) {
    let people = vec![
        staff("u1"),
        staff("u2"),
        decision_maker("ceo", Some(5)),
        approver("cfo", Some(4)),
        flagged("cto", Some(2)),
        approver("cio", None),
        cust("tanaka"),
    ];
    let relations = vec![
        covers("u1", "cfo", 3),
        covers("u1", "ceo", 1),
        inf("cfo", "ceo", 2, 1),
        covers("u2", "tanaka", 1),
        inf("tanaka", "cto", 3, 1),
        inf("cfo", "cto", 3, -1),
        inf("cfo", "cio", 2, -1),
        inf("cio", "ceo", 2, 1),
    ];
    (people, relations)
}

#[test]
fn coverage_gaps_tell_uncovered_from_weak() {
    let (people, relations) = coverage_account();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert_eq!(a.key_persons, ids(&["ceo", "cfo", "cto", "cio"]));
    // ceo: max(0.3 direct, 0.9 × 0.6 = 0.54) = 0.54 >= 0.5: no gap.
    // cfo: 0.9: no gap.
    // cto: 0.3 × 0.9 = 0.27 < 0.5: weak (cfo's strong line to cto is negative, so it is not
    //      in the coverage graph; with it, 0.81).
    // cio: only a negative line leads there: uncovered.
    let gaps: Vec<(&str, GapKind, Option<f64>)> = a
        .coverage_gaps
        .iter()
        .map(|g| (g.person.as_str(), g.kind, g.best_reach))
        .collect();
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert_eq!((gaps[0].0, gaps[0].1), ("cto", GapKind::Weak));
    assert!(close(gaps[0].2.unwrap(), 0.27));
    assert_eq!(gaps[1], ("cio", GapKind::Uncovered, None));
}

#[test]
fn approach_paths_take_the_best_product_from_any_of_our_staff() {
    let (people, relations) = coverage_account();
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    let paths: Vec<(&str, &str, f64, Vec<String>)> = a
        .approach_paths
        .iter()
        .map(|p| {
            (
                p.key_person.as_str(),
                p.from.as_str(),
                p.reach,
                p.path.clone(),
            )
        })
        .collect();
    // One per reachable key person, in key-person order; cio has none.
    // ceo: the two-line path through cfo (0.54) beats u1's weak direct line (0.3).
    let expected = [
        ("ceo", "u1", 0.54, ids(&["u1", "cfo", "ceo"])),
        ("cfo", "u1", 0.9, ids(&["u1", "cfo"])),
        ("cto", "u2", 0.27, ids(&["u2", "tanaka", "cto"])),
    ];
    assert_eq!(paths.len(), expected.len(), "{paths:?}");
    for (got, want) in paths.iter().zip(&expected) {
        assert_eq!((got.0, got.1, &got.3), (want.0, want.1, &want.3));
        assert!(close(got.2, want.2), "{got:?}");
    }
    // A tie: u2 now also reaches the ceo with 0.54 through a contact of their own
    // (u2 covers x medium, x -3-> ceo: 0.6 × 0.9). Equal products of the weights 0.3, 0.6
    // and 0.9 always have the same number of lines (the product is 2^b·3^c/10^hops), so
    // "fewer hops" cannot decide here: the rule itself is unit-tested in
    // src/analysis/network.rs (`fewer_hops_win_a_tie`). Here the answer is one of the two
    // equal paths, with the same reach, and the same on every run.
    let mut people = people;
    people.push(cust("x"));
    let mut relations = relations;
    relations.push(covers("u2", "x", 2));
    relations.push(inf("x", "ceo", 3, 1));
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    let ceo = a
        .approach_paths
        .iter()
        .find(|p| p.key_person == "ceo")
        .unwrap();
    assert!(close(ceo.reach, 0.54));
    assert_eq!(ceo.path.len(), 3);
    assert_eq!(analyze(&people, &relations, DEFAULT_THRESHOLD), a);

    // A direct line shorter than a weaker detour wins on product, not on length: with
    // u1 covering the ceo strongly (0.9) the path is the single line.
    relations.push(covers("u1", "ceo", 3));
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    let ceo = a
        .approach_paths
        .iter()
        .find(|p| p.key_person == "ceo")
        .unwrap();
    assert_eq!(ceo.path, ids(&["u1", "ceo"]));
    assert!(close(ceo.reach, 0.9));
}

#[test]
fn map_status_is_red_amber_or_green() {
    let none: Vec<Relation> = Vec::new();
    let status = |people: Vec<Person>| analyze(&people, &none, DEFAULT_THRESHOLD).map_status;
    // No decision maker or approver at all: red, even with a supportive flagged key person.
    assert_eq!(
        status(vec![flagged("k", Some(5)), cust("c")]),
        MapStatus::Red
    );
    // Decision makers and approvers, none supportive (3, unknown): red.
    assert_eq!(
        status(vec![decision_maker("d", Some(3)), approver("a", None)]),
        MapStatus::Red
    );
    // Some supportive (4) but not all: amber. The flagged key person does not count.
    assert_eq!(
        status(vec![
            decision_maker("d", Some(4)),
            approver("a", Some(2)),
            flagged("k", Some(1))
        ]),
        MapStatus::Amber
    );
    // Every one supportive (4 and 5): green, whatever the others think.
    assert_eq!(
        status(vec![
            decision_maker("d", Some(4)),
            approver("a", Some(5)),
            flagged("k", Some(1)),
            cust("c")
        ]),
        MapStatus::Green
    );
    // A decision maker on another side does not count: red.
    assert_eq!(
        status(vec![someone(
            "p",
            Side::Partner,
            &[Role::DecisionMaker],
            false,
            known(Some(5))
        )]),
        MapStatus::Red
    );
    assert_eq!(analysis::map_status(&[]), MapStatus::Red);
}

#[test]
fn single_threaded_names_the_one_staff_member_holding_every_coverage_line() {
    let people = vec![staff("u1"), staff("u2"), approver("a", Some(4)), cust("b")];
    let st =
        |relations: Vec<Relation>| analyze(&people, &relations, DEFAULT_THRESHOLD).single_threaded;
    assert_eq!(st(vec![]), None, "no coverage line at all");
    assert_eq!(
        st(vec![
            covers("u1", "a", 2),
            covers("u1", "b", 1),
            inf("b", "a", 2, 1)
        ]),
        Some("u1".to_string())
    );
    assert_eq!(st(vec![covers("u1", "a", 2), covers("u2", "b", 1)]), None);
}

#[test]
fn unknown_ratings_lists_the_key_persons_with_any_unknown_rating() {
    let mut partial = approver("price_unknown", Some(4));
    partial.ratings.price = None;
    let mut blank = decision_maker("all_unknown", None);
    blank.ratings = Ratings::default();
    let mut not_key = cust("c");
    not_key.ratings = Ratings::default();
    let people = vec![
        approver("known", Some(4)),
        partial,
        blank,
        flagged("solution_unknown", None),
        not_key,
    ];
    let a = analyze(&people, &[], DEFAULT_THRESHOLD);
    assert_eq!(
        a.unknown_ratings,
        ids(&["price_unknown", "all_unknown", "solution_unknown"])
    );
}

/// p (solution 2) and the key persons around:
///   p -3-> k1 (decision maker, 4); p -2(-)-> k2 (approver, 2);
///   p -1-> m -1-> k3 (flagged, unknown); m -1-> n -1-> o -1-> k4 (approver, 3);
///   k5 (approver) unreachable; q (unknown solution) -2-> k1.
fn what_if_account() -> (Vec<Person>, Vec<Relation>) {
    let mut q = cust("q");
    q.ratings.solution = None;
    let people = vec![
        staff("u1"),
        cust("p"),
        decision_maker("k1", Some(4)),
        approver("k2", Some(2)),
        flagged("k3", None),
        approver("k4", Some(3)),
        approver("k5", Some(3)),
        cust("m"),
        cust("n"),
        cust("o"),
        q,
    ];
    let mut people = people;
    people[1].ratings.solution = Some(2);
    let relations = vec![
        inf("p", "k1", 3, 1),
        inf("p", "k2", 2, -1),
        inf("p", "m", 1, 1),
        inf("m", "k3", 1, 1),
        inf("m", "n", 1, 1),
        inf("n", "o", 1, 1),
        inf("o", "k4", 1, 1),
        inf("q", "k1", 2, 1),
    ];
    (people, relations)
}

#[test]
fn what_if_moves_key_persons_by_reach_and_sign_and_clamps() {
    let (people, relations) = what_if_account();
    // p from 2 to 5: X - s_p = 3.
    //   k1: 3 × 0.9 × +1 = +2.7, 4 + 2.7 = 6.7 -> clamped to 5
    //   k2: 3 × 0.6 × -1 = -1.8, 2 - 1.8 = 0.2 -> clamped to 1
    //   k3: 3 × (0.3 × 0.3) = +0.27, unknown counts as 3 -> 3.27
    //   k4: 3 × 0.3^4 = 0.0243 < 0.05 -> not reported; k5 unreachable -> not reported
    let effects = what_if(&people, &relations, "p", 5).unwrap();
    let expected = [
        ("k1", 0.9, 1, Some(4), 2.7, 5.0),
        ("k2", 0.6, -1, Some(2), -1.8, 1.0),
        ("k3", 0.09, 1, None, 0.27, 3.27),
    ];
    assert_eq!(effects.len(), expected.len(), "{effects:?}");
    for (e, (k, reach, pol, before, shift, projected)) in effects.iter().zip(expected) {
        let WhatIfEffect {
            key_person,
            reach: r,
            polarity,
            before: b,
            shift: s,
            projected: p,
        } = e;
        assert_eq!((key_person.as_str(), *polarity, *b), (k, pol, before));
        assert!(
            close(*r, reach) && close(*s, shift) && close(*p, projected),
            "{e:?}"
        );
    }

    // Down to 1: X - s_p = -1. k1: -0.9 -> 3.1; k2: +0.6 -> 2.6; k3: -0.09 -> 2.91.
    let effects = what_if(&people, &relations, "p", 1).unwrap();
    let got: Vec<(&str, f64, f64)> = effects
        .iter()
        .map(|e| (e.key_person.as_str(), e.shift, e.projected))
        .collect();
    assert_eq!(got.len(), 3);
    for ((k, s, p), (ek, es, ep)) in
        got.into_iter()
            .zip([("k1", -0.9, 3.1), ("k2", 0.6, 2.6), ("k3", -0.09, 2.91)])
    {
        assert_eq!(k, ek);
        assert!(close(s, es) && close(p, ep), "{k}: {s} {p}");
    }

    // Unchanged value: no shift at all.
    assert!(what_if(&people, &relations, "p", 2).unwrap().is_empty());
    // q's acceptance is unknown: counted as 3, so 5 is +2: k1 moves 2 × 0.6 = 1.2.
    let effects = what_if(&people, &relations, "q", 5).unwrap();
    assert_eq!(effects.len(), 1);
    assert!(close(effects[0].shift, 1.2) && close(effects[0].projected, 5.0));
    // A key person's own change moves other key persons only; our staff member without
    // influence lines moves nobody.
    assert!(what_if(&people, &relations, "k1", 1).unwrap().is_empty());
    assert!(what_if(&people, &relations, "u1", 5).unwrap().is_empty());

    assert!(matches!(
        what_if(&people, &relations, "nobody", 5),
        Err(Error::NotFound { what: "person", .. })
    ));
    for bad in [0, 6] {
        assert!(matches!(
            what_if(&people, &relations, "p", bad),
            Err(Error::Invalid { .. })
        ));
    }
}

#[test]
fn centrality_of_a_small_graph_by_hand() {
    // a -> b -> c, and d with no line at all.
    let people = vec![cust("a"), cust("b"), cust("c"), cust("d")];
    let relations = vec![inf("a", "b", 2, 1), inf("b", "c", 3, -1)];
    let a = analyze(&people, &relations, DEFAULT_THRESHOLD);
    // Betweenness: only a -> c passes through b; normalised by (n-1)(n-2) = 6.
    let bc = &a.centrality.betweenness;
    assert!(close(bc["b"], 1.0 / 6.0));
    for v in ["a", "c", "d"] {
        assert_eq!(bc[v], 0.0);
    }
    // PageRank: c and d are dangling. With q = PR(a) = PR(d), PR(b) = 0.85 q + q = 1.85 q,
    // PR(c) = 0.85 × 1.85 q + q = 2.5725 q, and the sum 6.4225 q = 1. The iteration stops
    // within N × 1e-6 of the change, so compare to 1e-5. (Weights do not matter here: each
    // node has at most one out-line.)
    let pr = &a.centrality.pagerank;
    let q = 1.0 / 6.4225;
    for (v, want) in [("a", q), ("b", 1.85 * q), ("c", 2.5725 * q), ("d", q)] {
        assert!((pr[v] - want).abs() < 1e-5, "{v}: {} vs {want}", pr[v]);
    }
    assert!((pr.values().sum::<f64>() - 1.0).abs() < 1e-9);
}

fn person_input(id: &str, side: Side, roles: &[Role], solution: Option<u8>) -> PersonInput {
    PersonInput {
        id: Some(id.into()),
        side: Some(side),
        name: format!("Name of {id}"),
        roles: roles.to_vec(),
        ratings: Ratings {
            intimacy: Some(3),
            solution,
            price: Some(3),
        },
        ..Default::default()
    }
}

#[test]
fn the_workspace_analyses_an_account_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("a.stakemap")).unwrap();
    let account = ws
        .write(|tx| {
            let account = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            for p in [
                person_input("u1", Side::Ours, &[], None),
                person_input("cfo", Side::Customer, &[Role::Approver], Some(4)),
                person_input("sato", Side::Customer, &[], Some(2)),
                person_input("tanaka", Side::Customer, &[], Some(3)),
            ] {
                tx.add_person(&account.id, &p)?;
            }
            for (kind, from, to, strength) in [
                (RelationKind::Influence, "sato", "tanaka", 3),
                (RelationKind::Influence, "tanaka", "cfo", 2),
                (RelationKind::Covers, "u1", "tanaka", 3),
            ] {
                tx.add_relation(
                    &account.id,
                    &RelationInput {
                        kind,
                        from: from.into(),
                        to: to.into(),
                        strength: Some(strength),
                        sign: None,
                        note: String::new(),
                    },
                )?;
            }
            Ok(account)
        })
        .unwrap();

    let a = ws.analyze(&account.id, DEFAULT_THRESHOLD).unwrap();
    let people = ws.people(&account.id).unwrap();
    let relations = ws.relations(&account.id).unwrap();
    // The workspace's analysis is the free function's, plus the iron-triangle roles nobody
    // holds for this account (none is set here).
    assert_eq!(a.missing_team_roles, stakemap_core::TeamRole::ALL);
    let mut free = analyze(&people, &relations, DEFAULT_THRESHOLD);
    assert!(free.missing_team_roles.is_empty());
    free.missing_team_roles = a.missing_team_roles.clone();
    assert_eq!(a, free);
    // sato -> tanaka -> cfo: 0.9 × 0.6 = 0.54; u1 -> tanaka -> cfo: 0.9 × 0.6 = 0.54.
    let sato = indirect_of(&a, "cfo");
    assert_eq!(sato[1].0, "sato");
    assert!(close(sato[1].1, 0.54));
    assert_eq!(a.approach_paths[0].path, ids(&["u1", "tanaka", "cfo"]));
    assert_eq!(a.single_threaded.as_deref(), Some("u1"));
    assert_eq!(a.map_status, MapStatus::Green);

    // The JSON the CLI and the UI receive: snake_case kinds, null best reach, sorted maps.
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["map_status"], "green");
    assert_eq!(json["indirect_key_persons"][1]["path"][0], "sato");

    // sato from 2 to 5: +3 × 0.54 on the CFO (4) -> 5.62 -> 5.
    let effects = ws.what_if(&account.id, "sato", 5).unwrap();
    assert_eq!(effects.len(), 1);
    assert!(close(effects[0].shift, 1.62) && effects[0].projected == 5.0);

    for bad in [0.0, -1.0, 1.01, f64::NAN] {
        let err = ws.analyze(&account.id, bad).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{bad}: {err:?}");
        assert!(err.to_string().contains("threshold"), "{err}");
    }
    assert!(matches!(
        ws.analyze("no-such-account", DEFAULT_THRESHOLD),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        ws.what_if(&account.id, "nobody", 4),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        ws.what_if(&account.id, "sato", 9),
        Err(Error::Invalid { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Krackhardt's high-tech managers.

struct Krackhardt {
    people_csv: String,
    relations_csv: String,
    /// LEVEL of each manager (1 president, 2 vice-president, 3 manager).
    level: BTreeMap<String, u8>,
    /// Advice ties as influence: adviser (alter) -> who asks (ego).
    advice: Vec<(String, String)>,
    president: String,
}

/// The conversion of crates/stakemap-cli/tests/import.rs, with roles (the president is the
/// decision maker, the vice-presidents approvers) and one account manager of ours who
/// covers the president strongly.
fn krackhardt() -> Krackhardt {
    let dir = krackhardt::dir();
    let attributes = std::fs::read_to_string(dir.join("Krack-High-Tec-Attributes.csv")).unwrap();
    let mut lines = attributes.lines();
    let header: Vec<&str> = lines.next().unwrap().trim().split(',').collect();
    assert_eq!(header, ["ID", "AGE", "TENURE", "LEVEL", "DEPT"]);
    let mut people_csv = String::from("id,name,title,department,side,roles\n");
    let mut level = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let c: Vec<&str> = line.trim().split(',').collect();
        let (title, roles) = match c[3] {
            "1" => ("President", "decision_maker"),
            "2" => ("Vice-president", "approver"),
            _ => ("Manager", ""),
        };
        level.insert(c[0].to_string(), c[3].parse::<u8>().unwrap());
        people_csv.push_str(&format!(
            "{},Manager {},{title},Department {},customer,{roles}\n",
            c[0], c[0], c[4]
        ));
    }
    people_csv.push_str("am,Our account manager,Account manager,,ours,\n");
    let president = level
        .iter()
        .find(|(_, l)| **l == 1)
        .map(|(id, _)| id.clone())
        .expect("one manager at LEVEL 1");

    let reports = krackhardt::ties(&dir.join("Krack-High-Tec-edgelist-ReportsTo.txt"));
    let advice: Vec<(String, String)> =
        krackhardt::ties(&dir.join("Krack-High-Tec-edgelist-Advice.txt"))
            .into_iter()
            .map(|(ego, alter)| (alter, ego))
            .collect();
    let mut relations_csv = String::from("from,to,kind,strength,sign,note\n");
    for (ego, alter) in &reports {
        relations_csv.push_str(&format!("{ego},{alter},reports_to,,,\n"));
    }
    for (adviser, asker) in &advice {
        relations_csv.push_str(&format!("{adviser},{asker},influence,,,advice\n"));
    }
    relations_csv.push_str(&format!("am,{president},covers,3,,\n"));
    Krackhardt {
        people_csv,
        relations_csv,
        level,
        advice,
        president,
    }
}

/// Breadth-first distances (in lines) from `start` along `edges` (from -> to).
fn distances(edges: &[(String, String)], start: &str) -> HashMap<String, usize> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for (a, b) in edges {
        out.entry(a.as_str()).or_default().push(b.as_str());
    }
    let mut dist = HashMap::from([(start.to_string(), 0)]);
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(v) = queue.pop_front() {
        let d = dist[&v];
        for w in out.get(v.as_str()).into_iter().flatten() {
            if !dist.contains_key(*w) {
                dist.insert(w.to_string(), d + 1);
                queue.push_back(w.to_string());
            }
        }
    }
    dist
}

/// Betweenness by its definition, from all-pairs BFS distances and path counts:
/// b(v) = Σ_{s≠v≠t} σ_st(v)/σ_st with σ_st(v) = σ_sv σ_vt when d(s,v) + d(v,t) = d(s,t),
/// normalised by (n-1)(n-2).
fn betweenness_by_definition(
    nodes: &[String],
    edges: &[(String, String)],
) -> BTreeMap<String, f64> {
    let n = nodes.len();
    let ix: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), i))
        .collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in edges {
        out[ix[a.as_str()]].push(ix[b.as_str()]);
    }
    let mut d = vec![vec![usize::MAX; n]; n];
    let mut sigma = vec![vec![0f64; n]; n];
    for s in 0..n {
        d[s][s] = 0;
        sigma[s][s] = 1.0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &out[v] {
                if d[s][w] == usize::MAX {
                    d[s][w] = d[s][v] + 1;
                    queue.push_back(w);
                }
                if d[s][w] == d[s][v] + 1 {
                    sigma[s][w] += sigma[s][v];
                }
            }
        }
    }
    let mut bc = vec![0.0; n];
    for s in 0..n {
        for t in 0..n {
            if s == t || d[s][t] == usize::MAX {
                continue;
            }
            for v in 0..n {
                if v != s
                    && v != t
                    && d[s][v] != usize::MAX
                    && d[v][t] != usize::MAX
                    && d[s][v] + d[v][t] == d[s][t]
                {
                    bc[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                }
            }
        }
    }
    let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
    nodes
        .iter()
        .cloned()
        .zip(bc.into_iter().map(|b| b * scale))
        .collect()
}

#[test]
fn krackhardt_high_tec_advice_network() {
    let data = krackhardt();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("krackhardt.stakemap")).unwrap();
    let report = import::import_generic(
        &mut ws,
        "High-Tec",
        data.people_csv.as_bytes(),
        Some(data.relations_csv.as_bytes()),
    )
    .unwrap();
    assert_eq!(report.people_added, 22);
    let a = ws.analyze(&report.account_id, DEFAULT_THRESHOLD).unwrap();

    // Key persons: the president and the vice-presidents of the data.
    let keys: BTreeSet<&str> = data
        .level
        .iter()
        .filter(|(_, l)| **l <= 2)
        .map(|(id, _)| id.as_str())
        .collect();
    let got: BTreeSet<&str> = a.key_persons.iter().map(String::as_str).collect();
    assert_eq!(got, keys);
    println!(
        "key persons {:?}; {} advice ties",
        a.key_persons,
        data.advice.len()
    );

    // Indirect key persons: every advice line is medium (0.6), so reach = 0.6^d where d is
    // the number of advice lines from P to K; at 0.25 that is d <= 2 (0.36; 0.6^3 = 0.216).
    let reversed: Vec<(String, String)> = data
        .advice
        .iter()
        .map(|(a, b)| (b.clone(), a.clone()))
        .collect();
    for k in &keys {
        let to_k = distances(&reversed, k);
        let mut expected: BTreeMap<String, f64> = to_k
            .iter()
            .filter(|(p, d)| p.as_str() != *k && **d <= 2)
            .map(|(p, d)| (p.clone(), 0.6f64.powi(*d as i32)))
            .collect();
        let found = indirect_of(&a, k);
        println!(
            "{k}: {} indirect key persons ({} advise directly)",
            found.len(),
            found.iter().filter(|f| f.3.len() == 2).count()
        );
        for (p, reach, polarity, path) in &found {
            let want = expected
                .remove(p)
                .unwrap_or_else(|| panic!("{p} is not within two advice lines of {k}"));
            assert!(close(*reach, want), "{p} -> {k}: {reach} vs {want}");
            assert_eq!(*polarity, 1);
            assert_eq!(path.len(), to_k[p] + 1, "{p} -> {k}: {path:?}");
            assert_eq!(
                (path[0].as_str(), path[path.len() - 1].as_str()),
                (p.as_str(), *k)
            );
            for w in path.windows(2) {
                assert!(
                    data.advice.contains(&(w[0].clone(), w[1].clone())),
                    "{w:?} is an advice tie"
                );
            }
        }
        assert!(expected.is_empty(), "{k}: missing {expected:?}");
        // Ranked by reach.
        assert!(found.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    // Coverage: our account manager covers the president strongly (0.9); from there the
    // advice lines (all positive) lead on: best reach 0.9 × 0.6^d, weak from d = 2 on.
    let from_president = distances(&data.advice, &data.president);
    for k in &keys {
        let gap = a.coverage_gaps.iter().find(|g| g.person == *k);
        let path = a.approach_paths.iter().find(|p| p.key_person == *k);
        match from_president.get(*k) {
            None => {
                assert_eq!(gap.map(|g| g.kind), Some(GapKind::Uncovered), "{k}");
                assert!(path.is_none());
            }
            Some(&d) => {
                let want = 0.9 * 0.6f64.powi(d as i32);
                let path = path.unwrap_or_else(|| panic!("no approach path to {k}"));
                assert!(close(path.reach, want), "{k}: {} vs {want}", path.reach);
                assert_eq!(path.from, "am");
                assert_eq!(path.path.len(), d + 2);
                if want < 0.5 {
                    assert_eq!(gap.map(|g| g.kind), Some(GapKind::Weak), "{k}");
                } else {
                    assert!(gap.is_none(), "{k}: {gap:?}");
                }
            }
        }
    }
    assert_eq!(a.single_threaded.as_deref(), Some("am"));
    // No ratings in the data: red, and every key person has unknown ratings.
    assert_eq!(a.map_status, MapStatus::Red);
    assert_eq!(a.unknown_ratings, a.key_persons);

    // Centrality over the 21 managers (our account manager has no influence line).
    let nodes: Vec<String> = data.level.keys().cloned().collect();
    assert_eq!(
        a.centrality.betweenness.keys().cloned().collect::<Vec<_>>(),
        nodes
    );
    let want = betweenness_by_definition(&nodes, &data.advice);
    for (v, b) in &a.centrality.betweenness {
        assert!(
            (b - want[v]).abs() < 1e-9,
            "betweenness of {v}: {b} vs {}",
            want[v]
        );
    }
    let broker = a
        .centrality
        .betweenness
        .iter()
        .max_by(|x, y| x.1.total_cmp(y.1))
        .unwrap();
    println!(
        "top broker of advice: manager {} ({:.3})",
        broker.0, broker.1
    );

    // PageRank: sums to 1 and is the fixed point of the damped walk (all weights equal, so
    // each out-line carries 1/out-degree; the mass of managers nobody asks spread evenly),
    // to the tolerance of the iteration.
    let pr = &a.centrality.pagerank;
    assert!((pr.values().sum::<f64>() - 1.0).abs() < 1e-9);
    let n = nodes.len() as f64;
    let mut out_deg: HashMap<&str, f64> = HashMap::new();
    for (a, _) in &data.advice {
        *out_deg.entry(a.as_str()).or_default() += 1.0;
    }
    let dangling: f64 = nodes
        .iter()
        .filter(|v| !out_deg.contains_key(v.as_str()))
        .map(|v| pr[v])
        .sum();
    let mut next: BTreeMap<&str, f64> = nodes.iter().map(|v| (v.as_str(), dangling / n)).collect();
    for (a, b) in &data.advice {
        *next.get_mut(b.as_str()).unwrap() += pr[a] / out_deg[a.as_str()];
    }
    let residual: f64 = nodes
        .iter()
        .map(|v| (0.85 * next[v.as_str()] + 0.15 / n - pr[v]).abs())
        .sum();
    assert!(residual < n * 1e-6, "PageRank residual {residual}");
    let top = pr.iter().max_by(|x, y| x.1.total_cmp(y.1)).unwrap();
    println!("highest PageRank: manager {} ({:.4})", top.0, top.1);
}
