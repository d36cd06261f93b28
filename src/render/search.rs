//! The offline search index: one compact JSON entry per bulletin, written as
//! `search-index.json` (or, for large sites, a manifest of shards under `search/`).

use crate::markdown::truncate_words;
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

/// The body text kept for a bulletin: summary, then body text, whitespace collapsed.
pub fn entry_text(summary: &str, body_text: &str) -> String {
    let body: String = body_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = body
        .strip_prefix(summary.trim())
        .unwrap_or(&body)
        .trim()
        .to_owned();
    let joined = if body.is_empty() {
        summary.to_owned()
    } else {
        format!("{} {body}", summary.trim())
    };
    truncate_words(&joined, BODY_CHARS)
}

/// Writes the index; returns the number of files written.
///
/// # Errors
/// The IO error with the file that failed.
pub fn write_index(
    entries: &[SearchEntry],
    sink: &dyn Sink,
) -> Result<usize, (String, std::io::Error)> {
    let write = |rel: &str, json: String| {
        sink.write(rel, json.as_bytes())
            .map_err(|e| (rel.to_owned(), e))
    };
    if entries.len() <= SHARD_SIZE {
        write(
            "search-index.json",
            serde_json::to_string(&Index {
                v: 1,
                entries,
                shards: &[],
            })
            .unwrap_or_default(),
        )?;
        return Ok(1);
    }
    let mut shards = Vec::new();
    for (n, chunk) in entries.chunks(SHARD_SIZE).enumerate() {
        let rel = format!("search/index-{}.json", n + 1);
        write(&rel, serde_json::to_string(chunk).unwrap_or_default())?;
        shards.push(rel);
    }
    write(
        "search-index.json",
        serde_json::to_string(&Index {
            v: 1,
            entries: &[],
            shards: &shards,
        })
        .unwrap_or_default(),
    )?;
    Ok(shards.len() + 1)
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
