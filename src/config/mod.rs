//! The configuration file: keys, colours and layout.
//!
//! Reading it never fails. Whatever is wrong in the file is reported, with
//! its line and column, and replaced by the default; the rest applies.

mod parse;
mod print;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::keymap::Keymap;
use crate::layout::Panes;
use crate::ui::theme::{Depth, Palette, Theme, ThemeName};

pub use parse::parse;
pub use print::print;

/// The largest configuration file read; anything longer is not one.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// What the upper side pane shows when the reader starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Upper {
    #[default]
    Timeline,
    Map,
}

impl Upper {
    pub fn name(self) -> &'static str {
        match self {
            Upper::Timeline => "timeline",
            Upper::Map => "map",
        }
    }
}

/// The widest lines of text the configuration may ask for, and the
/// narrowest (0 is the pane's width).
pub const MEASURE_RANGE: std::ops::RangeInclusive<u16> = 20..=1000;
/// The widths at which side panes may be set to go over the document.
pub const OVERLAY_RANGE: std::ops::RangeInclusive<u16> = 40..=1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub theme: ThemeName,
    /// Colours set by name over the theme's, in the file's order.
    pub colors: Vec<(String, ratatui::style::Color)>,
    pub keymap: Keymap,
    /// The side panes and the text's measure.
    pub panes: Panes,
    pub upper: Upper,
    pub mouse: bool,
    /// `q` in the document asks before quitting.
    pub confirm_quit: bool,
    /// An article's source is a terminal hyperlink where one can be.
    pub links: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::default(),
            colors: Vec::new(),
            keymap: Keymap::default(),
            panes: Panes::default(),
            upper: Upper::default(),
            mouse: true,
            confirm_quit: false,
            links: true,
        }
    }
}

impl Config {
    /// The theme's palette with the colours the file sets.
    pub fn palette(&self) -> Palette {
        let mut p = self.theme.palette();
        for (name, c) in &self.colors {
            p.set(name, *c);
        }
        p
    }

    /// The theme as this terminal shows it.
    pub fn theme_for(&self, depth: Depth, no_color: bool) -> Theme {
        Theme::new(self.palette(), depth, no_color)
    }
}

/// One thing wrong in the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as given, made safe to print.
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// What is wrong, made safe to print.
    pub message: String,
    /// What would be right, for `config check` (may be empty).
    pub hint: String,
}

impl ConfigError {
    /// The file, the place and the problem, without the hint.
    pub fn short(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message)
        } else {
            format!("{}:{}:{}: {}", self.file, self.line, self.col, self.message)
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())?;
        if !self.hint.is_empty() {
            write!(f, " ({})", self.hint)?;
        }
        Ok(())
    }
}

/// Where the configuration is read from, and why there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `--config FILE` or `LECTERN_CONFIG`: it must exist.
    Given(PathBuf),
    /// The platform's place for it: it may be absent.
    Default(PathBuf),
    /// No configuration directory is known (no home directory).
    Nowhere,
}

impl Location {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Location::Given(p) | Location::Default(p) => Some(p),
            Location::Nowhere => None,
        }
    }
}

/// `--config` (which clap fills from `LECTERN_CONFIG` too), else
/// `$XDG_CONFIG_HOME/lectern/config.toml`, else the platform's
/// configuration directory.
pub fn locate(given: Option<&Path>) -> Location {
    if let Some(p) = given {
        return Location::Given(p.to_path_buf());
    }
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|x| !x.is_empty()) {
        let x = PathBuf::from(x);
        // The XDG rules ignore a relative path.
        if x.is_absolute() {
            return Location::Default(x.join("lectern").join("config.toml"));
        }
    }
    match directories::ProjectDirs::from("", "", "lectern") {
        Some(d) => Location::Default(d.config_dir().join("config.toml")),
        None => Location::Nowhere,
    }
}

/// The configuration in effect and everything wrong with the file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub errors: Vec<ConfigError>,
    /// Whether a file was read.
    pub read: bool,
}

impl Loaded {
    /// One line for the status: the first problem, and how many more.
    pub fn summary(&self) -> Option<String> {
        let first = self.errors.first()?;
        let more = self.errors.len() - 1;
        let first = first.short();
        Some(if more == 0 {
            format!("{first} · defaults used")
        } else {
            format!("{first} · +{more} more: lectern config check")
        })
    }
}

/// Reads the configuration at `loc`. Never fails: a file that cannot be
/// read is one error, and the defaults apply.
pub fn load(loc: &Location) -> Loaded {
    let Some(path) = loc.path() else {
        return Loaded::default();
    };
    let file = crate::sanitize::clean_line(&path.display().to_string());
    let whole = |message: String| Loaded {
        config: Config::default(),
        errors: vec![ConfigError {
            file: file.clone(),
            line: 0,
            col: 0,
            message: crate::sanitize::clean_line(&message),
            hint: String::new(),
        }],
        read: false,
    };
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound && matches!(loc, Location::Default(_)) =>
        {
            return Loaded::default();
        }
        Err(e) => return whole(format!("cannot read the configuration: {e}")),
    };
    let (config, errors) = parse(&text, &file);
    Loaded {
        config,
        errors,
        read: true,
    }
}

fn read_text(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let f = std::fs::File::open(path)?;
    if f.metadata()?.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    let mut bytes = Vec::new();
    f.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB",
            MAX_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("not UTF-8 text"))
}
