//! From the file's text to a configuration and a list of what was wrong.
//! The text is untrusted: everything it says that is echoed back is made
//! safe to print, and nothing in it can make reading fail.

use std::ops::Range;
use std::str::FromStr;

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, ConfigError, MEASURE_RANGE, OVERLAY_RANGE, Upper};
use crate::keymap::{self, BINDINGS, Key};
use crate::layout::SHARE_RANGE;
use crate::sanitize::clean_line;
use crate::ui::theme::{Palette, ThemeName};

const SECTIONS: &str = "theme, [layout], [reading], [keys], [colors]";
const LAYOUT_KEYS: &str = "measure, side_share, overlay_below, upper_pane";
const READING_KEYS: &str = "mouse, confirm_quit, links";

struct Errors<'a> {
    text: &'a str,
    file: &'a str,
    list: Vec<(usize, ConfigError)>,
}

impl Errors<'_> {
    fn at(&mut self, span: Range<usize>, message: String) {
        self.hinted(span, message, String::new());
    }

    /// An error with a longer explanation for `config check`.
    fn hinted(&mut self, span: Range<usize>, message: String, hint: String) {
        let (line, col) = line_col(self.text, span.start);
        self.list.push((
            span.start,
            ConfigError {
                file: self.file.to_owned(),
                line,
                col,
                message: clean_line(&message),
                hint: clean_line(&hint),
            },
        ));
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Reads a configuration; `file` names it in the errors.
pub fn parse(text: &str, file: &str) -> (Config, Vec<ConfigError>) {
    let mut errs = Errors {
        text,
        file,
        list: Vec::new(),
    };
    let mut config = Config::default();
    let (root, syntax) = DeTable::parse_recoverable(text);
    for e in syntax {
        let span = e.span().unwrap_or(0..0);
        errs.at(span, format!("not TOML: {}", e.message().trim()));
    }
    for (key, value) in root.get_ref().iter() {
        let span = key.span();
        match key.get_ref().as_ref() {
            "theme" => {
                if let Some(s) = string(&mut errs, value, "a theme's name") {
                    match ThemeName::from_name(s) {
                        Some(t) => config.theme = t,
                        None => errs.hinted(
                            value.span(),
                            format!("no theme `{s}`"),
                            format!(
                                "the themes are {}",
                                ThemeName::ALL.map(ThemeName::name).join(", ")
                            ),
                        ),
                    }
                }
            }
            "layout" => {
                if let Some(t) = table(&mut errs, value, "[layout]") {
                    layout(&mut errs, t, &mut config);
                }
            }
            "reading" => {
                if let Some(t) = table(&mut errs, value, "[reading]") {
                    reading(&mut errs, t, &mut config);
                }
            }
            "keys" => {
                if let Some(t) = table(&mut errs, value, "[keys]") {
                    keys(&mut errs, t, &mut config);
                }
            }
            "colors" | "colours" => {
                if let Some(t) = table(&mut errs, value, "[colors]") {
                    colors(&mut errs, t, &mut config);
                }
            }
            other => errs.hinted(
                span,
                format!("unknown key `{other}`"),
                format!("the file has {SECTIONS}"),
            ),
        }
    }
    let mut list = errs.list;
    list.sort_by_key(|(at, _)| *at);
    (config, list.into_iter().map(|(_, e)| e).collect())
}

fn kind(v: &DeValue) -> &'static str {
    v.type_str()
}

fn string<'v>(errs: &mut Errors, v: &'v Spanned<DeValue>, what: &str) -> Option<&'v str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            errs.at(
                v.span(),
                format!("expected {what} in quotes, found {}", kind(other)),
            );
            None
        }
    }
}

fn table<'v, 'i>(
    errs: &mut Errors,
    v: &'v Spanned<DeValue<'i>>,
    what: &str,
) -> Option<&'v DeTable<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        other => {
            errs.at(
                v.span(),
                format!("{what} must be a table, found {}", kind(other)),
            );
            None
        }
    }
}

fn boolean(errs: &mut Errors, v: &Spanned<DeValue>) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            errs.at(
                v.span(),
                format!("expected true or false, found {}", kind(other)),
            );
            None
        }
    }
}

fn number(
    errs: &mut Errors,
    v: &Spanned<DeValue>,
    range: std::ops::RangeInclusive<u16>,
    zero_ok: bool,
) -> Option<u16> {
    let n = match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    };
    let ok = n
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| range.contains(n) || (zero_ok && *n == 0));
    if ok.is_none() {
        let zero = if zero_ok { "0 or " } else { "" };
        errs.at(
            v.span(),
            format!(
                "expected a whole number, {zero}{} to {}",
                range.start(),
                range.end()
            ),
        );
    }
    ok
}

