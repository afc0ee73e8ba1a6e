//! Driving the program in a real terminal: a private tmux server
//! (its own socket, killed when the test ends however it ends), keys in
//! through `send-keys`, the screen back through `capture-pane`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A private tmux server with one session `s`, killed on drop.
pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// Starts a server on a socket named after `name` and this process, with
    /// one `w`×`h` session running `command` (through the shell), no status
    /// line and no user configuration.
    pub fn start(name: &str, conf_dir: &Path, w: u16, h: u16, command: &str) -> Tmux {
        let conf = conf_dir.join("tmux.conf");
        std::fs::write(&conf, "set -g status off\nset -g escape-time 0\n").unwrap();
        let tmux = Tmux {
            socket: format!("lectern-{name}-{}", std::process::id()),
        };
        let out = Command::new("tmux")
            .args(["-L", &tmux.socket, "-f"])
            .arg(&conf)
            .args(["new-session", "-d", "-s", "s", "-x", &w.to_string()])
            .args(["-y", &h.to_string()])
            .arg(command)
            .env_remove("TMUX")
            .output()
            .expect("start tmux");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd().args(args).output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Sends one key, by tmux's name for it (`q`, `Enter`, `C-z`, `F12`).
    pub fn send(&self, key: &str) {
        self.run(&["send-keys", "-t", "s", key]);
        // An Escape read together with the next key is that key with Alt:
        // give the reader time to read it alone.
        if key == "Escape" {
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Types `text` literally (no key names).
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "s", "-l", text]);
    }

    /// Types `text` literally, then Enter.
    pub fn type_line(&self, text: &str) {
        self.type_text(text);
        self.send("Enter");
    }

    /// Runs `command` afresh in the same pane (the server stays up:
    /// restarting it on the same socket would race its exit).
    pub fn respawn(&self, command: &str) {
        self.run(&["respawn-pane", "-k", "-t", "s", command]);
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "s"]).stdout).into_owned()
    }

    /// A tmux format evaluated for the pane (`#{alternate_on}`, …).
    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "s", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Polls the pane until `ok` holds, failing with the last screen after the timeout.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `p` quoted for a POSIX shell.
pub fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// Whether a test that needs tmux can run; when not, says so on stdout
/// (`what` names the test) so a skipped run is not mistaken for a pass.
pub fn tmux_or_skip(what: &str) -> bool {
    let ok = tmux_available();
    if !ok {
        println!("SKIPPED: tmux is not on PATH; {what} did not run");
    }
    ok
}

/// The shell line that runs the reader with `args` (already quoted for the
/// shell), its data kept in `data`, then leaves `EXITED <status>` on the
/// screen and the pane open long enough to read it.
pub fn reader_line(data: &Path, args: &str) -> String {
    format!(
        "LECTERN_DATA_DIR={} {} {args}; echo EXITED $?; sleep 30",
        quote(data),
        quote(Path::new(crate::common::BIN))
    )
}

/// A reader started in its own tmux server, with the temporary directory
/// that holds its data; both go when it is dropped.
pub struct Reading {
    pub tmux: Tmux,
    /// Where the reader keeps bookmarks and highlights (`LECTERN_DATA_DIR`).
    pub data: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Reading {
    /// Starts `lectern args` in a `w`×`h` pane and waits for its first
    /// screen (the footer's `passage k/n`).
    pub fn start(name: &str, w: u16, h: u16, args: &str) -> Reading {
        let dir = tempfile::tempdir().unwrap();
        Self::start_with(dir, name, (w, h), "", args)
    }

    /// [`Reading::start`] in a directory already made (holding a pack, say),
    /// with `env` (`NAME=value `, shell-quoted) before the command.
    pub fn start_with(
        dir: tempfile::TempDir,
        name: &str,
        (w, h): (u16, u16),
        env: &str,
        args: &str,
    ) -> Reading {
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let line = format!("{env}{}", reader_line(&data, args));
        let tmux = Tmux::start(name, dir.path(), w, h, &line);
        tmux.wait_for("the reader's first screen", |s| s.contains("passage "));
        Reading { tmux, data, dir }
    }

    /// Runs the reader afresh in the same pane with `args`, on a cleared
    /// screen, and waits for its first screen.
    pub fn restart(&self, args: &str) {
        self.tmux.respawn(&format!(
            "printf '\\033[H\\033[2J'; {}",
            reader_line(&self.data, args)
        ));
        self.tmux.wait_for("the reader's first screen again", |s| {
            s.contains("passage ") && !s.contains("EXITED")
        });
    }

    /// Quits with `q` and waits for the reader's exit status, which must be 0.
    pub fn quit(&self) {
        self.tmux.send("q");
        self.tmux
            .wait_for("the reader to quit", |s| s.contains("EXITED 0"));
    }
}
