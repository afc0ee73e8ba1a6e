//! An n-gram index over blocks of passages: for every folded run of one,
//! two or three characters, the blocks whose text holds it. A query is
//! looked up by its own runs; only the blocks holding all of them are
//! scanned, by the same matcher as a plain search, so the hits are the
//! same hits.
//!
//! Blocks, not passages, because a posting per passage costs more memory
//! than the text itself; a block is a run of consecutive passages of a few
//! kilobytes. Posting lists that would hold more than a small share of the
//! blocks are kept as bitsets.

use std::collections::HashMap;
use std::fmt;

use super::fold::{Folder, fold};
use super::{Hit, MAX_HITS, matcher, scan_passage};
use crate::corpus::{ArticleIdx, Corpus, PassageLoc};

/// Bytes of text after which a block is closed. Chosen by measurement
/// (docs/PERFORMANCE.md): smaller blocks scan less per hit and cost more
/// memory.
pub const BLOCK_BYTES: usize = 8 * 1024;

/// The blocks holding one gram.
enum Postings {
    /// Block numbers, ascending.
    List(Vec<u32>),
    /// One bit per block.
    Bits(Vec<u64>),
}

impl Postings {
    fn holds(&self, block: u32) -> bool {
        match self {
            Postings::List(v) => v.binary_search(&block).is_ok(),
            Postings::Bits(b) => b
                .get(block as usize / 64)
                .is_some_and(|w| w >> (block % 64) & 1 == 1),
        }
    }

    fn len(&self) -> usize {
        match self {
            Postings::List(v) => v.len(),
            Postings::Bits(b) => b.iter().map(|w| w.count_ones() as usize).sum(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Postings::List(v) => v.capacity() * 4,
            Postings::Bits(b) => b.capacity() * 8,
        }
    }
}

/// Search structures for one corpus; valid for that corpus only.
pub struct Index {
    /// The first passage of every block, in reading order.
    starts: Vec<PassageLoc>,
    grams: HashMap<u64, Postings>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("blocks", &self.starts.len())
            .field("grams", &self.grams.len())
            .field("bytes", &self.heap_bytes())
            .finish()
    }
}

/// A gram of one to three folded characters as one number: 21 bits a
/// character, and a leading 1 so that lengths differ.
fn gram(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(1u64, |g, &c| (g << 21) | u64::from(u32::from(c)))
}

/// Where the grams of printable ASCII characters (nearly all of most
/// texts) are counted while building: a table small enough to stay in the
/// processor's cache, one slot per possible gram, rather than hashing every
/// character three times. Folded, printable ASCII is the 64 characters from
/// space to `_` (lower case folds to upper).
const PLAIN_SLOTS: usize = 64 + 64 * 64 + 64 * 64 * 64;

fn plain_slot(w: &[char]) -> Option<usize> {
    let mut slot = 0usize;
    for &c in w {
        let code = (c as usize).wrapping_sub(0x20);
        if code >= 64 {
            return None;
        }
        slot = slot * 64 + code;
    }
    Some(match w.len() {
        1 => slot,
        2 => 64 + slot,
        _ => 64 + 64 * 64 + slot,
    })
}

struct Builder {
    /// Per plain gram, 1 + its place in `postings`, or 0.
    plain: Vec<u32>,
    other: HashMap<u64, u32>,
    postings: Vec<(u64, Postings)>,
    /// Per gram, 1 + the last block added to its postings, or 0: repeats
    /// within a block stop here, without touching the postings.
    last: Vec<u32>,
    /// Lists this long become bitsets.
    dense_at: usize,
    bit_words: usize,
    folder: Folder,
}

impl Builder {
    fn add(&mut self, w: &[char], block: u32) {
        let at = match plain_slot(w) {
            Some(slot) => {
                let at = self.plain[slot];
                if at == 0 {
                    self.postings.push((gram(w), Postings::List(Vec::new())));
                    self.last.push(0);
                    // Fewer grams than 2^32: the table has 2^18 slots and
                    // other grams hold a character of the text.
                    self.plain[slot] = self.postings.len() as u32;
                    self.postings.len() - 1
                } else {
                    at as usize - 1
                }
            }
            None => {
                let next = self.postings.len();
                let at = *self.other.entry(gram(w)).or_insert(next as u32) as usize;
                if at == next {
                    self.postings.push((gram(w), Postings::List(Vec::new())));
                    self.last.push(0);
                }
                at
            }
        };
        if self.last[at] == block + 1 {
            return;
        }
        self.last[at] = block + 1;
        let postings = &mut self.postings[at].1;
        match postings {
            Postings::List(v) => {
                if v.last() != Some(&block) {
                    v.push(block);
                    if v.len() >= self.dense_at {
                        let mut bits = vec![0u64; self.bit_words];
                        for &b in v.iter() {
                            set(&mut bits, b);
                        }
                        *postings = Postings::Bits(bits);
                    }
                }
            }
            Postings::Bits(bits) => set(bits, block),
        }
    }

