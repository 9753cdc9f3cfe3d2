//! Control characters (NUL, ESC, the other C0 and C1 controls) and direction overrides
//! (U+202A–U+202E, U+2066–U+2069) in imported files are taken out on import, keeping the
//! text readable; where such text is still in a workspace (written before, or typed
//! in), the terminal listing shows it escaped and the HTML and SVG exports leave it out.

use std::path::Path;
use std::process::{Command, Output};

use stakemap_core::model::{AccountInput, PersonInput};
use stakemap_core::Workspace;

fn stakemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stakemap failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// No raw control character or direction override (line breaks and tabs aside).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

fn people(ws: &Path, account: &str) -> Vec<stakemap_core::Person> {
    let ws = Workspace::open(ws).unwrap();
    let a = ws.account_by_name(account).unwrap().expect("the account");
    let mut people = ws.people(&a.id).unwrap();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    people
}

const NAME: &str = "Ai\u{0}ko\u{1b}[2J \u{202E}otaS\u{202C}";
const DEPT: &str = "Sa\u{85}les\u{2066}\u{7f}";
const NOTE: &str = "line one\r\nline\ttwo\u{1b}]0;owned\u{7}";

#[test]
fn the_generic_import_takes_controls_and_overrides_out() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.stakemap");
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        format!("id,name,department,notes\np1,\"{NAME}\",\"{DEPT}\",\"{NOTE}\"\n"),
    )
    .unwrap();
    ok(&stakemap(&[
        "import",
        ws.to_str().unwrap(),
        "--account",
        "Acme\u{1b}[31m",
        "--people",
        csv.to_str().unwrap(),
    ]));
    let p = &people(&ws, "Acme\u{1b}[31m")[0];
    assert_eq!(p.name, "Aiko[2J otaS");
    assert_eq!(p.department, "Sales");
    assert_eq!(p.notes, "line one\r\nline\ttwo]0;owned");
}

#[test]
fn a_file_import_and_a_vcard_take_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.stakemap");
    // NUL and BEL mark a binary file there (refused whole); ESC and the rest are text.
    let csv = dir.path().join("contacts.csv");
    let name = NAME.replace('\u{0}', "");
    let note = NOTE.replace('\u{7}', "");
    std::fs::write(
        &csv,
        format!("id,name,department,notes\np1,\"{name}\",\"{DEPT}\",\"{note}\"\n"),
    )
    .unwrap();
    ok(&stakemap(&[
        "import",
        ws.to_str().unwrap(),
        "--account",
        "Acme",
        "--file",
        csv.to_str().unwrap(),
    ]));
    let vcf = dir.path().join("card.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:v1\r\nFN:Ben\u{1b}[1m \u{2067}Okafor\r\nORG:Acme;R&D\u{9b}\r\nEND:VCARD\r\n",
    )
    .unwrap();
    ok(&stakemap(&[
        "import",
        ws.to_str().unwrap(),
        "--account",
        "Acme",
        "--file",
        vcf.to_str().unwrap(),
    ]));
    let people = people(&ws, "Acme");
    let aiko = people.iter().find(|p| p.name.starts_with("Aiko")).unwrap();
    assert_eq!(aiko.name, "Aiko[2J otaS");
    assert_eq!(aiko.department, "Sales");
    assert_eq!(aiko.notes, "line one\r\nline\ttwo]0;owned");
    let ben = people.iter().find(|p| p.name.starts_with("Ben")).unwrap();
    assert_eq!(ben.name, "Ben[1m Okafor");
    assert_eq!(ben.department, "R&D");
}

#[test]
fn stored_controls_are_escaped_in_the_listing_and_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.stakemap");
    let mut ws = Workspace::open(&path).unwrap();
    ws.write(|tx| {
        let a = tx.create_account(&AccountInput {
            name: "Acme\u{1b}]0;owned\u{7}\u{202E}gnp.exe".into(),
            ..Default::default()
        })?;
        tx.add_person(
            &a.id,
            &PersonInput {
                name: "Eve\u{1b}[2J\u{202E}live".into(),
                department: "\u{202E}tnemtrapeD\u{1b}[31m".into(),
                ..Default::default()
            },
        )?;
        Ok(())
    })
    .unwrap();
    let account = ws.accounts().unwrap()[0].name.clone();
    drop(ws);

    let listing = ok(&stakemap(&["accounts", path.to_str().unwrap()]));
    assert_eq!(raw_controls(&listing), Vec::<char>::new(), "{listing:?}");
    assert!(
        listing.contains("Acme\\u{1b}]0;owned\\u{7}\\u{202e}gnp.exe"),
        "{listing}"
    );

    for format in ["html", "svg"] {
        let out = dir.path().join(format!("map.{format}"));
        ok(&stakemap(&[
            "export",
            path.to_str().unwrap(),
            "--account",
            &account,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]));
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{format}");
        assert!(text.contains("tnemtrapeD[31m"), "{format}");
        if format == "html" {
            assert!(
                text.contains("<option>tnemtrapeD[31m</option>"),
                "the department list"
            );
        }
    }
}

#[test]
fn a_colleagues_json_is_cleaned_and_a_name_of_controls_only_is_no_name() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.stakemap");
    ok(&stakemap(&["demo", demo.to_str().unwrap(), "--lang", "en"]));
    let account = Workspace::open(&demo).unwrap().accounts().unwrap()[0]
        .name
        .clone();
    let json = dir.path().join("demo.json");
    ok(&stakemap(&[
        "export",
        demo.to_str().unwrap(),
        "--account",
        &account,
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let with_name = |i: usize, name: &str| {
        let mut d = doc.clone();
        d["people"][i]["name"] = name.into();
        let path = dir.path().join(format!("p{i}.json"));
        std::fs::write(&path, serde_json::to_vec(&d).unwrap()).unwrap();
        path
    };

    let ws = dir.path().join("mine.stakemap");
    let nothing = with_name(5, "\u{1b}\u{202E}\u{7}\u{0}");
    let out = stakemap(&[
        "merge",
        ws.to_str().unwrap(),
        "--from",
        nothing.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no name"), "{err}");
    assert!(!ws.exists());

    let eve = with_name(5, "Ev\u{1b}[2J\u{202E}e");
    ok(&stakemap(&[
        "merge",
        ws.to_str().unwrap(),
        "--from",
        eve.to_str().unwrap(),
    ]));
    let id = doc["people"][5]["id"].as_str().unwrap();
    let merged = Workspace::open(&ws).unwrap();
    assert_eq!(merged.person(id).unwrap().name, "Ev[2Je");
}
