//! Finding entity mentions in text by name and alias.
//!
//! Matching is case-sensitive (names are proper nouns: "Kama" the river, not
//! "kama"), on whole words only, and the longest match wins where spellings
//! overlap ("Treaty of Rapallo" over "Rapallo").

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::model::{EntityIdx, Mention};

pub struct Linker {
    automaton: Option<AhoCorasick>,
    /// Pattern index → entity.
    owners: Vec<EntityIdx>,
}

impl Linker {
    /// `spellings` yields (entity, spelling) pairs; empty spellings are ignored.
    pub fn new<'a>(spellings: impl IntoIterator<Item = (EntityIdx, &'a str)>) -> Self {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (entity, s) in spellings {
            if !s.trim().is_empty() {
                patterns.push(s);
                owners.push(entity);
            }
        }
        // Standard semantics so overlapping matches can be seen: a longer
        // spelling rejected by the word-boundary check must not hide a
        // shorter one that passes it.
        // A contiguous NFA rather than the DFA the builder would pick for a
        // small pack: building a DFA took most of the time of loading the
        // embedded corpus, and searching a few megabytes is fast either way.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .ok();
        Linker { automaton, owners }
    }

    /// All mentions in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<Mention> = ac
            .find_overlapping_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .map(|m| Mention {
                entity: self.owners[m.pattern().as_usize()],
                range: m.start()..m.end(),
            })
            .collect();
        // Leftmost first, then longest first.
        candidates.sort_by(|a, b| {
            a.range
                .start
                .cmp(&b.range.start)
                .then(b.range.end.cmp(&a.range.end))
        });
        let mut out: Vec<Mention> = Vec::new();
        let mut covered = 0;
        for m in candidates {
            if m.range.start >= covered {
                covered = m.range.end;
                out.push(m);
            }
        }
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    // A boundary is only needed where the spelling itself starts or ends with
    // a word character ("U.S." may be followed by a letter-free context).
    let ok_before = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let ok_after = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    ok_before && ok_after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Linker {
        Linker::new([
            (0, "Rapallo"),
            (1, "Treaty of Rapallo"),
            (2, "Red Army"),
            (3, "Kazan"),
            (4, "Chicherin"),
            (4, "Georgy Chicherin"),
        ])
    }

    fn found(text: &str) -> Vec<(usize, &str)> {
        linker()
            .find(text)
            .into_iter()
            .map(|m| (m.entity, &text[m.range]))
            .collect()
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found("The Treaty of Rapallo was signed at Rapallo."),
            vec![(1, "Treaty of Rapallo"), (0, "Rapallo")]
        );
        assert_eq!(
            found("Georgy Chicherin and Chicherin"),
            vec![(4, "Georgy Chicherin"), (4, "Chicherin")]
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(found("Kazanian Rapalloesque Red Armys").is_empty());
        assert_eq!(found("Kazan's school"), vec![(3, "Kazan")]);
        assert_eq!(found("(Kazan)"), vec![(3, "Kazan")]);
    }

    #[test]
    fn case_sensitive() {
        assert!(found("kazan red army").is_empty());
    }

    #[test]
    fn rejected_long_match_does_not_hide_short_one() {
        let l = Linker::new([(0, "Treaty"), (1, "Treaty of Rapallon")]);
        let text = "Treaty of Rapallons";
        let got: Vec<_> = l.find(text).into_iter().map(|m| m.entity).collect();
        assert_eq!(got, vec![0]);
    }

    #[test]
    fn no_patterns_no_panic() {
        assert!(Linker::new([]).find("anything").is_empty());
    }
}
