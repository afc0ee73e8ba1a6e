//! Overlays drawn over the panes: the entity card, the article list and help.

use super::Surface;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::panel::Panel;

use super::theme::Theme;
use super::truncate;
use crate::corpus::Corpus;
use crate::keymap;
use crate::reader::{Action, CardItem, CardState, HelpLines, KeyNames, Reader};
use crate::text::snippet;

pub use crate::layout::{HELP_H, HELP_W, centered};

/// Draws a framed box and the given lines, scrolled so `selected` is visible.
pub fn draw_box(
    f: &mut Surface<'_>,
    t: &Theme,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    selected: Option<usize>,
    scroll: usize,
) {
    draw_box_with(
        f,
        t,
        area,
        title,
        lines.len(),
        |i| lines[i].clone(),
        selected,
        scroll,
    );
}

/// Like `draw_box` for `total` lines made on demand by `line_at`: only the
/// lines that show are made, so a list as long as the corpus costs no more
/// to draw than a short one.
#[allow(clippy::too_many_arguments)]
pub fn draw_box_with<'a>(
    f: &mut Surface<'_>,
    t: &Theme,
    area: Rect,
    title: &str,
    total: usize,
    line_at: impl Fn(usize) -> Line<'a>,
    selected: Option<usize>,
    scroll: usize,
) {
    f.render_widget(Clear, area);
    let block = Panel::new(t.border(true))
        .title(Line::styled(
            truncate(
                &format!(" {title} "),
                (area.width as usize).saturating_sub(2 + super::more::ROOM),
            ),
            t.title(),
        ))
        .title_bottom(Line::styled(" Esc close ", t.dim()).right_aligned());
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    let h = inner.height as usize;
    let mut off = scroll.min(total.saturating_sub(h));
    if let Some(s) = selected {
        if s < off {
            off = s;
        } else if s >= off + h {
            off = s + 1 - h;
        }
    }
    let w = inner.width.saturating_sub(2);
    let buf = f.buffer_mut();
    for (k, i) in (off..total).take(h).enumerate() {
        let line = line_at(i);
        let y = inner.y + k as u16;
        super::put_line(buf, inner.x + 1, y, &line, w);
        // A cut line ends in an ellipsis rather than mid-word.
        if line.width() > w as usize && w > 0 {
            buf.set_string(inner.x + w, y, "…", t.dim());
        }
    }
    let (above, below) = super::more::hidden(off, h, total);
    super::more::marks(buf, t, area, above, below);
}

