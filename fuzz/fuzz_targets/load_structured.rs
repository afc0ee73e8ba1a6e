//! A pack described by `arbitrary` (articles built from a vocabulary of
//! hostile and multilingual words, entities named by words of the text,
//! quotes cut from the text, dates built from their parts) is written as JSON
//! files and loaded; a pack that loads is opened in a reader and drawn.
//! Most inputs are close to valid, so the checks after parsing are reached.

#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const WORDS: &[&str] = &[
    "Rapallo",
    "Treaty",
    "of",
    "the",
    "signed",
    "in",
    "1922",
    "Chicherin",
    "Rathenau",
    "Kazan",
    "日本語",
    "の",
    "文章",
    "👨‍👩‍👧",
    "🇩🇪",
    "e\u{301}",
    "Zoë",
    "שלום",
    "مرحبا",
    "\u{202e}evil",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\u{85}",
    "\u{9b}6n",
    "\x7f",
    "\0",
    "\t",
    "\r",
    "\n",
    "\n\n",
    " ",
    "  ",
    "",
    "a",
    "A",
    "-",
    ".",
    "\"",
    "\\",
    "\u{feff}",
    "\u{200b}",
    "\u{fffd}",
    "x̴̡",
    "ﷺ",
];
const IDS: &[&str] = &["a", "b", "c", "d", "", " ", "a\x1b", "日本"];
const KINDS: &[&str] = &[
    "person",
    "place",
    "state",
    "organisation",
    "company",
    "group",
    "treaty",
    "site",
    "other",
];

#[derive(Arbitrary, Debug)]
enum Text {
    Words(Vec<u8>),
    Raw(String),
}

