//! `update`: the only place the reader's state changes.

use ratatui::layout::{Position as Cell, Rect};

use super::{
    Action, CardItem, CardState, MouseAction, Overlay, Pane, Position, Reader, Target, card_items,
    guide,
};
use crate::corpus::{EventIdx, PassageLoc};
use crate::layout::inner;

/// Lines the help overlay can scroll: one per binding and section, and the mouse note.
const HELP_LINES: usize = crate::keymap::BINDINGS.len() + 16;

/// Lines the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

pub fn update(r: &mut Reader, action: Action) {
    r.status = None;
    match action {
        Action::Quit => r.quit = true,
        Action::Resize(w, h) => resize(r, w, h),
        Action::Mouse(m) => mouse(r, m),
        Action::Edit(e) => super::input::edit(r, e),
        // Undo reaches every removal from wherever the reader is.
        Action::Undo if r.input.is_none() => super::bookmarks::undo(r),
        // A prompt takes only editing keys; anything else leaves it alone.
        _ if r.input.is_some() => {}
        _ if r.overlay.is_some() => overlay(r, action),
        _ => main(r, action),
    }
}

fn main(r: &mut Reader, action: Action) {
    match action {
        Action::Down | Action::Up if r.pane != Pane::Document => {
            let down = action == Action::Down;
            move_selection(r, if down { 1 } else { -1 });
        }
        Action::PageDown | Action::PageUp if r.pane != Pane::Document => {
            let page = r.view_height().saturating_sub(2).max(1) as isize;
            move_selection(
                r,
                if action == Action::PageDown {
                    page
                } else {
                    -page
                },
            );
        }
        Action::Down => scroll_by(r, 1),
        Action::Up => scroll_by(r, -1),
        Action::PageDown => scroll_by(r, r.view_height().saturating_sub(2).max(1) as isize),
        Action::PageUp => scroll_by(r, -(r.view_height().saturating_sub(2).max(1) as isize)),
        Action::NextPassage if r.chrono => guide::chrono_step(r, true),
        Action::PrevPassage if r.chrono => guide::chrono_step(r, false),
        Action::NextPassage => {
            if r.focus + 1 < r.doc.passages.len() {
                set_focus(r, r.focus + 1);
            } else {
                r.status = Some("last passage of the article — ] for the next article".into());
            }
        }
        Action::PrevPassage => {
            let start = r.doc.start_of(r.focus);
            if r.scroll > start {
                show_passage(r, r.focus);
            } else if r.focus > 0 {
                set_focus(r, r.focus - 1);
            }
        }
        Action::Top => {
            r.scroll = 0;
            set_focus(r, 0);
        }
        Action::Bottom => {
            let last = r.doc.passages.len().saturating_sub(1);
            set_focus(r, last);
        }
        Action::NextArticle | Action::PrevArticle => {
            let n = r.corpus.articles.len();
            let next = if action == Action::NextArticle {
                r.article + 1
            } else {
                r.article.wrapping_sub(1)
            };
            if next < n {
                jump(
                    r,
                    PassageLoc {
                        article: next,
                        passage: 0,
                    },
                );
            } else {
                r.status = Some(
                    if action == Action::NextArticle {
                        "last article"
                    } else {
                        "first article"
                    }
                    .into(),
                );
            }
        }
        Action::FocusNext => {
            r.pane = match r.pane {
                Pane::Document => Pane::Entities,
                Pane::Entities => Pane::Timeline,
                Pane::Timeline => Pane::Document,
            }
        }
        Action::FocusPrev => {
            r.pane = match r.pane {
                Pane::Document => Pane::Timeline,
                Pane::Entities => Pane::Document,
                Pane::Timeline => Pane::Entities,
            }
        }
        Action::Activate => activate(r),
        Action::NextHit => next_hit(r, true),
        Action::PrevHit => next_hit(r, false),
        Action::Back => match r.history.back(r.position()) {
            Some(p) => restore(r, p),
            None => r.status = Some("no earlier position".into()),
        },
        Action::Forward => match r.history.forward(r.position()) {
            Some(p) => restore(r, p),
            None => r.status = Some("no later position".into()),
        },
        Action::ToggleOriginal => {
            let rel = relative_offset(r);
            r.show_original = !r.show_original;
            r.rewrap();
            place_relative(r, rel);
            r.status = Some(
                if r.show_original {
                    "showing the text as printed"
                } else {
                    "showing corrected text"
                }
                .into(),
            );
        }
        Action::Articles => r.overlay = Some(Overlay::Articles { sel: r.article }),
        Action::Tours => {
            let sel = r.tour.map_or(0, |t| t.tour);
            r.overlay = Some(Overlay::Tours { sel });
        }
        Action::NextStep => guide::step(r, true),
        Action::PrevStep => guide::step(r, false),
        Action::LeaveTour => guide::leave_tour(r),
        Action::Chronological => guide::toggle_chrono(r),
        Action::Compare => guide::open_compare(r),
        Action::Search => super::input::open_search(r),
        Action::ToggleBookmark => super::bookmarks::toggle(r),
        Action::EditNote => super::bookmarks::edit_note_here(r),
        Action::Bookmarks => super::bookmarks::open_list(r),
        Action::Undo => super::bookmarks::undo(r),
        Action::Delete => {}
        Action::Help => r.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Close => {
            if r.pane != Pane::Document {
                r.pane = Pane::Document;
            } else {
                r.target = None;
            }
        }
        Action::Quit | Action::Resize(..) | Action::Mouse(_) | Action::Edit(_) => {}
    }
}

