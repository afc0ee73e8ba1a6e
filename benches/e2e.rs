//! The end-to-end harness: the optimised binary in a pseudo-terminal of
//! 200×60, its output read straight from the terminal's master side and
//! interpreted by a terminal emulator (vt100), with `less` run the same way
//! on the same text for comparison. Then the memory of the 1,000- and
//! 10,000-article packs, and the table of docs/PERFORMANCE.md, which also
//! reads the criterion results and the per-character search figures of
//! `cargo bench --bench perf` when they are there. The 10,000-article pack
//! and the pack of 1,000 book-length articles are measured with fewer runs
//! (`LECTERN_E2E_LARGE_RUNS`, default 3).
//!
//! Run with `cargo bench --bench e2e` (or `scripts/perf.sh` for everything).
//! `LECTERN_E2E_EMBEDDED_ONLY=1` times only the embedded corpus against
//! `less` (30 runs each, `LECTERN_E2E_RUNS` to change), and writes no report.
//!
//! What is measured:
//! - time to first frame: from just before the process is spawned until the
//!   chunk of output that completes the first screen arrives on the master
//!   (lectern: the bottom-right corner of the frame is drawn — ratatui writes
//!   changed cells in row order, so that cell is the last of the frame;
//!   less: the first text line and the prompt on the last row are shown).
//! - keypress to screen: from just before the key is written to the master
//!   until the chunk that makes the emulated screen equal (text and
//!   attributes) to the screen that key produced in the warm-up.
//!
//! Timestamps are taken by a thread that does nothing but read the master,
//! so the emulator's own parsing is not counted, for either program.

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
#[path = "../tests/common/pty.rs"]
mod pty;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use pty::Pty;

const W: u16 = 200;
const H: u16 = 60;
/// First-frame runs per case, interleaved between the cases
/// (`LECTERN_E2E_RUNS` overrides).
const RUNS: usize = 10;
/// Keys per key pair and corpus.
const KEYS: usize = 200;

/// The screen's text and attributes, to compare screens exactly.
fn formatted(s: &vt100::Screen) -> String {
    s.contents_formatted()
}

fn base_command(program: &Path, home: &Path) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("TERM", "xterm-256color")
        .env("LC_ALL", "C.UTF-8")
        .env("LESSHISTFILE", "-")
        .env("LECTERN_DATA_DIR", home.join("data"))
        // One cache for every run, so that a pack is indexed once and the
        // runs after the first read the index ("index already built"); the
        // code before has one of its own, its index being of another format.
        .env(
            "LECTERN_CACHE_DIR",
            if before_bin().is_some_and(|b| b == program) {
                cache_dir().join("before")
            } else {
                cache_dir()
            },
        )
        .current_dir(home);
    c
}

fn cache_dir() -> PathBuf {
    packs::perf_dir().join("cache")
}

/// The binary of the code before, when `LECTERN_E2E_BEFORE` names one: its
/// first frames are measured in the same run, interleaved with these.
fn before_bin() -> Option<PathBuf> {
    std::env::var_os("LECTERN_E2E_BEFORE")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
}

fn lectern_frame_done(s: &vt100::Screen) -> bool {
    s.cell(H - 1, W - 1).is_some_and(|c| c.contents() == "┘")
        && s.rows(0, W).last().is_some_and(|r| r.contains("? help"))
}

/// Spawns lectern; returns it and its time to first frame.
fn lectern(bin: &Path, content: Option<&Path>) -> (Pty, Duration, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = base_command(bin, home.path());
    if let Some(dir) = content {
        cmd.arg("--content").arg(dir);
    }
    let (mut pty, t0) = Pty::spawn(&mut cmd, W, H);
    let at = pty.wait_until("lectern's first frame", lectern_frame_done);
    if std::env::var_os("LECTERN_E2E_VERBOSE").is_some() {
        eprintln!(
            "  lectern: first output after {:.2} ms, frame complete after {:.2} ms",
            ms(pty.first_output.unwrap_or(at) - t0),
            ms(at - t0)
        );
    }
    (pty, at - t0, home)
}

