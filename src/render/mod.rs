//! Renders the site: every page's view, through the theme's templates, written to a
//! [`Sink`] as soon as it is rendered (pages are never all held in memory).
//!
//! Page kinds and their template variables (besides `site` and `page`):
//! `bulletin.html` → `bulletin`; `index.html` → `latest`, `latest_figures`;
//! `quarters.html` → `quarters`; `quarter.html` → `quarter`, `paginator`, `figures`;
//! `tags.html` → `tags`; `tag.html` → `tag`, `paginator`; `404.html` → nothing more;
//! `figures.html` → `figures`, `data`; `figure.html` → `figure`, `data` (see
//! [`crate::figures`]). Open data (`/data/*.csv`, `/data/figures.json`) is written too.

pub mod build_views;
pub mod feeds;
pub(crate) mod inputs;
pub mod memo;
pub(crate) mod pages;
pub mod search;
pub mod view;

use crate::error::{Diagnostic, Location};
use crate::markdown::{self, LinkTarget, RenderContext};
use crate::messages::Message;
use crate::model::bulletin::strip_bom;
use crate::site::Site;
use crate::source::gate::{Kind, Refused, SiteFile, SiteRoot};
use crate::theme::{StaticSource, Theme};
use crate::urls::{PagePath, Urls};
use build_views::{bulletin_card, figure_rows, quarter_ref};
use inputs::{BulletinPageInputs, CardInputs, Cards, ListKind, ListPageInputs, TermInputs};
pub use memo::{MarkdownMemo, Memo};
use memo::{PageContext, markdown_key, markdown_memoized};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;
use view::{
    Alternate, Link, PageMeta, Paginator, QuarterEntry, SiteUrls, SiteView, TermEntry, TermRef,
};

/// Where rendered files go: a staging folder, memory (serve) or nowhere (check).
pub trait Sink: Sync {
    /// Writes `bytes` at output-relative path `rel` (`/`-separated).
    ///
    /// # Errors
    /// The underlying IO error.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Copies `from`, a file of the site opened through the read gate (the only way
    /// to get one), to output-relative path `rel`.
    ///
    /// # Errors
    /// The underlying IO error.
    fn copy_file(&self, rel: &str, from: SiteFile) -> std::io::Result<()> {
        let bytes = from.read_all()?;
        self.write(rel, &bytes)
    }

    /// Writes a file produced piece by piece (large open-data files), so a sink that can
    /// stream to disk never holds it whole. The default collects it and calls `write`.
    ///
    /// # Errors
    /// The underlying IO error, or the producer's.
    fn write_streamed(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        produce(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

/// A sink that keeps nothing (for `check`).
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn copy_file(&self, _rel: &str, _from: SiteFile) -> std::io::Result<()> {
        // Opened through the gate already: that is all `check` needs to know.
        Ok(())
    }
    fn write_streamed(
        &self,
        _rel: &str,
        produce: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        produce(&mut std::io::sink())
    }
}

/// What rendering produced.
#[derive(Debug, Default)]
pub struct RenderOutcome {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages, feeds, assets, static files).
    pub files: usize,
    /// Problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
    /// The image processor of the run: `build` sweeps its unused cache entries.
    pub images: Option<crate::images::Images>,
}

struct Renderer<'a> {
    root: &'a SiteRoot,
    site: &'a Site,
    theme: &'a Theme,
    urls: &'a Urls,
    sink: &'a dyn Sink,
    site_value: tera::Value,
    /// Each bulletin's card as a template value, built on first use (serve reuses most
    /// list pages without them; build and check fill them all up front).
    cards: Vec<std::sync::OnceLock<tera::Value>>,
    /// Quarter, tag and district values shared by all cards.
    refs: build_views::SharedRefs,
    warnings: Mutex<Vec<Diagnostic>>,
    search: Mutex<Vec<(usize, search::Entry)>>,
    /// serve's caches (None for build and check); see [`memo`].
    memo: Option<&'a dyn Memo>,
    /// serve: the site's keys (None for build and check).
    keys: Option<&'a RenderKeys>,
    /// Stands for the theme and the `site` value in page keys (only when memoising).
    site_key: Option<u64>,
    /// Linked photos, processed through the on-disk cache.
    images: crate::images::Images,
}

enum Job {
    Bulletin(usize),
    Home,
    Quarters,
    Quarter(crate::model::quarter::Quarter, usize),
    Tags,
    Tag(usize, usize),
    Districts,
    District(usize, usize),
    NotFound,
    Figures,
    Figure(usize),
    OpenData,
    ShareCards,
    Search,
}

/// Renders every page of `site` into `sink`.
pub fn render_site(
    root: &SiteRoot,
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    sink: &dyn Sink,
) -> RenderOutcome {
    render_site_memo(root, site, theme, urls, sink, None)
}

/// The keys a memoised render derives from the whole site (see [`memo`]); `serve` keeps
/// them so that a rebuild after a few edited bulletins recomputes only theirs.
#[derive(Clone, Debug, Default)]
pub struct RenderKeys {
    site_key: u64,
    card_keys: Vec<u64>,
    figure_keys: Vec<u64>,
    figures_key: u64,
}

impl RenderKeys {
    /// The keys of `site` rendered with `theme` at `urls`.
    pub fn new(site: &Site, theme: &Theme, urls: &Urls) -> RenderKeys {
        let site_key = memo::site_key(
            theme.fingerprint,
            &tera::Value::from_serializable(&site_view(site, urls)),
            &site.config,
        );
        let card_keys: Vec<u64> = (0..site.bulletins.len())
            .into_par_iter()
            .map(|i| inputs::page_key(inputs::CARD, site_key, &CardInputs::of(site, i)))
            .collect();
        let figure_keys: Vec<u64> = (0..site.bulletins.len())
            .into_par_iter()
            .map(|i| memo::figure_data_key(site, i))
            .collect();
        let figures_key = memo::figures_key(site, &figure_keys);
        RenderKeys {
            site_key,
            card_keys,
            figure_keys,
            figures_key,
        }
    }

    /// Bulletin `i`'s figure data key, as rendered.
    pub(crate) fn figure_key(&self, i: usize) -> Option<u64> {
        self.figure_keys.get(i).copied()
    }

    /// Recomputes bulletin `i`'s card key after its source changed (its index entries
    /// and figure data being unchanged).
    pub(crate) fn refresh_card(&mut self, site: &Site, i: usize) {
        if let Some(k) = self.card_keys.get_mut(i) {
            *k = inputs::page_key(inputs::CARD, self.site_key, &CardInputs::of(site, i));
        }
    }
}

