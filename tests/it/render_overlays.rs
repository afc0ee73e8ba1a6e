//! Nothing is cut without a sign: lists and overlays mark the rows they
//! hide, every row of help and of a comparison can be reached by keys and
//! is wrapped rather than cut, status messages show whole or end in `…`,
//! and a prompt keeps the cursor and the text near it in sight. Snapshots
//! at three sizes show what a reader sees.

use std::collections::BTreeMap;

use crate::common::{CORPUS, apply, buffer_text, draw, reader};
use lectern::corpus::EventIdx;
use lectern::reader::{Action, Edit, Input, InputKind, NoteOn, Overlay, Pane, Reader, compare};
use lectern::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;

const COLOR: Theme = Theme::colour(true);
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn snap(name: &str, r: &Reader) {
    let (w, h) = r.size;
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), buffer_text(&draw(r, COLOR)));
}

fn rows(buf: &Buffer) -> Vec<String> {
    buffer_text(buf).lines().map(str::to_owned).collect()
}

/// Text with every run of whitespace made one space.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number in `↑ N more` / `↓ N more` on a row, if the row has one.
fn more(row: &str, arrow: char) -> Option<usize> {
    let at = row.find(&format!("{arrow} "))?;
    let rest = &row[at + arrow.len_utf8() + 1..];
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[n.len()..]
        .starts_with(" more")
        .then(|| n.parse().ok())
        .flatten()
}

/// A row from column `x` on.
fn tail(row: &str, x: u16) -> String {
    row.chars().skip(x as usize).collect()
}

fn schools() -> EventIdx {
    CORPUS.event_index("schools").expect("the schools event")
}

/// A reader at `w`×`h` with the timeline's selection on `ev`, as Tab and
/// `j` put it there.
fn on_event(w: u16, h: u16, ev: EventIdx) -> Reader {
    let mut r = reader(w, h);
    while r.pane != Pane::Timeline {
        apply(&mut r, &[Action::FocusNext]);
    }
    while r.event_sel < ev {
        apply(&mut r, &[Action::Down]);
    }
    assert_eq!(r.event_sel, ev);
    r
}

// ---- more markers -------------------------------------------------------

/// The timeline and the entity sidebar name exactly the rows they hide,
/// above and below, wherever the selection has scrolled them.
#[test]
fn the_side_lists_count_the_rows_they_hide() {
    for (w, h) in SIZES {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext, Action::FocusNext]);
        assert_eq!(r.pane, Pane::Timeline);
        let pane = r.screen().timeline.expect("the timeline shows");
        let shown = pane.height as usize - 3; // border and ruler
        let n = CORPUS.events.len();
        assert!(n > shown, "{w}x{h}: the timeline is longer than its pane");
        for steps in [0, shown + 3, n] {
            let mut r = r.clone();
            for _ in 0..steps {
                apply(&mut r, &[Action::Down]);
            }
            let text = rows(&draw(&r, COLOR));
            let top = tail(&text[pane.y as usize], pane.x);
            let bottom = tail(&text[(pane.y + pane.height - 1) as usize], pane.x);
            let off = r.timeline_offset;
            let below = n - off - shown.min(n - off);
            assert_eq!(more(&top, '↑'), (off > 0).then_some(off), "{w}x{h}: {top}");
            assert_eq!(
                more(&bottom, '↓'),
                (below > 0).then_some(below),
                "{w}x{h}: {bottom}"
            );
        }
        // The sidebar: at the first row, all but a pane's worth below.
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext]);
        assert_eq!(r.pane, Pane::Entities);
        let pane = r.screen().entities.expect("the sidebar shows");
        let shown = pane.height as usize - 2;
        for steps in [0, 40] {
            let mut r = r.clone();
            for _ in 0..steps {
                apply(&mut r, &[Action::Down]);
            }
            let total = r.view.sidebar.len();
            let off = r.entity_offset;
            let below = total.saturating_sub(off + shown);
            let text = rows(&draw(&r, COLOR));
            let top = tail(&text[pane.y as usize], pane.x);
            let bottom = tail(&text[(pane.y + pane.height - 1) as usize], pane.x);
            assert_eq!(more(&top, '↑'), (off > 0).then_some(off), "{w}x{h}: {top}");
            assert_eq!(
                more(&bottom, '↓'),
                (below > 0).then_some(below),
                "{w}x{h}: {bottom}"
            );
        }
    }
}

