//! The comparison of sources on one event, laid out as a page of rows: every
//! passage describing the event (side by side, one column per article, when
//! the columns get room; else one after another), then the disputes, each
//! claim under its question. Everything wraps; nothing is cut. The page
//! scrolls, and its items (the passages, then every claim) are what the
//! selection moves over and Enter goes to.
//!
//! Laid out here, not where it is drawn, so the state keeps the selection
//! in sight and drawing shows exactly what the state measured.

use std::ops::Range;

use crate::corpus::{Corpus, EventIdx, PassageLoc};
use crate::wrap::wrap_uncounted as wrap;

/// How a piece of the page is drawn; the drawing maps these to styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Title,
    Dim,
    /// A disputed point: ⚑ and its question or answer.
    Flag,
    Plain,
}

/// A piece of a row: text from column `x` of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub x: usize,
    pub text: String,
    pub ink: Ink,
    /// The item this piece names, drawn as selected when that item is.
    pub item: Option<usize>,
}

/// Something the selection can be on: a passage, or a claim about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub loc: PassageLoc,
    /// The rows that show it, with what must be read with it (a claim's
    /// question and note, for the first claim under it).
    pub rows: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Vec<Seg>>,
    pub items: Vec<Item>,
    pub side_by_side: bool,
}

/// Columns at least, for passages to go side by side.
const MIN_COL: usize = 34;

/// The page's text width and height for a terminal of `size`: the whole
/// screen, inside a border and a column of margin either side.
pub fn page_size(size: (u16, u16)) -> (usize, usize) {
    (
        usize::from(size.0).saturating_sub(4),
        usize::from(size.1).saturating_sub(2),
    )
}

/// `text` wrapped to `width`, the first line after `first`, the others
/// after as many spaces.
fn hang(text: &str, first: &str, width: usize) -> Vec<String> {
    let indent = crate::wrap::width(first);
    let w = width.saturating_sub(indent).max(1);
    let lines = wrap(text, w);
    if lines.is_empty() {
        return vec![first.to_owned()];
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            if i == 0 {
                format!("{first}{}", &text[r])
            } else {
                format!("{}{}", " ".repeat(indent), &text[r])
            }
        })
        .collect()
}

/// A column of lines before it is put on the page.
type Col = Vec<(String, Ink, Option<usize>)>;

fn push(col: &mut Col, lines: Vec<String>, ink: Ink, item: Option<usize>) {
    col.extend(lines.into_iter().map(|l| (l, ink, item)));
}

