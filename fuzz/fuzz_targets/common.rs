// Shared by the targets: one workspace with the demo account, made once per fuzzing
// process, for the importers' plans and the merge preview to read (they write nothing).

use std::sync::{Mutex, OnceLock};

use stakemap_core::{demo, Lang, Workspace};

pub fn workspace() -> &'static Mutex<Workspace> {
    static WS: OnceLock<(tempfile::TempDir, Mutex<Workspace>)> = OnceLock::new();
    &WS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ws = Workspace::open(dir.path().join("fuzz.stakemap")).expect("workspace");
        demo::create_demo(&mut ws, Lang::Ja).expect("demo");
        (dir, Mutex::new(ws))
    })
    .1
}
