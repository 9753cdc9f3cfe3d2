//! The spreadsheet and vCard import, as a user meets it: what the plan says (with line
//! numbers), what ends up stored (people, managers), re-imports, one undo step, and files
//! that are refused.
//!
//! The organogram test reads the UK Cabinet Office senior staff organogram of 31 March
//! 2012 from the shared data folder (data.gov.uk; contains public sector information
//! licensed under the Open Government Licence v3.0).

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;

use stakemap_core::import::{
    apply_import, plan_import, Field, ImportOptions, ImportPlan, ImportSource, ManagerResolution,
    Preset, SheetImportReport, SheetKind,
};
use stakemap_core::UndoLabel;
use stakemap_core::{AccountInput, Error, Person, PersonInput, RelationKind, Workspace};

fn temp() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path().join("import.stakemap")).unwrap();
    (dir, ws)
}

fn source(name: &str, bytes: impl Into<Vec<u8>>) -> ImportSource {
    ImportSource::new(name, bytes.into())
}

fn plan(ws: &Workspace, account: &str, source: &ImportSource) -> ImportPlan {
    plan_import(ws, account, source).unwrap_or_else(|e| panic!("plan failed: {e}"))
}

fn apply(ws: &mut Workspace, account: &str, source: &ImportSource) -> SheetImportReport {
    apply_import(ws, account, source, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("import failed: {e}"))
}

fn account_id(ws: &Workspace, name: &str) -> String {
    ws.account_by_name(name).unwrap().expect("the account").id
}

/// The account's people (not our staff), by name.
fn people(ws: &Workspace, account: &str) -> HashMap<String, Person> {
    let id = account_id(ws, account);
    let list: Vec<Person> = ws
        .people(&id)
        .unwrap()
        .into_iter()
        .filter(|p| p.account_id.as_deref() == Some(id.as_str()))
        .collect();
    let map: HashMap<String, Person> = list.iter().map(|p| (p.name.clone(), p.clone())).collect();
    assert_eq!(map.len(), list.len(), "two people share a name: {list:?}");
    map
}

/// Each person's manager, by name (people without a manager are left out).
fn managers(ws: &Workspace, account: &str) -> HashMap<String, String> {
    let id = account_id(ws, account);
    let names: HashMap<String, String> = ws
        .people(&id)
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    ws.relations(&id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (names[&r.from].clone(), names[&r.to].clone()))
        .collect()
}

fn person_count(ws: &Workspace, account: &str) -> usize {
    match ws.account_by_name(account).unwrap() {
        Some(a) => ws
            .people(&a.id)
            .unwrap()
            .iter()
            .filter(|p| p.account_id.as_deref() == Some(a.id.as_str()))
            .count(),
        None => 0,
    }
}

fn refused(result: stakemap_core::Result<ImportPlan>) -> String {
    match result {
        Err(e @ Error::FileRefused { .. }) => e.to_string(),
        Err(other) => panic!("expected the file to be refused, got another error: {other}"),
        Ok(plan) => panic!(
            "expected the file to be refused, got a plan of {} records",
            plan.total_records
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Real data: the UK organogram

fn organogram_bytes() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/real/uk-organogram/cabinet-office-2012-03-31-senior.csv");
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "the UK organogram is missing: expected {} (the folder `shared` beside the repository); this test needs it ({e})",
            path.display()
        )
    })
}

#[test]
fn uk_organogram_imports_228_posts_with_two_roots() {
    let (_dir, mut ws) = temp();
    let src = source("cabinet-office-2012-03-31-senior.csv", organogram_bytes());
    let p = plan(&ws, "Cabinet Office", &src);
    assert_eq!(p.kind, SheetKind::Csv);
    assert_eq!(
        p.preset,
        Some(Preset::Organogram),
        "the organogram preset is guessed"
    );
    assert_eq!(p.encoding, "UTF-8");
    assert_eq!(p.header_line, 1);
    assert_eq!(p.total_records, 228);
    assert_eq!(p.added_count, 228);
    assert!(p.rejected.is_empty(), "rejected: {:?}", p.rejected);
    assert!(
        p.unmatched_managers.is_empty(),
        "unmatched: {:?}",
        p.unmatched_managers
    );
    assert!(p.ambiguous.is_empty());
    assert_eq!(p.reporting_added, 226);
    assert_eq!(p.preview_rows.len(), 20);
    assert_eq!(p.preview_rows[0].line, 2);
    let post = p
        .columns
        .iter()
        .position(|c| c == "Post Unique Reference")
        .unwrap();
    assert_eq!(p.mapping[post], Field::Id);

    let report = apply(&mut ws, "Cabinet Office", &src);
    assert!(report.account_created);
    assert_eq!(
        (report.added, report.skipped, report.lines_added),
        (228, 0, 226)
    );

    let id = account_id(&ws, "Cabinet Office");
    let all: Vec<Person> = ws.people(&id).unwrap();
    assert_eq!(all.len(), 228);
    let reports: Vec<_> = ws
        .relations(&id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .collect();
    let with_manager: BTreeSet<&str> = reports.iter().map(|r| r.from.as_str()).collect();
    let roots: BTreeSet<String> = all
        .iter()
        .filter(|p| !with_manager.contains(p.id.as_str()))
        .map(|p| p.title.clone())
        .collect();
    assert_eq!(
        roots,
        BTreeSet::from([
            "Cabinet Secretary".to_string(),
            "Permanent Secretary, Cabinet Office".to_string()
        ])
    );
    // Post 8 (line 2): First Parliamentary Counsel, Government in Parliament, reports to
    // post 317, the Cabinet Secretary. Names were removed from the file: the job title
    // names the person.
    let first = all
        .iter()
        .find(|p| p.name == "First Parliamentary Counsel")
        .unwrap();
    assert_eq!(first.department, "Government in Parliament");
    assert!(
        first.notes.contains("Grade (or equivalent): SCS4"),
        "{}",
        first.notes
    );
    let manager = reports.iter().find(|r| r.from == first.id).unwrap();
    assert_eq!(ws.person(&manager.to).unwrap().title, "Cabinet Secretary");

    // The same file again: nothing new, nothing changed.
    let again = plan(&ws, "Cabinet Office", &src);
    assert_eq!(
        (again.added_count, again.updated_count, again.unchanged),
        (0, 0, 228)
    );
    assert_eq!((again.reporting_added, again.reporting_changed), (0, 0));
    let report = apply(&mut ws, "Cabinet Office", &src);
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 0, 228)
    );
    assert_eq!(ws.people(&id).unwrap().len(), 228);
}

