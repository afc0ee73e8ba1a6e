//! Unicode in the text: CJK, emoji ZWJ sequences, combining marks and
//! right-to-left letters wrap to the right display widths without splitting
//! a grapheme, and mentions and search hits are styled on exactly their cells.

use std::path::Path;
use std::sync::Arc;

use lectern::corpus::{self, Corpus, PackSource};
use lectern::reader::{Action, Edit, Reader, update};
use lectern::ui::Theme;
use lectern::wrap::{width, wrap};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use unicode_segmentation::UnicodeSegmentation;

// ---------------------------------------------------------------------------
// Wrapping

/// Pieces of text of every kind that makes wrapping hard.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,12}",
        1 => "[A-Za-z]{20,40}",
        2 => prop::sample::select(vec![
            "日本語", "の", "文章です", "中文字", "한국어", "Ｗｉｄｅ",
            "👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍🚀", "🇩🇪", "🇫🇷🇮🇹", "❤️", "👍🏿",
            "e\u{301}", "a\u{308}\u{304}", "\u{301}", "Zoe\u{308}", "x\u{35c}\u{35d}y",
            "שלום", "مرحبا", "עִבְרִית", "\u{200b}", "\u{feff}", "ـ", "ก่",
        ]).prop_map(str::to_owned),
        3 => prop::sample::select(vec![" ", " ", "  ", "\n", "\n\n", " \u{301}"])
            .prop_map(str::to_owned),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    unicode_segmentation::GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap()
}

/// The properties of `wrap(text, w)`: lines in order, on grapheme
/// boundaries, no wider than `w` (but a single grapheme wider than the whole
/// line, with any zero-width ones beside it, which can only be when `w` is
/// 1), and nothing but spaces and
/// newlines left out between them.
fn check_wrap(text: &str, w: usize) {
    let lines = wrap(text, w);
    assert!(!lines.is_empty());
    assert_eq!(
        lines.len(),
        lines.len().max(text.matches('\n').count() + 1),
        "a hard break is never lost"
    );
    let mut pos = 0;
    for r in &lines {
        assert!(
            r.start >= pos && r.start <= r.end && r.end <= text.len(),
            "{r:?} after {pos}"
        );
        let gap = &text[pos..r.start];
        assert!(
            gap.chars().all(|c| c == ' ' || c == '\n'),
            "only spaces and newlines are dropped, not {gap:?}"
        );
        assert!(is_grapheme_boundary(text, r.start) && is_grapheme_boundary(text, r.end));
        let line = &text[r.clone()];
        assert!(!line.contains('\n'), "{line:?}");
        let lw = width(line);
        if lw > w {
            // A wide grapheme alone (with any zero-width ones) on a line one cell wide.
            assert!(
                w == 1 && line.graphemes(true).filter(|g| width(g) > 0).count() == 1,
                "{line:?} is {lw} cells wide at width {w}"
            );
        }
        pos = r.end;
    }
    let rest = &text[pos..];
    assert!(rest.chars().all(|c| c == ' ' || c == '\n'), "{rest:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn wrapped_lines_fit_and_keep_every_grapheme(text in text(), w in 1usize..=300) {
        check_wrap(&text, w);
    }

    #[test]
    fn narrow_widths_keep_every_grapheme(text in text(), w in 1usize..=4) {
        check_wrap(&text, w);
    }
}

