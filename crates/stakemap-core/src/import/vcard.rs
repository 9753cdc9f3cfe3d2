//! vCard files (.vcf) as exported by Apple Contacts, Outlook, Google and Japanese phones:
//! versions 4.0 and 3.0, and 2.1 where it is easy (quoted-printable values, bare type
//! parameters). Each card becomes one [`ImportRecord`], the same as a sheet row.
//!
//! Read: UID (the id), FN (else N composed), N, the reading (Apple's
//! X-PHONETIC-LAST-NAME/FIRST-NAME, X-FURIGANA…, SOUND;X-IRMC-N, N;SORT-AS, SORT-STRING),
//! ORG (company; department), TITLE, ROLE, the first EMAIL and TEL, NOTE, and the manager:
//! Apple's `itemN.X-ABRELATEDNAMES` labelled Manager, Outlook's X-MS-MANAGER, or
//! RELATED;TYPE=manager (or supervisor), as a name or as the `urn:uuid:` of another card.
//! CHARSET parameters are ignored: the whole file is UTF-8 or Shift_JIS.

use crate::error::{n32, Reason};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::MAX_TEXT_BYTES;

use super::mapping::{compose_name, name_key, ImportRecord};
use super::sheet::{decode_text, MAX_CELL_BYTES, MAX_FILE_BYTES, MAX_ROWS};

/// The cards of a vCard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VCardFile {
    /// `UTF-8`, `UTF-8 (BOM)` or `Shift_JIS`.
    pub encoding: String,
    /// One record per card, `line` being the line of its `BEGIN:VCARD`.
    pub records: Vec<ImportRecord>,
}

/// One content line: `group.NAME;PARAM=VALUE:value`.
struct Prop {
    group: Option<String>,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The TYPE values, lower case (`TYPE=work,voice`, `type=pref`, bare `WORK` of 2.1).
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn quoted_printable(&self) -> bool {
        self.param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
            || self
                .types()
                .iter()
                .any(|t| t.eq_ignore_ascii_case("quoted-printable"))
    }

    /// The value with quoted-printable decoded but escapes still in.
    fn raw(&self) -> String {
        if self.quoted_printable() {
            decode_quoted_printable(&self.value)
        } else {
            self.value.clone()
        }
    }

    /// The value as text, escapes undone.
    fn text(&self) -> String {
        unescape(&self.raw()).trim().to_string()
    }

    /// The components of a structured value (N, ORG), escapes undone.
    fn components(&self) -> Vec<String> {
        split_unescaped(&self.raw(), ';')
            .into_iter()
            .map(|c| unescape(&c).trim().to_string())
            .collect()
    }
}

/// Splits at `sep` outside double quotes.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

fn parse_property(line: &str) -> Option<Prop> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let full_name = parts.next()?.trim();
    let (group, name) = match full_name.split_once('.') {
        Some((g, n)) => (Some(g.to_ascii_lowercase()), n),
        None => (None, full_name),
    };
    let params = parts
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().replace('"', "")),
            None => ("TYPE".to_string(), p.trim().to_string()),
        })
        .collect();
    Some(Prop {
        group,
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

/// Undoes `\n`, `\,`, `\;`, `\:` and `\\`; other backslashes stay.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ (',' | ';' | ':' | '\\')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits at `sep` where it is not escaped; the parts keep their escapes.
fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        let part = out.last_mut().expect("a part");
        if c == '\\' {
            part.push(c);
            if let Some(next) = chars.next() {
                part.push(next);
            }
        } else if c == sep {
            out.push(String::new());
        } else {
            part.push(c);
        }
    }
    out
}

fn decode_quoted_printable(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&bytes)
            {
                Some(text) => text.into_owned(),
                None => String::from_utf8_lossy(&bytes).into_owned(),
            }
        }
    }
}

