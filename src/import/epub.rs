//! EPUB 2 and 3 books: one article per spine document that has text, in
//! spine order, titled from the navigation document or the NCX.
//!
//! Books are untrusted archives. Nothing is extracted to disk; every path
//! a book names is resolved inside the book or refused; the bytes actually
//! inflated are counted against limits, since zip headers can lie; XML
//! entities other than the five predefined ones and character references
//! are never expanded, so no entity can grow.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::doc::{BlockKind, Doc, clean_field};

/// Largest document inside a book, once inflated.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total inflated from one book.
pub const MAX_BOOK_BYTES: u64 = 512 * 1024 * 1024;

struct Book {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    inflated: u64,
    /// Entries stored under a mangled name (a leading `/`, octal escapes, a
    /// stray quote, as some tools write them), by the name the book uses.
    repaired: HashMap<String, String>,
}

/// `/OPS/x/\344\270\200.xhtml"` → `OPS/x/一.xhtml`.
fn repair(name: &str) -> String {
    let n = name.trim_start_matches('/').trim_end_matches('"');
    let b = n.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len() + 1
            && b.get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)))
        {
            let v = (b[i + 1] - b'0') as u32 * 64
                + (b[i + 2] - b'0') as u32 * 8
                + (b[i + 3] - b'0') as u32;
            if let Ok(byte) = u8::try_from(v) {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Book {
    /// Reads one entry, counting what is inflated rather than trusting the header.
    fn read(&mut self, name: &str) -> Result<Vec<u8>, String> {
        let stored = self.repaired.get(name).map_or(name, String::as_str);
        let entry = match self.zip.by_name(stored) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(format!("{name}: missing from the book"));
            }
            Err(e) => return Err(format!("{name}: cannot be read: {e}")),
        };
        let left = MAX_BOOK_BYTES.saturating_sub(self.inflated);
        let limit = MAX_ENTRY_BYTES.min(left);
        let mut out = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: damaged or truncated: {e}"))?;
        if out.len() as u64 > limit {
            return Err(if limit == left {
                format!(
                    "{name}: the book inflates to more than {} MiB in all; refused",
                    MAX_BOOK_BYTES / 1024 / 1024
                )
            } else {
                format!(
                    "{name}: inflates to more than {} MiB; refused",
                    MAX_ENTRY_BYTES / 1024 / 1024
                )
            });
        }
        self.inflated += out.len() as u64;
        Ok(out)
    }

    fn read_text(&mut self, name: &str) -> Result<String, String> {
        let bytes = self.read(name)?;
        Ok(super::encoding::decode(&bytes, None).text)
    }
}

/// Resolves `href` (percent-encoded, relative to `base`, the directory of
/// the file that names it) to a path inside the book, or refuses it.
fn resolve(base: &str, href: &str) -> Result<String, String> {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    if href.starts_with('/') || href.contains('\\') || href.contains(':') {
        return Err(format!("{href}: a path that leads outside the book"));
    }
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("{href}: a path that leads outside the book"));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// One XML element's start: its local name and attributes (by local name).
struct Tag {
    name: String,
    attrs: HashMap<String, String>,
}

/// Walks an XML document, calling `on` for each start tag and each run of
/// text (with the innermost open element's local name).
enum Xml<'a> {
    Tag(&'a Tag),
    /// Text and the local name of the element it is in.
    Text(&'a str, &'a str),
}

fn scan_xml(src: &str, mut on: impl FnMut(Xml)) -> Result<(), String> {
    let mut r = quick_xml::Reader::from_str(src);
    let mut stack: Vec<String> = Vec::new();
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("not well-formed XML at byte {}: {e}", r.buffer_position()))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                let mut attrs = HashMap::new();
                for a in e.attributes().flatten() {
                    let k = a.key.local_name().as_ref().to_owned();
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
                    attrs.insert(k, v);
                }
                let tag = Tag { name, attrs };
                on(Xml::Tag(&tag));
                if !empty {
                    stack.push(tag.name);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => on(Xml::Text(
                stack.last().map_or("", String::as_str),
                &t.xml10_content(),
            )),
            Event::CData(t) => on(Xml::Text(stack.last().map_or("", String::as_str), &t)),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        // Entities a DTD declares are never expanded.
                        _ => String::new(),
                    },
                };
                on(Xml::Text(stack.last().map_or("", String::as_str), &s));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

