//! Where each pane goes for a given terminal size. Pure, so the state (which
//! needs page heights and wrap widths) and the drawing agree exactly.

use ratatui::layout::Rect;

/// Below this width the side panes do not fit beside the document and are
/// shown one at a time over it.
pub const WIDE: u16 = 100;
/// Below this the reader shows only a "too small" line.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Columns taken by the focus/bookmark gutter left of the text.
pub const GUTTER: u16 = 2;
/// The widest the document's lines are set, in columns: lines much longer
/// are hard to follow back to their start. A wider pane centres the text.
pub const MEASURE: u16 = 96;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub area: Rect,
    /// The document pane including its border.
    pub doc: Rect,
    /// The tour bar under the document, when a tour is running.
    pub bar: Option<Rect>,
    pub timeline: Option<Rect>,
    pub entities: Option<Rect>,
    /// Side panes drawn over the document (narrow terminals).
    pub side_overlay: bool,
    pub too_small: bool,
    /// The widest the text is set, in columns; 0: the pane's width.
    pub measure: u16,
}

/// Which side pane a narrow layout shows over the document, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideShown {
    None,
    Timeline,
    Entities,
}

/// How the side panes share the screen, as the configuration sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The side panes' share of the width in percent; None: a third,
    /// between 32 and 56 columns.
    pub share: Option<u16>,
    /// Below this width the side panes go over the document.
    pub overlay_below: u16,
    /// The widest the text is set, in columns; 0: the pane's width.
    pub measure: u16,
}

impl Default for Panes {
    fn default() -> Self {
        Panes {
            share: None,
            overlay_below: WIDE,
            measure: MEASURE,
        }
    }
}

/// Shares the configuration may give the side panes, in percent.
pub const SHARE_RANGE: std::ops::RangeInclusive<u16> = 10..=80;

/// The side panes' width beside the document.
fn side_width(width: u16, panes: &Panes) -> u16 {
    let w = match panes.share {
        None => (width.saturating_mul(34) / 100).clamp(32, 56),
        // Wide enough for a date and a title.
        Some(p) => ((u32::from(width) * u32::from(p) / 100) as u16).max(20),
    };
    // The document keeps 30 columns.
    w.min(width.saturating_sub(30)).max(1)
}

pub fn compute(width: u16, height: u16, side: SideShown, bar_height: u16) -> Screen {
    compute_with(width, height, side, bar_height, &Panes::default())
}

pub fn compute_with(
    width: u16,
    height: u16,
    side: SideShown,
    bar_height: u16,
    panes: &Panes,
) -> Screen {
    let area = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Screen {
            area,
            doc: Rect::new(0, 0, 0, 0),
            bar: None,
            timeline: None,
            entities: None,
            side_overlay: false,
            too_small: true,
            measure: panes.measure,
        };
    }
    let bar_height = bar_height.min(height / 3);
    let (main, bar) = if bar_height > 0 {
        let main = Rect::new(0, 0, width, height.saturating_sub(bar_height));
        let bar = Rect::new(0, main.height, width, bar_height);
        (main, Some(bar))
    } else {
        (area, None)
    };
    if width >= panes.overlay_below.max(MIN_WIDTH) {
        let side_w = side_width(width, panes);
        let doc = Rect::new(0, 0, width.saturating_sub(side_w), main.height);
        let x = doc.width;
        let tl_h = main.height.saturating_mul(55) / 100;
        let timeline = Rect::new(x, 0, side_w, tl_h);
        let entities = Rect::new(x, tl_h, side_w, main.height.saturating_sub(tl_h));
        return Screen {
            area,
            doc,
            bar,
            timeline: Some(timeline),
            entities: Some(entities),
            side_overlay: false,
            too_small: false,
            measure: panes.measure,
        };
    }
    let side_w = (width.saturating_mul(60) / 100).max(40).min(width);
    // The document's bottom border (its position, key hints and the status)
    // stays visible under a pane shown over it.
    let over = Rect::new(
        width.saturating_sub(side_w),
        0,
        side_w,
        main.height.saturating_sub(1),
    );
    let (timeline, entities) = match side {
        SideShown::None => (None, None),
        SideShown::Timeline => (Some(over), None),
        SideShown::Entities => (None, Some(over)),
    };
    Screen {
        area,
        doc: main,
        bar,
        timeline,
        entities,
        side_overlay: side != SideShown::None,
        too_small: false,
        measure: panes.measure,
    }
}

impl Screen {
    /// The text area of the document: inside the border, right of the
    /// gutter, at most the measure wide and centred in the room there is.
    pub fn doc_text(&self) -> Rect {
        let inner = inner(self.doc);
        // One column of margin so text never touches the border.
        let room = inner.width.saturating_sub(GUTTER + 1);
        let width = match self.measure {
            0 => room,
            m => room.min(m),
        };
        let left = (room - width) / 2;
        Rect::new(
            inner.x.saturating_add(GUTTER).saturating_add(left),
            inner.y,
            width,
            inner.height,
        )
    }

