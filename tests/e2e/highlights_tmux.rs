//! Highlights end to end in a real terminal: select across two passages,
//! highlight, tag, note, quit, start again, filter the list by tag, jump,
//! and export. Skipped (with a message) when tmux is not installed.

use std::path::Path;

use crate::common::BIN;
use crate::common::tmux::{Tmux, quote, tmux_available};

fn reader_line(data: &Path, extra: &str) -> String {
    format!(
        "LECTERN_DATA_DIR={} {} {extra}; echo EXITED $?; sleep 30",
        quote(data),
        quote(Path::new(BIN))
    )
}

#[test]
fn highlight_tag_note_restart_filter_jump_export() {
    if !tmux_available() {
        println!("SKIPPED: tmux is not on PATH; the end-to-end test did not run");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let tmux = Tmux::start(
        "hl",
        tmp.path(),
        120,
        40,
        &reader_line(&data, "--no-resume"),
    );
    tmux.wait_for("the reader", |s| s.contains("passage 1/"));

    // Whole first passage, then into the second: across two passages.
    tmux.send("V");
    tmux.wait_for("the selection keys", |s| s.contains("w b word"));
    tmux.send("}");
    tmux.wait_for("the selection in passage 2", |s| s.contains("passage 2/"));
    tmux.send("s");
    tmux.wait_for("the tag prompt", |s| s.contains("Tags: "));
    tmux.type_line("secret");
    tmux.wait_for("tagged", |s| s.contains("tagged secret"));
    tmux.send("p");
    tmux.wait_for("the note prompt", |s| s.contains("Note: "));
    tmux.type_line("across two passages");
    tmux.wait_for("the note saved", |s| s.contains("note saved"));
    // The gutter marks both passages' lines.
    let screen = tmux.capture();
    assert!(screen.matches('▎').count() > 2, "{screen}");
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));

    // Start again: the highlight is there; filter by its tag and jump.
    tmux.respawn(&format!(
        "printf '\\033[H\\033[2J'; {}",
        reader_line(&data, "--no-resume")
    ));
    tmux.wait_for("the reader again", |s| {
        s.contains("passage 1/") && !s.contains("EXITED")
    });
    tmux.send("]");
    tmux.wait_for("the next article", |s| s.contains("Article 2/"));
    tmux.send("'");
    tmux.wait_for("the annotations list", |s| s.contains("Annotations —"));
    tmux.send("s");
    let list = tmux.wait_for("the tag filter", |s| s.contains("Showing #secret"));
    assert!(
        list.contains("#secret") && list.contains("across two passages"),
        "{list}"
    );
    tmux.send("Enter");
    tmux.wait_for("the jump to the highlight", |s| {
        s.contains("Article 1/") && s.contains("passage 1/") && !s.contains("Annotations —")
    });
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));

    // Export: Markdown carries the note, the tag and the way back, and
    // --at with that id opens the reader there.
    let out = std::process::Command::new(BIN)
        .args(["annotations", "export", "--format", "markdown"])
        .env("LECTERN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("across two passages") && md.contains("#secret"),
        "{md}"
    );
    let id = md
        .split("lectern --at ")
        .nth(1)
        .and_then(|s| s.split('`').next())
        .expect("the way back")
        .to_owned();
    let vault = tmp.path().join("vault");
    let out = std::process::Command::new(BIN)
        .args(["annotations", "export", "--format", "obsidian", "--out"])
        .arg(&vault)
        .env("LECTERN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_dir(&vault).unwrap().count() >= 1);
    tmux.respawn(&format!(
        "printf '\\033[H\\033[2J'; {}",
        reader_line(&data, &format!("--at {id}"))
    ));
    tmux.wait_for("the reader at the highlight", |s| {
        s.contains("Article 1/") && s.contains("passage 1/") && !s.contains("EXITED")
    });
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));
}
