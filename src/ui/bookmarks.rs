//! The bookmark list: grouped by article in reading order, orphans last.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::overlay::{centered, draw_box};
use super::theme::Theme;
use super::truncate;
use crate::reader::Reader;

pub fn list(r: &Reader, t: &Theme, f: &mut Frame, area: Rect, sel: usize) {
    let rect = centered(area, 100, 44);
    let w = rect.width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected = None;
    let mut group: Option<Option<crate::corpus::ArticleIdx>> = None;
    for (i, (b, res)) in r.bookmarks.iter().enumerate() {
        let article = res.loc().map(|l| l.article);
        if group != Some(article) {
            group = Some(article);
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            let heading = match article {
                Some(a) => r.corpus.articles[a].title.clone(),
                None => "Orphaned — their passages are gone from the text".to_owned(),
            };
            lines.push(Line::styled(truncate(&heading, w), t.title()));
        }
        if i == sel {
            selected = Some(lines.len());
        }
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
        let date = b.created.get(..10).unwrap_or("");
        let style = if i == sel {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let text_w = w.saturating_sub(place.len() + date.len() + 4);
        lines.push(Line::from(vec![
            Span::styled("★ ", t.gutter_focus()),
            Span::styled(place, t.dim()),
            Span::styled(truncate(&text, text_w), style),
            Span::styled(format!("  {date}"), t.dim()),
        ]));
        if !b.note.is_empty() {
            lines.push(Line::styled(
                truncate(&format!("      ✎ {}", b.note), w),
                t.status(),
            ));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "No bookmarks yet: m bookmarks the passage you are reading.",
            t.dim(),
        ));
    }
    draw_box(
        f,
        t,
        rect,
        "Bookmarks — Enter go · e note · d delete · u undo",
        lines,
        selected,
        0,
    );
}