/// A row of the entity card, before it is made into a line: a card lists
/// every mention of the entity, so only the rows that show are made.
enum CardRow<'a> {
    Text(Line<'a>),
    Heading(&'static str, usize),
    ArticleTitle(crate::corpus::ArticleIdx),
    Item(usize),
}

pub fn card(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, card: &CardState) {
    let c: &Corpus = &r.corpus;
    let e = &c.entities[card.entity];
    let rect = centered(area, 90, 40);
    let w = rect.width.saturating_sub(4) as usize;
    let mut rows: Vec<CardRow> = Vec::new();
    rows.push(CardRow::Text(Line::from(vec![
        Span::styled(e.name.clone(), t.kind(e.kind).patch(t.title())),
        Span::styled(format!("  {}", e.kind.label()), t.dim()),
    ])));
    for range in crate::wrap::wrap_uncounted(&e.summary, w.max(1)) {
        rows.push(CardRow::Text(Line::raw(&e.summary[range])));
    }
    if !e.aliases.is_empty() {
        let aliases = format!("Also: {}", e.aliases.join(", "));
        for range in crate::wrap::wrap_uncounted(&aliases, w.max(1)) {
            rows.push(CardRow::Text(Line::styled(
                aliases[range].to_owned(),
                t.dim(),
            )));
        }
    }
    rows.extend(
        super::highlight::card_lines(r, t, card.entity, w)
            .into_iter()
            .map(CardRow::Text),
    );
    let items = r.card_rows(card.entity);
    let section_of = |item: &CardItem| match item {
        CardItem::Unlinked(_) => "Unlinked mentions",
        CardItem::Related(_) => "Related",
        CardItem::Event(_) => "Events",
        CardItem::Mention(_) => "Mentions",
    };
    // The events' dates in the timeline's short form, their titles lined
    // up after the widest.
    let date_w = e
        .events
        .iter()
        .map(|&v| crate::wrap::width(&super::timeline::column_date(&c.events[v].date)))
        .max()
        .unwrap_or(0);
    let mut selected_line = None;
    let mut section = "";
    // Counted once: an entity may be mentioned a million times.
    let mut counts = [0usize; 4];
    for item in &items {
        counts[kind_of(item)] += 1;
    }
    for (i, item) in items.iter().enumerate() {
        let heading = section_of(item);
        if heading != section {
            section = heading;
            rows.push(CardRow::Text(Line::raw("")));
            rows.push(CardRow::Heading(heading, counts[kind_of(item)]));
        }
        if let CardItem::Mention(m) = *item {
            let loc = e.mentions[m].loc;
            let first_in_article = m == 0 || e.mentions[m - 1].loc.article != loc.article;
            if first_in_article {
                rows.push(CardRow::ArticleTitle(loc.article));
            }
        }
        if i == card.sel {
            selected_line = Some(rows.len());
        }
        rows.push(CardRow::Item(i));
    }
    let line_at = |k: usize| -> Line {
        match &rows[k] {
            CardRow::Text(l) => l.clone(),
            CardRow::Heading(h @ "Unlinked mentions", n) => Line::styled(
                truncate(&super::curate::unlinked_heading(r, h, *n), w),
                t.title(),
            ),
            CardRow::Heading(h, n) => Line::styled(format!("{h} ({n})"), t.title()),
            CardRow::ArticleTitle(a) => Line::styled(truncate(&c.articles[*a].title, w), t.dim()),
            CardRow::Item(i) => {
                let (text, style) = match items[*i] {
                    CardItem::Related(o) => {
                        (c.entities[o].name.clone(), t.kind(c.entities[o].kind))
                    }
                    CardItem::Event(v) => {
                        let ev = &c.events[v];
                        let date = super::timeline::column_date(&ev.date);
                        let gap = date_w.saturating_sub(crate::wrap::width(&date)) + 2;
                        (
                            format!("{date}{}{}", " ".repeat(gap), ev.title),
                            Style::new(),
                        )
                    }
                    CardItem::Unlinked(u) => (
                        super::curate::unlinked_line(r, card.entity, u, w.saturating_sub(8)),
                        t.dim(),
                    ),
                    CardItem::Mention(m) => {
                        let mr = &e.mentions[m];
                        let a = &c.articles[mr.loc.article];
                        let text = snippet(
                            &a.passages[mr.loc.passage].text,
                            mr.range.clone(),
                            w.saturating_sub(6),
                        );
                        (format!("§{:<3} {text}", mr.loc.passage + 1), Style::new())
                    }
                };
                let style = if *i == card.sel {
                    style.patch(t.selected())
                } else {
                    style
                };
                Line::styled(truncate(&format!("  {text}"), w), style)
            }
        }
    };
    draw_box_with(f, t, rect, "Entity", rows.len(), line_at, selected_line, 0);
}

fn kind_of(item: &CardItem) -> usize {
    match item {
        CardItem::Related(_) => 0,
        CardItem::Event(_) => 1,
        CardItem::Mention(_) => 2,
        CardItem::Unlinked(_) => 3,
    }
}

pub fn articles(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, sel: usize) {
    let rect = centered(
        area,
        100,
        (r.corpus.articles.len() as u16)
            .saturating_mul(2)
            .saturating_add(4),
    );
    let w = rect.width.saturating_sub(4) as usize;
    // Two lines an article, made only for the articles that show.
    let line_at = |k: usize| {
        let i = k / 2;
        let a = &r.corpus.articles[i];
        if k.is_multiple_of(2) {
            let style = if i == sel { t.selected() } else { Style::new() };
            let here = if i == r.article.index() { "▶" } else { " " };
            Line::from(vec![
                Span::styled(here, t.gutter_focus()),
                Span::styled(
                    truncate(&format!("{:>2}  {}", i + 1, a.title), w.saturating_sub(1)),
                    style,
                ),
            ])
        } else {
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
            Line::styled(truncate(&meta, w), t.dim())
        }
    };
    let n = r.corpus.articles.len();
    draw_box_with(
        f,
        t,
        rect,
        &format!(
            "Articles — {} to open",
            r.keys.first(Action::Activate, "Enter")
        ),
        n * 2,
        line_at,
        (sel < n).then_some(sel * 2),
        0,
    );
}

/// A row of the help before it is fitted to a width.
enum HelpRow {
    Blank,
    Heading(&'static str),
    /// A key (or symbol, or kind tag) and what it does, the key styled.
    Entry(String, Style, &'static str),
    Note(&'static str),
}

/// Columns of the key column, indent included, when the box is wide enough.
const KEY_W: usize = 24;
/// Below this many columns for the text, a key's description goes under it.
const MIN_DESC: usize = 24;

fn help_rows(t: &Theme, keys: &KeyNames) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    let mut section = "";
    let defaults = keymap::Keymap::default();
    for (i, b) in keymap::BINDINGS.iter().enumerate() {
        if b.section != section {
            if section == keymap::CURATE {
                curate_rows(&mut rows, t, keys);
            }
            section = b.section;
            if !rows.is_empty() {
                rows.push(HelpRow::Blank);
            }
            rows.push(HelpRow::Heading(section));
        }
        rows.push(HelpRow::Entry(
            keys_label(keys, b.action, || defaults.label(i)),
            t.gutter_focus(),
            b.help,
        ));
    }
    if section == keymap::CURATE {
        curate_rows(&mut rows, t, keys);
    }
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Note(
        "Mouse: the wheel scrolls the pane under it; click a mention to select \
         its entity, an event or a list row to choose it.",
    ));
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Heading("Symbols"));
    for (sym, meaning) in SYMBOLS {
        rows.push(HelpRow::Entry((*sym).to_owned(), t.gutter_focus(), meaning));
    }
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Heading("Kinds of entity"));
    for k in crate::corpus::types::EntityKind::ALL {
        rows.push(HelpRow::Entry(k.tag().to_owned(), t.kind(k), k.label()));
    }
    rows
}

