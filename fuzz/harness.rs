//! What each fuzz target checks, shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and
//! by `cargo test` (`tests/it/replay.rs` replays every file of `fuzz/corpus/<target>/` and
//! `fuzz/artifacts/<target>/` through the function of the same name).
//!
//! Each function takes raw bytes, must never panic except through one of its own
//! assertions, and asserts the invariants the rest of bantin relies on. Bytes that are not
//! UTF-8 are decoded lossily: bantin rejects non-UTF-8 files before parsing, so only text
//! reaches these functions in real builds.

use bantin::config::{HtmlPolicy, SiteConfig};
use bantin::error::{Diagnostic, Severity};
use bantin::lang::Language;
use bantin::markdown::{self, LinkTarget, RenderContext};
use bantin::model::bulletin::{normalize_alias, parse_bulletin, strip_bom};
use bantin::model::quarter::{Quarter, YEARS};
use bantin::slug::{MAX_SLUG_LEN, case_key, fold_for_search, is_valid_slug, slugify};
use bantin::source::front_matter::split;

/// The path fuzzed bulletins pretend to live at.
const PATH: &str = "content/2022/q1/fuzz.md";

/// A target's entry point.
pub type Target = fn(&[u8]);

/// Every target's entry points, by the name of its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("markdown", markdown),
    ("slug", slug),
    ("quarter", quarter),
];

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Asserts a diagnostic names `path` and, when it has a line, one inside the file.
fn assert_located(d: &Diagnostic, path: &str, last_line: usize) {
    assert_eq!(d.location.path, path, "diagnostic for another file: {d:?}");
    if let Some(line) = d.location.line {
        assert!(
            (1..=last_line).contains(&line),
            "line {line} outside 1..={last_line}: {d:?}"
        );
    }
    if let Some(column) = d.location.column {
        assert!(column >= 1, "column 0: {d:?}");
    }
    assert!(
        !matches!(&d.message, bantin::messages::Message::Plain(t) if t.trim().is_empty()),
        "empty message: {d:?}"
    );
}

/// Asserts `p` is a `/`-separated relative path with no empty, `.` or `..` segment.
fn assert_clean_path(p: &str) {
    assert!(!p.is_empty(), "empty path");
    for seg in p.split('/') {
        assert!(
            !seg.is_empty() && seg != "." && seg != "..",
            "unclean path `{p}`"
        );
    }
}

/// The front-matter splitter and the bulletin parser (`parse_bulletin`), which includes
/// the YAML parser, the locator, figures, dates, quarters, aliases and the slug.
pub fn front_matter(data: &[u8]) {
    let text = text(data);
    let without_bom = strip_bom(&text);
    if let Ok(s) = split(without_bom) {
        assert_eq!(s.yaml_line, 2);
        assert!(without_bom.is_char_boundary(s.body_offset));
        assert_eq!(&without_bom[s.body_offset..], s.body);
        let newlines = without_bom[..s.body_offset].matches('\n').count();
        assert!(
            s.body_line == newlines + 1 || (s.body.is_empty() && s.body_line == newlines + 2),
            "body_line {} after {newlines} newlines",
            s.body_line
        );
    }
    let config = SiteConfig {
        district: Some("Nam Từ Liêm".to_owned()),
        ..SiteConfig::default()
    };
    let parsed = parse_bulletin(PATH, &text, &config);
    let last_line = without_bom.split('\n').count() + 1;
    for d in &parsed.diagnostics {
        assert_located(d, PATH, last_line);
    }
    let has_error = parsed
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    match &parsed.bulletin {
        Some(b) => {
            assert!(!has_error, "a bulletin despite errors");
            assert!(is_valid_slug(&b.slug), "invalid slug `{}`", b.slug);
            assert!(without_bom.is_char_boundary(b.body_offset));
            assert!(!b.title.is_empty());
            for a in &b.aliases {
                assert_clean_path(a);
            }
            for f in &b.figures {
                assert!(is_valid_slug(&f.id), "figure id `{}`", f.id);
            }
        }
        None => assert!(has_error, "no bulletin and no error"),
    }
    for line in text.lines() {
        if let Ok(a) = normalize_alias(line) {
            assert_clean_path(&a);
        }
    }
}

/// Pretends a root-relative path is a bulletin, a draft, a file or nothing, from its bytes.
fn pretend_resolve(p: &str) -> LinkTarget {
    match p.bytes().fold(0u8, |acc, b| acc.wrapping_add(b)) % 4 {
        0 => LinkTarget::Bulletin("https://x.vn/bulletins/other/".to_owned()),
        1 => LinkTarget::Excluded,
        2 => LinkTarget::File,
        _ => LinkTarget::Missing,
    }
}

