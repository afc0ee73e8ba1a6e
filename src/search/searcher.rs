//! The reader's searcher. A typed character searches from the reading
//! position onward until a budget of hits or text is spent, and the
//! screen shows those hits at once; the rest of the list is finished on
//! another thread, which the next character cancels, and taken in when the
//! reader asks for it. The finished list is the plain scan's, hit for hit.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, Weak};

use regex::Regex;

use super::walk::Plan;
use super::{Hit, Index, MAX_HITS, matcher, scan_text};
use crate::corpus::{ArticleIdx, Corpus, PassageLoc};

/// How much a search does before it answers; the rest waits for the
/// background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Hits found.
    pub hits: usize,
    /// Bytes of text searched.
    pub bytes: usize,
}

impl Budget {
    /// Enough for the first screen (the hit shown, a screenful of results
    /// and many `n` presses); the text limit keeps a query with few hits
    /// to a few milliseconds (docs/PERFORMANCE.md).
    pub const FIRST_SCREEN: Budget = Budget {
        hits: 1_000,
        bytes: 4 << 20,
    };
    /// No limit: the whole search at once.
    pub const ALL: Budget = Budget {
        hits: usize::MAX,
        bytes: usize::MAX,
    };
}

/// A search still being finished in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// Asks for the finished list ([`Searcher::finished`]).
    pub id: u64,
    /// The hits found so far are all the hits from `from` up to `reach`
    /// (None: to the end of the corpus), and no others.
    pub from: PassageLoc,
    pub reach: Option<PassageLoc>,
}

/// Where a search under way has got to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Running,
    /// Every hit, in reading order.
    Done(Vec<Hit>),
    /// Cancelled, replaced by another search, or started by another
    /// searcher: its list will never come.
    Gone,
}

/// Search ids, unique in the process, so that a search started by one
/// searcher is never mistaken for another's.
static IDS: AtomicU64 = AtomicU64::new(1);

/// What a search found at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Every hit when `pending` is None; else the hits from the reading
    /// position onward found within the budget.
    pub hits: Vec<Hit>,
    pub pending: Option<Pending>,
}

/// The index of the corpus being read, built in the background the first
/// time a search is opened; until it is ready, searches scan. Clones share
/// one index and one search under way.
#[derive(Debug, Clone)]
pub struct Searcher {
    shared: Arc<Shared>,
    budget: Budget,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            shared: Arc::default(),
            budget: Budget::FIRST_SCREEN,
        }
    }
}

#[derive(Debug, Default)]
struct Shared {
    started: AtomicBool,
    /// The corpus is held weakly only to recognise it: while the weak
    /// pointer lives, no other corpus can take its address.
    ready: OnceLock<(Weak<Corpus>, Index)>,
    /// The last search finished on the index's corpus.
    last: Mutex<Option<Last>>,
    /// The one search under way; starting another cancels it.
    job: Mutex<Job>,
    done: Condvar,
}

#[derive(Debug, Default)]
struct Job {
    id: u64,
    cancel: Arc<AtomicBool>,
    /// The finished list of search `id`, until taken.
    result: Option<Vec<Hit>>,
}

/// A search whose hits were all kept: a longer query that starts with it
/// can only match where it matched (a match of the longer query begins
/// with a match of this one, in either case mode, since a query with a
/// capital only grows into one with a capital), so typing one more
/// character searches only these passages.
#[derive(Debug)]
struct Last {
    query: String,
    original: bool,
    /// The passages with hits, in reading order.
    passages: Arc<Vec<PassageLoc>>,
}

/// A poisoned lock only means a search thread panicked; what it guards is
/// still whole (every write to it is a single assignment).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// One search, done in two parts: from the reading position to the end
/// (`after`), then from the start up to the reading position (`before`).
/// Each part is capped at [`MAX_HITS`] on its own; [`Run::finish`] joins
/// them into the list one scan from the start would give.
struct Run {
    re: Regex,
    query: String,
    original: bool,
    plan: Plan,
    from: PassageLoc,
    after: Vec<Hit>,
    /// Where the first part carries on; None once done.
    after_next: Option<PassageLoc>,
    /// `after` holds every hit from `from` up to here (None: the end).
    after_reach: Option<PassageLoc>,
    before: Vec<Hit>,
    before_next: Option<PassageLoc>,
}

