//! The terminal backend the reader draws through: crossterm's, except that
//! a frame's cells and cursor moves are written straight to the output.
//! crossterm formats every printed cell as a command through `fmt`, which
//! is a tenth of the time to the first frame; the bytes are the same, and a
//! test compares them for any frame.

use std::io::{self, Write};

use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CColor, SetAttribute, SetBackgroundColor, SetColors, SetForegroundColor,
    SetUnderlineColor,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// Writes frames to `W` as escape sequences.
pub struct Escapes<W: Write>(CrosstermBackend<W>);

impl<W: Write> Escapes<W> {
    pub const fn new(writer: W) -> Self {
        Self(CrosstermBackend::new(writer))
    }
}

/// The pen: what the last cell written left set.
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl<W: Write> Backend for Escapes<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // crossterm's backend writes through to its writer.
        let w = &mut self.0;
        let mut pen = Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
        };
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if lx.checked_add(1) == Some(x) && ly == y) {
                move_to(w, x, y)?;
            }
            last = Some((x, y));
            if cell.modifier != pen.modifier {
                modifiers(w, pen.modifier, cell.modifier)?;
                pen.modifier = cell.modifier;
            }
            if cell.fg != pen.fg || cell.bg != pen.bg {
                queue!(
                    w,
                    SetColors(crossterm::style::Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm(),
                    ))
                )?;
                pen.fg = cell.fg;
                pen.bg = cell.bg;
            }
            if cell.underline_color != pen.underline {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                pen.underline = cell.underline_color;
            }
            w.write_all(cell.symbol().as_bytes())?;
        }
        queue!(
            w,
            SetForegroundColor(CColor::Reset),
            SetBackgroundColor(CColor::Reset),
            SetUnderlineColor(CColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.0.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        self.0.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.0.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.0)
    }
}

/// The cells of `buf` a blank screen needs changed to show it: what
/// `Buffer::empty(buf.area).diff(buf)` yields, in the same order, without
/// making (and so touching the memory of) the empty buffer. The reader's
/// first frame is written with it.
pub fn fresh(buf: &Buffer) -> Fresh<'_> {
    Fresh {
        cells: &buf.content,
        area: buf.area,
        pos: 0,
        trailing: None,
    }
}

pub struct Fresh<'a> {
    cells: &'a [Cell],
    area: ratatui::layout::Rect,
    pos: usize,
    /// The cells under a wide grapheme with an emoji presentation selector,
    /// written too when they are not blank: `(next, end)`.
    trailing: Option<(usize, usize)>,
}

impl Fresh<'_> {
    fn at(&self, i: usize) -> (u16, u16) {
        let w = usize::from(self.area.width).max(1);
        ((i % w) as u16 + self.area.x, (i / w) as u16 + self.area.y)
    }
}

#[allow(deprecated, reason = "the diff still honours the old skip flag")]
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

impl<'a> Iterator for Fresh<'a> {
    type Item = (u16, u16, &'a Cell);

    fn next(&mut self) -> Option<Self::Item> {
        let cells = self.cells;
        let len = cells.len();
        if let Some((next, end)) = &mut self.trailing {
            while *next < *end {
                let j = *next;
                *next += usize::from(cells[j].cell_width().max(1));
                *end = (*end).max(*next).min(len);
                if !is_skip(&cells[j]) && cells[j].symbol() != " " {
                    let (x, y) = self.at(j);
                    return Some((x, y, &cells[j]));
                }
            }
            self.pos = *end;
            self.trailing = None;
        }
        while self.pos < len {
            let i = self.pos;
            self.pos += 1;
            let cell = &cells[i];
            match cell.diff_option {
                CellDiffOption::Skip => {}
                _ if is_skip(cell) => {}
                CellDiffOption::ForcedWidth(w) => {
                    self.pos = self.pos.saturating_add(usize::from(w.get() - 1));
                    if *cell != Cell::EMPTY {
                        let (x, y) = self.at(i);
                        return Some((x, y, cell));
                    }
                }
                CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                    let width = usize::from(cell.cell_width());
                    if cell.diff_option == CellDiffOption::None && *cell == Cell::EMPTY {
                        self.pos += width.saturating_sub(1);
                        continue;
                    }
                    if width > 1 && cell.symbol().contains('\u{fe0f}') {
                        self.trailing = Some((i + 1, (i + width).min(len)));
                    } else if width > 1 {
                        self.pos += width - 1;
                    }
                    let (x, y) = self.at(i);
                    return Some((x, y, cell));
                }
            }
        }
        None
    }
}

/// crossterm's `MoveTo`: `ESC [ row ; column H`, counted from 1, its
/// numbers written without `fmt`.
fn move_to(w: &mut impl Write, x: u16, y: u16) -> io::Result<()> {
    let mut out = [0u8; 16];
    out[..2].copy_from_slice(b"\x1b[");
    let mut n = 2;
    for (v, end) in [(y, b';'), (x, b'H')] {
        let v = u32::from(v) + 1;
        let digits = v.checked_ilog10().unwrap_or(0) as usize + 1;
        let mut rest = v;
        for d in (0..digits).rev() {
            out[n + d] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out[n + digits] = end;
        n += digits + 1;
    }
    w.write_all(&out[..n])
}

/// From one set of modifiers to another, in the commands and order
/// crossterm's backend writes them.
fn modifiers(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    fn set(w: &mut impl Write, a: Attribute) -> io::Result<()> {
        queue!(w, SetAttribute(a))
    }
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        set(w, Attribute::NoReverse)?;
    }
    // Bold and dim are both ended by normal intensity; what stays of them
    // is set again.
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(w, Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(w, Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(w, Attribute::Bold)?;
        }
    }
    for (m, a) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(m) {
            set(w, a)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(w, Attribute::NoBlink)?;
    }
    let added = to - from;
    for (m, a, unless_reset) in [
        (Modifier::REVERSED, Attribute::Reverse, false),
        (Modifier::BOLD, Attribute::Bold, true),
        (Modifier::ITALIC, Attribute::Italic, false),
        (Modifier::UNDERLINED, Attribute::Underlined, false),
        (Modifier::DIM, Attribute::Dim, true),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, false),
        (Modifier::HIDDEN, Attribute::Hidden, false),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, false),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, false),
    ] {
        if added.contains(m) && !(unless_reset && reset_intensity) {
            set(w, a)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn moves_are_written_as_crossterm_writes_them() {
        for (x, y) in [(0, 0), (8, 9), (9, 99), (998, 1000), (u16::MAX - 1, 9999)] {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            super::move_to(&mut ours, x, y).unwrap();
            crossterm::queue!(theirs, crossterm::cursor::MoveTo(x, y)).unwrap();
            assert_eq!(ours, theirs, "{x},{y}");
        }
    }
}
