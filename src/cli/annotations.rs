//! `lectern annotations`: highlights exported as Markdown, an Obsidian
//! folder or CSV, highlights and bookmarks as W3C Web Annotations and
//! imported back from them, and `--at`, the way back from an export into
//! the reader.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use super::emit::{Failure, Report};
use crate::corpus::{Corpus, PassageLoc};
use crate::store::highlight::{self, Highlight, Placement};
use crate::store::{Bookmark, Colour, Resolution, Store, anchor::Anchor};

/// Largest file `import` reads.
const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Markdown,
    /// A folder of notes: one per article and per entity, with wikilinks.
    Obsidian,
    Json,
    Csv,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Outcome {
    /// The export's text (under `--json`, a JSON string), or where it went.
    Text(String),
    Json(Value),
    Imported(Imported),
}

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Imported {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
    /// Bookmarks, by how they attached.
    pub bookmarks: Attached,
    /// Already in the store (the same id), left as they are.
    pub already: usize,
    /// Records without a quote, or whose id was deleted here.
    pub skipped: usize,
}

/// How many of the imported bookmarks attached, and how.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Attached {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}

impl Report for Outcome {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Outcome::Text(s) => write!(out, "{s}"),
            Outcome::Json(v) => {
                let s = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
                writeln!(out, "{s}")
            }
            Outcome::Imported(i) => {
                let b = &i.bookmarks;
                writeln!(
                    out,
                    "imported {} highlights: {} exact, {} moved, {} fuzzy, {} orphaned; \
                     {} bookmarks: {} exact, {} moved, {} fuzzy, {} orphaned; \
                     {} already there, {} skipped",
                    i.exact + i.moved + i.fuzzy + i.orphaned,
                    i.exact,
                    i.moved,
                    i.fuzzy,
                    i.orphaned,
                    b.exact + b.moved + b.fuzzy + b.orphaned,
                    b.exact,
                    b.moved,
                    b.fuzzy,
                    b.orphaned,
                    i.already,
                    i.skipped
                )
            }
        }
    }
}

fn open(c: &Corpus, data_dir: Option<&Path>) -> Result<Store, Failure> {
    let (store, warning) =
        Store::open(data_dir, &c.id).map_err(|e| Failure::message(1, e.to_string()))?;
    if let Some(w) = warning {
        let _ = writeln!(io::stderr(), "lectern: {w}");
    }
    Ok(store)
}

/// The highlights with their placement, in reading order, orphans last.
fn placed(c: &Corpus, store: &Store) -> Vec<(Highlight, Placement)> {
    let mut v = store.place_all(c);
    v.sort_by(|(a, pa), (b, pb)| match (pa.span(), pb.span()) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.created.cmp(&b.created)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.created.cmp(&b.created),
    });
    v
}

/// The command that reopens the reader at a highlight or bookmark.
fn way_back(id: &str) -> String {
    format!("lectern --at {id}")
}

