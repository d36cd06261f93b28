//! Figures suggested from prose (`bantin figures suggest`): the numbers with a unit that a
//! bulletin's body states as results (`giá trị sản xuất đạt 12.335 tỷ đồng, tăng 7,6%`),
//! turned into a ready-to-paste `figures:` block.
//!
//! A number is suggested when it carries a known unit and is stated as a result: after
//! `đạt`, `là`, `còn`, `có` or `ước` in its clause, followed by a change or a share of
//! plan (`…, tăng 9,2%`), or alone in a table cell. Parts (`trong đó`, `riêng`), asides in
//! parentheses, starting points (`từ`, `đến`) and numbers given to someone (`cho`, `với`)
//! are not. Labels and ids already used in the site for the same words are reused.

use crate::figures::words::{
    APPROXIMATE, Kind, NOT_QUANTITY, SENTENCE_END, Token, is_word, phrase, starts_with, tokenize,
};
use crate::numfmt::format_number;
use std::collections::BTreeMap;

/// Units recognised besides those the site already uses.
const UNITS: &[&str] = &[
    "tỷ đồng",
    "triệu đồng",
    "nghìn đồng",
    "đồng",
    "hộ",
    "người",
    "doanh nghiệp",
    "hồ sơ",
    "ha",
    "km",
    "m²",
    "tấn",
    "lượt",
    "vụ",
    "cây",
    "trường",
    "mũi",
    "đơn",
    "đảng viên",
    "học sinh",
    "công trình",
    "dự án",
    "lao động",
];
/// Words in a number's clause that state it as a result.
const TRIGGERS: &[&str] = &["đạt", "là", "còn", "có", "ước"];
/// Words right before a number that make it something given or a bound, not a result.
const NOT_RESULT: &[&str] = &["từ", "đến", "cho", "với", "tới"];
/// Words ending a label taken from the words after the unit.
const LABEL_STOP: &[&str] = &[
    "tăng", "giảm", "đạt", "bằng", "so", "trong", "của", "tại", "trên", "từ", "được", "do", "cao",
    "thấp", "là", "với", "chủ", "nộp", "theo",
];
/// Words ending (from the right) a label taken from the clause before the number.
const VERBS: &[&str] = &[
    "đạt", "là", "còn", "có", "ước", "thực", "hiện", "được", "thu", "tiếp", "nhận", "đón", "trồng",
    "tiêm", "trao", "cấp", "xảy", "ra", "kết", "nạp", "tuyển", "hút", "duy", "trì", "dài", "tổng",
    "chiều", "đã", "với",
];
/// Words before which a clause-label is cut (times, places).
const LABEL_CUT: &[&str] = &[
    "quý",
    "năm",
    "tháng",
    "của",
    "tại",
    "trên",
    "quận",
    "phường",
    "toàn",
    "trong",
];

/// A figure found in prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Figure id (reused from the site when the label is known there).
    pub id: String,
    /// Label.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// `6-months`, `9-months` or `year` when the sentence says so.
    pub period: Option<&'static str>,
    /// Change against the same period a year before.
    pub change_pct: Option<f64>,
    /// Share of the plan.
    pub target_pct: Option<f64>,
    /// Stated as an estimate (`ước`).
    pub estimate: bool,
}

/// Labels (lower-cased) already used in the site, with their id and spelling; and units.
#[derive(Debug, Default)]
pub struct Known {
    /// label tokens → (id, label).
    labels: Vec<(Vec<Token>, String, String)>,
    units: Vec<(Vec<Token>, String)>,
}

