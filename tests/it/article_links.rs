//! Article URLs: checked when a pack is read like every other field, and
//! drawn as an OSC 8 hyperlink on the article's source, with nothing of the
//! URL but the characters a URL may hold ever reaching the terminal.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use crate::common::Shared;
use lectern::corpus::Corpus;
use lectern::ui::escapes::Escapes;
use lectern::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::buffer::CellDiffOption;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use crate::common::cli::{fixture, lectern};
use crate::common::{CORPUS, buffer_text, draw};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The good fixture with `url` given to its second article, "schools".
fn pack_with_url(url: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), dir.path());
    let path = dir.path().join("corpus.json");
    let text = fs::read_to_string(&path).unwrap();
    let field = "\"file\": \"articles/schools.txt\"";
    let json = serde_json::to_string(url).unwrap();
    let text = text.replacen(field, &format!("{field},\n      \"url\": {json}"), 1);
    fs::write(&path, &text).unwrap();
    (dir, text)
}

#[test]
fn a_bad_url_is_an_error_naming_file_line_column_and_article() {
    let long = format!("https://example.org/{}", "a".repeat(3000));
    for bad in [
        "https://example.org/\u{1b}]8;;https://evil.example\u{7}",
        "https://example.org/a\u{7}b",
        "https://example.org/a b",
        "https://example.org/\u{e9}t\u{e9}",
        "https://example.org/\"quoted\"",
        "javascript:alert(1)",
        "ftp://example.org/file",
        "https://",
        "https:///path",
        "file://",
        long.as_str(),
    ] {
        let (dir, text) = pack_with_url(bad);
        let run = lectern(&["check".as_ref(), dir.path().as_os_str()]);
        assert_eq!(run.code, Some(2), "{bad:?} accepted:\n{}", run.stdout);
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(errors.len(), 1, "{bad:?}:\n{}", run.stderr);
        // At the url's value: 1-based line and column.
        let at = text.find(&serde_json::to_string(bad).unwrap()).unwrap();
        let line = text[..at].matches('\n').count() + 1;
        let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let prefix = format!(
            "error: {}:{line}:{column}: ",
            dir.path().join("corpus.json").display()
        );
        assert!(
            errors[0].starts_with(&prefix) && errors[0].contains("\"schools\""),
            "{bad:?}: {}",
            errors[0]
        );
        assert!(errors[0].contains("url"), "{}", errors[0]);
        // Not a byte of a control character comes out.
        assert!(
            !run.stderr.contains(['\u{1b}', '\u{7}']),
            "{:?}",
            run.stderr
        );
    }
    for good in [
        "https://example.org/a?b=c&d=%20#x",
        "http://example.org",
        "file:///home/reader/articles/a%20b.html",
    ] {
        let (dir, _) = pack_with_url(good);
        let run = lectern(&["check".as_ref(), dir.path().as_os_str()]);
        assert_eq!(run.code, Some(0), "{good:?}: {}", run.stderr);
    }
}

/// The embedded corpus with `url` on its first article.
fn corpus_with_url(url: &str) -> Arc<Corpus> {
    let mut c = (**CORPUS).clone();
    c.articles[0].url = Some(url.to_owned());
    Arc::new(c)
}

fn reader_with(corpus: Arc<Corpus>, w: u16, h: u16, links: bool) -> lectern::reader::Reader {
    let mut r = lectern::reader::Reader::new(corpus, w, h);
    r.set_help_lines(ui::overlay::help_line_count());
    r.hyperlinks = links;
    r
}

/// The bytes a real terminal would be sent for one frame.
fn frame_bytes(r: &lectern::reader::Reader) -> Vec<u8> {
    let (w, h) = r.size;
    let out = Shared::default();
    let backend = Escapes::new(out.clone());
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    term.draw(|f| ui::render(r, &Theme::colour(true), f))
        .unwrap();
    drop(term);
    out.0.borrow().clone()
}

