//! The index of a pack, kept between runs so that opening it again reads
//! its files and the index rather than parsing, resolving and linking it.
//!
//! The index of a pack on disk lives in the platform cache directory (or
//! `LECTERN_CACHE_DIR`), one file per pack directory. It names every file
//! it was built from with its size, modification time and content hash;
//! opening the pack reads every one of those files anyway (the text is
//! needed), hashes it, and uses the index only if all three agree for every
//! file and no tour was added or removed. A stale, truncated or damaged
//! index is ignored and written anew; one that cannot be written (a
//! read-only cache) is simply not written. The embedded pack's index is
//! made ahead of time and compiled in (`embedded.idx`, checked fresh by a
//! test), and it too is checked against the files it was made from.
//!
//! After changing a pack's files, opening it again with [`open`] notices
//! the change and rebuilds; a caller that already holds the reloaded
//! corpus can write its index at once with [`save`], or, after changing
//! only its JSON files, with [`update`], which takes the hashes of the
//! article files from the index it replaces.

pub(crate) mod codec;
pub(crate) mod lazy;
pub(crate) mod wire;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use super::error::PackErrors;
use super::load::{load, load_with, split_passages};
use super::model::Corpus;
use super::progress::Progress;
use super::source::PackSource;
use super::text::{FileRecord, Files};
use codec::Texts;
use wire::{Bad, Reader, Res, Writer, hash, plain};

const MAGIC: &[u8; 8] = b"LECTIDX\0";
/// Raised whenever the layout or the meaning of the stored corpus changes.
const FORMAT: u64 = 5;
/// Largest header read: it lists the pack's files, a few dozen bytes each.
const MAX_HEADER: u64 = 64 << 20;

/// The environment variable naming the cache directory.
pub const CACHE_ENV: &str = "LECTERN_CACHE_DIR";

/// Packs whose article text is smaller than this load in a few
/// milliseconds: [`open`] does not write an index for them, which keeps
/// the many small packs of tests and trials out of the cache.
pub const MIN_CACHED_TEXT: usize = 256 * 1024;

/// What opening a pack did with its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The index was used.
    Used,
    /// The pack was loaded and its index written.
    Written,
    /// The pack was loaded; no index was written (none wanted, or the cache
    /// cannot be written).
    Loaded,
}

/// The platform cache directory for indices, or `LECTERN_CACHE_DIR`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(CACHE_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "lectern").map(|p| p.cache_dir().to_path_buf())
}

/// Opens a pack as [`load`] does, through its index where there is a
/// good one: the embedded pack through the compiled-in index, a pack
/// directory through the cache directory's.
pub fn open(source: &PackSource) -> Result<Corpus, PackErrors> {
    if source.is_embedded() {
        return embedded(source);
    }
    let dir = cache_dir();
    open_with(source, dir.as_deref(), MIN_CACHED_TEXT).map(|(c, _)| c)
}

/// [`open`] with the index kept in `cache`, written whatever the pack's size.
pub fn open_in(source: &PackSource, cache: &Path) -> Result<(Corpus, Outcome), PackErrors> {
    open_with(source, Some(cache), 0)
}

/// Opens a pack as [`open`] does, except that the files of a pack opened
/// through its index are only looked at (size and modification time), not
/// read: the corpus comes back with a [`Pending`] check of their hashes
/// ([`Corpus::pending_check`]), for the caller to run when it has time
/// and to reload the pack if it fails.
pub fn open_deferred(source: &PackSource) -> Result<Corpus, PackErrors> {
    if source.is_embedded() {
        return embedded(source);
    }
    let dir = cache_dir();
    open_with_check(source, dir.as_deref(), MIN_CACHED_TEXT, Check::Later).map(|(c, _)| c)
}

/// [`open_deferred`] with the index kept in `cache`.
pub fn open_deferred_in(
    source: &PackSource,
    cache: &Path,
) -> Result<(Corpus, Outcome), PackErrors> {
    open_with_check(source, Some(cache), 0, Check::Later)
}

/// How much of a pack's files opening through the index looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Their sizes, times and hashes.
    Now,
    /// Their sizes and times; the hashes are left to a [`Pending`] check.
    Later,
}

