//! Prose checked against the figures: the numbers an editor wrote in the body the
//! Vietnamese way (`12.335 tỷ đồng`, `tăng 7,6%`, `đạt 33% dự toán`, `bằng 121% so với cùng
//! kỳ`) are compared with the figure whose label they follow, and a disagreement is a
//! warning at the body line naming the figure's front-matter line.
//!
//! Missing a slip is preferred to crying wolf, so a number is compared only when it
//! plainly states the figure: it follows the figure's label in the same sentence, with no
//! other figure's label between; it is the first number there of its kind (value, change,
//! share of plan); it carries the figure's unit (or `%` with `tăng`/`giảm`, `bằng … so với
//! cùng kỳ`, `… dự toán`/`kế hoạch`); and nothing marks it as approximate (`khoảng`,
//! `hơn`), as a part (`trong đó`), as another period or a reference value (`6 tháng`,
//! `cùng kỳ`, `quý trước`, `kế hoạch` before it). A number rounded as written
//! (`12.300` for 12.335, `7%` for 7,4) agrees.

use crate::error::{Diagnostic, Location};
use crate::figures::refs::{target_text, value_with_unit};
use crate::figures::words::{
    APPROXIMATE, Kind, NOT_QUANTITY, OTHER_VALUE, PERIODS, SENTENCE_END, TIME_WORDS, Token,
    is_word, phrase, phrase_with_numbers, starts_with, tokenize,
};
use crate::lang::Language;
use crate::model::figure::{Figure, Period};
use crate::numfmt::{format_change, format_number};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// What a percent or number states about a figure.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Claim {
    Value(f64, f64),
    Change(f64, f64),
    Ratio(f64, f64),
    Target(f64, f64),
}

/// A claim and the token range that states it.
struct Mention {
    claim: Claim,
    tokens: Range<usize>,
}

/// The claims made by the numbers in `tokens[from..to]`, which follow a figure's label
/// (`unit`: the figure's unit as tokens, empty for `%`).
fn claims(tokens: &[Token], label: Range<usize>, to: usize, unit: &[Token]) -> Vec<Mention> {
    let (mut value_open, mut change_open, mut target_open) = (true, true, true);
    let mut out = Vec::new();
    let from = label.end;
    // `còn 97 hộ nghèo`: the number right before a label that starts with the unit.
    if let Some(n) = label.start.checked_sub(1)
        && let Kind::Number {
            value,
            tolerance,
            plain: true,
        } = tokens[n].kind
        && starts_with(tokens, label.start, unit)
        && !is_word(n.checked_sub(1).and_then(|k| tokens.get(k)), APPROXIMATE)
        && !is_word(n.checked_sub(1).and_then(|k| tokens.get(k)), NOT_QUANTITY)
        && !is_word(n.checked_sub(1).and_then(|k| tokens.get(k)), &["từ"])
    {
        value_open = false;
        out.push(Mention {
            claim: Claim::Value(value, tolerance),
            tokens: n..label.start + unit.len(),
        });
    }
    let mut i = from;
    while i < to {
        if phrase(tokens, i, "trong đó") {
            break;
        }
        if OTHER_VALUE.iter().any(|p| phrase(tokens, i, p)) {
            value_open = false;
        }
        let Kind::Number {
            value,
            tolerance,
            plain,
        } = tokens[i].kind
        else {
            i += 1;
            continue;
        };
        // `(1.200 tỷ đồng)`: an aside.
        let aside = matches!(
            i.checked_sub(1).map(|k| &tokens[k].kind),
            Some(Kind::Punct('('))
        );
        if !plain || aside {
            value_open &= !aside;
            i += 1;
            continue;
        }
        // Words before the number, approximations skipped (`tăng khoảng 21%`).
        let mut j = i;
        let mut approx = false;
        while j > from
            && is_word(tokens.get(j - 1), APPROXIMATE)
            && !(is_word(tokens.get(j - 1), &["hơn"])
                && is_word(tokens.get(j.wrapping_sub(2)), &["cao", "thấp"]))
        {
            approx = true;
            j -= 1;
        }
        let before = |k: usize| {
            if j >= from + k {
                tokens.get(j - k)
            } else {
                None
            }
        };
        let (prev, prev2) = (before(1), before(2));
        let start = if is_word(prev, &["hơn"]) && is_word(prev2, &["cao", "thấp"]) {
            j - 2
        } else if prev.is_some() && matches!(prev.map(|t| &t.kind), Some(Kind::Word(_))) {
            j - 1
        } else {
            i
        };
        let not_quantity = is_word(prev, NOT_QUANTITY);
        // `Giá trị sản xuất năm 2021 là …`: a year between the label and the value may
        // name another year than the bulletin's.
        if is_word(prev, &["năm"]) && (1900.0..2100.0).contains(&value) {
            value_open = false;
        }
        // `giảm từ 164 hộ xuống còn 97 hộ`: the starting point is not the figure's value;
        // `6 tháng`, `3 năm`: a span of time.
        if is_word(prev, &["từ"]) || is_word(tokens.get(i + 1), TIME_WORDS) {
            i += 1;
            continue;
        }
        if tokens.get(i + 1).is_some_and(|t| t.kind == Kind::Percent) {
            let end = i + 2;
            let versus = phrase(tokens, end, "so với");
            let same_period = versus && phrase(tokens, end + 2, "cùng kỳ");
            let at = if versus { end + 2 } else { end };
            let plan = phrase(tokens, at, "kế hoạch") || phrase(tokens, at, "dự toán");
            let up =
                is_word(prev, &["tăng"]) || (is_word(prev, &["hơn"]) && is_word(prev2, &["cao"]));
            let down =
                is_word(prev, &["giảm"]) || (is_word(prev, &["hơn"]) && is_word(prev2, &["thấp"]));
            let claim = if up || down {
                let open = std::mem::replace(&mut change_open, false);
                let sign = if up { 1.0 } else { -1.0 };
                (open && (!versus || same_period) && !unit.is_empty())
                    .then_some(Claim::Change(sign * value, tolerance))
            } else if is_word(prev, &["bằng"]) && same_period {
                std::mem::replace(&mut change_open, false).then_some(Claim::Ratio(value, tolerance))
            } else if plan && !is_word(prev, &["vượt"]) {
                std::mem::replace(&mut target_open, false)
                    .then_some(Claim::Target(value, tolerance))
            } else if unit.is_empty() && !plan && !versus {
                std::mem::replace(&mut value_open, false).then_some(Claim::Value(value, tolerance))
            } else {
                None
            };
            if let Some(claim) = claim.filter(|_| !approx) {
                let end = match claim {
                    Claim::Ratio(..) => end + 4,
                    Claim::Target(..) => at + 2,
                    _ => end,
                };
                let start = if matches!(claim, Claim::Change(..) | Claim::Ratio(..)) {
                    start
                } else {
                    i
                };
                out.push(Mention {
                    claim,
                    tokens: start..end.min(tokens.len()),
                });
            }
            i = end;
            continue;
        }
        if !unit.is_empty() && starts_with(tokens, i + 1, unit) {
            let end = i + 1 + unit.len();
            if !not_quantity && std::mem::replace(&mut value_open, false) && !approx {
                out.push(Mention {
                    claim: Claim::Value(value, tolerance),
                    tokens: i..end,
                });
            }
            i = end;
            continue;
        }
        if !not_quantity {
            value_open = false;
        }
        i += 1;
    }
    out
}

