//! The HTTP side of `serve`: the in-memory site over axum, the live-reload event stream
//! (`/__bantin/events`, server-sent events), the reload script injected into HTML
//! responses, and the guards (local `Host` only on loopback, GET/HEAD only, no path
//! traversal).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__bantin/events";
/// The path of the reload script.
pub const SCRIPT_PATH: &str = "/__bantin/reload.js";
const RELOAD_JS: &str = include_str!("reload.js");

/// The files of one built site, by output-relative path (`bulletins/x/index.html`).
/// Keys are shared (`Arc<str>`), so copying the map for the next build copies no text.
pub type SiteFiles = HashMap<Arc<str>, Bytes>;

/// What the server shows: the last good site and the current problems.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Number of the build that produced `files` (0: none yet).
    pub site_version: u64,
    /// Builds finished, good or failed (sent as `X-Bantin-Build`).
    pub builds: u64,
    /// The last good site, if any build succeeded.
    pub files: Option<Arc<SiteFiles>>,
    /// `file:line:col: message` of every error of the last build (empty when it was good).
    pub problems: Arc<Vec<String>>,
}

/// What open pages are told.
#[derive(Clone, Debug)]
pub enum Signal {
    /// A new site version: reload the page.
    Reload(u64),
    /// Only stylesheets changed: swap them without a reload.
    Css(u64),
    /// The build failed with these errors (or succeeded, when empty) — the overlay.
    Errors(Arc<Vec<String>>),
}

/// State shared by every request and the rebuild loop: one struct behind an `Arc`.
#[derive(Debug)]
pub struct ServerState {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Signal>,
    port: u16,
    check_host: bool,
    instance: u64,
    /// The address the server listens on, which `Host` may name (`--bind 127.0.0.2`).
    bound: Option<std::net::IpAddr>,
}

impl ServerState {
    /// State for a server on `port`; `check_host` restricts `Host` to local names.
    pub fn new(port: u16, check_host: bool, instance: u64) -> Self {
        let (events, _) = broadcast::channel(64);
        ServerState {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            events,
            port,
            check_host,
            instance,
            bound: None,
        }
    }

    /// The same state, for a server listening on `ip`: a `Host` naming it is local too.
    #[must_use]
    pub fn bound_to(mut self, ip: std::net::IpAddr) -> Self {
        self.bound = Some(ip);
        self
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Publishes a new snapshot, then tells open pages (after the swap, so a reload
    /// always sees the finished site).
    pub fn publish(&self, snapshot: Snapshot, signals: Vec<Signal>) {
        let snapshot = Arc::new(snapshot);
        match self.snapshot.write() {
            Ok(mut s) => *s = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        for s in signals {
            // No receiver (no open page) is fine.
            let _ = self.events.send(s);
        }
    }

    fn version_tag(&self, site_version: u64) -> String {
        format!("{:x}-{site_version}", self.instance)
    }
}

/// The router: event stream, reload script, and the site as the fallback.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .route(SCRIPT_PATH, axum::routing::get(reload_script))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            host_guard,
        ))
        .with_state(state)
}

/// Whether a `Host` header names this machine (DNS-rebinding defence): `localhost`,
/// `*.localhost`, `127.0.0.1`, `[::1]` or the address the server is bound to, with no port
/// or this server's port.
pub fn is_local_host(host: &str, port: u16, bound: Option<std::net::IpAddr>) -> bool {
    let (name, host_port) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, after)) => (name, after.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    let port_ok = host_port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p == port));
    let name = name.to_ascii_lowercase();
    let is_bound =
        || bound.is_some_and(|ip| name.parse::<std::net::IpAddr>().is_ok_and(|n| n == ip));
    let name_ok = name == "localhost"
        || name.ends_with(".localhost")
        || name == "127.0.0.1"
        || name == "::1"
        || is_bound();
    port_ok && name_ok
}

async fn host_guard(State(state): State<Arc<ServerState>>, req: Request, next: Next) -> Response {
    if state.check_host {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        if !host.is_some_and(|h| is_local_host(h, state.port, state.bound)) {
            return plain(
                StatusCode::FORBIDDEN,
                "403 Forbidden: this preview server only answers requests for localhost\n",
            );
        }
    }
    next.run(req).await
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn reload_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_JS,
    )
        .into_response()
}

