//! Curation: changes to a pack made while reading it, written back to its
//! JSON files safely.
//!
//! A change is applied to the files as parsed ([`files`]), the result is
//! loaded and checked exactly as the reader loads a pack, and only then
//! written, one file at a time, atomically. A change no link depends on
//! ([`quick`]), or one that changes the links at a few places only
//! ([`relink`]), patches the corpus the reader holds instead, the latter
//! checked and linked as loading would, article by article. A file that changed on disk
//! since it was read is read again and the change applied anew; if it no
//! longer applies, nothing is written and the change is kept to retry.

pub mod change;
mod docs;
pub mod files;
pub mod init;
pub mod patch;
pub mod quick;
mod reindex;
pub mod relink;
pub mod unlinked;

use std::collections::BTreeMap;
use std::path::Path;

pub use change::{Change, PassageAt};
pub use files::{Docs, PackFiles};
pub use patch::Patch;

use crate::corpus::{self, Corpus, PackSource};

/// What became of a change.
#[derive(Debug)]
pub enum Outcome {
    /// Written. `undo` takes it back; `reloaded` names the files that had
    /// changed on disk and were read again first.
    Done {
        corpus: Box<Corpus>,
        undo: Change,
        message: String,
        reloaded: Vec<String>,
    },
    /// Written, and a change the loaded corpus can be patched with
    /// ([`quick`], [`relink`]): only from [`Curator::apply_quick`] and
    /// [`Curator::apply_to`].
    Patched {
        quick: quick::Quick,
        undo: Change,
        message: String,
    },
    /// Not applied, nothing written: the change is wrong in itself or
    /// would make the pack invalid.
    Refused(String),
    /// The files changed on disk and the change no longer applies to
    /// them; it is kept, and [`Curator::retry`] tries it again.
    Kept(String),
}

/// The pack being curated.
#[derive(Debug, Clone)]
pub struct Curator {
    files: PackFiles,
    max_file_bytes: u64,
    /// Changes that did not apply to files changed on disk, oldest first.
    pub pending: Vec<Change>,
    index: reindex::Index,
    spellings: relink::Spellings,
}

/// How many times a write is tried again when a file changes on disk
/// between the check and the write.
const WRITE_TRIES: usize = 3;

impl Curator {
    pub fn open(root: &Path, max_file_bytes: u64) -> Result<Curator, String> {
        let files = PackFiles::open(root)?;
        let index = reindex::Index::new(corpus::cache::cache_dir(), files.holds());
        Ok(Curator {
            files,
            max_file_bytes,
            pending: Vec::new(),
            index,
            spellings: relink::Spellings::default(),
        })
    }

    pub fn root(&self) -> &Path {
        self.files.root()
    }

    pub fn docs(&self) -> &Docs {
        &self.files.docs
    }

    /// Applies, checks and writes one change.
    pub fn apply(&mut self, change: Change) -> Outcome {
        self.apply_with(change, Mode::Load)
    }

    /// As [`Curator::apply`], but a change that only touches what no link,
    /// index or order depends on is not loaded again: [`Outcome::Patched`]
    /// says how to patch the corpus the files were last loaded into.
    pub fn apply_quick(&mut self, change: Change) -> Outcome {
        self.apply_with(change, Mode::Quick)
    }

    /// As [`Curator::apply_quick`], and a change to the links at a few
    /// places is checked and linked on `corpus`, the one the files were
    /// last loaded into, rather than the pack loaded again.
    pub fn apply_to(&mut self, change: Change, corpus: &Corpus) -> Outcome {
        self.apply_with(change, Mode::Relink(corpus))
    }

    fn apply_with(&mut self, change: Change, mode: Mode<'_>) -> Outcome {
        let mut reloaded = Vec::new();
        for _ in 0..WRITE_TRIES {
            match self.try_apply(&change, &mut reloaded, mode) {
                Attempt::Raced => continue,
                Attempt::Done(o) => return o,
            }
        }
        self.keep(change, "the files kept changing on disk".into())
    }

    /// Tries the kept changes again, oldest first; those that still do not
    /// apply stay kept.
    pub fn retry(&mut self) -> Vec<Outcome> {
        std::mem::take(&mut self.pending)
            .into_iter()
            .map(|c| self.apply(c))
            .collect()
    }

    fn keep(&mut self, change: Change, why: String) -> Outcome {
        let what = change.describe(&self.files.docs);
        // An undo that no longer fits is not worth keeping: the items it
        // would restore were changed by someone else since.
        if matches!(change, Change::Patch(_)) {
            return Outcome::Refused(format!("cannot undo: {why}"));
        }
        self.pending.push(change);
        Outcome::Kept(format!("not saved ({what}): {why} — kept, = retries"))
    }