#[test]
fn organogram_job_shares_vacancies_and_the_top_post() {
    let (_dir, mut ws) = temp();
    let csv =
        "Post Unique Reference,Name,Grade (or equivalent),Job Title,Unit,Reports to Senior Post\n\
               1,Jane Roe,SCS4,Permanent Secretary,Office,XX\n\
               12,Ann Lee,SCS2,Director of Policy,Policy,1\n\
               12,Bob Kay,SCS2,Director of Policy,Policy,1\n\
               20,Vacant,SCS1,Deputy Director,Policy,12\n\
               21,N/D,SCS1,Head of Digital,Digital,1\n";
    let src = source("organogram.csv", csv);
    let p = plan(&ws, "Dept", &src);
    assert_eq!(p.preset, Some(Preset::Organogram));
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(p.added_count, 5);
    assert!(
        p.warnings.iter().map(|w| w.english()).any(|w| w
            .starts_with("line 4: post 12 is also on line 3 (a job share)")
            && w.contains("12#2")),
        "{:?}",
        p.warnings
    );
    apply(&mut ws, "Dept", &src);
    let m = managers(&ws, "Dept");
    assert_eq!(m.get("Jane Roe"), None, "XX is the top of the tree");
    assert_eq!(m["Ann Lee"], "Jane Roe");
    assert_eq!(m["Bob Kay"], "Jane Roe");
    // Post 20 reports to post 12: the first holder of the job share.
    assert_eq!(m["Deputy Director (vacant)"], "Ann Lee");
    assert_eq!(m["Head of Digital (name not disclosed)"], "Jane Roe");
    // A re-import finds both job sharers again.
    let again = plan(&ws, "Dept", &src);
    assert_eq!((again.added_count, again.unchanged), (0, 5));
}

// ---------------------------------------------------------------------------------------
// Business cards: Shift_JIS with a preamble

const MEISHI: &str = "名刺データ エクスポート\r\n\
出力日,2024/04/01\r\n\
会社名,部署名,役職,氏名,氏名（カナ）,メールアドレス,上司\r\n\
山田商事株式会社,経営企画部,代表取締役社長,山田 太郎,ヤマダ タロウ,taro@yamada.example,\r\n\
山田商事株式会社,営業本部,本部長,佐藤 花子,サトウ ハナコ,hanako@yamada.example,山田太郎\r\n\
山田商事株式会社,営業本部,部長,高橋 誠,タカハシ マコト,,佐藤花子\r\n\
山田商事株式会社,開発本部,部長,高橋 誠,タカハシ マコト,,山田 太郎\r\n\
山田商事株式会社,開発本部,課長,伊藤 美咲,イトウ ミサキ,,高橋誠\r\n\
山田商事株式会社,営業本部,課長,鈴木 一郎,スズキ イチロウ,,渡辺 修\r\n";

