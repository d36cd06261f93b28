//! What a stopped build left beside the output folder, cleaned up under the lock at the
//! start of the next build; and whether the output folder is a mount point.

use super::lock::BuildLock;
use super::swap::kept_names;
use super::tree::remove_tree;
use super::{BuildNotice, MARKER};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Whether `name` is a staging or old folder of the output folder `output_name`
/// (`.output.staging-<pid>[-<time>]`, `.output.old-<pid>[-<time>]`).
fn is_leftover(name: &str, output_name: &str) -> Option<Kind> {
    let rest = name.strip_prefix('.')?.strip_prefix(output_name)?;
    let (kind, id) = if let Some(id) = rest.strip_prefix(".staging-") {
        (Kind::Staging, id)
    } else {
        (Kind::Old, rest.strip_prefix(".old-")?)
    };
    let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    plain.then_some(kind)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Staging,
    Old,
}

/// Cleans up after stopped builds of `target` (absolute): when the output folder itself
/// is missing (a build stopped between the two renames of a swap, where folders cannot be
/// exchanged in one step) the newest complete old output is put back; a `.git` or kept
/// file missing from the output but left in such a folder (earlier versions of bantin
/// moved them into the staging folder before the swap) is moved back; the rest is removed.
///
/// # Errors
/// IO errors naming the folder that could not be read.
pub(crate) fn recover_leftovers(
    target: &Path,
    keep: &[String],
    _lock: &BuildLock,
) -> Result<Vec<BuildNotice>> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(Vec::new());
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(Vec::new());
    };
    let mut leftovers: Vec<(Kind, PathBuf, std::time::SystemTime)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(parent, e))?;
        let Some(kind) = is_leftover(&entry.file_name().to_string_lossy(), &name) else {
            continue;
        };
        let meta =
            std::fs::symlink_metadata(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        let when = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        leftovers.push((kind, entry.path(), when));
    }
    if leftovers.is_empty() {
        return Ok(Vec::new());
    }
    leftovers.sort_by_key(|(_, _, when)| std::cmp::Reverse(*when));
    let mut notices = Vec::new();
    if std::fs::symlink_metadata(target).is_err() {
        let restorable = leftovers.iter().position(|(kind, path, _)| {
            *kind == Kind::Old && !path.is_symlink() && path.join(MARKER).is_file()
        });
        if let Some(i) = restorable {
            let (_, from, _) = leftovers.remove(i);
            std::fs::rename(&from, target).map_err(|e| Error::io(&from, e))?;
            notices.push(BuildNotice::Restored { from });
        }
    }
    if target.is_dir() && !target.is_symlink() {
        for rel in kept_names(keep) {
            let into = target.join(&rel);
            if std::fs::symlink_metadata(&into).is_ok() {
                continue;
            }
            let found = leftovers
                .iter()
                .map(|(_, p, _)| p.join(&rel))
                .find(|p| std::fs::symlink_metadata(p).is_ok());
            if let Some(from) = found {
                if let Some(dir) = into.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                }
                std::fs::rename(&from, &into).map_err(|e| Error::io(&from, e))?;
                notices.push(BuildNotice::Rescued { from, into });
            }
        }
    }
    let mut removed = Vec::new();
    for (_, path, _) in leftovers {
        let done = if path.is_symlink() || !path.is_dir() {
            std::fs::remove_file(&path)
        } else {
            remove_tree(&path)
        };
        match done {
            Ok(()) => removed.push(path),
            Err(e) => notices.push(BuildNotice::OldLeft {
                path,
                error: e.to_string(),
            }),
        }
    }
    if !removed.is_empty() {
        notices.push(BuildNotice::Leftovers { removed });
    }
    Ok(notices)
}

/// Whether the folder `dir` (absolute, canonical) is a mount point: a folder on another
/// device than its parent, or (Linux, where a bind mount of a folder of the same file
/// system keeps its device) listed in `/proc/self/mountinfo`.
pub(crate) fn is_mount_point(dir: &Path) -> bool {
    if !dir.is_dir() || dir.is_symlink() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(dir), std::fs::metadata(dir.join("..")))
            && a.dev() != b.dev()
        {
            return true;
        }
    }
    #[cfg(target_os = "linux")]
    if let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") {
        return mount_points(&info).any(|p| Path::new(&p) == dir);
    }
    false
}

/// The mount points of a `/proc/self/mountinfo` text (fifth field, octal escapes decoded).
fn mount_points(info: &str) -> impl Iterator<Item = String> + '_ {
    info.lines()
        .filter_map(|line| line.split(' ').nth(4))
        .map(unescape_octal)
}

fn unescape_octal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes.get(i + 1..i + 4);
        match digits {
            Some(d) if bytes[i] == b'\\' && d.iter().all(|b| (b'0'..=b'7').contains(b)) => {
                out.push(d.iter().fold(0u8, |n, b| n.wrapping_mul(8) + (b - b'0')));
                i += 4;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_this_outputs_leftovers() {
        assert_eq!(
            is_leftover(".output.staging-1", "output"),
            Some(Kind::Staging)
        );
        assert_eq!(
            is_leftover(".output.old-12-18f3a9c", "output"),
            Some(Kind::Old)
        );
        assert_eq!(is_leftover(".output.lock", "output"), None);
        assert_eq!(is_leftover(".output.old-", "output"), None);
        assert_eq!(is_leftover(".output.old-x/y", "output"), None);
        assert_eq!(is_leftover(".public.old-1", "output"), None);
        assert_eq!(is_leftover("output.old-1", "output"), None);
    }

    #[test]
    fn reads_mount_points_with_escaped_spaces() {
        let info = "36 35 98:0 /mnt1 /mnt/my\\040site rw,noatime master:1 - ext3 /dev/root rw\n\
                    66 46 254:0 /tmp/a /tmp/b rw,relatime - ext4 /dev/vda rw\n";
        let points: Vec<String> = mount_points(info).collect();
        assert_eq!(points, ["/mnt/my site", "/tmp/b"]);
    }
}
