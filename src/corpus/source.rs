//! Where a pack's files come from: a directory on disk, the pack embedded in
//! the binary at build time, or a set of files held in memory.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Largest file a pack may hold by default, in MiB; beyond this a pack is
/// refused rather than letting one file exhaust memory.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// [`DEFAULT_MAX_FILE_MB`] in bytes.
pub const MAX_FILE_BYTES: u64 = DEFAULT_MAX_FILE_MB * 1024 * 1024;

/// The environment variable and option that raise the file size limit.
pub const MAX_FILE_ENV: &str = "LECTERN_MAX_FILE_MB";

#[derive(Clone)]
pub struct PackSource {
    kind: Kind,
    max_file_bytes: u64,
    /// Files read from here instead of from `kind` (`None`: removed): a
    /// change checked before it is written.
    overrides: BTreeMap<String, Option<Vec<u8>>>,
}

#[derive(Clone)]
enum Kind {
    Embedded,
    Dir { root: PathBuf, canonical: PathBuf },
    Memory(BTreeMap<String, Vec<u8>>),
}

impl PackSource {
    pub fn embedded() -> Self {
        PackSource {
            kind: Kind::Embedded,
            max_file_bytes: MAX_FILE_BYTES,
            overrides: BTreeMap::new(),
        }
    }

    pub fn dir(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        let canonical = root.canonicalize().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot open content directory {}: {e}", root.display()),
            )
        })?;
        if !canonical.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(PackSource {
            kind: Kind::Dir { root, canonical },
            max_file_bytes: MAX_FILE_BYTES,
            overrides: BTreeMap::new(),
        })
    }

    /// A pack whose files are given in memory, keyed by their path in the
    /// pack (`corpus.json`, `articles/a.txt`, `guides/tour.json`). Its files
    /// are named `<memory>/…` in messages.
    pub fn memory(files: BTreeMap<String, Vec<u8>>) -> Self {
        PackSource {
            kind: Kind::Memory(files),
            max_file_bytes: MAX_FILE_BYTES,
            overrides: BTreeMap::new(),
        }
    }

    /// The same source with another limit on the size of one file.
    pub fn with_max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes;
        self
    }

    /// The same source with some files replaced (or added) by these
    /// contents, or removed (`None`), keyed by their path in the pack;
    /// messages still name the files where they would be written.
    pub fn with_overrides(mut self, files: BTreeMap<String, Option<Vec<u8>>>) -> Self {
        self.overrides = files;
        self
    }

    /// Every file of the embedded pack, by its path in the pack.
    pub fn embedded_files() -> Vec<(String, &'static [u8])> {
        fn walk(d: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
            for f in d.files() {
                if let Some(p) = f.path().to_str() {
                    out.push((p.to_owned(), f.contents()));
                }
            }
            for sub in d.dirs() {
                walk(sub, out);
            }
        }
        let mut out = Vec::new();
        walk(&EMBEDDED, &mut out);
        out.sort();
        out
    }

    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes
    }

    /// Whether this is the pack compiled into the binary.
    pub fn is_embedded(&self) -> bool {
        matches!(self.kind, Kind::Embedded)
    }

    /// The canonical directory of a pack on disk.
    pub fn root(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Dir { canonical, .. } => Some(canonical),
            _ => None,
        }
    }

    /// How a file of the pack is named in messages.
    pub fn display_path(&self, rel: &str) -> String {
        match &self.kind {
            Kind::Embedded => format!("<embedded>/content/{rel}"),
            Kind::Dir { root, .. } => root.join(rel).display().to_string(),
            Kind::Memory(_) => format!("<memory>/{rel}"),
        }
    }

    /// Reads a file of the pack. Paths are relative to the pack root and may
    /// not leave it, neither by `..` nor by a symbolic link.
    pub fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        check_relative(rel)?;
        if let Some(b) = self.overrides.get(rel) {
            return b.clone().ok_or_else(not_found);
        }
        let bytes = match &self.kind {
            Kind::Embedded => EMBEDDED
                .get_file(rel)
                .map(|f| f.contents().to_vec())
                .ok_or_else(not_found)?,
            Kind::Memory(files) => files.get(rel).cloned().ok_or_else(not_found)?,
            Kind::Dir { canonical, .. } => {
                let path = canonical.join(rel);
                let real = path.canonicalize()?;
                if !real.starts_with(canonical) {
                    return Err(io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        "the path leads outside the pack directory",
                    ));
                }
                // Looked at before opening: opening a named pipe would block.
                let meta = real.metadata()?;
                if !meta.is_file() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a regular file",
                    ));
                }
                if meta.len() > self.max_file_bytes {
                    return Err(self.too_large(meta.len()));
                }
                // The file may grow between the look and the read.
                let mut bytes = Vec::with_capacity(meta.len() as usize);
                std::fs::File::open(&real)?
                    .take(self.max_file_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)?;
                bytes
            }
        };
        if bytes.len() as u64 > self.max_file_bytes {
            return Err(self.too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn too_large(&self, size: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the file is {} and larger than the limit of {} per file \
                 (raise it with --max-file-mb or {MAX_FILE_ENV})",
                human_size(size),
                human_size(self.max_file_bytes),
            ),
        )
    }

    /// The `.json` files directly under `guides/`, sorted by name.
    pub fn guide_files(&self) -> Vec<String> {
        let mut out: Vec<String> = match &self.kind {
            Kind::Embedded => EMBEDDED
                .get_dir("guides")
                .map(|d| {
                    d.files()
                        .filter_map(|f| f.path().to_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            Kind::Memory(files) => files
                .keys()
                .filter(|k| k.strip_prefix("guides/").is_some_and(|n| !n.contains('/')))
                .cloned()
                .collect(),
            Kind::Dir { canonical, .. } => std::fs::read_dir(canonical.join("guides"))
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .filter_map(|e| e.file_name().to_str().map(|n| format!("guides/{n}")))
                        .collect()
                })
                .unwrap_or_default(),
        };
        out.extend(
            self.overrides
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(k, _)| k)
                .filter(|k| k.strip_prefix("guides/").is_some_and(|n| !n.contains('/')))
                .cloned(),
        );
        out.retain(|k| !matches!(self.overrides.get(k), Some(None)));
        out.retain(|p| p.ends_with(".json"));
        out.sort();
        out.dedup();
        out
    }
}

