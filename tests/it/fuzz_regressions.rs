//! Inputs the fuzzers (`fuzz/`) found to break a rule, kept as tests. Each
//! builds its pack in memory, as the fuzz targets do.

use std::collections::BTreeMap;

use lectern::corpus::{self, PackSource};
use lectern::sanitize::is_unsafe;

fn files(list: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect()
}

/// Loads the pack, expecting errors whose text, as printed and as given to
/// `check --json`, carries no unsafe character.
fn assert_safe_errors(list: &[(&str, &str)]) -> String {
    let errors = corpus::load(&PackSource::memory(files(list))).expect_err("the pack is refused");
    for e in &errors.0 {
        for text in [&e.file, &e.message] {
            assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text:?}");
        }
    }
    let shown = errors.to_string();
    assert!(
        !shown.chars().any(|c| c != '\n' && is_unsafe(c)),
        "{shown:?}"
    );
    shown
}

/// load_bytes: serde quotes an unknown field name as written, and the name
/// held a DEL.
#[test]
fn an_unknown_field_with_a_control_character_is_quoted_safely() {
    let shown =
        assert_safe_errors(&[("corpus.json", "{\n \"f\u{7f}rmat\": 1, \"x\u{1b}[2J\": 2}")]);
    assert!(shown.contains("unknown field `f␡rmat`"), "{shown}");
}

/// load_structured: an article's file name, quoted in "cannot read", held a NUL.
#[test]
fn a_file_name_with_a_control_character_is_quoted_safely() {
    let shown = assert_safe_errors(&[(
        "corpus.json",
        r#"{"format": 1, "id": "x", "title": "t",
            "articles": [{"id": "", "title": "", "source": "", "file": "\u0000\u001b]0;t\u0007"}]}"#,
    )]);
    assert!(shown.contains("cannot read \"␀␛]0;t␇\""), "{shown}");
}

/// Values serde quotes in its own messages: an unknown kind, a string where
/// a number belongs.
#[test]
fn values_quoted_by_the_parser_are_quoted_safely() {
    assert_safe_errors(&[(
        "corpus.json",
        r#"{"format": "\u009b\u202e1", "id": "x", "title": "t", "articles": []}"#,
    )]);
    assert_safe_errors(&[
        (
            "corpus.json",
            r#"{"format": 1, "id": "x", "title": "t",
                "articles": [{"id": "a", "title": "", "source": "", "file": "a.txt"}]}"#,
        ),
        ("a.txt", "Text."),
        (
            "entities.json",
            r#"[{"id": "e", "kind": "\u001b[31mperson", "name": "E", "summary": ""}]"#,
        ),
    ]);
}
