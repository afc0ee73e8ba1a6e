//! What a curation prompt says beside what is typed, and the lookups that
//! turn a typed answer into entities and kinds.

use super::curate::{Prompt, here};
use super::{Edit, InputKind, Reader};
use crate::corpus::date::EdtfDate;
use crate::corpus::types::EntityKind;
use crate::corpus::{Corpus, EntityIdx};

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

/// In a kind prompt: the kinds listed for what is typed, and the one
/// chosen with the arrows, when one is.
pub fn kind_choices(r: &Reader) -> Option<(Vec<EntityKind>, Option<usize>)> {
    let input = r.input.as_ref()?;
    let InputKind::Curate(Prompt::Kind(_) | Prompt::NewEntityKind { .. }) = &input.kind else {
        return None;
    };
    let kinds = find_kinds(&input.text);
    let sel = r
        .curation
        .choice_sel
        .as_ref()
        .filter(|(typed, i)| *typed == input.text && *i < kinds.len())
        .map(|(_, i)| *i);
    Some((kinds, sel))
}

/// Entities a prompt naming another entity lists at most: the best
/// matches, the rest found by typing more.
pub const MAX_ENTITY_CHOICES: usize = 8;

/// The entities a prompt's typed name may mean, best first, as far as the
/// list goes: never the entity being related or merged itself, and none
/// while a link's answer asks for a new entity.
fn entity_candidates(r: &Reader, p: &Prompt, text: &str) -> Option<Vec<EntityIdx>> {
    let own = match p {
        Prompt::Relate(id) | Prompt::Merge(id) => r.corpus.entity_index(id),
        Prompt::LinkTo { .. } if new_entity_name(text).is_some() => return Some(Vec::new()),
        Prompt::LinkTo { .. } => None,
        _ => return None,
    };
    let mut found = find_entities(&r.corpus, text);
    found.retain(|&e| Some(e) != own);
    found.truncate(MAX_ENTITY_CHOICES);
    Some(found)
}

/// In a prompt naming another entity: the entities listed for what is
/// typed, and the place of the one Enter takes (the best match until the
/// arrows choose another).
pub fn entity_choices(r: &Reader) -> Option<(Vec<EntityIdx>, usize)> {
    let input = r.input.as_ref()?;
    let InputKind::Curate(p) = &input.kind else {
        return None;
    };
    let found = entity_candidates(r, p, &input.text)?;
    let sel = r
        .curation
        .choice_sel
        .as_ref()
        .filter(|(typed, i)| *typed == input.text && *i < found.len())
        .map_or(0, |(_, i)| *i);
    Some((found, sel))
}

/// The entity a prompt naming another takes for `text` (as submitted,
/// trimmed): the one chosen with the arrows, else the best match.
pub(super) fn chosen_entity(r: &Reader, p: &Prompt, text: &str) -> Option<EntityIdx> {
    let found = entity_candidates(r, p, text)?;
    let sel = r
        .curation
        .choice_sel
        .as_ref()
        .filter(|(typed, _)| typed.trim() == text.trim())
        .map_or(0, |(_, i)| *i);
    found.get(sel).or(found.first()).copied()
}

/// Up, Down and Tab in a kind prompt, or one naming another entity, move
/// the choice through what is listed, round from the last to the first.
pub(super) fn choose(r: &mut Reader, e: Edit) {
    let typed = r.input.as_ref().map(|i| i.text.clone()).unwrap_or_default();
    if let Some((found, at)) = entity_choices(r) {
        let n = found.len();
        if n > 0 {
            let next = if e == Edit::Older {
                (at + n - 1) % n
            } else {
                (at + 1) % n
            };
            r.curation.choice_sel = Some((typed, next));
        }
        return;
    }
    let Some((kinds, sel)) = kind_choices(r) else {
        return;
    };
    let n = kinds.len();
    if n == 0 {
        return;
    }
    let next = match (e, sel) {
        (Edit::Older, None) => n - 1,
        (Edit::Older, Some(i)) => (i + n - 1) % n,
        (_, None) => 0,
        (_, Some(i)) => (i + 1) % n,
    };
    r.curation.choice_sel = Some((typed, next));
}

/// The hint beside a kind prompt.
fn kind_hint(r: &Reader, text: &str) -> String {
    let (kinds, sel) = kind_choices(r).unwrap_or_else(|| (find_kinds(text), None));
    match (kinds.as_slice(), sel) {
        (ks, Some(i)) => format!("→ {} — Enter", ks[i].label()),
        ([k], None) => format!("→ {} — Enter", k.label()),
        ([], None) => "no such kind — Backspace".into(),
        (_, None) => "↑↓ or Tab choose, or type its first letters".into(),
    }
}

