//! The differential test of `serve`: seeded random batches of edits (every front-matter
//! field, figures, bodies, new, deleted and renamed bulletins, `site.yaml`, templates)
//! go through the rebuild path the file watcher drives, and after each batch every
//! served file must equal, byte for byte, what a fresh `bantin build` of the same
//! sources writes, with the same warnings (or both fail, with the same errors). No
//! delayed reconcile runs in between: what is served right after the batch counts.
//!
//! `BANTIN_DIFF_SEED` and `BANTIN_DIFF_BATCHES` explore further locally.

use super::server::{ServerState, SiteFiles};
use super::watch::Batch;
use super::{Rebuilder, ServeEvent};
use crate::commands::build::{BuildOptions, build};
use crate::site::Drafts;
use notify::EventKind;
use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const BASE: &str = "http://127.0.0.1:1111/";

/// A small seeded generator (the same edits every run for one seed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What happened to one path, as the watcher reports it.
enum Event {
    Modified(String),
    Created(String),
    Removed(String),
}

/// The site under test and what the edits have made of it.
struct World {
    root: PathBuf,
    /// Bulletins of the bundled site (never deleted: other bulletins link to them).
    originals: Vec<String>,
    /// Bulletins the test created (deleted and renamed freely; nothing links to them).
    created: Vec<String>,
    /// Templates the test wrote under `templates/`.
    templates: Vec<String>,
    /// Counts edits, so every edit writes something new.
    n: usize,
}

const TAGS: [&str; 9] = [
    "Kinh tế",
    "kinh tế",
    "Ngân sách",
    "Y tế",
    "Giáo dục",
    "Môi trường",
    "Đô thị",
    "Giao thông",
    "Thể thao",
];
const DISTRICTS: [&str; 5] = [
    "Nam Từ Liêm",
    "Cầu Giấy",
    "Hoàng Mai",
    "Long Biên",
    "Tây Hồ",
];
const AUTHORS: [&str; 3] = [
    "Phòng Văn hóa và Thông tin quận",
    "Văn phòng UBND quận",
    "Tổ biên tập",
];
const TEMPLATES: [&str; 7] = [
    "bulletin.html",
    "_card.html",
    "tag.html",
    "quarter.html",
    "index.html",
    "figure.html",
    "base.html",
];

/// The bounds of the front matter's lines (after the opening `---`, up to the closing).
fn front_matter(text: &str) -> (usize, usize) {
    let start = text.find('\n').map_or(0, |i| i + 1);
    let end = text[start..]
        .find("\n---\n")
        .map_or(start, |i| start + i + 1);
    (start, end)
}

/// Sets (or with `None` removes) the top-level front-matter line `key: value`.
fn set_field(text: &str, key: &str, value: Option<&str>) -> String {
    let (start, end) = front_matter(text);
    let mut lines: Vec<String> = text[start..end].lines().map(str::to_owned).collect();
    let at = lines.iter().position(|l| l.starts_with(&format!("{key}:")));
    match (at, value) {
        (Some(i), Some(v)) => lines[i] = format!("{key}: {v}"),
        (Some(i), None) => {
            lines.remove(i);
        }
        (None, Some(v)) => lines.push(format!("{key}: {v}")),
        (None, None) => {}
    }
    format!("{}{}\n{}", &text[..start], lines.join("\n"), &text[end..])
}

/// Sets `key: value` in the `nth` figure of the front matter (`None` without figures).
fn set_figure_field(text: &str, nth: usize, key: &str, value: &str) -> Option<String> {
    let (start, end) = front_matter(text);
    let mut lines: Vec<String> = text[start..end].lines().map(str::to_owned).collect();
    let ids: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("  - id:"))
        .collect();
    let first = *ids.get(nth % ids.len().max(1))?;
    let last = (first + 1..lines.len())
        .find(|&i| !lines[i].starts_with("    "))
        .unwrap_or(lines.len());
    let line = format!("    {key}: {value}");
    match (first + 1..last).find(|&i| lines[i].starts_with(&format!("    {key}:"))) {
        Some(i) => lines[i] = line,
        None => lines.insert(first + 1, line),
    }
    Some(format!(
        "{}{}\n{}",
        &text[..start],
        lines.join("\n"),
        &text[end..]
    ))
}

impl World {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    fn bulletins(&self) -> Vec<String> {
        self.originals
            .iter()
            .chain(&self.created)
            .cloned()
            .collect()
    }

    /// Rewrites bulletin `rel` with `edit`.
    fn edit(&self, rel: &str, edit: impl FnOnce(&str) -> String) -> Vec<Event> {
        let text = self.read(rel);
        self.write(rel, &edit(&text));
        vec![Event::Modified(rel.to_owned())]
    }

