//! `bantin new`: scaffolds a bulletin with its front matter filled in.

use crate::error::{Error, Result};
use crate::model::quarter::Quarter;
use crate::pipeline::load_config;
use std::io::Write as _;
use std::path::PathBuf;

/// Options of `new`.
#[derive(Clone, Debug)]
pub struct NewOptions {
    /// Site root.
    pub root: PathBuf,
    /// Title.
    pub title: String,
    /// Date (`YYYY-MM-DD`); today in the site's time zone when absent.
    pub date: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// Quotes a YAML string safely (double quotes, escapes).
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a new bulletin (pure).
pub fn scaffold(
    title: &str,
    date: jiff::civil::Date,
    slug: &str,
    district: Option<&str>,
    tags: &[String],
) -> String {
    let quarter = Quarter::of(date);
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {}\n", yaml_quote(title)));
    s.push_str(&format!("date: {date}\n"));
    s.push_str(&format!("quarter: {quarter}\n"));
    if let Some(d) = district {
        s.push_str(&format!("district: {}\n", yaml_quote(d)));
    }
    let tags: Vec<String> = tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(yaml_quote)
        .collect();
    s.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    s.push_str(&format!("slug: {slug}\n"));
    s.push_str("# summary: Một câu tóm tắt (mặc định: đoạn đầu tiên)\n");
    s.push_str("# figures:\n#   - id: gia-tri-san-xuat\n#     label: Giá trị sản xuất\n#     value: 12335\n#     unit: tỷ đồng\n#     change_pct: 7.6\n");
    s.push_str("---\n\nViết nội dung bản tin ở đây.\n");
    s
}

/// Writes `content/<year>/q<n>/<slug>.md` and returns its path; refuses to overwrite.
///
/// # Errors
/// [`Error::Usage`] for a bad date or a title without letters, or when the file exists.
pub fn new_bulletin(opts: &NewOptions) -> Result<PathBuf> {
    let (config, diags) = load_config(&crate::pipeline::open_root(&opts.root)?)?;
    if diags.iter().any(crate::error::Diagnostic::is_error) {
        return Err(Error::Invalid(diags));
    }
    let date = match &opts.date {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map_err(|e| Error::Usage(format!("--date `{d}`: {e} (write it as 2022-07-26)")))?,
        None => jiff::Timestamp::now()
            .to_zoned_datetime(config.timezone.clone())
            .date(),
    };
    let title = opts.title.trim();
    let base_slug = crate::slug::slugify(title);
    if base_slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        )));
    }
    let quarter = Quarter::of(date);
    let folder = format!("content/{}/q{}", quarter.year(), quarter.number());
    if opts.root.join(format!("{folder}/{base_slug}.md")).exists() {
        return Err(Error::Usage(format!(
            "{folder}/{base_slug}.md already exists: choose another title or edit that file"
        )));
    }
    // A slug another bulletin has would fail `check`: take the next free one.
    let loaded = crate::pipeline::load(&opts.root, crate::site::Drafts::Include)?;
    let taken: std::collections::HashSet<&str> = loaded
        .site
        .bulletins
        .iter()
        .map(|b| b.slug.as_str())
        .collect();
    let slug = free_slug(&base_slug, |s| taken.contains(s));
    let rel = format!("{folder}/{slug}.md");
    let path = opts.root.join(&rel);
    let text = scaffold(
        title,
        date,
        &slug,
        opts.district.as_deref().or(config.district.as_deref()),
        &opts.tags,
    );
    // Never write a file that `check` rejects: parse it as `check` will.
    let parsed = crate::model::bulletin::parse_bulletin(&rel, &text, &config);
    let problems: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.to_string())
        .collect();
    if !problems.is_empty() {
        return Err(Error::Usage(format!(
            "no file written: the new bulletin would not pass `bantin check`: {}",
            problems.join("; ")
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    write_new(&path, &rel, text.as_bytes())?;
    Ok(PathBuf::from(rel))
}

/// `base`, or `base-2`, `base-3`, … : the first that `taken` does not hold.
fn free_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let keep = crate::slug::MAX_SLUG_LEN.saturating_sub(suffix.len());
            let head = base.get(..keep.min(base.len())).unwrap_or(base);
            format!("{}{suffix}", head.trim_end_matches('-'))
        })
        .find(|s| !taken(s))
        .unwrap_or_else(|| base.to_owned())
}

/// Writes `bytes` to a new file at `path`, whole or not at all: into a temporary file
/// beside it first (removed on failure, so a full disk leaves nothing), then linked to its
/// name, which fails rather than replace a file that appeared meanwhile.
fn write_new(path: &std::path::Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let exists = || {
        Error::Usage(format!(
            "{rel} already exists: choose another title or edit that file"
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    let tmp = path.with_file_name(format!(
        ".{}.bantin-new-{}",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(e) => Err(Error::io(path, e)),
    }
}
