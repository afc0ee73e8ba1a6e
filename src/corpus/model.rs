//! The loaded, validated and linked corpus. Everything refers to everything
//! else by index, resolved once at load time.

use std::ops::Range;

use super::date::EdtfDate;
use std::sync::Arc;

use super::text::{Block, Text};
use super::types::{Coords, EntityKind};

/// Defines an index into one of the corpus's lists as a type of its own,
/// so that an entity's index cannot be used where an event's is meant:
///
/// ```compile_fail
/// use lectern::corpus::{EntityIdx, EventIdx};
/// let e: EntityIdx = EntityIdx(0);
/// let _: EventIdx = e;
/// ```
///
/// and the list it indexes accepts only its own kind:
///
/// ```compile_fail
/// # fn f(c: &lectern::corpus::Corpus) {
/// let _ = &c.events[lectern::corpus::EntityIdx(0)];
/// # }
/// ```
macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident => $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub usize);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> Self {
                Self(i)
            }
        }

        impl $name {
            /// The position in the list, for arithmetic and display.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl std::ops::Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }

        impl std::ops::IndexMut<$name> for [$item] {
            fn index_mut(&mut self, i: $name) -> &mut $item {
                &mut self[i.0]
            }
        }

        impl std::ops::IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, i: $name) -> &mut $item {
                &mut self[i.0]
            }
        }
    };
}

index_type!(
    /// An index into [`Corpus::articles`].
    ArticleIdx => Article
);
index_type!(
    /// An index into [`Corpus::entities`].
    EntityIdx => Entity
);
index_type!(
    /// An index into [`Corpus::events`].
    EventIdx => Event
);

/// A passage of the corpus: article index and passage index within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageLoc {
    pub article: ArticleIdx,
    pub passage: usize,
}

#[derive(Debug, Clone)]
pub struct Corpus {
    pub id: String,
    pub title: String,
    pub description: String,
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    /// Sorted by date, then by id, so the timeline is a plain walk.
    pub events: Vec<Event>,
    pub tours: Vec<Tour>,
    /// Passages in the order of the events they describe: earliest event
    /// first, the passages of one event together, passages with no event
    /// left out. A passage describing several events comes once under each.
    pub chrono: Vec<(PassageLoc, EventIdx)>,
    pub warnings: Vec<String>,
    /// Text the articles share, found on first use: finding it costs a
    /// pass over the corpus that a command listing events need not pay.
    pub(crate) reuse: std::sync::OnceLock<super::reuse::Reuse>,
    /// The check of the pack's files against its index, when opening left
    /// it for later (see [`super::cache::open_deferred`]).
    pub(crate) pending: Option<std::sync::Arc<super::cache::Pending>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    Text,
    Caption,
    Heading,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: String,
    pub file: String,
    /// Where it can be read, checked by `types::url_problem`.
    pub url: Option<String>,
    pub passages: Passages,
    /// Entities in order of first appearance in the article.
    pub entities: Vec<EntityIdx>,
    /// Events any passage of the article describes, in timeline order.
    pub events: Vec<EventIdx>,
}

#[derive(Debug, Clone)]
pub struct Passage {
    pub kind: PassageKind,
    /// The text as shown by default: as printed, with corrections applied.
    pub text: Text,
    /// The printed text where it differs (only when the passage has corrections).
    pub original: Option<Text>,
    // Boxed slices rather than vectors: a large pack has hundreds of
    // thousands of passages, and none of these changes once loaded.
    /// Byte ranges in `text` that are corrections.
    pub corrections: Box<[Range<usize>]>,
    /// Byte ranges in `original` of the printed slips.
    pub original_corrections: Box<[Range<usize>]>,
    /// Mentions in `text`, in order.
    pub mentions: Box<[Mention]>,
    /// Mentions in `original` (empty when `original` is None).
    pub original_mentions: Box<[Mention]>,
    /// Entities in order of first appearance, without repeats.
    pub entities: Box<[EntityIdx]>,
    /// Events this passage describes, in timeline order.
    pub events: Box<[EventIdx]>,
}

impl Passage {
    /// A passage of this kind and text (and printed text, where that
    /// differs), as yet without corrections, mentions, entities or events.
    pub fn plain(kind: PassageKind, text: Text, original: Option<Text>) -> Self {
        Passage {
            kind,
            text,
            original,
            corrections: Box::default(),
            original_corrections: Box::default(),
            mentions: Box::default(),
            original_mentions: Box::default(),
            entities: Box::default(),
            events: Box::default(),
        }
    }

