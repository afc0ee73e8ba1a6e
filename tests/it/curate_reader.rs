//! Curation through the reader's keys: each change reaches the files and
//! the panes, and `u` takes it back, the latest first.

use std::path::Path;
use std::sync::Arc;

use super::curate::{copy, json_files, pack};
use crate::common::reader;
use lectern::corpus::types::EntityKind;
use lectern::corpus::{self, PackSource};
use lectern::curate::Curator;
use lectern::reader::{Action, CurateKey, Edit, Pane, Reader, Target, update};

pub fn open(root: &Path) -> Reader {
    let c = corpus::load(&PackSource::dir(root).unwrap()).unwrap();
    let mut r = Reader::new(Arc::new(c), 120, 40);
    r.attach_curator(Curator::open(root, 64 << 20).unwrap());
    r
}

/// One key, as the event loop handles it: update, then write.
pub fn key(r: &mut Reader, a: Action) {
    update(r, a);
    r.flush_curation();
}

pub fn cur(k: CurateKey) -> Action {
    Action::Curate(k)
}

pub fn typed(r: &mut Reader, s: &str) {
    for c in s.chars() {
        key(r, Action::Edit(Edit::Char(c)));
    }
}

pub fn enter(r: &mut Reader) {
    key(r, Action::Edit(Edit::Submit));
}

/// Replaces what a prompt holds with `s` and submits it.
pub fn answer(r: &mut Reader, s: &str) {
    key(r, Action::Edit(Edit::Clear));
    typed(r, s);
    enter(r);
}

pub fn select(r: &mut Reader, id: &str) {
    let e = r.corpus.entity_index(id).unwrap();
    r.pane = Pane::Document;
    r.target = Some(Target::Entity(e));
}

fn entity<'a>(r: &'a Reader, id: &str) -> Option<&'a corpus::Entity> {
    r.corpus.entities.iter().find(|e| e.id == id)
}

pub fn status(r: &Reader) -> String {
    r.status.clone().unwrap_or_default()
}

#[test]
fn on_the_embedded_corpus_curation_names_lectern_init() {
    let mut r = reader(120, 40);
    for k in [
        CurateKey::Accept,
        CurateKey::Reject,
        CurateKey::Rename,
        CurateKey::Menu,
        CurateKey::NewEvent,
        CurateKey::TourStep,
    ] {
        key(&mut r, cur(k));
        assert!(status(&r).contains("lectern init"), "{k:?}: {}", status(&r));
        assert!(r.input.is_none() && !r.curation_queued());
    }
}

