//! Text from outside (an imported file, a colleague's export) as Stakemap keeps it: the
//! characters that only steer a terminal or the direction of text taken out.
//!
//! Left out: NUL and the other C0 controls, DEL, the C1 controls (U+0080–U+009F) and the
//! bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
//! can make a name read backwards or hide text. Tab and line breaks (LF, CR) stay where a
//! field holds several lines (notes); in a one-line field each becomes a space. The marks U+200E and U+200F stay: they change no letter's
//! order and right-to-left names need them.

use std::borrow::Cow;

/// True for a character [`clean_line`] and [`clean_text`] take out or replace.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn clean(s: &str, multiline: bool) -> Cow<'_, str> {
    let kept = |c: char| multiline && matches!(c, '\r' | '\n' | '\t');
    if !s.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' | '\t' if !multiline => out.push(' '),
            '\r' | '\n' | '\t' => out.push(c),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A one-line field (a name, a title, an id): controls taken out, tab and line breaks
/// made spaces.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// A field of several lines (notes): controls taken out, tab and line breaks kept.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// Cleans `s` in place (see [`clean_line`], or [`clean_text`] when `multiline`).
pub fn clean_in_place(s: &mut String, multiline: bool) {
    if let Cow::Owned(cleaned) = clean(s, multiline) {
        *s = cleaned;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_out_controls_and_direction_overrides() {
        assert_eq!(clean_line("A\u{0}li\u{1b}[31mce"), "Ali[31mce");
        assert_eq!(
            clean_line("\u{202E}evil\u{202C} name\u{2066}x\u{2069}"),
            "evil namex"
        );
        assert_eq!(clean_line("a\tb\r\nc\u{85}d\u{7f}"), "a b  cd");
        assert_eq!(
            clean_text("one\r\ntwo\rthree\n\tfour\u{9b}"),
            "one\r\ntwo\rthree\n\tfour"
        );
        assert_eq!(
            clean_line("山田 太郎 \u{200F}שלום"),
            "山田 太郎 \u{200F}שלום"
        );
        assert!(matches!(clean_line("plain"), Cow::Borrowed(_)));
    }
}
