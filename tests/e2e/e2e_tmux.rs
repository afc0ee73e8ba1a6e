//! End-to-end runs of the program in a real terminal (tmux): keys
//! go in through `send-keys`, the screen comes back through `capture-pane`,
//! and the expected text is computed by the same `Reader` driven with the same
//! actions, so the test follows the content rather than hard-coding it.
//!
//! Skipped (with a message) when tmux is not installed.

use std::sync::Arc;

use lectern::reader::{Action, Pane, Reader, update};

use crate::common::tmux::{Reading, tmux_or_skip};

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
    format!(
        "Article {}/{}",
        r.article.index() + 1,
        r.corpus.articles.len()
    )
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
fn the_program_in_tmux() {
    if !tmux_or_skip("the end-to-end test") {
        return;
    }
    // No user config, no status line: the pane is exactly W×H.
    let run = Reading::start("e2e", W, H, "");
    let tmux = &run.tmux;

    // The model: the same reader, driven with the same actions.
    let corpus = Arc::new(lectern::corpus::embedded().expect("embedded corpus"));
    let mut m = Reader::new(corpus.clone(), W, H);
    let doc_w = m.screen().doc.width as usize;

    // 1. The first screen: three panes.
    // Waited for whole, footer included: a capture may catch a frame half
    // drawn.
    let screen = tmux.wait_for("the first screen", |s| {
        s.contains("Article 1/5")
            && s.contains("Timeline")
            && s.contains("Entities")
            && shows_position(s, &m)
    });
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
            (0..k).for_each(|_| {
                update(&mut t, Action::Down);
            });
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

/// The row of the screen that shows `text` in the document pane, if any.
fn row_with<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(text))
}

