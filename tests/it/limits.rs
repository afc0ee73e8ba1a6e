//! Big, deep and malformed content: each either loads and reads in bounded
//! time, with no unsafe character on the screen, or is refused with a clear
//! error naming the file and, for a limit, how to raise it.
//!
//! Big inputs are generated here, in temporary directories. The largest
//! (a 50 MB paragraph, a 1,000,000-line article) are checked by the
//! program's `lectern check`; the screens are drawn in-process from inputs
//! large enough to show that a frame does not grow with the text (the
//! document is wrapped once, counted by the reader). How long these take is
//! measured by `cargo bench --bench limits`, not asserted here.

use lectern::corpus::ArticleIdx;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lectern::corpus::{self, Corpus, PackErrors, PackSource};
use lectern::reader::{Action, Edit, Position, Reader, update};
use lectern::sanitize::is_unsafe;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A pack of the given articles (id → text) and entities (a JSON array), no events.
fn pack(dir: &Path, articles: &[(&str, &str)], entities: &str) {
    let metas: Vec<String> = articles
        .iter()
        .map(|(id, _)| {
            format!(
                r#"{{"id": "{id}", "title": "Article {id}", "source": "Test", "file": "articles/{id}.txt"}}"#
            )
        })
        .collect();
    write(
        dir,
        "corpus.json",
        format!(
            r#"{{"format": 1, "id": "big", "title": "Big", "articles": [{}]}}"#,
            metas.join(",")
        ),
    );
    for (id, text) in articles {
        write(dir, &format!("articles/{id}.txt"), text);
    }
    write(dir, "entities.json", entities);
    write(dir, "events.json", "[]");
}

const ENTITIES: &str = r#"[
  {"id": "rapallo", "kind": "place", "name": "Rapallo", "summary": "A town."},
  {"id": "treaty", "kind": "treaty", "name": "Treaty of Rapallo", "summary": "A treaty."}
]"#;

fn load(dir: &Path) -> Result<Arc<Corpus>, PackErrors> {
    corpus::load(&PackSource::dir(dir).unwrap()).map(Arc::new)
}

/// Draws the reader at 200×60, checking that no unsafe character reached a
/// cell.
fn frame(term: &mut Terminal<TestBackend>, r: &Reader) {
    term.draw(|f| ui::render(r, &Theme { color: true }, f))
        .unwrap();
    for cell in term.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(is_unsafe), "{:?}", cell.symbol());
    }
}

/// Opens the first article, draws it at the top, the middle and the end,
/// with a card and the entity pane open; asserts the document was wrapped
/// once.
fn read_through(c: Arc<Corpus>) {
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut r = Reader::new(c, 200, 60);
    frame(&mut term, &r);
    let middle = r.doc.max_scroll() / 2;
    r.restore_position(Position {
        article: ArticleIdx(0),
        focus: r.doc.passage_at(middle),
        scroll: middle,
    });
    for a in [
        None,
        Some(Action::Down),
        Some(Action::PageDown),
        Some(Action::Bottom),
        Some(Action::PageUp),
        Some(Action::FocusNext),
        Some(Action::Activate),
        Some(Action::Bottom),
        Some(Action::Close),
        Some(Action::Top),
    ] {
        if let Some(a) = a {
            update(&mut r, a);
        }
        frame(&mut term, &r);
    }
    assert_eq!(r.wraps, 1, "the document is wrapped once for a width");
}

/// Past this a `lectern check` is taken for hung. It catches a hang only:
/// the unoptimised program on a machine busy with other work takes a minute
/// or more for the largest inputs, and their speed is measured by
/// `cargo bench --bench limits`.
const HANG: Duration = Duration::from_secs(600);

/// `lectern check DIR`: exit code and stderr; a run that does not end is
/// killed after `HANG` and fails.
fn run_check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let start = Instant::now();
    let mut child = Command::new(crate::common::BIN)
        .arg("check")
        .arg(dir)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read stderr on a thread, so a full pipe cannot stall the child.
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        s
    });
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("lectern check {} did not finish in {HANG:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c != '\n' && is_unsafe(c)),
        "unsafe character in {stderr:?}"
    );
    (code, stderr)
}

