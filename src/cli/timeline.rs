//! `lectern timeline`: the events in date order.

use std::io::{self, Write};

use serde::Serialize;

use super::emit::Report;
use crate::corpus::Corpus;

#[derive(Serialize)]
#[serde(transparent)]
pub struct Timeline<'a>(Vec<EventRow<'a>>);

#[derive(Serialize)]
pub struct EventRow<'a> {
    pub id: &'a str,
    /// Canonical EDTF, as a pack would write it.
    pub date: String,
    /// The date as the reader shows it.
    pub display: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub entities: Vec<&'a str>,
    pub passages: Vec<PassageRef<'a>>,
    pub disputes: Vec<DisputeRow<'a>>,
}

/// A passage as a person would cite it: article id and 1-based number.
#[derive(Serialize)]
pub struct PassageRef<'a> {
    pub article: &'a str,
    pub passage: usize,
}

#[derive(Serialize)]
pub struct DisputeRow<'a> {
    pub id: &'a str,
    pub topic: &'a str,
}

pub fn run(c: &Corpus) -> Timeline<'_> {
    Timeline(
        c.events
            .iter()
            .map(|e| EventRow {
                id: &e.id,
                date: e.date.to_edtf(),
                display: e.date.to_string(),
                title: &e.title,
                summary: &e.summary,
                entities: e
                    .entities
                    .iter()
                    .map(|&r| c.entities[r].id.as_str())
                    .collect(),
                passages: e
                    .passages
                    .iter()
                    .map(|l| PassageRef {
                        article: &c.articles[l.article].id,
                        passage: l.passage + 1,
                    })
                    .collect(),
                disputes: e
                    .disputes
                    .iter()
                    .map(|d| DisputeRow {
                        id: &d.id,
                        topic: &d.topic,
                    })
                    .collect(),
            })
            .collect(),
    )
}

impl Report for Timeline<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        // The column is as wide as the longest date, so every title starts
        // in the same column and no date is cut.
        let date_w = self
            .0
            .iter()
            .map(|e| crate::wrap::width(&e.display))
            .max()
            .unwrap_or(0);
        if self.0.is_empty() {
            writeln!(out, "no events in this pack")?;
        }
        for e in &self.0 {
            let pad = " ".repeat(date_w.saturating_sub(crate::wrap::width(&e.display)));
            let disputed = if e.disputes.is_empty() {
                ""
            } else {
                "  (disputed)"
            };
            writeln!(out, "{}{pad}  {}{disputed}", e.display, e.title)?;
        }
        Ok(())
    }
}
