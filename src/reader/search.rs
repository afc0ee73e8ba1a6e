//! Incremental search in the reader: a typed character shows the hits
//! found near the reading position at once; the full list, counted in the
//! background, replaces them when it is done. Keys never wait for it.

use super::nav::{go_to, jump, restore};
use super::{InputKind, Reader, SearchState, Target};
use crate::corpus::PassageLoc;
use crate::search::{Found, Hit, Progress};

/// Runs the query as typed and previews the first hit after the origin.
pub(super) fn refresh(r: &mut Reader) {
    let Some(input) = &r.input else { return };
    let query = input.text.clone();
    let origin = r.search.as_ref().and_then(|s| s.origin);
    let from = origin.map_or(r.loc(), |p| PassageLoc {
        article: p.article,
        passage: p.focus,
    });
    let Found { hits, pending } = r.searcher.start(&r.corpus, &query, r.show_original, from);
    // Hits found so far all lie after the origin; a finished list also
    // holds those before it.
    let sel = hits.iter().position(|h| h.loc >= from).unwrap_or(0);
    let first = hits.get(sel).map(|h| h.loc);
    r.search = Some(SearchState {
        query,
        hits,
        origin,
        original: r.show_original,
        sel,
        in_list: false,
        pending,
    });
    r.status = r.search.as_ref().map(summary);
    match (first, origin) {
        (Some(loc), _) => go_to(r, loc),
        (None, Some(o)) => restore(r, o),
        _ => {}
    }
}

/// What the prompt says of a search: how many hits in how many articles,
/// or, while the list is being finished, how many so far.
pub fn summary(s: &SearchState) -> String {
    if s.pending.is_some() {
        return match s.hits.len() {
            0 => "counting…".into(),
            n => format!("≥ {n} hits · counting…"),
        };
    }
    super::input::summary(&s.hits, 0)
}

/// The status line after Enter.
pub(super) fn submitted(r: &Reader) -> String {
    let summary = r.search.as_ref().map(summary).unwrap_or_default();
    let (n, p) = (
        r.keys.first(super::Action::NextHit, "n"),
        r.keys.first(super::Action::PrevHit, "N"),
    );
    format!("{summary} — {n} / {p} for the next / previous")
}

impl Reader {
    /// Whether a search's list is still being finished in the background.
    pub fn search_pending(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.pending.is_some())
    }

    /// Takes in a search's finished list if it is ready; true if the
    /// screen changed. Never waits.
    pub fn poll_search(&mut self) -> bool {
        let Some(p) = self.search.as_ref().and_then(|s| s.pending) else {
            return false;
        };
        match self.searcher.progress(p.id) {
            Progress::Running => false,
            Progress::Done(hits) => {
                take_in(self, hits);
                true
            }
            Progress::Gone => {
                restart(self);
                true
            }
        }
    }

    /// Waits until the search under way is finished and takes its list in.
    pub fn settle_search(&mut self) {
        while let Some(p) = self.search.as_ref().and_then(|s| s.pending) {
            match self.searcher.wait(p.id) {
                Some(hits) => take_in(self, hits),
                None => restart(self),
            }
        }
    }
}

/// The search was lost (the corpus changed under it, and with it the
/// searcher): searched again from where it began, without moving.
fn restart(r: &mut Reader) {
    let Some(s) = r.search.as_mut() else { return };
    let Some(p) = s.pending else { return };
    let Found { hits, pending } = r.searcher.start(&r.corpus, &s.query, s.original, p.from);
    s.sel = hits.iter().position(|h| h.loc >= p.from).unwrap_or(0);
    s.hits = hits;
    s.pending = pending;
}

/// Replaces the hits found so far with the finished list. The hit shown
/// stays shown (it is in the list); with none shown yet, the preview goes
/// where a search done all at once would have gone.
fn take_in(r: &mut Reader, hits: Vec<Hit>) {
    let before = submitted(r);
    let prompt_open = matches!(r.input.as_ref().map(|i| &i.kind), Some(InputKind::Search));
    let Some(s) = r.search.as_mut() else { return };
    let Some(p) = s.pending.take() else { return };
    let shown = s.hits.get(s.sel).cloned();
    s.hits = hits;
    let at = shown.as_ref().and_then(|h| {
        s.hits
            .binary_search_by(|x| (x.loc, x.range.start).cmp(&(h.loc, h.range.start)))
            .ok()
    });
    let mut preview = None;
    s.sel = match at {
        Some(i) => i,
        None => {
            let i = s.hits.iter().position(|h| h.loc >= p.from).unwrap_or(0);
            preview = Some(s.hits.get(i).map(|h| h.loc));
            i
        }
    };
    if prompt_open {
        r.status = r.search.as_ref().map(summary);
        match (preview, r.search.as_ref().and_then(|s| s.origin)) {
            (Some(Some(loc)), _) => go_to(r, loc),
            (Some(None), Some(o)) => restore(r, o),
            _ => {}
        }
    } else if r.status.as_deref() == Some(before.as_str()) {
        r.status = Some(submitted(r));
    }
}

/// `n`/`N` while the list is being finished: the next (previous) hit from
/// the reading position among the hits found so far, when they are sure
/// to hold it; else the reader is told to try again. False when no search
/// is under way (the finished list answers).
pub(super) fn step_while_counting(r: &mut Reader, forward: bool) -> bool {
    let Some(s) = r.search.as_ref() else {
        return false;
    };
    let Some(p) = s.pending else { return false };
    let here = r.loc();
    let mut locs: Vec<PassageLoc> = s.hits.iter().map(|h| h.loc).collect();
    locs.dedup();
    let (query, original) = (s.query.as_str(), s.original);
    // The hits so far are every hit from `from` up to `reach`. What lies
    // outside that stretch is looked for on its own, as far as one key's
    // budget goes; what lies before the start of the search, or needs a
    // wrap past the end, is not known until the count is done.
    let first_from = |at: PassageLoc| {
        r.searcher
            .first_in(&r.corpus, query, original, at, None)
            .flatten()
    };
    let after = PassageLoc {
        article: here.article,
        passage: here.passage + 1,
    };
    let found = if forward {
        if here < p.from {
            first_from(after)
        } else if let Some(&l) = locs.iter().find(|l| **l > here) {
            Some(l)
        } else {
            p.reach.and_then(|reach| first_from(after.max(reach)))
        }
    } else {
        let known = |to: PassageLoc| locs.iter().rev().find(|l| **l < to).copied();
        match p.reach {
            _ if here <= p.from => None,
            Some(reach) if here > reach => r
                .searcher
                .last_in(&r.corpus, query, original, reach, Some(here))
                .and_then(|last| last.or_else(|| known(reach))),
            _ => known(here),
        }
    };
    let query = s.query.clone();
    r.target = Some(Target::Search);
    match found {
        Some(loc) => {
            jump(r, loc);
            r.status = Some(format!("“{query}” · counting the hits…"));
        }
        None => {
            r.status = Some(format!(
                "still counting the hits of “{query}” — press again in a moment"
            ));
        }
    }
    true
}
