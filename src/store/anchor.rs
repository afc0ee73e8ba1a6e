//! Text-quote anchors: finding a bookmarked passage again after the article
//! text has changed.
//!
//! An anchor is modelled on the W3C Web Annotation `TextQuoteSelector`: the
//! quoted text plus a little of the text just before and after it, taken
//! from the article as the reader shows it (passages joined by a blank line).
//! Re-anchoring only ever searches the bookmark's own article and compares
//! strings of bounded length, so its cost does not grow with the corpus.

use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleIdx, Corpus, PassageLoc};

use super::model::Bookmark;

/// Longest `exact` quote, in characters. Long enough to tell paragraphs
/// apart, short enough that the file stays small and comparisons cheap.
pub const EXACT_CHARS: usize = 200;

/// Length of `prefix` and `suffix`, in characters.
pub const CONTEXT_CHARS: usize = 32;

/// How passages are joined into the article text that prefixes, suffixes and
/// character offsets refer to.
pub const SEPARATOR: &str = "\n\n";

/// The lowest similarity accepted as a fuzzy match.
///
/// Similarity is the Dice coefficient of character trigrams (case and runs of
/// whitespace ignored) over prefix, exact and suffix together. Measured on
/// the embedded corpus: a passage with one word of its quote replaced scores
/// 0.85–0.95 against its old anchor, two words 0.70–0.90; two different
/// passages of one article, even on the same subject, score 0.18 typically
/// and 0.45 at most. 0.6 sits in the gap: a revised passage is still found,
/// while a bookmark whose passage was rewritten or deleted shows as orphaned
/// instead of pointing at a neighbour that merely shares its vocabulary.
/// Bigrams would not do: the bigrams all English shares lift unrelated
/// passages to 0.58, too close to any usable threshold.
pub const FUZZY_THRESHOLD: f64 = 0.6;

/// The quote that identifies a bookmarked passage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The passage text as shown (corrections applied), cut to at most
    /// [`EXACT_CHARS`] characters.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters of the article just before `exact`.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters of the article just after `exact`:
    /// the start of the next passage, or the rest of the passage when
    /// `exact` is only its beginning.
    #[serde(default)]
    pub suffix: String,
}

/// Where a bookmark points in the current text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolution {
    /// The stored passage index still holds the quote.
    Exact(PassageLoc),
    /// The quote was found at another passage of the same article.
    Moved(PassageLoc),
    /// The quote is gone but this passage is similar enough (score in 0..=1).
    Fuzzy(PassageLoc, f64),
    /// The article is gone, or no passage resembles the quote.
    Orphaned,
}

impl Resolution {
    pub fn loc(&self) -> Option<PassageLoc> {
        match *self {
            Resolution::Exact(l) | Resolution::Moved(l) | Resolution::Fuzzy(l, _) => Some(l),
            Resolution::Orphaned => None,
        }
    }

    pub fn is_orphaned(&self) -> bool {
        matches!(self, Resolution::Orphaned)
    }
}

/// The anchor of a passage, or `None` when `loc` is not in the corpus.
pub fn anchor_for(corpus: &Corpus, loc: PassageLoc) -> Option<Anchor> {
    quote(corpus.article(loc.article)?, loc.passage, EXACT_CHARS)
}

/// The quote of passage `idx` with `exact` cut to `max_exact` characters.
pub(crate) fn quote(article: &Article, idx: usize, max_exact: usize) -> Option<Anchor> {
    let text = &article.passages.get(idx)?.text;
    let cut = byte_at_char(text, max_exact);
    Some(Anchor {
        exact: text[..cut].to_owned(),
        prefix: before(article, idx, CONTEXT_CHARS),
        suffix: after(article, idx, cut, CONTEXT_CHARS),
    })
}

/// Byte offset of the `n`th character, or the length when shorter.
fn byte_at_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The last `n` characters of the article before passage `idx`.
fn before(article: &Article, idx: usize, n: usize) -> String {
    let mut rev: Vec<char> = Vec::with_capacity(n);
    for p in article.passages[..idx.min(article.passages.len())]
        .iter()
        .rev()
    {
        for c in SEPARATOR.chars().rev().chain(p.text.chars().rev()) {
            if rev.len() == n {
                return rev.into_iter().rev().collect();
            }
            rev.push(c);
        }
    }
    rev.into_iter().rev().collect()
}

/// The first `n` characters of the article from byte `from` of passage `idx`.
fn after(article: &Article, idx: usize, from: usize, n: usize) -> String {
    let Some(first) = article.passages.get(idx) else {
        return String::new();
    };
    let rest = first.text.get(from..).unwrap_or("");
    let following = article.passages[idx + 1..]
        .iter()
        .flat_map(|p| SEPARATOR.chars().chain(p.text.chars()));
    rest.chars().chain(following).take(n).collect()
}

/// Finds where `bookmark` belongs in `corpus` now.
pub fn reanchor(corpus: &Corpus, bookmark: &Bookmark) -> Resolution {
    match corpus.article_index(&bookmark.article) {
        Some(a) => reanchor_in(corpus, a, bookmark),
        None => Resolution::Orphaned,
    }
}

