//! The entity sidebar: who and what the focus passage mentions, then the
//! rest of the article's entities.

use super::panel::Panel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::truncate;
use crate::corpus::{EntityIdx, PassageLoc};
use crate::reader::{Pane, Reader, Target};

enum Row {
    Header(&'static str),
    Entity(usize, EntityIdx),
    /// Another passage this one shares text with, and its selection index.
    Shared(usize, PassageLoc),
}

fn rows(r: &Reader) -> (Vec<Row>, Option<usize>) {
    let (here, rest) = r.sidebar();
    let shared = r.shared_here();
    let mut rows = Vec::with_capacity(here.len() + shared.len() + rest.len() + 3);
    let mut i = 0;
    if !here.is_empty() {
        rows.push(Row::Header("In this passage"));
        for e in here {
            rows.push(Row::Entity(i, e));
            i += 1;
        }
    }
    if !shared.is_empty() {
        rows.push(Row::Header("Its text also in (Enter: go)"));
        for loc in shared {
            rows.push(Row::Shared(i, loc));
            i += 1;
        }
    }
    if !rest.is_empty() {
        rows.push(Row::Header("Elsewhere in the article"));
        for e in rest {
            rows.push(Row::Entity(i, e));
            i += 1;
        }
    }
    let sel_row = rows.iter().position(|row| match row {
        Row::Entity(i, _) | Row::Shared(i, _) => *i == r.entity_sel,
        Row::Header(_) => false,
    });
    (rows, sel_row)
}

/// First row shown: the stored offset, moved just enough to show the selection.
fn offset(r: &Reader, sel_row: Option<usize>, height: usize) -> usize {
    let mut off = r.entity_offset;
    // The selection is kept in view when the pane has the keyboard, or when
    // something else chose it (a tour step naming the entity).
    let chosen = r.pane == Pane::Entities
        || matches!(r.target, Some(Target::Entity(e)) if r.selected_entity() == Some(e));
    if let Some(s) = sel_row.filter(|_| chosen) {
        if s < off {
            off = s.saturating_sub(1);
        } else if s >= off + height {
            off = s + 1 - height;
        }
    }
    off
}

pub fn render(r: &Reader, t: &Theme, f: &mut Frame, area: Rect) {
    let focused = r.pane == Pane::Entities && r.overlay.is_none();
    let block = Panel::new(t.border(focused)).title(Line::styled(" Entities ", t.title()));
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    let (rows, sel_row) = rows(r);
    let off = offset(r, sel_row, inner.height as usize);
    let target = match r.target {
        Some(Target::Entity(e)) => Some(e),
        _ => None,
    };
    let w = inner.width as usize;
    let buf = f.buffer_mut();
    for (k, row) in rows
        .iter()
        .skip(off)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + k as u16;
        let line = match row {
            Row::Header(h) => Line::styled(truncate(h, w), t.dim()),
            Row::Shared(i, loc) => {
                let a = &r.corpus.articles[loc.article];
                let label = format!("≡{} §{}", a.title, loc.passage + 1);
                let style = if *i == r.entity_sel && focused {
                    t.dim().patch(t.selected())
                } else {
                    t.dim()
                };
                Line::styled(truncate(&label, w), style)
            }
            Row::Entity(i, e) => {
                let ent = &r.corpus.entities[*e];
                let selected = *i == r.entity_sel && focused;
                let pointer = if Some(*e) == target { "▶" } else { " " };
                let tag = ent.kind.tag();
                let name_w = w.saturating_sub(tag.len() + 2);
                let name = truncate(&ent.name, name_w);
                let pad = name_w.saturating_sub(crate::wrap::width(&name));
                let mut style = t.kind(ent.kind);
                if selected {
                    style = style.patch(t.selected());
                }
                Line::from(vec![
                    Span::styled(pointer, t.gutter_focus()),
                    Span::styled(name, style),
                    Span::raw(" ".repeat(pad + 1)),
                    Span::styled(tag, t.dim()),
                ])
            }
        };
        super::put_line(buf, inner.x, y, &line, inner.width);
    }
}

/// The sidebar index shown at screen row `y`, for mouse clicks.
pub fn row_to_index(r: &Reader, inner: Rect, y: u16) -> Option<usize> {
    if y < inner.y || y >= inner.y + inner.height {
        return None;
    }
    let (rows, sel_row) = rows(r);
    let off = offset(r, sel_row, inner.height as usize);
    match rows.get(off + (y - inner.y) as usize)? {
        Row::Entity(i, _) | Row::Shared(i, _) => Some(*i),
        Row::Header(_) => None,
    }
}
