//! The content-pack file formats, exactly as they are written on disk.
//!
//! Every struct rejects unknown fields so that a typo in a pack is an error
//! rather than silently ignored data.

use serde::{Deserialize, Serialize};

/// The format version this build reads. Packs with a larger number are refused.
pub const FORMAT_VERSION: u32 = 1;

/// `corpus.json`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusFile {
    pub format: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub articles: Vec<ArticleMeta>,
}

/// One article's metadata, in reading order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    pub id: String,
    pub title: String,
    /// The publisher or site, as printed.
    pub source: String,
    /// The date as printed (free text: "Wednesday, January 18, 2023").
    #[serde(default)]
    pub date: String,
    /// Path of the text file, relative to the pack directory.
    pub file: String,
    /// Where the article can be read: an `http`, `https` or `file` URL,
    /// checked by [`url_problem`] (the reader makes it a terminal link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Quotes of passages that are photo captions.
    #[serde(default)]
    pub captions: Vec<String>,
    /// Quotes of passages that are headings.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Scanning slips: shown corrected, original kept.
    #[serde(default)]
    pub corrections: Vec<CorrectionSpec>,
    /// Mentions decided by hand where a spelling means something else at
    /// one place than it does everywhere else.
    #[serde(default)]
    pub links: Vec<LinkSpec>,
}

/// What one quoted occurrence links to, overriding the spellings: the
/// `text` inside the unique `quote` (the whole quote when left out) links to
/// `entity`, or to nothing when `entity` is `null`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    pub quote: String,
    #[serde(default)]
    pub text: Option<String>,
    /// Required, so that "links to nothing" is said (`null`), never implied
    /// by a forgotten field.
    #[serde(deserialize_with = "present")]
    pub entity: Option<String>,
}

/// A field that must be present but may be `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

/// A scanning slip. `original` must occur exactly once in the article text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionSpec {
    pub original: String,
    pub corrected: String,
}

/// One entry of `entities.json` (a JSON array of these).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub summary: String,
    /// Ids of related entities.
    #[serde(default)]
    pub related: Vec<String>,
    /// Where a place, a site or (by a representative point) a state lies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coords: Option<Coords>,
    /// Absent for curated entities; `suggested` for those `lectern import` found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// A position in decimal degrees: latitude north positive, longitude east
/// positive. Named fields, because the order of a bare pair is a classic
/// source of swapped coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Coords {
    pub lat: f64,
    pub lon: f64,
}

/// Whether an entity or event still awaits review. Curated items have no
/// status; only `suggested` is defined, so any other value is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Suggested,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    State,
    Organisation,
    Company,
    Group,
    Treaty,
    Site,
    /// A war or revolution.
    Conflict,
    /// A government programme or policy.
    Policy,
}

impl EntityKind {
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::State,
        EntityKind::Organisation,
        EntityKind::Company,
        EntityKind::Group,
        EntityKind::Treaty,
        EntityKind::Site,
        EntityKind::Conflict,
        EntityKind::Policy,
    ];

    /// Three-letter tag used in narrow columns.
    pub fn tag(self) -> &'static str {
        match self {
            EntityKind::Person => "per",
            EntityKind::Place => "plc",
            EntityKind::State => "sta",
            EntityKind::Organisation => "org",
            EntityKind::Company => "com",
            EntityKind::Group => "grp",
            EntityKind::Treaty => "trt",
            EntityKind::Site => "sit",
            EntityKind::Conflict => "war",
            EntityKind::Policy => "pol",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::State => "state",
            EntityKind::Organisation => "organisation",
            EntityKind::Company => "company",
            EntityKind::Group => "group",
            EntityKind::Treaty => "treaty",
            EntityKind::Site => "site",
            EntityKind::Conflict => "conflict",
            EntityKind::Policy => "policy",
        }
    }
}

/// A reference to a passage: the quote must occur exactly once in the
/// article's text as printed, and lie within one passage.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PassageRef {
    pub article: String,
    pub quote: String,
}

/// One entry of `events.json` (a JSON array of these).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    pub id: String,
    /// EDTF date: `1922-04-16`, `1922-08`, `1933`, `1933~`, `1928?`, `1928/1929`, `193X`.
    pub date: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub entities: Vec<String>,
    pub passages: Vec<PassageRef>,
    #[serde(default)]
    pub disputes: Vec<DisputeSpec>,
    /// Absent for curated events; `suggested` for those `lectern import` found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// A point on which the sources disagree about an event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeSpec {
    pub id: String,
    /// The question, e.g. "Where was the gas school?"
    pub topic: String,
    /// Our note on the disagreement.
    pub note: String,
    pub claims: Vec<ClaimSpec>,
}

