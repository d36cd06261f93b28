//! Output paths that would collide. The render goes through a [`PlanSink`], which notes
//! every path the build writes (in `check` as in `build`: the set of outputs is the
//! build's own, not a list kept by hand); then [`PlanSink::collisions`] finds the aliases
//! that land on a file bantin writes, on a kept file, or on a folder where bantin writes a
//! file (and the other way round), each an error at the alias's line.
//!
//! Two bulletins with one slug, and an alias on a bulletin's page or claimed twice, are
//! found earlier by the site's index (`site.rs`); a linked file never takes the page's
//! name (`markdown.rs`).

use super::MARKER;
use super::swap::kept_names;
use crate::error::Diagnostic;
use crate::render::Sink;
use crate::site::Site;
use crate::source::gate::SiteFile;
use crate::urls::Urls;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// A sink that notes every path written, then passes the write on.
pub(crate) struct PlanSink<'a> {
    inner: &'a dyn Sink,
    written: Mutex<Vec<String>>,
}

impl<'a> PlanSink<'a> {
    /// Notes the paths written through it into `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> PlanSink<'a> {
        PlanSink {
            inner,
            written: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, rel: &str) {
        if let Ok(mut w) = self.written.lock() {
            w.push(rel.to_owned());
        }
    }

    /// Errors for the aliases of `site` whose redirect page collides with another output
    /// or with `.git`, the marker or a `keep` entry.
    pub(crate) fn collisions(self, site: &Site, keep: &[String]) -> Vec<Diagnostic> {
        let written = self.written.into_inner().unwrap_or_default();
        collisions(site, keep, &written)
    }
}

impl Sink for PlanSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.note(rel);
        self.inner.write(rel, bytes)
    }

    fn copy_file(&self, rel: &str, from: SiteFile) -> std::io::Result<()> {
        self.note(rel);
        self.inner.copy_file(rel, from)
    }

    fn write_streamed(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.note(rel);
        self.inner.write_streamed(rel, produce)
    }
}

fn collisions(site: &Site, keep: &[String], written: &[String]) -> Vec<Diagnostic> {
    // How many writers each path has, and how many of them are bulletins' own pages and
    // redirect pages (the rest are bantin's files: lists, feeds, data, static files …).
    let mut writers: HashMap<&str, usize> = HashMap::new();
    for rel in written {
        *writers.entry(rel.as_str()).or_default() += 1;
    }
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for b in &site.bulletins {
        *claimed
            .entry(Urls::bulletin(&b.slug).output_file())
            .or_default() += 1;
        for a in &b.aliases {
            *claimed.entry(Urls::alias(a).output_file()).or_default() += 1;
        }
    }
    let files: HashSet<&str> = writers.keys().copied().collect();
    let kept: Vec<String> = kept_names(keep)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .chain(std::iter::once(MARKER.to_owned()))
        .collect();
    let mut diags = Vec::new();
    for b in &site.bulletins {
        for (a, at) in b.aliases.iter().zip(&b.alias_locations) {
            let file = Urls::alias(a).output_file();
            let problem = if let Some(k) = kept.iter().find(|k| overlaps(k, &file)) {
                Some(format!(
                    "lands on {k}, which the output folder keeps (`.git`, the marker and `keep:` in site.yaml)"
                ))
            } else if writers.get(file.as_str()).copied().unwrap_or(0)
                > claimed.get(&file).copied().unwrap_or(0)
            {
                Some(format!("lands on {file}, a page bantin writes itself"))
            } else {
                ancestors(&file)
                    .find(|f| files.contains(f))
                    .map(|f| format!("needs a folder {f}/, where bantin writes the file {f}"))
            };
            if let Some(problem) = problem {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!("alias `/{a}/` {problem}: choose another old path"),
                ));
            }
        }
    }
    diags
}

/// Whether `k` and `file` are one path, or one is a folder holding the other.
fn overlaps(k: &str, file: &str) -> bool {
    k == file
        || file
            .strip_prefix(k)
            .is_some_and(|rest| rest.starts_with('/'))
        || k.strip_prefix(file)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The folders above `rel` (`a/b/c` → `a/b`, `a`).
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(|(i, _)| &rel[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_overlap_when_equal_or_nested() {
        assert!(overlaps("CNAME", "CNAME/index.html"));
        assert!(overlaps("tin/CNAME", "tin/CNAME"));
        assert!(overlaps("a/b/index.html", "a/b"));
        assert!(!overlaps("CNAME", "CNAMES/index.html"));
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
    }
}
