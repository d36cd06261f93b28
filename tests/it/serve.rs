//! `bantin serve`: the real binary on a fixture site in a temp folder, over loopback HTTP.
//! Every wait is bounded with a generous limit; no test asserts a speed.

use crate::support::{Site, bulletin};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for anything (a rebuild, a page) before failing.
pub const LIMIT: Duration = Duration::from_secs(30);

/// A running `bantin serve`; killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub host: String,
    stderr: Arc<Mutex<String>>,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Starts `bantin serve --port 0 --root DIR ARGS` and waits for its URL on stdout.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .env("BANTIN_LANG", "en")
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bantin serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            for _ in lines {}
        });
        let url = match rx.recv_timeout(LIMIT) {
            Ok(u) => u,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "bantin serve printed no URL; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "first stdout line should be the URL, got {url:?}"
        );
        let host = url["http://".len()..url.len() - 1].to_owned();
        Server {
            child,
            url,
            host,
            stderr,
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `method path` with `Host: host` (HTTP/1.0, so bodies end at close).
    pub fn request_with_host(&self, method: &str, path: &str, host: &str) -> Resp {
        let mut s = TcpStream::connect(&self.host).expect("connect");
        s.set_read_timeout(Some(LIMIT)).unwrap();
        write!(s, "{method} {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Resp {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    pub fn request(&self, method: &str, path: &str) -> Resp {
        self.request_with_host(method, path, &self.host.clone())
    }

    pub fn get(&self, path: &str) -> Resp {
        self.request("GET", path)
    }

    /// The build counter the server reports (`X-Bantin-Build`).
    pub fn builds(&self) -> u64 {
        self.get("/")
            .header("x-bantin-build")
            .and_then(|v| v.parse().ok())
            .expect("X-Bantin-Build header")
    }

    /// Waits until `GET path` satisfies `ok`; returns that response.
    #[track_caller]
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Resp) -> bool) -> Resp {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            assert!(
                start.elapsed() < LIMIT,
                "timed out waiting for {what} at {path}; last status {}, stderr:\n{}",
                r.status,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Connects to the live-reload event stream.
    pub fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.host).expect("connect");
        write!(
            s,
            "GET /__bantin/events HTTP/1.0\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = String::from("message");
            let mut data = Vec::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                } else if line.is_empty() && !data.is_empty() {
                    let ev = (
                        std::mem::replace(&mut event, "message".into()),
                        data.join("\n"),
                    );
                    data.clear();
                    if tx.send(ev).is_err() {
                        break;
                    }
                }
            }
        });
        let events = Events { rx };
        events.next_named("hello");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Server-sent events as (event name, data).
pub struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// Waits for the next event called `name`, skipping others.
    #[track_caller]
    pub fn next_named(&self, name: &str) -> String {
        let deadline = Instant::now() + LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, data)) if n == name => return data,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {LIMIT:?}"),
            }
        }
    }

    /// Every event that arrives within `window`.
    pub fn drain(&self, window: Duration) -> Vec<(String, String)> {
        let deadline = Instant::now() + window;
        let mut out = Vec::new();
        while let Ok(e) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            out.push(e);
        }
        out
    }
}

/// A small site: two bulletins with fixed slugs.
pub fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "content/2022/q1/tin-a.md",
        bulletin(
            "Tin A ban đầu",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    site.write(
        "content/2022/q2/tin-b.md",
        bulletin("Tin B", "2022-05-01", "slug: tin-b\n"),
    );
    site
}

/// Writes `text` to `rel` the way many editors save: a temp file renamed over the target.
pub fn save_by_rename(site: &Site, rel: &str, text: &str) {
    let target = site.path().join(rel);
    let temp = target.with_file_name(".tin-a.md.tmp-save");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &target).unwrap();
}

