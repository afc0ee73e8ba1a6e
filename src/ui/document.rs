//! The document pane: the wrapped article, the focus gutter, mentions styled
//! by kind, corrections marked. Only the visible lines are touched.

use super::panel::Panel;
use std::ops::Range;

use std::num::NonZeroU16;

use super::Surface;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::truncate;
use crate::corpus::PassageKind;
use crate::corpus::types::url_problem;
use crate::layout::GUTTER;
use crate::reader::{Action, Pane, Reader, Target};

/// The pane's title and, when there is room, the article's source, as
/// drawn in its top border (each with a space either side).
fn labels(r: &Reader, area: Rect) -> (String, String) {
    let article = &r.corpus.articles[r.article];
    let n = r.corpus.articles.len();
    // The title has priority over the source; both are cut to the border.
    let room = (area.width as usize).saturating_sub(4);
    let title = truncate(
        &format!(
            " Article {}/{} · {} ",
            r.article.index() + 1,
            n,
            article.title
        ),
        room,
    );
    let left = room.saturating_sub(crate::wrap::width(&title) + 3);
    let source = if left >= 12 {
        truncate(&format!(" {} ", article.source), left)
    } else {
        String::new()
    };
    (title, source)
}

pub fn render(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let article = &r.corpus.articles[r.article];
    let (title, source) = labels(r, area);
    // Below the width that shows the side panes, Tab is how to reach them.
    let tab = if r.size.0 < r.panes.overlay_below {
        format!(" · {} panes", r.keys.first(Action::FocusNext, "Tab"))
    } else {
        String::new()
    };
    // What is left to review, while anything is.
    // The status, when there is one, has the room first.
    let review = match r.to_review() {
        _ if r.status.is_some() => String::new(),
        (0, 0) => String::new(),
        (e, v) => format!(
            " · {} to review{}",
            e + v,
            if r.curation.suggestions_only {
                " (only these)"
            } else {
                ""
            }
        ),
    };
    let footer = format!(
        " {}% · passage {}/{}{}{}{review} · {} help{tab} ",
        r.percent(),
        r.focus + 1,
        article.passages.len(),
        if r.show_original {
            " · as printed"
        } else {
            ""
        },
        if r.chrono {
            " · in order of events"
        } else {
            ""
        },
        r.keys.first(Action::Help, "?"),
    );
    // When a status message needs the room, a shorter footer keeps the
    // place and the modes.
    let short = format!(
        " {}% · passage {}/{}{}{} ",
        r.percent(),
        r.focus + 1,
        article.passages.len(),
        if r.show_original { " · printed" } else { "" },
        if r.chrono { " · by events" } else { "" },
    );
    // A side pane drawn over the document that reaches its bottom border
    // covers the right of it: the footer and the status fit in what it
    // leaves, side by side.
    let screen = r.screen();
    let over = screen
        .timeline
        .or(screen.entities)
        .filter(|p| screen.side_overlay && p.bottom() >= area.bottom());
    let cols = over.map_or(area.width, |p| p.x.saturating_sub(area.x));
    let (footer, status) = super::status::fit(&footer, &short, r.status.as_deref(), cols as usize);
    let mut block = Panel::new(t.border(r.pane == Pane::Document && r.overlay.is_none()))
        .title(Line::styled(title, t.title()))
        .title_bottom(match &r.notice {
            // A notice goes over the footer, so that all of it shows.
            Some(n) => Line::styled(
                truncate(&format!(" {n} "), (area.width as usize).saturating_sub(2)),
                t.status(),
            ),
            None => Line::raw(footer),
        });
    if !source.is_empty() {
        block = block.title(Line::styled(source, t.dim()).right_aligned());
    }
    if let Some(s) = status.filter(|_| r.notice.is_none()) {
        let line = Line::styled(s, t.status());
        block = block.title_bottom(if over.is_some() {
            line
        } else {
            line.right_aligned()
        });
    }
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());

    let target = match r.target {
        Some(Target::Entity(e)) => Some(e),
        _ => None,
    };
    let cursor = r
        .mention_cursor()
        .zip(r.cursor_range())
        .map(|((loc, _), range)| (loc.passage, range));
    let target_style = if cursor.is_some() {
        t.target_beside_cursor()
    } else {
        t.target()
    };
    let screen = r.screen();
    let text_area = screen.doc_text();
    let (text_x, text_w) = (text_area.x, text_area.width);
    let gutter = screen.doc_gutter();
    let reuse = r.corpus.reuse_ready();
    let buf = f.buffer_mut();
    for row in 0..inner.height {
        let Some(line) = r.doc.lines.get(r.scroll + row as usize) else {
            break;
        };
        let Some(pi) = line.passage else { continue };
        let y = inner.y + row;
        if pi == r.focus && inner.width >= GUTTER {
            buf.set_string(gutter, y, "▌", t.gutter_focus());
        }
        let loc = crate::corpus::PassageLoc {
            article: r.article,
            passage: pi,
        };
        // Text shared with another article is marked on the lines it covers
        // (on every line of the passage in the printed version, whose
        // offsets differ); the bookmark star below takes precedence.
        if inner.width >= GUTTER
            && let Some(reuse) = reuse.filter(|u| u.is_shared(loc))
        {
            let lr = line.range();
            let shared = r.show_original
                || reuse.at(loc).any(|s| {
                    s.seen_from(loc).is_some_and(|(here, _)| {
                        here.range.start < lr.end && lr.start < here.range.end
                    })
                });
            if shared {
                buf.set_string(gutter + 1, y, "≡", t.shared());
            }
        }
        // The bookmark star sits on the passage's first line.
        if inner.width >= GUTTER
            && r.doc
                .passages
                .get(pi)
                .is_some_and(|l| l.start == r.scroll + row as usize)
            && r.is_bookmarked(crate::corpus::PassageLoc {
                article: r.article,
                passage: pi,
            })
        {
            buf.set_string(gutter + 1, y, "★", t.bookmark());
        }
        let p = &article.passages[pi];
        let (text, corrections, mentions) = p.version(r.show_original);
        let base = match p.kind {
            PassageKind::Text => Style::new(),
            PassageKind::Heading => t.heading(),
            PassageKind::Caption => t.caption(),
        };
        let range = line.range();
        // Only the styled ranges on this line are looked at: a passage may
        // hold a million mentions, and a frame must not grow with them.
        let mentions = overlapping(mentions, &range, |m| &m.range);
        let corrections = overlapping(corrections, &range, |c| c);
        // Cut points: where any styled range starts or ends inside the line.
        let mut cuts = vec![range.start, range.end];
        for m in mentions {
            cuts.extend([m.range.start.max(range.start), m.range.end.min(range.end)]);
        }
        for c in corrections {
            cuts.extend([c.start.max(range.start), c.end.min(range.end)]);
        }
        let hits = match &r.search {
            Some(s) if s.original == r.show_original => crate::search::hits_in(
                &s.hits,
                crate::corpus::PassageLoc {
                    article: r.article,
                    passage: pi,
                },
            ),
            _ => &[],
        };
        let hits = overlapping(hits, &range, |h| &h.range);
        for h in hits {
            cuts.extend([h.range.start.max(range.start), h.range.end.min(range.end)]);
        }
        let marked = super::highlight::ranges(r, t, pi);
        let marked: Vec<_> = marked
            .into_iter()
            .filter(|(m, _)| m.start < range.end && range.start < m.end)
            .collect();
        for (m, _) in &marked {
            cuts.extend([m.start.max(range.start), m.end.min(range.end)]);
        }
        // A highlighted line is marked in the gutter, under the bookmark star.
        if inner.width >= GUTTER
            && let Some((_, s)) = marked.first()
            && buf.cell((gutter + 1, y)).is_none_or(|c| c.symbol() == " ")
        {
            buf.set_string(gutter + 1, y, "▎", *s);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let spans: Vec<Span> = cuts
            .windows(2)
            .map(|w| {
                let seg = w[0]..w[1];
                let mut style = base;
                if let Some(m) = mentions
                    .iter()
                    .find(|m| m.range.start <= seg.start && seg.end <= m.range.end)
                {
                    style = style.patch(t.mention(r.corpus.entities[m.entity].kind));
                    if cursor
                        .as_ref()
                        .is_some_and(|(cp, cr)| *cp == pi && *cr == m.range)
                    {
                        style = style.patch(t.mention_cursor());
                    } else if Some(m.entity) == target {
                        style = style.patch(target_style);
                    }
                }
                if corrections
                    .iter()
                    .any(|c| c.start <= seg.start && seg.end <= c.end)
                {
                    style = style.patch(t.correction());
                }
                if hits
                    .iter()
                    .any(|h| h.range.start <= seg.start && seg.end <= h.range.end)
                {
                    style = style.patch(t.hit());
                }
                for (m, s) in &marked {
                    if m.start <= seg.start && seg.end <= m.end {
                        style = style.patch(*s);
                    }
                }
                Span::styled(&text[seg], style)
            })
            .collect();
        super::put_line(buf, text_x, y, &Line::from(spans), text_w);
    }
}

