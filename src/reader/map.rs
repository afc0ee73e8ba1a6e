//! The map pane's keys and clicks: a cursor moved from place to place in
//! the direction pressed, Enter or a click choosing the place's entity.

use super::update::open_card;
use super::{Action, Pane, Reader, Target};
use crate::corpus::EntityIdx;
use crate::geo::{Direction, Place, Scene};
use crate::layout::inner;

/// The map as the screen shows it: its inside's origin, places and scene.
fn shown(r: &Reader) -> Option<(u16, u16, Vec<Place>, Scene)> {
    let pane = inner(r.screen().timeline?);
    let (_, places, scene) = r.map_layout(pane.width, pane.height);
    Some((pane.x, pane.y, places, scene))
}

fn entity_of(places: &[Place], scene: &Scene, mark: usize) -> Option<EntityIdx> {
    let m = scene.marks.get(mark)?;
    places.get(*m.places.first()?).map(|p| p.id)
}

/// Keys while the map has the keyboard; false when the key is not the
/// map's, so it does what it does elsewhere.
pub(super) fn key(r: &mut Reader, action: Action) -> bool {
    if !r.map || r.pane != Pane::Timeline {
        return false;
    }
    let dir = match action {
        Action::Left => Direction::Left,
        Action::Right => Direction::Right,
        Action::Up => Direction::Up,
        Action::Down => Direction::Down,
        Action::Activate => {
            if let Some(e) = r.map_cursor {
                open_card(r, e);
            }
            return true;
        }
        _ => return false,
    };
    let Some((_, _, places, scene)) = shown(r) else {
        return true;
    };
    let next = match r.map_cursor_mark(&places, &scene) {
        Some(from) => scene.nearest(from, dir),
        // The first move lands on the most important place.
        None => (!scene.marks.is_empty()).then_some(0),
    };
    if let Some(e) = next.and_then(|m| entity_of(&places, &scene, m)) {
        r.map_cursor = Some(e);
        r.status = Some(format!(
            "{} — Enter opens its card",
            r.corpus.entities[e].name
        ));
    }
    true
}

/// A click on the map: a place selects its entity, as a click on a
/// mention does.
pub(super) fn click(r: &mut Reader, x: u16, y: u16) {
    let Some((x0, y0, places, scene)) = shown(r) else {
        return;
    };
    r.pane = Pane::Timeline;
    let (Some(col), Some(row)) = (x.checked_sub(x0), y.checked_sub(y0)) else {
        return;
    };
    let Some(e) = scene
        .hit(col, row)
        .and_then(|m| entity_of(&places, &scene, m))
    else {
        return;
    };
    r.map_cursor = Some(e);
    r.target = Some(Target::Entity(e));
    r.status = Some(format!(
        "{} — Enter opens its card, n goes to its next mention",
        r.corpus.entities[e].name
    ));
}
