//! Bookmarks written out for use elsewhere: Markdown to read, and JSON in the
//! shape of W3C Web Annotations to process.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::corpus::{Article, ArticleIdx, Corpus, PassageLoc};

use super::anchor::{self, Anchor, Resolution, SEPARATOR, reanchor};
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
/// (<https://www.w3.org/TR/annotation-model/>).
///
/// The target's `source` is `lectern:<corpus id>/<article id>`, and the text
/// the selectors refer to is the article as the reader shows it: its passages
/// joined by a blank line (`"\n\n"`), corrections applied. The
/// `TextQuoteSelector` quotes the whole passage with up to 32 characters
/// before and after; the `TextPositionSelector` gives the same passage as
/// `start`..`end` offsets counted in Unicode code points (not bytes) from the
/// start of that text, `end` exclusive, as the model specifies.
///
/// A bookmark whose passage is gone is exported with the quote it saved,
/// no position, and `"lectern:orphaned": true`.
pub fn export_json(corpus: &Corpus, bookmarks: &[Bookmark]) -> Value {
    let records = placed(corpus, bookmarks)
        .into_iter()
        .map(|(b, r)| {
            let placed = r.loc().and_then(|l| {
                let article = corpus.article(l.article)?;
                Some((
                    article,
                    l.passage,
                    anchor::quote(article, l.passage, usize::MAX)?,
                ))
            });
            annotation(corpus, b, placed)
        })
        .collect();
    Value::Array(records)
}

fn annotation(corpus: &Corpus, b: &Bookmark, placed: Option<(&Article, usize, Anchor)>) -> Value {
    let mut record = Map::new();
    record.insert("@context".into(), json!("http://www.w3.org/ns/anno.jsonld"));
    record.insert("id".into(), json!(format!("urn:lectern:bookmark:{}", b.id)));
    record.insert("type".into(), json!("Annotation"));
    let motivation = if b.note.is_empty() {
        "bookmarking"
    } else {
        "commenting"
    };
    record.insert("motivation".into(), json!(motivation));
    record.insert("created".into(), json!(b.created));
    if !b.updated.is_empty() && b.updated != b.created {
        record.insert("modified".into(), json!(b.updated));
    }
    if !b.note.is_empty() {
        record.insert(
            "body".into(),
            json!({"type": "TextualBody", "value": b.note, "format": "text/plain"}),
        );
    }
    let quote_selector = |a: &Anchor| json!({"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix});
    let orphaned = placed.is_none();
    let target = match placed {
        Some((article, passage, quote)) => {
            let start = char_offset(article, passage);
            let end = start + quote.exact.chars().count();
            json!({
                "source": format!("lectern:{}/{}", corpus.id, article.id),
                "selector": [
                    quote_selector(&quote),
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            })
        }
        None => json!({
            "source": format!("lectern:{}/{}", corpus.id, b.article),
            "selector": [quote_selector(&b.anchor)],
        }),
    };
    record.insert("target".into(), target);
    if orphaned {
        record.insert("lectern:orphaned".into(), json!(true));
    }
    Value::Object(record)
}

/// Code points before passage `idx` in the article's text.
fn char_offset(article: &Article, idx: usize) -> usize {
    let sep = SEPARATOR.chars().count();
    article.passages[..idx.min(article.passages.len())]
        .iter()
        .map(|p| p.text.chars().count() + sep)
        .sum()
}
