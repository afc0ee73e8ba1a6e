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

use super::curate_link::{link_all, link_key, unlink_here, unlink_key};
use super::curate_prompt::{find_kinds, new_entity_name};

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
    /// The words under the mention cursor, or the selected words, to an
    /// entity (or a new one); in a card, the selected unlinked mention.
    Link,
    /// The mention under the cursor links to nothing, at this place only.
    Unlink,
    /// The running tour's current step one place later or earlier.
    StepLater,
    StepEarlier,
    /// Removes the running tour's current step.
    DeleteStep,
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
    /// Where the reader goes once the queued change is written: the step
    /// moved, or the tour made.
    follow: Option<Follow>,
    /// What each curation change on the undo list did and where the
    /// mention cursor was when it was made, by the entry's index in that
    /// list.
    pub(super) undo_kept: Vec<(usize, super::curate_cursor::Kept)>,
    /// What was kept with the change the undo being written takes back.
    pub(super) undo_back: Option<super::curate_cursor::Kept>,
    /// In a kind prompt, or one naming another entity, the choice made
    /// with the arrows: the text it was made for, and its place among the
    /// kinds or entities that text lists.
    pub(super) choice_sel: Option<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Follow {
    /// The running tour (by id) at this step, shown when `show`.
    Step {
        tour: String,
        step: usize,
        show: bool,
    },
    /// The tour list on the tour of this title.
    Tour(String),
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
    /// Words of a passage (the `nth` occurrence of `text` as shown) to
    /// link: to the entity typed, or to a new one (`+` before its name).
    LinkTo {
        at: PassageAt,
        text: String,
        nth: usize,
    },
    /// The kind of a new entity, made from words of a passage.
    NewEntityKind {
        name: String,
        at: PassageAt,
        text: String,
        nth: usize,
    },
    /// A new tour: its title, then the commentary of its first step, the
    /// focus passage.
    NewTourTitle,
    NewTourStep(String),
}

/// The changes the menu offers for an entity: the letter, and what it does.
pub const ENTITY_MENU: &[(char, &str)] = &[
    ('k', "kind"),
    ('a', "add an alias"),
    ('x', "remove an alias"),
    ('s', "summary"),
    ('l', "relate to another entity"),
    ('m', "merge into another entity"),
    ('w', "link words of the focus passage to it"),
    ('L', "link all its unlinked mentions"),
    ('u', "unlink its mention in the focus passage"),
];

/// The changes the menu offers for an event.
pub const EVENT_MENU: &[(char, &str)] = &[
    ('d', "re-date"),
    ('t', "retitle"),
    ('p', "attach the focus passage"),
];

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

pub(super) fn prompt(r: &mut Reader, p: Prompt, text: String) {
    let cursor = text.chars().count();
    r.curation.choice_sel = None;
    r.input = Some(Input {
        kind: InputKind::Curate(p),
        text,
        cursor,
    });
}

pub(super) fn queue(r: &mut Reader, c: Change) {
    r.curation.queue.push(Queued::Change(c));
}

/// The focus passage as the change names it: its text as printed.
pub(super) fn here(r: &Reader) -> PassageAt {
    let p = &r.corpus.articles[r.article].passages[r.focus];
    PassageAt {
        article: r.corpus.articles[r.article].id.clone(),
        text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
    }
}

