//! Highlights are kept as bookmarks are: through the file unchanged, merged
//! between two instances, moved aside when the file is corrupt, and found
//! again after the text changes, or shown as orphaned, never dropped.

use std::path::Path;

use lectern::corpus::{ArticleIdx, Corpus};
use lectern::store::highlight::{article_text, passage_start};
use lectern::store::{Colour, Placement, Store, Warning, file};

use super::common::{corpus, prose};

const ID: &str = "test-corpus";

fn open(dir: &Path) -> Store {
    let (store, warning) = Store::open(Some(dir), ID).expect("open");
    assert_eq!(warning, None);
    store
}

/// Code points of `needle` in article 0's text.
fn find(c: &Corpus, needle: &str) -> (usize, usize) {
    let text = article_text(&c.articles[0]);
    let b = text.find(needle).expect("needle in text");
    let start = text[..b].chars().count();
    (start, start + needle.chars().count())
}

const A0: ArticleIdx = ArticleIdx(0);

#[test]
fn a_highlight_comes_back_from_the_file_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(4))]);
    let mut store = open(tmp.path());
    let (s, e) = find(&c, "Paragraph 2.");
    let id = store.add_highlight(&c, A0, s, e, Colour::Green).unwrap();
    assert!(store.set_tags(&id, &["army".into(), "#army".into(), "treaty".into()]));
    assert!(store.set_highlight_note(&id, "line one\nline two\u{1b}[2J"));
    store.save().unwrap();

    let again = open(tmp.path());
    let h = again.highlight(&id).unwrap();
    assert_eq!(h, store.highlight(&id).unwrap());
    assert_eq!(h.quote.exact, "Paragraph 2.");
    assert_eq!((h.start, h.end), (s, e));
    assert_eq!(h.colour, Colour::Green);
    assert_eq!(h.tags, ["army", "treaty"]);
    assert!(!h.note.contains('\n') && !h.note.contains('\u{1b}'));
    // The quote's context is what surrounds it in the article text.
    let text = article_text(&c.articles[0]);
    assert!(text.contains(&format!(
        "{}{}{}",
        h.quote.prefix, h.quote.exact, h.quote.suffix
    )));
    assert_eq!(again.place(&c, h), Placement::Exact(span(s, e)));
}

fn span(start: usize, end: usize) -> lectern::store::Span {
    lectern::store::Span {
        article: A0,
        start,
        end,
    }
}

#[test]
fn empty_reversed_or_outside_spans_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(2))]);
    let mut store = open(tmp.path());
    let len = article_text(&c.articles[0]).chars().count();
    assert_eq!(store.add_highlight(&c, A0, 5, 5, Colour::Yellow), None);
    assert_eq!(store.add_highlight(&c, A0, 6, 5, Colour::Yellow), None);
    assert_eq!(
        store.add_highlight(&c, A0, 0, len + 1, Colour::Yellow),
        None
    );
    assert_eq!(
        store.add_highlight(&c, ArticleIdx(7), 0, 1, Colour::Yellow),
        None
    );
    assert!(!store.is_dirty());
}

#[test]
fn a_format_1_file_without_highlights_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file::store_path(tmp.path(), ID).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        br#"{"format": 1, "corpus": "test-corpus", "bookmarks": [
            {"id": "b1", "article": "a", "passage": 0, "anchor": {"exact": "x"},
             "created": "2026-01-01T00:00:00.000Z"}]}"#,
    )
    .unwrap();
    let store = open(tmp.path());
    assert_eq!(store.bookmarks().len(), 1);
    assert!(store.highlights().is_empty());
}

#[test]
fn a_corrupt_file_with_highlights_is_moved_aside_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file::store_path(tmp.path(), ID).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bad = br#"{"format": 2, "corpus": "test-corpus", "bookmarks": [],
        "highlights": [{"id": "h1", "article": "a", "start": "zero"}]}"#;
    std::fs::write(&path, bad).unwrap();
    let (store, warning) = Store::open(Some(tmp.path()), ID).unwrap();
    let Some(Warning::MovedAside { aside, .. }) = warning else {
        panic!("not moved aside: {warning:?}");
    };
    assert_eq!(std::fs::read(aside).unwrap(), bad);
    assert!(!path.exists());
    assert!(store.highlights().is_empty());
}