#[test]
fn shift_jis_business_cards_with_a_preamble_and_an_ambiguous_manager() {
    let (_dir, mut ws) = temp();
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(MEISHI);
    assert!(!unmappable);
    let mut src = source("eight.csv", bytes.into_owned());
    let p = plan(&ws, "山田商事", &src);
    assert_eq!(p.encoding, "Shift_JIS");
    assert_eq!(p.preset, Some(Preset::BusinessCard));
    assert_eq!(p.header_line, 3);
    assert_eq!(p.columns[3], "氏名");
    assert_eq!(p.mapping[6], Field::ManagerName);
    assert_eq!(p.added_count, 6);
    let lines: Vec<u32> = p.added.iter().map(|a| a.line).collect();
    assert_eq!(lines, vec![4, 5, 6, 7, 8, 9]);
    // 佐藤 and both 高橋 get their manager; 山田 has none, 伊藤's is ambiguous and 鈴木's
    // is not in the file.
    assert_eq!(p.reporting_added, 3);

    // 伊藤 (line 8) reports to "高橋誠": two people of that name, on lines 6 and 7.
    assert_eq!(p.ambiguous.len(), 1);
    let amb = &p.ambiguous[0];
    assert_eq!(
        (amb.line, amb.name.as_str(), amb.manager_text.as_str()),
        (8, "伊藤 美咲", "高橋誠")
    );
    let cand: Vec<(Option<u32>, &str)> = amb
        .candidates
        .iter()
        .map(|c| (c.line, c.department.as_str()))
        .collect();
    assert_eq!(cand, vec![(Some(6), "営業本部"), (Some(7), "開発本部")]);

    // 鈴木 (line 9) reports to somebody who is not in the file.
    assert_eq!(p.unmatched_managers.len(), 1);
    assert_eq!(p.unmatched_managers[0].line, 9);
    assert!(
        p.unmatched_managers[0].english().contains("渡辺 修"),
        "{:?}",
        p.unmatched_managers
    );

    // The user picks the 開発本部 one.
    let dev = amb
        .candidates
        .iter()
        .find(|c| c.department == "開発本部")
        .unwrap();
    src.resolutions = vec![ManagerResolution {
        line: 8,
        manager: Some(dev.key.clone()),
    }];
    let p = plan(&ws, "山田商事", &src);
    assert!(p.ambiguous.is_empty());
    assert_eq!(p.reporting_added, 4);
    apply(&mut ws, "山田商事", &src);

    let id = account_id(&ws, "山田商事");
    let all = ws.people(&id).unwrap();
    assert_eq!(all.len(), 6);
    let taro = all.iter().find(|p| p.name == "山田 太郎").unwrap();
    assert_eq!(
        (
            taro.reading.as_str(),
            taro.title.as_str(),
            taro.department.as_str(),
            taro.email.as_str()
        ),
        (
            "ヤマダ タロウ",
            "代表取締役社長",
            "経営企画部",
            "taro@yamada.example"
        )
    );
    let name_of = |pid: &str| all.iter().find(|p| p.id == pid).unwrap().clone();
    let lines: Vec<(Person, Person)> = ws
        .relations(&id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (name_of(&r.from), name_of(&r.to)))
        .collect();
    let manager_of = |name: &str, dept: &str| {
        lines
            .iter()
            .find(|(f, _)| f.name == name && f.department == dept)
            .map(|(_, t)| (t.name.clone(), t.department.clone()))
    };
    assert_eq!(
        manager_of("佐藤 花子", "営業本部"),
        Some(("山田 太郎".into(), "経営企画部".into()))
    );
    assert_eq!(
        manager_of("高橋 誠", "営業本部"),
        Some(("佐藤 花子".into(), "営業本部".into()))
    );
    assert_eq!(
        manager_of("高橋 誠", "開発本部"),
        Some(("山田 太郎".into(), "経営企画部".into()))
    );
    assert_eq!(
        manager_of("伊藤 美咲", "開発本部"),
        Some(("高橋 誠".into(), "開発本部".into()))
    );
    assert_eq!(manager_of("鈴木 一郎", "営業本部"), None);

    // Business cards have no ids: a re-import finds the cards with an e-mail by it; the
    // others only by name, which the user must allow (the two 高橋 are then told apart by
    // their departments), and then nobody is added.
    let again = plan(&ws, "山田商事", &src);
    assert_eq!((again.added_count, again.unchanged), (4, 2));
    let mut by_name = src.clone();
    by_name.options.match_name = true;
    let again = plan(&ws, "山田商事", &by_name);
    assert_eq!(
        (again.added_count, again.unchanged),
        (0, 6),
        "{:?}",
        again.updated
    );
    assert_eq!((again.reporting_added, again.reporting_changed), (0, 0));
}

// ---------------------------------------------------------------------------------------
// CRM exports

const SALESFORCE: &str = "\"Id\",\"FirstName\",\"LastName\",\"Title\",\"Department\",\"Email\",\"Phone\",\"ReportsToId\",\"AccountId\",\"Description\"\n\
\"0035g00000AAAA1\",\"Aiko\",\"Sato\",\"CEO\",\"Board\",\"aiko@acme.example\",\"+1 555 0100\",\"\",\"0015g00000ACME\",\"Founder, plays golf\"\n\
\"0035g00000AAAA2\",\"Ben\",\"Ito\",\"CFO\",\"Finance\",\"Ben@Acme.example\",\"\",\"0035g00000AAAA1\",\"0015g00000ACME\",\"\"\n\
\"0035g00000AAAA3\",\"Chie\",\"Mori\",\"Controller\",\"Finance\",\"chie@acme.example\",\"\",\"0035g00000AAAA2\",\"0015g00000ACME\",\"\"\n\
\"0035g00000AAAA4\",\"Dan\",\"Oda\",\"Buyer\",\"Procurement\",\"\",\"\",\"0035g00000ZZZZ9\",\"0015g00000ACME\",\"\"\n";

