//! A workspace file's own readers: whatever bytes sit in a .stakemap file are refused
//! cleanly or opened and read (accounts, maps, analysis, a colleague's-file read).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stakemap_core::{merge, Workspace};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fuzzed.stakemap");
    std::fs::write(&path, data).expect("write");
    let _ = merge::read_workspace_docs(&path, None);
    if let Ok(ws) = Workspace::open(&path) {
        if let Ok(accounts) = ws.accounts() {
            for a in accounts.iter().take(3) {
                let _ = ws.account_map(&a.id);
                let _ = ws.analyze(&a.id, 0.25);
            }
        }
    }
});
