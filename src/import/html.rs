//! Web pages: decoded as a browser would, the main article found with
//! Readability's algorithm, block elements turned into passages.

use dom_query::{Document, NodeRef};

use super::doc::{BlockKind, Doc, clean_field};
use super::encoding;

/// The charset a page declares in its first kilobytes: `<meta charset>` or
/// the HTTP-equiv content type.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = tag.find("charset") {
            let v = tag[j + "charset".len()..]
                .trim_start()
                .trim_start_matches('=')
                .trim_start()
                .trim_start_matches(['"', '\'']);
            let v: String = v
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !v.is_empty() {
                return Some(v);
            }
        }
        from = end;
    }
    None
}

/// The canonical URL a page declares (`<link rel="canonical" href="…">`)
/// in its first 256 KiB, when it is one a pack may hold.
pub fn canonical_url(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256 * 1024)]).into_owned();
    // ASCII lower-casing keeps every byte where it was.
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<link") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        from = end;
        let attr = |name: &str| -> Option<&str> {
            let tag = &lower[start..end];
            let j = tag.find(&format!(" {name}="))? + name.len() + 2;
            let quote = tag[j..].chars().next()?;
            let (v0, stop) = match quote {
                '"' | '\'' => (j + 1, quote),
                _ => (j, ' '),
            };
            let len = tag[v0..].find(stop).unwrap_or(tag.len() - v0);
            Some(&head[start + v0..start + v0 + len])
        };
        if attr("rel").is_some_and(|r| r.to_ascii_lowercase().split(' ').any(|w| w == "canonical"))
            && let Some(href) = attr("href")
        {
            let url = href.trim().replace("&amp;", "&");
            return crate::corpus::types::url_problem(&url)
                .is_none()
                .then_some(url);
        }
    }
    None
}

/// Elements whose text is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "title", "button", "select",
    "option", "textarea", "input", "iframe", "object", "canvas", "nav",
    // What a player shows: the text inside is a fallback for readers that cannot play it.
    "video", "audio",
];

/// Elements that start a new passage.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "aside",
    "address",
    "hr",
    "caption",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "form",
    "fieldset",
    "legend",
    "hgroup",
];

/// Class or id words that mark page furniture when the fallback walks a
/// whole page.
const FURNITURE: &[&str] = &[
    "nav",
    "menu",
    "cookie",
    "consent",
    "banner",
    "comment",
    "share",
    "social",
    "footer",
    "sidebar",
    "related",
    "subscribe",
    "newsletter",
    "breadcrumb",
    "advert",
    "promo",
    "popup",
    "masthead",
    "skip",
    "gdpr",
];

pub fn read(bytes: &[u8], doc: &mut Doc) -> Result<&'static str, String> {
    read_with(bytes, doc, true)
}

/// Like [`read`]; without `readability` only the furniture-skipping walk
/// runs (kept to measure the two against each other).
pub fn read_with(bytes: &[u8], doc: &mut Doc, readability: bool) -> Result<&'static str, String> {
    let declared = declared_charset(bytes);
    let decoded = encoding::decode(bytes, declared.as_deref());
    let html = decoded.text;
    // Readability and the walk recurse over the tree: a deliberately deep
    // page must not overflow the main thread's stack, and a panic in a
    // parser is reported as an error for this file rather than ending the import.
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || extract(&html, readability))
        .map_err(|e| format!("cannot start the HTML reader: {e}"))?
        .join()
        .map_err(|_| "the HTML could not be read (the parser failed)".to_owned())?;
    let (mut meta, blocks) = result;
    // "Story | Site": the site's name is the source, not part of the title.
    if !meta.source.is_empty() {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let Some(t) = meta.title.strip_suffix(&format!("{sep}{}", meta.source)) {
                meta.title = t.to_owned();
            } else if let Some(t) = meta.title.strip_prefix(&format!("{}{sep}", meta.source)) {
                meta.title = t.to_owned();
            }
        }
    }
    if !meta.title.is_empty() {
        doc.title = meta.title;
    }
    doc.source = meta.source;
    doc.date = meta.date;
    if let Some(url) = canonical_url(bytes) {
        doc.url = Some(url);
    }
    for (k, t) in blocks {
        doc.push(k, &t);
    }
    // The title often opens the body as a heading too.
    if let Some(b) = doc.blocks.first()
        && b.kind == BlockKind::Heading
        && b.text == doc.title
    {
        doc.blocks.remove(0);
    }
    // A byline left at the top of the text ("By A. Writer") is metadata.
    if let Some(b) = doc.blocks.first()
        && b.text.starts_with("By ")
        && b.text.split_whitespace().count() <= 8
        && !b.text.ends_with('.')
    {
        doc.blocks.remove(0);
    }
    Ok(decoded.encoding)
}

