//! Loading a pack: parse every file, check every reference, resolve every
//! quote, link mentions and build the indices, collecting all errors.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::de::DeserializeOwned;

use super::date::EdtfDate;
use super::error::{PackError, PackErrors, find_json_string, find_key_value, line_col};
use super::link::Linker;
use super::model::*;
use super::source::PackSource;
use super::types::*;
use crate::sanitize;

/// Most errors one load reports; the rest are counted. Locating an error
/// searches its file, so a pack with an error on every one of 10,000
/// entities would otherwise take long to report, and nobody reads that far.
pub const MAX_ERRORS: usize = 200;

/// Loads, validates and links a pack. Every error found is returned, not just
/// the first; warnings travel in `Corpus::warnings`.
pub fn load(source: &PackSource) -> Result<Corpus, PackErrors> {
    let mut cx = Cx {
        source,
        errors: Vec::new(),
        suppressed: 0,
        warnings: Vec::new(),
        unloaded: Unloaded::default(),
        article_index: HashMap::new(),
        quotes: HashMap::new(),
    };
    let corpus = cx.load_all();
    if cx.suppressed > 0 {
        cx.errors.push(PackError {
            file: source.display_path("corpus.json"),
            line: 1,
            column: 1,
            message: format!(
                "{} more errors not shown (at most {MAX_ERRORS} are reported at once)",
                cx.suppressed
            ),
        });
    }
    match corpus {
        Some(c) if cx.errors.is_empty() => Ok(c),
        _ => {
            if cx.errors.is_empty() {
                cx.errors.push(PackError {
                    file: source.display_path("corpus.json"),
                    line: 1,
                    column: 1,
                    message: "the pack could not be loaded".into(),
                });
            }
            Err(PackErrors(cx.errors))
        }
    }
}

/// A JSON file of the pack, kept as text so later errors can point into it.
struct JsonFile<T> {
    rel: String,
    src: String,
    value: T,
}

/// An article's printed text split into passages, before linking.
struct RawArticle {
    text: String,
    /// Byte range of each passage in `text`.
    ranges: Vec<Range<usize>>,
}

struct Cx<'a> {
    source: &'a PackSource,
    errors: Vec<PackError>,
    /// Errors found beyond [`MAX_ERRORS`], not located nor kept.
    suppressed: usize,
    warnings: Vec<String>,
    unloaded: Unloaded,
    /// Article id → index, once the articles are loaded.
    article_index: HashMap<String, usize>,
    /// Per article: where the quotes of events, disputes and tours occur
    /// (count, first offset), found in one pass over its text.
    quotes: HashMap<usize, HashMap<String, (usize, usize)>>,
}

/// What the pack declares but could not be loaded. Its own error has been
/// reported; references to it are not reported again as unknown.
#[derive(Default)]
struct Unloaded {
    articles: HashSet<String>,
    events: HashSet<String>,
    all_entities: bool,
    all_events: bool,
}