#[test]
fn two_instances_keep_each_others_highlights_and_deletions() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(6))]);
    let mut one = open(tmp.path());
    let mut two = open(tmp.path());
    let (s, e) = find(&c, "Paragraph 1.");
    let x = one.add_highlight(&c, A0, s, e, Colour::Yellow).unwrap();
    let (s, e) = find(&c, "Paragraph 3.");
    let y = two.add_highlight(&c, A0, s, e, Colour::Blue).unwrap();
    one.save().unwrap();
    two.save().unwrap();
    assert!(
        two.highlight(&x).is_some(),
        "the later saver sees the other's"
    );

    // Tags set in one survive a save by the other, which never saw them.
    two.set_tags(&y, &["kept".into()]);
    two.save().unwrap();
    assert!(one.highlight(&y).is_none());
    one.set_colour(&x, Colour::Pink);
    one.save().unwrap();
    let disk = open(tmp.path());
    assert_eq!(disk.highlight(&y).unwrap().tags, ["kept"]);
    assert_eq!(disk.highlight(&x).unwrap().colour, Colour::Pink);

    // A deletion in one is not undone by the other still holding it.
    assert!(one.remove_highlight(&y).is_some());
    one.save().unwrap();
    assert!(two.highlight(&y).is_some());
    two.set_highlight_note(&x, "later");
    two.save().unwrap();
    assert!(two.highlight(&y).is_none());
    let disk = open(tmp.path());
    assert_eq!(disk.highlights().len(), 1);
    assert_eq!(disk.highlight(&x).unwrap().note, "later");
}

#[test]
fn undo_restores_under_a_new_id_that_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let mut store = open(tmp.path());
    let (s, e) = find(&c, "Paragraph 0.");
    let id = store.add_highlight(&c, A0, s, e, Colour::Yellow).unwrap();
    store.save().unwrap();
    let h = store.remove_highlight(&id).unwrap();
    store.save().unwrap();
    let new = store.restore_highlight(h.clone());
    assert_ne!(new, id);
    store.save().unwrap();
    let disk = open(tmp.path());
    let back = disk.highlight(&new).unwrap();
    assert_eq!(
        (&back.quote, back.start, &back.created),
        (&h.quote, h.start, &h.created)
    );
    assert!(disk.highlight(&id).is_none());
}

/// Re-anchoring: the text of article "a" is replaced and the store opened
/// against the new corpus.
fn placed_after(old: &str, new: &str, needle: &str) -> (Placement, Corpus, String) {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", old)]);
    let mut store = open(tmp.path());
    let (s, e) = find(&c, needle);
    let id = store.add_highlight(&c, A0, s, e, Colour::Yellow).unwrap();
    store.save().unwrap();
    let c2 = corpus(ID, &[("a", new)]);
    let store = open(tmp.path());
    let h = store.highlight(&id).unwrap().clone();
    (store.place(&c2, &h), c2, h.quote.exact)
}

fn text_at(c: &Corpus, p: Placement) -> String {
    let s = p.span().unwrap();
    article_text(&c.articles[0])
        .chars()
        .skip(s.start)
        .take(s.end - s.start)
        .collect()
}

