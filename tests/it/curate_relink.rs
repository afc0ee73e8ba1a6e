//! Changes to the links at a few places patch the loaded corpus rather
//! than loading the pack again: after any sequence of them and of their
//! undos, the patched corpus is the one loading the written files gives,
//! and the same changes are refused as when each is checked by loading.

use std::path::Path;

use super::curate::{copy, json_files, pack};
use lectern::corpus::{self, Corpus, PackSource};
use lectern::curate::{Change, Curator, Outcome, PassageAt};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// Words of a passage as printed (a word, or a mention's words) linked
    /// to an entity, or to nothing.
    Link {
        article: usize,
        passage: usize,
        pick: usize,
        word: bool,
        entity: Option<usize>,
    },
    /// Every unlinked mention of an entity linked to it.
    LinkAll {
        entity: usize,
    },
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<usize>(), any::<usize>(), any::<usize>(), any::<bool>(), prop::option::of(any::<usize>()))
            .prop_map(|(article, passage, pick, word, entity)| Op::Link { article, passage, pick, word, entity }),
        1 => any::<usize>().prop_map(|entity| Op::LinkAll { entity }),
        3 => Just(Op::Undo),
    ]
}

/// Start and text of each word of `s`, punctuation around it left out.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (ch.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn change(c: &Corpus, op: &Op) -> Option<Change> {
    match *op {
        Op::Link {
            article,
            passage,
            pick,
            word,
            entity,
        } => {
            let a = &c.articles[article % c.articles.len()];
            let p = &a.passages[passage % a.passages.len()];
            let (printed, _, mentions) = p.version(true);
            let (start, text) = if word || mentions.is_empty() {
                let ws = words(printed);
                *ws.get(pick % ws.len().max(1))?
            } else {
                let m = &mentions[pick % mentions.len()];
                (m.range.start, &printed[m.range.clone()])
            };
            Some(Change::Link {
                at: PassageAt {
                    article: a.id.clone(),
                    text: printed.to_owned(),
                },
                text: text.to_owned(),
                nth: printed[..start].matches(text).count(),
                entity: entity.map(|e| c.entities[e % c.entities.len()].id.clone()),
            })
        }
        Op::LinkAll { entity } => {
            let e = corpus::EntityIdx(entity % c.entities.len());
            let places = lectern::curate::unlinked::find(c, e)
                .iter()
                .map(|u| {
                    let a = &c.articles[u.loc.article];
                    let p = &a.passages[u.loc.passage];
                    let words = &p.text[u.range.clone()];
                    (
                        PassageAt {
                            article: a.id.clone(),
                            text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
                        },
                        words.to_owned(),
                        p.text[..u.range.start].matches(words).count(),
                    )
                })
                .collect();
            Some(Change::LinkAll {
                entity: c.entities[e].id.clone(),
                places,
            })
        }
        Op::Undo => None,
    }
}

/// Everything loading computes, as text, for comparing two corpora.
fn shape(c: &Corpus) -> Vec<String> {
    let mut out = vec![
        format!("{:?}", c.entities),
        format!("{:?}", c.events),
        format!("{:?}", c.tours),
        format!("{:?}", c.chrono),
        format!("{:?}", c.warnings),
    ];
    for a in &c.articles {
        out.push(format!(
            "{} {:?} {:?} {}",
            a.id,
            a.entities,
            a.events,
            a.passages.len()
        ));
        for p in a.passages.iter() {
            out.push(format!(
                "{:?} {:?} {:?} {:?} {:?} {:?}",
                p.kind, p.mentions, p.original_mentions, p.entities, p.events, p.corrections
            ));
        }
    }
    out
}

fn same(patched: &Corpus, loaded: &Corpus, what: &str) {
    let (a, b) = (shape(patched), shape(loaded));
    assert_eq!(a.len(), b.len(), "{what}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{what}: the patched corpus differs from a load");
    }
}

fn load(root: &Path) -> Corpus {
    corpus::load(&PackSource::dir(root).unwrap()).unwrap()
}

