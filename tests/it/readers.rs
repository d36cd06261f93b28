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

/// The matching rule of the index: every query syllable is a syllable of the text, the
/// last one (with a letter and 3 or more characters) as a prefix; `quý I` is `quy 1`.
fn rust_matches(query: &str, text: &str) -> bool {
    let have = bantin::render::search::syllables(text);
    let mut words: Vec<String> = Vec::new();
    for w in bantin::render::search::syllables(query) {
        // The index adds the digit after a Roman quarter number; a query keeps the digit.
        let roman = matches!(w.as_str(), "1" | "2" | "3" | "4")
            && words
                .last()
                .is_some_and(|p| ["i", "ii", "iii", "iv"].contains(&p.as_str()))
            && words.len() >= 2
            && words[words.len() - 2] == "quy";
        if roman {
            words.pop();
        }
        words.push(w);
    }
    let prefix = !query.ends_with(char::is_whitespace)
        && words
            .last()
            .is_some_and(|w| w.chars().any(char::is_alphabetic) && w.chars().count() >= 3);
    !words.is_empty()
        && words.iter().enumerate().all(|(k, w)| {
            if prefix && k + 1 == words.len() {
                have.iter().any(|h| h.starts_with(w.as_str()))
            } else {
                have.contains(w)
            }
        })
}

