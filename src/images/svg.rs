//! SVG images are published as they are, so one that could run code is refused: a
//! `<script>` or `<foreignObject>` element, an event attribute (`onload=`), or a
//! `javascript:` link.

/// `None` when the SVG is safe to publish, otherwise what is wrong and on which line of
/// the SVG file.
pub(crate) fn check(bytes: &[u8]) -> Option<String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("the SVG file is not UTF-8 text".to_owned());
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => return Some(format!("the SVG file is not well-formed XML: {e}")),
    };
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let line = doc.text_pos_at(node.range().start).row;
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
            return Some(format!("the SVG has a <{name}> element (line {line})"));
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                return Some(format!(
                    "the SVG has an event attribute `{attr_name}` (line {line})"
                ));
            }
            let value: String = attr
                .value()
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            if value.to_ascii_lowercase().starts_with("javascript:") {
                return Some(format!(
                    "the SVG has a javascript: link in `{attr_name}` (line {line})"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_scripts_and_events() {
        let ok = br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>"#;
        assert_eq!(check(ok), None);
        let script = b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>";
        assert_eq!(
            check(script).as_deref(),
            Some("the SVG has a <script> element (line 2)")
        );
        let event = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
        assert_eq!(
            check(event).as_deref(),
            Some("the SVG has an event attribute `onload` (line 1)")
        );
        let link = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href=" javascript:alert(1)"/></svg>"#;
        assert!(check(link).is_some());
    }
}
