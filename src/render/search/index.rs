//! The inverted index: postings gathered bulletin by bulletin (in site order, so document
//! ids only grow), then written as bucket files a query fetches by term.
//!
//! A bucket file (`search/s/<b>.bin` for syllables, `search/p/<b>.bin` for syllable pairs,
//! `search/v/<b>.bin` for accented spellings) is unsigned LEB128 varints and UTF-8
//! strings: `1` (format), the number of bulletins, the chunk size, the number of terms,
//! then per term, sorted: its length and bytes and its sets (syllables and pairs: the
//! bulletins that have it, then those whose title has it; spellings: how many, then per
//! spelling its length, bytes and set). A set is `count << 1 | bitset`, then either
//! `count` ids as gaps (first id, then each minus the one before) or a byte length and a
//! bitset (bit `i % 8` of byte `i / 8` for bulletin `i`), whichever is shorter.

use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// How the index is cut into files for a site of `n` bulletins (`search.js` computes the
/// same from the count the search page gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Syllable buckets, keyed by the first three characters of a syllable (so the terms
    /// a last word typed as a prefix can stand for are in one bucket).
    pub syllables: usize,
    /// Pair buckets, keyed by the whole pair.
    pub pairs: usize,
    /// Spelling buckets, keyed by the folded syllable.
    pub spellings: usize,
    /// Bulletins per result chunk (`search/d/<k>.json`).
    pub chunk: usize,
}

impl Layout {
    /// No buckets (where only postings are gathered).
    const NONE: Layout = Layout {
        syllables: 1,
        pairs: 1,
        spellings: 1,
        chunk: 8,
    };
}

/// The layout of a site of `n` bulletins: bucket counts are powers of two that grow
/// with the site, so a bucket stays a few kilobytes.
pub fn layout(n: usize) -> Layout {
    let buckets = |per: usize, max: usize| n.div_ceil(per).next_power_of_two().min(max);
    Layout {
        syllables: buckets(64, 2048),
        pairs: buckets(16, 16384),
        spellings: buckets(128, 1024),
        chunk: 8,
    }
}

/// FNV-1a (32 bits) of `s`'s UTF-8 bytes: the bucket hash `search.js` computes too.
pub fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The bucket of syllable `term` among `buckets`.
pub fn syllable_bucket(term: &str, buckets: usize) -> usize {
    let end = term.char_indices().nth(3).map_or(term.len(), |(i, _)| i);
    fnv1a(&term[..end]) as usize % buckets.max(1)
}

/// The bucket of a pair or a spelling's folded syllable among `buckets`.
pub fn term_bucket(term: &str, buckets: usize) -> usize {
    fnv1a(term) as usize % buckets.max(1)
}

/// The three kinds of bucket files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Space {
    Syllables,
    Pairs,
    Spellings,
}

impl Space {
    const ALL: [Space; 3] = [Space::Syllables, Space::Pairs, Space::Spellings];