#[test]
fn search_cases_hold_for_rust() {
    let cases = cases();
    for pair in cases["fold"].as_array().unwrap() {
        let (input, folded) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_eq!(
            bantin::slug::fold_for_search(input),
            folded,
            "fold of {input:?}"
        );
    }
    for pair in cases["terms"].as_array().unwrap() {
        let text = pair[0].as_str().unwrap();
        let want: Vec<&str> = pair[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            bantin::render::search::syllables(text),
            want,
            "syllables of {text:?}"
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

/// A site of the `index` cases' bulletins (newest first, as the index numbers them).
fn index_cases_site(cases: &Value) -> Site {
    let site = Site::new();
    for (k, d) in cases["index"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let mut extra = String::new();
        if let Some(g) = d["district"].as_str() {
            extra.push_str(&format!("district: {g}\n"));
        }
        if let Some(tags) = d["tags"].as_array() {
            extra.push_str(&format!("tags: {}\n", Value::Array(tags.clone())));
        }
        let text = format!(
            "---\ntitle: {}\ndate: {}\n{extra}---\n\n{}\n",
            Value::String(d["title"].as_str().unwrap().to_owned()),
            d["date"].as_str().unwrap(),
            d["body"].as_str().unwrap()
        );
        site.write(&format!("content/2022/doc-{k}.md"), text);
    }
    site
}

/// Runs search.js over the index files of the built site at `out` for `count`
/// bulletins: per query, the titles of the whole result list, in order.
fn search_built_site(node: &str, out: &Path, count: usize, queries: &[&str]) -> Value {
    run_js(
        node,
        &format!(
            "const fs = require('fs'); const root = {};\n\
             const get = u => {{ const b = fs.readFileSync(root + '/' + u);\n\
               return u.endsWith('.json') ? JSON.parse(b) : b.buffer.slice(b.byteOffset, b.byteOffset + b.length); }};\n\
             const index = search.openIndex('search/', {count}, get);\n\
             Promise.all({}.map(q => index.search(q).then(ids => index.cards(ids))))\n\
               .then(r => console.log(JSON.stringify(r.map(cards => cards.map(c => c.t)))));",
            serde_json::to_string(&out.to_string_lossy()).unwrap(),
            serde_json::to_string(queries).unwrap()
        ),
    )
}

#[test]
fn the_index_finds_what_the_cases_expect_in_rust_and_in_search_js() {
    let cases = cases();
    let site = index_cases_site(&cases);
    site.run(&["build"]).ok();
    let docs = cases["index"]["docs"].as_array().unwrap();
    let queries = cases["index"]["queries"].as_array().unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    // Rust: the `all` lists are what the matching rule gives over each bulletin's fields.
    for q in queries {
        let query = q["query"].as_str().unwrap();
        let Some(all) = q.get("all") else { continue };
        let mut want = strings(all);
        want.sort();
        let mut got: Vec<String> = docs
            .iter()
            .filter(|d| {
                let text = format!(
                    "{} {} {} {}",
                    d["title"].as_str().unwrap(),
                    d["body"].as_str().unwrap(),
                    d["district"].as_str().unwrap_or("Nam Từ Liêm"),
                    strings(&d["tags"]).join(" ")
                );
                rust_matches(query, &text)
            })
            .map(|d| d["title"].as_str().unwrap().to_owned())
            .collect();
        got.sort();
        assert_eq!(got, want, "Rust matching of {query:?}");
    }
    let Some(node) = node() else { return };
    let names: Vec<&str> = queries
        .iter()
        .map(|q| q["query"].as_str().unwrap())
        .collect();
    let got = search_built_site(node, &site.path().join("output"), docs.len(), &names);
    for (q, results) in queries.iter().zip(got.as_array().unwrap()) {
        let query = q["query"].as_str().unwrap();
        let results = strings(results);
        if let Some(all) = q.get("all") {
            let mut want = strings(all);
            want.sort();
            let mut sorted = results.clone();
            sorted.sort();
            assert_eq!(sorted, want, "search.js results of {query:?}");
        }
        let first = strings(&q["first"]);
        assert_eq!(
            results.get(..first.len()),
            Some(&first[..]),
            "search.js ranking of {query:?}: {results:?}"
        );
        for t in strings(&q["not"]) {
            assert!(!results.contains(&t), "{query:?} found {t:?}");
        }
    }
}

#[test]
fn search_js_cuts_the_index_as_rust_does() {
    let Some(node) = node() else { return };
    let sizes = [0usize, 1, 17, 1_000, 10_000, 100_000, 1_000_000];
    let got = run_js(
        node,
        &format!(
            "console.log(JSON.stringify({{ layout: {sizes:?}.map(n => search.layout(n)),\n\
               hash: ['a', 'dang', 'giá trị', '北京'].map(search.fnv1a) }}));"
        ),
    );
    for (n, l) in sizes.iter().zip(got["layout"].as_array().unwrap()) {
        let want = bantin::render::search::layout(*n);
        let l = [&l["syllables"], &l["pairs"], &l["spellings"], &l["chunk"]]
            .map(|v| v.as_u64().unwrap() as usize);
        assert_eq!(
            l,
            [want.syllables, want.pairs, want.spellings, want.chunk],
            "layout({n})"
        );
    }
    for (s, h) in ["a", "dang", "giá trị", "北京"]
        .iter()
        .zip(got["hash"].as_array().unwrap())
    {
        assert_eq!(
            h.as_u64(),
            Some(u64::from(bantin::render::search::fnv1a(s))),
            "{s}"
        );
    }
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
               terms: c.terms.map(([t]) => search.syllables(t)),\n\
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
    for (pair, js) in cases["terms"]
        .as_array()
        .unwrap()
        .iter()
        .zip(got["terms"].as_array().unwrap())
    {
        assert_eq!(js, &pair[1], "search.js syllables of {}", pair[0]);
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
    let pages: BTreeSet<String> = site
        .out_files()
        .into_iter()
        .filter(|f| f.starts_with("bulletins/") && f.ends_with("/index.html"))
        .collect();
    // One card per bulletin page, in chunks of `layout.chunk`, with every field.
    let layout = bantin::render::search::layout(pages.len());
    let mut cards = Vec::new();
    for k in 0..pages.len().div_ceil(layout.chunk) {
        let chunk: Value = serde_json::from_str(&site.out(&format!("search/d/{k}.json"))).unwrap();
        cards.extend(chunk.as_array().unwrap().iter().cloned());
    }
    assert_eq!(cards.len(), pages.len(), "one card per bulletin page");
    for e in &cards {
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
    for b in 0..layout.syllables {
        assert!(site.out_exists(&format!("search/s/{b}.bin")), "bucket {b}");
    }
    assert!(!site.out_exists("search-index.json"));
    let page = site.out("search/index.html");
    assert!(page.contains("search.js"));
    assert!(
        page.contains(&format!("data-count=\"{}\"", pages.len())),
        "{page}"
    );
    assert!(site.out_exists("search.js"));

    let Some(node) = node() else { return };
    let got = search_built_site(
        node,
        &site.path().join("output"),
        pages.len(),
        &["nam tu liem", "dang", "zzzz khong co"],
    );
    let ntl: Vec<&str> = got[0]
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
    assert!(
        !got[1].as_array().unwrap().is_empty(),
        "no result for `dang`"
    );
    assert_eq!(got[2], serde_json::json!([]));
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
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", summary),
    ] {
        assert_eq!(meta(&html, key, name).as_deref(), Some(want), "{name}");
    }
    // No cover: the share image is the card of the bulletin's district and quarter.
    let image = meta(&html, "property", "og:image").unwrap();
    assert!(
        image.starts_with(&format!("{BASE}share/")) && image.ends_with(".png"),
        "{image}"
    );
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
