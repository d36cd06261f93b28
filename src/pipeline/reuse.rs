//! What `serve` reuses between builds of the stages (build and check pass no memo): the
//! [`ParseMemo`] hook and the keys of a bulletin's parse, of the index ([`IndexMemo`])
//! and of a file's state on disk ([`FileStamp`]).

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::figures::FigureSet;
use crate::model::bulletin::Bulletin;
use crate::site::{Drafts, Site};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Memoisation hook for `serve` (build and check pass none): parse results keyed by the
/// bulletin's path and a hash of its bytes and of the site config, so a rebuild re-parses
/// only the files that changed. Every file is still found and read on every build.
pub trait ParseMemo: Sync {
    /// The result an earlier build got for `rel` with the same `key`, if any.
    fn parsed(&self, rel: &str, key: u64) -> Option<(Option<Bulletin>, Vec<Diagnostic>)>;
    /// Remembers the result of parsing `rel` with `key`.
    fn store_parsed(&self, rel: &str, key: u64, parsed: &(Option<Bulletin>, Vec<Diagnostic>));
    /// The result an earlier build got for `rel` when the file still has the same
    /// [`FileStamp`] and the config the same key (checked before reading the file).
    fn parsed_unchanged(
        &self,
        rel: &str,
        stamp: FileStamp,
        config_key: u64,
    ) -> Option<(Option<Bulletin>, Vec<Diagnostic>)>;
    /// Remembers that `rel`, parsed (or reused) in this build, had `stamp`.
    fn store_stamp(&self, rel: &str, stamp: FileStamp, config_key: u64);
    /// The figure set and figure-check diagnostics an earlier build computed from inputs
    /// with the same [`crate::render::memo::figures_key`], if any.
    fn figures(&self, _key: u64) -> Option<(Arc<FigureSet>, Vec<Diagnostic>)> {
        None
    }
    /// Remembers the figure set and figure-check diagnostics computed for `key`.
    fn store_figures(&self, _key: u64, _set: &Arc<FigureSet>, _diagnostics: &[Diagnostic]) {}
    /// The index an earlier build computed from inputs with the same [`index_key`].
    fn index(&self, _key: u64) -> Option<Arc<IndexMemo>> {
        None
    }
    /// Remembers the index computed for `key`.
    fn store_index(&self, _key: u64, _index: &Arc<IndexMemo>) {}
}

/// Everything [`crate::site::index_site`] derives except the bulletins themselves, with its
/// diagnostics: reused by `serve` when every index input is unchanged.
#[derive(Debug)]
pub struct IndexMemo {
    quarters: std::collections::BTreeMap<crate::model::quarter::Quarter, Vec<usize>>,
    tags: Vec<crate::site::Term>,
    districts: Vec<crate::site::Term>,
    bulletin_tags: Vec<Vec<usize>>,
    bulletin_district: Vec<usize>,
    by_path: std::collections::HashMap<String, usize>,
    excluded: std::collections::HashSet<String>,
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    related: Vec<Vec<usize>>,
    diagnostics: Vec<Diagnostic>,
}

impl IndexMemo {
    pub(super) fn of(site: &Site, diagnostics: &[Diagnostic]) -> Self {
        IndexMemo {
            quarters: site.quarters.clone(),
            tags: site.tags.clone(),
            districts: site.districts.clone(),
            bulletin_tags: site.bulletin_tags.clone(),
            bulletin_district: site.bulletin_district.clone(),
            by_path: site.by_path.clone(),
            excluded: site.excluded.clone(),
            neighbours: site.neighbours.clone(),
            related: site.related.clone(),
            diagnostics: diagnostics.to_vec(),
        }
    }

    /// Whether `bulletins` are exactly the ones indexed (by source path).
    pub(super) fn covers(&self, bulletins: &[Bulletin]) -> bool {
        bulletins.len() == self.by_path.len() + self.excluded.len()
            && bulletins
                .iter()
                .all(|b| self.by_path.contains_key(&b.path) || self.excluded.contains(&b.path))
    }

    /// The site of `bulletins` (any order; [`IndexMemo::covers`] them) with this index.
    pub(super) fn site(
        &self,
        config: SiteConfig,
        bulletins: Vec<Bulletin>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut slots: Vec<Option<Bulletin>> = (0..self.by_path.len()).map(|_| None).collect();
        for b in bulletins {
            if let Some(&i) = self.by_path.get(&b.path) {
                slots[i] = Some(b);
            }
        }
        let bulletins: Vec<Bulletin> = slots.into_iter().flatten().collect();
        let site = Site {
            config,
            bulletins,
            quarters: self.quarters.clone(),
            tags: self.tags.clone(),
            districts: self.districts.clone(),
            bulletin_tags: self.bulletin_tags.clone(),
            bulletin_district: self.bulletin_district.clone(),
            by_path: self.by_path.clone(),
            excluded: self.excluded.clone(),
            neighbours: self.neighbours.clone(),
            related: self.related.clone(),
        };
        (site, self.diagnostics.clone())
    }
}

/// A hash of everything [`crate::site::index_site`] reads: the config, the drafts mode and, per
/// bulletin in path order, its path, slug, date, quarter, district, tags, draft flag,
/// aliases and the locations the index diagnostics point at.
pub fn index_key(config: &SiteConfig, bulletins: &[Bulletin], drafts: Drafts) -> u64 {
    use std::hash::{Hash, Hasher};
    use xxhash_rust::xxh3::Xxh3Default;
    let mut keys: Vec<(&str, u64)> = bulletins
        .par_iter()
        .map(|b| (b.path.as_str(), index_entry_key(b)))
        .collect();
    keys.sort_unstable();
    let mut h = Xxh3Default::new();
    format!("{config:?}").hash(&mut h);
    (drafts == Drafts::Include).hash(&mut h);
    keys.hash(&mut h);
    h.finish()
}