/// The `site` value every page gets.
fn site_view(site: &Site, urls: &Urls) -> SiteView {
    let lang = site.config.language;
    SiteView {
        title: site.config.title.clone(),
        base_url: urls.base().to_owned(),
        language: lang.code(),
        district: site.config.district.clone(),
        t: crate::i18n::ui_strings(lang),
        urls: SiteUrls {
            home: urls.url(&Urls::home()),
            quarters: urls.url(&Urls::quarters()),
            tags: urls.url(&Urls::tags()),
            districts: site
                .has_district_pages()
                .then(|| urls.url(&Urls::districts())),
            atom: urls.file_url("atom.xml"),
            sitemap: urls.file_url("sitemap.xml"),
            search: urls.url(&Urls::search()),
            figures: urls.url(&Urls::figures()),
            data_csv: urls.file_url(Urls::figures_csv()),
            data_json: urls.file_url(Urls::figures_json()),
            static_root: urls.base().to_owned(),
        },
        latest_quarter: site
            .quarters
            .keys()
            .next_back()
            .map(|q| quarter_ref(*q, urls, lang)),
        generator: format!("bantin {}", env!("CARGO_PKG_VERSION")),
        bulletin_count: site.bulletins.len(),
    }
}

impl<'a> Renderer<'a> {
    /// A renderer; with a memo (serve), `keys` must be the site's [`RenderKeys`].
    fn new(
        root: &'a SiteRoot,
        site: &'a Site,
        theme: &'a Theme,
        urls: &'a Urls,
        sink: &'a dyn Sink,
        memo: Option<&'a dyn Memo>,
        keys: Option<&'a RenderKeys>,
    ) -> Self {
        let refs = build_views::SharedRefs::new(site, urls);
        let cards: Vec<std::sync::OnceLock<tera::Value>> = match memo {
            Some(_) => (0..site.bulletins.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            None => (0..site.bulletins.len())
                .into_par_iter()
                .map(|i| {
                    let card = CardInputs::of(site, i);
                    let lang = site.config.language;
                    tera::Value::from_serializable(&bulletin_card(&card, urls, lang, &refs)).into()
                })
                .collect(),
        };
        let site_value = tera::Value::from_serializable(&site_view(site, urls));
        let keys = memo.and(keys);
        Renderer {
            root,
            site,
            theme,
            urls,
            sink,
            site_value,
            cards,
            refs,
            warnings: Mutex::new(Vec::new()),
            search: Mutex::new(Vec::with_capacity(site.bulletins.len())),
            memo,
            keys,
            site_key: keys.map(|k| k.site_key),
            images: crate::images::Images::new(root.path(), &site.config.images),
        }
    }

    /// Runs `job`, reusing a list page whose inputs are unchanged (serve); returns the
    /// pages written and adds problems to `diagnostics`.
    fn run(&self, job: &Job, diagnostics: &Mutex<Vec<Diagnostic>>) -> usize {
        // serve: a list page whose inputs are unchanged is reused before its view is built.
        let inputs = self.memo.zip(self.list_inputs(job));
        if let Some((memo, (rels, key))) = &inputs
            && memo.reuse_outputs(rels, *key)
        {
            return 1;
        }
        let (n, mut d) = match self.render_job(job) {
            Ok(n) => {
                if let Some((memo, (rels, key))) = &inputs {
                    memo.outputs_written(rels, *key);
                }
                (n, Vec::new())
            }
            Err(d) => (0, d),
        };
        if !d.is_empty()
            && let Ok(mut all) = diagnostics.lock()
        {
            all.append(&mut d);
        }
        n
    }

    /// The search entries rendered so far, in site order, taken out.
    fn take_search(&self) -> Vec<(usize, search::Entry)> {
        let mut entries = self
            .search
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        entries.sort_by_key(|(i, _)| *i);
        entries
    }

    /// Adds the entries of search shard `n` (0-based, in site order) to `index`: the
    /// index is whole-site, so it is rebuilt from every entry, reused or not. Returns
    /// files written.
    fn write_shard(
        &self,
        index: &mut search::IndexWriter,
        _n: usize,
        entries: Vec<search::Entry>,
        errors: &mut Vec<Diagnostic>,
    ) -> usize {
        match index.add(entries, self.sink) {
            Ok(k) => k,
            Err((rel, e)) => {
                errors.push(io_diag(&rel, &e));
                0
            }
        }
    }
}

/// [`render_site`] with `serve`'s caches: same output, but pages and Markdown bodies
/// whose inputs are unchanged since an earlier build are reused (see [`memo`]). The
/// memo comes with the site's keys ([`RenderKeys::new`]).
pub fn render_site_memo(
    root: &SiteRoot,
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    sink: &dyn Sink,
    memo: Option<(&dyn Memo, &RenderKeys)>,
) -> RenderOutcome {
    let r = Renderer::new(
        root,
        site,
        theme,
        urls,
        sink,
        memo.map(|m| m.0),
        memo.map(|m| m.1),
    );
    let page_size = site.config.page_size.max(1);
    let mut jobs: Vec<Job> = vec![Job::Home, Job::Quarters, Job::Tags, Job::NotFound];
    jobs.extend([Job::Figures, Job::OpenData, Job::ShareCards, Job::Search]);
    jobs.extend((0..theme.figures.figures.len()).map(Job::Figure));
    for (q, list) in &site.quarters {
        jobs.extend((1..=pages_for(list.len(), page_size)).map(|p| Job::Quarter(*q, p)));
    }
    for (t, term) in site.tags.iter().enumerate() {
        jobs.extend((1..=pages_for(term.bulletins.len(), page_size)).map(|p| Job::Tag(t, p)));
    }
    if site.has_district_pages() {
        jobs.push(Job::Districts);
        for (d, term) in site.districts.iter().enumerate() {
            jobs.extend(
                (1..=pages_for(term.bulletins.len(), page_size)).map(|p| Job::District(d, p)),
            );
        }
    }
    let diagnostics = Mutex::new(Vec::new());
    // Bulletin pages go in chunks of one search shard: each chunk's search entries are
    // written as soon as it is done, so memory stays bounded however large the site.
    let mut pages = 0;
    let mut search_files = 0;
    let mut search_errors = Vec::new();
    let mut index = match r.memo.and_then(|m| m.search_state()) {
        Some(kept) => {
            search::IndexWriter::with_state(site.bulletins.len(), kept, search::Write::All)
        }
        None => search::IndexWriter::new(site.bulletins.len()),
    };
    let all_bulletins: Vec<usize> = (0..site.bulletins.len()).collect();
    for (n, chunk) in all_bulletins.chunks(search::SHARD_SIZE).enumerate() {
        pages += chunk
            .par_iter()
            .map(|&i| r.run(&Job::Bulletin(i), &diagnostics))
            .sum::<usize>();
        let entries = r.take_search().into_iter().map(|(_, e)| e).collect();
        search_files += r.write_shard(&mut index, n, entries, &mut search_errors);
    }
    match index.finish(sink) {
        Ok(n) => search_files += n,
        Err((rel, e)) => search_errors.push(io_diag(&rel, &e)),
    }
    pages += jobs
        .par_iter()
        .map(|j| r.run(j, &diagnostics))
        .sum::<usize>();
    let mut outcome = RenderOutcome {
        pages,
        files: pages + search_files,
        diagnostics: Vec::new(),
        images: None,
    };
    let mut extra = Vec::new();
    match feeds::write_extras(site, urls, sink) {
        Ok(n) => outcome.files += n,
        Err(d) => extra.push(d),
    }
    for (rel, source) in &theme.static_files {
        let res = match source {
            StaticSource::Embedded(bytes) => sink.write(rel, bytes),
            StaticSource::Disk(source) => root
                .open_file(source)
                .map_err(std::io::Error::other)
                .and_then(|file| sink.copy_file(rel, file)),
        };
        match res {
            Ok(()) => outcome.files += 1,
            Err(e) => extra.push(Diagnostic::error(
                Location::file(format!("static/{rel}")),
                format!("cannot copy static file: {e}"),
            )),
        }
    }
    let mut all = diagnostics.into_inner().unwrap_or_default();
    all.extend(r.warnings.into_inner().unwrap_or_default());
    all.extend(search_errors);
    all.extend(extra);
    outcome.diagnostics = dedupe(all);
    outcome.images = Some(r.images);
    outcome
}

/// What [`render_patch`] is asked to redo.
#[derive(Debug)]
pub struct Patch<'a> {
    /// The site's keys, the changed bulletins' card keys refreshed.
    pub keys: &'a RenderKeys,
    /// The edited bulletins, as indexes into the site.
    pub changed: &'a [usize],
    /// Whether an edited bulletin's `updated:` date changed (the sitemap shows it).
    pub sitemap: bool,
}

