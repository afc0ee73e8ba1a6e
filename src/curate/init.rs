//! A copy of a pack to edit: the embedded corpus cannot be changed in
//! place, so curation starts from a copy written to a directory.

use std::path::{Path, PathBuf};

use super::files;
use crate::corpus::PackSource;
use crate::staged::Staged;

/// What was written.
#[derive(Debug)]
pub struct Copied {
    pub files: usize,
}

/// The files of the pack in `from` (the embedded corpus without it), by
/// their path in the pack. Symbolic links and hidden files are left out:
/// a link could lead outside the pack.
fn pack_files(from: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let Some(root) = from else {
        return Ok(PackSource::embedded_files()
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect());
    };
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let rd = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in rd {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name();
            let Some(name_s) = name.to_str() else {
                continue;
            };
            if name_s.starts_with('.') {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
            let child = rel.join(name_s);
            if kind.is_dir() {
                stack.push(child);
            } else if kind.is_file() {
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| format!("{}: {e}", entry.path().display()))?;
                let key = child
                    .components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((key, bytes));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether `rel` is one of the JSON files curation writes.
fn editable(rel: &str) -> bool {
    rel == files::CORPUS
        || rel == files::ENTITIES
        || rel == files::EVENTS
        || (rel.starts_with("guides/") && rel.ends_with(".json") && !rel[7..].contains('/'))
}

/// Copies the pack to `to`, which must not exist or be an empty directory.
/// Its JSON files are written as curation writes them, so the first change
/// made later shows in a diff as that change alone. The copy is made in a
/// temporary directory beside `to` and renamed into place when complete.
pub fn init(from: Option<&Path>, to: &Path) -> Result<Copied, String> {
    if to.exists() {
        let mut rd = std::fs::read_dir(to).map_err(|e| format!("{}: {e}", to.display()))?;
        if rd.next().is_some() {
            return Err(format!(
                "{} is not empty; give a new or empty directory",
                to.display()
            ));
        }
    }
    let list = pack_files(from)?;
    let staged = Staged::beside(to, ".lectern-init-")?;
    for (rel, bytes) in &list {
        let bytes = if editable(rel) {
            let v: serde_json::Value = serde_json::from_slice(bytes)
                .map_err(|e| format!("{rel}:{}:{}: {e}", e.line(), e.column()))?;
            files::to_bytes(rel, &v)?
        } else {
            bytes.clone()
        };
        staged.put(rel, &bytes)?;
    }
    staged.finish(|new| {
        if to.exists() {
            std::fs::remove_dir(to).map_err(|e| format!("{}: {e}", to.display()))?;
        }
        std::fs::rename(new, to).map_err(|e| format!("{}: {e}", to.display()))
    })?;
    Ok(Copied { files: list.len() })
}
