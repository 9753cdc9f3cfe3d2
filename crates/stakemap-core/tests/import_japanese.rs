//! Importing Japanese CRM exports as a key-account manager does: a Salesforce report
//! exported in Japanese keeps its reporting lines and goes into a new account named after
//! the company; HubSpot's Japanese headers; the company switchboard does not replace a
//! direct number; e-mails compare without case; the user keeps stored values; names keep
//! the file's family/given split; a manager column that yields no line is warned of.

use std::collections::HashMap;

use stakemap_core::import::{
    apply_import, plan_import, Field, ImportOptions, ImportPlan, ImportSource, KeepStored,
    NoteKind, Preset, SheetImportReport,
};
use stakemap_core::{RelationKind, Workspace};

fn temp() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path().join("import.stakemap")).unwrap();
    (dir, ws)
}

fn plan(ws: &Workspace, account: &str, source: &ImportSource) -> ImportPlan {
    plan_import(ws, account, source).unwrap_or_else(|e| panic!("plan failed: {e}"))
}

fn apply(ws: &mut Workspace, account: &str, source: &ImportSource) -> SheetImportReport {
    apply_import(ws, account, source, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// A person as the tests read them: (name, phone, email).
type Contact = (String, String, String);

/// Each person's manager by name, and every person's (name, phone, email).
fn account(ws: &Workspace, name: &str) -> (HashMap<String, String>, Vec<Contact>) {
    let id = ws.account_by_name(name).unwrap().expect("the account").id;
    let people = ws.people(&id).unwrap();
    let names: HashMap<String, String> = people
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let managers = ws
        .relations(&id)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RelationKind::ReportsTo)
        .map(|r| (names[&r.from].clone(), names[&r.to].clone()))
        .collect();
    let mut list: Vec<Contact> = people
        .into_iter()
        .filter(|p| p.account_id.as_deref() == Some(id.as_str()))
        .map(|p| (p.name, p.phone, p.email))
        .collect();
    list.sort();
    (managers, list)
}

/// A Salesforce contact report exported in Japanese (a report's "上司: 氏名" column).
const SF_REPORT: &str = "\u{FEFF}\"取引先名\",\"取引先責任者 ID\",\"氏名\",\"役職\",\"部署\",\"上司: 氏名\",\"電話\",\"携帯\",\"メール\"\n\
\"北辰精機株式会社\",\"0035g00000A0001\",\"高橋 誠\",\"代表取締役社長\",\"経営企画室\",\"\",\"03-1111-0001\",\"\",\"makoto.takahashi@hokushin.example.jp\"\n\
\"北辰精機株式会社\",\"0035g00000A0002\",\"川口 直人\",\"取締役 製造本部長\",\"製造本部\",\"高橋 誠\",\"03-1111-0002\",\"090-0000-0002\",\"naoto.kawaguchi@hokushin.example.jp\"\n\
\"北辰精機株式会社\",\"0035g00000A0003\",\"井上 真理\",\"生産技術部長\",\"生産技術部\",\"川口 直人\",\"\",\"090-0000-0003\",\"mari.inoue@hokushin.example.jp\"\n\
\"北辰精機株式会社\",\"0035g00000A0004\",\"佐々木 健\",\"購買部長\",\"購買部\",\"高橋 誠\",\"03-1111-0004\",\"\",\"ken.sasaki@hokushin.example.jp\"\n";

#[test]
fn a_japanese_salesforce_report_imports_with_its_lines_into_an_account_named_after_the_company() {
    let (_dir, mut ws) = temp();
    let src = ImportSource::new("report1712.csv", SF_REPORT.as_bytes().to_vec());
    // No account named: the company of the file.
    let p = plan(&ws, "", &src);
    assert_eq!(p.preset, Some(Preset::Salesforce));
    assert_eq!(p.company, "北辰精機株式会社");
    assert_eq!(p.account_name, "北辰精機株式会社");
    assert!(!p.account_exists);
    assert_eq!(
        p.mapping,
        vec![
            Field::Company,
            Field::Id,
            Field::Name,
            Field::Title,
            Field::Department,
            Field::ManagerName,
            Field::Phone,
            Field::Phone,
            Field::Email
        ]
    );
    assert_eq!((p.added_count, p.reporting_added), (4, 3));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let report = apply(&mut ws, "", &src);
    assert!(report.account_created);
    assert_eq!(report.account_name, "北辰精機株式会社");
    assert_eq!(report.lines_added, 3);
    let (managers, _) = account(&ws, "北辰精機株式会社");
    assert_eq!(managers["川口 直人"], "高橋 誠");
    assert_eq!(managers["井上 真理"], "川口 直人");
    assert_eq!(managers["佐々木 健"], "高橋 誠");
    // The account that happens to be open is still one choice away: named, it is used.
    let other = plan(&ws, "別の顧客", &src);
    assert_eq!(other.account_name, "別の顧客");
}

#[test]
fn salesforce_manager_ids_and_english_report_headers_are_understood() {
    let csv = "Account Name,Contact ID,First Name,Last Name,Title,Reports To: Full Name\n\
               Acme,c1,Aiko,Sato,CEO,\n\
               Acme,c2,Ben,Oda,CFO,Aiko Sato\n";
    let (_dir, ws) = temp();
    let p = plan(
        &ws,
        "",
        &ImportSource::new("r.csv", csv.as_bytes().to_vec()),
    );
    assert_eq!(p.preset, Some(Preset::Salesforce));
    assert_eq!((p.account_name.as_str(), p.reporting_added), ("Acme", 1));

    let jp_ids = "取引先責任者 ID,姓,名,上司: 取引先責任者 ID\nA1,高橋,誠,\nA2,川口,直人,A1\n";
    let p = plan(
        &ws,
        "",
        &ImportSource::new("c.csv", jp_ids.as_bytes().to_vec()),
    );
    assert_eq!(p.preset, Some(Preset::Salesforce));
    assert_eq!(p.reporting_added, 1);
    // No company in the file: the file's name.
    assert_eq!(p.account_name, "c");
}

#[test]
fn a_japanese_hubspot_export_keeps_the_family_given_split() {
    let csv = "レコードID,名,姓,会社名,役職,Eメール,電話番号\n\
               101,誠,高橋,北辰精機,社長,m.t@hokushin.example.jp,03-1\n\
               102,直人,川口,北辰精機,本部長,n.k@hokushin.example.jp,03-2\n";
    let (_dir, mut ws) = temp();
    let src = ImportSource::new("hubspot.csv", csv.as_bytes().to_vec());
    let p = plan(&ws, "", &src);
    assert_eq!(p.preset, Some(Preset::Hubspot));
    assert_eq!(p.account_name, "北辰精機");
    let names: Vec<&str> = p.added.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["高橋 誠", "川口 直人"]);
    apply(&mut ws, "", &src);
    let (_, people) = account(&ws, "北辰精機");
    assert_eq!(people[0].0, "川口 直人");
}

