//! The event loop: terminal event → keymap → update → persist → draw when
//! something changed. It also owns every way out: quit, error, panic and
//! signals all leave the terminal as they found it.

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::config::{Loaded, Upper};
use crate::corpus::Corpus;
use crate::corpus::cache::Pending;
use crate::keymap::Keymap;
use crate::reader::{Action, Effect, MouseAction, Reader, update};
use crate::ui::escapes::{Escapes, fresh};
use crate::ui::theme::{Depth, no_color_env};
use crate::ui::{self, Theme};

/// How often the loop looks for signals while no input arrives.
const TICK: Duration = Duration::from_millis(100);

/// How often it looks for a search finished in the background.
const SEARCH_TICK: Duration = Duration::from_millis(10);

/// Turns a terminal event into an action. Only key presses count: repeats
/// and releases (reported by some terminals) are dropped here, in one place.
pub fn to_action(ev: &Event, editing: bool, keys: &Keymap) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press && editing => keys.edit_lookup(*k),
        Event::Key(k) if k.kind == KeyEventKind::Press => keys.lookup(*k),
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

/// Gives the terminal back: mouse reporting off, main screen, cursor shown,
/// raw mode off. Every step is tried even if an earlier one fails, and
/// nothing is printed: after a hangup the terminal is gone, writing to it
/// fails, and a failed print would panic.
fn leave_terminal() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Restores the terminal before the panic message is printed, so that it
/// lands on the normal screen.
fn set_panic_hook() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_terminal();
        prev(info);
    }));
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend(mouse: bool) -> io::Result<()> {
    leave_terminal();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enter_terminal(mouse)
}

/// How long the event loop has to end after SIGINT, SIGTERM or SIGHUP
/// before the process restores the terminal and exits without it.
const SIGNAL_GRACE: Duration = Duration::from_secs(5);

/// Signals, forwarded to the event loop. Should the loop not end in time
/// (stuck in a read of a terminal that is gone), a watchdog restores the
/// terminal and exits with the signal's status; bookmarks are saved after
/// every change anyway, only the last position would be lost. The handlers
/// are in place at once; the thread that forwards what they caught is
/// started by the returned function, once the first frame is drawn.
fn signals() -> io::Result<(Receiver<i32>, impl FnOnce())> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGTSTP])?;
    let (tx, rx) = mpsc::channel();
    let forward = move || {
        std::thread::spawn(move || {
            for s in signals.forever() {
                if s != SIGTSTP {
                    std::thread::spawn(move || {
                        std::thread::sleep(SIGNAL_GRACE);
                        leave_terminal();
                        std::process::exit(Exit::Signal(s).code());
                    });
                }
                if tx.send(s).is_err() {
                    break;
                }
            }
        });
    };
    Ok((rx, forward))
}

/// The terminal the reader draws on.
type Term = Terminal<Escapes<io::BufWriter<io::Stdout>>>;

/// The screen of cells the first frame is drawn on, made on another thread
/// while the pack loads: touching that much fresh memory (half a megabyte
/// at 200×60) costs as much as drawing the frame. Nothing is drawn or
/// written there.
#[derive(Default)]
pub struct Screen(Option<Receiver<Buffer>>);

impl Screen {
    /// Starts making the screen when the reader has a terminal to run in.
    pub fn prepare() -> Self {
        use std::io::IsTerminal;
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            return Self(None);
        }
        let (tx, rx) = mpsc::channel();
        let made = std::thread::Builder::new().spawn(move || {
            if let Ok((w, h)) = crossterm::terminal::size() {
                let _ = tx.send(Buffer::empty(Rect::new(0, 0, w, h)));
            }
        });
        Self(made.ok().map(|_| rx))
    }

    /// A blank buffer of `area`.
    fn take(self, area: Rect) -> Buffer {
        self.0
            .and_then(|rx| rx.recv().ok())
            .filter(|b| b.area == area)
            .unwrap_or_else(|| Buffer::empty(area))
    }
}

