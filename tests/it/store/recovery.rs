//! Bad files are never lost or overwritten, and two instances saving the
//! same file keep each other's bookmarks.

use std::fs;
use std::path::{Path, PathBuf};

use lectern::store::{Store, StoreError, Warning};

use super::common::{corpus, loc, prose};

const ID: &str = "test-corpus";

fn open(dir: &Path) -> (Store, Option<Warning>) {
    Store::open(Some(dir), ID).expect("open")
}

fn file_path(dir: &Path) -> PathBuf {
    dir.join(ID).join("bookmarks.json")
}

fn put(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = file_path(dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// Names in the corpus directory other than the file and its lock.
fn asides(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir.join(ID))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "bookmarks.json" && n != "bookmarks.lock")
        .collect();
    v.sort();
    v
}

/// `bookmarks.json.corrupt-20261123T230455Z`, optionally `-<n>`.
fn is_aside_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("bookmarks.json.corrupt-") else {
        return false;
    };
    let (stamp, counter) = rest.split_at(rest.len().min(16));
    let b = stamp.as_bytes();
    stamp.len() == 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
        && (counter.is_empty()
            || counter
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<u32>().is_ok()))
}

fn a_valid_file() -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let (mut s, _) = open(tmp.path());
    s.add(&c, loc(0, 1));
    s.set_note(&s.bookmarks()[0].id.clone(), "a note");
    s.save().unwrap();
    fs::read(s.path()).unwrap()
}

#[test]
fn corrupt_files_are_moved_aside_byte_for_byte() {
    let valid = a_valid_file();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\xff\xfe garbage \x1b[2J".to_vec()),
        ("truncated", valid[..valid.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("wrong shape", br#"{"hello": "world"}"#.to_vec()),
        ("array", b"[1, 2, 3]".to_vec()),
        (
            "bad bookmark",
            br#"{"format": 1, "corpus": "x", "bookmarks": [{"id": 5}]}"#.to_vec(),
        ),
        ("old format", br#"{"format": 0, "bookmarks": []}"#.to_vec()),
    ];
    for (what, bytes) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let path = put(tmp.path(), &bytes);
        let (mut store, warning) = open(tmp.path());
        let Some(Warning::MovedAside { path: p, aside, .. }) = &warning else {
            panic!("{what}: {warning:?}");
        };
        assert_eq!(p, &path);
        assert!(store.bookmarks().is_empty(), "{what}");
        assert_eq!(store.read_only(), None, "{what}");
        assert!(!path.exists(), "{what}");
        let names = asides(tmp.path());
        assert_eq!(names.len(), 1, "{what}: {names:?}");
        assert!(is_aside_name(&names[0]), "{what}: {}", names[0]);
        assert_eq!(aside.file_name().unwrap().to_string_lossy(), names[0]);
        assert_eq!(fs::read(aside).unwrap(), bytes, "{what}");
        let shown = warning.as_ref().unwrap().to_string();
        assert!(
            shown.starts_with("bookmarks file was corrupt; moved aside to ")
                && shown.contains(&names[0]),
            "{shown}"
        );

        // The fresh store saves normally and leaves the aside file alone.
        let c = corpus(ID, &[("a", &prose(3))]);
        store.add(&c, loc(0, 0));
        assert_eq!(store.save().unwrap(), None);
        let (again, w) = open(tmp.path());
        assert_eq!((again.bookmarks().len(), w), (1, None));
        assert_eq!(fs::read(aside).unwrap(), bytes, "{what}");
    }
}

#[test]
fn a_second_corruption_never_replaces_the_first_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for i in 0..3 {
        let bytes = format!("not json {i}").into_bytes();
        put(tmp.path(), &bytes);
        let (_, w) = open(tmp.path());
        let Some(Warning::MovedAside { aside, .. }) = w else {
            panic!("{w:?}");
        };
        seen.push((aside, bytes));
    }
    assert_eq!(asides(tmp.path()).len(), 3);
    for (aside, bytes) in seen {
        assert!(is_aside_name(&aside.file_name().unwrap().to_string_lossy()));
        assert_eq!(fs::read(aside).unwrap(), bytes);
    }
}

#[test]
fn a_file_corrupted_while_running_is_moved_aside_at_save() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let (mut store, _) = open(tmp.path());
    store.add(&c, loc(0, 0));
    store.save().unwrap();
    put(tmp.path(), b"{{{{");
    store.add(&c, loc(0, 1));
    let w = store.save().unwrap();
    assert!(matches!(w, Some(Warning::MovedAside { .. })), "{w:?}");
    let (again, w) = open(tmp.path());
    assert_eq!((again.bookmarks().len(), w), (2, None));
    assert_eq!(asides(tmp.path()).len(), 1);
}

#[test]
fn a_newer_format_is_refused_and_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = br#"{"format": 9, "bookmarks": {"new": "shape"}, "future": true}"#;
    let path = put(tmp.path(), bytes);
    let (mut store, warning) = open(tmp.path());
    let Some(Warning::ReadOnly { message }) = &warning else {
        panic!("{warning:?}");
    };
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("newer version"), "{message}");
    assert!(store.read_only().is_some());

    // Bookmarks still work in memory, but nothing reaches the disk.
    let c = corpus(ID, &[("a", &prose(3))]);
    assert!(store.toggle(&c, loc(0, 0)));
    let err = store.save().unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(asides(tmp.path()).is_empty());
}

