//! Bookmarks in the reader: toggling, notes, the list, delete and undo.
//! The store holds them; saving is the event loop's business, not ours.

use super::update::jump;
use super::{Input, InputKind, Overlay, Reader};
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
            return;
        };
        let mut list = store.resolve_all(&self.corpus);
        reading_order(&mut list);
        self.bookmarks = list;
    }

    /// Puts the reader at a saved position (resume), without history.
    pub fn restore_position(&mut self, p: super::Position) {
        super::update::restore(self, p);
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

pub(super) fn toggle(r: &mut Reader) {
    let loc = r.loc();
    let corpus = r.corpus.clone();
    let Some(store) = r.store.as_mut() else {
        r.status = Some("bookmarks are off: no data directory".into());
        return;
    };
    let added = store.toggle(&corpus, loc);
    r.status = Some(
        if added {
            "bookmarked — M adds a note"
        } else {
            "bookmark removed"
        }
        .into(),
    );
    r.refresh_bookmarks();
}

/// Opens the note editor on the focus passage's bookmark, making one if needed.
pub(super) fn edit_note_here(r: &mut Reader) {
    let id = match r.focus_bookmark() {
        Some(b) => b.id.clone(),
        None => {
            let loc = r.loc();
            let corpus = r.corpus.clone();
            let Some(store) = r.store.as_mut() else {
                r.status = Some("bookmarks are off: no data directory".into());
                return;
            };
            let Some(id) = store.add(&corpus, loc) else {
                return;
            };
            r.refresh_bookmarks();
            id
        }
    };
    open_note(r, id);
}

pub(super) fn open_note(r: &mut Reader, id: String) {
    let text = r
        .store
        .as_ref()
        .and_then(|s| s.get(&id))
        .map(|b| b.note.clone())
        .unwrap_or_default();
    let cursor = text.chars().count();
    r.input = Some(Input {
        kind: InputKind::Note(id),
        text,
        cursor,
    });
}

pub(super) fn save_note(r: &mut Reader, id: &str, text: &str) {
    if let Some(store) = r.store.as_mut()
        && store.set_note(id, text)
    {
        r.status = Some(
            if text.trim().is_empty() {
                "note removed"
            } else {
                "note saved"
            }
            .into(),
        );
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
        .bookmarks
        .iter()
        .position(|(_, res)| res.loc() == Some(here))
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
                "orphaned: its passage is no longer in “{}” — d deletes it",
                b.article
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
        r.undo = Some(b);
        r.status = Some("bookmark deleted — u to undo".into());
    }
    r.refresh_bookmarks();
    if let Some(Overlay::Bookmarks { sel }) = r.overlay.as_mut() {
        *sel = (*sel).min(r.bookmarks.len().saturating_sub(1));
    }
}

pub(super) fn undo(r: &mut Reader) {
    let Some(b) = r.undo.take() else {
        r.status = Some("nothing to undo".into());
        return;
    };
    if let Some(store) = r.store.as_mut() {
        store.restore(b);
        r.status = Some("bookmark restored".into());
    }
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
