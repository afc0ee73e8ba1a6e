//! Highlights: any run of words of an article, kept with the two W3C Web
//! Annotation selectors that find it again, a `TextQuoteSelector` (the words
//! with a little context on each side) and a `TextPositionSelector` (code
//! point offsets into the article text), so that exporting one is a
//! projection rather than a conversion.
//!
//! The text both selectors refer to is the article as the reader shows it:
//! passages joined by [`SEPARATOR`], corrections applied.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleIdx, Corpus, Passage, PassageLoc};

use super::anchor::{Anchor, CONTEXT_CHARS, FUZZY_THRESHOLD, SEPARATOR, Trigrams, context_score};

/// Characters compared at most when looking for a changed highlight.
const FUZZY_WORK: usize = 1_000_000;

/// Longest highlight, in characters: a few paragraphs, not an article.
pub const MAX_HIGHLIGHT_CHARS: usize = 4000;

/// The few colours a highlight can have. Each has its own underline style,
/// so they stay apart without colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Yellow, Colour::Green, Colour::Blue, Colour::Pink];

    pub fn name(self) -> &'static str {
        match self {
            Colour::Yellow => "yellow",
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Pink => "pink",
        }
    }

    pub fn from_name(s: &str) -> Option<Colour> {
        Colour::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// A highlighted run of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Unique and never reused, shared with bookmarks' ids.
    pub id: String,
    /// The article id (not its index).
    pub article: String,
    /// The `TextQuoteSelector`: the highlighted text in full, and up to
    /// [`CONTEXT_CHARS`] characters either side.
    pub quote: Anchor,
    /// The `TextPositionSelector`: code point offsets into the article text
    /// when the highlight was made, `end` exclusive.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub colour: Colour,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339, UTC.
    pub created: String,
    /// RFC 3339, UTC; the later of two versions wins a merge.
    #[serde(default)]
    pub updated: String,
}

/// A run of an article's text, in code points of the joined text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub article: ArticleIdx,
    pub start: usize,
    pub end: usize,
}

/// Where a highlight is in the current text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// The text is where it was.
    Exact(Span),
    /// The same words, found elsewhere in the article.
    Moved(Span),
    /// The words changed; this is the most similar place (score in 0..=1).
    Fuzzy(Span, f64),
    /// The article is gone, or nothing resembles the highlight.
    Orphaned,
}

impl Placement {
    pub fn span(&self) -> Option<Span> {
        match *self {
            Placement::Exact(s) | Placement::Moved(s) | Placement::Fuzzy(s, _) => Some(s),
            Placement::Orphaned => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Placement::Exact(_) => "exact",
            Placement::Moved(_) => "moved",
            Placement::Fuzzy(..) => "fuzzy",
            Placement::Orphaned => "orphaned",
        }
    }
}

/// The article text selectors refer to.
pub fn article_text(article: &Article) -> String {
    let mut s = String::new();
    for (i, p) in article.passages.iter().enumerate() {
        if i > 0 {
            s.push_str(SEPARATOR);
        }
        s.push_str(&p.text);
    }
    s
}

/// Code points before passage `idx` in the article text.
pub fn passage_start(article: &Article, idx: usize) -> usize {
    let sep = SEPARATOR.chars().count();
    article.passages[..idx.min(article.passages.len())]
        .iter()
        .map(|p| p.text.chars().count() + sep)
        .sum()
}

/// The passage holding code point `at` of the article text (a separator
/// counts to the passage after it).
pub fn passage_at(article: &Article, at: usize) -> PassageLoc {
    let sep = SEPARATOR.chars().count();
    let mut from = 0;
    let mut passage = 0;
    for (i, p) in article.passages.iter().enumerate() {
        let len = p.text.chars().count();
        passage = i;
        if at < from + len {
            break;
        }
        from += len + sep;
        if at < from {
            passage = (i + 1).min(article.passages.len().saturating_sub(1));
            break;
        }
    }
    PassageLoc {
        article: ArticleIdx(0),
        passage,
    }
}

impl Span {
    /// The passage the span begins in.
    pub fn first_loc(&self, corpus: &Corpus) -> Option<PassageLoc> {
        let art = corpus.article(self.article)?;
        let mut loc = passage_at(art, self.start);
        loc.article = self.article;
        Some(loc)
    }

