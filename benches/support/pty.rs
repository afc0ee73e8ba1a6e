//! A program in a pseudo-terminal, its output read straight from the
//! master side into a terminal emulator (vt100), with the time each chunk
//! arrived. Shared by the end-to-end harness and the hang-up test.

#![allow(dead_code)]
#![allow(
    unsafe_code,
    reason = "openpty and the controlling terminal have no safe interface in std"
)]

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

// The 400 MB pack takes seconds to load on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(180);

/// A program in a pseudo-terminal.
pub struct Pty {
    pub master: File,
    rx: Receiver<(Instant, Vec<u8>)>,
    pub child: Child,
    pub parser: vt100::Parser,
    /// When the first output arrived.
    pub first_output: Option<Instant>,
}

impl Pty {
    /// Starts `cmd` in a new pty of `w`×`h`; returns it and the moment just
    /// before the process was spawned.
    pub fn spawn(cmd: &mut Command, w: u16, h: u16) -> (Pty, Instant) {
        let (mut master, mut slave) = (0, 0);
        let ws = libc::winsize {
            ws_row: h,
            ws_col: w,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors we then own; the name and
        // termios arguments may be null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // Neither end may leak into the child: a child holding the master would
        // keep the terminal open after we close it.
        for fd in [master, slave] {
            // SAFETY: fcntl on descriptors we own.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        // SAFETY: both descriptors are fresh and owned by nobody else.
        let slave = unsafe { OwnedFd::from_raw_fd(slave) };
        let master = unsafe { File::from_raw_fd(master) };
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new
        // session whose controlling terminal is the pty (as a terminal
        // emulator does), so /dev/tty is the pty too.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let t0 = Instant::now();
        let child = cmd.spawn().expect("spawn in the pty");
        let mut reader = master.try_clone().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let parser =
            vt100::Parser::new(NonZeroU16::new(h).unwrap(), NonZeroU16::new(w).unwrap(), 0);
        (
            Pty {
                master,
                rx,
                child,
                parser,
                first_output: None,
            },
            t0,
        )
    }

    /// Feeds output to the emulator until `done` holds; returns when the
    /// chunk that made it hold arrived.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) -> Instant {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((at, bytes)) => {
                    self.first_output.get_or_insert(at);
                    self.parser.process(&bytes);
                    if done(self.parser.screen()) {
                        return at;
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => panic!(
                    "timed out waiting for {what}; the screen was:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    /// Reads output until none arrives for `quiet`.
    pub fn settle(&mut self, quiet: Duration) {
        while let Ok((_, bytes)) = self.rx.recv_timeout(quiet) {
            self.parser.process(&bytes);
        }
    }

    pub fn send(&mut self, bytes: &[u8]) -> Instant {
        let t = Instant::now();
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
        t
    }

    pub fn state(&self) -> String {
        self.parser.screen().contents_formatted()
    }

    /// Peak resident memory of the program so far (VmHWM), in KiB.
    pub fn peak_kib(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        s.lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    pub fn quit(mut self, key: &[u8]) {
        let _ = self.master.write_all(key);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            self.settle(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