fn open_with(
    source: &PackSource,
    cache: Option<&Path>,
    min_text: usize,
) -> Result<(Corpus, Outcome), PackErrors> {
    open_with_check(source, cache, min_text, Check::Now)
}

fn open_with_check(
    source: &PackSource,
    cache: Option<&Path>,
    min_text: usize,
    check: Check,
) -> Result<(Corpus, Outcome), PackErrors> {
    let Some(path) = cache.and_then(|c| index_path(source, c)) else {
        return load(source).map(|c| (c, Outcome::Loaded));
    };
    let reopen = Reopen {
        cache: cache.map(Path::to_path_buf),
        min_text,
    };
    if let Ok(mut corpus) = read_index(source, &path, reopen.clone()) {
        match check {
            Check::Later => return Ok((corpus, Outcome::Used)),
            Check::Now if corpus.pending.as_ref().is_some_and(|p| p.verify()) => {
                corpus.pending = None;
                return Ok((corpus, Outcome::Used));
            }
            Check::Now => {}
        }
    }
    // The reader's first open of a large pack shows how far it has got.
    let progress = match check {
        Check::Later => Progress::on_stderr(),
        Check::Now => Progress::default(),
    };
    // Hashed before loading, so that a file changed while the pack loads
    // is not recorded with a hash the loaded corpus does not match.
    let before: Option<Vec<FileKey>> = fingerprint(source, &json_files(source), &[])
        .ok()
        .map(|b| b.into_iter().map(|(k, _)| k).collect());
    let mut corpus = load_with(source, &progress)?;
    let text: usize = corpus
        .articles
        .iter()
        .flat_map(|a| &a.passages)
        .map(|p| p.text.len())
        .sum();
    if text < min_text {
        return Ok((corpus, Outcome::Loaded));
    }
    // Shared text is found once, with the index, rather than on every
    // open: on a large pack finding it takes more memory than reading.
    // The reader does not wait for it: its index is written without, and
    // again with it once found after the first frame (see [`complete`]).
    if check == Check::Now {
        progress.stage("finding shared text", 0);
        corpus.reuse();
    }
    progress.stage("writing the index", 0);
    let Some(before) = before else {
        return Ok((corpus, Outcome::Loaded));
    };
    if write_index(source, &corpus, &path, &before, &[]).is_err() {
        return Ok((corpus, Outcome::Loaded));
    }
    if check == Check::Later && corpus.reuse_ready().is_none() {
        // Nothing of the articles to check: they were read just now.
        corpus.pending = Some(Arc::new(Pending {
            source: source.clone(),
            keys: before,
            guides: source.guide_files(),
            files: Arc::new(Files::new(source.clone(), Vec::new())),
            reopen,
            unfinished: Some(path),
        }));
    }
    Ok((corpus, Outcome::Written))
}

/// Writes the index of a pack opened by [`open_deferred`] again, with the
/// text its articles share, where it was written without: finding that
/// text costs as much as loading the pack, so the reader does it after its
/// first frame, on another thread, and then calls this (which finds it
/// first if it is not found yet). `Ok(false)` when there is nothing to
/// write; fails, writing nothing, if any of the pack's files changed since
/// the corpus was read from them.
pub fn complete(corpus: &Corpus) -> io::Result<bool> {
    let Some(p) = &corpus.pending else {
        return Ok(false);
    };
    let Some(path) = &p.unfinished else {
        return Ok(false);
    };
    corpus.reuse();
    write_index(&p.source, corpus, path, &p.keys, &[])?;
    Ok(true)
}

/// Writes the index of `corpus`, just loaded from `source`, into `cache`
/// (for a caller that reloaded a pack after changing it). Fails, writing
/// nothing, if the pack's files no longer match the corpus.
pub fn save(source: &PackSource, corpus: &Corpus, cache: &Path) -> io::Result<()> {
    let path = index_path(source, cache)
        .ok_or_else(|| io::Error::other("only a pack directory has an index in the cache"))?;
    write_index(source, corpus, &path, &[], &[])
}

/// Where the index of a pack directory lives in `cache`: named by a hash
/// of the directory's canonical path.
pub fn index_path(source: &PackSource, cache: &Path) -> Option<PathBuf> {
    let root = source.root()?;
    let key = hash(root.as_os_str().as_encoded_bytes());
    Some(cache.join("packs").join(format!("{key:016x}.idx")))
}