    /// The byte ranges the span covers in each passage's `text`, in order.
    pub fn passage_ranges(&self, article: &Article) -> Vec<(usize, Range<usize>)> {
        let sep = SEPARATOR.chars().count();
        let mut out = Vec::new();
        let mut from = 0;
        for (i, p) in article.passages.iter().enumerate() {
            let len = p.text.chars().count();
            let (lo, hi) = (self.start.max(from), self.end.min(from + len));
            if lo < hi {
                let byte = |c: usize| {
                    p.text
                        .char_indices()
                        .nth(c - from)
                        .map_or(p.text.len(), |(b, _)| b)
                };
                out.push((i, byte(lo)..byte(hi)));
            }
            from += len + sep;
            if from >= self.end {
                break;
            }
        }
        out
    }
}

/// Byte range `r` of a passage's corrected text, in its text as printed.
/// The two differ only inside corrections, paired in order, so outside them
/// an offset moves by what the corrections before it added or removed; an
/// end inside a correction takes in the whole printed slip.
pub fn to_printed(p: &Passage, r: Range<usize>) -> Range<usize> {
    match &p.original {
        Some(o) => map_range(r, &p.corrections, &p.original_corrections, o.len()),
        None => r,
    }
}

/// The reverse of [`to_printed`]: a byte range of the printed text in the
/// corrected text.
pub fn from_printed(p: &Passage, r: Range<usize>) -> Range<usize> {
    match &p.original {
        Some(_) => map_range(r, &p.original_corrections, &p.corrections, p.text.len()),
        None => r,
    }
}

fn map_range(
    r: Range<usize>,
    from: &[Range<usize>],
    to: &[Range<usize>],
    len: usize,
) -> Range<usize> {
    let start = map_offset(r.start, from, to, false).min(len);
    let end = map_offset(r.end, from, to, true).clamp(start, len);
    start..end
}

/// Where byte `b` of one version falls in the other. Both lists are sorted
/// and pairwise the same corrections; a byte inside one maps to the start of
/// the other's, or to its end for the end of a range.
fn map_offset(b: usize, from: &[Range<usize>], to: &[Range<usize>], is_end: bool) -> usize {
    let (mut from_base, mut to_base) = (0, 0);
    for (f, t) in from.iter().zip(to) {
        if b <= f.start {
            break;
        }
        if b < f.end {
            return if is_end { t.end } else { t.start };
        }
        (from_base, to_base) = (f.end, t.end);
    }
    to_base + b.saturating_sub(from_base)
}

/// The quote selector of `start..end` (code points) of `text`.
pub fn quote_of(chars: &[char], start: usize, end: usize) -> Anchor {
    let end = end.min(chars.len());
    let start = start.min(end);
    Anchor {
        exact: chars[start..end].iter().collect(),
        prefix: chars[start.saturating_sub(CONTEXT_CHARS)..start]
            .iter()
            .collect(),
        suffix: chars[end..(end + CONTEXT_CHARS).min(chars.len())]
            .iter()
            .collect(),
    }
}

/// Finds where `h` belongs in `corpus` now.
pub fn place(corpus: &Corpus, h: &Highlight) -> Placement {
    match corpus.article_index(&h.article) {
        Some(a) => place_in(corpus, a, h),
        None => Placement::Orphaned,
    }
}

