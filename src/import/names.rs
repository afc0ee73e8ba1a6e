//! Entity suggestions: proper-name phrases found across the corpus, merged
//! where they are spellings of one name, given a kind from cues, ranked by
//! evidence.
//!
//! A capitalised word at the start of a sentence counts as a name only if
//! the corpus also capitalises it mid-sentence and never writes it in lower
//! case. Headings and other title-case lines are not read for names.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;

use super::doc::BlockKind;
use super::gazetteer as gz;
use super::pack::{Article, slug, unique_id};
use crate::corpus::EntityIdx;
use crate::corpus::link::Linker;
use crate::corpus::types::{EntityKind, EntitySpec, Status};

/// A word of a passage, by byte range.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    /// The first word of a sentence (or of a line, or after a colon).
    pub initial: bool,
    /// Only spaces separate it from the word before.
    pub joined: bool,
    /// It ends in a possessive `'s`, which `e` leaves out.
    pub poss: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits a passage into words. Apostrophes and hyphens inside a word are
/// part of it ("O'Brien", "Brest-Litovsk"); a trailing possessive is not.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut gap_start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let s = i;
        let mut e = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if is_word_char(d) {
                e = j + d.len_utf8();
                iter.next();
            } else if matches!(d, '\'' | '’' | '-' | '‐') {
                // Joins only when a word character follows.
                let mut look = iter.clone();
                look.next();
                match look.peek() {
                    Some(&(_, f)) if is_word_char(f) => {
                        iter.next();
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        let gap = &text[gap_start..s];
        let word = &text[s..e];
        // "Stuart R. Kaplan": a middle initial's full stop ends no sentence.
        let middle_initial = gap.starts_with(". ")
            && gap[1..].chars().all(|c| c == ' ')
            && is_cap(word)
            && !has(gz::STOP, word)
            && match out[..] {
                [.., a, b] => {
                    let (wa, wb) = (&text[a.s..a.e], &text[b.s..b.e]);
                    b.joined
                        && wb.chars().count() == 1
                        && wb.chars().all(char::is_uppercase)
                        && wa.chars().count() >= 2
                        && is_cap(wa)
                }
                _ => false,
            };
        let initial = !middle_initial
            && (out.is_empty()
                || gap.contains([
                    '.', '!', '?', ':', ';', '\n', '“', '"', '(', '[', '—', '–', '•', '|',
                ]));
        let joined =
            middle_initial || (!out.is_empty() && !gap.is_empty() && gap.chars().all(|c| c == ' '));
        let (e2, poss) = match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
            Some(w) if !w.is_empty() => (s + w.len(), true),
            _ => (e, false),
        };
        out.push(Tok {
            s,
            e: e2,
            initial,
            joined,
            poss,
        });
        gap_start = e;
    }
    out
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_lower(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

/// "I'm", "I've", "Don't": capitalised, joined by an apostrophe, never a name.
fn is_contraction(w: &str) -> bool {
    let w = w.to_lowercase().replace('’', "'");
    ["'m", "'ve", "'ll", "'re", "'d", "n't"]
        .iter()
        .any(|end| w.ends_with(end))
}

fn has(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// A word that says what kind of thing a name ending in it names:
/// "Museum", "Mountain", "College", "War", "Plan", "Treaty".
fn kind_word(w: &str) -> bool {
    let lists = [
        gz::ORGANISATION,
        gz::COMPANY,
        gz::SITE,
        gz::PLACE,
        gz::STATE_WORDS,
        gz::CONFLICT,
        gz::POLICY,
        gz::TREATY,
    ];
    let singular = w.strip_suffix('s').unwrap_or(w);
    lists.iter().any(|l| has(l, w) || has(l, singular))
}

/// A doctrine and its followers share a stem: Bolshevism and the
/// Bolsheviks, Communism and the Communists, Nazism and the Nazis.
fn doctrine_stem(w: &str) -> Option<&str> {
    w.strip_suffix("ism").filter(|s| s.chars().count() >= 3)
}

fn follower_stem(w: &str) -> Option<&str> {
    let one = w.strip_suffix('s')?;
    ["ist", "ik", "i", ""]
        .iter()
        .find_map(|end| one.strip_suffix(end))
        .filter(|s| s.chars().count() >= 3)
}

/// "06:03:23 ZULU", "10:30 GMT": capitals right after a clock time are a
/// time zone or a half of the day, not a name.
fn after_clock(text: &str, s: usize) -> bool {
    let b = text[..s].trim_end_matches(' ').as_bytes();
    b.len() >= 3 && b[b.len() - 3] == b':' && b[b.len() - 2..].iter().all(u8::is_ascii_digit)
}

/// "5-year Plan": a number joined to a unit of time opens the name after it.
fn numbered_span(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.rsplit_once(['-', '‐']).is_some_and(|(n, unit)| {
            n.chars().all(|c| c.is_ascii_digit())
                && matches!(unit, "year" | "month" | "week" | "day")
        })
}

/// A name followed by a verb of saying or knowing, or by ", who", is a person's.
fn said_after(text: &str, toks: &[Tok], j: usize) -> bool {
    let Some(n) = toks.get(j + 1) else {
        return false;
    };
    let next = &text[n.s..n.e];
    !toks[j].poss
        && ((n.joined && has(gz::REPORTING, next))
            || (next == "who" && text[toks[j].e..n.s].trim_end() == ","))
}

/// "League of Nations' Disarmament Committee", "Thirty Years' War": after a
/// plural possessive, a run of capitalised words ending in a body or a war
/// belongs to the same name. Returns the run's last word.
fn plural_possessive_run(text: &str, toks: &[Tok], j: usize) -> Option<usize> {
    let k = j + 1;
    let gap = text.get(toks[j].e..toks.get(k)?.s)?;
    if !matches!(gap, "' " | "’ ") || !text[toks[j].s..toks[j].e].ends_with('s') {
        return None;
    }
    let word = |m: usize| &text[toks[m].s..toks[m].e];
    if !is_cap(word(k)) || toks[k].initial {
        return None;
    }
    let mut m = k;
    while !toks[m].poss
        && toks
            .get(m + 1)
            .is_some_and(|t| t.joined && !t.initial && is_cap(&text[t.s..t.e]))
    {
        m += 1;
    }
    (has(gz::ORGANISATION, word(m)) || has(gz::CONFLICT, word(m))).then_some(m)
}

/// A line in which most words are capitalised: a heading, a menu, a byline.
fn title_case(text: &str, toks: &[Tok]) -> bool {
    let long: Vec<&str> = toks
        .iter()
        .map(|t| &text[t.s..t.e])
        .filter(|w| w.chars().count() > 3)
        .collect();
    // A sentence full of names ends like one; a heading does not, unless
    // it is a short question ("Why Does It Matter?").
    let end = text.trim_end();
    let question = end.ends_with('?') && toks.len() <= 8;
    (question || !end.ends_with(['.', '!', '?', '"', '”']))
        && long.len() >= 2
        && long.iter().filter(|w| is_cap(w)).count() * 10 >= long.len() * 7
}

/// How the corpus writes each word: capitalised mid-sentence, or in lower case.
#[derive(Default)]
struct Usage {
    mid_cap: HashMap<String, u32>,
    lower: HashSet<String>,
}

impl Usage {
    fn common(&self, w: &str) -> bool {
        self.lower.contains(&w.to_lowercase())
    }
    fn mid_cap(&self, w: &str) -> u32 {
        self.mid_cap.get(w).copied().unwrap_or(0)
    }
    /// Whether a capitalised sentence-initial word may start a name.
    fn initial_name(&self, w: &str) -> bool {
        !has(gz::STOP, w) && self.mid_cap(w) > 0 && !self.common(w)
    }
}

#[derive(Default, Debug)]
struct Cand {
    name: String,
    count: u32,
    docs: HashSet<usize>,
    person_cue: u32,
    place_cue: u32,
    company_cue: u32,
    /// Occurrences that were sentence-initial and otherwise unsupported.
    weak: u32,
    aliases: Vec<String>,
}

/// One phrase occurrence before aggregation.
struct Found {
    name: String,
    /// Only ever sentence-initial: a name only as a known full name's surname.
    weak: bool,
    person_cue: bool,
    place_cue: bool,
    company_cue: bool,
}

fn phrases(text: &str, toks: &[Tok], usage: &Usage, out: &mut Vec<Found>) {
    let word = |k: usize| &text[toks[k].s..toks[k].e];
    let mut i = 0;
    while i < toks.len() {
        let w = word(i);
        // A sentence-initial word followed by another capitalised one may
        // open a full name ("Georgiy Chicherin left").
        let opens_name = toks[i].initial
            && !has(gz::STOP, w)
            && !usage.common(w)
            && !w.ends_with("ly")
            && !w.ends_with("ing")
            && toks.get(i + 1).is_some_and(|n| {
                let nw = word(i + 1);
                n.joined
                    && is_cap(nw)
                    && nw != "I"
                    && !has(gz::STATES, nw)
                    && !has(gz::DEMONYMS, nw)
                    && !usage.common(nw)
            });
        if !is_cap(w)
            || is_contraction(w)
            || text[toks[i].e..].starts_with('_')
            || text[..toks[i].s].ends_with('_')
            || (after_clock(text, toks[i].s) && !w.chars().any(char::is_lowercase))
        {
            i += 1;
            continue;
        }
        if toks[i].initial && !usage.initial_name(w) && !opens_name {
            // Kept aside: it counts only as the surname of a full name met
            // elsewhere, unless a verb of saying follows ("Erickson writes").
            if !has(gz::STOP, w) && !usage.common(w) && !has(gz::ROLES, w) && !has(gz::DEMONYMS, w)
            {
                // "Chicherin's aides": a sentence seldom opens with a
                // possessive unless it is a name's.
                let said = said_after(text, toks, i);
                out.push(Found {
                    name: w.to_owned(),
                    person_cue: said,
                    place_cue: false,
                    company_cue: false,
                    weak: !said && !toks[i].poss,
                });
            }
            i += 1;
            continue;
        }
        let mut words = vec![i];
        if i > 0 && toks[i].joined && !toks[i].initial && numbered_span(word(i - 1)) {
            words.insert(0, i - 1);
        }
        let mut j = i;
        while !toks[j].poss {
            let k = j + 1;
            if let Some(m) = plural_possessive_run(text, toks, j) {
                words.extend(k..=m);
                j = m;
                continue;
            }
            // "Blohm & Voss", "Procter & Gamble": an ampersand joins names,
            // not two ordinary words of a menu ("Privacy & Security").
            if toks.get(k).is_some_and(|t| {
                let wk = &text[t.s..t.e];
                !t.initial
                    && is_cap(wk)
                    && text.get(toks[j].e..t.s) == Some(" & ")
                    && !(usage.common(word(j)) && usage.common(wk))
            }) {
                words.push(k);
                j = k;
                continue;
            }
            if k >= toks.len() || !toks[k].joined {
                break;
            }
            let wk = word(k);
            // "Nicholas I." is a ruler, "World War I was" a war; "Nippers I
            // should" is a name and a pronoun.
            let pronoun = wk == "I"
                && words.len() == 1
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.joined && is_lower(word(k + 1)));
            if is_cap(wk) && !toks[k].initial && !pronoun {
                words.push(k);
                j = k;
                continue;
            }
            // "PlayStation 4 Pro", "Xbox 360 Elite": a short number between
            // capitalised words of a name.
            if wk.len() <= 3
                && wk.chars().all(|c| c.is_ascii_digit())
                && word(j).chars().count() >= 2
                && !has(gz::MONTHS, word(j))
                && !has(gz::WEEKDAYS, word(j))
                && toks.get(k + 1).is_some_and(|n| {
                    n.joined
                        && !n.initial
                        && is_cap(word(k + 1))
                        && word(k + 1).chars().count() >= 2
                })
            {
                words.extend([k, k + 1]);
                j = k + 1;
                continue;
            }
            // Up to two particles, then a capitalised word.
            let mut m = k;
            while m < toks.len() && m < k + 2 && toks[m].joined && has(gz::PARTICLES, word(m)) {
                m += 1;
            }
            let ok = m > k
                && m < toks.len()
                && toks[m].joined
                && is_cap(word(m))
                && !toks[m].initial
                && (word(k) != "the" && word(k) != "and");
            if !ok {
                break;
            }
            words.extend(k..=m);
            j = m;
        }
        let next_lower = toks
            .get(j + 1)
            .map(|t| &text[t.s..t.e])
            .filter(|w| is_lower(w));
        i = j + 1;
        // "304 Not Modified", "Do Not Track": a run that a verb or a
        // pronoun opens mid-sentence is a title, not a name.
        if !toks[words[0]].initial && words.len() > 1 && has(gz::TITLE_ONLY, word(words[0])) {
            continue;
        }
        let said = said_after(text, toks, j);
        split_and_record(text, toks, &words, usage, (next_lower, said), out);
    }
}

/// Cleans a raw capitalised run: months and weekdays split it; leading
/// roles are cues, not part of the name; particles never start or end it.
fn split_and_record(
    text: &str,
    toks: &[Tok],
    words: &[usize],
    usage: &Usage,
    (next_lower, said): (Option<&str>, bool),
    out: &mut Vec<Found>,
) {
    let word = |k: usize| &text[toks[k].s..toks[k].e];
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    for &k in words {
        let w = word(k);
        // A year splits a run; a short number inside one is part of it.
        if has(gz::MONTHS, w)
            || has(gz::WEEKDAYS, w)
            || (w.len() >= 4 && w.chars().all(|c| c.is_ascii_digit()))
        {
            parts.push(Vec::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(k);
        }
    }
    // "Facebook CEO Mark Zuckerberg": a role inside a run ends one name
    // and cues the next, unless a nationality or a role leads the run
    // ("Soviet Foreign Minister ...", dealt with below).
    let role = |k: usize| has(gz::ROLES, word(k)) && !has(gz::ROLE_ONLY_BEFORE, word(k));
    let mut split = Vec::new();
    for p in parts {
        let lead = p.first().is_some_and(|&k| {
            has(gz::ROLES, word(k)) || has(gz::DEMONYMS, word(k)) || has(gz::STOP, word(k))
        });
        let cut = (1..p.len().saturating_sub(1)).find(|&n| role(p[n]));
        match cut {
            Some(n) if !lead => {
                let mut first_role = n;
                while first_role > 1 && has(gz::ROLES, word(p[first_role - 1])) {
                    first_role -= 1;
                }
                split.push((p[..first_role].to_vec(), false));
                split.push((p[n + 1..].to_vec(), true));
            }
            _ => split.push((p, false)),
        }
    }
    for (mut p, cued) in split {
        let mut person_cue = cued;
        // "Soviet Foreign Minister Georgy Chicherin": a prefix of
        // nationality, role and function words that ends in a role goes.
        let prefix = p
            .iter()
            .take_while(|&&k| {
                let w = word(k);
                has(gz::ROLES, w) || has(gz::DEMONYMS, w) || has(gz::STOP, w)
            })
            .count();
        // "General Motors", "General Assembly": a role before a lone word
        // that names a kind of body is part of the name.
        let body_after = |n: usize| n + 2 == p.len() && kind_word(word(p[n + 1]));
        if let Some(last_role) = (0..prefix)
            .rev()
            .find(|&n| has(gz::ROLES, word(p[n])) && !has(gz::ROLE_ONLY_BEFORE, word(p[n])))
            && last_role + 1 < p.len()
            && !body_after(last_role)
        {
            person_cue = true;
            p.drain(..=last_role);
        }
        while p.len() > 1 && has(gz::STOP, word(p[0])) {
            p.remove(0);
        }
        while p.first().is_some_and(|&k| has(gz::PARTICLES, word(k))) {
            p.remove(0);
        }
        while p.last().is_some_and(|&k| has(gz::PARTICLES, word(k))) {
            p.pop();
        }
        let (Some(&first), Some(&last)) = (p.first(), p.last()) else {
            continue;
        };
        let name = &text[toks[first].s..toks[last].e];
        if name.contains("  ") {
            continue;
        }
        // "MUST NOT", "IS THAT CONFUSING": capitals for stress, not a name.
        let shouted = p.len() > 1
            && p.iter().all(|&k| !word(k).chars().any(char::is_lowercase))
            && p.iter().any(|&k| {
                let w = word(k);
                let mut cs = w.chars();
                let titled: String = cs
                    .next()
                    .into_iter()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect();
                usage.common(w) || has(gz::STOP, &titled)
            });
        if shouted {
            continue;
        }
        if p.len() == 1 {
            let w = name;
            let demonym = w
                .split(['-', '‐'])
                .all(|part| has(gz::DEMONYMS, part) || has(gz::STATES, part));
            if has(gz::STOP, w)
                || has(gz::FUNCTION_WORDS, w)
                || has(gz::COMPANY, w)
                || has(gz::ROLES, w)
                || (demonym && !has(gz::STATES, w))
                || w.chars().count() < 2
                || (usage.common(w) && !has(gz::STATES, w))
            {
                continue;
            }
        }
        if p.len() > 7 {
            continue;
        }
        let before = first
            .checked_sub(1)
            .map(|b| &text[toks[b].s..toks[b].e])
            .filter(|_| !person_cue);
        let place_cue = before.is_some_and(|b| {
            matches!(
                b,
                "in" | "at" | "near" | "from" | "to" | "into" | "outside" | "across" | "towards"
            ) || (b == "of" && first == last)
        });
        let company_cue = (next_lower.is_some_and(|n| {
            matches!(n, "company" | "firm" | "works" | "corporation" | "concern")
        }) && last == *words.last().unwrap_or(&last))
            || before.is_some_and(|b| matches!(b, "company" | "firm" | "manufacturer" | "maker"));
        out.push(Found {
            name: name.to_owned(),
            person_cue: person_cue || (said && last == *words.last().unwrap_or(&last)),
            place_cue,
            company_cue,
            weak: false,
        });
    }
}

/// "Versailles Treaty" and "Treaty of Versailles" are one name.
fn treaty_key(s: &str) -> Option<String> {
    for t in gz::TREATY {
        if let Some(x) = s.strip_prefix(t).and_then(|r| r.strip_prefix(" of ")) {
            return Some(format!("{t}:{}", skeleton(x)));
        }
        if let Some(x) = s.strip_suffix(t).and_then(|r| r.strip_suffix(' ')) {
            return Some(format!("{t}:{}", skeleton(x)));
        }
    }
    None
}

/// Levenshtein distance, stopping early past 2.
fn close(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

/// Two multi-word names that differ in one word, one or two letters apart
/// in a word of five or more ("Treatv of Rapallo", "Tukhachevski").
fn variant(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() != wb.len() || wa.len() < 2 {
        return false;
    }
    let diff: Vec<(&str, &str)> = wa
        .iter()
        .zip(&wb)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    matches!(diff[..], [(x, y)] if x.chars().count() >= 5 && y.chars().count() >= 5
        && x.chars().next() == y.chars().next() && close(x, y))
}

/// "Treaty of *", "* of Rapallo", …: a name with one word left out, per word.
fn gap_keys(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return Vec::new();
    }
    (0..words.len())
        .map(|i| {
            let mut w = words.clone();
            w[i] = "\u{0}";
            w.join(" ")
        })
        .collect()
}

/// A spelling reduced so transliterations one or two letters apart meet:
/// Georgy/Georgiy, Tukhachevsky/Tukhachevskii.
fn skeleton(s: &str) -> String {
    s.split(' ')
        .map(skeleton_word)
        .collect::<Vec<_>>()
        .join(" ")
}

fn skeleton_word(s: &str) -> String {
    let mut t = s.to_lowercase();
    // Short words (numerals, particles) are compared as they are: I and II differ.
    if t.chars().count() < 4 {
        return t;
    }
    for (a, b) in [
        ("iy", "i"),
        ("ij", "i"),
        ("yi", "i"),
        ("y", "i"),
        ("kh", "h"),
        ("ck", "k"),
        ("ph", "f"),
        ("w", "v"),
        ("ou", "u"),
        ("j", "i"),
        ("ii", "i"),
        ("ie", "i"),
    ] {
        t = t.replace(a, b);
    }
    let mut out = String::new();
    for c in t.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn kind_of(c: &Cand) -> (EntityKind, &'static str) {
    let words: Vec<&str> = c.name.split(' ').collect();
    let last = words.last().copied().unwrap_or("");
    // Cue words match in every spelling, singular or plural.
    let spellings: Vec<&str> = std::iter::once(c.name.as_str())
        .chain(c.aliases.iter().map(String::as_str))
        .collect();
    let any = |list: &[&str]| {
        spellings
            .iter()
            .flat_map(|s| s.split(' '))
            .any(|w| list.contains(&w) || w.strip_suffix('s').is_some_and(|s| list.contains(&s)))
    };
    if spellings.iter().any(|s| has(gz::STATES, s)) {
        return (EntityKind::State, "in the list of states");
    }
    // "Supreme Court of the United States", "United States Supreme Court":
    // a body of a state is a body.
    let head_last = c
        .name
        .split_once(" of ")
        .and_then(|(h, _)| h.rsplit(' ').next())
        .unwrap_or(last);
    if words.len() > 1
        && (has(gz::ORGANISATION, last) || has(gz::ORGANISATION, head_last))
        && !has(gz::STATE_WORDS, head_last)
        && !has(gz::PLACE, last)
        && !has(gz::SITE, last)
        && !any(gz::TREATY)
    {
        return (EntityKind::Organisation, "named as an organisation");
    }
    if any(gz::STATE_WORDS)
        || (words.len() > 1
            && words.iter().any(|w| has(gz::STATES, w))
            && !any(gz::TREATY)
            && !any(gz::ORGANISATION))
    {
        return (EntityKind::State, "named as a state");
    }
    if any(gz::TREATY) {
        return (EntityKind::Treaty, "named as a treaty");
    }
    // "War Minister", "War Office" are a person and a body.
    if any(gz::CONFLICT)
        && !any(gz::ORGANISATION)
        && !words.iter().any(|w| *w != "War" && has(gz::ROLES, w))
    {
        return (EntityKind::Conflict, "named as a war or revolution");
    }
    if words.len() > 1 && has(gz::POLICY, last) {
        return (EntityKind::Policy, "named as a programme");
    }
    if has(gz::COMPANY, last) || c.company_cue > 0 || c.name.contains(" & ") {
        return (EntityKind::Company, "named as a company");
    }
    if has(gz::SITE, last) || (words.len() > 1 && matches!(words[0], "Fort" | "Camp")) {
        return (EntityKind::Site, "named as a site");
    }
    // "Harbour Council", "River Police": the last word says what it is.
    if words.len() > 1 && has(gz::ORGANISATION, last) && !has(gz::PLACE, last) {
        return (EntityKind::Organisation, "named as an organisation");
    }
    if any(gz::PLACE) {
        return (EntityKind::Place, "named as a place");
    }
    if words.len() == 1
        && c.name
            .strip_suffix('s')
            .is_some_and(|s| has(gz::DEMONYMS, s))
    {
        return (EntityKind::Group, "a nationality or movement");
    }
    // A doctrine, or followers that a doctrine joined ("Syndicalists").
    let doctrine = spellings
        .iter()
        .any(|s| s.rsplit(' ').next().and_then(doctrine_stem).is_some());
    if doctrine && !any(gz::ORGANISATION) {
        return (EntityKind::Group, "a doctrine or movement");
    }
    if any(gz::ORGANISATION) {
        return (EntityKind::Organisation, "named as an organisation");
    }
    if any(gz::HAPPENING) {
        return (EntityKind::Group, "a named happening");
    }
    if c.person_cue > 0 {
        return (EntityKind::Person, "named with a title or role");
    }
    if words.iter().any(|w| has(gz::DEMONYMS, w)) {
        return (EntityKind::Group, "a nationality or movement");
    }
    // "PS4 Pro", "NVIDIA GTX": digits or capitals that are no regnal
    // number ("Nicholas II") mark a product or a body, not a person.
    let coded = |w: &&str| {
        let upper = w.chars().filter(char::is_ascii_uppercase).count();
        let roman = w.chars().all(|ch| "IVXLC".contains(ch));
        w.chars().any(|ch| ch.is_ascii_digit())
            || (upper >= 2 && !roman && w.chars().all(|ch| !ch.is_lowercase()))
    };
    if c.person_cue == 0 && words.iter().any(coded) {
        return (EntityKind::Organisation, "an abbreviation or a model name");
    }
    if words.len() > 1 {
        return (EntityKind::Person, "a full name");
    }
    // "ACLU", "NKVD": an abbreviation names a body far more often than a
    // place or a person ("in HDR" is no place).
    if words.len() == 1
        && c.name.chars().filter(char::is_ascii_uppercase).count() >= 2
        && c.name
            .chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
    {
        return (EntityKind::Organisation, "an abbreviation");
    }
    if c.place_cue > 0 && c.place_cue * 4 >= c.count {
        return (EntityKind::Place, "written after in, at, near or from");
    }
    if c.name
        .strip_suffix('s')
        .is_some_and(|s| has(gz::DEMONYMS, s))
    {
        return (EntityKind::Group, "a nationality or movement");
    }
    (EntityKind::Person, "a single name")
}

/// Suggests entities for `articles`, leaving out spellings already taken
/// by curated entities and ids already in use.
pub fn suggest(
    articles: &[Article],
    taken_spellings: &HashSet<String>,
    taken_ids: &HashSet<String>,
) -> Vec<EntitySpec> {
    // Pass 1: how each word is written across the corpus.
    let mut usage = Usage::default();
    let mut passages: Vec<(usize, &str, Vec<Tok>)> = Vec::new();
    let mut captions: Vec<(usize, &str, Vec<Tok>)> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        for (pi, (_, kind)) in a.passages.iter().enumerate() {
            let text = a.passage_text(pi);
            let toks = tokenize(text);
            if *kind == BlockKind::Heading {
                continue;
            }
            if title_case(text, &toks) {
                captions.push((ai, text, toks));
                continue;
            }
            for t in &toks {
                let w = &text[t.s..t.e];
                if is_lower(w) {
                    if !has(gz::PARTICLES, w) {
                        usage.lower.insert(w.to_owned());
                    }
                } else if is_cap(w) && !t.initial {
                    *usage.mid_cap.entry(w.to_owned()).or_insert(0) += 1;
                }
            }
            passages.push((ai, text, toks));
        }
    }
    // Pass 2: phrases.
    let mut cands: HashMap<String, Cand> = HashMap::new();
    let mut found = Vec::new();
    for (ai, text, toks) in &passages {
        found.clear();
        phrases(text, toks, &usage, &mut found);
        for f in &found {
            let c = cands.entry(f.name.clone()).or_insert_with(|| Cand {
                name: f.name.clone(),
                ..Cand::default()
            });
            c.count += 1;
            c.docs.insert(*ai);
            c.person_cue += u32::from(f.person_cue);
            c.place_cue += u32::from(f.place_cue);
            c.company_cue += u32::from(f.company_cue);
            c.weak += u32::from(f.weak);
        }
    }
    // A title-case line is read only for a place after "at" or "in" that
    // ends it or a clause of it ("… a Facility at Tomka, Soviet Union").
    for (ai, text, toks) in &captions {
        for k in 1..toks.len() {
            let (t, w) = (toks[k], &text[toks[k].s..toks[k].e]);
            let before = &text[toks[k - 1].s..toks[k - 1].e];
            let ends = toks
                .get(k + 1)
                .is_none_or(|n| text[t.e..n.s].contains([',', ';', '.', '(']));
            if t.joined
                && matches!(before, "at" | "in" | "near")
                && ends
                && !t.poss
                && is_cap(w)
                && w.chars().count() > 2
                && !has(gz::STOP, w)
                && !has(gz::ROLES, w)
                && !has(gz::DEMONYMS, w)
                && !usage.common(w)
            {
                let c = cands.entry(w.to_owned()).or_insert_with(|| Cand {
                    name: w.to_owned(),
                    ..Cand::default()
                });
                c.count += 1;
                c.docs.insert(*ai);
                c.place_cue += 1;
            }
        }
    }
    // Pass 3: one-off noise out.
    let surnames: HashSet<String> = cands
        .keys()
        .filter(|n| n.contains(' '))
        .filter_map(|n| n.rsplit(' ').next().map(skeleton))
        .collect();
    let dbg = std::env::var_os("LECTERN_DBG").is_some();
    let mut list: Vec<Cand> = cands
        .into_values()
        .filter(|c| {
            let keep = {
                let words = c.name.split(' ').count();
                if words == 1 {
                    !nationals(&c.name)
                        && ((c.weak < c.count
                            && (c.count >= 2 || has(gz::STATES, &c.name) || cued(c)))
                            || surnames.contains(&skeleton(&c.name)))
                } else {
                    c.count >= 2
                    || c.person_cue > 0
                    // "British Museum", "Stone Mountain", "German Fascism": words
                    // that say what the name names, capitalised on purpose.
                    || c.name
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| kind_word(w) || doctrine_stem(w).is_some())
                    || c.name.split(' ').any(|w| {
                        is_cap(w)
                            && !usage.common(w)
                            && !has(gz::DEMONYMS, w)
                            && !has(gz::ORGANISATION, w)
                    })
                }
            };
            if dbg && !keep {
                eprintln!(
                    "DROP {:?} n={} weak={} cues={}/{}/{}",
                    c.name, c.count, c.weak, c.person_cue, c.place_cue, c.company_cue
                );
            }
            keep
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // Pass 4: spellings of one name become aliases of the most frequent.
    let mut merged: Vec<Cand> = Vec::new();
    let mut by_skel: HashMap<String, usize> = HashMap::new();
    // Multi-word names by each "all words but one" pattern, so a spelling
    // one word apart is found without comparing every pair.
    let mut by_gap: HashMap<String, Vec<usize>> = HashMap::new();
    for c in list {
        let sk = treaty_key(&c.name).unwrap_or_else(|| skeleton(&c.name));
        let gaps = gap_keys(&c.name);
        let near = || {
            gaps.iter()
                .filter_map(|g| by_gap.get(g))
                .flatten()
                .copied()
                .find(|&i| variant(&merged[i].name, &c.name))
        };
        if let Some(i) = by_skel.get(&sk).copied().or_else(near) {
            absorb(&mut merged[i], c);
        } else {
            by_skel.insert(sk, merged.len());
            for g in gaps {
                by_gap.entry(g).or_default().push(merged.len());
            }
            merged.push(c);
        }
    }
    // A surname alone joins the one full name it ends.
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, m) in merged.iter().enumerate() {
        if let Some((_, last)) = m.name.rsplit_once(' ')
            && kind_of(m).0 == EntityKind::Person
        {
            by_surname.entry(skeleton(last)).or_default().push(j);
        }
    }
    let mut absorbed = vec![false; merged.len()];
    for i in 0..merged.len() {
        if merged[i].name.contains(' ') {
            continue;
        }
        let owners: Vec<usize> = by_surname
            .get(&skeleton(&merged[i].name))
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&j| j != i && !absorbed[j])
                    .collect()
            })
            .unwrap_or_default();
        if let [j] = owners[..] {
            let c = std::mem::take(&mut merged[i]);
            absorb(&mut merged[j], c);
            absorbed[i] = true;
        }
    }
    // A doctrine named alone joins its followers' entity.
    let followers: HashMap<&str, usize> = merged
        .iter()
        .enumerate()
        .filter(|(j, m)| !absorbed[*j] && !m.name.contains(' '))
        .filter_map(|(j, m)| Some((follower_stem(&m.name)?, j)))
        .collect();
    let joins: Vec<(usize, usize)> = merged
        .iter()
        .enumerate()
        .filter(|(i, m)| !absorbed[*i] && !m.name.contains(' '))
        .filter_map(|(i, m)| Some((i, *followers.get(doctrine_stem(&m.name)?)?)))
        .collect();
    for (i, j) in joins {
        let c = std::mem::take(&mut merged[i]);
        absorb(&mut merged[j], c);
        absorbed[i] = true;
    }
    let mut merged: Vec<Cand> = merged
        .into_iter()
        .zip(absorbed)
        .filter(|(c, a)| {
            !a && c.weak < c.count
                && (c.count >= 2 || c.name.contains(' ') || has(gz::STATES, &c.name) || cued(c))
        })
        .map(|(c, _)| c)
        .collect();
    merged.sort_by(|a, b| {
        let score = |c: &Cand| c.count as usize + 2 * c.docs.len();
        score(b).cmp(&score(a)).then_with(|| a.name.cmp(&b.name))
    });
    // Pass 5: write them out, every spelling on one entity only.
    let mut used: HashSet<String> = taken_spellings.clone();
    let mut ids: HashSet<String> = taken_ids.clone();
    let mut out = Vec::new();
    for c in merged {
        if used.contains(&c.name) {
            continue;
        }
        let (kind, why) = kind_of(&c);
        used.insert(c.name.clone());
        let mut aliases: Vec<String> = c
            .aliases
            .iter()
            .filter(|a| **a != c.name && used.insert((*a).clone()))
            .cloned()
            .collect();
        aliases.sort();
        let n = c.docs.len();
        out.push(EntitySpec {
            id: unique_id(&slug(&c.name), &mut ids),
            kind,
            name: c.name.clone(),
            aliases,
            summary: format!(
                "Suggested: named {} time{} in {n} article{}; kind guessed: {why}.",
                c.count,
                if c.count == 1 { "" } else { "s" },
                if n == 1 { "" } else { "s" }
            ),
            related: Vec::new(),
            coords: None,
            status: Some(Status::Suggested),
        });
    }
    linked_somewhere(articles, out, taken_spellings)
}

