//! The event loop: terminal event → keymap → update → persist → draw when
//! something changed. It also owns every way out: quit, error, panic and
//! signals all leave the terminal as they found it.

use std::io::{self, Read};
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::os::unix::net::UnixStream;
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
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
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

/// The terminal the input comes from: standard input if it is one, else
/// /dev/tty, as crossterm chooses.
struct Tty {
    fd: RawFd,
    _file: Option<std::fs::File>,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(0) } == 1 {
            return Ok(Tty { fd: 0, _file: None });
        }
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")?;
        Ok(Tty {
            fd: f.as_raw_fd(),
            _file: Some(f),
        })
    }
}

/// What waiting for the terminal ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// Input, a signal, or the timeout: see what crossterm has.
    Look,
    /// The terminal is gone (its window closed, the connection dropped).
    HangUp,
}

/// Waits until the terminal has input, a signal arrives (through `wake`) or
/// `timeout` passes. The reader waits here rather than in crossterm because
/// crossterm, once the terminal is gone, retries its read forever and the
/// process would spin at full speed with nobody to see it.
fn wait(tty: RawFd, wake: &mut UnixStream, timeout: Duration) -> Wake {
    let mut fds = [
        libc::pollfd {
            fd: tty,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: wake.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
    if n > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Wake::HangUp;
    }
    if fds[1].revents & libc::POLLIN != 0 {
        let mut buf = [0u8; 64];
        while matches!(wake.read(&mut buf), Ok(n) if n > 0) {}
    }
    Wake::Look
}

/// Whether the terminal is gone, without waiting.
fn hung_up(tty: RawFd) -> bool {
    let mut fd = libc::pollfd {
        fd: tty,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd; a zero timeout never blocks.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// A pipe that signals write a byte to, so waiting for input also ends on a
/// resize or a signal, at once rather than at the next tick.
fn wake_pipe() -> io::Result<UnixStream> {
    let (read, write) = UnixStream::pair()?;
    read.set_nonblocking(true)?;
    write.set_nonblocking(true)?;
    // The write end lives as long as the process: the handlers keep it.
    let fd = write.into_raw_fd();
    for sig in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP] {
        signal_hook::low_level::pipe::register_raw(sig, fd)?;
    }
    Ok(read)
}

/// Should the terminal hang up between the check and crossterm's read,
/// crossterm never returns; this ends the process a moment later instead of
/// leaving it spinning.
fn hang_up_watchdog(tty: RawFd) {
    std::thread::spawn(move || {
        let mut fd = libc::pollfd {
            fd: tty,
            events: 0,
            revents: 0,
        };
        loop {
            // SAFETY: one valid pollfd; blocks until the terminal reports an error.
            let n = unsafe { libc::poll(&mut fd, 1, -1) };
            if n > 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_secs(2));
        std::process::exit(128 + SIGHUP);
    });
}

/// Runs the reader until it quits; `hooks` persists state after changes.
pub fn run(
    corpus: Corpus,
    setup: impl FnOnce(&mut Reader),
    mut persist: impl FnMut(&mut Reader, bool),
) -> io::Result<Exit> {
    let theme = Theme::from_env();
    let rx = signals()?;
    let tty = Tty::open()?;
    hang_up_watchdog(tty.fd);
    let mut terminal = ratatui::init();
    // crossterm's own resize handler first, so that when the wake pipe
    // reports a resize, crossterm has already noted it.
    let _ = event::poll(Duration::ZERO);
    let mut wake = match wake_pipe() {
        Ok(w) => w,
        Err(e) => {
            leave_terminal();
            return Err(e);
        }
    };
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
            if wait(tty.fd, &mut wake, TICK) == Wake::HangUp {
                persist(&mut reader, true);
                return Ok(Exit::Signal(SIGHUP));
            }
            // Everything crossterm has (keys, a resize), then one draw.
            while !hung_up(tty.fd) && event::poll(Duration::ZERO)? {
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
        }
    })();
    // A terminal that hung up has nothing to restore, and writing to it
    // only fails (ratatui reports a failed write on stderr, the same dead
    // terminal, and that panics): leave it, and the Terminal, alone.
    if hung_up(tty.fd) {
        std::mem::forget(terminal);
    } else {
        leave_terminal();
    }
    result
}
