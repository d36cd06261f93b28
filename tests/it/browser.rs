//! Live reload in a real browser: headless Chromium driven over WebDriver (the system
//! `chromedriver`, spoken to with a few lines of HTTP + JSON, so no extra crates).
//! Without Chromium the test says it was skipped; with `CI=true` that is a failure.

use crate::serve::{LIMIT, Server, fixture};
use crate::support::bulletin;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().find_map(|c| {
        let p = PathBuf::from(c);
        if p.is_absolute() {
            return p.is_file().then_some(p);
        }
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(c))
                .find(|p| p.is_file())
        })
    })
}

/// A chromedriver process and one browser session; both ended on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &PathBuf, chromedriver: &PathBuf) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let start = Instant::now();
        while b.call("GET", "/status", None).is_err() {
            assert!(start.elapsed() < LIMIT, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--user-data-dir={}", b._profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args}
        }}});
        let resp = b
            .call("POST", "/session", Some(&caps))
            .expect("new session");
        b.session = resp["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {resp}"))
            .to_owned();
        b
    }

    /// One WebDriver call; `Err` when chromedriver is not answering yet.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(LIMIT)).map_err(|e| e.to_string())?;
        let body = body.map(Value::to_string).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // chromedriver keeps connections open: read exactly Content-Length bytes.
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            let n = s.read(&mut buf).map_err(|e| e.to_string())?;
            raw.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&raw).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse::<usize>().ok());
                if n == 0 || len.is_some_and(|len| body.len() >= len) {
                    return serde_json::from_str(body).map_err(|e| format!("{e}: {text}"));
                }
            } else if n == 0 {
                return Err(format!("connection closed: {text}"));
            }
        }
    }

    fn session_call(&self, method: &str, what: &str, body: &Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        self.call(method, &path, Some(body))
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    fn open(&self, url: &str) {
        self.session_call("POST", "url", &json!({ "url": url }));
    }

    /// Runs `script` in the page and returns its value.
    fn eval(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "execute/sync",
            &json!({ "script": script, "args": [] }),
        )["value"]
            .clone()
    }

    /// Waits until `script` returns a string satisfying `ok` (no action in the page).
    #[track_caller]
    fn wait_for(&self, what: &str, script: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let v = self.eval(script);
            let s = v.as_str().unwrap_or_default().to_owned();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < LIMIT,
                "timed out waiting for {what}; last value {v}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const TITLE: &str = "return document.title";
const OVERLAY: &str = "var e = document.getElementById('bantin-overlay-errors'); \
     return e && e.isConnected ? e.textContent : '';";

#[test]
fn live_reload_and_error_overlay_in_headless_chromium() {
    let chromium = find(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
    let chromedriver = find(&["/usr/bin/chromedriver", "chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but chromium/chromedriver are missing (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: chromium and chromedriver not found (CI=true makes this a failure)");
        return;
    };
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.open(&format!("{}bulletins/tin-a/", server.url));
    browser.wait_for("the bulletin", TITLE, |t| t.contains("Tin A ban đầu"));

    let rel = "content/2022/q1/tin-a.md";
    site.write(
        rel,
        bulletin(
            "Tin A sửa trên đĩa",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    browser.wait_for("the reloaded title", TITLE, |t| {
        t.contains("Tin A sửa trên đĩa")
    });

    // Line 5 is the broken `tags:` line (the opening `---` is line 1).
    site.write(
        rel,
        "---\ntitle: Tin A hỏng\ndate: 2022-02-01\nslug: tin-a\ntags: [Kinh tế\n---\n\nNội dung.\n",
    );
    let overlay = browser.wait_for("the error overlay", OVERLAY, |t| !t.is_empty());
    let located = overlay.lines().any(|l| {
        l.strip_prefix("content/2022/q1/tin-a.md:")
            .and_then(|rest| rest.split(':').next())
            .is_some_and(|line| line.parse::<u32>().is_ok())
    });
    assert!(located, "overlay without file:line: {overlay}");
    // The last good page stays underneath.
    assert!(
        browser
            .eval(TITLE)
            .as_str()
            .is_some_and(|t| t.contains("Tin A sửa trên đĩa"))
    );

    site.write(
        rel,
        bulletin(
            "Tin A đã sửa lỗi",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    browser.wait_for("the fixed title", TITLE, |t| t.contains("Tin A đã sửa lỗi"));
    browser.wait_for("the overlay to go", OVERLAY, str::is_empty);
}
