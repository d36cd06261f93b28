//! `bantin serve`: builds the site into memory, serves it over HTTP with live reload, and
//! rebuilds after every batch of source changes: a [`patch`] of the pages that show the
//! edited bulletins when a save only changes what they say, else the whole pipeline,
//! memoised by [`cache`]. After a patch and [`RECONCILE_AFTER`] of quiet, a silent full
//! build checks it. The check stays because a patch trusts the watcher's list of changed
//! files, and watchers can miss a change (network folders, lost events); the differential
//! test (`differential_tests.rs`) shows patches equal full builds when the list is
//! right, so a difference it finds is reported as a missed change or a bantin bug.
//!
//! Threads: the caller's thread runs the HTTP server (a current-thread tokio runtime)
//! until Ctrl-C; a second thread waits for file changes ([`watch`]) and rebuilds; both
//! share one [`server::ServerState`] behind an `Arc`. The
//! library prints nothing: everything worth telling goes to the caller's logger as a
//! [`ServeEvent`]. `output/` is never touched.

pub mod cache;
#[cfg(test)]
mod differential_tests;
pub mod patch;
pub mod server;
pub mod watch;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::lang::Language;
use crate::messages::Catalog;
use crate::pipeline::load_memo;
use crate::render::{RenderKeys, render_site_memo};
use crate::site::Drafts;
use crate::urls::Urls;
use cache::{BuildCache, Generation, Reuse};
use server::{ServerState, SiteFiles, Snapshot};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
pub use watch::{ChangeKind, WatchMode};

/// What `serve` should do; filled in by the CLI or by tests.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to listen on (default 127.0.0.1).
    pub bind: IpAddr,
    /// Port (default 1111; 0 picks a free one).
    pub port: u16,
    /// Publish drafts too?
    pub drafts: Drafts,
    /// How to detect changes.
    pub watch: WatchMode,
    /// How long the file system must be quiet before a rebuild starts.
    pub debounce: Duration,
    /// The language of the error overlay (`--lang`); `None`: `site.yaml`'s `language:`.
    pub language: Option<Language>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: Drafts::Exclude,
            watch: WatchMode::Native,
            debounce: Duration::from_millis(30),
            language: None,
        }
    }
}

/// What happened, for the caller to show (the library prints nothing).
#[derive(Debug)]
pub enum ServeEvent {
    /// The server is ready at `url`.
    Listening {
        /// `http://127.0.0.1:PORT/`.
        url: String,
        /// The bound address.
        address: SocketAddr,
        /// False when reachable from other machines (warn the user).
        loopback: bool,
    },
    /// Sources changed; a rebuild starts.
    Changed {
        /// Which kinds of source changed.
        kinds: Vec<ChangeKind>,
        /// Some of the changed paths, relative to the root.
        paths: Vec<String>,
    },
    /// A build succeeded and is being served.
    Built(BuildSummary),
    /// A build failed; the last good site is still served, with an error overlay.
    Failed {
        /// Build number.
        build: u64,
        /// Every diagnostic (errors and warnings), sorted.
        diagnostics: Vec<Diagnostic>,
        /// Whether an earlier good site is still being served.
        serving_previous: bool,
    },
    /// The watcher reported a problem (changes may be missed until the next rebuild).
    WatchError(String),
    /// Ctrl-C: the server stopped.
    Stopped,
}

/// What one successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// Build number (1 is the first build).
    pub build: u64,
    /// Bulletins published.
    pub bulletins: usize,
    /// Files in the served site.
    pub files: usize,
    /// Files whose bytes differ from the previous site (all of them for the first build).
    pub changed: usize,
    /// What the caches saved.
    pub reuse: Reuse,
    /// From the first change seen to the reload signal (or the build time, for the first).
    pub elapsed: Duration,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Whether only the pages showing the edited bulletins were rendered (a patch), not
    /// the whole site.
    pub patched: bool,
}

