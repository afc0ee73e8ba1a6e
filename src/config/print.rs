//! The configuration in effect, written as a commented file that reads
//! back to the same configuration.

use std::fmt::Write;

use ratatui::style::Color;

use super::Config;
use crate::keymap::{self, BINDINGS};
use crate::ui::theme::{Palette, ThemeName};

/// A TOML string: quoted and escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

pub fn colour_name(c: Color) -> String {
    match c {
        Color::Reset => "default".into(),
        Color::Indexed(i) => i.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => {
            // Display gives `LightRed`; the file writes `light-red`.
            let mut out = String::new();
            for (i, ch) in named.to_string().chars().enumerate() {
                if ch.is_uppercase() && i > 0 {
                    out.push('-');
                }
                out.extend(ch.to_lowercase());
            }
            out
        }
    }
}

/// The whole configuration as a file, every setting with what it does.
pub fn print(c: &Config) -> String {
    let mut o = String::new();
    // Writing to a String cannot fail.
    let _ = write_all(&mut o, c);
    o
}

fn write_all(o: &mut String, c: &Config) -> std::fmt::Result {
    writeln!(
        o,
        "# Lectern's configuration: every setting, with its value."
    )?;
    writeln!(
        o,
        "# `lectern config check` reads a file and lists any mistake."
    )?;
    writeln!(o)?;
    let themes = ThemeName::ALL.map(ThemeName::name).join(", ");
    writeln!(o, "# The colours: {themes}.")?;
    writeln!(o, "theme = {}", quoted(c.theme.name()))?;
    writeln!(o)?;

    writeln!(o, "[layout]")?;
    writeln!(
        o,
        "# The widest a line of text is set, in columns; 0: the pane's width."
    )?;
    writeln!(o, "measure = {}", c.panes.measure)?;
    writeln!(
        o,
        "# The side panes' share of the width in percent (10 to 80), or"
    )?;
    writeln!(o, "# \"auto\": a third, between 32 and 56 columns.")?;
    match c.panes.share {
        Some(p) => writeln!(o, "side_share = {p}")?,
        None => writeln!(o, "side_share = \"auto\"")?,
    }
    writeln!(
        o,
        "# Below this width, in columns, the side panes go over the document"
    )?;
    writeln!(o, "# one at a time (Tab brings them).")?;
    writeln!(o, "overlay_below = {}", c.panes.overlay_below)?;
    writeln!(
        o,
        "# What the upper side pane shows at first: \"timeline\" or \"map\"."
    )?;
    writeln!(o, "upper_pane = {}", quoted(c.upper.name()))?;
    writeln!(o)?;

    writeln!(o, "[reading]")?;
    writeln!(
        o,
        "# The mouse: the wheel scrolls, a click selects. Off leaves the mouse"
    )?;
    writeln!(o, "# to the terminal (selecting text to copy).")?;
    writeln!(o, "mouse = {}", c.mouse)?;
    writeln!(o, "# Whether `q` in the document asks before quitting.")?;
    writeln!(o, "confirm_quit = {}", c.confirm_quit)?;
    writeln!(
        o,
        "# An article's source as a link the terminal can open (OSC 8), where"
    )?;
    writeln!(o, "# the terminal is not `dumb` or the Linux console.")?;
    writeln!(o, "links = {}", c.links)?;
    writeln!(o)?;

    writeln!(o, "[keys]")?;
    writeln!(
        o,
        "# Each action's keys: one key, or a list; [] leaves it unbound. A key"
    )?;
    writeln!(
        o,
        "# is a character, or Space, Tab, Shift-Tab, Enter, Esc, Backspace,"
    )?;
    writeln!(
        o,
        "# Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right,"
    )?;
    writeln!(
        o,
        "# F1 to F24; Ctrl- or Alt- before it. A key does one thing only."
    )?;
    writeln!(
        o,
        "# In a prompt, keys type text; Ctrl-u, Ctrl-a, Ctrl-e edit."
    )?;
    let mut section = "";
    for (i, b) in BINDINGS.iter().enumerate() {
        if b.section != section {
            section = b.section;
            writeln!(o)?;
            writeln!(o, "# {section}")?;
        }
        let keys: Vec<String> = c
            .keymap
            .keys(i)
            .iter()
            .map(|&k| quoted(&keymap::key_name(k)))
            .collect();
        writeln!(o, "# {}", b.help)?;
        writeln!(
            o,
            "{} = [{}]",
            keymap::action_name(b.action),
            keys.join(", ")
        )?;
    }
    writeln!(o)?;

    writeln!(o, "[colors]")?;
    writeln!(
        o,
        "# Any colour of the theme, by name: a colour name (red, light-blue,"
    )?;
    writeln!(
        o,
        "# dark-gray…), \"default\" (the terminal's own), a number 0-255 or"
    )?;
    writeln!(
        o,
        "# \"#rrggbb\". Lines with # show the theme's colour; remove the # to"
    )?;
    writeln!(
        o,
        "# change it. NO_COLOR in the environment turns every colour off."
    )?;
    let theme = c.theme.palette();
    let mine = c.palette();
    for (name, what) in Palette::NAMES {
        let set = c.colors.iter().any(|(n, _)| n == name);
        let value = if set { mine.get(name) } else { theme.get(name) };
        let Some(value) = value else { continue };
        writeln!(o, "# {what}")?;
        let hash = if set { "" } else { "# " };
        writeln!(o, "{hash}{name} = {}", quoted(&colour_name(value)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_colour;
    use super::*;

    #[test]
    fn every_colour_name_reads_back() {
        let mut all = vec![Color::Reset, Color::Rgb(1, 0xab, 255), Color::Indexed(200)];
        all.extend((0..16).map(Color::Indexed));
        for t in ThemeName::ALL {
            let p = t.palette();
            all.extend(Palette::NAMES.iter().filter_map(|(n, _)| p.get(n)));
        }
        for named in [Color::LightRed, Color::DarkGray, Color::Gray, Color::White] {
            all.push(named);
        }
        for c in all {
            assert_eq!(parse_colour(&colour_name(c)), Some(c), "{c:?}");
        }
    }
}
