//! Guided reading on the embedded corpus, driven by Action sequences: tours,
//! chronological reading, comparing sources and search (with the hits'
//! highlighting checked on the drawn buffer).

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{CORPUS, apply, buffer_text, draw, reader};
use lectern::corpus::date::EdtfDate;
use lectern::corpus::{ArticleIdx, EventIdx, PassageLoc};
use lectern::reader::{Action, Edit, Overlay, Pane, Reader, Target, TourPos, update};
use lectern::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const W: u16 = 120;
const H: u16 = 40;
const COLOR: Theme = Theme::colour(true);
const MONO: Theme = Theme::colour(false);

fn status(r: &Reader) -> &str {
    r.status.as_deref().unwrap_or("")
}

fn focus_visible(r: &Reader) -> bool {
    let lines = &r.doc.passages[r.focus];
    lines.start < r.scroll + r.view_height() && lines.end > r.scroll
}

fn timeline_shows(r: &Reader, ev: EventIdx) -> bool {
    // Rows of the timeline list: inside the border, under the ruler.
    let rows = r
        .screen()
        .timeline
        .map_or(10, |t| {
            lectern::layout::inner(t).height.saturating_sub(1) as usize
        })
        .max(1);
    (r.timeline_offset..r.timeline_offset + rows).contains(&ev.index())
}

fn go(r: &mut Reader, to: PassageLoc) {
    assert!(CORPUS.passage(to).is_some(), "{to:?} is not a passage");
    while r.article < to.article {
        update(r, Action::NextArticle);
    }
    while r.article > to.article {
        update(r, Action::PrevArticle);
    }
    update(r, Action::Top);
    while r.focus < to.passage {
        update(r, Action::NextPassage);
    }
    assert_eq!(r.loc(), to);
}

fn type_text(r: &mut Reader, s: &str) {
    for c in s.chars() {
        update(r, Action::Edit(Edit::Char(c)));
    }
}

fn event_by_id(id: &str) -> EventIdx {
    CORPUS
        .event_index(id)
        .unwrap_or_else(|| panic!("no event {id:?}"))
}

// ---------------------------------------------------------------------------
// Tours

/// Checks that every pane shows tour step `k` of tour `t`.
fn check_step(r: &Reader, t: usize, k: usize) {
    let tour = &CORPUS.tours[t];
    let step = &tour.steps[k];
    let what = format!("tour {} step {}", tour.id, k + 1);
    assert_eq!(r.tour, Some(TourPos { tour: t, step: k }), "{what}");
    assert_eq!(r.loc(), step.loc, "{what}: the step's passage");
    assert!(focus_visible(r), "{what}: the passage is on screen");
    assert_eq!(r.tour_step().map(|s| s.loc), Some(step.loc));
    if let Some(ev) = step.event {
        assert_eq!(r.event_sel, ev, "{what}: the step's event is selected");
        assert!(timeline_shows(r, ev), "{what}: its event is in view");
    }
    match (step.entity, step.event) {
        (Some(e), _) => {
            assert_eq!(r.target, Some(Target::Entity(e)), "{what}");
            assert_eq!(
                r.selected_entity(),
                Some(e),
                "{what}: the sidebar selects {}",
                CORPUS.entities[e].id
            );
        }
        (None, Some(ev)) => assert_eq!(r.target, Some(Target::Event(ev)), "{what}"),
        (None, None) => {}
    }
    // The tour bar takes room under the document, and the document is
    // wrapped for what is left.
    assert!(r.screen().bar.is_some(), "{what}: the tour bar is shown");
    assert_eq!(r.doc.width, r.text_width(), "{what}: wrapped for the view");
}

#[test]
fn stepping_each_tour_lands_on_every_step() {
    assert!(CORPUS.tours.len() >= 2);
    for (t, tour) in CORPUS.tours.iter().enumerate() {
        let mut r = reader(W, H);
        update(&mut r, Action::Tours);
        for _ in 0..t {
            update(&mut r, Action::Down);
        }
        assert_eq!(r.overlay, Some(Overlay::Tours { sel: t }));
        update(&mut r, Action::Activate);
        assert!(r.overlay.is_none());
        check_step(&r, t, 0);
        for k in 1..tour.steps.len() {
            update(&mut r, Action::NextStep);
            check_step(&r, t, k);
        }
        let last = tour.steps.len() - 1;
        update(&mut r, Action::NextStep);
        check_step(&r, t, last);
        assert!(status(&r).contains("last step"), "{:?}", r.status);
        // And back down to the first.
        for k in (0..last).rev() {
            update(&mut r, Action::PrevStep);
            check_step(&r, t, k);
        }
        update(&mut r, Action::PrevStep);
        check_step(&r, t, 0);
        assert!(status(&r).contains("first step"), "{:?}", r.status);
    }
}

