//! The stages every command composes: load config → parse bulletins → index → theme.

use crate::config::{self, CONFIG_FILE, SiteConfig};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::bulletin::{Bulletin, parse_bulletin};
use crate::site::{Drafts, Site, index_site};
use crate::source::{find_bulletins, read_text};
use crate::theme::{Theme, load_theme};
use crate::figures::{FigureSet, check_figures};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Reads and parses `site.yaml`.
///
/// # Errors
/// [`Error::Usage`] when the root has no `site.yaml` (likely a wrong `--root`).
pub fn load_config(root: &Path) -> Result<(SiteConfig, Vec<Diagnostic>)> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let d = Diagnostic::error(
                    Location::file(CONFIG_FILE),
                    "site.yaml is not valid UTF-8: save it as UTF-8",
                );
                return Ok((SiteConfig::default(), vec![d]));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Usage(format!(
                "no {CONFIG_FILE} in {}: run bantin in a site folder, pass --root, or create one with `bantin init`",
                root.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    Ok(config::parse_config(&text))
}

/// Parses every bulletin under `content/` in parallel.
pub fn parse_bulletins(root: &Path, config: &SiteConfig) -> (Vec<Bulletin>, Vec<Diagnostic>) {
    let (sources, mut diags) = find_bulletins(root);
    let results: Vec<(Option<Bulletin>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|s| match read_text(s) {
            Ok(text) => {
                let parsed = parse_bulletin(&s.rel, &text, config);
                (parsed.bulletin, parsed.diagnostics)
            }
            Err(d) => (None, vec![d]),
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
    /// The index.
    pub site: Site,
    /// The theme, when it loaded.
    pub theme: Option<Theme>,
    /// Every figure series of the published bulletins (also held by the theme).
    pub figures: Arc<FigureSet>,
    /// All diagnostics so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs every stage before rendering.
///
/// # Errors
/// Only for usage problems (no site.yaml); content problems are diagnostics.
pub fn load(root: &Path, drafts: Drafts) -> Result<Loaded> {
    let (config, mut diagnostics) = load_config(root)?;
    let (bulletins, mut d) = parse_bulletins(root, &config);
    diagnostics.append(&mut d);
    let (site, mut d) = index_site(config, bulletins, drafts);
    diagnostics.append(&mut d);
    // Figures need the index (districts merged, drafts left out); the theme needs the
    // figures, because its template functions draw on them.
    diagnostics.extend(check_figures(&site));
    let figures = Arc::new(FigureSet::from_site(&site));
    let theme = match load_theme(root, &site.config, Arc::clone(&figures)) {
        Ok(t) => Some(t),
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    Ok(Loaded {
        site,
        theme,
        figures,
        diagnostics,
    })
}
