//! `lectern import`: plain text, Markdown, web pages and EPUB books turned
//! into a content pack, with suggested entities and dated events.
//!
//! Each input format has its own reader producing [`doc::Doc`]s; the pack
//! writer numbers them into articles; `names`, `dates` and `events` suggest
//! what the reader links and puts on the timeline; `update` carries over
//! what a person curated when a pack is imported again.

pub mod command;
pub mod dates;
pub mod doc;
pub mod encoding;
pub mod epub;
pub mod events;
pub mod gazetteer;
pub mod html;
pub mod markdown;
pub mod names;
pub mod pack;
pub mod quote;
pub mod text;
pub mod update;
pub mod walk;

use std::collections::HashSet;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::corpus::types::EntitySpec;
use crate::text::count;
use doc::Doc;
use pack::Article;
use walk::{Format, Input, Skipped};

/// Largest single input file read (an EPUB's own limits are inside it).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub sources: Vec<PathBuf>,
    pub out: PathBuf,
    pub id: Option<String>,
    pub title: Option<String>,
    pub update: bool,
    pub quiet: bool,
}

/// What an import did, for the summary.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub passages: usize,
    pub entities: usize,
    pub events: usize,
    pub kept_entities: usize,
    pub kept_events: usize,
    pub skipped: Vec<Skipped>,
    /// Files that could not be read, each naming the file.
    pub errors: Vec<String>,
    /// Encodings other than UTF-8 that were used, by file.
    pub notes: Vec<String>,
    /// Quotes of kept items that no longer occur exactly once.
    pub unresolved: Vec<String>,
}

