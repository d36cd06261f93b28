//! `bantin build` and `bantin check`.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::output::{
    BuildLock, BuildNotice, DirSink, LockWait, PlanSink, Staging, SwapMode, WriteFailure, absolute,
    check_output_dir, is_mount_point, recover_leftovers, unchanged_state,
};
use crate::pipeline::load;
use crate::render::{NullSink, Sink, render_site};
use crate::site::Drafts;
use crate::urls::Urls;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `build` should do; filled in by the CLI or by tests.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default `ROOT/output`).
    pub output: Option<PathBuf>,
    /// Publish drafts?
    pub drafts: Drafts,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Wait for another build of the same output, or stop (`--no-wait`).
    pub wait: LockWait,
    /// Told what the build does beyond its report, as it happens (waiting for the lock,
    /// removing what a stopped build left, writing a mounted output in place).
    pub notify: fn(&BuildNotice),
}

impl BuildOptions {
    /// Options for building the site at `root` into `root/output`, telling nothing.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: Drafts::Exclude,
            base_url: None,
            wait: LockWait::Wait,
            notify: |_| {},
        }
    }
}

/// What a successful `build` or `check` did.
#[derive(Debug)]
pub struct BuildReport {
    /// Bulletins published.
    pub bulletins: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Warnings (errors fail the command instead).
    pub warnings: Vec<Diagnostic>,
    /// The output folder (build only).
    pub output: Option<PathBuf>,
    /// Wall time per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Whether warnings fail `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Strictness {
    /// Warnings are reported only.
    #[default]
    Lenient,
    /// Warnings are errors (`check --strict`).
    Strict,
}

fn finish(mut diagnostics: Vec<Diagnostic>, strict: Strictness) -> Result<Vec<Diagnostic>> {
    Diagnostic::sort(&mut diagnostics);
    let failing = diagnostics
        .iter()
        .any(|d| d.is_error() || (strict == Strictness::Strict));
    if failing {
        Err(Error::Invalid(diagnostics))
    } else {
        Ok(diagnostics)
    }
}

