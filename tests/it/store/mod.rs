//! The bookmark store: round trips through the file, re-anchoring after
//! edits, recovery from bad files, concurrent writers, `kill -9` mid-save,
//! and the exports. One test binary, so the crash test can re-run it as its
//! own child process.

mod common;

mod anchoring;
mod annotations_cli;
mod crash;
mod export;
mod highlights;
mod recovery;
mod roundtrip;
