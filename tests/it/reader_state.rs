//! The reader's state driven by Action sequences, no terminal involved.

use lectern::corpus::{ArticleIdx, EntityIdx, EventIdx};
use std::sync::{Arc, LazyLock};

use lectern::corpus::{self, Corpus};
use lectern::reader::{Action, Overlay, Pane, Reader, Target, update};

static CORPUS: LazyLock<Arc<Corpus>> =
    LazyLock::new(|| Arc::new(corpus::embedded().expect("embedded corpus loads")));

fn reader(w: u16, h: u16) -> Reader {
    Reader::new(CORPUS.clone(), w, h)
}

fn run(r: &mut Reader, actions: &[Action]) {
    for &a in actions {
        update(r, a);
    }
}

fn focus_visible(r: &Reader) -> bool {
    let h = r.view_height();
    let lines = &r.doc.passages[r.focus];
    lines.start < r.scroll + h && lines.end > r.scroll
}

/// The first article with at least `n` passages.
fn article_with(n: usize) -> ArticleIdx {
    CORPUS
        .articles
        .iter()
        .position(|a| a.passages.len() >= n)
        .map(ArticleIdx)
        .expect("a long article")
}

fn go_article(r: &mut Reader, a: ArticleIdx) {
    while r.article < a {
        update(r, Action::NextArticle);
    }
}

#[test]
fn scrolling_moves_the_focus_and_the_panes_follow() {
    let mut r = reader(120, 40);
    go_article(&mut r, article_with(6));
    let start_focus = r.focus;
    // Scroll line by line until the focus passage changes.
    let mut steps = 0;
    while r.focus == start_focus && steps < 500 {
        update(&mut r, Action::Down);
        steps += 1;
    }
    assert_ne!(r.focus, start_focus, "scrolling never moved the focus");
    assert!(focus_visible(&r));
    let passage = &CORPUS.articles[r.article].passages[r.focus];
    // The sidebar lists exactly the focus passage's entities first.
    let (here, rest) = r.sidebar();
    assert_eq!(here, passage.entities.to_vec());
    assert!(rest.iter().all(|e| !passage.entities.contains(e)));
    // The timeline marks exactly the focus passage's events.
    assert_eq!(r.focus_events(), &passage.events[..]);
    if let Some(&first) = passage.events.first() {
        assert_eq!(r.event_sel, first, "timeline selection follows the focus");
    }
}

#[test]
fn passage_motions_walk_every_passage_and_stop_at_the_ends() {
    let mut r = reader(120, 40);
    let n = CORPUS.articles[0].passages.len();
    for i in 1..n {
        update(&mut r, Action::NextPassage);
        assert_eq!(r.focus, i);
        assert!(focus_visible(&r));
    }
    update(&mut r, Action::NextPassage);
    assert_eq!(r.focus, n - 1, "}} past the last passage stays");
    assert!(r.status.is_some());
    update(&mut r, Action::Top);
    assert_eq!((r.focus, r.scroll), (0, 0));
    update(&mut r, Action::Bottom);
    assert_eq!(r.focus, n - 1);
    update(&mut r, Action::PrevPassage);
    assert_eq!(r.focus, n - 2);
}

#[test]
fn enter_on_an_event_lands_on_a_passage_that_describes_it() {
    for ev in CORPUS.event_indices() {
        let mut r = reader(120, 40);
        run(&mut r, &[Action::FocusNext, Action::FocusNext]);
        assert_eq!(r.pane, Pane::Timeline);
        r.event_sel = ev;
        update(&mut r, Action::Activate);
        let event = &CORPUS.events[ev];
        assert!(
            event.passages.contains(&r.loc()),
            "event {} not at {:?}",
            event.id,
            r.loc()
        );
        assert_eq!(r.target, Some(Target::Event(ev)));
        assert!(focus_visible(&r));
    }
}

