//! The command line: the reader by default, and scriptable subcommands that
//! print the corpus as plain text or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde_json::json;

use crate::corpus::{self, Corpus, PackErrors, PackSource};

/// Exit code for a content pack that fails validation.
pub const EXIT_BAD_CONTENT: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "lectern",
    version,
    about = "A terminal reader for guided reading of related articles",
    long_about = "Lectern opens a corpus of related articles in three panes that move together: \
the document, a timeline of the events the articles describe, and the people, places, \
organisations and treaties they mention.\n\nWithout a subcommand it opens the reader on the \
embedded corpus (German–Soviet cooperation and the Treaty of Rapallo, 1922), or on the pack \
given with --content.",
    after_help = "Press ? inside the reader for every key."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalOpts {
    /// Open the content pack in DIR instead of the embedded corpus.
    #[arg(long, value_name = "DIR", global = true)]
    pub content: Option<PathBuf>,
    /// Where bookmarks and the reading position are kept
    /// (default: the platform data directory; also LECTERN_DATA_DIR).
    #[arg(long, value_name = "DIR", global = true, env = "LECTERN_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Start at the beginning instead of where you left off.
    #[arg(long)]
    pub no_resume: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content pack: counts and mention coverage, or every error (exit 2).
    Check {
        /// The pack directory (default: --content, else the embedded corpus).
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List the articles in reading order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// List the entities with their kind and how often they are mentioned.
    Entities {
        #[arg(long)]
        json: bool,
    },
    /// List the events in date order.
    Timeline {
        #[arg(long)]
        json: bool,
    },
}

pub fn open_source(dir: Option<&PathBuf>) -> Result<PackSource, String> {
    match dir {
        Some(d) => PackSource::dir(d).map_err(|e| e.to_string()),
        None => Ok(PackSource::embedded()),
    }
}

/// Loads the chosen pack; on failure prints every error and returns the exit code.
pub fn load_or_report(dir: Option<&PathBuf>) -> Result<Corpus, i32> {
    let source = open_source(dir).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_BAD_CONTENT
    })?;
    corpus::load(&source).map_err(|e| {
        report_errors(&e);
        EXIT_BAD_CONTENT
    })
}

fn report_errors(e: &PackErrors) {
    eprintln!("{e}");
    eprintln!(
        "{} error{} in the content pack",
        e.0.len(),
        if e.0.len() == 1 { "" } else { "s" }
    );
}

/// Runs a subcommand, returning the process exit code.
pub fn run_command(cmd: &Command, global: &GlobalOpts) -> i32 {
    let mut out = std::io::stdout().lock();
    let result = match cmd {
        Command::Check { dir, json } => {
            return check(dir.as_ref().or(global.content.as_ref()), *json);
        }
        Command::List { json } => with_corpus(global, |c| list(c, *json, &mut out)),
        Command::Entities { json } => with_corpus(global, |c| entities(c, *json, &mut out)),
        Command::Timeline { json } => with_corpus(global, |c| timeline(c, *json, &mut out)),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn with_corpus(
    global: &GlobalOpts,
    f: impl FnOnce(&Corpus) -> std::io::Result<()>,
) -> std::io::Result<i32> {
    match load_or_report(global.content.as_ref()) {
        Ok(c) => f(&c).map(|()| 0),
        Err(code) => Ok(code),
    }
}

fn check(dir: Option<&PathBuf>, json: bool) -> i32 {
    let source = match open_source(dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_CONTENT;
        }
    };
    let where_ = dir.map_or_else(
        || "the embedded corpus".to_owned(),
        |d| d.display().to_string(),
    );
    match corpus::load(&source) {
        Ok(c) => {
            let s = Summary::of(&c);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&s.to_json(&c)).unwrap_or_default()
                );
            } else {
                for w in &c.warnings {
                    eprintln!("warning: {w}");
                }
                print!("{}", s.text(&c, &where_));
            }
            0
        }
        Err(e) => {
            if json {
                let errors: Vec<_> = e
                    .0
                    .iter()
                    .map(|e| json!({"file": e.file, "line": e.line, "column": e.column, "message": e.message}))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({"ok": false, "errors": errors}))
                        .unwrap_or_default()
                );
            } else {
                report_errors(&e);
            }
            EXIT_BAD_CONTENT
        }
    }
}

/// The counts `lectern check` reports.
pub struct Summary {
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
}

impl Summary {
    pub fn of(c: &Corpus) -> Self {
        Summary {
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
        }
    }

