//! Every way the reader ends leaves the terminal as it found it: `q`,
//! SIGTERM, SIGHUP and SIGINT sent from outside, a panic, and a hangup of
//! the terminal itself; and Ctrl-Z gives the terminal back until `fg`.
//!
//! Each test runs an interactive shell in a private tmux server and types
//! `stty -g > before; lectern …; echo "EXIT $?"; stty -g > after` into it,
//! then compares the two terminal settings, checks that the pane is back on
//! the normal screen with mouse reporting off and the cursor shown, that the
//! shell echoes what is typed, and, after a signal, that the position read
//! was saved. The program Cargo built for the tests is used; for the panic,
//! its event loop runs in a child of this test binary that panics where
//! the program saves after a key.
//!
//! Skipped (with a message) when tmux is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::BIN;
use crate::common::tmux::{TIMEOUT, Tmux, quote, tmux_available};
use lectern::reader::{Action, Reader, update};

const W: u16 = 120;
const H: u16 = 40;

/// A shell in a tmux pane, in a scratch directory holding the data directory.
struct Shell {
    tmux: Tmux,
    dir: tempfile::TempDir,
    reader: Launch,
}

/// The command line that starts a reader with its data directory.
type Launch = fn(&Path) -> String;

/// The program. The data directory, unique to the test, also tells its
/// process apart for `pgrep -f`.
fn lectern(data: &Path) -> String {
    format!("{} --data-dir {}", quote(Path::new(BIN)), quote(data))
}

/// Set in the environment of `panicking_reader` when it is meant to run.
const PANIC_CHILD: &str = "LECTERN_TEST_PANIC_CHILD";
const PANIC_MESSAGE: &str = "test-panic: a key was saved";

/// A reader that panics inside its event loop, where the program saves
/// after a key: this test binary, run as its own child.
fn panicking(data: &Path) -> String {
    let exe = std::env::current_exe().unwrap();
    format!(
        "env {PANIC_CHILD}={} {} exits_tmux::panicking_reader --exact --ignored --nocapture --test-threads 1",
        quote(data),
        quote(&exe)
    )
}

impl Shell {
    fn start(name: &str, reader: Launch) -> Shell {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let tmux = Tmux::start(
            name,
            dir.path(),
            W,
            H,
            &format!(
                "cd {} && env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile -i",
                quote(dir.path())
            ),
        );
        tmux.wait_for("the shell prompt", |s| s.contains('$'));
        Shell { tmux, dir, reader }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn data(&self) -> PathBuf {
        self.path("data")
    }

    fn reader_command(&self) -> String {
        (self.reader)(&self.data())
    }

    /// Types the whole line: settings before, the reader, its exit status,
    /// settings after.
    fn run_reader(&self) {
        self.tmux.type_line(&format!(
            "stty -g > before; {}; echo \"EXIT $?\"; stty -g > after",
            self.reader_command()
        ));
        self.wait_for_reader();
    }

    fn wait_for_reader(&self) -> String {
        self.tmux.wait_for("the reader", |s| {
            s.contains("Article 1/") && s.contains("Timeline")
        })
    }

    fn pid(&self) -> u32 {
        let pattern = format!("--data-dir {}", self.data().display());
        let out = Command::new("pgrep")
            .args(["-f", "--", &pattern])
            .output()
            .expect("run pgrep");
        let text = String::from_utf8_lossy(&out.stdout);
        let pids: Vec<u32> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
        assert_eq!(pids.len(), 1, "one reader process, found {pids:?}");
        pids[0]
    }

    fn kill(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal}");
    }

    /// Waits for `EXIT n` and for the settings after, and returns n.
    fn exit_code(&self) -> i32 {
        let screen = self
            .tmux
            .wait_for("the reader to exit", |s| exit_line(s).is_some());
        wait_until("stty -g > after", || self.path("after").exists());
        wait_until("stty -g > after to be written", || {
            std::fs::read_to_string(self.path("after")).is_ok_and(|s| s.ends_with('\n'))
        });
        exit_line(&screen).unwrap()
    }

