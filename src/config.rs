//! `site.yaml`: typed, validated, unknown keys rejected.

use crate::error::Diagnostic;
use crate::fields::FieldReader;
use crate::lang::Language;
use crate::yaml::{self, Locator, Yaml};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.yaml";

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "district",
    "timezone",
    "theme",
    "page_size",
    "keep",
    "unsafe_html",
    "figures",
    "data_license",
    "data_source",
    "images",
    "cache_dir",
    "share_image",
];

/// Whether raw HTML and `javascript:` links in Markdown pass through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HtmlPolicy {
    /// Raw HTML is escaped, dangerous link targets dropped (default).
    #[default]
    Escape,
    /// Raw HTML passes through (`unsafe_html: true`).
    Allow,
}

/// The site configuration.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Base URL (ends with `/`), if configured.
    pub base_url: Option<String>,
    /// Site language.
    pub language: Language,
    /// Default district of bulletins.
    pub district: Option<String>,
    /// Time zone for dates without an offset.
    pub timezone: jiff::tz::TimeZone,
    /// Name of the time zone, as written.
    pub timezone_name: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Items per list page.
    pub page_size: usize,
    /// Files in the output folder that a build keeps.
    pub keep: Vec<String>,
    /// Raw HTML policy.
    pub html: HtmlPolicy,
    /// What is said once per figure id (`figures:`): label, unit, good direction,
    /// decimals; a bulletin's figure overrides it.
    pub figures: std::collections::BTreeMap<String, crate::model::figure::FigureMeta>,
    /// Licence of the open data (`data_license:`, a name such as `CC-BY-4.0` or a URL);
    /// none is claimed when absent.
    pub data_license: Option<String>,
    /// Where the open data comes from (`data_source:`, a name or a URL).
    pub data_source: Option<String>,
    /// How linked photos are processed (`images:`), and the cache folder (`cache_dir:`).
    pub images: crate::images::ImageSettings,
    /// The site-wide share image (`og:image` of pages without a card of their own): a
    /// web address, or a path of a file the site publishes (from `static/`), as written.
    pub share_image: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Bản tin".to_owned(),
            base_url: None,
            language: Language::Vi,
            district: None,
            timezone: jiff::tz::TimeZone::fixed(jiff::tz::offset(7)),
            timezone_name: "Asia/Ho_Chi_Minh".to_owned(),
            theme: "default".to_owned(),
            page_size: 20,
            keep: vec!["CNAME".to_owned(), ".nojekyll".to_owned()],
            html: HtmlPolicy::Escape,
            figures: std::collections::BTreeMap::new(),
            data_license: None,
            data_source: None,
            images: crate::images::ImageSettings::default(),
            share_image: None,
        }
    }
}

/// Normalises a base URL: must be http(s), gets a trailing `/`.
///
/// # Errors
/// A message saying what is wrong with it.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err(format!(
            "base URL `{url}` must start with https:// or http://"
        ));
    };
    if rest.is_empty() || rest.starts_with('/') || url.contains(char::is_whitespace) {
        return Err(format!("base URL `{url}` has no host"));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "base URL `{url}` must not carry a query or fragment"
        ));
    }
    let mut out = url.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// Whether `site.yaml` could not be read at all (YAML syntax, encoding): its settings
/// are unknown, so bulletins are not checked against them.
pub fn unreadable(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| {
        d.is_error()
            && d.location.path == CONFIG_FILE
            && d.message
                .id()
                .is_some_and(crate::yaml_explain::is_syntax_id)
    })
}

/// Checks a `share_image:` value: a raster image (sharing sites do not show SVG), at a
/// web address or at a plain path inside the published site.
fn check_share_image(image: &str) -> Result<(), String> {
    if !crate::share::is_raster(image) {
        return Err(format!(
            "`share_image` `{image}` must be a PNG, JPEG, GIF or WebP image: Facebook, Zalo and X do not show SVG"
        ));
    }
    let is_url = image.starts_with("https://") || image.starts_with("http://");
    if !is_url && (image.contains("..") || image.contains('\\') || image.contains("://")) {
        return Err(format!(
            "`share_image` `{image}` must be a web address or a path of a file under static/ (such as /anh/chia-se.png)"
        ));
    }
    Ok(())
}

