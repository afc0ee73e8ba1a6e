//! The `lectern import` command line: its arguments, help and summary.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
#[command(
    about = "Make a content pack from your own texts: .txt, .md, .html and .epub",
    long_about = "Make a content pack from your own texts: plain text, Markdown, saved web pages \
and EPUB books, given as files or folders (walked in sorted order, hidden files skipped).\n\n\
Each file becomes an article (each chapter of a book, in reading order); web pages are reduced \
to their main text. People, places, organisations and treaties named in the texts are suggested \
as entities, and sentences with a date as events on the timeline. Suggestions are marked \
\"status\": \"suggested\" in the pack and shown with a ◇ and in italics in the reader until you review them.\n\n\
The pack is built beside DIR and moved into place only when complete; an existing pack is \
never overwritten unless --update is given.",
    after_help = "Examples:\n  lectern import notes/ --out my-pack\n  lectern import book.epub page.html --out reading --title \"Spring reading\"\n  lectern import notes/ -o my-pack --update\n  lectern --content my-pack\n\n\
Check the result with `lectern check DIR`. Files that cannot be read are listed with the reason; \
the exit status is 1 if any could not be read or a kept quote no longer resolves."
)]
pub struct ImportArgs {
    /// Files or folders to import.
    #[arg(value_name = "SOURCE", required = true)]
    pub sources: Vec<PathBuf>,
    /// The pack directory to write.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// The corpus id (bookmarks are kept per id; default: from DIR's name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The corpus title (default: the article's title, or DIR's name).
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Re-import into an existing pack: article ids and curated entities and
    /// events are kept; suggestions are made afresh.
    #[arg(long)]
    pub update: bool,
    /// No progress bar and no summary; errors are still printed.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs the command; returns the exit status.
pub fn run(a: &ImportArgs) -> i32 {
    let id = a.id.as_deref().map(super::pack::slug);
    if let (Some(given), Some(id)) = (&a.id, &id)
        && id.is_empty()
    {
        {
            eprintln!(
                "error: --id \"{}\" has no letters or digits",
                crate::sanitize::clean_line(given)
            );
            return 2;
        }
    }
    let opts = super::Options {
        sources: a.sources.clone(),
        out: a.out.clone(),
        id,
        title: a.title.as_deref().map(super::doc::clean_field),
        update: a.update,
        quiet: a.quiet,
    };
    match super::run(&opts) {
        Ok(report) => {
            let text = crate::sanitize::clean(&report.text(&a.out)).into_owned();
            if a.quiet {
                for line in text.lines().filter(|l| {
                    l.trim_start().starts_with("error") || l.trim_start().starts_with("unresolved")
                }) {
                    eprintln!("{line}");
                }
            } else {
                eprint!("{text}");
            }
            i32::from(!report.errors.is_empty() || !report.unresolved.is_empty())
        }
        Err(e) => {
            eprintln!("error: {}", crate::sanitize::clean(&e));
            1
        }
    }
}
