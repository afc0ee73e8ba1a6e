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

const fn b(
    section: &'static str,
    keys: &'static [(KeyCode, KeyModifiers)],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        section,
        keys,
        action,
        help,
    }
}

const READ: &str = "Reading";
const PANES: &str = "Panes";
const GO: &str = "Going places";
const GUIDE: &str = "Guided reading";
const MARKS: &str = "Bookmarks";
const HIGH: &str = "Highlights";

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(READ, &[ch('j'), (KeyCode::Down, N)], Action::Down, "scroll down a line (in a list: next row)"),
    b(READ, &[ch('k'), (KeyCode::Up, N)], Action::Up, "scroll up a line (in a list: previous row)"),
    b(READ, &[ch(' '), (KeyCode::PageDown, N), ch('f')], Action::PageDown, "page down"),
    b(READ, &[ch('b'), (KeyCode::PageUp, N)], Action::PageUp, "page up"),
    b(READ, &[ch('}')], Action::NextPassage, "next passage"),
    b(READ, &[ch('{')], Action::PrevPassage, "previous passage (or the start of this one)"),
    b(READ, &[ch('g'), (KeyCode::Home, N)], Action::Top, "start of the article"),
    b(READ, &[ch('G'), (KeyCode::End, N)], Action::Bottom, "end of the article"),
    b(READ, &[ch(']')], Action::NextArticle, "next article"),
    b(READ, &[ch('[')], Action::PrevArticle, "previous article"),
    b(READ, &[ch('o')], Action::ToggleOriginal, "show the text as printed / corrected"),
    b(PANES, &[(KeyCode::Tab, N)], Action::FocusNext, "next pane: document → entities → timeline or map"),
    b(PANES, &[(KeyCode::BackTab, N)], Action::FocusPrev, "previous pane"),
    b(PANES, &[ch('w')], Action::ToggleMap, "where: a map of the places, for the timeline"),
    b(PANES, &[ch('W')], Action::ZoomMap, "map: all places of the corpus / the article's"),
    b(PANES, &[ch('h'), (KeyCode::Left, N)], Action::Left, "in the map: nearest place left (j k: down, up)"),
    b(PANES, &[ch('l'), (KeyCode::Right, N)], Action::Right, "in the map: nearest place right; Enter: its card"),
    b(PANES, &[(KeyCode::Enter, N)], Action::Activate, "act on the selection: open a card, jump to an event, go"),
    b(PANES, &[ch('n')], Action::NextHit, "next passage of the search, entity or event, across articles"),
    b(PANES, &[ch('N')], Action::PrevHit, "previous passage of the search, entity or event"),
    b(PANES, &[(KeyCode::Esc, N)], Action::Close, "close, back to the document, clear the selection"),
    b(GO, &[(KeyCode::Backspace, N), ch('H')], Action::Back, "back in history"),
    b(GO, &[ch('L')], Action::Forward, "forward in history"),
    b(GO, &[ch('/')], Action::Search, "search all articles (Enter go, Esc return)"),
    b(GO, &[ch('a')], Action::Articles, "article list"),
    b(GO, &[ch('?')], Action::Help, "this help"),
    b(GO, &[ch('q')], Action::Leave, "close what is in front (help, a card, a list, compare); else quit"),
    b(GO, &[(KeyCode::Char('c'), C)], Action::Quit, "quit from anywhere"),
    b(GO, &[(KeyCode::Char('z'), C)], Action::Suspend, "suspend (fg in the shell resumes)"),
    b(GUIDE, &[ch('t')], Action::Tours, "tours: start or resume one"),
    b(GUIDE, &[ch('>'), ch('.')], Action::NextStep, "next step of the tour"),
    b(GUIDE, &[ch('<'), ch(',')], Action::PrevStep, "previous step of the tour"),
    b(GUIDE, &[ch('x')], Action::LeaveTour, "leave the tour (t resumes it)"),
    b(GUIDE, &[ch('C')], Action::Chronological, "read in the order of events: } and { follow the story"),
    b(GUIDE, &[ch('c')], Action::Compare, "compare the sources on the selected event"),
    b(MARKS, &[ch('m')], Action::ToggleBookmark, "bookmark the passage (again: remove it; u undoes)"),
    b(MARKS, &[ch('M'), ch('e')], Action::EditNote, "write a note (Enter saves and bookmarks, Esc changes nothing)"),
    b(MARKS, &[ch('\'')], Action::Bookmarks, "bookmark list"),
    b(MARKS, &[ch('d')], Action::Delete, "in the bookmark list: delete"),
    b(MARKS, &[ch('u')], Action::Undo, "undo the last removal of a mark or a note"),
    b(HIGH, &[ch('v')], Action::Select, "select: w b word ) ( sentence } { passage o end"),
    b(HIGH, &[ch('V')], Action::SelectPassage, "whole passage; Enter or 1-4 marks, s tag, p note"),
    b(HIGH, &[ch('s')], Action::TagHighlight, "tag the highlight here (Tab completes)"),
    b(HIGH, &[ch('p')], Action::NoteHighlight, "a note on the highlight here"),
    b(HIGH, &[ch('U')], Action::RemoveHighlight, "remove the highlight here (u undoes)"),
];

/// Keys of a one-line prompt. Ctrl-c still quits.
pub fn edit_lookup(key: KeyEvent) -> Option<Action> {
    use crate::reader::Edit;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edit = match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Quit),
        KeyCode::Char('z') if ctrl => return Some(Action::Suspend),
        KeyCode::Char('u') if ctrl => Edit::Clear,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => Edit::Char(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Enter => Edit::Submit,
        KeyCode::Tab => Edit::Complete,
        KeyCode::Esc => Edit::Cancel,
        _ => return None,
    };
    Some(Action::Edit(edit))
}

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
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
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
    fn help_sections_are_contiguous() {
        let mut done = Vec::new();
        let mut last = "";
        for b in BINDINGS {
            if b.section != last {
                assert!(!done.contains(&b.section), "section {} split", b.section);
                done.push(last);
                last = b.section;
            }
        }
    }

    #[test]
    fn shifted_characters_still_match() {
        let k = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(lookup(k), Some(Action::Help));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(k), Some(Action::Quit));
        assert_eq!(lookup(KeyEvent::new(KeyCode::Char('Q'), N)), None);
    }
}
