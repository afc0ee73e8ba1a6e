//! The search index gives exactly the hits of a plain scan: on the embedded
//! corpus, on generated packs and on text full of case-folding traps, for
//! random queries (substrings of the text in random case, across word
//! boundaries, and random Unicode), in both the corrected and the printed
//! text, at any block size.

use crate::generator;

use std::path::Path;
use std::sync::{Arc, LazyLock};

use lectern::corpus::{self, ArticleIdx, Corpus, PackSource, PassageLoc};
use lectern::search::{self, Budget, Index, Progress, Searcher};
use proptest::prelude::*;

static EMBEDDED: LazyLock<Arc<Corpus>> = LazyLock::new(|| Arc::new(corpus::embedded().unwrap()));

/// Text where case folding is not one-to-one or leaves ASCII: Kelvin sign,
/// long s, sharp s and its capital, three sigmas, Å and the Ångström sign,
/// dotted and dotless i, combining accents, CJK and emoji.
const TRAPS: &str = "Straße STRASSE straẞe ſtraße \u{212A}elvin kelvin KELVIN \
σίσυφος ΣΊΣΥΦΟΣ Σίσυφος ς \u{212B}ngström Ångström ångström İstanbul ıstanbul \
café cafe\u{301} CAFÉ 東京の本 😀👍🏽 ǅ ǆ Ǆ ﬁle FILE";

/// A generated pack of `n` articles, with the traps appended to every
/// article a word a paragraph, loaded.
fn generated(n: usize) -> Corpus {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    generator::write_pack(&dir, &generator::PackSpec::standard(n)).unwrap();
    for e in std::fs::read_dir(dir.join("articles")).unwrap() {
        let p = e.unwrap().path();
        let mut text = std::fs::read_to_string(&p).unwrap();
        // One paragraph a word, so that the forms of one word are in
        // different passages, as well as the whole line.
        for w in TRAPS.split(' ') {
            text.push('\n');
            text.push_str(w);
            text.push('\n');
        }
        std::fs::write(&p, text).unwrap();
    }
    corpus::load(&PackSource::dir(Path::new(&dir)).unwrap()).unwrap()
}

static GENERATED: LazyLock<Arc<Corpus>> = LazyLock::new(|| Arc::new(generated(12)));

/// Every passage text of the corpus, both versions.
fn texts(c: &Corpus) -> Vec<&str> {
    c.articles
        .iter()
        .flat_map(|a| &a.passages)
        .flat_map(|p| std::iter::once(p.text.as_str()).chain(p.original.as_deref()))
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Case {
    AsIs,
    Lower,
    Upper,
    /// Each character flipped or not by the bits of the seed.
    Mixed(u64),
}

fn recase(s: &str, case: Case) -> String {
    match case {
        Case::AsIs => s.to_owned(),
        Case::Lower => s.to_lowercase(),
        Case::Upper => s.to_uppercase(),
        Case::Mixed(bits) => s
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if bits >> (i % 64) & 1 == 1 {
                    c.to_uppercase().collect::<String>()
                } else {
                    c.to_lowercase().collect::<String>()
                }
            })
            .collect(),
    }
}

/// A substring of some passage: `pick` chooses the passage and start,
/// `len` its length in characters.
fn substring(texts: &[&str], pick: u64, len: usize) -> String {
    let t = texts[(pick % texts.len() as u64) as usize];
    let chars: Vec<char> = t.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let start = ((pick >> 20) % chars.len() as u64) as usize;
    chars[start..(start + len).min(chars.len())]
        .iter()
        .collect()
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        Just(Case::AsIs),
        Just(Case::Lower),
        Just(Case::Upper),
        any::<u64>().prop_map(Case::Mixed),
    ]
}

/// Characters to build random queries from: the traps, ASCII letters and
/// punctuation that would mean something to a regular expression.
fn random_query() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = TRAPS
        .chars()
        .chain("abcdefghijklmnopqrstuvwxyz .*+?()[]{}|^$\\-,:;'\"".chars())
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 1..6)
        .prop_map(|v| v.into_iter().collect())
}

