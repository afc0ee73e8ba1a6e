//! `lectern tour`: the tours, or one tour's steps with their passages.

use std::io::{self, Write};

use serde::Serialize;

use super::emit::{Failure, Report};
use crate::corpus::{Corpus, Tour};

#[derive(Serialize)]
#[serde(untagged)]
pub enum Tours<'a> {
    List(Vec<TourRow<'a>>),
    One(TourSteps<'a>),
}

#[derive(Serialize)]
pub struct TourRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub steps: usize,
}

#[derive(Serialize)]
pub struct TourSteps<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub intro: &'a str,
    pub steps: Vec<StepRow<'a>>,
    #[serde(skip)]
    article_titles: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct StepRow<'a> {
    pub article: &'a str,
    pub passage: usize,
    pub text: &'a str,
    pub commentary: &'a str,
    pub entity: Option<&'a str>,
    pub event: Option<&'a str>,
}

pub fn run<'a>(c: &'a Corpus, id: Option<&str>) -> Result<Tours<'a>, Failure> {
    let Some(id) = id else {
        return Ok(Tours::List(
            c.tours
                .iter()
                .map(|t| TourRow {
                    id: &t.id,
                    title: &t.title,
                    steps: t.steps.len(),
                })
                .collect(),
        ));
    };
    let Some(t) = c.tours.iter().find(|t| t.id == id) else {
        let ids: Vec<&str> = c.tours.iter().map(|t| t.id.as_str()).collect();
        return Err(Failure::message(
            1,
            format!(
                "no tour \"{}\"; the tours are: {}",
                crate::sanitize::clean_line(id),
                ids.join(", ")
            ),
        ));
    };
    Ok(Tours::One(steps(c, t)))
}

fn steps<'a>(c: &'a Corpus, t: &'a Tour) -> TourSteps<'a> {
    TourSteps {
        id: &t.id,
        title: &t.title,
        intro: &t.intro,
        steps: t
            .steps
            .iter()
            .map(|s| StepRow {
                article: &c.articles[s.loc.article].id,
                passage: s.loc.passage + 1,
                text: &c.articles[s.loc.article].passages[s.loc.passage].text,
                commentary: &s.commentary,
                entity: s.entity.map(|e| c.entities[e].id.as_str()),
                event: s.event.map(|e| c.events[e].id.as_str()),
            })
            .collect(),
        article_titles: t
            .steps
            .iter()
            .map(|s| c.articles[s.loc.article].title.as_str())
            .collect(),
    }
}

impl Report for Tours<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Tours::List(rows) => {
                if rows.is_empty() {
                    writeln!(out, "no tours in this pack")?;
                }
                for t in rows {
                    let steps = crate::text::count(t.steps, "step", "steps");
                    writeln!(out, "{:<16} {} ({steps})", t.id, t.title)?;
                }
            }
            Tours::One(t) => {
                writeln!(out, "{}\n\n{}\n", t.title, t.intro)?;
                for (i, (s, title)) in t.steps.iter().zip(&t.article_titles).enumerate() {
                    writeln!(
                        out,
                        "Step {}/{} · {} §{}",
                        i + 1,
                        t.steps.len(),
                        title,
                        s.passage
                    )?;
                    for line in s.text.lines() {
                        writeln!(out, "  > {line}")?;
                    }
                    writeln!(out, "  {}\n", s.commentary)?;
                }
            }
        }
        Ok(())
    }
}
