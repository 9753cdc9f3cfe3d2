//! `stakemap import` as a user runs it: on small files written here, and on Krackhardt's
//! high-tech managers (Krackhardt, D. (1987) Cognitive social structures. Social Networks
//! 9:109-134), a real org chart with a real advice network, from the shared data folder.

#[path = "../../../tests/support/krackhardt.rs"]
mod krackhardt;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use stakemap_core::{Side, Workspace};

fn stakemap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
}

fn run_import(workspace: &Path, account: &str, people: &Path, relations: Option<&Path>) -> Output {
    let mut cmd = stakemap();
    cmd.arg("import")
        .arg(workspace)
        .args(["--account", account, "--people"])
        .arg(people);
    if let Some(r) = relations {
        cmd.arg("--relations").arg(r);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stakemap failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the tables an import writes, as text.
fn dump(file: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(file).unwrap();
    let mut out = Vec::new();
    for table in ["account", "person", "relation", "rating_change"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
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

const PEOPLE: &str = "\u{feff}id,name,title,side,roles,key,intimacy\n\
                      a1,Aiko Sato,President,customer,decision_maker,yes,3\n\
                      a2,Ben Ito,CFO,,approver,,\n\
                      u1,Dan Oda,Account manager,ours,,,\n";
const RELATIONS: &str = "from,to,kind,strength,sign,note\n\
                         a2,a1,reports_to,,,\n\
                         u1,a1,covers,3,+,weekly\n";

#[test]
fn import_creates_the_workspace_and_updates_on_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let relations = dir.path().join("relations.csv");
    std::fs::write(&people, PEOPLE).unwrap();
    std::fs::write(&relations, RELATIONS).unwrap();
    let file = dir.path().join("new.stakemap");

    let out = run_import(&file, "Acme", &people, Some(&relations));
    assert_eq!(
        stdout(&out),
        format!(
            "Imported into \"Acme\" in {}: 3 people added, 0 updated; 2 lines added, 0 updated.\n",
            file.display()
        )
    );
    std::fs::write(&people, PEOPLE.replace("CFO", "Chief financial officer")).unwrap();
    let out = run_import(&file, "Acme", &people, Some(&relations));
    assert!(
        stdout(&out).ends_with(": 0 people added, 3 updated; 0 lines added, 2 updated.\n"),
        "{out:?}"
    );

    let conn = rusqlite::Connection::open(&file).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM account"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM person"), 3);
    assert_eq!(count(&conn, "SELECT count(*) FROM relation"), 2);
    let title: String = conn
        .query_row("SELECT title FROM person WHERE id = 'a2'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "Chief financial officer");
}

#[test]
fn a_bad_row_fails_with_its_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(&people, PEOPLE.replace("ours,,,", "vendor,,,")).unwrap();
    let file = dir.path().join("new.stakemap");
    let out = run_import(&file, "Acme", &people, None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "stakemap: nothing was imported; fix these rows and import again:\n\
         people.csv line 4: side 'vendor' is not one of: customer, ours, partner, consultant, competitor\n"
    );
    assert!(
        !file.exists(),
        "no workspace left behind by a failed import"
    );

    // An existing workspace is left exactly as it was.
    std::fs::write(&people, PEOPLE).unwrap();
    stdout(&run_import(&file, "Acme", &people, None));
    let before = dump(&file);
    let relations = dir.path().join("relations.csv");
    std::fs::write(
        &relations,
        "from,to,kind\na1,a2,reports_to\na2,a1,reports_to\n",
    )
    .unwrap();
    let out = run_import(&file, "Acme", &people, Some(&relations));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("relations.csv line 3: this reporting line would make a cycle: Ben Ito → Aiko Sato → Ben Ito"),
        "{err}"
    );
    assert_eq!(dump(&file), before, "the workspace is unchanged");
}

#[test]
fn a_people_file_that_cannot_be_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nobody.csv");
    let file = dir.path().join("new.stakemap");
    let out = run_import(&file, "Acme", &missing, None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("stakemap: "), "{err}");
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(!file.exists());
}

/// The ties of an edge list, with the node numbers as numbers.
fn ties(path: &Path) -> Vec<(u32, u32)> {
    krackhardt::ties(path)
        .into_iter()
        .map(|(ego, alter)| (ego.parse().unwrap(), alter.parse().unwrap()))
        .collect()
}

struct Krackhardt {
    people_csv: String,
    relations_csv: String,
    /// The manager with no manager in the ReportsTo list.
    president: String,
}

