//! Diagnostics and JSON reading: where an error is in its file, the cap on
//! how many are kept, and reading a pack file as text or as JSON.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::{Cx, MAX_ERRORS};
use crate::corpus::error::{PackError, find_json_string, find_key_value, line_col};
use crate::corpus::types::Clean;
use crate::sanitize;

/// A JSON file of the pack, kept as text so later errors can point into it.
pub(super) struct JsonFile<T> {
    pub rel: String,
    pub src: String,
    pub value: T,
}

/// Which object of a JSON file an error is about: the `nth` (from 0) whose
/// `"id"` is `id`. Counting matters where an id is duplicated: the error
/// about the second copy points at the second copy. An error about a field
/// of the object is placed at that field's value after it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchor<'a> {
    pub id: &'a str,
    pub nth: usize,
}

impl<T: Default> JsonFile<T> {
    /// Stands in for a file that could not be read (its error is already
    /// reported), so later stages need not tell the two cases apart.
    pub fn empty(rel: &str) -> Self {
        JsonFile {
            rel: rel.to_owned(),
            src: String::new(),
            value: T::default(),
        }
    }
}

impl<'a> Anchor<'a> {
    pub fn id(id: &'a str, nth: usize) -> Self {
        Anchor { id, nth }
    }
}

impl Cx<'_> {
    /// Whether the next error is one too many: then it is only counted.
    fn full(&mut self) -> bool {
        if self.errors.len() >= MAX_ERRORS {
            self.suppressed += 1;
            true
        } else {
            false
        }
    }

    /// Keeps an error, its text made safe for the terminal: messages quote
    /// the pack (ids, paths, and serde's own quotes of unknown fields and
    /// values), and the pack may hold control characters anywhere.
    pub(super) fn push(&mut self, mut e: PackError) {
        if !self.full() {
            e.file = sanitize::clean(&e.file).into_owned();
            e.message = sanitize::clean(&e.message).into_owned();
            self.errors.push(e);
        }
    }

    pub(super) fn error(&mut self, rel: &str, src: &str, offset: usize, message: String) {
        if self.full() {
            return;
        }
        let (line, column) = line_col(src, offset);
        self.push(PackError {
            file: self.source.display_path(rel),
            line,
            column,
            message,
        });
    }

    /// An error about the value `value` inside the object identified by `"key": id`.
    pub(super) fn error_in<T>(
        &mut self,
        f: &JsonFile<T>,
        anchor: Anchor<'_>,
        value: &str,
        message: String,
    ) {
        if self.full() {
            return;
        }
        let start = find_key_value(&f.src, "id", anchor.id, anchor.nth).unwrap_or(0);
        let at = find_json_string(&f.src, value, start).unwrap_or(start);
        let (line, column) = line_col(&f.src, at);
        self.push(PackError {
            file: self.source.display_path(&f.rel),
            line,
            column,
            message,
        });
    }

    /// Reports an id that held a control character (see [`unprintable_id`])
    /// at the id as the file writes it; whether there was one.
    pub(super) fn bad_id<T>(&mut self, f: &JsonFile<T>, what: &str, id: &str) -> bool {
        let Some(why) = unprintable_id(what, id) else {
            return false;
        };
        // The file escapes the control ("\u001b"); the id read is cleaned.
        let at = f
            .src
            .match_indices("\"id\"")
            .find_map(|(i, _)| {
                let rest = f.src[i + 4..].trim_start().strip_prefix(':')?.trim_start();
                let start = f.src.len() - rest.len();
                let mut de = serde_json::Deserializer::from_str(rest);
                let read = <String as serde::Deserialize>::deserialize(&mut de).ok()?;
                (sanitize::clean(&read) == id).then_some(start)
            })
            .unwrap_or(0);
        self.error(&f.rel, &f.src, at, why);
        true
    }

    pub(super) fn read_text(&mut self, rel: &str, what: &str) -> Option<String> {
        match self.source.read(rel) {
            Ok(bytes) => self.decode(rel, bytes, what),
            Err(e) => {
                self.push(PackError {
                    file: self.source.display_path(rel),
                    line: 1,
                    column: 1,
                    message: format!("cannot read {what}: {e}"),
                });
                None
            }
        }
    }

    pub(super) fn decode(&mut self, rel: &str, bytes: Vec<u8>, what: &str) -> Option<String> {
        match String::from_utf8(bytes) {
            Ok(s) if s.contains("\r\n") => Some(s.replace("\r\n", "\n")),
            Ok(s) => Some(s),
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let good = String::from_utf8_lossy(&e.as_bytes()[..bad]).into_owned();
                self.error(
                    rel,
                    &good,
                    good.len(),
                    format!("{what} is not valid UTF-8 (invalid byte at offset {bad})"),
                );
                None
            }
        }
    }

    pub(super) fn read_json<T: DeserializeOwned + Clean>(
        &mut self,
        rel: &str,
        what: &str,
    ) -> Option<JsonFile<T>> {
        let src = self.read_text(rel, what)?;
        match serde_json::from_str::<T>(&src) {
            Ok(mut value) => {
                value.clean();
                Some(JsonFile {
                    rel: rel.to_owned(),
                    src,
                    value,
                })
            }
            Err(e) => {
                let mut message = e.to_string();
                if let Some(i) = message.rfind(" at line ") {
                    message.truncate(i);
                }
                self.push(PackError {
                    file: self.source.display_path(rel),
                    line: e.line().max(1),
                    column: e.column().max(1),
                    message: format!("in {what}: {message}"),
                });
                None
            }
        }
    }
}

/// Counts ids as they come: 0 for the first entry with this id, 1 for the
/// second, … (which entry of the file an error is about).
pub(super) fn next_nth<'s>(seen: &mut HashMap<&'s str, usize>, id: &'s str) -> usize {
    let n = seen.entry(id).or_insert(0);
    *n += 1;
    *n - 1
}

/// Why an id of the pack cannot be used, if it held a character that must
/// not reach the terminal. Strings are cleaned as they are read, a control
/// becoming its picture (␛) or U+FFFD; an id is shown, written into exports
/// and typed back on command lines, so one that cleaning changed is refused
/// rather than used as an id the pack does not have.
pub(super) fn unprintable_id(what: &str, id: &str) -> Option<String> {
    id.chars()
        .any(|ch| {
            crate::sanitize::is_unsafe(ch)
                || ('\u{2400}'..='\u{2421}').contains(&ch)
                || ch == '\u{fffd}'
        })
        .then(|| {
            format!(
                "{what} id \"{}\" holds a control character",
                id.escape_debug()
            )
        })
}
