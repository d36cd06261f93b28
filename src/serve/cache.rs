//! Memoisation for `serve`, and the in-memory sink the served site is rendered into.
//!
//! A full rebuild runs the whole pipeline from the sources; these caches only let it skip
//! work whose inputs are provably unchanged (a [`super::patch`] uses them too):
//! - parsed bulletins, keyed by path + a hash of the file's bytes and of the site config
//!   (see [`crate::pipeline::ParseMemo`]);
//! - rendered Markdown bodies, keyed by a hash of everything the Markdown renderer reads,
//!   and reused only when every link lookup it made still gives the same answer;
//! - rendered pages, keyed by a hash of the page's complete template context plus the
//!   theme fingerprint (see [`crate::render::Memo`]): a page whose key is unchanged gets
//!   the previous build's bytes (shared, not copied);
//! - copied files (images, static files), reused while their size, mtime, inode and
//!   change time are unchanged (`FileIdentity`).
//!
//! Each full build fills a fresh generation from the entries it used; the previous
//! generation is dropped when the build succeeds, so the caches never grow past one site.
//! A patch updates the generation in place ([`Generation::absorb`]).

use crate::error::Diagnostic;
use crate::figures::FigureSet;
use crate::model::bulletin::Bulletin;
use crate::pipeline::{FileStamp, IndexMemo, ParseMemo};
use crate::render::memo::BulletinMemo;
use crate::render::{MarkdownMemo, Memo, Sink};
use crate::serve::server::SiteFiles;
use crate::source::gate::SiteFile;
use axum::body::Bytes;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// One parsed bulletin (or its diagnostics), as the pipeline produced it.
type Parsed = Arc<(Option<Bulletin>, Vec<Diagnostic>)>;

/// A copied file and the stamp that says it is still current.
#[derive(Clone, Debug)]
struct CopyStamp {
    identity: FileIdentity,
    bytes: Bytes,
}

/// What tells a file's bytes changed without reading them: size and mtime, and on Unix
/// the inode and the change time too. `cp -p` or an editor can set the mtime back, and a
/// same-size replacement keeps the length; the ctime is set by the kernel on every write
/// and no tool can set it, and a file renamed into place has a new inode.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileIdentity {
    len: u64,
    modified: Option<SystemTime>,
    /// (device, inode, ctime seconds, ctime nanoseconds) on Unix.
    unix: Option<(u64, u64, i64, i64)>,
}

