//! The read gate as an attacker would test it (issue 11): symbolic links to a folder
//! outside the site, to `/etc` and to `/proc/self`, placed under `content/`, `static/`
//! and a theme, used by links, images and covers, in `build`, `check` and `serve`; FIFOs
//! where bantin reads; bulletins spelt `.MD` and `.markdown`. Each run is bounded (a
//! hang fails the test instead of stalling it) and each asserts that no byte from
//! outside the site reaches the output or a response: the outside files hold a unique
//! marker, the build's environment holds another (what `/proc/self/environ` would leak).
#![cfg(unix)]

use crate::serve::Server;
use crate::support::{Run, SITE_YAML, Site, bulletin};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Written in every file outside the site.
pub const MARKER: &str = "NGOAI-SITE-7f3a9c";
/// Put in the environment of every run (what a link to `/proc/self` would publish).
pub const ENV_MARKER: &str = "BIEN-MOI-TRUONG-51d0e2";
/// A line of `/etc/passwd` on every Unix.
const PASSWD: &str = "root:";

/// Runs `bantin ARGS` in `dir` with [`ENV_MARKER`] in its environment, killed (and the
/// test failed) if it hangs.
#[track_caller]
pub fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    crate::hostile::run_bounded_env(dir, args, &[("BANTIN_DEPLOY_TOKEN", ENV_MARKER)])
}

/// A folder outside every site, whose files all hold [`MARKER`].
pub fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "secret.txt",
        "secret.png",
        "secret.md",
        "base.html",
        "style.css",
    ] {
        std::fs::write(dir.path().join(name), format!("{MARKER} {name}\n")).unwrap();
    }
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/base.html"),
        format!("{MARKER} template\n"),
    )
    .unwrap();
    dir
}

/// Every byte under `dir` (none when it does not exist), as (path, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Whether `bytes` hold anything read from outside the site.
pub fn leaks(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    // `CARGO_MANIFEST_DIR=`: in the environment cargo gives the tests and every
    // bantin they start (what a link to /proc/self/environ reads).
    [MARKER, ENV_MARKER, PASSWD, "CARGO_MANIFEST_DIR="]
        .into_iter()
        .find(|m| text.contains(m))
}

/// Fails when anything under the site's `output/` came from outside the site.
#[track_caller]
pub fn assert_no_leak(site: &Site) {
    for (path, bytes) in files_under(&site.path().join("output")) {
        if let Some(m) = leaks(&bytes) {
            panic!("{path} holds `{m}`, read from outside the site");
        }
    }
}

/// The places a symbolic link can lead, with a file name to link to there.
fn targets(outside: &Path) -> Vec<(&'static str, std::path::PathBuf, &'static str)> {
    vec![
        ("outside", outside.to_path_buf(), "secret.txt"),
        ("etc", "/etc".into(), "passwd"),
        ("proc", "/proc/self".into(), "environ"),
    ]
}

/// The diagnostic for a link `url` at `line:col` of `content/2022/q1/a.md` through the
/// symbolic link `content/2022/q1/<link>`.
fn refused(line: usize, col: usize, what: &str, url: &str, link: &str) -> String {
    format!(
        "content/2022/q1/a.md:{line}:{col}: error: {what} `{url}` cannot be published: content/2022/q1/{link} is a symbolic link, and bantin never follows symbolic links (copy the file or folder into the site instead)"
    )
}

