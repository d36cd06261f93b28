//! The stages every command composes: load config → parse bulletins → index → figures
//! → theme, ready to render. What `serve` reuses between runs is in `reuse`.

use crate::config::{self, CONFIG_FILE, SiteConfig};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::figures::{FigureSet, check_figures};
use crate::model::bulletin::{Bulletin, parse_bulletin};
use crate::site::{Drafts, Site, index_site};
use crate::source::gate::{Refused, SiteRoot};
use crate::source::{find_bulletins, read_text};
use crate::theme::{Theme, load_theme};

mod reuse;
use rayon::prelude::*;
pub use reuse::{
    FileStamp, IndexMemo, ParseMemo, config_key, index_entry_key, index_key, parse_key,
};
use std::path::Path;
use std::sync::Arc;

/// Reads and parses `site.yaml` (through the read gate: a link, FIFO or device there is
/// an error, never followed or opened).
///
/// # Errors
/// [`Error::Usage`] when the root has no `site.yaml` (likely a wrong `--root`);
/// [`Error::Invalid`] when it cannot be read as UTF-8 text (a link, a FIFO …).
pub fn load_config(root: &SiteRoot) -> Result<(SiteConfig, Vec<Diagnostic>)> {
    let text = match root.read(CONFIG_FILE) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let d = Diagnostic::error(
                    Location::file(CONFIG_FILE),
                    "site.yaml is not valid UTF-8: save it as UTF-8",
                );
                return Err(Error::Invalid(vec![d]));
            }
        },
        Err(Refused::Missing) => {
            return Err(Error::Usage(format!(
                "no {CONFIG_FILE} in {}: run bantin in a site folder, pass --root, or create one with `bantin init`",
                root.path().display()
            )));
        }
        // Without its configuration nothing else can be checked: stop at this one error.
        Err(e) => {
            let d = Diagnostic::error(Location::file(CONFIG_FILE), e.to_string());
            return Err(Error::Invalid(vec![d]));
        }
    };
    Ok(config::parse_config(&text))
}

/// Opens the site root for reading (the [`SiteRoot`] every read goes through).
///
/// # Errors
/// [`Error::Usage`] when `root` is not a folder (likely a wrong `--root`).
pub fn open_root(root: &Path) -> Result<SiteRoot> {
    SiteRoot::open(root).map_err(|e| {
        Error::Usage(format!(
            "cannot open the site folder {}: {e} (pass --root with the folder holding {CONFIG_FILE})",
            root.display()
        ))
    })
}

/// Parses every bulletin under `content/` in parallel, reusing what `memo` (serve's
/// hook; none for build and check) kept of unchanged files.
pub fn parse_bulletins(
    root: &SiteRoot,
    config: &SiteConfig,
    memo: Option<&dyn ParseMemo>,
) -> (Vec<Bulletin>, Vec<Diagnostic>) {
    let (sources, mut diags) = find_bulletins(root);
    // Parsing reads the config (district, timezone …): it is part of every key.
    let config_key = config_key(config);
    let results: Vec<(Option<Bulletin>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|s| {
            // serve: a settled file with an unchanged stamp is not read again.
            // (A stamp is metadata only: the bytes still come through the gate.)
            let stamp = memo.and_then(|_| FileStamp::of(&root.path().join(&s.rel)));
            if let (Some(m), Some((stamp, true))) = (memo, stamp)
                && let Some(hit) = m.parsed_unchanged(&s.rel, stamp, config_key)
            {
                return hit;
            }
            match read_text(root, s) {
                Ok(text) => {
                    let key = parse_key(&text, config_key);
                    let parsed = match memo.and_then(|m| m.parsed(&s.rel, key)) {
                        Some(hit) => hit,
                        None => {
                            let parsed = parse_bulletin(&s.rel, &text, config);
                            let parsed = (parsed.bulletin, parsed.diagnostics);
                            if let Some(m) = memo {
                                m.store_parsed(&s.rel, key, &parsed);
                            }
                            parsed
                        }
                    };
                    // Stamped before the read and still settled: the bytes read are the
                    // bytes of that stamp unless the file changed since, which would give
                    // it a new mtime (a new stamp) next time.
                    if let (Some(m), Some((stamp, true))) = (memo, stamp) {
                        m.store_stamp(&s.rel, stamp, config_key);
                    }
                    parsed
                }
                Err(d) => (None, vec![d]),
            }
        })
        .collect();
    let mut bulletins = Vec::with_capacity(results.len());
    for (b, mut d) in results {
        bulletins.extend(b);
        diags.append(&mut d);
    }
    (bulletins, diags)
}