    /// Text, corrections and mentions of the chosen version.
    pub fn version(&self, original: bool) -> (&str, &[Range<usize>], &[Mention]) {
        match (&self.original, original) {
            (Some(o), true) => (o, &self.original_corrections, &self.original_mentions),
            _ => (&self.text, &self.corrections, &self.mentions),
        }
    }
}

impl Article {
    /// Calls `f` with each passage's index, its shown text and its printed
    /// text where that differs, reading the article's file at most once and
    /// keeping nothing of it (nor, read through an index, its passages):
    /// for passes over the whole corpus, which would otherwise bring every
    /// article into memory.
    pub fn each_text(&self, mut f: impl FnMut(usize, &str, Option<&str>)) {
        self.each_passage(|i, _, text, printed| f(i, text, printed));
    }

    /// As [`Article::each_text`], with each passage too (its mentions,
    /// corrections and events).
    pub fn each_passage(&self, mut f: impl FnMut(usize, &Passage, &str, Option<&str>)) {
        self.passages.with(|passages| {
            let lazy = passages
                .iter()
                .flat_map(|p| std::iter::once(&p.text).chain(&p.original))
                .find(|t| !t.is_read())
                .and_then(Text::place)
                .map(|(block, _)| Arc::clone(block));
            let Some(block) = lazy else {
                for (i, p) in passages.iter().enumerate() {
                    f(i, p, &p.text, p.original.as_deref());
                }
                return;
            };
            block.with(|all| {
                // A part of this article's text is sliced from what was just
                // read; any other text (a correction's, held) is itself.
                fn view<'a>(t: &'a Text, block: &Arc<Block>, all: &'a str) -> &'a str {
                    match t.place() {
                        Some((b, start)) if Arc::ptr_eq(b, block) => {
                            all.get(start..start + t.len()).unwrap_or_default()
                        }
                        _ => t,
                    }
                }
                for (i, p) in passages.iter().enumerate() {
                    let text = view(&p.text, &block, all);
                    let original = p.original.as_ref().map(|o| view(o, &block, all));
                    f(i, p, text, original);
                }
            });
        });
    }
}

/// An article's passages: a list, or, for a pack opened through its index,
/// decoded from it when first looked at. Reads as a slice (`&a.passages`,
/// `a.passages[i]`, `.iter()`); its length is known without decoding.
#[derive(Clone)]
pub struct Passages(PassagesRepr);

#[derive(Clone)]
enum PassagesRepr {
    Held(Vec<Passage>),
    Lazy(Arc<super::cache::lazy::Lazy>),
}

impl Passages {
    pub(crate) fn lazy(z: Arc<super::cache::lazy::Lazy>) -> Self {
        Passages(PassagesRepr::Lazy(z))
    }

    /// How many, without decoding them.
    pub fn len(&self) -> usize {
        match &self.0 {
            PassagesRepr::Held(v) => v.len(),
            PassagesRepr::Lazy(z) => z.n,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether they are in memory (as a list, or decoded and kept).
    pub fn is_decoded(&self) -> bool {
        match &self.0 {
            PassagesRepr::Held(_) => true,
            PassagesRepr::Lazy(z) => z.peek().is_some(),
        }
    }

    /// Calls `f` with them, decoding them without keeping them if they are
    /// not in memory: for passes over every article.
    pub fn with<R>(&self, f: impl FnOnce(&[Passage]) -> R) -> R {
        match &self.0 {
            PassagesRepr::Held(v) => f(v),
            PassagesRepr::Lazy(z) => z.with(f),
        }
    }

    pub(crate) fn lazy_source(&self) -> Option<&Arc<super::cache::lazy::Lazy>> {
        match &self.0 {
            PassagesRepr::Held(_) => None,
            PassagesRepr::Lazy(z) => Some(z),
        }
    }
}

impl From<Vec<Passage>> for Passages {
    fn from(v: Vec<Passage>) -> Self {
        Passages(PassagesRepr::Held(v))
    }
}

impl Default for Passages {
    fn default() -> Self {
        Passages(PassagesRepr::Held(Vec::new()))
    }
}

impl std::ops::Deref for Passages {
    type Target = [Passage];
    fn deref(&self) -> &[Passage] {
        match &self.0 {
            PassagesRepr::Held(v) => v,
            PassagesRepr::Lazy(z) => z.get(),
        }
    }
}

impl std::ops::DerefMut for Passages {
    /// Decodes them, if they were not, into a list of their own.
    fn deref_mut(&mut self) -> &mut [Passage] {
        if let PassagesRepr::Lazy(z) = &self.0 {
            self.0 = PassagesRepr::Held(z.get().to_vec());
        }
        match &mut self.0 {
            PassagesRepr::Held(v) => v,
            PassagesRepr::Lazy(_) => &mut [],
        }
    }
}

impl<'a> IntoIterator for &'a Passages {
    type Item = &'a Passage;
    type IntoIter = std::slice::Iter<'a, Passage>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Passages {
    type Item = &'a mut Passage;
    type IntoIter = std::slice::IterMut<'a, Passage>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl std::fmt::Debug for Passages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.with(|ps| std::fmt::Debug::fmt(ps, f))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub entity: EntityIdx,
    pub range: Range<usize>,
}

/// A mention seen from the entity: where it is in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRef {
    pub loc: PassageLoc,
    pub range: Range<usize>,
}

impl MentionRef {
    /// Its sixteen-byte form (article, passage, start, end), when every
    /// number fits in 32 bits.
    pub(crate) fn packed(&self) -> Option<[u32; 4]> {
        let fit = |v: usize| u32::try_from(v).ok();
        Some([
            fit(self.loc.article.0)?,
            fit(self.loc.passage)?,
            fit(self.range.start)?,
            fit(self.range.end)?,
        ])
    }

