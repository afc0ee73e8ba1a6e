//! Link overrides: one quoted occurrence links to another entity than its
//! spelling does, or to nothing; in both versions of a corrected passage;
//! and every mistake in one is an error naming the file, line:column and id.

use std::collections::BTreeMap;

use lectern::corpus::{self, Corpus, PackError, PackSource};

const TEXT: &str = "After Rapallo the treaty held, and the town of Rapallo stayed small.\n\n\
                    Teh Kazan school stood near Kazan, which Ihe river did not reach.\n";

const ENTITIES: &str = r#"[
  { "id": "town", "kind": "place", "name": "Rapallo", "summary": "A town." },
  { "id": "treaty", "kind": "treaty", "name": "Treaty of Rapallo", "summary": "A treaty." },
  { "id": "kazan", "kind": "place", "name": "Kazan", "summary": "A city." },
  { "id": "school", "kind": "site", "name": "Kama tank school", "summary": "A school." }
]"#;

fn corpus_json(links: &str) -> String {
    format!(
        r#"{{
  "format": 1,
  "id": "t",
  "title": "T",
  "articles": [
    {{
      "id": "a",
      "title": "A",
      "source": "S",
      "file": "articles/a.txt",
      "corrections": [ {{ "original": "Teh", "corrected": "The" }}, {{ "original": "Ihe", "corrected": "the" }} ],
      "links": {links}
    }}
  ]
}}"#
    )
}

fn files(links: &str) -> BTreeMap<String, Vec<u8>> {
    let events = r#"[{ "id": "e", "date": "1922", "title": "E", "summary": "S",
        "passages": [{ "article": "a", "quote": "After Rapallo" }] }]"#;
    [
        ("corpus.json", corpus_json(links)),
        ("articles/a.txt", TEXT.to_owned()),
        ("entities.json", ENTITIES.to_owned()),
        ("events.json", events.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_bytes()))
    .collect()
}

fn load(links: &str) -> Result<Corpus, Vec<PackError>> {
    corpus::load(&PackSource::memory(files(links))).map_err(|e| e.0)
}