impl Known {
    /// From the site's (id, label, unit) triples.
    pub fn new<'a>(figures: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Known {
        let mut labels: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut units: BTreeMap<String, ()> = UNITS.iter().map(|u| ((*u).to_owned(), ())).collect();
        for (id, label, unit) in figures {
            labels
                .entry(label.to_lowercase())
                .or_insert_with(|| (id.to_owned(), label.to_owned()));
            if !unit.is_empty() && unit != "%" {
                units.insert(unit.to_owned(), ());
            }
        }
        let mut units: Vec<(Vec<Token>, String)> =
            units.into_keys().map(|u| (tokenize(&u), u)).collect();
        // Longest first, so `tỷ đồng` wins over `đồng`.
        units.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let mut labels: Vec<(Vec<Token>, String, String)> = labels
            .into_values()
            .map(|(id, l)| (tokenize(&l), id, l))
            .collect();
        labels.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.len()));
        Known { labels, units }
    }

    fn unit_at(&self, tokens: &[Token], at: usize) -> Option<(usize, &str)> {
        if tokens.get(at).is_some_and(|t| t.kind == Kind::Percent) {
            return Some((1, "%"));
        }
        // `tấn/ngày`: a rate, read by `other_unit`.
        self.units
            .iter()
            .find(|(u, _)| starts_with(tokens, at, u))
            .filter(|(u, _)| {
                !tokens
                    .get(at + u.len())
                    .is_some_and(|t| is_punct(t, &['/']))
            })
            .map(|(u, s)| (u.len(), s.as_str()))
    }

    /// The known label found in `tokens[range]`, longest first.
    fn label_in(&self, tokens: &[Token], range: std::ops::Range<usize>) -> Option<(&str, &str)> {
        self.labels.iter().find_map(|(l, id, label)| {
            range
                .clone()
                .any(|i| i + l.len() <= range.end && starts_with(tokens, i, l))
                .then_some((id.as_str(), label.as_str()))
        })
    }
}

/// A unit the site does not know yet: a rate written `word/word` (`tấn/ngày`), or the
/// first words of the sentence repeated after the number (`Chợ dân sinh … là 3 chợ`).
fn other_unit(
    text: &str,
    tokens: &[Token],
    at: usize,
    sentence_start: usize,
) -> Option<(usize, String)> {
    let glued = |a: usize, b: usize| {
        tokens
            .get(a)
            .zip(tokens.get(b))
            .is_some_and(|(x, y)| x.span.end == y.span.start)
    };
    let is_word_at = |k: usize| matches!(tokens.get(k).map(|t| &t.kind), Some(Kind::Word(_)));
    if is_word_at(at)
        && tokens.get(at + 1).is_some_and(|t| is_punct(t, &['/']))
        && is_word_at(at + 2)
        && glued(at, at + 1)
        && glued(at + 1, at + 2)
    {
        return Some((3, words_text(text, &tokens[at..at + 3])));
    }
    (1..=2).rev().find_map(|n| {
        let head = tokens.get(sentence_start..sentence_start + n)?;
        let words = head.iter().all(|t| matches!(t.kind, Kind::Word(_)));
        (words && at > sentence_start + n && starts_with(tokens, at, head))
            .then(|| (n, words_text(text, &tokens[at..at + n])))
    })
}

fn number(t: Option<&Token>) -> Option<f64> {
    match t.map(|t| &t.kind) {
        Some(Kind::Number {
            value, plain: true, ..
        }) => Some(*value),
        _ => None,
    }
}

fn is_punct(t: &Token, set: &[char]) -> bool {
    matches!(t.kind, Kind::Punct(c) if set.contains(&c))
}

