//! The event loop: terminal event → keymap → update → persist → draw when
//! something changed. It also owns every way out: quit, error, panic and
//! signals all leave the terminal as they found it.

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEventKind, KeyModifiers,
    MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use crate::corpus::Corpus;
use crate::keymap;
use crate::reader::{Action, MouseAction, Reader, update};
use crate::ui::{self, Theme};

/// How often the loop looks for signals while no input arrives.
const TICK: Duration = Duration::from_millis(100);

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

/// How the reader ended: normally, or by a signal (its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
}

impl Exit {
    /// The shell's convention for a process ended by a signal.
    pub fn code(self) -> i32 {
        match self {
            Exit::Quit => 0,
            Exit::Signal(s) => 128 + s,
        }
    }
}

fn leave_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend() -> io::Result<()> {
    let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enter_terminal()
}

fn signals() -> io::Result<Receiver<i32>> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGTSTP])?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for s in signals.forever() {
            if tx.send(s).is_err() {
                break;
            }
        }
    });
    Ok(rx)
}

/// Runs the reader until it quits; `hooks` persists state after changes.
pub fn run(
    corpus: Corpus,
    setup: impl FnOnce(&mut Reader),
    mut persist: impl FnMut(&mut Reader, bool),
) -> io::Result<Exit> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the reader needs a terminal; for text output try `lectern list`, `lectern search` or `lectern tour`",
        ));
    }
    let theme = Theme::from_env();
    let rx = signals()?;
    let mut terminal = ratatui::try_init()?;
    // ratatui's panic hook restores the screen; mouse reporting must be
    // switched off too or the shell receives escape codes.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        prev(info);
    }));
    let result = (|| {
        execute!(io::stdout(), EnableMouseCapture)?;
        let size = terminal.size()?;
        let mut reader = Reader::new(Arc::new(corpus), size.width, size.height);
        setup(&mut reader);
        let mut dirty = true;
        loop {
            if dirty {
                terminal.draw(|f| ui::render(&reader, &theme, f))?;
                dirty = false;
            }
            if let Ok(sig) = rx.try_recv() {
                if sig == SIGTSTP {
                    suspend()?;
                    terminal.clear()?;
                    dirty = true;
                    continue;
                }
                persist(&mut reader, true);
                return Ok(Exit::Signal(sig));
            }
            if !event::poll(TICK)? {
                continue;
            }
            let ev = event::read()?;
            if let Event::Key(k) = &ev
                && k.kind == KeyEventKind::Press
                && k.code == KeyCode::Char('z')
                && k.modifiers.contains(KeyModifiers::CONTROL)
            {
                suspend()?;
                terminal.clear()?;
                dirty = true;
                continue;
            }
            if let Some(action) = to_action(&ev, reader.editing()) {
                update(&mut reader, action);
                let quitting = reader.quit;
                persist(&mut reader, quitting);
                dirty = true;
            }
            if reader.quit {
                return Ok(Exit::Quit);
            }
        }
    })();
    leave_terminal();
    result
}
