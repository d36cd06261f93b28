//! File watching for `serve`: notify events → classified, batched change sets.
//!
//! The watcher watches folders only (never single files, which editors replace on save):
//! `content/`, `templates/`, `static/` and `themes/` recursively, and the site root
//! non-recursively for `site.yaml` and for those folders appearing later. Whether an
//! event matters is decided by the pure [`classify`]; batching is [`collect_batch`]:
//! after the first relevant event, keep draining until the channel has been quiet for
//! the debounce window, so a rename-style save (temp file, write, rename over) is one
//! batch and one rebuild.

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders under the root that hold site sources (watched recursively).
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Which kind of source changed (what the terminal reports; only a batch of nothing but
/// `Content` changes may be patched, see [`Batch::patchable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A bulletin or a file beside it (`content/`).
    Content,
    /// A root-level template override (`templates/`).
    Template,
    /// A root-level static file (`static/`).
    Static,
    /// Anything under `themes/`.
    Theme,
    /// `site.yaml`.
    Config,
    /// The watcher lost track (overflow) and everything must be rescanned.
    Rescan,
}

/// Names editors write while saving, or leave behind: never worth a rebuild.
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        ".swp",
        ".swx",
        ".swo",
        "~",
        ".tmp",
        ".bck",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
        ".crswap",
    ];
    if name.starts_with('.') || SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return true;
    }
    if name.len() > 2 && name.starts_with('#') && name.ends_with('#') {
        return true; // emacs auto-save
    }
    // vim's write probe: 4913, then 4913 + 123·k while those exist.
    name.parse::<u32>()
        .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0 && n < 4913 + 123 * 100)
}

/// What a change at `path` means for the site under `root`, or `None` when it does not
/// matter (outside the sources, `output/`, dotfiles, editor temp files).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()?;
    let (first, name) = (parts.first()?, parts.last()?);
    if parts.iter().any(|p| p.starts_with('.')) || is_editor_temp(name) {
        return None;
    }
    match *first {
        "content" => Some(ChangeKind::Content),
        "templates" => Some(ChangeKind::Template),
        "static" => Some(ChangeKind::Static),
        "themes" => Some(ChangeKind::Theme),
        "site.yaml" if parts.len() == 1 => Some(ChangeKind::Config),
        _ => None,
    }
}

/// Whether a notify event kind can change a source (reads and attribute-only changes
/// cannot; the build itself reads every file, which must not trigger another build).
pub fn is_mutation(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => {
            matches!(m, MetadataKind::WriteTime | MetadataKind::Any)
        }
        _ => true,
    }
}

/// A message for the rebuild loop.
#[derive(Debug)]
pub enum Message {
    /// Something happened in the file system.
    Fs(notify::Result<notify::Event>),
    /// Stop the loop (Ctrl-C).
    Stop,
}

/// One batch of relevant changes.
#[derive(Debug, Default)]
pub struct Batch {
    /// The kinds of source that changed.
    pub kinds: BTreeSet<ChangeKind>,
    /// Every root-relative path that changed, up to [`MAX_TRACKED`] (then `overflow`).
    pub all_paths: BTreeSet<String>,
    /// More paths changed than `all_paths` holds.
    pub overflow: bool,
    /// Watched top-level folders that were (re)created and need a new watch.
    pub new_roots: BTreeSet<PathBuf>,
    /// Watcher errors seen while collecting.
    pub errors: Vec<String>,
    /// When the first relevant event arrived (for latency reports).
    pub first_seen: Option<Instant>,
}

/// How many changed paths a batch tracks one by one.
pub const MAX_TRACKED: usize = 256;

impl Batch {
    /// Whether the batch holds only content changes whose every path is known (and the
    /// watcher reported no trouble): the rebuild may patch the last good build.
    pub fn patchable(&self) -> bool {
        self.kinds.len() == 1
            && self.kinds.contains(&ChangeKind::Content)
            && !self.overflow
            && self.errors.is_empty()
            && !self.all_paths.is_empty()
    }

    /// Whether anything in the batch calls for a rebuild.
    pub fn is_dirty(&self) -> bool {
        !self.kinds.is_empty()
    }

