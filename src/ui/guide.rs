//! Guided reading on screen: the tour bar, the tour list and the compare view.

use super::Surface;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::panel::Panel;

use super::overlay::{centered, draw_box};
use super::theme::Theme;
use super::truncate;
use crate::reader::compare::{self, Ink};
use crate::reader::{Action, CurateKey, Reader};
use crate::wrap::wrap_head;

pub fn tour_bar(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let (Some(pos), Some(step)) = (r.tour, r.tour_step()) else {
        return;
    };
    let tour = &r.corpus.tours[pos.tour];
    let block = Panel::new(t.border(true))
        .title(Line::styled(
            format!(
                " Tour · {} · step {}/{} ",
                tour.title,
                pos.step + 1,
                tour.steps.len()
            ),
            t.title(),
        ))
        .title_bottom(Line::styled(tour_keys(r, area.width), t.dim()).right_aligned());
    let inner = block.inner(area);
    f.render_widget(Clear, area);
    block.render(area, f.buffer_mut());
    let buf = f.buffer_mut();
    let w = inner.width.saturating_sub(2) as usize;
    let rows = inner.height as usize;
    // One line more than fits tells whether the commentary is cut.
    let lines = wrap_head(&step.commentary, w.max(1), rows + 1);
    let cut = lines.len() > rows;
    for (k, range) in lines.into_iter().take(rows).enumerate() {
        let y = inner.y + k as u16;
        let text = &step.commentary[range];
        let line = if cut && k + 1 == rows {
            // The bar has a fixed most height: what it cannot hold is
            // signed, not dropped silently.
            Line::raw(super::truncate(&format!("{text} …"), w))
        } else {
            Line::raw(text)
        };
        super::put_line(buf, inner.x + 1, y, &line, inner.width.saturating_sub(2));
    }
}

/// The keys a running tour takes, as many as the bar's bottom border holds
/// whole: those that change the step only where the pack can be changed,
/// and only after those that move through the tour.
fn tour_keys(r: &Reader, width: u16) -> String {
    const BASE: &str = " > next · < previous · x leave · t tours ";
    if r.curation.curator.is_none() {
        return BASE.to_owned();
    }
    let key = |k, default| r.keys.first(Action::Curate(k), default);
    let (earlier, later, remove) = (
        key(CurateKey::StepEarlier, "("),
        key(CurateKey::StepLater, ")"),
        key(CurateKey::DeleteStep, "X"),
    );
    // Two corners and a rule cell.
    let room = usize::from(width).saturating_sub(3);
    [
        format!("{BASE}· {earlier} {later} move step · {remove} remove step "),
        format!("{BASE}· {earlier} {later} move · {remove} remove "),
    ]
    .into_iter()
    .find(|s| crate::wrap::width(s) <= room)
    .unwrap_or_else(|| BASE.to_owned())
}

pub fn tours(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, sel: usize) {
    let rect = centered(area, 90, 40);
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    let mut selected = None;
    for (i, tour) in r.corpus.tours.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        if i == sel {
            selected = Some(lines.len());
        }
        let style = if i == sel {
            t.title().patch(t.selected())
        } else {
            t.title()
        };
        lines.push(Line::styled(truncate(&tour.title, w), style));
        let progress = match r.tour_steps.get(i) {
            Some(&s) if s > 0 || r.tour.is_some_and(|p| p.tour == i) => {
                format!(" · at step {}", s + 1)
            }
            _ => String::new(),
        };
        lines.push(Line::styled(
            format!(
                "{} step{}{progress}",
                tour.steps.len(),
                if tour.steps.len() == 1 { "" } else { "s" }
            ),
            t.dim(),
        ));
        for range in crate::wrap::wrap_uncounted(&tour.intro, w.max(1)) {
            lines.push(Line::raw(tour.intro[range].to_owned()));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("This corpus has no tours.", t.dim()));
    }
    draw_box(
        f,
        t,
        rect,
        &format!(
            "Tours — {} to start or resume{}",
            r.keys.first(crate::reader::Action::Activate, "Enter"),
            // A pack being curated can have a tour more.
            if r.curation.curator.is_some() {
                format!(
                    " · {} a new tour",
                    r.keys.first(
                        crate::reader::Action::Curate(crate::reader::CurateKey::NewEvent),
                        "+"
                    )
                )
            } else {
                String::new()
            }
        ),
        lines,
        selected,
        0,
    );
}

/// Every passage describing the event, with the disputes between sources:
/// the page the reader laid out (see `reader::compare`), from its offset.
pub fn compare(
    r: &Reader,
    t: &Theme,
    f: &mut Surface<'_>,
    area: Rect,
    event: crate::corpus::EventIdx,
    sel: usize,
) {
    let c = &r.corpus;
    let ev = &c.events[event];
    f.render_widget(Clear, area);
    let (w, h) = compare::page_size((area.width, area.height));
    let page = compare::layout(c, event, w, h);
    let total = page.rows.len();
    let off = r.view.compare_scroll.min(total.saturating_sub(h));
    let (above, below) = super::more::hidden(off, h, total);
    let title = format!(" Compare sources · {} · {} ", ev.date, ev.title);
    // Room for the marker of rows above, when there are some.
    let room =
        (area.width as usize).saturating_sub(if above > 0 { 2 + super::more::ROOM } else { 2 });
    let block = Panel::new(t.border(true))
        .title(Line::styled(truncate(&title, room), t.title()))
        .title_bottom(
            Line::styled(
                format!(
                    " ↑↓ choose · {} page · {} go there · {} close ",
                    r.keys.first(crate::reader::Action::PageDown, "PgDn"),
                    r.keys.first(crate::reader::Action::Activate, "Enter"),
                    r.keys.first(crate::reader::Action::Close, "Esc")
                ),
                t.dim(),
            )
            .right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    if inner.width < 3 || inner.height == 0 {
        return;
    }
    let buf = f.buffer_mut();
    let x0 = inner.x + 1;
    for (k, row) in page.rows.iter().skip(off).take(h).enumerate() {
        let y = inner.y + k as u16;
        for seg in row {
            let mut style = match seg.ink {
                Ink::Title => t.title(),
                Ink::Dim => t.dim(),
                Ink::Flag => t.event_here(),
                Ink::Plain => ratatui::style::Style::new(),
            };
            if seg.item == Some(sel) {
                style = style.patch(t.selected());
            }
            let x = x0.saturating_add(seg.x as u16);
            let room = (x0 + w as u16).saturating_sub(x);
            super::put_line(buf, x, y, &Line::styled(seg.text.as_str(), style), room);
        }
    }
    super::more::marks(buf, t, area, above, below);
}
