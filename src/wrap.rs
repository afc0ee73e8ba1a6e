//! Word wrapping that keeps byte positions, so styled spans (mentions,
//! search hits, corrections) can be laid over the wrapped lines.
//!
//! Words come from textwrap's Unicode line-break rules (so CJK text breaks
//! between ideographs); filling is first-fit, and a word wider than the line
//! is broken between grapheme clusters, never inside one. Widths are those
//! the terminal buffer uses, so a wrapped line never overflows its cells.

use std::ops::Range;

use textwrap::WordSeparator;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width in terminal cells, summed per grapheme as the buffer does.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Wraps `text` to `width` cells. Each returned range is one line, a slice of
/// `text` without the trailing spaces; `\n` forces a break.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        wrap_line(line, base, width, &mut out);
        base += line.len() + 1;
    }
    out
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let start_len = out.len();
    // Current line: start offset, end of its last word, its width, and the
    // width of the whitespace that would precede the next word.
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut pending = 0;
    for w in WordSeparator::UnicodeBreakProperties.find_words(line) {
        if w.word.is_empty() {
            continue;
        }
        let at = w.word.as_ptr() as usize - line.as_ptr() as usize;
        let ww = self::width(w.word);
        let ws = self::width(w.whitespace);
        match cur {
            Some((s, _, cw)) if cw + pending + ww <= width => {
                cur = Some((s, at + w.word.len(), cw + pending + ww));
            }
            _ => {
                if let Some((s, e, _)) = cur.take() {
                    out.push(base + s..base + e);
                }
                cur = Some(place_word(w.word, at, ww, base, width, out));
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
}
