//! What can go wrong with the bookmarks file, as values that name the file.

use std::io;
use std::path::PathBuf;

use super::model::FORMAT;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no data directory for bookmarks could be found; set --data-dir or LECTERN_DATA_DIR")]
    NoDataDir,
    #[error("the corpus id {id:?} cannot name a bookmarks directory")]
    BadCorpusId { id: String },
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot lock {}: {source}", path.display())]
    Lock { path: PathBuf, source: io::Error },
    #[error("gave up waiting for {} (another lectern is saving bookmarks)", path.display())]
    LockTimeout { path: PathBuf },
    #[error(
        "{} was written by a newer version of lectern (format {found}, this one knows format \
         {FORMAT}); it is left untouched and bookmarks will not be saved",
        path.display()
    )]
    NewerFormat { path: PathBuf, found: u64 },
    #[error("{} is too large to be a bookmarks file ({size} bytes); it is left untouched", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{} is corrupt and could not be moved aside to {}: {source}", path.display(), aside.display())]
    MoveAside {
        path: PathBuf,
        aside: PathBuf,
        source: io::Error,
    },
    #[error("bookmarks are not saved to {}: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    #[error("cannot encode the bookmarks for {}: {source}", path.display())]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Something the reader should be told once, in the status line and again
/// on stderr at exit, while reading goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// The file could not be parsed; it was renamed and a fresh store begun.
    #[error("bookmarks file was corrupt; moved aside to {}", aside.display())]
    MovedAside {
        path: PathBuf,
        aside: PathBuf,
        /// Why the file was judged corrupt (the parser's message).
        reason: String,
    },
    /// The file is there but cannot be used or must not be overwritten;
    /// bookmarks work for this session but are not saved.
    #[error("bookmarks are read-only: {message}")]
    ReadOnly { message: String },
}