/// serve: renders only what changes when the bulletins `patch.changed` were edited
/// without touching anything the index or the figure data read (same slug, date,
/// quarter, district, tags, draft flag, aliases and figures): their pages, the pages
/// linking to them by title (neighbours and related bulletins), the list pages and feeds
/// that show them, the figure pages (they name bulletins), the home page, the search
/// entries, the site feed when they are among its newest and the sitemap when
/// `patch.sitemap`. Everything else is what the previous build (the memo's) made of the
/// same inputs.
///
/// `None` when the memo lacks something the patch needs (a search entry): do a full
/// build instead.
pub fn render_patch(
    root: &SiteRoot,
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    sink: &dyn Sink,
    memo: &dyn Memo,
    patch: Patch<'_>,
) -> Option<RenderOutcome> {
    let Patch {
        keys,
        changed,
        sitemap,
    } = patch;
    let r = Renderer::new(root, site, theme, urls, sink, Some(memo), Some(keys));
    let n = site.bulletins.len();
    let changed: Vec<usize> = changed.iter().copied().filter(|&i| i < n).collect();
    // Bulletin pages: the changed ones, their neighbours and every page relating them.
    let mut pages: std::collections::BTreeSet<usize> = changed.iter().copied().collect();
    for &i in &changed {
        let (older, newer) = site.neighbours[i];
        pages.extend(older);
        pages.extend(newer);
    }
    pages.extend((0..n).filter(|&j| {
        site.related[j]
            .iter()
            .any(|k| changed.binary_search(k).is_ok())
    }));
    let size = site.config.page_size.max(1);
    let page_in =
        |list: &[usize], i: usize| list.iter().position(|&x| x == i).map(|p| p / size + 1);
    let mut jobs: Vec<Job> = vec![Job::Home, Job::Figures];
    jobs.extend((0..theme.figures.figures.len()).map(Job::Figure));
    let mut quarter_pages = std::collections::BTreeSet::new();
    let mut tag_pages = std::collections::BTreeSet::new();
    let mut district_pages = std::collections::BTreeSet::new();
    for &i in &changed {
        let q = site.bulletins[i].quarter;
        if let Some(p) = site.quarters.get(&q).and_then(|l| page_in(l, i)) {
            quarter_pages.extend([(q, 1), (q, p)]);
        }
        for &t in &site.bulletin_tags[i] {
            if let Some(p) = site
                .tags
                .get(t)
                .and_then(|term| page_in(&term.bulletins, i))
            {
                tag_pages.extend([(t, 1), (t, p)]);
            }
        }
        let d = site.bulletin_district[i];
        if site.has_district_pages()
            && let Some(p) = site
                .districts
                .get(d)
                .and_then(|term| page_in(&term.bulletins, i))
        {
            district_pages.extend([(d, 1), (d, p)]);
        }
    }
    jobs.extend(quarter_pages.into_iter().map(|(q, p)| Job::Quarter(q, p)));
    jobs.extend(tag_pages.into_iter().map(|(t, p)| Job::Tag(t, p)));
    jobs.extend(district_pages.into_iter().map(|(d, p)| Job::District(d, p)));
    let diagnostics = Mutex::new(Vec::new());
    let mut written: usize = pages
        .par_iter()
        .map(|&i| r.run(&Job::Bulletin(i), &diagnostics))
        .sum();
    // Search entries come from the bulletin pages alone: the search shard and the feeds
    // are written beside the list and figure pages.
    let fresh: std::collections::HashMap<usize, search::Entry> =
        r.take_search().into_iter().collect();
    let (pages_written, rest) = rayon::join(
        || {
            jobs.par_iter()
                .map(|j| r.run(j, &diagnostics))
                .sum::<usize>()
        },
        || patch_search_and_feeds(&r, memo, &changed, fresh, sitemap),
    );
    written += pages_written;
    let (search_files, search_errors) = rest?;
    let mut outcome = RenderOutcome {
        pages: written,
        files: written + search_files,
        diagnostics: Vec::new(),
        images: None,
    };
    let mut all = diagnostics.into_inner().unwrap_or_default();
    all.extend(r.warnings.into_inner().unwrap_or_default());
    all.extend(search_errors);
    outcome.diagnostics = dedupe(all);
    Some(outcome)
}

/// serve: the memo key of bulletin `b`'s Markdown body (see [`memo::markdown_key`]).
pub(crate) fn body_key(site: &Site, b: &crate::model::bulletin::Bulletin, urls: &Urls) -> u64 {
    let page_url = urls.url(&Urls::bulletin(&b.slug));
    let html_policy = format!("{:?}", site.config.html);
    // Figure references print the figures' label and unit (site.yaml may give them) in the
    // site language.
    let figures = crate::figures::refs::key_text(&b.figures, site.config.language);
    markdown_key(
        &[&b.path, &page_url, urls.base(), &html_policy, &figures],
        &[b.hash, b.body_offset as u64, b.body_line as u64],
    )
}

