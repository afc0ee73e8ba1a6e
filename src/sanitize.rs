//! Keeping untrusted text from reaching the terminal as anything but glyphs.
//!
//! A content pack, a search query or a note must not be able to move the
//! cursor, retitle the window or reorder what is on screen. Control
//! characters become visible pictures; bidirectional controls are removed.

use std::borrow::Cow;

/// Whether a character must not reach the terminal as is.
pub fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n') || u == 0x7f || (0x80..=0x9f).contains(&u) || is_bidi_control(c)
}

/// Directional formatting characters: they reorder the cells around them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x202a..=0x202e | 0x2066..=0x2069 | 0x200e | 0x200f | 0x061c)
}

/// Returns `s` with every unsafe character replaced: tabs by a space, other
/// C0 controls and DEL by their Unicode control pictures (␛, ␇, ␡), C1
/// controls by U+FFFD, bidi controls removed. Newlines are kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    // Printable ASCII and newlines are safe: only text with other bytes
    // needs looking at character by character.
    let plain = !s.bytes().any(|b| (b < 0x20 && b != b'\n') || b >= 0x7f);
    if plain || !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c as u32 {
            0x09 => out.push(' '),
            u @ 0x00..=0x1f if c != '\n' => {
                out.push(char::from_u32(0x2400 + u).unwrap_or('\u{fffd}'))
            }
            0x7f => out.push('\u{2421}'),
            0x80..=0x9f => out.push('\u{fffd}'),
            _ if is_bidi_control(c) => {}
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`clean`], and newlines become spaces: for one-line fields.
pub fn clean_line(s: &str) -> String {
    clean(s).replace('\n', " ")
}

/// In-place cleaning of owned strings.
pub fn clean_in_place(s: &mut String) {
    if let Cow::Owned(c) = clean(s) {
        *s = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let s = "a\x1b]0;pwned\x07b\x1b[2Jc";
        let c = clean(s);
        assert!(!c.chars().any(is_unsafe));
        assert_eq!(c, "a␛]0;pwned␇b␛[2Jc");
    }

    #[test]
    fn c1_del_and_bidi() {
        let s = "x\u{9b}31m\u{7f}\u{202e}evil\u{2066}y";
        let c = clean(s);
        assert_eq!(c, "x\u{fffd}31m\u{2421}evily");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            clean("Rapallo, 16 April 1922\nnext"),
            Cow::Borrowed(_)
        ));
    }
}
