//! The bookmarks file on disk: where it lives, reading it, setting a corrupt
//! one aside, and replacing it atomically under a lock.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::error::StoreError;
use super::model::{FORMAT, OLDEST_FORMAT, StoreFile};
use super::time;

pub const FILE_NAME: &str = "bookmarks.json";
pub const LOCK_NAME: &str = "bookmarks.lock";

/// Temporary files are named `.bookmarks.json.<random>.tmp` so that ones
/// left by a killed process can be recognised and removed.
const TEMP_PREFIX: &str = ".bookmarks.json.";
const TEMP_SUFFIX: &str = ".tmp";

/// A bookmarks file is a few hundred kilobytes at most; anything far larger
/// is not one, and reading it whole could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How long a save waits for another instance to finish its own save.
/// Saves take milliseconds, so running out means something is stuck.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Longest directory name taken from a corpus id, leaving room for the hash.
const MAX_DIR_CHARS: usize = 100;

/// The data directory: the one given, else the platform's
/// (`$XDG_DATA_HOME/lectern` on Linux).
pub fn data_dir(given: Option<&Path>) -> Result<PathBuf, StoreError> {
    match given {
        Some(d) => Ok(d.to_owned()),
        None => directories::ProjectDirs::from("", "", "lectern")
            .map(|p| p.data_dir().to_owned())
            .ok_or(StoreError::NoDataDir),
    }
}

/// A directory name for a corpus id. Characters outside `[A-Za-z0-9._-]`
/// become `_`; when anything was changed or cut, a hash of the id is
/// appended so that two ids that clean to the same name (`a/b`, `a_b`)
/// still get different directories.
pub fn corpus_dir_name(id: &str) -> Result<String, StoreError> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(StoreError::BadCorpusId { id: id.to_owned() });
    }
    let clean: String = id
        .chars()
        .take(MAX_DIR_CHARS)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean == id {
        Ok(clean)
    } else {
        Ok(format!("{clean}-{:016x}", fnv1a(id.as_bytes())))
    }
}

/// FNV-1a: stable across builds and platforms, unlike the std hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `<data_dir>/<corpus dir>/bookmarks.json`
pub fn store_path(data_dir: &Path, corpus_id: &str) -> Result<PathBuf, StoreError> {
    Ok(data_dir.join(corpus_dir_name(corpus_id)?).join(FILE_NAME))
}

/// What was found at the file's path.
pub(crate) enum Loaded {
    Missing,
    File(StoreFile),
    /// A file of a later format version: never to be overwritten.
    Newer(u64),
    /// Not a bookmarks file: the parser's complaint.
    Corrupt(String),
}

pub(crate) fn read(path: &Path) -> Result<Loaded, StoreError> {
    let err = |source| StoreError::Read {
        path: path.to_owned(),
        source,
    };
    // Looked at before opening: opening a named pipe would block.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::Missing),
        Err(e) => return Err(err(e)),
    };
    if !meta.is_file() {
        return Err(err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(classify(&bytes))
}

/// Tells a good file from a newer one from a broken one. The version is
/// looked at before the shape, so that a newer file whose shape this build
/// does not know is refused rather than taken for corrupt and moved.
pub(crate) fn classify(bytes: &[u8]) -> Loaded {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Loaded::Corrupt(e.to_string()),
    };
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(FORMAT) => return Loaded::Newer(v),
        Some(v) if v < u64::from(OLDEST_FORMAT) => {
            return Loaded::Corrupt(format!("unknown format version {v}"));
        }
        _ => {}
    }
    match serde_json::from_value::<StoreFile>(value) {
        Ok(f) => Loaded::File(f.tidy()),
        Err(e) => Loaded::Corrupt(e.to_string()),
    }
}