    fn dir(self) -> &'static str {
        match self {
            Space::Syllables => "s",
            Space::Pairs => "p",
            Space::Spellings => "v",
        }
    }

    fn buckets(self, l: &Layout) -> usize {
        match self {
            Space::Syllables => l.syllables,
            Space::Pairs => l.pairs,
            Space::Spellings => l.spellings,
        }
    }

    /// The bucket of `term` (its folded syllable for a spelling).
    pub(crate) fn bucket(self, term: &str, l: &Layout) -> usize {
        match self {
            Space::Syllables => syllable_bucket(term, l.syllables),
            _ => term_bucket(term, self.buckets(l)),
        }
    }

    /// The bucket's file.
    pub(crate) fn file(self, bucket: usize) -> String {
        format!("search/{}/{bucket}.bin", self.dir())
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A growing set of bulletin ids, kept as varint gaps.
#[derive(Default)]
pub(crate) struct IdList {
    /// Last id + 1 (0: empty).
    next: u32,
    count: u32,
    gaps: Vec<u8>,
}

impl IdList {
    fn push(&mut self, id: u32) {
        if self.count > 0 && id < self.next {
            return; // already there (ids only grow)
        }
        let gap = if self.count == 0 {
            id
        } else {
            id - (self.next - 1)
        };
        push_varint(&mut self.gaps, u64::from(gap));
        self.count += 1;
        self.next = id + 1;
    }

    /// The ids, in order.
    fn ids(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count as usize);
        let (mut value, mut shift) = (0u32, 0);
        for &b in &self.gaps {
            value |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                out.push(out.last().map_or(value, |l| l + value));
                (value, shift) = (0, 0);
            }
        }
        out
    }

    fn from_ids(ids: &[u32]) -> IdList {
        let mut l = IdList::default();
        for &id in ids {
            l.push(id);
        }
        l
    }

    /// Adds `id` anywhere in the set (serve: a bulletin edited in place).
    fn insert(&mut self, id: u32) {
        if self.count == 0 || id >= self.next {
            return self.push(id);
        }
        let mut ids = self.ids();
        if let Err(at) = ids.binary_search(&id) {
            ids.insert(at, id);
            *self = IdList::from_ids(&ids);
        }
    }

    /// Takes `id` out of the set.
    fn remove(&mut self, id: u32) {
        let mut ids = self.ids();
        if let Ok(at) = ids.binary_search(&id) {
            ids.remove(at);
            *self = IdList::from_ids(&ids);
        }
    }

    /// Appends the set's encoding (see the module docs) to `out`.
    fn encode(&self, out: &mut Vec<u8>) {
        let bitset_len = self.next.div_ceil(8) as usize;
        let count = u64::from(self.count);
        if bitset_len < self.gaps.len() {
            push_varint(out, count << 1 | 1);
            push_varint(out, bitset_len as u64);
            let start = out.len();
            out.resize(start + bitset_len, 0);
            let mut id = 0u64;
            let mut first = true;
            let mut value = 0u64;
            let mut shift = 0;
            for &b in &self.gaps {
                value |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    id = if first { value } else { id + value };
                    first = false;
                    out[start + (id / 8) as usize] |= 1 << (id % 8);
                    value = 0;
                    shift = 0;
                }
            }
        } else {
            push_varint(out, count << 1);
            out.extend_from_slice(&self.gaps);
        }
    }
}

/// A term's bulletins and the subset with it in their title.
#[derive(Default)]
pub(crate) struct Postings {
    docs: IdList,
    title: IdList,
}

type Map<V> = HashMap<Box<str>, V, Xxh3DefaultBuilder>;

/// A folded syllable's spellings with marks, each with its bulletins.
type Spellings = Vec<(Box<str>, IdList)>;

/// Postings of every term, filled bulletin by bulletin.
#[derive(Default)]
pub(crate) struct Inverted {
    syllables: Map<Postings>,
    pairs: Map<Postings>,
    spellings: Map<Spellings>,
}

fn posting<'m>(map: &'m mut Map<Postings>, term: &str) -> &'m mut Postings {
    if !map.contains_key(term) {
        map.insert(term.into(), Postings::default());
    }
    map.get_mut(term).expect("inserted just above")
}

impl Inverted {
    /// Adds bulletin `id`'s term lines (see `DocTerms::write_lines`).
    pub(crate) fn add(&mut self, id: u32, lines: &str) {
        for line in lines.lines() {
            self.apply(id, line, true, &Layout::NONE);
        }
    }

    /// Adds (`add`) or takes out bulletin `id` from the postings of one term line;
    /// returns the file of the bucket that holds the term, for a site of `n` bulletins.
    pub(crate) fn apply(
        &mut self,
        id: u32,
        line: &str,
        add: bool,
        l: &Layout,
    ) -> Option<(Space, usize)> {
        let (kind, rest) = line.split_at(line.len().min(1));
        let change = |l: &mut IdList| if add { l.insert(id) } else { l.remove(id) };
        match kind {
            "s" | "p" => {
                let (space, map) = if kind == "s" {
                    (Space::Syllables, &mut self.syllables)
                } else {
                    (Space::Pairs, &mut self.pairs)
                };
                let (flag, term) = rest.split_at(rest.len().min(1));
                let p = posting(map, term);
                change(&mut p.docs);
                if flag == "1" {
                    change(&mut p.title);
                }
                if p.docs.count == 0 {
                    map.remove(term);
                }
                Some((space, space.bucket(term, l)))
            }
            "v" => {
                let (folded, lower) = rest.split_once('\t')?;
                if !self.spellings.contains_key(folded) {
                    self.spellings.insert(folded.into(), Vec::new());
                }
                let list = self.spellings.get_mut(folded).expect("inserted just above");
                match list.iter_mut().position(|(s, _)| &**s == lower) {
                    Some(k) => change(&mut list[k].1),
                    None if add => {
                        let mut ids = IdList::default();
                        ids.push(id);
                        list.push((lower.into(), ids));
                    }
                    None => {}
                }
                list.retain(|(_, ids)| ids.count > 0);
                if list.is_empty() {
                    self.spellings.remove(folded);
                }
                Some((Space::Spellings, Space::Spellings.bucket(folded, l)))
            }
            _ => None,
        }
    }

