//! The loaded corpus as bytes and back: everything loading computed (the
//! passages' places in each article, corrections, linked mentions,
//! resolved quotes, entities, events, tours, warnings), but not the
//! article text, which is read from the pack and checked against its hash.
//! What can be derived cheaply from the rest (each passage's and article's
//! entities and events, each entity's mentions, the chronological order)
//! is derived again rather than stored, so it cannot disagree.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::wire::{Bad, Reader, Res, Writer};
use crate::corpus::date::EdtfDate;
use crate::corpus::load::{chronological, index};
use crate::corpus::model::{
    Article, ArticleIdx, Claim, Corpus, Dispute, Entity, EntityIdx, Event, EventIdx, Mention,
    Passage, PassageKind, PassageLoc, Step, Tour,
};
use crate::corpus::reuse::{SharedSpan, Side, indexed};
use crate::corpus::text::{Block, Files, Text};
use crate::corpus::types::{Coords, EntityKind, url_problem};

/// Where an article's passages lie in its text as read (cleaned).
pub struct Layout {
    /// Each passage's byte range, in order.
    pub ranges: Vec<Range<usize>>,
    /// The length of the whole text.
    pub len: usize,
    /// Whether it is all printable ASCII and newlines.
    pub ascii: bool,
}

/// Writes `corpus`; `layouts[a]` says where article `a`'s passages are.
pub fn encode(w: &mut Writer, corpus: &Corpus, layouts: &[Layout]) {
    w.s(&corpus.id);
    w.s(&corpus.title);
    w.s(&corpus.description);
    w.strs(&corpus.warnings);

    w.n(corpus.entities.len());
    for e in &corpus.entities {
        w.s(&e.id);
        w.buf.push(kind_code(e.kind));
        w.s(&e.name);
        w.strs(&e.aliases);
        w.s(&e.summary);
        w.n(e.related.len());
        for &r in &e.related {
            w.n(r.index());
        }
        w.flag(e.coords.is_some());
        if let Some(c) = e.coords {
            w.f64(c.lat);
            w.f64(c.lon);
        }
        w.flag(e.suggested);
    }

    w.n(corpus.articles.len());
    for (a, layout) in corpus.articles.iter().zip(layouts) {
        w.s(&a.id);
        w.s(&a.title);
        w.s(&a.source);
        w.s(&a.date);
        w.s(&a.file);
        w.s(a.url.as_deref().unwrap_or(""));
        w.n(layout.len);
        w.flag(layout.ascii);
        w.n(a.passages.len());
        for (p, r) in a.passages.iter().zip(&layout.ranges) {
            w.buf.push(match p.kind {
                PassageKind::Text => 0,
                PassageKind::Caption => 1,
                PassageKind::Heading => 2,
            });
            w.range(r);
            mentions(w, &p.mentions);
            w.flag(p.original.is_some());
            if p.original.is_some() {
                // Corrected wording is short and rare: held in the index.
                w.s(&p.text);
                w.n(p.corrections.len());
                for c in &p.corrections {
                    w.range(c);
                }
                w.n(p.original_corrections.len());
                for c in &p.original_corrections {
                    w.range(c);
                }
                mentions(w, &p.original_mentions);
            }
        }
    }

    w.n(corpus.events.len());
    for e in &corpus.events {
        w.s(&e.id);
        w.s(&e.date.to_edtf());
        w.s(&e.title);
        w.s(&e.summary);
        w.n(e.entities.len());
        for &x in &e.entities {
            w.n(x.index());
        }
        w.n(e.passages.len());
        for &l in &e.passages {
            loc(w, l);
        }
        w.n(e.disputes.len());
        for d in &e.disputes {
            w.s(&d.id);
            w.s(&d.topic);
            w.s(&d.note);
            w.n(d.claims.len());
            for c in &d.claims {
                loc(w, c.loc);
                w.s(&c.says);
            }
        }
        w.flag(e.suggested);
    }

    w.n(corpus.tours.len());
    for t in &corpus.tours {
        w.s(&t.id);
        w.s(&t.title);
        w.s(&t.intro);
        w.n(t.steps.len());
        for s in &t.steps {
            loc(w, s.loc);
            w.s(&s.commentary);
            opt(w, s.entity.map(EntityIdx::index));
            opt(w, s.event.map(EventIdx::index));
        }
    }

    // Shared text, where it has been found: the embedded pack's index
    // carries it, so that its first frame does not look for it.
    w.flag(corpus.reuse_ready().is_some());
    if let Some(reuse) = corpus.reuse_ready() {
        w.n(reuse.spans.len());
        for s in &reuse.spans {
            side(w, &s.first);
            side(w, &s.second);
            w.n(s.words);
            w.flag(s.exact);
        }
    }
}

