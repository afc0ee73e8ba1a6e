//! Arbitrary sequences of key presses (any character, any modifiers),
//! mouse events and resizes, sent through the same mapping as the event loop
//! to a reader on the embedded corpus with a bookmark store; each state is
//! checked and drawn into a test terminal.

#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use arbitrary::Arbitrary;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use lectern::corpus::Corpus;
use lectern::reader::{Reader, update};
use lectern::store::Store;
use lectern::ui::Theme;
use libfuzzer_sys::fuzz_target;

static CORPUS: LazyLock<Arc<Corpus>> =
    LazyLock::new(|| Arc::new(lectern::corpus::embedded().expect("embedded corpus")));
/// Where the bookmark store would be saved; nothing saves, so it is never written.
static DATA: LazyLock<PathBuf> =
    LazyLock::new(|| std::env::temp_dir().join(format!("lectern-fuzz-{}", std::process::id())));

const SPECIAL: &[KeyCode] = &[
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::Insert,
    KeyCode::F(1),
    KeyCode::F(12),
];
/// The keys that do something, so that random input reaches the overlays.
const KEYS: &str = "jk fb}{gG][otnN/HLa?t><xCcmMe'du";

#[derive(Arbitrary, Debug)]
enum Input {
    Key(u8),
    Special(u8, u8),
    Char(char, u8),
    Release(u8),
    Wheel { down: bool, x: u8, y: u8 },
    Click { x: u8, y: u8 },
    Drag { x: u8, y: u8 },
    Resize { w: u8, h: u8 },
}

fn mods(m: u8) -> KeyModifiers {
    KeyModifiers::from_bits_truncate(m & 0b111)
}

fn key(code: KeyCode, m: KeyModifiers, kind: KeyEventKind) -> Event {
    let mut k = KeyEvent::new(code, m);
    k.kind = kind;
    Event::Key(k)
}

fn mouse(kind: MouseEventKind, x: u8, y: u8) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column: x as u16,
        row: y as u16,
        modifiers: KeyModifiers::NONE,
    })
}

fn event(i: &Input) -> Event {
    let press = KeyEventKind::Press;
    match *i {
        Input::Key(k) => {
            let c = KEYS.as_bytes()[k as usize % KEYS.len()] as char;
            key(KeyCode::Char(c), KeyModifiers::NONE, press)
        }
        Input::Special(k, m) => key(SPECIAL[k as usize % SPECIAL.len()], mods(m), press),
        Input::Char(c, m) => key(KeyCode::Char(c), mods(m), press),
        Input::Release(k) => {
            let c = KEYS.as_bytes()[k as usize % KEYS.len()] as char;
            key(KeyCode::Char(c), KeyModifiers::NONE, KeyEventKind::Release)
        }
        Input::Wheel { down, x, y } => mouse(
            if down {
                MouseEventKind::ScrollDown
            } else {
                MouseEventKind::ScrollUp
            },
            x,
            y,
        ),
        Input::Click { x, y } => mouse(MouseEventKind::Down(MouseButton::Left), x, y),
        Input::Drag { x, y } => mouse(MouseEventKind::Drag(MouseButton::Left), x, y),
        Input::Resize { w, h } => Event::Resize(w as u16 + 1, (h % 100) as u16 + 1),
    }
}

fuzz_target!(|input: (u8, u8, Vec<Input>)| {
    let (w, h, inputs) = input;
    let (w, h) = (w as u16 % 250 + 1, h as u16 % 80 + 1);
    let mut r = Reader::new(CORPUS.clone(), w, h);
    let (store, _) = Store::open_path(DATA.join("bookmarks.json"), &CORPUS.id);
    r.attach_store(store);
    lectern_fuzz::draw(&r, Theme::colour(true));
    for i in inputs.iter().take(200) {
        let ev = event(i);
        if let Some(a) = lectern::app::to_action(&ev, r.editing(), &lectern::keymap::Keymap::default()) {
            let effect = update(&mut r, a);
            lectern_fuzz::check(&r);
            if effect == lectern::reader::Effect::Quit {
                break;
            }
            lectern_fuzz::draw(&r, Theme::colour(true));
        }
    }
});
