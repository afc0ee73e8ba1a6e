//! Selecting words and highlighting them: the selection mode `v` starts,
//! its keys, and tags and notes on highlights.
//!
//! A selection is two words of one article, the one it started at and the
//! one that moves (the head), in code points of the article text the store
//! uses, so it may run across passages.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Input, InputKind, Reader, Undo};
use crate::corpus::ArticleIdx;
use crate::store::highlight::{article_text, from_printed, parse_tags, passage_at, passage_start};
use crate::store::{Colour, Highlight, Placement, Span};

/// What the keys of the selection mode do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sel {
    WordNext,
    WordPrev,
    SentenceNext,
    SentencePrev,
    PassageNext,
    PassagePrev,
    /// Swaps the fixed end and the head, to extend the other way.
    Swap,
    Mark(Colour),
    /// Highlights, then asks for tags.
    MarkTag,
    /// Highlights, then asks for a note.
    MarkNote,
    Cancel,
}

/// A selection in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub article: ArticleIdx,
    /// The word the selection started at, as `start..end` code points.
    pub fixed: (usize, usize),
    /// The word that moves.
    pub head: (usize, usize),
}

impl Selection {
    /// The selected span: both words and everything between.
    pub fn span(&self) -> Span {
        Span {
            article: self.article,
            start: self.fixed.0.min(self.head.0),
            end: self.fixed.1.max(self.head.1),
        }
    }
}

/// The help line of the selection mode, also shown while it runs.
pub const SELECT_KEYS: &str = "w b word · ) ( sentence · } { passage · o other end · Enter or 1-4 highlight (yellow green blue pink) · s tag · p note · Esc cancel";

/// The keys of the selection mode. Ctrl-c still quits and `?` still helps.
pub fn lookup(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let sel = match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Quit),
        KeyCode::Char('z') if ctrl => return Some(Action::Suspend),
        _ if ctrl => return None,
        KeyCode::Char('?') => return Some(Action::Help),
        KeyCode::Char('w' | 'l') | KeyCode::Right => Sel::WordNext,
        KeyCode::Char('b' | 'h') | KeyCode::Left => Sel::WordPrev,
        KeyCode::Char(')') => Sel::SentenceNext,
        KeyCode::Char('(') => Sel::SentencePrev,
        KeyCode::Char('}' | 'j') | KeyCode::Down => Sel::PassageNext,
        KeyCode::Char('{' | 'k') | KeyCode::Up => Sel::PassagePrev,
        KeyCode::Char('o') => Sel::Swap,
        KeyCode::Enter | KeyCode::Char('y' | '1') => Sel::Mark(Colour::Yellow),
        KeyCode::Char('2') => Sel::Mark(Colour::Green),
        KeyCode::Char('3') => Sel::Mark(Colour::Blue),
        KeyCode::Char('4') => Sel::Mark(Colour::Pink),
        KeyCode::Char('s') => Sel::MarkTag,
        KeyCode::Char('p' | 'e') => Sel::MarkNote,
        KeyCode::Esc | KeyCode::Char('v' | 'q') => Sel::Cancel,
        _ => return None,
    };
    Some(Action::Selection(sel))
}

/// The words of an article text, as code point ranges.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, chars.len()));
    }
    out
}

/// Whether a word ends a sentence: its last letter-or-stop is `.`, `!` or `?`.
fn ends_sentence(chars: &[char], w: (usize, usize)) -> bool {
    chars[w.0..w.1]
        .iter()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»'))
        .is_some_and(|c| matches!(c, '.' | '!' | '?'))
}

impl Reader {
    /// Whether keys go to the selection mode.
    pub fn selecting(&self) -> bool {
        self.selection.is_some() && self.overlay.is_none() && self.input.is_none()
    }