#[test]
fn unchanged_text_places_exactly_across_passages() {
    let text = prose(5);
    let needle =
        "delegations met at the hotel on the Easter weekend and talked late into the night.";
    let (p, c, exact) = placed_after(&text, &text, needle);
    assert!(matches!(p, Placement::Exact(_)), "{p:?}");
    assert_eq!(text_at(&c, p), exact);
    // A span over a passage break covers the end of one and the start of
    // the next.
    let a = &c.articles[0];
    let s = passage_start(a, 1) - 10;
    let span = lectern::store::Span {
        article: A0,
        start: s,
        end: s + 20,
    };
    let ranges = span.passage_ranges(a);
    assert_eq!(ranges.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(ranges[0].1.end, a.passages[0].text.len());
    assert_eq!(ranges[1].1.start, 0);
}

#[test]
fn inserted_text_before_moves_the_highlight() {
    let old = prose(5);
    let new = format!("A new first paragraph was added here.\n\n{old}");
    let (p, c, exact) = placed_after(&old, &new, "Paragraph 3.");
    assert!(matches!(p, Placement::Moved(_)), "{p:?}");
    assert_eq!(text_at(&c, p), exact);
}

#[test]
fn repeated_words_are_told_apart_by_their_context() {
    let old = "One two three. Alpha beta.\n\nFour five six. Alpha beta.\n\nSeven.";
    let new = "Intro.\n\nOne two three. Alpha beta.\n\nFour five six. Alpha beta.\n\nSeven.";
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", old)]);
    let mut store = open(tmp.path());
    let second = article_text(&c.articles[0]).rfind("Alpha").unwrap();
    let s = article_text(&c.articles[0])[..second].chars().count();
    let id = store
        .add_highlight(&c, A0, s, s + 11, Colour::Yellow)
        .unwrap();
    let c2 = corpus(ID, &[("a", new)]);
    let h = store.highlight(&id).unwrap().clone();
    let p = lectern::store::highlight::place(&c2, &h);
    let text = article_text(&c2.articles[0]);
    let want = text[..text.rfind("Alpha").unwrap()].chars().count();
    assert_eq!(p.span().map(|s| s.start), Some(want), "{p:?}");
}

#[test]
fn a_reworded_highlight_is_found_fuzzily() {
    let old = prose(5);
    let needle =
        "Trade between the two countries grew slowly, hampered by debts and mutual suspicion.";
    // Every occurrence reworded, to the same length, so offsets stay put.
    let new = old.replace(
        needle,
        "Trade between the two countries grew slowly, hindered by debts and mutual suspicion.",
    );
    assert_ne!(old, new);
    let (p, c, _) = placed_after(&old, &new, needle);
    let was = corpus(ID, &[("a", &old)]);
    assert_eq!(p.span().map(|s| s.start), Some(find(&was, needle).0));
    let Placement::Fuzzy(_, score) = p else {
        panic!("{p:?}");
    };
    assert!(score >= lectern::store::anchor::FUZZY_THRESHOLD);
    assert!(text_at(&c, p).starts_with("Trade between the two countries"));
}

#[test]
fn a_deleted_passage_orphans_its_highlight_which_is_kept() {
    let old = "Keep this.\n\nThe quick brown fox jumps over the lazy dog near the river bank.\n\nAnd this.";
    let new = "Keep this.\n\nAnd this.";
    let (p, _, _) = placed_after(old, new, "quick brown fox jumps over the lazy dog");
    assert_eq!(p, Placement::Orphaned);

    // A missing article orphans too, and the highlight stays in the store.
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", old)]);
    let mut store = open(tmp.path());
    let id = store.add_highlight(&c, A0, 0, 4, Colour::Yellow).unwrap();
    store.save().unwrap();
    let other = corpus(ID, &[("b", old)]);
    let mut store = open(tmp.path());
    let all = store.place_all(&other);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].1, Placement::Orphaned);
    store.set_position(lectern::store::Position {
        article: "b".into(),
        passage: 0,
        scroll: 0,
    });
    store.save().unwrap();
    assert!(open(tmp.path()).highlight(&id).is_some(), "never dropped");
}

#[test]
fn used_tags_most_used_first() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let mut store = open(tmp.path());
    for (i, tags) in [["b", "a"], ["b", "c"], ["b", "a"]].iter().enumerate() {
        let id = store
            .add_highlight(&c, A0, i * 3, i * 3 + 2, Colour::Yellow)
            .unwrap();
        store.set_tags(&id, &tags.map(String::from));
    }
    assert_eq!(store.used_tags(), ["b", "a", "c"]);
}
