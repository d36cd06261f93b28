//! Memoisation hooks for `bantin serve` (`build` and `check` use none): a rebuild renders
//! the whole site, but may reuse what an earlier build produced from identical inputs.
//!
//! - A page's key hashes its complete template context (every value inserted through
//!   `PageContext`), the template name, the output path and a site key (the theme
//!   fingerprint, which covers every template and the figure data template functions
//!   read, and the `site` value shared by all pages). Equal keys mean equal input to a
//!   deterministic Tera render, so reusing the earlier bytes never changes the output.
//! - A bulletin's Markdown output is keyed by everything the Markdown renderer reads
//!   (file bytes, path, URLs, HTML policy) and reused only if every link lookup it made
//!   still gives the same answer (a linked file may have appeared or gone).

use crate::error::Diagnostic;
use crate::markdown::{Asset, LinkTarget, Rendered};
use crate::render::search::Entry;
use crate::site::Site;
use std::sync::{Arc, Mutex};

/// What `serve`'s caches offer the renderer.
pub trait Memo: Sync {
    /// Called before rendering page `rel` whose inputs hash to `key`. Returns true when
    /// the memo has put an earlier build's bytes for the same key into the sink, so the
    /// page need not be rendered.
    fn reuse_page(&self, rel: &str, key: u64) -> bool;
    /// Records that page `rel` was rendered (and written), from inputs hashing to `key`
    /// when the page has a key of its own (see `reuse_page`).
    fn page_rendered(&self, rel: &str, key: Option<u64>);
    /// An earlier build's Markdown output for `key`, if any (validated by the caller).
    fn markdown(&self, key: u64) -> Option<Arc<MarkdownMemo>>;
    /// Keeps a Markdown output for later builds.
    fn store_markdown(&self, key: u64, value: Arc<MarkdownMemo>);
    /// Called before building bulletin page `rel`'s view, with the key of its inputs
    /// (`render::inputs::BulletinPageInputs`). On a hit the memo has put the
    /// earlier bytes into the sink and returns what else the page produced; its view
    /// need not be built.
    fn reuse_bulletin(&self, rel: &str, key: u64) -> Option<Arc<BulletinMemo>>;
    /// Keeps what bulletin page `rel` produced from inputs hashing to `key`.
    fn store_bulletin(&self, rel: &str, key: u64, value: Arc<BulletinMemo>);
    /// Called before building the view of a list page whose files (`rels`: the page,
    /// and its feed if any) come from inputs hashing to `key` (see `render::inputs::ListPageInputs`). True
    /// when the memo has put every one of those files from an earlier build with the
    /// same key into the sink (all or none), so the page need not be built.
    fn reuse_outputs(&self, rels: &[String], key: u64) -> bool;
    /// Records that the files `rels` were written from inputs hashing to `key`.
    fn outputs_written(&self, rels: &[String], key: u64);
    /// The search entry bulletin page `rel` had in the earlier build, whatever its key
    /// (for [`crate::render::render_patch`], which rewrites a search shard from the
    /// entries of bulletins it did not render).
    fn search_entry(&self, _rel: &str) -> Option<Entry> {
        None
    }
    /// The search index kept from the earlier build, updated in place by this one.
    fn search_state(&self) -> Option<&crate::render::search::Shared> {
        None
    }
}

/// What rendering a bulletin page produced besides its bytes (reused with them).
#[derive(Debug)]
pub struct BulletinMemo {
    pub(crate) search: Entry,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) assets: Vec<Asset>,
}

/// Whether the memo's Markdown output for `key` is still valid (every link lookup it
/// recorded resolves the same way); if so it is carried over to the next build.
pub(crate) fn markdown_current(memo: &dyn Memo, key: u64, resolve: Resolve<'_>) -> bool {
    match memo.markdown(key) {
        Some(hit) if hit.lookups.iter().all(|(path, was)| resolve(path) == *was) => {
            memo.store_markdown(key, hit);
            true
        }
        _ => false,
    }
}

/// A rendered Markdown body and the link lookups it depended on.
#[derive(Debug)]
pub struct MarkdownMemo {
    html: String,
    text: String,
    assets: Vec<Asset>,
    diagnostics: Vec<Diagnostic>,
    lookups: Vec<(String, LinkTarget)>,
}

impl MarkdownMemo {
    fn to_rendered(&self) -> Rendered {
        Rendered {
            html: self.html.clone(),
            assets: self.assets.clone(),
            diagnostics: self.diagnostics.clone(),
            text: self.text.clone(),
        }
    }
}

