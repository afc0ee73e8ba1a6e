//! What curation tells the reader while it is done: the prompts name what
//! they change, the lists count rightly, and the keys are named where they
//! apply.

use super::curate::{copy, pack};
use super::curate_reader::{answer, cur, key, open, status};
use lectern::reader::{Action, CurateKey, Overlay, Prompt, Sel, prompt_line};

fn screen(r: &lectern::reader::Reader) -> String {
    crate::common::buffer_text(&crate::common::draw(r, lectern::ui::Theme::colour(false)))
}

#[test]
fn the_step_prompt_names_the_tour_the_step_joins_and_the_list_counts_one_step() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    assert!(r.corpus.tours.iter().all(|t| t.id != "my-tour"));
    let label = |r: &lectern::reader::Reader| prompt_line(r, &Prompt::Step, "").0;
    assert!(label(&r).contains("new tour, “My tour”"), "{}", label(&r));
    key(&mut r, cur(CurateKey::TourStep));
    answer(&mut r, "why this passage");
    assert!(status(&r).contains("step added"), "{}", status(&r));
    let own = r
        .corpus
        .tours
        .iter()
        .position(|t| t.id == "my-tour")
        .expect("the reader's own tour");
    assert_eq!(r.corpus.tours[own].steps.len(), 1);
    assert!(
        label(&r).contains("“My tour” (no tour running)"),
        "{}",
        label(&r)
    );
    // The list says one step, not “1 steps”.
    key(&mut r, Action::Tours);
    let s = screen(&r);
    assert!(s.contains("1 step") && !s.contains("1 steps"), "{s}");
    // A running tour is the one named.
    let other = (own + 1) % r.corpus.tours.len();
    r.overlay = Some(Overlay::Tours { sel: other });
    key(&mut r, Action::Activate);
    let title = r.corpus.tours[other].title.clone();
    let shown: String = title.chars().take(20).collect();
    assert!(label(&r).contains(&shown), "{} / {title}", label(&r));
}

#[test]
fn selecting_words_names_the_link_key_where_the_pack_can_be_changed() {
    let d = copy();
    let root = pack(&d);
    let data = tempfile::tempdir().unwrap();
    let with_store = |mut r: lectern::reader::Reader| {
        let id = r.corpus.id.clone();
        let (store, _) =
            lectern::store::Store::open_path(data.path().join(format!("{id}.json")), &id);
        r.store = Some(store);
        r
    };
    let mut r = with_store(open(&root));
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::WordNext));
    assert!(status(&r).contains("@ links"), "{}", status(&r));
    let mut r = with_store(crate::common::reader(120, 40));
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::WordNext));
    assert!(status(&r).contains("selected"), "{}", status(&r));
    assert!(!status(&r).contains("@"), "{}", status(&r));
}

#[test]
fn link_in_the_card_of_an_entity_without_unlinked_mentions_says_where_linking_is() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let e = r
        .corpus
        .entity_indices()
        .find(|&e| r.unlinked_of(e).is_empty() && !r.card_rows(e).is_empty())
        .expect("an entity every spelling of which is linked");
    r.overlay = Some(Overlay::Card(lectern::reader::CardState {
        entity: e,
        sel: 0,
        stack: Vec::new(),
    }));
    key(&mut r, cur(CurateKey::Link));
    assert!(
        status(&r).contains("no unlinked mentions") && status(&r).contains("cursor"),
        "{}",
        status(&r)
    );
}

#[test]
fn another_entity_is_chosen_from_the_best_matches_with_the_arrows_never_itself() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    key(&mut r, Action::Resize(80, 24));
    let before = super::curate::json_files(&root);
    super::curate_reader::select(&mut r, "chicherin");
    let me = r.corpus.entity_index("chicherin").unwrap();
    key(&mut r, cur(CurateKey::Menu));
    super::curate_reader::typed(&mut r, "m");
    // Its own name offers any entity but itself.
    super::curate_reader::typed(&mut r, "Chicherin");
    let (found, _) = lectern::reader::entity_choices(&r).expect("a list");
    assert!(!found.contains(&me), "merging into itself is not offered");
    key(&mut r, Action::Edit(lectern::reader::Edit::Cancel));

    // Relate: a name several entities match lists them; Down takes the
    // second, Up goes round to the last.
    key(&mut r, cur(CurateKey::Menu));
    super::curate_reader::typed(&mut r, "l");
    super::curate_reader::typed(&mut r, "ra");
    let (found, at) = lectern::reader::entity_choices(&r).expect("a list");
    assert!(found.len() >= 3, "{found:?}");
    assert!(found.len() <= lectern::reader::MAX_ENTITY_CHOICES);
    assert_eq!(at, 0, "the best match first");
    let corpus = r.corpus.clone();
    let name = |e: lectern::corpus::EntityIdx| corpus.entities[e].name.clone();
    let s = screen(&r);
    assert!(s.contains(&format!("▸ {}", name(found[0]))), "{s}");
    key(&mut r, Action::Edit(lectern::reader::Edit::Older));
    assert_eq!(
        lectern::reader::entity_choices(&r).unwrap().1,
        found.len() - 1
    );
    key(&mut r, Action::Edit(lectern::reader::Edit::Newer));
    key(&mut r, Action::Edit(lectern::reader::Edit::Results));
    let s = screen(&r);
    assert!(s.contains(&format!("▸ {}", name(found[1]))), "{s}");
    let (label, hint) = prompt_line(&r, &Prompt::Relate("chicherin".into()), "ra");
    assert!(label.starts_with("Relate"), "{label}");
    assert!(hint.contains(&name(found[1])), "{hint}");
    let other = r.corpus.entities[found[1]].id.clone();
    super::curate_reader::enter(&mut r);
    let me = r.corpus.entity_index("chicherin").unwrap();
    let other_idx = r.corpus.entity_index(&other).unwrap();
    assert!(
        r.corpus.entities[me].related.contains(&other_idx),
        "{}",
        status(&r)
    );
    key(&mut r, Action::Undo);
    assert_eq!(super::curate::json_files(&root), before);
}
