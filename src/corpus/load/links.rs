//! Link overrides: where one quoted occurrence of a spelling links to
//! another entity than the spelling does everywhere else, or to nothing
//! ("After Rapallo" is the treaty, not the town).

use std::ops::Range;

use super::Cx;
use super::articles::RawArticle;
use super::diag::{Anchor, JsonFile};
use super::quote::{Resolved, shorten};
use crate::corpus::model::{Article, Entity, EntityIdx, Mention, Passage};
use crate::corpus::types::{ArticleMeta, CorpusFile};

/// One override, resolved to its passage.
pub(super) struct LinkOverride {
    pub(super) passage: usize,
    /// Byte range in the passage as printed.
    printed: Range<usize>,
    /// Byte range in the passage as shown, with corrections applied.
    shown: Range<usize>,
    entity: Option<String>,
    /// The quote, for messages.
    quote: String,
}

impl Cx<'_> {
    /// Resolves an article's link overrides against its passages. An
    /// override may not overlap a correction (the two versions of the text
    /// would disagree on what it covers) nor another override.
    pub(super) fn resolve_links(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        anchor: Anchor<'_>,
        meta: &ArticleMeta,
        raw: &RawArticle,
        passages: &[Passage],
    ) -> Vec<LinkOverride> {
        let mut out: Vec<LinkOverride> = Vec::new();
        for l in &meta.links {
            let Some(Resolved { passage, range }) =
                self.resolve(corpus, anchor, &meta.id, raw, &l.quote)
            else {
                continue;
            };
            let short = shorten(&l.quote);
            let quoted = &raw.text[range.clone()];
            let range = match &l.text {
                None => range,
                Some(t) => {
                    let hits = quoted.match_indices(t.as_str()).count();
                    if t.is_empty() || hits != 1 {
                        let why = if t.is_empty() {
                            "is empty".to_owned()
                        } else {
                            format!("occurs {hits} times in it; it must occur exactly once")
                        };
                        self.error_in(
                            corpus,
                            anchor,
                            t,
                            format!("link text \"{}\" of quote \"{short}\" {why}", shorten(t)),
                        );
                        continue;
                    }
                    let at = range.start + quoted.find(t.as_str()).unwrap_or(0);
                    at..at + t.len()
                }
            };
            let base = raw.ranges[passage].start;
            let printed = range.start - base..range.end - base;
            let p = &passages[passage];
            let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
            if p.original_corrections.iter().any(|c| overlaps(c, &printed)) {
                self.error_in(
                    corpus,
                    anchor,
                    &l.quote,
                    format!("link \"{short}\" overlaps a correction; quote around it instead"),
                );
                continue;
            }
            if out
                .iter()
                .any(|o| o.passage == passage && overlaps(&o.printed, &printed))
            {
                self.error_in(
                    corpus,
                    anchor,
                    &l.quote,
                    format!("link \"{short}\" overlaps another link"),
                );
                continue;
            }
            // Corrections before the override move it by their change in length.
            let shift: isize = p
                .original_corrections
                .iter()
                .zip(&p.corrections)
                .filter(|(o, _)| o.end <= printed.start)
                .map(|(o, c)| c.len() as isize - o.len() as isize)
                .sum();
            let shown = printed.start.saturating_add_signed(shift)
                ..printed.end.saturating_add_signed(shift);
            out.push(LinkOverride {
                passage,
                printed,
                shown,
                entity: l.entity.clone(),
                quote: l.quote.clone(),
            });
        }
        out
    }

    /// Applies every article's overrides to the mentions the spellings found.
    pub(super) fn apply_links(
        &mut self,
        corpus: &JsonFile<CorpusFile>,
        articles: &mut [Article],
        raw: &[RawArticle],
        entities: &[Entity],
    ) {
        let ids: std::collections::HashMap<&str, EntityIdx> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), EntityIdx(i)))
            .collect();
        for (a, r) in articles.iter_mut().zip(raw) {
            for o in &r.links {
                let entity = match &o.entity {
                    None => None,
                    Some(id) => match ids.get(id.as_str()) {
                        Some(&i) => Some(i),
                        None => {
                            if !self.unloaded.all_entities {
                                self.error_in(
                                    corpus,
                                    Anchor::id(&a.id, r.nth),
                                    id,
                                    format!(
                                        "link \"{}\" in article \"{}\" names unknown entity \"{id}\"",
                                        shorten(&o.quote),
                                        a.id
                                    ),
                                );
                            }
                            continue;
                        }
                    },
                };
                let p = &mut a.passages[o.passage];
                let changed = relink(&mut p.mentions, &o.shown, entity);
                if p.original.is_some() {
                    relink(&mut p.original_mentions, &o.printed, entity);
                }
                if !changed {
                    self.warnings.push(format!(
                        "article \"{}\": the link \"{}\" changes nothing",
                        a.id,
                        shorten(&o.quote)
                    ));
                }
            }
        }
    }
}

/// Replaces the mentions overlapping `range` by one of `entity` there (or
/// by none); mentions stay in order. Whether anything changed.
fn relink(mentions: &mut Box<[Mention]>, range: &Range<usize>, entity: Option<EntityIdx>) -> bool {
    let mut list = std::mem::take(mentions).into_vec();
    let changed = relink_in(&mut list, range, entity);
    *mentions = list.into_boxed_slice();
    changed
}

fn relink_in(mentions: &mut Vec<Mention>, range: &Range<usize>, entity: Option<EntityIdx>) -> bool {
    let overlapping = |m: &Mention| m.range.start < range.end && range.start < m.range.end;
    let before: Vec<Mention> = mentions
        .iter()
        .filter(|m| overlapping(m))
        .cloned()
        .collect();
    mentions.retain(|m| !overlapping(m));
    let after: Vec<Mention> = entity
        .map(|entity| Mention {
            entity,
            range: range.clone(),
        })
        .into_iter()
        .collect();
    if let Some(m) = after.first() {
        let at = mentions.partition_point(|x| x.range.start < m.range.start);
        mentions.insert(at, m.clone());
    }
    before != after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(entity: usize, range: Range<usize>) -> Mention {
        Mention {
            entity: EntityIdx(entity),
            range,
        }
    }

    #[test]
    fn relink_replaces_what_it_covers_and_keeps_order() {
        let mut ms = vec![m(0, 0..5), m(1, 10..17), m(2, 20..25)];
        assert!(relink_in(&mut ms, &(6..17), Some(EntityIdx(3))));
        assert_eq!(ms, vec![m(0, 0..5), m(3, 6..17), m(2, 20..25)]);
        assert!(relink_in(&mut ms, &(20..25), None));
        assert_eq!(ms, vec![m(0, 0..5), m(3, 6..17)]);
        assert!(!relink_in(&mut ms, &(0..5), Some(EntityIdx(0))));
        assert!(!relink_in(&mut ms, &(30..35), None));
    }
}
