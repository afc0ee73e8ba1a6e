//! The command line: the reader by default, and scriptable subcommands that
//! print the corpus as plain text or JSON.
//!
//! Each subcommand lives in its own file and returns a report; `emit`
//! prints every report, and every failure, the same way.

pub mod annotations;
mod args;
mod bookmarks;
mod check;
mod config;
mod emit;
mod entities;
mod init;
mod list;
mod reuse;
mod search;
mod timeline;
mod tour;

use std::path::PathBuf;

pub use args::{
    AnnotationsCommand, BookmarksCommand, Cli, Command, ConfigCommand, ExportFormat, GlobalOpts,
};
pub use emit::{EXIT_BAD_CONTENT, ErrorRecord, Failure, Report, emit};

use crate::corpus::{self, Corpus, PackSource};

pub fn open_source(dir: Option<&PathBuf>, max_file_mb: Option<u64>) -> Result<PackSource, String> {
    let source = match dir {
        Some(d) => PackSource::dir(d).map_err(|e| e.to_string())?,
        None => PackSource::embedded(),
    };
    Ok(match max_file_mb {
        Some(mb) => source.with_max_file_bytes(mb.saturating_mul(1024 * 1024)),
        None => source,
    })
}

/// Loads the pack in `dir` (the embedded corpus without one).
pub fn load_from(dir: Option<&PathBuf>, max_file_mb: Option<u64>) -> Result<Corpus, Failure> {
    let source =
        open_source(dir, max_file_mb).map_err(|e| Failure::message(EXIT_BAD_CONTENT, e))?;
    corpus::open(&source).map_err(|e| Failure::pack(&e))
}

/// Loads the chosen pack for the reader; on failure prints every error and
/// returns the exit code. A pack opened through its index is checked
/// against its files' hashes after the reader's first frame, not before
/// (see [`corpus::open_deferred`]).
pub fn load_or_report(global: &GlobalOpts) -> Result<Corpus, i32> {
    let source = open_source(global.content.as_ref(), global.max_file_mb)
        .map_err(|e| Failure::message(EXIT_BAD_CONTENT, e).emit(false))?;
    corpus::open_deferred(&source).map_err(|e| Failure::pack(&e).emit(false))
}

/// Runs a subcommand, returning the process exit code.
pub fn run_command(cmd: &Command, global: &GlobalOpts) -> i32 {
    match cmd {
        Command::Check { dir, json } => {
            let dir = dir.as_ref().or(global.content.as_ref());
            with_pack(dir, global, *json, |c| emit(*json, check::run(c, dir)))
        }
        Command::Import(args) => crate::import::command::run(args),
        Command::Config { action } => config::run(action, global),
        Command::Init { dir, from, json } => {
            emit(*json, init::run(dir, from.as_ref(), global.max_file_mb))
        }
        Command::List { json } => with_corpus(global, *json, |c| emit(*json, Ok(list::run(c)))),
        Command::Entities { json } => {
            with_corpus(global, *json, |c| emit(*json, Ok(entities::run(c))))
        }
        Command::Timeline { json } => {
            with_corpus(global, *json, |c| emit(*json, Ok(timeline::run(c))))
        }
        Command::Reuse { json } => with_corpus(global, *json, |c| emit(*json, Ok(reuse::run(c)))),
        Command::Search { query, json } => {
            with_corpus(global, *json, |c| emit(*json, Ok(search::run(c, query))))
        }
        Command::Tour { id, json } => {
            with_corpus(global, *json, |c| emit(*json, tour::run(c, id.as_deref())))
        }
        Command::Annotations { action, json } => with_corpus(global, *json, |c| {
            let data = global.data_dir.as_deref();
            match action {
                AnnotationsCommand::Export { format, out } => {
                    let json =
                        *json || (matches!(format, annotations::Format::Json) && out.is_none());
                    let content = global.content.as_deref();
                    emit(
                        json,
                        annotations::export(c, data, content, *format, out.as_ref()),
                    )
                }
                AnnotationsCommand::Import { file } => {
                    emit(*json, annotations::import(c, data, file))
                }
            }
        }),
        Command::Bookmarks { action, json } => with_corpus(global, *json, |c| {
            let export = action
                .as_ref()
                .map(|BookmarksCommand::Export { format }| *format);
            // An export in JSON is JSON whether or not `--json` was given.
            let json = *json || matches!(export, Some(ExportFormat::Json));
            emit(
                json,
                bookmarks::run(
                    c,
                    global.data_dir.as_deref(),
                    global.content.as_deref(),
                    export,
                ),
            )
        }),
    }
}

fn with_corpus(global: &GlobalOpts, json: bool, f: impl FnOnce(&Corpus) -> i32) -> i32 {
    with_pack(global.content.as_ref(), global, json, f)
}

fn with_pack(
    dir: Option<&PathBuf>,
    global: &GlobalOpts,
    json: bool,
    f: impl FnOnce(&Corpus) -> i32,
) -> i32 {
    match load_from(dir, global.max_file_mb) {
        Ok(c) => f(&c),
        Err(failure) => failure.emit(json),
    }
}

/// Clap's error without its usage lines, on one line: the message goes on
/// past its first line to name what is missing or which values are possible.
fn usage_message(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty() && !l.starts_with("Usage:"))
        .map(str::trim)
        .collect();
    let joined = lines.join(" ");
    joined.strip_prefix("error: ").unwrap_or(&joined).to_owned()
}

/// The command line when it holds no argument: only the options read from
/// the environment can be set. Building clap's command, every subcommand
/// with its options and help, is most of a parse's cost, a tenth of the
/// time to the reader's first frame. `None` for anything but a plain value
/// (an empty variable, a number out of range or not in digits): clap
/// reads the environment again and decides, or reports, as usual.
fn without_arguments() -> Option<Cli> {
    use args::{CONFIG_ENV, DATA_DIR_ENV, MAX_FILE_MB, MAX_FILE_MB_ENV};
    let path = |name| match std::env::var_os(name) {
        None => Some(None),
        Some(v) if v.is_empty() => None,
        Some(v) => Some(Some(PathBuf::from(v))),
    };
    let max_file_mb = match std::env::var_os(MAX_FILE_MB_ENV) {
        None => None,
        Some(v) => {
            let s = v
                .to_str()
                .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))?;
            Some(
                s.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_FILE_MB).contains(n))?,
            )
        }
    };
    Some(Cli {
        global: GlobalOpts {
            data_dir: path(DATA_DIR_ENV)?,
            max_file_mb,
            config: path(CONFIG_ENV)?,
            ..GlobalOpts::default()
        },
        command: None,
    })
}

/// Parses the command line. Under `--json` a usage error is JSON too, so a
/// script never has to parse clap's text; help and version print as usual.
pub fn parse() -> Result<Cli, i32> {
    use clap::Parser;
    if std::env::args_os().len() == 1
        && let Some(cli) = without_arguments()
    {
        return Ok(cli);
    }
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) if e.use_stderr() && std::env::args_os().any(|a| a == "--json") => {
            let text = e.render().to_string();
            Err(Failure::message(e.exit_code(), usage_message(&text)).emit(true))
        }
        Err(e) => e.exit(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_arguments_reads_what_clap_reads() {
        use clap::Parser;
        let clap = super::Cli::try_parse_from(["lectern"]).map(|c| format!("{c:?}"));
        let ours = super::without_arguments().map(|c| format!("{c:?}"));
        // In the tests' environment both read the same variables.
        assert_eq!(ours, clap.ok());
    }
}