#[test]
fn serves_the_site_with_the_reload_script_injected() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", server.stderr());
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("/__bantin/reload.js"), "{}", home.body);
    assert!(home.body.contains("Tin A ban đầu"));
    // Links point at the server itself, whatever base_url says.
    assert!(
        home.body
            .contains(&format!("{}bulletins/tin-a/", server.url))
    );
    assert!(!home.body.contains("quan.gov.vn/bantin/bulletins"));
    let page = server.get("/bulletins/tin-a/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Tin A ban đầu"));
    let script = server.get("/__bantin/reload.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.body.contains("EventSource(\"/__bantin/events\")"));
    assert!(script.body.contains("textContent"));
    assert!(!script.body.contains("innerHTML ="));
    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(!feed.body.contains("reload.js"));
    let head = server.request("HEAD", "/bulletins/tin-a/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    // Served from memory: output/ is never written.
    assert!(!site.path().join("output").exists());
    // `bantin build` output never carries the script.
    site.run(&["build"]).ok();
    assert!(!site.out("index.html").contains("__bantin"));
}

#[test]
fn refuses_traversal_foreign_hosts_and_other_methods() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/bulletins/../../site.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/content/2022/q1/tin-a.md",
    ] {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(!r.body.contains("base_url"), "{path} leaked a source file");
    }
    let missing = server.get("/khong-co/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__bantin/reload.js"));
    assert_eq!(
        server.request_with_host("GET", "/", "evil.example").status,
        403
    );
    assert_eq!(
        server
            .request_with_host("GET", "/", "evil.example:80")
            .status,
        403
    );
    assert_eq!(
        server.request_with_host("GET", "/", "localhost").status,
        200
    );
    let post = server.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    assert_eq!(server.request("DELETE", "/bulletins/tin-a/").status, 405);
}