/// Draws the first frame on `buf`, before the terminal library's terminal
/// is made, and writes every cell a blank screen lacks: no diff, no second
/// screen. Returns the frame, for the terminal to take as the screen's.
fn first_frame(mut buf: Buffer, reader: &Reader, theme: &Theme) -> io::Result<Buffer> {
    let mut surface = ui::Surface::new(&mut buf);
    ui::draw(reader, theme, &mut surface);
    let cursor = surface.cursor();
    let mut out = Escapes::new(io::BufWriter::with_capacity(1 << 16, io::stdout()));
    out.draw(fresh(&buf))?;
    // As the terminal library ends a frame.
    match cursor {
        None => out.hide_cursor()?,
        Some(at) => {
            out.show_cursor()?;
            out.set_cursor_position(at)?;
        }
    }
    Backend::flush(&mut out)?;
    Ok(buf)
}

/// Gives `t` the first frame as what the screen shows, so the next frame
/// is a diff from it; should the size have changed meanwhile, the screen
/// is cleared and drawn whole.
fn adopt<B: Backend>(t: &mut Terminal<B>, first: Buffer) -> Result<(), B::Error> {
    if t.get_frame().area() == first.area {
        *t.current_buffer_mut() = first;
        t.swap_buffers();
        Ok(())
    } else {
        t.clear()
    }
}

fn new_terminal() -> io::Result<Term> {
    // A frame is tens of kilobytes of cells and escapes, written in small
    // pieces; standard output's own buffer is a kilobyte and would send it
    // in dozens of writes. Every draw flushes, so nothing waits in here
    // while the terminal is handed back.
    let out = io::BufWriter::with_capacity(1 << 16, io::stdout());
    Terminal::new(Escapes::new(out))
}

/// Runs the reader until it quits; `persist` saves state after changes, and
/// once more with `ending` set when the session ends by quitting, by a
/// signal or by an error of the terminal.
pub fn run(
    corpus: Corpus,
    setup: impl FnOnce(&mut Reader),
    persist: impl FnMut(&mut Reader, bool),
) -> io::Result<Exit> {
    run_with(
        corpus,
        &Loaded::default(),
        Screen::default(),
        setup,
        |_| {},
        persist,
    )
}

/// What the configuration sets for a session.
struct Settings {
    keys: Keymap,
    theme: Theme,
    mouse: bool,
}

/// Gives a new reader what the configuration asks for, and the one line
/// that says what was wrong with it.
pub fn configure(reader: &mut Reader, loaded: &Loaded) {
    let c = &loaded.config;
    reader.keys = c.keymap.names();
    reader.confirm_quit = c.confirm_quit;
    reader.hyperlinks =
        c.links && crate::ui::document::links_supported(std::env::var("TERM").ok().as_deref());
    reader.map = c.upper == Upper::Map;
    if reader.panes != c.panes || reader.measure != c.panes.measure {
        reader.panes = c.panes;
        reader.measure = c.panes.measure;
        // The document's width follows the panes.
        let (w, h) = reader.size;
        update(reader, Action::Resize(w, h));
    }
    reader.notice = loaded.summary();
}

