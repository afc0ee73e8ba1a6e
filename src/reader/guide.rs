//! Guided reading: tours, reading in the order of events, comparing sources.

use super::nav::{go_to, jump, keep_event_visible};
use super::{Overlay, Reader, Target, TourPos};
use crate::corpus::{EventIdx, PassageLoc};

pub(super) fn start_tour(r: &mut Reader, tour: usize) {
    let Some(t) = r.corpus.tours.get(tour) else {
        return;
    };
    if t.steps.is_empty() {
        r.status = Some("this tour has no steps".into());
        return;
    }
    if r.tour_steps.len() < r.corpus.tours.len() {
        r.tour_steps.resize(r.corpus.tours.len(), 0);
    }
    let step = r.tour_steps[tour].min(t.steps.len() - 1);
    r.history.push(r.position());
    r.tour = Some(TourPos { tour, step });
    r.tour_finished = false;
    r.chrono = false;
    show_step(r);
}

/// Moves every pane to the current step: its passage, and its entity or event.
pub(super) fn show_step(r: &mut Reader) {
    let Some(pos) = r.tour else { return };
    let Some(step) = r
        .corpus
        .tours
        .get(pos.tour)
        .and_then(|t| t.steps.get(pos.step))
        .cloned()
    else {
        return;
    };
    if let Some(s) = r.tour_steps.get_mut(pos.tour) {
        *s = pos.step;
    }
    // The tour bar changes height with the commentary: wrap for the new view.
    r.rewrap();
    go_to(r, step.loc);
    if let Some(ev) = step.event {
        r.event_sel = ev;
        r.target = Some(Target::Event(ev));
        keep_event_visible(r, ev);
    }
    if let Some(e) = step.entity {
        r.target = Some(Target::Entity(e));
        if let Some(i) = r.sidebar_index_of(e) {
            r.entity_sel = i;
        }
    }
}

pub(super) fn step(r: &mut Reader, forward: bool) {
    let Some(pos) = r.tour else {
        let t = r.keys.first(super::Action::Tours, "t");
        r.status = Some(format!("no tour running — {t} lists the tours"));
        return;
    };
    let finished = std::mem::take(&mut r.tour_finished);
    // Wandered off: either key first brings the reader back to the step.
    if let Some(n) = off_tour(r) {
        show_step(r);
        r.status = Some(format!("back on the tour at step {n}"));
        return;
    }
    let n = r.corpus.tours[pos.tour].steps.len();
    let next = if forward {
        pos.step + 1
    } else {
        pos.step.wrapping_sub(1)
    };
    if next >= n {
        if forward && finished {
            r.tour = Some(TourPos {
                tour: pos.tour,
                step: 0,
            });
            show_step(r);
            r.status = Some("the tour again from its first step".into());
            return;
        }
        r.tour_finished = forward;
        r.status = Some(if forward {
            format!(
                "last step of the tour: the tour is finished — {} starts it again",
                r.keys.first(super::Action::NextStep, ">")
            )
        } else {
            "first step of the tour".into()
        });
        return;
    }
    r.tour = Some(TourPos {
        tour: pos.tour,
        step: next,
    });
    show_step(r);
}

/// The step (counted from 1) of a running tour whose passage the reader
/// has left, if so.
pub(super) fn off_tour(r: &Reader) -> Option<usize> {
    let pos = r.tour?;
    let step = r.tour_step()?;
    (step.loc != r.loc()).then_some(pos.step + 1)
}

pub(super) fn leave_tour(r: &mut Reader) {
    if let Some(pos) = r.tour.take() {
        r.status = Some(format!(
            "left the tour at step {} — {} to resume",
            pos.step + 1,
            r.keys.first(super::Action::Tours, "t")
        ));
        r.rewrap();
        let loc = r.loc();
        go_to(r, loc);
    }
}

pub(super) fn toggle_chrono(r: &mut Reader) {
    if r.chrono {
        r.chrono = false;
        r.status = Some("reading in article order".into());
        return;
    }
    if r.corpus.chrono.is_empty() {
        r.status = Some("no passage describes an event".into());
        return;
    }
    r.chrono = true;
    let here = r.loc();
    r.chrono_pos = r
        .corpus
        .chrono
        .iter()
        .position(|(l, _)| *l == here)
        .or_else(|| r.corpus.chrono.iter().position(|(l, _)| *l > here))
        .unwrap_or(0);
    let (loc, ev) = r.corpus.chrono[r.chrono_pos];
    if loc != here {
        jump(r, loc);
    }
    mark_chrono_event(r, ev);
    r.status = Some(format!(
        "reading in the order of events — {} and {} follow the story",
        r.keys.first(super::Action::NextPassage, "}"),
        r.keys.first(super::Action::PrevPassage, "{")
    ));
}

pub(super) fn chrono_step(r: &mut Reader, forward: bool) {
    let n = r.corpus.chrono.len();
    let next = if forward {
        r.chrono_pos + 1
    } else {
        r.chrono_pos.wrapping_sub(1)
    };
    if next >= n {
        r.status = Some(
            if forward {
                "the last event's last passage"
            } else {
                "the first event"
            }
            .into(),
        );
        return;
    }
    r.chrono_pos = next;
    let (loc, ev) = r.corpus.chrono[next];
    go_to(r, loc);
    mark_chrono_event(r, ev);
    // Said where the timeline may be hidden: two steps can stay on one
    // passage (it tells two events), and only the event shows the move.
    let e = &r.corpus.events[ev];
    r.status = Some(format!("{} · {} ({}/{n})", e.date, e.title, next + 1));
}

fn mark_chrono_event(r: &mut Reader, ev: EventIdx) {
    r.event_sel = ev;
    keep_event_visible(r, ev);
}

/// The event compare opens on: the selected one in the timeline or the
/// target, else the focus passage's first.
pub(super) fn open_compare(r: &mut Reader) {
    let ev = match (&r.target, r.pane) {
        (_, super::Pane::Timeline) => Some(r.event_sel),
        (Some(Target::Event(e)), _) => Some(*e),
        _ => r.focus_events().first().copied(),
    };
    match ev.filter(|&e| r.corpus.event(e).is_some()) {
        Some(event) => {
            r.overlay = Some(Overlay::Compare { event, sel: 0 });
            r.view.compare_scroll = 0;
        }
        None => {
            let tab = r.keys.first(super::Action::FocusNext, "Tab");
            r.status = Some(format!("select an event first ({tab} to the timeline)"));
        }
    }
}

/// The passages a compare view lists, in reading order.
pub fn compare_passages(r: &Reader, event: EventIdx) -> Vec<PassageLoc> {
    r.corpus.events[event].passages.clone()
}
