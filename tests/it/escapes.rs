//! The reader's backend writes a frame's cells itself; the bytes must be
//! those crossterm's backend writes, for any change between two screens.

use proptest::prelude::*;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use std::num::NonZeroU16;

use crate::common::Shared;
use lectern::ui::escapes::{Escapes, fresh};
use ratatui::buffer::CellDiffOption;

const SYMBOLS: &[&str] = &[
    " ",
    "a",
    "─",
    "é",
    "e\u{301}",
    "界",
    "👍🏽",
    "❤\u{fe0f}",
    "\t",
    "",
];

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Reset),
        Just(Color::Yellow),
        Just(Color::LightBlue),
        Just(Color::DarkGray),
        any::<u8>().prop_map(Color::Indexed),
        any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
    ]
}

/// A cell as the interface writes one: a symbol in a style.
fn cell() -> impl Strategy<Value = (usize, Color, Color, Color, u16)> {
    (0..SYMBOLS.len(), color(), color(), color(), any::<u16>())
}

/// How the differ is told to treat a cell.
fn diff_option() -> impl Strategy<Value = CellDiffOption> {
    prop_oneof![
        8 => Just(CellDiffOption::None),
        1 => Just(CellDiffOption::Skip),
        1 => Just(CellDiffOption::AlwaysUpdate),
        1 => (1u16..4).prop_map(|w| CellDiffOption::ForcedWidth(NonZeroU16::new(w).unwrap())),
    ]
}

fn buffer(w: u16, h: u16, cells: &[(usize, Color, Color, Color, u16)]) -> Buffer {
    let mut b = Buffer::empty(Rect::new(0, 0, w, h));
    for (i, (s, fg, bg, ul, m)) in cells.iter().enumerate() {
        let (x, y) = (i as u16 % w, i as u16 / w);
        if y >= h {
            break;
        }
        let style = Style::default()
            .fg(*fg)
            .bg(*bg)
            .underline_color(*ul)
            .add_modifier(Modifier::from_bits_truncate(*m));
        b.set_stringn(x, y, SYMBOLS[*s], usize::from(w - x), style);
    }
    b
}

fn written<B: Backend>(backend: &mut B, prev: &Buffer, next: &Buffer) {
    let _ = backend.draw(prev.diff(next).into_iter());
}

proptest! {
    /// The first frame is written from the cells that differ from a blank
    /// screen, found without making a blank buffer: the same cells, in the
    /// same order, as the terminal library's diff from one.
    #[test]
    fn a_first_frame_is_the_diff_from_a_blank_screen(
        w in 1u16..12,
        h in 1u16..5,
        cells in prop::collection::vec(cell(), 0..60),
        options in prop::collection::vec((0usize..60, diff_option()), 0..8),
    ) {
        let mut next = buffer(w, h, &cells);
        for (i, o) in options {
            if let Some(c) = next.content.get_mut(i) {
                c.diff_option = o;
            }
        }
        let blank = Buffer::empty(next.area);
        let theirs = blank.diff(&next);
        let ours: Vec<_> = fresh(&next).collect();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn a_change_is_written_as_crossterm_writes_it(
        w in 1u16..12,
        h in 1u16..5,
        before in prop::collection::vec(cell(), 0..60),
        after in prop::collection::vec(cell(), 0..60),
    ) {
        let (prev, next) = (buffer(w, h, &before), buffer(w, h, &after));
        let (ours, theirs) = (Shared::default(), Shared::default());
        written(&mut Escapes::new(ours.clone()), &prev, &next);
        written(&mut CrosstermBackend::new(theirs.clone()), &prev, &next);
        prop_assert!(!theirs.0.borrow().is_empty());
        let text = |s: &Shared| String::from_utf8_lossy(&s.0.borrow()).into_owned();
        prop_assert_eq!(text(&ours), text(&theirs));
    }
}
