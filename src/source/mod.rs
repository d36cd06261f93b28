//! Finds and reads the bulletins under `content/` (the disk side of parsing).

pub mod front_matter;
pub mod gate;

use crate::error::{Diagnostic, Location};
use gate::{Kind, Refused, SiteRoot};
use std::path::Path;

/// The content folder name.
pub const CONTENT_DIR: &str = "content";

/// A bulletin file found under `content/`.
#[derive(Clone, Debug)]
pub struct SourcePath {
    /// Root-relative, `/`-separated (`content/2022/q1/x.md`).
    pub rel: String,
}

/// Walks `root/content` (through the [`gate`]) for `*.md` files, sorted by path.
/// Symlinks, non-UTF-8 names and unreadable entries become diagnostics (symlinks are
/// never followed nor published); a file named like a bulletin with another spelling
/// of the extension (`.MD`, `.markdown`) is an error, never skipped in silence.
pub fn find_bulletins(root: &SiteRoot) -> (Vec<SourcePath>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let entries = match root.walk(CONTENT_DIR) {
        Ok(entries) => entries,
        Err(Refused::Missing) => {
            diags.push(Diagnostic::error(
                Location::file(CONTENT_DIR),
                "no content/ folder: create it and put bulletins in it (e.g. with `bantin new \"Tiêu đề\"`)",
            ));
            return (found, diags);
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                Location::file(CONTENT_DIR),
                e.to_string(),
            ));
            return (found, diags);
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err((rel, err)) => {
                diags.push(Diagnostic::error(Location::file(rel), err.to_string()));
                continue;
            }
        };
        let rel = entry.rel;
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if name.starts_with('.') || rel.contains("/.") {
            // Hidden files and folders (.git, editor state) are not content.
            continue;
        }
        match entry.kind {
            Kind::Symlink => diags.push(Diagnostic::warning(
                Location::file(rel),
                "symbolic link skipped: bantin never follows links in content/ (copy the file instead)",
            )),
            Kind::File if name.ends_with(".md") => found.push(SourcePath { rel }),
            // Never opened: a FIFO would block the build, a device could be anything.
            Kind::Special(kind) => {
                let bulletin = name.ends_with(".md") || is_other_markdown(name);
                let message = Refused::Special(rel.clone(), kind).to_string();
                diags.push(if bulletin {
                    Diagnostic::error(Location::file(rel), message)
                } else {
                    Diagnostic::warning(Location::file(rel), format!("skipped: {message}"))
                });
            }
            Kind::File if is_other_markdown(name) => {
                let stem = &name[..name.rfind('.').unwrap_or(name.len())];
                diags.push(Diagnostic::error(
                    Location::file(&rel),
                    format!("not built: bulletins are `.md` files (lower case); rename it to `{stem}.md`, or move it out of content/"),
                ));
            }
            _ => {}
        }
    }
    (found, diags)
}

/// Whether `name` ends in a Markdown extension other than `.md` (`.MD`, `.markdown`).
fn is_other_markdown(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && ext != "md"
            && ["md", "markdown", "mdown", "mkd"]
                .iter()
                .any(|m| ext.eq_ignore_ascii_case(m))
    })
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

/// Reads a bulletin as UTF-8 text (through the [`gate`]).
///
/// # Errors
/// A diagnostic naming the file when it cannot be read or is not UTF-8.
pub fn read_text(root: &SiteRoot, source: &SourcePath) -> Result<String, Diagnostic> {
    let bytes = root.read(&source.rel).map_err(|e| {
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
        std::fs::create_dir(dir.path().join("content")).expect("mkdir");
        std::fs::write(dir.path().join("content/a.md"), "---\ntitle: Tô\0\n").expect("write");
        let source = SourcePath {
            rel: "content/a.md".to_owned(),
        };
        let root = SiteRoot::open(dir.path()).expect("open root");
        let err = read_text(&root, &source).expect_err("a NUL byte is an error");
        assert_eq!(err.location, Location::at("content/a.md", 2, 10));
        assert!(err.to_string().contains("NUL"), "{err}");
    }
}