#[test]
fn enter_on_an_event_prefers_the_current_article() {
    let ev = CORPUS
        .events
        .iter()
        .position(|e| {
            e.passages.iter().any(|l| l.article > ArticleIdx(0))
                && e.passages.iter().any(|l| l.article == ArticleIdx(0))
        })
        .map(EventIdx)
        .expect("an event described in the first and another article");
    let mut r = reader(120, 40);
    run(&mut r, &[Action::FocusNext, Action::FocusNext]);
    r.event_sel = ev;
    update(&mut r, Action::Activate);
    assert_eq!(r.article, ArticleIdx(0));
}

#[test]
fn n_walks_an_events_passages_across_articles_and_wraps() {
    let (ev, event) = CORPUS
        .events
        .iter()
        .enumerate()
        .max_by_key(|(_, e)| e.passages.len())
        .unwrap();
    let ev = EventIdx(ev);
    assert!(event.passages.len() >= 3);
    let mut r = reader(120, 40);
    run(&mut r, &[Action::FocusNext, Action::FocusNext]);
    r.event_sel = ev;
    update(&mut r, Action::Activate);
    let mut seen = vec![r.loc()];
    for _ in 1..event.passages.len() {
        update(&mut r, Action::NextHit);
        seen.push(r.loc());
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted, event.passages,
        "n visits every passage of the event once"
    );
    update(&mut r, Action::NextHit);
    assert_eq!(r.loc(), seen[0], "n past the last wraps to the first");
    assert!(r.status.as_deref().unwrap_or("").contains("wrapped"));
}

#[test]
fn n_across_the_last_mention_in_an_article_continues_in_the_next() {
    // An entity mentioned in at least two articles.
    let (e, ent) = CORPUS
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| {
            let first = e.mentions.first().map(|m| m.loc.article);
            e.mentions.iter().any(|m| Some(m.loc.article) != first)
        })
        .expect("an entity mentioned in two articles");
    let e = EntityIdx(e);
    let first_article = ent.mentions[0].loc.article;
    let last_here = ent
        .mentions
        .iter()
        .rfind(|m| m.loc.article == first_article)
        .unwrap()
        .loc;
    let next = ent.mentions.iter().find(|m| m.loc > last_here).unwrap().loc;
    let mut r = reader(120, 40);
    go_article(&mut r, first_article);
    r.target = Some(Target::Entity(e));
    while r.loc() != last_here {
        update(&mut r, Action::NextHit);
        assert_eq!(r.article, first_article);
    }
    update(&mut r, Action::NextHit);
    assert_eq!(r.loc(), next);
    assert_ne!(r.article, first_article);
    update(&mut r, Action::PrevHit);
    assert_eq!(r.loc(), last_here);
}

#[test]
fn backspace_restores_the_exact_position_and_forward_returns() {
    let mut r = reader(120, 40);
    run(&mut r, &[Action::NextPassage, Action::Down]);
    let before = r.position();
    update(&mut r, Action::NextArticle);
    assert_ne!(r.article, before.article);
    let after = r.position();
    update(&mut r, Action::Back);
    assert_eq!(r.position(), before);
    update(&mut r, Action::Forward);
    assert_eq!(r.position(), after);
}

#[test]
fn entity_card_lists_mentions_and_enter_jumps_across_articles() {
    let mut r = reader(120, 40);
    update(&mut r, Action::FocusNext);
    assert_eq!(r.pane, Pane::Entities);
    let e = r
        .selected_entity()
        .expect("the first passage mentions an entity");
    update(&mut r, Action::Activate);
    let Some(Overlay::Card(card)) = &r.overlay else {
        panic!("no card")
    };
    assert_eq!(card.entity, e);
    // Select the last mention in the card and go there.
    let items = lectern::reader::card_items(&CORPUS, e);
    let last = items.len() - 1;
    for _ in 0..last {
        update(&mut r, Action::Down);
    }
    let before = r.position();
    update(&mut r, Action::Activate);
    assert!(r.overlay.is_none());
    let want = CORPUS.entities[e].mentions.last().unwrap().loc;
    assert_eq!(r.loc(), want);
    update(&mut r, Action::Back);
    assert_eq!(r.position(), before);
}

