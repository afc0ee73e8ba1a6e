//! Moving through the text: jumps (with history), going to a passage,
//! restoring a position, scrolling, and keeping the place across a re-wrap.

use super::{Position, Reader};
use crate::corpus::{ArticleIdx, EventIdx, PassageLoc};

/// A jump that goes on the history.
pub(super) fn jump(r: &mut Reader, loc: PassageLoc) {
    r.history.push(r.position());
    go_to(r, loc);
}

pub(super) fn go_to(r: &mut Reader, loc: PassageLoc) {
    if r.corpus.article(loc.article).is_none() {
        return;
    }
    if loc.article != r.article {
        r.article = loc.article;
        r.rewrap();
    }
    let p = loc.passage.min(r.doc.passages.len().saturating_sub(1));
    set_focus(r, p);
}

pub(super) fn restore(r: &mut Reader, p: Position) {
    if r.corpus.article(p.article).is_none() {
        return;
    }
    r.article = p.article;
    r.rewrap();
    r.focus = p.focus.min(r.doc.passages.len().saturating_sub(1));
    r.scroll = p.scroll.min(r.doc.max_scroll());
    if r.doc.passage_at(r.scroll) != r.focus {
        show_passage(r, r.focus);
    }
    r.focus_changed();
}

/// Moves the focus to a passage and brings it to the top of the view.
pub(super) fn set_focus(r: &mut Reader, p: usize) {
    r.focus = p;
    show_passage(r, p);
    r.focus_changed();
}

/// Scrolls so the passage starts just below the top line (a blank separator
/// above it keeps the eye on where it begins).
pub(super) fn show_passage(r: &mut Reader, p: usize) {
    r.scroll = r.doc.start_of(p).saturating_sub(1).min(r.doc.max_scroll());
}

pub(super) fn scroll_by(r: &mut Reader, delta: isize) {
    let max = r.doc.max_scroll();
    let s = r.scroll.saturating_add_signed(delta).min(max);
    if s == r.scroll {
        if delta > 0 && r.scroll == max {
            r.status = Some("end of the article — ] for the next".into());
        }
        return;
    }
    r.scroll = s;
    let p = r.doc.passage_at(s);
    if p != r.focus {
        r.focus = p;
        r.focus_changed();
    }
}

/// Space: a page on, but never past the article's last line; once that
/// line is in view, on to the next article.
pub(super) fn page_down(r: &mut Reader) {
    let height = r.view_height();
    let end = r.doc.lines.len().saturating_sub(height);
    if r.scroll >= end {
        let next = ArticleIdx(r.article.0 + 1);
        if r.corpus.article(next).is_some() {
            jump(
                r,
                PassageLoc {
                    article: next,
                    passage: 0,
                },
            );
            r.scroll = 0;
            r.status = Some(format!("next article: {}", r.corpus.articles[next].title));
        } else {
            r.status = Some("end of the last article".into());
        }
        return;
    }
    let page = height.saturating_sub(2).max(1);
    scroll_by(r, page.min(end - r.scroll) as isize);
    if r.scroll >= end {
        r.status = Some("end of the article — Space for the next".into());
    }
}

/// Where the view is inside the focus passage, as a fraction, so a re-wrap
/// can put it back at the same place.
pub(super) fn relative_offset(r: &Reader) -> (usize, f64) {
    let range = r.doc.passages.get(r.focus).cloned().unwrap_or(0..0);
    let len = range.len().max(1) as f64;
    let off = r.scroll as f64 - range.start as f64;
    (r.focus, off / len)
}

pub(super) fn place_relative(r: &mut Reader, (p, frac): (usize, f64)) {
    let range = r.doc.passages.get(p).cloned().unwrap_or(0..0);
    let len = range.len().max(1) as f64;
    let line = if frac < 0.0 {
        range.start.saturating_sub(1)
    } else {
        range.start + ((frac * len) as usize).min(range.len().saturating_sub(1))
    };
    r.scroll = line.min(r.doc.max_scroll());
    if r.doc.passage_at(r.scroll) != p {
        show_passage(r, p);
    }
    r.focus = p;
    r.focus_changed();
}

pub(super) fn resize(r: &mut Reader, w: u16, h: u16) {
    let rel = relative_offset(r);
    r.size = (w, h);
    r.rewrap();
    place_relative(r, rel);
}

pub(super) fn keep_event_visible(r: &mut Reader, ev: EventIdx) {
    keep_range_visible(r, ev, ev);
}

/// Centres a range of events in the timeline if any of it is hidden, so
/// context on both sides is seen.
pub(super) fn keep_range_visible(r: &mut Reader, first: EventIdx, last: EventIdx) {
    let (first, last) = (first.index(), last.index());
    let rows = super::view::timeline_rows(r);
    let n = r.corpus.events.len();
    if first < r.timeline_offset || last >= r.timeline_offset + rows {
        let span = last.saturating_sub(first) + 1;
        let top = first.saturating_sub(rows.saturating_sub(span) / 2);
        r.timeline_offset = top.min(n.saturating_sub(rows));
        if first < r.timeline_offset {
            r.timeline_offset = first;
        }
    }
}
