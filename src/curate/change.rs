//! Curation changes, said in ids rather than indices, so that a change can
//! be applied again to files re-read from disk.

use std::collections::HashSet;
use std::path::Path;

use super::files::{Docs, ENTITIES, EVENTS};
use super::patch::Patch;
use crate::corpus::date::EdtfDate;
use crate::corpus::types::{EntityKind, EventSpec, LinkSpec, PassageRef, StepSpec, TourSpec};

/// A passage, by its article's id and its text as printed; the quote that
/// points to it is chosen from the article file when the change is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageAt {
    pub article: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    AcceptEntity(String),
    /// Removes the entity and every reference to it.
    RejectEntity(String),
    /// The old name stays as an alias, so the text still links.
    Rename {
        id: String,
        name: String,
    },
    SetKind {
        id: String,
        kind: EntityKind,
    },
    AddAlias {
        id: String,
        alias: String,
    },
    RemoveAlias {
        id: String,
        alias: String,
    },
    /// `from` becomes part of `into`: its name and aliases, relations and
    /// every reference to it follow.
    Merge {
        from: String,
        into: String,
    },
    Summary {
        id: String,
        summary: String,
    },
    /// Relates two entities, both ways.
    Relate {
        id: String,
        other: String,
    },
    CreateEvent {
        date: String,
        title: String,
        at: PassageAt,
        entities: Vec<String>,
    },
    AcceptEvent(String),
    RejectEvent(String),
    Redate {
        id: String,
        date: String,
    },
    Retitle {
        id: String,
        title: String,
    },
    /// Another passage that tells of the event.
    Attach {
        event: String,
        at: PassageAt,
    },
    /// One occurrence of `text` in a passage (the `nth`, from 0, as
    /// printed) links to `entity`, or to nothing.
    Link {
        at: PassageAt,
        text: String,
        nth: usize,
        entity: Option<String>,
    },
    /// A new entity, its words at one place linked to it.
    CreateEntity {
        name: String,
        kind: EntityKind,
        at: PassageAt,
        text: String,
        nth: usize,
    },
    /// A step of the tour at `tour` one place later or earlier. The step
    /// is named by its place and its quote, which must still agree.
    MoveStep {
        tour: String,
        index: usize,
        quote: String,
        later: bool,
    },
    /// Removes a step; a tour left with none is removed.
    DeleteStep {
        tour: String,
        index: usize,
        quote: String,
    },
    /// A new tour, its first step at the passage.
    NewTour {
        title: String,
        at: PassageAt,
        commentary: String,
    },
    /// A tour step at the passage, added to the tour at `tour` (a path in
    /// the pack), which is made when it does not exist.
    AddStep {
        tour: String,
        at: PassageAt,
        commentary: String,
    },
    /// Several occurrences at once, each as [`Change::Link`] would link it
    /// (the words and which occurrence of them in the passage, from 0, as
    /// printed); those a hand link decided already, or that cannot be
    /// quoted, are left as they are.
    LinkAll {
        entity: String,
        places: Vec<(PassageAt, String, usize)>,
    },
    /// The sources disagree on the event: each passage and what it says.
    AddDispute {
        event: String,
        topic: String,
        claims: Vec<(PassageAt, String)>,
    },
    /// An undo: items back as they were.
    Patch(Patch),
}

fn no_entity(id: &str) -> String {
    format!("no entity “{id}” (removed on disk?)")
}

fn no_event(id: &str) -> String {
    format!("no event “{id}” (removed on disk?)")
}

fn replace_ref(list: &mut Vec<String>, from: &str, into: &str) {
    for x in list.iter_mut() {
        if x == from {
            *x = into.to_owned();
        }
    }
    let mut seen = HashSet::new();
    list.retain(|x| seen.insert(x.clone()));
}

/// Cells a name takes at most in a status message, so that a long one
/// leaves room for the rest of what is said.
const NAME_CELLS: usize = 32;

/// A name or other words in quotes, as one line the terminal shows as
/// text, cut with `…` when long.
fn quoted(s: &str) -> String {
    format!(
        "“{}”",
        crate::text::truncate(clean_input(s).as_str(), NAME_CELLS)
    )
}

