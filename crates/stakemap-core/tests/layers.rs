//! The layers of the core (see ARCHITECTURE.md at the repository root), checked on the
//! source text of `src/`:
//!
//! 1. the store (`src/store/`) uses nothing of the core above it: its files may name only
//!    `crate::store`, `crate::model`, `crate::error`, `crate::clock` and `crate::palette`;
//! 2. no SQL outside `src/store/`: no call of rusqlite's statement methods, no
//!    `backup::Backup`, and no string literal that starts with an SQL statement;
//! 3. no import cycle among the top-level modules of the core (`a/b.rs` is part of `a`);
//! 4. no file of `src/` over [`MAX_LINES`] lines.
//!
//! Each failure names the file and line that breaks the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be.
const MAX_LINES: usize = 800;

/// What the store may name of the core.
const STORE_MAY_USE: &[&str] = &["store", "model", "error", "clock", "palette"];

/// rusqlite's methods that run SQL.
const SQL_CALLS: &[&str] = &[
    ".prepare(",
    ".prepare_cached(",
    ".execute(",
    ".execute_batch(",
    ".query_row(",
    ".query_map(",
    ".pragma_update(",
    ".pragma_query_value(",
    "backup::Backup",
];

/// The first word of an SQL statement.
const SQL_WORDS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA", "VACUUM", "WITH", "BEGIN", "ATTACH",
];

struct Source {
    /// Relative to `src/`, with `/`.
    rel: String,
    text: String,
    /// The text with comments blanked out and string literals emptied (lines kept).
    code: String,
    /// The string literals: (line, content).
    strings: Vec<(usize, String)>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<Source> {
    let root = src_dir();
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            let (code, strings) = lex(&text);
            Source {
                rel,
                text,
                code,
                strings,
            }
        })
        .collect()
}

/// The top-level module a file belongs to (`store/people.rs` is in `store`); `None` for
/// `lib.rs`.
fn module_of(rel: &str) -> Option<String> {
    if rel == "lib.rs" {
        return None;
    }
    let first = rel.split('/').next().unwrap();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Splits Rust source into code (comments blanked, string literals emptied, line breaks
/// kept) and its string literals with their lines.
fn lex(text: &str) -> (String, Vec<(usize, String)>) {
    let chars: Vec<char> = text.chars().collect();
    let mut code = String::with_capacity(text.len());
    let mut strings = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let blank = |c: char, code: &mut String| code.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(chars[i], &mut code);
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    code.push_str("  ");
                    i += 2;
                    continue;
                }
                if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    code.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                    continue;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                blank(chars[i], &mut code);
                i += 1;
            }
            continue;
        }
        // Raw strings: r"..", r#".."#, br"..".
        let raw_start = if c == 'r' && matches!(next, Some('"') | Some('#')) {
            Some(i + 1)
        } else if c == 'b' && next == Some('r') && matches!(chars.get(i + 2), Some('"') | Some('#'))
        {
            Some(i + 2)
        } else {
            None
        };
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if let (Some(mut j), false) = (raw_start, ident_before) {
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                let start_line = line;
                code.push('"');
                j += 1;
                let mut content = String::new();
                loop {
                    if j >= chars.len() {
                        break;
                    }
                    if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    if chars[j] == '\n' {
                        line += 1;
                        code.push('\n');
                    }
                    content.push(chars[j]);
                    j += 1;
                }
                code.push('"');
                strings.push((start_line, content));
                i = j;
                continue;
            }
        }
        if c == '"' {
            let start_line = line;
            code.push('"');
            let mut j = i + 1;
            let mut content = String::new();
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    content.push(chars[j]);
                    j += 1;
                }
                if j < chars.len() {
                    if chars[j] == '\n' {
                        line += 1;
                        code.push('\n');
                    }
                    content.push(chars[j]);
                }
                j += 1;
            }
            code.push('"');
            strings.push((start_line, content));
            i = j + 1;
            continue;
        }
        if c == '\'' {
            // A char literal ('x', '\n', '\''), not a lifetime ('a).
            let len = if next == Some('\\') {
                (i + 2..chars.len().min(i + 12))
                    .find(|&k| chars[k] == '\'')
                    .map(|k| k - i + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(3)
            } else {
                None
            };
            if let Some(len) = len {
                code.push_str("' '");
                for _ in 3..len {
                    code.push(' ');
                }
                i += len;
                continue;
            }
        }
        if c == '\n' {
            line += 1;
        }
        code.push(c);
        i += 1;
    }
    (code, strings)
}