    /// Adds every gram of one to three characters of `text`, folded.
    fn text(&mut self, text: &str, block: u32) {
        let mut w = ['\0'; 3];
        let mut n = 0usize;
        for c in text.chars() {
            let c = self.folder.fold(c);
            w = [w[1], w[2], c];
            n += 1;
            self.add(&w[2..], block);
            if n >= 2 {
                self.add(&w[1..], block);
            }
            if n >= 3 {
                self.add(&w, block);
            }
        }
    }
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        Index::build_with(corpus, BLOCK_BYTES)
    }

    /// Builds with blocks of about `block_bytes` bytes of text.
    pub fn build_with(corpus: &Corpus, block_bytes: usize) -> Index {
        // Without keeping what an index opened lazily decodes.
        let total: usize = corpus
            .articles
            .iter()
            .map(|a| {
                a.passages.with(|ps| {
                    ps.iter()
                        .map(|p| p.text.len() + p.original.as_ref().map_or(0, |o| o.len()))
                        .sum::<usize>()
                })
            })
            .sum();
        let expected_blocks = total / block_bytes.max(1) + 1;
        let mut b = Builder {
            plain: vec![0; PLAIN_SLOTS],
            last: Vec::new(),
            other: HashMap::new(),
            postings: Vec::new(),
            dense_at: (expected_blocks / 32).max(8),
            bit_words: expected_blocks.div_ceil(64),
            folder: Folder::default(),
        };
        let mut starts = Vec::new();
        let mut fill = block_bytes;
        for (a, article) in corpus.articles.iter().enumerate() {
            // Read without keeping it: the index is built over the whole
            // corpus, whose text is otherwise read only where it is shown.
            article.each_text(|p, text, original| {
                if fill >= block_bytes {
                    starts.push(PassageLoc {
                        article: ArticleIdx(a),
                        passage: p,
                    });
                    fill = 0;
                }
                // Block numbers fit in u32: a block holds at least one
                // passage and a corpus far fewer than 2^32 of them.
                let block = (starts.len() - 1) as u32;
                b.text(text, block);
                fill += text.len();
                if let Some(o) = original {
                    b.text(o, block);
                    fill += o.len();
                }
            });
        }
        let grams = b
            .postings
            .into_iter()
            .map(|(g, mut p)| {
                if let Postings::List(v) = &mut p {
                    v.shrink_to_fit();
                }
                (g, p)
            })
            .collect();
        Index { starts, grams }
    }

    pub fn blocks(&self) -> usize {
        self.starts.len()
    }

    /// Memory held by the index, roughly.
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * std::mem::size_of::<PassageLoc>()
            + self.grams.capacity() * (8 + std::mem::size_of::<Postings>())
            + self.grams.values().map(Postings::bytes).sum::<usize>()
    }

    /// The blocks that may hold `query`, ascending; every block holding a
    /// match is among them.
    pub(super) fn candidates(&self, query: &str) -> Vec<u32> {
        let q: Vec<char> = query.chars().map(fold).collect();
        let n = q.len().min(3);
        let mut lists: Vec<&Postings> = Vec::new();
        for w in q.windows(n) {
            match self.grams.get(&gram(w)) {
                Some(p) => lists.push(p),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|p| p.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let keep = |b: &u32| rest.iter().all(|p| p.holds(*b));
        match first {
            Postings::List(v) => v.iter().copied().filter(|b| keep(b)).collect(),
            Postings::Bits(_) => (0..self.starts.len() as u32)
                .filter(|b| first.holds(*b) && keep(b))
                .collect(),
        }
    }

    /// The block holding `loc` (or, past the end, the last block).
    pub(super) fn block_of(&self, loc: PassageLoc) -> u32 {
        // Block numbers fit in u32 (see `build_with`).
        self.starts.partition_point(|s| *s <= loc).saturating_sub(1) as u32
    }

    /// The first passage of `block`, and of the one after it (None for the
    /// last block).
    pub(super) fn span(&self, block: u32) -> Option<(PassageLoc, Option<PassageLoc>)> {
        let b = block as usize;
        Some((*self.starts.get(b)?, self.starts.get(b + 1).copied()))
    }

    /// The same hits as [`super::search`] on the corpus this index was
    /// built from.
    pub fn search(&self, corpus: &Corpus, query: &str, original: bool) -> Vec<Hit> {
        let Some(re) = matcher(query) else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        for block in self.candidates(query) {
            let b = block as usize;
            let mut loc = self.starts[b];
            let end = self.starts.get(b + 1).copied();
            while Some(loc) != end {
                let Some(article) = corpus.article(loc.article) else {
                    return hits;
                };
                // A block's passages of one article at a time, decoded
                // (for an index opened lazily) without being kept.
                let more = article.passages.with(|ps| {
                    while let Some(passage) = ps.get(loc.passage) {
                        if Some(loc) == end {
                            return true;
                        }
                        if !scan_passage(&re, passage, loc, original, &mut hits, MAX_HITS) {
                            return false;
                        }
                        loc.passage += 1;
                    }
                    true
                });
                if !more {
                    return hits;
                }
                if Some(loc) != end {
                    loc = PassageLoc {
                        article: ArticleIdx(loc.article.index() + 1),
                        passage: 0,
                    };
                }
            }
        }
        debug_assert!(hits.len() <= MAX_HITS);
        hits
    }
}

fn set(bits: &mut Vec<u64>, block: u32) {
    let w = block as usize / 64;
    if w >= bits.len() {
        bits.resize(w + 1, 0);
    }
    bits[w] |= 1 << (block % 64);
}
