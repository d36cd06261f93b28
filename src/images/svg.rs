//! SVG images are published as they are, so one that could run code is refused: a
//! `<script>` or `<foreignObject>` element, an event attribute (`onload=`), or a
//! `javascript:` link.

/// What makes an SVG unsafe or unreadable (lines are the SVG file's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SvgProblem {
    /// Not UTF-8 or not well-formed XML (the parser's words).
    Invalid(String),
    /// A `<script>` or `<foreignObject>` element.
    Element(String, u32),
    /// An event attribute (`onload`).
    Event(String, u32),
    /// A `javascript:` link in an attribute.
    Javascript(String, u32),
}

impl SvgProblem {
    /// The message for the image `link`.
    pub(crate) fn message(&self, link: &str) -> crate::messages::Message {
        use crate::msg;
        match self {
            SvgProblem::Invalid(why) => msg!("image-svg-invalid", link = link, why = why.as_str()),
            SvgProblem::Element(name, line) => msg!(
                "image-svg-element",
                link = link,
                element = name.as_str(),
                line = line.to_string()
            ),
            SvgProblem::Event(name, line) => msg!(
                "image-svg-event",
                link = link,
                attribute = name.as_str(),
                line = line.to_string()
            ),
            SvgProblem::Javascript(name, line) => msg!(
                "image-svg-javascript",
                link = link,
                attribute = name.as_str(),
                line = line.to_string()
            ),
        }
    }
}

/// `None` when the SVG is safe to publish, otherwise what is wrong.
pub(crate) fn check(bytes: &[u8]) -> Option<SvgProblem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(SvgProblem::Invalid("not UTF-8 text".to_owned()));
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => return Some(SvgProblem::Invalid(e.to_string())),
    };
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let line = doc.text_pos_at(node.range().start).row;
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
            return Some(SvgProblem::Element(name.to_owned(), line));
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                return Some(SvgProblem::Event(attr_name.to_owned(), line));
            }
            let value: String = attr
                .value()
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            if value.to_ascii_lowercase().starts_with("javascript:") {
                return Some(SvgProblem::Javascript(attr_name.to_owned(), line));
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
            check(script),
            Some(SvgProblem::Element("script".to_owned(), 2))
        );
        let event = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
        assert_eq!(
            check(event),
            Some(SvgProblem::Event("onload".to_owned(), 1))
        );
        let link = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href=" javascript:alert(1)"/></svg>"#;
        assert!(check(link).is_some());
    }
}
