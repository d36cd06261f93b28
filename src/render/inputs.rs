//! Page inputs as values. For each page kind a plain struct holds, by reference,
//! everything the page shows; its view is a pure function of that struct, the URLs and
//! the theme, and its memo key is [`page_key`] of it: one function for every kind, so a
//! view that starts reading another field of its inputs is keyed by that field with no
//! other change.
//!
//! What makes that hold is how the parts hash: a [`BulletinRef`] hashes as the
//! bulletin's source path and bytes, of which (with the config, in the site key) every
//! field of a parsed bulletin is a function. A view reading any field of a bulletin in
//! its inputs is therefore covered.
//!
//! Adding a page kind: an inputs struct deriving `Hash` (bulletins as [`BulletinRef`],
//! tags and districts as [`TermInputs`]), a view built from it alone, and
//! `page_key(KIND, site_key, &inputs)` as its memo key.

use crate::markdown::LinkTarget;
use crate::model::bulletin::Bulletin;
use crate::site::{Site, Term};
use std::hash::{Hash, Hasher};

/// Collects `Hash` output as key material and hashes it in one pass at the end (many
/// small streaming-hash updates cost more than the copy). Derived `Hash` impls are
/// length-prefixed or terminated, so distinct values give distinct material.
pub(crate) struct KeyHasher(Vec<u8>);

impl KeyHasher {
    pub(crate) fn new() -> Self {
        KeyHasher(Vec::with_capacity(1024))
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

/// The memo key of a page of `kind` (or of a part every such page shares, like a card)
/// with `inputs`: `site_key` stands for the theme, the `site` value and the config.
pub(crate) fn page_key<I: Hash + ?Sized>(kind: &str, site_key: u64, inputs: &I) -> u64 {
    let mut h = KeyHasher::new();
    kind.hash(&mut h);
    site_key.hash(&mut h);
    inputs.hash(&mut h);
    h.finish()
}

/// A bulletin as page inputs: hashes as its source path and the hash of its bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BulletinRef<'a>(pub(crate) &'a Bulletin);

impl Hash for BulletinRef<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.path.hash(h);
        self.0.hash.hash(h);
    }
}

/// A tag or a district as page inputs: its name and slug. Its position in the site's
/// list (how views find the values shared by every card) is not something a page shows,
/// so it is left out of the hash.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TermInputs<'a> {
    pub(crate) index: usize,
    pub(crate) term: &'a Term,
}

impl Hash for TermInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.term.name.hash(h);
        self.term.slug.hash(h);
    }
}

/// Everything a bulletin's card shows (in lists, feeds and on its page).
#[derive(Clone, Debug, Hash)]
pub(crate) struct CardInputs<'a> {
    pub(crate) bulletin: BulletinRef<'a>,
    pub(crate) district: Option<TermInputs<'a>>,
    pub(crate) tags: Vec<TermInputs<'a>>,
    /// Whether districts have pages (the card links its district then).
    pub(crate) district_pages: bool,
}

impl<'a> CardInputs<'a> {
    /// The card inputs of bulletin `i` of `site`.
    pub(crate) fn of(site: &'a Site, i: usize) -> Self {
        let district = site.bulletin_district.get(i).and_then(|&d| {
            site.districts
                .get(d)
                .map(|term| TermInputs { index: d, term })
        });
        let tags = site
            .bulletin_tags
            .get(i)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&t| site.tags.get(t).map(|term| TermInputs { index: t, term }))
            .collect();
        CardInputs {
            bulletin: BulletinRef(&site.bulletins[i]),
            district,
            tags,
            district_pages: site.has_district_pages(),
        }
    }
}

