//! When its terminal goes away (the window is closed, tmux is killed, the
//! connection drops), the reader ends: it does not keep running with no
//! terminal, spinning on reads that return nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a failure by panicking"
)]
#![allow(
    unsafe_code,
    reason = "openpty and the controlling terminal have no safe interface in std"
)]

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn release_binary() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => manifest.join(d),
        None => manifest.join("target"),
    };
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "lectern", "--target-dir"])
        .arg(&target)
        .current_dir(&manifest)
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build --release failed");
    target.join("release").join("lectern")
}

#[test]
fn the_reader_exits_when_its_terminal_hangs_up() {
    let bin = release_binary();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(&bin);
    cmd.env("TERM", "xterm-256color")
        .env("LECTERN_DATA_DIR", home.path().join("data"))
        .env_remove("TMUX");
    let (mut master, mut slave) = (0, 0);
    let ws = libc::winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two fresh descriptors, which we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &ws,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // Neither end may leak into the child: a child holding the master would
    // keep the terminal open after we close it.
    for fd in [master, slave] {
        // SAFETY: fcntl on descriptors we own.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let slave = unsafe { OwnedFd::from_raw_fd(slave) };
    let mut master = unsafe { File::from_raw_fd(master) };
    cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: async-signal-safe calls only: the pty becomes the controlling
    // terminal of a new session, as in a terminal window.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn the reader");
    drop(cmd);
    // Read until the first frame is out (its footer reads "? help").
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !String::from_utf8_lossy(&seen).contains("help") && Instant::now() < deadline {
        let mut fd = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut fd, 1, 100) } > 0 {
            let mut buf = [0u8; 4096];
            match master.read(&mut buf) {
                Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
    }
    assert!(
        String::from_utf8_lossy(&seen).contains("help"),
        "no first frame"
    );
    // Close the terminal, as a closing window does.
    drop(master);
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(128 + libc::SIGHUP), "{status}");
            // It saved where it was, as on SIGHUP.
            let saved = std::fs::read_dir(home.path().join("data"))
                .map(|d| d.count())
                .unwrap_or(0);
            assert!(saved > 0, "nothing was saved");
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the reader kept running after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
