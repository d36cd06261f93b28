//! Figure references in Markdown bodies: a bulletin's prose prints its own figures, so a
//! number is written once (in the front matter) and shown in the site's number format.
//!
//! * `{{id}}` — the value with its unit, linked to the figure's page, with the estimate
//!   mark when the figure is `estimate: true` (`12.335 tỷ đồng`, `2.305 tỷ đồng (ước tính)`);
//! * `{{id.value}}` — the number alone; `{{id.unit}}`, `{{id.label}}`;
//! * `{{id.change}}` — `tăng 7,6%` / `giảm 3,5%` (en `+7.6%`);
//! * `{{id.target}}` — `đạt 33% dự toán` (en `33% of plan`);
//! * a fenced code block with the info string `figures` — a table of the bulletin's
//!   figures (all of them, or the ids listed in the block, one per line, in that order).
//!
//! Double braces never occur in Vietnamese prose and mean nothing to CommonMark, so
//! ordinary text is untouched; inside code spans and code blocks, and after a backslash
//! (`\{{id}}`), they are printed as written.

use crate::error::{Diagnostic, Location};
use crate::lang::Language;
use crate::messages::Message;
use crate::model::figure::Figure;
use crate::msg;
use crate::numfmt::{format_change, format_number, format_percent};
use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// What references need besides the body.
#[derive(Clone, Copy)]
pub struct RefContext<'a> {
    /// The bulletin's figures.
    pub figures: &'a [Figure],
    /// The site language (number format, words).
    pub lang: Language,
    /// The site's base URL (ends with `/`), for links to figure pages.
    pub base_url: &'a str,
}

/// The info string of a fenced block that becomes the figures table.
pub const TABLE_FENCE: &str = "figures";

/// Which part of a figure a reference prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Whole,
    Value,
    Unit,
    Label,
    Change,
    Target,
}

const PARTS: &[(&str, Part)] = &[
    ("value", Part::Value),
    ("unit", Part::Unit),
    ("label", Part::Label),
    ("change", Part::Change),
    ("target", Part::Target),
];

/// One `{{…}}` found in a text: its byte range in the text and what it names.
#[derive(Debug, PartialEq, Eq)]
struct RawRef<'t> {
    range: Range<usize>,
    id: &'t str,
    part: Option<&'t str>,
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Finds `{{id}}` and `{{id.part}}` in `text` (spaces inside the braces allowed). Braces
/// around anything else are left alone.
fn find_refs(text: &str) -> Vec<RawRef<'_>> {
    let mut refs = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| i + from) {
        let inner_start = i + 2;
        let Some(len) = text[inner_start..].find("}}") else {
            break;
        };
        let inner = text[inner_start..inner_start + len].trim();
        let (id, part) = match inner.split_once('.') {
            Some((id, part)) => (id, Some(part)),
            None => (inner, None),
        };
        let well_formed = !id.is_empty()
            && id.chars().all(is_id_char)
            && part.is_none_or(|p| !p.is_empty() && p.chars().all(is_id_char));
        if well_formed {
            let end = inner_start + len + 2;
            refs.push(RawRef {
                range: i..end,
                id,
                part,
            });
            from = end;
        } else {
            from = i + 1;
        }
    }
    refs
}

fn figure_url(ctx: &RefContext<'_>, id: &str) -> String {
    crate::urls::Urls::new(ctx.base_url).url(&crate::urls::Urls::figure(id))
}

fn estimate_mark(lang: Language) -> &'static str {
    match lang {
        Language::Vi => " (ước tính)",
        Language::En => " (estimate)",
    }
}

/// The value and unit of a figure as prose reads it: `12.335 tỷ đồng`, `2,1%`.
pub fn value_with_unit(f: &Figure, lang: Language) -> String {
    let number = format_number(f.value, lang, f.decimals.map(u32::from));
    match f.unit.as_str() {
        "" => number,
        "%" => format!("{number}%"),
        unit => format!("{number} {unit}"),
    }
}

/// `đạt 33% dự toán` / `33% of plan`.
pub fn target_text(pct: f64, lang: Language) -> String {
    let p = format_percent(pct, lang);
    match lang {
        Language::Vi => format!("đạt {p} dự toán"),
        Language::En => format!("{p} of plan"),
    }
}

