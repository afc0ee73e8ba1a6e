//! Bookmarks in the reader, driven by Action sequences against a real store
//! in a temporary directory: toggling, notes, the list, delete and undo,
//! resuming the position and tour progress across sessions.

use lectern::corpus::ArticleIdx;
use std::path::{Path, PathBuf};

use crate::common::{CORPUS, apply, buffer_text, draw, reader};
use lectern::corpus::PassageLoc;
use lectern::reader::{Action, Edit, InputKind, Overlay, Reader, TourPos, update};
use lectern::session::Session;
use lectern::store::Store;
use lectern::ui::Theme;
use serde_json::Value;

const W: u16 = 120;
const H: u16 = 40;

fn path(dir: &Path) -> PathBuf {
    dir.join("rapallo").join("bookmarks.json")
}

fn open_store(dir: &Path) -> Store {
    let (store, warning) = Store::open_path(path(dir), &CORPUS.id);
    assert!(warning.is_none(), "{warning:?}");
    assert!(store.read_only().is_none());
    store
}

/// A reader with the store of `dir`, started as the app starts it.
fn session(dir: &Path, resume: bool) -> (Reader, Session) {
    let mut r = reader(W, H);
    let mut s = Session::default();
    s.start(&mut r, Some(open_store(dir)), resume);
    (r, s)
}

/// The bookmarks file as saved.
fn file(dir: &Path) -> Value {
    let text = std::fs::read_to_string(path(dir)).expect("the bookmarks file exists");
    serde_json::from_str(&text).expect("the bookmarks file is JSON")
}

fn saved_bookmarks(dir: &Path) -> Vec<Value> {
    file(dir)["bookmarks"].as_array().expect("a list").clone()
}

fn loc(article: usize, passage: usize) -> PassageLoc {
    PassageLoc {
        article: ArticleIdx(article),
        passage,
    }
}

/// Moves the reader to a passage the way a reader would: by article and passage keys.
fn go(r: &mut Reader, to: PassageLoc) {
    assert!(
        CORPUS.passage(to).is_some(),
        "{to:?} is not a passage of the corpus"
    );
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

fn status(r: &Reader) -> &str {
    r.status.as_deref().unwrap_or("")
}

fn note_of(r: &Reader, at: PassageLoc) -> String {
    r.bookmarks
        .iter()
        .find(|(_, res)| res.loc() == Some(at))
        .map(|(b, _)| b.note.clone())
        .unwrap_or_else(|| panic!("no bookmark at {at:?}"))
}

#[test]
fn m_toggles_a_bookmark_on_the_focus_passage_and_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    let here = loc(1, 2);
    go(&mut r, here);
    assert!(!r.is_bookmarked(here));

    update(&mut r, Action::ToggleBookmark);
    assert!(r.is_bookmarked(here));
    assert!(!r.is_bookmarked(loc(1, 1)), "only the focus passage");
    assert!(status(&r).contains("bookmarked"), "{:?}", r.status);
    assert_eq!(r.focus_bookmark().map(|b| b.passage), Some(2));
    s.persist(&mut r, false);

    let saved = saved_bookmarks(dir.path());
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0]["article"], CORPUS.articles[1].id.as_str());
    assert_eq!(saved[0]["passage"], 2);
    let exact = saved[0]["anchor"]["exact"].as_str().unwrap();
    assert!(
        CORPUS.articles[1].passages[2].text.starts_with(exact),
        "the anchor quotes the passage: {exact:?}"
    );
    let id = saved[0]["id"].as_str().unwrap().to_owned();

    // Another instance sees it.
    assert!(open_store(dir.path()).is_bookmarked(&CORPUS, here));

    // `m` again removes it, and the removal is saved too.
    update(&mut r, Action::ToggleBookmark);
    assert!(!r.is_bookmarked(here));
    assert!(r.bookmarks.is_empty());
    assert!(status(&r).contains("removed"), "{:?}", r.status);
    s.persist(&mut r, false);
    assert!(saved_bookmarks(dir.path()).is_empty());
    let deleted = file(dir.path())["deleted"].clone();
    assert!(
        deleted
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str() == Some(id.as_str())),
        "{deleted}"
    );
}

