//! The configuration file: rebinding every action, clashes, unknown keys
//! with their place, the help and hints following the keys as bound,
//! themes on the backend's cells, NO_COLOR, and `config print` reading
//! back through `config check`.

use std::process::Command;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use lectern::config::{self, Config, Loaded};
use lectern::keymap::{self, BINDINGS, Key, Keymap};
use lectern::reader::{Action, Effect, Overlay, Reader, update};
use lectern::ui::theme::{Depth, Palette, ThemeName};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::common::{BIN, buffer_text, draw, reader};

fn parse(text: &str) -> (Config, Vec<config::ConfigError>) {
    config::parse(text, "test.toml")
}

fn loaded(text: &str) -> Loaded {
    let (config, errors) = parse(text);
    Loaded {
        config,
        errors,
        read: true,
    }
}

/// A reader set up as the program sets it up with this configuration.
fn configured(w: u16, h: u16, l: &Loaded) -> Reader {
    let mut r = reader(w, h);
    lectern::app::configure(&mut r, l);
    r
}

/// The 1-based line and column where `needle` first appears in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// Keys no default binds: the function keys and Alt with a letter.
fn free_keys() -> Vec<Key> {
    let mut keys: Vec<Key> = (1..=24)
        .map(|n| (KeyCode::F(n), KeyModifiers::NONE))
        .collect();
    keys.extend(('a'..='z').map(|c| (KeyCode::Char(c), KeyModifiers::ALT)));
    keys.extend(('0'..='9').map(|c| (KeyCode::Char(c), KeyModifiers::ALT)));
    keys.extend(('a'..='z').map(|c| (KeyCode::Char(c), KeyModifiers::CONTROL)));
    let defaults = Keymap::default();
    keys.retain(|&k| defaults.lookup(KeyEvent::new(k.0, k.1)).is_none());
    keys
}

fn press(r: &mut Reader, keys: &Keymap, k: Key) -> Option<Effect> {
    let ev = Event::Key(KeyEvent::new(k.0, k.1));
    let a = lectern::app::to_action(&ev, r.editing(), keys)?;
    Some(update(r, a))
}

/// What an action visibly changes.
fn state(r: &Reader) -> impl PartialEq + std::fmt::Debug {
    (
        (r.article, r.focus, r.scroll, r.pane),
        r.overlay.clone(),
        r.input.as_ref().map(|i| i.text.clone()),
        (r.tour, r.chrono, r.map, r.show_original),
        (r.entity_sel, r.event_sel, r.target.clone()),
        r.bookmarks.len(),
    )
}

#[test]
fn every_action_can_be_rebound_and_its_new_key_works() {
    let free = free_keys();
    assert!(free.len() >= BINDINGS.len(), "enough unbound keys");
    let defaults = Keymap::default();
    for (row, b) in BINDINGS.iter().enumerate() {
        let new = free[row];
        let name = keymap::action_name(b.action);
        let text = format!("[keys]\n{name} = [\"{}\"]\n", keymap::key_name(new));
        let l = loaded(&text);
        assert!(l.errors.is_empty(), "{name}: {:?}", l.errors);
        let keys = &l.config.keymap;
        assert_eq!(keys.keys(row), &[new], "{name}");
        // The old keys no longer do it; every other action keeps its keys.
        for &old in b.keys {
            assert_ne!(
                keys.lookup(KeyEvent::new(old.0, old.1)),
                Some(b.action),
                "{name}: {old:?} still bound"
            );
        }
        for other in (0..BINDINGS.len()).filter(|&o| o != row) {
            assert_eq!(keys.keys(other), defaults.keys(other), "{name}");
        }
        // The state test: a reader pressing the new key changes exactly as
        // one pressing the default key does, from a state where most
        // actions have something to do.
        let setup = [Action::NextPassage, Action::NextPassage, Action::FocusNext];
        let mut mine = configured(120, 40, &l);
        let mut theirs = configured(120, 40, &Loaded::default());
        for &a in &setup {
            update(&mut mine, a);
            update(&mut theirs, a);
        }
        let Some(&old) = b.keys.first() else { continue };
        let got = press(&mut mine, keys, new);
        let want = press(&mut theirs, &defaults, old);
        assert!(got.is_some(), "{name}: the new key does nothing");
        assert_eq!(got, want, "{name}: effects differ");
        assert_eq!(state(&mine), state(&theirs), "{name}");
    }
}