/// Where a figure's label is mentioned: token range and the figure.
fn label_hits<'f>(
    tokens: &[Token],
    figures: &[(&'f Figure, Vec<Token>)],
) -> Vec<(Range<usize>, &'f Figure)> {
    let mut hits: Vec<(Range<usize>, &Figure)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut best: Option<(usize, &Figure, bool)> = None;
        for (f, label) in figures {
            if starts_with(tokens, i, label) {
                best = match best {
                    Some((len, g, _)) if len == label.len() && g.id != f.id => Some((len, g, true)),
                    Some((len, _, _)) if len >= label.len() => best,
                    _ => Some((label.len(), f, false)),
                };
            }
        }
        match best {
            // Two figures with one label: neither is meant for sure.
            Some((len, _, true)) => i += len,
            Some((len, f, false)) => {
                hits.push((i..i + len, f));
                i += len;
            }
            None => i += 1,
        }
    }
    hits
}

/// The spans of time named in `tokens[range]`.
fn periods_named(tokens: &[Token], range: Range<usize>) -> Vec<Period> {
    range
        .flat_map(|i| {
            PERIODS
                .iter()
                .filter(move |(p, _)| phrase_with_numbers(tokens, i, p))
        })
        .map(|(_, period)| *period)
        .collect()
}

/// A disagreement between a block's prose and a figure.
pub(crate) struct Mismatch<'f> {
    /// The figure.
    pub figure: &'f Figure,
    /// Byte range in the block text of what the prose says.
    pub written: Range<usize>,
    /// What the figure says, written the same way.
    pub expected: String,
    /// The front-matter line of the figure's key that disagrees.
    pub line: usize,
}

fn agrees(claimed: f64, tolerance: f64, actual: Option<f64>) -> bool {
    actual.is_none_or(|a| (claimed - a).abs() <= tolerance)
}