pub fn layout(c: &Corpus, event: EventIdx, width: usize, height: usize) -> Page {
    let mut page = Page::default();
    let Some(ev) = c.event(event) else {
        return page;
    };
    let width = width.max(1);
    let locs = &ev.passages;
    let reuse = c.reuse();
    // What the passage's header says under its name: its answers to the
    // disputes, and whether it copies another passage of the comparison.
    let notes = |col: &mut Col, loc: PassageLoc, w: usize| {
        for d in &ev.disputes {
            for k in d.claims.iter().filter(|k| k.loc == loc) {
                let s = format!("{} — {}", d.topic, k.says);
                push(col, hang(&s, "⚑ ", w), Ink::Flag, None);
            }
        }
        for other in reuse.partners(loc) {
            if locs.contains(&other) {
                let s = format!(
                    "not independent: shares text with {} §{}",
                    c.articles[other.article].title,
                    other.passage + 1
                );
                push(col, hang(&s, "≡ ", w), Ink::Dim, None);
            }
        }
    };
    let body = |col: &mut Col, loc: PassageLoc, w: usize| {
        let text = &c.articles[loc.article].passages[loc.passage].text;
        let lines = wrap(text, w.max(1))
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect();
        push(col, lines, Ink::Plain, None);
    };

    let mut articles: Vec<_> = locs.iter().map(|l| l.article).collect();
    articles.dedup();
    let n = articles.len();
    let mut item_rows: Vec<Range<usize>> = vec![0..0; locs.len()];
    if n > 1 && n * (MIN_COL + 1) <= width + 1 && height >= 16 {
        page.side_by_side = true;
        let col_w = (width + 1) / n - 1;
        let mut cols: Vec<Col> = Vec::new();
        for &a in &articles {
            let art = &c.articles[a];
            let mut col = Col::new();
            push(&mut col, hang(&art.title, "", col_w), Ink::Title, None);
            push(&mut col, hang(&art.source, "", col_w), Ink::Dim, None);
            for (i, &loc) in locs.iter().enumerate().filter(|(_, l)| l.article == a) {
                col.push((String::new(), Ink::Plain, None));
                let start = col.len();
                push(
                    &mut col,
                    vec![format!("§{}", loc.passage + 1)],
                    Ink::Dim,
                    Some(i),
                );
                notes(&mut col, loc, col_w);
                body(&mut col, loc, col_w);
                item_rows[i] = start..col.len();
            }
            cols.push(col);
        }
        let tallest = cols.iter().map(Vec::len).max().unwrap_or(0);
        page.rows = (0..tallest)
            .map(|y| {
                cols.iter()
                    .enumerate()
                    .filter_map(|(ci, col)| {
                        let (text, ink, item) = col.get(y)?.clone();
                        Some(Seg {
                            x: ci * (col_w + 1),
                            text,
                            ink,
                            item,
                        })
                    })
                    .collect()
            })
            .collect();
    } else {
        let mut col = Col::new();
        for (i, &loc) in locs.iter().enumerate() {
            let start = col.len();
            let a = &c.articles[loc.article];
            let name = format!("{} §{}", a.title, loc.passage + 1);
            push(&mut col, hang(&name, "", width), Ink::Title, Some(i));
            push(&mut col, hang(&a.source, "", width), Ink::Dim, None);
            notes(&mut col, loc, width);
            body(&mut col, loc, width);
            item_rows[i] = start..col.len();
            col.push((String::new(), Ink::Plain, None));
        }
        page.rows = col
            .into_iter()
            .map(|(text, ink, item)| {
                vec![Seg {
                    x: 0,
                    text,
                    ink,
                    item,
                }]
            })
            .collect();
    }
    for (i, &loc) in locs.iter().enumerate() {
        page.items.push(Item {
            loc,
            rows: item_rows[i].clone(),
        });
    }

    // The disputes, across the whole width.
    let mut col = Col::new();
    if page.side_by_side {
        col.push((String::new(), Ink::Plain, None));
    }
    if ev.disputes.is_empty() {
        push(
            &mut col,
            hang(
                "No disagreement between the sources is recorded for this event.",
                "",
                width,
            ),
            Ink::Dim,
            None,
        );
    } else {
        let s = format!("Where the sources disagree ({})", ev.disputes.len());
        push(&mut col, hang(&s, "", width), Ink::Title, None);
    }
    let base = page.rows.len();
    for d in &ev.disputes {
        let question = col.len();
        push(&mut col, hang(&d.topic, "⚑ ", width), Ink::Flag, None);
        push(&mut col, hang(&d.note, "  ", width), Ink::Dim, None);
        for (k, claim) in d.claims.iter().enumerate() {
            let a = &c.articles[claim.loc.article];
            // Claims resting on text another claim's passage shares.
            let partners = reuse.partners(claim.loc);
            let copied = d.claims.iter().any(|o| partners.contains(&o.loc));
            let s = format!(
                "{} §{}: {}{}",
                a.title,
                claim.loc.passage + 1,
                claim.says,
                if copied { "  ≡ not independent" } else { "" }
            );
            let item = page.items.len();
            let start = if k == 0 { question } else { col.len() };
            push(&mut col, hang(&s, "  • ", width), Ink::Plain, Some(item));
            page.items.push(Item {
                loc: claim.loc,
                rows: base + start..base + col.len(),
            });
        }
    }
    page.rows.extend(col.into_iter().map(|(text, ink, item)| {
        vec![Seg {
            x: 0,
            text,
            ink,
            item,
        }]
    }));
    page
}

/// The offset that shows all of `rows` in a view of `height`, moving as
/// little as it can; a block taller than the view shows its start.
pub fn show(offset: usize, rows: &Range<usize>, height: usize, total: usize) -> usize {
    let height = height.max(1);
    let mut off = offset;
    if rows.end > off + height {
        off = rows.end - height;
    }
    if rows.start < off {
        off = rows.start;
    }
    off.min(total.saturating_sub(height))
}

/// The offset kept after a resize: in range, and still on the selected
/// item if it was (a long passage may be read part by part).
pub fn keep(offset: usize, rows: &Range<usize>, height: usize, total: usize) -> usize {
    let height = height.max(1);
    let off = offset.min(total.saturating_sub(height));
    if rows.start < off + height && off < rows.end {
        off
    } else {
        show(off, rows, height, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_brings_a_block_into_view() {
        for total in 0..30 {
            for h in 1..12 {
                for start in 0..total {
                    for end in start + 1..=total {
                        for off in 0..total {
                            let o = show(off, &(start..end), h, total);
                            assert!(o <= start && start < o + h, "{off} {start}..{end} {h}");
                            if end - start <= h {
                                assert!(o <= start && end <= o + h);
                            }
                            assert!(o <= total.saturating_sub(h));
                        }
                    }
                }
            }
        }
    }
}
