//! `lectern check` on broken content packs: every validation error is
//! reported with the right file, line and column and the offending id or
//! quote, all errors of a pack in one run, and hostile input never panics.
//!
//! Each pack under `tests/fixtures/` differs from `good/` in one way (except
//! `several-errors/`). Expected positions are computed from the fixture text,
//! so editing a fixture cannot silently leave a stale line number behind.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::cli::{Run, fixture, lectern};

fn check(dir: &Path) -> Run {
    lectern(&["check".as_ref(), dir.as_os_str()])
}

fn check_json(dir: &Path) -> Run {
    lectern(&["check".as_ref(), "--json".as_ref(), dir.as_os_str()])
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of the `nth` (0-based) occurrence of `needle`.
fn nth_offset(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("fixture has no occurrence #{nth} of {needle:?}"))
        .0
}

/// Where an error must point.
struct At {
    rel: &'static str,
    line: usize,
    column: usize,
}

/// The position of the `nth` occurrence of `needle` in `dir/rel`, moved on by `skip` bytes.
fn at(dir: &Path, rel: &'static str, needle: &str, nth: usize, skip: usize) -> At {
    let text = fs::read_to_string(dir.join(rel)).expect("read fixture file");
    let (line, column) = line_col(&text, nth_offset(&text, needle, nth) + skip);
    At { rel, line, column }
}

/// The position of a JSON string value (its opening quote) in `dir/rel`.
fn at_value(dir: &Path, rel: &'static str, value: &str, nth: usize) -> At {
    let json = serde_json::to_string(value).unwrap();
    at(dir, rel, &json, nth, 0)
}

/// The `error:` lines of a run, asserting stderr holds nothing else but the
/// final count, and that nothing panicked.
fn error_lines(run: &Run) -> Vec<&str> {
    assert!(
        !run.stderr.contains("panicked"),
        "lectern panicked:\n{}",
        run.stderr
    );
    let mut errors = Vec::new();
    for line in run.stderr.lines().filter(|l| !l.is_empty()) {
        if line.starts_with("error: ") {
            errors.push(line);
        } else {
            assert!(
                line.ends_with(" in the content pack"),
                "unexpected stderr line (every error must be one line): {line:?}\n{}",
                run.stderr
            );
        }
    }
    errors
}

/// Asserts that one error line names `dir/at.rel`, the exact line:column, and
/// contains every one of `parts`.
fn assert_reported(run: &Run, dir: &Path, at: &At, parts: &[&str]) {
    let prefix = format!(
        "error: {}:{}:{}: ",
        dir.join(at.rel).display(),
        at.line,
        at.column
    );
    let found = error_lines(run)
        .into_iter()
        .any(|l| l.starts_with(&prefix) && parts.iter().all(|p| l.contains(p)));
    assert!(
        found,
        "expected an error starting {prefix:?} containing {parts:?}; stderr was:\n{}",
        run.stderr
    );
}

/// Runs `check` on a pack with exactly one fault and asserts how it is reported.
fn assert_single_error(dir: &Path, at: At, parts: &[&str]) {
    let run = check(dir);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no summary on failure: {}",
        run.stdout
    );
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "exactly one error:\n{}", run.stderr);
    assert!(run.stderr.contains("1 error in the content pack"));
    assert_reported(&run, dir, &at, parts);
}

fn single(name: &str, at: impl FnOnce(&Path) -> At, parts: &[&str]) {
    let dir = fixture(name);
    let at = at(&dir);
    assert_single_error(&dir, at, parts);
}

// ---------------------------------------------------------------------------
// The good pack, and the fixtures themselves