#[test]
fn a_manager_column_that_yields_no_line_is_warned_of() {
    let (_dir, ws) = temp();
    // Names that fit nobody.
    let csv = "氏名,役職,上司\n高橋 誠,社長,鈴木 一郎\n川口 直人,本部長,田中 次郎\n";
    let p = plan(
        &ws,
        "A",
        &ImportSource::new("m.csv", csv.as_bytes().to_vec()),
    );
    assert_eq!(p.reporting_added, 0);
    let warned: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.kind == NoteKind::NoReportingLines)
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", p.warnings);
    assert_eq!(warned[0].arg("column"), "上司");
    // A manager column mapped to nothing.
    let mut src = ImportSource::new(
        "m.csv",
        "氏名,上司\n高橋 誠,\n川口 直人,高橋 誠\n"
            .as_bytes()
            .to_vec(),
    );
    src.mapping = Some(vec![Field::Name, Field::Ignore]);
    let p = plan(&ws, "A", &src);
    assert!(p
        .warnings
        .iter()
        .any(|w| w.kind == NoteKind::NoReportingLines));
    // Mapped, it gives the line and no warning.
    src.mapping = None;
    let p = plan(&ws, "A", &src);
    assert_eq!(p.reporting_added, 1);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn the_switchboard_does_not_replace_direct_numbers_and_emails_compare_without_case() {
    let (_dir, mut ws) = temp();
    let first = "会社名,氏名,メールアドレス,TEL直通\n北辰,高橋 誠,Makoto.Takahashi@hokushin.example.jp,03-1111-0001\n";
    apply(
        &mut ws,
        "北辰",
        &ImportSource::new("a.csv", first.as_bytes().to_vec()),
    );
    // Eight's export: TEL会社 is the switchboard, the e-mail in capitals.
    let cards = "会社名,氏名,メールアドレス,TEL会社\n\
                 北辰,高橋 誠,MAKOTO.TAKAHASHI@HOKUSHIN.EXAMPLE.JP,03-1111-0000\n\
                 北辰,川口 直人,n.k@hokushin.example.jp,03-1111-0000\n";
    let src = ImportSource::new("eight.csv", cards.as_bytes().to_vec());
    let p = plan(&ws, "北辰", &src);
    assert_eq!(p.mapping[3], Field::CompanyPhone);
    assert_eq!(
        (p.added_count, p.updated_count, p.unchanged),
        (1, 0, 1),
        "{:?}",
        p.updated
    );
    apply(&mut ws, "北辰", &src);
    let (_, people) = account(&ws, "北辰");
    assert_eq!(
        people,
        vec![
            (
                "川口 直人".to_string(),
                "03-1111-0000".to_string(),
                "n.k@hokushin.example.jp".to_string()
            ),
            (
                "高橋 誠".to_string(),
                "03-1111-0001".to_string(),
                "Makoto.Takahashi@hokushin.example.jp".to_string()
            ),
        ]
    );
}

