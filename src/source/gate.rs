//! The read gate: the one way bantin reads the site. Every byte published, checked or
//! served comes from a file opened here, beneath the site root, one path component at a
//! time, never through a symbolic link, and only when it is a regular file.
//!
//! - Only `site.yaml` and what lies under `content/`, `static/`, `themes/` and
//!   `templates/` can be read; `..`, absolute paths and anything else are refused.
//! - Every symbolic link is refused, whether it points inside the site or outside: a
//!   link is never followed, for any purpose (the root folder itself may be reached
//!   through links: it is the folder the user named).
//! - FIFOs, sockets and devices are refused and never opened: a file's type is read
//!   without following links, the file is opened with no-follow and non-blocking flags,
//!   and the opened handle is checked again, so a swap between the check and the open
//!   cannot slip another file in.
//!
//! On Unix each component is opened with `openat(…, O_NOFOLLOW)` relative to the
//! folder opened before it (rustix), so a folder swapped for a link mid-build is still
//! refused. Elsewhere (Windows) each component is checked with `symlink_metadata`
//! before the file is opened and the opened handle is checked again; a folder swapped
//! for a link between that check and the open is not detected there (README,
//! "Reliability").

use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The top-level names of the site that can be read at all.
const READABLE: &[&str] = &["site.yaml", "content", "static", "themes", "templates"];

/// Why the gate gave no file.
#[derive(Debug)]
pub enum Refused {
    /// Nothing there, or a component on the way is a file rather than a folder.
    Missing,
    /// The component at this root-relative path is a symbolic link.
    Symlink(String),
    /// The component at this root-relative path is a FIFO, socket or device (named).
    Special(String, &'static str),
    /// A folder where a file was wanted.
    Folder(String),
    /// `..`, an absolute path, or a place bantin never reads (e.g. `output/`).
    Outside,
    /// A file name that is not UTF-8 (found while listing a folder).
    NameNotUtf8,
    /// Reading failed otherwise.
    Io(std::io::Error),
}

impl Refused {
    /// Whether nothing is there (so the caller's own "missing" message applies).
    pub fn is_missing(&self) -> bool {
        matches!(self, Refused::Missing)
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing => f.write_str("no such file"),
            Refused::Symlink(at) => write!(
                f,
                "{at} is a symbolic link, and bantin never follows symbolic links (copy the file or folder into the site instead)"
            ),
            Refused::Special(at, kind) => write!(
                f,
                "{at} is a {kind}, not a regular file: bantin reads only regular files (replace it with a plain file)"
            ),
            Refused::Folder(at) => write!(f, "{at} is a folder, not a file"),
            Refused::Outside => f.write_str(
                "the path leaves the site: bantin reads only site.yaml, content/, static/, themes/ and templates/",
            ),
            Refused::NameNotUtf8 => f.write_str("file name is not valid UTF-8: rename it"),
            Refused::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for Refused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refused::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// What a path beneath the root is, read without following links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A symbolic link (never followed).
    Symlink,
    /// A FIFO, socket or device, named.
    Special(&'static str),
}

/// One entry of a folder listed through the gate.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Root-relative, `/`-separated path.
    pub rel: String,
    /// Its kind, not following links.
    pub kind: Kind,
}

/// One result of [`SiteRoot::walk`]: an entry, or a problem at a root-relative path.
pub type Walked = Result<Entry, (String, Refused)>;

/// A regular file opened through the gate: the only way to get bytes of the site.
#[derive(Debug)]
pub struct SiteFile {
    rel: String,
    file: File,
    meta: Metadata,
}

impl SiteFile {
    /// The root-relative path it was opened at.
    pub fn rel(&self) -> &str {
        &self.rel
    }

    /// The opened file's metadata (of the handle: the file actually read).
    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }

    /// Reads the whole file.
    ///
    /// # Errors
    /// The IO error of the read.
    pub fn read_all(mut self) -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(usize::try_from(self.meta.len()).unwrap_or(0));
        self.file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

impl Read for SiteFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

/// The site root, opened once: every read of the site goes through it.
#[derive(Debug)]
pub struct SiteRoot {
    path: PathBuf,
    backend: backend::Root,
}

impl SiteRoot {
    /// Opens the site root folder (which may itself be reached through links).
    ///
    /// # Errors
    /// The IO error when `path` is not an openable folder.
    pub fn open(path: &Path) -> std::io::Result<SiteRoot> {
        Ok(SiteRoot {
            path: path.to_path_buf(),
            backend: backend::Root::open(path)?,
        })
    }

    /// The root folder's path, for messages and for finding the output folder: never
    /// read files with it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What `rel` is, without following links and without opening it.
    ///
    /// # Errors
    /// [`Refused`] when the path leaves the site, passes through a symbolic link or a
    /// special file, or is missing.
    pub fn kind(&self, rel: &str) -> Result<Kind, Refused> {
        let parts = split(rel)?;
        let (last, folders) = parts.split_last().ok_or(Refused::Outside)?;
        let dir = self.backend.folder(folders)?;
        dir.kind(last)?.ok_or(Refused::Missing)
    }

    /// Opens the regular file at `rel`.
    ///
    /// # Errors
    /// [`Refused`]: the path leaves the site, passes through a symbolic link, names a
    /// folder, FIFO, socket or device, or is missing.
    pub fn open_file(&self, rel: &str) -> Result<SiteFile, Refused> {
        let parts = split(rel)?;
        let (last, folders) = parts.split_last().ok_or(Refused::Outside)?;
        let dir = self.backend.folder(folders)?;
        match dir.kind(last)? {
            None => return Err(Refused::Missing),
            Some(Kind::File) => {}
            Some(Kind::Symlink) => return Err(Refused::Symlink(rel.to_owned())),
            Some(Kind::Special(kind)) => return Err(Refused::Special(rel.to_owned(), kind)),
            Some(Kind::Folder) => return Err(Refused::Folder(rel.to_owned())),
        }
        let file = dir.open_file(last)?;
        let meta = file.metadata().map_err(Refused::Io)?;
        // The handle is what will be read: a file swapped between the check and the
        // open is caught here.
        if !meta.is_file() {
            return Err(Refused::Special(
                rel.to_owned(),
                "file that changed kind while being opened",
            ));
        }
        Ok(SiteFile {
            rel: rel.to_owned(),
            file,
            meta,
        })
    }

    /// Reads the regular file at `rel` whole.
    ///
    /// # Errors
    /// As [`SiteRoot::open_file`], and the IO error of the read.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, Refused> {
        self.open_file(rel)?.read_all().map_err(Refused::Io)
    }

    /// The entries of the folder at `rel`, sorted by name, kinds read without following
    /// links; names that are not UTF-8 come back as errors naming the folder.
    ///
    /// # Errors
    /// [`Refused`] when `rel` is not a folder reachable without links.
    pub fn list(&self, rel: &str) -> Result<Vec<Result<Entry, String>>, Refused> {
        let parts = split(rel)?;
        let dir = self.backend.folder(&parts)?;
        let mut entries = dir.list()?;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(entries
            .into_iter()
            .map(|(name, kind)| match name.into_string() {
                Ok(name) => Ok(Entry {
                    rel: format!("{rel}/{name}"),
                    kind,
                }),
                Err(name) => Err(format!("{rel}/{}", name.to_string_lossy())),
            })
            .collect())
    }

