//! Guided reading on screen: the tour bar, the tour list and the compare view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::panel::Panel;

use super::overlay::{centered, draw_box};
use super::theme::Theme;
use super::truncate;
use crate::reader::Reader;
use crate::wrap::wrap_head;

pub fn tour_bar(r: &Reader, t: &Theme, f: &mut Frame, area: Rect) {
    let (Some(pos), Some(step)) = (r.tour, r.tour_step()) else {
        return;
    };
    let tour = &r.corpus.tours[pos.tour];
    let block = Panel::new(t.border(true))
        .title(Line::styled(
            format!(
                " Tour · {} · step {}/{} ",
                tour.title,
                pos.step + 1,
                tour.steps.len()
            ),
            t.title(),
        ))
        .title_bottom(
            Line::styled(" > next · < previous · x leave · t tours ", t.dim()).right_aligned(),
        );
    let inner = block.inner(area);
    f.render_widget(Clear, area);
    block.render(area, f.buffer_mut());
    let buf = f.buffer_mut();
    let w = inner.width.saturating_sub(2) as usize;
    for (k, range) in wrap_head(&step.commentary, w.max(1), inner.height as usize)
        .into_iter()
        .enumerate()
    {
        super::put_line(
            buf,
            inner.x + 1,
            inner.y + k as u16,
            &Line::raw(&step.commentary[range]),
            inner.width.saturating_sub(2),
        );
    }
}

pub fn tours(r: &Reader, t: &Theme, f: &mut Frame, area: Rect, sel: usize) {
    let rect = centered(area, 90, 40);
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    let mut selected = None;
    for (i, tour) in r.corpus.tours.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        if i == sel {
            selected = Some(lines.len());
        }
        let style = if i == sel {
            t.title().patch(t.selected())
        } else {
            t.title()
        };
        lines.push(Line::styled(truncate(&tour.title, w), style));
        let progress = match r.tour_steps.get(i) {
            Some(&s) if s > 0 || r.tour.is_some_and(|p| p.tour == i) => {
                format!(" · at step {}", s + 1)
            }
            _ => String::new(),
        };
        lines.push(Line::styled(
            format!("{} steps{progress}", tour.steps.len()),
            t.dim(),
        ));
        for range in wrap_head(&tour.intro, w.max(1), rect.height as usize) {
            lines.push(Line::raw(tour.intro[range].to_owned()));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("This corpus has no tours.", t.dim()));
    }
    draw_box(
        f,
        t,
        rect,
        "Tours — Enter to start or resume",
        lines,
        selected,
        0,
    );
}

