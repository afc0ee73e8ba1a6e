//! Screens drawn into a `TestBackend`: text snapshots (insta, under
//! tests/snapshots) at three sizes, and style checks on the buffer cells.

use crate::common::{apply, buffer_text, draw, reader};
use lectern::corpus::{ArticleIdx, EntityIdx};
use lectern::reader::{Action, Edit, Pane, Reader, Target};
use lectern::ui::Theme;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

const COLOR: Theme = Theme::colour(true);
const MONO: Theme = Theme::colour(false);
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn snapshot(name: &str, w: u16, h: u16, actions: &[Action]) {
    let mut r = reader(w, h);
    apply(&mut r, actions);
    let text = buffer_text(&draw(&r, COLOR));
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
}

#[test]
fn opening_screen() {
    for (w, h) in SIZES {
        snapshot("opening", w, h, &[]);
    }
}

#[test]
fn entity_card_after_moving() {
    let actions = [
        Action::NextPassage,
        Action::NextPassage,
        Action::FocusNext,
        Action::Activate,
    ];
    for (w, h) in SIZES {
        snapshot("entity_card", w, h, &actions);
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        snapshot("help", w, h, &[Action::Help]);
    }
}

#[test]
fn article_list() {
    for (w, h) in SIZES {
        snapshot("articles", w, h, &[Action::Articles]);
    }
}

#[test]
fn narrow_timeline_over_document() {
    let mut r = reader(80, 24);
    apply(&mut r, &[Action::FocusNext, Action::FocusNext]);
    assert_eq!(r.pane, Pane::Timeline);
    assert!(r.screen().side_overlay);
    snapshot(
        "timeline_over_document",
        80,
        24,
        &[Action::FocusNext, Action::FocusNext],
    );
}

// ---- style checks -------------------------------------------------------

/// Whether a cell carries a style: its colours where the style sets them,
/// and every modifier the style adds.
fn has_style(cell: &Cell, style: Style) -> bool {
    style.fg.is_none_or(|c| cell.fg == c)
        && style.bg.is_none_or(|c| cell.bg == c)
        && cell.modifier.contains(style.add_modifier)
}

/// Screen rows of the document text and, for each, the passage on it.
fn visible_rows(r: &Reader) -> Vec<(u16, Option<usize>)> {
    let text = r.screen().doc_text();
    (0..text.height)
        .filter_map(|row| {
            let line = r.doc.lines.get(r.scroll + row as usize)?;
            Some((text.y + row, line.passage))
        })
        .collect()
}

fn gutter_x(r: &Reader) -> u16 {
    r.screen().doc_gutter()
}

/// Screen cells of a mention: (x, y) of each of its columns, if visible.
fn mention_cells(r: &Reader, passage: usize, range: std::ops::Range<usize>) -> Vec<(u16, u16)> {
    let text_area = r.screen().doc_text();
    let (text, _, _) = r.corpus.articles[r.article].passages[passage].version(r.show_original);
    let mut cells = Vec::new();
    for (i, line) in r.doc.lines.iter().enumerate() {
        if line.passage != Some(passage)
            || i < r.scroll
            || i >= r.scroll + text_area.height as usize
        {
            continue;
        }
        let (s, e) = (range.start.max(line.start), range.end.min(line.end));
        if s >= e {
            continue;
        }
        let x0 = text_area.x + text[line.start..s].width() as u16;
        let w = text[s..e].width() as u16;
        let y = text_area.y + (i - r.scroll) as u16;
        cells.extend((x0..x0 + w).map(|x| (x, y)));
    }
    cells
}

/// The first mention of an entity named `name` in the focus passage.
fn find_mention(r: &Reader, name: &str) -> (EntityIdx, std::ops::Range<usize>) {
    let corpus = &r.corpus;
    let p = &corpus.articles[r.article].passages[r.focus];
    let m = p
        .mentions
        .iter()
        .find(|m| &p.text[m.range.clone()] == name)
        .unwrap_or_else(|| panic!("no mention of {name} in the focus passage"));
    (m.entity, m.range.clone())
}

