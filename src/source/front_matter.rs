//! Splits a bulletin at its `---` fences, keeping the file lines where each part starts.

/// A bulletin's text split into front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the text given to [`split`].
    pub body_offset: usize,
    /// File line (1-based) of the first body line.
    pub body_line: usize,
}

/// Why a text could not be split; each maps to a located error.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty (or only whitespace).
    Empty,
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line.
    NoClosing,
}

fn is_fence(line: &str) -> bool {
    let l = line.trim_end_matches(['\r', ' ', '\t']);
    l == "---"
}

/// Splits `text` (BOM already removed).
///
/// # Errors
/// [`SplitError`] when the text is empty or the fences are missing.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(text[..first_end].trim_end_matches('\n')) {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = first_end;
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let content = text[pos..end].trim_end_matches('\n');
        if is_fence(content) {
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                body: &text[end..],
                body_offset: end,
                body_line: line + 1,
            });
        }
        pos = end;
        line += 1;
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_line_numbers() {
        let s = split("---\ntitle: A\ndate: 2022-01-01\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\ndate: 2022-01-01\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn handles_crlf_and_missing_body() {
        let s = split("---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "");
        assert_eq!(s.body_line, 4);
        let s = split("---\ntitle: A\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NoClosing));
        assert_eq!(split("---\ntitle: A\n----\n"), Err(SplitError::NoClosing));
    }
}
