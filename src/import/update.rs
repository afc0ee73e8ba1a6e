//! Re-importing into an existing pack: article ids stay with their source
//! files, curated entities and events are kept exactly, and a quote of
//! theirs that no longer occurs exactly once is reported.

use std::collections::HashSet;
use std::path::Path;

use super::Report;
use super::pack::{Article, MANIFEST, Manifest};
use crate::corpus::types::{CorpusFile, EntitySpec, EventSpec};

pub struct Existing {
    pub corpus: CorpusFile,
    pub manifest: Manifest,
    /// Kept as read, so curated items are written back byte for byte the
    /// same JSON, whatever fields they leave out.
    entities: Vec<serde_json::Value>,
    events: Vec<serde_json::Value>,
    guides: Vec<(String, Vec<u8>)>,
}

fn suggested(v: &serde_json::Value) -> bool {
    v.get("status").and_then(|s| s.as_str()) == Some("suggested")
}

/// The curated items of a list, parsed for what the import needs to know.
fn curated_specs<T: serde::de::DeserializeOwned>(list: &[serde_json::Value]) -> Vec<T> {
    list.iter()
        .filter(|v| !suggested(v))
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect()
}

/// What suggestions must leave alone.
#[derive(Default)]
pub struct Curated {
    pub spellings: HashSet<String>,
    pub entity_ids: HashSet<String>,
    pub event_ids: HashSet<String>,
}

fn read_json<T: serde::de::DeserializeOwned>(dir: &Path, rel: &str) -> Result<T, String> {
    let p = dir.join(rel);
    let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}:{}:{}: {e}", p.display(), e.line(), e.column()))
}

impl Existing {
    pub fn read(dir: &Path) -> Result<Existing, String> {
        if !dir.join("corpus.json").is_file() {
            return Err(format!(
                "{}: no pack to update (no corpus.json); leave out --update to make one",
                dir.display()
            ));
        }
        let manifest = if dir.join(MANIFEST).is_file() {
            read_json(dir, MANIFEST)?
        } else {
            Manifest::default()
        };
        let mut guides = Vec::new();
        if let Ok(rd) = std::fs::read_dir(dir.join("guides")) {
            let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for f in files {
                if f.extension().is_some_and(|e| e == "json") {
                    let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                    let name = f
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    guides.push((format!("guides/{name}"), bytes));
                }
            }
        }
        Ok(Existing {
            corpus: read_json(dir, "corpus.json")?,
            manifest,
            entities: read_json(dir, "entities.json").unwrap_or_default(),
            events: read_json(dir, "events.json").unwrap_or_default(),
            guides,
        })
    }

    pub fn curated(&self) -> Curated {
        let mut c = Curated::default();
        for e in curated_specs::<EntitySpec>(&self.entities) {
            c.entity_ids.insert(e.id.clone());
            c.spellings.insert(e.name.clone());
            c.spellings.extend(e.aliases.iter().cloned());
        }
        c.event_ids = curated_specs::<EventSpec>(&self.events)
            .into_iter()
            .map(|e| e.id)
            .collect();
        c
    }

    /// Puts the curated items into `entities` and `events` unchanged,
    /// reports their quotes that no longer resolve, and returns the tours
    /// to carry over.
    pub fn merge(
        &self,
        articles: &[Article],
        entities: &mut Vec<serde_json::Value>,
        events: &mut Vec<serde_json::Value>,
        report: &mut Report,
    ) -> Vec<(String, Vec<u8>)> {
        entities.extend(self.entities.iter().filter(|e| !suggested(e)).cloned());
        events.extend(self.events.iter().filter(|e| !suggested(e)).cloned());
        report.kept_entities = entities.len();
        report.kept_events = events.len();
        for ev in curated_specs::<EventSpec>(&self.events) {
            for p in &ev.passages {
                if let Some(why) = unresolved(articles, &p.article, &p.quote) {
                    report
                        .unresolved
                        .push(format!("event \"{}\": quote \"{}\" {why}", ev.id, p.quote));
                }
            }
        }
        for (file, bytes) in &self.guides {
            if let Ok(t) = serde_json::from_slice::<crate::corpus::types::TourSpec>(bytes) {
                for s in &t.steps {
                    if let Some(why) = unresolved(articles, &s.article, &s.quote) {
                        report
                            .unresolved
                            .push(format!("{file}: tour step quote \"{}\" {why}", s.quote));
                    }
                }
            }
        }
        self.guides.clone()
    }
}

/// Why a quote does not resolve in the new text, if it does not.
fn unresolved(articles: &[Article], article: &str, quote: &str) -> Option<&'static str> {
    let Some(a) = articles.iter().find(|a| a.id == article) else {
        return Some("is in an article that is no longer imported");
    };
    match a.text.match_indices(quote).count() {
        0 => Some("no longer occurs in the text"),
        1 => None,
        _ => Some("now occurs more than once"),
    }
}
