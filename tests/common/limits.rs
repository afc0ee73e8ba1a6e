//! The packs of the limit tests, shared with their benchmark
//! (`benches/limits.rs`) so that both measure the same inputs.

use std::path::Path;

pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A pack of the given articles (id → text) and entities (a JSON array), no events.
pub fn pack(dir: &Path, articles: &[(&str, &str)], entities: &str) {
    let metas: Vec<String> = articles
        .iter()
        .map(|(id, _)| {
            format!(
                r#"{{"id": "{id}", "title": "Article {id}", "source": "Test", "file": "articles/{id}.txt"}}"#
            )
        })
        .collect();
    write(
        dir,
        "corpus.json",
        format!(
            r#"{{"format": 1, "id": "big", "title": "Big", "articles": [{}]}}"#,
            metas.join(",")
        ),
    );
    for (id, text) in articles {
        write(dir, &format!("articles/{id}.txt"), text);
    }
    write(dir, "entities.json", entities);
    write(dir, "events.json", "[]");
}

pub const ENTITIES: &str = r#"[
  {"id": "rapallo", "kind": "place", "name": "Rapallo", "summary": "A town."},
  {"id": "treaty", "kind": "treaty", "name": "Treaty of Rapallo", "summary": "A treaty."}
]"#;

/// A paragraph of `bytes` bytes in several scripts, with a mention every
/// few words.
pub fn paragraph(bytes: usize) -> String {
    let unit = "The Treaty of Rapallo was signed at Rapallo, 日本語 👨‍👩‍👧 Zoe\u{308}. ";
    let mut s = unit.repeat(bytes / unit.len() + 1);
    // `floor_char_boundary` is newer than the supported toolchain.
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}