/// Everything a bulletin's page shows.
#[derive(Clone, Debug, Hash)]
pub(crate) struct BulletinPageInputs<'a> {
    pub(crate) card: CardInputs<'a>,
    /// The key of its Markdown body ([`crate::render::body_key`]: bytes, path, URLs,
    /// HTML policy), whose link lookups the renderer has checked.
    pub(crate) body: u64,
    /// What its cover image resolves to.
    pub(crate) image: Option<LinkTarget>,
    pub(crate) older: Option<BulletinRef<'a>>,
    pub(crate) newer: Option<BulletinRef<'a>>,
    pub(crate) related: Vec<BulletinRef<'a>>,
}

impl<'a> BulletinPageInputs<'a> {
    /// The page inputs of bulletin `i` of `site`, its body keyed `body` and its cover
    /// image resolving to `image`.
    pub(crate) fn of(site: &'a Site, i: usize, body: u64, image: Option<LinkTarget>) -> Self {
        let (older, newer) = site.neighbours.get(i).copied().unwrap_or_default();
        let at = |j: usize| site.bulletins.get(j).map(BulletinRef);
        BulletinPageInputs {
            card: CardInputs::of(site, i),
            body,
            image,
            older: older.and_then(at),
            newer: newer.and_then(at),
            related: site
                .related
                .get(i)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(|&j| at(j))
                .collect(),
        }
    }
}

/// Bulletins in order, each hashed by a key computed once per build (`keys`, by site
/// index): for lists, its card key ([`page_key`] of its [`CardInputs`]); for open data,
/// its figure data key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cards<'a> {
    pub(crate) list: &'a [usize],
    pub(crate) keys: &'a [u64],
}

impl Hash for Cards<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.list.len().hash(h);
        for &i in self.list {
            self.keys.get(i).copied().unwrap_or(u64::MAX).hash(h);
        }
    }
}

/// Which list a list page shows.
#[derive(Clone, Copy, Debug, Hash)]
pub(crate) enum ListKind<'a> {
    /// The home page: the newest bulletins.
    Home,
    Quarter(crate::model::quarter::Quarter),
    Tag(TermInputs<'a>),
    District(TermInputs<'a>),
}

/// Everything a list page shows, and on its first page its feed and figure table.
#[derive(Clone, Copy, Debug, Hash)]
pub(crate) struct ListPageInputs<'a> {
    pub(crate) kind: ListKind<'a>,
    /// 1-based page number.
    pub(crate) page: usize,
    /// How many bulletins the whole list holds (pages show counts and page links).
    pub(crate) total: usize,
    /// The cards on this page.
    pub(crate) cards: Cards<'a>,
    /// The first page's feed and figure table: every bulletin they draw on.
    pub(crate) whole: Option<Cards<'a>>,
}

/// Everything an open-data file (`/data/*.csv`, `/data/figures.json`) holds: its rows
/// come from `rows`, in order, each bulletin hashed by its figure data key
/// ([`crate::render::memo::figure_data_key`]: everything the rows read of it).
#[derive(Clone, Copy, Debug, Hash)]
pub(crate) struct OpenDataInputs<'a> {
    pub(crate) file: &'a str,
    pub(crate) rows: Cards<'a>,
}

/// Everything a figure page shows: its figure's series (from the figure set, hashed as
/// `figures`, the key of the whole set) and the title of each bulletin its table links,
/// in table order.
#[derive(Clone, Debug, Hash)]
pub(crate) struct FigurePageInputs<'a> {
    pub(crate) figures: u64,
    pub(crate) id: &'a str,
    pub(crate) titles: Vec<&'a str>,
}

impl<'a> FigurePageInputs<'a> {
    /// The inputs of the page of figure `fig` of a set keyed `figures`.
    pub(crate) fn of(
        site: &'a Site,
        figures: u64,
        fig: &'a crate::figures::series::FigureData,
    ) -> Self {
        let title = |i: usize| site.bulletins.get(i).map_or("\u{0}", |b| b.title.as_str());
        let mut titles = Vec::new();
        for s in &fig.series {
            for p in &s.points {
                titles.push(title(p.bulletin));
                let others =
                    &p.others[..p.others.len().min(crate::figures::pages::ALSO_REPORTED_MAX)];
                titles.extend(others.iter().map(|&o| title(o)));
                // Where one point's list ends (the table groups them per point).
                titles.push("\u{1}");
            }
            titles.push("\u{2}");
        }
        FigurePageInputs {
            figures,
            id: &fig.id,
            titles,
        }
    }
}

