//! Fixture helper: a site in a temp folder, the real binary run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
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

    /// Runs `bantin ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
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

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run bantin");
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
