//! Typed reading of YAML mappings (front matter, `site.yaml`) that collects located
//! diagnostics instead of stopping at the first problem.

use crate::error::{Diagnostic, Location};
use crate::messages::Message;
use crate::msg;
use crate::yaml::{Locator, Yaml};

/// Reads values out of one YAML document, reporting problems at file positions.
pub struct FieldReader<'a> {
    path: &'a str,
    /// File line of the YAML text's first line, minus one.
    line_offset: usize,
    locator: &'a Locator,
    /// Everything found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    /// A reader for YAML that starts at file line `first_line` of `path`.
    pub fn new(path: &'a str, first_line: usize, locator: &'a Locator) -> Self {
        FieldReader {
            path,
            line_offset: first_line.saturating_sub(1),
            locator,
            diagnostics: Vec::new(),
        }
    }

    /// The file location of a YAML path.
    pub fn location(&self, yaml_path: &str) -> Location {
        let (line, column) = self.locator.locate(yaml_path);
        Location::at(self.path, line + self.line_offset, column)
    }

    /// Records an error at a YAML path.
    pub fn error(&mut self, yaml_path: &str, message: impl Into<crate::messages::Message>) {
        let loc = self.location(yaml_path);
        self.diagnostics.push(Diagnostic::error(loc, message));
    }

    /// Records a warning at a YAML path.
    pub fn warning(&mut self, yaml_path: &str, message: impl Into<crate::messages::Message>) {
        let loc = self.location(yaml_path);
        self.diagnostics.push(Diagnostic::warning(loc, message));
    }

    /// Reports an unknown key, suggesting the nearest known one.
    pub fn unknown_key(&mut self, yaml_path: &str, key: &str, known: &[&str]) {
        let message = match suggest(key, known) {
            Some(s) => format!("unknown key `{key}` (did you mean `{s}`?)"),
            None => format!("unknown key `{key}`; known keys are: {}", known.join(", ")),
        };
        self.error(yaml_path, message);
    }

    /// A string (numbers are accepted and written out); `None` with an error otherwise.
    pub fn string(&mut self, yaml_path: &str, value: &Yaml) -> Option<String> {
        match value {
            Yaml::Str(s) => match invisible_control(s) {
                None => Some(s.clone()),
                Some((index, c)) => {
                    self.error(
                        yaml_path,
                        format!(
                            "`{}` contains the invisible control character U+{:04X} (character {}): remove it; bidi overrides and control characters can make published text read differently from what was written",
                            leaf(yaml_path),
                            u32::from(c),
                            index + 1
                        ),
                    );
                    None
                }
            },
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            other => {
                self.error(
                    yaml_path,
                    format!("`{}` must be text, found {}", leaf(yaml_path), other.kind()),
                );
                None
            }
        }
    }

    /// A non-empty string after trimming.
    pub fn non_empty_string(&mut self, yaml_path: &str, value: &Yaml) -> Option<String> {
        let s = self.string(yaml_path, value)?;
        let trimmed = s.trim();
        if trimmed.is_empty() {
            self.error(
                yaml_path,
                format!("`{}` must not be empty", leaf(yaml_path)),
            );
            return None;
        }
        Some(trimmed.to_owned())
    }

    /// A boolean.
    pub fn bool(&mut self, yaml_path: &str, value: &Yaml) -> Option<bool> {
        match value {
            Yaml::Bool(b) => Some(*b),
            other => {
                self.error(
                    yaml_path,
                    format!(
                        "`{}` must be true or false, found {}",
                        leaf(yaml_path),
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// A number (YAML int or float).
    pub fn number(&mut self, yaml_path: &str, value: &Yaml) -> Option<f64> {
        let key = leaf(yaml_path);
        let message = match value {
            #[expect(clippy::cast_precision_loss, reason = "figures are far below 2^53")]
            Yaml::Int(i) => return Some(*i as f64),
            Yaml::Float(f) if f.is_finite() => return Some(*f),
            Yaml::Float(f) => {
                let found = if f.is_nan() {
                    ".nan"
                } else if *f > 0.0 {
                    ".inf"
                } else {
                    "-.inf"
                };
                msg!("number-not-finite", key = key, found = found)
            }
            Yaml::Str(s) => {
                let d = Diagnostic::error(
                    self.location(yaml_path),
                    msg!("number-found-text", key = key, found = s.as_str()),
                )
                .with_hint(number_hint(key, s));
                self.diagnostics.push(d);
                return None;
            }
            other => msg!("number-found-other", key = key, found = kind_id(other)),
        };
        self.error(yaml_path, message);
        None
    }

    /// A list of strings; a single string is accepted as a one-item list.
    pub fn string_list(&mut self, yaml_path: &str, value: &Yaml) -> Vec<String> {
        match value {
            Yaml::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.non_empty_string(&format!("{yaml_path}[{i}]"), item))
                .collect(),
            Yaml::Null => Vec::new(),
            Yaml::Str(s) => vec![s.clone()],
            other => {
                self.error(
                    yaml_path,
                    format!(
                        "`{}` must be a list, found {}",
                        leaf(yaml_path),
                        other.kind()
                    ),
                );
                Vec::new()
            }
        }
    }
}

/// The last segment of a YAML path, for messages (`figures[0].value` → `value`).
fn leaf(yaml_path: &str) -> &str {
    yaml_path.rsplit('.').next().unwrap_or(yaml_path)
}

/// A hint for numbers written as text: Vietnamese-style `12.335` or `7,6`, `33%`, `1_000`,
/// `1e309`.
fn number_hint(key: &str, s: &str) -> Message {
    let t = s.trim();
    let digits_and = |extra: char| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == extra || c == '-')
            && t.chars().any(|c| c.is_ascii_digit())
    };
    if let Some(n) = t.strip_suffix('%').map(str::trim_end)
        && (n.parse::<f64>().is_ok() || digits_and_comma(n))
    {
        return msg!(
            "number-hint-percent",
            key = key,
            plain = n.replace(',', ".")
        );
    }
    if digits_and('.') && t.contains('.') {
        let plain: String = t.chars().filter(|c| *c != '.').collect();
        msg!("number-hint-thousands", plain = plain)
    } else if digits_and(',') && t.contains(',') {
        msg!("number-hint-comma", plain = t.replace(',', "."))
    } else if digits_and('_') && t.contains('_') {
        msg!("number-hint-underscore", plain = t.replace('_', ""))
    } else if t.parse::<f64>().is_ok_and(f64::is_infinite) {
        msg!("number-hint-too-large")
    } else {
        msg!("number-hint-quotes")
    }
}

/// The kind of a YAML value, as a selector for messages (`number-found-other`).
fn kind_id(value: &Yaml) -> &'static str {
    match value {
        Yaml::Null => "null",
        Yaml::Bool(_) => "bool",
        Yaml::Int(_) | Yaml::Float(_) => "number",
        Yaml::Str(_) => "string",
        Yaml::Seq(_) => "list",
        Yaml::Map(_) => "map",
    }
}

