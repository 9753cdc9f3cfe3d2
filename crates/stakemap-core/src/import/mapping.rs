//! Which column of a people file holds what: the [`Field`]s, the [`Preset`]s of known
//! exports (Salesforce, HubSpot, Eight/Sansan business cards, UK government organograms)
//! with their header names, the guess of a file's preset from its header, and the
//! [`ImportRecord`] every file (sheet or vCard) is turned into.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::Error;

use super::sheet_row::SheetRow;

crate::model::string_enum!(
    /// A known kind of people export; it names the columns and a few rules of its own
    /// (an organogram post without a name is named by its job title, for example).
    Preset {
        Generic => "generic",
        Salesforce => "salesforce",
        Hubspot => "hubspot",
        BusinessCard => "business_card",
        Organogram => "organogram",
    }
);

crate::model::string_enum!(
    /// What a column holds.
    Field {
        Ignore => "ignore",
        Id => "id",
        Name => "name",
        FamilyName => "family_name",
        GivenName => "given_name",
        Reading => "reading",
        FamilyReading => "family_reading",
        GivenReading => "given_reading",
        Title => "title",
        Department => "department",
        Company => "company",
        ManagerId => "manager_id",
        ManagerName => "manager_name",
        Email => "email",
        Phone => "phone",
        CompanyPhone => "company_phone",
        Notes => "notes",
        Side => "side",
        Roles => "roles",
        Key => "key",
        Influence => "influence",
        Intimacy => "intimacy",
        Solution => "solution",
        Price => "price",
        Level => "level",
    }
);

impl Preset {
    /// Parses a preset name as a user types it: `business-card` and `Business Card` too.
    pub fn parse_loose(s: &str) -> crate::Result<Preset> {
        s.trim().replace(['-', ' '], "_").parse()
    }
}

/// Header names of the generic format (`people.csv` of the two-file import) and of our own
/// data export, plus every field's own name, so a file laid out by hand is understood.
const GENERIC: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("name", Field::Name),
    ("family_name", Field::FamilyName),
    ("given_name", Field::GivenName),
    ("reading", Field::Reading),
    ("family_reading", Field::FamilyReading),
    ("given_reading", Field::GivenReading),
    ("title", Field::Title),
    ("department", Field::Department),
    ("company", Field::Company),
    ("side", Field::Side),
    ("roles", Field::Roles),
    ("role", Field::Roles),
    ("key", Field::Key),
    ("key person", Field::Key),
    ("influence", Field::Influence),
    ("intimacy", Field::Intimacy),
    ("solution", Field::Solution),
    ("price", Field::Price),
    ("notes", Field::Notes),
    ("manager_id", Field::ManagerId),
    ("manager", Field::ManagerName),
    ("manager_name", Field::ManagerName),
    ("email", Field::Email),
    ("e-mail", Field::Email),
    ("phone", Field::Phone),
    ("company_phone", Field::CompanyPhone),
    ("level", Field::Level),
];

/// A Salesforce contact export (Data Export / Data Loader and report exports).
const SALESFORCE: &[(&str, Field)] = &[
    ("Id", Field::Id),
    ("Contact ID", Field::Id),
    ("FirstName", Field::GivenName),
    ("LastName", Field::FamilyName),
    ("Name", Field::Name),
    ("Full Name", Field::Name),
    ("Title", Field::Title),
    ("Department", Field::Department),
    ("Email", Field::Email),
    ("Phone", Field::Phone),
    ("MobilePhone", Field::Phone),
    ("Mobile", Field::Phone),
    ("ReportsToId", Field::ManagerId),
    ("Reports To ID", Field::ManagerId),
    ("Reports To", Field::ManagerName),
    ("ReportsTo.Name", Field::ManagerName),
    ("Reports To: Full Name", Field::ManagerName),
    ("AccountId", Field::Company),
    ("Account Name", Field::Company),
    ("Account.Name", Field::Company),
    ("Description", Field::Notes),
    ("Salutation", Field::Ignore),
    ("Account: Phone", Field::CompanyPhone),
    ("Account Phone", Field::CompanyPhone),
    // Japanese field labels (Contact export and reports).
    ("取引先責任者 ID", Field::Id),
    ("取引先責任者ID", Field::Id),
    ("氏名", Field::Name),
    ("取引先責任者: 氏名", Field::Name),
    ("姓", Field::FamilyName),
    ("名", Field::GivenName),
    ("敬称", Field::Ignore),
    ("役職", Field::Title),
    ("部署", Field::Department),
    ("メール", Field::Email),
    ("電話", Field::Phone),
    ("携帯", Field::Phone),
    ("携帯電話", Field::Phone),
    ("上司", Field::ManagerName),
    ("上司: 氏名", Field::ManagerName),
    ("上司 ID", Field::ManagerId),
    ("上司: 取引先責任者 ID", Field::ManagerId),
    ("取引先名", Field::Company),
    ("取引先: 取引先名", Field::Company),
    ("取引先 ID", Field::Ignore),
    ("取引先: 電話", Field::CompanyPhone),
    ("説明", Field::Notes),
    ("所有者", Field::Ignore),
    ("取引先責任者 所有者", Field::Ignore),
    ("取引先責任者 所有者: 氏名", Field::Ignore),
    ("ふりがな(姓)", Field::FamilyReading),
    ("ふりがな(名)", Field::GivenReading),
    // Standard contact fields a key-account map does not keep (a home number is private):
    // known, so that a Japanese export that has them is read as Salesforce.
    ("自宅電話", Field::Ignore),
    ("その他の電話", Field::Ignore),
    ("誕生日", Field::Ignore),
    ("アシスタント", Field::Ignore),
    ("Fax", Field::Ignore),
];

