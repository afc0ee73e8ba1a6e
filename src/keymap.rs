//! The one table of keys: it drives input, the help overlay and the hints.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::reader::Action;

pub struct Binding {
    pub section: &'static str,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub help: &'static str,
}

const N: KeyModifiers = KeyModifiers::NONE;
const C: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), N)
}

pub static BINDINGS: &[Binding] = &[
    Binding {
        section: "Reading",
        keys: &[ch('j'), (KeyCode::Down, N)],
        action: Action::Down,
        help: "scroll down a line (in a list: next row)",
    },
    Binding {
        section: "Reading",
        keys: &[ch('k'), (KeyCode::Up, N)],
        action: Action::Up,
        help: "scroll up a line (in a list: previous row)",
    },
    Binding {
        section: "Reading",
        keys: &[ch(' '), (KeyCode::PageDown, N), ch('f')],
        action: Action::PageDown,
        help: "page down",
    },
    Binding {
        section: "Reading",
        keys: &[ch('b'), (KeyCode::PageUp, N)],
        action: Action::PageUp,
        help: "page up",
    },
    Binding {
        section: "Reading",
        keys: &[ch('}')],
        action: Action::NextPassage,
        help: "next passage",
    },
    Binding {
        section: "Reading",
        keys: &[ch('{')],
        action: Action::PrevPassage,
        help: "previous passage (or the start of this one)",
    },
    Binding {
        section: "Reading",
        keys: &[ch('g'), (KeyCode::Home, N)],
        action: Action::Top,
        help: "start of the article",
    },
    Binding {
        section: "Reading",
        keys: &[ch('G'), (KeyCode::End, N)],
        action: Action::Bottom,
        help: "end of the article",
    },
    Binding {
        section: "Reading",
        keys: &[ch(']')],
        action: Action::NextArticle,
        help: "next article",
    },
    Binding {
        section: "Reading",
        keys: &[ch('[')],
        action: Action::PrevArticle,
        help: "previous article",
    },
    Binding {
        section: "Reading",
        keys: &[ch('o')],
        action: Action::ToggleOriginal,
        help: "show the text as printed / corrected",
    },
    Binding {
        section: "Panes",
        keys: &[(KeyCode::Tab, N)],
        action: Action::FocusNext,
        help: "next pane: document → entities → timeline",
    },
    Binding {
        section: "Panes",
        keys: &[(KeyCode::BackTab, N)],
        action: Action::FocusPrev,
        help: "previous pane",
    },
    Binding {
        section: "Panes",
        keys: &[(KeyCode::Enter, N)],
        action: Action::Activate,
        help: "act on the selection: open a card, jump to an event, go",
    },
    Binding {
        section: "Panes",
        keys: &[ch('n')],
        action: Action::NextHit,
        help: "next passage of the selected entity or event, across articles",
    },
    Binding {
        section: "Panes",
        keys: &[ch('N')],
        action: Action::PrevHit,
        help: "previous passage of the selected entity or event",
    },
    Binding {
        section: "Panes",
        keys: &[(KeyCode::Esc, N)],
        action: Action::Close,
        help: "close, back to the document, clear the selection",
    },
    Binding {
        section: "Going places",
        keys: &[(KeyCode::Backspace, N), ch('H')],
        action: Action::Back,
        help: "back in history",
    },
    Binding {
        section: "Going places",
        keys: &[ch('L')],
        action: Action::Forward,
        help: "forward in history",
    },
    Binding {
        section: "Going places",
        keys: &[ch('a')],
        action: Action::Articles,
        help: "article list",
    },
    Binding {
        section: "Going places",
        keys: &[ch('?')],
        action: Action::Help,
        help: "this help",
    },
    Binding {
        section: "Going places",
        keys: &[ch('q'), (KeyCode::Char('c'), C)],
        action: Action::Quit,
        help: "quit",
    },
];

/// The action bound to a key, if any. Shift is ignored on characters, since
/// terminals disagree on whether `?` or `G` arrive with it.
pub fn lookup(key: KeyEvent) -> Option<Action> {
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    BINDINGS
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|&(code, m)| code == key.code && m == mods)
        })
        .map(|b| b.action)
}

pub fn key_label((code, mods): (KeyCode, KeyModifiers)) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|&k| key_label(k))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first key of an action, for hints.
pub fn key_for(action: Action) -> Option<String> {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(|&k| key_label(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(seen.insert(*k), "{k:?} bound twice");
            }
        }
    }

    #[test]
    fn shifted_characters_still_match() {
        let k = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(lookup(k), Some(Action::Help));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(k), Some(Action::Quit));
        assert_eq!(lookup(KeyEvent::new(KeyCode::Char('c'), N)), None);
    }
}