#[test]
fn card_navigation_to_related_entities_and_back() {
    let (e, ent) = CORPUS
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| !e.related.is_empty())
        .unwrap();
    let e = EntityIdx(e);
    let mut r = reader(120, 40);
    r.overlay = Some(Overlay::Card(lectern::reader::CardState {
        entity: e,
        sel: 0,
        stack: vec![],
    }));
    update(&mut r, Action::Activate);
    let Some(Overlay::Card(card)) = &r.overlay else {
        panic!("card closed")
    };
    assert_eq!(card.entity, ent.related[0]);
    update(&mut r, Action::Back);
    let Some(Overlay::Card(card)) = &r.overlay else {
        panic!("card closed")
    };
    assert_eq!(card.entity, e);
    update(&mut r, Action::Back);
    assert!(r.overlay.is_none());
}

#[test]
fn resize_keeps_the_focus_passage_on_screen() {
    let mut r = reader(200, 60);
    let a = article_with(6);
    go_article(&mut r, a);
    run(
        &mut r,
        &[
            Action::NextPassage,
            Action::NextPassage,
            Action::NextPassage,
            Action::Down,
        ],
    );
    let focus = r.focus;
    for (w, h) in [(80, 24), (40, 10), (1, 1), (20, 6), (120, 40), (250, 80)] {
        update(&mut r, Action::Resize(w, h));
        assert_eq!(r.focus, focus, "resize to {w}×{h} changed the focus");
        assert_eq!(r.doc.width, r.text_width());
        if r.view_height() > 0 {
            assert!(focus_visible(&r), "focus off screen at {w}×{h}");
        }
    }
}

#[test]
fn article_list_goes_to_the_chosen_article() {
    let mut r = reader(120, 40);
    update(&mut r, Action::Articles);
    run(&mut r, &[Action::Down, Action::Down, Action::Activate]);
    assert!(r.overlay.is_none());
    assert_eq!(r.article, ArticleIdx(2));
    assert_eq!(r.focus, 0);
    update(&mut r, Action::Back);
    assert_eq!(r.article, ArticleIdx(0));
}

#[test]
fn toggling_the_original_text_rewraps_and_keeps_the_focus() {
    let a = CORPUS
        .articles
        .iter()
        .position(|a| a.passages.iter().any(|p| p.original.is_some()))
        .map(ArticleIdx)
        .unwrap();
    let mut r = reader(120, 40);
    go_article(&mut r, a);
    let p = CORPUS.articles[a]
        .passages
        .iter()
        .position(|p| p.original.is_some())
        .unwrap();
    while r.focus < p {
        update(&mut r, Action::NextPassage);
    }
    let wraps = r.wraps;
    update(&mut r, Action::ToggleOriginal);
    assert!(r.show_original);
    assert_eq!(r.wraps, wraps + 1, "the toggle re-wraps once");
    assert!(r.doc.original);
    assert_eq!(r.focus, p);
    update(&mut r, Action::ToggleOriginal);
    assert!(!r.show_original);
}

