//! The data exports against the programs that read them: GraphML through networkx (in a
//! python3 subprocess), the CSV files through our own generic import, and the JSON export
//! through a merge into an empty workspace and back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use stakemap_core::doc::clean::{clean_line, clean_text};
use stakemap_core::doc::AccountDoc;
use stakemap_core::export::data::neutralise;
use stakemap_core::export::{self, ExportData, ExportFormat, ExportOptions, Redaction};
use stakemap_core::{
    demo, import, merge, Account, Lang, PersonInput, RatingKind, Ratings, Relation, RelationInput,
    RelationKind, Role, Side, Workspace,
};

/// A hostile name: markup, a CDATA end, a control character XML cannot carry, and a
/// right-to-left override.
const HOSTILE_NAME: &str = "<script>alert('x')</script> ]]> \u{1}bell \u{202E}evil";

/// The demo account, plus a person with hostile text and formula-like cells, a negative
/// line with a hostile note, a card placed by hand and a changed rating.
fn workspace(dir: &Path) -> (Workspace, Account) {
    let mut ws = Workspace::open(dir.join("mine.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap();
    let people = ws.people(&account.id).unwrap();
    let ceo = people
        .iter()
        .find(|p| p.name == "Eleanor Whitfield")
        .unwrap()
        .clone();
    ws.write(|tx| {
        let hostile = tx.add_person(
            &account.id,
            &PersonInput {
                id: Some("hostile-1".into()),
                name: HOSTILE_NAME.into(),
                reading: "=cmd|' /C calc'!A0".into(),
                title: "+1".into(),
                department: "R&D \"Lab\" <North>".into(),
                level: Some(3),
                email: "x@example.com".into(),
                phone: "-81 3 1234".into(),
                notes: "@SUM(A1:A9)\r\nline two".into(),
                roles: vec![Role::Coach, Role::Evaluator],
                key_person: true,
                ratings: Ratings {
                    intimacy: Some(5),
                    solution: None,
                    price: Some(1),
                },
                ..Default::default()
            },
        )?;
        let formula = tx.add_person(
            &account.id,
            &PersonInput {
                id: Some("formula-1".into()),
                name: "=HYPERLINK(\"x\")".into(),
                title: "Advisor".into(),
                notes: "\tTabbed".into(),
                side: Some(Side::Consultant),
                ..Default::default()
            },
        )?;
        tx.add_relation(
            &account.id,
            &RelationInput {
                kind: RelationKind::Influence,
                from: hostile.id.clone(),
                to: ceo.id.clone(),
                strength: Some(3),
                sign: Some(-1),
                note: "-2 votes ]]> <b>".into(),
            },
        )?;
        tx.add_relation(
            &account.id,
            &RelationInput {
                kind: RelationKind::ReportsTo,
                from: hostile.id.clone(),
                to: ceo.id.clone(),
                strength: None,
                sign: None,
                note: String::new(),
            },
        )?;
        tx.add_relation(
            &account.id,
            &RelationInput {
                kind: RelationKind::Influence,
                from: formula.id.clone(),
                to: hostile.id.clone(),
                strength: Some(1),
                sign: None,
                note: "=1+1".into(),
            },
        )?;
        tx.set_position(&account.id, &ceo.id, 1234.5, -77.25)?;
        tx.set_rating(&ceo.id, RatingKind::Intimacy, Some(4))?;
        Ok(())
    })
    .unwrap();
    (ws, account)
}

fn render(ws: &Workspace, account: &str, format: ExportFormat, r: Redaction) -> Vec<Vec<u8>> {
    let mut opts = ExportOptions::new(format);
    opts.redaction = r;
    export::export(ws, account, &opts)
        .unwrap()
        .into_iter()
        .map(|f| f.bytes)
        .collect()
}

// ---------------------------------------------------------------------------------------
// GraphML
// ---------------------------------------------------------------------------------------

const READ_GRAPHML: &str = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1], force_multigraph=True)
out = {
    "directed": g.is_directed(),
    "nodes": {n: d for n, d in g.nodes(data=True)},
    "edges": [{"source": u, "target": v, "key": k, "data": d} for u, v, k, d in g.edges(keys=True, data=True)],
}
print(json.dumps(out))
"#;

