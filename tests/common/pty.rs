//! A program in a pseudo-terminal, its output read straight from the
//! master side into a terminal emulator (vt100), with the time each chunk
//! arrived. Shared by the end-to-end benchmarks and the hang-up test.
//!
//! A thread does nothing but read the master and timestamp each chunk, so
//! the emulator's own parsing is not counted; it looks every few
//! milliseconds whether to stop, so that `hang_up` can close every handle
//! on the master, as closing a terminal window does.

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
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

// The 400 MB pack takes seconds to load on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(180);

/// A program in a pseudo-terminal.
pub struct Pty {
    /// None once the terminal is hung up.
    master: Option<File>,
    rx: Receiver<(Instant, Vec<u8>)>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    child: Child,
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
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let mut from = master.try_clone().unwrap();
        let stopping = stop.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            while !stopping.load(Ordering::Relaxed) {
                let tick = Timespec {
                    tv_sec: 0,
                    tv_nsec: 10_000_000,
                };
                let ready = poll(&mut [PollFd::new(&from, PollFlags::IN)], Some(&tick));
                match ready {
                    Ok(0) | Err(rustix::io::Errno::INTR) => continue,
                    Ok(_) => {}
                    Err(_) => break,
                }
                match from.read(&mut buf) {
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
                master: Some(master),
                rx,
                stop,
                reader: Some(reader),
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
        let master = self.master.as_mut().expect("the terminal is open");
        master.write_all(bytes).unwrap();
        master.flush().unwrap();
        t
    }

    /// Closes the terminal, as closing its window does: the reading thread
    /// stops and drops its handle, then this one goes.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.master = None;
    }

    /// The program's exit status once it has exited.
    pub fn try_wait(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Stops the program if it still runs.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
        if let Some(m) = self.master.as_mut() {
            let _ = m.write_all(key);
        }
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
