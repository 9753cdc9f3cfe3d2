//! The name of an undo step: what the Undo and Redo commands say they take back or do
//! again. One enum, written as the snake_case strings the steps had when they were free
//! text (`"add_person"`), so that a label reads the same everywhere.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! undo_labels {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)+) => {
        /// What an undo step did (see [`crate::store::Workspace::write_step`]): `edit` is
        /// an edit without a name of its own, `restore` a restore from the trash.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum UndoLabel {
            $($(#[$doc])* $variant,)+
        }

        impl UndoLabel {
            /// Every label.
            pub const ALL: &'static [UndoLabel] = &[$(UndoLabel::$variant,)+];

            /// The label as it is written (`add_person`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(UndoLabel::$variant => $text,)+
                }
            }
        }
    };
}

undo_labels! {
    #[default]
    Edit => "edit",
    Import => "import",
    Merge => "merge",
    CreateAccount => "create_account",
    UpdateAccount => "update_account",
    DeleteAccount => "delete_account",
    AddPerson => "add_person",
    UpdatePerson => "update_person",
    DeletePerson => "delete_person",
    SetRating => "set_rating",
    AddRelation => "add_relation",
    UpdateRelation => "update_relation",
    DeleteRelation => "delete_relation",
    SetManager => "set_manager",
    MoveCard => "move_card",
    Relayout => "relayout",
    SetTeamRole => "set_team_role",
    CreateOpportunity => "create_opportunity",
    UpdateOpportunity => "update_opportunity",
    DeleteOpportunity => "delete_opportunity",
    SetDealMember => "set_deal_member",
    RemoveDealMember => "remove_deal_member",
    AddDealLine => "add_deal_line",
    DeleteDealLine => "delete_deal_line",
    SetPlan => "set_plan",
    SetTarget => "set_target",
    DeleteTarget => "delete_target",
    TakeSnapshot => "take_snapshot",
    DeleteSnapshot => "delete_snapshot",
    Restore => "restore",
    EmptyTrash => "empty_trash",
}

impl fmt::Display for UndoLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shown as the string it is written as (`"add_person"`).
impl fmt::Debug for UndoLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Reads a label as it is written.
impl FromStr for UndoLabel {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UndoLabel::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                crate::error::Error::invalid(
                    "undo label",
                    crate::error::Reason::NotOneOf {
                        value: s.to_string(),
                        allowed: UndoLabel::ALL
                            .iter()
                            .map(|l| l.as_str().to_string())
                            .collect(),
                    },
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_back_and_serialize_as_their_text() {
        for label in UndoLabel::ALL {
            assert_eq!(label.as_str().parse::<UndoLabel>().unwrap(), *label);
            assert_eq!(
                serde_json::to_string(label).unwrap(),
                format!("\"{}\"", label.as_str())
            );
        }
    }
}
