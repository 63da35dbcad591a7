//! The packet list: one line per frame (number, time since the first frame, what it is),
//! the selected one reversed, a prompt for go-to-frame and search at the foot, and the
//! selected frame's packet pane below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, detail, fit, footer, layout};
use crate::tui::app::App;
use crate::tui::packets::Prompt;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let a = layout::packets(area);
    let p = &app.packets;
    let title = Line::from(vec![
        Span::styled("wirelab ", theme.title),
        Span::raw(format!(
            "{} · {} frames · packet list",
            app.title,
            app.frames.len()
        )),
    ]);
    frame.render_widget(Paragraph::new(title), a.title);

    let last = app.frames.last().map_or(0, |f| f.frame);
    let fw = last.to_string().len().max(5);
    let first_ts = app.frames.first().map(|f| f.ts);
    let inner = usize::from(a.list.width.saturating_sub(2));
    let head = format!("{:>fw$} {:>12}  {}", "frame", "time", "what");
    let mut lines = vec![Line::from(Span::styled(fit(&head, inner), theme.header))];
    for (i, text) in &p.shown {
        let Some(entry) = app.frames.get(*i) else {
            continue;
        };
        let time = first_ts.map_or(String::new(), |t0| entry.ts.since(t0).to_string());
        let s = format!(
            "{:>fw$} {:>12}  {text}",
            entry.frame,
            fit(&time, 12).trim_end()
        );
        let style = if *i == p.selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&s, inner), style)));
    }
    if app.frames.is_empty() {
        lines.push(Line::from(Span::styled("no frames", theme.dim)));
    }
    let block_title = match (p.prompt, &p.message) {
        (Some(Prompt::Goto), _) => format!(" Packets · go to frame: {}▏ ", p.input),
        (Some(Prompt::Search), _) => format!(" Packets · search: {}▏ ", p.input),
        (None, Some(m)) => format!(" Packets · {m} "),
        (None, None) => format!(" Packets · frame {} of {last} ", selected_frame(app)),
    };
    let block = Block::bordered().title(Span::styled(block_title, theme.focus));
    frame.render_widget(Paragraph::new(lines).block(block), a.list);
    detail::packet(frame, a.packet, true, app, theme);
    let hints: &[(&str, &str)] = if p.prompt.is_some() {
        &[("Enter", "go"), ("Esc", "cancel"), ("Backspace", "delete")]
    } else {
        &[
            ("↑↓", "select"),
            ("0-9", "frame"),
            ("/", "search"),
            ("> <", "match"),
            ("[ ]", "field"),
            ("p", "back"),
            ("?", "help"),
        ]
    };
    footer(frame, a.footer, app, theme, hints);
}

fn selected_frame(app: &App) -> u64 {
    app.frames.get(app.packets.selected).map_or(0, |f| f.frame)
}
