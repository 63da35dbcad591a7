//! The lower panes of the ladder screen: the explanation of the current packet, and the
//! packet itself as a field tree over a hex dump with the selected field's bytes highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::layout::{self, LadderAreas};
use super::{Theme, fit};
use crate::annotate::lang::Lang;
use crate::annotate::text::display_width;
use crate::tui::app::{App, PacketView, Pane, tree_top};
use crate::tui::explain::explain;
use unicode_width::UnicodeWidthChar;

pub fn draw(frame: &mut Frame<'_>, a: &LadderAreas, app: &App, theme: &Theme) {
    if let Some(r) = a.explanation {
        explanation(frame, r, a.wide, app, theme);
    }
    if let Some(r) = a.packet {
        packet(frame, r, a.wide, app, theme);
    }
}

/// The pane's title: both tabs when only one pane fits, the focused one marked.
fn title<'a>(this: Pane, wide: bool, app: &App, theme: &Theme, extra: String) -> Line<'a> {
    let focused = app.ladder.pane == this;
    let name = |p: Pane| {
        let id = match p {
            Pane::Explanation => "tui-pane-explanation",
            Pane::Packet => "tui-pane-packet",
        };
        format!(" {} ", app.lang.text(id, &[]))
    };
    let style = |p: Pane| {
        if app.ladder.pane == p {
            theme.focus
        } else {
            theme.dim
        }
    };
    let mut spans = Vec::new();
    if wide {
        spans.push(Span::styled(
            name(this),
            if focused { theme.focus } else { Style::new() },
        ));
    } else {
        spans.push(Span::styled(
            name(Pane::Explanation),
            style(Pane::Explanation),
        ));
        spans.push(Span::raw("│"));
        spans.push(Span::styled(name(Pane::Packet), style(Pane::Packet)));
        spans.push(Span::styled("(Tab) ", theme.dim));
    }
    spans.push(Span::raw(extra));
    Line::from(spans)
}

fn explanation(frame: &mut Frame<'_>, r: Rect, wide: bool, app: &App, theme: &Theme) {
    let block = Block::bordered().title(title(Pane::Explanation, wide, app, theme, String::new()));
    let (Some(v), Some(row)) = (app.current(), app.current_row()) else {
        frame.render_widget(block, r);
        return;
    };
    let raw = app.packet.as_ref().and_then(|p| p.raw);
    let lang = app.lang;
    let e = explain(&v.conv, &row, raw, lang);
    let w = usize::from(r.width.saturating_sub(2));
    let mut lines = hanging("", &e.title, w, theme.title, theme.title);
    for s in &e.what {
        lines.extend(hanging("", s, w, theme.key, Style::new()));
    }
    let sections: [(&str, &[String]); 3] = [
        ("tui-section-states", &e.states),
        ("tui-section-numbers", &e.numbers),
        ("tui-section-notes", &e.notes),
    ];
    // The labels padded to the widest, and a space: "states  ", "numbers ", "notes   ".
    let labels = sections.map(|(id, _)| lang.text(id, &[]));
    let indent = labels.iter().map(|l| display_width(l)).max().unwrap_or(0) + 1;
    for ((_, items), label) in sections.iter().zip(&labels) {
        let label = fit(label, indent);
        for (i, s) in items.iter().enumerate() {
            let label = if i == 0 {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            lines.extend(hanging(&label, s, w, theme.key, Style::new()));
        }
    }
    let block = match scroll_hint(lines.len(), r.height, app.ladder.scroll, lang) {
        Some(hint) => block.title_bottom(Line::from(Span::styled(hint, theme.key)).right_aligned()),
        None => block,
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((app.ladder.scroll, 0)),
        r,
    );
}

/// Says that the explanation goes on past the pane's bottom (or starts above its top), and
/// which keys scroll it; `None` when it all shows.
fn scroll_hint(lines: usize, height: u16, scroll: u16, lang: Lang) -> Option<String> {
    let shown = usize::from(height.saturating_sub(2));
    let top = usize::from(scroll);
    let below = lines.saturating_sub(top + shown);
    let text = match (top > 0, below > 0) {
        (_, true) => lang.text("tui-scroll-more", &[("count", &below.to_string())]),
        (true, false) => lang.text("tui-scroll-up", &[]),
        (false, false) => return None,
    };
    Some(format!(" {text} "))
}

/// `text` word-wrapped to `width` display columns, after `label` on the first line and
/// indented as deep on the others, so that a wrapped note still lines up under its section.
/// Chinese runs without spaces: a word with a wide character is broken where the line ends
/// (between two characters, never inside one), as a word longer than the line is.
fn hanging<'a>(
    label: &str,
    text: &str,
    width: usize,
    label_style: Style,
    style: Style,
) -> Vec<Line<'a>> {
    let indent = display_width(label);
    let room = width.saturating_sub(indent).max(8);
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let mut word: String = word.to_owned();
        let breakable = word.chars().any(|c| c.width().unwrap_or(0) > 1);
        while let Some(cur) = rows.last_mut() {
            let used = display_width(cur);
            let gap = usize::from(used > 0);
            if used + gap + display_width(&word) <= room {
                if used > 0 {
                    cur.push(' ');
                }
                cur.push_str(&word);
                break;
            }
            if used == 0 || (breakable && used + gap + 2 <= room) {
                // A word longer than the line, or Chinese: the part that fits, cut there.
                let columns = room - used - gap;
                let (mut head, mut rest) = split_at_width(&word, columns, !breakable);
                if head.is_empty() && used == 0 {
                    // No place to break in a whole line's width: cut where it ends.
                    (head, rest) = split_at_width(&word, columns, true);
                }
                let (head, rest) = (head.to_owned(), rest.to_owned());
                if !head.is_empty() {
                    if gap > 0 {
                        cur.push(' ');
                    }
                    cur.push_str(&head);
                    word = rest;
                }
                if head.is_empty() && used == 0 {
                    // Not even one character fits: give the line to it whole.
                    cur.push_str(&word);
                    break;
                }
            }
            rows.push(String::new());
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let head = if i == 0 {
                label.to_owned()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![
                Span::styled(head, label_style),
                Span::styled(row, style),
            ])
        })
        .collect()
}

