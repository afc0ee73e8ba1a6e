//! Loading a pack: parse every file, check every reference, resolve every
//! quote, link mentions and build the indices, collecting all errors.
//!
//! One stage per module: [`diag`] reads files and places errors, [`quote`]
//! resolves quotes to passages, [`articles`] builds articles and their
//! passages, [`entities`] and [`events`] the rest of the pack, [`links`]
//! the mentions decided by hand, and [`index`] the cross indices.

mod articles;
mod diag;
mod entities;
mod events;
mod index;
mod links;
mod quote;
pub(crate) mod relink;

use std::collections::{HashMap, HashSet};

use super::error::{PackError, PackErrors};
use super::model::Corpus;
use super::progress::Progress;
use super::source::PackSource;
use super::types::{CorpusFile, EntitySpec, EventSpec, FORMAT_VERSION, TourSpec};
use diag::{Anchor, JsonFile};
use quote::Found;

pub use articles::split_passages;
pub(crate) use index::{chronological, entity_events, first_seen, index};

/// Most errors one load reports; the rest are counted. Locating an error
/// searches its file, so a pack with an error on every one of 10,000
/// entities would otherwise take long to report, and nobody reads that far.
pub const MAX_ERRORS: usize = 200;

/// Loads, validates and links a pack. Every error found is returned, not just
/// the first; warnings travel in `Corpus::warnings`.
pub fn load(source: &PackSource) -> Result<Corpus, PackErrors> {
    load_with(source, &Progress::default())
}

/// [`load`], saying how far it has got.
pub(crate) fn load_with(source: &PackSource, progress: &Progress) -> Result<Corpus, PackErrors> {
    let mut cx = Cx {
        source,
        progress,
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

struct Cx<'a> {
    source: &'a PackSource,
    progress: &'a Progress,
    errors: Vec<PackError>,
    /// Errors found beyond [`MAX_ERRORS`], not located nor kept.
    suppressed: usize,
    warnings: Vec<String>,
    unloaded: Unloaded,
    /// Article id → index, once the articles are loaded.
    article_index: HashMap<String, usize>,
    /// Per article: where the quotes of events, disputes and tours occur
    /// (count, first offset), found in one pass over its text.
    quotes: HashMap<usize, HashMap<String, Found>>,
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
    fn load_all(&mut self) -> Option<Corpus> {
        let corpus: JsonFile<CorpusFile> = self.read_json("corpus.json", "the corpus file")?;
        if corpus.value.format > FORMAT_VERSION {
            let at = corpus.src.find("\"format\"").unwrap_or(0);
            self.error(
                "corpus.json",
                &corpus.src,
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
                Anchor::id("", 0),
                "",
                "the corpus id must not be empty".into(),
            );
        }

        let (mut articles, raw) = self.load_articles(&corpus);
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

        let mut entities =
            self.build_entities(entities.unwrap_or_else(|| JsonFile::empty("entities.json")));
        self.link(&mut articles, &entities);
        self.apply_links(&corpus, &mut articles, &raw, &entities);

        let events_file = events.unwrap_or_else(|| JsonFile::empty("events.json"));
        self.article_index = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        self.index_quotes(&raw, &events_file.value, &guides);
        let events = self.build_events(&events_file, &raw, &entities);
        let tours = self.build_tours(&guides, &raw, &entities, &events);

        index::index(&mut articles, &mut entities, &events);
        let chrono = index::chronological(&events);
        self.warn_coverage(&articles, &entities);

        let CorpusFile {
            id,
            title,
            description,
            ..
        } = corpus.value;
        Some(Corpus {
            id,
            title,
            description,
            articles,
            entities,
            events,
            tours,
            chrono,
            warnings: std::mem::take(&mut self.warnings),
            reuse: std::sync::OnceLock::new(),
            pending: None,
        })
    }
}
