//! The offline search index: one compact JSON entry per bulletin, written as
//! `search-index.json` (or, for large sites, a manifest of shards under `search/`).

use crate::render::Sink;
use serde::Serialize;

/// Characters of body text kept per bulletin (keeps the index well under 15% of the HTML).
pub const BODY_CHARS: usize = 700;
/// Entries per shard file.
pub const SHARD_SIZE: usize = 5_000;

/// One bulletin in the index. Short keys keep the file small.
#[derive(Clone, Debug, Serialize)]
pub struct SearchEntry {
    /// URL.
    pub u: String,
    /// Title.
    pub t: String,
    /// Date (display).
    pub d: String,
    /// Quarter label.
    pub q: String,
    /// District.
    pub g: String,
    /// Tags, joined by `, `.
    pub k: String,
    /// Summary plus the start of the body, plain text.
    pub x: String,
}

/// The body text kept for a bulletin: summary, then body text, whitespace collapsed, cut
/// at a word boundary near [`BODY_CHARS`]. Reads only as much of the body as it keeps.
pub fn entry_text(summary: &str, body_text: &str) -> String {
    let summary = summary.trim();
    let mut out = String::with_capacity(BODY_CHARS * 2);
    out.push_str(summary);
    let mut chars = summary.chars().count();
    let mut words = body_text.split_whitespace().peekable();
    // Skip the summary when the body starts with it (the default summary is the first paragraph).
    let summary_words: Vec<&str> = summary.split_whitespace().collect();
    if !summary_words.is_empty() {
        let mut probe = body_text.split_whitespace();
        if summary_words.iter().all(|w| probe.next() == Some(*w)) {
            for _ in 0..summary_words.len() {
                words.next();
            }
        }
    }
    for word in words {
        let len = word.chars().count();
        if chars + 1 + len > BODY_CHARS {
            if chars < BODY_CHARS {
                out.push('…');
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += len;
    }
    out
}

/// Writes the index as bulletins are rendered: a single `search-index.json` for sites up
/// to [`SHARD_SIZE`] bulletins, otherwise one shard per chunk plus a manifest.
pub struct IndexWriter {
    sharded: bool,
    pending: Vec<SearchEntry>,
    shards: Vec<String>,
}

type WriteError = (String, std::io::Error);

impl IndexWriter {
    /// A writer for a site of `total` bulletins.
    pub fn new(total: usize) -> IndexWriter {
        IndexWriter {
            sharded: total > SHARD_SIZE,
            pending: Vec::new(),
            shards: Vec::new(),
        }
    }

    /// Adds the next chunk of entries (in site order); returns files written.
    ///
    /// # Errors
    /// The IO error with the file that failed.
    pub fn add(&mut self, entries: Vec<SearchEntry>, sink: &dyn Sink) -> Result<usize, WriteError> {
        if !self.sharded {
            self.pending.extend(entries);
            return Ok(0);
        }
        let rel = format!("search/index-{}.json", self.shards.len() + 1);
        let json = serde_json::to_string(&entries).unwrap_or_default();
        sink.write(&rel, json.as_bytes())
            .map_err(|e| (rel.clone(), e))?;
        self.shards.push(rel);
        Ok(1)
    }

    /// Writes `search-index.json` (the entries, or the list of shards); returns files written.
    ///
    /// # Errors
    /// The IO error with the file that failed.
    pub fn finish(self, sink: &dyn Sink) -> Result<usize, WriteError> {
        let index = Index {
            v: 1,
            entries: &self.pending,
            shards: &self.shards,
        };
        let json = serde_json::to_string(&index).unwrap_or_default();
        sink.write("search-index.json", json.as_bytes())
            .map_err(|e| ("search-index.json".to_owned(), e))?;
        Ok(1)
    }
}

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    entries: &'a [SearchEntry],
    shards: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_text_does_not_repeat_the_summary() {
        assert_eq!(
            entry_text("Một hai.", "Một hai.\n\nBa   bốn."),
            "Một hai. Ba bốn."
        );
        assert_eq!(entry_text("Tóm tắt.", "Khác."), "Tóm tắt. Khác.");
    }
}
