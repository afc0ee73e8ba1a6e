//! The map in the reader: `w` puts it in the timeline's place, `W` widens
//! it to the corpus; it is drawn from the state, so it follows the focus.

use crate::common::{apply, buffer_text, draw, reader};
use lectern::geo::{Extent, Role};
use lectern::reader::{Action, Pane, Reader};
use lectern::ui::Theme;

const COLOR: Theme = Theme { color: true };
/// The passage naming the three sites of the cooperation (Lipetsk through
/// its flying school).
const PLACES: [&str; 3] = ["Kazan", "Saratov", "Lipetsk flying school"];

/// Moves `r` to the first passage naming every one of `names`, or to the
/// first naming no place with a position when `names` is empty.
fn go_to(r: &mut Reader, names: &[&str]) {
    let c = r.corpus.clone();
    let wanted = |ents: &[lectern::corpus::EntityIdx]| {
        if names.is_empty() {
            ents.iter().all(|&e| c.entities[e].coords.is_none())
        } else {
            names
                .iter()
                .all(|n| ents.iter().any(|&e| c.entities[e].name == *n))
        }
    };
    let (a, p) = c
        .articles
        .iter()
        .enumerate()
        .find_map(|(a, art)| {
            art.passages
                .iter()
                .position(|p| wanted(&p.entities))
                .map(|p| (a, p))
        })
        .expect("the corpus has such a passage");
    apply(r, &vec![Action::NextArticle; a]);
    apply(r, &vec![Action::NextPassage; p]);
    assert_eq!((r.loc().article.index(), r.loc().passage), (a, p));
}

#[test]
fn w_toggles_the_map_in_the_timeline_place() {
    let mut r = reader(120, 40);
    go_to(&mut r, &PLACES);
    let before = buffer_text(&draw(&r, COLOR));
    assert!(before.contains("Timeline") && !before.contains(" Map "));
    apply(&mut r, &[Action::ToggleMap]);
    assert!(r.map);
    let tl = r
        .screen()
        .timeline
        .expect("a wide screen has the upper pane");
    let text = buffer_text(&draw(&r, COLOR));
    let lines: Vec<&str> = text.lines().collect();
    let title_row = lines[usize::from(tl.y)];
    assert!(title_row.contains("Map"), "{title_row}");
    assert!(!text.contains("Timeline"));
    // The passage's places are on the map as focus markers with their names.
    let pane: String = lines[usize::from(tl.y)..usize::from(tl.bottom())]
        .iter()
        .map(|l| l.chars().skip(usize::from(tl.x)).collect::<String>() + "\n")
        .collect();
    for name in ["Kazan", "Saratov", "Lipetsk"] {
        assert!(pane.contains(name), "{name} missing:\n{pane}");
    }
    assert!(pane.contains('◆'), "{pane}");
    apply(&mut r, &[Action::ToggleMap]);
    assert!(!r.map);
    assert_eq!(buffer_text(&draw(&r, COLOR)), before);
}

#[test]
fn the_map_follows_the_focus() {
    let mut r = reader(120, 40);
    go_to(&mut r, &PLACES);
    apply(&mut r, &[Action::ToggleMap]);
    let (_, here) = r.map_scene(40, 20);
    let focus = |s: &lectern::geo::Scene| s.marks.iter().filter(|m| m.role == Role::Focus).count();
    assert!(focus(&here) >= 3);
    apply(&mut r, &[Action::NextPassage]);
    let loc = r.loc();
    let named = r.corpus.articles[loc.article].passages[loc.passage]
        .entities
        .iter()
        .filter(|&&e| r.corpus.entities[e].coords.is_some())
        .count();
    let (_, next) = r.map_scene(40, 20);
    // Marks may share a cell, never more marks than places.
    assert!(focus(&next) <= named);
    assert_eq!(named == 0, focus(&next) == 0);
}

#[test]
fn narrow_tab_shows_the_map_over_the_document() {
    let mut r = reader(80, 24);
    apply(
        &mut r,
        &[Action::ToggleMap, Action::FocusNext, Action::FocusNext],
    );
    assert_eq!(r.pane, Pane::Timeline);
    let text = buffer_text(&draw(&r, COLOR));
    assert!(text.contains("Map") && !text.contains("Timeline"), "{text}");
}

