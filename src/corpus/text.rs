//! A passage's text: held in memory, or read from its article's file the
//! first time it is looked at.
//!
//! A pack opened through its index does not read its article files at all:
//! each passage knows its article's file, where in the article's text it
//! lies and how long it is. The first look at any passage of an article
//! reads that article once and keeps it; [`Text::with`] and
//! [`super::Article::each_text`] read it without keeping it, for passes over
//! the whole corpus. What is read is checked as the index decoder checks
//! what it holds (the file's size and hash as indexed, UTF-8 cleaned the
//! same way, the same length, every range of the index on a character
//! boundary); should any of that fail, or the file not be readable any
//! more, the text is that many spaces, so that no range into it can fail,
//! and a warning says which file.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

use super::source::PackSource;

/// Text that reads like a `&str` wherever one is wanted (`&p.text`,
/// `p.text.len()`, `p.text[r]`).
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Held(Box<str>),
    /// `len` bytes from `start` of an article's text.
    Part {
        block: Arc<Block>,
        start: u32,
        len: u32,
    },
}

impl Text {
    /// Reads the text if it has not been read, without keeping it.
    pub fn with<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.0 {
            Repr::Held(s) => f(s),
            Repr::Part { block, start, len } => {
                block.with(|t| f(&t[*start as usize..(*start + *len) as usize]))
            }
        }
    }

    /// The text, read now (and kept) if it was not.
    pub fn as_str(&self) -> &str {
        self
    }

    /// Its length, without reading it.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(s) => s.len(),
            Repr::Part { len, .. } => *len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether it is in memory (held, or its article already read).
    pub fn is_read(&self) -> bool {
        match &self.0 {
            Repr::Held(_) => true,
            Repr::Part { block, .. } => block.text.get().is_some(),
        }
    }

    pub(crate) fn part(block: Arc<Block>, start: u32, len: u32) -> Self {
        Text(Repr::Part { block, start, len })
    }

    /// The article text it is part of and where, if it is read on demand.
    pub(crate) fn place(&self) -> Option<(&Arc<Block>, usize)> {
        match &self.0 {
            Repr::Held(_) => None,
            Repr::Part { block, start, .. } => Some((block, *start as usize)),
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Held(s) => s,
            Repr::Part { block, start, len } => {
                &block.get()[*start as usize..(*start + *len) as usize]
            }
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Held(s.into_boxed_str()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Held(s.into()))
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Held("".into()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &**self == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &**other
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &**other
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &**other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// One file of a pack, as its index recorded it.
#[derive(Debug, Clone)]
pub(crate) struct FileRecord {
    pub rel: String,
    pub size: u64,
    pub hash: u64,
}

/// The pack the article files are read from, shared by all its articles.
pub(crate) struct Files {
    source: PackSource,
    pub records: Vec<FileRecord>,
    /// Articles whose text could not be read as indexed.
    warnings: Mutex<Vec<String>>,
}

impl Files {
    pub fn new(source: PackSource, records: Vec<FileRecord>) -> Self {
        Files {
            source,
            records,
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// The warnings so far.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.lock().map(|w| w.clone()).unwrap_or_default()
    }
}

/// An article's text, read from its file on demand.
pub(crate) struct Block {
    files: Arc<Files>,
    /// Index into `files.records`.
    file: usize,
    /// Its length once read and cleaned.
    len: usize,
    /// The index says it is printable ASCII: any offset is a boundary.
    ascii: bool,
    /// Otherwise, every offset a range of the index uses, to be checked
    /// to be character boundaries of what is read. Set once decoding ends.
    pub bounds: OnceLock<Box<[u32]>>,
    /// Offsets of ranges decoded later (an article's mentions, when its
    /// passages are first looked at), checked when the text is read, or
    /// at once if it already is. Held while reading, so that none is
    /// added between the check and the text being kept.
    later: Mutex<Vec<u32>>,
    text: OnceLock<Box<str>>,
}

impl Block {
    pub fn new(files: Arc<Files>, file: usize, len: usize, ascii: bool) -> Self {
        Block {
            files,
            file,
            len,
            ascii,
            bounds: OnceLock::new(),
            later: Mutex::new(Vec::new()),
            text: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn ascii(&self) -> bool {
        self.ascii
    }

    fn later(&self) -> std::sync::MutexGuard<'_, Vec<u32>> {
        // A panic elsewhere while it was held leaves a list still sound.
        self.later
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self) -> &str {
        if let Some(t) = self.text.get() {
            return t;
        }
        let later = self.later();
        let t = self.text.get_or_init(|| self.read(&later));
        drop(later);
        t
    }

    /// The text, read now if it is not held, and not kept.
    pub fn with<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if let Some(t) = self.text.get() {
            return f(t);
        }
        let later = self.later();
        if let Some(t) = self.text.get() {
            drop(later);
            return f(t);
        }
        let t = self.read(&later);
        drop(later);
        f(&t)
    }

    /// Asks that `offsets` be character boundaries of the text: checked
    /// now if it is held (false if one is not), else when it is read.
    pub fn require(&self, offsets: &[u32]) -> bool {
        if self.ascii || offsets.is_empty() {
            return offsets.iter().all(|&i| i as usize <= self.len);
        }
        let mut later = self.later();
        match self.text.get() {
            Some(t) => offsets.iter().all(|&i| t.is_char_boundary(i as usize)),
            None => {
                later.extend_from_slice(offsets);
                true
            }
        }
    }

    /// The text from its file, or as many spaces when it is not what the
    /// index describes.
    fn read(&self, later: &[u32]) -> Box<str> {
        match self.try_read(later) {
            Some(t) => t,
            None => {
                let rel = self
                    .files
                    .records
                    .get(self.file)
                    .map_or("an article file", |r| r.rel.as_str());
                if let Ok(mut w) = self.files.warnings.lock() {
                    w.push(format!(
                        "{}: changed since the pack was indexed; its text is not shown",
                        self.files.source.display_path(rel)
                    ));
                }
                " ".repeat(self.len).into_boxed_str()
            }
        }
    }

    fn try_read(&self, later: &[u32]) -> Option<Box<str>> {
        let rec = self.files.records.get(self.file)?;
        let bytes = self.files.source.read(&rec.rel).ok()?;
        if bytes.len() as u64 != rec.size || super::cache::wire::hash(&bytes) != rec.hash {
            return None;
        }
        let text = super::cache::article_text(bytes)?;
        if text.len() != self.len {
            return None;
        }
        let sound = if self.ascii {
            super::cache::wire::plain(text.as_bytes())
        } else {
            self.bounds.get().is_some_and(|b| {
                b.iter().chain(later).all(|&i| {
                    let i = i as usize;
                    i <= text.len() && text.is_char_boundary(i)
                })
            })
        };
        sound.then(|| text.into_boxed_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test reports a failure by panicking")]
    use super::*;

    /// An article file "a.txt" holding `text`, read through a block
    /// whose index claims `ascii` and the given `bounds`.
    fn block(dir: &std::path::Path, text: &str, ascii: bool, bounds: &[u32]) -> Arc<Block> {
        std::fs::write(dir.join("a.txt"), text).unwrap();
        let files = Arc::new(Files::new(
            PackSource::dir(dir).unwrap(),
            vec![FileRecord {
                rel: "a.txt".into(),
                size: text.len() as u64,
                hash: crate::corpus::cache::wire::hash(text.as_bytes()),
            }],
        ));
        let b = Arc::new(Block::new(files, 0, text.len(), ascii));
        b.bounds.set(bounds.into()).unwrap();
        b
    }

    #[test]
    fn what_is_read_is_checked_against_the_index() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "naïve café";
        // Sound: the text, read once and kept.
        let b = block(tmp.path(), text, false, &[0, 6, 7, 12]);
        let t = Text::part(Arc::clone(&b), 7, 5);
        assert!(!t.is_read());
        assert_eq!(t.with(str::to_owned), "café");
        assert!(!t.is_read(), "with() keeps nothing");
        assert_eq!(&*t, "café");
        assert!(t.is_read());
        assert!(b.files.warnings().is_empty());

        // An offset inside "ï", a text said to be ASCII, another length, a
        // changed file: spaces of the indexed length, and a warning.
        let cases: [(&str, bool, &[u32], usize); 3] = [
            (text, false, &[0, 3], text.len()),
            (text, true, &[], text.len()),
            (text, false, &[0], text.len() + 1),
        ];
        for (text, ascii, bounds, len) in cases {
            let b = block(tmp.path(), text, ascii, bounds);
            let b = Arc::new(Block::new(Arc::clone(&b.files), 0, len, ascii));
            b.bounds.set(bounds.into()).unwrap();
            let t = Text::part(Arc::clone(&b), 0, len as u32);
            assert_eq!(&*t, " ".repeat(len));
            assert_eq!(b.files.warnings().len(), 1);
        }
        let b = block(tmp.path(), text, false, &[0]);
        std::fs::write(tmp.path().join("a.txt"), "naive cafe!!").unwrap();
        assert_eq!(Text::part(Arc::clone(&b), 0, 12).as_str(), " ".repeat(12));
        assert!(b.files.warnings()[0].contains("a.txt"));
    }

    #[test]
    fn offsets_handed_over_later_are_checked_when_read_or_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "naïve café";
        // Not read yet: a bad offset handed over is found when it is.
        let b = block(tmp.path(), text, false, &[0, 12]);
        assert!(b.require(&[3]), "checked later");
        assert_eq!(Text::part(Arc::clone(&b), 0, 12).as_str(), " ".repeat(12));
        assert_eq!(b.files.warnings().len(), 1);
        // Read not kept, then a sound offset: still read as it is.
        let b = block(tmp.path(), text, false, &[0, 12]);
        assert_eq!(b.with(str::len), 12);
        assert!(b.require(&[2, 4]));
        assert_eq!(Text::part(Arc::clone(&b), 0, 12).as_str(), text);
        // Read and kept: checked at once, and refused.
        assert!(!b.require(&[3]));
        assert!(b.require(&[7]));
        assert_eq!(Text::part(Arc::clone(&b), 7, 5).as_str(), "café");
        assert!(b.files.warnings().is_empty());
    }

    #[test]
    fn a_held_text_reads_as_a_str() {
        let t = Text::from("héllo".to_owned());
        assert_eq!(&*t, "héllo");
        assert_eq!(t.len(), 6);
        assert_eq!(&t[1..3], "é");
        assert!(t.is_read());
        assert_eq!(t.with(str::len), 6);
    }
}