/// One pack changed through patches, its twin through loads.
struct Twin {
    root: std::path::PathBuf,
    cur: Curator,
    corpus: Corpus,
    undo: Vec<Change>,
}

impl Twin {
    fn new(d: &tempfile::TempDir) -> Twin {
        let root = pack(d);
        Twin {
            cur: Curator::open(&root, 64 << 20).unwrap(),
            corpus: load(&root),
            root,
            undo: Vec::new(),
        }
    }

    /// Opened as the reader opens a pack with an index: its articles'
    /// passages decoded from the index when first looked at.
    fn through_index(d: &tempfile::TempDir, cache: &Path) -> Twin {
        use lectern::corpus::cache::{self, Outcome as Opened};
        let root = pack(d);
        let source = || PackSource::dir(&root).unwrap();
        assert_eq!(cache::open_in(&source(), cache).unwrap().1, Opened::Written);
        let (corpus, opened) = cache::open_deferred_in(&source(), cache).unwrap();
        assert_eq!(opened, Opened::Used);
        assert!(!corpus.articles[0].passages.is_decoded());
        Twin {
            cur: Curator::open(&root, 64 << 20).unwrap(),
            corpus,
            root,
            undo: Vec::new(),
        }
    }
}

/// Whether the change was written; a written change to links must have
/// been patched, not loaded.
fn take(t: &mut Twin, o: Outcome, what: &str, fast: bool) -> bool {
    match o {
        Outcome::Patched { quick, undo, .. } => {
            assert!(quick.apply(&mut t.corpus), "{what}: not the planned corpus");
            t.undo.push(undo);
            true
        }
        Outcome::Done { corpus, undo, .. } => {
            assert!(!fast, "{what}: loaded the pack again");
            t.corpus = *corpus;
            t.undo.push(undo);
            true
        }
        Outcome::Refused(_) | Outcome::Kept(_) => false,
    }
}

fn run(ops: Vec<Op>, through_index: bool) {
    let (da, db) = (copy(), copy());
    let cache = tempfile::tempdir().unwrap();
    let mut fast = if through_index {
        Twin::through_index(&da, cache.path())
    } else {
        Twin::new(&da)
    };
    let mut slow = Twin::new(&db);
    let mut done = Vec::new();
    for op in ops {
        done.push(op.clone());
        let what = format!("after {done:?}");
        let (a, b) = match change(&fast.corpus, &op) {
            Some(c) => (
                fast.cur.apply_to(c.clone(), &fast.corpus),
                slow.cur.apply(c),
            ),
            None => match (fast.undo.pop(), slow.undo.pop()) {
                (Some(x), Some(y)) => (fast.cur.apply_to(x, &fast.corpus), slow.cur.apply(y)),
                (None, None) => continue,
                _ => panic!("{what}: the undo stacks differ"),
            },
        };
        let wrote_a = take(&mut fast, a, &what, true);
        let wrote_b = take(&mut slow, b, &what, false);
        assert_eq!(wrote_a, wrote_b, "{what}: written by one way only");
        assert_eq!(json_files(&fast.root), json_files(&slow.root), "{what}");
        same(&fast.corpus, &slow.corpus, &what);
    }
    same(&fast.corpus, &load(&fast.root), "at the end");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn links_patched_in_place_are_what_loading_the_files_gives(
        ops in prop::collection::vec(op(), 1..24),
        through_index in any::<bool>(),
    ) {
        run(ops, through_index);
    }
}

/// An unlink of the first mention of the first entity mentioned.
fn unlink_first(c: &Corpus) -> Change {
    let loc = c
        .entities
        .iter()
        .find_map(|e| e.mentions.first())
        .unwrap()
        .loc;
    let a = &c.articles[loc.article];
    let p = &a.passages[loc.passage];
    let (printed, _, mentions) = p.version(true);
    let m = &mentions[0];
    let words = &printed[m.range.clone()];
    Change::Link {
        at: PassageAt {
            article: a.id.clone(),
            text: printed.to_owned(),
        },
        text: words.to_owned(),
        nth: printed[..m.range.start].matches(words).count(),
        entity: None,
    }
}