fn side(w: &mut Writer, s: &Side) {
    loc(w, s.loc);
    w.range(&s.range);
}

fn mentions(w: &mut Writer, ms: &[Mention]) {
    w.n(ms.len());
    for m in ms {
        w.n(m.entity.index());
        w.range(&m.range);
    }
}

fn loc(w: &mut Writer, l: PassageLoc) {
    w.n(l.article.index());
    w.n(l.passage);
}

fn opt(w: &mut Writer, v: Option<usize>) {
    w.n(v.map_or(0, |i| i + 1));
}

fn kind_code(k: EntityKind) -> u8 {
    EntityKind::ALL
        .iter()
        .position(|&x| x == k)
        .map_or(0, |i| i as u8)
}

/// Where decoding finds the articles' text.
pub enum Texts<'a> {
    /// Read now: `text(file)` gives an article file's text as read and
    /// cleaned, asked for once per article, in order.
    Now(&'a mut dyn FnMut(&str) -> Option<String>),
    /// Read when first looked at, from these files.
    Later(Arc<Files>),
}

/// Reads a corpus written by [`encode`]. Every index, range and string is
/// checked, so what comes back satisfies what the loader guarantees; text
/// read later is checked when it is read (see [`crate::corpus::text`]).
pub fn decode(r: &mut Reader<'_>, mut texts: Texts<'_>) -> Res<Corpus> {
    let id = r.s()?;
    let title = r.s()?;
    let description = r.s()?;
    let warnings = r.strs()?;

    let n_entities = r.count()?;
    let mut entities = Vec::with_capacity(n_entities);
    for _ in 0..n_entities {
        let id = r.s()?;
        let kind = *EntityKind::ALL.get(usize::from(r.byte()?)).ok_or(Bad)?;
        let name = r.s()?;
        let aliases = r.strs()?;
        let summary = r.s()?;
        let n = r.count()?;
        let related = (0..n)
            .map(|_| r.idx(n_entities).map(EntityIdx))
            .collect::<Res<Vec<_>>>()?;
        let coords = if r.flag()? {
            let (lat, lon) = (r.f64()?, r.f64()?);
            if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)) {
                return Err(Bad);
            }
            Some(Coords { lat, lon })
        } else {
            None
        };
        entities.push(Entity {
            id,
            kind,
            name,
            aliases,
            summary,
            related,
            coords,
            suggested: r.flag()?,
            mentions: Default::default(),
            events: Vec::new(),
        });
    }

    let n_articles = r.count()?;
    let mut articles = Vec::with_capacity(n_articles);
    let mut bodies = Vec::with_capacity(n_articles);
    let mut next_record = 0;
    for _ in 0..n_articles {
        let id = r.s()?;
        let title = r.s()?;
        let source = r.s()?;
        let date = r.s()?;
        let file = r.s()?;
        // Checked again: a cache file is only as sound as its directory.
        let url = Some(r.s()?).filter(|u| !u.is_empty() && url_problem(u).is_none());
        let len = r.n()?;
        let ascii = r.flag()?;
        let mut body = match &mut texts {
            Texts::Now(text) => {
                let t = text(&file).ok_or(Bad)?;
                if t.len() != len {
                    return Err(Bad);
                }
                Body::Held(t)
            }
            Texts::Later(files) => {
                // The records are in the articles' order: looked for
                // from where the last one was found.
                let from = next_record;
                let i = (from..files.records.len())
                    .chain(0..from)
                    .find(|&i| files.records[i].rel == file)
                    .ok_or(Bad)?;
                next_record = i + 1;
                // Offsets into it are kept in 32 bits.
                u32::try_from(len).map_err(|_| Bad)?;
                Body::Later {
                    block: Arc::new(Block::new(Arc::clone(files), i, len, ascii)),
                    bounds: Vec::new(),
                }
            }
        };
        let n = r.count()?;
        let mut passages = Vec::with_capacity(n);
        for _ in 0..n {
            passages.push(passage(r, &mut body, n_entities)?);
        }
        if passages.is_empty() {
            return Err(Bad);
        }
        bodies.push(body);
        articles.push(Article {
            id,
            title,
            source,
            date,
            file,
            url,
            passages,
            entities: Vec::new(),
            events: Vec::new(),
        });
    }
    let at = |r: &mut Reader<'_>| -> Res<PassageLoc> {
        let article = r.idx(articles.len())?;
        let passage = r.idx(articles[article].passages.len())?;
        Ok(PassageLoc {
            article: ArticleIdx(article),
            passage,
        })
    };

    let n_events = r.count()?;
    let mut events: Vec<Event> = Vec::with_capacity(n_events);
    for _ in 0..n_events {
        let id = r.s()?;
        let date = EdtfDate::parse(&r.s()?).map_err(|_| Bad)?;
        let title = r.s()?;
        let summary = r.s()?;
        let n = r.count()?;
        let ents = (0..n)
            .map(|_| r.idx(n_entities).map(EntityIdx))
            .collect::<Res<Vec<_>>>()?;
        let n = r.count()?;
        let locs = (0..n).map(|_| at(r)).collect::<Res<Vec<_>>>()?;
        let n = r.count()?;
        let mut disputes = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.s()?;
            let topic = r.s()?;
            let note = r.s()?;
            let n = r.count()?;
            let mut claims = Vec::with_capacity(n);
            for _ in 0..n {
                claims.push(Claim {
                    loc: at(r)?,
                    says: r.s()?,
                });
            }
            disputes.push(Dispute {
                id,
                topic,
                note,
                claims,
            });
        }
        events.push(Event {
            id,
            date,
            title,
            summary,
            entities: ents,
            passages: locs,
            disputes,
            suggested: r.flag()?,
        });
    }

    let n_tours = r.count()?;
    let mut tours = Vec::with_capacity(n_tours);
    for _ in 0..n_tours {
        let id = r.s()?;
        let title = r.s()?;
        let intro = r.s()?;
        let n = r.count()?;
        let mut steps = Vec::with_capacity(n);
        for _ in 0..n {
            steps.push(Step {
                loc: at(r)?,
                commentary: r.s()?,
                entity: opt_idx(r, n_entities)?.map(EntityIdx),
                event: opt_idx(r, n_events)?.map(EventIdx),
            });
        }
        tours.push(Tour {
            id,
            title,
            intro,
            steps,
        });
    }

    let reuse = OnceLock::new();
    if r.flag()? {
        let n = r.count()?;
        let mut spans = Vec::with_capacity(n);
        let mut side = |r: &mut Reader<'_>| -> Res<Side> {
            let loc = at(r)?;
            let text = &articles[loc.article].passages[loc.passage].text;
            let range = raw_range(r)?;
            match text.place() {
                Some((_, start)) => {
                    if !bodies[loc.article.index()].fits(start, text.len(), &range) {
                        return Err(Bad);
                    }
                }
                None => {
                    if !held_fits(text, &range) {
                        return Err(Bad);
                    }
                }
            }
            Ok(Side { loc, range })
        };
        for _ in 0..n {
            spans.push(SharedSpan {
                first: side(r)?,
                second: side(r)?,
                words: r.n()?,
                exact: r.flag()?,
            });
        }
        let _ = reuse.set(indexed(spans));
    }

    for body in bodies {
        if let Body::Later { block, mut bounds } = body {
            bounds.sort_unstable();
            bounds.dedup();
            let _ = block.bounds.set(bounds.into_boxed_slice());
        }
    }
    Ok(Corpus {
        id,
        title,
        description,
        articles,
        entities,
        events,
        tours,
        chrono: Vec::new(),
        warnings,
        reuse,
        pending: None,
    })
}

