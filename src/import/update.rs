//! Re-importing into an existing pack: article ids stay with their source
//! files, curated entities and events are kept exactly, and a quote of
//! theirs that no longer occurs exactly once is reported.

use std::collections::HashSet;
use std::path::Path;

use super::Report;
use super::pack::{Article, MANIFEST, Manifest};
use crate::corpus::types::{CorpusFile, EntitySpec, EventSpec, Status};

pub struct Existing {
    pub corpus: CorpusFile,
    pub manifest: Manifest,
    entities: Vec<EntitySpec>,
    events: Vec<EventSpec>,
    guides: Vec<(String, Vec<u8>)>,
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
        for e in self.entities.iter().filter(|e| e.status.is_none()) {
            c.entity_ids.insert(e.id.clone());
            c.spellings.insert(e.name.clone());
            c.spellings.extend(e.aliases.iter().cloned());
        }
        c.event_ids = self
            .events
            .iter()
            .filter(|e| e.status.is_none())
            .map(|e| e.id.clone())
            .collect();
        c
    }

    /// Puts the curated items into `entities` and `events` unchanged,
    /// reports their quotes that no longer resolve, and returns the tours
    /// to carry over.
    pub fn merge(
        &self,
        articles: &[Article],
        entities: &mut Vec<EntitySpec>,
        events: &mut Vec<EventSpec>,
        report: &mut Report,
    ) -> Vec<(String, Vec<u8>)> {
        entities.extend(
            self.entities
                .iter()
                .filter(|e| e.status != Some(Status::Suggested))
                .cloned(),
        );
        for ev in self
            .events
            .iter()
            .filter(|e| e.status != Some(Status::Suggested))
        {
            for p in &ev.passages {
                if let Some(why) = unresolved(articles, &p.article, &p.quote) {
                    report
                        .unresolved
                        .push(format!("event \"{}\": quote \"{}\" {why}", ev.id, p.quote));
                }
            }
            events.push(ev.clone());
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