/// The item's `field` (its name or title) quoted, found by id in `file`
/// without reading the rest of the list; its id when it is not there (a
/// change that does not apply says so itself).
fn named(docs: &Docs, file: &str, id: &str, field: &str) -> String {
    let found = match docs.files.get(file) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .find(|v| super::docs::id_of(v) == Some(id))
            .and_then(|v| v.get(field))
            .and_then(serde_json::Value::as_str),
        _ => None,
    };
    match found {
        Some(name) => quoted(name),
        None => crate::sanitize::clean_line(id),
    }
}

/// The title of the tour a step makes when it joins none yet.
const OWN_TOUR_TITLE: &str = "My tour";

/// A tour, by its path in the pack: its title, as it is or as the change
/// makes it.
fn tour_title(docs: &Docs, path: &str) -> String {
    let title = docs
        .files
        .get(path)
        .and_then(|t| t.get("title"))
        .and_then(serde_json::Value::as_str);
    quoted(title.unwrap_or(OWN_TOUR_TITLE))
}

/// Text typed at a prompt, cleaned of what must not reach a terminal or
/// a pack, with surrounding space dropped.
pub fn clean_input(s: &str) -> String {
    crate::sanitize::clean_line(s).trim().to_owned()
}

impl Change {
    /// A few words for the status line: what was done, to what, named as
    /// the reader shows it in `docs` (the files the change applies to).
    pub fn describe(&self, docs: &Docs) -> String {
        let ent = |id: &str| named(docs, ENTITIES, id, "name");
        let evt = |id: &str| named(docs, EVENTS, id, "title");
        match self {
            Change::AcceptEntity(id) => format!("accepted {}", ent(id)),
            Change::RejectEntity(id) => format!("rejected {}", ent(id)),
            Change::Rename { id, name } => format!("renamed {} to {}", ent(id), quoted(name)),
            Change::SetKind { id, kind } => {
                format!("{}: the kind is now {}", ent(id), kind.label())
            }
            Change::AddAlias { id, alias } => {
                format!("alias {} added to {}", quoted(alias), ent(id))
            }
            Change::RemoveAlias { id, alias } => {
                format!("alias {} removed from {}", quoted(alias), ent(id))
            }
            Change::Merge { from, into } => format!("merged {} into {}", ent(from), ent(into)),
            Change::Summary { id, .. } => format!("summary of {} written", ent(id)),
            Change::Relate { id, other } => format!("{} related to {}", ent(id), ent(other)),
            Change::CreateEvent { title, date, .. } => format!(
                "event {} ({}) created",
                quoted(title),
                crate::sanitize::clean_line(date)
            ),
            Change::AcceptEvent(id) => format!("accepted event {}", evt(id)),
            Change::RejectEvent(id) => format!("rejected event {}", evt(id)),
            Change::Redate { id, date } => format!(
                "{} re-dated to {}",
                evt(id),
                crate::sanitize::clean_line(date)
            ),
            Change::Retitle { id, title } => format!("{} retitled {}", evt(id), quoted(title)),
            Change::Attach { event, .. } => format!("passage attached to {}", evt(event)),
            Change::Link {
                text,
                entity: Some(e),
                ..
            } => format!("{} here links to {}", quoted(text), ent(e)),
            Change::Link {
                text, entity: None, ..
            } => format!("{} here links to nothing", quoted(text)),
            Change::AddStep { tour, .. } => format!("step added to {}", tour_title(docs, tour)),
            Change::CreateEntity { name, kind, .. } => {
                format!("new {} {} linked here", kind.label(), quoted(name))
            }
            Change::MoveStep { index, later, .. } => format!(
                "tour step {} moved {}",
                index + 1,
                if *later { "later" } else { "earlier" }
            ),
            Change::DeleteStep { index, .. } => format!("tour step {} removed", index + 1),
            Change::NewTour { title, .. } => format!("tour {} created", quoted(title)),
            Change::AddDispute { event, .. } => format!("dispute added to {}", evt(event)),
            Change::LinkAll { entity, places } => {
                let n = places.len();
                let s = if n == 1 { "" } else { "s" };
                format!("{n} unlinked mention{s} linked to {}", ent(entity))
            }
            Change::Patch(_) => "undone".into(),
        }
    }

