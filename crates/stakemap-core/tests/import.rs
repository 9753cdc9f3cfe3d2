//! The generic CSV import: what it writes, how a re-import updates, and how every bad row
//! is reported while nothing is written.

use stakemap_core::import::{import_generic, ImportReport};
use stakemap_core::{
    Account, Error, InfluenceLevel, Person, RatingKind, Relation, RelationKind, Role, Side,
    Workspace,
};

const PEOPLE: &str = "\u{feff}id,name,reading,title,department,side,roles,key,influence,intimacy,solution,price,notes,extra\r\n\
c1,Aiko Sato,SATO Aiko,President,Board,customer,decision_maker,yes,high,3,4,2,\"Golf on Sundays,\r\nalumna of Keio\",ignored\r\n\
c2,Ben Ito,,CFO,Finance,,approver;evaluator,no,medium,,,,,\r\n\
c3,Chie Mori,,Buyer,Procurement,customer,procurement,0,low,2,,,,\r\n\
u1,Dan Oda,,Account manager,Sales,ours,,,,,,,,\r\n\
x1,Eve Kato,,Consultant,,consultant,influencer,false,,,,,,\r\n";

const RELATIONS: &str = "from,to,kind,strength,sign,note\n\
c2,c1,reports_to,,,\n\
c3,c2,reports_to,1,,\n\
c3,c1,dotted_line,,,project sponsor\n\
x1,c1,influence,3,+,trusted adviser\n\
c3,x1,influence,2,-,rivals\n\
u1,c1,covers,,,\n";

fn temp() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path().join("import.stakemap")).unwrap();
    (dir, ws)
}

fn import(
    ws: &mut Workspace,
    account: &str,
    people: &str,
    relations: Option<&str>,
) -> ImportReport {
    import_generic(ws, account, people.as_bytes(), relations.map(str::as_bytes))
        .unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// Everything an import can change: accounts, their people and lines, rating histories.
#[derive(Debug, PartialEq)]
struct Snapshot {
    accounts: Vec<Account>,
    people: Vec<Vec<Person>>,
    relations: Vec<Vec<Relation>>,
    history: Vec<usize>,
}

fn snapshot(ws: &Workspace) -> Snapshot {
    let accounts = ws.accounts().unwrap();
    let people: Vec<Vec<Person>> = accounts.iter().map(|a| ws.people(&a.id).unwrap()).collect();
    let history = people
        .iter()
        .flatten()
        .map(|p| ws.rating_history(&p.id).unwrap().len())
        .collect();
    Snapshot {
        relations: accounts
            .iter()
            .map(|a| ws.relations(&a.id).unwrap())
            .collect(),
        people,
        accounts,
        history,
    }
}

/// Runs an import that must be refused; checks it changed nothing and returns its rows.
fn refused(
    ws: &mut Workspace,
    account: &str,
    people: &str,
    relations: Option<&str>,
) -> Vec<String> {
    let before = snapshot(ws);
    let err = import_generic(ws, account, people.as_bytes(), relations.map(str::as_bytes))
        .expect_err("the import must be refused");
    assert_eq!(err.kind(), "import_rejected", "{err}");
    assert_eq!(
        snapshot(ws),
        before,
        "a refused import must not write anything"
    );
    match err {
        Error::ImportRejected { rows } => rows,
        other => panic!("unexpected error {other:?}"),
    }
}

fn line<'a>(relations: &'a [Relation], kind: RelationKind, from: &str, to: &str) -> &'a Relation {
    relations
        .iter()
        .find(|r| r.kind == kind && r.from == from && r.to == to)
        .unwrap_or_else(|| panic!("no {kind} line {from} -> {to} in {relations:?}"))
}