/// One file of a pack as the index saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileKey {
    rel: String,
    /// Its text is an article's (decoded and cleaned when read).
    article: bool,
    size: u64,
    /// Modification time in nanoseconds since the epoch; 0 where unknown
    /// (the embedded pack).
    mtime: u64,
    hash: u64,
}

/// What reloading a pack needs to know of how it was opened.
#[derive(Debug, Clone)]
struct Reopen {
    cache: Option<PathBuf>,
    min_text: usize,
}

/// The check of a pack's files against the index it was opened through,
/// left for later by [`open_deferred`]: reading and hashing every file of
/// a large pack takes longer than drawing it.
pub struct Pending {
    source: PackSource,
    keys: Vec<FileKey>,
    guides: Vec<String>,
    files: Arc<Files>,
    reopen: Reopen,
    /// The index the pack was opened through or written to, when it lacks
    /// the shared text (see [`complete`]).
    unfinished: Option<PathBuf>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("files", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// Whether every file the index names still has the size and hash it
    /// recorded, and no tour came or went. Reads one file at a time and
    /// keeps none.
    pub fn verify(&self) -> bool {
        self.source.guide_files() == self.guides
            && self.keys.iter().all(|k| {
                self.source
                    .read(&k.rel)
                    .is_ok_and(|b| b.len() as u64 == k.size && hash(&b) == k.hash)
            })
    }

    /// The pack opened again as it was first opened, through its index if
    /// that is sound and otherwise rebuilding it, checking every hash.
    pub fn reload(&self) -> Result<Corpus, PackErrors> {
        open_with(
            &self.source,
            self.reopen.cache.as_deref(),
            self.reopen.min_text,
        )
        .map(|(c, _)| c)
    }

    /// Articles whose text was read and found not to be what the index
    /// describes (shown as spaces meanwhile).
    pub fn warnings(&self) -> Vec<String> {
        self.files.warnings()
    }
}

fn json_files(source: &PackSource) -> Vec<(String, bool)> {
    ["corpus.json", "entities.json", "events.json"]
        .into_iter()
        .map(str::to_owned)
        .chain(source.guide_files())
        .map(|f| (f, false))
        .collect()
}

fn mtime(source: &PackSource, rel: &str) -> u64 {
    source
        .root()
        .and_then(|r| fs::metadata(r.join(rel)).ok())
        .map_or(0, |m| nanos(&m))
}

fn nanos(m: &fs::Metadata) -> u64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Whether a file of a pack directory has the size and modification time
/// its index recorded; looked at, not read.
fn unchanged(root: &Path, k: &FileKey) -> bool {
    fs::metadata(root.join(&k.rel)).is_ok_and(|m| m.len() == k.size && nanos(&m) == k.mtime)
}

/// Reads and hashes each file; an article's text is decoded and kept. A
/// file `known` records with the size and modification time it still has
/// keeps the hash recorded.
fn fingerprint(
    source: &PackSource,
    files: &[(String, bool)],
    known: &[FileKey],
) -> io::Result<Vec<(FileKey, Option<String>)>> {
    let known: HashMap<&str, &FileKey> = known.iter().map(|k| (k.rel.as_str(), k)).collect();
    files
        .iter()
        .map(|(rel, article)| {
            let mtime = mtime(source, rel);
            let bytes = source.read(rel)?;
            let size = bytes.len() as u64;
            let hash = match known.get(rel.as_str()) {
                Some(k) if k.size == size && k.mtime == mtime && mtime != 0 => k.hash,
                _ => hash(&bytes),
            };
            let key = FileKey {
                rel: rel.clone(),
                article: *article,
                size,
                mtime,
                hash,
            };
            let text = if *article {
                Some(article_text(bytes).ok_or_else(|| io::Error::other("not UTF-8"))?)
            } else {
                None
            };
            Ok((key, text))
        })
        .collect()
}

/// An article file's text as the loader reads it: UTF-8, CR LF as LF,
/// cleaned of what must not reach the terminal.
pub(crate) fn article_text(bytes: Vec<u8>) -> Option<String> {
    if plain(&bytes) {
        // Printable ASCII and newlines: valid UTF-8 that cleaning leaves as
        // it is, as the loader would find at greater cost.
        return String::from_utf8(bytes).ok();
    }
    let mut s = String::from_utf8(bytes).ok()?;
    if s.contains("\r\n") {
        s = s.replace("\r\n", "\n");
    }
    Some(match crate::sanitize::clean(&s) {
        std::borrow::Cow::Owned(clean) => clean,
        std::borrow::Cow::Borrowed(_) => s,
    })
}

/// The index's bytes for `corpus`, loaded from `source`; fails if any
/// article file's passages no longer are the corpus's, or any file in
/// `before` changed since.
fn encode(
    source: &PackSource,
    corpus: &Corpus,
    before: &[FileKey],
    known: &[FileKey],
) -> io::Result<Vec<u8>> {
    let changed = || io::Error::other("the pack changed while it was indexed");
    let mut files = json_files(source);
    let mut listed: HashSet<&str> = HashSet::new();
    for a in &corpus.articles {
        if listed.insert(a.file.as_str()) {
            files.push((a.file.clone(), true));
        }
    }
    let now = fingerprint(source, &files, known)?;
    for b in before {
        if !now.iter().any(|(k, _)| k == b) {
            return Err(changed());
        }
    }
    let texts: HashMap<&str, &str> = now
        .iter()
        .filter_map(|(k, t)| Some((k.rel.as_str(), t.as_deref()?)))
        .collect();
    let mut layouts: Vec<codec::Layout> = Vec::with_capacity(corpus.articles.len());
    for a in &corpus.articles {
        let text = texts.get(a.file.as_str()).ok_or_else(changed)?;
        let r = split_passages(text);
        // Through `each_text`: a corpus read through its index keeps none
        // of the text looked at here.
        let mut same = r.len() == a.passages.len();
        if same {
            a.each_text(|i, shown, printed| {
                same &= r
                    .get(i)
                    .is_some_and(|r| text.get(r.clone()) == Some(printed.unwrap_or(shown)));
            });
        }
        if !same {
            return Err(changed());
        }
        layouts.push(codec::Layout {
            ranges: r,
            len: text.len(),
            ascii: plain(text.as_bytes()),
        });
    }

    let mut head = Writer::default();
    head.u(FORMAT);
    head.s(env!("CARGO_PKG_VERSION"));
    head.n(now.len());
    for (k, _) in &now {
        head.s(&k.rel);
        head.flag(k.article);
        head.u(k.size);
        head.u(k.mtime);
        head.buf.extend_from_slice(&k.hash.to_le_bytes());
    }
    head.strs(&source.guide_files());
    let mut body = Writer::default();
    codec::encode(&mut body, corpus, &layouts);

    let mut out = Vec::with_capacity(head.buf.len() + body.buf.len() + 40);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(head.buf.len() as u64).to_le_bytes());
    out.extend_from_slice(&head.buf);
    out.extend_from_slice(&hash(&head.buf).to_le_bytes());
    out.extend_from_slice(&(body.buf.len() as u64).to_le_bytes());
    out.extend_from_slice(&body.buf);
    out.extend_from_slice(&hash(&body.buf).to_le_bytes());
    Ok(out)
}

