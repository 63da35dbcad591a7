//! `?`: every key, from the one list in [`crate::tui::action::KEYS`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::Theme;
use crate::tui::action::{Context, KEYS};
use crate::tui::app::{App, Screen};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    // The screen's own keys and those of the screen it came from: all four sections do not
    // fit in 24 lines.
    let other = match app.screen {
        Screen::Packets => (Context::Packets, "Packet list"),
        Screen::Follow => (Context::Follow, "Follow pane"),
        _ => (Context::Ladder, "Ladder"),
    };
    for (ctx, name) in [
        (Context::Everywhere, "Everywhere"),
        (Context::Conversations, "Conversations"),
        other,
    ] {
        lines.push(Line::from(Span::styled(name, theme.title)));
        for (_, keys, what) in KEYS.iter().filter(|(c, _, _)| *c == ctx) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key),
                Span::raw(*what),
            ]));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(76)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys · any key closes ")),
        popup,
    );
}