#[test]
fn an_action_can_be_unbound_or_given_several_keys() {
    let (c, errors) = parse("[keys]\nhelp = []\nnext_passage = [\"J\", \"Ctrl-n\", \"F2\"]\n");
    assert!(errors.is_empty(), "{errors:?}");
    let k = &c.keymap;
    assert_eq!(
        k.lookup(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)),
        None
    );
    for (code, mods) in [
        (KeyCode::Char('J'), KeyModifiers::SHIFT),
        (KeyCode::Char('n'), KeyModifiers::CONTROL),
        (KeyCode::F(2), KeyModifiers::NONE),
    ] {
        assert_eq!(
            k.lookup(KeyEvent::new(code, mods)),
            Some(Action::NextPassage)
        );
    }
}

#[test]
fn a_key_bound_to_two_actions_is_an_error_naming_both() {
    let text = "theme = \"light\"\n[keys]\nnext_passage = [\"j\"]\n";
    let (c, errors) = parse(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(
        e.message.contains("next_passage") && e.message.contains("down"),
        "{e}"
    );
    assert_eq!((e.line, e.col), place_of(text, "next_passage"));
    // Defaults for what was wrong; the rest applies.
    let d = Keymap::default();
    assert_eq!(c.keymap, d);
    assert_eq!(c.theme, ThemeName::Light);

    // Both bindings the file's: the later one gives way.
    let text = "[keys]\ndown = \"Q\"\nsearch = [\"Q\", \"F3\"]\n";
    let (c, errors) = parse(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("down") && errors[0].message.contains("search"));
    assert_eq!(errors[0].line, place_of(text, "search").0);
    let x = KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::NONE);
    assert_eq!(c.keymap.lookup(x), Some(Action::Down));
    let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
    assert_eq!(c.keymap.lookup(slash), Some(Action::Search));
}

fn any_key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "j", "k", "x", "y", "q", "?", "Enter", "Esc", "Tab", "Down", "F1", "F2", "Ctrl-c", "Alt-x",
        "}", "Space",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Whatever the file binds, no key ends up bound twice, and every clash
    /// the file made is reported.
    #[test]
    fn no_configuration_binds_a_key_twice(
        binds in prop::collection::vec(
            (0..BINDINGS.len(), prop::collection::vec(any_key(), 0..3)),
            0..8,
        )
    ) {
        let mut text = String::from("[keys]\n");
        let mut seen = std::collections::HashSet::new();
        for (row, keys) in &binds {
            if !seen.insert(*row) {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
            text.push_str(&format!(
                "{} = [{}]\n",
                keymap::action_name(BINDINGS[*row].action),
                keys.join(", ")
            ));
        }
        let (c, errors) = parse(&text);
        prop_assert!(c.keymap.clashes().is_empty(), "{text}");
        for e in &errors {
            prop_assert!(e.message.contains("bound to both"), "{e}");
        }
    }
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    let text = "theme = \"high-contrast\"\ncolour_scheme = 3\n\n[layout]\n  mesure = 80\nside_share = 40\n\
                [keys]\nnext_pasage = \"J\"\n[colors]\npersn = \"red\"\nperson = \"#ff8800\"\n\
                [reading]\nmouse = \"yes\"\n";
    let (c, errors) = parse(text);
    let want = [
        ("colour_scheme", "colour_scheme"),
        ("mesure", "mesure"),
        ("next_pasage", "next_pasage"),
        ("persn", "persn"),
        ("\"yes\"", "true or false"),
    ];
    assert_eq!(errors.len(), want.len(), "{errors:#?}");
    for (e, (at, says)) in errors.iter().zip(want) {
        assert_eq!((e.line, e.col), place_of(text, at), "{e}");
        assert!(e.message.contains(says), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("test.toml:{}:{}: ", e.line, e.col))
        );
    }
    // Everything that was right applies.
    assert_eq!(c.theme, ThemeName::HighContrast);
    assert_eq!(c.panes.share, Some(40));
    assert_eq!(c.palette().person, Color::Rgb(0xff, 0x88, 0x00));
    assert!(c.mouse, "the default for a wrong value");
}

