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
            Span::styled("★ ", t.bookmark()),
            Span::styled(place, t.dim()),
            Span::styled(truncate(&text, text_w), style),
            Span::styled(format!("  {date}"), t.dim()),
        ]));
        if !b.note.is_empty() {
            // The reader's own words: wrapped whole, never cut.
            let room = w.saturating_sub(8).max(1);
            for (k, range) in crate::wrap::wrap_uncounted(&b.note, room)
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { "      ✎ " } else { "        " };
                lines.push(Line::styled(
                    format!("{lead}{}", &b.note[range]),
                    t.status(),
                ));
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            format!(
                "No bookmarks yet: {} bookmarks the passage you are reading.",
                r.keys.first(crate::reader::Action::ToggleBookmark, "m")
            ),
            t.dim(),
        ));
    }
    draw_box(
        f,
        t,
        rect,
        &format!(
            "Bookmarks — {} go · {} note · {} delete · {} undo",
            r.keys.first(crate::reader::Action::Activate, "Enter"),
            r.keys.first(crate::reader::Action::EditNote, "M"),
            r.keys.first(crate::reader::Action::Delete, "d"),
            r.keys.first(crate::reader::Action::Undo, "u"),
        ),
        lines,
        selected,
        0,
    );
}
