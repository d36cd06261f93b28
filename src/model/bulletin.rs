//! A bulletin: its typed front matter plus where its body lies in the source file.

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Location};
use crate::fields::FieldReader;
use crate::model::date::BulletinDate;
use crate::model::figure::{Figure, read_figures};
use crate::model::quarter::Quarter;
use crate::source::front_matter::{self, SplitError};
use crate::yaml::{self, Locator, Yaml};

/// Longest slug derived from a title.
pub const MAX_SLUG_LEN: usize = 80;

const KNOWN_KEYS: &[&str] = &[
    "title", "date", "quarter", "district", "tags", "author", "summary", "slug", "aliases",
    "image", "updated", "draft", "source", "extra", "figures",
];

/// A parsed, validated bulletin (without its body, which is re-read when rendered).
#[derive(Clone, Debug)]
pub struct Bulletin {
    /// Source path relative to the site root, `/`-separated (`content/2022/q1/x.md`).
    pub path: String,
    /// Hash of the whole source text (detects changes between parse and render).
    pub hash: u64,
    /// Title (NFC).
    pub title: String,
    /// URL slug.
    pub slug: String,
    /// Publication date.
    pub date: BulletinDate,
    /// Quarter reported.
    pub quarter: Quarter,
    /// District (after the site default).
    pub district: String,
    /// Tags as written (NFC, trimmed).
    pub tags: Vec<String>,
    /// Author.
    pub author: Option<String>,
    /// Summary (given, or the body's first paragraph as plain text).
    pub summary: String,
    /// Old paths that get redirect pages.
    pub aliases: Vec<String>,
    /// Where each alias is.
    pub alias_locations: Vec<Location>,
    /// Cover image: relative file or URL, as written.
    pub image: Option<String>,
    /// Date of the last correction.
    pub updated: Option<BulletinDate>,
    /// Draft.
    pub draft: bool,
    /// Source URL.
    pub source_url: Option<String>,
    /// Free `extra:` map.
    pub extra: Option<serde_json::Value>,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Byte offset of the body in the source text (after any BOM).
    pub body_offset: usize,
    /// File line of the first body line.
    pub body_line: usize,
    /// Where the slug comes from (the `slug:` or `title:` key).
    pub slug_location: Location,
    /// Where the district comes from (its key, or the title when defaulted).
    pub district_location: Location,
    /// Where each tag is.
    pub tag_locations: Vec<Location>,
    /// Where `image:` is.
    pub image_location: Location,
}

/// Result of parsing one file: the bulletin if it is usable, and everything found.
pub struct Parsed {
    /// The bulletin, when there were no errors.
    pub bulletin: Option<Bulletin>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Strips a UTF-8 BOM.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// NFC-normalises and trims display text.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let t = s.trim();
    if is_nfc_quick(t.chars()) == IsNormalized::Yes {
        t.to_owned()
    } else {
        t.nfc().collect()
    }
}