/// A HubSpot contact export. HubSpot has no manager property by default; a custom
/// "Manager" or "Reports to" column is understood.
const HUBSPOT: &[(&str, Field)] = &[
    ("Record ID", Field::Id),
    ("Contact ID", Field::Id),
    ("First Name", Field::GivenName),
    ("Last Name", Field::FamilyName),
    ("Job Title", Field::Title),
    ("Email", Field::Email),
    ("Phone Number", Field::Phone),
    ("Mobile Phone Number", Field::Phone),
    ("Company Name", Field::Company),
    ("Associated Company", Field::Company),
    ("Department", Field::Department),
    ("Manager", Field::ManagerName),
    ("Reports to", Field::ManagerName),
    ("Contact owner", Field::Ignore),
    ("Lifecycle Stage", Field::Ignore),
    // Japanese property labels.
    ("レコードID", Field::Id),
    ("名", Field::GivenName),
    ("姓", Field::FamilyName),
    ("Eメール", Field::Email),
    ("電話番号", Field::Phone),
    ("携帯電話番号", Field::Phone),
    ("会社名", Field::Company),
    ("関連付けられた会社", Field::Company),
    ("役職", Field::Title),
    ("部署", Field::Department),
    ("上司", Field::ManagerName),
    ("コンタクト担当者", Field::Ignore),
    ("ライフサイクルステージ", Field::Ignore),
];

/// Business-card services (Eight, Sansan) and Japanese address books.
const BUSINESS_CARD: &[(&str, Field)] = &[
    ("会社名", Field::Company),
    ("会社", Field::Company),
    ("部署名", Field::Department),
    ("部署", Field::Department),
    ("所属", Field::Department),
    ("役職", Field::Title),
    ("役職名", Field::Title),
    ("氏名", Field::Name),
    ("名前", Field::Name),
    ("フルネーム", Field::Name),
    ("姓", Field::FamilyName),
    ("名", Field::GivenName),
    ("氏名（カナ）", Field::Reading),
    ("氏名（かな）", Field::Reading),
    ("氏名カナ", Field::Reading),
    ("ふりがな", Field::Reading),
    ("フリガナ", Field::Reading),
    ("よみがな", Field::Reading),
    ("ヨミガナ", Field::Reading),
    ("セイ", Field::FamilyReading),
    ("姓（カナ）", Field::FamilyReading),
    ("姓（かな）", Field::FamilyReading),
    ("姓カナ", Field::FamilyReading),
    ("メイ", Field::GivenReading),
    ("名（カナ）", Field::GivenReading),
    ("名（かな）", Field::GivenReading),
    ("名カナ", Field::GivenReading),
    ("メールアドレス", Field::Email),
    ("メール", Field::Email),
    ("E-mail", Field::Email),
    ("電話番号", Field::Phone),
    ("携帯電話", Field::Phone),
    ("携帯電話番号", Field::Phone),
    ("TEL会社", Field::CompanyPhone),
    ("代表電話", Field::CompanyPhone),
    ("代表電話番号", Field::CompanyPhone),
    ("会社電話番号", Field::CompanyPhone),
    ("TEL部門", Field::Phone),
    ("TEL直通", Field::Phone),
    ("メモ", Field::Notes),
    ("備考", Field::Notes),
    ("上司", Field::ManagerName),
    ("名刺交換日", Field::Ignore),
];