    fn try_apply(
        &mut self,
        change: &Change,
        reloaded: &mut Vec<String>,
        mode: Mode<'_>,
    ) -> Attempt {
        match self.files.reload_changed() {
            Ok(r) => reloaded.extend(r),
            Err(e) => {
                return Attempt::Done(self.keep(change.clone(), format!("cannot read: {e}")));
            }
        }
        // Named as they are before the change: a rejected entity is gone after.
        let message = change.describe(&self.files.docs);
        // The files as read stay in `self.files` until written: one copy.
        let mut work = self.files.docs.clone();
        if let Err(e) = change.apply(&mut work, self.files.root()) {
            return Attempt::Done(if reloaded.is_empty() {
                Outcome::Refused(e)
            } else {
                self.keep(
                    change.clone(),
                    format!("{} changed on disk, and then {e}", reloaded.join(", ")),
                )
            });
        }
        let mut out = BTreeMap::new();
        for (rel, v) in &work.files {
            if self.files.docs.files.get(rel) != Some(v) {
                match files::to_bytes(rel, v) {
                    Ok(b) => {
                        out.insert(rel.clone(), Some(b));
                    }
                    Err(e) => return Attempt::Done(Outcome::Refused(e)),
                }
            }
        }
        // A tour an undo takes back.
        for rel in self.files.docs.files.keys() {
            if !work.files.contains_key(rel) {
                out.insert(rel.clone(), None);
            }
        }
        if out.is_empty() {
            return Attempt::Done(Outcome::Refused("nothing to change".into()));
        }
        let undo = Change::Patch(Patch::diff(&self.files.docs, &work).inverse());
        // Files read again from disk may hold anything: those are loaded.
        let quick = match (mode, reloaded.is_empty()) {
            (Mode::Load, _) | (_, false) => None,
            (Mode::Quick, true) => quick::plan(&self.files.docs, &work),
            (Mode::Relink(corpus), true) => match quick::plan(&self.files.docs, &work) {
                Some(q) => Some(q),
                None => match relink::plan(
                    &mut self.spellings,
                    &self.files.docs,
                    &work,
                    corpus,
                    self.files.root(),
                    self.max_file_bytes,
                    &out,
                ) {
                    Some(Ok(r)) => Some(r.into()),
                    Some(Err(e)) => return Attempt::Done(Outcome::Refused(e)),
                    None => None,
                },
            },
        };
        let corpus = match quick {
            Some(_) => None,
            None => match self.check(&out) {
                Ok(c) => Some(c),
                Err(e) => return Attempt::Done(Outcome::Refused(e)),
            },
        };
        for (n, (rel, bytes)) in out.iter().enumerate() {
            let written = match (bytes, work.files.get(rel)) {
                (Some(b), Some(v)) => self.files.write(rel, v.clone(), b),
                _ => self.files.remove(rel),
            };
            match written {
                Ok(()) => {}
                // Nothing written yet: start again from the files as they are.
                Err(files::WriteError::Conflict(_)) if n == 0 => return Attempt::Raced,
                Err(files::WriteError::Conflict(f)) => {
                    return Attempt::Done(self.keep(
                        change.clone(),
                        format!("{f} changed on disk while the change was written"),
                    ));
                }
                Err(files::WriteError::Io(e)) => {
                    return Attempt::Done(Outcome::Refused(format!("cannot write: {e}")));
                }
            }
        }
        self.index.written = Some(self.files.holds());
        Attempt::Done(match (corpus, quick) {
            (Some(corpus), _) => Outcome::Done {
                corpus: Box::new(corpus),
                undo,
                message,
                reloaded: std::mem::take(reloaded),
            },
            (None, Some(quick)) => Outcome::Patched {
                quick,
                undo,
                message,
            },
            // The match above made one or the other.
            (None, None) => Outcome::Refused("nothing to change".into()),
        })
    }

    /// Loads the pack as it would be with `out` written, as the reader does.
    fn check(&self, out: &BTreeMap<String, Option<Vec<u8>>>) -> Result<Corpus, String> {
        let source = PackSource::dir(self.files.root())
            .map_err(|e| e.to_string())?
            .with_max_file_bytes(self.max_file_bytes)
            .with_overrides(out.clone());
        corpus::load(&source).map_err(|errs| relink::invalid(&errs))
    }
}

/// How much of a change is loaded afresh.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// All of it: the pack is loaded with the change.
    Load,
    /// Not what no link depends on ([`quick`]).
    Quick,
    /// Nor a change to the links at a few places ([`relink`]), linked on
    /// this corpus.
    Relink(&'a Corpus),
}

enum Attempt {
    /// A file changed between the check and the write: try again.
    Raced,
    Done(Outcome),
}

/// Lets the reader change the pack in `dir`; when its files cannot be read
/// for that, curation says why instead.
pub fn attach(r: &mut crate::reader::Reader, dir: &Path, max_file_mb: Option<u64>) {
    let max = max_file_mb.map_or(corpus::source::MAX_FILE_BYTES, |mb| {
        mb.saturating_mul(1024 * 1024)
    });
    match Curator::open(dir, max) {
        Ok(c) => r.attach_curator(c),
        Err(e) => r.curation.read_only = Some(format!("this pack cannot be changed: {e}")),
    }
}
