//! Hostile input through the real binary on temp sites (issue 7): huge files, YAML bombs,
//! control and bidi characters, NUL bytes, symlinks, unreadable files and content that
//! changes during a build. Each must end in a correct page or a located error within a
//! generous time limit (it only catches hangs; nothing here asserts a speed), never in a
//! panic or a partial `output/`.

use crate::support::{Run, Site, bulletin, list_files};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build of a 50 MB bulletin on a busy 2-core machine; a hang
/// is what this catches.
const LIMIT: Duration = Duration::from_secs(180);

/// Runs `bantin ARGS` in `dir`, killing it (and failing) after [`LIMIT`].
#[track_caller]
fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    run_bounded_env(dir, args, &[])
}

/// [`run_bounded`] with variables `env` added to bantin's environment.
#[track_caller]
pub fn run_bounded_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .env("BANTIN_LANG", "en")
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bantin {args:?} still running after {LIMIT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && [0, 1, 2].contains(&run.code),
        "bantin {args:?} crashed (exit {}):\n{}",
        run.code,
        run.stderr
    );
    run
}

/// Nothing a build leaves beside `output/` (staging or old folders) may survive it.
#[track_caller]
fn assert_no_leftovers(site: &Site) {
    let stray: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-") || n.contains(".old-"))
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

/// A whole site: the pages every build writes, plus `pages`.
#[track_caller]
fn assert_complete(site: &Site, pages: &[&str]) {
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        ".bantin-output",
    ]
    .iter()
    .chain(pages)
    {
        assert!(
            site.out_exists(page),
            "missing {page}: {:?}",
            site.out_files()
        );
    }
    assert_no_leftovers(site);
}

/// Builds a good site, then adds `hostile` at `rel` and builds again: the second build
/// must fail with a located error containing `message`, and leave output/ byte-identical.
#[track_caller]
fn fails_cleanly(rel: &str, hostile: impl AsRef<[u8]>, message: &str) -> Run {
    let site = Site::new();
    site.write(
        "content/2022/q1/good.md",
        bulletin("Tin tốt", "2022-01-05", ""),
    );
    run_bounded(site.path(), &["build"]).ok();
    let before = site.out_snapshot();
    site.write(rel, hostile);
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    let located = run.diagnostics().into_iter().any(|d| {
        d.starts_with(&format!("{rel}:")) && d.contains(": error: ") && d.contains(message)
    });
    assert!(
        located,
        "no error at {rel} containing {message:?}:\n{}",
        run.stderr
    );
    assert!(
        site.out_snapshot() == before,
        "output/ changed after a failed build"
    );
    assert_no_leftovers(&site);
    run
}

