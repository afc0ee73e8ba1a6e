//! Getting about as readers expect to: back to where a run of jumps began,
//! earlier searches and the list of results, the mention cursor, and the
//! text set to a readable measure.

use crate::common::{CORPUS, apply, buffer_text, draw, reader};
use lectern::corpus::PassageLoc;
use lectern::layout::MEASURE;
use lectern::reader::{Action, Edit, MouseAction, Overlay, Pane, Reader, Target, update};
use lectern::ui::Theme;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

fn type_in(r: &mut Reader, text: &str) {
    for c in text.chars() {
        update(r, Action::Edit(Edit::Char(c)));
    }
}

fn search(r: &mut Reader, query: &str) {
    update(r, Action::Search);
    type_in(r, query);
    update(r, Action::Edit(Edit::Submit));
}

fn prompt_text(r: &Reader) -> String {
    r.input.as_ref().expect("a prompt is open").text.clone()
}

// ---- back to where the jumps began ---------------------------------------

/// Steps that jump (to another article) or read (move within one).
fn nav_action() -> impl Strategy<Value = Action> {
    prop::sample::select(vec![
        Action::NextArticle,
        Action::PrevArticle,
        Action::NextPassage,
        Action::PrevPassage,
        Action::Down,
        Action::Top,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// ` returns to the position before the first jump of the last run,
    /// a run being jumps each made from the passage the one before landed
    /// on; Backspace then comes back.
    #[test]
    fn backtick_returns_to_where_the_run_of_jumps_began(
        actions in prop::collection::vec(nav_action(), 0..25),
        w in prop::sample::select(vec![80u16, 120, 200]),
    ) {
        let mut r = reader(w, 30);
        let mut start = None;
        let mut landed: Option<PassageLoc> = None;
        for a in actions {
            let before = r.position();
            let from = r.loc();
            update(&mut r, a);
            let jumped = matches!(a, Action::NextArticle | Action::PrevArticle)
                && r.article != before.article;
            if jumped {
                if landed != Some(from) {
                    start = Some(before);
                }
                landed = Some(r.loc());
            }
        }
        let here = r.position();
        update(&mut r, Action::Rewind);
        match start {
            Some(s) if (s.article, s.focus) != (here.article, here.focus) => {
                prop_assert_eq!(r.position(), s);
                update(&mut r, Action::Back);
                prop_assert_eq!(r.position(), here, "Backspace undoes the return");
            }
            _ => {
                prop_assert_eq!(r.position(), here, "nothing to return to");
                prop_assert!(r.status.is_some(), "the reader is told why");
            }
        }
    }
}

#[test]
fn backtick_again_swaps_back() {
    let mut r = reader(120, 40);
    apply(&mut r, &[Action::NextPassage, Action::NextPassage]);
    let origin = r.position();
    apply(&mut r, &[Action::NextArticle, Action::NextArticle]);
    let end = r.position();
    assert_ne!(origin.article, end.article);
    update(&mut r, Action::Rewind);
    assert_eq!(r.position(), origin);
    update(&mut r, Action::Rewind);
    assert_eq!(r.position(), end, "` twice is where it was pressed");
    update(&mut r, Action::Rewind);
    assert_eq!(r.position(), origin);
}

#[test]
fn a_search_and_a_card_jump_continue_one_run() {
    let mut r = reader(120, 40);
    apply(&mut r, &[Action::NextPassage]);
    let origin = r.position();
    search(&mut r, "Rapallo");
    assert_ne!(r.position(), origin, "the search went elsewhere");
    // n: a jump from where the search landed, so the same run.
    apply(&mut r, &[Action::NextHit, Action::NextHit]);
    update(&mut r, Action::Rewind);
    assert_eq!(r.position(), origin);
}

// ---- search history and the list of results ------------------------------

#[test]
fn up_and_down_walk_earlier_queries_most_recent_first() {
    let mut r = reader(120, 40);
    for q in ["Rapallo", "Genoa", "Genoa", "Chicherin"] {
        search(&mut r, q);
    }
    assert_eq!(r.queries.items(), ["Rapallo", "Genoa", "Chicherin"]);
    update(&mut r, Action::Search);
    type_in(&mut r, "Ber");
    let mut seen = Vec::new();
    for _ in 0..5 {
        update(&mut r, Action::Edit(Edit::Older));
        seen.push(prompt_text(&r));
    }
    assert_eq!(
        seen,
        ["Chicherin", "Genoa", "Rapallo", "Rapallo", "Rapallo"],
        "Up walks back and stops at the oldest"
    );
    // The recalled query is searched, as if typed.
    let hits = r.search.as_ref().unwrap();
    assert_eq!(hits.query, "Rapallo");
    assert!(!hits.hits.is_empty());
    update(&mut r, Action::Edit(Edit::Newer));
    assert_eq!(prompt_text(&r), "Genoa");
    update(&mut r, Action::Edit(Edit::Newer));
    update(&mut r, Action::Edit(Edit::Newer));
    assert_eq!(prompt_text(&r), "Ber", "past the latest: what was typed");
    update(&mut r, Action::Edit(Edit::Newer));
    assert_eq!(prompt_text(&r), "Ber");
    // Editing a recalled query makes it new: Up starts from the latest again.
    update(&mut r, Action::Edit(Edit::Older));
    update(&mut r, Action::Edit(Edit::Older));
    update(&mut r, Action::Edit(Edit::Backspace));
    assert_eq!(prompt_text(&r), "Geno");
    update(&mut r, Action::Edit(Edit::Older));
    assert_eq!(prompt_text(&r), "Chicherin");
    // A note's prompt has no history.
    update(&mut r, Action::Edit(Edit::Cancel));
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = lectern::store::Store::open_path(dir.path().join("b.json"), &CORPUS.id);
    r.attach_store(store);
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Older));
    assert_eq!(prompt_text(&r), "");
}