fn digits_and_comma(n: &str) -> bool {
    n.contains(',')
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '-')
}

/// The first character of `s` (index, char) that no published text should carry: C0 and C1
/// controls other than tab and line breaks, and the bidi embedding, override and isolate
/// controls (U+202A–U+202E, U+2066–U+2069), which can reorder how a title reads.
pub fn invisible_control(s: &str) -> Option<(usize, char)> {
    s.chars().enumerate().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// The known key closest to `key` (edit distance at most 2, or a case-insensitive match).
pub fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = key.to_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, k), *k))
        .filter(|(d, k)| *d <= 2.min(k.len().saturating_sub(1)).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_control_and_bidi_characters_in_text() {
        assert_eq!(invisible_control("Quận Nam Từ Liêm\tkinh tế\n"), None);
        assert_eq!(invisible_control("ab\u{202E}c"), Some((2, '\u{202E}')));
        assert_eq!(invisible_control("\u{7}"), Some((0, '\u{7}')));
        assert_eq!(invisible_control("x\u{85}"), Some((1, '\u{85}')));
        assert_eq!(invisible_control("\u{2068}"), Some((0, '\u{2068}')));
        let locator = Locator::new("title: x\n");
        let mut r = FieldReader::new("content/a.md", 2, &locator);
        assert_eq!(r.string("title", &Yaml::Str("a\u{202E}b".into())), None);
        assert_eq!(
            r.diagnostics[0].location,
            Location::at("content/a.md", 2, 1)
        );
        assert!(
            r.diagnostics[0]
                .to_string()
                .contains("U+202E (character 2)")
        );
    }

    #[test]
    fn suggests_nearest_key() {
        let known = ["title", "date", "tags", "figures"];
        assert_eq!(suggest("tgas", &known), Some("tags"));
        assert_eq!(suggest("tilte", &known), Some("title"));
        assert_eq!(suggest("Title", &known), Some("title"));
        assert_eq!(suggest("zzzzzz", &known), None);
    }

    #[test]
    fn hints_vietnamese_numbers() {
        assert!(
            number_hint("value", "12.335")
                .to_string()
                .contains("write 12335")
        );
        assert!(
            number_hint("value", "7,6")
                .to_string()
                .contains("write 7.6")
        );
    }
}