#[test]
fn after_a_change_the_index_is_written_again_and_the_next_open_uses_it() {
    use lectern::corpus::cache::{self, Outcome as Opened};
    let d = copy();
    let root = pack(&d);
    let cache = tempfile::tempdir().unwrap();
    let source = || PackSource::dir(&root).unwrap();
    assert_eq!(
        cache::open_in(&source(), cache.path()).unwrap().1,
        Opened::Written
    );
    // Opened as the reader opens it: through the index, checked later.
    let (c, opened) = cache::open_deferred_in(&source(), cache.path()).unwrap();
    assert_eq!(opened, Opened::Used);
    let mut t = Twin {
        root: root.clone(),
        cur: Curator::open(&root, 64 << 20)
            .unwrap()
            .with_cache(Some(cache.path())),
        corpus: c,
        undo: Vec::new(),
    };
    let alias = Change::AddAlias {
        id: t.corpus.entities[0].id.clone(),
        alias: "Another Name".into(),
    };
    for (what, change, fast) in [
        ("an unlink", Some(unlink_first(&t.corpus)), true),
        ("its undo", None, true),
        ("an alias", Some(alias), false),
        ("its undo", None, false),
    ] {
        let change = change.unwrap_or_else(|| t.undo.pop().unwrap());
        let o = t.cur.apply_to(change, &t.corpus);
        assert!(take(&mut t, o, what, fast), "{what}: not written");
        assert!(
            t.cur.reindex(&t.corpus).unwrap(),
            "{what}: index not written"
        );
        let (again, opened) = cache::open_in(&source(), cache.path()).unwrap();
        assert_eq!(opened, Opened::Used, "{what}");
        let fresh = load(&root);
        same(&again, &fresh, what);
        same(&t.corpus, &fresh, what);
    }
    // Changed on disk since: the corpus held is not the files', and no
    // index is written for it.
    let entities = root.join("entities.json");
    let mut bytes = std::fs::read(&entities).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&entities, bytes).unwrap();
    assert!(t.cur.reindex(&t.corpus).is_err());
    assert_eq!(
        cache::open_in(&source(), cache.path()).unwrap().1,
        Opened::Written,
        "a stale index is rebuilt"
    );
    // A pack without an index is left without one.
    let other = copy();
    let mut cur = Curator::open(&pack(&other), 64 << 20)
        .unwrap()
        .with_cache(Some(cache.path()));
    let c = load(&pack(&other));
    let o = cur.apply_to(unlink_first(&c), &c);
    assert!(matches!(o, Outcome::Patched { .. }));
    assert!(!cur.reindex(&c).unwrap());
    assert!(
        !cache::index_path(&PackSource::dir(pack(&other)).unwrap(), cache.path())
            .unwrap()
            .exists()
    );
}

#[test]
fn the_reader_writes_the_index_again_after_a_change_without_waiting_for_it() {
    use lectern::corpus::cache::{self, Outcome as Opened};
    use lectern::reader::{Queued, Reader};
    let d = copy();
    let root = pack(&d);
    let cache = tempfile::tempdir().unwrap();
    let source = || PackSource::dir(&root).unwrap();
    cache::open_in(&source(), cache.path()).unwrap();
    let (c, _) = cache::open_deferred_in(&source(), cache.path()).unwrap();
    let index = cache::index_path(&source(), cache.path()).unwrap();
    let before = std::fs::read(&index).unwrap();
    let change = unlink_first(&c);
    let mut r = Reader::new(std::sync::Arc::new(c), 120, 40);
    r.attach_curator(
        Curator::open(&root, 64 << 20)
            .unwrap()
            .with_cache(Some(cache.path())),
    );
    r.curation.queue.push(Queued::Change(change));
    r.flush_curation();
    assert!(r.status.as_deref().is_some_and(|s| s.contains("u undoes")));
    // Written on another thread: waited for here, as the next open would
    // find it.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::read(&index).unwrap() == before && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (again, opened) = cache::open_in(&source(), cache.path()).unwrap();
    assert_eq!(opened, Opened::Used);
    same(&again, &load(&root), "reopened");
    same(&r.corpus, &again, "the reader's corpus");
}