/// Drops the suggestions the reader would never link: every place they are
/// written lies inside a longer spelling ("Harris College" only ever in
/// "Young Harris College") or begins inside one ("Tech Lab Members" after
/// "IAB Tech Lab"). Only spellings that lie or begin inside another are at
/// risk; their mentions are found the way the reader finds them, among the
/// spellings that hold or overlap them, so the search stays small.
fn linked_somewhere(
    articles: &[Article],
    mut out: Vec<EntitySpec>,
    taken_spellings: &HashSet<String>,
) -> Vec<EntitySpec> {
    let curated = out.len();
    let all: Vec<(usize, &str)> = out
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(move |s| (i, s.as_str()))
        })
        .chain(taken_spellings.iter().map(|s| (curated, s.as_str())))
        .collect();
    let Ok(ac) = AhoCorasick::new(all.iter().map(|(_, s)| *s)) else {
        return out;
    };
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut at_risk = vec![false; curated + 1];
    let mut wanted = vec![false; all.len()];
    for (pi, &(owner, s)) in all.iter().enumerate() {
        for m in ac.find_overlapping_iter(s) {
            let (q, r) = (m.pattern().as_usize(), m.range());
            let inner = &s[r.clone()];
            let cut_before = s[..r.start].chars().next_back().is_some_and(word)
                && inner.chars().next().is_some_and(word);
            let cut_after = s[r.end..].chars().next().is_some_and(word)
                && inner.chars().next_back().is_some_and(word);
            let whole_words = !cut_before && !cut_after;
            if all[q].0 != owner && r.len() < s.len() && whole_words {
                at_risk[all[q].0] = true;
                wanted[q] = true;
                wanted[pi] = true;
            }
        }
    }
    // A spelling that begins with a later word of another may lose its
    // start to it.
    let mut by_inner: HashMap<&str, Vec<usize>> = HashMap::new();
    for (pi, &(_, s)) in all.iter().enumerate() {
        for w in s.split(' ').skip(1) {
            by_inner.entry(w).or_default().push(pi);
        }
    }
    for (pi, &(owner, s)) in all.iter().enumerate() {
        let first = s.split(' ').next().unwrap_or(s);
        if !s.contains(' ') {
            continue;
        }
        for &q in by_inner.get(first).into_iter().flatten() {
            if all[q].0 != owner {
                at_risk[owner] = true;
                wanted[q] = true;
                wanted[pi] = true;
            }
        }
    }
    if !at_risk[..curated].contains(&true) {
        return out;
    }
    let linker = Linker::new(
        all.iter()
            .zip(&wanted)
            .filter(|(_, w)| **w)
            .map(|(&(o, s), _)| (EntityIdx(o), s)),
    );
    if linker.error().is_some() {
        return out;
    }
    let mut seen = vec![false; curated + 1];
    for a in articles {
        for m in linker.find(&a.text) {
            if let Some(s) = seen.get_mut(m.entity.0) {
                *s = true;
            }
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !at_risk[i - 1] || seen[i - 1]
    });
    out
}

