//! The one table of keys: it drives input, the help overlay and the hints.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::reader::{Action, CurateKey};

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
pub const CURATE: &str = "Curating (a pack opened with --content)";
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
    b(PANES, &[ch('i')], Action::NextMention, "cursor to the next mention (Enter: its card)"),
    b(PANES, &[ch('I')], Action::PrevMention, "cursor to the previous mention"),
    b(PANES, &[(KeyCode::Enter, N)], Action::Activate, "act on the selection: open a card, jump to an event, go"),
    b(PANES, &[ch('n')], Action::NextHit, "next passage of the search, entity or event, across articles"),
    b(PANES, &[ch('N')], Action::PrevHit, "previous passage of the search, entity or event"),
    b(PANES, &[(KeyCode::Esc, N)], Action::Close, "close, back to the document, clear the selection"),
    b(GO, &[(KeyCode::Backspace, N), ch('H')], Action::Back, "back in history"),
    b(GO, &[ch('L')], Action::Forward, "forward in history"),
    b(GO, &[ch('`')], Action::Rewind, "back to before the last jumps in a row; again: return"),
    b(GO, &[ch('/')], Action::Search, "search all articles (↑↓: earlier ones, Tab: the list)"),
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
    b(MARKS, &[ch('\'')], Action::Bookmarks, "annotations: bookmarks and highlights, in reading order"),
    b(MARKS, &[ch('d')], Action::Delete, "in the annotations list: delete"),
    b(MARKS, &[ch('u')], Action::Undo, "undo the last change, then the one before"),
    b(CURATE, &[ch('A')], Action::Curate(CurateKey::Accept), "accept the selected suggestion ◇"),
    b(CURATE, &[ch('R')], Action::Curate(CurateKey::Reject), "reject: remove entity (and its links) or event"),
    b(CURATE, &[ch('r')], Action::Curate(CurateKey::Rename), "rename entity (old name stays alias) / retitle"),
    b(CURATE, &[ch('E')], Action::Curate(CurateKey::Menu), "a menu of changes to the entity or event (its letters below)"),
    b(CURATE, &[ch('S')], Action::Curate(CurateKey::Suggestions), "sidebar: only suggestions / every entity"),
    b(CURATE, &[ch('+')], Action::Curate(CurateKey::NewEvent), "new event at the focus passage (date, title); in the tour list: a new tour"),
    b(CURATE, &[ch('D')], Action::Curate(CurateKey::Dispute), "in compare: what this passage says, for a dispute"),
    b(CURATE, &[ch('T')], Action::Curate(CurateKey::TourStep), "add the focus passage as a tour step"),
    b(CURATE, &[ch('=')], Action::Curate(CurateKey::Retry), "retry changes kept when files changed on disk"),
    b(CURATE, &[ch('@')], Action::Curate(CurateKey::Link), "link the mention under the cursor (i) or the selected words (v) to an entity, or a new one; in a card: the selected unlinked mention"),
    b(CURATE, &[ch('-')], Action::Curate(CurateKey::Unlink), "unlink the mention under the cursor, at this place only"),
    b(CURATE, &[ch(')')], Action::Curate(CurateKey::StepLater), "move the running tour's current step later"),
    b(CURATE, &[ch('(')], Action::Curate(CurateKey::StepEarlier), "move the running tour's current step earlier"),
    b(CURATE, &[ch('X')], Action::Curate(CurateKey::DeleteStep), "remove the running tour's current step"),
    b(HIGH, &[ch('v')], Action::Select, "select: w b word ) ( sentence } { passage o end"),
    b(HIGH, &[ch('V')], Action::SelectPassage, "whole passage; Enter or 1-4 marks, s tag, p note"),
    b(HIGH, &[ch('s')], Action::TagHighlight, "tag the highlight here (Tab completes)"),
    b(HIGH, &[ch('p')], Action::NoteHighlight, "a note on the highlight here"),
    b(HIGH, &[ch('U')], Action::RemoveHighlight, "remove the highlight here (u undoes)"),
];

/// One key: a code and its modifiers (Shift only with Tab's back form).
pub type Key = (KeyCode, KeyModifiers);

/// The keys in use: the table's defaults with the configuration's changes.
/// Input, the help and the hints all read this, never `BINDINGS` directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// The keys of each row of `BINDINGS`, in the same order.
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
        }
    }
}

