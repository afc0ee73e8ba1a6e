//! Text reuse: passages and sentences that two articles share word for word
//! or nearly, so that their agreement is not independent evidence.
//!
//! Each passage is read as a sequence of words, normalised (case folded,
//! punctuation and spacing ignored). Every run of [`SHINGLE`] words is
//! hashed; a run that also occurs in another article is a seed, and seeds
//! that follow each other in both places grow into one shared span. Spans
//! shorter than [`MIN_WORDS`] (a short sentence) are dropped, so stock
//! phrases ("the Treaty of Rapallo was signed in 1922") do not count. Spans
//! a few words apart in both places are joined: a changed word ("important
//! to" / "important for") does not split a copied paragraph.
//!
//! A phrase found in many articles ([`boilerplate`]) is a formula of the
//! pack, not a copy, and seeds nothing.
//!
//! The cost is linear in the length of the corpus: two passes, each with
//! one hash-map lookup per word, and work proportional to the seeds found.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::model::{ArticleIdx, Corpus, PassageLoc};

/// Words per shingle: long enough that chance matches between unrelated
/// texts are rare, short enough that a sentence with a word or two changed
/// still yields seeds between the changes.
pub const SHINGLE: usize = 5;

/// The fewest words two places must have in common for a span to count:
/// about a sentence.
pub const MIN_WORDS: usize = 12;

/// Words that may differ between two pieces of one shared span.
const GAP: usize = SHINGLE;

/// Places a shingle is remembered in: a phrase repeated across many
/// articles (boilerplate) is paired with its first few places only, so the
/// work stays linear however often it recurs.
const MAX_PLACES: usize = 4;

/// One side of a shared span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub loc: PassageLoc,
    /// Byte range in the passage's shown text.
    pub range: Range<usize>,
}

/// A span of text two articles share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSpan {
    /// The place earlier in reading order.
    pub first: Side,
    /// The other place, in another article.
    pub second: Side,
    /// Its length in words, on the shorter side.
    pub words: usize,
    /// Whether the two sides are the same words once normalised.
    pub exact: bool,
}

impl SharedSpan {
    /// The side in `loc`'s passage and the other side, if `loc` is one of them.
    pub fn seen_from(&self, loc: PassageLoc) -> Option<(&Side, &Side)> {
        if self.first.loc == loc {
            Some((&self.first, &self.second))
        } else if self.second.loc == loc {
            Some((&self.second, &self.first))
        } else {
            None
        }
    }
}

/// Every span of text shared between articles.
#[derive(Debug, Clone, Default)]
pub struct Reuse {
    /// In reading order of their first side.
    pub spans: Vec<SharedSpan>,
    /// Passage → the spans with a side in it.
    by_passage: HashMap<PassageLoc, Vec<usize>>,
}

impl Reuse {
    /// The spans with a side in passage `loc`, in reading order there.
    pub fn at(&self, loc: PassageLoc) -> impl Iterator<Item = &SharedSpan> {
        self.by_passage
            .get(&loc)
            .into_iter()
            .flatten()
            .map(|&i| &self.spans[i])
    }

    /// Whether passage `loc` shares text with another article.
    pub fn is_shared(&self, loc: PassageLoc) -> bool {
        self.by_passage.contains_key(&loc)
    }

    /// The passages, in any article, that share text with `loc`.
    pub fn partners(&self, loc: PassageLoc) -> Vec<PassageLoc> {
        let mut out: Vec<PassageLoc> = self
            .at(loc)
            .filter_map(|s| s.seen_from(loc).map(|(_, other)| other.loc))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Pairs of articles that share text, each with the words they share.
    pub fn article_pairs(&self) -> Vec<((ArticleIdx, ArticleIdx), usize)> {
        let mut pairs: HashMap<(ArticleIdx, ArticleIdx), usize> = HashMap::new();
        for s in &self.spans {
            *pairs
                .entry((s.first.loc.article, s.second.loc.article))
                .or_default() += s.words;
        }
        let mut out: Vec<_> = pairs.into_iter().collect();
        out.sort();
        out
    }

    /// Words shared in all, counted once per span.
    pub fn words(&self) -> usize {
        self.spans.iter().map(|s| s.words).sum()
    }
}

/// A word of a passage: its normalised hash and where it is.
struct Word {
    hash: u64,
    range: Range<usize>,
}

/// Hashes a word with its case folded and anything but letters and digits
/// left out ("Germany's" and "Germany’s" are one word): FNV-1a.
fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
    {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The words of a text: runs of letters and digits; an apostrophe between
/// two letters stays inside the word, any other mark separates words.
fn words(text: &str, out: &mut Vec<Word>) {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner = (c == '\'' || c == '’')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word {
                hash: word_hash(&text[s..i]),
                range: s..i,
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            hash: word_hash(&text[s..]),
            range: s..text.len(),
        });
    }
}