fn overlay(r: &mut Reader, action: Action) {
    let Some(ov) = r.overlay.as_mut() else { return };
    match ov {
        Overlay::Help { scroll } => match action {
            Action::Down => *scroll = (*scroll + 1).min(HELP_LINES),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = (*scroll + 10).min(HELP_LINES),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            Action::Close | Action::Help | Action::Back | Action::Activate => r.overlay = None,
            _ => {}
        },
        Overlay::Articles { sel } => {
            let n = r.corpus.articles.len();
            match action {
                Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                Action::Up => *sel = sel.saturating_sub(1),
                Action::Top => *sel = 0,
                Action::Bottom => *sel = n.saturating_sub(1),
                Action::Activate => {
                    let a = *sel;
                    r.overlay = None;
                    if a != r.article {
                        jump(
                            r,
                            PassageLoc {
                                article: a,
                                passage: 0,
                            },
                        );
                    }
                }
                Action::Close | Action::Articles | Action::Back => r.overlay = None,
                _ => {}
            }
        }
        Overlay::Bookmarks { sel } => {
            let n = r.bookmarks.len();
            let sel = *sel;
            let set = |r: &mut Reader, v: usize| {
                if let Some(Overlay::Bookmarks { sel }) = r.overlay.as_mut() {
                    *sel = v;
                }
            };
            match action {
                Action::Down => set(r, (sel + 1).min(n.saturating_sub(1))),
                Action::Up => set(r, sel.saturating_sub(1)),
                Action::Top => set(r, 0),
                Action::Bottom => set(r, n.saturating_sub(1)),
                Action::Activate => super::bookmarks::go(r, sel),
                Action::Delete => super::bookmarks::delete(r, sel),
                Action::Undo => super::bookmarks::undo(r),
                Action::EditNote => {
                    if let Some(id) = r.bookmarks.get(sel).map(|(b, _)| b.id.clone()) {
                        super::bookmarks::open_note(r, super::NoteOn::Bookmark(id));
                    }
                }
                Action::Close | Action::Bookmarks | Action::Back => r.overlay = None,
                _ => {}
            }
        }
        Overlay::Tours { sel } => {
            let n = r.corpus.tours.len();
            match action {
                Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                Action::Up => *sel = sel.saturating_sub(1),
                Action::Activate => {
                    let t = *sel;
                    r.overlay = None;
                    guide::start_tour(r, t);
                }
                Action::Close | Action::Tours | Action::Back => r.overlay = None,
                _ => {}
            }
        }
        Overlay::Compare { event, sel } => {
            let n = r.corpus.events[*event].passages.len();
            match action {
                Action::Down => *sel = (*sel + 1).min(n.saturating_sub(1)),
                Action::Up => *sel = sel.saturating_sub(1),
                Action::Activate => {
                    let loc = r.corpus.events[*event].passages.get(*sel).copied();
                    let ev = *event;
                    r.overlay = None;
                    r.target = Some(Target::Event(ev));
                    if let Some(loc) = loc {
                        jump(r, loc);
                    }
                    r.event_sel = ev;
                    keep_event_visible(r, ev);
                }
                Action::Close | Action::Compare | Action::Back => r.overlay = None,
                _ => {}
            }
        }
        Overlay::Card(card) => {
            let n = card_items(&r.corpus, card.entity).len();
            match action {
                Action::Down => card.sel = (card.sel + 1).min(n.saturating_sub(1)),
                Action::Up => card.sel = card.sel.saturating_sub(1),
                Action::PageDown => card.sel = (card.sel + 10).min(n.saturating_sub(1)),
                Action::PageUp => card.sel = card.sel.saturating_sub(10),
                Action::Top => card.sel = 0,
                Action::Bottom => card.sel = n.saturating_sub(1),
                Action::Back => match card.stack.pop() {
                    Some(prev) => {
                        card.entity = prev;
                        card.sel = 0;
                        r.target = Some(Target::Entity(prev));
                    }
                    None => r.overlay = None,
                },
                Action::Close => r.overlay = None,
                Action::NextHit | Action::PrevHit => {
                    r.overlay = None;
                    next_hit(r, action == Action::NextHit);
                }
                Action::Activate => {
                    let entity = card.entity;
                    match card_items(&r.corpus, entity).get(card.sel).copied() {
                        Some(CardItem::Related(e)) => {
                            card.stack.push(entity);
                            card.entity = e;
                            card.sel = 0;
                            r.target = Some(Target::Entity(e));
                        }
                        Some(CardItem::Event(ev)) => {
                            r.overlay = None;
                            choose_event(r, ev);
                        }
                        Some(CardItem::Mention(i)) => {
                            let loc = r.corpus.entities[entity].mentions[i].loc;
                            r.overlay = None;
                            r.target = Some(Target::Entity(entity));
                            jump(r, loc);
                        }
                        None => {}
                    }
                }
                _ => {}
            }
        }
    }
}