#[test]
fn broken_toml_gives_its_place_and_keeps_what_it_can() {
    for text in [
        "theme = \"light\n",
        "[layout\nmeasure = 3",
        "= 4",
        "[keys]\ndown = [\"j\",,]",
    ] {
        let (c, errors) = parse(text);
        assert!(!errors.is_empty(), "{text:?}");
        assert!(
            errors.iter().all(|e| e.line >= 1 && e.col >= 1),
            "{errors:?}"
        );
        assert!(c.keymap.clashes().is_empty(), "{text:?}");
    }
}

#[test]
fn what_the_file_says_reaches_the_screen_only_as_glyphs() {
    let text = "\"\u{1b}]0;pwned\u{7}\" = 1\n[keys]\ndown = \"\u{202e}\"\n[colors]\nfocus = \"\u{1b}[31m\"\n";
    let (_, errors) = parse(text);
    assert!(errors.len() >= 2, "{errors:?}");
    for e in &errors {
        let s = e.to_string();
        assert!(
            !s.chars().any(lectern::sanitize::is_unsafe),
            "unsafe character in {s:?}"
        );
    }
}

#[test]
fn help_hints_and_messages_show_the_keys_as_bound() {
    let l = loaded(
        "[keys]\nnext_passage = \"J\"\nhelp = \"F1\"\nnext_article = \"N\"\nprev_hit = \"F4\"\n",
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let mut r = configured(100, 60, &l);
    let text = buffer_text(&draw(&r, lectern::ui::Theme::colour(true)));
    assert!(text.contains("F1 help"), "{text}");
    assert!(!text.contains("? help"), "{text}");

    update(&mut r, Action::Help);
    assert!(matches!(r.overlay, Some(Overlay::Help { .. })));
    let text = buffer_text(&draw(&r, lectern::ui::Theme::colour(true)));
    let row = text
        .lines()
        .find(|l| l.contains("next passage"))
        .expect("the help lists next passage");
    let keys = row.split("next passage").next().unwrap_or_default();
    assert!(keys.contains('J') && !keys.contains('}'), "{row}");
    let row = text.lines().find(|l| l.contains("this help")).unwrap();
    assert!(row.contains("F1") && !row.contains(" ? "), "{row}");

    // A message naming a key names the bound one.
    update(&mut r, Action::Close);
    update(&mut r, Action::Bottom);
    update(&mut r, Action::NextPassage);
    let status = r.status.clone().unwrap_or_default();
    assert!(status.contains("N for the next article"), "{status}");
}

#[test]
fn a_broken_configuration_shows_one_line_over_the_footer_until_a_key() {
    let l = loaded("[layout]\nmesure = 80\n[keys]\nnope = \"x\"\n");
    assert_eq!(l.errors.len(), 2);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut r = configured(w, h, &l);
        let text = buffer_text(&draw(&r, lectern::ui::Theme::colour(true)));
        let last = text.lines().nth(usize::from(h) - 1).unwrap();
        assert!(
            last.contains("test.toml:2:1: unknown key `mesure`"),
            "{last}"
        );
        if w >= 120 {
            assert!(last.contains("+1 more"), "{last}");
        }
        update(&mut r, Action::Down);
        let text = buffer_text(&draw(&r, lectern::ui::Theme::colour(true)));
        assert!(!text.contains("test.toml"), "{text}");
    }
}