/// The letters of the change menu, which are no bindings of their own,
/// and undo, which the curating section would otherwise not name.
fn curate_rows(rows: &mut Vec<HelpRow>, t: &Theme, keys: &KeyNames) {
    use crate::reader::{CurateKey, ENTITY_MENU, EVENT_MENU};
    let menu = keys.first(Action::Curate(CurateKey::Menu), "E");
    for (heading, choices) in [
        ("The menu on an entity:", ENTITY_MENU),
        ("The menu on an event:", EVENT_MENU),
    ] {
        rows.push(HelpRow::Note(heading));
        for (k, what) in choices {
            rows.push(HelpRow::Entry(
                format!("{menu} {k}"),
                t.gutter_focus(),
                what,
            ));
        }
    }
    rows.push(HelpRow::Entry(
        keys.first(Action::Undo, "u").to_owned(),
        t.gutter_focus(),
        "undo the last change to the pack, then the one before",
    ));
}

/// The help fitted to `width` columns: every row wrapped, none cut. A
/// description wraps under itself, beside the key column; on a narrow box
/// it goes under its key instead.
fn help_text(t: &Theme, keys: &KeyNames, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let wrapped = |text: &str, w: usize| -> Vec<String> {
        crate::wrap::wrap_uncounted(text, w.max(1))
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    };
    for row in help_rows(t, keys) {
        match row {
            HelpRow::Blank => lines.push(Line::raw("")),
            HelpRow::Heading(h) => {
                for l in wrapped(h, width) {
                    lines.push(Line::styled(l, t.title()));
                }
            }
            HelpRow::Note(n) => {
                for l in wrapped(n, width) {
                    lines.push(Line::styled(l, t.dim()));
                }
            }
            HelpRow::Entry(key, style, text) => {
                let key_w = crate::wrap::width(&key) + 3;
                let col = KEY_W.max(key_w.min(width));
                if width >= col + MIN_DESC {
                    for (i, l) in wrapped(text, width - col).into_iter().enumerate() {
                        let head = if i == 0 {
                            format!("  {key:<w$}", w = col - 2)
                        } else {
                            " ".repeat(col)
                        };
                        lines.push(Line::from(vec![Span::styled(head, style), Span::raw(l)]));
                    }
                } else {
                    for l in wrapped(&key, width.saturating_sub(2)) {
                        lines.push(Line::styled(format!("  {l}"), style));
                    }
                    for l in wrapped(text, width.saturating_sub(4)) {
                        lines.push(Line::raw(format!("    {l}")));
                    }
                }
            }
        }
    }
    lines
}

/// Every mark the panes draw, with what it means.
const SYMBOLS: &[(&str, &str)] = &[
    ("▌", "the focus passage, in the document's gutter"),
    ("●", "timeline: an event the focus passage tells"),
    ("○", "timeline: an event told elsewhere in this article"),
    ("⚑", "the sources disagree on this event (c compares them)"),
    ("★", "a bookmark (' lists them)"),
    (
        "▎",
        "a highlight, in its colour (v selects words to highlight)",
    ),
    (
        "▶",
        "the selected event or entity; in a list, where you are",
    ),
    (
        "≡",
        "text this article shares with another (the sidebar names it)",
    ),
    (
        "◇",
        "a suggestion found by `lectern import`, not yet reviewed (italics)",
    ),
    ("◆", "map (w): a place named in the focus passage"),
    ("•", "map: a place named elsewhere in the article"),
    ("▲", "map: a place of the selected event"),
    ("◉", "map: the selected entity"),
];

/// An action's keys as bound; the default table's for a reader given none.
fn keys_label(keys: &KeyNames, action: Action, default: impl FnOnce() -> String) -> String {
    match keys.of(action) {
        None => default(),
        Some([]) => "(unbound)".into(),
        Some(ks) => ks.join(" "),
    }
}

/// Counts the help's lines at a text width, for the reader to scroll by:
/// the help wraps, so its length depends on the width. With the default
/// keys.
pub fn help_line_count() -> HelpLines {
    help_line_count_for(&KeyNames::default())
}

/// As [`help_line_count`], with the keys as bound.
pub fn help_line_count_for(keys: &KeyNames) -> HelpLines {
    let keys = keys.clone();
    HelpLines::new(move |w| help_text(&Theme::colour(false), &keys, w).len())
}

pub fn help(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, scroll: usize) {
    let rect = centered(area, HELP_W, HELP_H);
    let w = rect.width.saturating_sub(4) as usize;
    draw_box(f, t, rect, "Keys", help_text(t, &r.keys, w), None, scroll);
}
