//! The site index: published bulletins in order, quarters, tags and districts, and the
//! checks that span bulletins (duplicate slugs, tag and district slug clashes).

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Location};
use crate::model::bulletin::Bulletin;
use crate::model::quarter::Quarter;
use crate::slug::{case_key, slugify};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Whether drafts are published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Drafts {
    /// Leave drafts out (default).
    #[default]
    Exclude,
    /// Publish drafts too (`--drafts`).
    Include,
}

/// A tag or a district: its display name, URL slug and bulletins (newest first).
#[derive(Clone, Debug)]
pub struct Term {
    /// Most used spelling.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Indexes into [`Site::bulletins`], newest first.
    pub bulletins: Vec<usize>,
}

/// Everything the renderer needs, with bulletins referred to by index.
#[derive(Debug)]
pub struct Site {
    /// Configuration.
    pub config: SiteConfig,
    /// Published bulletins, newest first (date, then slug).
    pub bulletins: Vec<Bulletin>,
    /// Bulletins per quarter, newest first.
    pub quarters: BTreeMap<Quarter, Vec<usize>>,
    /// Tags, by slug.
    pub tags: Vec<Term>,
    /// Districts, by slug.
    pub districts: Vec<Term>,
    /// For each bulletin, its tags as indexes into [`Site::tags`] (front-matter order).
    pub bulletin_tags: Vec<Vec<usize>>,
    /// For each bulletin, its district as an index into [`Site::districts`].
    pub bulletin_district: Vec<usize>,
    /// Source path → bulletin index.
    pub by_path: HashMap<String, usize>,
    /// Source paths of bulletins left out (drafts).
    pub excluded: HashSet<String>,
    /// For each bulletin: (older, newer) neighbour in its quarter.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// For each bulletin: related bulletins by shared tags.
    pub related: Vec<Vec<usize>>,
}

impl Site {
    /// District pages exist when bulletins name more than one district.
    pub fn has_district_pages(&self) -> bool {
        self.districts.len() > 1
    }
}

/// How many related bulletins a page lists.
pub const RELATED_COUNT: usize = 5;
/// How far around a bulletin each tag's list is searched for related ones.
const RELATED_WINDOW: usize = 24;

/// Builds the index from parsed bulletins (any order). Cross-bulletin errors are returned.
pub fn index_site(
    config: SiteConfig,
    all: Vec<Bulletin>,
    drafts: Drafts,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Order indexes, not bulletins: a bulletin is a large struct, and sorting the vector
    // itself would move each one many times.
    let mut by_path: Vec<usize> = (0..all.len()).collect();
    by_path.sort_by(|&a, &b| all[a].path.cmp(&all[b].path));
    let in_path_order: Vec<&Bulletin> = by_path.iter().map(|&i| &all[i]).collect();
    check_duplicate_slugs(&in_path_order, &mut diags);
    check_aliases(&in_path_order, &mut diags);
    drop(in_path_order);

    let mut excluded = HashSet::new();
    let mut published: Vec<usize> = Vec::with_capacity(all.len());
    for i in by_path {
        if all[i].draft && drafts == Drafts::Exclude {
            excluded.insert(all[i].path.clone());
        } else {
            published.push(i);
        }
    }
    published.sort_by(|&a, &b| {
        let (a, b) = (&all[a], &all[b]);
        b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
    });
    let mut slots: Vec<Option<Bulletin>> = all.into_iter().map(Some).collect();
    let bulletins: Vec<Bulletin> = published.iter().filter_map(|&i| slots[i].take()).collect();
    drop(slots);

    let (tags, bulletin_tags) = index_terms(
        &bulletins,
        |b| {
            b.tags
                .iter()
                .zip(&b.tag_locations)
                .map(|(t, l)| (t.as_str(), l))
                .collect()
        },
        "tag",
        &mut diags,
    );
    let (districts, bulletin_district) = index_terms(
        &bulletins,
        |b| vec![(b.district.as_str(), &b.district_location)],
        "district",
        &mut diags,
    );
    let bulletin_district = bulletin_district
        .into_iter()
        .map(|d| d.first().copied().unwrap_or(0))
        .collect();

    let mut quarters: BTreeMap<Quarter, Vec<usize>> = BTreeMap::new();
    for (i, b) in bulletins.iter().enumerate() {
        quarters.entry(b.quarter).or_default().push(i);
    }
    let mut neighbours = vec![(None, None); bulletins.len()];
    for list in quarters.values() {
        for (pos, &i) in list.iter().enumerate() {
            let older = list.get(pos + 1).copied();
            let newer = pos.checked_sub(1).and_then(|p| list.get(p).copied());
            neighbours[i] = (older, newer);
        }
    }
    let related = find_related(bulletins.len(), &tags, &bulletin_tags);
    let by_path = bulletins
        .iter()
        .enumerate()
        .map(|(i, b)| (b.path.clone(), i))
        .collect();
    let site = Site {
        config,
        bulletins,
        quarters,
        tags,
        districts,
        bulletin_tags,
        bulletin_district,
        by_path,
        excluded,
        neighbours,
        related,
    };
    (site, diags)
}