/// [`render_patch`]'s search shards (every one holding a changed bulletin, from the
/// fresh entries and the memo's for the rest) and feeds (the site feed when a changed
/// bulletin is among the newest; the sitemap when `sitemap`). Returns files written and
/// problems; `None` when the memo lacks an entry.
fn patch_search_and_feeds(
    r: &Renderer<'_>,
    memo: &dyn Memo,
    changed: &[usize],
    mut fresh: std::collections::HashMap<usize, search::Entry>,
    sitemap: bool,
) -> Option<(usize, Vec<Diagnostic>)> {
    let (site, urls, sink) = (r.site, r.urls, r.sink);
    let n = site.bulletins.len();
    let mut errors = Vec::new();
    let mut files = 0;
    let mut entries_of = |range: std::ops::Range<usize>| -> Option<Vec<search::Entry>> {
        range
            .map(|i| {
                fresh.remove(&i).or_else(|| {
                    memo.search_entry(&Urls::bulletin(&site.bulletins[i].slug).output_file())
                })
            })
            .collect()
    };
    if !changed.is_empty() {
        // The index is whole-site: rebuilt from every entry.
        let mut index = match memo.search_state() {
            Some(kept) => search::IndexWriter::with_state(n, kept, search::Write::Changed),
            None => search::IndexWriter::new(n),
        };
        let entries = entries_of(0..n)?;
        files += r.write_shard(&mut index, 0, entries, &mut errors);
        match index.finish(sink) {
            Ok(k) => files += k,
            Err((rel, e)) => errors.push(io_diag(&rel, &e)),
        }
    }
    // The site feed shows the newest bulletins; the sitemap their last-modified dates.
    if changed.iter().any(|&i| i < feeds::FEED_ENTRIES) {
        match feeds::write_site_feed(site, urls, sink) {
            Ok(k) => files += k,
            Err(d) => errors.push(d),
        }
    }
    if sitemap {
        match feeds::write_sitemap(site, urls, sink) {
            Ok(k) => files += k,
            Err(d) => errors.push(d),
        }
    }
    Some((files, errors))
}

/// `site.yaml`'s `share_image` as an absolute URL, with the site title as its text.
fn site_share_image(site: &Site, urls: &Urls) -> (Option<String>, Option<String>) {
    let Some(image) = site.config.share_image.as_deref() else {
        return (None, None);
    };
    let url = if image.starts_with("https://") || image.starts_with("http://") {
        image.to_owned()
    } else {
        urls.file_url(image.trim_start_matches('/'))
    };
    (Some(url), Some(site.config.title.clone()))
}

fn pages_for(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size).max(1)
}

/// Template errors repeat on every page that uses the template: keep each once.
fn dedupe(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diags
        .into_iter()
        .filter(|d| {
            // The page being rendered is the hint (or a suffix of a plain message).
            let message = match &d.message {
                Message::Plain(t) => {
                    Message::Plain(t.split(" (rendering ").next().unwrap_or("").to_owned())
                }
                other => other.clone(),
            };
            let key = (d.location.clone(), message);
            seen.insert(key)
        })
        .collect()
}

fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Location::file(format!("output/{rel}")),
        format!("cannot write: {e}"),
    )
}