/// Every passage describing the event, with the disputes between sources.
/// Side by side when each column gets room, stacked otherwise; the disputes
/// follow, and passages they cite are marked ⚑ with the question.
pub fn compare(
    r: &Reader,
    t: &Theme,
    f: &mut Frame,
    area: Rect,
    event: crate::corpus::EventIdx,
    sel: usize,
) {
    let c = &r.corpus;
    let ev = &c.events[event];
    f.render_widget(Clear, area);
    let block = Panel::new(t.border(true))
        .title(Line::styled(
            format!(" Compare sources · {} · {} ", ev.date, ev.title),
            t.title(),
        ))
        .title_bottom(
            Line::styled(" ↑↓ choose · Enter go there · Esc close ", t.dim()).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    let w = inner.width.saturating_sub(2) as usize;
    let h = inner.height as usize;
    if w == 0 || h == 0 {
        return;
    }
    let locs = &ev.passages;
    let header = |i: usize, width: usize| -> Vec<Line<'static>> {
        let loc = locs[i];
        let a = &c.articles[loc.article];
        let style = if i == sel {
            t.title().patch(t.selected())
        } else {
            t.title()
        };
        let mut out = vec![
            Line::styled(
                truncate(&format!("{} §{}", a.title, loc.passage + 1), width),
                style,
            ),
            Line::styled(truncate(&a.source, width), t.dim()),
        ];
        for d in &ev.disputes {
            if let Some(k) = d.claims.iter().find(|k| k.loc == loc) {
                let s = format!("⚑ {} — {}", d.topic, k.says);
                out.push(Line::styled(truncate(&s, width), t.event_here()));
            }
        }
        // A passage copied from another in this comparison is no second witness.
        for other in c.reuse().partners(loc) {
            if locs.contains(&other) {
                let s = format!(
                    "≡ not independent: shares text with {} §{}",
                    c.articles[other.article].title,
                    other.passage + 1
                );
                out.push(Line::styled(truncate(&s, width), t.dim()));
            }
        }
        out
    };
    let body = |i: usize, width: usize| -> Vec<Line<'static>> {
        let p = &c.articles[locs[i].article].passages[locs[i].passage];
        wrap_head(&p.text, width.max(1), h)
            .into_iter()
            .map(|rg| Line::raw(p.text[rg].to_owned()))
            .collect()
    };
    let mut disputes: Vec<Line> = Vec::new();
    if ev.disputes.is_empty() {
        disputes.push(Line::styled(
            "No disagreement between the sources is recorded for this event.",
            t.dim(),
        ));
    } else {
        disputes.push(Line::styled(
            format!("Where the sources disagree ({})", ev.disputes.len()),
            t.title(),
        ));
    }
    for d in &ev.disputes {
        disputes.push(Line::styled(
            truncate(&format!("⚑ {}", d.topic), w),
            t.event_here(),
        ));
        for range in wrap_head(&d.note, w.saturating_sub(2).max(1), h) {
            disputes.push(Line::styled(format!("  {}", &d.note[range]), t.dim()));
        }
        for k in &d.claims {
            let a = &c.articles[k.loc.article];
            // Claims resting on text another claim's passage shares.
            let partners = c.reuse().partners(k.loc);
            let copied = d.claims.iter().any(|o| partners.contains(&o.loc));
            let s = format!(
                "  • {} §{}: {}{}",
                a.title,
                k.loc.passage + 1,
                k.says,
                if copied { "  ≡ not independent" } else { "" }
            );
            disputes.push(Line::raw(truncate(&s, w)));
        }
    }

    let buf = f.buffer_mut();
    let put = |buf: &mut ratatui::buffer::Buffer,
               lines: &[Line],
               x: u16,
               y: u16,
               rows: usize,
               width: u16| {
        for (k, line) in lines.iter().take(rows).enumerate() {
            super::put_line(buf, x, y + k as u16, line, width);
        }
    };
    let min_col = 34usize;
    // Side by side: one column per article, its passages stacked in it.
    let mut articles: Vec<_> = locs.iter().map(|l| l.article).collect();
    articles.dedup();
    let n = articles.len();
    if n > 1 && n * (min_col + 1) <= w + 1 && h >= 16 {
        let col_w = (w + 1) / n - 1;
        let tallest_allowed = h.saturating_sub(disputes.len().min(h / 3) + 1);
        for (ci, &a) in articles.iter().enumerate() {
            let art = &c.articles[a];
            let mut col = vec![
                Line::styled(truncate(&art.title, col_w), t.title()),
                Line::styled(truncate(&art.source, col_w), t.dim()),
            ];
            let mut sel_at = 0;
            for (i, loc) in locs.iter().enumerate().filter(|(_, l)| l.article == a) {
                col.push(Line::raw(""));
                if i == sel {
                    sel_at = col.len();
                }
                let style = if i == sel {
                    t.title().patch(t.selected())
                } else {
                    t.dim()
                };
                col.push(Line::styled(format!("§{}", loc.passage + 1), style));
                col.extend(header(i, col_w).into_iter().skip(2));
                col.extend(body(i, col_w));
            }
            let off = if sel_at + 3 > tallest_allowed {
                sel_at.saturating_sub(1)
            } else {
                0
            };
            let x = inner.x + 1 + (ci * (col_w + 1)) as u16;
            put(
                buf,
                &col[off.min(col.len())..],
                x,
                inner.y,
                tallest_allowed,
                col_w as u16,
            );
        }
        let y = inner.y + tallest_allowed as u16 + 1;
        put(
            buf,
            &disputes,
            inner.x + 1,
            y,
            h.saturating_sub(tallest_allowed + 1),
            w as u16,
        );
    } else {
        // One list; the selected passage's header is kept at the top.
        let mut lines: Vec<Line> = Vec::new();
        let mut sel_at = 0;
        for i in 0..locs.len() {
            if i == sel {
                sel_at = lines.len();
            }
            lines.extend(header(i, w));
            lines.extend(body(i, w));
            lines.push(Line::raw(""));
        }
        lines.extend(disputes);
        let off = sel_at.min(lines.len().saturating_sub(h));
        put(buf, &lines[off..], inner.x + 1, inner.y, h, w as u16);
    }
}