/// networkx's reading of a GraphML file. python3 and networkx must be there: the test
/// fails, never skips, when they are not.
fn networkx_read(path: &Path) -> Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(READ_GRAPHML)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 cannot be run ({e}): install it, then run scripts/setup.sh")
        });
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named 'networkx'") {
        panic!("python3 cannot import networkx: run scripts/setup.sh to install it");
    }
    assert!(
        out.status.success(),
        "networkx could not read the file: {stderr}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn graphml_via_networkx(
    ws: &Workspace,
    account: &str,
    r: Redaction,
    dir: &Path,
) -> (String, Value) {
    let text = String::from_utf8(render(ws, account, ExportFormat::Graphml, r).remove(0)).unwrap();
    let path = dir.join(format!("map-{}.graphml", r.any()));
    std::fs::write(&path, &text).unwrap();
    (text, networkx_read(&path))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))
}

fn int(v: &Value) -> i64 {
    assert!(v.is_i64() || v.is_u64(), "{v} is not an int");
    v.as_i64().unwrap()
}

fn float(v: &Value) -> f64 {
    assert!(v.is_f64(), "{v} is not a float");
    v.as_f64().unwrap()
}

#[test]
fn graphml_of_the_demo_reads_in_networkx_with_every_attribute() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let data = ExportData::load(&ws, &account.id).unwrap();
    let (_, g) = graphml_via_networkx(&ws, &account.id, Redaction::none(), dir.path());

    assert_eq!(g["directed"], Value::Bool(true));
    let nodes = g["nodes"].as_object().unwrap();
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(nodes.len(), data.people.len());
    assert_eq!(nodes.len(), 35 + 2);
    assert_eq!(edges.len(), data.relations.len());
    assert_eq!(edges.len(), 29 + 24 + 3);

    let node_names: BTreeSet<&str> = [
        "name",
        "label",
        "reading",
        "title",
        "department",
        "side",
        "roles",
        "key_person",
        "influence",
        "intimacy",
        "solution",
        "price",
        "x",
        "y",
        "shape_type", // networkx's reading of the yFiles shape
    ]
    .into();
    for p in &data.people {
        let n = nodes
            .get(&p.id)
            .unwrap_or_else(|| panic!("node {} missing", p.id));
        let attrs = n.as_object().unwrap();
        let keys: BTreeSet<&str> = attrs.keys().map(String::as_str).collect();
        assert!(keys.is_subset(&node_names), "{:?}", keys);
        let expected_name: String = p.name.chars().filter(|c| *c != '\u{1}').collect();
        assert_eq!(text(&n["name"]), expected_name);
        assert_eq!(text(&n["label"]), expected_name);
        assert_eq!(text(&n["reading"]), p.reading);
        assert_eq!(text(&n["title"]), p.title);
        assert_eq!(text(&n["department"]), p.department);
        assert_eq!(text(&n["side"]), p.side.as_str());
        let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
        assert_eq!(text(&n["roles"]), roles.join(";"));
        assert_eq!(n["key_person"], Value::Bool(p.key_person), "{}", p.name);
        match p.influence {
            Some(i) => assert_eq!(text(&n["influence"]), i.as_str()),
            None => assert!(n.get("influence").is_none()),
        }
        for kind in RatingKind::ALL {
            match p.ratings.get(*kind) {
                Some(v) => assert_eq!(int(&n[kind.as_str()]), i64::from(v), "{}", p.name),
                None => assert!(n.get(kind.as_str()).is_none(), "{} {kind}", p.name),
            }
        }
        let at = data
            .placements
            .iter()
            .find(|q| q.person_id == p.id)
            .unwrap();
        assert_eq!(float(&n["x"]), at.x);
        assert_eq!(float(&n["y"]), at.y);
    }
    let manual = data.placements.iter().find(|p| p.manual).unwrap();
    assert_eq!((manual.x, manual.y), (1234.5, -77.25));

    let by_id: BTreeMap<&str, &Relation> =
        data.relations.iter().map(|l| (l.id.as_str(), l)).collect();
    for e in edges {
        let l = by_id[text(&e["key"])];
        assert_eq!(text(&e["source"]), l.from);
        assert_eq!(text(&e["target"]), l.to);
        let d = &e["data"];
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["kind", "strength", "sign", "weight", "note"].into(),
            "{d}"
        );
        assert_eq!(text(&d["kind"]), l.kind.as_str());
        assert_eq!(int(&d["strength"]), i64::from(l.strength));
        assert_eq!(int(&d["sign"]), i64::from(l.sign));
        assert_eq!(
            float(&d["weight"]),
            stakemap_core::strength_weight(l.strength)
        );
        assert_eq!(text(&d["note"]), l.note);
    }
    assert!(edges.iter().any(|e| int(&e["data"]["sign"]) == -1));
    assert!(edges
        .iter()
        .any(|e| text(&e["data"]["note"]) == "-2 votes ]]> <b>"));
}

