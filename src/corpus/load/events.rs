//! Events, their disputes, and tours: dates parsed, references checked,
//! quotes resolved to passages.

use std::collections::{HashMap, HashSet};

use super::Cx;
use super::articles::RawArticle;
use super::diag::{Anchor, JsonFile, next_nth};
use crate::corpus::date::EdtfDate;
use crate::corpus::model::{Claim, Dispute, Entity, EntityIdx, Event, EventIdx, Step, Tour};
use crate::corpus::types::{EventSpec, TourSpec};

impl Cx<'_> {
    pub(super) fn build_events(
        &mut self,
        f: &JsonFile<Vec<EventSpec>>,
        raw: &[RawArticle],
        entities: &[Entity],
    ) -> Vec<Event> {
        let entity_ids = ids(entities.iter().map(|e| e.id.as_str()));
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut nths: HashMap<&str, usize> = HashMap::new();
        for e in &f.value {
            let nth = next_nth(&mut nths, &e.id);
            let anchor = Anchor::id(e.id.as_str(), nth);
            self.bad_id(f, "event", &e.id);
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
                        Anchor::id(&d.id, 0),
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

    /// The tours, in the order of their files; a tour id used twice is an
    /// error at its second use.
    pub(super) fn build_tours(
        &mut self,
        guides: &[JsonFile<TourSpec>],
        raw: &[RawArticle],
        entities: &[Entity],
        events: &[Event],
    ) -> Vec<Tour> {
        let entity_ids = ids(entities.iter().map(|e| e.id.as_str()));
        let event_ids = ids(events.iter().map(|e| e.id.as_str()));
        let tours = guides
            .iter()
            .map(|g| self.build_tour(g, raw, &entity_ids, &event_ids))
            .collect();
        let mut seen = HashSet::new();
        for g in guides {
            self.bad_id(g, "tour", &g.value.id);
            if !seen.insert(g.value.id.as_str()) {
                self.error_in(
                    g,
                    Anchor::id(&g.value.id, 0),
                    &g.value.id,
                    format!("duplicate tour id \"{}\"", g.value.id),
                );
            }
        }
        tours
    }

    fn build_tour(
        &mut self,
        g: &JsonFile<TourSpec>,
        raw: &[RawArticle],
        entity_ids: &HashMap<&str, EntityIdx>,
        event_ids: &HashMap<&str, EventIdx>,
    ) -> Tour {
        let t = &g.value;
        let anchor = Anchor::id(t.id.as_str(), 0);
        if t.steps.is_empty() {
            self.error_in(g, anchor, &t.id, format!("tour \"{}\" has no steps", t.id));
        }
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
        Tour {
            id: t.id.clone(),
            title: t.title.clone(),
            intro: t.intro.clone(),
            steps,
        }
    }
}

/// Id → index.
fn ids<'a, I: From<usize>>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, I> {
    ids.enumerate().map(|(i, id)| (id, I::from(i))).collect()
}
