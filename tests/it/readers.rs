//! Readers' features: search normalisation (Rust and the theme's JavaScript against one
//! shared case file), the search index, Atom feeds, sharing metadata, district pages,
//! related bulletins and previous/next links.

use crate::support::{Site, bulletin};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const BASE: &str = "https://quan.gov.vn/bantin/";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Value {
    let text = std::fs::read_to_string(repo().join("tests/search_cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The matching rule search.js applies to one field: every folded query word occurs.
fn rust_matches(query: &str, title: &str) -> bool {
    let q = bantin::slug::fold_for_search(query);
    let t = bantin::slug::fold_for_search(title);
    !q.is_empty() && q.split(' ').all(|w| t.contains(w))
}

#[test]
fn search_cases_hold_for_rust_fold_for_search() {
    let cases = cases();
    for pair in cases["fold"].as_array().unwrap() {
        let (input, folded) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_eq!(
            bantin::slug::fold_for_search(input),
            folded,
            "fold of {input:?}"
        );
    }
    for case in cases["match"].as_array().unwrap() {
        let (q, t) = (
            case["query"].as_str().unwrap(),
            case["title"].as_str().unwrap(),
        );
        assert_eq!(
            rust_matches(q, t),
            case["match"].as_bool().unwrap(),
            "{q:?} against {t:?}"
        );
    }
}

/// `node`, or `None` after saying why the test is skipped (a failure under `CI=true`).
fn node() -> Option<&'static str> {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("node");
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but `node` is missing (apt-get install nodejs)"
    );
    eprintln!("skipped: `node` not found (CI=true makes this a failure)");
    None
}

/// Runs `script` in node with `search` bound to the theme's search.js exports; returns
/// what the script printed, parsed as JSON.
#[track_caller]
fn run_js(node: &str, script: &str) -> Value {
    let js = repo().join("themes/default/static/search.js");
    let prelude = format!(
        "const search = require({});\n",
        serde_json::to_string(&js.to_string_lossy()).unwrap()
    );
    let out = Command::new(node)
        .arg("-e")
        .arg(format!("{prelude}{script}"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "node failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn the_search_page_searches_shards_as_they_arrive_in_site_order() {
    let Some(node) = node() else { return };
    // Shards answer out of order (2, 3, then 1); a missing one fails the load.
    let got = run_js(
        node,
        "const base = 'http://x/';\n\
         const files = { 'search-index.json': { v: 1, entries: [], shards:\n\
           ['search/index-1.json', 'search/index-2.json', 'search/index-3.json'] },\n\
           'search/index-1.json': [{ t: 'a' }], 'search/index-2.json': [{ t: 'b' }, { t: 'c' }],\n\
           'search/index-3.json': [{ t: 'd' }], 'one.json': { v: 1, entries: [{ t: 'z' }], shards: [] },\n\
           'broken.json': { v: 1, entries: [], shards: ['search/index-1.json', 'gone.json'] } };\n\
         const delay = { 'search/index-1.json': 40, 'search/index-2.json': 5, 'search/index-3.json': 20 };\n\
         const get = u => new Promise((ok, no) => setTimeout(() => {\n\
           const f = files[u.slice(base.length)]; f ? ok(f) : no(new Error(u)); }, delay[u.slice(base.length)] || 1));\n\
         const run = name => { const calls = [];\n\
           return search.loadIndex(base + name, (e, from, done) =>\n\
             calls.push([e.map(x => x.t).join(''), from, done]), get)\n\
             .then(all => ({ calls, all: all.map(x => x.t).join('') }), err => ({ calls, failed: String(err) })); };\n\
         Promise.all(['search-index.json', 'one.json', 'broken.json'].map(run))\n\
           .then(r => console.log(JSON.stringify(r)));",
    );
    let want = serde_json::json!([
        {
            "calls": [["", 0, false], ["a", 0, false], ["abc", 1, false], ["abcd", 3, true]],
            "all": "abcd"
        },
        { "calls": [["z", 0, true]], "all": "z" },
        {
            "calls": [["", 0, false], ["a", 0, false]],
            "failed": "Error: http://x/gone.json"
        }
    ]);
    assert_eq!(got, want);
}

#[test]
fn search_cases_hold_for_the_theme_script() {
    let Some(node) = node() else { return };
    let cases = repo().join("tests/search_cases.json");
    let got = run_js(
        node,
        &format!(
            "const c = require({});\n\
             console.log(JSON.stringify({{\n\
               fold: c.fold.map(([i]) => search.fold(i)),\n\
               match: c.match.map(m => search.matches(m.query, m.title)),\n\
               marked: [['nam tu liem', 'Vốn đầu tư: Quận Nam Từ Liêm'], ['dang', 'Xây dựng Đảng']]\n\
                 .map(([q, t]) => search.hitRanges(t, search.parseQuery(q).words))\n\
                 .map(h => h.ranges.map(([a, b]) => h.src.slice(a, b))),\n\
             }}));",
            serde_json::to_string(&cases.to_string_lossy()).unwrap()
        ),
    );
    let cases = self::cases();
    for (pair, js) in cases["fold"]
        .as_array()
        .unwrap()
        .iter()
        .zip(got["fold"].as_array().unwrap())
    {
        let input = pair[0].as_str().unwrap();
        assert_eq!(js, &pair[1], "search.js fold of {input:?}");
        assert_eq!(
            js.as_str().unwrap(),
            bantin::slug::fold_for_search(input),
            "search.js and Rust differ on {input:?}"
        );
    }
    // Highlights cover the whole phrase, at word starts, in the original spelling.
    assert_eq!(
        got["marked"],
        serde_json::json!([["Nam Từ Liêm"], ["Đảng"]])
    );
    for (case, js) in cases["match"]
        .as_array()
        .unwrap()
        .iter()
        .zip(got["match"].as_array().unwrap())
    {
        assert_eq!(js, &case["match"], "search.js on {case}");
    }
}

#[test]
fn search_index_of_the_bundled_site_finds_bulletins_without_diacritics() {
    let site = Site::bundled();
    site.run(&["build", "--base-url", BASE]).ok();
    let index: Value = serde_json::from_str(&site.out("search-index.json")).unwrap();
    assert_eq!(index["v"], 1);
    let entries = index["entries"].as_array().unwrap();
    let pages: BTreeSet<String> = site
        .out_files()
        .into_iter()
        .filter(|f| f.starts_with("bulletins/") && f.ends_with("/index.html"))
        .collect();
    assert_eq!(entries.len(), pages.len(), "one entry per bulletin page");
    for e in entries {
        let url = e["u"].as_str().unwrap();
        let rel = url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url}"));
        assert!(pages.contains(&format!("{rel}index.html")), "{url}");
        for key in ["t", "d", "q", "g", "x"] {
            assert!(
                e[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {e}"
            );
        }
    }
    assert!(site.out("search/index.html").contains("search.js"));
    assert!(site.out_exists("search.js"));

    let Some(node) = node() else { return };
    let path = site.path().join("output/search-index.json");
    let got = run_js(
        node,
        &format!(
            "const entries = require({}).entries;\n\
             const top = q => search.search(entries, q).map(e => e.t);\n\
             console.log(JSON.stringify({{ ntl: top('nam tu liem'), dang: top('dang'),\n\
               none: top('zzzz khong co'), snippet: search.snippet(entries[0].x, ['quan'], 80) }}));",
            serde_json::to_string(&path.to_string_lossy()).unwrap()
        ),
    );
    let ntl: Vec<&str> = got["ntl"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!ntl.is_empty(), "no result for `nam tu liem`");
    // Title matches rank above body matches: every title hit comes first.
    let in_title = |t: &&str| bantin::slug::fold_for_search(t).contains("nam tu liem");
    let first_other = ntl.iter().position(|t| !in_title(t)).unwrap_or(ntl.len());
    assert!(first_other > 0, "no title hit first: {ntl:?}");
    assert!(
        ntl[first_other..].iter().all(|t| !in_title(t)),
        "title hits after body hits: {ntl:?}"
    );
    let dang = got["dang"].as_array().unwrap();
    assert!(!dang.is_empty(), "no result for `dang`");
    assert_eq!(got["none"], serde_json::json!([]));
    let snippet = &got["snippet"];
    assert!(snippet["src"].as_str().unwrap().chars().count() <= 84);
}

fn districts_site() -> Site {
    let site = Site::new();
    site.write(
        "content/2022/q1/a.md",
        bulletin(
            "Nam Từ Liêm tăng thu ngân sách",
            "2022-02-01",
            "tags: [Kinh tế, Ngân sách]\n",
        ),
    );
    site.write(
        "content/2022/q1/b.md",
        bulletin(
            "Hoàng Mai mở trường mới",
            "2022-02-15",
            "district: Hoàng Mai\ntags: [Giáo dục, Kinh tế]\n",
        ),
    );
    site.write(
        "content/2022/q1/c.md",
        bulletin(
            "Đảng bộ quận tổng kết & \"phát động\"",
            "2022-03-01T09:30:00",
            "tags: [Kinh tế]\nsummary: Tổng kết <năm> & phát động thi đua.\nupdated: 2022-03-05\n",
        ),
    );
    site.write(
        "content/2022/q2/d.md",
        bulletin(
            "Quý II bắt đầu",
            "2022-04-10",
            "district: Hoàng Mai\ntags: [Giáo dục]\n",
        ),
    );
    site.run(&["build"]).ok();
    site
}

/// Attributes of every `<tag …>` in `html` (values HTML-unescaped).
fn tags_named(html: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{tag} ");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let end = rest.find('>').unwrap();
            parse_attrs(&rest[..end])
        })
        .collect()
}

fn parse_attrs(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s.trim();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_owned();
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap();
        out.insert(name, unescape(&after[..close]));
        rest = after[close + 1..].trim_start();
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn meta(html: &str, key: &str, name: &str) -> Option<String> {
    tags_named(html, "meta")
        .into_iter()
        .find(|a| a.get(key).map(String::as_str) == Some(name))
        .and_then(|a| a.get("content").cloned())
}

#[track_caller]
fn rfc3339(s: &str) {
    assert!(
        s.parse::<jiff::Timestamp>().is_ok(),
        "not an RFC 3339 date-time: {s:?}"
    );
}

fn atom<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", name)))
        .collect()
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    let found = atom(node, name);
    assert_eq!(found.len(), 1, "expected one <{name}>");
    found[0].text().unwrap_or("").to_owned()
}

/// Checks one feed against RFC 4287's rules; returns its id.
#[track_caller]
fn check_feed(rel: &str, xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name(("http://www.w3.org/2005/Atom", "feed")),
        "{rel}"
    );
    let id = text_of(feed, "id");
    assert!(id.starts_with(BASE), "{rel}: feed id {id}");
    assert!(!text_of(feed, "title").is_empty(), "{rel}: empty title");
    rfc3339(&text_of(feed, "updated"));
    assert!(!atom(feed, "author").is_empty(), "{rel}: no feed author");
    let links = atom(feed, "link");
    let self_link = links
        .iter()
        .find(|l| l.attribute("rel") == Some("self"))
        .unwrap_or_else(|| panic!("{rel}: no rel=self"));
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{BASE}{rel}").as_str())
    );
    for l in &links {
        let href = l.attribute("href").unwrap();
        assert!(href.starts_with(BASE), "{rel}: relative link {href}");
    }
    let mut ids = BTreeSet::new();
    let entries = atom(feed, "entry");
    assert!(!entries.is_empty(), "{rel}: no entries");
    for e in entries {
        let eid = text_of(e, "id");
        assert!(ids.insert(eid.clone()), "{rel}: duplicate entry id {eid}");
        assert!(!text_of(e, "title").is_empty());
        rfc3339(&text_of(e, "updated"));
        rfc3339(&text_of(e, "published"));
        let alt = atom(e, "link");
        assert!(
            alt.iter().any(|l| l.attribute("rel") == Some("alternate")
                && l.attribute("href").is_some_and(|h| h.starts_with(BASE))),
            "{rel}: entry {eid} without an absolute alternate link"
        );
    }
    id
}

