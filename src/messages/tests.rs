use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each message id of an `.ftl` text with the variables (`$name`) its value uses.
fn entries(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let body = if line.starts_with(' ') {
            line
        } else {
            let (id, rest) = line
                .split_once(" =")
                .unwrap_or_else(|| panic!("not an entry: {line:?}"));
            assert!(
                out.insert(id.to_owned(), BTreeSet::new()).is_none(),
                "id {id} twice"
            );
            current = Some(id.to_owned());
            rest
        };
        let id = current
            .clone()
            .unwrap_or_else(|| panic!("continuation before any id: {line:?}"));
        let vars = out.entry(id).or_default();
        for piece in body.split('$').skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            vars.insert(name);
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_ids_and_arguments() {
    let vi = entries(VI_FTL);
    let en = entries(EN_FTL);
    let only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
    assert!(only_vi.is_empty(), "only in vi.ftl: {only_vi:?}");
    assert!(only_en.is_empty(), "only in en.ftl: {only_en:?}");
    for (id, args) in &vi {
        assert_eq!(Some(args), en.get(id), "arguments of `{id}` (vi, then en)");
    }
    assert!(vi.len() > 10, "{} ids", vi.len());
}

#[test]
fn catalogs_parse_without_errors() {
    for (name, text) in [("vi.ftl", VI_FTL), ("en.ftl", EN_FTL)] {
        if let Err((_, errors)) = FluentResource::try_new(text.to_owned()) {
            panic!("{name}: {errors:?}");
        }
    }
    // Every message renders in both languages with its arguments, without Fluent errors
    // (a debug assertion in `render`) and without isolation marks.
    for lang in [Language::Vi, Language::En] {
        let catalog = Catalog::new(lang);
        for (id, args) in entries(VI_FTL) {
            let id: &'static str = Box::leak(id.into_boxed_str());
            let args = args
                .into_iter()
                .map(|a| {
                    let a: &'static str = Box::leak(a.into_boxed_str());
                    (a, Arg::Count(2))
                })
                .collect();
            let text = catalog.render(&Message::new(id, args));
            assert!(!text.contains('\u{2068}'), "{id}: {text:?}");
            assert!(!text.contains('\n'), "{id}: {text:?}");
            assert!(!text.trim().is_empty(), "{id}");
        }
    }
}

/// Every id named by the `msg!` macro under `src/`, with the file it is in.
fn ids_in_code(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display())
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            ids_in_code(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for piece in text.split(concat!("msg", "!(")).skip(1) {
                let piece = piece.trim_start();
                let Some(rest) = piece.strip_prefix('"') else {
                    continue; // the macro's own definition
                };
                let id: String = rest.chars().take_while(|c| *c != '"').collect();
                out.push((path.display().to_string(), id));
            }
        }
    }
}

#[test]
fn every_id_named_in_code_is_in_the_catalog() {
    let vi = entries(VI_FTL);
    let mut used = Vec::new();
    ids_in_code(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    let missing: Vec<_> = used.iter().filter(|(_, id)| !vi.contains_key(id)).collect();
    assert!(
        missing.is_empty(),
        "ids missing from the catalog: {missing:?}"
    );
    assert!(used.len() > 5, "{used:?}");
}

#[test]
fn renders_arguments_and_plurals() {
    let en = Catalog::new(Language::En);
    let vi = Catalog::new(Language::Vi);
    let one = crate::msg!("summary-strict", warnings = 1usize);
    let many = crate::msg!("summary-strict", warnings = 12335usize);
    assert_eq!(en.render(&one), "1 warning treated as an error (--strict)");
    assert_eq!(
        en.render(&many),
        "12,335 warnings treated as errors (--strict)"
    );
    assert_eq!(
        vi.render(&many),
        "12.335 cảnh báo được tính là lỗi (--strict)"
    );
    let text = crate::msg!("serve-changed", paths = "content/a.md");
    assert_eq!(vi.render(&text), "có thay đổi: content/a.md");
    assert_eq!(vi.render(&Message::from("as is")), "as is");
}

#[test]
fn a_missing_id_still_says_something() {
    let m = Message::new("no-such-id", vec![("x", Arg::from("y"))]);
    assert_eq!(Catalog::new(Language::Vi).render(&m), "no-such-id x=\"y\"");
}