/// The name an action has in the configuration file: its variant in
/// snake case (`NextPassage` is `next_passage`, `Curate(Accept)` is
/// `curate_accept`).
pub fn action_name(action: Action) -> String {
    let debug = format!("{action:?}");
    let mut out = String::with_capacity(debug.len() + 4);
    for (i, c) in debug
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .take_while(|c| c.is_alphanumeric())
        .enumerate()
    {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The row of `BINDINGS` an action's name stands for.
pub fn row_by_name(name: &str) -> Option<usize> {
    BINDINGS.iter().position(|b| action_name(b.action) == name)
}

/// The part of a key that identifies it: shift is dropped on characters
/// and on Tab's back form, since terminals disagree on whether `?`, `G` or
/// Shift-Tab arrive with it.
fn normal((code, mods): Key) -> Key {
    match code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => (
            KeyCode::Char(c.to_ascii_lowercase()),
            mods - KeyModifiers::SHIFT,
        ),
        KeyCode::Char(_) | KeyCode::BackTab => (code, mods - KeyModifiers::SHIFT),
        _ => (code, mods),
    }
}

impl Keymap {
    /// The keys of row `row` of `BINDINGS`.
    pub fn keys(&self, row: usize) -> &[Key] {
        self.keys.get(row).map_or(&[], Vec::as_slice)
    }

    /// Binds row `row` to exactly `keys` (none: the action is unbound).
    pub fn set(&mut self, row: usize, keys: Vec<Key>) {
        if let Some(k) = self.keys.get_mut(row) {
            let mut seen = Vec::new();
            for key in keys.into_iter().map(normal) {
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
            *k = seen;
        }
    }

    /// Pairs of rows that share a key, with the key: every key of the table
    /// works everywhere outside a prompt, so one key can mean one action only.
    pub fn clashes(&self) -> Vec<(Key, usize, usize)> {
        let mut out = Vec::new();
        for (a, ka) in self.keys.iter().enumerate() {
            for (b, kb) in self.keys.iter().enumerate().skip(a + 1) {
                for k in ka {
                    if kb.contains(k) {
                        out.push((*k, a, b));
                    }
                }
            }
        }
        out
    }

    /// The action bound to a key, if any.
    pub fn lookup(&self, key: KeyEvent) -> Option<Action> {
        let k = normal((key.code, key.modifiers));
        self.keys
            .iter()
            .position(|keys| keys.contains(&k))
            .and_then(|row| BINDINGS.get(row))
            .map(|b| b.action)
    }

    /// Keys of a one-line prompt: text and the editing keys, which are
    /// fixed; a key with Ctrl or Alt that quits or suspends still does.
    pub fn edit_lookup(&self, key: KeyEvent) -> Option<Action> {
        use crate::reader::Edit;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if (ctrl || alt)
            && let Some(a @ (Action::Quit | Action::Suspend)) = self.lookup(key)
        {
            return Some(a);
        }
        let edit = match key.code {
            KeyCode::Char('u') if ctrl => Edit::Clear,
            KeyCode::Char('a') if ctrl => Edit::Home,
            KeyCode::Char('e') if ctrl => Edit::End,
            KeyCode::Char(_) if ctrl || alt => return None,
            KeyCode::Char(c) => Edit::Char(c),
            KeyCode::Backspace => Edit::Backspace,
            KeyCode::Delete => Edit::Delete,
            KeyCode::Left => Edit::Left,
            KeyCode::Right => Edit::Right,
            KeyCode::Home => Edit::Home,
            KeyCode::End => Edit::End,
            KeyCode::Up => Edit::Older,
            KeyCode::Down => Edit::Newer,
            KeyCode::Tab => Edit::Results,
            KeyCode::Enter => Edit::Submit,
            KeyCode::Esc => Edit::Cancel,
            _ => return None,
        };
        Some(Action::Edit(edit))
    }

    /// The keys of a row as the help shows them.
    pub fn label(&self, row: usize) -> String {
        let keys = self.keys(row);
        if keys.is_empty() {
            return "(unbound)".into();
        }
        keys.iter()
            .map(|&k| key_label(k))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first key of an action, for hints.
    pub fn key_for(&self, action: Action) -> Option<String> {
        let row = BINDINGS.iter().position(|b| b.action == action)?;
        self.keys(row).first().map(|&k| key_label(k))
    }

    /// Every action with its keys as labels, for the reader's messages.
    pub fn names(&self) -> crate::reader::KeyNames {
        crate::reader::KeyNames::new(
            BINDINGS
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let labels = self.keys(i).iter().map(|&k| key_label(k)).collect();
                    (b.action, labels)
                })
                .collect(),
        )
    }
}

pub fn key_label((code, mods): Key) -> String {
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
        other => key_name((other, KeyModifiers::NONE)),
    };
    with_mods(base, mods)
}

fn with_mods(base: String, mods: KeyModifiers) -> String {
    let mut out = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    out.push_str(&base);
    out
}

