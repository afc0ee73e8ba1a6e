//! The timeline pane: a ruler of the corpus's years, then every event in
//! date order, those of the focus passage marked.

use super::Surface;
use super::panel::Panel;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::truncate;
use crate::corpus::EventIdx;
use crate::corpus::date::EdtfDate;
use crate::reader::{Pane, Reader};

pub fn render(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let focused = r.pane == Pane::Timeline && r.overlay.is_none();
    let block = Panel::new(t.border(focused)).title(Line::styled(" Timeline ", t.title()));
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let buf = f.buffer_mut();
    super::put_line(
        buf,
        inner.x,
        inner.y,
        &ruler(r, t, inner.width as usize),
        inner.width,
    );

    let here = r.focus_events();
    let article_events = &r.corpus.articles[r.article].events;
    let date_w = DATE_W;
    let rows = inner.height.saturating_sub(1);
    let (above, below) =
        super::more::hidden(r.timeline_offset, rows as usize, r.corpus.events.len());
    super::more::marks(buf, t, area, above, below);
    for row in 0..rows {
        let i = EventIdx(r.timeline_offset + row as usize);
        let Some(ev) = r.corpus.event(i) else {
            break;
        };
        let y = inner.y + 1 + row;
        // Both lists are sorted: a binary search keeps a frame fast however
        // many events an article describes.
        let (mark, style) = if here.binary_search(&i).is_ok() {
            ("●", t.event_here())
        } else if article_events.binary_search(&i).is_ok() {
            ("○", Style::new())
        } else {
            (" ", t.event_elsewhere())
        };
        let selected = i == r.event_sel;
        let pointer = if selected { "▶" } else { " " };
        let mut row_style = if selected && focused {
            style.patch(t.selected())
        } else {
            style
        };
        // Suggestions read as provisional: a ◇ before the title, italics.
        let suggested = if ev.suggested {
            row_style = row_style.patch(t.suggestion());
            "◇ "
        } else {
            ""
        };
        // Pointer, date column and a space; then the title; the last three
        // columns are fixed markers (⚑ disputed, ★ bookmarked, ●/○ here),
        // so cutting a title never cuts a marker.
        let title_w = (inner.width as usize).saturating_sub(date_w + 6);
        let line = Line::from(vec![
            Span::styled(pointer, t.gutter_focus()),
            Span::styled(pad(&column_date(&ev.date), date_w + 1), row_style),
            Span::styled(
                truncate(&format!("{suggested}{}", ev.title), title_w),
                row_style,
            ),
        ]);
        super::put_line(buf, inner.x, y, &line, inner.width);
        if title_w > 0 {
            buf.set_string(inner.x + inner.width - 1, y, mark, style);
            if !ev.disputes.is_empty() {
                buf.set_string(inner.x + inner.width - 3, y, "⚑", t.dispute());
            }
            // Bookmarks where they coincide with the event's passages.
            if ev.passages.iter().any(|&l| r.is_bookmarked(l)) {
                buf.set_string(inner.x + inner.width - 2, y, "★", t.bookmark());
            } else if let Some(h) = ev.passages.iter().find_map(|&l| r.highlight_at(l)) {
                // Else a highlight in one of them, in its colour.
                buf.set_string(
                    inner.x + inner.width - 2,
                    y,
                    "▎",
                    super::highlight::style(t, h.colour),
                );
            }
        }
    }
}

const DATE_W: usize = 12;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The date as a reader would write it, fitted to the date column: the full
/// form where it fits, else a shorter one that still sorts visibly.
pub fn column_date(d: &EdtfDate) -> String {
    let full = d.to_string();
    if full.chars().count() <= DATE_W {
        return full;
    }
    let ((y0, m0, _), (y1, m1, _)) = (d.start(), d.end());
    if y0 == y1 && m0 != m1 {
        let s = format!(
            "{}–{} {y0}",
            MONTHS[usize::from(m0.clamp(1, 12) - 1)],
            MONTHS[usize::from(m1.clamp(1, 12) - 1)]
        );
        if s.chars().count() <= DATE_W {
            return s;
        }
    }
    d.short()
}

fn pad(s: &str, w: usize) -> String {
    let n = crate::wrap::width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// One line picturing the corpus's span of years: `1918 ──•─●●──•── 1939`.
/// Events of the focus passage are ●, of the article ○, the rest •.
pub fn ruler(r: &Reader, t: &Theme, width: usize) -> Line<'static> {
    let events = &r.corpus.events;
    let (Some(first), Some(last)) = (
        events.first(),
        events
            .iter()
            .map(|e| e.date.end_year_fraction())
            .reduce(f64::max),
    ) else {
        return Line::raw("");
    };
    let lo = first.date.start_year_fraction().floor();
    let hi = last.ceil().max(lo + 1.0);
    let (left, right) = (format!("{} ", lo as i64), format!(" {}", hi as i64 - 1));
    let labels = width >= left.len() + right.len() + 6;
    let bar_w = if labels {
        width - left.len() - right.len()
    } else {
        width
    };
    if bar_w == 0 {
        return Line::raw("");
    }
    let mut cells = vec![0u8; bar_w]; // 0 none, 1 other, 2 article, 3 focus
    let here = r.focus_events();
    let article = &r.corpus.articles[r.article].events;
    for (i, e) in events.iter().enumerate() {
        let i = EventIdx(i);
        let x = ((e.date.start_year_fraction() - lo) / (hi - lo) * bar_w as f64) as usize;
        let x = x.min(bar_w - 1);
        let level = if here.binary_search(&i).is_ok() {
            3
        } else if article.binary_search(&i).is_ok() {
            2
        } else {
            1
        };
        cells[x] = cells[x].max(level);
    }
    let mut spans = Vec::with_capacity(bar_w + 2);
    if labels {
        spans.push(Span::styled(left, t.dim()));
    }
    for c in cells {
        spans.push(match c {
            3 => Span::styled("●", t.event_here()),
            2 => Span::raw("○"),
            1 => Span::styled("•", t.dim()),
            _ => Span::styled("─", t.dim()),
        });
    }
    if labels {
        spans.push(Span::styled(right, t.dim()));
    }
    Line::from(spans)
}