#[test]
fn salesforce_export_with_reports_to_id() {
    let (_dir, mut ws) = temp();
    let src = source("contacts.csv", SALESFORCE);
    let p = plan(&ws, "Acme", &src);
    assert_eq!(p.preset, Some(Preset::Salesforce));
    assert_eq!(p.added_count, 4);
    assert_eq!(p.unmatched_managers.len(), 1);
    assert_eq!(p.unmatched_managers[0].line, 5);
    assert!(p.unmatched_managers[0]
        .english()
        .contains("0035g00000ZZZZ9"));
    assert!(p.unmatched_managers[0]
        .english()
        .contains("Dan Oda is imported without a manager"));
    apply(&mut ws, "Acme", &src);

    let all = people(&ws, "Acme");
    assert_eq!(all.len(), 4);
    assert_eq!(all["Aiko Sato"].title, "CEO");
    assert_eq!(all["Aiko Sato"].notes, "Founder, plays golf");
    assert_eq!(all["Aiko Sato"].phone, "+1 555 0100");
    assert_eq!(all["Chie Mori"].department, "Finance");
    let m = managers(&ws, "Acme");
    assert_eq!(m.len(), 2);
    assert_eq!(m["Ben Ito"], "Aiko Sato");
    assert_eq!(m["Chie Mori"], "Ben Ito");
}

#[test]
fn a_changed_title_and_manager_are_planned_with_before_and_after_then_applied() {
    let (_dir, mut ws) = temp();
    apply(&mut ws, "Acme", &source("contacts.csv", SALESFORCE));
    let changed = SALESFORCE.replace("\"CFO\"", "\"CFO & COO\"").replace(
        "\"Controller\",\"Finance\",\"chie@acme.example\",\"\",\"0035g00000AAAA2\"",
        "\"Controller\",\"Finance\",\"chie@acme.example\",\"\",\"0035g00000AAAA1\"",
    );
    let src = source("contacts.csv", changed);
    let p = plan(&ws, "Acme", &src);
    assert_eq!((p.added_count, p.updated_count, p.unchanged), (0, 2, 2));
    assert_eq!((p.reporting_added, p.reporting_changed), (0, 1));
    let ben = p.updated.iter().find(|u| u.name == "Ben Ito").unwrap();
    assert_eq!(ben.line, 3);
    assert_eq!(ben.changes.len(), 1);
    assert_eq!(
        (
            ben.changes[0].field.as_str(),
            ben.changes[0].before.as_str(),
            ben.changes[0].after.as_str()
        ),
        ("title", "CFO", "CFO & COO")
    );
    let chie = p.updated.iter().find(|u| u.name == "Chie Mori").unwrap();
    assert_eq!(
        (
            chie.changes[0].field.as_str(),
            chie.changes[0].before.as_str(),
            chie.changes[0].after.as_str()
        ),
        ("manager", "Ben Ito", "Aiko Sato")
    );
    let report = apply(&mut ws, "Acme", &src);
    assert_eq!((report.added, report.updated, report.unchanged), (0, 2, 2));
    assert_eq!((report.lines_added, report.lines_changed), (0, 1));
    let all = people(&ws, "Acme");
    assert_eq!(all.len(), 4);
    assert_eq!(all["Ben Ito"].title, "CFO & COO");
    let m = managers(&ws, "Acme");
    assert_eq!(m["Chie Mori"], "Aiko Sato");
    assert_eq!(
        m.len(),
        2,
        "the old line was replaced, not kept beside the new one"
    );
}

#[test]
fn a_record_matches_a_person_by_email_when_asked() {
    let (_dir, mut ws) = temp();
    let ben_id = ws
        .write(|tx| {
            let a = tx.create_account(&AccountInput {
                name: "Acme".into(),
                ..Default::default()
            })?;
            let ben = tx.add_person(
                &a.id,
                &PersonInput {
                    name: "Benjamin Ito".into(),
                    email: "ben@acme.example".into(),
                    notes: "met at the fair".into(),
                    ..Default::default()
                },
            )?;
            Ok(ben.id)
        })
        .unwrap();

    // Without e-mail matching, the Salesforce Ben is another person.
    let p = plan(&ws, "Acme", &source("contacts.csv", SALESFORCE));
    assert_eq!(p.added_count, 4);

    let mut src = source("contacts.csv", SALESFORCE);
    src.options = ImportOptions {
        match_email: true,
        match_name: false,
    };
    let p = plan(&ws, "Acme", &src);
    assert_eq!((p.added_count, p.updated_count), (3, 1));
    assert_eq!(p.updated[0].person_id, ben_id);
    assert!(p.updated[0]
        .changes
        .iter()
        .any(|c| c.field == "name" && c.before == "Benjamin Ito" && c.after == "Ben Ito"));
    apply(&mut ws, "Acme", &src);
    let all = people(&ws, "Acme");
    assert_eq!(all.len(), 4);
    assert_eq!(all["Ben Ito"].id, ben_id);
    assert_eq!(
        all["Ben Ito"].notes, "met at the fair",
        "an empty cell erases nothing"
    );
    assert_eq!(managers(&ws, "Acme")["Chie Mori"], "Ben Ito");

    // The Salesforce id is remembered: without e-mail matching, a re-import finds Ben.
    let p = plan(&ws, "Acme", &source("contacts.csv", SALESFORCE));
    assert_eq!((p.added_count, p.unchanged), (0, 4));
}