/// Builds the site, serves it at `opts.bind:opts.port` and rebuilds on every change until
/// Ctrl-C. `log` receives everything worth telling the user.
///
/// # Errors
/// [`Error::Usage`] for a missing root or `site.yaml`; [`Error::Runtime`] when the address
/// cannot be bound (busy port) or the file watcher cannot start.
pub fn serve(opts: &ServeOptions, log: &(dyn Fn(ServeEvent) + Sync)) -> Result<()> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        Error::Usage(format!(
            "cannot use {} as the site root: {e}",
            opts.root.display()
        ))
    })?;
    crate::pipeline::load_config(&crate::pipeline::open_root(&root)?)?;
    let listener = std::net::TcpListener::bind((opts.bind, opts.port)).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            " (is another `bantin serve` running? stop it, or pick another port with --port, or --port 0 for any free one)"
        } else {
            ""
        };
        Error::Runtime(format!(
            "cannot listen on {}: {e}{hint}",
            SocketAddr::new(opts.bind, opts.port)
        ))
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the server address: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Runtime(format!("cannot listen on {address}: {e}")))?;
    let loopback = address.ip().is_loopback();
    let url = site_url(address);
    let instance = instance_id();
    let state =
        Arc::new(ServerState::new(address.port(), loopback, instance).bound_to(address.ip()));

    // Watch before the first build, so no change made during it is lost.
    let (tx, rx) = channel();
    let watcher = watch::start_watcher(&root, opts.watch, tx.clone()).map_err(Error::Runtime)?;
    let mut builder = Rebuilder::new(root.clone(), opts.drafts, url.clone());
    builder.language = opts.language;
    builder.rebuild(&state, None, None, log);
    log(ServeEvent::Listening {
        url,
        address,
        loopback,
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start the server: {e}")))?;
    let served = std::thread::scope(|scope| {
        let loop_state = Arc::clone(&state);
        let debounce = opts.debounce;
        scope.spawn(move || {
            rebuild_loop(builder, watcher, &rx, debounce, &loop_state, log);
        });
        let served = runtime.block_on(run_server(listener, Arc::clone(&state)));
        // Stop the rebuild loop whatever ended the server.
        let _ = tx.send(watch::Message::Stop);
        served
    });
    log(ServeEvent::Stopped);
    served
}

/// The URL pages are served (and linked) at. Bound to every interface (`--bind 0.0.0.0`,
/// to preview on a phone), pages link to this machine's network address, which works
/// from the phone and from this machine alike; loopback when it has none.
fn site_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        ip if ip.is_unspecified() => network_address(ip).unwrap_or(match ip {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        }),
        ip => ip,
    };
    match ip {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", address.port()),
    }
}

/// The address other machines reach this one at: the source address the system would
/// use towards a documentation-only address (RFC 5737/3849). Connecting a UDP socket
/// sends nothing; `None` without a route or with only loopback.
fn network_address(any: IpAddr) -> Option<IpAddr> {
    let probe: SocketAddr = match any {
        IpAddr::V4(_) => SocketAddr::from(([192, 0, 2, 1], 9)),
        IpAddr::V6(_) => SocketAddr::from(([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], 9)),
    };
    let socket = std::net::UdpSocket::bind(SocketAddr::new(any, 0)).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// Distinguishes this server run from the next, so open pages reload after a restart.
fn instance_id() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    xxhash_rust::xxh3::xxh3_64(format!("{nanos}:{}", std::process::id()).as_bytes())
}

async fn run_server(listener: std::net::TcpListener, state: Arc<ServerState>) -> Result<()> {
    let address = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the server address: {e}")))?;
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|e| Error::Runtime(format!("cannot listen on {address}: {e}")))?;
    let app = server::router(state);
    tokio::select! {
        res = axum::serve(listener, app) => {
            res.map_err(|e| Error::Runtime(format!("server on {address} stopped: {e}")))
        }
        () = shutdown_signal() => Ok(()),
    }
}