/// A hash of everything [`crate::site::index_site`] reads of one bulletin (see [`index_key`]): a
/// bulletin edited with an equal key leaves the index as it was.
pub fn index_entry_key(b: &Bulletin) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    b.path.hash(&mut h);
    b.slug.hash(&mut h);
    b.date.hash(&mut h);
    b.quarter.hash(&mut h);
    b.district.hash(&mut h);
    b.tags.hash(&mut h);
    b.draft.hash(&mut h);
    b.aliases.hash(&mut h);
    b.alias_locations.hash(&mut h);
    b.slug_location.hash(&mut h);
    b.district_location.hash(&mut h);
    b.tag_locations.hash(&mut h);
    h.finish()
}

/// The key parsing depends on besides a file's bytes: the site config (district,
/// timezone …).
pub fn config_key(config: &SiteConfig) -> u64 {
    xxhash_rust::xxh3::xxh3_64(format!("{config:?}").as_bytes())
}

/// The memo key of a bulletin's parse: its text and the [`config_key`].
pub fn parse_key(text: &str, config_key: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), config_key)
}

/// What the file system says about a file: size, inode, device and nanosecond mtime and
/// ctime. Equal stamps stand for equal bytes only when the file was not modified in the
/// last seconds before it was stamped (see [`FileStamp::of`]): a write within the
/// same clock tick could otherwise go unseen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileStamp {
    len: u64,
    ino: u64,
    dev: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

/// How long after its last change a file's stamp is trusted.
const STAMP_SETTLE_NS: i128 = 3_000_000_000;

impl FileStamp {
    /// The stamp of `path` (following no symlinks), and whether it is settled: both
    /// mtime and ctime lie more than a few seconds in the past, so a later change is
    /// sure to give another stamp. `None` when the file cannot be read or off Unix.
    pub fn of(path: &Path) -> Option<(FileStamp, bool)> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::symlink_metadata(path).ok()?;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            let stamp = FileStamp {
                len: m.len(),
                ino: m.ino(),
                dev: m.dev(),
                mtime_ns: ns(m.mtime(), m.mtime_nsec()),
                ctime_ns: ns(m.ctime(), m.ctime_nsec()),
            };
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .map(|d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))?;
            let newest = stamp.mtime_ns.max(stamp.ctime_ns);
            Some((stamp, now - newest > STAMP_SETTLE_NS))
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bulletin::parse_bulletin;
    use crate::site::index_site;

    fn bulletin(title: &str, tags: &str) -> Bulletin {
        let text = format!(
            "---\ntitle: {title}\ndate: 2023-04-05T15:45:00\nquarter: 2023-Q1\ndistrict: Hoàng Mai\ntags: [{tags}]\nsummary: Tóm tắt.\nslug: hoang-mai-1\n---\nNội dung.\n"
        );
        let parsed = parse_bulletin("content/a.md", &text, &SiteConfig::default());
        parsed
            .bulletin
            .unwrap_or_else(|| panic!("not parsed: {:?}", parsed.diagnostics))
    }

    #[test]
    fn the_index_is_reused_over_title_edits_and_rebuilt_over_tag_edits() {
        let config = SiteConfig::default();
        let key = |b: Bulletin| index_key(&config, &[b], Drafts::Exclude);
        let before = key(bulletin("Quý một", "Kinh tế"));
        assert_eq!(key(bulletin("Quý một, sửa lại", "Kinh tế")), before);
        assert_ne!(key(bulletin("Quý một", "Ngân sách")), before);
        let b = bulletin("Quý một", "Kinh tế");
        assert_ne!(index_key(&config, &[b], Drafts::Include), before);

        // A hit gives the same index as indexing again.
        let (site, d) = index_site(
            config.clone(),
            vec![bulletin("Quý một", "Kinh tế")],
            Drafts::Exclude,
        );
        let memo = IndexMemo::of(&site, &d);
        let edited = vec![bulletin("Quý một, sửa lại", "Kinh tế")];
        assert!(memo.covers(&edited));
        let (reused, _) = memo.site(config.clone(), edited.clone());
        let (fresh, _) = index_site(config, edited, Drafts::Exclude);
        assert_eq!(format!("{reused:?}"), format!("{fresh:?}"));
        assert!(!memo.covers(&[]));
    }

    #[cfg(unix)]
    #[test]
    fn file_stamps_change_with_the_file_and_are_unsettled_when_fresh() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let path = dir.path().join("a.md");
        std::fs::write(&path, "một").unwrap_or_else(|e| panic!("write: {e}"));
        let (first, settled) = FileStamp::of(&path).unwrap_or_else(|| panic!("no stamp"));
        // Just written: not to be trusted without reading the bytes.
        assert!(!settled);
        assert_eq!(FileStamp::of(&path).map(|s| s.0), Some(first));
        std::fs::write(&path, "một hai").unwrap_or_else(|e| panic!("write: {e}"));
        assert_ne!(FileStamp::of(&path).map(|s| s.0), Some(first));
        // Same size, replaced by a rename (another inode).
        let tmp = dir.path().join("a.tmp");
        std::fs::write(&tmp, "một ba").unwrap_or_else(|e| panic!("write: {e}"));
        let before = FileStamp::of(&path).map(|s| s.0);
        std::fs::rename(&tmp, &path).unwrap_or_else(|e| panic!("rename: {e}"));
        assert_ne!(FileStamp::of(&path).map(|s| s.0), before);
        assert_eq!(FileStamp::of(&dir.path().join("none.md")), None);
    }
}
