//! `lectern check`: validate a pack and report its counts and mention
//! coverage, or every error.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::emit::{Failure, Report};
use crate::corpus::Corpus;

/// The counts `lectern check` reports.
#[derive(Serialize)]
pub struct Summary<'a> {
    pub ok: bool,
    pub id: &'a str,
    pub title: &'a str,
    pub articles: usize,
    pub passages: usize,
    pub entities: usize,
    pub events: usize,
    pub disputes: usize,
    pub tours: usize,
    pub tour_steps: usize,
    pub mentions: usize,
    pub passages_with_mentions: usize,
    pub entities_mentioned: usize,
    pub suggested_entities: usize,
    pub suggested_events: usize,
    /// Spans of text two articles share, and their words.
    pub shared_spans: usize,
    pub shared_words: usize,
    pub warnings: &'a [String],
    /// Plain text tells warnings of one kind once, with a count.
    #[serde(skip)]
    grouped: Vec<String>,
    #[serde(skip)]
    corpus: &'a Corpus,
    /// Where the pack came from, as the text names it.
    #[serde(skip)]
    from: String,
}

pub fn run<'a>(c: &'a Corpus, dir: Option<&PathBuf>) -> Result<Summary<'a>, Failure> {
    let from = dir.map_or_else(
        || "the embedded corpus".to_owned(),
        |d| d.display().to_string(),
    );
    Ok(Summary::of(c, from))
}

impl<'a> Summary<'a> {
    pub fn of(c: &'a Corpus, from: String) -> Self {
        Summary {
            ok: true,
            id: &c.id,
            title: &c.title,
            articles: c.articles.len(),
            passages: c.passage_count(),
            entities: c.entities.len(),
            events: c.events.len(),
            disputes: c.events.iter().map(|e| e.disputes.len()).sum(),
            tours: c.tours.len(),
            tour_steps: c.tours.iter().map(|t| t.steps.len()).sum(),
            mentions: c.mention_count(),
            passages_with_mentions: c
                .articles
                .iter()
                .flat_map(|a| &a.passages)
                .filter(|p| !p.mentions.is_empty())
                .count(),
            entities_mentioned: c.entities.iter().filter(|e| !e.mentions.is_empty()).count(),
            suggested_entities: c.entities.iter().filter(|e| e.suggested).count(),
            suggested_events: c.events.iter().filter(|e| e.suggested).count(),
            shared_spans: c.reuse().spans.len(),
            shared_words: c.reuse().words(),
            warnings: &c.warnings,
            grouped: group_warnings(&c.warnings),
            corpus: c,
            from,
        }
    }
}

impl Report for Summary<'_> {
    fn warnings(&self) -> &[String] {
        &self.grouped
    }

    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = self.corpus;
        let pct = |a: usize, b: usize| (a * 100).checked_div(b).unwrap_or(0);
        let mut kinds = BTreeMap::new();
        for e in &c.entities {
            *kinds.entry(e.kind.label()).or_insert(0) += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let span = match (c.events.first(), c.events.last()) {
            (Some(a), Some(b)) => format!(", {} to {}", a.date, b.date),
            _ => String::new(),
        };
        let tours: Vec<String> = c
            .tours
            .iter()
            .map(|t| {
                format!(
                    "{}: {}",
                    t.id,
                    crate::text::count(t.steps.len(), "step", "steps")
                )
            })
            .collect();
        write!(
            out,
            "{title} ({id}) from {from}\n\
             \x20 articles   {articles} ({passage_count})\n\
             \x20 entities   {entities}{kinds}\n\
             \x20 events     {events}{span}; {disputes} between sources\n\
             \x20 tours      {tours}{tour_list}\n\
             \x20 mentions   {mentions} linked; {pm} of {passage_count} ({ppct}%) mention an entity; \
             {em} of {entity_count} ({epct}%) are mentioned\n\
             {suggestions}\
             \x20 reuse      {spans} of text shared between articles ({words}); `lectern reuse` lists them\n\
             \x20 warnings   {warnings}\n\
             ok\n",
            title = c.title,
            id = c.id,
            from = self.from,
            articles = self.articles,
            passage_count = crate::text::count(self.passages, "passage", "passages"),
            entity_count = crate::text::count(self.entities, "entity", "entities"),
            entities = self.entities,
            kinds = in_parens(&kinds),
            events = self.events,
            disputes = crate::text::count(self.disputes, "dispute", "disputes"),
            tours = self.tours,
            tour_list = in_parens(&tours),
            mentions = self.mentions,
            pm = self.passages_with_mentions,
            ppct = pct(self.passages_with_mentions, self.passages),
            em = self.entities_mentioned,
            epct = pct(self.entities_mentioned, self.entities),
            warnings = c.warnings.len(),
            spans = crate::text::count(self.shared_spans, "span", "spans"),
            words = crate::text::count(self.shared_words, "word", "words"),
            suggestions = if self.suggested_entities + self.suggested_events > 0 {
                format!(
                    "  suggested  {} of {} entities and {} of {} events await review\n",
                    self.suggested_entities, self.entities, self.suggested_events, self.events
                )
            } else {
                String::new()
            },
        )
    }
}

/// Warnings of one kind told once with a count, so a book of thousands of
/// passages with no entity is one line, not thousands.
pub fn group_warnings(warnings: &[String]) -> Vec<String> {
    fn list(items: &[&str]) -> String {
        let shown: Vec<&str> = items.iter().take(8).copied().collect();
        let more = items.len().saturating_sub(shown.len());
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    }
    let mut out = Vec::new();
    let mut unmentioned: Vec<&str> = Vec::new();
    // Article id to its passages that mention nothing, in order of first warning.
    let mut silent: Vec<(&str, Vec<&str>)> = Vec::new();
    for w in warnings {
        if let Some(id) = w
            .strip_prefix("entity \"")
            .and_then(|r| r.strip_suffix("\" is never mentioned"))
        {
            unmentioned.push(id);
        } else if let Some((art, n)) = w
            .strip_prefix("article \"")
            .and_then(|r| r.strip_suffix(" mentions no entity"))
            .and_then(|r| r.split_once("\" passage "))
        {
            match silent.iter_mut().find(|(a, _)| *a == art) {
                Some((_, v)) => v.push(n),
                None => silent.push((art, vec![n])),
            }
        } else {
            out.push(w.clone());
        }
    }
    match unmentioned.len() {
        0 => {}
        1 => out.push(format!("entity \"{}\" is never mentioned", unmentioned[0])),
        n => out.push(format!(
            "{n} entities are never mentioned: {}",
            list(&unmentioned)
        )),
    }
    for (art, ps) in silent {
        match ps.len() {
            1 => out.push(format!(
                "article \"{art}\" passage {} mentions no entity",
                ps[0]
            )),
            n => out.push(format!(
                "article \"{art}\": {n} passages mention no entity (passages {})",
                list(&ps)
            )),
        }
    }
    out
}

/// The items as " (a, b)", or nothing for none, so a pack without tours
/// or entities reads "0" rather than "0 ()".
fn in_parens(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" ({})", items.join(", "))
    }
}
