//! The curation prompt: what is being changed, the text typed, and what
//! that text will do (the date it reads as, the entity it names).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::theme::Theme;
use super::truncate;
use crate::reader::{InputKind, Reader, prompt_line};

pub fn prompt(r: &Reader, t: &Theme, f: &mut Frame, area: Rect) {
    let Some(input) = &r.input else { return };
    let InputKind::Curate(p) = &input.kind else {
        return;
    };
    let (label, hint) = prompt_line(r, p, &input.text);
    let w = area.width as usize;
    // The label gives way to the text, the hint to both.
    let label = truncate(&label, (w / 2).max(1));
    let label_w = crate::wrap::width(&label);
    let text_room = w.saturating_sub(label_w + 1);
    let text = truncate(&input.text, text_room);
    let inline = format!("  {hint}");
    // A hint that does not fit beside the text gets the row above.
    let fits = label_w + crate::wrap::width(&text) + crate::wrap::width(&inline) < w;
    if !fits && area.height >= 2 {
        let above = area.y + area.height - 2;
        f.render_widget(Clear, Rect::new(area.x, above, area.width, 1));
        let line = Line::styled(truncate(&format!(" {hint}"), w), t.dim());
        super::put_line(f.buffer_mut(), area.x, above, &line, area.width);
    }
    let hint = if fits { inline } else { String::new() };
    let y = area.y + area.height.saturating_sub(1);
    let row = Rect::new(area.x, y, area.width, 1);
    f.render_widget(Clear, row);
    let line = Line::from(vec![
        Span::styled(label.clone(), t.title()),
        Span::raw(text.clone()),
        Span::styled(hint, t.dim()),
    ]);
    super::put_line(f.buffer_mut(), area.x, y, &line, area.width);
    let before: String = input.text.chars().take(input.cursor).collect();
    let cx = label_w + crate::wrap::width(&before).min(crate::wrap::width(&text));
    f.set_cursor_position(Position {
        x: area.x + (cx as u16).min(area.width.saturating_sub(1)),
        y,
    });
}

/// Most unlinked places a card lists; the count says how many there are.
const UNLINKED_ROWS: usize = 5;

/// The card's section of unlinked mentions: how many, and the first few.
pub fn unlinked_rows(
    r: &Reader,
    t: &Theme,
    e: crate::corpus::EntityIdx,
    w: usize,
) -> Vec<Line<'static>> {
    let found = r.unlinked_of(e);
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            truncate(
                &format!("Unlinked mentions ({}) — E L links them all", found.len()),
                w,
            ),
            t.title(),
        ),
    ];
    for u in found.iter().take(UNLINKED_ROWS) {
        let a = &r.corpus.articles[u.loc.article];
        let text = &a.passages[u.loc.passage].text;
        let snip = crate::text::snippet(text, u.range.clone(), w.saturating_sub(8));
        out.push(Line::raw(truncate(
            &format!("  §{:<3} {snip}", u.loc.passage + 1),
            w,
        )));
    }
    if found.len() > UNLINKED_ROWS {
        out.push(Line::styled(
            format!("  … and {} more", found.len() - UNLINKED_ROWS),
            t.dim(),
        ));
    }
    out
}
