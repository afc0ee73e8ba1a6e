//! `lectern config`: check the configuration file, print the one in
//! effect, or say where it is read from.

use std::io::Write;

use super::{ConfigCommand, GlobalOpts};
use crate::config::{self, Location};
use crate::sanitize::clean_line;

/// The exit code of a configuration with mistakes, as for a content pack.
pub const EXIT_BAD_CONFIG: i32 = 2;

pub fn run(cmd: &ConfigCommand, global: &GlobalOpts) -> i32 {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    // A closed pipe is not an error worth a panic: writes are let go.
    match cmd {
        ConfigCommand::Path => {
            let loc = config::locate(global.config.as_deref());
            let _ = match &loc {
                Location::Nowhere => writeln!(
                    out,
                    "no configuration directory is known here; use --config FILE"
                ),
                Location::Given(p) | Location::Default(p) => {
                    let shown = clean_line(&p.display().to_string());
                    let state = if p.is_file() {
                        ""
                    } else {
                        " (no file there yet)"
                    };
                    writeln!(out, "{shown}{state}")
                }
            };
            0
        }
        ConfigCommand::Print => {
            let loaded = config::load(&config::locate(global.config.as_deref()));
            for e in &loaded.errors {
                let _ = writeln!(err, "lectern: {e} (the default is printed)");
            }
            let _ = out.write_all(config::print(&loaded.config).as_bytes());
            0
        }
        ConfigCommand::Check { file } => {
            let given = file.as_deref().or(global.config.as_deref());
            let loc = match file {
                Some(f) => Location::Given(f.clone()),
                None => config::locate(given),
            };
            let loaded = config::load(&loc);
            if loaded.errors.is_empty() {
                let _ = match loc.path() {
                    Some(p) if loaded.read => {
                        writeln!(out, "{}: fine", clean_line(&p.display().to_string()))
                    }
                    Some(p) => writeln!(
                        out,
                        "no configuration at {}: the defaults apply",
                        clean_line(&p.display().to_string())
                    ),
                    None => writeln!(out, "no configuration: the defaults apply"),
                };
                return 0;
            }
            for e in &loaded.errors {
                let _ = writeln!(err, "{e}");
            }
            let n = loaded.errors.len();
            let _ = writeln!(
                err,
                "{n} mistake{} in the configuration; the reader uses the defaults there",
                if n == 1 { "" } else { "s" }
            );
            EXIT_BAD_CONFIG
        }
    }
}
