//! Reading account documents from our JSON export, refusing what is not one.

use serde::Deserialize;

use super::{check::check_docs, AccountDoc, FORMAT, VERSION};
use crate::error::{Error, Result};

/// The largest JSON file [`read_json_docs`] reads.
pub const MAX_JSON_BYTES: usize = 100 * 1024 * 1024;

/// How deeply a JSON file may nest. An account document nests six levels; anything much
/// deeper is not one, and is refused before it is parsed.
const MAX_JSON_DEPTH: usize = 32;

// ---------------------------------------------------------------------------------------

/// True when `bytes` (JSON) nests arrays and objects deeper than `max`. Stops at the first
/// level too deep, so a hostile file costs no more than the bytes up to there.
fn nests_deeper_than(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The first fields of a document, read before the rest to say what is wrong.
#[derive(Deserialize)]
struct Head {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Our JSON export: one [`AccountDoc`], or an array of them.
///
/// Refused with [`Error::FileRefused`] before anything is merged: a file over 100 MiB,
/// one that is not JSON or nests deeper than an export can, one that is not an account
/// export or comes from a newer Stakemap, and one whose content is inconsistent.
pub fn read_json_docs(file_name: &str, bytes: &[u8]) -> Result<Vec<AccountDoc>> {
    let refuse = |reason: String| Error::refused(file_name, reason);
    if bytes.len() > MAX_JSON_BYTES {
        return Err(refuse(format!(
            "it is {} MiB; an account export is at most {} MiB",
            bytes.len().div_ceil(1024 * 1024),
            MAX_JSON_BYTES / (1024 * 1024)
        )));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    let many = match first {
        None => return Err(refuse("it is empty".into())),
        Some(b'[') => true,
        Some(b'{') => false,
        Some(_) => {
            return Err(refuse(
                "it is not a JSON file (an account export starts with { or [)".into(),
            ))
        }
    };
    if nests_deeper_than(body, MAX_JSON_DEPTH) {
        return Err(refuse(format!(
            "it nests more than {MAX_JSON_DEPTH} levels deep; an account export never does, so it is not one (or it is damaged)"
        )));
    }
    let not_export =
        |e: serde_json::Error| refuse(format!("it is not a Stakemap account export ({e})"));
    let heads: Vec<Head> = if many {
        serde_json::from_slice(body).map_err(not_export)?
    } else {
        vec![serde_json::from_slice(body).map_err(not_export)?]
    };
    if heads.is_empty() {
        return Err(refuse("it holds no account".into()));
    }
    for head in &heads {
        match head.format.as_ref().and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(refuse(format!(
                    "it is not a Stakemap account export (its format is '{other}', not '{FORMAT}')"
                )))
            }
            None => {
                return Err(refuse(format!(
                    "it is not a Stakemap account export (it has no \"format\": \"{FORMAT}\")"
                )))
            }
        }
        match head.version.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(VERSION) => {
                return Err(refuse(format!(
                    "it was written by a newer version of Stakemap (export version {v}; this version reads up to {VERSION}). Update Stakemap to import it"
                )))
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(refuse(
                    "its \"version\" is missing or not a version number".into(),
                ))
            }
        }
    }
    let damaged = |e: serde_json::Error| {
        refuse(format!(
            "it is damaged or was changed by hand ({e}); export the account again"
        ))
    };
    let docs: Vec<AccountDoc> = if many {
        serde_json::from_slice(body).map_err(damaged)?
    } else {
        vec![serde_json::from_slice(body).map_err(damaged)?]
    };
    check_docs(&docs).map_err(refuse)?;
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scan_skips_strings() {
        assert!(!nests_deeper_than(br#"{"a": "[[[[[[[[[[", "b": [1]}"#, 2));
        assert!(nests_deeper_than(b"[[[1]]]", 2));
        assert!(!nests_deeper_than(br#"["\"[[[[["]"#, 1));
    }
}