#[test]
fn without_a_store_bookmarking_says_it_is_off() {
    let mut r = reader(W, H);
    for a in [Action::ToggleBookmark, Action::EditNote, Action::Bookmarks] {
        update(&mut r, a);
        assert!(
            status(&r).contains("bookmarks are off"),
            "{a:?}: {:?}",
            r.status
        );
        assert!(r.overlay.is_none() && r.input.is_none());
    }
    assert!(!r.is_bookmarked(r.loc()));
}

#[test]
fn a_unicode_note_round_trips_through_the_file() {
    let note = "Genua – Rapallo ✓ 日本";
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    let here = loc(2, 3);
    go(&mut r, here);

    // M on a passage without a bookmark opens the editor; the bookmark is
    // made when the note is saved.
    update(&mut r, Action::EditNote);
    assert!(!r.is_bookmarked(here));
    let input = r.input.as_ref().expect("the note editor is open");
    assert!(matches!(input.kind, InputKind::Note(_)));
    assert_eq!((input.text.as_str(), input.cursor), ("", 0));
    assert!(r.editing());

    type_text(&mut r, note);
    let input = r.input.as_ref().unwrap();
    assert_eq!(input.text, note);
    assert_eq!(input.cursor, note.chars().count());
    // While the prompt is open, reading keys do not move the reader.
    let before = r.position();
    apply(
        &mut r,
        &[Action::Down, Action::NextArticle, Action::ToggleBookmark],
    );
    assert_eq!(r.position(), before);
    assert!(!r.is_bookmarked(here));

    update(&mut r, Action::Edit(Edit::Submit));
    assert!(r.input.is_none());
    assert_eq!(note_of(&r, here), note);
    assert!(status(&r).contains("note saved"), "{:?}", r.status);
    s.persist(&mut r, false);

    let saved = saved_bookmarks(dir.path());
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["note"], note);
    assert_eq!(saved[0]["article"], CORPUS.articles[2].id.as_str());

    // A new session reads it back, and the editor opens on it with the cursor at the end.
    let (mut r2, _) = session(dir.path(), false);
    assert_eq!(note_of(&r2, here), note);
    go(&mut r2, here);
    update(&mut r2, Action::EditNote);
    let input = r2.input.as_ref().unwrap();
    assert_eq!(input.text, note);
    assert_eq!(input.cursor, note.chars().count());
    // Editing in the middle of multi-byte text works on characters.
    apply(
        &mut r2,
        &[
            Action::Edit(Edit::End),
            Action::Edit(Edit::Left),
            Action::Edit(Edit::Left),
            Action::Edit(Edit::Backspace),
            Action::Edit(Edit::Char('·')),
            Action::Edit(Edit::Home),
            Action::Edit(Edit::Delete),
            Action::Edit(Edit::Char('G')),
        ],
    );
    let edited = "Genua – Rapallo ✓·日本";
    assert_eq!(r2.input.as_ref().unwrap().text, edited);
    update(&mut r2, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r2, here), edited);
    assert_eq!(r2.bookmarks.len(), 1, "editing a note adds no bookmark");
}

#[test]
fn control_characters_never_get_into_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    update(&mut r, Action::EditNote);
    type_text(&mut r, "a\x1b[2Jb\x07c\u{9b}d\u{202e}e\nf\x7f");
    assert_eq!(r.input.as_ref().unwrap().text, "a[2Jbcdef");
    update(&mut r, Action::Edit(Edit::Submit));
    s.persist(&mut r, false);
    assert_eq!(saved_bookmarks(dir.path())[0]["note"], "a[2Jbcdef");
}