/// The resolver type the Markdown renderer takes.
pub(crate) type Resolve<'a> = &'a (dyn Fn(&str) -> LinkTarget + Sync);

/// Renders a Markdown body through `render`, or reuses the memo's earlier output for
/// `key` when every link lookup it recorded still resolves the same way.
pub(crate) fn markdown_memoized(
    memo: &dyn Memo,
    key: u64,
    resolve: Resolve<'_>,
    render: impl FnOnce(Resolve<'_>) -> Result<Rendered, Vec<Diagnostic>>,
) -> Result<Rendered, Vec<Diagnostic>> {
    if let Some(hit) = memo.markdown(key)
        && hit.lookups.iter().all(|(path, was)| resolve(path) == *was)
    {
        let rendered = hit.to_rendered();
        memo.store_markdown(key, hit);
        return Ok(rendered);
    }
    let lookups = Mutex::new(Vec::new());
    let recording = |path: &str| {
        let target = resolve(path);
        if let Ok(mut l) = lookups.lock() {
            l.push((path.to_owned(), target.clone()));
        }
        target
    };
    let rendered = render(&recording)?;
    let value = MarkdownMemo {
        html: rendered.html.clone(),
        text: rendered.text.clone(),
        assets: rendered.assets.clone(),
        diagnostics: rendered.diagnostics.clone(),
        lookups: lookups.into_inner().unwrap_or_default(),
    };
    memo.store_markdown(key, Arc::new(value));
    Ok(rendered)
}

/// Key material: values are serialised compactly into a buffer and hashed in one pass
/// (many small streaming-hash updates cost more than the copy).
type Xxh3 = Vec<u8>;

trait Update {
    fn update(&mut self, bytes: &[u8]);
}

impl Update for Vec<u8> {
    fn update(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A page's Tera context that, when memoising, also records every value inserted.
pub(crate) struct PageContext {
    pub(crate) tera: tera::Context,
    hasher: Option<Xxh3>,
}

impl PageContext {
    /// A context holding the shared `site` value; `site_key` (when memoising) stands for
    /// it and for the theme in the page key.
    pub(crate) fn new(site: tera::Value, site_key: Option<u64>) -> Self {
        let mut tera = tera::Context::new();
        tera.insert_value("site", site);
        let hasher = site_key.map(|k| {
            let mut h = Vec::with_capacity(16 * 1024);
            h.update(&k.to_le_bytes());
            h
        });
        PageContext { tera, hasher }
    }

    /// Inserts a template variable.
    pub(crate) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, val: &T) {
        let value = tera::Value::from_serializable(val);
        if let Some(h) = &mut self.hasher {
            hash_str(h, key);
            hash_value(h, &value);
        }
        self.tera.insert_value(key, value);
    }

    /// The page key for rendering `template` to `rel`, when memoising.
    pub(crate) fn key(&self, template: &str, rel: &str) -> Option<u64> {
        let material = self.hasher.as_ref()?;
        let mut tail = Vec::new();
        hash_str(&mut tail, template);
        hash_str(&mut tail, rel);
        let seed = xxhash_rust::xxh3::xxh3_64(&tail);
        Some(xxhash_rust::xxh3::xxh3_64_with_seed(material, seed))
    }
}

/// The key of everything figure series, figure checks and open-data rows read of
/// bulletin `i`: its index position, path, slug, date, quarter, district (as written,
/// and the site district it maps to), draft flag, and each figure's fields and
/// positions, in order. Not its title, body, tags or other front matter.
pub fn figure_data_key(site: &Site, i: usize) -> u64 {
    match site.bulletins.get(i) {
        Some(b) => figure_data_key_of(b, i, site.bulletin_district.get(i).copied()),
        None => u64::MAX,
    }
}

/// [`figure_data_key`] of bulletin `b` standing at index `i`, in district `district`
/// (an index into the site's districts).
pub fn figure_data_key_of(
    b: &crate::model::bulletin::Bulletin,
    i: usize,
    district: Option<usize>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::render::inputs::KeyHasher::new();
    i.hash(&mut h);
    b.path.hash(&mut h);
    b.slug.hash(&mut h);
    b.date.hash(&mut h);
    b.quarter.hash(&mut h);
    b.district.hash(&mut h);
    b.draft.hash(&mut h);
    district.as_ref().hash(&mut h);
    b.figures.len().hash(&mut h);
    for f in &b.figures {
        f.id.hash(&mut h);
        f.label.hash(&mut h);
        f.value.to_bits().hash(&mut h);
        f.unit.hash(&mut h);
        f.period.hash(&mut h);
        f.change_pct.map(f64::to_bits).hash(&mut h);
        f.target_pct.map(f64::to_bits).hash(&mut h);
        f.estimate.hash(&mut h);
        f.note.hash(&mut h);
        f.location.hash(&mut h);
        f.key_positions.hash(&mut h);
    }
    h.finish()
}

/// The key of the whole figure set and its checks: the config (language), the site's
/// districts (names and slugs, in order) and every published bulletin's
/// [`figure_data_key`], in site order.
pub fn figures_key(site: &Site, bulletin_keys: &[u64]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::render::inputs::KeyHasher::new();
    format!("{:?}", site.config).hash(&mut h);
    site.districts.len().hash(&mut h);
    for d in &site.districts {
        d.name.hash(&mut h);
        d.slug.hash(&mut h);
    }
    site.bulletins.len().hash(&mut h);
    bulletin_keys.hash(&mut h);
    h.finish()
}

/// The key standing for everything pages share: the theme, the `site` value and the
/// config (bulletins are parsed with it).
pub(crate) fn site_key(
    theme_fingerprint: u64,
    site: &tera::Value,
    config: &crate::config::SiteConfig,
) -> u64 {
    let mut h = Vec::new();
    h.update(&theme_fingerprint.to_le_bytes());
    hash_str(&mut h, &format!("{config:?}"));
    hash_value(&mut h, site);
    xxhash_rust::xxh3::xxh3_64(&h)
}

/// The key of a bulletin's Markdown body: everything `markdown::render` reads except the
/// link lookups (validated separately).
pub(crate) fn markdown_key(parts: &[&str], numbers: &[u64]) -> u64 {
    let mut h = Vec::new();
    for p in parts {
        hash_str(&mut h, p);
    }
    for n in numbers {
        h.update(&n.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&h)
}

/// Integer kinds differ in how templates see them (`1` as u64 vs i64 print alike, but
/// keep them apart anyway: a key may only ever be over-cautious).
fn kind_tag(kind: tera::value::ValueKind) -> u8 {
    use tera::value::ValueKind as K;
    match kind {
        K::U64 => 1,
        K::I64 => 2,
        K::U128 => 3,
        K::I128 => 4,
        _ => 0,
    }
}

fn hash_str(h: &mut Xxh3, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// Hashes a Tera value structurally (kind, then contents; strings with their safe mark).
pub(crate) fn hash_value(h: &mut Xxh3, v: &tera::Value) {
    use tera::value::ValueKind as K;
    match v.kind() {
        K::Undefined => h.update(&[0]),
        K::None => h.update(&[1]),
        K::Bool => h.update(&[2, u8::from(v.as_bool().unwrap_or(false))]),
        K::String => {
            h.update(&[3, u8::from(v.is_safe())]);
            hash_str(h, v.as_str().unwrap_or(""));
        }
        K::Array => {
            let items = v.as_array().unwrap_or(&[]);
            h.update(&[4]);
            h.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(h, item);
            }
        }
        K::Map => {
            h.update(&[5]);
            if let Some(map) = v.as_map() {
                h.update(&(map.len() as u64).to_le_bytes());
                for (k, item) in map {
                    match k.as_str() {
                        Some(k) => hash_str(h, k),
                        None => hash_str(h, &k.to_string()),
                    }
                    hash_value(h, item);
                }
            }
        }
        K::Bytes => {
            h.update(&[6]);
            let b = v.as_bytes().unwrap_or(&[]);
            h.update(&(b.len() as u64).to_le_bytes());
            h.update(b);
        }
        kind => match v.as_number() {
            Some(tera::Number::Integer(i)) => {
                h.update(&[7, kind_tag(kind)]);
                h.update(&i.to_le_bytes());
            }
            Some(tera::Number::Float(f)) => {
                h.update(&[8]);
                h.update(&f.to_bits().to_le_bytes());
            }
            // Any kind a later Tera adds: its kind and display form.
            _ => {
                h.update(&[9]);
                hash_str(h, &format!("{kind:?}:{v}"));
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_keys_follow_the_config() {
        let (a, _) = crate::config::parse_config("title: T\n");
        let (b, _) = crate::config::parse_config("title: T\npage_size: 7\n");
        let v = tera::Value::from("site");
        assert_eq!(site_key(1, &v, &a), site_key(1, &v, &a));
        assert_ne!(site_key(1, &v, &a), site_key(1, &v, &b));
        assert_ne!(site_key(1, &v, &a), site_key(2, &v, &a));
        assert_ne!(
            site_key(1, &v, &a),
            site_key(1, &tera::Value::from("x"), &a)
        );
    }

    /// A bulletin with figures; `edit` rewrites its text before parsing.
    fn fig_doc(name: &str, day: u32, edit: &dyn Fn(String) -> String) -> (String, String) {
        let text = format!(
            "---\ntitle: \"Tin {name}\"\ndate: 2024-02-{day:02}\nquarter: \"2024-Q1\"\nslug: tin-{name}\ndistrict: \"Ba Đình\"\ndraft: false\nfigures:\n  - id: cay-xanh\n    label: \"Cây xanh\"\n    value: 628\n    unit: \"cây\"\n    period: quarter\n  - id: don-thu\n    label: \"Đơn thư\"\n    value: 127\n    unit: \"đơn\"\n    change_pct: 1.5\n    target_pct: 20\n    estimate: false\n    note: \"Ghi chú\"\n---\nBody of {name}.\n"
        );
        (format!("content/2024/q1/{name}.md"), edit(text))
    }

    /// A site of bulletins `a` and `b` (all figures); `edit` applies to `b` only.
    fn fig_site(edit: &dyn Fn(String) -> String) -> Site {
        let (config, _) = crate::config::parse_config("title: T\ndistrict: Ba Đình\n");
        let docs = [fig_doc("a", 1, &|t| t), fig_doc("b", 2, edit)];
        let bulletins = docs
            .iter()
            .filter_map(|(path, text)| {
                crate::model::bulletin::parse_bulletin(path, text, &config).bulletin
            })
            .collect();
        crate::site::index_site(config, bulletins, crate::site::Drafts::Include).0
    }

    /// (b's figure data key, the figures key, the whole-file and Q1 open-data keys,
    /// every figure page key).
    /// The key of an open-data file covering `list` (by figure data `keys`).
    fn open_data_key(site_key: u64, file: &str, list: &[usize], keys: &[u64]) -> u64 {
        use crate::render::inputs::{Cards, OPEN_DATA, OpenDataInputs, page_key};
        let rows = Cards { list, keys };
        page_key(OPEN_DATA, site_key, &OpenDataInputs { file, rows })
    }

    /// The key of `fig`'s page, the figure set keyed `figures`.
    fn figure_page_key(
        site: &Site,
        site_key: u64,
        figures: u64,
        fig: &crate::figures::series::FigureData,
    ) -> u64 {
        use crate::render::inputs::{FIGURE_PAGE, FigurePageInputs, page_key};
        page_key(
            FIGURE_PAGE,
            site_key,
            &FigurePageInputs::of(site, figures, fig),
        )
    }

    fn figure_keys(edit: &dyn Fn(String) -> String) -> (u64, u64, u64, u64, Vec<u64>) {
        let site = fig_site(edit);
        assert_eq!(site.bulletins.len(), 2);
        let keys: Vec<u64> = (0..2).map(|i| figure_data_key(&site, i)).collect();
        let b = site
            .bulletins
            .iter()
            .position(|b| b.path.ends_with("/b.md"))
            .unwrap_or(usize::MAX);
        let all = figures_key(&site, &keys);
        let order = crate::figures::rows::row_order(&site);
        let set = crate::figures::FigureSet::from_site(&site);
        let pages = set
            .figures
            .iter()
            .map(|f| figure_page_key(&site, 7, all, f))
            .collect();
        (
            figure_data_key(&site, b),
            all,
            open_data_key(7, "data/figures.csv", &order, &keys),
            open_data_key(7, "data/2024-q1.csv", &order[..1], &keys),
            pages,
        )
    }

    #[test]
    fn figure_keys_follow_every_figure_input() {
        let base = figure_keys(&|t| t);
        assert_eq!(base, figure_keys(&|t| t));
        assert_eq!(base.4.len(), 2);
        let edits: [(&str, &str); 16] = [
            ("value: 628", "value: 629"),
            ("unit: \"cây\"", "unit: \"cây xanh\""),
            ("label: \"Cây xanh\"", "label: \"Cây\""),
            ("id: cay-xanh", "id: cay-moi"),
            ("period: quarter", "period: year"),
            ("change_pct: 1.5", "change_pct: 1.6"),
            ("target_pct: 20", "target_pct: 21"),
            ("estimate: false", "estimate: true"),
            ("note: \"Ghi chú\"", "note: \"Khác\""),
            ("slug: tin-b", "slug: tin-c"),
            ("date: 2024-02-02", "date: 2024-02-03"),
            ("date: 2024-02-02", "date: 2024-04-02"),
            ("district: \"Ba Đình\"", "district: \"Tây Hồ\""),
            ("draft: false", "draft: true"),
            // The same figures at other positions (diagnostics point there).
            ("figures:\n", "author: \"X\"\nfigures:\n"),
            (
                "    value: 628\n    unit: \"cây\"\n",
                "    unit: \"cây\"\n    value: 628\n",
            ),
        ];
        for (from, to) in edits {
            let edit = |t: String| {
                assert!(t.contains(from), "{from}");
                t.replacen(from, to, 1)
            };
            let next = figure_keys(&edit);
            assert_ne!(base.0, next.0, "{from} -> {to}");
            assert_ne!(base.1, next.1, "{from} -> {to}");
            assert_ne!(base.2, next.2, "{from} -> {to}");
        }
        // Figures swapped: the same values in another order.
        let swapped = figure_keys(&|t| {
            let (head, rest) = t.split_once("  - id: cay-xanh").unwrap_or_default();
            let (first, tail) = rest.split_once("  - id: don-thu").unwrap_or_default();
            let (second, body) = tail.split_once("---\n").unwrap_or_default();
            format!("{head}  - id: don-thu{second}  - id: cay-xanh{first}---\n{body}")
        });
        assert_ne!(base.0, swapped.0);
        assert_ne!(base.1, swapped.1);
        // A title is not figure data, but figure pages link bulletins by title.
        let retitled = figure_keys(&|t| t.replacen("title: \"Tin b\"", "title: \"Mới\"", 1));
        assert_eq!(base.0..=base.3, retitled.0..=retitled.3);
        assert_eq!(
            (base.1, base.2, base.3),
            (retitled.1, retitled.2, retitled.3)
        );
        assert_ne!(base.4, retitled.4);
        // The site key, the file and the rows it covers.
        let site = fig_site(&|t| t);
        let keys: Vec<u64> = (0..2).map(|i| figure_data_key(&site, i)).collect();
        let k = open_data_key(7, "data/figures.csv", &[0, 1], &keys);
        assert_ne!(k, open_data_key(8, "data/figures.csv", &[0, 1], &keys));
        assert_ne!(k, open_data_key(7, "data/figures.json", &[0, 1], &keys));
        assert_ne!(k, open_data_key(7, "data/figures.csv", &[1, 0], &keys));
        assert_ne!(k, open_data_key(7, "data/figures.csv", &[0], &keys));
        let set = crate::figures::FigureSet::from_site(&site);
        let fig = &set.figures[0];
        let p = figure_page_key(&site, 7, 1, fig);
        assert_ne!(p, figure_page_key(&site, 8, 1, fig));
        assert_ne!(p, figure_page_key(&site, 7, 2, fig));
        assert_ne!(p, figure_page_key(&site, 7, 1, &set.figures[1]));
        // The config (language) and the site's districts.
        let (config, _) =
            crate::config::parse_config("title: T\ndistrict: Ba Đình\nlanguage: en\n");
        let mut other = fig_site(&|t| t);
        other.config = config;
        assert_ne!(base.1, figures_key(&other, &keys));
        let mut other = fig_site(&|t| t);
        if let Some(d) = other.districts.first_mut() {
            d.slug.push('x');
        }
        assert_ne!(base.1, figures_key(&other, &keys));
    }

    fn key_of(f: impl FnOnce(&mut PageContext)) -> u64 {
        let mut c = PageContext::new(tera::Value::from("site"), Some(1));
        f(&mut c);
        c.key("t.html", "a/index.html").unwrap_or_default()
    }

    #[test]
    fn page_keys_follow_every_value() {
        let base = key_of(|c| c.insert("page", &serde_json::json!({"title": "A", "n": 1})));
        assert_eq!(
            base,
            key_of(|c| c.insert("page", &serde_json::json!({"title": "A", "n": 1})))
        );
        for other in [
            key_of(|c| c.insert("page", &serde_json::json!({"title": "B", "n": 1}))),
            key_of(|c| c.insert("page", &serde_json::json!({"title": "A", "n": 2}))),
            key_of(|c| c.insert("page", &serde_json::json!({"title": "A", "n": 1.0}))),
            key_of(|c| c.insert("other", &serde_json::json!({"title": "A", "n": 1}))),
            key_of(|c| {
                c.insert(
                    "page",
                    &serde_json::json!({"title": "A", "n": 1, "x": null}),
                )
            }),
        ] {
            assert_ne!(base, other);
        }
        let mut plain = PageContext::new(tera::Value::from("site"), None);
        plain.insert("page", &1);
        assert_eq!(plain.key("t.html", "a/index.html"), None);
    }
}
