//! The importers' cost is bounded by their input: each hostile file of the attack that
//! found the unbounded ones, written here into a temporary folder, given to the RELEASE
//! `stakemap` binary as a user would, under a 1 GiB address-space limit
//! (`prlimit --as=1073741824`) and a 20 s timeout. Each must end in a clear refusal or
//! a correct import (checked in the workspace afterwards), never in an abort or a kill.
//!
//! The binary is `<target dir>/release/stakemap`; build it first with
//! `cargo build --release -p stakemap-cli --locked` (`scripts/test.sh` does). These tests
//! fail, saying so, when it is missing. `STAKEMAP_BOUNDS_BIN` runs them against another
//! build of the binary instead.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use stakemap_core::Workspace;

const ADDRESS_SPACE: &str = "--as=1073741824";
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn release_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("STAKEMAP_BOUNDS_BIN") {
        return PathBuf::from(bin);
    }
    // This test runs from <target dir>/<profile>/deps/.
    let exe = std::env::current_exe().unwrap();
    let target = exe
        .ancestors()
        .nth(3)
        .expect("the test binary is in <target dir>/<profile>/deps");
    let bin = target.join("release").join("stakemap");
    assert!(
        bin.is_file(),
        "the release binary {} is missing: build it with `cargo build --release -p stakemap-cli --locked` before these tests (scripts/test.sh does)",
        bin.display()
    );
    bin
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    /// Ended by itself within the limits with `code`.
    fn ended(&self, code: i32, what: &str) -> &Self {
        assert!(
            self.took < TIME_LIMIT && self.code == Some(code),
            "{what}: expected exit code {code} within {TIME_LIMIT:?} under 1 GiB; got {:?} after {:?} (None: killed by a signal, the timeout's or an abort's).\nstdout: {}\nstderr: {}",
            self.code,
            self.took,
            cut(&self.stdout),
            cut(&self.stderr)
        );
        self
    }

    /// Refused with a message that says `says`, short enough to read.
    fn refused(&self, says: &str, what: &str) -> &Self {
        self.ended(1, what);
        assert!(
            self.stderr.contains(says),
            "{what}: the refusal should say \"{says}\"; it says: {}",
            cut(&self.stderr)
        );
        assert!(
            self.stderr.len() < 100_000,
            "{what}: the refusal is {} bytes long",
            self.stderr.len()
        );
        self
    }
}

fn cut(s: &str) -> String {
    s.chars().take(2000).collect()
}

/// Runs the release binary with `args` under the limits.
fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    // With STAKEMAP_BOUNDS_MEASURE set, GNU time reports each run's peak memory (the
    // figures in the README); its report is taken off the end of stderr.
    let measure = std::env::var_os("STAKEMAP_BOUNDS_MEASURE").is_some();
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let start = Instant::now();
    let mut command = Command::new("timeout");
    command
        .args(["-s", "KILL"])
        .arg(TIME_LIMIT.as_secs().to_string())
        .args(["prlimit", ADDRESS_SPACE, "--"]);
    if measure {
        command.args(["/usr/bin/time", "-f", "\u{1}%M KiB %e s"]);
    }
    let out = command
        .arg(release_binary())
        .args(&args)
        .output()
        .expect("timeout and prlimit (util-linux) run the binary");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if let Some(at) = stderr.rfind('\u{1}').filter(|_| measure) {
        let figures = stderr[at + 1..].trim().to_string();
        eprintln!("measured: {figures} for {args:?}");
        stderr.truncate(at);
    }
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        took: start.elapsed(),
    }
}

fn import_file(workspace: &Path, file: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("import"),
        workspace.as_os_str(),
        OsStr::new("--account"),
        OsStr::new("Acme"),
        OsStr::new("--file"),
        file.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    run(args)
}

fn people_named(workspace: &Path) -> Vec<String> {
    let ws = Workspace::open(workspace).unwrap();
    let account = ws.account_by_name("Acme").unwrap().expect("the account");
    let mut names: Vec<String> = ws
        .people(&account.id)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------
// Zip archives written by hand: stored parts, and deflated runs of one byte (a few bytes
// of deflate stand for megabytes), with any size in the headers.

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    !data.iter().fold(!0u32, |crc, &b| {
        table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// Bits written least significant first, as deflate does.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    len: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.len;
        self.len += count;
        while self.len >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.len -= 8;
        }
    }

    /// A Huffman code (written most significant bit first).
    fn code(&mut self, code: u32, count: u32) {
        let reversed = code.reverse_bits() >> (32 - count);
        self.put(u64::from(reversed), count);
    }

    /// A literal byte with the fixed codes.
    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b - 144), 9);
        }
    }
}

