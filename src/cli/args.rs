//! The command line as clap parses it: global options and one variant per
//! subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "lectern",
    version,
    about = "A terminal reader for guided reading of related articles",
    long_about = "Lectern opens a corpus of related articles in three panes that move together: \
the document, a timeline of the events the articles describe, and the people, places, \
organisations and treaties they mention.\n\nWithout a subcommand it opens the reader on the \
embedded corpus (German–Soviet cooperation and the Treaty of Rapallo, 1922), or on the pack \
given with --content.",
    after_help = "Press ? inside the reader for every key."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The environment variables that set options.
pub const DATA_DIR_ENV: &str = "LECTERN_DATA_DIR";
pub const MAX_FILE_MB_ENV: &str = "LECTERN_MAX_FILE_MB";
pub const CONFIG_ENV: &str = "LECTERN_CONFIG";
/// The largest `--max-file-mb`.
pub const MAX_FILE_MB: u64 = 1_048_576;

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalOpts {
    /// Open the content pack in DIR instead of the embedded corpus.
    #[arg(long, value_name = "DIR", global = true)]
    pub content: Option<PathBuf>,
    /// Where bookmarks and the reading position are kept
    /// (default: the platform data directory; also LECTERN_DATA_DIR).
    #[arg(long, value_name = "DIR", global = true, env = DATA_DIR_ENV)]
    pub data_dir: Option<PathBuf>,
    /// Start at the beginning instead of where you left off.
    #[arg(long)]
    pub no_resume: bool,
    /// Open the reader at ARTICLE:PASSAGE (passages from 1) or at the
    /// highlight or bookmark with this id, as exports print it.
    #[arg(long, value_name = "PLACE")]
    pub at: Option<String>,
    /// Largest file a content pack may hold, in MiB (default 64; also
    /// LECTERN_MAX_FILE_MB).
    #[arg(long, value_name = "MB", global = true, env = MAX_FILE_MB_ENV,
          value_parser = clap::value_parser!(u64).range(1..=MAX_FILE_MB))]
    pub max_file_mb: Option<u64>,
    /// The configuration file: keys, colours, layout (default: config.toml
    /// in the platform config directory; also LECTERN_CONFIG).
    #[arg(long, value_name = "FILE", global = true, env = CONFIG_ENV)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content pack: counts and mention coverage, or every error (exit 2).
    Check {
        /// The pack directory (default: --content, else the embedded corpus).
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List the articles in reading order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// List the entities with their kind and how often they are mentioned.
    Entities {
        #[arg(long)]
        json: bool,
    },
    /// List the events in date order.
    Timeline {
        #[arg(long)]
        json: bool,
    },
    /// List the text that articles share word for word or nearly, with both places.
    Reuse {
        #[arg(long)]
        json: bool,
    },
    /// Search every article: smart case (insensitive unless QUERY has a capital);
    /// exit 1 when nothing matches.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// List the bookmarks of the corpus, or export them.
    Bookmarks {
        #[command(subcommand)]
        action: Option<BookmarksCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Export highlights (Markdown, an Obsidian folder, JSON Web Annotations,
    /// CSV), or import Web Annotation JSON.
    Annotations {
        #[command(subcommand)]
        action: AnnotationsCommand,
        #[arg(long)]
        json: bool,
    },
    /// Print a tour's steps with their passages (without ID: list the tours).
    Tour {
        id: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Import(crate::import::command::ImportArgs),
    /// Write a copy of the embedded corpus (or of the pack given with --from)
    /// to DIR, to curate it; DIR must be new or empty.
    Init {
        dir: PathBuf,
        /// Copy this pack instead of the embedded corpus.
        #[arg(long, value_name = "PACK")]
        from: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The configuration file: check it, print it, or say where it is.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Read the configuration and print every mistake in it (exit 2), or
    /// say it is fine.
    Check {
        /// The file to check (default: the one the reader would read).
        file: Option<PathBuf>,
    },
    /// Write the configuration in effect, every setting with a comment: a
    /// complete file to start from.
    Print,
    /// Say where the configuration is read from.
    Path,
}

#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// Write every bookmark to stdout: Markdown, or JSON Web Annotations.
    Export {
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnnotationsCommand {
    /// Write every highlight (and, as JSON, every bookmark) to stdout or to --out.
    Export {
        #[arg(long, value_enum, default_value = "markdown")]
        format: super::annotations::Format,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Read highlights and bookmarks from W3C Web Annotation JSON (Lectern's own export,
    /// or records with a TextQuoteSelector from other tools) and report how
    /// they attached.
    Import { file: PathBuf },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
}