/// Named keys, as the configuration file spells them (first) and the other
/// spellings it accepts.
const NAMED: &[(KeyCode, &[&str])] = &[
    (KeyCode::Char(' '), &["Space"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["Shift-Tab", "BackTab", "S-Tab"]),
    (KeyCode::Enter, &["Enter", "Return", "CR"]),
    (KeyCode::Esc, &["Esc", "Escape"]),
    (KeyCode::Backspace, &["Backspace", "BS"]),
    (KeyCode::Delete, &["Delete", "Del"]),
    (KeyCode::Insert, &["Insert", "Ins"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::PageUp, &["PageUp", "PgUp"]),
    (KeyCode::PageDown, &["PageDown", "PgDn"]),
    (KeyCode::Up, &["Up", "↑"]),
    (KeyCode::Down, &["Down", "↓"]),
    (KeyCode::Left, &["Left", "←"]),
    (KeyCode::Right, &["Right", "→"]),
];

/// A key as the configuration file writes it: `j`, `Down`, `Ctrl-c`.
pub fn key_name((code, mods): Key) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => NAMED
            .iter()
            .find(|(c, _)| *c == other)
            .and_then(|(_, names)| names.first())
            .map_or_else(|| format!("{other:?}"), |n| (*n).to_owned()),
    };
    with_mods(base, mods)
}

/// Reads a key as the configuration file writes it. Modifiers come first
/// (`Ctrl-`, `Alt-`, also `C-`, `M-`, `+` for `-`); names are matched
/// without regard to case; any single character is itself.
pub fn parse_key(s: &str) -> Result<Key, String> {
    let mut rest = s;
    let mut mods = KeyModifiers::NONE;
    loop {
        if rest.chars().count() <= 1 {
            break;
        }
        let lower = rest.to_ascii_lowercase();
        let prefix = ["ctrl-", "ctrl+", "c-", "alt-", "alt+", "m-", "a-"]
            .iter()
            .find(|p| lower.starts_with(**p));
        let Some(p) = prefix else { break };
        if p.starts_with('c') {
            mods |= KeyModifiers::CONTROL;
        } else {
            mods |= KeyModifiers::ALT;
        }
        rest = &rest[p.len()..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err("an empty key".into()),
        // The arrows' pictures, as the help shows them, are the arrows.
        (Some(c), None) => NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.chars().eq([c])))
            .map_or(KeyCode::Char(c), |(code, _)| *code),
        _ => {
            let lower = rest.to_ascii_lowercase();
            if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                if (1..=24).contains(&n) {
                    KeyCode::F(n)
                } else {
                    return Err(format!("no such key: {rest}"));
                }
            } else {
                NAMED
                    .iter()
                    .find(|(_, names)| names.iter().any(|n| n.to_ascii_lowercase() == lower))
                    .map(|(c, _)| *c)
                    .ok_or_else(|| format!("no such key: {rest}"))?
            }
        }
    };
    if let KeyCode::Char(c) = code
        && (c.is_control() || crate::sanitize::is_unsafe(c))
    {
        return Err("a control character is not a key (write Ctrl-x)".into());
    }
    Ok(normal((code, mods)))
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
    fn the_defaults_bind_no_key_twice_even_without_shift() {
        assert_eq!(Keymap::default().clashes(), Vec::new());
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
        let m = Keymap::default();
        let k = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(m.lookup(k), Some(Action::Help));
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(m.lookup(k), Some(Action::Quit));
        let k = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(m.lookup(k), Some(Action::FocusPrev));
        assert_eq!(m.lookup(KeyEvent::new(KeyCode::Char('Q'), N)), None);
    }

    #[test]
    fn every_action_has_its_own_name() {
        let mut names = std::collections::HashSet::new();
        for (i, b) in BINDINGS.iter().enumerate() {
            let name = action_name(b.action);
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert!(names.insert(name.clone()), "{name} names two rows");
            assert_eq!(row_by_name(&name), Some(i));
        }
        assert_eq!(action_name(Action::NextPassage), "next_passage");
    }

    #[test]
    fn every_default_key_reads_back_from_its_name() {
        for b in BINDINGS {
            for &k in b.keys {
                assert_eq!(parse_key(&key_name(k)), Ok(normal(k)), "{k:?}");
                assert_eq!(parse_key(&key_label(k)), Ok(normal(k)), "{k:?}");
            }
        }
        let ctrl_x = (KeyCode::Char('x'), KeyModifiers::CONTROL);
        for s in ["Ctrl-x", "C-x", "ctrl+X"] {
            assert_eq!(parse_key(s), Ok(ctrl_x), "{s}");
        }
        assert_eq!(parse_key("-"), Ok((KeyCode::Char('-'), N)));
        assert_eq!(parse_key("Ctrl--"), Ok((KeyCode::Char('-'), C)));
        assert_eq!(parse_key("F5"), Ok((KeyCode::F(5), N)));
        for bad in ["", "Ctrl-", "Hyper-x", "F99", "\u{1b}", "PgDown"] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
    }
}