/// One deflate block with fixed codes: `head`, then `byte` repeated `1 + 258 * runs`
/// times, then `tail`. Returns the stream and the size it inflates to.
fn deflate_run(head: &[u8], byte: u8, runs: usize, tail: &[u8]) -> (Vec<u8>, u64) {
    let mut bits = Bits::default();
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed codes
    head.iter().for_each(|&b| bits.literal(b));
    bits.literal(byte);
    for _ in 0..runs {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
    }
    tail.iter().for_each(|&b| bits.literal(b));
    bits.code(0, 7); // end of block
    if bits.len > 0 {
        bits.out.push(bits.acc as u8);
    }
    let size = head.len() as u64 + 1 + 258 * runs as u64 + tail.len() as u64;
    (bits.out, size)
}

/// A part of a hand-written archive: name, method (0 stored, 8 deflated), data, the
/// unpacked size its headers declare and their CRC.
struct Part {
    name: String,
    method: u16,
    data: Vec<u8>,
    size: u32,
    crc: u32,
}

fn stored(name: &str, text: &str) -> Part {
    Part {
        name: name.to_string(),
        method: 0,
        data: text.as_bytes().to_vec(),
        size: text.len() as u32,
        crc: crc32(text.as_bytes()),
    }
}

fn zip(parts: &[Part]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        for (buf, sig) in [(&mut out, 0x0403_4b50u32), (&mut central, 0x0201_4b50)] {
            u32le(buf, sig);
            if sig == 0x0201_4b50 {
                u16le(buf, 20); // made by
            }
            u16le(buf, 20); // version needed
            u16le(buf, 0); // flags
            u16le(buf, p.method);
            u16le(buf, 0); // time
            u16le(buf, 0x21); // date
            u32le(buf, p.crc);
            u32le(buf, p.data.len() as u32);
            u32le(buf, p.size);
            u16le(buf, p.name.len() as u16);
            u16le(buf, 0); // extra
            if sig == 0x0201_4b50 {
                u16le(buf, 0); // comment
                u16le(buf, 0); // disk
                u16le(buf, 0); // internal attributes
                u32le(buf, 0); // external attributes
                u32le(buf, offset);
            }
            buf.extend_from_slice(p.name.as_bytes());
        }
        out.extend_from_slice(&p.data);
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, parts.len() as u16);
    u16le(&mut out, parts.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// A workbook whose one worksheet is the part `sheet_name` (any name: the workbook's
/// relationships point to it), given as a part built by the caller.
fn workbook(sheet: Part) -> Vec<u8> {
    let target = sheet.name.trim_start_matches("xl/").to_string();
    zip(&[
        stored(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        ),
        stored(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        stored(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>"#
            ),
        ),
        sheet,
    ])
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A worksheet with the header `id,name` and these people.
fn sheet_rows(people: &[(&str, &str)]) -> String {
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        inline("A1", "id"),
        inline("B1", "name")
    );
    for (i, (id, name)) in people.iter().enumerate() {
        let r = i + 2;
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}</row>"#,
            inline(&format!("A{r}"), id),
            inline(&format!("B{r}"), name)
        ));
    }
    rows
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------------------------------
// The cases.

/// 30,000 people on one reporting cycle in a `--file` CSV: one reason for the cycle with
/// a capped list of names, not the cycle's text copied onto each of its rows.
#[test]
fn a_reporting_cycle_of_30000_people_costs_one_reason() {
    let dir = tempfile::tempdir().unwrap();
    let n = 30_000;
    let mut csv = String::from("id,name,manager_id\n");
    for i in 0..n {
        csv.push_str(&format!("p{i},Person number {i},p{}\n", (i + 1) % n));
    }
    for i in 0..10 {
        csv.push_str(&format!("g{i},Good person {i},\n"));
    }
    let file = write(dir.path(), "cycle.csv", csv.as_bytes());
    let ws = dir.path().join("work.stakemap");

    let refused = import_file(&ws, &file, &["--preset", "generic"]);
    refused.refused("the reporting lines would make a cycle", "the cycle");
    assert!(
        refused.stderr.contains("… 29980 more"),
        "{}",
        cut(&refused.stderr)
    );
    assert!(!ws.exists(), "a refused import leaves no workspace");

    let skipped = import_file(&ws, &file, &["--preset", "generic", "--skip-bad-rows"]);
    skipped.ended(0, "the cycle skipped");
    assert!(skipped.stdout.len() < 200_000, "{}", skipped.stdout.len());
    let names = people_named(&ws);
    assert_eq!(names.len(), 10, "only the ten good people are imported");
    assert!(names.iter().all(|n| n.starts_with("Good person")));
}

