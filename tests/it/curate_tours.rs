//! Tours changed while reading: the running tour's current step moved
//! later and earlier, removed; a new tour made from the tour list. Each
//! change passes `lectern check`, and `u` gives back the files byte for byte.

use super::curate::{copy, json_files, pack};
use super::curate_reader::{answer, cur, key, open, status};
use super::curate_text::check;
use lectern::corpus::PassageLoc;
use lectern::reader::{Action, CurateKey, Overlay, Reader};

fn step_locs(r: &Reader, tour: usize) -> Vec<PassageLoc> {
    r.corpus.tours[tour].steps.iter().map(|s| s.loc).collect()
}

#[test]
fn the_current_step_moves_later_and_earlier_and_is_removed_then_undone() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let base = json_files(&root);
    let t = r
        .corpus
        .tours
        .iter()
        .position(|t| t.steps.len() >= 3)
        .expect("a tour of three steps");
    let id = r.corpus.tours[t].id.clone();
    let locs = step_locs(&r, t);

    // Without a running tour the keys say so and change nothing.
    key(&mut r, cur(CurateKey::StepLater));
    assert!(status(&r).contains("no tour running"), "{}", status(&r));

    r.overlay = Some(Overlay::Tours { sel: t });
    key(&mut r, Action::Activate);
    key(&mut r, Action::NextStep);
    assert_eq!(r.tour.map(|p| p.step), Some(1));

    key(&mut r, cur(CurateKey::StepLater));
    assert!(status(&r).contains("moved later"), "{}", status(&r));
    let t = r.corpus.tours.iter().position(|x| x.id == id).unwrap();
    let moved = step_locs(&r, t);
    assert_eq!((moved[1], moved[2]), (locs[2], locs[1]));
    assert_eq!(moved.len(), locs.len());
    assert_eq!(r.tour.map(|p| p.step), Some(2), "the tour follows the step");
    assert_eq!(r.loc(), locs[1], "the reader stays on the step");
    check(&root);
    let after_move = json_files(&root);

    key(&mut r, cur(CurateKey::StepEarlier));
    assert_eq!(step_locs(&r, t), locs);
    assert_eq!(r.tour.map(|p| p.step), Some(1));
    assert_eq!(json_files(&root), base, "there and back again");

    // The first step cannot go earlier.
    key(&mut r, Action::PrevStep);
    key(&mut r, cur(CurateKey::StepEarlier));
    assert!(status(&r).contains("first step"), "{}", status(&r));
    key(&mut r, Action::NextStep);

    key(&mut r, cur(CurateKey::DeleteStep));
    assert!(status(&r).contains("removed"), "{}", status(&r));
    let left = step_locs(&r, t);
    let mut want = locs.clone();
    want.remove(1);
    assert_eq!(left, want);
    assert_eq!(r.tour.map(|p| p.step), Some(1));
    assert_eq!(r.loc(), locs[2], "the next step is shown");
    check(&root);

    key(&mut r, Action::Undo);
    assert_eq!(step_locs(&r, t), locs);
    assert_eq!(json_files(&root), base);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), after_move);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
}

#[test]
fn a_new_tour_is_made_from_the_tour_list_and_goes_with_its_last_step() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let base = json_files(&root);
    let n = r.corpus.tours.len();
    for _ in 0..2 {
        key(&mut r, Action::NextPassage);
    }
    let here = r.loc();
    key(&mut r, Action::Tours);
    let screen =
        crate::common::buffer_text(&crate::common::draw(&r, lectern::ui::Theme::colour(false)));
    assert!(screen.contains("+ a new tour"), "{screen}");
    // Other curation keys wait for the list to close.
    key(&mut r, cur(CurateKey::Accept));
    assert!(
        status(&r).contains("closes the tour list"),
        "{}",
        status(&r)
    );

    key(&mut r, cur(CurateKey::NewEvent));
    answer(&mut r, "Second thoughts");
    answer(&mut r, "Begin here.");
    assert!(
        status(&r).contains("tour “Second thoughts” created"),
        "{}",
        status(&r)
    );
    assert_eq!(r.corpus.tours.len(), n + 1);
    let t = r
        .corpus
        .tours
        .iter()
        .position(|t| t.title == "Second thoughts")
        .unwrap();
    assert_eq!(r.overlay, Some(Overlay::Tours { sel: t }), "the list on it");
    assert_eq!(step_locs(&r, t), vec![here]);
    assert_eq!(r.corpus.tours[t].steps[0].commentary, "Begin here.");
    assert!(root.join("guides/second-thoughts.json").exists());
    check(&root);
    let made = json_files(&root);

    // Its one step removed, the tour goes.
    key(&mut r, Action::Activate);
    assert_eq!(r.tour.map(|p| p.tour), Some(t));
    key(&mut r, cur(CurateKey::DeleteStep));
    assert_eq!(r.corpus.tours.len(), n);
    assert!(r.tour.is_none());
    assert!(!root.join("guides/second-thoughts.json").exists());
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), made);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
    assert_eq!(r.corpus.tours.len(), n);
}

/// While a tour runs in a pack that can be changed, its bar names the keys
/// that move and remove the step where they fit, and never at the cost of
/// the keys that move through the tour; a pack that cannot be changed is
/// not offered them.
#[test]
fn the_tour_bar_names_the_step_keys_where_they_fit_after_the_tour_keys() {
    let d = copy();
    let root = pack(&d);
    let tour_keys = "> next · < previous · x leave · t tours";
    // The bar's bottom border: the last row holding the tour keys.
    let bar = |r: &Reader| {
        let s =
            crate::common::buffer_text(&crate::common::draw(r, lectern::ui::Theme::colour(false)));
        s.lines()
            .rfind(|l| l.contains("x leave"))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    for curated in [true, false] {
        let mut r = if curated {
            open(&root)
        } else {
            crate::common::reader(120, 40)
        };
        r.overlay = Some(Overlay::Tours { sel: 0 });
        key(&mut r, Action::Activate);
        assert!(r.tour.is_some());
        for (w, h) in [
            (60, 24),
            (72, 24),
            (80, 24),
            (100, 30),
            (120, 40),
            (200, 60),
        ] {
            key(&mut r, Action::Resize(w, h));
            let line = bar(&r);
            assert!(line.contains(tour_keys), "{w}×{h}: {line}");
            let step_keys = line.contains("( ) move") && line.contains("X remove");
            if !curated {
                assert!(!step_keys, "{w}×{h}: {line}");
            } else if w >= 80 {
                assert!(step_keys, "{w}×{h}: {line}");
            }
        }
    }
}