fn write_index(
    source: &PackSource,
    corpus: &Corpus,
    path: &Path,
    before: &[FileKey],
    known: &[FileKey],
) -> io::Result<()> {
    let bytes = encode(source, corpus, before, known)?;
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("no directory"))?;
    fs::create_dir_all(dir)?;
    // Written aside and renamed into place: a reader sees the old index or
    // the new one, never half of one.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn read_u64(r: &mut impl Read) -> Res<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b).map_err(|_| Bad)?;
    Ok(u64::from_le_bytes(b))
}

/// Reads `len` bytes, refusing more than `max` before allocating them.
fn read_block(r: &mut impl Read, max: u64) -> Res<Vec<u8>> {
    let len = read_u64(r)?;
    if len > max {
        return Err(Bad);
    }
    let mut buf = Vec::with_capacity(len as usize);
    r.take(len).read_to_end(&mut buf).map_err(|_| Bad)?;
    if buf.len() as u64 != len || read_u64(r)? != hash(&buf) {
        return Err(Bad);
    }
    Ok(buf)
}

/// The pack's corpus from the index at `path`, if it is sound and every
/// file it names has the size and modification time it recorded. The
/// articles' text is read when first looked at, and the files' hashes are
/// left to the corpus's [`Pending`] check.
fn read_index(source: &PackSource, path: &Path, reopen: Reopen) -> Res<Corpus> {
    let root = source.root().ok_or(Bad)?;
    let mut f = io::BufReader::new(fs::File::open(path).map_err(|_| Bad)?);
    let (keys, guides, body) = read_parts(source, &mut f)?;
    // Looked at, not read: a changed file is usually seen here, and one
    // changed without changing either is caught by the hashes later.
    if !keys.iter().all(|k| unchanged(root, k)) {
        return Err(Bad);
    }
    let files = Arc::new(Files::new(
        source.clone(),
        keys.iter()
            .filter(|k| k.article)
            .map(|k| FileRecord {
                rel: k.rel.clone(),
                size: k.size,
                hash: k.hash,
            })
            .collect(),
    ));
    // Kept: the articles' passages are decoded from it when looked at.
    let body: Arc<[u8]> = body.into();
    let mut corpus = {
        let mut r = Reader::new(&body);
        let c = codec::decode(&mut r, Texts::Later(Arc::clone(&files), Arc::clone(&body)))?;
        if !r.is_done() {
            return Err(Bad);
        }
        c
    };
    codec::finish(&mut corpus);
    let unfinished = corpus.reuse_ready().is_none().then(|| path.to_path_buf());
    corpus.pending = Some(Arc::new(Pending {
        source: source.clone(),
        keys,
        guides,
        files,
        reopen,
        unfinished,
    }));
    Ok(corpus)
}

