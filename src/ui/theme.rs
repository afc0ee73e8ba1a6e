//! Colours and styles, in one place so `NO_COLOR` is honoured everywhere:
//! without colour, focus and mentions are still told apart by attributes.
//!
//! A theme is a palette of named colours. The palette is chosen by name
//! (four are built in), each colour can be overridden by name, and the
//! result is brought down to what the terminal can show before any of it
//! is drawn.

use ratatui::style::{Color, Modifier, Style};

use crate::corpus::types::EntityKind;

/// The built-in palettes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Current,
    Light,
    HighContrast,
    Basic16,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Current,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Basic16,
    ];

    /// The name the configuration file uses.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Current => "current",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Basic16 => "16-colour",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match s.as_str() {
            "current" | "default" | "dark" => Some(ThemeName::Current),
            "light" => Some(ThemeName::Light),
            "high-contrast" => Some(ThemeName::HighContrast),
            "16-colour" | "16-color" | "16" | "basic" => Some(ThemeName::Basic16),
            _ => None,
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            ThemeName::Current => CURRENT,
            ThemeName::Light => LIGHT,
            ThemeName::HighContrast => HIGH_CONTRAST,
            ThemeName::Basic16 => BASIC16,
        }
    }
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    TrueColor,
    Ansi256,
    Ansi16,
}

impl Depth {
    /// True colour only when `COLORTERM` says so (the convention terminals
    /// follow); 256 colours when `TERM` names them; else the basic 16.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        let ct = colorterm.unwrap_or("").to_ascii_lowercase();
        if ct == "truecolor" || ct == "24bit" {
            Depth::TrueColor
        } else if term.is_some_and(|t| t.contains("256")) {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }

    pub fn from_env() -> Depth {
        let ct = std::env::var("COLORTERM").ok();
        let term = std::env::var("TERM").ok();
        Depth::detect(ct.as_deref(), term.as_deref())
    }

    /// `c` as this terminal can show it: the nearest colour it has.
    pub fn fit(self, c: Color) -> Color {
        match (self, c) {
            (Depth::TrueColor, _) => c,
            (Depth::Ansi256, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
            (Depth::Ansi256, _) => c,
            (Depth::Ansi16, Color::Rgb(r, g, b)) => nearest_16(r, g, b),
            (Depth::Ansi16, Color::Indexed(i)) if i < 16 => BASIC[usize::from(i)].0,
            (Depth::Ansi16, Color::Indexed(i)) => {
                let (r, g, b) = indexed_rgb(i);
                nearest_16(r, g, b)
            }
            (Depth::Ansi16, _) => c,
        }
    }
}

/// The basic colours with the values xterm gives them, for matching.
const BASIC: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

fn dist((r0, g0, b0): (u8, u8, u8), (r1, g1, b1): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
    d(r0, r1) + d(g0, g1) + d(b0, b1)
}

fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    BASIC
        .iter()
        .min_by_key(|(_, rgb)| dist(*rgb, (r, g, b)))
        .map_or(Color::Reset, |(c, _)| *c)
}

/// The levels of xterm's 6×6×6 colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => BASIC[usize::from(i)].1,
        16..=231 => {
            let n = i - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
    }
}

fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    // The basic 16 are left out: terminals redefine them freely.
    (16..=255u8)
        .min_by_key(|&i| dist(indexed_rgb(i), (r, g, b)))
        .unwrap_or(16)
}