#[test]
fn the_query_history_is_bounded_and_keeps_the_latest() {
    let mut r = reader(80, 24);
    for i in 0..130 {
        search(&mut r, &format!("q{i}"));
    }
    let items = r.queries.items();
    assert!(items.len() <= 100, "{} kept", items.len());
    assert_eq!(items.last().map(String::as_str), Some("q129"));
    assert!(items.windows(2).all(|w| w[0] != w[1]));
}

/// A reader started as the app starts it, with the store in `dir`.
fn session(dir: &std::path::Path) -> (Reader, lectern::session::Session) {
    let mut r = reader(120, 40);
    let mut s = lectern::session::Session::default();
    let (store, _) = lectern::store::Store::open_path(dir.join("b.json"), &CORPUS.id);
    s.start(&mut r, Some(store), true);
    (r, s)
}

#[test]
fn earlier_searches_are_kept_with_the_reading_position() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path());
    for q in ["Rapallo", "Lipetsk"] {
        search(&mut r, q);
    }
    s.persist(&mut r, true);
    let (mut r, _) = session(dir.path());
    assert_eq!(r.queries.items(), ["Rapallo", "Lipetsk"]);
    update(&mut r, Action::Search);
    update(&mut r, Action::Edit(Edit::Older));
    assert_eq!(prompt_text(&r), "Lipetsk");

    // A file edited by hand: escapes and control characters never reach
    // the prompt, and only the latest that fit are kept.
    let path = dir.path().join("b.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut searches: Vec<String> = (0..300).map(|i| format!("q{i}")).collect();
    searches.push("\u{1b}[2Jwiped\u{7}".into());
    searches.push("x".repeat(10_000));
    file["searches"] = serde_json::json!(searches);
    std::fs::write(&path, file.to_string()).unwrap();
    let (r, _) = session(dir.path());
    let items = r.queries.items();
    assert!(items.len() <= 100 && items.len() > 1);
    assert!(items.iter().all(|q| q.len() <= 500));
    assert!(
        items
            .iter()
            .all(|q| !q.chars().any(lectern::sanitize::is_unsafe)),
        "{items:?}"
    );
    assert!(items.iter().any(|q| q.contains("wiped")));
}

#[test]
fn prompt_keys_reach_the_history_and_the_list() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let keys = lectern::keymap::Keymap::default();
    let key = |c| keys.edit_lookup(KeyEvent::new(c, KeyModifiers::NONE));
    assert_eq!(key(KeyCode::Up), Some(Action::Edit(Edit::Older)));
    assert_eq!(key(KeyCode::Down), Some(Action::Edit(Edit::Newer)));
    assert_eq!(key(KeyCode::Tab), Some(Action::Edit(Edit::Results)));
}

