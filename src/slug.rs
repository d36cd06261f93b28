//! Vietnamese-aware slugs and search folding.
//!
//! * [`slugify`] turns a title or tag into a URL segment `[a-z0-9-]*`
//!   (`Quận Nam Từ Liêm` → `quan-nam-tu-liem`).
//! * [`fold_for_search`] lowercases and strips Vietnamese diacritics but keeps spaces and
//!   punctuation, so `nam tu liem` matches `Nam Từ Liêm`.
//! * [`case_key`] merges names that differ only by case or spacing (`Kinh tế`, `KINH  TẾ`).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The longest slug [`slugify`] returns, in bytes (slugs are ASCII, so also in characters).
pub const MAX_SLUG_LEN: usize = 80;

/// Accumulates slug bytes: alphanumerics are kept (lowercased), every run of anything else
/// becomes a single `-`, never at the start or the end.
struct SlugBuilder {
    out: String,
    /// A separator was seen since the last alphanumeric.
    pending_hyphen: bool,
}

impl SlugBuilder {
    fn with_capacity(cap: usize) -> SlugBuilder {
        SlugBuilder {
            out: String::with_capacity(cap.min(MAX_SLUG_LEN + 1)),
            pending_hyphen: false,
        }
    }

    /// Whether enough has been written to decide the (possibly truncated) result.
    #[inline]
    fn is_full(&self) -> bool {
        self.out.len() > MAX_SLUG_LEN
    }

    #[inline]
    fn push_ascii(&mut self, b: u8) {
        if b.is_ascii_alphanumeric() {
            if self.pending_hyphen && !self.out.is_empty() {
                self.out.push('-');
            }
            self.pending_hyphen = false;
            self.out.push(char::from(b.to_ascii_lowercase()));
        } else {
            self.pending_hyphen = true;
        }
    }

    fn finish(mut self) -> String {
        if self.out.len() > MAX_SLUG_LEN {
            // `out` is ASCII, so byte indices are char boundaries.
            let cut = self.out.as_bytes()[..=MAX_SLUG_LEN]
                .iter()
                .rposition(|&b| b == b'-')
                .unwrap_or(MAX_SLUG_LEN);
            self.out.truncate(cut);
            while self.out.ends_with('-') {
                self.out.pop();
            }
        }
        self.out
    }
}

/// Folds `s` to a URL slug `[a-z0-9-]*`.
///
/// The input is NFC-normalised; Vietnamese letters lose their diacritics (`Từ` → `tu`,
/// `Đảng` → `dang`), other scripts are transliterated with `deunicode` (`北京` → `bei-jing`).
/// Every run of characters that are not ASCII letters or digits becomes one `-`, and the
/// result never starts or ends with `-`. A result longer than [`MAX_SLUG_LEN`] bytes is cut
/// at the last hyphen at or before that length (or hard-cut if there is none).
///
/// The result may be empty (`---` gives `""`); callers decide what to do then.
///
/// ```
/// assert_eq!(bantin::slug::slugify("Quận Nam Từ Liêm"), "quan-nam-tu-liem");
/// assert_eq!(bantin::slug::slugify("QUÝ I/2022"), "quy-i-2022");
/// ```
pub fn slugify(s: &str) -> String {
    let mut b = SlugBuilder::with_capacity(s.len());
    if s.is_ascii() {
        for &byte in s.as_bytes() {
            b.push_ascii(byte);
            if b.is_full() {
                break;
            }
        }
        return b.finish();
    }
    // Most titles are already NFC: skip the (slower) normalising iterator for them.
    if unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes {
        slug_chars(&mut b, s.chars());
    } else {
        slug_chars(&mut b, s.nfc());
    }
    b.finish()
}

/// Feeds NFC `chars` to the builder, folding each to ASCII.
fn slug_chars(b: &mut SlugBuilder, chars: impl Iterator<Item = char>) {
    for c in chars {
        if c.is_ascii() {
            b.push_ascii(c as u8);
        } else if c == 'đ' || c == 'Đ' {
            b.push_ascii(b'd');
        } else if is_combining_mark(c) {
            // A mark NFC could not compose onto its base: drop it.
            continue;
        } else {
            match deunicode::deunicode_char(c) {
                Some(t) => t.bytes().for_each(|byte| b.push_ascii(byte)),
                None => b.push_ascii(b' '),
            }
        }
        if b.is_full() {
            break;
        }
    }
}

