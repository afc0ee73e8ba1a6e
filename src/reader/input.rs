//! The one-line prompt and incremental search.

use super::nav::{go_to, jump};
use super::select::moved;
use super::{Action, Edit, Input, InputKind, Reader, SearchState, Target};
use crate::sanitize;
use crate::search;

/// Longest query or note, in bytes: a line, not an essay.
const MAX_INPUT: usize = 500;

/// Queries kept for Up and Down; the oldest go first.
const MAX_QUERIES: usize = 100;

/// The queries searched, oldest first, none twice in a row, and where Up
/// and Down have got to among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queries {
    items: Vec<String>,
    /// The query shown while walking them; None while typing.
    at: Option<usize>,
    /// What was typed before the walk began, for Down to come back to.
    draft: String,
}

impl Queries {
    /// The queries, oldest first.
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Where the walk is: the query's place counted from the most recent
    /// (1 for it), and how many there are.
    pub fn walking(&self) -> Option<(usize, usize)> {
        self.at.map(|i| (self.items.len() - i, self.items.len()))
    }

    /// Queries kept from an earlier session, oldest first: the latest that
    /// fit, each held to the rules of typed text.
    pub fn load(items: &[String]) -> Self {
        let mut q = Queries::default();
        let from = items.len().saturating_sub(MAX_QUERIES);
        for item in &items[from..] {
            if item.len() <= MAX_INPUT && !item.chars().any(|c| sanitize::is_unsafe(c) || c == '\n')
            {
                q.record(item);
            }
        }
        q
    }

    pub fn record(&mut self, query: &str) {
        self.at = None;
        if query.is_empty() || self.items.last().is_some_and(|q| q == query) {
            return;
        }
        self.items.push(query.to_owned());
        if self.items.len() > MAX_QUERIES {
            self.items.remove(0);
        }
    }

    /// The query before the one shown (or the latest, from what is typed).
    fn older(&mut self, typed: &str) -> Option<&str> {
        let i = match self.at {
            None => {
                self.draft = typed.to_owned();
                self.items.len().checked_sub(1)?
            }
            Some(i) => i.checked_sub(1)?,
        };
        self.at = Some(i);
        self.items.get(i).map(String::as_str)
    }

    /// The query after the one shown, and after the latest what was typed.
    fn newer(&mut self) -> Option<&str> {
        let i = self.at?;
        if i + 1 < self.items.len() {
            self.at = Some(i + 1);
            return self.items.get(i + 1).map(String::as_str);
        }
        self.at = None;
        Some(&self.draft)
    }
}

pub(super) fn open_search(r: &mut Reader) {
    let origin = r.position();
    r.queries.at = None;
    r.searcher.prepare(&r.corpus);
    r.input = Some(Input {
        kind: InputKind::Search,
        text: String::new(),
        cursor: 0,
    });
    r.search = Some(SearchState {
        query: String::new(),
        hits: Vec::new(),
        origin: Some(origin),
        original: r.show_original,
        sel: 0,
        in_list: false,
        pending: None,
    });
}

impl super::Input {
    /// The text holds about as much as a prompt takes (no room left for
    /// every character, which takes up to 4 bytes): typing stops, and the
    /// prompt says so rather than dropping keys unseen.
    pub fn is_full(&self) -> bool {
        self.text.len() + 4 > MAX_INPUT
    }
}

pub(super) fn edit(r: &mut Reader, e: Edit) {
    let is_search = matches!(r.input.as_ref().map(|i| &i.kind), Some(InputKind::Search));
    let is_curate = matches!(
        r.input.as_ref().map(|i| &i.kind),
        Some(InputKind::Curate(_))
    );
    // An editing key brings the keyboard back from the list to the prompt.
    if let Some(s) = r.search.as_mut() {
        s.in_list = false;
    }
    let Some(input) = r.input.as_mut() else {
        return;
    };
    let chars = input.text.chars().count();
    if !matches!(
        e,
        Edit::Left
            | Edit::Right
            | Edit::Home
            | Edit::End
            | Edit::Older
            | Edit::Newer
            | Edit::Results
    ) {
        // Editing a query from the history makes it a new one.
        r.queries.at = None;
    }
    let byte = |t: &str, c: usize| t.char_indices().nth(c).map_or(t.len(), |(i, _)| i);
    match e {
        Edit::Char(c) => {
            // Typed text is held to the same rule as content.
            if sanitize::is_unsafe(c) || c == '\n' || input.text.len() + c.len_utf8() > MAX_INPUT {
                return;
            }
            let at = byte(&input.text, input.cursor);
            input.text.insert(at, c);
            input.cursor += 1;
        }
        Edit::Backspace if input.cursor > 0 => {
            let at = byte(&input.text, input.cursor - 1);
            input.text.remove(at);
            input.cursor -= 1;
        }
        Edit::Backspace => {
            if input.text.is_empty() {
                return edit(r, Edit::Cancel);
            }
        }
        Edit::Delete if input.cursor < chars => {
            let at = byte(&input.text, input.cursor);
            input.text.remove(at);
        }
        Edit::Delete => {}
        Edit::Left => input.cursor = input.cursor.saturating_sub(1),
        Edit::Right => input.cursor = (input.cursor + 1).min(chars),
        Edit::Home => input.cursor = 0,
        Edit::End => input.cursor = chars,
        Edit::Clear => {
            input.text.clear();
            input.cursor = 0;
        }
        Edit::Older | Edit::Newer if is_search => {
            let text = if e == Edit::Older {
                r.queries.older(&input.text)
            } else {
                r.queries.newer()
            };
            let Some(text) = text else { return };
            input.text = text.to_owned();
            input.cursor = input.text.chars().count();
        }
        Edit::Results if is_search => {
            if let Some(s) = r.search.as_mut().filter(|s| !s.hits.is_empty()) {
                s.in_list = true;
            }
            return;
        }
        // In a kind prompt: the choice through the kinds listed.
        Edit::Older | Edit::Newer | Edit::Results if is_curate => {
            return super::curate_prompt::choose(r, e);
        }
        Edit::Older | Edit::Newer => return,
        // Tab outside the search prompt: completes a tag.
        Edit::Results | Edit::Complete => return super::highlight::complete(r),
        Edit::Submit => return submit(r),
        Edit::Cancel => return cancel(r),
    }
    match r.input.as_ref().map(|i| &i.kind) {
        Some(InputKind::Search) => super::search::refresh(r),
        Some(InputKind::Curate(_)) => super::curate::edited(r),
        _ => {}
    }
}

