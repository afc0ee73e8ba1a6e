//! Event suggestions: a sentence with a date becomes an event that quotes
//! its passage, titled from the sentence, naming the entities in it. The
//! same event told by two sources (a compatible date, an entity in common)
//! becomes one event with both passages.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::dates;
use super::doc::BlockKind;
use super::pack::{Article, slug, unique_id};
use super::quote;
use crate::corpus::date::{EdtfDate, Precision};
use crate::corpus::types::{EntityKind, EntitySpec, EventSpec, PassageRef, Status};

/// A dated sentence before merging.
struct Cand {
    date: EdtfDate,
    edtf: String,
    article: usize,
    passage: usize,
    /// Byte ranges in the article text.
    sentence: Range<usize>,
    date_range: Range<usize>,
    entities: Vec<usize>,
}

/// Whether the line break at byte `i` only wraps a long line of running
/// text (a page kept as it was typed, "…to Indicate Requirement\nLevels",
/// RFC 2119, March 1997."), rather than ending a line of verse or a list.
fn soft_wrap(text: &str, i: usize) -> bool {
    let line = text[..i].rsplit('\n').next().unwrap_or("").trim_end();
    let next = text[i + 1..].chars().next();
    line.chars().count() >= 55
        && !line.ends_with(['.', '!', '?', ':', ';'])
        && next.is_some_and(|c| !c.is_whitespace() && !matches!(c, '•' | '-' | '*' | '['))
}

/// Sentences of a passage as byte ranges relative to it.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end_here = match c {
            b'\n' => !soft_wrap(text, i),
            b'.' | b'!' | b'?' => {
                // The end of a sentence: a space and a capital or an opening quote next.
                let next = text[i + 1..].chars().take(3).collect::<String>();
                let abbrev = text[start..i].rsplit(' ').next().is_some_and(|w| {
                    w.len() <= 2
                        || matches!(
                            w,
                            "c" | "ca"
                                | "Mr"
                                | "Mrs"
                                | "Dr"
                                | "St"
                                | "Gen"
                                | "Col"
                                | "Lt"
                                | "No"
                                | "vs"
                                | "vol"
                                | "Vol"
                                | "fig"
                                | "Fig"
                                | "sec"
                                | "art"
                                | "Art"
                                | "para"
                                | "nos"
                                | "Nos"
                                | "eds"
                                | "op"
                                | "cit"
                        )
                });
                !abbrev
                    && (next.is_empty()
                        || (next.starts_with(' ')
                            && next[1..].starts_with(|c: char| {
                                c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '“'
                            })))
            }
            _ => false,
        };
        if end_here {
            let e = if c == b'\n' { i } else { i + 1 };
            if text[start..e].trim().len() > 1 {
                out.push(start..e);
            }
            start = i + 1;
        }
        i += 1;
    }
    if text[start..].trim().len() > 1 {
        out.push(start..text.len());
    }
    out
}

/// A timeline title: the sentence without its date, up to about 60 characters.
fn title_of(sentence: &str, date: Range<usize>) -> String {
    // A footnote's number left at the start: "6 The state has had…".
    let body = sentence.trim_start();
    let lead = sentence.len() - body.len();
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let skip = if (1..=3).contains(&digits)
        && body[digits..].starts_with(' ')
        && body[digits + 1..].starts_with(char::is_uppercase)
        && lead + digits < date.start
    {
        lead + digits + 1
    } else {
        0
    };
    let (sentence, date) = (&sentence[skip..], date.start - skip..date.end - skip);
    // One year of a list ("those of 1777, 1789 and 1798") reads wrongly
    // without it: the sentence keeps its dates.
    let digit_near = |s: &str| s.chars().take(3).any(|c| c.is_ascii_digit());
    let head = sentence[..date.start].trim_end();
    let listed = digit_near(sentence[date.end..].trim_start_matches([',', ' ']))
        || (head.ends_with(',') && digit_near(&head.chars().rev().skip(1).collect::<String>()));
    let mut s = if listed {
        sentence.to_owned()
    } else {
        without_date(sentence, date)
    };
    // The date was all a bracket held: "ratify (January 2, 1788), and".
    for empty in ["( )", "()", "[ ]", "[]"] {
        s = s.replace(&format!("{empty},"), "").replace(empty, "");
    }
    s = s.replace(" ,", ",").replace("  ", " ");
    let s = s
        .trim()
        .trim_start_matches([',', ' ', ';', ':', '—', '–'])
        .trim_end_matches(['.', ',', ';', ':', ' ']);
    let s = without_lone_quotes(s)
        .trim_end_matches(['.', ',', ';', ':', ' '])
        .to_owned();
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() > 60 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    // Cutting at 60 characters may leave an opening quote without its end.
    let out = without_lone_quotes(&out);
    if out.is_empty() {
        return "Dated passage".to_owned();
    }
    // Capitalised past an opening quote or bracket.
    let lead = out.len() - out.trim_start_matches(['“', '"', '(', '[']).len();
    let mut cs = out[lead..].chars();
    let first: String = cs
        .next()
        .map(|f| f.to_uppercase().collect())
        .unwrap_or_default();
    format!("{}{first}{}", &out[..lead], cs.as_str())
}

