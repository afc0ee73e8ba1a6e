//! A bordered box, drawn cell for cell as ratatui's `Block` with
//! `Borders::ALL`, plain borders and left- or right-aligned titles, but
//! without restyling every cell inside it first (which `Block` does even
//! when its style is empty: a fifth of a frame for the three panes).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, TitlePosition, Widget};

pub struct Panel<'a> {
    border: Style,
    titles: Vec<(TitlePosition, Line<'a>)>,
}

impl<'a> Panel<'a> {
    pub fn new(border: Style) -> Self {
        Panel {
            border,
            titles: Vec::new(),
        }
    }

    /// A title on the top border; right-aligned if the line is.
    pub fn title(mut self, line: impl Into<Line<'a>>) -> Self {
        self.titles.push((TitlePosition::Top, line.into()));
        self
    }

    /// A title on the bottom border.
    pub fn title_bottom(mut self, line: impl Into<Line<'a>>) -> Self {
        self.titles.push((TitlePosition::Bottom, line.into()));
        self
    }

    /// The inside of the border, exactly as `Block::bordered().inner`.
    pub fn inner(&self, area: Rect) -> Rect {
        Block::bordered().inner(area)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let right = area.right().saturating_sub(1);
        let bottom = area.bottom().saturating_sub(1);
        // Sides, then corners, in Block's order (it matters on 1-cell sides).
        for y in top..=bottom {
            buf[(left, y)].set_symbol("│").set_style(self.border);
        }
        for x in left..=right {
            buf[(x, top)].set_symbol("─").set_style(self.border);
        }
        for y in top..=bottom {
            buf[(right, y)].set_symbol("│").set_style(self.border);
        }
        for x in left..=right {
            buf[(x, bottom)].set_symbol("─").set_style(self.border);
        }
        for (x, y, s) in [
            (right, bottom, "┘"),
            (right, top, "┐"),
            (left, bottom, "└"),
            (left, top, "┌"),
        ] {
            buf[(x, y)].set_symbol(s).set_style(self.border);
        }
        for position in [TitlePosition::Top, TitlePosition::Bottom] {
            self.left_titles(position, area, buf);
            self.right_titles(position, area, buf);
        }
    }

    fn titles(
        &self,
        position: TitlePosition,
        right: bool,
    ) -> impl DoubleEndedIterator<Item = &Line<'a>> {
        self.titles
            .iter()
            .filter(move |(p, l)| {
                *p == position && (l.alignment == Some(Alignment::Right)) == right
            })
            .map(|(_, l)| l)
    }

    fn titles_area(area: Rect, position: TitlePosition) -> Rect {
        Rect {
            x: area.left().saturating_add(1),
            y: match position {
                TitlePosition::Top => area.top(),
                TitlePosition::Bottom => area.bottom().saturating_sub(1),
            },
            width: area.width.saturating_sub(2),
            height: 1,
        }
    }

    fn width(line: &Line) -> u16 {
        line.width().min(u16::MAX as usize) as u16
    }

    fn left_titles(&self, position: TitlePosition, area: Rect, buf: &mut Buffer) {
        let mut titles_area = Self::titles_area(area, position);
        for title in self.titles(position, false) {
            if titles_area.is_empty() {
                break;
            }
            let w = Self::width(title);
            let title_area = Rect {
                width: w.min(titles_area.width),
                ..titles_area
            };
            title.render(title_area, buf);
            let advance = w.saturating_add(1);
            titles_area.x = titles_area.x.saturating_add(advance);
            titles_area.width = titles_area.width.saturating_sub(advance);
        }
    }

    fn right_titles(&self, position: TitlePosition, area: Rect, buf: &mut Buffer) {
        let mut titles_area = Self::titles_area(area, position);
        for title in self.titles(position, true).rev() {
            if titles_area.is_empty() {
                break;
            }
            let w = Self::width(title);
            let title_area = Rect {
                x: titles_area
                    .right()
                    .saturating_sub(w)
                    .max(titles_area.left()),
                width: w.min(titles_area.width),
                ..titles_area
            };
            title.render(title_area, buf);
            titles_area.width = titles_area.width.saturating_sub(w).saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::Borders;

    /// The same cells as ratatui's Block, for every size from empty up and
    /// titles that fit, are cut, or collide.
    #[test]
    fn draws_what_block_draws() {
        let border = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let titles = [
            (
                false,
                Line::styled(" Article 1/5 · A title ", Style::new().fg(Color::Yellow)),
            ),
            (false, Line::raw(" second ")),
            (false, Line::raw(" src ").right_aligned()),
            (true, Line::raw(" 34% · passage 4/14 · ? help ")),
            (
                true,
                Line::styled(" status ", Style::new().fg(Color::Red)).right_aligned(),
            ),
            (true, Line::raw(" more ").right_aligned()),
        ];
        for w in 0..40u16 {
            for h in 0..5u16 {
                for n in [0, 1, 3, titles.len()] {
                    let area = Rect::new(1, 1, w, h);
                    let mut a = Buffer::empty(Rect::new(0, 0, 42, 7));
                    let mut b = a.clone();
                    let mut block = Block::default().borders(Borders::ALL).border_style(border);
                    let mut panel = Panel::new(border);
                    for (bottom, l) in titles.iter().take(n) {
                        if *bottom {
                            block = block.title_bottom(l.clone());
                            panel = panel.title_bottom(l.clone());
                        } else {
                            block = block.title(l.clone());
                            panel = panel.title(l.clone());
                        }
                    }
                    assert_eq!(block.inner(area), panel.inner(area));
                    block.render(area, &mut a);
                    panel.render(area, &mut b);
                    assert_eq!(a, b, "{w}×{h}, {n} titles");
                }
            }
        }
    }
}
