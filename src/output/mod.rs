//! The output folder, written in one transaction: refuse dangerous targets, take the
//! build lock (`lock`), clean up what stopped builds left (`recover`), build into a
//! uniquely named staging folder beside the output, and swap it in only when the whole
//! build succeeded (`swap`): a failed or killed build leaves the old output exactly as it
//! was, `.git` and the kept files included.

mod lock;
mod plan;
mod recover;
mod swap;
mod tree;

pub(crate) use lock::BuildLock;
pub use lock::LockWait;
pub(crate) use plan::PlanSink;
pub(crate) use recover::{is_mount_point, recover_leftovers};
pub(crate) use swap::{Staging, SwapMode, unchanged_state};

use crate::error::{Error, Result};
use crate::render::Sink;
use crate::source::gate::SiteFile;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Marks a folder as bantin's output, so later builds may replace it.
pub const MARKER: &str = ".bantin-output";

/// Makes `p` absolute and lexically normal (`..` resolved), resolving symlinks of the longest
/// existing ancestor.
pub fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(p)
    };
    let mut normal = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    // Canonicalise the longest existing prefix so symlinked paths compare equal.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// `.<name>.<what>` beside the output folder `output` (absolute): the lock, staging and old
/// folders all live there, on the output's file system, where a rename is one step.
pub(crate) fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    output
        .parent()
        .unwrap_or_else(|| Path::new("/"))
        .join(format!(".{name}.{what}"))
}

/// Something a build tells its user as it goes (the library prints nothing itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildNotice {
    /// Another build holds the lock; this one waits for it.
    Waiting {
        /// The output folder.
        output: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// Who holds it (`process 1234`).
        holder: String,
    },
    /// Staging or old folders of stopped builds were removed.
    Leftovers {
        /// The folders removed.
        removed: Vec<PathBuf>,
    },
    /// The output folder was missing after a build stopped mid-swap; the previous output
    /// was put back from here.
    Restored {
        /// Where the previous output was.
        from: PathBuf,
    },
    /// `.git` or a kept file was missing from the output and found in a leftover folder.
    Rescued {
        /// Where it was found.
        from: PathBuf,
        /// Where it is now.
        into: PathBuf,
    },
    /// The output folder is a mount point: written in place, not swapped whole.
    InPlace {
        /// The output folder.
        output: PathBuf,
    },
    /// The previous output could not be removed after the swap.
    OldLeft {
        /// Where it is.
        path: PathBuf,
        /// Why it could not be removed.
        error: String,
    },
}

impl fmt::Display for BuildNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildNotice::Waiting {
                output,
                lock,
                holder,
            } => write!(
                f,
                "waiting for another build ({holder}) to finish writing {} (lock {}; --no-wait stops instead)",
                output.display(),
                lock.display()
            ),
            BuildNotice::Leftovers { removed } => {
                let names: Vec<String> = removed
                    .iter()
                    .map(|p| {
                        p.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    })
                    .collect();
                write!(
                    f,
                    "removed {} folder(s) left by a build that was stopped: {}",
                    removed.len(),
                    names.join(", ")
                )
            }
            BuildNotice::Restored { from } => write!(
                f,
                "warning: the output folder was missing after a build was stopped during its swap: put the previous build back from {}",
                from.display()
            ),
            BuildNotice::Rescued { from, into } => write!(
                f,
                "warning: {} was missing; moved it back from {}, where a stopped build had left it",
                into.display(),
                from.display()
            ),
            BuildNotice::InPlace { output } => write!(
                f,
                "warning: {} is a mount point, so it cannot be swapped whole: writing into it file by file (until this build ends, readers may see a mix of old and new pages, and a stopped build leaves such a mix)",
                output.display()
            ),
            BuildNotice::OldLeft { path, error } => write!(
                f,
                "warning: cannot remove the previous output, left in {}: {error}; the next build removes it",
                path.display()
            ),
        }
    }
}

/// Refuses output folders a build must never replace.
///
/// # Errors
/// [`Error::Usage`] naming the folder and the reason.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(output)?;
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to use {} as the output folder: {why}",
            output.display()
        )))
    };
    if root.starts_with(&out) {
        return refuse(
            "it is the site root or contains it, and a build replaces its output folder",
        );
    }
    for protected in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside the site's {protected}/ folder"));
        }
    }
    if out.is_file() {
        return refuse("it is a file");
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let non_empty = std::fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .next()
            .is_some();
        if non_empty {
            return refuse(&format!(
                "it is not empty and was not made by bantin (no {MARKER} file in it); choose another folder or empty it"
            ));
        }
    }
    Ok(())
}

/// Writes files under a folder, creating parents as needed; refuses paths that would leave it.
///
/// The first failure is kept: once the disk is full (or read-only, or over quota) every
/// further write fails at once without touching the disk, and the build reports that one
/// failure instead of one per page.
pub struct DirSink {
    dir: PathBuf,
    failure: Mutex<Option<WriteFailure>>,
}

/// The first write that failed, and how many failed in all.
#[derive(Debug)]
pub struct WriteFailure {
    /// The output-relative path (`/`-separated).
    pub rel: String,
    /// What the file system said.
    pub error: std::io::Error,
    /// Writes that failed, this one included.
    pub count: usize,
}

impl DirSink {
    /// A sink writing under `dir`.
    pub fn new(dir: &Path) -> DirSink {
        DirSink {
            dir: dir.to_path_buf(),
            failure: Mutex::new(None),
        }
    }

    /// The first write that failed, if any.
    pub fn into_failure(self) -> Option<WriteFailure> {
        self.failure.into_inner().ok().flatten()
    }

    /// Runs one write, recording its failure; after a failure of the whole file system
    /// (full, read-only, over quota) later writes fail at once.
    fn guard(&self, rel: &str, write: impl FnOnce() -> std::io::Result<()>) -> std::io::Result<()> {
        use std::io::ErrorKind::{QuotaExceeded, ReadOnlyFilesystem, StorageFull};
        let stuck = |e: &std::io::Error| {
            matches!(e.kind(), StorageFull | QuotaExceeded | ReadOnlyFilesystem)
        };
        if let Ok(mut f) = self.failure.lock()
            && let Some(first) = f.as_mut()
            && stuck(&first.error)
        {
            first.count += 1;
            return Err(std::io::Error::new(
                first.error.kind(),
                first.error.to_string(),
            ));
        }
        let result = write();
        if let Err(e) = &result
            && let Ok(mut f) = self.failure.lock()
        {
            match f.as_mut() {
                Some(first) => first.count += 1,
                None => {
                    *f = Some(WriteFailure {
                        rel: rel.to_owned(),
                        error: std::io::Error::new(e.kind(), e.to_string()),
                        count: 1,
                    });
                }
            }
        }
        result
    }

    fn path(&self, rel: &str) -> std::io::Result<PathBuf> {
        let p = Path::new(rel);
        if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("unsafe output path `{rel}`"),
            ));
        }
        Ok(self.dir.join(p))
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.guard(rel, || {
            let path = self.path(rel)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        })
    }

    fn copy_file(&self, rel: &str, mut from: SiteFile) -> std::io::Result<()> {
        self.guard(rel, || {
            let path = self.path(rel)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut to = std::fs::File::create(path)?;
            std::io::copy(&mut from, &mut to).map(|_| ())
        })
    }

    fn write_streamed(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use std::io::Write as _;
        self.guard(rel, || {
            let path = self.path(rel)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file =
                std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(path)?);
            produce(&mut file)?;
            file.flush()
        })
    }
}