impl Renderer<'_> {
    /// Bulletin `i`'s card as a template value.
    fn card(&self, i: usize) -> tera::Value {
        self.cards[i]
            .get_or_init(|| {
                let card = CardInputs::of(self.site, i);
                let lang = self.site.config.language;
                tera::Value::from_serializable(&bulletin_card(&card, self.urls, lang, &self.refs))
            })
            .clone()
    }

    /// serve: the files of a list job (page, and feed on page 1) and the key of their
    /// [`ListPageInputs`]; `None` for other jobs, which are always built.
    fn list_inputs(&self, job: &Job) -> Option<(Vec<String>, u64)> {
        let site_key = self.site_key?;
        let keys = &self.keys?.card_keys;
        let site = self.site;
        let size = site.config.page_size.max(1);
        let page_of = |list: &[usize], n: usize| {
            let start = ((n - 1) * size).min(list.len());
            (start, (start + size).min(list.len()))
        };
        let list_page = |kind, list: &[usize], n: usize| {
            let (start, end) = page_of(list, n);
            let inputs = ListPageInputs {
                kind,
                page: n,
                total: list.len(),
                cards: Cards {
                    list: &list[start..end],
                    keys,
                },
                whole: (n == 1).then_some(Cards { list, keys }),
            };
            inputs::page_key(inputs::LIST_PAGE, site_key, &inputs)
        };
        let (rels, key) = match job {
            Job::Tag(t, n) => {
                let term = site.tags.get(*t)?;
                let kind = ListKind::Tag(TermInputs { index: *t, term });
                let mut rels = vec![Urls::tag(&term.slug, *n).output_file()];
                rels.extend((*n == 1).then(|| Urls::tag_feed(&term.slug)));
                (rels, list_page(kind, &term.bulletins, *n))
            }
            Job::District(d, n) => {
                let term = site.districts.get(*d)?;
                let kind = ListKind::District(TermInputs { index: *d, term });
                let mut rels = vec![Urls::district(&term.slug, *n).output_file()];
                rels.extend((*n == 1).then(|| Urls::district_feed(&term.slug)));
                (rels, list_page(kind, &term.bulletins, *n))
            }
            Job::Quarter(q, n) => {
                let list = site.quarters.get(q)?;
                let mut rels = vec![Urls::quarter(*q, *n).output_file()];
                rels.extend((*n == 1).then(|| Urls::quarter_feed(*q)));
                (rels, list_page(ListKind::Quarter(*q), list, *n))
            }
            Job::Home => {
                // The newest bulletins, and the latest quarter's figures.
                let first: Vec<usize> = (0..site.bulletins.len().min(size)).collect();
                let latest = site.quarters.values().next_back();
                let inputs = ListPageInputs {
                    kind: ListKind::Home,
                    page: 1,
                    total: site.bulletins.len(),
                    cards: Cards { list: &first, keys },
                    whole: Some(Cards {
                        list: latest.map_or(&[][..], Vec::as_slice),
                        keys,
                    }),
                };
                let key = inputs::page_key(inputs::LIST_PAGE, site_key, &inputs);
                (vec![Urls::home().output_file()], key)
            }
            _ => return None,
        };
        Some((rels, key))
    }

    /// The context of a page without a key of its own: serve hashes every value put in
    /// it, and reuses the page when the hash is unchanged.
    fn context(&self, meta: &PageMeta) -> PageContext {
        let mut ctx = PageContext::new(self.site_value.clone(), self.site_key);
        ctx.insert("page", meta);
        ctx
    }

    /// The context of a page whose inputs serve already keyed before building its view
    /// (bulletin, list and figure pages: [`inputs::BulletinPageInputs`], [`memo::list_key`],
    /// [`memo::figure_page_key`]); hashing the view again would only cost time.
    fn keyed_context(&self, meta: &PageMeta) -> PageContext {
        let mut ctx = PageContext::new(self.site_value.clone(), None);
        ctx.insert("page", meta);
        ctx
    }

    fn meta(&self, kind: &'static str, title: String, page: &PagePath) -> PageMeta {
        let (image, image_alt) = site_share_image(self.site, self.urls);
        PageMeta {
            kind,
            title,
            description: None,
            url: self.urls.url(page),
            image,
            image_alt,
            feeds: Vec::new(),
            alternates: Vec::new(),
        }
    }

    fn emit(&self, template: &str, ctx: &PageContext, rel: &str) -> Result<usize, Vec<Diagnostic>> {
        // serve: an unchanged page key means the earlier bytes are this page's bytes.
        let key = ctx.key(template, rel);
        if let (Some(memo), Some(key)) = (self.memo, key)
            && memo.reuse_page(rel, key)
        {
            return Ok(1);
        }
        // Render straight into bytes: `render` would re-validate the page as UTF-8.
        let mut html = Vec::with_capacity(32 * 1024);
        self.theme
            .tera
            .render_to(template, &ctx.tera, &mut html)
            .map_err(|e| vec![self.theme.diagnostic(&e, Some(rel))])?;
        self.sink
            .write(rel, &html)
            .map_err(|e| vec![io_diag(rel, &e)])?;
        if let Some(memo) = self.memo {
            memo.page_rendered(rel, key);
        }
        Ok(1)
    }

    fn t(&self, key: &str) -> String {
        crate::i18n::ui_strings(self.site.config.language)
            .get(key)
            .map_or_else(|| key.to_owned(), |s| (*s).to_owned())
    }

    fn render_job(&self, job: &Job) -> Result<usize, Vec<Diagnostic>> {
        let site = self.site;
        let urls = self.urls;
        let lang = site.config.language;
        match job {
            Job::Bulletin(i) => self.render_bulletin(*i),
            Job::Home => {
                let page = crate::urls::Urls::home();
                let mut meta = self.meta("index", site.config.title.clone(), &page);
                meta.description = Some(site.config.title.clone());
                let mut ctx = self.keyed_context(&meta);
                let latest: Vec<tera::Value> = (0..self.cards.len())
                    .take(site.config.page_size)
                    .map(|i| self.card(i))
                    .collect();
                ctx.insert("latest", &latest);
                let latest_figures = site
                    .quarters
                    .values()
                    .next_back()
                    .map(|l| figure_rows(site, l, urls))
                    .unwrap_or_default();
                ctx.insert("latest_figures", &latest_figures);
                self.emit("index.html", &ctx, &page.output_file())
            }
            Job::Quarters => {
                let page = Urls::quarters();
                let meta = self.meta("quarters", self.t("quarters"), &page);
                let mut ctx = self.context(&meta);
                let quarters: Vec<QuarterEntry> = site
                    .quarters
                    .iter()
                    .rev()
                    .map(|(q, l)| QuarterEntry {
                        quarter: quarter_ref(*q, urls, lang),
                        count: l.len(),
                    })
                    .collect();
                ctx.insert("quarters", &quarters);
                self.emit("quarters.html", &ctx, &page.output_file())
            }
            Job::Quarter(q, n) => {
                let list = site.quarters.get(q).map_or(&[][..], Vec::as_slice);
                let page = Urls::quarter(*q, *n);
                let label = q.label(lang);
                let mut meta = self.meta("quarter", label.clone(), &page);
                meta.description = Some(format!(
                    "{label}: {} {}",
                    list.len(),
                    self.t("bulletins_count")
                ));
                meta.feeds.push(Link {
                    title: label.clone(),
                    url: self.urls.file_url(&Urls::quarter_feed(*q)),
                });
                let mut ctx = self.keyed_context(&meta);
                ctx.insert(
                    "quarter",
                    &QuarterEntry {
                        quarter: quarter_ref(*q, urls, lang),
                        count: list.len(),
                    },
                );
                ctx.insert(
                    "paginator",
                    &self.paginator(list, *n, |p| Urls::quarter(*q, p)),
                );
                let figures = if *n == 1 {
                    figure_rows(site, list, urls)
                } else {
                    Vec::new()
                };
                ctx.insert("figures", &figures);
                let mut written = self.emit("quarter.html", &ctx, &page.output_file())?;
                if *n == 1 {
                    written +=
                        self.feed(&Urls::quarter_feed(*q), &label, &urls.url(&page), list)?;
                }
                Ok(written)
            }
            Job::Tags => {
                let page = Urls::tags();
                let meta = self.meta("tags", self.t("tags"), &page);
                let mut ctx = self.context(&meta);
                let mut tags: Vec<TermEntry> =
                    site.tags.iter().map(|t| self.term_entry(t)).collect();
                tags.sort_by(|a, b| {
                    b.count
                        .cmp(&a.count)
                        .then_with(|| a.term.slug.cmp(&b.term.slug))
                });
                ctx.insert("tags", &tags);
                self.emit("tags.html", &ctx, &page.output_file())
            }
            Job::Tag(t, n) => {
                let term = &site.tags[*t];
                let page = Urls::tag(&term.slug, *n);
                let mut meta = self.meta("tag", term.name.clone(), &page);
                meta.description = Some(format!("{}: {}", self.t("tag"), term.name));
                meta.feeds.push(Link {
                    title: term.name.clone(),
                    url: self.urls.file_url(&Urls::tag_feed(&term.slug)),
                });
                let mut ctx = self.keyed_context(&meta);
                ctx.insert("tag", &self.term_entry(term));
                ctx.insert(
                    "paginator",
                    &self.paginator(&term.bulletins, *n, |p| Urls::tag(&term.slug, p)),
                );
                let mut written = self.emit("tag.html", &ctx, &page.output_file())?;
                if *n == 1 {
                    written += self.feed(
                        &Urls::tag_feed(&term.slug),
                        &term.name,
                        &urls.url(&page),
                        &term.bulletins,
                    )?;
                }
                Ok(written)
            }
            Job::Districts => {
                let page = Urls::districts();
                let meta = self.meta("districts", self.t("districts"), &page);
                let mut ctx = self.context(&meta);
                let districts: Vec<TermEntry> = site
                    .districts
                    .iter()
                    .map(|d| self.district_entry(d))
                    .collect();
                ctx.insert("districts", &districts);
                self.emit("districts.html", &ctx, &page.output_file())
            }
            Job::District(d, n) => {
                let term = &site.districts[*d];
                let page = Urls::district(&term.slug, *n);
                let mut meta = self.meta("district", term.name.clone(), &page);
                meta.description = Some(format!("{}: {}", self.t("district"), term.name));
                meta.feeds.push(Link {
                    title: term.name.clone(),
                    url: self.urls.file_url(&Urls::district_feed(&term.slug)),
                });
                let mut ctx = self.keyed_context(&meta);
                ctx.insert("district", &self.district_entry(term));
                ctx.insert(
                    "paginator",
                    &self.paginator(&term.bulletins, *n, |p| Urls::district(&term.slug, p)),
                );
                // The district's latest quarter, like the home page: the full history
                // is on the figure pages (one line per district).
                let figures = if *n == 1 {
                    let latest = term
                        .bulletins
                        .iter()
                        .map(|&i| site.bulletins[i].quarter)
                        .max();
                    let recent: Vec<usize> = term
                        .bulletins
                        .iter()
                        .copied()
                        .filter(|&i| Some(site.bulletins[i].quarter) == latest)
                        .collect();
                    figure_rows(site, &recent, urls)
                } else {
                    Vec::new()
                };
                ctx.insert("figures", &figures);
                let mut written = self.emit("district.html", &ctx, &page.output_file())?;
                if *n == 1 {
                    written += self.feed(
                        &Urls::district_feed(&term.slug),
                        &term.name,
                        &urls.url(&page),
                        &term.bulletins,
                    )?;
                }
                Ok(written)
            }
            Job::NotFound => {
                let meta = PageMeta {
                    kind: "404",
                    title: self.t("not_found"),
                    description: None,
                    url: urls.file_url("404.html"),
                    image: None,
                    image_alt: None,
                    feeds: Vec::new(),
                    alternates: Vec::new(),
                };
                let ctx = self.context(&meta);
                self.emit("404.html", &ctx, "404.html")
            }
            Job::Figures | Job::Figure(_) => self.render_figures(job),
            Job::OpenData => self.write_open_data(),
            Job::ShareCards => self.write_share_cards(),
            Job::Search => {
                let page = Urls::search();
                let mut meta = self.meta("search", self.t("search"), &page);
                meta.description = Some(self.t("search_description"));
                let ctx = self.context(&meta);
                self.emit("search.html", &ctx, &page.output_file())
            }
        }
    }

    /// `/figures/` and `/figures/<id>/`, with `<link rel=alternate>` to the open data.
    fn render_figures(&self, job: &Job) -> Result<usize, Vec<Diagnostic>> {
        use crate::figures::pages::{figure_page, figure_summaries, open_data_links};
        let set = &self.theme.figures;
        let data = open_data_links(self.site, self.urls);
        let alternates = |meta: &mut PageMeta| {
            meta.alternates = vec![
                Alternate {
                    title: "CSV".to_owned(),
                    url: data.csv.clone(),
                    media_type: "text/csv",
                },
                Alternate {
                    title: "JSON".to_owned(),
                    url: data.json.clone(),
                    media_type: "application/json",
                },
            ];
        };
        let mut figure_inputs = None;
        let (template, page, ctx) = match job {
            Job::Figure(i) => {
                let Some(fig) = set.figures.get(*i) else {
                    return Ok(0);
                };
                let page = Urls::figure(&fig.id);
                // serve: reused before its view (charts, tables) is built.
                let rel = page.output_file();
                let inputs = self.memo.zip(self.keys).map(|(memo, keys)| {
                    let inputs = inputs::FigurePageInputs::of(self.site, keys.figures_key, fig);
                    let key = inputs::page_key(inputs::FIGURE_PAGE, keys.site_key, &inputs);
                    (memo, [rel.clone()], key)
                });
                if let Some((memo, rels, key)) = &inputs
                    && memo.reuse_outputs(rels, *key)
                {
                    return Ok(1);
                }
                figure_inputs = inputs;
                let mut meta = self.meta("figure", fig.label.clone(), &page);
                meta.description = Some(format!("{} – {}", fig.label, self.t("figures_page")));
                alternates(&mut meta);
                let mut ctx = self.keyed_context(&meta);
                ctx.insert("figure", &figure_page(self.site, set, fig, self.urls));
                ("figure.html", page, ctx)
            }
            _ => {
                let page = Urls::figures();
                let mut meta = self.meta("figures", self.t("figures_page"), &page);
                alternates(&mut meta);
                let mut ctx = self.context(&meta);
                ctx.insert("figures", &figure_summaries(self.site, set, self.urls));
                ("figures.html", page, ctx)
            }
        };
        let mut ctx = ctx;
        ctx.insert("data", &data);
        let written = self.emit(template, &ctx, &page.output_file())?;
        if let Some((memo, rels, key)) = &figure_inputs {
            memo.outputs_written(rels, *key);
        }
        Ok(written)
    }

    /// `/data/figures.csv`, `/data/figures.json` and `/data/<yyyy>-q<n>.csv`; returns 0
    /// (files, not pages).
    fn write_open_data(&self) -> Result<usize, Vec<Diagnostic>> {
        use crate::figures::rows::{row_order, write_csv, write_json};
        let (site, urls) = (self.site, self.urls);
        let order = row_order(site);
        // serve: a file whose bulletins (cards, in order) are unchanged is reused.
        let stream = |rel: &str,
                      covers: &[usize],
                      produce: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>|
         -> Result<(), Vec<Diagnostic>> {
            let inputs = self.memo.zip(self.keys).map(|(memo, keys)| {
                let rows = Cards {
                    list: covers,
                    keys: &keys.figure_keys,
                };
                let inputs = inputs::OpenDataInputs { file: rel, rows };
                let key = inputs::page_key(inputs::OPEN_DATA, keys.site_key, &inputs);
                (memo, [rel.to_owned()], key)
            });
            if let Some((memo, rels, key)) = &inputs
                && memo.reuse_outputs(rels, *key)
            {
                return Ok(());
            }
            self.sink
                .write_streamed(rel, produce)
                .map_err(|e| vec![io_diag(rel, &e)])?;
            if let Some((memo, rels, key)) = &inputs {
                memo.outputs_written(rels, *key);
            }
            Ok(())
        };
        stream(Urls::figures_csv(), &order, &mut |w| {
            write_csv(site, urls, &order, w)
        })?;
        stream(Urls::figures_json(), &order, &mut |w| {
            write_json(site, urls, &order, w)
        })?;
        // `order` is sorted by quarter: each quarter is one contiguous run.
        for q in site.quarters.keys() {
            let start = order.partition_point(|&i| site.bulletins[i].quarter < *q);
            let end = order.partition_point(|&i| site.bulletins[i].quarter <= *q);
            stream(&Urls::quarter_csv(*q), &order[start..end], &mut |w| {
                write_csv(site, urls, &order[start..end], w)
            })?;
        }
        // datapackage.json, figures.xlsx, each figure's data.csv and chart.svg.
        for (rel, bytes) in
            crate::figures::open_data::files(site, urls, &self.theme.figures, &order)
        {
            stream(&rel, &order, &mut |w| w.write_all(&bytes))?;
        }
        Ok(0)
    }

    /// Writes the share card of every district's quarter ([`crate::share`]), drawing them
    /// in parallel; in `serve`, a card whose inputs are unchanged is reused. Returns 0
    /// (cards are files, not pages).
    fn write_share_cards(&self) -> Result<usize, Vec<Diagnostic>> {
        use rayon::prelude::*;
        let cards = crate::share::plan_cards(self.site);
        let results: Vec<Result<(), Diagnostic>> = cards
            .par_iter()
            .map(|card| {
                let rels = [card.rel.clone()];
                let key = card.inputs.key();
                if self.memo.is_some_and(|m| m.reuse_outputs(&rels, key)) {
                    return Ok(());
                }
                let bytes = crate::share::render_card(&card.inputs).map_err(|e| {
                    Diagnostic::error(crate::error::Location::file(&card.rel), e.to_string())
                })?;
                self.sink
                    .write(&card.rel, &bytes)
                    .map_err(|e| io_diag(&card.rel, &e))?;
                if let Some(m) = self.memo {
                    m.outputs_written(&rels, key);
                }
                Ok(())
            })
            .collect();
        let diags: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if diags.is_empty() { Ok(0) } else { Err(diags) }
    }

    /// Writes an Atom feed; returns 0 (feeds are files, not pages).
    fn feed(
        &self,
        rel: &str,
        title: &str,
        page_url: &str,
        list: &[usize],
    ) -> Result<usize, Vec<Diagnostic>> {
        let title = format!("{title} – {}", self.site.config.title);
        let xml = feeds::atom_feed(
            self.site,
            self.urls,
            &title,
            &self.urls.file_url(rel),
            page_url,
            list,
        );
        self.sink
            .write(rel, xml.as_bytes())
            .map_err(|e| vec![io_diag(rel, &e)])?;
        Ok(0)
    }

    fn district_entry(&self, term: &crate::site::Term) -> TermEntry {
        TermEntry {
            term: TermRef {
                name: term.name.clone(),
                slug: term.slug.clone(),
                url: Some(self.urls.url(&Urls::district(&term.slug, 1))),
            },
            count: term.bulletins.len(),
        }
    }

    fn term_entry(&self, term: &crate::site::Term) -> TermEntry {
        TermEntry {
            term: TermRef {
                name: term.name.clone(),
                slug: term.slug.clone(),
                url: Some(self.urls.url(&Urls::tag(&term.slug, 1))),
            },
            count: term.bulletins.len(),
        }
    }

    fn paginator(
        &self,
        list: &[usize],
        current: usize,
        page_of: impl Fn(usize) -> PagePath,
    ) -> Paginator {
        let size = self.site.config.page_size.max(1);
        let total_pages = pages_for(list.len(), size);
        let start = (current - 1) * size;
        let items = list
            .iter()
            .skip(start)
            .take(size)
            .map(|&i| self.card(i))
            .collect();
        let url = |p: usize| self.urls.url(&page_of(p));
        Paginator {
            current,
            total_pages,
            total_items: list.len(),
            items,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total_pages).then(|| url(current + 1)),
            pages: build_views::page_links(current, total_pages, url),
        }
    }

    /// Redirect pages for a bulletin's old paths.
    fn write_aliases(
        &self,
        b: &crate::model::bulletin::Bulletin,
        page_url: &str,
    ) -> Result<(), Vec<Diagnostic>> {
        for alias in &b.aliases {
            let rel = Urls::alias(alias).output_file();
            let html = feeds::redirect_page(page_url);
            self.sink
                .write(&rel, html.as_bytes())
                .map_err(|e| vec![io_diag(&rel, &e)])?;
        }
        Ok(())
    }

    /// serve: bulletin page `i` reused whole (its bytes are in the sink already); the
    /// files and entries beside it are produced as [`Self::render_bulletin`] would.
    fn reused_bulletin(
        &self,
        i: usize,
        page: &PagePath,
        page_url: &str,
        hit: &memo::BulletinMemo,
    ) -> Result<usize, Vec<Diagnostic>> {
        for asset in &hit.assets {
            let rel = format!("{}/{}", page.0, asset.name);
            self.copy_asset(&rel, asset)?;
        }
        self.write_aliases(&self.site.bulletins[i], page_url)?;
        if let Ok(mut s) = self.search.lock() {
            s.push((i, std::sync::Arc::clone(&hit.search)));
        }
        if !hit.warnings.is_empty()
            && let Ok(mut w) = self.warnings.lock()
        {
            w.extend(hit.warnings.iter().cloned());
        }
        Ok(1)
    }

    /// Copies a file a bulletin links to beside its page (read through the gate); a photo
    /// goes through the image processor, so no original with its metadata is published.
    fn copy_asset(&self, rel: &str, asset: &markdown::Asset) -> Result<(), Vec<Diagnostic>> {
        let publish = crate::images::publish(&self.images, self.root, &asset.source)
            .map_err(|m| vec![Diagnostic::error(Location::file(&asset.source), m)])?;
        let source = match publish {
            crate::images::Publish::Site(source) => source,
            crate::images::Publish::Bytes(bytes) => {
                return self
                    .sink
                    .write(rel, &bytes)
                    .map_err(|e| vec![io_diag(rel, &e)]);
            }
        };
        let file = self.root.open_file(&source).map_err(|e| {
            vec![Diagnostic::error(
                Location::file(&asset.source),
                format!("cannot publish the file: {e}"),
            )]
        })?;
        self.sink
            .copy_file(rel, file)
            .map_err(|e| vec![io_diag(rel, &e)])
    }

    /// Renders a bulletin page; warnings come back as `Err` only together with errors, so
    /// they are collected in `warnings` otherwise.
    fn render_bulletin(&self, i: usize) -> Result<usize, Vec<Diagnostic>> {
        let site = self.site;
        let b = &site.bulletins[i];
        let page = Urls::bulletin(&b.slug);
        let page_url = self.urls.url(&page);
        let root = self.root;
        let resolve = |p: &str| -> LinkTarget {
            if let Some(&j) = site.by_path.get(p) {
                LinkTarget::Bulletin(self.urls.url(&Urls::bulletin(&site.bulletins[j].slug)))
            } else if site.excluded.contains(p) {
                LinkTarget::Excluded
            } else {
                match root.kind(p) {
                    Ok(Kind::File) if !p.ends_with(".md") => LinkTarget::File,
                    Ok(Kind::Symlink) => {
                        LinkTarget::Refused(Refused::Symlink(p.to_owned()).to_string())
                    }
                    Ok(Kind::Special(kind)) => {
                        LinkTarget::Refused(Refused::Special(p.to_owned(), kind).to_string())
                    }
                    Ok(_) | Err(Refused::Missing) => LinkTarget::Missing,
                    Err(e) => LinkTarget::Refused(e.to_string()),
                }
            }
        };
        // The cover's name in the page's folder is the cover's (see `AssetNames`).
        let cover = b
            .image
            .as_deref()
            .filter(|i| !i.starts_with("https://") && !i.starts_with("http://"))
            .and_then(|img| markdown::join_relative(&b.path, img));
        let render = |resolve: memo::Resolve<'_>| {
            let bytes = self.root.read(&b.path).map_err(|e| {
                vec![Diagnostic::error(
                    Location::file(&b.path),
                    format!("cannot read the file: {e}"),
                )]
            })?;
            let changed = || {
                vec![Diagnostic::error(
                    Location::file(&b.path),
                    "the file changed while the site was being built: build again",
                )]
            };
            if xxhash_rust::xxh3::xxh3_64(&bytes) != b.hash {
                return Err(changed());
            }
            let text = simdutf8::basic::from_utf8(&bytes).map_err(|_| changed())?;
            let text = strip_bom(text);
            let body = text.get(b.body_offset..).unwrap_or("");
            let has_cover = b.image.is_some();
            let hook = |image: &markdown::ImageUse<'_>| {
                crate::images::markup::body_image(
                    &self.images,
                    self.root,
                    image,
                    &page_url,
                    has_cover,
                )
            };
            let ctx = RenderContext {
                path: &b.path,
                body_line: b.body_line,
                page_url: &page_url,
                base_url: self.urls.base(),
                html: site.config.html,
                resolve,
                figures: &b.figures,
                lang: site.config.language,
                cover: cover.as_deref(),
                images: Some(&hook),
            };
            Ok(markdown::render(body, &ctx))
        };
        let mut bulletin_key = None;
        // The page's inputs besides the index: its body's key and its image's target.
        let body = body_key(site, b, self.urls);
        let image = b
            .image
            .as_deref()
            .filter(|i| !i.starts_with("https://") && !i.starts_with("http://"))
            .and_then(|img| markdown::join_relative(&b.path, img))
            .filter(|p| p.starts_with("content/"))
            .map(|p| resolve(&p));
        let rendered = match self.memo {
            // serve: reuse the body rendered from the same bytes with the same links.
            Some(memo) => {
                let key = body;
                // The whole page, before its view is built, when none of its inputs changed.
                let page_key = |site_key: u64| {
                    let inputs = BulletinPageInputs::of(site, i, key, image.clone());
                    inputs::page_key(inputs::BULLETIN_PAGE, site_key, &inputs)
                };
                bulletin_key = self
                    .site_key
                    .filter(|_| memo::markdown_current(memo, key, &resolve))
                    .map(page_key);
                if let Some(hit) =
                    bulletin_key.and_then(|k| memo.reuse_bulletin(&page.output_file(), k))
                {
                    return self.reused_bulletin(i, &page, &page_url, &hit);
                }
                let rendered = markdown_memoized(memo, key, &resolve, render)?;
                // Rendered (or revalidated) just now: the memo holds the body for `key`.
                bulletin_key = bulletin_key.or_else(|| self.site_key.map(page_key));
                rendered
            }
            None => render(&resolve)?,
        };
        let mut diags = rendered.diagnostics;
        let mut assets = rendered.assets;
        let mut cover_view = None;
        if let Some(img) = b
            .image
            .as_deref()
            .filter(|i| !i.starts_with("https://") && !i.starts_with("http://"))
        {
            match markdown::join_relative(&b.path, img).filter(|p| p.starts_with("content/")).map(|p| (resolve(&p), p)) {
                Some((LinkTarget::File, source)) => {
                    let name = img.rsplit('/').next().unwrap_or(img).to_owned();
                    match crate::images::markup::cover(&self.images, self.root, &source, &name, &page_url) {
                        Ok(Some((view, files))) => {
                            assets.extend(files);
                            cover_view = Some(view);
                        }
                        Ok(None) => {}
                        Err(m) => diags.push(Diagnostic::error(b.image_location.clone(), m)),
                    }
                    if !assets.iter().any(|a| a.name == name) {
                        assets.push(markdown::Asset { source, name });
                    }
                }
                Some((LinkTarget::Refused(why), _)) => diags.push(Diagnostic::error(
                    b.image_location.clone(),
                    format!("image `{img}` cannot be published: {why}"),
                )),
                _ => diags.push(Diagnostic::error(
                    b.image_location.clone(),
                    format!("image `{img}` not found: put the file beside the bulletin, or give a full https:// address"),
                )),
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        for asset in &assets {
            let rel = format!("{}/{}", page.0, asset.name);
            self.copy_asset(&rel, asset)?;
        }
        let lang = site.config.language;
        let inputs = BulletinPageInputs::of(site, i, body, image);
        let card = pages::bulletin::card(&inputs, self.urls, lang, &self.refs);
        let entry = pages::bulletin::search_entry(&inputs, &card, &rendered.text, lang);
        let stored = bulletin_key.map(|k| {
            let entry = std::sync::Arc::clone(&entry);
            (k, entry, diags.clone(), assets.clone())
        });
        if let Ok(mut s) = self.search.lock() {
            s.push((i, entry));
        }
        let meta = pages::bulletin::meta(&inputs, &card, self.urls, lang);
        let mut view = pages::bulletin::view(&inputs, card, rendered.html, self.urls, lang);
        view.cover = cover_view;
        let mut ctx = self.keyed_context(&meta);
        ctx.insert("bulletin", &view);
        let written = self.emit("bulletin.html", &ctx, &page.output_file())?;
        self.write_aliases(b, &page_url)?;
        if let (Some(memo), Some((key, search, warnings, assets))) = (self.memo, stored) {
            let value = memo::BulletinMemo {
                search,
                warnings,
                assets,
            };
            memo.store_bulletin(&page.output_file(), key, std::sync::Arc::new(value));
        }
        if !diags.is_empty()
            && let Ok(mut w) = self.warnings.lock()
        {
            w.append(&mut diags);
        }
        Ok(written)
    }
}