/// An .xlsx whose rows each have one cell far to the right (column ALL): the rows stay
/// sparse until the cell budget is checked, so it is refused instead of padding 200,000
/// rows to 1,000 cells each.
#[test]
fn xlsx_rows_with_one_cell_far_right_are_refused_without_padding() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = format!(
        r#"<row r="1">{}{}</row>"#,
        inline("A1", "id"),
        inline("B1", "name")
    );
    for r in 2..200_002 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="ALL{r}"><v>1</v></c></row>"#));
    }
    let xml = format!("{SHEET_HEAD}{rows}{SHEET_TAIL}");
    let book = workbook(stored("xl/worksheets/sheet1.xml", &xml));
    let file = write(dir.path(), "wide.xlsx", &book);
    let ws = dir.path().join("work.stakemap");
    import_file(&ws, &file, &[]).refused("cells", "far-right cells");
    assert!(!ws.exists());
}

/// A worksheet part named `.bin` whose headers say 4 KiB and which inflates to 1 GiB of
/// spaces: every part is counted as it is inflated, whatever its name, and the part is
/// refused after 4 KiB + 1 byte. The same name with honest headers imports.
#[test]
fn xlsx_part_of_another_name_with_a_false_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (data, size) = deflate_run(
        SHEET_HEAD.as_bytes(),
        b' ',
        (1usize << 30) / 258,
        SHEET_TAIL.as_bytes(),
    );
    assert!(size > 1 << 30);
    let liar = workbook(Part {
        name: "xl/worksheets/sheet1.bin".into(),
        method: 8,
        data,
        size: 4096,
        crc: 0,
    });
    let file = write(dir.path(), "liar.xlsx", &liar);
    let ws = dir.path().join("work.stakemap");
    import_file(&ws, &file, &[]).refused(
        "holds more data than its header declares (4096 bytes)",
        "a false size header",
    );
    assert!(!ws.exists());

    let xml = format!(
        "{SHEET_HEAD}{}{SHEET_TAIL}",
        sheet_rows(&[("a1", "Aiko Sato"), ("b2", "Ben Okafor")])
    );
    let honest = workbook(stored("xl/worksheets/sheet1.bin", &xml));
    let file = write(dir.path(), "honest.xlsx", &honest);
    import_file(&ws, &file, &[]).ended(0, "an honest .bin worksheet");
    assert_eq!(people_named(&ws), ["Aiko Sato", "Ben Okafor"]);
}

/// `A4294967295` and other references beyond Excel's last cell are refused by name
/// (the workbook reader's arithmetic on them overflows).
#[test]
fn xlsx_references_beyond_the_last_cell_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("work.stakemap");
    for (i, reference) in ["A4294967295", "A99999999999", "XFE2", "ZZZZZZ2"]
        .iter()
        .enumerate()
    {
        let row = reference.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let xml = format!(
            r#"{SHEET_HEAD}{}<row r="{row}">{}</row>{SHEET_TAIL}"#,
            sheet_rows(&[("a1", "Aiko Sato")]),
            inline(reference, "far")
        );
        let book = workbook(stored("xl/worksheets/sheet1.xml", &xml));
        let file = write(dir.path(), &format!("far{i}.xlsx"), &book);
        import_file(&ws, &file, &[]).refused(
            "beyond Excel's last cell XFD1048576",
            &format!("the reference {reference}"),
        );
        assert!(!ws.exists());
    }
    // The last row is fine (and a dimension up to the last cell).
    let xml = format!(
        r#"{SHEET_HEAD}{}<row r="1048576">{}{}</row>{SHEET_TAIL}"#,
        sheet_rows(&[("a1", "Aiko Sato")]),
        inline("A1048576", "z9"),
        inline("B1048576", "Zoe Last")
    )
    .replace(
        "<sheetData>",
        r#"<dimension ref="A1:XFD1048576"/><sheetData>"#,
    );
    let book = workbook(stored("xl/worksheets/sheet1.xml", &xml));
    let file = write(dir.path(), "last.xlsx", &book);
    import_file(&ws, &file, &[]).ended(0, "the last row");
    assert_eq!(people_named(&ws), ["Aiko Sato", "Zoe Last"]);
}

