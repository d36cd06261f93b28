//! The build lock: an advisory lock on a file beside the output folder, held for a whole
//! build, so two builds of one output never interleave. Holding a [`BuildLock`] is the
//! proof other code asks for before it changes shared state (the output, the cache).

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// What to do when another build holds the lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LockWait {
    /// Wait for it to finish (after saying so once).
    #[default]
    Wait,
    /// Stop at once with [`Error::Busy`] (`build --no-wait`).
    NoWait,
}

/// The held build lock of one output folder; released when dropped (or when the process
/// ends, however it ends: the operating system drops advisory locks with their process).
#[derive(Debug)]
pub(crate) struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Takes the lock of `output` (absolute), creating `.<name>.lock` beside it.
    /// `on_wait` is called once, before blocking, with the lock file and the holder's
    /// description (its process id) when another build holds it.
    ///
    /// # Errors
    /// [`Error::Busy`] with [`LockWait::NoWait`] when another build holds the lock; IO
    /// errors naming the lock file.
    pub(crate) fn acquire(
        output: &Path,
        wait: LockWait,
        on_wait: &dyn Fn(&Path, &str),
    ) -> Result<BuildLock> {
        let path = lock_path(output);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                if wait == LockWait::NoWait {
                    return Err(Error::Busy(format!(
                        "another build ({holder}) is writing {}; it holds {}. Build again when it has finished, or leave out --no-wait to wait for it",
                        output.display(),
                        path.display()
                    )));
                }
                on_wait(&path, &holder);
                file.lock().map_err(|e| Error::io(&path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        // Who holds it, for the message of a build that has to wait. Best effort: the
        // lock itself, not this text, is what keeps builds apart.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "process {}", std::process::id()));
        Ok(BuildLock { _file: file })
    }
}

/// `.<name>.lock` beside the output folder `output` (absolute).
pub(crate) fn lock_path(output: &Path) -> PathBuf {
    super::sibling(output, "lock")
}

fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        "another process".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = BuildLock::acquire(&out, LockWait::NoWait, &|_, _| {}).unwrap();
        assert!(dir.path().join(".output.lock").is_file());
        let second = BuildLock::acquire(&out, LockWait::NoWait, &|_, _| {});
        match second {
            Err(Error::Busy(m)) => {
                assert!(
                    m.contains(&format!("process {}", std::process::id())),
                    "{m}"
                );
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        BuildLock::acquire(&out, LockWait::NoWait, &|_, _| {}).unwrap();
    }

    #[test]
    fn a_waiting_build_says_so_once_and_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = BuildLock::acquire(&out, LockWait::Wait, &|_, _| {}).unwrap();
        let waited = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            let t = s.spawn(|| {
                BuildLock::acquire(&out, LockWait::Wait, &|_, _| {
                    waited.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                })
                .map(|_| ())
            });
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while waited.load(std::sync::atomic::Ordering::SeqCst) == 0
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(first);
            assert!(t.join().unwrap().is_ok());
        });
        assert_eq!(waited.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
