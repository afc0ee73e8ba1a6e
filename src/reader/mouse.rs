//! The mouse: the wheel moves the pane under the pointer, a click chooses
//! what is under it. Clicks are mapped through the view the screen shows.

use ratatui::layout::{Position as Cell, Rect};

use super::update::{choose_event, list_action, open_card, overlay};
use super::view::SideRow;
use super::{Action, MouseAction, Pane, Reader, Target};
use crate::corpus::EventIdx;
use crate::layout::inner;

/// Lines the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

fn contains(rect: Rect, x: u16, y: u16) -> bool {
    rect.contains(Cell { x, y })
}

pub(super) fn mouse(r: &mut Reader, m: MouseAction) {
    let Some(screen) = r.view.screen else { return };
    let (x, y, wheel) = match m {
        MouseAction::WheelDown { x, y } => (x, y, Some(Action::Down)),
        MouseAction::WheelUp { x, y } => (x, y, Some(Action::Up)),
        MouseAction::Click { x, y } => (x, y, None),
    };
    if r.overlay.is_some() {
        if let Some(a) = wheel {
            for _ in 0..WHEEL_LINES {
                overlay(r, a);
            }
        }
        return;
    }
    let in_tl = screen.timeline.filter(|t| contains(*t, x, y));
    let in_en = screen.entities.filter(|e| contains(*e, x, y));
    if in_tl.is_some() && r.map {
        if wheel.is_none() {
            super::map::click(r, x, y);
        }
    } else if let Some(t) = in_tl {
        match wheel {
            // The wheel moves the selection, so it stays in view.
            Some(a) => {
                r.pane = Pane::Timeline;
                for _ in 0..WHEEL_LINES {
                    list_action(r, a);
                }
            }
            None => {
                let list = inner(t);
                let list_top = list.y + 1;
                if y >= list_top && y < list.y + list.height {
                    let ev = EventIdx(r.timeline_offset + (y - list_top) as usize);
                    if r.corpus.event(ev).is_some() {
                        r.pane = Pane::Timeline;
                        choose_event(r, ev);
                    }
                }
            }
        }
    } else if let Some(e) = in_en {
        match wheel {
            Some(a) => {
                r.pane = Pane::Entities;
                for _ in 0..WHEEL_LINES {
                    list_action(r, a);
                }
            }
            None => {
                let list = inner(e);
                if y < list.y || y >= list.y + list.height {
                    return;
                }
                let row = r.entity_offset + (y - list.y) as usize;
                match r.view.sidebar.get(row).copied() {
                    Some(SideRow::Entity(i, ent)) => {
                        r.pane = Pane::Entities;
                        r.entity_sel = i;
                        open_card(r, ent);
                    }
                    Some(SideRow::Shared(i, loc)) => {
                        r.pane = Pane::Entities;
                        r.entity_sel = i;
                        super::nav::jump(r, loc);
                    }
                    Some(SideRow::Header(_)) | None => {}
                }
            }
        }
    } else if contains(screen.doc, x, y) {
        match wheel {
            Some(a) => {
                let d = if a == Action::Down { 1 } else { -1 };
                super::nav::scroll_by(r, d * WHEEL_LINES as isize);
            }
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
    let byte = crate::wrap::byte_at_column(&s[line.range()], col).map(|b| b + line.start);
    r.focus = p;
    r.focus_changed();
    if let Some(b) = byte
        && let Some(m) = mentions.iter().find(|m| m.range.contains(&b))
    {
        let e = m.entity;
        r.target = Some(Target::Entity(e));
        r.status = Some(format!(
            "{} — Enter opens its card, n goes to its next mention",
            r.corpus.entities[e].name
        ));
    }
}
