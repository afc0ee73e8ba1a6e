//! The reader's state. One focus passage drives every pane; `update` changes
//! the state and does no I/O, so everything here is tested without a terminal.

mod action;
mod bookmarks;
mod card;
pub mod compare;
mod curate;
mod curate_cursor;
mod curate_link;
mod curate_prompt;
mod cursor;
mod doc;
mod guide;
mod highlight;
mod history;
mod input;
mod keys;
mod map;
mod mouse;
mod nav;
mod overlays;
mod search;
mod select;
mod update;
mod view;

use std::sync::Arc;

use crate::corpus::{ArticleIdx, Corpus, EntityIdx, EventIdx, PassageLoc};
use crate::layout::{self, Screen, SideShown};
use crate::search::Hit;
use crate::store::{Bookmark, Highlight, Placement, Resolution, Store};
pub use action::{Action, Edit, Effect, MouseAction};
pub use bookmarks::{Annotation, AnnotationFilter, is_orphan, reading_order};
pub use card::{CardItem, card_items};
pub use curate::{CurateKey, Curation, ENTITY_MENU, EVENT_MENU, Prompt, Queued};
pub use curate_prompt::{
    MAX_ENTITY_CHOICES, entity_choices, find_entities, find_kinds, kind_choices, prompt_line,
};
pub use doc::{DocLayout, DocLine};
pub use guide::compare_passages;
pub use highlight::{SELECT_KEYS, Sel, Selection, lookup as selection_lookup, placement_note};
pub use history::{History, Position};
pub use input::Queries;
pub use input::summary as search_summary;
pub use keys::KeyNames;
pub use search::summary as search_state_summary;
pub use update::update;
use view::SideItem;
pub use view::{HelpLines, SideRow, SideSel, View};

/// The pane that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Document,
    Entities,
    Timeline,
}

/// What `n`/`N` walk through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Entity(EntityIdx),
    Event(EventIdx),
    Search,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardState {
    pub entity: EntityIdx,
    pub sel: usize,
    /// Cards opened from this one, to return to with Back.
    pub stack: Vec<EntityIdx>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Articles {
        sel: usize,
    },
    Card(CardState),
    Tours {
        sel: usize,
    },
    Bookmarks {
        sel: usize,
    },
    /// Every passage describing an event, side by side or stacked.
    Compare {
        event: EventIdx,
        sel: usize,
    },
}

/// A tour in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourPos {
    pub tour: usize,
    pub step: usize,
}

/// What a one-line text prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Search,
    /// A note: on the bookmark with this id, or on a bookmark of this
    /// passage that is made only when the note is saved, so that cancelling
    /// the editor leaves nothing behind.
    Note(NoteOn),
    /// A curation change being written.
    Curate(Prompt),
    /// Tags of the highlight with this id, separated by spaces.
    Tags(String),
    /// The note of the highlight with this id.
    HighlightNote(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteOn {
    Bookmark(String),
    NewAt(PassageLoc),
}

/// What `u` can take back: a removal of bookmarks or of a note, or a
/// curation change.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// Bookmarks removed together (`m` removes every bookmark of a passage).
    Removed(Vec<Bookmark>),
    /// A note replaced or erased: the bookmark's id and the note it had.
    Note { id: String, before: String },
    /// What takes back a curation change.
    Curation(crate::curate::Change),
    /// A highlight removed.
    Highlight(Box<Highlight>),
    /// A highlight's note replaced or erased.
    HighlightNote { id: String, before: String },
}

/// A one-line editor: the text and the cursor as a char index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub kind: InputKind,
    pub text: String,
    pub cursor: usize,
}

/// The last search: its query and hits, kept for highlighting and `n`/`N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    /// Where the reader was when the prompt opened, for Esc.
    pub origin: Option<Position>,
    /// Whether the hits are in the text as printed.
    pub original: bool,
    /// The hit the view shows and Enter goes to (an index into `hits`).
    pub sel: usize,
    /// The list of hits has the keyboard rather than the prompt.
    pub in_list: bool,
    /// While the full list is counted in the background: `hits` are the
    /// ones found so far, from where the search began.
    pub pending: Option<crate::search::Pending>,
}