#[test]
fn esc_leaves_the_note_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    let here = loc(0, 1);
    go(&mut r, here);
    update(&mut r, Action::ToggleBookmark);
    update(&mut r, Action::EditNote);
    type_text(&mut r, "first thoughts");
    update(&mut r, Action::Edit(Edit::Submit));
    s.persist(&mut r, false);
    let saved_before = file(dir.path());

    update(&mut r, Action::EditNote);
    assert_eq!(r.input.as_ref().unwrap().text, "first thoughts");
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "second thoughts");
    update(&mut r, Action::Edit(Edit::Cancel));
    assert!(r.input.is_none());
    assert_eq!(note_of(&r, here), "first thoughts");
    assert!(status(&r).contains("unchanged"), "{:?}", r.status);
    assert_eq!(r.bookmarks.len(), 1);
    s.persist(&mut r, false);
    assert_eq!(file(dir.path()), saved_before, "nothing new was saved");
    assert_eq!(saved_bookmarks(dir.path())[0]["note"], "first thoughts");

    // Submitting an empty note removes the note but keeps the bookmark.
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Clear));
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r, here), "");
    assert!(status(&r).contains("note removed"), "{:?}", r.status);
    assert!(r.is_bookmarked(here));
}

/// Bookmarks made out of reading order, in three articles.
const SCATTERED: [(usize, usize); 5] = [(3, 1), (0, 2), (2, 0), (0, 1), (3, 0)];

fn bookmark_scattered(r: &mut Reader) {
    for (a, p) in SCATTERED {
        go(r, loc(a, p));
        update(r, Action::ToggleBookmark);
        assert!(r.is_bookmarked(loc(a, p)));
    }
}

#[test]
fn the_list_is_grouped_by_article_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _) = session(dir.path(), true);
    bookmark_scattered(&mut r);
    let mut want: Vec<PassageLoc> = SCATTERED.iter().map(|&(a, p)| loc(a, p)).collect();
    want.sort();
    let listed: Vec<PassageLoc> = r
        .bookmarks
        .iter()
        .map(|(_, res)| res.loc().unwrap())
        .collect();
    assert_eq!(listed, want);

    // The list opens on the focus passage's bookmark: the last one made, (3, 0).
    update(&mut r, Action::Bookmarks);
    let sel = want.iter().position(|&l| l == loc(3, 0)).unwrap();
    assert_eq!(r.overlay, Some(Overlay::Bookmarks { sel }));

    // On screen: one heading per article, in reading order, each followed by its passages.
    let text = buffer_text(&draw(&r, Theme::colour(true)));
    let mut at = 0;
    for a in [0, 2, 3] {
        let title = &CORPUS.articles[a].title;
        let found = text[at..]
            .find(title.as_str())
            .unwrap_or_else(|| panic!("heading {title:?} after offset {at}:\n{text}"));
        at += found + title.len();
        for l in want.iter().filter(|l| l.article == ArticleIdx(a)) {
            let mark = format!("★ §{:<3}", l.passage + 1);
            let found = text[at..]
                .find(&mark)
                .unwrap_or_else(|| panic!("{mark:?} under {title:?}:\n{text}"));
            at += found + mark.len();
        }
    }
    for a in [1, 4] {
        assert!(
            !text.contains(&CORPUS.articles[a].title),
            "no heading for an article without bookmarks:\n{text}"
        );
    }
}

#[test]
fn enter_in_the_list_jumps_there_and_back_returns() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _) = session(dir.path(), true);
    bookmark_scattered(&mut r);
    // Somewhere else, scrolled inside a passage.
    go(&mut r, loc(1, 2));
    apply(&mut r, &[Action::Down, Action::Down]);
    let before = r.position();

    update(&mut r, Action::Bookmarks);
    apply(&mut r, &[Action::Top, Action::Down, Action::Down]);
    let target = r.bookmarks[2].1.loc().unwrap();
    assert_eq!(target, loc(2, 0));
    update(&mut r, Action::Activate);
    assert!(r.overlay.is_none(), "Enter closes the list");
    assert_eq!(r.loc(), target);
    let lines = &r.doc.passages[r.focus];
    assert!(lines.start < r.scroll + r.view_height() && lines.end > r.scroll);

    update(&mut r, Action::Back);
    assert_eq!(r.position(), before, "Back returns exactly");
    update(&mut r, Action::Forward);
    assert_eq!(r.loc(), target);
}

