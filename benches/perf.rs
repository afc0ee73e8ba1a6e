//! Speed of loading, drawing, keypresses, re-wrapping and search, on the
//! embedded corpus and on synthetic packs of 10, 100 and 1,000 articles and
//! one of a 100,000-line article. Kept short (few samples, short measuring
//! times) so the whole run takes a few minutes on two cores.
//!
//! `scripts/perf.sh` runs this with the end-to-end harness and prints the
//! table of docs/PERFORMANCE.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking"
)]

#[path = "support/gen.rs"]
mod generator;
#[path = "support/packs.rs"]
mod packs;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lectern::corpus::types::{CorpusFile, EntitySpec};
use lectern::corpus::{self, Corpus, EntityIdx, EventIdx, PackSource};
use lectern::reader::{Action, Pane, Reader, Target, update};
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 200;
const H: u16 = 60;

fn load(dir: &Path) -> Corpus {
    corpus::load(&PackSource::dir(dir).expect("pack dir")).expect("the pack loads")
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(W, H)).expect("test terminal")
}

fn draw(term: &mut Terminal<TestBackend>, r: &Reader, theme: &Theme) {
    term.draw(|f| ui::render(r, theme, f)).expect("draw");
}

/// The least any loader must do: read every file of the pack and find every
/// entity spelling in every article with one automaton.
fn floor(dir: &Path) -> usize {
    let corpus: CorpusFile =
        serde_json::from_slice(&std::fs::read(dir.join("corpus.json")).unwrap()).unwrap();
    let entities: Vec<EntitySpec> =
        serde_json::from_slice(&std::fs::read(dir.join("entities.json")).unwrap()).unwrap();
    let mut bytes = std::fs::read(dir.join("events.json")).unwrap().len();
    for g in std::fs::read_dir(dir.join("guides")).unwrap() {
        bytes += std::fs::read(g.unwrap().path()).unwrap().len();
    }
    let spellings: Vec<&str> = entities
        .iter()
        .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&spellings)
        .unwrap();
    let mut found = 0;
    for a in &corpus.articles {
        let text = std::fs::read(dir.join(&a.file)).unwrap();
        bytes += text.len();
        found += ac.find_iter(&text).count();
    }
    black_box(bytes);
    found
}

fn loading(c: &mut Criterion) {
    let dirs = packs::ensure();
    let mut g = c.benchmark_group("load");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3));
    // From the compiled-in index, and from the files as before it.
    g.bench_function("embedded", |b| {
        b.iter(|| corpus::embedded().expect("embedded corpus"))
    });
    g.bench_function("embedded-files", |b| {
        b.iter(|| corpus::load(&PackSource::embedded()).expect("embedded corpus"))
    });
    // A pack read through its index in the cache (built by the first call).
    let cache = tempfile::tempdir().expect("temporary cache");
    for (name, dir) in [("pack-100", &dirs.p100), ("pack-1000", &dirs.p1000)] {
        let source = PackSource::dir(dir).expect("pack dir");
        corpus::cache::open_in(&source, cache.path()).expect("the pack loads");
        g.bench_function(format!("{name}-index"), |b| {
            b.iter(|| {
                let (c, how) =
                    corpus::cache::open_in(&source, cache.path()).expect("the pack loads");
                assert_eq!(how, corpus::cache::Outcome::Used);
                c
            })
        });
    }
    for (name, dir) in [
        ("pack-10", &dirs.p10),
        ("pack-100", &dirs.p100),
        ("pack-1000", &dirs.p1000),
        ("pack-long", &dirs.long),
    ] {
        g.bench_function(name, |b| b.iter(|| load(dir)));
    }
    g.bench_function("floor-1000", |b| b.iter(|| floor(&dirs.p1000)));
    g.finish();
}

