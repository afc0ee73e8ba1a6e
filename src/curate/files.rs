//! A pack's JSON files as last read from disk, with what they looked like
//! then, so that a file changed behind the reader's back is noticed before
//! it would be overwritten.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// What a file was when it was read: its length and a hash of its bytes.
/// The bytes themselves decide, not the modification time, which a copy
/// or a quick second edit can leave unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    hash: u64,
}

impl Stamp {
    /// Hashed as the pack's index hashes its files, so the two can be
    /// compared.
    pub fn of(bytes: &[u8]) -> Stamp {
        Stamp {
            len: bytes.len() as u64,
            hash: crate::corpus::cache::wire::hash(bytes),
        }
    }
}

/// The editable files of a pack, parsed: `corpus.json`, `entities.json`,
/// `events.json` and each tour under `guides/`, by their path in the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Docs {
    pub files: BTreeMap<String, Value>,
}

pub const CORPUS: &str = "corpus.json";
pub const ENTITIES: &str = "entities.json";
pub const EVENTS: &str = "events.json";

/// Serialises a file the way `lectern import` writes one: pretty-printed,
/// two spaces, keys in a stable order, a final newline. The corpus file and
/// tours take their keys in the order of the format (as import writes the
/// corpus file and as tours are written by hand); entity and event lists
/// in the order import writes them, by name.
pub fn to_bytes(rel: &str, v: &Value) -> Result<Vec<u8>, String> {
    fn typed<T: serde::de::DeserializeOwned + serde::Serialize>(
        v: &Value,
    ) -> Option<Result<Vec<u8>, serde_json::Error>> {
        let t = T::deserialize(v).ok()?;
        Some(serde_json::to_vec_pretty(&t))
    }
    let bytes = if rel == CORPUS {
        typed::<crate::corpus::types::CorpusFile>(v)
    } else if rel.starts_with("guides/") {
        typed::<crate::corpus::types::TourSpec>(v)
    } else {
        None
    };
    let mut b = bytes
        .unwrap_or_else(|| serde_json::to_vec_pretty(v))
        .map_err(|e| e.to_string())?;
    b.push(b'\n');
    Ok(b)
}

/// The pack's editable files on disk.
#[derive(Debug, Clone)]
pub struct PackFiles {
    root: PathBuf,
    pub docs: Docs,
    /// Per file, what it was when last read or written.
    stamps: BTreeMap<String, Stamp>,
}

/// The paths of the editable files of the pack at `root`.
fn listed(root: &Path) -> Vec<String> {
    let mut out = vec![CORPUS.to_owned(), ENTITIES.to_owned(), EVENTS.to_owned()];
    if let Ok(rd) = std::fs::read_dir(root.join("guides")) {
        let mut guides: Vec<String> = rd
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(|n| format!("guides/{n}")))
            .filter(|n| n.ends_with(".json"))
            .collect();
        guides.sort();
        out.extend(guides);
    }
    out
}

fn read(root: &Path, rel: &str) -> Result<(Value, Stamp), String> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    Ok((value, Stamp::of(&bytes)))
}

