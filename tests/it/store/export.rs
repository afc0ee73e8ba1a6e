//! The Markdown and W3C Web Annotation exports.

use lectern::corpus::Corpus;
use lectern::store::{Bookmark, anchor_for, export_json, export_markdown};

use super::common::{corpus, loc};

const FIRST: &str = "Rapallo, 16 April 1922.\n\n\
Germany and Soviet Russia agreed to renounce all claims\nagainst each other.\n\n\
The other powers learned of it from the newspapers.";

const SECOND: &str = "Heading\n\n\
Officers trained at Lipetsk and Kazan.\n\n\
Gas experiments took place at Tomka.";

fn bookmark(c: &Corpus, id: &str, at: (usize, usize), note: &str) -> Bookmark {
    Bookmark {
        id: id.into(),
        article: c.articles[at.0].id.clone(),
        passage: at.1,
        anchor: anchor_for(c, loc(at.0, at.1)).unwrap(),
        note: note.into(),
        created: "2026-11-23T23:04:55.123Z".into(),
        updated: "2026-11-23T23:04:55.123Z".into(),
    }
}

/// A corpus as bookmarked, and the same corpus after the bookmarked passage
/// of the second article was deleted.
fn fixture() -> (Corpus, Vec<Bookmark>) {
    let before = corpus("rapallo", &[("treaty", FIRST), ("military", SECOND)]);
    let bookmarks = vec![
        bookmark(&before, "orphan", (1, 2), ""),
        bookmark(&before, "kept", (0, 1), "the core of the treaty"),
    ];
    let after = corpus(
        "rapallo",
        &[
            ("treaty", FIRST),
            (
                "military",
                "Heading\n\nOfficers trained at Lipetsk and Kazan.",
            ),
        ],
    );
    (after, bookmarks)
}

#[test]
fn markdown_groups_by_article_with_orphans_last() {
    let (c, bookmarks) = fixture();
    let md = export_markdown(&c, &bookmarks);
    assert!(md.starts_with("# Bookmarks: rapallo corpus\n"));
    let kept = md.find("## Title of treaty").unwrap();
    let orphans = md.find("## Orphaned bookmarks").unwrap();
    assert!(kept < orphans);
    assert!(md.contains(
        "### Passage 2\n\n> Germany and Soviet Russia agreed to renounce all claims\n\
         > against each other.\n\nNote: the core of the treaty\n\nAdded 2026-11-23 23:04 UTC\n"
    ));
    assert!(md[orphans..].contains("> Gas experiments took place at Tomka.\n"));
    insta::assert_snapshot!(md);
}

#[test]
fn json_is_web_annotations_with_positions() {
    let (c, bookmarks) = fixture();
    let v = export_json(&c, &bookmarks);
    let records = v.as_array().unwrap();
    assert_eq!(records.len(), 2);

    let kept = &records[0];
    assert_eq!(kept["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(kept["id"], "urn:lectern:bookmark:kept");
    assert_eq!(kept["type"], "Annotation");
    assert_eq!(kept["motivation"], "bookmarking");
    assert_eq!(kept["created"], "2026-11-23T23:04:55.123Z");
    assert_eq!(kept["body"][0]["value"], "the core of the treaty");
    assert_eq!(kept["body"][0]["purpose"], "commenting");
    assert_eq!(kept["body"][0]["format"], "text/plain");
    assert_eq!(kept["lectern:open"], "lectern --at kept");
    assert_eq!(kept["target"]["source"], "lectern:rapallo/treaty");
    assert!(kept.get("lectern:orphaned").is_none());
    let quote = &kept["target"]["selector"][0];
    let position = &kept["target"]["selector"][1];
    assert_eq!(quote["type"], "TextQuoteSelector");
    assert_eq!(position["type"], "TextPositionSelector");
    // The two selectors pick the same text out of the article as it reads.
    let article: Vec<char> = FIRST.chars().collect();
    let (start, end) = (
        position["start"].as_u64().unwrap() as usize,
        position["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(start, "Rapallo, 16 April 1922.\n\n".chars().count());
    let picked: String = article[start..end].iter().collect();
    assert_eq!(picked, quote["exact"].as_str().unwrap());
    let before: String = article[start.saturating_sub(32)..start].iter().collect();
    assert_eq!(before, quote["prefix"].as_str().unwrap());
    let after: String = article[end..(end + 32).min(article.len())].iter().collect();
    assert_eq!(after, quote["suffix"].as_str().unwrap());

    let orphan = &records[1];
    assert_eq!(orphan["lectern:orphaned"], true);
    assert_eq!(orphan["motivation"], "bookmarking");
    assert_eq!(orphan["body"], serde_json::json!([]));
    assert_eq!(orphan["target"]["source"], "lectern:rapallo/military");
    let selectors = orphan["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors.len(), 1);
    assert_eq!(
        selectors[0]["exact"],
        "Gas experiments took place at Tomka."
    );

    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn code_point_offsets_count_characters_not_bytes() {
    let text = "Ärger über Verträge.\n\nZweiter Absatz.";
    let c = corpus("c", &[("a", text)]);
    let v = export_json(&c, &[bookmark(&c, "x", (0, 1), "")]);
    let pos = &v[0]["target"]["selector"][1];
    assert_eq!(pos["start"], 22);
    assert_eq!(pos["end"], 22 + 15);
}

#[test]
fn nothing_to_export() {
    let (c, _) = fixture();
    assert_eq!(export_json(&c, &[]), serde_json::json!([]));
    assert!(export_markdown(&c, &[]).contains("No bookmarks."));
}