/// Tags pulldown-cmark writes for our options, and the attributes it gives them. Anything
/// else in escaped mode means raw HTML got through.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "sup",
    "div",
    "span",
    "section",
];
const ATTRIBUTES: &[&str] = &[
    "href", "src", "alt", "title", "id", "class", "style", "start",
];

fn is_dangerous_url(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| v.starts_with(s))
}

/// Asserts that `html` holds only the tags and attributes pulldown-cmark writes, with quoted,
/// escaped values and no script URL.
fn assert_only_markdown_html(html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        assert!(TAGS.contains(&name), "unexpected tag `<{name}` in {html}");
        let mut attrs = &tag[name_len..];
        loop {
            attrs = attrs.trim_start_matches(' ');
            if let Some(after) = attrs.strip_prefix('>') {
                rest = after;
                break;
            }
            if let Some(after) = attrs.strip_prefix("/>") {
                rest = after;
                break;
            }
            let (attr, after) = attrs
                .split_once("=\"")
                .unwrap_or_else(|| panic!("malformed attribute in <{name}: {attrs:.80}"));
            assert!(
                ATTRIBUTES.contains(&attr),
                "unexpected attribute `{attr}` on <{name}> in {html}"
            );
            let (value, after) = after
                .split_once('"')
                .unwrap_or_else(|| panic!("unterminated attribute value in <{name}"));
            assert!(!value.contains('<'), "`<` inside an attribute: {value}");
            if attr == "href" || attr == "src" {
                assert!(!is_dangerous_url(value), "script URL `{value}` survived");
            }
            attrs = after;
        }
    }
}

/// The Markdown-to-HTML path (`markdown::render`) in both raw-HTML policies, plus the
/// default summary and `join_relative` on every line.
pub fn markdown(data: &[u8]) {
    let body = text(data);
    let resolve = pretend_resolve;
    let body_line = 7;
    let last_line = body_line + body.matches('\n').count();
    for html in [HtmlPolicy::Escape, HtmlPolicy::Allow] {
        let ctx = RenderContext {
            path: PATH,
            body_line,
            page_url: "https://x.vn/bulletins/fuzz/",
            base_url: "https://x.vn/",
            html,
            resolve: &resolve,
            figures: &[],
            lang: bantin::lang::Language::Vi,
            cover: None,
            images: None,
        };
        let r = markdown::render(&body, &ctx);
        for d in &r.diagnostics {
            assert_located(d, PATH, last_line);
            assert!(d.location.line.unwrap_or(body_line) >= body_line);
        }
        for a in &r.assets {
            assert!(a.source.starts_with("content/"), "asset {a:?}");
            assert_clean_path(&a.source);
            assert_clean_path(&a.name);
            assert!(!a.name.contains('/'), "asset name {a:?}");
        }
        if html == HtmlPolicy::Escape {
            assert_only_markdown_html(&r.html);
        }
    }
    let summary = markdown::first_paragraph_text(&body);
    assert!(summary.chars().count() <= 301, "summary too long");
    for line in body.lines() {
        if let Some(joined) = markdown::join_relative(PATH, line)
            && !joined.is_empty()
        {
            assert_clean_path(&joined);
        }
    }
}

/// Slug folding (`slugify`), search folding and tag case keys.
pub fn slug(data: &[u8]) {
    let s = text(data);
    let slug = slugify(&s);
    assert!(slug.len() <= MAX_SLUG_LEN, "slug too long: {slug}");
    assert!(slug.is_empty() || is_valid_slug(&slug), "bad slug `{slug}`");
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    assert_eq!(slugify(&slug), slug, "slugify is not idempotent");
    if s.bytes().any(|b| b.is_ascii_alphanumeric()) {
        assert!(!slug.is_empty(), "empty slug for {s:?}");
    }
    let folded = fold_for_search(&s);
    assert_eq!(folded.trim(), folded);
    assert!(!folded.contains("  "));
    let key = case_key(&s);
    assert_eq!(key.trim(), key);
    assert!(!key.contains("  "));
}

/// Quarter parsing: anything accepted round-trips through every way bantin writes it.
pub fn quarter(data: &[u8]) {
    let s = text(data);
    match Quarter::parse(&s) {
        Ok(q) => {
            assert!(YEARS.contains(&q.year()));
            assert!((1..=4).contains(&q.number()));
            for written in [
                q.to_string(),
                q.slug(),
                q.label(Language::Vi),
                q.label(Language::En),
            ] {
                assert_eq!(Quarter::parse(&written), Ok(q), "{written}");
            }
        }
        Err(message) => assert!(message.starts_with("invalid quarter `")),
    }
}
