//! `?`: every key, from the one list in [`crate::tui::action::KEYS`].

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Theme, fit};
use crate::tui::action::{Context, KEYS};
use crate::tui::app::{App, Screen};
use unicode_width::UnicodeWidthStr;

/// The popup's width, border included.
const WIDTH: u16 = 76;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    // The screen's own keys and those of the screen it came from: all four sections do not
    // fit in 24 lines.
    let other = match app.screen {
        Screen::Packets => (Context::Packets, "tui-help-packets"),
        Screen::Follow => (Context::Follow, "tui-help-follow"),
        _ => (Context::Ladder, "tui-help-ladder"),
    };
    let lang = app.lang;
    // The popup's inside: the keys' column, then what they do, cut to fit.
    let room = usize::from(WIDTH - 2).saturating_sub(18);
    // In a quiz's ladder its keys take the list's place: both do not fit in 24 lines.
    let second = if app.quiz.is_some() && app.screen == Screen::Ladder {
        (Context::Quiz, "tui-help-quiz")
    } else {
        (Context::Conversations, "tui-help-conversations")
    };
    for (ctx, name) in [(Context::Everywhere, "tui-help-everywhere"), second, other] {
        lines.push(Line::from(Span::styled(lang.text(name, &[]), theme.title)));
        for (_, keys, what) in KEYS.iter().filter(|(c, _, _)| *c == ctx) {
            let what = fit(&lang.text(what, &[]), room);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme.key),
                Span::raw(what.trim_end().to_owned()),
            ]));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(WIDTH)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    clear_wide_left(frame, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", lang.text("tui-help-title", &[])))),
        popup,
    );
}

/// A wide (CJK) character just left of the popup covers the popup's first column too, so
/// its left border would not show: such a character is blanked.
fn clear_wide_left(frame: &mut Frame<'_>, popup: Rect) {
    let Some(x) = popup.x.checked_sub(1) else {
        return;
    };
    let buffer = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        if let Some(cell) = buffer.cell_mut((x, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}
