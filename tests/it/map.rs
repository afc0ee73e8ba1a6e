//! Positions in a pack: `coords` on places, sites and states, checked for
//! range and kind, every fault reported at its file:line:column with the
//! entity's id.

use lectern::corpus::{ArticleIdx, EntityIdx, EventIdx};
use std::fs;
use std::path::{Path, PathBuf};

use lectern::corpus::{self, PackError, PackSource};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Result<corpus::Corpus, Vec<PackError>> {
    let source = PackSource::dir(fixture(name)).unwrap();
    corpus::load(&source).map_err(|e| e.0)
}

/// Line and column (1-based, in characters) of the `nth` occurrence of
/// `needle` in the fixture's entities.json, computed from the text so an
/// edited fixture cannot leave a stale position behind.
fn position(name: &str, needle: &str, nth: usize) -> (usize, usize) {
    let text = fs::read_to_string(fixture(name).join("entities.json")).unwrap();
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth} in {name}"))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn single_error(name: &str) -> PackError {
    let errors = load(name).expect_err("the pack must be refused");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors.into_iter().next().unwrap();
    assert!(
        e.file.ends_with(&format!("{name}/entities.json")),
        "{}",
        e.file
    );
    e
}

#[test]
fn places_sites_and_states_carry_their_position() {
    let c = load("coords-good").unwrap();
    let coords = |id: &str| c.entities.iter().find(|e| e.id == id).unwrap().coords;
    let rapallo = coords("rapallo-town").unwrap();
    assert_eq!((rapallo.lat, rapallo.lon), (44.35, 9.23));
    let kazan = coords("kazan").unwrap();
    assert_eq!((kazan.lat, kazan.lon), (55.79, 49.12));
    assert!(coords("germany").is_some(), "a state may have a point");
    assert!(coords("rathenau").is_none());
    assert!(coords("rapallo-treaty").is_none());
}

#[test]
fn latitude_out_of_range_is_reported_at_the_number() {
    let e = single_error("coords-latitude");
    assert_eq!(
        (e.line, e.column),
        position("coords-latitude", "\"lat\": 95.5", 0)
    );
    assert!(e.message.contains("\"kazan\""), "{}", e.message);
    assert!(e.message.contains("latitude 95.5"), "{}", e.message);
}

#[test]
fn longitude_out_of_range_is_reported_at_the_number() {
    let e = single_error("coords-longitude");
    assert_eq!(
        (e.line, e.column),
        position("coords-longitude", "\"lon\": -181", 0)
    );
    assert!(e.message.contains("\"rapallo-town\""), "{}", e.message);
    assert!(e.message.contains("longitude -181"), "{}", e.message);
}

#[test]
fn a_person_has_no_position() {
    let e = single_error("coords-wrong-kind");
    // Pointed at Rathenau's own "coords", not the first of the file.
    let text = fs::read_to_string(fixture("coords-wrong-kind").join("entities.json")).unwrap();
    let rathenau = text.find("\"id\": \"rathenau\"").unwrap();
    let nth = text[..rathenau].matches("\"coords\"").count();
    assert_eq!(
        (e.line, e.column),
        position("coords-wrong-kind", "\"coords\"", nth)
    );
    assert!(e.message.contains("\"rathenau\""), "{}", e.message);
    assert!(e.message.contains("person"), "{}", e.message);
}

#[test]
fn a_position_must_be_numbers_with_named_fields() {
    let e = single_error("coords-not-number");
    assert!(e.message.contains("invalid type"), "{}", e.message);
    let (line, _) = position("coords-not-number", "\"55.79\"", 0);
    assert_eq!(e.line, line);

    let e = single_error("coords-unknown-field");
    assert!(e.message.contains("lng"), "{}", e.message);
    let (line, _) = position("coords-unknown-field", "\"lng\"", 0);
    assert_eq!(e.line, line);
}