/// Where a shingle was seen: (word index in the corpus, passage), in
/// different articles, at most [`MAX_PLACES`].
#[derive(Default)]
struct Places {
    n: u8,
    at: [(u32, u32); MAX_PLACES],
    /// In how many articles it occurs (saturating), and the last of them
    /// counted, plus one.
    articles: u32,
    last: u32,
}

/// In more articles than this, a phrase is the pack's boilerplate (a
/// standard line, a repeated formula), not one source copying another.
fn boilerplate(articles: usize) -> usize {
    MAX_PLACES.max(articles / 100)
}

/// Keys that are hashes already need no hashing again.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// A run of seeds on one diagonal: words `a..a_end` of one passage match
/// words `b..b_end` of another.
#[derive(Debug, Clone, Copy)]
struct Run {
    a: usize,
    a_end: usize,
    b: usize,
    b_end: usize,
    exact: bool,
    /// Words matched in seeds, not counting the gaps between them.
    matched: usize,
}

/// Finds every span of text shared between two articles of `c`.
pub fn find(c: &Corpus) -> Reuse {
    // All words of the corpus in reading order, with the passage of each.
    let mut all: Vec<Word> = Vec::new();
    let mut bounds: Vec<(PassageLoc, Range<usize>)> = Vec::new();
    for (ai, a) in c.articles.iter().enumerate() {
        for (pi, p) in a.passages.iter().enumerate() {
            let start = all.len();
            words(&p.text, &mut all);
            if all.len() - start >= SHINGLE {
                bounds.push((
                    PassageLoc {
                        article: ai,
                        passage: pi,
                    },
                    start..all.len(),
                ));
            }
        }
    }

    // Seeds: (passage of the earlier place, passage of the later place,
    // diagonal) → word offsets in the later passage, in increasing order.
    // Pass 1: every shingle's hash, and in how many articles it occurs.
    let mut seen: ByHash<Places> = ByHash::default();
    seen.reserve(all.len());
    let mut shingles: Vec<u64> = vec![0; all.len()];
    for (loc, range) in &bounds {
        let ws = &all[range.clone()];
        for i in 0..=ws.len() - SHINGLE {
            let h = ws[i..i + SHINGLE].iter().fold(0u64, |h, w| {
                h.rotate_left(5).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w.hash
            });
            shingles[range.start + i] = h;
            let places = seen.entry(h).or_default();
            // Articles come in order, so a new one is one not seen last.
            let article = loc.article as u32 + 1;
            if places.last != article {
                places.last = article;
                places.articles = places.articles.saturating_add(1);
            }
        }
    }

    // Pass 2: each shingle paired with its earlier places in other
    // articles, unless it is boilerplate.
    let common = boilerplate(c.articles.len());
    let mut seeds: HashMap<(u32, u32, isize), Vec<(usize, usize)>> = HashMap::new();
    for (bi, (loc, range)) in bounds.iter().enumerate() {
        for i in 0..=range.len() - SHINGLE {
            let Some(places) = seen.get_mut(&shingles[range.start + i]) else {
                continue;
            };
            if places.articles < 2 || places.articles as usize > common {
                continue;
            }
            let mut same_article = false;
            for &(j_global, bj) in &places.at[..usize::from(places.n)] {
                let (other, orange) = &bounds[bj as usize];
                if other.article == loc.article {
                    same_article = true;
                    continue;
                }
                let j = j_global as usize - orange.start;
                seeds
                    .entry((bj, bi as u32, i as isize - j as isize))
                    .or_default()
                    .push((j, i));
            }
            if usize::from(places.n) < MAX_PLACES && !same_article {
                places.at[usize::from(places.n)] = ((range.start + i) as u32, bi as u32);
                places.n += 1;
            }
        }
    }

    // Seeds in a row on one diagonal make a run; runs of one pair of
    // passages a few words apart make a span.
    let mut runs: HashMap<(u32, u32), Vec<Run>> = HashMap::new();
    for ((ba, bb, _), list) in seeds {
        let mut cur: Option<Run> = None;
        for (j, i) in list {
            match &mut cur {
                Some(r) if j <= r.a_end - SHINGLE + 1 => {
                    r.matched += j + SHINGLE - r.a_end;
                    r.a_end = j + SHINGLE;
                    r.b_end = i + SHINGLE;
                }
                _ => {
                    if let Some(r) = cur.take() {
                        runs.entry((ba, bb)).or_default().push(r);
                    }
                    cur = Some(Run {
                        a: j,
                        a_end: j + SHINGLE,
                        b: i,
                        b_end: i + SHINGLE,
                        exact: true,
                        matched: SHINGLE,
                    });
                }
            }
        }
        if let Some(r) = cur {
            runs.entry((ba, bb)).or_default().push(r);
        }
    }

    let mut spans = Vec::new();
    for ((ba, bb), mut list) in runs {
        list.sort_by_key(|r| (r.a, r.b));
        let mut merged: Vec<Run> = Vec::new();
        for r in list {
            match merged.last_mut() {
                // Sorted by `a`, so only `b` can run backwards.
                Some(m) if r.a <= m.a_end + GAP && r.b <= m.b_end + GAP && r.b >= m.b => {
                    let contiguous = r.a <= m.a_end
                        && r.b <= m.b_end
                        && r.a as isize - r.b as isize == m.a as isize - m.b as isize;
                    m.exact &= contiguous && r.exact;
                    m.matched += r.a_end.saturating_sub(m.a_end.max(r.a));
                    m.a_end = m.a_end.max(r.a_end);
                    m.b_end = m.b_end.max(r.b_end);
                }
                _ => merged.push(r),
            }
        }
        let (la, ra) = &bounds[ba as usize];
        let (lb, rb) = &bounds[bb as usize];
        for m in merged {
            let n = (m.a_end - m.a).min(m.b_end - m.b);
            if m.matched < MIN_WORDS {
                continue;
            }
            let side = |loc: PassageLoc, range: &Range<usize>, from: usize, to: usize| Side {
                loc,
                range: all[range.start + from].range.start..all[range.start + to - 1].range.end,
            };
            spans.push(SharedSpan {
                first: side(*la, ra, m.a, m.a_end),
                second: side(*lb, rb, m.b, m.b_end),
                words: n,
                exact: m.exact && m.a_end - m.a == m.b_end - m.b,
            });
        }
    }
    spans.sort_by(|x, y| {
        (
            x.first.loc,
            x.first.range.start,
            x.second.loc,
            x.second.range.start,
        )
            .cmp(&(
                y.first.loc,
                y.first.range.start,
                y.second.loc,
                y.second.range.start,
            ))
    });
    let mut by_passage: HashMap<PassageLoc, Vec<usize>> = HashMap::new();
    for (i, s) in spans.iter().enumerate() {
        by_passage.entry(s.first.loc).or_default().push(i);
        if s.second.loc != s.first.loc {
            by_passage.entry(s.second.loc).or_default().push(i);
        }
    }
    for (loc, list) in by_passage.iter_mut() {
        list.sort_by_key(|&i| {
            spans[i]
                .seen_from(*loc)
                .map_or(0, |(here, _)| here.range.start)
        });
    }
    Reuse { spans, by_passage }
}