fn check_duplicate_slugs(all: &[&Bulletin], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Bulletin> = HashMap::with_capacity(all.len());
    for &b in all {
        if let Some(first) = seen.get(b.slug.as_str()) {
            diags.push(Diagnostic::error(
                b.slug_location.clone(),
                format!(
                    "two bulletins have the slug `{}`: this one and {}; give one of them a different `slug:`",
                    b.slug, first.slug_location
                ),
            ));
        } else {
            seen.insert(&b.slug, b);
        }
    }
}

fn check_aliases(all: &[&Bulletin], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for b in all {
        for (a, at) in b.aliases.iter().zip(&b.alias_locations) {
            let reserved = [
                "bulletins",
                "quarters",
                "tags",
                "figures",
                "data",
                "districts",
                "search",
            ];
            let first = a.split('/').next().unwrap_or("");
            if reserved.contains(&first)
                && a.starts_with("bulletins/")
                && all.iter().any(|o| a == &format!("bulletins/{}", o.slug))
            {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!("alias `/{a}/` is the address of a bulletin: remove it"),
                ));
            }
            if let Some(other) = seen.insert(a, &b.path)
                && other != b.path
            {
                diags.push(Diagnostic::error(
                    at.clone(),
                    format!("alias `/{a}/` is also claimed by {other}: keep it on one bulletin"),
                ));
            }
        }
    }
}

