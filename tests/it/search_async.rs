//! Search in the reader while the full list is counted in the background:
//! what is shown at once is only ever the current query's, `n`/`N` walk
//! what is found so far from the reading position, and once counted the
//! list, the selection and the preview are those of a search done all at
//! once.

use crate::generator;

use std::sync::{Arc, LazyLock};

use lectern::corpus::{self, ArticleIdx, Corpus, PackSource, PassageLoc};
use lectern::reader::{Action, Edit, Reader, Target, update};
use lectern::search::{self, Budget, Searcher};
use proptest::prelude::*;

static PACK: LazyLock<Arc<Corpus>> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    generator::write_pack(&dir, &generator::PackSpec::standard(30)).unwrap();
    Arc::new(corpus::load(&PackSource::dir(&dir).unwrap()).unwrap())
});

/// A budget small enough that a common word is always still being counted
/// after a key (a few hits), and `n` past them can look a few passages on.
const TINY: Budget = Budget {
    hits: 4,
    bytes: 16 * 1024,
};

/// A reader on the pack at the start of article `a`, its searcher with a
/// tiny budget, with or without the index.
fn reader_at(a: usize, indexed: bool) -> Reader {
    let mut r = Reader::new(Arc::clone(&PACK), 120, 40);
    let searcher = if indexed {
        Searcher::with_index(&PACK)
    } else {
        Searcher::default()
    };
    r.searcher = searcher.budgeted(TINY);
    go(
        &mut r,
        PassageLoc {
            article: ArticleIdx(a),
            passage: 0,
        },
    );
    r
}

/// Puts the reader on `loc`, as opening it there would.
fn go(r: &mut Reader, loc: PassageLoc) {
    r.open_at(loc);
    assert_eq!(r.loc(), loc);
}

fn key(r: &mut Reader, c: char) {
    update(r, Action::Edit(Edit::Char(c)));
}

/// Every hit shown belongs to the query shown.
fn only_current_hits(r: &Reader) {
    let s = r.search.as_ref().expect("a search");
    let all = search::search(&PACK, &s.query, false);
    for h in &s.hits {
        assert!(
            all.contains(h),
            "{h:?} is not a hit of {:?} (shown while counting: {})",
            s.query,
            s.pending.is_some()
        );
    }
}

/// Polls as the event loop does until the list is counted, checking
/// every screen on the way.
fn poll_until_counted(r: &mut Reader) {
    let mut polls = 0;
    while r.search_pending() {
        r.poll_search();
        only_current_hits(r);
        std::thread::sleep(std::time::Duration::from_millis(1));
        polls += 1;
        assert!(polls < 60_000, "the count finishes");
    }
}

/// What a search done all at once shows: the scan's hits, the first from
/// `from` selected (or the first of all) and previewed.
fn as_if_all_at_once(r: &Reader, query: &str, from: PassageLoc) {
    let s = r.search.as_ref().expect("a search");
    let scan = search::search(&PACK, query, false);
    assert_eq!(s.query, query);
    assert!(s.pending.is_none());
    assert_eq!(s.hits, scan, "{query:?}");
    let sel = scan.iter().position(|h| h.loc >= from).unwrap_or(0);
    assert_eq!(s.sel, sel, "{query:?}");
    if let Some(h) = scan.get(sel) {
        assert_eq!(r.loc(), h.loc, "the preview is on the selected hit");
    }
}

#[test]
fn typing_while_a_search_runs_never_shows_the_old_querys_hits() {
    for indexed in [false, true] {
        let mut r = reader_at(12, indexed);
        let from = r.loc();
        update(&mut r, Action::Search);
        key(&mut r, 't');
        let first = r.search.as_ref().unwrap().pending.expect("counting “t”");
        key(&mut r, 'h');
        only_current_hits(&r);
        // The list of “t” is never given once “th” has been typed.
        assert_eq!(r.searcher.wait(first.id), None);
        key(&mut r, 'e');
        update(&mut r, Action::Edit(Edit::Backspace));
        key(&mut r, 'a');
        only_current_hits(&r);
        assert!(r.search_pending());
        poll_until_counted(&mut r);
        as_if_all_at_once(&r, "tha", from);
        assert!(r.editing(), "the prompt is still open");
    }
}

