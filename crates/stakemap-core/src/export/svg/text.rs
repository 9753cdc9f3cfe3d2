//! Fitting text to the map: what is never shown, the estimated width of a text, a line
//! shortened with an ellipsis, a text wrapped into lines, and short stable numbers.

use crate::markup::is_xml_char;

/// Characters that are never shown: controls, bidi embeddings, overrides and isolates
/// (U+202E would show a name backwards), zero-width marks and the byte order mark.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'
        )
        || !is_xml_char(c)
}

/// Approximate advance of `c` in ems in Noto Sans CJK: exact enough to shorten text to
/// its card (the card also clips it, so an estimate on the high side is safe).
fn advance(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{3099}'..='\u{309A}' => 0.0,
        ' ' => 0.25,
        'i' | 'j' | 'l' | '!' | '.' | ',' | ':' | ';' | '|' | '\'' | 'I' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.86,
        'A'..='Z' | '0'..='9' | '&' | '#' => 0.64,
        'a'..='z' => 0.54,
        '\u{1100}'..='\u{115F}'
        | '\u{2026}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}' => 1.0,
        '\u{FF61}'..='\u{FFDC}' => 0.5,
        _ => 0.62,
    }
}

/// Estimated width of `s` at `size` (bold text is a little wider).
pub(in crate::export) fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let w: f64 = s.chars().map(advance).sum::<f64>() * size;
    if bold {
        w * 1.06
    } else {
        w
    }
}

/// `s` as one line of at most `max_w` at `size`: invisible characters left out, runs of
/// white space made one space, and cut with an ellipsis when too long. Reads only as much
/// of `s` as fits, so a 100 KB name costs no more than a short one.
pub(crate) fn fit(s: &str, max_w: f64, size: f64, bold: bool) -> String {
    let scale = size * if bold { 1.06 } else { 1.0 };
    let ellipsis = advance('…') * scale;
    let mut out = String::new();
    let mut width = 0.0;
    // Length of `out` up to which the text still fits with an ellipsis after it.
    let mut keep = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        let pending = if space { advance(' ') * scale } else { 0.0 };
        let w = advance(c) * scale;
        if width + pending + w > max_w {
            out.truncate(keep);
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        width += pending + w;
        if width + ellipsis <= max_w {
            keep = out.len();
        }
    }
    out
}

/// `s` broken into lines of at most `max_w`: after spaces and commas (Japanese ones too),
/// or anywhere in a word too long for a line.
pub(in crate::export) fn wrap(s: &str, max_w: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut word = String::new();
    let flush_word = |line: &mut String, word: &mut String, lines: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if !line.is_empty() && text_width(&format!("{line}{word}"), size, false) > max_w {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in word.chars() {
            if !line.is_empty() && text_width(&format!("{line}{c}"), size, false) > max_w {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            if !(line.is_empty() && c == ' ') {
                line.push(c);
            }
        }
        word.clear();
    };
    for c in s.chars().filter(|c| !is_invisible(*c)) {
        word.push(c);
        if c == ' ' || c == '、' || c == ',' {
            flush_word(&mut line, &mut word, &mut lines);
        }
    }
    flush_word(&mut line, &mut word, &mut lines);
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A number for an attribute: at most two decimals, no trailing zeros, never `-0`.
pub(super) fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{:.2}", v);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_long_text_with_an_ellipsis_and_drops_invisible_characters() {
        assert_eq!(fit("Ann Lee", 200.0, 13.0, true), "Ann Lee");
        assert_eq!(fit("  a \n\t b  ", 200.0, 11.0, false), "a b");
        assert_eq!(fit("\u{202E}evil\u{1}", 200.0, 11.0, false), "evil");
        let long = "x".repeat(100_000);
        let cut = fit(&long, 200.0, 13.0, false);
        assert!(cut.ends_with('…') && cut.chars().count() < 40, "{cut}");
        assert!(text_width(&cut, 13.0, false) <= 200.0);
        let ja = fit(&"高".repeat(50), 100.0, 10.0, false);
        assert_eq!(ja, format!("{}…", "高".repeat(9)));
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(2.256), "2.26");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_japanese_commas() {
        let lines = wrap(
            "Redacted: ratings, notes, portraits, negative influence lines",
            150.0,
            11.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 11.0, false) <= 150.0));
        let ja = wrap(
            "非公開：評価、メモ、人物像、マイナスの影響関係",
            100.0,
            11.0,
        );
        assert!(ja.len() >= 2 && ja.iter().all(|l| text_width(l, 11.0, false) <= 100.0));
    }
}
