//! Markdown bodies to HTML (pulldown-cmark): link and image resolution against the
//! bulletin's folder, raw-HTML policy, heading ids, and positions for diagnostics.

use crate::config::HtmlPolicy;
use crate::error::{Diagnostic, Location};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// What a relative link resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// Another bulletin, at this absolute URL.
    Bulletin(String),
    /// A bulletin left out of this build (draft).
    Excluded,
    /// A file under `content/` to copy beside the page.
    File,
    /// Nothing there.
    Missing,
    /// Something the read gate refuses (a symbolic link, a FIFO …), with the reason.
    Refused(String),
}

/// What rendering needs to know besides the body.
pub struct RenderContext<'a> {
    /// The bulletin's path relative to the root (`content/2022/q1/x.md`).
    pub path: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Absolute URL of the bulletin's page (ends with `/`).
    pub page_url: &'a str,
    /// The site's base URL (ends with `/`).
    pub base_url: &'a str,
    /// Raw HTML policy.
    pub html: HtmlPolicy,
    /// Resolves a root-relative, normalised path (`content/2022/q1/img.png`).
    pub resolve: &'a (dyn Fn(&str) -> LinkTarget + Sync),
    /// The bulletin's figures, for `{{id}}` references ([`crate::figures::refs`]).
    pub figures: &'a [crate::model::figure::Figure],
    /// The site language (figure references' number format).
    pub lang: crate::lang::Language,
    /// The cover image's root-relative source, when it is a file: its name in the page's
    /// folder is the cover's, so a body file of the same name from elsewhere is renamed.
    pub cover: Option<&'a str>,
    /// Turns an image of a linked file into markup (`<picture>`, see [`crate::images`]);
    /// `None`: an `<img>` of the file as it is.
    pub images: Option<&'a ImageHook<'a>>,
}

/// The image hook of [`RenderContext`]: a message on failure, located by the caller.
pub type ImageHook<'a> =
    dyn Fn(&ImageUse<'_>) -> Result<ImageMarkup, crate::messages::Message> + Sync + 'a;

/// An image of a linked file, as the Markdown writes it.
#[derive(Debug)]
pub struct ImageUse<'a> {
    /// Root-relative source path.
    pub source: &'a str,
    /// Its file name beside the page.
    pub name: &'a str,
    /// The alt text (may be empty).
    pub alt: &'a str,
    /// The title, if any (may be empty).
    pub title: &'a str,
    /// 0 for the body's first image, 1 for the next …
    pub nth: usize,
}

/// What the image hook made of an image: its HTML and the files it needs beside the page.
#[derive(Debug, Default)]
pub struct ImageMarkup {
    /// The element replacing `<img>`.
    pub html: String,
    /// Files to copy beside the page (root-relative; `source` may be a cache entry).
    pub files: Vec<Asset>,
}

/// A file to copy beside the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Root-relative source path.
    pub source: String,
    /// File name under the page's folder.
    pub name: String,
}

/// A rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Files to copy beside the page.
    pub assets: Vec<Asset>,
    /// Problems found (broken links …).
    pub diagnostics: Vec<Diagnostic>,
    /// Plain text of the body (for search and feeds).
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The first paragraph of `body` as plain text (the default summary), at most ~300 chars.
pub fn first_paragraph_text(body: &str) -> String {
    let mut out = String::new();
    let mut in_para = false;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) if in_para => break,
            Event::Text(t) | Event::Code(t) if in_para => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => out.push(' '),
            _ => {}
        }
    }
    truncate_words(out.trim(), 300)
}