/// The line (1-based) of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// What `crate::` paths name at the top level: (offset, name), `crate::{a, b::c}` giving
/// `a` and `b`.
fn crate_mentions(code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 {
            let before = code[..at].chars().next_back().unwrap();
            if before.is_alphanumeric() || before == '_' || before == '$' {
                continue;
            }
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        items.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                if depth >= 1 {
                    item.push(ch);
                }
            }
            items.push(item);
            for item in items {
                let name = ident(item.trim_start());
                if !name.is_empty() {
                    out.push((at, name));
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.push((at, name));
            }
        }
    }
    out
}

/// The crate root's re-exports (`pub use store::cipher;`, `pub use error::{Error, Result};`):
/// name → the top-level module it comes from. Other capitalised names come from
/// `pub use model::*`.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let module = path.split("::").next().unwrap().to_string();
        let names: Vec<&str> = match (path.find('{'), path.rfind('}')) {
            (Some(a), Some(b)) => path[a + 1..b].split(',').collect(),
            _ => vec![path.rsplit("::").next().unwrap()],
        };
        for name in names {
            let name = name.trim();
            if !name.is_empty() && name != "*" {
                map.insert(name.to_string(), module.clone());
            }
        }
    }
    map
}

/// The top-level module a `crate::<name>` path reaches.
fn resolve(name: &str, modules: &BTreeSet<String>, reexports: &BTreeMap<String, String>) -> String {
    if modules.contains(name) {
        return name.to_string();
    }
    if let Some(m) = reexports.get(name) {
        return m.clone();
    }
    if name.starts_with(|c: char| c.is_uppercase()) {
        return "model".to_string();
    }
    name.to_string()
}

