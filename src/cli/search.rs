//! `lectern search`: every match in every article, grouped by article.

use std::io::{self, Write};

use serde::Serialize;

use super::emit::Report;
use crate::corpus::Corpus;
use crate::search::Hit;

#[derive(Serialize)]
pub struct Search<'a> {
    pub query: String,
    pub hits: Vec<HitRow<'a>>,
    #[serde(skip)]
    found: Vec<Hit>,
    #[serde(skip)]
    corpus: &'a Corpus,
}

#[derive(Serialize)]
pub struct HitRow<'a> {
    pub article: &'a str,
    pub passage: usize,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "match")]
    pub matched: &'a str,
    pub snippet: String,
}

/// Columns of context shown around a match.
const JSON_SNIPPET: usize = 100;
const TEXT_SNIPPET: usize = 90;

pub fn run<'a>(c: &'a Corpus, query: &str) -> Search<'a> {
    let query = crate::sanitize::clean_line(query);
    let found = crate::search::search(c, &query, false);
    let hits = found
        .iter()
        .map(|h| {
            let p = &c.articles[h.loc.article].passages[h.loc.passage];
            HitRow {
                article: &c.articles[h.loc.article].id,
                passage: h.loc.passage + 1,
                start: h.range.start,
                end: h.range.end,
                matched: &p.text[h.range.clone()],
                snippet: crate::text::snippet(&p.text, h.range.clone(), JSON_SNIPPET),
            }
        })
        .collect();
    Search {
        query,
        hits,
        found,
        corpus: c,
    }
}

impl Report for Search<'_> {
    fn code(&self) -> i32 {
        i32::from(self.found.is_empty())
    }

    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.corpus;
        let mut last = None;
        for h in &self.found {
            if last != Some(h.loc.article) {
                last = Some(h.loc.article);
                let a = &c.articles[h.loc.article];
                writeln!(out, "{} ({})", a.title, a.id)?;
            }
            let p = &c.articles[h.loc.article].passages[h.loc.passage];
            writeln!(
                out,
                "  §{:<3} {}",
                h.loc.passage + 1,
                crate::text::snippet(&p.text, h.range.clone(), TEXT_SNIPPET)
            )?;
        }
        writeln!(
            out,
            "{}",
            crate::reader::search_summary(&self.found, c.articles.len())
        )
    }
}
