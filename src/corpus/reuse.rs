//! Text reuse: passages and sentences that two articles share word for word
//! or nearly, so that their agreement is not independent evidence.
//!
//! Each passage is read as a sequence of words, normalised (case folded,
//! punctuation and spacing ignored). Every run of [`SHINGLE`] words is
//! hashed and a sample of them kept (winnowing: the least of every
//! [`WINDOW`] in a row); a kept run that also occurs in another article is a
//! seed, grown word by word to all the two places have in common there, and
//! stretches a few words apart in both places make one shared span. Spans
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
//! Memory is about sixteen bytes a word while it runs (a hash per word and a
//! count per distinct shingle), and what it finds afterwards.

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

/// Shingles in a row of which one is picked (see [`find`]): any text of
/// `WINDOW + SHINGLE - 1` words that two articles share seeds a match.
const WINDOW: usize = 4;

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
    /// Byte offsets in the passage; passages longer than `u32::MAX` bytes
    /// are not read (see [`find`]).
    start: u32,
    end: u32,
}

impl Word {
    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The words of a text, each hashed with its case folded and anything but
/// letters and digits left out ("Germany's" and "Germany’s" are one word;
/// FNV-1a over the lower-case characters). A word is a run of letters and
/// digits; an apostrophe between two of them stays inside it, any other
/// mark separates words. ASCII, nearly all of most texts, is read a byte at
/// a time.
fn words(text: &str, out: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut h = FNV_OFFSET;
    let mut i = 0;
    let next_is_alnum = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    while i < bytes.len() {
        let b = bytes[i];
        let (len, alnum, apostrophe) = if b < 0x80 {
            (1, b.is_ascii_alphanumeric(), b == b'\'')
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_alphanumeric(), c == '’')
        };
        if alnum {
            if start.is_none() {
                start = Some(i);
                h = FNV_OFFSET;
            }
            if b < 0x80 {
                h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
            } else {
                for c in text[i..i + len].chars().flat_map(char::to_lowercase) {
                    h = (h ^ u64::from(u32::from(c))).wrapping_mul(FNV_PRIME);
                }
            }
        } else if !(apostrophe && start.is_some() && next_is_alnum(i + len))
            && let Some(s) = start.take()
        {
            out.push(Word {
                hash: h,
                start: s as u32,
                end: i as u32,
            });
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Word {
            hash: h,
            start: s as u32,
            end: text.len() as u32,
        });
    }
}

/// Where a shingle was seen: (word index in the corpus, passage), in
/// different articles, at most [`MAX_PLACES`].
#[derive(Default)]
struct Places {
    n: u8,
    at: [(u32, u32); MAX_PLACES],
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
    /// Spread over all 64 bits: the table reads the top bits as well.
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// The words of a passage, read again: only passages that share text are.
fn positions(c: &Corpus, loc: PassageLoc) -> Vec<Word> {
    let mut out = Vec::new();
    if let Some(p) = c.passage(loc) {
        p.text.with(|t| words(t, &mut out));
    }
    out
}

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
    // Pass 1: the shingles of every passage, winnowed: of every WINDOW
    // shingles in a row the one with the least hash is picked, so two texts
    // sharing WINDOW + SHINGLE - 1 words share a pick, and about a third of
    // the shingles are kept. For each pick, in how many articles it occurs;
    // the count is keyed by 32 bits of the hash: a collision can only make
    // a pick a candidate, which pass 2 checks in full.
    let mut picks: Vec<(u64, u32)> = Vec::new();
    let mut bounds: Vec<(PassageLoc, Range<usize>)> = Vec::new();
    let mut df: HashMap<u32, u32, std::hash::BuildHasherDefault<Prehashed>> = HashMap::default();
    let mut buf: Vec<Word> = Vec::new();
    let mut sh: Vec<u64> = Vec::new();
    for (ai, a) in c.articles.iter().enumerate() {
        // 24 bits of the article in the count's word, 8 of the count.
        let tag = ((ai as u32) & 0x00ff_ffff) << 8;
        // Read without keeping it: the whole corpus passes through here.
        a.each_text(|pi, text, _| {
            // Offsets are kept in 32 bits; a passage of 4 GiB is not compared.
            if u32::try_from(text.len()).is_err() {
                return;
            }
            buf.clear();
            words(text, &mut buf);
            if buf.len() < SHINGLE {
                return;
            }
            sh.clear();
            sh.extend(buf.windows(SHINGLE).map(|w| {
                w.iter().fold(0u64, |h, w| {
                    h.rotate_left(5).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w.hash
                })
            }));
            let start = picks.len();
            let window = WINDOW.min(sh.len());
            let mut last = usize::MAX;
            for s in 0..=sh.len() - window {
                let mut m = s;
                for k in s + 1..s + window {
                    if sh[k] <= sh[m] {
                        m = k;
                    }
                }
                if m != last {
                    last = m;
                    picks.push((sh[m], m as u32));
                    let d = df.entry(sh[m] as u32).or_insert(u32::MAX);
                    if *d == u32::MAX {
                        *d = tag | 1;
                    } else if *d & !0xff != tag {
                        *d = tag | (*d & 0xff).saturating_add(1).min(0xff);
                    }
                }
            }
            bounds.push((
                PassageLoc {
                    article: ArticleIdx(ai),
                    passage: pi,
                },
                start..picks.len(),
            ));
        });
    }
    // Only picks in two articles or more, and not in too many, can seed.
    let common = boilerplate(c.articles.len()).min(0xfe) as u32;
    let mut seen: ByHash<Places> = ByHash::default();
    for &(h, _) in &picks {
        let n = df.get(&(h as u32)).map_or(0, |d| d & 0xff);
        if (2..=common).contains(&n) {
            seen.entry(h).or_default();
        }
    }
    drop(df);