fn activate(r: &mut Reader) {
    match r.pane {
        Pane::Document => {
            // Enter in the document opens the first entity of the passage.
            if let Some(&e) = r.corpus.articles[r.article].passages[r.focus]
                .entities
                .first()
            {
                open_card(r, e);
            }
        }
        Pane::Entities => {
            if let Some(e) = r.selected_entity() {
                open_card(r, e);
            } else if let Some(loc) = r.selected_shared() {
                jump(r, loc);
            }
        }
        Pane::Timeline => {
            if r.event_sel < r.corpus.events.len() {
                choose_event(r, r.event_sel);
            }
        }
    }
}

pub(super) fn open_card(r: &mut Reader, entity: usize) {
    r.target = Some(Target::Entity(entity));
    r.overlay = Some(Overlay::Card(CardState {
        entity,
        sel: 0,
        stack: Vec::new(),
    }));
}

/// Jumps to a passage describing the event, preferring the current article.
fn choose_event(r: &mut Reader, ev: EventIdx) {
    r.target = Some(Target::Event(ev));
    let passages = &r.corpus.events[ev].passages;
    let here = passages
        .iter()
        .find(|l| l.article == r.article)
        .or(passages.first())
        .copied();
    match here {
        Some(loc) if loc != r.loc() => jump(r, loc),
        Some(_) => {}
        None => r.status = Some("no passage describes this event".into()),
    }
    // The jump moved the selection to the new passage's first event; the
    // chosen one stays selected.
    r.event_sel = ev;
    keep_event_visible(r, ev);
}

