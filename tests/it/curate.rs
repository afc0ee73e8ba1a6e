//! Curation written back to a pack: every change lands in the files, is
//! checked before it is written, survives a file changed on disk, and its
//! undo restores the files byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use lectern::corpus::types::EntityKind;
use lectern::corpus::{self, PackSource};
use lectern::curate::{Change, Curator, Outcome, PassageAt, init::init};

/// A fresh editable copy of the embedded corpus.
pub fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init(None, &dir.path().join("pack")).unwrap();
    dir
}

pub fn pack(d: &tempfile::TempDir) -> std::path::PathBuf {
    d.path().join("pack")
}

/// Every JSON file of the pack, by its path in the pack.
pub fn json_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for rel in ["corpus.json", "entities.json", "events.json"] {
        out.insert(rel.to_owned(), std::fs::read(root.join(rel)).unwrap());
    }
    for e in std::fs::read_dir(root.join("guides")).unwrap() {
        let e = e.unwrap();
        out.insert(
            format!("guides/{}", e.file_name().to_str().unwrap()),
            std::fs::read(e.path()).unwrap(),
        );
    }
    out
}

fn load(root: &Path) -> corpus::Corpus {
    corpus::load(&PackSource::dir(root).unwrap()).unwrap()
}

fn entity<'a>(c: &'a corpus::Corpus, id: &str) -> Option<&'a corpus::Entity> {
    c.entities.iter().find(|e| e.id == id)
}

fn curator(root: &Path) -> Curator {
    Curator::open(root, 64 << 20).unwrap()
}

fn done(o: Outcome) -> (Box<corpus::Corpus>, Change) {
    match o {
        Outcome::Done { corpus, undo, .. } => (corpus, undo),
        other => panic!("expected the change to be written, got {other:?}"),
    }
}

/// The printed text of a passage of the embedded corpus, for `PassageAt`.
fn at(c: &corpus::Corpus, article: &str, contains: &str) -> PassageAt {
    let a = c.articles.iter().find(|a| a.id == article).unwrap();
    let p = a
        .passages
        .iter()
        .find(|p| p.original.as_ref().unwrap_or(&p.text).contains(contains))
        .unwrap();
    PassageAt {
        article: article.into(),
        text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
    }
}

#[test]
fn init_copies_the_embedded_corpus_and_refuses_a_non_empty_directory() {
    let d = copy();
    let c = load(&pack(&d));
    let e = lectern::corpus::embedded().unwrap();
    assert_eq!(c.articles.len(), e.articles.len());
    assert_eq!(c.entities.len(), e.entities.len());
    assert_eq!(c.events.len(), e.events.len());
    assert_eq!(c.tours.len(), e.tours.len());
    assert_eq!(c.passage_count(), e.passage_count());
    let err = init(None, &pack(&d)).unwrap_err();
    assert!(err.contains("not empty"), "{err}");
    // An empty directory is fine, and a copy of a copy is the same files.
    let again = d.path().join("again");
    std::fs::create_dir(&again).unwrap();
    init(Some(&pack(&d)), &again).unwrap();
    assert_eq!(json_files(&again), json_files(&pack(&d)));
}

/// What must hold of the pack after a change.
type Holds = Box<dyn Fn(&corpus::Corpus) -> bool>;