/// [`place`] with the article already looked up.
pub fn place_in(corpus: &Corpus, article: ArticleIdx, h: &Highlight) -> Placement {
    let Some(art) = corpus.article(article) else {
        return Placement::Orphaned;
    };
    let text = article_text(art);
    let chars: Vec<char> = text.chars().collect();
    let span = |start, end| Span {
        article,
        start,
        end,
    };
    let want = &h.quote;
    let n = want.exact.chars().count();
    if n == 0 {
        return Placement::Orphaned;
    }

    // Where the position selector says, with the same words there.
    if h.end <= chars.len()
        && h.start + n == h.end
        && chars[h.start..h.end].iter().copied().eq(want.exact.chars())
    {
        return Placement::Exact(span(h.start, h.end));
    }

    // Every place the words occur; the context decides, then nearness.
    let mut best: Option<(usize, usize)> = None;
    let mut byte_to_char = 0usize;
    let mut last_byte = 0usize;
    for (b, _) in text.match_indices(want.exact.as_str()) {
        byte_to_char += text[last_byte..b].chars().count();
        last_byte = b;
        let q = quote_of(&chars, byte_to_char, byte_to_char + n);
        let score = context_score(want, &q);
        let better = match best {
            None => true,
            Some((at, s)) => {
                score > s || (score == s && byte_to_char.abs_diff(h.start) < at.abs_diff(h.start))
            }
        };
        if better {
            best = Some((byte_to_char, score));
        }
    }
    if let Some((at, _)) = best {
        return if at == h.start {
            Placement::Exact(span(at, at + n))
        } else {
            Placement::Moved(span(at, at + n))
        };
    }

    // The words changed: the most similar run of the same length starting
    // at a word, context included.
    let wanted = Trigrams::of(want);
    let mut starts: Vec<usize> = (0..chars.len())
        .filter(|&s| !chars[s].is_whitespace() && (s == 0 || chars[s - 1].is_whitespace()))
        .collect();
    // Each candidate costs about its length; past a bound only the words
    // nearest the old place are tried, so a long highlight in a long
    // article cannot stall opening the reader.
    let budget = (FUZZY_WORK / (n + 2 * CONTEXT_CHARS)).max(1);
    if starts.len() > budget {
        starts.sort_by_key(|s| s.abs_diff(h.start));
        starts.truncate(budget);
    }
    let mut best: Option<(usize, f64)> = None;
    for s in starts {
        let q = quote_of(&chars, s, s + n);
        let score = wanted.dice(&Trigrams::of(&q));
        let better = match best {
            None => true,
            Some((at, b)) => {
                score > b || (score == b && s.abs_diff(h.start) < at.abs_diff(h.start))
            }
        };
        if better {
            best = Some((s, score));
        }
    }
    match best {
        Some((s, score)) if score >= FUZZY_THRESHOLD => {
            Placement::Fuzzy(span(s, (s + n).min(chars.len())), score)
        }
        _ => Placement::Orphaned,
    }
}

/// Cleans a tag typed or read from a file: one line, no spaces inside
/// (spaces separate tags where they are typed), no leading `#`.
pub fn clean_tag(t: &str) -> String {
    crate::sanitize::clean_line(t)
        .trim()
        .trim_start_matches('#')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// Tags as typed, separated by spaces or commas: cleaned, empty ones and
/// repeats dropped, in the order given.
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(|c: char| c == ',' || c.is_whitespace()) {
        let t = clean_tag(t);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_cleaned_and_unique() {
        assert_eq!(
            parse_tags(" #treaty, army  treaty\u{1b}x ,, "),
            ["treaty", "army", "treaty␛x"]
        );
        assert_eq!(clean_tag("#a b"), "a-b");
    }

    #[test]
    fn quote_takes_context_within_bounds() {
        let chars: Vec<char> = "abcdef".chars().collect();
        let q = quote_of(&chars, 2, 4);
        assert_eq!(
            (q.prefix.as_str(), q.exact.as_str(), q.suffix.as_str()),
            ("ab", "cd", "ef")
        );
        let q = quote_of(&chars, 5, 99);
        assert_eq!(q.exact, "f");
    }

    #[test]
    fn offsets_move_between_the_corrected_and_the_printed_text() {
        // Corrected "the Treaty of Rapallo was" from printed "the Treatv of Rapalo was".
        let text = "the Treaty of Rapallo was";
        let printed = "the Treatv of Rapalo was";
        let fixed = [4..10, 14..21];
        let slips = [4..10, 14..20];
        let there = |r: Range<usize>| map_range(r, &fixed, &slips, printed.len());
        let back = |r: Range<usize>| map_range(r, &slips, &fixed, text.len());
        // Outside corrections the words are the same on both sides.
        for w in [0..3, 11..13, 22..25] {
            assert_eq!(&printed[there(w.clone())], &text[w.clone()]);
            assert_eq!(back(there(w.clone())), w);
        }
        // A range ending inside a correction takes in all of it.
        assert_eq!(there(0..6), 0..10);
        assert_eq!(there(15..25), 14..24);
        assert_eq!(&printed[there(14..21)], "Rapalo");
        assert_eq!(back(14..20), 14..21);
    }
}
