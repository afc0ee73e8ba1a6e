//! Positions in a pack: `coords` on places, sites and states, checked for
//! range and kind, every fault reported at its file:line:column with the
//! entity's id.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking"
)]

use std::fs;
use std::path::{Path, PathBuf};

use lectern::corpus::{self, PackError, PackSource};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Result<corpus::Corpus, Vec<PackError>> {
    let source = PackSource::dir(fixture(name)).unwrap();
    corpus::load(&source).map_err(|e| e.0)
}

/// Line and column (1-based, in characters) of the `nth` occurrence of
/// `needle` in the fixture's entities.json, computed from the text so an
/// edited fixture cannot leave a stale position behind.
fn position(name: &str, needle: &str, nth: usize) -> (usize, usize) {
    let text = fs::read_to_string(fixture(name).join("entities.json")).unwrap();
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth} in {name}"))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn single_error(name: &str) -> PackError {
    let errors = load(name).expect_err("the pack must be refused");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors.into_iter().next().unwrap();
    assert!(
        e.file.ends_with(&format!("{name}/entities.json")),
        "{}",
        e.file
    );
    e
}

#[test]
fn places_sites_and_states_carry_their_position() {
    let c = load("coords-good").unwrap();
    let coords = |id: &str| c.entities.iter().find(|e| e.id == id).unwrap().coords;
    let rapallo = coords("rapallo-town").unwrap();
    assert_eq!((rapallo.lat, rapallo.lon), (44.35, 9.23));
    let kazan = coords("kazan").unwrap();
    assert_eq!((kazan.lat, kazan.lon), (55.79, 49.12));
    assert!(coords("germany").is_some(), "a state may have a point");
    assert!(coords("rathenau").is_none());
    assert!(coords("rapallo-treaty").is_none());
}

#[test]
fn latitude_out_of_range_is_reported_at_the_number() {
    let e = single_error("coords-latitude");
    assert_eq!(
        (e.line, e.column),
        position("coords-latitude", "\"lat\": 95.5", 0)
    );
    assert!(e.message.contains("\"kazan\""), "{}", e.message);
    assert!(e.message.contains("latitude 95.5"), "{}", e.message);
}

#[test]
fn longitude_out_of_range_is_reported_at_the_number() {
    let e = single_error("coords-longitude");
    assert_eq!(
        (e.line, e.column),
        position("coords-longitude", "\"lon\": -181", 0)
    );
    assert!(e.message.contains("\"rapallo-town\""), "{}", e.message);
    assert!(e.message.contains("longitude -181"), "{}", e.message);
}

#[test]
fn a_person_has_no_position() {
    let e = single_error("coords-wrong-kind");
    // Pointed at Rathenau's own "coords", not the first of the file.
    let text = fs::read_to_string(fixture("coords-wrong-kind").join("entities.json")).unwrap();
    let rathenau = text.find("\"id\": \"rathenau\"").unwrap();
    let nth = text[..rathenau].matches("\"coords\"").count();
    assert_eq!(
        (e.line, e.column),
        position("coords-wrong-kind", "\"coords\"", nth)
    );
    assert!(e.message.contains("\"rathenau\""), "{}", e.message);
    assert!(e.message.contains("person"), "{}", e.message);
}

#[test]
fn a_position_must_be_numbers_with_named_fields() {
    let e = single_error("coords-not-number");
    assert!(e.message.contains("invalid type"), "{}", e.message);
    let (line, _) = position("coords-not-number", "\"55.79\"", 0);
    assert_eq!(e.line, line);

    let e = single_error("coords-unknown-field");
    assert!(e.message.contains("lng"), "{}", e.message);
    let (line, _) = position("coords-unknown-field", "\"lng\"", 0);
    assert_eq!(e.line, line);
}

#[test]
fn every_boundary_value_is_accepted_and_every_value_past_it_refused() {
    let good = fs::read_to_string(fixture("coords-good").join("entities.json")).unwrap();
    let base = fixture("coords-good");
    for (lat, lon, ok) in [
        ("90", "180", true),
        ("-90", "-180", true),
        ("0", "0", true),
        ("90.0001", "0", false),
        ("-90.0001", "0", false),
        ("0", "180.0001", false),
        ("0", "-180.0001", false),
        ("1e3", "0", false),
    ] {
        let text = good.replace(
            "\"lat\": 55.79, \"lon\": 49.12",
            &format!("\"lat\": {lat}, \"lon\": {lon}"),
        );
        let mut files = std::collections::BTreeMap::new();
        for rel in [
            "corpus.json",
            "events.json",
            "articles/treaty.txt",
            "articles/schools.txt",
        ] {
            files.insert(rel.to_owned(), fs::read(base.join(rel)).unwrap());
        }
        for g in fs::read_dir(base.join("guides")).unwrap() {
            let g = g.unwrap();
            let rel = format!("guides/{}", g.file_name().to_str().unwrap());
            files.insert(rel, fs::read(g.path()).unwrap());
        }
        files.insert("entities.json".to_owned(), text.into_bytes());
        let result = corpus::load(&PackSource::memory(files));
        assert_eq!(result.is_ok(), ok, "lat {lat}, lon {lon}: {result:?}");
    }
}