#[test]
fn every_boundary_value_is_accepted_and_every_value_past_it_refused() {
    let good = fs::read_to_string(fixture("coords-good").join("entities.json")).unwrap();
    let base = fixture("coords-good");
    for (lat, lon, ok) in [
        ("90", "180", true),
        ("-90", "-180", true),
        ("0", "0", true),
        ("90.0001", "0", false),
        ("-90.0001", "0", false),
        ("0", "180.0001", false),
        ("0", "-180.0001", false),
        ("1e3", "0", false),
    ] {
        let text = good.replace(
            "\"lat\": 55.79, \"lon\": 49.12",
            &format!("\"lat\": {lat}, \"lon\": {lon}"),
        );
        let mut files = std::collections::BTreeMap::new();
        for rel in [
            "corpus.json",
            "events.json",
            "articles/treaty.txt",
            "articles/schools.txt",
        ] {
            files.insert(rel.to_owned(), fs::read(base.join(rel)).unwrap());
        }
        for g in fs::read_dir(base.join("guides")).unwrap() {
            let g = g.unwrap();
            let rel = format!("guides/{}", g.file_name().to_str().unwrap());
            files.insert(rel, fs::read(g.path()).unwrap());
        }
        files.insert("entities.json".to_owned(), text.into_bytes());
        let result = corpus::load(&PackSource::memory(files));
        assert_eq!(result.is_ok(), ok, "lat {lat}, lon {lon}: {result:?}");
    }
}

// ---------------------------------------------------------------------------
// Framing and labels

use lectern::geo::frame::{MIN_COLS, MIN_ROWS};
use lectern::geo::labels::Direction;
use lectern::geo::{Framing, LatLon, Place, Role, Scene};
use lectern::ui::Theme;
use lectern::ui::map::{MapCache, MapView};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// Latitudes and longitudes with the hard cases well represented: the
/// poles, the antimeridian from both sides, and anywhere at all.
fn lat() -> impl Strategy<Value = f64> {
    prop_oneof![
        -90.0..=90.0f64,
        (85.0..=90.0f64),
        (-90.0..=-85.0f64),
        Just(90.0),
        Just(-90.0),
    ]
}

fn lon() -> impl Strategy<Value = f64> {
    prop_oneof![
        -180.0..=180.0f64,
        (170.0..=180.0f64),
        (-180.0..=-170.0f64),
        Just(180.0),
        Just(-180.0),
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Focus),
        Just(Role::Selected),
        Just(Role::Event),
        Just(Role::Context),
    ]
}

