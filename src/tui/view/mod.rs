//! Widgets: each screen rendered from `&App`. Rendering never changes the app; whatever a
//! widget needs to scroll is in the state or computed from it (see [`layout`]).

mod detail;
mod follow;
mod help;
mod ladder;
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

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    match app.screen {
        Screen::Conversations => list::draw(frame, area, app, theme),
        Screen::Ladder => {
            let a = layout::ladder(area, app.ladder.pane == super::app::Pane::Packet);
            ladder::draw(frame, &a, app, theme);
            detail::draw(frame, &a, app, theme);
        }
        Screen::Packets => packets::draw(frame, area, app, theme),
        Screen::Follow => follow::draw(frame, area, app, theme),
    }
    if app.help {
        help::draw(frame, area, app, theme);
    }
}

/// `s` cut to `width` characters, with an ellipsis when cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return format!("{s:<width$}");
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// The footer: key hints, or a progress bar while the source is still being read, or the
/// reason it stopped.
fn footer(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, hints: &[(&str, &str)]) {
    let line = if !app.progress.done && !app.live {
        progress_line(&app.progress, usize::from(area.width))
    } else if let Some(e) = &app.error {
        Line::from(Span::styled(
            fit(&format!("stopped early: {e}"), usize::from(area.width)),
            theme.error,
        ))
    } else {
        let mut spans = Vec::new();
        for (k, what) in hints {
            spans.push(Span::styled(*k, theme.key));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        if app.live {
            spans.push(Span::styled(
                if app.progress.done {
                    "live: ended"
                } else {
                    "live"
                },
                theme.event,
            ));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// "indexing [#########.........] 45%  240,113 frames": characters, not colour, so that it
/// reads with NO_COLOR.
fn progress_line(p: &Progress, width: usize) -> Line<'static> {
    let pct = (p.read.min(p.total) * 100)
        .checked_div(p.total)
        .map_or(0, |v| usize::try_from(v).unwrap_or(100));
    let tail = format!(" {pct:>3}%  {} frames", p.frames);
    let bar = width.saturating_sub(12 + tail.len()).clamp(0, 60);
    let done = bar * pct / 100;
    Line::from(format!(
        "indexing [{}{}]{tail}",
        "#".repeat(done),
        ".".repeat(bar - done)
    ))
}