fn words_text(text: &str, tokens: &[Token]) -> String {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => text[a.span.start..b.span.end].to_owned(),
        _ => String::new(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Change and share of plan stated in `tokens[from..to]`; `stated` is set when any change
/// is.
fn change_and_target(
    tokens: &[Token],
    from: usize,
    to: usize,
    stated: &mut bool,
) -> (Option<f64>, Option<f64>) {
    let (mut change, mut target) = (None, None);
    for i in from..to {
        let Some(v) = number(tokens.get(i)) else {
            continue;
        };
        if tokens.get(i + 1).is_none_or(|t| t.kind != Kind::Percent) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|k| tokens.get(k));
        let after = i + 2;
        let versus = phrase(tokens, after, "so với");
        let same = versus && phrase(tokens, after + 2, "cùng kỳ");
        let at = if versus { after + 2 } else { after };
        let plan = ["kế hoạch", "dự toán", "chỉ tiêu"]
            .iter()
            .any(|p| phrase(tokens, at, p));
        if is_word(prev, &["tăng", "giảm"]) {
            // A change against anything but the same period still states a result.
            *stated = true;
            if change.is_none() && (!versus || same) {
                change = Some(if is_word(prev, &["giảm"]) { -v } else { v });
            }
        } else if is_word(prev, &["bằng"]) && same && change.is_none() {
            change = Some(((v - 100.0) * 10.0).round() / 10.0);
        } else if plan && target.is_none() && !is_word(prev, &["vượt"]) {
            target = Some(v);
        }
    }
    (change, target)
}

/// The figures stated in one block of prose.
fn suggest_block(text: &str, known: &Known, out: &mut Vec<Suggestion>) {
    let tokens = tokenize(text);
    let table = tokens.iter().any(|t| is_punct(t, &['|']));
    let mut sentence_start = 0;
    let mut part = false;
    let mut i = 0;
    while i < tokens.len() {
        if is_punct(&tokens[i], SENTENCE_END) {
            sentence_start = i + 1;
            part = false;
        }
        if phrase(&tokens, i, "trong đó") || is_word(tokens.get(i), &["riêng"]) {
            part = true;
        }
        let Some(value) = number(tokens.get(i)) else {
            i += 1;
            continue;
        };
        let found = known
            .unit_at(&tokens, i + 1)
            .map(|(n, u)| (n, u.to_owned()))
            .or_else(|| other_unit(text, &tokens, i + 1, sentence_start));
        let Some((unit_len, unit)) = found else {
            i += 1;
            continue;
        };
        let unit = unit.as_str();
        let prev = i.checked_sub(1).and_then(|k| tokens.get(k));
        let end = i + 1 + unit_len;
        let sentence_end = tokens[end..]
            .iter()
            .position(|t| is_punct(t, SENTENCE_END))
            .map_or(tokens.len(), |p| end + p);
        let clause_start = tokens[sentence_start..i]
            .iter()
            .rposition(|t| is_punct(t, &[',', ';', ':', '|', '(']))
            .map_or(sentence_start, |p| sentence_start + p + 1);
        let clause = &tokens[clause_start..i];
        // The next number with a unit ends what this one's change and plan may be.
        let next = (end..sentence_end)
            .find(|&k| {
                number(tokens.get(k)).is_some()
                    && known.unit_at(&tokens, k + 1).is_some_and(|(_, u)| u != "%")
            })
            .unwrap_or(sentence_end);
        let mut stated = false;
        let (change, target) = change_and_target(&tokens, end, next, &mut stated);
        let in_cell = table
            && prev.is_some_and(|t| is_punct(t, &['|']))
            && tokens.get(end).is_none_or(|t| is_punct(t, &['|']));
        let triggered = clause.iter().any(|t| is_word(Some(t), TRIGGERS))
            || stated
            || change.is_some()
            || target.is_some();
        let percent = unit == "%";
        let rate_label = phrase(&tokens, clause_start, "tỷ lệ");
        let skip = part
            || is_word(prev, NOT_RESULT)
            || is_word(prev, NOT_QUANTITY)
            || is_word(prev, APPROXIMATE)
            || prev.is_some_and(|t| is_punct(t, &['(']))
            || (percent && !rate_label)
            || !(triggered || in_cell);
        if skip {
            i = end;
            continue;
        }
        // Label: a label the site knows, else the words after the unit, else the clause's.
        let after_end = (end..sentence_end)
            .find(|&k| {
                !matches!(&tokens[k].kind, Kind::Word(_)) || is_word(tokens.get(k), LABEL_STOP)
            })
            .unwrap_or(sentence_end);
        let row_label = if in_cell {
            let row_start = tokens[..i]
                .iter()
                .rposition(|t| is_punct(t, SENTENCE_END))
                .map_or(0, |p| p + 1);
            let first_bar = tokens[row_start..i]
                .iter()
                .position(|t| is_punct(t, &['|']))
                .map_or(i, |p| row_start + p);
            Some(row_start..first_bar)
        } else {
            None
        };
        let search = row_label.clone().unwrap_or(clause_start..after_end.max(i));
        let (id, label) = match known.label_in(&tokens, search) {
            Some((id, label)) => (id.to_owned(), label.to_owned()),
            None => {
                let mut words: Vec<Token> = if let Some(r) = row_label {
                    tokens[r].to_vec()
                } else if after_end > end && !percent {
                    tokens[i + 1..after_end].to_vec()
                } else {
                    let cut = clause.iter().position(|t| {
                        is_word(Some(t), LABEL_CUT)
                            || matches!(t.kind, Kind::Number { .. } | Kind::Punct(_))
                    });
                    let mut w = clause[..cut.unwrap_or(clause.len())].to_vec();
                    while w.last().is_some_and(|t| is_word(Some(t), VERBS)) {
                        w.pop();
                    }
                    if w.is_empty() {
                        tokens[i + 1..end].to_vec()
                    } else {
                        w
                    }
                };
                words.retain(|t| !is_punct(t, &['*', '_']));
                let label = capitalise(words_text(text, &words).trim());
                (crate::slug::slugify(&label), label)
            }
        };
        let sentence = sentence_start..sentence_end;
        let period = [
            ("6 tháng", "6-months"),
            ("sáu tháng", "6-months"),
            ("9 tháng", "9-months"),
            ("chín tháng", "9-months"),
            ("cả năm", "year"),
        ]
        .iter()
        .find(|(p, _)| {
            sentence
                .clone()
                .any(|k| crate::figures::words::phrase_with_numbers(&tokens, k, p))
        })
        .map(|(_, s)| *s);
        let estimate = clause.iter().any(|t| is_word(Some(t), &["ước"]));
        if !id.is_empty() && !out.iter().any(|s| s.value == value && s.unit == unit) {
            out.push(Suggestion {
                id,
                label,
                value,
                unit: unit.to_owned(),
                period,
                change_pct: change,
                target_pct: target,
                estimate,
            });
        }
        i = end;
    }
}

/// The figures a Markdown body states.
pub fn suggest(body: &str, known: &Known) -> Vec<Suggestion> {
    let events: Vec<_> =
        pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES)
            .into_offset_iter()
            .collect();
    let mut out = Vec::new();
    crate::figures::prose::for_each_block(&events, &mut |run| {
        suggest_block(&run.text, known, &mut out)
    });
    // One id per figure.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut out {
        let n = seen.entry(s.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            s.id = format!("{}-{n}", s.id);
        }
    }
    out
}

fn yaml_number(v: f64) -> String {
    let s = format_number(v, crate::lang::Language::En, None);
    s.replace(',', "")
}

fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`0123456789 ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' ']);
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The `figures:` block for `suggestions`, lines ending with `eol`.
pub fn to_yaml(suggestions: &[Suggestion], eol: &str) -> String {
    let mut y = format!("figures:{eol}");
    for s in suggestions {
        y.push_str(&format!(
            "  - id: {}{eol}    label: {}{eol}    value: {}{eol}    unit: {}{eol}",
            s.id,
            yaml_text(&s.label),
            yaml_number(s.value),
            yaml_text(&s.unit)
        ));
        if let Some(p) = s.period {
            y.push_str(&format!("    period: {p}{eol}"));
        }
        if let Some(c) = s.change_pct {
            y.push_str(&format!("    change_pct: {}{eol}", yaml_number(c)));
        }
        if let Some(t) = s.target_pct {
            y.push_str(&format!("    target_pct: {}{eol}", yaml_number(t)));
        }
        if s.estimate {
            y.push_str(&format!("    estimate: true{eol}"));
        }
    }
    y
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