/// The text of one reference, or why it cannot be printed.
fn ref_text(f: &Figure, part: Part, lang: Language) -> Result<String, Message> {
    let missing = |key: &str| msg!("figure-ref-missing-key", id = f.id.as_str(), key = key);
    Ok(match part {
        Part::Whole => {
            let mut s = value_with_unit(f, lang);
            if f.estimate {
                s.push_str(estimate_mark(lang));
            }
            s
        }
        Part::Value => format_number(f.value, lang, f.decimals.map(u32::from)),
        Part::Unit => f.unit.clone(),
        Part::Label => f.label.clone(),
        Part::Change => format_change(f.change_pct.ok_or_else(|| missing("change_pct"))?, lang),
        Part::Target => target_text(f.target_pct.ok_or_else(|| missing("target_pct"))?, lang),
    })
}

fn unknown_id(id: &str, figures: &[Figure]) -> Message {
    if figures.is_empty() {
        return msg!("figure-ref-unknown-id-none", id = id);
    }
    let ids: Vec<String> = figures.iter().map(|f| format!("`{}`", f.id)).collect();
    msg!("figure-ref-unknown-id", id = id, ids = ids.join(", "))
}

/// Resolves one reference to its figure and part.
fn resolve<'f>(r: &RawRef<'_>, figures: &'f [Figure]) -> Result<(&'f Figure, Part), Message> {
    let figure = figures
        .iter()
        .find(|f| f.id == r.id)
        .ok_or_else(|| unknown_id(r.id, figures))?;
    let part = match r.part {
        None => Part::Whole,
        Some(p) => PARTS
            .iter()
            .find(|(name, _)| *name == p)
            .map(|(_, part)| *part)
            .ok_or_else(|| {
                let names: Vec<String> = PARTS.iter().map(|(n, _)| format!("`.{n}`")).collect();
                msg!(
                    "figure-ref-unknown-part",
                    id = r.id,
                    part = p,
                    parts = names.join(", ")
                )
            })?,
    };
    Ok((figure, part))
}

