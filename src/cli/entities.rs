//! `lectern entities`: every entity with its kind and how often it is
//! mentioned.

use std::io::{self, Write};

use serde::Serialize;

use super::emit::Report;
use crate::corpus::Corpus;
use crate::corpus::types::EntityKind;

#[derive(Serialize)]
#[serde(transparent)]
pub struct Entities<'a>(Vec<EntityRow<'a>>);

#[derive(Serialize)]
pub struct EntityRow<'a> {
    pub id: &'a str,
    pub kind: EntityKind,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub summary: &'a str,
    pub related: Vec<&'a str>,
    pub mentions: usize,
    pub events: Vec<&'a str>,
}

pub fn run(c: &Corpus) -> Entities<'_> {
    Entities(
        c.entities
            .iter()
            .map(|e| EntityRow {
                id: &e.id,
                kind: e.kind,
                name: &e.name,
                aliases: &e.aliases,
                summary: &e.summary,
                related: e
                    .related
                    .iter()
                    .map(|&r| c.entities[r].id.as_str())
                    .collect(),
                mentions: e.mentions.len(),
                events: e.events.iter().map(|&r| c.events[r].id.as_str()).collect(),
            })
            .collect(),
    )
}

impl Report for Entities<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            writeln!(out, "no entities in this pack")?;
        }
        for e in &self.0 {
            writeln!(
                out,
                "{:<24} {} {:>4}  {}",
                e.id,
                e.kind.tag(),
                e.mentions,
                e.name
            )?;
        }
        Ok(())
    }
}
