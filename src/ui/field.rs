//! A one-line text field narrower than its text: which part to show so the
//! cursor and the text before it stay in sight, with `…` where the text goes
//! on out of sight.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// What a field of some width shows of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldView {
    /// The bytes of the text shown, after the left marker if any.
    pub shown: Range<usize>,
    /// Text is hidden before the field: its first cell shows `…`.
    pub cut_left: bool,
    /// Text is hidden after the field: its last cell shows `…`.
    pub cut_right: bool,
    /// The column where the shown text starts: past the left marker (and
    /// a cell more when a wide char straddles it).
    pub text_x: usize,
    /// The cursor's column in the field.
    pub cursor_x: usize,
}

/// The view of `text` in a field `width` cells wide, the cursor before
/// char `cursor`. The text scrolls by half the field at a time (as many
/// editors do), so it holds still while the cursor moves within it; the
/// cursor always has half a field of text before it when the text does.
pub fn view(text: &str, cursor: usize, width: usize) -> FieldView {
    let cw = |c: char| c.width().unwrap_or(0);
    // Column where each char starts, and the text's end.
    let mut cols = Vec::with_capacity(text.len() + 1);
    let mut col = 0;
    for (i, c) in text.char_indices() {
        cols.push((i, col));
        col += cw(c);
    }
    let total = col;
    cols.push((text.len(), total));
    let cursor = cursor.min(cols.len() - 1);
    let c = cols[cursor].1;
    if width < 4 || total < width {
        // Fits with the cursor after it (or too narrow to scroll usefully).
        let end = cols
            .iter()
            .take_while(|&&(_, x)| x <= width.saturating_sub(1))
            .last()
            .map_or(0, |&(i, _)| i);
        let end = if total < width { text.len() } else { end };
        return FieldView {
            shown: 0..end,
            cut_left: false,
            cut_right: end < text.len(),
            text_x: 0,
            cursor_x: c.min(width.saturating_sub(1)),
        };
    }
    // The last cell is kept for the right marker.
    let room = width - 1;
    let step = (room / 2).max(1);
    let start_col = if c < room {
        0
    } else {
        ((c - room) / step + 1) * step
    };
    let cut_left = start_col > 0;
    // The left marker covers the cell at start_col; text starts after it
    // (after a wide char that straddles it, too).
    let first = if cut_left { start_col + 1 } else { 0 };
    let from = cols
        .iter()
        .find(|&&(_, x)| x >= first)
        .map_or(text.len(), |&(i, _)| i);
    let from_col = cols
        .iter()
        .find(|&&(i, _)| i == from)
        .map_or(total, |&(_, x)| x);
    // Every char that ends within the room.
    let limit = start_col + room;
    let mut end = from;
    for pair in cols.windows(2) {
        let ((i, _), (next_i, next_x)) = (pair[0], pair[1]);
        if i < from {
            continue;
        }
        if next_x > limit {
            break;
        }
        end = next_i;
    }
    let cut_right = end < text.len();
    FieldView {
        shown: from..end,
        cut_left,
        cut_right,
        text_x: from_col - start_col,
        cursor_x: c - start_col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_width::UnicodeWidthStr;

    fn check(text: &str, cursor: usize, width: usize) {
        let v = view(text, cursor, width);
        let n = text.chars().count();
        let cursor = cursor.min(n);
        let shown = &text[v.shown.clone()];
        let used = v.text_x + shown.width() + usize::from(v.cut_right);
        assert!(v.text_x >= usize::from(v.cut_left));
        assert!(used <= width.max(1), "{text:?} {cursor} {width}: {v:?}");
        assert!(v.cursor_x < width.max(1), "{v:?}");
        if width >= 4 {
            // The cursor is on the text shown (or just after it), never on
            // a marker.
            assert!(!(v.cut_left && v.cursor_x == 0), "{v:?}");
            assert!(!(v.cut_right && v.cursor_x == width - 1), "{v:?}");
            let before: String = text.chars().take(cursor).collect();
            let left_col = v.text_x;
            let shown_before = &text[v.shown.start..before.len().max(v.shown.start)];
            assert_eq!(
                left_col + shown_before.width(),
                v.cursor_x,
                "{text:?} {cursor} {width}: {v:?}"
            );
            assert!(before.len() >= v.shown.start && before.len() <= v.shown.end);
            // Context: half a field of text before the cursor when there is one.
            let context = shown_before.width();
            assert!(context + 2 >= before.width().min((width - 1) / 2), "{v:?}");
        }
        // Fits: shown whole, no marker.
        if text.width() < width {
            assert_eq!(v.shown, 0..text.len());
            assert!(!v.cut_left && !v.cut_right);
        }
        // A cut is always marked.
        assert_eq!(v.cut_left, v.shown.start > 0, "{v:?}");
        assert_eq!(v.cut_right, v.shown.end < text.len(), "{v:?}");
    }

    #[test]
    fn typing_past_the_width_keeps_the_cursor_and_its_text_in_sight() {
        let text = "a note longer than the prompt is wide, typed to its end";
        for width in [1, 3, 4, 5, 10, 20, 80] {
            for cursor in 0..=text.chars().count() + 2 {
                check(text, cursor, width);
            }
        }
        let v = view(text, text.chars().count(), 20);
        assert!(text[v.shown.clone()].ends_with("its end"), "{v:?}");
        assert!(v.cut_left && !v.cut_right);
    }

    #[test]
    fn the_text_holds_still_while_the_cursor_moves_in_it() {
        let text = "0123456789".repeat(6);
        let mut changes = 0;
        let mut last = None;
        for cursor in 0..=text.len() {
            let v = view(&text, cursor, 21);
            if last.is_some_and(|s| s != v.shown.start) {
                changes += 1;
            }
            last = Some(v.shown.start);
        }
        // Sixty chars in a field of twenty: a jump every ten, not every one.
        assert!(changes <= 6, "{changes}");
    }

    proptest! {
        #[test]
        fn any_text_any_cursor(text in "[a-zé漢 ]{0,60}", cursor in 0usize..70, width in 0usize..40) {
            check(&text, cursor, width);
        }
    }
}