    // Pass 2: each candidate pick paired with its earlier places in other
    // articles: a seed, on the diagonal of the two word offsets.
    let mut seeds: HashMap<(u32, u32, isize), Vec<(usize, usize)>> = HashMap::new();
    for (bi, (loc, range)) in bounds.iter().enumerate() {
        for &(h, i) in &picks[range.clone()] {
            let Some(places) = seen.get_mut(&h) else {
                continue;
            };
            let i = i as usize;
            let mut same_article = false;
            for &(j, bj) in &places.at[..usize::from(places.n)] {
                if bounds[bj as usize].0.article == loc.article {
                    same_article = true;
                    continue;
                }
                let j = j as usize;
                seeds
                    .entry((bj, bi as u32, i as isize - j as isize))
                    .or_default()
                    .push((j, i));
            }
            if usize::from(places.n) < MAX_PLACES && !same_article {
                places.at[usize::from(places.n)] = (i as u32, bi as u32);
                places.n += 1;
            }
        }
    }
    drop(seen);

    // Each seed grown along its diagonal, word by word, to the stretch the
    // two passages have in common there; stretches of one pair of passages
    // a few words apart make a span.
    let mut at: HashMap<PassageLoc, Vec<Word>> = HashMap::new();
    let mut runs: HashMap<(u32, u32), Vec<Run>> = HashMap::new();
    for ((ba, bb, _), list) in seeds {
        let (la, lb) = (bounds[ba as usize].0, bounds[bb as usize].0);
        for loc in [la, lb] {
            at.entry(loc).or_insert_with(|| positions(c, loc));
        }
        let (Some(wa), Some(wb)) = (at.get(&la), at.get(&lb)) else {
            continue;
        };
        let same = |j: usize, i: usize| match (wa.get(j), wb.get(i)) {
            (Some(x), Some(y)) => x.hash == y.hash,
            _ => false,
        };
        let mut covered = 0;
        for (j, i) in list {
            if j < covered {
                continue;
            }
            let (mut a, mut b) = (j, i);
            while a > 0 && b > 0 && same(a - 1, b - 1) {
                a -= 1;
                b -= 1;
            }
            let (mut a_end, mut b_end) = (j, i);
            while same(a_end, b_end) {
                a_end += 1;
                b_end += 1;
            }
            covered = a_end;
            if a_end - a >= SHINGLE {
                runs.entry((ba, bb)).or_default().push(Run {
                    a,
                    a_end,
                    b,
                    b_end,
                    exact: true,
                    matched: a_end - a,
                });
            }
        }
    }

    let mut kept: Vec<(PassageLoc, PassageLoc, Run)> = Vec::new();
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
        let (la, lb) = (bounds[ba as usize].0, bounds[bb as usize].0);
        kept.extend(
            merged
                .into_iter()
                .filter(|m| m.matched >= MIN_WORDS)
                .map(|m| (la, lb, m)),
        );
    }

    let side = |loc: PassageLoc, from: usize, to: usize| -> Option<Side> {
        let ws = at.get(&loc)?;
        Some(Side {
            loc,
            range: ws.get(from)?.range().start..ws.get(to.checked_sub(1)?)?.range().end,
        })
    };
    let mut spans = Vec::new();
    for (la, lb, m) in kept {
        if let (Some(first), Some(second)) = (side(la, m.a, m.a_end), side(lb, m.b, m.b_end)) {
            spans.push(SharedSpan {
                first,
                second,
                words: (m.a_end - m.a).min(m.b_end - m.b),
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
    indexed(spans)
}

/// The spans, in reading order of their first side, with the passage map.
pub(crate) fn indexed(spans: Vec<SharedSpan>) -> Reuse {
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
        let got: Vec<&str> = ws.iter().map(|w| &text[w.range()]).collect();
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
