//! Entities: their ids, spellings and relations checked, and their
//! mentions found in every passage.

use std::collections::HashMap;

use super::Cx;
use super::diag::{Anchor, JsonFile, next_nth};
use crate::corpus::error::{PackError, find_json_string, find_key_value};
use crate::corpus::link::Linker;
use crate::corpus::model::{Article, Entity, EntityIdx, Passage};
use crate::corpus::types::{EntityKind, EntitySpec};

impl Cx<'_> {
    pub(super) fn build_entities(&mut self, mut f: JsonFile<Vec<EntitySpec>>) -> Vec<Entity> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut spellings: HashMap<&str, &str> = HashMap::new();
        let mut nths: HashMap<&str, usize> = HashMap::new();
        for (i, e) in f.value.iter().enumerate() {
            let nth = next_nth(&mut nths, &e.id);
            let anchor = Anchor::id(e.id.as_str(), nth);
            self.check_coords(&f, anchor, e);
            if e.id.trim().is_empty() {
                self.error_in(&f, anchor, &e.id, "entity id must not be empty".into());
            }
            self.bad_id(&f, "entity", &e.id);
            if ids.insert(&e.id, i).is_some() {
                self.error_in(
                    &f,
                    anchor,
                    &e.id,
                    format!("duplicate entity id \"{}\"", e.id),
                );
            }
            for s in std::iter::once(&e.name).chain(&e.aliases) {
                if s.trim().is_empty() {
                    self.error_in(
                        &f,
                        anchor,
                        s,
                        format!("entity \"{}\" has an empty name or alias", e.id),
                    );
                    continue;
                }
                match spellings.get(s.as_str()) {
                    Some(owner) if *owner != e.id => {
                        self.error_in(&f, anchor, s, format!("spelling \"{s}\" of entity \"{}\" is already a spelling of entity \"{owner}\"", e.id));
                    }
                    _ => {
                        spellings.insert(s, &e.id);
                    }
                }
            }
        }
        let mut related = Vec::with_capacity(f.value.len());
        for e in &f.value {
            let anchor = Anchor::id(e.id.as_str(), 0);
            let mut these = Vec::new();
            for r in &e.related {
                match ids.get(r.as_str()) {
                    Some(&j) => these.push(EntityIdx(j)),
                    None => self.error_in(
                        &f,
                        anchor,
                        r,
                        format!("entity \"{}\" is related to unknown entity \"{r}\"", e.id),
                    ),
                }
            }
            related.push(these);
        }
        std::mem::take(&mut f.value)
            .into_iter()
            .zip(related)
            .map(|(e, related)| Entity {
                id: e.id,
                kind: e.kind,
                name: e.name,
                aliases: e.aliases,
                summary: e.summary,
                related,
                coords: e.coords,
                suggested: e.status.is_some(),
                mentions: Default::default(),
                events: Vec::new(),
            })
            .collect()
    }

    /// A position must be one: both numbers in range, on a kind that lies
    /// somewhere. A state may have one, a representative point for the map.
    fn check_coords(&mut self, f: &JsonFile<Vec<EntitySpec>>, anchor: Anchor<'_>, e: &EntitySpec) {
        let Some(c) = e.coords else { return };
        let start = find_key_value(&f.src, "id", anchor.id, anchor.nth).unwrap_or(0);
        let coords = find_json_string(&f.src, "coords", start).unwrap_or(start);
        let at = |field: &str| find_json_string(&f.src, field, coords).unwrap_or(coords);
        if !matches!(
            e.kind,
            EntityKind::Place | EntityKind::Site | EntityKind::State
        ) {
            let message = format!(
                "entity \"{}\" is a {} and has coords: only places, sites and states have a position",
                e.id,
                e.kind.label()
            );
            self.error(&f.rel, &f.src, coords, message);
        }
        if !(-90.0..=90.0).contains(&c.lat) {
            let message = format!(
                "entity \"{}\" has latitude {} outside -90 to 90 degrees",
                e.id, c.lat
            );
            self.error(&f.rel, &f.src, at("lat"), message);
        }
        if !(-180.0..=180.0).contains(&c.lon) {
            let message = format!(
                "entity \"{}\" has longitude {} outside -180 to 180 degrees",
                e.id, c.lon
            );
            self.error(&f.rel, &f.src, at("lon"), message);
        }
    }

    pub(super) fn link(&mut self, articles: &mut [Article], entities: &[Entity]) {
        let linker = linker(entities);
        if let Some(e) = linker.error() {
            self.push(PackError {
                file: self.source.display_path("entities.json"),
                line: 1,
                column: 1,
                message: format!("the names and aliases cannot be matched in the text: {e}"),
            });
        }
        self.progress.stage("linking the articles", articles.len());
        for a in articles.iter_mut() {
            self.progress.step();
            for p in a.passages.iter_mut() {
                link_passage(&linker, p);
            }
        }
    }
}

/// A passage's mentions as the spellings find them, in its text as shown
/// and as printed.
pub(super) fn link_passage(linker: &Linker, p: &mut Passage) {
    p.mentions = linker.find(&p.text).into();
    if let Some(o) = &p.original {
        p.original_mentions = linker.find(o).into();
    }
}

/// The spellings of every entity, matched in the text.
pub(crate) fn linker(entities: &[Entity]) -> Linker {
    Linker::new(entities.iter().enumerate().flat_map(|(i, e)| {
        std::iter::once(e.name.as_str())
            .chain(e.aliases.iter().map(String::as_str))
            .map(move |s| (EntityIdx(i), s))
    }))
}