    fn date(rng: &mut Rng) -> String {
        format!(
            "{}-{:02}-{:02}",
            2021 + rng.below(3),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    }

    /// One random edit; returns what the watcher would see.
    fn random_edit(&mut self, rng: &mut Rng) -> (String, Vec<Event>) {
        self.n += 1;
        let n = self.n;
        let all = self.bulletins();
        let rel = rng.pick(&all).clone();
        let op = rng.below(21);
        let events = match op {
            0 => self.edit(&rel, |t| {
                set_field(t, "title", Some(&format!("Bản tin số {n}")))
            }),
            1 => {
                let v = (rng.below(3) > 0).then(|| format!("Tóm tắt lần {n}."));
                self.edit(&rel, |t| set_field(t, "summary", v.as_deref()))
            }
            2 => {
                let v = (rng.below(4) > 0).then(|| rng.pick(&AUTHORS).to_string());
                self.edit(&rel, |t| set_field(t, "author", v.as_deref()))
            }
            3 => {
                let tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(&TAGS)).collect();
                let mut tags: Vec<&str> = tags.clone();
                tags.dedup();
                let v = format!("[{}]", tags.join(", "));
                self.edit(&rel, |t| set_field(t, "tags", Some(&v)))
            }
            4 => {
                let v = (rng.below(5) > 0).then(|| rng.pick(&DISTRICTS).to_string());
                self.edit(&rel, |t| set_field(t, "district", v.as_deref()))
            }
            5 => {
                let v = format!("{}T{:02}:00:00", Self::date(rng), rng.below(24));
                self.edit(&rel, |t| set_field(t, "date", Some(&v)))
            }
            6 => {
                let v = (rng.below(3) > 0).then(|| Self::date(rng));
                self.edit(&rel, |t| set_field(t, "updated", v.as_deref()))
            }
            7 => {
                let v = (rng.below(3) > 0)
                    .then(|| format!("{}-Q{}", 2021 + rng.below(3), 1 + rng.below(4)));
                self.edit(&rel, |t| set_field(t, "quarter", v.as_deref()))
            }
            8..=11 => {
                let (nth, key, value) = match op {
                    8 => (rng.below(4), "value", format!("{}", 100 + rng.below(900))),
                    9 => (rng.below(4), "label", format!("Chỉ tiêu {n}")),
                    10 => {
                        let e = ["true", "false"][rng.below(2)];
                        (rng.below(4), "estimate", e.to_owned())
                    }
                    _ => (
                        rng.below(4),
                        "change_pct",
                        format!("{}.{}", rng.below(20), rng.below(10)),
                    ),
                };
                self.edit(&rel, |t| {
                    set_figure_field(t, nth, key, &value).unwrap_or_else(|| {
                        set_field(t, "summary", Some(&format!("Không có số liệu {n}.")))
                    })
                })
            }
            12 => self.rename_unit(rng),
            13 | 14 => {
                let other = rng.pick(&self.originals).clone();
                let link = other.strip_prefix("content/").unwrap_or(&other);
                self.edit(&rel, |t| {
                    format!("{t}\nĐoạn thêm {n}, xem [bản tin]({}{link}).\n", "../../")
                })
            }
            15 => self.edit(&rel, |t| t.replacen("quận", &format!("quận (sửa {n})"), 1)),
            16 => self.create(rng),
            17 => self.delete_or_rename(rng),
            18 => self.edit_config(rng),
            _ => self.edit_template(rng),
        };
        (format!("op {op} on {rel}"), events)
    }

    /// Changes the unit of one figure id in every bulletin that reports it (units must
    /// agree across bulletins).
    fn rename_unit(&mut self, rng: &mut Rng) -> Vec<Event> {
        let id = *rng.pick(&["ho-ngheo", "thu-ngan-sach", "gia-tri-san-xuat"]);
        let unit = format!("đơn vị {}", self.n);
        let mut events = Vec::new();
        for rel in self.bulletins() {
            let text = self.read(&rel);
            let Some(nth) = text
                .lines()
                .filter(|l| l.starts_with("  - id:"))
                .position(|l| l.trim_end().ends_with(&format!(" {id}")))
            else {
                continue;
            };
            if let Some(edited) = set_figure_field(&text, nth, "unit", &unit) {
                self.write(&rel, &edited);
                events.push(Event::Modified(rel));
            }
        }
        events
    }

