//! Bookmarks find their passage again after the article text changes, and
//! say so when they cannot.

use std::time::Instant;

use lectern::corpus::Corpus;
use lectern::store::anchor::{
    Anchor, CONTEXT_CHARS, EXACT_CHARS, FUZZY_THRESHOLD, anchor_for, reanchor,
};
use lectern::store::{Bookmark, Resolution};

use super::common::{corpus, loc, prose};

fn bookmark(c: &Corpus, article: usize, passage: usize) -> Bookmark {
    Bookmark {
        id: format!("b-{article}-{passage}"),
        article: c.articles[article].id.clone(),
        passage,
        anchor: anchor_for(c, loc(article, passage)).unwrap(),
        note: String::new(),
        created: "2026-01-01T00:00:00.000Z".into(),
        updated: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::to_owned).collect()
}

const TEXT: &str = "Short heading\n\n\
The delegations met at the hotel on the Easter weekend.\n\n\
Trade between the two countries grew slowly, hampered by debts and mutual suspicion. \
Officers travelled under false names to the training schools far from the border, and \
the ministers in London and Paris learned of the agreement from the newspapers.\n\n\
Engineers built aircraft in a factory outside Moscow, away from inspectors.\n\n\
The end.";

#[test]
fn anchor_quotes_passage_and_context() {
    let c = corpus("c", &[("a", TEXT)]);
    let a = anchor_for(&c, loc(0, 1)).unwrap();
    assert_eq!(
        a.exact,
        "The delegations met at the hotel on the Easter weekend."
    );
    // Context crosses passage boundaries as the article reads.
    assert_eq!(a.prefix, "Short heading\n\n");
    assert_eq!(a.suffix, "\n\nTrade between the two countrie");
    assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);

    let long = anchor_for(&c, loc(0, 2)).unwrap();
    assert_eq!(long.exact.chars().count(), EXACT_CHARS);
    assert!(
        c.articles[0].passages[2]
            .text
            .starts_with(&format!("{}{}", long.exact, long.suffix))
    );
    assert_eq!(long.prefix, "e hotel on the Easter weekend.\n\n");

    let first = anchor_for(&c, loc(0, 0)).unwrap();
    assert_eq!(first.prefix, "");
    let last = anchor_for(&c, loc(0, 4)).unwrap();
    assert_eq!(last.suffix, "");
    assert_eq!(anchor_for(&c, loc(0, 5)), None);
    assert_eq!(anchor_for(&c, loc(3, 0)), None);
}

#[test]
fn exact_cut_keeps_multibyte_characters_whole() {
    let text = "ä".repeat(300);
    let c = corpus("c", &[("a", &text)]);
    let a = anchor_for(&c, loc(0, 0)).unwrap();
    assert_eq!(a.exact, "ä".repeat(EXACT_CHARS));
    assert_eq!(a.suffix, "ä".repeat(CONTEXT_CHARS));
}

#[test]
fn unchanged_text_is_exact() {
    let c = corpus("c", &[("a", TEXT), ("b", &prose(6))]);
    for (a, n) in [(0, 5), (1, 6)] {
        for p in 0..n {
            assert_eq!(
                reanchor(&c, &bookmark(&c, a, p)),
                Resolution::Exact(loc(a, p))
            );
        }
    }
}

#[test]
fn paragraph_inserted_before_moves_the_bookmark() {
    let before = corpus("c", &[("x", "Other article."), ("a", &prose(6))]);
    let b = bookmark(&before, 1, 3);
    let mut paras = paragraphs(&prose(6));
    paras.insert(1, "A new paragraph, added in a later edition.".into());
    // The article also moved to another place in the reading order.
    let after = corpus("c", &[("a", &paras.join("\n\n")), ("x", "Other article.")]);
    assert_eq!(reanchor(&after, &b), Resolution::Moved(loc(0, 4)));
}

#[test]
fn paragraphs_removed_before_move_the_bookmark_back() {
    let before = corpus("c", &[("a", &prose(8))]);
    let b = bookmark(&before, 0, 7);
    let mut paras = paragraphs(&prose(8));
    paras.drain(0..3);
    let after = corpus("c", &[("a", &paras.join("\n\n"))]);
    assert_eq!(reanchor(&after, &b), Resolution::Moved(loc(0, 4)));
}