#[derive(Default)]
struct Meta {
    title: String,
    source: String,
    date: String,
}

/// Deepest element nesting, estimated from the tags alone. Readability's
/// scoring climbs ancestors from every node, so its time grows with the
/// square of the depth: a page nested thousands deep (real pages stay in
/// the low hundreds) goes straight to the plain walk.
pub fn nesting(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "!doctype", "!--",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let Some(&c) = b.get(i) else { break };
        let end = b[i..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| i + e);
        if c == b'/' {
            depth = depth.saturating_sub(1);
        } else if c.is_ascii_alphabetic() {
            let name: String = b[i..end]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|&c| char::from(c.to_ascii_lowercase()))
                .collect();
            if !VOID.contains(&name.as_str()) && !b[i..end].ends_with(b"/") {
                depth += 1;
                max = max.max(depth);
            }
        }
        i = end.min(b.len());
    }
    max
}

/// Pages nested deeper than this skip Readability.
const MAX_READABILITY_DEPTH: usize = 400;

/// Runs Readability, falls back to a furniture-skipping walk of the body.
fn extract(html: &str, readability: bool) -> (Meta, Vec<(BlockKind, String)>) {
    let mut meta = Meta::default();
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let article = (readability && nesting(html) <= MAX_READABILITY_DEPTH)
        .then(|| dom_smoothie::Readability::new(html, None, Some(cfg)).ok())
        .flatten()
        .and_then(|mut r| r.parse().ok());
    if let Some(a) = article {
        meta.title = clean_field(&a.title);
        meta.source = clean_field(a.site_name.as_deref().or(a.byline.as_deref()).unwrap_or(""));
        meta.date = clean_field(a.published_time.as_deref().unwrap_or(""));
        let content = Document::from(a.content.to_string());
        let mut out = Vec::new();
        walk(&content.root(), false, &mut out);
        if out
            .iter()
            .any(|(k, t)| *k == BlockKind::Text && !t.trim().is_empty())
        {
            return (meta, out);
        }
    }
    let page = Document::from(html);
    if meta.title.is_empty() {
        meta.title = clean_field(&page.select("title").text());
    }
    let mut out = Vec::new();
    let body = page.select("body");
    match body.nodes().first() {
        Some(b) => walk(b, true, &mut out),
        None => walk(&page.root(), true, &mut out),
    }
    (meta, out)
}

/// Reads one XHTML document of a book: the whole body, without the
/// furniture heuristics a web page needs, footnote markers left out.
pub fn read_chapter(bytes: &[u8], doc: &mut Doc) -> Result<(), String> {
    let decoded = encoding::decode(bytes, None).text;
    let blocks = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let page = Document::from(decoded);
            let mut out = Vec::new();
            let body = page.select("body");
            let root = body.nodes().first().cloned().unwrap_or_else(|| page.root());
            let mut w = Walker {
                out: &mut out,
                buf: String::new(),
                kind: BlockKind::Text,
                pre: 0,
                skip_furniture: false,
                chapter: true,
                in_svg: 0,
            };
            w.visit(&root);
            w.flush();
            out
        })
        .map_err(|e| format!("cannot start the XHTML reader: {e}"))?
        .join()
        .map_err(|_| "the XHTML could not be read (the parser failed)".to_owned())?;
    for (k, t) in blocks {
        doc.push(k, &t);
    }
    Ok(())
}

struct Walker<'o> {
    chapter: bool,
    in_svg: usize,
    out: &'o mut Vec<(BlockKind, String)>,
    buf: String,
    kind: BlockKind,
    pre: usize,
    skip_furniture: bool,
}

