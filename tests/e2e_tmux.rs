//! One end-to-end run of the release binary in a real terminal (tmux): keys
//! go in through `send-keys`, the screen comes back through `capture-pane`,
//! and the expected text is computed by the same `Reader` driven with the same
//! actions, so the test follows the content rather than hard-coding it.
//!
//! Skipped (with a message) when tmux is not installed.

mod common;

use std::sync::Arc;

use common::tmux::{Tmux, quote, release_binary, tmux_available};
use lectern::reader::{Action, Pane, Reader, update};

const W: u16 = 120;
const H: u16 = 40;

/// The footer text the model expects: "passage k/n".
fn passage_label(r: &Reader) -> String {
    format!(
        "passage {}/{}",
        r.focus + 1,
        r.corpus.articles[r.article].passages.len()
    )
}

fn article_label(r: &Reader) -> String {
    format!("Article {}/{}", r.article + 1, r.corpus.articles.len())
}

fn shows_position(screen: &str, r: &Reader) -> bool {
    screen.contains(&passage_label(r)) && screen.contains(&article_label(r))
}

/// The text of the first wrapped line of the focus passage, as the model lays it out.
fn focus_first_line(r: &Reader) -> String {
    let line = r.doc.lines[r.doc.start_of(r.focus)];
    let (text, _, _) = r.corpus.articles[r.article].passages[r.focus].version(r.show_original);
    text[line.range()].trim().to_owned()
}

/// The characters of one pane (columns `from..to`) on every row of the screen.
fn columns(screen: &str, from: usize, to: usize) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.chars().skip(from).take(to - from).collect())
        .collect()
}

#[test]
fn release_binary_in_tmux() {
    if !tmux_available() {
        println!("SKIPPED: tmux is not on PATH; the end-to-end test did not run");
        return;
    }
    let bin = release_binary();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let shell = format!(
        "LECTERN_DATA_DIR={} {}; echo EXITED $?; sleep 30",
        quote(&data),
        quote(&bin)
    );
    let tmux = Tmux::start("e2e", tmp.path(), W, H, &shell);

    // The model: the same reader, driven with the same actions.
    let corpus = Arc::new(lectern::corpus::embedded().expect("embedded corpus"));
    let mut m = Reader::new(corpus.clone(), W, H);
    let doc_w = m.screen().doc.width as usize;

    // 1. The first screen: three panes.
    let screen = tmux.wait_for("the first screen", |s| {
        s.contains("Article 1/5") && s.contains("Timeline") && s.contains("Entities")
    });
    assert!(shows_position(&screen, &m), "{screen}");
    assert!(
        screen.contains(&focus_first_line(&m)),
        "the first passage is shown:\n{screen}"
    );

    // 2. `j` scrolls a line: the second line of the text is now on top.
    update(&mut m, Action::Down);
    let second = {
        let l = m.doc.lines[m.scroll];
        let (text, _, _) = corpus.articles[m.article].passages[l.passage.unwrap()].version(false);
        text[l.range()].trim().to_owned()
    };
    tmux.send("j");
    tmux.wait_for("j to scroll a line", |s| {
        s.lines().nth(1).is_some_and(|row| {
            row.chars()
                .take(doc_w)
                .collect::<String>()
                .contains(&second)
        })
    });

    // 3. `}` moves to the next passage.
    update(&mut m, Action::NextPassage);
    assert_eq!(m.focus, 1);
    tmux.send("}");
    tmux.wait_for("} to show passage 2", |s| {
        s.contains("passage 2/") && s.contains(&focus_first_line(&m))
    });

    // 4. Tab moves to the entity pane; `j` there selects the next entity, marked ▶.
    update(&mut m, Action::FocusNext);
    update(&mut m, Action::Down);
    assert_eq!(m.pane, Pane::Entities);
    let entity = &corpus.entities[m.selected_entity().expect("an entity")];
    tmux.send("Tab");
    tmux.send("j");
    tmux.wait_for("the entity pane to select an entity", |s| {
        let lines: Vec<&str> = s.lines().collect();
        let Some(top) = lines.iter().position(|l| l.contains("Entities")) else {
            return false;
        };
        columns(s, doc_w, W as usize)[top..]
            .iter()
            .any(|row| row.starts_with("│▶") && row.contains(&entity.name))
    });

    // 5. Tab to the timeline; pick an event told in another article, Enter jumps there.
    update(&mut m, Action::FocusNext);
    assert_eq!(m.pane, Pane::Timeline);
    let steps = (1..corpus.events.len())
        .find(|&k| {
            let mut t = m.clone();
            (0..k).for_each(|_| update(&mut t, Action::Down));
            let ev = t.event_sel;
            update(&mut t, Action::Activate);
            t.article != m.article && corpus.events[ev].passages.len() >= 2
        })
        .expect("an event told in another article, by two passages or more");
    tmux.send("Tab");
    for _ in 0..steps {
        update(&mut m, Action::Down);
        tmux.send("j");
    }
    let event = m.event_sel;
    let before_jump = m.clone();
    update(&mut m, Action::Activate);
    assert!(
        corpus.events[event].passages.contains(&m.loc()),
        "the model jumped to the event"
    );
    tmux.send("Enter");
    let first = focus_first_line(&m);
    tmux.wait_for("Enter on an event to show its passage", |s| {
        shows_position(s, &m) && s.contains(&first)
    });

    // 6. `n`: the next passage of the same event, with a status "… 2 of N".
    update(&mut m, Action::NextHit);
    let status = m.status.clone().expect("a status after n");
    assert!(status.contains("2 of"), "{status}");
    // The status may be cut to fit beside the footer; its count comes first.
    let count = status.split(" · ").next().unwrap_or(&status).to_owned();
    tmux.send("n");
    tmux.wait_for("n to show the next passage of the event", |s| {
        shows_position(s, &m) && s.contains(&count) && s.contains(&focus_first_line(&m))
    });

    // 7. Backspace, twice: back before `n`, then back before the jump.
    update(&mut m, Action::Back);
    tmux.send("BSpace");
    tmux.wait_for("Backspace to return before n", |s| shows_position(s, &m));
    update(&mut m, Action::Back);
    assert_eq!(
        (m.article, m.focus),
        (before_jump.article, before_jump.focus)
    );
    tmux.send("BSpace");
    tmux.wait_for("Backspace to return before the jump", |s| {
        s.contains("Article 1/5") && s.contains("passage 2/")
    });

    // 8. `?` shows the help, Esc closes it.
    tmux.send("?");
    tmux.wait_for("the help overlay", |s| s.contains("┌ Keys"));
    tmux.send("Escape");
    tmux.wait_for("Esc to close the help", |s| {
        !s.contains("┌ Keys") && s.contains("Article 1/5")
    });

    // 9. `q` quits with status 0 and leaves the normal screen clean.
    tmux.send("q");
    let screen = tmux.wait_for("the reader to exit", |s| s.contains("EXITED"));
    assert!(screen.contains("EXITED 0"), "exit status:\n{screen}");
    for junk in ["┌", "│", "└", "Article 1/5", "Timeline", "▌"] {
        assert!(
            !screen.contains(junk),
            "{junk:?} left on the screen after exit:\n{screen}"
        );
    }
}