/// As [`run`], with a configuration, and `later` to finish setting the
/// reader up once the first frame is drawn (what the first frame does not
/// show: reading a pack's files for curation).
pub fn run_with(
    corpus: Corpus,
    loaded: &Loaded,
    screen: Screen,
    setup: impl FnOnce(&mut Reader),
    later: impl FnOnce(&mut Reader),
    mut persist: impl FnMut(&mut Reader, bool),
) -> io::Result<Exit> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the reader needs a terminal; for text output try `lectern list`, `lectern search` or `lectern tour`",
        ));
    }
    let settings = Settings {
        keys: loaded.config.keymap.clone(),
        theme: loaded.config.theme_for(Depth::from_env(), no_color_env()),
        mouse: loaded.config.mouse,
    };
    let (rx, forward) = signals()?;
    set_panic_hook();
    if let Err(e) = enter_terminal(settings.mouse) {
        leave_terminal();
        return Err(e);
    }
    // The reader is set up while its first screen is still being made.
    let started = crossterm::terminal::size().and_then(|(width, height)| {
        let mut reader = Reader::new(Arc::new(corpus), width, height);
        setup(&mut reader);
        configure(&mut reader, loaded);
        reader.set_help_lines(ui::overlay::help_line_count_for(&reader.keys));
        // Shared text shows up in the panes once found; the first frame
        // and the keys do not wait for it, nor for the pack's index to be
        // written again with it.
        // Found already (a small pack, or one whose index holds it), there
        // is nothing to do and no thread to start before the first frame.
        if reader.corpus.reuse_ready().is_none() {
            let corpus = Arc::clone(&reader.corpus);
            std::thread::spawn(move || {
                corpus.reuse();
                // Not written (the pack changed, or the cache cannot be
                // written): the next open finds the text again.
                let _ = crate::corpus::cache::complete(&corpus);
            });
        }
        let mut check = reader.corpus.pending_check();
        let first = screen.take(Rect::new(0, 0, width, height));
        let first = first_frame(first, &reader, &settings.theme)?;
        // The terminal library's terminal, with its two screens, is made
        // once the first frame is shown.
        let mut t = new_terminal()?;
        adopt(&mut t, first)?;
        let result = event_loop(
            &mut t,
            &settings,
            &rx,
            &mut reader,
            &mut persist,
            &mut check,
            Some(|r: &mut Reader| {
                forward();
                later(r);
            }),
        );
        // The terminal is restored below; its drop would try to show the
        // cursor again and print to a terminal that may be gone.
        std::mem::forget(t);
        result
    });
    leave_terminal();
    started
}

fn event_loop(
    terminal: &mut Term,
    settings: &Settings,
    rx: &Receiver<i32>,
    reader: &mut Reader,
    persist: &mut impl FnMut(&mut Reader, bool),
    check: &mut Option<Arc<Pending>>,
    mut later: Option<impl FnOnce(&mut Reader)>,
) -> io::Result<Exit> {
    let result = (|| {
        let mut dirty = true;
        let mut reloaded = None;
        loop {
            if dirty {
                terminal.draw(|f| ui::render(reader, &settings.theme, f))?;
                dirty = false;
                if let Some(p) = check.take() {
                    reloaded = Some(check_files(p, Arc::clone(&reader.corpus)));
                }
                if let Some(f) = later.take() {
                    f(reader);
                    dirty = true;
                }
            }
            if let Some(Ok((was, new))) = reloaded.as_ref().map(Receiver::try_recv) {
                // Curation may have replaced the corpus meanwhile, from
                // the files as they are now.
                if Arc::ptr_eq(&was, &reader.corpus) {
                    take_reloaded(reader, new);
                    dirty = true;
                }
            }
            if let Ok(sig) = rx.try_recv() {
                if sig == SIGTSTP {
                    suspend(settings.mouse)?;
                    terminal.clear()?;
                    dirty = true;
                    continue;
                }
                return Ok(Exit::Signal(sig));
            }
            // crossterm reads a terminal that has hung up in an endless loop,
            // so the terminal is watched here, and crossterm is asked for
            // events only when it has not hung up.
            let tick = if reader.search_pending() {
                SEARCH_TICK
            } else {
                TICK
            };
            if wait_for_input(tick)? == Wait::HangUp {
                return Ok(Exit::Signal(SIGHUP));
            }
            dirty |= reader.poll_search();
            // Everything that has arrived, key presses, mouse and resizes.
            while event::poll(Duration::ZERO)? {
                let ev = event::read()?;
                match handle(&ev, settings, reader, persist)? {
                    Step::Continue => {}
                    Step::Exit(e) => return Ok(e),
                    Step::Suspend => {
                        suspend(settings.mouse)?;
                        terminal.clear()?;
                    }
                }
                dirty = true;
            }
        }
    })();
    // However the loop ended (quit, signal, a terminal that failed), the
    // position and bookmarks are saved.
    persist(reader, true);
    result
}

/// Checks the pack's files against the index it was opened through, on
/// another thread, after the first frame; should any have changed, the
/// pack is opened again and sent back with the corpus it replaces.
type Reloaded = (Arc<Corpus>, Result<Corpus, crate::corpus::PackErrors>);