/// Replaces references in plain text (summaries) with their text; a reference that cannot
/// be printed stays as written (the body's rendering reports it).
pub fn expand_plain(text: &str, figures: &[Figure], lang: Language) -> String {
    if !text.contains("{{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in find_refs(text) {
        if let Ok(t) = resolve(&r, figures).and_then(|(f, part)| ref_text(f, part, lang)) {
            out.push_str(&text[last..r.range.start]);
            out.push_str(&t);
            last = r.range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A run of adjacent text events: the merged text and, per piece, where it starts in the
/// merged text, its source range, and whether it is the source verbatim (an escape or an
/// entity is not).
#[derive(Default)]
pub(crate) struct TextRun {
    pub(crate) text: String,
    pieces: Vec<(usize, Range<usize>, bool)>,
}

impl TextRun {
    pub(crate) fn push(&mut self, text: &str, range: Range<usize>) {
        let verbatim = range.len() == text.len();
        self.pieces.push((self.text.len(), range, verbatim));
        self.text.push_str(text);
    }

    /// The piece holding merged byte `at`.
    fn piece(&self, at: usize) -> Option<&(usize, Range<usize>, bool)> {
        self.pieces.iter().rev().find(|(start, _, _)| *start <= at)
    }

    /// Emits merged bytes `from..to` as text events, one per piece, each with its own
    /// source range (exact where the piece is the source verbatim).
    fn emit<'e>(&self, from: usize, to: usize, out: &mut Vec<(Event<'e>, Range<usize>)>) {
        for (k, (start, range, verbatim)) in self.pieces.iter().enumerate() {
            let end = self.pieces.get(k + 1).map_or(self.text.len(), |p| p.0);
            let (a, b) = (from.max(*start), to.min(end));
            if a >= b {
                continue;
            }
            let source = if *verbatim {
                range.start + (a - start)..range.start + (b - start)
            } else {
                range.clone()
            };
            out.push((
                Event::Text(CowStr::from(self.text[a..b].to_owned())),
                source,
            ));
        }
    }

    /// Source offset of merged byte `at`.
    pub(crate) fn source_offset(&self, at: usize) -> usize {
        match self.piece(at) {
            Some((start, range, true)) => range.start + (at - start),
            Some((_, range, false)) => range.start,
            None => 0,
        }
    }
}

/// Expands references in a Markdown event stream. Errors are located with `locate`
/// (source byte offset → location).
pub struct Expander<'a, 'l> {
    ctx: RefContext<'a>,
    locate: &'l dyn Fn(usize) -> Location,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    link_depth: usize,
    run: TextRun,
    table_fence: Option<(usize, String)>,
    code_depth: usize,
    body: &'l str,
}

impl<'a, 'l> Expander<'a, 'l> {
    /// A new expander.
    pub fn new(ctx: RefContext<'a>, body: &'l str, locate: &'l dyn Fn(usize) -> Location) -> Self {
        Expander {
            ctx,
            locate,
            diagnostics: Vec::new(),
            link_depth: 0,
            run: TextRun::default(),
            table_fence: None,
            code_depth: 0,
            body,
        }
    }

    /// Feeds one event; expanded events go to `out`.
    pub fn push<'e>(
        &mut self,
        event: Event<'e>,
        range: Range<usize>,
        out: &mut Vec<(Event<'e>, Range<usize>)>,
    ) {
        if let Some((start, ids)) = &mut self.table_fence {
            match event {
                Event::Text(t) => ids.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (start, ids) = (*start, std::mem::take(ids));
                    self.table_fence = None;
                    self.table(start, &ids, range, out);
                }
                _ => {}
            }
            return;
        }
        if let Event::Text(t) = &event
            && self.code_depth == 0
        {
            self.run.push(t, range);
            return;
        }
        self.flush(out);
        match &event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if info.trim() == TABLE_FENCE =>
            {
                self.table_fence = Some((range.start, String::new()));
                return;
            }
            Event::Start(Tag::CodeBlock(_)) => self.code_depth += 1,
            Event::End(TagEnd::CodeBlock) => self.code_depth = self.code_depth.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => self.link_depth += 1,
            Event::End(TagEnd::Link) => self.link_depth = self.link_depth.saturating_sub(1),
            _ => {}
        }
        out.push((event, range));
    }

    /// Emits what is still buffered; call after the last event.
    pub fn finish<'e>(&mut self, out: &mut Vec<(Event<'e>, Range<usize>)>) {
        self.flush(out);
    }

    fn flush<'e>(&mut self, out: &mut Vec<(Event<'e>, Range<usize>)>) {
        let run = std::mem::take(&mut self.run);
        if run.pieces.is_empty() {
            return;
        }
        let mut last = 0;
        for r in find_refs(&run.text) {
            let offset = run.source_offset(r.range.start);
            // `\{{` is an escaped brace (the parser drops the backslash): printed as written,
            // as is a brace that comes from an entity (`&#123;{`).
            let backslashes = self.body.as_bytes()[..offset.min(self.body.len())]
                .iter()
                .rev()
                .take_while(|b| **b == b'\\')
                .count();
            let verbatim = run.piece(r.range.start).is_some_and(|(_, _, v)| *v);
            if backslashes % 2 == 1 || !verbatim {
                continue;
            }
            let figure = match resolve(&r, self.ctx.figures)
                .and_then(|(f, part)| ref_text(f, part, self.ctx.lang).map(|t| (f, part, t)))
            {
                Ok(found) => found,
                Err(message) => {
                    self.diagnostics
                        .push(Diagnostic::error((self.locate)(offset), message));
                    continue;
                }
            };
            run.emit(last, r.range.start, out);
            let (f, part, text) = figure;
            let here = offset..run.source_offset(r.range.end - 1) + 1;
            if part == Part::Whole && self.link_depth == 0 {
                out.push((self.link_start(f), here.clone()));
                out.push((Event::Text(CowStr::from(text)), here.clone()));
                out.push((Event::End(TagEnd::Link), here));
            } else {
                out.push((Event::Text(CowStr::from(text)), here));
            }
            last = r.range.end;
        }
        run.emit(last, run.text.len(), out);
    }

    fn link_start<'e>(&self, f: &Figure) -> Event<'e> {
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(figure_url(&self.ctx, &f.id)),
            title: CowStr::from(f.label.clone()),
            id: CowStr::Borrowed(""),
        })
    }

    /// The figures table for a ```` ```figures ```` block starting at `start`.
    fn table<'e>(
        &mut self,
        start: usize,
        ids: &str,
        range: Range<usize>,
        out: &mut Vec<(Event<'e>, Range<usize>)>,
    ) {
        let figures = self.ctx.figures;
        let mut chosen: Vec<&Figure> = Vec::new();
        // The block's first id line is the line after the fence.
        for (line_no, line) in (1..).zip(ids.split('\n')) {
            let id = line.trim();
            if !id.is_empty() {
                match figures.iter().find(|f| f.id == id) {
                    Some(f) => chosen.push(f),
                    None => {
                        let loc = (self.locate)(start);
                        let loc = Location {
                            line: loc.line.map(|l| l + line_no),
                            column: Some(line.len() - line.trim_start().len() + 1),
                            ..loc
                        };
                        self.diagnostics
                            .push(Diagnostic::error(loc, unknown_id(id, figures)));
                    }
                }
            }
        }
        if chosen.is_empty() && ids.trim().is_empty() {
            chosen = figures.iter().collect();
        }
        if chosen.is_empty() {
            return;
        }
        let ctx = self.ctx;
        for event in table_events(&chosen, ctx.lang, &|id| figure_url(&ctx, id)) {
            out.push((event, range.clone()));
        }
    }
}

