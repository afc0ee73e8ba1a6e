//! The loaded corpus as bytes and back: everything loading computed (the
//! passages' places in each article, corrections, linked mentions,
//! resolved quotes, entities, events, tours, warnings), but not the
//! article text, which is read from the pack and checked against its hash.
//! What can be derived cheaply from the rest (each passage's and article's
//! entities and events, each entity's mentions, the chronological order)
//! is derived again rather than stored, so it cannot disagree.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::lazy::{AllMentions, Lazy};
use super::wire::{Bad, Reader, Res, Writer};
use crate::corpus::date::EdtfDate;
use crate::corpus::load::{chronological, entity_events, first_seen, index};
use crate::corpus::model::{
    Article, ArticleIdx, Claim, Corpus, Dispute, Entity, EntityIdx, Event, EventIdx, Mention,
    Mentions, Passage, PassageKind, PassageLoc, Passages, Step, Tour,
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
        // Passages are decoded when their article is first looked at:
        // their places (and corrected wording, short and rare) first, read
        // on opening to check what refers to them, then the article's
        // entities, then its mentions and corrections, skipped on opening.
        a.passages.with(|passages| {
            for (p, r) in passages.iter().zip(&layout.ranges) {
                w.buf.push(match p.kind {
                    PassageKind::Text => 0,
                    PassageKind::Caption => 1,
                    PassageKind::Heading => 2,
                });
                w.range(r);
                w.flag(p.original.is_some());
                if p.original.is_some() {
                    w.s(&p.text);
                }
            }
            w.n(a.entities.len());
            for e in &a.entities {
                w.n(e.index());
            }
            let mut d = Writer::default();
            for p in passages {
                mentions(&mut d, &p.mentions);
                if p.original.is_some() {
                    d.n(p.corrections.len());
                    for c in &p.corrections {
                        d.range(c);
                    }
                    d.n(p.original_corrections.len());
                    for c in &p.original_corrections {
                        d.range(c);
                    }
                    mentions(&mut d, &p.original_mentions);
                }
            }
            w.n(d.buf.len());
            w.buf.extend_from_slice(&d.buf);
        });
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
    /// Read when first looked at, from these files; the passages decoded
    /// when first looked at too, from these bytes, which are the index's
    /// being decoded.
    Later(Arc<Files>, Arc<[u8]>),
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
    // Each passage's place, for what refers to a passage; and, for an
    // article decoded later, where its passages are.
    let mut shapes: Vec<Vec<Shape>> = Vec::with_capacity(n_articles);
    let mut later: Vec<(Range<usize>, Range<usize>)> = Vec::new();
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
            Texts::Later(files, _) => {
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
        if n == 0 {
            return Err(Bad);
        }
        let places_at = r.pos();
        let mut shape = Vec::with_capacity(n);
        for _ in 0..n {
            shape.push(place(r, &mut body)?.1);
        }
        let places = r.since(places_at);
        let places_range = places_at..r.pos();
        let k = r.count()?;
        let entities = (0..k)
            .map(|_| r.idx(n_entities).map(EntityIdx))
            .collect::<Res<Vec<_>>>()?;
        let detail_len = r.n()?;
        let detail_at = r.pos();
        let detail = r.take(detail_len)?;
        let passages = match body {
            Body::Held(_) => passages_from(
                Reader::new(places),
                Reader::new(detail),
                n,
                &mut body,
                n_entities,
            )?
            .into(),
            Body::Later { .. } => {
                later.push((places_range, detail_at..detail_at + detail_len));
                Passages::default()
            }
        };
        shapes.push(shape);
        bodies.push(body);
        articles.push(Article {
            id,
            title,
            source,
            date,
            file,
            url,
            passages,
            entities,
            events: Vec::new(),
        });
    }
    let at = |r: &mut Reader<'_>| -> Res<PassageLoc> {
        let article = r.idx(shapes.len())?;
        let passage = r.idx(shapes[article].len())?;
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
            let range = raw_range(r)?;
            let fits = match &shapes[loc.article.index()][loc.passage] {
                Shape::Part { start, len } => {
                    bodies[loc.article.index()].fits(*start, *len, &range)
                }
                Shape::Held(text) => held_fits(text, &range),
            };
            if !fits {
                return Err(Bad);
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

    // The events each article's passages describe, for those decoded later.
    let mut described: Vec<Vec<(u32, EventIdx)>> = vec![Vec::new(); articles.len()];
    if !later.is_empty() {
        for (ei, ev) in events.iter().enumerate() {
            for l in &ev.passages {
                described[l.article.index()].push((l.passage as u32, EventIdx(ei)));
            }
        }
    }
    let mut later = later.into_iter();
    for (((a, body), described), shape) in
        articles.iter_mut().zip(bodies).zip(described).zip(&shapes)
    {
        if let Body::Later { block, mut bounds } = body {
            bounds.sort_unstable();
            bounds.dedup();
            let _ = block.bounds.set(bounds.into_boxed_slice());
            let (Texts::Later(_, bytes), Some((places, detail))) = (&texts, later.next()) else {
                return Err(Bad);
            };
            let mut described = described;
            described.sort_unstable();
            described.dedup();
            a.passages = Passages::lazy(Arc::new(Lazy::new(
                Arc::clone(bytes),
                places,
                detail,
                shape.len(),
                block,
                n_entities,
                described.into_boxed_slice(),
            )));
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
    let lazy: Vec<Arc<Lazy>> = c
        .articles
        .iter()
        .filter_map(|a| a.passages.lazy_source().cloned())
        .collect();
    if lazy.len() != c.articles.len() {
        index(&mut c.articles, &mut c.entities, &c.events);
    } else {
        // What needs every mention is gathered when first asked for.
        entity_events(&mut c.entities, &c.events);
        for (a, z) in c.articles.iter_mut().zip(&lazy) {
            let mut evs: Vec<EventIdx> = z.events.iter().map(|&(_, e)| e).collect();
            evs.sort_unstable();
            evs.dedup();
            a.events = evs;
        }
        let all = Arc::new(AllMentions::new(lazy, c.entities.len()));
        for (i, e) in c.entities.iter_mut().enumerate() {
            e.events.sort_unstable();
            e.mentions = Mentions::shared(Arc::clone(&all), i);
        }
    }
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

/// A passage's text as shown, where what refers to it is checked.
enum Shape {
    /// `len` bytes from `start` of the article's text.
    Part { start: usize, len: usize },
    /// Corrected wording, held.
    Held(String),
}

/// A passage's kind, place in the article's text and shown text.
fn place(r: &mut Reader<'_>, body: &mut Body) -> Res<(PassageKind, Shape, Range<usize>)> {
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
    let shape = if r.flag()? {
        Shape::Held(r.s()?)
    } else {
        Shape::Part {
            start: whole.start,
            len: whole.end - whole.start,
        }
    };
    Ok((kind, shape, whole))
}

/// An article's `n` passages from their places and their details (see
/// [`encode`]).
fn passages_from(
    mut places: Reader<'_>,
    mut detail: Reader<'_>,
    n: usize,
    body: &mut Body,
    n_entities: usize,
) -> Res<Vec<Passage>> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (kind, shape, whole) = place(&mut places, body)?;
        let (base, plen) = (whole.start, whole.end - whole.start);
        let ms = read_mentions(&mut detail, n_entities)?;
        let text = match shape {
            Shape::Part { .. } => {
                if !ms.iter().all(|m| body.fits(base, plen, &m.range)) {
                    return Err(Bad);
                }
                out.push(Passage {
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
                continue;
            }
            Shape::Held(text) => text,
        };
        // The mentions just read belong to the corrected text.
        if !ms.iter().all(|m| held_fits(&text, &m.range)) {
            return Err(Bad);
        }
        let corrections = detail.ranges_in(&text)?;
        let k = detail.count()?;
        let mut original_corrections: Vec<Range<usize>> = Vec::with_capacity(k);
        for _ in 0..k {
            let c = raw_range(&mut detail)?;
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
        let original_mentions = read_mentions(&mut detail, n_entities)?;
        if !original_mentions
            .iter()
            .all(|m| body.fits(base, plen, &m.range))
        {
            return Err(Bad);
        }
        out.push(Passage {
            kind,
            text: text.into(),
            original: Some(body.text(whole)),
            corrections: corrections.into(),
            original_corrections: original_corrections.into(),
            mentions: ms.into(),
            original_mentions: original_mentions.into(),
            entities: Box::default(),
            events: Box::default(),
        });
    }
    if !places.is_done() || !detail.is_done() {
        return Err(Bad);
    }
    Ok(out)
}

/// The passages of an article opened through its index as their places
/// alone give them, without mentions or corrections.
pub(crate) fn lazy_places(z: &Lazy) -> Res<Vec<Passage>> {
    let mut places = Reader::new(z.body.get(z.places.clone()).ok_or(Bad)?);
    let mut body = Body::Later {
        block: Arc::clone(&z.block),
        bounds: Vec::new(),
    };
    (0..z.n)
        .map(|_| {
            let (kind, shape, whole) = place(&mut places, &mut body)?;
            let (text, original) = match shape {
                Shape::Part { .. } => (body.text(whole), None),
                Shape::Held(t) => (Text::from(t), Some(body.text(whole))),
            };
            Ok(Passage::plain(kind, text, original))
        })
        .collect()
}

/// The passages of an article opened through its index, decoded now;
/// `hand_over` is given the offsets their ranges use, to have the
/// article's text check them (see [`Block::require`]), and refuses them
/// when the text is read and they do not hold.
pub(crate) fn lazy_passages(z: &Lazy, hand_over: impl FnOnce(&[u32]) -> bool) -> Res<Vec<Passage>> {
    let places = Reader::new(z.body.get(z.places.clone()).ok_or(Bad)?);
    let detail = Reader::new(z.body.get(z.detail.clone()).ok_or(Bad)?);
    let mut body = Body::Later {
        block: Arc::clone(&z.block),
        bounds: Vec::new(),
    };
    let mut passages = passages_from(places, detail, z.n, &mut body, z.n_entities)?;
    if let Body::Later { bounds, .. } = &mut body {
        bounds.sort_unstable();
        bounds.dedup();
        if !hand_over(bounds) {
            return Err(Bad);
        }
    }
    for (i, p) in passages.iter_mut().enumerate() {
        p.entities = first_seen(p.mentions.iter().map(|m| m.entity)).into();
        let from = z.events.partition_point(|&(q, _)| (q as usize) < i);
        let to = z.events.partition_point(|&(q, _)| (q as usize) <= i);
        p.events = z.events[from..to].iter().map(|&(_, e)| e).collect();
    }
    Ok(passages)
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
