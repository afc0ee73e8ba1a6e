//! The one place a subcommand's result reaches the terminal, so every
//! command treats `--json`, plain text, errors and a closed pipe alike.
//!
//! With `--json` everything a script needs is on stdout as JSON, errors
//! included; without it the result goes to stdout and errors to stderr.

use std::io::{self, Write};

use serde::Serialize;

use crate::corpus::PackErrors;

/// Exit code for a content pack that fails validation.
pub const EXIT_BAD_CONTENT: i32 = 2;

/// What a subcommand produced: its JSON form is the derived `Serialize`.
pub trait Report: Serialize {
    /// The plain-text form.
    fn text(&self, out: &mut dyn Write) -> io::Result<()>;

    /// Printed to stderr in plain mode; JSON reports carry them as a field.
    fn warnings(&self) -> &[String] {
        &[]
    }

    /// The exit code of a command that ran: a search that finds nothing
    /// fails, as grep's does.
    fn code(&self) -> i32 {
        0
    }
}

/// Why a subcommand could not produce its report.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    /// Plain mode: printed to stderr as it stands.
    text: String,
    errors: Vec<ErrorRecord>,
}

/// One error as `--json` prints it; a pack error has a place in a file.
#[derive(Debug, Serialize)]
pub struct ErrorRecord {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

#[derive(Serialize)]
struct FailureJson<'a> {
    ok: bool,
    errors: &'a [ErrorRecord],
}

impl Failure {
    /// Every error of a pack that failed to load, and how many there are.
    pub fn pack(e: &PackErrors) -> Self {
        let n = e.0.len();
        Failure {
            code: EXIT_BAD_CONTENT,
            text: format!(
                "{e}\n{n} error{} in the content pack",
                if n == 1 { "" } else { "s" }
            ),
            errors: e
                .0
                .iter()
                .map(|e| ErrorRecord {
                    file: Some(e.file.clone()),
                    line: Some(e.line),
                    column: Some(e.column),
                    message: e.message.clone(),
                })
                .collect(),
        }
    }

    /// A single error with no place in a file.
    pub fn message(code: i32, message: impl Into<String>) -> Self {
        let message = message.into();
        Failure {
            code,
            text: format!("error: {message}"),
            errors: vec![ErrorRecord {
                file: None,
                line: None,
                column: None,
                message,
            }],
        }
    }

    /// Prints the failure the way `--json` asks for, returning the exit code.
    pub fn emit(&self, json: bool) -> i32 {
        if json {
            let json = FailureJson {
                ok: false,
                errors: &self.errors,
            };
            finish(write_json(&mut io::stdout().lock(), &json), self.code)
        } else {
            let _ = writeln!(io::stderr(), "{}", self.text);
            self.code
        }
    }
}

/// Prints a command's result, returning the process exit code.
pub fn emit<R: Report>(json: bool, result: Result<R, Failure>) -> i32 {
    let report = match result {
        Ok(r) => r,
        Err(f) => return f.emit(json),
    };
    let mut out = io::stdout().lock();
    let written = if json {
        write_json(&mut out, &report)
    } else {
        let mut err = io::stderr();
        for w in report.warnings() {
            let _ = writeln!(err, "warning: {w}");
        }
        report.text(&mut out)
    };
    finish(written.and_then(|()| out.flush()), report.code())
}

fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{s}")
}

/// A reader that stops reading (`| head`) is not an error; any other failed
/// write is.
fn finish(written: io::Result<()>, code: i32) -> i32 {
    match written {
        Ok(()) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            1
        }
    }
}