/// Short pieces for one line: ASCII next to marks that join it from either
/// side (combining, prepended), wide and zero-width graphemes, controls.
fn line_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ a-z.]{1,6}",
        2 => prop::sample::select(vec![
            "\u{301}", "\u{600}", "\u{110bd}", "\u{200d}", "\u{fe0f}", "\u{ff9e}",
            "界", "👍🏽", "🇩🇪", "–", "…", "é", "\t", "\r\n", "\u{1b}", "\u{7f}",
            "\u{200b}", "ก่",
        ]).prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// The reader's line writer takes a shortcut through ASCII; the cells it
    /// leaves must be those `Buffer::set_line` leaves, for any line.
    #[test]
    fn a_line_is_written_as_set_line_writes_it(
        spans in prop::collection::vec(
            (prop::collection::vec(line_piece(), 0..6), 0u8..4),
            0..4,
        ),
        x in 0u16..6,
        width in 0u16..24,
    ) {
        use ratatui::style::Style;
        use ratatui::text::{Line, Span};
        let colours = [Color::Reset, Color::Yellow, Color::Indexed(7), Color::Rgb(1, 2, 3)];
        let line = Line::from(
            spans
                .iter()
                .map(|(p, c)| Span::styled(p.concat(), Style::default().fg(colours[*c as usize])))
                .collect::<Vec<_>>(),
        );
        let area = Rect::new(0, 0, 16, 2);
        let (mut ours, mut theirs) = (Buffer::empty(area), Buffer::empty(area));
        let a = lectern::ui::put_line(&mut ours, x, 1, &line, width);
        let b = theirs.set_line(x, 1, &line, width);
        prop_assert_eq!(a, b);
        prop_assert_eq!(ours, theirs);
    }
}

#[test]
fn a_wide_grapheme_overflows_only_a_one_cell_line() {
    // Documented in src/wrap.rs: it gets a line of its own.
    let lines: Vec<_> = wrap("日本", 1).into_iter().map(|r| &"日本"[r]).collect();
    assert_eq!(lines, vec!["日", "本"]);
    for w in 2..6 {
        for r in wrap("日本語👨‍👩‍👧🇩🇪", w) {
            assert!(width(&"日本語👨‍👩‍👧🇩🇪"[r]) <= w);
        }
    }
}

#[test]
fn a_combining_mark_after_a_space_stays_with_it() {
    // The line-break rules allow a break between " " and U+0301; the
    // grapheme " ́" must not be split.
    let text = "word \u{301}word word";
    for w in 1..12 {
        check_wrap(text, w);
    }
}

// ---------------------------------------------------------------------------
// Styling the right cells

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const TEXT: &str = "Delegates from 日本語 met Zoe\u{308} and the family 👨‍👩‍👧 in שלום at noon.";

fn unicode_pack() -> (tempfile::TempDir, Arc<Corpus>) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "articles/a.txt",
        &format!("{TEXT}\n\nA second passage.\n"),
    );
    write(
        d,
        "corpus.json",
        r#"{"format": 1, "id": "unicode", "title": "Unicode",
            "articles": [{"id": "a", "title": "多言語 👨‍👩‍👧", "source": "Zoe\u0308 Press",
                          "file": "articles/a.txt"}]}"#,
    );
    write(
        d,
        "entities.json",
        r#"[
  {"id": "jp", "kind": "place", "name": "日本語", "summary": "CJK."},
  {"id": "zoe", "kind": "person", "name": "Zoe\u0308", "summary": "Combining."},
  {"id": "fam", "kind": "group", "name": "👨‍👩‍👧", "summary": "Emoji."},
  {"id": "shalom", "kind": "site", "name": "שלום", "summary": "Right to left."}
]"#,
    );
    write(
        d,
        "events.json",
        r#"[{"id": "e", "date": "1922", "title": "Met", "summary": "",
             "passages": [{"article": "a", "quote": "met Zoe"}]}]"#,
    );
    let c = corpus::load(&PackSource::dir(d).unwrap()).expect("the pack loads");
    (dir, Arc::new(c))
}

