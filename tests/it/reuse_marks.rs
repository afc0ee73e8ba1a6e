//! Shared text on screen: the gutter marks exactly the lines of a passage
//! that another article shares, the sidebar names where else the text is,
//! and Enter there goes to it, as a jump that Backspace undoes; the
//! comparison view says which sources are not independent.

use crate::common::{apply, buffer_text, draw, reader};
use lectern::corpus::PassageLoc;
use lectern::reader::SideSel;
use lectern::reader::{Action, Pane, Reader};
use lectern::ui::Theme;

const THEME: Theme = Theme { color: true };

/// The reader at passage `passage` (from 0) of article `id`.
fn at(id: &str, passage: usize) -> Reader {
    let mut r = reader(200, 60);
    let a = r.corpus.article_index(id).unwrap();
    apply(&mut r, &vec![Action::NextArticle; a.index()]);
    apply(&mut r, &vec![Action::NextPassage; passage]);
    assert_eq!(
        r.loc(),
        PassageLoc {
            article: a,
            passage
        }
    );
    r
}

#[test]
fn the_gutter_marks_the_lines_of_shared_text_and_only_those() {
    for (id, passage) in [("cooperation-1920s", 9), ("rapallo-1922-1932", 0)] {
        let r = at(id, passage);
        let buf = draw(&r, THEME);
        let inner = r.screen().doc_text();
        let x = inner.x - 1;
        let reuse = r.corpus.reuse();
        let mut marked = 0;
        for row in 0..inner.height {
            let Some(line) = r.doc.lines.get(r.scroll + row as usize) else {
                break;
            };
            let y = inner.y + row;
            let Some(pi) = line.passage else { continue };
            let loc = PassageLoc {
                article: r.article,
                passage: pi,
            };
            let lr = line.range();
            let shared = reuse.at(loc).any(|s| {
                let (here, _) = s.seen_from(loc).unwrap();
                here.range.start < lr.end && lr.start < here.range.end
            });
            let sym = buf[(x, y)].symbol();
            if sym == "★" {
                continue;
            }
            assert_eq!(sym == "≡", shared, "{id} §{} row {row}: {sym:?}", pi + 1);
            marked += usize::from(shared);
        }
        assert!(marked >= 3, "{id}: {marked} lines marked");
    }
}

#[test]
fn the_sidebar_names_the_other_place_and_a_passage_of_its_own_names_none() {
    let r = at("cooperation-1920s", 9);
    let text = buffer_text(&draw(&r, THEME));
    let other = &r.corpus.articles[r.corpus.article_index("rapallo-1922-1932").unwrap()];
    assert!(text.contains("text also in"), "{text}");
    assert!(text.contains(&format!("≡{} §2", other.title)), "{text}");

    let r = at("prewar-relations", 0);
    let text = buffer_text(&draw(&r, THEME));
    assert!(!text.contains("text also in"), "{text}");
    assert!(!text.contains('≡'), "{text}");
}

#[test]
fn the_comparison_calls_copied_passages_not_independent() {
    // The Allied control event cites the paragraph both pages print.
    let mut r = at("cooperation-1920s", 9);
    let ev = r.corpus.event_index("allied-control").unwrap();
    r.event_sel = ev;
    apply(&mut r, &[Action::Compare]);
    let text = buffer_text(&draw(&r, THEME));
    assert_eq!(
        text.matches("≡ not independent: shares text with").count(),
        2,
        "{text}"
    );
    // An event whose passages are each their own is compared without it.
    let mut r = at("prewar-relations", 0);
    r.event_sel = r.corpus.event_index("armistice").unwrap();
    apply(&mut r, &[Action::Compare]);
    let text = buffer_text(&draw(&r, THEME));
    assert!(text.contains("Compare sources"), "{text}");
    assert!(!text.contains("not independent"), "{text}");
}

#[test]
fn enter_on_the_other_place_goes_there_and_back_returns() {
    let mut r = at("cooperation-1920s", 9);
    let here = r.loc();
    let shared = r.shared_here();
    let other = PassageLoc {
        article: r.corpus.article_index("rapallo-1922-1932").unwrap(),
        passage: 1,
    };
    assert_eq!(shared, [other]);
    // Tab into the sidebar, as a reader would; the focus stays.
    while r.pane != Pane::Entities {
        apply(&mut r, &[Action::FocusNext]);
    }
    assert_eq!(r.loc(), here);
    // The other place follows the passage's own entities, and the
    // article's other entities follow it.
    let (own, rest) = r.sidebar();
    assert!(!rest.is_empty());
    for _ in 0..r.sidebar_len() {
        if r.selected_shared().is_some() {
            break;
        }
        apply(&mut r, &[Action::Down]);
    }
    assert_eq!(r.entity_sel, SideSel(own.len()));
    assert_eq!(r.selected_entity(), None);
    assert_eq!(r.selected_shared(), Some(other));
    apply(&mut r, &[Action::Down]);
    assert_eq!(r.selected_entity(), Some(rest[0]));
    assert_eq!(r.sidebar_index_of(rest[0]), Some(r.entity_sel));
    apply(&mut r, &[Action::Up]);
    let text = buffer_text(&draw(&r, THEME));
    assert!(text.contains("text also in"), "{text}");
    apply(&mut r, &[Action::Activate]);
    assert_eq!(r.loc(), other);
    // From there, the way back to where the copy is.
    assert_eq!(r.shared_here(), [here]);
    apply(&mut r, &[Action::Back]);
    assert_eq!(r.loc(), here);
    // A passage of its own has no such row, and Enter on an entity still
    // opens its card.
    let mut r = at("prewar-relations", 0);
    while r.pane != Pane::Entities {
        apply(&mut r, &[Action::FocusNext]);
    }
    assert!(r.shared_here().is_empty());
    let n = r.sidebar_len();
    apply(&mut r, &vec![Action::Down; n]);
    assert!(r.selected_entity().is_some());
    apply(&mut r, &[Action::Activate]);
    assert!(r.overlay.is_some());
}