#[test]
fn hubspot_export_with_a_custom_manager_column() {
    let (_dir, mut ws) = temp();
    let csv =
        "Record ID,First Name,Last Name,Email,Phone Number,Job Title,Company Name,Reports to\n\
               101,Grace,Hopper,grace@navy.example,555-0101,Rear Admiral,US Navy,\n\
               102,Alan,Turing,alan@navy.example,,Analyst,US Navy,\"Hopper, Grace\"\n\
               103,Ada,Lovelace,ada@navy.example,,Analyst,US Navy,alan turing\n";
    let src = source("hubspot-export.csv", csv);
    let p = plan(&ws, "Navy", &src);
    assert_eq!(p.preset, Some(Preset::Hubspot));
    assert_eq!(p.added_count, 3);
    assert_eq!(p.reporting_added, 2);
    apply(&mut ws, "Navy", &src);
    let all = people(&ws, "Navy");
    assert_eq!(all["Grace Hopper"].title, "Rear Admiral");
    assert_eq!(all["Grace Hopper"].phone, "555-0101");
    let m = managers(&ws, "Navy");
    assert_eq!(m["Alan Turing"], "Grace Hopper");
    assert_eq!(m["Ada Lovelace"], "Alan Turing");
}

// ---------------------------------------------------------------------------------------
// Excel