#[test]
fn graphml_escapes_hostile_text_and_has_yed_graphics() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let (text_, g) = graphml_via_networkx(&ws, &account.id, Redaction::none(), dir.path());
    assert!(!text_.contains("<script>"));
    assert!(!text_.contains('\u{1}'));
    assert!(text_.contains("&lt;script&gt;"));
    assert!(text_.contains("xmlns:y=\"http://www.yworks.com/xml/graphml\""));
    assert!(text_.contains("<key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>"));
    assert!(text_.contains("<key id=\"eg\" for=\"edge\" yfiles.type=\"edgegraphics\"/>"));
    assert!(text_.contains("<y:LineStyle color=\"#8A8A8A\" type=\"dashed\""));
    assert_eq!(text_.matches("<y:ShapeNode>").count(), 37);
    assert_eq!(text_.matches("<y:PolyLineEdge>").count(), 56);
    assert_eq!(
        text_.matches("<y:Shape type=\"roundrectangle\"/>").count(),
        37
    );
    let h = &g["nodes"]["hostile-1"];
    assert_eq!(
        text(&h["name"]),
        "<script>alert('x')</script> ]]> bell \u{202E}evil"
    );
    assert_eq!(text(&h["department"]), "R&D \"Lab\" <North>");
    assert_eq!(text(&h["reading"]), "=cmd|' /C calc'!A0");
    assert_eq!(text(&h["shape_type"]), "roundrectangle");
}

#[test]
fn redacted_graphml_has_no_rating_or_note_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let r = Redaction {
        ratings: true,
        notes: true,
        portraits: false,
        negative_lines: true,
    };
    let (text_, g) = graphml_via_networkx(&ws, &account.id, r, dir.path());
    for k in ["intimacy", "solution", "price", "note"] {
        assert!(!text_.contains(&format!("attr.name=\"{k}\"")), "{k}");
    }
    for (_, n) in g["nodes"].as_object().unwrap() {
        assert!(n.get("intimacy").is_none() && n.get("price").is_none());
    }
    let edges = g["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| int(&e["data"]["sign"]) == 1));
    assert!(edges.iter().all(|e| e["data"].get("note").is_none()));
    // Three negative lines are left out: two of the demo and the hostile one.
    assert_eq!(edges.len(), 56 - 3);
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new().from_reader(body);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    &row[i]
}

