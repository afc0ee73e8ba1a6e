//! What a pack opened through its index decodes only when it is looked at:
//! an article's passages (their mentions and corrections), and every
//! entity's mentions across the pack.
//!
//! Opening a large pack this way costs a pass over the article headers and
//! the passages' places, not over its millions of mentions, and holds the
//! index's bytes (a few bytes for each mention) rather than the laid-out
//! model (tens of bytes for each). An article's passages, once decoded, are
//! kept; passes over the whole pack ([`Lazy::with`]) decode what is not
//! kept without keeping it, so that memory stays that of what was read.

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use super::codec;
use crate::corpus::model::{EventIdx, Passage, PassageKind};
use crate::corpus::text::{Block, Text};

/// One article's passages, as the index holds them.
pub(crate) struct Lazy {
    pub body: Arc<[u8]>,
    /// Where the passages' kinds, places and corrected wording are written.
    pub places: Range<usize>,
    /// Where their mentions and corrections are written.
    pub detail: Range<usize>,
    /// How many there are (checked when the places were first read).
    pub n: usize,
    pub block: Arc<Block>,
    pub n_entities: usize,
    /// The events each passage describes: (passage, event), events in
    /// timeline order.
    pub events: Box<[(u32, EventIdx)]>,
    /// The decoded passages, once looked at.
    list: OnceLock<Vec<Passage>>,
    /// Whether the offsets of their ranges were handed to the block to
    /// check: once is enough, however often they are decoded. Held while
    /// handing them over, so that no decoding on another thread uses its
    /// ranges before they are.
    required: Mutex<bool>,
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("n", &self.n)
            .field("decoded", &self.list.get().is_some())
            .finish()
    }
}

impl Lazy {
    pub fn new(
        body: Arc<[u8]>,
        places: Range<usize>,
        detail: Range<usize>,
        n: usize,
        block: Arc<Block>,
        n_entities: usize,
        events: Box<[(u32, EventIdx)]>,
    ) -> Self {
        Lazy {
            body,
            places,
            detail,
            n,
            block,
            n_entities,
            events,
            list: OnceLock::new(),
            required: Mutex::new(false),
        }
    }

    /// The passages, decoded now (and kept) if they were not.
    pub fn get(&self) -> &[Passage] {
        self.list.get_or_init(|| self.decode())
    }

    /// The passages if they are decoded.
    pub fn peek(&self) -> Option<&[Passage]> {
        self.list.get().map(Vec::as_slice)
    }

    /// Calls `f` with the passages, decoding them without keeping them if
    /// they are not kept.
    pub fn with<R>(&self, f: impl FnOnce(&[Passage]) -> R) -> R {
        match self.list.get() {
            Some(l) => f(l),
            None => f(&self.decode()),
        }
    }

    /// Exactly `n` passages: as the index says, or, should their details
    /// not decode (only a hostile index whose hashes were made to match
    /// gets there), their text as placed, checked on opening, without
    /// mentions or corrections.
    fn decode(&self) -> Vec<Passage> {
        let hand_over = |offsets: &[u32]| {
            let mut done = self
                .required
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !*done {
                *done = self.block.require(offsets);
            }
            *done
        };
        match codec::lazy_passages(self, hand_over) {
            Ok(v) if v.len() == self.n => v,
            _ => match codec::lazy_places(self) {
                Ok(v) if v.len() == self.n => v,
                _ => (0..self.n).map(|_| empty()).collect(),
            },
        }
    }
}

fn empty() -> Passage {
    Passage::plain(PassageKind::Text, Text::default(), None)
}

/// One entity's mentions: article, passage, start and end of each.
type Row = Box<[[u32; 4]]>;

/// Every entity's mentions in reading order, gathered from every article
/// when first asked for.
pub(crate) struct AllMentions {
    articles: Vec<Arc<Lazy>>,
    n_entities: usize,
    table: OnceLock<Box<[Row]>>,
}

impl std::fmt::Debug for AllMentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AllMentions")
            .field("gathered", &self.table.get().is_some())
            .finish()
    }
}

impl AllMentions {
    pub fn new(articles: Vec<Arc<Lazy>>, n_entities: usize) -> Self {
        AllMentions {
            articles,
            n_entities,
            table: OnceLock::new(),
        }
    }

    /// Entity `e`'s mentions: article, passage, start and end of each.
    pub fn of(&self, e: usize) -> &[[u32; 4]] {
        self.table
            .get_or_init(|| self.gather())
            .get(e)
            .map_or(&[], |b| &b[..])
    }

    fn gather(&self) -> Box<[Row]> {
        let mut table: Vec<Vec<[u32; 4]>> = vec![Vec::new(); self.n_entities];
        for (ai, z) in self.articles.iter().enumerate() {
            z.with(|ps| {
                for (pi, p) in ps.iter().enumerate() {
                    for m in &p.mentions {
                        // Each passage's ranges lie in an article whose
                        // length fits 32 bits, checked when decoded.
                        if let Some(list) = table.get_mut(m.entity.index()) {
                            list.push([
                                ai as u32,
                                pi as u32,
                                m.range.start as u32,
                                m.range.end as u32,
                            ]);
                        }
                    }
                }
            });
        }
        table.into_iter().map(Vec::into_boxed_slice).collect()
    }
}
