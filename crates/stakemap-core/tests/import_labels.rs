//! The Japanese labels of Salesforce's standard contact fields that a key-account map does
//! not keep (home and other phones, birthday, assistant, fax): a Japanese export with one of
//! them beside the columns every export has (氏名, 役職, 部署, メール) is read as Salesforce,
//! not as business cards, and the column is left out, so a home number never becomes the
//! person's phone.

use stakemap_core::import::{plan_import, Field, ImportSource, Preset};
use stakemap_core::Workspace;

fn preset_and_mapping(label: &str) -> (Option<Preset>, Vec<Field>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path().join("labels.stakemap")).unwrap();
    let csv = format!(
        "氏名,役職,部署,メール,{label}\n高橋 誠,代表取締役社長,経営企画室,m.takahashi@hokushin.example.jp,03-9999-0000\n"
    );
    let plan = plan_import(
        &ws,
        "",
        &ImportSource::new("contacts.csv", csv.into_bytes()),
    )
    .unwrap_or_else(|e| panic!("plan failed: {e}"));
    assert_eq!(plan.added.len(), 1, "one person");
    assert_eq!(plan.added[0].name, "高橋 誠");
    (plan.preset, plan.mapping, plan.columns)
}

fn read_as_salesforce_and_left_out(label: &str) {
    let (preset, mapping, columns) = preset_and_mapping(label);
    assert_eq!(
        preset,
        Some(Preset::Salesforce),
        "{label}: {columns:?} → {mapping:?}"
    );
    assert_eq!(mapping.last(), Some(&Field::Ignore), "{label} is left out");
    assert_eq!(
        &mapping[..4],
        &[Field::Name, Field::Title, Field::Department, Field::Email]
    );
}

#[test]
fn without_a_salesforce_only_label_the_file_is_business_cards() {
    let (preset, _, _) = preset_and_mapping("趣味");
    assert_eq!(preset, Some(Preset::BusinessCard));
}

#[test]
fn home_phone_is_salesforce_and_not_the_phone() {
    read_as_salesforce_and_left_out("自宅電話");
}

#[test]
fn other_phone_is_salesforce_and_not_the_phone() {
    read_as_salesforce_and_left_out("その他の電話");
}

#[test]
fn birthday_is_salesforce() {
    read_as_salesforce_and_left_out("誕生日");
}

#[test]
fn assistant_is_salesforce() {
    read_as_salesforce_and_left_out("アシスタント");
}

#[test]
fn fax_is_salesforce() {
    read_as_salesforce_and_left_out("Fax");
}