    /// Applies the change to the files; Err says why it does not apply.
    pub fn apply(&self, docs: &mut Docs, root: &Path) -> Result<(), String> {
        match self {
            Change::Patch(p) => p.apply(docs),
            Change::AcceptEntity(id) => edit_entity(docs, id, |e| {
                if e.status.is_none() {
                    return Err(format!("{id} is not a suggestion"));
                }
                e.status = None;
                Ok(())
            }),
            Change::RejectEntity(id) => reject_entity(docs, id),
            Change::Rename { id, name } => {
                let name = clean_input(name);
                if name.is_empty() {
                    return Err("a name cannot be empty".into());
                }
                edit_entity(docs, id, |e| {
                    if e.name == name {
                        return Err("that is its name already".into());
                    }
                    let old = std::mem::replace(&mut e.name, name.clone());
                    e.aliases.retain(|a| *a != name);
                    if !e.aliases.contains(&old) {
                        e.aliases.push(old);
                    }
                    Ok(())
                })
            }
            Change::SetKind { id, kind } => edit_entity(docs, id, |e| {
                if e.kind == *kind {
                    return Err(format!("{id} is a {} already", kind.label()));
                }
                e.kind = *kind;
                // Only places, sites and states have a position on the map.
                if !matches!(
                    kind,
                    EntityKind::Place | EntityKind::Site | EntityKind::State
                ) {
                    e.coords = None;
                }
                Ok(())
            }),
            Change::AddAlias { id, alias } => {
                let alias = clean_input(alias);
                if alias.is_empty() {
                    return Err("an alias cannot be empty".into());
                }
                edit_entity(docs, id, |e| {
                    if e.name == alias || e.aliases.contains(&alias) {
                        return Err(format!("{id} has “{alias}” already"));
                    }
                    e.aliases.push(alias);
                    Ok(())
                })
            }
            Change::RemoveAlias { id, alias } => edit_entity(docs, id, |e| {
                let n = e.aliases.len();
                e.aliases.retain(|a| a != alias);
                if e.aliases.len() == n {
                    return Err(format!("{id} has no alias “{alias}”"));
                }
                Ok(())
            }),
            Change::Merge { from, into } => merge(docs, from, into),
            Change::Summary { id, summary } => {
                let summary = clean_input(summary);
                edit_entity(docs, id, |e| {
                    e.summary = summary;
                    Ok(())
                })
            }
            Change::Relate { id, other } => {
                if id == other {
                    return Err("an entity cannot be related to itself".into());
                }
                let mut list = docs.entities()?;
                if !list.iter().any(|e| e.id == *other) {
                    return Err(no_entity(other));
                }
                let mut added = false;
                for (a, b) in [(id, other), (other, id)] {
                    let e = list
                        .iter_mut()
                        .find(|e| e.id == **a)
                        .ok_or_else(|| no_entity(a))?;
                    if !e.related.contains(b) {
                        e.related.push(b.to_string());
                        added = true;
                    }
                }
                if !added {
                    return Err(format!("{id} and {other} are related already"));
                }
                docs.set_entities(&list)
            }
            Change::CreateEvent {
                date,
                title,
                at,
                entities,
            } => {
                let title = clean_input(title);
                if title.is_empty() {
                    return Err("an event needs a title".into());
                }
                EdtfDate::parse(date).map_err(|e| format!("date “{date}”: {e}"))?;
                let quote = passage_quote(docs, root, at)?;
                let mut list = docs.events()?;
                let mut taken: HashSet<String> = list.iter().map(|e| e.id.clone()).collect();
                let id =
                    crate::import::pack::unique_id(&crate::import::pack::slug(&title), &mut taken);
                let known: HashSet<String> = docs.entities()?.into_iter().map(|e| e.id).collect();
                list.push(EventSpec {
                    id,
                    date: date.clone(),
                    title,
                    summary: String::new(),
                    entities: entities
                        .iter()
                        .filter(|e| known.contains(*e))
                        .cloned()
                        .collect(),
                    passages: vec![PassageRef {
                        article: at.article.clone(),
                        quote,
                    }],
                    disputes: Vec::new(),
                    status: None,
                });
                docs.set_events(&list)
            }
            Change::AcceptEvent(id) => edit_event(docs, id, |e| {
                if e.status.is_none() {
                    return Err(format!("{id} is not a suggestion"));
                }
                e.status = None;
                Ok(())
            }),
            Change::RejectEvent(id) => reject_event(docs, id),
            Change::Redate { id, date } => {
                EdtfDate::parse(date).map_err(|e| format!("date “{date}”: {e}"))?;
                edit_event(docs, id, |e| {
                    e.date = date.clone();
                    Ok(())
                })
            }
            Change::Retitle { id, title } => {
                let title = clean_input(title);
                if title.is_empty() {
                    return Err("an event needs a title".into());
                }
                edit_event(docs, id, |e| {
                    e.title = title;
                    Ok(())
                })
            }
            Change::Attach { event, at } => {
                let quote = passage_quote(docs, root, at)?;
                edit_event(docs, event, |e| {
                    let article_quotes = e.passages.iter().filter(|p| p.article == at.article);
                    if article_quotes
                        .map(|p| p.quote.as_str())
                        .any(|q| at.text.contains(q))
                    {
                        return Err(format!("this passage tells of {event} already"));
                    }
                    e.passages.push(PassageRef {
                        article: at.article.clone(),
                        quote,
                    });
                    Ok(())
                })
            }
            Change::Link {
                at,
                text,
                nth,
                entity,
            } => link(docs, root, at, text, *nth, entity.as_deref()),
            Change::CreateEntity {
                name,
                kind,
                at,
                text,
                nth,
            } => create_entity(docs, root, name, *kind, at, text, *nth),
            Change::MoveStep {
                tour,
                index,
                quote,
                later,
            } => {
                let mut t = step_of(docs, tour, *index, quote)?;
                let other = if *later {
                    Some(index + 1).filter(|&j| j < t.steps.len())
                } else {
                    index.checked_sub(1)
                };
                let Some(j) = other else {
                    return Err(format!(
                        "it is the {} step already",
                        if *later { "last" } else { "first" }
                    ));
                };
                t.steps.swap(*index, j);
                docs.set_tour(tour, &t)
            }
            Change::DeleteStep { tour, index, quote } => {
                let mut t = step_of(docs, tour, *index, quote)?;
                t.steps.remove(*index);
                if t.steps.is_empty() {
                    // A tour has at least one step.
                    docs.files.remove(tour);
                    return Ok(());
                }
                docs.set_tour(tour, &t)
            }
            Change::NewTour {
                title,
                at,
                commentary,
            } => {
                let title = clean_input(title);
                if title.is_empty() {
                    return Err("a tour needs a title".into());
                }
                let quote = passage_quote(docs, root, at)?;
                let tours = docs.tours()?;
                let mut taken: HashSet<String> = tours.iter().map(|(_, t)| t.id.clone()).collect();
                // Files and ids alike: a file left by hand may hold another id.
                taken.extend(tours.iter().map(|(p, _)| {
                    p.trim_start_matches("guides/")
                        .trim_end_matches(".json")
                        .to_owned()
                }));
                let id =
                    crate::import::pack::unique_id(&crate::import::pack::slug(&title), &mut taken);
                let path = format!("guides/{id}.json");
                docs.set_tour(
                    &path,
                    &TourSpec {
                        id,
                        title,
                        intro: String::new(),
                        steps: vec![StepSpec {
                            article: at.article.clone(),
                            quote,
                            commentary: clean_input(commentary),
                            entity: None,
                            event: None,
                        }],
                    },
                )
            }
            Change::LinkAll { entity, places } => {
                let mut linked = 0;
                for (at, text, nth) in places {
                    if !decided(docs, root, at, text, *nth)?
                        && link(docs, root, at, text, *nth, Some(entity)).is_ok()
                    {
                        linked += 1;
                    }
                }
                if linked == 0 {
                    return Err("none of these mentions could be linked".into());
                }
                Ok(())
            }
            Change::AddDispute {
                event,
                topic,
                claims,
            } => {
                let topic = clean_input(topic);
                if topic.is_empty() {
                    return Err("a dispute needs a topic".into());
                }
                if claims.len() < 2 {
                    return Err("a dispute needs two passages that disagree".into());
                }
                let mut specs = Vec::new();
                for (at, says) in claims {
                    specs.push(crate::corpus::types::ClaimSpec {
                        article: at.article.clone(),
                        quote: passage_quote(docs, root, at)?,
                        says: clean_input(says),
                    });
                }
                edit_event(docs, event, |e| {
                    let mut taken: HashSet<String> =
                        e.disputes.iter().map(|d| d.id.clone()).collect();
                    let id = crate::import::pack::unique_id(
                        &crate::import::pack::slug(&topic),
                        &mut taken,
                    );
                    e.disputes.push(crate::corpus::types::DisputeSpec {
                        id,
                        topic,
                        note: String::new(),
                        claims: specs,
                    });
                    Ok(())
                })
            }
            Change::AddStep {
                tour,
                at,
                commentary,
            } => {
                let quote = passage_quote(docs, root, at)?;
                let mut t = match docs.tours()?.into_iter().find(|(p, _)| p == tour) {
                    Some((_, t)) => t,
                    None => TourSpec {
                        id: tour
                            .trim_start_matches("guides/")
                            .trim_end_matches(".json")
                            .to_owned(),
                        title: OWN_TOUR_TITLE.into(),
                        intro: "Passages chosen while reading.".into(),
                        steps: Vec::new(),
                    },
                };
                t.steps.push(StepSpec {
                    article: at.article.clone(),
                    quote,
                    commentary: clean_input(commentary),
                    entity: None,
                    event: None,
                });
                docs.set_tour(tour, &t)
            }
        }
    }
}