/// The items of a list sorted by position and not overlapping (mentions,
/// corrections, search hits) whose ranges overlap `range`, found by binary
/// search.
pub fn overlapping<'a, T>(
    items: &'a [T],
    range: &Range<usize>,
    of: impl Fn(&T) -> &Range<usize>,
) -> &'a [T] {
    let start = items.partition_point(|x| of(x).end <= range.start);
    let len = items[start..].partition_point(|x| of(x).start < range.end);
    &items[start..start + len]
}

pub use crate::wrap::byte_at_column;

/// Whether the terminal `TERM` names can be sent OSC 8 hyperlinks: any but
/// the Linux console and `dumb` (and none when `TERM` is unset), which may
/// show the escape as text. Terminals that do not know OSC 8 ignore it.
pub fn links_supported(term: Option<&str>) -> bool {
    term.is_some_and(|t| !t.is_empty() && t != "dumb" && t != "linux" && !t.starts_with("linux-"))
}

/// Opens an OSC 8 hyperlink to `url`, which must have passed
/// [`url_problem`]: only the characters a URL may hold reach the terminal.
fn osc8_open(url: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\")
}

const OSC8_CLOSE: &str = "\x1b]8;;\x1b\\";

/// Makes the article's source in the document pane's top border (its title
/// when the source has no room) a hyperlink to the article's URL.
///
/// Called last, once everything else is drawn, on the cells as they are:
/// where another pane covers any of the label nothing is linked. Each pair
/// of cells becomes one cell whose symbol holds the escape, the two
/// characters and the closing escape, with its width forced to two, so the
/// terminal's cursor and ratatui's account of it stay together.
pub fn link(r: &Reader, buf: &mut Buffer, area: Rect) {
    let article = &r.corpus.articles[r.article];
    let Some(url) = article
        .url
        .as_deref()
        .filter(|u| r.hyperlinks && url_problem(u).is_none())
    else {
        return;
    };
    let (title, source) = labels(r, area);
    let right = !source.is_empty();
    let label = if right { source } else { title };
    let label = label.trim();
    if label.is_empty() || area.height == 0 || area.width < 3 {
        return;
    }
    let (y, from, to) = (area.y, area.x + 1, area.right() - 1);
    // The source is at the right end of the border, the title at the left.
    let at = |x| label_at(buf, x, y, to, label);
    let found = if right {
        (from..to).rev().find_map(at)
    } else {
        (from..to).find_map(at)
    };
    let Some(cells) = found else {
        return;
    };
    let open = osc8_open(url);
    let mut i = 0;
    while i < cells.len() {
        let (x, w) = cells[i];
        // Two narrow characters, or one wide one, to a cell.
        let take = if w == 1 && cells.get(i + 1).is_some_and(|&(_, w2)| w2 == 1) {
            2
        } else {
            1
        };
        let text: String = cells[i..i + take]
            .iter()
            .map(|&(cx, _)| buf[(cx, y)].symbol().to_owned())
            .collect();
        let width: u16 = cells[i..i + take].iter().map(|&(_, w)| w).sum();
        let Some(width) = NonZeroU16::new(width) else {
            return;
        };
        buf[(x, y)]
            .set_symbol(&format!("{open}{text}{OSC8_CLOSE}"))
            .set_diff_option(CellDiffOption::ForcedWidth(width));
        i += take;
    }
}

/// The cells (column, width) that show `label` starting at column `x` of
/// row `y`, ending before `to`; `None` when they do not.
fn label_at(buf: &Buffer, x: u16, y: u16, to: u16, label: &str) -> Option<Vec<(u16, u16)>> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut cells = Vec::new();
    let mut cx = x;
    for g in label.graphemes(true) {
        let w = crate::wrap::width(g) as u16;
        if w == 0 || cx + w > to || buf.cell((cx, y))?.symbol() != g {
            return None;
        }
        cells.push((cx, w));
        cx += w;
    }
    Some(cells)
}