/// The header's files and tours and the body of an index, each checked
/// against its hash.
fn read_parts(source: &PackSource, f: &mut impl Read) -> Res<(Vec<FileKey>, Vec<String>, Vec<u8>)> {
    let (keys, guides) = read_head(source, f)?;
    let total = keys.iter().fold(0u64, |t, k| t.saturating_add(k.size));
    // The index is smaller than the text it describes (a few bytes for
    // each mention, the corrected wording of corrected passages).
    let body = read_block(f, total.saturating_mul(2).saturating_add(1 << 20))?;
    if f.read(&mut [0u8; 1]).map_err(|_| Bad)? != 0 {
        return Err(Bad);
    }
    Ok((keys, guides, body))
}

/// The header of an index: the files and tours it was made from.
fn read_head(source: &PackSource, f: &mut impl Read) -> Res<(Vec<FileKey>, Vec<String>)> {
    let mut magic = [0u8; 8];
    f.read_exact(&mut magic).map_err(|_| Bad)?;
    if &magic != MAGIC {
        return Err(Bad);
    }
    let head = read_block(f, MAX_HEADER)?;
    let mut h = Reader::new(&head);
    if h.u()? != FORMAT || h.s()? != env!("CARGO_PKG_VERSION") {
        return Err(Bad);
    }
    let n = h.count()?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        let rel = h.s()?;
        let article = h.flag()?;
        let size = h.u()?;
        let mtime = h.u()?;
        let b = h.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        keys.push(FileKey {
            rel,
            article,
            size,
            mtime,
            hash: u64::from_le_bytes(a),
        });
    }
    let guides = h.strs()?;
    if guides != source.guide_files() || !h.is_done() {
        return Err(Bad);
    }
    Ok((keys, guides))
}

/// A corpus from an index whose files are all read and hashed now, the
/// articles' text held: the embedded pack's.
fn decode_index(source: &PackSource, f: &mut impl Read) -> Res<Corpus> {
    let (keys, _, body) = read_parts(source, f)?;
    let mut articles = HashMap::new();
    for k in &keys {
        if k.article {
            articles.insert(k.rel.as_str(), k);
            continue;
        }
        let bytes = source.read(&k.rel).map_err(|_| Bad)?;
        if bytes.len() as u64 != k.size || hash(&bytes) != k.hash {
            return Err(Bad);
        }
    }
    let mut text = |file: &str| {
        let k = articles.get(file)?;
        let bytes = source.read(&k.rel).ok()?;
        if bytes.len() as u64 != k.size || hash(&bytes) != k.hash {
            return None;
        }
        article_text(bytes)
    };
    let mut r = Reader::new(&body);
    let mut corpus = codec::decode(&mut r, Texts::Now(&mut text))?;
    if !r.is_done() {
        return Err(Bad);
    }
    codec::finish(&mut corpus);
    Ok(corpus)
}

