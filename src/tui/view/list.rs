//! The conversation list: one line per conversation with client, server (ports annotated
//! with their RFC 6335 class), Zeek conn_state, handshake and teardown verdicts, packets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, fit, footer, layout, right};
use crate::annotate::lang::Lang;
use crate::annotate::text::display_width;
use crate::annotate::words::EndpointLabel;
use crate::annotate::{port, verdict};
use crate::track::{Endpoint, Proto};
use crate::tui::app::App;
use crate::tui::model::ConvSummary;

/// "10.0.0.1:80 (wk)", or for ICMP echo the address and the echo identifier.
fn endpoint(c: &ConvSummary, e: &Endpoint) -> String {
    match c.proto {
        Proto::IcmpEcho => EndpointLabel(c.proto, e).to_string(),
        _ => format!("{e} ({})", port::classify(e.port).short()),
    }
}

/// The packets column is at least as wide as its name, wider when the counts need it
/// ("50004/50003"), up to this.
const PKTS_MAX: usize = 15;

/// Column widths for the inner width: (endpoint, handshake, teardown; 0 = hidden, service).
/// On wide screens the teardown verdict takes what the other columns leave: the longest run
/// to 56 characters ("half-close, then three-way (FIN piggy-backed on the ACK)").
fn widths(inner: usize, pkts: usize) -> (usize, usize, usize, usize) {
    let (ep, hs, svc) = if inner >= 140 {
        (28, 16, 14)
    } else if inner >= 124 {
        (24, 12, 11)
    } else if inner >= 110 {
        (22, 10, 10)
    } else {
        let ep = inner.saturating_sub(5 + 1 + 6 + 1 + 10 + 1 + pkts + 3) / 2;
        return (ep, 10, 0, 0);
    };
    // id, both endpoints, protocol and service, state and handshake, packets, and a space
    // after each.
    let fixed = 6 + 2 * (ep + 1) + 5 + (svc + 1) + 7 + (hs + 1) + pkts + 1;
    (ep, hs, inner.saturating_sub(fixed).max(8), svc)
}

fn packets(c: &ConvSummary) -> String {
    format!("{}/{}", c.packets[0], c.packets[1])
}

/// One conversation's line; with `quiz`, its state, verdicts and packet counts are `?`: a
/// running challenge mode asks what they come to.
fn line_for(c: &ConvSummary, inner: usize, pkts: usize, (lang, quiz): (Lang, bool)) -> String {
    let (ep, hs, td, svc) = widths(inner, pkts);
    let hidden = |text: &str| {
        if quiz {
            "?".to_owned()
        } else {
            text.to_owned()
        }
    };
    let mut s = format!(
        "{:>5} {} {} ",
        c.id,
        fit(&endpoint(c, &c.client), ep),
        fit(&endpoint(c, &c.server), ep)
    );
    if svc > 0 {
        let name = port::Transport::of(c.proto)
            .and_then(|t| port::service(c.server.port, t))
            .unwrap_or("-");
        s.push_str(&format!("{} {} ", fit(c.proto.name(), 4), fit(name, svc)));
    }
    s.push_str(&format!(
        "{} {} ",
        fit(&hidden(c.conn_state().code()), 6),
        fit(
            &hidden(verdict::handshake_cell(lang, c.handshake_verdict())),
            hs
        )
    ));
    if td > 0 {
        let teardown = verdict::teardown_in(lang, c.teardown_verdict());
        s.push_str(&format!("{} ", fit(&hidden(teardown), td)));
    }
    let count = hidden(&packets(c));
    s.push_str(&format!("{:>pkts$}", fit(&count, pkts).trim_end()));
    s
}