/// `n`/`N`: the next passage of the current target, across articles, wrapping.
fn next_hit(r: &mut Reader, forward: bool) {
    let target = match (&r.target, r.pane) {
        (Some(t), _) => t.clone(),
        (None, Pane::Timeline) if r.event_sel < r.corpus.events.len() => Target::Event(r.event_sel),
        (None, _) => match r.selected_entity() {
            Some(e) if r.pane == Pane::Entities => Target::Entity(e),
            _ => {
                r.status = Some("nothing to search for — select an entity or event first".into());
                return;
            }
        },
    };
    let mut locs: Vec<PassageLoc> = match &target {
        Target::Entity(e) => r.corpus.entities[*e]
            .mentions
            .iter()
            .map(|m| m.loc)
            .collect(),
        Target::Event(ev) => r.corpus.events[*ev].passages.clone(),
        Target::Search => r
            .search
            .as_ref()
            .map(|s| s.hits.iter().map(|h| h.loc).collect())
            .unwrap_or_default(),
    };
    locs.dedup();
    if locs.is_empty() {
        r.status = Some("no passages for this target".into());
        return;
    }
    let here = r.loc();
    let found = if forward {
        locs.iter()
            .find(|l| **l > here)
            .copied()
            .map(|l| (l, false))
            .unwrap_or((locs[0], true))
    } else {
        locs.iter()
            .rev()
            .find(|l| **l < here)
            .copied()
            .map(|l| (l, false))
            .unwrap_or((locs[locs.len() - 1], true))
    };
    r.target = Some(target.clone());
    let (loc, wrapped) = found;
    let i = locs.iter().position(|l| *l == loc).unwrap_or(0);
    let name = match &target {
        Target::Entity(e) => r.corpus.entities[*e].name.clone(),
        Target::Event(ev) => r.corpus.events[*ev].title.clone(),
        Target::Search => format!("“{}”", r.search.as_ref().map_or("", |s| s.query.as_str())),
    };
    jump(r, loc);
    let wrap_note = if wrapped {
        if forward {
            " (wrapped to the start)"
        } else {
            " (wrapped to the end)"
        }
    } else {
        ""
    };
    r.status = Some(format!("{} of {}{wrap_note} · {name}", i + 1, locs.len()));
    if let Target::Event(ev) = target {
        r.event_sel = ev;
        keep_event_visible(r, ev);
    }
}

/// A jump that goes on the history.
pub(super) fn jump(r: &mut Reader, loc: PassageLoc) {
    r.history.push(r.position());
    go_to(r, loc);
}