/// Opening the 10,000-article pack: from its files, through its index with
/// every hash checked (`corpus::open`), through its index with the files
/// only looked at (the reader's way, the hashes checked after its first
/// frame), against the floor.
fn at_scale(c: &mut Criterion) {
    let large = packs::large();
    let dir = &large.p10000;
    let mut g = c.benchmark_group("at-scale");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(5));
    let cache = tempfile::tempdir().expect("temporary cache");
    let source = PackSource::dir(dir).expect("pack dir");
    corpus::cache::open_in(&source, cache.path()).expect("the pack loads");
    g.bench_function("floor-10000", |b| b.iter(|| floor(dir)));
    g.bench_function("pack-10000-deferred", |b| {
        b.iter_with_large_drop(|| {
            let (c, how) =
                corpus::cache::open_deferred_in(&source, cache.path()).expect("the pack loads");
            assert_eq!(how, corpus::cache::Outcome::Used);
            c
        })
    });
    g.bench_function("pack-10000-index", |b| {
        b.iter_with_large_drop(|| {
            let (c, how) = corpus::cache::open_in(&source, cache.path()).expect("the pack loads");
            assert_eq!(how, corpus::cache::Outcome::Used);
            c
        })
    });
    g.bench_function("pack-10000-files", |b| b.iter_with_large_drop(|| load(dir)));
    g.finish();
}

/// What finding shared text adds to loading: the finder alone on a loaded
/// pack, beside the load it follows.
fn reusing(c: &mut Criterion) {
    let dirs = packs::ensure();
    let mut g = c.benchmark_group("reuse");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(4));
    let embedded = corpus::embedded().expect("embedded corpus");
    g.bench_function("find-embedded", |b| {
        b.iter(|| corpus::reuse::find(black_box(&embedded)))
    });
    for (name, dir) in [("100", &dirs.p100), ("1000", &dirs.p1000)] {
        let loaded = load(dir);
        g.bench_function(format!("load-{name}"), |b| b.iter(|| load(dir)));
        g.bench_function(format!("find-{name}"), |b| {
            b.iter(|| corpus::reuse::find(black_box(&loaded)))
        });
    }
    g.finish();
}

fn rendering(c: &mut Criterion) {
    let dirs = packs::ensure();
    let theme = Theme::colour(true);
    let long = Arc::new(load(&dirs.long));
    let mut g = c.benchmark_group("render");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let top = Reader::new(long.clone(), W, H);
    let mut bottom = top.clone();
    update(&mut bottom, Action::Bottom);
    assert!(bottom.scroll > 65_535, "the bottom is past line 65,535");
    for (name, r) in [("long-top", &top), ("long-bottom", &bottom)] {
        let mut term = terminal();
        draw(&mut term, r, &theme);
        g.bench_function(name, |b| b.iter(|| draw(&mut term, r, &theme)));
    }
    let embedded = Arc::new(corpus::embedded().unwrap());
    let r = Reader::new(embedded, W, H);
    let mut term = terminal();
    draw(&mut term, &r, &theme);
    g.bench_function("embedded-top", |b| b.iter(|| draw(&mut term, &r, &theme)));
    g.finish();
}

/// Times `update` + draw of one action; `reset` (untimed) puts the reader
/// back when the action would no longer change anything.
fn keypress(
    b: &mut criterion::Bencher,
    base: &Reader,
    theme: &Theme,
    action: Action,
    reset: impl Fn(&mut Reader) -> bool,
) {
    let mut r = base.clone();
    let mut term = terminal();
    draw(&mut term, &r, theme);
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            if reset(&mut r) {
                r = base.clone();
                draw(&mut term, &r, theme);
            }
            let t = Instant::now();
            update(&mut r, action);
            draw(&mut term, &r, theme);
            total += t.elapsed();
        }
        total
    });
}