/// The memo kind names (one per page kind or shared part).
pub(crate) const CARD: &str = "card";
pub(crate) const BULLETIN_PAGE: &str = "bulletin";
pub(crate) const LIST_PAGE: &str = "list";
pub(crate) const OPEN_DATA: &str = "open data";
pub(crate) const FIGURE_PAGE: &str = "figure";

#[cfg(test)]
mod tests {
    use super::*;

    /// Bulletins `a`, `b`, `c` (b the middle one by date); `edit` rewrites `c`'s text.
    fn site(edit: &dyn Fn(&str) -> String) -> Site {
        let (config, _) = crate::config::parse_config("title: T\ndistrict: Ba Đình\n");
        let doc = |name: &str, day: u32| {
            format!(
                "---\ntitle: \"Tin {name}\"\ndate: 2024-02-{day:02}\ndistrict: \"Ba Đình\"\ntags: [\"Y tế\"]\nauthor: \"Phòng Y tế\"\nsummary: \"Tóm tắt {name}.\"\nfigures:\n  - id: cay-xanh\n    label: \"Cây xanh\"\n    value: 628\n    unit: \"cây\"\n---\nBody of {name}.\n"
            )
        };
        let docs = [
            ("a", doc("a", 1)),
            ("b", doc("b", 2)),
            ("c", edit(&doc("c", 3))),
        ];
        let bulletins = docs
            .iter()
            .filter_map(|(name, text)| {
                let path = format!("content/2024/q1/{name}.md");
                crate::model::bulletin::parse_bulletin(&path, text, &config).bulletin
            })
            .collect();
        crate::site::index_site(config, bulletins, crate::site::Drafts::Exclude).0
    }

    /// The page key of `b`, whose newer neighbour and related bulletin is `c`.
    fn key_of_b(edit: &dyn Fn(&str) -> String) -> u64 {
        let site = site(edit);
        let b = site.by_path["content/2024/q1/b.md"];
        let inputs = BulletinPageInputs::of(&site, b, 7, None);
        assert_eq!(
            inputs.newer.map(|n| n.0.path.as_str()),
            Some("content/2024/q1/c.md")
        );
        page_key(BULLETIN_PAGE, 1, &inputs)
    }

    /// The stale-page class: a page whose view starts reading another field of a
    /// bulletin in its inputs (related links showing the author, say) needs no key
    /// change to be refreshed when only that field is edited, because every field of
    /// the neighbour changes the key.
    #[test]
    fn any_field_of_a_neighbour_changes_the_page_key() {
        let base = key_of_b(&|t| t.to_owned());
        assert_eq!(base, key_of_b(&|t| t.to_owned()));
        let edits: [(&str, &str); 8] = [
            ("author: \"Phòng Y tế\"", "author: \"Phòng Văn hóa\""),
            ("summary: \"Tóm tắt c.\"", "summary: \"Khác.\""),
            ("title: \"Tin c\"", "title: \"Tin khác\""),
            ("value: 628", "value: 629"),
            ("unit: \"cây\"", "unit: \"cây xanh\""),
            ("date: 2024-02-03", "date: 2024-02-03\nupdated: 2024-03-01"),
            (
                "date: 2024-02-03",
                "date: 2024-02-03\nsource: https://a.vn/",
            ),
            ("Body of c.", "Body of c, edited."),
        ];
        for (from, to) in edits {
            let edited = key_of_b(&|t| {
                assert!(t.contains(from), "{from}");
                t.replacen(from, to, 1)
            });
            assert_ne!(base, edited, "{from} -> {to}");
        }
    }