pub(super) fn go_to(r: &mut Reader, loc: PassageLoc) {
    if loc.article >= r.corpus.articles.len() {
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
    if p.article >= r.corpus.articles.len() {
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
fn set_focus(r: &mut Reader, p: usize) {
    r.focus = p;
    show_passage(r, p);
    r.focus_changed();
}

/// Scrolls so the passage starts just below the top line (a blank separator
/// above it keeps the eye on where it begins).
fn show_passage(r: &mut Reader, p: usize) {
    r.scroll = r.doc.start_of(p).saturating_sub(1).min(r.doc.max_scroll());
}

fn scroll_by(r: &mut Reader, delta: isize) {
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

fn move_selection(r: &mut Reader, delta: isize) {
    match r.pane {
        Pane::Entities => {
            let n = r.sidebar_len();
            if n == 0 {
                return;
            }
            r.entity_sel = r.entity_sel.saturating_add_signed(delta).min(n - 1);
            if let Some(e) = r.selected_entity() {
                r.target = Some(Target::Entity(e));
            }
        }
        Pane::Timeline => {
            let n = r.corpus.events.len();
            if n == 0 {
                return;
            }
            r.event_sel = r.event_sel.saturating_add_signed(delta).min(n - 1);
            r.target = Some(Target::Event(r.event_sel));
            keep_event_visible(r, r.event_sel);
        }
        Pane::Document => {}
    }
}

impl Reader {
    /// After the focus passage changed: the side panes follow it.
    pub(crate) fn focus_changed(&mut self) {
        self.entity_sel = self.entity_sel.min(self.sidebar_len().saturating_sub(1));
        if self.pane != Pane::Entities {
            self.entity_sel = 0;
            self.entity_offset = 0;
        }
        if self.pane != Pane::Timeline
            && let Some(&first) = self.focus_events().first()
        {
            self.event_sel = first;
        }
        let evs = self.focus_events().to_vec();
        if let (Some(&a), Some(&b)) = (evs.first(), evs.last()) {
            keep_range_visible(self, a, b);
        }
    }
}

/// Rows of the timeline list (inside the border, under the ruler).
pub fn timeline_rows(r: &Reader) -> usize {
    r.screen()
        .timeline
        .map_or(10, |t| inner(t).height.saturating_sub(1) as usize)
        .max(1)
}

pub(super) fn keep_event_visible(r: &mut Reader, ev: usize) {
    keep_range_visible(r, ev, ev);
}

fn keep_range_visible(r: &mut Reader, first: usize, last: usize) {
    let rows = timeline_rows(r);
    let n = r.corpus.events.len();
    if first < r.timeline_offset || last >= r.timeline_offset + rows {
        // Centre the range so context on both sides is seen.
        let span = last.saturating_sub(first) + 1;
        let top = first.saturating_sub(rows.saturating_sub(span) / 2);
        r.timeline_offset = top.min(n.saturating_sub(rows));
        if first < r.timeline_offset {
            r.timeline_offset = first;
        }
    }
}

/// Where the view is inside the focus passage, as a fraction, so a re-wrap
/// can put it back at the same place.
fn relative_offset(r: &Reader) -> (usize, f64) {
    let range = r.doc.passages.get(r.focus).cloned().unwrap_or(0..0);
    let len = range.len().max(1) as f64;
    let off = r.scroll as f64 - range.start as f64;
    (r.focus, off / len)
}

fn place_relative(r: &mut Reader, (p, frac): (usize, f64)) {
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

fn resize(r: &mut Reader, w: u16, h: u16) {
    let rel = relative_offset(r);
    r.size = (w, h);
    r.rewrap();
    place_relative(r, rel);
}

fn contains(rect: Rect, x: u16, y: u16) -> bool {
    rect.contains(Cell { x, y })
}

fn mouse(r: &mut Reader, m: MouseAction) {
    let screen = r.screen();
    let (x, y, wheel) = match m {
        MouseAction::WheelDown { x, y } => (x, y, Some(WHEEL_LINES as isize)),
        MouseAction::WheelUp { x, y } => (x, y, Some(-(WHEEL_LINES as isize))),
        MouseAction::Click { x, y } => (x, y, None),
    };
    if r.overlay.is_some() {
        if let Some(d) = wheel {
            let a = if d > 0 { Action::Down } else { Action::Up };
            for _ in 0..WHEEL_LINES {
                overlay(r, a);
            }
        }
        return;
    }
    let in_tl = screen.timeline.filter(|t| contains(*t, x, y));
    let in_en = screen.entities.filter(|e| contains(*e, x, y));
    if let Some(t) = in_tl {
        match wheel {
            Some(d) => {
                let n = r.corpus.events.len();
                let rows = timeline_rows(r);
                r.timeline_offset = r
                    .timeline_offset
                    .saturating_add_signed(d)
                    .min(n.saturating_sub(rows));
            }
            None => {
                let list = inner(t);
                let list_top = list.y + 1;
                if y >= list_top && y < list.y + list.height {
                    let ev = r.timeline_offset + (y - list_top) as usize;
                    if ev < r.corpus.events.len() {
                        r.pane = Pane::Timeline;
                        choose_event(r, ev);
                    }
                }
            }
        }
    } else if let Some(e) = in_en {
        let (here, rest) = r.sidebar();
        let n = here.len() + rest.len();
        match wheel {
            Some(d) => {
                r.entity_offset = r
                    .entity_offset
                    .saturating_add_signed(d)
                    .min(n.saturating_sub(1))
            }
            None => {
                if let Some(i) = crate::ui::entities::row_to_index(r, inner(e), y) {
                    r.pane = Pane::Entities;
                    r.entity_sel = i;
                    if let Some(ent) = r.selected_entity() {
                        open_card(r, ent);
                    } else if let Some(loc) = r.selected_shared() {
                        jump(r, loc);
                    }
                }
            }
        }
    } else if contains(screen.doc, x, y) {
        match wheel {
            Some(d) => scroll_by(r, d),
            None => click_document(r, x, y),
        }
    }
}

/// A click on a mention selects its entity; elsewhere on a passage focuses it.
fn click_document(r: &mut Reader, x: u16, y: u16) {
    let text = r.screen().doc_text();
    if y < text.y || y >= text.y + text.height {
        return;
    }
    let line_idx = r.scroll + (y - text.y) as usize;
    let Some(line) = r.doc.lines.get(line_idx).copied() else {
        return;
    };
    let Some(p) = line.passage else { return };
    let corpus = r.corpus.clone();
    let passage = &corpus.articles[r.article].passages[p];
    let (s, _, mentions) = passage.version(r.show_original);
    let col = x.saturating_sub(text.x) as usize;
    let byte = crate::ui::document::byte_at_column(&s[line.range()], col).map(|b| b + line.start);
    r.focus = p;
    r.focus_changed();
    if let Some(b) = byte
        && let Some(m) = mentions.iter().find(|m| m.range.contains(&b))
    {
        let e = m.entity;
        r.target = Some(Target::Entity(e));
        if let Some(i) = r.sidebar_index_of(e) {
            r.entity_sel = i;
        }
        r.status = Some(format!(
            "{} — Enter on it in the sidebar for its card, n for its next mention",
            r.corpus.entities[e].name
        ));
    }
}