    /// Every entry beneath the folder `rel`, depth first in name order, not descending
    /// into links or hidden folders (a name starting with `.`).
    ///
    /// # Errors
    /// [`Refused`] for `rel` itself; problems below it come back per entry as
    /// `(root-relative path, problem)`.
    pub fn walk(&self, rel: &str) -> Result<Vec<Walked>, Refused> {
        let mut out = Vec::new();
        let mut stack = vec![self.list(rel)?.into_iter()];
        while let Some(top) = stack.last_mut() {
            let Some(next) = top.next() else {
                stack.pop();
                continue;
            };
            match next {
                Ok(entry) => {
                    let hidden = entry
                        .rel
                        .rsplit('/')
                        .next()
                        .is_some_and(|n| n.starts_with('.'));
                    if entry.kind == Kind::Folder && !hidden {
                        match self.list(&entry.rel) {
                            Ok(inner) => stack.push(inner.into_iter()),
                            Err(e) => out.push(Err((entry.rel.clone(), e))),
                        }
                    }
                    out.push(Ok(entry));
                }
                Err(rel) => out.push(Err((rel, Refused::NameNotUtf8))),
            }
        }
        Ok(out)
    }
}

/// `rel`'s components, refused unless it stays in the readable part of the site.
fn split(rel: &str) -> Result<Vec<&str>, Refused> {
    let parts: Vec<&str> = rel.split('/').collect();
    let plain = |p: &&str| !p.is_empty() && *p != "." && *p != ".." && !p.contains('\\');
    if !parts.iter().all(plain) || !READABLE.contains(&parts[0]) {
        return Err(Refused::Outside);
    }
    Ok(parts)
}

/// The root-relative path of the first `n` components of `parts`.
fn prefix(parts: &[&str], n: usize) -> String {
    parts[..n].join("/")
}

#[cfg(unix)]
mod backend {
    //! `openat` one component at a time (rustix), with `O_NOFOLLOW`.

    use super::{Kind, Refused, prefix};
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;
    use std::ffi::OsString;
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::os::unix::ffi::OsStringExt;
    use std::path::Path;

    /// The open root folder.
    #[derive(Debug)]
    pub(super) struct Root(OwnedFd);

    /// An open folder beneath the root, with its root-relative path.
    pub(super) struct Folder {
        fd: OwnedFd,
        rel: String,
    }

    const DIR_FLAGS: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC)
        .union(OFlags::NONBLOCK);

    fn kind_of(t: FileType) -> Kind {
        match t {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Folder,
            FileType::Symlink => Kind::Symlink,
            FileType::Fifo => Kind::Special("named pipe (FIFO)"),
            FileType::Socket => Kind::Special("socket"),
            FileType::CharacterDevice | FileType::BlockDevice => Kind::Special("device"),
            FileType::Unknown => Kind::Special("file of unknown type"),
        }
    }

    fn io(e: Errno) -> Refused {
        if e == Errno::NOENT {
            Refused::Missing
        } else {
            Refused::Io(e.into())
        }
    }

    impl Root {
        pub(super) fn open(path: &Path) -> std::io::Result<Root> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Ok(Root(rustix::fs::open(path, flags, Mode::empty())?))
        }

