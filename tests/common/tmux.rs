//! Driving the program in a real terminal: a private tmux server
//! (its own socket, killed when the test ends however it ends), keys in
//! through `send-keys`, the screen back through `capture-pane`.

use std::path::Path;
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
