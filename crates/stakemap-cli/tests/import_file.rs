//! `stakemap import --file` as a user runs it: the UK Cabinet Office organogram of 31 March
//! 2012 from the shared data folder (data.gov.uk; contains public sector information
//! licensed under the Open Government Licence v3.0), and small files written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stakemap_core::{RelationKind, Workspace};

fn stakemap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
}

fn organogram() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/real/uk-organogram/cabinet-office-2012-03-31-senior.csv");
    assert!(
        path.is_file(),
        "the UK organogram is missing: expected {} (the folder `shared` beside the repository); this test needs it",
        path.display()
    );
    path
}

fn import(workspace: &Path, account: &str, file: &Path, flags: &[&str]) -> Output {
    stakemap()
        .arg("import")
        .arg(workspace)
        .args(["--account", account, "--file"])
        .arg(file)
        .args(flags)
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

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "stakemap should have failed; it printed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// (people, reporting lines) of the account.
fn counts(workspace: &Path, account: &str) -> (usize, usize) {
    let ws = Workspace::open(workspace).unwrap();
    let a = ws.account_by_name(account).unwrap().expect("the account");
    let people = ws.people(&a.id).unwrap().len();
    let lines = ws
        .relations(&a.id)
        .unwrap()
        .iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .count();
    (people, lines)
}

#[test]
fn the_uk_organogram_imports_through_the_cli_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("gov.stakemap");

    let out = ok(&import(
        &ws,
        "Cabinet Office",
        &organogram(),
        &["--dry-run"],
    ));
    assert!(out.contains("preset organogram, header on line 1"), "{out}");
    assert!(out.contains("Post Unique Reference → id"), "{out}");
    assert!(
        out.contains("228 records: 228 to add, 0 to update, 0 unchanged, 0 rejected"),
        "{out}"
    );
    assert!(
        out.contains("Reporting lines: 226 to add, 0 to change"),
        "{out}"
    );
    assert!(out.contains("Dry run: nothing was written."));
    assert!(!ws.exists(), "a dry run creates no workspace");

    let out = ok(&import(&ws, "Cabinet Office", &organogram(), &[]));
    assert!(
        out.contains(
            "228 people added, 0 updated, 0 unchanged, 0 rows skipped; 226 reporting lines added"
        ),
        "{out}"
    );
    assert_eq!(counts(&ws, "Cabinet Office"), (228, 226));

    let out = ok(&import(&ws, "Cabinet Office", &organogram(), &[]));
    assert!(
        out.contains("0 people added, 0 updated, 228 unchanged"),
        "{out}"
    );
    assert_eq!(counts(&ws, "Cabinet Office"), (228, 226));
}

#[test]
fn bad_rows_stop_the_import_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme.stakemap");
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "id,name,title,side,intimacy\n\
         a1,Aiko Sato,CEO,customer,4\n\
         a2,Ben Ito,CFO,vendor,\n\
         a3,Chie Mori,Buyer,,7\n",
    )
    .unwrap();

    let err = failed(&import(&ws, "Acme", &file, &[]));
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("people.csv line 3: side 'vendor' is not one of: customer, partner"),
        "{err}"
    );
    assert!(
        err.contains("people.csv line 4: intimacy 7 is out of range"),
        "{err}"
    );
    assert!(err.contains("--skip-bad-rows"), "{err}");
    assert!(
        !ws.exists(),
        "nothing was written, not even a new workspace"
    );

    let out = ok(&import(&ws, "Acme", &file, &["--skip-bad-rows"]));
    assert!(out.contains("line 3: side 'vendor'"), "{out}");
    assert!(
        out.contains("1 people added, 0 updated, 0 unchanged, 2 rows skipped"),
        "{out}"
    );
    assert_eq!(counts(&ws, "Acme"), (1, 0));
}

#[test]
fn ambiguous_managers_are_listed_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme.stakemap");
    let file = dir.path().join("hubspot.csv");
    std::fs::write(
        &file,
        "Record ID,First Name,Last Name,Job Title,Department,Manager\n\
         1,Ken,Sato,Director,Sales,\n\
         2,Ken,Sato,Director,Engineering,\n\
         3,Aiko,Mori,Engineer,Engineering,Ken Sato\n\
         4,Ben,Ito,Manager,Sales,Grace Hopper\n",
    )
    .unwrap();
    let out = ok(&import(&ws, "Acme", &file, &[]));
    assert!(
        out.contains("Ambiguous managers (1 people are imported without a manager"),
        "{out}"
    );
    assert!(
        out.contains("line 4: Aiko Mori's manager \"Ken Sato\" could be Ken Sato (Director, Sales, line 2) or Ken Sato (Director, Engineering, line 3)"),
        "{out}"
    );
    assert!(out.contains("line 5: nobody named 'Grace Hopper'"), "{out}");
    assert!(out.contains("4 people added"), "{out}");
    assert_eq!(counts(&ws, "Acme"), (4, 0));
}

