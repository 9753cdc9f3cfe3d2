//! Krackhardt's high-tech managers (`shared/data/real/krackhardt`), for the tests of more
//! than one crate: `#[path = "../../../tests/support/krackhardt.rs"] mod krackhardt;`.

use std::path::{Path, PathBuf};

/// The data folder; `shared` sits beside the repository. Fails the test when it is missing.
pub fn dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/real/krackhardt");
    assert!(
        dir.join("Krack-High-Tec-Attributes.csv").is_file(),
        "the Krackhardt data set is missing: expected {} (the folder `shared` beside the repository); \
         this test needs it and does not pass without it",
        dir.display()
    );
    dir
}

/// The ties of an edge list `ego alter 0/1` (all pairs), self loops left out.
pub fn ties(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells.len(), 3, "bad edge line {line:?}");
        if cells[2] == "1" && cells[0] != cells[1] {
            out.push((cells[0].to_string(), cells[1].to_string()));
        }
    }
    out
}