#[test]
fn a_50_mb_body_builds_a_whole_page() {
    let site = Site::new();
    let para = "Giá trị sản xuất quý I/2022 đạt 12.335 tỷ đồng, tăng 7,6% so cùng kỳ; thu ngân sách **2.305 tỷ đồng**, đạt 33% dự toán.\n\n";
    let mut body = para.repeat(50 * 1024 * 1024 / para.len() + 1);
    body.push_str("Hết bản tin dài.\n");
    site.write(
        "content/2022/q1/dai.md",
        format!("---\ntitle: Bản tin dài\ndate: 2022-01-05\n---\n\n{body}"),
    );
    run_bounded(site.path(), &["build"]).ok();
    assert_complete(&site, &["bulletins/ban-tin-dai/index.html"]);
    let page = site.out("bulletins/ban-tin-dai/index.html");
    assert!(page.len() > 50 * 1024 * 1024);
    assert!(page.contains("<p>Hết bản tin dài.</p>"));
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn ten_thousand_figures_build() {
    let site = Site::new();
    let figures: String = (0..10_000)
        .map(|i| {
            format!(
                "  - id: chi-so-{i}\n    label: Chỉ số {i}\n    value: {i}.5\n    unit: tỷ đồng\n    change_pct: {}\n",
                i % 50
            )
        })
        .collect();
    site.write(
        "content/2022/q1/so-lieu.md",
        format!(
            "---\ntitle: Nhiều số liệu\ndate: 2022-01-05\nfigures:\n{figures}---\n\nNội dung.\n"
        ),
    );
    run_bounded(site.path(), &["build"]).ok();
    assert_complete(&site, &["bulletins/nhieu-so-lieu/index.html"]);
    let page = site.out("bulletins/nhieu-so-lieu/index.html");
    assert!(page.contains("Chỉ số 9999"), "last figure missing");
}

#[test]
fn a_1_mb_title_gets_a_short_slug_and_an_escaped_page() {
    let site = Site::new();
    let title: String = "Tiêu đề <b>rất</b> dài & "
        .repeat(50_000)
        .chars()
        .take(1_000_000)
        .collect();
    site.write(
        "content/2022/q1/dai.md",
        format!(
            "---\ntitle: {}\ndate: 2022-01-05\n---\n\nNội dung.\n",
            serde_json::to_string(title.trim()).unwrap()
        ),
    );
    run_bounded(site.path(), &["build"]).ok();
    let slug = "tieu-de-b-rat-b-dai-tieu-de-b-rat-b-dai-tieu-de-b-rat-b-dai-tieu-de-b-rat-b-dai";
    assert!(slug.len() <= 80);
    assert_complete(&site, &[&format!("bulletins/{slug}/index.html")]);
    let page = site.out(&format!("bulletins/{slug}/index.html"));
    assert!(
        page.contains("Tiêu đề &lt;b&gt;rất&lt;&#x2F;b&gt; dài &amp;")
            || page.contains("Tiêu đề &lt;b&gt;rất&lt;/b&gt; dài &amp;")
    );
    assert!(!page.contains("<b>rất</b>"));
}

#[test]
fn deeply_nested_yaml_is_a_located_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    fails_cleanly(
        "content/2022/q1/sau.md",
        format!("---\ntitle: Sâu\ndate: 2022-01-05\nextra: {deep}\n---\n\nx\n"),
        "nested",
    );
    let mut block = String::from("---\ntitle: Sâu\ndate: 2022-01-05\nextra:\n");
    for i in 0..2_000 {
        block.push_str(&format!("{}k{i}:\n", " ".repeat(i + 1)));
    }
    block.push_str("---\n\nx\n");
    fails_cleanly("content/2022/q1/sau.md", block, "recursion limit exceeded");
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut yaml = String::from(
        "---\ntitle: Cười\ndate: 2022-01-05\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        yaml.push_str(&format!("  {}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml.push_str("---\n\nx\n");
    fails_cleanly("content/2022/q1/bom.md", yaml, "repetition limit exceeded");
}

#[test]
fn control_and_bidi_characters_in_titles_are_located_errors() {
    for (escaped, code) in [
        ("\\u202E", "U+202E"),
        ("\\u2066", "U+2066"),
        ("\\u0007", "U+0007"),
        ("\\x1b[31m", "U+001B"),
        ("\\u0085", "U+0085"),
    ] {
        let run = fails_cleanly(
            "content/2022/q1/dieu-khien.md",
            format!("---\ntitle: \"Tin {escaped}tức\"\ndate: 2022-01-05\ntags: [a]\n---\n\nx\n"),
            code,
        );
        run.has_diagnostic(&format!(
            "content/2022/q1/dieu-khien.md:2:1: error: `title` contains the invisible control character {code} (character 5): remove it; bidi overrides and control characters can make published text read differently from what was written"
        ));
    }
}

#[test]
fn bidi_characters_in_the_body_stay_text_inside_their_paragraph() {
    let site = Site::new();
    site.write(
        "content/2022/q1/a.md",
        "---\ntitle: Tin\ndate: 2022-01-05\n---\n\nabc \u{202E}<script>alert(1)</script> def\n\nđoạn sau\n",
    );
    run_bounded(site.path(), &["build"]).ok();
    let page = site.out("bulletins/tin/index.html");
    assert!(page.contains("<p>abc \u{202E}&lt;script&gt;alert(1)&lt;/script&gt; def</p>"));
    assert!(page.contains("<p>đoạn sau</p>"));
}

#[test]
fn nul_bytes_are_located_errors() {
    fails_cleanly(
        "content/2022/q1/nul.md",
        "---\ntitle: Tin\ndate: 2022-01-05\n---\n\nmột\0hai\n",
        "NUL",
    )
    .has_diagnostic("content/2022/q1/nul.md:6:4: error: the file contains a NUL character: it is not plain text (perhaps saved as UTF-16); save it as UTF-8 in your editor");
    // A UTF-16 file without a BOM is valid UTF-8 full of NULs.
    let utf16: Vec<u8> = "---\ntitle: A\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    fails_cleanly("content/2022/q1/utf16.md", utf16, "NUL");
    // An escaped NUL inside a YAML string is a control character.
    fails_cleanly(
        "content/2022/q1/nul2.md",
        "---\ntitle: \"a\\0b\"\ndate: 2022-01-05\n---\n\nx\n",
        "U+0000",
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_nor_published() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        bulletin("BÍ MẬT NGOÀI", "2022-01-05", ""),
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.png"), "BÍ MẬT ẢNH").unwrap();
    let site = Site::new();
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    let c = site.path().join("content");
    symlink(&c, c.join("loop")).unwrap();
    symlink(c.join("b1"), c.join("b2")).unwrap();
    symlink(c.join("b2"), c.join("b1")).unwrap();
    symlink(outside.path(), c.join("ngoai")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        c.join("2022/q1/secret.md"),
    )
    .unwrap();
    symlink("/etc/passwd", c.join("2022/q1/passwd.md")).unwrap();
    let run = run_bounded(site.path(), &["build"]);
    run.ok();
    for link in [
        "content/loop",
        "content/b1",
        "content/b2",
        "content/ngoai",
        "content/2022/q1/secret.md",
        "content/2022/q1/passwd.md",
    ] {
        run.has_diagnostic(&format!("{link}: warning: symbolic link skipped: bantin never follows links in content/ (copy the file instead)"));
    }
    assert_complete(&site, &["bulletins/tin/index.html"]);
    for (file, bytes) in site.out_snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("BÍ MẬT") && !text.contains("root:"),
            "{file} publishes a linked file"
        );
    }
    // A bulletin that links to a symlinked image gets an error, not the file.
    symlink(outside.path().join("secret.png"), c.join("2022/q1/anh.png")).unwrap();
    site.write(
        "content/2022/q1/a.md",
        "---\ntitle: Tin\ndate: 2022-01-05\n---\n\n![ảnh](anh.png)\n",
    );
    let before = site.out_snapshot();
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    assert!(
        run.stderr
            .contains("content/2022/q1/a.md:6:1: error: link `anh.png` cannot be published: content/2022/q1/anh.png is a symbolic link, and bantin never follows symbolic links (copy the file or folder into the site instead)\n"),
        "{}",
        run.stderr
    );
    assert!(site.out_snapshot() == before);
}