#[test]
fn a_preset_can_be_forced_and_matching_switched_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme.stakemap");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, "id,name,email\nx1,Aiko Sato,aiko@acme.example\n").unwrap();
    ok(&import(&ws, "Acme", &first, &[]));

    // A business card with another spelling of the e-mail: found by e-mail when asked.
    let cards = dir.path().join("cards.csv");
    std::fs::write(
        &cards,
        "氏名,メール,役職\nAiko Sato,AIKO@acme.example,CEO\n",
    )
    .unwrap();
    let out = ok(&import(
        &ws,
        "Acme",
        &cards,
        &["--match-email", "--dry-run"],
    ));
    assert!(out.contains("preset business-card"), "{out}");
    assert!(out.contains("1 records: 0 to add, 1 to update"), "{out}");
    assert!(
        out.contains("line 2 Aiko Sato: title \"\" → \"CEO\""),
        "{out}"
    );

    // Generic headers, but organogram rules: a post without a name is named by its title,
    // and XX is the top of the tree.
    let posts = dir.path().join("posts.csv");
    std::fs::write(
        &posts,
        "id,name,title,manager_id\n1,,Permanent Secretary,XX\n2,,Director,1\n",
    )
    .unwrap();
    let err = failed(&import(&ws, "Gov", &posts, &[]));
    assert!(err.contains("posts.csv line 2: there is no name"), "{err}");
    let out = ok(&import(&ws, "Gov", &posts, &["--preset", "organogram"]));
    assert!(out.contains("2 people added"), "{out}");
    assert_eq!(counts(&ws, "Gov"), (2, 1));
}

#[test]
fn refused_files_and_wrong_flags() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme.stakemap");
    let binary = dir.path().join("people.csv");
    let mut bytes = vec![0u8, 1, 2, 3, 0xFF, 0xFE];
    bytes.extend((0..2000u32).map(|i| (i % 256) as u8));
    std::fs::write(&binary, bytes).unwrap();
    let err = failed(&import(&ws, "Acme", &binary, &[]));
    assert!(
        err.contains("people.csv cannot be imported: it is not a text file"),
        "{err}"
    );
    assert!(!ws.exists());

    let fake = dir.path().join("people.xlsx");
    std::fs::write(&fake, "id,name\n1,Aiko\n").unwrap();
    let err = failed(&import(&ws, "Acme", &fake, &[]));
    assert!(
        err.contains("is named .xlsx but is not an Excel workbook"),
        "{err}"
    );

    let both = stakemap()
        .arg("import")
        .arg(&ws)
        .args(["--account", "Acme", "--people"])
        .arg(&fake)
        .arg("--file")
        .arg(&fake)
        .output()
        .unwrap();
    let err = failed(&both);
    assert!(err.contains("cannot be used with"), "{err}");
    let neither = stakemap()
        .arg("import")
        .arg(&ws)
        .args(["--account", "Acme"])
        .output()
        .unwrap();
    let err = failed(&neither);
    assert!(err.contains("--people <PEOPLE>|--file <FILE>"), "{err}");
    let mixed = stakemap()
        .arg("import")
        .arg(&ws)
        .args(["--account", "Acme", "--people"])
        .arg(&fake)
        .arg("--dry-run")
        .output()
        .unwrap();
    let err = failed(&mixed);
    assert!(err.contains("go with --file"), "{err}");
}

/// A Salesforce contact report exported in Japanese (取引先名, 取引先責任者 ID, 氏名, 役職,
/// 部署, 上司: 氏名, 電話, 携帯, メール), as the window's test imports it too.
fn salesforce_report_ja() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/salesforce-report-ja.csv")
}

#[test]
fn a_japanese_salesforce_report_imports_with_its_lines_into_an_account_named_after_the_company() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.stakemap");
    // No --account: the company the file names.
    let dry = ok(&stakemap()
        .arg("import")
        .arg(&ws)
        .arg("--file")
        .arg(salesforce_report_ja())
        .arg("--dry-run")
        .output()
        .unwrap());
    assert!(dry.contains("preset salesforce"), "{dry}");
    assert!(dry.contains("Account: \"北辰精機株式会社\" (new)"), "{dry}");
    assert!(dry.contains("Reporting lines: 5 to add"), "{dry}");
    assert!(!ws.exists(), "a dry run writes nothing");
    let out = ok(&stakemap()
        .arg("import")
        .arg(&ws)
        .arg("--file")
        .arg(salesforce_report_ja())
        .output()
        .unwrap());
    assert!(out.contains("into \"北辰精機株式会社\""), "{out}");
    assert_eq!(counts(&ws, "北辰精機株式会社"), (6, 5));
    // Named, the account given is used (the open account of the window).
    let out = ok(&import(&ws, "既存の顧客", &salesforce_report_ja(), &[]));
    assert!(out.contains("into \"既存の顧客\""), "{out}");
    // --people still needs --account.
    let err = failed(
        &stakemap()
            .arg("import")
            .arg(&ws)
            .arg("--people")
            .arg(salesforce_report_ja())
            .output()
            .unwrap(),
    );
    assert!(err.contains("--people needs --account"), "{err}");
}
