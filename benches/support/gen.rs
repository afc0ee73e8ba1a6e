//! Synthetic content packs for performance measurements: deterministic (a
//! seed gives the same pack, byte for byte), valid (`lectern check` passes)
//! and shaped like the shipped corpus: English-like filler, entity names and
//! aliases at about its mention density, events whose quotes occur exactly
//! once, a couple of disputes, a tour, a few corrections and headings.
//!
//! Not part of the reader: the benches, the end-to-end harness, the tests and
//! the dev-only `lectern-gen` binary include this file with `#[path]`.

#![allow(dead_code)]

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;

use lectern::corpus::types::{
    ArticleMeta, ClaimSpec, CorpusFile, CorrectionSpec, DisputeSpec, EntityKind, EntitySpec,
    EventSpec, PassageRef, StepSpec, TourSpec,
};

/// The seed every standard pack uses.
pub const SEED: u64 = 0x1EC7_E4A5_EED5_0001;

/// Share of word slots that become an entity mention. With names of one to
/// three words this gives about 73 mentions per 1,000 words, the density of
/// the shipped corpus (210 mentions in 2,871 words).
pub const MENTION_RATE: f64 = 0.077;

/// A small, fast, well-mixed generator (SplitMix64). Enough for filler text;
/// no dependency, and the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A word from a list.
    pub fn w(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

const FUNCTION: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "to", "in", "in", "a", "a", "was", "was",
    "that", "for", "on", "with", "as", "by", "were", "had", "its", "from", "at", "which", "this",
    "but", "after", "between", "their", "it", "not", "also", "into", "over", "under", "while",
    "when", "than", "more", "some", "both", "these", "those", "such", "only", "each", "other",
];

const CONTENT: &[&str] = &[
    "government",
    "treaty",
    "agreement",
    "army",
    "officers",
    "training",
    "trade",
    "relations",
    "ministry",
    "delegation",
    "conference",
    "negotiations",
    "border",
    "republic",
    "industry",
    "factory",
    "factories",
    "aircraft",
    "tanks",
    "school",
    "schools",
    "secret",
    "cooperation",
    "diplomats",
    "envoy",
    "embassy",
    "capital",
    "loans",
    "credit",
    "debts",
    "claims",
    "recognition",
    "economic",
    "military",
    "political",
    "foreign",
    "commissar",
    "minister",
    "chancellor",
    "general",
    "staff",
    "command",
    "exercises",
    "weapons",
    "production",
    "supplies",
    "shipments",
    "railway",
    "harbour",
    "province",
    "region",
    "river",
    "city",
    "town",
    "village",
    "estate",
    "press",
    "newspapers",
    "reports",
    "letters",
    "archives",
    "documents",
    "records",
    "accounts",
    "historians",
    "sources",
    "evidence",
    "witnesses",
    "memoirs",
    "years",
    "months",
    "weeks",
    "spring",
    "summer",
    "autumn",
    "winter",
    "early",
    "late",
    "later",
    "earlier",
    "soon",
    "then",
    "again",
    "quietly",
    "openly",
    "formally",
    "briefly",
    "largely",
    "mostly",
    "partly",
    "nearly",
    "signed",
    "agreed",
    "refused",
    "accepted",
    "proposed",
    "rejected",
    "opened",
    "closed",
    "continued",
    "ended",
    "began",
    "moved",
    "sent",
    "received",
    "returned",
    "visited",
    "met",
    "wrote",
    "argued",
    "claimed",
    "denied",
    "noted",
    "feared",
    "hoped",
    "planned",
    "built",
    "tested",
    "trained",
    "supplied",
    "financed",
    "organised",
    "arranged",
    "secured",
    "expanded",
    "reduced",
    "restored",
    "broke",
    "kept",
    "held",
    "gave",
    "took",
    "made",
    "found",
    "lost",
    "new",
    "old",
    "young",
    "small",
    "large",
    "great",
    "long",
    "short",
    "first",
    "second",
    "last",
    "final",
    "several",
    "many",
    "few",
    "whole",
    "own",
    "common",
    "mutual",
    "separate",
    "joint",
    "official",
    "private",
    "public",
    "local",
    "national",
    "western",
    "eastern",
    "northern",
    "southern",
    "isolated",
    "uneasy",
    "cautious",
    "careful",
    "difficult",
    "important",
    "useful",
    "costly",
    "profitable",
    "limited",
    "modest",
    "lasting",
    "brief",
    "formal",
    "practical",
    "power",
    "powers",
    "states",
    "nations",
    "people",
    "workers",
    "engineers",
    "pilots",
    "crews",
    "experts",
    "advisers",
    "observers",
    "visitors",
    "students",
    "teachers",
    "scientists",
    "question",
    "problem",
    "matter",
    "plan",
    "plans",
    "policy",
    "course",
    "step",
    "steps",
    "result",
    "results",
    "terms",
    "clauses",
    "protocol",
    "note",
    "notes",
    "talks",
    "meeting",
    "meetings",
    "visit",
    "journey",
    "route",
    "line",
    "lines",
    "front",
    "peace",
    "war",
    "crisis",
    "order",
    "control",
    "support",
    "interest",
    "interests",
    "doubt",
    "suspicion",
    "trust",
];