    /// The bucket files for a site of `n` bulletins: `(path, bytes)`, every one, or only
    /// those of `only`.
    pub(crate) fn bucket_files(
        &self,
        n: usize,
        only: Option<&std::collections::HashSet<(Space, usize)>>,
    ) -> Vec<(String, Vec<u8>)> {
        use rayon::prelude::*;
        let l = layout(n);
        let header = |terms: usize| {
            let mut out = Vec::with_capacity(4096);
            for v in [1, n, l.chunk, terms] {
                push_varint(&mut out, v as u64);
            }
            out
        };
        let term = |out: &mut Vec<u8>, t: &str| {
            push_varint(out, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        };
        let wanted = |space: Space, b: usize| only.is_none_or(|o| o.contains(&(space, b)));
        let mut files = Vec::new();
        for space in Space::ALL {
            let mut groups: Vec<Option<Vec<&str>>> = (0..space.buckets(&l))
                .map(|b| wanted(space, b).then(Vec::new))
                .collect();
            let keys: Box<dyn Iterator<Item = &Box<str>>> = match space {
                Space::Syllables => Box::new(self.syllables.keys()),
                Space::Pairs => Box::new(self.pairs.keys()),
                Space::Spellings => Box::new(self.spellings.keys()),
            };
            for t in keys {
                if let Some(g) = &mut groups[space.bucket(t, &l)] {
                    g.push(t);
                }
            }
            files.par_extend(groups.into_par_iter().enumerate().filter_map(|(b, g)| {
                let mut g = g?;
                g.sort_unstable();
                let mut out = header(g.len());
                for t in g {
                    term(&mut out, t);
                    if let Some(list) = self.spellings.get(t).filter(|_| space == Space::Spellings)
                    {
                        push_varint(&mut out, list.len() as u64);
                        let mut list: Vec<_> = list.iter().collect();
                        list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                        for (spelling, ids) in list {
                            term(&mut out, spelling);
                            ids.encode(&mut out);
                        }
                    } else if let Some(p) = match space {
                        Space::Syllables => self.syllables.get(t),
                        Space::Pairs => self.pairs.get(t),
                        Space::Spellings => None,
                    } {
                        p.docs.encode(&mut out);
                        p.title.encode(&mut out);
                    }
                }
                Some((space.file(b), out))
            }));
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_are_gaps_or_bitsets_whichever_is_shorter() {
        let mut sparse = IdList::default();
        for id in [3, 300, 300, 1000] {
            sparse.push(id);
        }
        let mut out = Vec::new();
        sparse.encode(&mut out);
        assert_eq!(out, [6, 3, 0xa9, 0x02, 0xbc, 0x05]);
        let mut dense = IdList::default();
        for id in [0, 1, 2, 3, 9] {
            dense.push(id);
        }
        let mut out = Vec::new();
        dense.encode(&mut out);
        assert_eq!(out, [11, 2, 0b0000_1111, 0b0000_0010]);
    }

    #[test]
    fn layout_grows_with_the_site() {
        assert_eq!(
            layout(5),
            Layout {
                syllables: 1,
                pairs: 1,
                spellings: 1,
                chunk: 8
            }
        );
        let l = layout(10_000);
        assert_eq!((l.syllables, l.pairs, l.spellings), (256, 1024, 128));
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(
            syllable_bucket("xuat", 1 << 20),
            syllable_bucket("xua", 1 << 20)
        );
    }
}