#[test]
fn every_feed_is_valid_atom_with_unique_ids_and_absolute_links() {
    let site = districts_site();
    let files = site.out_files();
    let feeds: Vec<&String> = files.iter().filter(|f| f.ends_with("atom.xml")).collect();
    let mut ids = BTreeSet::new();
    for rel in &feeds {
        let id = check_feed(rel, &site.out(rel));
        assert!(ids.insert(id.clone()), "two feeds with id {id}");
    }
    // One feed per tag, district and quarter, linked from its page.
    let pages: Vec<&String> = files
        .iter()
        .filter(|f| {
            let parts: Vec<&str> = f.split('/').collect();
            parts.len() == 3
                && ["tags", "districts", "quarters"].contains(&parts[0])
                && parts[2] == "index.html"
        })
        .collect();
    let expected = [
        "tags/kinh-te",
        "tags/ngan-sach",
        "tags/giao-duc",
        "districts/nam-tu-liem",
        "districts/hoang-mai",
        "quarters/2022-q1",
        "quarters/2022-q2",
    ];
    for folder in expected {
        assert!(
            pages.contains(&&format!("{folder}/index.html")),
            "{folder}: no page in {files:?}"
        );
    }
    assert_eq!(feeds.len(), pages.len() + 1, "feeds: {feeds:?}");
    for page in pages {
        let folder = page.trim_end_matches("index.html");
        let feed = format!("{folder}atom.xml");
        assert!(feeds.contains(&&feed), "no feed for {page}");
        let html = site.out(page);
        let linked = tags_named(&html, "link").into_iter().any(|a| {
            a.get("rel").map(String::as_str) == Some("alternate")
                && a.get("type").map(String::as_str) == Some("application/atom+xml")
                && a.get("href") == Some(&format!("{BASE}{feed}"))
        });
        assert!(linked, "{page} has no <link rel=alternate> to {feed}");
    }
}