#[test]
fn csv_has_bom_crlf_and_neutralised_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let files = render(&ws, &account.id, ExportFormat::Csv, Redaction::none());
    let (people, lines) = (&files[0], &files[1]);
    for bytes in [people, lines] {
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert!(bytes.ends_with(b"\r\n"));
    }
    // Every record ends in CRLF, and no LF stands alone (the notes' own CRLF is quoted).
    let text = std::str::from_utf8(people).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert_eq!(text.matches("\r\n").count(), 1 + 37 + 1);

    let (header, rows) = read_csv(people);
    assert_eq!(
        header,
        [
            "id",
            "name",
            "reading",
            "title",
            "department",
            "side",
            "roles",
            "key",
            "influence",
            "intimacy",
            "solution",
            "price",
            "notes",
            "email",
            "phone",
            "level",
            "manager"
        ]
    );
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    let f = row("formula-1");
    assert_eq!(cell(&header, &f, "name"), "'=HYPERLINK(\"x\")");
    assert_eq!(cell(&header, &f, "notes"), "'\tTabbed");
    let h = row("hostile-1");
    assert_eq!(cell(&header, &h, "title"), "'+1");
    assert_eq!(cell(&header, &h, "notes"), "'@SUM(A1:A9)\r\nline two");
    assert_eq!(cell(&header, &h, "phone"), "'-81 3 1234");
    assert_eq!(cell(&header, &h, "reading"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell(&header, &h, "manager"), "Eleanor Whitfield");
    assert_eq!(cell(&header, &h, "level"), "3");
    assert_eq!(cell(&header, &h, "roles"), "coach;evaluator");
    assert_eq!(cell(&header, &h, "key"), "yes");
    assert_eq!(cell(&header, &h, "intimacy"), "5");
    assert_eq!(cell(&header, &h, "solution"), "");

    let (rheader, rrows) = read_csv(lines);
    assert_eq!(
        rheader,
        [
            "from",
            "to",
            "kind",
            "strength",
            "sign",
            "note",
            "from_name",
            "to_name"
        ]
    );
    assert_eq!(rrows.len(), 56);
    let signs: BTreeSet<&str> = rrows.iter().map(|r| cell(&rheader, r, "sign")).collect();
    assert_eq!(signs, ["negative", "positive"].into());
    assert!(rrows
        .iter()
        .any(|r| cell(&rheader, r, "note") == "'-2 votes ]]> <b>"));
    assert!(rrows.iter().any(|r| cell(&rheader, r, "note") == "'=1+1"));

    for (_, rows) in [read_csv(people), read_csv(lines)] {
        for c in rows.iter().flatten() {
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unneutralised cell {c:?}"
            );
        }
    }
}

#[test]
fn redacted_csv_leaves_the_columns_out() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let files = render(&ws, &account.id, ExportFormat::Csv, Redaction::all());
    let (header, rows) = read_csv(&files[0]);
    assert_eq!(
        header,
        [
            "id",
            "name",
            "reading",
            "title",
            "department",
            "side",
            "roles",
            "key",
            "influence",
            "level",
            "manager"
        ]
    );
    assert_eq!(rows.len(), 37);
    let (rheader, rrows) = read_csv(&files[1]);
    assert_eq!(
        rheader,
        [
            "from",
            "to",
            "kind",
            "strength",
            "sign",
            "from_name",
            "to_name"
        ]
    );
    assert_eq!(rrows.len(), 53);
    assert!(rrows
        .iter()
        .all(|r| cell(&rheader, r, "sign") == "positive"));
}

