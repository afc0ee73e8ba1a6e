//! The entity card's selectable rows.

use crate::corpus::{Corpus, EntityIdx, EventIdx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardItem {
    Related(EntityIdx),
    Event(EventIdx),
    /// Index into the entity's mentions.
    Mention(usize),
    /// Index into the places its name appears unlinked
    /// ([`crate::reader::Reader::unlinked_of`]).
    Unlinked(usize),
}

pub fn card_items(corpus: &Corpus, entity: EntityIdx) -> Vec<CardItem> {
    let e = &corpus.entities[entity];
    let mut items: Vec<CardItem> = e.related.iter().map(|&r| CardItem::Related(r)).collect();
    items.extend(e.events.iter().map(|&v| CardItem::Event(v)));
    items.extend((0..e.mentions.len()).map(CardItem::Mention));
    items
}
