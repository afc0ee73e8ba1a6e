//! Fitting text to a number of terminal cells, for the reader's panes and
//! the command line's plain output alike.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `n` and the noun in its number: "1 passage", "2 passages", "1 entity".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Cuts `s` to at most `width` cells, with an ellipsis when cut.
///
/// Looks no further into `s` than the cut, so a very long title or name
/// costs no more than a short one.
pub fn truncate(s: &str, width: usize) -> String {
    // Printable ASCII is a cell a byte, and two such bytes in a row are two
    // graphemes: no segmentation needed.
    let head = &s.as_bytes()[..s.len().min(width.saturating_add(1))];
    if head.iter().all(|b| (0x20..0x7f).contains(b)) {
        return match width {
            _ if s.len() <= width => s.to_owned(),
            0 => String::new(),
            _ => format!("{}…", &s[..width - 1]),
        };
    }
    truncate_graphemes(s, width)
}

fn truncate_graphemes(s: &str, width: usize) -> String {
    let mut w = 0;
    // Where the text is cut if it does not fit: the end of the last
    // grapheme that leaves room for the ellipsis.
    let mut keep = 0;
    for (i, g) in s.grapheme_indices(true) {
        let gw = g.width();
        if w + gw > width {
            let mut out = s[..keep].to_owned();
            if width > 0 {
                out.push('…');
            }
            return out;
        }
        w += gw;
        if w < width {
            keep = i + g.len();
        }
    }
    s.to_owned()
}

/// A one-line excerpt centred on `range`, cut to `width` cells.
pub fn snippet(text: &str, range: std::ops::Range<usize>, width: usize) -> String {
    let (s, _) = snippet_parts(text, range, width);
    s
}

/// The snippet, and the byte range of the matched text inside it (cut to
/// what is shown), so the match can be highlighted.
pub fn snippet_parts(
    text: &str,
    range: std::ops::Range<usize>,
    width: usize,
) -> (String, std::ops::Range<usize>) {
    let start = range.start.min(text.len());
    let mut from = start.saturating_sub(width / 3);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        // Start on a word.
        if let Some(sp) = text[from..start].find(' ') {
            from += sp + 1;
        }
    }
    let prefix = if from > 0 { "…" } else { "" };
    // No more of the passage than can be shown (a cell takes at most a few
    // bytes; generous for combining marks), so a snippet of a long passage
    // costs no more than one of a short one.
    let mut to = text.len().min(from + (width + 2) * 16).max(start);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let full = format!("{prefix}{}", text[from..to].replace('\n', " "));
    let shown = truncate(&full, width);
    let body = if shown.len() < full.len() {
        shown.len().saturating_sub('…'.len_utf8())
    } else {
        shown.len()
    };
    let m_start = (prefix.len() + start - from).min(body);
    let m_end = (prefix.len() + range.end.min(to) - from).min(body);
    (shown, m_start..m_end.max(m_start))
}

#[cfg(test)]
mod tests {
    use super::snippet_parts;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_is_cut_as_graphemes_are(
            s in "([ a-z]|\u{301}|\u{600}|界|\t|é){0,10}",
            width in 0usize..12,
        ) {
            prop_assert_eq!(super::truncate(&s, width), super::truncate_graphemes(&s, width));
        }
    }

    #[test]
    fn snippet_marks_the_match() {
        let text = "The conference met at Genoa; the treaty was signed at Rapallo nearby.";
        let at = text.find("Rapallo").unwrap();
        let (s, m) = snippet_parts(text, at..at + 7, 30);
        assert_eq!(&s[m], "Rapallo");
        assert!(s.starts_with('…'));
        // A match past the cut is shown as far as it fits, never out of bounds.
        let (s, m) = snippet_parts(text, at..at + 7, 3);
        assert!(m.end <= s.len() && s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
    }
}