#[test]
fn a_newer_file_written_meanwhile_stops_saving() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let (mut store, _) = open(tmp.path());
    store.add(&c, loc(0, 0));
    store.save().unwrap();
    let newer = br#"{"format": 3}"#;
    let path = put(tmp.path(), newer);
    store.add(&c, loc(0, 1));
    assert!(matches!(
        store.save(),
        Err(StoreError::NewerFormat { found: 3, .. })
    ));
    assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
    assert_eq!(fs::read(&path).unwrap(), newer);
}

#[test]
fn an_unreadable_file_is_reported_and_left_alone() {
    // A directory where the file should be cannot be read as one.
    let tmp = tempfile::tempdir().unwrap();
    let path = file_path(tmp.path());
    fs::create_dir_all(path.join("inside")).unwrap();
    let (mut store, warning) = open(tmp.path());
    let Some(Warning::ReadOnly { message }) = &warning else {
        panic!("{warning:?}");
    };
    assert!(message.contains(&path.display().to_string()), "{message}");
    let c = corpus(ID, &[("a", &prose(3))]);
    store.add(&c, loc(0, 0));
    assert!(store.save().is_err());
    assert!(path.join("inside").is_dir());
    assert!(asides(tmp.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_reported_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let bytes = a_valid_file();
    let path = put(tmp.path(), &bytes);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running with privileges that ignore permissions: nothing to test.
        return;
    }
    let (mut store, warning) = open(tmp.path());
    assert!(
        matches!(warning, Some(Warning::ReadOnly { .. })),
        "{warning:?}"
    );
    let c = corpus(ID, &[("a", &prose(3))]);
    store.add(&c, loc(0, 0));
    assert!(store.save().is_err());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(asides(tmp.path()).is_empty());
}

#[test]
fn hand_edited_text_is_cleaned_on_load() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        br#"{"format": 1, "bookmarks": [
            {"id": "x", "article": "a", "passage": 0,
             "anchor": {"exact": "Para\u001b[2Jgraph"},
             "note": "evil\u001b]0;title\u0007\nnote\u202e",
             "created": "2026-01-01T00:00:00.000Z"}
        ], "unknown": "ignored"}"#,
    );
    let (store, w) = open(tmp.path());
    assert_eq!(w, None);
    let b = &store.bookmarks()[0];
    assert_eq!(b.note, "evil␛]0;title␇ note");
    assert_eq!(b.anchor.exact, "Para␛[2Jgraph");
    assert_eq!(b.updated, b.created);
}

