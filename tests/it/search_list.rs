//! The search results list without colour: the selected row is the one
//! reversed row, so it stays easy to find among the hits.

use lectern::reader::{Action, Edit, update};
use lectern::ui::Theme;
use ratatui::style::Modifier;

use crate::common::{buffer_text, draw, reader};

#[test]
fn without_colour_only_the_selected_result_is_reversed() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut r = reader(w, h);
        update(&mut r, Action::Search);
        for c in "treaty".chars() {
            update(&mut r, Action::Edit(Edit::Char(c)));
        }
        // While typing, and in the list after moving down.
        for step in 0..2 {
            if step == 1 {
                update(&mut r, Action::Edit(Edit::Results));
                update(&mut r, Action::Down);
            }
            let buf = draw(&r, Theme::colour(false));
            let text = buffer_text(&buf);
            let lines: Vec<&str> = text.lines().collect();
            let top = lines
                .iter()
                .position(|l| l.contains("┌ Results"))
                .expect("the results list");
            let left = lines[top][..lines[top].find("┌ Results").unwrap()]
                .chars()
                .count() as u16;
            let marked = lines
                .iter()
                .position(|l| l.contains('▶'))
                .expect("a marker");
            let mut reversed_rows = Vec::new();
            for y in top + 1..h as usize - 2 {
                let n = (left + 1..w - 1)
                    .filter(|&x| buf[(x, y as u16)].modifier.contains(Modifier::REVERSED))
                    .count();
                if n > 0 {
                    reversed_rows.push((y, n));
                }
            }
            assert_eq!(
                reversed_rows.len(),
                1,
                "{w}x{h} step {step}: {reversed_rows:?}\n{text}"
            );
            let (y, n) = reversed_rows[0];
            assert_eq!(y, marked, "{text}");
            assert!(n > 10, "the whole row: {n}");
        }
    }
}

/// On a screen where a pane is brought over the text, the results cover
/// that pane whole: no sliver of it shows beside them.
#[test]
fn the_results_cover_a_pane_brought_over_the_text() {
    for (w, h) in [(80, 24), (90, 30)] {
        for panes in 1..=2 {
            let mut r = reader(w, h);
            for _ in 0..panes {
                update(&mut r, Action::FocusNext);
            }
            let screen = r.screen();
            assert!(screen.side_overlay, "{w}x{h}: a pane over the text");
            let left = [screen.timeline, screen.entities]
                .into_iter()
                .flatten()
                .map(|p| p.x)
                .min()
                .expect("a pane");
            update(&mut r, Action::Search);
            for c in "treaty".chars() {
                update(&mut r, Action::Edit(Edit::Char(c)));
            }
            update(&mut r, Action::Edit(Edit::Results));
            let text = buffer_text(&draw(&r, Theme::colour(false)));
            let top = text.lines().next().expect("a first row");
            let at = top.find("┌ Results").expect("the results list");
            assert!(
                top[..at].chars().count() as u16 <= left,
                "{w}x{h}, {panes} panes: results from column {}, pane from {left}\n{text}",
                top[..at].chars().count()
            );
        }
    }
}
