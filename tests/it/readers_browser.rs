//! Readers' features in a real browser: the bundled site, built for a loopback base URL
//! and served by a tiny static server, opened in headless Chromium over WebDriver (the
//! system `chromedriver`, spoken to with HTTP + JSON, no extra crates). The search page
//! must find bulletins typed without diacritics, and axe-core (installed by `.ci/run` into
//! `tests/browser/node_modules`, never fetched from a CDN) must report no serious or
//! critical violation on the main page kinds.
//!
//! Without Chromium (or axe-core) the test says it was skipped; with `CI=true` that is a
//! failure.

use crate::support::Site;
use crate::webdriver::{Browser, LIMIT, chromium_or_skip, in_ci};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Serves a folder over HTTP/1.1 on 127.0.0.1 (one thread, one request per connection).
pub struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(listener: TcpListener, root: PathBuf) -> StaticServer {
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let _ = serve_one(conn, &root);
                }
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(mut conn: TcpStream, root: &Path) -> std::io::Result<()> {
    conn.set_read_timeout(Some(LIMIT))?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&raw);
    let target = head.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut rel = path.trim_start_matches('/').to_owned();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let file = (!rel.split('/').any(|s| s == ".." || s.contains('%')))
        .then(|| root.join(&rel))
        .filter(|p| p.is_file());
    let (status, body, kind) = match file.and_then(|p| std::fs::read(p).ok()) {
        Some(body) => ("200 OK", body, content_type(&rel)),
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    conn.write_all(&body)?;
    conn.flush()
}

fn content_type(rel: &str) -> &'static str {
    match rel.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// The result list as `[{href, text}]`.
pub const RESULTS: &str = "return Array.from(document.querySelectorAll('#search-results li')).map(li => ({\
     href: li.querySelector('a').href, title: li.querySelector('a').textContent, \
     text: li.textContent, marks: li.querySelectorAll('mark').length }));";

/// Runs axe-core (already injected) and returns its serious and critical violations.
pub const AXE_RUN: &str = "const done = arguments[arguments.length - 1];\
     axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations\
       .filter(v => v.impact === 'serious' || v.impact === 'critical')\
       .map(v => ({id: v.id, impact: v.impact, help: v.help,\
         nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}))))\
     .catch(e => done([{id: 'axe-error', help: String(e)}]));";

#[test]
fn search_page_and_accessibility_in_headless_chromium() {
    let Some((chromium, chromedriver)) = chromium_or_skip() else {
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let axe_js = repo.join("tests/browser/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_js).ok();
    if axe.is_none() {
        assert!(
            !in_ci(),
            "CI=true but {} is missing (npm ci --prefix tests/browser)",
            axe_js.display()
        );
        eprintln!(
            "axe-core not installed: accessibility checks skipped (npm ci --prefix tests/browser)"
        );
    }

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let site = Site::bundled();
    site.run(&["build", "--base-url", &base]).ok();
    let _server = StaticServer::start(listener, site.path().join("output"));
    let browser = Browser::start(&chromium, &chromedriver);

    // Search without diacritics.
    browser.open(&format!("{base}search/"));
    browser.type_into("#search-q", "nam tu liem");
    let hits = browser.wait_for("results for `nam tu liem`", RESULTS, |v| {
        v.as_array().is_some_and(|a| !a.is_empty())
    });
    let first = &hits[0];
    assert!(
        first["title"].as_str().unwrap().contains("Nam Từ Liêm"),
        "first hit is not a Nam Từ Liêm title: {hits}"
    );
    assert!(
        first["marks"].as_u64().unwrap() > 0,
        "no highlight: {first}"
    );
    let status = browser.eval("return document.getElementById('search-status').textContent;");
    assert!(
        status.as_str().is_some_and(|s| s.contains("kết quả")),
        "{status}"
    );

    // `dang` finds the bulletins that say `Đảng`, in the title or deep in the body.
    let with_dang: Vec<String> = site
        .out_files()
        .into_iter()
        .filter(|f| f.starts_with("bulletins/") && f.ends_with("/index.html"))
        .filter(|f| site.out(f).contains("Đảng"))
        .map(|f| format!("{base}{}", f.trim_end_matches("index.html")))
        .collect();
    browser.type_into("#search-q", "dang");
    // The query follows in the URL (so a result list can be shared) once it has run.
    browser.wait_for("the query in the URL", "return location.search;", |v| {
        v == "?q=dang"
    });
    browser.wait_for("a result with `Đảng`", RESULTS, |v| {
        v.as_array().is_some_and(|a| {
            a.iter().any(|r| {
                with_dang
                    .iter()
                    .any(|u| r["href"].as_str() == Some(u.as_str()))
            })
        })
    });

    let Some(axe) = axe else { return };
    let figure = site
        .out_files()
        .into_iter()
        .find(|f| f.starts_with("figures/") && f.matches('/').count() == 2)
        .map(|f| f.trim_end_matches("index.html").to_owned())
        .unwrap();
    let bulletin = site
        .out_files()
        .into_iter()
        .find(|f| f.starts_with("bulletins/") && f.ends_with("/index.html"))
        .map(|f| f.trim_end_matches("index.html").to_owned())
        .unwrap();
    let pages = [
        String::new(),
        bulletin,
        "bulletins/gia-tri-san-xuat-quy-1-2022/".to_owned(),
        "quarters/2022-q1/".to_owned(),
        "tags/kinh-te/".to_owned(),
        figure,
        "districts/nam-tu-liem/".to_owned(),
        "search/?q=nam+tu+liem".to_owned(),
    ];
    let mut problems = Vec::new();
    for page in &pages {
        browser.open(&format!("{base}{page}"));
        if page.starts_with("search/") {
            browser.wait_for("search results", RESULTS, |v| {
                v.as_array().is_some_and(|a| !a.is_empty())
            });
        }
        browser.eval(&format!("{axe}\n;return true;"));
        let found = browser.eval_async(AXE_RUN);
        for v in found.as_array().unwrap() {
            problems.push(format!("/{page}: {v}"));
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        problems.join("\n")
    );
}
