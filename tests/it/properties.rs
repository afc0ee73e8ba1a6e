//! Property tests: any sequence of actions, at any terminal size, keeps the
//! reader's state consistent and renders without panicking.

use crate::common::CORPUS;
use lectern::reader::{Action, MouseAction, Reader, update};
use lectern::ui::{self, Theme};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        // The edges: nothing, just too small, just big enough, the narrow/wide switch.
        Just((1, 1)),
        Just((19, 5)),
        Just((20, 6)),
        Just((19, 6)),
        Just((20, 5)),
        Just((99, 30)),
        Just((100, 30)),
        Just((250, 80)),
        (1u16..=250, 1u16..=80),
    ]
}

fn mouse() -> impl Strategy<Value = MouseAction> {
    (0u16..260, 0u16..90, 0u8..3).prop_map(|(x, y, k)| match k {
        0 => MouseAction::Click { x, y },
        1 => MouseAction::WheelDown { x, y },
        _ => MouseAction::WheelUp { x, y },
    })
}

/// Every action the key table binds, so the test never falls behind it.
fn key_action() -> impl Strategy<Value = Action> {
    let mut actions: Vec<Action> = lectern::keymap::BINDINGS.iter().map(|b| b.action).collect();
    actions.dedup();
    prop::sample::select(actions)
}

/// Keys of a prompt: a few letters that search finds, and the editing keys.
fn edit_action() -> impl Strategy<Value = Action> {
    use lectern::reader::Edit;
    prop::sample::select(vec![
        Edit::Char('a'),
        Edit::Char('r'),
        Edit::Char('x'),
        Edit::Char(' '),
        Edit::Backspace,
        Edit::Left,
        Edit::Home,
        Edit::Submit,
        Edit::Cancel,
    ])
    .prop_map(Action::Edit)
}

/// Every kind of action, mostly keys.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => key_action(),
        2 => edit_action(),
        1 => size().prop_map(|(w, h)| Action::Resize(w, h)),
        2 => mouse().prop_map(Action::Mouse),
    ]
}

/// Mostly the mouse and resizes, with keys in between to open panes and overlays.
fn pointer_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => key_action(),
        2 => size().prop_map(|(w, h)| Action::Resize(w, h)),
        5 => mouse().prop_map(Action::Mouse),
    ]
}

fn check(r: &Reader, step: usize, a: Action) {
    let c = &r.corpus;
    assert!(
        c.article(r.article).is_some(),
        "step {step} {a:?}: article {} out of range",
        r.article
    );
    let passages = c.articles[r.article].passages.len();
    assert!(
        r.focus < passages,
        "step {step} {a:?}: focus {} of {passages}",
        r.focus
    );
    assert_eq!(
        r.doc.width,
        r.text_width(),
        "step {step} {a:?}: wrap cache is for another width"
    );
    assert_eq!(
        r.doc.article, r.article,
        "step {step} {a:?}: wrap cache is for another article"
    );
    assert_eq!(
        r.doc.passages.len(),
        passages,
        "step {step} {a:?}: wrap cache has the wrong passages"
    );
    let height = r.screen().doc_text().height as usize;
    if height > 0 {
        let end = (r.scroll + height).min(r.doc.lines.len());
        let visible = r.doc.lines.get(r.scroll..end).unwrap_or(&[]);
        assert!(
            visible.iter().any(|l| l.passage == Some(r.focus)),
            "step {step} {a:?}: focus passage {} not visible at scroll {} (height {height}, size {:?}, its lines {:?})",
            r.focus,
            r.scroll,
            r.size,
            r.doc.passages[r.focus],
        );
    }
    if r.entity_sel.0 > 0 {
        assert!(
            r.entity_sel.0 < r.sidebar_len(),
            "step {step} {a:?}: entity selection out of range"
        );
    }
    assert!(
        r.event_sel.index() < c.events.len().max(1),
        "step {step} {a:?}: event selection out of range"
    );
}

/// Draws the reader into a test terminal of its current size, reusing the
/// terminal while the size stays the same.
fn render(term: &mut Option<Terminal<TestBackend>>, r: &Reader, theme: Theme) {
    let (w, h) = r.size;
    let t = match term {
        Some(t) if t.backend().buffer().area == Rect::new(0, 0, w, h) => t,
        _ => term.insert(Terminal::new(TestBackend::new(w, h)).unwrap()),
    };
    t.draw(|f| ui::render(r, &theme, f)).unwrap();
    check_gutter(r, t.backend().buffer());
}