fn layout(errs: &mut Errors, t: &DeTable, config: &mut Config) {
    for (key, v) in t.iter() {
        match key.get_ref().as_ref() {
            "measure" => {
                if let Some(n) = number(errs, v, MEASURE_RANGE, true) {
                    config.panes.measure = n;
                }
            }
            "side_share" => match v.get_ref() {
                DeValue::String(s) if s.as_ref() == "auto" => config.panes.share = None,
                _ => {
                    if let Some(n) = number(errs, v, SHARE_RANGE, false) {
                        config.panes.share = Some(n);
                    }
                }
            },
            "overlay_below" => {
                if let Some(n) = number(errs, v, OVERLAY_RANGE, false) {
                    config.panes.overlay_below = n;
                }
            }
            "upper_pane" => {
                if let Some(s) = string(errs, v, "timeline or map") {
                    match s {
                        "timeline" => config.upper = Upper::Timeline,
                        "map" => config.upper = Upper::Map,
                        _ => errs.at(
                            v.span(),
                            format!("upper_pane is \"timeline\" or \"map\", not `{s}`"),
                        ),
                    }
                }
            }
            other => errs.hinted(
                key.span(),
                format!("unknown key `{other}` in [layout]"),
                format!("it has {LAYOUT_KEYS}"),
            ),
        }
    }
}

fn reading(errs: &mut Errors, t: &DeTable, config: &mut Config) {
    for (key, v) in t.iter() {
        match key.get_ref().as_ref() {
            "mouse" => {
                if let Some(b) = boolean(errs, v) {
                    config.mouse = b;
                }
            }
            "confirm_quit" => {
                if let Some(b) = boolean(errs, v) {
                    config.confirm_quit = b;
                }
            }
            "links" => {
                if let Some(b) = boolean(errs, v) {
                    config.links = b;
                }
            }
            other => errs.hinted(
                key.span(),
                format!("unknown key `{other}` in [reading]"),
                format!("it has {READING_KEYS}"),
            ),
        }
    }
}

fn colors(errs: &mut Errors, t: &DeTable, config: &mut Config) {
    let probe = Palette::NAMES;
    for (key, v) in t.iter() {
        let name = key.get_ref().as_ref();
        if !probe.iter().any(|(n, _)| *n == name) {
            errs.hinted(
                key.span(),
                format!("unknown colour `{name}`"),
                format!(
                    "the colours are {}",
                    probe.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ),
            );
            continue;
        }
        let Some(s) = string(errs, v, "a colour") else {
            continue;
        };
        match parse_colour(s) {
            Some(c) => config.colors.push((name.to_owned(), c)),
            None => errs.at(
                v.span(),
                format!(
                    "`{s}` is not a colour: a name (red, light-blue, dark-gray…), \
                     \"default\", a number 0-255 or \"#rrggbb\""
                ),
            ),
        }
    }
}

/// A colour as the file writes it: a name, `default` (the terminal's
/// own), an index 0-255 or `#rrggbb`.
pub fn parse_colour(s: &str) -> Option<Color> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    if let Some(hex) = t.strip_prefix('#')
        && (hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return None;
    }
    Color::from_str(t).ok()
}

/// The keys of one action: a key, or a list of keys (empty: unbound).
fn key_list(errs: &mut Errors, v: &Spanned<DeValue>) -> Option<Vec<Key>> {
    let items: Vec<&Spanned<DeValue>> = match v.get_ref() {
        DeValue::String(_) => vec![v],
        DeValue::Array(a) => a.iter().collect(),
        other => {
            errs.at(
                v.span(),
                format!("expected a key or a list of keys, found {}", kind(other)),
            );
            return None;
        }
    };
    let mut keys = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(s) = string(errs, item, "a key") else {
            ok = false;
            continue;
        };
        match keymap::parse_key(s) {
            Ok(k) => keys.push(k),
            Err(e) => {
                errs.at(item.span(), format!("`{s}`: {e}"));
                ok = false;
            }
        }
    }
    ok.then_some(keys)
}

fn keys(errs: &mut Errors, t: &DeTable, config: &mut Config) {
    // Each row the file binds, with where, to take back if it clashes.
    let mut set: Vec<(usize, Range<usize>)> = Vec::new();
    for (key, v) in t.iter() {
        let name = key.get_ref().as_ref();
        let Some(row) = keymap::row_by_name(name) else {
            errs.hinted(
                key.span(),
                format!("unknown action `{name}` in [keys]"),
                "`lectern config print` lists them".into(),
            );
            continue;
        };
        if let Some(keys) = key_list(errs, v) {
            config.keymap.set(row, keys);
            set.push((row, key.span()));
        }
    }
    // A key bound to two actions: the binding the file made (the later
    // one, when both are the file's) goes back to its default, until no
    // key is bound twice. The defaults bind no key twice, so this ends.
    let defaults = keymap::Keymap::default();
    for _ in 0..=BINDINGS.len() {
        let Some((key, a, b)) = config.keymap.clashes().into_iter().next() else {
            break;
        };
        let pick = |r: usize| set.iter().find(|(row, _)| *row == r).cloned();
        let undo = match (pick(a), pick(b)) {
            (Some(x), Some(y)) => Some(if x.1.start > y.1.start { x } else { y }),
            (x, y) => x.or(y),
        };
        let Some((row, span)) = undo else { break };
        errs.at(
            span.clone(),
            format!(
                "`{}` is bound to both {} and {}; {} keeps its default keys",
                keymap::key_name(key),
                keymap::action_name(BINDINGS[a].action),
                keymap::action_name(BINDINGS[b].action),
                keymap::action_name(BINDINGS[row].action),
            ),
        );
        config.keymap.set(row, defaults.keys(row).to_vec());
        set.retain(|(r, _)| *r != row);
    }
}
