//! The README's picture of the reader is a rendering of the program: this
//! test draws the screen it describes and fails when the two differ.
//! `LECTERN_BLESS=1 cargo test --test it render_readme` writes the new
//! picture into README.md.

use crate::common::{apply, buffer_text, draw, reader};
use lectern::reader::Action;
use lectern::ui::Theme;

/// The heading the picture follows, and the size and keys it shows.
const HEADING: &str = "## What it looks like";
const SIZE: (u16, u16) = (120, 32);

fn picture() -> String {
    let mut r = reader(SIZE.0, SIZE.1);
    apply(&mut r, &[Action::NextArticle; 3]);
    apply(&mut r, &[Action::NextPassage; 3]);
    let text = buffer_text(&draw(&r, Theme::colour(false)));
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The byte range of the first fenced block after `HEADING`'s line, the
/// fences excluded, and its text.
fn fenced(readme: &str) -> (std::ops::Range<usize>, &str) {
    let at = readme.find(HEADING).expect("README has the heading");
    let open = at + readme[at..].find("\n```\n").expect("a fenced block") + 5;
    let close = open + readme[open..].find("\n```\n").expect("the block ends");
    (open..close, &readme[open..close])
}

#[test]
fn the_readme_picture_is_the_program_s_screen() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (range, shown) = fenced(&readme);
    let drawn = picture();
    if std::env::var_os("LECTERN_BLESS").is_some_and(|v| v == "1") {
        let mut new = readme.clone();
        new.replace_range(range, &drawn);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert!(
        shown == drawn,
        "README.md's picture under {HEADING:?} is not today's screen; \
         run LECTERN_BLESS=1 cargo test --test it render_readme to update it.\n\
         README:\n{shown}\n\nprogram:\n{drawn}"
    );
}