    /// The checks made after every exit.
    fn assert_restored(&self, what: &str) {
        let before = std::fs::read_to_string(self.path("before")).unwrap();
        let after = std::fs::read_to_string(self.path("after")).unwrap();
        assert!(!before.trim().is_empty(), "{what}: stty -g printed nothing");
        assert_eq!(before, after, "{what}: terminal settings differ");
        self.assert_normal_screen(what);
    }

    /// The pane is on the normal screen, mouse reporting is off, the cursor
    /// is shown, nothing of the reader is left, and the shell echoes input.
    fn assert_normal_screen(&self, what: &str) {
        let flags = self
            .tmux
            .display("#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}");
        assert_eq!(
            flags, "0 0 0 1",
            "{what}: alternate screen, mouse any, mouse SGR, cursor shown"
        );
        let screen = self.tmux.capture();
        for junk in ["┌", "│", "└", "Timeline", "▌"] {
            assert!(
                !screen.contains(junk),
                "{what}: {junk:?} left on the screen:\n{screen}"
            );
        }
        // With mouse reporting off, a click makes the terminal send nothing;
        // what is typed is echoed and run as usual.
        self.tmux.type_line("echo ALIVE-$((40 + 2))");
        self.tmux
            .wait_for("the shell to echo and run a command", |s| {
                s.contains("ALIVE-42")
            });
    }

    /// The saved position: (article id, passage).
    fn saved_position(&self, corpus_id: &str) -> (String, u64) {
        let path = self.data().join(corpus_id).join("bookmarks.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let p = &v["position"];
        (
            p["article"].as_str().unwrap_or_default().to_owned(),
            p["passage"].as_u64().unwrap_or(u64::MAX),
        )
    }
}

fn exit_line(screen: &str) -> Option<i32> {
    screen
        .lines()
        .filter_map(|l| l.trim().strip_prefix("EXIT "))
        .find_map(|n| n.trim().parse().ok())
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(40));
    }
}

fn skip() -> bool {
    if tmux_available() {
        return false;
    }
    println!("SKIPPED: tmux is not on PATH; the exit tests did not run");
    true
}

/// Moves the reader off its start (next article, two passages on) and
/// returns where the model says it is: (article id, passage), and the
/// footer that shows it.
fn move_reader(shell: &Shell) -> (String, u64) {
    let corpus = Arc::new(lectern::corpus::embedded().unwrap());
    let mut m = Reader::new(corpus.clone(), W, H);
    for (key, action) in [
        ("]", Action::NextArticle),
        ("}", Action::NextPassage),
        ("}", Action::NextPassage),
    ] {
        update(&mut m, action);
        shell.tmux.send(key);
    }
    let footer = format!(
        "passage {}/{}",
        m.focus + 1,
        corpus.articles[m.article].passages.len()
    );
    let article = format!("Article {}/", m.article.index() + 1);
    shell.tmux.wait_for("the moves to show", |s| {
        s.contains(&footer) && s.contains(&article)
    });
    (corpus.articles[m.article].id.clone(), m.focus as u64)
}

#[test]
fn quit_with_q_restores_the_terminal() {
    if skip() {
        return;
    }
    let shell = Shell::start("q", lectern);
    shell.run_reader();
    shell.tmux.send("q");
    assert_eq!(shell.exit_code(), 0);
    shell.assert_restored("q");
}