/// A minimal .xlsx, written with the zip crate (already a dependency of the core, so the
/// test needs no workbook writer): content types, package and workbook relationships, the
/// workbook, shared strings and one worksheet whose XML is given.
fn xlsx(shared: &[&str], sheet_rows: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{strings}</sst>"#, n = shared.len())),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>"#)),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn s(cell: &str, index: usize) -> String {
    format!(r#"<c r="{cell}" t="s"><v>{index}</v></c>"#)
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn num(cell: &str, value: &str) -> String {
    format!(r#"<c r="{cell}"><v>{value}</v></c>"#)
}

#[test]
fn xlsx_first_sheet_with_a_title_row_and_numeric_ids() {
    let (_dir, mut ws) = temp();
    let header = [
        "id",
        "name",
        "title",
        "department",
        "manager_id",
        "intimacy",
    ];
    let mut rows = format!(
        r#"<row r="1">{}</row><row r="2">{}</row>"#,
        inline("A1", "Acme org chart, April 2024"),
        header
            .iter()
            .enumerate()
            .map(|(i, _)| s(&format!("{}2", (b'A' + i as u8) as char), i))
            .collect::<String>()
    );
    rows.push_str(&format!(
        r#"<row r="3">{}{}{}{}{}{}</row>"#,
        num("A3", "1001"),
        inline("B3", "Aiko Sato"),
        inline("C3", "CEO"),
        inline("D3", "Board"),
        num("F3", "4"),
        inline("H3", "call back in May")
    ));
    // Row 4 is empty; row 5 reports to 1001, given as a number.
    rows.push_str(&format!(
        r#"<row r="5">{}{}{}{}{}</row>"#,
        num("A5", "1002"),
        inline("B5", "Ben Ito"),
        inline("C5", "CFO"),
        inline("D5", "Finance"),
        num("E5", "1001")
    ));
    rows.push_str(&format!(
        r#"<row r="6">{}{}{}</row>"#,
        num("A6", "1003"),
        inline("B6", "Chie Mori"),
        num("F6", "9")
    ));
    let src = source("org.xlsx", xlsx(&header, &rows));
    let p = plan(&ws, "Acme", &src);
    assert_eq!(p.kind, SheetKind::Xlsx);
    assert_eq!(p.header_line, 2);
    assert_eq!(p.columns, header.map(String::from).to_vec());
    assert_eq!(
        p.preview_rows[0].cells[0], "1001",
        "an integer number reads without .0"
    );
    assert_eq!(p.added_count, 2);
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(p.rejected[0].line, 6);
    assert!(
        p.rejected[0]
            .english()
            .contains("intimacy 9 is out of range; use 1 to 5"),
        "{:?}",
        p.rejected
    );
    // A note beside the table, in a column without a header, is left out.
    assert_eq!(
        p.warnings.iter().map(|w| w.english()).collect::<Vec<_>>(),
        vec!["row 3 has cells right of the last named column; they are not imported (name the column in the header row to import it)".to_string()]
    );
    let report = apply(&mut ws, "Acme", &src);
    assert_eq!((report.added, report.skipped), (2, 1));
    let all = people(&ws, "Acme");
    assert_eq!(all["Aiko Sato"].ratings.intimacy, Some(4));
    assert_eq!(managers(&ws, "Acme")["Ben Ito"], "Aiko Sato");
}

// ---------------------------------------------------------------------------------------
// vCard

const VCARD_3: &str = "BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
PRODID:-//Apple Inc.//macOS 14.4//EN\r\n\
N:山田;太郎;;;\r\n\
FN:山田 太郎\r\n\
X-PHONETIC-FIRST-NAME:タロウ\r\n\
X-PHONETIC-LAST-NAME:ヤマダ\r\n\
ORG:山田商事株式会社;営業本部;\r\n\
TITLE:部長\r\n\
EMAIL;type=INTERNET;type=WORK;type=pref:taro@yamada.example\r\n\
TEL;type=WORK;type=VOICE;type=pref:03-1234-5678\r\n\
item1.X-ABRELATEDNAMES;type=pref:佐藤 花子\r\n\
item1.X-ABLabel:_$!<Manager>!$_\r\n\
item2.X-ABRELATEDNAMES:山田 花子\r\n\
item2.X-ABLabel:_$!<Spouse>!$_\r\n\
NOTE:ゴルフが趣味\\, 週末は釣り。\\n長男が受験生\r\n\
UID:6B29FC40-CA47-1067-B31D-00DD010662DA\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
n:佐藤;花子;;;\r\n\
fn:佐藤 花子\r\n\
x-phonetic-first-name:ハナコ\r\n\
x-phonetic-last-name:サトウ\r\n\
org:山田商事株式会社;営業本部\r\n\
title:取締役 営業本部長\r\n\
uid:A1B2C3D4-0000-4000-8000-000000000002\r\n\
END:VCARD\r\n";

#[test]
fn vcard_3_from_apple_contacts_with_phonetic_names_and_a_manager() {
    let (_dir, mut ws) = temp();
    let src = source("contacts.vcf", VCARD_3);
    let p = plan(&ws, "山田商事", &src);
    assert_eq!(p.kind, SheetKind::Vcard);
    assert_eq!(p.preset, None);
    let lines: Vec<u32> = p.added.iter().map(|a| a.line).collect();
    assert_eq!(lines, vec![1, 19]);
    assert_eq!(p.reporting_added, 1);
    apply(&mut ws, "山田商事", &src);
    let all = people(&ws, "山田商事");
    let taro = &all["山田 太郎"];
    assert_eq!(taro.reading, "ヤマダ タロウ");
    assert_eq!(taro.title, "部長");
    assert_eq!(taro.department, "営業本部");
    assert_eq!(taro.email, "taro@yamada.example");
    assert_eq!(taro.phone, "03-1234-5678");
    assert_eq!(taro.notes, "ゴルフが趣味, 週末は釣り。\n長男が受験生");
    assert_eq!(all["佐藤 花子"].reading, "サトウ ハナコ");
    assert_eq!(all["佐藤 花子"].title, "取締役 営業本部長");
    let m = managers(&ws, "山田商事");
    assert_eq!(m.len(), 1, "the spouse is no manager: {m:?}");
    assert_eq!(m["山田 太郎"], "佐藤 花子");
    // UIDs make a re-import find both.
    let again = plan(&ws, "山田商事", &src);
    assert_eq!((again.added_count, again.unchanged), (0, 2));
}

const VCARD_4: &str = "BEGIN:VCARD\n\
VERSION:4.0\n\
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\n\
FN:Aiko Sato\n\
N;SORT-AS=\"Sato,Aiko\":Sato;Aiko;;;\n\
ORG:Acme Corp;Board\n\
TITLE:Chief Execu\n\x20tive Officer\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:4.0\n\
UID:urn:uuid:0a1b2c3d-0000-4000-8000-00000000000b\n\
FN:Ben Ito\n\
TITLE:CFO\n\
RELATED;TYPE=manager:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\n\
EMAIL;TYPE=work:ben@acme.example\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:4.0\n\
FN:Chie Mori\n\
ROLE:Controller\n\
X-MS-MANAGER:Ben Ito\n\
NOTE:Prefers e-mail\\nNo calls on Fridays\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:4.0\n\
FN:Dan Oda\n\
TITLE:Buyer\n\
ROLE:Procurement lead\n\
RELATED;VALUE=text;TYPE=supervisor:Chie Mori\n\
END:VCARD\n";

#[test]
fn vcard_4_with_related_by_uid_and_outlook_manager() {
    let (_dir, mut ws) = temp();
    let src = source("team.vcf", VCARD_4);
    let p = plan(&ws, "Acme", &src);
    assert_eq!(p.added_count, 4);
    assert!(
        p.unmatched_managers.is_empty(),
        "{:?}",
        p.unmatched_managers
    );
    apply(&mut ws, "Acme", &src);
    let all = people(&ws, "Acme");
    assert_eq!(
        all["Aiko Sato"].title, "Chief Executive Officer",
        "a folded line"
    );
    assert_eq!(all["Aiko Sato"].department, "Board");
    assert_eq!(
        all["Chie Mori"].title, "Controller",
        "ROLE stands in for a missing TITLE"
    );
    assert_eq!(
        all["Chie Mori"].notes,
        "Prefers e-mail\nNo calls on Fridays"
    );
    assert_eq!(all["Dan Oda"].notes, "Role: Procurement lead");
    let m = managers(&ws, "Acme");
    assert_eq!(m["Ben Ito"], "Aiko Sato");
    assert_eq!(m["Chie Mori"], "Ben Ito");
    assert_eq!(m["Dan Oda"], "Chie Mori");
    // Chie and Dan have no UID: a re-import finds them by name only when allowed.
    let again = plan(&ws, "Acme", &src);
    assert_eq!((again.added_count, again.unchanged), (2, 2));
    let mut by_name = src.clone();
    by_name.options.match_name = true;
    let again = plan(&ws, "Acme", &by_name);
    assert_eq!((again.added_count, again.unchanged), (0, 4));
}

// ---------------------------------------------------------------------------------------
// Rows that cannot be imported

#[test]
fn bad_rows_are_listed_with_line_and_reason_and_skipped() {
    let (_dir, mut ws) = temp();
    let csv = "id,name,title,side,roles,intimacy,manager_id\n\
               a1,Aiko Sato,CEO,customer,decision_maker,5,\n\
               a2,,CFO,,,,a1\n\
               a3,Chie Mori,Buyer,vendor,,,a1\n\
               a4,Dan Oda,Analyst,,guru,,a1\n\
               a1,Eve Kato,Intern,,,,a1\n\
               c1,Fumi Abe,Director,,,,c2\n\
               c2,Goro Endo,Director,,,,c1\n\
               a7,Hana Ueda,Engineer,,,abc,a1\n";
    let src = source("people.csv", csv);
    let p = plan(&ws, "Acme", &src);
    let rejected: Vec<(u32, String)> = p.rejected.iter().map(|r| (r.line, r.english())).collect();
    assert_eq!(rejected.len(), 7, "{rejected:#?}");
    let reason = |line: u32| rejected.iter().find(|r| r.0 == line).unwrap().1.clone();
    assert!(reason(3).contains("there is no name"));
    assert!(reason(4).contains("side 'vendor' is not one of: customer, partner"));
    assert!(reason(5).contains("role 'guru' is not one of: decision_maker"));
    assert!(reason(6).contains("the id 'a1' is also on line 2"));
    assert!(
        reason(7).contains("cycle: Fumi Abe → Goro Endo → Fumi Abe"),
        "{}",
        reason(7)
    );
    assert!(reason(8).contains("cycle"));
    assert!(reason(9).contains("intimacy 'abc' is not a number"));
    assert_eq!((p.added_count, p.rejected_count), (1, 7));
    let report = apply(&mut ws, "Acme", &src);
    assert_eq!((report.added, report.skipped), (1, 7));
    assert_eq!(person_count(&ws, "Acme"), 1);
}

#[test]
fn a_reporting_cycle_with_the_stored_chart_is_rejected() {
    let (_dir, mut ws) = temp();
    apply(
        &mut ws,
        "Acme",
        &source("a.csv", "id,name,manager_id\nb,Boss,\nw,Worker,b\n"),
    );
    // Now the file says the boss reports to the worker (who still reports to the boss).
    let p = plan(
        &ws,
        "Acme",
        &source("b.csv", "id,name,manager_id\nb,Boss,w\n"),
    );
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(p.rejected[0].line, 2);
    assert!(
        p.rejected[0].english().contains("Boss → Worker → Boss"),
        "{:?}",
        p.rejected
    );
}

// ---------------------------------------------------------------------------------------
// One undo step, progress

#[test]
fn one_undo_takes_back_the_whole_import() {
    let (_dir, mut ws) = temp();
    ws.enable_undo().unwrap();
    ws.write(|tx| {
        tx.create_account(&AccountInput {
            name: "Other".into(),
            ..Default::default()
        })
    })
    .unwrap();
    let mut calls = Vec::new();
    let report = apply_import(
        &mut ws,
        "Acme",
        &source("contacts.csv", SALESFORCE),
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(report.added, 4);
    assert_eq!(calls.first(), Some(&(0, 4)));
    assert_eq!(calls.last(), Some(&(4, 4)));
    assert_eq!(ws.undo_status().undo, Some(UndoLabel::Import));
    assert_eq!(ws.undo().unwrap(), Some(UndoLabel::Import));
    assert!(ws.account_by_name("Acme").unwrap().is_none());
    assert!(ws.account_by_name("Other").unwrap().is_some());
    ws.redo().unwrap();
    assert_eq!(person_count(&ws, "Acme"), 4);
    assert_eq!(managers(&ws, "Acme").len(), 2);
}

#[test]
fn several_thousand_rows_import_and_reimport() {
    let (_dir, mut ws) = temp();
    let mut csv = String::from("id,name,title,department,manager_id\n");
    for i in 0..5000 {
        let manager = if i == 0 {
            String::new()
        } else {
            format!("p{}", (i - 1) / 5)
        };
        csv.push_str(&format!(
            "p{i},Person {i},Title {},Dept {},{manager}\n",
            i % 7,
            i % 11
        ));
    }
    let src = source("big.csv", csv);
    let mut last = (0, 0);
    let report = apply_import(&mut ws, "Big", &src, &mut |d, t| last = (d, t)).unwrap();
    assert_eq!((report.added, report.lines_added), (5000, 4999));
    assert_eq!(last, (5000, 5000));
    let p = plan(&ws, "Big", &src);
    assert_eq!(
        (p.added_count, p.unchanged, p.reporting_added),
        (0, 5000, 0)
    );
    assert!(p.added.is_empty());
}

// ---------------------------------------------------------------------------------------
// Hostile files

#[test]
fn a_binary_file_is_refused() {
    let (_dir, ws) = temp();
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    let message = refused(plan_import(&ws, "Acme", &source("people.csv", bytes)));
    assert!(
        message.contains("people.csv cannot be imported"),
        "{message}"
    );
    assert!(message.contains("not a text file"), "{message}");
    assert!(ws.accounts().unwrap().is_empty());
}

#[test]
fn a_file_named_xlsx_that_is_not_a_zip_is_refused() {
    let (_dir, ws) = temp();
    let message = refused(plan_import(
        &ws,
        "Acme",
        &source("people.xlsx", "id,name\n1,Aiko\n"),
    ));
    assert!(
        message.contains("is named .xlsx but is not an Excel workbook"),
        "{message}"
    );
    let message = refused(plan_import(
        &ws,
        "Acme",
        &source(
            "old.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00".to_vec(),
        ),
    ));
    assert!(message.contains("Excel 97-2003"), "{message}");
}

/// Writes deflate data for one zero byte followed by `n` copies of the longest match
/// (258 bytes at distance 1): 13 bits per 258 zeros, in one fixed-Huffman block.
fn deflate_zeros(n: usize) -> (Vec<u8>, u64) {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.len;
            self.len += count;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
    }
    let mut bits = Bits {
        out: Vec::with_capacity(n * 13 / 8 + 16),
        acc: 0,
        len: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    bits.put(0x0C, 8); // literal 0 (code 00110000, written bit-reversed)
    for _ in 0..n {
        bits.put(0xA3, 13); // length 258 (code 11000101 reversed) + distance 1 (00000)
    }
    bits.put(0, 7); // end of block
    if bits.len > 0 {
        bits.out.push(bits.acc as u8);
    }
    (bits.out, 1 + 258 * n as u64)
}

/// CRC-32 (IEEE), bit by bit: the test's parts are small.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive written by hand, so that its headers can say what they like:
/// (name, method, data, declared uncompressed size). Stored parts get their real CRC; a
/// deflated part gets none, since its claimed content is never read to the end.
fn hand_zip(entries: &[(&str, u16, &[u8], u32)]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, size) in entries {
        let offset = out.len() as u32;
        for (buf, sig) in [(&mut out, 0x0403_4b50u32), (&mut central, 0x0201_4b50)] {
            u32le(buf, sig);
            if sig == 0x0201_4b50 {
                u16le(buf, 20); // made by
            }
            u16le(buf, 20); // version needed
            u16le(buf, 0); // flags
            u16le(buf, *method);
            u16le(buf, 0); // time
            u16le(buf, 0x21); // date
            u32le(buf, if *method == 0 { crc32(data) } else { 0 });
            u32le(buf, data.len() as u32);
            u32le(buf, *size);
            u16le(buf, name.len() as u16);
            u16le(buf, 0); // extra
            if sig == 0x0201_4b50 {
                u16le(buf, 0); // comment
                u16le(buf, 0); // disk
                u16le(buf, 0); // internal attributes
                u32le(buf, 0); // external attributes
                u32le(buf, offset);
            }
            buf.extend_from_slice(name.as_bytes());
        }
        out.extend_from_slice(data);
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

#[test]
fn a_zip_bomb_posing_as_xlsx_is_refused() {
    let (_dir, ws) = temp();
    // A worksheet that unpacks to 1 GiB of zeros from 6.5 MB.
    let (data, size) = deflate_zeros((1usize << 30) / 258);
    assert!(size > 1 << 29);
    let bomb = hand_zip(&[
        (
            "[Content_Types].xml",
            0,
            CONTENT_TYPES,
            CONTENT_TYPES.len() as u32,
        ),
        ("xl/worksheets/sheet1.xml", 8, &data, size as u32),
    ]);
    // It is a real bomb: the zip reader unpacks zeros from it.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bomb)).unwrap();
    let mut head = Vec::new();
    archive
        .by_index(1)
        .unwrap()
        .take(1 << 20)
        .read_to_end(&mut head)
        .unwrap();
    assert_eq!(head.len(), 1 << 20);
    assert!(head.iter().all(|&b| b == 0));

    let message = refused(plan_import(&ws, "Acme", &source("people.xlsx", bomb)));
    assert!(
        message.contains("xl/worksheets/sheet1.xml unpacks to 1024 MiB"),
        "{message}"
    );
    assert!(message.contains("zip bomb"), "{message}");

    // The same bomb whose headers claim 4 KiB: found out by unpacking at most 4 KiB + 1.
    let liar = hand_zip(&[
        (
            "[Content_Types].xml",
            0,
            CONTENT_TYPES,
            CONTENT_TYPES.len() as u32,
        ),
        ("xl/worksheets/sheet1.xml", 8, &data, 4096),
    ]);
    let message = refused(plan_import(&ws, "Acme", &source("people.xlsx", liar)));
    assert!(
        message.contains("holds more data than its header declares (4096 bytes)"),
        "{message}"
    );

    // A part whose header claims 50 MiB from 170 bytes.
    let (small, _) = deflate_zeros(100);
    let packed = hand_zip(&[("xl/sharedStrings.xml", 8, &small, 50 << 20)]);
    let message = refused(plan_import(&ws, "Acme", &source("people.xlsx", packed)));
    assert!(message.contains("unpacks"), "{message}");
    assert!(
        message.contains("xl/sharedStrings.xml unpacks to 50 MiB"),
        "{message}"
    );
    assert!(ws.accounts().unwrap().is_empty());
}

#[test]
fn a_zip_with_thousands_of_parts_is_refused() {
    let (_dir, ws) = temp();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..2001 {
        zip.start_file(format!("xl/part{i}.xml"), opts).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let message = refused(plan_import(&ws, "Acme", &source("people.xlsx", bytes)));
    assert!(
        message.contains("the archive has 2001 parts, more than the 2000"),
        "{message}"
    );
}
