//! Widgets: each screen rendered from `&App`. Rendering never changes the app; whatever a
//! widget needs to scroll is in the state or computed from it (see [`layout`]).

mod detail;
mod follow;
mod help;
mod ladder;
mod layers;
pub mod layout;
mod list;
mod packets;
mod theme;

pub use follow::follow_lines;
pub use theme::Theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::model::Progress;
use crate::annotate::lang::Lang;
use crate::annotate::text::display_width;
use unicode_width::UnicodeWidthChar;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    match app.screen {
        Screen::Conversations => list::draw(frame, area, app, theme),
        Screen::Ladder => {
            let a = layout::ladder(area, app.ladder.pane == super::app::Pane::Packet);
            ladder::draw(frame, &a, app, theme);
            if app.layers {
                layers::draw(frame, &a, app, theme);
            } else {
                detail::draw(frame, &a, app, theme);
            }
            super::quiz::view::draw(frame, area, app, theme);
        }
        Screen::Packets => packets::draw(frame, area, app, theme),
        Screen::Follow => follow::draw(frame, area, app, theme),
    }
    if app.help {
        help::draw(frame, area, app, theme);
    }
}

/// `s` cut to `width` columns, with an ellipsis when cut, and padded to `width` columns.
/// Columns are display columns (a CJK character takes two), so a column of Chinese words
/// lines up; a wide character that does not fit whole is left out, never cut in half.
pub(crate) fn fit(s: &str, width: usize) -> String {
    let w = display_width(s);
    if w <= width {
        let mut out = String::with_capacity(s.len() + width - w);
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', width - w));
        return out;
    }
    if width == 0 {
        return String::new();
    }
    let (mut out, mut used) = (String::new(), 0);
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if used + cw > width - 1 {
            break;
        }
        used += cw;
        out.push(ch);
    }
    out.push('…');
    out.extend(std::iter::repeat_n(' ', width - 1 - used));
    out
}

/// `s` padded on the left to `width` columns (right-aligned), as `{:>width$}` pads ASCII.
pub(crate) fn right(s: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(s));
    format!("{}{s}", " ".repeat(pad))
}

/// The footer: key hints (each a key and the catalogue id of what it does), or a progress
/// bar while the source is still being read, or the reason it stopped.
fn footer(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, hints: &[(&str, &str)]) {
    let line = if !app.progress.done && !app.live {
        progress_line(&app.progress, usize::from(area.width), app.lang)
    } else if let Some(e) = &app.error {
        let text = app.lang.text("tui-stopped-early", &[("reason", e)]);
        Line::from(Span::styled(
            fit(&text, usize::from(area.width)),
            theme.error,
        ))
    } else {
        let mut spans = Vec::new();
        for (k, what) in hints {
            spans.push(Span::styled(*k, theme.key));
            spans.push(Span::raw(format!(" {}  ", app.lang.text(what, &[]))));
        }
        if app.live {
            let id = if app.progress.done {
                "tui-live-ended"
            } else {
                "tui-live"
            };
            spans.push(Span::styled(app.lang.text(id, &[]), theme.event));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// "indexing [#########.........] 45%  240,113 frames": characters, not colour, so that it
/// reads with NO_COLOR.
fn progress_line(p: &Progress, width: usize, lang: Lang) -> Line<'static> {
    let pct = (p.read.min(p.total) * 100)
        .checked_div(p.total)
        .map_or(0, |v| usize::try_from(v).unwrap_or(100));
    let frames = lang.text("tui-frames", &[("count", &p.frames.to_string())]);
    let tail = format!(" {pct:>3}%  {frames}");
    let head = lang.text("tui-indexing", &[]);
    // The head, a space and the two brackets, and a column to spare.
    let bar = width
        .saturating_sub(display_width(&head) + 4 + display_width(&tail))
        .clamp(0, 60);
    let done = bar * pct / 100;
    Line::from(format!(
        "{head} [{}{}]{tail}",
        "#".repeat(done),
        ".".repeat(bar - done)
    ))
}