/// Derives what the index does not store (each passage's and article's
/// entities and events, each entity's mentions, the chronological order)
/// in a corpus from [`decode`]; apart, so that the index's bytes can be
/// let go first.
pub fn finish(c: &mut Corpus) {
    index(&mut c.articles, &mut c.entities, &c.events);
    c.chrono = chronological(&c.events);
}

/// An article's printed text while its passages are decoded.
enum Body {
    Held(String),
    /// Read later: ranges are checked against its length now, and the
    /// offsets they use kept to be checked once it is read (unless the
    /// index says it is ASCII, and reading checks that instead).
    Later {
        block: Arc<Block>,
        bounds: Vec<u32>,
    },
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Held(t) => t.len(),
            Body::Later { block, .. } => block.len(),
        }
    }

    /// Whether `range`, relative to the `len` bytes from `base`, lies
    /// within them on character boundaries (or will be checked to).
    fn fits(&mut self, base: usize, len: usize, range: &Range<usize>) -> bool {
        if range.start > range.end || range.end > len {
            return false;
        }
        let (Some(start), Some(end)) = (base.checked_add(range.start), base.checked_add(range.end))
        else {
            return false;
        };
        if end > self.len() {
            return false;
        }
        match self {
            Body::Held(t) => t.is_char_boundary(start) && t.is_char_boundary(end),
            Body::Later { block, bounds } => {
                if !block.ascii() {
                    // Below the length, which fits 32 bits.
                    bounds.push(start as u32);
                    bounds.push(end as u32);
                }
                true
            }
        }
    }

    fn text(&self, range: Range<usize>) -> Text {
        match self {
            Body::Held(t) => Text::from(&t[range]),
            Body::Later { block, .. } => Text::part(
                Arc::clone(block),
                range.start as u32,
                (range.end - range.start) as u32,
            ),
        }
    }
}