#[test]
fn wandering_off_a_tour_says_so_and_a_finished_tour_starts_again() {
    for (t, tour) in CORPUS.tours.iter().enumerate() {
        let mut r = reader(W, H);
        update(&mut r, Action::Tours);
        for _ in 0..t {
            update(&mut r, Action::Down);
        }
        update(&mut r, Action::Activate);
        for k in 0..tour.steps.len() {
            check_step(&r, t, k);
            // Away to another article: the status says where the tour is.
            let away = if r.article.index() + 1 < CORPUS.articles.len() {
                Action::NextArticle
            } else {
                Action::PrevArticle
            };
            update(&mut r, away);
            assert_ne!(r.loc(), tour.steps[k].loc);
            let want = format!("off the tour — > returns to step {}", k + 1);
            assert_eq!(status(&r), want);
            // It stays said while the reader is away.
            update(&mut r, Action::Down);
            if r.loc() != tour.steps[k].loc {
                assert_eq!(status(&r), want);
            }
            // > brings the reader back to that step, not past it.
            update(&mut r, Action::NextStep);
            check_step(&r, t, k);
            assert!(!status(&r).contains("off the tour"), "{:?}", r.status);
            update(&mut r, Action::NextStep);
        }
        let last = tour.steps.len() - 1;
        check_step(&r, t, last);
        assert!(status(&r).contains("finished"), "{:?}", r.status);
        assert!(status(&r).contains("again"), "{:?}", r.status);
        update(&mut r, Action::NextStep);
        check_step(&r, t, 0);
    }
}

#[test]
fn steps_take_the_history_only_when_the_tour_starts() {
    let mut r = reader(W, H);
    apply(&mut r, &[Action::NextPassage, Action::Down]);
    let before = r.position();
    apply(&mut r, &[Action::Tours, Action::Activate]);
    update(&mut r, Action::Back);
    assert_eq!(r.position(), before, "Back returns to where the tour began");
}

#[test]
fn leaving_and_resuming_a_tour_keeps_the_step() {
    let mut r = reader(W, H);
    update(&mut r, Action::NextStep);
    assert!(status(&r).contains("no tour"), "{:?}", r.status);
    assert_eq!(r.tour, None);

    apply(&mut r, &[Action::Tours, Action::Activate]);
    apply(
        &mut r,
        &[Action::NextStep, Action::NextStep, Action::NextStep],
    );
    check_step(&r, 0, 3);
    let with_bar = r.view_height();

    update(&mut r, Action::LeaveTour);
    assert_eq!(r.tour, None);
    assert!(status(&r).contains("step 4"), "{:?}", r.status);
    assert!(r.screen().bar.is_none(), "the bar goes with the tour");
    assert!(
        r.view_height() > with_bar,
        "the document gets the room back"
    );
    assert_eq!(r.doc.width, r.text_width());
    assert_eq!(
        r.loc(),
        CORPUS.tours[0].steps[3].loc,
        "leaving does not move"
    );
    assert!(focus_visible(&r));

    // Read elsewhere, then resume.
    apply(&mut r, &[Action::NextArticle, Action::NextPassage]);
    update(&mut r, Action::NextStep);
    assert_eq!(r.tour, None, "> does nothing outside a tour");
    apply(&mut r, &[Action::Tours, Action::Activate]);
    check_step(&r, 0, 3);
    update(&mut r, Action::NextStep);
    check_step(&r, 0, 4);
}

// ---------------------------------------------------------------------------
// Chronological reading

/// The dates as written in content/events.json, parsed here, by event id.
fn written_dates() -> BTreeMap<String, EdtfDate> {
    let path = format!("{}/content/events.json", env!("CARGO_MANIFEST_DIR"));
    let specs: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    specs
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let date = e["date"].as_str().unwrap();
            (
                e["id"].as_str().unwrap().to_owned(),
                EdtfDate::parse(date).unwrap_or_else(|err| panic!("{date}: {err}")),
            )
        })
        .collect()
}

