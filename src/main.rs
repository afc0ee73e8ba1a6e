#![forbid(unsafe_code)]

use std::io::Write;

use lectern::cli;
use lectern::session::Session;

fn main() {
    // Without a subcommand the reader runs: the screen of its first frame
    // is made while the arguments are parsed and the pack is loaded. (A
    // subcommand after options only makes it in vain.)
    let screen = match std::env::args_os().nth(1) {
        Some(a) if !a.as_encoded_bytes().starts_with(b"-") => lectern::app::Screen::default(),
        _ => lectern::app::Screen::prepare(),
    };
    let args = match cli::parse() {
        Ok(args) => args,
        Err(code) => std::process::exit(code),
    };
    let code = match &args.command {
        Some(cmd) => cli::run_command(cmd, &args.global),
        // Content is loaded and checked before the terminal is touched, so
        // errors print to a normal screen.
        None => match cli::load_or_report(&args.global) {
            Ok(c) => {
                let mut session = Session::default();
                let store = session.open_store(args.global.data_dir.as_deref(), &c.id);
                let resume = !args.global.no_resume;
                // A place asked for is checked before the terminal is taken.
                let at = match &args.global.at {
                    Some(spec) => match cli::annotations::resolve_at(&c, store.as_ref(), spec) {
                        Ok(loc) => Some(loc),
                        Err(e) => {
                            let _ = writeln!(std::io::stderr(), "lectern: {e}");
                            std::process::exit(2);
                        }
                    },
                    None => None,
                };
                let session = std::cell::RefCell::new(session);
                let loaded =
                    lectern::config::load(&lectern::config::locate(args.global.config.as_deref()));
                let content = args.global.content.clone();
                let max_mb = args.global.max_file_mb;
                let result = lectern::app::run_with(
                    c,
                    &loaded,
                    screen,
                    |r| {
                        session.borrow_mut().start(r, store, resume);
                        if let Some(loc) = at {
                            r.open_at(loc);
                        }
                    },
                    // Reading every JSON file of a large pack takes tens of
                    // milliseconds: the first frame does not wait for it.
                    |r| {
                        if let Some(dir) = &content {
                            lectern::curate::attach(r, dir, max_mb);
                        }
                    },
                    |r, ending| session.borrow_mut().persist(r, ending),
                );
                // Not eprintln!: after a hang-up stderr is gone, and a
                // failed write must not turn into a panic.
                let mut err = std::io::stderr();
                for m in &session.borrow().messages {
                    let _ = writeln!(err, "lectern: {m}");
                }
                match result {
                    Ok(exit) => exit.code(),
                    Err(e) => {
                        let _ = writeln!(err, "error: {e}");
                        1
                    }
                }
            }
            Err(code) => code,
        },
    };
    std::process::exit(code);
}