    /// The column of the focus gutter: just left of the text, wherever the
    /// measure puts it.
    pub fn doc_gutter(&self) -> u16 {
        self.doc_text().x.saturating_sub(GUTTER)
    }
}

/// The help box at most: wide enough for a key column and a description.
pub const HELP_W: u16 = 76;
pub const HELP_H: u16 = 60;

/// A centred box taking most of the screen, never larger than it.
pub fn centered(area: Rect, max_w: u16, max_h: u16) -> Rect {
    let w = area
        .width
        .saturating_sub(4)
        .min(max_w)
        .max(area.width.min(20));
    let h = area
        .height
        .saturating_sub(2)
        .min(max_h)
        .max(area.height.min(5));
    Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    )
}

/// A bordered block's inside.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_layout_puts_side_panes_right() {
        let s = compute(120, 40, SideShown::None, 0);
        let t = s.timeline.unwrap();
        let e = s.entities.unwrap();
        assert_eq!(s.doc.width + t.width, 120);
        assert_eq!(t.x, e.x);
        assert_eq!(t.height + e.height, 40);
    }

    #[test]
    fn narrow_layout_hides_side_panes_until_asked() {
        let s = compute(80, 24, SideShown::None, 0);
        assert!(s.timeline.is_none() && s.entities.is_none());
        assert_eq!(s.doc.width, 80);
        let s = compute(80, 24, SideShown::Entities, 0);
        assert!(s.entities.is_some() && s.side_overlay);
    }

    #[test]
    fn text_keeps_to_the_measure_and_is_centred() {
        for w in MIN_WIDTH..=400 {
            let s = compute(w, 40, SideShown::None, 0);
            let text = s.doc_text();
            let inner = inner(s.doc);
            assert!(text.width <= MEASURE, "{w}: {}", text.width);
            assert!(
                text.x >= inner.x + GUTTER && text.right() < inner.right(),
                "{w}"
            );
            assert_eq!(s.doc_gutter() + GUTTER, text.x);
            let left = text.x - (inner.x + GUTTER);
            let right = inner.right() - 1 - text.right();
            assert!(left.abs_diff(right) <= 1, "{w}: {left} left, {right} right");
            if inner.width.saturating_sub(GUTTER + 1) <= MEASURE {
                assert_eq!(left, 0, "{w}: a narrow pane is not indented");
            }
        }
        let mut s = compute(300, 40, SideShown::None, 0);
        s.measure = 0;
        assert_eq!(s.doc_text().width, inner(s.doc).width - GUTTER - 1);
    }

    #[test]
    fn a_pane_over_the_document_leaves_its_bottom_border() {
        for (w, h, bar) in [(80, 24, 0), (99, 40, 5), (40, 10, 0), (20, 6, 2)] {
            for side in [SideShown::Timeline, SideShown::Entities] {
                let s = compute(w, h, side, bar);
                let over = s.timeline.or(s.entities).unwrap();
                assert!(over.bottom() < s.doc.bottom(), "{w}x{h} {side:?}: {s:?}");
            }
        }
    }

    #[test]
    fn a_share_gives_the_side_panes_that_much_of_the_width() {
        for share in SHARE_RANGE {
            for width in [100u16, 120, 200, 400] {
                let panes = Panes {
                    share: Some(share),
                    overlay_below: 60,
                    measure: 0,
                };
                let s = compute_with(width, 40, SideShown::None, 0, &panes);
                let t = s.timeline.unwrap();
                assert_eq!(s.doc.width + t.width, width);
                assert!(s.doc.width >= 30, "{share}% of {width}");
                let want = u32::from(width) * u32::from(share) / 100;
                if (20..=u32::from(width) - 30).contains(&want) {
                    assert_eq!(u32::from(t.width), want, "{share}% of {width}");
                }
            }
        }
    }

    #[test]
    fn side_panes_go_over_the_document_below_the_configured_width() {
        for below in [MIN_WIDTH, 60, 100, 150, 400] {
            let panes = Panes {
                share: None,
                overlay_below: below,
                measure: 0,
            };
            for width in (MIN_WIDTH..300).step_by(7) {
                let s = compute_with(width, 30, SideShown::None, 0, &panes);
                assert_eq!(s.timeline.is_none(), width < below, "{width} below {below}");
            }
        }
    }

    #[test]
    fn text_keeps_to_the_configured_measure() {
        for measure in [0, 20, 60, 96, 1000] {
            let panes = Panes {
                measure,
                ..Panes::default()
            };
            for w in (MIN_WIDTH..=300).step_by(3) {
                let s = compute_with(w, 40, SideShown::None, 0, &panes);
                let room = inner(s.doc).width.saturating_sub(GUTTER + 1);
                let want = if measure == 0 {
                    room
                } else {
                    room.min(measure)
                };
                assert_eq!(s.doc_text().width, want, "{w} at {measure}");
            }
        }
    }

    #[test]
    fn tiny_sizes_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (19, 40), (200, 5)] {
            assert!(compute(w, h, SideShown::None, 0).too_small);
        }
    }
}