/// With nothing drawn over the document, the gutter marks exactly the rows
/// of the focus passage.
fn check_gutter(r: &Reader, buf: &Buffer) {
    let screen = r.screen();
    if screen.too_small || screen.side_overlay || r.overlay.is_some() {
        return;
    }
    let text = screen.doc_text();
    if text.height == 0 || text.x >= screen.doc.right() {
        return;
    }
    let x = screen.doc.x + 1;
    for row in 0..text.height {
        let y = text.y + row;
        let marked = buf[(x, y)].symbol() == "▌";
        let passage = r
            .doc
            .lines
            .get(r.scroll + row as usize)
            .and_then(|l| l.passage);
        assert_eq!(
            marked,
            passage == Some(r.focus),
            "gutter at row {y}: marked {marked}, line of passage {passage:?}, focus {}",
            r.focus
        );
    }
}

fn run(w: u16, h: u16, actions: Vec<Action>, color: bool) {
    let mut r = Reader::new(CORPUS.clone(), w, h);
    r.set_help_lines(ui::overlay::help_line_count());
    // A store, so bookmarks, notes and undo take part.
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = lectern::store::Store::open_path(dir.path().join("b.json"), &CORPUS.id);
    r.attach_store(store);
    let mut term = None;
    check(&r, 0, Action::Resize(w, h));
    render(&mut term, &r, Theme { color });
    for (i, a) in actions.into_iter().enumerate() {
        update(&mut r, a);
        check(&r, i + 1, a);
        check_truth(&r, i + 1, a);
        render(&mut term, &r, Theme { color });
    }
}

/// Every pane names the same thing: the selected sidebar row, the selected
/// timeline row, the status line and what Enter opens; every list's offset
/// shows its selection and fills its pane when the list is long enough.
fn check_truth(r: &Reader, step: usize, a: Action) {
    use lectern::layout::{self, SideShown, inner};
    use lectern::reader::{Overlay, Pane, SideRow, Target};
    let c = &r.corpus;
    let ctx = format!("step {step} {a:?} at {:?}", r.size);
    if r.overlay.is_none() && r.input.is_none() {
        match r.target {
            Some(Target::Entity(e)) if r.sidebar().0.contains(&e) || r.sidebar().1.contains(&e) => {
                assert_eq!(
                    r.selected_entity(),
                    Some(e),
                    "{ctx}: sidebar row is not the target"
                );
                if r.pane != Pane::Timeline {
                    let mut t = r.clone();
                    update(&mut t, Action::Activate);
                    assert!(
                        matches!(&t.overlay, Some(Overlay::Card(card)) if card.entity == e),
                        "{ctx}: Enter opens {:?}, not {}",
                        t.overlay,
                        c.entities[e].name
                    );
                }
            }
            Some(Target::Event(ev)) => {
                assert_eq!(r.event_sel, ev, "{ctx}: timeline row is not the target");
            }
            _ => {}
        }
        if matches!(a, Action::NextHit | Action::PrevHit)
            && let Some((_, name)) = r.status.as_deref().and_then(|s| s.rsplit_once(" · "))
        {
            let want = match &r.target {
                Some(Target::Entity(e)) => c.entities[*e].name.clone(),
                Some(Target::Event(ev)) => c.events[*ev].title.clone(),
                _ => name.to_owned(),
            };
            assert_eq!(name, want, "{ctx}: the status names another target");
        }
    }
    let (w, h) = r.size;
    let bar = r.bar_height();
    if let Some(en) = layout::compute(w, h, SideShown::Entities, bar).entities {
        let rows = inner(en).height as usize;
        let len = r.view.sidebar.len();
        if rows > 0 {
            let off = r.entity_offset;
            assert!(
                off <= len.saturating_sub(rows),
                "{ctx}: sidebar offset {off} leaves blank rows ({len} rows, {rows} high)"
            );
            if let Some(s) = r
                .view
                .sidebar
                .iter()
                .position(|x| matches!(x, SideRow::Entity(i, _) if *i == r.entity_sel))
            {
                assert!(
                    s >= off && s < off + rows,
                    "{ctx}: sidebar selection row {s} hidden at offset {off}"
                );
            }
        }
    }
    if let Some(tl) = layout::compute(w, h, SideShown::Timeline, bar).timeline {
        let rows = inner(tl).height.saturating_sub(1) as usize;
        let n = c.events.len();
        if rows > 0 {
            let off = r.timeline_offset;
            assert!(
                off <= n.saturating_sub(rows),
                "{ctx}: timeline offset {off} leaves blank rows ({n} events, {rows} rows)"
            );
            assert!(
                r.event_sel.index() >= off && r.event_sel.index() < off + rows,
                "{ctx}: selected event {} hidden at offset {off}",
                r.event_sel
            );
        }
    }
}