#[test]
fn a_new_query_waits_for_nothing_and_settles_on_its_own_list() {
    let mut r = reader_at(3, true);
    let from = r.loc();
    update(&mut r, Action::Search);
    for c in "of t".chars() {
        key(&mut r, c);
        only_current_hits(&r);
    }
    r.settle_search();
    as_if_all_at_once(&r, "of t", from);
    // Clearing the prompt and typing anew: the same.
    update(&mut r, Action::Edit(Edit::Clear));
    for c in "an".chars() {
        key(&mut r, c);
    }
    r.settle_search();
    as_if_all_at_once(&r, "an", from);
}

#[test]
fn n_while_counting_moves_to_the_next_hit_after_the_reading_position() {
    for indexed in [false, true] {
        let mut r = reader_at(10, indexed);
        update(&mut r, Action::Search);
        for c in "the".chars() {
            key(&mut r, c);
        }
        update(&mut r, Action::Edit(Edit::Submit));
        assert!(r.search_pending(), "still counting after Enter");
        assert_eq!(r.target, Some(Target::Search));
        let scan = search::search(&PACK, "the", false);
        let mut locs: Vec<PassageLoc> = scan.iter().map(|h| h.loc).collect();
        locs.dedup();
        for _ in 0..3 {
            let here = r.loc();
            update(&mut r, Action::NextHit);
            let want = *locs.iter().find(|l| **l > here).unwrap();
            assert_eq!(r.loc(), want, "n from {here:?}");
        }
        assert!(r.search_pending(), "the search was not waited for");
        // Back one: among the hits found so far.
        let here = r.loc();
        update(&mut r, Action::PrevHit);
        let want = *locs.iter().rev().find(|l| **l < here).unwrap();
        assert_eq!(r.loc(), want, "N from {here:?}");
        // Before where the search began nothing is known yet: N there says
        // so and stays.
        let start = PassageLoc {
            article: ArticleIdx(10),
            passage: 0,
        };
        let first = *locs.iter().find(|l| **l >= start).unwrap();
        while r.loc() > first {
            update(&mut r, Action::PrevHit);
        }
        assert_eq!(r.loc(), first);
        update(&mut r, Action::PrevHit);
        assert_eq!(r.loc(), first, "no guess while counting");
        assert!(
            r.status.as_deref().unwrap_or("").contains("counting"),
            "{:?}",
            r.status
        );
        // From before where the search began, n finds the next hit on its
        // own, not the first one found so far.
        go(
            &mut r,
            PassageLoc {
                article: ArticleIdx(7),
                passage: 0,
            },
        );
        update(&mut r, Action::NextHit);
        let want = *locs.iter().find(|l| l.article >= ArticleIdx(7)).unwrap();
        assert!(want < start);
        assert_eq!(r.loc(), want, "n from before the search's start");
        go(&mut r, first);
        // Counted: N goes to the hit before, in an earlier article.
        r.settle_search();
        assert_eq!(r.search.as_ref().unwrap().hits, scan);
        update(&mut r, Action::PrevHit);
        assert_eq!(r.loc(), *locs.iter().rev().find(|l| **l < first).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30))]

    /// Wherever the reader goes while a search is counted, `n` and `N`
    /// either go to the hit a finished search would go to (without
    /// wrapping), or stay and say that the hits are being counted.
    #[test]
    fn n_and_n_while_counting_never_go_wrong(
        a in 0usize..30,
        word in prop::sample::select(vec!["the", "of", "Treaty", "ea"]),
        steps in prop::collection::vec((any::<bool>(), any::<u64>(), any::<bool>()), 1..12),
        indexed in any::<bool>(),
    ) {
        let mut r = reader_at(a, indexed);
        update(&mut r, Action::Search);
        for c in word.chars() {
            key(&mut r, c);
        }
        update(&mut r, Action::Edit(Edit::Submit));
        prop_assume!(r.search_pending());
        let mut locs: Vec<PassageLoc> =
            search::search(&PACK, word, false).iter().map(|h| h.loc).collect();
        locs.dedup();
        for (wander, pick, forward) in steps {
            if wander {
                let art = (pick % 30) as usize;
                let n = PACK.articles[art].passages.len() as u64;
                go(&mut r, PassageLoc {
                    article: ArticleIdx(art),
                    passage: ((pick >> 8) % n) as usize,
                });
            }
            let here = r.loc();
            update(&mut r, if forward { Action::NextHit } else { Action::PrevHit });
            let want = if forward {
                locs.iter().find(|l| **l > here)
            } else {
                locs.iter().rev().find(|l| **l < here)
            };
            if r.loc() == here {
                prop_assert!(
                    r.status.as_deref().unwrap_or("").contains("counting"),
                    "stayed at {:?} without saying why: {:?}", here, r.status
                );
            } else {
                prop_assert_eq!(Some(&r.loc()), want, "from {:?}, forward {}", here, forward);
            }
        }
    }
}