fn same_hits(c: &Corpus, index: &Index, query: &str) -> Result<(), TestCaseError> {
    for original in [false, true] {
        let scan = search::search(c, query, original);
        let indexed = index.search(c, query, original);
        prop_assert_eq!(
            &indexed,
            &scan,
            "query {:?}, original {}: {} hits by index, {} by scan",
            query,
            original,
            indexed.len(),
            scan.len()
        );
    }
    Ok(())
}

static EMBEDDED_INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&EMBEDDED));
/// Tiny blocks, so that block boundaries fall everywhere.
static EMBEDDED_SMALL: LazyLock<Index> = LazyLock::new(|| Index::build_with(&EMBEDDED, 64));
static GENERATED_INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&GENERATED));
static GENERATED_SMALL: LazyLock<Index> = LazyLock::new(|| Index::build_with(&GENERATED, 1));

/// Searchers that keep their last search between cases, so typing starts
/// from whatever the previous case left.
static EMBEDDED_SEARCHER: LazyLock<Searcher> = LazyLock::new(|| Searcher::with_index(&EMBEDDED));
static GENERATED_SEARCHER: LazyLock<Searcher> = LazyLock::new(|| Searcher::with_index(&GENERATED));

/// Types `q` a character at a time, going back one character where `back`
/// has a bit set, flipping between the two texts where `flip` has; every
/// step's hits must be the scan's.
fn typing(
    c: &Corpus,
    searcher: &Searcher,
    q: &str,
    back: u64,
    flip: u64,
) -> Result<(), TestCaseError> {
    let chars: Vec<char> = q.chars().collect();
    let mut original = false;
    for n in 1..=chars.len() {
        let mut steps = vec![n];
        if back >> (n % 64) & 1 == 1 {
            steps.extend([n - 1, n]);
        }
        for k in steps {
            if flip >> ((n + k) % 64) & 1 == 1 {
                original = !original;
            }
            let prefix: String = chars[..k].iter().collect();
            let got = searcher.search(c, &prefix, original);
            let want = search::search(c, &prefix, original);
            prop_assert_eq!(got, want, "typed {:?}, original {}", prefix, original);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn typing_gives_the_scans_hits_at_every_step(
        pick in any::<u64>(),
        len in 1usize..14,
        case in case(),
        back in any::<u64>(),
        flip in any::<u64>(),
        random in random_query(),
    ) {
        let q = recase(&substring(&texts(&EMBEDDED), pick, len), case);
        typing(&EMBEDDED, &EMBEDDED_SEARCHER, &q, back, flip)?;
        let q = recase(&substring(&texts(&GENERATED), pick, len), case);
        typing(&GENERATED, &GENERATED_SEARCHER, &q, back, flip)?;
        typing(&GENERATED, &GENERATED_SEARCHER, &random, back, flip)?;
    }

    #[test]
    fn embedded_substrings(pick in any::<u64>(), len in 1usize..14, case in case()) {
        let q = recase(&substring(&texts(&EMBEDDED), pick, len), case);
        same_hits(&EMBEDDED, &EMBEDDED_INDEX, &q)?;
        same_hits(&EMBEDDED, &EMBEDDED_SMALL, &q)?;
    }

    #[test]
    fn generated_substrings(pick in any::<u64>(), len in 1usize..14, case in case()) {
        let q = recase(&substring(&texts(&GENERATED), pick, len), case);
        same_hits(&GENERATED, &GENERATED_INDEX, &q)?;
        same_hits(&GENERATED, &GENERATED_SMALL, &q)?;
    }

    #[test]
    fn random_unicode_queries(q in random_query(), case in case()) {
        let q = recase(&q, case);
        same_hits(&EMBEDDED, &EMBEDDED_INDEX, &q)?;
        same_hits(&GENERATED, &GENERATED_INDEX, &q)?;
        same_hits(&GENERATED, &GENERATED_SMALL, &q)?;
    }
}

#[test]
fn the_traps_are_found_in_every_case() {
    // The generated pack holds the traps once per article: each of these
    // queries must find them, by index and by scan alike.
    for q in [
        "straße",
        "STRASSE",
        "kelvin",
        "\u{212A}elvin",
        "KELVIN",
        "σίσυφος",
        "ΣΊΣΥΦΟΣ",
        "ångström",
        "cafe\u{301}",
        "😀",
        "東京",
        "ǅ",
        "ﬁle",
        "ſtr",
        "\u{212B}ngstr",
    ] {
        let scan = search::search(&GENERATED, q, false);
        assert!(!scan.is_empty(), "{q:?} is in the text");
        assert_eq!(GENERATED_INDEX.search(&GENERATED, q, false), scan, "{q:?}");
        assert_eq!(GENERATED_SMALL.search(&GENERATED, q, false), scan, "{q:?}");
    }
}

#[test]
fn truncated_searches_agree() {
    // Over a hundred articles a space occurs more than MAX_HITS times: the
    // index must stop at the same hit as the scan.
    let c = generated(100);
    let index = Index::build(&c);
    for q in [" ", "e", "the"] {
        let scan = search::search(&c, q, false);
        assert_eq!(index.search(&c, q, false), scan, "{q:?}");
        if q == " " {
            assert_eq!(scan.len(), search::MAX_HITS);
        }
    }
}

#[test]
fn the_searcher_uses_its_index_only_for_its_own_corpus() {
    let corpus = Arc::new(corpus::embedded().unwrap());
    let searcher = Searcher::default();
    assert!(
        searcher.index_for(&corpus).is_none(),
        "nothing is built unasked"
    );
    searcher.prepare(&corpus);
    let mut waited = 0;
    while searcher.index_for(&corpus).is_none() {
        std::thread::sleep(std::time::Duration::from_millis(10));
        waited += 1;
        assert!(waited < 6_000, "the index is built");
    }
    let q = "Rapallo";
    assert_eq!(
        searcher.search(&corpus, q, false),
        search::search(&corpus, q, false)
    );
    // A clone shares the index; another corpus, even an equal one, does not
    // get it.
    assert!(searcher.clone().index_for(&corpus).is_some());
    let other = corpus::embedded().unwrap();
    assert!(searcher.index_for(&other).is_none());
    assert_eq!(
        searcher.search(&other, q, false),
        search::search(&other, q, false)
    );
}

/// A place to start searching from: any passage of the corpus, or one past
/// an article's last passage, or past the end.
fn place(c: &Corpus, pick: u64) -> PassageLoc {
    let a = (pick % (c.articles.len() as u64 + 1)) as usize;
    let passages = c.articles.get(a).map_or(0, |a| a.passages.len());
    PassageLoc {
        article: ArticleIdx(a),
        passage: ((pick >> 16) % (passages as u64 + 2)) as usize,
    }
}

/// A budget so small that nearly every search is finished in the
/// background.
const TINY: Budget = Budget {
    hits: 3,
    bytes: 512,
};

/// A search started from `from`: what it finds at once is exactly the
/// scan's hits from `from` up to where it got, and the list finished in the
/// background is the scan's.
fn started(
    c: &Arc<Corpus>,
    searcher: &Searcher,
    query: &str,
    from: PassageLoc,
) -> Result<(), TestCaseError> {
    for original in [false, true] {
        let scan = search::search(c, query, original);
        let found = searcher.start(c, query, original, from);
        let Some(p) = found.pending else {
            prop_assert_eq!(&found.hits, &scan, "{:?} from {:?}", query, from);
            continue;
        };
        prop_assert_eq!(p.from, from);
        if scan.len() < search::MAX_HITS {
            let so_far: Vec<_> = scan
                .iter()
                .filter(|h| h.loc >= from && p.reach.is_none_or(|r| h.loc < r))
                .cloned()
                .collect();
            prop_assert_eq!(&found.hits, &so_far, "{:?} from {:?}", query, from);
        }
        let finished = searcher.wait(p.id);
        prop_assert_eq!(
            finished.as_ref(),
            Some(&scan),
            "{:?} from {:?}, original {}",
            query,
            from,
            original
        );
    }
    Ok(())
}

static EMBEDDED_TINY: LazyLock<Searcher> =
    LazyLock::new(|| Searcher::with_index(&EMBEDDED).budgeted(TINY));
static GENERATED_TINY: LazyLock<Searcher> =
    LazyLock::new(|| Searcher::with_index(&GENERATED).budgeted(TINY));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn a_search_from_anywhere_gives_the_scans_hits(
        pick in any::<u64>(),
        at in any::<u64>(),
        len in 1usize..10,
        case in case(),
        random in random_query(),
    ) {
        let q = recase(&substring(&texts(&EMBEDDED), pick, len), case);
        let from = place(&EMBEDDED, at);
        for original in [false, true] {
            prop_assert_eq!(
                EMBEDDED_SEARCHER.search_from(&EMBEDDED, &q, original, from),
                search::search(&EMBEDDED, &q, original)
            );
        }
        started(&EMBEDDED, &EMBEDDED_TINY, &q, from)?;
        let q = recase(&substring(&texts(&GENERATED), pick, len), case);
        let from = place(&GENERATED, at);
        started(&GENERATED, &GENERATED_TINY, &q, from)?;
        started(&GENERATED, &GENERATED_TINY, &random, from)?;
        // Without the index: the plain scan's order, in two parts.
        started(&GENERATED, &Searcher::default().budgeted(TINY), &q, from)?;
    }
}

#[test]
fn searches_from_anywhere_stop_at_the_scans_last_hit() {
    // Over a hundred articles a space occurs more than MAX_HITS times: from
    // wherever a search begins, the list ends at the scan's last hit.
    let c = Arc::new(generated(100));
    let searcher = Searcher::with_index(&c);
    let n = c.articles.len() as u64;
    for q in [" ", "e"] {
        let scan = search::search(&c, q, false);
        for at in [0, 1, n / 3, n / 2, n - 1, n] {
            let from = place(&c, at);
            assert_eq!(
                searcher.search_from(&c, q, false, from),
                scan,
                "{q:?} from {from:?}"
            );
            let found = searcher
                .budgeted(Budget::FIRST_SCREEN)
                .start(&c, q, false, from);
            let done = match found.pending {
                Some(p) => searcher.wait(p.id).unwrap(),
                None => found.hits,
            };
            assert_eq!(done, scan, "{q:?} started from {from:?}");
        }
    }
}

#[test]
fn a_new_search_cancels_the_one_under_way() {
    let searcher = GENERATED_SEARCHER.budgeted(TINY);
    let first = searcher.start(&GENERATED, "the", false, place(&GENERATED, 5));
    let first = first.pending.expect("more than three hits of “the”");
    let second = searcher.start(&GENERATED, "of", false, place(&GENERATED, 7));
    let second = second.pending.expect("more than three hits of “of”");
    assert_eq!(searcher.progress(first.id), Progress::Gone);
    assert_eq!(
        searcher.wait(first.id),
        None,
        "a cancelled list never comes"
    );
    assert_eq!(
        searcher.wait(second.id),
        Some(search::search(&GENERATED, "of", false))
    );
    searcher.cancel();
    assert_eq!(searcher.progress(second.id), Progress::Gone);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn the_first_and_last_hit_in_a_stretch_are_the_scans(
        pick in any::<u64>(),
        at in any::<u64>(),
        to in any::<u64>(),
        len in 1usize..8,
        original in any::<bool>(),
    ) {
        let q = substring(&texts(&GENERATED), pick, len);
        let (from, to) = (place(&GENERATED, at), place(&GENERATED, to));
        let scan: Vec<PassageLoc> = search::search(&GENERATED, &q, original)
            .iter()
            .map(|h| h.loc)
            .filter(|l| *l >= from && *l < to)
            .collect();
        for searcher in [&*GENERATED_SEARCHER, &Searcher::default()] {
            let all = searcher.budgeted(Budget::ALL);
            prop_assert_eq!(
                all.first_in(&GENERATED, &q, original, from, Some(to)),
                Some(scan.first().copied())
            );
            prop_assert_eq!(
                all.last_in(&GENERATED, &q, original, from, Some(to)),
                Some(scan.last().copied())
            );
            // With a budget too small to see it all, an answer is still right.
            let tiny = searcher.budgeted(TINY);
            if let Some(first) = tiny.first_in(&GENERATED, &q, original, from, Some(to)) {
                prop_assert_eq!(first, scan.first().copied());
            }
        }
    }
}