fn check_gutter(r: &Reader, buf: &Buffer, theme: Theme) {
    let x = gutter_x(r);
    let rows = visible_rows(r);
    let mut focus_rows = 0;
    let mut other_rows = 0;
    for (y, passage) in rows {
        let cell = &buf[(x, y)];
        if passage == Some(r.focus) {
            focus_rows += 1;
            assert_eq!(
                cell.symbol(),
                "▌",
                "gutter at row {y} should mark the focus"
            );
            assert!(
                has_style(cell, theme.gutter_focus()),
                "gutter cell at row {y} has {:?}, expected {:?}",
                cell.style(),
                theme.gutter_focus()
            );
        } else {
            if passage.is_some() {
                other_rows += 1;
            }
            assert_ne!(
                cell.symbol(),
                "▌",
                "row {y} (passage {passage:?}) is marked but is not the focus"
            );
            assert!(
                !(cell.modifier.contains(Modifier::BOLD) && cell.fg == Color::Yellow),
                "row {y} has the focus style"
            );
        }
    }
    assert!(focus_rows > 0, "the focus passage is not visible");
    // Another passage is on screen unless the focus passage fills the view.
    let view_end = r.scroll + r.view_height();
    if r.doc.passages[r.focus].end + 1 < view_end.min(r.doc.lines.len()) {
        assert!(other_rows > 0, "no other passage visible to compare with");
    }
}

#[test]
fn focus_gutter_marks_only_the_focus_passage() {
    for theme in [COLOR, MONO] {
        for (w, h) in SIZES {
            let mut r = reader(w, h);
            check_gutter(&r, &draw(&r, theme), theme);
            apply(&mut r, &[Action::NextPassage, Action::NextPassage]);
            assert_eq!(r.focus, 2);
            check_gutter(&r, &draw(&r, theme), theme);
            // Scrolling by lines moves the focus too; the gutter follows.
            apply(
                &mut r,
                &[Action::Down, Action::Down, Action::Down, Action::Down],
            );
            check_gutter(&r, &draw(&r, theme), theme);
        }
    }
}

#[test]
fn mentions_are_coloured_by_kind() {
    for (w, h) in SIZES {
        let r = reader(w, h);
        let (entity, range) = find_mention(&r, "Germany");
        let kind = r.corpus.entities[entity].kind;
        let buf = draw(&r, COLOR);
        let cells = mention_cells(&r, r.focus, range);
        assert_eq!(cells.len(), "Germany".len());
        let expected = COLOR.mention(kind).fg.expect("a kind has a colour");
        let drawn: String = cells.iter().map(|&c| buf[c].symbol()).collect();
        assert_eq!(drawn, "Germany");
        for c in &cells {
            assert_eq!(buf[*c].fg, expected, "mention cell {c:?} at {w}x{h}");
            assert!(!buf[*c].modifier.contains(Modifier::REVERSED));
        }
        // The word before it ("both") is plain text.
        let (x, y) = cells[0];
        let before = &buf[(x - 2, y)];
        assert_eq!(
            before.fg,
            Color::Reset,
            "text before the mention is uncoloured"
        );
    }
}

#[test]
fn without_colour_mentions_are_underlined_and_the_focus_still_shows() {
    let r = reader(120, 40);
    let (_, range) = find_mention(&r, "Germany");
    let buf = draw(&r, MONO);
    for c in mention_cells(&r, r.focus, range) {
        let cell = &buf[c];
        assert!(
            cell.modifier.contains(Modifier::UNDERLINED),
            "{c:?} not underlined"
        );
        assert_eq!(cell.fg, Color::Reset, "no colour without colour");
    }
    check_gutter(&r, &buf, MONO);
    // No cell anywhere uses a colour.
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a cell has colour {:?}/{:?} with colour off",
            cell.fg,
            cell.bg
        );
    }
}

