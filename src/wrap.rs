//! Word wrapping that keeps byte positions, so styled spans (mentions,
//! search hits, corrections) can be laid over the wrapped lines.
//!
//! Words come from textwrap's Unicode line-break rules (so CJK text breaks
//! between ideographs), kept only where they fall between grapheme clusters;
//! filling is first-fit, and a word wider than the line is broken between
//! grapheme clusters, never inside one. Widths are those the terminal buffer
//! uses, so a wrapped line never overflows its cells.
//!
//! The one exception: a grapheme two cells wide (an ideograph, an emoji)
//! cannot fit a line one cell wide. It gets a line of its own, one cell too
//! wide; the buffer leaves a glyph that does not fit undrawn, so nothing
//! spills over a border. The reader's text is never that narrow (its
//! smallest window leaves 15 columns), only an overlay squeezed to nothing.

use std::ops::Range;

use textwrap::WordSeparator;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

/// Display width in terminal cells, summed per grapheme as the buffer does.
pub fn width(s: &str) -> usize {
    if is_plain_ascii(s) {
        return s.len();
    }
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Printable ASCII only: one character, one grapheme, one cell per byte.
pub fn is_plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

thread_local! {
    static CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times `wrap` ran on this thread. Tests use it to check that
/// drawing never wraps the document (a thread-local count, so tests running
/// side by side do not see each other's).
pub fn calls() -> usize {
    CALLS.with(std::cell::Cell::get)
}

/// Wraps `text` to `width` cells. Each returned range is one line, a slice of
/// `text` without the trailing spaces; `\n` forces a break.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    CALLS.with(|c| c.set(c.get() + 1));
    wrap_uncounted(text, width)
}

/// `wrap` for text that is not the document (help, a comparison, notes),
/// left out of the count that checks the document's wrapping.
pub fn wrap_uncounted(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        wrap_line(line, base, width, &mut out);
        base += line.len() + 1;
    }
    out
}

/// The first `max_lines` lines of `text` wrapped to `width`, for views that
/// show only the start of a text (the tour bar, cards, the comparison). Only
/// a prefix of the text is looked at, so the cost does not grow with it.
pub fn wrap_head(text: &str, width: usize, max_lines: usize) -> Vec<Range<usize>> {
    // Eight bytes per cell is room for every line that is kept, unless a
    // text is made mostly of zero-width characters or very long runs of
    // spaces; then fewer lines are shown.
    let budget = max_lines
        .saturating_add(1)
        .saturating_mul(width.max(1).saturating_add(1))
        .saturating_mul(8);
    let mut end = budget.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut lines = wrap(&text[..end], width);
    lines.truncate(max_lines);
    lines
}

/// Whether a line is plain enough that its line-break opportunities are
/// just the ends of its runs of spaces: letters, digits, spaces and the
/// punctuation `, . ; : ' "`. Unicode line breaking allows no break inside
/// such a run; the exceptions (`. , ; :` before a digit with no digit before
/// it, and after a space, where the space does not break) are left to the
/// full algorithm. Most prose is simple, and then wraps without the Unicode
/// segmenter.
fn is_simple(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter().enumerate().all(|(i, &c)| match c {
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b' ' | b'\'' | b'"' => true,
        b',' | b'.' | b';' | b':' => {
            let digit_after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            let digit_before = i > 0 && b[i - 1].is_ascii_digit();
            let space_before = i > 0 && b[i - 1] == b' ';
            (!digit_after || digit_before) && !space_before
        }
        _ => false,
    })
}

/// The words of a simple line: where each starts and ends, and where the
/// next starts (after its spaces), as [`words`] gives them.
fn simple_words(line: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let b = line.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        let end = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        Some((start, end, i))
    })
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let start_len = out.len();
    // Current line: start offset, end of its last word, its width, and the
    // width of the whitespace that would precede the next word.
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut pending = 0;
    // Most prose is plain ASCII whose only break opportunities are spaces:
    // it is split without the Unicode segmenters.
    let words: Box<dyn Iterator<Item = (usize, usize, usize)>> = if is_simple(line) {
        Box::new(simple_words(line))
    } else {
        Box::new(words(line))
    };
    for (at, end, next) in words {
        let word = &line[at..end];
        let ww = self::width(word);
        let ws = self::width(&line[end..next]);
        match cur {
            Some((s, _, cw)) if cw + pending + ww <= width => {
                cur = Some((s, end, cw + pending + ww));
            }
            _ => {
                if let Some((s, e, _)) = cur.take() {
                    out.push(base + s..base + e);
                }
                cur = Some(place_word(word, at, ww, base, width, out));
            }
        }
        pending = ws;
    }
    if let Some((s, e, _)) = cur {
        out.push(base + s..base + e);
    }
    if out.len() == start_len {
        // An empty or all-blank line still takes a row.
        out.push(base..base);
    }
}

