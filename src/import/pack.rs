//! Writing the pack: every file into a temporary directory beside the
//! target, then one rename, so a failed import leaves nothing half-written.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::doc::{BlockKind, Doc};
use super::quote;
use crate::corpus::types::{ArticleMeta, CorpusFile, FORMAT_VERSION};
use crate::staged::Staged;

/// The file, beside `corpus.json`, that remembers which source each article
/// came from; the reader does not read it.
pub const MANIFEST: &str = "import.json";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Source key (path relative to the source given) to article id.
    pub sources: BTreeMap<String, String>,
}

/// An article as written: its text and where its passages lie in it.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub key: String,
    pub title: String,
    pub source: String,
    pub date: String,
    pub book: String,
    pub url: Option<String>,
    pub text: String,
    pub passages: Vec<(Range<usize>, BlockKind)>,
}

impl Article {
    pub fn from_doc(id: String, doc: Doc) -> Article {
        let mut text = String::new();
        let mut passages = Vec::with_capacity(doc.blocks.len());
        for b in doc.blocks {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(&b.text);
            passages.push((start..text.len(), b.kind));
        }
        text.push('\n');
        Article {
            id,
            key: doc.key,
            title: doc.title,
            source: doc.source,
            date: doc.date,
            book: doc.book,
            url: doc.url,
            text,
            passages,
        }
    }

    pub fn passage_text(&self, i: usize) -> &str {
        &self.text[self.passages[i].0.clone()]
    }

    fn meta(&self) -> ArticleMeta {
        let quotes = |kind: BlockKind| -> Vec<String> {
            self.passages
                .iter()
                .filter(|(_, k)| *k == kind)
                .filter_map(|(r, _)| quote::unique(&self.text, r.clone(), r.clone()))
                .collect()
        };
        ArticleMeta {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            date: self.date.clone(),
            file: format!("articles/{}.txt", self.id),
            url: self.url.clone(),
            captions: quotes(BlockKind::Caption),
            headings: quotes(BlockKind::Heading),
            corrections: Vec::new(),
            links: Vec::new(),
        }
    }
}

/// Lower-case ASCII letters, digits and hyphens: safe as a file name and an id.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = fold_ascii(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Latin letters with accents to their base letter, so "Göring" slugs as "goring".
fn fold_ascii(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => 's',
        c => c,
    }
}

/// Makes `base` unique among `taken`, adding `-2`, `-3`, … as needed.
pub fn unique_id(base: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let base = if base.is_empty() { "item" } else { base };
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

pub struct Pack<'a> {
    pub id: String,
    pub title: String,
    pub description: String,
    pub articles: &'a [Article],
    /// Curated items as read (JSON values) followed by the suggestions.
    pub entities: &'a [serde_json::Value],
    pub events: &'a [serde_json::Value],
    /// Files of an existing pack carried over unchanged (tours), by relative path.
    pub keep: Vec<(String, Vec<u8>)>,
}

fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, String> {
    let mut b = serde_json::to_vec_pretty(v).map_err(|e| e.to_string())?;
    b.push(b'\n');
    Ok(b)
}

/// Writes the pack to `out`. With `replace`, an existing pack there is
/// swapped out only once the new one is complete.
pub fn write(pack: &Pack, out: &Path, replace: bool) -> Result<(), String> {
    let staged = Staged::beside(out, ".lectern-import-")?;
    let put = |rel: &str, bytes: &[u8]| staged.put(rel, bytes);
    let corpus = CorpusFile {
        format: FORMAT_VERSION,
        id: pack.id.clone(),
        title: pack.title.clone(),
        description: pack.description.clone(),
        articles: pack.articles.iter().map(Article::meta).collect(),
    };
    put("corpus.json", &json(&corpus)?)?;
    for a in pack.articles {
        put(&format!("articles/{}.txt", a.id), a.text.as_bytes())?;
    }
    put("entities.json", &json(&pack.entities)?)?;
    put("events.json", &json(&pack.events)?)?;
    let manifest = Manifest {
        sources: pack
            .articles
            .iter()
            .map(|a| (a.key.clone(), a.id.clone()))
            .collect(),
    };
    put(MANIFEST, &json(&manifest)?)?;
    for (rel, bytes) in &pack.keep {
        put(rel, bytes)?;
    }
    staged.finish(|new| swap_in(new, out, replace))
}

fn swap_in(new: &Path, out: &Path, replace: bool) -> Result<(), String> {
    if out.exists() {
        if !replace {
            return Err(format!(
                "{}: already exists; give --update to re-import into it",
                out.display()
            ));
        }
        let old = out.with_file_name(format!(
            ".{}.old-{}",
            out.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        std::fs::rename(out, &old).map_err(|e| format!("{}: {e}", out.display()))?;
        if let Err(e) = std::fs::rename(new, out) {
            // Put the old pack back rather than leave nothing.
            let _ = std::fs::rename(&old, out);
            return Err(format!("{}: {e}", out.display()));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    } else {
        std::fs::rename(new, out).map_err(|e| format!("{}: {e}", out.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_ids() {
        assert_eq!(slug("Werner von Blomberg"), "werner-von-blomberg");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Göring's"), "goring-s");
        let mut taken = Default::default();
        assert_eq!(unique_id("a", &mut taken), "a");
        assert_eq!(unique_id("a", &mut taken), "a-2");
    }
}
