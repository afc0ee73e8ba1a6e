//! What the panes show, worked out once after every update: the screen's
//! layout, the sidebar's rows and every list's offset. Drawing reads it and
//! the mouse maps clicks through it, so neither guesses what the other did.

use std::sync::Arc;

use super::{Overlay, Pane, Reader, Target};
use crate::corpus::{EntityIdx, PassageLoc};
use crate::layout::{self, Screen, SideShown, inner};

/// A selection number in the entity sidebar: it counts the rows that can
/// be selected (entities and passages sharing text), not headers, and is
/// neither an entity's index nor a row's position in the pane.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SideSel(pub usize);

/// A row of the entity sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideRow {
    Header(&'static str),
    /// The sidebar's selection number `.0` (what `entity_sel` counts), entity `.1`.
    Entity(SideSel, EntityIdx),
    /// Another passage this one shares text with, and its selection number.
    Shared(SideSel, PassageLoc),
}

/// What a selectable sidebar row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SideItem {
    Entity(EntityIdx),
    Shared(PassageLoc),
}

/// How many lines the help has at a text width. Counted when the help is
/// scrolled, at the one width it is shown at: laying it out at every width
/// up front would cost more than the whole first frame.
#[derive(Clone)]
pub struct HelpLines(Arc<dyn Fn(usize) -> usize + Send + Sync>);

impl HelpLines {
    pub fn new(count: impl Fn(usize) -> usize + Send + Sync + 'static) -> Self {
        HelpLines(Arc::new(count))
    }

    pub fn at(&self, width: usize) -> usize {
        (self.0)(width)
    }
}

impl Default for HelpLines {
    fn default() -> Self {
        HelpLines::new(|_| 0)
    }
}

impl std::fmt::Debug for HelpLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HelpLines")
    }
}

impl PartialEq for HelpLines {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for HelpLines {}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub screen: Option<Screen>,
    pub sidebar: Vec<SideRow>,
    /// The passage `sidebar` was laid out for, and whether the shared text
    /// was known then.
    pub(super) sidebar_key: Option<(PassageLoc, bool)>,
    /// Counts the help text's lines at a text width; given by whoever
    /// draws it (the help wraps to its box).
    pub help_lines: HelpLines,
    /// The first row of the compare view's page.
    pub compare_scroll: usize,
}

impl View {
    /// Rows the help scrolls over at a terminal of `size`: the offset
    /// that shows its last line is the last one.
    pub fn help_scroll_rows(&self, size: (u16, u16)) -> usize {
        let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
        let rect = layout::centered(area, layout::HELP_W, layout::HELP_H);
        let width = usize::from(rect.width.saturating_sub(4));
        let lines = self.help_lines.at(width);
        lines.saturating_sub(usize::from(rect.height.saturating_sub(2))) + 1
    }

    /// The position in the pane of the row with selection number `sel`.
    pub fn sidebar_row_of(&self, sel: SideSel) -> Option<usize> {
        self.sidebar
            .iter()
            .position(|r| matches!(r, SideRow::Entity(j, _) | SideRow::Shared(j, _) if *j == sel))
    }
}

pub(super) fn sidebar_rows(r: &Reader) -> Vec<SideRow> {
    let (here, rest) = r.sidebar();
    let shared = r.shared_here();
    let mut rows = Vec::with_capacity(here.len() + shared.len() + rest.len() + 3);
    let mut i = 0;
    if !here.is_empty() {
        rows.push(SideRow::Header("In this passage"));
        for e in here {
            rows.push(SideRow::Entity(SideSel(i), e));
            i += 1;
        }
    }
    if !shared.is_empty() {
        rows.push(SideRow::Header("Its text also in (Enter: go)"));
        for loc in shared {
            rows.push(SideRow::Shared(SideSel(i), loc));
            i += 1;
        }
    }
    if !rest.is_empty() {
        rows.push(SideRow::Header("Elsewhere in the article"));
        for e in rest {
            rows.push(SideRow::Entity(SideSel(i), e));
            i += 1;
        }
    }
    rows
}

/// Rows of the timeline's list (inside the border, under the ruler), as
/// the pane has them when it is shown.
pub fn timeline_rows(r: &Reader) -> usize {
    let s = layout::compute_with(
        r.size.0,
        r.size.1,
        SideShown::Timeline,
        r.bar_height(),
        &r.panes,
    );
    s.timeline
        .map_or(1, |t| inner(t).height.saturating_sub(1) as usize)
        .max(1)
}

/// Rows of the entity sidebar, as the pane has them when it is shown.
pub fn sidebar_height(r: &Reader) -> usize {
    let s = layout::compute_with(
        r.size.0,
        r.size.1,
        SideShown::Entities,
        r.bar_height(),
        &r.panes,
    );
    s.entities.map_or(1, |e| inner(e).height as usize).max(1)
}

/// An offset that shows `sel` and, when the list is long enough, fills the
/// pane rather than leaving blank rows under its end.
pub fn fit(offset: usize, sel: Option<usize>, len: usize, height: usize) -> usize {
    let height = height.max(1);
    let mut off = offset.min(len.saturating_sub(height));
    if let Some(s) = sel.filter(|&s| s < len) {
        if s < off {
            off = s;
        } else if s >= off + height {
            off = s + 1 - height;
        }
    }
    off
}

impl Reader {
    /// Brings the selections in line with the target, then the layout and
    /// offsets in line with the selections. Called after every update.
    pub(crate) fn settle(&mut self) {
        // The rows first: what the selection stands for is read from them.
        self.view.sidebar = sidebar_rows(self);
        self.view.sidebar_key = Some(self.sidebar_key());
        match self.target {
            Some(Target::Entity(e)) => {
                if let Some(i) = self.sidebar_index_of(e) {
                    self.entity_sel = i;
                }
            }
            Some(Target::Event(ev)) if self.corpus.event(ev).is_some() => self.event_sel = ev,
            _ => {}
        }
        self.entity_sel = SideSel(self.entity_sel.0.min(self.sidebar_len().saturating_sub(1)));
        self.view.screen = Some(self.screen());
        let sel_row = self.view.sidebar_row_of(self.entity_sel);
        // The header over the first entity stays in sight with it.
        let first_entity = self
            .view
            .sidebar
            .iter()
            .position(|r| matches!(r, SideRow::Entity(..) | SideRow::Shared(..)));
        let height = sidebar_height(self);
        let sel_row = match (sel_row, first_entity) {
            (Some(s), Some(f)) if s == f && height > 1 && self.entity_offset >= s => {
                Some(s.saturating_sub(1))
            }
            _ => sel_row,
        };
        self.entity_offset = fit(self.entity_offset, sel_row, self.view.sidebar.len(), height);
        if self.pane != Pane::Entities && sel_row.is_none() {
            self.entity_offset = 0;
        }
        self.timeline_offset = fit(
            self.timeline_offset,
            Some(self.event_sel.index()),
            self.corpus.events.len(),
            timeline_rows(self),
        );
        if let Some(Overlay::Compare { event, sel }) = self.overlay {
            let (w, h) = super::compare::page_size(self.size);
            let page = super::compare::layout(&self.corpus, event, w, h);
            let rows = page.items.get(sel).map_or(0..0, |i| i.rows.clone());
            self.view.compare_scroll =
                super::compare::keep(self.view.compare_scroll, &rows, h, page.rows.len());
        }
    }
}