#[test]
fn delete_then_undo_restores_the_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    bookmark_scattered(&mut r);
    // Give the one to delete a note, so undo must bring the note back too.
    go(&mut r, loc(0, 2));
    update(&mut r, Action::EditNote);
    type_text(&mut r, "keep me");
    update(&mut r, Action::Edit(Edit::Submit));
    s.persist(&mut r, false);
    let n = r.bookmarks.len();

    // `d` outside the list does nothing.
    update(&mut r, Action::Delete);
    assert_eq!(r.bookmarks.len(), n);

    update(&mut r, Action::Bookmarks);
    let sel = r
        .bookmarks
        .iter()
        .position(|(_, res)| res.loc() == Some(loc(0, 2)))
        .unwrap();
    assert_eq!(r.overlay, Some(Overlay::Bookmarks { sel }));
    let old_id = r.bookmarks[sel].0.id.clone();
    update(&mut r, Action::Delete);
    assert_eq!(r.bookmarks.len(), n - 1);
    assert!(!r.is_bookmarked(loc(0, 2)));
    assert!(status(&r).contains("undo"), "{:?}", r.status);
    assert!(matches!(r.overlay, Some(Overlay::Bookmarks { .. })));
    s.persist(&mut r, false);
    assert_eq!(saved_bookmarks(dir.path()).len(), n - 1);

    update(&mut r, Action::Undo);
    assert_eq!(r.bookmarks.len(), n);
    assert!(r.is_bookmarked(loc(0, 2)));
    assert_eq!(note_of(&r, loc(0, 2)), "keep me");
    assert!(status(&r).contains("restored"), "{:?}", r.status);
    s.persist(&mut r, false);
    let saved = saved_bookmarks(dir.path());
    assert_eq!(saved.len(), n);
    assert!(
        saved
            .iter()
            .any(|b| b["note"] == "keep me" && b["passage"] == 2),
        "{saved:?}"
    );

    // A second undo has nothing to do.
    update(&mut r, Action::Undo);
    assert!(status(&r).contains("nothing to undo"), "{:?}", r.status);
    assert_eq!(r.bookmarks.len(), n);

    // Undo also works from the document, after the list is closed.
    update(&mut r, Action::Delete);
    assert_eq!(r.bookmarks.len(), n - 1);
    update(&mut r, Action::Close);
    assert!(r.overlay.is_none());
    update(&mut r, Action::Undo);
    assert_eq!(r.bookmarks.len(), n);

    // The restored bookmark survives a reload (its old id stays deleted).
    s.persist(&mut r, false);
    let (r2, _) = session(dir.path(), false);
    assert_eq!(r2.bookmarks.len(), n);
    assert_eq!(note_of(&r2, loc(0, 2)), "keep me");
    assert!(r2.bookmarks.iter().all(|(b, _)| b.id != old_id));
}

#[test]
fn deleting_the_last_row_keeps_the_selection_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _) = session(dir.path(), true);
    bookmark_scattered(&mut r);
    update(&mut r, Action::Bookmarks);
    update(&mut r, Action::Bottom);
    let n = r.bookmarks.len();
    assert_eq!(r.overlay, Some(Overlay::Bookmarks { sel: n - 1 }));
    update(&mut r, Action::Delete);
    assert_eq!(r.overlay, Some(Overlay::Bookmarks { sel: n - 2 }));
    for _ in 0..n + 2 {
        update(&mut r, Action::Delete);
    }
    assert!(r.bookmarks.is_empty());
    assert_eq!(r.overlay, Some(Overlay::Bookmarks { sel: 0 }));
    update(&mut r, Action::Activate);
    assert!(matches!(r.overlay, Some(Overlay::Bookmarks { .. })));
}