    /// Highlights of the current article that are placed, with their spans.
    pub fn article_highlights(&self) -> impl Iterator<Item = (&Highlight, Span)> + '_ {
        self.highlights
            .iter()
            .filter_map(|(h, p)| p.span().map(|s| (h, s)))
            .filter(move |(_, s)| s.article == self.article)
    }

    /// The highlight the focus passage holds, the last made when several:
    /// what `s`, `p` and `U` act on.
    pub fn focus_highlight(&self) -> Option<&Highlight> {
        let art = &self.corpus.articles[self.article];
        let from = passage_start(art, self.focus);
        let to = from + art.passages[self.focus].text.chars().count();
        self.article_highlights()
            .filter(|(_, s)| s.start < to && from < s.end)
            .map(|(h, _)| h)
            .max_by(|a, b| a.created.cmp(&b.created))
    }

    /// The entities mentioned inside highlight `i` (an index into
    /// [`Reader::highlights`]), in order of appearance, each once.
    pub fn highlight_entities(&self, i: usize) -> Vec<crate::corpus::EntityIdx> {
        let mut out = Vec::new();
        let Some(span) = self.highlights.get(i).and_then(|(_, p)| p.span()) else {
            return out;
        };
        let Some(article) = self.corpus.article(span.article) else {
            return out;
        };
        for (p, range) in span.passage_ranges(article) {
            for m in &article.passages[p].mentions {
                if m.range.start < range.end
                    && range.start < m.range.end
                    && !out.contains(&m.entity)
                {
                    out.push(m.entity);
                }
            }
        }
        out
    }

    /// The highlights (indices into [`Reader::highlights`]) that mention
    /// entity `e`, in reading order.
    pub fn entity_highlights(&self, e: crate::corpus::EntityIdx) -> Vec<usize> {
        (0..self.highlights.len())
            .filter(|&i| self.highlight_entities(i).contains(&e))
            .collect()
    }

    /// A highlight covering some of passage `loc`, the first in reading order.
    pub fn highlight_at(&self, loc: crate::corpus::PassageLoc) -> Option<&Highlight> {
        let mut here = self
            .highlights
            .iter()
            .filter_map(|(h, p)| p.span().map(|s| (h, s)))
            .filter(|(_, s)| s.article == loc.article)
            .peekable();
        // Where the passage lies is worked out only for an article with a
        // highlight: the timeline asks this of every event's passages.
        here.peek()?;
        let art = self.corpus.article(loc.article)?;
        let from = passage_start(art, loc.passage);
        let to = from + art.passages.get(loc.passage)?.text.chars().count();
        here.find(|(_, s)| s.start < to && from < s.end)
            .map(|(h, _)| h)
    }

    /// Opens the reader at `loc`, as `--at` asks.
    pub fn open_at(&mut self, loc: crate::corpus::PassageLoc) {
        if self.corpus.passage(loc).is_some() {
            super::nav::jump(self, loc);
            self.settle();
        }
    }

    /// Re-reads the highlights from the store, in reading order, orphans last.
    pub fn refresh_highlights(&mut self) {
        let Some(store) = &self.store else {
            self.highlights.clear();
            return;
        };
        let mut list = store.place_all(&self.corpus);
        list.sort_by(|(a, pa), (b, pb)| match (pa.span(), pb.span()) {
            (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.created.cmp(&b.created)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.created.cmp(&b.created),
        });
        self.highlights = list;
    }
}

/// `v`: a selection of the words under the mention cursor when it is in
/// the focus passage, else of the passage's first word; `V`: of the whole
/// focus passage.
pub(super) fn start(r: &mut Reader, whole: bool) {
    // Without a data directory there is nowhere to keep a highlight, but
    // words selected can still be linked in a pack that can be changed.
    if r.store.is_none() && r.curation.curator.is_none() {
        r.status = Some("highlights are off: no data directory".into());
        return;
    }
    let art = &r.corpus.articles[r.article];
    let passage = &art.passages[r.focus];
    let chars: Vec<char> = article_text(art).chars().collect();
    let from = passage_start(art, r.focus);
    let to = from + passage.text.chars().count();
    let ws: Vec<_> = words(&chars)
        .into_iter()
        .filter(|w| w.0 >= from && w.1 <= to)
        .collect();
    let (Some(&first), Some(&last)) = (ws.first(), ws.last()) else {
        r.status = Some("nothing to select in this passage".into());
        return;
    };
    // The cursor's range is in the text as shown; the selection is in the
    // corrected text, in code points of the article.
    let here = r.loc();
    let mention = r
        .mention_cursor()
        .filter(|(loc, _)| *loc == here)
        .and_then(|_| r.cursor_range())
        .map(|b| {
            if r.show_original {
                from_printed(passage, b)
            } else {
                b
            }
        })
        .and_then(|b| {
            let at = |i: usize| passage.text.get(..i).map(|s| from + s.chars().count());
            Some((at(b.start)?, at(b.end)?))
        });
    let (fixed, head) = match mention {
        _ if whole => (first, last),
        Some((s, e)) => (
            ws.iter().copied().find(|w| w.1 > s).unwrap_or(first),
            ws.iter().copied().rev().find(|w| w.0 < e).unwrap_or(last),
        ),
        None => (first, first),
    };
    r.selection = Some(Selection {
        article: r.article,
        fixed,
        head,
    });
    r.status = Some(SELECT_KEYS.into());
}