/// The compiled-in index of the embedded pack.
static EMBEDDED_INDEX: &[u8] = include_bytes!("embedded.idx");

/// The embedded pack, from its compiled-in index; loaded from its files
/// should the index not match them.
fn embedded(source: &PackSource) -> Result<Corpus, PackErrors> {
    match decode_index(source, &mut &EMBEDDED_INDEX[..]) {
        Ok(c) => Ok(c),
        Err(Bad) => load(source),
    }
}

/// The index the embedded pack should have compiled in, made from its
/// files now; a test checks it is the one compiled in.
pub fn embedded_index() -> Result<Vec<u8>, String> {
    let source = PackSource::embedded();
    let corpus = load(&source).map_err(|e| e.to_string())?;
    corpus.reuse();
    encode(&source, &corpus, &[], &[]).map_err(|e| e.to_string())
}

/// The index compiled in.
pub fn compiled_embedded_index() -> &'static [u8] {
    EMBEDDED_INDEX
}

/// Reads an index from `bytes` for `source` as [`open`] would, without
/// looking at modification times; for tests of hostile index files.
pub fn decode(source: &PackSource, bytes: &[u8]) -> Option<Corpus> {
    decode_index(source, &mut &bytes[..]).ok()
}

/// What a JSON file of a pack holds: its path, size and [`wire::hash`].
pub type Holds = (String, u64, u64);

/// Writes the index of `corpus` anew after a change to the pack's JSON
/// files, where the pack already has one in `cache`: `json` is what each
/// of them holds as `corpus` was made from it. Article files with the size
/// and modification time the old index recorded are not hashed again.
/// `Ok(false)` when the pack has no index there; fails, writing nothing,
/// when a file is not what the corpus was made from.
pub fn update(
    source: &PackSource,
    corpus: &Corpus,
    cache: &Path,
    json: &[Holds],
) -> io::Result<bool> {
    let Some(path) = index_path(source, cache).filter(|p| p.is_file()) else {
        return Ok(false);
    };
    let changed = || io::Error::other("the pack is not what the corpus was made from");
    // A header that no longer reads (another version's, or tours came or
    // went) only means every file is hashed.
    let known = fs::File::open(&path)
        .ok()
        .and_then(|f| read_head(source, &mut io::BufReader::new(f)).ok())
        .map(|(keys, _)| keys)
        .unwrap_or_default();
    let files = json_files(source);
    if files.len() != json.len() {
        return Err(changed());
    }
    let before = fingerprint(source, &files, &[])?;
    for (k, _) in &before {
        if !json
            .iter()
            .any(|(rel, size, hash)| *rel == k.rel && *size == k.size && *hash == k.hash)
        {
            return Err(changed());
        }
    }
    let before: Vec<FileKey> = before.into_iter().map(|(k, _)| k).collect();
    write_index(source, corpus, &path, &before, &known)?;
    Ok(true)
}