#[test]
fn zoom_widens_to_the_corpus_and_back() {
    let mut r = reader(120, 40);
    go_to(&mut r, &PLACES);
    apply(&mut r, &[Action::ToggleMap]);
    let (_, article) = r.map_scene(60, 30);
    apply(&mut r, &[Action::ZoomMap]);
    assert_eq!(r.map_extent, Extent::Corpus);
    let all = lectern::geo::places(&r.corpus, r.loc(), None, None, Extent::Corpus);
    let with_coords = r
        .corpus
        .entities
        .iter()
        .filter(|e| e.coords.is_some())
        .count();
    assert_eq!(all.len(), with_coords);
    let (_, corpus) = r.map_scene(60, 30);
    let placed = |s: &lectern::geo::Scene| s.marks.iter().map(|m| m.places.len()).sum::<usize>();
    assert!(placed(&corpus) >= placed(&article));
    assert!(buffer_text(&draw(&r, COLOR)).contains("Map: all places"));
    apply(&mut r, &[Action::ZoomMap]);
    assert_eq!(r.map_extent, Extent::Article);
    assert_eq!(r.map_scene(60, 30).1, article);
}

#[test]
fn map_snapshots() {
    for (w, h) in [(120, 40), (200, 60)] {
        for (name, places) in [("places", &PLACES[..]), ("noplace", &[][..])] {
            let mut r = reader(w, h);
            go_to(&mut r, places);
            apply(&mut r, &[Action::ToggleMap]);
            let text = buffer_text(&draw(&r, COLOR));
            insta::assert_snapshot!(format!("map_{name}_{w}x{h}"), text);
        }
    }
}

/// The map's inside on screen and its laid-out places, as drawn.
fn shown(
    r: &Reader,
) -> (
    ratatui::layout::Rect,
    Vec<lectern::geo::Place>,
    lectern::geo::Scene,
) {
    let pane = lectern::layout::inner(r.screen().timeline.expect("the map is shown"));
    let (_, places, scene) = r.map_layout(pane.width, pane.height);
    (pane, places, scene)
}

#[test]
fn arrows_walk_the_places_and_enter_opens_the_card() {
    let mut r = reader(120, 40);
    go_to(&mut r, &PLACES);
    apply(&mut r, &[Action::ToggleMap]);
    while r.pane != Pane::Timeline {
        apply(&mut r, &[Action::FocusNext]);
    }
    let event_sel = r.event_sel;
    let mut visited = std::collections::HashSet::new();
    for a in [
        Action::Down,
        Action::Right,
        Action::Left,
        Action::Up,
        Action::Right,
        Action::Down,
    ] {
        apply(&mut r, &[a]);
        let e = r.map_cursor.expect("a move lands on a place");
        let (pane, places, scene) = shown(&r);
        let k = r
            .map_cursor_mark(&places, &scene)
            .expect("the cursor is on a mark");
        let m = &scene.marks[k];
        // The cursor's marker is drawn reversed where the scene puts it.
        let buf = draw(&r, COLOR);
        let cell = &buf[(pane.x + m.col, pane.y + m.row)];
        assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
        visited.insert(e);
    }
    assert!(visited.len() > 1, "the arrows move between places");
    assert_eq!(r.event_sel, event_sel, "the hidden timeline keeps its row");
    let e = r.map_cursor.unwrap();
    apply(&mut r, &[Action::Activate]);
    match &r.overlay {
        Some(lectern::reader::Overlay::Card(c)) => assert_eq!(c.entity, e),
        other => panic!("no card: {other:?}"),
    }
}

#[test]
fn a_click_on_a_place_selects_its_entity() {
    let mut r = reader(120, 40);
    go_to(&mut r, &PLACES);
    apply(&mut r, &[Action::ToggleMap]);
    let (pane, places, scene) = shown(&r);
    assert!(!scene.marks.is_empty());
    for m in &scene.marks {
        let id = places[m.places[0]].id;
        apply(
            &mut r,
            &[Action::Mouse(lectern::reader::MouseAction::Click {
                x: pane.x + m.col,
                y: pane.y + m.row,
            })],
        );
        assert_eq!(r.target, Some(lectern::reader::Target::Entity(id)));
        assert_eq!(r.map_cursor, Some(id));
    }
}
