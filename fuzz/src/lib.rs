//! What the fuzz targets share: loading a pack from in-memory files, and
//! drawing a reader while checking what reaches the screen.

use std::collections::BTreeMap;
use std::sync::Arc;

use lectern::corpus::{self, Corpus, PackSource};
use lectern::reader::{Action, Reader, update};
use lectern::sanitize::is_unsafe;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Loads a pack from `(path, bytes)` pairs. Errors are fine; panics are not.
pub fn load(files: BTreeMap<String, Vec<u8>>) -> Option<Arc<Corpus>> {
    let source = PackSource::memory(files).with_max_file_bytes(1 << 20);
    match corpus::load(&source) {
        Ok(c) => Some(Arc::new(c)),
        Err(e) => {
            assert!(!e.0.is_empty(), "a failed load reports an error");
            for err in &e.0 {
                assert!(err.line >= 1 && err.column >= 1, "{err}");
                let text = err.to_string();
                assert!(
                    !text.chars().any(|c| c != '\n' && is_unsafe(c)),
                    "unsafe character in the message {text:?}"
                );
            }
            None
        }
    }
}

/// Draws the reader at its size and checks that no unsafe character reached a cell.
pub fn draw(r: &Reader, theme: Theme) {
    let (w, h) = r.size;
    if w == 0 || h == 0 {
        return;
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    term.draw(|f| ui::render(r, &theme, f)).expect("draw");
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(is_unsafe),
            "unsafe character {:?} on the screen",
            cell.symbol()
        );
    }
}

/// Checks the invariants every state must keep.
pub fn check(r: &Reader) {
    let c = &r.corpus;
    assert!(r.article < c.articles.len());
    assert!(r.focus < c.articles[r.article].passages.len());
    assert_eq!(r.doc.passages.len(), c.articles[r.article].passages.len());
    assert!(r.event_sel < c.events.len().max(1));
}

/// Opens a loaded pack in a reader and walks it: every article, top to
/// bottom, with the panes and overlays opened and drawn at two sizes.
pub fn exercise(c: Arc<Corpus>) {
    for (w, h) in [(120, 40), (30, 8)] {
        let mut r = Reader::new(c.clone(), w, h);
        draw(&r, Theme::colour(true));
        for a in [
            Action::Bottom,
            Action::FocusNext,
            Action::Activate,
            Action::Bottom,
            Action::Close,
            Action::FocusNext,
            Action::Activate,
            Action::NextHit,
            Action::Compare,
            Action::Close,
            Action::Tours,
            Action::Activate,
            Action::NextStep,
            Action::Chronological,
            Action::NextPassage,
            Action::NextArticle,
            Action::ToggleOriginal,
            Action::Articles,
            Action::Bottom,
            Action::Activate,
        ] {
            update(&mut r, a);
            check(&r);
            draw(&r, Theme::colour(w > 50));
        }
    }
}