/// A UK government organogram (senior posts), as published on data.gov.uk.
const ORGANOGRAM: &[(&str, Field)] = &[
    ("Post Unique Reference", Field::Id),
    ("Name", Field::Name),
    ("Job Title", Field::Title),
    ("Unit", Field::Department),
    ("Reports to Senior Post", Field::ManagerId),
    ("Grade (or equivalent)", Field::Notes),
    ("Job/Team Function", Field::Notes),
    ("Notes", Field::Notes),
    ("Contact E-mail", Field::Email),
    ("Contact Phone", Field::Phone),
    ("Parent Department", Field::Company),
    ("Organisation", Field::Company),
];

fn table(preset: Preset) -> &'static [(&'static str, Field)] {
    match preset {
        Preset::Generic => GENERIC,
        Preset::Salesforce => SALESFORCE,
        Preset::Hubspot => HUBSPOT,
        Preset::BusinessCard => BUSINESS_CARD,
        Preset::Organogram => ORGANOGRAM,
    }
}

/// Full-width ASCII (Ａ, １, （) to ASCII and the ideographic space to a space.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A header name as compared: width-folded, lower case, without spaces and punctuation
/// (`Reports To.Name` = `reportstoname`, `氏名（カナ）` = `氏名カナ`).
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | '(' | ')' | '/' | ':' | '?' | '・' | '「' | '」' | '"' | '\''
                )
        })
        .collect()
}

struct Tables {
    by_preset: HashMap<Preset, HashMap<String, Field>>,
    known: HashSet<String>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut by_preset = HashMap::new();
        let mut known = HashSet::new();
        for preset in Preset::ALL {
            let mut map = HashMap::new();
            for (name, field) in table(*preset) {
                let key = normalize_header(name);
                known.insert(key.clone());
                map.entry(key).or_insert(*field);
            }
            by_preset.insert(*preset, map);
        }
        Tables { by_preset, known }
    })
}

/// True when the cell is a header name of some preset (used to find the header row below
/// a preamble).
pub(crate) fn is_known_header(cell: &str) -> bool {
    let key = normalize_header(cell);
    !key.is_empty() && tables().known.contains(&key)
}

fn own_field(preset: Preset, column: &str) -> Option<Field> {
    tables().by_preset[&preset]
        .get(&normalize_header(column))
        .copied()
}

/// The preset whose header names match most columns, and its mapping. Ties go to the
/// generic format, then to business cards (a Japanese file that names only what every
/// export has, 氏名, 役職, メール), then to the CRMs.
pub fn guess(columns: &[String]) -> (Preset, Vec<Field>) {
    const ORDER: [Preset; 5] = [
        Preset::Generic,
        Preset::BusinessCard,
        Preset::Salesforce,
        Preset::Hubspot,
        Preset::Organogram,
    ];
    let mut best = (Preset::Generic, 0usize);
    for preset in &ORDER {
        let score = columns
            .iter()
            .filter(|c| own_field(*preset, c).is_some())
            .count();
        if score > best.1 {
            best = (*preset, score);
        }
    }
    (best.0, preset_mapping(best.0, columns))
}

/// The mapping of `columns` under `preset`: its own header names first; a column it does
/// not know is read by the generic names (e.g. a custom `influence` column in a CRM
/// export) unless the preset already maps another column to that field.
pub fn preset_mapping(preset: Preset, columns: &[String]) -> Vec<Field> {
    let own: Vec<Option<Field>> = columns.iter().map(|c| own_field(preset, c)).collect();
    let taken: HashSet<Field> = own.iter().flatten().copied().collect();
    columns
        .iter()
        .zip(own)
        .map(|(column, own)| match own {
            Some(field) => field,
            None => match own_field(Preset::Generic, column) {
                Some(field) if field == Field::Notes || !taken.contains(&field) => field,
                _ => Field::Ignore,
            },
        })
        .collect()
}

/// Hiragana, katakana (also half-width), CJK ideographs and hangul.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{AC00}'..='\u{D7AF}')
}