impl Report {
    pub fn text(&self, out: &Path) -> String {
        let mut s = format!(
            "wrote {}: {}, {}; suggested {} and {}",
            out.display(),
            count(self.articles, "article", "articles"),
            count(self.passages, "passage", "passages"),
            count(self.entities, "entity", "entities"),
            count(self.events, "event", "events"),
        );
        if self.kept_entities + self.kept_events > 0 {
            s.push_str(&format!(
                "; kept {} curated entities and {} curated events",
                self.kept_entities, self.kept_events
            ));
        }
        s.push('\n');
        for n in &self.notes {
            s.push_str(&format!("  note: {n}\n"));
        }
        for k in &self.skipped {
            s.push_str(&format!("  skipped {}: {}\n", k.path.display(), k.reason));
        }
        for e in &self.errors {
            s.push_str(&format!("  error: {e}\n"));
        }
        for u in &self.unresolved {
            s.push_str(&format!("  unresolved: {u}\n"));
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads one input into its documents (a book gives one per chapter).
/// What one input gave.
pub struct ReadInput {
    pub docs: Vec<Doc>,
    /// The encoding used, when it was not UTF-8.
    pub note: Option<String>,
    /// Parts of the input that were left out, and why.
    pub problems: Vec<String>,
}

pub fn read_input(input: &Input) -> Result<ReadInput, String> {
    let name = input.path.display();
    let file = std::fs::File::open(&input.path).map_err(|e| format!("{name}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{name}: larger than the limit of {} MiB per input file",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    let stem = input
        .path
        .file_stem()
        .map(|s| doc::clean_field(&s.to_string_lossy()))
        .unwrap_or_default();
    let url = file_url(&input.path);
    let mut d = Doc {
        key: input.key.clone(),
        title: stem,
        url: url.clone(),
        ..Doc::default()
    };
    let mut note = None;
    match input.format {
        Format::Text | Format::Markdown => {
            if encoding::looks_binary(&bytes) {
                return Err(format!("{name}: a binary file, not text"));
            }
            let decoded = encoding::decode(&bytes, None);
            if decoded.encoding != "UTF-8" {
                note = Some(format!("{name}: read as {}", decoded.encoding));
            }
            if input.format == Format::Text {
                text::read(&decoded.text, &mut d);
            } else {
                markdown::read(&decoded.text, &mut d);
            }
        }
        Format::Html => {
            if encoding::looks_binary(&bytes) {
                return Err(format!("{name}: a binary file, not a web page"));
            }
            let enc = html::read(&bytes, &mut d).map_err(|e| format!("{name}: {e}"))?;
            if enc != "UTF-8" {
                note = Some(format!("{name}: read as {enc}"));
            }
        }
        Format::Epub => {
            let (mut docs, problems) =
                epub::read(&bytes, &input.key).map_err(|e| format!("{name}: {e}"))?;
            for d in &mut docs {
                d.url.clone_from(&url);
            }
            let problems = problems
                .into_iter()
                .map(|p| format!("{name}: {p}"))
                .collect();
            return Ok(ReadInput {
                docs,
                note: None,
                problems,
            });
        }
    }
    if d.source.is_empty() {
        d.source = format!("File {}", input.key);
    }
    Ok(ReadInput {
        docs: vec![d],
        note,
        problems: Vec::new(),
    })
}

/// The `file:` URL of a file given to import, its path made absolute and
/// percent-encoded; `None` when it cannot be made one a pack may hold.
fn file_url(path: &std::path::Path) -> Option<String> {
    let abs = std::fs::canonicalize(path).ok()?;
    let mut url = String::from("file://");
    for b in abs.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    crate::corpus::types::url_problem(&url)
        .is_none()
        .then_some(url)
}

/// Runs an import end to end and writes the pack.
pub fn run(opts: &Options) -> Result<Report, String> {
    let (inputs, skipped) = walk::collect(&opts.sources)?;
    let existing = if opts.update {
        Some(update::Existing::read(&opts.out)?)
    } else {
        if opts.out.exists() {
            return Err(format!(
                "{}: already exists; give --update to re-import into it, or choose another --out",
                opts.out.display()
            ));
        }
        None
    };
    let mut report = Report {
        skipped,
        ..Report::default()
    };
    let bar = progress(opts, inputs.len());
    let mut docs = Vec::new();
    for input in &inputs {
        if let Some(b) = &bar {
            b.set_message(input.key.clone());
        }
        match read_input(input) {
            Ok(ReadInput {
                docs: ds,
                note,
                problems,
            }) => {
                report.errors.extend(problems);
                let before = docs.len();
                docs.extend(ds.into_iter().filter(Doc::has_text));
                if docs.len() == before {
                    report.skipped.push(Skipped {
                        path: input.path.clone(),
                        reason: "no text to read".into(),
                    });
                }
                report.notes.extend(note);
            }
            Err(e) => report.errors.push(e),
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if docs.is_empty() {
        let mut msg = "nothing to import: no file with text was found".to_owned();
        for e in &report.errors {
            msg.push_str(&format!("\n  error: {e}"));
        }
        for k in &report.skipped {
            msg.push_str(&format!("\n  skipped {}: {}", k.path.display(), k.reason));
        }
        return Err(msg);
    }
    let articles = number(docs, existing.as_ref());
    let curated = existing
        .as_ref()
        .map(update::Existing::curated)
        .unwrap_or_default();
    let entities = names::suggest(&articles, &curated.spellings, &curated.entity_ids);
    report.articles = articles.len();
    report.passages = articles.iter().map(|a| a.passages.len()).sum();
    report.entities = entities.len();
    let (id, title) = match &existing {
        Some(e) => (
            opts.id.clone().unwrap_or_else(|| e.corpus.id.clone()),
            opts.title.clone().unwrap_or_else(|| e.corpus.title.clone()),
        ),
        None => {
            let stem = opts
                .out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = opts.id.clone().unwrap_or_else(|| {
                let s = pack::slug(&stem);
                if s.is_empty() { "imported".into() } else { s }
            });
            (
                id,
                opts.title
                    .clone()
                    .unwrap_or_else(|| default_title(&articles, &stem)),
            )
        }
    };
    let (mut all_entities, mut all_events) = (Vec::new(), Vec::new());
    let keep = match &existing {
        Some(e) => e.merge(&articles, &mut all_entities, &mut all_events, &mut report),
        None => Vec::new(),
    };
    // Events name curated entities as well as suggested ones.
    let mut named: Vec<EntitySpec> = all_entities
        .iter()
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect();
    named.extend(entities.iter().cloned());
    let events = events::suggest(&articles, &named, &curated.event_ids);
    report.events = events.len();
    for e in &entities {
        all_entities.push(serde_json::to_value(e).map_err(|e| e.to_string())?);
    }
    for e in &events {
        all_events.push(serde_json::to_value(e).map_err(|e| e.to_string())?);
    }
    let description = format!(
        "Imported from {} file{} by lectern import; entities and events marked as suggestions were found in the text and await review.",
        inputs.len(),
        plural(inputs.len())
    );
    let p = pack::Pack {
        id,
        title,
        description,
        articles: &articles,
        entities: &all_entities,
        events: &all_events,
        keep,
    };
    pack::write(&p, &opts.out, existing.is_some())?;
    Ok(report)
}

fn default_title(articles: &[Article], stem: &str) -> String {
    if let Some(first) = articles.first()
        && !first.book.is_empty()
        && articles.iter().all(|a| a.book == first.book)
    {
        return first.book.clone();
    }
    match articles {
        [one] => one.title.clone(),
        _ if !stem.is_empty() => stem.to_owned(),
        _ => "Imported texts".to_owned(),
    }
}

/// Gives each document an article id: the one it had (by source key) when
/// re-importing, else a new one from its key.
fn number(docs: Vec<Doc>, existing: Option<&update::Existing>) -> Vec<Article> {
    let mut taken: HashSet<String> = HashSet::new();
    let known = existing.map(|e| &e.manifest.sources);
    if let Some(k) = known {
        taken.extend(k.values().cloned());
    }
    docs.into_iter()
        .map(|d| {
            let id = match known.and_then(|k| k.get(&d.key)) {
                Some(id) => id.clone(),
                None => {
                    let base = d
                        .key
                        .rsplit('/')
                        .next()
                        .unwrap_or(&d.key)
                        .rsplit_once('.')
                        .map_or(d.key.as_str(), |(stem, ext)| {
                            if ext.contains('#') {
                                d.key.as_str()
                            } else {
                                stem
                            }
                        });
                    let base = chapter_slug(&d.key).unwrap_or_else(|| pack::slug(base));
                    pack::unique_id(&base, &mut taken)
                }
            };
            Article::from_doc(id, d)
        })
        .collect()
}

/// `books/Moby.epub#OEBPS/ch01.xhtml` → `moby-ch01`.
fn chapter_slug(key: &str) -> Option<String> {
    let (book, chapter) = key.split_once('#')?;
    let book = book.rsplit('/').next().unwrap_or(book);
    let book = book.rsplit_once('.').map_or(book, |(s, _)| s);
    let ch = chapter.rsplit('/').next().unwrap_or(chapter);
    let ch = ch.rsplit_once('.').map_or(ch, |(s, _)| s);
    Some(pack::slug(&format!("{book} {ch}")))
}

fn progress(opts: &Options, n: usize) -> Option<indicatif::ProgressBar> {
    if opts.quiet || n < 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    Some(bar)
}