fn keypresses(c: &mut Criterion) {
    let dirs = packs::ensure();
    let theme = Theme::colour(true);
    let corpus = Arc::new(load(&dirs.p1000));
    let base = Reader::new(corpus.clone(), W, H);
    let mut g = c.benchmark_group("key");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("down", |b| {
        keypress(b, &base, &theme, Action::Down, |r| {
            r.scroll >= r.doc.max_scroll()
        })
    });
    g.bench_function("next-passage", |b| {
        keypress(b, &base, &theme, Action::NextPassage, |r| {
            r.focus + 1 >= r.doc.passages.len()
        })
    });
    // Enter on an event in the timeline: the jump usually changes article,
    // so this includes wrapping the new one.
    let n_events = corpus.events.len();
    g.bench_function("enter-event", |b| {
        let mut term = terminal();
        let mut k = 0;
        b.iter_batched(
            || {
                let mut r = base.clone();
                update(&mut r, Action::FocusPrev);
                assert_eq!(r.pane, Pane::Timeline);
                k = (k + 37) % n_events;
                r.event_sel = EventIdx(k);
                r
            },
            |mut r| {
                update(&mut r, Action::Activate);
                draw(&mut term, &r, &theme);
                r
            },
            BatchSize::SmallInput,
        )
    });
    // `n` on the most mentioned entity: through its mentions, across articles.
    let popular = corpus
        .entity_indices()
        .max_by_key(|&e| corpus.entities[e].mentions.len())
        .unwrap();
    let mut hit_base = base.clone();
    hit_base.target = Some(Target::Entity(popular));
    g.bench_function("next-hit", |b| {
        keypress(b, &hit_base, &theme, Action::NextHit, |_| false)
    });
    g.finish();
}

fn rewrapping(c: &mut Criterion) {
    let dirs = packs::ensure();
    let long = Arc::new(load(&dirs.long));
    let mut r = Reader::new(long.clone(), W, H);
    update(&mut r, Action::NextArticle);
    let bytes: usize = long.articles[r.article]
        .passages
        .iter()
        .map(|p| p.text.len())
        .sum();
    assert!(bytes >= 100 * 1024, "a 100 KB article ({bytes} bytes)");
    let mut g = c.benchmark_group("rewrap");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    // The view is wide now: the first resize makes it narrow.
    let mut wide = true;
    // At 120 columns the text is narrower than the measure it has at 200,
    // so every resize wraps the article again.
    let before = r.wraps;
    update(&mut r, Action::Resize(120, H));
    update(&mut r, Action::Resize(W, H));
    assert_eq!(r.wraps, before + 2, "each resize re-wraps");
    g.bench_function("resize-100kb", |b| {
        b.iter(|| {
            wide = !wide;
            update(&mut r, Action::Resize(if wide { W } else { 120 }, H));
        })
    });
    g.finish();
}

/// Finding a highlight again in a 100 KB article: where it was, moved, and
/// after its words changed (the fuzzy search, bounded), short and long.
fn highlights(c: &mut Criterion) {
    use lectern::store::highlight::{Highlight, article_text, place, quote_of};
    let dirs = packs::ensure();
    let long = load(&dirs.long);
    let a = long
        .articles
        .iter()
        .position(|a| article_text(a).len() >= 100 * 1024)
        .expect("a 100 KB article");
    let chars: Vec<char> = article_text(&long.articles[a]).chars().collect();
    let at = chars.len() / 2;
    let make = |len: usize| Highlight {
        id: "bench".into(),
        article: long.articles[a].id.clone(),
        quote: quote_of(&chars, at, at + len),
        start: at,
        end: at + len,
        colour: Default::default(),
        tags: Vec::new(),
        note: String::new(),
        created: String::new(),
        updated: String::new(),
    };
    let mut g = c.benchmark_group("highlight");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for len in [200, 4000] {
        let exact = make(len);
        g.bench_function(format!("exact-{len}"), |b| b.iter(|| place(&long, &exact)));
        let mut moved = make(len);
        moved.start += 7;
        moved.end += 7;
        g.bench_function(format!("moved-{len}"), |b| b.iter(|| place(&long, &moved)));
        let mut changed = make(len);
        changed.quote.exact = changed.quote.exact.replace('e', "ë");
        g.bench_function(format!("changed-{len}"), |b| {
            b.iter(|| place(&long, &changed))
        });
    }
    g.finish();
}