/// A paragraph of `bytes` bytes with a mention every few words.
fn paragraph(bytes: usize) -> String {
    let unit = "The Treaty of Rapallo was signed at Rapallo, 日本語 👨‍👩‍👧 Zoe\u{308}. ";
    let mut s = unit.repeat(bytes / unit.len() + 1);
    // `floor_char_boundary` is newer than the supported toolchain.
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

// ---------------------------------------------------------------------------
// Big

#[test]
fn a_50_mb_paragraph_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("big", &paragraph(50 << 20))], ENTITIES);
    let (code, stderr) = run_check(tmp.path(), &[], &[]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_long_paragraph_is_wrapped_once_and_drawn_safely() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("big", &paragraph(2 << 20))], ENTITIES);
    let c = load(tmp.path()).unwrap();
    assert_eq!(c.articles[0].passages.len(), 1);
    assert!(c.articles[0].passages[0].mentions.len() > 50_000);
    read_through(c);
}

/// An article of `n` lines, each its own passage or (`hard`) all one
/// passage with line breaks.
fn lines(n: usize, hard: bool) -> String {
    let sep = if hard { "\n" } else { "\n\n" };
    (0..n)
        .map(|i| format!("Line {i} of the article, at Rapallo."))
        .collect::<Vec<_>>()
        .join(sep)
}

#[test]
fn a_million_line_article_is_checked() {
    for hard in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        pack(tmp.path(), &[("lines", &lines(1_000_000, hard))], ENTITIES);
        let (code, stderr) = run_check(tmp.path(), &[], &[]);
        assert_eq!(code, 0, "{stderr}");
    }
}

#[test]
fn a_long_article_is_wrapped_once_and_drawn_safely() {
    for hard in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        pack(tmp.path(), &[("lines", &lines(50_000, hard))], ENTITIES);
        let c = load(tmp.path()).unwrap();
        read_through(c);
    }
}

#[test]
fn ten_thousand_entities_with_overlapping_aliases() {
    const N: usize = 10_000;
    let entities: Vec<String> = (0..N)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "kind": "person", "name": "Alpha{i} Beta",
                    "aliases": ["Alpha{i}", "Alpha{i} Beta Gamma", "Beta{i}"], "summary": "S{i}"}}"#
            )
        })
        .collect();
    // Every spelling of every entity, the longer ones overlapping the shorter.
    let text: String = (0..N)
        .map(|i| format!("Alpha{i} Beta Gamma met Alpha{i} Beta, Alpha{i} and Beta{i}.\n\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    pack(
        tmp.path(),
        &[("a", &text)],
        &format!("[{}]", entities.join(",")),
    );
    let c = load(tmp.path()).unwrap();
    assert!(c.entities.iter().all(|e| e.mentions.len() == 4));
    let first = &c.articles[0].passages[0];
    let spans: Vec<&str> = first
        .mentions
        .iter()
        .map(|m| &first.text[m.range.clone()])
        .collect();
    assert_eq!(
        spans,
        ["Alpha0 Beta Gamma", "Alpha0 Beta", "Alpha0", "Beta0"]
    );
    // The sidebar lists 10,000 entities; the card of the last one opens.
    let mut r = Reader::new(c.clone(), 200, 60);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for a in [Action::FocusNext, Action::Bottom, Action::Activate] {
        update(&mut r, a);
        frame(&mut term, &r);
    }
}

#[test]
fn ten_thousand_errors_are_reported_and_counted() {
    const N: usize = 10_000;
    let entities: Vec<String> = (0..N)
        .map(|i| {
            format!(r#"{{"id": "e{i}", "kind": "place", "name": "Same", "summary": "", "related": ["nobody{i}"]}}"#)
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    pack(
        tmp.path(),
        &[("a", "Same text.")],
        &format!("[{}]", entities.join(",\n")),
    );
    let errors = load(tmp.path()).unwrap_err().0;
    assert_eq!(errors.len(), corpus::load::MAX_ERRORS + 1);
    let last = errors.last().unwrap();
    assert!(
        last.message.contains(&format!(
            "{} more errors not shown",
            2 * N - 1 - corpus::load::MAX_ERRORS
        )),
        "{}",
        last.message
    );
}

#[test]
fn a_search_with_millions_of_hits_keeps_the_first_hundred_thousand() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("big", &paragraph(2 << 20))], ENTITIES);
    let c = load(tmp.path()).unwrap();
    let mut r = Reader::new(c, 200, 60);
    update(&mut r, Action::Search);
    update(&mut r, Action::Edit(Edit::Char('a')));
    let hits = r.search.as_ref().unwrap().hits.len();
    assert_eq!(hits, lectern::search::MAX_HITS);
    assert!(
        r.status
            .as_deref()
            .unwrap()
            .starts_with("the first 100000 hits")
    );
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    frame(&mut term, &r);
}

