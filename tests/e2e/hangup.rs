//! When its terminal goes away (the window is closed, tmux is killed, the
//! connection drops), the reader ends: it does not keep running with no
//! terminal, spinning on reads that return nothing.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::BIN;
use crate::common::pty::Pty;

#[test]
fn the_reader_exits_when_its_terminal_hangs_up() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    cmd.env("TERM", "xterm-256color")
        .env("LECTERN_DATA_DIR", home.path().join("data"))
        .env_remove("TMUX");
    let (mut pty, _) = Pty::spawn(&mut cmd, 120, 40);
    drop(cmd);
    // Wait until the first frame is out (its footer reads "? help").
    pty.wait_until("the first frame", |s| s.contents().contains("help"));
    // Close the terminal, as a closing window does.
    pty.hang_up();
    let start = Instant::now();
    loop {
        if let Some(status) = pty.try_wait() {
            assert_eq!(status.code(), Some(128 + libc::SIGHUP), "{status}");
            // It saved where it was, as on SIGHUP.
            let saved = std::fs::read_dir(home.path().join("data"))
                .map(|d| d.count())
                .unwrap_or(0);
            assert!(saved > 0, "nothing was saved");
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            pty.kill();
            panic!("the reader kept running after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
