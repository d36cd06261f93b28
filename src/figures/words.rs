//! Words and numbers of Vietnamese prose: a tokenizer that reads numbers the Vietnamese
//! way (`12.335`, `7,6`) and the phrase lists the prose check and the suggester share.

use crate::lang::Language;
use crate::model::figure::Period;
use crate::numfmt::parse_number;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// One token of a block of prose.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A word, lower-cased and NFC-normalised.
    Word(String),
    /// A number written the Vietnamese way; `plain` is false when it is part of a date,
    /// a range, a code or a malformed number.
    Number {
        value: f64,
        tolerance: f64,
        plain: bool,
    },
    /// `%`.
    Percent,
    /// Any other character.
    Punct(char),
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    /// Byte range in the block text.
    pub(crate) span: Range<usize>,
}

pub(crate) fn word(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.nfc().collect::<String>().to_lowercase()
    }
}

/// How far a number written with these digits may be from the figure and still agree:
/// half a unit of its last written digit, or of its last non-zero digit for a whole
/// number (`12.300` stands for anything from 12.250 to 12.350).
pub(crate) fn tolerance(digits: &str) -> f64 {
    let (int, frac) = digits.split_once(',').unwrap_or((digits, ""));
    if !frac.is_empty() {
        return 0.5 * 10f64.powi(-i32::try_from(frac.len()).unwrap_or(6)) + 1e-9;
    }
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let zeros = int.len() - int.trim_end_matches('0').len();
    let zeros = if zeros == int.len() { 0 } else { zeros };
    0.5 * 10f64.powi(i32::try_from(zeros).unwrap_or(0)) + 1e-9
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            // Thousands groups (`.` + three digits) then one decimal part (`,` + digits).
            while bytes.get(end) == Some(&b'.')
                && (1..=3).all(|k| bytes.get(end + k).is_some_and(u8::is_ascii_digit))
                && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
            {
                end += 4;
            }
            if bytes.get(end) == Some(&b',') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
            }
            let digits = &text[i..end];
            let next = text[end..].chars().next();
            let next2 = text[end..].chars().nth(1);
            let glued_before = tokens.last().is_some_and(|t| {
                t.span.end == i
                    && matches!(
                        t.kind,
                        Kind::Punct('/' | '-' | '.' | ',' | '_') | Kind::Word(_)
                    )
            });
            let glued_after = next.is_some_and(|n| n.is_alphanumeric() || n == '_')
                || (matches!(next, Some('/' | '-' | '.' | ',' | '_'))
                    && next2.is_some_and(|n| n.is_alphanumeric()));
            let value = parse_number(digits, Language::Vi);
            tokens.push(Token {
                kind: Kind::Number {
                    value: value.unwrap_or(f64::NAN),
                    tolerance: tolerance(digits),
                    plain: value.is_some() && !glued_before && !glued_after,
                },
                span: i..end,
            });
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
        } else if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if n.is_alphanumeric() || unicode_normalization::char::is_combining_mark(n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Kind::Word(word(&text[i..end])),
                span: i..end,
            });
        } else {
            let kind = if c == '%' {
                Kind::Percent
            } else {
                Kind::Punct(c)
            };
            tokens.push(Token {
                kind,
                span: i..i + c.len_utf8(),
            });
        }
    }
    tokens
}

/// Does `tokens[at..]` start with `pattern` (words and punctuation, numbers never)?
pub(crate) fn starts_with(tokens: &[Token], at: usize, pattern: &[Token]) -> bool {
    !pattern.is_empty()
        && tokens.len() >= at + pattern.len()
        && tokens[at..at + pattern.len()]
            .iter()
            .zip(pattern)
            .all(|(t, p)| !matches!(p.kind, Kind::Number { .. }) && t.kind == p.kind)
}

pub(crate) fn is_word(t: Option<&Token>, words: &[&str]) -> bool {
    matches!(t.map(|t| &t.kind), Some(Kind::Word(w)) if words.contains(&w.as_str()))
}

/// Does a phrase of words (`"so với"`) start at `tokens[at]`?
pub(crate) fn phrase(tokens: &[Token], at: usize, words: &str) -> bool {
    words
        .split(' ')
        .enumerate()
        .all(|(k, w)| is_word(tokens.get(at + k), &[w]))
}

pub(crate) const SENTENCE_END: &[char] = &['.', '!', '?', ';', '…'];
/// Words right before a number that make it approximate.
pub(crate) const APPROXIMATE: &[&str] = &[
    "khoảng", "hơn", "gần", "trên", "dưới", "xấp", "xỉ", "chừng", "ngót", "tới", "đến",
];
/// Words before a number that make it a date, an ordinal or a code, not a quantity.
pub(crate) const NOT_QUANTITY: &[&str] = &[
    "năm", "quý", "tháng", "ngày", "số", "khóa", "khoá", "lần", "thứ", "kỳ", "giai", "đoạn",
];
/// Words after a number that make it a span of time.
pub(crate) const TIME_WORDS: &[&str] = &["tháng", "năm", "quý", "ngày", "tuần", "giờ"];
/// Phrases between a label and a value that make the value another one.
pub(crate) const OTHER_VALUE: &[&str] = &[
    "cùng kỳ",
    "năm trước",
    "năm ngoái",
    "quý trước",
    "kế hoạch",
    "dự toán",
    "bình quân",
    "trung bình",
    "mỗi",
    "chỉ tiêu",
    "mục tiêu",
    "phấn đấu",
    "ngành",
    "khu vực",
    "lĩnh vực",
    "riêng",
];
/// Phrases that name a span of time other than a quarter.
pub(crate) const PERIODS: &[(&str, Period)] = &[
    ("6 tháng", Period::SixMonths),
    ("sáu tháng", Period::SixMonths),
    ("9 tháng", Period::NineMonths),
    ("chín tháng", Period::NineMonths),
    ("cả năm", Period::Year),
    ("lũy kế", Period::Year),
    ("luỹ kế", Period::Year),
    ("từ đầu năm", Period::Year),
];

/// Phrase `words` (with numbers written as digits) at `at`, numbers compared by value.
pub(crate) fn phrase_with_numbers(tokens: &[Token], at: usize, words: &str) -> bool {
    words
        .split(' ')
        .enumerate()
        .all(|(k, w)| match tokens.get(at + k).map(|t| &t.kind) {
            Some(Kind::Word(x)) => x == w,
            Some(Kind::Number { value, .. }) => w.parse::<f64>().is_ok_and(|n| n == *value),
            _ => false,
        })
}