/// The disagreements in one block of prose (a paragraph, heading, list item or table row).
pub(crate) fn check_block<'f>(text: &str, figures: &'f [Figure]) -> Vec<Mismatch<'f>> {
    let tokens = tokenize(text);
    let labelled: Vec<(&Figure, Vec<Token>)> = figures
        .iter()
        .map(|f| (f, tokenize(&f.label)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let hits = label_hits(&tokens, &labelled);
    let mut out = Vec::new();
    for (k, (hit, f)) in hits.iter().enumerate() {
        let sentence_start = tokens[..hit.start]
            .iter()
            .rposition(|t| matches!(t.kind, Kind::Punct(c) if SENTENCE_END.contains(&c)))
            .map_or(0, |p| p + 1);
        let sentence_end = tokens[hit.end..]
            .iter()
            .position(|t| matches!(t.kind, Kind::Punct(c) if SENTENCE_END.contains(&c)))
            .map_or(tokens.len(), |p| hit.end + p);
        if periods_named(&tokens, sentence_start..sentence_end)
            .iter()
            .any(|p| *p != f.period)
        {
            continue;
        }
        let to = hits
            .get(k + 1)
            .map_or(sentence_end, |(next, _)| next.start.min(sentence_end));
        let unit = if f.unit == "%" {
            Vec::new()
        } else {
            tokenize(&f.unit)
        };
        if unit.is_empty() && f.unit != "%" {
            continue;
        }
        for m in claims(&tokens, hit.clone(), to, &unit) {
            let (ok, expected, line) = match m.claim {
                Claim::Value(v, t) => (
                    agrees(v, t, Some(f.value)),
                    value_with_unit(f, Language::Vi),
                    f.value_location().line,
                ),
                Claim::Change(v, t) => (
                    agrees(v, t, f.change_pct),
                    f.change_pct
                        .map(|c| format_change(c, Language::Vi))
                        .unwrap_or_default(),
                    f.change_location().line,
                ),
                Claim::Ratio(v, t) => (
                    agrees(v - 100.0, t, f.change_pct),
                    f.change_pct
                        .map(|c| {
                            format!(
                                "bằng {}% so với cùng kỳ",
                                format_number(100.0 + c, Language::Vi, None)
                            )
                        })
                        .unwrap_or_default(),
                    f.change_location().line,
                ),
                Claim::Target(v, t) => (
                    agrees(v, t, f.target_pct),
                    f.target_pct
                        .map(|p| target_text(p, Language::Vi))
                        .unwrap_or_default(),
                    f.location.line,
                ),
            };
            if !ok {
                let written = tokens[m.tokens.start].span.start..tokens[m.tokens.end - 1].span.end;
                out.push(Mismatch {
                    figure: f,
                    written,
                    expected,
                    line: line.unwrap_or(0),
                });
            }
        }
    }
    out
}

fn is_block_boundary(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::List(_)
                | Tag::TableRow
                | Tag::TableHead
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_)
        ) | Event::End(
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
        )
    )
}

/// Warnings for the prose of a rendered body that disagrees with its figures (Vietnamese
/// sites only: the numbers are read the Vietnamese way).
pub(crate) fn check_events(
    events: &[(Event<'_>, Range<usize>)],
    figures: &[Figure],
    lang: Language,
    locate: &dyn Fn(usize) -> Location,
) -> Vec<Diagnostic> {
    if lang != Language::Vi || figures.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for_each_block(events, &mut |run| {
        for m in check_block(&run.text, figures) {
            let message = crate::msg!(
                "prose-mismatch",
                written = &run.text[m.written.clone()],
                id = m.figure.id.as_str(),
                line = m.line.to_string(),
                expected = m.expected
            );
            out.push(Diagnostic::warning(
                locate(run.source_offset(m.written.start)),
                message,
            ));
        }
    });
    out
}

/// Calls `f` with the text of each block of prose (paragraph, heading, list item, table
/// row with its cells separated by ` | `), code left out.
pub(crate) fn for_each_block(
    events: &[(Event<'_>, Range<usize>)],
    f: &mut dyn FnMut(crate::figures::refs::TextRun),
) {
    let mut run = crate::figures::refs::TextRun::default();
    let mut in_code = false;
    let mut flush = |run: &mut crate::figures::refs::TextRun| {
        let run = std::mem::take(run);
        if !run.text.is_empty() {
            f(run);
        }
    };
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => run.push(t, range.clone()),
            Event::SoftBreak | Event::HardBreak => run.push(" ", range.clone()),
            Event::End(TagEnd::TableCell) => run.push(" | ", range.clone()),
            e if is_block_boundary(e) => flush(&mut run),
            _ => {}
        }
    }
    flush(&mut run);
}

#[cfg(test)]
#[path = "prose_tests.rs"]
mod tests;
