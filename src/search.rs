//! Search across the corpus: smart case (insensitive unless the query has a
//! capital), Unicode-aware, literal text.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::corpus::{Corpus, PassageLoc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub loc: PassageLoc,
    /// Byte range in the passage's shown text.
    pub range: Range<usize>,
}

/// Builds the matcher for a query; None for an empty query.
pub fn matcher(query: &str) -> Option<Regex> {
    if query.is_empty() {
        return None;
    }
    let smart_insensitive = !query.chars().any(char::is_uppercase);
    RegexBuilder::new(&regex::escape(query))
        .case_insensitive(smart_insensitive)
        .unicode(true)
        .size_limit(1 << 20)
        .build()
        .ok()
}

/// Every hit in the corpus, in reading order, in the corrected text or the
/// text as printed.
pub fn search(corpus: &Corpus, query: &str, original: bool) -> Vec<Hit> {
    let Some(re) = matcher(query) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (a, article) in corpus.articles.iter().enumerate() {
        for (p, passage) in article.passages.iter().enumerate() {
            let (text, _, _) = passage.version(original);
            for m in re.find_iter(text) {
                if m.start() == m.end() {
                    continue;
                }
                hits.push(Hit {
                    loc: PassageLoc {
                        article: a,
                        passage: p,
                    },
                    range: m.range(),
                });
            }
        }
    }
    hits
}

/// Hits of one passage, from a list sorted in reading order.
pub fn hits_in(hits: &[Hit], loc: PassageLoc) -> &[Hit] {
    let start = hits.partition_point(|h| h.loc < loc);
    let end = hits.partition_point(|h| h.loc <= loc);
    &hits[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let re = matcher("rapallo").unwrap();
        assert!(re.is_match("Treaty of RAPALLO"));
        let re = matcher("Rapallo").unwrap();
        assert!(!re.is_match("rapallo"));
        assert!(re.is_match("at Rapallo"));
    }

    #[test]
    fn unicode_case_folding_and_literal_text() {
        let re = matcher("großen").unwrap();
        assert!(re.is_match("DIE GROSSEN") || re.is_match("die GROẞEN"));
        let re = matcher("ÄRA").unwrap();
        assert!(!re.is_match("ära"));
        let re = matcher("a.b").unwrap();
        assert!(!re.is_match("axb"), "queries are literal text");
        assert!(matcher("").is_none());
    }
}