impl Pending {
    /// Whether the pack's JSON file `rel` held `size` bytes hashing to
    /// `hash` (see [`wire::hash`]) when the corpus was read.
    pub fn had(&self, rel: &str, size: u64, hash: u64) -> bool {
        self.keys
            .iter()
            .any(|k| k.rel == rel && k.size == size && k.hash == hash)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test reports a failure by panicking")]
    use super::*;

    /// The embedded index with its body replaced and its hashes made to
    /// match, so that only the decoder's own checks stand in the way.
    fn with_body(body: &[u8]) -> Vec<u8> {
        let idx = EMBEDDED_INDEX;
        let head_len = u64::from_le_bytes(idx[8..16].try_into().unwrap()) as usize;
        let head_end = 16 + head_len + 8;
        let mut out = idx[..head_end].to_vec();
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(&hash(body).to_le_bytes());
        out
    }

    fn body() -> Vec<u8> {
        let idx = EMBEDDED_INDEX;
        let head_len = u64::from_le_bytes(idx[8..16].try_into().unwrap()) as usize;
        let at = 16 + head_len + 8;
        let len = u64::from_le_bytes(idx[at..at + 8].try_into().unwrap()) as usize;
        idx[at + 8..at + 8 + len].to_vec()
    }

    /// A decoded corpus holds together: every range can be sliced.
    fn sliceable(c: &Corpus) {
        for a in &c.articles {
            for p in &a.passages {
                for m in &p.mentions {
                    let _ = &p.text[m.range.clone()];
                }
                for r in &p.corrections {
                    let _ = &p.text[r.clone()];
                }
                if let Some(o) = &p.original {
                    for m in &p.original_mentions {
                        let _ = &o[m.range.clone()];
                    }
                    for r in &p.original_corrections {
                        let _ = &o[r.clone()];
                    }
                }
            }
        }
        for e in &c.entities {
            for m in &e.mentions {
                let _ = &c.passage(m.loc).unwrap().text[m.range.clone()];
            }
        }
    }

    #[test]
    fn the_layout_read_here_is_the_compiled_index() {
        let source = PackSource::embedded();
        assert!(decode(&source, &with_body(&body())).is_some());
    }

    #[test]
    fn a_hostile_body_with_matching_hashes_never_panics() {
        let source = PackSource::embedded();
        let good = body();
        let stride = (good.len() / 300).max(1);
        for at in (0..good.len()).step_by(stride) {
            for change in [0x00u8, 0xff, 0x80, 0x01] {
                let mut b = good.clone();
                b[at] = if change == 0x01 {
                    b[at].wrapping_add(1)
                } else {
                    change
                };
                if let Some(c) = decode(&source, &with_body(&b)) {
                    sliceable(&c);
                }
            }
            assert!(decode(&source, &with_body(&good[..at])).is_none());
        }
    }

    /// The embedded pack written out as a pack directory (non-ASCII text,
    /// corrections, shared text), with its index in `cache`.
    fn pack_on_disk(root: &Path) -> (PackSource, PathBuf) {
        let dir = root.join("pack");
        for (rel, bytes) in PackSource::embedded_files() {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let source = PackSource::dir(&dir).unwrap();
        let cache = root.join("cache");
        assert_eq!(open_in(&source, &cache).unwrap().1, Outcome::Written);
        let path = index_path(&source, &cache).unwrap();
        (source, path)
    }

    #[test]
    fn a_hostile_index_opened_the_readers_way_never_panics() {
        let tmp = tempfile::tempdir().unwrap();
        let (source, path) = pack_on_disk(tmp.path());
        let good = fs::read(&path).unwrap();
        let head_len = u64::from_le_bytes(good[8..16].try_into().unwrap()) as usize;
        let at = 16 + head_len + 8;
        let len = u64::from_le_bytes(good[at..at + 8].try_into().unwrap()) as usize;
        let body = good[at + 8..at + 8 + len].to_vec();
        let reopen = || Reopen {
            cache: None,
            min_text: 0,
        };
        let c = read_index(&source, &path, reopen()).unwrap();
        assert!(c.pending_check().unwrap().verify());
        let mut used = 0;
        for at_byte in (0..body.len()).step_by((body.len() / 400).max(1)) {
            for change in [0x00u8, 0xff, 0x80, 0x01] {
                let mut b = body.clone();
                b[at_byte] = if change == 0x01 {
                    b[at_byte].wrapping_add(1)
                } else {
                    change
                };
                let mut bytes = good[..at].to_vec();
                bytes.extend_from_slice(&(b.len() as u64).to_le_bytes());
                bytes.extend_from_slice(&b);
                bytes.extend_from_slice(&hash(&b).to_le_bytes());
                fs::write(&path, &bytes).unwrap();
                // Whatever decodes reads its text from the files, checked
                // against what the index says, and can be sliced everywhere.
                if let Ok(c) = read_index(&source, &path, reopen()) {
                    used += 1;
                    sliceable(&c);
                    if let Some(r) = c.reuse_ready() {
                        for s in &r.spans {
                            for side in [&s.first, &s.second] {
                                let _ = &c.passage(side.loc).unwrap().text[side.range.clone()];
                            }
                        }
                    }
                }
            }
        }
        assert!(used > 0, "some changes decode (names, numbers)");
    }

    #[test]
    fn a_huge_count_is_refused_before_allocating() {
        let mut w = Writer::default();
        for _ in 0..3 {
            w.s("x");
        }
        w.n(0);
        w.u(u64::MAX >> 1);
        let source = PackSource::embedded();
        assert!(decode(&source, &with_body(&w.buf)).is_none());
    }
}