/// Parses `site.yaml` text. Problems are returned as diagnostics (errors fail the command).
pub fn parse_config(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
    let mut config = SiteConfig::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => return (config, vec![e.diagnostic(CONFIG_FILE, 1)]),
    };
    let locator = Locator::new(text);
    let mut r = FieldReader::new(CONFIG_FILE, 1, &locator);
    let entries = match root {
        Yaml::Map(entries) => entries,
        Yaml::Null => Vec::new(),
        other => {
            r.error(
                "",
                format!(
                    "site.yaml must be a mapping of keys to values, found {}",
                    other.kind()
                ),
            );
            return (config, r.diagnostics);
        }
    };
    let mut seen_title = false;
    for (key, value) in &entries {
        let p = key.as_str();
        match p {
            "title" => {
                if let Some(t) = r.non_empty_string(p, value) {
                    config.title = t;
                    seen_title = true;
                }
            }
            "base_url" => {
                if let Some(u) = r.string(p, value) {
                    match normalize_base_url(&u) {
                        Ok(u) => config.base_url = Some(u),
                        Err(m) => r.error(p, m),
                    }
                }
            }
            "language" => {
                if let Some(l) = r.string(p, value) {
                    match l.trim() {
                        "vi" => config.language = Language::Vi,
                        "en" => config.language = Language::En,
                        other => r.error(
                            p,
                            format!("unsupported language `{other}`: use `vi` or `en`"),
                        ),
                    }
                }
            }
            "district" => config.district = r.non_empty_string(p, value),
            "timezone" => {
                if let Some(name) = r.non_empty_string(p, value) {
                    match jiff::tz::TimeZone::get(&name) {
                        Ok(tz) => {
                            config.timezone = tz;
                            config.timezone_name = name;
                        }
                        Err(_) => r.error(p, format!("unknown time zone `{name}` (use an IANA name such as Asia/Ho_Chi_Minh)")),
                    }
                }
            }
            "theme" => {
                if let Some(t) = r.non_empty_string(p, value) {
                    if crate::slug::is_valid_slug(&t)
                        || t.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        config.theme = t;
                    } else {
                        r.error(p, format!("theme name `{t}` must be a folder name under themes/ (letters, digits, `-`, `_`)"));
                    }
                }
            }
            "page_size" => match value {
                Yaml::Int(n) if (1..=10_000).contains(n) => {
                    config.page_size = usize::try_from(*n).unwrap_or(20);
                }
                _ => r.error(p, "`page_size` must be a whole number from 1 to 10000"),
            },
            "keep" => config.keep = r.string_list(p, value),
            "unsafe_html" => {
                if let Some(b) = r.bool(p, value) {
                    config.html = if b {
                        HtmlPolicy::Allow
                    } else {
                        HtmlPolicy::Escape
                    };
                }
            }
            "figures" => config.figures = crate::model::figure::read_site_figures(&mut r, value),
            "data_license" => config.data_license = r.non_empty_string(p, value),
            "data_source" => config.data_source = r.non_empty_string(p, value),
            "images" => {
                crate::images::settings::read_image_settings(&mut r, value, &mut config.images)
            }
            "cache_dir" => {
                if let Some(dir) = r.non_empty_string(p, value) {
                    let inside = std::path::Path::new(&dir)
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)));
                    if inside {
                        config.images.cache_dir = Some(dir);
                    } else {
                        r.error(p, crate::msg!("cache-dir-outside", dir = dir.as_str()));
                    }
                }
            }
            "share_image" => {
                if let Some(image) = r.non_empty_string(p, value) {
                    match check_share_image(&image) {
                        Ok(()) => config.share_image = Some(image),
                        Err(m) => r.error(p, m),
                    }
                }
            }
            other => r.unknown_key(p, other, KNOWN_KEYS),
        }
    }
    if !seen_title
        && !r.diagnostics.iter().any(
            |d| matches!(&d.message, crate::messages::Message::Plain(t) if t.contains("`title`")),
        )
    {
        r.error("", "missing `title`: add `title: Bản tin quận …`");
    }
    (config, r.diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_keys() {
        let (c, d) = parse_config(
            "title: T\nbase_url: https://quan.gov.vn/bantin\nlanguage: en\ndistrict: Cầu Giấy\ntimezone: Asia/Ho_Chi_Minh\npage_size: 5\nkeep: [CNAME]\nunsafe_html: true\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.base_url.as_deref(), Some("https://quan.gov.vn/bantin/"));
        assert_eq!(c.language, Language::En);
        assert_eq!(c.page_size, 5);
        assert_eq!(c.keep, vec!["CNAME".to_owned()]);
        assert_eq!(c.html, HtmlPolicy::Allow);
    }

    #[test]
    fn unknown_key_is_located_with_suggestion() {
        let (_, d) = parse_config("title: T\nbase_ulr: https://x.vn/\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "site.yaml:2:1: error: unknown key `base_ulr` (did you mean `base_url`?)"
        );
    }

    #[test]
    fn rejects_bad_values() {
        let (_, d) = parse_config("title: T\nlanguage: fr\npage_size: 0\nbase_url: ftp://x\n");
        assert_eq!(d.len(), 3, "{d:?}");
    }
}
