//! A content pack full of terminal control sequences — ESC sequences, C0 and
//! C1 controls, DEL, NUL and bidi overrides in every text field — must never
//! put one of them into a screen cell or into the CLI's output.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crate::common::{apply, draw};
use lectern::corpus::{self, Corpus, PackSource};
use lectern::reader::{Action, Reader};
use lectern::sanitize::is_unsafe;
use lectern::ui::Theme;
use ratatui::buffer::Buffer;

/// Every kind of dangerous character, as JSON escapes (for the .json files).
const EVIL_JSON: &str = r"\u001b[2J\u001b]0;title\u0007\u001b[31m\u0085\u009b6n\u007f\u0000\u0001\u0008\u000b\u000c\r\u001f\u202e\u2066\u2067\u2068\u2069";
/// The same characters raw (for the .txt files).
const EVIL_RAW: &str = "\x1b[2J\x1b]0;title\x07\x1b[31m\u{85}\u{9b}6n\x7f\0\x01\x08\x0b\x0c\r\x1f\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}";

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds the hostile pack: two articles, three entities, two events (one
/// disputed), one tour.
fn hostile_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let e = EVIL_JSON;
    let r = EVIL_RAW;

    write(
        d,
        "articles/one.txt",
        &format!(
            "Heading{r}\n\n\
             The treaty was signed{r} at Rapallo by Chicherin\u{202e} and Rathenau. \
             The govemment{r} agreed.\n\n\
             A second\x1b[2J passage\x1b]0;owned\x07 names Evil\x1b[31mCorp and\tRapallo again.\u{85}\n\
             A line break\u{9b}31m inside\x7f the passage\0.\n\n\
             {}",
            "Filler passage about Rapallo. ".repeat(40)
        ),
    );
    write(
        d,
        "articles/two.txt",
        &format!(
            "Chicherin\u{2066} travelled\x1b[31m to Rapallo.{r}\n\nLater, Evil\x1b[31mCorp returned.\n"
        ),
    );
    write(
        d,
        "corpus.json",
        &format!(
            r#"{{
  "format": 1,
  "id": "hostile",
  "title": "Hostile{e} pack",
  "description": "Desc{e}",
  "articles": [
    {{
      "id": "one",
      "title": "First{e} article with a long title to be cut{e}",
      "source": "Source{e} press",
      "date": "1 May{e} 2024",
      "file": "articles/one.txt",
      "headings": ["Heading{e}"],
      "corrections": [{{ "original": "govemment{e}", "corrected": "government{e}" }}]
    }},
    {{
      "id": "two",
      "title": "Second{e}",
      "source": "{e}",
      "file": "articles/two.txt"
    }}
  ]
}}"#
        ),
    );
    write(
        d,
        "entities.json",
        &format!(
            r#"[
  {{ "id": "rapallo", "kind": "place", "name": "Rapallo", "aliases": ["Rapallo{e}x"],
     "summary": "A town{e} on the coast.", "related": ["chicherin", "evil"] }},
  {{ "id": "chicherin", "kind": "person", "name": "Chicherin\u202e", "aliases": ["Georgy{e}"],
     "summary": "Commissar{e}.", "related": ["rapallo"] }},
  {{ "id": "evil", "kind": "company", "name": "Evil\u001b[31mCorp", "aliases": ["Rathenau"],
     "summary": "{e}{e}" }}
]"#
        ),
    );
    write(
        d,
        "events.json",
        &format!(
            r#"[
  {{ "id": "signing", "date": "1922-04-16", "title": "Signed{e} at Rapallo",
     "summary": "Summary{e}", "entities": ["rapallo", "chicherin"],
     "passages": [
       {{ "article": "one", "quote": "signed{e} at Rapallo" }},
       {{ "article": "two", "quote": "travelled\u001b[31m to Rapallo" }}
     ],
     "disputes": [{{ "id": "d", "topic": "Topic{e}", "note": "Note{e}",
       "claims": [
         {{ "article": "one", "quote": "by Chicherin\u202e and", "says": "Says{e}" }},
         {{ "article": "two", "quote": "Later, Evil", "says": "{e}" }}
       ] }}]
  }},
  {{ "id": "second", "date": "1922-08", "title": "Second{e} event",
     "summary": "S{e}", "passages": [{{ "article": "one", "quote": "A second\u001b[2J passage" }}] }}
]"#
        ),
    );
    write(
        d,
        "guides/tour.json",
        &format!(
            r#"{{ "id": "tour", "title": "Tour{e}", "intro": "Intro{e}",
  "steps": [{{ "article": "one", "quote": "names Evil", "commentary": "Commentary{e}",
              "entity": "evil", "event": "second" }}] }}"#
        ),
    );
    dir
}

fn load(dir: &Path) -> Arc<Corpus> {
    let source = PackSource::dir(dir).expect("pack dir");
    match corpus::load(&source) {
        Ok(c) => Arc::new(c),
        Err(e) => panic!("the hostile pack must load:\n{e}"),
    }
}