/// A full name from its parts: `山田 太郎` (family first, the file's split kept as a space)
/// for Japanese, Chinese and Korean names, `Aiko Sato` (given first) for the others.
pub fn compose_name(family: &str, given: &str) -> String {
    let (family, given) = (family.trim(), given.trim());
    match (family.is_empty(), given.is_empty()) {
        (true, true) => String::new(),
        (false, true) => family.to_string(),
        (true, false) => given.to_string(),
        (false, false) if family.chars().chain(given.chars()).any(is_cjk) => {
            format!("{family} {given}")
        }
        (false, false) => format!("{given} {family}"),
    }
}

/// The key two names are compared by: trimmed, width-folded, case-insensitive; spaces and
/// commas do not count, and neither does the order of the parts, so `Sato Aiko`,
/// `Aiko Sato`, `SATO, Aiko` and `ｓａｔｏ　ａｉｋｏ` are one name, and so are `山田 太郎`
/// and `山田太郎`.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(fold_width)
        .flat_map(char::to_lowercase)
        .collect();
    let mut parts: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | '，'))
        .filter(|p| !p.is_empty())
        .collect();
    if folded.chars().any(is_cjk) {
        return parts.concat();
    }
    parts.sort_unstable();
    parts.join(" ")
}

/// One person as read from a file, before it is checked: each field as text, empty when
/// the file says nothing about it. `line` is where the row (or the vCard) starts in the
/// file, as a user sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportRecord {
    pub line: u32,
    pub id: String,
    pub name: String,
    pub family_name: String,
    pub given_name: String,
    pub reading: String,
    pub family_reading: String,
    pub given_reading: String,
    pub title: String,
    pub department: String,
    pub company: String,
    pub manager_id: String,
    pub manager_name: String,
    pub email: String,
    pub phone: String,
    /// The company's switchboard (代表電話), kept apart from a direct number.
    #[serde(default)]
    pub company_phone: String,
    pub notes: String,
    pub side: String,
    pub roles: String,
    pub key: String,
    pub influence: String,
    pub intimacy: String,
    pub solution: String,
    pub price: String,
    pub level: String,
}