async fn events(
    State(state): State<Arc<ServerState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the snapshot, so no signal falls in between.
    let rx = state.events.subscribe();
    let snap = state.snapshot();
    let mut first = vec![
        Event::default()
            .event("hello")
            .data(state.version_tag(snap.site_version)),
    ];
    if !snap.problems.is_empty() {
        first.push(errors_event(&snap.problems));
    }
    let tag_state = Arc::clone(&state);
    let updates = BroadcastStream::new(rx).map(move |msg| {
        Ok(match msg {
            Ok(Signal::Reload(v)) => Event::default()
                .event("reload")
                .data(tag_state.version_tag(v)),
            Ok(Signal::Css(v)) => Event::default().event("css").data(tag_state.version_tag(v)),
            Ok(Signal::Errors(lines)) => errors_event(&lines),
            // Missed signals: reloading is always safe.
            Err(_) => Event::default().event("reload").data("lagged"),
        })
    });
    let stream = tokio_stream::iter(first.into_iter().map(Ok)).chain(updates);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// An `errors` event: a JSON array of lines (never empty data: browsers drop those).
fn errors_event(lines: &[String]) -> Event {
    let json = serde_json::to_string(lines).unwrap_or_else(|_| "[]".to_owned());
    Event::default().event("errors").data(json)
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Malformed or an attempt to leave the site (`..`, backslashes, absolute paths).
    BadRequest,
}

/// Maps a request path (still percent-encoded) to an output-relative file path:
/// `/` → `index.html`, `/a/` → `a/index.html`. Refuses `.`/`..` segments (also encoded),
/// backslashes, NUL, empty segments (`//etc`), drive letters and invalid UTF-8.
pub fn request_path(raw: &str) -> Result<String, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::BadRequest)?;
    let decoded = percent_decode(rest).ok_or(BadPath::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| BadPath::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(BadPath::BadRequest);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && i != last;
        if empty_inside || *seg == "." || *seg == ".." || seg.contains(':') {
            return Err(BadPath::BadRequest);
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Ok(format!("{decoded}index.html"))
    } else {
        Ok(decoded)
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `Content-Type` for an output file, by extension (`charset=utf-8` for text).
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Inserts the reload script before the last `</body>` (or at the end).
pub fn inject_script(html: &[u8], version_tag: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-bantin-version=\"{version_tag}\" defer></script>"
    );
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    crate::escape::markup(s)
}

/// The page shown for every path while no build has succeeded yet.
fn error_page(problems: &[String]) -> String {
    let mut items = String::new();
    for p in problems {
        items.push_str(&escape_html(p));
        items.push('\n');
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bantin: build failed</title></head>\n\
         <body><h1>The site could not be built</h1><p>Fix these errors and save: the page reloads by itself.</p>\n\
         <pre id=\"bantin-errors\">{items}</pre></body></html>\n"
    )
}

async fn site_file(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: this preview server only answers GET and HEAD\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Ok(rel) = request_path(req.uri().path()) else {
        return plain(StatusCode::BAD_REQUEST, "400 Bad Request: invalid path\n");
    };
    let snap = state.snapshot();
    let tag = state.version_tag(snap.site_version);
    let Some(files) = &snap.files else {
        let html = inject_script(error_page(&snap.problems).as_bytes(), &tag);
        return respond(
            &method,
            StatusCode::INTERNAL_SERVER_ERROR,
            "index.html",
            html.into(),
            snap.builds,
        );
    };
    if let Some(bytes) = files.get(rel.as_str()) {
        let body = if rel.ends_with(".html") {
            inject_script(bytes, &tag).into()
        } else {
            bytes.clone()
        };
        return respond(&method, StatusCode::OK, &rel, body, snap.builds);
    }
    let dir_index = format!("{rel}/index.html");
    if !rel.ends_with(".html") && files.contains_key(dir_index.as_str()) {
        let location = format!("{}/", req.uri().path());
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::PERMANENT_REDIRECT;
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let body = files.get("404.html").map_or_else(
        || Bytes::from_static(b"<!DOCTYPE html><title>404</title><h1>404 Not Found</h1>"),
        Bytes::clone,
    );
    respond(
        &method,
        StatusCode::NOT_FOUND,
        "404.html",
        inject_script(&body, &tag).into(),
        snap.builds,
    )
}

fn respond(method: &Method, status: StatusCode, rel: &str, body: Bytes, builds: u64) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(rel)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-bantin-build", HeaderValue::from(builds));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    *r.headers_mut() = headers;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_request_paths() {
        let ok: &[(&str, &str)] = &[
            ("/", "index.html"),
            ("/bulletins/a/", "bulletins/a/index.html"),
            ("/atom.xml", "atom.xml"),
            ("/tags/kinh-t%E1%BA%BF/", "tags/kinh-tế/index.html"),
            ("/a%20b.pdf", "a b.pdf"),
        ];
        for (raw, want) in ok {
            assert_eq!(request_path(raw).as_deref(), Ok(*want), "{raw}");
        }
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a/../../b",
            "/a/%2e%2e%2fb",
            "/..%5c..%5cwin.ini",
            "/a\\b",
            "//etc/passwd",
            "/C:/Windows",
            "/a/./b",
            "/%zz",
            "/%ff",
            "/a%00b",
            "relative",
        ] {
            assert_eq!(request_path(raw), Err(BadPath::BadRequest), "{raw}");
        }
    }

    #[test]
    fn local_hosts_only() {
        for h in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "localhost",
            "site.localhost:1111",
        ] {
            assert!(is_local_host(h, 1111, None), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "127.0.0.2:1111",
            "localhost.evil.example:1111",
            "[::1",
            "",
        ] {
            assert!(!is_local_host(h, 1111, None), "{h}");
        }
        // `--bind 127.0.0.2`: the printed URL names that address, and it answers.
        let bound = Some(std::net::IpAddr::from([127, 0, 0, 2]));
        assert!(is_local_host("127.0.0.2:1111", 1111, bound));
        assert!(is_local_host("127.0.0.1:1111", 1111, bound));
        assert!(!is_local_host("127.0.0.3:1111", 1111, bound));
        assert!(!is_local_host("127.0.0.2:2222", 1111, bound));
        let v6 = Some("::1".parse().unwrap());
        assert!(is_local_host("[::1]:1111", 1111, v6));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("s.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("d/f.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject_script(html, "v")).unwrap();
        assert!(out.ends_with("defer></script></BODY></html>"), "{out}");
        let out = String::from_utf8(inject_script(b"<p>x", "v")).unwrap();
        assert!(out.starts_with("<p>x<script"), "{out}");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
    }
}