        /// The folder at `parts` (none: the root), opened component by component.
        pub(super) fn folder(&self, parts: &[&str]) -> Result<Folder, Refused> {
            // The root's own descriptor opens the first component (no copy of it).
            let mut fd: Option<OwnedFd> = None;
            for (n, name) in parts.iter().enumerate() {
                let parent = fd.as_ref().map_or(self.0.as_fd(), AsFd::as_fd);
                match rustix::fs::openat(parent, *name, DIR_FLAGS, Mode::empty()) {
                    Ok(next) => fd = Some(next),
                    Err(e) if e == Errno::NOENT => return Err(Refused::Missing),
                    // A link (ELOOP; EMLINK on FreeBSD) or not a folder: say which.
                    Err(e) => {
                        let at = prefix(parts, n + 1);
                        return Err(match kind_in(parent, name)? {
                            Some(Kind::Symlink) => Refused::Symlink(at),
                            Some(Kind::Special(k)) => Refused::Special(at, k),
                            Some(Kind::File) | None => Refused::Missing,
                            Some(Kind::Folder) => Refused::Io(e.into()),
                        });
                    }
                }
            }
            let fd = match fd {
                Some(fd) => fd,
                None => rustix::fs::openat(&self.0, ".", DIR_FLAGS, Mode::empty()).map_err(io)?,
            };
            Ok(Folder {
                fd,
                rel: prefix(parts, parts.len()),
            })
        }
    }

    /// The kind of `name` in the folder `dir` (not following links); `None` if missing.
    fn kind_in(dir: BorrowedFd<'_>, name: &str) -> Result<Option<Kind>, Refused> {
        match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(kind_of(FileType::from_raw_mode(st.st_mode)))),
            Err(e) if e == Errno::NOENT || e == Errno::NOTDIR => Ok(None),
            Err(e) => Err(Refused::Io(e.into())),
        }
    }

    impl Folder {
        /// The kind of `name` in this folder (not following links); `None` if missing.
        pub(super) fn kind(&self, name: &str) -> Result<Option<Kind>, Refused> {
            kind_in(self.fd.as_fd(), name)
        }

        /// Opens `name` for reading: no-follow, non-blocking (a FIFO swapped in after the
        /// check does not hang the open), no controlling terminal.
        pub(super) fn open_file(&self, name: &str) -> Result<std::fs::File, Refused> {
            let flags = OFlags::RDONLY
                | OFlags::NOFOLLOW
                | OFlags::NONBLOCK
                | OFlags::CLOEXEC
                | OFlags::NOCTTY;
            match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
                Ok(fd) => Ok(std::fs::File::from(fd)),
                Err(e) if e == Errno::LOOP || e == Errno::MLINK => {
                    Err(Refused::Symlink(self.child(name)))
                }
                Err(e) => Err(io(e)),
            }
        }

        /// The entries of this folder (name, kind), unsorted, without `.` and `..`.
        pub(super) fn list(&self) -> Result<Vec<(OsString, Kind)>, Refused> {
            let dir = rustix::fs::Dir::read_from(self.fd.as_fd()).map_err(io)?;
            let mut out = Vec::new();
            for entry in dir {
                let entry = entry.map_err(io)?;
                let name = entry.file_name().to_bytes();
                if name == b"." || name == b".." {
                    continue;
                }
                let name = OsString::from_vec(name.to_vec());
                let kind = match entry.file_type() {
                    FileType::Unknown => match name.to_str() {
                        Some(n) => self.kind(n)?.unwrap_or(Kind::Special("vanished file")),
                        None => Kind::Special("file of unknown type"),
                    },
                    t => kind_of(t),
                };
                out.push((name, kind));
            }
            Ok(out)
        }

        fn child(&self, name: &str) -> String {
            if self.rel.is_empty() {
                name.to_owned()
            } else {
                format!("{}/{name}", self.rel)
            }
        }
    }
}

#[cfg(not(unix))]
mod backend {
    pub(super) use super::portable::{Folder, Root};
}