/// "Germans", "Soviets": a state's people, which the state stands for.
fn nationals(name: &str) -> bool {
    name.strip_suffix('s')
        .is_some_and(|s| has(gz::DEMONYMS, s) && !has(gz::MOVEMENTS, s))
}

/// A name met once is kept only with a cue to what it names: a role before
/// it, "at" or "in" before a place, "company" beside a firm.
fn cued(c: &Cand) -> bool {
    c.person_cue + c.place_cue + c.company_cue > 0
}

fn absorb(into: &mut Cand, c: Cand) {
    into.count += c.count;
    into.docs.extend(c.docs);
    into.person_cue += c.person_cue;
    into.place_cue += c.place_cue;
    into.company_cue += c.company_cue;
    into.weak += c.weak;
    into.aliases.push(c.name);
    into.aliases.extend(c.aliases);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::import::doc::Doc;

    /// Articles `a0`, `a1`… of these texts, a paragraph at each blank line.
    pub(crate) fn articles(texts: &[&str]) -> Vec<Article> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d = Doc::default();
                for p in t.split("\n\n") {
                    d.push(BlockKind::Text, p);
                }
                Article::from_doc(format!("a{i}"), d)
            })
            .collect()
    }

    fn names_in(texts: &[&str]) -> Vec<EntitySpec> {
        suggest(&articles(texts), &HashSet::new(), &HashSet::new())
    }

    #[test]
    fn names_merge_and_kinds_follow_cues() {
        let e = names_in(&[
            "The Treaty of Rapallo was signed by Georgy Chicherin in April. Later the treaty was praised. General Werner von Blomberg visited Kazan in 1928.",
            "Chicherin's aides met in Kazan. The Treaty of Rapallo held. Georgiy Chicherin left Germany. Blomberg was pleased.",
        ]);
        let find = |n: &str| {
            e.iter()
                .find(|x| x.name == n || x.aliases.iter().any(|a| a == n))
        };
        let t = find("Treaty of Rapallo").map(|x| x.kind);
        assert_eq!(t, Some(EntityKind::Treaty));
        let c = find("Georgy Chicherin").or_else(|| find("Georgiy Chicherin"));
        let c = c.map(|x| (x.kind, x.aliases.contains(&"Chicherin".to_owned())));
        assert_eq!(c.map(|x| x.0), Some(EntityKind::Person));
        assert!(find("Georgiy Chicherin").is_some() && find("Chicherin").is_some());
        assert_eq!(
            find("Georgy Chicherin").map(|x| &x.id),
            find("Chicherin").map(|x| &x.id)
        );
        assert_eq!(
            find("Werner von Blomberg").map(|x| x.kind),
            Some(EntityKind::Person)
        );
        assert_eq!(
            find("Blomberg").map(|x| &x.name),
            Some(&"Werner von Blomberg".to_owned())
        );
        assert_eq!(find("Germany").map(|x| x.kind), Some(EntityKind::State));
        assert_eq!(find("Kazan").map(|x| x.kind), Some(EntityKind::Place));
        // Sentence-initial words are not names; neither are one-off common words.
        assert!(find("Later").is_none() && find("The").is_none() && find("April").is_none());
    }

    #[test]
    fn contractions_are_not_names() {
        let texts = [
            "Today I'm sure, and I've said so. Then I’ll go where I'd gone with Facebook, and Don't Panic.",
            "Later I'm here again, as I've been, and Facebook knows it.",
        ];
        let e = names_in(&texts);
        let spelled = |n: &str| {
            e.iter()
                .any(|x| x.name == n || x.aliases.iter().any(|a| a == n))
        };
        for c in ["I'm", "I've", "I’ll", "I'd", "Don't"] {
            assert!(!spelled(c), "{c} suggested as a name");
        }
        assert!(spelled("Facebook"));
    }

    #[test]
    fn a_role_inside_a_run_splits_it_and_abbreviations_are_bodies() {
        let e = names_in(&[
            "Last week, Facebook CEO Mark Zuckerberg spoke in HDR about the ACLU.",
            "Then the Facebook CEO Mark Zuckerberg met the ACLU again in HDR.",
        ]);
        let kind = |n: &str| e.iter().find(|x| x.name == n).map(|x| x.kind);
        assert_eq!(kind("Mark Zuckerberg"), Some(EntityKind::Person));
        assert!(kind("Facebook").is_some());
        assert!(e.iter().all(|x| !x.name.contains("CEO")));
        assert_eq!(kind("ACLU"), Some(EntityKind::Organisation));
        assert_eq!(kind("HDR"), Some(EntityKind::Organisation));
        let e = names_in(&[
            "They bought the PS4 Pro when Nicholas II reigned.",
            "Later the PS4 Pro sold; Nicholas II fell.",
        ]);
        let kind = |n: &str| e.iter().find(|x| x.name == n).map(|x| x.kind);
        assert_eq!(kind("PS4 Pro"), Some(EntityKind::Organisation));
        assert_eq!(kind("Nicholas II"), Some(EntityKind::Person));
        let e = names_in(&[
            "It lies in the United States of America, on the Atlantic Coastal Plain.",
            "Later the United States of America grew; the Atlantic Coastal Plain did not.",
        ]);
        let kind = |n: &str| e.iter().find(|x| x.name == n).map(|x| x.kind);
        assert_eq!(kind("United States of America"), Some(EntityKind::State));
        assert_eq!(kind("Atlantic Coastal Plain"), Some(EntityKind::Place));
    }

    #[test]
    fn articles_and_pronouns_of_other_languages_are_no_names_alone() {
        let e = names_in(&[
            "Cinq bières, Le Poulpe, éditions Baleine, 2009. Rosbif, Le, éditions Baleine. Voir Die, Das.",
            "Encore Le Havre avec Die Zeit, puis Le, Die et Das, Le Havre et Die Zeit.",
        ]);
        let named = |n: &str| e.iter().any(|x| x.name == n);
        assert!(!named("Le") && !named("Die") && !named("Das"));
        assert!(named("Le Havre") && named("Die Zeit"));
    }

    fn spelled(e: &[EntitySpec], n: &str) -> Option<EntityKind> {
        e.iter()
            .find(|x| x.name == n || x.aliases.iter().any(|a| a == n))
            .map(|x| x.kind)
    }

    #[test]
    fn a_body_or_a_war_after_a_plural_possessive_is_one_name() {
        let e = names_in(&[
            "Plans were hidden from the League of Nations' Disarmament Committee for years.",
            "Farmers remembered the Thirty Years' War. Lenin's rivals' Party met once.",
        ]);
        assert_eq!(
            spelled(&e, "League of Nations' Disarmament Committee"),
            Some(EntityKind::Organisation)
        );
        assert_eq!(spelled(&e, "Disarmament Committee"), None);
        assert_eq!(spelled(&e, "Thirty Years' War"), Some(EntityKind::Conflict));
        // A singular possessive still ends a name.
        assert!(e.iter().all(|x| !x.name.contains("Lenin's")));
    }

    #[test]
    fn a_numbered_programme_keeps_its_number_and_a_clock_zone_is_no_name() {
        let e = names_in(&[
            "Engineers came for the current 5-year Plan. Page changed: 02-03-2019 06:03:23 ZULU",
            "Steel output fell under the 5-year Plan. Page changed: 01-01-2011 15:47:08 ZULU",
        ]);
        assert_eq!(spelled(&e, "5-year Plan"), Some(EntityKind::Policy));
        assert_eq!(spelled(&e, "Plan"), None);
        assert_eq!(spelled(&e, "ZULU"), None);
    }

    #[test]
    fn a_states_people_are_no_entity_but_movements_and_sides_are() {
        let e = names_in(&[
            "The Italians traded with the Bolsheviks while the Whites, who fought them, lost.",
            "Later the Italians and the Bolsheviks signed. The Whites fled with Norwegians.",
        ]);
        assert_eq!(spelled(&e, "Italians"), None);
        assert_eq!(spelled(&e, "Norwegians"), None);
        assert_eq!(spelled(&e, "Bolsheviks"), Some(EntityKind::Group));
        assert_eq!(spelled(&e, "Whites"), Some(EntityKind::Group));
    }

    #[test]
    fn a_verb_of_saying_or_who_after_a_name_met_once_keeps_it() {
        let e = names_in(&[
            "Petrovsky writes that the plan failed. It changed after Marlow recognized the danger.",
            "The envoy thanked Ingrid, who had helped. Tomorrow rain falls on Hollow.",
        ]);
        assert_eq!(spelled(&e, "Petrovsky"), Some(EntityKind::Person));
        assert_eq!(spelled(&e, "Marlow"), Some(EntityKind::Person));
        assert_eq!(spelled(&e, "Ingrid"), Some(EntityKind::Person));
        // No cue, met once: left out as before.
        assert_eq!(spelled(&e, "Tomorrow"), None);
        assert_eq!(spelled(&e, "Hollow"), None);
    }

    #[test]
    fn a_named_war_met_once_is_a_conflict_and_a_war_office_is_not() {
        let e = names_in(&[
            "The famine followed the Crimean War and the Great Revolution.",
            "Letters went to the War Office, and the War Office answered twice.",
        ]);
        assert_eq!(spelled(&e, "Crimean War"), Some(EntityKind::Conflict));
        assert_eq!(spelled(&e, "Great Revolution"), Some(EntityKind::Conflict));
        assert_eq!(spelled(&e, "War Office"), Some(EntityKind::Organisation));
    }

    #[test]
    fn a_short_title_case_question_is_a_heading() {
        let e = names_in(&[
            "What Happened?\n\nWhy Does It Matter?\n\nNobody knew.",
            "What Happened?\n\nNothing much.",
        ]);
        assert_eq!(spelled(&e, "Happened"), None);
        assert_eq!(spelled(&e, "Matter"), None);
    }

    #[test]
    fn pronouns_greetings_and_shouting_are_no_part_of_a_name() {
        let e = names_in(&[
            "Welcome Amelia to the team. Maybe I should ask Tolliver. Tolliver I know well. THEY MUST NOT GO.",
            "Hello Amelia, said nobody. Whenever I write, Tolliver answers. It MUST NOT wait for Tolliver.",
        ]);
        let names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
        for bad in [
            "Welcome Amelia",
            "Maybe I",
            "Tolliver I",
            "Whenever I",
            "MUST NOT",
            "THEY MUST NOT GO",
        ] {
            assert!(!names.contains(&bad), "{bad} in {names:?}");
        }
        assert_eq!(spelled(&e, "Tolliver"), Some(EntityKind::Person));
        // A numeral after a war or a ruler's name stays.
        let e = names_in(&[
            "After World War I ended, trade grew. Nicholas I. ruled.",
            "Veterans of World War I met; Nicholas I. was remembered.",
        ]);
        assert!(spelled(&e, "World War I").is_some());
    }

    #[test]
    fn a_role_word_before_a_kind_of_body_is_part_of_its_name() {
        let e = names_in(&[
            "Parts came from General Motors and went to the General Assembly via Acme, Inc. in Ohio.",
            "Later General Motors wrote to the General Assembly again; Acme, Inc. did not.",
        ]);
        assert_eq!(spelled(&e, "General Motors"), Some(EntityKind::Company));
        assert_eq!(
            spelled(&e, "General Assembly"),
            Some(EntityKind::Organisation)
        );
        assert_eq!(spelled(&e, "Motors"), None);
        assert_eq!(spelled(&e, "Inc"), None);
    }

    #[test]
    fn a_name_met_once_that_ends_in_a_kind_word_is_kept() {
        let e = names_in(&[
            "The prints went to the Glass Museum in the end, near the Salt Mountain.",
            "Nothing else happened; glass and salt stayed. Grey Thing waited for grey days.",
        ]);
        assert_eq!(spelled(&e, "Glass Museum"), Some(EntityKind::Organisation));
        assert_eq!(spelled(&e, "Salt Mountain"), Some(EntityKind::Place));
        assert_eq!(spelled(&e, "Grey Thing"), None);
    }

    #[test]
    fn a_doctrine_joins_its_followers_and_is_a_movement() {
        let e = names_in(&[
            "The Jacobins spoke; fear of Jacobinism spread. The rise of Rural Agrarianism followed.",
            "Later the Jacobins fell, and Jacobinism with them; agrarianism faded.",
        ]);
        let j = e.iter().find(|x| x.name == "Jacobins");
        assert!(
            j.is_some_and(|j| j.aliases.contains(&"Jacobinism".to_owned())),
            "{e:?}"
        );
        assert_eq!(spelled(&e, "Rural Agrarianism"), Some(EntityKind::Group));
    }

    #[test]
    fn a_middle_initial_and_a_model_number_stay_inside_a_name() {
        let e = names_in(&[
            "The mill was sold to Harriet Q. Lindqvist, who owned the Loomster 3 Deluxe. Then Lindqvist left.",
            "Harriet Q. Lindqvist kept the Loomster 3 Deluxe until May. Then the mill closed in April 12 days later.",
        ]);
        assert_eq!(
            spelled(&e, "Harriet Q. Lindqvist"),
            Some(EntityKind::Person)
        );
        assert!(spelled(&e, "Loomster 3 Deluxe").is_some(), "{e:?}");
        let names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
        for bad in ["Harriet Q", "Loomster", "Deluxe", "Lindqvist"] {
            assert!(!names.contains(&bad), "{bad} alone in {names:?}");
        }
        // A sentence that ends in a ruler's numeral still ends there.
        let e = names_in(&[
            "It was built under Gustav I. The Danes came later.",
            "Under Gustav I. The town grew.",
        ]);
        assert!(e.iter().all(|x| !x.name.contains("The")), "{e:?}");
    }

    #[test]
    fn a_status_line_or_a_title_phrase_is_no_name() {
        let e = names_in(&[
            "The server answers 304 Not Modified when nothing changed, or 404 Not Found.",
            "Again it sent 304 Not Modified; the client read Why Does Caching Matter twice.",
        ]);
        let names: Vec<&str> = e.iter().map(|x| x.name.as_str()).collect();
        for bad in [
            "Modified",
            "Not Modified",
            "Found",
            "Matter",
            "Caching Matter",
        ] {
            assert!(!names.contains(&bad), "{bad} in {names:?}");
        }
    }

    #[test]
    fn a_body_of_a_state_is_a_body_and_a_law_is_a_policy() {
        let e = names_in(&[
            "The Supreme Court of the United States heard it; the United States Supreme Court ruled. The Stamp Act passed, and Fort Kelso held.",
            "Later the Supreme Court of the United States and the United States Supreme Court met. The Stamp Act and Fort Kelso stayed.",
        ]);
        assert_eq!(
            spelled(&e, "Supreme Court of the United States"),
            Some(EntityKind::Organisation)
        );
        assert_eq!(
            spelled(&e, "United States Supreme Court"),
            Some(EntityKind::Organisation)
        );
        assert_eq!(spelled(&e, "Stamp Act"), Some(EntityKind::Policy));
        assert_eq!(spelled(&e, "Fort Kelso"), Some(EntityKind::Site));
    }

    #[test]
    fn a_possessive_opens_a_name_and_a_dash_opens_a_sentence() {
        let e = names_in(&[
            "Ostrava's mills grew fast. Today's mills are quiet. Loom fixes – Making Looms Faster shipped.",
            "Ostrava's mayor left early. Bug list – Making Looms Faster landed today.",
        ]);
        assert!(spelled(&e, "Ostrava").is_some(), "{e:?}");
        assert_eq!(spelled(&e, "Today"), None);
        assert!(e.iter().all(|x| !x.name.starts_with("Making")), "{e:?}");
    }

    #[test]
    fn a_name_the_reader_would_never_link_is_not_suggested() {
        let e = names_in(&[
            "The board met at Young Harris College in spring. Then: Young Harris College closed. Call URI_ENCODE twice.",
            "The young students left Young Harris College. Call URI_ENCODE( root ) and URI_ENCODE( leaf ) again.",
        ]);
        assert!(spelled(&e, "Young Harris College").is_some(), "{e:?}");
        assert_eq!(spelled(&e, "Harris College"), None);
        assert!(
            e.iter()
                .all(|x| !x.name.contains("ENCODE") && x.name != "URI"),
            "{e:?}"
        );
        // Nor one whose start the reader gives to a longer name before it.
        let e = names_in(&[
            "The board met Quill Tech Lab staff twice. Then: Quill Tech Lab Members voted.",
            "A quill pen signed it, and the Quill Tech Lab met again.",
        ]);
        assert!(spelled(&e, "Quill Tech Lab").is_some(), "{e:?}");
        assert_eq!(spelled(&e, "Tech Lab Members"), None);
    }

    #[test]
    fn an_ampersand_joins_two_names_into_a_firm() {
        let e = names_in(&[
            "Hulls came from Brandt & Sohle in Kiel, and Brandt & Sohle built more. See Privacy & Security.",
            "Later Brandt & Sohle closed its yard. Its privacy and security mattered. See Privacy & Security.",
        ]);
        assert_eq!(spelled(&e, "Brandt & Sohle"), Some(EntityKind::Company));
        assert_eq!(spelled(&e, "Sohle"), None);
        assert_eq!(spelled(&e, "Privacy & Security"), None);
    }

    #[test]
    fn a_title_case_caption_gives_only_the_place_it_ends_in() {
        let e = names_in(&[
            "Photo of Workers Loading Barrels at a Cooperage at Brenngard, Upper Valley\n\nThe barrels went east.",
            "Notes From Life in Lockdown\n\nDuring the lockdown the barrels stayed.",
        ]);
        assert_eq!(spelled(&e, "Brenngard"), Some(EntityKind::Place));
        for bad in [
            "Lockdown",
            "Cooperage",
            "Workers",
            "Barrels",
            "Photo",
            "Upper Valley",
        ] {
            assert_eq!(spelled(&e, bad), None, "{bad}");
        }
    }
}
