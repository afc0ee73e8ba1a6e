//! What the panes show, worked out once after every update: the screen's
//! layout, the sidebar's rows and every list's offset. Drawing reads it and
//! the mouse maps clicks through it, so neither guesses what the other did.

use super::{Pane, Reader, Target};
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub screen: Option<Screen>,
    pub sidebar: Vec<SideRow>,
    /// The passage `sidebar` was laid out for, and whether the shared text
    /// was known then.
    pub(super) sidebar_key: Option<(PassageLoc, bool)>,
    /// Lines of the help text, given by whoever draws it.
    pub help_lines: usize,
}

impl View {
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
    let s = layout::compute(r.size.0, r.size.1, SideShown::Timeline, r.bar_height());
    s.timeline
        .map_or(1, |t| inner(t).height.saturating_sub(1) as usize)
        .max(1)
}

/// Rows of the entity sidebar, as the pane has them when it is shown.
pub fn sidebar_height(r: &Reader) -> usize {
    let s = layout::compute(r.size.0, r.size.1, SideShown::Entities, r.bar_height());
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
    }
}
