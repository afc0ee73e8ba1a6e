//! Search across the corpus: smart case (insensitive unless the query has a
//! capital), Unicode-aware, literal text.

mod fold;
mod index;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use regex::{Regex, RegexBuilder};
use unicode_segmentation::GraphemeCursor;

pub use fold::fold;
pub use index::{BLOCK_BYTES, Index};

use crate::corpus::{Corpus, Passage, PassageLoc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub loc: PassageLoc,
    /// Byte range in the passage's shown text.
    pub range: Range<usize>,
}

/// Builds the matcher for a query; None for an empty query.
pub fn matcher(query: &str) -> Option<Regex> {
    if query.is_empty() {
        return None;
    }
    let smart_insensitive = !query.chars().any(char::is_uppercase);
    RegexBuilder::new(&regex::escape(query))
        .case_insensitive(smart_insensitive)
        .unicode(true)
        .size_limit(1 << 20)
        .build()
        .ok()
}

/// Most hits one search keeps: a one-letter query in a very long corpus
/// would otherwise take memory without bound. `n`/`N` walk the hits kept.
pub const MAX_HITS: usize = 100_000;

/// Every hit in the corpus, in reading order, in the corrected text or the
/// text as printed; at most [`MAX_HITS`]. A plain scan of every passage:
/// [`Index::search`] gives the same hits faster.
pub fn search(corpus: &Corpus, query: &str, original: bool) -> Vec<Hit> {
    let Some(re) = matcher(query) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let mut full = false;
    for (a, article) in corpus.articles.iter().enumerate() {
        // Read without keeping it: a scan passes over the whole corpus.
        article.each_text(|p, text, printed| {
            let loc = PassageLoc {
                article: crate::corpus::ArticleIdx(a),
                passage: p,
            };
            let text = if original {
                printed.unwrap_or(text)
            } else {
                text
            };
            full = full || !scan_text(&re, text, loc, &mut hits);
        });
        if full {
            break;
        }
    }
    hits
}

/// Adds the hits of one passage; false once [`MAX_HITS`] are kept.
fn scan_passage(
    re: &Regex,
    passage: &Passage,
    loc: PassageLoc,
    original: bool,
    hits: &mut Vec<Hit>,
) -> bool {
    let (text, _, _) = passage.version(original);
    scan_text(re, text, loc, hits)
}

/// Adds the hits of one passage's text; false once [`MAX_HITS`] are kept.
fn scan_text(re: &Regex, text: &str, loc: PassageLoc, hits: &mut Vec<Hit>) -> bool {
    for m in re.find_iter(text) {
        if m.start() == m.end() {
            continue;
        }
        if hits.len() == MAX_HITS {
            return false;
        }
        // A hit covers whole graphemes ("e" in "ë" written with a
        // combining mark highlights the "ë"); hits that then meet
        // become one.
        let range = grapheme_floor(text, m.start())..grapheme_ceil(text, m.end());
        match hits.last_mut() {
            Some(last) if last.loc == loc && last.range.end > range.start => {
                last.range.end = last.range.end.max(range.end);
            }
            _ => hits.push(Hit { loc, range }),
        }
    }
    true
}

/// The index of the corpus being read, built in the background the first
/// time a search is opened; until it is ready, searches scan. Clones share
/// one index.
#[derive(Debug, Clone, Default)]
pub struct Searcher {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    started: AtomicBool,
    /// The corpus is held weakly only to recognise it: while the weak
    /// pointer lives, no other corpus can take its address.
    ready: OnceLock<(Weak<Corpus>, Index)>,
    /// The last search on the index's corpus.
    last: Mutex<Option<Last>>,
}

/// A search whose hits were all kept: a longer query that starts with it
/// can only match where it matched (a match of the longer query begins
/// with a match of this one, in either case mode, since a query with a
/// capital only grows into one with a capital), so typing one more
/// character scans only these passages.
#[derive(Debug)]
struct Last {
    query: String,
    original: bool,
    /// The passages with hits, in reading order.
    passages: Vec<PassageLoc>,
}

