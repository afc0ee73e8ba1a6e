//! The map in a real terminal: it follows `}` through an article, and the
//! keyboard alone reaches a place's card from it. The screen tmux shows is
//! compared with the same `Reader` driven by the same actions and drawn into
//! a `TestBackend`, so the test follows the content rather than copying it.
//!
//! Skipped (with a message) when tmux is not installed.

use std::collections::BTreeSet;
use std::sync::Arc;

use lectern::geo::Role;
use lectern::layout::inner;
use lectern::reader::{Action, Overlay, Pane, Reader, update};
use lectern::ui::Theme;

use crate::common::tmux::{Reading, tmux_or_skip};
use crate::common::{buffer_text, draw};

/// The passage naming the three sites of the cooperation.
const SITES: [&str; 3] = ["Kazan", "Saratov", "Lipetsk flying school"];

struct Run {
    reading: Reading,
    model: Reader,
}

impl Run {
    fn start(name: &str, w: u16, h: u16) -> Run {
        let reading = Reading::start(name, w, h, "");
        let corpus = Arc::new(lectern::corpus::embedded().expect("embedded corpus"));
        let mut model = Reader::new(corpus, w, h);
        model.set_help_lines(lectern::ui::overlay::help_line_count());
        let run = Run { reading, model };
        run.reading
            .tmux
            .wait_for("the first screen", |s| s.contains("Article 1/"));
        run
    }

    /// Sends `key` to the program and `action` to the model.
    fn key(&mut self, key: &str, action: Action) {
        update(&mut self.model, action);
        self.reading.tmux.send(key);
    }

    /// The screen as the model draws it (colours on, as tmux has them;
    /// only the text is compared).
    fn expected(&self) -> String {
        buffer_text(&draw(&self.model, Theme::colour(true)))
    }

    /// Waits until the map pane on the terminal is the model's, cell for
    /// cell, and returns the pane's rows.
    fn map_matches(&self, what: &str) -> Vec<String> {
        let pane = self.model.screen().timeline.expect("the map is shown");
        let want = columns(
            &self.expected(),
            pane.x,
            pane.right(),
            pane.y,
            pane.bottom(),
        );
        assert!(want[0].contains("Map"), "the model shows no map: {want:#?}");
        self.reading.tmux.wait_for(what, |s| {
            columns(s, pane.x, pane.right(), pane.y, pane.bottom()) == want
        });
        want
    }

    /// Waits until the whole terminal is the model's screen.
    fn screen_matches(&self, what: &str) -> String {
        let want = trimmed(&self.expected());
        self.reading.tmux.wait_for(what, |s| trimmed(s) == want)
    }

    /// The names the map labels as the focus passage's places.
    fn focus_labels(&self) -> BTreeSet<String> {
        let pane = inner(self.model.screen().timeline.expect("the map is shown"));
        let (_, _, scene) = self.model.map_layout(pane.width, pane.height);
        scene
            .labels
            .iter()
            .filter(|l| scene.marks[l.mark].role == Role::Focus)
            .map(|l| l.text.clone())
            .collect()
    }
}

/// The characters of columns `x0..x1` on rows `y0..y1`.
fn columns(screen: &str, x0: u16, x1: u16, y0: u16, y1: u16) -> Vec<String> {
    let (x0, x1) = (usize::from(x0), usize::from(x1));
    screen
        .lines()
        .chain(std::iter::repeat(""))
        .skip(usize::from(y0))
        .take(usize::from(y1 - y0))
        .map(|l| {
            let row: String = l.chars().skip(x0).take(x1 - x0).collect();
            format!("{row:<width$}", width = x1 - x0)
        })
        .collect()
}

fn trimmed(screen: &str) -> Vec<String> {
    screen.lines().map(|l| l.trim_end().to_owned()).collect()
}

/// Where the passage naming every one of `names` is: (article, passage).
fn passage_naming(r: &Reader, names: &[&str]) -> (usize, usize) {
    let c = &r.corpus;
    c.articles
        .iter()
        .enumerate()
        .find_map(|(a, art)| {
            art.passages
                .iter()
                .position(|p| {
                    names
                        .iter()
                        .all(|n| p.entities.iter().any(|&e| c.entities[e].name == *n))
                })
                .map(|p| (a, p))
        })
        .expect("the corpus has such a passage")
}