/// Each change made with the keys shows in the reader and in the files;
/// `u` restores both.
#[test]
fn each_curation_key_changes_pack_and_panes_and_u_takes_it_back() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let base = json_files(&root);
    type Step = (&'static str, fn(&mut Reader), fn(&Reader) -> bool);
    let steps: Vec<Step> = vec![
        (
            "reject",
            |r| {
                select(r, "lenin");
                key(r, cur(CurateKey::Reject));
            },
            |r| entity(r, "lenin").is_none(),
        ),
        (
            "rename",
            |r| {
                select(r, "kazan");
                key(r, cur(CurateKey::Rename));
                answer(r, "Kazan on the Volga");
            },
            |r| entity(r, "kazan").unwrap().name == "Kazan on the Volga",
        ),
        (
            "kind",
            |r| {
                select(r, "reichswehr");
                key(r, cur(CurateKey::Menu));
                typed(r, "k");
                answer(r, "grou");
            },
            |r| entity(r, "reichswehr").unwrap().kind == EntityKind::Group,
        ),
        (
            "add alias",
            |r| {
                select(r, "stalin");
                key(r, cur(CurateKey::Menu));
                typed(r, "a");
                answer(r, "Koba");
            },
            |r| {
                entity(r, "stalin")
                    .unwrap()
                    .aliases
                    .contains(&"Koba".to_owned())
            },
        ),
        (
            "remove alias",
            |r| {
                select(r, "chicherin");
                key(r, cur(CurateKey::Menu));
                typed(r, "x");
                answer(r, "Georgiy Chicherin");
            },
            |r| {
                !entity(r, "chicherin")
                    .unwrap()
                    .aliases
                    .contains(&"Georgiy Chicherin".to_owned())
            },
        ),
        (
            "summary",
            |r| {
                select(r, "kazan");
                key(r, cur(CurateKey::Menu));
                typed(r, "s");
                answer(r, "On the Volga.");
            },
            |r| entity(r, "kazan").unwrap().summary == "On the Volga.",
        ),
        (
            "relate",
            |r| {
                select(r, "kazan");
                key(r, cur(CurateKey::Menu));
                typed(r, "l");
                answer(r, "hitl");
            },
            |r| {
                let h = r.corpus.entity_index("hitler").unwrap();
                entity(r, "kazan").unwrap().related.contains(&h)
            },
        ),
        (
            "merge",
            |r| {
                select(r, "rathenau");
                key(r, cur(CurateKey::Menu));
                typed(r, "m");
                answer(r, "Georgy Chicherin");
            },
            |r| {
                entity(r, "rathenau").is_none()
                    && entity(r, "chicherin")
                        .unwrap()
                        .aliases
                        .contains(&"Rathenau".to_owned())
            },
        ),
        (
            "new event",
            |r| {
                key(r, cur(CurateKey::NewEvent));
                answer(r, "1933~");
                answer(r, "Something happened");
            },
            |r| {
                r.corpus.events.iter().any(|e| {
                    e.title == "Something happened"
                        && e.passages.contains(&r.loc())
                        && e.date.to_edtf() == "1933~"
                })
            },
        ),
        (
            "re-date",
            |r| {
                r.pane = Pane::Timeline;
                r.event_sel = r.corpus.event_index("armistice").unwrap();
                key(r, cur(CurateKey::Menu));
                typed(r, "d");
                answer(r, "1918-11");
            },
            |r| {
                r.corpus
                    .events
                    .iter()
                    .any(|e| e.id == "armistice" && e.date.to_edtf() == "1918-11")
            },
        ),
        (
            "retitle",
            |r| {
                r.pane = Pane::Timeline;
                r.event_sel = r.corpus.event_index("armistice").unwrap();
                key(r, cur(CurateKey::Rename));
                answer(r, "Guns fall silent");
            },
            |r| {
                r.corpus
                    .events
                    .iter()
                    .any(|e| e.title == "Guns fall silent")
            },
        ),
        (
            "attach",
            |r| {
                r.pane = Pane::Timeline;
                r.event_sel = r.corpus.event_index("armistice").unwrap();
                key(r, cur(CurateKey::Menu));
                typed(r, "p");
            },
            |r| {
                let ev = r.corpus.event_index("armistice").unwrap();
                r.corpus.events[ev].passages.contains(&r.loc())
            },
        ),
        (
            "reject event",
            |r| {
                r.pane = Pane::Timeline;
                r.event_sel = r.corpus.event_index("armistice").unwrap();
                key(r, cur(CurateKey::Reject));
            },
            |r| r.corpus.event_index("armistice").is_none(),
        ),
        (
            "tour step",
            |r| {
                r.pane = Pane::Document;
                key(r, cur(CurateKey::TourStep));
                answer(r, "Worth a look.");
            },
            |r| {
                r.corpus
                    .tours
                    .iter()
                    .any(|t| t.steps.iter().any(|s| s.commentary == "Worth a look."))
            },
        ),
    ];
    // Start away from the first passage, where events and tours begin.
    for _ in 0..3 {
        key(&mut r, Action::NextPassage);
    }
    let mut snapshots = Vec::new();
    for (name, act, holds) in &steps {
        snapshots.push(json_files(&root));
        act(&mut r);
        assert!(r.input.is_none(), "{name}: a prompt is still open");
        assert!(holds(&r), "{name}: not in the reader: {}", status(&r));
        assert!(status(&r).contains("u undoes"), "{name}: {}", status(&r));
        let c = corpus::load(&PackSource::dir(&root).unwrap()).unwrap();
        let mut fresh = Reader::new(Arc::new(c), 120, 40);
        fresh.article = r.article;
        fresh.focus = r.focus;
        assert!(holds(&fresh), "{name}: not in the files");
    }
    // Undo walks back through every change, the latest first.
    for (name, _, _) in steps.iter().rev() {
        key(&mut r, Action::Undo);
        assert!(status(&r).starts_with("undone"), "{name}: {}", status(&r));
        assert_eq!(
            json_files(&root),
            snapshots.pop().unwrap(),
            "{name}: undo did not restore the files"
        );
    }
    assert_eq!(json_files(&root), base);
    key(&mut r, Action::Undo);
    assert_eq!(status(&r), "nothing to undo");
    // The reader shows the pack as it was.
    assert!(entity(&r, "lenin").is_some() && entity(&r, "rathenau").is_some());
}