#[test]
fn the_store_imports_nothing_above_it() {
    let all = sources();
    let modules: BTreeSet<String> = all.iter().filter_map(|s| module_of(&s.rel)).collect();
    let lib = all.iter().find(|s| s.rel == "lib.rs").unwrap();
    let reexports = root_reexports(&lib.code);
    let mut problems = Vec::new();
    for s in all.iter().filter(|s| s.rel.starts_with("store/")) {
        for (at, name) in crate_mentions(&s.code) {
            let module = resolve(&name, &modules, &reexports);
            if !STORE_MAY_USE.contains(&module.as_str()) {
                problems.push(format!(
                    "src/{}:{}: the store uses `crate::{name}` (module `{module}`); it may use only {}",
                    s.rel,
                    line_at(&s.code, at),
                    STORE_MAY_USE.join(", ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The SQL statement a string literal starts with, if it starts with one: the word in upper
/// case, as every statement of the store is written, followed by more of the statement
/// ("Update Stakemap" and "BEGIN:VCARD" are no SQL).
fn sql_statement(content: &str) -> Option<&'static str> {
    let head = content.trim_start();
    SQL_WORDS.iter().copied().find(|word| {
        head.strip_prefix(word)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_whitespace() || c == '(')
    })
}

#[test]
fn no_sql_outside_the_store() {
    let mut problems = Vec::new();
    for s in sources() {
        if s.rel.starts_with("store/") {
            continue;
        }
        for call in SQL_CALLS {
            for (at, _) in s.code.match_indices(call) {
                // `backup::Backup` but not `backup::BackupReason`.
                let next = s.code[at + call.len()..].chars().next();
                if call.ends_with(|c: char| c.is_alphanumeric())
                    && next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    continue;
                }
                problems.push(format!(
                    "src/{}:{}: `{}` runs SQL outside the store",
                    s.rel,
                    line_at(&s.code, at),
                    call.trim_start_matches('.').trim_end_matches('(')
                ));
            }
        }
        for (line, content) in &s.strings {
            if let Some(word) = sql_statement(content) {
                problems.push(format!(
                    "src/{}:{line}: a string starts with the SQL statement `{word}` outside the store",
                    s.rel
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn no_import_cycle_among_the_modules() {
    let all = sources();
    let modules: BTreeSet<String> = all.iter().filter_map(|s| module_of(&s.rel)).collect();
    let lib = all.iter().find(|s| s.rel == "lib.rs").unwrap();
    let reexports = root_reexports(&lib.code);
    // from → to → the first place that makes the arrow.
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for s in &all {
        let Some(from) = module_of(&s.rel) else {
            continue;
        };
        for (at, name) in crate_mentions(&s.code) {
            let to = resolve(&name, &modules, &reexports);
            if to != from && modules.contains(&to) {
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("src/{}:{}", s.rel, line_at(&s.code, at)));
            }
        }
    }
    // Strongly connected components (Tarjan).
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        next: usize,
        components: Vec<Vec<String>>,
    }
    fn visit(st: &mut State<'_>, v: &str) {
        st.index.insert(v.to_string(), st.next);
        st.low.insert(v.to_string(), st.next);
        st.next += 1;
        st.stack.push(v.to_string());
        st.on_stack.insert(v.to_string());
        let targets: Vec<String> = st
            .edges
            .get(v)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for w in targets {
            if !st.index.contains_key(&w) {
                visit(st, &w);
                let low = st.low[v].min(st.low[&w]);
                st.low.insert(v.to_string(), low);
            } else if st.on_stack.contains(&w) {
                let low = st.low[v].min(st.index[&w]);
                st.low.insert(v.to_string(), low);
            }
        }
        if st.low[v] == st.index[v] {
            let mut component = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on_stack.remove(&w);
                let done = w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            st.components.push(component);
        }
    }
    let mut st = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        components: Vec::new(),
    };
    for m in &modules {
        if !st.index.contains_key(m) {
            visit(&mut st, m);
        }
    }
    let mut problems = Vec::new();
    for mut component in st.components.into_iter().filter(|c| c.len() > 1) {
        component.sort();
        let mut lines = vec![format!(
            "import cycle among the modules {}:",
            component.join(", ")
        )];
        for from in &component {
            for (to, at) in &edges[from] {
                if component.contains(to) {
                    lines.push(format!("  {from} -> {to} ({at})"));
                }
            }
        }
        problems.push(lines.join("\n"));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn no_source_file_over_the_budget() {
    let mut problems = Vec::new();
    for s in sources() {
        let lines = s.text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "src/{}:{}: {lines} lines, over the budget of {MAX_LINES}",
                s.rel,
                MAX_LINES + 1
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    let (code, strings) = lex(
        "// use crate::backup;\nlet s = \"SELECT 1 // no comment\";\nlet c = '\"'; use crate::{error::Error, model};\nfn f<'a>() {}\n",
    );
    assert!(!code.contains("crate::backup"));
    assert_eq!(strings, vec![(2, "SELECT 1 // no comment".to_string())]);
    let names: Vec<String> = crate_mentions(&code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["error", "model"]);

    assert_eq!(sql_statement("SELECT id FROM people"), Some("SELECT"));
    assert_eq!(sql_statement("  BEGIN IMMEDIATE"), Some("BEGIN"));
    assert_eq!(sql_statement("BEGIN:VCARD"), None);
    assert_eq!(sql_statement("BEGIN"), None);
    assert_eq!(sql_statement("Update Stakemap to open it"), None);
}