/// Every overlay that lists more than it shows says so on its border.
#[test]
fn overlays_say_when_rows_are_hidden() {
    // (At 80 columns the side panes, which mark their own rows, are hidden.)
    let help = &[Action::Help][..];
    let card = &[Action::FocusNext, Action::Activate][..];
    for (w, h, open) in [(80, 24, help), (120, 40, help), (80, 24, card)] {
        {
            let mut r = reader(w, h);
            apply(&mut r, open);
            assert!(r.overlay.is_some());
            let text = rows(&draw(&r, COLOR));
            assert!(
                text.iter().any(|l| more(l, '↓').is_some()),
                "{w}x{h} {open:?}: no ↓ marker:\n{}",
                text.join("\n")
            );
            apply(&mut r, &[Action::Bottom]);
            let text = rows(&draw(&r, COLOR));
            assert!(
                text.iter().any(|l| more(l, '↑').is_some()),
                "{w}x{h} {open:?}: no ↑ marker at the end"
            );
        }
    }
}

// ---- help ---------------------------------------------------------------

/// The help box's rows over every offset the keys reach, in order.
fn help_pages(w: u16, h: u16) -> Vec<String> {
    let mut r = reader(w, h);
    apply(&mut r, &[Action::Help]);
    let rect = lectern::layout::centered(
        ratatui::layout::Rect::new(0, 0, w, h),
        lectern::layout::HELP_W,
        lectern::layout::HELP_H,
    );
    let inner_h = rect.height as usize - 2;
    let mut page: BTreeMap<usize, String> = BTreeMap::new();
    loop {
        let Some(Overlay::Help { scroll }) = r.overlay else {
            panic!("help closed")
        };
        let text = rows(&draw(&r, COLOR));
        for k in 0..inner_h {
            let row: String = text[rect.y as usize + 1 + k]
                .chars()
                .skip(rect.x as usize + 1)
                .take(rect.width as usize - 2)
                .collect();
            page.insert(scroll + k, row);
        }
        apply(&mut r, &[Action::Down]);
        if r.overlay == Some(Overlay::Help { scroll }) {
            break;
        }
    }
    page.into_values().collect()
}

/// At every width, every key's help is there, whole, reached by `j`; no
/// row is cut.
#[test]
fn every_help_row_wraps_and_is_reached_by_keys() {
    for (w, h) in [(80, 24), (120, 40), (200, 60), (60, 20)] {
        let page = help_pages(w, h);
        let all = flat(&page.join("\n"));
        for b in lectern::keymap::BINDINGS {
            assert!(
                all.contains(&flat(b.help)),
                "{w}x{h}: {:?} not shown whole:\n{}",
                b.help,
                page.join("\n")
            );
        }
        for k in lectern::corpus::types::EntityKind::ALL {
            assert!(all.contains(&format!("{} {}", k.tag(), k.label())));
        }
        assert!(
            !page.iter().any(|l| l.trim_end().ends_with('…')),
            "{w}x{h}: a help row is cut:\n{}",
            page.join("\n")
        );
        assert!(
            all.contains("Kinds of entity"),
            "{w}x{h}: the end is reached"
        );
    }
}

// ---- compare ------------------------------------------------------------

/// The compare page as the keys reveal it: every row seen at some offset
/// while `j` walks the items and PgDn turns the pages.
fn compare_seen(w: u16, h: u16, ev: EventIdx) -> (compare::Page, BTreeMap<usize, String>) {
    let mut r = on_event(w, h, ev);
    apply(&mut r, &[Action::Compare]);
    assert!(matches!(r.overlay, Some(Overlay::Compare { .. })));
    let (pw, ph) = compare::page_size((w, h));
    let page = compare::layout(&CORPUS, ev, pw, ph);
    let mut seen = BTreeMap::new();
    let mut look = |r: &Reader| {
        let text = rows(&draw(r, COLOR));
        for k in 0..ph {
            let row: String = text[1 + k].chars().skip(2).take(pw).collect();
            seen.insert(r.view.compare_scroll + k, row);
        }
    };
    look(&r);
    for _ in 0..page.items.len() {
        apply(&mut r, &[Action::Down]);
        look(&r);
    }
    apply(&mut r, &[Action::Top]);
    for _ in 0..page.rows.len() / ph.max(1) + 1 {
        apply(&mut r, &[Action::PageDown]);
        look(&r);
    }
    (page, seen)
}

