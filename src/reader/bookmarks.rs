//! Bookmarks in the reader: toggling, notes, the list, delete and undo.
//! The store holds them; saving is the event loop's business, not ours.

use super::nav::jump;
use super::{Input, InputKind, NoteOn, Overlay, Reader, Undo};
use crate::corpus::PassageLoc;
use crate::store::{Bookmark, Resolution, Store};

impl Reader {
    /// Gives the reader its bookmarks; without a store, bookmarking is off.
    pub fn attach_store(&mut self, store: Store) {
        self.store = Some(store);
        self.refresh_bookmarks();
    }

    /// Re-reads the bookmarks after a change or a save that merged another
    /// instance's: resolved ones in reading order, orphans last.
    pub fn refresh_bookmarks(&mut self) {
        let Some(store) = &self.store else {
            self.bookmarks.clear();
            self.highlights.clear();
            return;
        };
        let mut list = store.resolve_all(&self.corpus);
        reading_order(&mut list);
        self.bookmarks = list;
        self.refresh_highlights();
    }

    /// Puts the reader at a saved position (resume), without history.
    pub fn restore_position(&mut self, p: super::Position) {
        super::nav::restore(self, p);
        self.settle();
    }

    pub fn is_bookmarked(&self, loc: PassageLoc) -> bool {
        self.bookmarks.iter().any(|(_, r)| r.loc() == Some(loc))
    }

    /// The bookmark of the focus passage, if any.
    pub fn focus_bookmark(&self) -> Option<&Bookmark> {
        let here = self.loc();
        self.bookmarks
            .iter()
            .find(|(_, r)| r.loc() == Some(here))
            .map(|(b, _)| b)
    }
}

const OFF: &str = "bookmarks are off: no data directory";

/// `m`: bookmarks the focus passage, or removes its bookmarks, which `u`
/// brings back with their notes.
pub(super) fn toggle(r: &mut Reader) {
    let loc = r.loc();
    let corpus = r.corpus.clone();
    let Some(store) = r.store.as_mut() else {
        r.status = Some(OFF.into());
        return;
    };
    let here: Vec<String> = store
        .bookmarks_at(&corpus, loc)
        .map(|b| b.id.clone())
        .collect();
    if here.is_empty() {
        if store.add(&corpus, loc).is_some() {
            let m = r.keys.first(super::Action::EditNote, "M");
            r.status = Some(format!("bookmarked — {m} adds a note"));
        }
    } else {
        let removed: Vec<Bookmark> = here.iter().filter_map(|id| store.remove(id)).collect();
        r.status = Some(removed_status(r, &removed));
        r.undo.push(Undo::Removed(removed));
    }
    r.refresh_bookmarks();
}

fn removed_status(r: &Reader, removed: &[Bookmark]) -> String {
    let u = r.keys.first(super::Action::Undo, "u");
    if removed.iter().any(|b| !b.note.is_empty()) {
        format!("bookmark and its note removed — {u} to undo")
    } else {
        format!("bookmark removed — {u} to undo")
    }
}

/// Opens the note editor on the focus passage's bookmark; without one, the
/// bookmark is made only when a note is saved.
pub(super) fn edit_note_here(r: &mut Reader) {
    if r.store.is_none() {
        r.status = Some(OFF.into());
        return;
    }
    let on = match r.focus_bookmark() {
        Some(b) => NoteOn::Bookmark(b.id.clone()),
        None => NoteOn::NewAt(r.loc()),
    };
    open_note(r, on);
}

pub(super) fn open_note(r: &mut Reader, on: NoteOn) {
    let text = match &on {
        NoteOn::Bookmark(id) => r
            .store
            .as_ref()
            .and_then(|s| s.get(id))
            .map(|b| b.note.clone())
            .unwrap_or_default(),
        NoteOn::NewAt(_) => String::new(),
    };
    let cursor = text.chars().count();
    r.input = Some(Input {
        kind: InputKind::Note(on),
        text,
        cursor,
    });
}

pub(super) fn save_note(r: &mut Reader, on: NoteOn, text: &str) {
    let corpus = r.corpus.clone();
    let Some(store) = r.store.as_mut() else {
        return;
    };
    let empty = text.trim().is_empty();
    match on {
        NoteOn::NewAt(_) if empty => {
            r.status = Some("empty note — nothing saved".into());
        }
        NoteOn::NewAt(loc) => {
            if let Some(id) = store.add(&corpus, loc)
                && store.set_note(&id, text)
            {
                r.status = Some("note saved — the passage is bookmarked".into());
            }
        }
        NoteOn::Bookmark(id) => {
            let before = store.get(&id).map(|b| b.note.clone()).unwrap_or_default();
            if store.set_note(&id, text) {
                let after = store.get(&id).map(|b| b.note.clone()).unwrap_or_default();
                r.status = Some(
                    if after == before {
                        "note unchanged"
                    } else if empty {
                        "note removed — u to undo"
                    } else if before.is_empty() {
                        "note saved"
                    } else {
                        "note saved — u brings back the old one"
                    }
                    .into(),
                );
                if after != before && !before.is_empty() {
                    r.undo.push(Undo::Note { id, before });
                }
            }
        }
    }
    r.refresh_bookmarks();
}

