//! What the bookmarks file holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, PassageLoc};
use crate::sanitize;

use super::anchor::Anchor;
use super::highlight::{Highlight, clean_tag};

/// The version of the file format this build writes. A file with a larger
/// number is never overwritten. Format 2 added highlights; a format 1 file
/// is read as one without any, while a build that knows only format 1 leaves
/// a format 2 file alone rather than drop highlights it cannot keep.
pub const FORMAT: u32 = 2;

/// The oldest format this build reads.
pub const OLDEST_FORMAT: u32 = 1;

/// A bookmarked passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Unique and never reused; merging and deletion go by it.
    pub id: String,
    /// The article id (not its index, which changes when articles are added).
    pub article: String,
    /// The passage index when the bookmark was made; re-anchoring starts here.
    pub passage: usize,
    pub anchor: Anchor,
    #[serde(default)]
    pub note: String,
    /// RFC 3339, UTC.
    pub created: String,
    /// RFC 3339, UTC; the later of two versions of a bookmark wins a merge.
    #[serde(default)]
    pub updated: String,
}

/// Where the reader was, to resume there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub article: String,
    pub passage: usize,
    /// The first line shown of the article, in wrapped lines.
    #[serde(default)]
    pub scroll: usize,
}

impl Position {
    /// The passage to resume at: the article by id, the passage clamped to
    /// the article as it is now. `None` when the article is gone or empty.
    pub fn loc(&self, corpus: &Corpus) -> Option<PassageLoc> {
        let article = corpus.article_index(&self.article)?;
        let n = corpus.articles[article].passages.len();
        (n > 0).then(|| PassageLoc {
            article,
            passage: self.passage.min(n - 1),
        })
    }
}

/// The whole bookmarks file of one corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreFile {
    pub format: u32,
    #[serde(default)]
    pub corpus: String,
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    #[serde(default)]
    pub position: Option<Position>,
    /// Tour id → the step the reader was at.
    #[serde(default)]
    pub tours: BTreeMap<String, usize>,
    /// Ids of deleted bookmarks and highlights, kept so that merging with a file written by
    /// another instance that still had them does not bring them back.
    #[serde(default)]
    pub deleted: Vec<String>,
    /// Queries searched in the reader, oldest first, for Up in its prompt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub searches: Vec<String>,
}

impl StoreFile {
    pub fn empty(corpus: &str) -> Self {
        StoreFile {
            format: FORMAT,
            corpus: corpus.to_owned(),
            bookmarks: Vec::new(),
            highlights: Vec::new(),
            position: None,
            tours: BTreeMap::new(),
            deleted: Vec::new(),
            searches: Vec::new(),
        }
    }

    /// Makes a file read from disk safe and consistent: text that may be
    /// shown is cleaned of control characters (the file may have been edited
    /// by hand), a missing `updated` becomes `created`, and duplicate or
    /// deleted ids are resolved as a merge would.
    pub(crate) fn tidy(mut self) -> Self {
        for b in &mut self.bookmarks {
            b.note = sanitize::clean_line(&b.note);
            for s in [
                &mut b.anchor.exact,
                &mut b.anchor.prefix,
                &mut b.anchor.suffix,
            ] {
                sanitize::clean_in_place(s);
            }
            if b.updated.is_empty() {
                b.updated = b.created.clone();
            }
        }
        for s in &mut self.searches {
            *s = sanitize::clean_line(s);
        }
        self.searches.retain(|s| !s.trim().is_empty());
        for h in &mut self.highlights {
            h.note = sanitize::clean_line(&h.note);
            for s in [&mut h.quote.exact, &mut h.quote.prefix, &mut h.quote.suffix] {
                sanitize::clean_in_place(s);
            }
            let mut tags: Vec<String> = Vec::new();
            for t in h.tags.iter().map(|t| clean_tag(t)) {
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
            h.tags = tags;
            h.end = h.end.max(h.start);
            if h.updated.is_empty() {
                h.updated = h.created.clone();
            }
        }
        let empty = StoreFile::empty(&self.corpus);
        super::merge::merge(self, empty)
    }
}