#[test]
fn the_list_keeps_its_selection_when_the_count_comes_in() {
    let mut r = reader_at(15, true);
    update(&mut r, Action::Search);
    for c in "and".chars() {
        key(&mut r, c);
    }
    update(&mut r, Action::Edit(Edit::Results));
    update(&mut r, Action::Down);
    update(&mut r, Action::Down);
    let (shown, loc) = {
        let s = r.search.as_ref().unwrap();
        assert!(s.pending.is_some() && s.in_list);
        (s.hits[s.sel].clone(), r.loc())
    };
    r.settle_search();
    let s = r.search.as_ref().unwrap();
    assert_eq!(s.hits, search::search(&PACK, "and", false));
    assert_eq!(s.hits[s.sel], shown, "the same hit stays selected");
    assert!(s.sel > 2, "hits before the origin came in above it");
    assert_eq!(r.loc(), loc, "the view did not move");
}

#[test]
fn esc_while_counting_drops_the_search_and_its_count() {
    let mut r = reader_at(20, true);
    let before = r.position();
    update(&mut r, Action::Search);
    for c in "the".chars() {
        key(&mut r, c);
    }
    let p = r.search.as_ref().unwrap().pending.expect("counting");
    update(&mut r, Action::Edit(Edit::Cancel));
    assert!(r.search.is_none());
    assert_eq!(r.position(), before);
    assert_eq!(r.searcher.wait(p.id), None, "the count was cancelled");
    assert!(!r.poll_search());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever is typed, from wherever, with or without the index: once
    /// counted, the reader shows what a search done all at once shows.
    #[test]
    fn once_counted_the_reader_shows_what_one_search_would(
        a in 0usize..30,
        pick in any::<u64>(),
        len in 1usize..6,
        indexed in any::<bool>(),
    ) {
        let texts: Vec<&str> = PACK.articles.iter().flat_map(|a| &a.passages).map(|p| &p.text[..]).collect();
        let t = texts[(pick % texts.len() as u64) as usize];
        let chars: Vec<char> = t.chars().collect();
        let start = ((pick >> 20) % chars.len().max(1) as u64) as usize;
        let q: String = chars.iter().skip(start).take(len).collect();
        prop_assume!(!q.is_empty());
        let mut r = reader_at(a, indexed);
        let from = r.loc();
        update(&mut r, Action::Search);
        for c in q.chars() {
            key(&mut r, c);
        }
        r.settle_search();
        as_if_all_at_once(&r, &q, from);
    }
}
