//! Colours and styles, in one place so `NO_COLOR` is honoured everywhere:
//! without colour, focus and mentions are still told apart by attributes.

use ratatui::style::{Color, Modifier, Style};

use crate::corpus::types::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the NO_COLOR convention asks otherwise.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn kind(&self, k: EntityKind) -> Style {
        self.fg(match k {
            EntityKind::Person => Color::Cyan,
            EntityKind::Place => Color::Green,
            EntityKind::State => Color::Blue,
            EntityKind::Organisation => Color::Magenta,
            EntityKind::Company => Color::Yellow,
            EntityKind::Group => Color::LightMagenta,
            EntityKind::Treaty => Color::LightRed,
            EntityKind::Site => Color::LightGreen,
            EntityKind::Conflict => Color::Red,
            EntityKind::Policy => Color::LightYellow,
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
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn correction(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    pub fn gutter_focus(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn caption(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Timeline rows for events of the focus passage.
    pub fn event_here(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Timeline rows for events described only in other articles.
    pub fn event_elsewhere(&self) -> Style {
        self.dim()
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn status(&self) -> Style {
        self.fg(Color::LightYellow)
    }
}