fn places() -> impl Strategy<Value = Vec<Place>> {
    prop::collection::vec((lat(), lon(), role(), "[A-Za-z]{1,14}"), 1..16).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(id, (lat, lon, role, label))| Place {
                at: LatLon { lat, lon },
                label,
                role,
                id: EntityIdx(id),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every place is inside the window and lands on a cell of the pane.
    #[test]
    fn the_framing_contains_every_place(
        ps in places(),
        cols in MIN_COLS..=250u16,
        rows in MIN_ROWS..=80u16,
    ) {
        let pts: Vec<LatLon> = ps.iter().map(|p| p.at).collect();
        let f = Framing::fit(&pts, cols, rows);
        prop_assert!(f.lon_span > 0.0 && f.lon_span <= 360.0, "{f:?}");
        prop_assert!(f.south >= -90.0 && f.north() <= 90.0 + 1e-9, "{f:?}");
        for p in &pts {
            prop_assert!(f.contains(*p), "{p:?} outside {f:?}");
            prop_assert!(f.cell(*p, cols, rows).is_some(), "{p:?} off a {cols}x{rows} pane in {f:?}");
        }
    }

    /// Labels never overlap each other or a marker, stay on the pane, and a
    /// lower role is labelled only when every higher one is.
    #[test]
    fn labels_never_overlap_and_keep_priority(
        ps in places(),
        cols in MIN_COLS..=120u16,
        rows in MIN_ROWS..=40u16,
    ) {
        let pts: Vec<LatLon> = ps.iter().map(|p| p.at).collect();
        let f = Framing::fit(&pts, cols, rows);
        let s = Scene::new(&ps, &f, cols, rows, None);
        let mut used = vec![false; usize::from(cols) * usize::from(rows)];
        for m in &s.marks {
            let i = usize::from(m.row) * usize::from(cols) + usize::from(m.col);
            prop_assert!(!used[i], "two markers in one cell");
            used[i] = true;
        }
        for l in &s.labels {
            prop_assert!(l.col + l.width() <= cols && l.row < rows, "{l:?}");
            for x in l.col..l.col + l.width() {
                let i = usize::from(l.row) * usize::from(cols) + usize::from(x);
                prop_assert!(!used[i], "label {l:?} overlaps");
                used[i] = true;
            }
            let first = &ps[s.marks[l.mark].places[0]].label;
            let stem = l.text.trim_end_matches('…');
            prop_assert!(first.starts_with(stem) || l.text.starts_with(first.as_str()), "{l:?} for {first}");
        }
        // Every place has a marker, in its own cell or a shared one.
        let marked: usize = s.marks.iter().map(|m| m.places.len()).sum();
        prop_assert_eq!(marked, ps.len());
        let labelled = |k: usize| s.labels.iter().any(|l| l.mark == k);
        for (k, m) in s.marks.iter().enumerate() {
            if labelled(k) {
                for (j, higher) in s.marks.iter().enumerate() {
                    if higher.role < m.role {
                        prop_assert!(labelled(j), "{:?} labelled while {:?} is not", m.role, higher.role);
                    }
                }
            }
        }
    }

    /// An arrow from a marker moves to one that is that way.
    #[test]
    fn arrows_move_that_way(ps in places(), cols in MIN_COLS..=120u16, rows in MIN_ROWS..=40u16) {
        let pts: Vec<LatLon> = ps.iter().map(|p| p.at).collect();
        let f = Framing::fit(&pts, cols, rows);
        let s = Scene::new(&ps, &f, cols, rows, None);
        for k in 0..s.marks.len() {
            let m = &s.marks[k];
            for (dir, ok) in [
                (Direction::Right, &(|a: &lectern::geo::labels::Mark| a.col > m.col) as &dyn Fn(&_) -> bool),
                (Direction::Left, &|a: &lectern::geo::labels::Mark| a.col < m.col),
                (Direction::Up, &|a: &lectern::geo::labels::Mark| a.row < m.row),
                (Direction::Down, &|a: &lectern::geo::labels::Mark| a.row > m.row),
            ] {
                if let Some(j) = s.nearest(k, dir) {
                    prop_assert!(ok(&s.marks[j]), "{dir:?} from {m:?} went to {:?}", s.marks[j]);
                }
            }
            // The four arrows between them lead somewhere whenever there is
            // anywhere else to go.
            let moves = [Direction::Right, Direction::Left, Direction::Up, Direction::Down]
                .into_iter()
                .filter_map(|d| s.nearest(k, d))
                .count();
            prop_assert!(s.marks.len() < 2 || moves > 0, "stuck at {m:?}");
        }
    }
}

/// The places of the embedded corpus, by their positions in an atlas.
fn corpus_places(focus: &[&str], event: &[&str]) -> Vec<Place> {
    let table = [
        ("Rapallo", 44.35, 9.23),
        ("Genoa", 44.41, 8.93),
        ("Berlin", 52.52, 13.40),
        ("Moscow", 55.76, 37.62),
        ("Lipetsk", 52.61, 39.60),
        ("Kazan", 55.79, 49.12),
        ("Saratov", 51.53, 46.03),
        ("Volsk", 52.05, 47.38),
        ("Versailles", 48.80, 2.13),
    ];
    table
        .iter()
        .enumerate()
        .map(|(id, &(name, lat, lon))| Place {
            at: LatLon { lat, lon },
            label: name.to_owned(),
            role: if focus.contains(&name) {
                Role::Focus
            } else if event.contains(&name) {
                Role::Event
            } else {
                Role::Context
            },
            id: EntityIdx(id),
        })
        .collect()
}

fn draw(
    ps: &[Place],
    w: u16,
    h: u16,
    theme: Theme,
    selected: Option<EntityIdx>,
) -> (Buffer, Scene) {
    let pts: Vec<LatLon> = ps.iter().map(|p| p.at).collect();
    let framing = Framing::fit(&pts, w, h);
    let scene = Scene::new(ps, &framing, w, h, selected);
    let mut cache = MapCache::default();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let view = MapView {
            scene: &scene,
            framing: &framing,
            cursor: None,
            theme: &theme,
        };
        let area = f.area();
        view.render(area, f.buffer_mut(), &mut cache);
    })
    .unwrap();
    (term.backend().buffer().clone(), scene)
}

