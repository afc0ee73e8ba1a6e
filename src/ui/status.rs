//! The document's bottom border: where the reader is, and the last status
//! message. A message is never dropped or cut silently: the footer gives way
//! first, and what still does not fit is cut with an ellipsis, before the
//! key hint it ends with ("— u undoes") if it has one, else at its end.

use crate::text::truncate;
use crate::wrap::width;

/// Columns of a message worth showing beside the footer, cut.
const MIN_SHOWN: usize = 24;

/// The footer and the status as they fit on a border `cols` wide: the full
/// footer if both fit, else the short one, else no footer; the status
/// padded with a space each side and cut with `…` only when even the
/// whole border is too narrow for it.
pub fn fit(full: &str, short: &str, status: Option<&str>, cols: usize) -> (String, Option<String>) {
    // Two corners, and a rule cell either side of each title.
    let room = cols.saturating_sub(4);
    let Some(status) = status else {
        return (truncate(full, room), None);
    };
    let msg = format!(" {status} ");
    let need = width(&msg);
    for footer in [full, short] {
        // A rule cell between the footer and the status.
        if width(footer) + 1 + need <= room {
            return (footer.to_owned(), Some(msg));
        }
    }
    // The short footer keeps the place; the message gets the rest, cut
    // with a visible ellipsis, if that is a fair part of it. Else the whole
    // border goes to the message.
    let left = room.saturating_sub(width(short) + 1);
    if left >= MIN_SHOWN {
        return (short.to_owned(), Some(cut(&msg, left)));
    }
    (String::new(), Some(cut(&msg, room)))
}

/// Cells of a message's ending key hint, at most, that are kept whole.
const MAX_HINT: usize = 24;

/// `msg` cut to `cols` with `…`: in its middle when it ends with a short
/// key hint after a dash, so the key stays in sight; else at its end.
fn cut(msg: &str, cols: usize) -> String {
    let hint = msg.rfind(" — ").map(|i| &msg[i..]).filter(|h| {
        // A dash inside a quoted name is not a hint.
        width(h) <= MAX_HINT && !h.contains(['“', '”'])
    });
    match hint {
        // Some words of the message itself must still show before it.
        Some(h) if width(h) + MIN_SHOWN / 2 <= cols => {
            let head = &msg[..msg.len() - h.len()];
            format!("{}{h}", truncate(head, cols - width(h)))
        }
        _ => truncate(msg, cols),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the width, the message is shown: whole, or cut with a
    /// visible ellipsis; and the two never overlap on the border.
    #[test]
    fn the_status_is_never_cut_silently() {
        let full = " 34% · passage 4/14 · ? help · Tab panes ";
        let short = " 34% · passage 4/14 ";
        let msgs = [
            "saved",
            "reading in the order of events — } and { follow the story",
            "last step of the tour: the tour is finished — > starts it again",
            "“I've been using email since the early 1990s, I …” re-dated to 1990 — u undoes",
            "renamed “Ada — the Countess” to “Ada Lovelace, Countess of Lovelace”",
        ];
        for cols in 10..220 {
            for m in msgs {
                let (footer, status) = fit(full, short, Some(m), cols);
                let s = status.expect("a status is always shown");
                let room = cols - 4;
                assert!(width(&footer) + width(&s) + usize::from(!footer.is_empty()) <= room);
                if s.trim() != m {
                    // Cut before its key hint, which is kept whole, or at its end.
                    let (head, hint) = match m.rfind(" — ") {
                        Some(i) if s.trim_end().ends_with(&m[i..]) => {
                            (&s[..s.len() - (m.len() - i) - 1], &m[i..])
                        }
                        _ => (s.as_str(), ""),
                    };
                    assert!(head.ends_with('…'), "{cols}: {s:?} cut without a sign");
                    let kept = head.trim_start().trim_end_matches('…');
                    assert!(m.starts_with(kept), "{cols}: {s:?}");
                    if m.ends_with(" — u undoes") && cols >= 40 {
                        assert_eq!(hint, " — u undoes", "{cols}: {s:?} lost its key");
                    }
                }
                // Cut only when it could not fit beside the short footer, and
                // then beside it only if a fair part of it shows; else alone.
                let beside = room.saturating_sub(width(short) + 1);
                if width(m) + 2 <= beside || (beside < MIN_SHOWN && width(m) + 2 <= room) {
                    assert_eq!(s.trim(), m, "{cols}: cut though it fits");
                }
                if beside >= MIN_SHOWN {
                    assert!(!footer.is_empty(), "{cols}: the place is kept");
                }
            }
        }
    }
}