/// 1,000,000 soft line breaks: on a quoted-printable NOTE (refused, too long), and after
/// a head without a colon that names quoted-printable (once unfolded with work quadratic
/// in the lines; now a line that is no property, and the card imports).
#[test]
fn vcard_with_a_million_soft_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("work.stakemap");

    let mut card = String::from(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Aiko Sato\r\nNOTE;ENCODING=QUOTED-PRINTABLE:",
    );
    card.push_str(&"=41=\r\n".repeat(1_000_000));
    card.push_str("\r\nEND:VCARD\r\n");
    let file = write(dir.path(), "note.vcf", card.as_bytes());
    import_file(&ws, &file, &[]).refused("longer than 64 KiB", "a 1,000,000-line note");
    assert!(!ws.exists());

    let mut card =
        String::from("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Aiko Sato\r\nX-QUOTED-PRINTABLE=\r\n");
    card.push_str(&"ab=\r\n".repeat(1_000_000));
    card.push_str("\r\nEND:VCARD\r\n");
    let file = write(dir.path(), "soft.vcf", card.as_bytes());
    import_file(&ws, &file, &[]).ended(0, "1,000,000 soft breaks after a head");
    assert_eq!(people_named(&ws), ["Aiko Sato"]);

    // Folded lines (a space at the start) are unfolded in linear time too.
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Okafor\r\nNOTE:x");
    card.push_str(&"\r\n y".repeat(1_000_000));
    card.push_str("\r\nEND:VCARD\r\n");
    let file = write(dir.path(), "folded.vcf", card.as_bytes());
    import_file(&ws, &file, &[]).refused("longer than 64 KiB", "1,000,000 folded lines");
}

/// Many NOTE lines, each under the field limit, make one note: capped at 1 MiB like a
/// field of the CSV path.
#[test]
fn vcard_notes_are_capped_in_all() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("work.stakemap");
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko Sato\r\n");
    let line = format!("NOTE:{}\r\n", "n".repeat(60_000));
    for _ in 0..40 {
        card.push_str(&line);
    }
    card.push_str("END:VCARD\r\n");
    let file = write(dir.path(), "notes.vcf", card.as_bytes());
    import_file(&ws, &file, &[]).refused("notes are longer than 1024 KiB", "2.4 MB of notes");
    assert!(!ws.exists());

    // 15 of them (900 KB) are one note.
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko Sato\r\n");
    for _ in 0..15 {
        card.push_str(&line);
    }
    card.push_str("END:VCARD\r\n");
    let file = write(dir.path(), "notes.vcf", card.as_bytes());
    import_file(&ws, &file, &[]).ended(0, "900 KB of notes");
    let w = Workspace::open(&ws).unwrap();
    let account = w.account_by_name("Acme").unwrap().unwrap();
    let people = w.people(&account.id).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].notes.len(), 15 * 60_000 + 14);
}

/// A header of 1,000,000 columns, for `--people` (once a check of every pair of
/// columns) and for `--file`.
#[test]
fn a_csv_of_a_million_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("work.stakemap");
    let mut header = String::from("id,name");
    let mut row = String::from("p1,Aiko Sato");
    for i in 2..1_000_000 {
        header.push_str(&format!(",c{i}"));
        row.push(',');
    }
    let csv = format!("{header}\n{row}\n");
    let file = write(dir.path(), "wide.csv", csv.as_bytes());

    run([
        OsStr::new("import"),
        ws.as_os_str(),
        OsStr::new("--account"),
        OsStr::new("Acme"),
        OsStr::new("--people"),
        file.as_os_str(),
    ])
    .refused("the header has 1000000 columns", "--people");
    assert!(!ws.exists());

    import_file(&ws, &file, &[]).refused("more than 1000 columns", "--file");
    assert!(!ws.exists());

    // 1,000 columns, named twice each but one: a hash set, not every pair.
    let mut header = String::from("id,name");
    for i in 0..998 {
        header.push_str(&format!(",c{}", i % 499));
    }
    let csv = format!("{header}\np1,Aiko Sato{}\n", ",".repeat(998));
    let file = write(dir.path(), "twice.csv", csv.as_bytes());
    run([
        OsStr::new("import"),
        ws.as_os_str(),
        OsStr::new("--account"),
        OsStr::new("Acme"),
        OsStr::new("--people"),
        file.as_os_str(),
    ])
    .refused(
        "the column 'c0' appears twice in the header",
        "columns twice",
    );
}