#[test]
fn the_map_follows_the_focus_through_an_article() {
    if !tmux_or_skip("the map's end-to-end test") {
        return;
    }
    let mut run = Run::start("map-follow", 120, 40);
    let (article, sites) = passage_naming(&run.model, &SITES);
    run.key("w", Action::ToggleMap);
    for _ in 0..article {
        run.key("]", Action::NextArticle);
    }
    run.map_matches("the map of the article's first passage");

    // `}` through the article, past the passage naming the three sites:
    // at every passage the map on the terminal is the model's, and the
    // focus passage's places (labelled) change with it.
    let last = run.model.corpus.articles[article].passages.len() - 1;
    let mut seen = vec![run.focus_labels()];
    for p in 1..=last.min(sites + 2) {
        run.key("}", Action::NextPassage);
        assert_eq!(run.model.loc().passage, p);
        let pane = run.map_matches(&format!("the map at passage {}", p + 1));
        let labels = run.focus_labels();
        let text = pane.concat();
        for l in &labels {
            assert!(text.contains(l.as_str()), "{l} not on the map:\n{pane:#?}");
        }
        if p == sites {
            for name in ["Kazan", "Saratov", "Lipetsk"] {
                assert!(
                    labels.iter().any(|l| l.starts_with(name)),
                    "{name} is not labelled as the focus: {labels:?}"
                );
                assert!(text.contains(name), "{name} not on the map:\n{pane:#?}");
            }
        }
        seen.push(labels);
    }
    let changes = seen.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(changes >= 2, "the labelled places barely changed: {seen:?}");
}

/// Tab to the map, arrows from place to place, Enter: the card of the place
/// the cursor is on, with no mouse.
fn keyboard_to_a_card(name: &str, w: u16, h: u16) {
    let mut run = Run::start(name, w, h);
    let (article, sites) = passage_naming(&run.model, &SITES);
    run.key("w", Action::ToggleMap);
    for _ in 0..article {
        run.key("]", Action::NextArticle);
    }
    for _ in 0..sites {
        run.key("}", Action::NextPassage);
    }
    let mut tabs = 0;
    while run.model.pane != Pane::Timeline {
        run.key("Tab", Action::FocusNext);
        tabs += 1;
        assert!(tabs < 5, "Tab never reaches the map");
    }
    run.map_matches("the map with the keyboard");
    let mut visited = BTreeSet::new();
    for (key, action) in [
        ("Right", Action::Right),
        ("Down", Action::Down),
        ("Left", Action::Left),
        ("Up", Action::Up),
        ("Right", Action::Right),
    ] {
        run.key(key, action);
        let e = run.model.map_cursor.expect("an arrow lands on a place");
        visited.insert(e);
        // The status names the place under the cursor.
        let screen = run.screen_matches(&format!("{key} on the map"));
        let place = &run.model.corpus.entities[e].name;
        let word = place.split_whitespace().next().unwrap();
        assert!(screen.contains(word), "{place} not named:\n{screen}");
    }
    assert!(visited.len() > 1, "the arrows stayed on one place");
    let e = run.model.map_cursor.unwrap();
    run.key("Enter", Action::Activate);
    match &run.model.overlay {
        Some(Overlay::Card(c)) => assert_eq!(c.entity, e),
        other => panic!("Enter opened no card: {other:?}"),
    }
    let screen = run.screen_matches("the place's card");
    assert!(
        screen.contains(run.model.corpus.entities[e].name.as_str()),
        "{screen}"
    );
}

#[test]
fn the_keyboard_reaches_a_card_from_the_map() {
    if !tmux_or_skip("the map's end-to-end test") {
        return;
    }
    keyboard_to_a_card("map-keys-wide", 120, 40);
    // Below the side panes' width the map is shown over the document.
    keyboard_to_a_card("map-keys-narrow", 80, 24);
}