fn text(buf: &Buffer) -> String {
    let w = usize::from(buf.area.width);
    let mut out = String::new();
    for (i, c) in buf.content().iter().enumerate() {
        out.push_str(c.symbol());
        if (i + 1) % w == 0 {
            out.push('\n');
        }
    }
    out
}

#[test]
fn snapshot_focus_on_the_volga_schools() {
    for (w, h) in [(60, 20), (100, 30)] {
        let ps = corpus_places(&["Kazan", "Saratov", "Lipetsk"], &[]);
        let (buf, scene) = draw(&ps, w, h, Theme { color: false }, None);
        let t = text(&buf);
        for name in ["Kazan", "Saratov", "Lipetsk"] {
            assert!(
                scene
                    .labels
                    .iter()
                    .any(|l| ps[scene.marks[l.mark].places[0]].label == name),
                "{name} must be labelled:\n{t}"
            );
        }
        insta::assert_snapshot!(format!("map_volga_focus_{w}x{h}"), t);
    }
}

#[test]
fn snapshot_no_focus_shows_the_article_places() {
    let ps = corpus_places(&[], &["Lipetsk", "Kazan", "Volsk"]);
    let (buf, _) = draw(&ps, 80, 24, Theme { color: false }, Some(EntityIdx(0)));
    insta::assert_snapshot!("map_event_places_80x24", text(&buf));
}

/// Without colour, focus and context still differ in glyph and weight.
#[test]
fn focus_and_context_differ_without_colour() {
    let ps = corpus_places(&["Kazan"], &[]);
    let (buf, scene) = draw(&ps, 80, 24, Theme { color: false }, None);
    let cell_of = |name: &str| {
        let k = scene
            .marks
            .iter()
            .position(|m| ps[m.places[0]].label == name)
            .unwrap();
        buf[(scene.marks[k].col, scene.marks[k].row)].clone()
    };
    let focus = cell_of("Kazan");
    let context = cell_of("Berlin");
    assert_ne!(focus.symbol(), context.symbol());
    assert!(focus.modifier.contains(Modifier::BOLD));
    assert!(!context.modifier.contains(Modifier::BOLD));
    assert!(context.modifier.contains(Modifier::DIM));
}

/// A click on a marker or its label finds that place.
#[test]
fn a_click_on_a_marker_or_label_finds_the_place() {
    let ps = corpus_places(&["Kazan"], &[]);
    let (_, scene) = draw(&ps, 100, 30, Theme { color: true }, None);
    for l in &scene.labels {
        assert_eq!(scene.hit(l.col, l.row), Some(l.mark));
        let m = &scene.marks[l.mark];
        assert_eq!(scene.hit(m.col, m.row), Some(l.mark));
    }
}