impl PackFiles {
    pub fn open(root: &Path) -> Result<PackFiles, String> {
        let mut files = PackFiles {
            root: root.to_path_buf(),
            docs: Docs {
                files: BTreeMap::new(),
            },
            stamps: BTreeMap::new(),
        };
        for rel in listed(root) {
            let (v, s) = read(root, &rel)?;
            files.docs.files.insert(rel.clone(), v);
            files.stamps.insert(rel, s);
        }
        Ok(files)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What each file held when last read or written.
    pub fn holds(&self) -> Vec<crate::corpus::cache::Holds> {
        self.stamps
            .iter()
            .map(|(rel, s)| (rel.clone(), s.len, s.hash))
            .collect()
    }

    /// The files that differ on disk from what was last read or written
    /// (changed, added or removed).
    pub fn changed_on_disk(&self) -> Vec<String> {
        let now = listed(&self.root);
        let mut out: Vec<String> = self
            .stamps
            .keys()
            .filter(|k| !now.contains(k))
            .cloned()
            .collect();
        for rel in now {
            let stamp = std::fs::read(self.root.join(&rel))
                .ok()
                .map(|b| Stamp::of(&b));
            if stamp != self.stamps.get(&rel).copied() {
                out.push(rel);
            }
        }
        out
    }

    /// Reads again the files that changed on disk; returns their paths.
    pub fn reload_changed(&mut self) -> Result<Vec<String>, String> {
        let changed = self.changed_on_disk();
        for rel in &changed {
            if self.root.join(rel).exists() {
                let (v, s) = read(&self.root, rel)?;
                self.docs.files.insert(rel.clone(), v);
                self.stamps.insert(rel.clone(), s);
            } else {
                self.docs.files.remove(rel);
                self.stamps.remove(rel);
            }
        }
        Ok(changed)
    }

    /// Writes `bytes` to the pack file `rel`, unless it changed on disk
    /// since it was read: then nothing is written and Err(Conflict) says so.
    pub fn write(&mut self, rel: &str, value: Value, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.root.join(rel);
        let on_disk = std::fs::read(&path).ok().map(|b| Stamp::of(&b));
        if on_disk != self.stamps.get(rel).copied() {
            return Err(WriteError::Conflict(rel.to_owned()));
        }
        write_atomic(&path, bytes).map_err(WriteError::Io)?;
        self.stamps.insert(rel.to_owned(), Stamp::of(bytes));
        self.docs.files.insert(rel.to_owned(), value);
        Ok(())
    }
}

impl PackFiles {
    /// Removes the pack file `rel`, unless it changed on disk since it was read.
    pub fn remove(&mut self, rel: &str) -> Result<(), WriteError> {
        let path = self.root.join(rel);
        let on_disk = std::fs::read(&path).ok().map(|b| Stamp::of(&b));
        if on_disk != self.stamps.get(rel).copied() {
            return Err(WriteError::Conflict(rel.to_owned()));
        }
        std::fs::remove_file(&path)
            .map_err(|e| WriteError::Io(format!("{}: {e}", path.display())))?;
        self.stamps.remove(rel);
        self.docs.files.remove(rel);
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file changed on disk since it was read.
    Conflict(String),
    Io(String),
}

/// Replaces `path` with `bytes` so that a crash leaves either the old file
/// or the new one whole: a temporary file in the same directory (a rename
/// across file systems is not atomic), flushed to disk, then renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".lectern-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| format!("{}: cannot make a temporary file: {e}", dir.display()))?;
    // The temporary file is made readable by its owner only; the file it
    // replaces keeps the permissions it had.
    if let Ok(m) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(m.permissions())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("{}: {}", path.display(), e.error))?;
    // The rename itself is durable once the directory is.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new contents").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_written_again_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        std::fs::write(&p, "old").unwrap();
        for mode in [0o644, 0o664, 0o600] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            write_atomic(&p, b"new").unwrap();
            let now = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(now, mode);
        }
    }

    #[test]
    fn a_file_changed_on_disk_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        for f in [CORPUS, ENTITIES, EVENTS] {
            std::fs::write(dir.path().join(f), "[]").unwrap();
        }
        let mut files = PackFiles::open(dir.path()).unwrap();
        assert!(files.changed_on_disk().is_empty());
        std::fs::write(dir.path().join(ENTITIES), "[ ]").unwrap();
        assert_eq!(files.changed_on_disk(), vec![ENTITIES.to_owned()]);
        let e = files.write(ENTITIES, Value::Null, b"null\n").unwrap_err();
        assert_eq!(e, WriteError::Conflict(ENTITIES.into()));
        assert_eq!(std::fs::read(dir.path().join(ENTITIES)).unwrap(), b"[ ]");
        files.reload_changed().unwrap();
        files.write(ENTITIES, Value::Null, b"null\n").unwrap();
        assert!(files.changed_on_disk().is_empty());
    }
}
