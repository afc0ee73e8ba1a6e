//! Plain text: paragraphs separated by blank lines; hard-wrapped lines (as
//! in Project Gutenberg texts) joined into paragraphs, verse and lists kept
//! line by line.

use super::doc::{BlockKind, Doc};

/// Reads decoded plain text into `doc`. The first line becomes the title
/// when it looks like one; otherwise the caller's title (from the file name) stays.
pub fn read(text: &str, doc: &mut Doc) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = strip_gutenberg(&text);
    let paras: Vec<Vec<&str>> = paragraphs(text);
    let width = wrap_width(&paras);
    // Text that is not hard-wrapped and writes a long line per paragraph
    // without blank lines between: each line is a paragraph.
    let paras: Vec<Vec<&str>> = if width.is_none() {
        paras
            .into_iter()
            .flat_map(|p| {
                if p.len() > 1 && p.iter().any(|l| l.chars().count() > 120) {
                    p.into_iter().map(|l| vec![l]).collect()
                } else {
                    vec![p]
                }
            })
            .collect()
    } else {
        paras
    };
    let mut first = true;
    let mut titled = false;
    for p in &paras {
        if first {
            first = false;
            if p.len() == 1 && looks_like_title(p[0]) {
                doc.title = super::doc::clean_field(p[0]);
                titled = true;
                continue;
            }
        }
        let kind = if p.len() == 1 && looks_like_heading(p[0]) {
            BlockKind::Heading
        } else {
            BlockKind::Text
        };
        doc.push(kind, &join(p, width));
    }
    // No title line: the first heading near the top names the text better
    // than its file name does.
    if !titled
        && let Some(h) = doc.blocks.iter().take(6).find(|b| {
            b.kind == BlockKind::Heading
                && b.text.split_whitespace().count() >= 3
                && super::dates::find(&b.text).is_empty()
        })
    {
        doc.title = super::doc::clean_field(&h.text);
    }
    // A dateline near the top ("Wednesday, January 18, 2023") is the article's date.
    if doc.date.is_empty()
        && let Some(b) = doc.blocks.iter().take(4).find(|b| {
            !b.text.contains('\n')
                && super::dates::find(&b.text)
                    .first()
                    .is_some_and(|f| f.range.len() * 10 >= b.text.trim_end_matches('.').len() * 8)
        })
    {
        doc.date = b.text.clone();
    }
    // A heading with nothing after it is more likely a closing line.
    if let Some(last) = doc.blocks.last_mut() {
        last.kind = BlockKind::Text;
    }
}

/// Gutenberg's licence header and footer are not part of the book.
fn strip_gutenberg(text: &str) -> &str {
    let mut t = text;
    if let Some(i) = t.find("*** START OF")
        && let Some(nl) = t[i..].find('\n')
    {
        t = &t[i + nl + 1..];
    }
    if let Some(i) = t.find("*** END OF") {
        t = &t[..i];
    }
    t
}

fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The width the text was wrapped at, if it was: the length most lines of
/// multi-line paragraphs reach. None when lines are long (one paragraph a line).
fn wrap_width(paras: &[Vec<&str>]) -> Option<usize> {
    let mut lens: Vec<usize> = paras
        .iter()
        .filter(|p| p.len() > 2)
        .flat_map(|p| p[..p.len() - 1].iter().map(|l| l.chars().count()))
        .collect();
    if lens.len() < 4 {
        return None;
    }
    lens.sort_unstable();
    let w = lens[lens.len() * 9 / 10];
    (40..=120).contains(&w).then_some(w)
}

fn is_list_line(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("• ")
        || t.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// Joins a hard-wrapped paragraph; keeps line breaks of verse and lists.
fn join(lines: &[&str], width: Option<usize>) -> String {
    if lines.len() == 1 {
        return lines[0].trim().to_owned();
    }
    let wrapped = width.is_some_and(|w| {
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.chars().count() * 100 >= w * 60)
    }) && !lines.iter().skip(1).any(|l| is_list_line(l));
    if wrapped {
        let mut s = String::new();
        for l in lines {
            let l = l.trim();
            if s.ends_with('-') && !s.ends_with(" -") && l.starts_with(char::is_lowercase) {
                // A word hyphenated at the line end is rejoined.
                s.pop();
            } else if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(l);
        }
        s
    } else {
        lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn looks_like_title(l: &str) -> bool {
    let l = l.trim();
    let n = l.chars().count();
    (3..=120).contains(&n)
        && !l.ends_with(['.', ',', ';', ':'])
        && l.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

fn looks_like_heading(l: &str) -> bool {
    let l = l.trim();
    let n = l.chars().count();
    (2..=80).contains(&n)
        && !l.ends_with(['.', ',', ';', ':', '!', '?', '"', '”'])
        && l.chars().next().is_some_and(char::is_uppercase)
        && l.split_whitespace().count() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str) -> Doc {
        let mut d = Doc {
            title: "file".into(),
            ..Doc::default()
        };
        read(t, &mut d);
        d
    }

    #[test]
    fn hard_wrapped_paragraphs_join_and_verse_stays() {
        let para = "It was the best of times, it was the worst of times, it was the\n\
                    age of wisdom, it was the age of foolishness, it was the epoch\n\
                    of belief, it was the epoch of incredulity, it was the season of\n\
                    Light, it was the season of Darkness.";
        let verse = "Roses are red,\nViolets are blue.";
        let t = format!("A Tale\n\n{para}\n\n{para}\n\n{verse}\n\nThe end of it all came soon.\n");
        let d = doc(&t);
        assert_eq!(d.title, "A Tale");
        assert!(!d.blocks[0].text.contains('\n'), "{:?}", d.blocks[0]);
        assert_eq!(d.blocks[2].text, verse);
    }
}