fn assert_clean_buffer(buf: &Buffer, what: &str) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let sym = buf[(x, y)].symbol();
            assert!(!sym.contains('\x1b'), "{what}: ESC in cell ({x},{y})");
            assert!(
                !sym.chars().any(is_unsafe),
                "{what}: unsafe character in cell ({x},{y}): {sym:?}"
            );
        }
    }
}

fn assert_clean_text(s: &str, what: &str) {
    assert!(!s.contains('\x1b'), "{what}: ESC in output");
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| is_unsafe(c)) {
        panic!(
            "{what}: unsafe character {c:?} at byte {i}: {:?}",
            &s[i.saturating_sub(40)..(i + 40).min(s.len())]
        );
    }
}

#[test]
fn the_pack_is_really_hostile() {
    // Guard against the fixture silently losing its teeth.
    let dir = hostile_pack();
    let raw = std::fs::read_to_string(dir.path().join("articles/one.txt")).unwrap();
    assert!(raw.contains('\x1b') && raw.contains('\u{85}') && raw.contains('\u{202e}'));
    let json = std::fs::read_to_string(dir.path().join("entities.json")).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(parsed[0]["summary"].as_str().unwrap().contains('\x1b'));
    let c = load(dir.path());
    assert_eq!(c.articles.len(), 2);
    assert_eq!(c.events.len(), 2);
    // Mentions survive cleaning: the names and the text are cleaned alike.
    let chicherin = c.entity_index("chicherin").unwrap();
    assert!(
        !c.entities[chicherin].mentions.is_empty(),
        "Chicherin with a bidi override still links"
    );
    let evil = c.entity_index("evil").unwrap();
    assert!(
        !c.entities[evil].mentions.is_empty(),
        "Evil␛[31mCorp still links"
    );
}

/// Screens to draw: a name and the actions that reach it.
fn screens() -> Vec<(&'static str, Vec<Action>)> {
    use Action::*;
    vec![
        ("document", vec![]),
        ("document, second passage", vec![NextPassage]),
        ("document as printed", vec![ToggleOriginal]),
        ("entity card", vec![NextPassage, Activate]),
        (
            "entity card of the first sidebar entity",
            vec![FocusNext, Activate],
        ),
        (
            "related card",
            vec![NextPassage, Activate, Down, Down, Down, Activate],
        ),
        (
            "card scrolled to mentions",
            vec![NextPassage, Activate, Bottom],
        ),
        ("help", vec![Help]),
        ("timeline", vec![FocusNext, FocusNext]),
        (
            "timeline selection",
            vec![FocusNext, FocusNext, Down, Activate],
        ),
        ("entities pane", vec![FocusNext, Down]),
        ("hit status", vec![FocusNext, Down, NextHit]),
        ("article list", vec![Articles]),
        ("article list, second", vec![Articles, Down]),
        ("second article", vec![NextArticle]),
        ("end of article status", vec![Bottom, Down, Down, Down]),
        ("history", vec![NextArticle, Back]),
    ]
}

#[test]
fn no_control_character_reaches_a_screen_cell() {
    let dir = hostile_pack();
    let corpus = load(dir.path());
    for (w, h) in [(120, 40), (80, 24), (200, 60), (20, 6)] {
        for (name, actions) in screens() {
            let mut r = Reader::new(corpus.clone(), w, h);
            apply(&mut r, &actions);
            for theme in [Theme::colour(true), Theme::colour(false)] {
                assert_clean_buffer(&draw(&r, theme), &format!("{name} at {w}x{h}"));
            }
            if let Some(s) = &r.status {
                assert_clean_text(s, &format!("status of {name}"));
            }
        }
    }
    // The hostile text does reach the screen, as visible pictures.
    let r = Reader::new(corpus.clone(), 120, 40);
    let text = crate::common::buffer_text(&draw(&r, Theme::colour(true)));
    assert!(text.contains("signed␛[2J␛]0;title␇␛[31m"), "{text}");
}

fn run_cli(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .arg("--content")
        .arg(dir)
        .args(args)
        .env("LECTERN_DATA_DIR", dir.join("data"))
        .output()
        .expect("run lectern");
    assert!(
        out.status.success(),
        "lectern {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 errors");
    assert_clean_text(&stderr, &format!("stderr of {args:?}"));
    stdout
}

#[test]
fn cli_output_carries_no_control_character() {
    let dir = hostile_pack();
    for args in [
        &["list"][..],
        &["entities"],
        &["timeline"],
        &["list", "--json"],
        &["entities", "--json"],
        &["timeline", "--json"],
        &["check"],
    ] {
        let out = run_cli(dir.path(), args);
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        assert_clean_text(&out, &format!("lectern {args:?}"));
    }
    let list = run_cli(dir.path(), &["list"]);
    assert!(
        list.contains("First␛[2J"),
        "control pictures are shown instead: {list}"
    );
}
