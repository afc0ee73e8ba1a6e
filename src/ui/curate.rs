//! The curation prompt: what is being changed, the text typed, and what
//! that text will do (the date it reads as, the entity it names).

use super::Surface;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::overlay::{centered, draw_box};
use super::theme::Theme;
use super::truncate;
use crate::reader::{
    Action, CurateKey, ENTITY_MENU, EVENT_MENU, InputKind, Prompt, Reader, entity_choices,
    kind_choices, prompt_line,
};

pub fn prompt(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let Some(input) = &r.input else { return };
    let InputKind::Curate(p) = &input.kind else {
        return;
    };
    menu(r, t, f, area, p);
    kinds(r, t, f, area);
    entities(r, t, f, area);
    let (label, hint) = prompt_line(r, p, &input.text);
    let w = area.width as usize;
    // The label gives way to the text, the hint to both.
    let label = truncate(&label, (w / 2).max(1));
    let label_w = crate::wrap::width(&label);
    let text_room = w.saturating_sub(label_w + 1);
    let text = truncate(&input.text, text_room);
    let inline = format!("  {hint}");
    // A hint that does not fit beside the text gets the row above.
    let fits = label_w + crate::wrap::width(&text) + crate::wrap::width(&inline) < w;
    if !fits && area.height >= 2 {
        let above = area.y + area.height - 2;
        f.render_widget(Clear, Rect::new(area.x, above, area.width, 1));
        let line = Line::styled(truncate(&format!(" {hint}"), w), t.dim());
        super::put_line(f.buffer_mut(), area.x, above, &line, area.width);
    }
    let hint = if fits { inline } else { String::new() };
    let y = area.y + area.height.saturating_sub(1);
    let row = Rect::new(area.x, y, area.width, 1);
    f.render_widget(Clear, row);
    let line = Line::from(vec![
        Span::styled(label.clone(), t.title()),
        Span::raw(text.clone()),
        Span::styled(hint, t.dim()),
    ]);
    super::put_line(f.buffer_mut(), area.x, y, &line, area.width);
    let before: String = input.text.chars().take(input.cursor).collect();
    let cx = label_w + crate::wrap::width(&before).min(crate::wrap::width(&text));
    f.set_cursor_position(Position {
        x: area.x + (cx as u16).min(area.width.saturating_sub(1)),
        y,
    });
}

/// The heading of the card's unlinked mentions: how many, and the keys.
pub fn unlinked_heading(r: &Reader, heading: &str, n: usize) -> String {
    let link = r.keys.first(Action::Curate(CurateKey::Link), "@");
    let menu = r.keys.first(Action::Curate(CurateKey::Menu), "E");
    format!("{heading} ({n}) — {link} links the selected one, {menu} L all")
}

/// One unlinked place of the card: the passage and the words around it.
pub fn unlinked_line(r: &Reader, e: crate::corpus::EntityIdx, i: usize, w: usize) -> String {
    let found = r.unlinked_of(e);
    let Some(u) = found.get(i) else {
        return String::new();
    };
    let text = &r.corpus.articles[u.loc.article].passages[u.loc.passage].text;
    let snip = crate::text::snippet(text, u.range.clone(), w);
    format!("§{:<3} {snip}", u.loc.passage + 1)
}

/// The menu of changes, over the panes: each letter and what it does.
fn menu(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect, p: &Prompt) {
    let (title, choices) = match p {
        Prompt::EntityMenu(id) => (
            r.corpus
                .entity_by_id(id)
                .map_or(id.clone(), |e| e.name.clone()),
            ENTITY_MENU,
        ),
        Prompt::EventMenu(id) => (
            r.corpus
                .event_by_id(id)
                .map_or(id.clone(), |e| e.title.clone()),
            EVENT_MENU,
        ),
        _ => return,
    };
    let widest = choices
        .iter()
        .map(|(_, what)| crate::wrap::width(what))
        .max()
        .unwrap_or(0);
    let w = (widest + 9).max(crate::wrap::width(&title).min(40) + 12) as u16;
    let h = choices.len() as u16 + 2;
    // Above the prompt's row, which stays visible.
    let room = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    let rect = centered(room, w, h);
    let lines = choices
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k}  "), t.gutter_focus()),
                Span::raw(*what),
            ])
        })
        .collect();
    draw_box(f, t, rect, &format!("Change {title}"), lines, None, 0);
}

/// The kinds a kind prompt lists for what is typed, over the panes, the
/// one chosen with the arrows marked; scrolled to it where the screen is
/// too short for them all.
fn kinds(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let Some((kinds, sel)) = kind_choices(r) else {
        return;
    };
    if kinds.is_empty() {
        return;
    }
    // An entity's kind being changed: its kind now, for a change of mind.
    let now = match r.input.as_ref().map(|i| &i.kind) {
        Some(InputKind::Curate(Prompt::Kind(id))) => r.corpus.entity_by_id(id).map(|e| e.kind),
        _ => None,
    };
    let lines = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let chosen = sel == Some(i);
            let (mark, style) = if chosen {
                ("▸ ", t.title().patch(t.selected()))
            } else {
                ("  ", t.kind(*k))
            };
            Line::from(vec![
                Span::styled(mark, t.gutter_focus()),
                Span::styled(format!("{:<14}", k.label()), style),
                Span::styled(k.tag(), t.dim()),
                Span::styled(if now == Some(*k) { "  now" } else { "" }, t.dim()),
            ])
        })
        .collect();
    // Above the prompt's row and the hint's, which stay visible.
    let room = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    let rect = centered(room, 32, kinds.len() as u16 + 2);
    draw_box(f, t, rect, "Kinds", lines, sel, 0);
}

/// The entities a prompt naming another lists for what is typed, over the
/// panes, the one Enter takes marked; only when there is a choice.
fn entities(r: &Reader, t: &Theme, f: &mut Surface<'_>, area: Rect) {
    let Some((found, at)) = entity_choices(r) else {
        return;
    };
    if found.len() < 2 {
        return;
    }
    let c = &r.corpus;
    let widest = found
        .iter()
        .map(|&e| crate::wrap::width(&c.entities[e].name))
        .max()
        .unwrap_or(0)
        .min(48);
    let lines = found
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let ent = &c.entities[e];
            let (mark, style) = if i == at {
                ("▸ ", t.title().patch(t.selected()))
            } else {
                ("  ", t.kind(ent.kind))
            };
            let name = truncate(&ent.name, widest);
            let pad = " ".repeat(widest.saturating_sub(crate::wrap::width(&name)) + 2);
            Line::from(vec![
                Span::styled(mark, t.gutter_focus()),
                Span::styled(name, style),
                Span::raw(pad),
                Span::styled(ent.kind.tag(), t.dim()),
            ])
        })
        .collect();
    let room = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    let rect = centered(room, widest as u16 + 12, found.len() as u16 + 2);
    draw_box(f, t, rect, "Entities", lines, Some(at), 0);
}