/// What a change did is said of the entity or event by the name the
/// reader shows, though it is gone once the change is made; the undo says
/// the same.
#[test]
fn a_change_is_said_of_what_the_reader_shows_by_name() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let name = entity(&r, "lenin").unwrap().name.clone();
    select(&mut r, "lenin");
    key(&mut r, cur(CurateKey::Reject));
    assert!(entity(&r, "lenin").is_none());
    let said = status(&r);
    assert!(said.starts_with(&format!("rejected “{name}”")), "{said}");
    key(&mut r, Action::Undo);
    assert!(
        status(&r).contains(&format!("rejected “{name}”")),
        "{}",
        status(&r)
    );
    let ev = r.corpus.event_index("armistice").unwrap();
    let title = r.corpus.events[ev].title.clone();
    r.pane = Pane::Timeline;
    r.event_sel = ev;
    key(&mut r, cur(CurateKey::Reject));
    // Named as the reader shows it, cut with … when long.
    let said = status(&r);
    let shown = said
        .strip_prefix("rejected event “")
        .and_then(|s| s.split_once('”'))
        .map(|(t, _)| t.trim_end_matches('…'))
        .unwrap_or_default();
    assert!(shown.len() > 8 && title.starts_with(shown), "{said}");
}

#[test]
fn a_wrong_date_keeps_the_prompt_open_and_shows_how_a_good_one_reads() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    key(&mut r, cur(CurateKey::NewEvent));
    typed(&mut r, "c. 1933");
    let Some(lectern::reader::InputKind::Curate(p)) = r.input.as_ref().map(|i| i.kind.clone())
    else {
        panic!("no prompt")
    };
    let (_, hint) = lectern::reader::prompt_line(&r, &p, "c. 1933");
    assert!(hint.starts_with('✗'), "{hint}");
    let (_, hint) = lectern::reader::prompt_line(&r, &p, "1933~");
    assert!(hint.contains("c. 1933"), "{hint}");
    let (_, hint) = lectern::reader::prompt_line(&r, &p, "1928/1929");
    assert!(hint.contains("1928–1929"), "{hint}");
    enter(&mut r);
    assert!(r.input.is_some(), "a wrong date does not close the prompt");
    assert!(status(&r).contains("not a date"), "{}", status(&r));
    let before = json_files(&root);
    key(&mut r, Action::Edit(Edit::Cancel));
    assert_eq!(
        json_files(&root),
        before,
        "a cancelled prompt writes nothing"
    );
}

#[test]
fn an_invalid_change_is_refused_in_the_status_and_changes_nothing() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let before = json_files(&root);
    select(&mut r, "stalin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "a");
    answer(&mut r, "Chicherin");
    assert!(
        status(&r).contains("Chicherin") && status(&r).contains("invalid"),
        "{}",
        status(&r)
    );
    assert_eq!(json_files(&root), before);
    key(&mut r, Action::Undo);
    assert_eq!(
        status(&r),
        "nothing to undo",
        "a refused change leaves nothing to undo"
    );
}

