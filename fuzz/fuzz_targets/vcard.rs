//! vCard files through the reader and the import plan.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stakemap_core::import::{self, ImportSource};

mod common;

fuzz_target!(|data: &[u8]| {
    if import::read_vcards("contacts.vcf", data).is_ok() {
        let ws = common::workspace().lock().unwrap();
        let _ = import::plan_import(&ws, "北星精機株式会社", &ImportSource::new("contacts.vcf", data.to_vec()));
    }
});