impl Text {
    fn render(&self) -> String {
        match self {
            Text::Words(w) => w
                .iter()
                .take(64)
                .map(|&i| WORDS[i as usize % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" "),
            Text::Raw(s) => s.chars().take(200).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Id {
    Pick(u8),
    Raw(String),
}

impl Id {
    fn render(&self) -> String {
        match self {
            Id::Pick(i) => IDS[*i as usize % IDS.len()].to_owned(),
            Id::Raw(s) => s.chars().take(20).collect(),
        }
    }
}

/// A piece of an article's text, or any text.
#[derive(Arbitrary, Debug)]
enum Quote {
    Cut { article: u8, start: u16, len: u8 },
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Article {
    id: Id,
    title: Text,
    source: Text,
    date: Option<Text>,
    file: Option<String>,
    paragraphs: Vec<Text>,
    headings: Vec<Quote>,
    captions: Vec<Quote>,
    corrections: Vec<(Quote, Text)>,
}

#[derive(Arbitrary, Debug)]
enum Name {
    /// `n` words of an article's text, from word `at`.
    Words {
        article: u8,
        at: u16,
        n: u8,
    },
    Raw(Text),
}

#[derive(Arbitrary, Debug)]
struct Entity {
    id: Id,
    kind: u8,
    name: Name,
    aliases: Vec<Name>,
    summary: Text,
    related: Vec<Id>,
}

#[derive(Arbitrary, Debug)]
enum Date {
    Day(u16, u8, u8),
    Month(u16, u8),
    Year(u16, u8),
    Interval(u16, u16),
    Raw(String),
}

impl Date {
    fn render(&self) -> String {
        const Q: [&str; 4] = ["", "~", "?", "%"];
        match self {
            Date::Day(y, m, d) => format!("{:04}-{:02}-{:02}", y % 10000, m % 14, d % 33),
            Date::Month(y, m) => format!("{:04}-{:02}", y % 10000, m % 26),
            Date::Year(y, q) => {
                let mut s = format!("{:04}", y % 10000);
                if q & 4 != 0 {
                    s.replace_range(3..4, "X");
                }
                s + Q[*q as usize % 4]
            }
            Date::Interval(a, b) => format!("{:04}/{:04}", a % 10000, b % 10000),
            Date::Raw(s) => s.chars().take(30).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Event {
    id: Id,
    date: Date,
    title: Text,
    summary: Text,
    entities: Vec<Id>,
    passages: Vec<(u8, Quote)>,
    disputes: Vec<(Id, Text, Text, Vec<(u8, Quote, Text)>)>,
}

#[derive(Arbitrary, Debug)]
struct Step {
    article: u8,
    quote: Quote,
    commentary: Text,
    entity: Option<Id>,
    event: Option<Id>,
}

#[derive(Arbitrary, Debug)]
struct Tour {
    id: Id,
    title: Text,
    intro: Text,
    steps: Vec<Step>,
}

#[derive(Arbitrary, Debug)]
struct Pack {
    format: u8,
    id: Id,
    title: Text,
    articles: Vec<Article>,
    entities: Vec<Entity>,
    events: Vec<Event>,
    tours: Vec<Tour>,
}

struct Ctx {
    ids: Vec<String>,
    texts: Vec<String>,
}

impl Ctx {
    fn article(&self, i: u8) -> usize {
        i as usize % self.texts.len().max(1)
    }

    fn article_id(&self, i: u8) -> String {
        self.ids.get(self.article(i)).cloned().unwrap_or_default()
    }

    fn quote(&self, article: u8, q: &Quote) -> String {
        match q {
            Quote::Raw(s) => s.chars().take(80).collect(),
            Quote::Cut { start, len, .. } => {
                let Some(text) = self.texts.get(self.article(article)) else {
                    return String::new();
                };
                let chars: Vec<char> = text.chars().collect();
                if chars.is_empty() {
                    return String::new();
                }
                let s = *start as usize % chars.len();
                let e = (s + 1 + *len as usize % 40).min(chars.len());
                chars[s..e].iter().collect()
            }
        }
    }

    fn name(&self, n: &Name) -> String {
        match n {
            Name::Raw(t) => t.render(),
            Name::Words { article, at, n } => {
                let Some(text) = self.texts.get(self.article(*article)) else {
                    return String::new();
                };
                let words: Vec<&str> = text.split(' ').collect();
                let s = *at as usize % words.len().max(1);
                let e = (s + 1 + *n as usize % 3).min(words.len());
                words[s..e].join(" ")
            }
        }
    }
}

fn quote_of(cx: &Ctx, article: u8, q: &Quote) -> Value {
    json!({ "article": cx.article_id(article), "quote": cx.quote(article, q) })
}

fuzz_target!(|pack: Pack| {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let articles: Vec<&Article> = pack.articles.iter().take(4).collect();
    let cx = Ctx {
        ids: articles.iter().map(|a| a.id.render()).collect(),
        texts: articles
            .iter()
            .map(|a| {
                a.paragraphs
                    .iter()
                    .take(12)
                    .map(Text::render)
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .collect(),
    };
    let mut metas = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let file = a
            .file
            .clone()
            .unwrap_or_else(|| format!("articles/{i}.txt"));
        let quotes = |qs: &[Quote]| -> Vec<String> {
            qs.iter().take(4).map(|q| cx.quote(i as u8, q)).collect()
        };
        metas.push(json!({
            "id": cx.ids[i],
            "title": a.title.render(),
            "source": a.source.render(),
            "date": a.date.as_ref().map(Text::render).unwrap_or_default(),
            "file": file,
            "headings": quotes(&a.headings),
            "captions": quotes(&a.captions),
            "corrections": a.corrections.iter().take(4).map(|(q, t)| json!({
                "original": cx.quote(i as u8, q),
                "corrected": t.render(),
            })).collect::<Vec<_>>(),
        }));
        files.insert(
            format!("articles/{i}.txt"),
            cx.texts[i].clone().into_bytes(),
        );
    }
    let corpus = json!({
        "format": pack.format % 3,
        "id": pack.id.render(),
        "title": pack.title.render(),
        "articles": metas,
    });
    let entities: Vec<Value> = pack
        .entities
        .iter()
        .take(24)
        .map(|e| {
            json!({
                "id": e.id.render(),
                "kind": KINDS[e.kind as usize % KINDS.len()],
                "name": cx.name(&e.name),
                "aliases": e.aliases.iter().take(4).map(|n| cx.name(n)).collect::<Vec<_>>(),
                "summary": e.summary.render(),
                "related": e.related.iter().take(4).map(Id::render).collect::<Vec<_>>(),
            })
        })
        .collect();
    let events: Vec<Value> = pack
        .events
        .iter()
        .take(12)
        .map(|e| {
            json!({
                "id": e.id.render(),
                "date": e.date.render(),
                "title": e.title.render(),
                "summary": e.summary.render(),
                "entities": e.entities.iter().take(4).map(Id::render).collect::<Vec<_>>(),
                "passages": e.passages.iter().take(4).map(|(a, q)| quote_of(&cx, *a, q)).collect::<Vec<_>>(),
                "disputes": e.disputes.iter().take(2).map(|(id, topic, note, claims)| json!({
                    "id": id.render(),
                    "topic": topic.render(),
                    "note": note.render(),
                    "claims": claims.iter().take(3).map(|(a, q, says)| {
                        let mut v = quote_of(&cx, *a, q);
                        v["says"] = json!(says.render());
                        v
                    }).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    for (i, t) in pack.tours.iter().take(3).enumerate() {
        let steps: Vec<Value> = t
            .steps
            .iter()
            .take(6)
            .map(|s| {
                let mut v = quote_of(&cx, s.article, &s.quote);
                v["commentary"] = json!(s.commentary.render());
                if let Some(e) = &s.entity {
                    v["entity"] = json!(e.render());
                }
                if let Some(e) = &s.event {
                    v["event"] = json!(e.render());
                }
                v
            })
            .collect();
        let tour = json!({
            "id": t.id.render(),
            "title": t.title.render(),
            "intro": t.intro.render(),
            "steps": steps,
        });
        files.insert(format!("guides/{i}.json"), tour.to_string().into_bytes());
    }
    files.insert("corpus.json".into(), corpus.to_string().into_bytes());
    files.insert(
        "entities.json".into(),
        Value::Array(entities).to_string().into_bytes(),
    );
    files.insert(
        "events.json".into(),
        Value::Array(events).to_string().into_bytes(),
    );
    if let Some(c) = lectern_fuzz::load(files) {
        lectern_fuzz::exercise(c);
    }
});