// Two properties of 32 cases each, so the test harness runs them in parallel.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_actions_keep_the_reader_consistent(
        (w, h) in size(),
        actions in prop::collection::vec(action(), 0..60),
        color in any::<bool>(),
    ) {
        run(w, h, actions, color);
    }

    #[test]
    fn mouse_and_resizes_keep_the_reader_consistent(
        (w, h) in size(),
        actions in prop::collection::vec(pointer_action(), 0..60),
        color in any::<bool>(),
    ) {
        run(w, h, actions, color);
    }
}
#[test]
fn every_tiny_size_renders() {
    // Exhaustive over the small sizes, where layout arithmetic is most fragile.
    for w in 0..=24u16 {
        for h in 0..=9u16 {
            let mut r = Reader::new(CORPUS.clone(), w.max(1), h.max(1));
            let mut term = None;
            for a in [
                Action::Help,
                Action::Close,
                Action::FocusNext,
                Action::Activate,
                Action::Close,
                Action::Articles,
            ] {
                update(&mut r, a);
                render(&mut term, &r, Theme { color: true });
            }
            update(&mut r, Action::Resize(w, h));
            if w > 0 && h > 0 {
                render(&mut term, &r, Theme { color: false });
            }
        }
    }
}

// The fuzz targets' properties (fuzz/), with bounded cases so CI runs them:
// any bytes in a pack's files load or fail cleanly; a pack that loads draws
// without an unsafe character.

mod packs {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;

    use lectern::corpus::{self, PackSource};
    use lectern::reader::{Action, Reader, update};
    use lectern::sanitize::is_unsafe;
    use lectern::ui::{self, Theme};
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The files of the good test fixture, by their path in the pack.
    fn good_files() -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let mut out = BTreeMap::new();
        walk(&root, &root, &mut out);
        out
    }

    fn load_and_draw(files: BTreeMap<String, Vec<u8>>) {
        match corpus::load(&PackSource::memory(files)) {
            Err(e) => {
                let shown = e.to_string();
                assert!(
                    !shown.chars().any(|c| c != '\n' && is_unsafe(c)),
                    "{shown:?}"
                );
            }
            Ok(c) => {
                let mut r = Reader::new(Arc::new(c), 100, 30);
                let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
                for a in [
                    Action::Bottom,
                    Action::FocusNext,
                    Action::Activate,
                    Action::Tours,
                ] {
                    update(&mut r, a);
                    term.draw(|f| ui::render(&r, &Theme { color: true }, f))
                        .unwrap();
                    for cell in term.backend().buffer().content() {
                        assert!(!cell.symbol().chars().any(is_unsafe), "{:?}", cell.symbol());
                    }
                }
            }
        }
    }

    /// A change to one file: bytes written over a place, a cut, or hostile text put in.
    #[derive(Debug, Clone)]
    enum Change {
        Overwrite(usize, Vec<u8>),
        Truncate(usize),
        Insert(usize, &'static str),
    }

    fn change() -> impl Strategy<Value = (usize, Change)> {
        let hostile = prop::sample::select(vec![
            "\x1b[2J",
            "\u{9b}6n",
            "\u{202e}",
            "\x7f",
            "\0",
            "\"",
            "\\",
            "[",
            "{",
            "}",
            "\n\n",
            "日本語",
            "👨‍👩‍👧",
            "e\u{301}",
            "\u{feff}",
        ]);
        (
            any::<usize>(),
            prop_oneof![
                (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
                    .prop_map(|(at, b)| Change::Overwrite(at, b)),
                any::<usize>().prop_map(Change::Truncate),
                (any::<usize>(), hostile).prop_map(|(at, s)| Change::Insert(at, s)),
            ],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn changed_pack_files_load_or_fail_cleanly(changes in prop::collection::vec(change(), 1..6)) {
            let mut files = good_files();
            let names: Vec<String> = files.keys().cloned().collect();
            for (which, c) in changes {
                let bytes = files.get_mut(&names[which % names.len()]).unwrap();
                match c {
                    Change::Overwrite(at, b) => {
                        let at = at % (bytes.len() + 1);
                        let end = (at + b.len()).min(bytes.len());
                        bytes.splice(at..end, b);
                    }
                    Change::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
                    Change::Insert(at, s) => {
                        let at = at % (bytes.len() + 1);
                        bytes.splice(at..at, s.bytes());
                    }
                }
            }
            load_and_draw(files);
        }
    }
}