#[test]
fn layout_and_reading_settings_reach_the_reader() {
    let l = loaded(
        "[layout]\nside_share = 50\noverlay_below = 150\nupper_pane = \"map\"\n\
         [reading]\nconfirm_quit = true\nmouse = false\n",
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert!(!l.config.mouse);
    let r = configured(200, 40, &l);
    let s = r.screen();
    assert_eq!(s.timeline.unwrap().width, 100);
    assert!(r.map);
    // Narrower than the configured width: the side panes go over the text.
    let r = configured(140, 40, &l);
    assert!(r.screen().timeline.is_none());

    // The measure: no line of text is set wider.
    let narrow = loaded("[layout]\nmeasure = 60\n");
    assert!(narrow.errors.is_empty(), "{:?}", narrow.errors);
    let r = configured(200, 60, &narrow);
    assert_eq!(r.screen().doc_text().width, 60);
    let article = &r.corpus.articles[r.article];
    let mut lines = 0;
    for line in &r.doc.lines {
        if let Some(p) = line.passage {
            let (text, _, _) = article.passages[p].version(false);
            let w = lectern::wrap::width(text[line.range()].trim_end());
            assert!(w <= 60, "{w}: {:?}", &text[line.range()]);
            lines += 1;
        }
    }
    assert!(lines > 0);

    // q asks; any other key stays; q twice quits.
    let mut r = configured(120, 40, &l);
    assert_eq!(update(&mut r, Action::Leave), Effect::None);
    assert!(r.status.as_deref().unwrap_or("").contains("q again quits"));
    assert_eq!(update(&mut r, Action::Down), Effect::None);
    assert_eq!(update(&mut r, Action::Leave), Effect::None);
    assert_eq!(update(&mut r, Action::Leave), Effect::Quit);
    // Without the setting, q quits at once.
    let mut r = configured(120, 40, &Loaded::default());
    assert_eq!(update(&mut r, Action::Leave), Effect::Quit);
}

/// Every colour on the backend's cells.
fn cell_colours(buf: &Buffer) -> Vec<Color> {
    buf.content
        .iter()
        .flat_map(|c| [c.fg, c.bg])
        .filter(|&c| c != Color::Reset)
        .collect()
}

/// The reader in states that between them draw every pane and overlay.
fn screens(l: &Loaded, theme: lectern::ui::Theme) -> Vec<Buffer> {
    let mut out = Vec::new();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let r = configured(w, h, l);
        let mut shots = vec![
            vec![],
            vec![
                Action::NextPassage,
                Action::NextPassage,
                Action::ToggleBookmark,
            ],
            vec![Action::FocusNext],
            vec![Action::FocusNext, Action::FocusNext],
            vec![Action::ToggleMap, Action::FocusPrev],
            vec![Action::Help],
            vec![Action::Articles],
            vec![Action::Tours],
            vec![Action::Tours, Action::Activate],
            vec![Action::Bookmarks],
            vec![Action::FocusNext, Action::FocusNext, Action::Compare],
            vec![Action::FocusNext, Action::Activate],
        ];
        let search: Vec<Action> = "treaty"
            .chars()
            .map(|c| Action::Edit(lectern::reader::Edit::Char(c)))
            .collect();
        shots.push([vec![Action::Search], search].concat());
        for actions in shots {
            let mut s = r.clone();
            for a in actions {
                update(&mut s, a);
            }
            out.push(draw(&s, theme));
        }
    }
    out
}

#[test]
fn the_16_colour_theme_draws_no_256_or_true_colour() {
    let l = loaded("theme = \"16-colour\"\n");
    // True colour available, and still only the basic colours.
    let theme = l.config.theme_for(Depth::TrueColor, false);
    let mut coloured = 0;
    for buf in screens(&l, theme) {
        for c in cell_colours(&buf) {
            assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(16..)), "{c:?}");
            coloured += 1;
        }
    }
    assert!(coloured > 0, "the theme draws in colour");

    // Any theme on a 16-colour terminal is brought down to the 16.
    let l = loaded("theme = \"light\"\n[colors]\nperson = \"#123456\"\n");
    let theme = l.config.theme_for(Depth::Ansi16, false);
    for buf in screens(&l, theme) {
        for c in cell_colours(&buf) {
            assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
        }
    }
    // The check can fail: the light theme does use 256 colours.
    let theme = l.config.theme_for(Depth::Ansi256, false);
    let all: Vec<Color> = screens(&l, theme).iter().flat_map(cell_colours).collect();
    assert!(all.iter().any(|c| matches!(c, Color::Indexed(16..))));
}