#[test]
fn the_list_of_results_is_moved_through_and_enter_goes_to_the_selected_hit() {
    let mut r = reader(120, 40);
    apply(&mut r, &[Action::NextPassage]);
    let origin = r.position();
    update(&mut r, Action::Search);
    type_in(&mut r, "Soviet");
    let n = r.search.as_ref().unwrap().hits.len();
    assert!(n > 10, "a query with many hits ({n})");
    assert!(r.editing());
    update(&mut r, Action::Edit(Edit::Results));
    assert!(!r.editing(), "the list has the keys");
    let sel = |r: &Reader| r.search.as_ref().unwrap().sel;
    let hit = |r: &Reader| r.search.as_ref().unwrap().hits[sel(r)].loc;
    let start = sel(&r);
    for (a, want) in [
        (Action::Down, start + 1),
        (Action::Down, start + 2),
        (Action::Up, start + 1),
        (Action::Bottom, n - 1),
        (Action::Down, n - 1),
        (Action::Top, 0),
        (Action::Up, 0),
        (Action::PageDown, (r.size.1 as usize - 4).min(n - 1)),
    ] {
        update(&mut r, a);
        assert_eq!(sel(&r), want, "after {a:?}");
        assert_eq!(r.loc(), hit(&r), "the view shows the selected hit");
        assert!(
            r.status
                .as_deref()
                .unwrap_or("")
                .contains(&format!("hit {}", want + 1))
        );
    }
    update(&mut r, Action::Down);
    let chosen = hit(&r);
    update(&mut r, Action::Activate);
    assert!(r.input.is_none(), "Enter closes the prompt");
    assert_eq!(r.loc(), chosen);
    assert_eq!(r.target, Some(Target::Search));
    update(&mut r, Action::Back);
    assert_eq!(
        r.position(),
        origin,
        "one jump, from where the search began"
    );
}

#[test]
fn from_the_list_esc_returns_and_tab_edits_again() {
    let mut r = reader(80, 24);
    let origin = r.position();
    update(&mut r, Action::Search);
    type_in(&mut r, "Soviet");
    apply(
        &mut r,
        &[Action::Edit(Edit::Results), Action::Down, Action::Down],
    );
    update(&mut r, Action::FocusNext);
    assert!(r.editing(), "Tab gives the keys back to the prompt");
    type_in(&mut r, " Union");
    assert_eq!(prompt_text(&r), "Soviet Union");
    update(&mut r, Action::Edit(Edit::Results));
    update(&mut r, Action::Down);
    update(&mut r, Action::Close);
    assert!(r.input.is_none() && r.search.is_none());
    assert_eq!(
        r.position(),
        origin,
        "Esc returns to where the search began"
    );
    // Without hits the list never takes the keys.
    update(&mut r, Action::Search);
    type_in(&mut r, "zzzzqq");
    update(&mut r, Action::Edit(Edit::Results));
    assert!(r.editing());
}

#[test]
fn the_results_panel_marks_the_selected_hit() {
    let mut r = reader(120, 40);
    update(&mut r, Action::Search);
    type_in(&mut r, "Soviet");
    apply(
        &mut r,
        &[
            Action::Edit(Edit::Results),
            Action::Bottom,
            Action::Up,
            Action::Up,
        ],
    );
    let s = r.search.as_ref().unwrap();
    let hit = &s.hits[s.sel];
    let buf = draw(&r, Theme::colour(false));
    let text = buffer_text(&buf);
    let marked: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('▶'))
        .collect();
    // The timeline may draw its own ▶ on the left; the panel is the right half.
    let half = r.size.0 as usize / 2;
    let mine: Vec<_> = marked
        .iter()
        .filter(|(_, l)| {
            l.char_indices()
                .find(|&(_, c)| c == '▶')
                .is_some_and(|(i, _)| l[..i].chars().count() >= half)
        })
        .collect();
    assert_eq!(mine.len(), 1, "one selected row: {marked:?}");
    let (row, line) = mine[0];
    assert!(
        line.contains(&format!("§{:<3}", hit.loc.passage + 1)),
        "{line}"
    );
    // Reversed across the row, as every list's selection.
    let x = line.chars().position(|c| c == '▶').unwrap() as u16;
    assert!(
        buf[(x + 2, *row as u16)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}

// ---- the mention cursor ---------------------------------------------------

/// How many mentions passage `p` of the current article shows.
fn mentions_in(r: &Reader, p: usize) -> usize {
    r.corpus.articles[r.article].passages[p]
        .version(r.show_original)
        .2
        .len()
}

#[test]
fn i_walks_every_mention_of_the_article_in_order_and_i_back() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut r = reader(w, h);
        let article = &CORPUS.articles[r.article];
        let all: Vec<(usize, usize)> = (0..article.passages.len())
            .flat_map(|p| (0..article.passages[p].mentions.len()).map(move |i| (p, i)))
            .collect();
        assert!(all.len() > 5);
        let mut walked = Vec::new();
        for _ in 0..all.len() {
            update(&mut r, Action::NextMention);
            let (loc, i) = r.mention_cursor().expect("a cursor");
            walked.push((loc.passage, i));
            let m = r.cursor_mention().unwrap().clone();
            let name = &CORPUS.entities[m.entity].name;
            assert_eq!(r.target, Some(Target::Entity(m.entity)));
            assert_eq!(r.selected_entity(), Some(m.entity));
            assert!(r.status.as_deref().unwrap().starts_with(name.as_str()));
            // Its line is in view.
            let line = r.doc.passages[loc.passage]
                .clone()
                .find(|&l| r.doc.lines[l].end > m.range.start)
                .unwrap();
            assert!(
                (r.scroll..r.scroll + r.view_height()).contains(&line)
                    || r.scroll == r.doc.max_scroll(),
                "{w}×{h}: line {line} hidden at {}",
                r.scroll
            );
        }
        assert_eq!(walked, all, "{w}×{h}");
        update(&mut r, Action::NextMention);
        assert_eq!(
            r.mention_cursor().map(|(l, i)| (l.passage, i)),
            all.last().copied()
        );
        assert!(r.status.as_deref().unwrap().contains("no more"));
        let mut back = Vec::new();
        for _ in 1..all.len() {
            update(&mut r, Action::PrevMention);
            back.push(r.mention_cursor().map(|(l, i)| (l.passage, i)).unwrap());
        }
        let mut want: Vec<_> = all[..all.len() - 1].to_vec();
        want.reverse();
        assert_eq!(back, want);
    }
}

