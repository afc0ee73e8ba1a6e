//! The search prompt and its results, grouped by article.

use super::Surface;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::panel::Panel;

use super::theme::Theme;
use super::truncate;
use crate::reader::{InputKind, Reader, search_state_summary};
use crate::text::snippet_parts;

/// Rows of results shown at most; the count says how many there are.
const MAX_ROWS: usize = 400;

pub fn prompt(
    r: &Reader,
    t: &Theme,
    f: &mut Surface<'_>,
    area: Rect,
    screen: &crate::layout::Screen,
) {
    let Some(input) = &r.input else { return };
    if matches!(input.kind, InputKind::Curate(_)) {
        return super::curate::prompt(r, t, f, area);
    }
    let y = area.y + area.height.saturating_sub(1);
    let row = Rect::new(area.x, y, area.width, 1);
    f.render_widget(Clear, row);
    let is_note = !matches!(input.kind, InputKind::Search);
    let hits = if is_note {
        &[][..]
    } else {
        r.search.as_ref().map_or(&[][..], |s| &s.hits[..])
    };
    let search = r.search.as_ref().filter(|_| !is_note);
    let in_list = search.is_some_and(|s| s.in_list);
    let full = if input.is_full() { "  full ·" } else { "" };
    let (label, summary) = if let InputKind::Tags(_) = input.kind {
        (
            "Tags: ",
            format!("{full}  Tab complete · Enter save · Esc cancel"),
        )
    } else if is_note {
        ("Note: ", format!("{full}  Enter save · Esc cancel"))
    } else {
        let walk = r
            .queries
            .walking()
            .map(|(k, n)| format!(" · earlier search {k} of {n}"))
            .unwrap_or_default();
        let at = search
            .filter(|s| s.in_list && !hits.is_empty())
            .map(|s| format!("hit {} of ", s.sel.min(hits.len() - 1) + 1))
            .unwrap_or_default();
        let count = search.map(search_state_summary).unwrap_or_default();
        ("/", format!("{full}  {at}{count}{walk}"))
    };
    let w = area.width as usize;
    let label_w = crate::wrap::width(label);
    // The summary gives way to the text on a narrow screen.
    let summary_w = crate::wrap::width(&summary);
    let (summary, summary_w) = if w >= label_w + summary_w + 12 {
        (summary, summary_w)
    } else {
        (String::new(), 0)
    };
    let field_w = w.saturating_sub(label_w + summary_w + 1);
    let view = super::field::view(&input.text, input.cursor, field_w);
    let buf = f.buffer_mut();
    super::put_line(buf, area.x, y, &Line::styled(label, t.title()), area.width);
    let fx = area.x + label_w as u16;
    if view.cut_left {
        buf.set_string(fx, y, "…", t.dim());
    }
    super::put_line(
        buf,
        fx + view.text_x as u16,
        y,
        &Line::raw(&input.text[view.shown.clone()]),
        field_w.saturating_sub(view.text_x) as u16,
    );
    if view.cut_right && field_w > 0 {
        buf.set_string(fx + field_w as u16 - 1, y, "…", t.dim());
    }
    let sx = fx + field_w as u16 + 1;
    super::put_line(
        buf,
        sx,
        y,
        &Line::styled(summary, t.dim()),
        area.right().saturating_sub(sx),
    );
    if !in_list {
        f.set_cursor_position(Position {
            x: (fx + view.cursor_x as u16).min(area.right().saturating_sub(1)),
            y,
        });
    }

    // Results over the right part of the screen, above the prompt.
    let Some(search) = search else { return };
    if hits.is_empty() || area.height < 8 {
        return;
    }
    let mut pw = (area.width / 2).max(40).min(area.width);
    // A pane brought over the text on a narrow screen is covered whole,
    // not left showing a sliver beside the results.
    if screen.side_overlay
        && let Some(left) = [screen.timeline, screen.entities]
            .into_iter()
            .flatten()
            .map(|p| p.x)
            .min()
    {
        pw = pw.max(area.right().saturating_sub(left)).min(area.width);
    }
    let panel = Rect::new(
        area.x + area.width - pw,
        area.y,
        pw,
        area.height.saturating_sub(1),
    );
    f.render_widget(Clear, panel);
    let hint = if in_list {
        " ↑↓ move · Enter go · Tab edit · Esc back "
    } else {
        " Tab: list · ↑↓: history · Enter go · Esc back "
    };
    // Until the count is done, the list holds the hits found so far, from
    // where the search began.
    let title = if search.pending.is_some() {
        " Results so far · counting… "
    } else {
        " Results "
    };
    let block = Panel::new(t.border(in_list))
        .title(Line::styled(title, t.title()))
        .title_bottom(
            Line::styled(truncate(hint, pw.saturating_sub(2) as usize), t.dim()).right_aligned(),
        );
    let inner = block.inner(panel);
    block.render(panel, f.buffer_mut());
    let iw = inner.width.saturating_sub(1) as usize;
    // A window of rows around the selection: a search may find thousands.
    let sel = search.sel.min(hits.len() - 1);
    let first = sel.saturating_sub(MAX_ROWS / 2);
    let mut lines: Vec<Line> = Vec::new();
    let mut sel_line = 0;
    let mut last_article = None;
    for (i, h) in hits.iter().enumerate().skip(first).take(MAX_ROWS) {
        if last_article != Some(h.loc.article) {
            last_article = Some(h.loc.article);
            // Hits are in reading order: the article's are one run.
            let a = h.loc.article;
            let n = hits.partition_point(|x| x.loc.article <= a)
                - hits.partition_point(|x| x.loc.article < a);
            let title = &r.corpus.articles[h.loc.article].title;
            lines.push(Line::styled(
                truncate(&format!("{title} ({n})"), iw),
                t.title(),
            ));
        }
        let p = &r.corpus.articles[h.loc.article].passages[h.loc.passage];
        let (text, _, _) = p.version(r.show_original);
        let selected = i == sel;
        if selected {
            sel_line = lines.len();
        }
        let mark = if selected { "▶" } else { " " };
        let mut spans = vec![
            Span::styled(mark, t.gutter_focus()),
            Span::styled(format!("§{:<3} ", h.loc.passage + 1), t.dim()),
        ];
        let (snip, m) = snippet_parts(text, h.range.clone(), iw.saturating_sub(6));
        spans.push(Span::raw(snip[..m.start].to_owned()));
        // A reversed hit (no colours) would look like the selected row:
        // in that list, hits are bold and underlined instead.
        let hit = if t.hit().add_modifier.contains(Modifier::REVERSED) {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            t.hit()
        };
        spans.push(Span::styled(snip[m.clone()].to_owned(), hit));
        spans.push(Span::raw(snip[m.end..].to_owned()));
        let mut line = Line::from(spans);
        if selected && (in_list || !t.color) {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    let hgt = inner.height as usize;
    let off = sel_line
        .saturating_sub(hgt / 2)
        .min(lines.len().saturating_sub(hgt));
    let buf = f.buffer_mut();
    for (k, line) in lines.iter().skip(off).take(hgt).enumerate() {
        super::put_line(buf, inner.x, inner.y + k as u16, line, inner.width);
    }
    // Rows past the ones made count as hidden too.
    let total = lines.len() + hits.len().saturating_sub(MAX_ROWS);
    let (above, below) = super::more::hidden(off, hgt, total);
    super::more::marks(buf, t, panel, above, below);
}