/// `lectern reuse`: every shared span with both places, and the pairs of
/// articles that share text.
#[derive(Debug, Serialize)]
pub struct ReuseReport<'a> {
    pub spans: Vec<SpanReport<'a>>,
    pub pairs: Vec<PairReport<'a>>,
    /// Words shared in all, once per span.
    pub words: usize,
}

#[derive(Debug, Serialize)]
pub struct SpanReport<'a> {
    pub words: usize,
    pub exact: bool,
    pub first: PlaceReport<'a>,
    pub second: PlaceReport<'a>,
}

/// One side of a span: the article, the passage (counted from 1, as the
/// reader shows it) and the text shared.
#[derive(Debug, Serialize)]
pub struct PlaceReport<'a> {
    pub article: &'a str,
    pub passage: usize,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct PairReport<'a> {
    pub first: &'a str,
    pub second: &'a str,
    pub words: usize,
}

impl<'a> ReuseReport<'a> {
    pub fn of(c: &'a Corpus) -> Self {
        let r = c.reuse();
        let place = |s: &Side| PlaceReport {
            article: &c.articles[s.loc.article].id,
            passage: s.loc.passage + 1,
            text: c
                .passage(s.loc)
                .and_then(|p| p.text.get(s.range.clone()))
                .unwrap_or_default(),
        };
        ReuseReport {
            spans: r
                .spans
                .iter()
                .map(|s| SpanReport {
                    words: s.words,
                    exact: s.exact,
                    first: place(&s.first),
                    second: place(&s.second),
                })
                .collect(),
            pairs: r
                .article_pairs()
                .into_iter()
                .map(|((a, b), words)| PairReport {
                    first: &c.articles[a].id,
                    second: &c.articles[b].id,
                    words,
                })
                .collect(),
            words: r.words(),
        }
    }