    /// A new bulletin: a copy of another one (beside it, so its links resolve) with its
    /// own title and slug.
    fn create(&mut self, rng: &mut Rng) -> Vec<Event> {
        let from = rng.pick(&self.originals).clone();
        let dir = from.rsplit_once('/').map_or("content", |(d, _)| d);
        let rel = format!("{dir}/moi-{}.md", self.n);
        let text = set_field(&self.read(&from), "slug", Some(&format!("moi-{}", self.n)));
        let text = set_field(&text, "title", Some(&format!("Bản tin mới {}", self.n)));
        let text = set_field(&text, "image", None);
        let text = text.replace("](bieu-do", "](../../2022/q1/bieu-do");
        self.write(&rel, &text);
        self.created.push(rel.clone());
        vec![Event::Created(rel)]
    }

    fn delete_or_rename(&mut self, rng: &mut Rng) -> Vec<Event> {
        if self.created.is_empty() {
            return self.create(rng);
        }
        let at = rng.below(self.created.len());
        let rel = self.created.remove(at);
        if rng.below(2) == 0 {
            self.remove(&rel);
            return vec![Event::Removed(rel)];
        }
        let to = rel.replace(".md", &format!("-doi-ten-{}.md", self.n));
        std::fs::rename(self.root.join(&rel), self.root.join(&to))
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        self.created.push(to.clone());
        vec![Event::Removed(rel), Event::Created(to)]
    }

    fn edit_config(&mut self, rng: &mut Rng) -> Vec<Event> {
        let text = self.read("site.yaml");
        let text = match rng.below(2) {
            0 => set_yaml(&text, "page_size", &format!("{}", 2 + rng.below(3))),
            _ => set_yaml(&text, "title", &format!("Bản tin quận {}", self.n)),
        };
        self.write("site.yaml", &text);
        vec![Event::Modified("site.yaml".to_owned())]
    }

