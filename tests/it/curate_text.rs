//! Linking from the text: the mention under the cursor or selected words
//! to an entity found by name, or to a new one; one occurrence unlinked;
//! an unlinked mention linked from the entity's card. Each change passes
//! `lectern check`, and `u` gives back the files byte for byte.

use std::path::Path;

use super::curate::{copy, json_files, pack};
use super::curate_reader::{answer, cur, enter, key, open, select, status, typed};
use lectern::corpus::types::EntityKind;
use lectern::corpus::{EntityIdx, PassageLoc};
use lectern::reader::{
    Action, CardItem, CardState, CurateKey, ENTITY_MENU, Edit, InputKind, Overlay, Prompt, Reader,
    Sel,
};

/// `lectern check` on the pack passes.
pub fn check(root: &Path) {
    let o = std::process::Command::new(crate::common::BIN)
        .arg("check")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "lectern check: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A passage where one entity's mention has the same words as an earlier
/// mention of the same entity in it: the passage, the entity, the words and
/// the two mentions' indices.
fn twice(r: &Reader) -> (PassageLoc, EntityIdx, String, usize, usize) {
    for (ai, a) in r.corpus.articles.iter().enumerate() {
        for (pi, p) in a.passages.iter().enumerate() {
            if p.original.is_some() {
                continue;
            }
            for (j, m) in p.mentions.iter().enumerate() {
                let words = &p.text[m.range.clone()];
                if let Some(i) = p.mentions[..j]
                    .iter()
                    .position(|x| x.entity == m.entity && &p.text[x.range.clone()] == words)
                {
                    // Far enough apart for a quote of one to leave out the other.
                    if m.range.start - p.mentions[i].range.end > 60 {
                        let loc = PassageLoc {
                            article: lectern::corpus::ArticleIdx(ai),
                            passage: pi,
                        };
                        return (loc, m.entity, words.to_owned(), i, j);
                    }
                }
            }
        }
    }
    panic!("no passage mentions an entity twice in the same words");
}

fn prompt_of(r: &Reader) -> Option<Prompt> {
    match r.input.as_ref().map(|i| &i.kind) {
        Some(InputKind::Curate(p)) => Some(p.clone()),
        _ => None,
    }
}

/// The entity each mention of the passage links to, with its words.
fn links(r: &Reader, loc: PassageLoc) -> Vec<(String, String)> {
    let p = &r.corpus.articles[loc.article].passages[loc.passage];
    p.mentions
        .iter()
        .map(|m| {
            (
                p.text[m.range.clone()].to_owned(),
                r.corpus.entities[m.entity].id.clone(),
            )
        })
        .collect()
}

#[test]
fn the_mention_under_the_cursor_links_elsewhere_or_to_nothing_at_that_place_only() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let base = json_files(&root);
    let (loc, e, words, first, second) = twice(&r);
    let id = r.corpus.entities[e].id.clone();
    let other = if id == "kazan" { "lenin" } else { "kazan" };
    r.open_at(loc);
    for _ in 0..=second {
        key(&mut r, Action::NextMention);
    }
    assert_eq!(r.cursor_mention().map(|m| m.entity), Some(e));
    let before = links(&r, loc);

    // `@` asks for the entity, the words typed in for a start.
    key(&mut r, cur(CurateKey::Link));
    assert!(matches!(prompt_of(&r), Some(Prompt::LinkTo { .. })));
    assert_eq!(r.input.as_ref().unwrap().text, words);
    answer(&mut r, other);
    let other_name = r.corpus.entities[r.corpus.entity_index(other).unwrap()]
        .name
        .clone();
    assert!(
        status(&r).contains(&format!("links to “{other_name}”")),
        "{}",
        status(&r)
    );
    let after = links(&r, loc);
    assert_eq!(after.len(), before.len());
    // Only the occurrence under the cursor changed.
    for (k, (b, a)) in before.iter().zip(&after).enumerate() {
        if k == second {
            assert_eq!(a, &(words.clone(), other.to_owned()));
        } else {
            assert_eq!(a, b, "mention {k} changed");
        }
    }
    assert_eq!(after[first].1, id);
    // The cursor stays on the words just linked, which name the other now.
    let on = |r: &Reader| {
        r.mention_cursor()
            .zip(r.cursor_mention())
            .map(|((l, i), m)| (l, i, r.corpus.entities[m.entity].id.clone()))
    };
    assert_eq!(on(&r), Some((loc, second, other.to_owned())));
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base, "undo restores the files");
    assert_eq!(links(&r, loc), before);
    assert_eq!(
        on(&r),
        Some((loc, second, id.clone())),
        "undo brings it back"
    );
    assert!(
        status(&r).starts_with(&format!("undone: “{words}” here links to “{other_name}”")),
        "the undo says what it took back: {}",
        status(&r)
    );

    // `-` at the same place: that occurrence links to nothing.
    let n = r.corpus.entities[e].mentions.len();
    key(&mut r, cur(CurateKey::Unlink));
    assert!(status(&r).contains("links to nothing"), "{}", status(&r));
    let e2 = r.corpus.entity_index(&id).unwrap();
    assert_eq!(r.corpus.entities[e2].mentions.len(), n - 1);
    let after = links(&r, loc);
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(after[first], before[first], "the first occurrence stays");
    assert_eq!(on(&r), None, "no mention is left under it");
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
    assert_eq!(
        on(&r),
        Some((loc, second, id.clone())),
        "undo brings it back"
    );

    // Without a cursor or a selection, the keys say what they need.
    key(&mut r, Action::Close);
    key(&mut r, Action::Close);
    key(&mut r, cur(CurateKey::Link));
    assert!(status(&r).contains("mention cursor"), "{}", status(&r));
    key(&mut r, cur(CurateKey::Unlink));
    assert!(status(&r).contains("mention cursor"), "{}", status(&r));
    assert_eq!(json_files(&root), base);
}

