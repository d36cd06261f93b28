//! The on-disk cache of derived files that are slow to make (processed photos, share
//! images): `.bantin-cache/` under the site root, or `cache_dir:` from `site.yaml`, one
//! folder per kind (`images/`, `share/`).
//!
//! An entry's name is the hash of everything that decides its bytes (the caller hashes
//! source bytes, parameters and encoder version into a [`Key`]), so a hit is always
//! right and no entry is ever rewritten with other bytes. Entries are written to a
//! temporary name and renamed, so a reader never sees half an entry. Entries that no
//! build used are removed by [`CacheFolder::sweep`], called only by a build that holds
//! the build lock.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The cache folder's name under the site root when `cache_dir:` is not set.
pub(crate) const DEFAULT_DIR: &str = ".bantin-cache";

/// The name of an entry: a 128-bit hash of everything that decides its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key(u128);

impl Key {
    /// Hashes `parts` in order; each part is length-prefixed, so `["ab", "c"]` and
    /// `["a", "bc"]` give different keys.
    pub(crate) fn of(parts: &[&[u8]]) -> Key {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for part in parts {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Key(h.digest128())
    }

    /// 32 lowercase hex digits.
    pub(crate) fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// One kind's folder in the cache (`.bantin-cache/images/`), remembering which entries
/// this run used so that [`CacheFolder::sweep`] can remove the others.
#[derive(Debug)]
pub(crate) struct CacheFolder {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    temp_counter: AtomicU64,
}

/// The cache root of a site: `cache_dir` (relative to the site root) or `.bantin-cache`.
pub(crate) fn cache_root(site_root: &Path, cache_dir: Option<&str>) -> PathBuf {
    site_root.join(cache_dir.unwrap_or(DEFAULT_DIR))
}

impl CacheFolder {
    /// The folder of `kind` (`images`, `share`) under `cache_root`; created on first write.
    pub(crate) fn new(cache_root: &Path, kind: &str) -> CacheFolder {
        CacheFolder {
            dir: cache_root.join(kind),
            used: Mutex::new(HashSet::new()),
            temp_counter: AtomicU64::new(0),
        }
    }

    /// The folder itself.
    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn name(key: Key, ext: &str) -> String {
        if ext.is_empty() {
            key.hex()
        } else {
            format!("{}.{ext}", key.hex())
        }
    }

    fn mark_used(&self, name: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.to_owned());
        }
    }

    /// The path of entry `key` with extension `ext` when it exists (marking it used).
    pub(crate) fn get(&self, key: Key, ext: &str) -> Option<PathBuf> {
        let name = Self::name(key, ext);
        let path = self.dir.join(&name);
        path.is_file().then(|| {
            self.mark_used(&name);
            path
        })
    }

    /// Whether entry `name` (a file name in this folder) exists (marking it used).
    pub(crate) fn has_entry(&self, name: &str) -> bool {
        let found = self.dir.join(name).is_file();
        if found {
            self.mark_used(name);
        }
        found
    }

    /// Reads entry `name` (a file name in this folder), refusing a symbolic link on the
    /// way: a planted link named like an entry must not publish another file.
    ///
    /// # Errors
    /// The IO error, naming the path.
    pub(crate) fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        let path = self.dir.join(name);
        let plain = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_symlink());
        let folders_plain = self.dir.parent().is_none_or(plain) && plain(&self.dir);
        if name.contains('/') || !folders_plain || !plain(&path) {
            return Err(with_path(
                &path,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a plain cache file"),
            ));
        }
        std::fs::read(&path).map_err(|e| with_path(&path, e))
    }

    /// Stores `bytes` as entry `key` (temporary file, then rename) and returns its path.
    ///
    /// # Errors
    /// The IO error, naming the path.
    pub(crate) fn put(&self, key: Key, ext: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let name = Self::name(key, ext);
        let path = self.dir.join(&name);
        std::fs::create_dir_all(&self.dir).map_err(|e| with_path(&self.dir, e))?;
        let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
        let temp = self
            .dir
            .join(format!(".tmp-{}-{n}-{name}", std::process::id()));
        let written = std::fs::File::create(&temp)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_data()))
            .and_then(|()| std::fs::rename(&temp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(with_path(&path, e));
        }
        self.mark_used(&name);
        Ok(path)
    }

    /// Removes every entry (and stale temporary file) this run did not use. Only after a
    /// whole build, holding the build lock (asked for as proof), so no other build is
    /// using them.
    ///
    /// # Errors
    /// The IO error of listing the folder; entries that cannot be removed are left.
    pub(crate) fn sweep(&self, _lock: &crate::output::BuildLock) -> std::io::Result<usize> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(with_path(&self.dir, e)),
        };
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !used.contains(name)
                && entry.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

fn with_path(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_parts() {
        assert_ne!(Key::of(&[b"ab", b"c"]), Key::of(&[b"a", b"bc"]));
        assert_eq!(Key::of(&[b"x"]), Key::of(&[b"x"]));
        assert_eq!(Key::of(&[b"x"]).hex().len(), 32);
    }

    #[test]
    fn put_get_and_sweep_keep_only_used_entries() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = cache_root(tmp.path(), None);
        let first = CacheFolder::new(&root, "images");
        let (a, b) = (Key::of(&[b"a"]), Key::of(&[b"b"]));
        assert!(first.get(a, "webp").is_none());
        let path = first.put(a, "webp", b"AAAA").expect("put");
        first.put(b, "webp", b"BB").expect("put");
        assert_eq!(std::fs::read(&path).expect("read"), b"AAAA");
        // A later run uses only `a`: the sweep removes `b` and nothing else.
        let second = CacheFolder::new(&root, "images");
        assert_eq!(second.get(a, "webp"), Some(path.clone()));
        std::fs::write(second.dir().join(".tmp-1-0-x"), b"half").expect("write");
        let lock = crate::output::BuildLock::acquire(
            &tmp.path().join("output"),
            crate::output::LockWait::Wait,
            &|_, _| {},
        )
        .expect("lock");
        assert_eq!(second.sweep(&lock).expect("sweep"), 2);
        let left: Vec<_> = std::fs::read_dir(second.dir())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from(format!("{}.webp", a.hex()))]
        );
    }
}
