//! What a file is chosen for: each purpose has its own dialog (open or save, title,
//! filter) and its own tokens (see `grants`).

use std::path::Path;

use serde::{Deserialize, Serialize};
use stakemap_core::Lang;

/// What a file is chosen for. Each purpose has its own dialog (open or save, title,
/// filter) and its own tokens: a token chosen for one purpose is refused by the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// An existing workspace to open (`open_workspace`).
    OpenWorkspace,
    /// Where a new, empty workspace goes (`new_workspace`).
    NewWorkspace,
    /// Where a copy of the open workspace goes (`save_workspace_as`).
    SaveWorkspaceAs,
    /// A spreadsheet or vCard file to import (`import_preview`, `import_apply`).
    Import,
    /// A colleague's workspace or JSON export to merge (`merge_preview`, `merge_apply`).
    Merge,
    /// Where an account's export goes (`export_account`).
    ExportAccount,
    /// Where a review's printable page goes (`export_review`).
    ExportReview,
}

/// Which native dialog a purpose opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    Save,
}

const IMPORT_EXTENSIONS: &[&str] = &["csv", "txt", "tsv", "xlsx", "vcf"];
const MERGE_EXTENSIONS: &[&str] = &["stakemap", "json"];
const WORKSPACE_EXTENSIONS: &[&str] = &["stakemap"];
const REVIEW_EXTENSIONS: &[&str] = &["html"];
const EXPORT_EXTENSIONS: &[&str] = &[
    "png", "pdf", "svg", "html", "csv", "json", "graphml", "pptx",
];

impl Purpose {
    pub fn dialog(self) -> DialogKind {
        match self {
            Purpose::OpenWorkspace | Purpose::Import | Purpose::Merge => DialogKind::Open,
            Purpose::NewWorkspace
            | Purpose::SaveWorkspaceAs
            | Purpose::ExportAccount
            | Purpose::ExportReview => DialogKind::Save,
        }
    }

    /// The dialog's title in the UI language.
    pub fn title(self, lang: Lang) -> &'static str {
        let ja = lang == Lang::Ja;
        match self {
            Purpose::OpenWorkspace if ja => "開く",
            Purpose::OpenWorkspace => "Open",
            Purpose::NewWorkspace if ja => "新規作成",
            Purpose::NewWorkspace => "New workspace",
            Purpose::SaveWorkspaceAs if ja => "名前を付けて保存",
            Purpose::SaveWorkspaceAs => "Save as",
            Purpose::Import if ja => "インポート",
            Purpose::Import => "Import",
            Purpose::Merge if ja => "同僚のファイルを取り込む",
            Purpose::Merge => "Merge a colleague's file",
            Purpose::ExportAccount if ja => "エクスポート",
            Purpose::ExportAccount => "Export",
            Purpose::ExportReview if ja => "レビューを書き出す",
            Purpose::ExportReview => "Export the review",
        }
    }

    /// The dialog's filter: a name and the extensions it shows. An export shows the
    /// extension of the name suggested (one of the export formats), else all of them.
    pub fn filter(self, suggested: Option<&str>) -> (&'static str, Vec<&'static str>) {
        match self {
            Purpose::OpenWorkspace | Purpose::NewWorkspace | Purpose::SaveWorkspaceAs => {
                ("Stakemap", WORKSPACE_EXTENSIONS.to_vec())
            }
            Purpose::Import => ("CSV, Excel, vCard", IMPORT_EXTENSIONS.to_vec()),
            Purpose::Merge => ("Stakemap, JSON", MERGE_EXTENSIONS.to_vec()),
            Purpose::ExportReview => ("HTML", REVIEW_EXTENSIONS.to_vec()),
            Purpose::ExportAccount => {
                let ext = suggested
                    .and_then(|n| Path::new(n).extension())
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                match EXPORT_EXTENSIONS
                    .iter()
                    .find(|e| Some(**e) == ext.as_deref())
                {
                    Some(e) => ("Export", vec![*e]),
                    None => ("Export", EXPORT_EXTENSIONS.to_vec()),
                }
            }
        }
    }

    /// The name a save dialog suggests when the window suggests none.
    pub fn default_name(self) -> &'static str {
        match self {
            Purpose::NewWorkspace | Purpose::SaveWorkspaceAs => "workspace.stakemap",
            Purpose::ExportReview => "review.html",
            Purpose::ExportAccount => "map.png",
            Purpose::OpenWorkspace | Purpose::Import | Purpose::Merge => "",
        }
    }
}

/// A name the window suggests for a save dialog, as a bare file name: no folder, no
/// control characters, at most 200 characters; `None` when nothing is left.
pub fn suggested_name(name: Option<&str>) -> Option<String> {
    let name = name?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    (!clean.is_empty() && clean != "." && clean != "..").then(|| clean.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_are_bare_file_names() {
        assert_eq!(
            suggested_name(Some("../../.bashrc")).as_deref(),
            Some(".bashrc")
        );
        assert_eq!(
            suggested_name(Some("a\\b\u{1b}c.png")).as_deref(),
            Some("bc.png")
        );
        assert_eq!(suggested_name(Some("..")), None);
        assert_eq!(suggested_name(Some("  ")), None);
        assert_eq!(suggested_name(None), None);
    }
}
