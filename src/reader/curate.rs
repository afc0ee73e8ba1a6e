//! Curation in the reader: the keys and prompts that make a change, the
//! queue the event loop writes from, and taking the new corpus in.
//!
//! `update` only queues changes; [`Reader::flush_curation`], called by the
//! event loop after each update, writes them and swaps in the result.

use std::sync::Arc;

use super::doc::DocLayout;
use super::{CardState, Input, InputKind, Overlay, Pane, Reader, Target, Undo};
use crate::corpus::date::EdtfDate;
use crate::corpus::types::EntityKind;
use crate::corpus::{Corpus, EntityIdx, EventIdx};
use crate::curate::{Change, Curator, Outcome, PassageAt};

/// What the curation keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurateKey {
    Accept,
    Reject,
    /// Rename an entity, retitle an event.
    Rename,
    /// The menu of further changes.
    Menu,
    /// Only suggestions in the sidebar.
    Suggestions,
    /// A new event from the focus passage.
    NewEvent,
    /// The focus passage as a tour step.
    TourStep,
    /// The changes kept because the files changed on disk, again.
    Retry,
    /// In compare: what the selected passage says, for a dispute.
    Dispute,
}

/// The state of curation for the session.
#[derive(Debug, Clone, Default)]
pub struct Curation {
    /// The pack's files; `None` for a pack that cannot be edited.
    pub curator: Option<Curator>,
    /// Why the pack cannot be changed, when it cannot.
    pub read_only: Option<String>,
    /// Changes made by `update`, for the event loop to write.
    pub queue: Vec<Queued>,
    /// The sidebar lists only suggestions.
    pub suggestions_only: bool,
    /// A dispute being put together in compare: the event's id and the
    /// claims so far.
    pub dispute: Option<(String, Vec<(PassageAt, String)>)>,
    /// The unlinked mentions of the entity last asked about, for the card
    /// drawn on every frame: the corpus (by address) and entity they are of.
    unlinked: Arc<std::sync::Mutex<Option<UnlinkedCache>>>,
}

type UnlinkedCache = (
    usize,
    EntityIdx,
    Arc<Vec<crate::curate::unlinked::Unlinked>>,
);

#[derive(Debug, Clone, PartialEq)]
pub enum Queued {
    Change(Change),
    /// Taking a change back; not itself undone.
    Undo(Change),
    /// The changes kept because the files changed on disk.
    Retry,
}

/// What a curation prompt is for. Items are named by id, which stays the
/// same when the corpus is loaded again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// One letter picks a change for the entity.
    EntityMenu(String),
    /// One letter picks a change for the event.
    EventMenu(String),
    Rename(String),
    Kind(String),
    AddAlias(String),
    RemoveAlias(String),
    Summary(String),
    Relate(String),
    Merge(String),
    /// Words of the focus passage to link to the entity.
    LinkWords(String),
    Retitle(String),
    Redate(String),
    /// A new event at the focus passage: its date, then its title.
    NewEventDate,
    NewEventTitle(String),
    /// Commentary for a step at the focus passage.
    Step,
    /// What a passage of the event says, in a few words.
    Claim {
        event: String,
        at: PassageAt,
    },
    /// The question the claims disagree on.
    DisputeTopic,
}

pub const ENTITY_MENU: &str =
    "k kind a +alias x -alias s summary l relate m merge w link L link-all u unlink";
pub const EVENT_MENU: &str = "d re-date  t retitle  p attach the focus passage";

const READ_ONLY: &str = "the embedded corpus cannot be changed — `lectern init DIR` writes a copy to curate, then `lectern --content DIR`";

/// What a curation key acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Entity(EntityIdx),
    Event(EventIdx),
}