/// Everything loaded and validated, ready to render.
pub struct Loaded {
    /// The site root every file was read through (rendering reads linked files with it).
    pub root: SiteRoot,
    /// The index.
    pub site: Site,
    /// The theme, when it loaded.
    pub theme: Option<Theme>,
    /// All diagnostics so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of each stage, in order (`bantin build --timings`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Measures stages one after another.
#[derive(Debug)]
pub struct Stopwatch {
    last: std::time::Instant,
    /// (stage, duration) in order.
    pub laps: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Stopwatch {
    /// Records the time since the previous lap under `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Runs every stage before rendering.
///
/// # Errors
/// Only for usage problems (no site.yaml); content problems are diagnostics.
pub fn load(root: &Path, drafts: Drafts) -> Result<Loaded> {
    load_memo(root, drafts, None)
}

/// [`load`] with an optional [`ParseMemo`] (serve's hook).
///
/// # Errors
/// As [`load`].
pub fn load_memo(root: &Path, drafts: Drafts, memo: Option<&dyn ParseMemo>) -> Result<Loaded> {
    let mut watch = Stopwatch::default();
    let root = open_root(root)?;
    let (config, mut diagnostics) = load_config(&root)?;
    if config::unreadable(&diagnostics) {
        // Without its settings every bulletin would get false errors (no district...).
        let (site, _) = index_site(config, Vec::new(), drafts);
        return Ok(Loaded {
            root,
            site,
            theme: None,
            diagnostics,
            timings: watch.laps,
        });
    }
    let (bulletins, mut d) = parse_bulletins(&root, &config, memo);
    diagnostics.append(&mut d);
    watch.lap("read + parse bulletins");
    // serve: the index is reused whole when every index input is unchanged.
    let index_key = memo.map(|_| index_key(&config, &bulletins, drafts));
    let hit = memo.zip(index_key).and_then(|(m, k)| m.index(k));
    let (site, mut d) = match hit.filter(|index| index.covers(&bulletins)) {
        Some(index) => index.site(config, bulletins),
        None => {
            let (site, d) = index_site(config, bulletins, drafts);
            if let Some((m, k)) = memo.zip(index_key) {
                m.store_index(k, &Arc::new(IndexMemo::of(&site, &d)));
            }
            (site, d)
        }
    };
    diagnostics.append(&mut d);
    watch.lap("index (slugs, tags, quarters, related)");
    // Figures need the index (districts merged, drafts left out); the theme needs the
    // figures, because its template functions draw on them.
    // serve: reused whole when every figure input is unchanged.
    let figures_key = memo.map(|_| {
        let keys: Vec<u64> = (0..site.bulletins.len())
            .into_par_iter()
            .map(|i| crate::render::memo::figure_data_key(&site, i))
            .collect();
        crate::render::memo::figures_key(&site, &keys)
    });
    let hit = memo.zip(figures_key).and_then(|(m, k)| m.figures(k));
    let figures = match hit {
        Some((figures, checks)) => {
            diagnostics.extend(checks);
            figures
        }
        None => {
            let checks = check_figures(&site);
            let figures = Arc::new(FigureSet::from_site(&site));
            if let Some((m, k)) = memo.zip(figures_key) {
                m.store_figures(k, &figures, &checks);
            }
            diagnostics.extend(checks);
            figures
        }
    };
    watch.lap("figure series + checks");
    let theme = match load_theme(&root, &site.config, Arc::clone(&figures)) {
        Ok(mut t) => {
            diagnostics.append(&mut t.warnings);
            Some(t)
        }
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    watch.lap("theme (compile templates)");
    Ok(Loaded {
        root,
        site,
        theme,
        diagnostics,
        timings: watch.laps,
    })
}