#[test]
fn selected_entity_mentions_are_reversed() {
    for theme in [COLOR, MONO] {
        let mut r = reader(120, 40);
        apply(&mut r, &[Action::FocusNext]);
        assert_eq!(r.pane, Pane::Entities);
        let here = r.corpus.articles[r.article].passages[r.focus]
            .entities
            .clone();
        assert!(
            here.len() >= 2,
            "the first passage mentions several entities"
        );
        // Move the selection to the second entity of the passage: it becomes the target.
        apply(&mut r, &[Action::Down]);
        let chosen = r.selected_entity().expect("an entity is selected");
        assert_eq!(chosen, here[1]);
        assert_eq!(r.target, Some(Target::Entity(chosen)));
        let buf = draw(&r, theme);
        let corpus = r.corpus.clone();
        let p = &corpus.articles[r.article].passages[r.focus];
        let mut reversed = 0;
        let mut plain = 0;
        for m in &p.mentions {
            for c in mention_cells(&r, r.focus, m.range.clone()) {
                let rev = buf[c].modifier.contains(Modifier::REVERSED);
                if m.entity == chosen {
                    assert!(
                        rev,
                        "mention of the selected entity at {c:?} is not reversed"
                    );
                    reversed += 1;
                } else {
                    assert!(!rev, "mention of another entity at {c:?} is reversed");
                    plain += 1;
                }
            }
        }
        assert!(reversed > 0 && plain > 0);
        // Esc twice: back to the document, then the selection is cleared.
        apply(&mut r, &[Action::Close, Action::Close]);
        assert_eq!(r.target, None);
        let buf = draw(&r, theme);
        for m in &p.mentions {
            for c in mention_cells(&r, r.focus, m.range.clone()) {
                assert!(!buf[c].modifier.contains(Modifier::REVERSED));
            }
        }
    }
}

// ---- guided reading, search and bookmarks -------------------------------

fn snap(name: &str, r: &Reader) {
    let (w, h) = r.size;
    let text = buffer_text(&draw(r, COLOR));
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
}

#[test]
fn tour_bar_after_one_step() {
    let mut r = reader(120, 40);
    apply(&mut r, &[Action::Tours, Action::Activate, Action::NextStep]);
    assert_eq!(r.tour.map(|t| (t.tour, t.step)), Some((0, 1)));
    snap("tour_bar", &r);
}

#[test]
fn compare_view_stacked_and_side_by_side() {
    let ev = crate::common::CORPUS
        .event_index("rapallo-signing")
        .expect("the signing of the treaty is an event");
    for (w, h) in [(80, 24), (200, 60)] {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext, Action::FocusNext]);
        assert_eq!(r.pane, Pane::Timeline);
        while r.event_sel < ev {
            apply(&mut r, &[Action::Down]);
        }
        while r.event_sel > ev {
            apply(&mut r, &[Action::Up]);
        }
        apply(&mut r, &[Action::Compare]);
        snap("compare", &r);
    }
}

#[test]
fn search_prompt_with_results() {
    let mut r = reader(120, 40);
    apply(&mut r, &[Action::Search]);
    for c in "Rapallo".chars() {
        apply(&mut r, &[Action::Edit(Edit::Char(c))]);
    }
    snap("search_prompt", &r);
}

#[test]
fn bookmark_list_with_a_note() {
    use lectern::corpus::PassageLoc;
    use lectern::store::Store;
    let corpus = crate::common::CORPUS.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bookmarks.json");
    let (mut store, _) = Store::open_path(path.clone(), &corpus.id);
    let loc = PassageLoc {
        article: ArticleIdx(3),
        passage: 2,
    };
    let id = store.add(&corpus, loc).expect("a passage to bookmark");
    assert!(store.set_note(&id, "Genua – Rapallo ✓ 日本: compare with §3"));
    store.save().expect("save");
    // A fixed date, so the list is the same every day.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["bookmarks"][0]["created"] = "2024-05-06T07:08:09.000Z".into();
    v["bookmarks"][0]["updated"] = "2024-05-06T07:08:09.000Z".into();
    std::fs::write(&path, v.to_string()).unwrap();
    let (store, warning) = Store::open_path(path, &corpus.id);
    assert!(warning.is_none());

    let mut r = reader(120, 40);
    r.attach_store(store);
    assert!(r.is_bookmarked(loc));
    apply(&mut r, &[Action::Bookmarks]);
    snap("bookmark_list", &r);
}

