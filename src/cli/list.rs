//! `lectern list`: the articles in reading order.

use std::io::{self, Write};

use serde::Serialize;

use super::emit::Report;
use crate::corpus::Corpus;

#[derive(Serialize)]
#[serde(transparent)]
pub struct Articles<'a>(Vec<ArticleRow<'a>>);

#[derive(Serialize)]
pub struct ArticleRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source: &'a str,
    pub date: &'a str,
    pub passages: usize,
    pub events: usize,
    pub entities: usize,
}

pub fn run(c: &Corpus) -> Articles<'_> {
    Articles(
        c.articles
            .iter()
            .map(|a| ArticleRow {
                id: &a.id,
                title: &a.title,
                source: &a.source,
                date: &a.date,
                passages: a.passages.len(),
                events: a.events.len(),
                entities: a.entities.len(),
            })
            .collect(),
    )
}

impl Report for Articles<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for (i, a) in self.0.iter().enumerate() {
            writeln!(out, "{:>2}  {:<16} {}", i + 1, a.id, a.title)?;
            let date = if a.date.is_empty() {
                String::new()
            } else {
                format!(" · {}", a.date)
            };
            writeln!(
                out,
                "    {:<16} {}{} · {}",
                "",
                a.source,
                date,
                crate::text::count(a.passages, "passage", "passages")
            )?;
        }
        Ok(())
    }
}
