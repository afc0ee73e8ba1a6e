//! `update`: the only place the reader's state changes. It returns what the
//! event loop must do; the loop does no thinking of its own.

use super::nav::{
    jump, keep_event_visible, place_relative, relative_offset, resize, restore, scroll_by,
    set_focus, show_passage,
};
use super::select::moved;
use super::{Action, CardState, Effect, Overlay, Pane, Reader, SideSel, Target, guide};
use crate::corpus::{ArticleIdx, EntityIdx, EventIdx, PassageLoc};

pub fn update(r: &mut Reader, action: Action) -> Effect {
    r.status = None;
    if !matches!(action, Action::Resize(..)) {
        r.notice = None;
    }
    // Asking before quitting holds for the very next key only.
    let asked = std::mem::take(&mut r.quit_asked);
    if asked && action == Action::Leave {
        r.quit_asked = true;
    }
    let steps = r.tour_steps.clone();
    let effect = match action {
        Action::Quit => Effect::Quit,
        Action::Suspend => Effect::Suspend,
        _ => {
            apply(r, action);
            r.check_mention_cursor();
            if r.status.is_none()
                && r.overlay.is_none()
                && let Some(n) = guide::off_tour(r)
            {
                let next = r.keys.first(Action::NextStep, ">");
                r.status = Some(format!("off the tour — {next} returns to step {n}"));
            }
            if r.quit_requested {
                r.quit_requested = false;
                Effect::Quit
            } else {
                Effect::None
            }
        }
    };
    r.settle();
    if effect == Effect::None
        && (r.store.as_ref().is_some_and(|s| s.is_dirty()) || r.tour_steps != steps)
    {
        return Effect::Save;
    }
    effect
}

fn apply(r: &mut Reader, action: Action) {
    match action {
        Action::Resize(w, h) => resize(r, w, h),
        Action::Mouse(m) => super::mouse::mouse(r, m),
        Action::Edit(e) => super::input::edit(r, e),
        // A prompt takes only editing keys, its list of results the keys
        // of a list; anything else leaves it alone.
        _ if r.input.is_some() => super::input::results_key(r, action),
        Action::Selection(s) if r.selection.is_some() => super::highlight::key(r, s),
        Action::Selection(_) => {}
        // Undo reaches every removal from wherever the reader is.
        Action::Undo => super::bookmarks::undo(r),
        // Curation acts on the card or comparison in front, else the panes.
        Action::Curate(k)
            if matches!(
                r.overlay,
                None | Some(Overlay::Card(_))
                    | Some(Overlay::Compare { .. })
                    | Some(Overlay::Tours { .. })
            ) =>
        {
            super::curate::key(r, k)
        }
        _ if r.overlay.is_some() => overlay(r, action),
        _ => document(r, action),
    }
}

pub(super) fn overlay(r: &mut Reader, action: Action) {
    super::overlays::handle(r, action);
}