#[test]
fn the_user_keeps_stored_values_per_field_and_per_row() {
    let (_dir, mut ws) = temp();
    let stored = "id,name,title,phone\na,Aiko Sato,CEO,111\nb,Ben Oda,CFO,222\n";
    apply(
        &mut ws,
        "Acme",
        &ImportSource::new("a.csv", stored.as_bytes().to_vec()),
    );
    let file = "id,name,title,phone\na,Aiko Sato,Chair,999\nb,Ben Oda,COO,888\n";
    let mut src = ImportSource::new("b.csv", file.as_bytes().to_vec());
    src.options = ImportOptions::default();
    src.keep = vec![
        KeepStored {
            field: "phone".into(),
            line: None,
        },
        KeepStored {
            field: "title".into(),
            line: Some(3),
        },
    ];
    let p = plan(&ws, "Acme", &src);
    // Every change is listed (so the user can undo a choice), the kept ones marked.
    let changes: Vec<(u32, Vec<(String, bool)>)> = p
        .updated
        .iter()
        .map(|u| {
            let fields = u
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.kept))
                .collect();
            (u.line, fields)
        })
        .collect();
    let change = |f: &str, kept: bool| (f.to_string(), kept);
    assert_eq!(
        changes,
        vec![
            (2, vec![change("title", false), change("phone", true)]),
            (3, vec![change("title", true), change("phone", true)]),
        ]
    );
    assert_eq!((p.updated_count, p.unchanged), (1, 1));
    apply(&mut ws, "Acme", &src);
    let id = ws.account_by_name("Acme").unwrap().unwrap().id;
    let mut got: Vec<(String, String, String)> = ws
        .people(&id)
        .unwrap()
        .into_iter()
        .filter(|p| p.account_id.as_deref() == Some(id.as_str()))
        .map(|p| (p.name, p.title, p.phone))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("Aiko Sato".into(), "Chair".into(), "111".into()),
            ("Ben Oda".into(), "CFO".into(), "222".into()),
        ]
    );
}

#[test]
fn a_cycle_in_the_file_is_a_note_with_the_names_as_arguments() {
    let (_dir, ws) = temp();
    let csv = "氏名,上司\n高橋 誠,川口 直人\n川口 直人,高橋 誠\n";
    let p = plan(
        &ws,
        "A",
        &ImportSource::new("c.csv", csv.as_bytes().to_vec()),
    );
    assert_eq!(p.rejected_count, 2);
    let first = &p.rejected[0].reasons[0];
    assert_eq!(first.kind, NoteKind::Cycle);
    assert_eq!(first.arg("names"), "高橋 誠 → 川口 直人 → 高橋 誠");
    assert_eq!(p.rejected[1].reasons[0].kind, NoteKind::OnCycle);
    // The managers were found: the cycle is the reason, not the column.
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn the_user_keeps_the_stored_manager_of_a_row() {
    let (_dir, mut ws) = temp();
    let stored = "id,name,manager_id\na,Boss,\nb,Other Boss,\nc,Worker,a\n";
    apply(
        &mut ws,
        "Acme",
        &ImportSource::new("a.csv", stored.as_bytes().to_vec()),
    );
    let mut src = ImportSource::new(
        "b.csv",
        "id,name,manager_id\nc,Worker,b\n".as_bytes().to_vec(),
    );
    src.keep = vec![KeepStored {
        field: "manager".into(),
        line: Some(2),
    }];
    let p = plan(&ws, "Acme", &src);
    assert_eq!(
        (p.updated_count, p.unchanged, p.reporting_changed),
        (0, 1, 0)
    );
    assert!(p.updated.is_empty() || p.updated[0].changes.iter().all(|c| c.kept));
    apply(&mut ws, "Acme", &src);
    assert_eq!(account(&ws, "Acme").0["Worker"], "Boss");
    src.keep.clear();
    apply(&mut ws, "Acme", &src);
    assert_eq!(account(&ws, "Acme").0["Worker"], "Other Boss");
}

#[test]
fn a_long_list_of_kept_values_costs_no_more_than_reading_it() {
    // 20,000 rows and 200,000 kept values: a lookup per row and field, not a walk of the
    // list (which would be 4·10⁹ steps).
    let (_dir, mut ws) = temp();
    let mut csv = String::from("id,name,title\n");
    for i in 0..20_000 {
        csv.push_str(&format!("p{i},Person {i},T{i}\n"));
    }
    apply(
        &mut ws,
        "Acme",
        &ImportSource::new("a.csv", csv.clone().into_bytes()),
    );
    let mut src = ImportSource::new("b.csv", csv.replace(",T", ",U").into_bytes());
    src.keep = (0..200_000u32)
        .map(|i| KeepStored {
            field: if i % 2 == 0 { "title" } else { "notes" }.into(),
            line: Some(2 + i / 10),
        })
        .collect();
    let started = std::time::Instant::now();
    let p = plan(&ws, "Acme", &src);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!((p.updated_count, p.unchanged), (0, 20_000));
}
