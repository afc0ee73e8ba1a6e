//! Helpers shared by every test: the program's path, the embedded corpus
//! loaded once, drawing a reader into a `TestBackend`, and (in `tmux` and
//! `pty`) the program run in a real terminal.

#![allow(dead_code)]

use std::sync::{Arc, LazyLock};

use lectern::corpus::Corpus;
use lectern::reader::{Action, Reader, update};
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// The program as Cargo built it for these tests (debug, no extra features).
pub const BIN: &str = env!("CARGO_BIN_EXE_lectern");

/// The embedded corpus, loaded and linked once per test binary.
pub static CORPUS: LazyLock<Arc<Corpus>> =
    LazyLock::new(|| Arc::new(lectern::corpus::embedded().expect("the embedded corpus loads")));

pub fn reader(w: u16, h: u16) -> Reader {
    let mut r = Reader::new(CORPUS.clone(), w, h);
    r.set_help_lines(ui::overlay::help_line_count());
    r
}

pub fn apply(r: &mut Reader, actions: &[Action]) {
    for &a in actions {
        update(r, a);
    }
}

/// Draws the reader at its own size and returns the buffer.
pub fn draw(r: &Reader, theme: Theme) -> Buffer {
    let (w, h) = r.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| ui::render(r, &theme, f)).expect("draw");
    term.backend().buffer().clone()
}

/// The buffer as text, one line per row, trailing spaces kept so widths show.
/// Wide glyphs occupy two cells; the second (empty) cell is skipped.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

pub mod cli;
pub mod limits;
pub mod pty;
pub mod tmux;

/// A writer whose bytes can be read after a terminal or backend is done
/// with it.
#[derive(Clone, Default)]
pub struct Shared(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