fn not_found() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file in the pack")
}

/// A size for messages: whole MiB when it is one, else bytes.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

fn check_relative(rel: &str) -> io::Result<()> {
    let path = Path::new(rel);
    let ok = !rel.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the path must be relative and stay inside the pack (no `..`, no absolute path)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(files: &[(&str, &str)]) -> PackSource {
        PackSource::memory(
            files
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn memory_source_reads_and_lists_guides() {
        let s = memory(&[
            ("corpus.json", "{}"),
            ("guides/b.json", "1"),
            ("guides/a.json", "2"),
            ("guides/x.txt", "3"),
            ("guides/sub/c.json", "4"),
        ]);
        assert_eq!(s.read("corpus.json").unwrap(), b"{}");
        assert_eq!(s.guide_files(), vec!["guides/a.json", "guides/b.json"]);
        assert_eq!(s.read("nope").unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(
            s.read("../corpus.json").unwrap_err().kind(),
            io::ErrorKind::PermissionDenied
        );
    }

    #[test]
    fn the_file_limit_names_itself_and_how_to_raise_it() {
        let s = memory(&[("a.txt", "0123456789")]).with_max_file_bytes(4);
        let e = s.read("a.txt").unwrap_err().to_string();
        assert!(e.contains("limit of 4 bytes"), "{e}");
        assert!(
            e.contains("--max-file-mb") && e.contains(MAX_FILE_ENV),
            "{e}"
        );
        assert_eq!(human_size(64 * 1024 * 1024), "64 MiB");
    }
}