/// Builds the site into the output folder, in one transaction: under the output's lock,
/// through a staging folder swapped in on success (see [`crate::output`]).
///
/// # Errors
/// [`Error::Invalid`] with every diagnostic when the site has errors (the previous output is
/// untouched); [`Error::Usage`] for a refused output folder or missing `site.yaml`;
/// [`Error::Busy`] when another build holds the lock and [`LockWait::NoWait`] was asked.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("output"));
    check_output_dir(&opts.root, &output)?;
    let loaded = load(&opts.root, opts.drafts)?;
    let mut diagnostics = loaded.diagnostics;
    let base = match opts
        .base_url
        .as_deref()
        .map(crate::config::normalize_base_url)
    {
        Some(Ok(u)) => Some(u),
        Some(Err(m)) => return Err(Error::Usage(format!("--base-url: {m}"))),
        None => loaded.site.config.base_url.clone(),
    };
    let Some(base) = base else {
        if crate::config::unreadable(&diagnostics) {
            return Err(Error::Invalid(sorted(diagnostics)));
        }
        diagnostics.push(Diagnostic::error(
            Location::file(crate::config::CONFIG_FILE),
            "missing `base_url`: add `base_url: https://your-site.example/` to site.yaml or pass --base-url",
        ));
        return Err(Error::Invalid(sorted(diagnostics)));
    };
    let (Some(theme), false) = (&loaded.theme, diagnostics.iter().any(Diagnostic::is_error)) else {
        return Err(Error::Invalid(sorted(diagnostics)));
    };
    let mut watch = crate::pipeline::Stopwatch::default();
    let target = absolute(&output)?;
    let lock = BuildLock::acquire(&target, opts.wait, &|lock, holder| {
        (opts.notify)(&BuildNotice::Waiting {
            output: target.clone(),
            lock: lock.to_path_buf(),
            holder: holder.to_owned(),
        });
    })?;
    // The lock may have been waited for: check the folder again as it is now.
    check_output_dir(&opts.root, &output)?;
    let keep = &loaded.site.config.keep;
    recover_leftovers(&target, keep, &lock)?
        .iter()
        .for_each(opts.notify);
    let mode = if is_mount_point(&target) {
        (opts.notify)(&BuildNotice::InPlace {
            output: target.clone(),
        });
        SwapMode::InPlace
    } else {
        SwapMode::Whole
    };
    watch.lap("lock output folder");
    let staging = Staging::create(&target, &lock)?;
    let sink = DirSink::new(staging.dir());
    let plan = PlanSink::new(&sink);
    let urls = Urls::new(&base);
    let outcome = render_site(&loaded.root, &loaded.site, theme, &urls, &plan as &dyn Sink);
    // Colliding paths first: they explain the writes that failed because of them (a file
    // where a folder was needed), which are left out then (the render names them
    // `output/…`).
    let collisions = plan.collisions(&loaded.site, keep);
    if collisions.is_empty() {
        if let Some(failure) = sink.into_failure() {
            return Err(write_failed(&target, &failure));
        }
        diagnostics.extend(outcome.diagnostics);
    } else {
        diagnostics.extend(collisions);
        let not_a_write = |d: &Diagnostic| !d.location.path.starts_with("output/");
        diagnostics.extend(outcome.diagnostics.into_iter().filter(not_a_write));
    }
    watch.lap("render + write pages");
    let warnings = finish(diagnostics, Strictness::Lenient)?;
    staging
        .commit(keep, mode, &lock)?
        .iter()
        .for_each(opts.notify);
    // Only a whole, successful build knows every cache entry the site needs; the lock
    // keeps another build from using them meanwhile.
    if let Some(images) = &outcome.images {
        let _ = images.sweep(&lock);
    }
    drop(lock);
    watch.lap("swap output folder");
    let mut timings = loaded.timings.clone();
    timings.extend(watch.laps);
    Ok(BuildReport {
        bulletins: loaded.site.bulletins.len(),
        pages: outcome.pages,
        files: outcome.files,
        elapsed: start.elapsed(),
        warnings,
        output: Some(target),
        timings,
    })
}

/// One error for a build whose writes failed (a full disk fails every page after the
/// first: say it once), naming the file as it would have been published.
fn write_failed(target: &std::path::Path, failure: &WriteFailure) -> Error {
    let path = target.join(&failure.rel);
    let others = match failure.count {
        0 | 1 => String::new(),
        n => format!(" (and {} other file(s))", n - 1),
    };
    Error::Runtime(format!(
        "cannot write {}{others}: {}; nothing was published: {}",
        path.display(),
        failure.error,
        unchanged_state(target)
    ))
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    Diagnostic::sort(&mut d);
    d
}

/// Options of `check`.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Site root.
    pub root: PathBuf,
    /// Check the site with or without drafts, as `build` with the same option makes it
    /// (their front matter is validated either way).
    pub drafts: Drafts,
    /// Warnings fail?
    pub strict: Strictness,
}

/// Everything `build` validates (rendering included), writing nothing.
///
/// # Errors
/// As [`build`], plus warnings with [`Strictness::Strict`].
pub fn check(opts: &CheckOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let loaded = load(&opts.root, opts.drafts)?;
    let mut diagnostics = loaded.diagnostics;
    let base = loaded
        .site
        .config
        .base_url
        .clone()
        .unwrap_or_else(|| "http://localhost/".to_owned());
    let mut pages = 0;
    let mut files = 0;
    if let Some(theme) = &loaded.theme {
        let plan = PlanSink::new(&NullSink);
        let outcome = render_site(&loaded.root, &loaded.site, theme, &Urls::new(&base), &plan);
        pages = outcome.pages;
        files = outcome.files;
        diagnostics.extend(plan.collisions(&loaded.site, &loaded.site.config.keep));
        diagnostics.extend(outcome.diagnostics);
    }
    let warnings = finish(diagnostics, opts.strict)?;
    Ok(BuildReport {
        bulletins: loaded.site.bulletins.len(),
        pages,
        files,
        elapsed: start.elapsed(),
        warnings,
        output: None,
        timings: loaded.timings,
    })
}
