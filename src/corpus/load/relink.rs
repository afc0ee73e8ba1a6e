//! Linking a few articles of a loaded corpus again after their link
//! overrides changed in `corpus.json`, and nothing else in the pack did:
//! the same stages as [`super::load`] (the article read and split, its
//! overrides resolved and checked, the passages they touch linked by the
//! spellings and the overrides applied), for those articles only.

use std::collections::BTreeSet;

use super::Cx;
use super::articles::{RawArticle, split_passages};
use super::diag::{Anchor, JsonFile};
pub(crate) use super::entities::linker;
use crate::corpus::error::PackErrors;
use crate::corpus::link::Linker;
use crate::corpus::model::{ArticleIdx, Corpus, Entity, Mention};
use crate::corpus::progress::Progress;
use crate::corpus::source::PackSource;
use crate::corpus::types::{ArticleMeta, CorpusFile, LinkSpec};

/// An article whose overrides changed, with those it had before.
pub struct Changed {
    pub article: ArticleIdx,
    pub before: Vec<LinkSpec>,
}

/// A passage linked again: its index, its mentions and those of its
/// printed text.
#[derive(Debug, Clone)]
pub struct Linked {
    pub passage: usize,
    pub mentions: Box<[Mention]>,
    pub original: Box<[Mention]>,
}

/// One article linked again.
#[derive(Debug, Clone)]
pub struct Relinked {
    pub article: ArticleIdx,
    /// Each passage an override touched, before or now.
    pub passages: Vec<Linked>,
    /// What loading warns of the article's overrides, in order.
    pub warnings: Vec<String>,
    /// What loading warns of the article's passages that mention nothing.
    pub unmentioned: Vec<String>,
}

/// The articles of `changed` linked as loading `source` would link them,
/// `corpus` having been loaded from the same pack before its overrides
/// changed; the errors loading would report about them, if any. `Ok(None)`
/// when an article's text on disk is no longer the one `corpus` holds (the
/// pack must then be loaded whole).
pub fn relink(
    source: &PackSource,
    corpus: &Corpus,
    linker: &Linker,
    changed: &[Changed],
) -> Result<Option<Vec<Relinked>>, PackErrors> {
    let progress = Progress::default();
    let mut cx = Cx::new(source, &progress);
    let file: Option<JsonFile<CorpusFile>> = cx.read_json("corpus.json", "the corpus file");
    let Some(file) = file else {
        return Err(PackErrors(cx.errors));
    };
    let mut out = Vec::with_capacity(changed.len());
    for c in changed {
        let Some(article) = corpus.articles.get(c.article.index()) else {
            return Ok(None);
        };
        let Some(meta) = file.value.articles.iter().find(|m| m.id == article.id) else {
            return Ok(None);
        };
        if meta.file != article.file {
            return Ok(None);
        }
        let anchor = Anchor::id(&meta.id, 0);
        let Some(text) = cx.read_article_file(&file, anchor, meta) else {
            return Err(PackErrors(cx.errors));
        };
        let ranges = split_passages(&text);
        let same = ranges.len() == article.passages.len()
            && ranges.iter().zip(article.passages.iter()).all(|(r, p)| {
                text.get(r.clone()) == Some(p.original.as_deref().unwrap_or(&p.text))
            });
        if !same {
            return Ok(None);
        }
        let mut raw = RawArticle {
            text,
            ranges,
            nth: 0,
            links: Vec::new(),
        };
        // Where the overrides fell before: resolved as they were loaded,
        // so nothing is reported of them.
        let was = ArticleMeta {
            links: c.before.clone(),
            ..meta.clone()
        };
        let reported = cx.errors.len();
        let old = cx.resolve_links(&file, anchor, &was, &raw, &article.passages);
        cx.errors.truncate(reported);
        raw.links = cx.resolve_links(&file, anchor, meta, &raw, &article.passages);
        let touched: BTreeSet<usize> = old.iter().chain(&raw.links).map(|o| o.passage).collect();
        let mut linked = article.clone();
        for &i in &touched {
            super::entities::link_passage(linker, &mut linked.passages[i]);
        }
        let warned = cx.warnings.len();
        cx.apply_links(
            &file,
            std::slice::from_mut(&mut linked),
            std::slice::from_ref(&raw),
            &corpus.entities,
        );
        let warnings = cx.warnings.split_off(warned);
        cx.warn_coverage(std::slice::from_ref(&linked), &[]);
        let unmentioned = cx.warnings.split_off(warned);
        out.push(Relinked {
            article: c.article,
            passages: touched
                .into_iter()
                .map(|i| {
                    let p = &linked.passages[i];
                    Linked {
                        passage: i,
                        mentions: p.mentions.clone(),
                        original: p.original_mentions.clone(),
                    }
                })
                .collect(),
            warnings,
            unmentioned,
        });
    }
    if cx.errors.is_empty() {
        Ok(Some(out))
    } else {
        Err(PackErrors(cx.errors))
    }
}

impl<'a> Cx<'a> {
    fn new(source: &'a PackSource, progress: &'a Progress) -> Self {
        Cx {
            source,
            progress,
            errors: Vec::new(),
            suppressed: 0,
            warnings: Vec::new(),
            unloaded: super::Unloaded::default(),
            article_index: std::collections::HashMap::new(),
            quotes: std::collections::HashMap::new(),
        }
    }
}

/// What loading warns of entities that are never mentioned, in order.
pub fn unmentioned_entities(entities: &[Entity]) -> Vec<String> {
    let source = PackSource::embedded();
    let progress = Progress::default();
    let mut cx = Cx::new(&source, &progress);
    cx.warn_coverage(&[], entities);
    cx.warnings
}