#[test]
fn duplicate_ids_in_a_hand_edited_file_keep_the_later_update() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        br#"{"format": 1, "corpus": "test-corpus", "bookmarks": [
            {"id": "x", "article": "a", "passage": 0, "anchor": {"exact": "x"},
             "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-03T00:00:00.000Z"},
            {"id": "x", "article": "a", "passage": 1, "anchor": {"exact": "y"},
             "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-02T00:00:00.000Z"}
        ]}"#,
    );
    let (store, w) = open(tmp.path());
    assert_eq!(w, None);
    assert_eq!(store.bookmarks().len(), 1);
    assert_eq!(store.bookmarks()[0].passage, 0);
}

#[test]
fn stale_temporary_files_are_cleared_at_save() {
    let tmp = tempfile::tempdir().unwrap();
    let stale = put(tmp.path(), b"").with_file_name(".bookmarks.json.a1b2c3.tmp");
    fs::remove_file(file_path(tmp.path())).unwrap();
    fs::write(&stale, b"{\"format\": 1, \"bookm").unwrap();
    let c = corpus(ID, &[("a", &prose(3))]);
    let (mut store, _) = open(tmp.path());
    store.add(&c, loc(0, 0));
    store.save().unwrap();
    assert!(!stale.exists());
    assert!(asides(tmp.path()).is_empty());
}

#[test]
fn two_instances_keep_each_others_bookmarks() {
    let tmp = tempfile::tempdir().unwrap();
    let c = corpus(ID, &[("a", &prose(6))]);
    let (mut one, _) = open(tmp.path());
    let (mut two, _) = open(tmp.path());
    let x = one.add(&c, loc(0, 1)).unwrap();
    let y = two.add(&c, loc(0, 2)).unwrap();
    one.save().unwrap();
    two.save().unwrap();

    let (disk, _) = open(tmp.path());
    let ids: Vec<&str> = disk.bookmarks().iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&x.as_str()) && ids.contains(&y.as_str()));
    // The later saver sees the other's bookmark too.
    assert!(two.get(&x).is_some());
    assert!(two.is_bookmarked(&c, loc(0, 1)));

    // One deletes x; the other, which still has x in memory, saves after:
    // x stays deleted.
    assert!(one.remove(&x).is_some());
    one.save().unwrap();
    assert!(two.get(&x).is_some());
    two.add(&c, loc(0, 3));
    two.save().unwrap();
    assert!(
        two.get(&x).is_none(),
        "the deletion reached the other instance"
    );
    let (disk, _) = open(tmp.path());
    assert!(disk.get(&x).is_none());
    assert_eq!(disk.bookmarks().len(), 2);

    // A note edited in one survives a save by the other holding the old note.
    one.set_note(&y, "edited");
    one.save().unwrap();
    two.set_position(lectern::store::Position {
        article: "a".into(),
        passage: 5,
        scroll: 0,
    });
    two.save().unwrap();
    let (disk, _) = open(tmp.path());
    assert_eq!(disk.get(&y).unwrap().note, "edited");
    assert_eq!(disk.position().unwrap().passage, 5);
}

#[test]
fn concurrent_saves_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    let c = corpus(ID, &[("a", &prose(40))]);
    std::thread::scope(|s| {
        for t in 0..2 {
            let (dir, c) = (&dir, &c);
            s.spawn(move || {
                let (mut store, _) = open(dir);
                for i in 0..20 {
                    store.add(c, loc(0, t * 20 + i));
                    store.save().unwrap();
                }
            });
        }
    });
    let (disk, _) = open(&dir);
    assert_eq!(disk.bookmarks().len(), 40);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_place_of_the_file_does_not_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file_path(tmp.path());
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return;
    }
    let (_, warning) = open(tmp.path());
    assert!(
        matches!(warning, Some(Warning::ReadOnly { .. })),
        "{warning:?}"
    );
}