/// Keys with no overlay in front: the document, or the side pane that has
/// the keyboard.
fn document(r: &mut Reader, action: Action) {
    if super::map::key(r, action) {
        return;
    }
    if r.pane != Pane::Document && list_action(r, action) {
        return;
    }
    match action {
        Action::Down => scroll_by(r, 1),
        Action::Up => scroll_by(r, -1),
        Action::PageDown => super::nav::page_down(r),
        Action::PageUp => scroll_by(r, -(r.view_height().saturating_sub(2).max(1) as isize)),
        Action::NextPassage if r.chrono => guide::chrono_step(r, true),
        Action::PrevPassage if r.chrono => guide::chrono_step(r, false),
        Action::NextPassage => {
            if r.focus + 1 < r.doc.passages.len() {
                set_focus(r, r.focus + 1);
            } else {
                let next = r.keys.first(Action::NextArticle, "]");
                r.status = Some(format!(
                    "last passage of the article — {next} for the next article"
                ));
            }
        }
        Action::PrevPassage => {
            let start = r.doc.start_of(r.focus);
            if r.scroll > start {
                show_passage(r, r.focus);
            } else if r.focus > 0 {
                set_focus(r, r.focus - 1);
            } else {
                let prev = r.keys.first(Action::PrevArticle, "[");
                r.status = Some(format!(
                    "first passage of the article — {prev} for the previous article"
                ));
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
                r.article.index() + 1
            } else {
                r.article.index().wrapping_sub(1)
            };
            if next < n {
                let next = ArticleIdx(next);
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
            };
            entered_pane(r);
        }
        Action::FocusPrev => {
            r.pane = match r.pane {
                Pane::Document => Pane::Timeline,
                Pane::Entities => Pane::Document,
                Pane::Timeline => Pane::Entities,
            };
            entered_pane(r);
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
        Action::Rewind => super::nav::rewind(r),
        Action::NextMention => super::cursor::step(r, true),
        Action::PrevMention => super::cursor::step(r, false),
        Action::ToggleOriginal => {
            let rel = relative_offset(r);
            r.show_original = !r.show_original;
            // Its index counts the mentions of the other version.
            r.mention_cursor = None;
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
        Action::Articles => {
            r.overlay = Some(Overlay::Articles {
                sel: r.article.index(),
            })
        }
        Action::Tours => {
            let sel = r.tour.map_or(0, |t| t.tour);
            r.overlay = Some(Overlay::Tours { sel });
        }
        Action::NextStep => guide::step(r, true),
        Action::PrevStep => guide::step(r, false),
        Action::LeaveTour => guide::leave_tour(r),
        Action::Chronological => guide::toggle_chrono(r),
        Action::ToggleMap => {
            r.map = !r.map;
            r.map_cursor = None;
        }
        Action::ZoomMap => {
            r.map = true;
            r.map_extent = match r.map_extent {
                crate::geo::Extent::Article => crate::geo::Extent::Corpus,
                crate::geo::Extent::Corpus => crate::geo::Extent::Article,
            };
        }
        Action::Compare => guide::open_compare(r),
        Action::Search => super::input::open_search(r),
        Action::ToggleBookmark => super::bookmarks::toggle(r),
        Action::Select => super::highlight::start(r, false),
        Action::SelectPassage => super::highlight::start(r, true),
        Action::TagHighlight => super::highlight::tag_here(r),
        Action::NoteHighlight => super::highlight::note_here(r),
        Action::RemoveHighlight => super::highlight::remove_here(r),
        Action::Selection(_) => {}
        Action::EditNote => super::bookmarks::edit_note_here(r),
        Action::Bookmarks => super::bookmarks::open_list(r),
        Action::Help => r.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Close => {
            if r.pane != Pane::Document {
                r.pane = Pane::Document;
            } else {
                r.target = None;
            }
        }
        // `q` closes a side pane drawn over the document (narrow screens),
        // and otherwise quits: beside the document, the panes are part of it.
        Action::Leave => {
            if r.pane != Pane::Document && r.screen().side_overlay {
                r.pane = Pane::Document;
            } else if r.confirm_quit && !r.quit_asked {
                r.quit_asked = true;
                let q = r.keys.first(Action::Leave, "q");
                r.status = Some(format!("quit? {q} again quits, any other key stays"));
            } else {
                r.quit_requested = true;
            }
        }
        Action::Left
        | Action::Right
        | Action::Delete
        | Action::Undo
        | Action::Quit
        | Action::Suspend
        | Action::Resize(..)
        | Action::Mouse(_)
        | Action::Curate(_)
        | Action::Edit(_) => {}
    }
}

/// Tab into the sidebar starts at the first entity of the passage.
fn entered_pane(r: &mut Reader) {
    if r.pane == Pane::Entities {
        r.entity_sel = SideSel(0);
        if let Some(e) = r.selected_entity() {
            r.target = Some(Target::Entity(e));
        }
    }
}

/// A list move in the side pane that has the keyboard; false if `action`
/// is not one.
pub(super) fn list_action(r: &mut Reader, action: Action) -> bool {
    let page = r.view_height().saturating_sub(2).max(1);
    match r.pane {
        Pane::Entities => {
            let n = r.sidebar_len();
            let Some(s) = moved(r.entity_sel.0, n, page, action) else {
                return false;
            };
            r.entity_sel = SideSel(s);
            if let Some(e) = r.selected_entity() {
                r.target = Some(Target::Entity(e));
            } else if matches!(r.target, Some(Target::Entity(_))) {
                // On a row of shared text: an entity target would pull the
                // selection back to its own row when the view settles.
                r.target = None;
            }
            true
        }
        Pane::Timeline => {
            let n = r.corpus.events.len();
            let Some(s) = moved(r.event_sel.index(), n, page, action).map(EventIdx) else {
                return false;
            };
            if n > 0 {
                r.event_sel = s;
                r.target = Some(Target::Event(s));
                keep_event_visible(r, s);
            }
            true
        }
        Pane::Document => false,
    }
}

/// Enter: the card of the selected entity (in the document, the target's or
/// the passage's first), or the selected event.
fn activate(r: &mut Reader) {
    match r.pane {
        Pane::Document | Pane::Entities => {
            if let Some(e) = r.selected_entity() {
                open_card(r, e);
            } else if let Some(loc) = r.selected_shared() {
                jump(r, loc);
            }
        }
        Pane::Timeline => {
            if r.corpus.event(r.event_sel).is_some() {
                choose_event(r, r.event_sel);
            }
        }
    }
}

pub(super) fn open_card(r: &mut Reader, entity: EntityIdx) {
    r.target = Some(Target::Entity(entity));
    r.overlay = Some(Overlay::Card(CardState {
        entity,
        sel: 0,
        stack: Vec::new(),
    }));
}

/// Jumps to a passage describing the event, preferring the current article.
pub(super) fn choose_event(r: &mut Reader, ev: EventIdx) {
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
pub(super) fn next_hit(r: &mut Reader, forward: bool) {
    let target = match (&r.target, r.pane) {
        (Some(t), _) => t.clone(),
        (None, Pane::Timeline) if r.corpus.event(r.event_sel).is_some() => {
            Target::Event(r.event_sel)
        }
        (None, _) => match r.selected_entity() {
            Some(e) if r.pane == Pane::Entities => Target::Entity(e),
            _ => {
                r.status = Some("nothing to search for — select an entity or event first".into());
                return;
            }
        },
    };
    if target == Target::Search && super::search::step_while_counting(r, forward) {
        return;
    }
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
    let (Some(&first), Some(&last)) = (locs.first(), locs.last()) else {
        r.status = Some("no passages for this target".into());
        return;
    };
    let here = r.loc();
    let found = if forward {
        locs.iter()
            .find(|l| **l > here)
            .map_or((first, true), |&l| (l, false))
    } else {
        locs.iter()
            .rev()
            .find(|l| **l < here)
            .map_or((last, true), |&l| (l, false))
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
    let wrap_note = match (wrapped, forward) {
        (false, _) => "",
        (true, true) => " (wrapped to the start)",
        (true, false) => " (wrapped to the end)",
    };
    r.status = Some(format!("{} of {}{wrap_note} · {name}", i + 1, locs.len()));
    if let Target::Event(ev) = target {
        r.event_sel = ev;
        keep_event_visible(r, ev);
    }
}

impl Reader {
    /// After the focus passage changed: the side panes follow it.
    pub(crate) fn focus_changed(&mut self) {
        self.check_mention_cursor();
        self.entity_sel = SideSel(self.entity_sel.0.min(self.sidebar_len().saturating_sub(1)));
        if self.pane != Pane::Entities {
            self.entity_sel = SideSel(0);
            self.entity_offset = 0;
        }
        if self.pane != Pane::Timeline
            && let Some(&first) = self.focus_events().first()
        {
            self.event_sel = first;
        }
        let evs = self.focus_events().to_vec();
        if let (Some(&a), Some(&b)) = (evs.first(), evs.last()) {
            super::nav::keep_range_visible(self, a, b);
        }
    }
}