/// At 80×24 and 120×40 every passage, every dispute's question and note,
/// and every claim with its answer can be reached by keys, whole.
#[test]
fn every_dispute_and_claim_of_a_comparison_is_reached_whole() {
    for ev in [schools(), CORPUS.event_index("rapallo-signing").unwrap()] {
        let e = &CORPUS.events[ev];
        assert!(!e.disputes.is_empty());
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let (page, seen) = compare_seen(w, h, ev);
            assert!(
                (0..page.rows.len()).all(|k| seen.contains_key(&k)),
                "{w}x{h}: some rows never shown"
            );
            // Read column by column where the passages stand side by side.
            let mut texts = vec![flat(&seen.values().cloned().collect::<Vec<_>>().join("\n"))];
            if page.side_by_side {
                let xs: Vec<usize> = {
                    let mut xs: Vec<usize> = page.rows.iter().flatten().map(|s| s.x).collect();
                    xs.sort_unstable();
                    xs.dedup();
                    xs
                };
                for (i, &x) in xs.iter().enumerate() {
                    let end = xs.get(i + 1).copied().unwrap_or(usize::MAX);
                    let col: Vec<String> = seen
                        .values()
                        .map(|row| row.chars().skip(x).take(end - x).collect())
                        .collect();
                    texts.push(flat(&col.join("\n")));
                }
            }
            let shown = |needle: &str| texts.iter().any(|t| t.contains(&flat(needle)));
            for &loc in &e.passages {
                let p = &CORPUS.articles[loc.article].passages[loc.passage];
                assert!(shown(&p.text), "{w}x{h}: {loc:?} not shown whole");
            }
            for d in &e.disputes {
                assert!(shown(&format!("⚑ {}", d.topic)), "{w}x{h}: {}", d.topic);
                assert!(shown(&d.note), "{w}x{h}: note of {}", d.topic);
                for k in &d.claims {
                    let a = &CORPUS.articles[k.loc.article];
                    let claim = format!("• {} §{}: {}", a.title, k.loc.passage + 1, k.says);
                    assert!(shown(&claim), "{w}x{h}: {claim}");
                    // And the answer under the passage's own name, when
                    // the passage is one of those compared.
                    assert!(
                        !e.passages.contains(&k.loc)
                            || shown(&format!("⚑ {} — {}", d.topic, k.says)),
                        "{w}x{h}: answer {:?}",
                        k.says
                    );
                }
            }
        }
    }
}

/// Enter on a claim goes to the passage that makes it.
#[test]
fn enter_on_a_claim_goes_to_its_passage() {
    let ev = schools();
    let (w, h) = (80, 24);
    let (pw, ph) = compare::page_size((w, h));
    let page = compare::layout(&CORPUS, ev, pw, ph);
    let first_claim = CORPUS.events[ev].passages.len();
    for (i, item) in page.items.iter().enumerate().skip(first_claim) {
        let mut r = on_event(w, h, ev);
        apply(&mut r, &[Action::Compare]);
        for _ in 0..i {
            apply(&mut r, &[Action::Down]);
        }
        assert_eq!(r.overlay, Some(Overlay::Compare { event: ev, sel: i }));
        // The selected claim is on screen, drawn as selected.
        let buf = draw(&r, COLOR);
        let y0 = 1 + item.rows.end - 1 - r.view.compare_scroll;
        assert!(y0 < h as usize - 1, "claim {i} off screen");
        let reversed = (0..w)
            .filter(|&x| {
                buf[(x, y0 as u16)]
                    .modifier
                    .contains(ratatui::style::Modifier::REVERSED)
            })
            .count();
        assert!(reversed > 0, "claim {i} not drawn as selected");
        apply(&mut r, &[Action::Activate]);
        assert!(r.overlay.is_none());
        assert_eq!(r.loc(), item.loc, "claim {i}");
    }
}

// ---- status and prompt --------------------------------------------------

/// A long status is shown whole when the border can hold it, else ends in
/// `…`; it is never dropped, and where there is room the place in the
/// article stays beside it.
#[test]
fn a_long_status_is_shown_whole_or_visibly_cut() {
    let msg = "reading in the order of events — } and { follow the story";
    for (w, h) in [(30, 12), (40, 12), (80, 24), (120, 40), (200, 60)] {
        let mut r = reader(w, h);
        r.status = Some(msg.into());
        let text = rows(&draw(&r, COLOR));
        let doc_w = r.screen().doc.width as usize;
        let border: String = text[h as usize - 1].chars().take(doc_w).collect();
        let whole = border.contains(msg);
        // The longest start of the message the border shows before `…`.
        let cut = (8..msg.len())
            .rev()
            .filter(|&n| msg.is_char_boundary(n))
            .any(|n| border.contains(&format!("{}…", &msg[..n])));
        assert!(
            whole || cut,
            "{w}x{h}: the status is dropped or cut silently: {border}"
        );
        if doc_w >= 60 {
            assert!(border.contains("passage 1/"), "{w}x{h}: {border}");
        }
        if doc_w >= 120 {
            assert!(whole, "{w}x{h}: {border}");
        }
    }
}

