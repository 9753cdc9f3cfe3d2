//! Reading account documents from our JSON export, refusing what is not one.

use crate::error::{n32, Reason};
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
    let refuse = |reason: Reason| Error::refused(file_name, reason);
    if bytes.len() > MAX_JSON_BYTES {
        return Err(refuse(Reason::TooBig {
            limit_mb: n32(MAX_JSON_BYTES / (1024 * 1024)),
        }));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    let many = match first {
        None => return Err(refuse(Reason::Empty)),
        Some(b'[') => true,
        Some(b'{') => false,
        Some(_) => {
            return Err(refuse(Reason::NotAnExport {
                detail: "not a JSON file".into(),
            }))
        }
    };
    if nests_deeper_than(body, MAX_JSON_DEPTH) {
        return Err(refuse(Reason::TooDeep {
            limit: n32(MAX_JSON_DEPTH),
        }));
    }
    let not_export = |e: serde_json::Error| {
        refuse(Reason::NotAnExport {
            detail: e.to_string(),
        })
    };
    let heads: Vec<Head> = if many {
        serde_json::from_slice(body).map_err(not_export)?
    } else {
        vec![serde_json::from_slice(body).map_err(not_export)?]
    };
    if heads.is_empty() {
        return Err(refuse(Reason::Empty));
    }
    for head in &heads {
        match head.format.as_ref().and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(refuse(Reason::NotAnExport {
                    detail: format!("format '{other}'"),
                }))
            }
            None => {
                return Err(refuse(Reason::NotAnExport {
                    detail: format!("no \"format\": \"{FORMAT}\""),
                }))
            }
        }
        match head.version.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(VERSION) => {
                return Err(refuse(Reason::NewerExport {
                    found: n32(v),
                    supported: n32(VERSION),
                }))
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(refuse(Reason::NotAnExport {
                    detail: "no \"version\"".into(),
                }))
            }
        }
    }
    let damaged = |e: serde_json::Error| {
        refuse(Reason::Inconsistent {
            detail: e.to_string(),
        })
    };
    let docs: Vec<AccountDoc> = if many {
        serde_json::from_slice(body).map_err(damaged)?
    } else {
        vec![serde_json::from_slice(body).map_err(damaged)?]
    };
    check_docs(&docs).map_err(|detail| refuse(Reason::Inconsistent { detail }))?;
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
