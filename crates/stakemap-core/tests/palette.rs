//! The window's CSS palette must be the core's palette. Run with `UPDATE_PALETTE=1` to
//! rewrite `ui/src/lib/palette.css` after changing `palette.rs`.

use std::path::PathBuf;

#[test]
fn the_windows_palette_is_the_exports_palette() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/palette.css");
    let fresh = stakemap_core::palette::css_variables();
    if std::env::var_os("UPDATE_PALETTE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).expect("create ui/src/lib");
        std::fs::write(&path, &fresh).expect("write ui/src/lib/palette.css");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/palette.css is out of date with crates/stakemap-core/src/palette.rs.\n\
         Regenerate it: UPDATE_PALETTE=1 cargo test -p stakemap-core --test palette"
    );
}
