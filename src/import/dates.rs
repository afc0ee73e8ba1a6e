//! Date expressions in text, to EDTF at the precision they state: days in
//! the usual orders, months, seasons, years, decades, approximations and
//! ranges. Dates that need a reference point ("the next year") are not
//! guessed, and neither is a bare "before 1922".

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// A date found in a text: where, and its EDTF form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub edtf: String,
}

const MONTH: &str = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const DAY: &str = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?";
const YEAR: &str = r"(?P<y>1[0-9]{3}|20[0-9]{2})";

fn month_number(m: &str) -> Option<u8> {
    let m = m.trim_end_matches('.');
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn days_in(y: i32, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

struct Pattern {
    re: Regex,
    to_edtf: fn(&regex::Captures) -> Option<String>,
}

fn day(c: &regex::Captures, d: &str, m: &str, y: &str) -> Option<String> {
    let y: i32 = c.name(y)?.as_str().parse().ok()?;
    let m = month_number(c.name(m)?.as_str())?;
    let d: u8 = c.name(d)?.as_str().parse().ok()?;
    (d >= 1 && d <= days_in(y, m)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        let mk = |re: String, f: fn(&regex::Captures) -> Option<String>| {
            // The patterns are fixed strings tested below; a bad one is a
            // programming error caught by the unit tests, never input.
            Regex::new(&re).ok().map(|re| Pattern { re, to_edtf: f })
        };
        let wd = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?";
        let mut v: Vec<Option<Pattern>> = vec![
            // 16–18 April 1922
            mk(
                format!(r"\b(?P<d1>[0-3]?\d)\s*(?:–|-|to)\s*{DAY}\s+{MONTH}\s*,?\s+{YEAR}\b"),
                |c| {
                    let end = day(c, "d", "m", "y")?;
                    let d1: u8 = c.name("d1")?.as_str().parse().ok()?;
                    let start = format!("{}-{d1:02}", &end[..7]);
                    (d1 >= 1 && start < end).then(|| format!("{start}/{end}"))
                },
            ),
            // 16 April 1922, 16th of April, 1922
            mk(format!(r"\b{wd}{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b"), |c| day(c, "d", "m", "y")),
            // April 16, 1922
            mk(format!(r"\b{wd}{MONTH}\s+{DAY},?\s+{YEAR}\b"), |c| day(c, "d", "m", "y")),
            // 1922-04-16
            mk(format!(r"\b{YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b"), |c| {
                let y: i32 = c.name("y")?.as_str().parse().ok()?;
                let m: u8 = c.name("mm")?.as_str().parse().ok()?;
                let d: u8 = c.name("dd")?.as_str().parse().ok()?;
                ((1..=12).contains(&m) && d >= 1 && d <= days_in(y, m))
                    .then(|| format!("{y:04}-{m:02}-{d:02}"))
            }),
            // April to August 1922, April–August 1922
            mk(
                format!(r"\b(?:from\s+|between\s+)?(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December)\s*(?:–|-|to|until|and|through)\s*{MONTH},?\s+{YEAR}\b"),
                |c| {
                    let y: i32 = c.name("y")?.as_str().parse().ok()?;
                    let a = month_number(c.name("m1")?.as_str())?;
                    let b = month_number(c.name("m")?.as_str())?;
                    (a < b).then(|| format!("{y:04}-{a:02}/{y:04}-{b:02}"))
                },
            ),
            // April 1922, early May 1921
            mk(format!(r"\b{MONTH},?\s+(?:of\s+)?{YEAR}\b"), |c| {
                let y: i32 = c.name("y")?.as_str().parse().ok()?;
                let m = month_number(c.name("m")?.as_str())?;
                Some(format!("{y:04}-{m:02}"))
            }),
            // autumn of 1928
            mk(format!(r"(?i:\b(?P<s>spring|summer|autumn|fall|winter))\s+(?:of\s+)?{YEAR}\b"), |c| {
                let y = c.name("y")?.as_str();
                let s = match c.name("s")?.as_str().to_ascii_lowercase().as_str() {
                    "spring" => 21,
                    "summer" => 22,
                    "autumn" | "fall" => 23,
                    _ => 24,
                };
                Some(format!("{y}-{s}"))
            }),
            // from 1934 through 1937, between 1934 and 1937
            mk(
                format!(r"(?i:\b(?:from|between))\s+(?P<y1>1[0-9]{{3}}|20[0-9]{{2}})\s+(?:to|through|until|till|and)\s+{YEAR}\b"),
                year_range,
            ),
            // 1934–1937, 1934-37, 1928/29
            mk(
                r"\b(?P<y1>1[0-9]{3}|20[0-9]{2})(?:\s*(?:–|—|-|/)\s*|\s+or\s+)(?P<y>1[0-9]{3}|20[0-9]{2}|[0-9]{2})\b".to_owned(),
                year_range,
            ),
            // the 1920s, the 1920's
            mk(r"\b(?P<y>1[0-9]{2}|20[0-9])0[’']?s\b".to_owned(), |c| {
                Some(format!("{}X", c.name("y")?.as_str()))
            }),
            // c. 1933, around 1921
            mk(
                format!(r"(?:\b(?:c\.|ca\.|circa|around|about|approximately|roughly|some\s?time\s+in)\s*){YEAR}\b"),
                |c| Some(format!("{}~", c.name("y")?.as_str())),
            ),
            // in 1922
            mk(format!(r"\b{YEAR}\b"), |c| Some(c.name("y")?.as_str().to_owned())),
        ];
        v.drain(..).flatten().collect()
    })
}

fn year_range(c: &regex::Captures) -> Option<String> {
    let a: i32 = c.name("y1")?.as_str().parse().ok()?;
    let b = c.name("y")?.as_str();
    let b: i32 = if b.len() == 2 {
        let short: i32 = b.parse().ok()?;
        a / 100 * 100 + short
    } else {
        b.parse().ok()?
    };
    (a < b && b - a < 200).then(|| format!("{a}/{b}"))
}

/// Words before a year that make it no date of an event.
const NOT_AT: &[&str] = &[
    "before", "after", "until", "till", "prior to", "pre-", "post-", "no.", "page", "p.", "pp.",
    // "A History of the State to 1798", "up to 1909": an end, not a moment.
    " to",
];
/// Words after a number that make it a quantity, not a year.
const QUANTITY: &[&str] = &[
    "men",
    "people",
    "troops",
    "soldiers",
    "tons",
    "tonnes",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "aircraft",
    "planes",
    "tanks",
    "guns",
    "rifles",
    "marks",
    "roubles",
    "rubles",
    "dollars",
    "pounds",
    "copies",
    "pages",
    "officers",
    "%",
    "percent",
    "ft",
    "ft.",
    "m.",
    "sq",
    "sq.",
    "acres",
    "lb",
    "lbs",
    "bushels",
    "bales",
    "yards",
    "inches",
    "in.",
    "cubic",
    "square",
    "head",
    "cattle",
    "sheep",
    "acres,",
    "ft.)",
    "ft.,",
    "per",
    "hours",
    "days",
];

/// Whether a bare four-digit number between these two stretches of text
/// names a product rather than a year: "GTX 1080 GPU", "Windows 2000".
fn model_number(before: &str, after: &str) -> bool {
    // Era markers and the few capitalised words that do lead up to a year.
    const ERA: &[&str] = &["AD", "BC", "BCE", "CE", "AH", "AM"];
    let acronym = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().count() >= 2
            && !ERA.contains(&w)
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_uppercase())
    };
    let prev = before
        .strip_suffix(' ')
        .and_then(|b| b.rsplit(' ').next())
        .unwrap_or("");
    let next = after
        .strip_prefix(' ')
        .and_then(|a| a.split(' ').next())
        .unwrap_or("");
    let product = [
        "Windows", "Office", "Server", "Edition", "Series", "Model", "Version",
    ];
    acronym(prev) || acronym(next) || product.contains(&prev.trim_end_matches(','))
}

