//! Selecting words and highlighting them in the reader, driven by actions
//! against a real store in a temporary directory; and how highlights look.

use std::path::Path;

use lectern::reader::{Action, Edit, Reader, Sel, update};
use lectern::session::Session;
use lectern::store::highlight::article_text;
use lectern::store::{Colour, Store};
use lectern::ui::Theme;
use ratatui::style::Modifier;

use crate::common::{CORPUS, draw, reader};

fn session(dir: &Path, w: u16, h: u16) -> (Reader, Session) {
    let path = dir.join("rapallo").join("bookmarks.json");
    let (store, warning) = Store::open_path(path, &CORPUS.id);
    assert!(warning.is_none(), "{warning:?}");
    let mut r = reader(w, h);
    let mut s = Session::default();
    s.start(&mut r, Some(store), false);
    (r, s)
}

fn sel(r: &mut Reader, s: Sel) {
    update(r, Action::Selection(s));
}

fn type_text(r: &mut Reader, s: &str) {
    for c in s.chars() {
        update(r, Action::Edit(Edit::Char(c)));
    }
}

/// The text the current selection covers.
fn selected_text(r: &Reader) -> String {
    let span = r.selection.expect("a selection").span();
    article_text(&r.corpus.articles[span.article])
        .chars()
        .skip(span.start)
        .take(span.end - span.start)
        .collect()
}

/// The first passage of article 0 with at least `words` words, and the next.
fn long_passage(r: &Reader, words: usize) -> usize {
    let a = &r.corpus.articles[r.article];
    (0..a.passages.len() - 1)
        .find(|&i| a.passages[i].text.split_whitespace().count() >= words)
        .expect("a long passage")
}

fn to_passage(r: &mut Reader, p: usize) {
    update(r, Action::Top);
    while r.focus < p {
        update(r, Action::NextPassage);
    }
}

#[test]
fn v_selects_the_first_word_and_extends_by_word_sentence_and_passage() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 120, 40);
    let p = long_passage(&r, 12);
    to_passage(&mut r, p);
    update(&mut r, Action::Select);
    assert!(r.selecting());
    let words: Vec<String> = r.corpus.articles[r.article].passages[p]
        .text
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    assert_eq!(selected_text(&r), words[0]);

    sel(&mut r, Sel::WordNext);
    sel(&mut r, Sel::WordNext);
    assert_eq!(
        selected_text(&r).split_whitespace().collect::<Vec<_>>(),
        words[..3]
    );
    sel(&mut r, Sel::WordPrev);
    assert_eq!(selected_text(&r).split_whitespace().count(), 2);

    // A sentence forward ends the selection on a sentence stop.
    sel(&mut r, Sel::SentenceNext);
    let t = selected_text(&r);
    assert!(t.ends_with(['.', '!', '?', '"', '”', ')']), "{t:?}");
    // The passage forward ends it with the passage, then goes on into the
    // next passage, focus following.
    sel(&mut r, Sel::PassageNext);
    let text = &r.corpus.articles[r.article].passages[p].text;
    assert!(
        text.trim_end()
            .ends_with(selected_text(&r).trim_end().rsplit(' ').next().unwrap())
    );
    sel(&mut r, Sel::PassageNext);
    assert!(selected_text(&r).contains("\n\n"), "crosses a passage");
    assert_eq!(r.focus, p + 1);
    // Backwards past where it started: the selection extends the other way.
    sel(&mut r, Sel::Swap);
    let span = r.selection.unwrap().span();
    sel(&mut r, Sel::WordPrev);
    let before = r.selection.unwrap().span();
    if p > 0 || span.start > 0 {
        assert!(
            before.start < span.start && before.end == span.end,
            "{span:?} {before:?}"
        );
    }
    sel(&mut r, Sel::Cancel);
    assert!(r.selection.is_none() && !r.selecting());
}

/// The byte range of the selection in its one passage's corrected text.
fn selected_bytes(r: &Reader) -> (usize, std::ops::Range<usize>) {
    let span = r.selection.expect("a selection").span();
    let ranges = span.passage_ranges(&r.corpus.articles[span.article]);
    assert_eq!(ranges.len(), 1, "within one passage");
    ranges[0].clone()
}

