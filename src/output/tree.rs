//! Folder-tree operations of the output transaction: hard-link a tree (copying where a
//! link cannot be made), remove a tree in parallel, and copy a tree into a folder in place.

use std::io;
use std::path::Path;

/// Recreates `from` (a file, folder or symbolic link) at `to`: folders are made anew,
/// files hard-linked (copied when the file system refuses a link), links recreated.
/// `from` is left exactly as it was.
pub(super) fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    let kind = meta.file_type();
    if kind.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        std::fs::set_permissions(to, meta.permissions())
    } else if kind.is_symlink() {
        copy_symlink(from, to)
    } else if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map(|_| ())
    } else {
        Ok(())
    }
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, _to: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        format!(
            "{} is a symbolic link, which bantin cannot recreate on this platform",
            from.display()
        ),
    ))
}

/// Removes a folder tree, deleting sibling entries in parallel (a site has tens of
/// thousands of small files; one thread spends most of the swap unlinking them).
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            remove_tree(&path)
        } else {
            std::fs::remove_file(&path)
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Makes the folder `to` hold what `from` holds, file by file, for an output folder that
/// cannot be swapped whole (a mount point). Each file is written to a temporary name in
/// its folder and renamed over the old one, so a reader sees an old or a new file, never
/// half of one; entries of `to` that `from` lacks are removed, except those `keep` names
/// (`.git`, the kept files), which the new output only replaces when it has them too.
pub(super) fn copy_in_place(
    from: &Path,
    to: &Path,
    keep: &dyn Fn(&Path) -> bool,
) -> io::Result<()> {
    copy_dir_in_place(from, to, Path::new(""), keep)
}

fn copy_dir_in_place(
    from: &Path,
    to: &Path,
    rel: &Path,
    keep: &dyn Fn(&Path) -> bool,
) -> io::Result<()> {
    let mut wanted = std::collections::HashSet::new();
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let dest = to.join(&name);
        let rel = rel.join(&name);
        wanted.insert(name.clone());
        let src_is_dir = entry.file_type()?.is_dir();
        match std::fs::symlink_metadata(&dest) {
            Ok(m) if m.is_dir() && !src_is_dir => remove_tree(&dest)?,
            Ok(m) if !m.is_dir() && src_is_dir => std::fs::remove_file(&dest)?,
            _ => {}
        }
        if src_is_dir {
            if !dest.is_dir() {
                std::fs::create_dir(&dest)?;
            }
            copy_dir_in_place(&entry.path(), &dest, &rel, keep)?;
        } else {
            let tmp = to.join(format!(".{}.bantin-tmp", name.to_string_lossy()));
            std::fs::copy(entry.path(), &tmp)?;
            std::fs::rename(&tmp, &dest)?;
        }
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        let name = entry.file_name();
        if wanted.contains(&name) || keep(&rel.join(&name)) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tree_recreates_folders_files_and_links_and_leaves_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("objects/ab")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(git.join("objects/ab/cd"), "blob").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("HEAD", git.join("link")).unwrap();
        let copy = dir.path().join("copy");
        link_tree(&git, &copy).unwrap();
        assert_eq!(
            std::fs::read_to_string(copy.join("objects/ab/cd")).unwrap(),
            "blob"
        );
        assert_eq!(
            std::fs::read_to_string(git.join("HEAD")).unwrap(),
            "ref: refs/heads/main\n"
        );
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_link(copy.join("link")).unwrap(),
            Path::new("HEAD")
        );
        remove_tree(&copy).unwrap();
        assert!(git.join("objects/ab/cd").is_file(), "the source survives");
    }

    #[test]
    fn copy_in_place_replaces_adds_removes_and_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("from"), dir.path().join("to"));
        std::fs::create_dir_all(from.join("a")).unwrap();
        std::fs::write(from.join("a/index.html"), "new").unwrap();
        std::fs::write(from.join("b"), "file now").unwrap();
        std::fs::create_dir_all(to.join("a")).unwrap();
        std::fs::create_dir_all(to.join("b/c")).unwrap();
        std::fs::create_dir_all(to.join(".git")).unwrap();
        std::fs::write(to.join("a/index.html"), "old").unwrap();
        std::fs::write(to.join("a/gone.html"), "old").unwrap();
        std::fs::write(to.join("CNAME"), "example.vn").unwrap();
        let keep = |p: &Path| p == Path::new(".git") || p == Path::new("CNAME");
        copy_in_place(&from, &to, &keep).unwrap();
        assert_eq!(
            std::fs::read_to_string(to.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_to_string(to.join("b")).unwrap(), "file now");
        assert!(!to.join("a/gone.html").exists());
        assert!(to.join(".git").is_dir());
        assert_eq!(
            std::fs::read_to_string(to.join("CNAME")).unwrap(),
            "example.vn"
        );
        let names: Vec<_> = std::fs::read_dir(to.join("a")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }
}