/// True when a content line's head (before its first `:`) asks for quoted-printable.
fn head_is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("");
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// Content lines with the line each starts on: folded lines (a line break followed by a
/// space or tab) joined, and quoted-printable soft line breaks (`=` at the end) too.
/// Linear in the text: whether a line is quoted-printable is decided once, from the head
/// it starts with, not again for each line joined to it.
fn unfold(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    let mut soft_break = false;
    // The last content line's head asks for quoted-printable, once it has a `:`.
    let mut quoted_printable = false;
    // Bytes of the last content line looked at for its `:` so far.
    let mut head_scanned = 0usize;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let continues = soft_break || raw.starts_with([' ', '\t']);
        match out.last_mut() {
            Some((_, last)) if continues => {
                if soft_break {
                    last.pop(); // the '=' of the soft break
                    last.push_str(raw);
                } else {
                    last.push_str(&raw[1..]);
                }
            }
            _ if raw.trim().is_empty() => {}
            _ => {
                out.push((number, raw.to_string()));
                quoted_printable = false;
                head_scanned = 0;
            }
        }
        let Some((_, last)) = out.last() else {
            continue;
        };
        if !quoted_printable && head_scanned != usize::MAX {
            // Look for the head's end only in what was added since the last look.
            match last.as_bytes()[head_scanned..]
                .iter()
                .position(|&b| b == b':')
            {
                Some(at) => {
                    quoted_printable = head_is_quoted_printable(&last[..head_scanned + at]);
                    head_scanned = usize::MAX; // the head is complete
                }
                None => head_scanned = last.len(),
            }
        }
        soft_break = quoted_printable && last.ends_with('=');
    }
    out
}

/// An Apple `itemN.` group: a related name and its label.
#[derive(Default)]
struct Group {
    related: Option<String>,
    manager_type: bool,
    label: Option<String>,
}

fn is_manager_word(s: &str) -> bool {
    let s = s
        .trim()
        .trim_start_matches("_$!<")
        .trim_end_matches(">!$_")
        .trim()
        .to_lowercase();
    let s = s.strip_prefix("x-").unwrap_or(&s);
    matches!(s, "manager" | "supervisor" | "boss" | "上司")
}