fn edit_entity(
    docs: &mut Docs,
    id: &str,
    f: impl FnOnce(&mut crate::corpus::types::EntitySpec) -> Result<(), String>,
) -> Result<(), String> {
    let mut list = docs.entities()?;
    let e = list
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| no_entity(id))?;
    f(e)?;
    docs.set_entities(&list)
}

fn edit_event(
    docs: &mut Docs,
    id: &str,
    f: impl FnOnce(&mut EventSpec) -> Result<(), String>,
) -> Result<(), String> {
    let mut list = docs.events()?;
    let e = list
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| no_event(id))?;
    f(e)?;
    docs.set_events(&list)
}

/// Rewrites every reference to entity `from`: to `into`, or away.
fn retarget(docs: &mut Docs, from: &str, into: Option<&str>) -> Result<(), String> {
    let mut entities = docs.entities()?;
    for e in &mut entities {
        match into {
            Some(into) => replace_ref(&mut e.related, from, into),
            None => e.related.retain(|r| r != from),
        }
        // Nothing is related to itself.
        let own = e.id.clone();
        e.related.retain(|r| *r != own);
    }
    docs.set_entities(&entities)?;
    let mut events = docs.events()?;
    for ev in &mut events {
        match into {
            Some(into) => replace_ref(&mut ev.entities, from, into),
            None => ev.entities.retain(|r| r != from),
        }
    }
    docs.set_events(&events)?;
    let mut corpus = docs.corpus()?;
    for a in &mut corpus.articles {
        for l in &mut a.links {
            if l.entity.as_deref() == Some(from) {
                l.entity = into.map(str::to_owned);
            }
        }
        // A hand link to an entity that is gone would be an error; the
        // text it covered is simply no longer linked.
        if into.is_none() {
            a.links.retain(|l| l.entity.as_deref() != Some(from));
        }
    }
    docs.set_corpus(&corpus)?;
    for (path, mut t) in docs.tours()? {
        for s in &mut t.steps {
            if s.entity.as_deref() == Some(from) {
                s.entity = into.map(str::to_owned);
            }
        }
        docs.set_tour(&path, &t)?;
    }
    Ok(())
}

