//! The list of recently opened workspace files, kept in the app's data directory.

use std::path::{Path, PathBuf};

/// How many files the list keeps.
const MAX: usize = 10;
const FILE: &str = "recent.json";

/// Reads the list; a missing or unreadable list is empty (it is only a convenience).
pub fn load(dir: &Path) -> Vec<String> {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<String>>(&b).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| Path::new(p).exists())
        .take(MAX)
        .collect()
}

/// Puts `path` first in the list and saves it.
pub fn remember(dir: &Path, path: &Path) -> std::io::Result<Vec<String>> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    let entry = path.display().to_string();
    let mut list = load(dir);
    list.retain(|p| p != &entry);
    list.insert(0, entry);
    list.truncate(MAX);
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec_pretty(&list).unwrap_or_default())?;
    std::fs::rename(tmp, dir.join(FILE))?;
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_or_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.stakemap");
        let b = dir.path().join("b.stakemap");
        std::fs::write(&a, b"x").unwrap();
        std::fs::write(&b, b"x").unwrap();
        remember(dir.path(), &a).unwrap();
        remember(dir.path(), &b).unwrap();
        let list = remember(dir.path(), &a).unwrap();
        let names: Vec<_> = list
            .iter()
            .map(|p| {
                Path::new(p)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.stakemap", "b.stakemap"]);
        std::fs::remove_file(&b).unwrap();
        assert_eq!(load(dir.path()).len(), 1, "a deleted file leaves the list");
    }
}
