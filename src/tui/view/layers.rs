//! The `L` pane of the ladder screen: the current packet's layers (one row each), the
//! nesting line, and the hex dump with each layer's bytes in its own colour (the same colour
//! as its protocol in the rows). The sentences wrap, and `J`/`K` scroll the pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::layout::LadderAreas;
use super::{Theme, fit, right};
use crate::annotate::lang::Lang;
use crate::annotate::layers::sides::Sides;
use crate::annotate::text::display_width;
use crate::decode::layers::{Proto, Tier};
use crate::tui::app::App;
use crate::tui::layers::{LayersPane, current};

/// Bytes per hex dump line.
const PER_LINE: usize = 16;

/// Draws the pane over both lower panes of the ladder screen.
pub fn draw(frame: &mut Frame<'_>, a: &LadderAreas, app: &App, theme: &Theme) {
    let area = match (a.explanation, a.packet) {
        (Some(e), Some(p)) => e.union(p),
        (Some(r), None) | (None, Some(r)) => r,
        (None, None) => return,
    };
    draw_in(frame, area, app, theme, app.ladder.scroll);
}

/// The pane in `area`, scrolled by `scroll` lines: on the ladder in place of its lower panes,
/// in the packet list in place of the packet pane.
pub fn draw_in(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, scroll: u16) {
    let title = format!(" {} (L) ", app.lang.text("layers-pane-title", &[]));
    let block = Block::bordered().title(Span::styled(title, theme.focus));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(pane) = current(app) else {
        return;
    };
    // The sentences wrap; `J`/`K` scroll the pane as they scroll the explanation.
    let lines = lines(&pane, app.lang, theme);
    let text = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(text, inner);
}

/// A layer's colour; none when the theme has no colours (`NO_COLOR`, `--color never`).
fn colour(tier: Tier, proto: Proto, theme: &Theme) -> Style {
    if theme.title.fg.is_none() {
        return Style::new();
    }
    let c = match (tier, proto) {
        (_, Proto::Trailer | Proto::Undecoded) => return theme.dim,
        (Tier::Link, _) => Color::Blue,
        (Tier::Internet, _) => Color::Green,
        (Tier::Transport, _) => Color::Yellow,
        (Tier::Application, _) => Color::Magenta,
    };
    Style::new().fg(c)
}

fn lines(pane: &LayersPane, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let w_tier = pane
        .rows
        .iter()
        .map(|r| display_width(r.tier))
        .max()
        .unwrap_or(0);
    let w_proto = pane
        .rows
        .iter()
        .map(|r| display_width(r.proto))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for r in &pane.rows {
        let style = colour(r.span.tier, r.span.proto, theme);
        let head = format!("{} {} ", fit(r.tier, w_tier), fit(r.osi, 3));
        let proto = format!(
            "{} {} ",
            fit(r.proto, w_proto),
            right(&r.span.len.to_string(), 4)
        );
        let tail = if r.ends.is_empty() {
            r.text.clone()
        } else {
            format!("{}  {}", r.ends, r.text)
        };
        out.push(Line::from(vec![
            Span::raw(head),
            Span::styled(proto, style.add_modifier(Modifier::BOLD)),
            Span::raw(tail),
        ]));
    }
    out.push(Line::from(Span::styled(pane.nesting.clone(), theme.header)));
    if let Some(s) = &pane.sides {
        out.extend(sides(s, lang, theme));
    }
    out.extend(hex(pane, theme));
    out
}

/// The out block and the in block: a head, then per row its place, bytes and words.
fn sides(s: &Sides, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let rows = || s.out.rows.iter().chain(&s.into.rows);
    let w = rows()
        .map(|r| display_width(r.place.word(lang)))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for side in [&s.out, &s.into] {
        out.push(Line::from(Span::styled(side.head.clone(), theme.header)));
        for r in &side.rows {
            let bytes = r.bytes.map(|b| b.to_string()).unwrap_or_default();
            out.push(Line::from(vec![
                Span::raw(format!(
                    "  {} {} ",
                    fit(r.place.word(lang), w),
                    right(&bytes, 4)
                )),
                Span::raw(r.text.clone()),
            ]));
        }
    }
    out
}

/// `0000  45 00 ...`: each byte in its layer's colour.
fn hex(pane: &LayersPane, theme: &Theme) -> Vec<Line<'static>> {
    let style_at = |i: usize| {
        pane.rows
            .iter()
            .find(|r| r.span.range().contains(&i))
            .map_or(Style::new(), |r| colour(r.span.tier, r.span.proto, theme))
    };
    pane.bytes
        .chunks(PER_LINE)
        .enumerate()
        .map(|(n, chunk)| {
            let mut spans = vec![Span::styled(format!("{:04x} ", n * PER_LINE), theme.dim)];
            for (k, b) in chunk.iter().enumerate() {
                spans.push(Span::styled(
                    format!(" {b:02x}"),
                    style_at(n * PER_LINE + k),
                ));
            }
            Line::from(spans)
        })
        .collect()
}