#[test]
fn the_chronological_order_follows_the_event_dates() {
    let chrono = &CORPUS.chrono;
    let dates = written_dates();
    let date_of = |ev: EventIdx| &dates[&CORPUS.events[ev].id];

    // Every event is read at each of its passages, once; passages describing
    // none are left out.
    let pairs: BTreeSet<(PassageLoc, EventIdx)> = chrono.iter().copied().collect();
    assert_eq!(
        pairs.len(),
        chrono.len(),
        "an event's passage is placed twice"
    );
    let want: BTreeSet<(PassageLoc, EventIdx)> = CORPUS
        .event_indices()
        .flat_map(|e| CORPUS.events[e].passages.iter().map(move |&l| (l, e)))
        .collect();
    assert_eq!(pairs, want);
    for (a, article) in CORPUS.articles.iter().enumerate() {
        for (p, passage) in article.passages.iter().enumerate() {
            let l = PassageLoc {
                article: ArticleIdx(a),
                passage: p,
            };
            assert_eq!(
                chrono.iter().any(|(x, _)| *x == l),
                !passage.events.is_empty(),
                "{l:?} with events {:?}",
                passage.events
            );
        }
    }

    // Dates never go back, whatever their precision or qualifier.
    for w in chrono.windows(2) {
        let (a, b) = (w[0].1, w[1].1);
        assert!(
            date_of(a) <= date_of(b),
            "{} ({}) comes before {} ({})",
            CORPUS.events[a].id,
            date_of(a).to_edtf(),
            CORPUS.events[b].id,
            date_of(b).to_edtf()
        );
    }
    // The order is exercised on intervals, approximate and unspecified dates.
    let placing: BTreeSet<EventIdx> = chrono.iter().map(|&(_, e)| e).collect();
    let edtf: Vec<String> = placing.iter().map(|&e| date_of(e).to_edtf()).collect();
    assert!(edtf.iter().any(|d| d.contains('/')), "{edtf:?}");
    assert!(edtf.iter().any(|d| d.ends_with('~')), "{edtf:?}");
    assert!(edtf.iter().any(|d| d.contains('X')), "{edtf:?}");

    // The passages of one event are together, in reading order.
    let mut done = BTreeSet::new();
    for w in chrono.windows(2) {
        let ((la, a), (lb, b)) = (w[0], w[1]);
        if a == b {
            assert!(
                la < lb,
                "{la:?} before {lb:?} within {}",
                CORPUS.events[a].id
            );
        } else {
            done.insert(a);
            assert!(
                !done.contains(&b),
                "the passages of {} are split",
                CORPUS.events[b].id
            );
        }
    }
}

#[test]
fn chronological_reading_reaches_every_event_with_a_passage_in_date_order() {
    let dates = written_dates();
    let date_of = |ev: EventIdx| dates[&CORPUS.events[ev].id].clone();
    // What a reader must meet: each event at each of its passages, by date.
    let mut want: Vec<(EventIdx, PassageLoc)> = CORPUS
        .event_indices()
        .flat_map(|e| CORPUS.events[e].passages.iter().map(move |&l| (e, l)))
        .collect();
    want.sort_by(|a, b| {
        date_of(a.0)
            .cmp(&date_of(b.0))
            .then(a.0.cmp(&b.0))
            .then(a.1.cmp(&b.1))
    });
    let (first_ev, first_loc) = want[0];
    let latest = want.last().unwrap().0;
    assert_eq!(date_of(latest).start().0, 1939, "the corpus ends in 1939");

    let mut r = reader(W, H);
    go(&mut r, first_loc);
    update(&mut r, Action::Chronological);
    assert!(r.chrono);
    let tag = "in order of events";
    let mut seen = vec![(r.event_sel, r.loc())];
    assert_eq!(seen[0], (first_ev, first_loc));
    for _ in 0..want.len() + 5 {
        let before = (r.chrono_pos, r.loc());
        update(&mut r, Action::NextPassage);
        if (r.chrono_pos, r.loc()) == before {
            assert!(status(&r).contains("last"), "{:?}", r.status);
            break;
        }
        assert!(focus_visible(&r));
        // (Beside a status message, the footer's shorter form of the mode.)
        let screen = buffer_text(&draw(&r, MONO));
        assert!(
            screen.contains(tag) || screen.contains("by events"),
            "the mode is shown"
        );
        seen.push((r.event_sel, r.loc()));
    }
    // Dates never go back, and every event with a passage is read there.
    for w in seen.windows(2) {
        assert!(date_of(w[0].0) <= date_of(w[1].0), "{w:?}");
    }
    let got: BTreeSet<(EventIdx, PassageLoc)> = seen.iter().copied().collect();
    let all: BTreeSet<(EventIdx, PassageLoc)> = want.iter().copied().collect();
    assert_eq!(got, all, "an event or one of its passages is passed over");
    assert_eq!(seen.len(), want.len());
    assert_eq!(date_of(seen.last().unwrap().0), date_of(latest));

    // { walks the same way back, to the first, and says so there.
    let mut back = vec![(r.event_sel, r.loc())];
    for _ in 0..want.len() + 5 {
        let before = (r.chrono_pos, r.loc());
        update(&mut r, Action::PrevPassage);
        if (r.chrono_pos, r.loc()) == before {
            assert!(status(&r).contains("first"), "{:?}", r.status);
            break;
        }
        back.push((r.event_sel, r.loc()));
    }
    back.reverse();
    assert_eq!(back, seen);

    // Off again: the tag goes.
    update(&mut r, Action::Chronological);
    assert!(!buffer_text(&draw(&r, MONO)).contains(tag));
}

