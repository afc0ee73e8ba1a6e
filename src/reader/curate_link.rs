//! Linking words of the text to entities from the reader: the mention
//! under the cursor or the selected words, one unlinked place or all of an
//! entity's, and unlinking one occurrence.

use std::ops::Range;

use super::curate::{Prompt, here, prompt, queue};
use super::{Overlay, Reader};
use crate::curate::{Change, PassageAt};

/// The entity's first mention in the focus passage links to nothing from
/// now on: one occurrence, by a link override.
pub(super) fn unlink_here(r: &mut Reader, id: &str) {
    let Some(e) = r.corpus.entity_index(id) else {
        return;
    };
    let p = &r.corpus.articles[r.article].passages[r.focus];
    let Some(m) = p.mentions.iter().find(|m| m.entity == e) else {
        r.status = Some("this entity is not mentioned in the focus passage".into());
        return;
    };
    let Some((text, nth)) = printed_occurrence(p, false, m.range.clone()) else {
        r.status = Some(ON_CORRECTION.into());
        return;
    };
    let change = Change::Link {
        at: here(r),
        text,
        nth,
        entity: None,
    };
    queue(r, change);
}

const ON_CORRECTION: &str =
    "these words touch a correction, which a link may not overlap — o shows the printed text";

/// The words at `range` of the passage's text as shown (`original`: as
/// printed, else corrected) as a change names them: the words, and which
/// occurrence of them they are in the printed text, where links are
/// placed. None where they touch a correction, which no link may overlap.
pub(super) fn printed_occurrence(
    p: &crate::corpus::Passage,
    original: bool,
    range: Range<usize>,
) -> Option<(String, usize)> {
    let (shown, fixes, _) = p.version(original);
    let words = shown.get(range.clone())?.to_owned();
    if fixes
        .iter()
        .any(|c| c.start < range.end && range.start < c.end)
    {
        return None;
    }
    let printed: &str = p.original.as_deref().unwrap_or(&p.text);
    let start = if original || p.original.is_none() {
        range.start
    } else {
        // Corrections before the words move them by their change in length.
        let shift: isize = p
            .original_corrections
            .iter()
            .zip(p.corrections.iter())
            .filter(|(_, c)| c.end <= range.start)
            .map(|(o, c)| c.len() as isize - o.len() as isize)
            .sum();
        usize::try_from(range.start as isize - shift).ok()?
    };
    if printed.get(start..start + words.len())? != words {
        return None;
    }
    let nth = printed[..start].matches(words.as_str()).count();
    Some((words, nth))
}

/// Words as a reader selects them, without the punctuation around them
/// (a full stop stays where the words hold another, as in “U.S.”).
pub(super) fn trim_words(s: &str) -> &str {
    let t = s.trim_matches(|c: char| c.is_whitespace() || ",;:!?\"'()[]{}“”‘’«»—–".contains(c));
    match t.strip_suffix('.') {
        Some(rest) if !rest.contains('.') => rest,
        _ => t,
    }
}

/// The words to link: the selection when words are selected (within one
/// passage), else the mention under the cursor. With the passage as the
/// change names it and which occurrence of the words in it they are.
pub(super) fn words_to_link(r: &Reader) -> Result<(PassageAt, String, usize), String> {
    let (article, p, original, range) = if let Some(sel) = r.selection {
        let a = &r.corpus.articles[sel.article];
        let ranges = sel.span().passage_ranges(a);
        let [(p, range)] = ranges.as_slice() else {
            return Err("select words within one passage to link them".into());
        };
        let full: &str = &a.passages[*p].text;
        let inner = trim_words(&full[range.clone()]);
        let Some(off) = full[range.clone()]
            .find(inner)
            .filter(|_| !inner.is_empty())
        else {
            return Err("no words selected".into());
        };
        let start = range.start + off;
        (sel.article, *p, false, start..start + inner.len())
    } else if let (Some((loc, _)), Some(m)) = (r.mention_cursor(), r.cursor_mention()) {
        (loc.article, loc.passage, r.show_original, m.range.clone())
    } else {
        let i = r.keys.first(super::Action::NextMention, "i");
        let v = r.keys.first(super::Action::Select, "v");
        return Err(format!(
            "put the mention cursor on a mention ({i}) or select words ({v}) first"
        ));
    };
    let a = &r.corpus.articles[article];
    let pass = &a.passages[p];
    let (words, nth) = printed_occurrence(pass, original, range).ok_or(ON_CORRECTION)?;
    let at = PassageAt {
        article: a.id.clone(),
        text: pass.original.as_deref().unwrap_or(&pass.text).to_owned(),
    };
    Ok((at, words, nth))
}

