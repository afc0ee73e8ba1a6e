//! The indices: built once after loading so the reader never searches at
//! draw time, and the coverage warnings they make cheap to find.

use std::collections::HashSet;

use super::Cx;
use crate::corpus::model::{
    Article, ArticleIdx, Entity, Event, EventIdx, MentionRef, PassageKind, PassageLoc,
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

/// Builds the cross indices once, so the reader never searches at draw time.
pub(super) fn index(articles: &mut [Article], entities: &mut [Entity], events: &[Event]) {
    // Events are visited in order, so a repeat can only be the last one pushed.
    for (ei, ev) in events.iter().enumerate() {
        let ei = EventIdx(ei);
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
                        article: ArticleIdx(ai),
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

/// Every event's passages, events in date order: a passage describing two
/// events is read under each, so no event with a passage is passed over.
pub(super) fn chronological(events: &[Event]) -> Vec<(PassageLoc, EventIdx)> {
    events
        .iter()
        .enumerate()
        .flat_map(|(ei, ev)| ev.passages.iter().map(move |&loc| (loc, EventIdx(ei))))
        .collect()
}
