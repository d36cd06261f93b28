//! Smaller faults of the write side, each as the attacker found it: a preview server
//! bound to another loopback address, a copied file replaced with `cp -p`, and `bantin
//! new` writing a file that `check` rejects or leaving an empty one on a full disk.

use crate::serve::{Server, fixture};
use crate::support::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_bantin");

#[test]
fn serve_bound_to_127_0_0_2_answers_the_url_it_prints() {
    let site = fixture();
    let mut child = Command::new(BIN)
        .env("BANTIN_LANG", "en")
        .args(["serve", "--port", "0", "--bind", "127.0.0.2", "--root"])
        .arg(site.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.2:"), "{url}");
    let host = url["http://".len()..url.len() - 1].to_owned();
    let mut s = TcpStream::connect(&host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        raw.starts_with("HTTP/1.1 200") || raw.starts_with("HTTP/1.0 200"),
        "{raw}"
    );
}

#[test]
fn serve_serves_a_copied_file_replaced_with_the_same_size_and_mtime() {
    let site = fixture();
    site.write(
        "content/2022/q1/tin-a.md",
        crate::support::bulletin("Tin A", "2022-02-01", "slug: tin-a\n")
            + "\n![Biểu đồ](bieu-do.svg)\n",
    );
    let image = site.path().join("content/2022/q1/bieu-do.svg");
    std::fs::write(&image, "<svg>AAAA</svg>").unwrap();
    let server = Server::start(site.path(), &[]);
    server.wait_for("/bulletins/tin-a/bieu-do.svg", "the image", |r| {
        r.body == "<svg>AAAA</svg>"
    });
    // `cp -p`: same length, written in place, mtime set back to the old one.
    let mtime = std::fs::metadata(&image).unwrap().modified().unwrap();
    std::fs::write(&image, "<svg>BBBB</svg>").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&image)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&image).unwrap().modified().unwrap(),
        mtime
    );
    server.wait_for("/bulletins/tin-a/bieu-do.svg", "the replaced image", |r| {
        r.body == "<svg>BBBB</svg>"
    });
}

#[test]
fn new_never_writes_a_bulletin_that_check_rejects() {
    let s = Site::new();
    // A title with a bidi override: check refuses it, so new writes nothing.
    let run = s.run(&["new", "Tin \u{202E}ngược"]);
    run.fails_with(2);
    assert!(
        run.stderr.contains("would not pass `bantin check`"),
        "{}",
        run.stderr
    );
    assert!(crate::support::list_files(&s.path().join("content")).is_empty());
    // The same title twice (another quarter): the second gets the next free slug.
    s.run(&["new", "Tin tháng", "--date", "2022-01-05"]).ok();
    let second = s.run(&["new", "Tin tháng", "--date", "2022-05-05"]);
    second.ok();
    assert_eq!(second.stdout.trim(), "content/2022/q2/tin-thang-2.md");
    s.run(&["check"]).ok();
}

#[test]
fn new_on_a_full_disk_leaves_no_empty_file() {
    let s = Site::new();
    std::fs::create_dir_all(s.path().join("content/2022/q1")).unwrap();
    let script = "mount -t tmpfs -o size=4k tmpfs content/2022/q1 && head -c 3000 /dev/zero > content/2022/q1/fill; \"$BANTIN\" new \"$(printf 'Tin %.0s' $(seq 1 20))\" --date 2022-01-05; echo \"code=$?\"; ls -A content/2022/q1";
    let out = Command::new("unshare")
        .args(["--mount", "sh", "-c", script])
        .env("BANTIN", BIN)
        .env("BANTIN_LANG", "en")
        .current_dir(s.path())
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        eprintln!("unshare --mount unavailable (needs root): full-disk test skipped");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        ["code=1", "fill"],
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bulletin_with_3000_tags_writes_under_60_mb_and_its_page_shows_them_all() {
    let s = Site::new();
    let tags: Vec<String> = (0..3000).map(|i| format!("chủ đề {i}")).collect();
    s.write(
        "content/a.md",
        format!(
            "---\ntitle: A\ndate: 2022-01-05\ntags: [{}]\n---\n\nMột đoạn văn.\n\nHai đoạn.\n",
            tags.join(", ")
        ),
    );
    s.run(&["build"]).ok();
    let total: u64 = s
        .out_files()
        .iter()
        .map(|f| {
            std::fs::metadata(s.path().join("output").join(f))
                .unwrap()
                .len()
        })
        .sum();
    // All 3,000 tags on every one of the 3,000 tag pages and feeds wrote about 1 GB.
    assert!(total < 60_000_000, "{total} bytes");
    let page = s.out("bulletins/a/index.html");
    assert!(
        page.contains("/tags/chu-de-2999/"),
        "the page lists every tag"
    );
    let tag_page = s.out("tags/chu-de-2999/index.html");
    let links = tag_page.matches("/tags/chu-de-").count();
    // The card's ten, and the page's own links (canonical URL, feed, breadcrumb).
    assert!(links <= 20, "a card shows a few tags, found {links} links");
    let feed = s.out("tags/chu-de-5/atom.xml");
    assert_eq!(feed.matches("<category ").count(), 10);
}