impl FileIdentity {
    fn of(meta: &std::fs::Metadata) -> FileIdentity {
        #[cfg(unix)]
        let unix = {
            use std::os::unix::fs::MetadataExt as _;
            Some((meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let unix = None;
        FileIdentity {
            len: meta.len(),
            modified: meta.modified().ok(),
            unix,
        }
    }

    /// Whether a file with this identity can be trusted to hold the bytes of `other`'s.
    fn same_as(&self, other: &FileIdentity) -> bool {
        self == other && self.modified.is_some()
    }
}

/// What one successful build leaves for the next.
#[derive(Default)]
pub struct Generation {
    parsed: HashMap<String, (u64, Parsed)>,
    stamps: HashMap<String, (FileStamp, u64)>,
    markdown: HashMap<u64, Arc<MarkdownMemo>>,
    pages: HashMap<String, u64>,
    bulletins: HashMap<String, (u64, Arc<BulletinMemo>)>,
    outputs: HashMap<String, u64>,
    copies: HashMap<PathBuf, CopyStamp>,
    files: Arc<SiteFiles>,
    /// The figure set and figure-check diagnostics, with their inputs' key.
    figures: Option<FiguresMemo>,
    /// The site index, with its inputs' key.
    index: Option<(u64, Arc<IndexMemo>)>,
    /// The published bulletins of the site this generation built, by source path: each
    /// is the `parsed` entry of its path, owned, so the next build can take it instead
    /// of cloning the cached copy.
    owned_paths: HashMap<String, usize>,
    owned: Vec<Mutex<Option<Bulletin>>>,
    /// The search index, updated in place by each build (shared by every generation).
    search: Arc<crate::render::search::Shared>,
}

type FiguresMemo = (u64, Arc<FigureSet>, Arc<Vec<Diagnostic>>);

/// Counts of what a build reused, for the terminal and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Bulletins parsed again / reused.
    pub parsed: (usize, usize),
    /// Markdown bodies rendered / reused.
    pub markdown: (usize, usize),
    /// Pages rendered / reused.
    pub pages: (usize, usize),
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The caches of one build: reads from the previous generation, fills the next one, and
/// is the sink the site is rendered into.
pub struct BuildCache<'a> {
    prev: &'a Generation,
    next_parsed: Mutex<HashMap<String, (u64, Parsed)>>,
    next_stamps: Mutex<HashMap<String, (FileStamp, u64)>>,
    next_markdown: Mutex<HashMap<u64, Arc<MarkdownMemo>>>,
    next_pages: Mutex<HashMap<String, u64>>,
    next_bulletins: Mutex<HashMap<String, (u64, Arc<BulletinMemo>)>>,
    next_outputs: Mutex<HashMap<String, u64>>,
    next_copies: Mutex<HashMap<PathBuf, CopyStamp>>,
    next_figures: Mutex<Option<FiguresMemo>>,
    next_index: Mutex<Option<(u64, Arc<IndexMemo>)>>,
    files: Mutex<SiteFiles>,
    reuse: Mutex<Reuse>,
}

impl<'a> BuildCache<'a> {
    /// Caches for a patch build after `prev`, which fills only the few entries it
    /// renders (see [`Generation::absorb`]).
    pub fn for_patch(prev: &'a Generation) -> Self {
        BuildCache {
            prev,
            next_parsed: Mutex::default(),
            next_stamps: Mutex::default(),
            next_markdown: Mutex::default(),
            next_pages: Mutex::default(),
            next_bulletins: Mutex::default(),
            next_outputs: Mutex::default(),
            next_copies: Mutex::default(),
            next_figures: Mutex::default(),
            next_index: Mutex::default(),
            files: Mutex::default(),
            reuse: Mutex::default(),
        }
    }

    /// Caches for a build after `prev`.
    pub fn new(prev: &'a Generation) -> Self {
        BuildCache {
            prev,
            next_parsed: Mutex::new(HashMap::with_capacity(prev.parsed.len())),
            next_stamps: Mutex::new(HashMap::with_capacity(prev.stamps.len())),
            next_markdown: Mutex::default(),
            next_pages: Mutex::new(HashMap::with_capacity(prev.pages.len())),
            next_bulletins: Mutex::new(HashMap::with_capacity(prev.bulletins.len())),
            next_outputs: Mutex::new(HashMap::with_capacity(prev.outputs.len())),
            next_copies: Mutex::default(),
            next_figures: Mutex::default(),
            next_index: Mutex::default(),
            files: Mutex::new(HashMap::with_capacity(prev.files.len())),
            reuse: Mutex::default(),
        }
    }

    /// What this build reused.
    pub fn reuse(&self) -> Reuse {
        *lock(&self.reuse)
    }

    /// Finishes the build: the next generation (its files are the site to serve).
    pub fn into_generation(self) -> Generation {
        Generation {
            parsed: self.next_parsed.into_inner().unwrap_or_default(),
            stamps: self.next_stamps.into_inner().unwrap_or_default(),
            markdown: self.next_markdown.into_inner().unwrap_or_default(),
            pages: self.next_pages.into_inner().unwrap_or_default(),
            bulletins: self.next_bulletins.into_inner().unwrap_or_default(),
            outputs: self.next_outputs.into_inner().unwrap_or_default(),
            copies: self.next_copies.into_inner().unwrap_or_default(),
            files: Arc::new(self.files.into_inner().unwrap_or_default()),
            figures: self.next_figures.into_inner().unwrap_or_default(),
            index: self.next_index.into_inner().unwrap_or_default(),
            owned_paths: HashMap::new(),
            owned: Vec::new(),
            search: Arc::clone(&self.prev.search),
        }
    }
}

impl Generation {
    /// Takes in what a patch build (one that rendered only some pages, with this
    /// generation as its memo) produced: its files replace theirs in the served site and
    /// its keys replace theirs. A file the patch wrote loses any key it had unless the
    /// patch recorded a new one, so no stale key can ever vouch for new bytes. Returns
    /// how many files changed.
    ///
    /// `replaced` are folders (`bulletins/<slug>`) whose files the patch wrote in full:
    /// any other file right in them (an image the page no longer uses) is removed.
    pub fn absorb(&mut self, patch: Generation, replaced: &[String]) -> usize {
        let written = Arc::try_unwrap(patch.files).unwrap_or_else(|shared| (*shared).clone());
        let mut files = SiteFiles::clone(&self.files);
        let mut changed = 0;
        if !replaced.is_empty() {
            let prefixes: Vec<String> = replaced.iter().map(|d| format!("{d}/")).collect();
            files.retain(|rel, _| {
                // Images sit right in the folder; deeper files are other pages.
                let stale = prefixes.iter().any(|p| {
                    rel.strip_prefix(p.as_str())
                        .is_some_and(|name| !name.contains('/'))
                }) && !written.contains_key(rel);
                changed += usize::from(stale);
                !stale
            });
        }
        for (rel, bytes) in written {
            self.pages.remove(&*rel);
            self.outputs.remove(&*rel);
            self.bulletins.remove(&*rel);
            if !files
                .get(&rel)
                .is_some_and(|old| super::same_bytes(old, &bytes))
            {
                changed += 1;
            }
            files.insert(rel, bytes);
        }
        self.files = Arc::new(files);
        self.pages.extend(patch.pages);
        self.outputs.extend(patch.outputs);
        self.bulletins.extend(patch.bulletins);
        self.markdown.extend(patch.markdown);
        self.copies.extend(patch.copies);
        changed
    }

    /// How many rendered Markdown bodies are cached.
    #[cfg(test)]
    pub(crate) fn cached_bodies(&self) -> usize {
        self.markdown.len()
    }

    /// Forgets the Markdown body cached under `key` (a patch replaced the bulletin it
    /// was rendered from, so only a full build could use it again).
    pub fn forget_markdown(&mut self, key: u64) {
        self.markdown.remove(&key);
    }

    /// Records a bulletin parsed outside a build (by a patch): the next build reuses it
    /// for the same bytes, and reads the file again to find out (its stamp is dropped).
    pub fn set_parsed(&mut self, rel: &str, key: u64, parsed: (Option<Bulletin>, Vec<Diagnostic>)) {
        self.stamps.remove(rel);
        self.parsed.insert(rel.to_owned(), (key, Arc::new(parsed)));
    }

    /// The site this generation built.
    pub fn files(&self) -> &Arc<SiteFiles> {
        &self.files
    }

    /// Keeps the bulletins of the site this generation built (`by_path` indexes them),
    /// for the next build to take rather than clone.
    pub fn keep_bulletins(&mut self, by_path: HashMap<String, usize>, bulletins: Vec<Bulletin>) {
        self.owned_paths = by_path;
        self.owned = bulletins.into_iter().map(|b| Mutex::new(Some(b))).collect();
    }
}

impl BuildCache<'_> {
    /// The cached parse result of `rel`: the previous site's own bulletin when it is
    /// still there (it equals the cached one), else a clone.
    fn take_or_clone(&self, rel: &str, parsed: &Parsed) -> (Option<Bulletin>, Vec<Diagnostic>) {
        let taken = self
            .prev
            .owned_paths
            .get(rel)
            .and_then(|&i| self.prev.owned.get(i))
            .and_then(|slot| lock(slot).take());
        match (taken, &parsed.0) {
            (Some(b), Some(cached)) if b.path == cached.path => (Some(b), parsed.1.clone()),
            _ => (**parsed).clone(),
        }
    }
}

impl ParseMemo for BuildCache<'_> {
    fn parsed(&self, rel: &str, key: u64) -> Option<(Option<Bulletin>, Vec<Diagnostic>)> {
        let hit = self
            .prev
            .parsed
            .get(rel)
            .filter(|(k, _)| *k == key)
            .map(|(_, p)| Arc::clone(p));
        let mut reuse = lock(&self.reuse);
        match hit {
            Some(p) => {
                reuse.parsed.1 += 1;
                drop(reuse);
                let out = self.take_or_clone(rel, &p);
                lock(&self.next_parsed).insert(rel.to_owned(), (key, p));
                Some(out)
            }
            None => {
                reuse.parsed.0 += 1;
                None
            }
        }
    }