fn searching(c: &mut Criterion) {
    let dirs = packs::ensure();
    let corpus = load(&dirs.p1000);
    let name = corpus.entities[0].name.clone();
    let mut g = c.benchmark_group("search");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("pack-1000-name", |b| {
        b.iter(|| lectern::search::search(&corpus, &name, false))
    });
    g.bench_function("pack-1000-common-word", |b| {
        b.iter(|| lectern::search::search(&corpus, "treaty", false))
    });
    let index = lectern::search::Index::build(&corpus);
    g.bench_function("pack-1000-name-index", |b| {
        b.iter(|| index.search(&corpus, &name, false))
    });
    g.bench_function("pack-1000-common-word-index", |b| {
        b.iter(|| index.search(&corpus, "treaty", false))
    });
    g.finish();
}

/// The search per typed character: each query typed one character at a
/// time, every prefix searched `reps` times (the median kept), by the plain
/// scan and by the index; p50 / p95 / max over all prefixes, in CPU time
/// of the searching thread. Also the
/// index's build time and size at three block sizes on the 10,000-article
/// pack. Written to `target/perf/typing.json` for the table.
fn typing(_: &mut Criterion) {
    // Not a criterion benchmark: honour a filter by hand.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"typing".contains(a.as_str()))
    {
        return;
    }
    let large = packs::large();
    let reps: usize = std::env::var("LECTERN_TYPING_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let mut out = serde_json::Map::new();
    // LECTERN_TYPING_PACKS=pack-10000 measures one pack only.
    let only = std::env::var("LECTERN_TYPING_PACKS").ok();
    for (name, dir) in [("pack-10000", &large.p10000), ("pack-books", &large.books)] {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|p| p == name))
        {
            continue;
        }
        let t = Instant::now();
        let corpus = load(dir);
        let load_ms = t.elapsed().as_secs_f64() * 1e3;
        let text: usize = corpus
            .articles
            .iter()
            .flat_map(|a| &a.passages)
            .map(|p| p.text.len())
            .sum();
        let queries = typed_queries(&corpus);
        let prefixes: usize = queries.iter().map(|q| q.chars().count()).sum();
        println!(
            "typing, {name}: {:.1} MB of text, loaded in {load_ms:.0} ms; {} queries, {prefixes} prefixes, {reps} runs each",
            text as f64 / 1e6,
            queries.len()
        );
        let mut entry = serde_json::Map::new();
        entry.insert("text_bytes".into(), text.into());
        let blocks: &[usize] = if name == "pack-10000" {
            &[2 * 1024, lectern::search::BLOCK_BYTES, 32 * 1024]
        } else {
            &[lectern::search::BLOCK_BYTES]
        };
        for &block in blocks {
            let t = cpu();
            let index = lectern::search::Index::build_with(&corpus, block);
            let build_ms = (cpu() - t).as_secs_f64() * 1e3;
            let times = per_char(&queries, reps, |q| index.search(&corpus, q, false).len());
            let (p50, p95, max) = summary(&times);
            println!(
                "  index, blocks of {:>2} KB: built in {build_ms:.0} ms, {:.1} MB; per character p50 {p50:.2} ms, p95 {p95:.2}, max {max:.2}",
                block / 1024,
                index.heap_bytes() as f64 / 1e6
            );
            if block == lectern::search::BLOCK_BYTES {
                entry.insert("build_ms".into(), build_ms.into());
                entry.insert("index_bytes".into(), index.heap_bytes().into());
                entry.insert("index".into(), serde_json::json!([p50, p95, max]));
            }
        }
        let corpus = Arc::new(corpus);
        let t = cpu();
        let searcher = lectern::search::Searcher::with_index(&corpus);
        let build_ms = (cpu() - t).as_secs_f64() * 1e3;
        let times = typed(&queries, reps, |q| searcher.search(&corpus, q, false).len());
        let (p50, p95, max) = summary(&times);
        println!(
            "  before: the whole search on the key (index, then the last hits' passages): p50 {p50:.2} ms, p95 {p95:.2}, max {max:.2} (index built in {build_ms:.0} ms)"
        );
        entry.insert("typed".into(), serde_json::json!([p50, p95, max]));
        // After: the search from the reading position, a budget's worth on
        // the key, the rest in the background. The reader is in the middle
        // of the corpus.
        let from = lectern::corpus::PassageLoc {
            article: lectern::corpus::ArticleIdx(corpus.articles.len() / 2),
            passage: 0,
        };
        let staged = typed_staged(&queries, reps, &searcher, &corpus, from);
        let (f50, f95, fmax) = summary(&staged.first);
        let (w50, w95, wmax) = summary(&staged.full_wall);
        println!(
            "  after: first screen (on the key, CPU): p50 {f50:.2} ms, p95 {f95:.2}, max {fmax:.2}; \
             full count (wall, key to list, background included): p50 {w50:.1} ms, p95 {w95:.1}, max {wmax:.1}; \
             {} of {} prefixes finished on the key",
            staged.at_once,
            staged.first.len()
        );
        let full = typed(&queries, reps, |q| {
            searcher.search_from(&corpus, q, false, from).len()
        });
        let (c50, c95, cmax) = summary(&full);
        println!(
            "  after: full count (CPU of the whole search from the reading position): p50 {c50:.2} ms, p95 {c95:.2}, max {cmax:.2}"
        );
        // Before the index is ready (the first seconds of the first
        // search): the same stages over every passage.
        let bare = lectern::search::Searcher::default();
        let unindexed = typed_staged(&queries, reps.min(3), &bare, &corpus, from);
        let (u50, u95, umax) = summary(&unindexed.first);
        println!(
            "  after, before the index is ready: first screen p50 {u50:.2} ms, p95 {u95:.2}, max {umax:.2}"
        );
        entry.insert("first_screen".into(), serde_json::json!([f50, f95, fmax]));
        entry.insert("full_wall".into(), serde_json::json!([w50, w95, wmax]));
        entry.insert("full_cpu".into(), serde_json::json!([c50, c95, cmax]));
        entry.insert(
            "first_screen_unindexed".into(),
            serde_json::json!([u50, u95, umax]),
        );
        let mut slow: Vec<(f64, String)> = staged
            .first
            .iter()
            .copied()
            .zip(prefixes_of(&queries))
            .collect();
        slow.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slow: Vec<String> = slow
            .iter()
            .take(5)
            .map(|(t, q)| format!("{q:?} {t:.2} ms"))
            .collect();
        println!("  slowest first screens: {}", slow.join(", "));
        let mut slow: Vec<(f64, String)> =
            times.iter().copied().zip(prefixes_of(&queries)).collect();
        slow.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slow: Vec<String> = slow
            .iter()
            .take(8)
            .map(|(t, q)| {
                let hits = lectern::search::search(&corpus, q, false).len();
                format!("{q:?} {t:.1} ms ({hits} hits)")
            })
            .collect();
        println!("  slowest typed prefixes: {}", slow.join(", "));
        drop(searcher);
        let scan_reps = reps.min(3);
        let times = per_char(&queries, scan_reps, |q| {
            lectern::search::search(&corpus, q, false).len()
        });
        let (p50, p95, max) = summary(&times);
        println!(
            "  plain scan ({scan_reps} runs each): per character p50 {p50:.2} ms, p95 {p95:.2}, max {max:.2}"
        );
        entry.insert("scan".into(), serde_json::json!([p50, p95, max]));
        out.insert(name.into(), entry.into());
    }
    let path = packs::perf_dir().join("typing.json");
    std::fs::write(&path, serde_json::Value::Object(out).to_string()).expect("write typing.json");
}

