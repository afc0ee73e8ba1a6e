//! The sign a scrolled list or overlay gives of the rows it hides: `↑ 3 more`
//! on its top border, `↓ 12 more` on its bottom border. Every pane that shows
//! part of a list draws them here, so none hides rows silently.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;

/// Rows hidden above and below a window of `shown` rows from `offset` in a
/// list of `total`.
pub fn hidden(offset: usize, shown: usize, total: usize) -> (usize, usize) {
    let above = offset.min(total);
    let below = total.saturating_sub(offset.saturating_add(shown));
    (above, below)
}

/// The label for `n` hidden rows in direction `arrow`, or None for none.
pub fn label(arrow: char, n: usize) -> Option<String> {
    (n > 0).then(|| format!(" {arrow} {n} more "))
}

/// Columns the top marker may take at most on a border, so a title drawn
/// beside it can be cut to leave it room.
pub const ROOM: usize = 16;

/// Draws the markers on the border of `frame` (the bordered rectangle):
/// hidden rows above at the top right, below at the bottom left. The
/// bottom-right corner is left to the key hints overlays put there.
pub fn marks(buf: &mut Buffer, t: &Theme, frame: Rect, above: usize, below: usize) {
    let frame = frame.intersection(buf.area);
    if frame.width < 4 || frame.height < 2 {
        return;
    }
    let room = frame.width.saturating_sub(2);
    if let Some(s) = label('↑', above) {
        let w = crate::wrap::width(&s) as u16;
        if w <= room {
            let x = frame.right() - 1 - w;
            buf.set_stringn(x, frame.y, &s, w as usize, t.dim());
        }
    }
    if let Some(s) = label('↓', below) {
        let w = crate::wrap::width(&s) as u16;
        if w <= room {
            buf.set_stringn(frame.x + 1, frame.bottom() - 1, &s, w as usize, t.dim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_add_up() {
        for total in 0..12 {
            for shown in 0..14 {
                for offset in 0..=total {
                    let (a, b) = hidden(offset, shown, total);
                    let visible = total.min(offset + shown) - offset;
                    assert_eq!(a + visible + b, total, "{offset} {shown} {total}");
                }
            }
        }
    }

    #[test]
    fn marks_name_the_count_on_the_border() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 6));
        marks(
            &mut buf,
            &Theme::colour(false),
            Rect::new(0, 0, 30, 6),
            3,
            12,
        );
        let row = |y: u16| -> String { (0..30).map(|x| buf[(x, y)].symbol()).collect() };
        assert!(row(0).trim_end().ends_with("↑ 3 more"), "{:?}", row(0));
        assert!(row(5).trim_start().starts_with("↓ 12 more"), "{:?}", row(5));
        // Nothing hidden, nothing drawn.
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 6));
        marks(
            &mut buf,
            &Theme::colour(false),
            Rect::new(0, 0, 30, 6),
            0,
            0,
        );
        assert!(buf.content.iter().all(|c| c.symbol() == " "));
    }
}