struct Item {
    href: String,
    media: String,
    props: String,
}

/// Reads a book into one document per spine entry that has text. A
/// chapter that is missing, damaged or refused is reported in the second
/// list and the rest of the book is read; a book with no chapter read is an error.
pub fn read(bytes: &[u8], key: &str) -> Result<(Vec<Doc>, Vec<String>), String> {
    let mut problems = Vec::new();
    let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not an EPUB (zip) archive: {e}"))?;
    let mut repaired = HashMap::new();
    for i in 0..zip.len() {
        let Some(Ok(name)) = zip.name_for_index(i) else {
            continue;
        };
        if name.split(['/', '\\']).any(|s| s == "..") {
            problems.push(format!(
                "{name}: an entry that leads outside the book; ignored"
            ));
        } else if name.starts_with('/') || name.ends_with('"') || name.contains('\\') {
            let fixed = repair(&name);
            if !fixed.split('/').any(|s| s == "..") {
                repaired.insert(fixed, name.into_owned());
            }
        }
    }
    let mut book = Book {
        zip,
        inflated: 0,
        repaired,
    };
    let container = book.read_text("META-INF/container.xml")?;
    let mut opf_path = None;
    scan_xml(&container, |x| {
        if let Xml::Tag(t) = x
            && t.name == "rootfile"
            && opf_path.is_none()
        {
            opf_path = t.attrs.get("full-path").cloned();
        }
    })
    .map_err(|e| format!("META-INF/container.xml: {e}"))?;
    let opf_path = opf_path.ok_or("META-INF/container.xml: names no package file (rootfile)")?;
    let opf_path = resolve("", &opf_path).map_err(|e| format!("META-INF/container.xml: {e}"))?;
    let opf = book.read_text(&opf_path)?;
    let base = dir_of(&opf_path).to_owned();

    let mut items: HashMap<String, Item> = HashMap::new();
    let mut spine: Vec<String> = Vec::new();
    let mut ncx_id = None;
    let (mut title, mut creator, mut date, mut publisher) =
        (String::new(), String::new(), String::new(), String::new());
    scan_xml(&opf, |x| match x {
        Xml::Tag(t) => match t.name.as_str() {
            "item" => {
                if let (Some(id), Some(href)) = (t.attrs.get("id"), t.attrs.get("href")) {
                    items.insert(
                        id.clone(),
                        Item {
                            href: href.clone(),
                            media: t.attrs.get("media-type").cloned().unwrap_or_default(),
                            props: t.attrs.get("properties").cloned().unwrap_or_default(),
                        },
                    );
                }
            }
            "itemref" => {
                if let Some(id) = t.attrs.get("idref")
                    && t.attrs.get("linear").is_none_or(|l| l != "no")
                {
                    spine.push(id.clone());
                }
            }
            "spine" => ncx_id = t.attrs.get("toc").cloned(),
            _ => {}
        },
        Xml::Text(el, text) => {
            let field = match el {
                "title" => &mut title,
                "creator" => &mut creator,
                "date" => &mut date,
                "publisher" => &mut publisher,
                _ => return,
            };
            if field.is_empty() {
                field.push_str(text.trim());
            }
        }
    })
    .map_err(|e| format!("{opf_path}: {e}"))?;
    if spine.is_empty() {
        return Err(format!("{opf_path}: the book's spine lists no documents"));
    }

    // Titles of spine documents from the navigation document, else the NCX.
    let mut titles: HashMap<String, String> = HashMap::new();
    let nav = items
        .values()
        .find(|i| i.props.split_whitespace().any(|p| p == "nav"));
    let nav_path = match nav {
        Some(n) => Some(resolve(&base, &n.href)?),
        None => None,
    };
    if let Some(np) = &nav_path {
        match book.read_text(np) {
            Ok(src) => nav_titles(&src, dir_of(np), &mut titles),
            Err(e) => problems.push(e),
        }
    }
    if titles.is_empty()
        && let Some(ncx) = ncx_id.and_then(|id| items.get(&id)).or_else(|| {
            items
                .values()
                .find(|i| i.media == "application/x-dtbncx+xml")
        })
    {
        let read = resolve(&base, &ncx.href).and_then(|np| {
            let src = book.read_text(&np)?;
            ncx_titles(&src, dir_of(&np), &mut titles).map_err(|e| format!("{np}: {e}"))
        });
        if let Err(e) = read {
            problems.push(e);
        }
    }

    let source = clean_field(if creator.is_empty() {
        &publisher
    } else {
        &creator
    });
    let book_title = clean_field(&title);
    let mut docs = Vec::new();
    for (n, id) in spine.iter().enumerate() {
        let Some(item) = items.get(id) else {
            return Err(format!(
                "{opf_path}: the spine names \"{id}\", which the manifest does not list"
            ));
        };
        let path = match resolve(&base, &item.href) {
            Ok(p) => p,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if Some(&path) == nav_path.as_ref() && !titles.is_empty() {
            continue; // The table of contents itself is not reading matter.
        }
        if !(item.media.contains("html") || item.media.is_empty()) {
            continue; // Images and other media in the spine have no text.
        }
        let src = match book.read(&path) {
            Ok(s) => s,
            // Past the book's total limit nothing more can be read.
            Err(e) if book.inflated >= MAX_BOOK_BYTES => return Err(e),
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let mut d = Doc {
            key: format!("{key}#{path}"),
            title: String::new(),
            source: if source.is_empty() {
                book_title.clone()
            } else {
                source.clone()
            },
            date: clean_field(&date),
            blocks: Vec::new(),
            book: book_title.clone(),
            url: None,
        };
        if let Err(e) = super::html::read_chapter(&src, &mut d) {
            problems.push(format!("{path}: {e}"));
            continue;
        }
        d.title = match titles.get(&path) {
            Some(t) if !t.is_empty() => t.clone(),
            _ => d
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::Heading)
                .map(|b| clean_field(&b.text))
                .unwrap_or_else(|| {
                    format!(
                        "{} {}",
                        if book_title.is_empty() {
                            "Part"
                        } else {
                            &book_title
                        },
                        n + 1
                    )
                }),
        };
        if d.has_text() {
            docs.push(d);
        }
    }
    if docs.is_empty() {
        return Err(match problems.first() {
            Some(p) => format!(
                "no chapter could be read ({p}; {} problems in all)",
                problems.len()
            ),
            None => "no chapter of the book has text (images only, or empty documents)".into(),
        });
    }
    Ok((docs, problems))
}

fn nav_titles(src: &str, base: &str, titles: &mut HashMap<String, String>) {
    let doc = dom_query::Document::from(src);
    for a in doc.select("nav a").nodes() {
        let Some(href) = a.attr("href") else {
            continue;
        };
        // A label followed by a description ("<span>a shared culture</span>
        // <span>Unscripted, video sources…</span>"): the label names it.
        let parts: Vec<_> = a
            .children()
            .into_iter()
            .filter(|c| !c.text().trim().is_empty())
            .collect();
        let text = match parts.as_slice() {
            [first, _, ..] if parts.iter().all(|c| c.is_element()) => first.text(),
            _ => a.text(),
        };
        if let Ok(p) = resolve(base, &href) {
            titles.entry(p).or_insert_with(|| clean_field(&text));
        }
    }
}

fn ncx_titles(src: &str, base: &str, titles: &mut HashMap<String, String>) -> Result<(), String> {
    let mut label = String::new();
    let mut in_label = false;
    let mut pending: Vec<(String, String)> = Vec::new();
    scan_xml(src, |x| match x {
        Xml::Tag(t) => match t.name.as_str() {
            "navLabel" => {
                in_label = true;
                label.clear();
            }
            "content" => {
                in_label = false;
                if let Some(s) = t.attrs.get("src") {
                    pending.push((s.clone(), label.clone()));
                }
            }
            _ => {}
        },
        Xml::Text(el, text) => {
            if in_label && el == "text" {
                label.push_str(text);
            }
        }
    })?;
    for (s, l) in pending {
        if let Ok(p) = resolve(base, &s) {
            titles.entry(p).or_insert_with(|| clean_field(&l));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_book() {
        assert_eq!(
            resolve("OEBPS/text", "../img/a%20b.png#x").as_deref(),
            Ok("OEBPS/img/a b.png")
        );
        assert!(resolve("OEBPS", "../../etc/passwd").is_err());
        assert!(resolve("", "/etc/passwd").is_err());
        assert_eq!(resolve("", "caf%C3%A9.xhtml").as_deref(), Ok("café.xhtml"));
    }
}