#[test]
fn resume_puts_the_reader_exactly_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    assert_eq!(
        r.position(),
        reader(W, H).position(),
        "a fresh store starts at the top"
    );
    go(&mut r, loc(3, 4));
    apply(&mut r, &[Action::Down, Action::Down, Action::Down]);
    let at_quit = r.position();
    assert!(
        at_quit.scroll > r.doc.start_of(r.focus),
        "scrolled into the passage: {at_quit:?}"
    );
    s.persist(&mut r, true);
    let saved = &file(dir.path())["position"];
    assert_eq!(saved["article"], CORPUS.articles[3].id.as_str());
    assert_eq!(saved["passage"], at_quit.focus);
    assert_eq!(saved["scroll"], at_quit.scroll);

    let (r2, _) = session(dir.path(), true);
    assert_eq!(r2.position(), at_quit);
    assert_eq!(r2.loc(), r.loc());
    assert!(
        r2.history.back.is_empty(),
        "resuming is not a jump to go back from"
    );
    // The panes follow the resumed focus.
    let passage = &CORPUS.articles[r2.article].passages[r2.focus];
    assert_eq!(r2.sidebar().0, passage.entities.to_vec());
    assert_eq!(r2.focus_events(), &passage.events[..]);

    // With resume off the reader starts at the beginning, bookmarks still attached.
    let (mut r3, _) = session(dir.path(), false);
    assert_eq!(r3.position(), reader(W, H).position());
    assert!(r3.store.is_some());
    update(&mut r3, Action::ToggleBookmark);
    assert!(r3.is_bookmarked(loc(0, 0)));
}

#[test]
fn tour_progress_is_remembered_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    let intro = &CORPUS.tours[0];
    update(&mut r, Action::Tours);
    assert_eq!(r.overlay, Some(Overlay::Tours { sel: 0 }));
    update(&mut r, Action::Activate);
    apply(&mut r, &[Action::NextStep, Action::NextStep]);
    assert_eq!(r.tour, Some(TourPos { tour: 0, step: 2 }));
    s.persist(&mut r, true);
    assert_eq!(file(dir.path())["tours"][intro.id.as_str()], 2);

    let (mut r2, _) = session(dir.path(), true);
    assert_eq!(r2.tour, None, "a tour is resumed, not forced");
    update(&mut r2, Action::Tours);
    // The tour list shows where the reader left off.
    let text = buffer_text(&draw(&r2, Theme::colour(true)));
    assert!(text.contains("at step 3"), "{text}");
    update(&mut r2, Action::Activate);
    assert_eq!(r2.tour, Some(TourPos { tour: 0, step: 2 }));
    assert_eq!(r2.loc(), intro.steps[2].loc);

    // Another tour that was never started begins at its first step.
    if CORPUS.tours.len() > 1 {
        apply(&mut r2, &[Action::Tours, Action::Down, Action::Activate]);
        assert_eq!(r2.tour, Some(TourPos { tour: 1, step: 0 }));
        assert_eq!(r2.loc(), CORPUS.tours[1].steps[0].loc);
    }
}

/// Every bookmark in the store, as (passage, note), whatever the reader shows.
fn stored(r: &Reader) -> Vec<(PassageLoc, String)> {
    r.bookmarks
        .iter()
        .filter_map(|(b, res)| res.loc().map(|l| (l, b.note.clone())))
        .collect()
}