    /// Laid out from [`MentionRef::packed`]'s form.
    pub(crate) fn unpacked(c: &[u32; 4]) -> Self {
        MentionRef {
            loc: PassageLoc {
                article: ArticleIdx(c[0] as usize),
                passage: c[1] as usize,
            },
            range: c[2] as usize..c[3] as usize,
        }
    }
}

/// An entity's mentions, in reading order: held in sixteen bytes each,
/// and laid out as [`MentionRef`]s the first time they are looked at as a
/// slice, so that a large pack holds the full form only for the entities
/// the reader turns to. A pack opened through its index gathers them from
/// its articles the first time any entity's are asked for.
#[derive(Clone, Default)]
pub struct Mentions {
    compact: Compact,
    full: std::sync::OnceLock<Box<[MentionRef]>>,
}

#[derive(Clone)]
enum Compact {
    /// Article, passage, start and end of each.
    Own(Box<[[u32; 4]]>),
    /// This entity's row of the pack's table.
    Shared(Arc<super::cache::lazy::AllMentions>, usize),
}

impl Default for Compact {
    fn default() -> Self {
        Compact::Own(Box::default())
    }
}

impl Compact {
    fn get(&self) -> &[[u32; 4]] {
        match self {
            Compact::Own(b) => b,
            Compact::Shared(all, e) => all.of(*e),
        }
    }
}

impl Mentions {
    /// From mentions in reading order.
    pub fn from_refs(refs: Vec<MentionRef>) -> Self {
        let compact: Option<Box<[[u32; 4]]>> = refs.iter().map(MentionRef::packed).collect();
        match compact {
            Some(compact) => Mentions::from_compact(compact),
            // Offsets past 4 GiB: kept in full.
            None => Mentions {
                compact: Compact::default(),
                full: std::sync::OnceLock::from(refs.into_boxed_slice()),
            },
        }
    }

    /// From the compact form: article, passage, start and end.
    pub(crate) fn from_compact(compact: Box<[[u32; 4]]>) -> Self {
        Mentions {
            compact: Compact::Own(compact),
            full: std::sync::OnceLock::new(),
        }
    }