fn reject_entity(docs: &mut Docs, id: &str) -> Result<(), String> {
    let mut list = docs.entities()?;
    let n = list.len();
    list.retain(|e| e.id != id);
    if list.len() == n {
        return Err(no_entity(id));
    }
    docs.set_entities(&list)?;
    retarget(docs, id, None)
}

fn reject_event(docs: &mut Docs, id: &str) -> Result<(), String> {
    let mut list = docs.events()?;
    let n = list.len();
    list.retain(|e| e.id != id);
    if list.len() == n {
        return Err(no_event(id));
    }
    docs.set_events(&list)?;
    for (path, mut t) in docs.tours()? {
        for s in &mut t.steps {
            if s.event.as_deref() == Some(id) {
                s.event = None;
            }
        }
        docs.set_tour(&path, &t)?;
    }
    Ok(())
}

fn merge(docs: &mut Docs, from: &str, into: &str) -> Result<(), String> {
    if from == into {
        return Err("an entity cannot be merged with itself".into());
    }
    let mut list = docs.entities()?;
    let i = list
        .iter()
        .position(|e| e.id == from)
        .ok_or_else(|| no_entity(from))?;
    let gone = list.remove(i);
    let keep = list
        .iter_mut()
        .find(|e| e.id == into)
        .ok_or_else(|| no_entity(into))?;
    for spelling in std::iter::once(gone.name).chain(gone.aliases) {
        if spelling != keep.name && !keep.aliases.contains(&spelling) {
            keep.aliases.push(spelling);
        }
    }
    for r in gone.related {
        if r != keep.id && !keep.related.contains(&r) {
            keep.related.push(r);
        }
    }
    if keep.summary.trim().is_empty() {
        keep.summary = gone.summary;
    }
    if keep.coords.is_none() {
        keep.coords = gone.coords;
    }
    docs.set_entities(&list)?;
    retarget(docs, from, Some(into))
}

