//! The embedded pack, loaded through the library: mentions are linked by
//! every spelling, on whole words, longest match first; every reference in
//! the pack resolves; corrections are applied with the print kept.

use lectern::corpus::ArticleIdx;
use std::collections::HashSet;
use std::sync::LazyLock;

use lectern::corpus::{Corpus, Mention, PassageLoc};

static CORPUS: LazyLock<Corpus> =
    LazyLock::new(|| lectern::corpus::embedded().expect("the embedded corpus loads"));

fn corpus() -> &'static Corpus {
    &CORPUS
}

fn content(rel: &str) -> serde_json::Value {
    let path = format!("{}/content/{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every version of every passage: (where, text, mentions), printed and corrected.
fn texts(c: &Corpus) -> Vec<(String, &str, &[Mention])> {
    let mut out = Vec::new();
    for a in &c.articles {
        for (i, p) in a.passages.iter().enumerate() {
            out.push((
                format!("{} passage {}", a.id, i + 1),
                p.text.as_str(),
                &p.mentions[..],
            ));
            if let Some(o) = &p.original {
                out.push((
                    format!("{} passage {} (as printed)", a.id, i + 1),
                    o.as_str(),
                    &p.original_mentions[..],
                ));
            }
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` is not part of a longer word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let s = &text[start..end];
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let starts_word = s.chars().next().is_some_and(is_word);
    let ends_word = s.chars().next_back().is_some_and(is_word);
    let clash_before = starts_word && before.is_some_and(is_word);
    let clash_after = ends_word && after.is_some_and(is_word);
    !(clash_before || clash_after)
}

/// The entity ids a spelling is linked to wherever it is a whole mention.
fn linked_ids<'a>(c: &'a Corpus, spelling: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (_, text, mentions) in texts(c) {
        for m in mentions {
            if &text[m.range.clone()] == spelling {
                out.push(c.entities[m.entity].id.as_str());
            }
        }
    }
    out
}

/// Whether `range` of a passage's text lies inside the quote of a link
/// override of its article (`place` begins with the article id).
fn overridden(place: &str, text: &str, range: std::ops::Range<usize>) -> bool {
    let spec = content("corpus.json");
    let article = place.split(' ').next().unwrap_or_default();
    spec["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"] == article)
        .flat_map(|a| a["links"].as_array().cloned().unwrap_or_default())
        .any(|l| {
            let q = l["quote"].as_str().unwrap();
            text.match_indices(q)
                .any(|(at, _)| at <= range.start && range.end <= at + q.len())
        })
}

/// The entity id (or None) linked at the first occurrence of `word` after
/// `context` in article `article`, as shown.
fn link_at(c: &Corpus, article: &str, context: &str, word: &str) -> Option<String> {
    let a = &c.articles[c.article_index(article).unwrap()];
    for p in &a.passages {
        if let Some(at) = p.text.find(context) {
            let start = at + context.find(word).expect("word inside its context");
            let range = start..start + word.len();
            let covering: Vec<_> = p
                .mentions
                .iter()
                .filter(|m| m.range.start < range.end && range.start < m.range.end)
                .collect();
            assert!(covering.len() <= 1, "{context:?}: {covering:?}");
            return covering.first().map(|m| {
                assert_eq!(m.range, range, "{context:?}: a mention of other words");
                c.entities[m.entity].id.clone()
            });
        }
    }
    panic!("{context:?} is not in {article}");
}

// ---------------------------------------------------------------------------
// Mentions

#[test]
fn words_are_linked_to_what_they_mean_at_each_place() {
    let c = corpus();
    for (article, context, word, want) in [
        (
            "cooperation-1920s",
            "Even before Rapallo",
            "Rapallo",
            Some("rapallo-treaty"),
        ),
        (
            "cooperation-1920s",
            "After Rapallo, the German",
            "Rapallo",
            Some("rapallo-treaty"),
        ),
        (
            "prewar-relations",
            "held at Rapallo, Italy",
            "Rapallo",
            Some("rapallo-town"),
        ),
        (
            "prewar-relations",
            "The next year at Versailles",
            "Versailles",
            Some("paris-conference"),
        ),
        (
            "cooperation-1920s",
            "in defiance of Versailles",
            "Versailles",
            Some("versailles"),
        ),
        (
            "prewar-relations",
            "built German military equipment",
            "German military",
            None,
        ),
        (
            "prewar-relations",
            "arms allowed to the German military",
            "German military",
            Some("reichswehr"),
        ),
        (
            "postwar-accommodation",
            "signing in May 1921 of",
            "May 1921",
            None,
        ),
        (
            "postwar-accommodation",
            "May 1921 of a treaty",
            "treaty",
            Some("may-1921-agreement"),
        ),
        (
            "postwar-accommodation",
            "The treaty paved the way",
            "treaty",
            Some("may-1921-agreement"),
        ),
        (
            "cooperation-1920s",
            "relations with the Western world",
            "Western world",
            None,
        ),
        (
            "postwar-accommodation",
            "good relations with the West first",
            "West",
            None,
        ),
        (
            "cooperation-1920s",
            "the Soviet offensive against Poland",
            "Soviet offensive",
            Some("polish-soviet-war"),
        ),
        (
            "cooperation-1920s",
            "the Soviet offensive against Poland",
            "Poland",
            Some("poland"),
        ),
        (
            "cooperation-1920s",
            "after the Great War",
            "Great War",
            Some("ww1"),
        ),
        (
            "reestablish-relations",
            "leading up to World War II",
            "World War II",
            Some("ww2"),
        ),
        (
            "reestablish-relations",
            "after World War I and",
            "World War I",
            Some("ww1"),
        ),
        (
            "reestablish-relations",
            "the Russian Revolution",
            "Russian Revolution",
            Some("russian-revolution"),
        ),
    ] {
        assert_eq!(
            link_at(c, article, context, word).as_deref(),
            want,
            "{article}: {word:?} in {context:?}"
        );
    }
}

#[test]
fn the_town_of_rapallo_is_linked_only_where_a_place_is_meant() {
    // A place is preceded by a preposition of place; "before Rapallo",
    // "after Rapallo" mean the treaty.
    let c = corpus();
    let town = c.entity_index("rapallo-town").unwrap();
    let mut n = 0;
    for (place, text, mentions) in texts(c) {
        for m in mentions.iter().filter(|m| m.entity == town) {
            n += usize::from(!place.ends_with("(as printed)"));
            let before = text[..m.range.start].to_lowercase();
            assert!(
                ["at ", "in ", "town of "]
                    .iter()
                    .any(|p| before.ends_with(p)),
                "{place}: {:?} is not a place",
                &text[m.range.start.saturating_sub(20)..m.range.end]
            );
        }
    }
    assert_eq!(n, c.entities[town].mentions.len());
    assert!(n >= 3);
}

#[test]
fn every_spelling_in_the_text_is_linked_to_its_entity() {
    let c = corpus();
    let mut checked = 0;
    for (i, e) in c.entities.iter().enumerate() {
        for spelling in std::iter::once(&e.name).chain(&e.aliases) {
            for (place, text, mentions) in texts(c) {
                for (start, _) in text.match_indices(spelling.as_str()) {
                    let end = start + spelling.len();
                    if !whole_word(text, start, end) {
                        continue;
                    }
                    if overridden(&place, text, start..end) {
                        continue;
                    }
                    checked += 1;
                    // Either linked to this entity exactly, or part of a longer mention.
                    let covering = mentions
                        .iter()
                        .find(|m| m.range.start <= start && end <= m.range.end);
                    match covering {
                        Some(m) if m.range == (start..end) => assert_eq!(
                            c.entities[m.entity].id, e.id,
                            "{place}: {spelling:?} is linked to the wrong entity"
                        ),
                        Some(m) => assert!(
                            m.range.len() > spelling.len(),
                            "{place}: {spelling:?} inside {:?}",
                            &text[m.range.clone()]
                        ),
                        None => panic!(
                            "{place}: {spelling:?} (entity {}) at byte {start} is not linked",
                            c.entities[i].id
                        ),
                    }
                }
            }
        }
    }
    assert!(checked >= 200, "only {checked} spellings found in the text");
}

#[test]
fn variant_transliterations_link_to_the_same_entity() {
    let c = corpus();
    for (spellings, id) in [
        (&["Georgy Chicherin", "Georgiy Chicherin"][..], "chicherin"),
        (&["Walther Rathenau", "Walter Rathenau"], "rathenau"),
        (
            &["Treaty of Rapallo", "Rapallo Treaty", "Treatv of Rapallo"],
            "rapallo-treaty",
        ),
        (
            &[
                "Inter-Allied Control Commission",
                "Allied Control Commissions",
                "IMCC",
            ],
            "iacc",
        ),
    ] {
        for s in spellings {
            let ids = linked_ids(c, s);
            assert!(!ids.is_empty(), "{s:?} is never linked");
            assert!(ids.iter().all(|&i| i == id), "{s:?} links to {ids:?}");
        }
    }
    // Both spellings of each name really occur in the articles.
    let all: String = texts(c).iter().map(|(_, t, _)| *t).collect();
    for s in [
        "Georgy Chicherin",
        "Georgiy Chicherin",
        "Walther Rathenau",
        "Walter Rathenau",
    ] {
        assert!(all.contains(s), "{s:?} is not in the articles");
    }
}

#[test]
fn no_mention_is_part_of_a_longer_word() {
    let c = corpus();
    let mut n = 0;
    for (place, text, mentions) in texts(c) {
        for m in mentions {
            n += 1;
            let s = &text[m.range.clone()];
            let before = text[..m.range.start].chars().next_back();
            let after = text[m.range.end..].chars().next();
            assert!(
                !before.is_some_and(char::is_alphanumeric),
                "{place}: {s:?} follows {before:?}"
            );
            assert!(
                !after.is_some_and(char::is_alphanumeric),
                "{place}: {s:?} is followed by {after:?}"
            );
        }
    }
    assert!(n >= 200, "{n} mentions");
}

#[test]
fn words_that_only_contain_a_spelling_are_not_linked() {
    let c = corpus();
    // Each of these words occurs in the text and starts with a shorter spelling.
    for (word, inner) in [
        ("Russian", "Russia"),
        ("European", "Europe"),
        ("Reichswehr", "Reich"),
        ("Western", "West"),
        ("aviation schools", "aviation school"),
    ] {
        let mut seen = 0;
        for (place, text, mentions) in texts(c) {
            for (start, _) in text.match_indices(word) {
                seen += 1;
                let inner = start..start + inner.len();
                assert!(
                    !mentions.iter().any(|m| m.range == inner),
                    "{place}: {:?} linked inside {word:?}",
                    &text[inner]
                );
            }
        }
        assert!(seen > 0, "{word:?} does not occur");
    }
    // "Reich's" is the Reich, not a longer word.
    assert!(linked_ids(c, "Reich").contains(&"germany"));
}

#[test]
fn longest_match_wins() {
    let c = corpus();
    let a = &c.articles[c.article_index("reestablish-relations").unwrap()];
    let p = &a.passages[0];
    assert!(p.text.starts_with("The Treaty of Rapallo was signed"));
    // "Treaty of Rapallo" is one mention of the treaty, with no town inside it.
    let treaty = c.entity_index("rapallo-treaty").unwrap();
    let town = c.entity_index("rapallo-town").unwrap();
    let start = p.text.find("Treaty of Rapallo").unwrap();
    let range = start..start + "Treaty of Rapallo".len();
    let inside: Vec<_> = p
        .mentions
        .iter()
        .filter(|m| m.range.start < range.end && range.start < m.range.end)
        .collect();
    assert_eq!(inside.len(), 1, "{inside:?}");
    assert_eq!(inside[0].range, range);
    assert_eq!(inside[0].entity, treaty);
    // The bare town in the same passage links to the town.
    let at = p.text.find("negotiated in Rapallo").unwrap() + "negotiated in ".len();
    assert!(
        p.mentions
            .iter()
            .any(|m| m.range == (at..at + "Rapallo".len()) && m.entity == town),
        "{:?}",
        p.mentions
    );

    // Across the corpus, "Rapallo" never links to the town inside a longer spelling.
    for (place, text, mentions) in texts(c) {
        for m in mentions.iter().filter(|m| m.entity == town) {
            let before = &text[..m.range.start];
            assert!(
                !before.ends_with("Treaty of ") && !before.ends_with("Treatv of "),
                "{place}: the town linked inside the treaty's name"
            );
            assert!(
                !text[m.range.end..].starts_with(" Treaty"),
                "{place}: the town linked inside \"Rapallo Treaty\""
            );
        }
    }
    // Longer organisational names win over the places they contain.
    let ids = linked_ids(c, "Lipetsk airbase");
    assert_eq!(ids, ["lipetsk-school"]);
    let ids = linked_ids(c, "Treaty of Brest-Litovsk");
    assert_eq!(ids, ["brest-litovsk"]);
}

#[test]
fn misprints_link_in_the_printed_version() {
    let c = corpus();
    let a = &c.articles[c.article_index("cooperation-1920s").unwrap()];
    let treaty = c.entity_index("rapallo-treaty").unwrap();
    let p = a
        .passages
        .iter()
        .find(|p| {
            p.original
                .as_deref()
                .is_some_and(|o| o.contains("Treatv of Rapallo"))
        })
        .expect("the passage with the misprint");
    let o = p.original.as_deref().unwrap();
    let start = o.find("Treatv of Rapallo").unwrap();
    assert!(
        p.original_mentions
            .iter()
            .any(|m| m.range == (start..start + "Treatv of Rapallo".len()) && m.entity == treaty)
    );
    let start = p.text.find("Treaty of Rapallo").unwrap();
    assert!(
        p.mentions
            .iter()
            .any(|m| m.range == (start..start + "Treaty of Rapallo".len()) && m.entity == treaty)
    );
}

#[test]
fn entity_mention_index_matches_the_passages() {
    let c = corpus();
    let mut from_passages = 0;
    for (ai, a) in c.articles.iter().enumerate() {
        for (pi, p) in a.passages.iter().enumerate() {
            for m in &p.mentions {
                from_passages += 1;
                let loc = PassageLoc {
                    article: ArticleIdx(ai),
                    passage: pi,
                };
                assert!(
                    c.entities[m.entity]
                        .mentions
                        .iter()
                        .any(|r| r.loc == loc && r.range == m.range),
                    "{} passage {}: mention not indexed",
                    a.id,
                    pi + 1
                );
            }
        }
    }
    assert_eq!(c.mention_count(), from_passages);
    for e in &c.entities {
        assert!(!e.mentions.is_empty(), "entity {} is never mentioned", e.id);
    }
}

// ---------------------------------------------------------------------------
// Sizes and references

#[test]
fn the_pack_is_big_enough() {
    let c = corpus();
    assert!(c.entities.len() >= 40, "{} entities", c.entities.len());
    assert!(c.events.len() >= 20, "{} events", c.events.len());
    assert!(c.articles.len() >= 5, "{} articles", c.articles.len());
    assert!(c.tours.len() >= 2, "{} tours", c.tours.len());
    // Everything in the files was loaded.
    assert_eq!(
        c.entities.len(),
        content("entities.json").as_array().unwrap().len()
    );
    assert_eq!(
        c.events.len(),
        content("events.json").as_array().unwrap().len()
    );
}

fn passage_text(c: &Corpus, loc: PassageLoc) -> (&str, &str) {
    let p = c.passage(loc).expect("the passage exists");
    (p.text.as_str(), p.original.as_deref().unwrap_or(&p.text))
}

#[test]
fn every_event_cites_the_passages_it_quotes() {
    let c = corpus();
    let specs = content("events.json");
    for spec in specs.as_array().unwrap() {
        let id = spec["id"].as_str().unwrap();
        let ev = &c.events[c.event_index(id).unwrap()];
        assert!(!ev.passages.is_empty(), "event {id} cites no passage");
        for r in spec["passages"].as_array().unwrap() {
            let article = c.article_index(r["article"].as_str().unwrap()).unwrap();
            let quote = r["quote"].as_str().unwrap();
            assert!(
                ev.passages
                    .iter()
                    .any(|&l| l.article == article && passage_text(c, l).1.contains(quote)),
                "event {id}: no cited passage holds {quote:?}"
            );
        }
        // Each cited passage knows the event.
        let ei = c.event_index(id).unwrap();
        for &l in &ev.passages {
            assert!(c.passage(l).unwrap().events.contains(&ei));
            assert!(c.articles[l.article].events.contains(&ei));
        }
    }
}

#[test]
fn every_article_has_at_least_three_events() {
    let c = corpus();
    for a in &c.articles {
        assert!(
            a.events.len() >= 3,
            "{} has {} events",
            a.id,
            a.events.len()
        );
    }
}

#[test]
fn every_dispute_has_two_claims_in_existing_passages() {
    let c = corpus();
    let specs = content("events.json");
    let mut disputes = 0;
    for spec in specs.as_array().unwrap() {
        let ev = &c.events[c.event_index(spec["id"].as_str().unwrap()).unwrap()];
        let dspecs = spec["disputes"].as_array().map_or(&[][..], |v| &v[..]);
        assert_eq!(ev.disputes.len(), dspecs.len());
        for (d, dspec) in ev.disputes.iter().zip(dspecs) {
            disputes += 1;
            assert!(
                d.claims.len() >= 2,
                "dispute {} has {} claims",
                d.id,
                d.claims.len()
            );
            assert_eq!(d.claims.len(), dspec["claims"].as_array().unwrap().len());
            for (claim, cspec) in d.claims.iter().zip(dspec["claims"].as_array().unwrap()) {
                assert_eq!(
                    c.articles[claim.loc.article].id,
                    cspec["article"].as_str().unwrap()
                );
                let quote = cspec["quote"].as_str().unwrap();
                assert!(
                    passage_text(c, claim.loc).1.contains(quote),
                    "dispute {}: {quote:?}",
                    d.id
                );
                assert!(!claim.says.trim().is_empty());
            }
        }
    }
    assert!(disputes >= 1);
}

#[test]
fn every_tour_step_resolves() {
    let c = corpus();
    for t in &c.tours {
        let spec = content(&format!("guides/{}.json", t.id));
        let steps = spec["steps"].as_array().unwrap();
        assert_eq!(t.steps.len(), steps.len(), "tour {}", t.id);
        for (i, (s, spec)) in t.steps.iter().zip(steps).enumerate() {
            assert_eq!(
                c.articles[s.loc.article].id,
                spec["article"].as_str().unwrap(),
                "tour {} step {}",
                t.id,
                i + 1
            );
            let quote = spec["quote"].as_str().unwrap();
            assert!(
                passage_text(c, s.loc).1.contains(quote),
                "tour {} step {}: {quote:?}",
                t.id,
                i + 1
            );
            assert_eq!(
                s.entity.map(|e| c.entities[e].id.as_str()),
                spec["entity"].as_str()
            );
            assert_eq!(
                s.event.map(|e| c.events[e].id.as_str()),
                spec["event"].as_str()
            );
        }
    }
}

#[test]
fn the_intro_tour_visits_every_article() {
    let c = corpus();
    let t = c
        .tours
        .iter()
        .find(|t| t.id == "intro")
        .expect("an intro tour");
    assert!((6..=10).contains(&t.steps.len()), "{} steps", t.steps.len());
    let visited: HashSet<_> = t.steps.iter().map(|s| s.loc.article).collect();
    assert_eq!(visited.len(), c.articles.len(), "visits {visited:?}");
}

// ---------------------------------------------------------------------------
// Corrections

#[test]
fn corrections_are_applied_and_the_print_kept() {
    let c = corpus();
    let a = &c.articles[c.article_index("cooperation-1920s").unwrap()];
    let p = a
        .passages
        .iter()
        .find(|p| {
            p.original
                .as_deref()
                .is_some_and(|o| o.contains("Ihe Treaty"))
        })
        .expect("the passage printed with \"Ihe Treaty\"");
    let original = p.original.as_deref().unwrap();
    assert!(original.contains("Ihe Treaty of Rapallo, Germany and Russia agreed"));
    // "Ihe" is a slip for "In the": only that reading makes a sentence.
    assert!(
        p.text
            .contains("In the Treaty of Rapallo, Germany and Russia agreed")
    );
    assert!(!p.text.contains("Ihe Treaty"));
    // The corrected span, and the printed one, are marked.
    assert!(
        p.corrections
            .iter()
            .any(|r| &p.text[r.clone()] == "In the Treaty")
    );
    assert!(
        p.original_corrections
            .iter()
            .any(|r| &original[r.clone()] == "Ihe Treaty")
    );
    assert_eq!(p.corrections.len(), p.original_corrections.len());
    // The version switch returns each text with its own ranges.
    let (shown, ranges, _) = p.version(true);
    assert_eq!(shown, original);
    assert!(ranges.iter().all(|r| original.is_char_boundary(r.end)));
    let (shown, _, _) = p.version(false);
    assert_eq!(shown, p.text);

    // Every correction listed in corpus.json is applied somewhere.
    let spec = content("corpus.json");
    for art in spec["articles"].as_array().unwrap() {
        let a = &c.articles[c.article_index(art["id"].as_str().unwrap()).unwrap()];
        let Some(list) = art["corrections"].as_array() else {
            continue;
        };
        for k in list {
            let (from, to) = (
                k["original"].as_str().unwrap(),
                k["corrected"].as_str().unwrap(),
            );
            assert!(
                a.passages.iter().any(|p| {
                    p.original.as_deref().is_some_and(|o| {
                        p.original_corrections.iter().any(|r| &o[r.clone()] == from)
                    }) && p.corrections.iter().any(|r| &p.text[r.clone()] == to)
                }),
                "{}: correction {from:?} -> {to:?} not applied",
                a.id
            );
        }
    }
}

#[test]
fn passages_without_corrections_have_no_original() {
    let c = corpus();
    for a in &c.articles {
        for p in &a.passages {
            assert_eq!(p.original.is_some(), !p.corrections.is_empty());
            if p.original.is_none() {
                assert!(p.original_mentions.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Dates, events and tours

#[test]
fn the_partnership_ends_after_hitler_takes_office() {
    let c = corpus();
    let pos = |id: &str| c.event_index(id).unwrap_or_else(|| panic!("no event {id}"));
    let (hitler, ends) = (pos("hitler-power"), pos("cooperation-ends"));
    assert!(hitler < ends, "the timeline puts the end before its cause");
    // Not merely sorted after: the whole interval lies after 30 January 1933.
    assert!(c.events[ends].date.start() > c.events[hitler].date.end());
    // The timeline is in date order throughout.
    for w in c.events.windows(2) {
        assert!(w[0].date <= w[1].date, "{} before {}", w[0].id, w[1].id);
    }
}

#[test]
fn an_event_cites_only_passages_that_speak_of_it() {
    // Passages that name an event in passing are not cited for it.
    let c = corpus();
    for (event, article, passing) in [
        (
            "versailles",
            "cooperation-1920s",
            "less than three years after the Treaty of Versailles",
        ),
        (
            "versailles",
            "rapallo-1922-1932",
            "less than three years after the Treaty of Versailles",
        ),
        (
            "rapallo-signing",
            "reestablish-relations",
            "The Treaty of Rapallo is interesting because",
        ),
        (
            "german-firms",
            "prewar-relations",
            "Soviet factories built German military equipment",
        ),
    ] {
        let e = &c.events[c.event_index(event).unwrap()];
        let a = c.article_index(article).unwrap();
        for loc in &e.passages {
            if loc.article == a {
                let p = &c.articles[a].passages[loc.passage];
                assert!(!p.text.contains(passing), "{event} cites {passing:?}");
            }
        }
    }
    assert!(
        c.event_index("wwii").is_none(),
        "no source describes the war itself"
    );
}

#[test]
fn the_disputes_the_sources_have_are_recorded() {
    let c = corpus();
    let ids: HashSet<&str> = c
        .events
        .iter()
        .flat_map(|e| e.disputes.iter().map(|d| d.id.as_str()))
        .collect();
    for id in [
        "recognition",
        "ideology",
        "who-sought",
        "disarmament-watchdog",
        "who-built",
    ] {
        assert!(ids.contains(id), "dispute {id} is missing");
    }
    // Each dispute sets at least two different articles against each other.
    for e in &c.events {
        for d in &e.disputes {
            let says: HashSet<&str> = d.claims.iter().map(|k| k.says.as_str()).collect();
            assert!(says.len() >= 2, "{}: one position only", d.id);
        }
    }
}

#[test]
fn no_tour_stops_twice_at_one_passage_and_the_intro_shows_the_signing() {
    let c = corpus();
    for t in &c.tours {
        let mut seen = HashSet::new();
        for s in &t.steps {
            assert!(
                seen.insert(s.loc),
                "tour {} stops twice at {:?}",
                t.id,
                s.loc
            );
            // A step's event, if any, is one the passage speaks of or a claim of it.
            if let Some(ev) = s.event {
                let e = &c.events[ev];
                let cited = e.passages.contains(&s.loc)
                    || e.disputes
                        .iter()
                        .any(|d| d.claims.iter().any(|k| k.loc == s.loc));
                assert!(cited, "tour {}: event {} is not at {:?}", t.id, e.id, s.loc);
            }
        }
    }
    let intro = c.tours.iter().find(|t| t.id == "intro").unwrap();
    let signing = c.event_index("rapallo-signing").unwrap();
    assert!(intro.steps.iter().any(|s| {
        let text = &c.passage(s.loc).unwrap().text;
        s.event == Some(signing) && text.contains("16 April 1922")
    }));
}

#[test]
fn a_source_is_stated_only_as_far_as_the_print_shows_it() {
    // One printed copy names its site; the others do not, and the pack says
    // so rather than naming one.
    let c = corpus();
    for a in &c.articles {
        let printed = matches!(a.id.as_str(), "rapallo-1922-1932");
        assert!(
            printed || a.source.contains("not printed"),
            "{}: source {:?} is stated as printed",
            a.id,
            a.source
        );
    }
}
