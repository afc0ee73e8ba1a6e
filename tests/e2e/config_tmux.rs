//! The configuration in a real terminal: a file that rebinds `}` and picks
//! the light theme, both seen on screen; then a broken file, with which
//! the reader still opens and says in one line what is wrong and where.
//!
//! Skipped (with a message) when tmux is not installed.

use std::path::Path;
use std::time::Duration;

use lectern::config::{self, Location};
use lectern::reader::{Action, Reader, update};
use ratatui::style::Color;

use crate::common::BIN;
use crate::common::tmux::{Tmux, quote, tmux_or_skip};

const LIGHT: &str = "theme = \"light\"\n\n[keys]\nnext_passage = \"J\"\n";
const BROKEN: &str = "theme = \"light\"\n[layout]\nmesure = 80\n";

/// The reader in `dir` with `config`, in true colour and with colour on.
fn line(dir: &Path, config: &str) -> String {
    format!(
        "cd {} && unset NO_COLOR; COLORTERM=truecolor LECTERN_DATA_DIR=data {} --config {config}; \
         echo EXITED $?; sleep 30",
        quote(dir),
        quote(Path::new(BIN))
    )
}

fn passage(r: &Reader) -> String {
    format!(
        "passage {}/{}",
        r.focus + 1,
        r.corpus.articles[r.article].passages.len()
    )
}

#[test]
fn a_configuration_rebinds_keys_sets_the_theme_and_reports_its_mistakes() {
    if !tmux_or_skip("the configuration test") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("data")).unwrap();
    std::fs::write(tmp.path().join("light.toml"), LIGHT).unwrap();
    std::fs::write(tmp.path().join("broken.toml"), BROKEN).unwrap();

    // The model: the same configuration read by the library.
    let loaded = config::load(&Location::Given(tmp.path().join("light.toml")));
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let corpus = std::sync::Arc::new(lectern::corpus::embedded().unwrap());
    let mut m = Reader::new(corpus, 120, 40);
    lectern::app::configure(&mut m, &loaded);

    let tmux = Tmux::start(
        "config",
        tmp.path(),
        120,
        40,
        &line(tmp.path(), "light.toml"),
    );
    tmux.wait_for("the first screen", |s| {
        s.contains("Article 1/5") && s.contains(&passage(&m))
    });

    // The light theme: the focused pane's border in its focus colour.
    let Color::Indexed(focus) = loaded.config.palette().focus else {
        panic!("the light theme's focus is a 256-colour index");
    };
    let colours =
        String::from_utf8_lossy(&tmux.run(&["capture-pane", "-e", "-p", "-t", "s"]).stdout)
            .into_owned();
    assert!(
        colours.contains(&format!("38;5;{focus}")),
        "the light theme's focus colour {focus} is on screen:\n{colours:?}"
    );
    let default_focus = "\u{1b}[1;33m";
    assert!(!colours.contains(default_focus), "no default yellow");

    // `}` is unbound now; `J` goes to the next passage.
    tmux.send("}");
    tmux.send("J");
    update(&mut m, Action::NextPassage);
    tmux.wait_for("J to go to the next passage", |s| s.contains(&passage(&m)));
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.capture();
    assert!(screen.contains(&passage(&m)), "only J moved:\n{screen}");

    // The help lists J for the next passage, and no }.
    tmux.send("?");
    let screen = tmux.wait_for("the help", |s| s.contains("next passage"));
    let row = screen
        .lines()
        .find(|l| l.contains("next passage"))
        .unwrap_or_default();
    let keys = row.split("next passage").next().unwrap_or_default();
    assert!(keys.contains('J') && !keys.contains('}'), "{row}");
    // Esc, then q once the help is gone: sent together they would read
    // as Alt-q.
    tmux.send("Escape");
    tmux.wait_for("the help to close", |s| !s.contains("next passage"));
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));

    // A broken file: the reader opens all the same, at 80×24, and one line
    // names the file, the line and column, and the mistake.
    let tmux = Tmux::start(
        "config-bad",
        tmp.path(),
        80,
        24,
        &line(tmp.path(), "broken.toml"),
    );
    let screen = tmux.wait_for("the reader with the error line", |s| {
        s.contains("Article 1/5") && s.contains("broken.toml:3:1: unknown key `mesure`")
    });
    let bottom = screen.lines().nth(23).unwrap_or_default();
    assert!(
        bottom.contains("broken.toml:3:1"),
        "on the bottom line: {bottom}"
    );
    // The rest of the file still applies: the light theme.
    let colours =
        String::from_utf8_lossy(&tmux.run(&["capture-pane", "-e", "-p", "-t", "s"]).stdout)
            .into_owned();
    assert!(colours.contains(&format!("38;5;{focus}")), "{colours:?}");
    // The line goes with the first key.
    tmux.send("j");
    tmux.wait_for("the error line to go", |s| {
        !s.contains("broken.toml") && s.contains("? help")
    });
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));
}
