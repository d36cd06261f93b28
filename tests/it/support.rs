//! Fixture helper: a site in a temp folder, the real binary run on it.
//!
//! Diagnostics are tested as the whole stderr of a run, in both languages:
//!
//! ```ignore
//! site.run_in(Lang::Vi, &["check"]).fails_with(1).stderr_is(&[
//!     "content/a.md:3:1: lỗi: ...",
//!     "1 lỗi, 0 cảnh báo trong 1 tệp; chưa ghi tệp nào",
//! ]);
//! ```
//!
//! `Site::run` (and the free `run_in`) run in English (`BANTIN_LANG=en`): the tests
//! written before the message catalog assert English text.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// The language a run prints its messages in (`BANTIN_LANG`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
    /// No `BANTIN_LANG`: the site's `language:`, else Vietnamese.
    Site,
}

impl Lang {
    fn apply(self, cmd: &mut Command) {
        cmd.env_remove("BANTIN_LANG");
        match self {
            Lang::Vi => cmd.env("BANTIN_LANG", "vi"),
            Lang::En => cmd.env("BANTIN_LANG", "en"),
            Lang::Site => cmd,
        };
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The diagnostic lines (those with `: error:` or `: warning:`).
    pub fn diagnostics(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect()
    }

    /// Every line of stderr, in order (timings excluded: they change between runs).
    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// Asserts that stderr is exactly `lines` (every line, in order, summary included),
    /// after replacing each run's time (`in 123 ms`, `trong 123 ms`) with `N ms`.
    #[track_caller]
    pub fn stderr_is(&self, lines: &[&str]) -> &Self {
        let actual: Vec<String> = self.stderr_lines().into_iter().map(mask_ms).collect();
        let expected: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        assert!(
            actual == expected,
            "stderr differs\n--- expected\n{}\n--- actual\n{}\n",
            expected.join("\n"),
            actual.join("\n")
        );
        self
    }

    #[track_caller]
    pub fn has_diagnostic(&self, line: &str) -> &Self {
        assert!(
            self.diagnostics().contains(&line),
            "expected diagnostic\n  {line}\nin stderr:\n{}",
            self.stderr
        );
        self
    }
}

pub const SITE_YAML: &str =
    "title: Bản tin thử\nbase_url: https://quan.gov.vn/bantin/\ndistrict: Nam Từ Liêm\n";

/// A minimal valid bulletin with the given title, date and extra front matter lines.
pub fn bulletin(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n{extra}---\n\nNội dung bản tin {title}.\n")
}

impl Site {
    /// An empty site with a `site.yaml`.
    pub fn new() -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        s.write("site.yaml", SITE_YAML);
        std::fs::create_dir_all(s.path().join("content")).expect("content dir");
        s
    }

    /// A copy of the repository's bundled site (content + site.yaml).
    pub fn bundled() -> Site {
        let s = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&repo.join("content"), &s.path().join("content"));
        std::fs::copy(repo.join("site.yaml"), s.path().join("site.yaml")).expect("copy site.yaml");
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Site {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        self
    }

    /// Runs `bantin ARGS` in the site folder, messages in English.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs `bantin ARGS` in the site folder, messages in `lang`.
    pub fn run_in(&self, lang: Lang, args: &[&str]) -> Run {
        run_lang(self.path(), lang, args)
    }

    /// Reads an output file (under `output/`).
    #[track_caller]
    pub fn out(&self, rel: &str) -> String {
        let p = self.path().join("output").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; files: {:?}",
                p.display(),
                self.out_files()
            )
        })
    }

    pub fn out_exists(&self, rel: &str) -> bool {
        self.path().join("output").join(rel).exists()
    }

    /// Every file under `output/`, relative and sorted.
    pub fn out_files(&self) -> Vec<String> {
        list_files(&self.path().join("output"))
    }

    /// Every file under `output/` with its bytes.
    pub fn out_snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let root = self.path().join("output");
        list_files(&root)
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(root.join(&f)).expect("read");
                (f, bytes)
            })
            .collect()
    }
}

/// Runs `bantin ARGS` in `dir`, messages in English.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_lang(dir, Lang::En, args)
}

/// Runs `bantin ARGS` in `dir`, messages in `lang`.
pub fn run_lang(dir: &Path, lang: Lang, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bantin"));
    cmd.args(args).current_dir(dir).env_remove("RUST_LOG");
    lang.apply(&mut cmd);
    let out = cmd.output().expect("run bantin");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn list_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if !root.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel: PathBuf = e.path().strip_prefix(root).expect("prefix").to_path_buf();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// `... in 123 ms ...` → `... in N ms ...` (any number right before ` ms`).
pub fn mask_ms(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(" ms") {
        let head = &rest[..i];
        let digits = head.len()
            - head
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                .len();
        if digits > 0 && head[head.len() - digits..].starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str(&head[..head.len() - digits]);
            out.push('N');
        } else {
            out.push_str(head);
        }
        out.push_str(" ms");
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}
