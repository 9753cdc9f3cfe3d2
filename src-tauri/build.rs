// The app's manifest lists its commands (`src/manifest.rs`): Tauri generates a permission
// for each and refuses any command of the app that the capability does not grant.
include!("src/manifest.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/manifest.rs");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