/// With a side pane over the document, the status still shows on the
/// bottom line, which the pane leaves uncovered.
#[test]
fn a_status_is_not_hidden_under_a_side_pane() {
    for (w, h) in [(80, 24), (60, 20)] {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext]);
        assert!(r.screen().side_overlay);
        r.status = Some("note unchanged".into());
        let text = rows(&draw(&r, COLOR));
        let pane = r.screen().entities.expect("the sidebar shows");
        assert!(
            pane.bottom() < h,
            "{w}x{h}: the pane covers the bottom line"
        );
        let visible = &text[h as usize - 1];
        assert!(visible.contains("note unchanged"), "{w}x{h}: {visible}");
    }
}

fn with_note(w: u16, h: u16, text: &str) -> Reader {
    let mut r = reader(w, h);
    r.input = Some(Input {
        kind: InputKind::Note(NoteOn::NewAt(r.loc())),
        text: text.to_owned(),
        cursor: text.chars().count(),
    });
    r
}

const LONG_NOTE: &str = "Compare this with the account of the second agreement in \
     the GlobalSecurity article, which dates the schools later; the blog post \
     says Tomka, the web page Saratov — the same place at two scales, end";

/// Typing past the prompt's width keeps the cursor, and the text just
/// typed, in sight; moving home shows the start.
#[test]
fn the_note_prompt_scrolls_around_the_cursor() {
    for (w, h) in SIZES {
        let mut r = with_note(w, h, LONG_NOTE);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| lectern::ui::render(&r, &COLOR, f)).unwrap();
        let last = rows(term.backend().buffer()).pop().unwrap();
        let cursor = term.backend_mut().get_cursor_position().unwrap();
        assert_eq!(cursor.y, h - 1);
        assert!(last.starts_with("Note: "), "{last}");
        if LONG_NOTE.chars().count() + 30 > w as usize {
            assert!(last.contains("scales, end"), "{w}: {last}");
            assert!(last.starts_with("Note: …"), "{w}: {last}");
        }
        // The cursor sits just after the last character typed.
        let before: String = last.chars().take(cursor.x as usize).collect();
        assert!(before.ends_with("scales, end"), "{w}: {before:?}");
        // Home: the start of the note, and a sign that more follows.
        r.input.as_mut().unwrap().cursor = 0;
        term.draw(|f| lectern::ui::render(&r, &COLOR, f)).unwrap();
        let last = rows(term.backend().buffer()).pop().unwrap();
        assert!(last.starts_with("Note: Compare this with"), "{last}");
        assert_eq!(term.backend_mut().get_cursor_position().unwrap().x, 6);
        if LONG_NOTE.chars().count() + 30 > w as usize {
            assert!(last.contains('…'), "{w}: {last}");
        }
    }
}

// ---- snapshots ----------------------------------------------------------

#[test]
fn snapshots_of_compare_on_the_schools() {
    for (w, h) in SIZES {
        let mut r = on_event(w, h, schools());
        apply(&mut r, &[Action::Compare]);
        snap("compare_schools", &r);
        // Its last claim, with the disputes in view.
        apply(&mut r, &[Action::Bottom]);
        snap("compare_schools_end", &r);
    }
}

#[test]
fn snapshots_of_help_at_its_end() {
    for (w, h) in SIZES {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::Help, Action::Bottom]);
        snap("help_end", &r);
    }
}

#[test]
fn snapshots_of_the_side_lists() {
    for (w, h) in SIZES {
        let mut r = reader(w, h);
        apply(&mut r, &[Action::FocusNext]);
        for _ in 0..30 {
            apply(&mut r, &[Action::Down]);
        }
        snap("entities_scrolled", &r);
        let mut r = on_event(w, h, schools());
        apply(&mut r, &[Action::Down]);
        snap("timeline_scrolled", &r);
    }
}

#[test]
fn snapshots_of_a_long_note() {
    for (w, h) in SIZES {
        let r = with_note(w, h, LONG_NOTE);
        snap("note_prompt_long", &r);
    }
}

