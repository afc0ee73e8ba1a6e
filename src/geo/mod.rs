//! Geography for the map: what is shown (places and their roles), how it is
//! framed (a longitude/latitude window fitted to a pane) and where markers
//! and labels go. Pure computation; drawing is in `ui::map`.

pub mod frame;
pub mod labels;

use crate::corpus::{Corpus, EntityIdx, EventIdx, PassageLoc};

pub use frame::Framing;
pub use labels::{Direction, Scene};

/// Why a place is on the map, most important first: the order decides
/// which marker wins a shared cell and which labels are kept when room is
/// short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Named in the passage being read.
    Focus,
    /// The selected entity.
    Selected,
    /// A place of the selected event.
    Event,
    /// Named elsewhere in the article (or the corpus, zoomed out).
    Context,
}

/// A point in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// One place to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub at: LatLon,
    pub label: String,
    pub role: Role,
    /// What a click or Enter on it selects (an entity index).
    pub id: EntityIdx,
}

/// How much of the corpus the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Extent {
    /// The current article's places.
    #[default]
    Article,
    /// Every place of the corpus.
    Corpus,
}

/// The places to show while reading passage `at`: those it names (focus),
/// the rest of its article's (or, zoomed out, the corpus's), the places of
/// the selected event, and the selected entity, each once with its most
/// important role. Only entities with a position appear.
pub fn places(
    corpus: &Corpus,
    at: PassageLoc,
    selected: Option<EntityIdx>,
    event: Option<EventIdx>,
    extent: Extent,
) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    let mut add = |e: EntityIdx, role: Role| {
        let Some(c) = corpus.entity(e).and_then(|x| x.coords) else {
            return;
        };
        match out.iter_mut().find(|p| p.id == e) {
            Some(p) => p.role = p.role.min(role),
            None => out.push(Place {
                at: LatLon {
                    lat: c.lat,
                    lon: c.lon,
                },
                label: corpus.entities[e].name.clone(),
                role,
                id: e,
            }),
        }
    };
    let article = corpus.article(at.article);
    if let Some(p) = article.and_then(|a| a.passages.get(at.passage)) {
        p.entities.iter().for_each(|&e| add(e, Role::Focus));
    }
    if let Some(s) = selected {
        add(s, Role::Selected);
    }
    if let Some(ev) = event.and_then(|i| corpus.event(i)) {
        ev.entities.iter().for_each(|&e| add(e, Role::Event));
    }
    match extent {
        Extent::Article => {
            if let Some(a) = article {
                a.entities.iter().for_each(|&e| add(e, Role::Context));
            }
        }
        Extent::Corpus => corpus.entity_indices().for_each(|e| add(e, Role::Context)),
    }
    out
}