/// Whether a bare four-digit number after `before` and before the word
/// `next` counts something: "there were 1522 establishments", "800 to
/// 1200 lb".
fn counted(before: &str, next: &str) -> bool {
    const VERBS: &[&str] = &[
        "were",
        "was",
        "are",
        "is",
        "had",
        "has",
        "have",
        "nearly",
        "almost",
        "over",
        "some",
        "than",
        "only",
        "numbered",
        "totalled",
        "totaled",
        "employed",
        "contained",
        "of about",
        // "any of these 1000 documents": a determiner before a number counts.
        "these",
        "those",
        "all",
        "many",
        "several",
        "few",
    ];
    let head = before.trim_end().to_lowercase();
    let prev = head.rsplit(' ').next().unwrap_or("");
    // "800 to 1200": a span whose first end is no year.
    let span_of_amounts = matches!(prev, "to" | "and" | "or" | "-" | "–")
        && head[..head.len() - prev.len()]
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|w| w.trim_end_matches(',').parse::<u32>().ok())
            .is_some_and(|n| n < 1000);
    VERBS
        .iter()
        .any(|v| head.ends_with(&format!(" {v}")) || head == *v)
        || span_of_amounts
        || next.starts_with(['℔', '£', '€', '$'])
}

/// Every date expression in `text`, in order, none overlapping (the most
/// specific reading wins).
pub fn find(text: &str) -> Vec<Found> {
    let mut taken: Vec<Found> = Vec::new();
    for p in patterns() {
        for c in p.re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let r = m.range();
            if taken
                .iter()
                .any(|t| t.range.start < r.end && r.start < t.range.end)
            {
                continue;
            }
            // Not part of a larger number or code: 1,922 or 19222 or 1922.5
            let before = text[..r.start].chars().next_back();
            let after = text[r.end..].chars().next();
            let before2 = text[..r.start].chars().rev().nth(1);
            let numeric_date = matches!(before, Some('-' | '/' | '.'))
                && before2.is_some_and(|c| c.is_ascii_digit());
            if numeric_date
                || before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '$' || c == '#')
                || after.is_some_and(|c| c.is_ascii_digit() || c == '%')
            {
                continue;
            }
            let head = text[..r.start].trim_end().to_lowercase();
            if NOT_AT.iter().any(|w| head.ends_with(w)) {
                continue;
            }
            let next = text[r.end..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            if m.as_str().len() == 4 && QUANTITY.iter().any(|q| next == *q) {
                continue;
            }
            if m.as_str().len() == 4
                && (model_number(&text[..r.start], &text[r.end..])
                    || counted(&text[..r.start], &next))
            {
                continue;
            }
            let Some(edtf) = (p.to_edtf)(&c) else {
                continue;
            };
            if crate::corpus::date::EdtfDate::parse(&edtf).is_err() {
                continue;
            }
            taken.push(Found { range: r, edtf });
        }
    }
    taken.sort_by_key(|f| f.range.start);
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edtf(s: &str) -> Vec<String> {
        find(s).into_iter().map(|f| f.edtf).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(patterns().len(), 12);
    }

    #[test]
    fn dates_at_their_precision() {
        assert_eq!(edtf("signed on 16 April 1922 at Rapallo"), ["1922-04-16"]);
        assert_eq!(edtf("Wednesday, January 18, 2023"), ["2023-01-18"]);
        assert_eq!(edtf("on the 5th of May, 1921"), ["1921-05-05"]);
        assert_eq!(edtf("in May 1921 a treaty"), ["1921-05"]);
        assert_eq!(edtf("in the autumn of 1928"), ["1928-23"]);
        assert_eq!(edtf("through the 1920s"), ["192X"]);
        assert_eq!(edtf("c. 1933 and around 1921"), ["1933~", "1921~"]);
        assert_eq!(edtf("from 1934 through 1937"), ["1934/1937"]);
        assert_eq!(edtf("in 1928/29 and 1918-1945"), ["1928/1929", "1918/1945"]);
        assert_eq!(edtf("from April to August 1922"), ["1922-04/1922-08"]);
        assert_eq!(edtf("16–18 April 1922"), ["1922-04-16/1922-04-18"]);
        assert_eq!(edtf("By 1922, Russia"), ["1922"]);
        assert_eq!(edtf("by 1928 or 1929"), ["1928/1929"]);
    }

    #[test]
    fn what_is_not_a_date() {
        assert!(edtf("the next year they met; two years later").is_empty());
        assert!(edtf("1500 troops and 2,000 men, 31 February 1922").len() <= 1);
        assert!(edtf("before 1922").is_empty());
        assert!(edtf("1,922 rifles and 19225").is_empty());
        assert!(edtf("modified: 11-07-2011 15:47").is_empty());
        assert!(edtf("31 February 1922").iter().all(|d| d != "1922-02-31"));
        assert!(edtf("an NVIDIA GTX 1080 GPU").is_empty());
        assert!(edtf("a 1080 GPU and Windows 2000").is_empty());
        assert_eq!(edtf("in AD 1066 and by 1922 the USSR"), ["1066", "1922"]);
        assert!(edtf("there were 1522 mills, yielding 800 to 1200 ℔ of cotton").is_empty());
        assert!(edtf("whether any of these 1000 files changed, or all 1500 of them").is_empty());
        assert!(edtf("see his History of the Valley to 1798; up to 1909 it grew").is_empty());
        assert_eq!(
            edtf("mills from 1850 to 1860; Pluto 1930"),
            ["1850/1860", "1930"]
        );
        assert_eq!(
            edtf("from 1850 to 1860 it had 1200 mills; it was 1861"),
            ["1850/1860"]
        );
    }
}
