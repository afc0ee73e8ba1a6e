//! What every reader of an input format produces: a titled list of blocks,
//! cleaned so that nothing a file holds can break the pack or the terminal.

/// How a block is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Heading,
    Caption,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// One article to be: the text of one file, or of one chapter of a book.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Where it came from, relative to the source given on the command line
    /// (a book's chapters add `#` and the chapter's path in the book). This
    /// is the key `--update` keeps article ids by.
    pub key: String,
    pub title: String,
    pub source: String,
    pub date: String,
    pub blocks: Vec<Block>,
    /// The title of the book a chapter belongs to; empty for single files.
    pub book: String,
    /// Where it can be read: a page's canonical URL, else the file's.
    pub url: Option<String>,
}

impl Doc {
    /// Adds a block after cleaning it; empty blocks are dropped.
    pub fn push(&mut self, kind: BlockKind, text: &str) {
        let text = clean_block(text);
        if !text.is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }

    pub fn has_text(&self) -> bool {
        self.blocks.iter().any(|b| b.kind == BlockKind::Text)
    }
}

/// Cleans one passage: no control or bidi characters, no blank line inside
/// (a blank line would split the passage), runs of spaces collapsed, and
/// each kept line break a real one.
pub fn clean_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut line_out = String::new();
        let mut space = false;
        for c in line.chars() {
            let c = match c {
                '\t' | '\r' | '\u{a0}' | '\u{2028}' | '\u{2029}' | '\u{3000}' => ' ',
                '\u{feff}' | '\u{200b}' | '\u{ad}' => continue,
                c if crate::sanitize::is_unsafe(c) => continue,
                c => c,
            };
            if c == ' ' || (c.is_whitespace() && c != '\n') {
                space = !line_out.is_empty();
                continue;
            }
            if space {
                line_out.push(' ');
                space = false;
            }
            line_out.push(c);
        }
        if !line_out.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&line_out);
        }
    }
    out
}

/// A one-line field (title, source, date): cleaned and on one line.
pub fn clean_field(s: &str) -> String {
    clean_block(s).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_never_hold_controls_or_blank_lines() {
        let s = "a\u{1b}[31m b\t\tc\n\n\n  d\u{202e}e \r\n\u{7}";
        let c = clean_block(s);
        assert_eq!(c, "a[31m b c\nde");
        assert!(!c.chars().any(crate::sanitize::is_unsafe));
        assert!(!c.contains("\n\n"));
    }
}