    /// Writes a site-level override of a default template (the default with a mark in
    /// its content), or removes one.
    fn edit_template(&mut self, rng: &mut Rng) -> Vec<Event> {
        if !self.templates.is_empty() && rng.below(3) == 0 {
            let rel = self.templates.remove(rng.below(self.templates.len()));
            self.remove(&rel);
            return vec![Event::Removed(rel)];
        }
        let name = rng.pick(&TEMPLATES);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let default = std::fs::read_to_string(repo.join("themes/default/templates").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mark = format!("<i data-mark=\"{}\"></i>", self.n);
        let text = match default.find("{% block content %}") {
            Some(_) => default.replacen(
                "{% block content %}",
                &format!("{{% block content %}}{mark}"),
                1,
            ),
            None => format!("{default}{mark}\n"),
        };
        let rel = format!("templates/{name}");
        let existed = self.templates.contains(&rel);
        self.write(&rel, &text);
        if existed {
            vec![Event::Modified(rel)]
        } else {
            self.templates.push(rel.clone());
            vec![Event::Created(rel)]
        }
    }
}

fn set_yaml(text: &str, key: &str, value: &str) -> String {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .map(str::to_owned)
        .collect();
    lines.push(format!("{key}: {value}"));
    lines.join("\n") + "\n"
}

/// The batch the watcher would collect for `events` (editors save in place; new, deleted
/// and renamed files come as create and remove events).
fn batch_of(root: &Path, events: &[Event]) -> Batch {
    let mut batch = Batch::default();
    for e in events {
        let (kind, rel) = match e {
            Event::Modified(r) => (EventKind::Modify(ModifyKind::Data(DataChange::Content)), r),
            Event::Created(r) => (EventKind::Create(CreateKind::File), r),
            Event::Removed(r) => (EventKind::Remove(RemoveKind::File), r),
        };
        batch.add(root, &notify::Event::new(kind).add_path(root.join(rel)));
    }
    batch
}

/// Every file of a built site with its bytes, by output-relative path.
type Files = Vec<(String, Vec<u8>)>;

/// What a fresh `bantin build` of `root` gives: every file and the warnings, or the
/// errors.
fn fresh_build(root: &Path) -> Result<(Files, Vec<String>), Vec<String>> {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let output = out.path().join("site");
    let report = build(&BuildOptions {
        output: Some(output.clone()),
        base_url: Some(BASE.to_owned()),
        ..BuildOptions::new(root)
    });
    match report {
        Ok(report) => {
            let mut files = Vec::new();
            for e in walkdir::WalkDir::new(&output).sort_by_file_name() {
                let e = e.unwrap_or_else(|e| panic!("walk: {e}"));
                let rel = crate::source::rel_path(&output, e.path());
                if e.file_type().is_file() && rel != crate::output::MARKER {
                    let bytes = std::fs::read(e.path()).unwrap_or_else(|e| panic!("{rel}: {e}"));
                    files.push((rel, bytes));
                }
            }
            Ok((
                files,
                report.warnings.iter().map(ToString::to_string).collect(),
            ))
        }
        Err(crate::Error::Invalid(d)) => Err(d.iter().map(ToString::to_string).collect()),
        Err(e) => Err(vec![e.to_string()]),
    }
}

/// The paths where `served` and `fresh` differ (missing on either side, or other bytes).
fn differences(served: &SiteFiles, fresh: &Files) -> Vec<String> {
    let mut differ: Vec<String> = fresh
        .iter()
        .filter(|(rel, bytes)| served.get(rel.as_str()).map(|b| &b[..]) != Some(&bytes[..]))
        .map(|(rel, _)| rel.clone())
        .collect();
    let built: std::collections::HashSet<&str> = fresh.iter().map(|(r, _)| r.as_str()).collect();
    differ.extend(
        served
            .keys()
            .filter(|k| !built.contains(k.as_ref()))
            .map(|k| format!("{k} (served only)")),
    );
    differ.sort();
    differ
}

/// What the rebuild after a batch reported: the warnings of a good build, or the
/// errors of a failed one.
type Reported = Result<Vec<String>, Vec<String>>;

fn rebuild(builder: &mut Rebuilder, state: &ServerState, batch: &Batch) -> Reported {
    let reported: Mutex<Option<Reported>> = Mutex::new(None);
    builder.rebuild_batch(state, batch, &|e| {
        let r = match e {
            ServeEvent::Built(b) => Ok(b.warnings.iter().map(ToString::to_string).collect()),
            ServeEvent::Failed { diagnostics, .. } => {
                Err(diagnostics.iter().map(ToString::to_string).collect())
            }
            _ => return,
        };
        if let Ok(mut slot) = reported.lock() {
            *slot = Some(r);
        }
    });
    reported
        .into_inner()
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("the rebuild reported nothing"))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn served_sites_equal_fresh_builds_after_random_batches_of_edits() {
    let dir = super::patch::tests::fixture();
    let root = dir.path().to_path_buf();
    let seed = env_number("BANTIN_DIFF_SEED", 0x00d1_ff5e_ed00);
    let batches = env_number("BANTIN_DIFF_BATCHES", 30);
    let mut rng = Rng(seed);
    let gate = crate::source::gate::SiteRoot::open(&root).unwrap_or_else(|e| panic!("root: {e}"));
    let originals = crate::source::find_bulletins(&gate)
        .0
        .into_iter()
        .map(|s| s.rel)
        .collect();
    let mut world = World {
        root: root.clone(),
        originals,
        created: Vec::new(),
        templates: Vec::new(),
        n: 0,
    };
    let state = ServerState::new(1111, true, 1);
    let mut builder = Rebuilder::new(root.clone(), Drafts::Exclude, BASE.to_owned());
    builder.rebuild(&state, None, None, &|_| {});
    let (mut patched, mut failed) = (0, 0);
    for step in 0..batches {
        let edits = 1 + rng.below(3);
        let mut what = Vec::new();
        let mut events = Vec::new();
        for _ in 0..edits {
            let (op, mut e) = world.random_edit(&mut rng);
            what.push(op);
            events.append(&mut e);
        }
        let batch = batch_of(&root, &events);
        let builds = builder.builds;
        let reported = rebuild(&mut builder, &state, &batch);
        assert_eq!(builder.builds, builds + 1, "step {step}: no rebuild");
        patched += usize::from(builder.reconcile_due);
        let context = format!("seed {seed:#x}, step {step}: {what:?}");
        match (fresh_build(&root), reported) {
            (Ok((fresh, fresh_warnings)), Ok(warnings)) => {
                let served = state.snapshot().files.clone();
                let served = served.unwrap_or_else(|| panic!("{context}: nothing served"));
                let differ = differences(&served, &fresh);
                assert!(
                    differ.is_empty(),
                    "{context}: served site differs at {differ:?}"
                );
                assert_eq!(warnings, fresh_warnings, "{context}: warnings");
            }
            (Err(fresh_errors), Err(errors)) => {
                failed += 1;
                assert_eq!(errors, fresh_errors, "{context}: errors");
            }
            (fresh, served) => panic!(
                "{context}: the fresh build {} but serve {}",
                if fresh.is_ok() { "succeeded" } else { "failed" },
                if served.is_ok() { "built" } else { "failed" },
            ),
        }
    }
    // The run exercised both paths (patches and full builds), and mostly good builds.
    if batches >= 40 {
        assert!(
            patched >= 3,
            "only {patched} of {batches} batches were patched"
        );
        assert!(
            failed * 4 < batches as usize,
            "{failed} of {batches} builds failed"
        );
    }
}