/// The text of an article file as printed.
fn article_text(docs: &Docs, root: &Path, article: &str) -> Result<String, String> {
    let meta = docs.article(article)?;
    let source = crate::corpus::PackSource::dir(root).map_err(|e| e.to_string())?;
    let bytes = source
        .read(&meta.file)
        .map_err(|e| format!("{}: {e}", source.display_path(&meta.file)))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", meta.file))
}

/// Where the passage lies in the article file, as a byte range: found
/// whole, or (a passage of several lines, or with Windows line endings) by
/// its first line when that line occurs once.
fn passage_range(text: &str, passage: &str) -> Option<std::ops::Range<usize>> {
    if let Some(start) = text.find(passage) {
        return Some(start..start + passage.len());
    }
    let first = passage.lines().next()?.trim();
    let start = text.find(first)?;
    if first.is_empty() || text[start + first.len()..].contains(first) {
        return None;
    }
    // The passage runs to the next blank line.
    let rest = &text[start..];
    let end = rest
        .find("\n\n")
        .or_else(|| rest.find("\r\n\r\n"))
        .map_or(text.len(), |i| start + i);
    Some(start..end)
}

/// A quote that points to the passage: a short unique piece from its start.
fn passage_quote(docs: &Docs, root: &Path, at: &PassageAt) -> Result<String, String> {
    let text = article_text(docs, root, &at.article)?;
    let range = passage_range(&text, &at.text)
        .ok_or_else(|| format!("the passage is no longer in the article “{}”", at.article))?;
    // About six words: short to read, long enough to be unique mostly.
    let mut focus_end = range.start;
    for (n, (i, _)) in text[range.clone()].match_indices(' ').enumerate() {
        focus_end = range.start + i;
        if n >= 5 {
            break;
        }
    }
    if focus_end == range.start {
        focus_end = range.end;
    }
    crate::import::quote::unique(&text, range.clone(), range.start..focus_end)
        .ok_or_else(|| "the passage occurs twice in its article; no quote can point to it".into())
}

/// The tour at `path`, whose step `index` must still be the one quoted.
fn step_of(docs: &Docs, path: &str, index: usize, quote: &str) -> Result<TourSpec, String> {
    let (_, t) = docs
        .tours()?
        .into_iter()
        .find(|(p, _)| p == path)
        .ok_or_else(|| format!("no tour {path} (removed on disk?)"))?;
    if t.steps.get(index).map(|s| s.quote.as_str()) != Some(quote) {
        return Err(format!("{path} changed: its step {} is another", index + 1));
    }
    Ok(t)
}

