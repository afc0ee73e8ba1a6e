//! Curating an imported pack in a real terminal, from the first key to the
//! files: accept, reject, merge, alias, link (words of a passage, and an
//! unlinked mention from the entity's card), a new event with a second
//! passage, a tour step; then `lectern check` passes, the JSON files are the
//! expected ones, and the reader opened again shows the changes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::BIN;
use crate::common::tmux::{Tmux, quote, reader_line, tmux_or_skip};

const W: u16 = 120;
const H: u16 = 40;

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/curated")
}

/// The reader on `pack`, its data in `data`.
fn reader_on(data: &Path, pack: &Path) -> String {
    reader_line(data, &format!("--content {}", quote(pack)))
}

/// The entity sidebar's rows (the right column below the timeline).
fn sidebar(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("Entities"))
        .unwrap_or(0);
    lines[start..]
        .iter()
        .map(|l| l.chars().skip(81).collect::<String>())
        .collect()
}

struct Session<'a> {
    tmux: &'a Tmux,
}

impl Session<'_> {
    /// A key, then the status it must bring.
    fn expect(&self, keys: &[&str], status: &str) -> String {
        for k in keys {
            self.tmux.send(k);
        }
        self.tmux
            .wait_for(&format!("“{status}” after {keys:?}"), |s| {
                s.contains(status)
            })
    }

    /// Moves the pane's selection with `key` until the selected row (▶)
    /// holds `name`.
    fn select(&self, key: &str, name: &str) {
        for _ in 0..20 {
            let s = self.tmux.capture();
            if s.lines()
                .any(|l| l.contains(&format!("▶{name}")) || l.contains(&format!("▶ {name}")))
            {
                return;
            }
            self.tmux.send(key);
            std::thread::sleep(std::time::Duration::from_millis(120));
        }
        panic!("{name} was never selected:\n{}", self.tmux.capture());
    }
}

#[test]
fn curating_an_imported_pack_in_tmux() {
    if !tmux_or_skip("the curation test") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let pack = tmp.path().join("pack");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/sources");
    let out = Command::new(BIN)
        .arg("import")
        .arg(&src)
        .arg("--out")
        .arg(&pack)
        .arg("--quiet")
        .env("LECTERN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tmux = Tmux::start("curate", tmp.path(), W, H, &reader_on(&data, &pack));
    let s = Session { tmux: &tmux };
    tmux.wait_for("the first screen", |s| {
        s.contains("Article 1/3") && s.contains("Entities")
    });

    // Accept three entities: the passage's first three sidebar rows.
    s.expect(&["Tab", "A"], "accepted “Genoa”");
    s.expect(&["j", "A"], "accepted “Germany”");
    s.expect(&["j", "A"], "accepted “Soviet Russia”");
    // Reject two.
    s.select("j", "Britain");
    s.expect(&["R"], "rejected “Britain”");
    s.select("k", "Berlin");
    s.expect(&["R"], "rejected “Berlin”");
    // Merge two.
    s.select("k", "Rapallo ");
    s.expect(&["E", "m"], "Merge Rapallo into:");
    tmux.type_line("Genoa");
    s.expect(&[], "merged “Rapallo” into “Genoa”");
    // Add an alias.
    s.select("k", "Walther Rathenau");
    s.expect(&["E", "a"], "New alias of Walther Rathenau:");
    tmux.type_line("W. Rathenau");
    s.expect(&[], "alias “W. Rathenau” added");
    // Link a mention no spelling matched: "German" in the next passage.
    s.expect(&["Escape", "}"], "passage 2/5");
    tmux.send("Tab");
    s.select("j", "Germany");
    s.expect(&["E", "w"], "Link to Germany");
    tmux.type_line("German");
    s.expect(&[], "“German” here links to “Germany”");
    // Link an unlinked mention from its row in the card: without the alias
    // "Chicherin", the surname alone in passage 4 is listed there.
    s.select("j", "Georgy Chicherin");
    s.expect(&["E", "x"], "Remove alias of Georgy Chicherin:");
    tmux.type_line("Chicherin");
    s.expect(&[], "alias “Chicherin” removed");
    s.expect(&["Enter"], "Unlinked mentions (1)");
    // Cut before its undo key on the 80 columns of the document's border.
    s.expect(
        &["@"],
        "“Chicherin” here links to “Georgy Chicher… — u undoes",
    );
    let card = tmux.capture();
    assert!(!card.contains("Unlinked mentions"), "{card}");
    s.expect(&["Escape"], "? help");
    // A new event with an approximate date at this passage.
    s.expect(&["Escape", "+"], "New event, date:");
    tmux.type_text("1922~");
    s.expect(&[], "reads “c. 1922”");
    tmux.send("Enter");
    tmux.type_line("Genoa talks");
    s.expect(&[], "event “Genoa talks” (1922~)");
    // Its second passage: the next one, attached from the timeline.
    s.expect(&["}"], "passage 3/5");
    tmux.send("Tab");
    tmux.send("Tab");
    s.select("k", "c. 1922");
    s.expect(&["E", "p"], "passage attached to “Genoa talks”");
    // A tour step.
    s.expect(&["Escape", "T"], "First step of a new tour");
    tmux.type_line("Where the treaty is signed.");
    s.expect(&[], "step added to “My tour”");
    tmux.send("q");
    tmux.wait_for("the reader to quit", |s| s.contains("EXITED 0"));

    // The pack checks, and holds exactly these changes.
    let check = Command::new(BIN).arg("check").arg(&pack).output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    for rel in [
        "corpus.json",
        "entities.json",
        "events.json",
        "guides/my-tour.json",
    ] {
        let got = std::fs::read_to_string(pack.join(rel)).unwrap();
        // Each article's url is its source file's, which lies wherever the
        // repository does: checked here, then left out of the comparison.
        let sources = format!(
            "\"url\": \"file://{}/",
            src.canonicalize().unwrap().display()
        );
        let urls = got
            .lines()
            .filter(|l| l.trim_start().starts_with("\"url\": "))
            .count();
        assert_eq!(
            urls,
            got.lines()
                .filter(|l| l.trim_start().starts_with(&sources))
                .count(),
            "{got}"
        );
        assert!(rel != "corpus.json" || urls == 3, "{got}");
        let got: String = got
            .lines()
            .filter(|l| !l.trim_start().starts_with(&sources))
            .map(|l| format!("{l}\n"))
            .collect();
        let want_path = expected_dir().join(rel);
        if std::env::var_os("LECTERN_BLESS").is_some() {
            std::fs::create_dir_all(want_path.parent().unwrap()).unwrap();
            std::fs::write(&want_path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&want_path).unwrap();
        assert_eq!(got, want, "{rel} differs from {}", want_path.display());
    }

    // Opened again, the reader shows them.
    tmux.respawn(&reader_on(&data, &pack));
    let screen = tmux.wait_for("the reader again", |s| {
        s.contains("Article 1/3") && s.contains("Entities") && s.contains("Genoa talks")
    });
    let side = sidebar(&screen).join("\n");
    assert!(
        !side.contains("Britain") && !side.contains("Berlin"),
        "{side}"
    );
    let genoa = side
        .lines()
        .find(|l| l.contains("Genoa"))
        .unwrap_or_default();
    assert!(!genoa.contains('◇'), "Genoa was accepted: {genoa}");
    tmux.send("t");
    tmux.wait_for("the tour list with the new tour", |s| s.contains("My tour"));
    tmux.send("q");
    tmux.send("q");
}