#[derive(Debug, Clone)]
pub struct Reader {
    pub corpus: Arc<Corpus>,
    pub article: ArticleIdx,
    pub focus: usize,
    /// First visible line of the wrapped document.
    pub scroll: usize,
    pub pane: Pane,
    /// Selection in the entity sidebar (index into `sidebar()`), and its scroll.
    pub entity_sel: SideSel,
    pub entity_offset: usize,
    /// Selected event (index into the corpus's events) and the timeline's scroll.
    pub event_sel: EventIdx,
    pub timeline_offset: usize,
    pub overlay: Option<Overlay>,
    pub history: History,
    pub target: Option<Target>,
    pub show_original: bool,
    /// Terminal size.
    pub size: (u16, u16),
    /// The widest the document's text is set, in columns (0: the pane's
    /// width). Wrapping follows it, so it is changed only through a resize.
    pub measure: u16,
    pub doc: DocLayout,
    /// How many times the document was wrapped (drawing must never wrap).
    pub wraps: usize,
    pub status: Option<String>,
    /// A line that outranks the footer until the next key: what was
    /// wrong with the configuration.
    pub notice: Option<String>,
    /// Set by `q` in the document; `update` turns it into `Effect::Quit`.
    quit_requested: bool,
    /// The keys as bound, for messages that name one.
    pub keys: KeyNames,
    /// Side panes' share of the width and when they go over the document.
    pub panes: layout::Panes,
    /// `q` in the document asks before quitting.
    pub confirm_quit: bool,
    /// The article's source is drawn as a terminal hyperlink (OSC 8).
    pub hyperlinks: bool,
    /// `q` was pressed once and asked; the next `q` quits.
    pub quit_asked: bool,
    /// What the panes show, settled after every update.
    pub view: View,
    pub tour: Option<TourPos>,
    /// The step each tour was left at, to resume it.
    pub tour_steps: Vec<usize>,
    /// `>` on the running tour's last step: the next `>` starts it again.
    pub tour_finished: bool,
    /// Reading in the order of events rather than of the article.
    pub chrono: bool,
    /// Index into the corpus's chronological order.
    pub chrono_pos: usize,
    pub search: Option<SearchState>,
    /// The corpus's search index, built when a search is first opened.
    pub searcher: crate::search::Searcher,
    pub input: Option<Input>,
    /// Queries searched this session, for Up and Down in the prompt.
    pub queries: Queries,
    /// Where bookmarks are kept; None when there is nowhere to keep them.
    pub store: Option<Store>,
    /// The bookmarks, resolved against the corpus: in reading order, orphans last.
    pub bookmarks: Vec<(Bookmark, Resolution)>,
    /// What `u` takes back, the latest last, for the whole session.
    pub undo: Vec<Undo>,
    /// Changes to the pack made while reading.
    pub curation: Curation,
    /// The highlights, placed in the corpus: in reading order, orphans last.
    pub highlights: Vec<(Highlight, Placement)>,
    /// What the annotations list shows.
    pub annotation_filter: AnnotationFilter,
    /// Words being selected to highlight.
    pub selection: Option<Selection>,
    /// The map is shown in the timeline's place (and takes its turn in Tab).
    pub map: bool,
    pub map_extent: crate::geo::Extent,
    /// The place the map's keyboard cursor is on (an entity index), kept
    /// by entity so it survives the map being laid out again.
    pub map_cursor: Option<EntityIdx>,
    /// See [`Reader::mention_cursor`].
    mention_cursor: Option<(PassageLoc, usize)>,
}

impl Reader {
    pub fn new(corpus: Arc<Corpus>, width: u16, height: u16) -> Self {
        let mut r = Reader {
            corpus,
            article: ArticleIdx(0),
            focus: 0,
            scroll: 0,
            pane: Pane::Document,
            entity_sel: SideSel(0),
            entity_offset: 0,
            event_sel: EventIdx(0),
            timeline_offset: 0,
            overlay: None,
            history: History::default(),
            target: None,
            show_original: false,
            size: (width, height),
            measure: layout::MEASURE,
            doc: DocLayout::default(),
            wraps: 0,
            status: None,
            notice: None,
            quit_requested: false,
            keys: KeyNames::default(),
            panes: layout::Panes::default(),
            confirm_quit: false,
            hyperlinks: false,
            quit_asked: false,
            view: View::default(),
            tour: None,
            tour_steps: Vec::new(),
            tour_finished: false,
            chrono: false,
            chrono_pos: 0,
            search: None,
            searcher: Default::default(),
            input: None,
            queries: Queries::default(),
            store: None,
            bookmarks: Vec::new(),
            undo: Vec::new(),
            curation: Curation::default(),
            highlights: Vec::new(),
            selection: None,
            annotation_filter: AnnotationFilter::default(),
            map: false,
            map_extent: crate::geo::Extent::Article,
            map_cursor: None,
            mention_cursor: None,
        };
        if r.corpus.reuse_is_cheap() {
            r.corpus.reuse();
        }
        r.rewrap();
        r.focus_changed();
        r.settle();
        r
    }