fn check_files(p: Arc<Pending>, corpus: Arc<Corpus>) -> Receiver<Reloaded> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        if !p.verify() {
            let _ = tx.send((corpus, p.reload()));
        }
    });
    rx
}

fn take_reloaded(reader: &mut Reader, new: Result<Corpus, crate::corpus::PackErrors>) {
    match new {
        Ok(c) => {
            reader.take_corpus(c);
            reader.status = Some("the pack changed on disk: reloaded".into());
        }
        Err(e) => {
            let first = e.0.first().map_or_else(String::new, ToString::to_string);
            reader.status = Some(format!(
                "the pack changed on disk and no longer loads ({first}); what is shown may be out of date"
            ));
        }
    }
}

enum Step {
    Continue,
    Suspend,
    Exit(Exit),
}

/// One terminal event: the reader is updated and what changed is saved.
fn handle(
    ev: &Event,
    settings: &Settings,
    reader: &mut Reader,
    persist: &mut impl FnMut(&mut Reader, bool),
) -> io::Result<Step> {
    if !settings.mouse && matches!(ev, Event::Mouse(_)) {
        return Ok(Step::Continue);
    }
    let action = match ev {
        // The selected words can also be linked to an entity.
        Event::Key(k) if k.kind == KeyEventKind::Press && reader.selecting() => {
            crate::reader::selection_lookup(*k).or_else(|| {
                let link = Action::Curate(crate::reader::CurateKey::Link);
                settings.keys.lookup(*k).filter(|a| *a == link)
            })
        }
        _ => to_action(ev, reader.editing(), &settings.keys),
    };
    if let Some(action) = action {
        let effect = update(reader, action);
        // Curation changes are written as soon as they are made.
        if reader.curation_queued() {
            reader.flush_curation();
        }
        match effect {
            Effect::Quit => return Ok(Step::Exit(Exit::Quit)),
            Effect::Suspend => return Ok(Step::Suspend),
            Effect::Save => persist(reader, false),
            Effect::None => {}
        }
    }
    Ok(Step::Continue)
}

#[derive(Debug, PartialEq, Eq)]
enum Wait {
    Input,
    Timeout,
    HangUp,
}

/// Waits up to `timeout` for input on the terminal (standard input, which
/// the reader requires to be the terminal).
fn wait_for_input(timeout: Duration) -> io::Result<Wait> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    // A wait too long to express is a wait without end.
    let timeout = Timespec::try_from(timeout).ok();
    let n = match poll(&mut fds, timeout.as_ref()) {
        Ok(n) => n,
        // A signal interrupted the wait: the loop looks at it next.
        Err(rustix::io::Errno::INTR) => return Ok(Wait::Timeout),
        Err(e) => return Err(e.into()),
    };
    let hung_up = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    Ok(if fds[0].revents().intersects(hung_up) {
        Wait::HangUp
    } else if n == 0 {
        Wait::Timeout
    } else {
        Wait::Input
    })
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::{Backend, TestBackend};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use crate::ui::escapes::fresh;

    /// A terminal showing `first`, written the way the reader's first frame
    /// is, then given it; then a frame with "world" on the second row only.
    fn after_first(first: Buffer, size: (u16, u16)) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        t.backend_mut().draw(fresh(&first)).unwrap();
        super::adopt(&mut t, first).unwrap();
        t.draw(|f| {
            f.buffer_mut().set_string(0, 1, "world", Style::default());
        })
        .unwrap();
        t
    }

    #[test]
    fn the_frame_after_the_first_is_drawn_as_a_change_from_it() {
        let mut first = Buffer::empty(Rect::new(0, 0, 8, 2));
        first.set_string(0, 0, "hello", Style::default());
        let t = after_first(first, (8, 2));
        // "hello" is taken away: the screen was known to show it.
        t.backend().assert_buffer_lines(["        ", "world   "]);
    }

    #[test]
    fn a_first_frame_of_another_size_is_cleared_away() {
        let mut first = Buffer::empty(Rect::new(0, 0, 6, 2));
        first.set_string(0, 0, "hello", Style::default());
        let t = after_first(first, (8, 2));
        t.backend().assert_buffer_lines(["        ", "world   "]);
    }
}
