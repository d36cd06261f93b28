//! YAML mistakes editors make, explained at the line where they are: the parser's own
//! words ("mapping values are not allowed in this context") name neither the mistake nor
//! the fix, and often point at a later line (an unclosed quote is reported where the file
//! ends).

use crate::error::{Diagnostic, Location};
use crate::messages::Message;
use crate::msg;
use crate::yaml::SyntaxError;

/// A located explanation of a YAML syntax error (positions within the YAML text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// 1-based line of the mistake.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What the mistake is.
    pub kind: Kind,
}

/// The mistakes recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A NUL character.
    Nul,
    /// Indentation with a tab.
    Tab,
    /// A key written twice in one mapping; `first` is the line of the first.
    DuplicateKey {
        /// The key.
        key: String,
        /// Line (in the YAML text) of its first occurrence.
        first: usize,
    },
    /// A quoted value whose quote is never closed.
    UnclosedQuote {
        /// The key whose value it is.
        key: String,
        /// `"` or `'`.
        quote: char,
    },
    /// An unquoted value containing `: `.
    ColonInValue {
        /// The key whose value it is.
        key: String,
        /// The line with the value quoted.
        fixed: String,
    },
}

impl Kind {
    /// The message and hint, with lines of the YAML text shifted by `offset`.
    fn messages(&self, offset: usize) -> (Message, Message) {
        match self {
            Kind::Nul => (msg!("yaml-nul"), msg!("yaml-nul-hint")),
            Kind::Tab => (msg!("yaml-tab"), msg!("yaml-tab-hint")),
            Kind::DuplicateKey { key, first } => (
                msg!(
                    "yaml-duplicate-key",
                    key = key,
                    first = (first + offset).to_string()
                ),
                msg!("yaml-duplicate-key-hint", key = key),
            ),
            Kind::UnclosedQuote { key, quote } => (
                msg!("yaml-unclosed-quote", key = key, quote = quote.to_string()),
                msg!("yaml-unclosed-quote-hint", quote = quote.to_string()),
            ),
            Kind::ColonInValue { key, fixed } => (
                msg!("yaml-colon-in-value", key = key),
                msg!("yaml-colon-in-value-hint", key = key, fixed = fixed),
            ),
        }
    }
}

impl SyntaxError {
    /// The diagnostic for this error in the file at `path`, whose YAML text starts at
    /// `first_line` (1 for `site.yaml`, 2 for front matter after `---`).
    pub fn diagnostic(&self, path: &str, first_line: usize) -> Diagnostic {
        let at = |line: usize, column| Location::at(path, line + first_line - 1, column);
        match &self.explained {
            Some(e) => {
                let (message, hint) = e.kind.messages(first_line - 1);
                Diagnostic::error(at(e.line, e.column), message).with_hint(hint)
            }
            None => Diagnostic::error(
                at(self.line, self.column),
                msg!("yaml-syntax", detail = self.message.as_str()),
            ),
        }
    }
}

/// Whether a message id is one of a YAML syntax error (the text could not be parsed).
pub fn is_syntax_id(id: &str) -> bool {
    id.starts_with("yaml-") && !id.ends_with("-hint")
}

/// Looks in `text` for the mistake behind the parser's error `parser` at `line` (1-based).
pub fn explain(text: &str, parser: &str, line: usize) -> Option<Explained> {
    let lines: Vec<&str> = text.split('\n').collect();
    nul(&lines)
        .or_else(|| tab(&lines))
        .or_else(|| duplicate_key(&lines, parser))
        .or_else(|| unclosed_quote(&lines, line))
        .or_else(|| colon_in_value(&lines, parser, line))
}

fn nul(lines: &[&str]) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let col = l.chars().position(|c| c == '\0')?;
        Some(Explained {
            line: i + 1,
            column: col + 1,
            kind: Kind::Nul,
        })
    })
}

fn tab(lines: &[&str]) -> Option<Explained> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let col = indent.chars().position(|c| c == '\t')?;
        if l.trim().is_empty() {
            return None;
        }
        Some(Explained {
            line: i + 1,
            column: col + 1,
            kind: Kind::Tab,
        })
    })
}

/// `key: value` split at the first `: ` of a line that is not a comment or list dash.
fn key_value(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let indent = line.len() - rest.len();
    if rest.starts_with('#') || rest.starts_with('"') || rest.starts_with('\'') {
        return None;
    }
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() {
        return None;
    }
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((indent, key.trim_end(), value.trim()))
}

fn duplicate_key(lines: &[&str], parser: &str) -> Option<Explained> {
    let rest = parser.strip_prefix("duplicate entry with key ")?;
    let key = rest.trim().trim_matches('"');
    let mut seen: Vec<(usize, usize)> = Vec::new(); // (indent, line) of each `key:`
    for (i, l) in lines.iter().enumerate() {
        let Some((indent, k, _)) = key_value(l) else {
            continue;
        };
        if k != key {
            continue;
        }
        if let Some(&(_, first)) = seen.iter().find(|(ind, _)| *ind == indent) {
            return Some(Explained {
                line: i + 1,
                column: indent + 1,
                kind: Kind::DuplicateKey {
                    key: key.to_owned(),
                    first,
                },
            });
        }
        seen.push((indent, i + 1));
    }
    None
}

/// The last line at or before the error whose value opens a quote it does not close.
fn unclosed_quote(lines: &[&str], error_line: usize) -> Option<Explained> {
    let upto = error_line.min(lines.len());
    lines[..upto].iter().enumerate().rev().find_map(|(i, l)| {
        let (_, key, value) = key_value(l)?;
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        if closes(&value[1..], quote) {
            return None;
        }
        Some(Explained {
            line: i + 1,
            column: column_of(l, value),
            kind: Kind::UnclosedQuote {
                key: key.to_owned(),
                quote,
            },
        })
    })
}

/// Whether `rest` (after an opening quote) holds the closing one.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

fn colon_in_value(lines: &[&str], parser: &str, line: usize) -> Option<Explained> {
    if !parser.starts_with("mapping values are not allowed") {
        return None;
    }
    let l = lines.get(line.checked_sub(1)?)?;
    let (_, key, value) = key_value(l)?;
    if !value.contains(": ") && !value.ends_with(':') {
        return None;
    }
    let fixed = format!("{key}: \"{}\"", value.replace('"', "\\\""));
    Some(Explained {
        line,
        column: column_of(l, value),
        kind: Kind::ColonInValue {
            key: key.to_owned(),
            fixed,
        },
    })
}

/// The 1-based column (in characters) where `part`, a slice of `line`, starts.
fn column_of(line: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    line.get(..offset)
        .map_or(1, |before| before.chars().count() + 1)
}