#[test]
fn selected_words_link_to_an_entity_or_become_a_new_one() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let data = tempfile::tempdir().unwrap();
    let (store, _) =
        lectern::store::Store::open_path(data.path().join("bookmarks.json"), &r.corpus.id.clone());
    r.store = Some(store);
    let base = json_files(&root);
    for _ in 0..3 {
        key(&mut r, Action::NextPassage);
    }
    let loc = r.loc();
    let p = &r.corpus.articles[loc.article].passages[loc.passage];
    let first_two: Vec<&str> = p.text.split_whitespace().take(2).collect();
    let words = first_two
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned();

    // Two words selected, then `@`: the words fill the prompt.
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::WordNext));
    key(&mut r, cur(CurateKey::Link));
    assert!(
        r.selection.is_none(),
        "the selection gives way to the prompt"
    );
    assert_eq!(r.input.as_ref().unwrap().text, words);
    // `+` makes a new entity of them, named by them; then its kind.
    answer(&mut r, "+");
    assert!(matches!(prompt_of(&r), Some(Prompt::NewEntityKind { .. })));
    typed(&mut r, "pers");
    enter(&mut r);
    assert!(status(&r).contains("new person"), "{}", status(&r));
    let e = r
        .corpus
        .entities
        .iter()
        .position(|x| x.name == words)
        .map(EntityIdx)
        .expect("the new entity");
    assert_eq!(r.corpus.entities[e].kind, EntityKind::Person);
    assert!(!r.corpus.entities[e].suggested);
    let p = &r.corpus.articles[loc.article].passages[loc.passage];
    assert!(
        p.mentions
            .iter()
            .any(|m| m.entity == e && p.text[m.range.clone()] == words),
        "the words link to it"
    );
    assert_eq!(
        r.cursor_mention().map(|m| m.entity),
        Some(e),
        "the mention cursor is on the words just linked"
    );
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
    assert!(r.corpus.entities.iter().all(|x| x.name != words));

    // A `+` typed after the words the prompt starts with asks the same.
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::WordNext));
    key(&mut r, cur(CurateKey::Link));
    typed(&mut r, "+");
    enter(&mut r);
    match prompt_of(&r) {
        Some(Prompt::NewEntityKind { name, .. }) => assert_eq!(name, words),
        other => panic!("{other:?}"),
    }
    key(&mut r, Action::Edit(Edit::Cancel));
    assert_eq!(json_files(&root), base);

    // The same words, to an entity found by a part of its name.
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::WordNext));
    key(&mut r, cur(CurateKey::Link));
    answer(&mut r, "kaza");
    assert!(status(&r).contains("links to “Kazan”"), "{}", status(&r));
    let k = r.corpus.entity_index("kazan").unwrap();
    let p = &r.corpus.articles[loc.article].passages[loc.passage];
    assert!(
        p.mentions
            .iter()
            .any(|m| m.entity == k && p.text[m.range.clone()] == words)
    );
    assert_eq!(r.cursor_mention().map(|m| m.entity), Some(k));
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
    assert_eq!(r.mention_cursor(), None, "no mention was there before");

    // A selection across two passages is not linked.
    key(&mut r, Action::Select);
    key(&mut r, Action::Selection(Sel::PassagePrev));
    assert_eq!(r.focus, loc.passage - 1);
    key(&mut r, cur(CurateKey::Link));
    assert!(status(&r).contains("one passage"), "{}", status(&r));
    assert!(r.input.is_none());
    key(&mut r, Action::Edit(Edit::Cancel));
    assert_eq!(json_files(&root), base);
}