/// The name asked for when a link's answer asks for a new entity: `+name`,
/// or a `+` typed after the words the prompt starts with ("JavaScript+").
pub(super) fn new_entity_name(text: &str) -> Option<&str> {
    let t = text.trim();
    t.strip_prefix('+').or_else(|| t.strip_suffix('+'))
}

/// What the step prompt asks, naming the tour the step joins: the one
/// running, else the reader's own, made by the first step when missing.
fn step_label(r: &Reader) -> String {
    let title = |t: &crate::corpus::Tour| crate::text::truncate(&t.title, 24);
    if let Some(t) = r.tour.and_then(|t| r.corpus.tours.get(t.tour)) {
        return format!("Step of “{}”, here, commentary: ", title(t));
    }
    match r
        .corpus
        .tours
        .iter()
        .find(|t| t.id == super::curate::OWN_TOUR_ID)
    {
        Some(t) => format!("Step of “{}” (no tour running), here: ", title(t)),
        None => "First step of a new tour, “My tour”, here: ".into(),
    }
}

/// The line beside a curation prompt: its label, and what the text typed
/// so far will do.
pub fn prompt_line(r: &Reader, p: &Prompt, text: &str) -> (String, String) {
    let name = |id: &str| {
        r.corpus
            .entity_by_id(id)
            .map_or(id.to_owned(), |e| e.name.clone())
    };
    let title = |id: &str| {
        r.corpus
            .event_by_id(id)
            .map_or(id.to_owned(), |e| crate::text::truncate(&e.title, 30))
    };
    let choice = entity_choices(r).and_then(|(found, at)| {
        let e = *found.get(at)?;
        let more = if found.len() > 1 {
            " · ↑↓ another"
        } else {
            ""
        };
        Some((e, more))
    });
    let pick = |verb: &str| match choice {
        Some((e, more)) => format!(
            "{verb} {} ({}) — Enter{more}",
            r.corpus.entities[e].name,
            r.corpus.entities[e].kind.label()
        ),
        None if text.trim().is_empty() => "type a name or alias".into(),
        None => "no other entity matches".into(),
    };
    let date = || match EdtfDate::parse(text.trim()) {
        Ok(d) => format!("reads “{d}” — Enter"),
        Err(_) if text.trim().is_empty() => {
            "EDTF: 1922-04-16, 1922-08, 1933~, 1928?, 1928/1929".into()
        }
        Err(e) => format!("✗ {e}"),
    };
    match p {
        Prompt::EntityMenu(id) => (
            format!("Change {}: ", name(id)),
            "a letter of the menu · Esc leaves".into(),
        ),
        Prompt::EventMenu(id) => (
            format!("Change “{}”: ", title(id)),
            "a letter of the menu · Esc leaves".into(),
        ),
        Prompt::LinkTo { text: words, .. } => (
            format!("Link “{}” to: ", crate::text::truncate(words, 24)),
            match new_entity_name(text) {
                Some(n) => {
                    let n = if n.trim().is_empty() { words } else { n.trim() };
                    format!("a new entity “{n}” — Enter, then its kind")
                }
                None => match choice {
                    Some((e, more)) => format!(
                        "→ {} ({}) — Enter links{more} · +name makes a new entity",
                        r.corpus.entities[e].name,
                        r.corpus.entities[e].kind.label()
                    ),
                    None if text.trim().is_empty() => {
                        "type a name or alias · +name makes a new entity".into()
                    }
                    None => format!(
                        "no entity matches — Enter makes a new one, “{}”",
                        text.trim()
                    ),
                },
            },
        ),
        Prompt::NewEntityKind { name, .. } => (
            format!("Kind of the new “{}”: ", crate::text::truncate(name, 24)),
            kind_hint(r, text),
        ),
        Prompt::NewTourTitle => (
            "New tour, title: ".into(),
            "Enter, then its first step".into(),
        ),
        Prompt::NewTourStep(t) => (
            format!(
                "First step of “{}”, here, commentary: ",
                crate::text::truncate(t, 24)
            ),
            "Enter creates the tour".into(),
        ),
        Prompt::Rename(id) => (
            format!("Rename {}: ", name(id)),
            "Enter rename · Esc cancel".into(),
        ),
        Prompt::Kind(id) => (format!("Kind of {}: ", name(id)), kind_hint(r, text)),
        Prompt::AddAlias(id) => (
            format!("New alias of {}: ", name(id)),
            "Enter add · Esc cancel".into(),
        ),
        Prompt::RemoveAlias(id) => (
            format!("Remove alias of {}: ", name(id)),
            r.corpus
                .entity_by_id(id)
                .map_or_else(String::new, |e| e.aliases.join(" · ")),
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
        Prompt::Step => (step_label(r), "Enter add · Esc cancel".into()),
        Prompt::Claim { .. } => (
            "This passage says: ".into(),
            "a few words — then D on another passage".into(),
        ),
        Prompt::DisputeTopic => ("Dispute, the question: ".into(), "Enter add".into()),
    }
}
