//! Combining this instance's state with the file another instance may have
//! written since it was read.

use std::collections::{BTreeSet, HashMap};

use super::highlight::Highlight;
use super::model::{Bookmark, FORMAT, StoreFile};

/// What merging and keeping in order need of a kept item.
pub(super) trait Kept {
    fn id(&self) -> &str;
    fn created(&self) -> &str;
    fn updated(&self) -> &str;
}

impl Kept for Bookmark {
    fn id(&self) -> &str {
        &self.id
    }
    fn created(&self) -> &str {
        &self.created
    }
    fn updated(&self) -> &str {
        &self.updated
    }
}

impl Kept for Highlight {
    fn id(&self) -> &str {
        &self.id
    }
    fn created(&self) -> &str {
        &self.created
    }
    fn updated(&self) -> &str {
        &self.updated
    }
}

/// Union by id, the later `updated` winning and `ours` on a tie, deleted ids
/// left out, oldest first.
fn unite<T: Kept>(disk: Vec<T>, ours: Vec<T>, deleted: &BTreeSet<String>) -> Vec<T> {
    let mut by_id: HashMap<String, T> = HashMap::new();
    for b in disk.into_iter().chain(ours) {
        if deleted.contains(b.id()) {
            continue;
        }
        match by_id.get(b.id()) {
            Some(kept) if kept.updated() > b.updated() => {}
            _ => {
                by_id.insert(b.id().to_owned(), b);
            }
        }
    }
    let mut v: Vec<T> = by_id.into_values().collect();
    v.sort_by(|a, b| {
        a.created()
            .cmp(b.created())
            .then_with(|| a.id().cmp(b.id()))
    });
    v
}

/// Merges `ours` (the saving instance) with `disk` (what the file holds now).
///
/// Bookmarks, and highlights likewise, are united by id; for an id on both sides the later `updated`
/// wins, ours on a tie. An id deleted on either side stays deleted, and
/// deletions are united, so a bookmark one instance removed is not brought
/// back by another that still had it. Position and tour progress are ours,
/// as the saving instance is the one the reader is looking at; tours only
/// the other side knows are kept. So are the past searches.
pub fn merge(ours: StoreFile, disk: StoreFile) -> StoreFile {
    let deleted: BTreeSet<String> = disk.deleted.into_iter().chain(ours.deleted).collect();

    let bookmarks = unite(disk.bookmarks, ours.bookmarks, &deleted);
    let highlights = unite(disk.highlights, ours.highlights, &deleted);

    let mut tours = disk.tours;
    tours.extend(ours.tours);

    StoreFile {
        format: FORMAT,
        corpus: if ours.corpus.is_empty() {
            disk.corpus
        } else {
            ours.corpus
        },
        bookmarks,
        highlights,
        position: ours.position.or(disk.position),
        tours,
        deleted: deleted.into_iter().collect(),
        // Like the position: the saving instance's, which the reader used.
        searches: if ours.searches.is_empty() {
            disk.searches
        } else {
            ours.searches
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::anchor::Anchor;
    use crate::store::model::Position;

    fn bm(id: &str, note: &str, created: &str, updated: &str) -> Bookmark {
        Bookmark {
            id: id.into(),
            article: "a".into(),
            passage: 0,
            anchor: Anchor::default(),
            note: note.into(),
            created: created.into(),
            updated: updated.into(),
        }
    }

    fn file(bookmarks: Vec<Bookmark>, deleted: &[&str]) -> StoreFile {
        StoreFile {
            bookmarks,
            deleted: deleted.iter().map(|s| s.to_string()).collect(),
            ..StoreFile::empty("c")
        }
    }

    #[test]
    fn union_by_id_later_update_wins() {
        let t1 = "2026-01-01T00:00:00.000Z";
        let t2 = "2026-01-02T00:00:00.000Z";
        let ours = file(vec![bm("x", "old", t1, t1), bm("y", "mine", t1, t1)], &[]);
        let disk = file(vec![bm("x", "new", t1, t2), bm("z", "theirs", t2, t2)], &[]);
        let m = merge(ours, disk);
        let notes: Vec<_> = m
            .bookmarks
            .iter()
            .map(|b| (b.id.as_str(), b.note.as_str()))
            .collect();
        assert_eq!(notes, [("x", "new"), ("y", "mine"), ("z", "theirs")]);
    }

    #[test]
    fn tie_goes_to_the_saver() {
        let t = "2026-01-01T00:00:00.000Z";
        let m = merge(
            file(vec![bm("x", "ours", t, t)], &[]),
            file(vec![bm("x", "disk", t, t)], &[]),
        );
        assert_eq!(m.bookmarks[0].note, "ours");
    }

    #[test]
    fn tombstones_from_either_side_win() {
        let t = "2026-01-01T00:00:00.000Z";
        let ours = file(vec![bm("x", "", t, t)], &["y"]);
        let disk = file(vec![bm("x", "", t, t), bm("y", "", t, t)], &["x"]);
        let m = merge(ours, disk);
        assert!(m.bookmarks.is_empty());
        assert_eq!(m.deleted, ["x", "y"]);
    }

    #[test]
    fn position_and_tours_from_the_saver() {
        let mut ours = StoreFile::empty("c");
        ours.position = Some(Position {
            article: "a".into(),
            passage: 3,
            scroll: 1,
        });
        ours.tours.insert("t1".into(), 4);
        let mut disk = StoreFile::empty("c");
        disk.position = Some(Position {
            article: "b".into(),
            passage: 0,
            scroll: 0,
        });
        disk.tours.insert("t1".into(), 1);
        disk.tours.insert("t2".into(), 2);
        let m = merge(ours, disk);
        assert_eq!(m.position.map(|p| p.article), Some("a".into()));
        assert_eq!(
            m.tours.into_iter().collect::<Vec<_>>(),
            [("t1".into(), 4), ("t2".into(), 2)]
        );
    }
}