#[test]
fn bulletin_page_carries_sharing_metadata_and_json_ld() {
    let site = districts_site();
    let html = site.out("bulletins/dang-bo-quan-tong-ket-phat-dong/index.html");
    let title = "Đảng bộ quận tổng kết & \"phát động\"";
    let summary = "Tổng kết <năm> & phát động thi đua.";
    let url = format!("{BASE}bulletins/dang-bo-quan-tong-ket-phat-dong/");
    assert!(html.contains("<html lang=\"vi\">"));
    let head_title = html
        .split_once("<title>")
        .and_then(|(_, r)| r.split_once("</title>"))
        .map(|(t, _)| unescape(t))
        .unwrap();
    assert!(head_title.starts_with(title), "{head_title}");
    assert_eq!(meta(&html, "name", "description").as_deref(), Some(summary));
    let canonical = tags_named(&html, "link")
        .into_iter()
        .find(|a| a.get("rel").map(String::as_str) == Some("canonical"))
        .and_then(|a| a.get("href").cloned());
    assert_eq!(canonical.as_deref(), Some(url.as_str()));
    for (key, name, want) in [
        ("property", "og:title", title),
        ("property", "og:description", summary),
        ("property", "og:url", url.as_str()),
        ("property", "og:type", "article"),
        ("property", "og:site_name", "Bản tin thử"),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", summary),
    ] {
        assert_eq!(meta(&html, key, name).as_deref(), Some(want), "{name}");
    }
    let ld = html
        .split_once("<script type=\"application/ld+json\">")
        .and_then(|(_, r)| r.split_once("</script>"))
        .map(|(j, _)| j)
        .unwrap();
    let ld: Value = serde_json::from_str(ld).unwrap_or_else(|e| panic!("{e}: {ld}"));
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["description"], summary);
    assert_eq!(ld["url"], url.as_str());
    rfc3339(ld["datePublished"].as_str().unwrap());
    rfc3339(ld["dateModified"].as_str().unwrap());
    assert_ne!(ld["datePublished"], ld["dateModified"], "`updated` is used");
    // Breadcrumbs: home → quarter → bulletin.
    let crumbs = html.split_once("class=\"breadcrumbs").unwrap().1;
    let crumbs = crumbs.split_once("</nav>").unwrap().0;
    let hrefs: Vec<String> = tags_named(crumbs, "a")
        .into_iter()
        .filter_map(|a| a.get("href").cloned())
        .collect();
    assert_eq!(
        hrefs,
        [
            BASE.to_owned(),
            format!("{BASE}quarters/2022-q1/"),
            url.clone()
        ]
    );
}