/// A long note in the bookmark list is wrapped whole, not cut.
#[test]
fn a_long_note_in_the_bookmark_list_is_shown_whole() {
    use lectern::corpus::{ArticleIdx, PassageLoc};
    use lectern::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bookmarks.json");
    let (mut store, _) = Store::open_path(path.clone(), &CORPUS.id);
    let loc = PassageLoc {
        article: ArticleIdx(3),
        passage: 2,
    };
    let id = store.add(&CORPUS, loc).expect("a passage to bookmark");
    assert!(store.set_note(&id, LONG_NOTE));
    for (w, h) in SIZES {
        let mut r = reader(w, h);
        r.attach_store(store.clone());
        apply(&mut r, &[Action::Bookmarks]);
        // The list's box only, not the document around it.
        let rect = lectern::layout::centered(ratatui::layout::Rect::new(0, 0, w, h), 100, 44);
        let rows: Vec<String> = rows(&draw(&r, COLOR))
            .iter()
            .skip(rect.y as usize + 1)
            .take(rect.height as usize - 2)
            .map(|l| {
                l.chars()
                    .skip(rect.x as usize + 1)
                    .take(rect.width as usize - 2)
                    .collect()
            })
            .collect();
        let text = flat(&rows.join("\n"));
        assert!(text.contains(&flat(LONG_NOTE)), "{w}x{h}:\n{text}");
    }
}

/// In an entity's card the events' titles start in one column, whatever
/// the width of their dates.
#[test]
fn card_event_titles_line_up() {
    use lectern::reader::{CardItem, CardState};
    let c = &*CORPUS;
    let mut checked = 0;
    for (e, ent) in c.entities.iter().enumerate() {
        let e = lectern::corpus::EntityIdx(e);
        if ent.events.len() < 2 {
            continue;
        }
        // Narrower than 100 columns, so that no timeline beside the card
        // shows the same dates and titles.
        let mut r = reader(99, 60);
        let items = r.card_rows(e);
        let first = items
            .iter()
            .position(|i| matches!(i, CardItem::Event(_)))
            .expect("an event row");
        r.overlay = Some(Overlay::Card(CardState {
            entity: e,
            sel: first,
            stack: Vec::new(),
        }));
        let text = rows(&draw(&r, COLOR));
        let mut columns = Vec::new();
        for &v in &ent.events {
            let date = lectern::ui::timeline::column_date(&c.events[v].date);
            let title = &c.events[v].title;
            let head: String = title.chars().take(12).collect();
            if let Some(col) = text.iter().find_map(|l| {
                let d = l.find(&date)?;
                let t = d + l[d..].find(&head)?;
                Some(l[..t].chars().count())
            }) {
                columns.push((col, title.clone()));
            }
        }
        assert!(columns.len() >= 2, "{}: event rows not drawn", ent.name);
        assert!(
            columns.iter().all(|(col, _)| *col == columns[0].0),
            "{}: titles start at {columns:?}",
            ent.name
        );
        checked += 1;
    }
    assert!(checked > 0);
}

/// A prompt takes a bounded text; when it can take no more, its line says
/// so, whatever the characters typed.
#[test]
fn a_full_prompt_says_it_is_full() {
    for c in ['x', 'é', '日', '👍'] {
        for open in [Action::EditNote, Action::Search] {
            let mut r = reader(120, 40);
            let dir = tempfile::tempdir().unwrap();
            let (store, _) =
                lectern::store::Store::open_path(dir.path().join("b.json"), &CORPUS.id);
            r.attach_store(store);
            lectern::reader::update(&mut r, open);
            // Typed up to near the limit at once, then key by key.
            let input = r.input.as_mut().unwrap();
            input.text = c.to_string().repeat(470 / c.len_utf8());
            input.cursor = input.text.chars().count();
            for _ in 0..40 {
                lectern::reader::update(&mut r, Action::Edit(Edit::Char(c)));
                let input = r
                    .input
                    .as_ref()
                    .unwrap_or_else(|| panic!("{open:?} {c:?}: the prompt closed"));
                let typed = input.text.chars().count();
                let bottom = rows(&draw(&r, COLOR)).pop().unwrap_or_default();
                if input.is_full() {
                    assert!(bottom.contains("full"), "{c:?} ×{typed}: {bottom}");
                } else {
                    assert!(!bottom.contains("full"), "{c:?} ×{typed}: {bottom}");
                }
            }
            let input = r.input.as_ref().unwrap();
            assert!(input.is_full(), "{c:?}: typed on and not full");
            assert!(input.text.len() <= 500, "{c:?}: {} bytes", input.text.len());
        }
    }
}
