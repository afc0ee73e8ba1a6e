//! The mention cursor: a keyboard position on one mention of the focus
//! passage, as Tab moves between links in Info or lynx. The entity under it
//! is the target, so the sidebar, the status line and Enter all name it.
//!
//! It lives in the focus passage while the document has the keyboard:
//! moving the focus elsewhere, showing the other version of the text,
//! choosing another target or going to a side pane clears it.

use std::ops::Range;

use super::{Pane, Reader, Target};
use crate::corpus::{Mention, PassageLoc};

impl Reader {
    /// The mention the cursor is on: the focus passage, and the mention's
    /// index among the mentions of the passage's text as shown.
    pub fn mention_cursor(&self) -> Option<(PassageLoc, usize)> {
        self.mention_cursor
    }

    /// The mention under the cursor, with its byte range in the shown text.
    pub fn cursor_mention(&self) -> Option<&Mention> {
        let (loc, i) = self.mention_cursor?;
        self.mentions_at(loc)?.get(i)
    }

    /// Byte range of the mention under the cursor in its passage's shown text.
    pub fn cursor_range(&self) -> Option<Range<usize>> {
        self.cursor_mention().map(|m| m.range.clone())
    }

    fn mentions_at(&self, loc: PassageLoc) -> Option<&[Mention]> {
        let p = self
            .corpus
            .articles
            .get(loc.article.index())?
            .passages
            .get(loc.passage)?;
        Some(p.version(self.show_original).2)
    }

    /// Drops the cursor when it no longer stands for the target in the
    /// focus passage.
    pub(super) fn check_mention_cursor(&mut self) {
        let keep = self.pane == Pane::Document
            && self
                .mention_cursor
                .is_some_and(|(loc, _)| loc == self.loc())
            && self
                .cursor_mention()
                .is_some_and(|m| self.target == Some(Target::Entity(m.entity)));
        if !keep {
            self.mention_cursor = None;
        }
    }
}

/// `i` / `I`: the next or previous mention, on into the next passage that
/// has one when this passage's are done.
pub(super) fn step(r: &mut Reader, forward: bool) {
    let article = &r.corpus.articles[r.article];
    let count = |p: usize| article.passages[p].version(r.show_original).2.len();
    let here = r.loc();
    let at = r
        .mention_cursor
        .filter(|(loc, _)| *loc == here)
        .map(|(_, i)| i);
    let n = count(r.focus);
    let within = match (at, forward) {
        (Some(i), true) => (i + 1 < n).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
        (None, true) => (n > 0).then_some(0),
        (None, false) => n.checked_sub(1),
    };
    let next = match within {
        Some(i) => Some((r.focus, i)),
        None if forward => (r.focus + 1..article.passages.len())
            .find(|&p| count(p) > 0)
            .map(|p| (p, 0)),
        None => (0..r.focus)
            .rev()
            .find(|&p| count(p) > 0)
            .map(|p| (p, count(p) - 1)),
    };
    let Some((p, i)) = next else {
        r.status = Some(
            if forward {
                "no more mentions in this article — ] for the next"
            } else {
                "no earlier mention in this article"
            }
            .into(),
        );
        return;
    };
    if p != r.focus {
        r.focus = p;
        r.focus_changed();
    }
    let loc = r.loc();
    let Some(m) = r.mentions_at(loc).and_then(|ms| ms.get(i)).cloned() else {
        return;
    };
    r.mention_cursor = Some((loc, i));
    r.pane = Pane::Document;
    r.target = Some(Target::Entity(m.entity));
    show_line_of(r, p, m.range.start);
    let name = &r.corpus.entities[m.entity].name;
    r.status = Some(format!(
        "{name} — Enter opens its card · i / I: next / previous mention"
    ));
}

/// Scrolls as little as will show the line holding byte `at` of passage
/// `p`, within the farthest the view scrolls.
fn show_line_of(r: &mut Reader, p: usize, at: usize) {
    let Some(lines) = r.doc.passages.get(p).cloned() else {
        return;
    };
    let line = lines
        .clone()
        .find(|&l| r.doc.lines[l].end > at)
        .unwrap_or(lines.start);
    let height = r.view_height().max(1);
    if line < r.scroll {
        r.scroll = line;
    } else if line >= r.scroll + height {
        r.scroll = (line + 1 - height).min(r.doc.max_scroll());
    }
}
