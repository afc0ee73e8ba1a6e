//! The entity sidebar: who and what the focus passage mentions, then the
//! rest of the article's entities.

use super::Surface;
use super::panel::Panel;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::truncate;
use crate::reader::{Pane, Reader, SideRow, Target};

pub fn render(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let focused = r.pane == Pane::Entities && r.overlay.is_none();
    let block = Panel::new(t.border(focused)).title(Line::styled(" Entities ", t.title()));
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    let rows = &r.view.sidebar;
    let off = r.entity_offset;
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
            SideRow::Header(h) => Line::styled(truncate(h, w), t.dim()),
            SideRow::Shared(i, loc) => {
                let a = &r.corpus.articles[loc.article];
                let label = format!("≡{} §{}", a.title, loc.passage + 1);
                let style = if *i == r.entity_sel && focused {
                    t.dim().patch(t.selected())
                } else {
                    t.dim()
                };
                Line::styled(truncate(&label, w), style)
            }
            SideRow::Entity(i, e) => {
                let ent = &r.corpus.entities[*e];
                let selected = *i == r.entity_sel && focused;
                let pointer = if Some(*e) == target { "▶" } else { " " };
                // Suggestions read as provisional: a ◇ before the tag, italics.
                let tag = if ent.suggested {
                    format!("◇{}", ent.kind.tag())
                } else {
                    ent.kind.tag().to_owned()
                };
                let name_w = w.saturating_sub(crate::wrap::width(&tag) + 2);
                let name = truncate(&ent.name, name_w);
                let pad = name_w.saturating_sub(crate::wrap::width(&name));
                let mut style = t.kind(ent.kind);
                if ent.suggested {
                    style = style.patch(t.suggestion());
                }
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
    let (above, below) = super::more::hidden(off, inner.height as usize, rows.len());
    super::more::marks(buf, t, area, above, below);
}