/// Cuts `s` at a word boundary to at most `max` characters, adding `…` when cut.
pub fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// 1-based (line, column) in the file of byte `offset` of `body`.
pub fn position(body: &str, body_line: usize, offset: usize) -> (usize, usize) {
    let offset = offset.min(body.len());
    let before = &body[..offset];
    let line = body_line + before.bytes().filter(|b| *b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn is_dangerous(url: &str) -> bool {
    let u: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    u.starts_with("javascript:") || u.starts_with("data:") || u.starts_with("vbscript:")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a relative link to the folder of `from` (root-relative) and normalises `.`/`..`.
/// Returns `None` when the result leaves the root.
pub fn join_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

enum Resolved {
    Keep,
    Url(String),
    /// A file copied beside the page: its URL, source and name there.
    File(String, String, String),
    Drop,
}

/// An image being read for the image hook: its file and the alt text so far.
struct ImageCapture {
    source: String,
    name: String,
    title: String,
    offset: usize,
    alt: String,
    depth: usize,
}

/// Renders a body to HTML.
pub fn render(body: &str, ctx: &RenderContext<'_>) -> Rendered {
    let mut out = Rendered::default();
    let mut asset_names = AssetNames::default();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 16);
    // Stack of "did we drop this link/image's start tag" to drop the matching end.
    let mut dropped: Vec<bool> = Vec::new();
    let mut resolve_url = |url: &str, offset: usize, out: &mut Rendered| -> Resolved {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') {
            return Resolved::Keep;
        }
        if is_dangerous(url) {
            return if ctx.html == HtmlPolicy::Allow {
                Resolved::Keep
            } else {
                Resolved::Drop
            };
        }
        if has_scheme(url) || url.starts_with("//") {
            return Resolved::Keep;
        }
        if let Some(site_path) = url.strip_prefix('/') {
            return Resolved::Url(format!("{}{site_path}", ctx.base_url));
        }
        let (path_part, fragment) = match url.find(['#', '?']) {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        let decoded = percent_decode(path_part);
        let (line, column) = position(body, ctx.body_line, offset);
        let loc = Location::at(ctx.path, line, column);
        let Some(target) = join_relative(ctx.path, &decoded).filter(|t| t.starts_with("content/"))
        else {
            out.diagnostics.push(Diagnostic::error(loc, format!("link `{url}` points outside content/: link only to files inside the site's content folder")));
            return Resolved::Keep;
        };
        match (ctx.resolve)(&target) {
            LinkTarget::Bulletin(page) => Resolved::Url(format!("{page}{fragment}")),
            LinkTarget::Excluded => {
                out.diagnostics.push(Diagnostic::warning(loc, format!("link `{url}` points at a draft, which this build leaves out; the link is shown as plain text")));
                Resolved::Drop
            }
            LinkTarget::File => {
                let name = asset_names.name(&target, ctx.cover, &mut out.assets);
                Resolved::File(
                    format!("{}{}{fragment}", ctx.page_url, encode_path_segment(&name)),
                    target,
                    name,
                )
            }
            LinkTarget::Refused(why) => {
                out.diagnostics.push(Diagnostic::error(
                    loc,
                    format!("link `{url}` cannot be published: {why}"),
                ));
                Resolved::Keep
            }
            LinkTarget::Missing => {
                let hint = if decoded.ends_with(".md") {
                    "check the bulletin's file name"
                } else {
                    "put the file beside the bulletin or fix the path"
                };
                out.diagnostics.push(Diagnostic::error(
                    loc,
                    format!("link to missing file `{decoded}` (looked for {target}): {hint}"),
                ));
                Resolved::Keep
            }
        }
    };

    let locate = |offset| {
        let (line, column) = position(body, ctx.body_line, offset);
        Location::at(ctx.path, line, column)
    };
    let refs = crate::figures::refs::RefContext {
        figures: ctx.figures,
        lang: ctx.lang,
        base_url: ctx.base_url,
    };
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    let parsed = crate::figures::refs::expand(parser, body, refs, &locate, &mut out.diagnostics);
    let mut capture: Option<ImageCapture> = None;
    let mut images_seen = 0;
    for (event, range) in parsed {
        if let Some(c) = &mut capture {
            match &event {
                Event::Text(t) | Event::Code(t) => c.alt.push_str(t),
                Event::Start(Tag::Image { .. }) => c.depth += 1,
                Event::End(TagEnd::Image) if c.depth > 0 => c.depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let (Some(c), Some(hook)) = (capture.take(), ctx.images) {
                        let markup = image_markup(hook, &c, images_seen, body, ctx, &mut out);
                        images_seen += 1;
                        events.push(Event::Html(CowStr::from(markup)));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let is_image = matches!(tag, Tag::Image { .. });
                let (Tag::Link {
                    dest_url, title, ..
                }
                | Tag::Image {
                    dest_url, title, ..
                }) = &mut tag
                else {
                    continue;
                };
                match resolve_url(dest_url, range.start, &mut out) {
                    Resolved::Keep => {}
                    Resolved::Url(u) => *dest_url = CowStr::from(u),
                    Resolved::File(_, source, name) if is_image && ctx.images.is_some() => {
                        capture = Some(ImageCapture {
                            source,
                            name,
                            title: title.to_string(),
                            offset: range.start,
                            alt: String::new(),
                            depth: 0,
                        });
                        continue;
                    }
                    Resolved::File(u, _, _) => *dest_url = CowStr::from(u),
                    Resolved::Drop => {
                        dropped.push(true);
                        continue;
                    }
                }
                dropped.push(false);
                events.push(Event::Start(tag));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !dropped.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if ctx.html == HtmlPolicy::Escape => {
                events.push(Event::Text(html));
            }
            // `# T {onclick=alert(1)}` would otherwise write any attribute onto the heading:
            // raw HTML by another name. Keep `{#id}` and `{.class}` only.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) if ctx.html == HtmlPolicy::Escape => {
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.text.push_str(t);
                events.push(event);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                out.text.push(' ');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    add_heading_ids(&mut events);
    out.html.reserve(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// The names of the files a page copies into its folder: one name per source file, never
/// `index.html` (the page itself) nor the cover image's name (unless it is the cover);
/// two files of one name from different folders become `pic.jpg` and `2-pic.jpg`.
#[derive(Default)]
struct AssetNames {
    /// Source path → its name in the page's folder.
    by_source: HashMap<String, String>,
    /// Names given.
    taken: HashSet<String>,
    /// Per file name, the next number to try (N files of one name stay O(N)).
    next: HashMap<String, usize>,
}

impl AssetNames {
    /// The name of `source` (root-relative) in the page's folder, added to `assets` the
    /// first time. `cover` is the cover image's root-relative source.
    fn name(&mut self, source: &str, cover: Option<&str>, assets: &mut Vec<Asset>) -> String {
        if let Some(name) = self.by_source.get(source) {
            return name.clone();
        }
        let file_name = source.rsplit('/').next().unwrap_or(source);
        let cover_name = cover.map(|c| c.rsplit('/').next().unwrap_or(c));
        let free = |taken: &HashSet<String>, n: &str| {
            !taken.contains(n) && n != PAGE_FILE && (cover_name != Some(n) || cover == Some(source))
        };
        let mut name = file_name.to_owned();
        if !free(&self.taken, &name) {
            let n = self.next.entry(file_name.to_owned()).or_insert(1);
            loop {
                *n += 1;
                name = format!("{n}-{file_name}");
                if free(&self.taken, &name) {
                    break;
                }
            }
        }
        self.taken.insert(name.clone());
        self.by_source.insert(source.to_owned(), name.clone());
        assets.push(Asset {
            source: source.to_owned(),
            name: name.clone(),
        });
        name
    }
}

/// The file a page is written to in its folder.
const PAGE_FILE: &str = "index.html";

/// Calls the image hook for a captured image; a failure becomes a located diagnostic and
/// the image is left out.
fn image_markup(
    hook: &ImageHook<'_>,
    c: &ImageCapture,
    nth: usize,
    body: &str,
    ctx: &RenderContext<'_>,
    out: &mut Rendered,
) -> String {
    let image = ImageUse {
        source: &c.source,
        name: &c.name,
        alt: &c.alt,
        title: &c.title,
        nth,
    };
    let (line, column) = position(body, ctx.body_line, c.offset);
    let loc = Location::at(ctx.path, line, column);
    if c.alt.trim().is_empty() {
        let message = crate::msg!("image-no-alt", link = c.name.as_str());
        out.diagnostics
            .push(Diagnostic::warning(loc.clone(), message));
    }
    match hook(&image) {
        Ok(markup) => {
            for file in markup.files {
                if !out.assets.iter().any(|a| a.name == file.name) {
                    out.assets.push(file);
                }
            }
            markup.html
        }
        Err(message) => {
            out.diagnostics.push(Diagnostic::error(loc, message));
            String::new()
        }
    }
}

/// `name` percent-encoded for use as one URL path segment.
pub(crate) fn encode_path_segment(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// Gives headings without `{#id}` an id from their text, de-duplicated.
///
/// A counter per base keeps N identical headings O(N): each search for a free
/// `base-n` starts where the last one for that base stopped.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let mut base = crate::slug::slugify(&text);
            if base.is_empty() || base.bytes().all(|b| b.is_ascii_digit()) {
                base = format!("muc-{base}").trim_end_matches('-').to_owned();
            }
            let mut id = base.clone();
            if !seen.insert(id.clone()) {
                let n = next_suffix.entry(base.clone()).or_insert(1);
                loop {
                    id = format!("{base}-{n}");
                    *n += 1;
                    if seen.insert(id.clone()) {
                        break;
                    }
                }
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
            i = j;
        } else if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            seen.insert(id.to_string());
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(
        resolve: &'a (dyn Fn(&str) -> LinkTarget + Sync),
        html: HtmlPolicy,
    ) -> RenderContext<'a> {
        RenderContext {
            path: "content/2022/q1/a.md",
            body_line: 10,
            page_url: "https://x.vn/bulletins/a/",
            base_url: "https://x.vn/",
            html,
            resolve,
            figures: &[],
            lang: crate::lang::Language::Vi,
            cover: None,
            images: None,
        }
    }

    fn resolver(p: &str) -> LinkTarget {
        match p {
            "content/2022/q1/b.md" => LinkTarget::Bulletin("https://x.vn/bulletins/b/".into()),
            "content/2022/q1/img.svg" => LinkTarget::File,
            _ => LinkTarget::Missing,
        }
    }

    #[test]
    fn rewrites_bulletin_links_and_copies_files() {
        let r = render(
            "See [b](b.md#x) and ![chart](img.svg).\n",
            &ctx(&resolver, HtmlPolicy::Escape),
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html.contains(r#"href="https://x.vn/bulletins/b/#x""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"src="https://x.vn/bulletins/a/img.svg""#),
            "{}",
            r.html
        );
        assert_eq!(
            r.assets,
            vec![Asset {
                source: "content/2022/q1/img.svg".into(),
                name: "img.svg".into()
            }]
        );
    }

    #[test]
    fn attachments_never_take_the_pages_name_the_covers_or_each_others() {
        let files = |p: &str| {
            if p.ends_with(".md") {
                LinkTarget::Missing
            } else {
                LinkTarget::File
            }
        };
        let mut c = ctx(&files, HtmlPolicy::Escape);
        c.cover = Some("content/2022/q1/bia/anh.jpg");
        let r = render(
            "[a](index.html) ![b](x/anh.jpg) ![c](y/anh.jpg) ![d](bia/anh.jpg) [e](x/anh.jpg) [f](2-anh.jpg)\n",
            &c,
        );
        let names: Vec<(&str, &str)> = r
            .assets
            .iter()
            .map(|a| (a.source.as_str(), a.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("content/2022/q1/index.html", "2-index.html"),
                ("content/2022/q1/x/anh.jpg", "2-anh.jpg"),
                ("content/2022/q1/y/anh.jpg", "3-anh.jpg"),
                ("content/2022/q1/bia/anh.jpg", "anh.jpg"),
                ("content/2022/q1/2-anh.jpg", "2-2-anh.jpg"),
            ]
        );
        assert!(
            r.html
                .contains(r#"href="https://x.vn/bulletins/a/2-index.html""#)
        );
        // The same file linked twice keeps one name.
        assert_eq!(
            r.html.matches("bulletins/a/2-anh.jpg").count(),
            2,
            "{}",
            r.html
        );
    }

    #[test]
    fn missing_link_is_located_in_file_lines() {
        let r = render(
            "Line one\n\nsee [x](../q2/nope.md)\n",
            &ctx(&resolver, HtmlPolicy::Escape),
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            r.diagnostics[0].location,
            Location::at("content/2022/q1/a.md", 12, 5)
        );
    }

    #[test]
    fn escapes_raw_html_and_drops_javascript_links() {
        let r = render(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>hi</b>\n",
            &ctx(&resolver, HtmlPolicy::Escape),
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        let r = render("<b>hi</b>\n", &ctx(&resolver, HtmlPolicy::Allow));
        assert!(r.html.contains("<b>hi</b>"));
    }

    #[test]
    fn drops_heading_attributes_unless_html_is_allowed() {
        let md = "# T {#t .wide onclick=alert(1) style=x}\n";
        let r = render(md, &ctx(&resolver, HtmlPolicy::Escape));
        assert_eq!(r.html, "<h1 id=\"t\" class=\"wide\">T</h1>\n");
        let r = render(md, &ctx(&resolver, HtmlPolicy::Allow));
        assert!(r.html.contains("onclick"), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_slugs_and_unique() {
        let r = render(
            "## Tổng quan\n\n## Tổng quan\n\n## Số liệu {#so-lieu}\n",
            &ctx(&resolver, HtmlPolicy::Escape),
        );
        assert!(r.html.contains(r#"<h2 id="tong-quan">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="tong-quan-1">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="so-lieu">"#), "{}", r.html);
    }

    #[test]
    fn many_identical_headings_get_distinct_ids_in_linear_time() {
        // An explicit `{#a-2}` must still be skipped by the counter.
        let mut md = String::from("# a {#a-2}\n\n");
        for _ in 0..32_000 {
            md.push_str("# a\n\n");
        }
        let start = std::time::Instant::now();
        let r = render(&md, &ctx(&resolver, HtmlPolicy::Escape));
        let took = start.elapsed();
        assert_eq!(r.html.matches(r#"id="a-2""#).count(), 1);
        assert!(r.html.contains(r#"<h1 id="a">"#));
        assert!(r.html.contains(r#"<h1 id="a-3">"#));
        assert!(r.html.contains(r#"<h1 id="a-32000">"#), "last id");
        assert!(!r.html.contains(r#"id="a-32001""#));
        // Quadratic probing took about a minute here; linear takes well under a second.
        assert!(took.as_secs() < 20, "took {took:?}");
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph_text("## H\n\nMột *hai* `ba`\nbốn\n\nNăm"),
            "Một hai ba bốn"
        );
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(
            join_relative("content/a/b.md", "../c/d.md").as_deref(),
            Some("content/c/d.md")
        );
        assert_eq!(join_relative("content/b.md", "../../x"), None);
    }
}
