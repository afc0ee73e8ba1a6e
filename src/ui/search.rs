//! The search prompt and its results, grouped by article.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::panel::Panel;

use super::theme::Theme;
use super::truncate;
use crate::reader::{InputKind, Reader, search_summary};
use crate::text::snippet_parts;

/// Rows of results shown at most; the count says how many there are.
const MAX_ROWS: usize = 400;

pub fn prompt(r: &Reader, t: &Theme, f: &mut Frame, area: Rect) {
    let Some(input) = &r.input else { return };
    let y = area.y + area.height.saturating_sub(1);
    let row = Rect::new(area.x, y, area.width, 1);
    f.render_widget(Clear, row);
    let is_note = !matches!(input.kind, InputKind::Search);
    let hits = if is_note {
        &[][..]
    } else {
        r.search.as_ref().map_or(&[][..], |s| &s.hits[..])
    };
    let (label, summary) = if let InputKind::Tags(_) = input.kind {
        (
            "Tags: ",
            "  Tab complete · Enter save · Esc cancel".to_owned(),
        )
    } else if is_note {
        ("Note: ", "  Enter save · Esc cancel".to_owned())
    } else {
        (
            "/",
            format!("  {}", search_summary(hits, r.corpus.articles.len())),
        )
    };
    let w = area.width as usize;
    let text = truncate(
        &input.text,
        w.saturating_sub(summary.chars().count() + label.len() + 2),
    );
    let line = Line::from(vec![
        Span::styled(label, t.title()),
        Span::raw(text.clone()),
        Span::styled(summary, t.dim()),
    ]);
    super::put_line(f.buffer_mut(), area.x, y, &line, area.width);
    let before: String = input.text.chars().take(input.cursor).collect();
    let cx = label.len() + crate::wrap::width(&before).min(crate::wrap::width(&text));
    f.set_cursor_position(Position {
        x: area.x + (cx as u16).min(area.width.saturating_sub(1)),
        y,
    });

    // Results over the right part of the screen, above the prompt.
    if hits.is_empty() || area.height < 8 {
        return;
    }
    let pw = (area.width / 2).max(40).min(area.width);
    let panel = Rect::new(
        area.x + area.width - pw,
        area.y,
        pw,
        area.height.saturating_sub(1),
    );
    f.render_widget(Clear, panel);
    let block = Panel::new(t.border(true))
        .title(Line::styled(" Results · Enter go · Esc back ", t.title()));
    let inner = block.inner(panel);
    block.render(panel, f.buffer_mut());
    let iw = inner.width.saturating_sub(1) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut last_article = None;
    for h in hits.iter().take(MAX_ROWS) {
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
        let current = h.loc == r.loc();
        let mark = if current { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(mark, t.gutter_focus()),
            Span::styled(format!("§{:<3} ", h.loc.passage + 1), t.dim()),
        ]));
        let (snip, m) = snippet_parts(text, h.range.clone(), iw.saturating_sub(6));
        if let Some(line) = lines.last_mut() {
            line.spans.push(Span::raw(snip[..m.start].to_owned()));
            line.spans
                .push(Span::styled(snip[m.clone()].to_owned(), t.hit()));
            line.spans.push(Span::raw(snip[m.end..].to_owned()));
        }
    }
    let cur = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == "▶"))
        .unwrap_or(0);
    let hgt = inner.height as usize;
    let off = cur
        .saturating_sub(hgt / 2)
        .min(lines.len().saturating_sub(hgt));
    let buf = f.buffer_mut();
    for (k, line) in lines.iter().skip(off).take(hgt).enumerate() {
        super::put_line(buf, inner.x, inner.y + k as u16, line, inner.width);
    }
}