    /// Tells the reader how to count the help text's lines at a text
    /// width, so it scrolls exactly that far.
    pub fn set_help_lines(&mut self, count: HelpLines) {
        self.view.help_lines = count;
    }

    pub fn screen(&self) -> Screen {
        let side = match (self.pane, self.overlay.is_some()) {
            (Pane::Timeline, false) => SideShown::Timeline,
            (Pane::Entities, false) => SideShown::Entities,
            _ => SideShown::None,
        };
        let mut s = layout::compute_with(
            self.size.0,
            self.size.1,
            side,
            self.bar_height(),
            &self.panes,
        );
        s.measure = self.measure;
        s
    }

    /// The tour bar: a border, the step line and the commentary wrapped.
    pub fn bar_height(&self) -> u16 {
        let Some(step) = self.tour_step() else {
            return 0;
        };
        let width = (self.size.0 as usize).saturating_sub(4).max(1);
        let lines = crate::wrap::wrap_head(&step.commentary, width, 6).len();
        (lines as u16).saturating_add(2).min(8)
    }

    pub fn tour_step(&self) -> Option<&crate::corpus::Step> {
        let t = self.tour?;
        self.corpus.tours.get(t.tour)?.steps.get(t.step)
    }

    /// Whether keys go to a text prompt rather than to the key bindings
    /// (which the list of search results answers).
    pub fn editing(&self) -> bool {
        self.input.is_some() && !self.search.as_ref().is_some_and(|s| s.in_list)
    }

    /// Height of the document's text area in lines.
    pub fn view_height(&self) -> usize {
        self.screen().doc_text().height as usize
    }

    pub fn text_width(&self) -> usize {
        (self.screen().doc_text().width as usize).max(1)
    }

    /// The map of a pane's inside of `cols`×`rows`: computed from the state
    /// each time, so it follows the focus and the selection as the other
    /// panes do.
    pub fn map_scene(&self, cols: u16, rows: u16) -> (crate::geo::Framing, crate::geo::Scene) {
        let (framing, _, scene) = self.map_layout(cols, rows);
        (framing, scene)
    }

    /// The mark of the scene the keyboard cursor is on.
    pub fn map_cursor_mark(
        &self,
        places: &[crate::geo::Place],
        scene: &crate::geo::Scene,
    ) -> Option<usize> {
        let e = self.map_cursor?;
        scene.marks.iter().position(|m| {
            m.places
                .iter()
                .any(|&i| places.get(i).is_some_and(|p| p.id == e))
        })
    }

    /// The framing, places and scene of the map on a pane's inside.
    pub fn map_layout(
        &self,
        cols: u16,
        rows: u16,
    ) -> (
        crate::geo::Framing,
        Vec<crate::geo::Place>,
        crate::geo::Scene,
    ) {
        let (selected, event) = match self.target {
            Some(Target::Entity(e)) => (Some(e), None),
            Some(Target::Event(ev)) => (None, Some(ev)),
            _ => (None, None),
        };
        let places = crate::geo::places(&self.corpus, self.loc(), selected, event, self.map_extent);
        let points: Vec<_> = places.iter().map(|p| p.at).collect();
        let framing = crate::geo::Framing::fit(&points, cols, rows);
        let scene = crate::geo::Scene::new(&places, &framing, cols, rows, selected);
        (framing, places, scene)
    }

    pub fn loc(&self) -> PassageLoc {
        PassageLoc {
            article: self.article,
            passage: self.focus,
        }
    }

    pub fn position(&self) -> Position {
        Position {
            article: self.article,
            focus: self.focus,
            scroll: self.scroll,
        }
    }

