//! Markers and labels on a pane: one marker per cell (the most important
//! place wins it), labels beside their markers that never overlap another
//! label or marker, placed by priority: when room runs short the lower
//! roles lose their labels first, shortened before they are dropped.

use unicode_width::UnicodeWidthStr;

use super::{Framing, Place, Role};
use crate::text::truncate;

/// A marker: the places that fall in one cell, the most important first.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub col: u16,
    pub row: u16,
    /// The role of the first place (the highest of the cell).
    pub role: Role,
    /// Whether the selected entity is among the places.
    pub selected: bool,
    /// Indices into the places the scene was built from.
    pub places: Vec<usize>,
}

/// A label: text on one row, starting at `col`, for the marker `mark`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub mark: usize,
    pub col: u16,
    pub row: u16,
    pub text: String,
}

impl Label {
    pub fn width(&self) -> u16 {
        u16::try_from(self.text.width()).unwrap_or(u16::MAX)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

/// Where everything goes on a pane of `cols`×`rows`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub cols: u16,
    pub rows: u16,
    /// Most important first.
    pub marks: Vec<Mark>,
    pub labels: Vec<Label>,
}

#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Free,
    Mark(usize),
    Label,
}

impl Scene {
    /// Lays out `places` in `framing` on a pane. `selected` is the entity
    /// index of the selection, if any.
    pub fn new(
        places: &[Place],
        framing: &Framing,
        cols: u16,
        rows: u16,
        selected: Option<crate::corpus::EntityIdx>,
    ) -> Scene {
        let mut order: Vec<usize> = (0..places.len()).collect();
        order.sort_by_key(|&i| places[i].role);
        let mut marks: Vec<Mark> = Vec::new();
        for i in order {
            let p = &places[i];
            let Some((col, row)) = framing.cell(p.at, cols, rows) else {
                continue;
            };
            let is_selected = selected == Some(p.id);
            match marks.iter_mut().find(|m| (m.col, m.row) == (col, row)) {
                Some(m) => {
                    if !m.places.iter().any(|&j| places[j].id == p.id) {
                        m.places.push(i);
                    }
                    m.selected |= is_selected;
                }
                None => marks.push(Mark {
                    col,
                    row,
                    role: p.role,
                    selected: is_selected,
                    places: vec![i],
                }),
            }
        }
        let mut grid = vec![Cell::Free; usize::from(cols) * usize::from(rows)];
        for (k, m) in marks.iter().enumerate() {
            grid[usize::from(m.row) * usize::from(cols) + usize::from(m.col)] = Cell::Mark(k);
        }
        let mut scene = Scene {
            cols,
            rows,
            marks,
            labels: Vec::new(),
        };
        // Tier by tier: a lower tier is labelled only when every label of
        // the tiers above it found room, so a context label never takes the
        // place of a focus label.
        for tier in [Role::Focus, Role::Selected, Role::Event, Role::Context] {
            let mut all = true;
            for k in 0..scene.marks.len() {
                if scene.marks[k].role != tier {
                    continue;
                }
                let names: Vec<&str> = scene.marks[k]
                    .places
                    .iter()
                    .map(|&i| places[i].label.as_str())
                    .collect();
                match scene.place_label(k, &names, &mut grid) {
                    Some(l) => scene.labels.push(l),
                    None => all = false,
                }
            }
            if !all {
                break;
            }
        }
        scene
    }

    fn place_label(&self, k: usize, names: &[&str], grid: &mut [Cell]) -> Option<Label> {
        let m = &self.marks[k];
        for text in candidates(names) {
            let n = u16::try_from(text.width()).ok()?;
            if n == 0 || n > self.cols {
                continue;
            }
            let (c, r) = (i32::from(m.col), i32::from(m.row));
            let n32 = i32::from(n);
            let spots = [
                (c + 2, r),
                (c - 1 - n32, r),
                (c, r - 1),
                (c, r + 1),
                (c + 1 - n32, r - 1),
                (c + 1 - n32, r + 1),
            ];
            for (col, row) in spots {
                if self.fits(k, col, row, n32, grid) {
                    // In range: `fits` checked both against the pane.
                    let (col, row) = (col as u16, row as u16);
                    for x in col..col + n {
                        grid[self.at(x, row)] = Cell::Label;
                    }
                    return Some(Label {
                        mark: k,
                        col,
                        row,
                        text,
                    });
                }
            }
        }
        None
    }

    fn at(&self, col: u16, row: u16) -> usize {
        usize::from(row) * usize::from(self.cols) + usize::from(col)
    }