/// What a reader might type: an entity's name, a common word, a passage of
/// an event's quote (across words and digits), a run across word
/// boundaries, and two that are nowhere (one with a capital, one beyond
/// ASCII).
fn typed_queries(corpus: &Corpus) -> Vec<String> {
    vec![
        corpus.entities[0].name.clone(),
        corpus.entities[corpus.entities.len() / 2]
            .name
            .to_lowercase(),
        "treaty".into(),
        "entry 17.0 of the".into(),
        "ty of the gov".into(),
        "Quizzical".into(),
        "straße".into(),
    ]
}

/// Per prefix of every query, the median time of `reps` searches, in ms.
fn per_char(queries: &[String], reps: usize, search: impl Fn(&str) -> usize) -> Vec<f64> {
    let mut out = Vec::new();
    for q in queries {
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            let mut runs: Vec<f64> = (0..reps)
                .map(|_| {
                    let t = cpu();
                    black_box(search(&prefix));
                    (cpu() - t).as_secs_f64() * 1e3
                })
                .collect();
            runs.sort_by(f64::total_cmp);
            out.push(runs[runs.len() / 2]);
        }
    }
    out
}

fn prefixes_of(queries: &[String]) -> Vec<String> {
    queries
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (1..=chars.len())
                .map(|n| chars[..n].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Per prefix, the median time of typing it after the prefix before it
/// (every query typed `reps` times, one after the other), in ms.
fn typed(queries: &[String], reps: usize, search: impl Fn(&str) -> usize) -> Vec<f64> {
    let prefixes: usize = queries.iter().map(|q| q.chars().count()).sum();
    let mut runs = vec![Vec::with_capacity(reps); prefixes];
    for _ in 0..reps {
        let mut k = 0;
        for q in queries {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                let t = cpu();
                black_box(search(&prefix));
                runs[k].push((cpu() - t).as_secs_f64() * 1e3);
                k += 1;
            }
        }
    }
    runs.into_iter()
        .map(|mut r| {
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect()
}

/// Per prefix, typed in order as in the reader: the CPU time on the key
/// until the first screen of hits (the median of `reps`), and the wall time
/// until the full list is in (the background part included).
struct Staged {
    first: Vec<f64>,
    full_wall: Vec<f64>,
    /// Prefixes whose every run finished within the key's budget.
    at_once: usize,
}

fn typed_staged(
    queries: &[String],
    reps: usize,
    searcher: &lectern::search::Searcher,
    corpus: &Arc<Corpus>,
    from: lectern::corpus::PassageLoc,
) -> Staged {
    let prefixes = prefixes_of(queries);
    let mut first = vec![Vec::with_capacity(reps); prefixes.len()];
    let mut wall = vec![Vec::with_capacity(reps); prefixes.len()];
    let mut at_once = vec![true; prefixes.len()];
    for _ in 0..reps {
        for (k, prefix) in prefixes.iter().enumerate() {
            let w = Instant::now();
            let t = cpu();
            let found = searcher.start(corpus, prefix, false, from);
            first[k].push((cpu() - t).as_secs_f64() * 1e3);
            if let Some(p) = found.pending {
                at_once[k] = false;
                black_box(searcher.wait(p.id));
            }
            wall[k].push(w.elapsed().as_secs_f64() * 1e3);
        }
    }
    let median = |v: Vec<Vec<f64>>| -> Vec<f64> {
        v.into_iter()
            .map(|mut r| {
                r.sort_by(f64::total_cmp);
                r[r.len() / 2]
            })
            .collect()
    };
    Staged {
        first: median(first),
        full_wall: median(wall),
        at_once: at_once.iter().filter(|a| **a).count(),
    }
}

/// CPU time of this thread. On a machine shared with other builds, wall
/// time measures the wait for a core as much as the work.
fn cpu() -> Duration {
    let ts = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// p50, p95 (nearest rank) and max.
fn summary(times: &[f64]) -> (f64, f64, f64) {
    let mut v = times.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = |p: f64| v[(((p / 100.0) * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    (rank(50.0), rank(95.0), rank(100.0))
}

/// The map pane alone at 200×60 over the embedded corpus's places: a frame
/// with the coastline cached (every frame that does not move the map), and
/// one that projects the coastline afresh (a resize or a new framing); then
/// the whole screen with the map on, and with the timeline for comparison.
fn map(c: &mut Criterion) {
    use lectern::geo::{Framing, LatLon, Place, Role, Scene};
    use lectern::ui::map::{MapCache, MapView};
    let theme = Theme::colour(true);
    let places: Vec<Place> = [
        ("Rapallo", 44.35, 9.23, Role::Context),
        ("Genoa", 44.41, 8.93, Role::Context),
        ("Berlin", 52.52, 13.40, Role::Context),
        ("Moscow", 55.76, 37.62, Role::Context),
        ("Lipetsk", 52.61, 39.60, Role::Focus),
        ("Kazan", 55.79, 49.12, Role::Focus),
        ("Saratov", 51.53, 46.03, Role::Focus),
        ("Volsk", 52.05, 47.38, Role::Event),
    ]
    .iter()
    .enumerate()
    .map(|(id, &(name, lat, lon, role))| Place {
        at: LatLon { lat, lon },
        label: name.to_owned(),
        role,
        id: EntityIdx(id),
    })
    .collect();
    let pts: Vec<LatLon> = places.iter().map(|p| p.at).collect();
    let framing = Framing::fit(&pts, W, H);
    let mut g = c.benchmark_group("map");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let area = ratatui::layout::Rect::new(0, 0, W, H);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    // What the map adds to a frame: its scene laid out and drawn into the
    // frame's buffer (the terminal's own diff and flush are in `render`).
    let frame = |buf: &mut ratatui::buffer::Buffer, cache: &mut MapCache| {
        buf.reset();
        let scene = Scene::new(&places, &framing, W, H, Some(EntityIdx(0)));
        let view = MapView {
            scene: &scene,
            framing: &framing,
            cursor: None,
            theme: &theme,
        };
        view.render(area, buf, cache);
    };
    let mut cache = MapCache::default();
    frame(&mut buf, &mut cache);
    g.bench_function("draw-200x60", |b| b.iter(|| frame(&mut buf, &mut cache)));
    g.bench_function("draw-200x60-uncached", |b| {
        b.iter(|| frame(&mut buf, &mut MapCache::default()))
    });
    let mut term = terminal();
    g.bench_function("frame-200x60", |b| {
        b.iter(|| {
            term.draw(|f| {
                let scene = Scene::new(&places, &framing, W, H, Some(EntityIdx(0)));
                let view = MapView {
                    scene: &scene,
                    framing: &framing,
                    cursor: None,
                    theme: &theme,
                };
                view.render(f.area(), f.buffer_mut(), &mut cache);
            })
            .expect("draw");
        })
    });
    // The whole screen at 200×60 with the map on, at the passage naming
    // Kazan, Saratov and Lipetsk (three focus places, the article's others
    // for context), beside the same screen with the timeline instead.
    let embedded = Arc::new(corpus::embedded().unwrap());
    let (article, passage) = embedded
        .articles
        .iter()
        .enumerate()
        .find_map(|(a, art)| {
            art.passages
                .iter()
                .position(|p| {
                    ["Kazan", "Saratov"]
                        .iter()
                        .all(|n| p.entities.iter().any(|&e| embedded.entities[e].name == *n))
                })
                .map(|p| (a, p))
        })
        .expect("a passage names Kazan and Saratov");
    let mut timeline = Reader::new(embedded, W, H);
    for _ in 0..article {
        update(&mut timeline, Action::NextArticle);
    }
    for _ in 0..passage {
        update(&mut timeline, Action::NextPassage);
    }
    let mut on = timeline.clone();
    update(&mut on, Action::ToggleMap);
    assert!(on.map && on.screen().timeline.is_some());
    for (name, r) in [
        ("screen-200x60", &on),
        ("screen-200x60-timeline", &timeline),
    ] {
        let mut term = terminal();
        draw(&mut term, r, &theme);
        g.bench_function(name, |b| b.iter(|| draw(&mut term, r, &theme)));
    }
    g.finish();
}

/// A curation change from the reader's queue to the panes: the files
/// checked for edits on disk, the change applied and checked (the pack
/// loaded with it, or the corpus patched), the files written (atomically,
/// with fsync), the corpus brought up to date and the screen drawn; and
/// the pack's index written again after it. On a copy (`lectern init`) of
/// the embedded corpus and of the generated 1,000-article pack.
fn curating(c: &mut Criterion) {
    use lectern::curate::{Change, Curator};
    use lectern::reader::Queued;
    let theme = Theme::colour(true);
    let mut g = c.benchmark_group("curate");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    let p1000 = packs::ensure().p1000.clone();
    for (name, from) in [("embedded", None), ("pack-1000", Some(p1000))] {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path().join("pack");
        lectern::curate::init::init(from.as_deref(), &root).expect("init");
        let mut r = Reader::new(Arc::new(load(&root)), W, H);
        r.attach_curator(Curator::open(&root, 64 << 20).expect("curator"));
        let id = r.corpus.entities[EntityIdx(0)].id.clone();
        let mut term = terminal();
        let mut n = 0u64;
        // A summary: the change that alters no link, as accept, reject,
        // kind and an event's title or date do not either.
        g.bench_function(format!("change-to-screen-{name}"), |b| {
            b.iter(|| {
                n += 1;
                r.curation.queue.push(Queued::Change(Change::Summary {
                    id: id.clone(),
                    summary: format!("Written while reading ({n})."),
                }));
                r.flush_curation();
                assert!(r.status.as_deref().is_some_and(|s| s.contains("u undoes")));
                draw(&mut term, &r, &theme);
            })
        });
        // A link at one place, and its undo: the change that does alter
        // the links, so two rounds a sample.
        let loc = r.corpus.entities[EntityIdx(0)]
            .mentions
            .first()
            .expect("the entity is mentioned")
            .loc;
        let p = &r.corpus.articles[loc.article].passages[loc.passage];
        let m = p.mentions.first().expect("a mention").clone();
        let words = p.text[m.range.clone()].to_owned();
        let at = lectern::curate::PassageAt {
            article: r.corpus.articles[loc.article].id.clone(),
            text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
        };
        let nth = p.text[..m.range.start].matches(words.as_str()).count();
        g.bench_function(format!("link-and-undo-{name}"), |b| {
            b.iter(|| {
                r.curation.queue.push(Queued::Change(Change::Link {
                    at: at.clone(),
                    text: words.clone(),
                    nth,
                    entity: None,
                }));
                r.flush_curation();
                let Some(lectern::reader::Undo::Curation(undo)) = r.undo.pop() else {
                    panic!("not linked: {:?}", r.status);
                };
                r.curation.queue.push(Queued::Undo(undo));
                r.flush_curation();
                assert_eq!(r.status.as_deref(), Some("undone"));
                draw(&mut term, &r, &theme);
            })
        });
        // The pack's index written again after a change, as the reader
        // does on another thread: the article files read and checked
        // against the corpus held, the index encoded and written.
        let cache = tempfile::tempdir().expect("tmp");
        let source = lectern::corpus::PackSource::dir(&root).expect("pack");
        lectern::corpus::cache::open_in(&source, cache.path()).expect("index");
        let mut cur = Curator::open(&root, 64 << 20)
            .expect("curator")
            .with_cache(Some(cache.path()));
        let mut corpus = load(&root);
        let change = Change::Summary {
            id: id.clone(),
            summary: "Indexed again.".into(),
        };
        let lectern::curate::Outcome::Patched { quick, .. } = cur.apply_to(change, &corpus) else {
            panic!("not patched");
        };
        assert!(quick.apply(&mut corpus));
        g.bench_function(format!("index-update-{name}"), |b| {
            b.iter(|| assert!(cur.reindex(&corpus).expect("written")))
        });
    }
    g.finish();
}

criterion_group!(
    benches, loading, at_scale, reusing, rendering, keypresses, rewrapping, searching, typing, map,
    curating, highlights
);
criterion_main!(benches);
