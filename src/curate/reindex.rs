//! The pack's index in the cache, written again after a change from the
//! corpus the reader holds, so that the next open uses it rather than
//! loading the pack and building it anew.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::Curator;
use crate::corpus::cache::{self, Holds};
use crate::corpus::{Corpus, PackSource};

/// Where the pack's index is kept, and what is known of the files.
#[derive(Debug, Clone)]
pub(super) struct Index {
    cache: Option<PathBuf>,
    /// What each JSON file held when the curator first read it.
    opened: Vec<Holds>,
    /// What each held after the last change written, if any was.
    pub(super) written: Option<Vec<Holds>>,
    /// The number of the last write asked for: one asked for earlier is
    /// not made once a later one is asked for, and never replaces it.
    asked: Arc<AtomicU64>,
    /// Held while the index is written: one write at a time.
    writing: Arc<Mutex<()>>,
}

impl Index {
    pub(super) fn new(cache: Option<PathBuf>, opened: Vec<Holds>) -> Index {
        Index {
            cache,
            opened,
            written: None,
            asked: Arc::new(AtomicU64::new(0)),
            writing: Arc::new(Mutex::new(())),
        }
    }
}

/// One write of the index: the pack, where its index is, and what its JSON
/// files hold.
struct Job {
    source: PackSource,
    cache: PathBuf,
    json: Vec<Holds>,
}

impl Job {
    fn run(&self, corpus: &Corpus) -> io::Result<bool> {
        cache::update(&self.source, corpus, &self.cache, &self.json)
    }
}

impl Curator {
    /// Keeps the pack's index in `cache` rather than the cache directory.
    pub fn with_cache(mut self, cache: Option<&Path>) -> Curator {
        self.index.cache = cache.map(Path::to_path_buf);
        self
    }

    /// The write of the index of `corpus`, the corpus the reader holds
    /// after the changes written, if the pack has an index and `corpus` is
    /// known to be made from the files as they were written.
    fn job(&self, corpus: &Corpus) -> Option<Job> {
        let json = self.index.written.clone()?;
        let cache = self.index.cache.clone()?;
        // A corpus read through the index whose files had changed since it
        // was made is not the files', until loaded again: its check runs
        // after the first frame, and curation may come first.
        if let Some(p) = corpus.pending_check()
            && !self
                .index
                .opened
                .iter()
                .all(|(rel, size, hash)| p.had(rel, *size, *hash))
        {
            return None;
        }
        let source = PackSource::dir(self.files.root())
            .ok()?
            .with_max_file_bytes(self.max_file_bytes);
        cache::index_path(&source, &cache)?
            .is_file()
            .then_some(Job {
                source,
                cache,
                json,
            })
    }

    /// Writes the pack's index anew from `corpus`, where it has one:
    /// `Ok(false)` when it has none or `corpus` may not be the files'.
    pub fn reindex(&self, corpus: &Corpus) -> io::Result<bool> {
        match self.job(corpus) {
            Some(job) => job.run(corpus),
            None => Ok(false),
        }
    }

    /// [`Curator::reindex`] on another thread: the article files are read
    /// again to check them against the corpus, which on a large pack takes
    /// longer than a key press should.
    pub fn reindex_later(&mut self, corpus: &Arc<Corpus>) {
        let Some(job) = self.job(corpus) else {
            return;
        };
        let n = self.index.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let (asked, writing) = (
            Arc::clone(&self.index.asked),
            Arc::clone(&self.index.writing),
        );
        let corpus = Arc::clone(corpus);
        std::thread::spawn(move || {
            let Ok(_one) = writing.lock() else {
                return;
            };
            // A later change has its own write, of a corpus that has it.
            if asked.load(Ordering::SeqCst) == n {
                // Not written (a file changed since, or the cache cannot be
                // written): the next open builds the index.
                let _ = job.run(&corpus);
            }
        });
    }
}