#[test]
fn v_starts_at_the_mention_cursor_in_either_version_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 120, 40);
    // The article with the most printed slips, so that offsets differ
    // between the two versions.
    let a = (0..r.corpus.articles.len())
        .max_by_key(|&a| {
            r.corpus.articles[a]
                .passages
                .iter()
                .map(|p| p.corrections.len())
                .sum::<usize>()
        })
        .unwrap();
    while r.article.index() < a {
        update(&mut r, Action::NextArticle);
    }
    for printed in [false, true] {
        if r.show_original != printed {
            update(&mut r, Action::ToggleOriginal);
        }
        update(&mut r, Action::Top);
        let (mut seen, mut shifted, mut inside) = (0, 0, 0);
        loop {
            let before = r.mention_cursor();
            update(&mut r, Action::NextMention);
            let Some((loc, _)) = r.mention_cursor().filter(|c| Some(*c) != before) else {
                break;
            };
            let shown = r.cursor_range().unwrap();
            let corpus = r.corpus.clone();
            let p = &corpus.articles[loc.article].passages[loc.passage];
            let m = if printed {
                lectern::store::highlight::from_printed(p, shown.clone())
            } else {
                shown.clone()
            };
            seen += 1;
            shifted += usize::from(m != shown);
            update(&mut r, Action::Select);
            let (pi, b) = selected_bytes(&r);
            assert_eq!(pi, loc.passage);
            // The selection holds the mention's words, and no more.
            let t = &p.text;
            assert!(b.start <= m.start && m.end <= b.end, "{b:?} {m:?} in {t:?}");
            assert!(!t[b.start..m.start].contains(char::is_whitespace));
            assert!(!t[m.end..b.end].contains(char::is_whitespace));
            assert!(b.start == 0 || t[..b.start].ends_with(char::is_whitespace));
            assert!(t[b.end..].is_empty() || t[b.end..].starts_with(char::is_whitespace));
            inside += usize::from(b.start > 0);
            sel(&mut r, Sel::Cancel);
            assert!(r.mention_cursor().is_some(), "the cursor stays");
        }
        assert!(seen > 10 && inside > 0, "{seen} mentions, {inside} inside");
        if printed {
            assert!(shifted > 0, "some mention follows a correction");
        }
    }
    // Without a cursor, v starts at the focus passage's first word.
    update(&mut r, Action::ToggleOriginal);
    update(&mut r, Action::Top);
    update(&mut r, Action::Select);
    let (_, b) = selected_bytes(&r);
    let t = &r.corpus.articles[r.article].passages[r.focus].text;
    assert_eq!(&t[b], t.split_whitespace().next().unwrap());
}

#[test]
fn a_selection_is_highlighted_tagged_and_noted_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), 120, 40);
    let p = long_passage(&r, 3);
    to_passage(&mut r, p);
    update(&mut r, Action::SelectPassage);
    sel(&mut r, Sel::PassageNext);
    let span = r.selection.unwrap().span();
    let want = selected_text(&r);
    sel(&mut r, Sel::Mark(Colour::Blue));
    assert!(r.selection.is_none());
    assert_eq!(r.highlights.len(), 1);
    let (h, place) = &r.highlights[0];
    assert_eq!(place.span(), Some(span));
    assert_eq!(h.quote.exact, want);
    assert_eq!(h.colour, Colour::Blue);

    // Tags: typed, then one completed with Tab from those in use.
    update(&mut r, Action::TagHighlight);
    type_text(&mut r, "treaty #army");
    update(&mut r, Action::Edit(Edit::Submit));
    update(&mut r, Action::NoteHighlight);
    type_text(&mut r, "the secret clauses");
    update(&mut r, Action::Edit(Edit::Submit));
    update(&mut r, Action::TagHighlight);
    type_text(&mut r, "tr");
    update(&mut r, Action::Edit(Edit::Complete));
    assert_eq!(r.input.as_ref().unwrap().text, "treaty army tr");
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "army tr");
    update(&mut r, Action::Edit(Edit::Complete));
    assert_eq!(r.input.as_ref().unwrap().text, "army treaty ");
    update(&mut r, Action::Edit(Edit::Submit));
    s.persist(&mut r, false);

    let (r2, _) = session(dir.path(), 120, 40);
    assert_eq!(r2.highlights.len(), 1);
    let (h, place) = &r2.highlights[0];
    assert_eq!(place.span(), Some(span));
    assert_eq!(h.tags, ["army", "treaty"]);
    assert_eq!(h.note, "the secret clauses");
}

#[test]
fn removing_a_highlight_is_undone_by_u() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 120, 40);
    update(&mut r, Action::Select);
    sel(&mut r, Sel::WordNext);
    sel(&mut r, Sel::MarkNote);
    type_text(&mut r, "kept");
    update(&mut r, Action::Edit(Edit::Submit));
    let quote = r.highlights[0].0.quote.clone();
    update(&mut r, Action::RemoveHighlight);
    assert!(r.highlights.is_empty());
    update(&mut r, Action::Undo);
    assert_eq!(r.highlights.len(), 1);
    assert_eq!(r.highlights[0].0.quote, quote);
    assert_eq!(r.highlights[0].0.note, "kept");
}

