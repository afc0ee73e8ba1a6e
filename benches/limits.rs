//! How long the big inputs of the limit tests take, measured here rather
//! than asserted by the tests: a 50 MB paragraph and a 1,000,000-line
//! article through `lectern check`, a frame of a 2 MB paragraph, 10,000
//! entities with overlapping aliases loaded, 10,000 errors reported.
//!
//! Run with `cargo bench --bench limits`; few samples, as each case is slow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark reports a failure by panicking"
)]

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lectern::corpus::{self, PackSource};
use lectern::reader::Reader;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The limit tests' own packs.
#[path = "../tests/common/limits.rs"]
mod limit_packs;

use limit_packs::{ENTITIES, paragraph};

/// A pack of one article of `text`.
fn pack(dir: &Path, text: &str, entities: &str) {
    limit_packs::pack(dir, &[("a", text)], entities);
}

fn check(dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .arg("check")
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn limits(c: &mut Criterion) {
    let mut g = c.benchmark_group("limits");
    g.sample_size(10).warm_up_time(Duration::from_millis(100));

    let big = tempfile::tempdir().unwrap();
    pack(big.path(), &paragraph(50 << 20), ENTITIES);
    g.bench_function("check-50mb-paragraph", |b| b.iter(|| check(big.path())));

    let lines = tempfile::tempdir().unwrap();
    let text = (0..1_000_000)
        .map(|i| format!("Line {i} of the article, at Rapallo."))
        .collect::<Vec<_>>()
        .join("\n\n");
    pack(lines.path(), &text, ENTITIES);
    g.bench_function("check-million-passages", |b| b.iter(|| check(lines.path())));

    let long = tempfile::tempdir().unwrap();
    pack(long.path(), &paragraph(2 << 20), ENTITIES);
    let c = Arc::new(corpus::load(&PackSource::dir(long.path()).unwrap()).unwrap());
    let r = Reader::new(c, 200, 60);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let theme = Theme::colour(true);
    g.bench_function("frame-2mb-paragraph", |b| {
        b.iter(|| {
            term.draw(|f| ui::render(&r, &theme, f)).unwrap();
        });
    });

    let many = tempfile::tempdir().unwrap();
    let n = 10_000;
    let entities: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "kind": "person", "name": "Alpha{i} Beta",
                    "aliases": ["Alpha{i}", "Alpha{i} Beta Gamma", "Beta{i}"], "summary": "S{i}"}}"#
            )
        })
        .collect();
    let text: String = (0..n)
        .map(|i| format!("Alpha{i} Beta Gamma met Alpha{i} Beta, Alpha{i} and Beta{i}.\n\n"))
        .collect();
    pack(many.path(), &text, &format!("[{}]", entities.join(",")));
    g.bench_function("load-10k-entities", |b| {
        b.iter(|| black_box(corpus::load(&PackSource::dir(many.path()).unwrap()).unwrap()))
    });

    let bad = tempfile::tempdir().unwrap();
    let entities: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"id": "e{i}", "kind": "place", "name": "Same", "summary": "", "related": ["nobody{i}"]}}"#)
        })
        .collect();
    pack(
        bad.path(),
        "Same text.",
        &format!("[{}]", entities.join(",\n")),
    );
    g.bench_function("report-10k-errors", |b| {
        b.iter(|| black_box(corpus::load(&PackSource::dir(bad.path()).unwrap()).unwrap_err()))
    });
    g.finish();
}

criterion_group!(benches, limits);
criterion_main!(benches);