#[test]
fn enter_on_the_cursor_opens_that_mentions_card() {
    let mut r = reader(120, 40);
    let n = mentions_in(&r, 0);
    assert!(n >= 2);
    // A mention of an entity other than the passage's first, so the card
    // is the cursor's and not the sidebar's first row.
    let mut found = false;
    for _ in 0..n {
        update(&mut r, Action::NextMention);
        let e = r.cursor_mention().unwrap().entity;
        if e != r.sidebar().0[0] {
            update(&mut r, Action::Activate);
            assert!(matches!(&r.overlay, Some(Overlay::Card(c)) if c.entity == e));
            update(&mut r, Action::Leave);
            assert!(
                r.mention_cursor().is_some(),
                "closing the card keeps the cursor"
            );
            found = true;
            break;
        }
    }
    assert!(found, "the passage mentions two entities");
}

#[test]
fn the_cursor_goes_when_the_focus_or_the_target_moves_on() {
    let mut r = reader(120, 40);
    let setups: [&[Action]; 5] = [
        &[Action::NextPassage],
        &[Action::ToggleOriginal],
        &[Action::Close],
        &[Action::FocusNext],
        &[Action::NextArticle],
    ];
    for then in setups {
        update(&mut r, Action::Top);
        update(&mut r, Action::NextMention);
        assert!(r.mention_cursor().is_some());
        apply(&mut r, then);
        assert_eq!(r.mention_cursor(), None, "after {then:?}");
        update(&mut r, Action::Close);
        update(&mut r, Action::Top);
        while r.article.index() > 0 {
            update(&mut r, Action::PrevArticle);
        }
    }
    // Scrolling within the passage keeps it.
    update(&mut r, Action::NextMention);
    let c = r.mention_cursor();
    update(&mut r, Action::Down);
    if r.focus == 0 {
        assert_eq!(r.mention_cursor(), c);
    }
    // i from a side pane brings the keys back to the document.
    update(&mut r, Action::FocusNext);
    update(&mut r, Action::NextMention);
    assert_eq!(r.pane, Pane::Document);
    assert!(r.mention_cursor().is_some());
}

/// Cells of the document text drawn reversed.
fn reversed_cells(r: &Reader, buf: &Buffer) -> Vec<(u16, u16)> {
    let area = r.screen().doc_text();
    let mut out = Vec::new();
    for y in area.y..area.bottom() {
        for x in area.x..area.right() {
            if buf[(x, y)].modifier.contains(Modifier::REVERSED) {
                out.push((x, y));
            }
        }
    }
    out
}