impl Searcher {
    /// Starts building the index of `corpus` on another thread, once.
    pub fn prepare(&self, corpus: &Arc<Corpus>) {
        if self.shared.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let shared = Arc::clone(&self.shared);
        let corpus = Arc::clone(corpus);
        // Without a thread, searches keep scanning: slower, the same hits.
        let _ = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                let index = Index::build(&corpus);
                let _ = shared.ready.set((Arc::downgrade(&corpus), index));
            });
    }

    /// The index, once built for this very corpus.
    pub fn index_for(&self, corpus: &Corpus) -> Option<&Index> {
        let (of, index) = self.shared.ready.get()?;
        std::ptr::eq(of.as_ptr(), corpus).then_some(index)
    }

    /// The same hits as [`search`]: from the index when it is ready, and
    /// from the passages of the last search when the query extends it.
    pub fn search(&self, corpus: &Corpus, query: &str, original: bool) -> Vec<Hit> {
        let Some(index) = self.index_for(corpus) else {
            return search(corpus, query, original);
        };
        // A poisoned lock only loses the shortcut.
        let mut last = match self.shared.last.lock() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        let hits = match last.take() {
            Some(l) if l.original == original && query.starts_with(&l.query) => {
                index.search_in(corpus, query, original, &l.passages)
            }
            _ => index.search(corpus, query, original),
        };
        if !query.is_empty() && hits.len() < MAX_HITS {
            let mut passages: Vec<PassageLoc> = hits.iter().map(|h| h.loc).collect();
            passages.dedup();
            *last = Some(Last {
                query: query.to_owned(),
                original,
                passages,
            });
        }
        hits
    }

    /// Builds the index of `corpus` here and now; for measurements and tests.
    pub fn with_index(corpus: &Arc<Corpus>) -> Searcher {
        let s = Searcher::default();
        s.shared.started.store(true, Ordering::Release);
        let _ = s
            .shared
            .ready
            .set((Arc::downgrade(corpus), Index::build(corpus)));
        s
    }
}

/// Whether `at` is plainly a grapheme boundary: between two ASCII
/// characters other than CR LF, or at an end. No ASCII character extends,
/// prepends to or joins a grapheme, so the full rules agree there; they are
/// left for the rest.
fn plain_boundary(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    match (at.checked_sub(1).and_then(|i| b.get(i)), b.get(at)) {
        (None, _) | (_, None) => true,
        (Some(&x), Some(&y)) => x.is_ascii() && y.is_ascii() && !(x == b'\r' && y == b'\n'),
    }
}

fn grapheme_floor(text: &str, at: usize) -> usize {
    if plain_boundary(text, at) {
        return at;
    }
    let mut c = GraphemeCursor::new(at, text.len(), true);
    match c.is_boundary(text, 0) {
        Ok(false) => c.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
        _ => at,
    }
}

fn grapheme_ceil(text: &str, at: usize) -> usize {
    if plain_boundary(text, at) {
        return at;
    }
    let mut c = GraphemeCursor::new(at, text.len(), true);
    match c.is_boundary(text, 0) {
        Ok(false) => c
            .next_boundary(text, 0)
            .ok()
            .flatten()
            .unwrap_or(text.len()),
        _ => at,
    }
}

/// Hits of one passage, from a list sorted in reading order.
pub fn hits_in(hits: &[Hit], loc: PassageLoc) -> &[Hit] {
    let start = hits.partition_point(|h| h.loc < loc);
    let end = hits.partition_point(|h| h.loc <= loc);
    &hits[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cursor_is_boundary(text: &str, at: usize) -> bool {
        GraphemeCursor::new(at, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(false)
    }

    proptest! {
        #[test]
        fn the_plain_boundary_shortcut_agrees_with_the_full_rules(
            text in "[a-c\r\n \u{301}\u{200D}\u{1F600}\u{0E33}\u{0600}\u{1100}\u{AC00}é]{0,12}"
        ) {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                if plain_boundary(&text, at) {
                    prop_assert!(cursor_is_boundary(&text, at), "{:?} at {}", text, at);
                }
            }
        }
    }

    #[test]
    fn smart_case() {
        let re = matcher("rapallo").unwrap();
        assert!(re.is_match("Treaty of RAPALLO"));
        let re = matcher("Rapallo").unwrap();
        assert!(!re.is_match("rapallo"));
        assert!(re.is_match("at Rapallo"));
    }

    #[test]
    fn unicode_case_folding_and_literal_text() {
        let re = matcher("großen").unwrap();
        assert!(re.is_match("DIE GROSSEN") || re.is_match("die GROẞEN"));
        let re = matcher("ÄRA").unwrap();
        assert!(!re.is_match("ära"));
        let re = matcher("a.b").unwrap();
        assert!(!re.is_match("axb"), "queries are literal text");
        assert!(matcher("").is_none());
    }
}