pub(super) fn open_list(r: &mut Reader) {
    if r.store.is_none() {
        r.status = Some("bookmarks are off: no data directory".into());
        return;
    }
    let here = r.loc();
    let sel = r
        .annotations()
        .iter()
        .position(|a| match *a {
            Annotation::Bookmark(i) => r.bookmarks[i].1.loc() == Some(here),
            Annotation::Highlight(i) => {
                r.highlights[i]
                    .1
                    .span()
                    .and_then(|s| s.first_loc(&r.corpus))
                    == Some(here)
            }
        })
        .unwrap_or(0);
    r.overlay = Some(Overlay::Bookmarks { sel });
}

pub(super) fn go(r: &mut Reader, sel: usize) {
    match r.bookmarks.get(sel).map(|(b, res)| (b.clone(), *res)) {
        Some((_, res)) if res.loc().is_some() => {
            r.overlay = None;
            if let Some(loc) = res.loc() {
                jump(r, loc);
            }
        }
        Some((b, _)) => {
            r.status = Some(format!(
                "orphaned: its passage is no longer in “{}” — {} deletes it",
                b.article,
                r.keys.first(super::Action::Delete, "d")
            ));
        }
        None => {}
    }
}

pub(super) fn delete(r: &mut Reader, sel: usize) {
    let Some(id) = r.bookmarks.get(sel).map(|(b, _)| b.id.clone()) else {
        return;
    };
    if let Some(store) = r.store.as_mut()
        && let Some(b) = store.remove(&id)
    {
        let removed = vec![b];
        r.status = Some(removed_status(r, &removed));
        r.undo.push(Undo::Removed(removed));
    }
    r.refresh_bookmarks();
    if let Some(Overlay::Bookmarks { sel }) = r.overlay.as_mut() {
        *sel = (*sel).min(r.bookmarks.len().saturating_sub(1));
    }
}

/// `u`, anywhere: takes back the last removal of bookmarks or of a note,
/// or the last curation change; again, the one before.
pub(super) fn undo(r: &mut Reader) {
    let Some(u) = r.undo.pop() else {
        r.status = Some("nothing to undo".into());
        return;
    };
    if let Undo::Curation(c) = u {
        return super::curate::undo(r, c);
    }
    let Some(store) = r.store.as_mut() else {
        r.status = Some("nothing to undo".into());
        return;
    };
    r.status = Some(match u {
        Undo::Removed(list) => {
            let n = list.len();
            for b in list {
                store.restore(b);
            }
            if n == 1 {
                "bookmark restored".into()
            } else {
                format!("{n} bookmarks restored")
            }
        }
        Undo::Note { id, before } => {
            if store.set_note(&id, &before) {
                "note restored".into()
            } else {
                "its bookmark is gone — nothing to undo".into()
            }
        }
        Undo::Curation(_) => return,
        other => super::highlight::undo(r, other).unwrap_or_else(|| "nothing to undo".into()),
    });
    r.refresh_bookmarks();
}

/// Sorts resolved bookmarks as the list shows them: by place in the corpus,
/// orphans last, each group oldest first.
pub fn reading_order(list: &mut [(Bookmark, Resolution)]) {
    list.sort_by(|(a, ra), (b, rb)| match (ra.loc(), rb.loc()) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.created.cmp(&b.created)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.created.cmp(&b.created),
    });
}

/// Whether a bookmark still points somewhere.
pub fn is_orphan(res: &Resolution) -> bool {
    res.loc().is_none()
}

/// A row of the annotations list: an index into [`Reader::bookmarks`] or
/// [`Reader::highlights`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annotation {
    Bookmark(usize),
    Highlight(usize),
}

/// What the annotations list shows: everything, or only highlights with a
/// tag, of a colour, or annotations of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationFilter {
    pub tag: Option<String>,
    pub colour: Option<crate::store::Colour>,
    pub article: Option<crate::corpus::ArticleIdx>,
}

impl AnnotationFilter {
    pub fn is_empty(&self) -> bool {
        *self == AnnotationFilter::default()
    }

    /// The filter in words, for the list's title.
    pub fn describe(&self, r: &Reader) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.tag {
            parts.push(format!("#{t}"));
        }
        if let Some(c) = self.colour {
            parts.push(c.name().to_owned());
        }
        if let Some(a) = self.article.and_then(|a| r.corpus.article(a)) {
            parts.push(a.title.clone());
        }
        parts.join(" · ")
    }
}

/// Orphan, article, code point offset, bookmark before highlight, created.
type OrderKey = (bool, usize, usize, u8, String);