    #[test]
    fn page_keys_follow_the_kind_the_site_key_and_each_input() {
        let site = site(&|t| t.to_owned());
        let b = site.by_path["content/2024/q1/b.md"];
        let inputs = BulletinPageInputs::of(&site, b, 7, None);
        let key = page_key(BULLETIN_PAGE, 1, &inputs);
        assert_ne!(key, page_key(BULLETIN_PAGE, 2, &inputs));
        assert_ne!(key, page_key(CARD, 1, &inputs));
        let body = BulletinPageInputs::of(&site, b, 8, None);
        assert_ne!(key, page_key(BULLETIN_PAGE, 1, &body));
        for image in [LinkTarget::File, LinkTarget::Missing] {
            let other = BulletinPageInputs::of(&site, b, 7, Some(image));
            assert_ne!(key, page_key(BULLETIN_PAGE, 1, &other));
        }
        // A card: its own bytes and its terms (a tag's spelling), not its neighbours.
        let card = page_key(CARD, 1, &CardInputs::of(&site, b));
        let renamed = site_with_tag("Y Tế");
        let b2 = renamed.by_path["content/2024/q1/b.md"];
        assert_ne!(card, page_key(CARD, 1, &CardInputs::of(&renamed, b2)));
        let neighbour = self::site(&|t| t.replacen("title: \"Tin c\"", "title: \"X\"", 1));
        let b3 = neighbour.by_path["content/2024/q1/b.md"];
        assert_eq!(card, page_key(CARD, 1, &CardInputs::of(&neighbour, b3)));
    }

    #[test]
    fn list_keys_follow_every_card_and_list() {
        let site = site(&|t| t.to_owned());
        let term = TermInputs {
            index: 0,
            term: &site.tags[0],
        };
        let keys = [10, 11, 12, 13];
        let other_keys = [10, 11, 99, 13];
        let key = |kind, page, total, list: &[usize], whole: Option<&[usize]>, keys| {
            let inputs = ListPageInputs {
                kind,
                page,
                total,
                cards: Cards { list, keys },
                whole: whole.map(|list| Cards { list, keys }),
            };
            page_key(LIST_PAGE, 1, &inputs)
        };
        let tag = ListKind::Tag(term);
        let base = key(tag, 1, 3, &[0, 1], Some(&[0, 1, 2]), &keys[..]);
        assert_eq!(base, key(tag, 1, 3, &[0, 1], Some(&[0, 1, 2]), &keys[..]));
        for other in [
            key(
                ListKind::District(term),
                1,
                3,
                &[0, 1],
                Some(&[0, 1, 2]),
                &keys[..],
            ),
            key(ListKind::Home, 1, 3, &[0, 1], Some(&[0, 1, 2]), &keys[..]),
            key(tag, 2, 3, &[0, 1], Some(&[0, 1, 2]), &keys[..]),
            key(tag, 1, 4, &[0, 1], Some(&[0, 1, 2]), &keys[..]),
            key(tag, 1, 3, &[1, 0], Some(&[0, 1, 2]), &keys[..]),
            key(tag, 1, 3, &[0, 1], Some(&[0, 1, 3]), &keys[..]),
            key(tag, 1, 3, &[0, 1], Some(&[0, 1]), &keys[..]),
            key(tag, 1, 3, &[0], Some(&[1, 0, 1, 2]), &keys[..]),
            key(tag, 1, 3, &[0, 1], None, &keys[..]),
            key(tag, 1, 3, &[0, 1], Some(&[0, 1, 2]), &other_keys[..]),
        ] {
            assert_ne!(base, other);
        }
    }

    /// The site with its one tag spelled `tag`.
    fn site_with_tag(tag: &str) -> Site {
        let mut site = self::site(&|t| t.to_owned());
        if let Some(t) = site.tags.first_mut() {
            t.name = tag.to_owned();
        }
        site
    }
}