/// Every escape sequence in `bytes` but the CSI ones (`ESC [`), as text.
fn non_csi_escapes(bytes: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(bytes);
    s.split('\u{1b}')
        .skip(1)
        .filter(|part| !part.starts_with('['))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_source_is_a_hyperlink_and_the_screen_text_is_unchanged() {
    let url = "https://example.org/rapallo?x=1&y=%22#top";
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let plain = reader_with(corpus_with_url(url), w, h, false);
        let linked = reader_with(corpus_with_url(url), w, h, true);
        let a = draw(&plain, Theme::colour(false));
        let b = draw(&linked, Theme::colour(false));
        // The linked cells, their escapes taken out, say what the plain ones do.
        let open = format!("\u{1b}]8;;{url}\u{1b}\\");
        let close = "\u{1b}]8;;\u{1b}\\";
        let mut linked_cells = 0;
        // Columns a linked cell prints into besides its own: never sent alone.
        let mut covered = 0..0;
        for y in 0..h {
            for x in 0..w {
                if covered.contains(&x) && y == 0 {
                    continue;
                }
                let cell = &b[(x, y)];
                if let Some(inner) = cell.symbol().strip_prefix(&open) {
                    let text = inner.strip_suffix(close).expect("closed");
                    let forced = match cell.diff_option {
                        CellDiffOption::ForcedWidth(n) => n.get(),
                        other => panic!("{other:?}"),
                    };
                    assert_eq!(forced as usize, lectern::wrap::width(text));
                    let mut plain_text = String::new();
                    let mut cx = x;
                    while (cx - x) < forced {
                        plain_text.push_str(a[(cx, y)].symbol());
                        cx += lectern::wrap::width(a[(cx, y)].symbol()).max(1) as u16;
                    }
                    assert_eq!(text, plain_text);
                    covered = x + 1..x + forced;
                    assert_eq!(y, 0, "only the top border");
                    linked_cells += 1;
                } else {
                    assert!(!cell.symbol().contains('\u{1b}'), "({x}, {y})");
                    assert_eq!(cell.symbol(), a[(x, y)].symbol(), "({x}, {y})");
                }
            }
        }
        assert!(linked_cells > 0, "{w}x{h}: nothing linked");
        // What the terminal is sent: the URL only inside OSC 8.
        let escapes = non_csi_escapes(&frame_bytes(&linked));
        assert!(!escapes.is_empty());
        for e in &escapes {
            assert!(
                e == &format!("]8;;{url}") || e == "]8;;" || e.starts_with('\\'),
                "{e:?}"
            );
        }
        assert!(non_csi_escapes(&frame_bytes(&plain)).is_empty());
    }
}

#[test]
fn a_hostile_url_that_slipped_past_the_pack_check_is_never_sent() {
    // Made by hand, past the loader: the renderer checks again.
    for hostile in [
        "https://example.org/\u{1b}]52;c;aGVsbG8=\u{7}",
        "https://example.org/\u{9b}2J",
        "https://example.org/a\u{1b}\\\u{1b}]8;;https://evil.example\u{1b}\\",
        "javascript:alert(1)",
    ] {
        let r = reader_with(corpus_with_url(hostile), 120, 40, true);
        let bytes = frame_bytes(&r);
        assert!(non_csi_escapes(&bytes).is_empty(), "{hostile:?}");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("evil") && !text.contains("52;c") && !text.contains('\u{7}'));
        assert!(!text.contains('\u{9b}') && !text.contains("javascript"));
        let screen = buffer_text(&draw(&r, Theme::colour(true)));
        assert!(!screen.contains('\u{1b}'));
    }
}

#[test]
fn links_are_offered_only_to_terminals_that_will_not_print_them() {
    use lectern::ui::document::links_supported;
    for yes in ["xterm-256color", "tmux-256color", "screen", "alacritty"] {
        assert!(links_supported(Some(yes)), "{yes}");
    }
    for no in [
        None,
        Some(""),
        Some("dumb"),
        Some("linux"),
        Some("linux-16color"),
    ] {
        assert!(!links_supported(no), "{no:?}");
    }
}

#[test]
fn import_takes_a_pages_canonical_url_else_the_files_own() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("my sources");
    fs::create_dir_all(&src).unwrap();
    let body = "<p>The delegations met at the hotel on the Easter weekend and talked late into the night about the treaty.</p>";
    fs::write(
        src.join("page.html"),
        format!(
            "<html><head><title>A page</title><LINK Rel=\"canonical\" HREF=\"https://example.org/a?b=1&amp;c=2\"></head><body>{body}</body></html>"
        ),
    )
    .unwrap();
    fs::write(
        src.join("hostile.html"),
        format!(
            "<html><head><title>Another</title><link rel=\"canonical\" href=\"https://example.org/\u{1b}]8;;x\u{7}\"></head><body>{body}</body></html>"
        ),
    )
    .unwrap();
    fs::write(
        src.join("notes.txt"),
        "Trade between the two countries grew slowly, hampered by debts.\n",
    )
    .unwrap();
    let out = dir.path().join("pack");
    let run = lectern(&[
        "import".as_ref(),
        src.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let corpus: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("corpus.json")).unwrap()).unwrap();
    let url_of = |title: &str| -> String {
        corpus["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("{title}: {corpus}"))["url"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(url_of("A page"), "https://example.org/a?b=1&c=2");
    // A canonical URL that is not one a pack may hold: the file's own.
    let abs = fs::canonicalize(&src).unwrap();
    let file_url = |name: &str| {
        format!(
            "file://{}/{name}",
            abs.display().to_string().replace(' ', "%20")
        )
    };
    assert_eq!(url_of("Another"), file_url("hostile.html"));
    assert_eq!(url_of("notes"), file_url("notes.txt"));
    // And the pack it made loads.
    let check = lectern(&["check".as_ref(), out.as_os_str()]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

#[test]
fn links_can_be_turned_off_in_the_configuration() {
    let (c, errors) = lectern::config::parse("[reading]\nlinks = false\n", "config.toml");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!c.links);
    let default = lectern::config::Config::default();
    assert!(default.links);
    // The printed configuration says it, and reads back the same.
    let printed = lectern::config::print(&default);
    assert!(printed.contains("\nlinks = true\n"), "{printed}");
    let (back, errors) = lectern::config::parse(&printed, "config.toml");
    assert!(errors.is_empty() && back == default, "{errors:?}");
}