    fn text(&self, c: &Corpus, where_: &str) -> String {
        let pct = |a: usize, b: usize| (a * 100).checked_div(b).unwrap_or(0);
        let mut kinds = std::collections::BTreeMap::new();
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
            .map(|t| format!("{}: {} steps", t.id, t.steps.len()))
            .collect();
        format!(
            "{title} ({id}) from {where_}\n\
             \x20 articles   {articles} ({passages} passages)\n\
             \x20 entities   {entities} ({kinds})\n\
             \x20 events     {events}{span}; {disputes} disputes between sources\n\
             \x20 tours      {tours} ({tour_list})\n\
             \x20 mentions   {mentions} linked; {pm} of {passages} passages ({ppct}%) mention an entity; \
             {em} of {entities} entities ({epct}%) are mentioned\n\
             \x20 warnings   {warnings}\n\
             ok\n",
            title = c.title,
            id = c.id,
            articles = self.articles,
            passages = self.passages,
            entities = self.entities,
            kinds = kinds.join(", "),
            events = self.events,
            disputes = self.disputes,
            tours = self.tours,
            tour_list = tours.join(", "),
            mentions = self.mentions,
            pm = self.passages_with_mentions,
            ppct = pct(self.passages_with_mentions, self.passages),
            em = self.entities_mentioned,
            epct = pct(self.entities_mentioned, self.entities),
            warnings = c.warnings.len(),
        )
    }

    fn to_json(&self, c: &Corpus) -> serde_json::Value {
        json!({
            "ok": true,
            "id": c.id,
            "title": c.title,
            "articles": self.articles,
            "passages": self.passages,
            "entities": self.entities,
            "events": self.events,
            "disputes": self.disputes,
            "tours": self.tours,
            "tour_steps": self.tour_steps,
            "mentions": self.mentions,
            "passages_with_mentions": self.passages_with_mentions,
            "entities_mentioned": self.entities_mentioned,
            "warnings": c.warnings,
        })
    }
}

fn list(c: &Corpus, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    if json {
        let v: Vec<_> = c
            .articles
            .iter()
            .map(|a| json!({"id": a.id, "title": a.title, "source": a.source, "date": a.date, "passages": a.passages.len(), "events": a.events.len(), "entities": a.entities.len()}))
            .collect();
        return writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    }
    for (i, a) in c.articles.iter().enumerate() {
        writeln!(out, "{:>2}  {:<16} {}", i + 1, a.id, a.title)?;
        let date = if a.date.is_empty() {
            String::new()
        } else {
            format!(" · {}", a.date)
        };
        writeln!(
            out,
            "    {:<16} {}{} · {} passages",
            "",
            a.source,
            date,
            a.passages.len()
        )?;
    }
    Ok(())
}

fn entities(c: &Corpus, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    if json {
        let v: Vec<_> = c
            .entities
            .iter()
            .map(|e| {
                json!({"id": e.id, "kind": e.kind, "name": e.name, "aliases": e.aliases, "summary": e.summary,
                       "related": e.related.iter().map(|&r| &c.entities[r].id).collect::<Vec<_>>(),
                       "mentions": e.mentions.len(),
                       "events": e.events.iter().map(|&r| &c.events[r].id).collect::<Vec<_>>()})
            })
            .collect();
        return writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    }
    for e in &c.entities {
        writeln!(
            out,
            "{:<24} {} {:>4}  {}",
            e.id,
            e.kind.tag(),
            e.mentions.len(),
            e.name
        )?;
    }
    Ok(())
}

fn timeline(c: &Corpus, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    if json {
        let v: Vec<_> = c
            .events
            .iter()
            .map(|e| {
                json!({"id": e.id, "date": e.date.to_edtf(), "display": e.date.to_string(), "title": e.title,
                       "summary": e.summary,
                       "entities": e.entities.iter().map(|&r| &c.entities[r].id).collect::<Vec<_>>(),
                       "passages": e.passages.iter().map(|l| json!({"article": c.articles[l.article].id, "passage": l.passage + 1})).collect::<Vec<_>>(),
                       "disputes": e.disputes.iter().map(|d| json!({"id": d.id, "topic": d.topic})).collect::<Vec<_>>()})
            })
            .collect();
        return writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    }
    for e in &c.events {
        let disputed = if e.disputes.is_empty() {
            ""
        } else {
            "  (disputed)"
        };
        writeln!(out, "{:<22} {}{}", e.date.to_string(), e.title, disputed)?;
    }
    Ok(())
}