/// What one passage says on a disputed point.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    pub article: String,
    pub quote: String,
    /// The position this source takes, in a few words: "Volsk".
    pub says: String,
}

/// `guides/*.json`: a tour.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TourSpec {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub steps: Vec<StepSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub article: String,
    pub quote: String,
    pub commentary: String,
    /// An entity to select at this step.
    #[serde(default)]
    pub entity: Option<String>,
    /// An event to select at this step.
    #[serde(default)]
    pub event: Option<String>,
}

/// Longest article URL, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// What is wrong with an article's URL, or `None` when it may be used: an
/// `http`, `https` or `file` URL of at most [`MAX_URL_BYTES`], written only
/// in the characters RFC 3986 allows (anything else percent-encoded). So no
/// control character, space, quote or non-ASCII byte is ever in one, and it
/// can go into a terminal escape sequence as it is.
pub fn url_problem(url: &str) -> Option<String> {
    if url.len() > MAX_URL_BYTES {
        return Some(format!("is longer than {MAX_URL_BYTES} bytes"));
    }
    if let Some((i, c)) = url.char_indices().find(|&(_, c)| !url_char(c)) {
        return Some(format!(
            "holds {} at byte {i}: a URL is written in ASCII letters, digits and -._~:/?#[]@!$&'()*+,;=%, anything else percent-encoded",
            if c.is_control() {
                format!("the control character U+{:04X}", c as u32)
            } else {
                format!("{c:?}")
            }
        ));
    }
    let Some((scheme, rest)) = ["http://", "https://", "file://"]
        .into_iter()
        .find_map(|s| url.strip_prefix(s).map(|r| (s, r)))
    else {
        return Some("is not an http, https or file URL".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if scheme == "file://" {
        (!rest.contains('/')).then(|| "is a file URL without a path (file:///path/to/file)".into())
    } else {
        host.is_empty().then(|| "has no host".into())
    }
}

/// The characters a URL may hold as written (RFC 3986: unreserved, reserved
/// and the `%` of percent-encoding).
fn url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Cleans every string of a parsed spec of characters that must not reach a
/// terminal, once, at load time, so nothing downstream has to remember to.
pub trait Clean {
    fn clean(&mut self);
}

fn c(s: &mut String) {
    crate::sanitize::clean_in_place(s);
}

fn cv(v: &mut [String]) {
    v.iter_mut().for_each(c);
}

impl<T: Clean> Clean for Vec<T> {
    fn clean(&mut self) {
        self.iter_mut().for_each(Clean::clean);
    }
}

impl Clean for CorpusFile {
    fn clean(&mut self) {
        c(&mut self.id);
        c(&mut self.title);
        c(&mut self.description);
        self.articles.clean();
    }
}

impl Clean for ArticleMeta {
    fn clean(&mut self) {
        c(&mut self.id);
        c(&mut self.title);
        c(&mut self.source);
        c(&mut self.date);
        // `url` is left as written: it is refused whole, with an error,
        // unless every character is one a URL may hold (see `url_problem`).
        cv(&mut self.captions);
        cv(&mut self.headings);
        for k in &mut self.corrections {
            c(&mut k.original);
            c(&mut k.corrected);
        }
        for l in &mut self.links {
            c(&mut l.quote);
            l.text.iter_mut().for_each(c);
            l.entity.iter_mut().for_each(c);
        }
    }
}

impl Clean for EntitySpec {
    fn clean(&mut self) {
        c(&mut self.id);
        c(&mut self.name);
        cv(&mut self.aliases);
        c(&mut self.summary);
        cv(&mut self.related);
    }
}

impl Clean for EventSpec {
    fn clean(&mut self) {
        c(&mut self.id);
        c(&mut self.date);
        c(&mut self.title);
        c(&mut self.summary);
        cv(&mut self.entities);
        for p in &mut self.passages {
            c(&mut p.article);
            c(&mut p.quote);
        }
        for d in &mut self.disputes {
            c(&mut d.id);
            c(&mut d.topic);
            c(&mut d.note);
            for k in &mut d.claims {
                c(&mut k.article);
                c(&mut k.quote);
                c(&mut k.says);
            }
        }
    }
}

impl Clean for TourSpec {
    fn clean(&mut self) {
        c(&mut self.id);
        c(&mut self.title);
        c(&mut self.intro);
        for s in &mut self.steps {
            c(&mut s.article);
            c(&mut s.quote);
            c(&mut s.commentary);
            s.entity.iter_mut().for_each(c);
            s.event.iter_mut().for_each(c);
        }
    }
}