#[test]
fn symlinked_folders_in_content_used_by_links_images_and_covers_are_located_errors() {
    let out = outside();
    for (name, target, file) in targets(out.path()) {
        if !target.exists() {
            continue; // no /proc on this system
        }
        let site = Site::new();
        site.write("content/2022/q1/keep.md", bulletin("Giữ", "2022-01-04", ""));
        std::fs::create_dir_all(site.path().join("content/2022/q1")).unwrap();
        symlink(&target, site.path().join("content/2022/q1/cauhinh")).unwrap();
        let cover = format!("image: cauhinh/{file}\n");
        let body = format!("[tệp](cauhinh/{file})\n\n![ảnh](cauhinh/{file})\n");
        let text = bulletin("Tin", "2022-01-05", &cover).replace("Nội dung bản tin Tin.\n", &body);
        site.write("content/2022/q1/a.md", text);
        let url = format!("cauhinh/{file}");
        let expected = [
            refused(4, 1, "image", &url, "cauhinh"),
            refused(7, 1, "link", &url, "cauhinh"),
            refused(9, 1, "link", &url, "cauhinh"),
            "content/2022/q1/cauhinh: warning: symbolic link skipped: bantin never follows links in content/ (copy the file instead)".to_owned(),
            "3 errors, 1 warning in 2 files; nothing was written".to_owned(),
        ];
        for command in ["build", "check"] {
            let run = run_bounded(site.path(), &[command]);
            run.fails_with(1);
            let lines: Vec<&str> = run.stderr.lines().collect();
            assert_eq!(lines, expected, "{name}, {command}:\n{}", run.stderr);
            assert!(leaks(run.stderr.as_bytes()).is_none(), "{}", run.stderr);
            assert!(!site.path().join("output").exists(), "{name}, {command}");
        }
    }
}

#[test]
fn a_linked_file_inside_a_symlinked_folder_of_the_site_is_refused_too() {
    // Links that stay inside the site are refused as well: one rule, no exceptions.
    let site = Site::new();
    site.write("content/2022/q1/tep/bang.csv", "a,b\n");
    symlink(
        site.path().join("content/2022/q1/tep"),
        site.path().join("content/2022/q1/lien-ket"),
    )
    .unwrap();
    let text = bulletin("Tin", "2022-01-05", "").replace(
        "Nội dung bản tin Tin.\n",
        "[bảng](lien-ket/bang.csv) [bảng](tep/bang.csv)\n",
    );
    site.write("content/2022/q1/a.md", text);
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    run.has_diagnostic(&refused(6, 1, "link", "lien-ket/bang.csv", "lien-ket"));
}

#[test]
fn symlinks_under_static_and_a_theme_are_skipped_and_nothing_outside_is_published() {
    let out = outside();
    let site = Site::new();
    site.write("site.yaml", format!("{SITE_YAML}theme: rieng\n"));
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    site.write("themes/rieng/static/ok.css", "body{}\n");
    site.write("static/ok.txt", "ok\n");
    let root = site.path();
    symlink(out.path(), root.join("static/ngoai")).unwrap();
    symlink("/etc", root.join("static/etc")).unwrap();
    symlink("/etc/passwd", root.join("static/passwd")).unwrap();
    symlink(out.path(), root.join("themes/rieng/static/ngoai")).unwrap();
    symlink("/proc/self", root.join("themes/rieng/static/proc")).unwrap();
    std::fs::create_dir_all(root.join("themes/rieng/templates")).unwrap();
    symlink(
        out.path().join("base.html"),
        root.join("themes/rieng/templates/base.html"),
    )
    .unwrap();
    symlink(out.path().join("templates"), root.join("templates")).unwrap();
    let run = run_bounded(root, &["build"]);
    run.ok();
    let skipped = |p: &str| format!("{p}: warning: symbolic link skipped");
    let expected = [
        skipped("static/etc"),
        skipped("static/ngoai"),
        skipped("static/passwd"),
        skipped("templates"),
        skipped("themes/rieng/static/ngoai"),
        skipped("themes/rieng/static/proc"),
        skipped("themes/rieng/templates/base.html"),
    ];
    let mut shown = run.diagnostics();
    shown.sort_unstable();
    assert_eq!(shown, expected, "{}", run.stderr);
    assert_eq!(site.out("ok.txt"), "ok\n");
    assert_eq!(site.out("ok.css"), "body{}\n");
    assert!(!site.out_exists("ngoai/secret.txt") && !site.out_exists("passwd"));
    assert_no_leak(&site);
}