#[test]
fn an_edit_on_disk_survives_a_change_in_the_reader() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let path = root.join("entities.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen(
        "\"name\": \"Kazan\"",
        "\"name\": \"Kazan\",\n    \"aliases\": [\"Qazan\"]",
        1,
    );
    // The embedded entity has an empty alias list of its own; replace it.
    let edited = edited.replacen(
        "\"aliases\": [\"Qazan\"],\n    \"aliases\": [],",
        "\"aliases\": [\"Qazan\"],",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    select(&mut r, "stalin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "a");
    answer(&mut r, "Koba");
    assert!(status(&r).contains("again"), "{}", status(&r));
    assert!(
        entity(&r, "kazan")
            .unwrap()
            .aliases
            .contains(&"Qazan".to_owned())
    );
    assert!(
        entity(&r, "stalin")
            .unwrap()
            .aliases
            .contains(&"Koba".to_owned())
    );
    let c = corpus::load(&PackSource::dir(&root).unwrap()).unwrap();
    let k = c.entity_index("kazan").unwrap();
    let s = c.entity_index("stalin").unwrap();
    assert!(c.entities[k].aliases.contains(&"Qazan".to_owned()));
    assert!(c.entities[s].aliases.contains(&"Koba".to_owned()));
}

/// A pack as `lectern import` makes it from the test sources: every entity
/// and event a suggestion.
pub fn imported() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pack");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sources");
    let o = std::process::Command::new(crate::common::BIN)
        .arg("import")
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .env("LECTERN_DATA_DIR", d.path().join("data"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (d, out)
}

#[test]
fn accepting_suggestions_counts_down_and_the_filter_shows_only_those_left() {
    let (_d, root) = imported();
    let mut r = open(&root);
    let (e0, v0) = r.to_review();
    assert!(e0 > 3 && v0 > 1, "{e0} {v0}");
    key(&mut r, cur(CurateKey::Suggestions));
    assert!(r.curation.suggestions_only);
    let (here, rest) = r.sidebar();
    assert!(!here.is_empty());
    let first = here[0];
    // Accept the passage's first entity through the sidebar, as a reader would.
    key(&mut r, Action::FocusNext);
    assert_eq!(r.pane, Pane::Entities);
    assert_eq!(r.selected_entity(), Some(first));
    let id = r.corpus.entities[first].id.clone();
    key(&mut r, cur(CurateKey::Accept));
    assert!(status(&r).contains("accepted"), "{}", status(&r));
    assert_eq!(r.to_review(), (e0 - 1, v0));
    let e = r.corpus.entity_index(&id).unwrap();
    assert!(!r.corpus.entities[e].suggested);
    let (here2, rest2) = r.sidebar();
    assert!(
        !here2.contains(&e) && !rest2.contains(&e),
        "the filter hides what is accepted"
    );
    assert_eq!(here2.len() + rest2.len() + 1, here.len() + rest.len());
    for x in here2.iter().chain(&rest2) {
        assert!(r.corpus.entities[*x].suggested);
    }
    // In the file: the status field is gone from that entity only.
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("entities.json")).unwrap()).unwrap();
    let statuses: Vec<bool> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.get("status").is_some())
        .collect();
    assert_eq!(statuses.iter().filter(|s| !**s).count(), 1);
    // An event in the timeline.
    r.pane = Pane::Timeline;
    r.event_sel = lectern::corpus::EventIdx(0);
    key(&mut r, cur(CurateKey::Accept));
    assert_eq!(r.to_review(), (e0 - 1, v0 - 1));
    key(&mut r, Action::Undo);
    key(&mut r, Action::Undo);
    assert_eq!(r.to_review(), (e0, v0));
}

#[test]
fn words_are_linked_and_one_mention_unlinked_at_one_place_only() {
    let d = copy();
    let root = pack(&d);
    let before = hand_links(&root);
    let mut r = open(&root);
    // A passage mentioning Germany more than once, in the corpus.
    let g = r.corpus.entity_index("germany").unwrap();
    let total = r.corpus.entities[g].mentions.len();
    let at = r.corpus.entities[g].mentions[0].loc;
    while r.article != at.article {
        key(&mut r, Action::NextArticle);
    }
    while r.focus != at.passage {
        key(&mut r, Action::NextPassage);
    }
    select(&mut r, "germany");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "u");
    assert!(status(&r).contains("links to nothing"), "{}", status(&r));
    let g = r.corpus.entity_index("germany").unwrap();
    assert_eq!(r.corpus.entities[g].mentions.len(), total - 1);
    // Link words no spelling matches: the first word of the passage.
    let p = &r.corpus.articles[r.article].passages[r.focus];
    let word: String = p
        .text
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned();
    select(&mut r, "kazan");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "w");
    answer(&mut r, &word);
    assert!(status(&r).contains("links to “Kazan”"), "{}", status(&r));
    let k = r.corpus.entity_index("kazan").unwrap();
    let p = &r.corpus.articles[r.article].passages[r.focus];
    assert!(
        p.mentions
            .iter()
            .any(|m| m.entity == k && p.text[m.range.clone()] == word),
        "“{word}” links to Kazan"
    );
    // Both are hand links in corpus.json.
    assert_eq!(hand_links(&root), before + 2);
    key(&mut r, Action::Undo);
    key(&mut r, Action::Undo);
    let g = r.corpus.entity_index("germany").unwrap();
    assert_eq!(r.corpus.entities[g].mentions.len(), total);
    assert_eq!(hand_links(&root), before);
}