fn create_entity(
    docs: &mut Docs,
    root: &Path,
    name: &str,
    kind: EntityKind,
    at: &PassageAt,
    text: &str,
    nth: usize,
) -> Result<(), String> {
    let name = clean_input(name);
    if name.is_empty() {
        return Err("a name cannot be empty".into());
    }
    let mut list = docs.entities()?;
    let mut taken: HashSet<String> = list.iter().map(|e| e.id.clone()).collect();
    let id = crate::import::pack::unique_id(&crate::import::pack::slug(&name), &mut taken);
    list.push(crate::corpus::types::EntitySpec {
        id: id.clone(),
        kind,
        name: name.clone(),
        aliases: Vec::new(),
        summary: String::new(),
        related: Vec::new(),
        coords: None,
        status: None,
    });
    docs.set_entities(&list)?;
    // Words that are the name itself link by the name everywhere.
    if text != name {
        link(docs, root, at, text, nth, Some(&id))?;
    }
    Ok(())
}

/// Whether a hand link already covers the `nth` occurrence of `text` in
/// the passage: what was decided there, to something or to nothing, stays.
fn decided(
    docs: &Docs,
    root: &Path,
    at: &PassageAt,
    text: &str,
    nth: usize,
) -> Result<bool, String> {
    let raw = article_text(docs, root, &at.article)?;
    let Some(range) = passage_range(&raw, &at.text) else {
        return Ok(false);
    };
    let Some((off, _)) = raw[range.clone()].match_indices(text).nth(nth) else {
        return Ok(false);
    };
    let words = range.start + off..range.start + off + text.len();
    let corpus = docs.corpus()?;
    let covered = corpus
        .articles
        .iter()
        .filter(|a| a.id == at.article)
        .flat_map(|a| &a.links)
        .any(|l| {
            let Some(q) = raw.find(&l.quote) else {
                return false;
            };
            let linked = match &l.text {
                Some(t) => l.quote.find(t.as_str()).map(|i| q + i..q + i + t.len()),
                None => Some(q..q + l.quote.len()),
            };
            linked.is_some_and(|l| l.start < words.end && words.start < l.end)
        });
    Ok(covered)
}

fn link(
    docs: &mut Docs,
    root: &Path,
    at: &PassageAt,
    text: &str,
    nth: usize,
    entity: Option<&str>,
) -> Result<(), String> {
    if let Some(e) = entity
        && !docs.entities()?.iter().any(|x| x.id == e)
    {
        return Err(no_entity(e));
    }
    let raw = article_text(docs, root, &at.article)?;
    let range = passage_range(&raw, &at.text)
        .ok_or_else(|| format!("the passage is no longer in the article “{}”", at.article))?;
    let passage = &raw[range.clone()];
    if text.trim().is_empty() {
        return Err("no words to link".into());
    }
    let (off, _) = passage
        .match_indices(text)
        .nth(nth)
        .ok_or_else(|| format!("“{text}” is not in this passage as printed"))?;
    let start = range.start + off;
    let quote = crate::import::quote::unique(&raw, range.clone(), start..start + text.len())
        .ok_or("no unique quote holds these words")?;
    if quote.matches(text).count() != 1 {
        return Err(format!(
            "“{text}” occurs twice in the shortest unique quote around it; link more words"
        ));
    }
    let mut a = docs.article(&at.article)?;
    let spec = LinkSpec {
        quote: quote.clone(),
        text: (quote != text).then(|| text.to_owned()),
        entity: entity.map(str::to_owned),
    };
    // A new decision on the same words replaces the old one.
    a.links
        .retain(|l| !(l.quote == spec.quote && l.text == spec.text));
    a.links.push(spec);
    docs.set_article(&a)
}

#[cfg(test)]
mod tests {
    use super::{Change, passage_range};
    use crate::corpus::types::EntityKind;

    #[test]
    fn a_new_kind_is_named_without_an_article_to_get_wrong() {
        for kind in EntityKind::ALL {
            let said = Change::SetKind {
                id: "x".into(),
                kind,
            }
            .describe(&super::Docs {
                files: Default::default(),
            });
            assert!(said.ends_with(&format!(" {}", kind.label())), "{said}");
            assert!(!said.contains(" a o") && !said.contains(" a a"), "{said}");
        }
    }