#[test]
fn an_unlinked_mention_is_linked_from_its_row_in_the_card() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    // Without the alias "Chicherin", the surname alone goes unlinked.
    select(&mut r, "chicherin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "x");
    answer(&mut r, "Chicherin");
    let base = json_files(&root);
    let e = r.corpus.entity_index("chicherin").unwrap();
    let found = r.unlinked_of(e).len();
    assert!(found >= 1, "{found}");
    let mentions = r.corpus.entities[e].mentions.len();
    r.overlay = Some(Overlay::Card(CardState {
        entity: e,
        sel: 0,
        stack: Vec::new(),
    }));
    let rows = r.card_rows(e);
    assert_eq!(
        rows.iter()
            .filter(|i| matches!(i, CardItem::Unlinked(_)))
            .count(),
        found
    );
    // The last of them: the selection moves onto it as onto any other row.
    for _ in 1..found {
        key(&mut r, Action::Down);
    }
    let u = r.unlinked_of(e)[found - 1].clone();
    key(&mut r, cur(CurateKey::Link));
    assert!(
        status(&r).contains("links to “Georgy Chicherin”"),
        "{}",
        status(&r)
    );
    let e = r.corpus.entity_index("chicherin").unwrap();
    assert_eq!(r.unlinked_of(e).len(), found - 1, "one place linked");
    assert_eq!(r.corpus.entities[e].mentions.len(), mentions + 1);
    let p = &r.corpus.articles[u.loc.article].passages[u.loc.passage];
    assert!(
        p.mentions
            .iter()
            .any(|m| m.entity == e && m.range == u.range),
        "the row's place is linked"
    );
    assert!(
        matches!(r.overlay, Some(Overlay::Card(_))),
        "the card stays"
    );
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);

    // On a row that is not an unlinked mention, the key says what it needs.
    let rows = r.card_rows(e).len();
    if let Some(Overlay::Card(c)) = r.overlay.as_mut() {
        c.sel = rows - 1;
    }
    key(&mut r, cur(CurateKey::Link));
    assert!(status(&r).contains("select an unlinked"), "{}", status(&r));
    assert_eq!(json_files(&root), base);

    // Enter on an unlinked row goes to its place, as on a mention's row.
    if let Some(Overlay::Card(c)) = r.overlay.as_mut() {
        c.sel = 0;
    }
    let u = r.unlinked_of(e)[0].clone();
    key(&mut r, Action::Activate);
    assert!(r.overlay.is_none());
    assert_eq!(r.loc(), u.loc);
    assert!(status(&r).contains("is not linked here"), "{}", status(&r));
}

#[test]
fn the_change_menu_lists_every_choice_with_its_key_at_80x24_and_120x40() {
    let d = copy();
    let root = pack(&d);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut r = open(&root);
        key(&mut r, Action::Resize(w, h));
        select(&mut r, "chicherin");
        key(&mut r, cur(CurateKey::Menu));
        let screen =
            crate::common::buffer_text(&crate::common::draw(&r, lectern::ui::Theme::colour(false)));
        assert!(screen.contains("Change Georgy Chicherin"), "{screen}");
        for (k, what) in ENTITY_MENU {
            assert!(
                screen.lines().any(|l| l.contains(&format!("{k}  {what}"))),
                "{w}x{h}: {k} {what}:\n{screen}"
            );
        }
        // A letter still picks the change.
        typed(&mut r, "a");
        assert!(matches!(prompt_of(&r), Some(Prompt::AddAlias(_))));
        let screen =
            crate::common::buffer_text(&crate::common::draw(&r, lectern::ui::Theme::colour(false)));
        assert!(!screen.contains("merge into another entity"), "{screen}");
    }
}