/// `urn:uuid:ABC` and `ABC` are the same id.
fn strip_urn(s: &str) -> String {
    let t = s.trim();
    for prefix in ["urn:uuid:", "uuid:", "urn:"] {
        if let Some(rest) = without_prefix(t, prefix) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

#[derive(Default)]
struct Card {
    line: u32,
    uid: String,
    formatted: String,
    n: Vec<String>,
    sort_as: Vec<String>,
    sort_string: String,
    phonetic: (String, String),
    furigana: String,
    irmc: Vec<String>,
    org: Vec<String>,
    title: String,
    role: String,
    email: String,
    tel: String,
    notes: Vec<String>,
    /// The bytes of `notes`, joined.
    notes_bytes: usize,
    manager_name: String,
    manager_id: String,
    groups: HashMap<String, Group>,
}

fn set_first(slot: &mut String, value: String) {
    if slot.is_empty() && !value.is_empty() {
        *slot = value;
    }
}

impl Card {
    fn add(&mut self, p: Prop) {
        match p.name.as_str() {
            "UID" => set_first(&mut self.uid, strip_urn(&p.text())),
            "FN" => set_first(&mut self.formatted, p.text()),
            "N" => {
                if let Some(sort) = p.param("SORT-AS") {
                    self.sort_as = sort.split(',').map(|s| s.trim().to_string()).collect();
                }
                self.n = p.components();
            }
            "SORT-STRING" => set_first(&mut self.sort_string, p.text()),
            "X-PHONETIC-LAST-NAME" => set_first(&mut self.phonetic.0, p.text()),
            "X-PHONETIC-FIRST-NAME" => set_first(&mut self.phonetic.1, p.text()),
            "SOUND" if p.types().iter().any(|t| t == "x-irmc-n") => {
                self.irmc = p.components();
            }
            name if name.starts_with("X-FURIGANA") => {
                if name.contains("LAST") || name.contains("FAMILY") {
                    set_first(&mut self.phonetic.0, p.text());
                } else if name.contains("FIRST") || name.contains("GIVEN") {
                    set_first(&mut self.phonetic.1, p.text());
                } else {
                    let parts = p.components();
                    if parts.len() >= 2 {
                        set_first(&mut self.phonetic.0, parts[0].clone());
                        set_first(&mut self.phonetic.1, parts[1].clone());
                    } else {
                        set_first(&mut self.furigana, p.text());
                    }
                }
            }
            "ORG" if self.org.is_empty() => self.org = p.components(),
            "TITLE" => set_first(&mut self.title, p.text()),
            "ROLE" => set_first(&mut self.role, p.text()),
            "EMAIL" => set_first(&mut self.email, strip_scheme(&p.text(), "mailto:")),
            "TEL" => set_first(&mut self.tel, strip_scheme(&p.text(), "tel:")),
            "NOTE" => {
                let note = p.text();
                if !note.is_empty() {
                    self.notes_bytes += note.len() + 1;
                    self.notes.push(note);
                }
            }
            "X-MS-MANAGER" | "X-MANAGER" => set_first(&mut self.manager_name, p.text()),
            "X-ABRELATEDNAMES" => {
                let manager_type = p.types().iter().any(|t| is_manager_word(t));
                match &p.group {
                    Some(g) => {
                        let group = self.groups.entry(g.clone()).or_default();
                        group.related = Some(p.text());
                        group.manager_type |= manager_type;
                    }
                    None if manager_type => set_first(&mut self.manager_name, p.text()),
                    None => {}
                }
            }
            "X-ABLABEL" => {
                if let Some(g) = &p.group {
                    self.groups.entry(g.clone()).or_default().label = Some(p.text());
                }
            }
            "RELATED" if p.types().iter().any(|t| is_manager_word(t)) => {
                let value = p.text();
                let is_text = p
                    .param("VALUE")
                    .is_some_and(|v| v.eq_ignore_ascii_case("text"));
                let lower = value.to_ascii_lowercase();
                if !is_text && (lower.starts_with("urn:") || lower.starts_with("uuid:")) {
                    set_first(&mut self.manager_id, strip_urn(&value));
                } else if is_text || !value.contains(':') {
                    set_first(&mut self.manager_name, value);
                }
                // Other URIs (mailto:, https:) name nobody we can find.
            }
            _ => {}
        }
    }

    fn into_record(mut self) -> ImportRecord {
        for group in self.groups.values() {
            let labelled = group.label.as_deref().is_some_and(is_manager_word);
            if labelled || group.manager_type {
                if let Some(name) = &group.related {
                    set_first(&mut self.manager_name, name.clone());
                }
            }
        }
        let part = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let (family, given) = (part(&self.n, 0), part(&self.n, 1));
        let name = if self.formatted.is_empty() {
            compose_name(&family, &given)
        } else {
            self.formatted.clone()
        };
        // Readings, best source first.
        let (mut family_reading, mut given_reading) = self.phonetic.clone();
        let mut reading = String::new();
        if family_reading.is_empty() && given_reading.is_empty() {
            if !self.furigana.is_empty() {
                reading = self.furigana.clone();
            } else if !self.irmc.is_empty() {
                family_reading = part(&self.irmc, 0);
                given_reading = part(&self.irmc, 1);
            } else if !self.sort_as.is_empty() {
                family_reading = part(&self.sort_as, 0);
                given_reading = part(&self.sort_as, 1);
            } else {
                reading = self.sort_string.clone();
            }
        }
        // A sort key that only repeats the name is no reading.
        let composed = format!("{family_reading} {given_reading} {reading}");
        if name_key(&composed) == name_key(&name) {
            family_reading.clear();
            given_reading.clear();
            reading.clear();
        }
        let mut notes = self.notes.clone();
        let mut title = self.title.clone();
        if !self.role.is_empty() {
            if title.is_empty() {
                title = self.role.clone();
            } else {
                notes.push(format!("Role: {}", self.role));
            }
        }
        let department: Vec<String> = self
            .org
            .iter()
            .skip(1)
            .filter(|d| !d.is_empty())
            .cloned()
            .collect();
        ImportRecord {
            line: self.line,
            id: self.uid,
            name,
            family_name: family,
            given_name: given,
            reading,
            family_reading,
            given_reading,
            title,
            department: department.join(" / "),
            company: part(&self.org, 0),
            manager_id: self.manager_id,
            manager_name: self.manager_name,
            email: self.email,
            phone: self.tel,
            notes: notes.join("\n"),
            ..Default::default()
        }
    }
}

/// `value` after an ASCII `prefix` matched case-insensitively. `get` rather than slicing:
/// the value may have a multi-byte character where the prefix would end (found by fuzzing).
fn without_prefix<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    match (value.get(..prefix.len()), value.get(prefix.len()..)) {
        (Some(head), Some(rest)) if head.eq_ignore_ascii_case(prefix) => Some(rest),
        _ => None,
    }
}

fn strip_scheme(value: &str, scheme: &str) -> String {
    match without_prefix(value, scheme) {
        Some(rest) => rest.trim().to_string(),
        None => value.to_string(),
    }
}

/// Reads every card of a vCard file.
pub fn read_vcards(file_name: &str, bytes: &[u8]) -> Result<VCardFile> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::refused(
            file_name,
            Reason::TooBig {
                limit_mb: n32(MAX_FILE_BYTES >> 20),
            },
        ));
    }
    let (text, encoding) = decode_text(file_name, bytes)?;
    let mut records = Vec::new();
    let mut card: Option<Card> = None;
    // Cards nested in a card (vCard 2.1 AGENT) are skipped.
    let mut nested = 0u32;
    for (line, content) in unfold(&text) {
        let Some(prop) = parse_property(&content) else {
            continue;
        };
        let is_vcard = prop.value.trim().eq_ignore_ascii_case("VCARD");
        match prop.name.as_str() {
            "BEGIN" if is_vcard => {
                if card.is_some() {
                    nested += 1;
                } else {
                    card = Some(Card {
                        line,
                        ..Default::default()
                    });
                }
            }
            "END" if is_vcard => {
                if nested > 0 {
                    nested -= 1;
                } else if let Some(done) = card.take() {
                    records.push(done.into_record());
                    if records.len() > MAX_ROWS as usize {
                        return Err(Error::refused(
                            file_name,
                            Reason::TooManyRows {
                                limit: n32(MAX_ROWS),
                            },
                        ));
                    }
                }
            }
            _ => {
                if let (Some(card), 0) = (card.as_mut(), nested) {
                    let keeps = !matches!(prop.name.as_str(), "PHOTO" | "LOGO" | "SOUND" | "KEY")
                        || prop.types().iter().any(|t| t == "x-irmc-n");
                    if keeps && prop.value.len() > MAX_CELL_BYTES {
                        return Err(Error::refused(
                            file_name,
                            Reason::CellTooLong {
                                line: n32(line),
                                limit_kb: n32(MAX_CELL_BYTES >> 10),
                            },
                        ));
                    }
                    if keeps {
                        card.add(prop);
                    }
                    if card.notes_bytes > MAX_TEXT_BYTES {
                        return Err(Error::refused(
                            file_name,
                            Reason::NotesTooLong {
                                line: n32(card.line),
                                limit_kb: n32(MAX_TEXT_BYTES >> 10),
                            },
                        ));
                    }
                }
            }
        }
    }
    if let Some(last) = card {
        // A last card without END:VCARD is still read.
        records.push(last.into_record());
    }
    if records.is_empty() {
        return Err(Error::refused(file_name, Reason::NoVcard));
    }
    Ok(VCardFile {
        encoding: encoding.to_string(),
        records,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_scheme_cut_through_a_multibyte_character_is_no_scheme() {
        // "mailto:" is 7 bytes; here byte 7 falls inside "ハ".
        assert_eq!(strip_scheme("abcdeハナ", "mailto:"), "abcdeハナ");
        assert_eq!(strip_scheme("MAILTO: h@x.jp", "mailto:"), "h@x.jp");
        assert_eq!(strip_urn("urnハナ"), "urnハナ");
        let crash = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hana\r\nEMAIL:abcde\u{30cf}\u{30ca}\r\nUID:urn\u{30cf}\r\nEND:VCARD\r\n";
        assert!(read_vcards("crash.vcf", crash.as_bytes()).is_ok());
    }

    use super::*;

    #[test]
    fn unfolds_and_unescapes() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko\r\n  Sato\r\nNOTE:one\\, two\\nthree\\;\r\nORG:Acme\\, Inc.;Sales;East\r\nEND:VCARD\r\n";
        let file = read_vcards("a.vcf", text.as_bytes()).unwrap();
        let r = &file.records[0];
        assert_eq!(r.name, "Aiko Sato");
        assert_eq!(r.notes, "one, two\nthree;");
        assert_eq!(r.company, "Acme, Inc.");
        assert_eq!(r.department, "Sales / East");
        assert_eq!(r.line, 1);
    }

    #[test]
    fn reads_vcard_21_quoted_printable() {
        let text = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0;=E5=A4=AA=\n=E9=83=8E;;;\nSOUND;X-IRMC-N:ﾔﾏﾀﾞ;ﾀﾛｳ;;;\nTEL;WORK;VOICE:03-1234-5678\nEND:VCARD\n";
        let file = read_vcards("a.vcf", text.as_bytes()).unwrap();
        let r = &file.records[0];
        assert_eq!(r.name, "山田 太郎");
        assert_eq!(r.family_reading, "ﾔﾏﾀﾞ");
        assert_eq!(r.phone, "03-1234-5678");
    }
}
