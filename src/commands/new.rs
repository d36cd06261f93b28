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
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        )));
    }
    let quarter = Quarter::of(date);
    let rel = format!("content/{}/q{}/{slug}.md", quarter.year(), quarter.number());
    let path = opts.root.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let text = scaffold(
        title,
        date,
        &slug,
        opts.district.as_deref().or(config.district.as_deref()),
        &opts.tags,
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(format!(
                    "{rel} already exists: choose another title or edit that file"
                ))
            } else {
                Error::io(&path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    Ok(PathBuf::from(rel))
}