#[test]
fn chronological_reading_visits_the_passages_in_the_order_of_events() {
    let chrono = &CORPUS.chrono;
    assert!(chrono.len() > 10);
    let mut r = reader(W, H);
    go(&mut r, chrono[0].0);
    update(&mut r, Action::Chronological);
    assert!(r.chrono);
    assert_eq!(r.chrono_pos, 0);
    assert!(status(&r).contains("order of events"), "{:?}", r.status);

    let mut visited = vec![r.loc()];
    for (i, &(l, ev)) in chrono.iter().enumerate().skip(1) {
        update(&mut r, Action::NextPassage);
        assert_eq!(r.chrono_pos, i);
        assert_eq!(r.loc(), l, "step {i}");
        assert_eq!(r.event_sel, ev, "step {i}: the placing event is selected");
        assert!(timeline_shows(&r, ev), "step {i}: its event is in view");
        assert!(focus_visible(&r));
        assert!(!CORPUS.passage(l).unwrap().events.is_empty());
        visited.push(l);
    }
    let want: Vec<PassageLoc> = chrono.iter().map(|(l, _)| *l).collect();
    assert_eq!(visited, want);
    update(&mut r, Action::NextPassage);
    assert_eq!(r.loc(), chrono.last().unwrap().0, "the end stays");
    assert!(r.status.is_some());

    // { walks back.
    update(&mut r, Action::PrevPassage);
    assert_eq!(r.loc(), chrono[chrono.len() - 2].0);

    // C again: back to article order, } is the next passage of the article.
    update(&mut r, Action::Chronological);
    assert!(!r.chrono);
    let here = r.loc();
    update(&mut r, Action::NextPassage);
    if here.passage + 1 < CORPUS.articles[here.article].passages.len() {
        assert_eq!(
            r.loc(),
            PassageLoc {
                article: here.article,
                passage: here.passage + 1
            }
        );
    }
}

#[test]
fn chronological_steps_name_their_event_where_the_timeline_is_hidden() {
    // Below 100 columns the timeline is not drawn; two steps may stay on
    // one passage, and only the bottom line can say what moved.
    let mut r = reader(80, 24);
    go(&mut r, CORPUS.chrono[0].0);
    update(&mut r, Action::Chronological);
    for step in 1..CORPUS.chrono.len() {
        update(&mut r, Action::NextPassage);
        let ev = &CORPUS.events[r.event_sel];
        let date = ev.date.to_string();
        let screen = buffer_text(&draw(&r, MONO));
        let bottom = screen.lines().last().unwrap_or_default();
        assert!(
            bottom.contains(&date),
            "step {step} to {} ({date}) is not named:\n{bottom}",
            ev.title
        );
    }
}

#[test]
fn chronological_reading_starts_at_the_focus_when_it_is_placed() {
    let chrono = &CORPUS.chrono;
    // A passage describing several events is read first under the earliest.
    let mid = chrono[chrono.len() / 2].0;
    let i = chrono.iter().position(|(l, _)| *l == mid).unwrap();
    let mut r = reader(W, H);
    go(&mut r, mid);
    update(&mut r, Action::Chronological);
    assert_eq!(r.chrono_pos, i);
    assert_eq!(r.loc(), chrono[i].0);
    update(&mut r, Action::NextPassage);
    assert_eq!(r.loc(), chrono[i + 1].0);
}

// ---------------------------------------------------------------------------
// Compare sources