#[test]
fn m_on_a_noted_bookmark_is_undone_by_u_from_the_document_and_from_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    let here = loc(1, 1);
    go(&mut r, here);
    update(&mut r, Action::EditNote);
    type_text(&mut r, "precious");
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r, here), "precious");

    // Removed from the document, undone in the document.
    update(&mut r, Action::ToggleBookmark);
    assert!(!r.is_bookmarked(here));
    assert!(status(&r).contains("note"), "{:?}", r.status);
    assert!(status(&r).contains("u to undo"), "{:?}", r.status);
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "precious");

    // Removed from the document, undone from the bookmark list.
    update(&mut r, Action::ToggleBookmark);
    s.persist(&mut r, false);
    assert!(saved_bookmarks(dir.path()).is_empty());
    update(&mut r, Action::Bookmarks);
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "precious");
    assert!(status(&r).contains("restored"), "{:?}", r.status);

    // Removed from the document, undone from a card.
    update(&mut r, Action::Close);
    update(&mut r, Action::ToggleBookmark);
    update(&mut r, Action::Activate);
    assert!(matches!(r.overlay, Some(Overlay::Card(_))));
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "precious");

    // What was restored is saved, and comes back after a restart.
    s.persist(&mut r, false);
    let (r2, _) = session(dir.path(), false);
    assert_eq!(stored(&r2), vec![(here, "precious".to_owned())]);
}

#[test]
fn erasing_a_note_is_undone_by_u() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), true);
    let here = loc(0, 2);
    go(&mut r, here);
    update(&mut r, Action::EditNote);
    type_text(&mut r, "first");
    update(&mut r, Action::Edit(Edit::Submit));

    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Clear));
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r, here), "");
    assert!(status(&r).contains("u to undo"), "{:?}", r.status);
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "first");

    // Replacing a note keeps the old one for undo as well.
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Clear));
    type_text(&mut r, "second");
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r, here), "second");
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "first");

    // Erasing a note from the list's `e` goes through the same undo.
    update(&mut r, Action::Bookmarks);
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Clear));
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(note_of(&r, here), "");
    update(&mut r, Action::Undo);
    assert_eq!(note_of(&r, here), "first");
}

#[test]
fn cancelling_an_editor_changes_nothing_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut s) = session(dir.path(), true);
    s.persist(&mut r, false);
    let here = loc(2, 1);
    go(&mut r, here);
    for open in [Action::EditNote, Action::EditNote] {
        // On a passage without a bookmark: `e` / `M` then Esc, or an emptied Backspace.
        update(&mut r, open);
        assert!(r.input.is_some());
        type_text(&mut r, "draft");
        update(&mut r, Action::Edit(Edit::Cancel));
        assert!(r.input.is_none());
        assert!(r.bookmarks.is_empty(), "{:?}", stored(&r));
        update(&mut r, open);
        update(&mut r, Action::Edit(Edit::Backspace));
        assert!(r.input.is_none(), "Backspace on an empty prompt closes it");
        assert!(r.bookmarks.is_empty(), "{:?}", stored(&r));
    }
    // Saving an empty note makes nothing either.
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Submit));
    assert!(r.bookmarks.is_empty(), "{:?}", stored(&r));
    assert!(!r.store.as_ref().unwrap().is_dirty(), "nothing to save");

    // Saving a note is what makes the bookmark.
    update(&mut r, Action::EditNote);
    type_text(&mut r, "kept");
    update(&mut r, Action::Edit(Edit::Submit));
    assert_eq!(stored(&r), vec![(here, "kept".to_owned())]);

    // Cancelling in the list's editor leaves the note as it was.
    update(&mut r, Action::Bookmarks);
    update(&mut r, Action::EditNote);
    update(&mut r, Action::Edit(Edit::Clear));
    update(&mut r, Action::Edit(Edit::Cancel));
    assert_eq!(stored(&r), vec![(here, "kept".to_owned())]);
    assert!(status(&r).contains("unchanged"), "{:?}", r.status);
}

#[test]
fn toggling_twice_with_undo_between_leaves_one_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _s) = session(dir.path(), true);
    let here = loc(3, 0);
    go(&mut r, here);
    update(&mut r, Action::ToggleBookmark);
    update(&mut r, Action::ToggleBookmark);
    update(&mut r, Action::Undo);
    assert_eq!(stored(&r).len(), 1);
    // Nothing left to undo: a second `u` must not duplicate the bookmark.
    update(&mut r, Action::Undo);
    assert_eq!(stored(&r).len(), 1);
    assert!(status(&r).contains("nothing to undo"), "{:?}", r.status);
}
