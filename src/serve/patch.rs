//! The fast path of `serve`: after edits that only change what bulletins say (body,
//! title, summary …), render just the pages that show them instead of running the
//! whole pipeline again.
//!
//! A patch applies when every changed path is a published bulletin of the last good
//! build, the edit leaves it free of diagnostics (and it had none), and nothing the
//! index or the figure data read changed: same slug, date, quarter, district, tags,
//! draft flag, aliases and figures ([`crate::pipeline::index_entry_key`],
//! [`crate::render::memo::figure_data_key_of`]). Then the index, the figure set, the
//! theme and every key of the other bulletins are what they were, and
//! [`crate::render::render_patch`] renders the pages that can differ. Anything else (a
//! new or deleted file, a template, the config, a tag edit, an error) falls back to the
//! full, memoised build. The tests below check that both give the same site.

use super::cache::{BuildCache, Generation, Reuse};
use crate::error::Diagnostic;
use crate::model::bulletin::{Bulletin, parse_bulletin};
use crate::pipeline::{config_key, index_entry_key, parse_key};
use crate::render::memo::figure_data_key_of;
use crate::render::{Patch, RenderKeys, body_key, render_patch};
use crate::site::Site;
use crate::source::gate::SiteRoot;
use crate::source::{SourcePath, read_text};
use crate::theme::Theme;
use crate::urls::Urls;
use std::collections::BTreeSet;
use std::path::Path;

/// At most this many changed files are patched; more go through a full build.
pub const MAX_PATCHED: usize = 64;

/// What the last good build leaves for patching.
pub struct Retained {
    /// The site it built (bulletins, index).
    pub site: Site,
    /// Its theme (templates compiled, figure functions).
    pub theme: Theme,
    /// Its render keys.
    pub keys: RenderKeys,
    /// Its warnings (it had no errors).
    pub warnings: Vec<Diagnostic>,
}

/// A patch that was applied.
pub struct Patched {
    /// Files whose bytes changed.
    pub changed: usize,
    /// What the caches saved.
    pub reuse: Reuse,
}