/// Converts Krackhardt's files to the generic CSVs: one person per manager (id = node
/// number), `reports_to` from the ReportsTo list (ego reports to alter), and one `influence`
/// line per advice tie, from the adviser (alter) to the manager who asks (ego).
fn krackhardt() -> Krackhardt {
    let dir = krackhardt::dir();
    let attributes = std::fs::read_to_string(dir.join("Krack-High-Tec-Attributes.csv")).unwrap();
    let mut lines = attributes.lines();
    let header: Vec<&str> = lines.next().unwrap().trim().split(',').collect();
    assert_eq!(header, ["ID", "AGE", "TENURE", "LEVEL", "DEPT"]);
    let mut people_csv = String::from("id,name,title,department,side,notes\n");
    let mut level = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let c: Vec<&str> = line.trim().split(',').collect();
        let id: u32 = c[0].parse().unwrap();
        let title = match c[3] {
            "1" => "President",
            "2" => "Vice-president",
            _ => "Manager",
        };
        level.insert(id, c[3].to_string());
        people_csv.push_str(&format!(
            "{id},Manager {id},{title},Department {},customer,\"Age {}, tenure {} years\"\n",
            c[4], c[1], c[2]
        ));
    }

    let reports = ties(&dir.join("Krack-High-Tec-edgelist-ReportsTo.txt"));
    let advice = ties(&dir.join("Krack-High-Tec-edgelist-Advice.txt"));
    let mut relations_csv = String::from("from,to,kind,strength,sign,note\n");
    for (ego, alter) in &reports {
        relations_csv.push_str(&format!("{ego},{alter},reports_to,,,\n"));
    }
    for (ego, alter) in &advice {
        relations_csv.push_str(&format!("{alter},{ego},influence,,,advice\n"));
    }

    let has_manager: BTreeSet<u32> = reports.iter().map(|(ego, _)| *ego).collect();
    let roots: Vec<u32> = level
        .keys()
        .copied()
        .filter(|id| !has_manager.contains(id))
        .collect();
    assert_eq!(roots.len(), 1, "one manager without a manager: {roots:?}");
    assert_eq!(level[&roots[0]], "1", "the root is the one at LEVEL 1");
    Krackhardt {
        people_csv,
        relations_csv,
        president: roots[0].to_string(),
    }
}

#[test]
fn krackhardt_high_tec_imports_as_an_org_chart() {
    let data = krackhardt();
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let relations = dir.path().join("relations.csv");
    std::fs::write(&people, &data.people_csv).unwrap();
    std::fs::write(&relations, &data.relations_csv).unwrap();
    let file = dir.path().join("krackhardt.stakemap");

    let out = stdout(&run_import(&file, "High-Tec", &people, Some(&relations)));
    println!("{}", out.trim_end());
    assert!(
        out.ends_with(": 21 people added, 0 updated; 210 lines added, 0 updated.\n"),
        "{out}"
    );

    let conn = rusqlite::Connection::open(&file).unwrap();
    let people_n = count(&conn, "SELECT count(*) FROM person WHERE side = 'customer'");
    let reports_n = count(
        &conn,
        "SELECT count(*) FROM relation WHERE kind = 'reports_to'",
    );
    let influence_n = count(
        &conn,
        "SELECT count(*) FROM relation WHERE kind = 'influence'",
    );
    println!("people {people_n}, reports_to {reports_n}, influence {influence_n}");
    assert_eq!(count(&conn, "SELECT count(*) FROM person"), 21);
    assert_eq!((people_n, reports_n, influence_n), (21, 20, 190));
    let mut stmt = conn
        .prepare(
            "SELECT id FROM person WHERE side = 'customer' AND NOT EXISTS
               (SELECT 1 FROM relation r WHERE r.kind = 'reports_to' AND r.from_id = person.id)",
        )
        .unwrap();
    let roots: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    println!(
        "without a manager: {roots:?} (president from the data: {})",
        data.president
    );
    assert_eq!(roots, vec![data.president.clone()]);
    let account_id: String = conn
        .query_row("SELECT id FROM account WHERE name = 'High-Tec'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(stmt);
    drop(conn);

    let ws = Workspace::open(&file).unwrap();
    let map = ws.account_map(&account_id).unwrap();
    let customers: BTreeSet<&str> = map
        .people
        .iter()
        .filter(|p| p.side == Side::Customer)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(customers.len(), 21);
    let y_of = |id: &str| {
        map.placements
            .iter()
            .find(|p| p.person_id == id)
            .unwrap_or_else(|| panic!("no placement for {id}"))
            .y
    };
    let top = y_of(&data.president);
    let others_min = customers
        .iter()
        .filter(|id| **id != data.president)
        .map(|id| y_of(id))
        .fold(f64::INFINITY, f64::min);
    println!("president y {top}, lowest y of the others {others_min}");
    assert!(
        top < others_min,
        "the president (y {top}) is above everybody else (min y {others_min})"
    );
}