#[test]
fn rewrapped_paragraph_is_still_exact() {
    let before = corpus("c", &[("a", TEXT)]);
    let b = bookmark(&before, 0, 2);
    let rewrapped = TEXT
        .replace("slowly, hampered", "slowly,\nhampered")
        .replace("Officers travelled", "Officers\n  travelled");
    let after = corpus("c", &[("a", &rewrapped)]);
    assert_eq!(reanchor(&after, &b), Resolution::Exact(loc(0, 2)));
}

#[test]
fn word_changed_is_a_fuzzy_match_to_the_right_passage() {
    let before = corpus("c", &[("a", &prose(8))]);
    for p in [0, 3, 7] {
        let b = bookmark(&before, 0, p);
        let mut paras = paragraphs(&prose(8));
        paras[p] = paras[p].replacen("the", "a", 1).replacen("grew", "rose", 1);
        paras.insert(0, "Preface.".into());
        let after = corpus("c", &[("a", &paras.join("\n\n"))]);
        match reanchor(&after, &b) {
            Resolution::Fuzzy(l, score) => {
                assert_eq!(l, loc(0, p + 1));
                assert!((FUZZY_THRESHOLD..1.0).contains(&score), "{score}");
            }
            r => panic!("passage {p}: {r:?}"),
        }
    }
}

#[test]
fn deleted_passage_is_orphaned() {
    let before = corpus("c", &[("a", TEXT)]);
    let b = bookmark(&before, 0, 2);
    let mut paras = paragraphs(TEXT);
    paras.remove(2);
    let after = corpus("c", &[("a", &paras.join("\n\n"))]);
    assert_eq!(reanchor(&after, &b), Resolution::Orphaned);
}

#[test]
fn rewritten_passage_is_orphaned_not_given_to_a_neighbour() {
    let before = corpus("c", &[("a", &prose(8))]);
    let b = bookmark(&before, 0, 4);
    let mut paras = paragraphs(&prose(8));
    paras[4] = "This paragraph was written anew and says something else entirely about \
                the conference, its guests and the weather on the coast that spring."
        .into();
    let after = corpus("c", &[("a", &paras.join("\n\n"))]);
    assert_eq!(reanchor(&after, &b), Resolution::Orphaned);
}

#[test]
fn vanished_article_is_orphaned() {
    let before = corpus("c", &[("a", TEXT), ("b", &prose(3))]);
    let b = bookmark(&before, 0, 1);
    let after = corpus("c", &[("b", &prose(3))]);
    assert_eq!(reanchor(&after, &b), Resolution::Orphaned);
}

#[test]
fn repeated_passages_are_told_apart_by_their_neighbours() {
    let text = "Intro one.\n\n* * *\n\nMiddle part.\n\n* * *\n\nClosing part.";
    let before = corpus("c", &[("a", text)]);
    let second = bookmark(&before, 0, 3);
    let first = bookmark(&before, 0, 1);
    let after = corpus("c", &[("a", &format!("New opening.\n\n{text}"))]);
    assert_eq!(reanchor(&after, &second), Resolution::Moved(loc(0, 4)));
    assert_eq!(reanchor(&after, &first), Resolution::Moved(loc(0, 2)));
    // Even when the stored index now holds the other copy.
    let shifted = corpus("c", &[("a", &format!("A.\n\nB.\n\n{text}"))]);
    assert_eq!(shifted.articles[0].passages[3].text, "* * *");
    assert_eq!(reanchor(&shifted, &second), Resolution::Moved(loc(0, 5)));
}

#[test]
fn original_text_of_a_corrected_passage_still_matches() {
    let before = corpus("c", &[("a", "Ihe Treaty of Rapallo was signed.\n\nNext.")]);
    let b = bookmark(&before, 0, 0);
    let mut after = corpus("c", &[("a", "The Treaty of Rapallo was signed.\n\nNext.")]);
    after.articles[0].passages[0].original = Some("Ihe Treaty of Rapallo was signed.".into());
    assert_eq!(reanchor(&after, &b), Resolution::Exact(loc(0, 0)));
}

#[test]
fn hand_made_anchors_do_not_panic() {
    let c = corpus("c", &[("a", TEXT)]);
    for anchor in [
        Anchor::default(),
        Anchor {
            exact: "\u{0}\u{202e}".into(),
            prefix: "x".repeat(5000),
            suffix: String::new(),
        },
    ] {
        for passage in [0, 4, usize::MAX] {
            let b = Bookmark {
                passage,
                anchor: anchor.clone(),
                ..bookmark(&c, 0, 0)
            };
            let r = reanchor(&c, &b);
            if let Some(l) = r.loc() {
                assert!(c.passage(l).is_some());
            }
        }
    }
}