impl Cx<'_> {
    /// Whether the next error is one too many: then it is only counted.
    fn full(&mut self) -> bool {
        if self.errors.len() >= MAX_ERRORS {
            self.suppressed += 1;
            true
        } else {
            false
        }
    }

    /// Keeps an error, its text made safe for the terminal: messages quote
    /// the pack (ids, paths, and serde's own quotes of unknown fields and
    /// values), and the pack may hold control characters anywhere.
    fn push(&mut self, mut e: PackError) {
        if !self.full() {
            e.file = sanitize::clean(&e.file).into_owned();
            e.message = sanitize::clean(&e.message).into_owned();
            self.errors.push(e);
        }
    }

    fn error(&mut self, rel: &str, src: &str, offset: usize, message: String) {
        if self.full() {
            return;
        }
        let (line, column) = line_col(src, offset);
        self.push(PackError {
            file: self.source.display_path(rel),
            line,
            column,
            message,
        });
    }

    /// An error about the value `value` inside the object identified by `"key": id`.
    fn error_in<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: (&str, &str, usize),
        value: &str,
        message: String,
    ) {
        if self.full() {
            return;
        }
        let start = find_key_value(&f.src, anchor.0, anchor.1, anchor.2).unwrap_or(0);
        let at = find_json_string(&f.src, value, start).unwrap_or(start);
        let (line, column) = line_col(&f.src, at);
        self.push(PackError {
            file: self.source.display_path(&f.rel),
            line,
            column,
            message,
        });
    }

    fn read_text(&mut self, rel: &str, what: &str) -> Option<String> {
        match self.source.read(rel) {
            Ok(bytes) => self.decode(rel, bytes, what),
            Err(e) => {
                self.push(PackError {
                    file: self.source.display_path(rel),
                    line: 1,
                    column: 1,
                    message: format!("cannot read {what}: {e}"),
                });
                None
            }
        }
    }

    fn decode(&mut self, rel: &str, bytes: Vec<u8>, what: &str) -> Option<String> {
        match String::from_utf8(bytes) {
            Ok(s) if s.contains("\r\n") => Some(s.replace("\r\n", "\n")),
            Ok(s) => Some(s),
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let good = String::from_utf8_lossy(&e.as_bytes()[..bad]).into_owned();
                self.error(
                    rel,
                    &good,
                    good.len(),
                    format!("{what} is not valid UTF-8 (invalid byte at offset {bad})"),
                );
                None
            }
        }
    }

    fn read_json<T: DeserializeOwned + Clean>(
        &mut self,
        rel: &str,
        what: &str,
    ) -> Option<JsonFile<T>> {
        let src = self.read_text(rel, what)?;
        match serde_json::from_str::<T>(&src) {
            Ok(mut value) => {
                value.clean();
                Some(JsonFile {
                    rel: rel.to_owned(),
                    src,
                    value,
                })
            }
            Err(e) => {
                let mut message = e.to_string();
                if let Some(i) = message.rfind(" at line ") {
                    message.truncate(i);
                }
                self.push(PackError {
                    file: self.source.display_path(rel),
                    line: e.line().max(1),
                    column: e.column().max(1),
                    message: format!("in {what}: {message}"),
                });
                None
            }
        }
    }

    fn load_all(&mut self) -> Option<Corpus> {
        let corpus: JsonFile<CorpusFile> = self.read_json("corpus.json", "the corpus file")?;
        if corpus.value.format > FORMAT_VERSION {
            let at = corpus.src.find("\"format\"").unwrap_or(0);
            self.error(
                "corpus.json",
                &corpus.src.clone(),
                at,
                format!(
                    "format version {} is newer than this reader understands ({FORMAT_VERSION})",
                    corpus.value.format
                ),
            );
            return None;
        }
        if corpus.value.id.trim().is_empty() {
            self.error_in(
                &corpus,
                ("id", "", 0),
                "",
                "the corpus id must not be empty".into(),
            );
        }

        let (articles, raw) = self.load_articles(&corpus);
        let entities: Option<JsonFile<Vec<EntitySpec>>> =
            self.read_json("entities.json", "the entity list");
        let events: Option<JsonFile<Vec<EventSpec>>> =
            self.read_json("events.json", "the event list");
        self.unloaded.all_entities = entities.is_none();
        self.unloaded.all_events = events.is_none();
        let guides: Vec<JsonFile<TourSpec>> = self
            .source
            .guide_files()
            .iter()
            .filter_map(|rel| self.read_json(rel, "the tour"))
            .collect();

        let empty_entities = JsonFile {
            rel: "entities.json".into(),
            src: String::new(),
            value: Vec::new(),
        };
        let entities_file = entities.unwrap_or(empty_entities);
        let mut entities = self.build_entities(&entities_file);
        let mut articles = articles;
        self.link(&mut articles, &raw, &entities);

        let empty_events = JsonFile {
            rel: "events.json".into(),
            src: String::new(),
            value: Vec::new(),
        };
        let events_file = events.unwrap_or(empty_events);
        self.article_index = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        self.index_quotes(&raw, &events_file.value, &guides);
        let events = self.build_events(&events_file, &raw, &entities);
        let tours = guides
            .iter()
            .filter_map(|g| self.build_tour(g, &raw, &entities, &events))
            .collect::<Vec<_>>();
        let mut seen_tours = HashSet::new();
        for g in &guides {
            if !seen_tours.insert(g.value.id.clone()) {
                self.error_in(
                    g,
                    ("id", &g.value.id, 0),
                    &g.value.id,
                    format!("duplicate tour id \"{}\"", g.value.id),
                );
            }
        }

        index(&mut articles, &mut entities, &events);
        let chrono = chronological(&events);
        self.warn_coverage(&articles, &entities);

        Some(Corpus {
            id: corpus.value.id.clone(),
            title: corpus.value.title.clone(),
            description: corpus.value.description.clone(),
            articles,
            entities,
            events,
            tours,
            chrono,
            warnings: std::mem::take(&mut self.warnings),
        })
    }

    fn load_articles(&mut self, corpus: &JsonFile<CorpusFile>) -> (Vec<Article>, Vec<RawArticle>) {
        let mut articles = Vec::new();
        let mut raws = Vec::new();
        let mut seen = HashSet::new();
        if corpus.value.articles.is_empty() {
            let at = corpus.src.find("\"articles\"").unwrap_or(0);
            self.error(
                "corpus.json",
                &corpus.src,
                at,
                "the corpus has no articles".into(),
            );
        }
        // How many earlier entries share an id, to point errors at the right one.
        let mut nths: HashMap<&str, usize> = HashMap::new();
        for meta in &corpus.value.articles {
            let nth = next_nth(&mut nths, &meta.id);
            let anchor = ("id", meta.id.as_str(), nth);
            if !seen.insert(meta.id.clone()) {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.id,
                    format!("duplicate article id \"{}\"", meta.id),
                );
                continue;
            }
            let Some(text) = self.read_article_file(corpus, anchor, meta) else {
                self.unloaded.articles.insert(meta.id.clone());
                continue;
            };
            let ranges = split_passages(&text);
            if ranges.is_empty() {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.file,
                    format!("article \"{}\" has no text", meta.id),
                );
                self.unloaded.articles.insert(meta.id.clone());
                continue;
            }
            let raw = RawArticle { text, ranges };
            let mut kinds = vec![PassageKind::Text; raw.ranges.len()];
            for (quotes, kind) in [
                (&meta.captions, PassageKind::Caption),
                (&meta.headings, PassageKind::Heading),
            ] {
                for q in quotes {
                    if let Some(p) = self.resolve(corpus, anchor, &meta.id, &raw, q) {
                        kinds[p.0] = kind;
                    }
                }
            }
            let passages = self.apply_corrections(corpus, anchor, meta, &raw, kinds);
            articles.push(Article {
                id: meta.id.clone(),
                title: meta.title.clone(),
                source: meta.source.clone(),
                date: meta.date.clone(),
                file: meta.file.clone(),
                passages,
                entities: Vec::new(),
                events: Vec::new(),
            });
            raws.push(raw);
        }
        (articles, raws)
    }

    fn read_article_file(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: (&str, &str, usize),
        meta: &ArticleMeta,
    ) -> Option<String> {
        match self.source.read(&meta.file) {
            Err(e) => {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.file,
                    format!(
                        "article \"{}\": cannot read \"{}\": {e}",
                        meta.id, meta.file
                    ),
                );
                None
            }
            Ok(bytes) => self
                .decode(
                    &meta.file,
                    bytes,
                    &format!("the text of article \"{}\"", meta.id),
                )
                .map(|t| match crate::sanitize::clean(&t) {
                    std::borrow::Cow::Owned(clean) => clean,
                    std::borrow::Cow::Borrowed(_) => t,
                }),
        }
    }

    /// Finds the passage a quote lies in: (passage index, byte range in the article text).
    fn resolve<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: (&str, &str, usize),
        article: &str,
        raw: &RawArticle,
        quote: &str,
    ) -> Option<(usize, Range<usize>)> {
        self.resolve_at(f, anchor, article, raw, quote, None)
    }

    /// `resolve`, given the occurrences (count, first offset) when they
    /// were found beforehand.
    fn resolve_at<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: (&str, &str, usize),
        article: &str,
        raw: &RawArticle,
        quote: &str,
        found: Option<(usize, Option<usize>)>,
    ) -> Option<(usize, Range<usize>)> {
        let short = shorten(quote);
        if quote.trim().is_empty() {
            self.error_in(
                f,
                anchor,
                quote,
                format!("empty quote for article \"{article}\""),
            );
            return None;
        }
        // Overlapping occurrences count too: "was was" occurs twice in "was was was".
        let (count, first) = found.unwrap_or_else(|| occurrences(&raw.text, quote));
        let Some(start) = first.filter(|_| count > 0) else {
            self.error_in(
                f,
                anchor,
                quote,
                format!("quote \"{short}\" does not occur in article \"{article}\""),
            );
            return None;
        };
        let more = count - 1;
        if more > 0 {
            let times = format!("{} times", more + 1);
            self.error_in(f, anchor, quote, format!("quote \"{short}\" occurs {times} in article \"{article}\"; it must occur exactly once"));
            return None;
        }
        let end = start + quote.len();
        // Passages are in order: the last one starting at or before the quote.
        let p = raw
            .ranges
            .partition_point(|r| r.start <= start)
            .checked_sub(1)
            .filter(|&i| start < raw.ranges[i].end.max(raw.ranges[i].start + 1));
        match p {
            Some(p) if end <= raw.ranges[p].end => Some((p, start..end)),
            _ => {
                self.error_in(
                    f,
                    anchor,
                    quote,
                    format!(
                        "quote \"{short}\" in article \"{article}\" spans more than one passage"
                    ),
                );
                None
            }
        }
    }

    fn apply_corrections(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: (&str, &str, usize),
        meta: &ArticleMeta,
        raw: &RawArticle,
        kinds: Vec<PassageKind>,
    ) -> Vec<Passage> {
        let mut per_passage: HashMap<usize, Vec<(Range<usize>, &str)>> = HashMap::new();
        for c in &meta.corrections {
            if let Some((p, range)) = self.resolve(corpus, anchor, &meta.id, raw, &c.original) {
                let list = per_passage.entry(p).or_default();
                if list
                    .iter()
                    .any(|(r, _)| r.start < range.end && range.start < r.end)
                {
                    self.error_in(
                        corpus,
                        anchor,
                        &c.original,
                        format!(
                            "correction \"{}\" overlaps another correction",
                            shorten(&c.original)
                        ),
                    );
                    continue;
                }
                list.push((range, c.corrected.as_str()));
            }
        }
        raw.ranges
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let printed = &raw.text[r.clone()];
                let mut p = Passage {
                    kind: kinds[i],
                    text: printed.to_owned(),
                    original: None,
                    corrections: Vec::new(),
                    original_corrections: Vec::new(),
                    mentions: Vec::new(),
                    original_mentions: Vec::new(),
                    entities: Vec::new(),
                    events: Vec::new(),
                };
                if let Some(list) = per_passage.get_mut(&i) {
                    list.sort_by_key(|(r, _)| r.start);
                    let mut text = String::with_capacity(printed.len());
                    let mut last = 0;
                    for (range, corrected) in list.iter() {
                        let local = range.start - r.start..range.end - r.start;
                        text.push_str(&printed[last..local.start]);
                        let s = text.len();
                        text.push_str(corrected);
                        p.corrections.push(s..text.len());
                        p.original_corrections.push(local.clone());
                        last = local.end;
                    }
                    text.push_str(&printed[last..]);
                    p.original = Some(std::mem::replace(&mut p.text, text));
                }
                p
            })
            .collect()
    }

    fn build_entities(&mut self, f: &JsonFile<Vec<EntitySpec>>) -> Vec<Entity> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut spellings: HashMap<&str, &str> = HashMap::new();
        let mut nths: HashMap<&str, usize> = HashMap::new();
        for (i, e) in f.value.iter().enumerate() {
            let nth = next_nth(&mut nths, &e.id);
            let anchor = ("id", e.id.as_str(), nth);
            if e.id.trim().is_empty() {
                self.error_in(f, anchor, &e.id, "entity id must not be empty".into());
            }
            if ids.insert(&e.id, i).is_some() {
                self.error_in(
                    f,
                    anchor,
                    &e.id,
                    format!("duplicate entity id \"{}\"", e.id),
                );
            }
            for s in std::iter::once(&e.name).chain(&e.aliases) {
                if s.trim().is_empty() {
                    self.error_in(
                        f,
                        anchor,
                        s,
                        format!("entity \"{}\" has an empty name or alias", e.id),
                    );
                    continue;
                }
                match spellings.get(s.as_str()) {
                    Some(owner) if *owner != e.id => {
                        self.error_in(f, anchor, s, format!("spelling \"{s}\" of entity \"{}\" is already a spelling of entity \"{owner}\"", e.id));
                    }
                    _ => {
                        spellings.insert(s, &e.id);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(f.value.len());
        for e in &f.value {
            let anchor = ("id", e.id.as_str(), 0);
            let mut related = Vec::new();
            for r in &e.related {
                match ids.get(r.as_str()) {
                    Some(&j) => related.push(j),
                    None => self.error_in(
                        f,
                        anchor,
                        r,
                        format!("entity \"{}\" is related to unknown entity \"{r}\"", e.id),
                    ),
                }
            }
            out.push(Entity {
                id: e.id.clone(),
                kind: e.kind,
                name: e.name.clone(),
                aliases: e.aliases.clone(),
                summary: e.summary.clone(),
                related,
                suggested: e.status.is_some(),
                mentions: Vec::new(),
                events: Vec::new(),
            });
        }
        out
    }

    fn link(&mut self, articles: &mut [Article], _raw: &[RawArticle], entities: &[Entity]) {
        let linker = Linker::new(entities.iter().enumerate().flat_map(|(i, e)| {
            std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .map(move |s| (i, s))
        }));
        if let Some(e) = linker.error() {
            self.push(PackError {
                file: self.source.display_path("entities.json"),
                line: 1,
                column: 1,
                message: format!("the names and aliases cannot be matched in the text: {e}"),
            });
        }
        for a in articles.iter_mut() {
            for p in &mut a.passages {
                p.mentions = linker.find(&p.text);
                if let Some(o) = &p.original {
                    p.original_mentions = linker.find(o);
                }
            }
        }
    }

    /// Finds the quotes of every event, dispute and tour step, one pass per
    /// article, so resolving them does not rescan an article per quote.
    fn index_quotes(
        &mut self,
        raw: &[RawArticle],
        events: &[EventSpec],
        guides: &[JsonFile<TourSpec>],
    ) {
        let mut per_article: HashMap<usize, Vec<&str>> = HashMap::new();
        let refs = events
            .iter()
            .flat_map(|e| {
                e.passages
                    .iter()
                    .map(|p| (p.article.as_str(), p.quote.as_str()))
                    .chain(e.disputes.iter().flat_map(|d| {
                        d.claims
                            .iter()
                            .map(|c| (c.article.as_str(), c.quote.as_str()))
                    }))
            })
            .chain(guides.iter().flat_map(|g| {
                g.value
                    .steps
                    .iter()
                    .map(|s| (s.article.as_str(), s.quote.as_str()))
            }));
        for (article, quote) in refs {
            if let Some(&a) = self.article_index.get(article) {
                per_article.entry(a).or_default().push(quote);
            }
        }
        for (a, mut quotes) in per_article {
            quotes.sort_unstable();
            quotes.dedup();
            self.quotes.insert(a, find_quotes(&raw[a].text, &quotes));
        }
    }

    fn build_events(
        &mut self,
        f: &JsonFile<Vec<EventSpec>>,
        raw: &[RawArticle],
        entities: &[Entity],
    ) -> Vec<Event> {
        let entity_ids: HashMap<&str, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut nths: HashMap<&str, usize> = HashMap::new();
        for e in &f.value {
            let nth = next_nth(&mut nths, &e.id);
            let anchor = ("id", e.id.as_str(), nth);
            if !seen.insert(e.id.as_str()) {
                self.error_in(f, anchor, &e.id, format!("duplicate event id \"{}\"", e.id));
                continue;
            }
            let date = match EdtfDate::parse(&e.date) {
                Ok(d) => Some(d),
                Err(err) => {
                    self.error_in(f, anchor, &e.date, format!("event \"{}\": {err}", e.id));
                    self.unloaded.events.insert(e.id.clone());
                    None
                }
            };
            let mut ents = Vec::new();
            for id in &e.entities {
                match entity_ids.get(id.as_str()) {
                    Some(&j) => ents.push(j),
                    None if self.unloaded.all_entities => {}
                    None => self.error_in(
                        f,
                        anchor,
                        id,
                        format!("event \"{}\" names unknown entity \"{id}\"", e.id),
                    ),
                }
            }
            let mut passages = Vec::new();
            for r in &e.passages {
                if let Some(loc) = self.resolve_ref(f, anchor, raw, &r.article, &r.quote)
                    && !passages.contains(&loc)
                {
                    passages.push(loc);
                }
            }
            if e.passages.is_empty() {
                self.error_in(
                    f,
                    anchor,
                    &e.id,
                    format!("event \"{}\" cites no passage", e.id),
                );
            }
            passages.sort();
            passages.dedup();
            let mut disputes = Vec::new();
            for d in &e.disputes {
                let mut claims = Vec::new();
                for c in &d.claims {
                    if let Some(loc) = self.resolve_ref(f, anchor, raw, &c.article, &c.quote) {
                        claims.push(Claim {
                            loc,
                            says: c.says.clone(),
                        });
                    }
                }
                if d.claims.len() < 2 {
                    self.error_in(
                        f,
                        ("id", &d.id, 0),
                        &d.id,
                        format!("dispute \"{}\" needs at least two claims", d.id),
                    );
                }
                disputes.push(Dispute {
                    id: d.id.clone(),
                    topic: d.topic.clone(),
                    note: d.note.clone(),
                    claims,
                });
            }
            if let Some(date) = date {
                out.push(Event {
                    id: e.id.clone(),
                    date,
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    entities: ents,
                    passages,
                    disputes,
                    suggested: e.status.is_some(),
                });
            }
        }
        out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        out
    }

    fn resolve_ref<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: (&str, &str, usize),
        raw: &[RawArticle],
        article: &str,
        quote: &str,
    ) -> Option<PassageLoc> {
        let Some(&a) = self.article_index.get(article) else {
            if self.unloaded.articles.contains(article) {
                return None;
            }
            self.error_in(f, anchor, article, format!("unknown article \"{article}\""));
            return None;
        };
        let found = self
            .quotes
            .get(&a)
            .and_then(|q| q.get(quote))
            .map(|&(n, first)| (n, Some(first)));
        let (p, _) = self.resolve_at(f, anchor, article, &raw[a], quote, found)?;
        Some(PassageLoc {
            article: a,
            passage: p,
        })
    }

    fn build_tour(
        &mut self,
        g: &JsonFile<TourSpec>,
        raw: &[RawArticle],
        entities: &[Entity],
        events: &[Event],
    ) -> Option<Tour> {
        let t = &g.value;
        let anchor = ("id", t.id.as_str(), 0);
        if t.steps.is_empty() {
            self.error_in(g, anchor, &t.id, format!("tour \"{}\" has no steps", t.id));
        }
        let entity_ids: HashMap<&str, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let event_ids: HashMap<&str, usize> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut steps = Vec::new();
        for s in &t.steps {
            let loc = self.resolve_ref(g, anchor, raw, &s.article, &s.quote);
            let entity = s.entity.as_ref().and_then(|id| {
                let i = entity_ids.get(id.as_str()).copied();
                if i.is_none() && !self.unloaded.all_entities {
                    self.error_in(
                        g,
                        anchor,
                        id,
                        format!("tour \"{}\" names unknown entity \"{id}\"", t.id),
                    );
                }
                i
            });
            let event = s.event.as_ref().and_then(|id| {
                let i = event_ids.get(id.as_str()).copied();
                if i.is_none() && !self.unloaded.all_events && !self.unloaded.events.contains(id) {
                    self.error_in(
                        g,
                        anchor,
                        id,
                        format!("tour \"{}\" names unknown event \"{id}\"", t.id),
                    );
                }
                i
            });
            if let Some(loc) = loc {
                steps.push(Step {
                    loc,
                    commentary: s.commentary.clone(),
                    entity,
                    event,
                });
            }
        }
        Some(Tour {
            id: t.id.clone(),
            title: t.title.clone(),
            intro: t.intro.clone(),
            steps,
        })
    }

    fn warn_coverage(&mut self, articles: &[Article], entities: &[Entity]) {
        for e in entities {
            if e.mentions.is_empty() {
                self.warnings
                    .push(format!("entity \"{}\" is never mentioned", e.id));
            }
        }
        for a in articles {
            for (i, p) in a.passages.iter().enumerate() {
                if p.mentions.is_empty() && p.kind == PassageKind::Text {
                    self.warnings.push(format!(
                        "article \"{}\" passage {} mentions no entity",
                        a.id,
                        i + 1
                    ));
                }
            }
        }
    }
}

/// Builds the cross indices once, so the reader never searches at draw time.
fn index(articles: &mut [Article], entities: &mut [Entity], events: &[Event]) {
    // Events are visited in order, so a repeat can only be the last one pushed.
    for (ei, ev) in events.iter().enumerate() {
        for loc in &ev.passages {
            let p = &mut articles[loc.article].passages[loc.passage];
            if p.events.last() != Some(&ei) {
                p.events.push(ei);
            }
        }
        for &en in &ev.entities {
            if entities[en].events.last() != Some(&ei) {
                entities[en].events.push(ei);
            }
        }
    }
    for (ai, a) in articles.iter_mut().enumerate() {
        let mut seen = HashSet::new();
        let mut evs = Vec::new();
        for (pi, p) in a.passages.iter_mut().enumerate() {
            p.events.sort_unstable();
            let mut pseen = HashSet::new();
            for m in &p.mentions {
                if pseen.insert(m.entity) {
                    p.entities.push(m.entity);
                }
                if seen.insert(m.entity) {
                    a.entities.push(m.entity);
                }
                entities[m.entity].mentions.push(MentionRef {
                    loc: PassageLoc {
                        article: ai,
                        passage: pi,
                    },
                    range: m.range.clone(),
                });
            }
            evs.extend(p.events.iter().copied());
        }
        evs.sort_unstable();
        evs.dedup();
        a.events = evs;
    }
    for e in entities.iter_mut() {
        e.events.sort_unstable();
    }
}

fn chronological(events: &[Event]) -> Vec<(PassageLoc, EventIdx)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (ei, ev) in events.iter().enumerate() {
        for &loc in &ev.passages {
            if seen.insert(loc) {
                out.push((loc, ei));
            }
        }
    }
    out
}