pub(super) fn packet(frame: &mut Frame<'_>, r: Rect, wide: bool, app: &App, theme: &Theme) {
    let Some(p) = &app.packet else {
        frame.render_widget(
            Block::bordered().title(title(Pane::Packet, wide, app, theme, String::new())),
            r,
        );
        return;
    };
    let extra = format!(
        "{} ",
        app.lang.text(
            "tui-packet-title",
            &[
                ("frame", &p.frame.to_string()),
                ("bytes", &p.bytes.len().to_string())
            ]
        )
    );
    frame.render_widget(
        Block::bordered().title(title(Pane::Packet, wide, app, theme, extra)),
        r,
    );
    let (tree, hex, per_line) = layout::packet(r);
    if let Some(e) = &p.error {
        frame.render_widget(
            Paragraph::new(Span::styled(e.clone(), theme.error)).wrap(Wrap { trim: false }),
            tree,
        );
        return;
    }
    let field = app.ladder.field;
    let h = usize::from(tree.height);
    let top = tree_top(field, h);
    let w = usize::from(tree.width);
    let lines: Vec<Line<'_>> = p
        .fields
        .iter()
        .enumerate()
        .skip(top)
        .take(h)
        .map(|(i, f)| {
            let indent = "  ".repeat(usize::from(f.depth));
            let marker = if f.depth == 0 { "▾ " } else { "" };
            let text = fit(&format!("{indent}{marker}{}", f.text), w);
            let style = if i == field {
                theme.selected
            } else if f.depth == 0 {
                theme.title
            } else {
                Style::new()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), tree);
    frame.render_widget(
        Paragraph::new(hex_lines(
            p,
            field,
            per_line,
            usize::from(hex.height),
            theme,
        )),
        hex,
    );
}

/// `word` split where its first part is at most `columns` wide, after a whole character,
/// at the last place a line may break: beside a wide (CJK) character, never inside a run of
/// ASCII (`ESTABLISHED`, `ISN`) unless `anywhere`. Chinese punctuation that closes (，。）…)
/// never starts the second part, and one that opens (（「《) never ends the first, as
/// Chinese typesetting breaks lines. The first part is empty when no place fits.
fn split_at_width(word: &str, columns: usize, anywhere: bool) -> (&str, &str) {
    let wide = |c: char| c.width().unwrap_or(0) > 1;
    let closes = |c: char| "，。；：、！？）」』》".contains(c);
    let opens = |c: char| "（「『《".contains(c);
    let (mut used, mut best, mut prev) = (0, 0, None::<char>);
    for (i, ch) in word.char_indices() {
        if let Some(p) = prev {
            let allowed = anywhere || wide(p) || wide(ch);
            if allowed && !closes(ch) && !opens(p) {
                best = i;
            }
        }
        used += ch.width().unwrap_or(0);
        if used > columns {
            return word.split_at(best);
        }
        prev = Some(ch);
    }
    (word, "")
}

/// The hex dump, scrolled so that the selected field's first byte is shown.
fn hex_lines<'a>(
    p: &PacketView,
    field: usize,
    per_line: usize,
    h: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let range = p.fields.get(field).map_or(0..0, |f| f.bytes.clone());
    let first = range.start / per_line;
    let top = if first >= h {
        first + 1 - h.max(1) / 2
    } else {
        0
    };
    p.bytes
        .chunks(per_line)
        .enumerate()
        .skip(top)
        .take(h)
        .map(|(n, chunk)| {
            let base = n * per_line;
            let mut spans = vec![Span::styled(format!("{base:04x}  "), theme.dim)];
            for (i, b) in chunk.iter().enumerate() {
                let hit = range.contains(&(base + i));
                let next_hit = range.contains(&(base + i + 1)) && i + 1 < chunk.len();
                let style = if hit { theme.bytes } else { Style::new() };
                spans.push(Span::styled(format!("{b:02x}"), style));
                // The gap between two highlighted bytes is highlighted too.
                spans.push(Span::styled(
                    " ",
                    if hit && next_hit {
                        theme.bytes
                    } else {
                        Style::new()
                    },
                ));
            }
            spans.push(Span::raw(" ".repeat((per_line - chunk.len()) * 3 + 1)));
            for (i, b) in chunk.iter().enumerate() {
                let c = if b.is_ascii_graphic() || *b == b' ' {
                    char::from(*b)
                } else {
                    '.'
                };
                let style = if range.contains(&(base + i)) {
                    theme.bytes
                } else {
                    Style::new()
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            Line::from(spans)
        })
        .collect()
}