fn headers(lang: Language) -> [&'static str; 4] {
    match lang {
        Language::Vi => ["Chỉ tiêu", "Giá trị", "So với cùng kỳ", "So với dự toán"],
        Language::En => [
            "Figure",
            "Value",
            "Change on a year before",
            "Share of plan",
        ],
    }
}

/// The events of a table of `figures`: label (linked to the figure's page), value with
/// unit and estimate mark, and the change and plan columns when any figure has them.
fn table_events<'e>(
    figures: &[&Figure],
    lang: Language,
    url: &dyn Fn(&str) -> String,
) -> Vec<Event<'e>> {
    let with_change = figures.iter().any(|f| f.change_pct.is_some());
    let with_target = figures.iter().any(|f| f.target_pct.is_some());
    let mut align = vec![Alignment::Left, Alignment::Right];
    if with_change {
        align.push(Alignment::Right);
    }
    if with_target {
        align.push(Alignment::Right);
    }
    let mut ev: Vec<Event<'e>> = vec![
        Event::Start(Tag::Table(align)),
        Event::Start(Tag::TableHead),
    ];
    let h = headers(lang);
    let cell = |ev: &mut Vec<Event<'e>>, text: String| {
        ev.push(Event::Start(Tag::TableCell));
        ev.push(Event::Text(CowStr::from(text)));
        ev.push(Event::End(TagEnd::TableCell));
    };
    cell(&mut ev, h[0].to_owned());
    cell(&mut ev, h[1].to_owned());
    if with_change {
        cell(&mut ev, h[2].to_owned());
    }
    if with_target {
        cell(&mut ev, h[3].to_owned());
    }
    ev.push(Event::End(TagEnd::TableHead));
    for f in figures {
        ev.push(Event::Start(Tag::TableRow));
        ev.push(Event::Start(Tag::TableCell));
        ev.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(url(&f.id)),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        ev.push(Event::Text(CowStr::from(f.label.clone())));
        ev.push(Event::End(TagEnd::Link));
        ev.push(Event::End(TagEnd::TableCell));
        let mut value = value_with_unit(f, lang);
        if f.estimate {
            value.push_str(estimate_mark(lang));
        }
        cell(&mut ev, value);
        let dash = || "—".to_owned();
        if with_change {
            cell(
                &mut ev,
                f.change_pct.map_or_else(dash, |c| format_change(c, lang)),
            );
        }
        if with_target {
            cell(
                &mut ev,
                f.target_pct.map_or_else(dash, |t| target_text(t, lang)),
            );
        }
        ev.push(Event::End(TagEnd::TableRow));
    }
    ev.push(Event::End(TagEnd::Table));
    ev
}

/// A body's events, with references expanded when it has any.
pub enum Expanded<'e, I> {
    /// No reference in the body: the parser's events as they are.
    Plain(I),
    /// References expanded.
    Expanded(std::vec::IntoIter<(Event<'e>, Range<usize>)>),
}

impl<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>> Iterator for Expanded<'e, I> {
    type Item = (Event<'e>, Range<usize>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Expanded::Plain(i) => i.next(),
            Expanded::Expanded(i) => i.next(),
        }
    }
}