/// A key while the list of results has the keyboard: list keys move
/// through the hits, showing each; Enter goes, Esc returns to where the
/// search began, Tab or `/` goes back to the prompt.
pub(super) fn results_key(r: &mut Reader, action: Action) {
    let Some(state) = r.search.as_mut().filter(|s| s.in_list) else {
        return;
    };
    let page = (r.size.1 as usize).saturating_sub(4).max(1);
    let step = match action {
        Action::NextHit => Action::Down,
        Action::PrevHit => Action::Up,
        a => a,
    };
    if let Some(sel) = moved(state.sel, state.hits.len(), page, step) {
        state.sel = sel;
        show_selected(r);
        return;
    }
    match action {
        Action::Activate => submit(r),
        Action::Close | Action::Leave => cancel(r),
        Action::FocusNext | Action::FocusPrev | Action::Search => state.in_list = false,
        _ => {}
    }
}

/// Shows the selected hit's passage, without history: the search is a
/// preview until Enter.
fn show_selected(r: &mut Reader) {
    let Some(s) = &r.search else { return };
    let Some(hit) = s.hits.get(s.sel) else { return };
    let (loc, sel, n) = (hit.loc, s.sel, s.hits.len());
    let so_far = if s.pending.is_some() {
        " found so far"
    } else {
        ""
    };
    go_to(r, loc);
    let title = &r.corpus.articles[loc.article].title;
    r.status = Some(format!("hit {} of {n}{so_far} · {title}", sel + 1));
}

pub fn summary(hits: &[search::Hit], _articles: usize) -> String {
    // Hits are in reading order: count the runs of one article, without
    // allocating (the prompt shows this on every frame).
    let arts = hits
        .windows(2)
        .filter(|w| w[0].loc.article != w[1].loc.article)
        .count()
        + usize::from(!hits.is_empty());
    match hits.len() {
        0 => "no hits".into(),
        1 => "1 hit".into(),
        n => format!(
            "{}{n} hits in {} article{}",
            if n >= search::MAX_HITS {
                "the first "
            } else {
                ""
            },
            arts,
            if arts == 1 { "" } else { "s" }
        ),
    }
}

fn submit(r: &mut Reader) {
    let Some(input) = r.input.take() else { return };
    match input.kind {
        InputKind::Note(on) => super::bookmarks::save_note(r, on, &input.text),
        InputKind::Curate(p) => super::curate::submit(r, p, &input.text),
        InputKind::Tags(id) => super::highlight::save_tags(r, &id, &input.text),
        InputKind::HighlightNote(id) => super::highlight::save_note(r, &id, &input.text),
        InputKind::Search => {
            let Some(state) = r.search.as_mut() else {
                return;
            };
            if state.query.is_empty() {
                return cancel_search(r);
            }
            state.in_list = false;
            r.queries.record(&state.query);
            let origin = state.origin.take();
            let counting = state.pending.is_some();
            if state.hits.is_empty() && !counting {
                r.status = Some(format!("no hits for “{}”", state.query));
                if let Some(o) = origin {
                    super::nav::restore(r, o);
                }
                return;
            }
            // The preview moved without history; record the jump from where
            // the search began. With no hit found yet, it did not move.
            if let Some(o) = origin {
                let here = r.position();
                super::nav::restore(r, o);
                if !state_empty(r) {
                    let loc = crate::corpus::PassageLoc {
                        article: here.article,
                        passage: here.focus,
                    };
                    jump(r, loc);
                }
            }
            r.target = Some(Target::Search);
            r.status = Some(super::search::submitted(r));
        }
    }
}

fn state_empty(r: &Reader) -> bool {
    r.search.as_ref().is_none_or(|s| s.hits.is_empty())
}

fn cancel(r: &mut Reader) {
    let Some(input) = r.input.take() else { return };
    match input.kind {
        InputKind::Search => cancel_search(r),
        InputKind::Curate(_) => r.status = Some("nothing changed".into()),
        InputKind::Note(_) | InputKind::HighlightNote(_) => {
            r.status = Some("note unchanged".into())
        }
        InputKind::Tags(_) => r.status = Some("tags unchanged".into()),
    }
}

fn cancel_search(r: &mut Reader) {
    r.input = None;
    r.searcher.cancel();
    if let Some(o) = r.search.take().and_then(|s| s.origin) {
        super::nav::restore(r, o);
    }
    if r.target == Some(Target::Search) {
        r.target = None;
    }
}