/// Parses one bulletin's text (BOM allowed). `path` is relative to the root.
pub fn parse_bulletin(path: &str, text: &str, config: &SiteConfig) -> Parsed {
    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    let text = strip_bom(text);
    let split = match front_matter::split(text) {
        Ok(s) => s,
        Err(e) => {
            let message = match e {
                SplitError::Empty => {
                    "empty file: a bulletin needs front matter (`---`, `title:`, `date:`, `---`) and a body"
                }
                SplitError::NoOpening => {
                    "missing front matter: the first line of a bulletin must be `---`, followed by `title:` and `date:` and a closing `---`"
                }
                SplitError::NoClosing => {
                    "front matter is never closed: add a line `---` after the last front-matter key"
                }
            };
            return Parsed {
                bulletin: None,
                diagnostics: vec![Diagnostic::error(Location::at(path, 1, 1), message)],
            };
        }
    };
    let root = match yaml::parse(split.yaml) {
        Ok(root) => root,
        Err(e) => {
            return Parsed {
                bulletin: None,
                diagnostics: vec![e.diagnostic(path, split.yaml_line)],
            };
        }
    };
    let locator = Locator::new(split.yaml);
    let mut r = FieldReader::new(path, split.yaml_line, &locator);
    let entries = match root {
        Yaml::Map(entries) => entries,
        Yaml::Null => Vec::new(),
        other => {
            r.error(
                "",
                format!(
                    "front matter must be `key: value` lines, found {}",
                    other.kind()
                ),
            );
            return Parsed {
                bulletin: None,
                diagnostics: r.diagnostics,
            };
        }
    };

    let mut title = None;
    let mut date_raw = None;
    let mut quarter = None;
    let mut district = None;
    let mut tags = Vec::new();
    let mut author = None;
    let mut summary = None;
    let mut slug = None;
    let mut aliases = Vec::new();
    let mut alias_locations = Vec::new();
    let mut image = None;
    let mut updated_raw = None;
    let mut draft = false;
    let mut source_url = None;
    let mut extra = None;
    let mut figures = Vec::new();

    for (key, value) in &entries {
        let p = key.as_str();
        match p {
            "title" => title = r.non_empty_string(p, value).map(|t| nfc(&t)),
            "date" => date_raw = r.non_empty_string(p, value),
            "quarter" => {
                if let Some(q) = r.non_empty_string(p, value) {
                    match Quarter::parse(&q) {
                        Ok(q) => quarter = Some(q),
                        Err(m) => r.error(p, m),
                    }
                }
            }
            "district" => district = r.non_empty_string(p, value).map(|d| nfc(&d)),
            "tags" => tags = r.string_list(p, value).iter().map(|t| nfc(t)).collect(),
            "author" => author = r.non_empty_string(p, value),
            "summary" => summary = r.non_empty_string(p, value),
            "slug" => {
                if let Some(s) = r.non_empty_string(p, value) {
                    if let Some(m) = crate::slug::length_problem("`slug`", &s) {
                        r.error(p, m);
                    } else if crate::slug::is_valid_slug(&s) {
                        slug = Some(s);
                    } else {
                        let suggestion = crate::slug::slugify(&s);
                        r.error(p, format!("`slug` `{s}` may only contain a-z, 0-9 and `-` (e.g. `{suggestion}`)"));
                    }
                }
            }
            "aliases" => {
                for (i, a) in r.string_list(p, value).into_iter().enumerate() {
                    match normalize_alias(&a) {
                        Ok(a) => {
                            aliases.push(a);
                            alias_locations.push(r.location(&format!("aliases[{i}]")));
                        }
                        Err(m) => r.error(&format!("aliases[{i}]"), m),
                    }
                }
            }
            "image" => {
                image = r.non_empty_string(p, value);
                if image.as_deref().is_some_and(|i| {
                    !i.contains("://") && i.rsplit('/').next() == Some("index.html")
                }) {
                    r.error(p, "a cover image named index.html would replace the bulletin's page (its index.html): rename the file");
                }
            }
            "updated" => updated_raw = r.non_empty_string(p, value),
            "draft" => draft = r.bool(p, value).unwrap_or(false),
            "source" => {
                if let Some(u) = r.non_empty_string(p, value) {
                    if u.starts_with("https://") || u.starts_with("http://") {
                        source_url = Some(u);
                    } else {
                        r.error(p, format!("`source` must be a web address starting with https:// or http://, found `{u}`"));
                    }
                }
            }
            "extra" => match value {
                Yaml::Map(_) => extra = Some(value.to_json()),
                Yaml::Null => {}
                other => r.error(
                    p,
                    format!(
                        "`extra` must be a mapping of your own keys, found {}",
                        other.kind()
                    ),
                ),
            },
            "figures" => figures = read_figures(&mut r, value, &config.figures),
            other => r.unknown_key(p, other, KNOWN_KEYS),
        }
    }

    let date = match &date_raw {
        Some(d) => match BulletinDate::parse(d, &config.timezone) {
            Ok(d) => Some(d),
            Err(m) => {
                r.error("date", m);
                None
            }
        },
        None => {
            if !entries.iter().any(|(k, _)| k == "date") {
                let loc = Location::at(path, 1, 1);
                r.diagnostics.push(Diagnostic::error(
                    loc,
                    "missing `date`: add `date: 2022-07-26` (or with a time, 2022-07-26T17:11:00)",
                ));
            }
            None
        }
    };
    let updated = updated_raw.and_then(|u| match BulletinDate::parse(&u, &config.timezone) {
        Ok(d) => Some(d),
        Err(m) => {
            r.error("updated", m);
            None
        }
    });
    if title.is_none() && !entries.iter().any(|(k, _)| k == "title") {
        let loc = Location::at(path, 1, 1);
        r.diagnostics.push(Diagnostic::error(
            loc,
            "missing `title`: add `title: …` to the front matter",
        ));
    }
    let slug_location = if slug.is_some() {
        r.location("slug")
    } else {
        r.location("title")
    };
    if slug.is_none()
        && let Some(t) = &title
    {
        let folded = crate::slug::slugify(t);
        if folded.is_empty() {
            r.error("title", "the title has no letters or digits to make a URL from: add `slug: …` (a-z, 0-9, `-`)");
        } else {
            slug = Some(folded);
        }
    }
    let district_location = if district.is_some() {
        r.location("district")
    } else {
        r.location("title")
    };
    let district = district.or_else(|| config.district.clone());
    if district.is_none() {
        r.error(
            "",
            "no district: add `district: …` here or a default `district:` in site.yaml",
        );
    }
    let tag_locations = (0..tags.len())
        .map(|i| r.location(&format!("tags[{i}]")))
        .collect();
    let image_location = r.location("image");

    let has_errors = r.diagnostics.iter().any(Diagnostic::is_error);
    let (Some(title), Some(date), Some(slug), Some(district), false) =
        (title, date, slug, district, has_errors)
    else {
        return Parsed {
            bulletin: None,
            diagnostics: r.diagnostics,
        };
    };
    let quarter = quarter.unwrap_or_else(|| Quarter::of(date.date()));
    let summary = summary.unwrap_or_else(|| {
        let text = crate::markdown::first_paragraph_text(split.body);
        crate::figures::refs::expand_plain(&text, &figures, config.language)
    });
    Parsed {
        bulletin: Some(Bulletin {
            path: path.to_owned(),
            hash,
            title,
            slug,
            date,
            quarter,
            district,
            tags,
            author,
            summary,
            aliases,
            alias_locations,
            image,
            updated,
            draft,
            source_url,
            extra,
            figures,
            body_offset: split.body_offset,
            body_line: split.body_line,
            slug_location,
            district_location,
            tag_locations,
            image_location,
        }),
        diagnostics: r.diagnostics,
    }
}

