//! What the full-text index keeps of a text: its folded syllables (NFC, lowercase, marks
//! stripped, `đ` → `d`, as [`crate::slug::fold_for_search`]), the pairs of consecutive
//! syllables, and the accented spellings of each folded syllable. `search.js` reads a
//! query the same way (`tests/search_cases.json` holds both to the same cases).
//!
//! A syllable is a run of letters, digits and marks. Inside a number a `.` between two
//! digits is a thousands separator and is dropped (`12.335` → `12335`), a `,` is the
//! decimal comma and is kept (`7,6`). A Roman numeral I–IV after `quý` is also the
//! digit (`quý I/2022` → `quy i 1 2022`), and pairs use the digit (`quy 1`, `1 2022`).

use std::collections::{HashMap, HashSet};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Calls `f(folded, lower)` for each syllable of `text`: its folded form and its
/// lowercase spelling as written (NFC).
pub(crate) fn each_word(text: &str, mut f: impl FnMut(&str, &str)) {
    let nfc;
    let text = if text.is_ascii()
        || unicode_normalization::is_nfc_quick(text.chars()) == IsNormalized::Yes
    {
        text
    } else {
        nfc = text.nfc().collect::<String>();
        nfc.as_str()
    };
    let bytes = text.as_bytes();
    let mut folded = String::with_capacity(32);
    let mut lower = String::with_capacity(32);
    let mut prev_digit = false;
    for (at, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        let separator = (c == '.' || c == ',')
            && prev_digit
            && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        if in_word {
            lower.extend(c.to_lowercase());
            crate::slug::fold_char(c, |d| folded.push(d));
        } else if separator {
            if c == ',' {
                folded.push(',');
                lower.push(',');
            }
        } else if !folded.is_empty() || !lower.is_empty() {
            if !folded.is_empty() {
                f(&folded, &lower);
            }
            folded.clear();
            lower.clear();
        }
        prev_digit = c.is_ascii_digit();
    }
    if !folded.is_empty() {
        f(&folded, &lower);
    }
}

/// The digit a Roman numeral I–IV written after `quý` also stands for.
fn roman_digit(folded: &str) -> Option<&'static str> {
    match folded {
        "i" => Some("1"),
        "ii" => Some("2"),
        "iii" => Some("3"),
        "iv" => Some("4"),
        _ => None,
    }
}

/// The syllables the index keeps of `text`, in order (a Roman quarter number followed by
/// its digit).
///
/// ```
/// use bantin::render::search::syllables;
/// assert_eq!(syllables("Quý I/2022: 12.335 tỷ"), ["quy", "i", "1", "2022", "12335", "ty"]);
/// ```
pub fn syllables(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    each_word(text, |folded, _| {
        let digit = (out.last().map(String::as_str) == Some("quy"))
            .then(|| roman_digit(folded))
            .flatten();
        out.push(folded.to_owned());
        if let Some(d) = digit {
            out.push(d.to_owned());
        }
    });
    out
}

/// Where in a bulletin a syllable was found.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The title (postings mark title hits).
    Title,
    /// Summary, body, tags or district.
    Other,
}

/// The distinct terms of one bulletin, collected field by field.
#[derive(Default)]
pub(crate) struct DocTerms {
    /// Folded syllable → found in the title.
    syllables: HashMap<String, bool>,
    /// `a b` (two folded syllables) → found in the title.
    pairs: HashMap<String, bool>,
    /// (folded, lowercase spelling) where the spelling carries marks.
    spellings: HashSet<(String, String)>,
}

impl DocTerms {
    /// Adds the syllables and pairs of one field's text (pairs never cross fields).
    pub(crate) fn add(&mut self, text: &str, field: Field) {
        let title = field == Field::Title;
        let mut prev = String::new();
        let mut pair = String::with_capacity(64);
        each_word(text, |folded, lower| {
            let digit = (prev == "quy").then(|| roman_digit(folded)).flatten();
            note(&mut self.syllables, folded, title);
            if let Some(d) = digit {
                note(&mut self.syllables, d, title);
            }
            let canonical = digit.unwrap_or(folded);
            if !prev.is_empty() {
                pair.clear();
                pair.push_str(&prev);
                pair.push(' ');
                pair.push_str(canonical);
                note(&mut self.pairs, &pair, title);
            }
            if lower != folded && !lower.is_ascii() {
                // Few distinct spellings per bulletin: the pair is built only when new.
                let key = (folded.to_owned(), lower.to_owned());
                self.spellings.insert(key);
            }
            prev.clear();
            prev.push_str(canonical);
        });
    }

    /// The terms as the lines of a search entry (after its card line): `s<t><syllable>`,
    /// `p<t><a b>` (`<t>`: `1` when in the title, else `0`) and `v<syllable>\t<spelling>`,
    /// sorted so that equal bulletins give equal entries.
    pub(crate) fn write_lines(&self, out: &mut String) {
        let mut lines: Vec<String> =
            Vec::with_capacity(self.syllables.len() + self.pairs.len() + self.spellings.len());
        for (kind, map) in [('s', &self.syllables), ('p', &self.pairs)] {
            for (term, &title) in map {
                lines.push(format!("{kind}{}{term}", u8::from(title)));
            }
        }
        for (folded, lower) in &self.spellings {
            lines.push(format!("v{folded}\t{lower}"));
        }
        lines.sort_unstable();
        for line in lines {
            out.push('\n');
            out.push_str(&line);
        }
    }
}

/// Records `key` in `map`, marking it a title hit when `title`; allocates only for a
/// new key.
fn note(map: &mut HashMap<String, bool>, key: &str, title: bool) {
    match map.get_mut(key) {
        Some(t) => *t |= title,
        None => {
            map.insert(key.to_owned(), title);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_decimal_comma_and_drop_thousands_dots() {
        assert_eq!(
            syllables("1.234.567,89 và 7,6%; 2.305."),
            ["1234567,89", "va", "7,6", "2305"]
        );
        assert_eq!(syllables("a.b, c"), ["a", "b", "c"]);
    }

    #[test]
    fn a_bulletin_keeps_pairs_title_hits_and_spellings() {
        let mut d = DocTerms::default();
        d.add("Đảng bộ quý I", Field::Title);
        d.add("đăng ký", Field::Other);
        let mut out = String::new();
        d.write_lines(&mut out);
        let lines: Vec<&str> = out.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "p0dang ky",
                "p1bo quy",
                "p1dang bo",
                "p1quy 1",
                "s0ky",
                "s11",
                "s1bo",
                "s1dang",
                "s1i",
                "s1quy",
                "vbo\tbộ",
                "vdang\tđăng",
                "vdang\tđảng",
                "vky\tký",
                "vquy\tquý",
            ]
        );
    }
}
