//! Property tests of curation through the reader: any sequence of keys and
//! typed answers on a pack that can be changed leaves files that load as
//! the reader shows them, and undoing every change gives the files back.

use std::sync::Arc;

use super::curate::{copy, json_files, pack};
use lectern::corpus::{self, PackSource};
use lectern::curate::Curator;
use lectern::reader::{Action, Edit, Reader, update};
use proptest::prelude::*;

/// Every action the key table binds, curation keys among them.
fn key_action() -> impl Strategy<Value = Action> {
    let mut actions: Vec<Action> = lectern::keymap::BINDINGS.iter().map(|b| b.action).collect();
    actions.dedup();
    // Quitting or suspending ends nothing in a test, but says nothing either.
    actions.retain(|a| !matches!(a, Action::Quit | Action::Suspend));
    prop::sample::select(actions)
}

/// What is typed at the prompts: names and aliases of the pack, a new name,
/// dates in EDTF, kinds, and the editing keys.
fn answer() -> impl Strategy<Value = Vec<Action>> {
    let words = prop::sample::select(vec![
        "Rapallo",
        "Chicherin",
        "Lenin",
        "+Someone New",
        "+",
        "1922-04-16",
        "1933~",
        "1928/1929",
        "place",
        "org",
        "A summary",
        "x",
        "",
    ]);
    (words, any::<bool>()).prop_map(|(w, submit)| {
        let mut v = vec![Action::Edit(Edit::Clear)];
        v.extend(w.chars().map(|c| Action::Edit(Edit::Char(c))));
        v.push(Action::Edit(if submit {
            Edit::Submit
        } else {
            Edit::Cancel
        }));
        v
    })
}

/// The curation keys, and those that choose what they act on.
fn curate_action() -> impl Strategy<Value = Action> {
    let mut actions: Vec<Action> = lectern::keymap::BINDINGS
        .iter()
        .map(|b| b.action)
        .filter(|a| {
            matches!(
                a,
                Action::Curate(_)
                    | Action::FocusNext
                    | Action::NextMention
                    | Action::NextPassage
                    | Action::Activate
                    | Action::Compare
                    | Action::Down
            )
        })
        .collect();
    actions.dedup();
    prop::sample::select(actions)
}

fn step() -> impl Strategy<Value = Vec<Action>> {
    prop_oneof![
        3 => key_action().prop_map(|a| vec![a]),
        4 => curate_action().prop_map(|a| vec![a]),
        3 => answer(),
        1 => prop::sample::select(vec![(80u16, 24u16), (120, 40), (200, 60)])
            .prop_map(|(w, h)| vec![Action::Resize(w, h)]),
    ]
}

fn run(steps: Vec<Vec<Action>>) {
    let dir = copy();
    let root = pack(&dir);
    let before = json_files(&root);
    let c = corpus::load(&PackSource::dir(&root).unwrap()).unwrap();
    let mut r = Reader::new(Arc::new(c), 120, 40);
    r.attach_curator(Curator::open(&root, 64 << 20).unwrap());
    let mut done = Vec::new();
    for a in steps.into_iter().flatten() {
        update(&mut r, a);
        r.flush_curation();
        done.push(a);
        let passages = r.corpus.articles[r.article].passages.len();
        assert!(r.focus < passages, "after {done:?}: focus {}", r.focus);
    }
    // What is on disk loads, and is what the reader shows.
    let on_disk = corpus::load(&PackSource::dir(&root).unwrap())
        .unwrap_or_else(|e| panic!("after {done:?} the pack no longer loads: {e}"));
    let ids = |c: &corpus::Corpus| {
        (
            c.entities.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            c.events.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            c.tours.iter().map(|t| t.steps.len()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        ids(&on_disk),
        ids(&r.corpus),
        "after {done:?} the reader shows another pack than the files"
    );
    // Undo, as often as there were keys, takes every change back.
    r.overlay = None;
    r.input = None;
    for _ in 0..done.len() + 1 {
        update(&mut r, Action::Undo);
        r.flush_curation();
    }
    corpus::load(&PackSource::dir(&root).unwrap())
        .unwrap_or_else(|e| panic!("after {done:?} and undo the pack no longer loads: {e}"));
    let after = json_files(&root);
    for (file, bytes) in &before {
        assert_eq!(
            after
                .get(file)
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            Some(String::from_utf8_lossy(bytes).into_owned()),
            "after {done:?} and undo, {file} differs"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn curation_keeps_the_pack_loadable_and_undo_takes_it_all_back(
        steps in prop::collection::vec(step(), 0..30),
    ) {
        run(steps);
    }
}