/// Applies the edits at `paths` (root-relative) to the last good build (`retained`,
/// `generation`), if a patch can: `None` means do a full build. Bulletins are only
/// replaced once every edit has been checked, and `generation` records each one
/// replaced, so a full build after a `None` sees a consistent state.
pub fn try_patch(
    root: &Path,
    base_url: &str,
    retained: &mut Retained,
    generation: &mut Generation,
    paths: &BTreeSet<String>,
) -> Option<Patched> {
    if paths.is_empty() || paths.len() > MAX_PATCHED {
        return None;
    }
    // Every read goes through the read gate (refusing links and special files).
    let gate = SiteRoot::open(root).ok()?;
    let site = &retained.site;
    let config_key = config_key(&site.config);
    let mut edits: Vec<(usize, Bulletin, u64)> = Vec::with_capacity(paths.len());
    for rel in paths {
        let &i = site.by_path.get(rel)?;
        if !rel.ends_with(".md") || retained.warnings.iter().any(|d| d.location.path == *rel) {
            return None;
        }
        // The gate refuses links and special files: only a plain file is patched.
        let text = read_text(&gate, &SourcePath { rel: rel.clone() }).ok()?;
        let parsed = parse_bulletin(rel, &text, &site.config);
        if !parsed.diagnostics.is_empty() {
            return None;
        }
        let new = parsed.bulletin?;
        let old = &site.bulletins[i];
        if new.hash == old.hash {
            continue;
        }
        if index_entry_key(&new) != index_entry_key(old)
            || Some(figure_data_key_of(
                &new,
                i,
                site.bulletin_district.get(i).copied(),
            )) != retained.keys.figure_key(i)
        {
            return None;
        }
        edits.push((i, new, parse_key(&text, config_key)));
    }
    if edits.is_empty() {
        return Some(Patched {
            changed: 0,
            reuse: Reuse::default(),
        });
    }
    let mut changed: Vec<usize> = Vec::with_capacity(edits.len());
    // The sitemap gives each bulletin's last change (`updated:`, else its date).
    let sitemap = edits
        .iter()
        .any(|(i, new, _)| new.updated != site.bulletins[*i].updated);
    let urls = Urls::new(base_url);
    for (i, new, key) in edits {
        // The old body's rendering would otherwise stay cached until the next full build.
        let old_body = body_key(&retained.site, &retained.site.bulletins[i], &urls);
        generation.forget_markdown(old_body);
        generation.set_parsed(&new.path, key, (Some(new.clone()), Vec::new()));
        retained.site.bulletins[i] = new;
        retained.keys.refresh_card(&retained.site, i);
        changed.push(i);
    }
    changed.sort_unstable();
    let cache = BuildCache::for_patch(generation);
    let outcome = render_patch(
        &gate,
        &retained.site,
        &retained.theme,
        &urls,
        &cache,
        &cache,
        Patch {
            keys: &retained.keys,
            changed: &changed,
            sitemap,
        },
    )?;
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let reuse = cache.reuse();
    let written = cache.into_generation();
    // The edited pages were written whole, images included: drop the images they left.
    let replaced: Vec<String> = changed
        .iter()
        .map(|&i| Urls::bulletin(&retained.site.bulletins[i].slug).0)
        .collect();
    let changed = generation.absorb(written, &replaced);
    for d in outcome.diagnostics {
        if !retained.warnings.contains(&d) {
            retained.warnings.push(d);
        }
    }
    Diagnostic::sort(&mut retained.warnings);
    Some(Patched { changed, reuse })
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::{Rebuilder, ServeEvent, build_site, cache::Generation};
    use crate::serve::server::{ServerState, SiteFiles};
    use crate::site::Drafts;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    const BASE: &str = "http://127.0.0.1:1111/";

    /// The bundled example site, copied, with two bulletins a page so every list has
    /// several pages (and, in unit tests, search shards of a few entries).
    pub(in crate::serve) fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in walkdir::WalkDir::new(repo.join("content")) {
            let entry = entry.unwrap_or_else(|e| panic!("walk: {e}"));
            let rel = entry
                .path()
                .strip_prefix(repo)
                .unwrap_or_else(|e| panic!("{e}"));
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("mkdir: {e}"));
            } else {
                std::fs::copy(entry.path(), &to).unwrap_or_else(|e| panic!("copy: {e}"));
            }
        }
        let config = std::fs::read_to_string(repo.join("site.yaml"))
            .unwrap_or_else(|e| panic!("site.yaml: {e}"))
            .replace("page_size: 10", "page_size: 2");
        assert!(config.contains("page_size: 2"));
        std::fs::write(dir.path().join("site.yaml"), config).unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    struct Session {
        root: PathBuf,
        builder: Rebuilder,
        state: ServerState,
        /// (patched, changed files, warnings) of every good build.
        builds: Mutex<Vec<(bool, usize, Vec<String>)>>,
    }

    impl Session {
        fn start(root: &Path) -> Session {
            let mut s = Session {
                root: root.to_path_buf(),
                builder: Rebuilder::new(root.to_path_buf(), Drafts::Exclude, BASE.to_owned()),
                state: ServerState::new(1111, true, 1),
                builds: Mutex::new(Vec::new()),
            };
            s.rebuild(None);
            s
        }

        /// Rebuilds after changes at `paths` (a full build with `None`); returns
        /// whether it patched and how many files changed.
        fn rebuild(&mut self, paths: Option<&[&str]>) -> (bool, usize) {
            let set: Option<std::collections::BTreeSet<String>> =
                paths.map(|p| p.iter().map(|s| (*s).to_owned()).collect());
            let builds = &self.builds;
            let log = |e: ServeEvent| match e {
                ServeEvent::Built(b) => {
                    let warnings = b.warnings.iter().map(ToString::to_string).collect();
                    if let Ok(mut v) = builds.lock() {
                        v.push((b.patched, b.changed, warnings));
                    }
                }
                ServeEvent::Failed { diagnostics, .. } => {
                    panic!("build failed: {diagnostics:?}")
                }
                _ => {}
            };
            self.builder.rebuild(&self.state, None, set.as_ref(), &log);
            let last = self.builds.lock().map(|v| v.last().cloned());
            let (patched, changed, _) = last.ok().flatten().unwrap_or_else(|| panic!("no build"));
            (patched, changed)
        }

        fn files(&self) -> std::sync::Arc<SiteFiles> {
            self.state
                .snapshot()
                .files
                .clone()
                .unwrap_or_else(|| panic!("no site served"))
        }

        fn warnings(&self) -> Vec<String> {
            let v = self.builds.lock().unwrap_or_else(|e| panic!("{e}"));
            v.last().map(|b| b.2.clone()).unwrap_or_default()
        }

        fn edit(&self, rel: &str, from: &str, to: &str) {
            let path = self.root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(text.contains(from), "{rel} has no {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
        }

        /// The served site equals a build from scratch, file by file, and so do the
        /// warnings.
        fn assert_fresh(&self, what: &str) {
            let fresh = match build_site(&self.root, Drafts::Exclude, BASE, &Generation::default())
            {
                super::super::Built::Good {
                    generation,
                    retained,
                    ..
                } => (
                    std::sync::Arc::clone(generation.files()),
                    retained
                        .warnings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>(),
                ),
                super::super::Built::Bad(d) => panic!("{what}: fresh build failed: {d:?}"),
            };
            let served = self.files();
            let mut differ: Vec<&str> = fresh
                .0
                .iter()
                .filter(|(k, v)| served.get(*k) != Some(*v))
                .map(|(k, _)| &**k)
                .chain(
                    served
                        .keys()
                        .filter(|k| !fresh.0.contains_key(*k))
                        .map(|k| &**k),
                )
                .collect();
            differ.sort_unstable();
            assert!(
                differ.is_empty(),
                "{what}: served site differs at {differ:?}"
            );
            assert_eq!(self.warnings(), fresh.1, "{what}: warnings");
        }
    }

    const A: &str = "content/2023/q1/hoang-mai-quy-1-2023.md";

    /// Every bulletin of the fixture, by path.
    fn bulletins(root: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| crate::source::rel_path(root, e.path()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn patched_sites_equal_full_builds() {
        let dir = fixture();
        let mut s = Session::start(dir.path());
        assert!(s.warnings().is_empty(), "{:?}", s.warnings());
        let before = s.files();

        // A title shows on the page, its neighbours, related pages, lists, feeds,
        // figure pages and the search index.
        s.edit(A, "title: Hoàng Mai", "title: Quận Hoàng Mai");
        let (patched, changed) = s.rebuild(Some(&[A]));
        assert!(patched, "a title edit is patched");
        assert!(changed > 3, "only {changed} files changed");
        s.assert_fresh("title edit");
        let served = s.files();
        let page = served
            .get("bulletins/hoang-mai-quy-1-2023/index.html")
            .unwrap_or_else(|| panic!("no page"));
        assert!(String::from_utf8_lossy(page).contains("Quận Hoàng Mai đạt 27%"));
        assert_ne!(
            before.get("bulletins/hoang-mai-quy-1-2023/index.html"),
            Some(page)
        );

        // Body and summary; then back to the original bytes (an old key must not
        // bring back stale pages).
        s.edit(A, "tiếp tục giữ được", "vẫn giữ được");
        s.edit(A, "summary: Quý I/2023", "summary: Trong quý I/2023");
        assert!(s.rebuild(Some(&[A])).0);
        s.assert_fresh("body and summary edit");
        s.edit(A, "vẫn giữ được", "tiếp tục giữ được");
        s.edit(A, "summary: Trong quý I/2023", "summary: Quý I/2023");
        s.edit(A, "title: Quận Hoàng Mai", "title: Hoàng Mai");
        assert!(s.rebuild(Some(&[A])).0);
        s.assert_fresh("edits undone");
        let back = s.files();
        let mut differ: Vec<&std::sync::Arc<str>> = before
            .iter()
            .filter(|(k, v)| back.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        differ.sort();
        assert!(differ.is_empty(), "undoing every edit left {differ:?}");

        // Each bulletin's title alone (neighbours on either side, first and last
        // pages, every shard), then every title again at once, as one batch.
        let all: Vec<String> = bulletins(dir.path())
            .into_iter()
            .filter(|p| !p.ends_with("cau-giay-y-te-co-so-2023.md"))
            .collect();
        let retitle = |s: &Session, rel: &str| {
            let text = std::fs::read_to_string(dir.path().join(rel)).unwrap_or_default();
            let quoted = text.contains("\ntitle: \"");
            let (from, to) = if quoted {
                ("\ntitle: \"", "\ntitle: \"Sửa – ")
            } else {
                ("\ntitle: ", "\ntitle: Sửa – ")
            };
            s.edit(rel, from, to);
        };
        let bodies = s.builder.generation.cached_bodies();
        for rel in &all {
            retitle(&s, rel);
            assert!(s.rebuild(Some(&[rel.as_str()])).0, "{rel}: not patched");
            s.assert_fresh(rel);
            // Each edit replaces its body in the cache; the cache does not grow.
            assert_eq!(s.builder.generation.cached_bodies(), bodies, "{rel}");
        }
        for rel in &all {
            retitle(&s, rel);
        }
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        assert!(s.rebuild(Some(&refs)).0);
        s.assert_fresh("every title");

        // A full build after patches reuses everything and finds nothing changed.
        assert_eq!(s.rebuild(None), (false, 0));
        s.assert_fresh("full build after patches");

        // An unchanged file (saved again) changes nothing.
        assert_eq!(s.rebuild(Some(&[A])), (true, 0));
    }

    /// Inserts `add` after `key: ` (inside the quote when the value is quoted).
    fn prefix_field(text: &str, key: &str, add: &str) -> String {
        let quoted = format!("\n{key}: \"");
        let plain = format!("\n{key}: ");
        if text.contains(&quoted) {
            text.replacen(&quoted, &format!("{quoted}{add}"), 1)
        } else {
            text.replacen(&plain, &format!("{plain}{add}"), 1)
        }
    }

    #[test]
    fn random_edit_sequences_give_the_site_a_fresh_build_gives() {
        let dir = fixture();
        let mut s = Session::start(dir.path());
        let all: Vec<String> = bulletins(dir.path())
            .into_iter()
            .filter(|p| !p.ends_with("cau-giay-y-te-co-so-2023.md"))
            .collect();
        // A fixed-seed generator: the same sequence every run.
        let mut seed: u64 = 0x5eed_b4e7_1234_5678;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % n
        };
        let mut patched = 0;
        for step in 0..60 {
            let files = if next(4) == 0 { 2 + next(2) } else { 1 };
            let mut batch: Vec<&str> = Vec::new();
            let mut what = Vec::new();
            for _ in 0..files {
                let rel = all[next(all.len())].as_str();
                let path = dir.path().join(rel);
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let op = next(5);
                let edited = match op {
                    0 => prefix_field(&text, "title", &format!("Sửa {step} – ")),
                    1 => {
                        let other = &all[next(all.len())];
                        let link = other.strip_prefix("content/").unwrap_or(other);
                        format!("{text}\nXem thêm [bản tin số {step}](../../{link}).\n")
                    }
                    2 => prefix_field(&text, "summary", &format!("Tóm lược {step}. ")),
                    3 => {
                        let date = format!("{}-0{}-1{}", 2030 + step, 1 + next(9), next(10));
                        match text.find("\nupdated: ") {
                            Some(at) => {
                                let end =
                                    text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
                                format!("{}\nupdated: {date}{}", &text[..at], &text[end..])
                            }
                            None => {
                                let close = text[3..].find("\n---\n").map_or(0, |c| c + 3);
                                format!("{}\nupdated: {date}{}", &text[..close], &text[close..])
                            }
                        }
                    }
                    _ => text.replacen("tags: [", &format!("tags: [Thử nghiệm {}, ", next(3)), 1),
                };
                assert_ne!(
                    edited, text,
                    "step {step}: op {op} changed nothing in {rel}"
                );
                std::fs::write(&path, edited).unwrap_or_else(|e| panic!("{e}"));
                batch.push(rel);
                what.push(format!("{rel} op {op}"));
            }
            let (was_patched, _) = s.rebuild(Some(&batch));
            patched += usize::from(was_patched);
            s.assert_fresh(&format!("step {step}: {what:?} (patched: {was_patched})"));
        }
        assert!(patched >= 25, "only {patched} of 60 steps were patched");
        // The quiet check after the last step finds nothing to do.
        let builds = s.builder.builds;
        s.builder.reconcile(&s.state, &|e| panic!("said {e:?}"));
        assert_eq!(s.builder.builds, builds);
    }

    #[test]
    fn edits_the_index_or_figures_read_fall_back_to_full_builds() {
        let dir = fixture();
        let mut s = Session::start(dir.path());
        let cases: [(&str, &str, &str); 7] = [
            ("tags", "tags: [Ngân sách, Kinh tế,", "tags: [Ngân sách,"),
            ("figure value", "value: 9250", "value: 9260"),
            // Back: the body says 9.250, and a bulletin with a warning is never patched.
            ("figure value back", "value: 9260", "value: 9250"),
            (
                "date",
                "date: 2023-04-05T15:45:00",
                "date: 2023-04-06T15:45:00",
            ),
            (
                "slug",
                "slug: hoang-mai-quy-1-2023",
                "slug: hoang-mai-q1-2023",
            ),
            (
                "draft",
                "slug: hoang-mai-q1-2023",
                "slug: hoang-mai-q1-2023\ndraft: true",
            ),
            ("undraft", "draft: true\n", ""),
        ];
        for (what, from, to) in cases {
            s.edit(A, from, to);
            let (patched, changed) = s.rebuild(Some(&[A]));
            assert!(!patched, "{what}: patched");
            assert!(changed > 0, "{what}: nothing changed");
            s.assert_fresh(what);
        }
        // `updated:` is not in the index but in the sitemap: patched, sitemap rewritten
        // (added last, so no line the index points at moves).
        s.edit(A, "\n---\n\n", "\nupdated: 2023-05-01\n---\n\n");
        let before = s.files().get("sitemap.xml").cloned();
        assert!(s.rebuild(Some(&[A])).0, "an updated: date is patched");
        assert_ne!(s.files().get("sitemap.xml").cloned(), before);
        s.assert_fresh("updated date");
        // A new file, a deleted one, and a path that is not a bulletin: full builds.
        let new = "content/2023/q1/moi.md";
        let text = std::fs::read_to_string(dir.path().join(A)).unwrap_or_default();
        std::fs::write(
            dir.path().join(new),
            text.replace("slug: hoang-mai-q1-2023", "slug: moi"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.rebuild(Some(&[new])).0, "new file patched");
        s.assert_fresh("new file");
        std::fs::remove_file(dir.path().join(new)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.rebuild(Some(&[new])).0, "deleted file patched");
        s.assert_fresh("deleted file");
    }

    #[test]
    fn a_change_the_watcher_missed_is_served_after_the_quiet_full_build() {
        let dir = fixture();
        let mut s = Session::start(dir.path());
        assert!(!s.builder.reconcile_due);
        s.edit(A, "title: Hoàng Mai", "title: Quận Hoàng Mai");
        assert!(s.rebuild(Some(&[A])).0);
        assert!(s.builder.reconcile_due, "a patch asks for a check");
        // Nothing missed: the check is silent and counts no build.
        let (builds, served) = (s.builder.builds, s.files());
        s.builder.reconcile(&s.state, &|e| panic!("said {e:?}"));
        assert_eq!(s.builder.builds, builds);
        assert!(std::sync::Arc::ptr_eq(&served, &s.files()));
        assert!(!s.builder.reconcile_due);
        // A save nobody reported (a lost event): the check finds and serves it.
        let other = "content/2022/q1/gia-tri-san-xuat-quy-1-2022.md";
        s.edit(other, "\ntitle: \"", "\ntitle: \"Không báo – ");
        let said = Mutex::new(Vec::new());
        s.builder.reconcile(&s.state, &|e| {
            if let Ok(mut v) = said.lock() {
                v.push(format!("{e:?}"));
            }
        });
        assert_eq!(s.builder.builds, builds + 1);
        let said = said.into_inner().unwrap_or_default();
        assert!(
            said.iter()
                .any(|e| e.contains("differed from a full rebuild")),
            "{said:?}"
        );
        assert!(said.iter().any(|e| e.starts_with("Built")), "{said:?}");
        s.assert_fresh("missed change");
    }

    #[test]
    fn a_bulletin_that_changes_its_images_keeps_only_the_new_ones() {
        let dir = fixture();
        let rel = "content/2022/q1/gia-tri-san-xuat-quy-1-2022.md";
        let q1 = dir.path().join("content/2022/q1");
        std::fs::copy(
            q1.join("bieu-do-thu-ngan-sach.svg"),
            q1.join("bieu-do-moi.svg"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut s = Session::start(dir.path());
        let page = "bulletins/gia-tri-san-xuat-quy-1-2022/";
        assert!(
            s.files()
                .contains_key(format!("{page}bieu-do-thu-ngan-sach.svg").as_str())
        );
        s.edit(
            rel,
            "image: bieu-do-thu-ngan-sach.svg",
            "image: bieu-do-moi.svg",
        );
        s.edit(rel, "](bieu-do-thu-ngan-sach.svg)", "](bieu-do-moi.svg)");
        assert!(s.rebuild(Some(&[rel])).0);
        s.assert_fresh("images replaced");
        assert!(
            s.files()
                .contains_key(format!("{page}bieu-do-moi.svg").as_str())
        );
        assert!(
            !s.files()
                .contains_key(format!("{page}bieu-do-thu-ngan-sach.svg").as_str())
        );
    }

    #[test]
    fn warnings_come_and_go_with_the_edits() {
        let dir = fixture();
        let mut s = Session::start(dir.path());
        // A link to a draft is a render warning: patched, and reported.
        let link = "\n\n[xem](../q2/cau-giay-y-te-co-so-2023.md)";
        s.edit(A, "## Môi trường", &format!("## Môi trường{link}"));
        assert!(s.rebuild(Some(&[A])).0);
        s.assert_fresh("link to a draft");
        assert!(
            s.warnings().iter().any(|w| w.starts_with(A)),
            "{:?}",
            s.warnings()
        );
        // The file now has a warning: the fix goes through a full build.
        s.edit(A, link, "");
        assert!(!s.rebuild(Some(&[A])).0);
        s.assert_fresh("link fixed");
        assert!(s.warnings().is_empty(), "{:?}", s.warnings());
        // A front-matter error is never patched; the last good site stays.
        s.edit(A, "title: Hoàng Mai", "title: [Hoàng Mai");
        let builds = s.builder.builds;
        s.builder
            .rebuild(&s.state, None, Some(&[A.to_owned()].into()), &|_| {});
        assert_eq!(s.builder.builds, builds + 1);
        assert!(
            s.builder.retained.is_none(),
            "a failed build kept the patch state"
        );
        s.edit(A, "title: [Hoàng Mai", "title: Hoàng Mai");
        assert!(
            !s.rebuild(Some(&[A])).0,
            "first build after a failure patched"
        );
        s.assert_fresh("error fixed");
    }
}