impl ImportRecord {
    /// Takes out control characters and direction overrides (see [`crate::doc::clean`]):
    /// the notes keep their line breaks, every other field is one line.
    pub fn clean(&mut self) {
        use crate::doc::clean::clean_in_place;
        for s in [
            &mut self.id,
            &mut self.name,
            &mut self.family_name,
            &mut self.given_name,
            &mut self.reading,
            &mut self.family_reading,
            &mut self.given_reading,
            &mut self.title,
            &mut self.department,
            &mut self.company,
            &mut self.manager_id,
            &mut self.manager_name,
            &mut self.email,
            &mut self.phone,
            &mut self.company_phone,
            &mut self.side,
            &mut self.roles,
            &mut self.key,
            &mut self.influence,
            &mut self.intimacy,
            &mut self.solution,
            &mut self.price,
            &mut self.level,
        ] {
            clean_in_place(s, false);
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_string();
            }
        }
        clean_in_place(&mut self.notes, true);
    }

    /// The text of a field (`""` for [`Field::Ignore`]).
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Ignore => "",
            Field::Id => &self.id,
            Field::Name => &self.name,
            Field::FamilyName => &self.family_name,
            Field::GivenName => &self.given_name,
            Field::Reading => &self.reading,
            Field::FamilyReading => &self.family_reading,
            Field::GivenReading => &self.given_reading,
            Field::Title => &self.title,
            Field::Department => &self.department,
            Field::Company => &self.company,
            Field::ManagerId => &self.manager_id,
            Field::ManagerName => &self.manager_name,
            Field::Email => &self.email,
            Field::Phone => &self.phone,
            Field::CompanyPhone => &self.company_phone,
            Field::Notes => &self.notes,
            Field::Side => &self.side,
            Field::Roles => &self.roles,
            Field::Key => &self.key,
            Field::Influence => &self.influence,
            Field::Intimacy => &self.intimacy,
            Field::Solution => &self.solution,
            Field::Price => &self.price,
            Field::Level => &self.level,
        }
    }

    pub(crate) fn slot(&mut self, field: Field) -> Option<&mut String> {
        Some(match field {
            Field::Ignore => return None,
            Field::Id => &mut self.id,
            Field::Name => &mut self.name,
            Field::FamilyName => &mut self.family_name,
            Field::GivenName => &mut self.given_name,
            Field::Reading => &mut self.reading,
            Field::FamilyReading => &mut self.family_reading,
            Field::GivenReading => &mut self.given_reading,
            Field::Title => &mut self.title,
            Field::Department => &mut self.department,
            Field::Company => &mut self.company,
            Field::ManagerId => &mut self.manager_id,
            Field::ManagerName => &mut self.manager_name,
            Field::Email => &mut self.email,
            Field::Phone => &mut self.phone,
            Field::CompanyPhone => &mut self.company_phone,
            Field::Notes => &mut self.notes,
            Field::Side => &mut self.side,
            Field::Roles => &mut self.roles,
            Field::Key => &mut self.key,
            Field::Influence => &mut self.influence,
            Field::Intimacy => &mut self.intimacy,
            Field::Solution => &mut self.solution,
            Field::Price => &mut self.price,
            Field::Level => &mut self.level,
        })
    }

    /// A sheet row read through a mapping (one field per column). When several columns
    /// map to one field, the first non-empty cell wins; notes from several columns are
    /// all kept, one line each, named by their column.
    pub fn from_row(row: &SheetRow, columns: &[String], mapping: &[Field]) -> ImportRecord {
        let mut record = ImportRecord {
            line: row.line,
            ..Default::default()
        };
        let notes_columns = mapping.iter().filter(|f| **f == Field::Notes).count();
        for (i, field) in mapping.iter().enumerate() {
            let value = row.cells.get(i).map_or("", |c| c.trim());
            if value.is_empty() {
                continue;
            }
            if *field == Field::Notes && notes_columns > 1 {
                if !record.notes.is_empty() {
                    record.notes.push('\n');
                }
                let header = columns.get(i).map_or("", |c| c.trim());
                record.notes.push_str(&format!("{header}: {value}"));
                continue;
            }
            if let Some(slot) = record.slot(*field) {
                if slot.is_empty() {
                    value.clone_into(slot);
                }
            }
        }
        record
    }

    /// The name, or else the one composed of family and given name.
    pub fn full_name(&self) -> String {
        if self.name.trim().is_empty() {
            compose_name(&self.family_name, &self.given_name)
        } else {
            self.name.trim().to_string()
        }
    }

    /// The reading, or else the one composed of family and given readings.
    pub fn full_reading(&self) -> String {
        if !self.reading.trim().is_empty() {
            return self.reading.trim().to_string();
        }
        let parts: Vec<&str> = [self.family_reading.trim(), self.given_reading.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_presets_from_headers() {
        let sf = cols(&[
            "Id",
            "FirstName",
            "LastName",
            "Title",
            "Department",
            "Email",
            "ReportsToId",
        ]);
        let (preset, mapping) = guess(&sf);
        assert_eq!(preset, Preset::Salesforce);
        assert_eq!(mapping[6], Field::ManagerId);
        assert_eq!(mapping[1], Field::GivenName);

        let hs = cols(&[
            "Record ID",
            "First Name",
            "Last Name",
            "Job Title",
            "Email",
            "Company Name",
        ]);
        assert_eq!(guess(&hs).0, Preset::Hubspot);

        let bc = cols(&["会社名", "部署名", "役職", "氏名", "氏名（カナ）", "上司"]);
        let (preset, mapping) = guess(&bc);
        assert_eq!(preset, Preset::BusinessCard);
        assert_eq!(
            mapping,
            vec![
                Field::Company,
                Field::Department,
                Field::Title,
                Field::Name,
                Field::Reading,
                Field::ManagerName
            ]
        );

        let generic = cols(&["id", "name", "title", "influence", "whatever"]);
        let (preset, mapping) = guess(&generic);
        assert_eq!(preset, Preset::Generic);
        assert_eq!(mapping[3], Field::Influence);
        assert_eq!(mapping[4], Field::Ignore);
    }

    #[test]
    fn names_compare_by_normalised_key() {
        assert_eq!(name_key("Sato Aiko"), name_key("aiko  SATO"));
        assert_eq!(name_key("Sato, Aiko"), name_key("Aiko Sato"));
        assert_eq!(name_key("ＳＡＴＯ　Ａｉｋｏ"), name_key("Aiko Sato"));
        assert_eq!(name_key("山田 太郎"), name_key("山田太郎"));
        assert_ne!(name_key("山田太郎"), name_key("太郎山田"));
        assert_eq!(compose_name("山田", "太郎"), "山田 太郎");
        assert_eq!(compose_name("Sato", "Aiko"), "Aiko Sato");
    }

    #[test]
    fn preset_names_parse_loosely() {
        assert_eq!(
            Preset::parse_loose("business-card").unwrap(),
            Preset::BusinessCard
        );
        assert!(Preset::parse_loose("excel").is_err());
    }
}
