//! The wrapped document is a cache: built for the current article only, once
//! per width and shown version, never by scrolling, passage moves or drawing.
//! (Scrolling past line 65,535 is covered in reader_state.rs.)

use crate::common::{CORPUS, apply, draw, reader};
use lectern::corpus::ArticleIdx;
use lectern::reader::{Action, Reader};
use lectern::ui::Theme;
use lectern::wrap;

fn text_width(r: &Reader) -> usize {
    r.text_width()
}

#[test]
fn only_the_current_article_is_wrapped_once() {
    let before = wrap::calls();
    let r = reader(120, 40);
    assert_eq!(r.wraps, 1);
    assert_eq!(r.doc.article, ArticleIdx(0));
    // One call per passage of the first article, none for the others.
    assert_eq!(wrap::calls() - before, CORPUS.articles[0].passages.len());
}

#[test]
fn resizing_rewraps_only_when_the_width_changes() {
    let mut r = reader(120, 40);
    let w = r.wraps;
    update_and_check(&mut r, Action::Resize(150, 40));
    assert_eq!(r.wraps, w + 1);
    assert_eq!(r.doc.width, text_width(&r));
    // Same width, other height: the cache holds.
    update_and_check(&mut r, Action::Resize(150, 30));
    assert_eq!(r.wraps, w + 1);
    update_and_check(&mut r, Action::Resize(90, 30));
    assert_eq!(r.wraps, w + 2);
    assert_eq!(r.doc.width, text_width(&r));
}

#[test]
fn toggling_the_printed_text_rewraps() {
    let mut r = reader(120, 40);
    let w = r.wraps;
    update_and_check(&mut r, Action::ToggleOriginal);
    assert_eq!(r.wraps, w + 1);
    assert!(r.doc.original && r.show_original);
    update_and_check(&mut r, Action::ToggleOriginal);
    assert_eq!(r.wraps, w + 2);
    assert!(!r.doc.original);
}

#[test]
fn scrolling_and_passage_moves_do_not_rewrap() {
    let mut r = reader(120, 40);
    // A long article, so paging down stays inside it (at the end of an
    // article, the next page goes on to the next article, which rewraps).
    apply(&mut r, &[Action::NextArticle; 3]);
    assert!(
        r.doc.max_scroll() > 40,
        "the fourth article is several pages"
    );
    let w = r.wraps;
    let calls = wrap::calls();
    apply(
        &mut r,
        &[
            Action::Down,
            Action::Down,
            Action::PageDown,
            Action::NextPassage,
            Action::NextPassage,
            Action::PrevPassage,
            Action::Up,
            Action::PageUp,
            Action::Bottom,
            Action::Top,
            Action::FocusNext,
            Action::Down,
            Action::FocusNext,
            Action::Down,
            Action::FocusNext,
        ],
    );
    assert_eq!(r.wraps, w);
    assert_eq!(wrap::calls(), calls);
}

#[test]
fn changing_article_wraps_the_new_one_only() {
    let mut r = reader(120, 40);
    let w = r.wraps;
    let calls = wrap::calls();
    apply(&mut r, &[Action::NextArticle]);
    assert_eq!(r.wraps, w + 1);
    assert_eq!(r.doc.article, ArticleIdx(1));
    assert_eq!(wrap::calls() - calls, CORPUS.articles[1].passages.len());
}

#[test]
fn drawing_never_wraps() {
    let mut r = reader(200, 60);
    apply(&mut r, &[Action::NextPassage, Action::Down]);
    let w = r.wraps;
    let calls = wrap::calls();
    for _ in 0..3 {
        draw(&r, Theme { color: true });
        draw(&r, Theme { color: false });
    }
    assert_eq!(r.wraps, w);
    assert_eq!(wrap::calls(), calls, "drawing the document called wrap");
    // Scrolling between frames does not either.
    for _ in 0..5 {
        apply(&mut r, &[Action::Down]);
        draw(&r, Theme { color: true });
    }
    assert_eq!(wrap::calls(), calls);
}

/// Applies an action and checks the cache is for the state's article and width.
fn update_and_check(r: &mut Reader, a: Action) {
    apply(r, &[a]);
    assert_eq!(r.doc.article, r.article);
    assert_eq!(r.doc.width, r.text_width());
    assert_eq!(r.doc.original, r.show_original);
}
