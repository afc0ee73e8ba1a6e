//! Where a pack's files come from: a directory on disk, or the pack embedded
//! in the binary at build time.

use std::io;
use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Largest file a pack may hold; beyond this a pack is refused rather than
/// letting one file exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

pub enum PackSource {
    Embedded,
    Dir { root: PathBuf, canonical: PathBuf },
}

impl PackSource {
    pub fn embedded() -> Self {
        PackSource::Embedded
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
        Ok(PackSource::Dir { root, canonical })
    }

    /// How a file of the pack is named in messages.
    pub fn display_path(&self, rel: &str) -> String {
        match self {
            PackSource::Embedded => format!("<embedded>/content/{rel}"),
            PackSource::Dir { root, .. } => root.join(rel).display().to_string(),
        }
    }

    /// Reads a file of the pack. Paths are relative to the pack root and may
    /// not leave it, neither by `..` nor by a symbolic link.
    pub fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        check_relative(rel)?;
        match self {
            PackSource::Embedded => EMBEDDED
                .get_file(rel)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file in the pack")),
            PackSource::Dir { canonical, .. } => {
                let path = canonical.join(rel);
                let real = path.canonicalize()?;
                if !real.starts_with(canonical) {
                    return Err(io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        "the path leads outside the pack directory",
                    ));
                }
                let meta = real.metadata()?;
                if !meta.is_file() {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a regular file",
                    ));
                }
                if meta.len() > MAX_FILE_BYTES {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("file is larger than the limit of {MAX_FILE_BYTES} bytes"),
                    ));
                }
                std::fs::read(real)
            }
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        match self {
            PackSource::Embedded => EMBEDDED.get_file(rel).is_some(),
            PackSource::Dir { canonical, .. } => canonical.join(rel).exists(),
        }
    }

    /// The `.json` files under `guides/`, sorted by name.
    pub fn guide_files(&self) -> Vec<String> {
        let mut out: Vec<String> = match self {
            PackSource::Embedded => EMBEDDED
                .get_dir("guides")
                .map(|d| {
                    d.files()
                        .filter_map(|f| f.path().to_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            PackSource::Dir { canonical, .. } => std::fs::read_dir(canonical.join("guides"))
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .filter_map(|e| e.file_name().to_str().map(|n| format!("guides/{n}")))
                        .collect()
                })
                .unwrap_or_default(),
        };
        out.retain(|p| p.ends_with(".json"));
        out.sort();
        out
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