#[test]
fn happy_path_imports_every_column_from_a_file_with_bom() {
    let (_d, mut ws) = temp();
    let report = import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    assert!(report.account_created);
    assert_eq!(report.account_name, "Acme");
    assert_eq!(
        (
            report.people_added,
            report.people_updated,
            report.lines_added,
            report.lines_updated
        ),
        (5, 0, 6, 0)
    );
    let account = ws.account_by_name("Acme").unwrap().unwrap();
    assert_eq!(account.id, report.account_id);

    let aiko = ws.person("c1").unwrap();
    assert_eq!(aiko.account_id.as_deref(), Some(account.id.as_str()));
    assert_eq!(aiko.side, Side::Customer);
    assert_eq!(aiko.name, "Aiko Sato");
    assert_eq!(aiko.reading, "SATO Aiko");
    assert_eq!(aiko.title, "President");
    assert_eq!(aiko.department, "Board");
    assert_eq!(aiko.roles, vec![Role::DecisionMaker]);
    assert!(aiko.key_person);
    assert_eq!(aiko.influence, Some(InfluenceLevel::High));
    assert_eq!(
        (
            aiko.ratings.intimacy,
            aiko.ratings.solution,
            aiko.ratings.price
        ),
        (Some(3), Some(4), Some(2))
    );
    assert_eq!(aiko.notes, "Golf on Sundays,\r\nalumna of Keio");

    let ben = ws.person("c2").unwrap();
    assert_eq!(ben.side, Side::Customer, "empty side means customer");
    let mut roles = ben.roles.clone();
    roles.sort();
    assert_eq!(roles, vec![Role::Approver, Role::Evaluator]);
    assert!(!ben.key_person);
    assert_eq!(ben.ratings.intimacy, None, "empty rating is unknown");

    let dan = ws.person("u1").unwrap();
    assert_eq!((dan.side, dan.account_id), (Side::Ours, None));
    assert_eq!(ws.person("x1").unwrap().side, Side::Consultant);

    let relations = ws.relations(&account.id).unwrap();
    assert_eq!(relations.len(), 6);
    let r = line(&relations, RelationKind::ReportsTo, "c2", "c1");
    assert_eq!((r.strength, r.sign), (2, 1), "defaults");
    assert_eq!(
        line(&relations, RelationKind::ReportsTo, "c3", "c2").strength,
        1
    );
    assert_eq!(
        line(&relations, RelationKind::DottedLine, "c3", "c1").note,
        "project sponsor"
    );
    let r = line(&relations, RelationKind::Influence, "x1", "c1");
    assert_eq!(
        (r.strength, r.sign, r.note.as_str()),
        (3, 1, "trusted adviser")
    );
    let r = line(&relations, RelationKind::Influence, "c3", "x1");
    assert_eq!((r.strength, r.sign), (2, -1));
    line(&relations, RelationKind::Covers, "u1", "c1");
}

#[test]
fn reimport_updates_people_and_lines_without_duplicates() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    let account = ws.account_by_name("Acme").unwrap().unwrap();
    // Something the user typed in the app, which the file format does not carry.
    ws.write(|tx| {
        let mut input = stakemap_core::PersonInput {
            id: Some("c2".into()),
            side: Some(Side::Customer),
            name: "Ben Ito".into(),
            title: "CFO".into(),
            department: "Finance".into(),
            level: Some(2),
            email: "ben@example.com".into(),
            roles: vec![Role::Approver, Role::Evaluator],
            influence: Some(InfluenceLevel::Medium),
            ..Default::default()
        };
        input.ratings.intimacy = None;
        tx.update_person("c2", &input)
    })
    .unwrap();

    let people = PEOPLE
        .replace("President,Board", "Chair,Board")
        .replace("high,3,4,2", "high,5,4,2");
    let relations = RELATIONS.replace(
        "x1,c1,influence,3,+,trusted adviser",
        "x1,c1,influence,1,-,cooled off",
    );
    let report = import(&mut ws, "Acme", &people, Some(&relations));
    assert!(!report.account_created);
    assert_eq!(report.account_id, account.id);
    assert_eq!(
        (
            report.people_added,
            report.people_updated,
            report.lines_added,
            report.lines_updated
        ),
        (0, 5, 0, 6)
    );

    let all = ws.people(&account.id).unwrap();
    assert_eq!(all.len(), 5, "no duplicated people: {all:?}");
    let aiko = ws.person("c1").unwrap();
    assert_eq!(aiko.title, "Chair");
    assert_eq!(aiko.ratings.intimacy, Some(5));
    let history: Vec<Option<u8>> = ws
        .rating_history("c1")
        .unwrap()
        .into_iter()
        .filter(|c| c.rating == RatingKind::Intimacy)
        .map(|c| c.value)
        .collect();
    assert_eq!(
        history,
        vec![Some(3), Some(5)],
        "the change is in the history"
    );
    let solution_changes = ws
        .rating_history("c1")
        .unwrap()
        .iter()
        .filter(|c| c.rating == RatingKind::Solution)
        .count();
    assert_eq!(solution_changes, 1, "an unchanged rating records nothing");

    let ben = ws.person("c2").unwrap();
    assert_eq!(ben.level, Some(2), "columns the format lacks are kept");
    assert_eq!(ben.email, "ben@example.com");

    let relations = ws.relations(&account.id).unwrap();
    assert_eq!(relations.len(), 6, "no duplicated lines: {relations:?}");
    let r = line(&relations, RelationKind::Influence, "x1", "c1");
    assert_eq!((r.strength, r.sign, r.note.as_str()), (1, -1, "cooled off"));

    // A third import with the same files changes nothing at all.
    let before = snapshot(&ws);
    import(&mut ws, "Acme", &people, Some(&relations_text(&relations)));
    assert_eq!(snapshot(&ws), before);
}