/// The sentence without its date and the words that only led up to it.
fn without_date(sentence: &str, date: Range<usize>) -> String {
    let mut before = sentence[..date.start].trim_end();
    loop {
        let next = [
            "on", "in", "of", "from", "by", "during", "since", "between", "the", "early", "mid",
            "late", "On", "In", "By", "From", "During", "The", "Early", "Late", "e.g.", "i.e.",
        ]
        .iter()
        .find_map(|p| {
            // A lead-in word ends there when a space, an opening quote or
            // a bracket comes before it: "(e.g. from 2015)", "“In the 1960s".
            before
                .strip_suffix(p)
                .filter(|b| b.is_empty() || b.ends_with([' ', '(', '[', '“', '"']))
        });
        match next {
            Some(b) => before = b.trim_end(),
            None => break,
        }
    }
    let after = sentence[date.end..].trim_start_matches([',', ' ']);
    let before = before.trim();
    if before.ends_with(['(', '[']) {
        format!("{before} {}", after.trim())
    } else if before.ends_with(['“', '"']) {
        format!("{before}{}", after.trim())
    } else {
        format!("{before} {}", after.trim())
    }
}

/// A title cut out of a sentence may keep one half of a pair of quotes
/// ("Recommendation \"", "“The Soviets deployed…"): a lone quote at
/// either end goes.
fn without_lone_quotes(s: &str) -> &str {
    let mut s = s;
    loop {
        let straight = s.matches('"').count() % 2 == 1;
        let t = if s.starts_with('“') && !s.contains('”') {
            &s['“'.len_utf8()..]
        } else if s.ends_with('”') && !s.contains('“') {
            &s[..s.len() - '”'.len_utf8()]
        } else if straight && s.starts_with('"') {
            &s[1..]
        } else if straight && s.ends_with('"') {
            &s[..s.len() - 1]
        } else {
            return s;
        };
        s = t.trim();
    }
}