/// A range as written: start and length.
fn raw_range(r: &mut Reader<'_>) -> Res<Range<usize>> {
    let start = r.n()?;
    let end = start.checked_add(r.n()?).ok_or(Bad)?;
    Ok(start..end)
}

fn held_fits(text: &str, range: &Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

fn passage(r: &mut Reader<'_>, body: &mut Body, n_entities: usize) -> Res<Passage> {
    let kind = match r.byte()? {
        0 => PassageKind::Text,
        1 => PassageKind::Caption,
        2 => PassageKind::Heading,
        _ => return Err(Bad),
    };
    let whole = raw_range(r)?;
    if !body.fits(0, body.len(), &whole) {
        return Err(Bad);
    }
    let (base, plen) = (whole.start, whole.end - whole.start);
    let ms = read_mentions(r, n_entities)?;
    if !r.flag()? {
        if !ms.iter().all(|m| body.fits(base, plen, &m.range)) {
            return Err(Bad);
        }
        return Ok(Passage {
            kind,
            text: body.text(whole),
            original: None,
            corrections: Box::default(),
            original_corrections: Box::default(),
            mentions: ms.into(),
            original_mentions: Box::default(),
            entities: Box::default(),
            events: Box::default(),
        });
    }
    // The mentions just read belong to the corrected text, read next.
    let text = r.s()?;
    if !ms.iter().all(|m| held_fits(&text, &m.range)) {
        return Err(Bad);
    }
    let corrections = r.ranges_in(&text)?;
    let n = r.count()?;
    let mut original_corrections: Vec<Range<usize>> = Vec::with_capacity(n);
    for _ in 0..n {
        let c = raw_range(r)?;
        if original_corrections.last().is_some_and(|l| l.end > c.start)
            || !body.fits(base, plen, &c)
        {
            return Err(Bad);
        }
        original_corrections.push(c);
    }
    if corrections.len() != original_corrections.len() {
        return Err(Bad);
    }
    let original_mentions = read_mentions(r, n_entities)?;
    if !original_mentions
        .iter()
        .all(|m| body.fits(base, plen, &m.range))
    {
        return Err(Bad);
    }
    Ok(Passage {
        kind,
        text: text.into(),
        original: Some(body.text(whole)),
        corrections: corrections.into(),
        original_corrections: original_corrections.into(),
        mentions: ms.into(),
        original_mentions: original_mentions.into(),
        entities: Box::default(),
        events: Box::default(),
    })
}

/// Mentions in order and not overlapping.
fn read_mentions(r: &mut Reader<'_>, n_entities: usize) -> Res<Vec<Mention>> {
    let n = r.count()?;
    let mut out: Vec<Mention> = Vec::with_capacity(n);
    for _ in 0..n {
        let entity = EntityIdx(r.idx(n_entities)?);
        let start = r.n()?;
        let end = start.checked_add(r.n()?).ok_or(Bad)?;
        if start >= end || out.last().is_some_and(|l| l.range.end > start) {
            return Err(Bad);
        }
        out.push(Mention {
            entity,
            range: start..end,
        });
    }
    Ok(out)
}

fn opt_idx(r: &mut Reader<'_>, limit: usize) -> Res<Option<usize>> {
    match r.n()? {
        0 => Ok(None),
        i if i <= limit => Ok(Some(i - 1)),
        _ => Err(Bad),
    }
}
