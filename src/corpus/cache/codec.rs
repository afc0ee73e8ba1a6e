//! The loaded corpus as bytes and back: everything loading computed (the
//! passages' places in each article, corrections, linked mentions,
//! resolved quotes, entities, events, tours, warnings), but not the
//! article text, which is read from the pack and checked against its hash.
//! What can be derived cheaply from the rest (each passage's and article's
//! entities and events, each entity's mentions, the chronological order)
//! is derived again rather than stored, so it cannot disagree.

use std::ops::Range;
use std::sync::OnceLock;

use super::wire::{Bad, Reader, Res, Writer};
use crate::corpus::date::EdtfDate;
use crate::corpus::load::{chronological, index};
use crate::corpus::model::{
    Article, ArticleIdx, Claim, Corpus, Dispute, Entity, EntityIdx, Event, EventIdx, Mention,
    Passage, PassageKind, PassageLoc, Step, Tour,
};
use crate::corpus::reuse::{SharedSpan, Side, indexed};
use crate::corpus::types::{Coords, EntityKind, url_problem};

/// Writes `corpus`; `ranges[a]` are the byte ranges of article `a`'s
/// passages in its text as read (cleaned), in order.
pub fn encode(w: &mut Writer, corpus: &Corpus, ranges: &[Vec<Range<usize>>]) {
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
    for (a, ranges) in corpus.articles.iter().zip(ranges) {
        w.s(&a.id);
        w.s(&a.title);
        w.s(&a.source);
        w.s(&a.date);
        w.s(&a.file);
        w.s(a.url.as_deref().unwrap_or(""));
        w.n(a.passages.len());
        for (p, r) in a.passages.iter().zip(ranges) {
            w.buf.push(match p.kind {
                PassageKind::Text => 0,
                PassageKind::Caption => 1,
                PassageKind::Heading => 2,
            });
            w.range(r);
            mentions(w, &p.mentions);
            w.flag(p.original.is_some());
            if p.original.is_some() {
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

/// Reads a corpus written by [`encode`]; `text(file)` gives the text of an
/// article file as read and cleaned, asked for once per article, in order,
/// so that only one article's text is held besides its passages. Every
/// index, range and string is checked, so what comes back satisfies what
/// the loader guarantees.
pub fn decode(r: &mut Reader<'_>, mut text: impl FnMut(&str) -> Option<String>) -> Res<Corpus> {
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
            mentions: Vec::new(),
            events: Vec::new(),
        });
    }

    let n_articles = r.count()?;
    let mut articles = Vec::with_capacity(n_articles);
    for _ in 0..n_articles {
        let id = r.s()?;
        let title = r.s()?;
        let source = r.s()?;
        let date = r.s()?;
        let file = r.s()?;
        // Checked again: a cache file is only as sound as its directory.
        let url = Some(r.s()?).filter(|u| !u.is_empty() && url_problem(u).is_none());
        let body = text(&file).ok_or(Bad)?;
        let n = r.count()?;
        let mut passages = Vec::with_capacity(n);
        for _ in 0..n {
            passages.push(passage(r, &body, n_entities)?);
        }
        if passages.is_empty() {
            return Err(Bad);
        }
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
        let side = |r: &mut Reader<'_>| -> Res<Side> {
            let loc = at(r)?;
            let text = &articles[loc.article].passages[loc.passage].text;
            Ok(Side {
                loc,
                range: r.range_in(text)?,
            })
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

    index(&mut articles, &mut entities, &events);
    let chrono = chronological(&events);
    Ok(Corpus {
        id,
        title,
        description,
        articles,
        entities,
        events,
        tours,
        chrono,
        warnings,
        reuse,
    })
}

fn passage(r: &mut Reader<'_>, body: &str, n_entities: usize) -> Res<Passage> {
    let kind = match r.byte()? {
        0 => PassageKind::Text,
        1 => PassageKind::Caption,
        2 => PassageKind::Heading,
        _ => return Err(Bad),
    };
    let printed = &body[r.range_in(body)?];
    let ms = read_mentions(r, n_entities)?;
    if !r.flag()? {
        within(&ms, printed)?;
        return Ok(Passage {
            kind,
            text: printed.to_owned(),
            original: None,
            corrections: Vec::new(),
            original_corrections: Vec::new(),
            mentions: ms,
            original_mentions: Vec::new(),
            entities: Vec::new(),
            events: Vec::new(),
        });
    }
    // The mentions just read belong to the corrected text, read next.
    let text = r.s()?;
    within(&ms, &text)?;
    let corrections = r.ranges_in(&text)?;
    let original_corrections = r.ranges_in(printed)?;
    if corrections.len() != original_corrections.len() {
        return Err(Bad);
    }
    let original_mentions = read_mentions(r, n_entities)?;
    within(&original_mentions, printed)?;
    Ok(Passage {
        kind,
        text,
        original: Some(printed.to_owned()),
        corrections,
        original_corrections,
        mentions: ms,
        original_mentions,
        entities: Vec::new(),
        events: Vec::new(),
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

/// Whether every mention lies within `text` on character boundaries.
fn within(ms: &[Mention], text: &str) -> Res<()> {
    let ok = ms.iter().all(|m| {
        m.range.end <= text.len()
            && text.is_char_boundary(m.range.start)
            && text.is_char_boundary(m.range.end)
    });
    if ok { Ok(()) } else { Err(Bad) }
}

fn opt_idx(r: &mut Reader<'_>, limit: usize) -> Res<Option<usize>> {
    match r.n()? {
        0 => Ok(None),
        i if i <= limit => Ok(Some(i - 1)),
        _ => Err(Bad),
    }
}