/// Entities named in `text` (indices into `entities`), by whole-word spelling.
fn named(ac: &AhoCorasick, owners: &[usize], text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for m in ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let e = owners[m.pattern().as_usize()];
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// Whether two dates can be the same moment told at different precisions.
fn compatible(a: &EdtfDate, b: &EdtfDate) -> bool {
    let within = |x: &EdtfDate, y: &EdtfDate| x.start() >= y.start() && x.end() <= y.end();
    within(a, b) || within(b, a)
}

pub fn suggest(
    articles: &[Article],
    entities: &[EntitySpec],
    taken_ids: &HashSet<String>,
) -> Vec<EventSpec> {
    let mut spellings = Vec::new();
    let mut owners = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        for s in std::iter::once(&e.name).chain(&e.aliases) {
            spellings.push(s.as_str());
            owners.push(i);
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&spellings)
        .ok();
    let mut cands = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        for (pi, (prange, kind)) in a.passages.iter().enumerate() {
            if *kind == BlockKind::Heading {
                continue;
            }
            let text = a.passage_text(pi);
            let found = dates::find(text);
            if found.is_empty() {
                continue;
            }
            for s in sentences(text) {
                let sentence = &text[s.clone()];
                // A date alone (a dateline, a caption year) is not an event.
                if sentence.split_whitespace().count() < 6 {
                    continue;
                }
                for f in found
                    .iter()
                    .filter(|f| f.range.start >= s.start && f.range.end <= s.end)
                {
                    let Ok(date) = EdtfDate::parse(&f.edtf) else {
                        continue;
                    };
                    let ents = ac
                        .as_ref()
                        .map(|ac| named(ac, &owners, sentence))
                        .unwrap_or_default();
                    cands.push(Cand {
                        date,
                        edtf: f.edtf.clone(),
                        article: ai,
                        passage: pi,
                        sentence: prange.start + s.start..prange.start + s.end,
                        date_range: prange.start + f.range.start..prange.start + f.range.end,
                        entities: ents,
                    });
                }
            }
        }
    }
    // Finest dates first, so a coarser telling joins the precise one.
    cands.sort_by(|a, b| {
        a.date
            .precision()
            .cmp(&b.date.precision())
            .then(a.date.cmp(&b.date))
    });
    let state = |e: usize| entities[e].kind == EntityKind::State;
    let mut events: Vec<Vec<Cand>> = Vec::new();
    for c in cands {
        let home = events.iter().position(|ev| {
            let first = &ev[0];
            let shared: Vec<usize> = c
                .entities
                .iter()
                .copied()
                .filter(|e| ev.iter().any(|x| x.entities.contains(e)))
                .collect();
            let new_place = !ev
                .iter()
                .any(|x| x.article == c.article && x.passage == c.passage);
            let other_source = !ev.iter().any(|x| x.article == c.article);
            let same_words = first.edtf == c.edtf
                && articles[first.article].text[first.sentence.clone()].trim()
                    == articles[c.article].text[c.sentence.clone()].trim();
            new_place
                && other_source
                && (same_words || {
                    // The finer the date, the less else must agree.
                    let strong = shared.iter().filter(|&&e| !state(e)).count();
                    if first.edtf == c.edtf {
                        match c.date.precision() {
                            Precision::Day => true,
                            Precision::Month | Precision::Season => !shared.is_empty(),
                            _ => strong > 0,
                        }
                    } else {
                        compatible(&first.date, &c.date)
                            && shared.len() >= 2
                            && shared.iter().any(|&e| {
                                !matches!(entities[e].kind, EntityKind::State | EntityKind::Place)
                            })
                    }
                })
        });
        match home {
            Some(i) => events[i].push(c),
            None => {
                // One event per sentence and date: a repeat in the same passage is the same telling.
                if !events.iter().any(|ev| {
                    ev.iter()
                        .any(|x| x.sentence == c.sentence && x.edtf == c.edtf)
                }) {
                    events.push(vec![c]);
                }
            }
        }
    }
    let mut ids = taken_ids.clone();
    let mut out = Vec::new();
    for ev in events {
        let first = &ev[0];
        let a = &articles[first.article];
        let sentence = &a.text[first.sentence.clone()];
        let title = title_of(
            sentence,
            first.date_range.start - first.sentence.start
                ..first.date_range.end - first.sentence.start,
        );
        let mut passages = Vec::new();
        let mut ents: Vec<usize> = Vec::new();
        for c in &ev {
            let art = &articles[c.article];
            let prange = art.passages[c.passage].0.clone();
            let q = if c.sentence.len() <= 160 {
                quote::unique(&art.text, prange.clone(), c.sentence.clone())
            } else {
                quote::unique(&art.text, prange.clone(), c.date_range.clone())
            };
            let Some(q) = q else { continue };
            passages.push(PassageRef {
                article: art.id.clone(),
                quote: q,
            });
            for &e in &c.entities {
                if !ents.contains(&e) {
                    ents.push(e);
                }
            }
        }
        if passages.is_empty() {
            continue;
        }
        let n = passages.len();
        out.push(EventSpec {
            id: unique_id(
                slug(&format!("{} {}", first.edtf, title))
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .trim_end_matches('-'),
                &mut ids,
            ),
            date: first.edtf.clone(),
            title,
            summary: format!(
                "Suggested from a dated sentence{}.",
                if n > 1 {
                    format!(" told by {n} sources")
                } else {
                    String::new()
                }
            ),
            entities: ents.iter().map(|&e| entities[e].id.clone()).collect(),
            passages,
            disputes: Vec::new(),
            status: Some(Status::Suggested),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_not_abbreviations() {
        let t = "It began c. 1933 in Kazan. Then Gen. Lutz left! Did it end? Yes.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| t[r].trim()).collect();
        assert_eq!(
            s,
            [
                "It began c. 1933 in Kazan.",
                "Then Gen. Lutz left!",
                "Did it end?",
                "Yes."
            ]
        );
        let t = "It matched the Pro. 4K games shipped in vol. 3 of the set.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| t[r].trim()).collect();
        assert_eq!(
            s,
            [
                "It matched the Pro.",
                "4K games shipped in vol. 3 of the set."
            ]
        );
    }

    #[test]
    fn a_wrapped_line_goes_on_but_a_short_one_ends() {
        let t = "Smith, J., \"Some words for use in notes to Indicate the Level\nof Need\", Note 14, March 1997.\nRoads lead east,\nand the rain.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| t[r].trim()).collect();
        assert_eq!(
            s,
            [
                "Smith, J., \"Some words for use in notes to Indicate the Level\nof Need\", Note 14, March 1997.",
                "Roads lead east,",
                "and the rain."
            ]
        );
    }

    /// The title of the event dated by `d` in `s`.
    fn t(s: &str, d: &str) -> String {
        let at = s.find(d).unwrap_or(0);
        title_of(s, at..at + d.len())
    }

    #[test]
    fn titles_leave_out_the_date() {
        assert_eq!(
            t(
                "The treaty was signed on 16 April 1922 at Rapallo by both ministers.",
                "16 April 1922"
            ),
            "The treaty was signed at Rapallo by both ministers"
        );
        assert_eq!(
            t(
                "Georgia was the fourth state to ratify (January 2, 1788), and one of three.",
                "January 2, 1788"
            ),
            "Georgia was the fourth state to ratify and one of three"
        );
        assert_eq!(
            t(
                "6 The state had constitutions of 1777, 1789 and 1798.",
                "1777"
            ),
            "The state had constitutions of 1777, 1789 and 1798"
        );
        assert_eq!(
            t("In 1777 a constitution was adopted.", "1777"),
            "A constitution was adopted"
        );
    }

    #[test]
    fn titles_keep_no_half_of_a_bracket_or_a_quote() {
        assert_eq!(
            t(
                "On older phones (e.g. from 2015), unpacking takes a second.",
                "2015"
            ),
            "On older phones unpacking takes a second"
        );
        assert_eq!(
            t(
                "“In the 1880s, the mills doubled their looms,” the clerk wrote.",
                "1880s"
            ),
            "“The mills doubled their looms,” the clerk wrote"
        );
        let title = t(
            "“In the 1880s, the mills of the northern valley doubled their looms and their hands,” she wrote.",
            "1880s",
        );
        assert!(
            title.starts_with("The mills") && !title.contains('“'),
            "{title}"
        );
        assert_eq!(
            t("Draft Standard 3 March 2011\",", "3 March 2011"),
            "Draft Standard"
        );
        assert_eq!(
            t(
                "— Ann Lee (@annlee) of the mill, August 22, 2013",
                "August 22, 2013"
            ),
            "Ann Lee (@annlee) of the mill"
        );
    }

    mod any_text {
        use super::super::*;
        use crate::import::names;
        use proptest::prelude::*;

        /// Pieces that meet the edge cases of names, dates and titles:
        /// quotes, initials, clock times, possessives, brackets, wide letters.
        const PIECES: &[&str] = &[
            "The",
            "Harbour",
            "Council",
            "Nations'",
            "League",
            "of",
            "R.",
            "I",
            "I.",
            "II",
            "5-year",
            "Plan",
            "10:30",
            "ZULU",
            "MUST",
            "NOT",
            "Not",
            "Found",
            "“In",
            "the",
            "1880s,",
            "(e.g.",
            "from",
            "1922)",
            "16",
            "April",
            "1922.",
            "—",
            "Jᴇᴀɴ",
            "Pᴏᴜʏ",
            "é",
            "Édith",
            "who",
            ",",
            "writes",
            "Syndicalism",
            "Syndicalists",
            "War",
            "\"",
            "”",
            "\n",
            ". ",
            "?",
            "General",
            "Motors",
            "Welcome",
            "Amy",
            "'",
            "’s",
            "s'",
            "1000",
            "these",
            "to",
            "1798",
            "Fort",
            "Act",
            "4",
            "Pro",
            "summer",
            "of",
            "1874",
        ];

        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                (
                    0..PIECES.len(),
                    prop::sample::select(vec!["", " ", "  ", "\n", ". "]),
                ),
                0..80,
            )
            .prop_map(|v| {
                v.into_iter()
                    .map(|(i, sep)| format!("{}{sep}", PIECES[i]))
                    .collect()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// No text makes suggesting panic; every name suggested is
            /// written in the text, and every event has a title and a date.
            #[test]
            fn suggestions_never_panic_and_quote_the_text(a in text(), b in text()) {
                let arts = names::tests::articles(&[&a, &b]);
                let ents = names::suggest(&arts, &HashSet::new(), &HashSet::new());
                for e in &ents {
                    for n in std::iter::once(&e.name).chain(&e.aliases) {
                        prop_assert!(
                            arts.iter().any(|art| art.text.contains(n.as_str())),
                            "{n:?} not in the text"
                        );
                    }
                }
                for ev in suggest(&arts, &ents, &HashSet::new()) {
                    prop_assert!(!ev.title.trim().is_empty());
                    prop_assert!(EdtfDate::parse(&ev.date).is_ok());
                }
            }
        }
    }
}
