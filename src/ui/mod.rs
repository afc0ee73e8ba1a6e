//! Drawing: `render` reads the reader's state and never changes it.

pub mod bookmarks;
pub mod curate;
pub mod document;
pub mod entities;
pub mod escapes;
pub mod field;
pub mod guide;
pub mod highlight;
pub mod map;
pub mod more;
pub mod overlay;
pub mod panel;
pub mod search;
pub mod status;
pub mod theme;
pub mod timeline;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

pub use theme::Theme;

pub use crate::text::truncate;

use crate::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::reader::{Overlay, Reader};

/// What the interface is drawn on: a buffer, and where the cursor is to
/// be shown. A terminal's frame lends its buffer to one; the reader's first
/// frame is drawn on one that no terminal holds yet.
pub struct Surface<'a> {
    buf: &'a mut Buffer,
    cursor: Option<Position>,
}

impl<'a> Surface<'a> {
    pub fn new(buf: &'a mut Buffer) -> Self {
        Self { buf, cursor: None }
    }

    pub const fn area(&self) -> Rect {
        self.buf.area
    }

    pub const fn buffer_mut(&mut self) -> &mut Buffer {
        self.buf
    }

    pub fn render_widget(&mut self, widget: impl Widget, area: Rect) {
        widget.render(area, self.buf);
    }

    pub fn set_cursor_position(&mut self, at: impl Into<Position>) {
        self.cursor = Some(at.into());
    }

    /// Where the cursor is shown; hidden when `None`.
    pub const fn cursor(&self) -> Option<Position> {
        self.cursor
    }
}

/// Draws the reader on a terminal's frame.
pub fn render(r: &Reader, t: &Theme, f: &mut Frame) {
    let mut surface = Surface::new(f.buffer_mut());
    draw(r, t, &mut surface);
    if let Some(at) = surface.cursor() {
        f.set_cursor_position(at);
    }
}

/// Draws the reader on `f`.
pub fn draw(r: &Reader, t: &Theme, f: &mut Surface<'_>) {
    let screen = r.screen();
    let area = f.area();
    if screen.too_small {
        let msg = format!(
            "Terminal too small: {}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        );
        let w = area.width as usize;
        f.buffer_mut()
            .set_line(area.x, area.y, &Line::raw(truncate(&msg, w)), area.width);
        return;
    }
    document::render(r, t, f, screen.doc);
    if let Some(bar) = screen.bar {
        guide::tour_bar(r, t, f, bar);
    }
    if let Some(tl) = screen.timeline {
        if screen.side_overlay {
            f.render_widget(ratatui::widgets::Clear, tl);
        }
        if r.map {
            map::pane(r, t, f, tl);
        } else {
            timeline::render(r, t, f, tl);
        }
    }
    if let Some(en) = screen.entities {
        if screen.side_overlay {
            f.render_widget(ratatui::widgets::Clear, en);
        }
        entities::render(r, t, f, en);
    }
    match &r.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => overlay::help(r, t, f, area, *scroll),
        Some(Overlay::Articles { sel }) => overlay::articles(r, t, f, area, *sel),
        Some(Overlay::Card(card)) => overlay::card(r, t, f, area, card),
        Some(Overlay::Tours { sel }) => guide::tours(r, t, f, area, *sel),
        Some(Overlay::Bookmarks { sel }) => bookmarks::list(r, t, f, area, *sel),
        Some(Overlay::Compare { event, sel }) => guide::compare(r, t, f, area, *event, *sel),
    }
    if r.input.is_some() {
        search::prompt(r, t, f, area, &screen);
    }
    document::link(r, f.buffer_mut(), screen.doc);
}

/// Writes a line like `Buffer::set_line`, the same cells, but runs of
/// printable ASCII (most text) are copied a byte to a cell without grapheme
/// segmentation, which is most of the cost of drawing a frame.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) -> (u16, u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let nx = put_span(buf, x, y, span.content.as_ref(), remaining, style);
        remaining = remaining.saturating_sub(nx.saturating_sub(x));
        x = nx;
    }
    (x, y)
}

/// One span as `Buffer::set_stringn` writes it; returns where it ends.
/// The text is cut where a grapheme surely ends: the last character of an
/// ASCII run may join a mark that follows, and a character before an ASCII
/// one may join it (a prepended mark), but two printable ASCII characters in
/// a row are never one grapheme. The pieces between are segmented as usual.
fn put_span(buf: &mut Buffer, x: u16, y: u16, text: &str, max_width: u16, style: Style) -> u16 {
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    let bytes = text.as_bytes();
    let mut x = x;
    let mut room = buf.area.right().saturating_sub(x).min(max_width);
    let mut i = 0;
    while i < bytes.len() {
        let run_end = bytes[i..]
            .iter()
            .position(|&b| !printable(b))
            .map_or(bytes.len(), |n| i + n);
        let fast_end = if run_end < bytes.len() {
            run_end.saturating_sub(1).max(i)
        } else {
            run_end
        };
        let n = (fast_end - i).min(usize::from(room));
        if n > 0 {
            let start = buf.index_of(x, y);
            for (cell, b) in buf.content[start..start + n].iter_mut().zip(&bytes[i..]) {
                cell.set_char(char::from(*b)).set_style(style);
            }
            x += n as u16;
            room -= n as u16;
        }
        if n < fast_end - i || fast_end == bytes.len() {
            return x;
        }
        let end = (run_end + 1..bytes.len())
            .find(|&e| printable(bytes[e - 1]) && printable(bytes[e]))
            .unwrap_or(bytes.len());
        let piece = &text[fast_end..end];
        let (nx, _) = buf.set_stringn(x, y, piece, usize::from(room), style);
        let drawn = nx.saturating_sub(x);
        x = nx;
        room = room.saturating_sub(drawn);
        // A grapheme that did not fit ends the span, as in one call.
        if end < bytes.len() && drawn < width_drawn(piece) {
            return x;
        }
        i = end;
    }
    x
}

/// The cells `Buffer::set_stringn` takes for `s` given room enough.
fn width_drawn(s: &str) -> u16 {
    use ratatui::buffer::CellWidth;
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(CellWidth::cell_width)
        .fold(0u16, u16::saturating_add)
}
