//! Overlays drawn over the panes: the entity card, the article list and help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::theme::Theme;
use super::truncate;
use crate::corpus::Corpus;
use crate::keymap;
use crate::reader::{CardItem, CardState, Reader, card_items};

/// A centred box taking most of the screen, never larger than it.
pub fn centered(area: Rect, max_w: u16, max_h: u16) -> Rect {
    let w = area
        .width
        .saturating_sub(4)
        .min(max_w)
        .max(area.width.min(20));
    let h = area
        .height
        .saturating_sub(2)
        .min(max_h)
        .max(area.height.min(5));
    Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    )
}

/// Draws a framed box and the given lines, scrolled so `selected` is visible.
pub fn draw_box(
    f: &mut Frame,
    t: &Theme,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    selected: Option<usize>,
    scroll: usize,
) {
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Line::styled(format!(" {title} "), t.title()))
        .title_bottom(Line::styled(" Esc close ", t.dim()).right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    let mut off = scroll.min(lines.len().saturating_sub(h));
    if let Some(s) = selected {
        if s < off {
            off = s;
        } else if s >= off + h {
            off = s + 1 - h;
        }
    }
    let more = lines.len() > off + h;
    let w = inner.width.saturating_sub(2);
    let buf = f.buffer_mut();
    for (k, line) in lines.iter().skip(off).take(h).enumerate() {
        let y = inner.y + k as u16;
        buf.set_line(inner.x + 1, y, line, w);
        // A cut line ends in an ellipsis rather than mid-word.
        if line.width() > w as usize && w > 0 {
            buf.set_string(inner.x + w, y, "…", t.dim());
        }
    }
    if more && inner.height > 0 && inner.width > 10 {
        buf.set_string(inner.x + 1, inner.y + inner.height, " ↓ more ", t.dim());
    }
}

pub fn card(r: &Reader, t: &Theme, f: &mut Frame, area: Rect, card: &CardState) {
    let c: &Corpus = &r.corpus;
    let e = &c.entities[card.entity];
    let rect = centered(area, 90, 40);
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled(e.name.clone(), t.kind(e.kind).patch(t.title())),
        Span::styled(format!("  {}", e.kind.label()), t.dim()),
    ]));
    let rows = rect.height as usize;
    for range in crate::wrap::wrap_head(&e.summary, w.max(1), rows) {
        lines.push(Line::raw(e.summary[range].to_owned()));
    }
    if !e.aliases.is_empty() {
        let aliases = format!("Also: {}", e.aliases.join(", "));
        for range in crate::wrap::wrap_head(&aliases, w.max(1), rows) {
            lines.push(Line::styled(aliases[range].to_owned(), t.dim()));
        }
    }
    let items = card_items(c, card.entity);
    let mut selected_line = None;
    let mut section = "";
    // Counted once: an entity may be mentioned a million times.
    let mut counts = [0usize; 3];
    for item in &items {
        counts[kind_of(item)] += 1;
    }
    for (i, item) in items.iter().enumerate() {
        // Mentions farther from the selection than a box height are never
        // on screen; they are left out so a frame does not grow with them.
        if matches!(item, CardItem::Mention(_)) && i.abs_diff(card.sel) > rows + 2 {
            continue;
        }
        let (heading, text, style) = match *item {
            CardItem::Related(o) => (
                "Related",
                c.entities[o].name.clone(),
                t.kind(c.entities[o].kind),
            ),
            CardItem::Event(v) => {
                let ev = &c.events[v];
                ("Events", format!("{}  {}", ev.date, ev.title), Style::new())
            }
            CardItem::Mention(m) => {
                let mr = &e.mentions[m];
                let a = &c.articles[mr.loc.article];
                let text = snippet(
                    &a.passages[mr.loc.passage].text,
                    mr.range.clone(),
                    w.saturating_sub(6),
                );
                (
                    "Mentions",
                    format!("§{:<3} {text}", mr.loc.passage + 1),
                    Style::new(),
                )
            }
        };
        if heading != section {
            section = heading;
            lines.push(Line::raw(""));
            let count = counts[kind_of(item)];
            lines.push(Line::styled(format!("{heading} ({count})"), t.title()));
        }
        if let CardItem::Mention(m) = *item {
            let loc = e.mentions[m].loc;
            let first_in_article = m == 0 || e.mentions[m - 1].loc.article != loc.article;
            if first_in_article {
                lines.push(Line::styled(
                    truncate(&c.articles[loc.article].title, w),
                    t.dim(),
                ));
            }
        }
        if i == card.sel {
            selected_line = Some(lines.len());
        }
        let style = if i == card.sel {
            style.patch(t.selected())
        } else {
            style
        };
        lines.push(Line::styled(truncate(&format!("  {text}"), w), style));
    }
    draw_box(f, t, rect, "Entity", lines, selected_line, 0);
}

fn kind_of(item: &CardItem) -> usize {
    match item {
        CardItem::Related(_) => 0,
        CardItem::Event(_) => 1,
        CardItem::Mention(_) => 2,
    }
}

/// A one-line excerpt centred on `range`, cut to `width` cells.
pub fn snippet(text: &str, range: std::ops::Range<usize>, width: usize) -> String {
    let start = range.start.min(text.len());
    let mut from = start.saturating_sub(width / 3);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        // Start on a word.
        if let Some(sp) = text[from..start].find(' ') {
            from += sp + 1;
        }
    }
    let prefix = if from > 0 { "…" } else { "" };
    // No more of a long passage than the excerpt can show.
    let mut to = from
        .saturating_add(width.saturating_add(1).saturating_mul(16))
        .min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let s = format!("{prefix}{}", text[from..to].replace('\n', " "));
    truncate(&s, width)
}

pub fn articles(r: &Reader, t: &Theme, f: &mut Frame, area: Rect, sel: usize) {
    let rect = centered(
        area,
        100,
        (r.corpus.articles.len() as u16)
            .saturating_mul(2)
            .saturating_add(4),
    );
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    let mut selected_line = None;
    for (i, a) in r.corpus.articles.iter().enumerate() {
        let style = if i == sel { t.selected() } else { Style::new() };
        let here = if i == r.article { "▶" } else { " " };
        if i == sel {
            selected_line = Some(lines.len());
        }
        lines.push(Line::from(vec![
            Span::styled(here, t.gutter_focus()),
            Span::styled(
                truncate(&format!("{:>2}  {}", i + 1, a.title), w.saturating_sub(1)),
                style,
            ),
        ]));
        let date = if a.date.is_empty() {
            String::new()
        } else {
            format!(" · {}", a.date)
        };
        let meta = format!(
            "     {}{date} · {} passages · {} events",
            a.source,
            a.passages.len(),
            a.events.len()
        );
        lines.push(Line::styled(truncate(&meta, w), t.dim()));
    }
    draw_box(
        f,
        t,
        rect,
        "Articles — Enter to open",
        lines,
        selected_line,
        0,
    );
}

pub fn help(t: &Theme, f: &mut Frame, area: Rect, scroll: usize) {
    let rect = centered(area, 76, 60);
    let mut lines = Vec::new();
    let mut section = "";
    for b in keymap::BINDINGS {
        if b.section != section {
            section = b.section;
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(section, t.title()));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<22}", keymap::keys_label(b)), t.gutter_focus()),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: the wheel scrolls the pane under it; click a mention to select",
        t.dim(),
    ));
    lines.push(Line::styled(
        "its entity, an event or a list row to choose it.",
        t.dim(),
    ));
    draw_box(f, t, rect, "Keys", lines, None, scroll);
}