/// The std-only backend (Windows and other non-Unix systems; tested on Unix too):
/// each component checked with `symlink_metadata`, the opened handle checked again.
#[cfg(any(not(unix), test))]
mod portable {
    use super::{Kind, Refused, prefix};
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};

    /// The root folder.
    #[derive(Debug)]
    pub(super) struct Root(PathBuf);

    /// A folder beneath the root, every component checked.
    pub(super) struct Folder {
        path: PathBuf,
        rel: String,
    }

    fn kind_of(meta: &std::fs::Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_symlink() {
            Kind::Symlink
        } else if t.is_dir() {
            Kind::Folder
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Special("special file (not a regular file)")
        }
    }

    fn lstat(path: &Path) -> Result<Option<Kind>, Refused> {
        match std::fs::symlink_metadata(path) {
            Ok(m) => Ok(Some(kind_of(&m))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Refused::Io(e)),
        }
    }

    impl Root {
        pub(super) fn open(path: &Path) -> std::io::Result<Root> {
            if std::fs::metadata(path)?.is_dir() {
                Ok(Root(path.to_path_buf()))
            } else {
                Err(std::io::Error::new(
                    std::io::ErrorKind::NotADirectory,
                    "not a folder",
                ))
            }
        }

        pub(super) fn folder(&self, parts: &[&str]) -> Result<Folder, Refused> {
            let mut path = self.0.clone();
            for (n, name) in parts.iter().enumerate() {
                path.push(name);
                let at = prefix(parts, n + 1);
                match lstat(&path)? {
                    Some(Kind::Folder) => {}
                    Some(Kind::Symlink) => return Err(Refused::Symlink(at)),
                    Some(Kind::Special(k)) => return Err(Refused::Special(at, k)),
                    Some(Kind::File) | None => return Err(Refused::Missing),
                }
            }
            Ok(Folder {
                path,
                rel: prefix(parts, parts.len()),
            })
        }
    }

    impl Folder {
        pub(super) fn kind(&self, name: &str) -> Result<Option<Kind>, Refused> {
            lstat(&self.path.join(name))
        }

        pub(super) fn open_file(&self, name: &str) -> Result<std::fs::File, Refused> {
            let path = self.path.join(name);
            let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Refused::Missing,
                _ => Refused::Io(e),
            })?;
            // Opened through a link swapped in after the check: the path is now a link.
            if lstat(&path)? != Some(Kind::File) {
                let rel = if self.rel.is_empty() {
                    name.to_owned()
                } else {
                    format!("{}/{name}", self.rel)
                };
                return Err(Refused::Symlink(rel));
            }
            Ok(file)
        }

        pub(super) fn list(&self) -> Result<Vec<(OsString, Kind)>, Refused> {
            let mut out = Vec::new();
            for entry in std::fs::read_dir(&self.path).map_err(Refused::Io)? {
                let entry = entry.map_err(Refused::Io)?;
                let kind = match entry.file_type() {
                    Ok(t) if t.is_symlink() => Kind::Symlink,
                    Ok(t) if t.is_dir() => Kind::Folder,
                    Ok(t) if t.is_file() => Kind::File,
                    Ok(_) => Kind::Special("special file (not a regular file)"),
                    Err(e) => return Err(Refused::Io(e)),
                };
                out.push((entry.file_name(), kind));
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    const SECRET: &[u8] = b"OUTSIDE-SECRET-4f1c";

    /// A site beside an outside folder holding a secret, with links into it.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let outside = dir.path().join("outside");
        let root = dir.path().join("site");
        for d in [&outside, &root.join("content/2022"), &root.join("static")] {
            std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        let write =
            |p: &Path, b: &[u8]| std::fs::write(p, b).unwrap_or_else(|e| panic!("write: {e}"));
        write(&outside.join("secret.txt"), SECRET);
        write(&root.join("site.yaml"), b"title: T\n");
        write(&root.join("content/2022/a.md"), b"# a\n");
        write(&root.join("output-secret"), SECRET);
        let link = |to: &Path, at: &str| {
            symlink(to, root.join(at)).unwrap_or_else(|e| panic!("symlink: {e}"))
        };
        link(&outside, "content/out");
        link(&outside.join("secret.txt"), "content/secret.txt");
        link(&root.join("content/2022"), "content/inside");
        link(&root.join("content/2022/a.md"), "content/b.md");
        link(Path::new("/etc"), "static/etc");
        (dir, root)
    }

    #[test]
    fn reads_plain_files_beneath_the_readable_folders() {
        let (_dir, root) = site();
        let gate = SiteRoot::open(&root).unwrap_or_else(|e| panic!("open: {e}"));
        assert_eq!(gate.read("content/2022/a.md").ok(), Some(b"# a\n".to_vec()));
        assert_eq!(gate.read("site.yaml").ok(), Some(b"title: T\n".to_vec()));
        assert_eq!(gate.kind("content/2022").ok(), Some(Kind::Folder));
        assert!(
            gate.read("content/2022/none.md")
                .is_err_and(|e| e.is_missing())
        );
        assert!(
            gate.read("content/2022/a.md/x")
                .is_err_and(|e| e.is_missing())
        );
    }

    #[test]
    fn refuses_every_link_inside_or_outside_and_every_way_out() {
        let (_dir, root) = site();
        let gate = SiteRoot::open(&root).unwrap_or_else(|e| panic!("open: {e}"));
        let symlink_at = |rel: &str, at: &str| match gate.read(rel) {
            Err(Refused::Symlink(a)) => assert_eq!(a, at, "{rel}"),
            other => panic!("{rel}: {other:?}"),
        };
        symlink_at("content/out/secret.txt", "content/out");
        symlink_at("content/secret.txt", "content/secret.txt");
        symlink_at("content/inside/a.md", "content/inside");
        symlink_at("content/b.md", "content/b.md");
        symlink_at("static/etc/passwd", "static/etc");
        for rel in [
            "content/../output-secret",
            "output-secret",
            "/etc/passwd",
            "content//2022/a.md",
            "content/./2022/a.md",
            "",
            "output/index.html",
        ] {
            assert!(matches!(gate.read(rel), Err(Refused::Outside)), "{rel}");
        }
        assert_eq!(gate.kind("content/out").ok(), Some(Kind::Symlink));
        assert!(matches!(gate.list("content/out"), Err(Refused::Symlink(_))));
    }

    #[test]
    fn fifos_are_refused_without_being_opened() {
        let (_dir, root) = site();
        let fifo = root.join("content/2022/pipe.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            panic!("mkfifo is needed for this test");
        }
        let gate = SiteRoot::open(&root).unwrap_or_else(|e| panic!("open: {e}"));
        // Opening a FIFO for reading would block here forever: the gate never does.
        assert!(matches!(
            gate.read("content/2022/pipe.pdf"),
            Err(Refused::Special(_, "named pipe (FIFO)"))
        ));
        assert!(matches!(
            gate.read("content/2022/pipe.pdf/x"),
            Err(Refused::Missing | Refused::Special(..))
        ));
    }

    #[test]
    fn walks_without_entering_links() {
        let (_dir, root) = site();
        let gate = SiteRoot::open(&root).unwrap_or_else(|e| panic!("open: {e}"));
        let walked: Vec<(String, Kind)> = gate
            .walk("content")
            .unwrap_or_else(|e| panic!("walk: {e}"))
            .into_iter()
            .map(|e| {
                e.map(|e| (e.rel, e.kind))
                    .unwrap_or_else(|(r, e)| panic!("{r}: {e}"))
            })
            .collect();
        let expected = [
            ("content/2022", Kind::Folder),
            ("content/2022/a.md", Kind::File),
            ("content/b.md", Kind::Symlink),
            ("content/inside", Kind::Symlink),
            ("content/out", Kind::Symlink),
            ("content/secret.txt", Kind::Symlink),
        ];
        let expected: Vec<(String, Kind)> = expected
            .iter()
            .map(|(r, k)| ((*r).to_owned(), *k))
            .collect();
        assert_eq!(walked, expected);
    }

    #[test]
    fn the_portable_backend_refuses_the_same_links() {
        let (_dir, root) = site();
        let gate = portable::Root::open(&root).unwrap_or_else(|e| panic!("open: {e}"));
        let read = |parts: &[&str]| -> Result<Vec<u8>, Refused> {
            let (last, folders) = parts.split_last().ok_or(Refused::Outside)?;
            let dir = gate.folder(folders)?;
            match dir.kind(last)? {
                Some(Kind::File) => {}
                other => return Err(Refused::Folder(format!("{other:?}"))),
            }
            let mut bytes = Vec::new();
            dir.open_file(last)?
                .read_to_end(&mut bytes)
                .map_err(Refused::Io)?;
            Ok(bytes)
        };
        assert_eq!(
            read(&["content", "2022", "a.md"]).ok(),
            Some(b"# a\n".to_vec())
        );
        assert!(
            matches!(read(&["content", "out", "secret.txt"]), Err(Refused::Symlink(at)) if at == "content/out")
        );
        assert!(matches!(
            read(&["static", "etc", "passwd"]),
            Err(Refused::Symlink(_))
        ));
        assert!(matches!(
            read(&["content", "secret.txt"]),
            Err(Refused::Folder(_))
        ));
        assert!(matches!(
            read(&["content", "none"]),
            Err(Refused::Folder(_))
        ));
        let dir = gate
            .folder(&["content"])
            .unwrap_or_else(|e| panic!("folder: {e}"));
        assert!(matches!(
            dir.open_file("secret.txt"),
            Err(Refused::Symlink(_))
        ));
        let mut names: Vec<(String, Kind)> = dir
            .list()
            .unwrap_or_else(|e| panic!("list: {e}"))
            .into_iter()
            .map(|(n, k)| (n.to_string_lossy().into_owned(), k))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(names[0], ("2022".to_owned(), Kind::Folder));
        assert_eq!(names[4], ("secret.txt".to_owned(), Kind::Symlink));
    }
}