// ---------------------------------------------------------------------------
// The file size limit

#[test]
fn a_file_over_the_limit_is_refused_with_how_to_raise_it() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("big", &paragraph(3 << 20))], ENTITIES);
    let (code, stderr) = run_check(tmp.path(), &[], &[("LECTERN_MAX_FILE_MB", "2")]);
    assert_eq!(code, 2, "{stderr}");
    let file = tmp.path().join("articles/big.txt");
    assert!(
        stderr.contains("larger than the limit of 2 MiB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--max-file-mb") && stderr.contains("LECTERN_MAX_FILE_MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("\"{}\"", "articles/big.txt"))
            || stderr.contains(&file.display().to_string()),
        "{stderr}"
    );
    let (code, stderr) = run_check(tmp.path(), &["--max-file-mb", "4"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = run_check(tmp.path(), &["--max-file-mb", "0"], &[]);
    assert_eq!(code, 2, "zero is not a limit: {stderr}");
}

// ---------------------------------------------------------------------------
// Malformed

fn good_pack() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("a", "The Treaty of Rapallo.")], ENTITIES);
    tmp
}

fn errors(dir: &Path) -> String {
    load(dir).expect_err("the pack is refused").to_string()
}

#[test]
fn json_nested_100_000_deep_inside_a_field() {
    let tmp = good_pack();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    write(
        tmp.path(),
        "entities.json",
        format!(
            r#"[{{"id": "x", "kind": "place", "name": "X", "summary": "", "related": {deep}}}]"#
        ),
    );
    let e = errors(tmp.path());
    // Refused where the nesting starts, long before the parser's own limit.
    assert!(
        e.contains("entities.json:1:") && e.contains("invalid type: sequence, expected a string"),
        "{e}"
    );
    // Where any value may nest (nowhere in the formats today), the parser
    // stops at 128 levels rather than exhausting the stack.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let e = serde_json::from_str::<serde_json::Value>(&deep).unwrap_err();
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
}

#[test]
fn huge_numbers_where_text_belongs() {
    for value in [
        "1e999",
        "-1e400",
        "123456789012345678901234567890",
        "18446744073709551616",
    ] {
        let tmp = good_pack();
        write(
            tmp.path(),
            "entities.json",
            format!(r#"[{{"id": {value}, "kind": "place", "name": "X", "summary": ""}}]"#),
        );
        let e = errors(tmp.path());
        assert!(e.contains("entities.json:1:"), "{value}: {e}");
    }
    // A date with a huge year is an error, not an overflow.
    let tmp = good_pack();
    write(
        tmp.path(),
        "events.json",
        r#"[{"id": "e", "date": "99999999999999999999-01-01", "title": "T", "summary": "",
             "passages": [{"article": "a", "quote": "Treaty"}]}]"#,
    );
    let e = errors(tmp.path());
    assert!(e.contains("events.json:1:"), "{e}");
}

