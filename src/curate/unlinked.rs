//! Places where an entity's name or an alias appears without being linked:
//! in other case ("treaty of rapallo"), or as a person's surname alone
//! where no spelling lists it. Text that links to another entity is not
//! counted; text a hand link sent to nothing is left alone when linking
//! them all ([`super::Change::LinkAll`]).

use std::ops::Range;

use crate::corpus::types::EntityKind;
use crate::corpus::{Corpus, EntityIdx, PassageLoc};

/// One occurrence: the passage and the bytes of its text (as shown,
/// corrected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub loc: PassageLoc,
    pub range: Range<usize>,
}

/// The spellings to look for: name and aliases, and a person's last name
/// on its own when it is long enough to mean something.
fn spellings(c: &Corpus, e: EntityIdx) -> Vec<String> {
    let ent = &c.entities[e];
    let mut out: Vec<String> = std::iter::once(&ent.name)
        .chain(&ent.aliases)
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect();
    if ent.kind == EntityKind::Person
        && let Some(last) = ent.name.split_whitespace().last()
        && last.chars().count() >= 4
        && ent.name.split_whitespace().count() > 1
    {
        out.push(last.to_owned());
    }
    // Longest first, so the alternation prefers the longer spelling.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Every unlinked occurrence of the entity's spellings, in reading order.
pub fn find(c: &Corpus, e: EntityIdx) -> Vec<Unlinked> {
    let words = spellings(c, e);
    if words.is_empty() {
        return Vec::new();
    }
    let alternation = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    let Ok(re) = regex::RegexBuilder::new(&format!(r"\b(?:{alternation})\b"))
        .case_insensitive(true)
        .build()
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (ai, a) in c.articles.iter().enumerate() {
        // Read without keeping it: the whole corpus passes through here.
        a.each_passage(|pi, p, text, _| {
            for m in re.find_iter(text) {
                let r = m.range();
                if p.mentions
                    .iter()
                    .any(|x| x.range.start < r.end && r.start < x.range.end)
                {
                    continue;
                }
                out.push(Unlinked {
                    loc: PassageLoc {
                        article: crate::corpus::ArticleIdx(ai),
                        passage: pi,
                    },
                    range: r,
                });
            }
        });
    }
    out
}