/// Groups names that differ only by case into one term; different names that fold to the
/// same slug are errors.
fn index_terms<'b>(
    bulletins: &'b [Bulletin],
    names_of: impl Fn(&'b Bulletin) -> Vec<(&'b str, &'b Location)>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Term>, Vec<Vec<usize>>) {
    struct Group<'b> {
        spellings: BTreeMap<&'b str, usize>,
        first_seen: (&'b str, &'b Location),
        members: Vec<usize>,
    }
    let mut groups: BTreeMap<String, Group<'b>> = BTreeMap::new();
    let mut per_bulletin_keys: Vec<Vec<String>> = Vec::with_capacity(bulletins.len());
    // A site uses a few dozen names thousands of times: fold each spelling once.
    let mut folded: HashMap<&'b str, String> = HashMap::new();
    for (i, b) in bulletins.iter().enumerate() {
        let mut keys = Vec::new();
        for (name, loc) in names_of(b) {
            let key = folded.entry(name).or_insert_with(|| case_key(name)).clone();
            let g = groups.entry(key.clone()).or_insert_with(|| Group {
                spellings: BTreeMap::new(),
                first_seen: (name, loc),
                members: Vec::new(),
            });
            *g.spellings.entry(name).or_insert(0) += 1;
            if g.members.last() != Some(&i) {
                g.members.push(i);
            }
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        per_bulletin_keys.push(keys);
    }
    let mut by_slug: BTreeMap<String, Vec<(&String, &Group<'b>)>> = BTreeMap::new();
    for (key, g) in &groups {
        let slug = slugify(g.first_seen.0);
        if slug.is_empty() {
            diags.push(Diagnostic::error(
                g.first_seen.1.clone(),
                format!(
                    "{what} `{}` has no letters or digits to make a URL from: rename it",
                    g.first_seen.0
                ),
            ));
            continue;
        }
        by_slug.entry(slug).or_default().push((key, g));
    }
    let mut terms = Vec::with_capacity(by_slug.len());
    let mut key_to_term: HashMap<&String, usize> = HashMap::new();
    for (slug, entries) in &by_slug {
        if entries.len() > 1 {
            let (_, a) = entries[0];
            for (_, b) in &entries[1..] {
                diags.push(Diagnostic::error(
                    b.first_seen.1.clone(),
                    format!(
                        "{what} `{}` and {what} `{}` ({}) both make the URL slug `{slug}`: use one spelling",
                        b.first_seen.0, a.first_seen.0, a.first_seen.1
                    ),
                ));
            }
        }
        let (_, g) = entries[0];
        for (key, _) in entries {
            key_to_term.insert(key, terms.len());
        }
        let name = g
            .spellings
            .iter()
            .max_by_key(|(n, count)| (**count, spelling_preference(n), std::cmp::Reverse(**n)))
            .map_or(g.first_seen.0, |(n, _)| *n)
            .to_owned();
        let mut members: Vec<usize> = entries
            .iter()
            .flat_map(|(_, g)| g.members.iter().copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        terms.push(Term {
            name,
            slug: slug.clone(),
            bulletins: members,
        });
    }
    let per_bulletin = per_bulletin_keys
        .iter()
        .map(|keys| {
            let mut ids: Vec<usize> = keys
                .iter()
                .filter_map(|k| key_to_term.get(k).copied())
                .collect();
            ids.dedup();
            ids
        })
        .collect();
    (terms, per_bulletin)
}

/// Among equally used spellings prefer `Kinh tế` over `KINH TẾ` and `kinh tế`.
fn spelling_preference(name: &str) -> u8 {
    let starts_upper = name.chars().next().is_some_and(char::is_uppercase);
    let all_upper = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    match (starts_upper, all_upper) {
        (true, false) => 2,
        (false, _) => 1,
        (true, true) => 0,
    }
}

/// Related bulletins by shared tags, searching only a window around each bulletin in each
/// of its tags' lists (linear in the number of bulletins, never all pairs).
fn find_related(n: usize, tags: &[Term], bulletin_tags: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut positions: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (t, term) in tags.iter().enumerate() {
        for (pos, &b) in term.bulletins.iter().enumerate() {
            positions[b].push((t, pos));
        }
    }
    let _ = bulletin_tags;
    // One dense score table reused for every bulletin (reset through `touched`): far
    // cheaper than a hash map per bulletin.
    let mut scores: Vec<u32> = vec![0; n];
    let mut touched: Vec<usize> = Vec::with_capacity(RELATED_WINDOW * 8);
    (0..n)
        .map(|i| {
            for &(t, pos) in &positions[i] {
                let list = &tags[t].bulletins;
                let lo = pos.saturating_sub(RELATED_WINDOW / 2);
                let hi = (pos + RELATED_WINDOW / 2 + 1).min(list.len());
                for &other in &list[lo..hi] {
                    if other != i {
                        if scores[other] == 0 {
                            touched.push(other);
                        }
                        scores[other] += 1;
                    }
                }
            }
            let mut ranked: Vec<(usize, u32)> = touched
                .drain(..)
                .map(|b| (b, std::mem::take(&mut scores[b])))
                .collect();
            ranked.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.abs_diff(i).cmp(&b.0.abs_diff(i)))
                    .then_with(|| a.0.cmp(&b.0))
            });
            // Collected into a fresh, exact-size Vec: an in-place collect would keep
            // `ranked`'s whole allocation alive for every bulletin.
            let mut related = Vec::with_capacity(RELATED_COUNT.min(ranked.len()));
            related.extend(ranked.iter().take(RELATED_COUNT).map(|(b, _)| *b));
            related
        })
        .collect()
}