#[test]
fn district_pages_exist_only_with_more_than_one_district() {
    let site = districts_site();
    assert!(site.out_exists("districts/index.html"));
    let hm = site.out("districts/hoang-mai/index.html");
    assert!(hm.contains("Hoàng Mai mở trường mới") && hm.contains("Quý II bắt đầu"));
    assert!(!hm.contains("Nam Từ Liêm tăng thu ngân sách"));
    assert!(
        site.out("index.html")
            .contains(&format!("{BASE}districts/"))
    );

    let single = Site::new();
    single.write(
        "content/a.md",
        bulletin("Một quận", "2022-02-01", "tags: [Kinh tế]\n"),
    );
    single.write(
        "content/b.md",
        bulletin("Vẫn một quận", "2022-03-01", "district: Nam Từ Liêm\n"),
    );
    single.run(&["build"]).ok();
    assert!(
        !single
            .out_files()
            .iter()
            .any(|f| f.starts_with("districts/")),
        "{:?}",
        single.out_files()
    );
    assert!(!single.out("index.html").contains("/districts/"));
}

#[test]
fn bulletins_link_neighbours_in_their_quarter_and_related_ones() {
    let site = districts_site();
    let middle = site.out("bulletins/hoang-mai-mo-truong-moi/index.html");
    let links = tags_named(&middle, "a");
    let rel = |r: &str| {
        links
            .iter()
            .find(|a| a.get("rel").map(String::as_str) == Some(r))
            .and_then(|a| a.get("href").cloned())
    };
    let prev = rel("prev").unwrap();
    let next = rel("next").unwrap();
    assert_eq!(
        prev,
        format!("{BASE}bulletins/nam-tu-liem-tang-thu-ngan-sach/")
    );
    assert_eq!(
        next,
        format!("{BASE}bulletins/dang-bo-quan-tong-ket-phat-dong/")
    );
    // The last of a quarter has no `next` into the following quarter.
    let last = site.out("bulletins/dang-bo-quan-tong-ket-phat-dong/index.html");
    assert!(!last.contains("rel=\"next\""));
    assert!(last.contains("rel=\"prev\""));
    // Related by shared tags: `Giáo dục` ties it to the Q2 bulletin.
    let related = middle
        .split_once("class=\"related\"")
        .map(|(_, r)| r.split_once("</section>").map_or(r, |(s, _)| s))
        .unwrap_or_else(|| panic!("no related section"));
    assert!(related.contains(&format!("{BASE}bulletins/quy-ii-bat-dau/")));
    assert!(!related.contains(&format!("{BASE}bulletins/hoang-mai-mo-truong-moi/")));
}