#[cfg(unix)]
#[test]
fn an_unreadable_bulletin_is_a_located_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.write(
        "content/2022/q1/good.md",
        bulletin("Tin tốt", "2022-01-05", ""),
    );
    run_bounded(site.path(), &["build"]).ok();
    let before = site.out_snapshot();
    site.write(
        "content/2022/q1/khoa.md",
        bulletin("Khoá", "2022-01-06", ""),
    );
    let locked = site.path().join("content/2022/q1/khoa.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as root, where chmod 000 does not stop reads");
        return;
    }
    let run = run_bounded(site.path(), &["build"]);
    run.fails_with(1);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.starts_with("content/2022/q1/khoa.md: error: cannot read")),
        "{}",
        run.stderr
    );
    assert!(site.out_snapshot() == before);
    assert_no_leftovers(&site);
}

#[test]
fn a_file_changed_between_parse_and_render_is_an_error() {
    let site = Site::new();
    site.write("content/2022/q1/a.md", bulletin("Tin", "2022-01-05", ""));
    let loaded = bantin::pipeline::load(site.path(), bantin::Drafts::Exclude).unwrap();
    site.write(
        "content/2022/q1/a.md",
        bulletin("Tin", "2022-01-05", "author: Người sửa\n"),
    );
    let theme = loaded.theme.as_ref().unwrap();
    let urls = bantin::urls::Urls::new("https://x.vn/");
    let outcome = bantin::render::render_site(
        &loaded.root,
        &loaded.site,
        theme,
        &urls,
        &bantin::render::NullSink,
    );
    assert!(
        outcome.diagnostics.iter().any(|d| d.to_string()
            == "content/2022/q1/a.md: error: the file changed while the site was being built: build again"),
        "{:?}",
        outcome.diagnostics
    );
}