fn header(inner: usize, pkts: usize, lang: Lang) -> String {
    let (ep, hs, td, svc) = widths(inner, pkts);
    let t = |id: &str| lang.text(id, &[]);
    let mut s = format!(
        "{} {} {} ",
        right(&t("tui-col-id"), 5),
        fit(&t("tui-col-client"), ep),
        fit(&t("tui-col-server"), ep)
    );
    if svc > 0 {
        s.push_str(&format!(
            "{} {} ",
            fit(&t("tui-col-prot"), 4),
            fit(&t("tui-col-iana-name"), svc)
        ));
    }
    s.push_str(&format!(
        "{} {} ",
        fit(&t("tui-col-state"), 6),
        fit(&t("tui-col-handshake"), hs)
    ));
    if td > 0 {
        s.push_str(&format!("{} ", fit(&t("tui-col-teardown"), td)));
    }
    s.push_str(&right(&t("tui-col-pkts"), pkts));
    s
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let a = layout::list(area);
    let l = &app.list;
    let frames = app.progress.frames;
    let lang = app.lang;
    let count = |id: &str, n: usize| lang.text(id, &[("count", &n.to_string())]);
    let mut title = vec![
        Span::styled("wirelab ", theme.title),
        Span::raw(format!(
            "{} · {} · {}",
            app.title,
            count("tui-conversations", app.convs.len()),
            lang.text("tui-frames", &[("count", &frames.to_string())])
        )),
    ];
    if !l.filter.is_empty() || l.typing {
        title.push(Span::raw(format!(
            " · {}",
            count("tui-shown", l.visible.len())
        )));
    }
    frame.render_widget(Paragraph::new(Line::from(title)), a.title);

    let inner = usize::from(a.table.width.saturating_sub(2));
    let sort = lang.text(l.sort.name_id(), &[]);
    let sorted = if l.reverse {
        "tui-list-sorted-reversed"
    } else {
        "tui-list-sorted"
    };
    let mut block_title = format!(" {} ", lang.text(sorted, &[("column", &sort)]));
    if l.typing || !l.filter.is_empty() {
        let filter = format!("{}{}", l.filter, if l.typing { "▏" } else { "" });
        block_title = format!(" {} ", lang.text("tui-list-filter", &[("filter", &filter)]));
    }
    let block = Block::bordered().title(Span::styled(block_title, theme.focus));
    let rows = layout::body_lines(a.table, 1);
    let shown = || l.visible.iter().skip(l.top).take(rows);
    let pkts = shown()
        .filter_map(|&i| app.convs.get(i))
        .map(|v| packets(&v.conv).len())
        .fold(
            display_width(&lang.text("tui-col-pkts", &[])) + 1,
            usize::max,
        )
        .min(PKTS_MAX);
    let mut lines = vec![Line::from(Span::styled(
        header(inner, pkts, lang),
        theme.header,
    ))];
    for (pos, &i) in l.visible.iter().enumerate().skip(l.top).take(rows) {
        let Some(v) = app.convs.get(i) else { continue };
        let text = line_for(&v.conv, inner, pkts, (lang, app.quiz.is_some()));
        let style = if pos == l.selected {
            theme.selected
        } else if v.is_empty() {
            theme.dim
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if l.visible.is_empty() {
        let msg = if !app.progress.done {
            "tui-list-reading"
        } else if app.convs.is_empty() {
            "tui-list-none"
        } else {
            "tui-list-no-match"
        };
        lines.push(Line::from(Span::styled(lang.text(msg, &[]), theme.dim)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), a.table);
    let hints: &[(&str, &str)] = if l.typing {
        &[
            ("Enter", "tui-hint-done"),
            ("Esc", "tui-hint-done"),
            ("Backspace", "tui-hint-delete"),
        ]
    } else {
        &[
            ("↑↓", "tui-hint-select"),
            ("Enter", "tui-hint-open"),
            ("f", "tui-hint-follow"),
            ("/", "tui-hint-filter"),
            ("s", "tui-hint-sort"),
            ("p", "tui-hint-packets"),
            ("?", "tui-hint-help"),
            ("q", "tui-hint-quit"),
        ]
    };
    footer(frame, a.footer, app, theme, hints);
}