impl Reader {
    /// The annotations list: bookmarks and highlights together in reading
    /// order (a bookmark before the highlights of its passage), orphans
    /// last, filtered by [`Reader::annotation_filter`]. Tag and colour
    /// filters keep only highlights.
    pub fn annotations(&self) -> Vec<Annotation> {
        let f = &self.annotation_filter;
        let art_text_at = |a: crate::corpus::ArticleIdx, p: usize| {
            crate::store::highlight::passage_start(&self.corpus.articles[a], p)
        };
        let mut rows: Vec<(OrderKey, Annotation)> = Vec::new();
        if f.tag.is_none() && f.colour.is_none() {
            for (i, (b, res)) in self.bookmarks.iter().enumerate() {
                let key = match res.loc() {
                    Some(l) => (false, l.article.index(), art_text_at(l.article, l.passage)),
                    None => (true, 0, 0),
                };
                if f.article.is_some() && res.loc().map(|l| l.article) != f.article {
                    continue;
                }
                rows.push((
                    (key.0, key.1, key.2, 0, b.created.clone()),
                    Annotation::Bookmark(i),
                ));
            }
        }
        for (i, (h, p)) in self.highlights.iter().enumerate() {
            if f.tag.as_ref().is_some_and(|t| !h.tags.contains(t))
                || f.colour.is_some_and(|c| h.colour != c)
                || (f.article.is_some() && p.span().map(|s| s.article) != f.article)
            {
                continue;
            }
            let key = match p.span() {
                Some(s) => (false, s.article.index(), s.start),
                None => (true, 0, 0),
            };
            rows.push((
                (key.0, key.1, key.2, 1, h.created.clone()),
                Annotation::Highlight(i),
            ));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows.into_iter().map(|(_, a)| a).collect()
    }
}

/// Keys of the annotations list.
pub(super) fn list_key(r: &mut Reader, sel: usize, action: super::Action) {
    use super::Action;
    let rows = r.annotations();
    let n = rows.len();
    let page = (r.size.1 as usize).saturating_sub(8).max(1);
    if let Some(s) = super::select::moved(sel, n, page, action) {
        r.overlay = Some(Overlay::Bookmarks { sel: s });
        return;
    }
    let row = rows.get(sel).copied();
    match action {
        Action::Activate => match row {
            Some(Annotation::Bookmark(i)) => go(r, i),
            Some(Annotation::Highlight(i)) => go_highlight(r, i),
            None => {}
        },
        Action::Delete => {
            match row {
                Some(Annotation::Bookmark(i)) => delete(r, i),
                Some(Annotation::Highlight(i)) => {
                    let id = r.highlights[i].0.id.clone();
                    if let Some(h) = r.store.as_mut().and_then(|s| s.remove_highlight(&id)) {
                        r.undo.push(Undo::Highlight(Box::new(h)));
                        r.status = Some("highlight removed — u to undo".into());
                    }
                    r.refresh_bookmarks();
                }
                None => {}
            }
            let n = r.annotations().len();
            r.overlay = Some(Overlay::Bookmarks {
                sel: sel.min(n.saturating_sub(1)),
            });
        }
        Action::EditNote | Action::NoteHighlight => match row {
            Some(Annotation::Bookmark(i)) => {
                let id = r.bookmarks[i].0.id.clone();
                open_note(r, NoteOn::Bookmark(id));
            }
            Some(Annotation::Highlight(i)) => {
                let id = r.highlights[i].0.id.clone();
                super::highlight::open_note(r, id);
            }
            None => {}
        },
        // `s` cycles the tag filter through the tags in use.
        Action::TagHighlight => {
            let tags = r.store.as_ref().map(|s| s.used_tags()).unwrap_or_default();
            let next = match &r.annotation_filter.tag {
                None => tags.first().cloned(),
                Some(t) => tags
                    .iter()
                    .position(|x| x == t)
                    .and_then(|i| tags.get(i + 1))
                    .cloned(),
            };
            r.annotation_filter.tag = next;
            r.overlay = Some(Overlay::Bookmarks { sel: 0 });
        }
        // `v` cycles the colour filter.
        Action::Select => {
            use crate::store::Colour;
            let all = Colour::ALL;
            r.annotation_filter.colour = match r.annotation_filter.colour {
                None => Some(all[0]),
                Some(c) => all
                    .iter()
                    .position(|&x| x == c)
                    .and_then(|i| all.get(i + 1))
                    .copied(),
            };
            r.overlay = Some(Overlay::Bookmarks { sel: 0 });
        }
        // `a` keeps only this article's, or all again.
        Action::Articles => {
            r.annotation_filter.article = match r.annotation_filter.article {
                None => Some(r.article),
                Some(_) => None,
            };
            r.overlay = Some(Overlay::Bookmarks { sel: 0 });
        }
        Action::Close | Action::Back | Action::Leave | Action::Bookmarks => r.overlay = None,
        _ => {}
    }
}

fn go_highlight(r: &mut Reader, i: usize) {
    let Some((h, p)) = r.highlights.get(i).cloned() else {
        return;
    };
    match p.span().and_then(|s| s.first_loc(&r.corpus)) {
        Some(loc) => {
            r.overlay = None;
            jump(r, loc);
        }
        None => {
            r.status = Some(format!(
                "orphaned: its words are no longer in “{}” — d deletes it",
                h.article
            ));
        }
    }
}