/// The coastline across the antimeridian: the east of Chukotka and the
/// west of Alaska are both drawn in one window.
#[test]
fn the_coast_is_drawn_on_both_sides_of_the_antimeridian() {
    let pts = [
        LatLon {
            lat: 64.7,
            lon: 177.5,
        },
        LatLon {
            lat: 64.5,
            lon: -165.4,
        },
    ];
    let (w, h) = (60u16, 20u16);
    let f = Framing::fit(&pts, w, h);
    let mut cache = MapCache::default();
    let dots = cache.coastline(&f, w, h).to_vec();
    let cols_with_coast = |range: std::ops::Range<u16>| {
        range
            .filter(|&c| (0..h).any(|r| dots[usize::from(r * w + c)] != 0))
            .count()
    };
    let (edge, _) = f
        .cell(
            LatLon {
                lat: 64.6,
                lon: 180.0,
            },
            w,
            h,
        )
        .unwrap();
    assert!(cols_with_coast(0..edge) > 3, "no coast west of the line");
    assert!(
        cols_with_coast(edge + 1..w) > 3,
        "no coast east of the line"
    );
}

/// The pane too small for a map says so instead of drawing nonsense.
#[test]
fn a_pane_too_small_says_so() {
    let ps = corpus_places(&["Kazan"], &[]);
    let (buf, _) = draw(&ps, MIN_COLS - 1, MIN_ROWS, Theme { color: false }, None);
    assert!(text(&buf).starts_with("map:"));
}

/// What the map shows at each passage: every entity with a position that
/// the passage names is focus, the article's others context, each once.
#[test]
fn the_places_follow_the_passage() {
    use lectern::corpus::PassageLoc;
    use lectern::geo::{Extent, places};
    let c = load("coords-good").unwrap();
    let mut saw_focus = false;
    for (a, article) in c.articles.iter().enumerate() {
        for (p, passage) in article.passages.iter().enumerate() {
            let at = PassageLoc {
                article: ArticleIdx(a),
                passage: p,
            };
            let shown = places(&c, at, None, None, Extent::Article);
            let mut ids: Vec<EntityIdx> = shown.iter().map(|x| x.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), shown.len(), "each place once");
            for x in &shown {
                let e = &c.entities[x.id];
                let c = e.coords.unwrap();
                assert_eq!((x.at.lat, x.at.lon), (c.lat, c.lon));
                assert_eq!(x.label, e.name);
                let named = passage.entities.contains(&x.id);
                assert_eq!(x.role == Role::Focus, named, "{} at {at:?}", e.id);
                assert!(named || article.entities.contains(&x.id));
                saw_focus |= named;
            }
            for &e in &article.entities {
                assert_eq!(
                    c.entities[e].coords.is_some(),
                    shown.iter().any(|x| x.id == e),
                    "{}",
                    c.entities[e].id
                );
            }
            let all = places(&c, at, None, None, Extent::Corpus);
            assert!(shown.iter().all(|x| all.contains(x)));
            assert_eq!(
                all.len(),
                c.entities.iter().filter(|e| e.coords.is_some()).count()
            );
            // The selection is marked wherever it lies, at its own role
            // unless the passage names it.
            let kazan = c.entity_index("kazan").unwrap();
            let with = places(&c, at, Some(kazan), None, Extent::Article);
            let k = with.iter().find(|x| x.id == kazan).unwrap();
            let expect = if passage.entities.contains(&kazan) {
                Role::Focus
            } else {
                Role::Selected
            };
            assert_eq!(k.role, expect);
        }
    }
    assert!(saw_focus, "the fixture names a place somewhere");
}

