//! The passages one search has to look at, walked in reading order from
//! any passage, so that a search can begin at the reading position, stop,
//! and carry on later where it stopped.

use std::sync::Arc;

use super::Index;
use crate::corpus::{Article, ArticleIdx, Corpus, PassageLoc};

/// Which passages may hold a query's hits.
#[derive(Debug, Clone)]
pub(super) enum Plan {
    /// Every passage: there is no index yet.
    All,
    /// The passages of these blocks of the index, ascending.
    Blocks(Vec<u32>),
    /// These passages (in reading order), those of the blocks only: the
    /// passages of a search the query extends.
    Narrowed {
        passages: Arc<Vec<PassageLoc>>,
        blocks: Vec<u32>,
    },
}

/// The passage after `loc` in reading order, or a place that sorts just
/// before it (one past an article's last passage).
pub(super) fn next(loc: PassageLoc) -> PassageLoc {
    PassageLoc {
        article: loc.article,
        passage: loc.passage + 1,
    }
}

/// What visiting part of one article decided.
enum Flow {
    /// Carry on with the next article.
    On,
    /// The walk ends here, with this place to carry on from (None: all seen).
    Stop(Option<PassageLoc>),
}

/// Visits, in order, the passages of article `a` that `wanted` picks,
/// with the text searched (the printed text where `original` and it
/// differs). The article is read at most once and nothing of it is kept:
/// a search passes over the whole corpus.
fn visit_article(
    article: &Article,
    a: ArticleIdx,
    original: bool,
    wanted: impl Fn(usize) -> bool,
    before_end: impl Fn(PassageLoc) -> bool,
    visit: &mut impl FnMut(PassageLoc, &str) -> bool,
) -> Flow {
    let mut flow = Flow::On;
    article.each_text(|p, shown, printed| {
        if matches!(flow, Flow::Stop(_)) || !wanted(p) {
            return;
        }
        let loc = PassageLoc {
            article: a,
            passage: p,
        };
        if !before_end(loc) {
            flow = Flow::Stop(None);
            return;
        }
        let text = if original {
            printed.unwrap_or(shown)
        } else {
            shown
        };
        if !visit(loc, text) {
            flow = Flow::Stop(Some(next(loc)));
        }
    });
    flow
}

impl Plan {
    /// Calls `visit` on the plan's passages from `from` up to `to` (None:
    /// to the end), in reading order, with the text searched, while it
    /// returns true. Where it returned false, the place to carry on from;
    /// None once all were seen.
    pub(super) fn walk(
        &self,
        index: Option<&Index>,
        corpus: &Corpus,
        original: bool,
        from: PassageLoc,
        to: Option<PassageLoc>,
        mut visit: impl FnMut(PassageLoc, &str) -> bool,
    ) -> Option<PassageLoc> {
        let before_end = |loc: PassageLoc| to.is_none_or(|t| loc < t);
        match (self, index) {
            (Plan::Blocks(blocks), Some(index)) => {
                let first = blocks.partition_point(|&b| b < index.block_of(from));
                for &block in &blocks[first..] {
                    let (start, end) = index.span(block)?;
                    let mut loc = start.max(from);
                    while Some(loc) != end {
                        let article = corpus.article(loc.article)?;
                        // The block ends in this article, or runs past it.
                        let stop = match end {
                            Some(e) if e.article == loc.article => {
                                e.passage.min(article.passages.len())
                            }
                            _ => article.passages.len(),
                        };
                        let range = loc.passage..stop;
                        if !range.is_empty()
                            && let Flow::Stop(at) = visit_article(
                                article,
                                loc.article,
                                original,
                                |p| range.contains(&p),
                                before_end,
                                &mut visit,
                            )
                        {
                            return at;
                        }
                        let past = PassageLoc {
                            article: loc.article,
                            passage: stop,
                        };
                        loc = if Some(past) == end {
                            past
                        } else {
                            PassageLoc {
                                article: ArticleIdx(loc.article.index() + 1),
                                passage: 0,
                            }
                        };
                    }
                }
                None
            }
            (Plan::Narrowed { passages, blocks }, Some(index)) => {
                let first = passages.partition_point(|l| *l < from);
                let mut rest = &passages[first..];
                while let Some(head) = rest.first() {
                    let n = rest.partition_point(|l| l.article == head.article);
                    let (these, after) = rest.split_at(n);
                    rest = after;
                    let picked: Vec<usize> = these
                        .iter()
                        .filter(|l| blocks.binary_search(&index.block_of(**l)).is_ok())
                        .map(|l| l.passage)
                        .collect();
                    let Some(article) = corpus.article(head.article) else {
                        continue;
                    };
                    if picked.is_empty() {
                        if these.last().is_some_and(|l| !before_end(*l)) {
                            return None;
                        }
                        continue;
                    }
                    if let Flow::Stop(at) = visit_article(
                        article,
                        head.article,
                        original,
                        |p| picked.binary_search(&p).is_ok(),
                        before_end,
                        &mut visit,
                    ) {
                        return at;
                    }
                }
                None
            }
            // Without the index the blocks mean nothing: every passage.
            _ => {
                for (a, article) in corpus
                    .articles
                    .iter()
                    .enumerate()
                    .skip(from.article.index())
                {
                    let skip = if a == from.article.index() {
                        from.passage
                    } else {
                        0
                    };
                    if skip >= article.passages.len() {
                        continue;
                    }
                    let first = PassageLoc {
                        article: ArticleIdx(a),
                        passage: skip,
                    };
                    if !before_end(first) {
                        return None;
                    }
                    if let Flow::Stop(at) = visit_article(
                        article,
                        ArticleIdx(a),
                        original,
                        |p| p >= skip,
                        before_end,
                        &mut visit,
                    ) {
                        return at;
                    }
                }
                None
            }
        }
    }
}
