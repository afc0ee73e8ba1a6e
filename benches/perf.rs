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
use lectern::corpus::{self, Corpus, PackSource};
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
    g.bench_function("embedded", |b| {
        b.iter(|| corpus::embedded().expect("embedded corpus"))
    });
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

fn rendering(c: &mut Criterion) {
    let dirs = packs::ensure();
    let theme = Theme { color: true };
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
    let theme = Theme { color: true };
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
                r.event_sel = k;
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
    let popular = (0..corpus.entities.len())
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
    let mut wide = false;
    g.bench_function("resize-100kb", |b| {
        b.iter(|| {
            wide = !wide;
            update(&mut r, Action::Resize(if wide { W } else { 160 }, H));
        })
    });
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
    g.finish();
}

/// The map pane alone at 200×60 over the embedded corpus's places: a frame
/// with the coastline cached (every frame that does not move the map), and
/// one that projects the coastline afresh (a resize or a new framing).
fn map(c: &mut Criterion) {
    use lectern::geo::{Framing, LatLon, Place, Role, Scene};
    use lectern::ui::map::{MapCache, MapView};
    let theme = Theme { color: true };
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
        id,
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
        let scene = Scene::new(&places, &framing, W, H, Some(0));
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
                let scene = Scene::new(&places, &framing, W, H, Some(0));
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
    g.finish();
}

criterion_group!(
    benches, loading, rendering, keypresses, rewrapping, searching, map
);
criterion_main!(benches);
