//! Markdown: paragraphs, headings, list items, block quotes and code blocks
//! become passages; links keep their text; front matter gives title, date
//! and source.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::doc::{BlockKind, Doc, clean_field};

pub fn read(text: &str, doc: &mut Doc) {
    let text = text.replace("\r\n", "\n");
    let (body, fm_title) = front_matter(&text, doc);
    let mut buf = String::new();
    let mut kind = BlockKind::Text;
    let mut h1: Option<String> = None;
    let mut first_block = true;
    let mut in_code = false;
    let flush = |buf: &mut String, kind: BlockKind, doc: &mut Doc| {
        if !buf.trim().is_empty() {
            doc.push(kind, buf);
        }
        buf.clear();
    };
    for ev in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut buf, kind, doc);
                kind = BlockKind::Heading;
            }
            Event::End(TagEnd::Heading(level)) => {
                if level == pulldown_cmark::HeadingLevel::H1 && first_block && h1.is_none() {
                    h1 = Some(clean_field(&buf));
                    buf.clear();
                } else {
                    flush(&mut buf, kind, doc);
                }
                first_block = false;
                kind = BlockKind::Text;
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableRow | Tag::TableHead) => {
                flush(&mut buf, kind, doc);
                first_block = false;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                flush(&mut buf, kind, doc)
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut buf, kind, doc);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                flush(&mut buf, kind, doc);
            }
            Event::End(TagEnd::TableCell) => buf.push_str(" · "),
            Event::Text(t) | Event::Code(t) => {
                if in_code {
                    // Blank lines inside code would split the passage.
                    for line in t.split('\n').filter(|l| !l.trim().is_empty()) {
                        buf.push_str(line);
                        buf.push('\n');
                    }
                } else {
                    buf.push_str(&t);
                }
            }
            Event::SoftBreak => buf.push(' '),
            Event::HardBreak => buf.push('\n'),
            _ => {}
        }
    }
    flush(&mut buf, kind, doc);
    for b in &mut doc.blocks {
        if b.text.ends_with(" ·") {
            b.text.truncate(b.text.len() - " ·".len());
        }
    }
    match h1 {
        // Front matter's title wins; a different first heading stays a heading.
        Some(t) if fm_title && t != doc.title => doc.blocks.insert(
            0,
            super::doc::Block {
                kind: BlockKind::Heading,
                text: t,
            },
        ),
        Some(t) if !fm_title && !t.is_empty() => doc.title = t,
        _ => {}
    }
}

/// Reads `---` front matter (simple `key: value` lines) and returns the rest.
fn front_matter<'a>(text: &'a str, doc: &mut Doc) -> (&'a str, bool) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (text, false);
    };
    let Some(end) = rest.find("\n---") else {
        return (text, false);
    };
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map_or("", |(_, b)| b);
    let mut title_set = false;
    for line in rest[..end].lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = clean_field(v.trim().trim_matches(['"', '\'']));
        if v.is_empty() {
            continue;
        }
        match k.trim().to_ascii_lowercase().as_str() {
            "title" => {
                doc.title = v;
                title_set = true;
            }
            "date" => doc.date = v,
            "source" | "publisher" | "site" | "author"
                if doc.source.is_empty() || k.trim() == "source" =>
            {
                doc.source = v
            }
            _ => {}
        }
    }
    (body, title_set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blocks() {
        let md = "---\ntitle: \"Notes\"\ndate: 2024-05-01\nsource: My notes\n---\n# Ignored H1\n\nA [linked](http://x) word\nwraps.\n\n## Part\n\n- one\n- two\n\n> quoted\n\n```\ncode\n\nmore\n```\n";
        let mut d = Doc::default();
        read(md, &mut d);
        assert_eq!(
            (d.title.as_str(), d.date.as_str(), d.source.as_str()),
            ("Notes", "2024-05-01", "My notes")
        );
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Ignored H1",
                "A linked word wraps.",
                "Part",
                "one",
                "two",
                "quoted",
                "code\nmore"
            ]
        );
        assert_eq!(d.blocks[2].kind, BlockKind::Heading);
    }
}