/// Ctrl-C (and SIGTERM on Unix).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn rebuild_loop(
    mut builder: Rebuilder,
    mut watcher: Box<dyn notify::Watcher + Send>,
    rx: &Receiver<watch::Message>,
    debounce: Duration,
    state: &ServerState,
    log: &(dyn Fn(ServeEvent) + Sync),
) {
    let root = builder.root.clone();
    loop {
        let idle = builder.reconcile_due.then_some(RECONCILE_AFTER);
        let batch = match watch::collect_batch(&root, rx, debounce, Duration::from_secs(1), idle) {
            watch::Collected::Stop => return,
            watch::Collected::Idle => {
                builder.reconcile(state, log);
                continue;
            }
            watch::Collected::Batch(b) => b,
        };
        for e in &batch.errors {
            log(ServeEvent::WatchError(e.clone()));
        }
        // A source folder created (or re-created) after startup needs its own watch.
        for dir in &batch.new_roots {
            if let Err(e) = watch::watch_tree(watcher.as_mut(), dir) {
                log(ServeEvent::WatchError(e));
            }
        }
        log(ServeEvent::Changed {
            kinds: batch.kinds.iter().copied().collect(),
            paths: batch.all_paths.iter().take(8).cloned().collect(),
        });
        builder.rebuild_batch(state, &batch, log);
    }
}

/// Runs builds and publishes their results.
struct Rebuilder {
    root: PathBuf,
    drafts: Drafts,
    base_url: String,
    generation: Generation,
    builds: u64,
    site_version: u64,
    had_problems: bool,
    /// What the last build left for patching, when it was good.
    retained: Option<Box<patch::Retained>>,
    /// A patch was served and no full build has checked it yet.
    reconcile_due: bool,
    /// The overlay's language, when given (else `site.yaml`'s).
    language: Option<Language>,
}

/// How long the sources must be quiet after a patch before a full build checks it.
pub const RECONCILE_AFTER: Duration = Duration::from_secs(5);

/// What a good build did, for the terminal.
struct Outcome {
    build: u64,
    changed: usize,
    reuse: Reuse,
    start: Instant,
    patched: bool,
}

/// What one build produced.
enum Built {
    Good {
        generation: Box<Generation>,
        retained: Box<patch::Retained>,
        reuse: Reuse,
    },
    Bad(Vec<Diagnostic>),
}

impl Rebuilder {
    /// A rebuilder for the site at `root`, served at `base_url`, before its first build.
    fn new(root: PathBuf, drafts: Drafts, base_url: String) -> Self {
        Rebuilder {
            root,
            drafts,
            base_url,
            generation: Generation::default(),
            builds: 0,
            site_version: 0,
            had_problems: false,
            retained: None,
            reconcile_due: false,
            language: None,
        }
    }

    /// Serves the good build `done` (its site `files`, `self.retained` its state) and
    /// sends `signals` to open pages.
    fn publish_good(
        &self,
        state: &ServerState,
        files: Arc<SiteFiles>,
        signals: Vec<server::Signal>,
        done: &Outcome,
        log: &(dyn Fn(ServeEvent) + Sync),
    ) {
        let count = files.len();
        state.publish(
            Snapshot {
                site_version: self.site_version,
                builds: done.build,
                files: Some(files),
                problems: Arc::new(Vec::new()),
            },
            signals,
        );
        let (bulletins, warnings) = self
            .retained
            .as_ref()
            .map(|r| (r.site.bulletins.len(), r.warnings.clone()))
            .unwrap_or_default();
        log(ServeEvent::Built(BuildSummary {
            build: done.build,
            bulletins,
            files: count,
            changed: done.changed,
            reuse: done.reuse,
            elapsed: done.start.elapsed(),
            warnings,
            patched: done.patched,
        }));
    }

    /// Rebuilds after the watcher's `batch`: a patch when it holds only content changes
    /// at known paths, else a full build.
    fn rebuild_batch(
        &mut self,
        state: &ServerState,
        batch: &watch::Batch,
        log: &(dyn Fn(ServeEvent) + Sync),
    ) {
        let patchable = batch.patchable().then_some(&batch.all_paths);
        self.rebuild(state, batch.first_seen, patchable, log);
    }