#[test]
fn invalid_utf8_in_json_files() {
    for rel in [
        "entities.json",
        "events.json",
        "corpus.json",
        "guides/t.json",
    ] {
        let tmp = good_pack();
        let mut bytes = std::fs::read(tmp.path().join("entities.json")).unwrap_or_default();
        bytes.extend_from_slice(b"\xff\xfe garbage \xc0\x80");
        write(tmp.path(), rel, bytes);
        let e = errors(tmp.path());
        assert!(
            e.contains(rel) && e.contains("not valid UTF-8"),
            "{rel}: {e}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_and_special_files_that_lead_out_of_the_pack() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "corpus.json", "{}");
    write(outside.path(), "tour.json", "{}");
    // corpus.json itself a link out of the pack.
    let tmp = good_pack();
    std::fs::remove_file(tmp.path().join("corpus.json")).unwrap();
    symlink(
        outside.path().join("corpus.json"),
        tmp.path().join("corpus.json"),
    )
    .unwrap();
    let e = errors(tmp.path());
    assert!(
        e.contains("corpus.json") && e.contains("outside the pack"),
        "{e}"
    );
    // The guides directory a link out of the pack.
    let tmp = good_pack();
    symlink(outside.path(), tmp.path().join("guides")).unwrap();
    let e = errors(tmp.path());
    assert!(
        e.contains("guides/tour.json") && e.contains("outside the pack"),
        "{e}"
    );
    // A link to a device.
    let tmp = good_pack();
    std::fs::remove_file(tmp.path().join("articles/a.txt")).unwrap();
    symlink("/dev/zero", tmp.path().join("articles/a.txt")).unwrap();
    let e = errors(tmp.path());
    assert!(e.contains("articles/a.txt"), "{e}");
    // A directory where a file should be.
    let tmp = good_pack();
    std::fs::remove_file(tmp.path().join("articles/a.txt")).unwrap();
    std::fs::create_dir(tmp.path().join("articles/a.txt")).unwrap();
    let e = errors(tmp.path());
    assert!(e.contains("not a regular file"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_as_an_article_does_not_block() {
    let tmp = good_pack();
    let fifo = tmp.path().join("articles/a.txt");
    std::fs::remove_file(&fifo).unwrap();
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!("SKIPPED: mkfifo is not available");
        return;
    }
    let (code, stderr) = run_check(tmp.path(), &[], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_pack_with_no_entities_events_or_tours_reads() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("a", "One.\n\nTwo.")], "[]");
    let c = load(tmp.path()).unwrap();
    for (w, h) in [(200, 60), (80, 24), (20, 6), (1, 1)] {
        let mut r = Reader::new(c.clone(), w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        for a in [
            Action::FocusNext,
            Action::Activate,
            Action::FocusNext,
            Action::Activate,
            Action::NextHit,
            Action::Compare,
            Action::Tours,
            Action::Activate,
            Action::Chronological,
            Action::NextPassage,
            Action::Bookmarks,
        ] {
            update(&mut r, a);
            frame(&mut term, &r);
        }
    }
}

#[test]
fn whitespace_only_articles_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    pack(tmp.path(), &[("a", " \n\n\t\n  ")], "[]");
    let e = errors(tmp.path());
    assert!(e.contains("article \"a\" has no text"), "{e}");
}

// ---------------------------------------------------------------------------
// Control characters typed or saved by hand

fn reader_with_store(data: &Path) -> Reader {
    let c = crate::common::CORPUS.clone();
    let mut r = Reader::new(c.clone(), 120, 40);
    let (store, _) = lectern::store::Store::open(Some(data), &c.id).unwrap();
    r.attach_store(store);
    r
}

#[test]
fn control_characters_typed_into_a_note_or_a_query_never_reach_the_screen() {
    let data = tempfile::tempdir().unwrap();
    let evil = "a\x1b]0;pwned\x07b\x1b[2J\u{9b}31m\u{202e}\x7f\0\t\r\nc";
    let mut r = reader_with_store(data.path());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    update(&mut r, Action::EditNote);
    for ch in evil.chars() {
        update(&mut r, Action::Edit(Edit::Char(ch)));
        frame(&mut term, &r);
    }
    assert_eq!(
        r.input.as_ref().unwrap().text,
        "a]0;pwnedb[2J31mc",
        "only safe characters are taken"
    );
    update(&mut r, Action::Edit(Edit::Submit));
    update(&mut r, Action::Bookmarks);
    frame(&mut term, &r);
    update(&mut r, Action::Close);
    update(&mut r, Action::Search);
    for ch in evil.chars() {
        update(&mut r, Action::Edit(Edit::Char(ch)));
        frame(&mut term, &r);
    }
    update(&mut r, Action::Edit(Edit::Submit));
    frame(&mut term, &r);
    if let Some(s) = &r.status {
        assert!(!s.chars().any(is_unsafe), "{s:?}");
    }
}

#[test]
fn a_hand_edited_note_with_escape_sequences_is_shown_safely() {
    let data = tempfile::tempdir().unwrap();
    let mut r = reader_with_store(data.path());
    update(&mut r, Action::ToggleBookmark);
    let path: PathBuf = r.store.as_ref().unwrap().path().to_owned();
    r.store.as_mut().unwrap().save().unwrap();
    // Put an escape sequence in the saved note, as an editor could.
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        r#""note": """#,
        r#""note": "x\u001b]0;pwned\u0007\u009b\u202ey""#,
        1,
    );
    assert!(text.contains("pwned"), "{text}");
    std::fs::write(&path, text).unwrap();

    let mut r = reader_with_store(data.path());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for a in [Action::Bookmarks, Action::EditNote] {
        update(&mut r, a);
        frame(&mut term, &r);
    }
    let shown = crate::common::buffer_text(term.backend().buffer());
    assert!(shown.contains("x␛]0;pwned␇"), "{shown}");
}