    fn store_parsed(&self, rel: &str, key: u64, parsed: &(Option<Bulletin>, Vec<Diagnostic>)) {
        lock(&self.next_parsed).insert(rel.to_owned(), (key, Arc::new(parsed.clone())));
    }

    fn parsed_unchanged(
        &self,
        rel: &str,
        stamp: FileStamp,
        config_key: u64,
    ) -> Option<(Option<Bulletin>, Vec<Diagnostic>)> {
        if self.prev.stamps.get(rel) != Some(&(stamp, config_key)) {
            return None;
        }
        let (key, parsed) = self.prev.parsed.get(rel)?;
        let out = self.take_or_clone(rel, parsed);
        lock(&self.next_parsed).insert(rel.to_owned(), (*key, Arc::clone(parsed)));
        lock(&self.next_stamps).insert(rel.to_owned(), (stamp, config_key));
        lock(&self.reuse).parsed.1 += 1;
        Some(out)
    }

    fn store_stamp(&self, rel: &str, stamp: FileStamp, config_key: u64) {
        lock(&self.next_stamps).insert(rel.to_owned(), (stamp, config_key));
    }

    fn figures(&self, key: u64) -> Option<(Arc<FigureSet>, Vec<Diagnostic>)> {
        let (_, set, diags) = self.prev.figures.as_ref().filter(|(k, _, _)| *k == key)?;
        *lock(&self.next_figures) = Some((key, Arc::clone(set), Arc::clone(diags)));
        Some((Arc::clone(set), (**diags).clone()))
    }

