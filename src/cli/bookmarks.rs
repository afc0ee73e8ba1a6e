//! `lectern bookmarks`: the bookmarks saved for a corpus, listed or
//! exported.

use std::io::{self, Write};

use serde::Serialize;

use super::args::ExportFormat;
use super::emit::{Failure, Report};
use crate::corpus::Corpus;
use crate::store::{self, Store};

#[derive(Serialize)]
#[serde(untagged)]
pub enum Bookmarks {
    List(Listing),
    /// A Markdown export is text even under `--json`: a JSON string.
    Markdown(String),
    /// W3C Web Annotations.
    Annotations(serde_json::Value),
}

#[derive(Serialize)]
#[serde(transparent)]
pub struct Listing {
    rows: Vec<BookmarkRow>,
    #[serde(skip)]
    kept_in: String,
}

#[derive(Serialize)]
pub struct BookmarkRow {
    pub id: String,
    pub article: String,
    /// 1-based; None when the passage is gone.
    pub passage: Option<usize>,
    pub orphaned: bool,
    pub note: String,
    pub created: String,
    pub quote: String,
    /// Where it is shown in the plain list.
    #[serde(skip)]
    place: String,
}

/// Opens the store of `c` in `data_dir` and lists or exports it.
pub fn run(
    c: &Corpus,
    data_dir: Option<&std::path::Path>,
    content: Option<&std::path::Path>,
    export: Option<ExportFormat>,
) -> Result<Bookmarks, Failure> {
    let (store, warning) =
        Store::open(data_dir, &c.id).map_err(|e| Failure::message(1, e.to_string()))?;
    if let Some(w) = warning {
        let _ = writeln!(io::stderr(), "lectern: {w}");
    }
    Ok(match export {
        Some(ExportFormat::Markdown) => {
            Bookmarks::Markdown(store::export_markdown(c, store.bookmarks()))
        }
        Some(ExportFormat::Json) => {
            let mut v = store::export_json(c, store.bookmarks());
            super::annotations::retarget_json(&mut v, content);
            Bookmarks::Annotations(v)
        }
        None => {
            let mut list = store.resolve_all(c);
            crate::reader::reading_order(&mut list);
            let rows = list
                .into_iter()
                .map(|(b, res)| {
                    let loc = res.loc();
                    let place = match loc {
                        Some(l) => format!("{} §{}", c.articles[l.article].id, l.passage + 1),
                        None => format!("{} (orphaned)", b.article),
                    };
                    BookmarkRow {
                        id: b.id,
                        article: b.article,
                        passage: loc.map(|l| l.passage + 1),
                        orphaned: loc.is_none(),
                        note: b.note,
                        created: b.created,
                        quote: b.anchor.exact,
                        place,
                    }
                })
                .collect();
            Bookmarks::List(Listing {
                rows,
                kept_in: store.path().display().to_string(),
            })
        }
    })
}

impl Report for Bookmarks {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let list = match self {
            Bookmarks::Markdown(md) => return write!(out, "{md}"),
            Bookmarks::Annotations(v) => {
                let s = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
                return writeln!(out, "{s}");
            }
            Bookmarks::List(list) => list,
        };
        if list.rows.is_empty() {
            writeln!(out, "no bookmarks (kept in {})", list.kept_in)?;
        }
        for b in &list.rows {
            let quote = crate::text::truncate(&b.quote.replace('\n', " "), 60);
            writeln!(
                out,
                "{}  {}  {quote}",
                b.created.get(..10).unwrap_or(""),
                b.place
            )?;
            if !b.note.is_empty() {
                writeln!(out, "            note: {}", b.note)?;
            }
        }
        Ok(())
    }
}
