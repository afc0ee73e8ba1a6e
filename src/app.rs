//! The event loop: terminal event → keymap → update → draw when something changed.

use std::io;
use std::sync::Arc;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;

use crate::corpus::Corpus;
use crate::keymap;
use crate::reader::{Action, MouseAction, Reader, update};
use crate::ui::{self, Theme};

/// Turns a terminal event into an action. Only key presses count: repeats
/// and releases (reported by some terminals) are dropped here, in one place.
pub fn to_action(ev: &Event, editing: bool) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press && editing => keymap::edit_lookup(*k),
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::lookup(*k),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => {
            let (x, y) = (m.column, m.row);
            match m.kind {
                MouseEventKind::ScrollDown => Some(Action::Mouse(MouseAction::WheelDown { x, y })),
                MouseEventKind::ScrollUp => Some(Action::Mouse(MouseAction::WheelUp { x, y })),
                MouseEventKind::Down(event::MouseButton::Left) => {
                    Some(Action::Mouse(MouseAction::Click { x, y }))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

pub fn run(corpus: Corpus) -> io::Result<()> {
    let theme = Theme::from_env();
    let mut terminal = ratatui::init();
    // The panic hook ratatui installs restores the screen; mouse reporting
    // must be switched off too or the shell receives escape codes.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        prev(info);
    }));
    let result = (|| {
        execute!(io::stdout(), EnableMouseCapture)?;
        let size = terminal.size()?;
        let mut reader = Reader::new(Arc::new(corpus), size.width, size.height);
        let mut dirty = true;
        while !reader.quit {
            if dirty {
                terminal.draw(|f| ui::render(&reader, &theme, f))?;
                dirty = false;
            }
            let ev = event::read()?;
            if let Some(action) = to_action(&ev, reader.editing()) {
                update(&mut reader, action);
                dirty = true;
            }
        }
        Ok(())
    })();
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}
