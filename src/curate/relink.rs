//! Changes to the link overrides of a few articles (`@` and `-` at one
//! place, linking all of an entity's unlinked mentions, and their undo):
//! the loaded corpus is patched with the mentions of the passages they
//! touch, linked again as loading links them, rather than the pack loaded
//! and linked whole. The overrides are checked as loading checks them
//! before anything is written.
//!
//! Anything else in the change (a spelling, an article's text, any other
//! file) and the pack is loaded afresh.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::files::{CORPUS, Docs};
use crate::corpus::link::Linker;
use crate::corpus::load::first_seen;
use crate::corpus::load::relink::{self as load, Changed, Relinked};
use crate::corpus::types::ArticleMeta;
use crate::corpus::{
    ArticleIdx, Corpus, EntityIdx, MentionRef, Mentions, PackErrors, PackSource, PassageLoc,
};

/// The articles linked again, and what the corpus needs to take them in.
#[derive(Debug, Clone)]
pub struct Relink {
    articles: Vec<Relinked>,
    /// The id of each article linked again, to know the corpus is the one
    /// the change was planned on.
    ids: Vec<String>,
    /// What each of the corpus's warnings is about, in their order.
    kinds: Vec<Warning>,
}

/// What a warning of loading is about: they come in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Warning {
    /// A link override of the article that changes nothing.
    Link(ArticleIdx),
    /// An entity never mentioned.
    Entity(EntityIdx),
    /// A passage of the article that mentions no entity.
    Passage(ArticleIdx),
}

impl Warning {
    fn order(self) -> u8 {
        match self {
            Warning::Link(_) => 0,
            Warning::Entity(_) => 1,
            Warning::Passage(_) => 2,
        }
    }
}

/// The articles whose link overrides are all the change touched, with
/// the overrides they had; `None` if it touched anything else.
fn changed_links(before: &Docs, after: &Docs, corpus: &Corpus) -> Option<Vec<Changed>> {
    let others_same = after.files.len() == before.files.len()
        && before
            .files
            .iter()
            .filter(|(k, _)| *k != CORPUS)
            .all(|(k, v)| after.files.get(k) == Some(v));
    if !others_same {
        return None;
    }
    let (b, a) = (
        before.files.get(CORPUS)?.as_object()?,
        after.files.get(CORPUS)?.as_object()?,
    );
    type Object = serde_json::Map<String, Value>;
    fn head(o: &Object) -> impl Iterator<Item = (&String, &Value)> {
        o.iter().filter(|(k, _)| *k != "articles")
    }
    fn list(o: &Object) -> Option<&Vec<Value>> {
        o.get("articles").and_then(Value::as_array)
    }
    if !head(b).eq(head(a)) {
        return None;
    }
    let (bl, al) = (list(b)?, list(a)?);
    if bl.len() != al.len() || bl.len() != corpus.articles.len() {
        return None;
    }
    let mut out = Vec::new();
    for (i, (x, y)) in bl.iter().zip(al).enumerate() {
        if x == y {
            continue;
        }
        let typed = |v: &Value| serde_json::from_value::<ArticleMeta>(v.clone()).ok();
        let (mut tx, mut ty) = (typed(x)?, typed(y)?);
        let links = std::mem::take(&mut tx.links);
        ty.links.clear();
        let same = serde_json::to_value(&tx).ok()? == serde_json::to_value(&ty).ok()?;
        // A valid pack loads every entry, in order.
        if !same || corpus.articles[i].id != tx.id {
            return None;
        }
        let mut was = ArticleMeta { links, ..tx };
        crate::corpus::types::Clean::clean(&mut was);
        out.push(Changed {
            article: ArticleIdx(i),
            before: was.links,
        });
    }
    Some(out)
}

/// What each of the corpus's warnings is about; `None` if one is not of
/// loading's making, or cannot be told apart.
fn kinds(corpus: &Corpus) -> Option<Vec<Warning>> {
    if corpus.warnings.is_empty() {
        return Some(Vec::new());
    }
    // An id is read up to the quote that closes it.
    if corpus.articles.iter().any(|a| a.id.contains('"')) {
        return None;
    }
    let articles: HashMap<&str, usize> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut entities: Option<HashMap<&str, usize>> = None;
    let mut out = Vec::with_capacity(corpus.warnings.len());
    for w in &corpus.warnings {
        let kind = if let Some(rest) = w.strip_prefix("entity \"") {
            let id = rest.strip_suffix("\" is never mentioned")?;
            let ids = entities.get_or_insert_with(|| {
                corpus
                    .entities
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.id.as_str(), i))
                    .collect()
            });
            Warning::Entity(EntityIdx(*ids.get(id)?))
        } else {
            let rest = w.strip_prefix("article \"")?;
            let end = rest.find('"')?;
            let a = ArticleIdx(*articles.get(&rest[..end])?);
            let after = &rest[end + 1..];
            if after.starts_with(": the link \"") {
                Warning::Link(a)
            } else if after.starts_with(" passage ") {
                Warning::Passage(a)
            } else {
                return None;
            }
        };
        if out
            .last()
            .is_some_and(|l: &Warning| l.order() > kind.order())
        {
            return None;
        }
        out.push(kind);
    }
    Some(out)
}

/// The matcher of the pack's spellings, kept from one change to the next:
/// building it is a good part of linking a few passages again, and a change
/// to the links leaves the spellings as they were.
#[derive(Default, Clone)]
pub struct Spellings {
    built: Option<(u64, Arc<Linker>)>,
}

impl std::fmt::Debug for Spellings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spellings").finish_non_exhaustive()
    }
}