fn relations_text(relations: &[Relation]) -> String {
    let mut out = String::from("from,to,kind,strength,sign,note\n");
    for r in relations {
        let sign = if r.sign < 0 { "-" } else { "+" };
        out.push_str(&format!(
            "{},{},{},{},{sign},\"{}\"\n",
            r.from, r.to, r.kind, r.strength, r.note
        ));
    }
    out
}

#[test]
fn a_reorganisation_is_not_taken_for_a_cycle() {
    let (_d, mut ws) = temp();
    let people = "id,name\na,Ann\nb,Bob\nc,Cem\nd,Dai\n";
    import(
        &mut ws,
        "Acme",
        people,
        Some("from,to,kind\nb,a,reports_to\nc,a,reports_to\nd,c,reports_to\n"),
    );
    // Cem now reports to Dai, who moves up under Ann. Row by row, the first line would
    // close a cycle with the old chart (Dai reported to Cem); the file as a whole has none.
    let report = import(
        &mut ws,
        "Acme",
        people,
        Some("from,to,kind\nc,d,reports_to\nd,a,reports_to\n"),
    );
    assert_eq!((report.lines_added, report.lines_updated), (2, 0));
    let account = ws.account_by_name("Acme").unwrap().unwrap();
    let mut chart: Vec<(String, String)> = ws
        .relations(&account.id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (r.from, r.to))
        .collect();
    chart.sort();
    let expected: Vec<(String, String)> = [("b", "a"), ("c", "d"), ("d", "a")]
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    assert_eq!(chart, expected);
}

#[test]
fn a_reporting_cycle_is_refused_naming_the_people() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    let relations = format!("{RELATIONS}c1,c3,reports_to,,,\n");
    let rows = refused(&mut ws, "Acme", PEOPLE, Some(&relations));
    assert_eq!(
        rows,
        vec![
            "relations.csv line 8: this reporting line would make a cycle: Aiko Sato → Chie Mori → Ben Ito → Aiko Sato"
        ]
    );
}

#[test]
fn a_bad_csv_row_is_reported_with_its_file_line() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    // Line 2 holds a cell over three lines, so the bad rows are on lines 5 and 7.
    let people = "id,name,notes\n\
                  n1,Nao,\"first\nsecond\nthird\"\n\
                  n2,Noa,\"Likes tea, and cats\",oops\n\
                  \n\
                  ,Nobody,\n\
                  n3,,\n";
    let rows = refused(&mut ws, "Acme", people, None);
    assert_eq!(
        rows,
        vec![
            "people.csv line 5: the row has 4 cells but the header has 3; a cell that contains a comma must be in double quotes",
            "people.csv line 7: id is empty; every person needs an id that stays the same from one import to the next",
            "people.csv line 8: name is empty; every person needs a name",
        ]
    );
    assert!(
        ws.person("n1").is_err(),
        "the good row was not written either"
    );
}

#[test]
fn an_unknown_side_is_refused() {
    let (_d, mut ws) = temp();
    let people = "id,name,side\nv1,Vic,vendor\nv2,Val,partner\n";
    let rows = refused(&mut ws, "Acme", people, None);
    assert_eq!(
        rows,
        vec!["people.csv line 2: side 'vendor' is not one of: customer, ours, partner, consultant, competitor"]
    );
    assert!(ws.accounts().unwrap().is_empty(), "not even the account");
}

#[test]
fn a_rating_out_of_range_is_refused() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    let people = PEOPLE
        .replace("high,3,4,2", "high,7,4,2")
        .replace("low,2,,", "low,2,x,");
    let rows = refused(&mut ws, "Acme", &people, Some(RELATIONS));
    assert_eq!(
        rows,
        vec![
            "people.csv line 2: intimacy 7 is out of range; use 1 to 5, or leave it empty for unknown",
            "people.csv line 5: solution 'x' is not a number; use 1 to 5, or leave it empty for unknown",
        ]
    );
}

#[test]
fn an_id_held_by_another_account_is_refused() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    let rows = refused(
        &mut ws,
        "Globex",
        "id,name,side\ng1,Gus,\nc2,Ben Ito,\n",
        Some("from,to,kind\ng1,c2,reports_to\n"),
    );
    assert_eq!(
        rows,
        vec!["people.csv line 3: id 'c2' is already used by a person of account Acme; give this person another id"]
    );
}