pub(super) fn key(r: &mut Reader, s: Sel) {
    let Some(mut sel) = r.selection else { return };
    let art = &r.corpus.articles[sel.article];
    let chars: Vec<char> = article_text(art).chars().collect();
    let ws = words(&chars);
    let Some(h) = ws.iter().position(|&w| w == sel.head) else {
        r.selection = None;
        return;
    };
    let passage_of = |w: (usize, usize)| passage_at(art, w.0).passage;
    let new_head = match s {
        Sel::WordNext => ws.get(h + 1).copied(),
        Sel::WordPrev => h.checked_sub(1).and_then(|i| ws.get(i)).copied(),
        Sel::SentenceNext => {
            // To the end of this sentence, or of the next one when there.
            let from = if ends_sentence(&chars, ws[h]) {
                h + 1
            } else {
                h
            };
            ws[from.min(ws.len())..]
                .iter()
                .find(|&&w| ends_sentence(&chars, w))
                .or(ws.last())
                .copied()
        }
        Sel::SentencePrev => {
            // To the start of this sentence, or of the one before.
            let starts = |i: usize| i == 0 || ends_sentence(&chars, ws[i - 1]);
            (0..h).rev().find(|&i| starts(i)).map(|i| ws[i])
        }
        Sel::PassageNext => {
            let p = passage_of(ws[h]);
            let last_of = |p: usize| ws.iter().rev().find(|&&w| passage_of(w) == p).copied();
            match last_of(p) {
                Some(w) if w != ws[h] => Some(w),
                _ => (p + 1..art.passages.len()).find_map(last_of),
            }
        }
        Sel::PassagePrev => {
            let p = passage_of(ws[h]);
            let first_of = |p: usize| ws.iter().find(|&&w| passage_of(w) == p).copied();
            match first_of(p) {
                Some(w) if w != ws[h] => Some(w),
                _ => (0..p).rev().find_map(first_of),
            }
        }
        Sel::Swap => {
            std::mem::swap(&mut sel.fixed, &mut sel.head);
            Some(sel.head)
        }
        Sel::Cancel => {
            r.selection = None;
            r.status = Some("selection cancelled".into());
            return;
        }
        Sel::Mark(c) => return mark(r, c, None),
        Sel::MarkTag => return mark(r, Colour::Yellow, Some(Ask::Tags)),
        Sel::MarkNote => return mark(r, Colour::Yellow, Some(Ask::Note)),
    };
    let Some(head) = new_head else {
        r.status = Some("the selection is at the article's edge".into());
        return;
    };
    sel.head = head;
    let p = passage_of(head);
    r.selection = Some(sel);
    let n = sel.span().end - sel.span().start;
    let link = if r.curation.curator.is_some() {
        let at = r
            .keys
            .first(super::Action::Curate(super::CurateKey::Link), "@");
        format!(", {at} links")
    } else {
        String::new()
    };
    r.status = Some(format!(
        "{n} characters selected — Enter highlights{link}, ? keys"
    ));
    if p != r.focus {
        super::nav::set_focus(r, p);
    }
}

enum Ask {
    Tags,
    Note,
}

fn mark(r: &mut Reader, colour: Colour, then: Option<Ask>) {
    let Some(sel) = r.selection.take() else {
        return;
    };
    let corpus = r.corpus.clone();
    let span = sel.span();
    let Some(store) = r.store.as_mut() else {
        r.status = Some("highlights are off: no data directory".into());
        return;
    };
    let Some(id) = store.add_highlight(&corpus, span.article, span.start, span.end, colour) else {
        r.status = Some(format!(
            "cannot highlight this: at most {} characters",
            crate::store::highlight::MAX_HIGHLIGHT_CHARS
        ));
        return;
    };
    r.status = Some(format!(
        "highlighted in {} — s tags it, p adds a note, U removes it",
        colour.name()
    ));
    r.refresh_highlights();
    match then {
        Some(Ask::Tags) => open_tags(r, id),
        Some(Ask::Note) => open_note(r, id),
        None => {}
    }
}

fn open_tags(r: &mut Reader, id: String) {
    let text = r
        .store
        .as_ref()
        .and_then(|s| s.highlight(&id))
        .map(|h| {
            let mut t = h.tags.join(" ");
            if !t.is_empty() {
                t.push(' ');
            }
            t
        })
        .unwrap_or_default();
    let cursor = text.chars().count();
    r.input = Some(Input {
        kind: InputKind::Tags(id),
        text,
        cursor,
    });
    let used = r.store.as_ref().map(|s| s.used_tags()).unwrap_or_default();
    r.status = Some(if used.is_empty() {
        "tags, separated by spaces — Enter saves".into()
    } else {
        format!("Tab completes: {}", used.join(" "))
    });
}

pub(super) fn open_note(r: &mut Reader, id: String) {
    let text = r
        .store
        .as_ref()
        .and_then(|s| s.highlight(&id))
        .map(|h| h.note.clone())
        .unwrap_or_default();
    let cursor = text.chars().count();
    r.input = Some(Input {
        kind: InputKind::HighlightNote(id),
        text,
        cursor,
    });
}