/// The card in front, else the timeline's event when it has the keys,
/// else the selected entity.
fn subject(r: &Reader) -> Option<Subject> {
    match &r.overlay {
        Some(Overlay::Card(c)) => return Some(Subject::Entity(c.entity)),
        Some(Overlay::Compare { event, .. }) => return Some(Subject::Event(*event)),
        _ => {}
    }
    if r.pane == Pane::Timeline {
        return r
            .corpus
            .event(r.event_sel)
            .map(|_| Subject::Event(r.event_sel));
    }
    match r.target {
        Some(Target::Entity(e)) => Some(Subject::Entity(e)),
        Some(Target::Event(ev)) if r.pane != Pane::Entities => Some(Subject::Event(ev)),
        _ => r.selected_entity().map(Subject::Entity),
    }
}

fn editable(r: &mut Reader) -> bool {
    if r.curation.curator.is_none() {
        r.status = Some(
            r.curation
                .read_only
                .clone()
                .unwrap_or_else(|| READ_ONLY.into()),
        );
        return false;
    }
    true
}

fn prompt(r: &mut Reader, p: Prompt, text: String) {
    let cursor = text.chars().count();
    r.input = Some(Input {
        kind: InputKind::Curate(p),
        text,
        cursor,
    });
}

fn queue(r: &mut Reader, c: Change) {
    r.curation.queue.push(Queued::Change(c));
}

/// The focus passage as the change names it: its text as printed.
fn here(r: &Reader) -> PassageAt {
    let p = &r.corpus.articles[r.article].passages[r.focus];
    PassageAt {
        article: r.corpus.articles[r.article].id.clone(),
        text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
    }
}

pub(super) fn key(r: &mut Reader, k: CurateKey) {
    if k == CurateKey::Suggestions {
        r.curation.suggestions_only = !r.curation.suggestions_only;
        let (e, v) = r.to_review();
        r.status = Some(if r.curation.suggestions_only {
            format!("sidebar: suggestions only — {e} entities, {v} events to review")
        } else {
            "sidebar: every entity".into()
        });
        r.entity_sel = Default::default();
        return;
    }
    if !editable(r) {
        return;
    }
    let subj = subject(r);
    let ent = |i: EntityIdx| r.corpus.entities[i].id.clone();
    let evt = |i: EventIdx| r.corpus.events[i].id.clone();
    match (k, subj) {
        (CurateKey::Accept, Some(Subject::Entity(e))) => queue(r, Change::AcceptEntity(ent(e))),
        (CurateKey::Accept, Some(Subject::Event(v))) => queue(r, Change::AcceptEvent(evt(v))),
        (CurateKey::Reject, Some(Subject::Entity(e))) => queue(r, Change::RejectEntity(ent(e))),
        (CurateKey::Reject, Some(Subject::Event(v))) => queue(r, Change::RejectEvent(evt(v))),
        (CurateKey::Rename, Some(Subject::Entity(e))) => {
            let name = r.corpus.entities[e].name.clone();
            prompt(r, Prompt::Rename(ent(e)), name);
        }
        (CurateKey::Rename, Some(Subject::Event(v))) => {
            let title = r.corpus.events[v].title.clone();
            prompt(r, Prompt::Retitle(evt(v)), title);
        }
        (CurateKey::Menu, Some(Subject::Entity(e))) => {
            prompt(r, Prompt::EntityMenu(ent(e)), String::new())
        }
        (CurateKey::Menu, Some(Subject::Event(v))) => {
            prompt(r, Prompt::EventMenu(evt(v)), String::new())
        }
        (CurateKey::Dispute, _) => {
            let Some(Overlay::Compare { event, sel }) = r.overlay.clone() else {
                r.status =
                    Some("disputes are marked in compare (c): select a passage, then D".into());
                return;
            };
            let Some(loc) = r.corpus.events[event].passages.get(sel).copied() else {
                return;
            };
            let p = &r.corpus.articles[loc.article].passages[loc.passage];
            let at = PassageAt {
                article: r.corpus.articles[loc.article].id.clone(),
                text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
            };
            prompt(
                r,
                Prompt::Claim {
                    event: evt(event),
                    at,
                },
                String::new(),
            );
        }
        (CurateKey::NewEvent, _) => prompt(r, Prompt::NewEventDate, String::new()),
        (CurateKey::TourStep, _) => prompt(r, Prompt::Step, String::new()),
        (CurateKey::Retry, _) => {
            if r.curation
                .curator
                .as_ref()
                .is_some_and(|c| c.pending.is_empty())
            {
                r.status = Some("no change is waiting to be retried".into());
            } else {
                r.curation.queue.push(Queued::Retry);
            }
        }
        (_, None) => r.status = Some("select an entity or an event first".into()),
        (CurateKey::Suggestions, _) => {}
    }
}

