//! Bookmarks written out for use elsewhere: Markdown to read, and JSON in the
//! shape of W3C Web Annotations to process.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::corpus::{ArticleIdx, Corpus, PassageLoc};

use super::anchor::{Resolution, reanchor};
use super::model::Bookmark;

/// Bookmarks with where they point, those that still point somewhere in
/// reading order, then the orphans in the order they were made.
fn placed<'a>(corpus: &Corpus, bookmarks: &'a [Bookmark]) -> Vec<(&'a Bookmark, Resolution)> {
    let mut v: Vec<_> = bookmarks.iter().map(|b| (b, reanchor(corpus, b))).collect();
    v.sort_by(|(a, ra), (b, rb)| {
        let key = |r: &Resolution| {
            r.loc().map_or(
                (
                    1,
                    PassageLoc {
                        article: ArticleIdx(0),
                        passage: 0,
                    },
                ),
                |l| (0, l),
            )
        };
        key(ra)
            .cmp(&key(rb))
            .then_with(|| a.created.cmp(&b.created))
            .then_with(|| a.id.cmp(&b.id))
    });
    v
}

/// A Markdown document: the corpus title, then the bookmarks grouped by
/// article in reading order, each with its passage number, the passage
/// quoted, the note and the date it was added; bookmarks whose passage is
/// gone follow under "Orphaned bookmarks", quoting the text they saved.
pub fn export_markdown(corpus: &Corpus, bookmarks: &[Bookmark]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Bookmarks: {}", one_line(&corpus.title));
    if bookmarks.is_empty() {
        out.push_str("\nNo bookmarks.\n");
        return out;
    }
    let mut heading: Option<Option<ArticleIdx>> = None;
    for (b, r) in placed(corpus, bookmarks) {
        let group = r.loc().map(|l| l.article);
        if heading != Some(group) {
            heading = Some(group);
            match group {
                Some(a) => {
                    let _ = write!(out, "\n## {}\n", one_line(&corpus.articles[a].title));
                }
                None => out.push_str("\n## Orphaned bookmarks\n"),
            }
        }
        match r.loc().and_then(|l| Some((l, corpus.passage(l)?))) {
            Some((l, p)) => {
                let _ = write!(out, "\n### Passage {}\n\n", l.passage + 1);
                if let Resolution::Fuzzy(..) = r {
                    out.push_str("*The passage has changed since it was bookmarked.*\n\n");
                }
                blockquote(&mut out, &p.text);
            }
            None => {
                let title = corpus
                    .article_index(&b.article)
                    .map_or_else(|| b.article.clone(), |a| corpus.articles[a].title.clone());
                let _ = write!(
                    out,
                    "\n### {}, passage {} (no longer found)\n\n",
                    one_line(&title),
                    b.passage.saturating_add(1)
                );
                blockquote(&mut out, &b.anchor.exact);
            }
        }
        if !b.note.is_empty() {
            let _ = write!(out, "\nNote: {}\n", one_line(&b.note));
        }
        let _ = write!(out, "\nAdded {}\n", human_date(&b.created));
    }
    out
}

fn blockquote(out: &mut String, text: &str) {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2026-11-23T23:04:55.123Z` → `2026-11-23 23:04 UTC`; anything else as is.
fn human_date(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) if rfc3339.as_bytes().get(10) == Some(&b'T') => format!("{d} {t} UTC"),
        _ => rfc3339.to_owned(),
    }
}

/// The bookmarks as an array of W3C Web Annotations
/// (<https://www.w3.org/TR/annotation-model/>), in reading order, each as
/// [`bookmark_record`] makes it.
///
/// The target's `source` is `lectern:<corpus id>/<article id>`, and the text
/// the selectors refer to is the article as the reader shows it: its passages
/// joined by a blank line (`"\n\n"`), corrections applied. The
/// `TextQuoteSelector` is the quote the bookmark saved: its passage, with up
/// to 32 characters before and after; while the passage still reads so, the
/// `TextPositionSelector` gives it as `start`..`end` offsets counted in
/// Unicode code points (not bytes) from the start of that text, `end`
/// exclusive, as the model specifies.
///
/// A bookmark whose passage is gone, or has changed, keeps its quote and no
/// position; one whose passage is gone is marked `"lectern:orphaned": true`.
pub fn export_json(corpus: &Corpus, bookmarks: &[Bookmark]) -> Value {
    Value::Array(
        placed(corpus, bookmarks)
            .into_iter()
            .map(|(b, r)| bookmark_record(corpus, b, &r))
            .collect(),
    )
}

/// A bookmark as a Web Annotation: motivation `bookmarking`, its note (if
/// any) a commenting body, its stored quote the `TextQuoteSelector`, the
/// passage the `TextPositionSelector` while it still holds that quote, the
/// passage index as `lectern:passage` and the command that reopens it as
/// `lectern:open`. `lectern annotations export` writes the same records.
pub fn bookmark_record(c: &Corpus, b: &Bookmark, r: &Resolution) -> Value {
    let mut selector = vec![
        json!({"type": "TextQuoteSelector", "exact": b.anchor.exact, "prefix": b.anchor.prefix, "suffix": b.anchor.suffix}),
    ];
    if let Resolution::Exact(l) = r
        && let Some(art) = c.article(l.article)
    {
        let start = super::highlight::passage_start(art, l.passage);
        let end = start + b.anchor.exact.chars().count();
        selector.push(json!({"type": "TextPositionSelector", "start": start, "end": end}));
    }
    let body: Vec<Value> = if b.note.is_empty() {
        Vec::new()
    } else {
        vec![
            json!({"type": "TextualBody", "value": b.note, "purpose": "commenting", "format": "text/plain"}),
        ]
    };
    let mut rec = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:lectern:bookmark:{}", b.id),
        "type": "Annotation",
        "motivation": "bookmarking",
        "created": b.created,
        "modified": b.updated,
        "body": body,
        "target": {
            "source": format!("lectern:{}/{}", c.id, b.article),
            "selector": selector,
        },
        "lectern:passage": b.passage,
        "lectern:open": format!("lectern --at {}", b.id),
    });
    if r.is_orphaned() {
        rec["lectern:orphaned"] = json!(true);
    }
    rec
}