#[test]
fn our_staff_are_shared_but_their_ids_are_not_free() {
    let (_d, mut ws) = temp();
    import(&mut ws, "Acme", PEOPLE, Some(RELATIONS));
    // Our account manager covers a second account, updated (not duplicated) from its file.
    let report = import(
        &mut ws,
        "Globex",
        "id,name,title,side\ng1,Gus,CEO,\nu1,Dan Oda,Senior account manager,ours\n",
        Some("from,to,kind\nu1,g1,covers\n"),
    );
    assert_eq!((report.people_added, report.people_updated), (1, 1));
    assert_eq!(ws.person("u1").unwrap().title, "Senior account manager");
    let rows = refused(&mut ws, "Globex", "id,name\nu1,Dan Oda\n", None);
    assert_eq!(
        rows,
        vec!["people.csv line 2: id 'u1' is already used by a person of our own team; give this person another id, or set side to ours to update our staff member"]
    );
}

#[test]
fn every_bad_relation_row_is_listed() {
    let (_d, mut ws) = temp();
    let relations = "from,to,kind,strength,sign\n\
                     c2,c1,reports_to,,\n\
                     c3,c1,manages,,\n\
                     c3,c9,influence,4,*\n\
                     c3,c3,influence,,\n\
                     c2,c3,reports_to,,\n\
                     c2,c1,reports_to,,\n\
                     c1,x1,covers,,\n";
    let rows = refused(&mut ws, "Acme", PEOPLE, Some(relations));
    assert_eq!(
        rows,
        vec![
            "relations.csv line 3: kind 'manages' is not one of: reports_to, dotted_line, influence, covers",
            "relations.csv line 4: strength '4' is not one of: 1 (weak), 2 (medium), 3 (strong)",
            "relations.csv line 4: sign '*' is not + or -",
            "relations.csv line 5: from and to are both 'c3'; a line joins two different people",
            "relations.csv line 6: 'c2' already reports to 'c1' on line 2; a person has one manager (use dotted_line for another)",
            "relations.csv line 7: the same reports_to line from 'c2' to 'c1' is also on line 2",
            "relations.csv line 8: invalid coverage: coverage goes from one of our staff to a person of this account",
        ]
    );
    let rows = refused(
        &mut ws,
        "Acme",
        PEOPLE,
        Some("from,to,kind\nc3,c9,influence\n"),
    );
    assert_eq!(
        rows,
        vec!["relations.csv line 2: to 'c9' is not in people.csv, on this account or among our own staff"]
    );
}

#[test]
fn headers_and_encoding_are_checked() {
    let (_d, mut ws) = temp();
    let rows = refused(
        &mut ws,
        "Acme",
        "ID,Title\nc1,CEO\n",
        Some("source,target,kind\n"),
    );
    assert_eq!(
        rows,
        vec![
            "people.csv line 1: the header has no column 'name'; the first line must name the columns, e.g. id,name,title,department,side",
            "relations.csv line 1: the header has no columns 'from', 'to'; the first line must name the columns, e.g. from,to,kind,strength,sign,note",
        ]
    );
    let before = snapshot(&ws);
    let err = import_generic(&mut ws, "Acme", b"id,name\nc1,Jos\xe9\n", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "nothing was imported; fix these rows and import again:\n\
         people.csv line 2: the file is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8) and import again"
    );
    let err = import_generic(&mut ws, "Acme", b"", None).unwrap_err();
    assert!(
        err.to_string()
            .contains("people.csv line 1: the file is empty"),
        "{err}"
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn a_cycle_through_stored_lines_and_the_file_is_refused_naming_the_people() {
    let (_d, mut ws) = temp();
    let people = "id,name\na,Ann\nb,Bob\nc,Cem\nd,Dai\ne,Eri\n";
    import(
        &mut ws,
        "Acme",
        people,
        Some("from,to,kind\nb,a,reports_to\n"),
    );
    import(
        &mut ws,
        "Acme",
        people,
        Some("from,to,kind\nc,b,reports_to\n"),
    );
    // Ann would report to Dai, who reports to Cem (this file), who reports to Bob, who
    // reports to Ann (both stored). Eri's line is fine.
    let rows = refused(
        &mut ws,
        "Acme",
        people,
        Some("from,to,kind\ne,a,reports_to\nd,c,reports_to\na,d,reports_to\n"),
    );
    assert_eq!(
        rows,
        vec!["relations.csv line 4: this reporting line would make a cycle: Ann → Dai → Cem → Bob → Ann"]
    );
}

#[test]
fn the_same_influence_or_coverage_line_twice_in_a_file_is_refused_naming_both_rows() {
    let (_d, mut ws) = temp();
    let twice = format!("{RELATIONS}x1,c1,influence,1,+,again\nu1,c1,covers,3,,\n");
    let rows = refused(&mut ws, "Acme", PEOPLE, Some(&twice));
    assert_eq!(
        rows,
        vec![
            "relations.csv line 8: the same influence line from 'x1' to 'c1' is also on line 5",
            "relations.csv line 9: the same covers line from 'u1' to 'c1' is also on line 7",
        ]
    );
}
