//! A directory written beside its destination and moved into place whole,
//! so that a failure part-way never leaves half a pack behind.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub struct Staged {
    dir: TempDir,
    out: PathBuf,
}

impl Staged {
    /// A new, empty directory beside `out` (whose parent is made if
    /// needed), named with `prefix`.
    pub fn beside(out: &Path, prefix: &str) -> Result<Self, String> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(&parent)
            .map_err(|e| {
                format!(
                    "{}: cannot make a temporary directory: {e}",
                    parent.display()
                )
            })?;
        Ok(Staged {
            dir,
            out: out.to_path_buf(),
        })
    }

    /// Writes `bytes` at `rel` inside; errors name the file's final place.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let p = self.dir.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", self.out.join(rel).display()))
    }

    /// Moves the directory into place with `swap` (given its path), and
    /// removes it if that fails.
    pub fn finish(self, swap: impl FnOnce(&Path) -> Result<(), String>) -> Result<(), String> {
        let kept = self.dir.keep();
        let result = swap(&kept);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&kept);
        }
        result
    }
}