impl Walker<'_> {
    fn flush(&mut self) {
        if !self.buf.trim().is_empty() {
            self.out.push((self.kind, std::mem::take(&mut self.buf)));
        }
        self.buf.clear();
    }

    fn visit(&mut self, node: &NodeRef) {
        if node.is_text() {
            let t = node.text();
            if self.pre > 0 {
                self.buf.push_str(&t);
            } else {
                let mut last_space = self.buf.ends_with([' ', '\n']) || self.buf.is_empty();
                for c in t.chars() {
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !last_space {
                            self.buf.push(' ');
                            last_space = true;
                        }
                    } else {
                        self.buf.push(c);
                        last_space = false;
                    }
                }
            }
            return;
        }
        let Some(name) = node.node_name() else {
            for c in node.children_it(false) {
                self.visit(&c);
            }
            return;
        };
        let name = name.to_ascii_lowercase();
        // Fixed-layout books set their text in SVG, a line per `text`.
        if self.chapter && name == "svg" {
            self.flush();
            self.in_svg += 1;
            for c in node.children_it(false) {
                self.visit(&c);
            }
            self.in_svg -= 1;
            self.flush();
            return;
        }
        if self.in_svg > 0 && name == "text" {
            // A `tspan` on a new baseline is the next line of the same
            // text: a space between them, none within a line, where a
            // word may be split across spans.
            let mut line = String::new();
            let mut last_y = None;
            for c in node.children_it(false) {
                let y = c.attr("y");
                if y.is_some() && last_y.is_some() && y != last_y && !line.ends_with(' ') {
                    line.push(' ');
                }
                if y.is_some() {
                    last_y = y;
                }
                line.push_str(&c.text());
            }
            self.buf.push_str(line.trim());
            self.buf.push('\n');
            return;
        }
        if SKIP.contains(&name.as_str()) {
            return;
        }
        if self.in_svg > 0 {
            for c in node.children_it(false) {
                self.visit(&c);
            }
            return;
        }
        if self.skip_furniture && is_furniture(node, &name) {
            return;
        }
        match name.as_str() {
            "br" => {
                self.buf.push('\n');
                return;
            }
            "img" => return,
            "a" | "sup" if self.chapter && is_noteref(node) => return,
            _ => {}
        }
        let block = BLOCK.contains(&name.as_str());
        if !block {
            for c in node.children_it(false) {
                self.visit(&c);
            }
            return;
        }
        self.flush();
        let outer = self.kind;
        self.kind = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
            "figcaption" | "caption" => BlockKind::Caption,
            _ => outer,
        };
        if name == "pre" {
            self.pre += 1;
        }
        for c in node.children_it(false) {
            self.visit(&c);
        }
        self.flush();
        if name == "pre" {
            self.pre -= 1;
        }
        self.kind = outer;
    }
}

/// A footnote marker: `epub:type="noteref"`, `role="doc-noteref"`, or a
/// superscript that is only a number or a mark.
fn is_noteref(node: &NodeRef) -> bool {
    let typed = ["epub:type", "type", "role"]
        .iter()
        .any(|a| node.attr(a).is_some_and(|v| v.contains("noteref")));
    typed
        || (node.has_name("sup")
            && node
                .text()
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '†' | '‡' | '[' | ']')))
}

fn is_furniture(node: &NodeRef, name: &str) -> bool {
    if matches!(name, "header" | "footer" | "aside" | "form" | "nav") {
        return true;
    }
    if node.attr("aria-hidden").is_some_and(|v| &*v == "true") || node.attr("hidden").is_some() {
        return true;
    }
    if node.attr("role").is_some_and(|r| {
        matches!(
            &*r,
            "navigation" | "banner" | "contentinfo" | "dialog" | "complementary"
        )
    }) {
        return true;
    }
    let marks = format!(
        "{} {}",
        node.attr("class")
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default(),
        node.attr("id")
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default()
    );
    marks.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        FURNITURE
            .iter()
            .any(|f| w == *f || (w.starts_with(f) && w.len() <= f.len() + 1))
    })
}

fn walk(node: &NodeRef, skip_furniture: bool, out: &mut Vec<(BlockKind, String)>) {
    let mut w = Walker {
        out,
        buf: String::new(),
        kind: BlockKind::Text,
        pre: 0,
        skip_furniture,
        chapter: false,
        in_svg: 0,
    };
    w.visit(node);
    w.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_layout_lines_keep_their_word_breaks() {
        let page = r#"<html><body><div><svg xmlns="http://www.w3.org/2000/svg"><g>
<text><tspan x="0" y="0">Sirop de Li</tspan><tspan x="40" y="0">ège, 2005.</tspan><tspan x="0" y="12">Fratelli, 2010.</tspan></text>
<text><tspan y="0">De Jean-Bernard Pouy</tspan></text></g></svg></div></body></html>"#;
        let mut d = Doc::default();
        read_chapter(page.as_bytes(), &mut d).expect("reads");
        let text: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            text.join("\n"),
            "Sirop de Liège, 2005. Fratelli, 2010.\nDe Jean-Bernard Pouy"
        );
    }

    #[test]
    fn meta_charset_is_found() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
    }
}
