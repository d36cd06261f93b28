//! The one place that parses YAML (serde_yaml is archived upstream; keeping it behind this
//! module makes a switch to a maintained fork a one-file change).
//!
//! YAML is parsed into our own [`Yaml`] tree, and a [`Locator`] maps paths inside that tree
//! (`figures[2].value`) to lines and columns, so validation can report every problem of a
//! file with its position instead of stopping at serde's first error.

use std::collections::HashMap;

/// A parsed YAML value. Mappings keep their author order.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string (dates stay strings).
    Str(String),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A mapping; keys converted to strings.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// A short name of the value's type, for messages: "a string", "a list", …
    pub fn kind(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "a boolean",
            Yaml::Int(_) | Yaml::Float(_) => "a number",
            Yaml::Str(_) => "a string",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    /// Converts to JSON (for `extra:` maps handed to templates).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Yaml::Null => serde_json::Value::Null,
            Yaml::Bool(b) => serde_json::Value::Bool(*b),
            Yaml::Int(i) => serde_json::Value::from(*i),
            Yaml::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Yaml::Str(s) => serde_json::Value::String(s.clone()),
            Yaml::Seq(items) => items.iter().map(Yaml::to_json).collect(),
            Yaml::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A YAML syntax error, with its position in the parsed text (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Line in the YAML text, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
    /// Message without serde_yaml's own " at line N column M" suffix.
    pub message: String,
    /// The editor's mistake behind it, when recognised, at its own line.
    pub explained: Option<crate::yaml_explain::Explained>,
}

/// Parses YAML text into a [`Yaml`] tree.
///
/// # Errors
/// A [`SyntaxError`] positioned in `text` (not in the file: callers add their offset).
pub fn parse(text: &str) -> Result<Yaml, SyntaxError> {
    if let Some((line, column)) = too_deep_flow(text) {
        return Err(SyntaxError {
            line,
            column,
            message: format!(
                "more than {MAX_FLOW_DEPTH} nested `[` or `{{`: front matter is never nested this deep"
            ),
            explained: None,
        });
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => Ok(convert(value)),
        Err(err) => {
            let (line, column) = err
                .location()
                .map_or((1, 1), |l| to_lf_position(text, l.line(), l.column()));
            let message = trim_location_suffix(&err.to_string());
            Err(SyntaxError {
                line,
                column,
                explained: crate::yaml_explain::explain(text, &message, line),
                message,
            })
        }
    }
}

/// The deepest `[`/`{` nesting [`parse`] hands to serde_yaml. serde_yaml refuses values
/// nested deeper than 128 levels anyway, but only after libyaml has scanned the whole text,
/// which takes time quadratic in the nesting depth (100,000 `[` took 80 s).
pub const MAX_FLOW_DEPTH: usize = 256;

/// The position (1-based line, column in characters) of the first `[` or `{` nested deeper
/// than [`MAX_FLOW_DEPTH`]. Brackets inside quoted strings count too: only a text that could
/// never parse anyway (or an absurd title) reaches the limit.
fn too_deep_flow(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    for c in text.chars() {
        column += 1;
        match c {
            '\n' => (line, column) = (line + 1, 0),
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Converts libyaml's 1-based (line, column) to lines counted by `\n` only, as every other
/// position bantin reports is. libyaml also breaks lines at a lone `\r`, U+0085, U+2028 and
/// U+2029, so without this a file with old Mac line endings got errors past its last line.
fn to_lf_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    let mut libyaml_line = 1;
    let mut start = 0; // byte offset where libyaml's `line` starts
    let mut chars = text.char_indices().peekable();
    while libyaml_line < line {
        let Some((i, c)) = chars.next() else {
            start = text.len();
            break;
        };
        let is_break = match c {
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            '\r' => chars.peek().is_none_or(|&(_, next)| next != '\n'),
            _ => false,
        };
        if is_break {
            libyaml_line += 1;
            start = i + c.len_utf8();
        }
    }
    let before = &text[..start];
    let lf_line = 1 + before.matches('\n').count();
    let lf_line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let lf_column = before[lf_line_start..].chars().count() + column;
    (lf_line, lf_column)
}

fn convert(value: serde_yaml::Value) -> Yaml {
    use serde_yaml::Value as V;
    match value {
        V::Null => Yaml::Null,
        V::Bool(b) => Yaml::Bool(b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Int(i),
            None => Yaml::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        V::String(s) => Yaml::Str(s),
        V::Sequence(items) => Yaml::Seq(items.into_iter().map(convert).collect()),
        V::Mapping(map) => Yaml::Map(
            map.into_iter()
                .map(|(k, v)| (key_to_string(k), convert(v)))
                .collect(),
        ),
        V::Tagged(tagged) => convert(tagged.value),
    }
}

fn key_to_string(key: serde_yaml::Value) -> String {
    match convert(key) {
        Yaml::Str(s) => s,
        Yaml::Int(i) => i.to_string(),
        Yaml::Float(f) => f.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Null => "null".to_owned(),
        other => format!("<{}>", other.kind()),
    }
}

/// serde_yaml ends its messages with " at line N column M"; the caller reports the file's
/// position instead, so drop that suffix (and any second one after a comma).
pub fn trim_location_suffix(message: &str) -> String {
    let Some(idx) = message.rfind(" at line ") else {
        return message.to_owned();
    };
    let tail = &message[idx + " at line ".len()..];
    let looks_like_position = tail
        .split(|c: char| c == ',' || c.is_whitespace())
        .next()
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !looks_like_position {
        return message.to_owned();
    }
    // Keep what follows the position ("…, while parsing a flow sequence at line 3 …"),
    // itself without its position, and drop what precedes it recursively.
    let rest = tail
        .find(", ")
        .map(|i| trim_location_suffix(&tail[i..]))
        .unwrap_or_default();
    let head = trim_location_suffix(&message[..idx]);
    format!("{head}{rest}")
}

/// Maps value paths (`title`, `figures[1].value`) to 1-based (line, column) in the YAML text.
///
/// Built by a light scan of block-style YAML (what front matter uses); flow-style values
/// (`[a, b]`) are located at their key. Lookups fall back to the nearest located parent.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, (usize, usize)>,
}

impl Locator {
    /// Scans `text`.
    pub fn new(text: &str) -> Locator {
        struct Open {
            indent: usize,
            path: String,
            is_key: bool,
        }
        let mut positions = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut counters: HashMap<String, usize> = HashMap::new();
        let mut block_scalar_indent: Option<usize> = None;

        for (idx, raw) in text.lines().enumerate() {
            let line_no = idx + 1;
            let indent = raw.chars().take_while(|c| *c == ' ').count();
            let content = raw[indent..].trim_end();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(block) = block_scalar_indent {
                if indent > block {
                    continue;
                }
                block_scalar_indent = None;
            }
            let mut col = indent; // 0-based char column
            let mut rest = content;
            while rest == "-" || rest.starts_with("- ") {
                while let Some(top) = stack.last() {
                    let keep = top.indent < col || (top.indent == col && top.is_key);
                    if keep {
                        break;
                    }
                    stack.pop();
                }
                let parent = stack.last().map(|o| o.path.clone()).unwrap_or_default();
                let counter = counters.entry(parent.clone()).or_insert(0);
                let path = format!("{parent}[{counter}]");
                *counter += 1;
                positions.entry(path.clone()).or_insert((line_no, col + 1));
                stack.push(Open {
                    indent: col,
                    path,
                    is_key: false,
                });
                let after = rest[1..].trim_start();
                col += rest.chars().count() - after.chars().count();
                rest = after;
            }
            let Some((key, value)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|top| top.indent >= col) {
                stack.pop();
            }
            let parent = stack.last().map(|o| o.path.as_str()).unwrap_or("");
            let path = if parent.is_empty() {
                key
            } else {
                format!("{parent}.{key}")
            };
            positions.entry(path.clone()).or_insert((line_no, col + 1));
            let value = value.trim_start();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar_indent = Some(col);
            }
            stack.push(Open {
                indent: col,
                path,
                is_key: true,
            });
        }
        Locator { positions }
    }

    /// The (line, column) of `path`, or of its nearest located parent, or (1, 1).
    pub fn locate(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }

    /// The position of `path` itself, if it was located.
    pub fn exact(&self, path: &str) -> Option<(usize, usize)> {
        self.positions.get(path).copied()
    }
}

/// Splits `key: value` (plain or quoted key). Returns None for lines that are not a key.
fn split_key(s: &str) -> Option<(String, &str)> {
    if let Some(quote) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = s[1..].find(quote)? + 1;
        let key = &s[1..end];
        let after = &s[end + 1..];
        let after = after.trim_start().strip_prefix(':')?;
        return Some((key.to_owned(), after));
    }
    if s.starts_with(['[', '{', '&', '*', '!', '|', '>', '%', '@', '`']) {
        return None;
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':'
            && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
        {
            let key = s[..i].trim_end();
            if key.is_empty() {
                return None;
            }
            return Some((key.to_owned(), &s[i + 1..]));
        }
        if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_serde_yaml_position_suffix() {
        assert_eq!(
            trim_location_suffix(
                "did not find expected ',' or ']' at line 4 column 8, while parsing a flow sequence at line 3 column 7"
            ),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(
            trim_location_suffix("unknown thing at line 3 column 1"),
            "unknown thing"
        );
        assert_eq!(trim_location_suffix("no position here"), "no position here");
    }

    #[test]
    fn syntax_error_carries_yaml_relative_position() {
        let err = parse("title: a\ntags: [a, b\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn refuses_deep_flow_nesting_before_serde_yaml_scans_it() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&deep).unwrap_err();
        assert_eq!((err.line, err.column), (2, 4 + MAX_FLOW_DEPTH));
        assert!(err.message.contains("nested"), "{}", err.message);
        let ok = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn syntax_errors_count_lines_by_line_feeds_only() {
        // libyaml sees five lines here (a lone `\r` breaks one); the file has three.
        let err = parse("title: >\n  x\ry: |0\r\rz: [\n").unwrap_err();
        assert!(err.line <= 3, "{err:?}");
        assert_eq!(to_lf_position("a\rb\r\nc\n", 3, 1), (2, 1));
        assert_eq!(to_lf_position("a\rb\r\nc\n", 2, 2), (1, 4));
        assert_eq!(to_lf_position("a\nb\n", 2, 1), (2, 1));
        assert_eq!(to_lf_position("a\u{2028}é", 2, 2), (1, 4));
        assert_eq!(to_lf_position("a", 9, 1), (1, 2));
    }

    #[test]
    fn locates_keys_and_list_items() {
        let text = "title: X\ndate: 2022-01-01\nfigures:\n  - id: a\n    value: 1\n  - id: b\n    value: \"12.335\"\ntags: [a, b]\n";
        let loc = Locator::new(text);
        assert_eq!(loc.locate("title"), (1, 1));
        assert_eq!(loc.locate("figures"), (3, 1));
        assert_eq!(loc.locate("figures[0]"), (4, 3));
        assert_eq!(loc.locate("figures[0].id"), (4, 5));
        assert_eq!(loc.locate("figures[1].value"), (7, 5));
        assert_eq!(loc.locate("tags[1]"), (8, 1));
    }

    #[test]
    fn locates_compact_sequences_and_skips_block_scalars() {
        let text = "summary: |\n  a: b\n  c: d\nfigures:\n- id: a\n  unit: x\n- id: b\n";
        let loc = Locator::new(text);
        assert_eq!(loc.exact("a"), None);
        assert_eq!(loc.locate("figures[1].id"), (7, 3));
        assert_eq!(loc.locate("figures[0].unit"), (6, 3));
    }

    #[test]
    fn parses_numbers_strings_and_dates() {
        let y = parse("a: 12.335\nb: '7,6'\nc: 2022-07-26\nd: 12335\n").unwrap();
        let Yaml::Map(entries) = y else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1, Yaml::Float(12.335));
        assert_eq!(entries[1].1, Yaml::Str("7,6".into()));
        assert_eq!(entries[2].1, Yaml::Str("2022-07-26".into()));
        assert_eq!(entries[3].1, Yaml::Int(12335));
    }
}