    /// Re-wraps the current article if the width, article or version changed.
    pub(crate) fn rewrap(&mut self) {
        let width = self.text_width();
        if self.doc.matches(self.article, width, self.show_original) && !self.doc.lines.is_empty() {
            return;
        }
        let article = &self.corpus.articles[self.article];
        self.doc = DocLayout::build(self.article, article, width, self.show_original);
        self.wraps += 1;
    }

    /// The sidebar's rows: entities of the focus passage in order of
    /// appearance, then the rest of the article's.
    pub fn sidebar(&self) -> (Vec<EntityIdx>, Vec<EntityIdx>) {
        let article = &self.corpus.articles[self.article];
        let mut here = article.passages[self.focus].entities.to_vec();
        if self.curation.suggestions_only {
            // The mention under the cursor stays listed, so the sidebar
            // still names what Enter opens.
            let under_cursor = self.cursor_mention().map(|m| m.entity);
            here.retain(|&e| self.corpus.entities[e].suggested || Some(e) == under_cursor);
        }
        let mut sorted = here.clone();
        sorted.sort_unstable();
        let rest = article
            .entities
            .iter()
            .copied()
            .filter(|e| sorted.binary_search(e).is_err())
            .filter(|&e| !self.curation.suggestions_only || self.corpus.entities[e].suggested)
            .collect();
        (here, rest)
    }

    /// The entity the sidebar selects. The sidebar lists the focus
    /// passage's entities, then the passages sharing its text
    /// ([`Reader::shared_here`]), then the article's other entities.
    pub fn selected_entity(&self) -> Option<EntityIdx> {
        match self.side_item(self.entity_sel)? {
            SideItem::Entity(e) => Some(e),
            SideItem::Shared(_) => None,
        }
    }

    /// The sidebar row of entity `e`, if the sidebar lists it.
    pub fn sidebar_index_of(&self, e: EntityIdx) -> Option<SideSel> {
        self.side_items()
            .position(|item| item == SideItem::Entity(e))
            .map(SideSel)
    }

    /// Passages of other articles that share text with the focus passage.
    pub fn shared_here(&self) -> Vec<PassageLoc> {
        self.corpus
            .reuse_ready()
            .map_or_else(Vec::new, |u| u.partners(self.loc()))
    }

    /// Rows the sidebar selection moves over.
    pub fn sidebar_len(&self) -> usize {
        self.side_items().count()
    }

    /// The passage sharing text with this one that the sidebar selects.
    pub fn selected_shared(&self) -> Option<PassageLoc> {
        match self.side_item(self.entity_sel)? {
            SideItem::Shared(loc) => Some(loc),
            SideItem::Entity(_) => None,
        }
    }

    /// What the sidebar's selection number `sel` stands for.
    fn side_item(&self, sel: SideSel) -> Option<SideItem> {
        self.side_items().nth(sel.0)
    }

    /// The rows the sidebar selection moves over, in order. They come from
    /// the settled view when it was laid out for this passage, so that the
    /// several questions asked of the sidebar in one update do not each
    /// look up the shared text again; between a move and the next settle
    /// they are worked out afresh.
    fn side_items(&self) -> impl Iterator<Item = SideItem> + '_ {
        let rows = if self.view.sidebar_key == Some(self.sidebar_key()) {
            std::borrow::Cow::Borrowed(self.view.sidebar.as_slice())
        } else {
            std::borrow::Cow::Owned(view::sidebar_rows(self))
        };
        (0..rows.len()).filter_map(move |i| match rows[i] {
            SideRow::Entity(_, e) => Some(SideItem::Entity(e)),
            SideRow::Shared(_, loc) => Some(SideItem::Shared(loc)),
            SideRow::Header(_) => None,
        })
    }

    /// What the sidebar's rows depend on: the passage, and whether the
    /// shared text (found on another thread for a large pack) is known yet.
    fn sidebar_key(&self) -> (PassageLoc, bool) {
        (self.loc(), self.corpus.reuse_ready().is_some())
    }

    /// Events the focus passage describes.
    pub fn focus_events(&self) -> &[EventIdx] {
        &self.corpus.articles[self.article].passages[self.focus].events
    }

    /// Percent of the article read, by the last visible line, like `less`.
    pub fn percent(&self) -> usize {
        let total = self.doc.lines.len().max(1);
        ((self.scroll + self.view_height()).min(total) * 100 / total).min(100)
    }
}