#[test]
fn scrolling_past_line_65535_works() {
    // A synthetic article far longer than a u16 can count.
    let text: String = (0..70_000)
        .map(|i| format!("Line {i} of a very long article.\n\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("articles/long.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("corpus.json"),
        r#"{"format":1,"id":"long","title":"Long","articles":[{"id":"long","title":"Long","source":"test","file":"articles/long.txt"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("entities.json"), "[]").unwrap();
    std::fs::write(dir.path().join("events.json"), "[]").unwrap();
    let c = corpus::load(&corpus::PackSource::dir(dir.path()).unwrap()).unwrap();
    let mut r = Reader::new(Arc::new(c), 120, 40);
    update(&mut r, Action::Bottom);
    assert!(r.scroll > 65_535 * 2, "scroll {}", r.scroll);
    assert_eq!(r.focus, 69_999);
    update(&mut r, Action::Up);
    assert!(r.scroll > 65_535);
    assert!(focus_visible(&r));
}

#[test]
fn every_jump_target_is_a_real_passage() {
    for (ei, e) in CORPUS.entities.iter().enumerate() {
        for m in &e.mentions {
            let p = CORPUS.passage(m.loc).unwrap();
            assert!(
                p.mentions
                    .iter()
                    .any(|x| x.entity == EntityIdx(ei) && x.range == m.range)
            );
        }
    }
}

#[test]
fn after_n_the_sidebar_the_status_and_enter_name_the_same_entity() {
    let c = CORPUS.clone();
    // An entity with mentions in several passages, some of which mention
    // other entities first, so the sidebar's first row is someone else.
    let (e, _) = c
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.mentions.len() >= 4)
        .max_by_key(|(_, e)| e.mentions.len())
        .expect("an entity mentioned often");
    let e = EntityIdx(e);
    let mut r = reader(120, 40);
    r.target = Some(Target::Entity(e));
    let mut disagreements = 0;
    for _ in 0..c.entities[e].mentions.len() {
        update(&mut r, Action::NextHit);
        let status = r.status.clone().unwrap_or_default();
        assert!(status.ends_with(&c.entities[e].name), "{status}");
        let first_here = c.articles[r.article].passages[r.focus].entities.first();
        if first_here != Some(&e) {
            disagreements += 1;
        }
        assert_eq!(r.selected_entity(), Some(e), "at {:?}", r.loc());
        let mut t = r.clone();
        update(&mut t, Action::Activate);
        assert!(
            matches!(&t.overlay, Some(Overlay::Card(card)) if card.entity == e),
            "Enter opened {:?}",
            t.overlay
        );
    }
    assert!(
        disagreements > 0,
        "the walk never met a passage where another entity comes first"
    );
}

#[test]
fn enlarging_the_window_leaves_no_blank_rows_under_the_timeline() {
    let c = CORPUS.clone();
    let mut r = reader(120, 24);
    r.pane = Pane::Timeline;
    update(&mut r, Action::Bottom);
    assert_eq!(r.event_sel, EventIdx(c.events.len() - 1));
    update(&mut r, Action::Resize(120, 60));
    let rows = 60 * 55 / 100 - 3;
    assert!(
        c.events.len() > rows,
        "the timeline must be longer than the pane"
    );
    assert_eq!(
        r.timeline_offset,
        c.events.len() - rows,
        "the list ends at the pane's last row"
    );
}

#[test]
fn tab_into_the_sidebar_selects_the_first_entity_of_the_passage() {
    let c = CORPUS.clone();
    let mut r = reader(120, 40);
    update(&mut r, Action::NextPassage);
    update(&mut r, Action::FocusNext);
    assert_eq!(r.pane, Pane::Entities);
    let first = c.articles[r.article].passages[r.focus]
        .entities
        .first()
        .copied();
    assert_eq!(r.selected_entity(), first);
}

#[test]
fn q_closes_what_is_in_front_and_quits_only_from_the_document() {
    use lectern::reader::Effect;
    let mut r = reader(120, 40);
    for open in [
        Action::Help,
        Action::Articles,
        Action::Tours,
        Action::Activate,
    ] {
        update(&mut r, open);
        assert!(r.overlay.is_some(), "{open:?} opened nothing");
        assert_eq!(update(&mut r, Action::Leave), Effect::None);
        assert!(r.overlay.is_none(), "q left {:?} open", r.overlay);
    }
    // On a narrow screen a side pane covers the document: q closes it.
    let mut narrow = reader(80, 24);
    update(&mut narrow, Action::FocusNext);
    assert_eq!(update(&mut narrow, Action::Leave), Effect::None);
    assert_eq!(narrow.pane, Pane::Document);
    assert_eq!(update(&mut narrow, Action::Leave), Effect::Quit);
    // Beside the document, a side pane is part of it: q quits.
    update(&mut r, Action::FocusNext);
    assert_eq!(update(&mut r, Action::Leave), Effect::Quit);
    // Ctrl-c quits from anywhere, a prompt included.
    update(&mut r, Action::Help);
    assert_eq!(update(&mut r, Action::Quit), Effect::Quit);
    update(&mut r, Action::Close);
    update(&mut r, Action::Search);
    assert_eq!(update(&mut r, Action::Quit), Effect::Quit);
    assert_eq!(update(&mut r, Action::Suspend), Effect::Suspend);
}

#[test]
fn every_list_answers_g_g_and_page_keys() {
    let mut r = reader(120, 40);
    update(&mut r, Action::Tours);
    update(&mut r, Action::Bottom);
    assert_eq!(
        r.overlay,
        Some(Overlay::Tours {
            sel: CORPUS.clone().tours.len() - 1
        })
    );
    update(&mut r, Action::Top);
    assert_eq!(r.overlay, Some(Overlay::Tours { sel: 0 }));
    update(&mut r, Action::Close);
    update(&mut r, Action::Articles);
    update(&mut r, Action::PageDown);
    assert_eq!(
        r.overlay,
        Some(Overlay::Articles {
            sel: CORPUS.clone().articles.len() - 1
        })
    );
    update(&mut r, Action::Close);
    r.set_help_lines(lectern::ui::overlay::help_line_count());
    update(&mut r, Action::Help);
    update(&mut r, Action::Bottom);
    let Some(Overlay::Help { scroll }) = r.overlay else {
        panic!()
    };
    assert!(scroll > 0);
    update(&mut r, Action::Top);
    assert_eq!(r.overlay, Some(Overlay::Help { scroll: 0 }));
}

/// The reader's state knows nothing of how it is drawn or which keys drive it.
#[test]
fn reader_depends_on_neither_ui_nor_keymap() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/reader");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        seen += 1;
        for bad in [
            "crate::ui",
            "crate::keymap",
            "crate::app",
            "crate::cli",
            "super::super::ui",
        ] {
            assert!(!text.contains(bad), "{} uses {bad}", p.display());
        }
    }
    assert!(seen > 5, "src/reader was not read");
}