    /// Whether `n` cells from `col` on `row` are free, inside the pane, and
    /// have no other label or other marker right beside them (a label must
    /// read as a word, not run into its neighbour).
    fn fits(&self, k: usize, col: i32, row: i32, n: i32, grid: &[Cell]) -> bool {
        if col < 0 || row < 0 || col + n > i32::from(self.cols) || row >= i32::from(self.rows) {
            return false;
        }
        let get = |x: i32| -> Option<Cell> {
            if x < 0 || x >= i32::from(self.cols) {
                return None;
            }
            // In range: checked just above and against the pane's rows.
            #[allow(clippy::cast_sign_loss)]
            Some(grid[row as usize * usize::from(self.cols) + x as usize])
        };
        let inside = (col..col + n).all(|x| get(x) == Some(Cell::Free));
        let beside = [col - 1, col + n]
            .into_iter()
            .all(|x| matches!(get(x), None | Some(Cell::Free)) || get(x) == Some(Cell::Mark(k)));
        inside && beside
    }

    /// The marker at a cell, or whose label covers it.
    pub fn hit(&self, col: u16, row: u16) -> Option<usize> {
        if let Some(k) = self.marks.iter().position(|m| (m.col, m.row) == (col, row)) {
            return Some(k);
        }
        self.labels
            .iter()
            .find(|l| l.row == row && (l.col..l.col.saturating_add(l.width())).contains(&col))
            .map(|l| l.mark)
    }

    /// The nearest marker from marker `from` in a direction: within 45° of
    /// it (so the four arrows between them reach every other marker), the
    /// one with the least distance, sideways distance counting double so
    /// that "right" means mostly right.
    pub fn nearest(&self, from: usize, dir: Direction) -> Option<usize> {
        let here = self.marks.get(from)?;
        let (c, r) = (i32::from(here.col), i32::from(here.row));
        self.marks
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != from)
            .filter_map(|(k, m)| {
                // Rows count double: a cell is twice as tall as it is wide.
                let dx = i32::from(m.col) - c;
                let dy = (i32::from(m.row) - r) * 2;
                let (ahead, aside) = match dir {
                    Direction::Right => (dx, dy),
                    Direction::Left => (-dx, dy),
                    Direction::Down => (dy, dx),
                    Direction::Up => (-dy, dx),
                };
                (ahead > 0 && aside.abs() <= ahead).then_some((ahead + 2 * aside.abs(), k))
            })
            .min()
            .map(|(_, k)| k)
    }
}

/// The texts to try for a marker's label, longest first: every name, the
/// first with a count of the others, then the first cut shorter down to two
/// characters and an ellipsis.
fn candidates(names: &[&str]) -> Vec<String> {
    let Some(&first) = names.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if names.len() > 1 {
        out.push(names.join(", "));
        out.push(format!("{first} +{}", names.len() - 1));
    }
    out.push(first.to_owned());
    let w = first.width();
    for cut in (3..w).rev() {
        out.push(truncate(first, cut));
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LatLon;

    #[test]
    fn a_name_is_shortened_before_it_is_dropped() {
        let c = candidates(&["Saratov", "Volsk"]);
        assert_eq!(c[0], "Saratov, Volsk");
        assert_eq!(c[1], "Saratov +1");
        assert_eq!(c[2], "Saratov");
        assert!(c.last().is_some_and(|s| s.ends_with('…')));
    }

    #[test]
    fn arrows_move_to_the_nearest_place_that_way() {
        let f = Framing {
            west: 0.0,
            lon_span: 40.0,
            south: 0.0,
            lat_span: 40.0,
        };
        let at = |lat, lon, id| Place {
            at: LatLon { lat, lon },
            label: format!("p{id}"),
            role: Role::Context,
            id: crate::corpus::EntityIdx(id),
        };
        let places = [
            at(20.0, 20.0, 0),
            at(20.0, 30.0, 1),
            at(21.0, 25.0, 2),
            at(35.0, 20.0, 3),
        ];
        let s = Scene::new(&places, &f, 40, 20, None);
        let mark_of = |id: usize| {
            s.marks
                .iter()
                .position(|m| places[m.places[0]].id.index() == id)
                .unwrap()
        };
        assert_eq!(s.nearest(mark_of(0), Direction::Right), Some(mark_of(2)));
        assert_eq!(s.nearest(mark_of(2), Direction::Right), Some(mark_of(1)));
        assert_eq!(s.nearest(mark_of(0), Direction::Up), Some(mark_of(3)));
        assert_eq!(s.nearest(mark_of(0), Direction::Left), None);
    }
}