const ONSETS: &[&str] = &[
    "b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "gr",
    "sh", "ch", "p", "f", "h", "j",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"];
const CODAS: &[&str] = &[
    "", "", "", "n", "r", "l", "s", "k", "v", "m", "sk", "nd", "rt", "ff",
];

const SOURCES: &[&str] = &[
    "The Synthetic Review",
    "Journal of Generated History",
    "Blog post (blog name not printed)",
    "Quarterly of Placeholder Studies",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What to generate.
#[derive(Debug, Clone)]
pub struct PackSpec {
    pub id: String,
    pub articles: usize,
    /// Words per article, roughly.
    pub words: usize,
    pub entities: usize,
    pub events: usize,
    pub disputes: usize,
    pub seed: u64,
}

impl PackSpec {
    /// A pack of `articles` articles of ~1,500 words, 500 entities, 200
    /// events, two disputes and one tour.
    pub fn standard(articles: usize) -> Self {
        PackSpec {
            id: format!("synthetic-{articles}"),
            articles,
            words: 1500,
            entities: 500,
            events: 200,
            disputes: 2,
            seed: SEED,
        }
    }

    /// A pack of `articles` book-length articles of ~60,000 words each
    /// (1,000 of them is about 400 MB of text), otherwise like [`standard`].
    ///
    /// [`standard`]: PackSpec::standard
    pub fn books(articles: usize) -> Self {
        PackSpec {
            id: format!("synthetic-books-{articles}"),
            words: 60_000,
            ..PackSpec::standard(articles)
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct PackStats {
    pub articles: usize,
    pub words: usize,
    /// Bytes of article text.
    pub text_bytes: usize,
    /// Mentions inserted (the linker may find a few more where names abut).
    pub mentions: usize,
    pub entities: usize,
    pub events: usize,
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Entity names: invented words that are neither filler nor each other.
struct Names {
    used: HashSet<String>,
}

impl Names {
    fn new() -> Self {
        let mut used: HashSet<String> = FUNCTION
            .iter()
            .chain(CONTENT)
            .map(|w| capitalize(w))
            .collect();
        for w in ["Part", "Treaty", "The", "It", "One"] {
            used.insert(w.to_owned());
        }
        Names { used }
    }

    fn word(&mut self, rng: &mut Rng) -> String {
        self.word_with(rng, "")
    }

    /// A fresh word `w` such that `w` + `suffix` is fresh too (a state's
    /// name "Bradokia" must not be another entity's "Bradokia").
    fn word_with(&mut self, rng: &mut Rng, suffix: &str) -> String {
        loop {
            let n = rng.range(2, 3);
            let mut w = String::new();
            for _ in 0..n {
                w.push_str(rng.w(ONSETS));
                w.push_str(rng.w(VOWELS));
            }
            w.push_str(rng.w(CODAS));
            let w = capitalize(&w);
            let derived = format!("{w}{suffix}");
            if w.len() >= 4 && !self.used.contains(&w) && !self.used.contains(&derived) {
                self.used.insert(w.clone());
                self.used.insert(derived);
                return w;
            }
        }
    }
}

fn sentence_of(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = if rng.chance(0.45) {
            rng.w(FUNCTION)
        } else {
            rng.w(CONTENT)
        };
        if i == 0 {
            s.push_str(&capitalize(w));
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Generates the entity list: people (with surname aliases), places, states,
/// organisations, companies, groups, sites and treaties named after places
/// ("Treaty of X" beside the place "X", so longest-match linking is exercised).
pub fn entities(rng: &mut Rng, n: usize) -> Vec<EntitySpec> {
    let mut names = Names::new();
    let kinds = [
        EntityKind::Person,
        EntityKind::Person,
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Place,
        EntityKind::State,
        EntityKind::Organisation,
        EntityKind::Company,
        EntityKind::Group,
        EntityKind::Site,
        EntityKind::Treaty,
    ];
    let mut out: Vec<EntitySpec> = Vec::with_capacity(n);
    let mut places: Vec<String> = Vec::new();
    let mut place_used = 0;
    for i in 0..n {
        let mut kind = kinds[i % kinds.len()];
        if kind == EntityKind::Treaty && place_used >= places.len() {
            kind = EntityKind::Place;
        }
        let (name, aliases) = match kind {
            EntityKind::Person => {
                let first = names.word(rng);
                let last = names.word(rng);
                let mut aliases = vec![last.clone()];
                if i % 4 == 0 {
                    aliases.push(format!("{}. {last}", &first[..1]));
                }
                (format!("{first} {last}"), aliases)
            }
            EntityKind::Place => {
                let w = names.word(rng);
                places.push(w.clone());
                (w, Vec::new())
            }
            EntityKind::State => {
                let w = names.word_with(rng, "ia");
                (format!("{w}ia"), vec![format!("{w}ian Republic")])
            }
            EntityKind::Organisation => {
                let w = names.word(rng);
                (format!("{w} Commission"), vec![format!("{w} Bureau")])
            }
            EntityKind::Company => (format!("{} Works", names.word(rng)), Vec::new()),
            EntityKind::Group => (format!("{} Circle", names.word(rng)), Vec::new()),
            EntityKind::Site => (format!("{} Airfield", names.word(rng)), Vec::new()),
            // Not in `kinds`: kept out so the generated packs stay as they were.
            EntityKind::Conflict => (format!("{} War", names.word(rng)), Vec::new()),
            EntityKind::Policy => (format!("{} Plan", names.word(rng)), Vec::new()),
            EntityKind::Treaty => {
                let p = places[place_used].clone();
                place_used += 1;
                (format!("Treaty of {p}"), vec![format!("{p} Treaty")])
            }
        };
        let summary = format!(
            "{} {} {}",
            sentence_of(rng, 9),
            sentence_of(rng, 7),
            "Generated for performance measurements."
        );
        out.push(EntitySpec {
            id: format!("{}-{i:04}", kind.label()),
            kind,
            name,
            aliases,
            summary,
            related: Vec::new(),
            coords: None,
            status: None,
        });
    }
    for i in 0..n {
        if n > 1 {
            for _ in 0..rng.below(3) {
                let j = rng.below(n);
                if j != i && !out[i].related.contains(&out[j].id) {
                    let id = out[j].id.clone();
                    out[i].related.push(id);
                }
            }
        }
    }
    out
}

/// Writes filler with entity mentions: every entity once in a shuffled order
/// first (so a pack of enough words mentions them all), then skewed towards a
/// few frequent ones, as real articles are.
struct Writer<'a> {
    spellings: Vec<Vec<&'a str>>,
    order: Vec<usize>,
    next: usize,
    mentions: usize,
    words: usize,
}

impl<'a> Writer<'a> {
    fn new(rng: &mut Rng, entities: &'a [EntitySpec]) -> Self {
        let spellings: Vec<Vec<&str>> = entities
            .iter()
            .map(|e| {
                std::iter::once(e.name.as_str())
                    .chain(e.aliases.iter().map(String::as_str))
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..entities.len()).collect();
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        Writer {
            spellings,
            order,
            next: 0,
            mentions: 0,
            words: 0,
        }
    }

    fn entity(&mut self, rng: &mut Rng) -> usize {
        let n = self.spellings.len();
        if self.next < n {
            self.next += 1;
            return self.order[self.next - 1];
        }
        let u = rng.unit();
        self.order[((u * u * n as f64) as usize).min(n - 1)]
    }

    fn mention(&mut self, rng: &mut Rng, out: &mut String) {
        if self.spellings.is_empty() {
            out.push_str("nobody");
            return;
        }
        let e = self.entity(rng);
        let s = *rng.pick(&self.spellings[e]);
        out.push_str(s);
        self.mentions += 1;
        self.words += s.split_whitespace().count();
    }

    /// One sentence of `n` word slots; returns the mentions in it.
    fn sentence(&mut self, rng: &mut Rng, n: usize, out: &mut String) -> usize {
        let before = self.mentions;
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            if rng.chance(MENTION_RATE) {
                self.mention(rng, out);
            } else {
                let w = if rng.chance(0.45) {
                    rng.w(FUNCTION)
                } else {
                    rng.w(CONTENT)
                };
                if i == 0 {
                    out.push_str(&capitalize(w));
                } else {
                    out.push_str(w);
                }
                self.words += 1;
            }
            if i + 1 < n && rng.chance(0.06) {
                out.push(',');
            }
        }
        out.push('.');
        self.mentions - before
    }

    /// A paragraph of about `words` words on one line, mentioning at least one entity.
    fn paragraph(&mut self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::new();
        let mut mentions = 0;
        let start = self.words;
        while self.words - start < words {
            if !out.is_empty() {
                out.push(' ');
            }
            let n = rng.range(8, 22);
            mentions += self.sentence(rng, n, &mut out);
        }
        if mentions == 0 {
            self.ensure_mention(rng, &mut out);
        }
        out
    }

    fn ensure_mention(&mut self, rng: &mut Rng, out: &mut String) {
        out.push_str(" It concerned ");
        self.mention(rng, out);
        out.push('.');
        self.words += 2;
    }
}

/// A sentence to add to a paragraph, and the quote of it that events cite.
#[derive(Debug, Clone)]
struct Marker {
    sentence: String,
    quote: String,
}

fn event_marker(e: usize, k: usize) -> Marker {
    let quote = format!("under entry {e}.{k} of the register");
    Marker {
        sentence: format!("The archive lists this {quote}."),
        quote,
    }
}

fn claim_marker(d: usize, c: usize) -> Marker {
    let quote = format!("as claim {d}.{c} of the dispute has it");
    Marker {
        sentence: format!("One account differs, {quote}."),
        quote,
    }
}

fn edtf(rng: &mut Rng, e: usize) -> String {
    let y = 1900 + rng.below(45);
    let m = rng.range(1, 9);
    match e % 8 {
        0 => format!("{y}-{m:02}-{:02}", rng.range(1, 28)),
        1 => format!("{y}-{m:02}"),
        2 => format!("{y}"),
        3 => format!("{y}~"),
        4 => format!("{y}/{}", y + 1 + rng.below(3)),
        5 => format!("{y}-{m:02}/{y}-{:02}", m + 3),
        6 => format!("{}X", y / 10),
        _ => format!("{y}?"),
    }
}

/// Events, disputes and a tour whose quotes are the markers placed in the
/// articles. `place(article)` returns the markers' article choice.
struct Plan {
    /// Per article: the marker sentences to insert.
    markers: Vec<Vec<Marker>>,
    events: Vec<EventSpec>,
    tour: TourSpec,
}

fn plan(
    rng: &mut Rng,
    article_ids: &[String],
    entities: &[EntitySpec],
    n_events: usize,
    n_disputes: usize,
    mut choose_article: impl FnMut(&mut Rng, usize) -> usize,
) -> Plan {
    let n = article_ids.len();
    let mut markers = vec![Vec::new(); n];
    let mut events = Vec::with_capacity(n_events);
    for e in 0..n_events {
        let count = 1 + usize::from(e % 3 == 0) + usize::from(e % 7 == 0);
        let mut passages = Vec::new();
        for k in 0..count {
            let a = choose_article(rng, e);
            let m = event_marker(e, k);
            passages.push(PassageRef {
                article: article_ids[a].clone(),
                quote: m.quote.clone(),
            });
            markers[a].push(m);
        }
        let ents = if entities.is_empty() {
            Vec::new()
        } else {
            (0..rng.range(1, 3))
                .map(|_| entities[rng.below(entities.len())].id.clone())
                .collect::<Vec<_>>()
        };
        let mut ents_dedup = Vec::new();
        for id in ents {
            if !ents_dedup.contains(&id) {
                ents_dedup.push(id);
            }
        }
        let mut title = capitalize(rng.w(CONTENT));
        title.push(' ');
        title.push_str(rng.w(CONTENT));
        title.push_str(&format!(" no. {e}"));
        events.push(EventSpec {
            id: format!("event-{e:04}"),
            date: edtf(rng, e),
            title,
            summary: sentence_of(rng, 14),
            entities: ents_dedup,
            passages,
            disputes: Vec::new(),
            status: None,
        });
    }
    for d in 0..n_disputes.min(n_events) {
        let ev = d * (n_events / n_disputes.max(1));
        let mut claims = Vec::new();
        for c in 0..2 {
            let a = choose_article(rng, ev);
            let m = claim_marker(d, c);
            claims.push(ClaimSpec {
                article: article_ids[a].clone(),
                quote: m.quote.clone(),
                says: format!("version {}", c + 1),
            });
            markers[a].push(m);
        }
        events[ev].disputes.push(DisputeSpec {
            id: format!("dispute-{d}"),
            topic: format!("Which account of event {ev} is right?"),
            note: sentence_of(rng, 16),
            claims,
        });
    }
    let steps = events
        .iter()
        .step_by((n_events / 10).max(1))
        .take(10)
        .map(|ev| StepSpec {
            article: ev.passages[0].article.clone(),
            quote: ev.passages[0].quote.clone(),
            commentary: sentence_of(rng, 20),
            entity: ev.entities.first().cloned(),
            event: Some(ev.id.clone()),
        })
        .collect();
    let tour = TourSpec {
        id: "overview".into(),
        title: "A tour of the generated corpus".into(),
        intro: sentence_of(rng, 18),
        steps,
    };
    Plan {
        markers,
        events,
        tour,
    }
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    fs::write(path, s + "\n")
}

fn heading(rng: &mut Rng, part: usize) -> String {
    format!(
        "Part {part}: {} {} and {}",
        capitalize(rng.w(CONTENT)),
        rng.w(CONTENT),
        rng.w(CONTENT)
    )
}

fn print_date(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.range(1, 28),
        rng.w(MONTHS),
        1990 + rng.below(35)
    )
}

/// Writes a pack of `spec.articles` articles into `dir` (created if needed).
pub fn write_pack(dir: &Path, spec: &PackSpec) -> io::Result<PackStats> {
    let mut rng = Rng::new(spec.seed);
    fs::create_dir_all(dir.join("articles"))?;
    fs::create_dir_all(dir.join("guides"))?;
    let ents = entities(&mut rng, spec.entities);
    let ids: Vec<String> = (0..spec.articles).map(|i| format!("a{i:04}")).collect();
    let plan = plan(
        &mut rng,
        &ids,
        &ents,
        spec.events,
        spec.disputes,
        |rng, _| rng.below(spec.articles),
    );
    let mut writer = Writer::new(&mut rng, &ents);
    let mut stats = PackStats {
        articles: spec.articles,
        entities: ents.len(),
        events: plan.events.len(),
        ..PackStats::default()
    };
    let mut metas = Vec::with_capacity(spec.articles);
    for (i, id) in ids.iter().enumerate() {
        let head = heading(&mut rng, i + 1);
        let mut paras = vec![head.clone()];
        let start = writer.words;
        while writer.words - start < spec.words {
            let w = rng.range(50, 140);
            paras.push(writer.paragraph(&mut rng, w));
        }
        for m in &plan.markers[i] {
            let p = rng.range(1, paras.len() - 1);
            paras[p].push(' ');
            paras[p].push_str(&m.sentence);
        }
        let mut corrections = Vec::new();
        if i % 7 == 0 {
            let p = rng.range(1, paras.len() - 1);
            paras[p].push_str(" The govemment took note.");
            corrections.push(CorrectionSpec {
                original: "govemment".into(),
                corrected: "government".into(),
            });
        }
        let text = paras.join("\n\n") + "\n";
        stats.text_bytes += text.len();
        let file = format!("articles/{id}.txt");
        fs::write(dir.join(&file), &text)?;
        metas.push(ArticleMeta {
            id: id.clone(),
            title: format!(
                "{} {} in {}",
                capitalize(rng.w(CONTENT)),
                rng.w(CONTENT),
                1900 + rng.below(45)
            ),
            source: (rng.w(SOURCES)).to_owned(),
            date: print_date(&mut rng),
            file,
            url: None,
            captions: Vec::new(),
            headings: vec![head],
            corrections,
            links: Vec::new(),
        });
    }
    stats.words = writer.words;
    stats.mentions = writer.mentions;
    finish(dir, spec, metas, ents, plan)?;
    Ok(stats)
}

fn finish(
    dir: &Path,
    spec: &PackSpec,
    articles: Vec<ArticleMeta>,
    ents: Vec<EntitySpec>,
    plan: Plan,
) -> io::Result<()> {
    write_json(
        &dir.join("corpus.json"),
        &CorpusFile {
            format: 1,
            id: spec.id.clone(),
            title: format!("Synthetic corpus of {} articles", articles.len()),
            description: "Generated filler for performance measurements.".into(),
            articles,
        },
    )?;
    write_json(&dir.join("entities.json"), &ents)?;
    write_json(&dir.join("events.json"), &plan.events)?;
    write_json(&dir.join("guides").join("overview.json"), &plan.tour)
}

/// Writes a pack of two articles: one of exactly `lines` lines of short
/// paragraphs (one to three lines each, blank lines between), and one of
/// about 100 KB of ordinary paragraphs. Same entities as the standard packs;
/// events spread from the top to the bottom of the long article.
pub fn write_long_pack(dir: &Path, lines: usize, seed: u64) -> io::Result<PackStats> {
    let mut rng = Rng::new(seed);
    fs::create_dir_all(dir.join("articles"))?;
    fs::create_dir_all(dir.join("guides"))?;
    let ents = entities(&mut rng, 500);
    let ids = vec!["endless".to_owned(), "medium".to_owned()];
    let n_events = 40;
    // Events 0..30 in the long article, spread evenly; the rest in the medium one.
    let plan = plan(&mut rng, &ids, &ents, n_events, 1, |_, e| {
        usize::from(e >= 30)
    });
    let mut writer = Writer::new(&mut rng, &ents);
    let mut stats = PackStats {
        articles: 2,
        entities: ents.len(),
        events: plan.events.len(),
        ..PackStats::default()
    };

    // The long article, line by line.
    let long_markers = &plan.markers[0];
    let mut text = String::with_capacity(lines * 60);
    let mut written = 0;
    let mut next_marker = 0;
    while written < lines {
        let k = rng.range(1, 3).min(lines - written);
        let mut mentions = 0;
        for j in 0..k {
            let n = rng.range(5, 11);
            let mut line = String::new();
            mentions += writer.sentence(&mut rng, n, &mut line);
            if j + 1 == k && mentions == 0 {
                writer.ensure_mention(&mut rng, &mut line);
            }
            // Markers at evenly spaced lines, the last near the bottom.
            let due = (next_marker * 2 + 1) * lines / (long_markers.len() * 2).max(1);
            if next_marker < long_markers.len() && written >= due {
                line.push(' ');
                line.push_str(&long_markers[next_marker].sentence);
                next_marker += 1;
            }
            text.push_str(&line);
            text.push('\n');
            written += 1;
        }
        if written < lines {
            text.push('\n');
            written += 1;
        }
    }
    // Any marker not yet placed goes on the last line.
    if next_marker < long_markers.len() {
        text.pop();
        for m in &long_markers[next_marker..] {
            text.push(' ');
            text.push_str(&m.sentence);
        }
        text.push('\n');
    }
    stats.text_bytes += text.len();
    fs::write(dir.join("articles/endless.txt"), &text)?;

    // The 100 KB article.
    let mut paras = Vec::new();
    let mut size = 0;
    while size < 100 * 1024 {
        let w = rng.range(50, 140);
        let p = writer.paragraph(&mut rng, w);
        size += p.len() + 2;
        paras.push(p);
    }
    for m in &plan.markers[1] {
        let p = rng.below(paras.len());
        paras[p].push(' ');
        paras[p].push_str(&m.sentence);
    }
    let medium = paras.join("\n\n") + "\n";
    stats.text_bytes += medium.len();
    fs::write(dir.join("articles/medium.txt"), &medium)?;
    stats.words = writer.words;
    stats.mentions = writer.mentions;

    let metas = vec![
        ArticleMeta {
            id: "endless".into(),
            title: format!("An article of {lines} lines"),
            source: "The Synthetic Review".into(),
            date: String::new(),
            file: "articles/endless.txt".into(),
            url: None,
            captions: Vec::new(),
            headings: Vec::new(),
            corrections: Vec::new(),
            links: Vec::new(),
        },
        ArticleMeta {
            id: "medium".into(),
            title: "An article of 100 KB".into(),
            source: "The Synthetic Review".into(),
            date: String::new(),
            file: "articles/medium.txt".into(),
            url: None,
            captions: Vec::new(),
            headings: Vec::new(),
            corrections: Vec::new(),
            links: Vec::new(),
        },
    ];
    let spec = PackSpec {
        id: "synthetic-long".into(),
        articles: 2,
        words: 0,
        entities: ents.len(),
        events: n_events,
        disputes: 1,
        seed,
    };
    finish(dir, &spec, metas, ents, plan)?;
    Ok(stats)
}

/// The article texts of a pack in reading order, joined by blank lines: the
/// same text a pager is given for comparison.
pub fn concatenated_text(dir: &Path) -> io::Result<String> {
    let corpus: CorpusFile = serde_json::from_str(&fs::read_to_string(dir.join("corpus.json"))?)
        .map_err(io::Error::other)?;
    let mut out = String::new();
    for a in &corpus.articles {
        out.push_str(a.title.trim());
        out.push_str("\n\n");
        out.push_str(fs::read_to_string(dir.join(&a.file))?.trim_end());
        out.push_str("\n\n");
    }
    Ok(out)
}
