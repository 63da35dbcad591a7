//! The follow pane: the conversation's bytes in stream order, the client's turns at the
//! margin and the server's indented, each turn opened by the words `read --follow` uses
//! (`client (seq 1):`), the frame that carried a chunk in the left margin, the cursor's line
//! reversed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit, footer};
use crate::annotate::lang::Lang;
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
    let lang = app.lang;
    let id = p.conv.to_string();
    let head = match app.conv_index_of(p.conv) {
        Some(v) => lang.text(
            "tui-follow-title",
            &[
                ("proto", v.conv.proto.name()),
                ("id", &id),
                ("client", &v.conv.client.to_string()),
                ("server", &v.conv.server.to_string()),
            ],
        ),
        None => lang.text("tui-follow-title-bare", &[("id", &id)]),
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
        .title(format!(" {} ", status(p, lang)))
        .title_bottom(format!(" {} ", position(p, shown, lang)));
    frame.render_widget(Paragraph::new(lines).block(block), body);
    footer(
        frame,
        foot,
        app,
        theme,
        &[
            ("j k", "tui-hint-move"),
            ("Enter", "tui-hint-packet"),
            ("g G", "tui-hint-first-last"),
            ("Esc", "tui-hint-back"),
            ("?", "tui-hint-keys"),
        ],
    );
}

/// What the pane holds: the bytes kept, and whether the cap cut them.
fn status(p: &FollowPane, lang: Lang) -> String {
    if let Some(m) = &p.message {
        return m.clone();
    }
    if p.cut {
        let mib = (MAX_KEPT >> 20).to_string();
        lang.text(
            "tui-follow-cut",
            &[("mib", &mib), ("id", &p.conv.to_string())],
        )
    } else if p.items.is_empty() {
        lang.text("tui-follow-empty", &[])
    } else {
        lang.text("tui-follow-bytes", &[("count", &p.kept.to_string())])
    }
}

/// "line 3 of 40".
fn position(p: &FollowPane, shown: usize, lang: Lang) -> String {
    let n = p.lines.len().to_string();
    if p.lines.len() <= shown {
        return lang.text("tui-follow-lines", &[("count", &n)]);
    }
    let line = (p.cursor + 1).to_string();
    lang.text("tui-follow-line-of", &[("line", &line), ("count", &n)])
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
