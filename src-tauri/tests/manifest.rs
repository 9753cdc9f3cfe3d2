//! The window may call exactly the app's commands: the manifest `build.rs` gives Tauri
//! (`COMMANDS`), the commands the bindings expose, and the permissions the window's
//! capability grants are the same list, and the capability grants no plugin command.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn bindings_commands() -> BTreeSet<String> {
    let ts = stakemap_app::bindings_typescript();
    ts.split("TAURI_INVOKE(\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_manifest_the_bindings_and_the_capability_list_the_same_commands() {
    let manifest: BTreeSet<String> = stakemap_app::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(manifest.len(), stakemap_app::COMMANDS.len(), "listed twice");
    assert_eq!(bindings_commands(), manifest);

    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json");
    let cap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("a permission by name").to_string())
        .collect();
    let app: BTreeSet<String> = manifest
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let events: BTreeSet<String> = ["core:event:allow-listen", "core:event:allow-unlisten"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        granted,
        &app | &events,
        "exactly the app's commands and its events"
    );
    assert!(
        granted.iter().all(|p| !p.starts_with("dialog:")),
        "the page opens no dialog itself"
    );
}