impl Spellings {
    /// The matcher of the spellings of `corpus`'s entities.
    fn linker(&mut self, corpus: &Corpus) -> Arc<Linker> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for e in &corpus.entities {
            e.name.hash(&mut h);
            e.aliases.hash(&mut h);
        }
        let key = h.finish();
        let linker = match &self.built {
            Some((k, l)) if *k == key => Arc::clone(l),
            _ => Arc::new(load::linker(&corpus.entities)),
        };
        self.built = Some((key, Arc::clone(&linker)));
        linker
    }
}

/// "The pack would be invalid", as checking a change says it.
pub fn invalid(errs: &PackErrors) -> String {
    let n = errs.0.len();
    let first = errs.0.first().map_or_else(String::new, ToString::to_string);
    let more = if n > 1 {
        format!(" (and {} more)", n - 1)
    } else {
        String::new()
    };
    format!("not saved, the pack would be invalid: {first}{more}")
}

/// The change from `before` to `after` as a patch of `corpus`, checked as
/// loading would check it with `out` written: `None` if it is not one
/// (then the pack is loaded), `Some(Err)` if the pack would be invalid.
pub fn plan(
    spellings: &mut Spellings,
    before: &Docs,
    after: &Docs,
    corpus: &Corpus,
    root: &Path,
    max_file_bytes: u64,
    out: &BTreeMap<String, Option<Vec<u8>>>,
) -> Option<Result<Relink, String>> {
    let changed = changed_links(before, after, corpus)?;
    if changed.is_empty() {
        return None;
    }
    let kinds = kinds(corpus)?;
    let linker = spellings.linker(corpus);
    if linker.error().is_some() {
        return None;
    }
    let source = PackSource::dir(root)
        .ok()?
        .with_max_file_bytes(max_file_bytes)
        .with_overrides(out.clone());
    match load::relink(&source, corpus, &linker, &changed) {
        Ok(Some(articles)) => Some(Ok(Relink {
            ids: articles
                .iter()
                .map(|r| corpus.articles[r.article].id.clone())
                .collect(),
            articles,
            kinds,
        })),
        Ok(None) => None,
        Err(e) => Some(Err(invalid(&e))),
    }
}

impl Relink {
    /// Patches the corpus; false (and nothing changed) when it is not the
    /// one the change was planned on.
    pub fn apply(&self, c: &mut Corpus) -> bool {
        let fits = c.warnings.len() == self.kinds.len()
            && self.articles.iter().zip(&self.ids).all(|(r, id)| {
                c.articles.get(r.article.index()).is_some_and(|a| {
                    a.id == *id && r.passages.iter().all(|l| l.passage < a.passages.len())
                })
            });
        if !fits {
            return false;
        }
        let mut touched: HashSet<PassageLoc> = HashSet::new();
        let mut entities: BTreeSet<EntityIdx> = BTreeSet::new();
        for r in &self.articles {
            let a = &mut c.articles[r.article];
            for l in &r.passages {
                let p = &mut a.passages[l.passage];
                entities.extend(p.mentions.iter().chain(l.mentions.iter()).map(|m| m.entity));
                p.mentions = l.mentions.clone();
                p.original_mentions = l.original.clone();
                p.entities = first_seen(p.mentions.iter().map(|m| m.entity)).into();
                touched.insert(PassageLoc {
                    article: r.article,
                    passage: l.passage,
                });
            }
            a.entities = first_seen(a.passages.iter().flat_map(|p| p.entities.iter().copied()));
        }
        for &e in &entities {
            let mut refs: Vec<MentionRef> = c.entities[e]
                .mentions
                .iter()
                .filter(|m| !touched.contains(&m.loc))
                .cloned()
                .collect();
            for r in &self.articles {
                for l in &r.passages {
                    let loc = PassageLoc {
                        article: r.article,
                        passage: l.passage,
                    };
                    refs.extend(
                        l.mentions
                            .iter()
                            .filter(|m| m.entity == e)
                            .map(|m| MentionRef {
                                loc,
                                range: m.range.clone(),
                            }),
                    );
                }
            }
            refs.sort_by_key(|m| (m.loc, m.range.start));
            c.entities[e].mentions = Mentions::from_refs(refs);
        }
        self.warn(c, &entities);
        true
    }

    /// The corpus's warnings as loading would give them now: those of
    /// the articles linked again and of the entities whose mentions
    /// changed made anew, in loading's order.
    fn warn(&self, c: &mut Corpus, entities: &BTreeSet<EntityIdx>) {
        let redone: HashSet<ArticleIdx> = self.articles.iter().map(|r| r.article).collect();
        let mut kept: Vec<(Warning, String)> = std::mem::take(&mut c.warnings)
            .into_iter()
            .zip(self.kinds.iter().copied())
            .filter(|(_, k)| match k {
                Warning::Link(a) | Warning::Passage(a) => !redone.contains(a),
                Warning::Entity(e) => !entities.contains(e),
            })
            .map(|(w, k)| (k, w))
            .collect();
        for r in &self.articles {
            kept.extend(
                r.warnings
                    .iter()
                    .map(|w| (Warning::Link(r.article), w.clone())),
            );
            kept.extend(
                r.unmentioned
                    .iter()
                    .map(|w| (Warning::Passage(r.article), w.clone())),
            );
        }
        for &e in entities {
            let ws = load::unmentioned_entities(std::slice::from_ref(&c.entities[e]));
            kept.extend(ws.into_iter().map(|w| (Warning::Entity(e), w)));
        }
        // Stable: an article's own warnings keep their order.
        kept.sort_by_key(|(k, _)| *k);
        c.warnings = kept.into_iter().map(|(_, w)| w).collect();
    }
}