/// Why a slug written by hand (`slug:`, an alias segment, a figure id) is too long, if it
/// is: `what` names it (`` `slug` ``). Titles are cut to [`MAX_SLUG_LEN`] when folded;
/// what an editor wrote is refused instead, since cutting it would change an address they
/// chose.
pub fn length_problem(what: &str, s: &str) -> Option<String> {
    let n = s.chars().count();
    (n > MAX_SLUG_LEN).then(|| {
        format!("{what} is {n} characters long: at most {MAX_SLUG_LEN} (addresses stay readable and fit every file system); shorten it")
    })
}

/// Whether `s` is a non-empty `[a-z0-9-]+`.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `c` is a Latin, Greek or Cyrillic letter whose diacritics [`fold_for_search`]
/// strips. Other scripts keep their marks (stripping them would change the letter).
fn has_strippable_marks(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0370}'..='\u{04FF}' | '\u{1E00}'..='\u{1FFF}')
}

/// Lower-case, diacritic-free form of `s` for search matching.
///
/// Lowercases, strips diacritics from Latin (hence Vietnamese), Greek and Cyrillic letters,
/// maps `đ`/`Đ` to `d`, keeps every other character (punctuation, other scripts) as it is,
/// collapses whitespace runs to one space and trims both ends. Works for NFC and NFD input.
///
/// ```
/// use bantin::slug::fold_for_search;
/// assert_eq!(fold_for_search("Nam  Từ Liêm"), "nam tu liem");
/// assert_eq!(fold_for_search("Đảng"), "dang");
/// ```
pub fn fold_for_search(s: &str) -> String {
    let mut out = SearchFolder {
        out: String::with_capacity(s.len()),
        pending_space: false,
    };
    if s.is_ascii() {
        for c in s.chars() {
            if c.is_whitespace() {
                out.pending_space = true;
            } else {
                out.push(c.to_ascii_lowercase());
            }
        }
    } else if unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes {
        out.fold_chars(s.chars());
    } else {
        out.fold_chars(s.nfc());
    }
    out.out
}

/// Accumulates [`fold_for_search`] output, collapsing whitespace runs.
struct SearchFolder {
    out: String,
    /// Whitespace was seen since the last character written.
    pending_space: bool,
}

impl SearchFolder {
    #[inline]
    fn push(&mut self, c: char) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push(c);
    }

    /// Folds NFC `chars`.
    fn fold_chars(&mut self, chars: impl Iterator<Item = char>) {
        for c in chars {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                fold_char(c, |d| self.push(d));
            }
        }
    }
}

/// Folds one non-whitespace character of NFC text as [`fold_for_search`] does, giving
/// the characters of its folded form to `push` (none for a leftover diacritic).
#[inline]
pub(crate) fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else if c == 'đ' || c == 'Đ' {
        push('d');
    } else if is_combining_mark(c) && matches!(c, '\u{0300}'..='\u{036F}') {
        // A leftover generic diacritic that NFC could not compose: drop it.
    } else {
        for lc in c.to_lowercase() {
            if has_strippable_marks(lc) {
                decompose_canonical(lc, |d| {
                    if !is_combining_mark(d) {
                        push(d);
                    }
                });
            } else {
                push(lc);
            }
        }
    }
}

