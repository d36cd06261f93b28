//! `bantin figures suggest FILE...`: a `figures:` block for each bulletin from the numbers
//! its prose states ([`crate::figures::suggest`]), printed, or with `--write` added to
//! front matter that has none.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::figures::suggest::{Known, suggest, to_yaml};
use std::path::{Path, PathBuf};

/// What `figures suggest` should do.
#[derive(Debug)]
pub struct SuggestOptions {
    /// Site root, whose figures' ids and labels are reused (none when it has no site.yaml).
    pub root: PathBuf,
    /// Bulletins to read.
    pub files: Vec<PathBuf>,
    /// Add the block to front matter without `figures:`.
    pub write: Write,
}

/// Whether `figures suggest` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// Print only.
    No,
    /// Add the block to front matter that has none.
    FrontMatter,
}

/// What `figures suggest` found.
#[derive(Debug, Default)]
pub struct SuggestReport {
    /// (file as given, `figures:` block) for each file with suggestions.
    pub blocks: Vec<(String, String)>,
    /// Files written (`--write`).
    pub written: Vec<String>,
    /// Files left as they were, and why.
    pub notes: Vec<Diagnostic>,
}

/// The ids, labels and units the site already uses.
fn load_known(root: &Path) -> Known {
    let Ok(site_root) = crate::pipeline::open_root(root) else {
        return Known::default();
    };
    let Ok((config, _)) = crate::pipeline::load_config(&site_root) else {
        return Known::default();
    };
    let (bulletins, _) = crate::pipeline::parse_bulletins(&site_root, &config, None);
    let mut triples: Vec<(String, String, String)> = config
        .figures
        .iter()
        .filter_map(|(id, m)| {
            Some((
                id.clone(),
                m.label.clone()?,
                m.unit.clone().unwrap_or_default(),
            ))
        })
        .collect();
    for f in bulletins.iter().flat_map(|b| &b.figures) {
        triples.push((f.id.clone(), f.label.clone(), f.unit.clone()));
    }
    Known::new(
        triples
            .iter()
            .map(|(i, l, u)| (i.as_str(), l.as_str(), u.as_str())),
    )
}

/// Where the closing `---` of the front matter starts, and whether it has `figures:`.
fn closing_fence(text: &str) -> Option<(usize, bool)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let split = crate::source::front_matter::split(&text[bom..]).ok()?;
    let start = split.yaml.as_ptr() as usize - text[bom..].as_ptr() as usize + bom;
    let end = start + split.yaml.len();
    let has_figures = split
        .yaml
        .lines()
        .any(|l| l.trim_end().starts_with("figures:"));
    (end == start || text[..end].ends_with('\n')).then_some((end, has_figures))
}

/// Reads each file, suggests its figures, and writes them when asked.
///
/// # Errors
/// When a file cannot be read or written.
pub fn suggest_figures(opts: &SuggestOptions) -> Result<SuggestReport> {
    let known = load_known(&opts.root);
    let mut report = SuggestReport::default();
    for file in &opts.files {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        let Some((fence, has_figures)) = closing_fence(&text) else {
            report.notes.push(Diagnostic::error(
                Location::file(&shown),
                crate::msg!("suggest-no-front-matter"),
            ));
            continue;
        };
        let body_start = text[fence..]
            .find('\n')
            .map_or(text.len(), |i| fence + i + 1);
        let suggestions = suggest(&text[body_start..], &known);
        if suggestions.is_empty() {
            report.notes.push(Diagnostic::warning(
                Location::file(&shown),
                crate::msg!("suggest-nothing-found"),
            ));
            continue;
        }
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let block = to_yaml(&suggestions, eol);
        if opts.write == Write::FrontMatter {
            if has_figures {
                report.notes.push(Diagnostic::warning(
                    Location::file(&shown),
                    crate::msg!("suggest-has-figures"),
                ));
            } else {
                let new = format!("{}{block}{}", &text[..fence], &text[fence..]);
                let tmp = file.with_extension("md.bantin-tmp");
                std::fs::write(&tmp, new).map_err(|e| Error::io(&tmp, e))?;
                std::fs::rename(&tmp, file).map_err(|e| Error::io(file, e))?;
                report.written.push(shown.clone());
            }
        }
        report.blocks.push((shown, block));
    }
    Ok(report)
}