/// `@`: in a card, links the selected unlinked mention to the card's
/// entity; elsewhere asks which entity the words under the mention cursor
/// or the selection link to.
pub(super) fn link_key(r: &mut Reader) {
    if let Some(Overlay::Card(c)) = &r.overlay {
        let e = c.entity;
        let item = r.card_rows(e).get(c.sel).copied();
        let Some(super::CardItem::Unlinked(i)) = item else {
            r.status = Some(if r.unlinked_of(e).is_empty() {
                let close = r.keys.first(super::Action::Close, "Esc");
                let i = r.keys.first(super::Action::NextMention, "i");
                format!(
                    "{} has no unlinked mentions — {close}, then {i} puts the cursor on a mention of the text to link",
                    r.corpus.entities[e].name
                )
            } else {
                "select an unlinked mention in the card (its first section), then link it".into()
            });
            return;
        };
        let Some(u) = r.unlinked_of(e).get(i).cloned() else {
            return;
        };
        let a = &r.corpus.articles[u.loc.article];
        let p = &a.passages[u.loc.passage];
        let Some((text, nth)) = printed_occurrence(p, false, u.range.clone()) else {
            r.status = Some(ON_CORRECTION.into());
            return;
        };
        let change = Change::Link {
            at: PassageAt {
                article: a.id.clone(),
                text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
            },
            text,
            nth,
            entity: Some(r.corpus.entities[e].id.clone()),
        };
        queue(r, change);
        return;
    }
    match words_to_link(r) {
        Ok((at, text, nth)) => {
            r.selection = None;
            let typed = text.clone();
            prompt(r, Prompt::LinkTo { at, text, nth }, typed);
        }
        Err(e) => r.status = Some(e),
    }
}

/// `-`: the mention under the cursor links to nothing, here only.
pub(super) fn unlink_key(r: &mut Reader) {
    let Some(m) = r.cursor_mention().cloned() else {
        let i = r.keys.first(super::Action::NextMention, "i");
        r.status = Some(format!("put the mention cursor on a mention ({i}) first"));
        return;
    };
    let (loc, _) = r.mention_cursor().unwrap_or((r.loc(), 0));
    let a = &r.corpus.articles[loc.article];
    let p = &a.passages[loc.passage];
    let at = PassageAt {
        article: a.id.clone(),
        text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
    };
    let Some((text, nth)) = printed_occurrence(p, r.show_original, m.range.clone()) else {
        r.status = Some(ON_CORRECTION.into());
        return;
    };
    let change = Change::Link {
        at,
        text,
        nth,
        entity: None,
    };
    queue(r, change);
}

/// Every place the entity's name or an alias appears unlinked (other
/// case, a surname alone) links to it: each occurrence, however many a
/// passage holds.
pub(super) fn link_all(r: &mut Reader, id: &str) {
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
    // Words on a correction cannot be linked; the rest are.
    let places = found
        .iter()
        .filter_map(|u| {
            let a = &r.corpus.articles[u.loc.article];
            let p = &a.passages[u.loc.passage];
            let (text, nth) = printed_occurrence(p, false, u.range.clone())?;
            let at = PassageAt {
                article: a.id.clone(),
                text: p.original.as_deref().unwrap_or(&p.text).to_owned(),
            };
            Some((at, text, nth))
        })
        .collect::<Vec<_>>();
    if places.is_empty() {
        r.status = Some(ON_CORRECTION.into());
        return;
    }
    queue(
        r,
        Change::LinkAll {
            entity: id.to_owned(),
            places,
        },
    );
}