    pub(crate) fn add(&mut self, root: &Path, event: &notify::Event) {
        if event.need_rescan() {
            self.kinds.insert(ChangeKind::Rescan);
        }
        if !is_mutation(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(kind) = classify(root, path) {
                self.kinds.insert(kind);
                let rel = crate::source::rel_path(root, path);
                if self.all_paths.len() < MAX_TRACKED {
                    self.all_paths.insert(rel);
                } else if !self.all_paths.contains(&rel) {
                    self.overflow = true;
                }
                if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_))
                    && path.parent() == Some(root)
                    && path.is_dir()
                {
                    self.new_roots.insert(path.clone());
                }
            }
        }
        if self.is_dirty() && self.first_seen.is_none() {
            self.first_seen = Some(Instant::now());
        }
    }
}

/// Outcome of waiting for changes.
#[derive(Debug)]
pub enum Collected {
    /// A batch with at least one relevant change.
    Batch(Batch),
    /// Stop was requested, or every sender is gone.
    Stop,
    /// No relevant change came within the idle time.
    Idle,
}

/// Waits for the first relevant change, then drains the channel until it has been quiet
/// for `debounce` (at most `max_wait` in all, so a busy writer cannot starve rebuilds).
/// With `idle`, gives up waiting for a first change after that long
/// ([`Collected::Idle`]).
pub fn collect_batch(
    root: &Path,
    rx: &Receiver<Message>,
    debounce: Duration,
    max_wait: Duration,
    idle: Option<Duration>,
) -> Collected {
    let mut batch = Batch::default();
    let idle_until = idle.map(|d| Instant::now() + d);
    loop {
        let msg = if let Some(first) = batch.first_seen {
            let left = max_wait.saturating_sub(first.elapsed());
            if left.is_zero() {
                return Collected::Batch(batch);
            }
            match rx.recv_timeout(debounce.min(left)) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return Collected::Batch(batch),
                Err(RecvTimeoutError::Disconnected) => return Collected::Stop,
            }
        } else if let Some(until) = idle_until {
            match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return Collected::Idle,
                Err(RecvTimeoutError::Disconnected) => return Collected::Stop,
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => return Collected::Stop,
            }
        };
        match msg {
            Message::Stop => return Collected::Stop,
            Message::Fs(Ok(event)) => batch.add(root, &event),
            Message::Fs(Err(e)) => {
                batch.errors.push(e.to_string());
                batch.kinds.insert(ChangeKind::Rescan);
                if batch.first_seen.is_none() {
                    batch.first_seen = Some(Instant::now());
                }
            }
        }
    }
}

/// How to detect changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WatchMode {
    /// The operating system's notifications (inotify, FSEvents, ReadDirectoryChangesW).
    #[default]
    Native,
    /// Scan the folders periodically (network drives, WSL, containers).
    Poll,
}

/// Starts a watcher that sends every event to `tx`, watching the sources of `root`.
///
/// # Errors
/// A message naming the folder that could not be watched.
pub fn start_watcher(
    root: &Path,
    mode: WatchMode,
    tx: Sender<Message>,
) -> Result<Box<dyn Watcher + Send>, String> {
    let handler = move |res: notify::Result<notify::Event>| {
        let _ = tx.send(Message::Fs(res));
    };
    let mut watcher: Box<dyn Watcher + Send> = match mode {
        WatchMode::Native => Box::new(
            notify::recommended_watcher(handler).map_err(|e| format!("cannot watch files: {e}"))?,
        ),
        WatchMode::Poll => {
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(false);
            Box::new(
                notify::PollWatcher::new(handler, config)
                    .map_err(|e| format!("cannot watch files: {e}"))?,
            )
        }
    };
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watch_tree(watcher.as_mut(), &path)?;
        }
    }
    Ok(watcher)
}