/// Each change, with what must hold after it; undo restores every file
/// byte for byte.
#[test]
fn every_change_lands_in_the_files_and_its_undo_restores_them_exactly() {
    let d = copy();
    let root = pack(&d);
    let base = load(&root);
    let changes: Vec<(Change, Holds)> = vec![
        (
            Change::RejectEntity("lenin".into()),
            Box::new(|c| {
                entity(c, "lenin").is_none()
                    && c.entities
                        .iter()
                        .all(|e| e.related.iter().all(|&r| c.entities[r].id != "lenin"))
            }),
        ),
        (
            Change::Rename {
                id: "rathenau".into(),
                name: "Walther Rathenau (minister)".into(),
            },
            Box::new(|c| {
                let e = entity(c, "rathenau").unwrap();
                e.name == "Walther Rathenau (minister)"
                    && e.aliases.iter().any(|a| a == "Walther Rathenau")
            }),
        ),
        (
            Change::SetKind {
                id: "reichswehr".into(),
                kind: EntityKind::Group,
            },
            Box::new(|c| entity(c, "reichswehr").unwrap().kind == EntityKind::Group),
        ),
        (
            Change::AddAlias {
                id: "stalin".into(),
                alias: "Koba".into(),
            },
            Box::new(|c| {
                entity(c, "stalin")
                    .unwrap()
                    .aliases
                    .iter()
                    .any(|a| a == "Koba")
            }),
        ),
        (
            Change::RemoveAlias {
                id: "chicherin".into(),
                alias: "Georgiy Chicherin".into(),
            },
            Box::new(|c| {
                !entity(c, "chicherin")
                    .unwrap()
                    .aliases
                    .iter()
                    .any(|a| a == "Georgiy Chicherin")
            }),
        ),
        (
            Change::Merge {
                from: "rathenau".into(),
                into: "chicherin".into(),
            },
            Box::new(|c| {
                let e = entity(c, "chicherin").unwrap();
                entity(c, "rathenau").is_none()
                    && e.aliases.iter().any(|a| a == "Walther Rathenau")
                    && e.aliases.iter().any(|a| a == "Rathenau")
                    // Mentions follow the spellings.
                    && e.mentions.len()
                        > entity(&lectern::corpus::embedded().unwrap(), "chicherin")
                            .unwrap()
                            .mentions
                            .len()
            }),
        ),
        (
            Change::Summary {
                id: "kazan".into(),
                summary: "A city on the Volga.".into(),
            },
            Box::new(|c| entity(c, "kazan").unwrap().summary == "A city on the Volga."),
        ),
        (
            Change::Relate {
                id: "kazan".into(),
                other: "hitler".into(),
            },
            Box::new(|c| {
                let k = c.entity_index("kazan").unwrap();
                let h = c.entity_index("hitler").unwrap();
                c.entities[k].related.contains(&h) && c.entities[h].related.contains(&k)
            }),
        ),
        (
            Change::CreateEvent {
                date: "1933~".into(),
                title: "A new event".into(),
                at: at(&base, "cooperation-1920s", "Kazan"),
                entities: vec!["kazan".into()],
            },
            Box::new(|c| {
                c.events.iter().any(|e| {
                    e.title == "A new event"
                        && e.date.to_edtf() == "1933~"
                        && e.passages
                            .iter()
                            .any(|l| c.articles[l.article].id == "cooperation-1920s")
                })
            }),
        ),
        (
            Change::RejectEvent("armistice".into()),
            Box::new(|c| !c.events.iter().any(|e| e.id == "armistice")),
        ),
        (
            Change::Redate {
                id: "armistice".into(),
                date: "1918-11".into(),
            },
            Box::new(|c| {
                c.events
                    .iter()
                    .any(|e| e.id == "armistice" && e.date.to_edtf() == "1918-11")
            }),
        ),
        (
            Change::Retitle {
                id: "armistice".into(),
                title: "The guns fall silent".into(),
            },
            Box::new(|c| c.events.iter().any(|e| e.title == "The guns fall silent")),
        ),
        (
            Change::Attach {
                event: "armistice".into(),
                at: at(&base, "cooperation-1920s", "Kazan"),
            },
            Box::new(|c| {
                let ev = c.events.iter().find(|e| e.id == "armistice").unwrap();
                ev.passages
                    .iter()
                    .any(|l| c.articles[l.article].id == "cooperation-1920s")
            }),
        ),
        (
            Change::AddStep {
                tour: "guides/mine.json".into(),
                at: at(&base, "cooperation-1920s", "Kazan"),
                commentary: "Look here.".into(),
            },
            Box::new(|c| {
                c.tours
                    .iter()
                    .any(|t| t.steps.iter().any(|s| s.commentary == "Look here."))
            }),
        ),
    ];
    for (change, holds) in changes {
        let before = json_files(&root);
        let mut cur = curator(&root);
        let (corpus, undo) = done(cur.apply(change.clone()));
        assert!(
            holds(&corpus),
            "{change:?}: not as expected in the returned corpus"
        );
        assert!(holds(&load(&root)), "{change:?}: not as expected on disk");
        assert_ne!(json_files(&root), before, "{change:?} wrote nothing");
        done(cur.apply(undo));
        // A tour the change made is removed by its undo.
        assert_eq!(
            json_files(&root),
            before,
            "{change:?}: undo did not restore the files"
        );
    }
}

