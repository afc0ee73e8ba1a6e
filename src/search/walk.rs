//! The passages one search has to look at, walked in reading order from
//! any passage, so that a search can begin at the reading position, stop,
//! and carry on later where it stopped.

use std::sync::Arc;

use super::Index;
use crate::corpus::{ArticleIdx, Corpus, Passage, PassageLoc};

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

impl Plan {
    /// Calls `visit` on the plan's passages from `from` up to `to` (None:
    /// to the end), in reading order, while it returns true. Where it
    /// returned false, the place to carry on from; None once all were seen.
    pub(super) fn walk(
        &self,
        index: Option<&Index>,
        corpus: &Corpus,
        from: PassageLoc,
        to: Option<PassageLoc>,
        mut visit: impl FnMut(PassageLoc, &Passage) -> bool,
    ) -> Option<PassageLoc> {
        let before_end = |loc: PassageLoc| to.is_none_or(|t| loc < t);
        let passage = |loc: PassageLoc| {
            corpus
                .article(loc.article)
                .and_then(|a| a.passages.get(loc.passage))
        };
        match (self, index) {
            (Plan::Blocks(blocks), Some(index)) => {
                let first = blocks.partition_point(|&b| b < index.block_of(from));
                for &block in &blocks[first..] {
                    let (start, end) = index.span(block)?;
                    let mut loc = start.max(from);
                    while Some(loc) != end {
                        let article = corpus.article(loc.article)?;
                        match article.passages.get(loc.passage) {
                            Some(p) => {
                                if !before_end(loc) {
                                    return None;
                                }
                                if !visit(loc, p) {
                                    return Some(next(loc));
                                }
                                loc = next(loc);
                            }
                            None => {
                                loc = PassageLoc {
                                    article: ArticleIdx(loc.article.index() + 1),
                                    passage: 0,
                                }
                            }
                        }
                    }
                }
                None
            }
            (Plan::Narrowed { passages, blocks }, Some(index)) => {
                let first = passages.partition_point(|l| *l < from);
                for &loc in &passages[first..] {
                    if !before_end(loc) {
                        return None;
                    }
                    if blocks.binary_search(&index.block_of(loc)).is_err() {
                        continue;
                    }
                    if let Some(p) = passage(loc)
                        && !visit(loc, p)
                    {
                        return Some(next(loc));
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
                    for (p, text) in article.passages.iter().enumerate().skip(skip) {
                        let loc = PassageLoc {
                            article: ArticleIdx(a),
                            passage: p,
                        };
                        if !before_end(loc) {
                            return None;
                        }
                        if !visit(loc, text) {
                            return Some(next(loc));
                        }
                    }
                }
                None
            }
        }
    }
}
