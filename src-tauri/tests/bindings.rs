//! The committed TypeScript bindings must match the Rust commands. Run with
//! `UPDATE_BINDINGS=1` to rewrite them after changing a command or a type.

use std::path::PathBuf;

#[test]
fn committed_bindings_match_the_commands() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let fresh = stakemap_app::bindings_typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write ui/src/bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is out of date with the Rust commands.\n\
         Regenerate it: UPDATE_BINDINGS=1 cargo test -p stakemap-app --test bindings"
    );
}
