//! Keys in front of an overlay: one handler each. Every list moves its
//! selection through `select::moved`, so they all answer the same keys.

use super::nav::{jump, keep_event_visible};
use super::select::moved;
use super::update::{choose_event, next_hit};
use super::{Action, CardItem, CardState, Overlay, Reader, Target, compare, guide};
use crate::corpus::{ArticleIdx, EventIdx, PassageLoc};

/// Rows a page key moves in an overlay: most of the screen.
fn page_rows(r: &Reader) -> usize {
    (r.size.1 as usize).saturating_sub(8).max(1)
}

/// `q` closes what is in front, as it does in less.
fn closes(action: Action) -> bool {
    matches!(action, Action::Close | Action::Back | Action::Leave)
}

pub(super) fn handle(r: &mut Reader, action: Action) {
    let Some(ov) = r.overlay.clone() else { return };
    match ov {
        Overlay::Help { scroll } => help(r, scroll, action),
        Overlay::Articles { sel } => articles(r, sel, action),
        Overlay::Bookmarks { sel } => bookmarks(r, sel, action),
        Overlay::Tours { sel } => tours(r, sel, action),
        Overlay::Compare { event, sel } => compare(r, event, sel, action),
        Overlay::Card(card) => self::card(r, card, action),
    }
}

fn help(r: &mut Reader, scroll: usize, action: Action) {
    let n = r.view.help_scroll_rows(r.size);
    if let Some(s) = moved(scroll, n, page_rows(r), action) {
        r.overlay = Some(Overlay::Help { scroll: s });
    } else if closes(action) || matches!(action, Action::Help | Action::Activate) {
        r.overlay = None;
    }
}

fn articles(r: &mut Reader, sel: usize, action: Action) {
    let n = r.corpus.articles.len();
    if let Some(s) = moved(sel, n, page_rows(r), action) {
        r.overlay = Some(Overlay::Articles { sel: s });
    } else if action == Action::Activate {
        r.overlay = None;
        if sel != r.article.index() {
            jump(
                r,
                PassageLoc {
                    article: ArticleIdx(sel),
                    passage: 0,
                },
            );
        }
    } else if closes(action) || action == Action::Articles {
        r.overlay = None;
    }
}

fn bookmarks(r: &mut Reader, sel: usize, action: Action) {
    super::bookmarks::list_key(r, sel, action);
}

fn tours(r: &mut Reader, sel: usize, action: Action) {
    let n = r.corpus.tours.len();
    if let Some(s) = moved(sel, n, page_rows(r), action) {
        r.overlay = Some(Overlay::Tours { sel: s });
    } else if action == Action::Activate {
        r.overlay = None;
        guide::start_tour(r, sel);
    } else if closes(action) || action == Action::Tours {
        r.overlay = None;
    }
}

fn compare(r: &mut Reader, event: EventIdx, sel: usize, action: Action) {
    let (_, h) = compare::page_size(r.size);
    let (w, _) = compare::page_size(r.size);
    let page = compare::layout(&r.corpus, event, w, h);
    let total = page.rows.len();
    let n = page.items.len();
    // Page keys turn the page as in a pager, and the selection follows
    // onto what is then in view; the other moves go item by item.
    if matches!(action, Action::PageDown | Action::PageUp) {
        let step = h.saturating_sub(2).max(1);
        let last = total.saturating_sub(h);
        let off = r.view.compare_scroll;
        let off = if action == Action::PageDown {
            off.saturating_add(step).min(last)
        } else {
            off.saturating_sub(step)
        };
        r.view.compare_scroll = off;
        let in_view = |it: &compare::Item| it.rows.start < off + h && off < it.rows.end;
        let keep = page.items.get(sel).is_some_and(in_view);
        let sel = if keep {
            sel
        } else {
            page.items
                .iter()
                .position(|it| it.rows.start >= off && in_view(it))
                .or_else(|| page.items.iter().position(in_view))
                .unwrap_or(sel)
        };
        r.overlay = Some(Overlay::Compare { event, sel });
        return;
    }
    if let Some(s) = moved(sel, n, page_rows(r), action) {
        r.overlay = Some(Overlay::Compare { event, sel: s });
        if let Some(it) = page.items.get(s) {
            r.view.compare_scroll = compare::show(r.view.compare_scroll, &it.rows, h, total);
        }
    } else if action == Action::Activate {
        let loc = page.items.get(sel).map(|it| it.loc);
        r.overlay = None;
        r.target = Some(Target::Event(event));
        if let Some(loc) = loc {
            jump(r, loc);
        }
        r.event_sel = event;
        keep_event_visible(r, event);
    } else if closes(action) || action == Action::Compare {
        r.overlay = None;
    }
}

fn card(r: &mut Reader, mut card: CardState, action: Action) {
    let items = r.card_rows(card.entity);
    if let Some(s) = moved(card.sel, items.len(), page_rows(r), action) {
        card.sel = s;
        r.overlay = Some(Overlay::Card(card));
        return;
    }
    match action {
        Action::Back => match card.stack.pop() {
            Some(prev) => {
                card.entity = prev;
                card.sel = 0;
                r.target = Some(Target::Entity(prev));
                r.overlay = Some(Overlay::Card(card));
            }
            None => r.overlay = None,
        },
        Action::Close | Action::Leave => r.overlay = None,
        Action::NextHit | Action::PrevHit => {
            r.overlay = None;
            next_hit(r, action == Action::NextHit);
        }
        Action::Activate => match items.get(card.sel).copied() {
            Some(CardItem::Related(e)) => {
                card.stack.push(card.entity);
                card.entity = e;
                card.sel = 0;
                r.target = Some(Target::Entity(e));
                r.overlay = Some(Overlay::Card(card));
            }
            Some(CardItem::Event(ev)) => {
                r.overlay = None;
                choose_event(r, ev);
            }
            Some(CardItem::Unlinked(i)) => {
                let entity = card.entity;
                let Some(u) = r.unlinked_of(entity).get(i).cloned() else {
                    return;
                };
                r.overlay = None;
                jump(r, u.loc);
                r.status = Some(format!(
                    "“{}” is not linked here — in {}'s card, {} links it",
                    &r.corpus.articles[u.loc.article].passages[u.loc.passage].text[u.range],
                    r.corpus.entities[entity].name,
                    r.keys.first(Action::Curate(super::CurateKey::Link), "@"),
                ));
            }
            Some(CardItem::Mention(i)) => {
                let entity = card.entity;
                let loc = r.corpus.entities[entity].mentions[i].loc;
                r.overlay = None;
                r.target = Some(Target::Entity(entity));
                jump(r, loc);
            }
            None => {}
        },
        _ => {}
    }
}