/// (linked text, entity id) of every mention of passage `p`, in the chosen version.
fn links(c: &Corpus, p: usize, original: bool) -> Vec<(String, String)> {
    let (text, _, mentions) = c.articles[0].passages[p].version(original);
    mentions
        .iter()
        .map(|m| {
            (
                text[m.range.clone()].to_owned(),
                c.entities[m.entity].id.clone(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The one error of a load, with where it points in corpus.json.
fn one_error(links: &str) -> (PackError, String) {
    let errors = load(links).expect_err("the pack is refused");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    (errors[0].clone(), corpus_json(links))
}

/// The 1-based line and column of the first `needle` at or after `from`.
fn position(src: &str, needle: &str, from: &str) -> (usize, usize) {
    let start = src.find(from).expect("anchor in source");
    let at = start + src[start..].find(needle).expect("needle in source");
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

#[test]
fn without_overrides_a_spelling_links_everywhere_the_same() {
    let c = load("[]").unwrap();
    assert_eq!(
        links(&c, 0, false),
        pairs(&[("Rapallo", "town"), ("Rapallo", "town")])
    );
}

#[test]
fn an_override_relinks_one_occurrence_and_leaves_the_others() {
    let c = load(r#"[{ "quote": "After Rapallo the", "text": "Rapallo", "entity": "treaty" }]"#)
        .unwrap();
    assert_eq!(
        links(&c, 0, false),
        pairs(&[("Rapallo", "treaty"), ("Rapallo", "town")])
    );
    let treaty = c.entity_index("treaty").unwrap();
    let town = c.entity_index("town").unwrap();
    assert_eq!(c.entities[treaty].mentions.len(), 1);
    assert_eq!(c.entities[town].mentions.len(), 1);
    assert!(c.articles[0].passages[0].entities.contains(&treaty));
    assert!(
        !c.warnings.iter().any(|w| w.contains("changes nothing")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn an_override_to_null_unlinks_and_an_override_can_link_unmatched_words() {
    let c = load(
        r#"[{ "quote": "town of Rapallo", "text": "Rapallo", "entity": null },
            { "quote": "Kazan school", "entity": "school" }]"#,
    )
    .unwrap();
    assert_eq!(links(&c, 0, false), pairs(&[("Rapallo", "town")]));
    // The whole quote is linked when no text is given, replacing the
    // spelling inside it; the passage is shifted by the correction before it.
    assert_eq!(
        links(&c, 1, false),
        pairs(&[("Kazan school", "school"), ("Kazan", "kazan")])
    );
    assert_eq!(
        links(&c, 1, true),
        pairs(&[("Kazan school", "school"), ("Kazan", "kazan")])
    );
    let (shown, _, _) = c.articles[0].passages[1].version(false);
    assert!(shown.starts_with("The Kazan school"), "{shown}");
}

#[test]
fn an_override_after_a_correction_of_another_length_lands_on_its_words() {
    // "Ihe" → "the" keeps the length; "Teh" → "The" too; so test a shift
    // with a correction that changes length.
    let text = corpus_json(r#"[{ "quote": "near Kazan", "text": "Kazan", "entity": null }]"#)
        .replace(r#""corrected": "The""#, r#""corrected": "The old""#);
    let mut f = files("[]");
    f.insert("corpus.json".into(), text.into_bytes());
    let c = corpus::load(&PackSource::memory(f)).unwrap();
    assert_eq!(links(&c, 1, false), pairs(&[("Kazan", "kazan")]));
    let (shown, _, m) = c.articles[0].passages[1].version(false);
    assert!(shown.starts_with("The old Kazan school"), "{shown}");
    assert_eq!(m[0].range.start, "The old ".len());
    assert_eq!(links(&c, 1, true), pairs(&[("Kazan", "kazan")]));
}

#[test]
fn an_override_that_changes_nothing_is_a_warning() {
    let c =
        load(r#"[{ "quote": "town of Rapallo", "text": "Rapallo", "entity": "town" }]"#).unwrap();
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("town of Rapallo") && w.contains("changes nothing")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn an_unknown_entity_is_an_error_at_its_id() {
    let l = r#"[{ "quote": "After Rapallo", "text": "Rapallo", "entity": "nowhere" }]"#;
    let (e, src) = one_error(l);
    assert!(e.file.ends_with("corpus.json"), "{e}");
    assert!(e.message.contains("unknown entity \"nowhere\""), "{e}");
    assert_eq!(
        (e.line, e.column),
        position(&src, "\"nowhere\"", "\"links\"")
    );
}

#[test]
fn link_text_must_occur_once_in_its_quote() {
    for (text, why) in [
        ("Kazan", "occurs 0 times"),
        ("e", "occurs 2 times"),
        ("", "is empty"),
    ] {
        let l =
            format!(r#"[{{ "quote": "After Rapallo the", "text": "{text}", "entity": null }}]"#);
        let (e, src) = one_error(&l);
        assert!(e.message.contains(why), "{text}: {e}");
        let needle = format!("\"{text}\"");
        assert_eq!(
            (e.line, e.column),
            position(&src, &needle, "\"links\""),
            "{e}"
        );
    }
}

#[test]
fn an_override_may_not_overlap_a_correction_or_another_override() {
    let (e, _) = one_error(r#"[{ "quote": "Teh Kazan", "entity": "kazan" }]"#);
    assert!(e.message.contains("overlaps a correction"), "{e}");
    let (e, src) = one_error(
        r#"[{ "quote": "After Rapallo", "entity": "treaty" },
            { "quote": "Rapallo the treaty", "entity": null }]"#,
    );
    assert!(e.message.contains("overlaps another link"), "{e}");
    assert_eq!(
        (e.line, e.column),
        position(&src, "\"Rapallo the treaty\"", "\"links\"")
    );
}

#[test]
fn a_link_quote_is_checked_like_every_quote() {
    let (e, _) = one_error(r#"[{ "quote": "Rapallo", "entity": null }]"#);
    assert!(e.message.contains("occurs 2 times"), "{e}");
    let (e, _) = one_error(r#"[{ "quote": "Genoa", "entity": null }]"#);
    assert!(e.message.contains("does not occur"), "{e}");
}

#[test]
fn links_to_nothing_must_be_said_not_implied() {
    let (e, _) = one_error(r#"[{ "quote": "After Rapallo" }]"#);
    assert!(e.message.contains("missing field `entity`"), "{e}");
    let (e, _) = one_error(r#"[{ "quote": "After Rapallo", "entity": null, "note": "x" }]"#);
    assert!(e.message.contains("unknown field `note`"), "{e}");
}
