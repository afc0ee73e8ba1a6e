use clap::Parser;

use lectern::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(cmd) => cli::run_command(cmd, &args.global),
        // Content is loaded and checked before the terminal is touched, so
        // errors print to a normal screen.
        None => match cli::load_or_report(args.global.content.as_ref()) {
            Ok(c) => match lectern::app::run(c, |_| {}, |_, _| {}) {
                Ok(exit) => exit.code(),
                Err(e) => {
                    eprintln!("error: {e}");
                    1
                }
            },
            Err(code) => code,
        },
    };
    std::process::exit(code);
}
