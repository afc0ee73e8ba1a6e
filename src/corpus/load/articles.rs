//! Articles, corrections and passages: reading each article's text,
//! splitting it into passages, marking captions and headings, and applying
//! corrections with the printed wording kept.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Cx;
use super::diag::{Anchor, JsonFile, next_nth};
use super::links::LinkOverride;
use super::quote::{Resolved, shorten};
use crate::corpus::model::{Article, Passage, PassageKind};
use crate::corpus::types::{ArticleMeta, CorpusFile, url_problem};

/// An article's printed text split into passages, before linking.
pub(super) struct RawArticle {
    pub text: String,
    /// Byte range of each passage in `text`.
    pub ranges: Vec<Range<usize>>,
    /// Which entry of `corpus.json` with this id it is, to place errors.
    pub nth: usize,
    /// Its link overrides, applied once the mentions are found.
    pub links: Vec<LinkOverride>,
}

impl Cx<'_> {
    /// The article's URL when it has one and it is sound; an error otherwise.
    fn article_url(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: Anchor<'_>,
        meta: &ArticleMeta,
    ) -> Option<String> {
        let url = meta.url.as_ref()?;
        match url_problem(url) {
            None => Some(url.clone()),
            Some(problem) => {
                self.error_in(
                    corpus,
                    anchor,
                    url,
                    format!("article \"{}\": its url {problem}", meta.id),
                );
                None
            }
        }
    }

    pub(super) fn load_articles(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
    ) -> (Vec<Article>, Vec<RawArticle>) {
        let mut articles = Vec::new();
        let mut raws = Vec::new();
        let mut seen = HashSet::new();
        if corpus.value.articles.is_empty() {
            let at = corpus.src.find("\"articles\"").unwrap_or(0);
            self.error(
                "corpus.json",
                &corpus.src,
                at,
                "the corpus has no articles".into(),
            );
        }
        // How many earlier entries share an id, to point errors at the right one.
        let mut nths: HashMap<&str, usize> = HashMap::new();
        self.progress
            .stage("reading the articles", corpus.value.articles.len());
        for meta in &corpus.value.articles {
            self.progress.step();
            let nth = next_nth(&mut nths, &meta.id);
            let anchor = Anchor::id(meta.id.as_str(), nth);
            if self.bad_id(corpus, "article", &meta.id) {
                self.unloaded.articles.insert(meta.id.clone());
                continue;
            }
            if !seen.insert(meta.id.clone()) {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.id,
                    format!("duplicate article id \"{}\"", meta.id),
                );
                continue;
            }
            let Some(text) = self.read_article_file(corpus, anchor, meta) else {
                self.unloaded.articles.insert(meta.id.clone());
                continue;
            };
            let ranges = split_passages(&text);
            if ranges.is_empty() {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.file,
                    format!("article \"{}\" has no text", meta.id),
                );
                self.unloaded.articles.insert(meta.id.clone());
                continue;
            }
            let mut raw = RawArticle {
                text,
                ranges,
                nth,
                links: Vec::new(),
            };
            let mut kinds = vec![PassageKind::Text; raw.ranges.len()];
            for (quotes, kind) in [
                (&meta.captions, PassageKind::Caption),
                (&meta.headings, PassageKind::Heading),
            ] {
                for q in quotes {
                    if let Some(p) = self.resolve(corpus, anchor, &meta.id, &raw, q) {
                        kinds[p.passage] = kind;
                    }
                }
            }
            let passages = self.apply_corrections(corpus, anchor, meta, &raw, kinds);
            raw.links = self.resolve_links(corpus, anchor, meta, &raw, &passages);
            let url = self.article_url(corpus, anchor, meta);
            articles.push(Article {
                id: meta.id.clone(),
                title: meta.title.clone(),
                source: meta.source.clone(),
                date: meta.date.clone(),
                file: meta.file.clone(),
                url,
                passages: passages.into(),
                entities: Vec::new(),
                events: Vec::new(),
            });
            raws.push(raw);
        }
        (articles, raws)
    }

    pub(super) fn read_article_file(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: Anchor<'_>,
        meta: &ArticleMeta,
    ) -> Option<String> {
        match self.source.read(&meta.file) {
            Err(e) => {
                self.error_in(
                    corpus,
                    anchor,
                    &meta.file,
                    format!(
                        "article \"{}\": cannot read \"{}\": {e}",
                        meta.id, meta.file
                    ),
                );
                None
            }
            Ok(bytes) => self
                .decode(
                    &meta.file,
                    bytes,
                    &format!("the text of article \"{}\"", meta.id),
                )
                .map(|t| match crate::sanitize::clean(&t) {
                    std::borrow::Cow::Owned(clean) => clean,
                    std::borrow::Cow::Borrowed(_) => t,
                }),
        }
    }

    fn apply_corrections(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: Anchor<'_>,
        meta: &ArticleMeta,
        raw: &RawArticle,
        kinds: Vec<PassageKind>,
    ) -> Vec<Passage> {
        let mut per_passage: HashMap<usize, Vec<(Range<usize>, &str)>> = HashMap::new();
        for c in &meta.corrections {
            if let Some(Resolved { passage, range }) =
                self.resolve(corpus, anchor, &meta.id, raw, &c.original)
            {
                let list = per_passage.entry(passage).or_default();
                if list
                    .iter()
                    .any(|(r, _)| r.start < range.end && range.start < r.end)
                {
                    self.error_in(
                        corpus,
                        anchor,
                        &c.original,
                        format!(
                            "correction \"{}\" overlaps another correction",
                            shorten(&c.original)
                        ),
                    );
                    continue;
                }
                list.push((range, c.corrected.as_str()));
            }
        }
        raw.ranges
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let printed = &raw.text[r.clone()];
                let mut p = Passage::plain(kinds[i], printed.into(), None);
                if let Some(list) = per_passage.get_mut(&i) {
                    list.sort_by_key(|(r, _)| r.start);
                    let mut text = String::with_capacity(printed.len());
                    let mut last = 0;
                    let (mut shown, mut slips) = (Vec::new(), Vec::new());
                    for (range, corrected) in list.iter() {
                        let local = range.start - r.start..range.end - r.start;
                        text.push_str(&printed[last..local.start]);
                        let s = text.len();
                        text.push_str(corrected);
                        shown.push(s..text.len());
                        slips.push(local.clone());
                        last = local.end;
                    }
                    p.corrections = shown.into();
                    p.original_corrections = slips.into();
                    text.push_str(&printed[last..]);
                    p.original = Some(std::mem::replace(&mut p.text, text.into()));
                }
                p
            })
            .collect()
    }
}

/// Splits text into paragraphs separated by blank lines; each range excludes
/// the surrounding whitespace.
pub fn split_passages(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            if start.is_none() {
                let lead = content.len() - content.trim_start().len();
                start = Some(pos + lead);
            }
            end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_split_on_blank_lines() {
        let t = "  One\ntwo\n\n \nThree  \n\n\nFour";
        let r = split_passages(t);
        let got: Vec<_> = r.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(got, vec!["One\ntwo", "Three", "Four"]);
    }

    #[test]
    fn empty_text_has_no_passages() {
        assert!(split_passages("\n\n  \n").is_empty());
    }
}
