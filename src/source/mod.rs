//! Finds and reads the bulletins under `content/` (the disk side of parsing).

pub mod front_matter;

use crate::error::{Diagnostic, Location};
use std::path::{Path, PathBuf};

/// The content folder name.
pub const CONTENT_DIR: &str = "content";

/// A bulletin file found under `content/`.
#[derive(Clone, Debug)]
pub struct SourcePath {
    /// Root-relative, `/`-separated (`content/2022/q1/x.md`).
    pub rel: String,
    /// Full path on disk.
    pub full: PathBuf,
}

/// Walks `root/content` for `*.md` files, sorted by path. Symlinks, non-UTF-8 names and
/// unreadable entries become diagnostics (symlinks are never followed nor published).
pub fn find_bulletins(root: &Path) -> (Vec<SourcePath>, Vec<Diagnostic>) {
    let content = root.join(CONTENT_DIR);
    let mut found = Vec::new();
    let mut diags = Vec::new();
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            Location::file(CONTENT_DIR),
            "no content/ folder: create it and put bulletins in it (e.g. with `bantin new \"Tiêu đề\"`)",
        ));
        return (found, diags);
    }
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map_or_else(|| CONTENT_DIR.to_owned(), |p| rel_path(root, p));
                diags.push(Diagnostic::error(
                    Location::file(rel),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let rel = rel_path(root, path);
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            if entry.file_type().is_dir() {
                // Hidden folders (.git, editor state) are not content.
            }
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(
                Location::file(rel),
                "symbolic link skipped: bantin never follows links in content/ (copy the file instead)",
            ));
            continue;
        }
        if entry.file_name().to_str().is_none() {
            diags.push(Diagnostic::error(
                Location::file(rel),
                "file name is not valid UTF-8: rename it",
            ));
            continue;
        }
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "md") {
            found.push(SourcePath {
                rel,
                full: path.to_path_buf(),
            });
        }
    }
    (found, diags)
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Reads a bulletin as UTF-8 text.
///
/// # Errors
/// A diagnostic naming the file when it cannot be read or is not UTF-8.
pub fn read_text(source: &SourcePath) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(&source.full).map_err(|e| {
        Diagnostic::error(
            Location::file(&source.rel),
            format!("cannot read the file: {e}"),
        )
    })?;
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = byte_position(&bytes, nul);
        return Err(Diagnostic::error(
            Location::at(&source.rel, line, column),
            "the file contains a NUL character: it is not plain text (perhaps saved as UTF-16); save it as UTF-8 in your editor",
        ));
    }
    // Fast path: validate with SIMD, then copy (a copy is cheaper than a second validation).
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes[..valid].iter().filter(|b| **b == b'\n').count();
        let line_start = bytes[..valid]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = 1 + String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count();
        Diagnostic::error(
            Location::at(&source.rel, line, column),
            "the file is not valid UTF-8: save it as UTF-8 (Unicode) in your editor",
        )
    })
}

/// 1-based (line, column in characters) of byte `offset` of `bytes`.
fn byte_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_are_a_located_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let full = dir.path().join("a.md");
        std::fs::write(&full, "---\ntitle: Tô\0\n").expect("write");
        let source = SourcePath {
            rel: "content/a.md".to_owned(),
            full,
        };
        let err = read_text(&source).expect_err("a NUL byte is an error");
        assert_eq!(err.location, Location::at("content/a.md", 2, 10));
        assert!(err.message.contains("NUL"), "{}", err.message);
    }
}