    /// Every change to an entity or event names it as the reader shows it:
    /// its name or title, cleaned and cut, never its id.
    #[test]
    fn a_change_names_what_it_changes_not_its_id() {
        let long = "A very long name\u{1b}[31m that goes on and on past any status line";
        let mut docs = super::Docs {
            files: Default::default(),
        };
        docs.files.insert(
            super::ENTITIES.into(),
            serde_json::json!([
                {"id": "ent-a", "kind": "person", "name": "Ada Lovelace", "summary": ""},
                {"id": "ent-b", "kind": "org", "name": long, "summary": ""},
            ]),
        );
        docs.files.insert(
            super::EVENTS.into(),
            serde_json::json!([{"id": "evt-a", "date": "1843", "title": "Notes published",
                "summary": "", "passages": []}]),
        );
        let at = super::PassageAt {
            article: "art".into(),
            text: "Ada wrote".into(),
        };
        let (a, b, v) = (
            || "ent-a".to_owned(),
            || "ent-b".to_owned(),
            || "evt-a".to_owned(),
        );
        let entity_changes = [
            Change::AcceptEntity(a()),
            Change::RejectEntity(a()),
            Change::Rename {
                id: a(),
                name: "Countess".into(),
            },
            Change::SetKind {
                id: a(),
                kind: EntityKind::Group,
            },
            Change::AddAlias {
                id: a(),
                alias: "Ada".into(),
            },
            Change::RemoveAlias {
                id: a(),
                alias: "Ada".into(),
            },
            Change::Summary {
                id: a(),
                summary: "x".into(),
            },
            Change::Link {
                at: at.clone(),
                text: "Ada".into(),
                nth: 0,
                entity: Some(a()),
            },
            Change::LinkAll {
                entity: a(),
                places: vec![],
            },
        ];
        for c in &entity_changes {
            let said = c.describe(&docs);
            assert!(said.contains("“Ada Lovelace”"), "{said}");
            assert!(!said.contains("ent-a"), "{said}");
        }
        for c in [
            Change::Merge {
                from: b(),
                into: a(),
            },
            Change::Relate {
                id: b(),
                other: a(),
            },
        ] {
            let said = c.describe(&docs);
            assert!(
                said.contains("“Ada Lovelace”") && said.contains("…”"),
                "{said}"
            );
            assert!(!said.contains("ent-"), "{said}");
            assert!(!said.chars().any(crate::sanitize::is_unsafe), "{said:?}");
            assert!(crate::wrap::width(&said) < long.len() + 20, "{said}");
        }
        let event_changes = [
            Change::AcceptEvent(v()),
            Change::RejectEvent(v()),
            Change::Redate {
                id: v(),
                date: "1842".into(),
            },
            Change::Retitle {
                id: v(),
                title: "Notes".into(),
            },
            Change::Attach {
                event: v(),
                at: at.clone(),
            },
            Change::AddDispute {
                event: v(),
                topic: "t".into(),
                claims: vec![],
            },
        ];
        for c in &event_changes {
            let said = c.describe(&docs);
            assert!(said.contains("“Notes published”"), "{said}");
            assert!(!said.contains("evt-a"), "{said}");
        }
        // One not in the files (removed on disk) is named by its id.
        let said = Change::AcceptEntity("gone".into()).describe(&docs);
        assert!(said.contains("gone"), "{said}");
    }

    #[test]
    fn a_passage_is_found_whole_or_by_a_first_line_that_occurs_once() {
        let text = "Intro\n\nThe treaty was signed.\n\nIntro\nmore lines\nhere\n\nEnd";
        let r = passage_range(text, "The treaty was signed.").unwrap();
        assert_eq!(&text[r], "The treaty was signed.");
        // Shown with its lines joined differently: found by its first line,
        // unless that line occurs twice (then no place is guessed).
        assert_eq!(passage_range(text, "Intro\nmore lines here"), None);
        let r = passage_range(text, "more lines\r\nhere").unwrap();
        assert_eq!(&text[r], "more lines\nhere");
        assert_eq!(passage_range(text, "Not there"), None);
    }
}