#[test]
fn highlights_are_drawn_in_the_text_and_the_gutter_with_and_without_colour() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut r, _s) = session(dir.path(), w, h);
        let p = long_passage(&r, 6);
        to_passage(&mut r, p);
        update(&mut r, Action::Select);
        for _ in 0..3 {
            sel(&mut r, Sel::WordNext);
        }
        let first: String = r.corpus.articles[r.article].passages[p]
            .text
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        // Selected: reversed.
        let buf = draw(&r, Theme::colour(true));
        let (x, y) = find_cell(&buf, &first);
        assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
        sel(&mut r, Sel::Mark(Colour::Green));
        for color in [true, false] {
            let buf = draw(&r, Theme::colour(color));
            let cell = &buf[(x, y)];
            assert!(!cell.modifier.contains(Modifier::REVERSED));
            if color {
                assert_eq!(cell.bg, ratatui::style::Color::Green);
            } else {
                assert!(
                    cell.modifier
                        .contains(Modifier::UNDERLINED | Modifier::BOLD)
                );
            }
            // The gutter, just left of the text, marks the line.
            assert_eq!(buf[(x - 1, y)].symbol(), "▎");
            let name = format!(
                "highlight_{}_{w}x{h}",
                if color { "colour" } else { "no_color" }
            );
            insta::assert_snapshot!(name, styled_rows(&buf));
        }
    }
}

/// The text of the cells drawn with a green background (the document's
/// green highlights, gutter marks left out), whitespace collapsed.
fn green_text(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buf[(x, y)];
            if c.bg == ratatui::style::Color::Green && c.symbol() != "▎" {
                out.push_str(c.symbol());
            } else {
                out.push(' ');
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_highlight_is_drawn_in_the_printed_text_over_the_same_words() {
    use lectern::store::highlight::to_printed;
    for (w, h) in [(80, 24), (120, 40)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut r, _s) = session(dir.path(), w, h);
        // The passage whose first printed slip comes earliest.
        let (a, p) = (0..r.corpus.articles.len())
            .flat_map(|a| {
                let ps = &r.corpus.articles[a].passages;
                (0..ps.len()).map(move |p| (a, p))
            })
            .filter(|&(a, p)| r.corpus.articles[a].passages[p].original.is_some())
            .min_by_key(|&(a, p)| r.corpus.articles[a].passages[p].corrections[0].start)
            .unwrap();
        while r.article.index() < a {
            update(&mut r, Action::NextArticle);
        }
        to_passage(&mut r, p);
        let corpus = r.corpus.clone();
        let passage = &corpus.articles[a].passages[p];
        let slip = passage.corrections[0].clone();
        // From the first word to one word past the slip.
        update(&mut r, Action::Select);
        while selected_bytes(&r).1.end < slip.end {
            sel(&mut r, Sel::WordNext);
        }
        sel(&mut r, Sel::WordNext);
        let (_, range) = selected_bytes(&r);
        sel(&mut r, Sel::Mark(Colour::Green));
        let printed = to_printed(passage, range.clone());
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let corrected_words = words(&passage.text[range]);
        let printed_words = words(&passage.original.as_ref().unwrap()[printed]);
        assert_ne!(corrected_words, printed_words, "the slip is inside");

        for view in ["corrected", "printed"] {
            if view == "printed" {
                update(&mut r, Action::ToggleOriginal);
            }
            let want = if view == "printed" {
                &printed_words
            } else {
                &corrected_words
            };
            let coloured = draw(&r, Theme::colour(true));
            assert_eq!(&green_text(&coloured), want, "{view} {w}x{h}");
            let mono = draw(&r, Theme::colour(false));
            // The same cells, underlined and bold without colour.
            for y in 0..h {
                for x in 0..w {
                    let c = &coloured[(x, y)];
                    if c.bg == ratatui::style::Color::Green {
                        assert!(
                            mono[(x, y)]
                                .modifier
                                .contains(Modifier::UNDERLINED | Modifier::BOLD),
                            "({x}, {y}) {view} {w}x{h}"
                        );
                    }
                }
            }
            for (buf, colour) in [(coloured, "colour"), (mono, "no_color")] {
                insta::assert_snapshot!(
                    format!("highlight_{view}_{colour}_{w}x{h}"),
                    styled_rows(&buf)
                );
            }
        }
    }
}

/// The first cell where `word` starts on screen, in the document.
fn find_cell(buf: &ratatui::buffer::Buffer, word: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let row: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect();
        if let Some(i) = row.find(word) {
            let col = row[..i].chars().count() as u16;
            return (col, y);
        }
    }
    panic!("{word:?} not on screen");
}