/// Bookmarks with a note survive a restart, with the position; then a tour,
/// compare sources and search, in the same real terminal.
#[test]
fn bookmarks_resume_and_guided_reading_in_tmux() {
    if !tmux_or_skip("the end-to-end test") {
        return;
    }
    let run = Reading::start("e2e-guided", W, H, "");
    let (tmux, data) = (&run.tmux, &run.data);

    let corpus = Arc::new(lectern::corpus::embedded().expect("embedded corpus"));
    let mut m = Reader::new(corpus.clone(), W, H);
    tmux.wait_for("the first screen", |s| shows_position(s, &m));

    // (a) Bookmark the third passage of the second article, with a note.
    for (key, action) in [
        ("]", Action::NextArticle),
        ("}", Action::NextPassage),
        ("}", Action::NextPassage),
    ] {
        update(&mut m, action);
        tmux.send(key);
    }
    let marked = m.loc();
    let marked_line = focus_first_line(&m);
    tmux.wait_for("the passage to bookmark", |s| {
        shows_position(s, &m) && s.contains(&marked_line)
    });
    tmux.send("m");
    tmux.wait_for("m to bookmark the passage", |s| {
        s.contains("bookmarked") && row_with(s, &marked_line).is_some_and(|r| r.contains('★'))
    });
    let note = "Genoa or Rapallo – check ✓";
    tmux.send("M");
    tmux.wait_for("the note prompt", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("Note: "))
    });
    tmux.type_text(note);
    tmux.wait_for("the note as typed", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.starts_with(&format!("Note: {note}")))
    });
    tmux.send("Enter");
    tmux.wait_for("Enter to save the note", |s| s.contains("note saved"));

    // `m` on the noted bookmark removes it; `u` in the document brings it
    // back with its note, which the restart below must still show.
    tmux.send("m");
    tmux.wait_for("m to remove the bookmark and its note", |s| {
        s.contains("bookmark and its note removed — u to undo")
            && row_with(s, &marked_line).is_some_and(|r| !r.contains('★'))
    });
    tmux.send("u");
    tmux.wait_for("u to restore the bookmark", |s| {
        s.contains("bookmark restored")
            && row_with(s, &marked_line).is_some_and(|r| r.contains('★'))
    });

    // Read on a little, then quit: the position is saved with the bookmark.
    update(&mut m, Action::NextPassage);
    update(&mut m, Action::Down);
    let at_quit = m.position();
    tmux.send("}");
    tmux.send("j");
    let quit_line = focus_first_line(&m);
    tmux.wait_for("the position to quit at", |s| {
        shows_position(s, &m) && s.contains(&quit_line)
    });
    tmux.send("q");
    let screen = tmux.wait_for("the reader to exit", |s| s.contains("EXITED"));
    assert!(screen.contains("EXITED 0"), "exit status:\n{screen}");
    let file = data.join(&corpus.id).join("bookmarks.json");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("bookmarks saved")).unwrap();
    assert_eq!(saved["bookmarks"][0]["note"], note, "{saved}");
    assert_eq!(saved["position"]["passage"], at_quit.focus, "{saved}");

    // Start again with the same data: the reader is where it was.
    // The model reads the same file (and never writes it).
    let mut m = Reader::new(corpus.clone(), W, H);
    let (store, warning) = lectern::store::Store::open_path(file.clone(), &corpus.id);
    assert!(warning.is_none(), "{warning:?}");
    lectern::session::Session::default().start(&mut m, Some(store), true);
    assert_eq!(m.position(), at_quit, "the model resumes too");
    // On a cleared screen, so the previous run's text cannot match.
    run.restart("");
    let screen = tmux.wait_for("the resumed position", |s| {
        shows_position(s, &m) && s.contains("Article 2/5")
    });
    assert!(
        screen.lines().nth(1).is_some_and(|row| {
            let text = m.doc.lines[m.scroll];
            let (t, _, _) =
                corpus.articles[m.article].passages[text.passage.unwrap()].version(false);
            row.contains(t[text.range()].trim())
        }),
        "the same line is on top as at quit:\n{screen}"
    );

    // ' lists the bookmark with its note; Enter goes there, marked ★.
    tmux.send("'");
    tmux.wait_for("the bookmark list with the note", |s| {
        s.contains("Annotations —")
            && s.contains(&format!("✎ {note}"))
            && s.contains(&format!("★ §{}", marked.passage + 1))
            && s.contains(&corpus.articles[marked.article].title)
    });
    tmux.send("Enter");
    update(&mut m, Action::Bookmarks);
    update(&mut m, Action::Activate);
    assert_eq!(m.loc(), marked);
    tmux.wait_for("Enter to go to the bookmark", |s| {
        !s.contains("Annotations —")
            && shows_position(s, &m)
            && row_with(s, &marked_line).is_some_and(|r| r.starts_with("│▌★"))
    });

    // (b) The introductory tour, three steps.
    tmux.send("t");
    tmux.wait_for("the tour list", |s| s.contains("Tours — Enter"));
    tmux.send("Enter");
    tmux.send(">");
    tmux.send(">");
    for a in [
        Action::Tours,
        Action::Activate,
        Action::NextStep,
        Action::NextStep,
    ] {
        update(&mut m, a);
    }
    let step = m.tour_step().expect("a tour step").clone();
    assert_eq!(m.loc(), step.loc);
    let step_line = focus_first_line(&m);
    let commentary: String = step
        .commentary
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    tmux.wait_for("the tour bar at step 3", |s| {
        s.contains("step 3/")
            && shows_position(s, &m)
            && s.contains(&step_line)
            && s.contains(&commentary)
    });

    // Compare sources on the event selected in the timeline.
    tmux.send("Tab");
    tmux.send("Tab");
    tmux.send("c");
    for a in [Action::FocusNext, Action::FocusNext, Action::Compare] {
        update(&mut m, a);
    }
    let Some(lectern::reader::Overlay::Compare { event, .. }) = m.overlay else {
        panic!("the model opened no compare view")
    };
    let title = corpus.events[event].title.clone();
    tmux.wait_for("the compare view", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Compare sources") && l.contains(&title))
    });
    // One Esc at a time: two at once can arrive as one Alt-Esc.
    tmux.send("Escape");
    update(&mut m, Action::Close);
    assert!(m.overlay.is_none());
    tmux.wait_for("Esc to close the compare view", |s| {
        !s.contains("Compare sources") && shows_position(s, &m)
    });

    // Search a word found in every article; n walks into another article.
    tmux.send("/");
    tmux.wait_for("the search prompt", |s| {
        s.lines().last().is_some_and(|l| l.starts_with('/'))
    });
    tmux.type_text("Rapallo");
    update(&mut m, Action::Search);
    for c in "Rapallo".chars() {
        update(&mut m, Action::Edit(lectern::reader::Edit::Char(c)));
    }
    tmux.wait_for("the results", |s| {
        s.contains("Results") && s.lines().last().is_some_and(|l| l.contains("hits in"))
    });
    tmux.send("Enter");
    update(&mut m, Action::Edit(lectern::reader::Edit::Submit));
    tmux.wait_for("Enter to go to the first hit", |s| {
        !s.contains("Results") && shows_position(s, &m) && s.contains(&focus_first_line(&m))
    });
    let from = m.article;
    let mut presses = 0;
    while m.article == from {
        update(&mut m, Action::NextHit);
        tmux.send("n");
        presses += 1;
        assert!(presses < 50, "n never left article {}", from.index() + 1);
    }
    tmux.wait_for("n to reach another article", |s| {
        s.contains(&article_label(&m)) && shows_position(s, &m) && s.contains(&focus_first_line(&m))
    });

    tmux.send("q");
    let screen = tmux.wait_for("the reader to exit", |s| s.contains("EXITED"));
    assert!(screen.contains("EXITED 0"), "exit status:\n{screen}");
    // The tour's step was kept for next time.
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["tours"][corpus.tours[0].id.as_str()], 2, "{saved}");
}