/// The annotations list names all its keys in its title at every size,
/// in fewer words where the border has less room.
#[test]
fn the_annotations_title_is_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
        let mut r = reader(w, h);
        let corpus = crate::common::CORPUS.clone();
        let (store, _) = lectern::store::Store::open_path(dir.path().join("b.json"), &corpus.id);
        r.attach_store(store);
        apply(&mut r, &[Action::Bookmarks]);
        let text = buffer_text(&draw(&r, COLOR));
        let title = text
            .lines()
            .find(|l| l.contains("Annotations —"))
            .unwrap_or_else(|| panic!("{w}x{h}:\n{text}"));
        assert!(
            title.contains("s v a filter ") && !title.contains('…'),
            "{w}x{h}: {title}"
        );
    }
}

/// Every disputed event the timeline lists shows ⚑, at every size and every
/// scroll position, however long its title.
#[test]
fn the_timeline_shows_the_dispute_mark_on_every_disputed_event() {
    use lectern::layout::inner;
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext, Action::FocusNext]);
        assert_eq!(r.pane, Pane::Timeline);
        let n = r.corpus.events.len();
        let mut seen = 0;
        for _ in 0..n {
            let buf = draw(&r, MONO);
            let tl = inner(r.screen().timeline.expect("the timeline is shown"));
            for row in 0..tl.height.saturating_sub(1) {
                let i = r.timeline_offset + row as usize;
                let Some(ev) = r.corpus.events.get(i) else {
                    break;
                };
                let y = tl.y + 1 + row;
                let line: String = (tl.x..tl.x + tl.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect();
                assert_eq!(
                    line.contains('⚑'),
                    !ev.disputes.is_empty(),
                    "{w}×{h}, event {i} “{}”: {line}",
                    ev.title
                );
                seen += usize::from(!ev.disputes.is_empty());
            }
            update_down(&mut r);
        }
        assert!(seen > 0, "{w}×{h}: no disputed event was on screen");
    }
}

fn update_down(r: &mut Reader) {
    lectern::reader::update(r, Action::Down);
}

/// Everything the help overlay shows, scrolled through page by page.
fn whole_help(w: u16, h: u16) -> String {
    let mut r = reader(w, h);
    apply(&mut r, &[Action::Help]);
    let mut text = String::new();
    for _ in 0..40 {
        text.push_str(&buffer_text(&draw(&r, MONO)));
        apply(&mut r, &[Action::PageDown]);
    }
    text
}

#[test]
fn help_explains_every_mark_and_kind_tag() {
    let text = whole_help(120, 40);
    for mark in ["▌", "●", "○", "⚑", "★", "▶", "≡", "◇"] {
        assert!(
            text.lines()
                .any(|l| l.contains(mark) && l.len() > mark.len() + 20),
            "help never explains {mark}"
        );
    }
    for k in lectern::corpus::types::EntityKind::ALL {
        assert!(
            text.lines()
                .any(|l| l.contains(k.tag()) && l.contains(k.label())),
            "help never explains the tag {}",
            k.tag()
        );
    }
}

#[test]
fn help_names_every_letter_of_the_change_menus_and_undo_among_the_curating_keys() {
    let text = whole_help(120, 40);
    for (k, what) in lectern::reader::ENTITY_MENU
        .iter()
        .chain(lectern::reader::EVENT_MENU)
    {
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("E {k}")) && l.contains(what)),
            "help never names E {k}, {what}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.contains("u ") && l.contains("undo the last change to the pack")),
        "help's curating keys never name undo"
    );
}

#[test]
fn below_the_side_panes_width_the_footer_hints_at_tab() {
    let bottom = |w, h| {
        let text = buffer_text(&draw(&reader(w, h), COLOR));
        text.lines().last().unwrap_or_default().to_owned()
    };
    assert!(bottom(80, 24).contains("Tab"), "{}", bottom(80, 24));
    assert!(!bottom(120, 40).contains("Tab"), "{}", bottom(120, 40));
}