#[test]
fn good_pack_passes_with_a_summary() {
    let run = check(&fixture("good"));
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert!(run.stderr.is_empty(), "no warnings: {}", run.stderr);
    assert!(
        run.stdout.contains("articles   2 (5 passages)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("entities   6 ("), "{}", run.stdout);
    assert!(run.stdout.contains("events     3,"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 dispute between sources"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("tours      1 (intro: 2 steps)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("warnings   0"), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("ok"), "{}", run.stdout);
}

/// Each single-fault fixture differs from `good` in exactly one file, so a
/// test failing on it is about that fault only.
#[test]
fn broken_fixtures_differ_from_good_in_one_file() {
    let good = fixture("good");
    let mut files = Vec::new();
    collect_files(&good, &good, &mut files);
    assert!(files.len() >= 6, "{files:?}");
    for entry in fs::read_dir(fixture("")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        if name == "good" || name == "several-errors" || name == "import" {
            continue;
        }
        let mut theirs = Vec::new();
        collect_files(&dir, &dir, &mut theirs);
        assert_eq!(theirs, files, "{name} has the same files as good");
        let differing: Vec<_> = files
            .iter()
            .filter(|rel| fs::read(good.join(rel)).unwrap() != fs::read(dir.join(rel)).unwrap())
            .collect();
        assert_eq!(
            differing.len(),
            1,
            "{name} differs from good in {differing:?}"
        );
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_files(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_owned());
        }
    }
}

// ---------------------------------------------------------------------------
// One fixture per kind of error

#[test]
fn malformed_json() {
    // The comma after `"kind": "person"` is missing; serde notices at the next key.
    single(
        "bad-json",
        |d| at(d, "entities.json", r#""name": "Georgy Chicherin""#, 0, 0),
        &["in the entity list", "expected `,` or `}`"],
    );
}

#[test]
fn unknown_field() {
    // serde points at the last character of the misspelt key.
    let key = r#""entitles""#;
    single(
        "unknown-field",
        |d| at(d, "events.json", key, 0, key.len() - 1),
        &["unknown field `entitles`", "`entities`"],
    );
}

#[test]
fn duplicate_entity_id() {
    single(
        "duplicate-entity",
        // The second definition is the one reported.
        |d| at(d, "entities.json", r#""id": "kazan""#, 1, r#""id": "#.len()),
        &[r#"duplicate entity id "kazan""#],
    );
}

#[test]
fn duplicate_event_id() {
    single(
        "duplicate-event",
        |d| {
            at(
                d,
                "events.json",
                r#""id": "training""#,
                1,
                r#""id": "#.len(),
            )
        },
        &[r#"duplicate event id "training""#],
    );
}

#[test]
fn unknown_entity_in_event() {
    single(
        "unknown-entity-in-event",
        |d| at_value(d, "events.json", "stresemann", 0),
        &[r#"event "tank-school""#, r#"unknown entity "stresemann""#],
    );
}

#[test]
fn unknown_entity_in_related() {
    single(
        "unknown-entity-in-related",
        |d| at_value(d, "entities.json", "stresemann", 0),
        &[r#"entity "kazan""#, r#"unknown entity "stresemann""#],
    );
}

#[test]
fn unknown_entity_in_tour_step() {
    single(
        "unknown-entity-in-tour",
        |d| at_value(d, "guides/intro.json", "stresemann", 0),
        &[r#"tour "intro""#, r#"unknown entity "stresemann""#],
    );
}

#[test]
fn unknown_article() {
    single(
        "unknown-article",
        |d| at_value(d, "events.json", "school", 0),
        &[r#"unknown article "school""#],
    );
}

#[test]
fn quote_that_does_not_occur() {
    let q = "By 1929 the school at Kazan";
    single(
        "quote-not-found",
        |d| at_value(d, "events.json", q, 0),
        &[
            &format!("quote \"{q}\" does not occur"),
            r#"article "schools""#,
        ],
    );
}

#[test]
fn quote_that_occurs_twice() {
    let q = "school at Kazan";
    single(
        "quote-twice",
        |d| at_value(d, "events.json", q, 0),
        &[&format!("quote \"{q}\" occurs 2 times"), "exactly once"],
    );
}

#[test]
fn quote_spanning_two_passages() {
    let q = "tank school at Kazan.\n\nBy 1928";
    single(
        "quote-spans-passages",
        |d| at_value(d, "events.json", q, 0),
        // The newlines of the quote are shown escaped, keeping one error per line.
        &[
            r#"quote "tank school at Kazan.\n\nBy 1928""#,
            "spans more than one passage",
        ],
    );
}

#[test]
fn invalid_edtf_date() {
    single(
        "invalid-date",
        |d| at_value(d, "events.json", "1922-13", 0),
        &[r#"event "tank-school""#, r#"invalid month 13 in "1922-13""#],
    );
    // The tour step selecting that event is not reported again as unknown:
    // `single` asserts the date is the only error.
    let tour = fs::read_to_string(fixture("invalid-date").join("guides/intro.json")).unwrap();
    assert!(tour.contains(r#""event": "tank-school""#));
}

#[test]
fn columns_count_characters_not_bytes() {
    // Multi-byte characters before the offending id on the same line.
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    edit(
        &pack.join("events.json"),
        "\"summary\": \"Germany opens a tank school at Kazan.\",\n    \"entities\": [\"germany\", \"kazan\"]",
        "\"summary\": \"Deutschland eröffnet „Kama“ in Kasan — 1926.\", \"entities\": [\"germany\", \"kazan\", \"stresemann\"]",
    );
    let at = at_value(&pack, "events.json", "stresemann", 0);
    let line = fs::read_to_string(pack.join("events.json")).unwrap();
    let line = line.lines().nth(at.line - 1).unwrap();
    assert_ne!(
        at.column,
        line.find("\"stresemann\"").unwrap() + 1,
        "bytes differ"
    );
    assert_single_error(&pack, at, &[r#"unknown entity "stresemann""#]);
}

#[test]
fn missing_article_file() {
    // Only the missing file is reported, not every reference to its article.
    single(
        "missing-file",
        |d| at_value(d, "corpus.json", "articles/school.txt", 0),
        &[r#"article "schools""#, "articles/school.txt"],
    );
}

#[test]
fn article_path_leading_out_of_the_pack() {
    // The target exists (the good pack's copy), and is still refused.
    let path = "../good/articles/schools.txt";
    assert!(fixture("path-parent").join(path).is_file());
    single(
        "path-parent",
        |d| at_value(d, "corpus.json", path, 0),
        &[r#"article "schools""#, path, "inside the pack"],
    );
}

#[test]
fn absolute_article_path() {
    let path = "/tmp/lectern-fixture/articles/schools.txt";
    single(
        "path-absolute",
        |d| at_value(d, "corpus.json", path, 0),
        &[r#"article "schools""#, path, "no absolute path"],
    );
}

#[test]
fn absolute_path_to_an_existing_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    let target = fixture("good").join("articles/schools.txt");
    let target = target.to_str().unwrap();
    edit(
        &pack.join("corpus.json"),
        r#""articles/schools.txt""#,
        &serde_json::to_string(target).unwrap(),
    );
    let at = at_value(&pack, "corpus.json", target, 0);
    assert_single_error(&pack, at, &[r#"article "schools""#, "no absolute path"]);
}

#[cfg(unix)]
#[test]
fn symlink_leading_out_of_the_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    let article = pack.join("articles/schools.txt");
    fs::rename(&article, tmp.path().join("outside.txt")).unwrap();
    std::os::unix::fs::symlink("../../outside.txt", &article).unwrap();
    assert!(article.is_file(), "the link resolves");
    let at = at_value(&pack, "corpus.json", "articles/schools.txt", 0);
    assert_single_error(
        &pack,
        at,
        &[r#"article "schools""#, "outside the pack directory"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_pack_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    let article = pack.join("articles/schools.txt");
    fs::create_dir(pack.join("texts")).unwrap();
    fs::rename(&article, pack.join("texts/schools.txt")).unwrap();
    std::os::unix::fs::symlink("../texts/schools.txt", &article).unwrap();
    let run = check(&pack);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
}

#[test]
fn article_that_is_not_utf8() {
    let dir = fixture("not-utf8");
    let rel = "articles/schools.txt";
    let bytes = fs::read(dir.join(rel)).unwrap();
    let bad = std::str::from_utf8(&bytes)
        .expect_err("the fixture must stay invalid UTF-8")
        .valid_up_to();
    let before = std::str::from_utf8(&bytes[..bad]).unwrap();
    let (line, column) = line_col(before, before.len());
    assert_single_error(
        &dir,
        At { rel, line, column },
        &[
            r#"article "schools""#,
            "not valid UTF-8",
            &format!("offset {bad}"),
        ],
    );
}

#[test]
fn newer_format_version() {
    single(
        "newer-format",
        |d| at(d, "corpus.json", r#""format""#, 0, 0),
        &["format version 2 is newer", "(1)"],
    );
}

#[test]
fn spelling_shared_by_two_entities() {
    // "Rapallo" is the name of rapallo-town and, second, an alias of kazan.
    single(
        "shared-spelling",
        |d| at_value(d, "entities.json", "Rapallo", 1),
        &[
            r#"spelling "Rapallo" of entity "kazan""#,
            r#"entity "rapallo-town""#,
        ],
    );
}

#[test]
fn overlapping_repeats_of_a_quote_count_as_two() {
    // "was was" occurs twice in "was was was", once at each of two offsets.
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    edit(
        &pack.join("articles/schools.txt"),
        "Kazan was training",
        "Kazan was was was training",
    );
    edit(
        &pack.join("events.json"),
        r#""By 1928 the school at Kazan""#,
        r#""was was""#,
    );
    let at = at_value(&pack, "events.json", "was was", 0);
    assert_single_error(&pack, at, &[r#"quote "was was" occurs 2 times"#]);
}

// ---------------------------------------------------------------------------
// Several errors at once; JSON output; warnings

/// The faults of `several-errors/`: file, located value, and message parts.
fn several_errors(d: &Path) -> Vec<(At, Vec<&'static str>)> {
    vec![
        (
            at_value(d, "corpus.json", "The Agreements", 0),
            vec![
                r#"quote "The Agreements" does not occur"#,
                r#"article "treaty""#,
            ],
        ),
        (
            at(d, "entities.json", r#""id": "kazan""#, 1, r#""id": "#.len()),
            vec![r#"duplicate entity id "kazan""#],
        ),
        (
            at_value(d, "events.json", "was signed at Rapallo in May 1922", 0),
            vec![r#"quote "was signed at Rapallo in May 1922" does not occur"#],
        ),
        (
            at_value(d, "events.json", "stresemann", 0),
            vec![r#"event "tank-school" names unknown entity "stresemann""#],
        ),
        (
            at_value(d, "events.json", "1922-13", 0),
            vec![r#"event "training""#, "1922-13"],
        ),
        (
            at_value(d, "guides/intro.json", "school", 0),
            vec![r#"unknown article "school""#],
        ),
    ]
}

#[test]
fn every_error_of_a_pack_is_reported_in_one_run() {
    let dir = fixture("several-errors");
    let expected = several_errors(&dir);
    let run = check(&dir);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    assert_eq!(
        error_lines(&run).len(),
        expected.len(),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{} errors in the content pack", expected.len())),
        "{}",
        run.stderr
    );
    for (at, parts) in &expected {
        assert_reported(&run, &dir, at, parts);
    }
}

#[test]
fn check_json_lists_the_same_errors() {
    let dir = fixture("several-errors");
    let expected = several_errors(&dir);
    let run = check_json(&dir);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], false);
    let errors = v["errors"].as_array().expect("an errors array");
    assert_eq!(errors.len(), expected.len(), "{v:#}");
    for (at, parts) in &expected {
        let file = dir.join(at.rel).display().to_string();
        let found = errors.iter().any(|e| {
            e["file"] == file.as_str()
                && e["line"] == at.line
                && e["column"] == at.column
                && parts
                    .iter()
                    .all(|p| e["message"].as_str().unwrap().contains(p))
        });
        assert!(
            found,
            "no JSON error for {file}:{}:{} {parts:?}\n{v:#}",
            at.line, at.column
        );
    }

    // The same errors as the text report, field for field.
    let text = check(&dir);
    let from_json: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "error: {}:{}:{}: {}",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(error_lines(&text), from_json);
}

#[test]
fn check_json_on_a_single_error_and_on_the_good_pack() {
    let dir = fixture("invalid-date");
    let run = check_json(&dir);
    assert_eq!(run.code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], false);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let at = at_value(&dir, "events.json", "1922-13", 0);
    assert_eq!(
        errors[0]["file"],
        dir.join("events.json").display().to_string()
    );
    assert_eq!(errors[0]["line"], at.line);
    assert_eq!(errors[0]["column"], at.column);

    let run = check_json(&fixture("good"));
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(v["id"], "fixture");
    assert_eq!(v["articles"], 2);
    assert_eq!(v["passages"], 5);
    assert_eq!(v["entities"], 6);
    assert_eq!(v["events"], 3);
    assert_eq!(v["disputes"], 1);
    assert_eq!(v["tours"], 1);
    assert_eq!(v["tour_steps"], 2);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn warnings_are_printed_but_the_pack_passes() {
    let dir = fixture("warn-unmentioned");
    let run = check(&dir);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        r#"warning: entity "stresemann" is never mentioned"#
    );
    assert!(run.stdout.contains("warnings   1"), "{}", run.stdout);
    assert!(run.stdout.contains("6 of 7 entities"), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("ok"), "{}", run.stdout);

    let run = check_json(&dir);
    assert_eq!(run.code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(
        v["warnings"],
        serde_json::json!([r#"entity "stresemann" is never mentioned"#])
    );
}

// ---------------------------------------------------------------------------
// Hostile input: an error, never a panic

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// A copy of the good pack at `tmp/pack`.
fn copy_good(tmp: &Path) -> PathBuf {
    let pack = tmp.join("pack");
    copy_dir(&fixture("good"), &pack);
    pack
}

/// Replaces the only occurrence of `old` in a file.
fn edit(path: &Path, old: &str, new: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(old).count(),
        1,
        "{old:?} in {}",
        path.display()
    );
    fs::write(path, text.replacen(old, new, 1)).unwrap();
}

/// Asserts a clean failure: exit 2, at least one located error in `rel`, no panic.
fn assert_rejected(dir: &Path, rel: &str) -> Run {
    let run = check(dir);
    assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
    let errors = error_lines(&run);
    assert!(!errors.is_empty(), "stderr:\n{}", run.stderr);
    let prefix = format!("error: {}:", dir.join(rel).display());
    assert!(
        errors.iter().any(|l| l.starts_with(&prefix)),
        "an error naming {rel}:\n{}",
        run.stderr
    );
    run
}

#[test]
fn empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let run = assert_rejected(tmp.path(), "corpus.json");
    assert!(
        run.stderr.contains("cannot read the corpus file"),
        "{}",
        run.stderr
    );
}

#[test]
fn directory_that_does_not_exist_or_is_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    for path in [tmp.path().join("nope"), fixture("good").join("corpus.json")] {
        let run = check(&path);
        assert_eq!(run.code, Some(2), "stderr:\n{}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn corpus_file_that_is_empty_null_or_not_an_object() {
    for (content, message) in [
        ("", "EOF while parsing"),
        ("   \n", "EOF while parsing"),
        ("null", "invalid type: null"),
        ("[]", "invalid length 0"),
        ("\"rapallo\"", "invalid type: string"),
        ("{}", "missing field `format`"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("corpus.json"), content).unwrap();
        let run = assert_rejected(tmp.path(), "corpus.json");
        assert!(run.stderr.contains(message), "{content:?}:\n{}", run.stderr);
    }
}

#[test]
fn deeply_nested_json() {
    let deep_array = "[".repeat(100_000);
    let deep_object = r#"{"format":"#.repeat(100_000);
    for rel in [
        "corpus.json",
        "entities.json",
        "events.json",
        "guides/intro.json",
    ] {
        for deep in [&deep_array, &deep_object] {
            let tmp = tempfile::tempdir().unwrap();
            let pack = copy_good(tmp.path());
            fs::write(pack.join(rel), deep).unwrap();
            assert_rejected(&pack, rel);
        }
    }
}

#[test]
fn huge_or_invalid_format_numbers() {
    for format in [
        "1e400",
        "99999999999999999999",
        "4294967296",
        "-1",
        "1.5",
        "\"1\"",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let pack = copy_good(tmp.path());
        edit(
            &pack.join("corpus.json"),
            r#""format": 1,"#,
            &format!(r#""format": {format},"#),
        );
        let run = assert_rejected(&pack, "corpus.json");
        // Located on the format line.
        let line = at(&pack, "corpus.json", r#""format""#, 0, 0).line;
        let prefix = format!("error: {}:{line}:", pack.join("corpus.json").display());
        assert!(run.stderr.starts_with(&prefix), "{format}:\n{}", run.stderr);
    }
    // The largest u32 parses, and is then refused as a newer version.
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    edit(
        &pack.join("corpus.json"),
        r#""format": 1,"#,
        r#""format": 4294967295,"#,
    );
    let run = assert_rejected(&pack, "corpus.json");
    assert!(
        run.stderr.contains("format version 4294967295 is newer"),
        "{}",
        run.stderr
    );
}

#[test]
fn control_characters_in_messages_do_not_reach_the_terminal() {
    // An id with an escape sequence is reported with the escape made visible.
    let tmp = tempfile::tempdir().unwrap();
    let pack = copy_good(tmp.path());
    edit(
        &pack.join("events.json"),
        r#""entities": ["germany", "kazan"]"#,
        r#""entities": ["germany", "kazan", "evil\u001b]0;pwned\u0007"]"#,
    );
    let run = assert_rejected(&pack, "events.json");
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("unknown entity \"evil␛]0;pwned␇\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_id_with_a_control_character_is_refused_where_it_stands() {
    for (rel, anchor) in [
        ("entities.json", r#""id": "rapallo-town""#),
        ("corpus.json", r#""id": "treaty""#),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = copy_good(tmp.path());
        let text = fs::read_to_string(dir.join(rel)).unwrap();
        // A new item whose id clears the screen, placed before the first.
        let start = text.find(anchor).unwrap();
        let open = text[..start].rfind('{').unwrap();
        let item = if rel == "entities.json" {
            r#"{ "id": "bad\u001b[2Jid", "kind": "person", "name": "Zzyzx Qqqq", "summary": "S" },
  "#
        } else {
            r#"{ "id": "bad\u001b[2Jid", "title": "T", "source": "S", "date": "", "file": "articles/treaty.txt" },
    "#
        };
        fs::write(
            dir.join(rel),
            format!("{}{item}{}", &text[..open], &text[open..]),
        )
        .unwrap();
        let run = assert_rejected(&dir, rel);
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains("holds a control character"))
            .unwrap_or_else(|| panic!("{}", run.stderr));
        assert!(line.contains("bad␛[2Jid"), "{line}");
        let written = fs::read_to_string(dir.join(rel)).unwrap();
        let (l, c) = line_col(&written, written.find(r#""bad\u001b"#).unwrap());
        assert!(line.contains(&format!(":{l}:{c}:")), "{line} at {l}:{c}");
        assert!(!run.stderr.contains('\x1b') && !run.stdout.contains('\x1b'));
    }
}
