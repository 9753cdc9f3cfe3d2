//! Anything posing as an Excel workbook: the zip checks, then calamine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stakemap_core::import;

fuzz_target!(|data: &[u8]| {
    let _ = import::read_sheet("contacts.xlsx", data);
});