/// Declares the palette: every colour the ui uses, by the name the
/// configuration file gives it, with what it colours.
macro_rules! palette {
    ($($field:ident: $doc:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Palette {
            $(#[doc = $doc] pub $field: Color,)*
        }

        impl Palette {
            /// Every colour's name and what it colours, in the file's order.
            pub const NAMES: &[(&str, &str)] = &[$((stringify!($field), $doc),)*];

            pub fn get(&self, name: &str) -> Option<Color> {
                match name {
                    $(stringify!($field) => Some(self.$field),)*
                    _ => None,
                }
            }

            /// Sets a colour by name; false when there is no such colour.
            pub fn set(&mut self, name: &str, c: Color) -> bool {
                match name {
                    $(stringify!($field) => { self.$field = c; true })*
                    _ => false,
                }
            }

            fn map(mut self, f: impl Fn(Color) -> Color) -> Self {
                $(self.$field = f(self.$field);)*
                self
            }
        }
    };
}

palette! {
    focus: "the focus passage's mark and the border of the pane in use",
    dim: "secondary text: sources, events told elsewhere, hints",
    status: "the status line",
    mark: "timeline: events the focus passage tells",
    selection_fg: "a selected row's text (default with selection_bg: reversed)",
    selection_bg: "a selected row's background",
    highlight_fg: "search hits' text",
    highlight_bg: "search hits' background",
    dispute: "⚑, where the sources disagree",
    bookmark: "★, a bookmark",
    suggestion: "◇, a suggestion not yet reviewed",
    shared: "≡, text shared with another article",
    map_focus: "map: places of the focus passage",
    map_selected: "map: the selected entity",
    map_event: "map: places of the selected event",
    map_place: "map: other places of the article",
    person: "mentions of people",
    place: "mentions of places",
    state: "mentions of states",
    organisation: "mentions of organisations",
    company: "mentions of companies",
    group: "mentions of groups",
    treaty: "mentions of treaties",
    site: "mentions of sites",
    conflict: "mentions of conflicts",
    policy: "mentions of policies",
}

use Color::*;

/// The colours Lectern has always had, for dark terminals.
const CURRENT: Palette = Palette {
    focus: Yellow,
    dim: DarkGray,
    status: LightYellow,
    mark: Yellow,
    selection_fg: Reset,
    selection_bg: Reset,
    highlight_fg: Black,
    highlight_bg: Yellow,
    dispute: Yellow,
    bookmark: Yellow,
    suggestion: Reset,
    shared: DarkGray,
    map_focus: Yellow,
    map_selected: Cyan,
    map_event: Magenta,
    map_place: Green,
    person: Cyan,
    place: Green,
    state: Blue,
    organisation: Magenta,
    company: Yellow,
    group: LightMagenta,
    treaty: LightRed,
    site: LightGreen,
    conflict: Red,
    policy: LightYellow,
};

/// Dark inks for a light background: no yellow, nothing pale.
const LIGHT: Palette = Palette {
    focus: Indexed(25),
    dim: Indexed(242),
    status: Indexed(90),
    mark: Indexed(25),
    selection_fg: Black,
    selection_bg: Indexed(153),
    highlight_fg: Black,
    highlight_bg: Indexed(222),
    dispute: Indexed(160),
    bookmark: Indexed(166),
    suggestion: Indexed(242),
    shared: Indexed(242),
    map_focus: Indexed(25),
    map_selected: Indexed(30),
    map_event: Indexed(127),
    map_place: Indexed(28),
    person: Indexed(24),
    place: Indexed(28),
    state: Indexed(19),
    organisation: Indexed(90),
    company: Indexed(130),
    group: Indexed(127),
    treaty: Indexed(124),
    site: Indexed(22),
    conflict: Indexed(160),
    policy: Indexed(94),
};

/// The brightest colours on black, selections in solid colour.
const HIGH_CONTRAST: Palette = Palette {
    focus: LightYellow,
    dim: Gray,
    status: LightYellow,
    mark: LightYellow,
    selection_fg: Black,
    selection_bg: LightCyan,
    highlight_fg: Black,
    highlight_bg: LightYellow,
    dispute: LightRed,
    bookmark: LightYellow,
    suggestion: White,
    shared: Gray,
    map_focus: LightYellow,
    map_selected: LightCyan,
    map_event: LightMagenta,
    map_place: LightGreen,
    person: LightCyan,
    place: LightGreen,
    state: LightBlue,
    organisation: LightMagenta,
    company: LightYellow,
    group: LightMagenta,
    treaty: LightRed,
    site: LightGreen,
    conflict: LightRed,
    policy: White,
};

/// Only the eight colours every terminal has, and no bright ones.
const BASIC16: Palette = Palette {
    focus: Yellow,
    dim: Reset,
    status: Yellow,
    mark: Yellow,
    selection_fg: Reset,
    selection_bg: Reset,
    highlight_fg: Black,
    highlight_bg: Yellow,
    dispute: Red,
    bookmark: Yellow,
    suggestion: Reset,
    shared: Reset,
    map_focus: Yellow,
    map_selected: Cyan,
    map_event: Magenta,
    map_place: Green,
    person: Cyan,
    place: Green,
    state: Blue,
    organisation: Magenta,
    company: Yellow,
    group: Magenta,
    treaty: Red,
    site: Green,
    conflict: Red,
    policy: Yellow,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colour(true)
    }
}

impl Theme {
    /// The default palette, in colour or (false) in attributes only.
    pub const fn colour(color: bool) -> Self {
        Theme {
            color,
            palette: CURRENT,
        }
    }

    /// A palette brought down to the terminal's colours; `NO_COLOR` (set
    /// and not empty) turns colour off whatever the palette.
    pub fn new(palette: Palette, depth: Depth, no_color: bool) -> Self {
        Theme {
            color: !no_color,
            palette: palette.map(|c| depth.fit(c)),
        }
    }

    /// The default palette for this terminal.
    pub fn from_env() -> Self {
        Theme::new(CURRENT, Depth::from_env(), no_color_env())
    }

    /// `Reset` means the terminal's own colour: nothing is set.
    fn fg(&self, c: Color) -> Style {
        if self.color && c != Color::Reset {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    fn bg(&self, c: Color) -> Style {
        if self.color && c != Color::Reset {
            Style::new().bg(c)
        } else {
            Style::new()
        }
    }

    pub fn kind(&self, k: EntityKind) -> Style {
        let p = &self.palette;
        self.fg(match k {
            EntityKind::Person => p.person,
            EntityKind::Place => p.place,
            EntityKind::State => p.state,
            EntityKind::Organisation => p.organisation,
            EntityKind::Company => p.company,
            EntityKind::Group => p.group,
            EntityKind::Treaty => p.treaty,
            EntityKind::Site => p.site,
            EntityKind::Conflict => p.conflict,
            EntityKind::Policy => p.policy,
        })
    }

    /// A mention in the text: its kind's colour, underlined when colour is off.
    pub fn mention(&self, k: EntityKind) -> Style {
        if self.color {
            self.kind(k)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// Mentions of the current target entity, and search hits.
    pub fn target(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The mention under the mention cursor: the one reversed span, so it
    /// is found at a glance with or without colour.
    pub fn mention_cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The target's other mentions while the cursor is on one of them: they
    /// give up their reverse to the cursor and keep it only as bold.
    pub fn target_beside_cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Search hits: must stand out over mention colours.
    pub fn hit(&self) -> Style {
        let p = &self.palette;
        if self.color && (p.highlight_bg != Color::Reset || p.highlight_fg != Color::Reset) {
            self.bg(p.highlight_bg).patch(self.fg(p.highlight_fg))
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn correction(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    pub fn gutter_focus(&self) -> Style {
        self.fg(self.palette.focus).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn caption(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn dim(&self) -> Style {
        if self.color && self.palette.dim != Color::Reset {
            Style::new().fg(self.palette.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.gutter_focus()
        } else {
            self.dim()
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Timeline rows for events of the focus passage.
    pub fn event_here(&self) -> Style {
        self.fg(self.palette.mark).add_modifier(Modifier::BOLD)
    }

    /// Timeline rows for events described only in other articles.
    pub fn event_elsewhere(&self) -> Style {
        self.dim()
    }

    pub fn selected(&self) -> Style {
        let p = &self.palette;
        if self.color && (p.selection_bg != Color::Reset || p.selection_fg != Color::Reset) {
            self.bg(p.selection_bg).patch(self.fg(p.selection_fg))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn status(&self) -> Style {
        self.fg(self.palette.status)
    }

    pub fn dispute(&self) -> Style {
        self.fg(self.palette.dispute).add_modifier(Modifier::BOLD)
    }

    pub fn bookmark(&self) -> Style {
        self.fg(self.palette.bookmark).add_modifier(Modifier::BOLD)
    }

    /// Suggestions read as provisional: italics, in their own colour if any.
    pub fn suggestion(&self) -> Style {
        self.fg(self.palette.suggestion)
            .add_modifier(Modifier::ITALIC)
    }

    pub fn shared(&self) -> Style {
        if self.color && self.palette.shared != Color::Reset {
            Style::new().fg(self.palette.shared)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The colour of a map marker by its role (focus, selected, event, place).
    pub fn map_colour(&self, role: MapRole) -> Option<Color> {
        let p = &self.palette;
        let c = match role {
            MapRole::Focus => p.map_focus,
            MapRole::Selected => p.map_selected,
            MapRole::Event => p.map_event,
            MapRole::Place => p.map_place,
        };
        (self.color && c != Color::Reset).then_some(c)
    }
}

/// What a map marker stands for, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapRole {
    Focus,
    Selected,
    Event,
    Place,
}

/// The NO_COLOR convention: set and not empty.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(p: &Palette) -> Vec<Color> {
        Palette::NAMES
            .iter()
            .filter_map(|(n, _)| p.get(n))
            .collect()
    }

    #[test]
    fn sixteen_colours_fit_every_colour_to_the_basic_ones() {
        for name in ThemeName::ALL {
            let t = Theme::new(name.palette(), Depth::Ansi16, false);
            for c in colours(&t.palette) {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(16..)),
                    "{name:?}: {c:?}"
                );
            }
        }
        for i in 0..=255u8 {
            let c = Depth::Ansi16.fit(Color::Indexed(i));
            assert!(
                !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                "{i}: {c:?}"
            );
        }
    }

    #[test]
    fn nearest_colours_are_exact_where_the_terminal_has_them() {
        for i in 16..=255u8 {
            let (r, g, b) = indexed_rgb(i);
            let back = Depth::Ansi256.fit(Color::Rgb(r, g, b));
            assert_eq!(Depth::Ansi256.fit(back), back);
            let Color::Indexed(j) = back else {
                panic!("{back:?}")
            };
            assert_eq!(indexed_rgb(j), (r, g, b), "{i}");
        }
        assert_eq!(Depth::Ansi16.fit(Color::Rgb(250, 0, 0)), Color::LightRed);
        assert_eq!(
            Depth::TrueColor.fit(Color::Rgb(1, 2, 3)),
            Color::Rgb(1, 2, 3)
        );
    }

    #[test]
    fn true_colour_only_when_colorterm_says_so() {
        let d = Depth::detect;
        assert_eq!(d(Some("truecolor"), Some("xterm")), Depth::TrueColor);
        assert_eq!(d(Some("24bit"), None), Depth::TrueColor);
        assert_eq!(d(None, Some("xterm-256color")), Depth::Ansi256);
        assert_eq!(d(Some("yes"), Some("tmux-256color")), Depth::Ansi256);
        assert_eq!(d(None, Some("xterm")), Depth::Ansi16);
        assert_eq!(d(None, None), Depth::Ansi16);
    }

    #[test]
    fn theme_names_round_trip() {
        for n in ThemeName::ALL {
            assert_eq!(ThemeName::from_name(n.name()), Some(n));
        }
    }

    #[test]
    fn no_color_leaves_no_colour_in_any_style() {
        for name in ThemeName::ALL {
            let t = Theme::new(name.palette(), Depth::TrueColor, true);
            let mut styles = vec![
                t.hit(),
                t.gutter_focus(),
                t.dim(),
                t.selected(),
                t.status(),
                t.event_here(),
                t.dispute(),
                t.bookmark(),
                t.suggestion(),
                t.shared(),
                t.border(true),
            ];
            styles.extend(EntityKind::ALL.iter().map(|&k| t.mention(k)));
            for s in styles {
                assert!(s.fg.is_none() && s.bg.is_none(), "{name:?}: {s:?}");
            }
            assert!(t.map_colour(MapRole::Focus).is_none());
        }
    }
}
