//! The offline search index: one compact JSON entry per bulletin, written as
//! `search-index.json` (or, for large sites, a manifest of shards under `search/`).

use crate::render::Sink;
use serde::Serialize;

/// Characters of body text kept per bulletin (keeps the index well under 15% of the HTML).
pub const BODY_CHARS: usize = 700;
/// Entries per shard file (a handful in unit tests, so small sites have shards).
pub const SHARD_SIZE: usize = if cfg!(test) { 7 } else { 2_000 };

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

impl SearchEntry {
    /// The entry as compact JSON: one element of a shard's array (shards are their
    /// entries' JSON joined, so each entry is serialised once, where it is rendered).
    pub fn to_json(&self) -> Entry {
        serde_json::to_string(self).unwrap_or_default().into()
    }
}

/// An entry serialised ([`SearchEntry::to_json`]), shared between the index and serve's
/// caches.
pub type Entry = std::sync::Arc<str>;

/// `[e1,e2,…]`: the JSON array of serialised entries, as `serde_json` writes a slice.
fn json_array(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(2 + entries.iter().map(|e| e.len() + 1).sum::<usize>());
    out.push('[');
    for (k, e) in entries.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push(']');
    out
}

/// The file of shard `n` (from 0): `search/index-{n + 1}.json`.
pub fn shard_name(n: usize) -> String {
    format!("search/index-{}.json", n + 1)
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
    pending: Vec<Entry>,
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

    /// A writer for a site of `total` bulletins whose next shard is shard `first`
    /// (0-based): serve rewrites single shards of an unchanged manifest.
    pub fn starting_at(total: usize, first: usize) -> IndexWriter {
        let mut w = IndexWriter::new(total);
        w.shards = (0..first).map(shard_name).collect();
        w
    }

    /// Adds the next chunk of entries (in site order); returns files written.
    ///
    /// # Errors
    /// The IO error with the file that failed.
    pub fn add(&mut self, entries: Vec<Entry>, sink: &dyn Sink) -> Result<usize, WriteError> {
        if !self.sharded {
            self.pending.extend(entries);
            return Ok(0);
        }
        let rel = shard_name(self.shards.len());
        let json = json_array(&entries);
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
        // `{"v":1,"entries":[…],"shards":[…]}`, the fields in this order.
        let json = format!(
            "{{\"v\":1,\"entries\":{},\"shards\":{}}}",
            json_array(&self.pending),
            serde_json::to_string(&self.shards).unwrap_or_else(|_| "[]".to_owned())
        );
        sink.write("search-index.json", json.as_bytes())
            .map_err(|e| ("search-index.json".to_owned(), e))?;
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(t: &str) -> SearchEntry {
        SearchEntry {
            u: "/a/".into(),
            t: t.into(),
            d: "1/2/2023".into(),
            q: "Quý I/2023".into(),
            g: "Hoàng Mai".into(),
            k: "a, b".into(),
            x: "\"trích\" <b>".into(),
        }
    }

    /// Memory sink for the writer's files.
    struct Files(std::sync::Mutex<Vec<(String, String)>>);

    impl Sink for Files {
        fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
            if let Ok(mut f) = self.0.lock() {
                f.push((rel.to_owned(), String::from_utf8_lossy(bytes).into_owned()));
            }
            Ok(())
        }
    }

    #[test]
    fn joined_entries_are_the_json_serde_writes() {
        let entries = vec![entry("Một"), entry("Hai \u{1}")];
        let files = Files(std::sync::Mutex::new(Vec::new()));
        let mut w = IndexWriter::new(2);
        let joined: Vec<Entry> = entries.iter().map(SearchEntry::to_json).collect();
        assert_eq!(w.add(joined, &files).ok(), Some(0));
        assert_eq!(w.finish(&files).ok(), Some(1));
        // What serde derives for the manifest, fields in declaration order.
        #[derive(Serialize)]
        struct Manifest<'a> {
            v: u32,
            entries: &'a [SearchEntry],
            shards: &'a [String],
        }
        let want = Manifest {
            v: 1,
            entries: &entries,
            shards: &[],
        };
        let got = files.0.into_inner().unwrap_or_default();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "search-index.json");
        assert_eq!(got[0].1, serde_json::to_string(&want).unwrap_or_default());

        let files = Files(std::sync::Mutex::new(Vec::new()));
        let mut w = IndexWriter::new(SHARD_SIZE + 1);
        let one: Vec<Entry> = entries.iter().map(SearchEntry::to_json).collect();
        assert_eq!(w.add(one, &files).ok(), Some(1));
        assert_eq!(w.add(Vec::new(), &files).ok(), Some(1));
        assert_eq!(w.finish(&files).ok(), Some(1));
        let got = files.0.into_inner().unwrap_or_default();
        assert_eq!(got[0].0, "search/index-1.json");
        assert_eq!(
            got[0].1,
            serde_json::to_string(&entries).unwrap_or_default()
        );
        assert_eq!(got[1].1, "[]");
        assert_eq!(
            got[2].1,
            r#"{"v":1,"entries":[],"shards":["search/index-1.json","search/index-2.json"]}"#
        );
    }

    #[test]
    fn entry_text_does_not_repeat_the_summary() {
        assert_eq!(
            entry_text("Một hai.", "Một hai.\n\nBa   bốn."),
            "Một hai. Ba bốn."
        );
        assert_eq!(entry_text("Tóm tắt.", "Khác."), "Tóm tắt. Khác.");
    }
}
