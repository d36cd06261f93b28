//! The offline full-text search index, written while bulletins are rendered.
//!
//! Each bulletin's page gives an [`Entry`]: its result card (URL, title, date, quarter,
//! district, a snippet) and the terms of its title, summary, body, tags and district
//! ([`terms`]). [`IndexWriter`] numbers bulletins in site order, writes their cards in
//! chunks (`search/d/<k>.json`, [`Layout::chunk`] cards each) and gathers postings, then
//! writes the index in buckets by term ([`index`]): a query fetches the buckets of its
//! syllables and pairs (and of its accented spellings when typed with marks), then the
//! chunks of the results it shows.

pub mod index;
pub mod state;
pub mod terms;

use crate::render::Sink;
pub use index::{Layout, fnv1a, layout, syllable_bucket, term_bucket};
use serde::Serialize;
pub use state::{Shared, Write};
pub use terms::syllables;
use terms::{DocTerms, Field};

/// Characters of summary and body text kept per bulletin for its result snippet.
pub const BODY_CHARS: usize = 240;
/// Bulletins rendered before their entries go to the index (bounds memory on big sites).
pub const SHARD_SIZE: usize = if cfg!(test) { 7 } else { 2_000 };

/// One bulletin's result card. Short keys keep the chunks small.
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
    /// Tags, joined by `, ` (indexed, not shown).
    #[serde(skip)]
    pub k: String,
    /// Summary plus the start of the body, plain text ([`entry_text`]).
    pub x: String,
}

impl SearchEntry {
    /// The bulletin's entry: its card as compact JSON on the first line, then the terms
    /// of its title, `summary`, `body_text`, tags and district, one per line.
    pub fn into_entry(self, summary: &str, body_text: &str) -> Entry {
        let mut terms = DocTerms::default();
        terms.add(&self.t, Field::Title);
        for text in [summary, body_text, &self.k, &self.g] {
            terms.add(text, Field::Other);
        }
        let mut out = serde_json::to_string(&self).unwrap_or_default();
        terms.write_lines(&mut out);
        out.into()
    }
}

/// A bulletin's entry ([`SearchEntry::into_entry`]), shared between the index and serve's
/// caches.
pub type Entry = std::sync::Arc<str>;

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

/// `[card,…]`: the result chunk of `entries` (their first lines).
fn chunk_json(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(entries.len() * 400);
    out.push('[');
    for (k, e) in entries.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(e.split_once('\n').map_or(e, |(card, _)| card));
    }
    out.push(']');
    out
}

/// Writes the index as bulletins are rendered: result chunks as their bulletins come
/// in, the buckets at the end. With serve's [`Shared`] index, entries are gathered and
/// the kept index is updated at the end instead.
pub struct IndexWriter<'a> {
    total: usize,
    next: u32,
    pending: Vec<Entry>,
    inverted: index::Inverted,
    kept: Option<(&'a Shared, Write, Vec<Entry>)>,
}

type WriteError = (String, std::io::Error);

impl IndexWriter<'static> {
    /// A writer for a site of `total` bulletins.
    pub fn new(total: usize) -> IndexWriter<'static> {
        IndexWriter {
            total,
            next: 0,
            pending: Vec::new(),
            inverted: index::Inverted::default(),
            kept: None,
        }
    }
}

impl<'a> IndexWriter<'a> {
    /// serve: a writer that updates the index `shared` kept from the earlier build and
    /// writes the files `mode` says.
    pub fn with_state(total: usize, shared: &'a Shared, mode: Write) -> IndexWriter<'a> {
        IndexWriter {
            kept: Some((shared, mode, Vec::with_capacity(total))),
            ..IndexWriter::new(total)
        }
    }

    /// Adds the next entries (in site order); returns files written.
    ///
    /// # Errors
    /// The IO error with the file that failed.
    pub fn add(&mut self, entries: Vec<Entry>, sink: &dyn Sink) -> Result<usize, WriteError> {
        if let Some((_, _, all)) = &mut self.kept {
            all.extend(entries);
            return Ok(0);
        }
        let chunk = layout(self.total).chunk;
        let mut files = 0;
        for e in entries {
            let (_, lines) = e.split_once('\n').unwrap_or((&e, ""));
            self.inverted.add(self.next, lines);
            self.next += 1;
            self.pending.push(e);
            if self.pending.len() == chunk {
                files += self.write_chunk(sink)?;
            }
        }
        Ok(files)
    }

    /// Writes the entries gathered so far as the chunk of the bulletins before `next`.
    fn write_chunk(&mut self, sink: &dyn Sink) -> Result<usize, WriteError> {
        if self.pending.is_empty() {
            return Ok(0);
        }
        let chunk = layout(self.total).chunk;
        let k = (self.next as usize - 1) / chunk;
        let rel = format!("search/d/{k}.json");
        let json = chunk_json(&self.pending);
        self.pending.clear();
        sink.write(&rel, json.as_bytes()).map_err(|e| (rel, e))?;
        Ok(1)
    }

    /// Writes the last chunk and every bucket; returns files written.
    ///
    /// # Errors
    /// The IO error with the file that failed.
    pub fn finish(mut self, sink: &dyn Sink) -> Result<usize, WriteError> {
        if let Some((shared, mode, all)) = self.kept.take() {
            return state::write(shared, all, mode, sink);
        }
        let mut files = self.write_chunk(sink)?;
        for (rel, bytes) in self.inverted.bucket_files(self.total, None) {
            sink.write(&rel, &bytes).map_err(|e| (rel, e))?;
            files += 1;
        }
        Ok(files)
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
    fn cards_go_in_chunks_and_terms_in_buckets() {
        let files = Files(std::sync::Mutex::new(Vec::new()));
        let mut w = IndexWriter::new(9);
        let entries: Vec<Entry> = (0..9)
            .map(|k| entry(&format!("Bản tin {k}")).into_entry("Tóm tắt.", "Nội dung."))
            .collect();
        assert_eq!(w.add(entries[..5].to_vec(), &files).ok(), Some(0));
        assert_eq!(w.add(entries[5..].to_vec(), &files).ok(), Some(1));
        assert_eq!(w.finish(&files).ok(), Some(4));
        let got = files.0.into_inner().unwrap_or_default();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "search/d/0.json",
                "search/d/1.json",
                "search/s/0.bin",
                "search/p/0.bin",
                "search/v/0.bin"
            ]
        );
        // The card is the JSON serde writes, tags left out.
        let card: serde_json::Value = serde_json::from_str(&got[1].1).unwrap_or_default();
        assert_eq!(
            card,
            serde_json::json!([{"u": "/a/", "t": "Bản tin 8", "d": "1/2/2023",
                "q": "Quý I/2023", "g": "Hoàng Mai", "x": "\"trích\" <b>"}])
        );
        // Syllables from every field; the title's marked.
        let lines = entries[0].split_once('\n').map_or("", |(_, l)| l);
        for line in [
            "s1ban",
            "s10",
            "s0tom",
            "s0noi",
            "s0hoang",
            "s0a",
            "p1ban tin",
            "vban\tbản",
        ] {
            assert!(lines.lines().any(|l| l == line), "{line} in {lines}");
        }
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
