// The floor of the start and memory benchmark (scripts/bench.sh): an empty Tauri app with
// the same Tauri version and window size as Stakemap, showing a static page of 35 plain divs
// embedded and served like Stakemap's UI. Whatever Stakemap costs above this, it adds itself.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the floor app could not start");
}
