//! Exporting highlights and importing them again: the JSON export read back
//! into an empty store exports the same; other tools' Web Annotations attach
//! by their quote; `--at` finds what an export points back to.

use std::path::Path;

use lectern::cli::annotations::{self, Outcome, resolve_at};
use lectern::corpus::{ArticleIdx, Corpus, PassageLoc};
use lectern::store::highlight::article_text;
use lectern::store::{Anchor, Colour, Store};

use super::common::{corpus, prose};

const ID: &str = "test-corpus";

fn open(dir: &Path) -> Store {
    Store::open(Some(dir), ID).expect("open").0
}

fn span_of(c: &Corpus, a: usize, needle: &str) -> (usize, usize) {
    let text = article_text(&c.articles[a]);
    let b = text.find(needle).expect("needle");
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

fn filled(dir: &Path, c: &Corpus) -> Vec<String> {
    let mut store = open(dir);
    let mut ids = Vec::new();
    for (a, needle, colour, tags, note) in [
        (
            0,
            "Paragraph 1.",
            Colour::Green,
            vec!["army"],
            "a \"quoted\", note",
        ),
        (1, "Paragraph 2.", Colour::Pink, vec![], ""),
        (
            0,
            "Paragraph 0.",
            Colour::Yellow,
            vec!["treaty", "army"],
            "=1+1",
        ),
    ] {
        let (s, e) = span_of(c, a, needle);
        let id = store.add_highlight(c, ArticleIdx(a), s, e, colour).unwrap();
        store.set_tags(&id, &tags.into_iter().map(String::from).collect::<Vec<_>>());
        store.set_highlight_note(&id, note);
        ids.push(id);
    }
    store.save().unwrap();
    ids
}

/// Bookmarks beside the highlights: one with a note, one without, one whose
/// passage is gone.
fn bookmarked(dir: &Path, c: &Corpus) {
    let mut store = open(dir);
    let at = |a, p| PassageLoc {
        article: ArticleIdx(a),
        passage: p,
    };
    let noted = store.add(c, at(1, 1)).unwrap();
    assert!(store.set_note(&noted, "the \"second\" one"));
    store.add(c, at(0, 3)).unwrap();
    let mut gone = store.get(&noted).unwrap().clone();
    gone.id = "gone".into();
    gone.anchor = Anchor {
        exact: "a passage no article holds any more".into(),
        ..Anchor::default()
    };
    assert!(store.import_bookmark(gone));
    store.save().unwrap();
}

#[test]
fn json_export_then_import_is_the_identity() {
    let c = corpus(ID, &[("a", &prose(4)), ("b", &prose(3))]);
    let one = tempfile::tempdir().unwrap();
    filled(one.path(), &c);
    bookmarked(one.path(), &c);
    let exported = annotations::web_annotations(&c, &open(one.path()));
    let records = exported.as_array().unwrap();
    assert_eq!(records.len(), 6);
    // Bookmarks are annotations of their passage, with their note as body.
    let bookmarks: Vec<_> = records
        .iter()
        .filter(|r| r["motivation"] == "bookmarking")
        .collect();
    assert_eq!(bookmarks.len(), 3);
    for b in &bookmarks {
        assert!(
            b["id"]
                .as_str()
                .unwrap()
                .starts_with("urn:lectern:bookmark:")
        );
    }
    assert!(
        bookmarks
            .iter()
            .any(|b| b["body"][0]["value"] == "the \"second\" one")
    );
    // In reading order: by article, then position; the orphan last.
    let keys: Vec<(String, u64)> = records
        .iter()
        .filter(|r| r.get("lectern:orphaned").is_none())
        .map(|r| {
            let t = &r["target"];
            (
                t["source"].as_str().unwrap().to_owned(),
                t["selector"][1]["start"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(keys.len(), 5);
    assert!(keys.is_sorted(), "{keys:?}");
    assert_eq!(records[5]["lectern:orphaned"], true);
    let file = one.path().join("export.json");
    std::fs::write(&file, serde_json::to_vec(&exported).unwrap()).unwrap();

    let two = tempfile::tempdir().unwrap();
    let Ok(Outcome::Imported(report)) = annotations::import(&c, Some(two.path()), &file) else {
        panic!("import failed");
    };
    assert_eq!(
        (report.exact, report.moved, report.fuzzy, report.orphaned),
        (3, 0, 0, 0)
    );
    let b = &report.bookmarks;
    assert_eq!((b.exact, b.moved, b.fuzzy, b.orphaned), (2, 0, 0, 1));
    let again = annotations::web_annotations(&c, &open(two.path()));
    assert_eq!(again, exported);
    assert_eq!(open(two.path()).highlights(), open(one.path()).highlights());
    assert_eq!(open(two.path()).bookmarks(), open(one.path()).bookmarks());

    // Importing the same file again adds nothing.
    let Ok(Outcome::Imported(report)) = annotations::import(&c, Some(two.path()), &file) else {
        panic!("import failed");
    };
    assert_eq!(report.already, 6);
    assert_eq!(open(two.path()).highlights().len(), 3);
    assert_eq!(open(two.path()).bookmarks().len(), 3);
}

#[test]
fn another_tools_bookmarking_record_becomes_a_bookmark_on_its_passage() {
    let c = corpus(ID, &[("a", &prose(4))]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.json");
    std::fs::write(
        &file,
        serde_json::json!([{"type": "Annotation", "motivation": "bookmarking",
            "body": {"type": "TextualBody", "value": "come back\u{7}"},
            "target": {"source": "https://example.org/a", "selector":
                {"type": "TextQuoteSelector", "exact": "Paragraph 2."}}}])
        .to_string(),
    )
    .unwrap();
    let Ok(Outcome::Imported(r)) = annotations::import(&c, Some(dir.path()), &file) else {
        panic!("import failed");
    };
    assert_eq!(r.bookmarks.exact + r.bookmarks.moved, 1, "{r:?}");
    let store = open(dir.path());
    assert!(store.highlights().is_empty());
    let b = &store.bookmarks()[0];
    assert!(!b.note.contains('\u{7}') && b.note.starts_with("come back"));
    let at = store.resolve(&c, b).loc().unwrap();
    assert!(c.passage(at).unwrap().text.contains("Paragraph 2."));
}

#[test]
fn hypothesis_style_records_attach_by_their_quote_and_report_how() {
    let c = corpus(ID, &[("a", &prose(4))]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.json");
    let text = article_text(&c.articles[0]);
    let quote = "Paragraph 3.";
    std::fs::write(
        &file,
        serde_json::json!({"total": 3, "rows": [
            {"uri": "https://example.org/a", "text": "from the web\u{1b}[31m", "tags": ["web", "#army"],
             "created": "2026-01-01T00:00:00.000Z",
             "target": [{"source": "https://example.org/a", "selector": [
                 {"type": "TextQuoteSelector", "exact": quote, "prefix": "", "suffix": ""}]}]},
            {"text": "no quote", "target": [{"source": "https://example.org/a"}]},
            {"target": [{"source": format!("lectern:{ID}/a"), "selector": [
                 {"type": "TextQuoteSelector", "exact": "nothing like this is in the text at all"}]}]}
        ]})
        .to_string(),
    )
    .unwrap();
    let Ok(Outcome::Imported(r)) = annotations::import(&c, Some(dir.path()), &file) else {
        panic!("import failed");
    };
    assert_eq!(
        (r.exact + r.moved, r.orphaned, r.skipped),
        (1, 1, 1),
        "{r:?}"
    );
    let store = open(dir.path());
    let h = store
        .highlights()
        .iter()
        .find(|h| h.quote.exact == quote)
        .unwrap();
    assert_eq!(h.tags, ["web", "army"]);
    assert!(!h.note.contains('\u{1b}'));
    let s = store.place(&c, h).span().unwrap();
    // Without a position selector, the position found is kept.
    assert_eq!((h.start, h.end), (s.start, s.end));
    assert_eq!(
        text.chars()
            .skip(s.start)
            .take(s.end - s.start)
            .collect::<String>(),
        quote
    );
    // The orphan is kept.
    assert_eq!(store.highlights().len(), 2);
}

#[test]
fn bad_import_files_are_errors_naming_the_file() {
    let c = corpus(ID, &[("a", &prose(2))]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, "[{\"id\": ").unwrap();
    let Err(f) = annotations::import(&c, Some(dir.path()), &file) else {
        panic!("accepted");
    };
    let shown = format!("{f:?}");
    assert!(
        shown.contains("bad.json") && shown.contains("1:8"),
        "{shown}"
    );
    assert!(open(dir.path()).highlights().is_empty());
}

#[test]
fn exports_carry_the_way_back_and_at_finds_it() {
    let c = corpus(ID, &[("a", &prose(4)), ("b", &prose(3))]);
    let dir = tempfile::tempdir().unwrap();
    let ids = filled(dir.path(), &c);
    let store = open(dir.path());
    let md = annotations::markdown(&c, &store);
    let csv = annotations::csv(&c, &store);
    for id in &ids {
        assert!(md.contains(&format!("`lectern --at {id}`")), "{md}");
        assert!(csv.contains(&format!("lectern --at {id}")));
    }
    // Grouped by article in reading order: a's two, then b's.
    let a = md.find("## Title of a").unwrap();
    let b = md.find("## Title of b").unwrap();
    assert!(a < md.find("> Paragraph 0.").unwrap());
    assert!(md.find("> Paragraph 1.").unwrap() < b);
    assert!(b < md.find("> Paragraph 2.").unwrap());
    // CSV: quotes doubled, a formula defused, one row per highlight.
    assert!(csv.contains("\"a \"\"quoted\"\", note\""));
    assert!(csv.contains("\"'=1+1\""));
    assert_eq!(csv.lines().count(), 4);

    let at = resolve_at(&c, Some(&store), &ids[1]).unwrap();
    assert_eq!((at.article, at.passage), (ArticleIdx(1), 2));
    let at = resolve_at(&c, Some(&store), "b:3").unwrap();
    assert_eq!((at.article, at.passage), (ArticleIdx(1), 2));
    for bad in ["b:0", "b:4", "zz:1", "no-such-id"] {
        let e = resolve_at(&c, Some(&store), bad).unwrap_err();
        assert!(e.contains(bad), "{e}");
    }
}

/// Highlights with fixed ids and times on the embedded corpus, so the
/// Obsidian export can be compared with files kept in the repository.
fn fixture_store(dir: &Path) -> Store {
    use lectern::store::highlight::{Highlight, quote_of};
    let c = &*crate::common::CORPUS;
    let (mut store, _) = Store::open(Some(dir), &c.id).unwrap();
    let spans = [
        (0, 0, 12, Colour::Yellow, vec!["war"], "the opening"),
        (0, 1, 40, Colour::Green, vec!["treaty", "war"], ""),
        (1, 0, 30, Colour::Blue, vec![], "second article"),
    ];
    for (k, (a, p, len, colour, tags, note)) in spans.into_iter().enumerate() {
        let art = &c.articles[a];
        let chars: Vec<char> = article_text(art).chars().collect();
        let start = lectern::store::highlight::passage_start(art, p);
        let h = Highlight {
            id: format!("fixture-{k}"),
            article: art.id.clone(),
            quote: quote_of(&chars, start, start + len),
            start,
            end: start + len,
            colour,
            tags: tags.into_iter().map(String::from).collect(),
            note: note.into(),
            created: format!("2026-01-0{}T00:00:00.000Z", k + 1),
            updated: format!("2026-01-0{}T00:00:00.000Z", k + 1),
        };
        assert!(store.import_highlight(h));
    }
    // One whose words are gone.
    let mut orphan = store.highlights()[0].clone();
    orphan.id = "fixture-orphan".into();
    orphan.quote.exact = "words that appear nowhere in any article of the corpus".into();
    orphan.quote.prefix.clear();
    orphan.quote.suffix.clear();
    orphan.created = "2026-01-09T00:00:00.000Z".into();
    assert!(store.import_highlight(orphan));
    store
}

#[test]
fn obsidian_export_matches_the_expected_notes_and_every_link_resolves() {
    let c = &*crate::common::CORPUS;
    let dir = tempfile::tempdir().unwrap();
    let store = fixture_store(dir.path());
    let out = dir.path().join("vault");
    let n = annotations::write_obsidian(c, &store, &out).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), n);

    // Every [[link]] names a note of the export.
    let mut links = 0;
    for name in &names {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        for part in text.split("[[").skip(1) {
            let target = part.split("]]").next().unwrap();
            assert!(
                names.contains(&format!("{target}.md")),
                "[[{target}]] in {name} has no note"
            );
            links += 1;
        }
    }
    assert!(links > 0, "the fixture's highlights mention entities");

    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/obsidian");
    if std::env::var_os("LECTERN_UPDATE_EXPECTED").is_some() {
        let _ = std::fs::remove_dir_all(&expected);
        std::fs::create_dir_all(&expected).unwrap();
        for name in &names {
            std::fs::copy(out.join(name), expected.join(name)).unwrap();
        }
    }
    let mut want: Vec<String> = std::fs::read_dir(&expected)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    want.sort();
    assert_eq!(names, want);
    for name in &names {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            std::fs::read_to_string(expected.join(name)).unwrap(),
            "{name} differs from the expected note"
        );
    }
}

#[test]
fn note_names_stay_inside_the_folder() {
    for title in [
        "../../etc/passwd",
        "a/b\\c",
        "..",
        "",
        "CON",
        "x\u{1b}[2Jy",
        "#[[tag]]^",
    ] {
        let name = annotations::note_name(title);
        assert!(!name.is_empty());
        assert!(
            !name.contains(['/', '\\', '[', ']', '#', '^', '\u{1b}']),
            "{name:?}"
        );
        assert!(!name.starts_with('.'), "{name:?}");
        assert_ne!(name, "CON");
    }
}
