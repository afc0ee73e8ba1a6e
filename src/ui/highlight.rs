//! How highlights and the selection look in the document, and the byte
//! ranges of one passage they cover.

use std::ops::Range;

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;
use crate::reader::Reader;
use crate::store::Colour;
use crate::store::highlight::to_printed;

/// A highlight's style: a background with colour; without, an underline
/// made different per colour by a second attribute, so the four stay apart.
pub fn style(t: &Theme, c: Colour) -> Style {
    let under = Style::new().add_modifier(Modifier::UNDERLINED);
    if t.color {
        let bg = match c {
            Colour::Yellow => Color::Yellow,
            Colour::Green => Color::Green,
            Colour::Blue => Color::LightBlue,
            Colour::Pink => Color::LightMagenta,
        };
        Style::new().fg(Color::Black).bg(bg)
    } else {
        match c {
            Colour::Yellow => under,
            Colour::Green => under.add_modifier(Modifier::BOLD),
            Colour::Blue => under.add_modifier(Modifier::ITALIC),
            Colour::Pink => under.add_modifier(Modifier::DIM),
        }
    }
}

/// The selection: reversed, with or without colour.
pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// The styled byte ranges of passage `pi` of the reader's article, in the
/// version of its text shown: its highlights, then the selection (drawn
/// over them). Both are kept in the corrected text; the printed version has
/// them where the same words are.
pub fn ranges(r: &Reader, t: &Theme, pi: usize) -> Vec<(Range<usize>, Style)> {
    let article = &r.corpus.articles[r.article];
    let Some(passage) = article.passages.get(pi) else {
        return Vec::new();
    };
    let shown = |range: Range<usize>| {
        if r.show_original {
            to_printed(passage, range)
        } else {
            range
        }
    };
    let mut out = Vec::new();
    for (h, span) in r.article_highlights() {
        for (p, range) in span.passage_ranges(article) {
            if p == pi {
                out.push((shown(range), style(t, h.colour)));
            }
        }
    }
    if let Some(sel) = r.selection.filter(|s| s.article == r.article) {
        for (p, range) in sel.span().passage_ranges(article) {
            if p == pi {
                out.push((shown(range), selected()));
            }
        }
    }
    out
}

/// The entity card's lines about highlights: each that mentions the entity,
/// quoted, with its tags. Nothing when none does.
pub fn card_lines(
    r: &Reader,
    t: &Theme,
    e: crate::corpus::EntityIdx,
    w: usize,
) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    let found = r.entity_highlights(e);
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::raw(""),
        Line::styled(format!("Highlights ({})", found.len()), t.title()),
    ];
    for i in found {
        let (h, _) = &r.highlights[i];
        let quote = h
            .quote
            .exact
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let tags: String = h.tags.iter().map(|t| format!(" #{t}")).collect();
        let text = super::truncate(&format!("“{quote}”{tags}"), w.saturating_sub(4));
        out.push(Line::from(vec![
            Span::styled("▎ ", style(t, h.colour)),
            Span::raw(text),
        ]));
    }
    out
}
