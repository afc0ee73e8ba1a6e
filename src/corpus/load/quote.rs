//! Quote resolution: finding the one passage a quote points into, with the
//! quotes of one article found in a single pass over its text.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::Cx;
use super::articles::RawArticle;
use super::diag::{Anchor, JsonFile};
use crate::corpus::model::{ArticleIdx, PassageLoc};
use crate::corpus::types::{EventSpec, TourSpec};

/// How often a quote occurs in its article (overlapping occurrences
/// included: "was was" occurs twice in "was was was") and where it first
/// does; `first` means nothing when `count` is 0.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub count: usize,
    pub first: usize,
}

/// A quote resolved to its passage.
pub(super) struct Resolved {
    pub passage: usize,
    /// Byte range of the quote in the article's text.
    pub range: Range<usize>,
}

impl Cx<'_> {
    /// Finds the passage a quote lies in, scanning the article for it.
    pub(super) fn resolve<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: Anchor<'_>,
        article: &str,
        raw: &RawArticle,
        quote: &str,
    ) -> Option<Resolved> {
        let found = occurrences(&raw.text, quote);
        self.resolve_found(f, anchor, article, raw, quote, found)
    }

    /// `resolve`, given where the quote occurs.
    fn resolve_found<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: Anchor<'_>,
        article: &str,
        raw: &RawArticle,
        quote: &str,
        found: Found,
    ) -> Option<Resolved> {
        let short = shorten(quote);
        if quote.trim().is_empty() {
            self.error_in(
                f,
                anchor,
                quote,
                format!("empty quote for article \"{article}\""),
            );
            return None;
        }
        if found.count == 0 {
            self.error_in(
                f,
                anchor,
                quote,
                format!("quote \"{short}\" does not occur in article \"{article}\""),
            );
            return None;
        }
        if found.count > 1 {
            let times = format!("{} times", found.count);
            self.error_in(f, anchor, quote, format!("quote \"{short}\" occurs {times} in article \"{article}\"; it must occur exactly once"));
            return None;
        }
        let start = found.first;
        let end = start + quote.len();
        // Passages are in order: the last one starting at or before the quote.
        let p = raw
            .ranges
            .partition_point(|r| r.start <= start)
            .checked_sub(1)
            .filter(|&i| start < raw.ranges[i].end.max(raw.ranges[i].start + 1));
        match p {
            Some(p) if end <= raw.ranges[p].end => Some(Resolved {
                passage: p,
                range: start..end,
            }),
            _ => {
                self.error_in(
                    f,
                    anchor,
                    quote,
                    format!(
                        "quote \"{short}\" in article \"{article}\" spans more than one passage"
                    ),
                );
                None
            }
        }
    }

    /// Finds the quotes of every event, dispute and tour step, one pass per
    /// article, so resolving them does not rescan an article per quote.
    pub(super) fn index_quotes(
        &mut self,
        raw: &[RawArticle],
        events: &[EventSpec],
        guides: &[JsonFile<TourSpec>],
    ) {
        let mut per_article: HashMap<usize, Vec<&str>> = HashMap::new();
        let refs = events
            .iter()
            .flat_map(|e| {
                e.passages
                    .iter()
                    .map(|p| (p.article.as_str(), p.quote.as_str()))
                    .chain(e.disputes.iter().flat_map(|d| {
                        d.claims
                            .iter()
                            .map(|c| (c.article.as_str(), c.quote.as_str()))
                    }))
            })
            .chain(guides.iter().flat_map(|g| {
                g.value
                    .steps
                    .iter()
                    .map(|s| (s.article.as_str(), s.quote.as_str()))
            }));
        for (article, quote) in refs {
            if let Some(&a) = self.article_index.get(article) {
                per_article.entry(a).or_default().push(quote);
            }
        }
        for (a, mut quotes) in per_article {
            quotes.sort_unstable();
            quotes.dedup();
            self.quotes.insert(a, find_quotes(&raw[a].text, &quotes));
        }
    }

    pub(super) fn resolve_ref<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: Anchor<'_>,
        raw: &[RawArticle],
        article: &str,
        quote: &str,
    ) -> Option<PassageLoc> {
        let Some(&a) = self.article_index.get(article) else {
            if self.unloaded.articles.contains(article) {
                return None;
            }
            self.error_in(f, anchor, article, format!("unknown article \"{article}\""));
            return None;
        };
        let found = match self.quotes.get(&a).and_then(|q| q.get(quote)) {
            Some(&found) => found,
            None => occurrences(&raw[a].text, quote),
        };
        let r = self.resolve_found(f, anchor, article, &raw[a], quote, found)?;
        Some(PassageLoc {
            article: ArticleIdx(a),
            passage: r.passage,
        })
    }
}

/// Where `quote` occurs in `text`. An empty quote is an error of its own
/// and is not searched for.
fn occurrences(text: &str, quote: &str) -> Found {
    if quote.is_empty() {
        return Found { count: 0, first: 0 };
    }
    let mut hits = std::iter::successors(text.find(quote), |&i| {
        let next = i + text[i..].chars().next().map_or(1, char::len_utf8);
        text[next..].find(quote).map(|j| j + next)
    });
    match hits.next() {
        Some(first) => Found {
            count: 1 + hits.count(),
            first,
        },
        None => Found { count: 0, first: 0 },
    }
}

/// Finds every quote of one article: the count of each (overlapping
/// occurrences included) and where it first occurs. A long article is read
/// once for all its quotes (cost: its length plus the matches, however many
/// quotes point into it); a short one is simply scanned per quote.
fn find_quotes(text: &str, quotes: &[&str]) -> HashMap<String, Found> {
    let mut out: HashMap<String, Found> = HashMap::new();
    let patterns: Vec<&str> = quotes
        .iter()
        .copied()
        .filter(|q| !q.trim().is_empty())
        .collect();
    // Building an automaton costs more than scanning a short article a few
    // times; it pays off for long articles with many quotes.
    const SCAN_LIMIT: usize = 4 << 20;
    if text.len().saturating_mul(patterns.len()) <= SCAN_LIMIT {
        for q in patterns {
            out.insert(q.to_owned(), occurrences(text, q));
        }
        return out;
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(&patterns)
    else {
        return out;
    };
    for q in &patterns {
        out.insert((*q).to_owned(), Found { count: 0, first: 0 });
    }
    for m in ac.find_overlapping_iter(text) {
        #[allow(
            clippy::expect_used,
            reason = "every pattern was inserted just above, and the automaton reports only its own patterns"
        )]
        let e = out
            .get_mut(patterns[m.pattern().as_usize()])
            .expect("every pattern has an entry");
        if e.count == 0 {
            e.first = m.start();
        }
        e.count += 1;
    }
    out
}

pub(super) fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}
