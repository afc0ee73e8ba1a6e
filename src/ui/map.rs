//! The map: the world's coastlines from the canvas's own `Map`, drawn once
//! per pane size and framing and kept, then the markers and labels of a
//! [`Scene`] on top. Focus and context differ in glyph and weight, not only
//! colour, so the map reads the same under `NO_COLOR`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};

use super::Surface;
use ratatui::text::Line;

use super::Theme;
use super::panel::Panel;
use super::theme::MapRole;
use crate::geo::Extent;
use crate::geo::frame::{MIN_COLS, MIN_ROWS};
use crate::geo::labels::Mark;
use crate::geo::{Framing, Role, Scene};
use crate::reader::{Pane, Reader};

thread_local! {
    /// The coastline of the last frame, kept on the drawing side so that
    /// drawing reads the reader's state without changing it.
    static CACHE: std::cell::RefCell<MapCache> = std::cell::RefCell::new(MapCache::default());
}

/// The map pane, in the timeline's place: the places of the focus passage,
/// the selection, the selected event and the rest of the article (or the
/// corpus, zoomed out).
pub fn pane(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let focused = r.pane == Pane::Timeline && r.overlay.is_none();
    let title = match r.map_extent {
        Extent::Article => " Map ",
        Extent::Corpus => " Map: all places ",
    };
    let block = Panel::new(t.border(focused)).title(Line::styled(title, t.title()));
    let inner = block.inner(area);
    block.render(area, f.buffer_mut());
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let (framing, places, scene) = r.map_layout(inner.width, inner.height);
    let cursor = r.map_cursor_mark(&places, &scene);
    let buf = f.buffer_mut();
    let view = MapView {
        scene: &scene,
        framing: &framing,
        cursor,
        theme: t,
    };
    CACHE.with(|c| view.render(inner, buf, &mut c.borrow_mut()));
    if scene.marks.is_empty() {
        let msg = crate::text::truncate(" no place to show ", usize::from(inner.width));
        buf.set_string(inner.x, inner.y, msg, t.dim());
    }
}

/// The first braille character (no dots); the dots are its low 8 bits.
const BRAILLE: u32 = 0x2800;

/// The coastline of one pane size and framing, as the braille dots of each
/// cell (0 where there is no coast), so a frame that does not move the map
/// costs a copy rather than a projection of thousands of points.
#[derive(Debug, Default)]
pub struct MapCache {
    key: Option<(u16, u16, [u64; 4])>,
    dots: Vec<u8>,
}

impl MapCache {
    /// The coastline dots for a pane of `cols`×`rows` showing `framing`.
    pub fn coastline(&mut self, framing: &Framing, cols: u16, rows: u16) -> &[u8] {
        let key = (cols, rows, framing.key());
        if self.key != Some(key) {
            self.dots = project(framing, cols, rows);
            self.key = Some(key);
        }
        &self.dots
    }
}

/// Draws the canvas's world map into a scratch buffer and reads back the
/// dots. A window running past 180° east is drawn a second time a turn to
/// the west and the two merged dot by dot, so the coast east of the
/// antimeridian shows.
fn project(framing: &Framing, cols: u16, rows: u16) -> Vec<u8> {
    let area = Rect::new(0, 0, cols, rows);
    let mut dots = vec![0u8; usize::from(cols) * usize::from(rows)];
    let east = framing.west + framing.lon_span;
    let mut turns = vec![0.0];
    if east > 180.0 {
        turns.push(-360.0);
    }
    for shift in turns {
        let mut scratch = Buffer::empty(area);
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([framing.west + shift, east + shift])
            .y_bounds([framing.south, framing.north()])
            .paint(|ctx| {
                ctx.draw(&Map {
                    color: Color::Reset,
                    resolution: MapResolution::High,
                });
            })
            .render(area, &mut scratch);
        for (d, cell) in dots.iter_mut().zip(scratch.content()) {
            let bits = cell
                .symbol()
                .chars()
                .next()
                .map_or(0, |ch| u32::from(ch).wrapping_sub(BRAILLE));
            if let Ok(b) = u8::try_from(bits) {
                *d |= b;
            }
        }
    }
    dots
}

/// What the widget draws: the scene's markers and labels over the
/// coastline of `framing`, with `cursor` the marker the keyboard is on.
pub struct MapView<'a> {
    pub scene: &'a Scene,
    pub framing: &'a Framing,
    pub cursor: Option<usize>,
    pub theme: &'a Theme,
}

impl MapView<'_> {
    pub fn render(&self, area: Rect, buf: &mut Buffer, cache: &mut MapCache) {
        let t = self.theme;
        if area.width < MIN_COLS || area.height < MIN_ROWS {
            let msg = crate::text::truncate("map: too small", usize::from(area.width));
            buf.set_string(area.x, area.y, msg, t.dim());
            return;
        }
        let coast = t.dim();
        let dots = cache.coastline(self.framing, area.width, area.height);
        for (i, &d) in dots.iter().enumerate() {
            if d == 0 {
                continue;
            }
            let Some(ch) = char::from_u32(BRAILLE + u32::from(d)) else {
                continue;
            };
            // In range: the cache holds one entry per cell of this area.
            #[allow(clippy::cast_possible_truncation)]
            let (x, y) = (
                (i % usize::from(area.width)) as u16,
                (i / usize::from(area.width)) as u16,
            );
            buf[(area.x + x, area.y + y)].set_char(ch).set_style(coast);
        }
        // A scene laid out for another size than the area (a resize between
        // layout and drawing) draws only what falls inside.
        let inside = |col: u16, row: u16| col < area.width && row < area.height;
        for l in &self.scene.labels {
            let Some(m) = self.scene.marks.get(l.mark) else {
                continue;
            };
            if !inside(l.col, l.row) {
                continue;
            }
            let mut style = label_style(t, m);
            if self.cursor == Some(l.mark) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            // A blank either side, so the word does not run into the coast.
            for x in [l.col.checked_sub(1), l.col.checked_add(l.width())]
                .into_iter()
                .flatten()
                .filter(|&x| x < area.width)
            {
                buf[(area.x + x, area.y + l.row)].reset();
            }
            buf.set_stringn(
                area.x + l.col,
                area.y + l.row,
                &l.text,
                usize::from(area.width - l.col),
                style,
            );
        }
        for (k, m) in self.scene.marks.iter().enumerate() {
            if !inside(m.col, m.row) {
                continue;
            }
            let (glyph, mut style) = marker(t, m);
            if self.cursor == Some(k) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            buf[(area.x + m.col, area.y + m.row)]
                .set_char(glyph)
                .set_style(style);
        }
    }
}

/// A marker's glyph and style: the shape tells the role without colour.
pub fn marker(t: &Theme, m: &Mark) -> (char, Style) {
    let (glyph, role, weight) = match m.role {
        Role::Focus => ('◆', MapRole::Focus, Modifier::BOLD),
        Role::Selected => ('◉', MapRole::Selected, Modifier::BOLD),
        Role::Event => ('▲', MapRole::Event, Modifier::BOLD),
        Role::Context => ('•', MapRole::Place, Modifier::DIM),
    };
    let glyph = if m.selected { '◉' } else { glyph };
    let style = match t.map_colour(role) {
        Some(color) => Style::new().fg(color).add_modifier(weight),
        None => Style::new().add_modifier(weight),
    };
    (glyph, style)
}

fn label_style(t: &Theme, m: &Mark) -> Style {
    let (_, style) = marker(t, m);
    if m.selected {
        style.add_modifier(Modifier::UNDERLINED)
    } else {
        style
    }
}
