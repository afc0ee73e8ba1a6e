//! Changes that no link, index or order depends on: an entity's summary,
//! kind, position or review status, an event's title, summary or review
//! status. The loaded corpus is patched with them rather than the pack
//! loaded again, which on a large pack is most of the cost of a change.
//!
//! A change to the links at a few places is patched too ([`super::relink`]).
//! Anything else (a name or alias, which the text is matched with; a date,
//! which orders the timeline; an item added or removed) is loaded afresh.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::files::{Docs, ENTITIES, EVENTS};
use crate::corpus::Corpus;
use crate::corpus::types::{EntityKind, EntitySpec, EventSpec};

/// The items as the change left them, each differing from before only in
/// the fields named above.
#[derive(Debug, Clone)]
pub struct Quick {
    entities: Vec<EntitySpec>,
    events: Vec<EventSpec>,
    /// Or the mentions of a few articles linked again.
    relink: Option<Box<super::relink::Relink>>,
}

impl From<super::relink::Relink> for Quick {
    fn from(r: super::relink::Relink) -> Self {
        Quick {
            entities: Vec::new(),
            events: Vec::new(),
            relink: Some(Box::new(r)),
        }
    }
}

/// The fields of an item a quick change may touch, emptied, so that two
/// items that differ only there compare equal.
fn without(mut v: Value, fields: &[&str]) -> Value {
    if let Some(o) = v.as_object_mut() {
        for f in fields {
            o.remove(*f);
        }
    }
    v
}

/// The items of `file` that differ, as they now are, if every change is to
/// `fields` of an item that keeps its id and place.
fn changed<T: DeserializeOwned + Serialize>(
    before: &Docs,
    after: &Docs,
    file: &str,
    fields: &[&str],
) -> Option<Vec<T>> {
    let (b, a) = (before.files.get(file)?, after.files.get(file)?);
    if b == a {
        return Some(Vec::new());
    }
    let (b, a) = (b.as_array()?, a.as_array()?);
    if b.len() != a.len() {
        return None;
    }
    let mut out = Vec::new();
    for (x, y) in b.iter().zip(a) {
        if x == y {
            continue;
        }
        let (tx, ty): (T, T) = (
            serde_json::from_value(x.clone()).ok()?,
            serde_json::from_value(y.clone()).ok()?,
        );
        let (vx, vy) = (
            serde_json::to_value(&tx).ok()?,
            serde_json::to_value(&ty).ok()?,
        );
        if without(vx, fields) != without(vy, fields) {
            return None;
        }
        out.push(ty);
    }
    Some(out)
}

/// What the change from `before` to `after` does, if it is quick.
pub fn plan(before: &Docs, after: &Docs) -> Option<Quick> {
    let others_same = before
        .files
        .iter()
        .filter(|(k, _)| *k != ENTITIES && *k != EVENTS)
        .all(|(k, v)| after.files.get(k) == Some(v))
        && after.files.len() == before.files.len();
    if !others_same {
        return None;
    }
    let entities: Vec<EntitySpec> = changed(
        before,
        after,
        ENTITIES,
        &["summary", "kind", "coords", "status"],
    )?;
    // A position is checked as loading checks it.
    let placed = |e: &EntitySpec| {
        e.coords.is_none_or(|c| {
            matches!(
                e.kind,
                EntityKind::Place | EntityKind::Site | EntityKind::State
            ) && (-90.0..=90.0).contains(&c.lat)
                && (-180.0..=180.0).contains(&c.lon)
        })
    };
    if !entities.iter().all(placed) {
        return None;
    }
    let events: Vec<EventSpec> = changed(before, after, EVENTS, &["title", "summary", "status"])?;
    if events.iter().any(|e| e.title.trim().is_empty()) {
        return None;
    }
    Some(Quick {
        entities,
        events,
        relink: None,
    })
}

impl Quick {
    /// Patches the corpus; false (and nothing changed) when an item is not
    /// in it, which means the corpus is not the one the files were read for.
    pub fn apply(&self, c: &mut Corpus) -> bool {
        if let Some(r) = &self.relink {
            return r.apply(c);
        }
        let ents: Option<Vec<_>> = self
            .entities
            .iter()
            .map(|e| c.entity_index(&e.id))
            .collect();
        let evs: Option<Vec<_>> = self.events.iter().map(|e| c.event_index(&e.id)).collect();
        let (Some(ents), Some(evs)) = (ents, evs) else {
            return false;
        };
        for (spec, i) in self.entities.iter().zip(ents) {
            let e = &mut c.entities[i];
            e.summary.clone_from(&spec.summary);
            e.kind = spec.kind;
            e.coords = spec.coords;
            e.suggested = spec.status.is_some();
        }
        for (spec, i) in self.events.iter().zip(evs) {
            let e = &mut c.events[i];
            e.title.clone_from(&spec.title);
            e.summary.clone_from(&spec.summary);
            e.suggested = spec.status.is_some();
        }
        true
    }
}