/// Splits text into paragraphs separated by blank lines; each range excludes
/// the surrounding whitespace.
pub fn split_passages(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            if start.is_none() {
                let lead = content.len() - content.trim_start().len();
                start = Some(pos + lead);
            }
            end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// How many times `quote` occurs in `text`, overlapping occurrences
/// included, and where it first does.
fn occurrences(text: &str, quote: &str) -> (usize, Option<usize>) {
    let mut hits = std::iter::successors(text.find(quote), |&i| {
        let next = i + text[i..].chars().next().map_or(1, char::len_utf8);
        text[next..].find(quote).map(|j| j + next)
    });
    let first = hits.next();
    (first.map_or(0, |_| 1 + hits.count()), first)
}

/// Counts ids as they come: 0 for the first entry with this id, 1 for the
/// second, … (which entry of the file an error is about).
fn next_nth<'s>(seen: &mut HashMap<&'s str, usize>, id: &'s str) -> usize {
    let n = seen.entry(id).or_insert(0);
    *n += 1;
    *n - 1
}

/// Finds every quote of one article: the count of each (overlapping
/// occurrences included) and where it first occurs. A long article is read
/// once for all its quotes (cost: its length plus the matches, however many
/// quotes point into it); a short one is simply scanned per quote.
fn find_quotes(text: &str, quotes: &[&str]) -> HashMap<String, (usize, usize)> {
    let mut out: HashMap<String, (usize, usize)> = HashMap::new();
    let patterns: Vec<&str> = quotes
        .iter()
        .copied()
        .filter(|q| !q.trim().is_empty())
        .collect();
    // Building an automaton costs more than scanning a short article a few
    // times; it pays off for long articles with many quotes.
    const SCAN_LIMIT: usize = 4 << 20;
    if text.len().saturating_mul(patterns.len()) <= SCAN_LIMIT {
        for q in patterns {
            let (n, first) = occurrences(text, q);
            out.insert(q.to_owned(), (n, first.unwrap_or(0)));
        }
        return out;
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(&patterns)
    else {
        return out;
    };
    for q in &patterns {
        out.insert((*q).to_owned(), (0, 0));
    }
    for m in ac.find_overlapping_iter(text) {
        let e = out
            .get_mut(patterns[m.pattern().as_usize()])
            .expect("every pattern has an entry");
        if e.0 == 0 {
            e.1 = m.start();
        }
        e.0 += 1;
    }
    out
}

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_split_on_blank_lines() {
        let t = "  One\ntwo\n\n \nThree  \n\n\nFour";
        let r = split_passages(t);
        let got: Vec<_> = r.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(got, vec!["One\ntwo", "Three", "Four"]);
    }

    #[test]
    fn empty_text_has_no_passages() {
        assert!(split_passages("\n\n  \n").is_empty());
    }
}