    /// Entity `e`'s row of a table gathered when first needed.
    pub(crate) fn shared(all: Arc<super::cache::lazy::AllMentions>, e: usize) -> Self {
        Mentions {
            compact: Compact::Shared(all, e),
            full: std::sync::OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.full
            .get()
            .map_or_else(|| self.compact.get().len(), |f| f.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The passage of mention `i`, without laying them all out.
    pub fn loc(&self, i: usize) -> Option<PassageLoc> {
        match self.full.get() {
            Some(f) => f.get(i).map(|m| m.loc),
            None => self.compact.get().get(i).map(|c| PassageLoc {
                article: ArticleIdx(c[0] as usize),
                passage: c[1] as usize,
            }),
        }
    }
}

impl std::ops::Deref for Mentions {
    type Target = [MentionRef];
    fn deref(&self) -> &[MentionRef] {
        self.full.get_or_init(|| {
            self.compact
                .get()
                .iter()
                .map(MentionRef::unpacked)
                .collect()
        })
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a MentionRef;
    type IntoIter = std::slice::Iter<'a, MentionRef>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub aliases: Vec<String>,
    pub summary: String,
    pub related: Vec<EntityIdx>,
    /// Checked: in range, and only on kinds that have a position.
    pub coords: Option<Coords>,
    /// Found by `lectern import` and not yet reviewed (`"status": "suggested"`).
    pub suggested: bool,
    /// Every mention across the corpus, in reading order.
    pub mentions: Mentions,
    /// Events that name this entity or whose passages mention it, in timeline order.
    pub events: Vec<EventIdx>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub date: EdtfDate,
    pub title: String,
    pub summary: String,
    pub entities: Vec<EntityIdx>,
    /// Passages describing the event, in reading order.
    pub passages: Vec<PassageLoc>,
    pub disputes: Vec<Dispute>,
    /// Found by `lectern import` and not yet reviewed (`"status": "suggested"`).
    pub suggested: bool,
}

#[derive(Debug, Clone)]
pub struct Dispute {
    pub id: String,
    pub topic: String,
    pub note: String,
    pub claims: Vec<Claim>,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub loc: PassageLoc,
    pub says: String,
}

#[derive(Debug, Clone)]
pub struct Tour {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub loc: PassageLoc,
    pub commentary: String,
    pub entity: Option<EntityIdx>,
    pub event: Option<EventIdx>,
}

impl Corpus {
    pub fn passage(&self, loc: PassageLoc) -> Option<&Passage> {
        self.articles.get(loc.article.0)?.passages.get(loc.passage)
    }

    pub fn article_index(&self, id: &str) -> Option<ArticleIdx> {
        self.articles
            .iter()
            .position(|a| a.id == id)
            .map(ArticleIdx)
    }

    pub fn entity_index(&self, id: &str) -> Option<EntityIdx> {
        self.entities.iter().position(|e| e.id == id).map(EntityIdx)
    }

    pub fn event_index(&self, id: &str) -> Option<EventIdx> {
        self.events.iter().position(|e| e.id == id).map(EventIdx)
    }

    /// The entity with this id.
    pub fn entity_by_id(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The event with this id.
    pub fn event_by_id(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    pub fn article(&self, i: ArticleIdx) -> Option<&Article> {
        self.articles.get(i.0)
    }

    pub fn entity(&self, i: EntityIdx) -> Option<&Entity> {
        self.entities.get(i.0)
    }

    pub fn event(&self, i: EventIdx) -> Option<&Event> {
        self.events.get(i.0)
    }

    /// Every article's index, in order.
    pub fn article_indices(&self) -> impl Iterator<Item = ArticleIdx> + use<> {
        (0..self.articles.len()).map(ArticleIdx)
    }

    /// Every entity's index, in order.
    pub fn entity_indices(&self) -> impl Iterator<Item = EntityIdx> + use<> {
        (0..self.entities.len()).map(EntityIdx)
    }

    /// Every event's index, in timeline order.
    pub fn event_indices(&self) -> impl Iterator<Item = EventIdx> + use<> {
        (0..self.events.len()).map(EventIdx)
    }

    pub fn mention_count(&self) -> usize {
        self.entities.iter().map(|e| e.mentions.len()).sum()
    }

    /// The spans of text shared between articles, found on first use.
    pub fn reuse(&self) -> &super::reuse::Reuse {
        self.reuse.get_or_init(|| super::reuse::find(self))
    }

    /// The shared spans if they have been found, without waiting: the reader
    /// draws a large pack before they are (see [`Corpus::reuse_is_cheap`]).
    pub fn reuse_ready(&self) -> Option<&super::reuse::Reuse> {
        self.reuse.get()
    }

    /// Whether finding shared text is quick enough to do before the first
    /// frame; on larger packs it costs about as much as loading them, so it
    /// is done on another thread.
    pub fn reuse_is_cheap(&self) -> bool {
        self.articles.len() <= 100
    }

    /// The check of the pack's files left for later by
    /// [`super::cache::open_deferred`], if any.
    pub fn pending_check(&self) -> Option<Arc<super::cache::Pending>> {
        self.pending.clone()
    }

    pub fn passage_count(&self) -> usize {
        self.articles.iter().map(|a| a.passages.len()).sum()
    }
}
