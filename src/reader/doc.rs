//! The wrapped document: the current article laid out for one width.
//! Built when the article, the width or the shown version changes, never
//! while drawing.

use std::ops::Range;

use crate::corpus::{Article, ArticleIdx};
use crate::wrap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocLine {
    /// The passage shown on this line; None for the blank line between passages.
    pub passage: Option<usize>,
    /// Byte range in the passage's shown text.
    pub start: usize,
    pub end: usize,
}

impl DocLine {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

#[derive(Debug, Clone, Default)]
pub struct DocLayout {
    pub article: ArticleIdx,
    pub width: usize,
    pub original: bool,
    pub lines: Vec<DocLine>,
    /// Line range of each passage in `lines`.
    pub passages: Vec<Range<usize>>,
}

impl DocLayout {
    pub fn build(article_idx: ArticleIdx, article: &Article, width: usize, original: bool) -> Self {
        let mut lines = Vec::new();
        let mut passages = Vec::with_capacity(article.passages.len());
        for (i, p) in article.passages.iter().enumerate() {
            if i > 0 {
                lines.push(DocLine {
                    passage: None,
                    start: 0,
                    end: 0,
                });
            }
            let (text, _, _) = p.version(original);
            let first = lines.len();
            for r in wrap::wrap(text, width) {
                lines.push(DocLine {
                    passage: Some(i),
                    start: r.start,
                    end: r.end,
                });
            }
            passages.push(first..lines.len());
        }
        DocLayout {
            article: article_idx,
            width,
            original,
            lines,
            passages,
        }
    }

    pub fn matches(&self, article: ArticleIdx, width: usize, original: bool) -> bool {
        self.article == article && self.width == width && self.original == original
    }

    /// The passage a view whose top line is `line` reads: the passage on that
    /// line, or the one after a separator.
    pub fn passage_at(&self, line: usize) -> usize {
        let line = line.min(self.lines.len().saturating_sub(1));
        match self.lines.get(line) {
            Some(DocLine {
                passage: Some(p), ..
            }) => *p,
            _ => self.lines[line..]
                .iter()
                .find_map(|l| l.passage)
                .unwrap_or_else(|| self.passages.len().saturating_sub(1)),
        }
    }

    /// First line of a passage.
    pub fn start_of(&self, passage: usize) -> usize {
        self.passages.get(passage).map_or(0, |r| r.start)
    }

    /// Farthest the view may scroll: until the last passage is at the top.
    pub fn max_scroll(&self) -> usize {
        self.passages.last().map_or(0, |r| r.start)
    }
}