/// The ways back in an export made from a pack given with `--content`:
/// without the pack named, `lectern --at ID` would open the embedded
/// corpus, which does not hold the annotation. `quote` escapes the
/// inserted words for the format they land in.
fn retarget(text: &str, content: Option<&Path>, quote: impl Fn(&str) -> String) -> String {
    let Some(dir) = content else {
        return text.to_owned();
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let words = format!(
        "lectern --content {} --at ",
        shell_word(&dir.to_string_lossy())
    );
    text.replace("lectern --at ", &quote(&words))
}

/// [`retarget`] for the `lectern:open` of each Web Annotation record.
pub(crate) fn retarget_json(v: &mut Value, content: Option<&Path>) {
    for r in v.as_array_mut().into_iter().flatten() {
        if let Some(Value::String(open)) = r.get_mut("lectern:open") {
            *open = retarget(open, content, |s| s.to_owned());
        }
    }
}

/// A word the shell reads back as it is: quoted when it holds more than
/// letters, digits and `/._-`.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub fn export(
    c: &Corpus,
    data_dir: Option<&Path>,
    content: Option<&Path>,
    format: Format,
    out: Option<&PathBuf>,
) -> Result<Outcome, Failure> {
    let store = open(c, data_dir)?;
    let same = |s: &str| s.to_owned();
    let text = match format {
        Format::Obsidian => {
            let dir = out.ok_or_else(|| {
                Failure::message(
                    2,
                    "--format obsidian writes a folder: give it with --out DIR",
                )
            })?;
            let n = write_notes(obsidian_notes(c, &store), dir, |t| {
                retarget(t, content, same)
            })
            .map_err(|e| Failure::message(1, e))?;
            return Ok(Outcome::Text(format!(
                "wrote {n} notes to {}\n",
                dir.display()
            )));
        }
        Format::Markdown => retarget(&markdown(c, &store), content, same),
        Format::Csv => retarget(&csv(c, &store), content, |w| w.replace('"', "\"\"")),
        Format::Json => {
            let mut v = web_annotations(c, &store);
            retarget_json(&mut v, content);
            if out.is_none() {
                return Ok(Outcome::Json(v));
            }
            let mut s =
                serde_json::to_string_pretty(&v).map_err(|e| Failure::message(1, e.to_string()))?;
            s.push('\n');
            s
        }
    };
    match out {
        None => Ok(Outcome::Text(text)),
        Some(path) => {
            std::fs::write(path, text).map_err(|e| {
                Failure::message(1, format!("cannot write {}: {e}", path.display()))
            })?;
            Ok(Outcome::Text(format!("wrote {}\n", path.display())))
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One Markdown file: highlights grouped by article in reading order, each
/// quoted with its note, tags and the command back; orphans last.
pub fn markdown(c: &Corpus, store: &Store) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Annotations: {}", one_line(&c.title));
    let list = placed(c, store);
    if list.is_empty() {
        out.push_str("\nNo highlights.\n");
    }
    let mut group: Option<Option<crate::corpus::ArticleIdx>> = None;
    for (h, p) in &list {
        let article = p.span().map(|s| s.article);
        if group != Some(article) {
            group = Some(article);
            match article {
                Some(a) => {
                    let _ = write!(out, "\n## {}\n", one_line(&c.articles[a].title));
                }
                None => out.push_str("\n## Orphaned highlights\n"),
            }
        }
        out.push('\n');
        for line in h.quote.exact.lines() {
            let _ = writeln!(out, "> {}", line.trim_end());
        }
        if !h.note.is_empty() {
            let _ = write!(out, "\n{}\n", one_line(&h.note));
        }
        if !h.tags.is_empty() {
            let tags: Vec<String> = h.tags.iter().map(|t| format!("#{t}")).collect();
            let _ = write!(out, "\n{}\n", tags.join(" "));
        }
        let _ = write!(
            out,
            "\n{} · {} · `{}`\n",
            h.colour.name(),
            h.created.get(..10).unwrap_or(""),
            way_back(&h.id)
        );
    }
    out
}

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be a formula to a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One row per highlight: id, article, passage, colour, tags, quote, note,
/// created, status, the command back.
pub fn csv(c: &Corpus, store: &Store) -> String {
    let mut out =
        String::from("id,article,passage,colour,tags,quote,note,created,placement,open\r\n");
    for (h, p) in placed(c, store) {
        let passage = p
            .span()
            .and_then(|s| s.first_loc(c))
            .map_or(String::new(), |l| (l.passage + 1).to_string());
        let row = [
            h.id.clone(),
            h.article.clone(),
            passage,
            h.colour.name().to_owned(),
            h.tags.join(" "),
            one_line(&h.quote.exact),
            h.note.clone(),
            h.created.clone(),
            p.kind().to_owned(),
            way_back(&h.id),
        ];
        let cells: Vec<String> = row.iter().map(|s| csv_field(s)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The highlights and bookmarks as W3C Web Annotations, together in
/// reading order, orphans last: the stored selectors as they are (the
/// export is a projection of the store), notes and tags as bodies.
///
/// A bookmark is an annotation of its passage with the motivation
/// `bookmarking`: its stored quote as the `TextQuoteSelector`, the passage
/// as the `TextPositionSelector` while the passage it was made on still
/// holds that quote, and `lectern:passage`, the passage index it keeps.
pub fn web_annotations(c: &Corpus, store: &Store) -> Value {
    // Reading order: article, then code point; orphans after, oldest first.
    let mut records: Vec<(Option<Place>, String, Value)> = placed(c, store)
        .into_iter()
        .map(|(h, p)| {
            let key = p.span().map(|s| (s.article.index(), s.start));
            (key, h.created.clone(), highlight_record(c, &h, &p))
        })
        .collect();
    for (b, r) in store.resolve_all(c) {
        let key = r.loc().and_then(|l| {
            let art = c.article(l.article)?;
            Some((l.article.index(), highlight::passage_start(art, l.passage)))
        });
        records.push((
            key,
            b.created.clone(),
            crate::store::bookmark_record(c, &b, &r),
        ));
    }
    records.sort_by(|(ka, ca, _), (kb, cb, _)| match (ka, kb) {
        (Some(x), Some(y)) => x.cmp(y).then_with(|| ca.cmp(cb)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => ca.cmp(cb),
    });
    Value::Array(records.into_iter().map(|(_, _, v)| v).collect())
}

/// Where a record is in reading order: article index, code point.
type Place = (usize, usize);

fn quote_selector(a: &Anchor) -> Value {
    json!({"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix})
}

fn highlight_record(c: &Corpus, h: &Highlight, p: &Placement) -> Value {
    let mut body = Vec::new();
    if !h.note.is_empty() {
        body.push(json!({"type": "TextualBody", "value": h.note, "purpose": "commenting", "format": "text/plain"}));
    }
    for t in &h.tags {
        body.push(json!({"type": "TextualBody", "value": t, "purpose": "tagging"}));
    }
    let mut r = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:lectern:highlight:{}", h.id),
        "type": "Annotation",
        "motivation": if h.note.is_empty() { "highlighting" } else { "commenting" },
        "created": h.created,
        "modified": h.updated,
        "body": body,
        "target": {
            "source": format!("lectern:{}/{}", c.id, h.article),
            "selector": [
                quote_selector(&h.quote),
                {"type": "TextPositionSelector", "start": h.start, "end": h.end},
            ],
        },
        "lectern:colour": h.colour.name(),
        "lectern:open": way_back(&h.id),
    });
    if p.span().is_none() {
        r["lectern:orphaned"] = json!(true);
    }
    r
}

/// Reads Web Annotation JSON (an array, a single record, or an object with
/// `rows` or `items` as the Hypothesis API returns) and adds the highlights
/// and bookmarks it holds to the store, placed against the corpus.
pub fn import(c: &Corpus, data_dir: Option<&Path>, file: &Path) -> Result<Outcome, Failure> {
    let bad = |m: String| Failure::message(1, format!("{}: {m}", file.display()));
    let meta = std::fs::metadata(file).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() || meta.len() > MAX_IMPORT_BYTES {
        return Err(bad("not a regular file of at most 64 MiB".into()));
    }
    let bytes = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| bad(format!("{}:{}: {e}", e.line(), e.column())))?;
    let records: Vec<&Value> = match &value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => match o.get("rows").or_else(|| o.get("items")) {
            Some(Value::Array(a)) => a.iter().collect(),
            _ => vec![&value],
        },
        _ => return Err(bad("expected Web Annotation records".into())),
    };
    let mut store = open(c, data_dir)?;
    let mut report = Imported::default();
    for (i, rec) in records.into_iter().enumerate() {
        match record_to_annotation(c, rec, i) {
            None => report.skipped += 1,
            Some(Record::Highlight(h)) => import_highlight(c, &mut store, h, &mut report),
            Some(Record::Bookmark(b)) => {
                if store.get(&b.id).is_some() {
                    report.already += 1;
                    continue;
                }
                let r = crate::store::reanchor(c, &b);
                if store.import_bookmark(b) {
                    let n = &mut report.bookmarks;
                    match r {
                        Resolution::Exact(_) => n.exact += 1,
                        Resolution::Moved(_) => n.moved += 1,
                        Resolution::Fuzzy(..) => n.fuzzy += 1,
                        Resolution::Orphaned => n.orphaned += 1,
                    }
                } else {
                    report.skipped += 1;
                }
            }
        }
    }
    store
        .save()
        .map_err(|e| Failure::message(1, e.to_string()))?;
    Ok(Outcome::Imported(report))
}

fn import_highlight(c: &Corpus, store: &mut Store, mut h: Highlight, report: &mut Imported) {
    if store.highlight(&h.id).is_some() {
        report.already += 1;
        return;
    }
    let placed = highlight::place(c, &h);
    // A record without a position selector takes the place found.
    if h.start == h.end
        && let Some(s) = placed.span()
    {
        (h.start, h.end) = (s.start, s.end);
    }
    if !store.import_highlight(h) {
        report.skipped += 1;
        return;
    }
    match placed {
        Placement::Exact(_) => report.exact += 1,
        Placement::Moved(_) => report.moved += 1,
        Placement::Fuzzy(..) => report.fuzzy += 1,
        Placement::Orphaned => report.orphaned += 1,
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// What one record holds.
enum Record {
    Highlight(Highlight),
    Bookmark(Bookmark),
}

/// A highlight or a bookmark from one record, or `None` when it is neither:
/// a record with the motivation `bookmarking` (or a Lectern bookmark id) is
/// a bookmark, any other with a quote a highlight.
fn record_to_annotation(c: &Corpus, rec: &Value, n: usize) -> Option<Record> {
    let id = str_of(rec, "id").unwrap_or("");
    let is_bookmark = id.starts_with("urn:lectern:bookmark:")
        || match rec.get("motivation") {
            Some(Value::Array(m)) => m.iter().any(|m| m.as_str() == Some("bookmarking")),
            m => m.and_then(Value::as_str) == Some("bookmarking"),
        };
    let targets: Vec<&Value> = match rec.get("target")? {
        Value::Array(a) => a.iter().collect(),
        t => vec![t],
    };
    let mut quote = None;
    let mut position = None;
    let mut source = None;
    for t in targets {
        source = source.or(str_of(t, "source"));
        let selectors: Vec<&Value> = match t.get("selector") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(s) => vec![s],
            None => Vec::new(),
        };
        for s in selectors {
            match str_of(s, "type") {
                Some("TextQuoteSelector") => {
                    quote = Some(Anchor {
                        exact: str_of(s, "exact")?.to_owned(),
                        prefix: str_of(s, "prefix").unwrap_or("").to_owned(),
                        suffix: str_of(s, "suffix").unwrap_or("").to_owned(),
                    })
                }
                Some("TextPositionSelector") => {
                    let n = |k| s.get(k).and_then(Value::as_u64).map(|v| v as usize);
                    position = n("start").zip(n("end"));
                }
                _ => {}
            }
        }
    }
    let mut quote = quote?;
    for s in [&mut quote.exact, &mut quote.prefix, &mut quote.suffix] {
        crate::sanitize::clean_in_place(s);
    }
    if quote.exact.trim().is_empty() {
        return None;
    }
    // A Lectern source names the article; another tool's does not, so the
    // article holding the quote is looked for.
    let prefix = format!("lectern:{}/", c.id);
    let article = match source.and_then(|s| s.strip_prefix(&prefix)) {
        Some(a) => crate::sanitize::clean_line(a),
        None => c
            .articles
            .iter()
            .find(|a| highlight::article_text(a).contains(&quote.exact))
            .map(|a| a.id.clone())
            .unwrap_or_default(),
    };
    let (mut note, mut tags) = (String::new(), Vec::new());
    let bodies: Vec<&Value> = match rec.get("body") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(b) => vec![b],
        None => Vec::new(),
    };
    for b in bodies {
        let value = str_of(b, "value").unwrap_or("");
        match str_of(b, "purpose") {
            Some("tagging") => tags.push(value.to_owned()),
            _ if note.is_empty() => note = value.to_owned(),
            _ => {}
        }
    }
    // Hypothesis keeps the note in `text` and the tags in `tags`.
    if note.is_empty() {
        note = str_of(rec, "text").unwrap_or("").to_owned();
    }
    if let Some(Value::Array(t)) = rec.get("tags") {
        tags.extend(t.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    let created = crate::sanitize::clean_line(str_of(rec, "created").unwrap_or(""));
    let updated = crate::sanitize::clean_line(
        str_of(rec, "modified")
            .or(str_of(rec, "updated"))
            .unwrap_or(&created),
    );
    let note = crate::sanitize::clean_line(&note);
    let own_id = |kind: &str| {
        let id = id
            .strip_prefix(&format!("urn:lectern:{kind}:"))
            .map(str::to_owned)
            .unwrap_or_else(|| format!("import-{}-{n}", crate::store::time::new_id()));
        crate::sanitize::clean_line(&id)
    };
    if is_bookmark {
        // The passage it was made on: kept by Lectern's own export, else
        // where the position selector points, else found by the quote.
        let passage = rec
            .get("lectern:passage")
            .and_then(Value::as_u64)
            .map(|p| p as usize)
            .or_else(|| {
                let (start, _) = position?;
                let art = c.article(c.article_index(&article)?)?;
                Some(highlight::passage_at(art, start).passage)
            })
            .unwrap_or(0);
        return Some(Record::Bookmark(Bookmark {
            id: own_id("bookmark"),
            article,
            passage,
            anchor: quote,
            note,
            created,
            updated,
        }));
    }
    let tags = highlight::parse_tags(&tags.join(" "));
    let (start, end) = position.unwrap_or((0, 0));
    Some(Record::Highlight(Highlight {
        id: own_id("highlight"),
        article,
        quote,
        start,
        end,
        colour: rec
            .get("lectern:colour")
            .and_then(Value::as_str)
            .and_then(Colour::from_name)
            .unwrap_or_default(),
        tags,
        note,
        updated,
        created,
    }))
}

/// Where `--at` opens the reader: `ARTICLE:PASSAGE` (1-based, as exports
/// number passages) or the id of a highlight or bookmark.
pub fn resolve_at(c: &Corpus, store: Option<&Store>, spec: &str) -> Result<PassageLoc, String> {
    if let Some((article, passage)) = spec.rsplit_once(':')
        && let Ok(n) = passage.parse::<usize>()
    {
        let a = c
            .article_index(article)
            .ok_or_else(|| format!("--at {spec}: no article {article:?}"))?;
        let count = c.articles[a].passages.len();
        if n == 0 || n > count {
            return Err(format!(
                "--at {spec}: article {article:?} has passages 1 to {count}"
            ));
        }
        return Ok(PassageLoc {
            article: a,
            passage: n - 1,
        });
    }
    let store = store.ok_or_else(|| format!("--at {spec}: no annotations are kept"))?;
    if let Some(h) = store.highlight(spec) {
        return store
            .place(c, h)
            .span()
            .and_then(|s| s.first_loc(c))
            .ok_or_else(|| format!("--at {spec}: the highlight's words are no longer found"));
    }
    if let Some(b) = store.get(spec) {
        return store
            .resolve(c, b)
            .loc()
            .ok_or_else(|| format!("--at {spec}: the bookmark's passage is no longer found"));
    }
    Err(format!(
        "--at {spec}: no such annotation (expected ARTICLE:PASSAGE or an annotation id)"
    ))
}

/// A file name for a note titled `title`: no path separators, no characters
/// Obsidian or a file system refuses, no control characters, no leading
/// dot, at most 100 characters; never empty.
pub fn note_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control()
                || crate::sanitize::is_unsafe(c)
                || matches!(
                    c,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '^' | '[' | ']'
                )
            {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut name = one_line(&cleaned)
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .chars()
        .take(100)
        .collect::<String>()
        .trim_end()
        .to_owned();
    if name.is_empty() {
        name = "Untitled".into();
    }
    // Names Windows keeps for devices.
    let upper = name.to_ascii_uppercase();
    let stem = upper.split('.').next().unwrap_or("");
    if matches!(stem, "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit())
    {
        name.push('_');
    }
    name
}

/// Gives each title a distinct note name, in order: a repeat gets " 2", " 3".
fn distinct_names(titles: &[String], taken: &mut Vec<String>) -> Vec<String> {
    titles
        .iter()
        .map(|t| {
            let base = note_name(t);
            let mut name = base.clone();
            let mut n = 2;
            while taken.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                name = format!("{base} {n}");
                n += 1;
            }
            taken.push(name.clone());
            name
        })
        .collect()
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(&one_line(s)).unwrap_or_else(|_| "\"\"".into())
}

/// The Obsidian vault notes: `(file name, contents)`, one per article with
/// highlights, one per entity they mention, and one for orphans if any.
pub fn obsidian_notes(c: &Corpus, store: &Store) -> Vec<(String, String)> {
    let list = placed(c, store);
    let mut articles: Vec<crate::corpus::ArticleIdx> = Vec::new();
    let mut entities: Vec<crate::corpus::EntityIdx> = Vec::new();
    let mut mentions: Vec<Vec<crate::corpus::EntityIdx>> = Vec::new();
    for (_, p) in &list {
        let mut here = Vec::new();
        if let Some(s) = p.span() {
            if !articles.contains(&s.article) {
                articles.push(s.article);
            }
            let art = &c.articles[s.article];
            for (pi, range) in s.passage_ranges(art) {
                for m in &art.passages[pi].mentions {
                    if m.range.start < range.end
                        && range.start < m.range.end
                        && !here.contains(&m.entity)
                    {
                        here.push(m.entity);
                    }
                }
            }
        }
        for &e in &here {
            if !entities.contains(&e) {
                entities.push(e);
            }
        }
        mentions.push(here);
    }
    let mut taken = Vec::new();
    let art_titles: Vec<String> = articles
        .iter()
        .map(|&a| c.articles[a].title.clone())
        .collect();
    let art_names = distinct_names(&art_titles, &mut taken);
    let ent_titles: Vec<String> = entities
        .iter()
        .map(|&e| c.entities[e].name.clone())
        .collect();
    let ent_names = distinct_names(&ent_titles, &mut taken);
    let orphan_name = distinct_names(&["Orphaned highlights".to_owned()], &mut taken).remove(0);
    let art_name = |a| art_names[articles.iter().position(|&x| x == a).unwrap_or(0)].clone();
    let ent_name = |e| ent_names[entities.iter().position(|&x| x == e).unwrap_or(0)].clone();

    let quote_block = |out: &mut String, h: &Highlight, ents: &[crate::corpus::EntityIdx]| {
        out.push('\n');
        for line in h.quote.exact.lines() {
            let _ = writeln!(out, "> {}", line.trim_end());
        }
        if !h.note.is_empty() {
            let _ = write!(out, "\n{}\n", one_line(&h.note));
        }
        if !ents.is_empty() {
            let links: Vec<String> = ents
                .iter()
                .map(|&e| format!("[[{}]]", ent_name(e)))
                .collect();
            let _ = write!(out, "\nMentions: {}\n", links.join(", "));
        }
        let tags: Vec<String> = h.tags.iter().map(|t| format!("#{t}")).collect();
        let _ = write!(
            out,
            "\n{}{}`{}`\n",
            tags.join(" "),
            if tags.is_empty() { "" } else { " · " },
            way_back(&h.id)
        );
    };

    let mut notes = Vec::new();
    for (k, &a) in articles.iter().enumerate() {
        let art = &c.articles[a];
        let mut tags: Vec<&str> = Vec::new();
        for (h, p) in &list {
            if p.span().map(|s| s.article) == Some(a) {
                for t in &h.tags {
                    if !tags.contains(&t.as_str()) {
                        tags.push(t);
                    }
                }
            }
        }
        let mut out = format!(
            "---\ntitle: {}\nsource: {}\ndate: {}\ntags: [{}]\n---\n\n# {}\n",
            yaml_str(&art.title),
            yaml_str(&art.source),
            yaml_str(&art.date),
            tags.iter()
                .map(|t| yaml_str(t))
                .collect::<Vec<_>>()
                .join(", "),
            one_line(&art.title),
        );
        for (i, (h, p)) in list.iter().enumerate() {
            if p.span().map(|s| s.article) == Some(a) {
                quote_block(&mut out, h, &mentions[i]);
            }
        }
        notes.push((format!("{}.md", art_names[k]), out));
    }
    for (k, &e) in entities.iter().enumerate() {
        let ent = &c.entities[e];
        let mut out = format!(
            "# {}\n\n{}\n\n## Highlights\n",
            one_line(&ent.name),
            ent.kind.label()
        );
        for (i, (h, p)) in list.iter().enumerate() {
            if mentions[i].contains(&e)
                && let Some(s) = p.span()
            {
                let _ = write!(
                    out,
                    "\n- [[{}]]: “{}”\n",
                    art_name(s.article),
                    one_line(&h.quote.exact)
                );
            }
        }
        notes.push((format!("{}.md", ent_names[k]), out));
    }
    let orphans: Vec<&Highlight> = list
        .iter()
        .filter(|(_, p)| p.span().is_none())
        .map(|(h, _)| h)
        .collect();
    if !orphans.is_empty() {
        let mut out =
            "# Orphaned highlights\n\nTheir words are no longer found in the text.\n".to_owned();
        for h in orphans {
            quote_block(&mut out, h, &[]);
        }
        notes.push((format!("{orphan_name}.md"), out));
    }
    notes
}

/// Writes the Obsidian notes into the folder `out`, creating it; every file
/// is a plain name inside it.
pub fn write_obsidian(c: &Corpus, store: &Store, out: &Path) -> Result<usize, String> {
    write_notes(obsidian_notes(c, store), out, str::to_owned)
}

fn write_notes(
    notes: Vec<(String, String)>,
    out: &Path,
    finish: impl Fn(&str) -> String,
) -> Result<usize, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (name, text) in &notes {
        let mut parts = Path::new(name).components();
        let plain =
            matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none();
        if !plain {
            return Err(format!("refusing the note name {name:?}"));
        }
        let path = out.join(name);
        std::fs::write(&path, finish(text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(notes.len())
}