/// Normalises an alias to a site-relative folder path without leading or trailing `/`.
///
/// # Errors
/// A message when the alias is absolute, has `..`, or unsafe characters.
pub fn normalize_alias(alias: &str) -> Result<String, String> {
    let a = alias.trim();
    if a.contains("://") {
        return Err(format!(
            "alias `{a}` must be a path on this site such as /tin-cu/bai-viet/, not a full address"
        ));
    }
    let trimmed = a.trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("/index.html")
        .or_else(|| trimmed.strip_suffix("index.html"))
        .unwrap_or(trimmed);
    let trimmed = trimmed.trim_matches('/');
    if trimmed.is_empty() {
        return Err(format!(
            "alias `{a}` points at the site root: aliases must be old paths such as /tin-cu/bai-viet/"
        ));
    }
    for seg in trimmed.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." || seg.starts_with('.') {
            return Err(format!("alias `{a}` has an empty, `.` or `..` segment"));
        }
        if !seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(format!(
                "alias `{a}` may only use a-z, 0-9, `-`, `_` and `.` in each segment"
            ));
        }
        let short: String = seg.chars().take(24).collect();
        if let Some(m) = crate::slug::length_problem(&format!("alias segment `{short}…`"), seg) {
            return Err(m);
        }
    }
    Ok(trimmed.to_owned())
}
