//! Headless Chromium over WebDriver (the system `chromedriver`, spoken to with a few lines
//! of HTTP + JSON, so no extra crates), shared by the browser tests.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Upper bound for every wait in the browser tests (a hang catcher, not a speed check).
pub const LIMIT: Duration = Duration::from_secs(30);

/// Whether the tests run in CI, where a missing browser is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

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

/// Chromium and chromedriver, or `None` after saying the test is skipped (a failure when
/// `CI=true`).
#[track_caller]
pub fn chromium_or_skip() -> Option<(PathBuf, PathBuf)> {
    let chromium = find(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
    let chromedriver = find(&["/usr/bin/chromedriver", "chromedriver"]);
    match (chromium, chromedriver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            assert!(
                !in_ci(),
                "CI=true but chromium/chromedriver are missing (apt-get install chromium chromium-driver)"
            );
            eprintln!(
                "skipped: chromium and chromedriver not found (CI=true makes this a failure)"
            );
            None
        }
    }
}

/// A chromedriver process and one headless Chromium session; both ended on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a session with the flags this machine needs.
    pub fn start(chromium: &Path, chromedriver: &Path) -> Browser {
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
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
            _profile: tempfile::tempdir().expect("profile dir"),
        };
        let start = Instant::now();
        while b.call("GET", "/status", None).is_err() {
            assert!(start.elapsed() < LIMIT, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
        ]
        .map(str::to_owned)
        .into_iter()
        .chain([format!("--user-data-dir={}", b._profile.path().display())])
        .collect::<Vec<_>>();
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
        b.session_call("POST", "timeouts", &json!({"script": 60_000}));
        b
    }

    /// One WebDriver call; `Err` when chromedriver is not answering.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(LIMIT * 2))
            .map_err(|e| e.to_string())?;
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
        let mut buf = [0u8; 16384];
        loop {
            let n = s.read(&mut buf).map_err(|e| e.to_string())?;
            raw.extend_from_slice(&buf[..n]);
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..at]);
                let len = head
                    .lines()
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse::<usize>().ok());
                let body = &raw[at + 4..];
                if n == 0 || len.is_some_and(|len| body.len() >= len) {
                    return serde_json::from_slice(body).map_err(|e| e.to_string());
                }
            } else if n == 0 {
                return Err("connection closed".to_owned());
            }
        }
    }

    /// A call on the session; returns its `value`, panics on a WebDriver error.
    fn session_call(&self, method: &str, what: &str, body: &Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        let v = self
            .call(method, &path, Some(body))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        if let Some(err) = v["value"]["error"].as_str() {
            panic!("{what}: {err}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    /// Sets the window's outer size in CSS pixels (a phone: 390 × 844).
    pub fn resize(&self, width: u32, height: u32) {
        self.session_call(
            "POST",
            "window/rect",
            &json!({"width": width, "height": height}),
        );
    }

    /// Navigates to `url`.
    pub fn open(&self, url: &str) {
        self.session_call("POST", "url", &json!({ "url": url }));
    }

    /// Runs `script` in the page and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "execute/sync",
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Runs an asynchronous `script` (it calls its last argument when done).
    pub fn eval_async(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "execute/async",
            &json!({ "script": script, "args": [] }),
        )
    }

    /// Sends a Chrome DevTools Protocol command (`Emulation.setDeviceMetricsOverride`, …)
    /// through chromedriver and returns its result.
    pub fn cdp(&self, cmd: &str, params: &Value) -> Value {
        self.session_call(
            "POST",
            "goog/cdp/execute",
            &json!({ "cmd": cmd, "params": params }),
        )
    }

    /// Replaces the text of the element at `css` with `text`, as typed keys.
    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.session_call(
            "POST",
            "element",
            &json!({"using": "css selector", "value": css}),
        );
        let id = el
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {el}"))
            .to_owned();
        self.session_call("POST", &format!("element/{id}/clear"), &json!({}));
        self.session_call(
            "POST",
            &format!("element/{id}/value"),
            &json!({ "text": text }),
        );
    }

    /// Waits until `script` returns a value satisfying `ok` (no action in the page).
    #[track_caller]
    pub fn wait_for(&self, what: &str, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            let v = self.eval(script);
            if ok(&v) {
                return v;
            }
            assert!(
                start.elapsed() < LIMIT,
                "timed out waiting for {what}; last value {v}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// [`Browser::wait_for`] on a script that returns text.
    #[track_caller]
    pub fn wait_for_text(&self, what: &str, script: &str, ok: impl Fn(&str) -> bool) -> String {
        let v = self.wait_for(what, script, |v| ok(v.as_str().unwrap_or_default()));
        v.as_str().unwrap_or_default().to_owned()
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
