//! The packet list: one line per frame (number, time since the first frame, what it is),
//! the selected one reversed, a prompt for go-to-frame and search at the foot, and the
//! selected frame's packet pane below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, detail, fit, footer, layout, right};
use crate::tui::app::App;
use crate::tui::packets::Prompt;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let a = layout::packets(area);
    let p = &app.packets;
    let lang = app.lang;
    let t = |id: &str| lang.text(id, &[]);
    let mut title = vec![
        Span::styled("wirelab ", theme.title),
        Span::raw(format!(
            "{} · {} · {}",
            app.title,
            lang.text("tui-frames", &[("count", &app.frames.len().to_string())]),
            t("tui-packets-list")
        )),
    ];
    if let Some(kind) = p.only {
        let what = t(&format!("only-{}", kind.name()));
        let only = lang.text("only-title", &[("what", &what)]);
        title.push(Span::styled(format!(" · {only} (o)"), theme.event));
    }
    let title = Line::from(title);
    frame.render_widget(Paragraph::new(title), a.title);

    let last = app.frames.last().map_or(0, |f| f.frame);
    let fw = last.to_string().len().max(5);
    let first_ts = app.frames.first().map(|f| f.ts);
    let inner = usize::from(a.list.width.saturating_sub(2));
    let head = format!(
        "{} {}  {}",
        right(&t("tui-col-frame"), fw),
        right(&t("tui-col-time"), 12),
        t("tui-col-what")
    );
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
        lines.push(Line::from(Span::styled(t("tui-packets-none"), theme.dim)));
    }
    let input = format!("{}▏", p.input);
    let what = match (p.prompt, &p.message) {
        (Some(Prompt::Goto), _) => lang.text("tui-packets-goto", &[("input", &input)]),
        (Some(Prompt::Search), _) => lang.text("tui-packets-search", &[("input", &input)]),
        (None, Some(m)) => m.clone(),
        (None, None) => lang.text(
            "tui-packets-frame-of",
            &[
                ("frame", &selected_frame(app).to_string()),
                ("last", &last.to_string()),
            ],
        ),
    };
    let block_title = format!(" {} · {what} ", t("tui-packets-pane"));
    let block = Block::bordered().title(Span::styled(block_title, theme.focus));
    frame.render_widget(Paragraph::new(lines).block(block), a.list);
    if app.layers {
        // `L`: the selected frame's layers in place of its packet pane (ARP's too).
        super::layers::draw_in(frame, a.packet, app, theme, 0);
    } else {
        detail::packet(frame, a.packet, true, app, theme);
    }
    let hints: &[(&str, &str)] = if p.prompt.is_some() {
        &[
            ("Enter", "tui-hint-go"),
            ("Esc", "tui-hint-cancel"),
            ("Backspace", "tui-hint-delete"),
        ]
    } else {
        &[
            ("↑↓", "tui-hint-select"),
            ("0-9", "tui-hint-frame"),
            ("/", "tui-hint-search"),
            ("> <", "tui-hint-match"),
            ("[ ]", "tui-hint-field"),
            ("p", "tui-hint-back"),
            ("?", "tui-hint-help"),
        ]
    };
    footer(frame, a.footer, app, theme, hints);
}

fn selected_frame(app: &App) -> u64 {
    app.frames.get(app.packets.selected).map_or(0, |f| f.frame)
}