pub(super) fn key(r: &mut Reader, k: CurateKey) {
    if matches!(r.overlay, Some(Overlay::Tours { .. }))
        && !matches!(
            k,
            CurateKey::NewEvent
                | CurateKey::StepLater
                | CurateKey::StepEarlier
                | CurateKey::DeleteStep
        )
    {
        let close = r.keys.first(super::Action::Close, "Esc");
        r.status = Some(format!("{close} closes the tour list first"));
        return;
    }
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
        (CurateKey::NewEvent, _) if matches!(r.overlay, Some(Overlay::Tours { .. })) => {
            prompt(r, Prompt::NewTourTitle, String::new())
        }
        (CurateKey::NewEvent, _) => prompt(r, Prompt::NewEventDate, String::new()),
        (CurateKey::Link, _) => link_key(r),
        (CurateKey::Unlink, _) => unlink_key(r),
        (CurateKey::StepLater, _) => step_key(r, Some(true)),
        (CurateKey::StepEarlier, _) => step_key(r, Some(false)),
        (CurateKey::DeleteStep, _) => step_key(r, None),
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
            let s = r
                .corpus
                .entity_by_id(id)
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
        (Prompt::LinkTo { .. } | Prompt::NewEntityKind { .. }, _) => None,
        (Prompt::EventMenu(id), 'd') => {
            let d = r
                .corpus
                .event_by_id(id)
                .map(|e| e.date.to_edtf())
                .unwrap_or_default();
            Some((Prompt::Redate(id.clone()), d))
        }
        (Prompt::EventMenu(id), 't') => {
            let t = r
                .corpus
                .event_by_id(id)
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

pub(super) fn submit(r: &mut Reader, p: Prompt, text: &str) {
    let text = text.trim().to_owned();
    let chosen = super::curate_prompt::chosen_entity(r, &p, &text);
    let one_entity = |r: &mut Reader| -> Option<String> {
        match chosen {
            Some(e) => Some(r.corpus.entities[e].id.clone()),
            None => {
                r.status = Some(format!("no other entity matches “{text}”"));
                None
            }
        }
    };
    let change = match p {
        Prompt::EntityMenu(_) | Prompt::EventMenu(_) => None,
        Prompt::Rename(id) => Some(Change::Rename { id, name: text }),
        Prompt::Kind(id) => match kind_taken(r, &text) {
            Some(kind) => Some(Change::SetKind { id, kind }),
            None => {
                // Asked again: the answer was a slip, not a change of mind.
                r.status = Some(not_one_kind(&text));
                prompt(r, Prompt::Kind(id), text);
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
            nth: 0,
            entity: Some(id),
        }),
        Prompt::LinkTo {
            at,
            text: words,
            nth,
        } => {
            if text.is_empty() {
                r.status = Some("type a name or an alias, or + for a new entity".into());
                prompt(
                    r,
                    Prompt::LinkTo {
                        at,
                        text: words,
                        nth,
                    },
                    String::new(),
                );
                return;
            }
            let new = match new_entity_name(&text) {
                Some(n) if n.trim().is_empty() => Some(words.clone()),
                Some(n) => Some(n.trim().to_owned()),
                None => None,
            };
            match (new, chosen) {
                (None, Some(e)) => Some(Change::Link {
                    at,
                    text: words,
                    nth,
                    entity: Some(r.corpus.entities[e].id.clone()),
                }),
                (new, _) => {
                    let name = new.unwrap_or_else(|| text.clone());
                    prompt(
                        r,
                        Prompt::NewEntityKind {
                            name,
                            at,
                            text: words,
                            nth,
                        },
                        String::new(),
                    );
                    None
                }
            }
        }
        Prompt::NewEntityKind {
            name,
            at,
            text: words,
            nth,
        } => match kind_taken(r, &text) {
            Some(kind) => Some(Change::CreateEntity {
                name,
                kind,
                at,
                text: words,
                nth,
            }),
            None => {
                r.status = Some(not_one_kind(&text));
                prompt(
                    r,
                    Prompt::NewEntityKind {
                        name,
                        at,
                        text: words,
                        nth,
                    },
                    text,
                );
                None
            }
        },
        Prompt::NewTourTitle => {
            if text.is_empty() {
                r.status = Some("a tour needs a title".into());
            } else {
                prompt(r, Prompt::NewTourStep(text), String::new());
            }
            None
        }
        Prompt::NewTourStep(title) => {
            r.curation.follow = Some(Follow::Tour(change_title(&title)));
            Some(Change::NewTour {
                title,
                at: here(r),
                commentary: text,
            })
        }
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

/// The kind a kind prompt's Enter takes: the one chosen with the arrows
/// for this text, else the only one the text names.
fn kind_taken(r: &mut Reader, text: &str) -> Option<EntityKind> {
    let kinds = find_kinds(text);
    let chosen = r
        .curation
        .choice_sel
        .take()
        .filter(|(typed, _)| typed.trim() == text.trim())
        .and_then(|(_, i)| kinds.get(i).copied());
    chosen.or(match kinds.as_slice() {
        [k] => Some(*k),
        _ => None,
    })
}

/// Why a kind prompt's answer took no kind, and what to do.
fn not_one_kind(text: &str) -> String {
    match find_kinds(text).len() {
        0 if text.trim().is_empty() => {
            "no kind chosen — ↑↓ or Tab choose one, or type its first letters".into()
        }
        0 => format!("“{text}” is not one kind — Backspace, then ↑↓ or its first letters"),
        _ => format!("“{text}” is not one kind but several — ↑↓ or Tab choose, or type more"),
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
    format!("guides/{OWN_TOUR_ID}.json")
}

/// The id of the reader's own tour, which steps join when no tour runs.
pub(super) const OWN_TOUR_ID: &str = "my-tour";

/// A tour's title as the change writes it.
fn change_title(t: &str) -> String {
    crate::curate::change::clean_input(t)
}

/// The running tour's current step moved later (`Some(true)`), earlier
/// (`Some(false)`) or removed (`None`).
fn step_key(r: &mut Reader, later: Option<bool>) {
    let Some(pos) = r.tour else {
        let t = r.keys.first(super::Action::Tours, "t");
        r.status = Some(format!(
            "no tour running — {t} starts one; these keys change its current step"
        ));
        return;
    };
    let Some(id) = r.corpus.tours.get(pos.tour).map(|t| t.id.clone()) else {
        return;
    };
    let found = r
        .curation
        .curator
        .as_ref()
        .and_then(|c| c.docs().tours().ok())
        .and_then(|ts| ts.into_iter().find(|(_, t)| t.id == id));
    let Some((path, spec)) = found else {
        r.status = Some(format!("the tour {id} is not in the pack's files"));
        return;
    };
    let Some(quote) = spec.steps.get(pos.step).map(|s| s.quote.clone()) else {
        return;
    };
    let (change, step, show) = match later {
        Some(later) => {
            let to = if later {
                pos.step + 1
            } else {
                pos.step.saturating_sub(1)
            };
            let c = Change::MoveStep {
                tour: path,
                index: pos.step,
                quote,
                later,
            };
            (c, to, false)
        }
        None => {
            let c = Change::DeleteStep {
                tour: path,
                index: pos.step,
                quote,
            };
            (c, pos.step, true)
        }
    };
    r.curation.follow = Some(Follow::Step {
        tour: id,
        step,
        show,
    });
    queue(r, change);
}

/// Takes back a curation change: the undo goes through the same checks.
pub(super) fn undo(r: &mut Reader, c: Change) {
    super::curate_cursor::taken_back(r);
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

    /// The card's selectable rows: the entity's unlinked mentions, then
    /// its relations, events and mentions.
    pub fn card_rows(&self, e: EntityIdx) -> Vec<super::CardItem> {
        let mut rows: Vec<super::CardItem> = (0..self.unlinked_of(e).len())
            .map(super::CardItem::Unlinked)
            .collect();
        rows.extend(super::card_items(&self.corpus, e));
        rows
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
        let follow = self.curation.follow.take();
        let aim = super::curate_cursor::aim(self, &queued, curator.docs());
        let mut written = false;
        for q in queued {
            let (outcomes, is_undo) = match q {
                Queued::Change(c) => (vec![curator.apply_to(c, &self.corpus)], false),
                Queued::Undo(c) => (vec![curator.apply_to(c, &self.corpus)], true),
                Queued::Retry => (curator.retry(), false),
            };
            for o in outcomes {
                written |= matches!(o, Outcome::Done { .. } | Outcome::Patched { .. });
                self.outcome(o, is_undo);
            }
        }
        if written {
            curator.reindex_later(&self.corpus);
        }
        self.curation.curator = Some(curator);
        if written && let Some(f) = follow {
            self.follow(f);
        }
        if let Some(aim) = aim {
            super::curate_cursor::land(self, aim);
        }
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

    /// After a tour changed: the running tour on the step it was at (moved
    /// or the one after a removed one), or the tour list on the new tour.
    fn follow(&mut self, f: Follow) {
        match f {
            Follow::Step { tour, step, show } => {
                let Some(i) = self.corpus.tours.iter().position(|t| t.id == tour) else {
                    // Its last step removed, the tour is gone.
                    self.tour = None;
                    self.rewrap();
                    return;
                };
                let step = step.min(self.corpus.tours[i].steps.len().saturating_sub(1));
                self.tour = Some(super::TourPos { tour: i, step });
                if show {
                    super::guide::show_step(self);
                } else if let Some(s) = self.tour_steps.get_mut(i) {
                    *s = step;
                }
            }
            Follow::Tour(title) => {
                if let Some(i) = self.corpus.tours.iter().rposition(|t| t.title == title)
                    && matches!(self.overlay, Some(Overlay::Tours { .. }))
                {
                    self.overlay = Some(Overlay::Tours { sel: i });
                }
            }
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
            Outcome::Patched {
                quick,
                undo,
                message,
            } => {
                if !quick.apply(Arc::make_mut(&mut self.corpus)) {
                    // Not the corpus the files were read for: load them.
                    let root = self.curation.curator.as_ref().map(|c| c.root().to_owned());
                    match root.map(|r| {
                        crate::corpus::PackSource::dir(&r)
                            .map_err(|e| e.to_string())
                            .and_then(|s| crate::corpus::load(&s).map_err(|e| e.to_string()))
                    }) {
                        Some(Ok(c)) => self.take_corpus(c),
                        Some(Err(e)) => self.status = Some(format!("cannot load the pack: {e}")),
                        None => {}
                    }
                }
                // The spellings a person's surname adds depend on the kind.
                if let Ok(mut cache) = self.curation.unlinked.lock() {
                    *cache = None;
                }
                self.status = Some(if is_undo {
                    "undone".into()
                } else {
                    self.undo.push(Undo::Curation(undo));
                    format!("{message} — u undoes")
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