/// A signal from outside ends the reader with 128 + its number, restores
/// the terminal and saves the position.
fn signal_test(name: &str, signal: &str, number: i32) {
    let shell = Shell::start(name, lectern);
    shell.run_reader();
    let expected = move_reader(&shell);
    shell.kill(signal);
    assert_eq!(
        shell.exit_code(),
        128 + number,
        "exit status after {signal}"
    );
    shell.assert_restored(signal);
    assert_eq!(
        shell.saved_position("rapallo"),
        expected,
        "the position is saved on {signal}"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_saves_the_position() {
    if skip() {
        return;
    }
    signal_test("term", "TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_saves_the_position() {
    if skip() {
        return;
    }
    signal_test("hup", "HUP", 1);
}

#[test]
fn sigint_restores_the_terminal_and_saves_the_position() {
    if skip() {
        return;
    }
    signal_test("int", "INT", 2);
}

#[test]
fn a_panic_restores_the_terminal_and_prints_its_message() {
    if skip() {
        return;
    }
    let shell = Shell::start("panic", panicking);
    shell.run_reader();
    // Starting a tour is saved at once, and this reader's save panics.
    shell.tmux.send("t");
    shell.tmux.send("Enter");
    assert_eq!(shell.exit_code(), 101, "a panic's exit status");
    let screen = shell.tmux.capture();
    assert!(
        screen.contains(PANIC_MESSAGE),
        "the panic message is on the normal screen:\n{screen}"
    );
    shell.assert_restored("panic");
}

/// The reader of the panic test: the program's event loop with the
/// embedded corpus, saving by panicking. Only the panic test runs it.
#[test]
#[ignore = "run in tmux by a_panic_restores_the_terminal_and_prints_its_message"]
fn panicking_reader() {
    if std::env::var_os(PANIC_CHILD).is_none() {
        return;
    }
    let corpus = lectern::corpus::embedded().unwrap();
    let _ = lectern::app::run(
        corpus,
        |_| {},
        |_, ending| {
            if !ending {
                panic!("{PANIC_MESSAGE}");
            }
        },
    );
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_redraws() {
    if skip() {
        return;
    }
    let shell = Shell::start("tstp", lectern);
    // One command per line: a stopped job would let the rest of a list run.
    shell.tmux.type_line("stty -g > before");
    shell.tmux.type_line(&shell.reader_command());
    shell.wait_for_reader();
    shell.tmux.send("}");
    shell
        .tmux
        .wait_for("the second passage", |s| s.contains("passage 2/"));
    shell.tmux.send("C-z");
    shell
        .tmux
        .wait_for("the job to stop", |s| s.contains("Stopped"));
    shell.tmux.type_line("stty -g > suspended");
    wait_until("stty -g > suspended", || {
        std::fs::read_to_string(shell.path("suspended")).is_ok_and(|s| s.ends_with('\n'))
    });
    assert_eq!(
        std::fs::read_to_string(shell.path("before")).unwrap(),
        std::fs::read_to_string(shell.path("suspended")).unwrap(),
        "terminal settings while suspended"
    );
    shell.assert_normal_screen("suspended");

    shell.tmux.type_line("clear; fg");
    // Waited for whole: a capture may catch the redraw half done.
    shell
        .tmux
        .wait_for("fg to redraw the reader where it was", |s| {
            s.contains("Article 1/") && s.contains("Timeline") && s.contains("passage 2/")
        });
    assert_eq!(shell.tmux.display("#{alternate_on}"), "1");
    // It still takes keys, and quits cleanly.
    shell.tmux.send("}");
    shell
        .tmux
        .wait_for("the third passage", |s| s.contains("passage 3/"));
    shell.tmux.send("q");
    // Typed only once the reader is gone, or it would take the keys.
    wait_until("q to end the reader", || {
        shell.tmux.display("#{alternate_on}") == "0"
    });
    shell.tmux.type_line("echo \"EXIT $?\"; stty -g > after");
    assert_eq!(shell.exit_code(), 0);
    shell.assert_restored("Ctrl-Z, fg, q");
}

/// The terminal itself goes away (its window is closed): the reader gets
/// SIGHUP while every write to the terminal fails. It must end promptly,
/// without a panic, and save the position.
#[test]
fn closing_the_terminal_ends_the_reader_and_saves_the_position() {
    if skip() {
        return;
    }
    let shell = Shell::start("gone", lectern);
    // The subshell ignores the hangup so that it outlives the terminal and
    // records the reader's exit status.
    shell.tmux.type_line(&format!(
        "(trap '' HUP; {}; echo $? > code)",
        shell.reader_command()
    ));
    shell.wait_for_reader();
    let expected = move_reader(&shell);
    shell.tmux.run(&["kill-pane", "-t", "s"]);
    wait_until("the reader to end", || {
        std::fs::read_to_string(shell.path("code")).is_ok_and(|s| s.ends_with('\n'))
    });
    let code: i32 = std::fs::read_to_string(shell.path("code"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // A panic would end with 101, an abort (a panic while panicking) with 134.
    assert!(
        code == 129 || code == 1,
        "ended by the hangup (129) or by the failing terminal (1), not {code}"
    );
    assert_eq!(shell.saved_position("rapallo"), expected);
}