/// Letters of the menus, and what the prompt shows while it is typed.
pub(super) fn edited(r: &mut Reader) {
    let Some(Input {
        kind: InputKind::Curate(p),
        text,
        ..
    }) = r.input.clone()
    else {
        return;
    };
    let Some(c) = text.chars().next() else {
        return;
    };
    let next = match (&p, c) {
        (Prompt::EntityMenu(id), 'k') => Some((Prompt::Kind(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 'a') => Some((Prompt::AddAlias(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 'x') => Some((Prompt::RemoveAlias(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 's') => {
            let s = entity_by_id(r, id)
                .map(|e| e.summary.clone())
                .unwrap_or_default();
            Some((Prompt::Summary(id.clone()), s))
        }
        (Prompt::EntityMenu(id), 'l') => Some((Prompt::Relate(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 'm') => Some((Prompt::Merge(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 'w') => Some((Prompt::LinkWords(id.clone()), String::new())),
        (Prompt::EntityMenu(id), 'L') => {
            r.input = None;
            link_all(r, id);
            return;
        }
        (Prompt::EntityMenu(id), 'u') => {
            r.input = None;
            unlink_here(r, id);
            return;
        }
        (Prompt::EventMenu(id), 'd') => {
            let d = r
                .corpus
                .events
                .iter()
                .find(|e| e.id == *id)
                .map(|e| e.date.to_edtf())
                .unwrap_or_default();
            Some((Prompt::Redate(id.clone()), d))
        }
        (Prompt::EventMenu(id), 't') => {
            let t = r
                .corpus
                .events
                .iter()
                .find(|e| e.id == *id)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            Some((Prompt::Retitle(id.clone()), t))
        }
        (Prompt::EventMenu(id), 'p') => {
            r.input = None;
            let at = here(r);
            queue(
                r,
                Change::Attach {
                    event: id.clone(),
                    at,
                },
            );
            return;
        }
        (Prompt::EntityMenu(_) | Prompt::EventMenu(_), _) => {
            r.status = Some(format!("no change “{c}” — Esc leaves the menu"));
            if let Some(i) = r.input.as_mut() {
                i.text.clear();
                i.cursor = 0;
            }
            return;
        }
        _ => None,
    };
    if let Some((p, text)) = next {
        prompt(r, p, text);
    }
}

fn entity_by_id<'a>(r: &'a Reader, id: &str) -> Option<&'a crate::corpus::Entity> {
    r.corpus.entities.iter().find(|e| e.id == id)
}

/// The entities a typed name may mean, best first: the same name, alias
/// or id (ignoring case) first, then by fuzzy score over names, aliases and
/// ids, as an editor's file finder ranks ("chich" finds Chicherin, a
/// letter left out still finds the name), shorter names first among equals.
pub fn find_entities(c: &Corpus, typed: &str) -> Vec<EntityIdx> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    let q = typed.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let lower = q.to_lowercase();
    let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(bool, u32, usize, EntityIdx)> = Vec::new();
    for (i, e) in c.entities.iter().enumerate() {
        let names = || {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(std::iter::once(&e.id))
        };
        let exact = names().any(|n| n.to_lowercase() == lower);
        let best = names()
            .filter_map(|n| pattern.score(Utf32Str::new(n, &mut buf), &mut matcher))
            .max();
        if exact || best.is_some() {
            // Sorted ascending: exact first, then the highest score.
            scored.push((
                !exact,
                u32::MAX - best.unwrap_or(0),
                e.name.len(),
                EntityIdx(i),
            ));
        }
    }
    scored.sort_unstable();
    scored.into_iter().map(|(_, _, _, i)| i).collect()
}

/// Kinds whose name begins with what is typed.
pub fn find_kinds(typed: &str) -> Vec<EntityKind> {
    let q = typed.trim().to_lowercase();
    EntityKind::ALL
        .into_iter()
        .filter(|k| k.label().starts_with(&q) || k.tag() == q)
        .collect()
}

/// The line beside a curation prompt: its label, and what the text typed
/// so far will do.
pub fn prompt_line(r: &Reader, p: &Prompt, text: &str) -> (String, String) {
    let name = |id: &str| entity_by_id(r, id).map_or(id.to_owned(), |e| e.name.clone());
    let title = |id: &str| {
        r.corpus
            .events
            .iter()
            .find(|e| e.id == id)
            .map_or(id.to_owned(), |e| crate::text::truncate(&e.title, 30))
    };
    let pick = |verb: &str| match find_entities(&r.corpus, text).first() {
        Some(&e) => format!(
            "{verb} {} ({}) — Enter",
            r.corpus.entities[e].name,
            r.corpus.entities[e].kind.label()
        ),
        None if text.trim().is_empty() => "type a name or alias".into(),
        None => "no entity matches".into(),
    };
    let date = || match EdtfDate::parse(text.trim()) {
        Ok(d) => format!("reads “{d}” — Enter"),
        Err(_) if text.trim().is_empty() => {
            "EDTF: 1922-04-16, 1922-08, 1933~, 1928?, 1928/1929".into()
        }
        Err(e) => format!("✗ {e}"),
    };
    match p {
        Prompt::EntityMenu(id) => (format!("Change {}: ", name(id)), ENTITY_MENU.into()),
        Prompt::EventMenu(id) => (format!("Change “{}”: ", title(id)), EVENT_MENU.into()),
        Prompt::Rename(id) => (
            format!("Rename {}: ", name(id)),
            "Enter rename · Esc cancel".into(),
        ),
        Prompt::Kind(id) => (
            format!("Kind of {}: ", name(id)),
            match find_kinds(text).as_slice() {
                [k] => format!("→ {} — Enter", k.label()),
                [] => "no such kind".into(),
                ks => ks.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "),
            },
        ),
        Prompt::AddAlias(id) => (
            format!("New alias of {}: ", name(id)),
            "Enter add · Esc cancel".into(),
        ),
        Prompt::RemoveAlias(id) => (
            format!("Remove alias of {}: ", name(id)),
            entity_by_id(r, id).map_or_else(String::new, |e| e.aliases.join(" · ")),
        ),
        Prompt::Summary(id) => (format!("Summary of {}: ", name(id)), "Enter save".into()),
        Prompt::Relate(id) => (format!("Relate {} to: ", name(id)), pick("→")),
        Prompt::Merge(id) => (format!("Merge {} into: ", name(id)), pick("→")),
        Prompt::LinkWords(id) => (
            format!("Link to {}, words of this passage: ", name(id)),
            if text.trim().is_empty() {
                "type them as printed".into()
            } else if here(r).text.contains(text.trim()) {
                "found here — Enter links them".into()
            } else {
                "✗ not in this passage as printed".into()
            },
        ),
        Prompt::Retitle(id) => (
            format!("Retitle “{}”: ", title(id)),
            "Enter save · Esc cancel".into(),
        ),
        Prompt::Redate(id) => (format!("Date of “{}”: ", title(id)), date()),
        Prompt::NewEventDate => ("New event, date: ".into(), date()),
        Prompt::NewEventTitle(d) => (format!("New event ({d}), title: "), "Enter create".into()),
        Prompt::Step => ("Tour step here, commentary: ".into(), "Enter add".into()),
        Prompt::Claim { .. } => (
            "This passage says: ".into(),
            "a few words — then D on another passage".into(),
        ),
        Prompt::DisputeTopic => ("Dispute, the question: ".into(), "Enter add".into()),
    }
}

pub(super) fn submit(r: &mut Reader, p: Prompt, text: &str) {
    let text = text.trim().to_owned();
    let one_entity = |r: &mut Reader| -> Option<String> {
        let found = find_entities(&r.corpus, &text);
        match found.first() {
            Some(&e) => Some(r.corpus.entities[e].id.clone()),
            None => {
                r.status = Some(format!("no entity matches “{text}”"));
                None
            }
        }
    };
    let change = match p {
        Prompt::EntityMenu(_) | Prompt::EventMenu(_) => None,
        Prompt::Rename(id) => Some(Change::Rename { id, name: text }),
        Prompt::Kind(id) => match find_kinds(&text).as_slice() {
            [kind] => Some(Change::SetKind { id, kind: *kind }),
            _ => {
                r.status = Some(format!(
                    "“{text}” is not one kind — person, place, state, …"
                ));
                None
            }
        },
        Prompt::AddAlias(id) => Some(Change::AddAlias { id, alias: text }),
        Prompt::RemoveAlias(id) => Some(Change::RemoveAlias { id, alias: text }),
        Prompt::Summary(id) => Some(Change::Summary { id, summary: text }),
        Prompt::Relate(id) => one_entity(r).map(|other| Change::Relate { id, other }),
        Prompt::Merge(from) => one_entity(r).map(|into| Change::Merge { from, into }),
        Prompt::LinkWords(id) => Some(Change::Link {
            at: here(r),
            text,
            entity: Some(id),
        }),
        Prompt::Retitle(id) => Some(Change::Retitle { id, title: text }),
        Prompt::Redate(id) => Some(Change::Redate { id, date: text }),
        Prompt::NewEventDate => {
            match EdtfDate::parse(&text) {
                Ok(_) => prompt(r, Prompt::NewEventTitle(text), String::new()),
                Err(e) => {
                    // The prompt stays open with the text, to fix it.
                    r.status = Some(format!("not a date: {e}"));
                    prompt(r, Prompt::NewEventDate, text);
                }
            }
            None
        }
        Prompt::NewEventTitle(date) => {
            let entities = r.corpus.articles[r.article].passages[r.focus]
                .entities
                .iter()
                .map(|&e| r.corpus.entities[e].id.clone())
                .collect();
            Some(Change::CreateEvent {
                date,
                title: text,
                at: here(r),
                entities,
            })
        }
        Prompt::Claim { event, at } => {
            let mut d = match r.curation.dispute.take() {
                Some((e, claims)) if e == event => (e, claims),
                _ => (event, Vec::new()),
            };
            d.1.retain(|(a, _)| *a != at);
            d.1.push((at, text));
            let n = d.1.len();
            r.curation.dispute = Some(d);
            if n < 2 {
                r.status = Some("claim noted — select a passage that disagrees and press D".into());
            } else {
                prompt(r, Prompt::DisputeTopic, String::new());
            }
            None
        }
        Prompt::DisputeTopic => {
            r.curation
                .dispute
                .take()
                .map(|(event, claims)| Change::AddDispute {
                    event,
                    topic: text,
                    claims,
                })
        }
        Prompt::Step => {
            let tour = step_tour(r);
            Some(Change::AddStep {
                tour,
                at: here(r),
                commentary: text,
            })
        }
    };
    if let Some(c) = change {
        queue(r, c);
    }
}

/// The tour a new step joins: the one running, else the reader's own.
fn step_tour(r: &Reader) -> String {
    let running = r
        .tour
        .and_then(|t| r.corpus.tours.get(t.tour))
        .map(|t| t.id.clone());
    let docs = r.curation.curator.as_ref().map(Curator::docs);
    if let (Some(id), Some(docs)) = (running, docs)
        && let Ok(tours) = docs.tours()
        && let Some((path, _)) = tours.into_iter().find(|(_, t)| t.id == id)
    {
        return path;
    }
    "guides/my-tour.json".into()
}

/// The entity's first mention in the focus passage links to nothing from
/// now on: one occurrence, by a link override.
fn unlink_here(r: &mut Reader, id: &str) {
    let Some(e) = r.corpus.entity_index(id) else {
        return;
    };
    let p = &r.corpus.articles[r.article].passages[r.focus];
    let Some(m) = p.mentions.iter().find(|m| m.entity == e) else {
        r.status = Some("this entity is not mentioned in the focus passage".into());
        return;
    };
    let text = p.text[m.range.clone()].to_owned();
    let at = here(r);
    queue(
        r,
        Change::Link {
            at,
            text,
            entity: None,
        },
    );
}

/// Every place the entity's name or an alias appears unlinked (other
/// case, a surname alone) links to it.
fn link_all(r: &mut Reader, id: &str) {
    let Some(e) = r.corpus.entity_index(id) else {
        return;
    };
    let found = crate::curate::unlinked::find(&r.corpus, e);
    if found.is_empty() {
        r.status = Some(format!(
            "no unlinked mentions of {}",
            r.corpus.entities[e].name
        ));
        return;
    }
    let places = found
        .iter()
        .map(|u| {
            let a = &r.corpus.articles[u.loc.article];
            let p = &a.passages[u.loc.passage];
            (
                PassageAt {
                    article: a.id.clone(),
                    text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
                },
                p.text[u.range.clone()].to_owned(),
            )
        })
        .collect();
    queue(
        r,
        Change::LinkAll {
            entity: id.to_owned(),
            places,
        },
    );
}

/// Takes back a curation change: the undo goes through the same checks.
pub(super) fn undo(r: &mut Reader, c: Change) {
    r.curation.queue.push(Queued::Undo(c));
}

impl Reader {
    /// Where the entity's name, an alias or a person's surname appears
    /// without a link; found once per entity and corpus.
    pub fn unlinked_of(&self, e: EntityIdx) -> Arc<Vec<crate::curate::unlinked::Unlinked>> {
        let key = Arc::as_ptr(&self.corpus) as usize;
        let Ok(mut cache) = self.curation.unlinked.lock() else {
            return Arc::new(crate::curate::unlinked::find(&self.corpus, e));
        };
        if let Some((k, ent, found)) = cache.as_ref()
            && *k == key
            && *ent == e
        {
            return Arc::clone(found);
        }
        let found = Arc::new(crate::curate::unlinked::find(&self.corpus, e));
        *cache = Some((key, e, Arc::clone(&found)));
        found
    }

    /// Lets the reader change the pack at `curator`'s root.
    pub fn attach_curator(&mut self, c: Curator) {
        self.curation.curator = Some(c);
    }

    /// Entities and events still marked as suggestions.
    pub fn to_review(&self) -> (usize, usize) {
        (
            self.corpus.entities.iter().filter(|e| e.suggested).count(),
            self.corpus.events.iter().filter(|e| e.suggested).count(),
        )
    }

    /// Whether changes wait to be written.
    pub fn curation_queued(&self) -> bool {
        !self.curation.queue.is_empty()
    }

    /// Writes the queued changes and takes in the pack as it now is. The
    /// event loop calls this after each update; it is the one place
    /// curation touches the disk.
    pub fn flush_curation(&mut self) {
        let queued = std::mem::take(&mut self.curation.queue);
        let Some(mut curator) = self.curation.curator.take() else {
            return;
        };
        for q in queued {
            let (outcomes, is_undo) = match q {
                Queued::Change(c) => (vec![curator.apply(c)], false),
                Queued::Undo(c) => (vec![curator.apply(c)], true),
                Queued::Retry => (curator.retry(), false),
            };
            for o in outcomes {
                self.outcome(o, is_undo);
            }
        }
        self.curation.curator = Some(curator);
        self.settle();
        // A rejected or merged entity leaves its row to the next one, which
        // takes the selection as if moved to.
        if self.pane == Pane::Entities
            && self.target.is_none()
            && let Some(e) = self.selected_entity()
        {
            self.target = Some(Target::Entity(e));
            self.settle();
        }
    }

    fn outcome(&mut self, o: Outcome, is_undo: bool) {
        match o {
            Outcome::Done {
                corpus,
                undo,
                message,
                reloaded,
            } => {
                self.take_corpus(*corpus);
                let disk = if reloaded.is_empty() {
                    String::new()
                } else {
                    format!(" (after reading {} again)", reloaded.join(", "))
                };
                self.status = Some(if is_undo {
                    format!("undone{disk}")
                } else {
                    self.undo.push(Undo::Curation(undo));
                    format!("{message}{disk} — u undoes")
                });
            }
            Outcome::Refused(m) | Outcome::Kept(m) => self.status = Some(m),
        }
    }

    /// Puts a newly loaded corpus in place of the old, keeping what the
    /// reader shows: items are followed by id, since indices move.
    pub fn take_corpus(&mut self, new: Corpus) {
        let old = Arc::clone(&self.corpus);
        if let Some(u) = old.reuse_ready()
            && old.articles.len() == new.articles.len()
        {
            let _ = new.reuse.set(u.clone());
        }
        let ent = |i: EntityIdx| old.entity(i).and_then(|e| new.entity_index(&e.id));
        let evt = |i: EventIdx| old.event(i).and_then(|e| new.event_index(&e.id));
        let tour = |i: usize| {
            old.tours
                .get(i)
                .and_then(|t| new.tours.iter().position(|n| n.id == t.id))
        };
        self.target = match self.target.take() {
            Some(Target::Entity(e)) => ent(e).map(Target::Entity),
            Some(Target::Event(v)) => evt(v).map(Target::Event),
            t => t,
        };
        self.event_sel = EventIdx(
            evt(self.event_sel)
                .unwrap_or(self.event_sel)
                .0
                .min(new.events.len().saturating_sub(1)),
        );
        self.map_cursor = self.map_cursor.and_then(ent);
        self.overlay = match self.overlay.take() {
            Some(Overlay::Card(c)) => ent(c.entity).map(|entity| {
                Overlay::Card(CardState {
                    entity,
                    sel: c.sel,
                    stack: c.stack.iter().filter_map(|&e| ent(e)).collect(),
                })
            }),
            Some(Overlay::Compare { event, sel }) => {
                evt(event).map(|event| Overlay::Compare { event, sel })
            }
            o => o,
        };
        let mut steps = vec![0; new.tours.len()];
        for (i, s) in self.tour_steps.iter().enumerate() {
            if let Some(j) = tour(i) {
                steps[j] = *s;
            }
        }
        self.tour_steps = steps;
        self.tour = self.tour.and_then(|t| {
            let i = tour(t.tour)?;
            (t.step < new.tours[i].steps.len()).then_some(super::TourPos {
                tour: i,
                step: t.step,
            })
        });
        self.chrono_pos = self.chrono_pos.min(new.chrono.len().saturating_sub(1));
        // The pack on disk may have lost articles or passages meanwhile.
        self.article =
            crate::corpus::ArticleIdx(self.article.0.min(new.articles.len().saturating_sub(1)));
        let passages = new.article(self.article).map_or(0, |a| a.passages.len());
        self.focus = self.focus.min(passages.saturating_sub(1));
        self.corpus = Arc::new(new);
        self.searcher = Default::default();
        let scroll = self.scroll;
        self.doc = DocLayout::default();
        self.rewrap();
        self.scroll = scroll.min(self.doc.lines.len().saturating_sub(1));
        self.refresh_bookmarks();
    }
}