/// An event's places are shown when it is chosen.
#[test]
fn an_events_places_are_shown() {
    use lectern::corpus::PassageLoc;
    use lectern::geo::{Extent, places};
    let c = load("coords-good").unwrap();
    let at = PassageLoc {
        article: ArticleIdx(0),
        passage: 0,
    };
    for (i, ev) in c.events.iter().enumerate() {
        let i = EventIdx(i);
        let shown = places(&c, at, None, Some(i), Extent::Article);
        for &e in &ev.entities {
            if c.entities[e].coords.is_some() {
                assert!(shown.iter().any(|x| x.id == e && x.role <= Role::Event));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The embedded corpus

/// Every place and site of the embedded corpus has a position, but the
/// continent, which is no point.
#[test]
fn the_embedded_places_have_positions() {
    use lectern::corpus::types::EntityKind;
    let c = corpus::embedded().unwrap();
    for e in &c.entities {
        if matches!(e.kind, EntityKind::Place | EntityKind::Site) && e.id != "europe" {
            assert!(e.coords.is_some(), "{} has no position", e.id);
        }
    }
}

fn embedded_scene(
    named: &[&str],
    w: u16,
    h: u16,
) -> (Buffer, Scene, Vec<Place>, lectern::corpus::Corpus) {
    use lectern::corpus::PassageLoc;
    use lectern::geo::{Extent, places};
    let c = corpus::embedded().unwrap();
    let id = |s: &str| c.entity_index(s).unwrap();
    let want: Vec<EntityIdx> = named.iter().map(|s| id(s)).collect();
    let mut at = None;
    'find: for (a, article) in c.articles.iter().enumerate() {
        for (p, passage) in article.passages.iter().enumerate() {
            let with_coords = passage
                .entities
                .iter()
                .filter(|&&e| c.entities[e].coords.is_some())
                .count();
            let hit = if want.is_empty() {
                with_coords == 0
                    && article
                        .entities
                        .iter()
                        .any(|&e| c.entities[e].coords.is_some())
            } else {
                want.iter().all(|e| passage.entities.contains(e))
            };
            if hit {
                at = Some(PassageLoc {
                    article: ArticleIdx(a),
                    passage: p,
                });
                break 'find;
            }
        }
    }
    let at = at.expect("a passage of the kind sought");
    let ps = places(&c, at, None, None, Extent::Article);
    let (buf, scene) = draw(&ps, w, h, Theme { color: false }, None);
    (buf, scene, ps, c)
}

#[test]
fn snapshot_embedded_passage_naming_the_volga_places() {
    for (w, h) in [(56, 22), (38, 16)] {
        let (buf, scene, ps, _) = embedded_scene(&["kazan", "saratov", "lipetsk-school"], w, h);
        let t = text(&buf);
        for name in ["Kazan", "Saratov", "Lipetsk flying school"] {
            let k = scene
                .marks
                .iter()
                .position(|m| m.places.iter().any(|&i| ps[i].label == name))
                .unwrap_or_else(|| panic!("{name} has no marker:\n{t}"));
            assert_eq!(scene.marks[k].role, Role::Focus);
            assert!(
                scene.labels.iter().any(|l| l.mark == k),
                "{name} unlabelled:\n{t}"
            );
        }
        insta::assert_snapshot!(format!("map_embedded_volga_{w}x{h}"), t);
    }
}

#[test]
fn snapshot_embedded_passage_naming_no_place() {
    for (w, h) in [(56, 22), (38, 16)] {
        let (buf, scene, ps, _) = embedded_scene(&[], w, h);
        assert!(!ps.is_empty() && ps.iter().all(|p| p.role == Role::Context));
        assert!(!scene.labels.is_empty());
        insta::assert_snapshot!(format!("map_embedded_no_focus_{w}x{h}"), text(&buf));
    }
}

/// A scene laid out for a larger pane than it is drawn in (a resize in
/// between) draws what fits and never panics.
#[test]
fn a_scene_for_another_size_draws_what_fits() {
    let ps = corpus_places(&["Kazan", "Saratov"], &[]);
    let pts: Vec<LatLon> = ps.iter().map(|p| p.at).collect();
    let framing = Framing::fit(&pts, 120, 40);
    let scene = Scene::new(&ps, &framing, 120, 40, Some(EntityIdx(1)));
    for (w, h) in [(MIN_COLS, MIN_ROWS), (30, 10), (119, 39)] {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        MapView {
            scene: &scene,
            framing: &framing,
            cursor: Some(0),
            theme: &Theme { color: true },
        }
        .render(buf.area, &mut buf, &mut MapCache::default());
    }
}
