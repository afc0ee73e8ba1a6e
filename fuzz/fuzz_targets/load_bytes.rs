//! Arbitrary bytes as each file of a pack. The input is split at 0xFF bytes
//! (which never occur in UTF-8): the pieces are, in order, `corpus.json`,
//! `entities.json`, `events.json`, `guides/a.json`, then `articles/0.txt`,
//! `articles/1.txt`, … A pack that loads is opened in a reader and drawn.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = [
    "corpus.json",
    "entities.json",
    "events.json",
    "guides/a.json",
];

fuzz_target!(|data: &[u8]| {
    let mut files = BTreeMap::new();
    for (i, chunk) in data.split(|&b| b == 0xFF).enumerate().take(12) {
        let name = match NAMES.get(i) {
            Some(n) => n.to_string(),
            None => format!("articles/{}.txt", i - NAMES.len()),
        };
        files.insert(name, chunk.to_vec());
    }
    if let Some(c) = lectern_fuzz::load(files) {
        lectern_fuzz::exercise(c);
    }
});
