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
    /// Largest file a content pack may hold, in MiB (default 64; also
    /// LECTERN_MAX_FILE_MB).
    #[arg(long, value_name = "MB", global = true, env = "LECTERN_MAX_FILE_MB",
          value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_file_mb: Option<u64>,
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
    /// Search every article: smart case (insensitive unless QUERY has a capital).
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// List the bookmarks of the corpus, or export them.
    Bookmarks {
        #[command(subcommand)]
        action: Option<BookmarksCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Print a tour's steps with their passages (without ID: list the tours).
    Tour {
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Import(crate::import::command::ImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// Write every bookmark to stdout: Markdown, or JSON Web Annotations.
    Export {
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
}

pub fn open_source(dir: Option<&PathBuf>, max_file_mb: Option<u64>) -> Result<PackSource, String> {
    let source = match dir {
        Some(d) => PackSource::dir(d).map_err(|e| e.to_string())?,
        None => PackSource::embedded(),
    };
    Ok(match max_file_mb {
        Some(mb) => source.with_max_file_bytes(mb.saturating_mul(1024 * 1024)),
        None => source,
    })
}

/// Loads the chosen pack; on failure prints every error and returns the exit code.
pub fn load_or_report(global: &GlobalOpts) -> Result<Corpus, i32> {
    let source = open_source(global.content.as_ref(), global.max_file_mb).map_err(|e| {
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
            return check(
                dir.as_ref().or(global.content.as_ref()),
                global.max_file_mb,
                *json,
            );
        }
        Command::Import(args) => return crate::import::command::run(args),
        Command::List { json } => with_corpus(global, |c| list(c, *json, &mut out)),
        Command::Entities { json } => with_corpus(global, |c| entities(c, *json, &mut out)),
        Command::Timeline { json } => with_corpus(global, |c| timeline(c, *json, &mut out)),
        Command::Search { query, json } => {
            with_corpus(global, |c| search(c, query, *json, &mut out))
        }
        Command::Bookmarks { action, json } => match load_or_report(global) {
            Ok(c) => bookmarks(&c, global, action.as_ref(), *json, &mut out),
            Err(code) => Ok(code),
        },
        Command::Tour { id, json } => match load_or_report(global) {
            Ok(c) => tour(&c, id.as_deref(), *json, &mut out),
            Err(code) => Ok(code),
        },
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
    match load_or_report(global) {
        Ok(c) => f(&c).map(|()| 0),
        Err(code) => Ok(code),
    }
}

fn check(dir: Option<&PathBuf>, max_file_mb: Option<u64>, json: bool) -> i32 {
    let source = match open_source(dir, max_file_mb) {
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
                for w in group_warnings(&c.warnings) {
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
    pub suggested_entities: usize,
    pub suggested_events: usize,
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
            suggested_entities: c.entities.iter().filter(|e| e.suggested).count(),
            suggested_events: c.events.iter().filter(|e| e.suggested).count(),
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
             {suggestions}\
             \x20 warnings   {warnings}\n\
             ok\n",
            suggestions = if self.suggested_entities + self.suggested_events > 0 {
                format!(
                    "  suggested  {} of {} entities and {} of {} events await review\n",
                    self.suggested_entities, self.entities, self.suggested_events, self.events
                )
            } else {
                String::new()
            },
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
            "suggested_entities": self.suggested_entities,
            "suggested_events": self.suggested_events,
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

fn search(c: &Corpus, query: &str, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    let query = crate::sanitize::clean_line(query);
    let hits = crate::search::search(c, &query, false);
    if json {
        let v: Vec<_> = hits
            .iter()
            .map(|h| {
                let p = &c.articles[h.loc.article].passages[h.loc.passage];
                json!({"article": c.articles[h.loc.article].id, "passage": h.loc.passage + 1,
                       "start": h.range.start, "end": h.range.end,
                       "match": &p.text[h.range.clone()],
                       "snippet": crate::ui::overlay::snippet(&p.text, h.range.clone(), 100)})
            })
            .collect();
        return writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({"query": query, "hits": v})).unwrap_or_default()
        );
    }
    let mut last = usize::MAX;
    for h in &hits {
        if h.loc.article != last {
            last = h.loc.article;
            writeln!(out, "{} ({})", c.articles[last].title, c.articles[last].id)?;
        }
        let p = &c.articles[h.loc.article].passages[h.loc.passage];
        writeln!(
            out,
            "  §{:<3} {}",
            h.loc.passage + 1,
            crate::ui::overlay::snippet(&p.text, h.range.clone(), 90)
        )?;
    }
    writeln!(
        out,
        "{}",
        crate::reader::search_summary(&hits, c.articles.len())
    )
}

fn tour(c: &Corpus, id: Option<&str>, json: bool, out: &mut impl Write) -> std::io::Result<i32> {
    let Some(id) = id else {
        for t in &c.tours {
            writeln!(out, "{:<16} {} ({} steps)", t.id, t.title, t.steps.len())?;
        }
        return Ok(0);
    };
    let Some(t) = c.tours.iter().find(|t| t.id == id) else {
        let ids: Vec<&str> = c.tours.iter().map(|t| t.id.as_str()).collect();
        eprintln!(
            "error: no tour \"{}\"; the tours are: {}",
            crate::sanitize::clean_line(id),
            ids.join(", ")
        );
        return Ok(1);
    };
    if json {
        let steps: Vec<_> = t
            .steps
            .iter()
            .map(|s| {
                json!({"article": c.articles[s.loc.article].id, "passage": s.loc.passage + 1,
                       "text": c.articles[s.loc.article].passages[s.loc.passage].text,
                       "commentary": s.commentary,
                       "entity": s.entity.map(|e| &c.entities[e].id),
                       "event": s.event.map(|e| &c.events[e].id)})
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(
                &json!({"id": t.id, "title": t.title, "intro": t.intro, "steps": steps})
            )
            .unwrap_or_default()
        )?;
        return Ok(0);
    }
    writeln!(out, "{}\n\n{}\n", t.title, t.intro)?;
    for (i, s) in t.steps.iter().enumerate() {
        let a = &c.articles[s.loc.article];
        writeln!(
            out,
            "Step {}/{} · {} §{}",
            i + 1,
            t.steps.len(),
            a.title,
            s.loc.passage + 1
        )?;
        for line in a.passages[s.loc.passage].text.lines() {
            writeln!(out, "  > {line}")?;
        }
        writeln!(out, "  {}\n", s.commentary)?;
    }
    Ok(0)
}

fn bookmarks(
    c: &Corpus,
    global: &GlobalOpts,
    action: Option<&BookmarksCommand>,
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<i32> {
    use crate::store::{self, Store};
    let (store, warning) = match Store::open(global.data_dir.as_deref(), &c.id) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    if let Some(w) = warning {
        eprintln!("lectern: {w}");
    }
    let mut list = store.resolve_all(c);
    crate::reader::reading_order(&mut list);
    match action {
        Some(BookmarksCommand::Export {
            format: ExportFormat::Markdown,
        }) => {
            write!(out, "{}", store::export_markdown(c, store.bookmarks()))?;
        }
        Some(BookmarksCommand::Export {
            format: ExportFormat::Json,
        }) => {
            let v = store::export_json(c, store.bookmarks());
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        None if json => {
            let v: Vec<_> = list
                .iter()
                .map(|(b, res)| {
                    json!({"id": b.id, "article": b.article, "passage": res.loc().map(|l| l.passage + 1),
                           "orphaned": res.loc().is_none(), "note": b.note, "created": b.created,
                           "quote": b.anchor.exact})
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )?;
        }
        None => {
            if list.is_empty() {
                writeln!(out, "no bookmarks (kept in {})", store.path().display())?;
            }
            for (b, res) in &list {
                let place = match res.loc() {
                    Some(l) => format!("{} §{}", c.articles[l.article].id, l.passage + 1),
                    None => format!("{} (orphaned)", b.article),
                };
                let quote = crate::ui::truncate(&b.anchor.exact.replace('\n', " "), 60);
                writeln!(
                    out,
                    "{}  {place}  {quote}",
                    b.created.get(..10).unwrap_or("")
                )?;
                if !b.note.is_empty() {
                    writeln!(out, "            note: {}", b.note)?;
                }
            }
        }
    }
    Ok(0)
}