/// Selects event `ev` in the timeline with the keys.
fn select_in_timeline(r: &mut Reader, ev: EventIdx) {
    while r.pane != Pane::Timeline {
        update(r, Action::FocusNext);
    }
    while r.event_sel < ev {
        update(r, Action::Down);
    }
    while r.event_sel > ev {
        update(r, Action::Up);
    }
    assert_eq!(r.event_sel, ev);
}

#[test]
fn compare_lists_exactly_the_events_passages_and_enter_goes_there() {
    let ev = event_by_id("rapallo-signing");
    let describing: Vec<PassageLoc> = CORPUS
        .articles
        .iter()
        .enumerate()
        .flat_map(|(a, art)| {
            art.passages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.events.contains(&ev))
                .map(move |(p, _)| PassageLoc {
                    article: ArticleIdx(a),
                    passage: p,
                })
        })
        .collect();
    assert!(describing.len() >= 3);
    let articles: BTreeSet<ArticleIdx> = describing.iter().map(|l| l.article).collect();
    assert!(articles.len() >= 3, "told by several sources");

    for k in 0..describing.len() {
        let mut r = reader(W, H);
        select_in_timeline(&mut r, ev);
        let before = r.position();
        update(&mut r, Action::Compare);
        assert_eq!(r.overlay, Some(Overlay::Compare { event: ev, sel: 0 }));
        assert_eq!(lectern::reader::compare_passages(&r, ev), describing);
        for _ in 0..k {
            update(&mut r, Action::Down);
        }
        update(&mut r, Action::Activate);
        assert!(r.overlay.is_none());
        assert_eq!(r.loc(), describing[k], "Enter on row {k}");
        assert_eq!(r.target, Some(Target::Event(ev)));
        assert_eq!(r.event_sel, ev);
        assert!(focus_visible(&r));
        update(&mut r, Action::Back);
        assert_eq!(r.position(), before);
    }

    // Down goes on through every claim of the disputes, and stops at the
    // last.
    let claims: usize = CORPUS.events[ev]
        .disputes
        .iter()
        .map(|d| d.claims.len())
        .sum();
    let mut r = reader(W, H);
    select_in_timeline(&mut r, ev);
    update(&mut r, Action::Compare);
    for _ in 0..describing.len() + claims + 3 {
        update(&mut r, Action::Down);
    }
    assert_eq!(
        r.overlay,
        Some(Overlay::Compare {
            event: ev,
            sel: describing.len() + claims - 1
        })
    );
    update(&mut r, Action::Close);
    assert!(r.overlay.is_none());
}

#[test]
fn compare_every_event_lists_its_passages() {
    for ev in CORPUS.event_indices() {
        let mut r = reader(W, H);
        select_in_timeline(&mut r, ev);
        update(&mut r, Action::Compare);
        assert_eq!(r.overlay, Some(Overlay::Compare { event: ev, sel: 0 }));
        let listed = lectern::reader::compare_passages(&r, ev);
        assert!(!listed.is_empty());
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "reading order");
        for l in &listed {
            assert!(CORPUS.passage(*l).unwrap().events.contains(&ev));
        }
    }
}

#[test]
fn compare_from_the_document_uses_the_target_or_the_focus_passage() {
    // No target: the focus passage's first event.
    let with_event = CORPUS.chrono[0].0;
    let mut r = reader(W, H);
    go(&mut r, with_event);
    r.target = None;
    update(&mut r, Action::Compare);
    let first = CORPUS.passage(with_event).unwrap().events[0];
    assert_eq!(
        r.overlay,
        Some(Overlay::Compare {
            event: first,
            sel: 0
        })
    );

    // A passage that describes no event, and no target: nothing to compare.
    let bare = CORPUS
        .articles
        .iter()
        .enumerate()
        .find_map(|(a, art)| {
            art.passages
                .iter()
                .position(|p| p.events.is_empty())
                .map(|p| PassageLoc {
                    article: ArticleIdx(a),
                    passage: p,
                })
        })
        .expect("a passage without events");
    let mut r = reader(W, H);
    go(&mut r, bare);
    r.target = None;
    update(&mut r, Action::Compare);
    assert!(r.overlay.is_none());
    assert!(status(&r).contains("select an event"), "{:?}", r.status);
}