/// A key under which names differing only by case or spacing are merged.
///
/// NFC-normalises, lowercases (full Unicode), trims and collapses inner whitespace runs to
/// one space: `Kinh tế`, `KINH  TẾ` and ` kinh tế ` all give `kinh tế`. Diacritics are kept
/// (`Kinh tế` and `Kinh te` stay different).
pub fn case_key(s: &str) -> String {
    let lower = if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.nfc().collect::<String>().to_lowercase()
    };
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_ascii() || unicode_normalization::is_nfc(&out) {
        out
    } else {
        // Lowercasing can produce a non-NFC sequence (e.g. `İ` → `i` + U+0307).
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugify_examples() {
        let cases = [
            ("Quận Nam Từ Liêm", "quan-nam-tu-liem"),
            ("Đảng", "dang"),
            ("đảng", "dang"),
            ("Thứ 3", "thu-3"),
            ("QUÝ I/2022", "quy-i-2022"),
            ("Hà Nội – Tin tức “nổi bật”", "ha-noi-tin-tuc-noi-bat"),
            ("Đường Lê Đức Thọ (đoạn 2)", "duong-le-duc-tho-doan-2"),
            ("北京", "bei-jing"),
            ("---", ""),
            ("", ""),
            ("  Hello,   World!  ", "hello-world"),
            ("Ắ Ằ Ẳ Ẵ Ặ ă â ê ô ơ ư", "a-a-a-a-a-a-a-e-o-o-u"),
            ("Kinh tế - Xã hội", "kinh-te-xa-hoi"),
            ("Straße", "strasse"),
            ("a\u{0301}", "a"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "slugify({input:?})");
        }
    }

    #[test]
    fn slugify_nfd_input() {
        let nfd: String = "Quận Nam Từ Liêm – Đảng".nfd().collect();
        assert_ne!(nfd, "Quận Nam Từ Liêm – Đảng");
        assert_eq!(slugify(&nfd), "quan-nam-tu-liem-dang");
    }

    #[test]
    fn slugify_truncates_at_hyphen() {
        // 9 words of 9 letters: 89 bytes, cut after the 8th word (79 bytes).
        let title = ["abcdefghi"; 9].join(" ");
        let s = slugify(&title);
        assert_eq!(s.len(), 79);
        assert_eq!(s, ["abcdefghi"; 8].join("-"));
        // A hyphen exactly at byte 80: the first 80 bytes are kept.
        let title = format!("{} tail", "a".repeat(80));
        assert_eq!(slugify(&title), "a".repeat(80));
        let title = format!("{} tail", "a".repeat(79));
        assert_eq!(slugify(&title), "a".repeat(79));
        // No hyphen at all: hard cut.
        assert_eq!(slugify(&"x".repeat(200)), "x".repeat(80));
        // Non-ASCII long input.
        let title = "Tin tức ".repeat(30);
        let s = slugify(&title);
        assert!(s.len() <= MAX_SLUG_LEN);
        assert!(s.starts_with("tin-tuc-tin-tuc"));
        assert!(s.ends_with("tuc") || s.ends_with("tin"));
    }

    #[test]
    fn valid_slugs() {
        assert!(is_valid_slug("quan-nam-tu-liem"));
        assert!(is_valid_slug("2022-q1"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("Quan"));
        assert!(!is_valid_slug("quận"));
        assert!(!is_valid_slug("a_b"));
    }

    #[test]
    fn fold_examples() {
        assert_eq!(fold_for_search("Nam Từ Liêm"), "nam tu liem");
        assert_eq!(fold_for_search("Đảng"), "dang");
        assert_eq!(fold_for_search("  QUÝ   I/2022\t\n"), "quy i/2022");
        assert_eq!(fold_for_search("Hà Nội – “nổi bật”"), "ha noi – “noi bat”");
        assert_eq!(fold_for_search("北京 Café"), "北京 cafe");
        assert_eq!(fold_for_search("한국"), "한국");
        let nfd: String = "Nam Từ Liêm".nfd().collect();
        assert_eq!(fold_for_search(&nfd), "nam tu liem");
        assert!(fold_for_search("Quận Nam Từ Liêm").contains(&fold_for_search("nam tu liem")));
    }

    #[test]
    fn case_keys() {
        assert_eq!(case_key("Kinh tế"), case_key("KINH TẾ"));
        assert_eq!(case_key("  Kinh   tế "), "kinh tế");
        let nfd: String = "Kinh Tế".nfd().collect();
        assert_eq!(case_key(&nfd), "kinh tế");
        assert_ne!(case_key("Kinh tế"), case_key("Kinh te"));
        assert_eq!(case_key("ĐẢNG"), "đảng");
    }

    proptest! {
        #[test]
        fn slugify_output_is_a_clean_slug(s in any::<String>()) {
            let slug = slugify(&s);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!slug.starts_with('-'));
            prop_assert!(!slug.ends_with('-'));
            prop_assert!(!slug.contains("--"));
            prop_assert!(slug.len() <= MAX_SLUG_LEN);
            prop_assert_eq!(slugify(&slug), slug.clone());
            prop_assert!(slug.is_empty() || is_valid_slug(&slug));
        }

        #[test]
        fn slugify_vietnamese_words(s in "[a-zA-Z0-9 àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ/–,.()]{0,120}") {
            let slug = slugify(&s);
            prop_assert!(slug.len() <= MAX_SLUG_LEN);
            prop_assert!(!slug.contains("--"));
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert_eq!(slugify(&slug), slug.clone());
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(slugify(&nfd), slug);
        }

        #[test]
        fn fold_collapses_whitespace(s in any::<String>()) {
            let f = fold_for_search(&s);
            prop_assert!(!f.contains("  "));
            prop_assert_eq!(f.trim(), f.as_str());
        }
    }
}
