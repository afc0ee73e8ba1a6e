//! The window of the world a pane shows: fitted around the places with a
//! margin, across the antimeridian when the places lie on both sides of it,
//! and shaped to the pane so that the map is not stretched.

use super::LatLon;

/// The smallest pane that shows a map; smaller panes show a notice.
pub const MIN_COLS: u16 = 12;
pub const MIN_ROWS: u16 = 5;

/// The narrowest window, in degrees of latitude: one town alone is shown
/// with its region around it, not a blur of coastline.
const MIN_LAT_SPAN: f64 = 6.0;
/// How far past an edge, as a share of the window, still counts as on it.
const EDGE: f64 = 1e-9;
/// Room around the places, as a share of their own extent on each side.
const PAD: f64 = 0.15;
/// Room around the places in cells on each side, so a marker never sits on
/// the pane's edge and a label fits beside it.
const PAD_CELLS: f64 = 1.0;

/// A window in plate carrée: `lon_span` degrees east from `west` (which may
/// run past 180 into the next turn of the globe), `lat_span` north from
/// `south`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    pub west: f64,
    pub lon_span: f64,
    pub south: f64,
    pub lat_span: f64,
}

impl Framing {
    pub const WORLD: Framing = Framing {
        west: -180.0,
        lon_span: 360.0,
        south: -90.0,
        lat_span: 180.0,
    };

    /// The window that shows every point with room around it, shaped to a
    /// pane of `cols`×`rows` cells. No points: the whole world.
    pub fn fit(points: &[LatLon], cols: u16, rows: u16) -> Framing {
        let Some((west, lon_extent)) = lon_cover(points) else {
            return Framing::WORLD;
        };
        let south = points.iter().map(|p| p.lat).fold(f64::INFINITY, f64::min);
        let north = points
            .iter()
            .map(|p| p.lat)
            .fold(f64::NEG_INFINITY, f64::max);
        let lat_mid = (south + north) / 2.0;
        let lon_mid = west + lon_extent / 2.0;
        // East–west distances shrink with latitude; widening the window by
        // 1/cos keeps the places' true proportions. Capped, or a pole would
        // ask for an infinitely wide window.
        let k = lat_mid.to_radians().cos().max(0.25);

        let mut lat_span = ((north - south) * (1.0 + 2.0 * PAD)).max(MIN_LAT_SPAN);
        let mut lon_span = (lon_extent * (1.0 + 2.0 * PAD)).max(MIN_LAT_SPAN / k);
        let (c, r) = (f64::from(cols.max(1)), f64::from(rows.max(1)));
        lon_span /= (1.0 - 2.0 * PAD_CELLS / c).max(0.5);
        lat_span /= (1.0 - 2.0 * PAD_CELLS / r).max(0.5);

        // Braille dots are square: 2 across and 4 down in a cell twice as
        // tall as it is wide. Widen whichever side is short.
        let per_dot_x = lon_span * k / (2.0 * c);
        let per_dot_y = lat_span / (4.0 * r);
        if per_dot_x > per_dot_y {
            lat_span = per_dot_x * 4.0 * r;
        } else {
            lon_span = per_dot_y * 2.0 * c / k;
        }
        let lon_span = lon_span.min(360.0);
        let lat_span = lat_span.min(180.0);
        let west = normalize(lon_mid - lon_span / 2.0);
        let south = (lat_mid - lat_span / 2.0).clamp(-90.0, 90.0 - lat_span);
        Framing {
            west,
            lon_span,
            south,
            lat_span,
        }
    }

    pub fn north(&self) -> f64 {
        self.south + self.lat_span
    }

    /// Where a point lies in the window, from 0 to 1 across (west to east)
    /// and down (north to south); outside that range, off the window.
    pub fn frac(&self, p: LatLon) -> (f64, f64) {
        let x = (p.lon - self.west).rem_euclid(360.0) / self.lon_span;
        let y = (self.north() - p.lat) / self.lat_span;
        (x, y)
    }

    /// Inside, allowing for rounding: a place on the window's edge (a
    /// pole, with the window clamped to it) is in.
    pub fn contains(&self, p: LatLon) -> bool {
        let (x, y) = self.frac(p);
        let inside = |v: f64| (-EDGE..=1.0 + EDGE).contains(&v);
        inside(x) && inside(y)
    }

    /// The cell of a pane of `cols`×`rows` a point falls in, rounded as the
    /// canvas rounds its braille dots, so a marker sits on its coastline.
    pub fn cell(&self, p: LatLon, cols: u16, rows: u16) -> Option<(u16, u16)> {
        if !self.contains(p) || cols == 0 || rows == 0 {
            return None;
        }
        let (x, y) = self.frac(p);
        let (x, y) = (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0));
        let dx = (x * (f64::from(cols) * 2.0 - 1.0)).round();
        let dy = (y * (f64::from(rows) * 4.0 - 1.0)).round();
        // In range by the checks above: x, y within 0..=1 give dots within the grid.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (col, row) = ((dx as u32 / 2) as u16, (dy as u32 / 4) as u16);
        Some((col.min(cols - 1), row.min(rows - 1)))
    }

    /// A key that tells two windows apart exactly, for caching what was
    /// drawn for one.
    pub fn key(&self) -> [u64; 4] {
        [
            self.west.to_bits(),
            self.lon_span.to_bits(),
            self.south.to_bits(),
            self.lat_span.to_bits(),
        ]
    }
}

/// Into [-180, 180).
fn normalize(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// The shortest arc of longitude holding every point: its western end and
/// its extent. The arc is the circle less its widest gap, so places on both
/// sides of the antimeridian are joined across it rather than around the
/// world the other way.
fn lon_cover(points: &[LatLon]) -> Option<(f64, f64)> {
    let mut lons: Vec<f64> = points.iter().map(|p| normalize(p.lon)).collect();
    lons.sort_by(f64::total_cmp);
    let (&first, &last) = (lons.first()?, lons.last()?);
    // The gap that wraps round, from the easternmost back to the westernmost.
    let mut gap = first + 360.0 - last;
    let mut west = first;
    for w in lons.windows(2) {
        if w[1] - w[0] > gap {
            gap = w[1] - w[0];
            west = w[1];
        }
    }
    Some((west, 360.0 - gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    #[test]
    fn places_across_the_antimeridian_are_joined_across_it() {
        let pts = [p(64.7, 177.5), p(65.6, -168.1)];
        let f = Framing::fit(&pts, 60, 20);
        assert!(f.lon_span < 90.0, "{f:?}");
        assert!(pts.iter().all(|&q| f.contains(q)));
        assert!(f.west > 90.0, "the window starts west of the line: {f:?}");
    }

    #[test]
    fn one_place_gets_its_region() {
        let f = Framing::fit(&[p(44.35, 9.23)], 40, 12);
        assert!(f.lat_span >= MIN_LAT_SPAN);
        let (x, y) = f.frac(p(44.35, 9.23));
        assert!((x - 0.5).abs() < 1e-9 && (y - 0.5).abs() < 1e-9);
    }
}