    /// Rebuilds after the changes at `patchable` (root-relative paths, when the batch
    /// holds only content changes and every path is known), patching the last good
    /// build when it can, else building the whole site.
    fn rebuild(
        &mut self,
        state: &ServerState,
        first_seen: Option<Instant>,
        patchable: Option<&std::collections::BTreeSet<String>>,
        log: &(dyn Fn(ServeEvent) + Sync),
    ) {
        let start = first_seen.unwrap_or_else(Instant::now);
        let build = self.builds + 1;
        if let (Some(paths), Some(retained), false) =
            (patchable, self.retained.as_mut(), self.had_problems)
            && let Some(done) = patch::try_patch(
                &self.root,
                &self.base_url,
                retained,
                &mut self.generation,
                paths,
            )
        {
            self.builds = build;
            // The watcher was trusted: check against a full build once things are quiet.
            self.reconcile_due = true;
            let files = Arc::clone(self.generation.files());
            let mut signals = Vec::new();
            if done.changed > 0 {
                self.site_version = build;
                signals.push(server::Signal::Reload(build));
            }
            let done = Outcome {
                build,
                changed: done.changed,
                reuse: done.reuse,
                start,
                patched: true,
            };
            self.publish_good(state, files, signals, &done, log);
            return;
        }
        self.full_build(state, start, false, log);
    }

    /// After patches, once the sources have been quiet for [`RECONCILE_AFTER`]: a full
    /// build, so the served site converges to the sources even if the watcher missed a
    /// change. Says nothing and counts no build when it finds the site as served.
    fn reconcile(&mut self, state: &ServerState, log: &(dyn Fn(ServeEvent) + Sync)) {
        self.full_build(state, Instant::now(), true, log);
    }

    /// Runs the whole pipeline (memoised) and publishes the result; `quiet` for
    /// [`Self::reconcile`].
    fn full_build(
        &mut self,
        state: &ServerState,
        start: Instant,
        quiet: bool,
        log: &(dyn Fn(ServeEvent) + Sync),
    ) {
        self.reconcile_due = false;
        let build = self.builds + 1;
        let prev = state.snapshot();
        // A full build takes the bulletins of the last one rather than cloning them.
        if let Some(retained) = self.retained.take() {
            let patch::Retained { mut site, .. } = *retained;
            self.generation.keep_bulletins(
                std::mem::take(&mut site.by_path),
                std::mem::take(&mut site.bulletins),
            );
            drop_later(site);
        }
        match build_site(&self.root, self.drafts, &self.base_url, &self.generation) {
            Built::Good {
                generation,
                retained,
                reuse,
            } => {
                let files = Arc::clone(generation.files());
                // One pass over the site: how many files changed, and whether only CSS did.
                let (changed, css_only) = match prev.files.as_deref() {
                    Some(old) => changed_paths(old, &files)
                        .fold((0, true), |(n, css), p| (n + 1, css && p.ends_with(".css"))),
                    None => (files.len(), false),
                };
                let css_only = css_only && changed > 0;
                if quiet && changed == 0 && !self.had_problems {
                    // As served: keep the fresh caches, tell nobody.
                    let old = std::mem::replace(&mut self.generation, *generation);
                    drop_later(old);
                    self.retained = Some(retained);
                    return;
                }
                self.builds = build;
                if quiet {
                    log(ServeEvent::WatchError(format!(
                        "{changed} file(s) served after a patch differed from a full rebuild, now served instead: a change the file watcher did not report, or a bantin bug (please report it, saying which files you had changed)"
                    )));
                }
                let mut signals = Vec::new();
                if changed > 0 || prev.files.is_none() {
                    self.site_version = build;
                    signals.push(if css_only {
                        server::Signal::Css(build)
                    } else {
                        server::Signal::Reload(build)
                    });
                }
                if self.had_problems {
                    signals.insert(0, server::Signal::Errors(Arc::new(Vec::new())));
                }
                self.had_problems = false;
                // The old generation is dropped off the reload path.
                let old = std::mem::replace(&mut self.generation, *generation);
                drop_later(old);
                self.retained = Some(retained);
                let done = Outcome {
                    build,
                    changed,
                    reuse,
                    start,
                    patched: false,
                };
                self.publish_good(state, files, signals, &done, log);
            }
            Built::Bad(diagnostics) => {
                self.builds = build;
                let language = self
                    .language
                    .or_else(|| crate::messages::site_language(&self.root))
                    .unwrap_or_default();
                let catalog = Catalog::new(language);
                let problems: Arc<Vec<String>> = Arc::new(
                    diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(|d| d.render(&catalog))
                        .collect(),
                );
                self.had_problems = true;
                state.publish(
                    Snapshot {
                        site_version: self.site_version,
                        builds: build,
                        files: prev.files.clone(),
                        problems: Arc::clone(&problems),
                    },
                    vec![server::Signal::Errors(problems)],
                );
                log(ServeEvent::Failed {
                    build,
                    diagnostics,
                    serving_previous: prev.files.is_some(),
                });
            }
        }
    }
}