/// The screen's text with highlighted or selected cells wrapped in `[` `]`,
/// so a snapshot shows what is marked.
fn styled_rows(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut inside = false;
        for x in 0..area.width {
            let c = &buf[(x, y)];
            let marked = c.bg == ratatui::style::Color::Green
                || c.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD);
            if marked != inside {
                out.push(if marked { '[' } else { ']' });
                inside = marked;
            }
            out.push_str(c.symbol());
        }
        if inside {
            out.push(']');
        }
        out.push('\n');
    }
    out
}

/// Highlights `words` words from the start of passage `p`, in `colour`,
/// with `tags`.
fn highlight_at(r: &mut Reader, p: usize, words: usize, colour: Colour, tags: &str) {
    to_passage(r, p);
    update(r, Action::Select);
    for _ in 1..words {
        sel(r, Sel::WordNext);
    }
    sel(r, Sel::Mark(colour));
    if !tags.is_empty() {
        update(r, Action::TagHighlight);
        type_text(r, tags);
        update(r, Action::Edit(Edit::Submit));
    }
}

#[test]
fn the_annotations_list_holds_both_in_reading_order_and_filters() {
    use lectern::reader::{Annotation, Overlay};
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 120, 40);
    highlight_at(&mut r, 2, 3, Colour::Green, "army");
    highlight_at(&mut r, 0, 2, Colour::Yellow, "treaty army");
    to_passage(&mut r, 1);
    update(&mut r, Action::ToggleBookmark);
    update(&mut r, Action::NextArticle);
    highlight_at(&mut r, 0, 1, Colour::Yellow, "treaty");

    // Reading order across kinds: article 0 passage 0, 1, 2, then article 1.
    let order = |r: &Reader| -> Vec<(usize, usize)> {
        r.annotations()
            .iter()
            .map(|a| match *a {
                Annotation::Bookmark(i) => {
                    let l = r.bookmarks[i].1.loc().unwrap();
                    (l.article.index(), l.passage)
                }
                Annotation::Highlight(i) => {
                    let l = r.highlights[i]
                        .1
                        .span()
                        .unwrap()
                        .first_loc(&r.corpus)
                        .unwrap();
                    (l.article.index(), l.passage)
                }
            })
            .collect()
    };
    assert_eq!(order(&r), [(0, 0), (0, 1), (0, 2), (1, 0)]);

    update(&mut r, Action::Bookmarks);
    assert!(matches!(r.overlay, Some(Overlay::Bookmarks { .. })));
    // s cycles the tags in use, most used first: army (2), treaty (2) by name.
    update(&mut r, Action::TagHighlight);
    assert_eq!(r.annotation_filter.tag.as_deref(), Some("army"));
    assert_eq!(order(&r), [(0, 0), (0, 2)]);
    update(&mut r, Action::TagHighlight);
    assert_eq!(order(&r), [(0, 0), (1, 0)]);
    // v filters by colour as well: yellow and treaty.
    update(&mut r, Action::Select);
    assert_eq!(r.annotation_filter.colour, Some(Colour::Yellow));
    assert_eq!(order(&r), [(0, 0), (1, 0)]);
    // a: only the article being read (article 1).
    update(&mut r, Action::Articles);
    assert_eq!(order(&r), [(1, 0)]);
    update(&mut r, Action::Articles);
    update(&mut r, Action::TagHighlight);
    update(&mut r, Action::Select);
    update(&mut r, Action::Select);
    update(&mut r, Action::Select);
    update(&mut r, Action::Select);
    assert!(r.annotation_filter.is_empty(), "{:?}", r.annotation_filter);
    assert_eq!(order(&r).len(), 4);

    // Enter on the third row jumps to article 0 passage 2.
    update(&mut r, Action::Top);
    update(&mut r, Action::Down);
    update(&mut r, Action::Down);
    update(&mut r, Action::Activate);
    assert!(r.overlay.is_none());
    assert_eq!((r.article.index(), r.focus), (0, 2));

    // A note edited from the list; delete, then u brings it back.
    update(&mut r, Action::Bookmarks);
    update(&mut r, Action::EditNote);
    type_text(&mut r, "from the list");
    update(&mut r, Action::Edit(Edit::Submit));
    let Some(Overlay::Bookmarks { sel }) = r.overlay else {
        panic!("the list stays open");
    };
    let Annotation::Highlight(i) = r.annotations()[sel] else {
        panic!("row {sel} is the highlight of passage 2");
    };
    assert_eq!(r.highlights[i].0.note, "from the list");
    update(&mut r, Action::Delete);
    assert_eq!(r.annotations().len(), 3);
    update(&mut r, Action::Undo);
    assert_eq!(r.annotations().len(), 4);
    assert!(r.highlights.iter().any(|(h, _)| h.note == "from the list"));
}

