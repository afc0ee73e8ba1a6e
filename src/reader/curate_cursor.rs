//! The mention cursor across a curation change, and what an undo takes
//! back. A change that loads the pack again moves the mentions' indices,
//! so the cursor is followed by place (the passage and the bytes of its
//! words): after a link or an unlink it lands on the words the change
//! acted on, after an undo on the mention it was on when the change was
//! made, whenever a mention is there.

use std::ops::Range;

use super::curate::Queued;
use super::{Pane, Reader, Target, Undo};
use crate::corpus::{ArticleIdx, PassageLoc};
use crate::curate::Change;
use crate::curate::files::Docs;

/// A place in the text: the article by id, since its index may move when
/// the pack is loaded again, the passage, and the bytes of the words in
/// the version of the text shown then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    article: String,
    passage: usize,
    range: Range<usize>,
    original: bool,
}

/// Kept with a curation change's entry on the undo list, for its undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Where the mention cursor goes back to.
    spot: Option<Spot>,
    /// What the change did, as its status said.
    what: String,
}

/// What the queued changes do to the cursor, worked out before they are
/// written (the places are read in the corpus they were made on).
pub(super) struct Aim {
    /// Kept with each change's undo: where the cursor goes back to.
    before: Option<Spot>,
    /// What the change does; for an undo, what it takes back.
    what: Option<String>,
    /// Where the cursor lands afterwards, the first place that holds a
    /// mention.
    after: Vec<Spot>,
    /// The length of the undo list before the changes.
    undo_len: usize,
}

fn cursor_spot(r: &Reader) -> Option<Spot> {
    let (loc, _) = r.mention_cursor?;
    let m = r.cursor_mention()?;
    Some(Spot {
        article: r.corpus.articles.get(loc.article.index())?.id.clone(),
        passage: loc.passage,
        range: m.range.clone(),
        original: r.show_original,
    })
}

/// The words a link or an unlink acts on, as the text shows them.
fn words_spot(r: &Reader, c: &Change) -> Option<Spot> {
    let (at, text, nth) = match c {
        Change::Link { at, text, nth, .. } | Change::CreateEntity { at, text, nth, .. } => {
            (at, text, *nth)
        }
        _ => return None,
    };
    let a = r.corpus.articles.iter().find(|a| a.id == at.article)?;
    let passage = a
        .passages
        .iter()
        .position(|p| p.original.as_deref().unwrap_or(&p.text) == at.text)?;
    let p = &a.passages[passage];
    let printed: &str = p.original.as_deref().unwrap_or(&p.text);
    let (from, _) = printed.match_indices(text.as_str()).nth(nth)?;
    // Shown corrected, the words move by the corrections before them.
    let off = if r.show_original || p.original.is_none() {
        from
    } else {
        let shift: isize = p
            .original_corrections
            .iter()
            .zip(p.corrections.iter())
            .filter(|(o, _)| o.end <= from)
            .map(|(o, c)| c.len() as isize - o.len() as isize)
            .sum();
        usize::try_from(from as isize + shift).ok()?
    };
    Some(Spot {
        article: at.article.clone(),
        passage,
        range: off..off + text.len(),
        original: r.show_original,
    })
}

/// Before the queued changes are written: where the cursor is, and where
/// it should be once they are.
pub(super) fn aim(r: &mut Reader, queued: &[Queued], docs: &Docs) -> Option<Aim> {
    if queued.is_empty() {
        return None;
    }
    let undo_len = r.undo.len();
    let cursor = cursor_spot(r);
    if queued.iter().any(|q| matches!(q, Queued::Undo(_))) {
        let back = r.curation.undo_back.take();
        let (spot, what) = back.map_or((None, None), |k| (k.spot, Some(k.what)));
        return Some(Aim {
            before: None,
            what,
            after: spot.into_iter().chain(cursor).collect(),
            undo_len,
        });
    }
    let change = queued.iter().find_map(|q| match q {
        Queued::Change(c) => Some(c),
        _ => None,
    });
    let words = change.and_then(|c| words_spot(r, c));
    Some(Aim {
        before: cursor.clone().or_else(|| words.clone()),
        what: change.map(|c| c.describe(docs)),
        after: words.into_iter().chain(cursor).collect(),
        undo_len,
    })
}

/// After the changes are written: the place each new undo returns to, and
/// the cursor on the mention at the place aimed at, or none.
pub(super) fn land(r: &mut Reader, aim: Aim) {
    // What was kept for undo entries taken since belongs to none now.
    r.curation.undo_kept.retain(|(i, _)| *i < aim.undo_len);
    let undo_len = r.undo.len();
    match aim.what {
        Some(what) if undo_len > aim.undo_len => {
            for i in aim.undo_len..undo_len {
                if matches!(r.undo[i], Undo::Curation(_)) {
                    let kept = Kept {
                        spot: aim.before.clone(),
                        what: what.clone(),
                    };
                    r.curation.undo_kept.push((i, kept));
                }
            }
        }
        // An undo written: the status says what it took back.
        Some(what) if r.status.as_deref().is_some_and(|s| s.starts_with("undone")) => {
            let rest = r.status.as_deref().unwrap_or_default()["undone".len()..].to_owned();
            r.status = Some(format!("undone: {what}{rest}"));
        }
        _ => {}
    }
    // The index it held may name another mention in the corpus loaded again.
    r.mention_cursor = None;
    if r.pane != Pane::Document {
        return;
    }
    for s in &aim.after {
        if let Some((loc, i, entity)) = resolve(r, s) {
            r.mention_cursor = Some((loc, i));
            r.target = Some(Target::Entity(entity));
            return;
        }
    }
}

/// The mention at the place, in the focus passage: the one on exactly
/// these words, else one overlapping them.
fn resolve(r: &Reader, s: &Spot) -> Option<(PassageLoc, usize, crate::corpus::EntityIdx)> {
    let article = r.corpus.articles.iter().position(|a| a.id == s.article)?;
    let loc = PassageLoc {
        article: ArticleIdx(article),
        passage: s.passage,
    };
    if loc != r.loc() || s.original != r.show_original {
        return None;
    }
    let p = r.corpus.articles[article].passages.get(s.passage)?;
    let mentions = p.version(r.show_original).2;
    let i = mentions
        .iter()
        .position(|m| m.range == s.range)
        .or_else(|| {
            mentions
                .iter()
                .position(|m| m.range.start < s.range.end && s.range.start < m.range.end)
        })?;
    Some((loc, i, mentions[i].entity))
}

/// `u` took a curation change off the undo list: what was kept with it,
/// for the undo to say and to return the cursor to.
pub(super) fn taken_back(r: &mut Reader) {
    let i = r.undo.len();
    let kept = &mut r.curation.undo_kept;
    r.curation.undo_back = kept
        .iter()
        .rposition(|(j, _)| *j == i)
        .map(|k| kept.remove(k).1);
    kept.retain(|(j, _)| *j < i);
}