/// `s`: tags for the focus passage's highlight.
pub(super) fn tag_here(r: &mut Reader) {
    match r.focus_highlight().map(|h| h.id.clone()) {
        Some(id) => open_tags(r, id),
        None => r.status = Some("no highlight here — v selects words to highlight".into()),
    }
}

/// `p`: a note on the focus passage's highlight.
pub(super) fn note_here(r: &mut Reader) {
    match r.focus_highlight().map(|h| h.id.clone()) {
        Some(id) => open_note(r, id),
        None => r.status = Some("no highlight here — v selects words to highlight".into()),
    }
}

/// `U`: removes the focus passage's highlight; `u` brings it back.
pub(super) fn remove_here(r: &mut Reader) {
    let Some(id) = r.focus_highlight().map(|h| h.id.clone()) else {
        r.status = Some("no highlight here".into());
        return;
    };
    if let Some(h) = r.store.as_mut().and_then(|s| s.remove_highlight(&id)) {
        r.undo.push(Undo::Highlight(Box::new(h)));
        r.status = Some("highlight removed — u to undo".into());
    }
    r.refresh_highlights();
}

/// Enter in the tag prompt.
pub(super) fn save_tags(r: &mut Reader, id: &str, text: &str) {
    let tags = parse_tags(text);
    if let Some(store) = r.store.as_mut()
        && store.set_tags(id, &tags)
    {
        r.status = Some(if tags.is_empty() {
            "no tags".into()
        } else {
            format!("tagged {}", tags.join(" "))
        });
    }
    r.refresh_highlights();
}

/// Enter in a highlight's note editor.
pub(super) fn save_note(r: &mut Reader, id: &str, text: &str) {
    let Some(store) = r.store.as_mut() else {
        return;
    };
    let before = store
        .highlight(id)
        .map(|h| h.note.clone())
        .unwrap_or_default();
    if store.set_highlight_note(id, text) {
        let after = store
            .highlight(id)
            .map(|h| h.note.clone())
            .unwrap_or_default();
        r.status = Some(
            if after == before {
                "note unchanged"
            } else {
                "note saved"
            }
            .into(),
        );
        if after != before && !before.is_empty() {
            r.undo.push(Undo::HighlightNote {
                id: id.to_owned(),
                before,
            });
        }
    }
    r.refresh_highlights();
}

/// Tab in the tag prompt: completes the last word from the tags in use.
pub(super) fn complete(r: &mut Reader) {
    let used = r.store.as_ref().map(|s| s.used_tags()).unwrap_or_default();
    let Some(input) = r.input.as_mut() else {
        return;
    };
    if !matches!(input.kind, InputKind::Tags(_)) {
        return;
    }
    let cut = input.text.rfind([' ', ',']).map_or(0, |i| i + 1);
    let word = input.text[cut..].to_owned();
    let typed = parse_tags(&input.text[..cut]);
    let matches: Vec<&String> = used
        .iter()
        .filter(|t| t.starts_with(&word) && !typed.contains(t))
        .collect();
    match matches.as_slice() {
        [] => r.status = Some(format!("no tag in use begins with “{word}”")),
        [one] => {
            input.text.truncate(cut);
            input.text.push_str(one);
            input.text.push(' ');
            input.cursor = input.text.chars().count();
        }
        many => {
            // The longest common beginning, then the choices.
            let mut common = many[0].clone();
            for m in &many[1..] {
                let n = common
                    .chars()
                    .zip(m.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                common = common.chars().take(n).collect();
            }
            input.text.truncate(cut);
            input.text.push_str(&common);
            input.cursor = input.text.chars().count();
            r.status = Some(
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
}

/// Undo of a highlight removal or note change.
pub(super) fn undo(r: &mut Reader, u: Undo) -> Option<String> {
    let store = r.store.as_mut()?;
    let msg = match u {
        Undo::Highlight(h) => {
            store.restore_highlight(*h);
            "highlight restored"
        }
        Undo::HighlightNote { id, before } => {
            if store.set_highlight_note(&id, &before) {
                "note restored"
            } else {
                "its highlight is gone — nothing to undo"
            }
        }
        _ => return None,
    };
    r.refresh_highlights();
    Some(msg.into())
}

/// Placement words for lists and reports.
pub fn placement_note(p: &Placement) -> &'static str {
    match p {
        Placement::Exact(_) => "",
        Placement::Moved(_) => "moved",
        Placement::Fuzzy(..) => "text changed",
        Placement::Orphaned => "orphaned: no longer found",
    }
}
