//! Text for markup: the escape of XML and HTML text and attribute values, shared by the
//! exports (SVG, HTML) and the review pages. Plain functions; nothing above the model.

/// `s` for XML text or a quoted attribute value: `& < > " '` escaped, tab, line feed and
/// carriage return written as character references (so they survive in attribute values),
/// and every character XML 1.0 does not allow left out (U+0000–U+0008, U+000B, U+000C,
/// U+000E–U+001F, U+FFFE, U+FFFF).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(&mut out, s);
    out
}

fn esc_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// XML 1.0's `Char` production, without tab, LF and CR (handled by the caller).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            esc("<a href='x'>\"&\"</a>]]>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;]]&gt;"
        );
        assert_eq!(esc("a\u{0}\u{1}\u{8}\u{B}\u{C}\u{E}\u{1F}b"), "ab");
        assert_eq!(esc("x\u{FFFE}\u{FFFF}y"), "xy");
        assert_eq!(esc("t\tn\nr\r"), "t&#9;n&#10;r&#13;");
        assert_eq!(esc("日本 😀 \u{202E}"), "日本 😀 \u{202E}");
    }
}
