//! What the reader changes comes back from the file as it was.

use std::path::Path;

use lectern::store::{Position, Resolution, Store, file};

use super::common::{corpus, loc, prose};

fn open(dir: &Path) -> Store {
    let (store, warning) = Store::open(Some(dir), "test-corpus").expect("open");
    assert_eq!(warning, None);
    store
}

#[test]
fn path_is_per_corpus_under_the_data_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let store = open(tmp.path());
    assert_eq!(
        store.path(),
        tmp.path().join("test-corpus").join("bookmarks.json")
    );
    let (odd, _) = Store::open(Some(tmp.path()), "../../x").unwrap();
    assert!(odd.path().starts_with(tmp.path()));
    assert_eq!(odd.path().parent().unwrap().parent().unwrap(), tmp.path());
    assert!(Store::open(Some(tmp.path()), "..").is_err());
    assert!(Store::open(Some(tmp.path()), "").is_err());
}

#[test]
fn platform_data_dir_is_named_for_the_program() {
    if let Ok(d) = file::data_dir(None) {
        assert!(d.ends_with("lectern"), "{}", d.display());
    }
}

#[test]
fn nothing_is_written_until_something_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path());
    assert!(store.bookmarks().is_empty());
    assert_eq!(store.save().unwrap(), None);
    assert!(!store.path().exists());
}

#[test]
fn add_note_remove_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus("test-corpus", &[("a", &prose(5)), ("b", &prose(3))]);

    let mut store = open(tmp.path());
    assert!(store.toggle(&c, loc(0, 2)));
    assert!(store.toggle(&c, loc(1, 0)));
    let id = store.add(&c, loc(0, 4)).unwrap();
    assert!(store.add(&c, loc(0, 99)).is_none());
    assert!(store.set_note(&id, "see \x1b[31mthis\x07\nlater"));
    assert!(!store.set_note("no-such-id", "x"));
    assert!(store.is_dirty());
    store.save().unwrap();
    assert!(!store.is_dirty());

    let store2 = open(tmp.path());
    assert_eq!(store2.bookmarks(), store.bookmarks());
    let b = store2.get(&id).unwrap();
    assert_eq!(b.note, "see ␛[31mthis␇ later");
    assert_eq!((b.article.as_str(), b.passage), ("a", 4));
    assert!(b.anchor.exact.starts_with("Paragraph 4."));
    assert!(b.created.ends_with('Z') && b.updated >= b.created);
    assert!(store2.is_bookmarked(&c, loc(0, 2)));
    assert!(store2.is_bookmarked(&c, loc(1, 0)));
    assert!(!store2.is_bookmarked(&c, loc(0, 3)));

    // Toggling an existing bookmark removes it; remove returns it for undo.
    let mut store3 = open(tmp.path());
    assert!(!store3.toggle(&c, loc(0, 2)));
    let removed = store3.remove(&id).unwrap();
    assert_eq!(removed.note, "see ␛[31mthis␇ later");
    assert!(store3.remove(&id).is_none());
    store3.save().unwrap();
    let store4 = open(tmp.path());
    assert_eq!(store4.bookmarks().len(), 1);
    assert!(store4.is_bookmarked(&c, loc(1, 0)));
    assert!(store4.state().deleted.contains(&id));

    // Undo after the deletion was saved: the bookmark comes back, under a
    // new id, since the old one is recorded as deleted.
    let mut store5 = open(tmp.path());
    let new_id = store5.restore(removed.clone());
    assert_ne!(new_id, id);
    store5.save().unwrap();
    let store6 = open(tmp.path());
    let back = store6.get(&new_id).unwrap();
    assert_eq!(
        (back.note.as_str(), back.passage),
        (removed.note.as_str(), 4)
    );
    assert_eq!(back.created, removed.created);
    assert_eq!(store6.bookmarks().len(), 2);
}

#[test]
fn position_and_tours_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus("test-corpus", &[("a", &prose(5)), ("b", &prose(3))]);
    let mut store = open(tmp.path());
    assert_eq!(store.position(), None);
    let pos = Position {
        article: "b".into(),
        passage: 2,
        scroll: 17,
    };
    store.set_position(pos.clone());
    store.set_tour_step("intro", 3);
    store.save().unwrap();

    let mut again = open(tmp.path());
    assert_eq!(again.position(), Some(&pos));
    assert_eq!(again.tour_step("intro"), Some(3));
    assert_eq!(again.tour_step("other"), None);
    assert_eq!(pos.loc(&c), Some(loc(1, 2)));
    // Setting what is already there is not a change worth a write.
    again.set_position(pos.clone());
    again.set_tour_step("intro", 3);
    assert!(!again.is_dirty());

    // A position past the end of a shortened article clamps; a vanished
    // article gives no position.
    let far = Position {
        article: "b".into(),
        passage: 40,
        scroll: 0,
    };
    assert_eq!(far.loc(&c), Some(loc(1, 2)));
    let gone = Position {
        article: "zzz".into(),
        passage: 0,
        scroll: 0,
    };
    assert_eq!(gone.loc(&c), None);
}

#[test]
fn resolve_all_lists_every_bookmark_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus("test-corpus", &[("a", &prose(5)), ("b", &prose(3))]);
    let mut store = open(tmp.path());
    store.add(&c, loc(1, 1));
    store.add(&c, loc(0, 3));
    let all = store.resolve_all(&c);
    let places: Vec<_> = all.iter().map(|(_, r)| *r).collect();
    assert_eq!(
        places,
        [Resolution::Exact(loc(1, 1)), Resolution::Exact(loc(0, 3))]
    );
}

#[test]
fn file_is_pretty_json_of_format_2() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus("test-corpus", &[("a", &prose(2))]);
    let mut store = open(tmp.path());
    store.add(&c, loc(0, 1));
    store.save().unwrap();
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(text.starts_with("{\n  \"format\": 2,\n  \"corpus\": \"test-corpus\""));
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b = &v["bookmarks"][0];
    assert_eq!(b["article"], "a");
    assert_eq!(b["passage"], 1);
    assert_eq!(b["anchor"]["prefix"].as_str().unwrap().chars().count(), 32);
    // The passage is longer than the quote, so the suffix continues it.
    let quoted = format!(
        "{}{}",
        b["anchor"]["exact"].as_str().unwrap(),
        b["anchor"]["suffix"].as_str().unwrap()
    );
    assert!(c.articles[0].passages[1].text.starts_with(&quoted));
}
