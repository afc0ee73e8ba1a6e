//! Choosing quotes: every reference into an article is a piece of its text
//! that occurs exactly once, so the quote is grown word by word until it is.

use std::ops::Range;

/// How many times `needle` occurs in `hay`, counting up to two.
fn occurs(hay: &str, needle: &str) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        n += 1;
        if n > 1 {
            break;
        }
        // Overlapping occurrences count too: the loader finds them.
        from += i + needle.chars().next().map_or(1, char::len_utf8);
    }
    n
}

/// A quote that occurs exactly once in `text`, inside `passage`, around
/// `focus` (both byte ranges of `text`): `focus` itself when unique, else
/// widened a word at a time within the passage. None when even the whole
/// passage occurs elsewhere.
pub fn unique(text: &str, passage: Range<usize>, focus: Range<usize>) -> Option<String> {
    let p = text.get(passage.clone())?;
    let (mut s, mut e) = (
        focus.start.clamp(passage.start, passage.end),
        focus.end.clamp(passage.start, passage.end),
    );
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    loop {
        let q = text[s..e].trim();
        if !q.is_empty() && !q.contains("\n\n") && occurs(text, q) == 1 {
            return Some(q.to_owned());
        }
        if s <= passage.start && e >= passage.end {
            return None;
        }
        // Widen by one word on each side.
        if e < passage.end {
            e = next_word_end(text, e, passage.end);
        }
        if s > passage.start {
            s = prev_word_start(text, s, passage.start);
        }
        if p.is_empty() {
            return None;
        }
    }
}

fn next_word_end(text: &str, from: usize, limit: usize) -> usize {
    let rest = &text[from..limit];
    let skip = rest.len() - rest.trim_start().len();
    let r = &rest[skip..];
    let w = r.find(char::is_whitespace).unwrap_or(r.len());
    from + skip + w
}

fn prev_word_start(text: &str, from: usize, limit: usize) -> usize {
    let before = &text[limit..from];
    let t = before.trim_end();
    match t.rfind(char::is_whitespace) {
        Some(i) => limit + i + t[i..].chars().next().map_or(1, char::len_utf8),
        None => limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_grow_until_unique() {
        let text = "In 1922 they met.\n\nIn 1922 they parted.";
        let p2 = text.find("In 1922 they parted").unwrap_or(0)..text.len();
        let q = unique(text, p2.clone(), p2.start..p2.start + 7).unwrap_or_default();
        assert_eq!(text.matches(q.as_str()).count(), 1);
        assert!(q.contains("parted"), "{q}");
        let dup = "Same.\n\nSame.";
        assert_eq!(unique(dup, 7..12, 7..12), None);
    }
}
