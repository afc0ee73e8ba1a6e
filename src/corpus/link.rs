//! Finding entity mentions in text by name and alias.
//!
//! Matching is case-sensitive (names are proper nouns: "Kama" the river, not
//! "kama"), on whole words only, and the longest match wins where spellings
//! overlap ("Treaty of Rapallo" over "Rapallo").

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use unicode_segmentation::GraphemeCursor;

use super::model::{EntityIdx, Mention};

pub struct Linker {
    automaton: Option<AhoCorasick>,
    /// Pattern index → entity.
    owners: Vec<EntityIdx>,
    /// Why no automaton could be built for the spellings (too many of them).
    error: Option<String>,
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
        // Leftmost-longest finds each mention in one pass over the text;
        // anchored searches look for shorter spellings at the same place
        // when the longest one fails the word-boundary check.
        let (automaton, error) = if patterns.is_empty() {
            (None, None)
        } else {
            match AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Both)
                // A contiguous NFA rather than the DFA the builder would pick
                // for a small pack: building a DFA dominated loading time.
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&patterns)
            {
                Ok(ac) => (Some(ac), None),
                Err(e) => (None, Some(e.to_string())),
            }
        };
        Linker {
            automaton,
            owners,
            error,
        }
    }

    /// Why the spellings could not be matched at all, if they cannot.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// All mentions in `text`, in order, not overlapping: at the leftmost
    /// place where a spelling matches as whole words, the longest such
    /// spelling, then on after it.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = ac.find(Input::new(text).range(at..)) else {
                break;
            };
            let start = m.start();
            match self.longest_whole_word(ac, text, start, m) {
                Some(found) => {
                    at = found.range.end;
                    out.push(found);
                }
                None => at = next_start(text, start),
            }
        }
        out
    }

    /// The longest spelling matching at `start` that passes the word-boundary
    /// check, beginning with the longest match `m`.
    fn longest_whole_word(
        &self,
        ac: &AhoCorasick,
        text: &str,
        start: usize,
        mut m: aho_corasick::Match,
    ) -> Option<Mention> {
        loop {
            if is_word_boundary(text, start, m.end()) {
                return Some(Mention {
                    entity: self.owners[m.pattern().as_usize()],
                    range: start..m.end(),
                });
            }
            // The longest spelling that ends before this one does.
            let shorter = Input::new(text)
                .range(start..m.end() - 1)
                .anchored(Anchored::Yes);
            m = ac.find(shorter)?;
        }
    }
}

/// Where to look next after no spelling matched at `start` as a whole word:
/// the next character, or, inside a word, the end of the word, since a
/// spelling that begins with a word character cannot begin inside a word.
/// This keeps a long run of letters from being searched at every position.
fn next_start(text: &str, start: usize) -> usize {
    let mut chars = text[start..].char_indices();
    let Some((_, first)) = chars.next() else {
        return text.len();
    };
    let inside_word =
        is_word_char(first) && text[..start].chars().next_back().is_some_and(is_word_char);
    if !inside_word {
        return start + first.len_utf8();
    }
    chars
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| start + i)
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
    // Nor may a mention split a grapheme: "Zoe" is not mentioned in "Zoë"
    // written with a combining diaeresis.
    ok_before && ok_after && is_grapheme_boundary(text, start) && is_grapheme_boundary(text, end)
}

pub(crate) fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(spellings: &[(usize, &str)]) -> Linker {
        Linker::new(spellings.iter().map(|&(i, s)| (EntityIdx(i), s)))
    }

    fn linker() -> Linker {
        new(&[
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
            .map(|m| (m.entity.index(), &text[m.range]))
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
        let l = new(&[(0, "Treaty"), (1, "Treaty of Rapallon")]);
        let text = "Treaty of Rapallons";
        let got: Vec<_> = l.find(text).into_iter().map(|m| m.entity.index()).collect();
        assert_eq!(got, vec![0]);
    }

    #[test]
    fn shorter_spellings_at_the_same_place_are_tried_longest_first() {
        let l = new(&[(0, "A"), (1, "A B"), (2, "A B C")]);
        let text = "A B Cx and A Bx and A B C.";
        let got: Vec<_> = l
            .find(text)
            .into_iter()
            .map(|m| (m.entity.index(), &text[m.range]))
            .collect();
        assert_eq!(got, vec![(1, "A B"), (0, "A"), (2, "A B C")]);
    }

    #[test]
    fn nested_spellings_link_in_linear_time() {
        // Ten thousand spellings, each a prefix of the next: every place in
        // the text matches many of them, and the longest wins at once.
        let spellings: Vec<String> = (1..=1_000)
            .map(|n| "w ".repeat(n).trim_end().to_owned())
            .collect();
        let l = Linker::new(
            spellings
                .iter()
                .enumerate()
                .map(|(i, s)| (EntityIdx(i), s.as_str())),
        );
        let text = "w ".repeat(10_000);
        let start = std::time::Instant::now();
        let found = l.find(&text);
        assert_eq!(found.len(), 10);
        assert_eq!(found[0].entity, EntityIdx(999));
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn a_long_word_is_not_searched_at_every_letter() {
        let l = new(&[(0, &*"a".repeat(300)), (1, "b")]);
        let text = format!("{} b", "a".repeat(200_000));
        let start = std::time::Instant::now();
        let got: Vec<_> = l
            .find(&text)
            .into_iter()
            .map(|m| m.entity.index())
            .collect();
        assert_eq!(got, vec![1]);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn a_spelling_that_starts_with_punctuation_matches_inside_a_word() {
        let l = new(&[(0, ".NET"), (1, "ASP")]);
        let text = "ASP.NET";
        let got: Vec<_> = l.find(text).into_iter().map(|m| m.entity.index()).collect();
        assert_eq!(got, vec![1, 0]);
    }

    #[test]
    fn a_mention_never_splits_a_grapheme() {
        let l = new(&[(0, "Zoe"), (1, "👨‍👩")]);
        assert!(l.find("Zoe\u{308} and 👨‍👩‍👧").is_empty());
        let got: Vec<_> = l
            .find("Zoe and 👨‍👩.")
            .into_iter()
            .map(|m| m.entity.index())
            .collect();
        assert_eq!(got, vec![0, 1]);
    }

    #[test]
    fn no_patterns_no_panic() {
        assert!(new(&[]).find("anything").is_empty());
    }
}
