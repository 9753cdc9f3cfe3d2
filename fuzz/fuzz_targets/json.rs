//! Our JSON export (as a colleague might send it) through the reader and the merge preview.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stakemap_core::merge;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(docs) = merge::read_json_docs("colleague.json", data) {
        let ws = common::workspace().lock().unwrap();
        let _ = merge::merge_preview(&ws, &docs);
    }
});