    fn store_figures(&self, key: u64, set: &Arc<FigureSet>, diagnostics: &[Diagnostic]) {
        *lock(&self.next_figures) = Some((key, Arc::clone(set), Arc::new(diagnostics.to_vec())));
    }

    fn index(&self, key: u64) -> Option<Arc<IndexMemo>> {
        let (_, index) = self.prev.index.as_ref().filter(|(k, _)| *k == key)?;
        *lock(&self.next_index) = Some((key, Arc::clone(index)));
        Some(Arc::clone(index))
    }

    fn store_index(&self, key: u64, index: &Arc<IndexMemo>) {
        *lock(&self.next_index) = Some((key, Arc::clone(index)));
    }
}

impl Memo for BuildCache<'_> {
    fn reuse_page(&self, rel: &str, key: u64) -> bool {
        let hit = (self.prev.pages.get(rel) == Some(&key))
            .then(|| self.prev.files.get_key_value(rel))
            .flatten();
        let Some((rel_key, bytes)) = hit else {
            return false;
        };
        lock(&self.files).insert(Arc::clone(rel_key), bytes.clone());
        lock(&self.next_pages).insert(rel.to_owned(), key);
        lock(&self.reuse).pages.1 += 1;
        true
    }

    fn page_rendered(&self, rel: &str, key: Option<u64>) {
        if let Some(key) = key {
            lock(&self.next_pages).insert(rel.to_owned(), key);
        }
        lock(&self.reuse).pages.0 += 1;
    }

    fn markdown(&self, key: u64) -> Option<Arc<MarkdownMemo>> {
        let hit = self.prev.markdown.get(&key).cloned();
        let mut reuse = lock(&self.reuse);
        if hit.is_some() {
            reuse.markdown.1 += 1;
        } else {
            reuse.markdown.0 += 1;
        }
        hit
    }

    fn store_markdown(&self, key: u64, value: Arc<MarkdownMemo>) {
        lock(&self.next_markdown).insert(key, value);
    }

    fn reuse_bulletin(&self, rel: &str, key: u64) -> Option<Arc<BulletinMemo>> {
        let hit = self
            .prev
            .bulletins
            .get(rel)
            .filter(|(k, _)| *k == key)
            .and_then(|(_, memo)| Some((memo, self.prev.files.get_key_value(rel)?)));
        let (memo, (rel_key, bytes)) = hit?;
        lock(&self.files).insert(Arc::clone(rel_key), bytes.clone());
        if let Some(page_key) = self.prev.pages.get(rel) {
            lock(&self.next_pages).insert(rel.to_owned(), *page_key);
        }
        lock(&self.next_bulletins).insert(rel.to_owned(), (key, Arc::clone(memo)));
        lock(&self.reuse).pages.1 += 1;
        Some(Arc::clone(memo))
    }

    fn store_bulletin(&self, rel: &str, key: u64, value: Arc<BulletinMemo>) {
        lock(&self.next_bulletins).insert(rel.to_owned(), (key, value));
    }

    fn reuse_outputs(&self, rels: &[String], key: u64) -> bool {
        let hits: Option<Vec<(&Arc<str>, &Bytes)>> = rels
            .iter()
            .map(|rel| {
                (self.prev.outputs.get(rel) == Some(&key))
                    .then(|| self.prev.files.get_key_value(rel.as_str()))
                    .flatten()
            })
            .collect();
        let Some(hits) = hits else {
            return false;
        };
        let mut files = lock(&self.files);
        for (rel, bytes) in hits {
            files.insert(Arc::clone(rel), bytes.clone());
        }
        drop(files);
        let mut next_pages = lock(&self.next_pages);
        for rel in rels {
            if let Some(page_key) = self.prev.pages.get(rel) {
                next_pages.insert(rel.clone(), *page_key);
            }
        }
        drop(next_pages);
        self.outputs_written(rels, key);
        lock(&self.reuse).pages.1 += 1;
        true
    }

    fn outputs_written(&self, rels: &[String], key: u64) {
        let mut next = lock(&self.next_outputs);
        for rel in rels {
            next.insert(rel.clone(), key);
        }
    }

    fn search_state(&self) -> Option<&crate::render::search::Shared> {
        Some(&self.prev.search)
    }

    fn search_entry(&self, rel: &str) -> Option<crate::render::search::Entry> {
        self.prev
            .bulletins
            .get(rel)
            .map(|(_, m)| std::sync::Arc::clone(&m.search))
    }
}

impl Sink for BuildCache<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        lock(&self.files).insert(Arc::from(rel), Bytes::copy_from_slice(bytes));
        Ok(())
    }

    fn copy_file(&self, rel: &str, from: SiteFile) -> std::io::Result<()> {
        // The metadata of the opened handle: the file that would be read.
        let identity = FileIdentity::of(from.metadata());
        let source = PathBuf::from(from.rel());
        let stamp = match self.prev.copies.get(&source) {
            Some(s) if s.identity.same_as(&identity) => s.clone(),
            _ => CopyStamp {
                identity,
                bytes: Bytes::from(from.read_all()?),
            },
        };
        lock(&self.files).insert(Arc::from(rel), stamp.bytes.clone());
        lock(&self.next_copies).insert(source, stamp);
        Ok(())
    }
}