#[test]
fn a_theme_folder_that_is_a_symlink_is_an_error() {
    let out = outside();
    let site = Site::new();
    site.write("site.yaml", format!("{SITE_YAML}theme: ngoai\n"));
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    std::fs::create_dir_all(site.path().join("themes")).unwrap();
    symlink(out.path(), site.path().join("themes/ngoai")).unwrap();
    for command in ["build", "check"] {
        let run = run_bounded(site.path(), &[command]);
        run.fails_with(1);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(
            lines,
            [
                "site.yaml: error: theme `ngoai` cannot be read: themes/ngoai is a symbolic link, and bantin never follows symbolic links (copy the file or folder into the site instead)",
                "1 error, 0 warnings in 1 file; nothing was written",
            ],
            "{command}"
        );
    }
    assert_no_leak(&site);
}

#[test]
fn serve_never_hands_out_a_file_through_a_symlink() {
    let out = outside();
    let site = crate::serve::fixture();
    let root = site.path();
    // A real attachment first: served, and the page links it.
    site.write("content/2022/q1/tep/secret.txt", "trong site\n");
    let with_link = |title: &str| {
        bulletin(title, "2022-02-01", "slug: tin-a\ntags: [Kinh tế]\n").replace(
            &format!("Nội dung bản tin {title}.\n"),
            "[tệp](tep/secret.txt) ![ảnh](proc/environ) [mật khẩu](etc/passwd)\n",
        )
    };
    symlink("/proc/self", root.join("content/2022/q1/proc")).unwrap();
    symlink("/etc", root.join("content/2022/q1/etc")).unwrap();
    site.write("content/2022/q1/tin-a.md", with_link("Tin A"));
    let server = Server::start(root, &[]);
    for path in [
        "/bulletins/tin-a/environ",
        "/bulletins/tin-a/passwd",
        "/bulletins/tin-a/secret.txt",
        "/bulletins/tin-a/",
        "/",
    ] {
        let r = server.get(path);
        assert!(leaks(r.body.as_bytes()).is_none(), "{path}: {}", r.body);
        // A failed first build answers every path with the error overlay.
        assert_eq!(r.status, 500, "{path} served although the build had errors");
    }
    // Fix the bulletin: the attachment is served from inside the site.
    let fixed = with_link("Tin A").replace(" ![ảnh](proc/environ) [mật khẩu](etc/passwd)", "");
    site.write("content/2022/q1/tin-a.md", fixed);
    server.wait_for("/bulletins/tin-a/secret.txt", "the attachment", |r| {
        r.status == 200 && r.body == "trong site\n"
    });
    // Swap the attachment's folder for a link outside, then save (a patchable title
    // edit): the rebuild refuses it and the old bytes, from inside the site, stay.
    std::fs::rename(
        root.join("content/2022/q1/tep"),
        root.join("content/2022/q1/cu"),
    )
    .unwrap();
    symlink(out.path(), root.join("content/2022/q1/tep")).unwrap();
    let retitled =
        with_link("Tin A sửa").replace(" ![ảnh](proc/environ) [mật khẩu](etc/passwd)", "");
    site.write("content/2022/q1/tin-a.md", retitled);
    let refusal = "content/2022/q1/tin-a.md:8:1: error: link `tep/secret.txt` cannot be published: content/2022/q1/tep is a symbolic link";
    let start = Instant::now();
    while !server.stderr().contains(refusal) {
        assert!(
            start.elapsed() < crate::serve::LIMIT,
            "no refusal:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    for path in ["/bulletins/tin-a/secret.txt", "/bulletins/tin-a/"] {
        let r = server.get(path);
        assert!(leaks(r.body.as_bytes()).is_none(), "{path}: {}", r.body);
    }
}

/// Makes a FIFO at `path` (mkfifo must exist: this is a Unix test).
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_site_yaml_is_an_error_in_every_command_never_a_hang() {
    let site = Site::new();
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    std::fs::remove_file(site.path().join("site.yaml")).unwrap();
    mkfifo(&site.path().join("site.yaml"));
    let expected = [
        "site.yaml: error: site.yaml is a named pipe (FIFO), not a regular file: bantin reads only regular files (replace it with a plain file)",
        "1 error, 0 warnings in 1 file; nothing was written",
    ];
    for args in [
        &["build"][..],
        &["check"],
        &["serve", "--port", "0"],
        &["new", "Tin mới"],
    ] {
        let run = run_bounded(site.path(), args);
        run.fails_with(1);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines[0], expected[0], "{args:?}:\n{}", run.stderr);
        if args[0] != "serve" && args[0] != "new" {
            assert_eq!(lines, expected, "{args:?}");
        }
    }
    assert!(!site.path().join("output").exists());
}