/// Screen cells of a byte range of a passage, where visible.
fn cells(r: &Reader, passage: usize, range: std::ops::Range<usize>) -> Vec<(u16, u16)> {
    let area = r.screen().doc_text();
    let (text, _, _) = r.corpus.articles[r.article].passages[passage].version(r.show_original);
    let mut out = Vec::new();
    for (i, line) in r.doc.lines.iter().enumerate() {
        if line.passage != Some(passage) || i < r.scroll || i >= r.scroll + area.height as usize {
            continue;
        }
        let (s, e) = (range.start.max(line.start), range.end.min(line.end));
        if s >= e {
            continue;
        }
        let x0 = area.x + text[line.start..s].width() as u16;
        let w = text[s..e].width() as u16;
        let y = area.y + (i - r.scroll) as u16;
        out.extend((x0..x0 + w).map(|x| (x, y)));
    }
    out
}

#[test]
fn the_cursor_is_the_one_reversed_mention_with_or_without_colour() {
    for color in [true, false] {
        for (w, h) in [(80, 24), (200, 60)] {
            let mut r = reader(w, h);
            // Walk to a mention whose entity is mentioned again on screen,
            // the case where the cursor must stand out from its own kin.
            let mut checked = 0;
            for _ in 0..40 {
                update(&mut r, Action::NextMention);
                let Some((loc, _)) = r.mention_cursor() else {
                    break;
                };
                let range = r.cursor_range().unwrap();
                let buf = draw(&r, Theme::colour(color));
                let want = cells(&r, loc.passage, range);
                assert!(!want.is_empty());
                assert_eq!(
                    reversed_cells(&r, &buf),
                    want,
                    "{w}×{h} colour {color}: only the cursor's cells are reversed"
                );
                checked += 1;
            }
            assert!(checked > 10);
        }
    }
}

// ---- the measure ------------------------------------------------------------

#[test]
fn wide_screens_set_the_text_to_the_measure_and_centre_it() {
    let mut r = reader(200, 60);
    assert_eq!(r.doc.width, MEASURE as usize);
    let corpus = r.corpus.clone();
    let article = &corpus.articles[r.article];
    for line in &r.doc.lines {
        if let Some(p) = line.passage {
            let (text, _, _) = article.passages[p].version(false);
            assert!(text[line.range()].width() <= MEASURE as usize);
        }
    }
    let screen = r.screen();
    let text = screen.doc_text();
    let inner = lectern::layout::inner(screen.doc);
    let left = text.x - inner.x;
    let right = inner.right() - text.right();
    assert!(
        left.abs_diff(right) <= 3,
        "{left} left of the text, {right} right"
    );
    // Any width that leaves room for the measure keeps the same lines.
    let wraps = r.wraps;
    for w in [180, 240, 300] {
        update(&mut r, Action::Resize(w, 60));
        assert_eq!(r.wraps, wraps, "re-wrapped at {w} columns");
    }
    update(&mut r, Action::Resize(120, 40));
    assert!(r.doc.width < MEASURE as usize);
    // The gutter is drawn beside the text, not at the pane's edge.
    update(&mut r, Action::Resize(200, 60));
    let buf = draw(&r, Theme::colour(false));
    let g = r.screen().doc_gutter();
    let y = r.screen().doc_text().y + (r.doc.start_of(r.focus) - r.scroll) as u16;
    assert_eq!(buf[(g, y)].symbol(), "▌");
}

#[test]
fn clicks_on_mentions_still_find_them_on_a_wide_screen() {
    let mut r = reader(200, 60);
    let corpus = r.corpus.clone();
    let article = &corpus.articles[r.article];
    let mut clicked = 0;
    for p in 0..article.passages.len().min(4) {
        for m in &article.passages[p].mentions {
            let c = cells(&r, p, m.range.clone());
            let Some(&(x, y)) = c.get(c.len() / 2) else {
                continue;
            };
            let mut t = r.clone();
            update(&mut t, Action::Mouse(MouseAction::Click { x, y }));
            assert_eq!(t.target, Some(Target::Entity(m.entity)), "click at {x},{y}");
            assert_eq!(
                t.cursor_range(),
                Some(m.range.clone()),
                "the cursor is on it"
            );
            clicked += 1;
        }
    }
    assert!(clicked > 5);
    // The margin left of the measure is not the first word of the line.
    let text = r.screen().doc_text();
    let y = text.y + (r.doc.start_of(0) - r.scroll) as u16;
    update(
        &mut r,
        Action::Mouse(MouseAction::Click { x: text.x - 3, y }),
    );
    assert_eq!(r.target, None);
}

#[test]
fn measure_snapshot() {
    let mut r = reader(200, 60);
    apply(
        &mut r,
        &[
            Action::NextPassage,
            Action::NextMention,
            Action::NextMention,
        ],
    );
    insta::assert_snapshot!(
        "measure_cursor_200x60",
        buffer_text(&draw(&r, Theme::colour(true)))
    );
}
