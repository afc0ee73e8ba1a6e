//! Bookmarks, the reading position and tour progress, kept per corpus in
//! `<data dir>/<corpus id>/bookmarks.json`.
//!
//! The reader works on a [`Store`] in memory and calls [`Store::save`] after
//! each change. Saving merges with whatever another running instance wrote
//! meanwhile and replaces the file atomically, so neither a second instance
//! nor `kill -9` in the middle of a save loses bookmarks. A file that cannot
//! be parsed is moved aside (never overwritten) and reported; a file from a
//! newer version is left alone and the store becomes read-only.

pub mod anchor;
pub mod error;
pub mod export;
pub mod file;
pub mod highlight;
pub mod merge;
pub mod model;
pub mod time;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::corpus::{Corpus, PassageLoc};
use crate::sanitize;

pub use anchor::{Anchor, Resolution, anchor_for, reanchor};
pub use error::{StoreError, Warning};
pub use export::{bookmark_record, export_json, export_markdown};
pub use highlight::{Colour, Highlight, Placement, Span};
pub use model::{Bookmark, FORMAT, Position, StoreFile};

use file::Loaded;

/// The bookmarks of one corpus, in memory, and the file they are saved to.
///
/// Resolutions (where each bookmark points in the current text) are
/// remembered per bookmark id, since neither an anchor nor the corpus
/// changes while the reader runs; call [`Store::forget_resolutions`] if the
/// corpus is reloaded.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    state: StoreFile,
    dirty: bool,
    /// Why saving is refused, when it is.
    read_only: Option<String>,
    resolved: RefCell<HashMap<String, Resolution>>,
    /// Where each highlight is in the current text, by id.
    placed: RefCell<HashMap<String, Placement>>,
}

impl Store {
    /// Opens the store of `corpus_id` under `data_dir` (the platform data
    /// directory when `None`).
    ///
    /// Never fails because of the file's contents: a missing file gives an
    /// empty store; a corrupt one is moved aside, with a warning; a newer or
    /// unreadable one gives an empty read-only store, with a warning. Errors
    /// are only for a corpus id that cannot name a directory or a missing
    /// data directory.
    pub fn open(
        data_dir: Option<&Path>,
        corpus_id: &str,
    ) -> Result<(Store, Option<Warning>), StoreError> {
        let path = file::store_path(&file::data_dir(data_dir)?, corpus_id)?;
        Ok(Store::open_path(path, corpus_id))
    }

    /// Opens the store kept in the file `path`.
    pub fn open_path(path: PathBuf, corpus_id: &str) -> (Store, Option<Warning>) {
        let mut store = Store {
            path,
            state: StoreFile::empty(corpus_id),
            dirty: false,
            read_only: None,
            resolved: RefCell::new(HashMap::new()),
            placed: RefCell::new(HashMap::new()),
        };
        let warning = match store.load() {
            Ok(w) => w,
            Err(e) => {
                let message = e.to_string();
                store.read_only = Some(message.clone());
                Some(Warning::ReadOnly { message })
            }
        };
        (store, warning)
    }

    fn load(&mut self) -> Result<Option<Warning>, StoreError> {
        let loaded = match file::read(&self.path)? {
            Loaded::Corrupt(_) => {
                // Look again under the lock: another instance may have
                // replaced the file since, and only this one is moved aside.
                let _lock = file::Lock::acquire(&self.path)?;
                match file::read(&self.path)? {
                    Loaded::Corrupt(reason) => {
                        let aside = file::move_aside(&self.path)?;
                        return Ok(Some(Warning::MovedAside {
                            path: self.path.clone(),
                            aside,
                            reason,
                        }));
                    }
                    other => other,
                }
            }
            other => other,
        };
        match loaded {
            Loaded::File(f) => self.adopt(f),
            Loaded::Newer(found) => {
                return Err(StoreError::NewerFormat {
                    path: self.path.clone(),
                    found,
                });
            }
            Loaded::Missing | Loaded::Corrupt(_) => {}
        }
        Ok(None)
    }

    /// Takes the bookmarks, position and tours of `f`, keeping our corpus id.
    fn adopt(&mut self, f: StoreFile) {
        let corpus = std::mem::take(&mut self.state.corpus);
        self.state = StoreFile { corpus, ..f };
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn corpus_id(&self) -> &str {
        &self.state.corpus
    }

    /// Why changes are not saved, when they are not.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Every bookmark, oldest first, orphans included.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.state.bookmarks
    }

    pub fn get(&self, id: &str) -> Option<&Bookmark> {
        self.state.bookmarks.iter().find(|b| b.id == id)
    }

    /// The whole state as it would be saved.
    pub fn state(&self) -> &StoreFile {
        &self.state
    }