#[test]
fn fifo_bulletins_and_attachments_are_errors_never_opened() {
    let site = Site::new();
    std::fs::create_dir_all(site.path().join("content/2022/q1")).unwrap();
    mkfifo(&site.path().join("content/2022/q1/ong.md"));
    mkfifo(&site.path().join("content/2022/q1/ong.pdf"));
    mkfifo(&site.path().join("content/2022/q1/khong-dung.pdf"));
    let fifo = |p: &str| {
        format!(
            "{p} is a named pipe (FIFO), not a regular file: bantin reads only regular files (replace it with a plain file)"
        )
    };
    let expected_load = [
        format!(
            "content/2022/q1/khong-dung.pdf: warning: skipped: {}",
            fifo("content/2022/q1/khong-dung.pdf")
        ),
        format!(
            "content/2022/q1/ong.md: error: {}",
            fifo("content/2022/q1/ong.md")
        ),
        format!(
            "content/2022/q1/ong.pdf: warning: skipped: {}",
            fifo("content/2022/q1/ong.pdf")
        ),
    ];
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    let mut shown = run.diagnostics();
    shown.sort_unstable();
    assert_eq!(shown, expected_load, "{}", run.stderr);
    // Without the FIFO bulletin, a link to the FIFO attachment is an error at the link.
    std::fs::remove_file(site.path().join("content/2022/q1/ong.md")).unwrap();
    let text = bulletin("Tin", "2022-01-05", "")
        .replace("Nội dung bản tin Tin.\n", "Xem [tệp](ong.pdf).\n");
    site.write("content/2022/q1/a.md", text);
    for command in ["build", "check"] {
        let run = run_bounded(site.path(), &[command]);
        run.fails_with(1);
        run.has_diagnostic(&format!(
            "content/2022/q1/a.md:6:5: error: link `ong.pdf` cannot be published: {}",
            fifo("content/2022/q1/ong.pdf")
        ));
    }
    assert!(!site.path().join("output").exists());
}

#[test]
fn bulletins_spelt_md_in_capitals_or_markdown_are_reported_not_skipped() {
    let site = Site::new();
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    site.write("content/2022/q1/HOA.MD", bulletin("Hoa", "2022-01-06", ""));
    site.write(
        "content/2022/q1/dai.markdown",
        bulletin("Dài", "2022-01-07", ""),
    );
    site.write("content/2022/q1/ghi-chu.txt", "không phải bản tin\n");
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "content/2022/q1/HOA.MD: error: not built: bulletins are `.md` files (lower case); rename it to `HOA.md`, or move it out of content/",
            "content/2022/q1/dai.markdown: error: not built: bulletins are `.md` files (lower case); rename it to `dai.md`, or move it out of content/",
            "2 errors, 0 warnings in 2 files; nothing was written",
        ]
    );
    std::fs::rename(
        site.path().join("content/2022/q1/HOA.MD"),
        site.path().join("content/2022/q1/HOA.md"),
    )
    .unwrap();
    std::fs::remove_file(site.path().join("content/2022/q1/dai.markdown")).unwrap();
    run_bounded(site.path(), &["build"]).ok();
    assert!(site.out_exists("bulletins/hoa/index.html"));
}