/// Renames a corrupt file to `bookmarks.json.corrupt-<UTC time>`, adding
/// `-1`, `-2`, … rather than replacing an earlier one. Called under the lock,
/// so no other instance is choosing a name at the same time.
pub(crate) fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = time::compact(SystemTime::now());
    let base = format!("{}.corrupt-{stamp}", file_name(path));
    let mut aside = path.with_file_name(&base);
    let mut n = 0u32;
    while fs::symlink_metadata(&aside).is_ok() {
        n += 1;
        aside = path.with_file_name(format!("{base}-{n}"));
    }
    fs::rename(path, &aside).map_err(|source| StoreError::MoveAside {
        path: path.to_owned(),
        aside: aside.clone(),
        source,
    })?;
    sync_dir(path);
    Ok(aside)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || FILE_NAME.to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves either
/// the old file or the new one, never a mix: write a temporary file in the
/// same directory, flush it to disk, rename it over the target (atomic
/// within a file system), then flush the directory so the rename itself
/// survives a power cut.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = parent(path);
    let err = |source| StoreError::Write {
        path: path.to_owned(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(path);
    Ok(())
}

/// Flushes the directory entry of `path`. Best effort: some file systems
/// refuse to sync a directory, and by then the rename has happened, so the
/// data is there and only its durability across a power cut is weaker.
fn sync_dir(path: &Path) {
    if let Ok(d) = File::open(parent(path)) {
        let _ = d.sync_all();
    }
}

/// Removes temporary files left by a process killed mid-save. Only called
/// under the lock: temporary files are made only under it, so any present
/// then belongs to a writer that died.
pub(crate) fn remove_stale_temps(path: &Path) {
    let Ok(entries) = fs::read_dir(parent(path)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// An advisory lock on `bookmarks.lock`, held for one read-merge-write and
/// released when dropped (or when the process dies, by the kernel).
pub(crate) struct Lock {
    _file: Option<File>,
}

impl Lock {
    /// Waits for the lock beside `path`. On a file system without locks,
    /// saving goes on unlocked: the write is still atomic, only a
    /// simultaneous save by another instance could then be lost.
    pub(crate) fn acquire(path: &Path) -> Result<Lock, StoreError> {
        let lock_path = path.with_file_name(LOCK_NAME);
        let err = |source| StoreError::Lock {
            path: lock_path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(err)?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: Some(file) }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::LockTimeout { path: lock_path });
                }
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(Lock { _file: None });
                }
                Err(TryLockError::Error(e)) => return Err(err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_ids_become_safe_names() {
        assert_eq!(corpus_dir_name("rapallo-1922").unwrap(), "rapallo-1922");
        assert_eq!(corpus_dir_name("v1.2_x").unwrap(), "v1.2_x");
        for bad in ["", ".", ".."] {
            assert!(corpus_dir_name(bad).is_err());
        }
        let a = corpus_dir_name("a/b").unwrap();
        let b = corpus_dir_name("a_b").unwrap();
        assert!(a.starts_with("a_b-"));
        assert_ne!(a, b);
        let c = corpus_dir_name("../../etc\u{1b}[2J\n").unwrap();
        assert!(
            c.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        );
        assert!(!c.contains('/'));
        let long = corpus_dir_name(&"x".repeat(1000)).unwrap();
        assert!(long.len() < 200);
    }

    #[test]
    fn classify_tells_shapes_apart() {
        assert!(matches!(classify(b"\x00\xff garbage"), Loaded::Corrupt(_)));
        assert!(matches!(classify(b"{\"format\":1,"), Loaded::Corrupt(_)));
        assert!(matches!(classify(b"[1,2,3]"), Loaded::Corrupt(_)));
        assert!(matches!(
            classify(b"{\"format\":0,\"bookmarks\":[]}"),
            Loaded::Corrupt(_)
        ));
        assert!(matches!(
            classify(b"{\"format\":7,\"x\":1}"),
            Loaded::Newer(7)
        ));
        assert!(matches!(
            classify(b"{\"format\":1,\"bookmarks\":[]}"),
            Loaded::File(_)
        ));
    }
}