/// A file of 3 GB (sparse) and an endless one (`/dev/zero`) as `--people`,
/// `--relations` and the JSON of `merge`: refused before (or while) reading, at the
/// size the README states, not read whole.
#[test]
fn huge_and_endless_inputs_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("work.stakemap");
    let huge = |name: &str| {
        let path = dir.path().join(name);
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(3_000_000_000).unwrap();
        path
    };
    let endless = |name: &str| {
        let path = dir.path().join(name);
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        path
    };
    let good = write(dir.path(), "good.csv", b"id,name\np1,Aiko Sato\n");

    for (people, relations) in [
        (huge("huge.csv"), None),
        (endless("zero.csv"), None),
        (good.clone(), Some(huge("huge-rel.csv"))),
        (good.clone(), Some(endless("zero-rel.csv"))),
    ] {
        let mut args = vec![
            OsStr::new("import"),
            ws.as_os_str(),
            OsStr::new("--account"),
            OsStr::new("Acme"),
            OsStr::new("--people"),
            people.as_os_str(),
        ];
        if let Some(r) = &relations {
            args.extend([OsStr::new("--relations"), r.as_os_str()]);
        }
        run(args).refused(
            "larger than 100 MiB",
            &format!("{} {relations:?}", people.display()),
        );
        assert!(!ws.exists());
    }

    for from in [huge("huge.json"), endless("zero.json")] {
        run([
            OsStr::new("merge"),
            ws.as_os_str(),
            OsStr::new("--from"),
            from.as_os_str(),
        ])
        .refused("larger than 100 MiB", &from.display().to_string());
        assert!(!ws.exists());
    }
    for from in [huge("huge.xlsx"), endless("zero.vcf")] {
        import_file(&ws, &from, &[]).refused("larger than 200 MiB", &from.display().to_string());
        assert!(!ws.exists());
    }
}

/// `merge` into a missing workspace with a file that is refused (here a reporting cycle,
/// found once the accounts are written) leaves no workspace file behind; a dry run into a
/// missing workspace creates none.
#[test]
fn a_refused_merge_into_a_missing_workspace_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.stakemap");
    run([OsStr::new("demo"), demo.as_os_str()]).ended(0, "demo");
    let json = dir.path().join("demo.json");
    let account = Workspace::open(&demo).unwrap().accounts().unwrap()[0]
        .name
        .clone();
    run([
        OsStr::new("export"),
        demo.as_os_str(),
        OsStr::new("--account"),
        OsStr::new(&account),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--out"),
        json.as_os_str(),
    ])
    .ended(0, "export");

    // A reporting line back from the manager of someone to them.
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let relations = doc["relations"].as_array_mut().unwrap();
    let line = relations
        .iter()
        .find(|r| r["kind"] == "reports_to")
        .unwrap()
        .clone();
    relations.retain(|r| !(r["kind"] == "reports_to" && r["from"] == line["to"]));
    let mut back = line.clone();
    back["id"] = "back-line".into();
    back["from"] = line["to"].clone();
    back["to"] = line["from"].clone();
    relations.push(back);
    let cycle = dir.path().join("cycle.json");
    let mut f = std::fs::File::create(&cycle).unwrap();
    f.write_all(&serde_json::to_vec(&doc).unwrap()).unwrap();
    drop(f);

    let ws = dir.path().join("missing.stakemap");
    run([
        OsStr::new("merge"),
        ws.as_os_str(),
        OsStr::new("--from"),
        cycle.as_os_str(),
    ])
    .refused("would make a cycle", "a cycle in the merged file");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("missing"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");

    let dry = run([
        OsStr::new("merge"),
        ws.as_os_str(),
        OsStr::new("--from"),
        json.as_os_str(),
        OsStr::new("--dry-run"),
    ]);
    dry.ended(0, "a dry run");
    assert!(dry.stdout.contains("Dry run"), "{}", dry.stdout);
    assert!(!ws.exists(), "a dry run creates no workspace");

    // The good file merges into the missing workspace, which it creates.
    run([
        OsStr::new("merge"),
        ws.as_os_str(),
        OsStr::new("--from"),
        json.as_os_str(),
    ])
    .ended(0, "the good file");
    let merged = Workspace::open(&ws).unwrap();
    assert_eq!(merged.accounts().unwrap()[0].name, account);
}
