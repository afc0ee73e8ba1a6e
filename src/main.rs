use clap::Parser;

use lectern::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(cmd) => cli::run_command(cmd, &args.global),
        None => match cli::load_or_report(args.global.content.as_ref()) {
            Ok(c) => {
                print!("{}", c.title);
                0
            }
            Err(code) => code,
        },
    };
    std::process::exit(code);
}