/// [`reanchor`] with the article already looked up.
pub(crate) fn reanchor_in(corpus: &Corpus, article: ArticleIdx, b: &Bookmark) -> Resolution {
    let Some(art) = corpus.article(article) else {
        return Resolution::Orphaned;
    };
    let loc = |passage| PassageLoc { article, passage };
    let want = &b.anchor;
    let exact = normalize(&want.exact);

    if !exact.is_empty() {
        // The usual case, settled without scanning the article: the passage
        // is where it was and so are its neighbours.
        if let Some(p) = art.passages.get(b.passage)
            && (starts_with_normalized(&p.text, &exact)
                || p.original
                    .as_deref()
                    .is_some_and(|o| starts_with_normalized(o, &exact)))
            && quote(art, b.passage, EXACT_CHARS)
                .is_some_and(|q| q.prefix == want.prefix && q.suffix == want.suffix)
        {
            return Resolution::Exact(loc(b.passage));
        }

        // Every passage holding the quote; the neighbours decide between
        // repeated passages, then nearness to where the bookmark was.
        let best = art
            .passages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                normalize(&p.text).contains(&exact)
                    || p.original
                        .as_deref()
                        .is_some_and(|o| normalize(o).contains(&exact))
            })
            .map(|(i, _)| {
                let context = quote(art, i, EXACT_CHARS).map_or(0, |q| context_score(want, &q));
                (i, context)
            })
            .max_by(|(i, ci), (j, cj)| {
                ci.cmp(cj)
                    .then_with(|| b.passage.abs_diff(*j).cmp(&b.passage.abs_diff(*i)))
            });
        if let Some((i, _)) = best {
            return if i == b.passage {
                Resolution::Exact(loc(i))
            } else {
                Resolution::Moved(loc(i))
            };
        }
    }

    let wanted = Trigrams::of(want);
    let mut best: Option<(usize, f64)> = None;
    for i in 0..art.passages.len() {
        let Some(q) = quote(art, i, EXACT_CHARS) else {
            continue;
        };
        let score = wanted.dice(&Trigrams::of(&q));
        let better = match best {
            None => true,
            Some((j, s)) => {
                score > s || (score == s && b.passage.abs_diff(i) < b.passage.abs_diff(j))
            }
        };
        if better {
            best = Some((i, score));
        }
    }
    match best {
        Some((i, score)) if score >= FUZZY_THRESHOLD => Resolution::Fuzzy(loc(i), score),
        _ => Resolution::Orphaned,
    }
}

/// How alike two anchors are, from 0 (nothing in common) to 1 (the same
/// text up to case and whitespace): the measure [`FUZZY_THRESHOLD`] applies to.
pub fn similarity(a: &Anchor, b: &Anchor) -> f64 {
    Trigrams::of(a).dice(&Trigrams::of(b))
}

/// How many characters of context agree, counted outward from the quote.
pub(super) fn context_score(want: &Anchor, got: &Anchor) -> usize {
    let before = want
        .prefix
        .chars()
        .rev()
        .zip(got.prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let after = want
        .suffix
        .chars()
        .zip(got.suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    before + after
}

/// Whitespace runs collapsed to one space and trimmed, so that re-wrapping a
/// paragraph does not lose its bookmarks.
fn normalized_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    let mut started = false;
    s.chars()
        .flat_map(move |c| {
            if c.is_whitespace() {
                space = started;
                [None, None]
            } else {
                let sep = (space && started).then_some(' ');
                space = false;
                started = true;
                [sep, Some(c)]
            }
        })
        .flatten()
}

fn normalize(s: &str) -> String {
    normalized_chars(s).collect()
}

fn starts_with_normalized(text: &str, normalized_prefix: &str) -> bool {
    let mut t = normalized_chars(text);
    normalized_prefix.chars().all(|c| t.next() == Some(c))
}

/// The character trigrams of an anchor, lower-cased, whitespace collapsed,
/// each tagged with the part it came from so that the prefix of one quote
/// does not count as matching the body of another. Three 21-bit code points
/// and the tag fit a `u128` exactly, so no two trigrams share a key.
pub(super) struct Trigrams(Vec<u128>);

impl Trigrams {
    pub(super) fn of(a: &Anchor) -> Self {
        let mut v = Vec::with_capacity(EXACT_CHARS + 2 * CONTEXT_CHARS);
        for (tag, part) in [(0u128, &a.prefix), (1, &a.exact), (2, &a.suffix)] {
            let (mut a, mut b): (Option<char>, Option<char>) = (None, None);
            for c in normalized_chars(part).flat_map(char::to_lowercase) {
                if let (Some(a), Some(b)) = (a, b) {
                    v.push(tag << 63 | u128::from(a) << 42 | u128::from(b) << 21 | u128::from(c));
                }
                (a, b) = (b, Some(c));
            }
        }
        v.sort_unstable();
        Trigrams(v)
    }

    /// Dice coefficient of the two trigram multisets: 1 for the same text,
    /// 0 for nothing in common.
    pub(super) fn dice(&self, other: &Trigrams) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (2 * common) as f64 / (a.len() + b.len()) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(exact: &str) -> Anchor {
        Anchor {
            exact: exact.into(),
            ..Anchor::default()
        }
    }

    #[test]
    fn normalization_collapses_whitespace() {
        assert_eq!(normalize("  a \n b\t\tc  "), "a b c");
        assert!(starts_with_normalized("one\ntwo  three", "one two"));
        assert!(!starts_with_normalized("one", "one two"));
    }

    #[test]
    fn cut_on_char_boundary() {
        let s = "äöü";
        assert_eq!(&s[..byte_at_char(s, 2)], "äö");
        assert_eq!(byte_at_char(s, 9), s.len());
    }

    #[test]
    fn dice_bounds() {
        let a = Trigrams::of(&anchor("The Treaty of Rapallo"));
        let b = Trigrams::of(&anchor("the  treaty of\nrapallo"));
        assert!((a.dice(&b) - 1.0).abs() < 1e-9);
        let c = Trigrams::of(&anchor("xyz"));
        assert_eq!(a.dice(&c), 0.0);
        assert_eq!(a.dice(&Trigrams::of(&anchor(""))), 0.0);
    }
}
