//! Highlights end to end in a real terminal: select across two passages,
//! highlight, tag, note, quit, start again, filter the list by tag, jump,
//! and export. Skipped (with a message) when tmux is not installed.

use crate::common::BIN;
use crate::common::tmux::{Reading, tmux_or_skip};

#[test]
fn highlight_tag_note_restart_filter_jump_export() {
    if !tmux_or_skip("the highlights end-to-end test") {
        return;
    }
    let run = Reading::start("hl", 120, 40, "--no-resume");
    let (tmux, data) = (&run.tmux, &run.data);
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
    run.quit();

    // Start again: the highlight is there; filter by its tag and jump.
    run.restart("--no-resume");
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
    run.quit();

    // Export: Markdown carries the note, the tag and the way back, and
    // --at with that id opens the reader there.
    let out = std::process::Command::new(BIN)
        .args(["annotations", "export", "--format", "markdown"])
        .env("LECTERN_DATA_DIR", data)
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
    let vault = run.dir.path().join("vault");
    let out = std::process::Command::new(BIN)
        .args(["annotations", "export", "--format", "obsidian", "--out"])
        .arg(&vault)
        .env("LECTERN_DATA_DIR", data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_dir(&vault).unwrap().count() >= 1);
    run.restart(&format!("--at {id}"));
    tmux.wait_for("the reader at the highlight", |s| {
        s.contains("Article 1/") && s.contains("passage 1/") && !s.contains("EXITED")
    });
    run.quit();
}

/// A copy of the embedded corpus whose articles give a URL.
fn pack_with_urls(dir: &std::path::Path) -> std::path::PathBuf {
    let pack = dir.join("pack");
    let out = std::process::Command::new(BIN)
        .arg("init")
        .arg(&pack)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = pack.join("corpus.json");
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for a in c["articles"].as_array_mut().unwrap() {
        let id = a["id"].as_str().unwrap().to_owned();
        a["url"] = serde_json::json!(format!("https://example.org/articles/{id}"));
    }
    std::fs::write(&path, serde_json::to_string_pretty(&c).unwrap()).unwrap();
    pack
}

/// The SGR parameters in force just before `word` on a line of an escaped
/// capture (`capture-pane -e`) that holds it: those set since the last full
/// reset.
fn sgr_before(escaped: &str, word: &str) -> Vec<String> {
    let Some(line) = escaped.lines().find(|l| l.contains(word)) else {
        return Vec::new();
    };
    let before = &line[..line.find(word).unwrap()];
    let mut params = Vec::new();
    for seq in before.split("\u{1b}[").skip(1) {
        let Some(end) = seq.find('m') else { continue };
        let list: Vec<String> = seq[..end].split(';').map(str::to_owned).collect();
        if list.iter().all(|p| p == "0" || p.is_empty()) {
            params.clear();
        } else {
            params.push(list.join(";"));
        }
    }
    params
}

#[test]
fn a_linked_source_and_a_highlight_in_the_printed_text_in_tmux() {
    if !tmux_or_skip("the printed-text highlight end-to-end test") {
        return;
    }
    let model = lectern::corpus::embedded().unwrap();
    // The first passage, in reading order, with a printed slip.
    let (a, p) = (0..model.articles.len())
        .flat_map(|a| (0..model.articles[a].passages.len()).map(move |p| (a, p)))
        .find(|&(a, p)| model.articles[a].passages[p].original.is_some())
        .unwrap();
    let passage = &model.articles[a].passages[p];
    let original = passage.original.as_ref().unwrap();
    let slip = &original[passage.original_corrections[0].clone()];
    let slip = slip.split_whitespace().next().unwrap().to_owned();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        for no_color in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let pack = pack_with_urls(dir.path());
            let env = if no_color { "NO_COLOR=1 " } else { "" };
            let run = Reading::start_with(
                dir,
                &format!("hl-printed-{w}-{no_color}"),
                (w, h),
                env,
                &format!(
                    "--no-resume --content {}",
                    crate::common::tmux::quote(&pack)
                ),
            );
            let tmux = &run.tmux;
            // The source, made a link, still draws a whole frame.
            let screen = tmux.capture();
            let first = screen.lines().next().unwrap();
            assert!(first.starts_with('┌') && first.ends_with('┐'), "{screen}");
            for line in screen.lines() {
                assert_eq!(line.chars().count(), w as usize, "{screen}");
            }
            for _ in 0..a {
                tmux.send("]");
            }
            tmux.wait_for("the article", |s| {
                s.contains(&format!("Article {}/", a + 1))
            });
            for _ in 0..p {
                tmux.send("}");
            }
            let at = format!("passage {}/", p + 1);
            tmux.wait_for("the passage", |s| s.contains(&at));
            tmux.send("V");
            tmux.send("Enter");
            tmux.wait_for("the highlight", |s| s.contains("highlighted in yellow"));
            tmux.send("o");
            tmux.wait_for("the printed text", |s| s.contains(&slip));
            let escaped =
                String::from_utf8_lossy(&tmux.run(&["capture-pane", "-e", "-p", "-t", "s"]).stdout)
                    .into_owned();
            let sgr = sgr_before(&escaped, &slip);
            let marked = |p: &String| {
                let list: Vec<&str> = p.split(';').collect();
                if no_color {
                    list.contains(&"4")
                } else {
                    list.contains(&"43") || p.contains("48;5;3")
                }
            };
            assert!(
                sgr.iter().any(marked),
                "{slip} is not highlighted: {sgr:?}\n{escaped}"
            );
            run.quit();
        }
    }
}
