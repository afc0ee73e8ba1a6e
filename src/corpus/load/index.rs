//! The indices: built once after loading so the reader never searches at
//! draw time, and the coverage warnings they make cheap to find.

use super::Cx;
use crate::corpus::model::{
    Article, ArticleIdx, Entity, EntityIdx, Event, EventIdx, MentionRef, Mentions, PassageKind,
    PassageLoc,
};

impl Cx<'_> {
    pub(super) fn warn_coverage(&mut self, articles: &[Article], entities: &[Entity]) {
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

/// Entities in the order they are first met, without repeats.
pub(crate) fn first_seen(items: impl Iterator<Item = EntityIdx>) -> Vec<EntityIdx> {
    let mut seen = std::collections::HashSet::new();
    items.filter(|e| seen.insert(*e)).collect()
}

/// Each entity's events: those that name it, in timeline order.
pub(crate) fn entity_events(entities: &mut [Entity], events: &[Event]) {
    // Events are visited in order, so a repeat can only be the last one pushed.
    for (ei, ev) in events.iter().enumerate() {
        let ei = EventIdx(ei);
        for &en in &ev.entities {
            if entities[en].events.last() != Some(&ei) {
                entities[en].events.push(ei);
            }
        }
    }
}

/// Builds the cross indices once, so the reader never searches at draw time.
pub(crate) fn index(articles: &mut [Article], entities: &mut [Entity], events: &[Event]) {
    entity_events(entities, events);
    let mut passage_events: std::collections::HashMap<PassageLoc, Vec<EventIdx>> =
        std::collections::HashMap::new();
    for (ei, ev) in events.iter().enumerate() {
        let ei = EventIdx(ei);
        for loc in &ev.passages {
            let list = passage_events.entry(*loc).or_default();
            if list.last() != Some(&ei) {
                list.push(ei);
            }
        }
    }
    // Which entities an article and a passage have named so far: the
    // article's or passage's number stamped per entity, cheaper than a set
    // per passage when a pack has hundreds of thousands of them.
    let mut in_article = vec![usize::MAX; entities.len()];
    let mut in_passage = vec![usize::MAX; entities.len()];
    let mut passage_no = 0;
    // Each entity's mentions, counted first so that each list is made at
    // its size: a large pack has millions.
    let mut counts = vec![0usize; entities.len()];
    for m in articles
        .iter()
        .flat_map(|a| &a.passages)
        .flat_map(|p| &p.mentions)
    {
        counts[m.entity.index()] += 1;
    }
    let mut refs: Vec<Vec<[u32; 4]>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
    // Entities with a mention past what 32 bits hold, kept in full.
    let mut wide: Vec<Option<Vec<MentionRef>>> = vec![None; entities.len()];
    let mut ents = Vec::new();
    for (ai, a) in articles.iter_mut().enumerate() {
        let mut evs = Vec::new();
        let mut article_entities = Vec::new();
        for (pi, p) in a.passages.iter_mut().enumerate() {
            let here = PassageLoc {
                article: ArticleIdx(ai),
                passage: pi,
            };
            if let Some(mut list) = passage_events.remove(&here) {
                list.sort_unstable();
                p.events = list.into();
            }
            ents.clear();
            for m in &p.mentions {
                if in_passage[m.entity.index()] != passage_no {
                    in_passage[m.entity.index()] = passage_no;
                    ents.push(m.entity);
                }
                if in_article[m.entity.index()] != ai {
                    in_article[m.entity.index()] = ai;
                    article_entities.push(m.entity);
                }
                let r = MentionRef {
                    loc: PassageLoc {
                        article: ArticleIdx(ai),
                        passage: pi,
                    },
                    range: m.range.clone(),
                };
                let e = m.entity.index();
                match r.packed() {
                    Some(c) if wide[e].is_none() => refs[e].push(c),
                    _ => wide[e]
                        .get_or_insert_with(|| {
                            refs[e]
                                .drain(..)
                                .map(|c| MentionRef::unpacked(&c))
                                .collect()
                        })
                        .push(r),
                }
            }
            p.entities = ents.as_slice().into();
            passage_no += 1;
            evs.extend(p.events.iter().copied());
        }
        evs.sort_unstable();
        evs.dedup();
        a.events = evs;
        article_entities.shrink_to_fit();
        a.entities = article_entities;
    }
    for ((e, refs), wide) in entities.iter_mut().zip(refs).zip(wide) {
        e.events.sort_unstable();
        e.mentions = match wide {
            Some(full) => Mentions::from_refs(full),
            None => Mentions::from_compact(refs.into_boxed_slice()),
        };
    }
}

/// Every event's passages, events in date order: a passage describing two
/// events is read under each, so no event with a passage is passed over.
pub(crate) fn chronological(events: &[Event]) -> Vec<(PassageLoc, EventIdx)> {
    events
        .iter()
        .enumerate()
        .flat_map(|(ei, ev)| ev.passages.iter().map(move |&loc| (loc, EventIdx(ei))))
        .collect()
}
