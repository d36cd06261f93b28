//! `bantin init`: a new, buildable site.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Options of `init`.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// Folder to create (or an empty existing one).
    pub dir: PathBuf,
    /// Write a copy of the default theme to `themes/default` for customising.
    pub with_theme: bool,
}

const SITE_YAML: &str = "title: Bản tin quận\nbase_url: https://example.vn/\nlanguage: vi\ndistrict: Nam Từ Liêm\ntimezone: Asia/Ho_Chi_Minh\npage_size: 20\n";

const SAMPLE: &str = r#"---
title: "Giá trị sản xuất quý I/2022 tăng 7,6%"
date: 2022-07-26T17:11:00
quarter: 2022-Q1
tags: [Kinh tế, Ngân sách]
slug: gia-tri-san-xuat-quy-i-2022
summary: Bản tin mẫu với hai số liệu của quý I/2022.
figures:
  - id: gia-tri-san-xuat
    label: Giá trị sản xuất
    value: 12335
    unit: tỷ đồng
    change_pct: 7.6
  - id: thu-ngan-sach
    label: Thu ngân sách trên địa bàn
    value: 2305
    unit: tỷ đồng
    change_pct: 21
    target_pct: 33
    estimate: true
---

Đây là bản tin mẫu. Sửa tệp này hoặc tạo bản tin mới bằng `bantin new "Tiêu đề"`.

## Số liệu

Giá trị sản xuất quý I/2022 đạt 12.335 tỷ đồng; thu ngân sách ước đạt 2.305 tỷ đồng.
"#;

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Error::io(path, e))
}

/// Creates the site and returns the files written (relative).
///
/// # Errors
/// [`Error::Usage`] when `dir` exists and is not empty.
pub fn init_site(opts: &InitOptions) -> Result<Vec<String>> {
    if opts.dir.exists() {
        let mut entries = std::fs::read_dir(&opts.dir).map_err(|e| Error::io(&opts.dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty: choose a new folder",
                opts.dir.display()
            )));
        }
    }
    let mut files = vec![
        ("site.yaml".to_owned(), SITE_YAML.as_bytes()),
        (
            "content/2022/q1/gia-tri-san-xuat-quy-i-2022.md".to_owned(),
            SAMPLE.as_bytes(),
        ),
        (
            ".gitignore".to_owned(),
            b"/output\n/.output.*\n/.bantin-cache/\n".as_slice(),
        ),
    ];
    if opts.with_theme {
        files.extend(
            crate::theme::embedded_files()
                .iter()
                .map(|(rel, bytes)| (format!("themes/default/{rel}"), *bytes)),
        );
    }
    for (rel, bytes) in &files {
        write(&opts.dir, rel, bytes)?;
    }
    Ok(files.into_iter().map(|(r, _)| r).collect())
}