/// One whole build from the sources into memory, reusing `prev` where inputs are unchanged.
fn build_site(root: &Path, drafts: Drafts, base_url: &str, prev: &Generation) -> Built {
    let cache = BuildCache::new(prev);
    let loaded = match load_memo(root, drafts, Some(&cache)) {
        Ok(l) => l,
        Err(e) => return Built::Bad(vec![error_diagnostic(&e)]),
    };
    let mut diagnostics = loaded.diagnostics;
    let Some(theme) = loaded
        .theme
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error))
    else {
        Diagnostic::sort(&mut diagnostics);
        return Built::Bad(diagnostics);
    };
    let urls = Urls::new(base_url);
    let keys = RenderKeys::new(&loaded.site, &theme, &urls);
    let outcome = render_site_memo(
        &loaded.root,
        &loaded.site,
        &theme,
        &urls,
        &cache,
        Some((&cache, &keys)),
    );
    diagnostics.extend(outcome.diagnostics);
    Diagnostic::sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Built::Bad(diagnostics);
    }
    Built::Good {
        reuse: cache.reuse(),
        generation: Box::new(cache.into_generation()),
        retained: Box::new(patch::Retained {
            site: loaded.site,
            theme,
            keys,
            warnings: diagnostics,
        }),
    }
}

/// A diagnostic for an error that stopped a build before any content was checked.
fn error_diagnostic(e: &Error) -> Diagnostic {
    match e {
        Error::Io { path, source } => Diagnostic::error(
            Location::file(path.display().to_string()),
            source.to_string(),
        ),
        other => Diagnostic::error(
            Location::file(crate::config::CONFIG_FILE),
            other.to_string(),
        ),
    }
}

fn changed_paths<'a>(old: &'a SiteFiles, new: &'a SiteFiles) -> impl Iterator<Item = &'a str> {
    let changed_or_new = new
        .iter()
        .filter(|(k, v)| !old.get(*k).is_some_and(|o| same_bytes(o, v)))
        .map(|(k, _)| &**k);
    let removed = old.keys().filter(|k| !new.contains_key(*k)).map(|k| &**k);
    changed_or_new.chain(removed)
}

/// Equal contents; shared buffers (reused pages) are recognised without reading them.
pub(crate) fn same_bytes(a: &axum::body::Bytes, b: &axum::body::Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// Drops a large value on a short-lived thread, so freeing it does not delay the reload.
fn drop_later<T: Send + 'static>(value: T) {
    if std::thread::Builder::new()
        .name("bantin-drop".into())
        .spawn(move || drop(value))
        .is_err()
    {
        // Could not spawn: the value was moved into the closure and dropped with it.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls() {
        let a: SocketAddr = "127.0.0.1:1111".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(site_url(a), "http://127.0.0.1:1111/");
        // Every interface: the machine's network address, else loopback.
        let a: SocketAddr = "0.0.0.0:8080".parse().unwrap_or_else(|_| unreachable!());
        let url = site_url(a);
        let host = url
            .strip_prefix("http://")
            .and_then(|u| u.strip_suffix(":8080/"))
            .unwrap_or_else(|| panic!("{url}"));
        let ip: IpAddr = host.parse().unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(!ip.is_unspecified(), "{url}");
        assert_eq!(ip.is_loopback(), network_address(a.ip()).is_none(), "{url}");
        let a: SocketAddr = "[::1]:9".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(site_url(a), "http://[::1]:9/");
    }
}