#[test]
fn prev_passage_on_the_first_passage_says_so_as_next_on_the_last_does() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut r = reader(w, h);
        for a in CORPUS.article_indices() {
            go_article(&mut r, a);
            update(&mut r, Action::Top);
            update(&mut r, Action::PrevPassage);
            assert_eq!((r.article, r.focus, r.scroll), (a, 0, 0));
            let s = r.status.clone().unwrap_or_default();
            assert!(s.contains("first passage"), "article {a}: {s:?}");
            update(&mut r, Action::Bottom);
            update(&mut r, Action::NextPassage);
            let s = r.status.clone().unwrap_or_default();
            assert!(s.contains("last passage"), "article {a}: {s:?}");
        }
    }
}

#[test]
fn space_stops_at_the_last_line_then_goes_on_to_the_next_article() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut r = reader(w, h);
        let n = CORPUS.articles.len();
        for a in 0..n {
            let (a, next) = (ArticleIdx(a), ArticleIdx(a + 1));
            assert_eq!(r.article, a);
            assert_eq!(r.scroll, 0, "an article is entered at its top");
            let mut reached_end = false;
            for _ in 0..=r.doc.lines.len() {
                update(&mut r, Action::PageDown);
                if r.article != a {
                    break;
                }
                let height = r.view_height();
                let lines = r.doc.lines.len();
                // Never blank space below the text while there is text to fill it.
                assert!(
                    r.scroll + height <= lines.max(height),
                    "article {a} at {w}x{h}: scroll {} of {lines} lines, {height} rows",
                    r.scroll
                );
                assert!(focus_visible(&r));
                if r.scroll + height >= lines {
                    if reached_end {
                        break;
                    }
                    reached_end = true;
                    let s = r.status.clone().unwrap_or_default();
                    assert!(s.contains("end of"), "article {a}: {s:?}");
                }
            }
            if next.index() < n {
                assert_eq!(r.article, next, "Space after the end goes on");
                let s = r.status.clone().unwrap_or_default();
                assert!(
                    s.contains(&CORPUS.articles[next].title),
                    "the status names the next article: {s:?}"
                );
            } else {
                assert_eq!(r.article, a, "the last article stays");
                update(&mut r, Action::PageDown);
                assert_eq!(r.article, a);
                assert!(r.status.is_some());
            }
        }
    }
}