    /// The plain-text form: one block per span, quoting its start and end.
    pub fn write_text(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.spans.is_empty() {
            return writeln!(out, "no text is shared between articles");
        }
        for s in &self.spans {
            writeln!(
                out,
                "{} §{} = {} §{}  ({} words, {})",
                s.first.article,
                s.first.passage,
                s.second.article,
                s.second.passage,
                s.words,
                if s.exact {
                    "verbatim"
                } else {
                    "nearly verbatim"
                }
            )?;
            writeln!(out, "  {}", ends(s.first.text))?;
        }
        writeln!(
            out,
            "{} shared spans, {} words, between {} pairs of articles",
            self.spans.len(),
            self.words,
            self.pairs.len()
        )
    }
}

/// The first and last words of a long quote, joined by an ellipsis.
fn ends(text: &str) -> String {
    const EACH: usize = 36;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 2 * EACH + 3 {
        return format!("“{text}”");
    }
    let head: String = chars[..EACH].iter().collect();
    let tail: String = chars[chars.len() - EACH..].iter().collect();
    // Cut at spaces, so no word is shown in part.
    let head = head.rsplit_once(' ').map_or(head.as_str(), |(h, _)| h);
    let tail = tail.split_once(' ').map_or(tail.as_str(), |(_, t)| t);
    format!("“{head} … {tail}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        words(text, &mut out);
        out.iter().map(|w| w.hash).collect()
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_matter() {
        assert_eq!(
            hashes("Germany's army, in 1922: the REICHSWEHR."),
            hashes("germany’s  army in\n1922 --  The Reichswehr")
        );
        assert_ne!(hashes("the army"), hashes("the armies"));
    }

    #[test]
    fn words_keep_their_places_in_the_text() {
        let text = "  «Ihe» Treaty—of Rapallo’s ";
        let mut ws = Vec::new();
        words(text, &mut ws);
        let got: Vec<&str> = ws.iter().map(|w| &text[w.range.clone()]).collect();
        assert_eq!(got, ["Ihe", "Treaty", "of", "Rapallo’s"]);
    }

    #[test]
    fn a_long_quote_is_cut_between_words() {
        let t = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho";
        let e = ends(t);
        assert!(
            e.starts_with("“alpha beta") && e.ends_with("pi rho”"),
            "{e}"
        );
        assert!(e.contains(" … "));
        for w in e.trim_matches(['“', '”']).split_whitespace() {
            assert!(w == "…" || t.split(' ').any(|x| x == w), "{w} is cut");
        }
    }
}
