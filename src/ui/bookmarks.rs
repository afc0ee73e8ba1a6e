//! The annotations list: bookmarks and highlights grouped by article in
//! reading order, orphans last, filtered as the reader asked.

use super::Surface;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::overlay::{centered, draw_box};
use super::theme::Theme;
use super::truncate;
use crate::reader::{Action, Annotation, Reader, placement_note};

pub fn list(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, sel: usize) {
    let rect = centered(area, 100, 44);
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected = None;
    let mut group: Option<Option<crate::corpus::ArticleIdx>> = None;
    let filter = r.annotation_filter.describe(r);
    if !filter.is_empty() {
        lines.push(Line::styled(
            truncate(&format!("Showing {filter}"), w),
            t.status(),
        ));
    }
    for (i, row) in r.annotations().into_iter().enumerate() {
        let (article, mark, mark_style, place, text, date, note, tags) = match row {
            Annotation::Bookmark(b) => {
                let (b, res) = &r.bookmarks[b];
                let (place, text) = match res.loc() {
                    Some(loc) => {
                        let p = &r.corpus.articles[loc.article].passages[loc.passage];
                        (
                            format!("§{:<3}", loc.passage + 1),
                            p.text.replace('\n', " "),
                        )
                    }
                    None => (
                        format!("{:<4}", "?"),
                        format!("{} ({})", b.anchor.exact.replace('\n', " "), b.article),
                    ),
                };
                (
                    res.loc().map(|l| l.article),
                    "★ ",
                    t.gutter_focus(),
                    place,
                    text,
                    b.created.clone(),
                    b.note.clone(),
                    String::new(),
                )
            }
            Annotation::Highlight(h) => {
                let (h, p) = &r.highlights[h];
                let span = p.span();
                let place = match span.and_then(|s| s.first_loc(&r.corpus)) {
                    Some(l) => format!("§{:<3}", l.passage + 1),
                    None => format!("{:<4}", "?"),
                };
                let mut text = format!(
                    "“{}”",
                    h.quote
                        .exact
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                let how = placement_note(p);
                if !how.is_empty() {
                    text = format!(
                        "{text} ({how}{})",
                        if span.is_none() {
                            format!(", {}", h.article)
                        } else {
                            String::new()
                        }
                    );
                }
                let tags = h
                    .tags
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                (
                    span.map(|s| s.article),
                    "▎ ",
                    super::highlight::style(t, h.colour),
                    place,
                    text,
                    h.created.clone(),
                    h.note.clone(),
                    tags,
                )
            }
        };
        if group != Some(article) {
            group = Some(article);
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            let heading = match article {
                Some(a) => r.corpus.articles[a].title.clone(),
                None => "Orphaned — their text is gone from the article".to_owned(),
            };
            lines.push(Line::styled(truncate(&heading, w), t.title()));
        }
        if i == sel {
            selected = Some(lines.len());
        }
        let date = date.get(..10).unwrap_or("").to_owned();
        let style = if i == sel { t.selected() } else { Style::new() };
        let text_w = w.saturating_sub(place.len() + date.len() + 4);
        lines.push(Line::from(vec![
            Span::styled(mark, mark_style),
            Span::styled(place, t.dim()),
            Span::styled(truncate(&text, text_w), style),
            Span::styled(format!("  {date}"), t.dim()),
        ]));
        if let Annotation::Highlight(h) = row {
            let names: Vec<&str> = r
                .highlight_entities(h)
                .into_iter()
                .map(|e| r.corpus.entities[e].name.as_str())
                .collect();
            if !names.is_empty() {
                lines.push(Line::styled(
                    truncate(&format!("      mentions {}", names.join(", ")), w),
                    t.dim(),
                ));
            }
        }
        if !tags.is_empty() {
            lines.push(Line::styled(truncate(&format!("      {tags}"), w), t.dim()));
        }
        if !note.is_empty() {
            // The reader's own words: wrapped whole, never cut.
            let room = w.saturating_sub(8).max(1);
            for (k, range) in crate::wrap::wrap_uncounted(&note, room)
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { "      ✎ " } else { "        " };
                lines.push(Line::styled(format!("{lead}{}", &note[range]), t.status()));
            }
        }
    }
    // The filter keys as bound: tag, colour, article.
    let key = |a, d| r.keys.first(a, d);
    let filters = format!(
        "{} {} {}",
        key(Action::TagHighlight, "s"),
        key(Action::Select, "v"),
        key(Action::Articles, "a")
    );
    if r.annotations().is_empty() {
        lines.push(Line::styled(
            if r.annotation_filter.is_empty() {
                format!(
                    "Nothing yet: {} bookmarks the passage, {} selects words to highlight.",
                    key(Action::ToggleBookmark, "m"),
                    key(Action::Select, "v")
                )
            } else {
                format!("Nothing matches: {filters} change the filter.")
            },
            t.dim(),
        ));
    }
    let (go, note, delete) = (
        key(Action::Activate, "Enter"),
        key(Action::EditNote, "M"),
        key(Action::Delete, "d"),
    );
    let mut title =
        format!("Annotations — {go} go · {note} note · {delete} delete · {filters} filter");
    // The border keeps room for the "↑ N more" marker; at 80 columns the
    // whole title does not fit beside it, the shorter wording does.
    if title.width() + 4 + super::more::ROOM > rect.width as usize {
        title = format!("Annotations — {go} · {note} note · {delete} del · {filters} filter");
    }
    draw_box(f, t, rect, &title, lines, selected, 0);
}