#[test]
fn linking_all_takes_every_unlinked_occurrence_a_passage_holds() {
    let d = copy();
    let root = pack(&d);
    // A passage naming Chicherin three times in lower case, far enough
    // apart for each to be quoted on its own.
    let file = root.join("articles/rapallo-1922-1932.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n\nA margin note reads chicherin, as the clerk spelt it; a later hand \
         wrote chicherin again beside the date, and at the foot of the page a \
         third chicherin appears.\n",
    );
    std::fs::write(&file, text).unwrap();
    let mut r = open(&root);
    let base = json_files(&root);
    let e = r.corpus.entity_index("chicherin").unwrap();
    let found = lectern::curate::unlinked::find(&r.corpus, e);
    let mut per_passage = std::collections::BTreeMap::<PassageLoc, usize>::new();
    for u in &found {
        *per_passage.entry(u.loc).or_default() += 1;
    }
    assert!(
        per_passage.values().any(|&n| n >= 3),
        "a passage holds several: {per_passage:?}"
    );
    select(&mut r, "chicherin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "L");
    assert!(
        status(&r).contains("linked to “Georgy Chicherin”"),
        "{}",
        status(&r)
    );
    let e = r.corpus.entity_index("chicherin").unwrap();
    for u in &found {
        let p = &r.corpus.articles[u.loc.article].passages[u.loc.passage];
        assert!(
            p.mentions
                .iter()
                .any(|m| m.entity == e && m.range == u.range),
            "§{} “{}” at {:?} is linked",
            u.loc.passage + 1,
            &p.text[u.range.clone()],
            u.range
        );
    }
    assert!(lectern::curate::unlinked::find(&r.corpus, e).is_empty());
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
}

#[test]
fn an_unlinked_mention_after_a_correction_is_linked_where_it_is_printed() {
    let d = copy();
    let root = pack(&d);
    // Printed, the middle name is a slip; corrected, the passage names
    // Chicherin three times in lower case, the middle one on the correction.
    let file = root.join("articles/rapallo-1922-1932.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n\nA margin note names chicherin first; the clerk then wrote chlcherin \
         beside the date, and at the foot of the page chicherin appears again.\n",
    );
    std::fs::write(&file, text).unwrap();
    let corpus_json = root.join("corpus.json");
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&corpus_json).unwrap()).unwrap();
    let article = c["articles"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["id"] == "rapallo-1922-1932")
        .unwrap();
    let fix = serde_json::json!({"original": "chlcherin", "corrected": "chicherin"});
    match article.get_mut("corrections") {
        Some(list) => list.as_array_mut().unwrap().push(fix),
        None => article["corrections"] = serde_json::json!([fix]),
    }
    std::fs::write(&corpus_json, serde_json::to_string_pretty(&c).unwrap()).unwrap();
    let mut r = open(&root);
    let e = r.corpus.entity_index("chicherin").unwrap();
    let found = r.unlinked_of(e);
    let loc = found.last().unwrap().loc;
    let here: Vec<_> = found.iter().filter(|u| u.loc == loc).cloned().collect();
    assert_eq!(here.len(), 3, "{here:?}");
    let p = &r.corpus.articles[loc.article].passages[loc.passage];
    assert!(p.original.is_some(), "the passage has a correction");
    let linked = |r: &Reader, u: &lectern::curate::unlinked::Unlinked| {
        let e = r.corpus.entity_index("chicherin").unwrap();
        r.corpus.articles[u.loc.article].passages[u.loc.passage]
            .mentions
            .iter()
            .any(|m| m.entity == e && m.range == u.range)
    };

    // The last, from its row in the card: the third in the corrected
    // text, the second as printed.
    let row = found.len() - 1;
    r.overlay = Some(Overlay::Card(CardState {
        entity: e,
        sel: row,
        stack: Vec::new(),
    }));
    key(&mut r, cur(CurateKey::Link));
    assert!(
        status(&r).contains("links to “Georgy Chicherin”"),
        "{}",
        status(&r)
    );
    assert!(linked(&r, &here[2]), "the row's own place is linked");
    assert!(!linked(&r, &here[0]) && !linked(&r, &here[1]));
    check(&root);
    key(&mut r, Action::Undo);
    assert!(!linked(&r, &here[2]), "undone");
    // The files as the pack writes them, for the undo below to match.
    let base = json_files(&root);

    // All at once: every one but the words on the correction.
    key(&mut r, Action::Close);
    select(&mut r, "chicherin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "L");
    assert!(
        linked(&r, &here[0]) && linked(&r, &here[2]),
        "{}",
        status(&r)
    );
    assert!(!linked(&r, &here[1]), "a link may not overlap a correction");
    check(&root);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), base);
}

#[test]
fn without_a_data_directory_words_are_still_selected_to_link_but_not_highlighted() {
    let d = copy();
    let root = pack(&d);
    // No data directory: no store.
    let mut r = open(&root);
    assert!(r.store.is_none());
    key(&mut r, Action::Select);
    assert!(r.selection.is_some(), "{}", status(&r));
    key(
        &mut r,
        Action::Selection(Sel::Mark(lectern::store::Colour::Yellow)),
    );
    assert!(status(&r).contains("no data directory"), "{}", status(&r));
    assert!(r.highlights.is_empty());
    key(&mut r, Action::Select);
    key(&mut r, cur(CurateKey::Link));
    assert!(r.input.is_some(), "the link prompt opens: {}", status(&r));

    // A pack that cannot be changed has no use for a selection then.
    let c = r.corpus.clone();
    let mut plain = Reader::new(c, 120, 40);
    key(&mut plain, Action::Select);
    assert!(plain.selection.is_none());
    assert!(
        status(&plain).contains("highlights are off"),
        "{}",
        status(&plain)
    );
}
