//! Escaping text for HTML, SVG and XML written by Rust code (templates escape on their own).

/// Escapes `&`, `<`, `>`, `"` and `'`, and drops the characters XML 1.0 forbids, so the
/// result is safe in HTML, SVG and XML content and in quoted attributes.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(markup("a<b>&\"'\u{7}c"), "a&lt;b&gt;&amp;&quot;&#39;c");
        assert_eq!(markup("Quận Nam Từ Liêm"), "Quận Nam Từ Liêm");
    }
}