/// Spawns less on `file`; returns its time to first screen.
fn less(file: &Path, first_line: &str) -> Duration {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = base_command(Path::new("less"), home.path());
    cmd.arg(file);
    let (mut pty, t0) = Pty::spawn(&mut cmd, W, H);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let at = pty.wait_until("less's first screen", |s| {
        let rows: Vec<String> = s.rows(0, W).collect();
        rows[0].starts_with(first_line) && rows[H as usize - 1].contains(&name)
    });
    pty.quit(b"q");
    at - t0
}

/// Keypress-to-screen latencies for `KEYS` keys alternating `a` and `b`.
fn keys(pty: &mut Pty, a: &[u8], b: &[u8]) -> Vec<Duration> {
    let quiet = Duration::from_millis(300);
    pty.settle(quiet);
    // Warm-up: learn the two screens, and check that they alternate.
    pty.send(a);
    pty.settle(quiet);
    let sa = pty.state();
    pty.send(b);
    pty.settle(quiet);
    let sb = pty.state();
    assert_ne!(sa, sb, "the keys change the screen");
    let mut out = Vec::with_capacity(KEYS);
    for i in 0..KEYS {
        let (key, want) = if i % 2 == 0 { (a, &sa) } else { (b, &sb) };
        let t = pty.send(key);
        let at = pty.wait_until("the screen after a key", |s| formatted(s) == *want);
        out.push(at - t);
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

/// Nearest-rank percentile.
fn pct(v: &[Duration], p: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// A criterion result (median, ns), if `cargo bench --bench perf` has run.
fn criterion(group: &str, name: &str) -> Option<f64> {
    let path = packs::perf_dir()
        .parent()?
        .join("criterion")
        .join(group)
        .join(name)
        .join("new")
        .join("estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn text_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn pack_bytes(dir: &Path) -> u64 {
    let mut n = text_bytes(dir);
    for f in ["corpus.json", "entities.json", "events.json"] {
        n += std::fs::metadata(dir.join(f)).unwrap().len();
    }
    n
}

/// Peak RSS of `lectern check DIR`, in KiB, by /usr/bin/time -v.
fn check_peak_kib(bin: &Path, dir: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg("check")
        .arg(dir)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    assert!(out.status.success(), "lectern check failed");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

struct Row {
    what: String,
    value: String,
    target: String,
    ok: Option<bool>,
}

fn row(rows: &mut Vec<Row>, what: &str, value: String, target: &str, ok: Option<bool>) {
    rows.push(Row {
        what: what.into(),
        value,
        target: target.into(),
        ok,
    });
}

fn fmt_ns(ns: Option<f64>) -> String {
    match ns {
        None => "not measured".into(),
        Some(n) if n >= 1e7 => format!("{:.1} ms", n / 1e6),
        Some(n) if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        Some(n) if n >= 1e3 => format!("{:.0} µs", n / 1e3),
        Some(n) => format!("{n:.0} ns"),
    }
}

/// The embedded corpus against `less` alone, many runs interleaved, for
/// quick comparisons while working on start-up (`LECTERN_E2E_EMBEDDED_ONLY`).
/// Writes no report.
fn embedded_only(bin: &Path, text: &Path) {
    let first = std::fs::read_to_string(text)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .chars()
        .take(40)
        .collect::<String>();
    let runs: usize = std::env::var("LECTERN_E2E_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        .max(1);
    let before = before_bin();
    let (mut l, mut s, mut b) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let (p, d, _home) = lectern(bin, None);
        p.quit(b"q");
        l.push(d);
        s.push(less(text, &first));
        if let Some(old) = &before {
            let (p, d, _home) = lectern(old, None);
            p.quit(b"q");
            b.push(d);
        }
    }
    for (name, v) in [("lectern", &l), ("less", &s), ("before", &b)] {
        if !v.is_empty() {
            println!("  {name:<8} median {:6.2} ms", ms(median(v)));
        }
    }
    println!("  lectern / less = {:.2}", ms(median(&l)) / ms(median(&s)));
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not ours means
    // another bench target was asked for.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && a != "e2e")
    {
        return;
    }
    // Built by `cargo bench` with the bench profile: optimised as a release.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_lectern"));
    let out = packs::perf_dir();
    std::fs::create_dir_all(&out).unwrap();
    let embedded_text = out.join("embedded.txt");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    std::fs::write(
        &embedded_text,
        generator::concatenated_text(&content).unwrap(),
    )
    .unwrap();
    if std::env::var_os("LECTERN_E2E_EMBEDDED_ONLY").is_some() {
        embedded_only(&bin, &embedded_text);
        return;
    }
    let dirs = packs::ensure();
    let pack_text = out.join("pack-1000.txt");
    std::fs::write(
        &pack_text,
        generator::concatenated_text(&dirs.p1000).unwrap(),
    )
    .unwrap();
    let first_line = |p: &Path| {
        let t = std::fs::read_to_string(p).unwrap();
        t.lines()
            .next()
            .unwrap()
            .chars()
            .take(40)
            .collect::<String>()
    };
    let (emb_first, pack_first) = (first_line(&embedded_text), first_line(&pack_text));
    let large = packs::large();
    let before = before_bin();
    let mut large_frames = Vec::new();
    let large_runs: usize = std::env::var("LECTERN_E2E_LARGE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    for (name, dir) in [
        ("10,000 articles", &large.p10000),
        ("1,000 book-length articles", &large.books),
    ] {
        let text_file = out.join(format!(
            "{}.txt",
            dir.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&text_file, generator::concatenated_text(dir).unwrap()).unwrap();
        let first = first_line(&text_file);
        // The first open of the pack, which builds its index.
        let source = lectern::corpus::PackSource::dir(dir).unwrap();
        if let Some(index) = lectern::corpus::cache::index_path(&source, &cache_dir()) {
            let _ = std::fs::remove_file(index);
        }
        let (p, building, _home) = lectern(&bin, Some(dir));
        // The reader writes the index before its first frame and again,
        // with the text articles share, once it has found that: the runs
        // below are of a pack whose index is complete.
        if let Some(index) = lectern::corpus::cache::index_path(&source, &cache_dir()) {
            let stamp = || std::fs::metadata(&index).and_then(|m| m.modified()).ok();
            let first = stamp();
            let t0 = std::time::Instant::now();
            while stamp() == first && t0.elapsed() < Duration::from_secs(120) {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        p.quit(b"q");
        if let Some(b) = &before {
            // Its index built too, before the runs.
            let (p, _, _home) = lectern(b, Some(dir));
            p.quit(b"q");
        }
        let (mut l, mut s, mut old) = (vec![], vec![], vec![]);
        for _ in 0..large_runs {
            let (p, d, _home) = lectern(&bin, Some(dir));
            p.quit(b"q");
            l.push(d);
            s.push(less(&text_file, &first));
            if let Some(b) = &before {
                let (p, d, _home) = lectern(b, Some(dir));
                p.quit(b"q");
                old.push(d);
            }
        }
        let _ = std::fs::remove_file(&text_file);
        println!(
            "first frame, {name} ({large_runs} runs): lectern median {:.0} ms (first open {:.0} ms), less {:.1} ms",
            ms(median(&l)),
            ms(building),
            ms(median(&s))
        );
        large_frames.push((name, dir.clone(), l, s, building, old));
    }

    let runs: usize = std::env::var("LECTERN_E2E_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS)
        .max(1);
    println!("first frame: {runs} runs of each, interleaved");
    let (mut l_emb, mut s_emb, mut l_pack, mut s_pack) = (vec![], vec![], vec![], vec![]);
    let (mut b_emb, mut b_pack) = (vec![], vec![]);
    // The 1,000-article pack's index, built before the runs.
    let (p, _, _home) = lectern(&bin, Some(&dirs.p1000));
    p.quit(b"q");
    if let Some(b) = &before {
        let (p, _, _home) = lectern(b, Some(&dirs.p1000));
        p.quit(b"q");
    }
    for _ in 0..runs {
        if let Some(b) = &before {
            let (p, d, _home) = lectern(b, None);
            p.quit(b"q");
            b_emb.push(d);
            let (p, d, _home) = lectern(b, Some(&dirs.p1000));
            p.quit(b"q");
            b_pack.push(d);
        }
        let (p, d, _home) = lectern(&bin, None);
        p.quit(b"q");
        l_emb.push(d);
        s_emb.push(less(&embedded_text, &emb_first));
        let (p, d, _home) = lectern(&bin, Some(&dirs.p1000));
        p.quit(b"q");
        l_pack.push(d);
        s_pack.push(less(&pack_text, &pack_first));
    }
    for (name, v) in [
        ("lectern, embedded corpus", &l_emb),
        ("less, embedded text", &s_emb),
        ("lectern, 1,000 articles", &l_pack),
        ("less, 1,000 articles' text", &s_pack),
        ("before, embedded corpus", &b_emb),
        ("before, 1,000 articles", &b_pack),
    ] {
        if v.is_empty() {
            continue;
        }
        let mut sorted = v.clone();
        sorted.sort();
        println!(
            "  {name:<28} median {:7.2} ms   min {:7.2}   max {:7.2}",
            ms(median(v)),
            ms(sorted[0]),
            ms(sorted[sorted.len() - 1])
        );
    }

    println!("keypress to screen: {KEYS} keys per pair");
    let mut latencies: Vec<(String, Vec<Duration>)> = Vec::new();
    let mut reader_peak = None;
    let mut large_peaks = None;
    for (label, content) in [
        ("embedded", None),
        ("1,000 articles", Some(dirs.p1000.as_path())),
        ("10,000 articles", Some(large.p10000.as_path())),
    ] {
        let (mut pty, _, _home) = lectern(&bin, content);
        for (a, b, keys_label) in [(b"j", b"k", "j/k"), (b"}", b"{", "}/{")] {
            let v = keys(&mut pty, a, b);
            println!(
                "  {label:<16} {keys_label}  p50 {:6.2} ms  p95 {:6.2}  p99 {:6.2}  max {:6.2}",
                ms(pct(&v, 50.0)),
                ms(pct(&v, 95.0)),
                ms(pct(&v, 99.0)),
                ms(pct(&v, 100.0))
            );
            latencies.push((format!("{label} {keys_label}"), v));
        }
        if content == Some(dirs.p1000.as_path()) {
            reader_peak = pty.peak_kib();
        }
        if content == Some(large.p10000.as_path()) {
            // Then a search, which builds the index in the background.
            let keys_peak = pty.peak_kib();
            pty.send(b"/treaty");
            pty.settle(Duration::from_secs(3));
            large_peaks = Some((keys_peak, pty.peak_kib()));
            pty.send(b"\x1b");
        }
        pty.quit(b"q");
    }

    let text = text_bytes(&dirs.p1000);
    let pack = pack_bytes(&dirs.p1000);
    let check_peak = check_peak_kib(&bin, &dirs.p1000);
    println!(
        "memory, 1,000 articles: text {:.1} MB (pack {:.1} MB); peak RSS of `lectern check` {}; of the reader after the keys {}",
        text as f64 / 1e6,
        pack as f64 / 1e6,
        check_peak.map_or("unknown (/usr/bin/time missing)".into(), |k| format!(
            "{:.1} MB",
            k as f64 * 1024.0 / 1e6
        )),
        reader_peak.map_or("unknown".into(), |k| format!(
            "{:.1} MB",
            k as f64 * 1024.0 / 1e6
        )),
    );

    // The table.
    let mut rows = Vec::new();
    if !b_emb.is_empty() {
        row(
            &mut rows,
            "Before: first frame, embedded corpus (lectern / less on the same text)",
            format!(
                "{:.1} ms / {:.1} ms = {:.2}×",
                ms(median(&b_emb)),
                ms(median(&s_emb)),
                ms(median(&b_emb)) / ms(median(&s_emb))
            ),
            "≤ 1.2× less",
            Some(ms(median(&b_emb)) / ms(median(&s_emb)) <= 1.2),
        );
        row(
            &mut rows,
            "Before: first frame, 1,000 articles",
            format!("{:.0} ms", ms(median(&b_pack))),
            "≤ 100 ms",
            Some(median(&b_pack) <= Duration::from_millis(100)),
        );
    }
    let ratio = ms(median(&l_emb)) / ms(median(&s_emb));
    row(
        &mut rows,
        "First frame, embedded corpus (lectern / less on the same text)",
        format!(
            "{:.1} ms / {:.1} ms = {ratio:.2}×",
            ms(median(&l_emb)),
            ms(median(&s_emb))
        ),
        "≤ 1.2× less",
        Some(ratio <= 1.2),
    );
    row(
        &mut rows,
        "First frame, 1,000 articles (`--content`)",
        format!(
            "{:.0} ms (less on the same text: {:.1} ms)",
            ms(median(&l_pack)),
            ms(median(&s_pack))
        ),
        "≤ 100 ms (index already built)",
        Some(median(&l_pack) <= Duration::from_millis(100)),
    );
    for (name, dir, l, s, building, old) in &large_frames {
        if !old.is_empty() {
            row(
                &mut rows,
                &format!("Before: first frame, {name} ({} runs)", old.len()),
                format!("{:.0} ms", ms(median(old))),
                "—",
                None,
            );
        }
        row(
            &mut rows,
            &format!("First open, {name}, building the index (one run)"),
            format!("{:.0} ms", ms(*building)),
            "—",
            None,
        );
        let goal = if dir == &large.p10000 {
            "≤ 200 ms (index already built)"
        } else {
            "—"
        };
        row(
            &mut rows,
            &format!(
                "First frame, {name} ({:.0} MB of text, {} runs)",
                text_bytes(dir) as f64 / 1e6,
                l.len()
            ),
            format!(
                "{:.0} ms (less on the same text: {:.1} ms)",
                ms(median(l)),
                ms(median(s))
            ),
            goal,
            (dir == &large.p10000).then(|| median(l) <= Duration::from_millis(200)),
        );
    }
    let load = criterion("load", "pack-1000");
    let floor = criterion("load", "floor-1000");
    row(
        &mut rows,
        "Load + validate + link, 1,000 articles / floor (read files + one aho-corasick pass)",
        match (load, floor) {
            (Some(l), Some(f)) => format!("{} / {} = {:.2}×", fmt_ns(load), fmt_ns(floor), l / f),
            _ => "not measured".into(),
        },
        "≤ 5× floor",
        load.zip(floor).map(|(l, f)| l / f <= 5.0),
    );
    for (name, label) in [
        ("embedded", "Load + validate + link, embedded corpus"),
        ("pack-10", "Load + validate + link, 10 articles"),
        ("pack-100", "Load + validate + link, 100 articles"),
        (
            "pack-long",
            "Load + validate + link, 100,000-line + 100 KB articles",
        ),
    ] {
        row(&mut rows, label, fmt_ns(criterion("load", name)), "—", None);
    }
    let top = criterion("render", "long-top");
    let bottom = criterion("render", "long-bottom");
    row(
        &mut rows,
        "Frame (draw + diff) 200×60, top of the 100,000-line article",
        fmt_ns(top),
        "< 1 ms",
        top.map(|t| t < 1e6),
    );
    row(
        &mut rows,
        "Frame 200×60, bottom of the 100,000-line article (ratio to top)",
        match (top, bottom) {
            (Some(t), Some(b)) => format!("{} ({:.2}×)", fmt_ns(bottom), b / t),
            _ => "not measured".into(),
        },
        "< 1 ms, ≤ 1.2× top",
        top.zip(bottom).map(|(t, b)| b < 1e6 && b / t <= 1.2),
    );
    row(
        &mut rows,
        "Frame 200×60, embedded corpus",
        fmt_ns(criterion("render", "embedded-top")),
        "< 1 ms",
        criterion("render", "embedded-top").map(|t| t < 1e6),
    );
    for (name, label) in [
        ("down", "Key `j` (update + frame), 1,000 articles"),
        ("next-passage", "Key `}` (update + frame), 1,000 articles"),
        (
            "enter-event",
            "Enter on an event (jump, wrap, frame), 1,000 articles",
        ),
        (
            "next-hit",
            "Key `n` on an entity (update + frame), 1,000 articles",
        ),
    ] {
        let v = criterion("key", name);
        row(&mut rows, label, fmt_ns(v), "< 16 ms", v.map(|v| v < 16e6));
    }
    let rw = criterion("rewrap", "resize-100kb");
    row(
        &mut rows,
        "Re-wrap a 100 KB article on resize",
        fmt_ns(rw),
        "< 16 ms",
        rw.map(|v| v < 16e6),
    );
    for (name, label) in [
        ("pack-1000-name", "Search 1,000 articles for an entity name"),
        (
            "pack-1000-common-word",
            "Search 1,000 articles for a common word (\"treaty\")",
        ),
    ] {
        row(
            &mut rows,
            label,
            fmt_ns(criterion("search", name)),
            "—",
            None,
        );
    }
    for (label, v) in &latencies {
        let (p95, p99) = (pct(v, 95.0), pct(v, 99.0));
        let ok = p95 < Duration::from_millis(16) && p99 < Duration::from_millis(50);
        row(
            &mut rows,
            &format!(
                "Keypress to screen, {label} ({} keys): p50 / p95 / p99",
                v.len()
            ),
            format!(
                "{:.2} / {:.2} / {:.2} ms",
                ms(pct(v, 50.0)),
                ms(p95),
                ms(p99)
            ),
            "p95 < 16 ms, p99 < 50 ms",
            Some(ok),
        );
    }
    let limit = 4 * text + 30_000_000;
    row(
        &mut rows,
        &format!(
            "Peak memory, `lectern check` on 1,000 articles ({:.1} MB of text)",
            text as f64 / 1e6
        ),
        check_peak.map_or("not measured".into(), |k| {
            format!("{:.1} MB", k as f64 * 1024.0 / 1e6)
        }),
        &format!("< 4× text + 30 MB = {:.1} MB", limit as f64 / 1e6),
        check_peak.map(|k| k * 1024 < limit),
    );
    row(
        &mut rows,
        "Peak memory, the reader on 1,000 articles after 400 keys",
        reader_peak.map_or("not measured".into(), |k| {
            format!("{:.1} MB", k as f64 * 1024.0 / 1e6)
        }),
        &format!("< {:.1} MB", limit as f64 / 1e6),
        reader_peak.map(|k| k * 1024 < limit),
    );

    let text10k = text_bytes(&large.p10000);
    let limit10k = text10k / 2 + 60_000_000;
    if let Some((keys_peak, search_peak)) = large_peaks {
        for (what, v) in [
            ("after 400 keys", keys_peak),
            ("after 400 keys and a search (index built)", search_peak),
        ] {
            row(
                &mut rows,
                &format!(
                    "Peak memory, the reader on 10,000 articles ({:.0} MB of text) {what}",
                    text10k as f64 / 1e6
                ),
                v.map_or("not measured".into(), |k| {
                    format!("{:.0} MB", k as f64 * 1024.0 / 1e6)
                }),
                &format!("≤ 0.5× text + 60 MB = {:.0} MB", limit10k as f64 / 1e6),
                v.map(|k| k * 1024 <= limit10k),
            );
        }
    }
    if let Some(typing) = std::fs::read_to_string(out.join("typing.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    {
        for (pack, label) in [
            ("pack-10000", "10,000 articles"),
            ("pack-books", "1,000 book-length articles"),
        ] {
            for (how, what) in [
                ("scan", "plain scan (before)"),
                ("index", "index, each prefix alone"),
                (
                    "typed",
                    "index, typed a character at a time, all on the key",
                ),
                ("first_screen", "first screen of hits on the key (after)"),
            ] {
                let v = &typing[pack][how];
                let Some(p95) = v[1].as_f64() else { continue };
                row(
                    &mut rows,
                    &format!(
                        "Search per typed character (CPU time), {label}, {what}: p50 / p95 / max"
                    ),
                    format!(
                        "{:.2} / {p95:.2} / {:.2} ms",
                        v[0].as_f64().unwrap_or(f64::NAN),
                        v[2].as_f64().unwrap_or(f64::NAN)
                    ),
                    "p95 < 30 ms",
                    Some(p95 < 30.0),
                );
            }
        }
    }

    let mut table = String::from("| measurement | result | target | met |\n|---|---|---|---|\n");
    for r in &rows {
        let met = match r.ok {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "",
        };
        let _ = writeln!(table, "| {} | {} | {} | {met} |", r.what, r.value, r.target);
    }
    println!("\n{table}");
    let report = out.join("report.md");
    std::fs::write(&report, &table).unwrap();
    println!("(also written to {})", report.display());
}
