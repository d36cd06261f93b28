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
            let (kind, rest) = line.split_at(line.len().min(1));
            match kind {
                "s" | "p" => {
                    let map = if kind == "s" {
                        &mut self.syllables
                    } else {
                        &mut self.pairs
                    };
                    let (flag, term) = rest.split_at(rest.len().min(1));
                    let p = posting(map, term);
                    p.docs.push(id);
                    if flag == "1" {
                        p.title.push(id);
                    }
                }
                "v" => {
                    let Some((folded, lower)) = rest.split_once('\t') else {
                        continue;
                    };
                    if !self.spellings.contains_key(folded) {
                        self.spellings.insert(folded.into(), Vec::new());
                    }
                    let list = self.spellings.get_mut(folded).expect("inserted just above");
                    match list.iter_mut().find(|(s, _)| &**s == lower) {
                        Some((_, ids)) => ids.push(id),
                        None => {
                            let mut ids = IdList::default();
                            ids.push(id);
                            list.push((lower.into(), ids));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Every bucket file: `(path, bytes)`, for a site of `n` bulletins.
    pub(crate) fn bucket_files(&self, n: usize) -> Vec<(String, Vec<u8>)> {
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
        let mut files = Vec::with_capacity(l.syllables + l.pairs + l.spellings);
        for (dir, map, buckets) in [
            ("s", &self.syllables, l.syllables),
            ("p", &self.pairs, l.pairs),
        ] {
            let mut groups: Vec<Vec<(&str, &Postings)>> = vec![Vec::new(); buckets];
            for (t, p) in map {
                let b = if dir == "s" {
                    syllable_bucket(t, buckets)
                } else {
                    term_bucket(t, buckets)
                };
                groups[b].push((t, p));
            }
            files.par_extend(groups.into_par_iter().enumerate().map(|(b, mut g)| {
                g.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let mut out = header(g.len());
                for (t, p) in g {
                    term(&mut out, t);
                    p.docs.encode(&mut out);
                    p.title.encode(&mut out);
                }
                (format!("search/{dir}/{b}.bin"), out)
            }));
        }
        let mut groups: Vec<Vec<(&str, &Spellings)>> = vec![Vec::new(); l.spellings];
        for (t, list) in &self.spellings {
            groups[term_bucket(t, l.spellings)].push((t, list));
        }
        files.par_extend(groups.into_par_iter().enumerate().map(|(b, mut g)| {
            g.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut out = header(g.len());
            for (t, list) in g {
                term(&mut out, t);
                push_varint(&mut out, list.len() as u64);
                for (spelling, ids) in list {
                    term(&mut out, spelling);
                    ids.encode(&mut out);
                }
            }
            (format!("search/v/{b}.bin"), out)
        }));
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