/// Expands the references of `body` in its parsed `events`; problems go to `diagnostics`,
/// located with `locate` (body byte offset → location).
pub fn expand<'e, I: Iterator<Item = (Event<'e>, Range<usize>)>>(
    events: I,
    body: &str,
    ctx: RefContext<'_>,
    locate: &dyn Fn(usize) -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expanded<'e, I> {
    let has_refs = body.contains("{{") || body.contains(TABLE_FENCE);
    if !has_refs && (ctx.figures.is_empty() || ctx.lang != Language::Vi) {
        return Expanded::Plain(events);
    }
    let mut out = Vec::new();
    if has_refs {
        let mut expander = Expander::new(ctx, body, locate);
        for (event, range) in events {
            expander.push(event, range, &mut out);
        }
        expander.finish(&mut out);
        diagnostics.append(&mut expander.diagnostics);
    } else {
        out.extend(events);
    }
    // The prose around the figures, references included, against the figures.
    diagnostics.extend(crate::figures::prose::check_events(
        &out,
        ctx.figures,
        ctx.lang,
        locate,
    ));
    Expanded::Expanded(out.into_iter())
}

/// What references print of `figures` besides the bulletin's own bytes (labels and units
/// may come from `site.yaml`), for memo keys; empty when there are no figures.
pub fn key_text(figures: &[Figure], lang: Language) -> String {
    if figures.is_empty() {
        return String::new();
    }
    let mut s = lang.code().to_owned();
    for f in figures {
        s.push('\u{1f}');
        s.push_str(&f.label);
        s.push('\u{1f}');
        s.push_str(&f.unit);
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::config::HtmlPolicy;
    use crate::markdown::{LinkTarget, RenderContext, Rendered, render};
    use crate::model::bulletin::parse_bulletin;
    use crate::model::figure::Figure;

    const FRONT: &str = "---\ntitle: T\ndate: 2022-03-01\nfigures:\n  - id: gia-tri\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n  - id: thu\n    label: Thu ngân sách\n    value: 2305.5\n    unit: tỷ đồng\n    change_pct: -3.5\n    target_pct: 33\n    estimate: true\n---\n";

    fn figures(lang: &str) -> Vec<Figure> {
        let (config, d) =
            crate::config::parse_config(&format!("title: S\nlanguage: {lang}\ndistrict: Q\n"));
        assert!(d.is_empty(), "{d:?}");
        let parsed = parse_bulletin("content/a.md", FRONT, &config);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.bulletin.map(|b| b.figures).unwrap_or_default()
    }

    fn run(body: &str, lang: &str) -> Rendered {
        let figures = figures(lang);
        let resolve = |_: &str| LinkTarget::Missing;
        let ctx = RenderContext {
            path: "content/a.md",
            body_line: 18,
            page_url: "https://x.vn/bulletins/a/",
            base_url: "https://x.vn/",
            html: HtmlPolicy::Escape,
            resolve: &resolve,
            images: None,
            figures: &figures,
            lang: if lang == "en" {
                crate::lang::Language::En
            } else {
                crate::lang::Language::Vi
            },
            cover: None,
        };
        render(body, &ctx)
    }

    #[test]
    fn value_reference_prints_value_unit_and_links_to_the_figure() {
        let r = run(
            "Giá trị sản xuất đạt {{gia-tri}}, {{gia-tri.change}}.\n",
            "vi",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.html,
            "<p>Giá trị sản xuất đạt <a href=\"https://x.vn/figures/gia-tri/\" title=\"Giá trị sản xuất\">12.335 tỷ đồng</a>, tăng 7,6%.</p>\n"
        );
        assert_eq!(
            r.text.trim(),
            "Giá trị sản xuất đạt 12.335 tỷ đồng, tăng 7,6%."
        );
    }

    #[test]
    fn parts_estimate_and_english() {
        let body = "Thu {{ thu }}; {{thu.change}}, {{thu.target}}; {{thu.value}} {{thu.unit}} ({{thu.label}}).\n";
        let r = run(body, "vi");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.text.trim(),
            "Thu 2.305,5 tỷ đồng (ước tính); giảm 3,5%, đạt 33% dự toán; 2.305,5 tỷ đồng (Thu ngân sách)."
        );
        let r = run(body, "en");
        assert_eq!(
            r.text.trim(),
            "Thu 2,305.5 tỷ đồng (estimate); \u{2212}3.5%, 33% of plan; 2,305.5 tỷ đồng (Thu ngân sách)."
        );
    }

    #[test]
    fn unknown_ids_and_parts_are_located_errors() {
        let r = run(
            "Một dòng.\n\nSố: {{gia-tri-sx}} và {{thu.tang}}, {{gia-tri.target}}\n",
            "vi",
        );
        let got: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.location, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "content/a.md:20:5: unknown figure `gia-tri-sx` in a figure reference: this bulletin's figures are `gia-tri`, `thu` (write `{{id}}` with the `id` of a figure in the front matter)",
                "content/a.md:20:23: unknown part `.tang` in `{{thu.tang}}`: write one of `.value`, `.unit`, `.label`, `.change`, `.target`, or `{{thu}}` for the value with its unit",
                "content/a.md:20:37: figure `gia-tri` has no `target_pct`: add `target_pct:` to the figure in the front matter or remove the reference",
            ]
        );
        // The reference stays visible as written.
        assert!(r.html.contains("{{gia-tri-sx}}"), "{}", r.html);
    }

    #[test]
    fn ordinary_text_code_and_escapes_are_untouched() {
        let body = "Tập hợp {a, b} và {x} {{ không phải }} {{Hà Nội}}; dấu { lẻ.\n\n`{{gia-tri}}` và \\{{gia-tri}}\n\n```\n{{gia-tri}}\n```\n";
        let r = run(body, "vi");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let plain = run(body, "vi");
        assert!(!r.html.contains("12.335"), "{}", r.html);
        assert!(
            r.html
                .contains("<p>Tập hợp {a, b} và {x} {{ không phải }} {{Hà Nội}}; dấu { lẻ.</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<code>{{gia-tri}}</code> và {{gia-tri}}"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<pre><code>{{gia-tri}}\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(plain.html, r.html);
    }

    #[test]
    fn references_in_headings_links_and_tables() {
        let r = run(
            "## Đạt {{gia-tri}}\n\n[xem {{gia-tri}}](https://a.vn/)\n\n| a | b |\n| - | - |\n| {{thu.label}} | {{thu}} |\n",
            "vi",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html.contains(
                "<h2 id=\"dat-12-335-ty-dong\">Đạt <a href=\"https://x.vn/figures/gia-tri/\""
            ),
            "{}",
            r.html
        );
        // No link inside a link.
        assert!(
            r.html
                .contains("<a href=\"https://a.vn/\">xem 12.335 tỷ đồng</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<td>Thu ngân sách</td><td><a href=\"https://x.vn/figures/thu/\" title=\"Thu ngân sách\">2.305,5 tỷ đồng (ước tính)</a></td>"), "{}", r.html);
    }

    #[test]
    fn figures_fence_is_a_table() {
        let r = run("```figures\n```\n", "vi");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.html,
            "<table><thead><tr><th style=\"text-align: left\">Chỉ tiêu</th><th style=\"text-align: right\">Giá trị</th><th style=\"text-align: right\">So với cùng kỳ</th><th style=\"text-align: right\">So với dự toán</th></tr></thead><tbody>\n<tr><td style=\"text-align: left\"><a href=\"https://x.vn/figures/gia-tri/\">Giá trị sản xuất</a></td><td style=\"text-align: right\">12.335 tỷ đồng</td><td style=\"text-align: right\">tăng 7,6%</td><td style=\"text-align: right\">—</td></tr>\n<tr><td style=\"text-align: left\"><a href=\"https://x.vn/figures/thu/\">Thu ngân sách</a></td><td style=\"text-align: right\">2.305,5 tỷ đồng (ước tính)</td><td style=\"text-align: right\">giảm 3,5%</td><td style=\"text-align: right\">đạt 33% dự toán</td></tr>\n</tbody></table>\n"
        );
        let r = run("Trước.\n\n```figures\nthu\n  khong-co\n```\n", "en");
        let got: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(got, ["content/a.md:22:3"]);
        assert!(
            r.html
                .contains("<th style=\"text-align: left\">Figure</th>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("12,335"), "{}", r.html);
        assert!(r.text.contains("2,305.5 tỷ đồng (estimate)"), "{}", r.text);
    }

    #[test]
    fn summaries_print_references_as_text() {
        let f = figures("vi");
        assert_eq!(
            super::expand_plain(
                "Đạt {{gia-tri}}, {{gia-tri.change}}; {{khong}}.",
                &f,
                crate::lang::Language::Vi
            ),
            "Đạt 12.335 tỷ đồng, tăng 7,6%; {{khong}}."
        );
    }
}
