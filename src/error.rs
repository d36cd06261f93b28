//! Diagnostics (located problems in content, config or theme) and the crate's `Error`.

use crate::messages::{Catalog, Message};
use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the command.
    Error,
    /// Reported, does not fail `build` (fails `check --strict`).
    Warning,
}

/// Where a diagnostic points: a path relative to the site root (with `/`), and an
/// optional 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// 1-based line, counted from the first line of the file.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A location at a line and column of a file.
    pub fn at(path: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// A problem in the user's content, config or theme, with its location.
///
/// The message is a [`Message`] value (built with [`msg!`](crate::msg)), turned into text
/// in the chosen language only when printed ([`Diagnostic::render`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: Message,
    /// How to fix it, when that is not part of the message.
    pub hint: Option<Box<Message>>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint saying how to fix it.
    #[must_use]
    pub fn with_hint(mut self, hint: Message) -> Self {
        self.hint = Some(Box::new(hint));
        self
    }

    /// The message (and hint, in parentheses) in the catalog's language, without location.
    pub fn text(&self, catalog: &Catalog) -> String {
        let mut out = catalog.render(&self.message);
        if let Some(hint) = &self.hint {
            out.push_str(" (");
            out.push_str(&catalog.render(hint));
            out.push(')');
        }
        out
    }

    /// The whole line: `content/a.md:4:7: lỗi: ...` (`error:` in English).
    pub fn render(&self, catalog: &Catalog) -> String {
        format!(
            "{}: {}: {}",
            self.location,
            catalog.render(&self.severity.word()),
            self.text(catalog)
        )
    }

    /// Whether this diagnostic fails the command.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Orders diagnostics by path, line, column, then message, for stable reports.
    pub fn sort(diags: &mut [Diagnostic]) {
        diags.sort_by(|a, b| {
            (
                &a.location.path,
                a.location.line,
                a.location.column,
                &a.message,
            )
                .cmp(&(
                    &b.location.path,
                    b.location.line,
                    b.location.column,
                    &b.message,
                ))
        });
    }
}

/// English, for logs, debugging and library users; the binary prints
/// [`Diagnostic::render`] in the chosen language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&Catalog::new(crate::lang::Language::En)))
    }
}

impl Severity {
    /// The word printed after the location (`lỗi` / `error`).
    pub fn word(self) -> Message {
        match self {
            Severity::Error => crate::msg!("severity-error"),
            Severity::Warning => crate::msg!("severity-warning"),
        }
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has errors; every diagnostic found (errors and warnings) is attached.
    #[error("{} error(s) in the site", count_errors(.0))]
    Invalid(Vec<Diagnostic>),
    /// A file-system operation failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The command was used wrongly (bad option, refused output folder); exit code 2.
    #[error("{0}")]
    Usage(String),
    /// Another build holds the output's lock and `--no-wait` was given; exit code 3.
    #[error("{0}")]
    Busy(String),
    /// Anything else that stops a command at run time (server bind, watcher).
    #[error("{0}")]
    Runtime(String),
}

fn count_errors(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

impl Error {
    /// Wraps an IO error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias for the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    use crate::lang::Language;

    #[test]
    fn renders_path_line_column_in_each_language() {
        let vi = Catalog::new(Language::Vi);
        let en = Catalog::new(Language::En);
        let d = Diagnostic::error(Location::at("content/a.md", 4, 7), "bad");
        assert_eq!(d.render(&vi), "content/a.md:4:7: lỗi: bad");
        assert_eq!(d.render(&en), "content/a.md:4:7: error: bad");
        let d = Diagnostic::warning(Location::file("site.yaml"), "meh")
            .with_hint(crate::msg!("serve-stopped"));
        assert_eq!(d.render(&vi), "site.yaml: cảnh báo: meh (đã dừng)");
        assert_eq!(d.render(&en), "site.yaml: warning: meh (stopped)");
    }
}