#[test]
fn csv_reimports_through_the_generic_import() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    let files = render(&ws, &account.id, ExportFormat::Csv, Redaction::none());

    let mut fresh = Workspace::open(dir.path().join("fresh.stakemap")).unwrap();
    let report =
        import::import_generic(&mut fresh, "Reimported", &files[0], Some(&files[1])).unwrap();
    assert_eq!(report.people_added, 37);
    assert_eq!(report.lines_added, 56);

    let before = ws.people(&account.id).unwrap();
    let after = fresh.people(&report.account_id).unwrap();
    assert_eq!(after.len(), before.len());
    for p in &before {
        let q = after.iter().find(|q| q.id == p.id).unwrap();
        // The formula guard's quote stays on re-import, and control characters and
        // direction overrides are taken out; everything else is as it was.
        let mut expected = p.clone();
        for s in [
            &mut expected.name,
            &mut expected.reading,
            &mut expected.title,
            &mut expected.department,
        ] {
            *s = clean_line(&neutralise(s)).into_owned();
        }
        expected.notes = clean_text(&neutralise(&expected.notes)).into_owned();
        // Level, e-mail and phone are for people to read, not part of the import format:
        // they are ignored (empty) or, should the import learn them, the same.
        assert!(q.level.is_none() || q.level == p.level);
        assert!(q.email.is_empty() || q.email == p.email);
        assert!(q.phone.is_empty() || q.phone == neutralise(&p.phone));
        let mut got = q.clone();
        got.account_id.clone_from(&expected.account_id);
        got.level = p.level;
        got.email.clone_from(&p.email);
        got.phone.clone_from(&p.phone);
        assert_eq!(got, expected);
    }
    assert_eq!(
        after.iter().find(|q| q.id == "formula-1").unwrap().name,
        "'=HYPERLINK(\"x\")"
    );

    let key = |l: &Relation| (l.kind, l.from.clone(), l.to.clone(), l.strength, l.sign);
    let lines_before: BTreeSet<_> = ws.relations(&account.id).unwrap().iter().map(key).collect();
    let lines_after: BTreeSet<_> = fresh
        .relations(&report.account_id)
        .unwrap()
        .iter()
        .map(key)
        .collect();
    assert_eq!(lines_after, lines_before);
    let note_of = |ws: &Workspace, acc: &str| -> BTreeSet<String> {
        ws.relations(acc)
            .unwrap()
            .into_iter()
            .map(|l| l.note)
            .collect()
    };
    assert_eq!(
        note_of(&fresh, &report.account_id),
        note_of(&ws, &account.id)
            .iter()
            .map(|n| neutralise(n))
            .collect()
    );
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

#[test]
fn json_export_merges_into_an_empty_workspace_and_exports_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, account) = workspace(dir.path());
    // A source id, as the imports record them (written here directly).
    {
        let conn = rusqlite::Connection::open(dir.path().join("mine.stakemap")).unwrap();
        conn.execute(
            "INSERT INTO person_source (account_id, source_id, person_id) VALUES (?1, 'CRM-0042', 'hostile-1')",
            [&account.id],
        )
        .unwrap();
    }
    let first = render(&ws, &account.id, ExportFormat::Json, Redaction::none()).remove(0);
    let docs = stakemap_core::doc::read_json_docs("acme.json", &first).unwrap();
    assert_eq!(docs.len(), 1);
    let doc: &AccountDoc = &docs[0];
    assert_eq!(doc.format, "stakemap-account");
    assert_eq!(doc.version, 1);
    assert_eq!(doc.people.len(), 37);
    assert_eq!(doc.relations.len(), 56);
    assert_eq!(doc.opportunities.len(), 2);
    assert_eq!(doc.positions.len(), 1);
    assert_eq!(doc.team.len(), 3);
    assert_eq!(doc.source_ids.len(), 1);
    assert_eq!(doc.source_ids[0].source_id, "CRM-0042");
    assert!(doc.rating_history.len() > 60);
    assert!(doc.relations.iter().all(|l| !l.created_at.is_empty()));
    assert!(doc.people.iter().all(|p| !p.updated_at.is_empty()));

    let mut fresh = Workspace::open(dir.path().join("fresh.stakemap")).unwrap();
    let report = merge::merge_apply(&mut fresh, &docs, &[]).unwrap();
    assert_eq!(report.accounts_added, 1);
    assert_eq!(report.people_added, 37);
    assert_eq!(report.lines_added, 56);
    assert_eq!(report.source_ids_added, 1);

    // The merge takes the control character and the direction override out of the
    // hostile name (as every import does); everything else comes back byte for byte.
    let second = render(&fresh, &account.id, ExportFormat::Json, Redaction::none()).remove(0);
    let first = String::from_utf8(first).unwrap();
    let escaped = |s: &str| serde_json::to_string(s).unwrap();
    assert!(first.contains(&escaped(HOSTILE_NAME)));
    let cleaned = "<script>alert('x')</script> ]]> bell evil";
    let expected = first.replace(&escaped(HOSTILE_NAME), &escaped(cleaned));
    assert_ne!(expected, first);
    assert_eq!(String::from_utf8(second).unwrap(), expected);

    let a = ws.account_map(&account.id).unwrap();
    let b = fresh.account_map(&account.id).unwrap();
    assert_eq!(b.account, a.account);
    let mut people = a.people.clone();
    for p in &mut people {
        p.name = clean_line(&p.name).into_owned();
    }
    assert_eq!(b.people, people);
    assert_eq!(b.relations, a.relations);
    assert_eq!(b.placements, a.placements);
    assert_eq!(b.opportunities, a.opportunities);
    assert_eq!(b.team, a.team);
    for p in &a.people {
        assert_eq!(
            fresh.rating_history(&p.id).unwrap(),
            ws.rating_history(&p.id).unwrap()
        );
    }

    // Merging the same file again changes nothing.
    let again = merge::merge_preview(&fresh, &docs).unwrap();
    assert_eq!(again.accounts[0].people_added_count, 0);
    assert_eq!(again.accounts[0].lines_added_count, 0);
    assert!(again.accounts[0].conflicts.is_empty());
}

