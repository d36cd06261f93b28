//! `bantin build` and `bantin check`.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::output::{DirSink, Staging, check_output_dir};
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

/// Builds the site into the output folder (via a staging folder swapped in on success).
///
/// # Errors
/// [`Error::Invalid`] with every diagnostic when the site has errors (the previous output is
/// untouched); [`Error::Usage`] for a refused output folder or missing `site.yaml`.
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
    let staging = Staging::create(&output)?;
    let sink = DirSink::new(staging.dir());
    let urls = Urls::new(&base);
    let outcome = render_site(&loaded.root, &loaded.site, theme, &urls, &sink as &dyn Sink);
    diagnostics.extend(outcome.diagnostics);
    watch.lap("render + write pages");
    let warnings = finish(diagnostics, Strictness::Lenient)?;
    let target = staging.target().to_path_buf();
    staging.commit(&loaded.site.config.keep)?;
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
        let outcome = render_site(
            &loaded.root,
            &loaded.site,
            theme,
            &Urls::new(&base),
            &NullSink,
        );
        pages = outcome.pages;
        files = outcome.files;
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
