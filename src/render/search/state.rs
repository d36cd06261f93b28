//! serve: the search index kept between builds and updated in place, so that an edit to
//! a few bulletins re-encodes only the buckets whose terms they gained or lost (and their
//! result chunks) instead of the whole index.

use super::index::{Inverted, layout};
use super::{Entry, WriteError, chunk_json};
use crate::render::Sink;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// The index as the last build wrote it; `None` before the first build.
pub type Shared = Mutex<Option<State>>;

/// Which files a build writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// Every file (a whole build, whose output starts empty).
    All,
    /// Files that differ from the earlier build's (a patch over the served site).
    Changed,
}

/// The index of one build, with its files.
pub struct State {
    total: usize,
    entries: Vec<Entry>,
    inverted: Inverted,
    files: HashMap<String, Arc<[u8]>>,
    /// Files changed by builds since the last whole one: a patch writes them again, as
    /// a failed patch's files never reached the served site.
    unconfirmed: HashSet<String>,
}

impl State {
    /// The index of `entries` (site order) built from scratch.
    fn new(entries: Vec<Entry>) -> State {
        let total = entries.len();
        let chunk = layout(total).chunk;
        let mut inverted = Inverted::default();
        let mut files = HashMap::new();
        for (k, group) in entries.chunks(chunk).enumerate() {
            files.insert(
                format!("search/d/{k}.json"),
                chunk_json(group).into_bytes().into(),
            );
        }
        for (id, e) in entries.iter().enumerate() {
            inverted.add(id as u32, lines(e));
        }
        for (rel, bytes) in inverted.bucket_files(total, None) {
            files.insert(rel, bytes.into());
        }
        State {
            total,
            entries,
            inverted,
            files,
            unconfirmed: HashSet::new(),
        }
    }

    /// Moves the index to `entries` (as many as before): returns the files that changed.
    fn update(&mut self, entries: Vec<Entry>) -> HashSet<String> {
        let l = layout(self.total);
        let mut buckets = HashSet::new();
        let mut chunks = HashSet::new();
        for (id, (old, new)) in self.entries.iter().zip(&entries).enumerate() {
            if Arc::ptr_eq(old, new) || old == new {
                continue;
            }
            chunks.insert(id / l.chunk);
            let before: HashSet<&str> = lines(old).lines().collect();
            let after: HashSet<&str> = lines(new).lines().collect();
            for line in before.difference(&after) {
                buckets.extend(self.inverted.apply(id as u32, line, false, &l));
            }
            for line in after.difference(&before) {
                buckets.extend(self.inverted.apply(id as u32, line, true, &l));
            }
        }
        self.entries = entries;
        let mut changed = HashSet::new();
        for k in chunks {
            let group = &self.entries[k * l.chunk..((k + 1) * l.chunk).min(self.total)];
            let rel = format!("search/d/{k}.json");
            self.files
                .insert(rel.clone(), chunk_json(group).into_bytes().into());
            changed.insert(rel);
        }
        let files = self.inverted.bucket_files(self.total, Some(&buckets));
        for (rel, bytes) in files {
            changed.insert(rel.clone());
            self.files.insert(rel, bytes.into());
        }
        changed
    }
}

fn lines(e: &Entry) -> &str {
    e.split_once('\n').map_or("", |(_, l)| l)
}

/// Writes the index of `entries` (every bulletin of the site, in order) through `shared`:
/// updated in place when the earlier build had as many bulletins, else built again.
/// Returns files written.
///
/// # Errors
/// The IO error with the file that failed.
pub(crate) fn write(
    shared: &Shared,
    entries: Vec<Entry>,
    mode: Write,
    sink: &dyn Sink,
) -> Result<usize, WriteError> {
    let mut guard = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (state, changed) = match guard.take() {
        Some(mut s) if s.total == entries.len() => {
            let changed = s.update(entries);
            (s, Some(changed))
        }
        _ => (State::new(entries), None),
    };
    let state = guard.insert(state);
    let names: Vec<String> = match (mode, changed) {
        (Write::Changed, Some(changed)) => {
            state.unconfirmed.extend(changed);
            state.unconfirmed.iter().cloned().collect()
        }
        _ => {
            state.unconfirmed.clear();
            state.files.keys().cloned().collect()
        }
    };
    let mut written = 0;
    for rel in names {
        if let Some(bytes) = state.files.get(&rel) {
            sink.write(&rel, bytes).map_err(|e| (rel.clone(), e))?;
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::SearchEntry;

    fn entry(title: &str, body: &str) -> Entry {
        SearchEntry {
            u: format!("/{title}/"),
            t: title.into(),
            d: String::new(),
            q: String::new(),
            g: "Hoàng Mai".into(),
            k: String::new(),
            x: String::new(),
        }
        .into_entry("", body)
    }

    /// The files of `state`, sorted.
    fn files(state: &State) -> Vec<(String, Vec<u8>)> {
        let mut f: Vec<_> = state
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect();
        f.sort();
        f
    }

    #[test]
    fn an_update_in_place_gives_the_files_of_a_fresh_index() {
        let before: Vec<Entry> = (0..40)
            .map(|k| {
                entry(
                    &format!("Bản tin {k}"),
                    &format!("Đảng bộ quý I năm {}", 2000 + k),
                )
            })
            .collect();
        let mut after = before.clone();
        after[3] = entry("Bản tin 3", "Đăng ký kinh doanh tăng 12.335 hộ");
        after[39] = entry("Tin mới", "Giá trị sản xuất");
        let mut state = State::new(before);
        let changed = state.update(after.clone());
        let fresh = State::new(after);
        assert_eq!(files(&state), files(&fresh));
        // Only the chunks of the two bulletins and the buckets of their terms.
        assert!(changed.contains("search/d/0.json") && changed.contains("search/d/4.json"));
        assert!(!changed.contains("search/d/1.json"));

        let shared: Shared = Mutex::new(None);
        struct Count(Mutex<usize>);
        impl Sink for Count {
            fn write(&self, _rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
                *self
                    .0
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
                Ok(())
            }
        }
        let all = (0..3)
            .map(|k| entry(&format!("{k}"), "a"))
            .collect::<Vec<_>>();
        let sink = Count(Mutex::new(0));
        let n = write(&shared, all.clone(), Write::Changed, &sink).ok();
        assert_eq!(n, Some(4), "first build: every file");
        let mut edited = all.clone();
        edited[1] = entry("1", "b");
        let n1 = write(&shared, edited, Write::Changed, &sink).ok();
        let n2 = write(&shared, all, Write::Changed, &sink).ok();
        assert_eq!(n1, Some(2), "the chunk and the syllable bucket");
        assert_eq!(n2, Some(2), "the same two: changed again, and unconfirmed");
    }
}
