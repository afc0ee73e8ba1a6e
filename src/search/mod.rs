//! Search across the corpus: smart case (insensitive unless the query has a
//! capital), Unicode-aware, literal text.

mod fold;
mod index;
mod searcher;
mod walk;

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use unicode_segmentation::GraphemeCursor;

pub use fold::fold;
pub use index::{BLOCK_BYTES, Index};
pub use searcher::{Budget, Found, Pending, Progress, Searcher};

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
            full = full || !scan_text(&re, text, loc, &mut hits, MAX_HITS);
        });
        if full {
            break;
        }
    }
    hits
}

/// Adds the hits of one passage; false once `cap` hits are kept.
fn scan_passage(
    re: &Regex,
    passage: &Passage,
    loc: PassageLoc,
    original: bool,
    hits: &mut Vec<Hit>,
    cap: usize,
) -> bool {
    let (text, _, _) = passage.version(original);
    scan_text(re, text, loc, hits, cap)
}

/// Adds the hits of one passage's text; false once `cap` hits are kept.
fn scan_text(re: &Regex, text: &str, loc: PassageLoc, hits: &mut Vec<Hit>, cap: usize) -> bool {
    for m in re.find_iter(text) {
        if m.start() == m.end() {
            continue;
        }
        if hits.len() >= cap {
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