/// The link overrides of every article in corpus.json.
fn hand_links(root: &Path) -> usize {
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("corpus.json")).unwrap()).unwrap();
    c["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.get("links")
                .and_then(|l| l.as_array())
                .map_or(0, Vec::len)
        })
        .sum()
}

#[test]
fn a_dispute_is_marked_in_compare_from_two_passages_and_undone() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let ev = r
        .corpus
        .event_indices()
        .find(|&e| r.corpus.events[e].passages.len() >= 2)
        .unwrap();
    let id = r.corpus.events[ev].id.clone();
    let before = r.corpus.events[ev].disputes.len();
    let files = json_files(&root);
    r.target = Some(Target::Event(ev));
    r.overlay = Some(lectern::reader::Overlay::Compare { event: ev, sel: 0 });
    key(&mut r, cur(CurateKey::Dispute));
    answer(&mut r, "one thing");
    assert!(status(&r).contains("claim noted"), "{}", status(&r));
    key(&mut r, Action::Down);
    key(&mut r, cur(CurateKey::Dispute));
    answer(&mut r, "another");
    answer(&mut r, "Which is it?");
    assert!(status(&r).contains("dispute added"), "{}", status(&r));
    let ev = r.corpus.event_index(&id).unwrap();
    let ds = &r.corpus.events[ev].disputes;
    assert_eq!(ds.len(), before + 1);
    let new = ds.iter().find(|d| d.topic == "Which is it?").unwrap();
    let says: Vec<&str> = new.claims.iter().map(|c| c.says.as_str()).collect();
    assert_eq!(says, ["one thing", "another"]);
    assert_ne!(new.claims[0].loc, new.claims[1].loc);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), files);
}

#[test]
fn unlinked_mentions_are_found_and_linked_all_at_once() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    // Without the alias "Chicherin", the surname alone goes unlinked.
    select(&mut r, "chicherin");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "x");
    answer(&mut r, "Chicherin");
    let e = r.corpus.entity_index("chicherin").unwrap();
    let found = lectern::curate::unlinked::find(&r.corpus, e);
    assert!(!found.is_empty());
    for u in &found {
        let p = &r.corpus.articles[u.loc.article].passages[u.loc.passage];
        assert_eq!(&p.text[u.range.clone()], "Chicherin");
        assert!(
            !p.mentions
                .iter()
                .any(|m| m.range.start < u.range.end && u.range.start < m.range.end),
            "an unlinked place overlaps no mention"
        );
    }
    // The card lists them.
    r.overlay = Some(lectern::reader::Overlay::Card(lectern::reader::CardState {
        entity: e,
        sel: 0,
        stack: Vec::new(),
    }));
    let screen =
        crate::common::buffer_text(&crate::common::draw(&r, lectern::ui::Theme::colour(false)));
    assert!(
        screen.contains(&format!("Unlinked mentions ({})", found.len())),
        "{screen}"
    );
    let before = r.corpus.entities[e].mentions.len();
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "L");
    assert!(
        status(&r).contains("linked to “Georgy Chicherin”"),
        "{}",
        status(&r)
    );
    let e = r.corpus.entity_index("chicherin").unwrap();
    assert!(r.corpus.entities[e].mentions.len() > before);
    assert!(lectern::curate::unlinked::find(&r.corpus, e).len() < found.len());
    key(&mut r, Action::Undo);
    let e = r.corpus.entity_index("chicherin").unwrap();
    assert_eq!(r.corpus.entities[e].mentions.len(), before);
}

