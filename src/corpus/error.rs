//! Errors and warnings found while loading a content pack.
//!
//! Each one carries enough to find the fault without reading the code: the
//! file inside the pack, a line and column, and the offending id or quote.

/// One error per line: a quoted newline (a quote spanning passages) is shown
/// escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {}", message.replace('\n', "\\n"))]
pub struct PackError {
    /// Path of the file as the user would name it (pack dir joined with the relative path).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// All the errors of one load: a pack is checked as a whole so the author
/// can fix every fault in one pass.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", one_per_line(.0))]
pub struct PackErrors(pub Vec<PackError>);

fn one_per_line(errors: &[PackError]) -> String {
    errors
        .iter()
        .map(|e| format!("error: {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(src, offset.min(src.len()));
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset of a JSON string value in a JSON source, searched from `from`.
///
/// Semantic errors (a dangling id, a quote that is not found) are found after
/// parsing, when serde no longer knows positions; the value's own text is the
/// most precise pointer back into the file.
pub fn find_json_string(src: &str, value: &str, from: usize) -> Option<usize> {
    let needle = serde_json::to_string(value).ok()?;
    let from = floor_char_boundary(src, from.min(src.len()));
    src[from..].find(&needle).map(|i| i + from).or_else(|| {
        // Authors may escape differently than serde_json does (e.g. \u00e9);
        // fall back to the first occurrence anywhere.
        src.find(&needle)
    })
}

/// Byte offset of the `n`-th object whose `"key": "value"` pair matches.
pub fn find_key_value(src: &str, key: &str, value: &str, n: usize) -> Option<usize> {
    let needle = serde_json::to_string(value).ok()?;
    let key = serde_json::to_string(key).ok()?;
    let mut seen = 0;
    let mut from = 0;
    while let Some(i) = src[from..].find(&needle) {
        let at = from + i;
        let before = src[..at].trim_end();
        if let Some(before) = before.strip_suffix(':')
            && before.trim_end().ends_with(&key)
        {
            if seen == n {
                return Some(at);
            }
            seen += 1;
        }
        from = at + needle.len();
    }
    None
}