#[test]
fn a_highlight_lists_the_entities_it_mentions_and_their_cards_list_it() {
    use lectern::reader::{CardState, Overlay};
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 120, 40);
    // The whole of a passage with mentions.
    let a = &r.corpus.articles[r.article];
    let p = (0..a.passages.len())
        .find(|&i| !a.passages[i].mentions.is_empty())
        .expect("a passage with mentions");
    let mut want: Vec<_> = Vec::new();
    for m in &a.passages[p].mentions {
        if !want.contains(&m.entity) {
            want.push(m.entity);
        }
    }
    to_passage(&mut r, p);
    update(&mut r, Action::SelectPassage);
    sel(&mut r, Sel::Mark(Colour::Pink));
    assert_eq!(r.highlight_entities(0), want);
    let others: Vec<_> = (0..r.corpus.entities.len())
        .map(lectern::corpus::EntityIdx)
        .filter(|e| !want.contains(e))
        .collect();
    for &e in &want {
        assert_eq!(r.entity_highlights(e), [0]);
    }
    for &e in &others {
        assert!(r.entity_highlights(e).is_empty());
    }
    // The card shows the highlight; the list shows the entities.
    r.overlay = Some(Overlay::Card(CardState {
        entity: want[0],
        sel: 0,
        stack: Vec::new(),
    }));
    let text = crate::common::buffer_text(&draw(&r, Theme::colour(false)));
    assert!(text.contains("Highlights (1)"), "{text}");
    update(&mut r, Action::Close);
    update(&mut r, Action::Bookmarks);
    let text = crate::common::buffer_text(&draw(&r, Theme::colour(false)));
    assert!(
        text.contains(&format!("mentions {}", r.corpus.entities[want[0]].name)),
        "{text}"
    );
}

#[test]
fn the_timeline_marks_events_whose_passages_hold_a_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), 200, 60);
    let a = &r.corpus.articles[r.article];
    let p = (0..a.passages.len())
        .find(|&i| !a.passages[i].events.is_empty())
        .expect("a passage with events");
    let event = a.passages[p].events[0];
    to_passage(&mut r, p);
    update(&mut r, Action::Select);
    sel(&mut r, Sel::Mark(Colour::Green));
    let loc = r.loc();
    assert!(r.highlight_at(loc).is_some());
    let title: String = r.corpus.events[event].title.chars().take(12).collect();
    let buf = draw(&r, Theme::colour(true));
    let row = (0..buf.area.height)
        .find(|&y| {
            let s: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect();
            s.contains(&title) && !s.contains("Timeline")
        })
        .expect("the event's row");
    let s: String = (0..buf.area.width)
        .map(|x| buf[(x, row)].symbol().to_owned())
        .collect();
    // Right of the title, among the timeline's markers.
    let after = &s[s.find(&title).unwrap()..];
    assert!(after.contains('▎'), "{s}");
}

#[test]
fn the_annotations_list_names_its_filter_keys_as_bound() {
    let text = "[keys]\ntag_highlight = [\"F5\"]\nselect = [\"F6\"]\narticles = [\"F7\"]\ntoggle_bookmark = [\"F8\"]\n";
    let (config, errors) = lectern::config::parse(text, "test.toml");
    assert!(errors.is_empty(), "{errors:?}");
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut r, _s) = session(dir.path(), w, h);
        r.keys = config.keymap.names();
        update(&mut r, Action::Bookmarks);
        let screen = crate::common::buffer_text(&draw(&r, Theme::colour(false)));
        // Empty: the hint names the keys that bookmark and select.
        assert!(screen.contains("F8 bookmarks"), "{screen}");
        assert!(screen.contains("F6 selects"), "{screen}");
        if w >= 120 {
            assert!(screen.contains("F5 F6 F7 filter"), "{screen}");
        }
        assert!(!screen.contains("s v a"), "{screen}");
    }
}
