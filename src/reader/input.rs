//! The one-line prompt and incremental search.

use super::nav::{go_to, jump};
use super::{Edit, Input, InputKind, Reader, SearchState, Target};
use crate::sanitize;
use crate::search;

/// Longest query or note, in bytes: a line, not an essay.
const MAX_INPUT: usize = 500;

pub(super) fn open_search(r: &mut Reader) {
    let origin = r.position();
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
    });
}

pub(super) fn edit(r: &mut Reader, e: Edit) {
    let Some(input) = r.input.as_mut() else {
        return;
    };
    let chars = input.text.chars().count();
    let byte = |t: &str, c: usize| t.char_indices().nth(c).map_or(t.len(), |(i, _)| i);
    match e {
        Edit::Char(c) => {
            // Typed text is held to the same rule as content.
            if sanitize::is_unsafe(c) || c == '\n' || input.text.len() >= MAX_INPUT {
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
        Edit::Complete => return super::highlight::complete(r),
        Edit::Submit => return submit(r),
        Edit::Cancel => return cancel(r),
    }
    if matches!(r.input.as_ref().map(|i| &i.kind), Some(InputKind::Search)) {
        refresh_search(r);
    }
}

/// Runs the query as typed and previews the first hit after the origin.
fn refresh_search(r: &mut Reader) {
    let Some(input) = &r.input else { return };
    let query = input.text.clone();
    let hits = r.searcher.search(&r.corpus, &query, r.show_original);
    let origin = r.search.as_ref().and_then(|s| s.origin);
    let from = origin.map(|p| crate::corpus::PassageLoc {
        article: p.article,
        passage: p.focus,
    });
    let first = from
        .and_then(|f| hits.iter().find(|h| h.loc >= f))
        .or(hits.first())
        .map(|h| h.loc);
    r.status = Some(summary(&hits, r.corpus.articles.len()));
    r.search = Some(SearchState {
        query,
        hits,
        origin,
        original: r.show_original,
    });
    match (first, origin) {
        (Some(loc), _) => go_to(r, loc),
        (None, Some(o)) => super::nav::restore(r, o),
        _ => {}
    }
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
        InputKind::Tags(id) => super::highlight::save_tags(r, &id, &input.text),
        InputKind::HighlightNote(id) => super::highlight::save_note(r, &id, &input.text),
        InputKind::Search => {
            let Some(state) = r.search.as_mut() else {
                return;
            };
            if state.query.is_empty() {
                return cancel_search(r);
            }
            let origin = state.origin.take();
            if state.hits.is_empty() {
                r.status = Some(format!("no hits for “{}”", state.query));
                if let Some(o) = origin {
                    super::nav::restore(r, o);
                }
                return;
            }
            // The preview moved without history; record the jump from where
            // the search began.
            if let Some(o) = origin {
                let here = r.position();
                super::nav::restore(r, o);
                let loc = crate::corpus::PassageLoc {
                    article: here.article,
                    passage: here.focus,
                };
                jump(r, loc);
            }
            r.target = Some(Target::Search);
            let n = r.search.as_ref().map_or(0, |s| s.hits.len());
            let summary = summary(
                &r.search
                    .as_ref()
                    .map(|s| s.hits.clone())
                    .unwrap_or_default(),
                n,
            );
            r.status = Some(format!("{summary} — n / N for the next / previous"));
        }
    }
}

fn cancel(r: &mut Reader) {
    let Some(input) = r.input.take() else { return };
    match input.kind {
        InputKind::Search => cancel_search(r),
        InputKind::Note(_) | InputKind::HighlightNote(_) => {
            r.status = Some("note unchanged".into())
        }
        InputKind::Tags(_) => r.status = Some("tags unchanged".into()),
    }
}

fn cancel_search(r: &mut Reader) {
    r.input = None;
    if let Some(o) = r.search.take().and_then(|s| s.origin) {
        super::nav::restore(r, o);
    }
    if r.target == Some(Target::Search) {
        r.target = None;
    }
}
