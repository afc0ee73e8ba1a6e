//! Which files an import reads: the sources given, folders walked in sorted
//! path order, hidden files and folders skipped.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Epub,
}

/// A file to import, with the key it is known by in the pack (its path
/// relative to the source it was found under, or its name if given directly).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub key: String,
    pub format: Format,
}

/// A file left out, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "epub" => Format::Epub,
        _ => return None,
    })
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Walks every source; a source that does not exist is an error naming it.
pub fn collect(sources: &[PathBuf]) -> Result<(Vec<Input>, Vec<Skipped>), String> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for src in sources {
        let meta = std::fs::metadata(src).map_err(|e| format!("{}: {e}", src.display()))?;
        if meta.is_dir() {
            walk_dir(src, src, &mut inputs, &mut skipped)?;
        } else {
            let key = src.file_name().map_or_else(
                || src.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            add(src.clone(), key, &mut inputs, &mut skipped);
        }
    }
    Ok((inputs, skipped))
}

fn add(path: PathBuf, key: String, inputs: &mut Vec<Input>, skipped: &mut Vec<Skipped>) {
    match format_of(&path) {
        Some(format) => inputs.push(Input { path, key, format }),
        None => skipped.push(Skipped {
            path,
            reason: "not a .txt, .md, .html or .epub file".into(),
        }),
    }
}

fn walk_dir(
    root: &Path,
    dir: &Path,
    inputs: &mut Vec<Input>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if hidden(&p) {
            continue;
        }
        // Symbolic links are not followed: a link cycle would never end.
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk_dir(root, &p, inputs, skipped)?;
        } else if meta.is_file() {
            let root_name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let key = if root_name.is_empty() {
                rel
            } else {
                format!("{root_name}/{rel}")
            };
            add(p, key, inputs, skipped);
        } else {
            skipped.push(Skipped {
                path: p,
                reason: "not a regular file".into(),
            });
        }
    }
    Ok(())
}