#[test]
fn a_change_rewrites_only_the_items_it_touches() {
    let d = copy();
    let root = pack(&d);
    let before = std::fs::read_to_string(root.join("entities.json")).unwrap();
    let mut cur = curator(&root);
    done(cur.apply(Change::AddAlias {
        id: "kazan".into(),
        alias: "Kasan".into(),
    }));
    let after = std::fs::read_to_string(root.join("entities.json")).unwrap();
    let (b, a): (Vec<_>, Vec<_>) = (before.lines().collect(), after.lines().collect());
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // `"aliases": []` opens into three lines holding the new alias: every
    // other line of the file is as it was.
    assert!(
        b.len() - prefix - suffix <= 1,
        "{:?}",
        &b[prefix..b.len() - suffix]
    );
    assert!(
        a.len() - prefix - suffix <= 3,
        "{:?}",
        &a[prefix..a.len() - suffix]
    );
    assert!(
        a[prefix..a.len() - suffix]
            .iter()
            .any(|l| l.contains("Kasan"))
    );
    assert!(
        after.ends_with("}\n]\n"),
        "pretty-printed with a final newline"
    );
}

#[test]
fn an_edit_on_disk_and_a_curation_change_both_survive() {
    let d = copy();
    let root = pack(&d);
    let mut cur = curator(&root);
    // Someone else edits entities.json while the reader is open.
    let path = root.join("entities.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for e in v.as_array_mut().unwrap() {
        if e["id"] == "kazan" {
            e["summary"] = "Edited elsewhere.".into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let o = cur.apply(Change::AddAlias {
        id: "stalin".into(),
        alias: "Koba".into(),
    });
    let Outcome::Done { reloaded, .. } = &o else {
        panic!("{o:?}")
    };
    assert_eq!(reloaded, &vec!["entities.json".to_owned()]);
    let c = load(&root);
    assert_eq!(entity(&c, "kazan").unwrap().summary, "Edited elsewhere.");
    assert!(
        entity(&c, "stalin")
            .unwrap()
            .aliases
            .iter()
            .any(|a| a == "Koba")
    );
}

#[test]
fn a_change_that_no_longer_applies_is_kept_and_retried() {
    let d = copy();
    let root = pack(&d);
    let mut cur = curator(&root);
    let path = root.join("entities.json");
    let original = std::fs::read(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&original).unwrap();
    v.as_array_mut().unwrap().retain(|e| e["id"] != "kazan");
    // The entity is gone on disk (and with it the pack is briefly invalid
    // elsewhere: nothing may be written then).
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let edited = std::fs::read(&path).unwrap();
    let o = cur.apply(Change::AddAlias {
        id: "kazan".into(),
        alias: "Kasan".into(),
    });
    assert!(
        matches!(o, Outcome::Kept(ref m) if m.contains("kazan")),
        "{o:?}"
    );
    assert_eq!(cur.pending.len(), 1);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        edited,
        "the edit on disk is untouched"
    );
    // The entity comes back on disk: the kept change now applies.
    std::fs::write(&path, &original).unwrap();
    let outcomes = cur.retry();
    assert!(
        matches!(outcomes[..], [Outcome::Done { .. }]),
        "{outcomes:?}"
    );
    assert!(cur.pending.is_empty());
    assert!(
        entity(&load(&root), "kazan")
            .unwrap()
            .aliases
            .iter()
            .any(|a| a == "Kasan")
    );
}

#[test]
fn a_change_that_would_make_the_pack_invalid_is_refused_and_nothing_is_written() {
    let d = copy();
    let root = pack(&d);
    let before = json_files(&root);
    let mut cur = curator(&root);
    // "Chicherin" is Georgy Chicherin's alias already.
    let o = cur.apply(Change::AddAlias {
        id: "stalin".into(),
        alias: "Chicherin".into(),
    });
    let Outcome::Refused(m) = o else {
        panic!("{o:?}")
    };
    assert!(
        m.contains("entities.json") && m.contains("Chicherin"),
        "{m}"
    );
    assert_eq!(json_files(&root), before);
    assert!(
        cur.pending.is_empty(),
        "an invalid change is not kept to retry"
    );
    // A change to something that is not there is refused with its id.
    let o = cur.apply(Change::AcceptEntity("nobody".into()));
    assert!(
        matches!(o, Outcome::Refused(ref m) if m.contains("nobody")),
        "{o:?}"
    );
}

#[test]
fn an_undo_of_an_item_changed_since_on_disk_is_refused() {
    let d = copy();
    let root = pack(&d);
    let mut cur = curator(&root);
    let (_, undo) = done(cur.apply(Change::Summary {
        id: "kazan".into(),
        summary: "Mine.".into(),
    }));
    let path = root.join("entities.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Mine.", "Theirs.");
    std::fs::write(&path, &text).unwrap();
    let o = cur.apply(undo);
    assert!(
        matches!(o, Outcome::Refused(ref m) if m.contains("kazan")),
        "{o:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn the_init_command_writes_a_pack_that_checks_and_will_not_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("mine");
    let run = |args: &[&str]| {
        std::process::Command::new(crate::common::BIN)
            .args(args)
            .env("LECTERN_DATA_DIR", d.path().join("data"))
            .output()
            .unwrap()
    };
    let out = run(&["init", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("lectern --content"));
    let out = run(&["check", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = json_files(&dir);
    let out = run(&["init", dir.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not empty")
    );
    assert_eq!(json_files(&dir), before);
    // A copy of a broken pack is refused with the pack's errors.
    let out = run(&[
        "init",
        d.path().join("x").to_str().unwrap(),
        "--from",
        "tests/fixtures/quote-twice",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.path().join("x").exists());
}

/// What a fresh load and a patched corpus must agree on.
fn same_as_loaded(c: &corpus::Corpus, root: &Path, what: &str) {
    let fresh = load(root);
    assert_eq!(
        format!("{:?}", c.entities),
        format!("{:?}", fresh.entities),
        "{what}: entities"
    );
    assert_eq!(
        format!("{:?}", c.events),
        format!("{:?}", fresh.events),
        "{what}: events"
    );
    assert_eq!(c.chrono, fresh.chrono, "{what}: chronology");
    assert_eq!(c.warnings, fresh.warnings, "{what}: warnings");
}

#[test]
fn a_change_no_link_depends_on_patches_the_corpus_as_loading_would() {
    let (_d, root) = super::curate_reader::imported();
    let mut cur = curator(&root);
    let mut c = load(&root);
    let person = c
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person && e.suggested)
        .unwrap()
        .id
        .clone();
    let event = c.events[0].id.clone();
    let quick = [
        Change::AcceptEntity(person.clone()),
        Change::AcceptEvent(event.clone()),
        Change::Summary {
            id: person.clone(),
            summary: "Foreign minister.".into(),
        },
        // A person's surname is looked for on its own; a group's is not.
        Change::SetKind {
            id: person.clone(),
            kind: EntityKind::Group,
        },
        Change::Retitle {
            id: event.clone(),
            title: "Talks begin".into(),
        },
    ];
    for change in quick {
        let what = change.describe(cur.docs());
        let before = json_files_no_guides(&root);
        let Outcome::Patched { quick, undo, .. } = cur.apply_quick(change) else {
            panic!("{what}: not patched");
        };
        assert!(quick.apply(&mut c), "{what}");
        same_as_loaded(&c, &root, &what);
        // The undo is patched too, back to the files as they were.
        let Outcome::Patched { quick, .. } = cur.apply_quick(undo) else {
            panic!("{what}: undo not patched");
        };
        assert!(quick.apply(&mut c), "{what}");
        same_as_loaded(&c, &root, &what);
        assert_eq!(json_files_no_guides(&root), before, "{what}");
    }
    // What links, indices or order depend on is loaded afresh.
    let slow = [
        Change::AddAlias {
            id: person.clone(),
            alias: "The Minister".into(),
        },
        Change::Redate {
            id: event,
            date: "1921".into(),
        },
        Change::RejectEntity(person),
    ];
    for change in slow {
        let what = change.describe(cur.docs());
        assert!(
            matches!(cur.apply_quick(change), Outcome::Done { .. }),
            "{what}"
        );
    }
}

/// The JSON files of a pack without tours (an imported pack has none).
fn json_files_no_guides(root: &Path) -> BTreeMap<String, Vec<u8>> {
    ["corpus.json", "entities.json", "events.json"]
        .into_iter()
        .map(|f| (f.to_owned(), std::fs::read(root.join(f)).unwrap()))
        .collect()
}