#[test]
fn edits_are_served_and_a_rename_save_rebuilds_once() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let rel = "content/2022/q1/tin-a.md";

    site.write(
        rel,
        bulletin(
            "Tin A sửa lần một",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    let reload = events.next_named("reload");
    assert!(!reload.is_empty());
    server.wait_for("/bulletins/tin-a/", "the first edit", |r| {
        r.body.contains("Tin A sửa lần một")
    });

    // Let the first edit settle, then count builds across one rename-style save.
    let _ = events.drain(Duration::from_millis(500));
    let before = server.builds();
    save_by_rename(
        &site,
        rel,
        &bulletin(
            "Tin A sửa lần hai",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    events.next_named("reload");
    server.wait_for("/bulletins/tin-a/", "the rename-style save", |r| {
        r.body.contains("Tin A sửa lần hai")
    });
    let after_window = events.drain(Duration::from_millis(1500));
    assert!(
        !after_window.iter().any(|(n, _)| n == "reload"),
        "a second reload: {after_window:?}\n{}",
        server.stderr()
    );
    assert_eq!(
        server.builds(),
        before + 1,
        "one save, one rebuild; stderr:\n{}",
        server.stderr()
    );
    // A title edit patches the served site instead of rebuilding all of it.
    let stderr = server.stderr();
    assert_eq!(
        stderr.matches("(only the pages showing the edit)").count(),
        2,
        "{stderr}"
    );

    // A tag edit changes the index: the whole site is rebuilt, and the new tag served.
    site.write(
        rel,
        bulletin(
            "Tin A sửa lần hai",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế, Môi trường]\n",
        ),
    );
    events.next_named("reload");
    server.wait_for("/tags/moi-truong/", "the new tag", |r| {
        r.status == 200 && r.body.contains("Tin A sửa lần hai")
    });
    let stderr = server.stderr();
    assert_eq!(
        stderr.matches("(only the pages showing the edit)").count(),
        2,
        "{stderr}"
    );
}

#[test]
fn broken_front_matter_shows_errors_and_keeps_the_last_good_site() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let rel = "content/2022/q1/tin-a.md";
    site.write(
        rel,
        "---\ntitle: Tin A hỏng\ndate: 2022-02-01\nslug: tin-a\ntags: [Kinh tế\n---\n\nNội dung.\n",
    );
    let data = events.next_named("errors");
    let lines: Vec<String> = serde_json::from_str(&data).expect("errors data is a JSON list");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/2022/q1/tin-a.md:")
                && l.split(':')
                    .nth(1)
                    .is_some_and(|n| n.parse::<u32>().is_ok())),
        "{lines:?}"
    );
    // The terminal shows the same errors.
    let start = Instant::now();
    while !server.stderr().contains(&lines[0]) {
        assert!(start.elapsed() < LIMIT, "stderr lacks {}", lines[0]);
        std::thread::sleep(Duration::from_millis(50));
    }
    // The last good page is still served.
    let page = server.get("/bulletins/tin-a/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Tin A ban đầu"));
    // A page opened now gets the errors replayed.
    let late = server.events();
    let replay: Vec<String> = serde_json::from_str(&late.next_named("errors")).unwrap();
    assert_eq!(replay, lines);

    site.write(
        rel,
        bulletin(
            "Tin A đã sửa",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    assert_eq!(events.next_named("errors"), "[]");
    events.next_named("reload");
    server.wait_for("/bulletins/tin-a/", "the fixed page", |r| {
        r.status == 200 && r.body.contains("Tin A đã sửa")
    });
}

#[test]
fn a_failed_first_build_still_serves_the_errors_on_every_page() {
    let site = fixture();
    site.write(
        "content/2022/q3/hong.md",
        "---\ntitle: Hỏng\n---\n\nThiếu ngày.\n",
    );
    let server = Server::start(site.path(), &[]);
    for path in ["/", "/bulletins/tin-a/", "/bat-ky/"] {
        let r = server.get(path);
        assert_eq!(r.status, 500, "{path}");
        assert!(r.body.contains("content/2022/q3/hong.md"), "{}", r.body);
        assert!(r.body.contains("/__bantin/reload.js"));
    }
    std::fs::remove_file(site.path().join("content/2022/q3/hong.md")).unwrap();
    server.wait_for("/bulletins/tin-a/", "the site after the fix", |r| {
        r.status == 200 && r.body.contains("Tin A ban đầu")
    });
}

#[test]
fn new_folders_deleted_and_renamed_bulletins_are_picked_up() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    // Like `bantin new`: a new folder and a file written right after it.
    site.write(
        "content/2031/q4/moi/tin-c.md",
        bulletin("Tin C mới", "2031-11-01", "slug: tin-c\n"),
    );
    server.wait_for("/bulletins/tin-c/", "a bulletin in a new folder", |r| {
        r.status == 200 && r.body.contains("Tin C mới")
    });
    std::fs::rename(
        site.path().join("content/2022/q2/tin-b.md"),
        site.path().join("content/2022/q2/tin-b-doi-ten.md"),
    )
    .unwrap();
    std::fs::remove_file(site.path().join("content/2031/q4/moi/tin-c.md")).unwrap();
    server.wait_for("/bulletins/tin-c/", "the deleted bulletin to go", |r| {
        r.status == 404
    });
    assert_eq!(server.get("/bulletins/tin-b/").status, 200);
}

#[test]
fn editor_temp_files_do_not_rebuild() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let before = server.builds();
    for name in [
        ".tin-a.md.swp",
        ".tin-a.md.swx",
        "tin-a.md~",
        "4913",
        "#tin-a.md#",
        ".#tin-a.md",
        "tin-a.md___jb_tmp___",
        "tin-a.md.bck",
        "tin-a.md.kate-swp",
    ] {
        site.write(&format!("content/2022/q1/{name}"), "x");
    }
    site.write("output/index.html", "x");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.builds(), before, "{}", server.stderr());
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let port = server.host.rsplit(':').next().unwrap().to_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .env("BANTIN_LANG", "en")
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(code == Some(1) || code == Some(2), "{code:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = fixture();
    let mut server = Server::start(site.path(), &[]);
    let _events = server.events();
    let status = Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < LIMIT, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}\n{}", server.stderr());
}