#[test]
fn no_color_overrides_every_theme_and_colour() {
    for name in ThemeName::ALL {
        let text = format!(
            "theme = \"{}\"\n[colors]\nfocus = \"#ff0000\"\nselection_bg = \"blue\"\n",
            name.name()
        );
        let l = loaded(&text);
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let theme = l.config.theme_for(Depth::TrueColor, true);
        for buf in screens(&l, theme) {
            assert_eq!(cell_colours(&buf), Vec::<Color>::new(), "{name:?}");
        }
        let theme = l.config.theme_for(Depth::TrueColor, false);
        let all: Vec<Color> = screens(&l, theme).iter().flat_map(cell_colours).collect();
        assert!(
            all.contains(&Color::Rgb(255, 0, 0)),
            "{name:?}: the override shows"
        );
    }
}

#[test]
fn every_colour_can_be_set_by_name() {
    for (i, (name, _)) in Palette::NAMES.iter().enumerate() {
        let text = format!("[colors]\n{name} = \"#0000{i:02x}\"\n");
        let (c, errors) = parse(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c.palette().get(name), Some(Color::Rgb(0, 0, i as u8)));
    }
}

fn lectern(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("LECTERN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-lectern-test")
        .output()
        .expect("run lectern");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_print_is_accepted_by_config_check_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine.toml");
    std::fs::write(
        &mine,
        "theme = \"light\"\n[keys]\nnext_passage = [\"J\", \"\\\"\"]\nquit = []\n\
         [colors]\nperson = \"#ff8800\"\ndim = \"default\"\n\
         [layout]\nside_share = 45\nmeasure = 72\n[reading]\nmouse = false\n",
    )
    .unwrap();
    let mine_s = mine.to_str().unwrap();
    for args in [
        vec!["config", "print"],
        vec!["--config", mine_s, "config", "print"],
    ] {
        let (code, printed, stderr) = lectern(&args);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
        let file = tmp.path().join("printed.toml");
        std::fs::write(&file, &printed).unwrap();
        let (code, out, stderr) = lectern(&["config", "check", file.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{args:?}: {stderr}\n{printed}");
        assert!(out.contains("fine"), "{out}");
        // The printed file is the configuration it was printed from.
        let want = config::load(&config::Location::Given(mine.clone()));
        assert!(want.errors.is_empty(), "{:?}", want.errors);
        let (back, errors) = config::parse(&printed, "printed");
        assert!(errors.is_empty());
        if args.len() > 2 {
            assert_eq!(back, want.config);
            assert_eq!(back.theme, ThemeName::Light);
            assert_eq!(config::print(&back), printed);
        } else {
            assert_eq!(back, Config::default());
        }
    }
}

#[test]
fn config_check_prints_every_error_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    let text = "thme = 1\n[keys]\ndown = \"Hyper-j\"\nup = \"j\"\n[layout]\nmeasure = 5\n";
    std::fs::write(&bad, text).unwrap();
    let (code, _, stderr) = lectern(&["config", "check", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    let (_, errors) = config::parse(text, "bad.toml");
    assert_eq!(errors.len(), 4, "{errors:?}");
    for e in &errors {
        let (line, col) = (e.line, e.col);
        assert!(
            stderr.contains(&format!("bad.toml:{line}:{col}: ")),
            "{line}:{col} missing from:\n{stderr}"
        );
    }
    // A file named but missing is an error too; none at the default place is not.
    let (code, _, _) = lectern(&["--config", "/nonexistent/x.toml", "config", "check"]);
    assert_eq!(code, Some(2));
    let (code, out, _) = lectern(&["config", "check"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = lectern(&["config", "path"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("/nonexistent-lectern-test/lectern/config.toml"),
        "{out}"
    );
}

#[test]
fn the_readme_example_is_a_configuration_without_mistakes() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("README has a Configuration section");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the section has a TOML example");
    let (c, errors) = parse(example);
    assert!(errors.is_empty(), "{errors:?}");
    assert_ne!(c, Config::default(), "the example changes something");
}