#[test]
fn redacted_json_leaves_the_private_parts_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, account) = workspace(dir.path());
    // A source id, as the imports record them (written here directly).
    {
        let conn = rusqlite::Connection::open(dir.path().join("mine.stakemap")).unwrap();
        conn.execute(
            "INSERT INTO person_source (account_id, source_id, person_id) VALUES (?1, 'CRM-0042', 'hostile-1')",
            [&account.id],
        )
        .unwrap();
    }
    // The plan's revenue target and ABCD scores: private too.
    ws.set_plan(
        &account.id,
        &stakemap_core::plan::PlanInput {
            strategy: "Win the plant".into(),
            revenue_target: Some(987_654_321.0),
            currency: "JPY".into(),
            target_date: "2031-07-19".into(),
            potential: Some(4),
            contribution: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    let plain = render(&ws, &account.id, ExportFormat::Json, Redaction::none()).remove(0);
    let plain = String::from_utf8(plain).unwrap();
    for marker in ["987654321", "2031-07-19", "\"potential\": 4", "CRM-0042"] {
        assert!(plain.contains(marker), "{marker} is in the plain export");
    }
    let bytes = render(&ws, &account.id, ExportFormat::Json, Redaction::all()).remove(0);
    let text = String::from_utf8(bytes.clone()).unwrap();
    for marker in [
        "987654321",
        "2031-07-19",
        "\"potential\": 4",
        "\"contribution\": 2",
        "CRM-0042",
    ] {
        assert!(!text.contains(marker), "{marker} is left out when redacted");
    }
    assert!(!text.contains("x@example.com"));
    assert!(!text.contains("Founder's successor"));
    assert!(!text.contains("-2 votes"));
    let doc = &stakemap_core::doc::read_json_docs("r.json", &bytes).unwrap()[0];
    assert_eq!(doc.redaction, Redaction::all());
    assert!(doc.rating_history.is_empty());
    assert!(doc
        .people
        .iter()
        .all(|p| p.person.ratings == Ratings::default()));
    assert!(doc.relations.iter().all(|l| l.relation.sign == 1));
    assert_eq!(doc.relations.len(), 53);
    assert!(doc.account.notes.is_empty());
}