const START: PassageLoc = PassageLoc {
    article: ArticleIdx(0),
    passage: 0,
};

impl Run {
    /// Searches on while `more` (given the hits and bytes of this call so
    /// far, after every passage) says so; true once the search is done.
    fn advance(
        &mut self,
        index: Option<&Index>,
        corpus: &Corpus,
        more: &mut dyn FnMut(usize, usize) -> bool,
    ) -> bool {
        let (mut found, mut bytes) = (0usize, 0usize);
        let (re, original) = (&self.re, self.original);
        if let Some(at) = self.after_next {
            let hits = &mut self.after;
            let mut capped = None;
            let stopped = self
                .plan
                .walk(index, corpus, original, at, None, |loc, text| {
                    let had = hits.len();
                    let room = scan_text(re, text, loc, hits, MAX_HITS);
                    found += hits.len() - had;
                    bytes += text.len();
                    if !room {
                        capped = Some(loc);
                    }
                    room && more(found, bytes)
                });
            (self.after_next, self.after_reach) = match capped {
                // Nothing after the cap can be among the hits kept.
                Some(loc) => (None, Some(loc)),
                None => (stopped, stopped),
            };
            if self.after_next.is_some() {
                return false;
            }
        }
        if let Some(at) = self.before_next {
            let hits = &mut self.before;
            let mut capped = false;
            let stopped =
                self.plan
                    .walk(index, corpus, original, at, Some(self.from), |loc, text| {
                        let had = hits.len();
                        let room = scan_text(re, text, loc, hits, MAX_HITS);
                        found += hits.len() - had;
                        bytes += text.len();
                        capped |= !room;
                        room && more(found, bytes)
                    });
            self.before_next = if capped { None } else { stopped };
        }
        self.before_next.is_none()
    }

    /// The hits of the whole corpus in reading order, at most
    /// [`MAX_HITS`], as one scan from the start finds them.
    fn finish(self, corpus: &Corpus) -> Vec<Hit> {
        let mut hits = self.before;
        if hits.len() >= MAX_HITS {
            return hits;
        }
        let keep = MAX_HITS - hits.len();
        let mut after = self.after;
        if after.len() < keep {
            hits.append(&mut after);
            return hits;
        }
        // The cap falls in the second part. The passage of the last hit
        // kept is searched again with the cap where one scan would have
        // met it: a match it then stops before could have been joined to
        // that hit by a part searched with room to spare.
        let loc = after[keep - 1].loc;
        let whole = after.partition_point(|h| h.loc < loc);
        after.truncate(whole);
        hits.append(&mut after);
        if let Some(p) = corpus
            .article(loc.article)
            .and_then(|a| a.passages.get(loc.passage))
        {
            // Read without keeping it, as the scans are.
            let text = match (&p.original, self.original) {
                (Some(o), true) => o,
                _ => &p.text,
            };
            text.with(|t| scan_text(&self.re, t, loc, &mut hits, MAX_HITS));
        }
        hits
    }
}

