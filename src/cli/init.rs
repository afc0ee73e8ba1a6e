//! `lectern init DIR`: a copy of the embedded corpus, or of a pack, to edit.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::emit::{EXIT_BAD_CONTENT, Failure, Report};
use crate::corpus::{self, PackSource};

#[derive(Serialize)]
pub struct Initialised {
    pub ok: bool,
    pub dir: String,
    pub from: String,
    pub files: usize,
}

pub fn run(
    dir: &Path,
    from: Option<&PathBuf>,
    max_file_mb: Option<u64>,
) -> Result<Initialised, Failure> {
    // Only a pack that loads is worth copying: its errors are shown now,
    // not after the first change.
    if let Some(src) = from {
        let source = super::open_source(Some(src), max_file_mb)
            .map_err(|e| Failure::message(EXIT_BAD_CONTENT, e))?;
        corpus::load(&source).map_err(|e| Failure::pack(&e))?;
    } else {
        corpus::load(&PackSource::embedded()).map_err(|e| Failure::pack(&e))?;
    }
    let copied = crate::curate::init::init(from.map(PathBuf::as_path), dir)
        .map_err(|e| Failure::message(1, e))?;
    Ok(Initialised {
        ok: true,
        dir: dir.display().to_string(),
        from: from.map_or_else(
            || "the embedded corpus".to_owned(),
            |p| p.display().to_string(),
        ),
        files: copied.files,
    })
}

impl Report for Initialised {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "Copied {} ({} files) to {}.\nRead and curate it with: lectern --content {}",
            self.from, self.files, self.dir, self.dir
        )
    }
}
