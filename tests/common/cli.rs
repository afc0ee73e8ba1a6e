//! Running the program's commands: the exit code and both outputs, with
//! no data directory unless one is given.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::BIN;

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `lectern args…` with no data directory from the environment.
pub fn lectern(args: &[impl AsRef<OsStr>]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("LECTERN_DATA_DIR");
    run(&mut cmd)
}

/// Runs `lectern args…` keeping its data in `data`.
pub fn lectern_with_data(args: &[impl AsRef<OsStr>], data: &Path) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("LECTERN_DATA_DIR", data);
    run(&mut cmd)
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run lectern");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A pack under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
