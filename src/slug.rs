//! Vietnamese-aware slugs and search folding. (stub: being implemented)

/// Folds `s` to a URL slug `[a-z0-9-]*` (may be empty), at most 80 characters, cut at a hyphen.
pub fn slugify(s: &str) -> String {
    s.to_lowercase()
}

/// Whether `s` is a non-empty `[a-z0-9-]+`.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lower-case, diacritic-free form for matching (`Đảng` → `dang`); keeps spaces.
pub fn fold_for_search(s: &str) -> String {
    s.to_lowercase()
}

/// NFC + lowercase + collapsed whitespace, to merge names differing only by case.
pub fn case_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