/// The cells (x, y) where the graphemes of `needle` are drawn in `area`, on
/// the first row that shows them. Wide graphemes take two cells; the second
/// is skipped.
fn find_cells(buf: &Buffer, area: Rect, needle: &str) -> Vec<(u16, u16)> {
    let want: Vec<&str> = needle.graphemes(true).collect();
    for y in area.top()..area.bottom() {
        let mut cells = Vec::new();
        let mut x = area.left();
        while x < area.right() {
            let sym = buf[(x, y)].symbol();
            cells.push((x, sym.to_owned()));
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        for i in 0..cells.len() {
            if cells[i..].len() >= want.len()
                && cells[i..i + want.len()]
                    .iter()
                    .zip(&want)
                    .all(|((_, s), w)| s == w)
            {
                return cells[i..i + want.len()]
                    .iter()
                    .map(|&(x, _)| (x, y))
                    .collect();
            }
        }
    }
    panic!(
        "{needle:?} is not on the screen:\n{}",
        crate::common::buffer_text(buf)
    );
}

#[test]
fn mentions_in_every_script_are_styled_on_their_cells() {
    let (_dir, c) = unicode_pack();
    let theme = Theme::colour(true);
    let r = Reader::new(c.clone(), 200, 60);
    let buf = crate::common::draw(&r, theme);
    for (id, name) in [
        ("jp", "日本語"),
        ("zoe", "Zoe\u{308}"),
        ("fam", "👨‍👩‍👧"),
        ("shalom", "שלום"),
    ] {
        let e = c.entity_index(id).unwrap();
        assert_eq!(c.entities[e].mentions.len(), 1, "{id} is mentioned once");
        let want = theme.mention(c.entities[e].kind);
        let cells = find_cells(&buf, r.screen().doc_text(), name);
        for &(x, y) in &cells {
            let cell = &buf[(x, y)];
            assert_eq!(Some(cell.fg), want.fg, "{id} at ({x},{y})");
            assert!(
                cell.modifier.contains(want.add_modifier),
                "{id} at ({x},{y})"
            );
        }
        // The cell before is plain text.
        let (x, y) = cells[0];
        assert_eq!(buf[(x - 1, y)].symbol(), " ");
        assert_eq!(buf[(x - 1, y)].fg, Color::Reset, "{id}: the space before");
    }
}

fn search(r: &mut Reader, query: &str) {
    update(r, Action::Search);
    for ch in query.chars() {
        update(r, Action::Edit(Edit::Char(ch)));
    }
    update(r, Action::Edit(Edit::Submit));
}

#[test]
fn search_hits_in_every_script_are_highlighted_on_their_cells() {
    let (_dir, c) = unicode_pack();
    let theme = Theme::colour(true);
    let hit = theme.hit();
    for (query, shown) in [
        ("日本", "日本"),
        ("👨‍👩‍👧", "👨‍👩‍👧"),
        ("Zoe\u{308}", "Zoe\u{308}"),
        // Part of a grapheme highlights the whole grapheme.
        ("\u{308}", "e\u{308}"),
        ("של", "של"),
    ] {
        let mut r = Reader::new(c.clone(), 200, 60);
        search(&mut r, query);
        assert_eq!(r.search.as_ref().unwrap().hits.len(), 1, "{query:?}");
        let buf = crate::common::draw(&r, theme);
        let cells = find_cells(&buf, r.screen().doc_text(), shown);
        for &(x, y) in &cells {
            assert_eq!(Some(buf[(x, y)].bg), hit.bg, "{query:?} at ({x},{y})");
        }
        let (x, y) = *cells.last().unwrap();
        let w = unicode_width::UnicodeWidthStr::width(buf[(x, y)].symbol()).max(1) as u16;
        assert_ne!(
            Some(buf[(x + w, y)].bg),
            hit.bg,
            "{query:?}: the cell after"
        );
    }
}

#[test]
fn titles_in_every_script_fit_their_borders() {
    let (_dir, c) = unicode_pack();
    for w in [20u16, 33, 34, 35, 80, 200] {
        let r = Reader::new(c.clone(), w, 20);
        let buf = crate::common::draw(&r, Theme::colour(false));
        let top = crate::common::buffer_text(&buf);
        let first = top.lines().next().unwrap();
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(first),
            w as usize,
            "{first}"
        );
        assert!(first.ends_with('┐') || first.ends_with('─'), "{first}");
    }
}