/// Watches one source folder recursively (also when it appears after startup).
///
/// # Errors
/// A message naming the folder.
pub fn watch_tree(watcher: &mut dyn Watcher, path: &Path) -> Result<(), String> {
    watcher
        .watch(path, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, RenameMode};
    use std::sync::mpsc::channel;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let table: &[(&str, Option<ChangeKind>)] = &[
            ("/site/content/2022/q1/a.md", Some(ChangeKind::Content)),
            ("/site/content/2022/q1/chart.png", Some(ChangeKind::Content)),
            ("/site/content/2023", Some(ChangeKind::Content)),
            ("/site/content", Some(ChangeKind::Content)),
            ("/site/templates/base.html", Some(ChangeKind::Template)),
            ("/site/static/site.css", Some(ChangeKind::Static)),
            ("/site/themes/x/templates/a.html", Some(ChangeKind::Theme)),
            ("/site/site.yaml", Some(ChangeKind::Config)),
            ("/site/content/site.yaml", Some(ChangeKind::Content)),
            ("/site/output/index.html", None),
            ("/site/README.md", None),
            ("/site/content/a.md.swp", None),
            ("/site/content/.a.md.swp", None),
            ("/site/content/a.md.swx", None),
            ("/site/content/a.md~", None),
            ("/site/content/4913", None),
            ("/site/content/5036", None),
            ("/site/content/2022", Some(ChangeKind::Content)),
            ("/site/content/#a.md#", None),
            ("/site/content/.#a.md", None),
            ("/site/content/a.md___jb_tmp___", None),
            ("/site/content/a.md___jb_old___", None),
            ("/site/content/a.md.bck", None),
            ("/site/content/a.md.kate-swp", None),
            ("/site/content/a.md.tmp", None),
            ("/site/content/.hidden/a.md", None),
            ("/site/.git/index", None),
            ("/site/.site.yaml.swp", None),
            ("/site/site.yaml~", None),
            ("/elsewhere/content/a.md", None),
        ];
        for (path, want) in table {
            assert_eq!(classify(root, Path::new(path)), *want, "{path}");
        }
    }

    /// [`collect_batch`] for a site at `/site`, with a 20 ms debounce.
    fn collect(rx: &std::sync::mpsc::Receiver<Message>, idle: Option<Duration>) -> Collected {
        collect_batch(
            Path::new("/site"),
            rx,
            Duration::from_millis(20),
            Duration::from_secs(5),
            idle,
        )
    }

    fn event(kind: EventKind, paths: &[&str]) -> Message {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Message::Fs(Ok(e))
    }

    #[test]
    fn reads_and_attributes_are_not_mutations() {
        assert!(!is_mutation(&EventKind::Access(AccessKind::Any)));
        assert!(!is_mutation(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_mutation(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_mutation(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn rename_style_save_is_one_batch() {
        let (tx, rx) = channel();
        for m in [
            event(
                EventKind::Create(CreateKind::File),
                &["/site/content/.a.md.tmp"],
            ),
            event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["/site/content/.a.md.tmp"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/content/.a.md.tmp", "/site/content/a.md"],
            ),
            event(EventKind::Create(CreateKind::File), &["/site/content/a.md"]),
        ] {
            tx.send(m).unwrap();
        }
        let Collected::Batch(batch) = collect(&rx, None) else {
            panic!("expected a batch");
        };
        assert_eq!(batch.kinds, BTreeSet::from([ChangeKind::Content]));
        assert_eq!(batch.all_paths, BTreeSet::from(["content/a.md".to_owned()]));
        tx.send(Message::Stop).unwrap();
        assert!(matches!(collect(&rx, None), Collected::Stop));
    }

    #[test]
    fn waiting_can_end_idle() {
        let (tx, rx) = channel();
        let wait = |idle| collect(&rx, idle);
        // Irrelevant events do not count as activity.
        tx.send(event(
            EventKind::Access(AccessKind::Any),
            &["/site/content/a.md"],
        ))
        .unwrap();
        assert!(matches!(
            wait(Some(Duration::from_millis(30))),
            Collected::Idle
        ));
        tx.send(event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &["/site/content/a.md"],
        ))
        .unwrap();
        assert!(matches!(
            wait(Some(Duration::from_millis(30))),
            Collected::Batch(b) if b.all_paths.contains("content/a.md") && b.patchable()
        ));
    }

    #[test]
    fn temp_files_alone_never_make_a_batch() {
        let (tx, rx) = channel();
        tx.send(event(
            EventKind::Create(CreateKind::File),
            &["/site/content/4913"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Access(AccessKind::Any),
            &["/site/content/a.md"],
        ))
        .unwrap();
        tx.send(Message::Stop).unwrap();
        assert!(matches!(collect(&rx, None), Collected::Stop));
    }
}