/// The words of a line as (start, end of the word, end of the spaces after
/// it), with breaks only where the Unicode line-break rules allow one *and*
/// between grapheme clusters: the rules allow a break between a space and a
/// combining mark that belongs to it, and a grapheme must never be split.
fn words(line: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let boundary = move |i: usize| {
        GraphemeCursor::new(i, line.len(), true)
            .is_boundary(line, 0)
            .unwrap_or(true)
    };
    let mut starts = WordSeparator::UnicodeBreakProperties
        .find_words(line)
        .map(move |w| w.word.as_ptr() as usize - line.as_ptr() as usize)
        .filter(move |&at| at == 0 || boundary(at))
        .peekable();
    std::iter::from_fn(move || {
        loop {
            let at = starts.next()?;
            let next = starts.peek().copied().unwrap_or(line.len());
            // Trailing spaces are dropped at a break, but not a space that
            // starts a grapheme with what precedes it.
            let mut end = at + line[at..next].trim_end_matches(' ').len();
            while end < next && !boundary(end) {
                end += line[end..].chars().next().map_or(1, char::len_utf8);
            }
            if end > at {
                return Some((at, end, next));
            }
        }
    })
}

/// Starts a new line with `word`, breaking it between graphemes if it is
/// wider than the line. Returns the still-open last line.
fn place_word(
    word: &str,
    at: usize,
    ww: usize,
    base: usize,
    width: usize,
    out: &mut Vec<Range<usize>>,
) -> (usize, usize, usize) {
    if ww <= width {
        return (at, at + word.len(), ww);
    }
    let mut s = at;
    let mut cw = 0;
    for (i, g) in word.grapheme_indices(true) {
        let gw = UnicodeWidthStr::width(g);
        if cw > 0 && cw + gw > width {
            out.push(base + s..base + at + i);
            s = at + i;
            cw = 0;
        }
        cw += gw;
    }
    (s, at + word.len(), cw)
}

/// Byte offset in `line` of the grapheme drawn at display column `col`.
pub fn byte_at_column(line: &str, col: usize) -> Option<usize> {
    let mut x = 0;
    for (i, g) in line.grapheme_indices(true) {
        let w = UnicodeWidthStr::width(g);
        if col < x + w.max(1) {
            return Some(i);
        }
        x += w;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn fills_greedily_and_drops_trailing_spaces() {
        assert_eq!(
            lines("the quick brown fox jumps", 10),
            vec!["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn ascii_is_a_cell_a_character() {
        assert_eq!(width("Rapallo, 1922!"), 14);
        assert_eq!(width("Zoe\u{308}"), 3);
        assert_eq!(width("日本"), 4);
    }

    #[test]
    fn keeps_hard_breaks_and_empty_lines() {
        assert_eq!(lines("one\n\ntwo", 10), vec!["one", "", "two"]);
    }

    #[test]
    fn breaks_long_words_between_graphemes() {
        assert_eq!(lines("abcdefgh", 3), vec!["abc", "def", "gh"]);
        let family = "👨‍👩‍👧";
        let text = format!("{family}{family}{family}");
        for l in lines(&text, 3) {
            assert_eq!(l, family);
        }
    }

    #[test]
    fn cjk_breaks_between_ideographs() {
        let text = "日本語の文章です";
        for l in lines(text, 6) {
            assert!(width(l) <= 6, "{l}");
        }
        assert_eq!(lines(text, 6).concat(), text);
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "Georgy Chicherin met\nWalther Rathenau";
        let r = wrap(text, 8);
        assert_eq!(&text[r[0].clone()], "Georgy");
        assert_eq!(&text[r.last().unwrap().clone()], "Rathenau");
    }

    #[test]
    fn simple_lines_split_as_the_full_algorithm_does() {
        for line in [
            "",
            "   ",
            "  leading and trailing  ",
            "It's \"quoted\", isn't it; yes: no.",
            "entry 3.1 of 1,000.5 items; a.b c,d",
            "Part 12: Trade and army",
        ] {
            assert!(is_simple(line), "{line:?}");
            assert_eq!(
                simple_words(line).collect::<Vec<_>>(),
                words(line).collect::<Vec<_>>()
            );
        }
        // A period before a digit may be a break opportunity: not simple.
        assert!(!is_simple("a.5"));
        assert!(!is_simple("a , b"));
        assert!(!is_simple("well-known"));
        assert!(!is_simple("tab\there"));
    }

    proptest::proptest! {
        #[test]
        fn simple_fast_path_matches_the_full_algorithm(
            line in "( {0,2}[a-zA-Z0-9'\"]{0,5}[,.;:]{0,2}[0-9]?){0,8} {0,2}",
        ) {
            // The rest of wrapping is shared, so equal words give equal lines.
            if is_simple(&line) {
                proptest::prop_assert_eq!(
                    simple_words(&line).collect::<Vec<_>>(),
                    words(&line).collect::<Vec<_>>()
                );
            }
        }
    }
}