#[test]
fn other_entities_are_found_by_fuzzy_names_exact_matches_first() {
    let c = &crate::common::CORPUS;
    let first = |q: &str| {
        c.entities[lectern::reader::find_entities(c, q)[0]]
            .id
            .clone()
    };
    assert_eq!(first("chich"), "chicherin");
    assert_eq!(first("rathnau"), "rathenau", "a letter left out");
    assert_eq!(first("lenin"), "lenin");
    assert_eq!(first("Stalin"), "stalin");
    assert!(lectern::reader::find_entities(c, "zzqx").is_empty());
    assert!(lectern::reader::find_entities(c, "  ").is_empty());
    // Every entity is found first by its own id.
    for e in c.entity_indices() {
        let id = &c.entities[e].id;
        assert_eq!(&first(id), id);
    }
}

#[test]
fn a_kind_that_is_none_keeps_the_prompt_open_with_what_was_typed() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    let before = json_files(&root);
    select(&mut r, "reichswehr");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "k");
    for wrong in ["", "zzz", "p"] {
        answer(&mut r, wrong);
        assert!(status(&r).contains("kind"), "{}", status(&r));
        assert_eq!(r.input.as_ref().map(|i| i.text.as_str()), Some(wrong));
    }
    answer(&mut r, "grou");
    assert_eq!(entity(&r, "reichswehr").unwrap().kind, EntityKind::Group);
    key(&mut r, Action::Undo);
    assert_eq!(json_files(&root), before);
}

#[test]
fn every_kind_is_reached_with_the_arrows_and_taken_with_enter_at_80x24() {
    let d = copy();
    let root = pack(&d);
    let mut r = open(&root);
    key(&mut r, Action::Resize(80, 24));
    let before = json_files(&root);
    let screen = |r: &Reader| {
        crate::common::buffer_text(&crate::common::draw(r, lectern::ui::Theme::colour(false)))
    };
    let row = |k: EntityKind| format!("{:<14}{}", k.label(), k.tag());
    let mut changes = 0;
    for (i, kind) in EntityKind::ALL.into_iter().enumerate() {
        select(&mut r, "reichswehr");
        key(&mut r, cur(CurateKey::Menu));
        typed(&mut r, "k");
        let s = screen(&r);
        for k in EntityKind::ALL {
            assert!(s.contains(&row(k)), "{} listed:\n{s}", k.label());
        }
        assert!(!s.contains('▸'), "none chosen before an arrow:\n{s}");
        let now = entity(&r, "reichswehr").unwrap().kind;
        assert!(s.contains(&format!("{}  now", row(now))), "{s}");
        assert_eq!(s.matches("  now").count(), 1, "{s}");
        // Down from none is the first; Tab steps as Down does.
        for n in 0..=i {
            let e = if n % 2 == 0 {
                Edit::Newer
            } else {
                Edit::Results
            };
            key(&mut r, Action::Edit(e));
        }
        let s = screen(&r);
        assert!(s.contains(&format!("▸ {}", row(kind))), "{s}");
        assert!(s.contains(&format!("→ {} — Enter", kind.label())), "{s}");
        enter(&mut r);
        assert_eq!(entity(&r, "reichswehr").unwrap().kind, kind);
        changes += 1;
    }
    // Up from none is the last; on round to the first.
    select(&mut r, "reichswehr");
    key(&mut r, cur(CurateKey::Menu));
    typed(&mut r, "k");
    key(&mut r, Action::Edit(Edit::Older));
    assert!(screen(&r).contains(&format!("▸ {}", row(EntityKind::Policy))));
    key(&mut r, Action::Edit(Edit::Newer));
    assert!(screen(&r).contains(&format!("▸ {}", row(EntityKind::Person))));
    // Typing filters the list and starts the choice again.
    typed(&mut r, "p");
    let s = screen(&r);
    assert!(!s.contains('▸'), "{s}");
    assert!(!s.contains(&row(EntityKind::State)), "{s}");
    key(&mut r, Action::Edit(Edit::Newer));
    key(&mut r, Action::Edit(Edit::Newer));
    enter(&mut r);
    assert_eq!(entity(&r, "reichswehr").unwrap().kind, EntityKind::Place);
    changes += 1;
    for _ in 0..changes {
        key(&mut r, Action::Undo);
    }
    assert_eq!(json_files(&root), before);
}
