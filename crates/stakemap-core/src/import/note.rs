//! What an import tells the user about the file, a row or a manager (a warning, why a row
//! is rejected, why a manager was not found): a [`NoteKind`] and its arguments, never a
//! sentence. The window words each kind in the user's language; the CLI prints
//! [`ImportNote::english`].

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

crate::model::string_enum!(
    /// What a note says; its arguments are listed beside each kind in
    /// [`ImportNote::english`].
    NoteKind {
        NoNameColumn => "no_name_column",
        WideRows => "wide_rows",
        NoReportingLines => "no_reporting_lines",
        JobShare => "job_share",
        EmailShared => "email_shared",
        NameShared => "name_shared",
        ChoiceUnknown => "choice_unknown",
        Companies => "companies",
        TooManyCells => "too_many_cells",
        NoName => "no_name",
        IdTooLong => "id_too_long",
        SideOurs => "side_ours",
        NotOneOf => "not_one_of",
        RatingOutOfRange => "rating_out_of_range",
        RatingNotNumber => "rating_not_number",
        LevelInvalid => "level_invalid",
        IdRepeated => "id_repeated",
        SamePerson => "same_person",
        Cycle => "cycle",
        OnCycle => "on_cycle",
        OwnManagerId => "own_manager_id",
        ManagerIdUnknown => "manager_id_unknown",
        ManagerNameUnknown => "manager_name_unknown",
        OwnManager => "own_manager",
        ManagerRejected => "manager_rejected",
    }
);

/// One note: its kind and the arguments its message needs (names, numbers, lines, as
/// text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportNote {
    pub kind: NoteKind,
    pub args: BTreeMap<String, String>,
}

impl ImportNote {
    /// A note of `kind` with `args` (name, value).
    pub fn new<V: ToString>(kind: NoteKind, args: &[(&str, V)]) -> Self {
        ImportNote {
            kind,
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A note without arguments.
    pub fn bare(kind: NoteKind) -> Self {
        ImportNote {
            kind,
            args: BTreeMap::new(),
        }
    }

    /// An argument (`""` when missing).
    pub fn arg(&self, name: &str) -> &str {
        self.args.get(name).map_or("", String::as_str)
    }

    /// The note in English, as the CLI prints it.
    pub fn english(&self) -> String {
        let a = |name: &str| self.arg(name);
        match self.kind {
            NoteKind::NoNameColumn => format!(
                "no column is mapped to the name (or to family and given name); choose the column of {} that holds the names",
                a("file")
            ),
            NoteKind::WideRows => {
                let others = match a("more") {
                    "" | "0" => String::new(),
                    n => format!(" (and {n} more rows)"),
                };
                format!(
                    "row {}{others} has cells right of the last named column; they are not imported (name the column in the header row to import it)",
                    a("line")
                )
            }
            NoteKind::NoReportingLines => format!(
                "the column {} names managers, but no reporting line comes out of the file; check that its column is mapped to manager name or manager id",
                a("column")
            ),
            NoteKind::JobShare => format!(
                "line {}: post {} is also on line {} (a job share); {} is imported as another person, with the id {}",
                a("line"),
                a("post"),
                a("first"),
                a("name"),
                a("id")
            ),
            NoteKind::EmailShared => format!(
                "line {}: {} people of the account have the e-mail {}; {} is imported as a new person",
                a("line"),
                a("count"),
                a("email"),
                a("name")
            ),
            NoteKind::NameShared => format!(
                "line {}: {} people of the account are named {}; this row is imported as a new person (match by id or e-mail instead)",
                a("line"),
                a("count"),
                a("name")
            ),
            NoteKind::ChoiceUnknown => format!(
                "line {}: the manager chosen for {} ('{}') is not a person of the file or of the account; choose again",
                a("line"),
                a("name"),
                a("key")
            ),
            NoteKind::Companies => format!(
                "the file holds people of {} companies ({}); all of them are imported into the account {}",
                a("count"),
                a("companies"),
                a("account")
            ),
            NoteKind::TooManyCells => format!(
                "the row has {} cells but the header has {}; a cell that holds a comma (or the file's delimiter) must be in double quotes",
                a("cells"),
                a("width")
            ),
            NoteKind::NoName => {
                "there is no name; fill in the name (or family and given name) of this person"
                    .to_string()
            }
            NoteKind::IdTooLong => format!(
                "the id is {} characters long; an id may have at most 200",
                a("length")
            ),
            NoteKind::SideOurs => "side 'ours' is for our own staff, who are not imported from a file; use customer, partner, consultant or competitor".to_string(),
            NoteKind::NotOneOf => format!(
                "{} '{}' is not one of: {}",
                a("what"),
                a("value"),
                a("allowed")
            ),
            NoteKind::RatingOutOfRange => format!(
                "{} {} is out of range; use 1 to 5, or leave it empty for unknown",
                a("what"),
                a("value")
            ),
            NoteKind::RatingNotNumber => format!(
                "{} '{}' is not a number; use 1 to 5, or leave it empty for unknown",
                a("what"),
                a("value")
            ),
            NoteKind::LevelInvalid => format!(
                "level '{}' is not a number from 1 (top) to 99",
                a("value")
            ),
            NoteKind::IdRepeated => format!(
                "the id '{}' is also on line {}; each person needs their own id",
                a("id"),
                a("first")
            ),
            NoteKind::SamePerson => format!(
                "this row and line {} are both {} (found by {}), who is already on the account; remove one of the rows",
                a("other"),
                a("name"),
                a("how")
            ),
            NoteKind::Cycle => format!(
                "the reporting lines would make a cycle: {}; change the manager of one of them",
                a("names")
            ),
            NoteKind::OnCycle => format!(
                "on the reporting cycle given on line {} ({} people); change the manager of one of them",
                a("first"),
                a("count")
            ),
            NoteKind::OwnManagerId => format!(
                "{0} is given as their own manager (manager id '{1}'); {0} is imported without a manager",
                a("name"),
                a("id")
            ),
            NoteKind::ManagerIdUnknown => format!(
                "the manager id '{}' is neither in the file nor on the account; {} is imported without a manager",
                a("id"),
                a("name")
            ),
            NoteKind::ManagerNameUnknown => format!(
                "nobody named '{}' is in the file or on the account; {} is imported without a manager (check the spelling, or set the manager on the map)",
                a("manager"),
                a("name")
            ),
            NoteKind::OwnManager => format!(
                "{0} is given as their own manager; {0} is imported without a manager",
                a("name")
            ),
            NoteKind::ManagerRejected => format!(
                "the manager, {} on line {}, is not imported because that row is rejected; {} is imported without a manager",
                a("manager"),
                a("manager_line"),
                a("name")
            ),
        }
    }
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// The notes of a row in English, one after another (as the CLI prints them).
pub fn english_all(notes: &[ImportNote]) -> String {
    notes
        .iter()
        .map(ImportNote::english)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_english_words_with_its_arguments() {
        for kind in NoteKind::ALL {
            let note = ImportNote::new(*kind, &[("name", "佐藤 花子"), ("line", "7")]);
            let text = note.english();
            assert!(!text.is_empty(), "{kind}");
            let json = serde_json::to_value(&note).unwrap();
            assert_eq!(json["kind"], kind.as_str());
        }
        let cycle = ImportNote::new(NoteKind::Cycle, &[("names", "A → B → A")]);
        assert!(cycle.english().contains("A → B → A"));
    }
}