impl Searcher {
    /// Starts building the index of `corpus` on another thread, once.
    pub fn prepare(&self, corpus: &Arc<Corpus>) {
        if self.shared.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let shared = Arc::clone(&self.shared);
        let corpus = Arc::clone(corpus);
        // Without a thread, searches keep scanning: slower, the same hits.
        let _ = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                let index = Index::build(&corpus);
                let _ = shared.ready.set((Arc::downgrade(&corpus), index));
            });
    }

    /// The index, once built for this very corpus.
    pub fn index_for(&self, corpus: &Corpus) -> Option<&Index> {
        index_of(&self.shared, corpus)
    }

    /// The same hits as [`super::search`]: from the index when it is
    /// ready, and from the passages of the last search when the query
    /// extends it. All at once, on this thread.
    pub fn search(&self, corpus: &Corpus, query: &str, original: bool) -> Vec<Hit> {
        self.search_from(corpus, query, original, START)
    }

    /// [`Searcher::search`], in the order a search from `from` takes.
    pub fn search_from(
        &self,
        corpus: &Corpus,
        query: &str,
        original: bool,
        from: PassageLoc,
    ) -> Vec<Hit> {
        let Some(mut run) = self.run(corpus, query, original, from) else {
            return Vec::new();
        };
        run.advance(self.index_for(corpus), corpus, &mut |_, _| true);
        let hits = run.finish(corpus);
        remember(&self.shared, corpus, query, original, &hits);
        hits
    }

    /// Searches `query` from `from` until the budget is spent; the rest of
    /// the list is finished on another thread (see [`Found::pending`]).
    /// Cancels the search under way.
    pub fn start(
        &self,
        corpus: &Arc<Corpus>,
        query: &str,
        original: bool,
        from: PassageLoc,
    ) -> Found {
        let (id, cancel) = self.renew();
        let Some(mut run) = self.run(corpus, query, original, from) else {
            return Found {
                hits: Vec::new(),
                pending: None,
            };
        };
        let budget = self.budget;
        let index = self.index_for(corpus);
        if run.advance(index, corpus, &mut |hits, bytes| {
            hits < budget.hits && bytes < budget.bytes
        }) {
            let hits = run.finish(corpus);
            remember(&self.shared, corpus, query, original, &hits);
            return Found {
                hits,
                pending: None,
            };
        }
        let found = Found {
            hits: run.after.clone(),
            pending: Some(Pending {
                id,
                from,
                reach: run.after_reach,
            }),
        };
        let shared = Arc::clone(&self.shared);
        let owned = Arc::clone(corpus);
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let corpus = owned;
                let index = index_of(&shared, &corpus);
                let go_on = &mut |_: usize, _: usize| !cancel.load(Ordering::Relaxed);
                if run.advance(index, &corpus, go_on) && !cancel.load(Ordering::Relaxed) {
                    let (query, original) = (run.query.clone(), run.original);
                    let hits = run.finish(&corpus);
                    remember(&shared, &corpus, &query, original, &hits);
                    let mut job = lock(&shared.job);
                    if job.id == id {
                        job.result = Some(hits);
                        shared.done.notify_all();
                    }
                }
            });
        if spawned.is_err() {
            // No thread to be had: the whole search, here.
            return Found {
                hits: self.search(corpus, query, original),
                pending: None,
            };
        }
        found
    }

    /// The passage of the first hit of `query` from `from` up to `to`
    /// (None: the end), looked for within the budget's bytes: Some(None)
    /// when there is none, None when the budget ran out first. Leaves the
    /// search under way alone.
    pub fn first_in(
        &self,
        corpus: &Corpus,
        query: &str,
        original: bool,
        from: PassageLoc,
        to: Option<PassageLoc>,
    ) -> Option<Option<PassageLoc>> {
        self.find(corpus, query, original, from, to, true)
    }

    /// [`Searcher::first_in`] for the last hit.
    pub fn last_in(
        &self,
        corpus: &Corpus,
        query: &str,
        original: bool,
        from: PassageLoc,
        to: Option<PassageLoc>,
    ) -> Option<Option<PassageLoc>> {
        self.find(corpus, query, original, from, to, false)
    }

    fn find(
        &self,
        corpus: &Corpus,
        query: &str,
        original: bool,
        from: PassageLoc,
        to: Option<PassageLoc>,
        first: bool,
    ) -> Option<Option<PassageLoc>> {
        let run = self.run(corpus, query, original, from)?;
        let mut hits = Vec::new();
        let mut found = None;
        let mut bytes = 0usize;
        let budget = self.budget.bytes;
        let stopped = run.plan.walk(
            self.index_for(corpus),
            corpus,
            original,
            from,
            to,
            |loc, text| {
                hits.clear();
                scan_text(&run.re, text, loc, &mut hits, 1);
                if !hits.is_empty() {
                    found = Some(loc);
                }
                bytes += text.len();
                !(first && found.is_some()) && bytes < budget
            },
        );
        // A walk stopped just where it was to end has seen everything.
        let stopped = stopped.filter(|s| to.is_none_or(|t| *s < t));
        match (found, stopped) {
            (Some(loc), _) if first => Some(Some(loc)),
            (found, None) => Some(found),
            (_, Some(_)) => None,
        }
    }

    /// Where search `id` is; its finished list is given once.
    pub fn progress(&self, id: u64) -> Progress {
        let mut job = lock(&self.shared.job);
        if job.id != id {
            return Progress::Gone;
        }
        match job.result.take() {
            Some(hits) => Progress::Done(hits),
            None => Progress::Running,
        }
    }

    /// Waits for search `id` to finish; None if another has started.
    pub fn wait(&self, id: u64) -> Option<Vec<Hit>> {
        let mut job = lock(&self.shared.job);
        loop {
            if job.id != id {
                return None;
            }
            if let Some(hits) = job.result.take() {
                return Some(hits);
            }
            job = match self.shared.done.wait(job) {
                Ok(j) => j,
                Err(poisoned) => poisoned.into_inner(),
            };
        }
    }

    /// Stops the search under way; its list will never be given.
    pub fn cancel(&self) {
        self.renew();
    }

    /// A new search id, the one before cancelled.
    fn renew(&self) -> (u64, Arc<AtomicBool>) {
        let mut job = lock(&self.shared.job);
        job.cancel.store(true, Ordering::Relaxed);
        job.id = IDS.fetch_add(1, Ordering::Relaxed);
        job.cancel = Arc::new(AtomicBool::new(false));
        job.result = None;
        self.shared.done.notify_all();
        (job.id, Arc::clone(&job.cancel))
    }

    fn run(&self, corpus: &Corpus, query: &str, original: bool, from: PassageLoc) -> Option<Run> {
        let re = matcher(query)?;
        let plan = match self.index_for(corpus) {
            None => Plan::All,
            Some(index) => {
                let blocks = index.candidates(query);
                match lock(&self.shared.last).as_ref() {
                    Some(l) if l.original == original && query.starts_with(&l.query) => {
                        Plan::Narrowed {
                            passages: Arc::clone(&l.passages),
                            blocks,
                        }
                    }
                    _ => Plan::Blocks(blocks),
                }
            }
        };
        Some(Run {
            re,
            query: query.to_owned(),
            original,
            plan,
            from,
            after: Vec::new(),
            after_next: Some(from),
            after_reach: Some(from),
            before: Vec::new(),
            before_next: Some(START),
        })
    }

    /// Builds the index of `corpus` here and now; for measurements and tests.
    pub fn with_index(corpus: &Arc<Corpus>) -> Searcher {
        let s = Searcher::default();
        s.shared.started.store(true, Ordering::Release);
        let _ = s
            .shared
            .ready
            .set((Arc::downgrade(corpus), Index::build(corpus)));
        s
    }

    /// This searcher, searching `budget` before answering; it shares the
    /// index and the search under way with `self`.
    pub fn budgeted(&self, budget: Budget) -> Searcher {
        Searcher {
            shared: Arc::clone(&self.shared),
            budget,
        }
    }
}

fn index_of<'a>(shared: &'a Shared, corpus: &Corpus) -> Option<&'a Index> {
    let (of, index) = shared.ready.get()?;
    std::ptr::eq(of.as_ptr(), corpus).then_some(index)
}

/// Keeps a finished search for the next, longer query to narrow.
fn remember(shared: &Shared, corpus: &Corpus, query: &str, original: bool, hits: &[Hit]) {
    if query.is_empty() || hits.len() >= MAX_HITS || index_of(shared, corpus).is_none() {
        return;
    }
    let mut passages: Vec<PassageLoc> = hits.iter().map(|h| h.loc).collect();
    passages.dedup();
    *lock(&shared.last) = Some(Last {
        query: query.to_owned(),
        original,
        passages: Arc::new(passages),
    });
}
