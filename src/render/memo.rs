//! Memoisation hooks for `bantin serve` (`build` and `check` use none): a rebuild renders
//! the whole site, but may reuse what an earlier build produced from identical inputs.
//!
//! - A page's key hashes its complete template context (every value inserted through
//!   [`PageContext`]), the template name, the output path and a site key (the theme
//!   fingerprint, which covers every template and the figure data template functions
//!   read, and the `site` value shared by all pages). Equal keys mean equal input to a
//!   deterministic Tera render, so reusing the earlier bytes never changes the output.
//! - A bulletin's Markdown output is keyed by everything the Markdown renderer reads
//!   (file bytes, path, URLs, HTML policy) and reused only if every link lookup it made
//!   still gives the same answer (a linked file may have appeared or gone).

use crate::error::Diagnostic;
use crate::markdown::{Asset, LinkTarget, Rendered};
use std::sync::{Arc, Mutex};

/// What `serve`'s caches offer the renderer.
pub trait Memo: Sync {
    /// Called before rendering page `rel` whose inputs hash to `key`. Returns true when
    /// the memo has put an earlier build's bytes for the same key into the sink, so the
    /// page need not be rendered.
    fn reuse_page(&self, rel: &str, key: u64) -> bool;
    /// Records that page `rel` was rendered (and written) from inputs hashing to `key`.
    fn page_rendered(&self, rel: &str, key: u64);
    /// An earlier build's Markdown output for `key`, if any (validated by the caller).
    fn markdown(&self, key: u64) -> Option<Arc<MarkdownMemo>>;
    /// Keeps a Markdown output for later builds.
    fn store_markdown(&self, key: u64, value: Arc<MarkdownMemo>);
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

/// The key standing for everything pages share: the theme and the `site` value.
pub(crate) fn site_key(theme_fingerprint: u64, site: &tera::Value) -> u64 {
    let mut h = Vec::new();
    h.update(&theme_fingerprint.to_le_bytes());
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