    /// Bookmarks the passage at `loc`, even when it already has one, and
    /// returns the new id; `None` when `loc` is not in the corpus.
    pub fn add(&mut self, corpus: &Corpus, loc: PassageLoc) -> Option<String> {
        let anchor = anchor_for(corpus, loc)?;
        let now = time::now_rfc3339();
        let id = self.fresh_id();
        self.resolved
            .borrow_mut()
            .insert(id.clone(), Resolution::Exact(loc));
        self.state.bookmarks.push(Bookmark {
            id: id.clone(),
            article: corpus.articles[loc.article].id.clone(),
            passage: loc.passage,
            anchor,
            note: String::new(),
            created: now.clone(),
            updated: now,
        });
        self.dirty = true;
        Some(id)
    }

    /// Bookmarks `loc`, or removes its bookmarks if it has any. Returns
    /// whether a bookmark was added.
    pub fn toggle(&mut self, corpus: &Corpus, loc: PassageLoc) -> bool {
        let here: Vec<String> = self
            .bookmarks_at(corpus, loc)
            .map(|b| b.id.clone())
            .collect();
        if here.is_empty() {
            return self.add(corpus, loc).is_some();
        }
        for id in here {
            self.remove(&id);
        }
        false
    }

    /// The bookmarks that point at `loc` now, after re-anchoring.
    pub fn bookmarks_at<'a>(
        &'a self,
        corpus: &'a Corpus,
        loc: PassageLoc,
    ) -> impl Iterator<Item = &'a Bookmark> + 'a {
        let article = corpus.article(loc.article).map(|a| a.id.as_str());
        self.state
            .bookmarks
            .iter()
            .filter(move |b| Some(b.article.as_str()) == article)
            .filter(move |b| self.resolve(corpus, b).loc() == Some(loc))
    }

    pub fn is_bookmarked(&self, corpus: &Corpus, loc: PassageLoc) -> bool {
        self.bookmarks_at(corpus, loc).next().is_some()
    }

    /// Sets the note of bookmark `id`, cleaned to one line of printable
    /// text. Returns whether the bookmark exists.
    pub fn set_note(&mut self, id: &str, note: &str) -> bool {
        let note = sanitize::clean_line(note).trim().to_owned();
        let Some(b) = self.state.bookmarks.iter_mut().find(|b| b.id == id) else {
            return false;
        };
        if b.note != note {
            b.note = note;
            b.updated = time::now_rfc3339();
            self.dirty = true;
        }
        true
    }

    /// Removes bookmark `id` and returns it, for an undo.
    pub fn remove(&mut self, id: &str) -> Option<Bookmark> {
        let b = take(&mut self.state.bookmarks, &mut self.state.deleted, id)?;
        self.dirty = true;
        Some(b)
    }

    /// Puts back a removed bookmark, under a new id (the old one may already
    /// be recorded as deleted in the file, where it must stay deleted for the
    /// other instances). Returns the new id.
    pub fn restore(&mut self, mut bookmark: Bookmark) -> String {
        let old = std::mem::replace(&mut bookmark.id, self.fresh_id());
        let known = self.resolved.borrow_mut().remove(&old);
        if let Some(r) = known {
            self.resolved.borrow_mut().insert(bookmark.id.clone(), r);
        }
        bookmark.updated = time::now_rfc3339();
        let id = bookmark.id.clone();
        insert_in_order(&mut self.state.bookmarks, bookmark);
        self.dirty = true;
        id
    }

    fn fresh_id(&self) -> String {
        loop {
            let id = time::new_id();
            if self.get(&id).is_none()
                && self.highlight(&id).is_none()
                && !self.state.deleted.contains(&id)
            {
                return id;
            }
        }
    }

    /// Records where the reader is. Cheap when nothing changed.
    pub fn set_position(&mut self, position: Position) {
        if self.state.position.as_ref() != Some(&position) {
            self.state.position = Some(position);
            self.dirty = true;
        }
    }

    pub fn position(&self) -> Option<&Position> {
        self.state.position.as_ref()
    }

    /// Records the queries searched, oldest first.
    pub fn set_searches(&mut self, searches: &[String]) {
        if self.state.searches != searches {
            self.state.searches = searches.to_vec();
            self.dirty = true;
        }
    }

    pub fn searches(&self) -> &[String] {
        &self.state.searches
    }

    pub fn set_tour_step(&mut self, tour: &str, step: usize) {
        if self.state.tours.get(tour) != Some(&step) {
            self.state.tours.insert(tour.to_owned(), step);
            self.dirty = true;
        }
    }

    pub fn tour_step(&self, tour: &str) -> Option<usize> {
        self.state.tours.get(tour).copied()
    }

    pub fn tours(&self) -> &BTreeMap<String, usize> {
        &self.state.tours
    }

    /// Where `bookmark` points in `corpus`, remembered by id.
    pub fn resolve(&self, corpus: &Corpus, bookmark: &Bookmark) -> Resolution {
        if let Some(r) = self.resolved.borrow().get(&bookmark.id) {
            return *r;
        }
        let r = reanchor(corpus, bookmark);
        self.resolved.borrow_mut().insert(bookmark.id.clone(), r);
        r
    }

    /// Every bookmark with where it points now, oldest first.
    pub fn resolve_all(&self, corpus: &Corpus) -> Vec<(Bookmark, Resolution)> {
        let index: HashMap<&str, crate::corpus::ArticleIdx> = corpus
            .article_indices()
            .map(|i| (corpus.articles[i].id.as_str(), i))
            .collect();
        self.state
            .bookmarks
            .iter()
            .map(|b| {
                let known = self.resolved.borrow().get(&b.id).copied();
                let r = known.unwrap_or_else(|| {
                    let r = match index.get(b.article.as_str()) {
                        Some(&a) => anchor::reanchor_in(corpus, a, b),
                        None => Resolution::Orphaned,
                    };
                    self.resolved.borrow_mut().insert(b.id.clone(), r);
                    r
                });
                (b.clone(), r)
            })
            .collect()
    }

    pub fn forget_resolutions(&self) {
        self.resolved.borrow_mut().clear();
        self.placed.borrow_mut().clear();
    }

    /// Every highlight, oldest first, orphans included.
    pub fn highlights(&self) -> &[Highlight] {
        &self.state.highlights
    }

    pub fn highlight(&self, id: &str) -> Option<&Highlight> {
        self.state.highlights.iter().find(|h| h.id == id)
    }

    /// Highlights `start..end` (code points of the article text, see
    /// [`highlight::article_text`]) and returns the new id; `None` when the
    /// span is empty, too long or not in the article.
    pub fn add_highlight(
        &mut self,
        corpus: &Corpus,
        article: crate::corpus::ArticleIdx,
        start: usize,
        end: usize,
        colour: Colour,
    ) -> Option<String> {
        let art = corpus.article(article)?;
        let chars: Vec<char> = highlight::article_text(art).chars().collect();
        if start >= end || end > chars.len() || end - start > highlight::MAX_HIGHLIGHT_CHARS {
            return None;
        }
        let now = time::now_rfc3339();
        let id = self.fresh_id();
        let span = Span {
            article,
            start,
            end,
        };
        self.placed
            .borrow_mut()
            .insert(id.clone(), Placement::Exact(span));
        self.state.highlights.push(Highlight {
            id: id.clone(),
            article: art.id.clone(),
            quote: highlight::quote_of(&chars, start, end),
            start,
            end,
            colour,
            tags: Vec::new(),
            note: String::new(),
            created: now.clone(),
            updated: now,
        });
        self.dirty = true;
        Some(id)
    }

    /// Changes highlight `id` with `f`, marking it updated when `f` changed
    /// it. Returns whether the highlight exists.
    fn edit_highlight(&mut self, id: &str, f: impl FnOnce(&mut Highlight)) -> bool {
        let Some(h) = self.state.highlights.iter_mut().find(|h| h.id == id) else {
            return false;
        };
        let before = h.clone();
        f(h);
        if *h != before {
            h.updated = time::now_rfc3339();
            self.dirty = true;
        }
        true
    }

    /// Sets the note of highlight `id`, cleaned to one line.
    pub fn set_highlight_note(&mut self, id: &str, note: &str) -> bool {
        let note = sanitize::clean_line(note).trim().to_owned();
        self.edit_highlight(id, |h| h.note = note)
    }

    /// Sets the tags of highlight `id`, cleaned, repeats dropped.
    pub fn set_tags(&mut self, id: &str, tags: &[String]) -> bool {
        let tags = highlight::parse_tags(&tags.join(" "));
        self.edit_highlight(id, |h| h.tags = tags)
    }

    pub fn set_colour(&mut self, id: &str, colour: Colour) -> bool {
        self.edit_highlight(id, |h| h.colour = colour)
    }

    /// Removes highlight `id` and returns it, for an undo.
    pub fn remove_highlight(&mut self, id: &str) -> Option<Highlight> {
        let h = take(&mut self.state.highlights, &mut self.state.deleted, id)?;
        self.dirty = true;
        Some(h)
    }

    /// Puts back a removed highlight under a new id (the old one stays
    /// deleted for other instances). Also adds highlights read from
    /// elsewhere. Returns the new id.
    pub fn restore_highlight(&mut self, mut h: Highlight) -> String {
        let old = std::mem::replace(&mut h.id, self.fresh_id());
        let known = self.placed.borrow_mut().remove(&old);
        if let Some(p) = known {
            self.placed.borrow_mut().insert(h.id.clone(), p);
        }
        if h.updated.is_empty() {
            h.updated = h.created.clone();
        }
        let id = h.id.clone();
        insert_in_order(&mut self.state.highlights, h);
        self.dirty = true;
        id
    }

    /// Adds a highlight read from elsewhere under its own id; `false`, and
    /// nothing added, when that id is in the store or was deleted here.
    pub fn import_highlight(&mut self, mut h: Highlight) -> bool {
        if h.id.is_empty() || self.highlight(&h.id).is_some() || self.state.deleted.contains(&h.id)
        {
            return false;
        }
        if h.updated.is_empty() {
            h.updated = h.created.clone();
        }
        insert_in_order(&mut self.state.highlights, h);
        self.dirty = true;
        true
    }

    /// Adds a bookmark read from elsewhere under its own id; `false`, and
    /// nothing added, when that id is in the store or was deleted here.
    pub fn import_bookmark(&mut self, mut b: Bookmark) -> bool {
        if b.id.is_empty()
            || self.get(&b.id).is_some()
            || self.highlight(&b.id).is_some()
            || self.state.deleted.contains(&b.id)
        {
            return false;
        }
        if b.updated.is_empty() {
            b.updated = b.created.clone();
        }
        insert_in_order(&mut self.state.bookmarks, b);
        self.dirty = true;
        true
    }

    /// Where highlight `h` is in `corpus`, remembered by id.
    pub fn place(&self, corpus: &Corpus, h: &Highlight) -> Placement {
        if let Some(p) = self.placed.borrow().get(&h.id) {
            return *p;
        }
        let p = highlight::place(corpus, h);
        self.placed.borrow_mut().insert(h.id.clone(), p);
        p
    }

    /// Every highlight with where it is now, oldest first.
    pub fn place_all(&self, corpus: &Corpus) -> Vec<(Highlight, Placement)> {
        self.state
            .highlights
            .iter()
            .map(|h| (h.clone(), self.place(corpus, h)))
            .collect()
    }

    /// Every tag in use, the most used first, then alphabetically.
    pub fn used_tags(&self) -> Vec<String> {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for t in self.state.highlights.iter().flat_map(|h| &h.tags) {
            *count.entry(t).or_default() += 1;
        }
        let mut v: Vec<(&str, usize)> = count.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v.into_iter().map(|(t, _)| t.to_owned()).collect()
    }

    /// Writes the store if it changed (and does nothing otherwise, so it can
    /// be called after every action): under the lock, reads the file,
    /// merges it with this state (see [`merge::merge`]), writes the result
    /// atomically and adopts it, so bookmarks saved by another instance
    /// appear here too.
    ///
    /// A warning is returned when the file on disk had become corrupt and
    /// was moved aside. A file from a newer version found now makes the
    /// store read-only, as at open.
    pub fn save(&mut self) -> Result<Option<Warning>, StoreError> {
        if !self.dirty {
            return Ok(None);
        }
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            });
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Write {
                path: dir.to_owned(),
                source,
            })?;
        }
        let _lock = file::Lock::acquire(&self.path)?;
        file::remove_stale_temps(&self.path);
        let mut warning = None;
        let disk = match file::read(&self.path)? {
            Loaded::Missing => StoreFile::empty(&self.state.corpus),
            Loaded::File(f) => f,
            Loaded::Newer(found) => {
                let e = StoreError::NewerFormat {
                    path: self.path.clone(),
                    found,
                };
                self.read_only = Some(e.to_string());
                return Err(e);
            }
            Loaded::Corrupt(reason) => {
                let aside = file::move_aside(&self.path)?;
                warning = Some(Warning::MovedAside {
                    path: self.path.clone(),
                    aside,
                    reason,
                });
                StoreFile::empty(&self.state.corpus)
            }
        };
        let merged = merge::merge(self.state.clone(), disk);
        let mut bytes =
            serde_json::to_vec_pretty(&merged).map_err(|source| StoreError::Encode {
                path: self.path.clone(),
                source,
            })?;
        bytes.push(b'\n');
        file::write_atomic(&self.path, &bytes)?;
        self.state = merged;
        self.dirty = false;
        Ok(warning)
    }
}

/// Takes item `id` out of `list`, recording it as deleted so that merging
/// with another instance's file does not bring it back.
fn take<T: merge::Kept>(list: &mut Vec<T>, deleted: &mut Vec<String>, id: &str) -> Option<T> {
    let i = list.iter().position(|x| x.id() == id)?;
    let x = list.remove(i);
    if !deleted.iter().any(|d| d == x.id()) {
        deleted.push(x.id().to_owned());
    }
    Some(x)
}

/// Puts `x` in `list`, which is kept oldest first (ties by id).
fn insert_in_order<T: merge::Kept>(list: &mut Vec<T>, x: T) {
    let at = list.partition_point(|y| (y.created(), y.id()) <= (x.created(), x.id()));
    list.insert(at, x);
}