/// The text of the cells drawn reversed (selected), row by row.
fn reversed_text(buf: &Buffer) -> String {
    let a = buf.area;
    let mut out = String::new();
    for y in a.top()..a.bottom() {
        for x in a.left()..a.right() {
            if buf[(x, y)].modifier.contains(Modifier::REVERSED) {
                out.push_str(buf[(x, y)].symbol());
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_compare_view_shows_the_selected_passage() {
    let ev = event_by_id("rapallo-signing");
    let passages = &CORPUS.events[ev].passages;
    // Stacked (80×24, 120×40) and side by side (200×60).
    for (w, h) in [(200, 60), (80, 24), (120, 40)] {
        let mut r = reader(w, h);
        select_in_timeline(&mut r, ev);
        update(&mut r, Action::Compare);
        for (k, l) in passages.iter().enumerate() {
            if k > 0 {
                update(&mut r, Action::Down);
            }
            let buf = draw(&r, COLOR);
            let text = buffer_text(&buf);
            let label = format!("§{}", l.passage + 1);
            let selected = reversed_text(&buf);
            assert!(
                selected.contains(&label),
                "{w}x{h}: row {k} ({l:?}) is selected but {label} is not shown selected:\n{text}"
            );
            if w < 200 {
                // One column: the selected passage's header names its article,
                // and its first words follow.
                let title = &CORPUS.articles[l.article].title;
                assert!(
                    selected.contains(&format!("{title} {label}")),
                    "{w}x{h}: row {k}: header of {l:?}:\n{text}"
                );
                let p = &CORPUS.articles[l.article].passages[l.passage];
                let opening = p
                    .text
                    .split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" ");
                let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    flat.contains(&opening),
                    "{w}x{h}: row {k} ({l:?}): {opening:?} not shown:\n{text}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Search

fn search_for(r: &mut Reader, q: &str) {
    update(r, Action::Search);
    assert!(r.editing());
    type_text(r, q);
}

fn hit_text(loc: PassageLoc, range: std::ops::Range<usize>) -> &'static str {
    &CORPUS.passage(loc).unwrap().text[range]
}

#[test]
fn typing_a_query_finds_hits_grouped_by_article_in_reading_order() {
    let mut r = reader(W, H);
    search_for(&mut r, "rapallo");
    let s = r.search.as_ref().expect("search state");
    assert_eq!(s.query, "rapallo");
    assert_eq!(s.hits, lectern::search::search(&CORPUS, "rapallo", false));
    assert!(
        s.hits.windows(2).all(|w| w[0].loc <= w[1].loc),
        "reading order"
    );
    let arts: BTreeSet<ArticleIdx> = s.hits.iter().map(|h| h.loc.article).collect();
    assert!(arts.len() >= 3, "in several articles: {arts:?}");
    // Every passage that contains the word has a hit, and every hit is the word.
    let mut n = 0;
    for (a, art) in CORPUS.articles.iter().enumerate() {
        for (p, passage) in art.passages.iter().enumerate() {
            let here = s
                .hits
                .iter()
                .filter(|h| {
                    h.loc
                        == PassageLoc {
                            article: ArticleIdx(a),
                            passage: p,
                        }
                })
                .count();
            assert_eq!(here, passage.text.to_lowercase().matches("rapallo").count());
            n += here;
        }
    }
    assert_eq!(n, s.hits.len());
    for h in &s.hits {
        assert!(hit_text(h.loc, h.range.clone()).eq_ignore_ascii_case("rapallo"));
    }
    let summary = format!("{} hits in {} articles", s.hits.len(), arts.len());
    assert_eq!(status(&r), summary);
    // Typing previews the first hit without going on the history.
    assert_eq!(r.loc(), s.hits[0].loc);
    assert!(r.history.back.is_empty());
}

#[test]
fn search_is_smart_case() {
    let lower = lectern::search::search(&CORPUS, "treaty", false);
    let upper = lectern::search::search(&CORPUS, "Treaty", false);
    let texts = |hits: &[lectern::search::Hit]| -> BTreeSet<&str> {
        hits.iter()
            .map(|h| hit_text(h.loc, h.range.clone()))
            .collect()
    };
    // A lowercase query finds both spellings, a capitalised one only its own.
    assert_eq!(texts(&lower), BTreeSet::from(["Treaty", "treaty"]));
    assert_eq!(texts(&upper), BTreeSet::from(["Treaty"]));
    assert!(upper.len() < lower.len());

    let mut r = reader(W, H);
    search_for(&mut r, "Treaty");
    assert_eq!(r.search.as_ref().unwrap().hits, upper);
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "treaty");
    assert_eq!(r.search.as_ref().unwrap().hits, lower);
    // "rapallo" is only ever written capitalised: lowercase still finds it.
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "rapallo");
    assert!(!r.search.as_ref().unwrap().hits.is_empty());
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "RAPALLO");
    assert!(r.search.as_ref().unwrap().hits.is_empty());
    assert_eq!(status(&r), "no hits");
}

/// A passage after the first article with no "Rapallo" in it, and hits later on.
fn quiet_start(hits: &[lectern::search::Hit]) -> PassageLoc {
    CORPUS
        .articles
        .iter()
        .enumerate()
        .skip(1)
        .flat_map(|(a, art)| {
            (0..art.passages.len()).map(move |p| PassageLoc {
                article: ArticleIdx(a),
                passage: p,
            })
        })
        .find(|&l| hits.iter().all(|h| h.loc != l) && hits.iter().any(|h| h.loc > l))
        .expect("a passage without a hit, before some")
}

/// Goes to a passage and scrolls a line into it, if it stays the focus.
fn go_scrolled(r: &mut Reader, to: PassageLoc) {
    go(r, to);
    update(r, Action::Down);
    if r.loc() != to {
        go(r, to);
    }
}

#[test]
fn enter_goes_to_the_first_hit_after_the_focus_and_n_walks_across_articles() {
    let hits = lectern::search::search(&CORPUS, "Rapallo", false);
    let start = quiet_start(&hits);
    let mut r = reader(W, H);
    go_scrolled(&mut r, start);
    let before = r.position();
    let history = r.history.back.len();

    search_for(&mut r, "Rapallo");
    update(&mut r, Action::Edit(Edit::Submit));
    assert!(!r.editing());
    let first = hits.iter().find(|h| h.loc > start).unwrap().loc;
    assert_eq!(r.loc(), first);
    assert!(focus_visible(&r));
    assert_eq!(r.target, Some(Target::Search));
    assert!(status(&r).contains("hits in"), "{:?}", r.status);
    assert_eq!(r.history.back.len(), history + 1, "one jump on the history");

    // n: every passage with a hit, in order, across articles, then wraps.
    let mut locs: Vec<PassageLoc> = hits.iter().map(|h| h.loc).collect();
    locs.dedup();
    let i = locs.iter().position(|&l| l == first).unwrap();
    let mut crossed = 0;
    for k in 1..locs.len() {
        let prev = r.article;
        update(&mut r, Action::NextHit);
        let want = locs[(i + k) % locs.len()];
        assert_eq!(r.loc(), want, "n #{k}");
        let wrapped = (i + k) % locs.len() == 0;
        assert_eq!(
            status(&r).contains("wrapped"),
            wrapped,
            "n #{k}: {:?}",
            r.status
        );
        if r.article != prev {
            crossed += 1;
        }
    }
    assert!(crossed >= 3, "n crossed articles {crossed} times");
    // Once more: back to where Enter went.
    update(&mut r, Action::NextHit);
    assert_eq!(r.loc(), first);
    // N at the first hit wraps to the last.
    while r.loc() != locs[0] {
        update(&mut r, Action::PrevHit);
    }
    update(&mut r, Action::PrevHit);
    assert_eq!(r.loc(), *locs.last().unwrap());
    assert!(status(&r).contains("wrapped"), "{:?}", r.status);

    // Back, all the way, ends where the search began.
    while r.history.back.len() > history {
        update(&mut r, Action::Back);
    }
    assert_eq!(r.position(), before);
}

#[test]
fn esc_while_typing_puts_the_reader_back_exactly() {
    let hits = lectern::search::search(&CORPUS, "Rapallo", false);
    let start = quiet_start(&hits);
    let mut r = reader(W, H);
    go_scrolled(&mut r, start);
    let before = r.position();
    let history = r.history.back.clone();

    search_for(&mut r, "Rapallo");
    assert_ne!(r.position(), before, "the preview moved");
    update(&mut r, Action::Edit(Edit::Cancel));
    assert!(!r.editing());
    assert_eq!(r.position(), before);
    assert_eq!(
        r.history.back, history,
        "no history from a cancelled search"
    );
    assert!(r.search.is_none());
    assert_ne!(r.target, Some(Target::Search));

    // A query with no hits shows the origin while typing; Enter stays there.
    search_for(&mut r, "Rapallo");
    type_text(&mut r, "zzz");
    assert_eq!(r.position(), before);
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(r.position(), before);
    assert!(status(&r).contains("no hits"), "{:?}", r.status);

    // Backspace on an empty query closes the prompt, back at the origin.
    search_for(&mut r, "R");
    apply(
        &mut r,
        &[Action::Edit(Edit::Backspace), Action::Edit(Edit::Backspace)],
    );
    assert!(!r.editing());
    assert_eq!(r.position(), before);
}

#[test]
fn the_query_is_sanitised() {
    let mut r = reader(W, H);
    search_for(&mut r, "Rap\x1b[31m\x07\u{9b}\u{202e}\u{2066}allo\n");
    let input = r.input.as_ref().unwrap();
    assert_eq!(input.text, "Rap[31mallo");
    update(&mut r, Action::Edit(Edit::Clear));
    search_for(&mut r, "\x1bRap\x1ballo\x1b");
    assert_eq!(r.input.as_ref().unwrap().text, "Rapallo");
    assert_eq!(r.search.as_ref().unwrap().query, "Rapallo");
    assert!(!r.search.as_ref().unwrap().hits.is_empty());
    // The prompt line shows only what was kept.
    let text = buffer_text(&draw(&r, COLOR));
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("/Rapallo  "), "{last:?}");
}

/// Whether a cell carries every part of a style.
fn has_style(buf: &Buffer, (x, y): (u16, u16), style: Style) -> bool {
    let cell = &buf[(x, y)];
    style.fg.is_none_or(|c| cell.fg == c)
        && style.bg.is_none_or(|c| cell.bg == c)
        && cell.modifier.contains(style.add_modifier)
}

/// Screen cells of a byte range of a passage of the current article, where visible.
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
fn hits_are_highlighted_in_the_document() {
    for theme in [COLOR, MONO] {
        let mut r = reader(W, H);
        search_for(&mut r, "Rapallo");
        update(&mut r, Action::Edit(Edit::Submit));
        let buf = draw(&r, theme);
        let hits = r.search.as_ref().unwrap().hits.clone();
        let mut checked = 0;
        for h in hits.iter().filter(|h| h.loc.article == r.article) {
            let c = cells(&r, h.loc.passage, h.range.clone());
            for &cell in &c {
                assert!(
                    has_style(&buf, cell, theme.hit()),
                    "hit cell {cell:?} of {:?} has {:?}, expected {:?}",
                    h.loc,
                    buf[cell].style(),
                    theme.hit()
                );
            }
            if !c.is_empty() {
                let drawn: String = c.iter().map(|&x| buf[x].symbol()).collect();
                assert_eq!(drawn, "Rapallo");
                // The cell before the hit is not highlighted.
                let (x, y) = c[0];
                if x > r.screen().doc_text().x {
                    assert!(!has_style(&buf, (x - 1, y), theme.hit()));
                }
            }
            checked += c.len();
        }
        assert!(checked >= "Rapallo".len(), "a hit is on screen");

        // A new search with no hits leaves nothing highlighted.
        search_for(&mut r, "zzzz");
        update(&mut r, Action::Edit(Edit::Submit));
        let buf = draw(&r, theme);
        let area = r.screen().doc_text();
        for y in area.y..area.y + area.height {
            for x in area.x..area.x + area.width {
                assert!(
                    !(theme.color && has_style(&buf, (x, y), theme.hit())),
                    "{x},{y} highlighted without hits"
                );
            }
        }
    }
}

#[test]
fn the_steps_entity_is_shown_in_the_sidebar() {
    let mut failures = Vec::new();
    for (t, tour) in CORPUS.tours.iter().enumerate() {
        let mut r = reader(W, H);
        update(&mut r, Action::Tours);
        for _ in 0..t {
            update(&mut r, Action::Down);
        }
        update(&mut r, Action::Activate);
        for (k, step) in tour.steps.iter().enumerate() {
            if k > 0 {
                update(&mut r, Action::NextStep);
            }
            let Some(e) = step.entity else { continue };
            let buf = draw(&r, COLOR);
            let area = lectern::layout::inner(r.screen().entities.expect("a sidebar at 120x40"));
            let name = &CORPUS.entities[e].name;
            // Long names are cut to the pane: compare their beginning.
            let prefix: String = name.chars().take(16).collect();
            let shown = (area.y..area.y + area.height).any(|y| {
                let row: String = (area.x..area.x + area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect();
                row.starts_with('▶') && row[('▶'.len_utf8())..].starts_with(prefix.as_str())
            });
            if !shown {
                failures.push(format!("{} step {}: {}", tour.id, k + 1, name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the step's entity is not visible (▶) in the sidebar: {failures:#?}"
    );
}