/// Hundreds of bookmarks on a corpus of a thousand articles, a third of
/// them needing the full fuzzy search, resolve in a fraction of a second.
#[test]
fn resolving_many_bookmarks_on_a_large_corpus() {
    let text = prose(20);
    let ids: Vec<String> = (0..1000).map(|i| format!("art-{i}")).collect();
    let articles: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), text.as_str())).collect();
    let before = corpus("big", &articles);
    let bookmarks: Vec<Bookmark> = (0..300).map(|i| bookmark(&before, i * 3, i % 20)).collect();
    let mut edited = paragraphs(&text);
    for p in edited.iter_mut().step_by(3) {
        *p = p.replacen("the", "a", 2);
    }
    edited.insert(0, "Preface.".into());
    let edited = edited.join("\n\n");
    let after_articles: Vec<(&str, &str)> = ids
        .iter()
        .map(|id| (id.as_str(), edited.as_str()))
        .collect();
    let after = corpus("big", &after_articles);

    let t = Instant::now();
    let resolved: Vec<Resolution> = bookmarks.iter().map(|b| reanchor(&after, b)).collect();
    let took = t.elapsed();
    assert!(resolved.iter().all(|r| !r.is_orphaned()));
    assert!(resolved.iter().any(|r| matches!(r, Resolution::Fuzzy(..))));
    assert!(resolved.iter().any(|r| matches!(r, Resolution::Moved(..))));
    // Speed is measured by the benchmarks; this only shows the work finishes.
    eprintln!("resolved {} bookmarks in {took:?}", resolved.len());
}

#[test]
fn orphaned_bookmark_stays_listed_saved_and_exported() {
    use lectern::store::{Store, export_json, export_markdown};

    let tmp = tempfile::tempdir().unwrap();
    let before = corpus("c", &[("a", TEXT)]);
    let (mut store, _) = Store::open(Some(tmp.path()), "c").unwrap();
    let id = store.add(&before, loc(0, 3)).unwrap();
    store.set_note(&id, "aircraft");
    store.save().unwrap();

    let mut paras = paragraphs(TEXT);
    paras.remove(3);
    let after = corpus("c", &[("a", &paras.join("\n\n"))]);
    let (mut store, _) = Store::open(Some(tmp.path()), "c").unwrap();
    let all = store.resolve_all(&after);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0.id, id);
    assert_eq!(all[0].1, Resolution::Orphaned);
    assert!(!(0..4).any(|p| store.is_bookmarked(&after, loc(0, p))));

    // Other changes and saves keep it.
    store.add(&after, loc(0, 0));
    store.save().unwrap();
    let (store, _) = Store::open(Some(tmp.path()), "c").unwrap();
    assert!(store.get(&id).is_some());

    let md = export_markdown(&after, store.bookmarks());
    assert!(md.contains("## Orphaned bookmarks"));
    assert!(md.contains("> Engineers built aircraft in a factory outside Moscow"));
    let json = export_json(&after, store.bookmarks());
    let orphan = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == format!("urn:lectern:bookmark:{id}"))
        .unwrap();
    assert_eq!(orphan["lectern:orphaned"], true);
    assert_eq!(orphan["body"][0]["value"], "aircraft");
}

/// The same anchoring on a corpus read by the real pack loader.
#[test]
fn works_on_a_loaded_pack() {
    use lectern::corpus::{PackSource, load};

    let write_pack = |dir: &std::path::Path, text: &str| {
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        std::fs::write(
            dir.join("corpus.json"),
            r#"{"format": 1, "id": "tiny", "title": "Tiny",
                "articles": [{"id": "a", "title": "A", "source": "Test", "file": "articles/a.txt"}]}"#,
        )
        .unwrap();
        std::fs::write(dir.join("articles/a.txt"), text).unwrap();
        std::fs::write(dir.join("entities.json"), "[]").unwrap();
        std::fs::write(dir.join("events.json"), "[]").unwrap();
    };
    let tmp = tempfile::tempdir().unwrap();
    write_pack(tmp.path(), TEXT);
    let before = load(&PackSource::dir(tmp.path()).unwrap()).expect("pack loads");
    let b = bookmark(&before, 0, 3);

    let mut paras = paragraphs(TEXT);
    paras.insert(0, "A new first paragraph.".into());
    write_pack(tmp.path(), &paras.join("\n\n"));
    let after = load(&PackSource::dir(tmp.path()).unwrap()).expect("pack loads");
    assert_eq!(reanchor(&after, &b), Resolution::Moved(loc(0, 4)));
}
