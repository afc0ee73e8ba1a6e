//! The one way a list's selection moves: every list and overlay answers the
//! same keys (line, page, first, last) the same way.

use super::Action;

/// The selection after `action` in a list of `n` rows paging by `page`, or
/// None when the action does not move a selection.
pub(super) fn moved(sel: usize, n: usize, page: usize, action: Action) -> Option<usize> {
    let last = n.saturating_sub(1);
    let page = page.max(1);
    Some(match action {
        Action::Down => sel.saturating_add(1).min(last),
        Action::Up => sel.saturating_sub(1).min(last),
        Action::PageDown => sel.saturating_add(page).min(last),
        Action::PageUp => sel.saturating_sub(page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_move_stays_in_the_list() {
        let moves = [
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
        ];
        for n in 0..6 {
            for sel in 0..8 {
                for a in moves {
                    let s = moved(sel, n, 3, a).unwrap_or(sel);
                    assert!(s < n.max(1), "{a:?} from {sel} in {n}: {s}");
                }
            }
        }
        assert_eq!(moved(2, 10, 3, Action::Help), None);
        assert_eq!(moved(2, 10, 3, Action::Bottom), Some(9));
        assert_eq!(moved(8, 10, 3, Action::PageDown), Some(9));
    }
}