#[test]
fn content_changing_during_builds_gives_whole_outputs_or_errors() {
    let site = Site::new();
    for i in 0..200 {
        site.write(
            &format!("content/2022/q1/tin-{i}.md"),
            bulletin(&format!("Tin {i}"), "2022-01-05", ""),
        );
    }
    let root = site.path().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let text = bulletin("Tin 7", "2022-01-05", &format!("author: Lần {n}\n"));
                std::fs::write(root.join("content/2022/q1/tin-7.md"), text).unwrap();
                std::thread::sleep(Duration::from_millis(1));
            }
            n
        })
    };
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        let run = run_bounded(site.path(), &["build"]);
        match run.code {
            0 => assert_complete(&site, &["bulletins/tin-199/index.html"]),
            1 => assert!(
                run.diagnostics()
                    .iter()
                    .all(|d| d.starts_with("content/2022/q1/tin-7.md")),
                "{}",
                run.stderr
            ),
            other => panic!("exit {other}: {}", run.stderr),
        }
        assert_no_leftovers(&site);
        outcomes.push(run.code);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0);
    eprintln!("builds during edits ended with {outcomes:?}");
}

#[test]
fn a_huge_file_list_with_odd_names_builds() {
    let site = Site::new();
    for (i, name) in [
        "a b.md",
        "ý-kiến.md",
        "%2e%2e.md",
        "-.md",
        "..x.md",
        "CON.md",
    ]
    .iter()
    .enumerate()
    {
        site.write(
            &format!("content/2022/q1/{name}"),
            bulletin(&format!("Tin số {i}"), "2022-01-05", ""),
        );
    }
    run_bounded(site.path(), &["build"]).ok();
    assert_complete(&site, &["bulletins/tin-so-0/index.html"]);
    let files = list_files(&site.path().join("output"));
    assert!(files.iter().all(|f| !f.contains("..")), "{files:?}");
}

/// Resident memory of a process, in KiB (Linux), or 0 when unknown.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Sends `request` on a new connection and reads until the server closes it (bounded).
fn exchange(host: &str, request: &[u8]) -> String {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    // The server may close before reading a huge request: only the read matters.
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

#[test]
fn serve_keeps_answering_under_load_junk_and_an_edit_burst() {
    use crate::serve::{Server, fixture};
    use std::io::Write;
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    server.wait_for("/", "the home page", |r| r.status == 200);
    let host = server.host.clone();

    // 50 slow clients hold half-sent requests open during everything else.
    let slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&host).unwrap();
            s.write_all(b"GET /bulletins/tin-a/ HT").unwrap();
            s
        })
        .collect();

    // 200 concurrent keep-alive connections, two pipelined requests each.
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let host = host.clone();
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/bulletins/tin-b/" };
                let req = format!(
                    "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\nGET /quarters/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                );
                exchange(&host, req.as_bytes()).matches("HTTP/1.1 200 OK").count()
            })
        })
        .collect();
    let answered: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(answered, 400, "{}", server.stderr());

    // Malformed and oversized requests get an answer or a close, never a hang.
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        "a".repeat(100_000)
    );
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nX: {}\r\n\r\n",
        "b".repeat(1_000_000)
    );
    for junk in [
        b"\x00\x01\x02 garbage\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        format!("GET /../../../etc/passwd HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!(
            "GET /%2e%2e/%2e%2e/site.yaml HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
        long_url.into_bytes(),
        huge_header.into_bytes(),
    ] {
        let reply = exchange(&host, &junk);
        assert!(
            !reply.contains("root:") && !reply.contains("base_url"),
            "{reply:.300}"
        );
        assert!(
            reply.is_empty() || reply.starts_with("HTTP/1."),
            "{reply:.300}"
        );
    }

    // A burst of 1,000 saves: the server settles on the last one.
    for n in 0..1_000 {
        site.write(
            "content/2022/q1/tin-a.md",
            bulletin(
                "Tin A",
                "2022-02-01",
                &format!("slug: tin-a\nauthor: Lần sửa {n}\n"),
            ),
        );
    }
    server.wait_for("/bulletins/tin-a/", "the last save", |r| {
        r.status == 200 && r.body.contains("Lần sửa 999")
    });
    drop(slow);
    assert_eq!(server.get("/").status, 200);
    let rss = rss_kib(server.pid());
    assert!(rss < 1024 * 1024, "serve uses {rss} KiB after the stress");
    eprintln!("serve RSS after the stress: {rss} KiB");
}
