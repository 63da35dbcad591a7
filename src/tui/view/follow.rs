//! The follow pane: the conversation's bytes in stream order, the client's turns at the
//! margin and the server's indented, each turn opened by the words `read --follow` uses
//! (`client (seq 1):`), the frame that carried a chunk in the left margin, the cursor's line
//! reversed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit, footer};
use crate::track::Role;
use crate::tui::app::App;
use crate::tui::follow::{FollowPane, LineKind, MAX_KEPT, SERVER_INDENT, margin, text_width};

/// Title, the bordered pane, footer.
fn areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Lines of stream the pane shows at once for a terminal of `area`.
pub fn follow_lines(area: Rect) -> usize {
    let [_, body, _] = areas(area);
    usize::from(body.height.saturating_sub(2))
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(p) = &app.follow else { return };
    let [title, body, foot] = areas(area);
    let width = usize::from(area.width);
    let head = match app.conv_index_of(p.conv) {
        Some(v) => format!(
            "Follow {} conversation {}: client {} · server {}",
            v.conv.proto.name(),
            p.conv,
            v.conv.client,
            v.conv.server
        ),
        None => format!("Follow conversation {}", p.conv),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&head, width), theme.title)),
        title,
    );
    let shown = usize::from(body.height.saturating_sub(2));
    let m = margin(&p.items);
    let inner = usize::from(body.width.saturating_sub(2));
    let lines: Vec<Line<'_>> = (p.top..p.lines.len().min(p.top + shown))
        .map(|i| pane_line(p, i, m, inner, theme))
        .collect();
    let block = Block::bordered()
        .title(format!(" {} ", status(p)))
        .title_bottom(format!(" {} ", position(p, shown)));
    frame.render_widget(Paragraph::new(lines).block(block), body);
    footer(
        frame,
        foot,
        app,
        theme,
        &[
            ("j k", "move"),
            ("Enter", "packet"),
            ("g G", "first/last"),
            ("Esc", "back"),
            ("?", "keys"),
        ],
    );
}

/// What the pane holds: the bytes kept, and whether the cap cut them.
fn status(p: &FollowPane) -> String {
    if let Some(m) = &p.message {
        return m.clone();
    }
    let bytes = if p.kept == 1 { "byte" } else { "bytes" };
    if p.cut {
        format!(
            "the first {} MiB only: `wirelab read FILE --follow {}` shows all",
            MAX_KEPT >> 20,
            p.conv
        )
    } else if p.items.is_empty() {
        "no bytes: this conversation carried no data".into()
    } else {
        format!("{} {bytes} in stream order", p.kept)
    }
}

/// "line 3 of 40".
fn position(p: &FollowPane, shown: usize) -> String {
    let n = p.lines.len();
    if n <= shown {
        return format!("{n} lines");
    }
    format!("line {} of {n}", p.cursor + 1)
}

fn pane_line<'a>(p: &'a FollowPane, i: usize, m: usize, inner: usize, theme: &Theme) -> Line<'a> {
    let Some(l) = p.lines.get(i) else {
        return Line::default();
    };
    let side = match l.side {
        Role::Client => theme.client,
        Role::Server => theme.server,
    };
    let style = match l.kind {
        LineKind::Mark => side.patch(theme.title),
        LineKind::Note => side.patch(theme.event),
        LineKind::Text => side,
    };
    // The cursor is marked by a character too, so it shows without colour or reverse.
    let mark = if i == p.cursor { '▶' } else { ' ' };
    let w = m.saturating_sub(2);
    let gutter = match l.starts {
        Some(f) => format!("{mark}{f:>w$} "),
        None => format!("{mark}{:w$} ", ""),
    };
    let indent = if l.side == Role::Server {
        " ".repeat(SERVER_INDENT)
    } else {
        String::new()
    };
    let used = m + indent.len() + text_width(&l.text);
    let pad = " ".repeat(inner.saturating_sub(used));
    let mut spans = vec![
        Span::styled(
            gutter,
            if i == p.cursor {
                theme.focus
            } else {
                theme.dim
            },
        ),
        Span::raw(indent),
        Span::styled(l.text.as_str(), style),
        Span::raw(pad),
    ];
    if i == p.cursor {
        for s in &mut spans {
            s.style = s.style.patch(theme.selected);
        }
    }
    Line::from(spans)
}
